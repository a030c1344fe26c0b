// RowEncoder: prediction-time encoding of CSV records by column name, with its errors and the
// counters the monitoring summary reports.

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "csv/number.hpp"
#include "csv/reader.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "pipeline/row_encoder.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::csv::Reader;
using mlctl::csv::Row;
using mlctl::csv::testing::TempFile;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::RowEncoder;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::table_of;

namespace {

// x fitted on {1, 2, NA, 5}: fill 8/3, centre 8/3, scale sqrt(13/6); c on {b, a, c, NA}.
FeaturePipeline fitted_pipeline() {
  const Table t = table_of("x,c\n1,b\n2,a\nNA,c\n5,NA\n");
  return FeaturePipeline::fit(t, {"x", "c"}, all_rows(4), {});
}

// The sparse row written out densely; checks its columns are increasing and within `width`.
std::vector<double> densify(const mlctl::solvers::SparseRow& sparse, std::size_t width) {
  std::vector<double> dense(width, 0.0);
  for (std::size_t i = 0; i < sparse.size(); ++i) {
    REQUIRE(sparse.columns()[i] < width);
    if (i > 0) REQUIRE(sparse.columns()[i - 1] < sparse.columns()[i]);
    dense[sparse.columns()[i]] = sparse.values()[i];
  }
  return dense;
}

// The numbers among `row`'s fields as csv::read_plain_records finds them: the plain decimals.
struct ParsedFields {
  std::vector<double> value;
  std::vector<std::uint8_t> is_number;

  explicit ParsedFields(const Row& row)
      : value(row.fields.size(), -7.0), is_number(row.fields.size(), 0) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      is_number[i] = mlctl::csv::detail::parse_plain_decimal(row.fields[i], value[i]) ? 1 : 0;
    }
  }
  mlctl::pipeline::ParsedNumbers numbers() const { return {value, is_number}; }
};

void check_same_counts(const mlctl::pipeline::EncodingCounters& got,
                       const mlctl::pipeline::EncodingCounters& expected) {
  CHECK(got.rows == expected.rows);
  CHECK(got.rows_imputed == expected.rows_imputed);
  CHECK(got.unseen_values == expected.unseen_values);
  CHECK(got.unseen_by_feature == expected.unseen_by_feature);
  CHECK(got.missing_by_feature == expected.missing_by_feature);
}

// Every record of `csv` encoded with `p`, one vector per record; the counters at the end. Each
// record is also encoded sparsely (encode_sparse), from its text and with its numbers parsed
// already, which must give the same values bit for bit and the same counts, so every test of
// this file covers all three.
std::vector<std::vector<double>> encode_file(
    const FeaturePipeline& p, const std::string& csv,
    mlctl::pipeline::EncodingCounters* counters = nullptr) {
  const TempFile file(csv);
  Reader reader(file.path());
  RowEncoder encoder(p, reader.header(), reader.display_name());
  mlctl::pipeline::EncodingCounters sparse_counters = encoder.new_counters();
  mlctl::pipeline::EncodingCounters parsed_counters = encoder.new_counters();
  mlctl::solvers::SparseRow sparse;
  sparse.push(0, -7.0);  // stale entries must be cleared
  mlctl::solvers::SparseRow parsed = sparse;
  std::vector<std::vector<double>> encoded;
  Row row;
  while (reader.next(row)) {
    std::vector<double> out(p.width(), -7.0);  // stale values must be overwritten
    encoder.encode(row, reader, out);
    encoder.encode_sparse(row, reader, sparse, sparse_counters);
    const std::vector<double> dense = densify(sparse, p.width());
    CHECK(std::memcmp(dense.data(), out.data(), out.size() * sizeof(double)) == 0);
    const ParsedFields fields(row);
    encoder.encode_sparse(row, fields.numbers(), reader, parsed, parsed_counters);
    const std::vector<double> from_parsed = densify(parsed, p.width());
    CHECK(std::memcmp(from_parsed.data(), out.data(), out.size() * sizeof(double)) == 0);
    encoded.push_back(out);
  }
  check_same_counts(sparse_counters, encoder.counters());
  check_same_counts(parsed_counters, encoder.counters());
  if (counters != nullptr) *counters = encoder.counters();
  return encoded;
}

void check_rows(const std::vector<std::vector<double>>& got,
                const std::vector<std::vector<double>>& expected) {
  CAPTURE(got);
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    REQUIRE(got[i].size() == expected[i].size());
    for (std::size_t j = 0; j < got[i].size(); ++j) {
      CAPTURE(i);
      CAPTURE(j);
      CHECK(got[i][j] == doctest::Approx(expected[i][j]).epsilon(1e-15));
    }
  }
}

}  // namespace

