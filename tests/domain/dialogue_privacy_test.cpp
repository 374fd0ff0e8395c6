// The dialogue log and a person's rights: their values found and replaced in free text, their export
// listing the activities and follow-ups about them, their erasure reaching the log, and retention
// emptying old notes while every count stays.
#include <catch2/catch.hpp>

#include <algorithm>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "domain/dialogue_privacy.hpp"
#include "domain/retention.hpp"
#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

Contact person(std::string name, std::optional<std::string> email = std::nullopt,
               std::optional<std::string> phone = std::nullopt) {
  Contact c;
  c.id = 7;
  c.name = std::move(name);
  c.email = std::move(email);
  c.phone = std::move(phone);
  return c;
}

ReferenceData withActivityKinds() {
  auto data = testReferenceData();
  data.activity_kinds = {{"visit", "Besøg", "Visit"}, {"phone_call", "Telefonopkald", "Phone call"}};
  return data;
}

struct DialogueFixture {
  TestStore store{withActivityKinds()};
  FixedClock clock{startOfTests()};
  brobygger::calendar::CopenhagenTimeZone zone;
  ContactService contacts{store, clock};
  Id org = addOrganisation(store, "Moskeforeningen Nord");
  Id other_org = addOrganisation(store, "Boldklubben Syd");
  Id admin_id = addUser(store, Role::admin, "admin@example.dk");
  Id officer_id = addUser(store, Role::officer, "officer@example.dk");
  Actor admin{admin_id, Role::admin, std::nullopt};
  Actor officer{officer_id, Role::officer, std::nullopt};
  Id anna = contactWithPhone(org, "Anna Ærø", "anna.aero@example.dk", "+45 12 34 56 78");
  Id bo = contactWithPhone(org, "Bo Berg", "bo@example.dk", "+45 87 65 43 21");

  Id contactWithPhone(Id organisationId, const std::string& name, const std::string& email, const std::string& phone) {
    const auto id = addContact(store, organisationId, name, email);
    auto uow = store.begin(Access::write);
    auto c = *uow->contacts().find(id);
    c.phone = phone;
    REQUIRE(uow->contacts().update(c, c.version));
    uow->commit();
    return id;
  }

  Id activity(Id organisationId, std::vector<Id> people, std::string subject, std::string notes,
              Timestamp occurred = startOfTests() - 24h) {
    Activity a;
    a.kind = "visit";
    a.occurred_at = occurred;
    a.organisation_id = organisationId;
    a.police_district_id = store.organisation(organisationId).police_district_id;
    a.contact_ids = std::move(people);
    a.user_id = officer_id;
    a.subject = std::move(subject);
    a.notes = std::move(notes);
    a.created_by = officer_id;
    a.created_at = a.updated_at = occurred;
    auto uow = store.begin(Access::write);
    const auto id = uow->activities().insert(a);
    uow->commit();
    return id;
  }

  Id followUp(Id organisationId, std::optional<Id> contactId, std::string title, FollowUpStatus status) {
    FollowUp f;
    f.organisation_id = organisationId;
    f.police_district_id = store.organisation(organisationId).police_district_id;
    f.contact_id = contactId;
    f.title = std::move(title);
    f.due_on = *LocalDate::parse("2026-03-20");
    f.assigned_user_id = officer_id;
    f.status = status;
    f.created_by = officer_id;
    f.created_at = f.updated_at = startOfTests();
    auto uow = store.begin(Access::write);
    const auto id = uow->followUps().insert(f);
    uow->commit();
    return id;
  }

  Activity storedActivity(Id id) {
    auto uow = store.begin(Access::read);
    return *uow->activities().find(id);
  }
  FollowUp storedFollowUp(Id id) {
    auto uow = store.begin(Access::read);
    return *uow->followUps().find(id);
  }
  std::vector<Id> subjectSearch(const std::string& q) {
    ActivityQuery query;
    query.q = q;
    auto uow = store.begin(Access::read);
    std::vector<Id> ids;
    for (const auto& a : uow->activities().list(query).items) ids.push_back(a.id);
    return ids;
  }
  std::vector<AuditEntry> auditOf(const std::string& resource) {
    AuditQuery query;
    query.resource = resource;
    query.page = {200, 0};
    auto uow = store.begin(Access::read);
    return uow->audit().search(query).items;
  }
};

}  // namespace

TEST_CASE("a person's name is replaced case-insensitively as whole words, also across line breaks",
          "[dialogue][privacy]") {
  const auto anna = person("Anna Ærø");
  CHECK(scrubPersonalValues("Møde med Anna Ærø om sommerlejr", anna) == "Møde med [slettet] om sommerlejr");
  CHECK(scrubPersonalValues("ANNA ÆRØ ringede. anna ærø kommer.", anna) == "[slettet] ringede. [slettet] kommer.");
  CHECK(scrubPersonalValues("Talte med Anna\n  Ærø i går", anna) == "Talte med [slettet] i går");
  CHECK(scrubPersonalValues("Anna Ærøs forslag", anna) == "[slettet]s forslag");  // the genitive s stays
  // Not a word of its own: another name that merely begins like it stays.
  CHECK(scrubPersonalValues("Hannah Anna Ærøsen og Anna Ærøby", anna) == "Hannah Anna Ærøsen og Anna Ærøby");
  CHECK(scrubPersonalValues("Intet om personen", anna) == "Intet om personen");
  // An erased person's placeholder name is nobody's value.
  CHECK(scrubPersonalValues("Anonym deltager kom", person(kErasedName)) == "Anonym deltager kom");
}

