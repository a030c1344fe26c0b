// model_sections: each part of an .mlm file read back by the reader that mirrors its writer, and
// the readers' refusals as bare Error(data) messages (from_container adds "invalid model:" and
// the file name; tests/model/model_file_test.cpp checks those).

#include "model/model_sections.hpp"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::container::Container;
using mlctl::model::detail::JsonField;
namespace detail = mlctl::model::detail;

namespace {

mlctl::pipeline::FeaturePipeline two_features() {
  mlctl::pipeline::Feature x;
  x.name = "x";
  x.fill = 3.0;
  x.center = 1.0;
  x.scale = 2.0;
  mlctl::pipeline::Feature c;
  c.name = "c";
  c.type = mlctl::table::ColumnType::categorical;
  c.categories = {"a", "b"};
  c.missing_category = true;
  return mlctl::pipeline::FeaturePipeline({}, {x, c});
}

// The Error(data) message `read` throws; fails the test if it throws none.
template <typename Read>
std::string refusal(Read read) {
  try {
    read();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    return e.message();
  }
  FAIL("no error");
  return {};
}

}  // namespace

TEST_CASE("model sections: the pipeline and its numeric arrays read back") {
  const auto pipeline = two_features();
  Container c;
  const nlohmann::json document = detail::pipeline_json(pipeline);
  detail::write_numeric_arrays(pipeline, c);
  CHECK(c.arrays.size() == 3);
  const auto back = detail::pipeline_from(JsonField(document, "pipeline"), c);
  REQUIRE(back.features().size() == 2);
  CHECK(back.features()[0].name == "x");
  CHECK(back.features()[0].fill == 3.0);
  CHECK(back.features()[0].center == 1.0);
  CHECK(back.features()[0].scale == 2.0);
  CHECK(back.features()[1].categories == std::vector<std::string>{"a", "b"});
  CHECK(back.features()[1].missing_category);
  CHECK(back.width() == pipeline.width());

  c.arrays.erase("numeric.center");
  CHECK(refusal([&] { detail::pipeline_from(JsonField(document, "pipeline"), c); }) ==
        "array \"numeric.center\" is missing");
}

TEST_CASE("model sections: infrequent levels are stored only when there are some") {
  auto pipeline = two_features();
  // Without rare levels a feature's entry is as it always was (old files read the same).
  CHECK_FALSE(detail::pipeline_json(pipeline)["features"][1].contains("infrequent"));
  auto features = pipeline.features();
  features[1].infrequent = {"r", "s"};
  pipeline = mlctl::pipeline::FeaturePipeline({}, features);
  Container c;
  nlohmann::json document = detail::pipeline_json(pipeline);
  detail::write_numeric_arrays(pipeline, c);
  const auto back = detail::pipeline_from(JsonField(document, "pipeline"), c);
  CHECK(back.features()[1].infrequent == std::vector<std::string>{"r", "s"});
  CHECK_FALSE(back.features()[1].missing_infrequent);
  CHECK(back.width() == 5);

  auto& entry = document["features"][1];
  entry["infrequent"] = {"s", "r"};
  CHECK(refusal([&] { detail::pipeline_from(JsonField(document, "pipeline"), c); }) ==
        "infrequent levels of \"c\" are not sorted and distinct");
  entry["infrequent"] = {"b", "r"};
  CHECK(refusal([&] { detail::pipeline_from(JsonField(document, "pipeline"), c); }) ==
        "\"b\" of \"c\" is both a category and an infrequent level");
  entry["infrequent"] = nlohmann::json::array();
  CHECK(refusal([&] { detail::pipeline_from(JsonField(document, "pipeline"), c); }) ==
        "\"c\" has no infrequent levels");
  entry["missing_infrequent"] = true;  // missing_category is true too
  CHECK(refusal([&] { detail::pipeline_from(JsonField(document, "pipeline"), c); }) ==
        "missing values of \"c\" are both a category and infrequent");
  entry["missing_category"] = false;
  const auto missing_only = detail::pipeline_from(JsonField(document, "pipeline"), c);
  CHECK(missing_only.features()[1].missing_infrequent);
  CHECK(missing_only.width() == 4);
  entry.erase("missing_infrequent");
  CHECK(refusal([&] {
          detail::pipeline_from(JsonField(document, "pipeline"), c);
        }).find("missing_infrequent") != std::string::npos);
}

