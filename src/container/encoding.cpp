#include "container/encoding.hpp"

#include <bit>
#include <string>

#include "common/hash.hpp"

namespace mlctl::container::encoding {

void append_u64(std::string& out, std::uint64_t value) {
  // Byte by byte, so the file is little-endian whatever the host's byte order.
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t read_u64(const char* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void append_f64(std::string& out, double value) {
  append_u64(out, std::bit_cast<std::uint64_t>(value));
}

double read_f64(const char* bytes) {
  return std::bit_cast<double>(read_u64(bytes));
}

std::size_t padding_after(std::size_t json_bytes) {
  return (kAlignment - (kLengthBytes + json_bytes) % kAlignment) % kAlignment;
}

std::uint64_t content_checksum(const nlohmann::json& header, std::string_view data) {
  nlohmann::json without = header;
  const auto metadata = without.find("__metadata__");
  if (metadata != without.end() && metadata->is_object()) metadata->erase("checksum");
  Xxh3Hasher hasher;
  hasher.update(without.dump());
  hasher.update(data);
  return hasher.digest();
}

std::optional<std::uint64_t> canonical_content_checksum(std::string_view header_json,
                                                        std::string_view stored_checksum,
                                                        std::string_view data) {
  // In canonical JSON every quote inside a string is escaped, so this unescaped key-colon-quote
  // sequence can only be the "checksum" entry itself, not text within a string.
  std::string entry = "\"checksum\":\"";
  entry.append(stored_checksum);
  entry.push_back('"');
  std::size_t begin = header_json.find(entry);
  if (begin == std::string_view::npos) return std::nullopt;
  std::size_t end = begin + entry.size();
  // The entry leaves with one of its commas: the one after it, or the one before it if last.
  if (end < header_json.size() && header_json[end] == ',') {
    ++end;
  } else if (begin > 0 && header_json[begin - 1] == ',') {
    --begin;
  }
  Xxh3Hasher hasher;
  hasher.update(header_json.substr(0, begin));
  hasher.update(header_json.substr(end));
  hasher.update(data);
  return hasher.digest();
}

}  // namespace mlctl::container::encoding
