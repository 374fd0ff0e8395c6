// Imports: reading CSV and XLSX files (the sheet adapter), the column mapping, matching against the
// register, the preview that writes nothing, decisions, the one commit, and who may import what.
#include <xlsxwriter.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "adapters/spreadsheet/spreadsheet_reader.hpp"
#include "domain/import_service.hpp"
#include "domain/services.hpp"
#include "tests/domain/test_store.hpp"

using namespace brobygger::domain;
using namespace brobygger::testing;
using brobygger::sheets::SpreadsheetReader;

namespace {

// A valid CVR number from seven digits (modulus 11 with weights 2,7,6,5,4,3,2,1), or nothing when
// those seven have no check digit.
std::optional<std::string> cvrFrom(int seven) {
  const int weights[] = {2, 7, 6, 5, 4, 3, 2};
  auto digits = std::to_string(seven);
  int sum = 0;
  for (std::size_t i = 0; i < 7; ++i) sum += (digits[i] - '0') * weights[i];
  const int check = (11 - sum % 11) % 11;
  if (check == 10) return std::nullopt;
  return digits + std::to_string(check);
}

std::string validCvr(int from) {
  for (int n = from;; ++n)
    if (auto cvr = cvrFrom(n)) return *cvr;
}

Sheet readCsv(std::string_view bytes) { return SpreadsheetReader().read(bytes, SheetFormat::csv); }

struct ImportFixture {
  TestStore store{testReferenceData()};
  FixedClock clock{startOfTests()};
  ReferenceCatalog catalog = ReferenceService(store).loadCatalog();
  SpreadsheetReader reader;
  ImportService service{store, catalog, reader, clock};
  Id admin_id = addUser(store, Role::admin, "admin@example.dk");
  Id officer_id = addUser(store, Role::officer, "officer@example.dk");
  Actor admin{admin_id, Role::admin, std::nullopt};
  Actor officer{officer_id, Role::officer, std::nullopt};

  Import previewCsv(const Actor& actor, ImportKind kind, const std::string& csv, const ImportMapping& mapping = {}) {
    return service.preview(actor, kind, csv, SheetFormat::csv, mapping);
  }
  std::vector<ImportRow> rowsOf(Id id) {
    ImportRowQuery all;
    all.all = true;
    return service.rows(admin, id, all).items;
  }
};

}  // namespace

// ---- reading files -----------------------------------------------------------------------------

TEST_CASE("CSV: a UTF-8 file with a byte order mark and semicolons, quoted fields with line breaks", "[import]") {
  const auto sheet = readCsv(
      "\xEF\xBB\xBFNavn;Adresse\r\n\"Boldklubben; Øst\";\"Vej 1\r\n8000 Aarhus\"\r\nB;\"sagde \"\"hej\"\"\"\r\n");
  REQUIRE(sheet.header == std::vector<std::string>{"Navn", "Adresse"});
  REQUIRE(sheet.rows.size() == 2);
  CHECK(sheet.rows[0].cells == std::vector<std::string>{"Boldklubben; Øst", "Vej 1\r\n8000 Aarhus"});
  CHECK(sheet.rows[0].line == 2);
  CHECK(sheet.rows[1].cells[1] == "sagde \"hej\"");
  CHECK(sheet.rows[1].line == 3);
}

TEST_CASE("CSV: Windows-1252 bytes are converted, commas and tabs are detected", "[import]") {
  const auto latin = readCsv(
      "navn,kommune\nK\xF8"
      "benhavns \xC6"
      "blehave,K\xF8"
      "benhavn\n");
  CHECK(latin.rows.at(0).cells == std::vector<std::string>{"Københavns Æblehave", "København"});
  const auto tabs = readCsv("name\tcvr\nA, B og C\t12345678\n");
  CHECK(tabs.header == std::vector<std::string>{"name", "cvr"});
  CHECK(tabs.rows.at(0).cells[0] == "A, B og C");
}

