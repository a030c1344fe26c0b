#pragma once
// A std::allocator that takes large blocks from a SpillArena (spill_arena.hpp) when given one
// (plain heap otherwise), and leaves new elements unwritten when a vector grows by resize(): a
// parallel read sizes a column before its blocks are parsed into it, and zeroing it first would
// touch every page of it twice.

#include <algorithm>
#include <cstddef>
#include <new>
#include <utility>
#include <vector>

#include "common/spill_arena.hpp"

namespace mlctl {

template <class T>
class SpillAllocator {
 public:
  using value_type = T;
  // Moved and swapped with their containers: a column keeps its arena wherever it goes.
  using propagate_on_container_move_assignment = std::true_type;
  using propagate_on_container_swap = std::true_type;
  using propagate_on_container_copy_assignment = std::true_type;

  SpillAllocator() noexcept = default;
  explicit SpillAllocator(SpillArena* arena) noexcept : arena_(arena) {}
  template <class U>
  SpillAllocator(const SpillAllocator<U>& other) noexcept : arena_(other.arena()) {}

  T* allocate(std::size_t n) {
    if (n > static_cast<std::size_t>(-1) / sizeof(T)) throw std::bad_array_new_length();
    if (arena_ != nullptr) return static_cast<T*>(arena_->allocate(n * sizeof(T)));
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) noexcept {
    if (arena_ != nullptr) {
      arena_->deallocate(p, n * sizeof(T));
    } else {
      ::operator delete(p);
    }
  }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }

  SpillArena* arena() const noexcept { return arena_; }
  template <class U>
  bool operator==(const SpillAllocator<U>& other) const noexcept {
    return arena_ == other.arena();
  }

 private:
  SpillArena* arena_ = nullptr;
};

// A vector on a SpillAllocator equals a plain one with the same elements (found by argument-
// dependent lookup through the allocator; C++20 also gives the reversed form).
template <class T>
bool operator==(const std::vector<T, SpillAllocator<T>>& a, const std::vector<T>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace mlctl
