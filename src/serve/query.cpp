#include "serve/query.hpp"

#include <charconv>
#include <set>
#include <string_view>

#include <fmt/format.h>

#include "common/error.hpp"

namespace mlctl::serve {
namespace {

[[noreturn]] void refuse(std::string_view name, std::string_view value, std::string_view expected) {
  throw Error(ErrorKind::usage,
              fmt::format("query parameter {}: expected {}, got \"{}\"", name, expected, value));
}

bool parse_switch(std::string_view name, std::string_view value) {
  if (value == "1" || value == "true" || value.empty()) return true;
  if (value == "0" || value == "false") return false;
  refuse(name, value, "1, true, 0 or false");
}

template <typename T>
T parse_number(std::string_view name, std::string_view value, T low, T high,
               std::string_view expected) {
  T number{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc{} || end != value.data() + value.size() || !(number >= low) ||
      !(number <= high)) {
    refuse(name, value, expected);
  }
  return number;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string decoded(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      const int high = i + 2 < text.size() ? hex_digit(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hex_digit(text[i + 2]) : -1;
      if (high < 0 || low < 0) {
        throw Error(ErrorKind::usage,
                    fmt::format("bad percent escape in the query string: \"{}\"", text));
      }
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> query_of_target(std::string_view target) {
  std::vector<std::pair<std::string, std::string>> params;
  const auto mark = target.find('?');
  if (mark == std::string_view::npos) return params;
  std::string_view query = target.substr(mark + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view item = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (item.empty()) continue;
    const auto eq = item.find('=');
    params.emplace_back(decoded(item.substr(0, eq)), eq == std::string_view::npos
                                                         ? std::string{}
                                                         : decoded(item.substr(eq + 1)));
  }
  return params;
}

PredictQuery parse_predict_query(const std::vector<std::pair<std::string, std::string>>& params) {
  PredictQuery query;
  std::set<std::string> seen;
  for (const auto& [name, value] : params) {
    if (name != "keep" && !seen.insert(name).second) {
      throw Error(ErrorKind::usage, fmt::format("query parameter {} is given twice", name));
    }
    if (name == "model") {
      if (value.empty()) refuse(name, value, "a model name");
      query.model = value;
    } else if (name == "keep") {
      query.keep.push_back(value);
    } else if (name == "proba") {
      query.proba = parse_switch(name, value);
    } else if (name == "interval") {
      // 1 passes here and is refused by model::conformal_half_width, with predict's message.
      query.interval = parse_number(name, value, 0.0, 1.0, "a coverage between 0 and 1");
    } else if (name == "explain") {
      query.explain = parse_number(name, value, 1, 100000, "a whole number from 1 to 100000");
    } else if (name == "format") {
      if (value != "csv" && value != "jsonl") refuse(name, value, "csv or jsonl");
      query.jsonl = value == "jsonl";
    } else {
      throw Error(ErrorKind::usage,
                  fmt::format("unknown query parameter \"{}\" (known: model, keep, proba, "
                              "interval, explain, format)",
                              name));
    }
  }
  return query;
}

}  // namespace mlctl::serve
