#pragma once
// The import use cases: preview a file (nothing written to the register), correct the mapping and decide
// per row, commit all of it in one unit of work. The API and `brobygger import` make the same calls.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/import.hpp"
#include "domain/policy.hpp"
#include "domain/reference.hpp"
#include "domain/repositories.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

// Column name -> field (nothing: ignore the column).
using ImportMapping = std::map<std::string, std::optional<std::string>>;

struct ImportChanges {
  std::optional<ImportMapping> mapping;
  std::vector<std::pair<int, ImportRowAction>> actions;  // row (line) -> action
};

// Told how far a long step has come: the stage ("reading", "matching", "writing"), done of total.
using ImportProgress = std::function<void(std::string_view stage, std::int64_t done, std::int64_t total)>;

// The mapping the headers give by themselves (Danish and English names).
std::optional<std::string> fieldForHeader(ImportKind kind, std::string_view header);

// Evaluates rows against the register: a pure function of its inputs, so the preview, a changed
// mapping and the commit judge a row the same way. Rows keep their cells and decisions; status,
// values, errors, match and (undecided) action are computed.
void evaluateImportRows(ImportKind kind, const std::vector<std::optional<std::string>>& mapping,
                        std::vector<ImportRow>& rows, const RegisterSnapshot& snapshot, const ReferenceCatalog& catalog,
                        const Actor& actor);

ImportSummary summarise(const std::vector<ImportRow>& rows);

class ImportService {
 public:
  ImportService(Store& store, const ReferenceCatalog& catalog, const SheetReader& reader, const Clock& clock,
                ImportRetention retention = {})
      : store_(store), catalog_(catalog), reader_(reader), clock_(clock), retention_(retention) {}

  // Reads the file, maps its columns (headers, then `mapping` on top), evaluates every row and keeps
  // the preview. Nothing is written to the register.
  Import preview(const Actor& actor, ImportKind kind, std::string_view file, SheetFormat format,
                 const ImportMapping& mapping = {}, const ImportProgress& progress = {});
  Import get(const Actor& actor, Id id);
  Page<ImportRow> rows(const Actor& actor, Id id, const ImportRowQuery& query);
  // The import and every row (of one status, if given): the outcome file.
  std::pair<Import, std::vector<ImportRow>> outcome(const Actor& actor, Id id, std::optional<ImportRowStatus> status);
  // A new mapping and/or decisions per row; the preview is evaluated again.
  Import change(const Actor& actor, Id id, const ImportChanges& changes);
  // Writes every row's decision in one unit of work (evaluated again against the register as it is
  // then); a committed import cannot be committed again (conflict).
  Import commit(const Actor& actor, Id id, const ImportProgress& progress = {});

 private:
  Import visible(UnitOfWork& uow, const Actor& actor, Id id, Action action);
  Store& store_;
  const ReferenceCatalog& catalog_;
  const SheetReader& reader_;
  const Clock& clock_;
  ImportRetention retention_;
};

}  // namespace brobygger::domain
