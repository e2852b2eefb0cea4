"""The chart's box has its final size in the stylesheet, before any script runs.

dashboard.js draws the first chart after the first paint; if the box only got its height then
(or were hidden until drawn), everything below it would move: the layout shift the phone
budget forbids. The browser tests see the outcome; this holds the rules that guarantee it.
"""

from __future__ import annotations

import re
from pathlib import Path

APP_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "app.css"


def _rules(css: str) -> list[tuple[str, str, str]]:
    """(enclosing at-rule or "", selector, declarations) for every rule; comments dropped."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    found: list[tuple[str, str, str]] = []
    context: list[str] = []
    buffer = ""
    for char in css:
        if char == "{":
            context.append(buffer.strip())
            buffer = ""
        elif char == "}":
            selector = context.pop() if context else ""
            if buffer.strip():
                at_rule = next((c for c in reversed(context) if c.startswith("@")), "")
                found.append((at_rule, selector, buffer.strip()))
            buffer = ""
        else:
            buffer += char
    return found


def _declarations(body: str) -> dict[str, str]:
    pairs = (d.split(":", 1) for d in body.split(";") if ":" in d)
    return {name.strip(): value.strip() for name, value in pairs}


def test_the_chart_frame_has_a_fixed_height_on_phones_and_wider_screens() -> None:
    heights = {
        at: _declarations(body).get("height")
        for at, selector, body in _rules(APP_CSS.read_text())
        if selector == ".chart__frame" and "height" in _declarations(body)
    }
    assert heights.get("") == "14rem", heights
    assert heights.get("@media (min-width: 40rem)") == "18rem", heights


def test_only_a_browser_without_scripts_or_paper_hides_or_resizes_the_frame() -> None:
    for at, selector, body in _rules(APP_CSS.read_text()):
        # The performance chart's figure, frame and legend (not other charts' modified frames).
        if not re.search(r"\.chart(__frame|__legend)?(?![\w-])", selector):
            continue
        if at in ("@media (scripting: none)",) or at.startswith("@media print"):
            continue
        declarations = _declarations(body)
        assert declarations.get("display") != "none", (at, selector)
        assert "is-drawn" not in selector, f"{selector}: the box must not wait for the chart"
        if selector != ".chart__frame" and re.search(r"\.chart__frame(?![\w-])", selector):
            # Only the canvas inside may size itself, and only to fill the frame.
            sizes = {k: v for k, v in declarations.items() if k.endswith("height")}
            assert all(v.startswith("100%") for v in sizes.values()), (selector, sizes)


def test_without_scripts_the_figures_table_is_the_chart() -> None:
    hidden = {
        selector.strip()
        for at, selectors, body in _rules(APP_CSS.read_text())
        if at == "@media (scripting: none)" and _declarations(body).get("display") == "none"
        for selector in selectors.split(",")
    }
    assert {".chart__frame", ".chart__legend"} <= hidden
