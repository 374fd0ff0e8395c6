// Likely duplicates, merge and undo over HTTP: what moves, what the overviews say before and after,
// the better registration winning, the refusals, and undo putting everything back.
// (The 30-day limit of undo is tested in tests/domain/merge_service_test.cpp with a clock it controls.)
#include <algorithm>
#include <cstdio>
#include <string>

#include "api_world.hpp"
#include "request_values.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.body.empty() ? json() : reply.json();
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }
std::string text(long long id) { return std::to_string(id); }

std::string encoded(const std::string& value) {
  std::string out;
  for (const char c : value) out += c == ' ' ? std::string("%20") : std::string(1, c);
  return out;
}

long long organisation(const json& body) { return idOf(ok(as("officer", "POST", "/api/v1/organisations", body), 201)); }

long long person(const json& body) { return idOf(ok(as("officer", "POST", "/api/v1/contacts", body), 201)); }

long long pastEvent(const std::string& title, const std::string& start, const std::string& end) {
  const auto created = ok(as("officer", "POST", "/api/v1/events",
                             json{{"kind", "seminar"}, {"title", title}, {"starts_at", start}, {"ends_at", end}}),
                          201);
  ok(as("officer", "POST", "/api/v1/events/" + text(idOf(created)) + "/publish"));
  return idOf(created);
}

long long registration(long long eventId, long long contact) {
  return idOf(ok(
      as("officer", "POST", "/api/v1/events/" + text(eventId) + "/registrations", json{{"contact_id", contact}}), 201));
}

void checkIn(long long registrationId) {
  ok(as("officer", "POST", "/api/v1/registrations/" + text(registrationId) + "/check-in"));
}

json totals() {
  return ok(as("officer", "GET", "/api/v1/reports/engagement?from=2025-01-01&to=2025-06-30")).at("total");
}

bool listsPair(const std::string& path, long long x, long long y, const std::string& reason) {
  const auto a = std::min(x, y), b = std::max(x, y);
  for (long long offset = 0;; offset += 200) {
    const auto page = ok(as("officer", "GET", path + "?limit=200&offset=" + std::to_string(offset)));
    for (const auto& item : page.at("items")) {
      if (item.at("a") == a && item.at("b") == b) {
        const auto& reasons = item.at("reasons");
        CHECK(item.at("score").get<double>() > 0.0);
        CHECK(item.at("score").get<double>() <= 1.0);
        return std::find(reasons.begin(), reasons.end(), reason) != reasons.end();
      }
    }
    if (offset + 200 >= page.at("total").get<long long>()) return false;
  }
}

json latestMerge(const std::string& kind) {
  const auto page = ok(as("officer", "GET", "/api/v1/merges?kind=" + kind + "&limit=1"));
  REQUIRE(page.at("items").size() == 1);
  return page.at("items").at(0);
}

}  // namespace

