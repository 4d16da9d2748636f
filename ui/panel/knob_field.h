#pragma once
// One knob of the configuration panel: the editor that fits its kind (combo
// box for choices, check box for booleans, line edit otherwise), the knob's
// help as tooltip, and the reason shown right under the field while the text
// does not validate.

#include "knobs/knob.h"

#include <QWidget>

#include <optional>
#include <string>

class QComboBox;
class QCheckBox;
class QLabel;
class QLineEdit;

namespace oversub::ui {

// `text` with a zero-width break after separators and inside very long
// words, so a word-wrapped label can wrap a message that quotes a long value
// ("0;1;2;...;17") instead of growing the panel past its scroll area.
QString wrappableText(const QString& text);

class KnobField : public QWidget {
    Q_OBJECT
public:
    KnobField(const Knob& knob, QWidget* parent = nullptr);

    const Knob& knob() const { return knob_; }
    QString text() const; // what the user typed or picked
    void setText(const QString& text);
    // Normalised value when the text validates, nothing otherwise.
    std::optional<std::string> value() const;
    QString problem() const { return problem_; } // empty when valid
    QWidget* editor() const;
    QLabel* label() const { return label_; }

signals:
    void edited();

protected:
    void changeEvent(QEvent* event) override;

private:
    void revalidate();
    void applyErrorColour();

    const Knob& knob_;
    QLabel* label_ = nullptr;
    QLineEdit* line_ = nullptr;
    QComboBox* combo_ = nullptr;
    QCheckBox* check_ = nullptr;
    QLabel* error_ = nullptr;
    QString problem_;
};

} // namespace oversub::ui
