// FeaturePipeline::fit and TableEncoder against scikit-learn 1.2's SimpleImputer ->
// StandardScaler | MinMaxScaler and OneHotEncoder(handle_unknown="ignore"). The expected numbers
// were computed with /usr/bin/python3 + sklearn once and pasted (shown to 16-17 digits).

#include <cmath>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "pipeline/feature_pipeline.hpp"
#include "pipeline/pipeline_options.hpp"
#include "table/table_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::pipeline::Feature;
using mlctl::pipeline::FeaturePipeline;
using mlctl::pipeline::Imputation;
using mlctl::pipeline::PipelineOptions;
using mlctl::pipeline::Scaling;
using mlctl::pipeline::TableEncoder;
using mlctl::pipeline::testing::options_of;
using mlctl::table::ColumnType;
using mlctl::table::Table;
using mlctl::table::testing::all_rows;
using mlctl::table::testing::check_matrix;
using mlctl::table::testing::dataset;
using mlctl::table::testing::table_of;

namespace {

// The one feature `name` fitted on every row of `t`.
Feature fit_one(const Table& t, const std::string& name, Imputation impute, Scaling scale) {
  const auto rows = all_rows(t.rows());
  const FeaturePipeline p = FeaturePipeline::fit(t, {name}, rows, options_of(impute, scale));
  REQUIRE(p.features().size() == 1);
  return p.features()[0];
}

// Encodes every row of `t` with a pipeline fitted on every row.
Eigen::MatrixXd encode_all(const Table& t, const std::vector<std::string>& features,
                           PipelineOptions options) {
  const auto rows = all_rows(t.rows());
  const FeaturePipeline p = FeaturePipeline::fit(t, features, rows, options);
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(rows, X);
  return X;
}

}  // namespace

TEST_CASE("pipeline: mean imputation, then standard scaling with the population std") {
  const Table t = table_of("x\n1\n2\nNA\n5\n");
  const Feature f = fit_one(t, "x", Imputation::mean, Scaling::standard);
  CHECK(f.name == "x");
  CHECK(f.type == ColumnType::numeric);
  CHECK(f.fill == doctest::Approx(8.0 / 3.0).epsilon(1e-15));
  CHECK(f.center == doctest::Approx(2.6666666666666665).epsilon(1e-15));
  // The std of the imputed column {1, 2, 8/3, 5} (sqrt(13/6)), not of {1, 2, 5} (sqrt(26/9)).
  CHECK(f.scale == doctest::Approx(1.4719601443879746).epsilon(1e-15));
  CHECK(f.width() == 1);
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::mean, Scaling::standard)),
               {{-1.1322770341445956}, {-0.45291081365783814}, {0.0}, {1.585187847802434}});
}

TEST_CASE("pipeline: median imputation of an even count averages the two middle values") {
  const Table t = table_of("x\n4\n1\n3\nNA\n10\n");
  const Feature f = fit_one(t, "x", Imputation::median, Scaling::standard);
  CHECK(f.fill == 3.5);
  CHECK(f.center == doctest::Approx(4.3).epsilon(1e-15));
  CHECK(f.scale == doctest::Approx(3.026549190084311).epsilon(1e-15));  // sqrt(9.16)
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::median, Scaling::standard)),
               {{-0.09912279006826341},
                {-1.0903506907508982},
                {-0.4295320902958083},
                {-0.26432744018203586},
                {1.883333011297006}});
}

TEST_CASE("pipeline: median of an odd count is the middle value, mean is the plain mean") {
  const Table t = table_of("x\n5\n1\nNA\n3\n100\n-2\n");
  CHECK(fit_one(t, "x", Imputation::median, Scaling::none).fill == 3.0);
  CHECK(fit_one(t, "x", Imputation::mean, Scaling::none).fill == 107.0 / 5.0);
}

TEST_CASE("pipeline: a constant column is centred and scaled by 1") {
  const Table t = table_of("x\n7\n7\nNA\n7\n");
  const Feature standard = fit_one(t, "x", Imputation::mean, Scaling::standard);
  CHECK(standard.fill == 7.0);
  CHECK(standard.center == 7.0);
  CHECK(standard.scale == 1.0);
  const Feature minmax = fit_one(t, "x", Imputation::mean, Scaling::minmax);
  CHECK(minmax.center == 7.0);
  CHECK(minmax.scale == 1.0);
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::mean, Scaling::standard)),
               {{0.0}, {0.0}, {0.0}, {0.0}});
}

