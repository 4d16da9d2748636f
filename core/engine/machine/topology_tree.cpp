// Topology::treeText: the machine as indented text, the way
// lstopo-no-graphics prints it, from the hwloc objects themselves (so caches
// and NUMA nodes appear where hwloc puts them).

#include "machine/topology.h"

#include <hwloc.h>

#include <cstdio>
#include <string>

namespace oversub::topology {

namespace {

// "48KB", "2048KB", "300MB", "5594MB": a unit is kept while the value stays
// below 10240, as lstopo does.
std::string sizeText(uint64_t bytes) {
    static const char* units[] = {"KB", "MB", "GB", "TB", "PB"};
    uint64_t value = bytes / 1024;
    size_t unit = 0;
    while (value >= 10240 && unit + 1 < std::size(units)) {
        value /= 1024;
        ++unit;
    }
    return std::to_string(value) + units[unit];
}

std::string label(hwloc_obj_t obj) {
    char type[64];
    hwloc_obj_type_snprintf(type, sizeof type, obj, 0);
    std::string text = type;
    if (obj->type != HWLOC_OBJ_MACHINE) text += " L#" + std::to_string(obj->logical_index);
    switch (obj->type) {
    case HWLOC_OBJ_MACHINE: text += " (" + sizeText(obj->total_memory) + " total)"; break;
    case HWLOC_OBJ_NUMANODE:
        text += " (P#" + std::to_string(obj->os_index) + " " + sizeText(obj->attr->numanode.local_memory) + ")";
        break;
    case HWLOC_OBJ_PU: text += " (P#" + std::to_string(obj->os_index) + ")"; break;
    default:
        if (hwloc_obj_type_is_cache(obj->type)) text += " (" + sizeText(obj->attr->cache.size) + ")";
        break;
    }
    return text;
}

void printObject(hwloc_obj_t obj, int indent, std::string& out) {
    out.append(static_cast<size_t>(indent) * 2, ' ');
    out += label(obj);
    // A chain of single children shares one line: "L2 L#0 (1024KB) + Core L#0 + PU L#0 (P#0)".
    while (obj->arity == 1 && obj->memory_arity == 0) {
        obj = obj->children[0];
        out += " + " + label(obj);
    }
    out += '\n';
    for (hwloc_obj_t memory = obj->memory_first_child; memory; memory = memory->next_sibling)
        printObject(memory, indent + 1, out);
    for (unsigned i = 0; i < obj->arity; ++i) printObject(obj->children[i], indent + 1, out);
}

} // namespace

std::string Topology::treeText() const {
    std::string out;
    if (handle_) printObject(hwloc_get_root_obj(handle_), 0, out);
    return out;
}

} // namespace oversub::topology
