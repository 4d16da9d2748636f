#include "ui_palette.h"

#include <QApplication>
#include <QEvent>
#include <QWidget>

#include <algorithm>
#include <array>
#include <cmath>

namespace oversub::ui {

UiPalette::UiPalette(Scheme scheme) : scheme_(scheme) {}

UiPalette UiPalette::fromPalette(const QPalette& palette) {
    return UiPalette(palette.color(QPalette::Window).lightness() < 128 ? Scheme::Dark : Scheme::Light);
}

UiPalette UiPalette::current() { return fromPalette(QApplication::palette()); }

QColor UiPalette::color(ColorRole role) const {
    const bool dark = scheme_ == Scheme::Dark;
    if (scheme_ == Scheme::Monochrome) {
        switch (role) {
        case ColorRole::CpuNice: return QColor(200, 200, 200);
        case ColorRole::CpuUser: return QColor(40, 40, 40);
        case ColorRole::CpuSystem: return QColor(90, 90, 90);
        case ColorRole::CpuIrq: return QColor(120, 120, 120);
        case ColorRole::CpuSoftirq: return QColor(140, 140, 140);
        case ColorRole::CpuSteal: return QColor(160, 160, 160);
        case ColorRole::CpuIowait: return QColor(180, 180, 180);
        case ColorRole::MeterTrack: return QColor(235, 235, 235);
        case ColorRole::Outside: return QColor(215, 215, 215);
        case ColorRole::AllowedMark: return QColor(0, 0, 0);
        case ColorRole::GroupFrame: return QColor(120, 120, 120);
        case ColorRole::Text: return QColor(0, 0, 0);
        case ColorRole::TextDim: return QColor(100, 100, 100);
        case ColorRole::Banner: return QColor(220, 220, 220);
        case ColorRole::Ideal:
        case ColorRole::ErrorText: return QColor(0, 0, 0);
        }
    }
    switch (role) {
    case ColorRole::CpuNice: return dark ? QColor(90, 140, 255) : QColor(40, 80, 220);
    case ColorRole::CpuUser: return dark ? QColor(80, 200, 90) : QColor(40, 160, 60);
    case ColorRole::CpuSystem: return dark ? QColor(240, 80, 80) : QColor(210, 40, 40);
    case ColorRole::CpuIrq: return dark ? QColor(240, 220, 70) : QColor(215, 180, 0);
    case ColorRole::CpuSoftirq: return dark ? QColor(230, 90, 230) : QColor(190, 40, 190);
    case ColorRole::CpuSteal: return dark ? QColor(70, 220, 230) : QColor(0, 170, 190);
    case ColorRole::CpuIowait: return dark ? QColor(150, 150, 150) : QColor(130, 130, 130);
    case ColorRole::MeterTrack: return dark ? QColor(55, 58, 64) : QColor(232, 234, 238);
    case ColorRole::Outside: return dark ? QColor(40, 40, 44) : QColor(205, 205, 208);
    case ColorRole::AllowedMark: return dark ? QColor(255, 190, 60) : QColor(230, 140, 0);
    case ColorRole::GroupFrame: return dark ? QColor(110, 115, 125) : QColor(150, 155, 165);
    case ColorRole::Text: return dark ? QColor(230, 230, 230) : QColor(20, 20, 20);
    case ColorRole::TextDim: return dark ? QColor(150, 150, 155) : QColor(110, 110, 115);
    case ColorRole::Banner: return dark ? QColor(120, 30, 30) : QColor(255, 215, 210);
    case ColorRole::Ideal: return dark ? QColor(200, 200, 200) : QColor(90, 90, 90);
    case ColorRole::ErrorText: return dark ? QColor(255, 120, 110) : QColor(190, 30, 30);
    }
    return {};
}

QColor UiPalette::worker(int workerIndex) const {
    // Tableau 10 (distinct, readable on light and dark); beyond it hues step
    // by the golden angle so neighbouring indices still differ.
    static constexpr std::array<QRgb, 10> base{0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f,
                                               0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f, 0xbab0ac};
    if (workerIndex < 0) return color(ColorRole::TextDim);
    if (scheme_ == Scheme::Monochrome) {
        const int gray = 30 + (workerIndex * 47) % 170;
        return QColor(gray, gray, gray);
    }
    if (workerIndex < static_cast<int>(base.size())) return QColor::fromRgb(base[workerIndex]);
    const double hue = std::fmod(workerIndex * 137.508, 360.0);
    return QColor::fromHsv(static_cast<int>(hue), 170, scheme_ == Scheme::Dark ? 240 : 200);
}

QColor UiPalette::heat(double busyShare) const {
    const double s = std::clamp(busyShare, 0.0, 1.0);
    const QColor idle = color(ColorRole::MeterTrack);
    if (scheme_ == Scheme::Monochrome) {
        const int g = static_cast<int>(235 - 200 * s);
        return QColor(g, g, g);
    }
    // idle -> green (user-like work) -> yellow -> red (saturated).
    auto mix = [](const QColor& a, const QColor& b, double t) {
        return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * t, a.greenF() + (b.greenF() - a.greenF()) * t,
                                a.blueF() + (b.blueF() - a.blueF()) * t);
    };
    const QColor green(60, 170, 70), yellow(230, 200, 40), red(215, 50, 40);
    if (s < 0.5) return mix(idle, green, s / 0.5);
    if (s < 0.8) return mix(green, yellow, (s - 0.5) / 0.3);
    return mix(yellow, red, (s - 0.8) / 0.2);
}

namespace {

double relativeLuminance(const QColor& c) {
    auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

QColor mix(const QColor& from, const QColor& to, double t) {
    return QColor::fromRgbF(from.redF() + (to.redF() - from.redF()) * t,
                            from.greenF() + (to.greenF() - from.greenF()) * t,
                            from.blueF() + (to.blueF() - from.blueF()) * t);
}

constexpr double kPlaceholderContrast = 3.5;

// Re-applies the placeholder colour when the widget's palette changes (a
// switch between dark and light system palettes).
class PlaceholderKeeper final : public QObject {
public:
    explicit PlaceholderKeeper(QWidget* widget) : QObject(widget), widget_(widget) { apply(); }

    bool eventFilter(QObject* watched, QEvent* event) override {
        if (watched == widget_ && event->type() == QEvent::PaletteChange) apply();
        return false;
    }

private:
    void apply() {
        const QColor wanted = readablePlaceholder(widget_->palette());
        if (widget_->palette().color(QPalette::Active, QPalette::PlaceholderText) == wanted) return;
        // Only this role is set on the widget; every other role keeps following the system.
        QPalette own; // a fresh palette marks as set only the roles set on it here
        for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled})
            own.setColor(group, QPalette::PlaceholderText, wanted);
        widget_->setPalette(own);
    }
    QWidget* widget_;
};

} // namespace

double contrastRatio(const QColor& a, const QColor& b) {
    const double la = relativeLuminance(a), lb = relativeLuminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readablePlaceholder(const QPalette& palette) {
    const QColor base = palette.color(QPalette::Active, QPalette::Base);
    const QColor text = palette.color(QPalette::Active, QPalette::Text);
    // Halfway from the field towards the text reads as a hint; step closer
    // to the text until the contrast is enough.
    for (double t = 0.5; t < 1.0; t += 0.05) {
        const QColor c = mix(base, text, t);
        if (contrastRatio(c, base) >= kPlaceholderContrast) return c;
    }
    return text;
}

void keepPlaceholderReadable(QWidget* widget) {
    if (!widget) return;
    widget->installEventFilter(new PlaceholderKeeper(widget));
}

} // namespace oversub::ui
