// nearest_name and did_you_mean: the hints of "no column named ..." messages.

#include "common/near_match.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

using mlctl::did_you_mean;
using mlctl::nearest_name;

namespace {
const std::vector<std::string> kSpaced = {"a", " b", " y"};
}  // namespace

TEST_CASE("near_match: spaces around a name are the first thing looked through") {
  CHECK(nearest_name("y", kSpaced) == std::optional<std::string>(" y"));
  CHECK(nearest_name(" b ", kSpaced) == std::optional<std::string>(" b"));
  CHECK(did_you_mean("y", kSpaced) == " (did you mean \" y\"? --trim drops spaces around fields)");
  const std::vector<std::string> tabbed = {"x\t"};
  CHECK(did_you_mean("x", tabbed) == " (did you mean \"x\\t\"? --trim drops spaces around fields)");
}

TEST_CASE("near_match: then ASCII case, then a few edits") {
  const std::vector<std::string> names = {"Age", "passengerClass", "survived"};
  CHECK(nearest_name("age", names) == std::optional<std::string>("Age"));
  CHECK(did_you_mean("AGE", names) == " (did you mean \"Age\"?)");
  CHECK(nearest_name("survivd", names) == std::optional<std::string>("survived"));
  CHECK(nearest_name("pasengerClas", names) == std::optional<std::string>("passengerClass"));
  // Too far: one edit allowed per four characters, none below four.
  CHECK(nearest_name("sex", names) == std::nullopt);
  CHECK(nearest_name("Agr", names) == std::nullopt);
  CHECK(nearest_name("q", std::vector<std::string>{"x"}) == std::nullopt);
  CHECK(nearest_name("agexx", names) == std::nullopt);
  CHECK(did_you_mean("fare", names).empty());
}

TEST_CASE("near_match: no hint for a name that is there, or among no names") {
  CHECK(nearest_name("a", kSpaced) == std::nullopt);
  CHECK(nearest_name("a", std::vector<std::string>{}) == std::nullopt);
  CHECK(nearest_name("", kSpaced) == std::nullopt);
}

TEST_CASE("near_match: the closest of several, the first on a tie") {
  const std::vector<std::string> names = {"colour_b", "colour_a", "color_a"};
  CHECK(nearest_name("colour_c", names) == std::optional<std::string>("colour_b"));
  CHECK(nearest_name("colr_a", names) == std::optional<std::string>("color_a"));
}
