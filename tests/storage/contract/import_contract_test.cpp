// Imports' own tables (V013): the import and its rows as written, read back by status and page, in
// batches larger than one INSERT, with any text a file may hold; expiry; the register snapshot.
#include "tests/storage/contract/contract_support.hpp"

namespace brobygger::testing::contract {

using namespace brobygger::domain;

namespace {

Import anImport() {
  Import i;
  i.kind = ImportKind::contacts;
  i.columns = {"Navn", "E-mail", "column 3"};
  i.mapping = {"name", "email", std::nullopt};
  i.rows = 1201;
  i.summary = {1000, 1, 0, 0, 200};
  i.created_at = i.updated_at = at(2026, 3, 1, 10);
  return i;
}

ImportRow aRow(int line) {
  ImportRow r;
  r.line = line;
  // What a file may hold: quotes, backslashes, line breaks, control characters, Danish letters.
  r.cells = {"Ærø \"Ø\" 'å' \\ " + std::to_string(line), "a@b.dk\r\nx\t\x01", ""};
  r.status = line % 6 == 0 ? ImportRowStatus::invalid : ImportRowStatus::new_;
  r.action = r.status == ImportRowStatus::invalid ? ImportRowAction::skip : ImportRowAction::create;
  r.values = {{"name", r.cells[0]}};
  if (r.status == ImportRowStatus::invalid) r.errors = {{"phone", "must be a Danish number"}};
  if (line == 2) {
    r.match = ImportMatch{42, MatchBy::email};
    r.decided = true;
  }
  return r;
}

}  // namespace

TEST_CASE("an import and its rows are stored and read back by status and page", "[contract][import]") {
  World w;
  auto import = anImport();
  std::vector<ImportRow> rows;
  for (int line = 2; line <= 1202; ++line) rows.push_back(aRow(line));
  const auto id = w.committed([&](UnitOfWork& uow) {
    const auto made = uow.imports().insert(import);
    uow.imports().replaceRows(made, rows);
    return made;
  });
  const auto found = *w.read()->imports().find(id);
  CHECK(found.kind == ImportKind::contacts);
  CHECK(found.status == ImportStatus::preview);
  CHECK(found.columns == import.columns);
  CHECK(found.mapping == import.mapping);
  CHECK(found.summary.new_ == 1000);
  CHECK(found.summary.invalid == 200);
  CHECK_FALSE(found.created_by);
  CHECK_FALSE(found.committed_at);

  ImportRowQuery all;
  all.all = true;
  const auto back = w.read()->imports().rows(id, all);
  REQUIRE(back.total == 1201);
  REQUIRE(back.items.size() == 1201);
  CHECK(back.items[0].cells == rows[0].cells);
  CHECK(back.items[0].match->id == 42);
  CHECK(back.items[0].match->by == MatchBy::email);
  CHECK(back.items[0].decided);
  CHECK(back.items[1200].line == 1202);
  ImportRowQuery invalid;
  invalid.status = ImportRowStatus::invalid;
  invalid.page = {10, 5};
  const auto page = w.read()->imports().rows(id, invalid);
  CHECK(page.total == 200);
  REQUIRE(page.items.size() == 10);
  CHECK(page.items[0].line == 36);  // the sixth invalid row: lines 6, 12, ... 36
  CHECK(page.items[0].errors.at(0).field == "phone");

  // Committed: the summary and counts change, the rows are replaced.
  import = found;
  import.status = ImportStatus::committed;
  import.created = 1000;
  import.skipped = 201;
  import.committed_at = import.updated_at = at(2026, 3, 2);
  w.committed([&](UnitOfWork& uow) {
    uow.imports().update(import);
    uow.imports().replaceRows(id, {aRow(2)});
  });
  const auto committed = *w.read()->imports().find(id);
  CHECK(committed.status == ImportStatus::committed);
  CHECK(committed.created == 1000);
  CHECK(*committed.committed_at == at(2026, 3, 2));
  CHECK(w.read()->imports().rows(id, all).total == 1);
}

TEST_CASE("old previews expire with their rows, a committed import keeps its summary", "[contract][import]") {
  World w;
  auto old = anImport();
  auto recent = anImport();
  recent.created_at = recent.updated_at = at(2026, 3, 20);
  auto done = anImport();
  done.status = ImportStatus::committed;
  done.committed_at = at(2026, 1, 1);
  const auto [oldId, recentId, doneId] = w.committed([&](UnitOfWork& uow) {
    const auto a = uow.imports().insert(old), b = uow.imports().insert(recent), c = uow.imports().insert(done);
    for (const auto id : {a, b, c}) uow.imports().replaceRows(id, {aRow(2), aRow(3)});
    return std::tuple{a, b, c};
  });
  const auto expired =
      w.committed([](UnitOfWork& uow) { return uow.imports().expire(at(2026, 3, 10), at(2026, 2, 1)); });
  CHECK(expired == 2);
  CHECK_FALSE(w.read()->imports().find(oldId));
  ImportRowQuery all;
  all.all = true;
  CHECK(w.read()->imports().rows(oldId, all).total == 0);
  CHECK(w.read()->imports().rows(recentId, all).total == 2);
  const auto kept = *w.read()->imports().find(doneId);
  CHECK(kept.summary.new_ == 1000);
  CHECK(w.read()->imports().rows(doneId, all).total == 0);
}

TEST_CASE("the register snapshot holds every organisation and every person not erased", "[contract][import]") {
  World w;
  w.committed([&](UnitOfWork& uow) { uow.contacts().erase(w.carl, at(2026, 2, 1)); });
  const auto organisations = w.read()->imports().snapshot(ImportKind::organisations);
  CHECK(organisations.organisations.size() == 2);
  CHECK(organisations.contacts.empty());
  const auto people = w.read()->imports().snapshot(ImportKind::contacts);
  REQUIRE(people.contacts.size() == 2);
  CHECK(people.contacts[0].id == w.anna);
  CHECK(people.contacts[0].name == "Anna Ærø");
}

}  // namespace brobygger::testing::contract
