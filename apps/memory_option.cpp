#include "memory_option.hpp"

#include <spdlog/spdlog.h>

#include "common/memory_limit.hpp"

namespace mlctl::cli {

MemoryPlan::MemoryPlan(const std::string& flag)
    : given_(!flag.empty()),
      limit_(flag.empty() ? default_memory_limit() : parse_memory_size(flag)),
      arena_(limit_, limit_ / 4) {}

void MemoryPlan::apply(training::TrainOptions& options) const {
  if (given_) options.encoding_budget = static_cast<std::size_t>(limit_ / 4);
}

void MemoryPlan::log_spill() const {
  const SpillStats spill = arena_.stats();
  if (spill.peak_spilled_bytes == 0) return;
  spdlog::info("memory: the data took more than a quarter of --memory {}: {} spilled to {}",
               memory_size_text(limit_), memory_size_text(spill.peak_spilled_bytes),
               arena_.directory());
}

void add_memory_option(Command& app, std::string& flag) {
  app.add_value("--memory", flag,
                "Memory to use, e.g. 512M or 4G (default: half of physical memory); data "
                "beyond a quarter of it spills to $TMPDIR (docs/scale.md)",
                text("SIZE"));
}

}  // namespace mlctl::cli