TEST_CASE("pipeline: minmax scaling maps the observed range onto (0, 1)") {
  const Table t = table_of("x\n2\nNA\n6\n5\n");
  const Feature mean = fit_one(t, "x", Imputation::mean, Scaling::minmax);
  CHECK(mean.fill == doctest::Approx(13.0 / 3.0).epsilon(1e-15));
  CHECK(mean.center == 2.0);
  CHECK(mean.scale == 4.0);
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::mean, Scaling::minmax)),
               {{0.0}, {0.5833333333333333}, {1.0}, {0.75}});
  const Feature median = fit_one(t, "x", Imputation::median, Scaling::minmax);
  CHECK(median.fill == 5.0);
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::median, Scaling::minmax)),
               {{0.0}, {0.75}, {1.0}, {0.75}});
}

TEST_CASE("pipeline: scaling none only imputes") {
  const Table t = table_of("x\n2\nNA\n6\n5\n");
  const Feature f = fit_one(t, "x", Imputation::median, Scaling::none);
  CHECK(f.fill == 5.0);
  CHECK(f.center == 0.0);
  CHECK(f.scale == 1.0);
  check_matrix(encode_all(t, {"x"}, options_of(Imputation::median, Scaling::none)),
               {{2.0}, {5.0}, {6.0}, {5.0}});
}

