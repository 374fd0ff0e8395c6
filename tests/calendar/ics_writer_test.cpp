// IcsWriter against ../shared/CALENDAR-RULES.md: the file's structure checked here byte by byte, and its
// meaning read back by two independent parsers, Debian's python3-icalendar and ical.js (Thunderbird's),
// which must agree with each other and with the absolute UTC times the domain asked for.
#include <sys/wait.h>
#include <array>
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/calendar/copenhagen_time_zone.hpp"
#include "adapters/calendar/ics_writer.hpp"
#include "tests/calendar/calendar_test_support.hpp"

using brobygger::calendar::CopenhagenTimeZone;
using brobygger::calendar::IcsWriter;
using brobygger::domain::CalendarAttendee;
using brobygger::domain::CalendarDocument;
using brobygger::domain::CalendarEntry;
using brobygger::domain::CalendarMethod;
using brobygger::domain::CalendarPerson;
using brobygger::domain::EntryStatus;
using brobygger::testing::utc;
using nlohmann::json;

namespace fs = std::filesystem;

namespace {

const fs::path kTestDir{BROBYGGER_CALENDAR_TEST_DIR};

// ---- Samples: every kind of file the server emits ----------------------------------------------------

const CalendarPerson kOrganizer{.email = "arrangement@brobygger.dk", .name = "Brobygger, Sekretariatet"};
const CalendarPerson kAnne{.email = "anne.jensen@example.dk", .name = "Jensen, Anne \"AJ\""};

// Winter: 2026-01-15 09:00-11:00 in Copenhagen is 08:00Z-10:00Z.
CalendarEntry meeting(int sequence) {
  CalendarEntry entry;
  entry.uid = "event-42@brobygger.dk";
  entry.sequence = sequence;
  entry.stamp = utc(2026, 1, 2, 12, 0) + std::chrono::hours{sequence};
  entry.starts_at = utc(2026, 1, 15, 8, 0);
  entry.ends_at = utc(2026, 1, 15, 10, 0);
  entry.summary = "Netværksmøde: Aarhus, Åbyhøj; del 1";
  entry.description = "Linje 1\nLinje 2 med æøå, komma; semikolon og \\ omvendt skråstreg";
  entry.location = "Søndergade 5, 8000 Aarhus C";
  entry.url = "https://brobygger.example.dk/events/42?a=1,2;b";
  entry.status = EntryStatus::confirmed;
  entry.organizer = kOrganizer;
  entry.attendees = {CalendarAttendee{.person = kAnne, .accepted = true, .rsvp = true}};
  entry.last_modified = entry.stamp;
  return entry;
}

CalendarDocument request() { return {.method = CalendarMethod::request, .name = {}, .entries = {meeting(0)}}; }

// Moved an hour later: SEQUENCE+1.
CalendarDocument update() {
  CalendarEntry entry = meeting(1);
  entry.starts_at = utc(2026, 1, 15, 9, 0);
  entry.ends_at = utc(2026, 1, 15, 11, 0);
  return {.method = CalendarMethod::request, .name = {}, .entries = {entry}};
}

// Anne's registration withdrawn: CANCEL without STATUS.
CalendarDocument attendeeCancel() {
  CalendarEntry entry = meeting(2);
  entry.status = EntryStatus::none;
  entry.attendees.front().accepted = false;
  return {.method = CalendarMethod::cancel, .name = {}, .entries = {entry}};
}

// The whole event off: CANCEL with STATUS:CANCELLED.
CalendarDocument eventCancel() {
  CalendarEntry entry = meeting(3);
  entry.status = EntryStatus::cancelled;
  return {.method = CalendarMethod::cancel, .name = {}, .entries = {entry}};
}

// Summer: Fridays 2026-07-10 09:00 (07:00Z) up to and including 2026-08-28, without 2026-07-24, and
// 2026-07-31 moved to 13:00-15:00 (11:00Z-13:00Z).
std::vector<CalendarEntry> series() {
  CalendarEntry master;
  master.uid = "series-7@brobygger.dk";
  master.sequence = 2;
  master.stamp = utc(2026, 6, 1, 10, 0);
  master.starts_at = utc(2026, 7, 10, 7, 0);
  master.ends_at = utc(2026, 7, 10, 9, 0);
  master.summary = "Sommercafé";
  master.rrule = "FREQ=WEEKLY;BYDAY=FR;UNTIL=20260828";
  master.exdates = {utc(2026, 7, 24, 7, 0)};
  master.status = EntryStatus::confirmed;
  // A download carries neither ORGANIZER nor ATTENDEE even when the domain knows them.
  master.organizer = kOrganizer;
  master.attendees = {CalendarAttendee{.person = kAnne}};
  CalendarEntry moved = master;
  moved.rrule.reset();
  moved.exdates.clear();
  moved.recurrence_id = utc(2026, 7, 31, 7, 0);
  moved.starts_at = utc(2026, 7, 31, 11, 0);
  moved.ends_at = utc(2026, 7, 31, 13, 0);
  moved.summary = "Sommercafé (flyttet til eftermiddagen)";
  return {master, moved};
}

CalendarDocument seriesDownload() { return {.method = CalendarMethod::none, .name = {}, .entries = series()}; }

// 2026-03-28 and 2026-03-29 (DST starts on the 29th): local midnights 2026-03-27T23:00Z and 2026-03-29T22:00Z.
CalendarEntry allDayEntry() {
  CalendarEntry entry;
  entry.uid = "allday-3@brobygger.dk";
  entry.stamp = utc(2026, 3, 1, 9, 0);
  entry.starts_at = utc(2026, 3, 27, 23, 0);
  entry.ends_at = utc(2026, 3, 29, 22, 0);
  entry.all_day = true;
  entry.summary = "Weekendseminar";
  return entry;
}

CalendarDocument allDayDownload() { return {.method = CalendarMethod::none, .name = {}, .entries = {allDayEntry()}}; }

// No space, ";" or ":" to break at and two-octet characters at odd offsets: a fold at the 75th octet would
// split an "æ", so libical must fold one octet earlier.
const std::string kLongSummary = "x" + [] {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "æøå";
  return text;
}();
// Python3-icalendar 4.0.3 decodes "\\n" (a backslash, then n) as a line break, so the parsers' text has
// no backslash before an n, a comma or a semicolon; the bytes for that are pinned by a test of their own.
const std::string kLongDescription =
    std::string("Første linje, med komma; og semikolon\nAnden linje: 50\\50 med omvendt skråstreg\r\n") +
    "Tredje linje " + std::string(40, 'z') + " æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ";
CalendarDocument textDownload() {
  CalendarEntry entry = meeting(0);
  entry.uid = "text-1@brobygger.dk";
  entry.summary = kLongSummary;
  entry.description = kLongDescription;
  entry.status = EntryStatus::none;
  return {.method = CalendarMethod::none, .name = {}, .entries = {entry}};
}

CalendarDocument feed() {
  CalendarDocument document{.method = CalendarMethod::none, .name = "Brobygger: Jensen, Anne; kalender", .entries = {}};
  CalendarEntry winter = meeting(4);
  winter.uid = "feed-winter@brobygger.dk";
  CalendarEntry cancelled = meeting(5);
  cancelled.uid = "feed-cancelled@brobygger.dk";
  cancelled.starts_at = utc(2026, 10, 30, 8, 0);  // 09:00 in winter time again (from 2026-10-25)
  cancelled.ends_at = utc(2026, 10, 30, 9, 0);
  cancelled.status = EntryStatus::cancelled;
  // COUNT across the autumn change: 09:00 on the wall every week.
  CalendarEntry counted = meeting(0);
  counted.uid = "feed-counted@brobygger.dk";
  counted.starts_at = utc(2026, 10, 16, 7, 0);
  counted.ends_at = utc(2026, 10, 16, 8, 0);
  counted.rrule = "FREQ=WEEKLY;COUNT=4";
  // A floating UNTIL is Copenhagen wall clock: 2026-12-10 09:00 = 08:00Z.
  CalendarEntry floatingUntil = meeting(0);
  floatingUntil.uid = "feed-until@brobygger.dk";
  floatingUntil.starts_at = utc(2026, 11, 12, 8, 0);
  floatingUntil.ends_at = utc(2026, 11, 12, 9, 0);
  floatingUntil.rrule = "FREQ=WEEKLY;UNTIL=20261210T090000";
  // An all-day yearly series with an excluded year.
  CalendarEntry yearly = allDayEntry();
  yearly.uid = "feed-yearly@brobygger.dk";
  yearly.starts_at = utc(2026, 6, 22, 22, 0);  // 2026-06-23 (sankthans)
  yearly.ends_at = utc(2026, 6, 23, 22, 0);
  yearly.rrule = "FREQ=YEARLY;UNTIL=20290623";
  yearly.exdates = {utc(2027, 6, 22, 22, 0)};
  document.entries = {winter, cancelled, counted, floatingUntil, yearly};
  for (CalendarEntry& entry : series()) document.entries.push_back(entry);
  document.entries.push_back(allDayEntry());
  return document;
}

// ---- Structure ----------------------------------------------------------------------------------------

bool validUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) return false;
    for (std::size_t k = 1; k < length; ++k)
      if ((static_cast<unsigned char>(text[i + k]) >> 6) != 0x2) return false;
    i += length;
  }
  return true;
}

