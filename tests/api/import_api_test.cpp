// Imports over HTTP: upload and preview, rows, a corrected mapping and decisions, the one commit and
// its 409, the same file again (all unchanged), the outcome file, limits (413, 415, 422), partners and a
// district-limited officer, and a server killed during a commit.
#include <chrono>
#include <string>
#include <thread>

#include "api_world.hpp"
#include "request_values.hpp"

using namespace brobygger::testing;
using nlohmann::json;

namespace {

json ok(const Reply& reply, long status = 200) {
  INFO(reply.body);
  REQUIRE(reply.status == status);
  return reply.json();
}

Reply upload(const std::string& role, const std::string& kind, const std::string& body,
             const std::string& type = "text/csv") {
  return client().request("POST", "/api/v1/imports?kind=" + kind, body,
                          {"Content-Type: " + type, world().bearer(role)});
}

std::string importPath(const json& import, const std::string& tail = "") {
  return "/api/v1/imports/" + std::to_string(import.at("id").get<long long>()) + tail;
}

std::string uniqueEmail(const std::string& stem) {
  std::string out;
  for (const char ch : uniqueText(stem))
    if (std::isalnum(static_cast<unsigned char>(ch))) out.push_back(ch);
  return out + "@example.dk";
}

}  // namespace

TEST_CASE("an organisation file: preview, rows, mapping, decisions, commit, 409 and the same file unchanged",
          "[import]") {
  const auto a = uniqueText("Importklubben A");
  const auto b = uniqueText("Importklubben B");
  const std::string csv = "\xEF\xBB\xBFNavn;Kommune;Slags;Adresse\r\n" + a + ";101;sports_club;Vej 1\r\n" + b +
                          ";Aarhus;Idrætsforening;\"Vej 2\r\n8000 Aarhus\"\r\nUden type;101;ukendt;\r\n";
  const auto before = as("officer", "GET", "/api/v1/organisations?limit=1").json().at("total").get<long long>();
  auto import = ok(upload("officer", "organisations", csv), 201);
  CHECK(import.at("status") == "preview");
  CHECK(import.at("kind") == "organisations");
  CHECK(import.at("rows") == 3);
  CHECK(import.at("columns") == json{"Navn", "Kommune", "Slags", "Adresse"});
  CHECK(import.at("mapping") ==
        json{{"Navn", "name"}, {"Kommune", "municipality_id"}, {"Slags", nullptr}, {"Adresse", "address"}});
  CHECK(import.at("summary").at("invalid") == 3);  // no kind mapped yet
  // Nothing reached the register.
  CHECK(as("officer", "GET", "/api/v1/organisations?limit=1").json().at("total") == before);

  import = ok(as("officer", "PATCH", importPath(import), json{{ "mapping", { { "Slags", "kind" } } }}));
  CHECK(import.at("summary") == json{{"new", 2}, {"update", 0}, {"unchanged", 0}, {"duplicate", 0}, {"invalid", 1}});
  const auto invalid = ok(as("officer", "GET", importPath(import, "/rows?status=invalid")));
  REQUIRE(invalid.at("items").size() == 1);
  const auto& bad = invalid.at("items")[0];
  CHECK(bad.at("row") == 4);
  CHECK(bad.at("action") == "skip");
  CHECK(bad.at("errors")[0] == json{{"field", "kind"}, {"message", "er ikke en kendt organisationstype"}});
  // A row's messages speak the caller's language (Danish by default).
  const auto english =
      ok(as("officer", "GET", importPath(import, "/rows?status=invalid"), nullptr, {"Accept-Language: en"}));
  CHECK(english.at("items")[0].at("errors")[0] ==
        json{{"field", "kind"}, {"message", "is not a known organisation kind"}});
  const auto fresh = ok(as("officer", "GET", importPath(import, "/rows?status=new")));
  CHECK(fresh.at("items")[1].at("values").at("address") == "Vej 2\r\n8000 Aarhus");
  CHECK(fresh.at("items")[1].at("values").at("municipality_id") == "751");
  // A decision the status does not allow names `actions`.
  const auto refused =
      as("officer", "PATCH", importPath(import), json{{"actions", {{{"row", 4}, {"action", "create"}}}}});
  checkProblem(refused, 422);
  CHECK(hasFieldError(refused, "actions"));
  // Skip row 3 by decision; commit.
  import = ok(as("officer", "PATCH", importPath(import),
                 json{
                     { "actions",
                       {
                         { {"row", 3},
                           { "action",
                             "skip" } }
                       } }}));
  const auto committed = ok(as("officer", "POST", importPath(import, "/commit")));
  CHECK(committed.at("status") == "committed");
  CHECK(committed.at("created") == 1);
  CHECK(committed.at("skipped") == 2);
  CHECK(as("officer", "GET", "/api/v1/organisations?limit=1").json().at("total") == before + 1);
  checkProblem(as("officer", "POST", importPath(import, "/commit")), 409);
  checkProblem(as("officer", "PATCH", importPath(import), json{{"actions", json::array()}}), 409);
  // The outcome of every row, with the reason, as a file.
  // (the export mechanism: headers in the caller's language, the file's own columns as they were)
  const auto outcome = as("officer", "GET", importPath(import, "/rows?format=csv&lang=en"));
  REQUIRE(outcome.status == 200);
  CHECK(outcome.header("content-type").rfind("text/csv", 0) == 0);
  CHECK(outcome.header("content-disposition").find("attachment") != std::string::npos);
  CHECK(outcome.body.find("Row,Outcome,Action,Match (id),Matched by,Errors,Navn,Kommune,Slags,Adresse") !=
        std::string::npos);
  const auto danish = as("officer", "GET", importPath(import, "/rows?format=csv"));
  CHECK(danish.body.find("Række,Resultat,Handling,Match (id),Match efter,Fejl,Navn") != std::string::npos);
  const auto workbook = as("officer", "GET", importPath(import, "/rows?format=xlsx"));
  REQUIRE(workbook.status == 200);
  CHECK(workbook.header("content-type").find("spreadsheetml") != std::string::npos);
  CHECK(workbook.body.rfind("PK", 0) == 0);
  CHECK(outcome.body.find("4,invalid,skip,,,kind: is not a known organisation kind,Uden type") != std::string::npos);
  // The same file again, with the same mapping: what was written is unchanged.
  auto again = ok(upload("officer", "organisations", csv), 201);
  again = ok(as("officer", "PATCH", importPath(again), json{{"mapping", {{"Slags", "kind"}}}}));
  CHECK(again.at("summary").at("unchanged") == 1);
  CHECK(again.at("summary").at("new") == 1);  // the row skipped before
  // The admin may use the officer's import; another role may not.
  CHECK(as("admin", "GET", importPath(again)).status == 200);
  checkProblem(as("manager", "GET", importPath(again)), 403);
  checkProblem(as("partner", "GET", importPath(again)), 403);
}

