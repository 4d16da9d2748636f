#include "run_output.h"

#include "machine/machine_record.h"
#include "workloads/blas_threads.h"

#include <iostream>
#include <stdexcept>

namespace oversub::cli {

EventsOutput::EventsOutput(const std::string& path) {
    if (path == "-") {
        stream_ = &std::cout;
        toStdout_ = true;
    } else if (!path.empty()) {
        file_ = std::make_unique<std::ofstream>(path, std::ios::trunc);
        if (!*file_) throw std::runtime_error("cannot write events to " + path);
        stream_ = file_.get();
    }
}

std::ostream& EventsOutput::tableStream() const { return toStdout_ ? std::cerr : std::cout; }

nlohmann::json engineMachineRecord(const topology::TopologyInfo& info) {
    return machine::machineRecord(
        {{"hwloc_version", Topology::hwlocRuntimeVersion()},
         {"openblas_config", openblasConfig()},
         {"openblas_corename", openblasCoreName()},
         {"topology", {{"packages", info.packages}, {"cores", info.cores}, {"pus", info.puCount()}}}});
}

} // namespace oversub::cli
