#include "container/canonical.hpp"

#include <array>
#include <charconv>
#include <cstdint>
#include <string>
#include <system_error>
#include <utility>

#include "container/encoding.hpp"

namespace mlctl::container {
namespace {

// The ASCII bytes a string holds as they are: all but '"', '\\' and the control characters.
// One lookup per byte: a model file's header is mostly one long string.
constexpr std::array<bool, 256> kPlainAscii = [] {
  std::array<bool, 256> plain{};
  for (int c = 0x20; c < 0x80; ++c) plain[c] = c != '"' && c != '\\';
  return plain;
}();

// A recursive-descent scanner that accepts only dump()'s output (numbers aside, see Numbers); `at_`
// moves past what it accepted. Every function returns false at the first byte dump() would not have
// written.
class CanonicalScanner {
 public:
  // unsigned_only: the numbers of a header (canonical as they are); any: every JSON number,
  // read as nlohmann::json::parse reads it (then the text is not checked to be canonical: a
  // double has more than one spelling that reads back the same).
  enum class Numbers { unsigned_only, any };

  CanonicalScanner(std::string_view text, Numbers numbers) : text_(text), numbers_(numbers) {}

  // The value followed by exactly the padding that aligns the data section.
  bool padded(nlohmann::json* out) {
    if (!value(0, out)) return false;
    const std::size_t json_bytes = at_;
    const std::size_t padding = encoding::padding_after(json_bytes);
    if (text_.size() - json_bytes != padding) return false;
    return text_.substr(json_bytes).find_first_not_of(' ') == std::string_view::npos;
  }

  // The value and nothing after it.
  bool bare(nlohmann::json* out) { return value(0, out) && at_ == text_.size(); }

 private:
  bool next_is(char c) const { return at_ < text_.size() && text_[at_] == c; }

  bool consume(char c) {
    if (!next_is(c)) return false;
    ++at_;
    return true;
  }

  template <typename Value>
  bool literal(std::string_view word, nlohmann::json* out, Value parsed) {
    if (text_.substr(at_, word.size()) != word) return false;
    at_ += word.size();
    if (out != nullptr) *out = parsed;
    return true;
  }

  // Each of these builds the value into `out` unless it is null (is_canonical_header).
  bool value(int depth, nlohmann::json* out) {
    if (at_ >= text_.size()) return false;
    switch (text_[at_]) {
      case '{':
        return object(depth + 1, out);
      case '[':
        return array(depth + 1, out);
      case '"': {
        if (out == nullptr) return string(nullptr);
        std::string decoded;
        if (!string(&decoded)) return false;
        *out = std::move(decoded);
        return true;
      }
      case 't':
        return literal("true", out, true);
      case 'f':
        return literal("false", out, false);
      case 'n':
        return literal("null", out, nullptr);
      default:
        return numbers_ == Numbers::any ? any_number(out) : number(out);
    }
  }

  bool object(int depth, nlohmann::json* out) {
    if (depth > kMaxCanonicalDepth) return false;
    ++at_;  // '{'
    if (out != nullptr) *out = nlohmann::json::object();
    if (consume('}')) return true;
    std::string previous;
    std::string key;
    for (bool first = true;; first = false) {
      if (!string(&key)) return false;
      // dump() writes a std::map's keys: strictly increasing, compared as unsigned bytes.
      if (!first && !(std::string_view(previous) < std::string_view(key))) return false;
      if (!consume(':')) return false;
      if (out == nullptr) {
        if (!value(depth, nullptr)) return false;
      } else if (!value(depth, &(*out)[key])) {
        return false;
      }
      if (consume('}')) return true;
      if (!consume(',')) return false;
      previous.swap(key);
    }
  }

  bool array(int depth, nlohmann::json* out) {
    if (depth > kMaxCanonicalDepth) return false;
    ++at_;  // '['
    if (out != nullptr) *out = nlohmann::json::array();
    if (consume(']')) return true;
    while (true) {
      if (out == nullptr) {
        if (!value(depth, nullptr)) return false;
      } else {
        out->push_back(nullptr);
        if (!value(depth, &out->back())) return false;
      }
      if (consume(']')) return true;
      if (!consume(',')) return false;
    }
  }

  // A string as dump() escapes it; its decoded bytes go to `decoded` unless that is null.
  bool string(std::string* decoded) {
    if (!consume('"')) return false;
    if (decoded != nullptr) decoded->clear();
    while (at_ < text_.size()) {
      // A run of bytes written as they are: appended at once.
      const std::size_t run = at_;
      while (at_ < text_.size()) {
        const auto c = static_cast<unsigned char>(text_[at_]);
        if (kPlainAscii[c]) {
          ++at_;
        } else if (c < 0x80) {
          break;  // '"', '\\' or a control character
        } else if (const std::size_t length = utf8_length(text_.substr(at_)); length > 0) {
          at_ += length;
        } else {
          return false;  // not UTF-8: the JSON parser refuses it, dump() cannot write it
        }
      }
      if (decoded != nullptr) decoded->append(text_.substr(run, at_ - run));
      if (at_ >= text_.size()) return false;
      const char c = text_[at_++];
      if (c == '"') return true;
      if (c != '\\') return false;  // a control character: dump() escapes these
      if (at_ >= text_.size()) return false;
      const char e = text_[at_++];
      char byte = 0;
      switch (e) {
        case '"':
          byte = '"';
          break;
        case '\\':
          byte = '\\';
          break;
        case 'b':
          byte = '\b';
          break;
        case 'f':
          byte = '\f';
          break;
        case 'n':
          byte = '\n';
          break;
        case 'r':
          byte = '\r';
          break;
        case 't':
          byte = '\t';
          break;
        case 'u': {
          // Only control characters without a short form, as \u00xx in lowercase hex.
          const std::string_view hex = text_.substr(at_, 4);
          if (hex.size() != 4 || !hex.starts_with("00") || !lower_hex(hex[2]) ||
              !lower_hex(hex[3])) {
            return false;
          }
          unsigned code = 0;
          std::from_chars(hex.data(), hex.data() + 4, code, 16);
          if (code >= 0x20 || code == '\b' || code == '\t' || code == '\n' || code == '\f' ||
              code == '\r') {
            return false;
          }
          at_ += 4;
          byte = static_cast<char>(code);
          break;
        }
        default:
          return false;  // "\/" and anything else: dump() never writes them
      }
      if (decoded != nullptr) decoded->push_back(byte);
    }
    return false;
  }

