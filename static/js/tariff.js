// The tariff pages' small helpers. Every one of them only improves a page that already works
// without JavaScript: the provider search filters as you type (the GET search still works), the
// error summary takes focus after an answer comes back, and the 24-hour strip follows the band
// times being typed. The summary's chart of today's prices is drawn with the dashboard's
// (frontend/dashboard/price-chart.js).
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

  // --- after each answer ---------------------------------------------------------------------

  function settle(root) {
    var summary = (root || document).querySelector("#error-summary");
    if (summary) {
      summary.focus();
    }
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
