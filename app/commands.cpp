#include "app/commands.hpp"

#include <spdlog/spdlog.h>
// GCC 12 sees a null dereference in CLI11's string splitting that is not there (a known false positive of
// -Wnull-dereference on std::vector<std::string>::emplace_back, depending on what gets inlined).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <CLI/CLI.hpp>
#pragma GCC diagnostic pop

#include <pthread.h>
#include <unistd.h>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>

#include "api/http_server.hpp"
#include "api/policy_report.hpp"
#include "app/log_format.hpp"
#include "app/scheduler.hpp"
#include "app/settings.hpp"
#include "app/wiring.hpp"
#include "domain/date_time.hpp"
#include "seeds/progress_line.hpp"
#include "seeds/scale_seed.hpp"
#include "seeds/seeds.hpp"
#include "storage/backup.hpp"

namespace brobygger::app {

namespace {

int serve(const Settings& settings) {
  // Block the stop signals in every thread (Pistache's and the scheduler's included) and wait for them here.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const auto threads = settings.workerThreads();
  // Two connections per worker: an overview reads its two periods at once, and a worker never holds
  // more, so no worker can wait on another for a connection.
  Wiring wiring(settings, openDatabase(settings, 2 * threads,
                                       storage::DatabaseLimits{std::chrono::milliseconds(settings.pool_wait_ms),
                                                               settings.db_read_timeout_seconds}));
  if (wiring.catalog.data().municipalities.empty())
    spdlog::warn("no reference data loaded: run `brobygger seed reference`");
  if (!settings.web_root.empty() && wiring.http_settings.web_root.empty())
    spdlog::warn("web admin not found at {} (build it with `make web`); serving the API only", settings.web_root);
  api::ServerOptions serverOptions;
  serverOptions.listen = settings.listen;
  serverOptions.threads = threads;
  serverOptions.queue_limit = static_cast<std::size_t>(settings.queue_limit);
  serverOptions.queue_wait = std::chrono::milliseconds(settings.queue_wait_ms);
  serverOptions.request_timeout = std::chrono::seconds(settings.http_request_timeout_seconds);
  serverOptions.idle_timeout = std::chrono::seconds(settings.http_idle_timeout_seconds);
  serverOptions.max_connections = settings.http_max_connections;
  api::HttpServer server(wiring.application, serverOptions);
  server.start();
  Scheduler scheduler;
  wiring.addBackgroundJobs(scheduler, settings);
  scheduler.start();
  spdlog::info("serving on http://{} with {} worker threads, database {} ({})", settings.listen, threads,
               wiring.database->backend() == storage::Backend::sqlite ? "SQLite" : "MariaDB/MySQL",
               maskedConnection(settings.database));
  int received = 0;
  sigwait(&signals, &received);
  // Graceful: refuse new requests (and `/readyz`), answer those in flight, stop the background jobs
  // between two runs, then close.
  spdlog::info("signal {} received, stopping (requests in flight get {} s)", received, settings.shutdown_seconds);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(settings.shutdown_seconds);
  const bool answered = server.drain(deadline);
  scheduler.stop();
  server.shutdown();
  if (!answered) spdlog::warn("stopped with requests still unanswered after {} s", settings.shutdown_seconds);
  spdlog::info("stopped");
  return 0;
}

// `brobygger routes`: the route table of the wiring the server uses, built over no database.
// With `--policy`: who may call each route, from the domain's policy table (`--json` for tools).
int printRoutes(const Settings& settings, std::ostream& out, bool policy, bool asJson) {
  const Wiring wiring(settings, nullptr);
  const auto& router = wiring.application.router();
  if (policy) {
    out << (asJson ? api::policyJson(router) : api::policyText(router));
    return 0;
  }
  for (const auto& route : router.routes()) out << route.method << " " << route.pattern << "\n";
  return 0;
}

int migrate(Wiring& wiring) {
  std::cout << "schema version " << wiring.database->schemaVersion() << "\n";
  return 0;
}

std::string readPassword() {
  if (auto password = fromEnvironment("BROBYGGER_PASSWORD"); password && !password->empty()) return *password;
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int seedReference(Wiring& wiring) {
  const auto data = seeds::referenceData();
  wiring.reference.seed(data);
  std::cout << "reference data: " << data.regions.size() << " regions, " << data.police_districts.size()
            << " police districts, " << data.municipalities.size() << " municipalities, "
            << data.organisation_kinds.size() << " organisation kinds, " << data.event_kinds.size() << " event kinds\n";
  return 0;
}

int seedDemo(Wiring& wiring) {
  const auto password = readPassword();
  const auto summary = seeds::seedDemo(*wiring.database,
                                       {wiring.organisations, wiring.contacts, wiring.users, wiring.events,
                                        wiring.registrations, wiring.series, wiring.zone},
                                       wiring.catalog, password, wiring.clock.now());
  if (summary.already_present) {
    std::cout << "demo data already present: nothing to do\n";
  } else {
    std::cout << "demo data: " << summary.organisations << " organisations, " << summary.contacts << " contacts, "
              << summary.users << " users, " << summary.events << " events, " << summary.series << " series, "
              << summary.registrations << " registrations, " << summary.activities << " activities, "
              << summary.follow_ups << " follow-ups\n";
  }
  return 0;
}

int seedScale(Wiring& wiring, seeds::ScaleOptions options, const std::string& asOf) {
  if (asOf.empty()) {
    const auto today = wiring.zone.toLocal(wiring.clock.now());
    options.as_of = std::chrono::year_month_day{std::chrono::year(today.year), std::chrono::month(today.month),
                                                std::chrono::day(today.day)};
  } else if (const auto date = domain::parseIsoDate(asOf)) {
    options.as_of = std::chrono::year_month_day{std::chrono::year(date->year), std::chrono::month(date->month),
                                                std::chrono::day(date->day)};
  } else {
    std::cerr << "error: --as-of must be a date as YYYY-MM-DD\n";
    return 1;
  }
  const auto started = std::chrono::steady_clock::now();
  seeds::ProgressLine progress(stderr, "seed scale");
  const auto summary =
      seeds::seedScale(*wiring.database, wiring.catalog.data(), wiring.zone, options,
                       [&](const seeds::ScaleProgress& p) { progress.update(p.stage, p.done, p.total); });
  progress.finish();
  wiring.database->rebuildDerivedData();  // each organisation's latest attendance, for the overviews
  const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "scale data: " << summary.organisations << " organisations, " << summary.contacts << " contacts, "
            << summary.users << " officers, " << summary.events << " events, " << summary.invitations
            << " invitations, " << summary.registrations << " registrations, " << summary.activities << " activities, "
            << summary.follow_ups << " follow-ups in " << std::fixed << std::setprecision(1) << seconds << " s\n";
  return 0;
}

struct NewUserOptions {
  std::string email, name, role;
  long long organisation = 0;
};

int userAdd(Wiring& wiring, const NewUserOptions& options) {
  domain::NewUser input{options.email, options.name, *domain::roleFrom(options.role), {}, readPassword()};
  if (options.organisation > 0) input.organisation_id = options.organisation;
  const auto user = wiring.users.createTrusted(input);
  std::cout << "user " << user.id << " added: " << user.email << " (" << options.role << ")\n";
  return 0;
}

int retentionRun(Wiring& wiring, bool dryRun) {
  const auto& p = wiring.retention.policy();
  const auto done = wiring.retention.run(dryRun);
  const std::string verb = dryRun ? "would be " : "";
  std::cout << (dryRun ? "retention (dry run, nothing changed)" : "retention") << ": participation "
            << p.participation_months << " months after a person's last event, inactive people "
            << p.inactive_contact_months << " months, audit log " << p.audit_months << " months, activity notes "
            << p.activity_notes_months << " months\n"
            << "  people whose participation " << verb << "unlinked: " << done.people_with_old_participation << " ("
            << done.registrations_unlinked << " registrations)\n"
            << "  inactive people " << verb << "erased: " << done.inactive_people_erased << "\n"
            << "  audit entries " << verb << "removed: " << done.audit_entries_removed << "\n"
            << "  activities whose notes " << verb << "emptied: " << done.activity_notes_cleared << "\n";
  return 0;
}

struct ImportOptions {
  std::string kind, file;
  bool dry_run = false;
  std::vector<std::string> map;  // COLUMN=FIELD (FIELD empty or "-": ignore the column)
};

// `brobygger import`: the API's preview and commit, as the system (the audit trail names no user).
// Exit 1 when nothing could be imported: every row invalid or a duplicate left out.
int importFile(Wiring& wiring, const ImportOptions& options) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    std::cerr << "error: cannot read " << options.file << "\n";
    return 1;
  }
  std::ostringstream content;
  content << in.rdbuf();
  const auto bytes = content.str();
  const auto format = bytes.rfind("PK", 0) == 0 ? domain::SheetFormat::xlsx : domain::SheetFormat::csv;
  domain::ImportMapping mapping;
  for (const auto& item : options.map) {
    const auto eq = item.rfind('=');
    if (eq == std::string::npos || eq == 0) {
      std::cerr << "error: --map takes COLUMN=FIELD, not " << item << "\n";
      return 2;
    }
    const auto field = item.substr(eq + 1);
    mapping[item.substr(0, eq)] = field.empty() || field == "-" ? std::nullopt : std::optional<std::string>(field);
  }
  const domain::Actor system{0, domain::Role::admin, std::nullopt, {}};
  const bool terminal = isatty(fileno(stderr)) != 0;
  std::optional<seeds::ProgressLine> progress;
  if (terminal) progress.emplace(stderr, "import");
  const domain::ImportProgress report = [&](std::string_view stage, std::int64_t done, std::int64_t total) {
    if (progress) progress->update(stage, done, total);
  };
  const auto kind = *domain::importKindFrom(options.kind);
  const auto seconds = [](std::chrono::steady_clock::time_point since) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
  };
  const auto started = std::chrono::steady_clock::now();
  auto import = wiring.imports.preview(system, kind, bytes, format, mapping, report);
  const auto previewSeconds = seconds(started);
  if (progress) progress->finish();
  std::cout << std::fixed << std::setprecision(2) << "import " << import.id << ": " << import.rows
            << " rows previewed in " << previewSeconds << " s; mapping:";
  for (std::size_t k = 0; k < import.columns.size(); ++k)
    std::cout << " " << import.columns[k] << "=" << import.mapping[k].value_or("-");
  std::cout << "\n  new " << import.summary.new_ << ", update " << import.summary.update << ", unchanged "
            << import.summary.unchanged << ", duplicate " << import.summary.duplicate << ", invalid "
            << import.summary.invalid << "\n";
  domain::ImportRowQuery problems;
  problems.status = domain::ImportRowStatus::invalid;
  problems.page = {20, 0};
  for (const auto& row : wiring.imports.rows(system, import.id, problems).items) {
    std::cout << "  row " << row.line << " invalid:";
    for (const auto& e : row.errors) std::cout << " " << e.field << " " << e.message << ";";
    std::cout << "\n";
  }
  if (import.summary.invalid > 20) std::cout << "  ... and " << import.summary.invalid - 20 << " more invalid rows\n";
  const bool nothing = import.summary.new_ + import.summary.update + import.summary.unchanged == 0;
  if (options.dry_run) {
    std::cout << "dry run: nothing written to the register\n";
    return nothing ? 1 : 0;
  }
  const auto committing = std::chrono::steady_clock::now();
  if (terminal) progress.emplace(stderr, "import");
  import = wiring.imports.commit(system, import.id, report);
  if (progress) progress->finish();
  std::cout << "committed in " << seconds(committing) << " s: " << import.created << " created, " << import.updated
            << " updated, " << import.skipped << " skipped\n";
  return nothing ? 1 : 0;
}