TEST_CASE("a person's email is replaced in any case", "[dialogue][privacy]") {
  const auto bo = person("Bo Berg", "Bo.Berg@Example.dk");
  CHECK(scrubPersonalValues("Skriv til bo.berg@example.dk eller BO.BERG@EXAMPLE.DK.", bo) ==
        "Skriv til [slettet] eller [slettet].");
  CHECK(scrubPersonalValues("<bo.berg@example.dk>", bo) == "<[slettet]>");
}

TEST_CASE("a person's phone number is replaced in its common written forms", "[dialogue][privacy]") {
  const auto carl = person("Carl Øst", std::nullopt, "+45 1234 5678");
  for (const std::string written :
       {"+45 1234 5678", "+45 12 34 56 78", "12345678", "12 34 56 78", "1234 5678", "+4512345678", "0045 12345678",
        "12-34-56-78", "1234-5678", "12.34.56.78", "(+45) 12 34 56 78"}) {
    INFO(written);
    CHECK(scrubPersonalValues("Ring på " + written + " i morgen", carl) == "Ring på [slettet] i morgen");
  }
  // Other numbers stay: a longer number containing it, a different one, an amount.
  CHECK(scrubPersonalValues("Konto 9912345678 og 12345679 og 1.234 kr", carl) ==
        "Konto 9912345678 og 12345679 og 1.234 kr");
  // A number too short to tell from other figures is left alone.
  CHECK(scrubPersonalValues("2026 var godt", person("X Y", std::nullopt, "2026")) == "2026 var godt");
}

TEST_CASE_METHOD(DialogueFixture, "an export lists the activities naming the person and the follow-ups about them",
                 "[dialogue][privacy][export]") {
  const auto named = activity(org, {anna}, "Besøg hos foreningen", "Anna vil gerne med i netværket");
  const auto older = activity(org, {anna, bo}, "Opkald", "", startOfTests() - 24h * 10);
  activity(org, {bo}, "Kun Bo", "Intet om hende");
  const auto about = followUp(org, anna, "Send materiale", FollowUpStatus::open);
  followUp(org, bo, "Ring til Bo", FollowUpStatus::open);

  const auto data = contacts.exportData(officer, anna);
  REQUIRE(data.activities.size() == 2);
  CHECK(data.activities[0].id == named);  // newest first
  CHECK(data.activities[0].notes == "Anna vil gerne med i netværket");
  CHECK(data.activities[1].id == older);
  CHECK(data.activities[1].contact_ids == std::vector<Id>{anna, bo});
  REQUIRE(data.follow_ups.size() == 1);
  CHECK(data.follow_ups[0].id == about);
  CHECK(data.organisation_names.at(org) == "Moskeforeningen Nord");
}

TEST_CASE_METHOD(DialogueFixture, "erasure takes the person out of the dialogue log and their values out of its text",
                 "[dialogue][privacy][erase]") {
  const auto named = activity(org, {anna, bo}, "Møde med Anna Ærø og Bo",
                              "anna.aero@example.dk, tlf. 12 34 56 78.\nAnna Ærøs idé: sommerlejr.");
  // Not naming her, but of her organisation: her values go from it too.
  const auto mentions = activity(org, {bo}, "Opkald til Bo", "Bo nævnte ANNA ÆRØ (+4512345678).");
  const auto untouched = activity(org, {bo}, "Opkald til Bo om lejren", "Intet personligt.");
  // Another organisation's activity, not naming her, is not hers to scrub.
  const auto elsewhere = activity(other_org, {}, "Anna Ærø nævnt", "Anna Ærø");
  const auto title = followUp(org, anna, "Ring til Anna Ærø på 12345678", FollowUpStatus::open);
  const auto doneTitle = followUp(org, std::nullopt, "Mail til anna.aero@example.dk", FollowUpStatus::done);
  const auto versionBefore = storedActivity(named).version;

  contacts.erase(admin, anna);

  const auto a = storedActivity(named);
  CHECK(a.contact_ids == std::vector<Id>{bo});
  CHECK(a.subject == "Møde med [slettet] og Bo");
  CHECK(a.notes == "[slettet], tlf. [slettet].\n[slettet]s idé: sommerlejr.");
  CHECK(a.version == versionBefore + 1);
  CHECK(storedActivity(mentions).notes == "Bo nævnte [slettet] ([slettet]).");
  CHECK(storedActivity(untouched).version == 1);
  CHECK(storedActivity(elsewhere).subject == "Anna Ærø nævnt");
  CHECK(storedFollowUp(title).title == "Ring til [slettet] på [slettet]");
  CHECK(storedFollowUp(title).contact_id == anna);  // the anonymous participant stays linked
  CHECK(storedFollowUp(doneTitle).title == "Mail til [slettet]");
  // The search text follows the subject.
  CHECK(subjectSearch("anna ærø") == std::vector<Id>{elsewhere});
  CHECK(subjectSearch("[slettet]") == std::vector<Id>{named});
  // Counts and derived columns stay.
  CHECK(store.count("activities") == 4);
  CHECK(store.count("follow_ups") == 2);
  CHECK(store.contact(anna).name == kErasedName);
  // Each rewritten activity and follow-up is audited, naming the person but holding none of her values.
  const auto activityAudit = auditOf("activity");
  CHECK(activityAudit.size() == 2);
  for (const auto& entry : activityAudit) {
    CHECK(entry.subjects == std::vector<Id>{anna});
    CHECK(entry.user_id == admin.user_id);
    for (const auto& field : entry.fields) {
      CHECK(field.personal);
      CHECK_FALSE(field.new_value);
    }
  }
  CHECK(auditOf("follow_up").size() == 2);
  CHECK(store.count("activity_contacts") == 3);  // Bo's three, and none of Anna's
}

