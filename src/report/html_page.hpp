#pragma once
// The frame of an HTML report (`describe --html`): one self-contained page, with inline CSS and no
// scripts, fonts or images fetched from anywhere, made of sections, cards and small tables. The
// model card (report/card_html.hpp) and the dataset report (apps/) share it.

#include <string>
#include <utility>
#include <vector>

namespace mlctl::report {

// The whole page: a header with `title` and `subtitle` (both escaped here), `body` as given (HTML)
// and a footer naming this mlctl's version.
std::string html_page(const std::string& title, const std::string& subtitle,
                      const std::string& body);

// A card: a small box with an escaped title over `content` (HTML).
std::string html_card(const std::string& title, const std::string& content);

// A two-column table of (name, value) rows; both are escaped here.
std::string key_values(const std::vector<std::pair<std::string, std::string>>& rows);

// A number as the report shows it: 4 significant digits ("0.4172", "1.235e+04").
std::string short_number(double value);

}  // namespace mlctl::report
