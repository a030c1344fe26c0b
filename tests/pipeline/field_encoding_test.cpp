#include <doctest/doctest.h>

#include <vector>

#include "pipeline/field_encoding.hpp"

using mlctl::pipeline::encode_field;
using mlctl::pipeline::Feature;
using mlctl::pipeline::FieldOutcome;
using mlctl::table::ColumnType;

TEST_CASE("encode_field: a numeric field is imputed when missing, then centred and scaled") {
  Feature f;
  f.type = ColumnType::numeric;
  f.fill = 3.0;
  f.center = 2.0;
  f.scale = 4.0;
  std::vector<double> out(1, 0.0);
  CHECK(encode_field(f, "10", false, nullptr, out) == FieldOutcome::value);
  CHECK(out[0] == 2.0);
  CHECK(encode_field(f, "", true, nullptr, out) == FieldOutcome::missing);
  CHECK(out[0] == 0.25);
  out[0] = 7.0;
  CHECK(encode_field(f, "ten", false, nullptr, out) == FieldOutcome::not_a_number);
  CHECK(out[0] == 7.0);  // left untouched for the caller to report
}

TEST_CASE("encode_field: categories one-hot, unseen all zeros, missing its own column") {
  Feature f;
  f.type = ColumnType::categorical;
  f.categories = {"a", "b"};
  f.missing_category = true;
  const mlctl::pipeline::CategoryIndex index(f);
  std::vector<double> out(3, 0.0);
  CHECK(encode_field(f, "b", false, &index, out) == FieldOutcome::value);
  CHECK(out == std::vector<double>{0, 1, 0});
  out.assign(3, 0.0);
  CHECK(encode_field(f, "z", false, &index, out) == FieldOutcome::unseen);
  CHECK(out == std::vector<double>{0, 0, 0});
  CHECK(encode_field(f, "", true, &index, out) == FieldOutcome::missing);
  CHECK(out == std::vector<double>{0, 0, 1});
  f.missing_category = false;
  const mlctl::pipeline::CategoryIndex narrow_index(f);
  std::vector<double> narrow(2, 0.0);
  CHECK(encode_field(f, "NA", true, &narrow_index, narrow) == FieldOutcome::missing);
  CHECK(narrow == std::vector<double>{0, 0});
}

TEST_CASE("encode_field: rare, unseen and missing values set the infrequent column") {
  Feature f;
  f.type = ColumnType::categorical;
  f.categories = {"a", "b"};
  f.infrequent = {"r"};
  const mlctl::pipeline::CategoryIndex index(f);
  const auto encoded = [&](std::string_view field, bool missing, FieldOutcome outcome) {
    std::vector<double> out(f.width(), 0.0);
    CHECK(encode_field(f, field, missing, &index, out) == outcome);
    return out;
  };
  CHECK(encoded("a", false, FieldOutcome::value) == std::vector<double>{1, 0, 0});
  CHECK(encoded("r", false, FieldOutcome::value) == std::vector<double>{0, 0, 1});  // seen
  CHECK(encoded("z", false, FieldOutcome::unseen) == std::vector<double>{0, 0, 1});
  CHECK(encoded("", true, FieldOutcome::missing) == std::vector<double>{0, 0, 1});
}
