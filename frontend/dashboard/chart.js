// The charts, the performance chart and a tariff's prices today: Chart.js (our bundle,
// frontend/chart.js) fetched only where there is a chart and only once the page's first paint is
// on the screen, each chart created once, with its figures. After an htmx swap (of the whole
// page or of any part that holds a chart's figures) the chart already drawn takes the new
// figures, in the same frame as the rest of the answer: Chart.js keeps its set-up and lays out
// only what changed, instead of being torn down and set up again on every period change.
import { chartData, chartFor, forgetPalette, showFigures } from "./chart-config.js";
import { afterLoadAndPaint, nextTask } from "./paint.js";
import { priceChartFor, priceData } from "./price-chart.js";

const CANVASES = "canvas[data-chart], [data-price-chart] canvas";
// The attributes of its canvas that Chart.js sets itself; the others are the page's.
const CHART_JS_OWNS = new Set(["width", "height", "style"]);

// The kind of chart a canvas is for: a swap's new canvas takes over the chart of its kind.
function kindOf(canvas) {
  return canvas.closest("[data-price-chart]") ? "prices" : canvas.getAttribute("data-chart");
}

// The element holding a chart's figures as JSON: the performance chart's in its figure, the
// prices' by its id (templates/connect_app/vpp_summary.html and tariff/summary.html).
function sourceOf(canvas) {
  return kindOf(canvas) === "prices"
    ? document.getElementById("price-chart-data")
    : canvas.closest("figure")?.querySelector("script[type='application/json']");
}

// Each kind's set-up from its figures, its figures as Chart.js's data, and what of its figures
// its options hold themselves (the price unit of the scale's title): the options are set up
// again only when that changes, or the palette.
const KINDS = {
  performance: { setUp: chartFor, data: chartData, inOptions: () => "" },
  prices: { setUp: priceChartFor, data: priceData, inOptions: (figures) => figures.unit },
};

const charts = new Set(); // every chart created and not destroyed
const drawnFrom = new WeakMap(); // chart -> the element whose figures it shows
const optionsFrom = new WeakMap(); // chart -> what of its figures its options hold
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

function markDrawn(canvas) {
  canvas.closest("figure")?.classList.add("is-drawn");
}

function chartOn(canvas) {
  return Array.from(charts).find((chart) => chart.canvas === canvas);
}

// A chart whose canvas a swap has taken off the page, of the same kind as this new canvas.
function chartLeftBehind(canvas) {
  const kind = kindOf(canvas);
  return Array.from(charts).find(
    (chart) => !chart.canvas.isConnected && kindOf(chart.canvas) === kind,
  );
}

// The swap's new frame gives way to the chart's own (its canvas keeps its Chart.js set-up, and
// the frame is the box Chart.js watches for a change of size), which takes the new one's
// attributes: its label, and anything else the server says about it.
function takeOver(chart, canvas) {
  const frame = canvas.parentElement;
  const ownFrame = chart.canvas.parentElement;
  if (!frame || !ownFrame) {
    return false;
  }
  for (const [from, to] of [
    [canvas, chart.canvas],
    [frame, ownFrame],
  ]) {
    Array.from(to.attributes).forEach(({ name }) => {
      if (!from.hasAttribute(name) && !(to === chart.canvas && CHART_JS_OWNS.has(name))) {
        to.removeAttribute(name);
      }
    });
    Array.from(from.attributes).forEach(({ name, value }) => {
      if (!(to === chart.canvas && CHART_JS_OWNS.has(name))) {
        to.setAttribute(name, value);
      }
    });
  }
  frame.replaceWith(ownFrame);
  return true;
}

function create(canvas, kind, figures, plugins = []) {
  showFigures(canvas, figures);
  const config = kind.setUp(figures);
  config.plugins = [...(config.plugins || []), ...plugins];
  const chart = new window.Chart(canvas, config);
  charts.add(chart);
  optionsFrom.set(chart, kind.inOptions(figures));
  markDrawn(canvas);
  return chart;
}

// New figures on the chart already there: only its data replaced (its options read the figures
// where they are shown), unless its options themselves must change; laid out and drawn at once.
function refresh(chart, kind, figures, again) {
  stopsAt.delete(chart);
  showFigures(chart.canvas, figures);
  if (again || optionsFrom.get(chart) !== kind.inOptions(figures)) {
    const config = kind.setUp(figures);
    chart.data = config.data;
    chart.options = config.options;
    optionsFrom.set(chart, kind.inOptions(figures));
  } else {
    chart.data = kind.data(figures);
  }
  chart.update("none");
  markDrawn(chart.canvas);
}

// A canvas's chart, with the figures the page holds now: the one already on it (unless it shows
// these figures already), or the one a swap left behind (moved onto the page in its place), or
// a new one. `again` redraws a chart whose figures have not changed (a new palette).
function draw(canvas, again = false) {
  const source = sourceOf(canvas);
  const kind = KINDS[kindOf(canvas)];
  const here = chartOn(canvas);
  if (!source || !kind || (here && drawnFrom.get(here) === source && !again)) {
    return;
  }
  const figures = JSON.parse(source.textContent);
  const left = here ? null : chartLeftBehind(canvas);
  const chart = here || (left && takeOver(left, canvas) ? left : null);
  if (chart) {
    refresh(chart, kind, figures, again);
  }
  drawnFrom.set(chart || create(canvas, kind, figures), source);
}

