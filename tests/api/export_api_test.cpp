// Exports over HTTP (issue 13): every list answers format=csv (RFC 4180, UTF-8 with BOM, CRLF) and
// format=xlsx (a workbook, read back here), with the list's own filters and every matching row,
// headers in the caller's language, formula-like text neutralised, and the list's scoping.
#include <algorithm>
#include <string>
#include <vector>

#include "api_world.hpp"
#include "request_values.hpp"
#include "xlsx_reader.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

long long idOf(const json& j) { return j.at("id").get<long long>(); }

long long organisation(const std::string& name, int municipality = 101) {
  return idOf(ok(as("officer", "POST", "/api/v1/organisations",
                    json{{"name", name}, {"kind", "sports_club"}, {"municipality_id", municipality}}),
                 201));
}

long long person(long long organisationId, const std::string& name) {
  return idOf(
      ok(as("officer", "POST", "/api/v1/contacts", json{{"organisation_id", organisationId}, {"name", name}}), 201));
}

// A CSV body's records as written (a quoted field may hold a line break), after checking the BOM and
// that every record ends in CRLF.
std::vector<std::string> csvLines(const Reply& reply) {
  INFO(reply.body.substr(0, 400));
  REQUIRE(reply.status == 200);
  CHECK(reply.header("content-type").rfind("text/csv", 0) == 0);
  CHECK(reply.header("content-disposition").find("attachment; filename=") == 0);
  const auto& body = reply.body;
  REQUIRE(body.rfind("\xEF\xBB\xBF", 0) == 0);
  std::vector<std::string> records;
  std::string record;
  bool quoted = false;
  for (std::size_t at = 3; at < body.size(); ++at) {
    const char ch = body[at];
    if (ch == '"') quoted = !quoted;
    if (!quoted && ch == '\r') {
      REQUIRE(at + 1 < body.size());
      REQUIRE(body[at + 1] == '\n');
      records.push_back(record);
      record.clear();
      ++at;
      continue;
    }
    if (!quoted) REQUIRE(ch != '\n');  // no bare LF between records
    record += ch;
  }
  REQUIRE(record.empty());
  REQUIRE(!quoted);
  return records;
}

std::string withFormat(const std::string& path, const std::string& format) {
  return path + (path.find('?') == std::string::npos ? "?" : "&") + "format=" + format;
}

XlsxSheet workbook(const Reply& reply) {
  INFO(reply.body.substr(0, 400));
  REQUIRE(reply.status == 200);
  CHECK(reply.header("content-type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK(reply.header("content-disposition").find(".xlsx\"") != std::string::npos);
  return readXlsx(reply.body);
}

std::size_t columnOf(const std::vector<XlsxCell>& header, const std::string& name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i].value == name) return i;
  FAIL("no column " << name);
  return 0;
}

}  // namespace

TEST_CASE("contacts export every matching row beyond a page, as CSV and as a real workbook", "[export]") {
  const auto stem = uniqueText("Eksportklub");
  const auto org = organisation(stem);
  constexpr int kPeople = 205;  // more than the largest page (200)
  for (int i = 0; i < kPeople; ++i) person(org, "Person " + std::to_string(i) + (i % 5 == 0 ? " Femmer" : ""));
  const auto base = "/api/v1/contacts?organisation_id=" + std::to_string(org);

  const auto lines = csvLines(as("officer", "GET", base + "&format=csv"));
  REQUIRE(lines.size() == 1 + kPeople);
  CHECK(lines[0].rfind("ID,Organisation-ID,Navn,Titel,E-mail,Telefon,", 0) == 0);
  CHECK(lines[1].find("," + std::to_string(org) + ",Person ") != std::string::npos);
  // The list's own filters: q narrows it.
  CHECK(csvLines(as("officer", "GET", base + "&q=femmer&format=csv")).size() == 1 + 41);

  const auto sheet = workbook(as("officer", "GET", base + "&format=xlsx"));
  REQUIRE(sheet.rows.size() == 1 + kPeople);
  CHECK(sheet.header_frozen);
  CHECK(!sheet.column_widths.empty());
  const auto& header = sheet.rows[0];
  CHECK(header[2].value == "Navn");
  const auto id = columnOf(header, "ID");
  const auto created = columnOf(header, "Oprettet");
  const auto name = columnOf(header, "Navn");
  for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
    const auto& row = sheet.rows[r];
    // Numbers are number cells, dates date cells (a number with a date format), text strings.
    CHECK((row[id].type.empty() || row[id].type == "n"));
    CHECK(std::stoll(row[id].value) > 0);
    CHECK((row[created].type.empty() || row[created].type == "n"));
    CHECK(std::stod(row[created].value) > 45000);  // days since 1900: 2023 and later
    CHECK(sheet.formatOf(row[created]).find("yyyy") != std::string::npos);
    CHECK(row[name].value.rfind("Person ", 0) == 0);
  }

  // Headers in the caller's language: lang=, else Accept-Language, else Danish.
  CHECK(csvLines(as("officer", "GET", base + "&format=csv&lang=en"))[0].rfind("ID,Organisation ID,Name,Title,Email,",
                                                                              0) == 0);
  CHECK(csvLines(as("officer", "GET", base + "&format=csv", nullptr, {"Accept-Language: en-GB,en;q=0.9,da;q=0.5"}))[0]
            .find(",Name,") != std::string::npos);
  CHECK(csvLines(as("officer", "GET", base + "&format=csv", nullptr, {"Accept-Language: da, en;q=0.8"}))[0].find(
            ",Navn,") != std::string::npos);
  CHECK(workbook(as("officer", "GET", base + "&format=xlsx&lang=en")).rows[0][2].value == "Name");

  // One audit entry for the export, naming the people, not one per row.
  const auto audit = ok(as("admin", "GET", "/api/v1/audit?action=export&resource=contact_list&limit=5"));
  bool found = false;
  for (const auto& entry : audit.at("items"))
    if (entry.at("resource_id") == org && entry.at("contact_ids").size() == kPeople) found = true;
  CHECK(found);
}

