#include "seeds/scale_seed.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include "domain/error.hpp"
#include "domain/repositories.hpp"
#include "domain/retention.hpp"
#include "domain/validation.hpp"
#include "seeds/random.hpp"
#include "seeds/seed_text.hpp"
#include "storage/bulk_loader.hpp"

namespace brobygger::seeds {

nlohmann::json seedFile(std::string_view path);

namespace {

using namespace brobygger::domain;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_days;
using storage::bulk::ActivityRow;
using storage::bulk::ContactRow;
using storage::bulk::EventRow;
using storage::bulk::FirstIds;
using storage::bulk::FollowUpRow;
using storage::bulk::InvitationRow;
using storage::bulk::OrganisationRow;
using storage::bulk::RegistrationRow;
using storage::bulk::RowSink;
using storage::bulk::UserRow;

// The shape of the data set; seeds/README.md describes the same figures.
constexpr int kOfficers = 40;
constexpr std::int64_t kBackboneFrom =
    1000;  // from this many organisations every municipality and district has its own
constexpr int kArchivedPercent = 5;
constexpr int kResponsiblePercent = 85;
constexpr int kCvrPercent = 10;
constexpr int kAddressPercent = 80;
constexpr int kWebsitePercent = 45;
constexpr int kEmailPercent = 92;
constexpr int kPhonePercent = 70;
constexpr int kEnglishPercent = 8;
constexpr int kInvitationConsentPercent = 95;
constexpr int kNewsletterPercent = 35;
constexpr int kHistoryDays = 2922;  // eight years before the as-of day
constexpr int kAheadDays = 183;     // six months after
constexpr int kCancelledEventPermille = 40;
constexpr int kHomeDistrictPercent = 70;
constexpr int kMaxPeoplePerOrganisation = 4;
constexpr int kCancelledRegistrationPercentPast = 10;
constexpr int kCancelledRegistrationPercentFuture = 5;
constexpr int kAttendedPercentOfSeated = 85;
constexpr std::int64_t kMaxRegistrations = 1'000'000'000;
constexpr std::size_t kRowsPerBatch = 5000;
// The dialogue log: four years back (it is younger than the events' history); notes older than the
// default retention (36 months) are already emptied, as `retention run` would have done.
constexpr int kDialogueDays = 1461;
constexpr int kNotesRetentionMonths = 36;
constexpr int kNamedPercent = 60;         // activities naming one of the organisation's people
constexpr int kSecondNamedPercent = 15;   // ... and a second one
constexpr int kEventFollowUpPercent = 4;  // activities following up an event the organisation came to
constexpr std::size_t kEventsPerChunk = 250;

// Picks an index with probability proportional to its weight; zero weights are never picked.
class WeightedPicker {
 public:
  void add(std::uint64_t weight) {
    total_ += weight;
    cumulative_.push_back(total_);
  }
  bool empty() const noexcept { return total_ == 0; }
  std::size_t pick(Random& random) const {
    const auto x = random.next() % total_;
    return static_cast<std::size_t>(std::upper_bound(cumulative_.begin(), cumulative_.end(), x) - cumulative_.begin());
  }

 private:
  std::vector<std::uint64_t> cumulative_;
  std::uint64_t total_ = 0;
};

struct EventKindProfile {
  std::string code;
  int weight = 10;
  int size = 10;  // relative number of registrations
  std::vector<int> starts{10};
  std::vector<int> hours{2};
  std::vector<std::string> titles;
};

// seeds/scale/profile.json and seeds/demo/vocabulary.json, restricted to the reference data loaded.
struct Profile {
  std::vector<int> municipality_weights;                // per reference municipality
  std::vector<int> kind_weights;                        // per reference organisation kind
  std::vector<std::vector<std::string>> name_patterns;  // per reference organisation kind
  std::vector<EventKindProfile> event_kinds;            // per reference event kind
  std::vector<std::string> tags, topics, venues, cancellation_reasons;
  std::vector<std::string> first_names, last_names, titles, streets;
  std::vector<int> activity_kind_weights;                   // per reference activity kind
  std::vector<std::vector<std::string>> activity_subjects;  // per reference activity kind
  std::vector<std::string> activity_notes, follow_up_titles;

  explicit Profile(const ReferenceData& reference) {
    const auto profile = seedFile("scale/profile.json");
    const auto vocabulary = seedFile("demo/vocabulary.json");
    const auto& municipalities = profile.at("municipality_weights");
    for (const auto& m : reference.municipalities) {
      const auto key = std::to_string(m.id);
      municipality_weights.push_back(municipalities.contains(key) ? municipalities.at(key).get<int>() : 30);
    }
    const auto& kinds = profile.at("organisation_kind_weights");
    const auto& patterns = vocabulary.at("name_patterns");
    for (const auto& k : reference.organisation_kinds) {
      kind_weights.push_back(kinds.contains(k.code) ? kinds.at(k.code).get<int>() : 5);
      name_patterns.push_back(patterns.contains(k.code) ? patterns.at(k.code).get<std::vector<std::string>>()
                                                        : std::vector<std::string>{"{town} " + k.name_da});
    }
    const auto& eventKinds = profile.at("event_kinds");
    for (const auto& k : reference.event_kinds) {
      EventKindProfile p;
      p.code = k.code;
      p.titles = {k.name_da + ": {topic}"};
      if (eventKinds.contains(k.code)) {
        const auto& e = eventKinds.at(k.code);
        p.weight = e.at("weight").get<int>();
        p.size = e.at("size").get<int>();
        p.starts = e.at("starts").get<std::vector<int>>();
        p.hours = e.at("hours").get<std::vector<int>>();
        p.titles = e.at("titles").get<std::vector<std::string>>();
      }
      event_kinds.push_back(std::move(p));
    }
    tags = profile.at("organisation_tags").get<std::vector<std::string>>();
    topics = profile.at("topics").get<std::vector<std::string>>();
    venues = profile.at("venues").get<std::vector<std::string>>();
    cancellation_reasons = profile.at("cancellation_reasons").get<std::vector<std::string>>();
    first_names = vocabulary.at("first_names").get<std::vector<std::string>>();
    last_names = vocabulary.at("last_names").get<std::vector<std::string>>();
    titles = vocabulary.at("titles").get<std::vector<std::string>>();
    streets = vocabulary.at("streets").get<std::vector<std::string>>();
    const auto& activityWeights = profile.at("activity_kind_weights");
    const auto& subjects = vocabulary.at("activity_subjects");
    for (const auto& k : reference.activity_kinds) {
      activity_kind_weights.push_back(activityWeights.contains(k.code) ? activityWeights.at(k.code).get<int>() : 5);
      activity_subjects.push_back(subjects.contains(k.code) ? subjects.at(k.code).get<std::vector<std::string>>()
                                                            : std::vector<std::string>{k.name_da});
    }
    activity_notes = vocabulary.at("activity_notes").get<std::vector<std::string>>();
    follow_up_titles = vocabulary.at("follow_up_titles").get<std::vector<std::string>>();
  }
};

struct OrganisationPlan {
  std::size_t municipality = 0;  // index into the reference's municipalities
  std::size_t district = 0;      // index into the reference's police districts
  std::size_t kind = 0;          // index into the reference's organisation kinds
  bool archived = false;
  Timestamp created{};
  Timestamp archived_at = Timestamp::max();
  std::int64_t first_contact = 0;  // index of its first contact; its contacts are consecutive
  std::int64_t contacts = 0;
  std::uint64_t activity = 0;  // how eagerly its people come to events (0: never, unless needed to fill)
};

struct EventPlan {
  EventRow row;
  std::size_t kind = 0;
  std::size_t district = 0;
  std::vector<std::size_t> invited;  // organisation indexes, ascending
  std::int64_t cap = 0;              // people who could register at all
  std::int64_t size = 0;             // registrations allotted
  Timestamp registration_ends{};     // last moment a registration or cancellation happened
  Timestamp closed_at{};             // completed events: when they were closed
};

struct PersonPick {
  std::int64_t contact = 0;
  std::size_t organisation = 0;
  Timestamp registered_at{};
};

Timestamp earliest(Timestamp a, Timestamp b) { return a < b ? a : b; }

Timestamp uniformBetween(Random& random, Timestamp from, Timestamp to) {
  if (to <= from) return from;
  return from + seconds(random.between(0, (to - from).count()));
}

Timestamp localTime(const TimeZone& zone, sys_days day, int hour, int minute) {
  const std::chrono::year_month_day date(day);
  return zone.toUtc({static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day()), static_cast<unsigned>(hour), static_cast<unsigned>(minute)});
}

[[noreturn]] void invalidOption(const std::string& field, const std::string& message) {
  throw DomainError(ErrorCode::invalid, "The scale data set cannot be made with these figures", {{field, message}});
}

class ScaleGenerator {
 public:
  ScaleGenerator(const ScaleOptions& options, const ReferenceData& reference, const TimeZone& zone,
                 const FirstIds& first, RowSink& sink, const ScaleProgressFn& progress)
      : options_(options),
        reference_(canonical(reference)),
        zone_(zone),
        first_(first),
        sink_(sink),
        progress_(progress) {}

