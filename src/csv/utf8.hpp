#pragma once
// UTF-8 validation for column names. Internal to src/csv/.

#include <string_view>

namespace mlctl::csv {

// Well-formed UTF-8 as in RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF.
bool is_valid_utf8(std::string_view text);

}  // namespace mlctl::csv
