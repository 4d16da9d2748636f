// Facts about the event stream: every kind round-trips through one line,
// the reader reassembles events cut at any byte, a schema mismatch says
// both versions, and garbage throws EventParseError instead of crashing.

#include "events/event_reader.h"
#include "test_events_samples.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <set>
#include <sstream>

using namespace oversub::events;
using oversub::events::examples::everyKind;

namespace {

std::string stream(const std::vector<Event>& events) {
    std::string out;
    for (const auto& e : events) out += toJsonLine(e) + "\n";
    return out;
}

std::vector<Event> drain(EventReader& reader) {
    std::vector<Event> out;
    while (auto e = reader.next()) out.push_back(std::move(*e));
    return out;
}

} // namespace

TEST(Events, EveryKindRoundTripsThroughOneLine) {
    const auto events = everyKind();
    std::set<std::string_view> names;
    for (const auto& e : events) {
        const std::string line = toJsonLine(e);
        SCOPED_TRACE(line);
        EXPECT_EQ(line.find('\n'), std::string::npos);
        EXPECT_EQ(line.rfind("{\"event\":\"" + std::string(eventName(e)) + "\"", 0), 0u);
        const Event back = parseEventLine(line);
        EXPECT_EQ(back.index(), e.index());
        EXPECT_TRUE(back == e);
        EXPECT_EQ(toJsonLine(back), line);
        names.insert(eventName(e));
    }
    EXPECT_EQ(names.size(), std::variant_size_v<Event>);
}

TEST(Events, HelloLineIsExactlyTheDocumentedOne) {
    EXPECT_EQ(toJsonLine(Hello{kSchemaVersion, "oversub-cli 0.1.0"}),
              R"({"event":"hello","schema":1,"producer":"oversub-cli 0.1.0"})");
}

TEST(Events, MessagesWithNewlinesAndBadUtf8StayOnOneLine) {
    Error e;
    e.kind = ErrorKind::Io;
    e.message = "line one\nline two\r\n\xff\xfe bad bytes";
    const std::string line = toJsonLine(e);
    EXPECT_EQ(line.find('\n'), std::string::npos);
    EXPECT_EQ(line.find('\r'), std::string::npos);
    const auto back = std::get<Error>(parseEventLine(line));
    EXPECT_EQ(back.message.substr(0, 17), "line one\nline two");
}

TEST(Events, NonFiniteChecksumIsWrittenAsNull) {
    RunDone d;
    d.checksum = std::numeric_limits<double>::quiet_NaN();
    const std::string line = toJsonLine(d);
    EXPECT_NE(line.find("\"checksum\":null"), std::string::npos);
    EXPECT_TRUE(std::isnan(std::get<RunDone>(parseEventLine(line)).checksum));
}

TEST(Events, RunDoneOfACommandRunCarriesTheCommandAndReadsBackEqual) {
    RunDone d;
    d.checksum = std::numeric_limits<double>::quiet_NaN();
    EXPECT_EQ(toJsonLine(d).find("\"command\""), std::string::npos); // built-in runs have none
    CommandResult c;
    c.argv = {"python3", "pool.py", "4"};
    c.signal = "SIGKILL";
    c.cpuSeconds = 1.5;
    c.threadEnv = {{"OMP_NUM_THREADS", "2"}, {"MKL_NUM_THREADS", "2"}};
    c.outputTail = "line 1\n\tnon-ascii \xc3\xa9\n";
    d.command = c;
    const std::string line = toJsonLine(d);
    EXPECT_NE(line.find("\"exit_status\":null"), std::string::npos);
    EXPECT_EQ(std::get<RunDone>(parseEventLine(line)), d);
    EXPECT_EQ(toJsonLine(parseEventLine(line)), line);
    d.command->exitStatus = 3;
    d.command->signal = "";
    const auto back = std::get<RunDone>(parseEventLine(toJsonLine(d)));
    ASSERT_TRUE(back.command);
    EXPECT_EQ(back.command->exitStatus, 3);
    EXPECT_EQ(back, d);
    EXPECT_THROW(
        parseEventLine(
            R"({"event":"run_done","run":0,"status":"ok","wall_s":1,"phases":{"spawn_s":0,"delivery_s":0,"compute_s":0,"collect_s":0},"workers":[],"command":{"argv":[1]}})"),
        EventParseError);
}

