// Exhaustive damage to a small model file: every truncation and every single-bit flip must be
// refused with Error(model), never loaded, never a crash.

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "container/container.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
namespace mf = mlctl::container;

namespace {

std::string small_model() {
  mf::Container c;
  c.metadata = {{"kind", "logistic"}, {"classes", {"no", "yes"}}};
  c.arrays["coef"] = mf::Array{{1, 3}, {0.5, -1.25, 3.0}};
  c.arrays["intercept"] = mf::Array{{1}, {-0.0}};
  // Lengthen the metadata until the header needs at least 3 bytes of padding, so that flips
  // in the padding are exercised too.
  for (std::size_t extra = 0;; ++extra) {
    c.metadata["note"] = std::string(extra, 'x');
    std::string bytes = mf::serialize(c);
    if (bytes.find("}   ") != std::string::npos) return bytes;
  }
}

// True if parse() refused `bytes` with Error(model).
bool refused(const std::string& bytes) {
  try {
    (void)mf::parse(bytes, "m.mlm");
  } catch (const Error& e) {
    return e.kind() == ErrorKind::model;
  }
  return false;
}

}  // namespace

TEST_CASE("container: every truncation of a model is refused") {
  const std::string bytes = small_model();
  REQUIRE_FALSE(refused(bytes));
  for (std::size_t length = 0; length < bytes.size(); ++length) {
    CAPTURE(length);
    CHECK(refused(bytes.substr(0, length)));
  }
}

TEST_CASE("container: every single-bit flip of a model is refused") {
  const std::string bytes = small_model();
  std::size_t flips = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (int bit = 0; bit < 8; ++bit) {
      std::string damaged = bytes;
      damaged[i] = static_cast<char>(damaged[i] ^ (1 << bit));
      CAPTURE(i);
      CAPTURE(bit);
      CHECK(refused(damaged));
      ++flips;
    }
  }
  CHECK(flips == 8 * bytes.size());
}

TEST_CASE("container: bytes appended to a model are refused") {
  const std::string bytes = small_model();
  CHECK(refused(bytes + '\0'));
  CHECK(refused(bytes + std::string(8, '\0')));
  CHECK(refused(bytes + bytes));
}
