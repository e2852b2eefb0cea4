// A period change answered at once: in the frame of the tap the pressed control shows it is on
// its way and the others wait (app.css's .is-changing); when the new period is swapped in, it
// slides in from the side it came from and the keyboard focus stays where it was. The request
// itself is htmx's, from the period form, exactly as a tap without this would send it.

let pending = null; // {card, pressed, waiting, step, focusId} while a period change is on its way

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
function periodRequested(event) {
  const form = event.detail.elt;
  if (!isPeriodForm(form)) {
    return;
  }
  const card = form.closest(".performance");
  const pressed = form.querySelector("button");
  const focused = document.activeElement;
  const waiting = [];
  card.querySelectorAll(".period-bar button").forEach((button) => {
    // A button that is off already (the kind of period on show) stays so afterwards.
    const off = button.disabled || button.getAttribute("aria-disabled") === "true";
    if (button !== pressed && !off) {
      button.setAttribute("aria-disabled", "true");
      waiting.push(button);
    }
  });
  pressed.classList.add("is-pending");
  card.classList.add("is-changing");
  card.setAttribute("aria-busy", "true");
  pending = {
    card,
    pressed,
    waiting,
    step: pressed.getAttribute("data-step"),
    focusId: focused && card.querySelector(".period-bar").contains(focused) ? focused.id : null,
  };
}

// The answer has been swapped in (or there was none): the old card, if still there, is itself
// again. htmx swaps before it says the request is over, so this never shows between the two.
function periodAnswered() {
  if (!pending) {
    return;
  }
  pending.card.classList.remove("is-changing");
  pending.card.removeAttribute("aria-busy");
  pending.pressed.classList.remove("is-pending");
  pending.waiting.forEach((button) => {
    button.removeAttribute("aria-disabled");
  });
  pending = null;
}

export function followPeriodChanges() {
  document.addEventListener("htmx:beforeRequest", periodRequested);
  document.addEventListener("htmx:afterRequest", periodAnswered);
}

// A swap has put the new period in (page-life.js calls this before the browser paints it):
// the side it slides in from, and the keyboard's place.
export function periodArrived(root) {
  if (!pending) {
    return;
  }
  const card = root.querySelector(".performance");
  if (card && pending.step) {
    card.setAttribute("data-arrived", pending.step);
  }
  if (pending.focusId) {
    refocus(root, pending.focusId);
  }
}

// Keyboard focus stays on the control that was used, or the nearest one still usable.
function refocus(root, id) {
  let target = document.getElementById(id);
  if (!target || !root.contains(target)) {
    return;
  }
  if (target.disabled) {
    const step = target.closest(".period-step");
    target = step && step.querySelector("button:not([disabled])");
  }
  if (target) {
    target.focus();
  }
}

// The control that goes one period back or forward, if it can be used now.
function stepControl(card, which) {
  const app = card.closest("#app");
  if (pending || (app && app.classList.contains("htmx-request"))) {
    return null;
  }
  const button = card.querySelector("[data-step='" + which + "']");
  return button && !button.disabled ? button : null;
}

// Exactly what a tap on the control does: the same form, the same one request.
export function takeStep(card, which) {
  const button = stepControl(card, which);
  if (button) {
    button.click();
  }
  return Boolean(button);
}
