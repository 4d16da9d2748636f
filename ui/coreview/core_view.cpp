#include "coreview/core_view.h"

#include "ui_palette.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>

namespace oversub::ui {
namespace {

struct Segment {
    ColorRole role;
    double share;
};

// htop's order of a CPU bar: nice, user, system, irq, softirq, steal, iowait.
std::vector<Segment> segmentsOf(const sampler::CpuShare& s) {
    return {{ColorRole::CpuNice, s.nice},    {ColorRole::CpuUser, s.user},       {ColorRole::CpuSystem, s.system},
            {ColorRole::CpuIrq, s.irq},      {ColorRole::CpuSoftirq, s.softirq}, {ColorRole::CpuSteal, s.steal},
            {ColorRole::CpuIowait, s.iowait}};
}

QString stateName(char state) {
    switch (state) {
    case 'R': return QStringLiteral("running");
    case 'S': return QStringLiteral("sleeping");
    case 'D': return QStringLiteral("disk wait");
    case 'Z': return QStringLiteral("zombie");
    case 'T': return QStringLiteral("stopped");
    default: return QString(QChar(state));
    }
}

// A thread pinned to one PU that ran this tick may not have had its stat
// read (the sampler knew its CPU from its affinity): its state is then an
// older one, and one that ran is shown running, as the bars show it.
char shownState(const sampler::ThreadSample& t) { return !t.stateIsFresh && t.run > 0.05 ? 'R' : t.state; }

} // namespace

CoreView::CoreView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setMachine(MachineShape::regular(1, 2, 1));
}

void CoreView::setMachine(const MachineShape& shape) {
    shape_ = shape;
    sharesByOs_.clear();
    threadsByOs_.clear();
    previewWorkersByOs_.clear();
    allowedByOs_.clear();
    relayout();
}

void CoreView::setSnapshot(const sampler::Snapshot& snapshot) {
    for (const auto& share : snapshot.cpus) sharesByOs_[share.cpu] = share;
    threadsByOs_.clear();
    const bool legendBefore = processLegend_;
    livePids_.clear();
    for (const auto& thread : snapshot.threads) {
        noteProcess(thread);
        livePids_.insert(thread.pid);
        if (thread.cpu >= 0) threadsByOs_[thread.cpu].push_back(thread);
    }
    if (processLegend_ != legendBefore) relayout();
    update();
}

std::optional<sampler::CpuShare> CoreView::shareOn(int os) const {
    const auto it = sharesByOs_.find(os);
    if (it == sharesByOs_.end()) return std::nullopt;
    return it->second;
}

void CoreView::noteProcess(const sampler::ThreadSample& thread) {
    // Threads that belong to no worker come from an attached tree: their
    // processes are what the person tells apart, so they get the legend.
    if (thread.worker < 0) processLegend_ = true;
    auto it = colourByPid_.find(thread.pid);
    if (it != colourByPid_.end()) return;
    colourByPid_[thread.pid] = thread.worker >= 0 ? thread.worker : nextColour_++;
    processOrder_.push_back(thread.pid);
}

int CoreView::colourIndexOf(const sampler::ThreadSample& thread) const {
    if (thread.worker >= 0) return thread.worker;
    return processColourIndex(thread.pid);
}

int CoreView::processColourIndex(int pid) const {
    auto it = colourByPid_.find(pid);
    return it == colourByPid_.end() ? -1 : it->second;
}

void CoreView::setProcessNames(const std::map<int, QString>& namesByPid) {
    for (const auto& [pid, name] : namesByPid) namesByPid_[pid] = name;
    if (!namesByPid.empty() && !processLegend_) {
        processLegend_ = true;
        relayout();
    }
    update();
}

QString CoreView::processLabel(int pid) const {
    auto it = namesByPid_.find(pid);
    return it == namesByPid_.end() || it->second.isEmpty() ? QString::number(pid)
                                                           : QStringLiteral("%1 %2").arg(pid).arg(it->second);
}

