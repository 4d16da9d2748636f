#pragma once
// Heat map of a sweep's speedup over workers x threads, from the engine's
// sweep_done summary (points[]: label, workers, threads, speedup,
// above_allowed_pus). Cells are coloured by speedup; a cell slower than the
// base (speedup < 1) is red, a cell with workers x threads above the allowed
// PUs is outlined. Clicking a cell asks for its run.

#include <QImage>
#include <QWidget>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace oversub::ui {

struct HeatCell {
    int workers = 1, threads = 1;
    std::string label; // sweep point label, as in the run table
    bool measured = false; // false: the point has no successful run
    double speedup = 0;
    bool slowerThanBase = false; // speedup < 1
    bool aboveAllowedPus = false;
};

struct HeatMapData {
    std::vector<int> workers, threads; // distinct values, ascending: columns and rows
    std::vector<HeatCell> cells;
    double maxSpeedup = 1;
    // Two points on one workers x threads cell: the sweep varies another knob
    // (e.g. affinity) and the map would hide it, so it shows no cells.
    bool variesOtherKnobs = false;
    const HeatCell* at(int workers, int threads) const;
};

// Points without workers/threads are skipped; a repeated pair empties the map
// and sets variesOtherKnobs.
HeatMapData heatMapFromSummary(const nlohmann::json& summary);

class HeatMapView : public QWidget {
    Q_OBJECT
public:
    explicit HeatMapView(QWidget* parent = nullptr);
    void setSummary(const nlohmann::json& summary);
    const HeatMapData& data() const { return data_; }
    // The cell under `pos` in widget coordinates, or nullptr.
    const HeatCell* cellAt(const QPoint& pos) const;
    QRect cellRect(int column, int row) const;
    // The map laid out again at `size` (not a scaled bitmap), for PNG export.
    QImage renderImage(const QSize& size) const;

signals:
    void cellClicked(const QString& label);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRect gridRect() const;
    HeatMapData data_;
};

} // namespace oversub::ui
