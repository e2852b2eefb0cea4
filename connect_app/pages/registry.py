"""Which template and builder render each kind of Connect page; anything else is generic (A9)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from connect_app.connect.pages import Page
from connect_app.pages import (
    generic,
    vpp_landing,
    vpp_leave,
    vpp_participation,
    vpp_payment_history,
    vpp_summary,
)
from connect_app.pages.common import RenderContext
from connect_app.pages.recognise import Kind, kind_of

Builder = Callable[[Page, RenderContext], Any]

PLANS: dict[Kind, tuple[str, Builder]] = {
    "vpp_summary": ("connect_app/vpp_summary.html", vpp_summary.build),
    "vpp_landing": ("connect_app/vpp_landing.html", vpp_landing.build),
    "participation": ("connect_app/vpp_participation.html", vpp_participation.build),
    "payment_history": ("connect_app/vpp_payment_history.html", vpp_payment_history.build),
    "leave_confirmation": ("connect_app/vpp_leave_action.html", vpp_leave.build_confirmation),
    "leave_progress": ("connect_app/vpp_leave_progress.html", vpp_leave.build_progress),
    "generic": ("connect_app/generic.html", generic.build),
}


def render_plan(page: Page, ctx: RenderContext) -> tuple[str, Any]:
    """The template name and view-model for a page.

    A page whose payload does not fit its model still renders, generically (A9): a route
    recognised by shape may be a different page that merely looks alike.
    """
    template, builder = PLANS[kind_of(page)]
    try:
        return template, builder(page, ctx)
    except ValidationError:
        template, builder = PLANS["generic"]
        return template, builder(page, ctx)
