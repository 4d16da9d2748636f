// The configuration panel's fields read well: every label is the knob's name
// with its unit, never a unit that repeats the name ("threads (threads)"),
// and a validation message is shown whole, wrapped inside the panel, in a
// 1920x1080 window and with the panel at its minimum width.

#include "knobs/knob_table.h"
#include "main_window.h"
#include "panel/knob_field.h"
#include "panel/knob_panel.h"
#include "window_parts.h"

#include <QLabel>
#include <QLineEdit>
#include <QScrollArea>
#include <QSplitter>
#include <QtTest>

using namespace oversub;
using namespace oversub::ui;
using namespace oversub::ui::test;

namespace {

StartupOptions optionsAt(const QSize& size) {
    StartupOptions o;
    o.ignoreSettings = true;
    o.size = size;
    return o;
}

// The label is shown whole: inside the scroll area's viewport left to right,
// and as tall as its wrapped text needs at its width.
void expectShownWhole(const QLabel* label, const QScrollArea* scroll) {
    QVERIFY(label->isVisible());
    QVERIFY(label->wordWrap());
    const QRect inViewport(label->mapTo(scroll->viewport(), QPoint(0, 0)), label->size());
    const QString where = QStringLiteral("label %1..%2 in a viewport 0..%3 wide: %4")
                              .arg(inViewport.left())
                              .arg(inViewport.right())
                              .arg(scroll->viewport()->width())
                              .arg(label->text());
    QVERIFY2(inViewport.left() >= 0 && inViewport.right() < scroll->viewport()->width(), qPrintable(where));
    const int needed = label->heightForWidth(label->width());
    QVERIFY2(
        label->height() >= needed,
        qPrintable(QStringLiteral("%1 px tall, needs %2: %3").arg(label->height()).arg(needed).arg(label->text())));
}

// Values whose messages quote a word longer than the panel is wide.
const QString kLongSize = QStringLiteral("123456789012345678901234567890");

QLabel* problemLabel(const KnobPanel* panel, const char* knob) {
    return panel->findChild<QLabel*>(QStringLiteral("problem_") + QLatin1String(knob));
}

} // namespace

class TestPanelFields : public QObject {
    Q_OBJECT
private slots:
    void noLabelRepeatsItsNameAsItsUnit() {
        KnobPanel panel;
        int labelled = 0;
        for (const Knob& knob : knobTable()) {
            if (knob.hidden) continue;
            const KnobField* field = panel.field(std::string(knob.name));
            QVERIFY(field);
            const QString text = field->label()->text();
            const QString name = QString::fromUtf8(knob.name.data(), static_cast<qsizetype>(knob.name.size()))
                                     .replace(QLatin1Char('_'), QLatin1Char(' '));
            QVERIFY2(text.startsWith(name), qPrintable(text));
            const QString unit = text.mid(name.size()).trimmed();
            QVERIFY2(unit.compare(QStringLiteral("(%1)").arg(name), Qt::CaseInsensitive) != 0, qPrintable(text));
            if (!knob.unit.empty() && unit.isEmpty())
                QVERIFY2(QString::fromUtf8(knob.unit.data(), static_cast<qsizetype>(knob.unit.size()))
                                 .compare(name, Qt::CaseInsensitive) == 0,
                         qPrintable(text)); // only a repeated unit is left out
            ++labelled;
        }
        QVERIFY(labelled > 5);
        QCOMPARE(panel.field("threads")->label()->text(), QStringLiteral("threads"));
        QCOMPARE(panel.field("workers")->label()->text(), QStringLiteral("workers (processes)"));
    }

    void validationMessagesAreShownWholeAt1920x1080AndAtTheMinimumWidth() {
        MainWindow window(optionsAt(QSize(1920, 1080)));
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* panel = part<KnobPanel>(window);
        auto* scroll = qobject_cast<QScrollArea*>(panel->parentWidget()->parentWidget());
        QVERIFY(scroll);
        // A field's own message and a cross-knob one, both long.
        panel->field("size")->setText(kLongSize);
        panel->field("cpus")->setText(QStringLiteral("0;1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17"));
        for (int pass = 0; pass < 2; ++pass) {
            QCoreApplication::processEvents();
            QTest::qWait(50); // layouts settle after the resize
            QLabel* own = problemLabel(panel, "size");
            QVERIFY(own && !own->text().isEmpty());
            expectShownWhole(own, scroll);
            panel->field("size")->setText(QStringLiteral("1000"));
            QCoreApplication::processEvents();
            QTest::qWait(50);
            auto* cross = panel->findChild<QLabel*>(QStringLiteral("panelProblem"));
            QVERIFY(cross && !cross->text().isEmpty());
            expectShownWhole(cross, scroll);
            panel->field("size")->setText(kLongSize);
            // Then with the panel squeezed to the least its splitter allows.
            auto* splitter = qobject_cast<QSplitter*>(scroll->parentWidget());
            QVERIFY(splitter);
            splitter->setSizes({scroll->minimumWidth(), 1920});
        }
    }
};

QTEST_MAIN(TestPanelFields)
#include "test_panel_fields.moc"
