#pragma once
// The preset files of resources/presets/, compiled in (see
// cmake/embed_presets.cmake): file name and JSON text, in file-name order.

#include <string_view>
#include <vector>

namespace oversub::presets {

struct PresetSource {
    std::string_view fileName;
    std::string_view json;
};

const std::vector<PresetSource>& presetSources();

} // namespace oversub::presets
