#pragma once
// Counts in messages: "1 row", "2 rows", "0 rows". One helper, so that no message says "1 rows".

#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl {

// "1 row", "2 rows"; `plural_form` for irregular nouns ("1 class", "2 classes" need it too,
// since only an "s" is added otherwise).
std::string count_of(std::uint64_t n, std::string_view singular, std::string_view plural_form = {});

}  // namespace mlctl
