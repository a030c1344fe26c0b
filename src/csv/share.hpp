#pragma once
// The share of the input that one rank of a job reads (issue #15, docs/scale.md "How DATA is
// split across ranks"). DATA is one or more files (or glob patterns) read as one input with one
// header: the data bytes of all files (after each header), in order, are cut into as many
// ranges of about equal size as there are ranks, each cut moved forward to the next record
// start (csv/record_starts.hpp). Rank 0 reads the first range, and the ranks' rows in rank
// order are the rows of the files in order, each with its own file's line number.

#include <optional>
#include <string>
#include <vector>

#include "csv/byte_range.hpp"
#include "csv/data_files.hpp"
#include "csv/reader.hpp"
#include "distributed/communicator.hpp"

namespace mlctl::csv {

// One file's part of a share: read it with open_part. Without a range, the whole input (a
// single file read by one process: exactly the Reader of today, stdin and compressed included).
struct SharePart {
  std::string path;
  std::optional<ByteRange> range;
};

struct Share {
  std::vector<std::string> header;
  std::string first_file;        // of the whole input, to name an empty share's table
  std::vector<SharePart> parts;  // in order; none when this rank has no record to read
};

// A Reader over `part` with `options` (those share_of was given).
Reader open_part(const SharePart& part, const ReaderOptions& options);

// This rank's share of the files named by `data` (expand_data_paths, open_data_files), read
// with `options`. Collective over `comm` (nullptr: this process alone): every rank reads every
// header and scans its own nominal range once (count_quotes_and_lines), then one exclusive
// prefix sum (two numbers per file) and one sum (three per rank) place the cuts. Errors are
// agreed (Communicator::raise_if_any): every rank throws the same one. With more than one rank,
// every file must be a plain regular file: a compressed file or a pipe is Error(usage) naming
// it, since its bytes cannot be cut where they lie. Stdin ("-") is Error(usage) with `comm`,
// however many ranks.
Share share_of(const std::vector<std::string>& data, const ReaderOptions& options,
               distributed::Communicator* comm);

}  // namespace mlctl::csv