  ScaleSummary run() {
    validate();
    profile_ = std::make_unique<Profile>(reference_);
    as_of_day_ = sys_days(options_.as_of);
    as_of_ = localTime(zone_, as_of_day_, 0, 0);
    // Everything is planned before the first row is handed over, so impossible figures fail cleanly.
    planOfficers();
    planOrganisations();
    allotContacts();
    planEvents();
    allotRegistrations();
    total_ = static_cast<std::int64_t>(officers_.size()) + options_.organisations + options_.contacts +
             options_.events + invitation_count_ + options_.registrations + options_.activities + options_.follow_ups;
    writeOfficers();
    writeOrganisations();
    writeContacts();
    writeEvents();
    writeActivities();
    return summary_;
  }

 private:
  // The reference data in an order of its own: backends list it in their own collation order (Å, Aa),
  // and the data set must not depend on the backend.
  static ReferenceData canonical(ReferenceData data) {
    auto byId = [](const auto& a, const auto& b) { return a.id < b.id; };
    auto byCode = [](const auto& a, const auto& b) { return a.code < b.code; };
    std::sort(data.regions.begin(), data.regions.end(), byId);
    std::sort(data.police_districts.begin(), data.police_districts.end(), byId);
    std::sort(data.municipalities.begin(), data.municipalities.end(), byId);
    std::sort(data.organisation_kinds.begin(), data.organisation_kinds.end(), byCode);
    std::sort(data.event_kinds.begin(), data.event_kinds.end(), byCode);
    std::sort(data.activity_kinds.begin(), data.activity_kinds.end(), byCode);
    return data;
  }

  // One random stream per phase: changing how one phase draws leaves the others' data alone.
  Random stream(std::uint64_t phase) const { return Random(options_.random_seed * 0x9e3779b97f4a7c15ULL + phase); }

  void validate() const {
    if (options_.organisations < 1 || options_.organisations > 10'000'000)
      invalidOption("organisations", "must be between 1 and 10,000,000");
    if (options_.contacts < 0 || options_.contacts > 50'000'000)
      invalidOption("contacts", "must be between 0 and 50,000,000");
    if (options_.events < 0 || options_.events > 5'000'000) invalidOption("events", "must be between 0 and 5,000,000");
    if (options_.registrations < 0 || options_.registrations > kMaxRegistrations)
      invalidOption("registrations", "must be between 0 and 1,000,000,000");
    if (options_.registrations > 0 && (options_.contacts == 0 || options_.events == 0))
      invalidOption("registrations", "need contacts and events");
    // Each contact registers at most once per event, and early events draw only on the people known
    // by then: a rough guard against figures no arrangement can meet.
    if (options_.registrations > options_.contacts * options_.events / 2)
      invalidOption("registrations", "must be at most half of contacts times events");
    if (options_.activities < 0 || options_.activities > 50'000'000)
      invalidOption("activities", "must be between 0 and 50,000,000");
    if (options_.follow_ups < 0 || options_.follow_ups > options_.activities)
      invalidOption("follow_ups", "must be between 0 and the number of activities");
    if (!options_.as_of.ok()) invalidOption("as_of", "is not a date");
    if (reference_.municipalities.empty() || reference_.police_districts.empty() ||
        reference_.organisation_kinds.empty() || (options_.events > 0 && reference_.event_kinds.empty()) ||
        (options_.activities > 0 && reference_.activity_kinds.empty()))
      throw DomainError(ErrorCode::invalid, "Load the reference data first: brobygger seed reference");
  }

  std::size_t districtIndex(int id) const {
    for (std::size_t i = 0; i < reference_.police_districts.size(); ++i)
      if (reference_.police_districts[i].id == id) return i;
    throw std::runtime_error("a municipality names an unknown police district: " + std::to_string(id));
  }

  const std::string& districtName(std::size_t district) const { return reference_.police_districts[district].name_da; }

  // ---- officers -------------------------------------------------------------------------------

  void planOfficers() {
    auto random = stream(1);
    officers_by_district_.assign(reference_.police_districts.size(), {});
    std::unordered_set<std::string> emails;
    for (int i = 0; i < kOfficers; ++i) {
      UserRow officer;
      officer.id = first_.user + i;
      const auto& firstName = random.pick(profile_->first_names);
      const auto& lastName = random.pick(profile_->last_names);
      officer.name = firstName + " " + lastName;
      auto local = slug(firstName) + "." + slug(lastName);
      for (int n = 2; !emails.insert(local).second; ++n)
        local = slug(firstName) + "." + slug(lastName) + std::to_string(n);
      officer.email = local + "@forebyggelse.example";
      officer.role = Role::officer;
      officer.password_hash = kUnusablePasswordHash;
      officer.created_at = as_of_ - days(kHistoryDays + random.between(0, 700));
      const auto district = static_cast<std::size_t>(i) % reference_.police_districts.size();
      officers_by_district_[district].push_back(officer.id);
      officers_.push_back(std::move(officer));
    }
  }

