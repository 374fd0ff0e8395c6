// Trainings for partner authorities (issue 16) over real HTTP: the overview of people trained (grouped,
// the cross table, suppression for managers, CSV/XLSX), a person's training record, and certificates
// as PDF, read back with poppler's pdftotext. The data set lies in 2024, before the demo data's events:
//
//   organisations  K prison and probation service, København   people K1..K6 (K1 "Søren Ærø Åberg", K2 English)
//                  P psychiatry, Aarhus                        people P1, P2
//   events         T training 2024-03-05 09:00-16:00 (closed)  K1-K6, P1 attend; P2 no-show
//                  S seminar  2024-03-06 10:00-12:00 (closed)  P2 attends (not a training)
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "api_world.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body.substr(0, 400));
  REQUIRE(reply.status == status);
  return reply.json();
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }
std::string str(long long id) { return std::to_string(id); }

long long organisation(const std::string& name, const std::string& kind, int municipality) {
  return idOf(ok(as("officer", "POST", "/api/v1/organisations",
                    json{{"name", name}, {"kind", kind}, {"municipality_id", municipality}}),
                 201));
}

long long person(long long organisationId, const std::string& name, const std::string& language = "da") {
  return idOf(ok(as("officer", "POST", "/api/v1/contacts",
                    json{{"organisation_id", organisationId}, {"name", name}, {"language", language}}),
                 201));
}

long long event(const std::string& title, const std::string& kind, const std::string& start, const std::string& end) {
  const auto id = idOf(ok(as("officer", "POST", "/api/v1/events",
                             json{{"kind", kind}, {"title", title}, {"starts_at", start}, {"ends_at", end}}),
                          201));
  ok(as("officer", "POST", "/api/v1/events/" + str(id) + "/publish"));
  return id;
}

long long seat(long long eventId, long long contact, bool attend) {
  const auto id = idOf(ok(
      as("officer", "POST", "/api/v1/events/" + str(eventId) + "/registrations", json{{"contact_id", contact}}), 201));
  if (attend) ok(as("officer", "POST", "/api/v1/registrations/" + str(id) + "/check-in"));
  return id;
}

struct DataSet {
  long long k = 0, p = 0;
  long long k1 = 0, k2 = 0, p2 = 0;
  long long seat_k1 = 0, seat_k2 = 0, seat_p2 = 0, seat_seminar = 0;
  int district_kbh = 0, district_aarhus = 0;
};

int districtOf(long long organisationId) {
  return ok(as("officer", "GET", "/api/v1/organisations/" + str(organisationId))).at("police_district_id").get<int>();
}

const DataSet& dataSet() {
  static const DataSet data = [] {
    DataSet s;
    s.k = organisation("Kriminalforsorgen Kursus K", "prison_probation_service", 101);
    s.p = organisation("Psykiatrien Kursus P", "psychiatry", 751);
    s.district_kbh = districtOf(s.k);
    s.district_aarhus = districtOf(s.p);
    s.k1 = person(s.k, "Søren Ærø Åberg");
    s.k2 = person(s.k, "Jane Trained", "en");
    std::vector<long long> others;
    for (int i = 3; i <= 6; ++i) others.push_back(person(s.k, "K" + std::to_string(i)));
    const auto p1 = person(s.p, "P1");
    s.p2 = person(s.p, "P2");

    const auto training = event("Kursus: Tidlige tegn på radikalisering", "training", "2024-03-05T09:00:00+01:00",
                                "2024-03-05T16:00:00+01:00");
    s.seat_k1 = seat(training, s.k1, true);
    s.seat_k2 = seat(training, s.k2, true);
    for (const auto other : others) seat(training, other, true);
    seat(training, p1, true);
    s.seat_p2 = seat(training, s.p2, false);
    ok(as("officer", "POST", "/api/v1/events/" + str(training) + "/close"));
    const auto seminar = event("Seminar", "seminar", "2024-03-06T10:00:00+01:00", "2024-03-06T12:00:00+01:00");
    s.seat_seminar = seat(seminar, s.p2, true);
    ok(as("officer", "POST", "/api/v1/events/" + str(seminar) + "/close"));
    return s;
  }();
  return data;
}

const std::string kYear = "/api/v1/reports/trainings?from=2024-01-01&to=2024-12-31";

const json& row(const json& report, const std::string& key) {
  for (const auto& r : report.at("rows"))
    if (r.at("key") == key) return r;
  FAIL("no row " << key << " in " << report.dump());
  static const json none;
  return none;
}

