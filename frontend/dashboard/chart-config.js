// Chart.js's set-up for the performance chart: earnings as bars, energy as points, the buckets
// not yet reached shaded. Every word arrives translated from the server in the figure's JSON
// (connect_app/pages/vpp_summary.py); colours come from the stylesheet's custom properties, so
// the light and dark palettes and the brand's accent stay in one place.

export function cssColour(name) {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

// Shades the buckets that have not happened yet, so "no data yet" never looks like zero.
const notYetBands = {
  id: "notYetBands",
  beforeDatasetsDraw(chart) {
    const notYet = chart.config.options.plugins.notYetBands.flags || [];
    const x = chart.scales.x;
    const area = chart.chartArea;
    if (!x || !area) {
      return;
    }
    const width = (area.right - area.left) / Math.max(notYet.length, 1);
    const ctx = chart.ctx;
    ctx.save();
    ctx.fillStyle = cssColour("--future");
    ctx.globalAlpha = 0.45;
    notYet.forEach((flag, index) => {
      if (flag) {
        const centre = x.getPixelForValue(index);
        ctx.fillRect(centre - width / 2 + 1, area.top, width - 2, area.bottom - area.top);
      }
    });
    ctx.restore();
  },
};

function axisMoney(data) {
  try {
    const format = new Intl.NumberFormat(data.locale || undefined, {
      style: "currency",
      currency: data.currency,
      notation: "compact",
      maximumFractionDigits: 1,
    });
    return (value) => format.format(value);
  } catch (error) {
    return (value) => value;
  }
}

function axisEnergy(data) {
  let number;
  try {
    number = new Intl.NumberFormat(data.locale || undefined, { maximumFractionDigits: 1 });
  } catch (error) {
    number = { format: String };
  }
  return (value) => fill(data.words.energyTick, { value: number.format(value) });
}

// Puts values where the server's sentence has {name}; the sentence itself is never built here.
function fill(sentence, values) {
  return sentence.replace(/\{(\w+)\}/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole,
  );
}

// Chart.js's set-up for one canvas, and its data, or null when there is nothing to draw.
export function chartFor(canvas) {
  const source = canvas.closest("figure").querySelector("script[type='application/json']");
  if (!source || typeof window.Chart === "undefined" || !canvas.isConnected) {
    return null;
  }
  const data = JSON.parse(source.textContent);
  const words = data.words;
  const grid = cssColour("--grid");
  const muted = cssColour("--text-muted");
  return {
    data: {
      labels: data.labels,
      datasets: [
        {
          type: "bar",
          label: words.earnings,
          data: data.earnings,
          yAxisID: "money",
          backgroundColor: cssColour("--earnings"),
          borderRadius: 3,
          maxBarThickness: 28,
          order: 2,
        },
        {
          type: "line",
          label: words.energy,
          data: data.energy,
          yAxisID: "energy",
          borderColor: cssColour("--energy"),
          backgroundColor: cssColour("--energy"),
          // Points, not a line: a line would dive to zero between dispatch days.
          showLine: false,
          pointStyle: "rectRot",
          pointRadius: (context) => (context.raw ? 4 : 0),
          pointHoverRadius: 6,
          order: 1,
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      // Drawn in one go: an animation would spend the phone's main thread on frames nobody
      // waits for, and a new period arrives with the card's own slide instead.
      animation: false,
      interaction: { mode: "index", intersect: false },
      plugins: {
        notYetBands: { flags: data.notYet },
        tooltip: {
          callbacks: {
            title: (items) => (items.length ? data.titles[items[0].dataIndex] : ""),
            label: (item) => {
              const i = item.dataIndex;
              if (data.notYet[i]) {
                return words.notYet;
              }
              return item.datasetIndex === 0
                ? fill(words.earningsLine, { amount: data.earningsText[i] })
                : fill(words.energyLine, { energy: data.energyText[i] });
            },
          },
        },
      },
      scales: {
        x: {
          grid: { display: false },
          ticks: { color: muted, autoSkip: true, maxRotation: 0 },
        },
        money: {
          position: "left",
          beginAtZero: true,
          grid: { color: grid },
          ticks: { color: muted, maxTicksLimit: 5, callback: axisMoney(data) },
        },
        energy: {
          position: "right",
          beginAtZero: true,
          grid: { display: false },
          ticks: { color: muted, maxTicksLimit: 5, callback: axisEnergy(data) },
        },
      },
    },
    plugins: [notYetBands],
  };
}
