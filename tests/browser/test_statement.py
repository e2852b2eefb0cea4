"""Taking the numbers away: the figures CSV downloads, and print turns the page into a statement.

The statement's PDFs (A4 and US Letter, Chromium's own print output) are kept in
artifacts/screens/ for people to look at.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from playwright.sync_api import expect

from connect_app import formatting as fmt
from tests.browser.conftest import DESKTOP, SCREENS_DIR, App, Viewport, assert_accessible

FILE_NAME = re.compile(r"^community-powershare-\d{4}-\d{2}\.csv$")
# A PDF has one /Type /Page object per page (and one /Type /Pages for the tree of them).
PDF_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
# Stands in for the print dialog, which a test cannot click: counts the calls instead.
COUNT_PRINT_CALLS = """
() => { window.print = () => { window.printCalls = (window.printCalls || 0) + 1; }; }
"""


def open_last_month(app: App) -> None:
    """The active demo's previous month: a whole month of figures, none of them still to come."""
    app.open_demo("active")
    app.wait_chart()
    app.click("Previous period")
    app.wait_chart()


def totals_shown(app: App) -> tuple[str, str]:
    return (
        app.page.locator(".total--earnings dd").inner_text(),
        app.page.locator(".total--energy dd").inner_text(),
    )


def test_the_csv_link_downloads_the_period_on_screen(app: App, viewport: Viewport) -> None:
    open_last_month(app)
    page = app.page
    link = page.get_by_role("link", name=re.compile(r"^Download figures \(CSV\) for "))
    expect(link).to_be_visible()
    expect(link).to_have_accessible_name(
        "Download figures (CSV) for " + page.locator("#period-label").inner_text()
    )
    table_rows = page.locator("#performance-table tbody tr").count()

    with page.expect_download() as started:
        link.click()
    download = started.value

    assert FILE_NAME.match(download.suggested_filename), download.suggested_filename
    path = download.path()
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == table_rows >= 28
    earned = sum((Decimal(r["earnings"] or "0") for r in rows), Decimal(0))
    energy = sum((Decimal(r["energy_kwh"] or "0") for r in rows), Decimal(0))
    assert totals_shown(app) == (fmt.money(earned, "USD", "en"), fmt.energy(energy, "en"))
    # A download is no navigation: the dashboard is still there, as it was.
    expect(page.locator("#period-label")).to_be_visible()
    assert_accessible(page)


def test_print_turns_the_dashboard_into_a_one_page_statement(app: App) -> None:
    page = app.page
    page.set_viewport_size({"width": DESKTOP.width, "height": DESKTOP.height})
    open_last_month(app)
    figures = page.locator("details.figures")
    expect(figures).not_to_have_attribute("open", "")
    print_button = app.button("Print statement")
    expect(print_button).to_be_visible()  # shown by dashboard.js, which makes it work

    # The button asks the browser to print.
    page.evaluate(COUNT_PRINT_CALLS)
    print_button.click()
    assert page.evaluate("() => window.printCalls") == 1

    page.emulate_media(media="print")
    # No buttons, navigation, notices or links to follow on paper.
    # Nor the zone line: it speaks of the viewer's clock; the note at the foot names the zone.
    for hidden in ("#app button", "#app nav", "#app form", ".takeaway", ".skip-link", ".zone-line"):
        elements = page.locator(hidden)
        for index in range(elements.count()):
            expect(elements.nth(index)).to_be_hidden()
    # Every row of the figures table, although its disclosure is closed.
    rows = page.locator("#performance-table tbody tr")
    expect(rows.first).to_be_visible()
    expect(rows.last).to_be_visible()
    expect(page.locator("#performance-table tfoot tr")).to_be_visible()
    # What a statement says: whose, which period, the totals, the chart, the zone and the date.
    for shown in (
        ".statement-head",
        ".sandbox-banner",
        ".programme__title",
        ".eyebrow",
        "#period-label",
        ".totals",
        "figure.chart canvas",
        ".footnote:not(.print-only)",
        ".footnote.print-only",
    ):
        expect(page.locator(shown).first).to_be_visible()
    expect(page.locator(".footnote.print-only")).to_have_text(re.compile(r"^Printed on .+\d"))

    SCREENS_DIR.mkdir(parents=True, exist_ok=True)
    for paper in ("A4", "Letter"):
        pdf = page.pdf(format=paper)
        (SCREENS_DIR / f"statement-{paper}.pdf").write_bytes(pdf)
        assert len(PDF_PAGE.findall(pdf)) == 1, f"the statement takes more than one {paper} page"
    # Printing opened the closed disclosure for paper only; the screen is as it was.
    expect(figures).not_to_have_attribute("open", "")
