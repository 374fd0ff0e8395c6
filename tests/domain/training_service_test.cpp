// Trainings for partner authorities (issue 16): the overview's counting (distinct people, completed
// trainings only, by the organisation's kind and district, period edges), the suppression of small
// numbers for managers, district-limited officers, a person's record and the certificate's words.
#include <catch2/catch.hpp>

#include "domain/report_service.hpp"
#include "domain/training_service.hpp"
#include "tests/domain/event_fixture.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using namespace std::chrono_literals;

namespace {

struct TrainingFixture : EventFixture {
  ReportService reports{store, catalog, clock, zone};
  TrainingService trainings{store, clock, zone};
  // A municipality (a public authority) in Aarhus, Østjyllands Politi.
  Id authority = organisation("Aarhus Kommune", "municipality", 751);

  Id organisation(const std::string& name, const std::string& kind, int municipality) {
    const auto id = addOrganisation(store, name, municipality);
    auto uow = store.begin(Access::write);
    auto o = *uow->organisations().find(id);
    o.kind = kind;
    uow->organisations().update(o, o.version);
    uow->commit();
    return id;
  }

  // An event of `kind` at `hour`:`minute` Copenhagen time on `date`, stored past the services.
  Id event(const LocalDate& date, const std::string& kind = "training", EventStatus status = EventStatus::completed,
           unsigned hour = 9, unsigned minute = 0, std::chrono::minutes length = 7h) {
    Event e;
    e.details.kind = kind;
    e.details.title = "Kursus: Tidlige tegn på radikalisering";
    e.starts_at = zone.toUtc({date.year, date.month, date.day, hour, minute});
    e.ends_at = e.starts_at + length;
    e.status = status;
    e.created_at = e.updated_at = e.starts_at - 24h * 30;
    auto uow = store.begin(Access::write);
    const auto id = uow->events().insert(e);
    uow->commit();
    return id;
  }

  Id seat(Id eventId, Id organisationId, Id contactId, RegistrationStatus status) {
    Registration r;
    r.event_id = eventId;
    r.organisation_id = organisationId;
    r.contact_id = contactId;
    r.status = status;
    r.registered_at = r.updated_at = store.event(eventId).starts_at - 24h;
    auto uow = store.begin(Access::write);
    const auto id = uow->registrations().insert(r);
    uow->commit();
    return id;
  }

  TrainingQuery january(TrainingGrouping grouping = TrainingGrouping::organisation_kind) const {
    return {{2026, 1, 1}, {2026, 1, 31}, grouping};
  }
};

const TrainingRow& rowOf(const TrainingReport& report, const std::string& key) {
  for (const auto& r : report.rows)
    if (r.key == key) return r;
  FAIL("no row " << key);
  return report.rows.front();
}

const TrainingCrossRow& crossRowOf(const TrainingReport& report, const std::string& kind) {
  for (const auto& r : report.cross.rows)
    if (r.organisation_kind == kind) return r;
  FAIL("no cross row " << kind);
  return report.cross.rows.front();
}

std::size_t districtColumn(const TrainingReport& report, int district) {
  for (std::size_t i = 0; i < report.cross.districts.size(); ++i)
    if (report.cross.districts[i].id == district) return i;
  FAIL("no district column " << district);
  return 0;
}

}  // namespace