TEST_CASE("model sections: coefficients and intercepts read back row-major, shapes checked") {
  mlctl::solvers::LinearModel linear;
  linear.coef = Eigen::MatrixXd{{1.0, 2.0, 3.0}, {4.0, 5.0, 6.0}};
  linear.intercept = Eigen::VectorXd{{0.5, -0.5}};
  Container c;
  detail::write_linear(linear, c);
  CHECK(c.arrays.at("coef").values == std::vector<double>{1, 2, 3, 4, 5, 6});
  const auto back = detail::linear_from(c, 2, 3);
  CHECK(back.coef == linear.coef);
  CHECK(back.intercept == linear.intercept);
  CHECK(refusal([&] { detail::linear_from(c, 2, 4); }) ==
        "coefficients have shape [2, 3], expected [2, 4] for 4 encoded features");
  c.arrays.at("intercept").values.pop_back();
  CHECK(refusal([&] { detail::linear_from(c, 2, 3); }) == "1 intercepts, expected 2");
}

TEST_CASE("model sections: reading settings and provenance read back") {
  mlctl::model::ReadSettings settings;
  settings.recorded = true;
  settings.dialect.delimiter = ';';
  settings.dialect.decimal = ',';
  settings.dialect.header = false;
  settings.dialect.columns = {"a", "b"};
  settings.dialect.extra_na = {"?"};
  settings.types.categorical = {"b"};
  const nlohmann::json reading = detail::reading_json(settings);
  const auto read = detail::reading_from(JsonField(reading, "reading"));
  CHECK(read.recorded);
  CHECK(read.dialect.delimiter == ';');
  CHECK(read.dialect.decimal == ',');
  CHECK_FALSE(read.dialect.header);
  CHECK(read.dialect.columns == settings.dialect.columns);
  CHECK(read.dialect.extra_na == settings.dialect.extra_na);
  CHECK(read.types.categorical == settings.types.categorical);

  mlctl::model::Provenance provenance;
  provenance.mlctl_version = "1.2.3";
  provenance.created = "2023-11-14T22:13:20Z";
  provenance.id = "0123456789abcdef";
  const nlohmann::json fresh = detail::provenance_json(provenance);
  CHECK_FALSE(fresh.contains("lineage"));  // files from before lineage read back the same
  mlctl::model::Ancestor parent;
  parent.id = "fedcba9876543210";
  parent.data.source = "d.csv";
  parent.data.rows = 10;
  provenance.parent_id = parent.id;
  provenance.lineage = {parent};
  const nlohmann::json retrained = detail::provenance_json(provenance);
  const auto back = detail::provenance_from(JsonField(retrained, "provenance"));
  CHECK(back.mlctl_version == "1.2.3");
  CHECK(back.id == provenance.id);
  CHECK(back.parent_id == parent.id);
  REQUIRE(back.lineage.size() == 1);
  CHECK(back.lineage[0].id == parent.id);
  CHECK(back.lineage[0].data.source == "d.csv");
  CHECK(back.lineage[0].data.rows == 10);
}

// ---- JsonField builds a field's path only when asked (for an error message): the path must be
// the one each step of at(), find(), elements() and members() names.

namespace {

// The message of the Error(data) `read` throws.
template <typename Read>
std::string json_field_error(Read read) {
  try {
    read();
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    return e.message();
  }
  FAIL("the field was accepted");
  return {};
}

}  // namespace

TEST_CASE("JsonField: paths name each step from the root") {
  const json doc = {{"columns", {{{"name", "x"}}, {{"name", "y"}, {"q", {{"0.5", 1.5}}}}}},
                    {"rows", 3}};
  const JsonField root(doc, "training_stats");
  CHECK(root.path() == "training_stats");
  CHECK(root.at("rows").path() == "training_stats.rows");
  const std::vector<JsonField> columns = root.at("columns").elements();
  REQUIRE(columns.size() == 2);
  CHECK(columns[1].path() == "training_stats.columns[1]");
  CHECK(columns[1].at("name").path() == "training_stats.columns[1].name");
  std::vector<std::string> keys;
  const auto members = columns[1].at("q").members(keys);
  CHECK(keys == std::vector<std::string>{"0.5"});
  CHECK(members[0].path() == "training_stats.columns[1].q.0.5");
  CHECK(members[0].number() == 1.5);
  CHECK(root.find("rows")->count() == 3);
  CHECK_FALSE(root.find("absent").has_value());
}

TEST_CASE("JsonField: errors name the field's path") {
  const json doc = {{"columns", {{{"name", "x"}}, {{"name", 7}}}}};
  const JsonField root(doc, "training_stats");
  CHECK(json_field_error([&] { (void)root.at("columns").elements()[1].at("name").string(); }) ==
        "training_stats.columns[1].name is not a string");
  CHECK(json_field_error([&] { (void)root.at("columns").elements()[0].at("count"); }) ==
        "training_stats.columns[0] has no \"count\"");
  CHECK(json_field_error([&] { (void)root.at("rows"); }) == "training_stats has no \"rows\"");
  // The field outlives the temporaries it was reached through: the root is what it keeps.
  const JsonField name = JsonField(doc, "stats").at("columns").elements()[1].at("name");
  CHECK(json_field_error([&] { (void)name.boolean(); }) ==
        "stats.columns[1].name is not true or false");
}
