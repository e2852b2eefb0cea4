// The page's life: what runs as it opens, after each htmx swap and settle, when the device's
// light or dark setting changes, and when the customer has finished (a message to a native host).
import { drawAfterPaint, drawNow, redrawAll } from "./chart.js";
import { periodArrived } from "./period-change.js";
import { showZoneLine } from "./zone-line.js";

// Tell a native host that the customer finished, for webviews that listen (no-op elsewhere).
function announceClosed(root) {
  if (!(root || document).querySelector("[data-connect-closed]")) {
    return;
  }
  const message = JSON.stringify({ type: "connect_closed" });
  if (window.ReactNativeWebView && window.ReactNativeWebView.postMessage) {
    window.ReactNativeWebView.postMessage(message);
  } else if (window.parent && window.parent !== window) {
    window.parent.postMessage(message, "*");
  }
}

export function startPageLife() {
  // Before the browser paints what htmx swapped in: its chart, its zone line, where the
  // keyboard was.
  document.addEventListener("htmx:afterSwap", (event) => {
    const root = event.target;
    showZoneLine(root);
    drawNow();
    periodArrived(root);
  });

  // The bundle is a deferred script that blocks rendering until it has run (templates/base.html),
  // so the zone line is in the first paint. The chart follows that paint.
  showZoneLine(document);
  drawAfterPaint();
  announceClosed(document);

  document.addEventListener("htmx:afterSettle", (event) => {
    announceClosed(event.target);
  });
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redrawAll);
}