TEST_CASE("trainings overview counts distinct people at completed trainings by their organisation", "[trainings]") {
  TrainingFixture f;
  const auto first = f.event({2026, 1, 5}), second = f.event({2026, 1, 20});
  const auto ane = f.person(f.authority, "Ane Ærø"), bo = f.person(f.authority, "Bo Berg");
  const auto carl = f.person(f.org_c, "Carl Aalborg");
  f.seat(first, f.authority, ane, RegistrationStatus::attended);
  f.seat(second, f.authority, ane, RegistrationStatus::attended);  // the same person twice: one person
  f.seat(first, f.authority, bo, RegistrationStatus::no_show);     // not trained
  f.seat(second, f.org_c, carl, RegistrationStatus::attended);
  // Not counted: a seminar, a training not yet closed, one cancelled, one outside the period.
  const auto dan = f.person(f.org_a, "Dan Dansk");
  f.seat(f.event({2026, 1, 6}, "seminar"), f.org_a, dan, RegistrationStatus::attended);
  f.seat(f.event({2026, 1, 7}, "training", EventStatus::published), f.org_a, dan, RegistrationStatus::attended);
  f.seat(f.event({2026, 1, 8}, "training", EventStatus::cancelled), f.org_a, dan, RegistrationStatus::attended);
  f.seat(f.event({2026, 2, 1}), f.org_a, dan, RegistrationStatus::attended);

  const auto report = f.reports.trainings(f.officer, f.january());
  CHECK_FALSE(report.small_numbers_suppressed);
  const auto& municipality = rowOf(report, "municipality");
  CHECK(municipality.figures.people.value == 1);
  CHECK(municipality.figures.trainings == 2);
  CHECK(municipality.figures.organisations == 1);
  CHECK(rowOf(report, "sports_club").figures.people.value == 1);
  CHECK(report.total.figures.people.value == 2);
  CHECK(report.total.figures.trainings == 2);
  // By the organisation's district (Aarhus: 2, Aalborg: 1), not the event's (which has none).
  CHECK(crossRowOf(report, "municipality").cells[districtColumn(report, 2)].value == 1);
  CHECK(crossRowOf(report, "municipality").cells[districtColumn(report, 1)].value == 0);
  CHECK(crossRowOf(report, "sports_club").cells[districtColumn(report, 1)].value == 1);
  CHECK(report.cross.district_totals[districtColumn(report, 2)].value == 1);
  CHECK(report.cross.total.value == 2);

  const auto byDistrict = f.reports.trainings(f.officer, f.january(TrainingGrouping::police_district));
  CHECK(rowOf(byDistrict, "2").figures.people.value == 1);
  CHECK(rowOf(byDistrict, "1").figures.people.value == 1);
  CHECK(rowOf(byDistrict, "11").figures.people.value == 0);
  const auto byOrganisation = f.reports.trainings(f.officer, f.january(TrainingGrouping::organisation));
  REQUIRE(byOrganisation.rows.size() == 2);
  CHECK(rowOf(byOrganisation, std::to_string(f.authority)).label_da == "Aarhus Kommune");
  // February holds the fourth training.
  CHECK(f.reports.trainings(f.officer, {{2026, 2, 1}, {2026, 2, 28}, TrainingGrouping::organisation_kind})
            .total.figures.people.value == 1);
}

TEST_CASE("trainings overview: a training belongs to the Copenhagen day it starts", "[trainings]") {
  TrainingFixture f;
  const auto ane = f.person(f.authority, "Ane"), bo = f.person(f.authority, "Bo");
  // 00:30 on 1 January in Copenhagen is still 31 December in UTC; 23:30 on 31 January is 22:30Z.
  f.seat(f.event({2026, 1, 1}, "training", EventStatus::completed, 0, 30, 2h), f.authority, ane,
         RegistrationStatus::attended);
  f.seat(f.event({2026, 1, 31}, "training", EventStatus::completed, 23, 30, 30min), f.authority, bo,
         RegistrationStatus::attended);
  f.seat(f.event({2026, 2, 1}, "training", EventStatus::completed, 0, 15, 1h), f.authority, f.person(f.authority, "Cy"),
         RegistrationStatus::attended);
  CHECK(f.reports.trainings(f.officer, f.january()).total.figures.people.value == 2);
  CHECK(f.reports.trainings(f.officer, {{2026, 1, 2}, {2026, 1, 31}, TrainingGrouping::organisation_kind})
            .total.figures.people.value == 1);
  const auto backwards = [&] {
    f.reports.trainings(f.officer, {{2026, 2, 1}, {2026, 1, 1}, TrainingGrouping::organisation_kind});
  };
  CHECK_THROWS_AS(backwards(), DomainError);
  CHECK_THROWS_AS(f.reports.trainings(f.partner_a, f.january()), DomainError);
}

TEST_CASE("trainings overview suppresses small numbers for managers, primary and secondary", "[trainings]") {
  TrainingFixture f;
  const auto training = f.event({2026, 1, 5});
  for (int i = 0; i < 6; ++i)
    f.seat(training, f.org_a, f.person(f.org_a, "Aarhus " + std::to_string(i)), RegistrationStatus::attended);
  for (int i = 0; i < 2; ++i)
    f.seat(training, f.org_c, f.person(f.org_c, "Aalborg " + std::to_string(i)), RegistrationStatus::attended);

  const auto exact = f.reports.trainings(f.officer, f.january());
  CHECK(crossRowOf(exact, "sports_club").cells[districtColumn(exact, 1)].value == 2);

  const auto report = f.reports.trainings(f.manager, f.january());
  CHECK(report.small_numbers_suppressed);
  const auto& sports = crossRowOf(report, "sports_club");
  const auto aalborg = districtColumn(report, 1), aarhus = districtColumn(report, 2);
  CHECK(sports.cells[aalborg].disclosure == Disclosure::below_five);
  // 8 in the row's total and 2 beside it would give the 2 away: the 6 is withheld as well.
  CHECK(sports.cells[aarhus].disclosure == Disclosure::withheld);
  CHECK(sports.total.exact());
  CHECK(sports.total.value == 8);
  CHECK(report.cross.district_totals[aalborg].disclosure != Disclosure::exact);
  CHECK(report.total.figures.people.value == 8);
  // Grouped by district: Aalborg's 2 is "<5", and Copenhagen's 0 is no secret.
  const auto byDistrict = f.reports.trainings(f.manager, f.january(TrainingGrouping::police_district));
  CHECK(rowOf(byDistrict, "1").figures.people.disclosure == Disclosure::below_five);
  CHECK(rowOf(byDistrict, "11").figures.people.exact());
}

