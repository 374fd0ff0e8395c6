#include "domain/training_service.hpp"

#include <array>
#include <chrono>
#include <cmath>

#include "domain/audit.hpp"
#include "domain/error.hpp"
#include "domain/event_services.hpp"
#include "domain/messages.hpp"
#include "domain/policy.hpp"
#include "domain/services.hpp"

namespace brobygger::domain {

namespace {

// "7", "7,5" (Danish) or "7.5" (English): hours to the half hour.
std::string hoursText(double hours, Language language) {
  const double halves = std::round(hours * 2.0);
  const auto whole = static_cast<long long>(halves) / 2;
  std::string text = std::to_string(whole);
  if (static_cast<long long>(halves) % 2 != 0) text += language == Language::da ? ",5" : ".5";
  return text;
}

}  // namespace

std::string longDate(const LocalDate& date, Language language) {
  const std::string month = monthName(date.month >= 1 && date.month <= 12 ? date.month : 1, language);
  return std::to_string(date.day) + (language == Language::da ? ". " : " ") + month + " " + std::to_string(date.year);
}

TrainingRecord TrainingService::record(const Actor& actor, Id contactId) {
  auto uow = store_.begin(Access::read);
  const auto contact = ContactService::visible(*uow, actor, contactId, Action::read_contact_trainings);
  TrainingRecord out;
  out.contact_id = contact.id;
  out.items = uow->reports().trainingsOf(contact.id);
  // A partner sees what its people did for it, not what they did while at another organisation.
  if (actor.isPartner())
    std::erase_if(out.items, [&](const AttendedTraining& t) { return t.organisation_id != actor.organisation_id; });
  uow->audit().record(auditEntry(&actor, clock_.now(), AuditAction::read, "training_record", contact.id, {contact.id}));
  return out;
}

CertificateDocument TrainingService::certificate(const Actor& actor, Id registrationId) {
  auto uow = store_.begin(Access::read);
  const auto [registration, event] =
      RegistrationService::visible(*uow, actor, registrationId, false, Action::download_certificate);
  if (registration.status != RegistrationStatus::attended || event.details.kind != kTrainingKind ||
      (event.status != EventStatus::published && event.status != EventStatus::completed))
    throw DomainError(ErrorCode::not_found, "A certificate is made for attendance at a training only");
  const auto contact = uow->contacts().find(registration.contact_id);
  if (!contact || contact->erased_at || contact->name.empty())
    throw DomainError(ErrorCode::not_found, "An anonymous participant has no certificate");
  AttendedTraining training{registration.id, event.id,      event.details.title, event.starts_at,
                            event.ends_at,   event.all_day, event.status,        registration.organisation_id};
  auto document = certificateFor(*contact, training, zone_.toLocal(clock_.now()).date());
  // The certificate names the person: a read of personal data.
  uow->audit().record(
      auditEntry(&actor, clock_.now(), AuditAction::read, "certificate", registration.id, {contact->id}));
  return document;
}

CertificateDocument TrainingService::certificateFor(const Contact& contact, const AttendedTraining& training,
                                                    const LocalDate& issuedOn) const {
  const auto language = contact.language;
  const bool da = language == Language::da;
  CertificateDocument d;
  d.language = language;
  d.person = contact.name;
  d.training = training.title;
  d.heading = da ? "Kursusbevis" : "Certificate of attendance";
  d.statement = da ? "har deltaget i kurset" : "has attended the training";
  d.document_title = d.heading + " - " + contact.name;

  const auto first = zone_.toLocal(training.starts_at).date();
  // An all-day training ends at the midnight after its last day.
  const auto last =
      training.all_day ? zone_.toLocal(training.ends_at).date().plusDays(-1) : zone_.toLocal(training.ends_at).date();
  auto dates = longDate(first, language);
  if (last > first) dates += " - " + longDate(last, language);
  d.details.push_back((da ? "Dato: " : "Date: ") + dates);
  if (training.all_day) {
    const int days = first.daysUntil(last) + 1;
    d.details.push_back((da ? "Varighed: " : "Duration: ") + std::to_string(days) +
                        (da ? (days == 1 ? " dag" : " dage") : (days == 1 ? " day" : " days")));
  } else {
    const auto minutes =
        std::chrono::duration_cast<std::chrono::minutes>(training.ends_at - training.starts_at).count();
    const double hours = static_cast<double>(minutes) / 60.0;
    const auto text = hoursText(hours, language);
    const bool one = text == "1";
    d.details.push_back((da ? "Varighed: " : "Duration: ") + text +
                        (da ? (one ? " time" : " timer") : (one ? " hour" : " hours")));
  }
  d.issuer_line = (da ? "Udstedt af " : "Issued by ") + (da ? settings_.issuer_da : settings_.issuer_en);
  d.issued_on = (da ? "Udstedt den " : "Issued on ") + longDate(issuedOn, language);
  d.file_stem = (da ? "kursusbevis-" : "certificate-") + std::to_string(training.registration_id);
  return d;
}

}  // namespace brobygger::domain
