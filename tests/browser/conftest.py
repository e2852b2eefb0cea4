"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

The app talks to its embedded Connect sandbox over real HTTP on the same live server, so a
journey here exercises the whole stack: the browser, htmx, the views, the Connect client and the
sandbox. Nothing may leave the live server's origin (checked for every test).
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in the test thread; without this Django refuses to
# touch the database from it ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import re  # noqa: E402
import shutil  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import pytest  # noqa: E402
from playwright.sync_api import (  # noqa: E402
    BrowserContext,
    ConsoleMessage,
    Locator,
    Page,
    Response,
    expect,
)

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
AXE_SCRIPT = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENS_DIR = PROJECT_ROOT / "artifacts" / "screens"

# How long a single expectation waits. Every Connect call is a local HTTP round trip, so a
# healthy page settles in well under a second; the margin is for a loaded CI machine.
EXPECT_TIMEOUT_MS = 10_000

CHROMIUM_ARGS = [
    "--no-sandbox",  # the test machine runs as root
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# While htmx works on #app it carries one of these classes; none of them once it is settled.
BUSY = re.compile(r"\bhtmx-(request|swapping|settling)\b")
DRAWN = re.compile(r"\bis-drawn\b")


# --- collection -------------------------------------------------------------------------------


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser drives a browser: mark it so `-m "not browser"` works."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- the browser ------------------------------------------------------------------------------


def chromium_executable() -> str:
    """Debian's chromium. Missing is a broken test machine, never a reason to skip."""
    found = shutil.which("chromium") or (
        "/usr/bin/chromium" if os.access("/usr/bin/chromium", os.X_OK) else None
    )
    if found is None:
        pytest.fail(
            "Debian's chromium was not found (looked for `chromium` on PATH and "
            "/usr/bin/chromium). Install it with `apt-get install chromium`: the browser tests "
            "drive the system chromium, not a Playwright-downloaded one.",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": chromium_executable(),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
    }


@pytest.fixture(scope="session")
def base_url(live_server: Any) -> str:
    """Relative URLs in page.goto() resolve against the live server.

    Defining it here also replaces pytest-playwright 0.10's fallback `base_url`, a session
    fixture defined as an instance method on a plugin object, which pytest 9 deprecates with a
    PytestRemovedIn10Warning (an error under this project's filterwarnings = error).
    """
    url: str = live_server.url
    return url


@dataclass(frozen=True)
class Viewport:
    name: str
    width: int
    height: int
    mobile: bool

    def context_args(self) -> dict[str, Any]:
        return {
            "viewport": {"width": self.width, "height": self.height},
            "is_mobile": self.mobile,
            "has_touch": self.mobile,
        }


PHONE = Viewport("phone", 390, 844, mobile=True)
DESKTOP = Viewport("desktop", 1280, 900, mobile=False)


@pytest.fixture(params=[PHONE, DESKTOP], ids=lambda viewport: viewport.name)
def viewport(request: pytest.FixtureRequest) -> Viewport:
    """Run a journey once on a phone and once on a desktop."""
    value: Viewport = request.param
    return value


@pytest.fixture
def browser_context_args(
    browser_context_args: dict[str, Any], request: pytest.FixtureRequest
) -> dict[str, Any]:
    args = {
        **browser_context_args,
        # The app's CSP (script-src 'self') would block axe-core's injected script tag.
        "bypass_csp": True,
        # The app formats money and dates from Accept-Language: "$12.34", "November 2025".
        "locale": "en-US",
        # The chart draws at once instead of animating, so screenshots and checks are stable.
        "reduced_motion": "reduce",
        "service_workers": "block",
    }
    if "viewport" in request.fixturenames:
        args.update(request.getfixturevalue("viewport").context_args())
    return args


@dataclass
class Traffic:
    """What the browser asked for and complained about, across every context of one test."""

    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def watch(self, context: BrowserContext) -> None:
        context.on("request", lambda request: self.requests.append(request.url))
        context.on("console", self._console)
        context.on("weberror", lambda error: self.errors.append(f"uncaught: {error.error}"))

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"console: {message.text} ({message.location.get('url', '')})")

    def foreign(self) -> list[str]:
        """Requests that did not go to the live server (data: and blob: never leave the page)."""
        leaks = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if f"{parts.scheme}://{parts.netloc}" != self.origin:
                leaks.append(url)
        return leaks


@pytest.fixture
def traffic(live_server: Any) -> Traffic:
    return Traffic(origin=live_server.url)


@pytest.fixture
def new_context(
    new_context: Callable[..., BrowserContext], traffic: Traffic
) -> Iterator[Callable[..., BrowserContext]]:
    """Every context a test opens is watched; at teardown nothing may have left the origin.

    External links (a programme's learn_more_url) are only links: following or prefetching one
    would show up here. Uncaught script errors and console errors fail the test too.
    """

    def _new_context(**kwargs: Any) -> BrowserContext:
        context = new_context(**kwargs)
        context.set_default_timeout(EXPECT_TIMEOUT_MS)
        traffic.watch(context)
        return context

    yield _new_context
    leaks = traffic.foreign()
    assert not leaks, f"requests left {traffic.origin}:\n  " + "\n  ".join(leaks)
    assert not traffic.errors, "the page reported errors:\n  " + "\n  ".join(traffic.errors)


