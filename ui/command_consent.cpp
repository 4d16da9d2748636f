#include "command_consent.h"

#include <QMessageBox>
#include <QPushButton>

namespace oversub::ui {

QString commandConsentText(const QString& commandLine, const QString& path) {
    return QObject::tr("<p>The experiment <b>%1</b> runs a program on your machine:</p>"
                       "<pre>%2</pre>"
                       "<p>Run it only if you trust the file.</p>")
        .arg(path.toHtmlEscaped(), commandLine.toHtmlEscaped());
}

bool askCommandConsentInDialog(QWidget* parent, const QString& commandLine, const QString& path) {
    QMessageBox box(parent);
    box.setObjectName(QStringLiteral("commandConsent"));
    box.setIcon(QMessageBox::Warning);
    box.setWindowTitle(QObject::tr("This experiment runs a program"));
    box.setTextFormat(Qt::RichText);
    box.setText(commandConsentText(commandLine, path));
    QPushButton* allow = box.addButton(QObject::tr("&Allow"), QMessageBox::AcceptRole);
    QPushButton* refuse = box.addButton(QObject::tr("&Don't allow"), QMessageBox::RejectRole);
    box.setDefaultButton(refuse);
    box.setEscapeButton(refuse);
    box.exec();
    return box.clickedButton() == allow;
}

} // namespace oversub::ui
