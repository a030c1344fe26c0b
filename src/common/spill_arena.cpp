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

// The resident size from /proc/self/statm open on `fd`: "size resident ..." in pages.
std::uint64_t resident_from(int fd) {
  char text[128];
  const ssize_t n = ::pread(fd, text, sizeof text - 1, 0);
  if (n <= 0) return 0;
  text[n] = '\0';
  unsigned long long size = 0, resident = 0;
  if (std::sscanf(text, "%llu %llu", &size, &resident) != 2) return 0;
  return static_cast<std::uint64_t>(resident) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

}  // namespace

std::uint64_t resident_bytes() {
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  const std::uint64_t bytes = resident_from(fd);
  ::close(fd);
  return bytes;
}

SpillArena::SpillArena(std::uint64_t limit, std::uint64_t heap_budget, std::string directory)
    : limit_(limit),
      heap_budget_(heap_budget),
      statm_(::open("/proc/self/statm", O_RDONLY | O_CLOEXEC)),
      threshold_(limit),
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
  const std::lock_guard lock(mutex_);
  const auto found = regions_.find(p);
  if (found == regions_.end()) {
    stats_.heap_bytes -= bytes;
    ::operator delete(p);
    return;
  }
  ::munmap(p, found->second.bytes);
  ::close(found->second.fd);
  stats_.spilled_bytes -= found->second.bytes;
  regions_.erase(found);
}

void SpillArena::trim() noexcept {
  const std::lock_guard lock(mutex_);
  for (const auto& [p, region] : regions_) ::madvise(p, region.bytes, MADV_DONTNEED);
  ++stats_.trims;
}

SpillStats SpillArena::stats() const {
  const std::lock_guard lock(mutex_);
  return stats_;
}

void SpillArena::start_governor() {
  if (!governor_.joinable()) governor_ = std::thread([this] { govern(); });
}

void SpillArena::check() noexcept {
  if (!spilled_.load(std::memory_order_relaxed) || statm_ < 0) return;
  if (resident_from(statm_) <= threshold_.load(std::memory_order_relaxed)) return;
  trim();
  // After a trim the heap's share stays: trim again only when the spilled pages have grown back
  // by an eighth of the limit, or a heap above the limit would make every look a trim.
  threshold_.store(std::max(limit_, resident_from(statm_) + limit_ / 8), std::memory_order_relaxed);
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
