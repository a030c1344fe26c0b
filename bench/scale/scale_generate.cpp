// Writes the scale benchmark's data (issue #15, bench/scale/README.md): large CSV files with a
// target, deterministically, in one streaming pass (memory stays at a few kilobytes).
//
//   scale_generate reg|clf ROWS FILE
//
// Both: x0..x19, each normal with its own mean (-50..50) and scale (0.01..1000, log-uniform),
// written with 7 significant digits as bench/models/generate.py writes its 1M files. reg adds
// y = 3 + sum beta_j (x_j - mean_j) + N(0, 1) (ridge); clf adds label yes/no drawn with
// P(yes) = sigmoid(0.5 + sum beta_j (x_j - mean_j)) (logistic); each feature moves the
// target by O(1) per standard deviation. Same arguments, same bytes: the random numbers come
// from a fixed-seed splitmix64. 50M rows make about 9.7 GB per file.

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "../splitmix64.hpp"
#include "../text_output.hpp"

namespace {

constexpr int kFeatures = 20;

struct Shape {
  std::array<double, kFeatures> mean{}, scale{}, beta{};
};

Shape shape_of(SplitMix64& random) {
  Shape s;
  for (int j = 0; j < kFeatures; ++j) {
    s.mean[j] = random.uniform(-50, 50);
    s.scale[j] = std::pow(10.0, random.uniform(-2, 3));
    s.beta[j] = random.uniform(-1, 1) / s.scale[j];
  }
  return s;
}

int generate(bool classification, std::uint64_t rows, std::FILE* out) {
  SplitMix64 random(classification ? 20240612 : 20240611);
  const Shape s = shape_of(random);
  fmt::memory_buffer line;
  for (int j = 0; j < kFeatures; ++j) fmt::format_to(std::back_inserter(line), "x{},", j);
  line.append(std::string_view(classification ? "label\n" : "y\n"));
  for (std::uint64_t r = 0; r < rows; ++r) {
    double z = 0;
    for (int j = 0; j < kFeatures; ++j) {
      const double x = s.mean[j] + s.scale[j] * random.normal();
      fmt::format_to(std::back_inserter(line), "{:.7g},", x);
      z += s.beta[j] * (x - s.mean[j]);
    }
    if (classification) {
      const double p = 1.0 / (1.0 + std::exp(-(0.5 + z)));
      line.append(std::string_view(random.uniform(0, 1) < p ? "yes\n" : "no\n"));
    } else {
      fmt::format_to(std::back_inserter(line), "{:.7g}\n", 3.0 + z + random.normal());
    }
    if (!write_out(line, out)) return 1;
  }
  return write_out(line, out, true) && std::fflush(out) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view kind = argc == 4 ? argv[1] : "";
  if (kind != "reg" && kind != "clf") {
    std::fputs("usage: scale_generate reg|clf ROWS FILE\n", stderr);
    return 2;
  }
  const std::uint64_t rows = std::strtoull(argv[2], nullptr, 10);
  const std::string path = argv[3];
  const std::string temporary = path + ".tmp";
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (out == nullptr) {
    std::perror(temporary.c_str());
    return 1;
  }
  const int failed = generate(kind == "clf", rows, out);
  if (std::fclose(out) != 0 || failed != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::perror(path.c_str());
    std::remove(temporary.c_str());
    return 1;
  }
  return 0;
}