expect.set_options(timeout=EXPECT_TIMEOUT_MS)


# --- the app ----------------------------------------------------------------------------------


@pytest.fixture
def app(page: Page, live_server: Any) -> App:
    return App(page, live_server.url)


class App:
    """A customer's browser tab on the app, with the few moves every journey makes."""

    def __init__(self, page: Page, origin: str) -> None:
        self.page = page
        self.origin = origin

    @property
    def home_url(self) -> str:
        return f"{self.origin}/"

    @property
    def sandbox_start_url(self) -> str:
        """The sandbox's start page, where its demo customers are (and where "/" sends a
        browser with no journey under way)."""
        return f"{self.origin}/sandbox/"

    def open_demo(self, customer: str, fault: str = "none") -> None:
        """Start a sandbox journey from the start page's demo card for `customer`.

        Cookies are cleared first, so nothing of an earlier journey (its language, its theme)
        carries over.
        """
        page = self.page
        page.context.clear_cookies()
        page.goto(self.sandbox_start_url)
        card = page.locator("article.card").filter(
            has=page.locator(f'input[name="customer"][value="{customer}"]')
        )
        expect(card).to_have_count(1)
        card.get_by_label("Simulate a problem").select_option(fault)
        # /sandbox/demo -> /?fp_cot=... -> / : the token never stays in the address bar.
        with page.expect_navigation(url=self.home_url):
            card.get_by_role("button", name="Open dashboard").click()
        self.wait_settled()

    def button(self, name: str) -> Locator:
        return self.page.locator("#app").get_by_role("button", name=name, exact=True)

    def click(self, name: str) -> None:
        """Click a button in #app that htmx posts, and wait until it has swapped in the answer."""
        with self.page.expect_response(_is_post):
            self.button(name).click()
        self.wait_settled()

    def wait_settled(self) -> None:
        expect(self.page.locator("#app")).not_to_have_class(BUSY)
        self.page.wait_for_load_state()

    def wait_chart(self) -> None:
        """The performance chart has been drawn by Chart.js (dashboard.js marks its figure).

        A period without a dispatch has no chart (its summary says so), so nothing to wait for:
        the sandbox's current period can be one, early in a day or a month.
        """
        self.wait_settled()
        if self.page.locator("figure.chart").count():
            expect(self.page.locator("figure.chart")).to_have_class(DRAWN)

    def expect_chart_redrawn(self) -> None:
        """After an htmx swap the new chart is drawn too (a soft check: the journey goes on)."""
        if not self.page.locator("figure.chart").count():
            return  # a period without a dispatch: no chart
        expect.soft(
            self.page.locator("figure.chart"),
            "the chart was not drawn after htmx swapped in the new period",
        ).to_have_class(DRAWN, timeout=2_000)


def _is_post(response: Response) -> bool:
    return response.request.method == "POST"


# --- accessibility ----------------------------------------------------------------------------

_RUN_AXE = """
async (tags) => {
  const results = await window.axe.run(document, {runOnly: {type: "tag", values: tags}});
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    count: violation.nodes.length,
    targets: violation.nodes.slice(0, 5).map(
      (node) => `${node.target.join(" ")}  ${node.html.replace(/\\s+/g, " ").slice(0, 100)}`
    ),
  }));
}
"""

# Violations found while a test body runs; the test fails with all of them once it has ended.
_deferred_violations: list[str] | None = None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Let a journey carry on past an accessibility failure, then fail it with every one.

    One run then shows each inaccessible state of a journey, and whether the rest of the
    journey works, instead of stopping at the first page with a violation.
    """
    global _deferred_violations
    _deferred_violations = []
    try:
        result = yield
    except BaseException as failure:
        found, _deferred_violations = _deferred_violations, None
        for report in found:
            failure.add_note(report)
        raise
    found, _deferred_violations = _deferred_violations, None
    if found:
        pytest.fail("\n".join(found), pytrace=False)
    return result


def assert_accessible(page: Page) -> None:
    """Fail on any axe-core violation (WCAG 2.0/2.1 A and AA, and best practice) on the page.

    Inside a test body the failure is reported when the test ends (see pytest_runtest_call),
    so the journey goes on; anywhere else it fails at once.
    """
    if not AXE_SCRIPT.is_file():
        pytest.fail(
            f"axe-core is missing at {AXE_SCRIPT}: run `npm ci` in {PROJECT_ROOT}.", pytrace=False
        )
    # The app's pages settle first; the sandbox's own pages have no #app and nothing to wait for.
    expect(page.locator("#app.htmx-request, #app.htmx-swapping, #app.htmx-settling")).to_have_count(
        0
    )
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE_SCRIPT))
    violations: list[dict[str, Any]] = page.evaluate(_RUN_AXE, AXE_TAGS)
    if not violations:
        return
    where = urlsplit(page.url).path  # not the query: it may hold a Connect token
    report = f"axe-core: {len(violations)} violation(s) on {where} ({page.title()!r}):\n" + (
        "".join(
            f"- {v['id']} ({v['impact']}): {v['help']} [{v['count']} element(s)]\n"
            + "".join(f"    {target}\n" for target in v["targets"])
            for v in violations
        )
    )
    if _deferred_violations is None:
        pytest.fail(report, pytrace=False)
    _deferred_violations.append(report)
