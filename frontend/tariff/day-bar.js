// The time-of-day page's bar, redrawn as the customer types: each band's stretch in the tone of
// its price (cheapest to dearest), the price written on it where it fits, and each band's
// fieldset in the same tone. The server draws the same bar (connect_app/forms/day_bar.py) with
// every answer, so it is there without JavaScript; tests/test_tariff_scripts.py holds the two
// to the same tones and sizes.
import { MINUTES, parseClock, segments } from "./bands.js";

export const PRICE_TONES = 5;
// How long a stretch must be for its price to fit, by size: the stylesheet shows a size's
// labels only where the bar is wide enough.
const LABEL_SIZES = [
  [8 * 60, "long"],
  [4 * 60, "mid"],
  [2 * 60, "short"],
];
const SVG = "http://www.w3.org/2000/svg";

// Each price's tone by its rank among the distinct prices, spread over the tones; null for a
// band without a price yet. One price alone takes the middle tone.
export function priceTones(prices) {
  const distinct = Array.from(new Set(prices.filter((price) => price !== null))).sort(
    (a, b) => a - b,
  );
  const steps = distinct.length - 1;
  return prices.map((price) => {
    if (price === null) {
      return null;
    }
    if (steps === 0) {
      return Math.floor((PRICE_TONES - 1) / 2);
    }
    const rank = distinct.indexOf(price);
    return Math.floor((rank * 2 * (PRICE_TONES - 1) + steps) / (2 * steps));
  });
}

export function labelSize(minutes) {
  const found = LABEL_SIZES.find(([least]) => minutes >= least);
  return found ? found[1] : "tiny";
}

// A price as typed, above zero: the customer's decimal sign or a point ("24,5", "24.5"). The
// server reads more ways of writing one; it redraws the bar with the next answer.
function parsePrice(text) {
  const typed = String(text || "").replace(/[\s\u00a0]/g, "");
  if (!/^\d+([.,]\d+)?$/.test(typed)) {
    return null;
  }
  const value = Number(typed.replace(",", "."));
  return value > 0 ? value : null;
}

// "24.5¢" where prices are typed in a minor unit, else the currency's own way ("€0.31").
function priceLabel(value, options) {
  if (options.sign) {
    const number = new Intl.NumberFormat(options.locale, { maximumFractionDigits: 3 });
    return number.format(value) + options.sign;
  }
  return new Intl.NumberFormat(options.locale, {
    style: "currency",
    currency: options.currency,
  }).format(value);
}

function percent(minutes) {
  return ((minutes * 100) / MINUTES).toFixed(3) + "%";
}

function setTone(element, tone) {
  const old = Array.from(element.classList).filter((name) => name.startsWith("price-tone-"));
  element.classList.remove(...old);
  element.classList.add(tone === null ? "price-tone-none" : "price-tone-" + tone);
}

function stretch(segment, tones, labels, known) {
  const group = document.createElementNS(SVG, "g");
  const length = segment.end - segment.start;
  let label = "";
  if (segment.band === null) {
    group.classList.add("is-gap");
  } else if (segment.overlap) {
    group.classList.add("is-overlap");
  } else {
    const row = known[segment.band].row;
    setTone(group, tones[row]);
    label = labels[row];
  }
  group.classList.add("label-" + labelSize(length));
  const rect = document.createElementNS(SVG, "rect");
  [
    ["x", percent(segment.start)],
    ["y", "0"],
    ["width", percent(length)],
    ["height", "100%"],
  ].forEach(([name, value]) => rect.setAttribute(name, value));
  group.appendChild(rect);
  if (label) {
    const text = document.createElementNS(SVG, "text");
    text.setAttribute("x", percent(segment.start + length / 2));
    text.setAttribute("y", "50%");
    text.textContent = label;
    group.appendChild(text);
  }
  return group;
}

function redraw(form) {
  const bar = form.querySelector("[data-day-bar]");
  const svg = bar && bar.querySelector("svg");
  if (!svg) {
    return;
  }
  const options = bar.dataset;
  const rows = Array.from(form.querySelectorAll("[data-band]"));
  const field = (row, name) => row.querySelector(`input[name$="-${name}"]`);
  const known = [];
  rows.forEach((row, index) => {
    const start = parseClock(field(row, "start")?.value);
    const end = parseClock(field(row, "end")?.value);
    if (start !== null && end !== null && start < MINUTES) {
      known.push({ row: index, band: { start, end: end % MINUTES } });
    }
  });
  const prices = rows.map((row) => parsePrice(field(row, "price")?.value));
  const tones = priceTones(prices);
  const labels = prices.map((price) => (price === null ? "" : priceLabel(price, options)));
  rows.forEach((row, index) => setTone(row, tones[index]));
  svg.replaceChildren(
    ...segments(known.map((entry) => entry.band)).map((segment) =>
      stretch(segment, tones, labels, known),
    ),
  );
}

// A time typed another way ("7.30", "2400") reads as the bar shows it ("07:30", "24:00")
// once the customer moves on; one that does not read as a time is left for the server to name.
function tidyClock(input) {
  const minutes = parseClock(input.value);
  const isEnd = input.name.endsWith("-end");
  if (minutes === null || (minutes === MINUTES && !isEnd)) {
    return;
  }
  const pad = (n) => String(n).padStart(2, "0");
  input.value = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function followBands() {
  document.addEventListener("input", (event) => {
    const form = event.target.closest && event.target.closest("form[data-bands]");
    if (form && event.target.matches("[data-band] input")) {
      redraw(form);
    }
  });
  document.addEventListener("change", (event) => {
    if (event.target.matches && event.target.matches("form[data-bands] [data-band] .input--clock")) {
      tidyClock(event.target);
    }
  });
}
