#pragma once
// The teaching strip above the centre views while a preset is loaded: its
// title, story and the question to predict before running; after the sweep,
// what this machine showed (the verdict sentences) and the lesson.
// Hidden when no preset is loaded. Grows with the text (see BannerStrip).

#include "banner_strip.h"

#include <QString>
#include <QStringList>

namespace oversub::ui {

class PresetBanner : public BannerStrip {
    Q_OBJECT
public:
    explicit PresetBanner(QWidget* parent = nullptr);

    // Before the run: story and question, and any note (e.g. which claims an
    // edit keeps from being checked).
    void showPreset(const QString& title, const QString& story, const QString& question, const QString& note = {});
    // After the run: the verdicts measured here and the lesson.
    void showOutcome(const QStringList& verdicts, const QString& lesson);
    void clear();

    QString text() const; // everything shown, as plain text (empty when hidden)

private:
    QString title_, story_, question_;
};

} // namespace oversub::ui
