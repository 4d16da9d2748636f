#pragma once
// A command comes from the person at the window, never silently from a file:
// opening an experiment that runs a program asks first, showing the exact
// command line. The question is a function so tests (and automation) can
// answer it without a modal dialog.

#include <QString>

#include <functional>

class QWidget;

namespace oversub::ui {

// true: Allow, false: Don't allow. `path` is the experiment file.
using CommandConsentAsker = std::function<bool(QWidget* parent, const QString& commandLine, const QString& path)>;

// The question's text, with the command line exactly as the file has it.
QString commandConsentText(const QString& commandLine, const QString& path);

// The modal dialog: Allow / Don't allow, Don't allow being the default.
bool askCommandConsentInDialog(QWidget* parent, const QString& commandLine, const QString& path);

} // namespace oversub::ui
