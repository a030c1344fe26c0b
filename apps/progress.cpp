#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

#include <fmt/format.h>

namespace mlctl::cli {

Progress::Progress(std::string label, bool quiet)
    : label_(std::move(label)),
      enabled_(!quiet && ::isatty(STDERR_FILENO) == 1),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_ - std::chrono::seconds(1)) {}  // the first update draws at once

Progress::~Progress() {
  finish();
}

std::string Progress::format(const std::string& label, std::uint64_t bytes,
                             std::optional<std::uint64_t> total, std::uint64_t rows,
                             double seconds) {
  const double mb = static_cast<double>(bytes) / 1e6;
  std::string line = fmt::format("{}: {:.1f} MB", label, mb);
  if (total && *total > 0) {
    line += fmt::format(" of {:.1f} MB ({:.0f}%)", static_cast<double>(*total) / 1e6,
                        100.0 * static_cast<double>(bytes) / static_cast<double>(*total));
  }
  line += fmt::format(", {} rows", rows);
  if (seconds > 0) line += fmt::format(", {:.1f} MB/s", mb / seconds);
  line += fmt::format(", {:.1f} s elapsed", seconds);
  if (total && bytes > 0 && *total > bytes && seconds > 0) {
    const double left = seconds * static_cast<double>(*total - bytes) / static_cast<double>(bytes);
    line += fmt::format(", about {:.0f} s left", left);
  }
  return line;
}

void Progress::update(const csv::ReadProgress& read) {
  last_read_ = read;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double seconds = std::chrono::duration<double>(now - start_).count();
  const std::string line = format(label_, read.bytes, read.total_bytes, read.rows, seconds);
  std::fprintf(stderr, "\r\033[K%s", line.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::update(const std::string& text, bool now) {
  if (!enabled_) return;
  const auto time = std::chrono::steady_clock::now();
  if (!now && time - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = time;
  std::fprintf(stderr, "\r\033[K%s: %s", label_.c_str(), text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

std::string Progress::read_summary(std::uint64_t rows) const {
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return format(label_, last_read_.total_bytes.value_or(last_read_.bytes), std::nullopt, rows,
                seconds);
}

void Progress::finish() {
  if (!drawn_) return;
  std::fputs("\r\033[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace mlctl::cli
