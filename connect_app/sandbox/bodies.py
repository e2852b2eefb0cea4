"""Reading a request's JSON body, for the Connect endpoint and the REST stand-in alike."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest

NOT_JSON = object()


def json_body(request: HttpRequest) -> Any:
    """The decoded JSON body, or NOT_JSON."""
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError, RequestDataTooBig):
        return NOT_JSON
