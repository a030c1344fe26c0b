// training::retrain and evaluate_model over the processes of a job (mlctl-mpi retrain), ranks
// as threads (support/thread_group.hpp): each rank holds a contiguous, uneven slice of the rows
// (one empty from two ranks on), and every rank's results equal one process's on all the rows.

#include <cmath>
#include <mutex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "model/model.hpp"
#include "pipeline/distributed_fit_support.hpp"
#include "support/table_shares.hpp"
#include "support/thread_group.hpp"
#include "table/table_test_support.hpp"
#include "training/model_metrics.hpp"
#include "training/retrain.hpp"
#include "training/trainer.hpp"
#include "training/trainer_test_support.hpp"

using mlctl::distributed::Communicator;
using mlctl::model::Metrics;
using mlctl::model::Model;
using mlctl::pipeline::testing::cuts;
using mlctl::table::Table;
using mlctl::table::testing::table_of;
using mlctl::testing::share_of;
using mlctl::testing::ThreadGroup;
using namespace mlctl::training;
using mlctl::training::testing::classification_csv;
using mlctl::training::testing::regression_csv;
using mlctl::training::testing::trained;

namespace {

void check_same(const Metrics& got, const Metrics& want) {
  CHECK(got.n == want.n);
  REQUIRE(got.values.size() == want.values.size());
  for (std::size_t i = 0; i < want.values.size(); ++i) {
    CHECK(got.values[i].first == want.values[i].first);
    CHECK(got.values[i].second == doctest::Approx(want.values[i].second).epsilon(1e-12));
  }
  CHECK(got.confusion_matrix == want.confusion_matrix);
  CHECK(got.classes == want.classes);
}

// Runs fn(comm, slice, first_row) on `ranks` ranks, each holding its slice of `t`.
template <typename Fn>
void over_ranks(const Table& t, int ranks, const Fn& fn) {
  const auto at = cuts(t.rows(), ranks);
  ThreadGroup::run(ranks, [&](Communicator& comm) {
    const auto r = static_cast<std::size_t>(comm.rank());
    fn(comm, share_of(t, at[r], at[r + 1]), at[r]);
  });
}

}  // namespace

TEST_CASE("evaluate_model over processes: split by split, as one process measures all rows") {
  for (const bool classifier : {false, true}) {
    const Table data = table_of(classifier ? classification_csv(90) : regression_csv(90));
    Recipe recipe;
    recipe.target = "y";
    const Model m =
        trained(table_of(classifier ? classification_csv(60) : regression_csv(60)), recipe);
    // Two "splits": the even rows, then the odd ones (as k-fold's held-out rows interleave).
    std::vector<std::size_t> rows;
    for (std::size_t parity = 0; parity < 2; ++parity) {
      for (std::size_t i = parity; i < data.rows(); i += 2) rows.push_back(i);
    }
    const Metrics alone = evaluate_model(m, data, rows);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      std::mutex mutex;
      over_ranks(data, ranks, [&](Communicator& comm, const Table& slice, std::size_t first) {
        std::vector<std::size_t> local;
        std::vector<std::size_t> ends;
        for (std::size_t parity = 0; parity < 2; ++parity) {
          for (std::size_t i = 0; i < slice.rows(); ++i) {
            if ((first + i) % 2 == parity) local.push_back(i);
          }
          ends.push_back(local.size());
        }
        const Metrics pooled = evaluate_model(m, slice, local, &comm, ends);
        std::lock_guard lock(mutex);
        CAPTURE(ranks);
        CAPTURE(classifier);
        check_same(pooled, alone);
      });
    }
  }
}

TEST_CASE("evaluate_model over processes: no rows anywhere fails on every rank alike") {
  const Table data = table_of(regression_csv(30));
  Recipe recipe;
  recipe.target = "y";
  const Model m = trained(data, recipe);
  std::mutex mutex;
  int failed = 0;
  over_ranks(data, 3, [&](Communicator& comm, const Table& slice, std::size_t) {
    try {
      evaluate_model(m, slice, {}, &comm);
    } catch (const mlctl::Error& e) {
      std::lock_guard lock(mutex);
      CHECK(std::string(e.what()).find("no rows with a value for the target \"y\"") !=
            std::string::npos);
      ++failed;
    }
  });
  CHECK(failed == 3);
}

TEST_CASE("retrain over processes: comparisons, skill and decision are one process's") {
  struct Case {
    bool classifier;
    int cv;
    double max_regression;
  };
  for (const Case c : {Case{false, 0, 0.0}, Case{true, 0, 0.05}, Case{true, 3, 0.0}}) {
    CAPTURE(c.classifier);
    CAPTURE(c.cv);
    Recipe recipe;
    recipe.target = "y";
    const auto csv = [&](std::size_t n) {
      return c.classifier ? classification_csv(n) : regression_csv(n);
    };
    const Model current = trained(table_of(csv(70)), recipe);
    const Table data = table_of(csv(120));
    const Table eval = table_of(csv(50));
    RecipeOverrides overrides;
    if (c.cv != 0) overrides.cv = c.cv;
    const GateOptions gate{c.max_regression, false, 2.0};
    const RetrainResult alone = retrain(current, data, &eval, overrides, gate);
    for (int ranks = 1; ranks <= 4; ++ranks) {
      CAPTURE(ranks);
      std::mutex mutex;
      std::vector<RetrainResult> results(static_cast<std::size_t>(ranks));
      const auto eval_cuts = cuts(eval.rows(), ranks);
      over_ranks(data, ranks, [&](Communicator& comm, const Table& slice, std::size_t) {
        const auto r = static_cast<std::size_t>(comm.rank());
        const Table eval_slice = share_of(eval, eval_cuts[r], eval_cuts[r + 1]);
        TrainOptions options;
        options.processes = &comm;
        RecipeOverrides named = overrides;
        named.data_name = "new.csv";
        RetrainResult result = retrain(current, slice, &eval_slice, named, gate, options);
        std::lock_guard lock(mutex);
        results[r] = std::move(result);
      });
      for (const RetrainResult& got : results) {
        REQUIRE(got.comparisons.size() == alone.comparisons.size());
        for (std::size_t k = 0; k < got.comparisons.size(); ++k) {
          CHECK(got.comparisons[k].rows == alone.comparisons[k].rows);
          check_same(got.comparisons[k].current, alone.comparisons[k].current);
          check_same(got.comparisons[k].candidate, alone.comparisons[k].candidate);
        }
        CHECK(got.comparisons[0].on.ends_with("rows of new.csv"));
        CHECK(got.decision.passed == alone.decision.passed);
        CHECK(got.decision.promoted == alone.decision.promoted);
        REQUIRE(got.decision.skill.has_value());
        CHECK(got.decision.skill->z == doctest::Approx(alone.decision.skill->z).epsilon(1e-9));
        CHECK(got.decision.skill->passed == alone.decision.skill->passed);
        CHECK(got.candidate.provenance.parent_id == current.provenance.id);
        CHECK(got.candidate.data.rows == data.rows());
        CHECK(got.candidate.data.source == "new.csv");
        // Every rank took the same decision on the same candidate.
        CHECK(got.decision.reason == results[0].decision.reason);
        CHECK(got.candidate.provenance.id == results[0].candidate.provenance.id);
      }
    }
  }
}
