"""Failures of a Flatpeak REST call. None of them is ever shown to a customer as an error:
the dashboard simply goes without the details the look-up would have added."""

from __future__ import annotations


class ApiError(Exception):
    def __init__(self, detail: str, *, status: int | None = None, code: str = "") -> None:
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.code = code


class ApiUnavailable(ApiError):
    """Timeout, refused connection, 5xx, or a body that is not JSON."""


class ApiRejected(ApiError):
    """A 4xx answer (401 after a fresh login, 404, 429 ...), usually with an error object."""


class ApiUnreadable(ApiError):
    """JSON that does not have the shape the endpoint documents."""
