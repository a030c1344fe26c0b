#include "common/spill_arena.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <new>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "common/error.hpp"
#include "common/temporary_file.hpp"

namespace mlctl {
namespace {

// How often the governor looks at the resident size. At the 1-2 GB/s a read or a pass fills
// memory, 5 ms let the peak pass a 64M limit by 110 MB (5M rows x 20, ridge); 1 ms keeps it
// to 25-35 MB and costs a pread of /proc/self/statm per look (about 1% of one core).
constexpr auto kGovernorPeriod = std::chrono::milliseconds(1);

struct Resident {
  std::uint64_t bytes = 0;
  std::uint64_t file_bytes = 0;  // file-backed and shared pages: spilled pages are among them
};

// The resident sizes from /proc/self/statm open on `fd`: "size resident shared ..." in pages.
Resident resident_from(int fd) {
  char text[128];
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return {};
  text[n] = '\0';
  unsigned long long size = 0, resident = 0, shared = 0;
  if (std::sscanf(text, "%llu %llu %llu", &size, &resident, &shared) != 3) return {};
  const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  return {resident * page, shared * page};
}

}  // namespace

std::uint64_t resident_bytes() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const std::uint64_t bytes = resident_from(fd).bytes;
  ::close(fd);
  return bytes;
}

SpillArena::SpillArena(std::uint64_t limit, std::uint64_t heap_budget, std::string directory)
    : limit_(limit),
      heap_budget_(heap_budget),
      statm_(::open("/proc/self/statm", O_RDONLY | O_CLOEXEC)),
      directory_(directory.empty() ? temporary_directory() : std::move(directory)) {}

SpillArena::~SpillArena() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (governor_.joinable()) governor_.join();
  if (statm_ >= 0) ::close(statm_);
  // Containers give their memory back before the arena goes; what is left is unmapped here.
  for (const auto& [p, region] : regions_) {
    ::munmap(p, region.bytes);
    ::close(region.fd);
  }
}

void* SpillArena::map_region(std::size_t bytes) {
  const int fd = open_temporary_file(directory_);
  // Reserve the blocks now: a write into a hole of a full disk would be a SIGBUS mid-pass.
  int error = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
  if (error == EOPNOTSUPP || error == EINVAL) {
    error = ::ftruncate(fd, static_cast<off_t>(bytes)) == 0 ? 0 : errno;
  }
  if (error != 0) {
    ::close(fd);
    throw_temporary_file_error("cannot reserve " + std::to_string(bytes) + " bytes of spill space",
                               directory_, error);
  }
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    error = errno;
    ::close(fd);
    throw_temporary_file_error("cannot map " + std::to_string(bytes) + " bytes of spill space",
                               directory_, error);
  }
  const std::lock_guard lock(mutex_);
  regions_.emplace(p, Region{fd, bytes});
  spilled_.store(true, std::memory_order_relaxed);
  stats_.spilled_bytes += bytes;
  stats_.peak_spilled_bytes = std::max(stats_.peak_spilled_bytes, stats_.spilled_bytes);
  start_governor();
  return p;
}

void* SpillArena::allocate(std::size_t bytes) {
  {
    const std::lock_guard lock(mutex_);
    if (bytes < kSpillMinBytes || stats_.heap_bytes + bytes <= heap_budget_) {
      stats_.heap_bytes += bytes;
      try {
        return ::operator new(bytes);
      } catch (...) {
        stats_.heap_bytes -= bytes;
        throw;
      }
    }
  }
  return map_region(bytes);
}

void SpillArena::deallocate(void* p, std::size_t bytes) noexcept {
  std::unique_lock lock(mutex_);
  const auto found = regions_.find(p);
  if (found == regions_.end()) {
    stats_.heap_bytes -= bytes;
    lock.unlock();
    ::operator delete(p);
    return;
  }
  const Region region = found->second;
  stats_.spilled_bytes -= region.bytes;
  regions_.erase(found);
  // Unmapped and closed without the lock: closing the last descriptor of an unlinked file drops
  // its pages from the page cache, and trims (the governor's and the passes') must not wait for
  // it. Under the lock, the governor went up to 0.66 s without a look at 50M rows; 0.08 s now.
  lock.unlock();
  ::munmap(p, region.bytes);
  ::close(region.fd);
}

void SpillArena::trim() noexcept {
  const std::lock_guard lock(mutex_);
  trim_locked();
}

void SpillArena::trim_locked() noexcept {
  for (const auto& [p, region] : regions_) ::madvise(p, region.bytes, MADV_DONTNEED);
  ++stats_.trims;
}

SpillStats SpillArena::stats() const {
  const std::lock_guard lock(mutex_);
  SpillStats stats = stats_;
  stats.largest_step = step_.load(std::memory_order_relaxed);
  return stats;
}

void SpillArena::start_governor() {
  if (!governor_.joinable()) governor_ = std::thread([this] { govern(); });
}

std::uint64_t trim_threshold(std::uint64_t limit, std::uint64_t floor, std::uint64_t step) {
  return std::max(floor, limit - std::min(step, limit / 2));
}

std::uint64_t SpillArena::threshold() const noexcept {
  return trim_threshold(limit_, floor_.load(std::memory_order_relaxed),
                        step_.load(std::memory_order_relaxed));
}

void SpillArena::check() noexcept {
  if (!spilled_.load(std::memory_order_relaxed) || statm_ < 0) return;
  const std::uint64_t now = resident_from(statm_).bytes;
  // The largest growth between two looks, whoever looked.
  const std::uint64_t before = last_look_.exchange(now, std::memory_order_relaxed);
  if (before != 0 && now > before) {
    std::uint64_t step = step_.load(std::memory_order_relaxed);
    while (now - before > step && !step_.compare_exchange_weak(step, now - before)) {
    }
  }
  if (now <= threshold()) return;
  // A caller that finds a trim under way waits for it (so a pass stops adding pages while they
  // are dropped) and then looks again instead of dropping what was just dropped.
  const std::lock_guard lock(mutex_);
  if (resident_from(statm_).bytes <= threshold()) return;
  trim_locked();
  // What stays after a trim (trim_threshold's floor) is the anonymous pages and the least
  // file-backed size seen after any trim (the program's own pages, MPI's shared memory). The
  // file-backed size after this trim alone counts the spilled pages other threads faulted back
  // while it ran (up to 250 MB at 50M rows under a 256 MB limit), and taking it let the
  // threshold climb.
  const Resident after = resident_from(statm_);
  last_look_.store(after.bytes, std::memory_order_relaxed);
  const std::uint64_t anonymous = after.bytes - std::min(after.bytes, after.file_bytes);
  unspilled_file_bytes_ = std::min(unspilled_file_bytes_, after.file_bytes);
  floor_.store(anonymous + unspilled_file_bytes_ + limit_ / 8, std::memory_order_relaxed);
}

void SpillArena::govern() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, kGovernorPeriod);
    if (stopping_) break;
    lock.unlock();
    check();
    lock.lock();
  }
}

}  // namespace mlctl
