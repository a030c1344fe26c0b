// model_file: a trained model through the container and back (every field equal), the
// provenance stamp, and from_container refusing inconsistent containers, message by message.

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "common/error.hpp"
#include "common/version.hpp"
#include "container/container.hpp"
#include "model/model.hpp"
#include "model/model_file.hpp"
#include "model/model_file_test_support.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::Error;
using mlctl::ErrorKind;
using mlctl::container::Container;
using mlctl::model::Algorithm;
using mlctl::model::from_container;
using mlctl::model::Model;
using mlctl::model::stamp_provenance;
using mlctl::model::to_container;
using mlctl::model::testing::refusal;
using mlctl::pipeline::Feature;
using mlctl::table::ColumnType;

namespace {

Model trained(const mlctl::table::Table& t, const std::string& target,
              const std::vector<std::string>& features = {}) {
  mlctl::training::Recipe recipe;
  recipe.target = target;
  recipe.features = features;
  mlctl::training::TrainReport report;
  return mlctl::training::train(t, recipe, report);
}

// A ridge model on x (numeric) and c (categorical a/b/c), with residuals.
Model small_ridge() {
  return trained(mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(30)),
                 std::string(1, 'y'));
}

// Sets SOURCE_DATE_EPOCH for one scope, restoring what was there before.
class SourceDateEpoch {
 public:
  explicit SourceDateEpoch(const char* value) {
    if (const char* old = std::getenv(kName)) old_ = old;
    if (value == nullptr) {
      ::unsetenv(kName);
    } else {
      ::setenv(kName, value, 1);
    }
  }
  ~SourceDateEpoch() {
    if (old_) {
      ::setenv(kName, old_->c_str(), 1);
    } else {
      ::unsetenv(kName);
    }
  }
  SourceDateEpoch(const SourceDateEpoch&) = delete;
  SourceDateEpoch& operator=(const SourceDateEpoch&) = delete;

 private:
  static constexpr const char* kName = "SOURCE_DATE_EPOCH";
  std::optional<std::string> old_;
};

void check_same_model(const Model& a, const Model& b) {
  CHECK(a.algorithm == b.algorithm);
  CHECK(a.alpha == b.alpha);
  CHECK(a.target == b.target);
  CHECK(a.classes == b.classes);
  CHECK(a.pipeline.options().impute == b.pipeline.options().impute);
  CHECK(a.pipeline.options().scale == b.pipeline.options().scale);
  CHECK(a.pipeline.width() == b.pipeline.width());
  REQUIRE(a.pipeline.features().size() == b.pipeline.features().size());
  for (std::size_t j = 0; j < a.pipeline.features().size(); ++j) {
    const Feature& f = a.pipeline.features()[j];
    const Feature& g = b.pipeline.features()[j];
    CAPTURE(f.name);
    CHECK(f.name == g.name);
    CHECK(f.type == g.type);
    CHECK(f.fill == g.fill);
    CHECK(f.center == g.center);
    CHECK(f.scale == g.scale);
    CHECK(f.categories == g.categories);
    CHECK(f.missing_category == g.missing_category);
    CHECK(a.pipeline.offset(j) == b.pipeline.offset(j));
  }
  CHECK(a.linear.coef.rows() == b.linear.coef.rows());
  CHECK(a.linear.coef.cols() == b.linear.coef.cols());
  CHECK(a.linear.coef == b.linear.coef);  // bit for bit
  CHECK(a.linear.intercept == b.linear.intercept);
  CHECK(a.recipe == b.recipe);
  CHECK(a.evaluation == b.evaluation);
  CHECK(a.residuals == b.residuals);
  CHECK(a.residual_count == b.residual_count);
  CHECK(a.data.source == b.data.source);
  CHECK(a.data.bytes == b.data.bytes);
  CHECK(a.data.rows == b.data.rows);
  CHECK(a.data.hash == b.data.hash);
  CHECK(a.training_stats == b.training_stats);
  CHECK(a.provenance.mlctl_version == b.provenance.mlctl_version);
  CHECK(a.provenance.created == b.provenance.created);
  CHECK(a.provenance.id == b.provenance.id);
  CHECK(a.provenance.parent_id == b.provenance.parent_id);
  CHECK(a.provenance.forced == b.provenance.forced);
}

}  // namespace

