#include "messages.hpp"

#include <cstdio>

namespace mlctl::cli {
namespace {
bool g_notes = true;
}  // namespace

void set_notes_enabled(bool enabled) {
  g_notes = enabled;
}

bool notes_enabled() {
  return g_notes;
}

void note_line(std::string_view text) {
  fmt::print(stderr, "mlctl: {}\n", text);
}

}  // namespace mlctl::cli
