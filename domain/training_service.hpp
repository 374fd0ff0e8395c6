#pragma once
// A person's training record and certificates of attendance (issue 16). Both are reads of personal
// data, audited; who may read them is the policy table's `contact.trainings` and
// `registration.certificate` (staff, and a partner for its own people). The overview of people trained
// is ReportService::trainings.
#include <utility>

#include "domain/date_time.hpp"
#include "domain/repositories.hpp"
#include "domain/training.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

class TrainingService {
 public:
  TrainingService(Store& store, const Clock& clock, const TimeZone& zone, CertificateSettings settings = {})
      : store_(store), clock_(clock), zone_(zone), settings_(std::move(settings)) {}

  // The trainings the person attended, newest first.
  TrainingRecord record(const Actor& actor, Id contactId);
  // The certificate of an attended registration at a training, in the person's language; 404 for any
  // other registration (and for an erased person, who has no name to certify).
  CertificateDocument certificate(const Actor& actor, Id registrationId);

  // The words of a certificate for this person and training, issued on `issuedOn` (pure: tested alone).
  CertificateDocument certificateFor(const Contact& contact, const AttendedTraining& training,
                                     const LocalDate& issuedOn) const;

 private:
  Store& store_;
  const Clock& clock_;
  const TimeZone& zone_;
  CertificateSettings settings_;
};

// "6. december 2026" / "6 December 2026".
std::string longDate(const LocalDate& date, Language language);

}  // namespace brobygger::domain
