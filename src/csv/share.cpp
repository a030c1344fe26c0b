// How the input is cut between ranks (share.hpp). Positions are global: the offset in the
// data bytes of all files one after the other, so that a cut at the end of a file and one at
// the start of the next are the same number.
#include "csv/share.hpp"

#include <array>
#include <cstdint>
#include <limits>

#include "common/error.hpp"
#include "csv/record_starts.hpp"
#include "distributed/agreed.hpp"

namespace mlctl::csv {

namespace {

using detail::RecordStart;

// A record start: a global position, and its line and after_cr in its file.
struct Cut {
  std::uint64_t at = 0;
  std::uint64_t line = 0;
  bool after_cr = false;
};

struct Layout {
  std::vector<std::uint64_t> starts;  // global position of each file's data; then the total
  std::uint64_t total() const { return starts.back(); }
  std::uint64_t size_of(std::size_t f) const { return starts[f + 1] - starts[f]; }
};

Layout layout_of(const DataFiles& data) {
  Layout layout{{0}};
  for (const auto& file : data.files) {
    layout.starts.push_back(layout.starts.back() + (file.data_end - file.data_begin));
  }
  return layout;
}

// The nominal start of rank r of n: r/n of the total, without overflow.
std::uint64_t nominal(std::uint64_t total, int r, int n) {
  const auto rank = static_cast<std::uint64_t>(r);
  const auto ranks = static_cast<std::uint64_t>(n);
  return total / ranks * rank + total % ranks * rank / ranks;
}

// Quotes and lines of each file within [from, to), two numbers per file.
std::vector<std::int64_t> count_range(const DataFiles& data, const Layout& layout,
                                      std::uint64_t from, std::uint64_t to) {
  std::vector<std::int64_t> counts(2 * data.files.size(), 0);
  for (std::size_t f = 0; f < data.files.size(); ++f) {
    const std::uint64_t lo = std::max(from, layout.starts[f]);
    const std::uint64_t hi = std::min(to, layout.starts[f + 1]);
    if (lo >= hi) continue;
    const DataFile& file = data.files[f];
    const std::uint64_t begin = file.data_begin + (lo - layout.starts[f]);
    // The byte before the range decides whether an LF first ends a line of its own.
    const bool after_cr =
        lo > layout.starts[f] ? detail::byte_at(file.path, begin - 1) == '\r' : file.after_cr;
    const auto found =
        detail::count_quotes_and_lines(file.path, begin, begin + (hi - lo), after_cr);
    counts[2 * f] = static_cast<std::int64_t>(found.quotes);
    counts[2 * f + 1] = static_cast<std::int64_t>(found.lines);
  }
  return counts;
}

// The first record start at or after the global position `at`; `before`: the quotes and lines
// of each file before `at` (the exclusive prefix sum of count_range).
Cut first_start(const DataFiles& data, const Layout& layout, std::uint64_t at,
                const std::vector<std::int64_t>& before) {
  std::size_t f = 0;
  while (f < data.files.size() && layout.starts[f + 1] <= at) ++f;
  if (f == data.files.size() || at == layout.starts[f]) return {at, 0, false};
  const DataFile& file = data.files[f];
  const std::uint64_t offset = file.data_begin + (at - layout.starts[f]);
  const RecordStart start = detail::next_record_start(
      file.path, offset, file.data_end, static_cast<std::uint64_t>(before[2 * f]),
      file.data_line + static_cast<std::uint64_t>(before[2 * f + 1]));
  return {layout.starts[f] + (start.offset - file.data_begin), start.line, start.after_cr};
}

// The parts of [from, to) in each file; `from` starts on `from_line` when inside a file.
std::vector<SharePart> parts_of(const DataFiles& data, const Layout& layout, const Cut& from,
                                std::uint64_t to) {
  std::vector<SharePart> parts;
  for (std::size_t f = 0; f < data.files.size(); ++f) {
    const std::uint64_t lo = std::max(from.at, layout.starts[f]);
    const std::uint64_t hi = std::min(to, layout.starts[f + 1]);
    if (lo >= hi) continue;
    const DataFile& file = data.files[f];
    ByteRange range;
    range.begin = file.data_begin + (lo - layout.starts[f]);
    range.end = file.data_begin + (hi - layout.starts[f]);
    const bool inside = lo > layout.starts[f];
    range.line = inside ? from.line : file.data_line;
    range.after_cr = inside ? from.after_cr : file.after_cr;
    range.cut = hi < layout.starts[f + 1];
    range.header = data.header;
    range.delimiter = file.delimiter;
    parts.push_back({file.path, std::move(range)});
  }
  return parts;
}

// Every file's data, whole (one process; a compressed file's size is not known).
std::vector<SharePart> whole_files(const DataFiles& data) {
  std::vector<SharePart> parts;
  for (const auto& file : data.files) {
    parts.push_back({file.path, ByteRange{file.data_begin, file.data_end, file.data_line,
                                          file.after_cr, false, data.header, file.delimiter}});
  }
  return parts;
}

void check_splittable(const DataFiles& data) {
  for (const auto& file : data.files) {
    if (!file.splittable) {
      throw Error(ErrorKind::usage,
                  "cannot be split between processes: not a plain regular file (decompress it, "
                  "or use one process)",
                  {file.path});
    }
  }
}

}  // namespace

Reader open_part(const SharePart& part, const ReaderOptions& options) {
  if (part.range) return Reader(part.path, *part.range, options);
  return Reader(part.path, options);
}

Share share_of(const std::vector<std::string>& data_args, const ReaderOptions& options,
               distributed::Communicator* comm) {
  const int ranks = comm == nullptr ? 1 : comm->size();
  const int rank = comm == nullptr ? 0 : comm->rank();
  DataFiles data;
  distributed::run_agreed(comm, [&] {
    // A job opens the input twice (its header, then the rows): stdin, once. (With more
    // processes, or among files, expand_data_paths refuses it.)
    if (comm != nullptr && ranks == 1 && data_args == std::vector<std::string>{"-"}) {
      throw Error(ErrorKind::usage,
                  "stdin (-) cannot be read by the process of a job: name files instead");
    }
    data = open_data_files(expand_data_paths(data_args, ranks), options);
    if (ranks > 1) check_splittable(data);
  });
  Share share{data.header, data.files.front().path, {}};
  if (ranks == 1 && data.files.size() == 1) {
    share.parts.push_back({data.files.front().path, std::nullopt});
    return share;
  }
  if (ranks == 1) {
    share.parts = whole_files(data);
    return share;
  }
  const Layout layout = layout_of(data);
  const std::uint64_t from = nominal(layout.total(), rank, ranks);
  const std::uint64_t to = nominal(layout.total(), rank + 1, ranks);
  std::vector<std::int64_t> before;
  std::vector<std::int64_t> cuts(3 * static_cast<std::size_t>(ranks), 0);
  distributed::run_agreed(comm, [&] { before = count_range(data, layout, from, to); });
  comm->exclusive_prefix_sum(before);
  distributed::run_agreed(comm, [&] {
    const Cut mine = first_start(data, layout, from, before);
    const auto slot = 3 * static_cast<std::size_t>(rank);
    cuts[slot] = static_cast<std::int64_t>(mine.at);
    cuts[slot + 1] = static_cast<std::int64_t>(mine.line);
    cuts[slot + 2] = mine.after_cr ? 1 : 0;
  });
  comm->allreduce(cuts, distributed::Reduction::sum);
  const auto slot = 3 * static_cast<std::size_t>(rank);
  const Cut start{static_cast<std::uint64_t>(cuts[slot]),
                  static_cast<std::uint64_t>(cuts[slot + 1]), cuts[slot + 2] != 0};
  const std::uint64_t end =
      rank + 1 == ranks ? layout.total() : static_cast<std::uint64_t>(cuts[slot + 3]);
  share.parts = parts_of(data, layout, start, end);
  return share;
}

}  // namespace mlctl::csv
