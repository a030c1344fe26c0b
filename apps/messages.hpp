#pragma once
// Messages on stderr besides errors and warnings. A note is a normal summary ("predicted 1309
// rows ...") printed as "mlctl: TEXT" at normal verbosity and left out with -q; a warning
// (spdlog::warn) means something is wrong.

#include <string_view>

#include <fmt/format.h>

namespace mlctl::cli {

// Set once by main() from -q.
void set_notes_enabled(bool enabled);
bool notes_enabled();
void note_line(std::string_view text);

template <typename... Args>
void note(fmt::format_string<Args...> format, Args&&... args) {
  if (notes_enabled()) note_line(fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace mlctl::cli
