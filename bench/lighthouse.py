"""`make lighthouse`: Lighthouse's scores and metrics of each page against the phone budgets.

The app runs as `make serve` runs it (gunicorn, DEBUG off, hashed compressed static files from
WhiteNoise) on a throwaway SQLite database, with its embedded sandbox as Connect. For each page
a demo customer's session is opened over HTTP the way a browser opens it (a sandbox token, the
entry URL, then the buttons that lead to the page), and Lighthouse (pinned in package.json:
mobile preset, its default simulated throttling) loads `/` in Debian's chromium with that
session's cookie. Each page is measured `--runs` times; the median of each figure is held to
its budget, and the spread is printed beside it. The exit status is 1 if a budget is missed.

    python bench/lighthouse.py                    # every page
    python bench/lighthouse.py dashboard landing  # some of them
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/lighthouse.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
from bs4 import BeautifulSoup, Tag  # noqa: E402

from support import instances  # noqa: E402

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = PROJECT_ROOT / "node_modules" / ".bin" / "lighthouse"
TARIFF_TEMPLATES = PROJECT_ROOT / "templates" / "connect_app" / "tariff"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


@dataclass(frozen=True)
class Budget:
    name: str
    limit: float
    higher_is_better: bool
    unit: str

    def met(self, value: float) -> bool:
        return value >= self.limit if self.higher_is_better else value <= self.limit

    def show(self, value: float) -> str:
        if self.unit == "ms":
            return f"{value:,.0f} ms"
        if self.unit == "s":
            return f"{value / 1000:.2f} s"
        if self.unit == "":
            return f"{value:.3f}"
        return f"{value:.0f}"

    def describe(self) -> str:
        return f"{'>=' if self.higher_is_better else '<='} {self.show(self.limit)}"


BUDGETS = (
    Budget("performance", 98, True, "score"),
    Budget("accessibility", 100, True, "score"),
    Budget("best-practices", 100, True, "score"),
    Budget("seo", 100, True, "score"),
    Budget("cumulative-layout-shift", 0.005, False, ""),
    Budget("total-blocking-time", 150, False, "ms"),
    Budget("largest-contentful-paint", 1500, False, "s"),
)
# Printed for context, held to no budget.
EXTRA_METRICS = ("first-contentful-paint", "speed-index")


# --- the pages and how a customer reaches them --------------------------------------------------


@dataclass(frozen=True)
class Recipe:
    """A demo customer, a fault to simulate, the buttons pressed after the first page, and a
    check that the page reached is the one meant (a CSS selector it must have)."""

    customer: str
    presses: tuple[str, ...] = ()
    fault: str = "none"
    shows: str = "#app"


PAGES: dict[str, Recipe] = {
    "dashboard": Recipe("active", shows="canvas[data-chart]"),
    "landing": Recipe("new"),
    "participation": Recipe("active", ("Manage participation",)),
    "payments": Recipe("active", ("Manage payments",)),
    "expired": Recipe("active", ("Previous period",), fault="expired"),
    # postal_address_input: the generic page until the tariff pages render it as a form.
    "generic": Recipe("active", ("Connect tariff",), shows="#app dl.fields"),
    "tariff": Recipe("active", ("Connect tariff",), shows="#app form input:not([type=hidden])"),
}


def default_pages() -> list[str]:
    """Every page the sandbox can show. postal_address_input was the sandbox's one generic page;
    once the tariff pages exist it is a form of theirs, and the generic page has no route left."""
    pages = ["dashboard", "landing", "participation", "payments", "expired"]
    return [*pages, "tariff"] if TARIFF_TEMPLATES.is_dir() else [*pages, "generic"]


class PageNotReached(RuntimeError):
    """The buttons of a recipe did not lead to the page it names."""


def open_session(origin: str, recipe: Recipe) -> dict[str, str]:
    """Open the recipe's page in a fresh session over HTTP; return the session's cookies."""
    with httpx.Client(base_url=origin, timeout=30, follow_redirects=True) as http:
        minted = http.post(
            "/sandbox/tokens", json={"customer": recipe.customer, "fault": recipe.fault}
        )
        minted.raise_for_status()
        page = http.get("/", params={"fp_cot": minted.json()["connect_token"]})
        page.raise_for_status()
        for name in recipe.presses:
            page = _press(http, page.text, name)
        if BeautifulSoup(page.text, "html.parser").select_one(recipe.shows) is None:
            raise PageNotReached(f"the page reached has nothing matching {recipe.shows!r}")
        return {cookie.name: cookie.value or "" for cookie in http.cookies.jar}


def _press(http: httpx.Client, html: str, name: str) -> httpx.Response:
    """Post the form of the button named `name`, as a browser without JavaScript does."""
    soup = BeautifulSoup(html, "html.parser")
    for button in soup.select("#app form button"):
        if button.get_text(" ", strip=True) != name or button.has_attr("disabled"):
            continue
        form = button.find_parent("form")
        assert isinstance(form, Tag)
        fields = {
            str(field["name"]): str(field.get("value", ""))
            for field in form.select("input[name]")
            if field.get("type") != "checkbox"
        }
        if button.has_attr("name"):
            fields[str(button["name"])] = str(button.get("value", ""))
        response = http.post(str(form.get("action") or "/"), data=fields)
        response.raise_for_status()
        return response
    raise PageNotReached(f"no enabled button {name!r} on the page")


# --- Lighthouse ---------------------------------------------------------------------------------


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        raise SystemExit("Debian's chromium is needed: apt-get install chromium")
    return found


def run_lighthouse(
    url: str, cookies: dict[str, str], out: Path, save_trace: bool = False
) -> dict[str, Any]:
    """One Lighthouse run of `url` with the session's cookies; its report (the LHR).

    With `save_trace`, the trace and DevTools log are written beside the report, for the
    performance panel.
    """
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    done = subprocess.run(
        [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--extra-headers={json.dumps({'Cookie': cookie})}",
            *(["--save-assets"] if save_trace else []),
        ],
        cwd=PROJECT_ROOT,
        env={**os.environ, "CHROME_PATH": chromium()},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not out.is_file():
        raise LighthouseFailed(f"lighthouse failed ({done.returncode}):\n{done.stderr[-3000:]}")
    report: dict[str, Any] = json.loads(out.read_text())
    if report.get("runtimeError"):
        raise LighthouseFailed(f"lighthouse could not load {url}: {report['runtimeError']}")
    return report


class LighthouseFailed(RuntimeError):
    """A run that produced no report, e.g. Chromium's trace missing its navigation start."""


