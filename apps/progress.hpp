#pragma once
// A progress line on stderr for long reads: bytes and rows so far, speed, elapsed time and an
// estimate when the input's size is known. Only on a terminal and without --quiet, so pipes and
// CI logs never see it; redrawn at most ten times a second and erased when done.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "csv/reader.hpp"

namespace mlctl::cli {

class Progress {
 public:
  // Enabled when stderr is a terminal and `quiet` is false.
  Progress(std::string label, bool quiet);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void update(const csv::ReadProgress& read);
  // Draws "label: text" (e.g. a solver's iteration), throttled like update() unless `now` (the
  // first line of a new stage, which should not wait).
  void update(const std::string& text, bool now = false);
  // Erases the line (nothing else is printed).
  void finish();
  bool enabled() const { return enabled_; }
  // The whole read, for -v: "reading data.csv: 206.3 MB, 1000000 rows, 1021.4 MB/s, 0.2 s
  // elapsed", timed from construction; on a terminal or not. The bytes are the input's size when
  // it has one, else the last update's.
  std::string read_summary(std::uint64_t rows) const;

  // The line itself, for tests: "reading data.csv: 12.3 MB of 98.0 MB (13%), 120000 rows,
  // 85.1 MB/s, 0.1 s elapsed, about 1 s left".
  static std::string format(const std::string& label, std::uint64_t bytes,
                            std::optional<std::uint64_t> total, std::uint64_t rows, double seconds);

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  csv::ReadProgress last_read_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace mlctl::cli