TEST_CASE("formula-like text is neutralised in CSV and written as plain text in XLSX", "[export]") {
  const auto org = organisation(uniqueText("=Formelklub"));
  for (const std::string name : {"=HYPERLINK(\"http://x\",\"y\")", "+45 Plus", "-Minus Person", "@Snabel Person"})
    person(org, name);
  const auto base = "/api/v1/contacts?organisation_id=" + std::to_string(org) + "&sort=name";
  const auto lines = csvLines(as("officer", "GET", base + "&format=csv"));
  REQUIRE(lines.size() == 5);
  const auto joined = [&] {
    std::string all;
    for (const auto& line : lines) all += line + "\n";
    return all;
  }();
  CHECK(joined.find(",\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",") != std::string::npos);
  CHECK(joined.find(",'+45 Plus,") != std::string::npos);
  CHECK(joined.find(",'-Minus Person,") != std::string::npos);
  CHECK(joined.find(",'@Snabel Person,") != std::string::npos);
  // The organisation list too.
  const auto orgs = as("officer", "GET", "/api/v1/organisations?q=formelklub&format=csv");
  CHECK(orgs.body.find(",'=Formelklub") != std::string::npos);

  const auto sheet = workbook(as("officer", "GET", base + "&format=xlsx"));
  REQUIRE(sheet.rows.size() == 5);
  const auto name = columnOf(sheet.rows[0], "Navn");
  int formulaLike = 0;
  for (std::size_t r = 1; r < sheet.rows.size(); ++r) {
    const auto& cell = sheet.rows[r][name];
    CHECK(!cell.formula);
    CHECK((cell.type == "inlineStr" || cell.type == "s" || cell.type == "str"));
    // Text cells carry the Text number format: Excel keeps what is typed there as text, never a formula.
    CHECK(sheet.formatOf(cell) == "@");
    if (cell.value == "=HYPERLINK(\"http://x\",\"y\")") ++formulaLike;
  }
  CHECK(formulaLike == 1);
}

TEST_CASE("every list answers CSV and XLSX", "[export]") {
  const auto event = ok(as("officer", "GET", "/api/v1/events?limit=1")).at("items").at(0);
  const auto eventPath = "/api/v1/events/" + std::to_string(idOf(event)) + "/registrations";
  const std::vector<std::pair<std::string, std::string>> lists{
      {"admin", "/api/v1/organisations?kind=sports_club"},
      {"officer", "/api/v1/contacts?status=all"},
      {"officer", "/api/v1/events?order=desc"},
      {"officer", "/api/v1/series"},
      {"admin", "/api/v1/users?role=officer"},
      {"admin", "/api/v1/audit?action=create"},
      {"officer", "/api/v1/outbox"},
      {"officer", "/api/v1/activities?kind=visit"},
      {"officer", "/api/v1/follow-ups?status=open"},
      {"officer", eventPath},
      {"manager", "/api/v1/reports/engagement?group_by=municipality"},
      {"officer", "/api/v1/reports/dormant-organisations?months=24"}};
  for (const auto& [role, path] : lists) {
    INFO(role << " " << path);
    const auto list = ok(as(role, "GET", path));
    const auto lines = csvLines(as(role, "GET", withFormat(path, "csv")));
    const auto sheet = workbook(as(role, "GET", withFormat(path, "xlsx")));
    REQUIRE(!lines.empty());
    CHECK(sheet.rows.size() == lines.size());
    CHECK(sheet.header_frozen);
    if (list.contains("items") && list.at("total").is_number())
      CHECK(lines.size() == 1 + list.at("total").get<std::size_t>());
  }
  // The engagement overview's figures are numbers; its rows and the total.
  const auto engagement =
      workbook(as("officer", "GET", "/api/v1/reports/engagement?group_by=region&format=xlsx&lang=en"));
  CHECK(engagement.rows[0][1].value == "Group");
  CHECK(engagement.rows.back()[0].value == "total");
  CHECK((engagement.rows.back()[2].type.empty() || engagement.rows.back()[2].type == "n"));
  // An event's summary (by kind of organisation, then the total) and a series' continuity.
  const auto summary =
      csvLines(as("officer", "GET", "/api/v1/reports/events/" + std::to_string(idOf(event)) + "?format=csv"));
  CHECK(summary[0] == "Type,Gruppe,Tilmeldt,Venteliste,Deltog,Udeblev,Fremmødeandel");
  CHECK(summary.back().rfind("total,I alt,", 0) == 0);
  const auto series = ok(as("officer", "GET", "/api/v1/series?limit=1")).at("items");
  if (!series.empty()) {
    const auto continuityPath = "/api/v1/reports/series/" + std::to_string(idOf(series[0]));
    const auto members = ok(as("officer", "GET", continuityPath)).at("members").size();
    const auto continuity = workbook(as("officer", "GET", continuityPath + "?format=xlsx&lang=en"));
    CHECK(continuity.rows.size() == 1 + members);
    CHECK(continuity.rows[0][1].value == "Name");
  }
  // The older sign-in sheet stays as it was.
  const auto attendance = as("officer", "GET", "/api/v1/events/" + std::to_string(idOf(event)) + "/attendance.csv");
  if (attendance.status == 200)
    CHECK(csvLines(attendance)[0] == "registration_id,name,organisation,status,registered_at,checked_in_at");
}

TEST_CASE("exports keep the list's scoping: a partner gets its own, a district officer its district", "[export]") {
  const auto partnerOrg = world().partner_organisation;
  const auto other = organisation(uniqueText("Andenklub"));
  person(other, "Ikke Partnerens");
  const auto sheet = workbook(as("partner", "GET", "/api/v1/contacts?format=xlsx"));
  REQUIRE(sheet.rows.size() > 1);
  const auto column = columnOf(sheet.rows[0], "Organisation-ID");
  for (std::size_t r = 1; r < sheet.rows.size(); ++r) CHECK(std::stoll(sheet.rows[r][column].value) == partnerOrg);
  // Another organisation's people: nothing, as in the list.
  CHECK(csvLines(as("partner", "GET", "/api/v1/contacts?format=csv&organisation_id=" + std::to_string(other))).size() ==
        1);
  checkProblem(as("partner", "GET", "/api/v1/activities?format=csv"), 403);
  checkProblem(as("manager", "GET", "/api/v1/contacts?format=xlsx"), 403);

  int kbh = 0;
  for (const auto& m : ok(as("officer", "GET", "/api/v1/reference/municipalities")))
    if (m.at("id") == 101) kbh = m.at("police_district_id");
  const std::string password = "a long enough password";
  auto email = uniqueText("eksport") + "@example.org";
  std::replace(email.begin(), email.end(), ' ', '-');
  ok(as("admin", "POST", "/api/v1/users",
        json{{"email", email},
             {"name", "Lokal Eksport"},
             {"role", "officer"},
             {"password", password},
             {"police_district_ids", {kbh}}}),
     201);
  const auto login =
      client().request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", password}}.dump(),
                       {"Content-Type: application/json"});
  REQUIRE(login.status == 200);
  const std::string bearer = "Authorization: Bearer " + login.json().at("token").get<std::string>();
  organisation(uniqueText("Aarhusklub"), 751);
  const auto local =
      readXlsx(client().request("GET", "/api/v1/organisations?format=xlsx&status=all", "", {bearer}).body);
  REQUIRE(local.rows.size() > 1);
  const auto district = columnOf(local.rows[0], "Politikreds-ID");
  for (std::size_t r = 1; r < local.rows.size(); ++r) CHECK(std::stoll(local.rows[r][district].value) == kbh);
}

TEST_CASE("a bad format or language is a 422 naming it", "[export]") {
  for (const std::string path : {"/api/v1/contacts?format=pdf", "/api/v1/organisations?format=CSV",
                                 "/api/v1/reports/dormant-organisations?format=xls"}) {
    const auto reply = as("officer", "GET", path);
    checkProblem(reply, 422);
    CHECK(hasFieldError(reply, "format"));
  }
  const auto lang = as("officer", "GET", "/api/v1/contacts?format=csv&lang=fr");
  checkProblem(lang, 422);
  CHECK(hasFieldError(lang, "lang"));
}