// Charts whose canvas has left the page for good: after a swap has had its chance to reuse them.
function forgetCharts() {
  charts.forEach((chart) => {
    if (!chart.canvas.isConnected) {
      chart.destroy();
      charts.delete(chart);
    }
  });
}

function canvasesOnPage() {
  return Array.from(document.querySelectorAll(CANVASES));
}

// The first text measured on a canvas makes the browser look up its font, which is a good part
// of a first chart's cost: done in a task of its own, before the chart's.
function lookUpFont() {
  const probe = document.createElement("canvas").getContext("2d");
  probe.font = "12px " + window.Chart.defaults.font.family;
  probe.measureText("0123456789 $€£kWh");
}

// Where Chart.js asks, in the order it asks, whether to go on with each part of an update: its
// options and scales come before the first, its bars' figures before the second, its layout
// before the third, the bars' places before the last, which is the drawing.
const PARTS = ["beforeUpdate", "beforeLayout", "beforeDatasetsUpdate", "beforeRender"];
// A page's first chart, while drawInSteps takes it a part at a time: the index of the part
// where its update stops now (every later part stops too).
const stopsAt = new WeakMap();
const takeOnePart = {
  id: "takeOnePart",
  ...Object.fromEntries(
    PARTS.map((hook, index) => [hook, (chart) => !(stopsAt.get(chart) <= index)]),
  ),
};

// A page's first chart in short tasks, so none holds a slow phone's main thread for long (in
// one, a first chart took about eighty milliseconds there): Chart.js sets itself up on the
// canvas taken off the page for a moment, where it lays nothing out; then the canvas is back in
// its place (its frame kept its size meanwhile) and each task lets Chart.js's update go one part
// further, the parts done before taking little the second time, until it draws.
function drawInSteps(canvas) {
  const source = sourceOf(canvas);
  const kind = KINDS[kindOf(canvas)];
  const place = canvas.parentElement;
  if (!source || !kind || !place || chartOn(canvas)) {
    return Promise.resolve();
  }
  const next = canvas.nextSibling;
  canvas.remove();
  const chart = create(canvas, kind, JSON.parse(source.textContent), [takeOnePart]);
  drawnFrom.set(chart, source);
  stopsAt.set(chart, 0);
  // Each step only while the chart is still the one set up here, and no swap has drawn it.
  const step = (work) => () =>
    nextTask().then(() => {
      if (stopsAt.has(chart) && charts.has(chart)) {
        work();
      }
    });
  // Back on the page, Chart.js reads its options once it sees the canvas attached.
  let done = Promise.resolve().then(
    step(() => {
      if (place.isConnected && !canvas.isConnected) {
        place.insertBefore(canvas, next && next.parentNode === place ? next : null);
      }
    }),
  );
  for (let part = 1; part < PARTS.length; part += 1) {
    done = done.then(
      step(() => {
        stopsAt.set(chart, part);
        chart.update("none");
      }),
    );
  }
  return done.then(
    step(() => {
      stopsAt.delete(chart);
      chart.render();
      markDrawn(canvas);
    }),
  );
}

// On page load: once the first paint is on the screen, Chart.js is fetched and evaluated, the
// font looked up, then each chart drawn in steps, every one in a task of its own.
export function drawAfterPaint() {
  const canvases = canvasesOnPage();
  if (!canvases.length) {
    return;
  }
  afterLoadAndPaint()
    .then(loadChartJs)
    .then(nextTask)
    .then(lookUpFont)
    .then(() =>
      canvases.reduce(
        (done, canvas) =>
          done.then(nextTask).then(() => (canvas.isConnected ? drawInSteps(canvas) : null)),
        Promise.resolve(),
      ),
    );
}

// After a swap of any part of the page: every chart whose figures it brought, in the same frame
// as the new figures when Chart.js is there, so the chart's box is never seen empty. The whole
// page is looked at, not only the swapped element: an element swapped by its outer HTML has
// left the page, and the figures are found by their data element wherever they are. A chart
// still waiting for Chart.js is drawn when it arrives.
export function drawNow() {
  const canvases = canvasesOnPage();
  if (window.Chart) {
    canvases.forEach((canvas) => draw(canvas));
    forgetCharts();
  } else if (canvases.length && chartJs) {
    chartJs.then(() => drawNow());
  } else if (canvases.length) {
    drawAfterPaint();
  }
}

// Every chart on the page again, at once, in the new palette (the device's light or dark
// setting has changed).
export function redrawAll() {
  forgetPalette();
  if (window.Chart) {
    canvasesOnPage().forEach((canvas) => draw(canvas, true));
  }
}