// The cross table's cell for a kind and a district.
json cell(const json& report, const std::string& kind, int district) {
  const auto& cross = report.at("cross_table");
  std::size_t column = 0;
  for (; column < cross.at("police_districts").size(); ++column)
    if (cross.at("police_districts").at(column).at("id") == district) break;
  for (const auto& r : cross.at("rows"))
    if (r.at("organisation_kind") == kind) return r.at("cells").at(column);
  FAIL("no cross row " << kind);
  return nullptr;
}

// The text of a PDF as pdftotext (poppler-utils) reads it.
std::string pdfText(const std::string& pdf) {
  const auto path = "/tmp/brobygger-certificate-" + std::to_string(getpid()) + ".pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  std::string text;
  if (FILE* pipe = ::popen(("pdftotext -enc UTF-8 " + path + " - 2>&1").c_str(), "r")) {
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    ::pclose(pipe);
  }
  std::remove(path.c_str());
  return text;
}

}  // namespace

TEST_CASE("trainings overview: people trained by authority and police district", "[trainings]") {
  const auto& s = dataSet();
  const auto r = ok(as("officer", "GET", kYear));
  CHECK(r.at("group_by") == "organisation_kind");
  CHECK(r.at("small_numbers_suppressed") == false);
  CHECK(row(r, "prison_probation_service").at("people") == 6);
  CHECK(row(r, "prison_probation_service").at("trainings") == 1);
  CHECK(row(r, "psychiatry").at("people") == 1);    // P2 did not come; the seminar is no training
  CHECK(row(r, "armed_forces").at("people") == 0);  // every authority has its row
  CHECK(r.at("total").at("people") == 7);
  CHECK(cell(r, "prison_probation_service", s.district_kbh) == 6);
  CHECK(cell(r, "psychiatry", s.district_aarhus) == 1);
  CHECK(cell(r, "psychiatry", s.district_kbh) == 0);
  CHECK(r.at("cross_table").at("total") == 7);

  const auto byDistrict = ok(as("officer", "GET", kYear + "&group_by=police_district&lang=en"));
  CHECK(row(byDistrict, str(s.district_kbh)).at("people") == 6);
  CHECK(byDistrict.at("total").at("label") == "Total");
  const auto byOrganisation = ok(as("admin", "GET", kYear + "&group_by=organisation"));
  CHECK(row(byOrganisation, str(s.k)).at("label") == "Kriminalforsorgen Kursus K");
  // The day after: nothing.
  CHECK(ok(as("officer", "GET", "/api/v1/reports/trainings?from=2024-03-06&to=2024-03-31")).at("total").at("people") ==
        0);
}

TEST_CASE("trainings overview: managers see small numbers suppressed, partners nothing", "[trainings]") {
  const auto& s = dataSet();
  const auto r = ok(as("manager", "GET", kYear));
  CHECK(r.at("small_numbers_suppressed") == true);
  CHECK(row(r, "psychiatry").at("people") == "<5");
  CHECK(row(r, "prison_probation_service").at("people").is_null());  // else 7 - 6 gives the 1 away
  CHECK(r.at("total").at("people") == 7);
  CHECK(cell(r, "psychiatry", s.district_aarhus) == "<5");
  CHECK(cell(r, "prison_probation_service", s.district_kbh).is_null());
  checkProblem(as("partner", "GET", kYear), 403);

  const auto bad = as("officer", "GET", "/api/v1/reports/trainings?group_by=region");
  checkProblem(bad, 422);
  CHECK(hasFieldError(bad, "group_by"));
  CHECK(hasFieldError(as("officer", "GET", "/api/v1/reports/trainings?from=2024-02-01&to=2024-01-01"), "to"));
  CHECK(hasFieldError(as("officer", "GET", kYear + "&layout=diagonal"), "layout"));
}

