#include "large_data_memory.hpp"

#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

namespace mlctl {
namespace {

std::atomic<bool> huge_enabled{false};

// In the page before a huge allocation: how operator delete tells it from malloc's memory.
// malloc never returns a 2 MB-aligned pointer whose preceding bytes hold the magic and the
// pointer itself, so the check is exact in practice; the bytes read are always mapped.
struct Header {
  std::uint64_t magic;
  const void* self;
  void* mapping;
  std::size_t mapping_bytes;
};
constexpr std::uint64_t kMagic = 0x6d6c63746c2d3136ull;  // "mlctl-16"

std::uintptr_t round_up(std::uintptr_t value, std::uintptr_t to) {
  return (value + to - 1) / to * to;
}

// A mapping with one page for the header, then `bytes` rounded up to 2 MB, 2 MB-aligned;
// nullptr when the kernel has no room (the caller falls back to malloc).
void* map_huge(std::size_t bytes) {
  static const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
  const std::uintptr_t data = round_up(bytes, kHugePageBytes);
  const std::uintptr_t total = data + kHugePageBytes;  // room to align, header page included
  void* raw = ::mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t p = round_up(start + page, kHugePageBytes);
  const std::uintptr_t first = p - page;
  if (first > start) ::munmap(raw, first - start);
  if (start + total > p + data)
    ::munmap(reinterpret_cast<void*>(p + data), start + total - p - data);
  // No huge pages (THP off, or an old kernel): the mapping still works, page by page.
  ::madvise(reinterpret_cast<void*>(p), data, MADV_HUGEPAGE);
  auto* header = reinterpret_cast<Header*>(p) - 1;
  *header = {kMagic, reinterpret_cast<void*>(p), reinterpret_cast<void*>(first), data + page};
  return reinterpret_cast<void*>(p);
}

const Header* huge_header(const void* p) noexcept {
  if (p == nullptr || reinterpret_cast<std::uintptr_t>(p) % kHugePageBytes != 0) return nullptr;
  const auto* header = static_cast<const Header*>(p) - 1;
  return header->magic == kMagic && header->self == p ? header : nullptr;
}

[[maybe_unused]] void* allocate(std::size_t bytes) {
  if (bytes >= kHugeAllocationBytes && huge_enabled.load(std::memory_order_relaxed)) {
    if (void* p = map_huge(bytes)) return p;
  }
  for (;;) {
    if (void* p = std::malloc(bytes == 0 ? 1 : bytes)) return p;
    const std::new_handler handler = std::get_new_handler();
    if (handler == nullptr) throw std::bad_alloc();
    handler();
  }
}

[[maybe_unused]] void release(void* p) noexcept {
  if (const Header* header = huge_header(p)) {
    ::munmap(header->mapping, header->mapping_bytes);
    return;
  }
  std::free(p);
}

}  // namespace

void prepare_for_large_data() {
  if (huge_enabled.exchange(true)) return;
  // Fixed thresholds (glibc otherwise moves them as it frees): malloc serves up to 32 MB from
  // its heaps and keeps up to 256 MB of freed memory at their tops.
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 256 << 20);
}

bool has_huge_mapping(const void* p) noexcept {
  return huge_header(p) != nullptr;
}

}  // namespace mlctl

// The replaceable global allocation functions (the array and sized forms of the standard
// library call these two). They live here, beside prepare_for_large_data, so that a program
// that calls it links them. Not under AddressSanitizer: it replaces the other forms (nothrow
// new among them) with its own, whose memory our delete would hand to free.
#ifndef __SANITIZE_ADDRESS__
void* operator new(std::size_t bytes) {
  return mlctl::allocate(bytes);
}
void operator delete(void* p) noexcept {
  mlctl::release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  mlctl::release(p);
}
#endif  // __SANITIZE_ADDRESS__
