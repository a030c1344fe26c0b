#include "describe_dataset.hpp"

#include <cmath>
#include <cstddef>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "progress.hpp"
#include "stats/csv_stats.hpp"
#include "stats/sparkline.hpp"

namespace mlctl::cli {
namespace {

using stats::ColumnStats;
using stats::ColumnType;
using stats::DatasetStats;

constexpr std::size_t kMaxValueWidth = 24;  // longer values are cut in the text table
constexpr std::size_t kNoLimit = static_cast<std::size_t>(-1);

// Terminal columns taken by UTF-8 text: one per code point (no wide characters in our output
// beyond what the data brings, and those only shift the last column).
std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++width;
  }
  return width;
}

// A value as one terminal-safe line: control characters escaped, cut after `max_width`.
std::string printable(std::string_view value, std::size_t max_width = kMaxValueWidth) {
  std::string out;
  std::size_t width = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const auto c = static_cast<unsigned char>(value[i]);
    const bool starts_character = (c & 0xC0) != 0x80;
    if (starts_character && width == max_width) {
      out += "…";
      break;
    }
    if (starts_character) ++width;
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string number(double value) {
  if (std::isnan(value)) return "-";
  return fmt::format("{:.6g}", value);
}

// A "-0" in the data is the number 0; shown as "-0" (a minimum, a quartile, a histogram edge) in
// the text, the JSON or the HTML report, it would read like a value other than the 0 beside it.
void drop_negative_zeros(DatasetStats& stats) {
  const auto positive = [](double& value) {
    if (value == 0.0) value = 0.0;
  };
  for (auto& column : stats.columns) {
    if (!column.numeric) continue;
    auto& n = *column.numeric;
    for (double* value : {&n.mean, &n.min, &n.q25, &n.median, &n.q75, &n.max}) positive(*value);
    for (double& edge : n.histogram.edges) positive(edge);
  }
}

struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> right_aligned;  // per column; the last column is never padded
  std::vector<std::vector<std::string>> rows;

  std::string render() const {
    std::vector<std::size_t> widths(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) widths[c] = display_width(header[c]);
    for (const auto& row : rows) {
      for (std::size_t c = 0; c < row.size(); ++c) {
        widths[c] = std::max(widths[c], display_width(row[c]));
      }
    }
    std::string out;
    const auto append_row = [&](const std::vector<std::string>& row) {
      std::string line;
      for (std::size_t c = 0; c < row.size(); ++c) {
        if (c > 0) line += "  ";
        const std::size_t pad = widths[c] - display_width(row[c]);
        const bool last = c + 1 == row.size();
        if (right_aligned[c]) line.append(pad, ' ');
        line += row[c];
        if (!right_aligned[c] && !last) line.append(pad, ' ');
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out += line;
      out += '\n';
    };
    append_row(header);
    for (const auto& row : rows) append_row(row);
    return out;
  }
};

std::vector<std::string> counts_cells(const ColumnStats& column) {
  return {printable(column.name, kNoLimit), fmt::format("{}", column.count),
          fmt::format("{}", column.missing), fmt::format("{:.1f}%", column.missing_percent()),
          fmt::format("{}", column.distinct)};
}

std::string numeric_table(const DatasetStats& stats) {
  TextTable table{{"column", "count", "missing", "%", "distinct", "mean", "std", "min", "25%",
                   "50%", "75%", "max", "histogram (min to max)"},
                  {false, true, true, true, true, true, true, true, true, true, true, true, false},
                  {}};
  for (const auto& column : stats.columns) {
    if (column.type != ColumnType::numeric) continue;
    const auto& n = *column.numeric;
    auto row = counts_cells(column);
    for (const double value : {n.mean, n.std, n.min, n.q25, n.median, n.q75, n.max}) {
      row.push_back(number(value));
    }
    row.push_back(stats::sparkline(n.histogram.counts));
    table.rows.push_back(std::move(row));
  }
  return table.render();
}

std::string categorical_table(const DatasetStats& stats) {
  TextTable table{
      {"column", "count", "missing", "%", "distinct", "first non-number", "top values (count)"},
      {false, true, true, true, true, false, false},
      {}};
  for (const auto& column : stats.columns) {
    if (column.type != ColumnType::categorical) continue;
    const auto& c = *column.categorical;
    auto row = counts_cells(column);
    row.push_back(fmt::format("'{}' on line {}", printable(c.because.value), c.because.line));
    std::string top;
    for (const auto& entry : c.top) {
      if (!top.empty()) top += ", ";
      top += fmt::format("{} ({})", printable(entry.value), entry.count);
    }
    row.push_back(std::move(top));
    table.rows.push_back(std::move(row));
  }
  return table.render();
}

std::string plural(std::uint64_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

std::string summary_line(const DatasetStats& stats) {
  return fmt::format(
      "{}{}, {} ({} numeric, {} categorical, {} empty), {} with a missing value\n",
      plural(stats.rows, "row"), stats.rows == 0 ? " (header only)" : "",
      plural(stats.columns.size(), "column"), stats.columns_of_type(ColumnType::numeric),
      stats.columns_of_type(ColumnType::categorical), stats.columns_of_type(ColumnType::empty),
      plural(stats.rows_with_missing, "row"));
}

nlohmann::ordered_json json_number(double value) {
  // NaN (the std of a single value) has no JSON spelling.
  if (std::isnan(value)) return nullptr;
  return value;
}

}  // namespace

std::string render_dataset_text(const DatasetStats& stats) {
  std::string out = fmt::format("{}\n", stats.source);
  if (stats.columns_of_type(ColumnType::numeric) > 0) {
    out += "\nnumeric columns\n" + numeric_table(stats);
  }
  if (stats.columns_of_type(ColumnType::categorical) > 0) {
    out += "\ncategorical columns\n" + categorical_table(stats);
  }
  if (stats.columns_of_type(ColumnType::empty) > 0) {
    std::string names;
    for (const auto& column : stats.columns) {
      if (column.type != ColumnType::empty) continue;
      if (!names.empty()) names += ", ";
      names += printable(column.name, kNoLimit);
    }
    out += "\nempty columns (no values)\n" + names + "\n";
  }
  out += "\n" + summary_line(stats);
  return out;
}

nlohmann::ordered_json dataset_to_json(const DatasetStats& stats) {
  nlohmann::ordered_json columns = nlohmann::ordered_json::array();
  for (const auto& column : stats.columns) {
    nlohmann::ordered_json c;
    c["name"] = column.name;
    c["type"] = stats::to_string(column.type);
    c["count"] = column.count;
    c["missing"] = column.missing;
    c["missing_percent"] = column.missing_percent();
    c["distinct"] = column.distinct;
    if (column.numeric) {
      const auto& n = *column.numeric;
      c["mean"] = n.mean;
      c["std"] = json_number(n.std);
      c["min"] = n.min;
      c["25%"] = n.q25;
      c["50%"] = n.median;
      c["75%"] = n.q75;
      c["max"] = n.max;
      c["histogram"] = {{"edges", n.histogram.edges}, {"counts", n.histogram.counts}};
    }
    if (column.categorical) {
      const auto& cat = *column.categorical;
      nlohmann::ordered_json top = nlohmann::ordered_json::array();
      for (const auto& entry : cat.top)
        top.push_back({{"value", entry.value}, {"count", entry.count}});
      c["top"] = std::move(top);
      c["categorical_because"] = {{"value", cat.because.value}, {"line", cat.because.line}};
    }
    columns.push_back(std::move(c));
  }
  nlohmann::ordered_json out;
  out["file"] = stats.source;
  out["rows"] = stats.rows;
  out["rows_with_missing"] = stats.rows_with_missing;
  out["columns_by_type"] = {{"numeric", stats.columns_of_type(ColumnType::numeric)},
                            {"categorical", stats.columns_of_type(ColumnType::categorical)},
                            {"empty", stats.columns_of_type(ColumnType::empty)}};
  out["columns"] = std::move(columns);
  return out;
}

stats::DatasetStats read_dataset_stats(const std::string& path,
                                       const DescribeDatasetOptions& options) {
  csv::Reader reader(path, options.reader);
  Progress progress("reading " + reader.display_name(), options.quiet);
  DatasetStats stats = stats::collect_csv_stats(
      reader, {}, [&](const csv::ReadProgress& read) { progress.update(read); }, options.threads);
  progress.finish();
  drop_negative_zeros(stats);
  return stats;
}

stats::DatasetStats read_job_dataset_stats(const std::vector<std::string>& data,
                                           const DescribeDatasetOptions& options,
                                           distributed::Communicator& job) {
  const csv::Share share = csv::share_of(data, options.reader, &job);
  // As mlctl-mpi train names DATA; one file as plain describe names it.
  const std::string name = fmt::format("{}", fmt::join(data, " "));
  Progress progress("reading " + name, options.quiet);
  DatasetStats stats =
      stats::collect_share_stats(share, options.reader, name, job, {},
                                 [&](const csv::ReadProgress& read) { progress.update(read); });
  progress.finish();
  drop_negative_zeros(stats);
  return stats;
}

void describe_dataset(const std::string& path, const DescribeDatasetOptions& options, Output& out) {
  print_dataset(read_dataset_stats(path, options), options, out);
}

void print_dataset(const DatasetStats& stats, const DescribeDatasetOptions& options, Output& out) {
  if (options.json) {
    out.write(dataset_to_json(stats).dump(2));
    out.write("\n");
  } else {
    out.write(render_dataset_text(stats));
  }
}

}  // namespace mlctl::cli
