// The printed statement: the "Print statement" button, the figures table open on paper even
// when its disclosure is closed, and the chart redrawn at the printed size (Chart.js does not
// resize itself for print, so its picture would be stretched).

// About the printable width of A4 and of US Letter at the stylesheet's 12 mm margins (186 and
// 192 mm), in CSS pixels: the chart's text then prints at about the size it has on screen.
const PRINT_WIDTH_PX = 700;
let openedForPrint = [];

// The button works only with this script, so the page has it hidden until now.
function showPrintButtons(root) {
  (root || document).querySelectorAll("[data-print-statement]").forEach((button) => {
    button.hidden = false;
  });
}

function drawnCharts() {
  const Chart = window.Chart;
  if (!Chart || !Chart.getChart) {
    return [];
  }
  return Array.from(document.querySelectorAll("canvas[data-chart]"), (canvas) =>
    Chart.getChart(canvas),
  ).filter(Boolean);
}

function beforePrint() {
  document.querySelectorAll("details.figures:not([open])").forEach((details) => {
    details.open = true;
    openedForPrint.push(details);
  });
  drawnCharts().forEach((chart) => {
    // The print stylesheet gives the frame this aspect ratio, so the picture drawn here is
    // scaled evenly onto any paper; at twice the pixels, so it stays sharp there.
    const ratio = parseFloat(getComputedStyle(chart.canvas).getPropertyValue("--print-aspect"));
    chart.options.devicePixelRatio = 2;
    chart.resize(PRINT_WIDTH_PX, Math.round(PRINT_WIDTH_PX / (ratio || 4)));
  });
}

function afterPrint() {
  openedForPrint.forEach((details) => {
    details.open = false;
  });
  openedForPrint = [];
  drawnCharts().forEach((chart) => {
    chart.options.devicePixelRatio = undefined;
    chart.resize();
  });
}

export function preparePrint() {
  window.addEventListener("beforeprint", beforePrint);
  window.addEventListener("afterprint", afterPrint);
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-print-statement]")) {
      window.print();
    }
  });
  document.addEventListener("DOMContentLoaded", () => {
    showPrintButtons(document);
  });
  document.addEventListener("htmx:afterSettle", (event) => {
    showPrintButtons(event.target);
  });
}