  std::optional<Id> officerIn(Random& random, std::size_t district) const {
    const auto& local = officers_by_district_[district];
    if (!local.empty()) return random.pick(local);
    return officers_[random.below(officers_.size())].id;
  }

  // ---- organisations --------------------------------------------------------------------------

  std::size_t kindIndex(const std::string& code) const {
    for (std::size_t i = 0; i < reference_.organisation_kinds.size(); ++i)
      if (reference_.organisation_kinds[i].code == code) return i;
    return reference_.organisation_kinds.size();
  }

  void planOrganisations() {
    auto random = stream(2);
    const auto& municipalities = reference_.municipalities;
    WeightedPicker byPopulation, byKind;
    for (const auto weight : profile_->municipality_weights) byPopulation.add(static_cast<std::uint64_t>(weight));
    for (const auto weight : profile_->kind_weights) byKind.add(static_cast<std::uint64_t>(weight));

    // The cooperation backbone of a national register: every municipality, every police district and
    // its Infohus. Too many for small data sets, where they would crowd out civil society.
    std::vector<std::pair<std::size_t, std::size_t>> backbone;  // (municipality, kind)
    if (options_.organisations >= kBackboneFrom) {
      const auto municipalityKind = kindIndex("municipality");
      if (municipalityKind < reference_.organisation_kinds.size())
        for (std::size_t m = 0; m < municipalities.size(); ++m) backbone.emplace_back(m, municipalityKind);
      for (const auto& code : {"police_district", "infohus"}) {
        const auto kind = kindIndex(code);
        if (kind == reference_.organisation_kinds.size()) continue;
        for (std::size_t d = 0; d < reference_.police_districts.size(); ++d) {
          // Seated in the district's largest municipality.
          std::optional<std::size_t> seat;
          for (std::size_t m = 0; m < municipalities.size(); ++m)
            if (districtIndex(municipalities[m].police_district_id) == d &&
                (!seat || profile_->municipality_weights[m] > profile_->municipality_weights[*seat]))
              seat = m;
          if (seat) backbone.emplace_back(*seat, kind);
        }
      }
    }

    const auto windowStart = as_of_ - days(kHistoryDays);
    organisations_.resize(static_cast<std::size_t>(options_.organisations));
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
      auto& o = organisations_[i];
      if (i < backbone.size()) {
        o.municipality = backbone[i].first;
        o.kind = backbone[i].second;
      } else {
        o.municipality = byPopulation.pick(random);
        o.kind = byKind.pick(random);
      }
      o.district = districtIndex(municipalities[o.municipality].police_district_id);
      // Most of the register predates the events' history; the rest joined along the way.
      o.created = random.chance(60)
                      ? windowStart - days(random.between(1, 4 * 365)) - seconds(random.between(0, 86'399))
                      : uniformBetween(random, windowStart, as_of_ - days(1));
      o.archived = i >= backbone.size() && random.chance(kArchivedPercent);
      if (o.archived)
        o.archived_at = uniformBetween(random, earliest(o.created + days(30), as_of_ - hours(1)), as_of_ - hours(1));
    }
  }

  // Contacts per organisation, skewed: most have one to three, a few have dozens; authorities and
  // cooperation fora have more people than associations.
  void allotContacts() {
    auto random = stream(3);
    WeightedPicker bySize;
    std::vector<std::uint64_t> classes;
    for (const auto& o : organisations_) {
      const auto draw = random.below(100);
      std::uint64_t weight = draw < 55 ? 1 : draw < 85 ? 3 : draw < 97 ? 10 : 40;
      if (reference_.organisation_kinds[o.kind].group != "civil_society") weight *= 3;
      bySize.add(weight);
    }
    std::int64_t remaining = options_.contacts;
    if (remaining >= options_.organisations) {
      for (auto& o : organisations_) o.contacts = 1;
      remaining -= options_.organisations;
    }
    for (; remaining > 0; --remaining) ++organisations_[bySize.pick(random)].contacts;
    std::int64_t next = 0;
    for (auto& o : organisations_) {
      o.first_contact = next;
      next += o.contacts;
      // Regulars, ordinary, rare and never: repeat attendance concentrates on a few organisations.
      const auto draw = random.below(100);
      const std::uint64_t eagerness = draw < 12 ? 12 : draw < 70 ? 3 : draw < 90 ? 1 : 0;
      o.activity = eagerness * static_cast<std::uint64_t>(std::min<std::int64_t>(o.contacts, 8));
    }
    contact_created_.resize(static_cast<std::size_t>(options_.contacts));
    for (const auto& o : organisations_) {
      for (std::int64_t c = 0; c < o.contacts; ++c) {
        // Most people are registered with their organisation; some joined it later.
        contact_created_[static_cast<std::size_t>(o.first_contact + c)] =
            random.chance(70) ? o.created + seconds(random.between(0, 30 * 86'400))
                              : uniformBetween(random, o.created, as_of_ - hours(1));
      }
    }
    // Who attends: per district and nationally, by eagerness.
    district_organisations_.assign(reference_.police_districts.size(), {});
    district_pickers_.assign(reference_.police_districts.size(), {});
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
      const auto& o = organisations_[i];
      district_organisations_[o.district].push_back(i);
      district_pickers_[o.district].add(o.activity);
      national_picker_.add(o.activity);
    }
  }

  // ---- events ----------------------------------------------------------------------------------

  sys_days eventDay(Random& random) const {
    constexpr std::size_t span = kHistoryDays + kAheadDays;
    while (true) {
      const auto offset = random.below(span);
      // A third more events at the end of the history than at its start: the unit has grown.
      if (random.below(1500) >= 1000 + 500 * offset / span) continue;
      const auto day = as_of_day_ - days(kHistoryDays) + days(static_cast<int>(offset));
      const std::chrono::weekday weekday(day);
      if ((weekday == std::chrono::Saturday || weekday == std::chrono::Sunday) && !random.chance(8)) continue;
      const std::chrono::year_month_day date(day);
      const auto month = static_cast<unsigned>(date.month());
      const auto dayOfMonth = static_cast<unsigned>(date.day());
      if (month == 7 && !random.chance(25)) continue;  // summer holidays
      if (((month == 12 && dayOfMonth >= 20) || (month == 1 && dayOfMonth <= 3)) && !random.chance(15)) continue;
      return day;
    }
  }

  std::string fill(std::string pattern, std::size_t municipality, std::size_t district, Random& random) const {
    const auto& town = reference_.municipalities[municipality].name_da;
    pattern = replaceAll(pattern, "{town}", town);
    pattern = replaceAll(pattern, "{municipality}", town);
    pattern = replaceAll(pattern, "{district}", districtName(district));
    if (pattern.find("{topic}") != std::string::npos)
      pattern = replaceAll(pattern, "{topic}", random.pick(profile_->topics));
    return pattern;
  }

  std::string address(Random& random, std::size_t municipality) const {
    return random.pick(profile_->streets) + " " + std::to_string(random.between(1, 140)) + "\n" +
           std::to_string(random.between(1000, 9990)) + " " + reference_.municipalities[municipality].name_da;
  }

  void planEvents() {
    auto random = stream(4);
    WeightedPicker byKind, byPopulation;
    for (const auto& k : profile_->event_kinds) byKind.add(static_cast<std::uint64_t>(k.weight));
    for (const auto weight : profile_->municipality_weights) byPopulation.add(static_cast<std::uint64_t>(weight));
    events_.resize(static_cast<std::size_t>(options_.events));
    for (auto& plan : events_) {
      auto& e = plan.row;
      plan.kind = byKind.pick(random);
      const auto& kind = profile_->event_kinds[plan.kind];
      const auto municipality = byPopulation.pick(random);
      plan.district = districtIndex(reference_.municipalities[municipality].police_district_id);
      e.kind = kind.code;
      e.title = fill(random.pick(kind.titles), municipality, plan.district, random);
      if (random.chance(60))
        e.description = "Arrangeret af den nationale forebyggelsesenhed.\nProgram og materialer sendes ud inden.";
      e.venue_name = fill(random.pick(profile_->venues), municipality, plan.district, random);
      e.venue_address = address(random, municipality);
      e.venue_municipality_id = reference_.municipalities[municipality].id;
      e.police_district_id = reference_.police_districts[plan.district].id;
      e.language = random.chance(5) ? Language::en : Language::da;
      if (random.chance(20)) e.tags.push_back(random.pick(profile_->tags));
      if (random.chance(90)) e.organiser_user_id = officerIn(random, plan.district);
      if (kind.code == "training" && random.chance(40))
        e.per_organisation_quota = static_cast<int>(random.between(2, 3));

      const auto day = eventDay(random);
      e.starts_at = localTime(zone_, day, random.pick(kind.starts), random.chance(25) ? 30 : 0);
      e.ends_at = e.starts_at + hours(random.pick(kind.hours));
      e.created_at = earliest(e.starts_at - days(random.between(21, 120)) - hours(random.between(0, 8)),
                              as_of_ - minutes(random.between(60, 20 * 24 * 60)));

      const bool ended = e.ends_at <= as_of_;
      if (random.permille(kCancelledEventPermille)) {
        e.status = EventStatus::cancelled;
        e.revision = 1;  // it had been published
        e.cancellation_reason = random.pick(profile_->cancellation_reasons);
        e.updated_at = uniformBetween(random, e.created_at, earliest(e.starts_at, as_of_));
        plan.registration_ends = e.updated_at;
      } else if (ended) {
        e.status = EventStatus::completed;
        plan.registration_ends = e.starts_at;
        plan.closed_at = earliest(e.ends_at + hours(random.between(1, 48)), as_of_);
        e.updated_at = plan.closed_at;
      } else if (random.chance(e.starts_at > as_of_ + days(60) ? 15 : 3)) {
        e.status = EventStatus::draft;
        e.updated_at = e.created_at;
      } else {
        e.status = EventStatus::published;
        plan.registration_ends = as_of_;
        e.updated_at = earliest(e.created_at + hours(random.between(0, 72)), as_of_);
      }

      // Network meetings are often for their members only; other events now and then.
      if (random.chance(kind.code == "network_meeting" ? 40 : 5)) {
        e.audience = Audience::invited;
        invite(random, plan);
      }
      if (e.status != EventStatus::draft) {
        if (e.audience == Audience::open) {
          plan.cap = options_.contacts;
        } else {
          // At most four (or the quota) from each invited organisation, and not everyone comes: not
          // more than half of that.
          const auto perOrganisation =
              std::min(kMaxPeoplePerOrganisation, e.per_organisation_quota.value_or(kMaxPeoplePerOrganisation));
          for (const auto o : plan.invited)
            plan.cap += std::min<std::int64_t>(organisations_[o].contacts, perOrganisation);
          plan.cap /= 2;
        }
      }
    }
    // Ids in the order the events take place, as they would be after years of planning.
    std::stable_sort(events_.begin(), events_.end(),
                     [](const EventPlan& a, const EventPlan& b) { return a.row.starts_at < b.row.starts_at; });
    for (std::size_t i = 0; i < events_.size(); ++i) {
      events_[i].row.id = first_.event + static_cast<Id>(i);
      invitation_count_ += static_cast<std::int64_t>(events_[i].invited.size());
    }
  }

  // The members invited to an invited-audience event: organisations of its district that were in the
  // register when it was planned and not yet archived when it took place.
  void invite(Random& random, EventPlan& plan) const {
    auto current = [&](std::size_t o) {
      const auto& organisation = organisations_[o];
      return organisation.created <= plan.row.created_at && plan.row.starts_at < organisation.archived_at;
    };
    std::vector<std::size_t> candidates;
    for (const auto o : district_organisations_[plan.district])
      if (current(o)) candidates.push_back(o);
    const auto wanted = static_cast<std::size_t>(random.between(15, 60));
    // Too few in a small district (small data sets): invite from elsewhere as well.
    if (candidates.size() < wanted) {
      for (std::size_t o = 0; o < organisations_.size(); ++o)
        if (current(o) && organisations_[o].district != plan.district) candidates.push_back(o);
    }
    const auto count = std::min(wanted, candidates.size());
    for (std::size_t k = 0; k < count; ++k)
      std::swap(candidates[k], candidates[k + random.below(candidates.size() - k)]);
    candidates.resize(count);
    std::sort(candidates.begin(), candidates.end());
    plan.invited = std::move(candidates);
  }

  // Registrations per event: in proportion to the kind's typical size (varied by ±50 %), never more
  // than the people who may come; the total is exactly the number asked for.
  void allotRegistrations() {
    auto random = stream(5);
    std::vector<std::int64_t> weights(events_.size(), 0);
    std::int64_t totalWeight = 0;
    for (std::size_t i = 0; i < events_.size(); ++i) {
      if (events_[i].cap == 0) continue;
      weights[i] = profile_->event_kinds[events_[i].kind].size * random.between(50, 150);
      totalWeight += weights[i];
    }
    std::int64_t placed = 0;
    if (totalWeight > 0) {
      for (std::size_t i = 0; i < events_.size(); ++i) {
        // registrations <= 1e9 and weights <= a few thousand: the product fits.
        events_[i].size = std::min(events_[i].cap, options_.registrations * weights[i] / totalWeight);
        placed += events_[i].size;
      }
    }
    std::int64_t missing = options_.registrations - placed;
    while (missing > 0) {
      std::int64_t withRoom = 0;
      for (const auto& e : events_)
        if (e.size < e.cap) ++withRoom;
      if (withRoom == 0)
        invalidOption("registrations", "more than the events can take from " + std::to_string(options_.contacts) +
                                           " contacts; add events or contacts");
      const auto share = std::max<std::int64_t>(1, missing / withRoom);
      const auto start = random.below(events_.size());
      for (std::size_t k = 0; k < events_.size() && missing > 0; ++k) {
        auto& e = events_[(start + k) % events_.size()];
        const auto add = std::min({share, e.cap - e.size, missing});
        if (add <= 0) continue;
        e.size += add;
        missing -= add;
      }
    }
  }

  // ---- writing -----------------------------------------------------------------------------------

  template <class Row>
  void hand(void (RowSink::*write)(std::span<const Row>), std::vector<Row>& batch, std::string_view stage) {
    if (batch.empty()) return;
    (sink_.*write)(std::span<const Row>(batch));
    done_ += static_cast<std::int64_t>(batch.size());
    batch.clear();
    if (progress_) progress_({stage, done_, total_});
  }

  void writeOfficers() {
    auto rows = officers_;
    hand(&RowSink::users, rows, "users");
    summary_.users = kOfficers;
  }

  void writeOrganisations() {
    auto random = stream(6);
    std::unordered_map<std::string, int> nameCounts;
    std::unordered_set<std::string> cvrs;
    std::vector<OrganisationRow> batch;
    names_.reserve(organisations_.size());
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
      const auto& plan = organisations_[i];
      OrganisationRow o;
      o.id = first_.organisation + static_cast<Id>(i);
      o.kind = reference_.organisation_kinds[plan.kind].code;
      // Names repeat across the country ("Aarhus Boldklub"); later ones are numbered.
      auto name = fill(random.pick(profile_->name_patterns[plan.kind]), plan.municipality, plan.district, random);
      if (const auto seen = ++nameCounts[name]; seen > 1) name += " " + std::to_string(seen);
      o.name = name;
      const auto& municipality = reference_.municipalities[plan.municipality];
      o.municipality_id = municipality.id;
      o.police_district_id = municipality.police_district_id;
      o.region_id = municipality.region_id;
      if (random.chance(kCvrPercent)) {
        auto cvr = validCvr(random);
        while (!cvrs.insert(cvr).second) cvr = validCvr(random);
        o.cvr = cvr;
      }
      if (random.chance(kAddressPercent)) o.address = address(random, plan.municipality);
      if (random.chance(kWebsitePercent)) o.website = "https://www." + slug(name) + ".example";
      if (random.chance(25)) o.tags.push_back(random.pick(profile_->tags));
      if (random.chance(5) && o.tags.size() == 1) {
        const auto& second = random.pick(profile_->tags);
        if (second != o.tags.front()) o.tags.push_back(second);
      }
      o.status = plan.archived ? RecordStatus::archived : RecordStatus::active;
      if (random.chance(kResponsiblePercent)) o.responsible_user_id = officerIn(random, plan.district);
      o.created_at = plan.created;
      o.updated_at = plan.archived
                         ? plan.archived_at
                         : uniformBetween(random, plan.created, earliest(plan.created + days(365), as_of_ - hours(1)));
      names_.push_back(std::move(name));
      batch.push_back(std::move(o));
      if (batch.size() == kRowsPerBatch) hand(&RowSink::organisations, batch, "organisations");
    }
    hand(&RowSink::organisations, batch, "organisations");
    summary_.organisations = options_.organisations;
  }

  void writeContacts() {
    auto random = stream(7);
    std::unordered_set<std::string> emails;
    emails.reserve(static_cast<std::size_t>(options_.contacts));
    contact_first_name_.assign(static_cast<std::size_t>(options_.contacts), 0);
    std::vector<ContactRow> batch;
    for (std::size_t i = 0; i < organisations_.size(); ++i) {
      const auto& plan = organisations_[i];
      const auto domainName = slug(names_[i]) + ".example";
      for (std::int64_t k = 0; k < plan.contacts; ++k) {
        const auto index = plan.first_contact + k;
        ContactRow c;
        c.id = first_.contact + index;
        c.organisation_id = first_.organisation + static_cast<Id>(i);
        const auto firstIndex = random.below(profile_->first_names.size());
        const auto& firstName = profile_->first_names[firstIndex];
        const auto& lastName = random.pick(profile_->last_names);
        c.name = firstName + " " + lastName;
        contact_first_name_[static_cast<std::size_t>(index)] = static_cast<std::uint32_t>(firstIndex);
        if (random.chance(80)) c.title = random.pick(profile_->titles);
        if (random.chance(kEmailPercent)) {
          const auto local = slug(firstName) + "." + slug(lastName);
          auto email = local + "@" + domainName;
          for (int n = 2; !emails.insert(email).second; ++n) email = local + std::to_string(n) + "@" + domainName;
          c.email = email;
        }
        if (random.chance(kPhonePercent)) c.phone = normaliseDanishPhone(phone(random));
        c.language = random.chance(kEnglishPercent) ? Language::en : Language::da;
        c.consent_invitations = random.chance(kInvitationConsentPercent);
        c.consent_newsletter = random.chance(kNewsletterPercent);
        c.created_at = contact_created_[static_cast<std::size_t>(index)];
        c.updated_at = uniformBetween(random, c.created_at, earliest(c.created_at + days(400), as_of_ - hours(1)));
        batch.push_back(std::move(c));
        if (batch.size() == kRowsPerBatch) hand(&RowSink::contacts, batch, "contacts");
      }
    }
    hand(&RowSink::contacts, batch, "contacts");
    summary_.contacts = options_.contacts;
  }

  // ---- the dialogue log -------------------------------------------------------------------------

  // `text` with the organisation's name and a person's first name filled in.
  static std::string fillDialogue(std::string text, const std::string& firstName, const std::string& organisation) {
    text = replaceAll(text, "{first_name}", firstName);
    return replaceAll(text, "{organisation}", organisation);
  }

  static std::string oneLine(std::string text) {
    if (text.size() <= 200) return text;
    std::size_t cut = 197;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut) + "...";
  }

