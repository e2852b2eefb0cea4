// The charts, the performance chart and a tariff's prices today: Chart.js (our bundle,
// frontend/chart.js) fetched only where there is a chart and only after the first paint, the
// first chart drawn in short tasks, a swapped-in chart drawn in the same frame as its figures.
import { chartFor } from "./chart-config.js";
import { afterLoadAndPaint, nextTask } from "./paint.js";
import { priceChartFor } from "./price-chart.js";

const CANVASES = "canvas[data-chart], [data-price-chart] canvas";

function configFor(canvas) {
  return canvas.closest("[data-price-chart]") ? priceChartFor() : chartFor(canvas);
}

const charts = new WeakMap();
let bundleUrl = null;
let chartJs = null;

// Where the Chart.js bundle is: the page's script tag names it (data-chart-bundle), hashed.
export function useChartBundle(url) {
  bundleUrl = url;
}

// Chart.js is fetched only where there is a chart, and evaluated in a task of its own.
function loadChartJs() {
  if (window.Chart) {
    return Promise.resolve();
  }
  if (!chartJs) {
    chartJs = new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = bundleUrl;
      tag.async = true;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }
  return chartJs;
}

function replace(canvas, config) {
  const previous = charts.get(canvas);
  if (previous) {
    previous.destroy();
  }
  const chart = new window.Chart(canvas, config);
  charts.set(canvas, chart);
  canvas.closest("figure")?.classList.add("is-drawn");
  return chart;
}

// At once, where Chart.js has run before (after a swap, a change of theme).
function draw(canvas) {
  const config = configFor(canvas);
  if (config) {
    replace(canvas, config);
  }
}

// The first chart of a page in three short tasks, so none holds a slow phone's main thread for
// long: the font is looked up, Chart.js sets itself up on empty axes, then takes the figures.
function drawInSteps(canvas) {
  const config = configFor(canvas);
  if (!config) {
    return Promise.resolve();
  }
  // The first text measured on a canvas makes the browser look up its font, which is a good
  // part of a first chart's cost: done here, in a task of its own.
  const probe = document.createElement("canvas").getContext("2d");
  probe.font = "12px " + window.Chart.defaults.font.family;
  probe.measureText("0123456789 $€£kWh");
  return nextTask().then(() => drawInTwoSteps(canvas, config));
}

function drawInTwoSteps(canvas, config) {
  const labels = config.data.labels;
  const values = config.data.datasets.map((dataset) => dataset.data);
  config.data.labels = [];
  config.data.datasets.forEach((dataset) => {
    dataset.data = [];
  });
  const chart = replace(canvas, config);
  return nextTask().then(() => {
    if (charts.get(canvas) !== chart) {
      return; // redrawn meanwhile
    }
    chart.data.labels = labels;
    chart.data.datasets.forEach((dataset, index) => {
      dataset.data = values[index];
    });
    chart.update();
  });
}

function canvasesIn(root) {
  return Array.from((root || document).querySelectorAll(CANVASES));
}

// On page load: after the first paint.
export function drawAfterPaint(root) {
  const canvases = canvasesIn(root);
  if (!canvases.length) {
    return;
  }
  // Fetched once the page has loaded and is on screen, so its bytes never compete with what is
  // painted first; drawn in a task of its own, not the one that evaluated Chart.js.
  afterLoadAndPaint()
    .then(loadChartJs)
    .then(nextTask)
    .then(() =>
      canvases.reduce((done, canvas) => done.then(() => drawInSteps(canvas)), Promise.resolve()),
    );
}

// After a swap: in the same frame as the new figures when Chart.js is there, so the chart's
// box is never seen empty.
export function drawNow(root) {
  const canvases = canvasesIn(root);
  if (!canvases.length) {
    return;
  }
  if (window.Chart) {
    canvases.forEach(draw);
  } else {
    loadChartJs().then(() => {
      canvases.forEach(draw);
    });
  }
}

// Every chart on the page again, at once (the palette has changed).
export function redrawAll() {
  canvasesIn(document).forEach(draw);
}
