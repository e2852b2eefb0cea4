// The tariff pages' small helpers. Every one of them only improves a page that already works
// without JavaScript: the provider search filters as you type (the GET search still works), the
// error summary takes focus after an answer comes back, the 24-hour strip follows the band
// times being typed, and the summary draws today's prices (the table beside it has them all).
// No text of its own: what is shown comes from the page.
(function () {
  "use strict";

  var CELLS = 48;
  var TONES = 6;

  // --- the provider search -------------------------------------------------------------------

  function filterChoices(search) {
    var input = search.querySelector("input[type=search]");
    var list = document.querySelector("[data-choice-list]");
    var count = search.querySelector("[data-choice-count]");
    if (!input || !list) {
      return;
    }
    var wanted = input.value.trim().toLowerCase();
    var shown = 0;
    Array.prototype.forEach.call(list.children, function (item) {
      var match = (item.getAttribute("data-choice-name") || "").indexOf(wanted) !== -1;
      // A chosen provider stays visible, so the choice is never hidden from the customer.
      var keep = match || !!item.querySelector("input:checked");
      item.hidden = !keep;
      shown += keep ? 1 : 0;
    });
    if (count) {
      count.textContent = shown ? "" : count.getAttribute("data-none");
    }
  }

  document.addEventListener("input", function (event) {
    var search = event.target.closest && event.target.closest("[data-choice-search]");
    if (search) {
      filterChoices(search);
    }
  });

  document.addEventListener("submit", function (event) {
    // With the list filtered as you type, the search button has nothing left to do.
    if (event.target.matches("[data-choice-search]")) {
      event.preventDefault();
      filterChoices(event.target);
    }
  });

  // --- the 24-hour strip ---------------------------------------------------------------------

  function minutesOf(value) {
    var match = /^(\d{2}):(\d{2})/.exec(value || "");
    return match ? Number(match[1]) * 60 + Number(match[2]) : null;
  }

  // The same rule as the server's (connect_app/pages/tariff/bands.py): an end of 00:00 is the
  // end of the day, an end before the start runs across midnight, one band start = end is all.
  function covers(start, end, minute, alone) {
    if (start === end) {
      return alone;
    }
    if (end === 0 || end > start) {
      return minute >= start && minute < (end || 1440);
    }
    return minute >= start || minute < end;
  }

  function redrawStrip(form) {
    var strip = form.querySelector("[data-day-strip]");
    if (!strip) {
      return;
    }
    var bands = Array.prototype.map.call(form.querySelectorAll("[data-band]"), function (band) {
      var times = band.querySelectorAll("input[type=time]");
      return [minutesOf(times[0] && times[0].value), minutesOf(times[1] && times[1].value)];
    });
    Array.prototype.forEach.call(strip.children, function (cell, index) {
      var minute = index * (1440 / CELLS) + 1440 / CELLS / 2;
      var owner = -1;
      for (var b = 0; b < bands.length && owner < 0; b += 1) {
        var start = bands[b][0];
        var end = bands[b][1];
        if (start !== null && end !== null && covers(start, end, minute, bands.length === 1)) {
          owner = b;
        }
      }
      cell.className = "day-strip__cell" + (owner >= 0 ? " tone-" + (owner % TONES) : "");
    });
  }

  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form[data-bands]");
    if (form && event.target.type === "time") {
      redrawStrip(form);
    }
  });

  // --- today's prices ------------------------------------------------------------------------

  function loadChartJs() {
    if (window.Chart) {
      return Promise.resolve();
    }
    var source = document.querySelector("script[data-chart-bundle]");
    var existing = document.querySelector("script[data-chart-bundle-loading]");
    return new Promise(function (resolve, reject) {
      var tag = existing || document.createElement("script");
      tag.addEventListener("load", resolve);
      tag.addEventListener("error", reject);
      if (!existing && source) {
        tag.src = source.getAttribute("data-chart-bundle");
        tag.async = true;
        tag.setAttribute("data-chart-bundle-loading", "");
        document.head.appendChild(tag);
      }
    });
  }

  function drawPrices(root) {
    var frame = (root || document).querySelector("[data-price-chart]");
    var source = document.getElementById("price-chart-data");
    if (!frame || !source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    loadChartJs().then(function () {
      var canvas = frame.querySelector("canvas");
      if (!canvas || !canvas.isConnected || window.Chart.getChart(canvas)) {
        return;
      }
      var styles = getComputedStyle(document.documentElement);
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: data.labels,
          datasets: [
            {
              data: data.values,
              backgroundColor: styles.getPropertyValue("--energy").trim(),
              borderRadius: 3,
            },
          ],
        },
        options: {
          animation: false,
          maintainAspectRatio: false,
          plugins: {
            legend: { display: false },
            tooltip: {
              callbacks: {
                // The hour's price as the server wrote it, in the reader's language.
                label: function (item) {
                  return data.texts[item.dataIndex] || "";
                },
              },
            },
          },
          scales: {
            x: {
              grid: { display: false },
              ticks: { color: styles.getPropertyValue("--text-muted").trim(), maxTicksLimit: 6 },
            },
            y: {
              beginAtZero: true,
              grid: { color: styles.getPropertyValue("--grid").trim() },
              ticks: { color: styles.getPropertyValue("--text-muted").trim() },
            },
          },
        },
      });
    });
  }

  // --- after each answer ---------------------------------------------------------------------

  function settle(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) {
      summary.focus();
    }
    drawPrices(root);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    settle(event.detail.target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      settle(document);
    });
  } else {
    settle(document);
  }
})();
