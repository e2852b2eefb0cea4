// Part of the dashboard's bundle: fetches the tariff pages' own bundle (main.js here, built to
// js/tariff.js) the first time a tariff page is on screen, on load or after an htmx swap, so
// the dashboard's script stays small and a dashboard never downloads the tariff pages' code.
let requested = false;

export function loadTariffScriptWhereShown(url) {
  const check = (root) => {
    if (requested || !url || !(root || document).querySelector("[data-tariff-page]")) {
      return;
    }
    requested = true;
    const tag = document.createElement("script");
    tag.src = url;
    tag.async = true;
    document.head.appendChild(tag);
  };
  check(document);
  document.addEventListener("htmx:afterSwap", (event) => check(event.target));
}
