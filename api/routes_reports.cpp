// Engagement overviews: JSON for the dashboard, CSV (RFC 4180, UTF-8 with BOM) for spreadsheets.
#include <cmath>
#include <cstdio>

#include "api/export.hpp"
#include "api/language.hpp"
#include "api/route_support.hpp"
#include "domain/report_service.hpp"

namespace brobygger::api {

namespace {

using domain::Disclosure;
using domain::EngagementFigures;
using domain::PeopleCount;

// A count of people as the reader may see it: the number, "<5", or null when withheld.
nlohmann::json people(const PeopleCount& count) {
  switch (count.disclosure) {
    case Disclosure::exact: return count.value;
    case Disclosure::below_five: return "<5";
    case Disclosure::withheld: return nullptr;
  }
  return nullptr;
}

nlohmann::json rate(const std::optional<double>& value) {
  if (!value) return nullptr;
  return std::round(*value * 10000.0) / 10000.0;  // four decimals: a rate, not a measurement
}

// A count of people in a download: the number, the text "<5", or empty when withheld.
domain::TableCell peopleCell(const PeopleCount& count) {
  switch (count.disclosure) {
    case Disclosure::exact: return static_cast<std::int64_t>(count.value);
    case Disclosure::below_five: return std::string("<5");
    case Disclosure::withheld: return std::monostate{};
  }
  return std::monostate{};
}

domain::TableCell rateCell(const std::optional<double>& value) {
  if (!value) return std::monostate{};
  return std::round(*value * 10000.0) / 10000.0;
}

domain::TableCell countCell(int value) { return static_cast<std::int64_t>(value); }

struct FigureColumn {
  const char* da;
  const char* en;
  domain::ColumnKind kind;
  domain::TableCell (*value)(const EngagementFigures&);
};

const FigureColumn kFigureColumns[] = {
    {"Organisationer nået", "Organisations reached", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.organisations_reached); }},
    {"Organisationer engageret", "Organisations engaged", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.organisations_engaged); }},
    {"Personer nået", "People reached", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return peopleCell(f.contacts_reached); }},
    {"Arrangementer afholdt", "Events held", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.events_held); }},
    {"Tilmeldinger", "Registrations", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return peopleCell(f.registrations); }},
    {"Deltog", "Attended", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return peopleCell(f.attended); }},
    {"Udeblev", "No-shows", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return peopleCell(f.no_show); }},
    {"Fremmødeandel", "Attendance rate", domain::ColumnKind::decimal,
     [](const EngagementFigures& f) { return rateCell(f.attendance_rate); }},
    {"Organisationer igen", "Repeat organisations", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.repeat_organisations); }},
    {"Aktive organisationer", "Active organisations", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.active_organisations); }},
    {"Dækning", "Coverage", domain::ColumnKind::decimal,
     [](const EngagementFigures& f) { return rateCell(f.coverage); }},
    {"Aktiviteter", "Activities", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.activities); }},
    {"Organisationer i dialog", "Organisations in dialogue", domain::ColumnKind::integer,
     [](const EngagementFigures& f) { return countCell(f.organisations_in_dialogue); }}};

// The engagement overview's download: key, label, the period's figures, then the previous period's.
ExportTable<domain::EngagementRow> engagementTable(bool en) {
  using R = domain::EngagementRow;
  ExportTable<R> table{"engagement", "Engagement", "Engagement", {}};
  table.columns.push_back(
      {"Nøgle", "Key", domain::ColumnKind::text, 14, [](const R& r) { return domain::TableCell(r.key); }});
  table.columns.push_back({"Gruppe", "Group", domain::ColumnKind::text, 28,
                           [en](const R& r) { return domain::TableCell(en ? r.label_en : r.label_da); }});
  for (const auto& figure : kFigureColumns)
    table.columns.push_back(
        {figure.da, figure.en, figure.kind, 12, [&figure](const R& r) { return figure.value(r.current); }});
  for (const auto& figure : kFigureColumns)
    table.columns.push_back(
        {std::string("Forrige periode: ") + figure.da, std::string("Previous period: ") + figure.en, figure.kind, 12,
         [&figure](const R& r) { return r.previous ? figure.value(*r.previous) : domain::TableCell{}; }});
  return table;
}

