#pragma once
// Times and names for the request bodies of the API tests.
#include <chrono>
#include <string>

namespace brobygger::testing {

using Seconds = std::chrono::sys_seconds;
Seconds nowSeconds();
std::string utcText(Seconds t);                   // "2026-03-10T09:00:00Z"
std::string uniqueText(const std::string& stem);  // the stem, this process and a counter

}  // namespace brobygger::testing
