// The dialogue log's privacy reads and writes: who an activity names, an organisation's or a person's
// activities and follow-ups, rewriting their text (with the search text), taking a person out, and
// retention emptying old notes.
#include "tests/storage/contract/contract_support.hpp"

using namespace brobygger;
using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace brobygger::testing::contract;

namespace {

struct DialogueWorld : World {
  Id officer = 0;
  Id a1 = 0, a2 = 0, a3 = 0, b1 = 0;
  Id f1 = 0, f2 = 0, f3 = 0;

  Activity activity(Id organisationId, std::vector<Id> people, std::string subject, Timestamp occurred) const {
    Activity a;
    a.kind = "visit";
    a.occurred_at = occurred;
    a.organisation_id = organisationId;
    a.police_district_id = organisationId == org_a ? 11 : 2;
    a.contact_ids = std::move(people);
    a.user_id = officer;
    a.subject = std::move(subject);
    a.notes = "Noter om " + a.subject;
    a.created_by = officer;
    a.created_at = a.updated_at = occurred;
    return a;
  }

  FollowUp followUp(Id organisationId, std::optional<Id> contactId, std::string title, const std::string& due) const {
    FollowUp f;
    f.organisation_id = organisationId;
    f.police_district_id = organisationId == org_a ? 11 : 2;
    f.contact_id = contactId;
    f.title = std::move(title);
    f.due_on = *LocalDate::parse(due);
    f.assigned_user_id = officer;
    f.created_by = officer;
    f.created_at = f.updated_at = at(2026, 1, 1);
    return f;
  }

  DialogueWorld() {
    committed([&](UnitOfWork& uow) {
      officer = uow.users().insert(user("officer@example.dk", "Olga Officer"));
      a1 = uow.activities().insert(activity(org_a, {anna, bo}, "Møde med Anna", at(2022, 5, 1, 9)));
      a2 = uow.activities().insert(activity(org_a, {bo}, "Opkald til Bo", at(2026, 2, 1, 9)));
      a3 = uow.activities().insert(activity(org_a, {anna}, "Besøg hos Anna", at(2026, 3, 1, 9)));
      // Carl's organisation, but naming Anna too (she worked there before): hers as well.
      b1 = uow.activities().insert(activity(org_b, {carl}, "Netværksmøde", at(2023, 1, 1, 9)));
      f1 = uow.followUps().insert(followUp(org_a, anna, "Ring til Anna", "2026-04-01"));
      f2 = uow.followUps().insert(followUp(org_a, std::nullopt, "Send materiale", "2026-03-01"));
      f3 = uow.followUps().insert(followUp(org_b, anna, "Anna hos B", "2026-02-01"));
    });
  }
};

std::vector<Id> idsOf(const std::vector<Activity>& items) {
  std::vector<Id> ids;
  for (const auto& a : items) ids.push_back(a.id);
  return ids;
}
std::vector<Id> idsOf(const std::vector<FollowUp>& items) {
  std::vector<Id> ids;
  for (const auto& f : items) ids.push_back(f.id);
  return ids;
}

}  // namespace

TEST_CASE("the activities naming a person come newest first with their people", "[contract][dialogue]") {
  DialogueWorld w;
  auto uow = w.read();
  const auto anna = uow->activities().naming(w.anna);
  CHECK(idsOf(anna) == std::vector<Id>{w.a3, w.a1});
  CHECK(anna[1].contact_ids == std::vector<Id>{w.anna, w.bo});
  CHECK(idsOf(uow->activities().naming(w.bo)) == std::vector<Id>{w.a2, w.a1});
  CHECK(uow->activities().naming(9999).empty());
}