TEST_CASE("a contact file: email in any case matches, phones are normalised, a bad phone names phone", "[import]") {
  const auto org = uniqueText("Kontaktklubben");
  const auto orgId = ok(as("officer", "POST", "/api/v1/organisations",
                           json{{"name", org}, {"kind", "sports_club"}, {"municipality_id", 101}}),
                        201)
                         .at("id")
                         .get<long long>();
  const auto email = uniqueEmail("karen");
  const auto karen = ok(as("officer", "POST", "/api/v1/contacts",
                           json{{"organisation_id", orgId}, {"name", "Karen Import"}, {"email", email}}),
                        201)
                         .at("id");
  std::string upper = email;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const std::string csv =
      "name,email,phone,organisation,title\n"
      "Karen Import," +
      upper + ",20 30 40 50," + org +
      ",Formand\n"
      "Ny Person,," +
      "+45 2222 3333," + std::to_string(orgId) +
      ",\n"
      "Forkert Nummer,,123," +
      org + ",\n";
  auto import = ok(upload("officer", "contacts", csv), 201);
  CHECK(import.at("summary") == json{{"new", 1}, {"update", 1}, {"unchanged", 0}, {"duplicate", 0}, {"invalid", 1}});
  const auto rows = ok(as("officer", "GET", importPath(import, "/rows"))).at("items");
  CHECK(rows[0].at("match") == json{{"id", karen}, {"by", "email"}});
  CHECK(rows[0].at("values").at("phone") == "+45 2030 4050");
  CHECK(rows[2].at("errors")[0].at("field") == "phone");
  const auto committed = ok(as("officer", "POST", importPath(import, "/commit")));
  CHECK(committed.at("created") == 1);
  CHECK(committed.at("updated") == 1);
  const auto person = ok(as("officer", "GET", "/api/v1/contacts/" + std::to_string(karen.get<long long>())));
  CHECK(person.at("phone") == "+45 2030 4050");
  CHECK(person.at("title") == "Formand");
  CHECK(person.at("email") == email);  // the register keeps its spelling
}

