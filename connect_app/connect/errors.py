"""The failures of a Connect call, each with a message that is safe to show a customer."""

from __future__ import annotations


class ConnectError(Exception):
    """Base of every Connect failure; `message` is written for the customer."""

    kind = "error"
    message = "Something went wrong while talking to your energy programme."

    def __init__(self, detail: str = "", *, status: int | None = None) -> None:
        # `detail` is for logs only (never the token); the customer sees `message`.
        super().__init__(detail or self.message)
        self.detail = detail
        self.status = status


class ConnectUnavailable(ConnectError):
    """Timeout, refused connection, a 5xx without an error object, or a body that is not JSON."""

    kind = "unavailable"
    message = "Connect is unavailable right now. Your details are safe; please try again."


class ConnectUnreadable(ConnectError):
    """A JSON reply that is not a page we can read (wrong shape, wrong types, too large)."""

    kind = "unreadable"
    message = "Connect sent something we could not read. Please try again in a moment."


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
    ) -> None:
        super().__init__(f"code={code or '-'} type={error_type or '-'}", status=status)
        self.code = code
        self.error_type = error_type
        self.message = message.strip() or "Connect could not complete that request."


class TokenExpired(ConnectRejected):
    """The session's token has expired; nothing more can be sent with it."""

    kind = "token_expired"