  static std::string isoDate(sys_days day) {
    const std::chrono::year_month_day date(day);
    return LocalDate{static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                     static_cast<unsigned>(date.day())}
        .iso();
  }

  // Activities over the last four years by the district's officers, in office hours on weekdays
  // (dialogue meetings in the early evening), concentrated on some organisations while others are
  // never visited; a few follow up an event the organisation came to. Exactly `follow_ups` of them
  // (chosen evenly) get a follow-up: done or cancelled when long due, open otherwise (some overdue).
  void writeActivities() {
    if (options_.activities == 0) return;
    auto random = stream(9);
    WeightedPicker byDialogue, byKind;
    for (const auto& o : organisations_) {
      const auto draw = random.below(100);
      const std::uint64_t weight = draw < 15 ? 0 : draw < 30 ? 12 : draw < 80 ? 3 : 1;
      byDialogue.add(weight * (o.contacts > 3 ? 2 : 1));
    }
    for (const auto weight : profile_->activity_kind_weights) byKind.add(static_cast<std::uint64_t>(weight));
    const auto windowStart = as_of_ - days(kDialogueDays);
    std::chrono::year_month_day cutoffDay(as_of_day_);
    cutoffDay -= std::chrono::months(kNotesRetentionMonths);
    if (!cutoffDay.ok()) cutoffDay = cutoffDay.year() / cutoffDay.month() / std::chrono::last;
    const auto notesCutoff = localTime(zone_, sys_days(cutoffDay), 0, 0);
    const auto clearedSubject = clearedActivitySubject(kNotesRetentionMonths);
    const auto kindCode = [&](std::size_t k) -> const std::string& { return reference_.activity_kinds[k].code; };

    std::vector<ActivityRow> activities;
    std::vector<FollowUpRow> followUps;
    std::int64_t followUpsLeft = options_.follow_ups;
    Id nextFollowUp = first_.follow_up;
    for (std::int64_t i = 0; i < options_.activities; ++i) {
      // The organisation, and a moment when it was in the register.
      std::size_t index = 0;
      Timestamp from{}, to{};
      for (int attempt = 0;; ++attempt) {
        index = byDialogue.empty() || attempt > 20 ? random.below(organisations_.size()) : byDialogue.pick(random);
        const auto& o = organisations_[index];
        from = std::max(windowStart, o.created);
        to = earliest(as_of_ - hours(1), o.archived_at);
        if (from < to) break;
      }
      const auto& o = organisations_[index];
      ActivityRow a;
      a.id = first_.activity + i;
      a.organisation_id = first_.organisation + static_cast<Id>(index);
      a.police_district_id = reference_.police_districts[o.district].id;
      a.user_id = *officerIn(random, o.district);
      a.kind = kindCode(byKind.pick(random));
      const auto& completed = completed_by_district_[o.district];
      if (!completed.empty() && random.chance(kEventFollowUpPercent)) {
        const auto& event = completed[random.below(completed.size())];
        const auto at = event.ends_at + days(random.between(1, 5));
        if (at >= from && at < to) {
          a.event_id = event.id;
          a.occurred_at = at;
          a.kind = random.chance(60) ? "email" : "phone_call";
        }
      }
      if (!a.event_id) {
        // A working day in the window; the hour as the kind has it; never after the as-of moment.
        auto day = std::chrono::floor<days>(uniformBetween(random, from, to));
        const std::chrono::weekday weekday(day);
        if (weekday == std::chrono::Saturday && !random.chance(5)) day -= days(1);
        if (weekday == std::chrono::Sunday && !random.chance(5)) day += days(1);
        const bool evening = a.kind == "dialogue_meeting";
        const auto hour = evening ? static_cast<int>(random.between(17, 19)) : static_cast<int>(random.between(8, 16));
        a.occurred_at = localTime(zone_, day, hour, 15 * static_cast<int>(random.below(4)));
        if (a.occurred_at < from || a.occurred_at >= to) a.occurred_at = uniformBetween(random, from, to - seconds(1));
      }
      // The people it names: of the organisation, registered by then; its first few more often.
      std::string firstName = "kontaktpersonen";
      if (o.contacts > 0 && random.chance(kNamedPercent)) {
        const auto reach = std::min<std::int64_t>(o.contacts, 4);
        const int names = random.chance(kSecondNamedPercent) ? 2 : 1;
        for (int n = 0; n < names; ++n) {
          const auto contact = o.first_contact + random.between(0, reach - 1);
          if (contact_created_[static_cast<std::size_t>(contact)] > a.occurred_at) continue;
          const auto id = first_.contact + contact;
          if (std::find(a.contact_ids.begin(), a.contact_ids.end(), id) != a.contact_ids.end()) continue;
          if (a.contact_ids.empty())
            firstName = profile_->first_names[contact_first_name_[static_cast<std::size_t>(contact)]];
          a.contact_ids.push_back(id);
        }
        std::sort(a.contact_ids.begin(), a.contact_ids.end());
      }
      const auto kindIndex =
          static_cast<std::size_t>(std::find_if(reference_.activity_kinds.begin(), reference_.activity_kinds.end(),
                                                [&](const ActivityKind& k) { return k.code == a.kind; }) -
                                   reference_.activity_kinds.begin());
      const auto& subjects = profile_->activity_subjects[std::min(kindIndex, profile_->activity_subjects.size() - 1)];
      a.subject = oneLine(fillDialogue(random.pick(subjects), firstName, names_[index]));
      if (a.event_id) a.subject = "Opfølgning på arrangementet";
      a.notes = fillDialogue(random.pick(profile_->activity_notes), firstName, names_[index]);
      a.created_at = a.updated_at = earliest(a.occurred_at + minutes(random.between(10, 600)), as_of_ - minutes(1));
      if (a.created_at < a.occurred_at) a.created_at = a.updated_at = a.occurred_at;
      if (a.occurred_at < notesCutoff) {
        // Retention has passed over it already.
        a.notes.clear();
        a.subject = clearedSubject;
        const std::chrono::year_month_day occurredDay(std::chrono::floor<days>(a.occurred_at));
        auto due = occurredDay + std::chrono::months(kNotesRetentionMonths);
        if (!due.ok()) due = due.year() / due.month() / std::chrono::last;
        a.notes_cleared_at = earliest(sys_days(due) + days(random.between(1, 3)) + hours(3), as_of_ - hours(1));
        a.updated_at = std::max(a.created_at, *a.notes_cleared_at);
      }

      // Exactly `follow_ups` of the activities, spread evenly (selection sampling).
      if (followUpsLeft > 0 &&
          static_cast<std::int64_t>(random.below(static_cast<std::size_t>(options_.activities - i))) < followUpsLeft) {
        --followUpsLeft;
        FollowUpRow f;
        f.id = nextFollowUp++;
        f.organisation_id = a.organisation_id;
        f.police_district_id = a.police_district_id;
        f.activity_id = a.id;
        if (!a.contact_ids.empty() && random.chance(60)) f.contact_id = a.contact_ids.front();
        f.title = oneLine(fillDialogue(random.pick(profile_->follow_up_titles),
                                       f.contact_id ? firstName : "kontaktpersonen", names_[index]));
        const auto local = zone_.toLocal(a.occurred_at);
        const auto occurredDay =
            sys_days(std::chrono::year(local.year) / std::chrono::month(local.month) / std::chrono::day(local.day));
        const auto dueDay = occurredDay + days(random.between(3, 30));
        f.due_on = isoDate(dueDay);
        f.assigned_user_id = a.user_id;
        f.created_at = f.updated_at = a.created_at;
        if (dueDay < as_of_day_) {
          const auto roll = random.below(100);
          if (roll < 88) {
            f.status = roll < 80 ? "done" : "cancelled";
            const auto done =
                localTime(zone_, dueDay - days(random.between(0, 3)), static_cast<int>(random.between(9, 15)), 0);
            f.done_at = std::clamp(done, f.created_at, std::max(f.created_at, as_of_ - hours(1)));
            f.updated_at = *f.done_at;
          }
        }
        followUps.push_back(std::move(f));
      }
      activities.push_back(std::move(a));
      if (activities.size() == kRowsPerBatch) {
        // Activities before the follow-ups that refer to them.
        summary_.activities += static_cast<std::int64_t>(activities.size());
        summary_.follow_ups += static_cast<std::int64_t>(followUps.size());
        hand(&RowSink::activities, activities, "activities");
        hand(&RowSink::followUps, followUps, "follow-ups");
      }
    }
    summary_.activities += static_cast<std::int64_t>(activities.size());
    summary_.follow_ups += static_cast<std::int64_t>(followUps.size());
    hand(&RowSink::activities, activities, "activities");
    hand(&RowSink::followUps, followUps, "follow-ups");
  }