TEST_CASE("an organisation's activities and those naming a person, and the follow-ups alike", "[contract][dialogue]") {
  DialogueWorld w;
  auto uow = w.read();
  CHECK(idsOf(uow->activities().ofOrganisationOrNaming(w.org_b, w.anna)) == std::vector<Id>{w.a1, w.a3, w.b1});
  CHECK(idsOf(uow->activities().ofOrganisationOrNaming(w.org_b, w.carl)) == std::vector<Id>{w.b1});
  CHECK(idsOf(uow->followUps().about(w.anna)) == std::vector<Id>{w.f3, w.f1});  // by due date
  CHECK(idsOf(uow->followUps().ofOrganisationOrAbout(w.org_a, w.carl)) == std::vector<Id>{w.f1, w.f2});
  CHECK(idsOf(uow->followUps().ofOrganisationOrAbout(w.org_b, w.anna)) == std::vector<Id>{w.f1, w.f3});
}

TEST_CASE("rewriting an activity's text changes subject, notes and search text only", "[contract][dialogue]") {
  DialogueWorld w;
  const auto before = *w.read()->activities().find(w.a1);
  w.committed([&](UnitOfWork& uow) { uow.activities().rewriteText(w.a1, "Møde med [slettet]", "", at(2026, 6, 1)); });
  auto uow = w.read();
  const auto after = *uow->activities().find(w.a1);
  CHECK(after.subject == "Møde med [slettet]");
  CHECK(after.notes.empty());
  CHECK(after.version == before.version + 1);
  CHECK(after.updated_at == at(2026, 6, 1));
  CHECK(after.occurred_at == before.occurred_at);
  CHECK(after.contact_ids == before.contact_ids);
  ActivityQuery q;
  q.q = "ANNA";
  CHECK(uow->activities().list(q).total == 1);  // a3 only
  q.q = "[slettet]";
  CHECK(uow->activities().list(q).items.at(0).id == w.a1);
}

TEST_CASE("rewriting a follow-up's title changes the title only", "[contract][dialogue]") {
  DialogueWorld w;
  w.committed([&](UnitOfWork& uow) { uow.followUps().rewriteTitle(w.f1, "Ring til [slettet]", at(2026, 6, 1)); });
  const auto f = *w.read()->followUps().find(w.f1);
  CHECK(f.title == "Ring til [slettet]");
  CHECK(f.contact_id == w.anna);
  CHECK(f.version == 2);
  CHECK(f.due_on.iso() == "2026-04-01");
}

TEST_CASE("a person taken out of the dialogue log leaves the others named", "[contract][dialogue]") {
  DialogueWorld w;
  CHECK(w.committed([&](UnitOfWork& uow) { return uow.activities().forgetContact(w.anna); }) == 2);
  auto uow = w.read();
  CHECK(uow->activities().naming(w.anna).empty());
  CHECK(uow->activities().find(w.a1)->contact_ids == std::vector<Id>{w.bo});
  CHECK(uow->activities().find(w.a3)->contact_ids.empty());
  CHECK(uow->activities().list({}).total == 4);
}

TEST_CASE("retention counts and empties the notes of activities before the cutoff, once", "[contract][dialogue]") {
  DialogueWorld w;
  const auto cutoff = at(2023, 6, 1);
  CHECK(w.read()->retention().activityNotesBefore(cutoff) == 2);  // a1, b1
  CHECK(w.committed([&](UnitOfWork& uow) {
    return uow.retention().clearActivityNotes(cutoff, "(slettet efter 36 måneder)", at(2026, 6, 1));
  }) == 2);
  auto uow = w.read();
  const auto a1 = *uow->activities().find(w.a1);
  CHECK(a1.notes.empty());
  CHECK(a1.subject == "(slettet efter 36 måneder)");
  CHECK(a1.notes_cleared_at == at(2026, 6, 1));
  CHECK(a1.kind == "visit");
  CHECK(a1.organisation_id == w.org_a);
  CHECK(a1.contact_ids == std::vector<Id>{w.anna, w.bo});
  CHECK(uow->activities().find(w.a2)->notes == "Noter om Opkald til Bo");
  CHECK_FALSE(uow->activities().find(w.a2)->notes_cleared_at);
  ActivityQuery q;
  q.q = "slettet efter";
  CHECK(uow->activities().list(q).total == 2);
  CHECK(uow->retention().activityNotesBefore(cutoff) == 0);
}
