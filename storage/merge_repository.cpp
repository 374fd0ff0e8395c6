// Likely duplicates, the moves of a merge and the merge journal. Every move is one statement over the
// rows that point at the record merged away, so a merge costs the same whatever it moves; the ids it
// moved are read first and journalled, and an undo moves exactly those back.
#include <algorithm>

#include "domain/validation.hpp"
#include "storage/columns.hpp"
#include "storage/repositories.hpp"

namespace brobygger::storage {

using namespace brobygger::domain;

namespace {

std::vector<long long> idsOf(Connection& c, const std::string& sql, long long a, long long b = 0,
                             bool twoParams = false) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = twoParams ? (c.sql.prepare << sql, soci::use(a), soci::use(b), soci::into(id))
                                 : (c.sql.prepare << sql, soci::use(a), soci::into(id));
  st.execute(false);
  while (st.fetch()) out.push_back(id);
  return out;
}

void addMoves(std::vector<MergeMove>& moves, const char* what, const std::vector<long long>& ids) {
  for (const auto id : ids) moves.push_back({what, static_cast<Id>(id), std::nullopt});
}

// Series rosters hold organisation ids as an encoded list (",1,3,"): each roster naming `from` names
// `to` instead (or, when it already names `to`, just drops `from`); answers the series changed.
void moveRosters(Connection& c, Id from, Id to, std::vector<MergeMove>& moves) {
  std::vector<std::pair<long long, std::string>> rosters;
  {
    const std::string pattern = "%," + std::to_string(from) + ",%";
    long long id = 0;
    std::string roster;
    soci::statement st = (c.sql.prepare << "SELECT id, roster FROM series WHERE roster LIKE :p", soci::use(pattern),
                          soci::into(id), soci::into(roster));
    st.execute(false);
    while (st.fetch()) rosters.emplace_back(id, roster);
  }
  const auto fromText = std::to_string(from), toText = std::to_string(to);
  for (auto& [id, roster] : rosters) {
    auto items = columns::decodeList(roster);
    const bool hadTo = std::find(items.begin(), items.end(), toText) != items.end();
    std::vector<std::string> next;
    for (const auto& item : items) {
      if (item != fromText) next.push_back(item);
      else if (!hadTo) next.push_back(toText);
    }
    std::string encoded = columns::encodeList(next);
    c.sql << "UPDATE series SET roster = :r WHERE id = :id", soci::use(encoded), soci::use(id);
    moves.push_back({hadTo ? "roster_dropped" : "roster", static_cast<Id>(id), std::nullopt});
  }
}

// Undoes one series' roster move: `from` back in place of `to` (or added again beside it).
void moveRosterBack(Connection& c, long long seriesId, Id from, Id to, bool dropped) {
  std::string roster;
  soci::indicator ind{};
  c.sql << "SELECT roster FROM series WHERE id = :id", soci::use(seriesId), soci::into(roster, ind);
  if (!c.sql.got_data() || ind == soci::i_null) return;
  auto items = columns::decodeList(roster);
  const auto fromText = std::to_string(from), toText = std::to_string(to);
  if (std::find(items.begin(), items.end(), fromText) != items.end()) return;
  if (dropped) {
    items.push_back(fromText);
  } else {
    const auto it = std::find(items.begin(), items.end(), toText);
    if (it == items.end()) return;
    *it = fromText;
  }
  std::string encoded = columns::encodeList(items);
  c.sql << "UPDATE series SET roster = :r WHERE id = :id", soci::use(encoded), soci::use(seriesId);
}

void refreshOrganisation(Connection& c, Id id) {
  refreshOutreachOfOrganisation(c, id);
  refreshLastAttendedOfOrganisation(c, id);
}

// The key expressions of each reason: (k1, k2) equal means the reason holds.
struct KeySql {
  const char* table;
  std::string k1;
  std::string k2;
};

KeySql keySql(MergeKind kind, std::string_view reason) {
  if (kind == MergeKind::organisation) {
    if (reason == kSameWebsite) return {"organisations", "LOWER(website)", "0"};
    if (reason == kSameAddress) return {"organisations", "LOWER(address)", "municipality_id"};
    return {"organisations", "name_key", "municipality_id"};
  }
  if (reason == kSamePhone) return {"contacts", "phone", "0"};
  return {"contacts", "name_key", "organisation_id"};
}

struct MergeRow {
  long long id = 0, kept = 0, from = 0, created_by = 0, undone_by = 0;
  int district = 0, from_district = 0;
  std::string kind, from_status;
  std::tm created{}, until{}, undone{};
  soci::indicator created_by_ind{}, undone_ind{}, undone_by_ind{};