std::vector<int> CoreView::legendProcesses() const {
    // Processes that exited keep their colour but leave the legend.
    std::vector<int> pids;
    for (int pid : processOrder_)
        if (livePids_.empty() || livePids_.count(pid)) pids.push_back(pid);
    return pids;
}

QString CoreView::processLegendText() const {
    QStringList parts;
    for (int pid : legendProcesses()) parts << processLabel(pid);
    return parts.join(QStringLiteral(", "));
}

void CoreView::setAllowedPus(const std::vector<int>& pus) {
    allowedByOs_.clear();
    if (!pus.empty()) {
        const int maxOs = *std::max_element(pus.begin(), pus.end());
        allowedByOs_.assign(static_cast<size_t>(std::max(maxOs, 0)) + 1, false);
        for (int os : pus)
            if (os >= 0) allowedByOs_[os] = true;
    }
    update();
}

void CoreView::setPlacementPreview(const std::vector<std::vector<int>>& puesPerWorker) {
    previewWorkersByOs_.clear();
    for (size_t w = 0; w < puesPerWorker.size(); ++w)
        for (int os : puesPerWorker[w]) previewWorkersByOs_[os].push_back(static_cast<int>(w));
    update();
}

void CoreView::clearThreads() {
    threadsByOs_.clear();
    colourByPid_.clear();
    processOrder_.clear();
    livePids_.clear();
    namesByPid_.clear();
    nextColour_ = 0;
    const bool hadLegend = processLegend_;
    processLegend_ = false;
    if (hadLegend) relayout();
    update();
}

int CoreView::threadCountOn(int os) const {
    auto it = threadsByOs_.find(os);
    return it == threadsByOs_.end() ? 0 : static_cast<int>(it->second.size());
}

bool CoreView::isAllowed(int os) const {
    if (allowedByOs_.empty()) return true;
    return os >= 0 && os < static_cast<int>(allowedByOs_.size()) && allowedByOs_[os];
}

void CoreView::relayout() {
    CoreViewLayoutParams params;
    params.size = size();
    const QFontMetricsF metrics(font());
    params.textHeight = metrics.height();
    int maxOs = 0;
    for (int os : shape_.puOsIndexes()) maxOs = std::max(maxOs, os);
    params.labelWidth = metrics.horizontalAdvance(QString::number(maxOs)) + 4;
    params.processLegend = processLegend_;
    layout_ = CoreViewLayout::compute(shape_, params);
    update();
}

void CoreView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    relayout();
}

