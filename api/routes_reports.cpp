// Engagement overviews: JSON for the dashboard, CSV (RFC 4180, UTF-8 with BOM) for spreadsheets.
#include <cmath>
#include <cstdio>

#include "api/route_support.hpp"
#include "domain/report_service.hpp"

namespace brobygger::api {

namespace {

using domain::Disclosure;
using domain::EngagementFigures;
using domain::PeopleCount;

constexpr std::size_t kCsvMaxRows = 100000;

// A count of people as the reader may see it: the number, "<5", or null when withheld.
nlohmann::json people(const PeopleCount& count) {
  switch (count.disclosure) {
    case Disclosure::exact: return count.value;
    case Disclosure::below_five: return "<5";
    case Disclosure::withheld: return nullptr;
  }
  return nullptr;
}

std::string peopleCsv(const PeopleCount& count) {
  switch (count.disclosure) {
    case Disclosure::exact: return std::to_string(count.value);
    case Disclosure::below_five: return "<5";
    case Disclosure::withheld: return "";
  }
  return "";
}

nlohmann::json rate(const std::optional<double>& value) {
  if (!value) return nullptr;
  return std::round(*value * 10000.0) / 10000.0;  // four decimals: a rate, not a measurement
}

std::string rateCsv(const std::optional<double>& value) {
  if (!value) return "";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%.4f", *value);
  return buffer;
}

constexpr const char* kFigureNames[] = {"organisations_reached",
                                        "organisations_engaged",
                                        "contacts_reached",
                                        "events_held",
                                        "registrations",
                                        "attended",
                                        "no_show",
                                        "attendance_rate",
                                        "repeat_organisations",
                                        "active_organisations",
                                        "coverage",
                                        "activities",
                                        "organisations_in_dialogue"};

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

std::vector<std::string> figuresCsv(const EngagementFigures& f) {
  return {std::to_string(f.organisations_reached),
          std::to_string(f.organisations_engaged),
          peopleCsv(f.contacts_reached),
          std::to_string(f.events_held),
          peopleCsv(f.registrations),
          peopleCsv(f.attended),
          peopleCsv(f.no_show),
          rateCsv(f.attendance_rate),
          std::to_string(f.repeat_organisations),
          std::to_string(f.active_organisations),
          rateCsv(f.coverage),
          std::to_string(f.activities),
          std::to_string(f.organisations_in_dialogue)};
}

bool english(QueryReader& query) {
  const auto lang = query.text("lang");
  if (lang && *lang != "da" && *lang != "en") domain::throwInvalid("lang", "must be da or en");
  return lang && *lang == "en";
}

// CSV when asked for with format=csv or an Accept header naming text/csv.
bool wantsCsv(const HttpRequest& request, QueryReader& query) {
  const auto format = query.text("format");
  if (format && *format != "csv" && *format != "json") domain::throwInvalid("format", "must be json or csv");
  if (format) return *format == "csv";
  const auto accept = request.header("accept");
  return accept && accept->find("text/csv") != std::string::npos;
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

std::string csvLine(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += csvField(fields[i]);
  }
  return line + "\r\n";
}

nlohmann::json summaryFiguresJson(const domain::EventSummaryFigures& f) {
  return {{"registered", people(f.registered)},
          {"waitlisted", people(f.waitlisted)},
          {"attended", people(f.attended)},
          {"no_show", people(f.no_show)},
          {"attendance_rate", rate(f.attendance_rate)}};
}

const domain::OrganisationKind* findKind(const domain::ReferenceCatalog& catalog, const std::string& code) {
  for (const auto& kind : catalog.data().organisation_kinds)
    if (kind.code == code) return &kind;
  return nullptr;
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
        const bool en = english(query);
        const bool csv = wantsCsv(c.request, query);
        query.done();

        const auto report = reports.engagement(c.actor(), request);
        const auto label = [&](const domain::EngagementRow& row) { return en ? row.label_en : row.label_da; };
        if (csv) {
          std::vector<std::string> header{"key", "label"};
          for (const char* name : kFigureNames) header.emplace_back(name);
          for (const char* name : kFigureNames) header.push_back(std::string("previous_") + name);
          std::string body = "\xEF\xBB\xBF" + csvLine(header);
          const auto line = [&](const domain::EngagementRow& row) {
            std::vector<std::string> fields{row.key, label(row)};
            const auto current = figuresCsv(row.current);
            fields.insert(fields.end(), current.begin(), current.end());
            if (row.previous) {
              const auto previous = figuresCsv(*row.previous);
              fields.insert(fields.end(), previous.begin(), previous.end());
            } else {
              fields.resize(fields.size() + std::size(kFigureNames));
            }
            body += csvLine(fields);
          };
          for (const auto& row : report.rows) line(row);
          line(report.total);
          writeCsv(response,
                   "engagement-" + std::string(domain::toString(request.group_by)) + "-" + request.from.iso() + "-" +
                       request.to.iso() + ".csv",
                   std::move(body));
          return;
        }
        nlohmann::json out(nlohmann::json::value_t::object);
        out["from"] = report.query.from.iso();
        out["to"] = report.query.to.iso();
        out["previous_from"] = report.previous_from.iso();
        out["previous_to"] = report.previous_to.iso();
        out["group_by"] = domain::toString(report.query.group_by);
        out["small_numbers_suppressed"] = report.small_numbers_suppressed;
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

  router.add(
      "GET", "/api/v1/reports/dormant-organisations", domain::Action::read_reports,
      [](RequestContext& c, HttpResponse& response) {
        QueryReader query(c.request,
                          {"months", "organisation_kind", "police_district_id", "region_id", "municipality_id",
                           "responsible_user_id", "without_open_follow_up", "limit", "offset", "format"});
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
        const bool csv = wantsCsv(c.request, query);
        query.done();
        bad.throwIfAny();
        if (csv) {
          request.page = {static_cast<int>(kCsvMaxRows), 0};
          const auto report = c.services.reports.dormant(c.actor(), request);
          std::string body = "\xEF\xBB\xBF" + csvLine({"organisation_id", "name", "kind", "police_district_id",
                                                       "municipality_id", "last_attended_at", "responsible_user_id",
                                                       "last_activity_at", "open_follow_ups"});
          for (const auto& d : report.page.items)
            body += csvLine({std::to_string(d.organisation_id), d.name, d.kind, std::to_string(d.police_district_id),
                             std::to_string(d.municipality_id),
                             d.last_attended_at ? formatIsoTimestamp(*d.last_attended_at, c.services.zone) : "",
                             d.responsible_user_id ? std::to_string(*d.responsible_user_id) : "",
                             d.last_activity_at ? formatIsoTimestamp(*d.last_activity_at, c.services.zone) : "",
                             std::to_string(d.open_follow_ups)});
          writeCsv(response, "dormant-organisations-" + std::to_string(report.months) + "-months.csv", std::move(body));
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
          j["last_attended_at"] = d.last_attended_at ? nlohmann::json(formatIsoTimestamp(*d.last_attended_at, zone))
                                                     : nlohmann::json(nullptr);
          j["responsible_user_id"] =
              d.responsible_user_id ? nlohmann::json(*d.responsible_user_id) : nlohmann::json(nullptr);
          j["last_activity_at"] = d.last_activity_at ? nlohmann::json(formatIsoTimestamp(*d.last_activity_at, zone))
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
               QueryReader query(c.request, {"lang"});
               const bool en = english(query);
               query.done();
               const auto summary = c.services.reports.eventSummary(c.actor(), c.id());
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
               QueryReader query(c.request, {});
               query.done();
               const auto continuity = c.services.reports.seriesContinuity(c.actor(), c.id());
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
}

}  // namespace brobygger::api
