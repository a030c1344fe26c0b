// csv::share_of: the ranks' shares, read in rank order, are the rows one process reads from the
// files in order (issue #15), whatever the number of ranks and wherever the nominal cuts land.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "csv/compress_support.hpp"
#include "csv/csv_test_support.hpp"
#include "csv/share.hpp"
#include "support/thread_group.hpp"

namespace mlctl::csv {
namespace {

using testing::TempFile;

// Files in a fresh temporary directory, removed with it.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "mlctl-share-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string add(const std::string& name, std::string_view content) const {
    const std::string path = (dir_ / name).string();
    std::ofstream out(path, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    REQUIRE(out.good());
    return path;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

struct ReadRow {
  std::string file;
  std::uint64_t line = 0;
  std::vector<std::string> fields;
  bool operator==(const ReadRow&) const = default;
};

}  // namespace
}  // namespace mlctl::csv

namespace doctest {
template <>
struct StringMaker<mlctl::csv::ReadRow> {
  static String convert(const mlctl::csv::ReadRow& row) {
    String text = (row.file + ":" + std::to_string(row.line) + ":").c_str();
    for (const auto& f : row.fields) text += ("[" + f + "]").c_str();
    return text;
  }
};
}  // namespace doctest

namespace mlctl::csv {
namespace {

void read_into(Reader& reader, std::vector<ReadRow>& rows) {
  Row row;
  while (reader.next(row)) {
    rows.push_back({reader.display_name(), row.line, {row.fields.begin(), row.fields.end()}});
  }
}

// One process, each file read whole in order.
std::vector<ReadRow> single_read(const std::vector<std::string>& paths,
                                 const ReaderOptions& options = {}) {
  std::vector<ReadRow> rows;
  for (const auto& path : paths) {
    Reader reader(path, options);
    read_into(reader, rows);
  }
  return rows;
}

// `ranks` ranks, each reading its share; their rows in rank order.
std::vector<ReadRow> shared_read(const std::vector<std::string>& args, int ranks,
                                 const ReaderOptions& options = {}) {
  std::vector<std::vector<ReadRow>> by_rank(static_cast<std::size_t>(ranks));
  mlctl::testing::ThreadGroup::run(ranks, [&](distributed::Communicator& comm) {
    const Share share = share_of(args, options, &comm);
    auto& rows = by_rank[static_cast<std::size_t>(comm.rank())];
    for (const auto& part : share.parts) {
      Reader reader = open_part(part, options);
      read_into(reader, rows);
    }
  });
  std::vector<ReadRow> all;
  for (auto& rows : by_rank) all.insert(all.end(), rows.begin(), rows.end());
  return all;
}

void check_shares(const std::vector<std::string>& args, const std::vector<std::string>& paths,
                  ReaderOptions options = {}, int most_ranks = 4) {
  const auto expected = single_read(paths, options);
  for (int ranks = 1; ranks <= most_ranks; ++ranks) {
    for (const std::size_t block : {std::size_t{3}, ReaderOptions{}.block_size}) {
      CAPTURE(ranks);
      CAPTURE(block);
      options.block_size = block;
      CHECK(shared_read(args, ranks, options) == expected);
    }
  }
}

// True when byte `at` of `text` is inside a quoted field, by the quotes before it.
bool inside_quotes(std::string_view text, std::size_t at) {
  std::size_t quotes = 0;
  for (std::size_t i = 0; i < at; ++i) quotes += text[i] == '"' ? 1 : 0;
  return quotes % 2 == 1;
}

// The nominal cut of rank r of n in a one-file `text` whose header ends at `data_begin`.
std::size_t nominal_cut(std::string_view text, std::size_t data_begin, int r, int n) {
  const std::size_t data = text.size() - data_begin;
  return data_begin + data * static_cast<std::size_t>(r) / static_cast<std::size_t>(n);
}

// Records whose quoted field holds most of the bytes, with line breaks (`eol` inside and
// after), doubled quotes and delimiters.
std::string quoted_lines(const std::string& eol, int records) {
  std::string text = "id,note,x" + eol;
  std::string lines;
  for (int line = 0; line < 6; ++line) lines += std::string(30, 'z') + eol;
  for (int i = 0; i < records; ++i) {
    text += std::to_string(i) + ",\"a \"\"quoted\"\" word, a comma" + eol + lines + "last\"," +
            std::to_string(i * 7) + eol;
  }
  return text;
}

TEST_CASE("share: a real dataset split over 1 to 4 ranks reads as one process reads it") {
  const std::string path = std::string(MLCTL_DATA_DIR) + "/titanic.csv";
  check_shares({path}, {path});
}

TEST_CASE("share: quoted line breaks and doubled quotes across the nominal cuts") {
  for (const std::string eol : {"\n", "\r\n", "\r"}) {
    CAPTURE(eol.size());
    const std::string text = quoted_lines(eol, 11);
    const TempFile file(text);
    const std::size_t data_begin = text.find(eol) + eol.size();
    // The file is built so that the nominal cuts land inside quoted fields (where a cut at the
    // next line break would be wrong): the test is of the quote parity.
    for (int n = 2; n <= 4; ++n) {
      for (int r = 1; r < n; ++r) CHECK(inside_quotes(text, nominal_cut(text, data_begin, r, n)));
    }
    check_shares({file.path()}, {file.path()});
  }
}

TEST_CASE("share: more ranks than records leaves some shares empty") {
  const TempFile file("a,b\n1,\"x\ny\"\n2,z\n\n3,w");
  check_shares({file.path()}, {file.path()}, {}, 7);
}

TEST_CASE("share: a BOM, a CRLF header and --no-header") {
  const TempFile bom(
      "\xEF\xBB\xBF"
      "a,b\r\n1,2\r\n3,\"4\r\n5\"\r\n6,7\r\n");
  check_shares({bom.path()}, {bom.path()});
  ReaderOptions headerless;
  headerless.header = false;
  headerless.columns = {"a", "b"};
  const TempFile data("1,2\n3,\"4\n5\"\n6,7\n8,9\n");
  check_shares({data.path()}, {data.path()}, headerless);
}

TEST_CASE("share: a glob of three files, one with a header only, reads as one input") {
  const TempDir dir;
  const auto a = dir.add("part-1.csv", quoted_lines("\n", 4));
  const auto b = dir.add("part-2.csv", "id,note,x\n");
  const auto c = dir.add("part-3.csv", quoted_lines("\r\n", 3));
  dir.add("other.txt", "not,data\n");
  check_shares({dir.path("part-*.csv")}, {a, b, c}, {}, 7);
  // Several arguments, a pattern among them, in the order given.
  check_shares({c, dir.path("part-[12].csv")}, {c, a, b});
}

TEST_CASE("share: every rank throws the same error for files that do not go together") {
  const TempDir dir;
  dir.add("a.csv", "x,y\n1,2\n");
  const auto b = dir.add("b.csv", "x,z\n1,2\n");
  for (int ranks = 1; ranks <= 3; ++ranks) {
    CAPTURE(ranks);
    try {
      shared_read({dir.path("*.csv")}, ranks);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::data);
      CHECK(e.where().file == b);
      CHECK(e.where().line == 1);
      CHECK(e.message() ==
            "header differs from the header of " + dir.path("a.csv") +
                ": every file read as one input needs the same columns in the same order");
    }
  }
}

TEST_CASE("share: a pattern without a match, stdin and compressed files are refused") {
  const TempDir dir;
  const auto check_usage = [](const std::vector<std::string>& args, int ranks,
                              const std::string& message, const std::string& file = "") {
    try {
      shared_read(args, ranks);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::usage);
      CHECK(e.message() == message);
      CHECK(e.where().file == file);
    }
  };
  check_usage({dir.path("*.csv")}, 2, "no file matches \"" + dir.path("*.csv") + "\"");
  check_usage({"-"}, 2, "stdin (-) cannot be split between processes: name files instead");
  check_usage({"-"}, 1, "stdin (-) cannot be read by the process of a job: name files instead");
  const auto plain = dir.add("a.csv", "x\n1\n");
  check_usage({plain, "-"}, 1, "stdin (-) cannot be read with other files: name files instead");
  const auto compressed = dir.add("b.csv.gz", testing::gzip_of("x\n2\n"));
  check_usage({plain, compressed}, 2,
              "cannot be split between processes: not a plain regular file (decompress it, or "
              "use one process)",
              compressed);
  CHECK(shared_read({plain, compressed}, 1) == single_read({plain, compressed}));
}

TEST_CASE("share: a quote inside an unquoted field is reported, never a wrong split") {
  // 5"2 is data to the Reader, but it upsets the quote count: the cut lands inside a quoted
  // field, and the rank before it says so instead of reading other rows than one process.
  std::string text = "a,b\n5\"2,x\n";
  for (int i = 0; i < 6; ++i) text += std::to_string(i) + ",\"p\nq\"\n";
  const TempFile file(text);
  REQUIRE(single_read({file.path()}).size() == 7);
  try {
    shared_read({file.path()}, 2);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::data);
    CHECK(e.where().file == file.path());
    CHECK(e.message() ==
          "quoted field runs past where the input was split between processes: a quote inside "
          "an unquoted field earlier in the file upsets the split (quote that field, writing "
          "its quote twice, or use one process)");
  }
}

}  // namespace
}  // namespace mlctl::csv