TEST(Events, SharesAreRoundedToSixDecimals) {
    Sample s;
    s.snapshot.cpus = {{0, 0.1234567890, 0, 0, 0, 0, 0, 0, 0.8765432110}};
    const auto back = std::get<Sample>(parseEventLine(toJsonLine(s)));
    EXPECT_EQ(back.snapshot.cpus[0].user, 0.123457);
    EXPECT_EQ(back.snapshot.cpus[0].idle, 0.876543);
}

TEST(Events, ReaderReassemblesEventsSplitAtEveryByte) {
    const auto events = everyKind();
    const std::string bytes = stream(events);
    for (size_t cut = 0; cut <= bytes.size(); ++cut) {
        EventReader reader;
        reader.feed(std::string_view(bytes).substr(0, cut));
        auto got = drain(reader);
        reader.feed(std::string_view(bytes).substr(cut));
        for (auto& e : drain(reader)) got.push_back(std::move(e));
        ASSERT_EQ(got.size(), events.size()) << "cut at " << cut;
        for (size_t i = 0; i < got.size(); ++i) ASSERT_TRUE(got[i] == events[i]) << "cut at " << cut;
        EXPECT_FALSE(reader.hasPartialLine());
    }
}

TEST(Events, ReaderTakesOneByteAtATimeAndCrLf) {
    const auto events = everyKind();
    std::string bytes = stream(events);
    std::string crlf;
    for (char c : bytes) crlf += (c == '\n') ? std::string("\r\n") : std::string(1, c);
    EventReader reader;
    std::vector<Event> got;
    for (char c : crlf + "\n\n") {
        reader.feed(std::string_view(&c, 1));
        for (auto& e : drain(reader)) got.push_back(std::move(e));
    }
    ASSERT_EQ(got.size(), events.size());
    EXPECT_EQ(reader.lineNumber(), events.size() + 2); // two blank lines counted, skipped
}

TEST(Events, ReaderFinishParsesALastLineWithoutNewline) {
    EventReader reader;
    reader.feed(toJsonLine(Progress{1, 2, 0.5, 0.5}));
    EXPECT_FALSE(reader.next().has_value());
    EXPECT_TRUE(reader.hasPartialLine());
    auto last = reader.finish();
    ASSERT_TRUE(last.has_value());
    EXPECT_EQ(std::get<Progress>(*last).runsTotal, 2);
}

TEST(Events, ReaderReportsABadLineWithItsNumberAndGoesOn) {
    EventReader reader;
    reader.feed(toJsonLine(Hello{1, "x"}) + "\nnot json\n" + toJsonLine(Progress{1, 2, 0, -1}) + "\n");
    EXPECT_TRUE(reader.next().has_value());
    try {
        reader.next();
        FAIL();
    } catch (const EventParseError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("line 2: ", 0), 0u) << e.what();
    }
    auto after = reader.next();
    ASSERT_TRUE(after.has_value());
    EXPECT_EQ(std::get<Progress>(*after).etaSeconds, -1);
}

TEST(Events, ReaderRefusesOverlongLinesAndResynchronises) {
    EventReader reader(100);
    reader.feed(std::string(150, 'x'));
    EXPECT_THROW(reader.next(), EventParseError);
    reader.feed(std::string(300, 'y') + "\n" + toJsonLine(Progress{3, 4, 1, 1}) + "\n");
    auto e = reader.next();
    ASSERT_TRUE(e.has_value());
    EXPECT_EQ(std::get<Progress>(*e).runsDone, 3);
}

