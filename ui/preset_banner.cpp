#include "preset_banner.h"

#include <QLabel>
#include <QTextDocument>

namespace oversub::ui {

PresetBanner::PresetBanner(QWidget* parent)
    : BannerStrip(QStringLiteral("presetBanner"), tr("Hide the preset text"), std::nullopt, parent) {}

void PresetBanner::showPreset(const QString& title, const QString& story, const QString& question,
                              const QString& note) {
    title_ = title;
    story_ = story;
    question_ = question;
    QString html = QStringLiteral("<b>%1</b><br>%2<br><b>%3</b><br><i>%4</i>")
                       .arg(title.toHtmlEscaped(), story.toHtmlEscaped(), question.toHtmlEscaped(),
                            tr("Write your prediction down, then run it (F6).").toHtmlEscaped());
    if (!note.isEmpty()) html += QStringLiteral("<br>%1").arg(note.toHtmlEscaped());
    setStripText(html, Qt::RichText);
    setVisible(true);
}

void PresetBanner::showOutcome(const QStringList& verdicts, const QString& lesson) {
    QString html = QStringLiteral("<b>%1</b>").arg(title_.toHtmlEscaped());
    if (!question_.isEmpty()) html += QStringLiteral("<br>%1").arg(question_.toHtmlEscaped());
    if (!verdicts.isEmpty()) {
        html += QStringLiteral("<br><b>%1</b>").arg(tr("What this machine showed:").toHtmlEscaped());
        for (const QString& v : verdicts) html += QStringLiteral("<br>\u2022 %1").arg(v.toHtmlEscaped());
    }
    if (!lesson.isEmpty())
        html += QStringLiteral("<br><b>%1</b> %2").arg(tr("Lesson:").toHtmlEscaped(), lesson.toHtmlEscaped());
    setStripText(html, Qt::RichText);
    setVisible(true);
}

void PresetBanner::clear() {
    title_.clear();
    story_.clear();
    question_.clear();
    setStripText(QString(), Qt::RichText);
    setVisible(false);
}

QString PresetBanner::text() const {
    if (isHidden()) return {};
    QTextDocument doc;
    doc.setHtml(label()->text());
    return doc.toPlainText();
}

} // namespace oversub::ui
