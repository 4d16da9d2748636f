// oversub: the window. All logic lives in ui/ (a library the tests link).
#include "main_window.h"
#include "startup_options.h"

#include <QApplication>
#include <QIcon>

#include <cstdio>

int main(int argc, char** argv) {
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
    oversub::ui::MainWindow window(parsed.options);
    window.show();
    return QApplication::exec();
}
