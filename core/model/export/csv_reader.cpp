// RFC 4180 reader (see csv_reader.h): a small state machine over the bytes.

#include "export/csv_reader.h"

namespace oversub::csv {

std::vector<std::vector<std::string>> parse(std::string_view text) {
    std::vector<std::vector<std::string>> records;
    std::vector<std::string> record;
    std::string current;
    size_t line = 1;
    size_t i = 0;
    bool fieldStarted = false; // something (maybe empty quotes) belongs to the current record
    auto endField = [&] {
        record.push_back(std::move(current));
        current.clear();
    };
    auto endRecord = [&] {
        endField();
        records.push_back(std::move(record));
        record.clear();
        fieldStarted = false;
    };
    while (i < text.size()) {
        const char c = text[i];
        if (c == '"' && current.empty()) { // quoted field
            const size_t openedOn = line;
            ++i;
            while (true) {
                if (i >= text.size())
                    throw CsvError("CSV line " + std::to_string(openedOn) + ": quoted field never closed");
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        current += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                if (text[i] == '\n') ++line;
                current += text[i++];
            }
            fieldStarted = true;
            if (i < text.size() && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
                throw CsvError("CSV line " + std::to_string(line) + ": text after a closing quote");
            continue;
        }
        if (c == ',') {
            endField();
            fieldStarted = true;
            ++i;
        } else if (c == '\r' || c == '\n') {
            endRecord();
            i += (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
            ++line;
        } else {
            if (c == '"') throw CsvError("CSV line " + std::to_string(line) + ": quote inside an unquoted field");
            current += c;
            fieldStarted = true;
            ++i;
        }
    }
    if (fieldStarted || !current.empty()) endRecord();
    return records;
}

size_t Table::column(std::string_view name) const {
    for (size_t i = 0; i < header.size(); ++i)
        if (header[i] == name) return i;
    throw CsvError("CSV has no column '" + std::string(name) + "'");
}

const std::string& Table::at(size_t row, std::string_view name) const { return rows.at(row).at(column(name)); }

Table parseTable(std::string_view text) {
    auto records = parse(text);
    Table t;
    if (records.empty()) return t;
    t.header = std::move(records.front());
    for (size_t r = 1; r < records.size(); ++r) {
        if (records[r].size() != t.header.size())
            throw CsvError("CSV record " + std::to_string(r + 1) + " has " + std::to_string(records[r].size()) +
                           " fields, the header has " + std::to_string(t.header.size()));
        t.rows.push_back(std::move(records[r]));
    }
    return t;
}

} // namespace oversub::csv
