#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>

#include "domain/validation.hpp"
#include "seeds/random.hpp"
#include "seeds/seed_text.hpp"
#include "seeds/seeds.hpp"

namespace brobygger::seeds {

nlohmann::json seedFile(std::string_view path);

using namespace brobygger::domain;

void seedDemoEvents(Store& store, DemoServices services, const ReferenceCatalog& catalog, const Actor& officer,
                    Timestamp now, DemoSummary& summary);
void seedDemoOutreach(Store& store, const TimeZone& zone, const nlohmann::json& vocabulary,
                      const std::vector<DemoOfficer>& officers, Timestamp now, DemoSummary& summary);
void seedDemoTrainings(Store& store, DemoServices services, const ReferenceCatalog& catalog,
                       const nlohmann::json& vocabulary, const Actor& admin, const Actor& officer, Timestamp now,
                       DemoSummary& summary);

DemoSummary seedDemo(Store& store, DemoServices services, const ReferenceCatalog& catalog, const std::string& password,
                     Timestamp now) {
  DemoSummary summary;
  {
    auto uow = store.begin(Access::read);
    OrganisationQuery any;
    any.status = StatusFilter::all;
    any.page.limit = 1;
    if (uow->organisations().list(any).total > 0) {
      summary.already_present = true;
      return summary;
    }
  }
  const auto vocabulary = seedFile("demo/vocabulary.json");
  const auto firstNames = vocabulary.at("first_names").get<std::vector<std::string>>();
  const auto lastNames = vocabulary.at("last_names").get<std::vector<std::string>>();
  const auto titles = vocabulary.at("titles").get<std::vector<std::string>>();
  const auto streets = vocabulary.at("streets").get<std::vector<std::string>>();
  const auto& patterns = vocabulary.at("name_patterns");
  const auto& data = catalog.data();

  // The demo admin does the seeding, through the same services as any user.
  auto admin = services.users.createTrusted({kDemoUsers[0][1], "Astrid Administrator", Role::admin, {}, password});
  auto officer = services.users.createTrusted({kDemoUsers[1][1], "Omar Opsøgende", Role::officer, {}, password});
  services.users.createTrusted({kDemoUsers[2][1], "Mette Ledelse", Role::manager, {}, password});
  summary.users = 3;
  // Colleagues in the dialogue log: one national, two limited to a police district.
  std::vector<DemoOfficer> officers{{officer.id, {}}};
  for (const auto& colleague : vocabulary.at("demo_officers")) {
    const auto districts = colleague.at("police_district_ids").get<std::vector<int>>();
    const auto user = services.users.createTrusted({colleague.at("email").get<std::string>(),
                                                    colleague.at("name").get<std::string>(),
                                                    Role::officer,
                                                    {},
                                                    password,
                                                    districts});
    officers.push_back({user.id, districts});
    ++summary.users;
  }
  const Actor actor{admin.id, Role::admin, {}};

  Random random(20261124);
  std::set<std::string> usedNames;
  std::set<std::string> usedEmails;
  std::optional<Id> partnerOrganisation;

  auto districtName = [&](int id) {
    for (const auto& d : data.police_districts)
      if (d.id == id) return d.name_da;
    return std::string();
  };
  auto municipalitiesIn = [&](int district) {
    std::vector<const Municipality*> out;
    for (const auto& m : data.municipalities)
      if (m.police_district_id == district) out.push_back(&m);
    return out;
  };

  auto addOrganisation = [&](const std::string& kind, const Municipality& municipality) -> std::optional<Organisation> {
    const auto& kindPatterns = patterns.at(kind);
    for (int attempt = 0; attempt < 8; ++attempt) {
      auto name = kindPatterns.at(random.below(kindPatterns.size())).get<std::string>();
      name = replaceAll(name, "{town}", municipality.name_da);
      name = replaceAll(name, "{municipality}", municipality.name_da);
      name = replaceAll(name, "{district}", districtName(municipality.police_district_id));
      if (!usedNames.insert(name).second) continue;
      NewOrganisation input;
      input.name = name;
      input.kind = kind;
      input.municipality_id = municipality.id;
      if (random.chance(70)) input.cvr = validCvr(random);
      if (random.chance(80)) {
        input.address = random.pick(streets) + " " + std::to_string(1 + random.below(120)) + "\n" +
                        std::to_string(1000 + random.below(8900)) + " " + municipality.name_da;
      }
      if (random.chance(75)) input.website = "https://www." + slug(name) + ".dk";
      if (random.chance(40)) input.tags.emplace_back(random.chance(50) ? "forebyggelse" : "netværk");
      if (random.chance(60)) input.responsible_user_id = officer.id;
      try {
        return services.organisations.create(actor, input);
      } catch (const DomainError& e) {
        if (e.code() != ErrorCode::conflict) throw;  // a CVR collision: draw again
      }
    }
    return std::nullopt;
  };

  auto addContacts = [&](const Organisation& organisation, int count) {
    const auto domainName = slug(organisation.name) + ".dk";
    for (int i = 0; i < count; ++i) {
      const auto& first = random.pick(firstNames);
      const auto& last = random.pick(lastNames);
      NewContact contact;
      contact.organisation_id = organisation.id;
      contact.name = first + " " + last;
      contact.title = random.pick(titles);
      auto email = slug(first) + "." + slug(last) + "@" + domainName;
      if (!usedEmails.insert(email).second) continue;
      contact.email = email;
      if (random.chance(70)) contact.phone = phone(random);
      contact.language = random.chance(12) ? Language::en : Language::da;
      contact.consent.newsletter = random.chance(35);
      services.contacts.create(actor, contact);
      ++summary.contacts;
    }
  };

  auto addWithContacts = [&](const std::string& kind, const Municipality& municipality) {
    if (auto organisation = addOrganisation(kind, municipality)) {
      ++summary.organisations;
      addContacts(*organisation, 1 + static_cast<int>(random.below(3)));
      if (!partnerOrganisation && kind == "sports_club") partnerOrganisation = organisation->id;
    }
  };

  // The cooperation backbone: per police district its Infohus and the district itself; every
  // municipality.
  for (const auto& district : data.police_districts) {
    const auto members = municipalitiesIn(district.id);
    if (members.empty()) continue;
    addWithContacts("infohus", *members.front());
    addWithContacts("police_district", *members.front());
  }
  for (const auto& municipality : data.municipalities) addWithContacts("municipality", municipality);

  // Civil society and the other kinds, weighted towards the associations outreach works with most.
  std::vector<std::string> weighted;
  for (const auto& kind : data.organisation_kinds) {
    if (kind.code == "infohus" || kind.code == "police_district" || kind.code == "municipality") continue;
    const int weight = kind.group == "civil_society" ? 6 : 1;
    for (int i = 0; i < weight; ++i) weighted.push_back(kind.code);
  }
  for (int i = 0; i < 200; ++i) addWithContacts(random.pick(weighted), random.pick(data.municipalities));

  // A few archived organisations, as a register that has lived for a while has.
  OrganisationQuery firstFew;
  firstFew.sort = OrganisationSort::created_at_desc;
  firstFew.page.limit = 5;
  {
    std::vector<Id> toArchive;
    {
      auto uow = store.begin(Access::read);
      for (const auto& o : uow->organisations().list(firstFew).items)
        if (o.id != partnerOrganisation) toArchive.push_back(o.id);
    }
    for (auto id : toArchive) services.organisations.archive(actor, id, std::nullopt);
  }

  // A few believable duplicates (the same association entered twice, a person twice), so "Likely
  // duplicates" in the web admin has something to show on a fresh demo.
  {
    const auto municipalityById = [&](int id) -> const Municipality& {
      for (const auto& m : data.municipalities)
        if (m.id == id) return m;
      return data.municipalities.front();
    };
    const auto twin = [&](const std::string& kind, int municipality, const std::string& first,
                          const std::string& second, std::optional<std::string> website) {
      std::vector<Organisation> made;
      for (const auto* name : {&first, &second}) {
        NewOrganisation input;
        input.name = *name;
        input.kind = kind;
        input.municipality_id = municipalityById(municipality).id;
        input.website = website;
        if (made.empty() && kind == "cultural_association") input.address = "Søndergade 12\n8000 Aarhus C";
        made.push_back(services.organisations.create(actor, input));
        ++summary.organisations;
        website.reset();  // the second record was entered without it
      }
      return made;
    };
    const auto person = [&](Id organisation, const std::string& name, std::optional<std::string> phone,
                            std::optional<std::string> email) {
      NewContact contact;
      contact.organisation_id = organisation;
      contact.name = name;
      contact.phone = std::move(phone);
      contact.email = std::move(email);
      services.contacts.create(actor, contact);
      ++summary.contacts;
    };
    const auto culture = twin("cultural_association", 751, "Aarhus Kulturforening", "Århus Kulturforening",
                              "https://www.aarhuskulturforening.dk");
    twin("sports_club", 101, "Boldklubben Frem Valby", "Boldklubben Frem, Valby", std::nullopt);
    twin("youth_club", 101, "Ungdomsklubben Kvarteret", "Ungdomsklubben  KVARTERET", std::nullopt);
    person(culture[0].id, "Mette Sørensen", "+45 2233 4455", "mette@aarhuskulturforening.dk");
    person(culture[0].id, "Mette Soerensen", std::nullopt, std::nullopt);
    person(culture[1].id, "M. Sørensen", "+45 2233 4455", std::nullopt);
  }

  if (partnerOrganisation) {
    services.users.createTrusted({kDemoUsers[3][1], "Peter Partner", Role::partner, partnerOrganisation, password});
    ++summary.users;
  }
  seedDemoEvents(store, services, catalog, Actor{officer.id, Role::officer, {}}, now, summary);
  seedDemoOutreach(store, services.zone, vocabulary, officers, now, summary);
  seedDemoTrainings(store, services, catalog, vocabulary, actor, Actor{officer.id, Role::officer, {}}, now, summary);
  // The demo people are invented: their invitations are marked skipped, never sent.
  auto uow = store.begin(Access::write);
  uow->outbox().skipQueued("demo data: not sent");
  uow->commit();
  return summary;
}

}  // namespace brobygger::seeds

