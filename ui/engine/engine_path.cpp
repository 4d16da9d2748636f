#include "engine/engine_path.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace oversub::ui {
namespace {
const char* const kEngineVariable = "OVERSUB_ENGINE";
const char* const kEngineName = "oversub-cli";

QString besideTheWindow() { return QDir(QCoreApplication::applicationDirPath()).filePath(kEngineName); }
} // namespace

QString resolveEnginePath() {
    QString fromEnv = qEnvironmentVariable(kEngineVariable);
    if (!fromEnv.isEmpty()) return fromEnv; // taken as given: a wrong path is reported when it fails to start
    const QFileInfo beside(besideTheWindow());
    if (beside.isFile() && beside.isExecutable()) return beside.absoluteFilePath();
    return QStandardPaths::findExecutable(kEngineName);
}

QString engineNotFoundMessage() {
    return QCoreApplication::translate("oversub", "The engine %1 was not found: not beside the window (%2) and not on "
                                                  "PATH. Set %3 to its path.")
        .arg(kEngineName, besideTheWindow(), kEngineVariable);
}

} // namespace oversub::ui
