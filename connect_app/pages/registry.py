"""Which template and builder render each Connect route; everything else is generic (A9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connect_app.connect.pages import Page
from connect_app.pages import generic, vpp_landing, vpp_summary
from connect_app.pages.common import RenderContext

Builder = Callable[[Page, RenderContext], Any]

ROUTES: dict[str, tuple[str, Builder]] = {
    "vpp_summary": ("connect_app/vpp_summary.html", vpp_summary.build),
    "vpp_landing": ("connect_app/vpp_landing.html", vpp_landing.build),
}
GENERIC = ("connect_app/generic.html", generic.build)


def render_plan(page: Page, ctx: RenderContext) -> tuple[str, Any]:
    """The template name and view-model for a page."""
    template, builder = ROUTES.get(page.route, GENERIC)
    return template, builder(page, ctx)