TEST_CASE("pipeline: a numeric column with no value in the fitted rows encodes as zeros") {
  const Table t = table_of("x,y\n1,NA\n2,NA\n3,4\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"y"}, std::vector<std::size_t>{0, 1}, {});
  const Feature& f = p.features()[0];
  CHECK(f.fill == 0.0);
  CHECK(f.center == 0.0);
  CHECK(f.scale == 1.0);
}

TEST_CASE("pipeline: categories are sorted, the missing category comes last") {
  const Table t = table_of("c\nb\na\nc\nNA\na\nB\n");
  const Feature f = fit_one(t, "c", Imputation::mean, Scaling::standard);
  CHECK(f.type == ColumnType::categorical);
  CHECK(f.categories == std::vector<std::string>{"B", "a", "b", "c"});  // byte order
  CHECK(f.missing_category);
  CHECK(f.width() == 5);
  check_matrix(encode_all(t, {"c"}, {}), {{0, 0, 1, 0, 0},
                                          {0, 1, 0, 0, 0},
                                          {0, 0, 0, 1, 0},
                                          {0, 0, 0, 0, 1},
                                          {0, 1, 0, 0, 0},
                                          {1, 0, 0, 0, 0}});
}

TEST_CASE("pipeline: no missing category when the fitted rows had no missing value") {
  const Table t = table_of("c\nb\na\nNA\n");
  const FeaturePipeline p =
      FeaturePipeline::fit(t, {"c"}, std::vector<std::size_t>{0, 1}, PipelineOptions{});
  const Feature& f = p.features()[0];
  CHECK(f.categories == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(f.missing_category);
  CHECK(p.width() == 2);
  CHECK(p.encoded_names() == std::vector<std::string>{"c=a", "c=b"});
  // A missing value met later has no column of its own: all zeros.
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(std::vector<std::size_t>{2, 0}, X);
  check_matrix(X, {{0, 0}, {0, 1}});
}

TEST_CASE("pipeline: encoded names, widths and offsets follow the feature order") {
  const Table t = table_of("x,c,z,d\n1,red,3,u\n2,blue,4,NA\n");
  const FeaturePipeline p = FeaturePipeline::fit(t, {"c", "x", "d", "z"}, all_rows(2), {});
  CHECK(p.width() == 6);
  CHECK(p.encoded_names() ==
        std::vector<std::string>{"c=blue", "c=red", "x", "d=u", "d=<missing>", "z"});
  CHECK(p.features().size() == 4);
  CHECK(p.offset(0) == 0);
  CHECK(p.offset(1) == 2);
  CHECK(p.offset(2) == 3);
  CHECK(p.offset(3) == 5);
  CHECK(p.options().impute == Imputation::mean);
  CHECK(p.options().scale == Scaling::standard);
}

TEST_CASE("pipeline: TableEncoder encodes numbers and categories into their columns") {
  const Table t = table_of("x,c\n1,b\n2,a\nNA,c\n5,NA\n");
  const Eigen::MatrixXd X = encode_all(t, {"x", "c"}, {});
  check_matrix(X, {{-1.1322770341445956, 0, 1, 0, 0},
                   {-0.45291081365783814, 1, 0, 0, 0},
                   {0.0, 0, 0, 1, 0},
                   {1.585187847802434, 0, 0, 0, 1}});
}

TEST_CASE("pipeline: a category absent from the fitted rows encodes as all zeros") {
  const Table t = table_of("x,c\n1,b\n2,a\nNA,c\n5,NA\n");
  const FeaturePipeline p =
      FeaturePipeline::fit(t, {"x", "c"}, std::vector<std::size_t>{0, 1, 3}, {});
  CHECK(p.features()[1].categories == std::vector<std::string>{"a", "b"});
  CHECK(p.features()[1].missing_category);
  // x fitted on {1, 2, 5} only: mean 8/3, population std sqrt(26/9).
  CHECK(p.features()[0].scale == doctest::Approx(1.699673171197595).epsilon(1e-15));
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd X;
  encoder.encode(std::vector<std::size_t>{2, 0}, X);
  check_matrix(X, {{0.0, 0, 0, 0}, {-0.98058067569092, 0, 1, 0}});
}

TEST_CASE("pipeline: TableEncoder refuses a column whose type changed since fitting") {
  const Table train = table_of("x\n1\n2\n");
  const FeaturePipeline p = FeaturePipeline::fit(train, {"x"}, all_rows(2), {});
  const mlctl::csv::testing::TempFile file("x\n1\nabc\n");
  mlctl::csv::Reader reader(file.path());
  const Table other = mlctl::table::read_table(reader);
  try {
    const TableEncoder encoder(p, other);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.message() == "column \"x\" is categorical here but was numeric in training");
    CHECK(e.where().file == file.path());
  }
}

TEST_CASE("pipeline: fitting an unknown column is a usage error") {
  const Table t = table_of("x\n1\n");
  CHECK_THROWS_WITH_AS(FeaturePipeline::fit(t, {"nope"}, all_rows(1), {}),
                       doctest::Contains("no column named \"nope\" in the data"), Error);
}

TEST_CASE("pipeline: option names parse and print") {
  CHECK(mlctl::pipeline::parse_imputation("mean") == Imputation::mean);
  CHECK(mlctl::pipeline::parse_imputation("median") == Imputation::median);
  CHECK(mlctl::pipeline::parse_scaling("standard") == Scaling::standard);
  CHECK(mlctl::pipeline::parse_scaling("minmax") == Scaling::minmax);
  CHECK(mlctl::pipeline::parse_scaling("none") == Scaling::none);
  CHECK(std::string(mlctl::pipeline::to_string(Imputation::mean)) == "mean");
  CHECK(std::string(mlctl::pipeline::to_string(Imputation::median)) == "median");
  CHECK(std::string(mlctl::pipeline::to_string(Scaling::standard)) == "standard");
  CHECK(std::string(mlctl::pipeline::to_string(Scaling::minmax)) == "minmax");
  CHECK(std::string(mlctl::pipeline::to_string(Scaling::none)) == "none");
  try {
    (void)mlctl::pipeline::parse_imputation("mode");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "unknown imputation \"mode\" (mean, median)");
  }
  try {
    (void)mlctl::pipeline::parse_scaling("robust");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::usage);
    CHECK(e.message() == "unknown scaling \"robust\" (standard, minmax, none)");
  }
}

