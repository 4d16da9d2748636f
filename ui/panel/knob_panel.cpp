#include "panel/knob_panel.h"

#include "experiment/sweep.h"
#include "knobs/knob_table.h"
#include "panel/knob_field.h"
#include "sweep_axes.h"
#include "ui_palette.h"
#include "util/input_error.h"

#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

#include <algorithm>

namespace oversub::ui {
namespace {

// The sweep lists the panel offers: the two axes of the seed's question.
const char* const kSweepKnobs[] = {"workers", "threads"};

} // namespace

KnobPanel::KnobPanel(QWidget* parent) : QWidget(parent) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);
    std::map<std::string, QFormLayout*> groups;
    for (const Knob& knob : knobTable()) {
        if (knob.hidden) continue;
        const std::string group(knob.group.empty() ? std::string_view("Other") : knob.group);
        auto it = groups.find(group);
        if (it == groups.end()) {
            auto* box = new QGroupBox(QString::fromStdString(group), this);
            auto* form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
            form->setLabelAlignment(Qt::AlignLeft);
            form->setContentsMargins(6, 4, 6, 4);
            outer->addWidget(box);
            it = groups.emplace(group, form).first;
        }
        auto* field = new KnobField(knob, this);
        fields_[std::string(knob.name)] = field;
        it->second->addRow(field->label(), field);
        connect(field, &KnobField::edited, this, [this] {
            if (!loading_) revalidate();
        });
    }
    auto* sweepBox = new QGroupBox(tr("Sweep (F6)"), this);
    sweepForm_ = new QFormLayout(sweepBox);
    sweepForm_->setContentsMargins(6, 4, 6, 4);
    loading_ = true; // nothing to validate until every widget exists
    for (const char* name : kSweepKnobs)
        addSweepField(name)->setText(QLatin1String(std::string_view(name) == "workers" ? "1,2,4" : "1"));
    loading_ = false;
    // Any other sweepable knob can become an axis; the count says what the sweep will cost.
    axisPicker_ = new QComboBox(this);
    axisPicker_->setObjectName(QStringLiteral("sweepAxisPicker"));
    axisPicker_->setToolTip(tr("sweep another knob: pick it, then type its values"));
    connect(axisPicker_, &QComboBox::activated, this, [this](int index) {
        const QString knob = axisPicker_->itemData(index).toString();
        if (knob.isEmpty()) return;
        if (QLineEdit* edit = addSweepAxis(knob.toStdString())) edit->setFocus();
    });
    sweepCount_ = new QLabel(this);
    sweepCount_->setObjectName(QStringLiteral("sweepCount"));
    sweepCount_->setWordWrap(true);
    sweepForm_->insertRow(0, tr("add axis"), axisPicker_);
    sweepForm_->addRow(sweepCount_);
    refreshAxisPicker();
    outer->addWidget(sweepBox);
    crossCheck_ = new QLabel(this);
    crossCheck_->setObjectName(QStringLiteral("panelProblem"));
    crossCheck_->setWordWrap(true);
    crossCheck_->setVisible(false);
    outer->addWidget(crossCheck_);
    outer->addStretch(1);
    applyProblemColour();
    keepPlaceholderReadable(this);
    setExperiment(defaults());
}

void KnobPanel::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) applyProblemColour();
}

void KnobPanel::applyProblemColour() {
    crossCheck_->setStyleSheet(
        QStringLiteral("color: %1;").arg(UiPalette::fromPalette(palette()).color(ColorRole::ErrorText).name()));
}

QLineEdit* KnobPanel::addSweepAxis(const std::string& knobName) {
    if (QLineEdit* existing = sweepField(knobName)) return existing;
    const auto sweepable = sweepableKnobNames();
    if (std::find(sweepable.begin(), sweepable.end(), knobName) == sweepable.end()) return nullptr;
    QLineEdit* edit = addSweepField(knobName);
    refreshAxisPicker();
    return edit;
}

void KnobPanel::refreshAxisPicker() {
    if (!axisPicker_) return;
    axisPicker_->clear();
    axisPicker_->addItem(tr("choose a knob..."), QString());
    for (const auto& name : sweepableKnobNames())
        if (!sweepField(name)) axisPicker_->addItem(QString::fromStdString(name), QString::fromStdString(name));
    axisPicker_->setCurrentIndex(0);
}

QString KnobPanel::sweepCountText() const { return sweepCount_ ? sweepCount_->text() : QString(); }

KnobField* KnobPanel::field(const std::string& knobName) const {
    auto it = fields_.find(knobName);
    return it == fields_.end() ? nullptr : it->second;
}

