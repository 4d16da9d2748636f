// oversub: the window. All logic lives in ui/ (a library the tests link).
#include "engine/engine_target.h"
#include "engine/engine_version.h"
#include "main_window.h"
#include "replay/replay_launch.h"
#include "startup_options.h"

#include <QApplication>
#include <QIcon>
#include <QtGlobal>

#include <cstdio>
#include <cstring>

namespace {

// `oversub --version`: the window's version and Qt's, then what the engine
// it would start says about itself (OpenBLAS, hwloc), as "name: value"
// lines. Needs no display: no QApplication is made.
int printVersion(int argc, char** argv) {
    const QCoreApplication app(argc, argv); // the engine is looked for beside this binary
    const QString text = QStringLiteral("oversub: %1\nqt: %2\nqt compiled: %3\n%4\n")
                             .arg(QStringLiteral(OVERSUB_VERSION), QString::fromLatin1(qVersion()),
                                  QStringLiteral(QT_VERSION_STR), oversub::ui::engineVersionText());
    std::fputs(qPrintable(text), stdout);
    return 0;
}

bool asksForVersion(int argc, char** argv) {
    for (int i = 1; i < argc && std::strcmp(argv[i], "--") != 0; ++i)
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) return true;
    return false;
}

} // namespace

int main(int argc, char** argv) {
    if (asksForVersion(argc, argv)) return printVersion(argc, argv);
    QApplication app(argc, argv);
    QApplication::setApplicationName("oversub");
    QApplication::setOrganizationName("oversub");
    QApplication::setApplicationVersion(OVERSUB_VERSION);
    QApplication::setDesktopFileName("oversub");
    Q_INIT_RESOURCE(oversub); // the .qrc lives in the oversub_ui static library
    QApplication::setWindowIcon(QIcon(":/oversub/icons/oversub.png"));

    const auto parsed = oversub::ui::parseStartupOptions(QApplication::arguments());
    if (!parsed.error.isEmpty()) {
        std::fprintf(stderr, "oversub: %s\n", qPrintable(parsed.error));
        return 2;
    }
    if (!parsed.options.comparePaths.isEmpty()) {
        int status = 0;
        if (!oversub::ui::launchCompare(parsed.options, &status)) return status;
        return QApplication::exec();
    }
    if (!parsed.options.replayPath.isEmpty()) {
        int status = 0;
        if (!oversub::ui::launchReplay(parsed.options, &status)) return status;
        return QApplication::exec();
    }
    oversub::ui::setRemoteEngine(parsed.options.remote); // before any engine starts
    oversub::ui::MainWindow window(parsed.options);
    window.show();
    return QApplication::exec();
}
