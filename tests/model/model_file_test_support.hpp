#pragma once
// Reading back model files built in a test: the bytes of a Container get a valid checksum
// whatever its metadata holds, so only the model-file code's own checks can refuse them.

#include <string>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "container/container.hpp"
#include "model/model_file.hpp"

namespace mlctl::model::testing {

// The model read back from the bytes of `c`, as from a file named "m.mlm".
inline Model reload(const container::Container& c) {
  return from_container(container::parse(container::serialize(c), "m.mlm"), "m.mlm");
}

// The model error reading `c` back gives, naming "m.mlm"; fails the test if there is none.
inline std::string refusal(const container::Container& c) {
  try {
    (void)reload(c);
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::model);
    CHECK(e.where().file == "m.mlm");
    return e.message();
  }
  FAIL("no error");
  return {};
}

}  // namespace mlctl::model::testing
