#pragma once
// Reads RFC 4180 CSV back (what csv_writer.h writes, and what spreadsheets
// export): quoted fields with doubled quotes and embedded newlines, CRLF or
// LF line ends, a missing final line end. Used by tests and by the window.

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace oversub::csv {

class CsvError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// All records. Throws CsvError naming the line for an unterminated quote or
// text right after a closing quote.
std::vector<std::vector<std::string>> parse(std::string_view text);

// A header row plus records, with lookup by column name.
struct Table {
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;

    // Index of the column called `name`; throws CsvError when there is none.
    size_t column(std::string_view name) const;
    // rows[row][column(name)]
    const std::string& at(size_t row, std::string_view name) const;
};

// First record as header; every other record must have as many fields (CsvError otherwise).
Table parseTable(std::string_view text);

} // namespace oversub::csv
