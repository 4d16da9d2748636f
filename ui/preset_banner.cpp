#include "preset_banner.h"

#include "ui_palette.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTextDocument>
#include <QToolButton>

namespace oversub::ui {

PresetBanner::PresetBanner(QWidget* parent) : QWidget(parent) {
    setObjectName(QStringLiteral("presetBanner"));
    setAutoFillBackground(true);
    QPalette pal = palette();
    const UiPalette colours = UiPalette::fromPalette(pal);
    pal.setColor(QPalette::Window, pal.color(QPalette::AlternateBase));
    pal.setColor(QPalette::WindowText, colours.color(ColorRole::Text));
    setPalette(pal);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    text_ = new QLabel(this);
    text_->setWordWrap(true);
    text_->setTextFormat(Qt::RichText);
    text_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* close = new QToolButton(this);
    close->setText(QStringLiteral("\u2715"));
    close->setToolTip(tr("Hide the preset text"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, [this] { setVisible(false); });
    layout->addWidget(text_, 1);
    layout->addWidget(close, 0, Qt::AlignTop);
    setVisible(false);
}

void PresetBanner::showPreset(const QString& title, const QString& story, const QString& question) {
    title_ = title;
    story_ = story;
    question_ = question;
    text_->setText(QStringLiteral("<b>%1</b><br>%2<br><b>%3</b><br><i>%4</i>")
                       .arg(title.toHtmlEscaped(), story.toHtmlEscaped(), question.toHtmlEscaped(),
                            tr("Write your prediction down, then run it (F6).").toHtmlEscaped()));
    setVisible(true);
}

void PresetBanner::showOutcome(const QStringList& verdicts, const QString& lesson) {
    QString html = QStringLiteral("<b>%1</b>").arg(title_.toHtmlEscaped());
    if (!question_.isEmpty()) html += QStringLiteral("<br>%1").arg(question_.toHtmlEscaped());
    if (!verdicts.isEmpty()) {
        html += QStringLiteral("<br><b>%1</b>").arg(tr("What this machine showed:").toHtmlEscaped());
        for (const QString& v : verdicts) html += QStringLiteral("<br>\u2022 %1").arg(v.toHtmlEscaped());
    }
    if (!lesson.isEmpty()) html += QStringLiteral("<br><b>%1</b> %2").arg(tr("Lesson:").toHtmlEscaped(), lesson.toHtmlEscaped());
    text_->setText(html);
    setVisible(true);
}

void PresetBanner::clear() {
    title_.clear();
    story_.clear();
    question_.clear();
    text_->clear();
    setVisible(false);
}

QString PresetBanner::text() const {
    if (isHidden()) return {};
    QTextDocument doc;
    doc.setHtml(text_->text());
    return doc.toPlainText();
}

} // namespace oversub::ui