TEST_CASE("row encoder: columns matched by name in any order, extra columns ignored") {
  const FeaturePipeline p = fitted_pipeline();
  mlctl::pipeline::EncodingCounters counters;
  const auto encoded = encode_file(p, "id,c,extra,x\n1,b,q,1\n2,a,r,2\n3,c,s,5\n", &counters);
  // The same values TableEncoder gives for the training rows.
  check_rows(encoded, {{-1.1322770341445956, 0, 1, 0, 0},
                       {-0.45291081365783814, 1, 0, 0, 0},
                       {1.585187847802434, 0, 0, 1, 0}});
  CHECK(counters.rows == 3);
  CHECK(counters.rows_imputed == 0);
  CHECK(counters.unseen_values == 0);
  CHECK(counters.unseen_by_feature == std::vector<std::uint64_t>{0, 0});
  CHECK(counters.missing_by_feature == std::vector<std::uint64_t>{0, 0});
}

TEST_CASE("row encoder: missing values imputed, unseen categories all zeros, and counted") {
  const FeaturePipeline p = fitted_pipeline();
  mlctl::pipeline::EncodingCounters counters;
  const auto encoded = encode_file(p,
                                   "x,c\n"
                                   "NA,a\n"       // x imputed
                                   "2,purple\n"   // unseen category
                                   "5,\n"         // missing category
                                   "N/A,green\n"  // both
                                   "1,purple\n",  // unseen again
                                   &counters);
  check_rows(encoded, {{0.0, 1, 0, 0, 0},
                       {-0.45291081365783814, 0, 0, 0, 0},
                       {1.585187847802434, 0, 0, 0, 1},
                       {0.0, 0, 0, 0, 0},
                       {-1.1322770341445956, 0, 0, 0, 0}});
  CHECK(counters.rows == 5);
  CHECK(counters.rows_imputed == 3);
  CHECK(counters.unseen_values == 3);
  CHECK(counters.unseen_by_feature == std::vector<std::uint64_t>{0, 3});
  CHECK(counters.missing_by_feature == std::vector<std::uint64_t>{2, 1});
}

TEST_CASE("row encoder: a missing value without a missing category encodes as zeros") {
  const Table t = table_of("c\na\nb\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"c"}, all_rows(2), {});
  mlctl::pipeline::EncodingCounters counters;
  check_rows(encode_file(p, "c\nNA\nb\n", &counters), {{0, 0}, {0, 1}});
  CHECK(counters.rows_imputed == 1);
  CHECK(counters.unseen_values == 0);
  CHECK(counters.missing_by_feature == std::vector<std::uint64_t>{1});
}

TEST_CASE("row encoder: several missing feature columns are all named") {
  const FeaturePipeline p = fitted_pipeline();
  const TempFile file("y,z\n1,2\n");
  Reader reader(file.path());
  try {
    const RowEncoder encoder(p, reader.header(), reader.display_name());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "2 columns are missing: \"x\", \"c\"; the model needs them as features");
    CHECK(e.where().line == 1);
  }
}

TEST_CASE("row encoder: a feature column missing from the header is a data error") {
  const FeaturePipeline p = fitted_pipeline();
  const TempFile file("c,y\na,1\n");
  Reader reader(file.path());
  try {
    const RowEncoder encoder(p, reader.header(), reader.display_name());
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "column \"x\" is missing: the model needs it as a feature");
    CHECK(e.where().file == file.path());
    CHECK(e.where().line == 1);
    CHECK(e.where().column == 0);
  }
}

TEST_CASE("row encoder: a non-number in a numeric feature names its line and field") {
  const FeaturePipeline p = fitted_pipeline();
  const TempFile file("id,c,x\n1,a,2\n\n2,b,abc\n");
  Reader reader(file.path());
  RowEncoder encoder(p, reader.header(), reader.display_name());
  std::vector<double> out(p.width());
  Row row;
  REQUIRE(reader.next(row));
  encoder.encode(row, reader, out);
  REQUIRE(reader.next(row));
  try {
    encoder.encode(row, reader, out);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() ==
          "column \"x\": \"abc\" is not a number (the model was trained on numbers here)");
    CHECK(e.where().file == file.path());
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 3);
  }
  CHECK(encoder.counters().rows == 1);
}

TEST_CASE("row encoder: a sparse row reports a non-number like a dense one") {
  const FeaturePipeline p = fitted_pipeline();
  const TempFile file("id,c,x\n1,a,2\n\n2,b,abc\n");
  Reader reader(file.path());
  const RowEncoder encoder(p, reader.header(), reader.display_name());
  mlctl::pipeline::EncodingCounters counters = encoder.new_counters();
  mlctl::solvers::SparseRow sparse;
  Row row;
  REQUIRE(reader.next(row));
  encoder.encode_sparse(row, reader, sparse, counters);
  // x, then c=a: the numeric value and the one set column, nothing else.
  CHECK(std::vector<std::size_t>(sparse.columns().begin(), sparse.columns().end()) ==
        std::vector<std::size_t>{0, 1});
  REQUIRE(reader.next(row));
  try {
    encoder.encode_sparse(row, reader, sparse, counters);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() ==
          "column \"x\": \"abc\" is not a number (the model was trained on numbers here)");
    CHECK(e.where().file == file.path());
    CHECK(e.where().line == 4);
    CHECK(e.where().column == 3);
  }
  CHECK(counters.rows == 1);
}