nlohmann::json figuresJson(const EngagementFigures& f) {
  nlohmann::json j(nlohmann::json::value_t::object);
  j["organisations_reached"] = f.organisations_reached;
  j["organisations_engaged"] = f.organisations_engaged;
  j["contacts_reached"] = people(f.contacts_reached);
  j["events_held"] = f.events_held;
  j["registrations"] = people(f.registrations);
  j["attended"] = people(f.attended);
  j["no_show"] = people(f.no_show);
  j["attendance_rate"] = rate(f.attendance_rate);
  j["repeat_organisations"] = f.repeat_organisations;
  j["active_organisations"] = f.active_organisations;
  j["coverage"] = rate(f.coverage);
  j["activities"] = f.activities;
  j["organisations_in_dialogue"] = f.organisations_in_dialogue;
  return j;
}

domain::LocalDate dateParam(QueryReader& query, const std::string& name, domain::LocalDate fallback) {
  const auto text = query.text(name);
  if (!text) return fallback;
  const auto date = domain::LocalDate::parse(*text);
  if (!date) domain::throwInvalid(name, "must be a date like 2026-03-31");
  return *date;
}

domain::EngagementFilter filterParams(QueryReader& query) {
  domain::EngagementFilter filter;
  filter.organisation_kind = query.text("organisation_kind");
  filter.police_district_id = query.integerIn("police_district_id", 1, 1000000);
  filter.region_id = query.integerIn("region_id", 1, 1000000);
  filter.municipality_id = query.integerIn("municipality_id", 1, 1000000);
  return filter;
}

nlohmann::json summaryFiguresJson(const domain::EventSummaryFigures& f) {
  return {{"registered", people(f.registered)},
          {"waitlisted", people(f.waitlisted)},
          {"attended", people(f.attended)},
          {"no_show", people(f.no_show)},
          {"attendance_rate", rate(f.attendance_rate)}};
}

// One line of an event's summary download: a kind of organisation (or the total) and its figures.
struct SummaryLine {
  std::string key;
  std::string label;
  domain::EventSummaryFigures figures;
};

ExportTable<SummaryLine> eventSummaryTable() {
  using L = SummaryLine;
  using domain::ColumnKind;
  return {
      "event-summary",
      "Arrangement",
      "Event",
      {{"Type", "Kind", ColumnKind::text, 18, [](const L& l) { return domain::TableCell(l.key); }},
       {"Gruppe", "Group", ColumnKind::text, 28, [](const L& l) { return domain::TableCell(l.label); }},
       {"Tilmeldt", "Registered", ColumnKind::integer, 11, [](const L& l) { return peopleCell(l.figures.registered); }},
       {"Venteliste", "Waitlisted", ColumnKind::integer, 11,
        [](const L& l) { return peopleCell(l.figures.waitlisted); }},
       {"Deltog", "Attended", ColumnKind::integer, 11, [](const L& l) { return peopleCell(l.figures.attended); }},
       {"Udeblev", "No-shows", ColumnKind::integer, 11, [](const L& l) { return peopleCell(l.figures.no_show); }},
       {"Fremmødeandel", "Attendance rate", ColumnKind::decimal, 12,
        [](const L& l) { return rateCell(l.figures.attendance_rate); }}}};
}

const ExportTable<domain::ContinuityMember>& continuityTable() {
  using M = domain::ContinuityMember;
  using domain::ColumnKind;
  static const ExportTable<M> table{
      "series-continuity",
      "Kontinuitet",
      "Continuity",
      {{"Organisation-ID", "Organisation ID", ColumnKind::integer, 10,
        [](const M& m) { return domain::TableCell(m.organisation_id); }},
       {"Navn", "Name", ColumnKind::text, 36, [](const M& m) { return domain::TableCell(m.name); }},
       {"Møder deltaget", "Occurrences attended", ColumnKind::integer, 12,
        [](const M& m) { return countCell(m.occurrences_attended); }},
       {"Andel", "Share", ColumnKind::decimal, 10, [](const M& m) { return rateCell(m.share); }}}};
  return table;
}

// --- Trainings for partner authorities (issue 16) ---

nlohmann::json trainingFiguresJson(const domain::TrainingRow& row, bool en) {
  return {{"key", row.key},
          {"label", en ? row.label_en : row.label_da},
          {"people", people(row.figures.people)},
          {"organisations", row.figures.organisations},
          {"trainings", row.figures.trainings}};
}

// The trainings overview's download, grouped: key, label, people trained, organisations, trainings.
ExportTable<domain::TrainingRow> trainingTable(bool en) {
  using R = domain::TrainingRow;
  using domain::ColumnKind;
  return {
      "trainings",
      "Kurser",
      "Trainings",
      {{"Nøgle", "Key", ColumnKind::text, 14, [](const R& r) { return domain::TableCell(r.key); }},
       {"Gruppe", "Group", ColumnKind::text, 36,
        [en](const R& r) { return domain::TableCell(en ? r.label_en : r.label_da); }},
       {"Personer uddannet", "People trained", ColumnKind::integer, 12,
        [](const R& r) { return peopleCell(r.figures.people); }},
       {"Organisationer", "Organisations", ColumnKind::integer, 12,
        [](const R& r) { return countCell(r.figures.organisations); }},
       {"Kurser", "Trainings", ColumnKind::integer, 10, [](const R& r) { return countCell(r.figures.trainings); }}}};
}

