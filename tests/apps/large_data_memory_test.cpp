// prepare_for_large_data: large allocations through operator new get a 2 MB-aligned mapping of
// their own, advised for huge pages; small ones stay malloc's; both are freed by delete.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "apps/large_data_memory.hpp"

namespace {

// The VmFlags of the mapping holding `address` (/proc/self/smaps), "" when not found.
std::string vm_flags_of(std::uintptr_t address) {
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  std::string line;
  while (std::getline(smaps, line)) {
    std::uintptr_t begin = 0, end = 0;
    char dash = 0;
    std::istringstream range(line);
    if (range >> std::hex >> begin >> dash >> end && dash == '-') {
      inside = begin <= address && address < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

}  // namespace

#ifdef __SANITIZE_ADDRESS__
constexpr bool kReplacedNew = false;  // AddressSanitizer keeps its own operator new
#else
constexpr bool kReplacedNew = true;
#endif

TEST_CASE("prepare_for_large_data: large buffers on huge-page mappings of their own") {
  if (!kReplacedNew) return;
  mlctl::prepare_for_large_data();
  mlctl::prepare_for_large_data();  // again: nothing changes

  auto large = std::make_unique<char[]>(mlctl::kHugeAllocationBytes + 100);
  CHECK(mlctl::has_huge_mapping(large.get()));
  CHECK(reinterpret_cast<std::uintptr_t>(large.get()) % mlctl::kHugePageBytes == 0);
  large[0] = 1;  // the whole size is usable, rounded up to 2 MB
  large[mlctl::kHugeAllocationBytes + 99] = 2;
  CHECK(large[0] + large[mlctl::kHugeAllocationBytes + 99] == 3);
  if (std::filesystem::exists("/sys/kernel/mm/transparent_hugepage/enabled")) {
    CHECK(vm_flags_of(reinterpret_cast<std::uintptr_t>(large.get())).find(" hg") !=
          std::string::npos);  // MADV_HUGEPAGE
  }

  // A vector's storage goes the same way (the table's columns, a fit's targets).
  std::vector<double> column(mlctl::kHugeAllocationBytes / sizeof(double));
  CHECK(mlctl::has_huge_mapping(column.data()));
  CHECK(column.back() == 0.0);  // value-initialised as ever

  auto small = std::make_unique<char[]>(mlctl::kHugeAllocationBytes - 1);
  CHECK_FALSE(mlctl::has_huge_mapping(small.get()));
  CHECK_FALSE(mlctl::has_huge_mapping(nullptr));

  // Freed, the mapping is gone: a new one of the same size may take its place.
  const auto before = reinterpret_cast<std::uintptr_t>(large.get());
  large.reset();
  CHECK(vm_flags_of(before).empty());
}
