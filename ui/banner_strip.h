#pragma once
// The strip above the centre views that the error banner and the preset
// banner share: a coloured background (a palette role, so it follows a dark
// or light system palette), word-wrapped selectable text and a close button.
// The strip is as tall as its text needs at the current width, up to a third
// of the window; beyond that the text scrolls, so a long lesson is never cut.

#include "ui_palette.h"

#include <QWidget>

#include <optional>

class QLabel;
class QScrollArea;

namespace oversub::ui {

class BannerStrip : public QWidget {
    Q_OBJECT
public:
    // `background` is a UiPalette role, or nothing for the palette's AlternateBase.
    BannerStrip(const QString& objectName, const QString& closeToolTip, std::optional<ColorRole> background,
                QWidget* parent = nullptr);

    QLabel* label() const { return text_; }
    QScrollArea* scrollArea() const { return scroll_; }
    // The height the text needs at the strip's current width, and the most
    // the strip gives it before scrolling.
    int textHeightNeeded() const;
    int maxTextHeight() const;

protected:
    void setStripText(const QString& text, Qt::TextFormat format);
    // What the close button does; hides the strip unless overridden.
    virtual void dismiss();
    void paintEvent(QPaintEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void fitHeight();

    std::optional<ColorRole> background_;
    QLabel* text_ = nullptr;
    QScrollArea* scroll_ = nullptr;
};

} // namespace oversub::ui