  static bool lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

  // The length of the well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates,
  // nothing past U+10FFFF) that starts `text` with a byte >= 0x80, or 0.
  static std::size_t utf8_length(std::string_view text) {
    const auto byte = [&](std::size_t i) {
      return i < text.size() ? static_cast<unsigned char>(text[i]) : 0u;
    };
    const auto in = [](unsigned b, unsigned low, unsigned high) { return b >= low && b <= high; };
    const unsigned b0 = byte(0);
    const unsigned b1 = byte(1);
    if (in(b0, 0xc2, 0xdf)) return in(b1, 0x80, 0xbf) ? 2 : 0;
    unsigned low = 0x80;
    unsigned high = 0xbf;
    std::size_t length = 0;
    if (b0 == 0xe0) {
      low = 0xa0, length = 3;
    } else if (in(b0, 0xe1, 0xec) || in(b0, 0xee, 0xef)) {
      length = 3;
    } else if (b0 == 0xed) {
      high = 0x9f, length = 3;
    } else if (b0 == 0xf0) {
      low = 0x90, length = 4;
    } else if (in(b0, 0xf1, 0xf3)) {
      length = 4;
    } else if (b0 == 0xf4) {
      high = 0x8f, length = 4;
    } else {
      return 0;
    }
    if (!in(b1, low, high)) return 0;
    for (std::size_t i = 2; i < length; ++i) {
      if (!in(byte(i), 0x80, 0xbf)) return 0;
    }
    return length;
  }

  // 0, or digits without a leading zero that fit in 64 bits unsigned (the JSON parser reads
  // these as unsigned integers).
  bool number(nlohmann::json* out) {
    const std::size_t begin = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    const std::string_view digits = text_.substr(begin, at_ - begin);
    if (digits.empty() || (digits.size() > 1 && digits[0] == '0')) return false;
    std::uint64_t parsed = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), parsed);
    // A '.', 'e' or 'E' after the digits makes it a float, which dump() writes otherwise.
    if (ec != std::errc() || end != digits.data() + digits.size() || next_is('.') || next_is('e') ||
        next_is('E')) {
      return false;
    }
    if (out != nullptr) *out = parsed;
    return true;
  }

  std::size_t skip_digits() {
    const std::size_t begin = at_;
    while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
    return at_ - begin;
  }

  // A JSON number as nlohmann::json::parse reads it: an integer without '-' as unsigned, one
  // with '-' as signed, one with a fraction or an exponent as a double (from_chars rounds
  // correctly, as strtod does). An integer out of 64 bits, or a double out of range, makes it
  // false: the parser has rules of its own for those.
  bool any_number(nlohmann::json* out) {
    const std::size_t begin = at_;
    const bool negative = consume('-');
    const std::size_t integer_begin = at_;
    const std::size_t integer_digits = skip_digits();
    if (integer_digits == 0 || (integer_digits > 1 && text_[integer_begin] == '0')) return false;
    bool is_double = false;
    if (consume('.')) {
      is_double = true;
      if (skip_digits() == 0) return false;
    }
    if (consume('e') || consume('E')) {
      is_double = true;
      if (!consume('+')) consume('-');
      if (skip_digits() == 0) return false;
    }
    const char* const first = text_.data() + begin;
    const char* const last = text_.data() + at_;
    const auto read = [&](auto parsed) {
      const auto [end, ec] = std::from_chars(first, last, parsed);
      if (ec != std::errc() || end != last) return false;
      if (out != nullptr) *out = parsed;
      return true;
    };
    if (is_double) return read(0.0);
    if (negative) return read(std::int64_t{0});
    return read(std::uint64_t{0});
  }

  std::string_view text_;
  Numbers numbers_;
  std::size_t at_ = 0;
};

}  // namespace

bool is_canonical_header(std::string_view padded_header) {
  return CanonicalScanner(padded_header, CanonicalScanner::Numbers::unsigned_only).padded(nullptr);
}

std::optional<nlohmann::json> parse_canonical_header(std::string_view padded_header) {
  nlohmann::json header;
  if (!CanonicalScanner(padded_header, CanonicalScanner::Numbers::unsigned_only).padded(&header)) {
    return std::nullopt;
  }
  return header;
}

std::optional<nlohmann::json> parse_dumped_json(std::string_view text) {
  nlohmann::json value;
  if (!CanonicalScanner(text, CanonicalScanner::Numbers::any).bare(&value)) return std::nullopt;
  return value;
}

}  // namespace mlctl::container
