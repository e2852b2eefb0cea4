// Waiting for the browser, shared by the chart and the zone line.

// Resolves once the page has been painted, so work done then never delays what the customer sees.
export function afterNextPaint() {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      setTimeout(resolve, 0);
    });
  });
}

// Resolves in a task of its own, so no one task holds a slow phone's main thread for long.
export function nextTask() {
  return new Promise((resolve) => {
    setTimeout(resolve, 0);
  });
}

function loaded() {
  return document.readyState === "complete"
    ? Promise.resolve()
    : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
}

// The paint the browser reports once it is on the screen: the largest one where it can tell,
// else the first with content; none where it can tell neither.
function reportedPaint() {
  const known = (window.PerformanceObserver && PerformanceObserver.supportedEntryTypes) || [];
  return ["largest-contentful-paint", "paint"].find((type) => known.includes(type));
}

// However the browser reports paints, it is not kept waiting for one that never comes (a page
// opened in a background tab paints only when shown): after this long, the wait is over.
const LONGEST_WAIT_MS = 3000;

// Resolves once the page has loaded (its stylesheets and scripts) and its largest paint is on
// the screen, as the browser reports it. A frame's callback runs before its paint reaches the
// screen, so a request begun from one still competes with that paint on a slow phone; the
// report comes after it. Where there is no report, two frames after load.
export function afterLoadAndPaint() {
  return loaded().then(
    () =>
      new Promise((resolve) => {
        const done = () => setTimeout(resolve, 0);
        const type = reportedPaint();
        if (!type) {
          requestAnimationFrame(() => requestAnimationFrame(done));
          return;
        }
        const observer = new PerformanceObserver(() => {
          observer.disconnect();
          done();
        });
        observer.observe({ type, buffered: true });
        setTimeout(() => {
          observer.disconnect();
          resolve();
        }, LONGEST_WAIT_MS);
      }),
  );
}
