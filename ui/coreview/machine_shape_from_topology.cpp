#include "coreview/machine_shape_from_topology.h"

namespace oversub::ui {

MachineShape machineShapeFromTopology(const TopologyInfo& info) {
    MachineShape shape;
    shape.description = info.source;
    // pus are in logical order (package > core > pu), so a change of package
    // or core index starts a new group.
    for (const auto& pu : info.pus) {
        if (shape.packages.empty() || shape.packages.back().index != pu.packageIndex) {
            MachineShape::Package package;
            package.index = pu.packageIndex;
            shape.packages.push_back(package);
        }
        auto& cores = shape.packages.back().cores;
        if (cores.empty() || cores.back().index != pu.coreIndex) {
            MachineShape::Core core;
            core.index = pu.coreIndex;
            cores.push_back(core);
        }
        cores.back().pus.push_back(pu.osIndex);
    }
    return shape;
}

} // namespace oversub::ui
