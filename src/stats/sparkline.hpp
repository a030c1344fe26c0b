#pragma once
// A histogram drawn as one line of Unicode block characters (▁▂▃▄▅▆▇█), for terminals.

#include <cstdint>
#include <span>
#include <string>

namespace mlctl::stats {

// One character per count, scaled to the largest count: an empty bin is a space (so "few"
// and "none" stay distinguishable), any non-empty bin is at least ▁, the largest is █.
std::string sparkline(std::span<const std::uint64_t> counts);

}  // namespace mlctl::stats
