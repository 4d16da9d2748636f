#pragma once
#include <QMainWindow>

namespace oversub::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
};

} // namespace oversub::ui
