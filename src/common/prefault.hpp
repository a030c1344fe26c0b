#pragma once
// Fresh memory faulted in ahead of its writer, on a thread of its own (issue #16). The kernel
// clears every fresh page at its first touch; where that touch falls on the one thread every
// other waits for (the thread joining a parallel read's blocks into the columns), the clearing
// is on the critical path. `describe` on 200,000 rows x 60 spent an eighth of its samples
// there. Faulted in beside the read, the columns' pages are ready when the joins reach them.
//
// The writer says how far it may go (allow): room reserved from an estimate can be larger than
// what is written, and room never written must stay unfaulted (no memory for nothing).
//
// MADV_POPULATE_WRITE (Linux 5.14) faults pages in as a write would, without writing: the
// contents are never changed. So a range freed meanwhile (a column that outgrew its reserve,
// or turned to text) is harmless: its pages are faulted in for nothing, or the madvise fails
// on an unmapped range and the next range is taken. On older kernels nothing happens.

#include <condition_variable>
#include <cstddef>
#include <mutex>
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

  // Starts the thread over `ranges` (the whole pages inside each), faulting in nothing until
  // allow() says how far. Once only; a later call does nothing.
  void start(std::vector<std::span<std::byte>> ranges);
  // Lets the thread fault in each range from its start up to `share` (0 to 1) of its length,
  // in steps of at most kStepBytes; a smaller share than before changes nothing.
  void allow(double share);

  // Bytes faulted in so far, whole pages (tests).
  std::size_t faulted() const;
  // Waits until what allow() let in is faulted in (tests).
  void wait_allowed();

  static constexpr std::size_t kStepBytes = std::size_t{2} << 20;

 private:
  void run(std::vector<std::span<std::byte>> pages, std::size_t page);

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  double allowed_ = 0;  // the share allow() gave
  double reached_ = 0;  // the share every range is faulted in to
  bool stop_ = false;
  bool started_ = false;
  std::size_t faulted_ = 0;
  std::thread thread_;
};

}  // namespace mlctl
