#pragma once
// Ranks as threads of one process, for unit tests of code written against
// distributed::Communicator without mpirun: each collective meets at a barrier and combines
// the ranks' contributions in rank order (so sums are the same on every rank, as MPI's are).
// A rank that throws outside an agreement point breaks the group: the others' next collective
// throws instead of waiting for it.

#include <atomic>
#include <barrier>
#include <cstring>
#include <exception>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "distributed/communicator.hpp"

namespace mlctl::testing {

class ThreadGroup {
 public:
  // Runs work(communicator) on `size` threads, one rank each; then rethrows the exception of
  // the lowest rank that threw, if any.
  static void run(int size, const std::function<void(distributed::Communicator&)>& work) {
    ThreadGroup group(size);
    std::vector<std::exception_ptr> errors(static_cast<std::size_t>(size));
    std::vector<std::thread> threads;
    for (int r = 0; r < size; ++r) {
      threads.emplace_back([&, r] {
        Rank comm(group, r);
        try {
          work(comm);
        } catch (...) {
          errors[static_cast<std::size_t>(r)] = std::current_exception();
          group.broken_ = true;
          group.sync_.arrive_and_drop();
        }
      });
    }
    for (auto& thread : threads) thread.join();
    for (const auto& error : errors)
      if (error) std::rethrow_exception(error);
  }

 private:
  explicit ThreadGroup(int size)
      : size_(size), sync_(size, PhaseEnd{this}), slots_(static_cast<std::size_t>(size)) {}

  // Every rank's bytes, in rank order.
  std::vector<std::vector<std::byte>> exchange(int rank, std::vector<std::byte> mine) {
    slots_[static_cast<std::size_t>(rank)] = std::move(mine);
    wait();
    auto all = slots_;
    wait();
    return all;
  }
  void wait() {
    sync_.arrive_and_wait();
    if (phase_broken_) throw Error(ErrorKind::internal, "another rank of the thread group failed");
  }

  class Rank final : public distributed::Communicator {
   public:
    Rank(ThreadGroup& group, int rank) : group_(group), rank_(rank) {}
    int rank() const noexcept override { return rank_; }
    int size() const noexcept override { return group_.size_; }
    void allreduce(std::span<double> values, distributed::Reduction op) override {
      combine(values, op, group_.size_);
    }
    void allreduce(std::span<std::int64_t> values, distributed::Reduction op) override {
      combine(values, op, group_.size_);
    }
    void exclusive_prefix_sum(std::span<std::int64_t> values) override {
      combine(values, distributed::Reduction::sum, rank_);
    }
    void broadcast(std::vector<std::byte>& bytes, int root) override {
      if (root < 0 || root >= group_.size_)
        throw Error(ErrorKind::internal, "broadcast from rank " + std::to_string(root));
      bytes = group_.exchange(rank_, bytes)[static_cast<std::size_t>(root)];
    }

   private:
    // values[i] = op over the first `ranks` ranks' values[i] (a sum of none is 0).
    template <typename T>
    void combine(std::span<T> values, distributed::Reduction op, int ranks) {
      std::vector<std::byte> mine(values.size_bytes());
      if (!values.empty()) std::memcpy(mine.data(), values.data(), mine.size());
      const auto all = group_.exchange(rank_, std::move(mine));
      for (std::size_t i = 0; i < values.size(); ++i) {
        T result{};
        for (int r = 0; r < ranks; ++r) {
          T v;
          std::memcpy(&v, all[static_cast<std::size_t>(r)].data() + i * sizeof(T), sizeof(T));
          if (r == 0 || op == distributed::Reduction::sum) {
            result = r == 0 ? v : result + v;
          } else {
            result = op == distributed::Reduction::min ? std::min(result, v) : std::max(result, v);
          }
        }
        values[i] = result;
      }
    }
    ThreadGroup& group_;
    int rank_;
  };

  // Runs once per phase, when every rank arrived or dropped out: whether one dropped out by then
  // (a later throw breaks only the phases after it).
  struct PhaseEnd {
    ThreadGroup* group;
    void operator()() noexcept { group->phase_broken_ = group->broken_.load(); }
  };

  int size_;
  std::atomic<bool> broken_ = false;
  bool phase_broken_ = false;
  std::barrier<PhaseEnd> sync_;
  std::vector<std::vector<std::byte>> slots_;
};

}  // namespace mlctl::testing
