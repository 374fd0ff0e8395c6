#include <nlohmann/json.hpp>

#include <cstdint>
#include <set>

#include "domain/validation.hpp"
#include "seeds/seeds.hpp"

namespace brobygger::seeds {

nlohmann::json seedFile(std::string_view path);

namespace {

using namespace brobygger::domain;

// splitmix64: the same sequence on every platform and standard library, so the demo data set is
// identical everywhere (std::uniform_int_distribution is not).
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }

 private:
  std::uint64_t state_;
};

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size()))
    text.replace(pos, from.size(), to);
  return text;
}

// "Søndergade Boldklub" -> "soendergade-boldklub": for demo websites and email addresses.
std::string slug(const std::string& text) {
  std::string folded = foldCase(text);
  folded = replaceAll(folded, "æ", "ae");
  folded = replaceAll(folded, "ø", "oe");
  folded = replaceAll(folded, "å", "aa");
  folded = replaceAll(folded, "é", "e");
  folded = replaceAll(folded, "ö", "oe");
  folded = replaceAll(folded, "ü", "ue");
  std::string out;
  for (char c : folded) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else if (!out.empty() && out.back() != '-') {
      out.push_back('-');
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.substr(0, 40);
}

std::string validCvr(Random& random) {
  static constexpr int kWeights[] = {2, 7, 6, 5, 4, 3, 2, 1};
  while (true) {
    std::string cvr;
    int sum = 0;
    for (int i = 0; i < 7; ++i) {
      const int digit = i == 0 ? 1 + static_cast<int>(random.below(9)) : static_cast<int>(random.below(10));
      cvr.push_back(static_cast<char>('0' + digit));
      sum += digit * kWeights[i];
    }
    const int check = (11 - sum % 11) % 11;  // the last weight is 1
    if (check == 10) continue;
    cvr.push_back(static_cast<char>('0' + check));
    return cvr;
  }
}

std::string phone(Random& random) {
  std::string digits = std::to_string(2 + random.below(8));
  for (int i = 0; i < 7; ++i) digits += std::to_string(random.below(10));
  return digits;
}

}  // namespace

DemoSummary seedDemo(Store& store, DemoServices services, const ReferenceCatalog& catalog,
                     const std::string& password) {
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
      if (random.chance(40)) input.tags.push_back(random.chance(50) ? "forebyggelse" : "netværk");
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

  if (partnerOrganisation) {
    services.users.createTrusted({kDemoUsers[3][1], "Peter Partner", Role::partner, partnerOrganisation, password});
    ++summary.users;
  }
  return summary;
}

}  // namespace brobygger::seeds
