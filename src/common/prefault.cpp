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
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Prefault::start(std::vector<std::span<std::byte>> ranges) {
#ifdef MADV_POPULATE_WRITE
  {
    const std::lock_guard lock(mutex_);
    if (started_) return;
    started_ = true;
  }
  const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  std::vector<std::span<std::byte>> pages;
  for (const std::span<std::byte> range : ranges) pages.push_back(whole_pages(range, page));
  try {
    thread_ = std::thread(
        [this, pages = std::move(pages), page]() mutable { run(std::move(pages), page); });
  } catch (const std::system_error&) {
    // No thread to be had: the writer faults the pages in itself, as without a Prefault.
  }
#else
  (void)ranges;
#endif
}

void Prefault::allow(double share) {
  {
    const std::lock_guard lock(mutex_);
    if (share <= allowed_) return;
    allowed_ = std::min(share, 1.0);
  }
  changed_.notify_all();
}

std::size_t Prefault::faulted() const {
  const std::lock_guard lock(mutex_);
  return faulted_;
}

void Prefault::wait_allowed() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return stop_ || !thread_.joinable() || reached_ >= allowed_; });
}

void Prefault::run(std::vector<std::span<std::byte>> pages, std::size_t page) {
  std::vector<std::size_t> done(pages.size(), 0);  // bytes faulted in, per range
  std::vector<bool> gone(pages.size(), false);     // unmapped since (or no such advice)
  for (;;) {
    double share = 0;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stop_ || allowed_ > reached_; });
      if (stop_) return;
      share = allowed_;
    }
    for (std::size_t i = 0; i < pages.size(); ++i) {
      const auto share_bytes =
          static_cast<std::size_t>(share * static_cast<double>(pages[i].size()));
      const std::size_t until = share_bytes / page * page;  // advice starts on a page
      while (!gone[i] && done[i] < until) {
        const std::size_t step = std::min(kStepBytes, until - done[i]);
#ifdef MADV_POPULATE_WRITE
        if (::madvise(pages[i].data() + done[i], step, MADV_POPULATE_WRITE) != 0) {
          gone[i] = true;
          break;
        }
#endif
        done[i] += step;
        const std::lock_guard lock(mutex_);
        faulted_ += step;
        if (stop_) return;
      }
    }
    {
      const std::lock_guard lock(mutex_);
      reached_ = share;
    }
    changed_.notify_all();
  }
}

}  // namespace mlctl