TEST_CASE("pipeline: penguins.csv matches scikit-learn's imputer, scalers and encoder") {
  const Table t = dataset("penguins.csv");
  const std::vector<std::string> features = {"bill_length_mm", "body_mass_g", "island", "sex"};
  const auto rows = all_rows(t.rows());

  SUBCASE("mean, standard") {
    const FeaturePipeline p = FeaturePipeline::fit(t, features, rows, {});
    const auto& f = p.features();
    CHECK(f[0].fill == doctest::Approx(43.9219298245614).epsilon(1e-14));
    CHECK(f[0].center == doctest::Approx(43.92192982456141).epsilon(1e-14));
    CHECK(f[0].scale == doctest::Approx(5.435725258705345).epsilon(1e-14));
    CHECK(f[1].fill == doctest::Approx(4201.754385964912).epsilon(1e-14));
    CHECK(f[1].center == doctest::Approx(4201.754385964912).epsilon(1e-14));
    CHECK(f[1].scale == doctest::Approx(798.4499834498034).epsilon(1e-14));
    CHECK(f[2].categories == std::vector<std::string>{"Biscoe", "Dream", "Torgersen"});
    CHECK_FALSE(f[2].missing_category);
    CHECK(f[3].categories == std::vector<std::string>{"female", "male"});
    CHECK(f[3].missing_category);
    CHECK(p.encoded_names() ==
          std::vector<std::string>{"bill_length_mm", "body_mass_g", "island=Biscoe", "island=Dream",
                                   "island=Torgersen", "sex=female", "sex=male", "sex=<missing>"});
    const TableEncoder encoder(p, t);
    Eigen::MatrixXd X;
    encoder.encode(std::vector<std::size_t>{0, 3}, X);
    // Row 3 is all NA: imputed to the mean, which scales to 0 (sklearn: -1.3e-15 rounding).
    check_matrix(
        X,
        {{-0.8870812256081303, -0.565789210756885, 0, 0, 1, 0, 1, 0}, {0.0, 0.0, 0, 0, 1, 0, 0, 1}},
        1e-13);
  }
  SUBCASE("median, standard") {
    const FeaturePipeline p =
        FeaturePipeline::fit(t, features, rows, options_of(Imputation::median, Scaling::standard));
    const auto& f = p.features();
    CHECK(f[0].fill == doctest::Approx(44.45).epsilon(1e-15));
    CHECK(f[0].center == doctest::Approx(43.925000000000004).epsilon(1e-14));
    CHECK(f[0].scale == doctest::Approx(5.435873520441086).epsilon(1e-14));
    CHECK(f[1].fill == 4050.0);
    CHECK(f[1].center == doctest::Approx(4200.872093023256).epsilon(1e-14));
    CHECK(f[1].scale == doctest::Approx(798.5333364699052).epsilon(1e-14));
    const TableEncoder encoder(p, t);
    Eigen::MatrixXd X;
    encoder.encode(std::vector<std::size_t>{0, 3}, X);
    check_matrix(X,
                 {{-0.8876218296573769, -0.5646252603760245, 0, 0, 1, 0, 1, 0},
                  {0.09658061358966245, -0.18893649912002358, 0, 0, 1, 0, 0, 1}},
                 1e-13);
  }
  SUBCASE("mean, minmax") {
    const FeaturePipeline p =
        FeaturePipeline::fit(t, features, rows, options_of(Imputation::mean, Scaling::minmax));
    const auto& f = p.features();
    CHECK(f[0].center == 32.1);
    CHECK(f[0].scale == doctest::Approx(27.5).epsilon(1e-15));
    CHECK(f[1].center == 2700.0);
    CHECK(f[1].scale == 3600.0);
  }
}

TEST_CASE("pipeline: encoding runs of rows gives each value's own arithmetic, bit for bit") {
  // 21 rows: two runs of 8 encoded together, then 5 one by one; missing values in a run and in
  // the tail. Gathered (non-consecutive) rows take the value-by-value path: the same bits.
  std::string csv = "x\n";
  for (int i = 0; i < 21; ++i) {
    csv += (i == 3 || i == 12 || i == 19) ? "NA\n" : std::to_string(0.1 * i * i - 7.3) + "\n";
  }
  const Table t = table_of(csv);
  const auto rows = all_rows(t.rows());
  const FeaturePipeline p = FeaturePipeline::fit(t, {"x"}, rows, {});
  const Feature& f = p.features()[0];
  const TableEncoder encoder(p, t);
  Eigen::MatrixXd consecutive;
  encoder.encode(rows, consecutive);
  const std::vector<std::size_t> odd = {1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
  Eigen::MatrixXd gathered;
  encoder.encode(odd, gathered);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    CAPTURE(r);
    const double v = t.columns[0].numbers[r];
    const double expected = ((std::isnan(v) ? f.fill : v) - f.center) / f.scale;
    CHECK(consecutive(static_cast<Eigen::Index>(r), 0) == expected);
    if (r % 2 == 1) CHECK(gathered(static_cast<Eigen::Index>(r / 2), 0) == expected);
  }
}
