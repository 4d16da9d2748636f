// Facts about CSV: fields with commas, quotes and newlines survive a trip
// through the writer and the reader; CRLF ends records; malformed text is named.

#include "export/csv_reader.h"
#include "export/csv_writer.h"

#include <gtest/gtest.h>

using namespace oversub::csv;

TEST(Csv, QuotesOnlyWhenNeeded) {
    EXPECT_EQ(field("plain"), "plain");
    EXPECT_EQ(field(""), "");
    EXPECT_EQ(field("a,b"), "\"a,b\"");
    EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
    EXPECT_EQ(field("cr\r"), "\"cr\r\"");
    EXPECT_EQ(row({"a", "b,c", ""}), "a,\"b,c\",\r\n");
}

TEST(Csv, TrickyFieldsRoundTrip) {
    const std::vector<std::vector<std::string>> rows = {
        {"name", "value", "note"},
        {"commas", "1,2,4", "a, b"},
        {"quotes", "\"", "he said \"no\""},
        {"newlines", "line1\nline2", "crlf\r\ninside"},
        {"empty", "", ""},
        {"unicode", "µs – ✓", " spaces "},
    };
    EXPECT_EQ(parse(table(rows)), rows);
    const Table t = parseTable(table(rows));
    EXPECT_EQ(t.rows.size(), rows.size() - 1);
    EXPECT_EQ(t.at(2, "value"), "line1\nline2");
    EXPECT_EQ(t.at(1, "note"), "he said \"no\"");
}

TEST(Csv, ReadsLfAndAMissingLastLineEnd) {
    EXPECT_EQ(parse("a,b\nc,d"), (std::vector<std::vector<std::string>>{{"a", "b"}, {"c", "d"}}));
    EXPECT_EQ(parse("a,\"\"\r\n"), (std::vector<std::vector<std::string>>{{"a", ""}}));
    EXPECT_TRUE(parse("").empty());
}

TEST(Csv, MalformedTextIsNamed) {
    EXPECT_THROW(parse("a,\"open\nnever closed"), CsvError);
    EXPECT_THROW(parse("\"closed\"x,b"), CsvError);
    EXPECT_THROW(parse("ab\"c"), CsvError);
    EXPECT_THROW(parseTable("a,b\n1,2,3\n"), CsvError);
    const Table t = parseTable("a,b\n1,2\n");
    EXPECT_THROW(t.column("c"), CsvError);
    try {
        parse("x\ny,\"z");
    } catch (const CsvError& e) {
        EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
    }
}
