#include "main_window.h"

#include <QLabel>

namespace oversub::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle("Oversub");
    setCentralWidget(new QLabel("Oversub", this));
    resize(1280, 800);
}

} // namespace oversub::ui
