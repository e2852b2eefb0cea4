"""`make lighthouse`: Lighthouse's scores and metrics on every page kind, against the phone budgets.

The app runs as `make serve` runs it (gunicorn, DEBUG off, the built assets served by
WhiteNoise) on a throwaway SQLite database, with its embedded sandbox as Connect. For each page a
demo customer's session is walked there over HTTP as a browser without JavaScript walks it (a
sandbox token, the entry URL, then the buttons pressed and the forms answered), and the pinned
Lighthouse (mobile preset, its default simulated throttling) loads `/` in Debian's chromium with
that session's cookies, `--runs` times. The budgets are `bench/lighthouse-budgets.json`, in
Lighthouse CI's assertion syntax; the median of each figure is held to them and printed beside
them. The exit status is 1 if one is missed.

    python bench/lighthouse.py                     # every page
    python bench/lighthouse.py dashboard summary   # some
    python bench/lighthouse.py dashboard --against main

With `--against REF`, that commit is checked out beside this tree (a throwaway git worktree,
built the same way) and served by a second instance; each run of this tree is paired with one of
REF's, taken one after the other, so both see the same load on a busy machine. Its figures are
printed beside this tree's, with the ratio of the medians (this tree's / REF's).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/lighthouse.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from contextlib import contextmanager  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402
from bs4 import BeautifulSoup, Tag  # noqa: E402

from bench import Row, report  # noqa: E402
from support import instances  # noqa: E402

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
LIGHTHOUSE = HERE.parent / "node_modules" / ".bin" / "lighthouse"
BUDGETS = HERE / "lighthouse-budgets.json"
FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --no-first-run"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# How an audit's numeric value is shown: unit, divisor, decimals (else as it is, 3 decimals).
UNITS = {
    "total-blocking-time": (" ms", 1, 0),
    "largest-contentful-paint": (" s", 1000, 2),
    "total-byte-weight": (" KB", 1000, 1),
}

# How a customer reaches each page: a demo customer (and a simulated fault), then steps: a
# button's name, or (fields by label, the button that sends them), or ("link", its name).
Step = str | tuple[Any, str]
ADDRESS: Step = (
    {"Address line 1": "1600 Grant St", "City": "Denver", "State": "CO", "ZIP code": "80202"},
    "Continue",
)
TARIFF: list[Step] = [
    "Connect tariff",
    ADDRESS,
    ({"Prairie Wind Energy": "on"}, "Continue"),
    ({"Prairie Flat Rate": "on"}, "Continue"),
]
FIXED: list[Step] = [*TARIFF, ({"One price all day": "on"}, "Continue")]
PAGES: dict[str, tuple[str, str, list[Step]]] = {
    "dashboard": ("active", "none", []),
    "landing": ("new", "none", []),
    "participation": ("active", "none", ["Manage participation"]),
    "payments": ("active", "none", ["Manage payments"]),
    "expired": ("active", "expired", ["Previous period"]),
    "address": ("active", "none", ["Connect tariff"]),
    "provider": ("active", "none", ["Connect tariff", ADDRESS]),
    "choice": ("active", "none", TARIFF[:3]),
    "question": ("active", "none", FIXED),
    "time-of-day": ("active", "none", [*TARIFF, ({"Prices by time of day": "on"}, "Continue")]),
    "summary": (
        "active",
        "none",
        [
            *FIXED,
            ({"Price per kWh, in cents": "24.5"}, "Continue"),
            ({"Your contract ends on": "2030-06-30"}, "Continue"),
        ],
    ),
    "status": (
        "new",
        "none",
        ["Connect tariff", ADDRESS, ({"Sunbelt Electric": "on"}, "Continue"), ("link", "Continue")],
    ),
}


def open_session(origin: str, page: str) -> dict[str, str]:
    """Walk a fresh session to the page; its cookies."""
    customer, fault, steps = PAGES[page]
    with httpx.Client(base_url=origin, timeout=30, follow_redirects=True) as http:
        minted = http.post("/sandbox/tokens", json={"customer": customer, "fault": fault})
        minted.raise_for_status()
        shown = http.get("/", params={"fp_cot": minted.json()["connect_token"]})
        for step in steps:
            soup = BeautifulSoup(shown.text, "html.parser")
            if isinstance(step, str):
                shown = _submit(http, soup, {}, step)
            elif step[0] == "link":
                links = [a for a in soup("a") if a.get_text(" ", strip=True) == step[1]]
                if not links:
                    raise RuntimeError(f"{page}: no link {step[1]!r} at {shown.url}")
                shown = http.get(str(links[0]["href"]))
            else:
                shown = _submit(http, soup, step[0], step[1])
            shown.raise_for_status()
        return {cookie.name: cookie.value or "" for cookie in http.cookies.jar}


def _submit(
    http: httpx.Client, soup: BeautifulSoup, answers: dict[str, str], button: str
) -> httpx.Response:
    """Send the form of the button named `button`, with fields named by their labels."""
    chosen = [b for b in soup.select("form button") if _name(b) == button]
    form = chosen[0].find_parent("form") if chosen else None
    if not isinstance(form, Tag):
        raise RuntimeError(f"no button {button!r}; buttons: {[_name(b) for b in soup('button')]}")
    fields: dict[str, str] = {}
    for field in form.select("input[name], select[name], textarea[name]"):
        if field.get("type") in ("radio", "checkbox") and not field.has_attr("checked"):
            continue
        selected = field.select_one("option[selected]") if field.name == "select" else None
        fields[str(field["name"])] = str((selected or field).get("value", ""))
    for label in form.select("label"):
        text = label.select_one(".choice__name") or label
        if text.get_text(" ", strip=True) not in answers:
            continue
        target = form.find(id=str(label.get("for", ""))) or label.find(["input", "select"])
        if isinstance(target, Tag):
            value = answers[text.get_text(" ", strip=True)]
            fields[str(target["name"])] = str(target.get("value")) if value == "on" else value
    if chosen[0].get("name"):
        fields[str(chosen[0]["name"])] = str(chosen[0].get("value", ""))
    return http.post(str(form.get("action") or "/"), data=fields)


def _name(button: Tag) -> str:
    return str(button.get("aria-label") or button.get_text(" ", strip=True))


def run_lighthouse(url: str, cookies: dict[str, str], out: Path) -> dict[str, Any]:
    """One run of the pinned Lighthouse; its report (retried once: now and then a fresh
    chromium's first trace lacks its navigation start)."""
    cookie = "; ".join(f"{name}={value}" for name, value in cookies.items())
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={FLAGS}",
        f"--extra-headers={json.dumps({'Cookie': cookie})}",
    ]
    for attempt in (1, 2):
        done = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        lhr: dict[str, Any] = json.loads(out.read_text()) if out.is_file() else {}
        if done.returncode == 0 and lhr and not lhr.get("runtimeError"):
            return lhr
        say(f"  lighthouse failed (attempt {attempt}): {done.stderr.strip()[-300:]}")
    raise RuntimeError(f"lighthouse could not measure {url}")