TEST_CASE("merging two organisations moves everything, keeps the overview exact, and undo puts it back", "[merge]") {
  const auto stem = uniqueText("Fletteklubben");
  const auto kept = organisation({{"name", stem}, {"kind", "sports_club"}, {"municipality_id", 751}});
  const auto other = organisation({{"name", "  " + stem + "."},
                                   {"kind", "sports_club"},
                                   {"municipality_id", 751},
                                   {"address", "Flettevej 1, 8000 Aarhus C"},
                                   {"website", "https://flettebroen.example.dk"}});
  person({{"organisation_id", kept}, {"name", uniqueText("Alma Holm")}});
  const auto otherPerson = person({{"organisation_id", other}, {"name", uniqueText("Bo Holm")}});
  const auto otherPerson2 = person({{"organisation_id", other}, {"name", uniqueText("Carl Holm")}});
  // The other organisation's people attended an event in the overview's period.
  const auto event = pastEvent(uniqueText("Flette-seminar"), "2025-03-04T09:00:00Z", "2025-03-04T11:00:00Z");
  checkIn(registration(event, otherPerson));
  registration(event, otherPerson2);  // booked, not attended
  ok(as("officer", "POST", "/api/v1/activities",
        json{{"kind", "visit"},
             {"occurred_at", "2025-03-05T10:00:00Z"},
             {"organisation_id", other},
             {"contact_ids", {otherPerson}},
             {"subject", "Besøg"}}),
     201);
  ok(as("officer", "POST", "/api/v1/follow-ups",
        json{{"organisation_id", other}, {"title", "Ring tilbage"}, {"due_on", "2030-01-15"}}),
     201);

  REQUIRE(listsPair("/api/v1/organisations/duplicates", kept, other, "same_name"));
  const auto before = totals();

  SECTION("refusals name from_id") {
    auto reply = as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", kept}});
    checkProblem(reply, 422);
    CHECK(hasFieldError(reply, "from_id"));
    const auto association = organisation({{"name", stem}, {"kind", "youth_club"}, {"municipality_id", 751}});
    reply = as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", association}});
    checkProblem(reply, 422);
    CHECK(hasFieldError(reply, "from_id"));
    reply = as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", 999999999}});
    checkProblem(reply, 404);
    reply = as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", "x"}});
    CHECK(reply.status == 422);
  }

  SECTION("merge, then undo") {
    const auto merged =
        ok(as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", other}}));
    CHECK(merged.at("id") == kept);
    CHECK(merged.at("status") == "active");
    CHECK(merged.at("address") == "Flettevej 1, 8000 Aarhus C");  // an empty field filled from the other
    CHECK(merged.at("website") == "https://flettebroen.example.dk");
    CHECK(merged.at("merged_into_id").is_null());
    CHECK(merged.at("open_follow_ups") == 1);
    CHECK(merged.at("last_attended_at").is_string());

    const auto gone = ok(as("officer", "GET", "/api/v1/organisations/" + text(other)));
    CHECK(gone.at("status") == "merged");
    CHECK(gone.at("merged_into_id") == kept);
    // Left out of lists (any status), still readable by id.
    const auto listed = ok(as("officer", "GET", "/api/v1/organisations?status=all&q=" + encoded(stem)));
    REQUIRE(listed.at("total") == 1);
    CHECK(listed.at("items").at(0).at("id") == kept);
    CHECK(ok(as("officer", "GET", "/api/v1/organisations/" + text(kept) + "/contacts")).at("total") == 3);
    // Patching a merged organisation is refused; merging it again names from_id.
    checkProblem(as("officer", "PATCH", "/api/v1/organisations/" + text(other), json{{"name", "Nyt navn"}}), 409);
    auto again = as("officer", "POST", "/api/v1/organisations/" + text(kept) + "/merge", json{{"from_id", other}});
    checkProblem(again, 422);
    CHECK(hasFieldError(again, "from_id"));
    CHECK_FALSE(listsPair("/api/v1/organisations/duplicates", kept, other, "same_name"));

    // The overview's figures about people and seats are the same; one active organisation fewer.
    auto after = totals();
    CHECK(after.at("active_organisations").get<int>() == before.at("active_organisations").get<int>() - 1);
    for (const auto* figure :
         {"organisations_reached", "contacts_reached", "events_held", "registrations", "attended", "no_show"})
      CHECK(after.at(figure) == before.at(figure));

    const auto journal = latestMerge("organisation");
    CHECK(journal.at("kept_id") == kept);
    CHECK(journal.at("from_id") == other);
    CHECK(journal.at("undoable") == true);
    CHECK(journal.at("counts").at("contacts") == 2);
    CHECK(journal.at("counts").at("registrations") == 2);
    CHECK(journal.at("counts").at("activities") == 1);
    CHECK(journal.at("counts").at("follow_ups") == 1);
    CHECK(journal.at("fields_filled") == json({"address", "website"}));

    const auto undone = ok(as("officer", "POST", "/api/v1/merges/" + text(idOf(journal)) + "/undo"));
    CHECK(undone.at("undone_at").is_string());
    CHECK(undone.at("undoable") == false);
    const auto back = ok(as("officer", "GET", "/api/v1/organisations/" + text(other)));
    CHECK(back.at("status") == "active");
    CHECK(back.at("merged_into_id").is_null());
    CHECK(back.at("open_follow_ups") == 1);
    const auto keptAgain = ok(as("officer", "GET", "/api/v1/organisations/" + text(kept)));
    CHECK(keptAgain.at("address").is_null());
    CHECK(keptAgain.at("website").is_null());
    CHECK(keptAgain.at("open_follow_ups") == 0);
    CHECK(ok(as("officer", "GET", "/api/v1/organisations/" + text(other) + "/contacts")).at("total") == 2);
    CHECK(ok(as("officer", "GET", "/api/v1/organisations/" + text(kept) + "/contacts")).at("total") == 1);
    CHECK(totals() == before);
    CHECK(listsPair("/api/v1/organisations/duplicates", kept, other, "same_name"));
    checkProblem(as("officer", "POST", "/api/v1/merges/" + text(idOf(journal)) + "/undo"), 409);
  }
}

TEST_CASE("merging two people: the better registration stays, the other person is erased, undo moves back", "[merge]") {
  const auto org =
      organisation({{"name", uniqueText("Personfletning")}, {"kind", "sports_club"}, {"municipality_id", 101}});
  const auto name = uniqueText("Karen Fletsen");
  const auto keptPerson = person({{"organisation_id", org}, {"name", name}, {"phone", "20 30 40 50"}});
  auto email = uniqueText("karen.fletsen") + "@example.dk";
  std::replace(email.begin(), email.end(), ' ', '-');
  const auto otherPerson =
      person({{"organisation_id", org}, {"name", " " + name + " "}, {"email", email}, {"title", "Formand"}});
  REQUIRE(listsPair("/api/v1/contacts/duplicates", keptPerson, otherPerson, "same_name"));

  const auto event = pastEvent(uniqueText("Personseminar"), "2025-04-01T09:00:00Z", "2025-04-01T11:00:00Z");
  const auto keptRegistration = registration(event, keptPerson);  // confirmed
  const auto otherRegistration = registration(event, otherPerson);
  checkIn(otherRegistration);  // attended: the better one
  const auto before = totals();

  const auto merged =
      ok(as("officer", "POST", "/api/v1/contacts/" + text(keptPerson) + "/merge", json{{"from_id", otherPerson}}));
  CHECK(merged.at("email") == email);  // filled from the other
  CHECK(merged.at("title") == "Formand");
  CHECK(merged.at("phone") == "+45 2030 4050");
  const auto erased = ok(as("admin", "GET", "/api/v1/contacts/" + text(otherPerson)));
  CHECK(erased.at("erased_at").is_string());
  CHECK(erased.at("email").is_null());

  // One registration stays with the kept person: the attended one.
  const auto registrations = ok(as("officer", "GET", "/api/v1/events/" + text(event) + "/registrations?limit=200"));
  int keptCount = 0;
  for (const auto& r : registrations.at("items")) {
    if (r.at("contact_id") == keptPerson) {
      ++keptCount;
      CHECK(r.at("status") == "attended");
      CHECK(r.at("id") == otherRegistration);
    }
    if (r.at("id") == keptRegistration) CHECK(r.at("status") == "cancelled");
  }
  CHECK(keptCount == 1);
  const auto after = totals();
  CHECK(after.at("attended") == before.at("attended"));
  CHECK(after.at("contacts_reached") == before.at("contacts_reached"));

  auto self = as("officer", "POST", "/api/v1/contacts/" + text(keptPerson) + "/merge", json{{"from_id", keptPerson}});
  checkProblem(self, 422);
  CHECK(hasFieldError(self, "from_id"));
  auto twice = as("officer", "POST", "/api/v1/contacts/" + text(keptPerson) + "/merge", json{{"from_id", otherPerson}});
  checkProblem(twice, 422);
  CHECK(hasFieldError(twice, "from_id"));

  const auto journal = latestMerge("contact");
  CHECK(journal.at("kept_id") == keptPerson);
  CHECK(journal.at("counts").at("registrations") == 1);
  CHECK(journal.at("counts").at("registrations_cancelled") == 1);
  ok(as("officer", "POST", "/api/v1/merges/" + text(idOf(journal)) + "/undo"));
  const auto restored = ok(as("officer", "GET", "/api/v1/contacts/" + text(keptPerson)));
  CHECK(restored.at("email").is_null());
  CHECK(restored.at("title").is_null());
  // Bound first: a range-for over a member of a temporary reads freed memory (found by ASan).
  const auto afterUndo = ok(as("officer", "GET", "/api/v1/events/" + text(event) + "/registrations?limit=200"));
  for (const auto& r : afterUndo.at("items")) {
    if (r.at("id") == keptRegistration) {
      CHECK(r.at("status") == "confirmed");
      CHECK(r.at("contact_id") == keptPerson);
    }
    if (r.at("id") == otherRegistration) {
      CHECK(r.at("status") == "attended");
      CHECK(r.at("contact_id") == otherPerson);  // back with the anonymous participant
    }
  }
  CHECK(totals() == before);
}

TEST_CASE("a pair marked not a duplicate is no longer listed", "[merge]") {
  const auto stem = uniqueText("Ikke-dublet Forening");
  const auto a = organisation({{"name", stem}, {"kind", "sports_club"}, {"municipality_id", 101}});
  const auto b = organisation({{"name", stem}, {"kind", "sports_club"}, {"municipality_id", 101}});
  REQUIRE(listsPair("/api/v1/organisations/duplicates", a, b, "same_name"));
  ok(as("officer", "POST", "/api/v1/organisations/duplicates/dismissals", json{{"a", b}, {"b", a}}), 204);
  CHECK_FALSE(listsPair("/api/v1/organisations/duplicates", a, b, "same_name"));
  auto bad = as("officer", "POST", "/api/v1/organisations/duplicates/dismissals", json{{"a", a}});
  checkProblem(bad, 422);
  CHECK(hasFieldError(bad, "b"));
  checkProblem(as("manager", "GET", "/api/v1/organisations/duplicates"), 403);
}
