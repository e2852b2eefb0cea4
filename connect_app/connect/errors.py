"""The failures of a Connect call, each with a message that is safe to show a customer.

Our own messages are lazy: an error is raised in one request and its notice shown in a later
one, so they are put into words when shown, in the language of the page that shows them.
An error object's `code` is said in our own words (A7); what Connect itself says (its
`message`) is shown only for a code we do not know, below a general sentence of ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class ConnectError(Exception):
    """Base of every Connect failure; `message` is written for the customer."""

    kind = "error"
    message: str | Promise = _("Something went wrong while talking to your energy programme.")

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        # `detail` is for logs only (never the token); the customer sees `message`.
        super().__init__(detail or str(self.message))
        self.detail = detail
        self.status = status


class ConnectUnavailable(ConnectError):
    """Timeout, refused connection, a 5xx without an error object, or a body that is not JSON."""

    kind = "unavailable"
    message = _(
        "We couldn't reach your energy programme just now. Nothing was lost; please try again."
    )


class ConnectUnreadable(ConnectError):
    """A JSON reply that is not a page we can read (wrong shape, wrong types, too large)."""

    kind = "unreadable"
    message = _(
        "Your energy programme sent something we couldn't read. Please try again in a moment."
    )


class ConnectRejected(ConnectError):
    """An error object (`"object": "error"`) from Connect, whatever the HTTP status (A7)."""

    kind = "rejected"

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        error_type: str = "",
        status: int | None = None,
        request_id: str = "",
    ) -> None:
        super().__init__(f"code={code or '-'} type={error_type or '-'}", status=status)
        self.code = code
        self.error_type = error_type
        # Connect's own id for the failed request, for the integrator to quote to Flatpeak.
        self.request_id = request_id
        # Connect's own words, as sent; shown only when the code is not one we know.
        self.sent = message.strip()
        self.message = rejection(self.known_as, self.sent).text

    @property
    def known_as(self) -> str:
        """The code our words are found by: Connect's code, else its type (rate_limit, ...)."""
        if self.code.strip().lower() not in CODE_MESSAGES and self.error_type in CODE_MESSAGES:
            return self.error_type
        return self.code

    @property
    def transient(self) -> bool:
        """Connect failed or is busy (api_error, rate_limit), rather than refusing the request."""
        busy = self.status is not None and (self.status >= 500 or self.status == 429)
        return busy or self.error_type in ("api_error", "rate_limit")


class TokenExpired(ConnectRejected):
    """The session's token has expired; nothing more can be sent with it."""

    kind = "token_expired"


# How a call ended, as the metrics and the log call it.
OUTCOMES: dict[str, str] = {
    ConnectError.kind: "error",
    ConnectUnavailable.kind: "unavailable",
    ConnectUnreadable.kind: "unreadable",
    ConnectRejected.kind: "rejected",
    TokenExpired.kind: "expired",
}


# Our own words for each kind of failure, for a notice stored by kind and shown later.
OWN_MESSAGES: dict[str, str | Promise] = {
    error.kind: error.message for error in (ConnectError, ConnectUnavailable, ConnectUnreadable)
}

# Said for an error code we do not know, above what Connect sent with it.
GENERAL_REFUSAL = _("Your energy programme could not do that.")
_LINK_NOT_RECOGNISED = _("Your energy programme does not recognise this link.")
_NOT_FROM_THIS_PAGE = _("That can no longer be done from this page. Please try again.")
_NOT_ACCEPTED = _("Your energy programme could not accept that. Please try again.")
_BANDS = _("Your price bands must cover the whole day, with no gaps.")
_BAND_TIMES = _("Enter each band's start and end as a time of day.")

# Connect's documented error codes (and the error types that stand for one) in our words.
# Codes that name a tariff form's field are said as that field's own check says them.
CODE_MESSAGES: dict[str, Promise] = {
    "token_expired": _(
        "Your session has expired. Open your battery earnings again from your energy app."
    ),
    "token_invalid": _LINK_NOT_RECOGNISED,
    "connect_token_invalid": _LINK_NOT_RECOGNISED,
    "token_missing": _LINK_NOT_RECOGNISED,
    "rate_limit": _("Your energy programme is busy right now. Wait a moment, then try again."),
    "api_error": _("Something went wrong at your energy programme. Please try again in a moment."),
    "unexpected_error": _(
        "Something went wrong at your energy programme. Please try again in a moment."
    ),
    "gateway_timeout": _("Your energy programme took too long to answer. Please try again."),
    "account_disabled": _(
        "Your account with this energy programme is switched off. Contact the programme for help."
    ),
    "action_invalid": _NOT_FROM_THIS_PAGE,
    "action_missing": _NOT_FROM_THIS_PAGE,
    "route_missing": _NOT_FROM_THIS_PAGE,
    "data_json_invalid": _NOT_ACCEPTED,
    "request_invalid": _NOT_ACCEPTED,
    "method_not_allowed": _NOT_ACCEPTED,
    "pending_connect": _("Your tariff is still being connected. Try again in a few minutes."),
    "no_tariff_connected": _("No electricity tariff is connected yet."),
    "no_price_data": _("Your tariff's prices are not available yet. Try again later."),
    "address_line1_missing": _("Enter the first line of your address."),
    "city_missing": _("Enter your city or town."),
    "post_code_missing": _("Enter your post code."),
    "country_code_missing": _("Choose your country."),
    "country_code_invalid": _("Choose your country from the list."),
    "geo_location_not_found": _("We could not find that address. Check it and try again."),
    "provider_invalid": _("Choose your energy provider, or say it is not listed."),
    "provider_name_missing": _("Enter the name of your energy provider."),
    "tariff_invalid": _("Choose your tariff, or say it is not listed."),
    "tariff_name_missing": _("Enter the name of your tariff."),
    "option_invalid": _("Choose how your prices work."),
    "option_not_supported": _("Choose how your prices work."),
    "cost_value_zero": _("Enter a price above zero."),
    "cost_value_negative": _("The price cannot be negative."),
    "valid_from_invalid": _BAND_TIMES,
    "valid_to_invalid": _BAND_TIMES,
    "gap_in_time_period": _BANDS,
    "incomplete_time_period": _BANDS,
    "region_invalid": _("Choose your region."),
    "contract_end_date_invalid": _("Enter the date your contract ends, or choose “No end date”."),
}


@dataclass(frozen=True)
class Refusal:
    """What a refusal says: our sentence, and below it Connect's own words if the code is new."""

    ours: str
    sent: str = ""

    @property
    def text(self) -> str:
        """Both as one text, for a message that has one line (a form field's error)."""
        return f"{self.ours} {self.sent}" if self.sent else self.ours


def rejection(code: str, sent: str) -> Refusal:
    """An error object in our words: its code's sentence, else ours in general and Connect's."""
    known = CODE_MESSAGES.get(code.strip().lower())
    if known is not None:
        return Refusal(str(known))
    return Refusal(str(GENERAL_REFUSAL), sent)


def notice_text(kind: str, stored: str, code: str = "") -> Refusal:
    """A stored notice in the words of the language active now."""
    own = OWN_MESSAGES.get(kind)
    if own is not None:
        return Refusal(str(own))
    return rejection(code, stored)