TEST_CASE_METHOD(DialogueFixture, "an organisation's people are erased from the dialogue log in one unit of work",
                 "[dialogue][privacy][erase]") {
  const auto both = activity(org, {anna, bo}, "Anna Ærø og Bo Berg", "bo@example.dk / anna.aero@example.dk");
  const auto commitsBefore = store.commits();
  CHECK(contacts.eraseOrganisationContacts(admin, org) == 2);
  CHECK(store.commits() == commitsBefore + 1);
  const auto a = storedActivity(both);
  CHECK(a.contact_ids.empty());
  CHECK(a.subject == "[slettet] og [slettet]");
  CHECK(a.notes == "[slettet] / [slettet]");
}

TEST_CASE_METHOD(DialogueFixture, "a failed erasure leaves the dialogue log as it was", "[dialogue][privacy][erase]") {
  const auto named = activity(org, {anna}, "Møde med Anna Ærø", "");
  CHECK(errorOf([&] { contacts.erase(officer, anna); }).code() == ErrorCode::forbidden);
  CHECK(storedActivity(named).subject == "Møde med Anna Ærø");
  CHECK(storedActivity(named).contact_ids == std::vector<Id>{anna});
}

TEST_CASE_METHOD(DialogueFixture, "retention empties old notes and subjects, keeps kind, time, organisation and counts",
                 "[dialogue][retention]") {
  RetentionService retention{store, clock, zone, RetentionPolicy{24, 36, 60, 36}};
  const auto old = activity(org, {anna}, "Møde med Anna Ærø", "Lange noter", startOfTests() - 24h * 365 * 3 - 24h * 40);
  const auto recent = activity(org, {bo}, "Nyligt opkald", "Nye noter", startOfTests() - 24h * 365 * 2);

  const auto dry = retention.run(true);
  CHECK(dry.activity_notes_cleared == 1);
  CHECK(storedActivity(old).notes == "Lange noter");

  const auto done = retention.run(false);
  CHECK(done.activity_notes_cleared == 1);
  const auto a = storedActivity(old);
  CHECK(a.notes.empty());
  CHECK(a.subject == "(slettet efter 36 måneder)");
  CHECK(a.notes_cleared_at == clock.now());
  CHECK(a.kind == "visit");
  CHECK(a.organisation_id == org);
  CHECK(a.contact_ids == std::vector<Id>{anna});
  CHECK(subjectSearch("anna").empty());
  CHECK(storedActivity(recent).notes == "Nye noter");
  CHECK(store.count("activities") == 2);
  CHECK(retention.run(false).activity_notes_cleared == 0);  // nothing twice
  CHECK(auditOf("activity").size() == 1);
}

TEST_CASE_METHOD(DialogueFixture,
                 "a person named in a recent activity is not inactive, and an inactive one is scrubbed",
                 "[dialogue][retention]") {
  RetentionService retention{store, clock, zone, RetentionPolicy{24, 36, 60, 36}};
  activity(org, {bo}, "Opkald til Bo Berg", "", startOfTests() + 24h * 365 * 3);
  activity(org, {anna}, "Besøg", "", startOfTests());
  const auto title = followUp(org, std::nullopt, "Ring til Anna Ærø", FollowUpStatus::done);
  clock.advance(24h * 365 * 3 + 24h * 40);  // Anna's activity is now old, Bo's recent
  const auto done = retention.run(false);
  CHECK(done.inactive_people_erased == 1);
  CHECK(store.contact(anna).name == kErasedName);
  CHECK(store.contact(bo).name == "Bo Berg");
  CHECK(storedFollowUp(title).title == "Ring til [slettet]");
}
