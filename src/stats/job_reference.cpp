#include "stats/job_reference.hpp"

#include <cstring>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "common/parallel.hpp"
#include "distributed/label_counts.hpp"
#include "distributed/record.hpp"

namespace mlctl::stats {
namespace {

constexpr const char* kRecord = "a gathered column statistics record";

[[noreturn]] void malformed() {
  throw Error(ErrorKind::internal, std::string(kRecord) + " is malformed");
}

// What the first allgather carries from one rank.
struct RankHeader {
  std::uint64_t rows = 0;
  std::vector<Moments> moments;               // per numeric column
  std::vector<std::uint64_t> category_bytes;  // per categorical column: its count record's size
};

// The moments of a and b together (Chan, Golub and LeVeque), a's rows first: with one side
// empty, the other side's bits; equal extremes keep a's (as moments.hpp keeps the first lane's).
Moments merge(const Moments& a, const Moments& b) {
  if (b.present == 0) return a;
  if (a.present == 0) return b;
  const auto na = static_cast<double>(a.present);
  const auto nb = static_cast<double>(b.present);
  const double n = na + nb;
  const double delta = b.mean - a.mean;
  Moments m;
  m.present = a.present + b.present;
  m.mean = a.mean + delta * (nb / n);
  m.squares = a.squares + b.squares + delta * delta * (na * (nb / n));
  m.lo = b.lo < a.lo ? b.lo : a.lo;
  m.hi = b.hi > a.hi ? b.hi : a.hi;
  return m;
}

// A categorical column's counts on this rank, by label (distributed/label_counts.hpp).
std::vector<std::byte> category_record(const CategoryPart& part) {
  std::vector<std::uint64_t> counts(part.labels.size(), 0);
  std::uint64_t missing = 0;
  for (const auto code : part.codes) {
    if (code < 0) {
      ++missing;
    } else {
      ++counts[static_cast<std::size_t>(code)];
    }
  }
  distributed::RecordWriter out;
  distributed::put_label_counts(out, missing, part.labels, counts);
  return std::move(out).bytes();
}

std::vector<RankHeader> gather_headers(std::uint64_t rows,
                                       std::span<const std::span<const double>> numeric,
                                       std::span<const std::vector<std::byte>> category_records,
                                       distributed::Communicator& comm, unsigned threads) {
  std::vector<Moments> local(numeric.size());
  parallel_for(numeric.size(), threads, [&](std::size_t j) { local[j] = moments_of(numeric[j]); });
  distributed::RecordWriter out;
  out.put(rows);
  out.put<std::uint64_t>(numeric.size());
  out.put<std::uint64_t>(category_records.size());
  for (const Moments& m : local) {
    out.put<std::uint64_t>(m.present);
    out.put(m.mean);
    out.put(m.squares);
    out.put(m.lo);
    out.put(m.hi);
  }
  for (const auto& record : category_records) out.put<std::uint64_t>(record.size());
  std::vector<RankHeader> headers;
  for (const auto& bytes : comm.allgather(out.bytes())) {
    distributed::RecordReader in(bytes, kRecord);
    RankHeader& h = headers.emplace_back();
    h.rows = in.get<std::uint64_t>();
    // Every rank sees every header, so on a mismatch every rank throws here: none waits.
    if (in.get<std::uint64_t>() != numeric.size() ||
        in.get<std::uint64_t>() != category_records.size())
      throw Error(ErrorKind::internal, "the ranks of the job disagree on the number of columns");
    for (std::size_t j = 0; j < numeric.size(); ++j) {
      Moments& m = h.moments.emplace_back();
      m.present = in.get<std::uint64_t>();
      m.mean = in.get<double>();
      m.squares = in.get<double>();
      m.lo = in.get<double>();
      m.hi = in.get<double>();
    }
    for (std::size_t j = 0; j < category_records.size(); ++j)
      h.category_bytes.push_back(in.get<std::uint64_t>());
    in.expect_end();
  }
  return headers;
}

// The end of the batch of columns that starts at `begin`: at least one column, then as many as
// keep the batch within `limit` bytes. `bytes(j)` is column j's size on all ranks together, the
// same on every rank, so every rank cuts the same batches.
template <typename Bytes>
std::size_t batch_end(std::size_t begin, std::size_t columns, std::size_t limit, Bytes bytes) {
  std::size_t end = begin;
  std::size_t total = 0;
  while (end < columns && (end == begin || total + bytes(end) <= limit)) {
    total += bytes(end);
    ++end;
  }
  return end;
}

// The numeric references: each column's job-wide moments, and its sample gathered a batch of
// columns at a time.
void numeric_references(std::span<const std::span<const double>> numeric,
                        std::span<const RankHeader> headers, JobReferences& out,
                        distributed::Communicator& comm, unsigned threads,
                        std::size_t batch_bytes) {
  const std::size_t columns = numeric.size();
  std::vector<Moments> whole(columns);
  std::vector<std::uint64_t> first_index(columns, 0);  // this rank's first present value
  for (std::size_t r = 0; r < headers.size(); ++r) {
    for (std::size_t j = 0; j < columns; ++j) {
      if (r < static_cast<std::size_t>(comm.rank()))
        first_index[j] += headers[r].moments[j].present;
      whole[j] = merge(whole[j], headers[r].moments[j]);
    }
  }
  std::vector<std::size_t> stride(columns, 1);
  std::vector<std::uint64_t> sample_size(columns, 0);
  for (std::size_t j = 0; j < columns; ++j) {
    if (whole[j].present == 0) continue;
    stride[j] = reference_stride(whole[j].present);
    sample_size[j] = (whole[j].present + stride[j] - 1) / stride[j];
  }
  out.numeric.resize(columns);
  for (std::size_t begin = 0; begin < columns;) {
    const std::size_t end = batch_end(begin, columns, batch_bytes, [&](std::size_t j) {
      return static_cast<std::size_t>(sample_size[j]) * sizeof(double);
    });
    std::vector<std::vector<double>> mine(end - begin);
    parallel_for(end - begin, threads, [&](std::size_t k) {
      const std::size_t j = begin + k;
      if (whole[j].present > 0) add_stride_sample(numeric[j], stride[j], first_index[j], mine[k]);
    });
    distributed::RecordWriter record;
    for (const auto& sample : mine) record.put_values<double>(sample);
    const auto all = comm.allgather(record.bytes());
    std::vector<std::vector<double>> samples(end - begin);
    for (const auto& bytes : all) {  // in rank order: the one-process sample's order
      distributed::RecordReader in(bytes, kRecord);
      for (auto& sample : samples) in.get_values(sample);
      in.expect_end();
    }
    parallel_for(end - begin, threads, [&](std::size_t k) {
      const std::size_t j = begin + k;
      if (samples[k].size() != sample_size[j]) malformed();
      out.numeric[j] =
          numeric_reference_from(whole[j], out.rows - whole[j].present, std::move(samples[k]));
    });
    begin = end;
  }
}

// The categorical references: each rank's counts by label, summed, a batch of columns at a time.
void category_references(std::span<const std::vector<std::byte>> records,
                         std::span<const RankHeader> headers, JobReferences& out,
                         distributed::Communicator& comm, unsigned threads,
                         std::size_t batch_bytes) {
  const std::size_t columns = records.size();
  out.categorical.resize(columns);
  for (std::size_t begin = 0; begin < columns;) {
    const std::size_t end = batch_end(begin, columns, batch_bytes, [&](std::size_t j) {
      std::size_t bytes = 0;
      for (const RankHeader& h : headers) bytes += static_cast<std::size_t>(h.category_bytes[j]);
      return bytes;
    });
    std::vector<std::byte> batch;
    for (std::size_t j = begin; j < end; ++j) {
      batch.insert(batch.end(), records[j].begin(), records[j].end());
    }
    const auto all = comm.allgather(batch);
    // Each rank's record of each column of the batch, in rank order.
    std::vector<std::vector<std::span<const std::byte>>> parts(end - begin);
    for (std::size_t r = 0; r < all.size(); ++r) {
      std::size_t at = 0;
      for (std::size_t j = begin; j < end; ++j) {
        const auto size = static_cast<std::size_t>(headers[r].category_bytes[j]);
        if (size > all[r].size() - at) malformed();
        parts[j - begin].push_back(std::span<const std::byte>(all[r]).subspan(at, size));
        at += size;
      }
      if (at != all[r].size()) malformed();
    }
    parallel_for(end - begin, threads, [&](std::size_t k) {
      distributed::LabelCounts counts;
      for (const auto bytes : parts[k]) {
        distributed::RecordReader in(bytes, kRecord);
        counts.add(in);
        in.expect_end();
      }
      const std::uint64_t missing = counts.missing();
      const auto merged = std::move(counts).merged();
      std::vector<LabelCount> entries(merged.labels.size());
      for (std::size_t i = 0; i < entries.size(); ++i) {
        entries[i] = {merged.labels[i], merged.counts[i]};
      }
      out.categorical[begin + k] = category_reference_from(entries, missing);
    });
    begin = end;
  }
}

}  // namespace

JobReferences job_references(std::uint64_t rows, std::span<const std::span<const double>> numeric,
                             std::span<const CategoryPart> categorical,
                             distributed::Communicator& comm, unsigned threads,
                             std::size_t batch_bytes) {
  std::vector<std::vector<std::byte>> records(categorical.size());
  parallel_for(categorical.size(), threads,
               [&](std::size_t j) { records[j] = category_record(categorical[j]); });
  const std::vector<RankHeader> headers = gather_headers(rows, numeric, records, comm, threads);
  JobReferences out;
  for (const RankHeader& h : headers) out.rows += h.rows;
  numeric_references(numeric, headers, out, comm, threads, batch_bytes);
  category_references(records, headers, out, comm, threads, batch_bytes);
  return out;
}

}  // namespace mlctl::stats
