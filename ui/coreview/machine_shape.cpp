#include "coreview/machine_shape.h"

#include <algorithm>

namespace oversub::ui {

int MachineShape::puCount() const {
    int n = 0;
    for (const auto& p : packages)
        for (const auto& c : p.cores) n += static_cast<int>(c.pus.size());
    return n;
}

int MachineShape::coreCount() const {
    int n = 0;
    for (const auto& p : packages) n += static_cast<int>(p.cores.size());
    return n;
}

int MachineShape::maxPusPerCore() const {
    int n = 0;
    for (const auto& p : packages)
        for (const auto& c : p.cores) n = std::max(n, static_cast<int>(c.pus.size()));
    return n;
}

int MachineShape::maxCoresPerPackage() const {
    int n = 0;
    for (const auto& p : packages) n = std::max(n, static_cast<int>(p.cores.size()));
    return n;
}

std::vector<int> MachineShape::puOsIndexes() const {
    std::vector<int> out;
    for (const auto& p : packages)
        for (const auto& c : p.cores) out.insert(out.end(), c.pus.begin(), c.pus.end());
    return out;
}

MachineShape MachineShape::regular(int packages, int coresPerPackage, int pusPerCore) {
    MachineShape shape;
    int pu = 0, core = 0;
    for (int p = 0; p < packages; ++p) {
        Package package;
        package.index = p;
        for (int c = 0; c < coresPerPackage; ++c) {
            Core entry;
            entry.index = core++;
            for (int t = 0; t < pusPerCore; ++t) entry.pus.push_back(pu++);
            package.cores.push_back(std::move(entry));
        }
        shape.packages.push_back(std::move(package));
    }
    return shape;
}

} // namespace oversub::ui