TEST_CASE("model file: a trained ridge model survives the file format unchanged") {
  const SourceDateEpoch epoch("1700000000");
  Model m = small_ridge();
  REQUIRE_FALSE(m.residuals.empty());
  m.data.hash = 0x0123456789abcdefULL;
  m.provenance.parent_id = "00000000000000ff";
  m.provenance.forced = true;
  stamp_provenance(m);
  const Container c = to_container(m);
  CHECK(c.arrays.at("coef").shape == std::vector<std::int64_t>{1, 4});
  CHECK(c.arrays.at("intercept").shape == std::vector<std::int64_t>{1});
  CHECK(c.arrays.at("numeric.fill").values == std::vector<double>{m.pipeline.features()[0].fill});
  CHECK(c.arrays.at("conformal.residuals").values == m.residuals);
  CHECK(c.metadata.at("data").at("xxh3") == "0123456789abcdef");

  // Through the bytes of a file, too.
  const std::string bytes = mlctl::container::serialize(c);
  const Model back = from_container(mlctl::container::parse(bytes, "m.mlm"), "m.mlm");
  check_same_model(m, back);
  CHECK(back.provenance.parent_id == "00000000000000ff");
  CHECK(back.provenance.forced);
  // And a second trip gives the same bytes.
  CHECK(mlctl::container::serialize(to_container(back)) == bytes);
}

TEST_CASE("model file: a multinomial logistic model with a missing category round-trips") {
  const SourceDateEpoch epoch("0");
  const auto t = mlctl::table::testing::dataset("penguins.csv");
  Model m = trained(t, "species", {"bill_length_mm", "flipper_length_mm", "island", "sex"});
  REQUIRE(m.algorithm == Algorithm::logistic);
  CHECK(m.classes == std::vector<std::string>{"Adelie", "Chinstrap", "Gentoo"});
  CHECK(m.pipeline.features()[3].missing_category);
  CHECK(m.linear.coef.rows() == 3);
  CHECK(m.linear.coef.cols() == 8);  // 2 numeric, 3 islands, female/male/<missing>
  stamp_provenance(m);
  const Model back = from_container(to_container(m), "p.mlm");
  check_same_model(m, back);
}

TEST_CASE("model file: stamp_provenance honours SOURCE_DATE_EPOCH, the id ignores the time") {
  // One table for both trainings below: the id covers the data's file name too.
  const auto table = mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(30));
  Model m = trained(table, std::string(1, 'y'));
  std::string first_id;
  {
    const SourceDateEpoch epoch("1700000000");
    stamp_provenance(m);
    CHECK(m.provenance.created == "2023-11-14T22:13:20Z");
    CHECK(m.provenance.mlctl_version == mlctl::kVersion);
    CHECK(m.provenance.id.size() == 16);
    CHECK(m.provenance.id.find_first_not_of("0123456789abcdef") == std::string::npos);
    first_id = m.provenance.id;
  }
  {
    const SourceDateEpoch epoch("0");
    stamp_provenance(m);
    CHECK(m.provenance.created == "1970-01-01T00:00:00Z");
    CHECK(m.provenance.id == first_id);
  }
  {
    // Not a number: the current time is used instead (whatever it is, not the epoch above).
    const SourceDateEpoch epoch("soon");
    stamp_provenance(m);
    CHECK(m.provenance.created.size() == 20);
    CHECK(m.provenance.created != "1970-01-01T00:00:00Z");
    CHECK(m.provenance.id == first_id);
  }
  const SourceDateEpoch epoch("1700000000");
  Model changed = m;
  changed.linear.coef(0, 0) += 1e-12;
  stamp_provenance(changed);
  CHECK(changed.provenance.id != first_id);
  changed = m;
  changed.alpha = 2.0;
  stamp_provenance(changed);
  CHECK(changed.provenance.id != first_id);
  // Training again on the same table gives the same model, hence the same id.
  Model twin = trained(table, std::string(1, 'y'));
  stamp_provenance(twin);
  CHECK(twin.provenance.id == first_id);
}

TEST_CASE("model file: coefficients that do not match the features' width are refused") {
  Model m;
  m.algorithm = Algorithm::ridge;
  Feature x;
  x.name = "x";
  x.center = 1.0;
  x.scale = 2.0;
  Feature c;
  c.name = "c";
  c.type = ColumnType::categorical;
  c.categories = {"a", "b"};
  c.missing_category = true;
  m.pipeline = mlctl::pipeline::FeaturePipeline({}, {x, c});  // width 4
  m.linear.coef = Eigen::MatrixXd::Ones(1, 3);
  m.linear.intercept = Eigen::VectorXd::Zero(1);
  CHECK(refusal(to_container(m)) ==
        "invalid model: coefficients have shape [1, 3], expected [1, 4] for 4 encoded features");

  // The same features with 4 coefficients load.
  m.linear.coef = Eigen::MatrixXd::Ones(1, 4);
  CHECK(from_container(to_container(m), "m.mlm").pipeline.width() == 4);

  // Three classes need three rows of coefficients.
  m.algorithm = Algorithm::logistic;
  m.classes = {"p", "q", "r"};
  CHECK(refusal(to_container(m)) ==
        "invalid model: coefficients have shape [1, 4], expected [3, 4] for 4 encoded features");
  m.linear.coef = Eigen::MatrixXd::Ones(3, 4);
  m.linear.intercept = Eigen::VectorXd::Zero(3);
  CHECK(from_container(to_container(m), "m.mlm").linear.coef.rows() == 3);
  Container one_intercept = to_container(m);
  one_intercept.arrays["intercept"] = {{1}, {0.0}};
  CHECK(refusal(one_intercept) == "invalid model: 1 intercepts, expected 3");
  m.classes = {"p"};
  CHECK(refusal(to_container(m)) == "invalid model: a logistic model needs at least 2 classes");
}

