#include "csv/data_files.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include <glob.h>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::csv {

namespace {

std::vector<std::string> glob_matches(const std::string& pattern) {
  glob_t found{};
  const int status = ::glob(pattern.c_str(), 0, nullptr, &found);
  std::vector<std::string> paths;
  if (status == 0) {
    for (std::size_t i = 0; i < found.gl_pathc; ++i) paths.emplace_back(found.gl_pathv[i]);
  }
  ::globfree(&found);
  if (status == GLOB_NOSPACE) throw std::bad_alloc();
  if (paths.empty()) {
    throw Error(ErrorKind::usage, fmt::format("no file matches \"{}\"", pattern));
  }
  // glob(3) sorts by the locale's collation; byte order is the same on every machine.
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

bool is_glob(const std::string& arg) {
  return arg.find_first_of("*?[") != std::string::npos;
}

std::vector<std::string> expand_data_paths(const std::vector<std::string>& args, int processes) {
  if (args.empty()) throw Error(ErrorKind::usage, "no input file given");
  std::vector<std::string> paths;
  for (const auto& arg : args) {
    if (arg == "-" && (args.size() > 1 || processes > 1)) {
      throw Error(ErrorKind::usage,
                  processes > 1 ? "stdin (-) cannot be split between processes: name files instead"
                                : "stdin (-) cannot be read with other files: name files instead");
    }
    if (is_glob(arg)) {
      const auto matches = glob_matches(arg);
      paths.insert(paths.end(), matches.begin(), matches.end());
    } else {
      paths.push_back(arg);
    }
  }
  return paths;
}

DataFiles open_data_files(const std::vector<std::string>& paths, const ReaderOptions& options) {
  DataFiles data;
  for (const auto& path : paths) {
    Reader reader(path, options);
    if (data.files.empty()) {
      data.header = reader.header();
    } else if (reader.header() != data.header) {
      throw Error(ErrorKind::data,
                  fmt::format("header differs from the header of {}: every file read as one "
                              "input needs the same columns in the same order",
                              data.files.front().path),
                  {reader.display_name(), 1});
    }
    DataFile file;
    file.path = path;
    file.delimiter = reader.delimiter();
    file.splittable = reader.total_bytes().has_value() && !reader.compressed();
    file.data_end =
        file.splittable ? *reader.total_bytes() : std::numeric_limits<std::uint64_t>::max();
    const Reader::Rest rest = reader.take_rest();
    file.data_begin = rest.offset;
    file.data_line = rest.line;
    file.after_cr = rest.after_cr;
    data.files.push_back(std::move(file));
  }
  return data;
}

}  // namespace mlctl::csv
