#pragma once
// Importing organisations and contacts from a spreadsheet: the file read into a sheet (by an adapter),
// a preview kept in the database (nothing written to the register), decisions per row, one commit.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact.hpp"
#include "domain/error.hpp"
#include "domain/organisation.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

// ---- Reading files -------------------------------------------------------------------------------

enum class SheetFormat { csv, xlsx };

struct SheetRow {
  int line = 0;  // the row in the sheet (the header is 1); a CSV record's number
  std::vector<std::string> cells;
};

// A table read from a file: a header and the data rows, every text valid UTF-8 without NUL.
struct Sheet {
  std::vector<std::string> header;  // unique, non-empty names ("column 3" for an empty one)
  std::vector<SheetRow> rows;       // blank rows left out
};

// The limits a reader keeps, so that no file can exhaust the server.
struct SheetLimits {
  std::size_t max_rows = 250'000;
  std::size_t max_columns = 200;
  std::size_t max_cell_bytes = 32'000;
  std::size_t max_uncompressed_bytes = 256u * 1024u * 1024u;  // the XLSX parts read, unpacked (zip bombs)
};

// Reads CSV (UTF-8 with or without BOM, or Windows-1252; `;`, `,` or tab) and XLSX (the first sheet).
// An unreadable file throws DomainError invalid naming the field `file`.
class SheetReader {
 public:
  virtual ~SheetReader() = default;
  virtual Sheet read(std::string_view bytes, SheetFormat format) const = 0;
};

// ---- Imports -------------------------------------------------------------------------------------

enum class ImportKind { organisations, contacts };
enum class ImportStatus { preview, committed };
enum class ImportRowStatus { new_, update, unchanged, duplicate, invalid };
enum class ImportRowAction { create, update, skip };
enum class MatchBy { cvr, email, name };

const char* toString(ImportKind kind) noexcept;
const char* toString(ImportStatus status) noexcept;
const char* toString(ImportRowStatus status) noexcept;
const char* toString(ImportRowAction action) noexcept;
const char* toString(MatchBy by) noexcept;
std::optional<ImportKind> importKindFrom(std::string_view code) noexcept;
std::optional<ImportStatus> importStatusFrom(std::string_view code) noexcept;
std::optional<ImportRowStatus> importRowStatusFrom(std::string_view code) noexcept;
std::optional<ImportRowAction> importRowActionFrom(std::string_view code) noexcept;
std::optional<MatchBy> matchByFrom(std::string_view code) noexcept;

// The fields a column may map to: the resource's own field names.
const std::vector<std::string>& importFields(ImportKind kind);

struct ImportSummary {
  int new_ = 0, update = 0, unchanged = 0, duplicate = 0, invalid = 0;
};

struct Import {
  Id id = 0;
  ImportKind kind = ImportKind::organisations;
  ImportStatus status = ImportStatus::preview;
  std::optional<Id> created_by;  // nothing: the command line
  std::vector<std::string> columns;
  std::vector<std::optional<std::string>> mapping;  // per column: the field, or nothing (ignored)
  int rows = 0;
  ImportSummary summary;
  int created = 0, updated = 0, skipped = 0;  // once committed
  Timestamp created_at{};
  Timestamp updated_at{};
  std::optional<Timestamp> committed_at;
};

struct ImportMatch {
  Id id = 0;
  MatchBy by = MatchBy::name;
};

struct ImportRow {
  int line = 0;
  std::vector<std::string> cells;  // as read, one per column
  ImportRowStatus status = ImportRowStatus::invalid;
  std::map<std::string, std::string> values;  // field -> value, as mapped and normalised
  std::vector<FieldError> errors;
  std::optional<ImportMatch> match;
  ImportRowAction action = ImportRowAction::skip;
  bool decided = false;  // the action was chosen by the user, not the default of the status
};

struct ImportRowQuery {
  std::optional<ImportRowStatus> status;
  PageRequest page;
  bool all = false;  // every row, ignoring page (the outcome file)
};

// What the matching needs of the register, read once per evaluation.
struct RegisterSnapshot {
  std::vector<Organisation> organisations;
  std::vector<Contact> contacts;  // erased people left out; empty for an organisation import
};

class ImportRepository {
 public:
  virtual ~ImportRepository() = default;
  virtual Id insert(const Import& import) = 0;
  virtual std::optional<Import> find(Id id) = 0;
  virtual void update(const Import& import) = 0;
  // Replaces every row of the import (written in batches).
  virtual void replaceRows(Id importId, const std::vector<ImportRow>& rows) = 0;
  virtual Page<ImportRow> rows(Id importId, const ImportRowQuery& query) = 0;
  // Removes previews last changed before `previewsBefore` and the rows of committed imports
  // committed before `committedBefore`; answers how many imports went or were emptied.
  virtual int expire(Timestamp previewsBefore, Timestamp committedBefore) = 0;
  virtual RegisterSnapshot snapshot(ImportKind kind) = 0;
};

// How long an import is kept: a preview not touched for this long is removed; a committed import's
// rows (the outcome file) go after the longer period, its summary stays.
struct ImportRetention {
  std::chrono::hours preview{24 * 7};
  std::chrono::hours committed_rows{24 * 30};
};

}  // namespace brobygger::domain
