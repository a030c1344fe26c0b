#pragma once
// Whether a model file's header text is in the one byte form mlctl writes, checked on the text
// itself: what the reader did before, dumping the parsed header again and comparing, cost as
// much as parsing it (a header is mostly the "mlctl" metadata, a long escaped string).

#include <optional>
#include <string_view>

#include <nlohmann/json.hpp>

namespace mlctl::container {

// True if `padded_header` (the bytes between the length prefix and the data section, which
// nlohmann::json::parse accepted) is exactly nlohmann::json::dump() of its value followed by
// encoding::padding_after() spaces: no whitespace between tokens, object keys in strictly
// increasing bytewise order (so no duplicates), strings escaped as dump() escapes them (only
// \" \\ \b \f \n \r \t, and \u00xx in lowercase for the other control characters), numbers
// written as dump() writes an unsigned 64-bit integer. Other numbers (negative, fractions) and
// nesting deeper than kMaxCanonicalDepth make it false: a header holds neither (the reader
// checks the entries' types first).
bool is_canonical_header(std::string_view padded_header);

inline constexpr int kMaxCanonicalDepth = 16;

// The header's value, read in the same pass, when `padded_header` is canonical as above and its
// strings are well-formed UTF-8: then it is what nlohmann::json::parse gives for it (numbers are
// unsigned integers). nullopt otherwise, for any text: the reader then parses the text with
// nlohmann::json to report what is wrong with it, as it always did.
std::optional<nlohmann::json> parse_canonical_header(std::string_view padded_header);

// The same fast path for JSON that dump() wrote, such as the "mlctl" metadata: the value of
// `text` when it has no whitespace, its keys in strictly increasing order and its strings
// escaped as dump() escapes them (any JSON number is allowed, and read as
// nlohmann::json::parse reads it). nullopt for any other text, valid JSON or not: parse it
// with nlohmann::json then.
std::optional<nlohmann::json> parse_dumped_json(std::string_view text);

}  // namespace mlctl::container