  void into(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(kept));
    st.exchange(soci::into(from));
    st.exchange(soci::into(district));
    st.exchange(soci::into(from_district));
    st.exchange(soci::into(from_status));
    st.exchange(soci::into(created_by, created_by_ind));
    st.exchange(soci::into(created));
    st.exchange(soci::into(until));
    st.exchange(soci::into(undone, undone_ind));
    st.exchange(soci::into(undone_by, undone_by_ind));
  }

  MergeRecord toDomain() const {
    MergeRecord m;
    m.id = id;
    m.kind = mergeKindFrom(kind).value_or(MergeKind::organisation);
    m.kept_id = kept;
    m.from_id = from;
    m.police_district_id = district;
    m.from_district_id = from_district;
    m.from_status = from_status;
    if (created_by_ind != soci::i_null) m.created_by = created_by;
    m.created_at = fromTm(created);
    m.undo_until = fromTm(until);
    if (undone_ind != soci::i_null) m.undone_at = fromTm(undone);
    if (undone_by_ind != soci::i_null) m.undone_by = undone_by;
    return m;
  }
};

constexpr const char* kMergeColumns =
    "id, kind, kept_id, from_id, police_district_id, from_district_id, from_status, created_by, created_at, "
    "undo_until, undone_at, undone_by";

void loadMoves(Connection& c, std::vector<MergeRecord>& merges) {
  if (merges.empty()) return;
  std::vector<Id> ids;
  ids.reserve(merges.size());
  for (const auto& m : merges) ids.push_back(m.id);
  long long mergeId = 0, rowId = 0;
  std::string what, value;
  soci::indicator value_ind{};
  soci::statement st =
      (c.sql.prepare << "SELECT merge_id, what, row_id, value FROM merge_moves WHERE merge_id IN (" + idList(ids) + ")",
       soci::into(mergeId), soci::into(what), soci::into(rowId), soci::into(value, value_ind));
  st.execute(false);
  while (st.fetch()) {
    const auto it = std::find_if(merges.begin(), merges.end(), [&](const auto& m) { return m.id == mergeId; });
    if (it != merges.end()) it->moves.push_back({what, static_cast<Id>(rowId), nullable(value, value_ind)});
  }
}

}  // namespace

int SociMergeRepository::fillNameKeys(MergeKind kind) {
  return guarded(c_, [&] {
    const std::string table = kind == MergeKind::organisation ? "organisations" : "contacts";
    const std::string extra = kind == MergeKind::organisation ? "" : " AND erased_at IS NULL";
    std::vector<std::pair<long long, std::string>> rows;
    {
      long long id = 0;
      std::string name;
      soci::statement st = (c_.sql.prepare << "SELECT id, name FROM " + table + " WHERE name_key IS NULL" + extra,
                            soci::into(id), soci::into(name));
      st.execute(false);
      while (st.fetch()) rows.emplace_back(id, name);
    }
    long long id = 0;
    std::string key;
    soci::statement update =
        (c_.sql.prepare << "UPDATE " + table + " SET name_key = :key WHERE id = :id", soci::use(key), soci::use(id));
    for (const auto& row : rows) {
      id = row.first;
      key = nameMatchKey(row.second);
      update.execute(true);
    }
    return static_cast<int>(rows.size());
  });
}

