#include "csv/reopen.hpp"

#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "common/error.hpp"

namespace mlctl::csv {
namespace {

constexpr const char* kStdinName = "<stdin>";

bool is_regular_file(const std::string& display_name) {
  struct stat info {};
  if (display_name == kStdinName) return ::fstat(STDIN_FILENO, &info) == 0 && S_ISREG(info.st_mode);
  return ::stat(display_name.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

bool can_reopen(const Reader& reader) {
  if (reader.block() != nullptr || reader.in_memory()) return false;
  return is_regular_file(reader.display_name());
}

bool reads_stdin(const Reader& reader) {
  return reader.display_name() == kStdinName;
}

std::optional<Reader> reopen(const Reader& reader) {
  if (!can_reopen(reader)) return std::nullopt;
  ReaderOptions options = reader.options();
  options.delimiter = reader.delimiter();  // as chosen the first time (sniffed or by the name)
  options.hash_input = false;
  // Opening /dev/stdin anew reads a redirected file from its start, whatever was read of it.
  const std::string& name = reader.display_name();
  if (const ByteRange* range = reader.range()) return Reader(name, *range, std::move(options));
  Reader again(name == kStdinName ? std::string("/dev/stdin") : name, std::move(options));
  if (again.header() != reader.header()) {
    throw Error(ErrorKind::io, "the input changed while it was read (its header differs)", {name});
  }
  return again;
}

}  // namespace mlctl::csv
