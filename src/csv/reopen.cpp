#include "csv/reopen.hpp"

#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include "common/error.hpp"
#include "csv/reader_access.hpp"

namespace mlctl::csv {
namespace {

constexpr const char* kStdinName = "<stdin>";

bool is_regular_file(const detail::ReaderSetup& setup) {
  struct stat info {};
  if (setup.display_name == kStdinName)
    return ::fstat(STDIN_FILENO, &info) == 0 && S_ISREG(info.st_mode);
  return ::stat(setup.display_name.c_str(), &info) == 0 && S_ISREG(info.st_mode);
}

}  // namespace

bool can_reopen(const Reader& reader) {
  if (detail::ReaderAccess::block_of(reader) != nullptr) return false;
  return is_regular_file(*detail::ReaderAccess::setup(reader));
}

std::optional<Reader> reopen(const Reader& reader) {
  if (!can_reopen(reader)) return std::nullopt;
  const auto setup = detail::ReaderAccess::setup(reader);
  ReaderOptions options = setup->options;
  options.delimiter = setup->delimiter;  // as chosen the first time (sniffed or by the name)
  options.hash_input = false;
  // Opening /dev/stdin anew reads a redirected file from its start, whatever was read of it.
  Reader again(setup->display_name == kStdinName ? std::string("/dev/stdin") : setup->display_name,
               std::move(options));
  if (again.header() != setup->header) {
    throw Error(ErrorKind::io, "the input changed while it was read (its header differs)",
                {setup->display_name});
  }
  return again;
}

}  // namespace mlctl::csv