std::vector<DuplicateKeyRow> SociMergeRepository::sharedKeys(MergeKind kind, std::string_view reason,
                                                             const std::vector<int>& within, int limit) {
  return guarded(c_, [&] {
    const auto k = keySql(kind, reason);
    std::string base = " WHERE " + k.k1 + " IS NOT NULL AND " + k.k1 + " <> ''";
    if (kind == MergeKind::organisation) {
      base += " AND status <> 'merged'";
      if (!within.empty()) base += " AND police_district_id IN (" + columns::integerList(within) + ")";
    } else {
      base += " AND erased_at IS NULL";
      if (!within.empty())
        base += " AND organisation_id IN (SELECT id FROM organisations WHERE police_district_id IN (" +
                columns::integerList(within) + "))";
    }
    const std::string table = k.table;
    // One pass and one sort: each row with the size of its group (a window count), the shared ones kept.
    // (A join of the rows with their grouped keys made SQLite scan the table once per group.)
    const std::string sql = "SELECT k1, k2, id FROM (SELECT " + k.k1 + " AS k1, " + k.k2 +
                            " AS k2, id, COUNT(*) OVER (PARTITION BY " + k.k1 + ", " + k.k2 + ") AS n FROM " + table +
                            base + ") w WHERE n > 1 ORDER BY k1, k2, id LIMIT " + std::to_string(limit);
    std::vector<DuplicateKeyRow> out;
    std::string k1;
    long long k2 = 0, id = 0;
    soci::statement st = (c_.sql.prepare << sql, soci::into(k1), soci::into(k2), soci::into(id));
    st.execute(false);
    // MariaDB groups with the column's collation (case and the Danish letters folded); the key the
    // caller groups by must fold the same way.
    while (st.fetch()) out.push_back({foldCase(k1) + "|" + std::to_string(k2), static_cast<Id>(id)});
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return out;
  });
}

std::vector<std::pair<Id, Id>> SociMergeRepository::dismissals(MergeKind kind) {
  return guarded(c_, [&] {
    std::vector<std::pair<Id, Id>> out;
    const std::string code = toString(kind);
    long long a = 0, b = 0;
    soci::statement st = (c_.sql.prepare << "SELECT a_id, b_id FROM duplicate_dismissals WHERE kind = :kind",
                          soci::use(code), soci::into(a), soci::into(b));
    st.execute(false);
    while (st.fetch()) out.emplace_back(a, b);
    return out;
  });
}

void SociMergeRepository::dismiss(MergeKind kind, Id a, Id b, std::optional<Id> by, Timestamp at) {
  guarded(c_, [&] {
    const std::string code = toString(kind);
    long long first = a, second = b, user = by.value_or(0);
    soci::indicator user_ind = by ? soci::i_ok : soci::i_null;
    std::tm when = toTm(at);
    c_.sql << "DELETE FROM duplicate_dismissals WHERE kind = :kind AND a_id = :a AND b_id = :b", soci::use(code),
        soci::use(first), soci::use(second);
    c_.sql << "INSERT INTO duplicate_dismissals (kind, a_id, b_id, created_by, created_at) VALUES "
              "(:kind, :a, :b, :by, :at)",
        soci::use(code), soci::use(first), soci::use(second), soci::use(user, user_ind), soci::use(when);
  });
}

std::vector<MergeMove> SociMergeRepository::moveOrganisation(Id fromId, Id toId) {
  return guarded(c_, [&] {
    long long from = fromId, to = toId;
    std::vector<MergeMove> moves;
    addMoves(moves, "contact", idsOf(c_, "SELECT id FROM contacts WHERE organisation_id = :f", from));
    c_.sql << "UPDATE contacts SET organisation_id = :t WHERE organisation_id = :f", soci::use(to), soci::use(from);
    bumpContactListRevision(c_, 0);  // the people moved to another organisation
    addMoves(moves, "registration", idsOf(c_, "SELECT id FROM registrations WHERE organisation_id = :f", from));
    c_.sql << "UPDATE registrations SET organisation_id = :t WHERE organisation_id = :f", soci::use(to),
        soci::use(from);
    // Activities and follow-ups carry their organisation's police district (for scoping).
    addMoves(moves, "activity", idsOf(c_, "SELECT id FROM activities WHERE organisation_id = :f", from));
    c_.sql << "UPDATE activities SET police_district_id = (SELECT police_district_id FROM organisations WHERE id = "
              ":t1), organisation_id = :t2 WHERE organisation_id = :f",
        soci::use(to), soci::use(to), soci::use(from);
    addMoves(moves, "follow_up", idsOf(c_, "SELECT id FROM follow_ups WHERE organisation_id = :f", from));
    c_.sql << "UPDATE follow_ups SET police_district_id = (SELECT police_district_id FROM organisations WHERE id = "
              ":t1), organisation_id = :t2 WHERE organisation_id = :f",
        soci::use(to), soci::use(to), soci::use(from);
    // An event that invited both keeps one invitation (the kept one's).
    const auto both = idsOf(c_,
                            "SELECT event_id FROM event_invitations WHERE organisation_id = :f AND event_id IN "
                            "(SELECT event_id FROM event_invitations WHERE organisation_id = :t)",
                            from, to, true);
    for (auto eventId : both)
      c_.sql << "DELETE FROM event_invitations WHERE event_id = :e AND organisation_id = :f", soci::use(eventId),
          soci::use(from);
    addMoves(moves, "invitation_dropped", both);
    addMoves(moves, "invitation", idsOf(c_, "SELECT event_id FROM event_invitations WHERE organisation_id = :f", from));
    c_.sql << "UPDATE event_invitations SET organisation_id = :t WHERE organisation_id = :f", soci::use(to),
        soci::use(from);
    // Roster places of series of network meetings.
    moveRosters(c_, fromId, toId, moves);
    // The partner users of the other organisation now work for the kept one.
    addMoves(moves, "user", idsOf(c_, "SELECT id FROM users WHERE organisation_id = :f", from));
    c_.sql << "UPDATE users SET organisation_id = :t WHERE organisation_id = :f", soci::use(to), soci::use(from);
    refreshOrganisation(c_, fromId);
    refreshOrganisation(c_, toId);
    bumpEventListRevision(c_, 0);  // invitations moved: the events lists show them
    return moves;
  });
}

