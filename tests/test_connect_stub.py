"""The Connect stub the tests and the bench share: its dashboards, latency, calls and forwarding.

Over real HTTP on loopback; no Django, no app. The fault replies are exercised by the tests that
use them (test_fault_matrix.py and others).
"""

from __future__ import annotations

import time

import httpx

from support.connect_stub import Reply, StubConnect, forwarded_to, vpp_summary_reply


def _change_period(http: httpx.Client, url: str, token: str, start: str) -> httpx.Response:
    body = {
        "connect_token": token,
        "route": "vpp_summary",
        "action": "CHANGE_PERIOD",
        "data": {"period_type": "MONTH", "period_start": start},
    }
    return http.post(url, json=body)


def test_the_dashboard_follows_the_period_asked_for_the_same_data_each_time() -> None:
    with StubConnect(keep_alive=True, always=vpp_summary_reply) as connect, httpx.Client() as http:
        first = http.post(connect.url, json={"connect_token": "cot_a", "route": "session_start"})
        january = _change_period(http, connect.url, "cot_a", "2025-01-01").json()
        again = _change_period(http, connect.url, "cot_b", "2025-01-01").json()
    assert first.json()["performance"]["period_start"] == "2025-02-01"
    performance = january["performance"]
    assert (performance["period_start"], performance["period_end"]) == ("2025-01-01", "2025-01-31")
    assert performance["series"] and performance["series"] == again["performance"]["series"]
    earnings = sum(entry["earnings"] for entry in performance["series"])
    assert abs(performance["earnings"] - earnings) < 0.005
    assert january["connect_token"] == "cot_a"
    assert connect.kinds("cot_a") == {"session_start": 1, "CHANGE_PERIOD": 1}
    assert [call.kind for call in connect.calls("cot_b")] == ["CHANGE_PERIOD"]


def test_every_reply_waits_for_the_latency_on_a_connection_kept_alive() -> None:
    with (
        StubConnect(latency_s=0.2, keep_alive=True, always=vpp_summary_reply) as connect,
        httpx.Client() as http,
    ):
        began = time.perf_counter()
        for _ in range(2):
            assert _change_period(http, connect.url, "cot_a", "2025-01-01").status_code == 200
        took = time.perf_counter() - began
        answer = _change_period(http, connect.url, "cot_a", "2025-01-01")
    assert 0.4 <= took < 1.0
    assert answer.headers.get("connection") != "close"
    assert answer.http_version == "HTTP/1.1"


def test_a_token_missing_is_refused_and_queued_replies_come_first() -> None:
    with StubConnect(always=vpp_summary_reply) as connect, httpx.Client() as http:
        connect.reply(Reply(status=502, body=b"<html>", content_type="text/html"))
        assert http.post(connect.url, json={"connect_token": "cot_a"}).status_code == 502
        assert http.post(connect.url, json={"route": "session_start"}).status_code == 401


def test_forwarding_passes_the_body_on_and_the_answer_back() -> None:
    with (
        StubConnect(always=Reply.json({"route": "tariff_summary"}, status=201)) as upstream,
        StubConnect(latency_s=0.05, always=forwarded_to(upstream.url)) as connect,
    ):
        answer = httpx.post(connect.url, json={"connect_token": "cot_a", "route": "x"})
    assert (answer.status_code, answer.json()) == (201, {"route": "tariff_summary"})
    assert [request.body for request in upstream.requests] == [
        {"connect_token": "cot_a", "route": "x"}
    ]
