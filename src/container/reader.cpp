// Reading model files: parse(), read_file() and looks_like_model() from container.hpp.
// The checks run from the outside in: the length prefix, the JSON, which format and version
// this is, the exact byte form of the header, the checksum, and only then the arrays. No size
// read from the file is used before it has been checked against the file's own length.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <system_error>
#include <tuple>
#include <utility>

#include <fmt/format.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/hash.hpp"
#include "container/canonical.hpp"
#include "container/container.hpp"
#include "container/encoding.hpp"

namespace mlctl::container {
namespace {

using nlohmann::json;

// Deeper "mlctl" metadata is refused so that code dumping it later cannot exhaust the stack.
constexpr int kMaxMetadataDepth = 64;
static_assert(kMaxCanonicalDepth <= kMaxMetadataDepth, "the fast path must not read deeper");

struct Entry {
  std::string name;
  std::vector<std::int64_t> shape;
  std::uint64_t count = 0;  // elements
  std::uint64_t begin = 0;  // byte offsets into the data section
  std::uint64_t end = 0;
};

struct Version {
  int major = 0;
  int minor = 0;
};

class Parser {
 public:
  Parser(std::string_view bytes, const std::string& display_name)
      : bytes_(bytes), name_(display_name) {}

  Container run() {
    const std::string_view text = header_text();
    // A header in the form mlctl writes (every valid file's) is read in the pass that checks
    // that form; any other text is parsed as JSON to find out, in the order below, what is
    // wrong with it.
    if (std::optional<json> canonical = parse_canonical_header(text)) {
      header_ = std::move(*canonical);
      canonical_ = true;
    } else {
      header_ = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
      if (header_.is_discarded()) fail("the header is not valid JSON (corrupt file?)");
    }
    if (!header_.is_object()) fail("not an mlctl model file (the header is not a JSON object)");
    Container c;
    c.format_version = check_identity();
    check_entry_types();
    check_canonical(text);
    check_checksum(text);
    const std::vector<Entry> entries = check_layout();
    c.metadata = model_metadata();
    for (const Entry& entry : entries) c.arrays.emplace(entry.name, decode(entry));
    return c;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const {
    throw Error(ErrorKind::model, message, Location{name_});
  }

  // The JSON text between the length prefix and the data section; sets data_.
  std::string_view header_text() {
    if (bytes_.empty()) fail("empty file");
    if (!looks_like_model(bytes_)) fail("not an mlctl model file");
    const std::uint64_t length = encoding::read_u64(bytes_.data());
    const std::uint64_t available = bytes_.size() - encoding::kLengthBytes;
    if (length > available) {
      fail(fmt::format("truncated file: the header needs {} bytes but only {} follow", length,
                       available));
    }
    if ((encoding::kLengthBytes + length) % encoding::kAlignment != 0) {
      fail(fmt::format("corrupt file: header length {} does not align the data section", length));
    }
    const auto header_end = static_cast<std::size_t>(encoding::kLengthBytes + length);
    data_ = bytes_.substr(header_end);
    return bytes_.substr(encoding::kLengthBytes, static_cast<std::size_t>(length));
  }

  // Returns the format version after checking this is an mlctl model of a version we read.
  std::string check_identity() {
    const auto metadata = header_.find("__metadata__");
    const auto foreign = [&] {
      fail("not an mlctl model file (a safetensors file from another tool?)");
    };
    if (metadata == header_.end() || !metadata->is_object()) foreign();
    for (const auto& [key, value] : metadata->items()) {
      if (!value.is_string())
        fail(fmt::format("corrupt header: __metadata__ entry '{}' is not a string", key));
    }
    const auto format = metadata->find("format");
    if (format == metadata->end() || *format != kFormatName) foreign();

    const auto version_entry = metadata->find("format_version");
    if (version_entry == metadata->end()) fail("corrupt header: no format_version");
    const std::string version_text = version_entry->get<std::string>();
    const std::optional<Version> version = parse_version(version_text);
    if (!version) fail(fmt::format("corrupt header: invalid format_version '{}'", version_text));
    if (version->major > kFormatMajor) {
      fail(fmt::format(
          "model format {} is newer than this mlctl supports (it reads {}.x and writes {}); "
          "upgrade mlctl",
          version_text, kFormatMajor, kFormatVersion));
    }
    if (version->major < kFormatMajor) {
      fail(fmt::format("model format {} is not supported by this mlctl ({}.x)", version_text,
                       kFormatMajor));
    }
    for (const char* key : {"checksum", "mlctl"}) {
      if (!metadata->contains(key))
        fail(fmt::format("corrupt header: no '{}' in __metadata__", key));
    }
    return version_text;
  }

  static std::optional<Version> parse_version(std::string_view text) {
    Version v;
    const char* const last = text.data() + text.size();
    auto [dot, ec] = std::from_chars(text.data(), last, v.major);
    if (ec != std::errc() || dot == text.data() || dot == last || *dot != '.') return std::nullopt;
    auto [end, ec2] = std::from_chars(dot + 1, last, v.minor);
    if (ec2 != std::errc() || end == dot + 1 || end != last) return std::nullopt;
    if (v.major < 0 || v.minor < 0) return std::nullopt;
    return v;
  }

  // Every array entry has exactly the three safetensors fields with JSON types we accept. After
  // this the header is at most three levels deep, so dumping it cannot recurse deeply.
  void check_entry_types() const {
    for (const auto& [name, entry] : header_.items()) {
      if (name == "__metadata__") continue;
      const auto bad = [&, &array_name = name](const std::string& what) {
        fail(fmt::format("corrupt header: array '{}' {}", array_name, what));
      };
      if (!entry.is_object() || entry.size() != 3 || !entry.contains("dtype") ||
          !entry.contains("shape") || !entry.contains("data_offsets")) {
        bad("must have exactly the fields dtype, shape and data_offsets");
      }
      if (!entry["dtype"].is_string()) bad("has a dtype that is not a string");
      const json& shape = entry["shape"];
      if (!shape.is_array()) bad("has a shape that is not a list");
      for (const json& dim : shape) {
        if (!dim.is_number_unsigned())
          bad("has a shape that is not a list of non-negative integers");
      }
      const json& offsets = entry["data_offsets"];
      if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() ||
          !offsets[1].is_number_unsigned()) {
        bad("has data_offsets that are not two non-negative integers");
      }
    }
  }

