"""What every page builder shares: the render context and the action buttons."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.utils.translation import gettext_lazy as _

from connect_app.connect.replies import Page
from connect_app.formatting import humanise

if TYPE_CHECKING:
    from connect_app.connect.vpp_payloads import Participation

# Plain words for the actions a homeowner may meet; anything else is humanised from its code.
# Module-level, so lazily translated: each is looked up in the language of the request.
ACTION_LABELS = {
    "CONNECT_TARIFF": _("Connect tariff"),
    "PROVIDER_MISSING": _("My provider is not listed"),
    "TARIFF_MISSING": _("My tariff is not listed"),
    "ADDRESS_CHANGE": _("Change address"),
    "MANAGE_PAYMENTS": _("Manage payments"),
    "MANAGE_PARTICIPATION": _("Manage participation"),
    "CHANGE_PERIOD": _("Change period"),
    "LEAVE_PROGRAMME": _("Leave programme"),
    "REJOIN_PROGRAMME": _("Rejoin programme"),
    # The tariff pages' own actions (Part B §6.1).
    "EDIT": _("Start again"),
    "DISCONNECT": _("Disconnect tariff"),
    "WRONG_TARIFF": _("This is the wrong tariff"),
    "RECONNECT": _("Try connecting again"),
    "DISMISS_DIRECT": _("Enter my tariff myself"),
    # Translators: a button that goes back one step in the programme's pages.
    "BACK": _("Back"),
    # Translators: a button that leaves the programme's pages and returns to the energy app.
    "CLOSE": _("Close"),
}


# The colour family of a status badge; templates map each to a badge--<tone> class.
Tone = Literal["good", "progress", "warning", "bad", "neutral"]


class ReadByTemplates:
    """A view-model the template engine reads without an exception for every name.

    Django's engine reads `vm.name` by trying `vm["name"]` first and `vm.name` only once that
    has raised: a plain dataclass raises (and the engine catches) a TypeError for each name a
    template shows, 0.2 M instructions for the period view's fifty. Read by name here,
    the attribute is found at the first try; a name the view does not have still fails as it
    did (AttributeError, caught, then the engine's own getattr and index fail too).
    """

    __slots__ = ()
    # Not a sequence: reading by name must not make a view iterable through __getitem__.
    __iter__ = None

    def __getitem__(self, name: str) -> Any:
        return getattr(self, name)


@dataclass(frozen=True)
class RenderContext:
    """What a page builder may know besides the payload: the reader's locale and the time."""

    locale: str
    now: dt.datetime  # aware
    # The programme's zone as last seen on a summary page, for pages that do not say theirs.
    time_zone: str = "UTC"
    # The participation from Flatpeak's REST API, when look-ups are configured and succeed.
    participation: Participation | None = None
    # What the customer typed into a list's search box (provider_select without JavaScript).
    search: str = ""

    def today(self) -> dt.date:
        """Today in the programme's zone (a contract cannot end before it)."""
        return self.now.astimezone(self.zone()).date()

    def zone(self, stated: str | None = None) -> ZoneInfo:
        """The zone a page states, else the programme's, else UTC."""
        for name in (stated, self.time_zone):
            if name:
                try:
                    return ZoneInfo(name)
                except (ZoneInfoNotFoundError, ValueError):
                    continue
        return ZoneInfo("UTC")


@dataclass(frozen=True)
class ActionButton:
    action: str
    label: str
    emphasis: Literal["primary", "secondary", "quiet"] = "secondary"


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action) or humanise(action))


def action_buttons(
    page: Page, *, exclude: frozenset[str] = frozenset(), primary: str | None = None
) -> tuple[ActionButton, ...]:
    """The page's offered actions as buttons, then Back and Close, which are always allowed."""
    ordered = [a for a in page.actions if a not in ("BACK", "CLOSE")] + ["BACK", "CLOSE"]
    buttons = []
    for action in ordered:
        if action in exclude:
            continue
        emphasis: Literal["primary", "secondary", "quiet"] = (
            "primary"
            if action == primary
            else "quiet"
            if action in ("BACK", "CLOSE")
            else "secondary"
        )
        buttons.append(ActionButton(action, action_label(action), emphasis))
    return tuple(buttons)