// The cross table's download: a kind of organisation per line, a police district per column, then the total.
ExportTable<domain::TrainingCrossRow> trainingCrossTable(const domain::TrainingCrossTable& cross, bool en) {
  using R = domain::TrainingCrossRow;
  using domain::ColumnKind;
  ExportTable<R> table{"trainings-cross", "Kurser", "Trainings", {}};
  table.columns.push_back(
      {"Type", "Kind", ColumnKind::text, 18, [](const R& r) { return domain::TableCell(r.organisation_kind); }});
  table.columns.push_back({"Myndighed", "Authority", ColumnKind::text, 30,
                           [en](const R& r) { return domain::TableCell(en ? r.label_en : r.label_da); }});
  for (std::size_t d = 0; d < cross.districts.size(); ++d)
    table.columns.push_back(
        {cross.districts[d].label_da, cross.districts[d].label_en, ColumnKind::integer, 12,
         [d](const R& r) { return d < r.cells.size() ? peopleCell(r.cells[d]) : domain::TableCell{}; }});
  table.columns.push_back({"I alt", "Total", ColumnKind::integer, 10, [](const R& r) { return peopleCell(r.total); }});
  return table;
}

const domain::OrganisationKind* findKind(const domain::ReferenceCatalog& catalog, const std::string& code) {
  for (const auto& kind : catalog.data().organisation_kinds)
    if (kind.code == code) return &kind;
  return nullptr;
}

// A grouped report's download: its rows, then its total row (the period is in the file's name: no date added).
template <class Row>
void sendReport(RequestContext& c, HttpResponse& response, domain::TableFormat format, const ExportTable<Row>& table,
                domain::Language language, const std::string& stem, const std::vector<Row>& rows, const Row& total) {
  sendExport(
      c, response, format, table, language, stem,
      [&](const auto& sink) {
        sink(rows);
        sink({total});
      },
      false);
}

// How a grouped report's JSON answer starts: its period, its grouping, and whether small numbers were suppressed.
template <class Report>
nlohmann::json reportHead(const Report& report) {
  nlohmann::json out(nlohmann::json::value_t::object);
  out["from"] = report.query.from.iso();
  out["to"] = report.query.to.iso();
  out["group_by"] = domain::toString(report.query.group_by);
  out["small_numbers_suppressed"] = report.small_numbers_suppressed;
  return out;
}

}  // namespace