TEST_CASE("CSV: blank rows are left out but keep the line numbers, short rows are padded", "[import]") {
  const auto sheet = readCsv("a;b;c\n1;2\n\n;;\n4;5;6");
  REQUIRE(sheet.rows.size() == 2);
  CHECK(sheet.rows[0].cells == std::vector<std::string>{"1", "2", ""});
  CHECK(sheet.rows[1].line == 5);
  CHECK(sheet.header == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("CSV: an unclosed quote, binary data or an empty file is a clear error on `file`", "[import]") {
  for (const std::string& bad : {std::string("a;b\n\"open;x\n"), std::string("a\0b", 3), std::string()}) {
    const auto error = errorOf([&] { readCsv(bad); });
    CHECK(error.code() == ErrorCode::invalid);
    CHECK(fieldNames(error) == std::vector<std::string>{"file"});
  }
}

TEST_CASE("Garbage bytes never escape as anything but a domain error on `file`", "[import]") {
  std::mt19937 random(1313);
  SpreadsheetReader small(SheetLimits{1000, 50, 2000, 1u << 20});
  for (int round = 0; round < 400; ++round) {
    std::string bytes(static_cast<std::size_t>(random() % 3000), '\0');
    for (auto& b : bytes) b = static_cast<char>(random() % 256);
    if (round % 3 == 1) bytes.replace(0, std::min<std::size_t>(2, bytes.size()), "PK");
    for (const auto format : {SheetFormat::csv, SheetFormat::xlsx}) {
      try {
        const auto sheet = small.read(bytes, format);
        CHECK(!sheet.header.empty());
      } catch (const DomainError& e) {
        CHECK(fieldNames(e) == std::vector<std::string>{"file"});
      }
    }
  }
}

namespace {

std::string xlsxBytes(const std::function<void(lxw_workbook*, lxw_worksheet*)>& fill) {
  const auto path =
      std::filesystem::temp_directory_path() / ("brobygger-import-" + std::to_string(::getpid()) + ".xlsx");
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, "Ark1");
  fill(workbook, sheet);
  REQUIRE(workbook_close(workbook) == LXW_NO_ERROR);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

}  // namespace

TEST_CASE("XLSX: the first sheet's strings, numbers as written and dates as ISO text", "[import]") {
  const auto bytes = xlsxBytes([](lxw_workbook* workbook, lxw_worksheet* sheet) {
    lxw_format* date = workbook_add_format(workbook);
    format_set_num_format(date, "dd-mm-yyyy");
    worksheet_write_string(sheet, 0, 0, "Navn", nullptr);
    worksheet_write_string(sheet, 0, 1, "CVR", nullptr);
    worksheet_write_string(sheet, 0, 2, "Stiftet", nullptr);
    worksheet_write_string(sheet, 0, 3, "Beløb", nullptr);
    worksheet_write_string(sheet, 1, 0, "Ålborg Roklub", nullptr);
    worksheet_write_number(sheet, 1, 1, 12345678, nullptr);
    lxw_datetime founded = {2019, 3, 10, 0, 0, 0};
    worksheet_write_datetime(sheet, 1, 2, &founded, date);
    worksheet_write_number(sheet, 1, 3, 12.5, nullptr);
    worksheet_write_string(sheet, 3, 0, "Række fire", nullptr);  // row 3 left empty
    workbook_add_worksheet(workbook, "Ark2");
  });
  const auto sheet = SpreadsheetReader().read(bytes, SheetFormat::xlsx);
  REQUIRE(sheet.header == std::vector<std::string>{"Navn", "CVR", "Stiftet", "Beløb"});
  REQUIRE(sheet.rows.size() == 2);
  CHECK(sheet.rows[0].cells == std::vector<std::string>{"Ålborg Roklub", "12345678", "2019-03-10", "12.5"});
  CHECK(sheet.rows[1].line == 4);
  CHECK(sheet.rows[1].cells[0] == "Række fire");
}

TEST_CASE("XLSX: a file that is no workbook, or unpacks beyond the limit, is refused on `file`", "[import]") {
  CHECK(fieldNames(errorOf([] { SpreadsheetReader().read("navn;cvr\n", SheetFormat::xlsx); })) ==
        std::vector<std::string>{"file"});
  const auto big = xlsxBytes([](lxw_workbook*, lxw_worksheet* sheet) {
    for (lxw_row_t r = 0; r < 3000; ++r) worksheet_write_string(sheet, r, 0, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", nullptr);
  });
  const auto error = errorOf([&] {
    SpreadsheetReader(SheetLimits{100000, 50, 1000, 20000}).read(big, SheetFormat::xlsx);
  });
  REQUIRE(error.fields().size() == 1);
  CHECK(error.fields()[0].message.find("unpacks to more than") != std::string::npos);
}

// ---- mapping -------------------------------------------------------------------------------------

TEST_CASE("Columns map by themselves from Danish and English headers", "[import]") {
  CHECK(fieldForHeader(ImportKind::organisations, "Navn") == "name");
  CHECK(fieldForHeader(ImportKind::organisations, "CVR-nr.") == "cvr");
  CHECK(fieldForHeader(ImportKind::organisations, "Kommune") == "municipality_id");
  CHECK(fieldForHeader(ImportKind::organisations, "Hjemmeside") == "website");
  CHECK(fieldForHeader(ImportKind::organisations, "Type") == "kind");
  CHECK(fieldForHeader(ImportKind::contacts, "E-mail") == "email");
  CHECK(fieldForHeader(ImportKind::contacts, "Telefon") == "phone");
  CHECK(fieldForHeader(ImportKind::contacts, "Organisation") == "organisation_id");
  CHECK(fieldForHeader(ImportKind::contacts, "Job title") == "title");
  CHECK_FALSE(fieldForHeader(ImportKind::contacts, "Bemærkning"));
}

// ---- organisations -------------------------------------------------------------------------------

TEST_CASE_METHOD(
    ImportFixture,
    "Organisations: new, matched by CVR, duplicate by folded name, invalid, and the preview writes nothing",
    "[import]") {
  const auto cvr = validCvr(1234567);
  const auto cvrNew = validCvr(2345678);
  const Id byName = addOrganisation(store, "Aarhus Boldklub A/S", 751);
  {
    auto uow = store.begin(Access::write);
    auto o = *uow->organisations().find(byName);
    o.cvr = cvr;
    uow->organisations().update(o, o.version);
    uow->commit();
  }
  const Id other = addOrganisation(store, "Ålborg Roklub", 851);
  const auto before = store.count("organisations");
  const auto import = previewCsv(admin, ImportKind::organisations,
                                 "Navn;CVR;Kommune;Type;Hjemmeside\n"
                                 "Aarhus Boldklub A/S;" +
                                     cvr +
                                     ";751;sports_club;https://aab.dk\n"
                                     "aalborg roklub;;Aalborg;Idrætsforening;\n"
                                     "Nyt Sted;" +
                                     cvrNew +
                                     ";101;Trossamfund;\n"
                                     "Uden kommune;;;sports_club;\n"
                                     "Dårligt CVR;11111111;751;sports_club;\n");
  CHECK(store.count("organisations") == before);
  CHECK(import.status == ImportStatus::preview);
  CHECK(import.rows == 5);
  CHECK(import.mapping == std::vector<std::optional<std::string>>{"name", "cvr", "municipality_id", "kind", "website"});
  CHECK(import.summary.update == 1);
  CHECK(import.summary.duplicate == 1);
  CHECK(import.summary.new_ == 1);
  CHECK(import.summary.invalid == 2);
  const auto rows = rowsOf(import.id);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].status == ImportRowStatus::update);
  CHECK(rows[0].match->id == byName);
  CHECK(rows[0].match->by == MatchBy::cvr);
  CHECK(rows[0].action == ImportRowAction::update);
  CHECK(rows[1].status == ImportRowStatus::duplicate);  // å/aa and case folded, same municipality
  CHECK(rows[1].match->id == other);
  CHECK(rows[1].match->by == MatchBy::name);
  CHECK(rows[1].action == ImportRowAction::skip);
  CHECK(rows[2].status == ImportRowStatus::new_);
  CHECK(rows[2].values.at("kind") == "religious_association");
  CHECK(rows[2].values.at("municipality_id") == "101");
  CHECK(rows[3].status == ImportRowStatus::invalid);
  CHECK(rows[3].errors.at(0).field == "municipality_id");
  CHECK(rows[4].errors.at(0).field == "cvr");
}

TEST_CASE_METHOD(ImportFixture,
                 "Organisations: the commit writes every decision at once, a second commit is a conflict, the same "
                 "file again is unchanged",
                 "[import]") {
  const Id existing = addOrganisation(store, "Aarhus Boldklub", 751);
  const std::string csv =
      "navn,kommune,type\nAarhus Boldklub,751,sports_club\nNy Forening,751,sports_club\n"
      "Anden Forening,101,sports_club\nNy Forening,751,sports_club\n";
  auto import = previewCsv(officer, ImportKind::organisations, csv);
  auto rows = rowsOf(import.id);
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].status == ImportRowStatus::unchanged);  // same name and values: nothing to write
  CHECK(rows[0].match->id == existing);
  CHECK(rows[3].status == ImportRowStatus::invalid);  // repeats row 3
  CHECK(rows[3].errors.at(0).message == "repeats row 3 of the file");
  // Skip row 4 ("Anden Forening") by decision.
  ImportChanges changes;
  changes.actions = {{4, ImportRowAction::skip}};
  import = service.change(officer, import.id, changes);
  const auto before = store.count("organisations");
  import = service.commit(officer, import.id);
  CHECK(import.status == ImportStatus::committed);
  CHECK(import.created == 1);
  CHECK(import.updated == 0);
  CHECK(import.skipped == 3);
  CHECK(store.count("organisations") == before + 1);
  CHECK(errorOf([&] { service.commit(officer, import.id); }).code() == ErrorCode::conflict);
  // The same file again: what was written is unchanged; the skipped one is still new.
  const auto again = previewCsv(officer, ImportKind::organisations, csv);
  CHECK(again.summary.unchanged == 2);
  CHECK(again.summary.new_ == 1);
}

