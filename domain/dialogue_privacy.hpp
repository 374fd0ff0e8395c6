#pragma once
// The dialogue log holds free text about people: a person's erasure must reach it too. This module
// finds a person's values (name, email, phone in its common written forms) in subjects, notes and
// titles and replaces them with a neutral marker, and takes the person out of the activities naming
// them, in the caller's unit of work.
#include <string>
#include <string_view>

#include "domain/contact.hpp"
#include "domain/repositories.hpp"
#include "domain/user.hpp"

namespace brobygger::domain {

// What replaces a person's value in free text after their erasure.
inline constexpr const char* kErasedValueMarker = "[slettet]";

// `text` with every occurrence of the person's name and email (case-insensitively, as whole words,
// any run of whitespace between the name's parts) and phone number (its digits, with or without
// +45/0045, grouped by spaces, dashes or dots) replaced by `marker`.
std::string scrubPersonalValues(std::string_view text, const Contact& person,
                                std::string_view marker = kErasedValueMarker);

struct DialogueErasure {
  int activities_unlinked = 0;   // activities that named the person
  int activities_rewritten = 0;  // subjects or notes that held one of their values
  int follow_ups_rewritten = 0;  // follow-up titles that held one of their values
};

// Takes the person (with their values as they were before erasure) out of the dialogue log: out of
// every activity naming them, and their values out of the subjects and notes of those activities and
// of every activity and follow-up title of their organisation. Each rewritten activity or follow-up is
// audited (an update of a personal field, naming the person). `actor` is null for retention.
DialogueErasure eraseFromDialogue(UnitOfWork& uow, const Actor* actor, const Contact& person, Timestamp now);

}  // namespace brobygger::domain
