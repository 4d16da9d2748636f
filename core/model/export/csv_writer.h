#pragma once
// CSV as RFC 4180 says: fields separated by ',', records ended by CRLF, a
// field quoted (with '"' doubled inside) when it holds a comma, a quote, CR or
// LF. CRLF is the RFC's line end; spreadsheets, Python's csv module and
// csv_reader.h all read it, and so does any reader that accepts LF.

#include <string>
#include <string_view>
#include <vector>

namespace oversub::csv {

inline constexpr std::string_view kLineEnd = "\r\n";

// One field, quoted only when it has to be.
std::string field(std::string_view text);

// One record: the fields, ',' between them, CRLF at the end.
std::string row(const std::vector<std::string>& fields);

// A whole table (header first, if any), one row() per record.
std::string table(const std::vector<std::vector<std::string>>& rows);

} // namespace oversub::csv
