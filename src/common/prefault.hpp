#pragma once
// Fresh memory faulted in ahead of its writer, on a thread of its own (issue #16). The kernel
// clears every fresh page at its first touch; where that touch falls on the one thread every
// other waits for (the thread joining a parallel read's blocks into the columns), the clearing
// is on the critical path. `describe` on 200,000 rows x 60 spent an eighth of its samples
// there. Faulted in beside the read, the columns' pages are ready when the joins reach them.
//
// MADV_POPULATE_WRITE (Linux 5.14) faults pages in as a write would, without writing: the
// contents are never changed. So a range freed meanwhile (a column that outgrew its reserve,
// or turned to text) is harmless: its pages are faulted in for nothing, or the madvise fails
// on an unmapped range and the next range is taken. On older kernels nothing happens.

#include <atomic>
#include <cstddef>
#include <span>
#include <thread>
#include <vector>

namespace mlctl {

class Prefault {
 public:
  Prefault() = default;
  Prefault(const Prefault&) = delete;
  Prefault& operator=(const Prefault&) = delete;
  ~Prefault();  // stops between two steps, and waits for the thread

  // Starts faulting in each of `ranges` (the whole pages inside it), in order, in steps of
  // kStepBytes. Once only; a second call does nothing.
  void start(std::vector<std::span<std::byte>> ranges);

  // Bytes faulted in so far, whole pages (tests).
  std::size_t faulted() const { return faulted_.load(std::memory_order_relaxed); }
  // Waits for the thread to finish every range (tests).
  void wait();

  static constexpr std::size_t kStepBytes = std::size_t{2} << 20;

 private:
  std::atomic<bool> stop_{false};
  std::atomic<std::size_t> faulted_{0};
  std::thread thread_;
};

}  // namespace mlctl
