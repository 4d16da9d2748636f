// oversub: the window. All logic lives in ui/ (a library the tests link).
#include "main_window.h"

#include <QApplication>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("oversub");
    QApplication::setOrganizationName("oversub");
    oversub::ui::MainWindow window;
    window.show();
    return QApplication::exec();
}