QLineEdit* KnobPanel::addSweepField(const std::string& knobName) {
    auto* edit = new QLineEdit(this);
    const QString name = QString::fromStdString(knobName);
    edit->setObjectName(QStringLiteral("sweep_%1").arg(name));
    const QString example = sweepListExample(knobName);
    edit->setToolTip(tr("comma-separated values of %1 to sweep, %2; empty: not swept").arg(name, example));
    edit->setPlaceholderText(tr("%1 (empty: not swept)").arg(example));
    // Above the count line, which stays last.
    sweepForm_->insertRow(sweepCount_ ? sweepForm_->rowCount() - 1 : sweepForm_->rowCount(), tr("%1 list").arg(name),
                          edit);
    sweepFields_[knobName] = edit;
    sweepOrder_.push_back(knobName);
    connect(edit, &QLineEdit::textChanged, this, [this] {
        if (!loading_) revalidate();
    });
    return edit;
}

QLineEdit* KnobPanel::sweepField(const std::string& knobName) const {
    auto it = sweepFields_.find(knobName);
    return it == sweepFields_.end() ? nullptr : it->second;
}

void KnobPanel::setExperiment(const Experiment& experiment) {
    loading_ = true;
    base_ = experiment;
    for (auto& [name, field] : fields_) field->setText(QString::fromStdString(getKnob(experiment, name)));
    if (!experiment.sweep.empty()) {
        for (auto& [name, edit] : sweepFields_) edit->clear();
        // The file's axis order becomes the panel's: outermost first.
        std::vector<std::string> order;
        for (const auto& axis : experiment.sweep.axes) {
            QLineEdit* edit = sweepField(axis.knob);
            if (!edit) edit = addSweepField(axis.knob);
            refreshAxisPicker();
            QStringList values;
            for (const auto& v : axis.values) values << QString::fromStdString(v);
            edit->setText(values.join(QLatin1Char(',')));
            order.push_back(axis.knob);
        }
        for (const auto& name : sweepOrder_)
            if (std::find(order.begin(), order.end(), name) == order.end()) order.push_back(name);
        sweepOrder_ = order;
    }
    loading_ = false;
    revalidate();
}

Experiment KnobPanel::experiment() const {
    Experiment out = base_;
    for (const auto& [name, field] : fields_)
        if (auto value = field->value()) setKnob(out, name, *value);
    return out;
}

Experiment KnobPanel::sweepExperiment() const {
    Experiment out = experiment();
    std::vector<std::pair<std::string, std::string>> lists;
    for (const auto& name : sweepOrder_) {
        const QLineEdit* edit = sweepFields_.at(name);
        if (!edit->text().trimmed().isEmpty()) lists.emplace_back(name, edit->text().toStdString());
    }
    out.sweep = parseSweep(lists);
    return out;
}

void KnobPanel::revalidate() {
    QString problem;
    for (const Knob& knob : knobTable()) {
        if (knob.hidden) continue;
        const KnobField* f = field(std::string(knob.name));
        if (f && !f->problem().isEmpty()) {
            problem = f->problem();
            break;
        }
    }
    QString cross;
    if (problem.isEmpty()) {
        try {
            validateSinglePoint(experiment());
        } catch (const InputError& error) {
            cross = QString::fromStdString(error.what());
        }
        problem = cross;
    }
    QString sweepProblem;
    std::string badList; // the sweep field the problem names, outlined as you type
    if (problem.isEmpty()) {
        try {
            validateExperiment(sweepExperiment());
        } catch (const InputError& error) {
            sweepProblem = tr("sweep: %1").arg(QString::fromStdString(error.what()));
            badList = error.field();
        }
    }
    const QString errorColour = UiPalette::fromPalette(palette()).color(ColorRole::ErrorText).name();
    for (auto& [name, edit] : sweepFields_)
        edit->setStyleSheet(name == badList ? QStringLiteral("QLineEdit { border: 2px solid %1; }").arg(errorColour)
                                            : QString());
    if (!sweepCount_) {
    } else if (problem.isEmpty() && sweepProblem.isEmpty()) {
        const Experiment sweep = sweepExperiment();
        sweepCount_->setText(tr("Sweep: %1").arg(ui::sweepCountText(sweepCount(sweep), sweep.warmup)));
    } else {
        sweepCount_->setText(tr("Sweep: fix the lists first"));
    }
    const QString shown = cross.isEmpty() ? sweepProblem : cross;
    crossCheck_->setText(wrappableText(shown));
    crossCheck_->setVisible(!shown.isEmpty());
    const bool wasValid = problem_.isEmpty(), sweepWasValid = sweepProblem_.isEmpty();
    problem_ = problem;
    sweepProblem_ = problem.isEmpty() ? sweepProblem : problem;
    if (wasValid != problem_.isEmpty() || sweepWasValid != sweepProblem_.isEmpty()) emit validityChanged(isValid());
    emit edited();
}

} // namespace oversub::ui
