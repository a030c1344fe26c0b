#pragma once
// The memory a command may hold (train --memory LIMIT; docs/scale.md): sizes as users write
// them, and the default when none is given.

#include <cstdint>
#include <string>
#include <string_view>

namespace mlctl {

// "512M", "4G", "1.5G", "300000000" (bytes), "64k": a number with an optional K, M, G or T
// (powers of 1024; case and a trailing "B" or "iB" ignored). At least 1 MiB. Throws
// Error(usage) quoting the text otherwise.
std::uint64_t parse_memory_size(std::string_view text);

// Half of the memory this process may use: physical memory, or the control group's limit
// (cgroup v2 memory.max, v1 memory.limit_in_bytes) when that is lower, as in a container.
std::uint64_t default_memory_limit();

// "512 MiB", "4.0 GiB": a size for messages.
std::string memory_size_text(std::uint64_t bytes);

}  // namespace mlctl
