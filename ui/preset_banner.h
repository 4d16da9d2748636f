#pragma once
// The teaching strip above the centre views while a preset is loaded: its
// title, story and the question to predict before running; after the sweep,
// what this machine showed (the engine's verdict sentences) and the lesson.
// Hidden when no preset is loaded.

#include <QString>
#include <QStringList>
#include <QWidget>

class QLabel;

namespace oversub::ui {

class PresetBanner : public QWidget {
    Q_OBJECT
public:
    explicit PresetBanner(QWidget* parent = nullptr);

    // Before the run: story and question.
    void showPreset(const QString& title, const QString& story, const QString& question);
    // After the run: the verdicts measured here and the lesson.
    void showOutcome(const QStringList& verdicts, const QString& lesson);
    void clear();

    QString text() const; // everything shown, as plain text (empty when hidden)

private:
    QLabel* text_ = nullptr;
    QString title_, story_, question_;
};

} // namespace oversub::ui
