#pragma once
// Builds model files byte by byte from a header and a data section, following
// docs/model-format.md independently of the writer, so tests can produce files that are valid
// except for the one rule under test.

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <string>

#include <nlohmann/json.hpp>

#include "common/hash.hpp"

namespace mlctl::test {

inline std::string le64(std::uint64_t value) {
  std::string out;
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
  return out;
}

inline std::string f64_bytes(std::initializer_list<double> values) {
  std::string out;
  for (double v : values) out += le64(std::bit_cast<std::uint64_t>(v));
  return out;
}

// The metadata every valid file has; tests edit the result.
inline nlohmann::json standard_metadata() {
  return {{"format", "mlctl-model"}, {"format_version", "1.0"}, {"mlctl", "{}"}};
}

// Sets __metadata__.checksum to the right value for `header` and `data` (when the header has
// a __metadata__ object and no checksum yet).
inline void add_checksum(nlohmann::json& header, const std::string& data) {
  if (!header.contains("__metadata__") || !header["__metadata__"].is_object()) return;
  if (header["__metadata__"].contains("checksum")) return;
  const std::uint64_t sum = xxh3_64(header.dump() + data);
  header["__metadata__"]["checksum"] = "xxh3-64:" + to_hex64(sum);
}

// Prefix + header text (padded to align the data) + data.
inline std::string assemble(const std::string& header_text, const std::string& data) {
  std::string text = header_text;
  while ((8 + text.size()) % 8 != 0) text += ' ';
  return le64(text.size()) + text + data;
}

// A file with a correct checksum and canonical header, whatever else is wrong with it.
inline std::string craft(nlohmann::json header, const std::string& data) {
  add_checksum(header, data);
  return assemble(header.dump(), data);
}

}  // namespace mlctl::test
