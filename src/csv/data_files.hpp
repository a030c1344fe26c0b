#pragma once
// The DATA arguments of a job whose ranks each read a share (issue #15): file names and glob
// patterns expanded into files, and each file's header read and checked against the first's,
// so that the files read as one input with one header (csv/share.hpp splits it).

#include <cstdint>
#include <string>
#include <vector>

#include "csv/reader.hpp"

namespace mlctl::csv {

// One input file, its header read: its data (the records) are the bytes [data_begin, data_end).
struct DataFile {
  std::string path;
  std::uint64_t data_begin = 0;  // after the header row (after a BOM with --no-header)
  std::uint64_t data_end = 0;    // the file's size; UINT64_MAX when unknown (compressed, a pipe)
  std::uint64_t data_line = 1;   // the physical line data_begin is on
  bool after_cr = false;         // the byte before data_begin is a CR
  char delimiter = ',';          // as chosen by the file's name or sniffed
  bool splittable = false;       // a plain regular file, whose bytes can be cut anywhere
};

struct DataFiles {
  std::vector<std::string> header;  // the first file's (or --columns)
  std::vector<DataFile> files;      // in the order given, each pattern's matches sorted
};

// True when `arg` holds a glob character (* ? [).
bool is_glob(const std::string& arg);

// The files named by `args`: a glob pattern becomes its matches, sorted by name (byte order);
// other names stay as given. Throws Error(usage) for a pattern that matches nothing, for no
// argument at all, and for "-" (stdin) among several files or with `processes` > 1 (its
// bytes cannot be split: every rank would need all of them).
std::vector<std::string> expand_data_paths(const std::vector<std::string>& args, int processes);

// Opens each of `paths` and reads its header with `options`. Throws Error(data) naming a file
// and line 1 (its header's line) when its header is not the first file's, and the Reader's
// errors (a file that cannot be opened, an empty file, a bad header).
DataFiles open_data_files(const std::vector<std::string>& paths, const ReaderOptions& options);

}  // namespace mlctl::csv
