#include "common/plural.hpp"

#include <fmt/format.h>

namespace mlctl {

std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural_form) {
  if (n == 1) return fmt::format("1 {}", singular);
  if (plural_form.empty()) return fmt::format("{} {}s", n, singular);
  return fmt::format("{} {}", n, plural_form);
}

}  // namespace mlctl
