#include "table/column_builder.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "common/error.hpp"
#include "csv/reader.hpp"

namespace mlctl::table::detail {

ColumnBuilder::ColumnBuilder(std::string name, Declared declared, bool keep_text,
                             std::string source, std::uint64_t field, std::shared_ptr<Spool> spool,
                             SpillArena* arena)
    : declared_(declared),
      keep_text_(keep_text && declared == Declared::none),
      source_(std::move(source)),
      field_(field) {
  column_.name = std::move(name);
  column_.numbers = Numbers(SpillAllocator<double>(arena));
  column_.codes = Codes(SpillAllocator<std::int32_t>(arena));
  if (keep_text_ && spool) spooled_.emplace(std::move(spool));
  if (declared == Declared::categorical) column_.type = ColumnType::categorical;
}

void ColumnBuilder::add(std::string_view field, bool missing, std::uint64_t line) {
  if (column_.type == ColumnType::numeric) {
    if (missing) {
      push_number(std::numeric_limits<double>::quiet_NaN());
      if (keep_text_) keep({});
      return;
    }
    if (const auto value = csv::parse_number(field)) {
      push_number(*value);
      if (keep_text_) keep(field);
      read_numbers_ = true;
      return;
    }
    if (declared_ == Declared::numeric) {
      throw Error(ErrorKind::data,
                  fmt::format("column \"{}\" is declared numeric, but \"{}\" is not a number",
                              column_.name, field),
                  {source_, line, field_});
    }
    column_.first_non_number = std::string(field);
    column_.first_non_number_line = line;
    convert_to_categorical();
  }
  column_.codes.push_back(missing ? -1 : intern(field));
}

void ColumnBuilder::append_numbers(const Numbers& numbers, const std::string& text) {
  if (count_ + numbers.size() <= column_.numbers.size()) {
    std::copy(numbers.begin(), numbers.end(),
              column_.numbers.begin() + static_cast<std::ptrdiff_t>(count_));
  } else {
    // Past the room: no block writes in place any more (each block's room lies before the
    // next block's, and a block writes in place only within the room), so it may move.
    column_.numbers.resize(count_);
    column_.numbers.insert(column_.numbers.end(), numbers.begin(), numbers.end());
  }
  count_ += numbers.size();
  if (keep_text_) keep_joined(text);
}

void ColumnBuilder::keep_joined(const std::string& text) {
  if (spooled_) {
    spooled_->add_joined(text);
  } else {
    text_ += text;
  }
}

double* ColumnBuilder::make_room(std::size_t rows) {
  if (column_.type != ColumnType::numeric) return nullptr;
  if (column_.numbers.size() < rows) column_.numbers.resize(rows);
  return column_.numbers.data();
}

void ColumnBuilder::write_numbers_to(double* storage) {
  if (column_.type == ColumnType::numeric && count_ == 0) external_ = storage;
}

void ColumnBuilder::take_numbers_in_place(std::size_t first, std::size_t count,
                                          const std::string& text) {
  if (column_.type != ColumnType::numeric || first < count_ ||
      first + count > column_.numbers.size()) {
    throw Error(ErrorKind::internal, "read_table: numbers written outside their column's room");
  }
  double* data = column_.numbers.data();
  if (first != count_) std::memmove(data + count_, data + first, count * sizeof(double));
  count_ += count;
  if (keep_text_) keep_joined(text);
}

void ColumnBuilder::turn_categorical(const std::string& first_non_number, std::uint64_t line) {
  column_.first_non_number = first_non_number;
  column_.first_non_number_line = line;
  convert_to_categorical();
}

void ColumnBuilder::append_codes(const Column& part) {
  if (part.type == ColumnType::numeric) {
    // Only missing values, or the caller would have read the block again.
    append_missing(part.numbers.size());
    return;
  }
  // The block's labels are in its order of first appearance, so interning them in that order
  // appends the new ones in the order the sequential read meets them (pending values aside:
  // resolving them puts every label in order again).
  std::vector<std::int32_t> code_of(part.labels.size());
  for (std::size_t i = 0; i < part.labels.size(); ++i) code_of[i] = intern(part.labels[i]);
  const std::size_t first = column_.codes.size();
  column_.codes.reserve(first + part.codes.size());
  for (const auto code : part.codes) {
    column_.codes.push_back(code < 0 ? code : code_of[static_cast<std::size_t>(code)]);
  }
  for (std::size_t r = part.codes.size(); r > 0; --r) {
    if (part.codes[r - 1] == kPending) {
      pending_end_ = std::max(pending_end_, first + r);
      break;
    }
  }
}

void ColumnBuilder::append_missing(std::size_t count) {
  column_.codes.insert(column_.codes.end(), count, -1);
}

void ColumnBuilder::add_text(std::string_view field, bool missing) {
  column_.codes.push_back(missing ? -1 : intern(field));
}

void ColumnBuilder::reserve(std::size_t rows) {
  if (column_.type == ColumnType::numeric) {
    column_.numbers.reserve(rows);
  } else {
    column_.codes.reserve(rows);
  }
}

void ColumnBuilder::resolve_begin() {
  old_labels_ = std::move(column_.labels);
  column_.labels.clear();
  index_.clear();
  new_code_.assign(old_labels_.size(), -1);
  cursor_ = 0;
}

std::int32_t ColumnBuilder::resolved(std::int32_t code) {
  if (code < 0) return code;
  auto& to = new_code_[static_cast<std::size_t>(code)];
  if (to < 0) to = intern(old_labels_[static_cast<std::size_t>(code)]);
  return to;
}

void ColumnBuilder::resolve_row(std::string_view field, bool missing) {
  if (cursor_ >= column_.codes.size()) return;
  auto& code = column_.codes[cursor_++];
  if (code != kPending) {
    code = resolved(code);
    return;
  }
  if (missing || !csv::parse_number(field)) {
    // Read as a number the first time: the input changed in between.
    throw Error(ErrorKind::io, "the input changed while it was read", {source_});
  }
  code = intern(field);
}

void ColumnBuilder::resolve_end() {
  if (cursor_ < pending_end_) {
    throw Error(ErrorKind::io, "the input changed while it was read (it has fewer rows)",
                {source_});
  }
  for (; cursor_ < column_.codes.size(); ++cursor_) {
    column_.codes[cursor_] = resolved(column_.codes[cursor_]);
  }
  old_labels_ = {};
  new_code_ = {};
  pending_end_ = 0;
}

Column ColumnBuilder::finish() && {
  if (column_.type == ColumnType::numeric && external_ == nullptr) column_.numbers.resize(count_);
  return std::move(column_);
}

std::int32_t ColumnBuilder::intern(std::string_view value) {
  const auto found = index_.find(value);
  if (found != index_.end()) return found->second;
  const auto code = static_cast<std::int32_t>(column_.labels.size());
  column_.labels.emplace_back(value);
  index_.emplace(column_.labels.back(), code);
  return code;
}

// The values read as numbers become labels as written: from the text kept of them, or, when
// none was kept, later, when the input is read again (they are kPending until then).
void ColumnBuilder::convert_to_categorical() {
  column_.type = ColumnType::categorical;
  const double* numbers = external_ != nullptr ? external_ : column_.numbers.data();
  column_.codes.reserve(count_);
  if (keep_text_) {
    std::size_t i = 0;
    const auto label = [&](std::string_view field) {
      if (i < count_) column_.codes.push_back(std::isnan(numbers[i]) ? -1 : intern(field));
      ++i;
    };
    if (spooled_) {
      spooled_->drain(label);
      spooled_.reset();
    } else {
      const char* at = text_.data();
      while (i < count_) {
        const std::string_view field(at);
        at += field.size() + 1;
        label(field);
      }
      text_ = {};
    }
    if (i != count_) throw Error(ErrorKind::internal, "read_table: kept text lost its values");
    keep_text_ = false;
  } else {
    for (std::size_t i = 0; i < count_; ++i) {
      if (std::isnan(numbers[i])) {
        column_.codes.push_back(-1);
      } else {
        column_.codes.push_back(kPending);
        pending_end_ = i + 1;
      }
    }
  }
  external_ = nullptr;
  count_ = 0;
  retired_ = std::move(column_.numbers);
  column_.numbers = Numbers(column_.numbers.get_allocator());
}

}  // namespace mlctl::table::detail
