// "Still loading…" beside the progress line when an answer takes longer than about 3 s, on every
// page: a slow Connect once took 14 s with only a thin line moving. The words come from the
// server, already translated (templates/base.html, data-still-loading); the note sits in a
// polite live region, so a screen reader hears it once, and goes when the answer lands or fails.
const AFTER_MS = 3000;

let timer = null;

function note() {
  return document.querySelector("[data-still-loading]");
}

function requested() {
  window.clearTimeout(timer);
  timer = window.setTimeout(() => {
    const element = note();
    if (element) {
      element.textContent = element.getAttribute("data-still-loading");
    }
  }, AFTER_MS);
}

function answered() {
  window.clearTimeout(timer);
  timer = null;
  const element = note();
  if (element) {
    element.textContent = "";
  }
}

export function sayStillLoading() {
  document.addEventListener("htmx:beforeRequest", requested);
  // An answer swapped in or not, a network failure, a time-out, an aborted request: over.
  for (const name of ["htmx:afterRequest", "htmx:sendError", "htmx:timeout", "htmx:sendAbort"]) {
    document.addEventListener(name, answered);
  }
}