TEST_CASE("limits: over 20 MiB is 413, a wrong type 415, an unreadable file or kind 422, partners 403", "[import]") {
  const std::string big(20u * 1024u * 1024u + 1u, 'a');
  checkProblem(upload("officer", "organisations", big), 413);
  checkProblem(upload("officer", "organisations", "%PDF-1.4", "application/pdf"), 415);
  const auto notXlsx = upload("officer", "organisations", "navn;kommune\nx;101\n",
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  checkProblem(notXlsx, 422);
  CHECK(hasFieldError(notXlsx, "file"));
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage.push_back(static_cast<char>((i * 7919) % 256));
  const auto binary = upload("officer", "organisations", garbage);
  checkProblem(binary, 422);
  CHECK(hasFieldError(binary, "file"));
  const auto noKind =
      client().request("POST", "/api/v1/imports", "navn\nx\n", {"Content-Type: text/csv", world().bearer("officer")});
  checkProblem(noKind, 422);
  CHECK(hasFieldError(noKind, "kind"));
  checkProblem(upload("partner", "organisations", "navn\nx\n"), 403);
  checkProblem(as("officer", "GET", "/api/v1/imports/999999"), 404);
}

TEST_CASE("a district-limited officer: rows outside its districts are invalid with the reason", "[import]") {
  // København (101) and Aalborg (851) lie in different police districts.
  int district = 0;
  for (const auto& m : as("admin", "GET", "/api/v1/reference/municipalities").json())
    if (m.at("id") == 101) district = m.at("police_district_id").get<int>();
  const auto email = uniqueEmail("lokal");
  ok(as("admin", "POST", "/api/v1/users",
        json{{"email", email},
             {"name", "Lokal Importør"},
             {"role", "officer"},
             {"password", "import passphrase"},
             {"police_district_ids", {district}}}),
     201);
  const auto login = ok(
      client().request("POST", "/api/v1/auth/login", json{{"email", email}, {"password", "import passphrase"}}.dump()));
  const std::string token = login.at("token");
  const auto reply = client().request(
      "POST", "/api/v1/imports?kind=organisations",
      "navn;kommune;type\n" + uniqueText("Her") + ";101;sports_club\n" + uniqueText("Der") + ";851;sports_club\n",
      {"Content-Type: text/csv", "Authorization: Bearer " + token});
  const auto import = ok(reply, 201);
  CHECK(import.at("summary").at("new") == 1);
  CHECK(import.at("summary").at("invalid") == 1);
  const auto rows =
      ok(client().request("GET", importPath(import, "/rows?status=invalid"), "", {"Authorization: Bearer " + token}));
  CHECK(rows.at("items")[0].at("errors")[0] ==
        json{{"field", "municipality_id"}, {"message", "ligger uden for dine politikredse"}});
  // Another officer's import is not this one's to use.
  checkProblem(client().request("GET", importPath(ok(upload("officer", "organisations", "navn\nx\n"), 201)), "",
                                {"Authorization: Bearer " + token}),
               403);
}

TEST_CASE("a server killed during a commit leaves the register as before, and the import can be committed again",
          "[import]") {
  constexpr int kRows = 3000;
  const auto file = [&](const std::string& stem) {
    std::string csv = "navn;kommune;type\n";
    const auto prefix = uniqueText(stem);
    for (int i = 0; i < kRows; ++i) csv += prefix + " " + std::to_string(i) + ";101;sports_club\n";
    return csv;
  };
  const auto total = [] {
    return as("officer", "GET", "/api/v1/organisations?limit=1").json().at("total").get<long long>();
  };
  // A second server on the same database: the one that will be killed.
  ServerProcess victim(world().data.database());
  HttpClient direct(victim.base());
  const auto send = [&](HttpClient& http, const std::string& method, const std::string& path,
                        const std::string& body = "", const std::string& type = "application/json") {
    return http.request(method, path, body, {"Content-Type: " + type, world().bearer("officer")});
  };

  // How long a commit of this size takes here (and that it commits every row).
  const auto first =
      ok(send(direct, "POST", "/api/v1/imports?kind=organisations", file("Kalibrering"), "text/csv"), 201);
  REQUIRE(first.at("summary").at("new") == kRows);
  const auto started = std::chrono::steady_clock::now();
  CHECK(ok(send(direct, "POST", importPath(first, "/commit"))).at("created") == kRows);
  const auto commitTime = std::chrono::steady_clock::now() - started;

  const auto import = ok(send(direct, "POST", "/api/v1/imports?kind=organisations", file("Afbrudt"), "text/csv"), 201);
  REQUIRE(import.at("summary").at("new") == kRows);
  const auto before = total();
  std::thread committing([&] {
    HttpClient doomed(victim.base());
    try {
      send(doomed, "POST", importPath(import, "/commit"));
    } catch (const std::exception&) {
      // The connection dies with the server: expected.
    }
  });
  std::this_thread::sleep_for(commitTime / 2);
  victim.kill();
  committing.join();

  // All or nothing: never a part of the file.
  const auto after = total();
  CHECK((after == before || after == before + kRows));
  const auto state = ok(as("officer", "GET", importPath(import)));
  if (after == before) {
    CHECK(state.at("status") == "preview");
    // The interrupted import is committed to completion by another server.
    CHECK(ok(as("officer", "POST", importPath(import, "/commit"))).at("created") == kRows);
    CHECK(total() == before + kRows);
  } else {
    CHECK(state.at("status") == "committed");
    WARN("the commit finished before the kill; only all-or-nothing was checked");
  }
}