TEST_CASE("trainings overview: an officer limited to districts counts only theirs", "[trainings]") {
  TrainingFixture f;
  const auto training = f.event({2026, 1, 5});
  f.seat(training, f.org_a, f.person(f.org_a, "Aarhus"), RegistrationStatus::attended);
  f.seat(training, f.org_c, f.person(f.org_c, "Aalborg"), RegistrationStatus::attended);
  const Actor limited{f.officer_id, Role::officer, std::nullopt, {1}};
  const auto report = f.reports.trainings(limited, f.january(TrainingGrouping::police_district));
  REQUIRE(report.rows.size() == 1);
  CHECK(report.rows[0].key == "1");
  CHECK(report.total.figures.people.value == 1);
  REQUIRE(report.cross.districts.size() == 1);
}

TEST_CASE("a person's training record and certificate, in the person's language", "[trainings]") {
  TrainingFixture f;
  const auto training = f.event({2026, 1, 5});
  const auto seminar = f.event({2026, 1, 6}, "seminar");
  const auto ane = f.person(f.org_a, "Ane Ærø");
  const auto attended = f.seat(training, f.org_a, ane, RegistrationStatus::attended);
  const auto atSeminar = f.seat(seminar, f.org_a, ane, RegistrationStatus::attended);
  const auto bo = f.person(f.org_a, "Bo");
  const auto noShow = f.seat(training, f.org_a, bo, RegistrationStatus::no_show);

  const auto record = f.trainings.record(f.officer, ane);
  REQUIRE(record.items.size() == 1);
  CHECK(record.items[0].registration_id == attended);
  CHECK(f.trainings.record(f.partner_a, ane).items.size() == 1);
  CHECK_THROWS_AS(f.trainings.record(f.partner_c, ane), DomainError);
  CHECK_THROWS_AS(f.trainings.record(f.manager, ane), DomainError);

  const auto danish = f.trainings.certificate(f.officer, attended);
  CHECK(danish.heading == "Kursusbevis");
  CHECK(danish.person == "Ane Ærø");
  CHECK(danish.training == "Kursus: Tidlige tegn på radikalisering");
  REQUIRE(danish.details.size() == 2);
  CHECK(danish.details[0] == "Dato: 5. januar 2026");
  CHECK(danish.details[1] == "Varighed: 7 timer");
  CHECK(danish.issuer_line == "Udstedt af Den nationale forebyggelsesenhed");
  CHECK(f.trainings.certificate(f.partner_a, attended).person == "Ane Ærø");

  {  // The person's language, not the caller's.
    auto uow = f.store.begin(Access::write);
    auto contact = *uow->contacts().find(ane);
    contact.language = Language::en;
    uow->contacts().update(contact, contact.version);
    uow->commit();
  }
  const auto english = f.trainings.certificate(f.officer, attended);
  CHECK(english.heading == "Certificate of attendance");
  CHECK(english.details[0] == "Date: 5 January 2026");
  CHECK(english.details[1] == "Duration: 7 hours");

  const auto code = [&](const Actor& actor, Id registration) {
    try {
      f.trainings.certificate(actor, registration);
    } catch (const DomainError& e) {
      return e.code();
    }
    return ErrorCode::bad_request;  // no error at all
  };
  CHECK(code(f.officer, noShow) == ErrorCode::not_found);
  CHECK(code(f.officer, atSeminar) == ErrorCode::not_found);
  CHECK(code(f.partner_c, attended) == ErrorCode::not_found);
  CHECK(code(f.manager, attended) == ErrorCode::forbidden);
  CHECK(f.store.count("audit_log") > 0);
}
