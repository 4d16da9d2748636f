#include "version_text.h"

#include "machine/topology.h"
#include "workloads/blas_threads.h"

namespace oversub::cli {

std::string versionText() {
    using topology::Topology;
    std::string core = openblasCoreName();
    // A run re-executes the engine with a wider core when OpenBLAS fell back
    // to a generic one (engine_reexec.h); say which, so the line matches runs.
    if (const auto better = betterOpenblasCoreType())
        core += " (runs use " + *better + ": OPENBLAS_CORETYPE is set when the engine restarts)";
    std::string hwloc = Topology::hwlocRuntimeVersion();
    // Without a release string hwlocRuntimeVersion() is already "API x.y".
    if (hwloc.rfind("API ", 0) != 0) hwloc += " (API " + Topology::hwlocRuntimeApiVersion() + ")";
    // Kernel speeds depend on it: "native" means this build machine's CPU.
    const std::string arch =
        *OVERSUB_ENGINE_ARCH ? std::string("-march=") + OVERSUB_ENGINE_ARCH : "the compiler's default";
    return std::string("oversub-cli: ") + OVERSUB_VERSION + "\nopenblas: " + openblasConfig() +
           "\nopenblas core: " + core + "\nhwloc: " + hwloc + "\nhwloc compiled: " + Topology::hwlocCompiledVersion() +
           "\nkernels built for: " + arch;
}

} // namespace oversub::cli