  bool mayCome(std::size_t organisation, const EventPlan& plan) const {
    const auto& o = organisations_[organisation];
    return o.contacts > 0 && o.created <= plan.row.created_at && plan.row.starts_at < o.archived_at;
  }

  // The people of one event: mostly from organisations in its police district, one to four from an
  // organisation, the eager organisations and each organisation's first contacts more often.
  // `last` is the last event that can take registrations: it must take all that are left, even more
  // than four from an organisation.
  std::vector<PersonPick> choosePeople(Random& random, const EventPlan& plan, std::int64_t wanted, std::uint32_t serial,
                                       bool last) {
    std::vector<PersonPick> picks;
    picks.reserve(static_cast<std::size_t>(wanted));
    const auto perOrganisation =
        std::min(kMaxPeoplePerOrganisation, plan.row.per_organisation_quota.value_or(kMaxPeoplePerOrganisation));
    auto sent = [&](std::size_t o) -> int& {
      if (organisation_stamp_[o] != serial) {
        organisation_stamp_[o] = serial;
        organisation_sent_[o] = 0;
      }
      return organisation_sent_[o];
    };
    auto take = [&](std::size_t o, std::int64_t contact) {
      contact_stamp_[static_cast<std::size_t>(contact)] = serial;
      ++sent(o);
      picks.push_back({contact, o, {}});
    };
    auto free = [&](std::int64_t contact) {
      return contact_stamp_[static_cast<std::size_t>(contact)] != serial &&
             contact_created_[static_cast<std::size_t>(contact)] <= plan.row.created_at;
    };

    WeightedPicker invitedPicker;
    for (const auto o : plan.invited) invitedPicker.add(organisations_[o].activity + 1);
    const auto& localPicker = district_pickers_[plan.district];
    const auto& local = district_organisations_[plan.district];
    const bool invited = plan.row.audience == Audience::invited;
    if (invited && plan.invited.empty()) return picks;

    std::int64_t failures = 0;
    const auto maxFailures = 100 + 20 * wanted;
    auto got = [&] { return static_cast<std::int64_t>(picks.size()); };
    while (got() < wanted && failures < maxFailures) {
      std::size_t o;
      if (invited) {
        o = plan.invited[invitedPicker.pick(random)];
      } else if (!localPicker.empty() && random.chance(kHomeDistrictPercent)) {
        o = local[localPicker.pick(random)];
      } else if (!national_picker_.empty()) {
        o = national_picker_.pick(random);
      } else {
        break;
      }
      if (!mayCome(o, plan) || sent(o) >= perOrganisation) {
        ++failures;
        continue;
      }
      const auto draw = random.below(100);
      const int people = std::min(draw < 45 ? 1 : draw < 75 ? 2 : draw < 90 ? 3 : 4, perOrganisation - sent(o));
      const auto& org = organisations_[o];
      const auto count = static_cast<std::size_t>(org.contacts);
      for (int p = 0; p < people && got() < wanted; ++p) {
        bool added = false;
        for (int attempt = 0; attempt < 3 && !added; ++attempt) {
          // The lower of two draws: an organisation's first contacts are its regulars.
          const auto contact =
              org.first_contact + static_cast<std::int64_t>(std::min(random.below(count), random.below(count)));
          if (!free(contact)) continue;
          take(o, contact);
          added = true;
        }
        if (!added) {
          ++failures;
          break;
        }
      }
    }
    // Chance did not find enough (a small or young register): take whoever may come, in order,
    // keeping to four per organisation (the last event: then not). What is still missing is made up
    // by the events after this one.
    if (got() < wanted) {
      const auto candidates = invited ? plan.invited.size() : organisations_.size();
      const auto start = random.below(std::max<std::size_t>(candidates, 1));
      for (int pass = 0; pass < (last ? 2 : 1) && got() < wanted; ++pass) {
        for (std::size_t k = 0; k < candidates && got() < wanted; ++k) {
          const auto o = invited ? plan.invited[(start + k) % candidates] : (start + k) % candidates;
          if (!mayCome(o, plan)) continue;
          const auto& org = organisations_[o];
          for (std::int64_t c = 0; c < org.contacts && got() < wanted; ++c) {
            if (pass == 0 && sent(o) >= perOrganisation) break;
            if (free(org.first_contact + c)) take(o, org.first_contact + c);
          }
        }
      }
    }
    return picks;
  }

