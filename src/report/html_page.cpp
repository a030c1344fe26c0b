#include "report/html_page.hpp"

#include <fmt/format.h>

#include "common/version.hpp"
#include "report/svg.hpp"

namespace mlctl::report {
namespace {

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f5f7fa;color:#1f2933}
header{background:#1f5f8c;color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.85;font-size:13px}
main{padding:12px 28px 40px;max-width:1180px}
h2{font-size:17px;margin:26px 0 10px;border-bottom:1px solid #d9e2ec;padding-bottom:4px}
.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:#fff;border:1px solid #d9e2ec;border-radius:6px;padding:10px 12px}
.card h3{margin:0 0 6px;font-size:13px;word-break:break-all}
table{border-collapse:collapse;font-size:13px}
td,th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}
th{color:#52606d;font-weight:600;white-space:nowrap}
td.num{text-align:right;font-variant-numeric:tabular-nums}
code{font-size:12px;background:#eef2f6;padding:1px 4px;border-radius:3px}
.muted{color:#7b8794;font-size:12px}
)";

}  // namespace

std::string html_page(const std::string& title, const std::string& subtitle,
                      const std::string& body) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}</title>\n<style>{1}</style>\n</head>\n<body>\n<header><h1>{0}</h1><p>{2}</p>"
      "</header>\n<main>\n{3}</main>\n<footer class=\"muted\" style=\"padding:0 28px 20px\">"
      "written by mlctl {4}</footer>\n</body>\n</html>\n",
      escape_xml(title), kStyle, escape_xml(subtitle), body, kVersion);
}

std::string html_card(const std::string& title, const std::string& content) {
  return fmt::format("<div class=\"card\"><h3>{}</h3>{}</div>\n", escape_xml(title), content);
}

std::string key_values(const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string s = "<table>";
  for (const auto& [key, value] : rows) {
    s += fmt::format("<tr><th>{}</th><td>{}</td></tr>", escape_xml(key), escape_xml(value));
  }
  return s + "</table>";
}

std::string short_number(double value) {
  return fmt::format("{:.4g}", value);
}

}  // namespace mlctl::report