std::vector<std::string> physicalLines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find("\r\n", start)) != std::string::npos; start = end + 2)
    lines.push_back(text.substr(start, end - start));
  REQUIRE(start == text.size());  // ends with CRLF
  return lines;
}

std::vector<std::string> contentLines(const std::string& text) {
  std::vector<std::string> lines;
  for (const std::string& line : physicalLines(text)) {
    if (!line.empty() && line.front() == ' ') lines.back() += line.substr(1);
    else lines.push_back(line);
  }
  return lines;
}

std::size_t countLines(const std::vector<std::string>& lines, std::string_view prefix) {
  std::size_t n = 0;
  for (const std::string& line : lines)
    if (line.rfind(prefix, 0) == 0) ++n;
  return n;
}

std::vector<std::string> linesStartingWith(const std::vector<std::string>& lines, std::string_view prefix) {
  std::vector<std::string> found;
  for (const std::string& line : lines)
    if (line.rfind(prefix, 0) == 0) found.push_back(line);
  return found;
}

// Rules 2, 3, 4 and 11 as far as the bytes show them.
void checkStructure(const std::string& text, CalendarMethod method) {
  INFO(text);
  REQUIRE(text.rfind("BEGIN:VCALENDAR\r\n", 0) == 0);  // no BOM either
  CHECK(validUtf8(text));
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') REQUIRE((i > 0 && text[i - 1] == '\r'));
    if (text[i] == '\r') REQUIRE((i + 1 < text.size() && text[i + 1] == '\n'));
  }
  for (const std::string& line : physicalLines(text)) {
    INFO(line);
    CHECK(!line.empty());
    CHECK(line.size() <= 75);
    CHECK(validUtf8(line));  // folded between characters, never inside one
    CHECK(line.find('\t') == std::string::npos);
  }
  const std::vector<std::string> lines = contentLines(text);
  CHECK(lines.back() == "END:VCALENDAR");
  CHECK(countLines(lines, "PRODID:") == 1);
  CHECK(countLines(lines, "VERSION:") == 1);
  CHECK(countLines(lines, "VERSION:2.0") == 1);
  switch (method) {
    case CalendarMethod::request:
      CHECK(linesStartingWith(lines, "METHOD:") == std::vector<std::string>{"METHOD:REQUEST"});
      break;
    case CalendarMethod::cancel:
      CHECK(linesStartingWith(lines, "METHOD:") == std::vector<std::string>{"METHOD:CANCEL"});
      break;
    case CalendarMethod::none:
      CHECK(countLines(lines, "METHOD") == 0);
      CHECK(countLines(lines, "ATTENDEE") == 0);
      CHECK(countLines(lines, "ORGANIZER") == 0);
      break;
  }
  const std::size_t events = countLines(lines, "BEGIN:VEVENT");
  CHECK(countLines(lines, "UID:") == events);
  CHECK(countLines(lines, "DTSTAMP:") == events);
  CHECK(countLines(lines, "SEQUENCE:") == events);
  for (const std::string& line : linesStartingWith(lines, "DTSTAMP:")) CHECK(line.back() == 'Z');
  for (const std::string& line : linesStartingWith(lines, "LAST-MODIFIED:")) CHECK(line.back() == 'Z');
  CHECK(countLines(lines, "DURATION") == 0);

  // Every TZID= is the plain IANA name with its one VTIMEZONE; never a TZID on a Z value, never floating.
  bool anyTzid = false;
  for (const std::string& line : lines) {
    const std::size_t at = line.find(";TZID=");
    const std::size_t colon = line.find(':');
    if (at != std::string::npos && at < colon) {
      anyTzid = true;
      CHECK(line.substr(at, colon - at) == ";TZID=Europe/Copenhagen");
      CHECK(line.back() != 'Z');
    }
  }
  const std::size_t zones = countLines(lines, "BEGIN:VTIMEZONE");
  CHECK(zones == (anyTzid ? 1U : 0U));
  if (anyTzid) {
    CHECK(linesStartingWith(lines, "TZID:") == std::vector<std::string>{"TZID:Europe/Copenhagen"});
    // One yearly rule of each kind: +01:00 in winter, +02:00 in summer.
    CHECK(countLines(lines, "BEGIN:STANDARD") == 1);
    CHECK(countLines(lines, "BEGIN:DAYLIGHT") == 1);
    CHECK(countLines(lines, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3") == 1);
    CHECK(countLines(lines, "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10") == 1);
    CHECK(countLines(lines, "TZOFFSETTO:+0200") == 1);
    CHECK(countLines(lines, "TZOFFSETTO:+0100") == 1);
  }
  // Outside the VTIMEZONE, a DTSTART/DTEND/EXDATE/RECURRENCE-ID is a date, carries the TZID, or is UTC.
  bool inZone = false;
  for (const std::string& line : lines) {
    if (line == "BEGIN:VTIMEZONE") inZone = true;
    if (line == "END:VTIMEZONE") inZone = false;
    if (inZone) continue;
    for (std::string_view name : {"DTSTART", "DTEND", "EXDATE", "RECURRENCE-ID"}) {
      const std::string n(name);
      if (line.rfind(n + ":", 0) != 0 && line.rfind(n + ";", 0) != 0) continue;
      INFO(line);
      const bool date = line.find(";VALUE=DATE:") != std::string::npos;
      const bool zoned = line.find(";TZID=Europe/Copenhagen:") != std::string::npos;
      const bool utcValue = line.back() == 'Z' && !zoned;
      CHECK((date || zoned || utcValue));
    }
  }
}

// ---- The parsers --------------------------------------------------------------------------------------

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "brobygger-ics-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

std::string shellQuoted(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

// Runs `command` with TZ=UTC, stdout as JSON; stderr goes to stderr.txt beside the files.
json runParser(const std::string& command, const fs::path& dir, const std::vector<fs::path>& files) {
  std::string line = "TZ=UTC " + command;
  for (const fs::path& file : files) line += " " + shellQuoted(file.string());
  line += " 2>" + shellQuoted((dir / "stderr.txt").string());
  FILE* pipe = popen(line.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) out.append(buffer.data(), n);
  const int status = pclose(pipe);
  // Read with stdio: GCC 12 at -O2 reports istreambuf_iterator as a possible null dereference.
  std::string errors;
  if (FILE* err = std::fopen((dir / "stderr.txt").c_str(), "rb")) {
    for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), err)) > 0;) errors.append(buffer.data(), n);
    std::fclose(err);
  }
  INFO(command << "\nstderr: " << errors << "\nstdout: " << out);
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);
  return json::parse(out);
}