def figure(lhr: dict[str, Any], name: str) -> float:
    """A category's score as shown (0-100), or an audit's numeric value."""
    if name.startswith("categories:"):
        return round(float(lhr["categories"][name.split(":")[1]]["score"] or 0) * 100)
    return float(lhr["audits"][name]["numericValue"])


def rows_for(
    page: str,
    lhrs: list[dict[str, Any]],
    budgets: dict[str, Any],
    against: tuple[str, list[dict[str, Any]]] | None = None,
) -> list[Row]:
    """Each budgeted figure's median beside its budget; with `against` (a ref's name and its
    reports), the ref's median beside it and the ratio of the two."""
    rows = []
    for name, (_, limit) in {**budgets["every page"], **budgets.get(page, {})}.items():
        values = [figure(lhr, name) for lhr in lhrs]
        median = statistics.median(values)
        if "minScore" in limit:
            budget = limit["minScore"] * 100
            met, unit, scale, places = median >= budget, "", 1, 0
        else:
            budget = limit["maxNumericValue"]
            met = median <= budget
            unit, scale, places = UNITS.get(name, ("", 1, 3))

        def show(value: float, unit: str = unit, scale: float = scale, places: int = places) -> str:
            return f"{value / scale:,.{places}f}{unit}"

        spread = f"runs {show(min(values))} to {show(max(values))}"
        rows.append(Row(f"{page} {name}", f"{show(median)} ({spread})", show(budget), met))
        if against:
            other, other_lhrs = against
            theirs = [figure(lhr, name) for lhr in other_lhrs]
            base = statistics.median(theirs)
            ratio = f"{median / base:.2f}" if base else "-"
            rows.append(
                Row(
                    f"{page} {name} at {other}",
                    f"{show(base)} (runs {show(min(theirs))} to {show(max(theirs))}); "
                    f"this tree / {other}: {ratio}",
                )
            )
    for lhr in lhrs[:1]:  # why a score is under 100, from the first run
        for category in (c for c in CATEGORIES if figure(lhr, f"categories:{c}") < 100):
            for ref in lhr["categories"][category]["auditRefs"]:
                audit = lhr["audits"][ref["id"]]
                if ref.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                    rows.append(Row(f"{page} {category} loses on", audit["title"]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("pages", nargs="*", help=f"of {', '.join(PAGES)} (default: all)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument("--keep", type=Path, help="keep the Lighthouse reports here")
    parser.add_argument(
        "--against", metavar="REF", help="also measure this commit, each run beside one of ours"
    )
    options = parser.parse_args(argv)
    pages = [p for p in options.pages if p != "all"] or list(PAGES)
    if unknown := set(pages) - set(PAGES):
        parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
    if not LIGHTHOUSE.is_file():
        parser.error("Lighthouse is not installed: run `make setup` (npm ci)")
    budgets = json.loads(BUDGETS.read_text())
    description = (
        f"make lighthouse {time.strftime('%Y-%m-%d %H:%M')}: Lighthouse mobile preset, "
        f"median of {options.runs} runs per page; {os.cpu_count()} CPUs, load average "
        f"{os.getloadavg()[0]:.2f} at the start"
    )
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as scratch:
        root = Path(scratch)
        reports = options.keep or root
        reports.mkdir(parents=True, exist_ok=True)
        say("migrating a throwaway database and building the assets")
        with serving(PROJECT, root / "this") as app, serving_ref(options.against, root) as ref:
            for page in pages:
                lhrs: list[dict[str, Any]] = []
                ref_lhrs: list[dict[str, Any]] = []
                for run in range(options.runs):
                    lhrs.append(measure(app, page, reports / f"{page}-{run}.json"))
                    if ref:
                        ref_lhrs.append(measure(ref, page, reports / f"{page}-{run}-ref.json"))
                say(f"{page}: {options.runs} runs done")
                against = (options.against, ref_lhrs) if options.against else None
                rows += rows_for(page, lhrs, budgets, against)
    return 0 if report(rows, description) else 1


def measure(origin: str, page: str, out: Path) -> dict[str, Any]:
    """One Lighthouse run of a page, in a session freshly walked to it."""
    return run_lighthouse(f"{origin}/", open_session(origin, page), out)


@contextmanager
def serving(tree: Path, scratch: Path) -> Iterator[str]:
    """The tree's app as `make serve` runs it, on its own throwaway database; its origin."""
    scratch.mkdir(parents=True)
    env = instances.production_env(
        database_url=f"sqlite:///{scratch / 'db.sqlite3'}",
        connect_url="",
        extra={"CONNECT_SANDBOX_ENABLED": "1", "DJANGO_STATIC_ROOT": str(scratch / "static")},
    )
    if tree == PROJECT:
        instances.migrate(env)
        instances.collect_static(env)
    else:
        # Another commit's tree is migrated and built by its own commands, from that tree.
        migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
        subprocess.run(migrate, cwd=tree, env=env, check=True, capture_output=True)
        build = {**env, "PYTHON": sys.executable}
        subprocess.run(["bin/build-assets"], cwd=tree, env=build, check=True, capture_output=True)
    app = instances.start_instance(scratch.name, env, scratch, cwd=tree)
    try:
        yield app.url
    finally:
        app.stop()


@contextmanager
def serving_ref(ref: str | None, scratch: Path) -> Iterator[str | None]:
    """REF checked out in a throwaway worktree (sharing this tree's node_modules) and served;
    nothing without a REF."""
    if not ref:
        yield None
        return
    tree = scratch / "ref"
    git = ["git", "-C", str(PROJECT)]
    subprocess.run([*git, "worktree", "add", "--detach", str(tree), ref], check=True)
    try:
        (tree / "node_modules").symlink_to(PROJECT / "node_modules")
        with serving(tree, scratch / "ref-app") as origin:
            yield origin
    finally:
        subprocess.run([*git, "worktree", "remove", "--force", str(tree)], check=False)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
