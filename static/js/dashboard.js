// The dashboard's behaviour on top of the server's HTML: the performance chart, the zone line,
// an instant answer to a period change, swipe and arrow keys between periods. Every word it shows
// arrives already translated from the server (json_script or data attributes); colours come from
// the stylesheet's custom properties so light and dark themes stay in one place.
(function () {
  "use strict";

  var script = document.currentScript;
  var CHART_BUNDLE = script ? script.getAttribute("data-chart-bundle") : null;
  // A swipe: mostly sideways, long enough and quick enough; anything less is a drift or a scroll.
  var SWIPE_MIN_PX = 48;
  var SWIPE_MAX_MS = 700;
  var SWIPE_SIDEWAYS_RATIO = 1.5;

  var charts = new WeakMap();
  var chartJs = null;

  function cssColour(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  }

  // --- the chart -------------------------------------------------------------------------------

  // Chart.js is fetched only where there is a chart, and evaluated in a task of its own.
  function loadChartJs() {
    if (window.Chart) {
      return Promise.resolve();
    }
    if (!chartJs) {
      chartJs = new Promise(function (resolve, reject) {
        var tag = document.createElement("script");
        tag.src = CHART_BUNDLE;
        tag.async = true;
        tag.onload = resolve;
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return chartJs;
  }

  // Resolves once the page has been painted, so drawing never delays what the customer sees.
  function afterNextPaint() {
    return new Promise(function (resolve) {
      requestAnimationFrame(function () {
        setTimeout(resolve, 0);
      });
    });
  }

  function nextTask() {
    return new Promise(function (resolve) {
      setTimeout(resolve, 0);
    });
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

  function axisEnergy(data) {
    var number;
    try {
      number = new Intl.NumberFormat(data.locale || undefined, { maximumFractionDigits: 1 });
    } catch (error) {
      number = { format: String };
    }
    return function (value) {
      return fill(data.words.energyTick, { value: number.format(value) });
    };
  }

  // Puts values where the server's sentence has {name}; the sentence itself is never built here.
  function fill(sentence, values) {
    return sentence.replace(/\{(\w+)\}/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : whole;
    });
  }

  // Chart.js's set-up for one canvas, and its data, or null when there is nothing to draw.
  function chartFor(canvas) {
    var source = canvas.closest("figure").querySelector("script[type='application/json']");
    if (!source || typeof window.Chart === "undefined" || !canvas.isConnected) {
      return null;
    }
    var data = JSON.parse(source.textContent);
    var words = data.words;
    var grid = cssColour("--grid");
    var muted = cssColour("--text-muted");
    var config = {
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
        // Drawn in one go: an animation would spend the phone's main thread on frames nobody
        // waits for, and a new period arrives with the card's own slide instead.
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: {
          notYetBands: { flags: data.notYet },
          tooltip: {
            callbacks: {
              title: function (items) {
                return items.length ? data.titles[items[0].dataIndex] : "";
              },
              label: function (item) {
                var i = item.dataIndex;
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
    return config;
  }

  function replace(canvas, config) {
    var previous = charts.get(canvas);
    if (previous) {
      previous.destroy();
    }
    var chart = new window.Chart(canvas, config);
    charts.set(canvas, chart);
    canvas.closest("figure").classList.add("is-drawn");
    return chart;
  }

  // At once, where Chart.js has run before (after a swap, a change of theme).
  function draw(canvas) {
    var config = chartFor(canvas);
    if (config) {
      replace(canvas, config);
    }
  }

  // The first chart of a page in three short tasks, so none holds a slow phone's main thread for
  // long: the font is looked up, Chart.js sets itself up on empty axes, then takes the figures.
  function drawInSteps(canvas) {
    var config = chartFor(canvas);
    if (!config) {
      return Promise.resolve();
    }
    // The first text measured on a canvas makes the browser look up its font, which is a good
    // part of a first chart's cost: done here, in a task of its own.
    var probe = document.createElement("canvas").getContext("2d");
    probe.font = "12px " + window.Chart.defaults.font.family;
    probe.measureText("0123456789 $€£kWh");
    return nextTask().then(function () {
      return drawInTwoSteps(canvas, config);
    });
  }

  function drawInTwoSteps(canvas, config) {
    var labels = config.data.labels;
    var values = config.data.datasets.map(function (dataset) {
      return dataset.data;
    });
    config.data.labels = [];
    config.data.datasets.forEach(function (dataset) {
      dataset.data = [];
    });
    var chart = replace(canvas, config);
    return nextTask().then(function () {
      if (charts.get(canvas) !== chart) {
        return; // redrawn meanwhile
      }
      chart.data.labels = labels;
      chart.data.datasets.forEach(function (dataset, index) {
        dataset.data = values[index];
      });
      chart.update();
    });
  }

  function canvasesIn(root) {
    return Array.prototype.slice.call((root || document).querySelectorAll("canvas[data-chart]"));
  }

  // On page load: after the first paint.
  function drawAfterPaint(root) {
    var canvases = canvasesIn(root);
    if (!canvases.length) {
      return;
    }
    // Fetched once the page is on screen, so its bytes never compete with what is painted
    // first; drawn in a task of its own, not the one that evaluated Chart.js.
    afterNextPaint()
      .then(loadChartJs)
      .then(nextTask)
      .then(function () {
        return canvases.reduce(function (done, canvas) {
          return done.then(function () {
            return drawInSteps(canvas);
          });
        }, Promise.resolve());
      });
  }

  // After a swap: in the same frame as the new figures when Chart.js is there, so the chart's
  // box is never seen empty.
  function drawNow(root) {
    var canvases = canvasesIn(root);
    if (!canvases.length) {
      return;
    }
    if (window.Chart) {
      canvases.forEach(draw);
    } else {
      loadChartJs().then(function () {
        canvases.forEach(draw);
      });
    }
  }

  // --- the zone line ---------------------------------------------------------------------------

  // The programme's clock as the viewer's own differs from it; nothing when their zones agree.
  // The device's offset is cheap to read and settles most cases before the first paint; its
  // zone's name costs the browser tens of milliseconds of time zone data the first time, so it
  // is asked only when the offsets agree (most often: the same zone), after the page is shown.
  function showZoneLine(root) {
    var source = (root || document).querySelector("#zone-line-data");
    var line = (root || document).querySelector("[data-zone-line]");
    if (!source || !line) {
      return;
    }
    var data = JSON.parse(source.textContent);
    var difference = data.offsetMinutes - -new Date().getTimezoneOffset();
    if (difference !== 0) {
      line.textContent = data.sentences[String(difference)] || data.fallback;
      line.hidden = false;
      return;
    }
    line.hidden = true;
    afterNextPaint().then(function () {
      if (line.isConnected && deviceZone() && deviceZone() !== data.zone) {
        line.textContent = data.sentences["0"] || data.fallback;
        line.hidden = false;
      }
    });
  }

  function deviceZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  // --- a period change -------------------------------------------------------------------------

  var pending = null; // {card, pressed, waiting, step, focusId} while a period change is on its way

  function isPeriodForm(element) {
    return (
      element &&
      element.matches &&
      element.matches("form") &&
      element.querySelector("input[name='period_type']") &&
      element.closest(".performance")
    );
  }

  // In the same task as the tap: htmx has not sent the request yet, nothing has been painted.
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (!isPeriodForm(form)) {
      return;
    }
    var card = form.closest(".performance");
    var pressed = form.querySelector("button");
    var focused = document.activeElement;
    var waiting = [];
    card.querySelectorAll(".period-bar button").forEach(function (button) {
      // A button that is off already (the kind of period on show) stays so afterwards.
      var off = button.disabled || button.getAttribute("aria-disabled") === "true";
      if (button !== pressed && !off) {
        button.setAttribute("aria-disabled", "true");
        waiting.push(button);
      }
    });
    pressed.classList.add("is-pending");
    card.classList.add("is-changing");
    card.setAttribute("aria-busy", "true");
    pending = {
      card: card,
      pressed: pressed,
      waiting: waiting,
      step: pressed.getAttribute("data-step"),
      focusId: focused && card.querySelector(".period-bar").contains(focused) ? focused.id : null,
    };
  });

  // The answer has been swapped in (or there was none): the old card, if still there, is itself
  // again. htmx swaps before it says the request is over, so this never shows between the two.
  document.addEventListener("htmx:afterRequest", function () {
    if (!pending) {
      return;
    }
    pending.card.classList.remove("is-changing");
    pending.card.removeAttribute("aria-busy");
    pending.pressed.classList.remove("is-pending");
    pending.waiting.forEach(function (button) {
      button.removeAttribute("aria-disabled");
    });
    pending = null;
  });

  // Before the browser paints the new period: its chart, its zone line, where the keyboard was.
  document.addEventListener("htmx:afterSwap", function (event) {
    var root = event.target;
    showZoneLine(root);
    drawNow(root);
    if (!pending) {
      return;
    }
    var card = root.querySelector(".performance");
    if (card && pending.step) {
      card.setAttribute("data-arrived", pending.step);
    }
    if (pending.focusId) {
      refocus(root, pending.focusId);
    }
  });

  // Keyboard focus stays on the control that was used, or the nearest one still usable.
  function refocus(root, id) {
    var target = document.getElementById(id);
    if (!target || !root.contains(target)) {
      return;
    }
    if (target.disabled) {
      var step = target.closest(".period-step");
      target = step && step.querySelector("button:not([disabled])");
    }
    if (target) {
      target.focus();
    }
  }

  // The control that goes one period back or forward, if it can be used now.
  function stepControl(card, which) {
    var app = card.closest("#app");
    if (pending || (app && app.classList.contains("htmx-request"))) {
      return null;
    }
    var button = card.querySelector("[data-step='" + which + "']");
    return button && !button.disabled ? button : null;
  }

  // Exactly what a tap on the control does: the same form, the same one request.
  function takeStep(card, which) {
    var button = stepControl(card, which);
    if (button) {
      button.click();
    }
    return Boolean(button);
  }

  // --- swipe and keys --------------------------------------------------------------------------

  var swipe = null;

  document.addEventListener(
    "touchstart",
    function (event) {
      var target = event.target;
      var card = target.closest && target.closest(".performance");
      // The figures table scrolls sideways on its own; two fingers zoom.
      if (event.touches.length !== 1 || !card || target.closest(".table-scroll")) {
        swipe = null;
        return;
      }
      var touch = event.touches[0];
      swipe = { card: card, x: touch.clientX, y: touch.clientY, time: event.timeStamp };
    },
    { passive: true }
  );

  document.addEventListener(
    "touchend",
    function (event) {
      var start = swipe;
      swipe = null;
      if (!start || event.touches.length !== 0 || !event.changedTouches.length) {
        return;
      }
      var touch = event.changedTouches[0];
      var dx = touch.clientX - start.x;
      var dy = touch.clientY - start.y;
      var quick = event.timeStamp - start.time <= SWIPE_MAX_MS;
      var sideways = Math.abs(dx) >= SWIPE_SIDEWAYS_RATIO * Math.abs(dy);
      if (quick && sideways && Math.abs(dx) >= SWIPE_MIN_PX) {
        // As photos do: the finger moving right brings the previous period, left the next.
        takeStep(start.card, dx > 0 ? "previous" : "next");
      }
    },
    { passive: true }
  );

  document.addEventListener(
    "touchcancel",
    function () {
      swipe = null;
    },
    { passive: true }
  );

  document.addEventListener("keydown", function (event) {
    var key = event.key;
    if ((key !== "ArrowLeft" && key !== "ArrowRight") || event.repeat || event.defaultPrevented) {
      return;
    }
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    var bar = event.target.closest && event.target.closest(".period-bar");
    var card = bar && bar.closest(".performance");
    if (card && takeStep(card, key === "ArrowLeft" ? "previous" : "next")) {
      event.preventDefault();
    }
  });

  // --- page life -------------------------------------------------------------------------------

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

  // A deferred script runs once the document is parsed; this one blocks rendering until it has
  // run, so the zone line is in the first paint. The chart follows that paint.
  showZoneLine(document);
  drawAfterPaint(document);
  announceClosed(document);

  document.addEventListener("htmx:afterSettle", function (event) {
    announceClosed(event.target);
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", function () {
    canvasesIn(document).forEach(draw);
  });
})();

// The printed statement: the "Print statement" button, the figures table open on paper even
// when its disclosure is closed, and the chart redrawn at the printed size (Chart.js does not
// resize itself for print, so its picture would be stretched).
(function () {
  "use strict";

  // About the printable width of A4 and of US Letter at the stylesheet's 12 mm margins (186 and
  // 192 mm), in CSS pixels: the chart's text then prints at about the size it has on screen.
  var PRINT_WIDTH_PX = 700;
  var openedForPrint = [];

  function showPrintButtons(root) {
    (root || document).querySelectorAll("[data-print-statement]").forEach(function (button) {
      button.hidden = false;
    });
  }

  function charts() {
    var Chart = window.Chart;
    if (!Chart || !Chart.getChart) {
      return [];
    }
    return Array.prototype.map
      .call(document.querySelectorAll("canvas[data-chart]"), function (canvas) {
        return Chart.getChart(canvas);
      })
      .filter(Boolean);
  }

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.figures:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
    charts().forEach(function (chart) {
      // The print stylesheet gives the frame this aspect ratio, so the picture drawn here is
      // scaled evenly onto any paper; at twice the pixels, so it stays sharp there.
      var ratio = parseFloat(getComputedStyle(chart.canvas).getPropertyValue("--print-aspect"));
      chart.options.devicePixelRatio = 2;
      chart.resize(PRINT_WIDTH_PX, Math.round(PRINT_WIDTH_PX / (ratio || 4)));
    });
  });

  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) {
      details.open = false;
    });
    openedForPrint = [];
    charts().forEach(function (chart) {
      chart.options.devicePixelRatio = undefined;
      chart.resize();
    });
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print-statement]")) {
      window.print();
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    showPrintButtons(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    showPrintButtons(event.target);
  });
})();
