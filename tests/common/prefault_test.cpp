// Prefault: the whole pages of each range are faulted in, on a thread of its own, and never
// written; a range unmapped meanwhile is passed over.

#include <sys/mman.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstddef>
#include <cstdio>
#include <span>
#include <vector>

#include <doctest/doctest.h>

#include "common/prefault.hpp"

namespace {

const std::size_t kOsPage = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));

// MADV_POPULATE_WRITE came with Linux 5.14: older kernels fault nothing in (by design).
bool kernel_populates() {
  utsname name{};
  int major = 0, minor = 0;
  if (::uname(&name) != 0 || std::sscanf(name.release, "%d.%d", &major, &minor) != 2) return false;
  return major > 5 || (major == 5 && minor >= 14);
}

// FreshPages anonymous memory, no page of it touched.
struct FreshPages {
  explicit FreshPages(std::size_t length) : size(length) {
    void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    bytes = static_cast<std::byte*>(p);
  }
  ~FreshPages() {
    if (bytes != nullptr) ::munmap(bytes, size);
  }
  // How many of its pages are resident (mincore).
  std::size_t resident() const {
    std::vector<unsigned char> in((size + kOsPage - 1) / kOsPage);
    REQUIRE(::mincore(bytes, size, in.data()) == 0);
    std::size_t count = 0;
    for (const unsigned char c : in) count += c & 1u;
    return count;
  }
  std::byte* bytes = nullptr;
  std::size_t size;
};

}  // namespace

TEST_CASE("Prefault: the whole pages inside each range, as far as allowed, without a write") {
  if (!kernel_populates()) return;
  FreshPages memory(4 * mlctl::Prefault::kStepBytes + 5 * kOsPage);
  // A page written before: its contents stay.
  memory.bytes[2 * kOsPage + 7] = std::byte{42};
  REQUIRE(memory.resident() == 1);
  // From inside the first page to inside the last: the pages cut at either end stay out.
  const std::size_t inside = memory.size - 2 * kOsPage;
  {
    mlctl::Prefault prefault;
    prefault.start({std::span(memory.bytes + 100, memory.size - 200)});
    prefault.start({std::span(memory.bytes, memory.size)});  // a second start: nothing
    prefault.wait_allowed();
    CHECK(prefault.faulted() == 0);  // nothing before allow()
    CHECK(memory.resident() == 1);
    prefault.allow(0.5);
    prefault.wait_allowed();
    // Half, down to a page: the range starts on the second page.
    CHECK(prefault.faulted() == inside / 2 / kOsPage * kOsPage);
    // The page written before is among them (the third page); none after the half.
    CHECK(memory.resident() == prefault.faulted() / kOsPage);
    prefault.allow(0.25);  // less: nothing changes
    prefault.allow(2.0);   // more than all: all
    prefault.wait_allowed();
    CHECK(prefault.faulted() == inside);
  }
  CHECK(memory.resident() == memory.size / kOsPage - 2);
  CHECK(memory.bytes[2 * kOsPage + 7] == std::byte{42});
  CHECK(memory.bytes[3 * kOsPage] == std::byte{0});
}

TEST_CASE("Prefault: a range unmapped meanwhile is passed over, the next one faulted in") {
  if (!kernel_populates()) return;
  FreshPages gone(4 * kOsPage), kept(4 * kOsPage);
  const std::span<std::byte> gone_range(gone.bytes, gone.size);
  REQUIRE(::munmap(gone.bytes, gone.size) == 0);
  gone.bytes = nullptr;
  mlctl::Prefault prefault;
  prefault.start({gone_range, std::span(kept.bytes, kept.size)});
  prefault.allow(1.0);
  prefault.wait_allowed();
  CHECK(prefault.faulted() == kept.size);
  CHECK(kept.resident() == 4);
}

TEST_CASE("Prefault: nothing to do, or stopped by its end") {
  mlctl::Prefault idle;  // never started: nothing to wait for, allow() changes nothing
  idle.allow(1.0);
  idle.wait_allowed();
  CHECK(idle.faulted() == 0);
  FreshPages memory(64 * mlctl::Prefault::kStepBytes);
  {
    mlctl::Prefault prefault;
    prefault.start({std::span(memory.bytes, memory.size)});
    prefault.allow(1.0);
  }  // stops between two steps: some or all of the memory, never more
  CHECK(memory.resident() <= memory.size / kOsPage);
  mlctl::Prefault empty;
  empty.start({});
  empty.allow(1.0);
  empty.wait_allowed();
  CHECK(empty.faulted() == 0);
}
