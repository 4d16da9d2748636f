#pragma once
// How deep and how large a JSON input may be, defined once, and the readers
// that enforce both while reading: a file is never read past its limit and a
// document is refused at the first level too deep, before any recursive code
// (dump, comparison, the experiment and event readers) sees it.

#include <nlohmann/json.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace oversub {

// The deepest nesting of objects and arrays in a document a person writes:
// an experiment file (its preset block included) or a built-in preset.
// "[[1]]" is 2 levels deep.
inline constexpr int kMaxJsonDepth = 64;

// Levels Oversub's own records add around an experiment they carry: an event
// line holds it at level 2 ({"experiment": {...}}), a results file at level
// 4 (runs[i].experiment). Their readers allow this much more, so whatever
// experiment was accepted once reads back from a journal, an event stream or
// a results file.
inline constexpr int kRecordEnvelopeDepth = 4;
inline constexpr int kMaxRecordDepth = kMaxJsonDepth + kRecordEnvelopeDepth;

// The largest single document: an experiment file, a preset, the bandwidth
// cache, one line of an event stream.
inline constexpr size_t kMaxJsonBytes = size_t{64} << 20;

// The largest file holding many runs: a journal or a results file.
inline constexpr size_t kMaxRecordFileBytes = size_t{1} << 30;

// Parses `text` as one JSON document. Throws InputError naming `what` (a
// path, or "event line") when it is not valid JSON or nests deeper than
// `maxDepth`; parsing stops at the first level too deep.
nlohmann::json parseJsonLimited(std::string_view text, const std::string& what, int maxDepth = kMaxJsonDepth);

// The nesting depth of a value already in memory (0 for a scalar, 1 for
// {} or []), found without recursion.
int jsonDepth(const nlohmann::json& value);

// "nested deeper than 64 levels (allowed: up to 64)": the one wording of a
// depth refusal, for readers that report it in their own error type.
std::string tooDeepMessage(int maxDepth);

// The bytes of the file at `path`, reading at most `maxBytes` + 1 of them.
// Throws InputError naming the path when it is missing, unreadable, a
// directory, a device or socket (/dev/zero never ends), or larger than
// `maxBytes`. A regular file's size is checked before anything is read; a
// pipe (a shell's <(...)) is read up to the limit. `what` names what the file
// should have been, with its article: "an experiment file", "a journal".
std::string readFileLimited(const std::string& path, size_t maxBytes, const std::string& what);

} // namespace oversub