// `brobygger backup --to FILE`: an online copy of a SQLite database (servers may keep running). Opens no
// pool and applies no migration: the copy is the database as it is.
int backup(const Settings& settings, const std::string& target, bool force) {
  try {
    const auto started = std::chrono::steady_clock::now();
    const auto report = storage::backupSqlite(settings.connection(), target, force);
    const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << std::fixed << std::setprecision(2) << "backup written to " << target << ": " << report.bytes
              << " bytes (" << report.pages << " pages) in " << seconds << " s\n";
    return 0;
  } catch (const storage::BackupRefused& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
}

void printDomainError(const domain::DomainError& e) {
  std::cerr << "error: " << e.what() << "\n";
  for (const auto& field : e.fields()) std::cerr << "  " << field.field << ": " << field.message << "\n";
  if (e.existingId()) std::cerr << "  existing id: " << *e.existingId() << "\n";
}

}  // namespace

int run(int argc, char** argv) {
  Settings settings;
  CLI::App app{"Brobygger: outreach and event management for the prevention cooperation"};
  app.require_subcommand(1);
  app.fallthrough();  // global settings may also follow the command: `brobygger serve --session-hours 8`

  auto* serveCommand = app.add_subcommand("serve", "Migrate if needed, then serve the API and the web admin");
  addSettings(app, *serveCommand, settings);

  auto* migrateCommand = app.add_subcommand("migrate", "Apply pending database migrations");

  auto* seedCommand = app.add_subcommand("seed", "Load reference data, the demo data set or the scale data set");
  seedCommand->require_subcommand(1);
  auto* seedReferenceCommand =
      seedCommand->add_subcommand("reference", "Regions, police districts, municipalities, kinds (idempotent)");
  auto* seedDemoCommand = seedCommand->add_subcommand(
      "demo", "The demo data set and one demo user per role; the password comes from BROBYGGER_PASSWORD or stdin");
  auto* seedScaleCommand = seedCommand->add_subcommand(
      "scale", "A national-scale, deterministic data set for benchmarks, bulk-loaded into an empty register");
  seeds::ScaleOptions scale;
  std::string asOf;
  seedScaleCommand->add_option("--organisations", scale.organisations, "Organisations")->capture_default_str();
  seedScaleCommand->add_option("--contacts", scale.contacts, "Contact persons")->capture_default_str();
  seedScaleCommand->add_option("--events", scale.events, "Events")->capture_default_str();
  seedScaleCommand->add_option("--registrations", scale.registrations, "Registrations (exactly)")
      ->capture_default_str();
  seedScaleCommand->add_option("--activities", scale.activities, "Activities of the dialogue log (exactly)")
      ->capture_default_str();
  seedScaleCommand->add_option("--follow-ups", scale.follow_ups, "Follow-ups (exactly; at most one per activity)")
      ->capture_default_str();
  seedScaleCommand->add_option("--random-seed", scale.random_seed, "Same seed and as-of day: same data")
      ->capture_default_str();
  seedScaleCommand->add_option("--as-of", asOf, "YYYY-MM-DD the data is current on (default: today in Copenhagen)");

  auto* userCommand = app.add_subcommand("user", "Manage users");
  userCommand->require_subcommand(1);
  auto* userAddCommand = userCommand->add_subcommand(
      "add", "Add a user; the password comes from BROBYGGER_PASSWORD or one line on standard input");
  NewUserOptions newUser;
  userAddCommand->add_option("--email", newUser.email)->required();
  userAddCommand->add_option("--name", newUser.name)->required();
  userAddCommand->add_option("--role", newUser.role)
      ->required()
      ->check(CLI::IsMember({"admin", "officer", "manager", "partner"}));
  userAddCommand->add_option("--organisation", newUser.organisation, "Organisation id (partners)");

  auto* retentionCommand = app.add_subcommand("retention", "Apply the retention policy");
  retentionCommand->require_subcommand(1);
  auto* retentionRunCommand =
      retentionCommand->add_subcommand("run", "Unlink old participation, erase inactive people, trim the audit log");
  bool dryRun = false;
  retentionRunCommand->add_flag("--dry-run", dryRun, "Only tell what would go");

  auto* importCommand = app.add_subcommand(
      "import", "Import organisations or contacts from a CSV or XLSX file: preview, then commit in one transaction");
  ImportOptions importOptions;
  importCommand->add_option("kind", importOptions.kind, "organisations or contacts")
      ->required()
      ->check(CLI::IsMember({"organisations", "contacts"}));
  importCommand->add_option("file", importOptions.file, "The CSV or XLSX file")->required();
  importCommand->add_flag("--dry-run", importOptions.dry_run, "Only preview: tell what would happen, write nothing");
  importCommand->add_option("--map", importOptions.map,
                            "COLUMN=FIELD: map a column to a field (FIELD empty or - ignores the column)");

  auto* backupCommand = app.add_subcommand(
      "backup", "SQLite: copy the database to a file while servers keep running (SQLite's online backup)");
  std::string backupTarget;
  bool backupForce = false;
  backupCommand->add_option("--to", backupTarget, "The file to write (refused when it exists)")->required();
  backupCommand->add_flag("--force", backupForce, "Replace the file if it exists");

  auto* routesCommand = app.add_subcommand("routes", "Print the HTTP routes, one per line");
  bool printPolicy = false, policyAsJson = false;
  routesCommand->add_flag("--policy", printPolicy, "Print who may call each route (the domain's policy table)");
  routesCommand->add_flag("--json", policyAsJson, "With --policy: the table as JSON");

  try {
    applyFileVariables(app);
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "error: " << explainedError(app, e.what()) << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 2;
  }
  spdlog::set_level(spdlog::level::from_str(settings.log_level));
  configureLogging(settings.log_format);

  try {
    if (*serveCommand) return serve(settings);
    if (*backupCommand) return backup(settings, backupTarget, backupForce);
    if (*routesCommand) return printRoutes(settings, std::cout, printPolicy, policyAsJson);

    // Every other command works on the database through one connection.
    Wiring wiring(settings, openDatabase(settings, 1));
    if (*migrateCommand) return migrate(wiring);
    if (*seedReferenceCommand) return seedReference(wiring);
    if (*seedDemoCommand || *seedScaleCommand) {
      if (wiring.catalog.data().municipalities.empty()) {
        std::cerr << "error: load the reference data first: brobygger seed reference\n";
        return 1;
      }
      return *seedScaleCommand ? seedScale(wiring, scale, asOf) : seedDemo(wiring);
    }
    if (*retentionRunCommand) return retentionRun(wiring, dryRun);
    if (*userAddCommand) return userAdd(wiring, newUser);
    if (*importCommand) return importFile(wiring, importOptions);
  } catch (const domain::DomainError& e) {
    printDomainError(e);
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace brobygger::app
