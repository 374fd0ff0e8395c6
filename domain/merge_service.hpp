#pragma once
// Likely duplicates, merge of two organisations or two people, and undo of a merge within 30 days.
#include "domain/merge.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"

namespace brobygger::domain {

class MergeService {
 public:
  MergeService(Store& store, const Clock& clock) : store_(store), clock_(clock) {}

  // Pairs of records that look like one, the likeliest first (paged). Keys shared by more than
  // kMaxGroup records (a switchboard phone, a generic name) say nothing and are left out.
  static constexpr std::size_t kMaxGroup = 20;
  Page<DuplicatePair> duplicates(const Actor& actor, const DuplicateQuery& query);
  // "Not a duplicate": the pair is no longer listed.
  void dismiss(const Actor& actor, MergeKind kind, Id a, Id b);

  // `fromId` goes into `keptId` (see docs/user-guide.md, "Duplicates and merge"); answers the kept one.
  Organisation mergeOrganisations(const Actor& actor, Id keptId, Id fromId);
  Contact mergeContacts(const Actor& actor, Id keptId, Id fromId);

  Page<MergeRecord> list(const Actor& actor, MergeQuery query);
  // Within kMergeUndoDays: both records restored and what moved moved back. A merged person's
  // erasure is not undone (docs/privacy.md).
  MergeRecord undo(const Actor& actor, Id mergeId);

 private:
  Store& store_;
  const Clock& clock_;
};

}  // namespace brobygger::domain