struct Parsed {
  json python;
  json icaljs;
};

// Writes every file, reads them all with both parsers and checks that the parsers agree.
std::map<std::string, json> parseWithBoth(const std::map<std::string, std::string>& files) {
  const fs::path parsers = kTestDir / "parsers";
  if (!fs::exists(parsers / "node_modules" / "ical.js" / "package.json"))
    FAIL("ical.js is not installed: run `npm ci` in " << parsers.string()
                                                      << " (scripts/run-tests.sh does this before the tests)");
  if (!fs::exists("/usr/bin/python3")) FAIL("Debian's /usr/bin/python3 (with python3-icalendar) is missing");

  TempDir dir;
  std::vector<fs::path> paths;
  std::map<std::string, std::string> nameOf;
  for (const auto& [name, text] : files) {
    const fs::path path = dir.path / (name + ".ics");
    std::ofstream(path, std::ios::binary) << text;
    paths.push_back(path);
    nameOf[path.string()] = name;
  }
  const json python =
      runParser("/usr/bin/python3 " + shellQuoted((kTestDir / "parse_icalendar.py").string()), dir.path, paths);
  const json icaljs = runParser("node " + shellQuoted((parsers / "parse_icaljs.mjs").string()), dir.path, paths);

  std::map<std::string, json> result;
  for (const fs::path& path : paths) {
    const std::string& name = nameOf[path.string()];
    const json& p = python.at(path.string());
    const json& j = icaljs.at(path.string());
    INFO(name << "\n" << files.at(name) << "\npython3-icalendar: " << p.dump(2) << "\nical.js: " << j.dump(2));
    REQUIRE(!p.contains("error"));
    REQUIRE(!j.contains("error"));
    CHECK(p.at("problems").empty());
    CHECK(j.at("problems").empty());
    CHECK(p == j);
    result[name] = p;
  }
  return result;
}

