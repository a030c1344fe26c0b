#pragma once
// Work spread over worker threads without changing results: callers split their work into a
// fixed number of parts that depends on the data only (never on the thread count), keep one
// partial result per part and combine the parts in order afterwards.

#include <cstddef>
#include <functional>

namespace mlctl {

// Runs task(0) .. task(count - 1), on up to `threads` threads (the calling thread is one of them;
// 0 or 1 = all on the calling thread). Tasks are taken in index order. If tasks throw, the
// exception of the lowest index is rethrown once every thread has stopped, so the error a user
// sees does not depend on the thread count.
void parallel_for(std::size_t count, unsigned threads,
                  const std::function<void(std::size_t index)>& task);

}  // namespace mlctl