TEST_CASE("model file: missing arrays are refused by name") {
  const Container good = to_container(small_ridge());
  for (const std::string name :
       {"coef", "intercept", "numeric.fill", "numeric.center", "numeric.scale"}) {
    CAPTURE(name);
    Container c = good;
    REQUIRE(c.arrays.erase(name) == 1);
    CHECK(refusal(c) == "invalid model: array \"" + name + "\" is missing");
  }
  // Residuals are optional: without them the model simply has no intervals.
  Container c = good;
  c.arrays.erase("conformal.residuals");
  CHECK(from_container(c, "m.mlm").residuals.empty());
}

TEST_CASE("model file: inconsistent features and values are refused") {
  const Container good = to_container(small_ridge());
  REQUIRE(good.metadata.at("pipeline").at("features").at(1).at("name") == "c");

  Container c = good;
  c.metadata["pipeline"]["features"][0]["type"] = "date";
  CHECK(refusal(c) == "invalid model: feature \"x\" has unknown type \"date\"");

  c = good;
  c.metadata["pipeline"]["features"][1]["categories"] = {"b", "a", "c"};
  CHECK(refusal(c) == "invalid model: categories of \"c\" are not sorted and distinct");
  c.metadata["pipeline"]["features"][1]["categories"] = {"a", "a", "c"};
  CHECK(refusal(c) == "invalid model: categories of \"c\" are not sorted and distinct");

  c = good;
  c.arrays["numeric.scale"].values[0] = 0.0;
  CHECK(refusal(c) == "invalid model: feature \"x\" has scale 0");

  c = good;
  c.arrays["numeric.fill"] = {{2}, {1.0, 2.0}};
  CHECK(refusal(c) == "invalid model: 1 numeric features but 2 scaling entries");

  c = good;
  c.metadata["model"]["algorithm"] = "svm";
  CHECK(refusal(c) == "invalid model: unknown algorithm \"svm\" (ridge, logistic)");

  c = good;
  c.metadata["pipeline"]["scale"] = "robust";
  CHECK(refusal(c) == "invalid model: unknown scaling \"robust\" (standard, minmax, none)");

  c = good;
  auto& residuals = c.arrays["conformal.residuals"].values;
  std::swap(residuals.front(), residuals.back());
  CHECK(refusal(c) == "invalid model: conformal residuals are not sorted order statistics");
  c = good;
  c.metadata["conformal"]["residual_count"] = 2;
  CHECK(refusal(c) == "invalid model: conformal residuals are not sorted order statistics");

  c = good;
  c.metadata["data"]["xxh3"] = "12345";
  CHECK(refusal(c) == "invalid model: data.xxh3 is not 16 hex digits");

  c = good;
  c.metadata.erase("recipe");
  CHECK(refusal(c) == "invalid model: no \"recipe\" in the metadata");
  c = good;
  c.metadata["model"]["alpha"] = "one";
  CHECK(refusal(c) == "invalid model: model.alpha is not a number");
  c = good;
  c.metadata["pipeline"]["features"][0]["name"] = 7;
  CHECK(refusal(c) == "invalid model: pipeline.features[0].name is not a string");
  c = good;
  c.metadata["provenance"]["forced"] = "no";
  CHECK(refusal(c) == "invalid model: provenance.forced is not true or false");
  c = good;
  c.metadata["conformal"]["residual_count"] = -1;
  CHECK(refusal(c) == "invalid model: conformal.residual_count is not a non-negative integer");
}

TEST_CASE("model file: save writes a file that load reads back as the same model") {
  const SourceDateEpoch epoch("1700000000");
  Model m = small_ridge();
  stamp_provenance(m);
  // TempFile's fresh directory, with the model written beside its (unused) file.
  const mlctl::csv::testing::TempFile dir("", "unused");
  const std::string path = (std::filesystem::path(dir.path()).parent_path() / "model.mlm").string();
  mlctl::model::save(m, path);
  check_same_model(m, mlctl::model::load(path));

  const std::string missing = path + ".nope";
  try {
    (void)mlctl::model::load(missing);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::io);
    CHECK(e.where().file == missing);
  }
}