json person(const std::string& email, const std::string& cn, std::map<std::string, std::string> more = {}) {
  more["CN"] = cn;
  return json{{"value", "mailto:" + email}, {"params", more}};
}

}  // namespace

TEST_CASE("Each kind of file keeps the structural rules", "[ics]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  checkStructure(writer.write(request()), CalendarMethod::request);
  checkStructure(writer.write(update()), CalendarMethod::request);
  checkStructure(writer.write(attendeeCancel()), CalendarMethod::cancel);
  checkStructure(writer.write(eventCancel()), CalendarMethod::cancel);
  checkStructure(writer.write(seriesDownload()), CalendarMethod::none);
  checkStructure(writer.write(allDayDownload()), CalendarMethod::none);
  checkStructure(writer.write(textDownload()), CalendarMethod::none);
  checkStructure(writer.write(feed()), CalendarMethod::none);
}

TEST_CASE("An invitation: REQUEST with the attendee, quoted CN, local times with the plain TZID", "[ics]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  const std::vector<std::string> lines = contentLines(writer.write(request()));
  const auto has = [&](const std::string& line) {
    INFO(line);
    CHECK(std::find(lines.begin(), lines.end(), line) != lines.end());
  };
  has("PRODID:-//Brobygger//Brobygger 0.1//DA");
  has("METHOD:REQUEST");
  has("UID:event-42@brobygger.dk");
  has("SEQUENCE:0");
  has("DTSTAMP:20260102T120000Z");
  has("LAST-MODIFIED:20260102T120000Z");
  has("DTSTART;TZID=Europe/Copenhagen:20260115T090000");
  has("DTEND;TZID=Europe/Copenhagen:20260115T110000");
  has("STATUS:CONFIRMED");
  // Escaped exactly once.
  has("SUMMARY:Netværksmøde: Aarhus\\, Åbyhøj\\; del 1");
  has("DESCRIPTION:Linje 1\\nLinje 2 med æøå\\, komma\\; semikolon og \\\\ omvendt skråstreg");
  has("LOCATION:Søndergade 5\\, 8000 Aarhus C");
  has("URL:https://brobygger.example.dk/events/42?a=1,2;b");
  has("ORGANIZER;CN=\"Brobygger, Sekretariatet\":mailto:arrangement@brobygger.dk");
  has("ATTENDEE;CN=\"Jensen, Anne 'AJ'\";ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE:"
      "mailto:anne.jensen@example.dk");
  CHECK(countLines(lines, "X-WR-CALNAME") == 0);
}