  // Registers `people` for the event and settles their statuses as the services would have: first
  // come, first seated; cancellations free seats; at a completed event the seated attended or did
  // not show. Fills the event's capacity and counts.
  void settle(Random& random, EventPlan& plan, std::vector<PersonPick>& people, std::vector<RegistrationRow>& out) {
    auto& e = plan.row;
    const auto n = static_cast<std::int64_t>(people.size());
    const bool completed = e.status == EventStatus::completed;
    const int cancelPercent = completed ? kCancelledRegistrationPercentPast : kCancelledRegistrationPercentFuture;
    // Capacity: room to spare mostly; a waiting list at some coming events and a few past ones.
    const auto seated = std::max<std::int64_t>(1, n * (100 - cancelPercent) / 100);
    const bool full = completed ? random.permille(30) : random.chance(12);
    if (n == 0) {
      e.capacity = static_cast<int>(random.between(4, 16) * 5);
    } else if (full) {
      e.capacity = static_cast<int>(std::max<std::int64_t>(1, seated * random.between(75, 95) / 100));
    } else {
      e.capacity = static_cast<int>((seated * random.between(100, 150) / 100 + 4) / 5 * 5);
    }

    for (auto& person : people) person.registered_at = uniformBetween(random, e.created_at, plan.registration_ends);
    std::sort(people.begin(), people.end(), [](const PersonPick& a, const PersonPick& b) {
      return a.registered_at != b.registered_at ? a.registered_at < b.registered_at : a.contact < b.contact;
    });
    int seats = 0, taken = 0, waiting = 0;
    for (const auto& person : people) {
      RegistrationRow r;
      r.id = next_registration_++;
      r.event_id = e.id;
      r.contact_id = first_.contact + person.contact;
      r.organisation_id = first_.organisation + static_cast<Id>(person.organisation);
      r.registered_at = person.registered_at;
      r.registered_by = e.organiser_user_id;
      r.updated_at = r.registered_at;
      if (random.chance(cancelPercent)) {
        r.status = RegistrationStatus::cancelled;
        r.cancelled_at = uniformBetween(random, r.registered_at, plan.registration_ends);
        r.cancelled_by = e.organiser_user_id;
        r.updated_at = *r.cancelled_at;
      } else if (seats < *e.capacity) {
        ++seats;
        r.status = RegistrationStatus::confirmed;
        ++taken;
        if (completed) {
          if (random.chance(kAttendedPercentOfSeated)) {
            r.status = RegistrationStatus::attended;
            r.checked_in_at = e.starts_at + minutes(random.between(-30, 40));
            r.checked_in_by = e.organiser_user_id;
            r.updated_at = *r.checked_in_at;
          } else {
            r.status = RegistrationStatus::no_show;
            --taken;
            r.updated_at = plan.closed_at;
          }
        }
      } else {
        ++waiting;
        r.status = RegistrationStatus::waitlisted;
      }
      out.push_back(r);
    }
    // Seats taken count confirmed and attended registrations, as RegistrationRepository::counts does.
    e.confirmed_count = taken;
    e.waitlisted_count = waiting;
  }

