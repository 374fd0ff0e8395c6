#pragma once
// Internal to storage/: the text of one multi-row INSERT, for the bulk loader and the import rows.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "storage/connection.hpp"

namespace brobygger::storage {

// One INSERT ... VALUES (...),(...) statement's text. Values are written as SQL literals: bound
// parameters would cost more than the rows themselves (SOCI's MySQL backend substitutes them into
// the text anyway). Strings are escaped for the backend; the generator's data never reaches SQL
// any other way.
class InsertText {
 public:
  InsertText(Backend backend, std::string_view head) : mysql_(backend == Backend::mysql), head_(head) { reset(); }

  void reset() {
    text_.assign(head_);
    rows_ = 0;
  }
  std::size_t rows() const noexcept { return rows_; }
  const std::string& text() const noexcept { return text_; }

  void beginRow() {
    text_ += rows_ == 0 ? "(" : ",(";
    first_ = true;
    ++rows_;
  }
  void endRow() { text_ += ')'; }

  void text(std::string_view value) {
    separator();
    text_ += '\'';
    for (const char c : value) {
      switch (c) {
        case '\'': text_ += "''"; break;
        case '\\': text_ += mysql_ ? "\\\\" : "\\"; break;
        case '\0': throw std::invalid_argument("bulk rows must not contain NUL characters");
        default: text_ += c;
      }
    }
    text_ += '\'';
  }
  void textOrNull(const std::optional<std::string>& value) { value ? text(*value) : null(); }
  void integer(long long value) {
    separator();
    text_ += std::to_string(value);
  }
  template <class T>
  void integerOrNull(const std::optional<T>& value) {
    value ? integer(static_cast<long long>(*value)) : null();
  }
  void time(domain::Timestamp value) { text(formatSqlTime(value)); }
  void timeOrNull(const std::optional<domain::Timestamp>& value) { value ? time(*value) : null(); }
  void null() {
    separator();
    text_ += "NULL";
  }

 private:
  void separator() {
    if (!first_) text_ += ',';
    first_ = false;
  }

  bool mysql_;
  std::string head_;
  std::string text_;
  std::size_t rows_ = 0;
  bool first_ = true;
};

}  // namespace brobygger::storage