TEST_CASE("A long line of æøå is folded between characters, never inside one", "[ics]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  const std::string text = writer.write(textDownload());
  INFO(text);
  const std::vector<std::string> physical = physicalLines(text);
  auto line =
      std::find_if(physical.begin(), physical.end(), [](const std::string& l) { return l.rfind("SUMMARY:", 0) == 0; });
  REQUIRE(line != physical.end());
  std::string unfolded = *line;
  bool backedOff = false;
  for (++line; line != physical.end() && line->rfind(' ', 0) == 0; ++line) {
    REQUIRE(line->size() >= 2);
    CHECK((static_cast<unsigned char>((*line)[1]) >> 6) != 0x2);  // starts with a whole character
    if (line->size() == 74) backedOff = true;                     // the 75th octet would have split one
    unfolded += line->substr(1);
  }
  CHECK(backedOff);
  CHECK(unfolded == "SUMMARY:" + kLongSummary);
  // Text escaped exactly once.
  CHECK(countLines(contentLines(text),
                   "DESCRIPTION:Første linje\\, med komma\\; og semikolon\\nAnden linje: "
                   "50\\\\50 med omvendt skråstreg\\nTredje linje") == 1);
}

TEST_CASE("A backslash before an n stays a backslash and an n", "[ics]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  CalendarDocument document = allDayDownload();
  document.entries[0].summary = "C:\\ny mappe; a,b";
  document.entries[0].description = "a\\nb\\\\";
  const std::vector<std::string> lines = contentLines(writer.write(document));
  CHECK(countLines(lines, "SUMMARY:C:\\\\ny mappe\\; a\\,b") == 1);
  CHECK(countLines(lines, "DESCRIPTION:a\\\\nb\\\\\\\\") == 1);
}