TEST_CASE("row encoder: many categories (hashed) encode like few (searched in turn)") {
  // 40 categories is past the linear search: the hash index must give the same columns.
  std::string csv = "c\n";
  for (int k = 0; k < 40; ++k) csv += "v" + std::to_string(k) + "\n";
  const Table t = table_of(csv);
  const FeaturePipeline p = FeaturePipeline::fit(t, {"c"}, all_rows(40), {});
  REQUIRE(p.width() == 40);
  mlctl::pipeline::EncodingCounters counters;
  const auto encoded = encode_file(p, "c\nv0\nv39\nv7\nv40\n", &counters);
  // Sorted as text: v0, v1, v10..v19, v2, v20..v29, v3, v30..v39, v4, ...: v39 is at 33, v7 at 37.
  std::vector<std::vector<double>> expected(4, std::vector<double>(40, 0.0));
  expected[0][0] = 1;
  expected[1][33] = 1;
  expected[2][37] = 1;
  check_rows(encoded, expected);
  CHECK(counters.unseen_values == 1);
}

TEST_CASE("row encoder: a shared encoder counts into the caller's counters, which add up") {
  const FeaturePipeline p = fitted_pipeline();
  const TempFile file("x,c\nNA,a\n2,purple\n5,\nN/A,green\n1,purple\n");
  Reader reader(file.path());
  const RowEncoder encoder(p, reader.header(), reader.display_name());
  // Two "threads'" counters: odd rows into one, even rows into the other.
  std::vector<mlctl::pipeline::EncodingCounters> parts{encoder.new_counters(),
                                                       encoder.new_counters()};
  std::vector<double> out(p.width());
  Row row;
  for (std::size_t i = 0; reader.next(row); ++i) encoder.encode(row, reader, out, parts[i % 2]);
  CHECK(parts[0].rows == 3);
  CHECK(parts[1].rows == 2);
  CHECK(encoder.counters().rows == 0);  // the encoder's own were not touched
  mlctl::pipeline::EncodingCounters total = encoder.new_counters();
  total.add(parts[0]);
  total.add(parts[1]);
  // The figures of the sequential test above, on the same rows.
  CHECK(total.rows == 5);
  CHECK(total.rows_imputed == 3);
  CHECK(total.unseen_values == 3);
  CHECK(total.unseen_by_feature == std::vector<std::uint64_t>{0, 3});
  CHECK(total.missing_by_feature == std::vector<std::uint64_t>{2, 1});
}

TEST_CASE("row encoder: numbers parsed as read are used for numeric features only") {
  // c is categorical (one level is text) with levels that look like numbers: parsed or not,
  // they are categories. x's number is used as parsed (a value the text does not hold shows
  // it); a field not marked parsed is parsed here.
  const Table t = table_of("x,c\n1,10\n2,b\n3,10\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x", "c"}, all_rows(3), {});
  REQUIRE(p.width() == 3);  // x, c=10, c=b
  const TempFile file("c,skip,x\n10,q,2\n10,q,abc\n");
  Reader reader(file.path());
  const RowEncoder encoder(p, reader.header(), reader.display_name());
  CHECK(encoder.field_positions() == std::vector<std::size_t>{2, 0});
  mlctl::pipeline::EncodingCounters counters = encoder.new_counters();
  mlctl::solvers::SparseRow sparse;
  Row row;
  REQUIRE(reader.next(row));
  ParsedFields fields(row);
  REQUIRE(fields.is_number == std::vector<std::uint8_t>{1, 0, 1});
  fields.value[2] = 3.0;  // not the text's 2
  encoder.encode_sparse(row, fields.numbers(), reader, sparse, counters);
  const auto& x = p.features()[0];
  CHECK(densify(sparse, p.width()) == std::vector<double>{(3.0 - x.center) / x.scale, 1, 0});
  fields.is_number[2] = 0;  // parsed from the text
  encoder.encode_sparse(row, fields.numbers(), reader, sparse, counters);
  CHECK(densify(sparse, p.width()) == std::vector<double>{(2.0 - x.center) / x.scale, 1, 0});
  REQUIRE(reader.next(row));
  const ParsedFields bad(row);
  try {
    encoder.encode_sparse(row, bad.numbers(), reader, sparse, counters);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.message() ==
          "column \"x\": \"abc\" is not a number (the model was trained on numbers here)");
    CHECK(e.where().line == 3);
    CHECK(e.where().column == 3);
  }
  CHECK(counters.rows == 2);
}
