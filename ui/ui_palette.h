#pragma once
// Colours are roles, resolved in one place (like htop's CRT colour schemes):
// every view asks this palette for "user time" or "worker 3", never for a
// literal colour. The scheme follows the application palette (dark or light
// window background), and a monochrome variant keeps the split readable
// when colour is not available.

#include <QColor>
#include <QPalette>

class QWidget;

namespace oversub::ui {

enum class ColorRole {
    CpuNice, // htop: blue
    CpuUser, // htop: green
    CpuSystem, // htop: red
    CpuIrq, // htop: yellow
    CpuSoftirq, // htop: magenta
    CpuSteal, // htop: cyan
    CpuIowait, // htop: grey
    MeterTrack, // empty part of a meter
    Outside, // PU outside the run's allowed cpuset
    AllowedMark, // marks the PUs inside the run's allowed cpuset
    GroupFrame, // package / core boxes
    Text,
    TextDim,
    Banner, // background of the error banner
    Ideal, // the ideal line of speedup charts
    ErrorText, // a field's problem, readable on the window background
};

enum class Scheme { Light, Dark, Monochrome };

class UiPalette {
public:
    explicit UiPalette(Scheme scheme = Scheme::Light);

    // Light or dark from the window background of `palette`.
    static UiPalette fromPalette(const QPalette& palette);
    static UiPalette current(); // from QApplication's palette

    Scheme scheme() const { return scheme_; }
    QColor color(ColorRole role) const;

    // A worker's colour follows its index everywhere (core view, charts, table).
    QColor worker(int workerIndex) const;

    // Heat-map colour for a busy share 0..1 (compact core view).
    QColor heat(double busyShare) const;

private:
    Scheme scheme_;
};

// WCAG 2 contrast ratio of two colours, 1 (same) to 21 (black on white).
double contrastRatio(const QColor& a, const QColor& b);

// A placeholder colour for fields on `palette`: between its Text and Base,
// dim enough to read as a hint, with a contrast of at least 3.5 against Base
// (a palette that sets only Text and Base keeps Qt's light-theme placeholder,
// nearly invisible on a dark field).
QColor readablePlaceholder(const QPalette& palette);

// Keeps the placeholder text of `widget` and its children readable: sets the
// PlaceholderText role now and again whenever the palette changes.
void keepPlaceholderReadable(QWidget* widget);

} // namespace oversub::ui