  // mlctl writes exactly one byte sequence for a given content (sorted keys, no spaces, minimal
  // padding). Requiring that form means a change anywhere in the header, even in the padding,
  // either breaks the JSON, breaks the form, or changes the content the checksum covers.
  // The text is checked as it is (canonical.hpp): the same verdict as comparing it with
  // header_.dump() and the padding, without writing the header out again. A header read by
  // parse_canonical_header passed this check as it was read.
  void check_canonical(std::string_view text) const {
    if (!canonical_ && !is_canonical_header(text)) {
      fail("corrupt file: the header is not in the form mlctl writes");
    }
  }

  // `text` is canonical (check_canonical): the checksum is taken over its bytes as read.
  void check_checksum(std::string_view text) const {
    const auto& stored = header_["__metadata__"]["checksum"].get_ref<const std::string&>();
    const std::string_view prefix = encoding::kChecksumPrefix;
    const std::optional<std::uint64_t> expected =
        stored.starts_with(prefix) ? parse_hex64(std::string_view(stored).substr(prefix.size()))
                                   : std::nullopt;
    if (!expected) fail(fmt::format("corrupt header: invalid checksum '{}'", stored));
    const std::string_view json_text = text.substr(0, text.find_last_not_of(' ') + 1);
    if (encoding::canonical_content_checksum(json_text, stored, data_) != expected) {
      fail("checksum mismatch: the file is corrupt");
    }
  }

  // The arrays, checked to tile the data section exactly, in name order.
  std::vector<Entry> check_layout() const {
    std::vector<Entry> entries;
    for (const auto& [name, item] : header_.items()) {
      if (name == "__metadata__") continue;
      Entry entry;
      entry.name = name;
      const auto bad = [&](const std::string& what) {
        fail(fmt::format("corrupt header: array '{}' {}", entry.name, what));
      };
      const std::string dtype = item["dtype"].get<std::string>();
      if (dtype != "F64") bad(fmt::format("has dtype {}; only F64 is supported", dtype));
      entry.count = 1;
      for (const json& dim : item["shape"]) {
        const auto size = dim.get<std::uint64_t>();
        if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
            __builtin_mul_overflow(entry.count, size, &entry.count)) {
          bad(fmt::format("has shape {} whose size overflows", item["shape"].dump()));
        }
        entry.shape.push_back(static_cast<std::int64_t>(size));
      }
      entry.begin = item["data_offsets"][0].get<std::uint64_t>();
      entry.end = item["data_offsets"][1].get<std::uint64_t>();
      const std::string offsets = fmt::format("data_offsets [{}, {}]", entry.begin, entry.end);
      if (entry.begin > entry.end) bad(fmt::format("has reversed {}", offsets));
      if (entry.end > data_.size()) {
        bad(fmt::format("has {} past the end of the data ({} bytes)", offsets, data_.size()));
      }
      const std::uint64_t bytes = entry.end - entry.begin;
      // Division, not count * 8, so that a huge count cannot overflow.
      if (bytes % 8 != 0 || bytes / 8 != entry.count) {
        bad(fmt::format("has shape {} ({} values) but {} ({} bytes)", item["shape"].dump(),
                        entry.count, offsets, bytes));
      }
      entries.push_back(std::move(entry));
    }