def run_lighthouse_again_if_it_fails(
    url: str, cookies: dict[str, str], out: Path, save_trace: bool
) -> dict[str, Any]:
    # Now and then Chromium's first trace of a fresh browser lacks its navigation start
    # (NO_NAVSTART); a second run is a new browser and records normally.
    try:
        return run_lighthouse(url, cookies, out, save_trace)
    except LighthouseFailed as failure:
        print(f"  retrying once: {str(failure).strip().splitlines()[-1]}", file=sys.stderr)
        return run_lighthouse(url, cookies, out, save_trace)


def figures(report: dict[str, Any]) -> dict[str, float]:
    values: dict[str, float] = {
        name: round(float(report["categories"][name]["score"] or 0) * 100) for name in CATEGORIES
    }
    for name in (*(b.name for b in BUDGETS if b.unit != "score"), *EXTRA_METRICS):
        values[name] = float(report["audits"][name]["numericValue"])
    return values


def shortfalls(report: dict[str, Any]) -> list[str]:
    """The audits that cost a category points, to say why a score is under 100."""
    found = []
    for name in CATEGORIES:
        for ref in report["categories"][name]["auditRefs"]:
            audit = report["audits"][ref["id"]]
            score = audit.get("score")
            if ref.get("weight", 0) > 0 and score is not None and score < 1:
                found.append(f"{name}: {audit['title']} ({audit.get('displayValue', score)})")
    return found


# --- the run ------------------------------------------------------------------------------------


@contextmanager
def app_as_served() -> Iterator[str]:
    """`make serve`'s configuration with the sandbox, on a throwaway database and static root."""
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        root = Path(scratch)
        env = instances.production_env(
            database_url=f"sqlite:///{root / 'db.sqlite3'}",
            connect_url="",
            extra={"DJANGO_STATIC_ROOT": str(root / "static")},
        )
        instances.migrate(env)
        instances.collect_static(env)
        app = instances.start_instance("app", env, root)
        try:
            yield app.url
        finally:
            app.stop()


def measure(
    origin: str,
    page: str,
    runs: int,
    scratch: Path,
    say: Callable[[str], None],
    save_trace: bool = False,
) -> tuple[dict[str, list[float]], list[str]]:
    series: dict[str, list[float]] = {}
    notes: list[str] = []
    for run in range(runs):
        cookies = open_session(origin, PAGES[page])
        report = run_lighthouse_again_if_it_fails(
            f"{origin}/", cookies, scratch / f"{page}-{run}.json", save_trace
        )
        for name, value in figures(report).items():
            series.setdefault(name, []).append(value)
        notes.extend(n for n in shortfalls(report) if n not in notes)
        say(f"  {page} run {run + 1}/{runs} done")
    return series, notes


def print_report(results: dict[str, tuple[dict[str, list[float]], list[str]]]) -> bool:
    all_met = True
    for page, (series, notes) in results.items():
        runs = len(next(iter(series.values())))
        print(f"\n{page} (median of {runs} run{'s' if runs != 1 else ''}; range in brackets)")
        for budget in BUDGETS:
            values = series[budget.name]
            median = statistics.median(values)
            met = budget.met(median)
            all_met = all_met and met
            spread = f"[{budget.show(min(values))} – {budget.show(max(values))}]"
            print(
                f"  {budget.name:26} {budget.show(median):>9} {spread:24} "
                f"budget {budget.describe():10} {'met' if met else 'MISSED'}"
            )
        for name in EXTRA_METRICS:
            values = series[name]
            print(f"  {name:26} {statistics.median(values) / 1000:>7.2f} s")
        for note in notes:
            print(f"  - {note}")
    return all_met


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help=f"pages to measure: {', '.join(PAGES)}, or all")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument(
        "--keep", type=Path, help="keep the Lighthouse reports, traces and DevTools logs here"
    )
    options = parser.parse_args(argv)
    pages = [p for p in options.pages if p != "all"] or default_pages()
    unknown = [p for p in pages if p not in PAGES]
    if unknown:
        parser.error(f"unknown page(s) {', '.join(unknown)}; known: {', '.join(PAGES)}")
    if not LIGHTHOUSE.is_file():
        parser.error("Lighthouse is not installed: run `make setup` (npm ci)")

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="lighthouse-reports-") as scratch:
        reports = options.keep or Path(scratch)
        reports.mkdir(parents=True, exist_ok=True)
        with app_as_served() as origin:
            say(f"app at {origin}; measuring {', '.join(pages)}")
            results = {
                page: measure(
                    origin, page, options.runs, reports, say, save_trace=bool(options.keep)
                )
                for page in pages
            }
    return 0 if print_report(results) else 1


if __name__ == "__main__":
    sys.exit(main())
