// Writes 20 numeric columns of four kinds with a target, deterministically (issue #16: "one data
// shape is not a benchmark"), in one streaming pass.
//
//   kinds_generate reg|clf|multi ROWS FILE
//
// Column x<j> is of kind j % 4: normal, lognormal, uniform, or integers written without
// decimals. Scales run from 0.01 to 1000 (20 log-spaced values, shuffled over the columns;
// integers from 1 up) and the decimals written from 0 to 7 (more for small scales, none for
// integers). reg adds y = 3 + sum beta_j s_j + N(0, 1) (ridge), where s_j is x_j standardised
// by its kind's mean and standard deviation; clf adds yes/no with P(yes) =
// sigmoid(0.5 + sum beta_j s_j) (binary logistic); multi adds a/b/c drawn from a softmax of
// three such sums (multinomial). Same arguments, same bytes: the random numbers come from a
// fixed-seed splitmix64 and the text from fmt.

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "splitmix64.hpp"
#include "text_output.hpp"

namespace {

constexpr int kFeatures = 20;
constexpr int kClasses = 3;  // multi

enum class Kind { normal, lognormal, uniform, integer };
constexpr std::array<std::string_view, 4> kKindNames = {"normal", "lognormal", "uniform",
                                                        "integer"};

struct Feature {
  Kind kind = Kind::normal;
  double offset = 0;  // added to every value
  double scale = 1;
  int decimals = 0;
  double mean = 0;  // of the values, for the target
  double sd = 1;
};

std::array<Feature, kFeatures> features_of(SplitMix64& random) {
  std::array<int, kFeatures> rank{};  // a shuffle of 0..19: which of the scales each column gets
  for (int j = 0; j < kFeatures; ++j) rank[j] = j;
  for (int j = kFeatures - 1; j > 0; --j) std::swap(rank[j], rank[random.below(j + 1)]);
  std::array<Feature, kFeatures> features{};
  for (int j = 0; j < kFeatures; ++j) {
    Feature& f = features[j];
    f.kind = static_cast<Kind>(j % 4);
    const double exponent = -2.0 + 5.0 * rank[j] / (kFeatures - 1);  // 0.01 .. 1000
    // Enough decimals to tell the values apart, plus 0-4 more: 0 to 7 over the columns.
    const int needed = std::max(0, 1 - static_cast<int>(std::floor(exponent)));
    f.decimals = std::min(7, needed + static_cast<int>(random.below(5)));
    f.scale = std::pow(10.0, exponent);
    f.offset = random.uniform(-50, 50);
    switch (f.kind) {
      case Kind::normal:
        f.mean = f.offset;
        f.sd = f.scale;
        break;
      case Kind::lognormal:  // offset + scale * exp(N(0, 1))
        f.mean = f.offset + f.scale * std::exp(0.5);
        f.sd = f.scale * std::sqrt((std::exp(1.0) - 1.0) * std::exp(1.0));
        break;
      case Kind::uniform:  // offset + scale * U(-1, 1)
        f.mean = f.offset;
        f.sd = f.scale / std::sqrt(3.0);
        break;
      case Kind::integer:  // round(offset + scale * N(0, 1)), scales 1 .. 1000
        f.scale = std::pow(10.0, 0.6 * (exponent + 2.0));
        f.offset = std::round(f.offset);
        f.decimals = 0;
        f.mean = f.offset;
        f.sd = f.scale;
        break;
    }
  }
  // Both ends of the decimals' range: the smallest scale with 7, the largest with none.
  Feature* smallest = nullptr;
  Feature* largest = nullptr;
  for (Feature& f : features) {
    if (f.kind == Kind::integer) continue;
    if (smallest == nullptr || f.scale < smallest->scale) smallest = &f;
    if (largest == nullptr || f.scale > largest->scale) largest = &f;
  }
  smallest->decimals = 7;
  largest->decimals = 0;
  return features;
}

double draw(const Feature& f, SplitMix64& random) {
  switch (f.kind) {
    case Kind::normal:
      return f.offset + f.scale * random.normal();
    case Kind::lognormal:
      return f.offset + f.scale * std::exp(random.normal());
    case Kind::uniform:
      return f.offset + f.scale * random.uniform(-1, 1);
    case Kind::integer:
      return std::round(f.offset + f.scale * random.normal());
  }
  return 0;
}

enum class Target { reg, clf, multi };

int generate(Target target, std::uint64_t rows, std::FILE* out) {
  // The same columns in every file; the rows and the target's coefficients differ.
  SplitMix64 shape(20261216);
  const auto features = features_of(shape);
  SplitMix64 random(20261217 + static_cast<std::uint64_t>(target));
  std::array<std::array<double, kFeatures>, kClasses> beta{};
  for (auto& b : beta) {
    for (auto& v : b) v = target == Target::reg ? random.uniform(-2, 2) : random.uniform(-1, 1);
  }
  for (int j = 0; j < kFeatures; ++j) {
    const Feature& f = features[j];
    std::fprintf(stderr, "x%d: %s, scale %.3g, %d decimals\n", j,
                 kKindNames[static_cast<int>(f.kind)].data(), f.scale, f.decimals);
  }
  fmt::memory_buffer line;
  for (int j = 0; j < kFeatures; ++j) fmt::format_to(std::back_inserter(line), "x{},", j);
  line.append(std::string_view(target == Target::reg ? "y\n" : "label\n"));
  for (std::uint64_t r = 0; r < rows; ++r) {
    std::array<double, kClasses> z{};
    for (int j = 0; j < kFeatures; ++j) {
      const Feature& f = features[j];
      const double x = draw(f, random);
      fmt::format_to(std::back_inserter(line), "{:.{}f},", x, f.decimals);
      const double s = (x - f.mean) / f.sd;
      for (int k = 0; k < kClasses; ++k) z[k] += beta[k][j] * s;
    }
    if (target == Target::reg) {
      fmt::format_to(std::back_inserter(line), "{:.7g}\n", 3.0 + z[0] + random.normal());
    } else if (target == Target::clf) {
      const double p = 1.0 / (1.0 + std::exp(-(0.5 + z[0])));
      line.append(std::string_view(random.uniform(0, 1) < p ? "yes\n" : "no\n"));
    } else {
      double total = 0;
      for (auto& v : z) total += (v = std::exp(v));
      double u = random.uniform(0, total);
      int k = 0;
      while (k < kClasses - 1 && u >= z[k]) u -= z[k++];
      line.append(std::string_view(k == 0 ? "a\n" : k == 1 ? "b\n" : "c\n"));
    }
    if (!write_out(line, out)) return 1;
  }
  return write_out(line, out, true) && std::fflush(out) == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view kind = argc == 4 ? argv[1] : "";
  if (kind != "reg" && kind != "clf" && kind != "multi") {
    std::fputs("usage: kinds_generate reg|clf|multi ROWS FILE\n", stderr);
    return 2;
  }
  const Target target = kind == "reg" ? Target::reg : kind == "clf" ? Target::clf : Target::multi;
  const std::uint64_t rows = std::strtoull(argv[2], nullptr, 10);
  const std::string path = argv[3];
  const std::string temporary = path + ".tmp";
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (out == nullptr) {
    std::perror(temporary.c_str());
    return 1;
  }
  const int failed = generate(target, rows, out);
  if (std::fclose(out) != 0 || failed != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::perror(path.c_str());
    std::remove(temporary.c_str());
    return 1;
  }
  return 0;
}