std::vector<MergeMove> SociMergeRepository::moveContact(Id fromId, Id toId, const std::vector<Id>& cancel) {
  return guarded(c_, [&] {
    long long from = fromId, to = toId;
    std::vector<MergeMove> moves;
    const std::string skip = cancel.empty() ? "" : " AND id NOT IN (" + idList(cancel) + ")";
    const auto moving = idsOf(c_, "SELECT id FROM registrations WHERE contact_id = :f" + skip, from);
    c_.sql << "UPDATE registrations SET contact_id = :t WHERE contact_id = :f" + skip, soci::use(to), soci::use(from);
    addMoves(moves, "registration", moving);
    // Where both were registered for one event, the lesser registration is cancelled and stays with
    // the person merged away, so the kept person has one registration for the event.
    std::vector<Id> organisations;
    for (const auto cancelled : cancel) {
      long long id = cancelled, contact = 0, organisation = 0;
      std::string status;
      c_.sql << "SELECT status, contact_id, organisation_id FROM registrations WHERE id = :id", soci::use(id),
          soci::into(status), soci::into(contact), soci::into(organisation);
      if (!c_.sql.got_data()) continue;
      organisations.push_back(organisation);
      c_.sql << "UPDATE registrations SET status = 'cancelled', version = version + 1 WHERE id = :id", soci::use(id);
      moves.push_back({"registration_cancelled", cancelled, status});
      if (contact == to) {
        c_.sql << "UPDATE registrations SET contact_id = :f WHERE id = :id", soci::use(from), soci::use(id);
        moves.push_back({"registration_given", cancelled, std::nullopt});
      }
    }
    const auto both = idsOf(c_,
                            "SELECT activity_id FROM activity_contacts WHERE contact_id = :f AND activity_id IN "
                            "(SELECT activity_id FROM activity_contacts WHERE contact_id = :t)",
                            from, to, true);
    for (auto activityId : both)
      c_.sql << "DELETE FROM activity_contacts WHERE activity_id = :a AND contact_id = :f", soci::use(activityId),
          soci::use(from);
    addMoves(moves, "activity_link_dropped", both);
    addMoves(moves, "activity_link",
             idsOf(c_, "SELECT activity_id FROM activity_contacts WHERE contact_id = :f", from));
    c_.sql << "UPDATE activity_contacts SET contact_id = :t WHERE contact_id = :f", soci::use(to), soci::use(from);
    addMoves(moves, "follow_up", idsOf(c_, "SELECT id FROM follow_ups WHERE contact_id = :f", from));
    c_.sql << "UPDATE follow_ups SET contact_id = :t WHERE contact_id = :f", soci::use(to), soci::use(from);
    for (const auto organisation : organisations) refreshLastAttendedOfOrganisation(c_, organisation);
    bumpEventListRevision(c_, 0);  // registrations moved or cancelled: the events lists show the counts
    return moves;
  });
}

