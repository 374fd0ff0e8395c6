#pragma once
// Likely duplicates in the register, merging two organisations or two people, and the merge journal
// that lets a merge be undone for 30 days.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/types.hpp"

namespace brobygger::domain {

enum class MergeKind { organisation, contact };
const char* toString(MergeKind kind) noexcept;
std::optional<MergeKind> mergeKindFrom(std::string_view code) noexcept;

// How long a merge can be undone; retention removes older journals.
inline constexpr int kMergeUndoDays = 30;

// Why two records look like one (stable codes, documented in docs/user-guide.md).
inline constexpr const char* kSameName = "same_name";        // names equal after nameMatchKey
inline constexpr const char* kSameWebsite = "same_website";  // organisations: the same website
inline constexpr const char* kSameAddress = "same_address";  // organisations: the same address
inline constexpr const char* kSamePhone = "same_phone";      // people: the same normalised phone

// One key shared by records of one group (a name key within a municipality, a website, ...).
struct DuplicateKeyRow {
  std::string key;
  Id id = 0;
};

struct DuplicatePair {
  Id a = 0;  // a < b
  Id b = 0;
  double score = 0;
  std::vector<std::string> reasons;
};

struct DuplicateQuery {
  MergeKind kind = MergeKind::organisation;
  PageRequest page;
  std::vector<int> within_districts;  // an officer limited to districts: both records inside them
};

// One thing a merge moved or filled, as the journal keeps it.
struct MergeMove {
  std::string what;  // contact, registration, activity, follow_up, invitation, invitation_dropped, user,
                     // roster (a series' roster place), roster_dropped,
                     // activity_link, activity_link_dropped, registration_cancelled, field, from_cvr
  Id row_id = 0;     // the row moved (an invitation's event)
  std::optional<std::string> value;  // a field's name, a registration's earlier status, the CVR taken
};

struct MergeRecord {
  Id id = 0;
  MergeKind kind = MergeKind::organisation;
  Id kept_id = 0;
  Id from_id = 0;
  int police_district_id = 0;  // of the kept organisation (a person's organisation)
  int from_district_id = 0;
  std::string from_status;  // the other record's status before the merge
  std::optional<Id> created_by;
  Timestamp created_at{};
  Timestamp undo_until{};
  std::optional<Timestamp> undone_at;
  std::optional<Id> undone_by;
  std::vector<MergeMove> moves;
  bool undoable = false;  // not undone and still within kMergeUndoDays (set by MergeService)
};

struct MergeQuery {
  std::optional<MergeKind> kind;
  PageRequest page;
  std::vector<int> within_districts;
};

// What a merge moved, counted by kind of thing (for the answer and the web admin).
struct MergeCounts {
  int contacts = 0, registrations = 0, activities = 0, follow_ups = 0, invitations = 0, users = 0, fields = 0,
      registrations_cancelled = 0, roster_places = 0;
};
MergeCounts countMoves(const std::vector<MergeMove>& moves);

// The journal and the moves themselves (storage implements them in SQL: each move is one statement
// over the rows that point at the other record, so a merge costs the same for 5 or 5,000 rows).
class MergeRepository {
 public:
  virtual ~MergeRepository() = default;
  // Fills the name keys not computed yet (rows written before V014 or by the bulk loader); answers how many.
  virtual int fillNameKeys(MergeKind kind) = 0;
  // Records sharing a key with at least one other record, by key: organisations by name key and
  // municipality, website, address and municipality; people by name key and organisation, phone.
  // Merged organisations and erased people are left out; `within_districts` limits both sides.
  virtual std::vector<DuplicateKeyRow> sharedKeys(MergeKind kind, std::string_view reason,
                                                  const std::vector<int>& within_districts, int limit) = 0;
  virtual std::vector<std::pair<Id, Id>> dismissals(MergeKind kind) = 0;
  virtual void dismiss(MergeKind kind, Id a, Id b, std::optional<Id> by, Timestamp at) = 0;

  // Organisation merge: every row pointing at `from` (contacts, registrations, activities, follow-ups,
  // invitations, partner users) now points at `to`; answers what moved. The maintained columns of both
  // (latest attendance and activity, open follow-ups) are recomputed.
  virtual std::vector<MergeMove> moveOrganisation(Id from, Id to) = 0;
  // Contact merge: registrations (for an event both were registered for, `cancel` names the
  // registrations to cancel instead), activity links and follow-ups of `from` move to `to`.
  virtual std::vector<MergeMove> moveContact(Id from, Id to, const std::vector<Id>& cancel) = 0;
  // Moves back what `moves` moved from `from` to `to` (and restores cancelled registrations).
  virtual void moveBack(MergeKind kind, Id from, Id to, const std::vector<MergeMove>& moves) = 0;

  virtual Id record(const MergeRecord& merge) = 0;  // with its moves
  virtual std::optional<MergeRecord> find(Id id) = 0;
  virtual Page<MergeRecord> list(const MergeQuery& query) = 0;  // newest first, without moves
  // A merge not undone, made after `after`, that involves `recordId` (kept or from).
  virtual bool laterMergeInvolving(MergeKind kind, Id recordId, Id after) = 0;
  virtual void markUndone(Id id, std::optional<Id> by, Timestamp at) = 0;
  // Retention: journals made before `before` go; answers how many.
  virtual int purgeBefore(Timestamp before) = 0;
};

}  // namespace brobygger::domain