namespace brobygger::seeds {

namespace {

using namespace brobygger::domain;

struct EventPlan {
  const char* kind;
  const char* title;
  int day_offset;  // from today
  unsigned hour;
  int hours;
  std::optional<int> capacity;
  std::optional<int> quota;
};

// Past and coming events of every kind, as the unit's calendar would hold them.
constexpr EventPlan kPlans[] = {
    {"seminar", "Seminar: Radikalisering og sociale medier", -150, 9, 6, 80, std::nullopt},
    {"training", "Kursus: Tidlige tegn på radikalisering", -120, 9, 7, 30, 3},
    {"dialogue_meeting", "Dialogmøde med trossamfund", -100, 17, 3, 40, std::nullopt},
    {"seminar", "Seminar: Forebyggelse i boligområder", -75, 10, 5, 60, std::nullopt},
    {"training", "Kursus for Kriminalforsorgens medarbejdere", -60, 9, 7, 25, 5},
    {"dialogue_meeting", "Dialogmøde: Foreningsliv og fællesskab", -40, 18, 3, 50, std::nullopt},
    {"seminar", "Seminar: Ekstremisme online", -21, 9, 6, 100, std::nullopt},
    {"training", "Kursus: Samtaler med unge i risiko", -8, 9, 7, 20, 2},
    {"seminar", "Temadag: Polarisering og demokrati", 9, 9, 6, 120, std::nullopt},
    {"training", "Kursus: Forebyggende samtaler (forår)", 23, 9, 7, 12, 2},
    {"dialogue_meeting", "Dialogmøde med idrætsforeninger", 30, 17, 3, 40, std::nullopt},
    {"seminar", "Seminar: Psykiatri og radikalisering", 45, 10, 5, 70, std::nullopt},
    {"training", "Kursus: Netværksarbejde i SSP", 60, 9, 7, 25, 3},
    {"dialogue_meeting", "Dialogmøde: Unge og fællesskaber", 90, 17, 3, std::nullopt, std::nullopt},
};

// registerMany takes at most 100 people per request, as the API does.
std::vector<RegistrationOutcome> registerAll(RegistrationService& registrations, const Actor& actor, Id eventId,
                                             const std::vector<Id>& ids) {
  std::vector<RegistrationOutcome> all;
  for (std::size_t i = 0; i < ids.size(); i += 100) {
    const std::vector<Id> chunk(ids.begin() + static_cast<std::ptrdiff_t>(i),
                                ids.begin() + static_cast<std::ptrdiff_t>(std::min(ids.size(), i + 100)));
    auto outcomes = registrations.registerMany(actor, eventId, chunk);
    all.insert(all.end(), outcomes.begin(), outcomes.end());
  }
  return all;
}

Timestamp localAt(const TimeZone& zone, Timestamp base, int dayOffset, unsigned hour) {
  auto local = zone.toLocal(base + std::chrono::hours(24 * dayOffset));
  local.hour = hour;
  local.minute = 0;
  return zone.toUtc(local);
}

}  // namespace

void seedDemoEvents(Store& store, DemoServices services, const ReferenceCatalog& catalog, const Actor& officer,
                    Timestamp now, DemoSummary& summary) {
  Random random(4242);
  (void)catalog;
  // Everyone the events can draw on, in a fixed order.
  std::vector<Contact> people;
  {
    auto uow = store.begin(Access::read);
    ContactQuery all;
    all.sort = ContactSort::created_at;
    all.page.limit = PageRequest::kMaxLimit;
    for (all.page.offset = 0;; all.page.offset += all.page.limit) {
      const auto page = uow->contacts().list(all);
      people.insert(people.end(), page.items.begin(), page.items.end());
      if (page.items.empty() || all.page.offset + all.page.limit >= page.total) break;
    }
  }
  const Venue venues[] = {
      {"Politigården", "Polititorvet 14\n1780 København V", 101},
      {"Aarhus Rådhus", "Rådhuspladsen 2\n8000 Aarhus C", 751},
      {"Odense Kulturhus", "Vestergade 20\n5000 Odense C", 461},
      {"Aalborg Kongres & Kultur Center", "Europa Plads 4\n9000 Aalborg", 851},
  };
  int index = 0;
  for (const auto& plan : kPlans) {
    NewEvent input;
    input.details.kind = plan.kind;
    input.details.title = plan.title;
    input.details.description =
        "Arrangeret af den nationale forebyggelsesenhed.\nProgram og materialer sendes ud inden.";
    input.details.venue = venues[index % 4];
    input.details.capacity = plan.capacity;
    input.details.reminder_hours = 0;  // the demo people are invented: no reminder is ever queued for them
    input.details.per_organisation_quota = plan.quota;
    input.starts_at = localAt(services.zone, now, plan.day_offset, plan.hour);
    input.ends_at = input.starts_at + std::chrono::hours(plan.hours);
    auto event = services.events.create(officer, input);
    ++summary.events;
    ++index;
    services.events.publish(officer, event.id, std::nullopt);
    // Enough people to fill the smaller events, so some have waiting lists.
    const auto wanted =
        std::min<std::size_t>(people.size(), plan.capacity ? static_cast<std::size_t>(*plan.capacity) + 6 : 30);
    std::vector<Id> ids;
    for (std::size_t i = 0; i < wanted; ++i) ids.push_back(people[random.below(people.size())].id);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto outcomes = registerAll(services.registrations, officer, event.id, ids);
    for (const auto& outcome : outcomes) {
      if (!outcome.registration) continue;
      ++summary.registrations;
      // Most confirmed people of past events came; a few cancelled before coming ones.
      if (plan.day_offset < 0 && outcome.registration->status == RegistrationStatus::confirmed && random.chance(78))
        services.registrations.checkIn(officer, outcome.registration->id);
    }
    if (plan.day_offset < 0) services.events.close(officer, event.id, std::nullopt);
  }
  // A draft in the making and a cancelled seminar.
  NewEvent draft;
  draft.details.kind = "seminar";
  draft.details.reminder_hours = 0;
  draft.details.title = "Seminar: Efterårets temadag (udkast)";
  draft.starts_at = localAt(services.zone, now, 120, 9);
  draft.ends_at = draft.starts_at + std::chrono::hours(6);
  services.events.create(officer, draft);
  ++summary.events;
  NewEvent cancelled = draft;
  cancelled.details.title = "Dialogmøde i Vollsmose";
  cancelled.details.kind = "dialogue_meeting";
  cancelled.starts_at = localAt(services.zone, now, 14, 17);
  cancelled.ends_at = cancelled.starts_at + std::chrono::hours(2);
  const auto gone = services.events.create(officer, cancelled);
  services.events.publish(officer, gone.id, std::nullopt);
  services.events.cancel(officer, gone.id, "Aflyst på grund af for få tilmeldte", std::nullopt);
  ++summary.events;

  // Quarterly network meetings of three Infohuse, started half a year ago, with the municipalities
  // and the police district of each as the roster.
  const std::pair<int, const char*> infohuse[] = {{11, "København"}, {2, "Østjylland"}, {6, "Fyn"}};
  for (const auto& [district, name] : infohuse) {
    std::vector<Id> roster;
    {
      auto uow = store.begin(Access::read);
      OrganisationQuery members;
      members.police_district_id = district;
      members.page.limit = PageRequest::kMaxLimit;
      for (const auto& o : uow->organisations().list(members).items)
        if (o.kind == "municipality" || o.kind == "police_district" || o.kind == "infohus") roster.push_back(o.id);
    }
    if (roster.empty()) continue;
    NewSeries series;
    series.details.kind = "network_meeting";
    series.details.reminder_hours = 0;
    series.details.title = std::string("Netværksmøde i Infohus ") + name;
    series.details.venue = venues[summary.series % 4];
    series.rrule = "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TU";
    // The second Tuesday of a month about half a year back.
    auto first = services.zone.toLocal(now - std::chrono::hours(24 * 190));
    first.day = 1;
    first.hour = 10;
    first.minute = 0;
    auto start = services.zone.toUtc(first);
    int tuesdays = 0;
    for (int d = 0; d < 14; ++d) {
      const auto day =
          std::chrono::floor<std::chrono::days>(start + std::chrono::hours(24 * d) + std::chrono::hours(12));
      if (std::chrono::weekday(day) == std::chrono::Tuesday && ++tuesdays == 2) {
        start = start + std::chrono::hours(24 * d);
        break;
      }
    }
    series.starts_at = services.zone.toUtc(services.zone.toLocal(start));
    series.ends_at = series.starts_at + std::chrono::hours(2);
    series.roster_organisation_ids = roster;
    const auto created = services.series.create(officer, series);
    ++summary.series;
    // The members' people came to the past meetings, most of them.
    EventQuery occurrences;
    occurrences.series_id = created.id;
    occurrences.to = now;
    std::vector<Event> past;
    {
      auto uow = store.begin(Access::read);
      past = uow->events().list(occurrences).items;
    }
    for (const auto& event : past) {
      if (event.ends_at > now) continue;
      std::vector<Id> ids;
      for (const auto& person : people)
        if (std::find(roster.begin(), roster.end(), person.organisation_id) != roster.end() && random.chance(70))
          ids.push_back(person.id);
      for (const auto& outcome : registerAll(services.registrations, officer, event.id, ids)) {
        if (!outcome.registration) continue;
        ++summary.registrations;
        if (random.chance(80)) services.registrations.checkIn(officer, outcome.registration->id);
      }
      services.events.close(officer, event.id, std::nullopt);
    }
  }
}

}  // namespace brobygger::seeds

