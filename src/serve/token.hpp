#pragma once
// The bearer token of `mlctl serve --token-file`: read once, compared in constant time so that
// the time a refusal takes says nothing about how much of a guess was right.

#include <string>
#include <string_view>

namespace mlctl::serve {

// The file's content without its trailing newline or spaces. Throws Error(io) if it cannot be
// read, Error(usage) if it is empty or holds more than one line.
std::string read_token_file(const std::string& path);

// Equality whose time depends only on the lengths of `a` and `b`.
bool constant_time_equal(std::string_view a, std::string_view b);

// True when `authorization` (an Authorization header's value) is "Bearer " followed by `token`.
bool bearer_matches(std::string_view authorization, std::string_view token);

}  // namespace mlctl::serve