void addReportRoutes(Router& router) {
  router.add(
      "GET", "/api/v1/reports/engagement", domain::Action::read_reports, [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request, {"from", "to", "group_by", "organisation_kind", "police_district_id", "region_id",
                                      "municipality_id", "event_kind", "format", "lang"});
        auto& reports = c.services.reports;
        const auto today = reports.today();
        domain::EngagementQuery request;
        request.to = dateParam(query, "to", today);
        request.from = dateParam(query, "from", request.to.minusMonths(12).plusDays(1));
        if (const auto groupBy = query.text("group_by")) {
          const auto grouping = domain::engagementGroupingFrom(*groupBy);
          if (!grouping)
            domain::throwInvalid(
                "group_by",
                "must be police_district, region, municipality, organisation_kind, event_kind, month or quarter");
          request.group_by = *grouping;
        }
        request.filter = filterParams(query);
        request.filter.event_kind = query.text("event_kind");
        const bool en = callerLanguage(c, query) == domain::Language::en;
        const auto format = exportFormat(c.request, query, true);
        query.done();

        const auto report = reports.engagement(c.actor(), request);
        const auto label = [&](const domain::EngagementRow& row) { return en ? row.label_en : row.label_da; };
        if (format) {
          sendReport(c, response, *format, engagementTable(en), en ? domain::Language::en : domain::Language::da,
                     "engagement-" + std::string(domain::toString(request.group_by)) + "-" + request.from.iso() + "-" +
                         request.to.iso(),
                     report.rows, report.total);
          return;
        }
        auto out = reportHead(report);
        out["previous_from"] = report.previous_from.iso();
        out["previous_to"] = report.previous_to.iso();
        const auto rowJson = [&](const domain::EngagementRow& row) {
          auto j = figuresJson(row.current);
          j["key"] = row.key;
          j["label"] = label(row);
          j["previous"] = row.previous ? figuresJson(*row.previous) : nlohmann::json(nullptr);
          return j;
        };
        auto& rows = out["rows"] = nlohmann::json::array();
        for (const auto& row : report.rows) rows.push_back(rowJson(row));
        out["total"] = rowJson(report.total);
        writeJson(response, 200, out);
      });

  router.add("GET", "/api/v1/reports/dormant-organisations", domain::Action::read_reports,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(
                   c.request, {"months", "organisation_kind", "police_district_id", "region_id", "municipality_id",
                               "responsible_user_id", "without_open_follow_up", "limit", "offset", "format", "lang"});
               domain::DormantQuery request;
               request.months = query.integerIn("months", 1, 120).value_or(12);
               request.filter = filterParams(query);
               request.worklist.responsible_user_id = userIdFilter(query, "responsible_user_id", c.actor());
               domain::Violations bad;
               if (const auto without = query.text("without_open_follow_up")) {
                 if (*without == "true") request.worklist.without_open_follow_up = true;
                 else if (*without != "false") bad.add("without_open_follow_up", "must be true or false");
               }
               request.page = query.page();
               const auto format = exportFormat(c.request, query, true);
               const auto language = callerLanguage(c, query);
               query.done();
               bad.throwIfAny();
               if (format) {
                 sendExport(
                     c, response, *format, dormantTable(), language,
                     "dormant-organisations-" + std::to_string(request.months) + "-months",
                     [&](const auto& sink) { c.services.reports.exportDormant(c.actor(), request, sink); }, false);
                 return;
               }
               const auto report = c.services.reports.dormant(c.actor(), request);
               const auto& zone = c.services.zone;
               auto out = pageJson(report.page, [&zone](const domain::DormantOrganisation& d) {
                 nlohmann::json j(nlohmann::json::value_t::object);
                 j["organisation_id"] = d.organisation_id;
                 j["name"] = d.name;
                 j["kind"] = d.kind;
                 j["police_district_id"] = d.police_district_id;
                 j["municipality_id"] = d.municipality_id;
                 j["last_attended_at"] = d.last_attended_at
                                             ? nlohmann::json(formatIsoTimestamp(*d.last_attended_at, zone))
                                             : nlohmann::json(nullptr);
                 j["responsible_user_id"] =
                     d.responsible_user_id ? nlohmann::json(*d.responsible_user_id) : nlohmann::json(nullptr);
                 j["last_activity_at"] = d.last_activity_at
                                             ? nlohmann::json(formatIsoTimestamp(*d.last_activity_at, zone))
                                             : nlohmann::json(nullptr);
                 j["open_follow_ups"] = d.open_follow_ups;
                 return j;
               });
               out["months"] = report.months;
               out["since"] = report.since.iso();
               writeJson(response, 200, out);
             });

  router.add("GET", "/api/v1/reports/events/{id}", domain::Action::read_reports,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {"lang", "format"});
               const auto language = callerLanguage(c, query);
               const bool en = language == domain::Language::en;
               const auto format = exportFormat(c.request, query);
               query.done();
               const auto summary = c.services.reports.eventSummary(c.actor(), c.id());
               if (format) {
                 std::vector<SummaryLine> lines;
                 for (const auto& row : summary.by_organisation_kind) {
                   const auto* kind = findKind(c.services.catalog, row.organisation_kind);
                   lines.push_back({row.organisation_kind,
                                    kind ? (en ? kind->name_en : kind->name_da) : row.organisation_kind, row.figures});
                 }
                 lines.push_back({"total", en ? "Total" : "I alt", summary.total});
                 sendExport(
                     c, response, *format, eventSummaryTable(), language,
                     "event-summary-" + std::to_string(summary.event.id), [&](const auto& sink) { sink(lines); },
                     false);
                 return;
               }
               nlohmann::json out(nlohmann::json::value_t::object);
               out["event_id"] = summary.event.id;
               out["title"] = summary.event.details.title;
               out["kind"] = summary.event.details.kind;
               out["status"] = domain::toString(summary.event.status);
               out["starts_at"] = formatIsoTimestamp(summary.event.starts_at, c.services.zone);
               out["small_numbers_suppressed"] = summary.small_numbers_suppressed;
               out["total"] = summaryFiguresJson(summary.total);
               auto& rows = out["by_organisation_kind"] = nlohmann::json::array();
               for (const auto& row : summary.by_organisation_kind) {
                 auto j = summaryFiguresJson(row.figures);
                 j["organisation_kind"] = row.organisation_kind;
                 const auto* kind = findKind(c.services.catalog, row.organisation_kind);
                 j["label"] = kind ? (en ? kind->name_en : kind->name_da) : row.organisation_kind;
                 rows.push_back(std::move(j));
               }
               writeJson(response, 200, out);
             });

  router.add("GET", "/api/v1/reports/series/{id}", domain::Action::read_reports,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {"lang", "format"});
               const auto language = callerLanguage(c, query);
               const auto format = exportFormat(c.request, query);
               query.done();
               const auto continuity = c.services.reports.seriesContinuity(c.actor(), c.id());
               if (format) {
                 sendExport(
                     c, response, *format, continuityTable(), language,
                     "series-continuity-" + std::to_string(continuity.series.id),
                     [&](const auto& sink) { sink(continuity.members); }, false);
                 return;
               }
               nlohmann::json out(nlohmann::json::value_t::object);
               out["series_id"] = continuity.series.id;
               out["title"] = continuity.series.details.title;
               out["occurrences_held"] = continuity.occurrences_held;
               out["average_share"] = rate(continuity.average_share);
               auto& members = out["members"] = nlohmann::json::array();
               for (const auto& m : continuity.members)
                 members.push_back({{"organisation_id", m.organisation_id},
                                    {"name", m.name},
                                    {"occurrences_attended", m.occurrences_attended},
                                    {"share", rate(m.share)}});
               writeJson(response, 200, out);
             });

  // Trainings for partner authorities (issue 16): people trained per group and in a cross table of
  // kinds of organisation by police district.
  router.add("GET", "/api/v1/reports/trainings", domain::Action::read_reports,
             [](RequestContext& c, HttpResponse& response) {
               QueryReader query(c.request, {"from", "to", "group_by", "layout", "format", "lang"});
               auto& reports = c.services.reports;
               domain::TrainingQuery request;
               request.to = dateParam(query, "to", reports.today());
               request.from = dateParam(query, "from", request.to.minusMonths(12).plusDays(1));
               if (const auto groupBy = query.text("group_by")) {
                 const auto grouping = domain::trainingGroupingFrom(*groupBy);
                 if (!grouping)
                   domain::throwInvalid("group_by", "must be organisation_kind, police_district or organisation");
                 request.group_by = *grouping;
               }
               bool crossLayout = false;
               if (const auto layout = query.text("layout")) {
                 if (*layout == "cross") crossLayout = true;
                 else if (*layout != "rows") domain::throwInvalid("layout", "must be rows or cross");
               }
               const auto language = callerLanguage(c, query);
               const bool en = language == domain::Language::en;
               const auto format = exportFormat(c.request, query, true);
               query.done();

               const auto report = reports.trainings(c.actor(), request);
               const auto stem = std::string(crossLayout ? "trainings-cross-" : "trainings-") +
                                 (crossLayout ? std::string() : std::string(domain::toString(request.group_by)) + "-") +
                                 request.from.iso() + "-" + request.to.iso();
               if (format && crossLayout) {
                 auto lines = report.cross.rows;
                 lines.push_back({"total", "I alt", "Total", report.cross.district_totals, report.cross.total});
                 sendExport(
                     c, response, *format, trainingCrossTable(report.cross, en), language, stem,
                     [&](const auto& sink) { sink(lines); }, false);
                 return;
               }
               if (format) {
                 sendReport(c, response, *format, trainingTable(en), language, stem, report.rows, report.total);
                 return;
               }
               auto out = reportHead(report);
               auto& rows = out["rows"] = nlohmann::json::array();
               for (const auto& row : report.rows) rows.push_back(trainingFiguresJson(row, en));
               out["total"] = trainingFiguresJson(report.total, en);
               nlohmann::json cross(nlohmann::json::value_t::object);
               auto& districts = cross["police_districts"] = nlohmann::json::array();
               for (const auto& d : report.cross.districts)
                 districts.push_back({{"id", d.id}, {"label", en ? d.label_en : d.label_da}});
               auto& crossRows = cross["rows"] = nlohmann::json::array();
               for (const auto& row : report.cross.rows) {
                 auto cells = nlohmann::json::array();
                 for (const auto& cell : row.cells) cells.push_back(people(cell));
                 crossRows.push_back({{"organisation_kind", row.organisation_kind},
                                      {"label", en ? row.label_en : row.label_da},
                                      {"cells", std::move(cells)},
                                      {"total", people(row.total)}});
               }
               auto& totals = cross["totals"] = nlohmann::json::array();
               for (const auto& total : report.cross.district_totals) totals.push_back(people(total));
               cross["total"] = people(report.cross.total);
               out["cross_table"] = std::move(cross);
               writeJson(response, 200, out);
             });
}

}  // namespace brobygger::api
