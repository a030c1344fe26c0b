#pragma once
// Memory set up for large data (issue #16): where a page fault is expensive (a virtual machine
// may take 10 us per fault), a fit of 1M rows x 20 spent most of its system time faulting in
// its columns 4 KB at a time and faulting again the buffers malloc had given back.
//
// prepare_for_large_data() does two things, for the rest of the process:
// - operator new gives allocations of at least kHugeAllocationBytes a mapping of their own,
//   2 MB-aligned, its size rounded up to 2 MB, advised MADV_HUGEPAGE: with transparent huge
//   pages in "madvise" or "always" mode, one fault then brings 2 MB (the table's columns, the
//   rows' lines, the targets). In-process, what GLIBC_TUNABLES=glibc.malloc.hugetlb=1 does for
//   glibc's own mappings; without huge pages it is an mmap per large buffer, as glibc's.
// - malloc keeps what is freed below 32 MB for reuse instead of returning it to the kernel
//   (mallopt M_MMAP_THRESHOLD and M_TRIM_THRESHOLD; glibc only): the solvers' per-pass scratch
//   blocks come back from the same pages, already faulted in, pass after pass.
// Nothing else changes: the same bytes are allocated, and nothing is zeroed that was not.
//
// It is the program's choice, not the library's: the replacement operator new lives in the
// mlctl binaries (apps/), so that a program embedding libmlcore keeps its own allocator.

#include <cstddef>

namespace mlctl {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;
// Below this, the rounding up to 2 MB would cost more memory than the faults it saves. From
// here it adds less than 2 MB, at most half the allocation (just over 4 MB -> 6 MB). 3 MB, not 4:
// a 1M-row column of 4-byte category codes with 2% room (4.08 MB) took 1,000 faults of 4 KB.
inline constexpr std::size_t kHugeAllocationBytes = std::size_t{3} << 20;

// Call at the start of a command that reads large data, before it starts threads (mallopt is
// not meant to run beside allocations). Calling it again does nothing.
void prepare_for_large_data();

// Whether `p`, from operator new, has a huge-page mapping of its own (tests).
bool has_huge_mapping(const void* p) noexcept;

}  // namespace mlctl
