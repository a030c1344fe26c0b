#pragma once
// The .mlm model file: named float64 arrays plus JSON metadata, in a safe binary container
// that is also a valid safetensors file (docs/model-format.md has the byte layout).
//
// Safe means: nothing in a file is ever executed; every size and offset is checked against the
// file's length before it is used (so a hostile file cannot make us allocate more than its own
// size or read out of bounds); the header must be in canonical form and an xxh3-64 checksum
// covers the rest, so any corruption, down to a single flipped bit, is refused; the version is
// explicit and a newer major version is refused with a clear message.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace mlctl::container {

// The format this mlctl writes. Files with the same major version load (a newer minor only
// adds things an older reader may ignore); a newer major version is refused.
inline constexpr int kFormatMajor = 1;
inline constexpr int kFormatMinor = 1;
inline constexpr const char* kFormatVersion = "1.1";
inline constexpr const char* kFormatName = "mlctl-model";

// Larger model files are refused before being read.
inline constexpr std::uint64_t kMaxFileBytes = std::uint64_t{1} << 32;
// The header length safetensors' own reader accepts at most.
inline constexpr std::uint64_t kMaxHeaderBytes = 100'000'000;

struct Array {
  std::vector<std::int64_t> shape;  // an empty shape is a scalar (one value)
  std::vector<double> values;       // row-major; finite values only
};

struct Container {
  nlohmann::json metadata = nlohmann::json::object();  // the "mlctl" entry
  std::map<std::string, Array> arrays;                 // name -> array
  std::string format_version = kFormatVersion;         // as read; writers use the current one
};

// The file's bytes. Deterministic: equal containers give identical bytes. Throws
// Error(internal) for a container no file may hold: a NaN or infinite value, a shape that does
// not match the values, an empty or reserved ("__metadata__") array name, metadata that is
// not a JSON object.
std::string serialize(const Container& c);

// Reads a file's bytes; `display_name` names the file in error messages. Throws
// Error(ErrorKind::model) for anything that is not a valid model file of a supported version.
Container parse(std::string_view bytes, const std::string& display_name);

// Error(io) if the file cannot be read, Error(model) if it is not a valid model file.
Container read_file(const std::string& path);

// Writes atomically (common/atomic_file.hpp): an existing file is replaced only once the new
// one is complete and synced.
void write_file(const std::string& path, const Container& c);

// True if the first bytes look like one of our files (for `describe` dispatching on content).
// Eight bytes of plausible header length followed by '{'; a safetensors file from another
// tool also passes, and parse() then says what it is.
bool looks_like_model(std::string_view first_bytes);

}  // namespace mlctl::container
