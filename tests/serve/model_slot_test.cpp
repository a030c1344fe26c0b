#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "model/model_file.hpp"
#include "serve/model_slot.hpp"
#include "table/table_test_support.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::serve::ModelSlot;
using Outcome = mlctl::serve::ModelSlot::Outcome;

namespace {

// A ridge model of `rows` rows, saved (stamped) at `path`; returns its id.
std::string save_ridge(int rows, const std::string& path) {
  mlctl::training::Recipe recipe;
  recipe.target = std::string(1, 'y');  // not = "y": g++ 12 warns falsely (-Wrestrict)
  mlctl::training::TrainReport report;
  auto model = mlctl::training::train(
      mlctl::table::testing::table_of(mlctl::training::testing::regression_csv(rows)), recipe,
      report);
  mlctl::model::stamp_provenance(model);
  mlctl::model::save(model, path);
  return model.provenance.id;
}

// Replaces `path` as retrain --in-place does: a new file renamed over it.
void replace_with(const std::string& path, const std::string& from) {
  std::filesystem::rename(from, path);
}

struct Files {
  std::filesystem::path dir;
  // One folder per test case: CTest runs the cases as parallel processes.
  explicit Files(const std::string& name)
      : dir(std::filesystem::temp_directory_path() / ("mlctl_model_slot_test_" + name)) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
  }
  ~Files() { std::filesystem::remove_all(dir); }
  std::string operator()(const char* name) const { return (dir / name).string(); }
};

}  // namespace

TEST_CASE("model slot: a replaced file is swapped in, requests holding the old one keep it") {
  const Files files("swap");
  const std::string first = save_ridge(30, files("m.mlm"));
  ModelSlot slot("m", files("m.mlm"));
  CHECK(slot.name() == "m");
  const auto held = slot.current();
  CHECK(held->model.provenance.id == first);
  CHECK(slot.reload_if_changed().outcome == Outcome::unchanged);

  const std::string second = save_ridge(40, files("new.mlm"));
  REQUIRE(second != first);
  replace_with(files("m.mlm"), files("new.mlm"));
  CHECK(slot.reload_if_changed().outcome == Outcome::reloaded);
  CHECK(slot.current()->model.provenance.id == second);
  CHECK(held->model.provenance.id == first);  // still whole, still the old model
  CHECK(slot.reload_if_changed().outcome == Outcome::unchanged);
  CHECK(slot.reload().outcome == Outcome::reloaded);  // forced, as SIGHUP
}

TEST_CASE("model slot: a corrupt file is refused once and the old model keeps serving") {
  const Files files("corrupt");
  const std::string first = save_ridge(30, files("m.mlm"));
  ModelSlot slot("m", files("m.mlm"));
  std::ofstream(files("bad.mlm"), std::ios::binary) << "not a model file";
  replace_with(files("m.mlm"), files("bad.mlm"));
  const auto refused = slot.reload_if_changed();
  CHECK(refused.outcome == Outcome::refused);
  CHECK(refused.message.find(files("m.mlm")) == 0);
  CHECK(slot.current()->model.provenance.id == first);
  // The same bad file is not tried again until it changes.
  CHECK(slot.reload_if_changed().outcome == Outcome::unchanged);
  const std::string third = save_ridge(50, files("good.mlm"));
  replace_with(files("m.mlm"), files("good.mlm"));
  CHECK(slot.reload_if_changed().outcome == Outcome::reloaded);
  CHECK(slot.current()->model.provenance.id == third);
}

TEST_CASE("model slot: a file that does not load at start is the caller's error") {
  const Files files("absent");
  CHECK_THROWS_AS(ModelSlot("m", files("absent.mlm")), mlctl::Error);
}
