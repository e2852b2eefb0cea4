"""Error reports to Sentry (or any service that speaks its protocol), scrubbed before sending.

Nothing that identifies a customer or opens their session may leave: no connect token (in a
URL, a body, a header, a message or a breadcrumb), no cookie, no request body, no client
address, no local variables, and no values pydantic quotes from a page Connect sent (they can
hold a postal address).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

from connect_app.observability.logs import redact

if TYPE_CHECKING:
    from sentry_sdk.types import Event

SCRUBBED = "[scrubbed]"
# Keys whose values are secrets or personal data wherever they appear in an event.
_SECRET_KEYS = re.compile(r"(?i)token|cookie|authorization|csrf|session|secret|password|api_key")
# pydantic quotes the offending value in its messages: "input_value={'line1': '1 High St'...}".
_QUOTED_INPUT = re.compile(r"input_value=.*?(?=, input_type=|\]|$)", re.DOTALL)


def start_reporting(dsn: str, *, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub_event,
        before_breadcrumb=scrub_breadcrumb,
    )


def scrub_event(event: Event, hint: dict[str, Any]) -> Event:
    request = event.get("request")
    if isinstance(request, dict):
        # The entry URL's query string is the token itself; the rest is never needed.
        for part in ("query_string", "cookies", "data", "env"):
            request.pop(part, None)
        url = request.get("url")
        if isinstance(url, str):
            request["url"] = url.split("?", 1)[0]
    event.pop("user", None)
    return cast("Event", _scrub(event))


def scrub_breadcrumb(crumb: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any]:
    return cast(dict[str, Any], _scrub(crumb))


def _scrub(value: Any, key: str = "") -> Any:
    if key and _SECRET_KEYS.search(key):
        return SCRUBBED
    if isinstance(value, str):
        return _QUOTED_INPUT.sub("input_value=" + SCRUBBED, redact(value))
    if isinstance(value, dict):
        return {k: _scrub(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value
