// libFuzzer target for the cpu-list parser (cpuset/cpu_list.h). Any text may
// be refused with oversub::InputError; any other exception, a crash or a
// sanitizer report is a bug. The machine is synthetic (no hwloc per input).

#include "topology/cpu_list.h"
#include "topology/topology_info.h"
#include "util/input_error.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace {

// 2 packages x 2 NUMA x 4 cores x 2 PUs = 32 PUs: deep enough for nested
// locations and SMT, small enough to keep each input fast.
const oversub::TopologyInfo& fuzzMachine() {
    static const oversub::TopologyInfo machine = oversub::topology::uniformTopologyInfo(2, 2, 4, 2);
    return machine;
}

template <typename Parse>
void expectOnlyInputError(Parse&& parse) {
    try {
        parse();
    } catch (const oversub::InputError&) {
        // Refusing bad text is the contract.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const oversub::TopologyInfo& machine = fuzzMachine();

    expectOnlyInputError([&] {
        const oversub::CpuSet set = oversub::parseCpuList(text, machine, "cpus");
        // The contract: never empty, every PU on the machine.
        if (set.empty() || !set.isSubsetOf(machine.allPus())) std::abort();
    });
    expectOnlyInputError([&] { (void)oversub::parseCpuLists(text, machine, "cpus"); });
    expectOnlyInputError([&] { (void)oversub::parsePlainCpuList(text, "cpus"); });
    return 0;
}
