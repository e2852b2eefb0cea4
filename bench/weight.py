"""Bytes on the wire, as a browser that accepts gzip and brotli receives them.

A response's weight is its header block plus its body exactly as sent (compressed, if the server
compressed it): what the browser's network panel calls "transferred". Static files are fetched
the way the page references them (hashed names, served by WhiteNoise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from bench.load import Visitor, period_change_request, read_next_page

BROWSER_ENCODINGS = {"Accept-Encoding": "gzip, br"}
# Everything a first load fetches from the page itself: stylesheet, scripts, icon.
_ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


@dataclass(frozen=True)
class Transfer:
    """One response as it crossed the wire."""

    what: str
    status: int
    encoding: str  # Content-Encoding, or "identity"
    header_bytes: int
    body_bytes: int  # as sent
    decoded_bytes: int  # after decompression: what the browser parses

    @property
    def wire_bytes(self) -> int:
        return self.header_bytes + self.body_bytes


def _header_bytes(response: httpx.Response) -> int:
    """The status line and header block, as HTTP/1.1 puts them on the wire."""
    status_line = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    fields = sum(len(name) + len(value) + 4 for name, value in response.headers.raw)
    return status_line + fields + 2


def measure(http: httpx.Client, request: httpx.Request, what: str) -> tuple[Transfer, str]:
    """Send a request; count the body's bytes before httpx decompresses them. Also the text."""
    response = http.send(request, stream=True)
    try:
        raw = b"".join(response.iter_raw())
    finally:
        response.close()
    # Decoded by httpx's own decoders from the same bytes, per the Content-Encoding header.
    decoded = httpx.Response(response.status_code, headers=response.headers, content=raw)
    decoded.read()
    transfer = Transfer(
        what=what,
        status=response.status_code,
        encoding=response.headers.get("Content-Encoding", "identity"),
        header_bytes=_header_bytes(response),
        body_bytes=len(raw),
        decoded_bytes=len(decoded.content),
    )
    return transfer, decoded.text


def first_load(visitor: Visitor) -> list[Transfer]:
    """The dashboard's HTML and every static file it references, as a first visit loads them."""
    http = visitor.http
    page, html = measure(http, http.build_request("GET", "/", headers=BROWSER_ENCODINGS), "GET /")
    visitor.read_page(html)
    assets = [
        measure(http, http.build_request("GET", path, headers=BROWSER_ENCODINGS), path)[0]
        for path in dict.fromkeys(_ASSET.findall(html))
    ]
    return [page, *assets]


def period_change(visitor: Visitor) -> Transfer:
    """One htmx period change: the partial that replaces #app."""
    request = period_change_request(visitor, BROWSER_ENCODINGS)
    transfer, partial = measure(visitor.http, request, "POST /act (htmx partial)")
    read_next_page(visitor, partial)
    return transfer
