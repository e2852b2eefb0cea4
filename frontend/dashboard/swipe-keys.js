// Swipe and arrow keys between periods: a sideways swipe across the performance card, or Left
// and Right on its period controls, does what a tap on the previous or next control does.
import { takeStep } from "./period-change.js";

// A swipe: mostly sideways, long enough and quick enough; anything less is a drift or a scroll.
const SWIPE_MIN_PX = 48;
const SWIPE_MAX_MS = 700;
const SWIPE_SIDEWAYS_RATIO = 1.5;

let swipe = null;

function touchStarted(event) {
  const target = event.target;
  const card = target.closest && target.closest(".performance");
  // The figures table scrolls sideways on its own; two fingers zoom.
  if (event.touches.length !== 1 || !card || target.closest(".table-scroll")) {
    swipe = null;
    return;
  }
  const touch = event.touches[0];
  swipe = { card, x: touch.clientX, y: touch.clientY, time: event.timeStamp };
}

function touchEnded(event) {
  const start = swipe;
  swipe = null;
  if (!start || event.touches.length !== 0 || !event.changedTouches.length) {
    return;
  }
  const touch = event.changedTouches[0];
  const dx = touch.clientX - start.x;
  const dy = touch.clientY - start.y;
  const quick = event.timeStamp - start.time <= SWIPE_MAX_MS;
  const sideways = Math.abs(dx) >= SWIPE_SIDEWAYS_RATIO * Math.abs(dy);
  if (quick && sideways && Math.abs(dx) >= SWIPE_MIN_PX) {
    // As photos do: the finger moving right brings the previous period, left the next.
    takeStep(start.card, dx > 0 ? "previous" : "next");
  }
}

function keyPressed(event) {
  const key = event.key;
  if ((key !== "ArrowLeft" && key !== "ArrowRight") || event.repeat || event.defaultPrevented) {
    return;
  }
  if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  const bar = event.target.closest && event.target.closest(".period-bar");
  const card = bar && bar.closest(".performance");
  if (card && takeStep(card, key === "ArrowLeft" ? "previous" : "next")) {
    event.preventDefault();
  }
}

export function followSwipesAndKeys() {
  document.addEventListener("touchstart", touchStarted, { passive: true });
  document.addEventListener("touchend", touchEnded, { passive: true });
  document.addEventListener(
    "touchcancel",
    () => {
      swipe = null;
    },
    { passive: true },
  );
  document.addEventListener("keydown", keyPressed);
}
