#pragma once
// The generators' output: rows formatted into one buffer, written out a megabyte at a time, so
// that a 50 GB file costs neither a write per row nor the whole file in memory.

#include <cstdio>

#include <fmt/format.h>

// Writes `text` to `out` and empties it once it holds over 1 MB, or always with `all`.
// False when the write fails.
inline bool write_out(fmt::memory_buffer& text, std::FILE* out, bool all = false) {
  if (!all && text.size() <= (1u << 20)) return true;
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) return false;
  text.clear();
  return true;
}
