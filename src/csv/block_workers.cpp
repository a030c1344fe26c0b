#include "csv/block_workers.hpp"

#include <utility>

#include "common/error.hpp"

namespace mlctl::csv::detail {

Workers::~Workers() {
  {
    const std::lock_guard lock(mutex_);
    stop_ = true;
  }
  work_ready_.notify_all();
  for (auto& t : threads_) t.join();
}

void Workers::start(unsigned threads) {
  for (unsigned i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

void Workers::submit(std::size_t slot, std::shared_ptr<const BlockBytes> block) {
  submit(slot, Slot{std::move(block), {}, false, nullptr, 0});
}

void Workers::submit(std::size_t slot, std::function<std::shared_ptr<const BlockBytes>()> load) {
  submit(slot, Slot{nullptr, std::move(load), false, nullptr, 0});
}

void Workers::submit(std::size_t slot, Slot&& job) {
  {
    const std::lock_guard lock(mutex_);
    slots_[slot] = std::move(job);
    queue_.push_back(slot);
  }
  work_ready_.notify_one();
}

bool Workers::done(std::size_t slot) {
  const std::lock_guard lock(mutex_);
  return slots_[slot].done;
}

Workers::Slot Workers::take(std::size_t slot) {
  std::unique_lock lock(mutex_);
  slot_done_.wait(lock, [&] { return slots_[slot].done; });
  return std::exchange(slots_[slot], Slot{});
}

void Workers::parse(const std::function<void(Reader&, std::size_t)>& work, Slot& slot,
                    std::size_t index) {
  try {
    if (slot.load) slot.block = slot.load();
    Reader reader(slot.block);
    work(reader, index);
    slot.rows = reader.rows_read();
    if (slot.block->truncated) {
      throw Error(ErrorKind::internal, "a record over the limits was read without an error");
    }
  } catch (...) {
    slot.error = std::current_exception();
  }
  slot.done = true;
}

void Workers::run() {
  for (;;) {
    std::size_t index = 0;
    Slot slot;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      index = queue_.front();
      queue_.pop_front();
      slot.block = slots_[index].block;
      slot.load = std::move(slots_[index].load);
    }
    parse(work_, slot, index);
    {
      const std::lock_guard lock(mutex_);
      slots_[index] = std::move(slot);
    }
    slot_done_.notify_all();
  }
}

}  // namespace mlctl::csv::detail
