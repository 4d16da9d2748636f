#pragma once
// Reads the cpu lists users already write:
//   taskset lists      "0-3,8"  "0-15:2" (every 2nd)       numbers are OS indices (P#)
//   hex masks          "0xff"   "0x3,0xffffffff" (32-bit groups, /proc and hwloc style)
//   hwloc locations    "core:0-1" "pu:even" "pu:odd" "package:1.core:0" "numa:0" "all"
//                      indices are logical (L#), nested ones relative to their parent
// List items and locations may be mixed, separated by commas or spaces
// ("core:0 pu:7", "0,core:3"); a mask is the whole text.
// Every error is an oversub::InputError naming the field, the offending text
// and what is allowed, e.g. "cpus: cpu 9 is not on this machine (PUs 0-1)".
// Cost is bounded by the text length (at most kMaxCpuListChars) and the
// machine size, whatever the text says.

#include "cpuset/cpuset.h"
#include "topology/topology_info.h"

#include <string_view>
#include <vector>

namespace oversub {

inline constexpr size_t kMaxCpuListChars = 65536;

// Every PU named must be a PU of `machine`; the result is never empty.
CpuSet parseCpuList(std::string_view text, const topology::TopologyInfo& machine, std::string_view field = "cpus");

// "0-3;core:2;0xf0": one list per worker separated by ';' (as --cpus and the
// experiment's `cpus` knob take them), each read by parseCpuList.
std::vector<CpuSet> parseCpuLists(std::string_view text, const topology::TopologyInfo& machine,
                                  std::string_view field = "cpus");

// Without a machine: numbers, ranges and masks only, OS indices 0..CpuSet::kMaxIndex.
CpuSet parsePlainCpuList(std::string_view text, std::string_view field = "cpus");

} // namespace oversub
