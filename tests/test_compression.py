"""Answers compressed at the app's level, padded against BREACH (connect_app.middleware)."""

from __future__ import annotations

import gzip
from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.test import RequestFactory

from connect_app.middleware import GZipMiddleware

PAGE = ("<p>What your battery earned, day by day.</p>" * 100).encode()


def answered(response: HttpResponseBase, accept: str = "gzip") -> Any:
    request: HttpRequest = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return GZipMiddleware(lambda _: response)(request)


def test_a_page_is_compressed_and_reads_back_the_same() -> None:
    answer = answered(HttpResponse(PAGE))
    assert answer["Content-Encoding"] == "gzip"
    assert answer["Vary"] == "Accept-Encoding"
    assert int(answer["Content-Length"]) == len(answer.content) < len(PAGE) / 5
    assert gzip.decompress(answer.content) == PAGE


def test_the_compressed_length_varies_so_it_gives_no_secret_away() -> None:
    lengths = {len(answered(HttpResponse(PAGE)).content) for _ in range(20)}
    assert len(lengths) > 1


@pytest.mark.parametrize("accept", ["", "identity", "br"])
def test_a_browser_that_takes_no_gzip_gets_the_page_as_it_is(accept: str) -> None:
    answer = answered(HttpResponse(PAGE), accept)
    assert "Content-Encoding" not in answer
    assert answer.content == PAGE


def test_short_and_streamed_answers_go_django_s_way() -> None:
    assert "Content-Encoding" not in answered(HttpResponse(b"ok"))
    streamed = answered(StreamingHttpResponse(iter([PAGE])))
    assert streamed["Content-Encoding"] == "gzip"
    assert gzip.decompress(b"".join(streamed.streaming_content)) == PAGE
