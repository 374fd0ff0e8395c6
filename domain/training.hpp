#pragma once
// Trainings for partner authorities (issue 16, points 3 and 4): who from which authority in which
// police district has been trained, a person's training record, and certificates of attendance.
// Definitions (also in docs/openapi.yaml and the user guide):
// - A training is an event of kind `training`.
// - The overview counts distinct people who attended a COMPLETED training that started in the period,
//   by the organisation they were registered for (its current kind and police district, not the
//   event's), as the engagement overviews do.
// - A certificate is made for a registration with status attended at a training (completed or not yet
//   closed; a cancelled training has none), in the person's own language.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/contact.hpp"
#include "domain/date_time.hpp"
#include "domain/report.hpp"
#include "domain/types.hpp"

namespace brobygger::domain {

inline constexpr const char* kTrainingKind = "training";

enum class TrainingGrouping { organisation_kind, police_district, organisation };
const char* toString(TrainingGrouping grouping) noexcept;
std::optional<TrainingGrouping> trainingGroupingFrom(std::string_view code) noexcept;

struct TrainingQuery {
  LocalDate from, to;  // both days included, Copenhagen dates; a training belongs to the day it starts
  TrainingGrouping group_by = TrainingGrouping::organisation_kind;
};

// One attended registration at a completed training in the period, as storage hands it over.
struct TrainingAttendance {
  Id event_id = 0;
  Id contact_id = 0;
  Id organisation_id = 0;
  std::string organisation_name;
};

struct TrainingFigures {
  PeopleCount people;     // distinct people trained
  int organisations = 0;  // distinct organisations with someone trained
  int trainings = 0;      // distinct trainings attended
};

struct TrainingRow {
  std::string key;  // kind code, district id or organisation id; "total" for the total
  std::string label_da, label_en;
  TrainingFigures figures;
};

// People trained per kind of organisation (rows) and police district (columns).
struct TrainingCrossRow {
  std::string organisation_kind;
  std::string label_da, label_en;
  std::vector<PeopleCount> cells;  // one per district, in the order of `districts`
  PeopleCount total;
};

struct TrainingDistrict {
  int id = 0;
  std::string label_da, label_en;
};

struct TrainingCrossTable {
  std::vector<TrainingDistrict> districts;
  std::vector<TrainingCrossRow> rows;
  std::vector<PeopleCount> district_totals;  // one per district
  PeopleCount total;
};

struct TrainingReport {
  TrainingQuery query;
  bool small_numbers_suppressed = false;
  std::vector<TrainingRow> rows;
  TrainingRow total;
  TrainingCrossTable cross;
};

// A training a person attended, for their record and their certificate.
struct AttendedTraining {
  Id registration_id = 0;
  Id event_id = 0;
  std::string title;
  Timestamp starts_at{};
  Timestamp ends_at{};
  bool all_day = false;
  EventStatus event_status = EventStatus::completed;
  Id organisation_id = 0;  // the organisation the person came for
};

struct TrainingRecord {
  Id contact_id = 0;
  std::vector<AttendedTraining> items;  // newest first
};

// What goes on a certificate, decided by the domain in the person's language; the PDF adapter only
// lays it out.
struct CertificateDocument {
  Language language = Language::da;
  std::string document_title;        // the PDF's metadata title
  std::string heading;               // "Kursusbevis" / "Certificate of attendance"
  std::string person;                // the person's name, set large
  std::string statement;             // "has attended the training" / "har deltaget i kurset"
  std::string training;              // the training's title
  std::vector<std::string> details;  // date, hours, place
  std::string issuer_line;           // "Udstedt af" / "Issued by" + the issuer
  std::string issued_on;             // the date of issue
  std::string file_stem;             // the download's name without ".pdf"
};

// Makes the PDF; an adapter implements it (adapters/pdf with libharu).
class CertificateWriter {
 public:
  virtual ~CertificateWriter() = default;
  virtual std::string pdf(const CertificateDocument& document) const = 0;
};

// Who issues certificates: the national prevention unit, in both languages (the server takes its name
// from the reference data's kind `national_prevention_centre`; these are the fallback).
struct CertificateSettings {
  std::string issuer_da = "Den nationale forebyggelsesenhed";
  std::string issuer_en = "The national prevention unit";
};

}  // namespace brobygger::domain