TEST_CASE("Both parsers read every file alike, with the decoded text and the absolute UTC times", "[ics][parsers]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  const std::map<std::string, json> read = parseWithBoth({
      {"request", writer.write(request())},
      {"update", writer.write(update())},
      {"attendee-cancel", writer.write(attendeeCancel())},
      {"event-cancel", writer.write(eventCancel())},
      {"series", writer.write(seriesDownload())},
      {"all-day", writer.write(allDayDownload())},
      {"text", writer.write(textDownload())},
      {"feed", writer.write(feed())},
  });

  SECTION("REQUEST: a winter date, 09:00 in Copenhagen is 08:00Z") {
    const json& file = read.at("request");
    INFO(file.dump(2));
    CHECK(file["method"] == "REQUEST");
    CHECK(file["prodid"] == "-//Brobygger//Brobygger 0.1//DA");
    CHECK(file["version"] == "2.0");
    CHECK(file["name"].is_null());
    CHECK(file["timezones"] == json::array({"Europe/Copenhagen"}));
    REQUIRE(file["events"].size() == 1);
    const json& e = file["events"][0];
    CHECK(e["uid"] == "event-42@brobygger.dk");
    CHECK(e["sequence"] == 0);
    CHECK(e["dtstamp"] == "2026-01-02T12:00:00Z");
    CHECK(e["start"] == "2026-01-15T08:00:00Z");
    CHECK(e["end"] == "2026-01-15T10:00:00Z");
    CHECK(e["summary"] == "Netværksmøde: Aarhus, Åbyhøj; del 1");
    CHECK(e["description"] == "Linje 1\nLinje 2 med æøå, komma; semikolon og \\ omvendt skråstreg");
    CHECK(e["location"] == "Søndergade 5, 8000 Aarhus C");
    CHECK(e["url"] == "https://brobygger.example.dk/events/42?a=1,2;b");
    CHECK(e["status"] == "CONFIRMED");
    CHECK(e["organizer"] == person("arrangement@brobygger.dk", "Brobygger, Sekretariatet"));
    CHECK(e["attendees"] ==
          json::array({person("anne.jensen@example.dk", "Jensen, Anne 'AJ'",
                              {{"PARTSTAT", "ACCEPTED"}, {"RSVP", "TRUE"}, {"ROLE", "REQ-PARTICIPANT"}})}));
  }
  SECTION("Update: same UID, SEQUENCE+1, newer DTSTAMP, moved start") {
    const json& before = read.at("request")["events"][0];
    const json& e = read.at("update")["events"][0];
    CHECK(read.at("update")["method"] == "REQUEST");
    CHECK(e["uid"] == before["uid"]);
    CHECK(e["sequence"] == 1);
    CHECK(e["dtstamp"].get<std::string>() > before["dtstamp"].get<std::string>());
    CHECK(e["start"] == "2026-01-15T09:00:00Z");
    CHECK(e["end"] == "2026-01-15T11:00:00Z");
  }
  SECTION("Attendee CANCEL: no STATUS; event CANCEL: STATUS:CANCELLED") {
    const json& withdrawn = read.at("attendee-cancel");
    CHECK(withdrawn["method"] == "CANCEL");
    CHECK(withdrawn["events"][0]["uid"] == "event-42@brobygger.dk");
    CHECK(withdrawn["events"][0]["sequence"] == 2);
    CHECK(withdrawn["events"][0]["status"].is_null());
    CHECK(withdrawn["events"][0]["attendees"][0]["params"]["PARTSTAT"] == "NEEDS-ACTION");
    const json& cancelled = read.at("event-cancel");
    CHECK(cancelled["method"] == "CANCEL");
    CHECK(cancelled["events"][0]["sequence"] == 3);
    CHECK(cancelled["events"][0]["status"] == "CANCELLED");
    CHECK(cancelled["events"][0]["attendees"].size() == 1);
  }
  SECTION("Series: a summer date, 09:00 is 07:00Z; UNTIL in UTC; EXDATE and RECURRENCE-ID on occurrences") {
    const json& file = read.at("series");
    INFO(file.dump(2));
    CHECK(file["method"].is_null());
    REQUIRE(file["events"].size() == 2);
    const json& master = file["events"][0];
    CHECK(master["start"] == "2026-07-10T07:00:00Z");
    CHECK(master["end"] == "2026-07-10T09:00:00Z");
    // UNTIL=20260828 (a date: the whole local day) becomes 2026-08-28 23:59:59 in Copenhagen.
    CHECK(master["rrule"] == "BYDAY=FR;FREQ=WEEKLY;UNTIL=2026-08-28T21:59:59Z");
    CHECK(master["exdates"] == json::array({"2026-07-24T07:00:00Z"}));
    CHECK(master["organizer"].is_null());
    CHECK(master["attendees"].empty());
    const json& moved = file["events"][1];
    CHECK(moved["uid"] == master["uid"]);
    CHECK(moved["recurrenceId"] == "2026-07-31T07:00:00Z");
    CHECK(moved["start"] == "2026-07-31T11:00:00Z");
    CHECK(moved["rrule"].is_null());
    CHECK(moved["summary"] == "Sommercafé (flyttet til eftermiddagen)");
  }
  SECTION("All-day: dates, DTEND exclusive, no VTIMEZONE needed") {
    const json& file = read.at("all-day");
    CHECK(file["timezones"].empty());
    CHECK(file["events"][0]["start"] == "2026-03-28");
    CHECK(file["events"][0]["end"] == "2026-03-30");
  }
  SECTION("Text with commas, semicolons, backslashes, newlines and æøå decodes to what was written") {
    const json& e = read.at("text")["events"][0];
    CHECK(e["summary"] == kLongSummary);
    CHECK(e["description"] ==
          "Første linje, med komma; og semikolon\nAnden linje: 50\\50 med omvendt skråstreg\n"
          "Tredje linje " +
              std::string(40, 'z') + " æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ æøå ÆØÅ");
  }
  SECTION("Feed: a name, several events, no METHOD, UIDs unique but for the override") {
    const json& file = read.at("feed");
    INFO(file.dump(2));
    CHECK(file["method"].is_null());
    CHECK(file["name"] == "Brobygger: Jensen, Anne; kalender");
    CHECK(file["timezones"] == json::array({"Europe/Copenhagen"}));
    REQUIRE(file["events"].size() == 8);
    std::map<std::string, json> byUid;
    for (const json& e : file["events"]) {
      CHECK(e["attendees"].empty());
      if (e["recurrenceId"].is_null()) {
        CHECK(byUid.count(e["uid"]) == 0);
        byUid[e["uid"]] = e;
      }
    }
    CHECK(byUid.at("feed-winter@brobygger.dk")["start"] == "2026-01-15T08:00:00Z");
    CHECK(byUid.at("feed-cancelled@brobygger.dk")["status"] == "CANCELLED");
    CHECK(byUid.at("feed-cancelled@brobygger.dk")["start"] == "2026-10-30T08:00:00Z");
    CHECK(byUid.at("feed-counted@brobygger.dk")["start"] == "2026-10-16T07:00:00Z");
    CHECK(byUid.at("feed-counted@brobygger.dk")["rrule"] == "COUNT=4;FREQ=WEEKLY");
    CHECK(byUid.at("feed-until@brobygger.dk")["rrule"] == "FREQ=WEEKLY;UNTIL=2026-12-10T08:00:00Z");
    CHECK(byUid.at("feed-yearly@brobygger.dk")["start"] == "2026-06-23");
    CHECK(byUid.at("feed-yearly@brobygger.dk")["end"] == "2026-06-24");
    CHECK(byUid.at("feed-yearly@brobygger.dk")["rrule"] == "FREQ=YEARLY;UNTIL=2029-06-23");
    CHECK(byUid.at("feed-yearly@brobygger.dk")["exdates"] == json::array({"2027-06-23"}));
    CHECK(byUid.at("series-7@brobygger.dk")["start"] == "2026-07-10T07:00:00Z");
    CHECK(byUid.at("allday-3@brobygger.dk")["start"] == "2026-03-28");
  }
}