  void writeEvents() {
    auto random = stream(8);
    contact_stamp_.assign(static_cast<std::size_t>(options_.contacts), 0);
    organisation_stamp_.assign(organisations_.size(), 0);
    organisation_sent_.assign(organisations_.size(), 0);
    next_registration_ = first_.registration;
    completed_by_district_.assign(reference_.police_districts.size(), {});
    std::int64_t carried = 0;  // registrations an earlier event could not place
    std::size_t last = 0;
    for (std::size_t i = 0; i < events_.size(); ++i)
      if (events_[i].row.status != EventStatus::draft && events_[i].row.audience == Audience::open) last = i;
    std::vector<EventRow> events;
    std::vector<InvitationRow> invitations;
    std::vector<RegistrationRow> registrations;
    for (std::size_t i = 0; i < events_.size(); ++i) {
      auto& plan = events_[i];
      std::vector<PersonPick> people;
      if (plan.row.status != EventStatus::draft) {
        const auto wanted = std::min(plan.cap, plan.size + carried);
        people = choosePeople(random, plan, wanted, static_cast<std::uint32_t>(i + 1), i == last);
        carried = plan.size + carried - static_cast<std::int64_t>(people.size());
      }
      settle(random, plan, people, registrations);
      for (const auto o : plan.invited) invitations.push_back({plan.row.id, first_.organisation + static_cast<Id>(o)});
      if (plan.row.status == EventStatus::completed)
        completed_by_district_[plan.district].push_back({plan.row.id, plan.row.ends_at});
      events.push_back(std::move(plan.row));
      plan.invited.clear();
      plan.invited.shrink_to_fit();
      if (events.size() == kEventsPerChunk || i + 1 == events_.size()) {
        // Events before what refers to them.
        summary_.events += static_cast<std::int64_t>(events.size());
        summary_.invitations += static_cast<std::int64_t>(invitations.size());
        summary_.registrations += static_cast<std::int64_t>(registrations.size());
        hand(&RowSink::events, events, "events");
        hand(&RowSink::invitations, invitations, "invitations");
        hand(&RowSink::registrations, registrations, "registrations");
      }
    }
    if (carried > 0)
      throw std::runtime_error(std::to_string(carried) +
                               " registrations found nobody who could come: too few contacts for the events");
  }