TEST_CASE("trainings overview downloads as CSV and XLSX, in both languages", "[trainings]") {
  dataSet();
  const auto csv = as("officer", "GET", kYear + "&format=csv");
  REQUIRE(csv.status == 200);
  CHECK(csv.header("content-type").rfind("text/csv", 0) == 0);
  CHECK(csv.body.find("Personer uddannet") != std::string::npos);
  CHECK(csv.body.find("Kriminalforsorgen") != std::string::npos);
  const auto english = as("officer", "GET", kYear + "&format=csv&lang=en");
  CHECK(english.body.find("People trained") != std::string::npos);
  CHECK(english.body.find("Prison and Probation Service") != std::string::npos);
  const auto cross = as("manager", "GET", kYear + "&format=csv&layout=cross");
  REQUIRE(cross.status == 200);
  CHECK(cross.body.find("Myndighed") != std::string::npos);
  CHECK(cross.body.find("Københavns Politi") != std::string::npos);
  CHECK(cross.body.find("<5") != std::string::npos);
  const auto xlsx = as("officer", "GET", kYear + "&format=xlsx&layout=cross");
  REQUIRE(xlsx.status == 200);
  CHECK(xlsx.header("content-type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(xlsx.body.rfind("PK", 0) == 0);
}

TEST_CASE("a person's training record and certificates of attendance", "[trainings]") {
  const auto& s = dataSet();
  const auto record = ok(as("officer", "GET", "/api/v1/contacts/" + str(s.k1) + "/trainings"));
  REQUIRE(record.at("items").size() == 1);
  const auto& item = record.at("items").at(0);
  CHECK(item.at("registration_id") == s.seat_k1);
  CHECK(item.at("title") == "Kursus: Tidlige tegn på radikalisering");
  CHECK(item.at("starts_at") == "2024-03-05T09:00:00+01:00");
  CHECK(item.at("certificate_url") == "/api/v1/registrations/" + str(s.seat_k1) + "/certificate.pdf");
  CHECK(ok(as("officer", "GET", "/api/v1/contacts/" + str(s.p2) + "/trainings")).at("items").empty());
  checkProblem(as("manager", "GET", "/api/v1/contacts/" + str(s.k1) + "/trainings"), 403);

  // Danish for a Danish-speaking person, whatever the caller's language.
  const auto danish = as("officer", "GET", "/api/v1/registrations/" + str(s.seat_k1) + "/certificate.pdf", nullptr,
                         {"Accept-Language: en"});
  REQUIRE(danish.status == 200);
  CHECK(danish.header("content-type") == "application/pdf");
  CHECK(danish.header("content-disposition").find("kursusbevis-" + str(s.seat_k1) + ".pdf") != std::string::npos);
  CHECK(danish.body.rfind("%PDF-", 0) == 0);
  const auto text = pdfText(danish.body);
  INFO(text);
  CHECK(text.find("Søren Ærø Åberg") != std::string::npos);
  CHECK(text.find("Kursusbevis") != std::string::npos);
  CHECK(text.find("Kursus: Tidlige tegn på radikalisering") != std::string::npos);
  CHECK(text.find("5. marts 2024") != std::string::npos);
  CHECK(text.find("7 timer") != std::string::npos);
  // The issuer: the national prevention unit, named as the reference data names it.
  CHECK(text.find("Udstedt af Nationalt Center for Forebyggelse af Ekstremisme") != std::string::npos);

  const auto english = as("officer", "GET", "/api/v1/registrations/" + str(s.seat_k2) + "/certificate.pdf");
  REQUIRE(english.status == 200);
  const auto englishText = pdfText(english.body);
  CHECK(englishText.find("Certificate of attendance") != std::string::npos);
  CHECK(englishText.find("Jane Trained") != std::string::npos);
  CHECK(englishText.find("5 March 2024") != std::string::npos);
  CHECK(englishText.find("7 hours") != std::string::npos);
  CHECK(englishText.find("Issued by National Centre for Prevention of Extremism") != std::string::npos);
  CHECK(englishText.find("Kursusbevis") == std::string::npos);

  // No certificate without attendance at a training.
  checkProblem(as("officer", "GET", "/api/v1/registrations/" + str(s.seat_p2) + "/certificate.pdf"), 404);
  checkProblem(as("officer", "GET", "/api/v1/registrations/" + str(s.seat_seminar) + "/certificate.pdf"), 404);
  checkProblem(as("manager", "GET", "/api/v1/registrations/" + str(s.seat_k1) + "/certificate.pdf"), 403);
  checkProblem(as("partner", "GET", "/api/v1/registrations/" + str(s.seat_k1) + "/certificate.pdf"), 404);

  // Both reads name the person: audited.
  const auto audit = ok(as("admin", "GET", "/api/v1/audit?resource=certificate&resource_id=" + str(s.seat_k1)));
  CHECK(audit.at("total").get<int>() >= 1);
  const auto records = ok(as("admin", "GET", "/api/v1/audit?resource=training_record&resource_id=" + str(s.k1)));
  CHECK(records.at("total").get<int>() >= 1);
}
