#include "csv/missing.hpp"

#include <algorithm>
#include <cstring>

namespace mlctl::csv {

namespace {

constexpr std::uint64_t length_bit(std::size_t length) {
  return std::uint64_t{1} << std::min<std::size_t>(length, 63);
}

}  // namespace

MissingTokens::MissingTokens(std::vector<std::string> extra) : extra_(std::move(extra)) {
  for (const auto& token : extra_) extra_lengths_ |= length_bit(token.size());
}

bool MissingTokens::matches_extra(std::string_view field) const {
  if ((extra_lengths_ & length_bit(field.size())) == 0) return false;
  return std::find(extra_.begin(), extra_.end(), field) != extra_.end();
}

}  // namespace mlctl::csv