// --- Trainings for partner authorities (issue 16) ----------------------------------------------------------
// The unit trains the authorities it works with: Prison and Probation, the Immigration Service, the Armed
// Forces, psychiatry and the police districts. Their offices across the country get people, and a year of
// completed trainings gets them, so the trainings overview and the certificates have something to show.
// Added after everything else with a random stream of its own, so the rest of the demo stays as it was.

namespace brobygger::seeds {

namespace {

struct TrainingPlan {
  const char* title;
  int day_offset;  // from today; all in the past
  const char* kinds[3];
};

constexpr TrainingPlan kTrainingPlans[] = {
    {"Kursus: Radikalisering og ekstremisme for Kriminalforsorgen",
     -320,
     {"prison_probation_service", nullptr, nullptr}},
    {"Kursus: Bekymringstegn hos unge i psykiatrien", -260, {"psychiatry", nullptr, nullptr}},
    {"Kursus: Forebyggelse i asylsystemet", -210, {"immigration_service", "municipality", nullptr}},
    {"Kursus: Ekstremisme og radikalisering i Forsvaret", -170, {"armed_forces", nullptr, nullptr}},
    {"Kursus for politiets forebyggere", -130, {"police_district", "prison_probation_service", nullptr}},
    {"Kursus: Samarbejde om bekymringshenvendelser", -95, {"psychiatry", "police_district", "municipality"}},
    {"Kursus: Exit-arbejde i Kriminalforsorgen", -35, {"prison_probation_service", "immigration_service", nullptr}},
    {"Kursus: Online radikalisering", -15, {"armed_forces", "psychiatry", "police_district"}},
};

}  // namespace

void seedDemoTrainings(Store& store, DemoServices services, const ReferenceCatalog& catalog,
                       const nlohmann::json& vocabulary, const Actor& admin, const Actor& officer, Timestamp now,
                       DemoSummary& summary) {
  Random random(16016);
  const auto& data = catalog.data();
  const auto firstNames = vocabulary.at("first_names").get<std::vector<std::string>>();
  const auto lastNames = vocabulary.at("last_names").get<std::vector<std::string>>();
  const auto titles = vocabulary.at("titles").get<std::vector<std::string>>();
  const auto& patterns = vocabulary.at("name_patterns");
  const auto districtName = [&](int id) {
    for (const auto& d : data.police_districts)
      if (d.id == id) return d.name_da;
    return std::string();
  };

  // Offices of the authorities: Prison and Probation and psychiatry in most police districts, the
  // Immigration Service and the Armed Forces in some; each with a few people.
  std::set<std::string> names;
  {
    auto uow = store.begin(Access::read);
    OrganisationQuery all;
    all.status = StatusFilter::all;
    all.page.limit = PageRequest::kMaxLimit;
    for (all.page.offset = 0;; all.page.offset += all.page.limit) {
      const auto page = uow->organisations().list(all);
      for (const auto& o : page.items) names.insert(o.name);
      if (page.items.empty() || all.page.offset + all.page.limit >= page.total) break;
    }
  }
  for (const auto& district : data.police_districts) {
    std::vector<const Municipality*> members;
    for (const auto& m : data.municipalities)
      if (m.police_district_id == district.id) members.push_back(&m);
    if (members.empty()) continue;
    for (const auto& [kind, chance] : std::vector<std::pair<std::string, int>>{
             {"prison_probation_service", 85}, {"psychiatry", 85}, {"immigration_service", 35}, {"armed_forces", 35}}) {
      if (!random.chance(chance)) continue;
      const auto& municipality = *members[random.below(members.size())];
      const auto& kindPatterns = patterns.at(kind);
      std::string name;
      for (int attempt = 0; attempt < 8 && (name.empty() || names.count(name)); ++attempt) {
        name = kindPatterns.at(random.below(kindPatterns.size())).get<std::string>();
        name = replaceAll(name, "{town}", municipality.name_da);
        name = replaceAll(name, "{municipality}", municipality.name_da);
        name = replaceAll(name, "{district}", districtName(district.id));
      }
      if (!names.insert(name).second) continue;
      NewOrganisation input;
      input.name = name;
      input.kind = kind;
      input.municipality_id = municipality.id;
      const auto organisation = services.organisations.create(admin, input);
      ++summary.organisations;
      const int people = 3 + static_cast<int>(random.below(4));
      for (int i = 0; i < people; ++i) {
        NewContact contact;
        contact.organisation_id = organisation.id;
        contact.name = random.pick(firstNames) + " " + random.pick(lastNames);
        contact.title = random.pick(titles);
        contact.email = slug(contact.name) + "." + std::to_string(i + 1) + "@" + slug(name) + ".dk";
        contact.language = random.chance(10) ? Language::en : Language::da;
        services.contacts.create(admin, contact);
        ++summary.contacts;
      }
    }
  }

  // Everyone of an authority, by kind.
  std::map<std::string, std::vector<Id>> peopleOfKind;
  {
    auto uow = store.begin(Access::read);
    std::map<Id, std::string> kindOf;
    OrganisationQuery all;
    all.page.limit = PageRequest::kMaxLimit;
    for (all.page.offset = 0;; all.page.offset += all.page.limit) {
      const auto page = uow->organisations().list(all);
      for (const auto& o : page.items) kindOf[o.id] = o.kind;
      if (page.items.empty() || all.page.offset + all.page.limit >= page.total) break;
    }
    ContactQuery contacts;
    contacts.sort = ContactSort::created_at;
    contacts.page.limit = PageRequest::kMaxLimit;
    for (contacts.page.offset = 0;; contacts.page.offset += contacts.page.limit) {
      const auto page = uow->contacts().list(contacts);
      for (const auto& c : page.items)
        if (const auto kind = kindOf.find(c.organisation_id); kind != kindOf.end())
          peopleOfKind[kind->second].push_back(c.id);
      if (page.items.empty() || contacts.page.offset + contacts.page.limit >= page.total) break;
    }
  }

  int index = 0;
  for (const auto& plan : kTrainingPlans) {
    std::vector<Id> ids;
    for (const auto* kind : plan.kinds) {
      if (!kind) continue;
      for (const auto id : peopleOfKind[kind])
        if (random.chance(45)) ids.push_back(id);
    }
    if (ids.empty()) continue;
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.size() > 100) ids.resize(100);  // registerMany takes at most 100 people
    NewEvent input;
    input.details.kind = "training";
    input.details.title = plan.title;
    input.details.description = "Kursus for samarbejdspartnere, holdt af den nationale forebyggelsesenhed.";
    input.details.venue = {index % 2 == 0 ? "Politigården" : "Aarhus Rådhus",
                           index % 2 == 0 ? "Polititorvet 14\n1780 København V" : "Rådhuspladsen 2\n8000 Aarhus C",
                           index % 2 == 0 ? 101 : 751};
    input.details.reminder_hours = 0;
    input.starts_at = localAt(services.zone, now, plan.day_offset, 9);
    input.ends_at = input.starts_at + std::chrono::hours(index % 3 == 0 ? 7 : 6);
    ++index;
    auto event = services.events.create(officer, input);
    ++summary.events;
    services.events.publish(officer, event.id, std::nullopt);
    for (const auto& outcome : services.registrations.registerMany(officer, event.id, ids)) {
      if (!outcome.registration) continue;
      ++summary.registrations;
      if (outcome.registration->status == RegistrationStatus::confirmed && random.chance(85))
        services.registrations.checkIn(officer, outcome.registration->id);
    }
    services.events.close(officer, event.id, std::nullopt);
  }
}

}  // namespace brobygger::seeds
