// Request bodies as every route reads them (api/json_io.hpp JsonFields): the only exception allowed is
// DomainError (a 400 or 422 problem), a 422 names a field, and what parses is what nlohmann accepts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "api/json_io.hpp"
#include "domain/error.hpp"

using namespace brobygger;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string body(reinterpret_cast<const char*>(data), size);
  try {
    api::JsonFields fields(body);
    (void)fields.string("name");
    (void)fields.nullableString("title");
    (void)fields.integer("organisation_id");
    (void)fields.nullableInteger("capacity");
    (void)fields.timestamp("starts_at");
    (void)fields.nullableTimestamp("ends_at");
    (void)fields.integerArray("contact_ids");
    (void)fields.boolean("public");
    (void)fields.stringArray("tags");
    if (auto venue = fields.object("venue")) {
      (void)venue->string("name");
      (void)venue->nullableInteger("municipality_id");
      venue->finishInto(fields);
    }
    fields.require("name");
    fields.finish();
  } catch (const domain::DomainError& e) {
    const auto code = e.code();
    if (code != domain::ErrorCode::bad_request && code != domain::ErrorCode::invalid) std::abort();
    if (code == domain::ErrorCode::invalid && e.fields().empty()) std::abort();
    // What the strict parser takes, nlohmann takes too (the converse is not required: it refuses more).
    return 0;
  }
  if (!nlohmann::json::accept(body)) std::abort();
  return 0;
}
