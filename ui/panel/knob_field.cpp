#include "panel/knob_field.h"

#include "knobs/knob_table.h"
#include "ui_palette.h"
#include "util/input_error.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace oversub::ui {
namespace {

QString qs(std::string_view text) { return QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())); }

QString labelText(const Knob& knob) {
    QString text = qs(knob.name).replace(QLatin1Char('_'), QLatin1Char(' '));
    // A unit that only repeats the name ("threads (threads)") says nothing.
    const QString unit = qs(knob.unit);
    if (!unit.isEmpty() && unit.compare(text, Qt::CaseInsensitive) != 0) text += QStringLiteral(" (%1)").arg(unit);
    return text;
}

QString tooltipText(const Knob& knob) {
    return QStringLiteral("<p>%1</p><p>allowed: %2<br>default: %3<br>flag: <tt>%4</tt></p>")
        .arg(qs(knob.help).toHtmlEscaped(), qs(knob.allowedText()).toHtmlEscaped(),
             knob.defaultValue.empty() ? QStringLiteral("(none)") : qs(knob.defaultValue).toHtmlEscaped(),
             QString::fromStdString(knob.flag()));
}

constexpr int kMaxUnbrokenChars = 12;

} // namespace

QString wrappableText(const QString& text) {
    const QChar zeroWidthSpace(0x200B);
    QString out;
    out.reserve(text.size() + text.size() / 4);
    int run = 0; // characters since the last break opportunity
    for (const QChar c : text) {
        if (run >= kMaxUnbrokenChars && !c.isSpace()) {
            out += zeroWidthSpace;
            run = 0;
        }
        out += c;
        run = c.isSpace() ? 0 : run + 1;
        if (c == QLatin1Char(';') || c == QLatin1Char(',') || c == QLatin1Char('/')) {
            out += zeroWidthSpace;
            run = 0;
        }
    }
    return out;
}

KnobField::KnobField(const Knob& knob, QWidget* parent) : QWidget(parent), knob_(knob) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(1);
    label_ = new QLabel(labelText(knob), this);
    const QString tip = tooltipText(knob);
    label_->setToolTip(tip);
    QWidget* editor = nullptr;
    switch (knob.kind) {
    case KnobKind::Choice:
        combo_ = new QComboBox(this);
        for (auto choice : knob.choices) combo_->addItem(qs(choice));
        connect(combo_, &QComboBox::currentTextChanged, this, [this] { revalidate(); });
        editor = combo_;
        break;
    case KnobKind::Bool:
        check_ = new QCheckBox(this);
        connect(check_, &QCheckBox::toggled, this, [this] { revalidate(); });
        editor = check_;
        break;
    default:
        line_ = new QLineEdit(this);
        line_->setClearButtonEnabled(knob.kind == KnobKind::Text || knob.kind == KnobKind::CpuLists);
        if (knob.kind == KnobKind::CpuLists) line_->setPlaceholderText(QStringLiteral("e.g. 0;1 or 0-3,8;4-7"));
        connect(line_, &QLineEdit::textChanged, this, [this] { revalidate(); });
        editor = line_;
        break;
    }
    editor->setToolTip(tip);
    editor->setObjectName(QStringLiteral("knob_") + qs(knob.name));
    editor->setAccessibleName(labelText(knob));
    label_->setBuddy(editor);
    error_ = new QLabel(this);
    error_->setObjectName(QStringLiteral("problem_") + qs(knob.name));
    error_->setWordWrap(true);
    error_->setVisible(false);
    layout->addWidget(editor);
    layout->addWidget(error_);
    setText(qs(knob.defaultValue));
}

QWidget* KnobField::editor() const {
    if (combo_) return combo_;
    if (check_) return check_;
    return line_;
}

QString KnobField::text() const {
    if (combo_) return combo_->currentText();
    if (check_) return check_->isChecked() ? QStringLiteral("true") : QStringLiteral("false");
    return line_->text();
}

void KnobField::setText(const QString& text) {
    if (combo_) {
        const int index = combo_->findText(text);
        combo_->setCurrentIndex(index >= 0 ? index : 0);
    } else if (check_) {
        check_->setChecked(text == QLatin1String("true"));
    } else {
        line_->setText(text);
    }
    revalidate();
}

std::optional<std::string> KnobField::value() const {
    try {
        return validateValue(knob_, text().toStdString());
    } catch (const InputError&) {
        return std::nullopt;
    }
}

void KnobField::revalidate() {
    QString problem;
    try {
        validateValue(knob_, text().toStdString());
    } catch (const InputError& error) {
        problem = QString::fromStdString(error.what());
    }
    problem_ = problem;
    error_->setText(wrappableText(problem));
    error_->setVisible(!problem.isEmpty());
    applyErrorColour();
    emit edited();
}

void KnobField::applyErrorColour() {
    // From the palette role, so the reason stays readable on a dark window.
    const QString colour = UiPalette::fromPalette(palette()).color(ColorRole::ErrorText).name();
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(colour));
    if (line_)
        line_->setStyleSheet(problem_.isEmpty() ? QString()
                                                : QStringLiteral("QLineEdit { border: 2px solid %1; }").arg(colour));
}

void KnobField::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyErrorColour();
}

} // namespace oversub::ui
