// After an answer comes back with something to fix, the error summary takes the focus, so a
// screen reader reads it and a keyboard starts from it.
function focusSummary(root) {
  const summary = (root || document).querySelector("#error-summary");
  if (summary) {
    summary.focus();
  }
}

export function focusErrorsAfterAnswers() {
  document.addEventListener("htmx:afterSwap", (event) => focusSummary(event.target));
  focusSummary(document);
}
