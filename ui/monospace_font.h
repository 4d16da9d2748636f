#pragma once
// A fixed-pitch font on any font setup. Qt's FixedFont is fontconfig's
// "monospace", which is not always fixed-pitch as Qt measures it (with
// Debian's fonts-noto-mono it is Noto Sans Mono, for which
// QFontInfo::fixedPitch() is false), so command output and command lines
// would not line up. This takes the first candidate Qt confirms.

#include <QFont>

namespace oversub::ui {

// The system's fixed font if Qt confirms it is fixed-pitch, else the first
// of the usual monospace families that is, else any installed family Qt
// lists as fixed-pitch; the system's fixed font as a last resort.
QFont monospaceFont();

} // namespace oversub::ui
