#pragma once
// Memory for the data of a fit that may not fit in RAM (train --memory LIMIT; docs/scale.md).
//
// Allocations of at least kSpillMinBytes come from the heap until the arena's heap bytes reach
// its budget; after that, from unlinked files in $TMPDIR mapped into memory (MAP_SHARED). The
// code that uses the memory does not change: a pass over a spilled column is a pass over
// memory, the kernel pages it in from the page cache or the disk. What bounds the resident set
// is the governor: a thread that reads the process's resident size every millisecond and,
// above the limit (or under it by the largest growth seen between two looks: trim_threshold),
// drops every spilled page from it (madvise(MADV_DONTNEED): the contents stay in the file; the
// next read faults them back). Dropping is always safe, even under a thread
// that is reading or writing the same pages, so no pass needs to know about it. Results are
// bit-identical to an in-memory run: only where the bytes live changes.
//
// File space is reserved when a region is made (fallocate), so a full disk is an Error(io) at
// that point and never a SIGBUS in the middle of a pass.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

namespace mlctl {

struct SpillStats {
  std::uint64_t heap_bytes = 0;     // live heap allocations through the arena
  std::uint64_t spilled_bytes = 0;  // live file-backed allocations
  std::uint64_t peak_spilled_bytes = 0;
  std::uint64_t trims = 0;         // times the governor dropped the spilled pages
  std::uint64_t largest_step = 0;  // the resident set's largest growth between two looks
};

class SpillArena {
 public:
  static constexpr std::size_t kSpillMinBytes = std::size_t{1} << 20;

  // `limit`: the resident size the governor keeps to (bytes); `heap_budget`: heap bytes the
  // arena hands out before it spills. Files go to `directory` ($TMPDIR by default).
  SpillArena(std::uint64_t limit, std::uint64_t heap_budget, std::string directory = {});
  ~SpillArena();
  SpillArena(const SpillArena&) = delete;
  SpillArena& operator=(const SpillArena&) = delete;

  // Thread-safe. Throws Error(io) when no file space can be reserved, std::bad_alloc when the
  // heap has none.
  void* allocate(std::size_t bytes);
  void deallocate(void* p, std::size_t bytes) noexcept;

  // Drops every spilled page from the resident set now (the governor does it on its own).
  void trim() noexcept;
  // What the governor does on each look, done by the caller now: code that fills or reads spilled
  // memory fast (a read, a pass over blocks) calls it every few thousand rows, so the bound
  // holds even when the governor's thread runs late on a loaded machine. Thread-safe; one pread
  // of /proc/self/statm when something has spilled, nothing otherwise.
  void check() noexcept;

  SpillStats stats() const;
  std::uint64_t limit() const { return limit_; }
  const std::string& directory() const { return directory_; }

 private:
  struct Region {
    int fd;
    std::size_t bytes;
  };
  void* map_region(std::size_t bytes);
  void start_governor();        // under mutex_
  void trim_locked() noexcept;  // under mutex_
  std::uint64_t threshold() const noexcept;
  void govern();

  const std::uint64_t limit_;
  const std::uint64_t heap_budget_;
  int statm_ = -1;                    // /proc/self/statm, -1 when there is none
  std::atomic<bool> spilled_{false};  // some region was ever made
  // Trim above threshold(): see check().
  std::atomic<std::uint64_t> floor_{0};      // what stays after a trim, plus an eighth of the limit
  std::atomic<std::uint64_t> step_{0};       // the largest growth seen between two looks
  std::atomic<std::uint64_t> last_look_{0};  // the resident size at the last look
  std::uint64_t unspilled_file_bytes_ = UINT64_MAX;  // under mutex_: see check()
  const std::string directory_;
  mutable std::mutex mutex_;
  std::unordered_map<void*, Region> regions_;  // spilled allocations by address
  SpillStats stats_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread governor_;
};

// The resident size above which the governor trims: early by `step`, the largest growth seen
// between two looks (up to half the limit), since where the kernel maps the spilled files a large
// folio at a fault, a pass over 20 columns on two threads maps 80-130 MB between two looks however
// often they come (docs/scale.md); and never below `floor`, what stays after a trim plus an eighth
// of the limit, or a heap above the limit would make every look a trim.
std::uint64_t trim_threshold(std::uint64_t limit, std::uint64_t floor, std::uint64_t step);

// The process's resident set size in bytes (/proc/self/statm), 0 when unknown.
std::uint64_t resident_bytes();

}  // namespace mlctl
