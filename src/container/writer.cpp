// Writing model files: serialize() and write_file() from container.hpp.

#include <cmath>
#include <cstdint>
#include <limits>

#include <fmt/format.h>

#include "common/atomic_file.hpp"
#include "common/error.hpp"
#include "common/hash.hpp"
#include "container/container.hpp"
#include "container/encoding.hpp"

namespace mlctl::container {
namespace {

using nlohmann::json;

// A container that cannot be written is a bug in the caller, not bad user input.
Error internal(const std::string& message) {
  return Error(ErrorKind::internal, "cannot serialize model: " + message);
}

std::uint64_t element_count(const std::string& name, const Array& array) {
  std::uint64_t count = 1;
  for (const std::int64_t dim : array.shape) {
    if (dim < 0) throw internal(fmt::format("array '{}' has a negative dimension", name));
    if (__builtin_mul_overflow(count, static_cast<std::uint64_t>(dim), &count)) {
      throw internal(fmt::format("array '{}' has a shape whose size overflows", name));
    }
  }
  return count;
}

void check_array(const std::string& name, const Array& array) {
  if (name.empty()) throw internal("an array has an empty name");
  if (name == "__metadata__") throw internal("'__metadata__' is reserved, not an array name");
  const std::uint64_t count = element_count(name, array);
  if (count != array.values.size()) {
    throw internal(fmt::format("array '{}' has shape [{}] ({} values) but holds {} values", name,
                               fmt::join(array.shape, ", "), count, array.values.size()));
  }
  for (std::size_t i = 0; i < array.values.size(); ++i) {
    if (!std::isfinite(array.values[i])) {
      throw internal(fmt::format("array '{}' holds {} at index {}; only finite values are allowed",
                                 name, array.values[i], i));
    }
  }
}

}  // namespace

std::string serialize(const Container& c) {
  if (!c.metadata.is_object()) throw internal("the metadata is not a JSON object");
  try {
    json header = json::object();
    std::string data;
    std::size_t values = 0;
    for (const auto& entry : c.arrays) values += entry.second.values.size();
    data.reserve(8 * values);
    std::uint64_t offset = 0;
    // std::map and nlohmann's objects both order keys bytewise, so the data section is laid
    // out in the same order as the header lists the arrays.
    for (const auto& [name, array] : c.arrays) {
      check_array(name, array);
      for (const double value : array.values) encoding::append_f64(data, value);
      const std::uint64_t end = offset + 8 * std::uint64_t{array.values.size()};
      json shape = json::array();
      for (const std::int64_t dim : array.shape) shape.push_back(static_cast<std::uint64_t>(dim));
      header[name] = {
          {"dtype", "F64"}, {"shape", std::move(shape)}, {"data_offsets", {offset, end}}};
      offset = end;
    }
    header["__metadata__"] = {
        {"format", kFormatName}, {"format_version", kFormatVersion}, {"mlctl", c.metadata.dump()}};
    const std::uint64_t checksum = encoding::content_checksum(header, data);
    header["__metadata__"]["checksum"] = encoding::kChecksumPrefix + to_hex64(checksum);

    std::string text = header.dump();
    text.append(encoding::padding_after(text.size()), ' ');
    std::string bytes;
    bytes.reserve(encoding::kLengthBytes + text.size() + data.size());
    encoding::append_u64(bytes, text.size());
    bytes += text;
    bytes += data;
    return bytes;
  } catch (const json::exception& e) {
    // dump() refuses strings that are not UTF-8 (in array names or metadata).
    throw internal(e.what());
  }
}

void write_file(const std::string& path, const Container& c) {
  write_file_atomically(path, serialize(c));
}

}  // namespace mlctl::container
