#include "csv/header.hpp"

#include <unordered_map>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/utf8.hpp"

namespace mlctl::csv {

std::vector<std::string> validated_header(std::span<const std::string_view> names,
                                          const std::string& file, std::uint64_t line) {
  std::unordered_map<std::string_view, std::size_t> seen;
  seen.reserve(names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::size_t column = i + 1;
    const Location where{file, line, column};
    if (names[i].empty()) {
      throw Error(ErrorKind::data, fmt::format("column {} has an empty name", column), where);
    }
    if (!is_valid_utf8(names[i])) {
      throw Error(ErrorKind::data, fmt::format("column {}'s name is not valid UTF-8", column),
                  where);
    }
    // {:?} quotes the name and escapes line breaks, keeping the message on one line.
    const auto [previous, inserted] = seen.emplace(names[i], column);
    if (!inserted) {
      throw Error(
          ErrorKind::data,
          fmt::format("duplicate column name {:?} (also column {})", names[i], previous->second),
          where);
    }
  }
  return {names.begin(), names.end()};
}

}  // namespace mlctl::csv
