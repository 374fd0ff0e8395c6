#pragma once
// Internal to storage/: how derived columns are spelled, shared by the repositories and the bulk
// loader so that rows written either way are found by the same searches.
#include <optional>
#include <string>
#include <vector>

#include "domain/validation.hpp"

namespace brobygger::storage::columns {

// Tags (and other short lists) are stored as ",a,b," so one item can be matched with LIKE '%,a,%'
// on both backends; an empty list is "".
inline std::string encodeList(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = ",";
  for (const auto& item : items) out += item + ",";
  return out;
}

inline std::vector<std::string> decodeList(const std::string& stored) {
  std::vector<std::string> items;
  std::size_t start = 1;
  while (start < stored.size()) {
    const auto end = stored.find(',', start);
    if (end == std::string::npos) break;
    items.push_back(stored.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

inline std::string encodeIds(const std::vector<int>& ids) {
  std::vector<std::string> items;
  items.reserve(ids.size());
  for (const auto id : ids) items.push_back(std::to_string(id));
  return encodeList(items);
}

// "1, 3, 7": integers for an IN list (numbers only, so nothing to escape).
inline std::string integerList(const std::vector<int>& ids) {
  std::string out;
  for (const auto id : ids) out += (out.empty() ? "" : ", ") + std::to_string(id);
  return out;
}

// search_text: the case-folded text a `q` filter matches with LIKE.
inline std::string organisationSearchText(const std::string& name, const std::optional<std::string>& cvr,
                                          const std::optional<std::string>& website) {
  return domain::foldCase(name + " " + cvr.value_or("") + " " + website.value_or(""));
}

inline std::string contactSearchText(const std::string& name, const std::optional<std::string>& email) {
  return domain::foldCase(name + " " + email.value_or(""));
}

inline std::string userSearchText(const std::string& name, const std::string& email) {
  return domain::foldCase(name + " " + email);
}

inline std::string eventSearchText(const std::string& title, const std::optional<std::string>& venueName) {
  return domain::foldCase(title + " " + venueName.value_or(""));
}

}  // namespace brobygger::storage::columns