    std::vector<const Entry*> by_offset;
    for (const Entry& entry : entries) by_offset.push_back(&entry);
    std::sort(by_offset.begin(), by_offset.end(), [](const Entry* a, const Entry* b) {
      return std::tie(a->begin, a->end, a->name) < std::tie(b->begin, b->end, b->name);
    });
    std::uint64_t expected = 0;
    for (std::size_t i = 0; i < by_offset.size(); ++i) {
      const Entry& entry = *by_offset[i];
      if (entry.begin < expected) {
        fail(fmt::format("corrupt header: array '{}' overlaps array '{}'", entry.name,
                         by_offset[i - 1]->name));
      }
      if (entry.begin > expected) {
        fail(fmt::format("corrupt header: {} unused bytes before array '{}'",
                         entry.begin - expected, entry.name));
      }
      // Writers store arrays in name order; anything else did not come from mlctl.
      if (by_offset[i] != &entries[i]) {
        fail(fmt::format("corrupt header: array '{}' is not stored in name order", entry.name));
      }
      expected = entry.end;
    }
    if (expected != data_.size()) {
      fail(fmt::format("corrupt file: {} trailing bytes after the last array",
                       data_.size() - expected));
    }
    return entries;
  }

  json model_metadata() const {
    const auto& text = header_["__metadata__"]["mlctl"].get_ref<const std::string&>();
    // mlctl wrote it with dump(): read on the fast path, which nests at most
    // kMaxCanonicalDepth levels; anything else is checked and parsed to find what is wrong.
    std::optional<json> metadata = parse_dumped_json(text);
    if (!metadata) {
      if (nesting_depth(text) > kMaxMetadataDepth) {
        fail(fmt::format("corrupt header: the mlctl metadata nests deeper than {} levels",
                         kMaxMetadataDepth));
      }
      metadata = json::parse(text, nullptr, /*allow_exceptions=*/false);
    }
    if (metadata->is_discarded() || !metadata->is_object()) {
      fail("corrupt header: the mlctl metadata is not a JSON object");
    }
    return std::move(*metadata);
  }

  // The deepest nesting of [ and { outside strings; enough to bound it before parsing.
  static int nesting_depth(std::string_view text) {
    int depth = 0;
    int deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
      if (in_string) {
        if (escaped) {
          escaped = false;
        } else if (c == '\\') {
          escaped = true;
        } else if (c == '"') {
          in_string = false;
        }
      } else if (c == '"') {
        in_string = true;
      } else if (c == '[' || c == '{') {
        deepest = std::max(deepest, ++depth);
      } else if (c == ']' || c == '}') {
        --depth;
      }
    }
    return deepest;
  }

  Array decode(const Entry& entry) const {
    Array array;
    array.shape = entry.shape;
    // count was checked against the data section's length in check_layout().
    array.values.resize(static_cast<std::size_t>(entry.count));
    const char* p = data_.data() + entry.begin;
    for (double& value : array.values) {
      value = encoding::read_f64(p);
      p += 8;
      if (!std::isfinite(value)) {
        fail(fmt::format("corrupt file: array '{}' holds a non-finite value", entry.name));
      }
    }
    return array;
  }

  std::string_view bytes_;
  const std::string& name_;
  std::string_view data_;
  json header_;
  bool canonical_ = false;  // read by parse_canonical_header
};

}  // namespace

bool looks_like_model(std::string_view first_bytes) {
  if (first_bytes.size() <= encoding::kLengthBytes) return false;
  const std::uint64_t length = encoding::read_u64(first_bytes.data());
  return length >= 2 && length <= kMaxHeaderBytes && first_bytes[encoding::kLengthBytes] == '{';
}

Container parse(std::string_view bytes, const std::string& display_name) {
  return Parser(bytes, display_name).run();
}

Container read_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw Error(ErrorKind::model, "not an mlctl model file (it is a directory)", Location{path});
  }
  return parse(read_file_limited(path, kMaxFileBytes), path);
}

}  // namespace mlctl::container
