"""The failures of a Connect call, each with a message that is safe to show a customer.

Our own messages are lazy: an error is raised in one request and its notice shown in a later
one, so they are put into words when shown, in the language of the page that shows them.
What Connect itself says (an error object's `message`) is shown as sent.
"""

from __future__ import annotations

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
    message = _("Connect is unavailable right now. Your details are safe; please try again.")


class ConnectUnreadable(ConnectError):
    """A JSON reply that is not a page we can read (wrong shape, wrong types, too large)."""

    kind = "unreadable"
    message = _("Connect sent something we could not read. Please try again in a moment.")


class ConnectRejected(ConnectError):
    """An error object (`"object": "error"`) from Connect, whatever the HTTP status (A7)."""

    kind = "rejected"
    # When Connect's error object carries no message of its own.
    UNEXPLAINED = _("Connect could not complete that request.")

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
        # Connect's own words, shown as sent; empty when it sent none.
        self.sent = message.strip()
        self.message = self.sent or self.UNEXPLAINED

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


def notice_text(kind: str, stored: str) -> str:
    """A stored notice in the words of the language active now (Connect's own as sent)."""
    own = OWN_MESSAGES.get(kind)
    if own is not None:
        return str(own)
    return stored or str(ConnectRejected.UNEXPLAINED)
