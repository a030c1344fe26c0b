#pragma once
// Checks on what the reports write: a strict, minimal XML well-formedness check that every SVG
// chart and every HTML card fragment must pass, and a search for a part of a page.

#include <cctype>
#include <string>
#include <vector>

namespace mlctl::report::testing {

// Whether `part` occurs in a rendered page or fragment.
inline bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

inline bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == ':' ||
         c == '.';
}

// A strict, minimal well-formedness check (XML 1.0 without DTDs, comments or CDATA, which the
// charts never write): one root element, tags nested and closed, attributes quoted and unique per
// tag, and & only as a known or numeric entity. Returns "" or what is wrong.
inline std::string xml_error(const std::string& s) {
  std::vector<std::string> open;
  bool root_seen = false;
  std::size_t i = 0;
  const auto entity = [&](std::size_t at) {
    const auto end = s.find(';', at);
    if (end == std::string::npos) return false;
    const std::string e = s.substr(at + 1, end - at - 1);
    if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
    if (e.size() >= 2 && e[0] == '#') {
      const bool hex = e[1] == 'x';
      if (e.size() == (hex ? 2u : 1u)) return false;
      for (std::size_t k = hex ? 2 : 1; k < e.size(); ++k) {
        if (hex ? !std::isxdigit(static_cast<unsigned char>(e[k]))
                : !std::isdigit(static_cast<unsigned char>(e[k])))
          return false;
      }
      return true;
    }
    return false;
  };
  while (i < s.size()) {
    if (s[i] == '&') {
      if (!entity(i)) return "bad entity at " + std::to_string(i);
      ++i;
      continue;
    }
    if (s[i] == '>') return "stray > at " + std::to_string(i);
    if (s[i] != '<') {
      if (open.empty() && !std::isspace(static_cast<unsigned char>(s[i])))
        return "text outside the root";
      ++i;
      continue;
    }
    ++i;
    const bool closing = i < s.size() && s[i] == '/';
    if (closing) ++i;
    std::string name;
    while (i < s.size() && name_char(s[i])) name += s[i++];
    if (name.empty()) return "tag without a name at " + std::to_string(i);
    if (closing) {
      if (i >= s.size() || s[i] != '>') return "bad closing tag " + name;
      if (open.empty() || open.back() != name) return "mismatched </" + name + ">";
      open.pop_back();
      ++i;
      continue;
    }
    if (open.empty() && root_seen) return "second root element " + name;
    root_seen = true;
    std::vector<std::string> attributes;
    while (true) {
      while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
      if (i >= s.size()) return "unterminated tag " + name;
      if (s[i] == '>') {
        open.push_back(name);
        ++i;
        break;
      }
      if (s.compare(i, 2, "/>") == 0) {
        i += 2;
        break;
      }
      std::string attribute;
      while (i < s.size() && name_char(s[i])) attribute += s[i++];
      if (attribute.empty()) return "bad attribute in " + name;
      for (const auto& a : attributes)
        if (a == attribute) return "duplicate attribute " + attribute;
      attributes.push_back(attribute);
      if (i + 1 >= s.size() || s[i] != '=' || (s[i + 1] != '"' && s[i + 1] != '\''))
        return "unquoted attribute " + attribute;
      const char quote = s[i + 1];
      i += 2;
      while (i < s.size() && s[i] != quote) {
        if (s[i] == '<') return "< in attribute " + attribute;
        if (s[i] == '&' && !entity(i)) return "bad entity in attribute " + attribute;
        ++i;
      }
      if (i >= s.size()) return "unterminated attribute " + attribute;
      ++i;
    }
  }
  if (!root_seen) return "no element";
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return "";
}

}  // namespace mlctl::report::testing