  const ScaleOptions& options_;
  const ReferenceData reference_;
  const TimeZone& zone_;
  const FirstIds first_;
  RowSink& sink_;
  const ScaleProgressFn& progress_;

  std::unique_ptr<Profile> profile_;
  sys_days as_of_day_{};
  Timestamp as_of_{};  // the start of the as-of day in Copenhagen

  std::vector<UserRow> officers_;
  std::vector<std::vector<Id>> officers_by_district_;
  std::vector<OrganisationPlan> organisations_;
  std::vector<std::string> names_;
  std::vector<Timestamp> contact_created_;
  std::vector<std::vector<std::size_t>> district_organisations_;
  std::vector<WeightedPicker> district_pickers_;
  WeightedPicker national_picker_;
  std::vector<EventPlan> events_;
  std::int64_t invitation_count_ = 0;

  // Per event being filled: who is already registered (stamped with the event's serial number).
  std::vector<std::uint32_t> contact_stamp_;
  std::vector<std::uint32_t> organisation_stamp_;
  std::vector<int> organisation_sent_;
  Id next_registration_ = 1;

  // For the dialogue log: each contact's first name (an index into the profile's), and the completed
  // events of each district (id, end) that activities can follow up.
  std::vector<std::uint32_t> contact_first_name_;
  struct CompletedEvent {
    Id id = 0;
    Timestamp ends_at{};
  };
  std::vector<std::vector<CompletedEvent>> completed_by_district_;

  std::int64_t total_ = 0;
  std::int64_t done_ = 0;
  ScaleSummary summary_;
};

}  // namespace

ScaleSummary generateScale(const ScaleOptions& options, const ReferenceData& reference, const TimeZone& zone,
                           const FirstIds& first, RowSink& sink, const ScaleProgressFn& progress) {
  return ScaleGenerator(options, reference, zone, first, sink, progress).run();
}

ScaleSummary seedScale(storage::Database& database, const ReferenceData& reference, const TimeZone& zone,
                       const ScaleOptions& options, const ScaleProgressFn& progress) {
  if (reference.municipalities.empty() || reference.organisation_kinds.empty() || reference.event_kinds.empty())
    throw DomainError(ErrorCode::invalid, "Load the reference data first: brobygger seed reference");
  {
    auto uow = database.begin(Access::read);
    OrganisationQuery any;
    any.status = StatusFilter::all;
    any.page.limit = 1;
    if (uow->organisations().list(any).total > 0)
      throw DomainError(ErrorCode::conflict,
                        "The register already holds organisations: the scale data set is loaded into an empty "
                        "register only (a fresh database, migrated, with reference data)");
  }
  storage::BulkLoader loader(database);
  const auto summary = generateScale(options, reference, zone, loader.firstFreeIds(), loader, progress);
  loader.finish();
  return summary;
}

}  // namespace brobygger::seeds
