// libFuzzer target for the experiment-file parser (experiment/experiment.h).
// Bad JSON (nlohmann's exceptions from parse) and bad content (oversub::InputError) are
// expected refusals; anything else is a bug. An accepted file must survive
// the round trip toJson(experimentFromJson(toJson(e))) == toJson(e).

#include "experiment/experiment.h"
#include "util/input_error.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(data, data + size);
    } catch (const nlohmann::json::exception&) {
        // parse_error, and out_of_range for numbers like -1E643: the text is
        // not usable JSON, which loadExperimentFile reports the same way.
        return 0;
    }

    oversub::Experiment experiment;
    try {
        experiment = oversub::experimentFromJson(document);
    } catch (const oversub::InputError&) {
        return 0;
    }

    const nlohmann::json written = oversub::toJson(experiment);
    nlohmann::json rewritten;
    try {
        rewritten = oversub::toJson(oversub::experimentFromJson(written));
    } catch (const oversub::InputError& error) {
        std::fprintf(stderr, "round trip refused its own output: %s\n%s\n", error.what(), written.dump().c_str());
        std::abort();
    }
    if (rewritten != written) {
        std::fprintf(stderr, "round trip changed the experiment:\n%s\n%s\n", written.dump().c_str(),
                     rewritten.dump().c_str());
        std::abort();
    }
    return 0;
}
