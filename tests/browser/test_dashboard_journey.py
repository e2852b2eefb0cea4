"""The happy path of the active demo customer, on a phone and on a desktop."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from connect_sandbox.customers import DEMO_CUSTOMERS, customer_by_key
from tests.browser.conftest import PHONE, App, Viewport, assert_accessible

# en-US as the app formats them (Babel): "$1,234.56", "-$3.10", "1,234.5 kWh".
MONEY = re.compile(r"^-?\$\d{1,3}(,\d{3})*\.\d{2}$")
ENERGY = re.compile(r"^\d{1,3}(,\d{3})*\.\d{1,2} kWh$")
MIN_TARGET_PX = 44

# Visible buttons and links in #app, other than links that sit inside running text.
_TARGETS = """
() => [...document.querySelectorAll("main :is(a[href], button, summary, [role=button])")]
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden")
  .filter((el) => !(el.tagName === "A" && el.closest("p")))
  .map((el) => {
    const box = el.getBoundingClientRect();
    const name = (el.getAttribute("aria-label") || el.textContent || "").replace(/\\s+/g, " ");
    return {name: `${el.tagName.toLowerCase()} "${name.trim()}"`, height: box.height};
  })
"""


def _local_today(customer_key: str) -> dt.date:
    customer = customer_by_key(customer_key)
    assert customer is not None
    return dt.datetime.now(ZoneInfo(customer.timezone)).date()


def _month_label(day: dt.date) -> str:
    return f"{day:%B} {day.year}"


def _previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def test_a_newcomer_lands_on_the_sandboxs_demo_customers(app: App, viewport: Viewport) -> None:
    page = app.page
    page.goto(app.home_url)
    assert page.url == app.sandbox_start_url
    expect(page.get_by_role("heading", level=1)).to_have_text("Try the sandbox")
    cards = page.locator("article.card")
    expect(cards).to_have_count(len(DEMO_CUSTOMERS))
    for customer in DEMO_CUSTOMERS:
        card = cards.filter(has_text=customer.name)
        expect(card.get_by_role("button", name="Open dashboard")).to_be_visible()
        expect(card.get_by_label("Simulate a problem")).to_have_value("none")
    assert_accessible(page)
    _assert_fits(app, viewport)


def test_active_customer_browses_periods_and_closes(app: App, viewport: Viewport) -> None:
    page = app.page
    app.open_demo("active")

    today = _local_today("active")
    heading = page.locator("#period-label")
    expect(page.get_by_role("heading", level=1)).to_have_text("Community Powershare")
    if _month_label(today) != heading.inner_text():
        # The programme's month may have turned over between the two readings of the clock.
        today = _local_today("active")
    expect(heading).to_have_text(_month_label(today))
    expect(page.locator("dl.totals .total--earnings dd")).to_have_text(MONEY)
    expect(page.locator("dl.totals .total--earnings dt")).to_have_text("Earned so far")
    expect(page.locator("dl.totals .total--energy dd")).to_have_text(ENERGY)
    app.wait_chart()
    # The current period is the latest there is.
    expect(app.button("Next period")).to_be_disabled()
    expect(app.button("Latest")).to_be_disabled()
    expect(app.button("Month")).to_have_attribute("aria-current", "true")
    expect(page.locator("#performance-table")).to_be_hidden()  # folded in its <details>
    # The programme's own page is only a link (never fetched: see the `new_context` fixture).
    about = page.get_by_role("link", name=re.compile(r"^About this programme"))
    expect(about).to_have_attribute("href", re.compile(r"^https://"))
    expect(about).to_have_attribute("rel", re.compile(r"\bnoopener\b"))

    assert_accessible(page)
    _assert_fits(app, viewport)

    history_length = page.evaluate("history.length")

    app.click("Previous period")
    previous = _previous_month(today)
    expect(heading).to_have_text(_month_label(previous))
    expect(app.button("Next period")).to_be_enabled()
    expect(app.button("Latest")).to_be_enabled()
    expect(page.locator("dl.totals .total--earnings dt")).to_have_text("Earned")
    expect(page.locator("dl.totals .total--earnings dd")).to_have_text(MONEY)
    app.expect_chart_redrawn()
    assert page.url == app.home_url
    assert page.evaluate("history.length") == history_length

    app.click("Year")
    expect(heading).to_have_text(str(previous.year))
    expect(app.button("Year")).to_have_attribute("aria-current", "true")
    expect(page.locator("dl.totals .total--energy dd")).to_have_text(ENERGY)
    app.expect_chart_redrawn()
    assert page.url == app.home_url
    assert page.evaluate("history.length") == history_length

    page.locator("details.figures summary").click()
    expect(page.locator("#performance-table")).to_be_visible()
    expect(page.locator("#performance-table tbody tr")).to_have_count(12)
    assert_accessible(page)
    _assert_fits(app, viewport)

    app.button("Close").click()
    # Connect's session_redirect: the app follows it with a full navigation (HX-Redirect).
    page.wait_for_url(re.compile(rf"^{re.escape(app.origin)}/sandbox/callback(\?|$)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The sandbox session ended")
    assert_accessible(page)


@pytest.mark.browser_context_args(bypass_csp=False)
def test_dashboard_works_under_its_content_security_policy(app: App) -> None:
    """The other tests bypass CSP to inject axe-core; here the app's own CSP is enforced.

    Any blocked script, style or connection is a console error, which fails the test.
    """
    page = app.page
    app.open_demo("london")
    expect(page.locator("#period-label")).to_have_text(_month_label(_local_today("london")))
    expect(page.locator("dl.totals .total--earnings dd")).to_have_text(re.compile(r"^-?£"))
    app.wait_chart()
    app.click("Previous period")
    expect(app.button("Next period")).to_be_enabled()
    app.expect_chart_redrawn()


def _assert_fits(app: App, viewport: Viewport) -> None:
    page = app.page
    widths = page.evaluate(
        "() => ({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})"
    )
    if viewport == PHONE:
        assert widths["inner"] == viewport.width, widths
    assert widths["scroll"] <= viewport.width, f"horizontal scroll at {viewport.name}: {widths}"

    small = [
        f"{target['name']}: {target['height']:.0f}px tall"
        for target in page.evaluate(_TARGETS)
        if target["height"] < MIN_TARGET_PX
    ]
    assert not small, f"touch targets under {MIN_TARGET_PX}px at {viewport.name}:\n  " + (
        "\n  ".join(small)
    )


def test_the_kind_of_period_on_show_is_reachable_and_does_nothing(
    app: App, viewport: Viewport
) -> None:
    """A keyboard or screen reader reaches the Month chip and hears that it is the one on."""
    page = app.page
    app.open_demo("active")
    heading = page.locator("#period-label")
    shown = heading.inner_text()
    month = app.button("Month")
    expect(month).to_have_attribute("aria-current", "true")
    expect(month).to_have_attribute("aria-disabled", "true")
    # No `disabled`, which would take it out of the tab order.
    assert month.get_attribute("disabled") is None
    # Tab from the kind before it lands on it.
    app.button("Day").focus()
    page.keyboard.press("Tab")
    expect(month).to_be_focused()
    posts: list[str] = []
    page.on(
        "request", lambda request: posts.append(request.url) if request.method == "POST" else None
    )
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    month.click(force=True)  # a tap, which Playwright would refuse on aria-disabled
    page.wait_for_timeout(300)
    assert posts == []
    expect(heading).to_have_text(shown)
    expect(month).to_be_focused()
    assert_accessible(page)
    # Another kind is still a control that works, and then it is the one on show.
    app.click("Year")
    expect(app.button("Year")).to_have_attribute("aria-disabled", "true")
    expect(app.button("Month")).not_to_have_attribute("aria-disabled", "true")


_CHART_NOW = """
() => {
  const canvases = document.querySelectorAll("canvas[data-chart]");
  const chart = window.Chart.getChart(canvases[0]);
  return {
    canvases: canvases.length,
    marked: chart.$markedBeforeTheSwap === true,
    labels: chart.data.labels,
    figures: JSON.parse(document.getElementById("performance-data").textContent).labels,
    name: canvases[0].getAttribute("aria-label"),
    size: [canvases[0].width, canvases[0].height],
  };
}
"""


def test_a_period_change_gives_its_figures_to_the_chart_already_drawn(app: App) -> None:
    """Chart.js sets a chart up once: a swapped-in period's figures go to the chart on screen,
    which is laid out and drawn again at its size, instead of a new chart each time."""
    page = app.page
    app.open_demo("active")
    app.click("Previous period")  # a month gone by, with dispatches: a chart
    app.wait_chart()
    page.evaluate(
        "window.Chart.getChart(document.querySelector('canvas[data-chart]'))"
        ".$markedBeforeTheSwap = true"
    )
    app.click("Year")
    app.wait_chart()
    now = page.evaluate(_CHART_NOW)
    assert now["canvases"] == 1
    assert now["marked"], "a new chart was set up for the new period"
    assert now["labels"] == now["figures"]
    assert len(now["labels"]) == 12
    assert re.search(r"\b\d{4}$", now["name"]), now["name"]
    assert min(now["size"]) > 0, now["size"]