TEST_CASE_METHOD(ImportFixture,
                 "Organisations: a corrected mapping and decisions are evaluated again, and bad ones are refused",
                 "[import]") {
  auto import = previewCsv(admin, ImportKind::organisations, "Forening;By;Type\nA-klubben;Aarhus;sports_club\n");
  CHECK(import.mapping == std::vector<std::optional<std::string>>{std::nullopt, std::nullopt, "kind"});
  CHECK(import.summary.invalid == 1);
  ImportChanges changes;
  changes.mapping = ImportMapping{{"Forening", "name"}, {"By", "municipality_id"}};
  import = service.change(admin, import.id, changes);
  CHECK(import.summary.new_ == 1);
  ImportChanges wrong;
  wrong.mapping = ImportMapping{{"By", "name"}};
  CHECK(fieldNames(errorOf([&] { service.change(admin, import.id, wrong); })) == std::vector<std::string>{"mapping"});
  ImportChanges impossible;
  impossible.actions = {{2, ImportRowAction::update}};
  CHECK(fieldNames(errorOf([&] { service.change(admin, import.id, impossible); })) ==
        std::vector<std::string>{"actions"});
}

TEST_CASE_METHOD(ImportFixture,
                 "A district-limited officer imports only into its districts, and partners and managers import nothing",
                 "[import]") {
  const Id limitedId = addUser(store, Role::officer, "aarhus@example.dk");
  const Actor limited{limitedId, Role::officer, std::nullopt, {2}};
  const auto import = previewCsv(limited, ImportKind::organisations,
                                 "navn;kommune;type\nI Aarhus;751;sports_club\nI Aalborg;851;sports_club\n");
  const auto rows = rowsOf(import.id);
  CHECK(rows[0].status == ImportRowStatus::new_);
  CHECK(rows[1].status == ImportRowStatus::invalid);
  CHECK(rows[1].errors.at(0).message == "is outside your police districts");
  // Another officer cannot use it; the admin can.
  CHECK(errorOf([&] { service.get(officer, import.id); }).code() == ErrorCode::forbidden);
  CHECK(service.get(admin, import.id).id == import.id);
  const Id orgId = addOrganisation(store, "Partnerens");
  const Actor partner{addUser(store, Role::partner, "p@example.dk", orgId), Role::partner, orgId};
  CHECK(errorOf([&] { previewCsv(partner, ImportKind::organisations, "navn\nx\n"); }).code() == ErrorCode::forbidden);
}

