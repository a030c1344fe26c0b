#pragma once
// The byte-level rules shared by the model-file writer and reader, kept in one place so the
// two cannot drift apart: little-endian numbers, header padding, and the checksum definition.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mlctl::container::encoding {

inline constexpr std::size_t kLengthBytes = 8;  // the header length that starts every file
inline constexpr std::size_t kAlignment = 8;    // the data section starts on this boundary
inline constexpr const char* kChecksumPrefix = "xxh3-64:";

void append_u64(std::string& out, std::uint64_t value);
std::uint64_t read_u64(const char* bytes);  // 8 bytes, little-endian
void append_f64(std::string& out, double value);
double read_f64(const char* bytes);  // 8 bytes, IEEE 754 binary64, little-endian

// Trailing spaces after a JSON header of `json_bytes` so that the data section starts aligned.
std::size_t padding_after(std::size_t json_bytes);

// The checksum of a file: xxh3-64 over the header JSON with the "checksum" entry of
// "__metadata__" removed, dumped canonically (keys sorted bytewise, no spaces), followed by the
// data section. The header passed in may hold the checksum entry or not.
std::uint64_t content_checksum(const nlohmann::json& header, std::string_view data);

// The same checksum from a header already in canonical form (`header_json`: exactly what dump()
// gives, without the padding) whose "__metadata__" holds "checksum":"<stored_checksum>": that
// text without the entry and its comma is the dump content_checksum() hashes, so the reader
// hashes the bytes as read instead of copying and dumping the header again. nullopt when the
// text holds no such entry.
std::optional<std::uint64_t> canonical_content_checksum(std::string_view header_json,
                                                        std::string_view stored_checksum,
                                                        std::string_view data);

}  // namespace mlctl::container::encoding
