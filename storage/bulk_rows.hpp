#pragma once
// Rows for bulk loading, one struct per table, in plain standard C++ (no SOCI), and the interface
// that takes them in batches. A generator (seeds/scale_seed) produces them; storage/bulk_loader
// writes them. Ids are explicit: bulk loads go into tables that hold none of these rows yet (users
// and events may hold some: `FirstIds` says where the new ids start). Derived columns (search_text,
// email_folded, encoded tags) are the writer's business, spelled as the repositories spell them.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "domain/contact.hpp"
#include "domain/event.hpp"
#include "domain/types.hpp"
#include "domain/user.hpp"

namespace brobygger::storage::bulk {

struct UserRow {
  domain::Id id = 0;
  std::string email;  // case-folded
  std::string name;
  domain::Role role = domain::Role::officer;
  std::string password_hash;
  domain::Timestamp created_at{};
};

struct OrganisationRow {
  domain::Id id = 0;
  std::string name;
  std::string kind;
  std::optional<std::string> cvr;
  int municipality_id = 0;
  int police_district_id = 0;
  int region_id = 0;
  std::optional<std::string> address;
  std::optional<std::string> website;
  std::vector<std::string> tags;
  domain::RecordStatus status = domain::RecordStatus::active;
  std::optional<domain::Id> responsible_user_id;
  domain::Timestamp created_at{};
  domain::Timestamp updated_at{};
};

struct ContactRow {
  domain::Id id = 0;
  domain::Id organisation_id = 0;
  std::string name;
  std::optional<std::string> title;
  std::optional<std::string> email;
  std::optional<std::string> phone;  // "+45 XXXX XXXX"
  domain::Language language = domain::Language::da;
  bool consent_invitations = true;
  bool consent_newsletter = false;
  domain::RecordStatus status = domain::RecordStatus::active;
  domain::Timestamp created_at{};
  domain::Timestamp updated_at{};
};

// A one-off event (no series): what events.* holds, counts included.
struct EventRow {
  domain::Id id = 0;
  std::string kind;
  std::string title;
  std::optional<std::string> description;
  std::optional<std::string> venue_name;
  std::optional<std::string> venue_address;
  std::optional<int> venue_municipality_id;
  domain::Language language = domain::Language::da;
  std::vector<std::string> tags;
  std::optional<domain::Id> organiser_user_id;
  std::optional<int> capacity;
  std::optional<int> per_organisation_quota;
  std::optional<int> police_district_id;
  domain::Timestamp starts_at{};
  domain::Timestamp ends_at{};
  domain::Audience audience = domain::Audience::open;
  domain::EventStatus status = domain::EventStatus::draft;
  std::optional<std::string> cancellation_reason;
  int revision = 0;
  int confirmed_count = 0;  // seats taken: confirmed and attended registrations
  int waitlisted_count = 0;
  domain::Timestamp created_at{};
  domain::Timestamp updated_at{};
};

struct InvitationRow {
  domain::Id event_id = 0;
  domain::Id organisation_id = 0;
};

struct RegistrationRow {
  domain::Id id = 0;
  domain::Id event_id = 0;
  domain::Id contact_id = 0;
  domain::Id organisation_id = 0;
  domain::RegistrationStatus status = domain::RegistrationStatus::confirmed;
  domain::Timestamp registered_at{};
  std::optional<domain::Id> registered_by;
  std::optional<domain::Timestamp> cancelled_at;
  std::optional<domain::Id> cancelled_by;
  std::optional<domain::Timestamp> checked_in_at;
  std::optional<domain::Id> checked_in_by;
  domain::Timestamp updated_at{};
};

// An activity of the dialogue log, with the people it names (activity_contacts).
struct ActivityRow {
  domain::Id id = 0;
  std::string kind;
  domain::Timestamp occurred_at{};
  domain::Id organisation_id = 0;
  int police_district_id = 0;
  std::vector<domain::Id> contact_ids;
  std::optional<domain::Id> event_id;
  domain::Id user_id = 0;
  std::string subject;
  std::string notes;
  std::optional<domain::Timestamp> notes_cleared_at;
  domain::Timestamp created_at{};
  domain::Timestamp updated_at{};
};

struct FollowUpRow {
  domain::Id id = 0;
  domain::Id organisation_id = 0;
  int police_district_id = 0;
  std::optional<domain::Id> contact_id;
  std::optional<domain::Id> activity_id;
  std::string title;
  std::string due_on;  // YYYY-MM-DD
  domain::Id assigned_user_id = 0;
  std::string status = "open";  // open | done | cancelled
  std::optional<domain::Timestamp> done_at;
  domain::Timestamp created_at{};
  domain::Timestamp updated_at{};
};

// The first id free in each table (one above the highest in use).
struct FirstIds {
  domain::Id user = 1;
  domain::Id organisation = 1;
  domain::Id contact = 1;
  domain::Id event = 1;
  domain::Id registration = 1;
  domain::Id activity = 1;
  domain::Id follow_up = 1;
};

// Takes rows in batches. Rows a batch refers to (a contact's organisation, a registration's event)
// must have been handed over in an earlier call.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual void users(std::span<const UserRow> rows) = 0;
  virtual void organisations(std::span<const OrganisationRow> rows) = 0;
  virtual void contacts(std::span<const ContactRow> rows) = 0;
  virtual void events(std::span<const EventRow> rows) = 0;
  virtual void invitations(std::span<const InvitationRow> rows) = 0;
  virtual void registrations(std::span<const RegistrationRow> rows) = 0;
  virtual void activities(std::span<const ActivityRow> rows) = 0;  // with their activity_contacts rows
  virtual void followUps(std::span<const FollowUpRow> rows) = 0;
};

}  // namespace brobygger::storage::bulk
