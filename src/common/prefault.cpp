#include "common/prefault.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <utility>

namespace mlctl {
namespace {

// Whole pages of `range`: its first page boundary to its last.
std::span<std::byte> whole_pages(std::span<std::byte> range, std::uintptr_t page) {
  const auto begin = reinterpret_cast<std::uintptr_t>(range.data());
  const std::uintptr_t first = (begin + page - 1) / page * page;
  const std::uintptr_t last = (begin + range.size()) / page * page;
  if (last <= first) return {};
  return {reinterpret_cast<std::byte*>(first), last - first};
}

}  // namespace

Prefault::~Prefault() {
  stop_.store(true, std::memory_order_relaxed);
  if (thread_.joinable()) thread_.join();
}

void Prefault::wait() {
  if (thread_.joinable()) thread_.join();
}

void Prefault::start(std::vector<std::span<std::byte>> ranges) {
#ifdef MADV_POPULATE_WRITE
  if (thread_.joinable() || ranges.empty()) return;
  const auto fault_in = [this, ranges = std::move(ranges)] {
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    for (const std::span<std::byte> range : ranges) {
      const std::span<std::byte> pages = whole_pages(range, page);
      for (std::size_t at = 0; at < pages.size(); at += kStepBytes) {
        if (stop_.load(std::memory_order_relaxed)) return;
        const std::size_t step = std::min(kStepBytes, pages.size() - at);
        if (::madvise(pages.data() + at, step, MADV_POPULATE_WRITE) != 0) {
          break;  // unmapped since (or no such advice): the next range
        }
        faulted_.fetch_add(step, std::memory_order_relaxed);
      }
    }
  };
  try {
    thread_ = std::thread(fault_in);
  } catch (const std::system_error&) {
    // No thread to be had: the writer faults the pages in itself, as without a Prefault.
  }
#else
  (void)ranges;
#endif
}

}  // namespace mlctl
