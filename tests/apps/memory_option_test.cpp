// MemoryPlan::apply: the encoding budget a fit gets from --memory, or from the default shared by
// the processes of a job on one machine.

#include <cstddef>
#include <optional>
#include <string>

#include <doctest/doctest.h>

#include "apps/memory_option.hpp"
#include "pipeline/encoded_source.hpp"
#include "training/trainer.hpp"

namespace {

std::optional<std::size_t> budget_of(const std::string& flag, unsigned neighbours) {
  mlctl::training::TrainOptions options;
  mlctl::cli::MemoryPlan(flag, neighbours).apply(options);
  return options.encoding_budget;
}

}  // namespace

TEST_CASE("MemoryPlan: a quarter of --memory, whatever the neighbours") {
  CHECK(budget_of("256M", 1) == std::size_t{64} << 20);
  CHECK(budget_of("256M", 4) == std::size_t{64} << 20);
}

TEST_CASE("MemoryPlan: without --memory, the default shared among a machine's processes") {
  CHECK_FALSE(budget_of("", 1).has_value());  // the fit's own default
  CHECK(budget_of("", 2) == mlctl::pipeline::default_encoding_budget() / 2);
  CHECK(budget_of("", 3) == mlctl::pipeline::default_encoding_budget() / 3);
  CHECK_FALSE(budget_of("", 0).has_value());  // no launcher said: one process
}
