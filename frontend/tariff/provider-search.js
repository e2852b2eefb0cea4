// The provider list filters as the customer types; the search form's GET still works without
// JavaScript, and the search button has nothing left to do with it.
function filterChoices(search) {
  const input = search.querySelector("input[type=search]");
  const list = document.querySelector("[data-choice-list]");
  const count = search.querySelector("[data-choice-count]");
  if (!input || !list) {
    return;
  }
  const wanted = input.value.trim().toLowerCase();
  let shown = 0;
  Array.from(list.children).forEach((item) => {
    const match = (item.getAttribute("data-choice-name") || "").includes(wanted);
    // A chosen provider stays visible, so the choice is never hidden from the customer.
    const keep = match || Boolean(item.querySelector("input:checked"));
    item.hidden = !keep;
    shown += keep ? 1 : 0;
  });
  if (count) {
    count.textContent = shown ? "" : count.getAttribute("data-none");
  }
}

function filterWhatIsTyped() {
  document.querySelectorAll("[data-choice-search]").forEach(filterChoices);
}

export function followProviderSearch() {
  // A customer may type before this script has arrived (it is fetched after the page is
  // swapped in): what is already in the box filters as soon as it runs, and after every swap.
  filterWhatIsTyped();
  document.addEventListener("htmx:afterSettle", filterWhatIsTyped);
  document.addEventListener("input", (event) => {
    const search = event.target.closest && event.target.closest("[data-choice-search]");
    if (search) {
      filterChoices(search);
    }
  });
  document.addEventListener("submit", (event) => {
    if (event.target.matches("[data-choice-search]")) {
      event.preventDefault();
      filterChoices(event.target);
    }
  });
}
