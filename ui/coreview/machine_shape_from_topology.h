#pragma once
// The core view's grouping (package > core > PU) read off the engine's
// topology record, in hwloc's logical order.

#include "coreview/machine_shape.h"
#include "topology/topology_info.h"

namespace oversub::ui {

MachineShape machineShapeFromTopology(const TopologyInfo& info);

} // namespace oversub::ui