// ---- contacts ------------------------------------------------------------------------------------

TEST_CASE_METHOD(
    ImportFixture,
    "Contacts: matched by email in any case, else by name in the organisation, and phones normalised or invalid",
    "[import]") {
  const Id club = addOrganisation(store, "Aarhus Boldklub", 751);
  const Id known = addContact(store, club, "Karen Jensen", std::string("Karen@Example.dk"));
  const Id byName = addContact(store, club, "Søren Ørsted");
  const auto before = store.count("contacts");
  auto import = previewCsv(admin, ImportKind::contacts,
                           "Navn;E-mail;Telefon;Organisation\n"
                           "Karen Jensen;karen@example.DK;;Aarhus Boldklub\n"
                           "soeren oersted;;;aarhus boldklub\n"
                           "Ny Person;ny@example.dk;20 30 40 50;Aarhus Boldklub\n"
                           "Forkert Nummer;;123;Aarhus Boldklub\n"
                           "Ingen Steder;;;Findes Ikke\n");
  CHECK(store.count("contacts") == before);
  const auto rows = rowsOf(import.id);
  REQUIRE(rows.size() == 5);
  CHECK(rows[0].status == ImportRowStatus::unchanged);
  CHECK(rows[0].match->id == known);
  CHECK(rows[0].match->by == MatchBy::email);
  CHECK(rows[1].status == ImportRowStatus::duplicate);
  CHECK(rows[1].match->id == byName);
  CHECK(rows[2].status == ImportRowStatus::new_);
  for (const auto& e : rows[2].errors) UNSCOPED_INFO(e.field << ": " << e.message);
  CHECK(rows[2].errors.empty());
  CHECK(rows[2].values.at("phone") == "+45 2030 4050");
  CHECK(rows[2].values.at("organisation_id") == std::to_string(club));
  CHECK(rows[3].status == ImportRowStatus::invalid);
  CHECK(fieldNames(DomainError(ErrorCode::invalid, "", rows[3].errors)) == std::vector<std::string>{"phone"});
  CHECK(rows[4].errors.at(0).field == "organisation_id");
  import = service.commit(admin, import.id);
  CHECK(import.created == 1);
  const auto created = store.count("contacts");
  CHECK(created == before + 1);
}
