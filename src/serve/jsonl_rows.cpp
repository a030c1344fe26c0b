#include "serve/jsonl_rows.hpp"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace mlctl::serve {
namespace {

using nlohmann::json;

// A CSV field as RFC 4180 writes it: quoted only when it holds a comma, quote or line break
// (as predict_rows.hpp's append_csv_field, which the core cannot call).
void append_field(std::string& out, std::string_view field) {
  const bool plain = std::none_of(field.begin(), field.end(), [](char c) {
    return c == ',' || c == '"' || c == '\n' || c == '\r';
  });
  if (plain) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// nlohmann's parse error text without its "[json.exception.parse_error.101] parse error at
// line 1, column 5: " prefix: the position is ours to give.
std::string parse_message(const std::string& what) {
  const auto colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

// Reads one line's object into `fields` (indexed by column, CSV text), adding new keys to
// `columns`. Any failure sets `error` (and `column` for a syntax error) and stops the parse.
class LineHandler : public nlohmann::json_sax<json> {
 public:
  LineHandler(std::vector<std::string>& columns,
              std::unordered_map<std::string, std::size_t>& index, std::vector<std::string>& fields,
              std::vector<std::uint64_t>& set_in, std::uint64_t record)
      : columns_(columns), index_(index), fields_(fields), set_in_(set_in), record_(record) {}

  std::string error;
  std::uint64_t column = 0;

  bool null() override { return value({}); }
  bool boolean(bool b) override { return value(b ? "true" : "false"); }
  bool number_integer(number_integer_t n) override { return value(fmt::format_int(n).c_str()); }
  bool number_unsigned(number_unsigned_t n) override { return value(fmt::format_int(n).c_str()); }
  bool number_float(number_float_t, const string_t& text) override { return value(text); }
  bool string(string_t& s) override {
    if (depth_ != 1) return value({});  // refused there
    scratch_.clear();
    append_field(scratch_, s);
    return value(scratch_);
  }
  bool binary(binary_t&) override { return nested("binary"); }
  bool start_object(std::size_t) override {
    if (depth_++ == 0) return true;
    return nested("an object");
  }
  bool end_object() override {
    --depth_;
    return true;
  }
  bool start_array(std::size_t) override {
    if (depth_ == 0) return fail("expected a JSON object, got an array");
    return nested("an array");
  }
  bool end_array() override { return true; }
  bool key(string_t& k) override {
    auto [it, added] = index_.try_emplace(k, columns_.size());
    if (added) {
      columns_.push_back(k);
      fields_.emplace_back();
      set_in_.push_back(0);
    }
    current_ = it->second;
    if (set_in_[current_] == record_) return fail(fmt::format("key \"{}\" is given twice", k));
    return true;
  }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::detail::exception& e) override {
    column = position;
    return fail("not valid JSON: " + parse_message(e.what()));
  }

 private:
  bool value(std::string_view text) {
    if (depth_ == 0) return fail("expected a JSON object, got a single value");
    if (depth_ != 1) return false;
    fields_[current_].assign(text);
    set_in_[current_] = record_;
    return true;
  }
  bool nested(const char* what) {
    if (depth_ == 0) return fail(fmt::format("expected a JSON object, got {}", what));
    return fail(fmt::format("key \"{}\": expected a number, string or null, got {}",
                            columns_[current_], what));
  }
  bool fail(std::string message) {
    if (error.empty()) error = std::move(message);
    return false;
  }

  std::vector<std::string>& columns_;
  std::unordered_map<std::string, std::size_t>& index_;
  std::vector<std::string>& fields_;
  std::vector<std::uint64_t>& set_in_;  // per column: the last record (from 1) that set it
  std::uint64_t record_;
  std::size_t current_ = 0;
  int depth_ = 0;
  std::string scratch_;
};

}  // namespace

Location JsonlRows::body_location(const Location& where, const std::string& name) const {
  const auto after = std::upper_bound(csv_line.begin(), csv_line.end(), where.line);
  if (where.line < 2 || after == csv_line.begin()) return {name, 0, 0};
  return {name, body_line[static_cast<std::size_t>(after - csv_line.begin()) - 1], 0};
}

JsonlRows jsonl_rows(std::string_view body, const std::string& name) {
  JsonlRows rows;
  std::unordered_map<std::string, std::size_t> index;
  // The record being read: its fields as CSV text, by column, and per column the last record
  // that set it. Records are written as read, with the columns known then; a key first seen on
  // line 9 is a column of lines 1 to 8 too, so they get its empty field at the end.
  std::vector<std::string> fields;
  std::vector<std::uint64_t> set_in;
  std::string records;
  std::vector<std::size_t> ends;    // per record: where its text ends in `records`
  std::vector<std::size_t> widths;  // per record: fields written
  std::uint64_t line = 0;
  std::uint64_t csv_line = 2;
  while (!body.empty()) {
    ++line;
    const auto end = body.find('\n');
    std::string_view text = body.substr(0, end);
    body = end == std::string_view::npos ? std::string_view{} : body.substr(end + 1);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (text.find_first_not_of(" \t") == std::string_view::npos) continue;

    const std::uint64_t record = rows.body_line.size() + 1;
    LineHandler handler(rows.columns, index, fields, set_in, record);
    if (!json::sax_parse(text.begin(), text.end(), &handler) || !handler.error.empty()) {
      throw Error(ErrorKind::data, handler.error.empty() ? "expected a JSON object" : handler.error,
                  {name, line, handler.column});
    }
    rows.body_line.push_back(line);
    rows.csv_line.push_back(csv_line);
    const std::size_t start = records.size();
    for (std::size_t c = 0; c < rows.columns.size(); ++c) {
      if (c > 0) records.push_back(',');
      if (set_in[c] == record) records.append(fields[c]);
    }
    // An empty line would be skipped as blank: a lone missing field is written quoted.
    if (records.size() == start) records.append("\"\"");
    csv_line += 1 + static_cast<std::uint64_t>(std::count(
                        records.begin() + static_cast<std::ptrdiff_t>(start), records.end(), '\n'));
    records.push_back('\n');
    ends.push_back(records.size());
    widths.push_back(std::max<std::size_t>(rows.columns.size(), 1));
  }

  for (std::size_t c = 0; c < rows.columns.size(); ++c) {
    if (c > 0) rows.csv.push_back(',');
    append_field(rows.csv, rows.columns[c]);
  }
  rows.csv.push_back('\n');
  const std::size_t width = rows.columns.size();
  if (std::all_of(widths.begin(), widths.end(), [width](std::size_t w) { return w == width; })) {
    rows.csv += records;
    return rows;
  }
  std::size_t start = 0;
  for (std::size_t r = 0; r < ends.size(); ++r) {
    rows.csv.append(records, start, ends[r] - 1 - start);
    rows.csv.append(width - std::min(width, widths[r]), ',');
    rows.csv.push_back('\n');
    start = ends[r];
  }
  return rows;
}

}  // namespace mlctl::serve