TEST_CASE("Documents that would break the rules are refused", "[ics]") {
  CopenhagenTimeZone zone;
  const IcsWriter writer{zone};
  CalendarDocument noAttendee = request();
  noAttendee.entries[0].attendees.clear();
  CHECK_THROWS_AS(writer.write(noAttendee), std::invalid_argument);
  CalendarDocument cancelledRequest = request();
  cancelledRequest.entries[0].status = EntryStatus::cancelled;
  CHECK_THROWS_AS(writer.write(cancelledRequest), std::invalid_argument);
  CalendarDocument organizerAttends = request();
  organizerAttends.entries[0].attendees[0].person.email = "Arrangement@Brobygger.dk";
  CHECK_THROWS_AS(writer.write(organizerAttends), std::invalid_argument);
  CalendarDocument twice = allDayDownload();
  twice.entries.push_back(twice.entries[0]);
  CHECK_THROWS_AS(writer.write(twice), std::invalid_argument);
  CalendarDocument notMidnight = allDayDownload();
  notMidnight.entries[0].starts_at += std::chrono::hours{1};
  CHECK_THROWS_AS(writer.write(notMidnight), std::invalid_argument);
  CalendarDocument backwards = request();
  std::swap(backwards.entries[0].starts_at, backwards.entries[0].ends_at);
  CHECK_THROWS_AS(writer.write(backwards), std::invalid_argument);
}
