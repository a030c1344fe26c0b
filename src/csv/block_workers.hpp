#pragma once
// The worker threads of the block readers (block_reader.cpp, block_reader_again.cpp): they
// parse the blocks submitted to slots, each with a Reader over its block, and hand back
// rows and errors by slot. Internal to src/csv/.

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "csv/block_bytes.hpp"
#include "csv/reader.hpp"

namespace mlctl::csv::detail {

// Parses the blocks submitted to slots on worker threads; joins them when destroyed.
class Workers {
 public:
  struct Slot {
    std::shared_ptr<const BlockBytes> block;
    // When set, what makes `block` first, on the worker (a block reading its own bytes).
    std::function<std::shared_ptr<const BlockBytes>()> load;
    bool done = false;
    std::exception_ptr error;
    std::uint64_t rows = 0;
  };

  Workers(std::size_t slots, const std::function<void(Reader&, std::size_t)>& work)
      : work_(work), slots_(slots) {}
  ~Workers();
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  void start(unsigned threads);
  // `slot` parses `block`, or the block `load` makes.
  void submit(std::size_t slot, std::shared_ptr<const BlockBytes> block);
  void submit(std::size_t slot, std::function<std::shared_ptr<const BlockBytes>()> load);
  bool done(std::size_t slot);
  // Waits for the slot's block to be parsed and empties the slot.
  Slot take(std::size_t slot);

  // Parses a block on the calling thread, as a worker would (loading it first).
  static void parse(const std::function<void(Reader&, std::size_t)>& work, Slot& slot,
                    std::size_t index);

 private:
  void submit(std::size_t slot, Slot&& job);
  void run();

  const std::function<void(Reader&, std::size_t)>& work_;
  std::mutex mutex_;
  std::condition_variable work_ready_;
  std::condition_variable slot_done_;
  std::deque<std::size_t> queue_;
  std::vector<Slot> slots_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace mlctl::csv::detail
