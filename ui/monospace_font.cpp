#include "monospace_font.h"

#include <QFontDatabase>
#include <QFontInfo>
#include <QStringList>

namespace oversub::ui {
namespace {

bool isFixedPitch(const QFont& font) { return QFontInfo(font).fixedPitch(); }

QFont pick() {
    const QFont system = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (isFixedPitch(system)) return system;
    auto withFamily = [&system](const QString& family) {
        QFont font = system;
        font.setFamilies({family});
        font.setStyleHint(QFont::Monospace);
        font.setFixedPitch(true);
        return font;
    };
    const QStringList known{QStringLiteral("DejaVu Sans Mono"), QStringLiteral("Liberation Mono"),
                            QStringLiteral("Noto Mono"),        QStringLiteral("Ubuntu Mono"),
                            QStringLiteral("Cascadia Mono"),    QStringLiteral("Courier New"),
                            QStringLiteral("FreeMono")};
    const QStringList installed = QFontDatabase::families();
    for (const QString& family : known)
        if (installed.contains(family) && isFixedPitch(withFamily(family))) return withFamily(family);
    for (const QString& family : installed)
        if (QFontDatabase::isFixedPitch(family) && isFixedPitch(withFamily(family))) return withFamily(family);
    return system;
}

} // namespace

QFont monospaceFont() {
    static const QFont font = pick(); // the font database does not change while the window runs
    return font;
}

} // namespace oversub::ui
