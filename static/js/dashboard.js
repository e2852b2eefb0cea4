// Draws the performance chart from the JSON the server put beside it, on page load and after
// every htmx swap. All text (labels, tooltips) arrives already formatted by the server; colours
// come from the stylesheet's custom properties so light and dark themes stay in one place.
(function () {
  "use strict";

  var charts = new WeakMap();

  function cssColour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // Shades the buckets that have not happened yet, so "no data yet" never looks like zero.
  var notYetBands = {
    id: "notYetBands",
    beforeDatasetsDraw: function (chart) {
      var notYet = chart.config.options.plugins.notYetBands.flags || [];
      var x = chart.scales.x;
      var area = chart.chartArea;
      if (!x || !area) {
        return;
      }
      var width = (area.right - area.left) / Math.max(notYet.length, 1);
      var ctx = chart.ctx;
      ctx.save();
      ctx.fillStyle = cssColour("--future");
      ctx.globalAlpha = 0.45;
      notYet.forEach(function (flag, index) {
        if (flag) {
          var centre = x.getPixelForValue(index);
          ctx.fillRect(centre - width / 2 + 1, area.top, width - 2, area.bottom - area.top);
        }
      });
      ctx.restore();
    },
  };

  function axisMoney(data) {
    try {
      var format = new Intl.NumberFormat(data.locale || undefined, {
        style: "currency",
        currency: data.currency,
        notation: "compact",
        maximumFractionDigits: 1,
      });
      return function (value) {
        return format.format(value);
      };
    } catch (error) {
      return function (value) {
        return value;
      };
    }
  }

  function draw(canvas) {
    var source = canvas.closest("figure").querySelector("script[type='application/json']");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var previous = charts.get(canvas);
    if (previous) {
      previous.destroy();
    }
    var reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    var grid = cssColour("--grid");
    var muted = cssColour("--text-muted");
    var chart = new window.Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          {
            type: "bar",
            label: "Earnings",
            data: data.earnings,
            yAxisID: "money",
            backgroundColor: cssColour("--earnings"),
            borderRadius: 3,
            maxBarThickness: 28,
            order: 2,
          },
          {
            type: "line",
            label: "Energy dispatched",
            data: data.energy,
            yAxisID: "energy",
            borderColor: cssColour("--energy"),
            backgroundColor: cssColour("--energy"),
            // Points, not a line: a line would dive to zero between dispatch days.
            showLine: false,
            pointStyle: "rectRot",
            pointRadius: function (context) {
              return context.raw ? 4 : 0;
            },
            pointHoverRadius: 6,
            order: 1,
          },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: reduceMotion ? false : { duration: 250 },
        interaction: { mode: "index", intersect: false },
        plugins: {
          legend: { display: false },
          notYetBands: { flags: data.notYet },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? data.titles[items[0].dataIndex] : "";
              },
              label: function (item) {
                var i = item.dataIndex;
                if (data.notYet[i]) {
                  return "Not yet";
                }
                return item.datasetIndex === 0
                  ? "Earnings: " + data.earningsText[i]
                  : "Energy: " + data.energyText[i];
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
            ticks: {
              color: muted,
              maxTicksLimit: 5,
              callback: function (value) {
                return value + " kWh";
              },
            },
          },
        },
      },
      plugins: [notYetBands],
    });
    charts.set(canvas, chart);
    canvas.closest("figure").classList.add("is-drawn");
  }

  function drawAll(root) {
    (root || document).querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  // Tell a native host that the customer finished, for webviews that listen (no-op elsewhere).
  function announceClosed(root) {
    if (!(root || document).querySelector("[data-connect-closed]")) {
      return;
    }
    var message = JSON.stringify({ type: "connect_closed" });
    if (window.ReactNativeWebView && window.ReactNativeWebView.postMessage) {
      window.ReactNativeWebView.postMessage(message);
    } else if (window.parent && window.parent !== window) {
      window.parent.postMessage(message, "*");
    }
  }

  function onLoad(root) {
    drawAll(root);
    announceClosed(root);
  }

  document.addEventListener("DOMContentLoaded", function () {
    onLoad(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    onLoad(event.target);
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    drawAll(document);
  });
})();
