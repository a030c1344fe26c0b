// Reads a CSV with mlctl::csv::Reader, touching every field: is_missing() on each, then
// parse_number() on the rest (text is counted by size). Prints the same counts as
// csv_generate's FILE.expect, so the runner can check them before trusting the time.
//
//   csv_throughput FILE [BLOCK_SIZE]
// stdout: rows=... fields=... numbers=... missing=... text_bytes=... sum=...
// stderr: CPU seconds (user + system), wall seconds, MB/s by CPU time (MB = 10^6 bytes), then
// the read's system seconds and minor page faults and the process's peak RSS (getrusage)

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include <sys/resource.h>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

namespace {

struct Usage {
  double system_seconds;
  long minor_faults;
  long peak_rss_kb;
};

Usage usage_now() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  return {static_cast<double>(usage.ru_stime.tv_sec) +
              static_cast<double>(usage.ru_stime.tv_usec) / 1e6,
          usage.ru_minflt, usage.ru_maxrss};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fputs("usage: csv_throughput FILE [BLOCK_SIZE]\n", stderr);
    return 2;
  }
  mlctl::csv::ReaderOptions options;
  if (argc == 3) options.block_size = std::strtoull(argv[2], nullptr, 10);
  try {
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    const Usage usage_start = usage_now();
    mlctl::csv::Reader reader(argv[1], options);
    std::uint64_t fields = 0, numbers = 0, missing = 0, text_bytes = 0;
    double sum = 0;
    mlctl::csv::Row row;
    while (reader.next(row)) {
      for (const auto field : row.fields) {
        ++fields;
        if (reader.is_missing(field)) {
          ++missing;
        } else if (const auto value = mlctl::csv::parse_number(field)) {
          ++numbers;
          sum += *value;
        } else {
          text_bytes += field.size();
        }
      }
    }
    // CPU time, because the machine is shared: wall time measures the neighbours too.
    const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Usage usage_end = usage_now();
    fmt::print("rows={} fields={} numbers={} missing={} text_bytes={} sum={:.17g}\n",
               reader.rows_read(), fields, numbers, missing, text_bytes, sum);
    fmt::print(stderr, "{:.3f} cpu s, {:.3f} wall s, {:.1f} MB/s, {:.3f} sys s, {} faults, {} KB\n",
               cpu_seconds, seconds, static_cast<double>(reader.bytes_read()) / 1e6 / cpu_seconds,
               usage_end.system_seconds - usage_start.system_seconds,
               usage_end.minor_faults - usage_start.minor_faults, usage_end.peak_rss_kb);
  } catch (const mlctl::Error& error) {
    fmt::print(stderr, "csv_throughput: {}\n", error.what());
    return 1;
  }
  return 0;
}
