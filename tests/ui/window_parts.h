#pragma once
// Reaching the window's parts in tests: each part is one object of its type
// among the window's children (main_window.h), so a test finds it by type
// instead of the window keeping an accessor for each.

#include "attach_controller.h"
#include "charts/chart_panel.h"
#include "charts/heat_map.h"
#include "coreview/core_view.h"
#include "engine/run_session.h"
#include "error_banner.h"
#include "export_actions.h"
#include "gauge_label.h"
#include "live_view.h"
#include "main_window.h"
#include "models/run_store.h"
#include "panel/knob_panel.h"
#include "preset_banner.h"
#include "presets_controller.h"
#include "recovery_controller.h"
#include "results_view.h"
#include "run_controller.h"
#include "run_details_view.h"

#include <QLabel>
#include <QMenu>

#include <cstdio>
#include <cstdlib>

namespace oversub::ui::test {

template <class Part>
Part* part(const QObject& window) {
    const auto found = window.findChildren<Part*>();
    if (found.size() != 1) {
        // A part missing or doubled is a broken window, not a failed check.
        std::fprintf(stderr, "window has %lld parts of type %s, expected 1\n", static_cast<long long>(found.size()),
                     Part::staticMetaObject.className());
        std::abort();
    }
    return found.front();
}

inline QString statusMessage(const QObject& window) {
    return window.findChild<QLabel*>(QStringLiteral("statusText"))->text();
}

inline QMenu* presetsMenu(const QObject& window) { return window.findChild<QMenu*>(QStringLiteral("presetsMenu")); }

} // namespace oversub::ui::test
