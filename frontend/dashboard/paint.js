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

// Resolves once the page has loaded (its stylesheets and scripts) and been painted: what is
// fetched then never competes with what the customer sees first, even on a slow phone.
export function afterLoadAndPaint() {
  const loaded =
    document.readyState === "complete"
      ? Promise.resolve()
      : new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
  return loaded.then(afterNextPaint);
}
