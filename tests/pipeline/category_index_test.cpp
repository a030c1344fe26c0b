#include "pipeline/category_index.hpp"

#include <string>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "pipeline/hashed_categories.hpp"

using mlctl::pipeline::CategoryIndex;
using mlctl::pipeline::Feature;
using mlctl::table::ColumnType;

namespace {

Feature categorical(std::size_t levels, bool missing_category) {
  Feature f;
  f.name = "c";
  f.type = ColumnType::categorical;
  for (std::size_t k = 0; k < levels; ++k) f.categories.push_back("v" + std::to_string(100 + k));
  f.missing_category = missing_category;
  return f;
}

}  // namespace

TEST_CASE("CategoryIndex: a known value sets its category's column, an unseen one none") {
  // Both lookups: a short list compared in turn, and the flat hash table beyond 16 levels.
  for (const std::size_t levels : {3, 40}) {
    CAPTURE(levels);
    const Feature f = categorical(levels, false);
    const CategoryIndex index(f);
    CHECK(index.match("v100").column == 0);
    CHECK(index.match("v100").seen);
    CHECK(index.match("v102").column == 2);
    CHECK(index.match("zzz").column == -1);
    CHECK_FALSE(index.match("zzz").seen);
    CHECK(index.match("").column == -1);
    CHECK(index.missing_column() == -1);
  }
}

TEST_CASE("CategoryIndex: missing values set the column after the categories when it exists") {
  const Feature f = categorical(40, true);
  CHECK(CategoryIndex(f).missing_column() == 40);
  CHECK(CategoryIndex(f).match("v139").column == 39);
}

TEST_CASE("CategoryIndex: a numeric feature has no categories") {
  Feature f;
  f.name = "x";
  CHECK_THROWS_AS(CategoryIndex{f}, mlctl::Error);
}

TEST_CASE("CategoryIndex: rare levels and unseen values set the infrequent column") {
  // Both lookups: 3 + 2 levels compared in turn, 30 + 20 in the hash table.
  for (const std::size_t levels : {3, 30}) {
    CAPTURE(levels);
    Feature f = categorical(levels, false);
    for (std::size_t k = 0; k < levels * 2 / 3; ++k)
      f.infrequent.push_back("r" + std::to_string(k));
    const auto infrequent = static_cast<std::int32_t>(levels);
    const CategoryIndex index(f);
    CHECK(index.match("v101").column == 1);
    CHECK(index.match("r1").column == infrequent);
    CHECK(index.match("r1").seen);  // rare, but training saw it
    CHECK(index.match("zzz").column == infrequent);
    CHECK_FALSE(index.match("zzz").seen);  // still counted as unseen
    // No missing value in training: missing values go to the infrequent column, as unseen ones.
    CHECK(index.missing_column() == infrequent);
    f.missing_category = true;  // a frequent missing level keeps its own column, before it
    const CategoryIndex with_missing(f);
    CHECK(with_missing.missing_column() == infrequent);
    CHECK(with_missing.match("r0").column == infrequent + 1);
    CHECK(with_missing.match("zzz").column == infrequent + 1);
  }
}

TEST_CASE("CategoryIndex: missing values alone can be the rare level") {
  Feature f = categorical(2, false);
  f.missing_infrequent = true;
  const CategoryIndex index(f);
  CHECK(f.width() == 3);
  CHECK(index.missing_column() == 2);
  CHECK(index.match("zzz").column == 2);
  CHECK_FALSE(index.match("zzz").seen);
}

TEST_CASE("CategoryIndex: many levels are all found, unknown values are not") {
  // 50000 levels in a 131072-slot table: probes cross occupied runs and wrap around the end.
  Feature f = categorical(50000, false);
  for (std::size_t k = 0; k < 5000; ++k) f.infrequent.push_back("r" + std::to_string(k));
  const CategoryIndex index(f);
  const auto infrequent = static_cast<std::int32_t>(f.categories.size());
  bool all_found = true;
  for (std::size_t k = 0; k < f.categories.size(); ++k) {
    const auto m = index.match(f.categories[k]);
    all_found = all_found && m.seen && m.column == static_cast<std::int32_t>(k);
  }
  for (const auto& level : f.infrequent) {
    const auto m = index.match(level);
    all_found = all_found && m.seen && m.column == infrequent;
  }
  CHECK(all_found);
  bool none_found = true;
  for (std::size_t k = 0; k < 20000; ++k) {
    // Near misses: prefixes, suffixes and other spellings of known levels.
    const std::string n = std::to_string(100 + k);
    for (const std::string& value : {"w" + n, "v0" + n, "v" + n + "x", "r" + n + " "}) {
      const auto m = index.match(value);
      none_found = none_found && !m.seen && m.column == infrequent;
    }
  }
  CHECK(none_found);
  CHECK_FALSE(index.match("").seen);
}

TEST_CASE("CategoryIndex: a level listed twice keeps its first column") {
  Feature f = categorical(20, false);
  f.categories.push_back("v105");  // also category 5
  f.infrequent.push_back("v107");  // also category 7
  f.infrequent.push_back("r0");
  const CategoryIndex index(f);
  CHECK(index.match("v105").column == 5);
  CHECK(index.match("v107").column == 7);
  CHECK(index.match("r0").column == 21);
}

TEST_CASE("CategoryIndex: a hashed feature maps every value to a bucket, seen") {
  Feature f;
  f.name = "h";
  f.type = ColumnType::categorical;
  f.hash = mlctl::pipeline::HashScheme{8, 42};
  const CategoryIndex index(f);
  for (const char* value : {"a", "b", "zzz", ""}) {
    CAPTURE(value);
    const auto m = index.match(value);
    CHECK(m.seen);
    CHECK(m.column == static_cast<std::int32_t>(mlctl::pipeline::hash_bucket(value, 42, 8)));
  }
}

TEST_CASE("CategoryIndex: short levels are held in the table, long ones compared in place") {
  // Sizes around the 15 bytes a slot holds, and values that differ only past them.
  Feature f = categorical(30, false);
  const std::string fifteen(15, 'a'), sixteen(16, 'a'), long_level(40, 'a');
  for (const auto& level : {fifteen, sixteen, long_level}) f.categories.push_back(level);
  const CategoryIndex index(f);
  CHECK(index.match(fifteen).column == 30);
  CHECK(index.match(sixteen).column == 31);
  CHECK(index.match(long_level).column == 32);
  CHECK_FALSE(index.match(std::string(14, 'a')).seen);
  CHECK_FALSE(index.match(std::string(39, 'a') + "b").seen);
  CHECK_FALSE(index.match(std::string(41, 'a')).seen);
  CHECK_FALSE(index.match(fifteen + '\0').seen);
}