void SociMergeRepository::moveBack(MergeKind kind, Id fromId, Id toId, const std::vector<MergeMove>& moves) {
  guarded(c_, [&] {
    long long from = fromId, to = toId, row = 0;
    std::vector<Id> organisations;
    for (const auto& move : moves) {
      row = move.row_id;
      const auto& w = move.what;
      if (kind == MergeKind::organisation) {
        if (w == "contact")
          c_.sql << "UPDATE contacts SET organisation_id = :f WHERE id = :r AND organisation_id = :t", soci::use(from),
              soci::use(row), soci::use(to);
        else if (w == "registration")
          c_.sql << "UPDATE registrations SET organisation_id = :f WHERE id = :r AND organisation_id = :t",
              soci::use(from), soci::use(row), soci::use(to);
        else if (w == "activity")
          c_.sql << "UPDATE activities SET police_district_id = (SELECT police_district_id FROM organisations WHERE id "
                    "= :f1), organisation_id = :f2 WHERE id = :r AND organisation_id = :t",
              soci::use(from), soci::use(from), soci::use(row), soci::use(to);
        else if (w == "follow_up")
          c_.sql << "UPDATE follow_ups SET police_district_id = (SELECT police_district_id FROM organisations WHERE id "
                    "= :f1), organisation_id = :f2 WHERE id = :r AND organisation_id = :t",
              soci::use(from), soci::use(from), soci::use(row), soci::use(to);
        else if (w == "invitation")
          c_.sql << "UPDATE event_invitations SET organisation_id = :f WHERE event_id = :r AND organisation_id = :t",
              soci::use(from), soci::use(row), soci::use(to);
        else if (w == "invitation_dropped")
          c_.sql << "INSERT INTO event_invitations (event_id, organisation_id) SELECT id, :f FROM events WHERE id = :r",
              soci::use(from), soci::use(row);
        else if (w == "roster" || w == "roster_dropped") moveRosterBack(c_, row, fromId, toId, w == "roster_dropped");
        else if (w == "user")
          c_.sql << "UPDATE users SET organisation_id = :f WHERE id = :r AND organisation_id = :t", soci::use(from),
              soci::use(row), soci::use(to);
      } else {
        if (w == "registration")
          c_.sql << "UPDATE registrations SET contact_id = :f WHERE id = :r AND contact_id = :t", soci::use(from),
              soci::use(row), soci::use(to);
        else if (w == "registration_given")
          c_.sql << "UPDATE registrations SET contact_id = :t WHERE id = :r AND contact_id = :f", soci::use(to),
              soci::use(row), soci::use(from);
        else if (w == "registration_cancelled" && move.value) {
          std::string status = *move.value;
          long long organisation = 0;
          c_.sql << "UPDATE registrations SET status = :s, version = version + 1 WHERE id = :r", soci::use(status),
              soci::use(row);
          c_.sql << "SELECT organisation_id FROM registrations WHERE id = :r", soci::use(row), soci::into(organisation);
          if (c_.sql.got_data()) organisations.push_back(organisation);
        } else if (w == "activity_link")
          c_.sql << "UPDATE activity_contacts SET contact_id = :f WHERE activity_id = :r AND contact_id = :t",
              soci::use(from), soci::use(row), soci::use(to);
        else if (w == "activity_link_dropped")
          c_.sql
              << "INSERT INTO activity_contacts (activity_id, contact_id) SELECT id, :f FROM activities WHERE id = :r",
              soci::use(from), soci::use(row);
        else if (w == "follow_up")
          c_.sql << "UPDATE follow_ups SET contact_id = :f WHERE id = :r AND contact_id = :t", soci::use(from),
              soci::use(row), soci::use(to);
      }
    }
    if (kind == MergeKind::organisation) {
      refreshOrganisation(c_, fromId);
      refreshOrganisation(c_, toId);
    }
    for (const auto organisation : organisations) refreshLastAttendedOfOrganisation(c_, organisation);
    bumpEventListRevision(c_, 0);    // invitations or registrations moved back
    bumpContactListRevision(c_, 0);  // people moved back to their organisation
  });
}

