#pragma once
// Which field values mean "missing". Internal to src/csv/; called once per field, so the
// default tokens are matched with a length switch and one masked integer compare.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace mlctl::csv {

class MissingTokens {
 public:
  explicit MissingTokens(std::vector<std::string> extra = {});

  // True for "", NA, N/A, NaN, null (any case) and the extra tokens (exact match).
  bool matches(std::string_view field) const {
    if (field.size() <= 4 && is_default(field)) return true;
    return !extra_.empty() && matches_extra(field);
  }

 private:
  static bool is_default(std::string_view field);
  bool matches_extra(std::string_view field) const;

  std::vector<std::string> extra_;
  std::uint64_t extra_lengths_ = 0;  // bit n set: some extra token has length n (63 = longer)
};

}  // namespace mlctl::csv
