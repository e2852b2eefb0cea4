// Chart.js's set-up for the performance chart: one scale, earnings, as bars. A bucket without a
// dispatch is marked on the baseline, and one still to come is marked lighter and narrower, so a
// zero never looks like a gap and a gap never looks like a zero. Energy is in the tooltip (and
// the table and summary), never on a second axis. Every word arrives translated from the server
// in the figure's JSON (connect_app/pages/vpp_summary.py); colours come from the stylesheet's
// custom properties, so the light and dark palettes and the brand's accent stay in one place.

// The stylesheet's colours the charts draw with, read in one style pass and kept until the
// palette changes (the device's light or dark setting: forgetPalette).
const COLOURS = ["--text-muted", "--future", "--earnings", "--energy", "--grid"];
let palette = null;

export function cssColour(name) {
  if (!palette) {
    const style = getComputedStyle(document.documentElement);
    palette = Object.fromEntries(COLOURS.map((n) => [n, style.getPropertyValue(n).trim()]));
  }
  return palette[name];
}

export function forgetPalette() {
  palette = null;
}

// The figures each chart shows now, by its canvas (set before Chart.js first asks for them).
// Its options read them through here, never hold one period's: a new period's figures then
// need only the chart's data replaced, and Chart.js keeps the options it has resolved.
const shown = new WeakMap();

export function showFigures(canvas, data) {
  shown.set(canvas, data);
}

export function figuresOf(chart) {
  return shown.get(chart.canvas);
}

// The marks on the baseline: a flat bar as wide as an earnings bar where nothing was
// dispatched, a small ring, lighter and narrower, where the bucket has not happened yet.
const baselineMarks = {
  id: "baselineMarks",
  afterDatasetsDraw(chart) {
    const marks = figuresOf(chart);
    const bars = chart.getDatasetMeta(0).data;
    const y = chart.scales.y;
    if (!y || !bars.length) {
      return;
    }
    const base = y.getPixelForValue(0);
    const ctx = chart.ctx;
    const zero = cssColour("--text-muted");
    const future = cssColour("--future");
    ctx.save();
    bars.forEach((bar, index) => {
      if (!Number.isFinite(bar.x)) {
        return;
      }
      if (marks.zero[index]) {
        ctx.fillStyle = zero;
        ctx.fillRect(bar.x - bar.width / 2, base - 3, bar.width, 3);
      } else if (marks.toCome[index]) {
        ctx.strokeStyle = future;
        ctx.lineWidth = 1.25;
        ctx.beginPath();
        ctx.arc(bar.x, base - 3, Math.min(2.5, bar.width / 3), 0, 2 * Math.PI);
        ctx.stroke();
      }
    });
    ctx.restore();
  },
};

// A value scale as the server worked it out (connect_app/pages/chart_scale.py): its ends, its
// figures and their words, so Chart.js works out no steps and the browser formats no numbers.
export const serverScale = {
  afterDataLimits: (axis) => {
    const ticks = figuresOf(axis.chart).scale.ticks;
    axis.min = ticks[0];
    axis.max = ticks[ticks.length - 1];
  },
  afterBuildTicks: (axis) => {
    axis.ticks = figuresOf(axis.chart).scale.ticks.map((value) => ({ value }));
  },
  ticks: {
    callback(value, index) {
      return figuresOf(this.chart).scale.words[index];
    },
  },
};

// The figures as Chart.js's data: a new period's replace the chart's (chart.js's refresh).
export function chartData(data) {
  return {
    labels: data.labels,
    datasets: [
      {
        type: "bar",
        // A bucket still to come is 0 here, not a gap, so its column answers a tap too.
        data: data.earnings.map((value) => (value === null ? 0 : value)),
        backgroundColor: cssColour("--earnings"),
        borderRadius: 3,
        maxBarThickness: 28,
      },
    ],
  };
}

// Chart.js's set-up for the performance chart, with its figures (the JSON of
// connect_app/pages/vpp_summary.py's _chart, beside the canvas in its figure).
export function chartFor(data) {
  const muted = cssColour("--text-muted");
  return {
    data: chartData(data),
    options: {
      maintainAspectRatio: false,
      // Drawn in one go: an animation would spend the phone's main thread on frames nobody
      // waits for, and a new period arrives with the card's own slide instead.
      animation: false,
      // A tap anywhere in a bucket's column shows its tooltip, a zero's and a day to come's too.
      interaction: { mode: "index", intersect: false },
      plugins: {
        tooltip: {
          displayColors: false,
          callbacks: {
            title: (items) =>
              items.length ? figuresOf(items[0].chart).titles[items[0].dataIndex] : "",
            label: (item) => figuresOf(item.chart).tooltips[item.dataIndex],
          },
        },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { color: muted, autoSkip: true, maxRotation: 0 },
        },
        y: {
          ...serverScale,
          grid: { color: cssColour("--grid") },
          border: { display: false },
          ticks: { ...serverScale.ticks, color: muted },
        },
      },
    },
    plugins: [baselineMarks],
  };
}
