// The window follows the system palette: under a dark application palette the
// colour roles resolve to their dark scheme, the charts switch to Qt Charts'
// dark theme, and the window as grabbed is mostly dark; back to light, light.

#include "charts/chart_panel.h"
#include "fake_engine.h"
#include "main_window.h"
#include "ui_palette.h"
#include "window_parts.h"

#include <QApplication>
#include <QChart>
#include <QImage>
#include <QLineEdit>
#include <QPalette>
#include <QStyleFactory>
#include <QtTest>

using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

QPalette darkPalette() {
    QPalette p;
    p.setColor(QPalette::Window, QColor(37, 37, 38));
    p.setColor(QPalette::WindowText, QColor(230, 230, 230));
    p.setColor(QPalette::Base, QColor(30, 30, 30));
    p.setColor(QPalette::AlternateBase, QColor(45, 45, 48));
    p.setColor(QPalette::Text, QColor(230, 230, 230));
    p.setColor(QPalette::Button, QColor(45, 45, 48));
    p.setColor(QPalette::ButtonText, QColor(230, 230, 230));
    p.setColor(QPalette::Highlight, QColor(38, 79, 120));
    p.setColor(QPalette::HighlightedText, Qt::white);
    return p;
}

double meanLightness(const QImage& image) {
    double sum = 0;
    int n = 0;
    for (int y = 0; y < image.height(); y += 4)
        for (int x = 0; x < image.width(); x += 4, ++n) sum += QColor(image.pixel(x, y)).lightness();
    return n ? sum / n : 0;
}

} // namespace

class TestDarkPalette : public QObject {
    Q_OBJECT
    static void checkPlaceholders(MainWindow& window) {
        int checked = 0;
        for (QLineEdit* field : window.findChildren<QLineEdit*>()) {
            if (field->placeholderText().isEmpty()) continue;
            const QPalette& p = field->palette();
            const double ratio = contrastRatio(p.color(QPalette::Active, QPalette::PlaceholderText),
                                               p.color(QPalette::Active, QPalette::Base));
            QVERIFY2(ratio >= 3,
                     qPrintable(QStringLiteral("%1: placeholder contrast %2").arg(field->objectName()).arg(ratio)));
            ++checked;
        }
        QVERIFY(checked >= 3); // the cpus field and the workers/threads lists at least
    }

private slots:
    void contrastRatioIsWcags() {
        QCOMPARE(contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(contrastRatio(Qt::white, Qt::white), 1.0);
        QPalette p;
        p.setColor(QPalette::Base, QColor(30, 30, 30));
        p.setColor(QPalette::Text, QColor(230, 230, 230));
        const QColor hint = readablePlaceholder(p);
        QVERIFY(contrastRatio(hint, QColor(30, 30, 30)) >= 3.5);
        QVERIFY(contrastRatio(hint, QColor(30, 30, 30)) < contrastRatio(QColor(230, 230, 230), QColor(30, 30, 30)));
    }

    void followsDarkThenLightSystemPalette() {
        QApplication::setStyle(QStyleFactory::create("Fusion"));
        const QPalette light = QApplication::palette();
        oversub::testing::FakeEngine fake;
        StartupOptions options;
        options.ignoreSettings = true;
        options.size = QSize(1280, 800);
        MainWindow window(options);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(part<LiveView>(window)->hasMachine(), 5000);

        QApplication::setPalette(darkPalette());
        QCoreApplication::processEvents();
        QVERIFY(UiPalette::current().scheme() == Scheme::Dark);
        const auto charts = window.findChildren<ChartPanel*>();
        QVERIFY(!charts.isEmpty());
        for (auto* chart : charts) QCOMPARE(chart->chart()->theme(), QChart::ChartThemeDark);
        const QImage dark = window.grab().toImage();
        if (qEnvironmentVariableIsSet("OVERSUB_SAVE_SCREENSHOT"))
            dark.save(qEnvironmentVariable("OVERSUB_SAVE_SCREENSHOT"));
        QVERIFY2(meanLightness(dark) < 110, qPrintable(QString::number(meanLightness(dark))));

        // Every field's placeholder stays readable on its own background (the
        // dark palette above sets no PlaceholderText, like many desktop themes).
        checkPlaceholders(window);

        QApplication::setPalette(light);
        QCoreApplication::processEvents();
        QVERIFY(UiPalette::current().scheme() == Scheme::Light);
        checkPlaceholders(window);
        for (auto* chart : charts) QCOMPARE(chart->chart()->theme(), QChart::ChartThemeLight);
        QVERIFY(meanLightness(window.grab().toImage()) > 150);
    }
};

QTEST_MAIN(TestDarkPalette)
#include "test_dark_palette.moc"