TEST(Events, SchemaMismatchNamesBothVersions) {
    try {
        parseEventLine(R"({"event":"hello","schema":2,"producer":"oversub-cli 0.2.0"})");
        FAIL();
    } catch (const SchemaMismatchError& e) {
        EXPECT_EQ(e.found(), 2);
        EXPECT_EQ(e.supported(), 1);
        const std::string text = e.what();
        EXPECT_NE(text.find("schema 2"), std::string::npos) << text;
        EXPECT_NE(text.find("schema 1"), std::string::npos) << text;
        EXPECT_NE(text.find("oversub-cli 0.2.0"), std::string::npos) << text;
    }
}

TEST(Events, GarbageLinesThrowClearErrors) {
    const std::vector<std::string> garbage = {
        "",
        "   ",
        "{",
        "}",
        "[]",
        "null",
        "42",
        "\"hello\"",
        "{}",
        R"({"event":1})",
        R"({"event":"nope"})",
        R"({"event":"hello"})",
        R"({"event":"hello","schema":"1"})",
        R"({"event":"run_done","run":0})",
        R"({"event":"run_done","run":0,"status":"meh","wall_s":1})",
        R"({"event":"task_done","run":99999999999,"worker":0,"task":0,"t0_s":0,"t1_s":0})",
        R"({"event":"task_done","run":-1e400})",
        R"({"event":"worker_ready","run":0,"worker":0,"pid":1,"tids":[1,"x"],"cpuset":"0"})",
        R"({"event":"sample","t_s":0,"interval_s":0.1,"cpus":[{"cpu":0}],"threads":[]})",
        R"({"event":"sample","t_s":0,"interval_s":0.1,"cpus":[],"threads":[{"pid":1,"tid":1,"state":"RS"}]})",
        R"({"event":"error","kind":"meteor","message":"x"})",
        R"({"event":"sample","t_s":0,"interval_s":0.1,"cpus":7,"threads":[]})",
        std::string(1000, '[') + std::string(1000, ']'),
        std::string("{\"event\":\"hel\0lo\"}", 18),
        "\xff\xfe\xfd",
    };
    for (const auto& line : garbage) {
        SCOPED_TRACE(line.substr(0, 80));
        try {
            parseEventLine(line);
            ADD_FAILURE() << "accepted";
        } catch (const EventParseError& e) {
            EXPECT_GT(std::string(e.what()).size(), 5u);
        }
    }
}

TEST(Events, MutatedLinesNeverThrowAnythingElse) {
    const std::string bytes = stream(everyKind());
    std::mt19937 rng(12345);
    int accepted = 0, refused = 0;
    for (int round = 0; round < 3000; ++round) {
        std::string line = bytes.substr(0, bytes.size());
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int k = 0; k < edits && !line.empty(); ++k) {
            const size_t at = rng() % line.size();
            switch (rng() % 4) {
            case 0: line[at] = static_cast<char>(rng() % 256); break;
            case 1: line.erase(at, 1 + rng() % 8); break;
            case 2: line.insert(at, 1, "{}[],:\"0-e\\"[rng() % 11]); break;
            default: line.resize(at); break;
            }
        }
        EventReader reader;
        reader.feed(line);
        while (true) {
            try {
                auto e = reader.next();
                if (!e) break;
                ++accepted;
            } catch (const EventParseError&) {
                ++refused;
            }
        }
        try {
            reader.finish();
        } catch (const EventParseError&) {
            ++refused;
        }
    }
    EXPECT_GT(accepted, 0);
    EXPECT_GT(refused, 0);
}

TEST(Events, EveryExampleLineInDocsParses) {
    std::ifstream doc(std::string(OVERSUB_SOURCE_DIR) + "/docs/events.md");
    ASSERT_TRUE(doc.good());
    std::string line;
    std::set<std::string_view> kinds;
    while (std::getline(doc, line)) {
        if (line.rfind("{\"event\":", 0) != 0) continue;
        SCOPED_TRACE(line);
        const Event e = parseEventLine(line);
        kinds.insert(eventName(e));
        EXPECT_EQ(toJsonLine(e), line); // the docs show exactly what the writer writes
    }
    EXPECT_EQ(kinds.size(), std::variant_size_v<Event>);
}
