#pragma once
// Text helpers the demo and scale generators share.
#include <string>

#include "seeds/random.hpp"

namespace brobygger::seeds {

std::string replaceAll(std::string text, const std::string& from, const std::string& to);

// "Søndergade Boldklub" -> "soendergade-boldklub" (at most 40 characters): for generated websites and
// email addresses.
std::string slug(const std::string& text);

// A random CVR number that passes the modulus-11 check.
std::string validCvr(Random& random);

// A random Danish phone number as 8 digits.
std::string phone(Random& random);

}  // namespace brobygger::seeds
