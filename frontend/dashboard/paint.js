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