Id SociMergeRepository::record(const MergeRecord& m) {
  return guarded(c_, [&] {
    const std::string kind = toString(m.kind);
    long long kept = m.kept_id, from = m.from_id, by = m.created_by.value_or(0);
    soci::indicator by_ind = m.created_by ? soci::i_ok : soci::i_null;
    int district = m.police_district_id, fromDistrict = m.from_district_id;
    std::tm created = toTm(m.created_at), until = toTm(m.undo_until);
    c_.sql << "INSERT INTO merges (kind, kept_id, from_id, police_district_id, from_district_id, from_status, "
              "created_by, created_at, undo_until) VALUES (:kind, :kept, :from, :district, :from_district, :status, "
              ":by, :created, :until)",
        soci::use(kind), soci::use(kept), soci::use(from), soci::use(district), soci::use(fromDistrict),
        soci::use(m.from_status), soci::use(by, by_ind), soci::use(created), soci::use(until);
    long long id = 0;
    c_.sql.get_last_insert_id("merges", id);
    long long row = 0;
    std::string what, value;
    soci::indicator value_ind = soci::i_null;
    soci::statement insert = (c_.sql.prepare << "INSERT INTO merge_moves (merge_id, what, row_id, value) VALUES "
                                                "(:merge, :what, :row, :value)",
                              soci::use(id), soci::use(what), soci::use(row), soci::use(value, value_ind));
    for (const auto& move : m.moves) {
      what = move.what;
      row = move.row_id;
      value = move.value.value_or("");
      value_ind = move.value ? soci::i_ok : soci::i_null;
      insert.execute(true);
    }
    return static_cast<Id>(id);
  });
}

std::optional<MergeRecord> SociMergeRepository::find(Id id) {
  return guarded(c_, [&]() -> std::optional<MergeRecord> {
    QueryBuilder where;
    where.where("id = " + where.bind(static_cast<long long>(id)));
    auto rows =
        fetchRows<MergeRow>(c_, std::string("SELECT ") + kMergeColumns + " FROM merges" + where.whereClause(), where);
    if (rows.empty()) return std::nullopt;
    loadMoves(c_, rows);
    return rows.front();
  });
}

Page<MergeRecord> SociMergeRepository::list(const MergeQuery& query) {
  return guarded(c_, [&] {
    QueryBuilder where;
    if (query.kind) where.where("kind = " + where.bind(std::string(toString(*query.kind))));
    if (!query.within_districts.empty()) {
      const auto districts = columns::integerList(query.within_districts);
      where.where("police_district_id IN (" + districts + ") AND from_district_id IN (" + districts + ")");
    }
    Page<MergeRecord> page;
    page.limit = query.page.limit;
    page.offset = query.page.offset;
    page.total = countRows(c_, "SELECT COUNT(*) FROM merges" + where.whereClause(), where);
    if (page.total <= page.offset) return page;
    page.items =
        fetchRows<MergeRow>(c_,
                            std::string("SELECT ") + kMergeColumns + " FROM merges" + where.whereClause() +
                                " ORDER BY created_at DESC, id DESC LIMIT " + std::to_string(query.page.limit) +
                                " OFFSET " + std::to_string(query.page.offset),
                            where);
    loadMoves(c_, page.items);
    return page;
  });
}

bool SociMergeRepository::laterMergeInvolving(MergeKind kind, Id recordId, Id after) {
  return guarded(c_, [&] {
    const std::string code = toString(kind);
    long long record = recordId, id = after;
    int count = 0;
    c_.sql << "SELECT COUNT(*) FROM merges WHERE kind = :kind AND id > :after AND undone_at IS NULL AND "
              "(kept_id = :r1 OR from_id = :r2)",
        soci::use(code), soci::use(id), soci::use(record), soci::use(record), soci::into(count);
    return count > 0;
  });
}

void SociMergeRepository::markUndone(Id id, std::optional<Id> by, Timestamp at) {
  guarded(c_, [&] {
    long long merge = id, user = by.value_or(0);
    soci::indicator user_ind = by ? soci::i_ok : soci::i_null;
    std::tm when = toTm(at);
    c_.sql << "UPDATE merges SET undone_at = :at, undone_by = :by WHERE id = :id", soci::use(when),
        soci::use(user, user_ind), soci::use(merge);
  });
}

int SociMergeRepository::purgeBefore(Timestamp before) {
  return guarded(c_, [&] {
    const std::string cutoff = formatSqlTime(before);
    c_.sql << "DELETE FROM merge_moves WHERE merge_id IN (SELECT id FROM merges WHERE created_at < :b)",
        soci::use(cutoff);
    soci::statement st = (c_.sql.prepare << "DELETE FROM merges WHERE created_at < :b", soci::use(cutoff));
    st.execute(true);
    return static_cast<int>(st.get_affected_rows());
  });
}

}  // namespace brobygger::storage
