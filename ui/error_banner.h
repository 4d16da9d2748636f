#pragma once
// A strip above the centre views that says what went wrong in one sentence
// (a crashed worker with its signal, an engine that died), with a close
// button. Hidden while there is nothing to say.

#include "banner_strip.h"

namespace oversub::ui {

class ErrorBanner : public BannerStrip {
    Q_OBJECT
public:
    explicit ErrorBanner(QWidget* parent = nullptr);
    void showMessage(const QString& message);
    // Adds a line below what the banner says, unless it says it already
    // (a sweep reports the same problem once per run).
    void addMessage(const QString& message);
    void clear();
    QString message() const;

protected:
    void dismiss() override { clear(); }
};

} // namespace oversub::ui
