// RFC 4180 writer (see csv_writer.h).

#include "export/csv_writer.h"

namespace oversub::csv {

std::string field(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string row(const std::vector<std::string>& fields) {
    std::string out;
    for (size_t i = 0; i < fields.size(); ++i) {
        if (i) out += ',';
        out += field(fields[i]);
    }
    out += kLineEnd;
    return out;
}

std::string table(const std::vector<std::vector<std::string>>& rows) {
    std::string out;
    for (const auto& r : rows) out += row(r);
    return out;
}

} // namespace oversub::csv