void CoreView::paintEvent(QPaintEvent*) {
    const UiPalette pal = UiPalette::fromPalette(palette());
    QPainter painter(this);
    painter.fillRect(rect(), palette().color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QFontMetricsF metrics(font());
    const bool meters = layout_.mode == CoreViewMode::Meters;

    // Legend: the colour key, so the split needs no manual.
    {
        double x = layout_.legend.left();
        const double box = std::min(10.0, layout_.legend.height() - 4);
        const double cy = layout_.legend.center().y();
        auto key = [&](const QColor& color, const QString& text) {
            painter.fillRect(QRectF(x, cy - box / 2, box, box), color);
            x += box + 4;
            painter.setPen(pal.color(ColorRole::Text));
            const double w = metrics.horizontalAdvance(text);
            painter.drawText(QRectF(x, layout_.legend.top(), w + 2, layout_.legend.height()),
                             Qt::AlignVCenter | Qt::AlignLeft, text);
            x += w + 12;
        };
        if (meters) {
            key(pal.color(ColorRole::CpuNice), tr("nice"));
            key(pal.color(ColorRole::CpuUser), tr("user"));
            key(pal.color(ColorRole::CpuSystem), tr("system"));
            key(pal.color(ColorRole::CpuIrq), tr("irq"));
            key(pal.color(ColorRole::CpuSoftirq), tr("softirq"));
            key(pal.color(ColorRole::CpuSteal), tr("steal"));
            key(pal.color(ColorRole::CpuIowait), tr("iowait"));
        } else {
            key(pal.heat(0.1), tr("idle"));
            key(pal.heat(0.5), tr("50%"));
            key(pal.heat(0.8), tr("80%"));
            key(pal.heat(1.0), tr("busy"));
        }
        if (!allowedByOs_.empty()) {
            key(pal.color(ColorRole::AllowedMark), tr("run's cpuset"));
            key(pal.color(ColorRole::Outside), tr("outside"));
        }
        // Marker keys: drawn like the markers themselves.
        auto markerKey = [&](bool filled, const QString& text) {
            painter.setRenderHint(QPainter::Antialiasing, true);
            painter.setPen(QPen(pal.worker(0), filled ? 1 : 2));
            painter.setBrush(filled ? QBrush(pal.worker(0)) : Qt::NoBrush);
            painter.drawEllipse(QRectF(x, cy - box / 2, box, box));
            painter.setRenderHint(QPainter::Antialiasing, false);
            x += box + 4;
            painter.setPen(pal.color(ColorRole::Text));
            const double w = metrics.horizontalAdvance(text);
            painter.drawText(QRectF(x, layout_.legend.top(), w + 2, layout_.legend.height()),
                             Qt::AlignVCenter | Qt::AlignLeft, text);
            x += w + 12;
        };
        if (!threadsByOs_.empty())
            markerKey(true, processLegend_ ? tr("thread (colour = process)") : tr("worker thread (colour = worker)"));
        if (!previewWorkersByOs_.empty()) markerKey(false, tr("placement preview (colour = worker)"));
        const QString what = QString::fromStdString(shape_.description);
        if (!what.isEmpty() && x + metrics.horizontalAdvance(what) + 8 < layout_.legend.right()) {
            painter.setPen(pal.color(ColorRole::TextDim));
            painter.drawText(layout_.legend, Qt::AlignVCenter | Qt::AlignRight, what);
        }
    }

    // Package and core boxes.
    for (const auto& group : layout_.groups) {
        if (group.level == 0) {
            painter.setPen(QPen(pal.color(ColorRole::GroupFrame), 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(group.rect.adjusted(0.5, 0.5, -0.5, -0.5));
            painter.setPen(pal.color(ColorRole::TextDim));
            painter.drawText(group.rect.adjusted(6, 1, -4, 0), Qt::AlignTop | Qt::AlignLeft, group.title);
        }
    }

    for (const auto& cell : layout_.cells) {
        const bool allowed = isAllowed(cell.os);
        const auto shareIt = sharesByOs_.find(cell.os);
        if (meters) {
            if (!allowed) painter.fillRect(cell.cell, pal.color(ColorRole::Outside));
            else if (!allowedByOs_.empty())
                painter.fillRect(QRectF(cell.cell.left(), cell.bar.top(), 3, cell.bar.height()),
                                 pal.color(ColorRole::AllowedMark));
            painter.setPen(pal.color(allowed ? ColorRole::Text : ColorRole::TextDim));
            painter.drawText(cell.label, Qt::AlignVCenter | Qt::AlignRight, QString::number(cell.os));
            painter.fillRect(cell.bar, pal.color(ColorRole::MeterTrack));
            if (shareIt != sharesByOs_.end()) {
                double x = cell.bar.left();
                for (const auto& segment : segmentsOf(shareIt->second)) {
                    const double w = std::clamp(segment.share, 0.0, 1.0) * cell.bar.width();
                    const double clipped = std::min(w, cell.bar.right() - x);
                    if (clipped <= 0) continue;
                    QColor color = pal.color(segment.role);
                    if (!allowed) color = color.lighter(130);
                    painter.fillRect(QRectF(x, cell.bar.top(), clipped, cell.bar.height()), color);
                    x += clipped;
                }
                const QString percent = QStringLiteral("%1%").arg(shareIt->second.busy() * 100, 0, 'f', 0);
                if (cell.bar.height() >= metrics.height() * 0.8 &&
                    cell.bar.width() > metrics.horizontalAdvance(percent) * 2) {
                    painter.setPen(pal.color(ColorRole::Text));
                    painter.drawText(cell.bar.adjusted(0, 0, -4, 0), Qt::AlignVCenter | Qt::AlignRight, percent);
                }
            }
        } else {
            const double busy = shareIt == sharesByOs_.end() ? 0.0 : shareIt->second.busy();
            painter.fillRect(cell.bar, allowed ? pal.heat(busy) : pal.color(ColorRole::Outside));
            if (!allowedByOs_.empty() && allowed && cell.bar.width() >= 6)
                painter.fillRect(QRectF(cell.bar.left(), cell.bar.bottom() - 2, cell.bar.width(), 2),
                                 pal.color(ColorRole::AllowedMark));
        }
    }
    for (const auto& group : layout_.groups) {
        if (group.level == 1) {
            painter.setPen(QPen(pal.color(ColorRole::GroupFrame), 1, meters ? Qt::DotLine : Qt::SolidLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(group.rect.adjusted(0.5, 0.5, -0.5, -0.5));
        }
    }

    // Markers: worker threads (filled when running, hollow otherwise) and
    // the what-if placement preview (hollow, dashed).
    painter.setRenderHint(QPainter::Antialiasing, true);
    const QColor outline = pal.color(ColorRole::Text);
    for (const auto& cell : layout_.cells) {
        const int capacity = layout_.markerCapacity(cell);
        int slot = 0;
        auto drawOverflow = [&](int remaining) {
            if (remaining <= 0 || capacity == 0) return;
            painter.setPen(pal.color(ColorRole::Text));
            const QRectF last = layout_.markerRect(cell, capacity - 1);
            painter.drawText(last.adjusted(-4, -4, 8, 4), Qt::AlignCenter, QStringLiteral("+%1").arg(remaining));
        };
        if (auto it = threadsByOs_.find(cell.os); it != threadsByOs_.end()) {
            const auto& threads = it->second;
            for (size_t i = 0; i < threads.size(); ++i, ++slot) {
                if (slot >= capacity || (slot == capacity - 1 && i + 1 < threads.size())) {
                    drawOverflow(static_cast<int>(threads.size() - i));
                    slot = capacity;
                    break;
                }
                const QColor color = pal.worker(colourIndexOf(threads[i]));
                const bool running = threads[i].state == 'R' || threads[i].run > 0.05;
                painter.setPen(QPen(running ? outline : color, 1));
                painter.setBrush(running ? QBrush(color) : Qt::NoBrush);
                painter.drawEllipse(layout_.markerRect(cell, slot));
            }
        }
        if (auto it = previewWorkersByOs_.find(cell.os); it != previewWorkersByOs_.end()) {
            const auto& workers = it->second;
            for (size_t i = 0; i < workers.size() && slot < capacity; ++i, ++slot) {
                if (slot == capacity - 1 && i + 1 < workers.size()) {
                    drawOverflow(static_cast<int>(workers.size() - i));
                    break;
                }
                painter.setPen(QPen(pal.worker(workers[i]), 2));
                painter.setBrush(Qt::NoBrush);
                painter.drawEllipse(layout_.markerRect(cell, slot).adjusted(1, 1, -1, -1));
            }
        }
    }
    paintProcessLegend(painter, pal);
}

void CoreView::paintProcessLegend(QPainter& painter, const UiPalette& pal) {
    const QRectF band = layout_.processLegend;
    const std::vector<int> pids = legendProcesses();
    if (band.isEmpty() || pids.empty()) return;
    const QFontMetricsF metrics(font());
    const double box = std::min(10.0, band.height() - 4);
    const double cy = band.center().y();
    double x = band.left();
    painter.setPen(pal.color(ColorRole::TextDim));
    const QString title = tr("processes:");
    painter.drawText(QRectF(x, band.top(), metrics.horizontalAdvance(title) + 2, band.height()),
                     Qt::AlignVCenter | Qt::AlignLeft, title);
    x += metrics.horizontalAdvance(title) + 8;
    for (size_t i = 0; i < pids.size(); ++i) {
        const int pid = pids[i];
        const QString text = processLabel(pid);
        const double w = box + 4 + metrics.horizontalAdvance(text) + 12;
        const QString more = tr("+%1 more (hover for all)").arg(pids.size() - i);
        const bool last = i + 1 == pids.size();
        // Keep room for "+N more" unless this is the last entry.
        if (x + w + (last ? 0 : metrics.horizontalAdvance(more) + 4) > band.right()) {
            painter.setPen(pal.color(ColorRole::TextDim));
            painter.drawText(QRectF(x, band.top(), band.right() - x, band.height()), Qt::AlignVCenter | Qt::AlignLeft,
                             more);
            return;
        }
        const QColor color = pal.worker(processColourIndex(pid));
        painter.setRenderHint(QPainter::Antialiasing, true);
        painter.setPen(QPen(pal.color(ColorRole::Text), 1));
        painter.setBrush(color);
        painter.drawEllipse(QRectF(x, cy - box / 2, box, box));
        painter.setRenderHint(QPainter::Antialiasing, false);
        x += box + 4;
        painter.setPen(pal.color(ColorRole::Text));
        painter.drawText(QRectF(x, band.top(), metrics.horizontalAdvance(text) + 2, band.height()),
                         Qt::AlignVCenter | Qt::AlignLeft, text);
        x += metrics.horizontalAdvance(text) + 12;
    }
}

QString CoreView::tooltipAt(const QPointF& point) const {
    if (layout_.processLegend.contains(point) && !processOrder_.empty()) {
        QString text = tr("<b>Processes</b> (colour of their threads)");
        for (int pid : legendProcesses()) text += QStringLiteral("<br>") + processLabel(pid).toHtmlEscaped();
        return text;
    }
    const int index = layout_.cellIndexAt(point);
    if (index < 0) return {};
    const PuCell& cell = layout_.cells[index];
    const auto& package = shape_.packages[cell.package];
    QString text = tr("<b>PU %1</b> (package %2, core %3)%4")
                       .arg(cell.os)
                       .arg(package.index)
                       .arg(package.cores[cell.core].index)
                       .arg(isAllowed(cell.os) ? QString() : tr(" <i>outside the run's cpuset</i>"));
    if (auto it = sharesByOs_.find(cell.os); it != sharesByOs_.end()) {
        const auto& s = it->second;
        text += tr("<br>busy %1%: user %2%, nice %3%, system %4%, irq %5%, softirq %6%, steal %7%, iowait %8%")
                    .arg(s.busy() * 100, 0, 'f', 0)
                    .arg(s.user * 100, 0, 'f', 0)
                    .arg(s.nice * 100, 0, 'f', 0)
                    .arg(s.system * 100, 0, 'f', 0)
                    .arg(s.irq * 100, 0, 'f', 0)
                    .arg(s.softirq * 100, 0, 'f', 0)
                    .arg(s.steal * 100, 0, 'f', 0)
                    .arg(s.iowait * 100, 0, 'f', 0);
    }
    if (auto it = threadsByOs_.find(cell.os); it != threadsByOs_.end()) {
        for (const auto& t : it->second) {
            text += tr("<br>worker %1, pid %2, tid %3: %4, on CPU %5%, run-queue wait %6%")
                        .arg(t.worker < 0 ? QStringLiteral("-") : QString::number(t.worker))
                        .arg(processLabel(t.pid).toHtmlEscaped())
                        .arg(t.tid)
                        .arg(stateName(shownState(t)))
                        .arg(t.run * 100, 0, 'f', 0)
                        .arg(t.runqWait * 100, 0, 'f', 0);
        }
    }
    if (auto it = previewWorkersByOs_.find(cell.os); it != previewWorkersByOs_.end()) {
        QStringList workers;
        for (int w : it->second) workers << QString::number(w);
        text += tr("<br>placement preview: worker %1").arg(workers.join(QStringLiteral(", ")));
    }
    return text;
}

bool CoreView::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = tooltipAt(help->pos());
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    if (event->type() == QEvent::FontChange || event->type() == QEvent::PaletteChange) relayout();
    return QWidget::event(event);
}

} // namespace oversub::ui
