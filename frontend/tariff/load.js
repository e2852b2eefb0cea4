// Part of the dashboard's bundle: fetches the tariff pages' own bundle (main.js here, built to
// js/tariff.js) the first time htmx swaps a tariff page in, so the dashboard's script stays
// small and a dashboard never downloads the tariff pages' code. A tariff page opened as a whole
// names the bundle itself (templates/connect_app/tariff/base.html): a script the page parses
// at once, rather than one requested only after this one has run.
let requested = false;

export function loadTariffScriptWhereShown(url) {
  requested = Boolean(url && document.querySelector(`script[src="${url}"]`));
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
