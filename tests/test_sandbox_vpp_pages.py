"""The sandbox's VPP pages over its Connect endpoint: participation, leaving, payments, tariff."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from connect_sandbox.customers import DEMO_CUSTOMERS, DemoCustomer
from connect_sandbox.models import SandboxSession
from tests.factories import DOCUMENTED_STATES
from tests.test_sandbox_protocol import (
    TIMELINE_ENTRY_FIELDS,
    act,
    assert_error,
    call,
    current_month,
    mint,
    start,
)

pytestmark = pytest.mark.django_db

PROVIDER_LOGIN_URL = "http://testserver/sandbox/provider-login"
PROGRAMME_FIELDS = {
    "provider_id",
    "provider_display_name",
    "programme_id",
    "programme_display_name",
    "learn_more_url",
}
ENROLLED = [demo for demo in DEMO_CUSTOMERS if demo.is_enrolled]


def moment(stamp: str) -> dt.datetime:
    """An RFC 3339 UTC timestamp, which must end in "Z"."""
    assert stamp.endswith("Z"), stamp
    return dt.datetime.fromisoformat(stamp.removesuffix("Z") + "+00:00")


def open_page(client: Client, key: str, *actions: str) -> tuple[str, dict[str, Any]]:
    """A started session of `key`, moved on from its first page by `actions`."""
    token = mint(client, key)
    page = start(client, token)
    for action in actions:
        status, page = act(client, token, page["route"], action)
        assert status == 200, page
    return token, page


def restore(client: Client, token: str) -> dict[str, Any]:
    status, page = call(client, {"connect_token": token, "route": "session_restore"})
    assert status == 200, page
    return page


def assert_one_in_progress(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """The timeline runs COMPLETE…, one IN_PROGRESS, PENDING…; returns the IN_PROGRESS entry."""
    statuses = [entry["status"] for entry in timeline]
    assert statuses.count("IN_PROGRESS") == 1
    done = statuses.index("IN_PROGRESS")
    assert statuses == ["COMPLETE"] * done + ["IN_PROGRESS"] + ["PENDING"] * (
        len(statuses) - done - 1
    )
    for entry in timeline:
        assert set(entry) == TIMELINE_ENTRY_FIELDS
        assert entry["description"].endswith(".")
        moment(entry["expected_at"])
        if entry["status"] == "PENDING":
            assert entry["occurred_at"] is None
        else:
            moment(entry["occurred_at"])
    return timeline[done]


@pytest.mark.parametrize("demo", ENROLLED, ids=lambda c: c.key)
def test_participation_page_has_the_documented_shape(client: Client, demo: DemoCustomer) -> None:
    _, page = open_page(client, demo.key, "MANAGE_PARTICIPATION")
    assert page["route"] == "vpp_participation"
    data = page["data"]
    assert set(data) == {
        "programme",
        "timezone",
        "currency_code",
        "current_state",
        "control_active",
        "telemetry_active",
        "suspension_reasons",
        "participation_state",
    }
    assert set(data["programme"]) == PROGRAMME_FIELDS
    assert (data["timezone"], data["currency_code"]) == (demo.timezone, demo.currency_code)
    assert data["current_state"] in DOCUMENTED_STATES
    current = assert_one_in_progress(data["participation_state"])
    assert current["state"] == data["current_state"]
    assert {entry["state"] for entry in data["participation_state"]} <= set(DOCUMENTED_STATES)
    assert data["control_active"] is (data["current_state"] == "ACTIVE")
    may_leave = data["current_state"] in {"ACTIVE", "SUSPENDED"}
    assert page["actions"] == (["LEAVE_PROGRAMME"] if may_leave else []) + ["BACK", "CLOSE"]
    if data["current_state"] != "SUSPENDED":
        assert data["suspension_reasons"] == []


def test_suspended_customer_has_lost_telemetry(client: Client) -> None:
    _, page = open_page(client, "suspended", "MANAGE_PARTICIPATION")
    data = page["data"]
    assert data["current_state"] == "SUSPENDED"
    assert data["telemetry_active"] is False and data["control_active"] is False
    assert data["suspension_reasons"] == ["AWAITING_TELEMETRY"]
    assert data["participation_state"][-1]["suspension_reasons"] == ["AWAITING_TELEMETRY"]
    assert all(entry["suspension_reasons"] == [] for entry in data["participation_state"][:-1])


def test_the_enrolling_timeline_is_out_of_date_order_on_purpose(client: Client) -> None:
    """A re-planned step: the app must show array order, so the sandbox does not sort."""
    _, page = open_page(client, "enrolling", "MANAGE_PARTICIPATION")
    timeline = page["data"]["participation_state"]
    assert_one_in_progress(timeline)
    pending_expected = [moment(e["expected_at"]) for e in timeline if e["status"] == "PENDING"]
    complete_occurred = [moment(e["occurred_at"]) for e in timeline if e["status"] == "COMPLETE"]
    assert min(pending_expected) < max(complete_occurred)
    by_date = sorted(timeline, key=lambda e: moment(e["occurred_at"] or e["expected_at"]))
    assert by_date != timeline


def test_leaving_needs_an_explicit_confirmation(client: Client) -> None:
    token, page = open_page(client, "active", "MANAGE_PARTICIPATION", "LEAVE_PROGRAMME")
    assert page["route"] == "vpp_leave_action"
    assert page["actions"] == ["CONFIRM_LEAVE", "BACK", "CLOSE"]
    data = page["data"]
    assert set(data) == {
        "programme",
        "timezone",
        "currency_code",
        "consequences",
        "notice_period_days",
        "final_payment_date",
    }
    assert 2 <= len(data["consequences"]) <= 4
    # Each point has a code for a client to say it in its own words, and English beside it.
    assert [point["code"] for point in data["consequences"]] == [
        "DISPATCH_ENDS",
        "FINAL_PAYMENT",
        "REJOIN_LATER",
    ]
    assert "Community Powershare" in data["consequences"][0]["description"]
    assert data["notice_period_days"] == 14
    final_payment = dt.date.fromisoformat(data["final_payment_date"])
    assert final_payment.day == 7 and final_payment > dt.date.today()
    for refused in [None, {}, {"confirmed": False}, {"confirmed": "yes"}, {"confirmed": 1}]:
        status, reply = act(client, token, "vpp_leave_action", "CONFIRM_LEAVE", refused)
        assert status == 400, refused
        assert_error(reply, code="data_json_invalid", route="vpp_leave_action", token=token)
        assert reply["message"] == "Confirm that you want to leave."
    assert SandboxSession.objects.get(token=token).leave_requested_at is None
    assert restore(client, token) == page


def test_confirming_leave_shows_progress_and_the_session_is_leaving(client: Client) -> None:
    token, _ = open_page(client, "active", "MANAGE_PARTICIPATION", "LEAVE_PROGRAMME")
    before = timezone.now().replace(microsecond=0)
    confirmed = {"confirmed": True}
    status, page = act(client, token, "vpp_leave_action", "CONFIRM_LEAVE", confirmed)
    assert status == 200
    assert page["route"] == "vpp_leave_progress"
    assert page["actions"] == ["BACK", "CLOSE"]
    data = page["data"]
    assert set(data) == {
        "programme",
        "timezone",
        "currency_code",
        "status",
        "requested_at",
        "expected_completion_at",
        "next_steps",
        "participation_state",
    }
    assert data["status"] == "UNENROLMENT_REQUESTED"
    requested = moment(data["requested_at"])
    assert requested >= before
    assert moment(data["expected_completion_at"]) == requested + dt.timedelta(days=14)
    assert [step["code"] for step in data["next_steps"]] == [
        "DISPATCH_UNTIL_NOTICE_ENDS",
        "FINAL_PAYMENT",
        "EMAIL_WHEN_LEFT",
    ]
    assert all(step["description"].endswith(".") for step in data["next_steps"])
    timeline = data["participation_state"]
    assert [(e["state"], e["status"]) for e in timeline] == [
        ("UNENROLMENT_REQUESTED", "IN_PROGRESS"),
        ("WINDING_DOWN", "PENDING"),
        ("UNENROLLED", "PENDING"),
    ]
    # The confirmation is not stacked: BACK shows participation, now leaving and final.
    status, participation = act(client, token, "vpp_leave_progress", "BACK")
    assert participation["route"] == "vpp_participation"
    assert participation["actions"] == ["BACK", "CLOSE"]
    assert participation["data"]["current_state"] == "UNENROLMENT_REQUESTED"
    assert participation["data"]["control_active"] is False
    states = [e["state"] for e in participation["data"]["participation_state"]]
    assert states[-4:] == ["ACTIVE", "UNENROLMENT_REQUESTED", "WINDING_DOWN", "UNENROLLED"]
    assert_one_in_progress(participation["data"]["participation_state"])
    status, summary = act(client, token, "vpp_participation", "BACK")
    assert summary["route"] == "vpp_summary"
    assert summary["programme"]["participation_state"] == "UNENROLLING"
    # The leave belongs to this session, not to the shared demo customer.
    other = start(client, mint(client, "active"))
    assert other["programme"]["participation_state"] == "ACTIVE"


def test_a_leave_request_winds_down_after_a_few_minutes(client: Client) -> None:
    token, _ = open_page(client, "suspended", "MANAGE_PARTICIPATION", "LEAVE_PROGRAMME")
    act(client, token, "vpp_leave_action", "CONFIRM_LEAVE", {"confirmed": True})
    SandboxSession.objects.filter(token=token).update(
        leave_requested_at=timezone.now() - dt.timedelta(minutes=6)
    )
    data = restore(client, token)["data"]
    assert data["status"] == "WINDING_DOWN"
    assert [e["status"] for e in data["participation_state"]] == [
        "COMPLETE",
        "IN_PROGRESS",
        "PENDING",
    ]


def test_payments_round_trip_opens_the_history_and_back_returns(client: Client) -> None:
    token = mint(client, "active")
    start(client, token)
    previous = current_month("active").previous()
    period = {"period_type": "MONTH", "period_start": previous.start.isoformat()}
    _, summary = act(client, token, "vpp_summary", "CHANGE_PERIOD", period)
    status, away = act(client, token, "vpp_summary", "MANAGE_PAYMENTS")
    assert away["route"] == "session_redirect"
    history = restore(client, token)
    assert history["route"] == "vpp_payment_history"
    assert history["actions"] == ["BACK", "CLOSE"]
    data = history["data"]
    assert set(data) == {
        "programme",
        "timezone",
        "currency_code",
        "payments",
        "payment_method",
        "support",
    }
    assert data["payment_method"] == {
        "type": "BANK_ACCOUNT",
        "masked": data["payment_method"]["masked"],
    }
    assert data["payment_method"]["masked"].startswith("•••• ")
    assert data["support"]["email"] == "payments@leap.example"
    assert data["support"]["reference"].startswith("LEAP-")
    payments = data["payments"]
    assert payments
    dates = [dt.date.fromisoformat(p["payment_date"]) for p in payments]
    assert dates == sorted(dates, reverse=True), "newest first"
    assert [p["status"] for p in payments].count("PENDING") == 1
    assert payments[0]["status"] == "PENDING"
    assert len({p["id"] for p in payments}) == len(payments)
    for payment in payments:
        assert set(payment) == {
            "id",
            "payment_date",
            "period_start",
            "period_end",
            "amount",
            "status",
        }
        assert payment["id"].startswith("pay_")
        assert payment["status"] in {"PAID", "PENDING", "FAILED"}
        assert round(payment["amount"], 2) == payment["amount"]
        start_day = dt.date.fromisoformat(payment["period_start"])
        assert start_day.day == 1
        assert dt.date.fromisoformat(payment["period_end"]) >= start_day
    # A restore again is just this page: the trip to the billing page is over.
    assert restore(client, token) == history
    status, back = act(client, token, "vpp_payment_history", "BACK")
    assert back == summary


def test_an_enrolling_customer_has_no_payments_yet(client: Client) -> None:
    token, _ = open_page(client, "enrolling", "MANAGE_PAYMENTS")
    history = restore(client, token)
    assert history["route"] == "vpp_payment_history"
    assert history["data"]["payments"] == []
    assert history["data"]["currency_code"] == "USD"


def test_a_customer_who_left_can_rejoin_from_the_payments(client: Client) -> None:
    token, _ = open_page(client, "unenrolled", "MANAGE_PAYMENTS")
    history = restore(client, token)
    assert history["actions"] == ["REJOIN_PROGRAMME", "BACK", "CLOSE"]
    status, landing = act(client, token, "vpp_payment_history", "REJOIN_PROGRAMME")
    assert status == 200
    assert landing["route"] == "vpp_landing"
    [programme] = landing["data"]["programmes"]
    assert programme["subscription_status"] == "LEFT"
    status, back = act(client, token, "vpp_landing", "BACK")
    assert back == history


def test_the_provider_login_page_returns_to_the_app_with_the_token(client: Client) -> None:
    response = client.get("/sandbox/provider-login", {"fp_cot": "cot_sandbox_abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sign in to your energy supplier (sandbox)" in html
    assert 'href="/?fp_cot=cot_sandbox_abc">Continue</a>' in html
    # The sign-in can also be made to fail, for the connection_failed branch.
    assert 'action="/sandbox/provider-login/failed"' in html
    assert 'name="fp_cot" value="cot_sandbox_abc"' in html
    assert "no-store" in response["Cache-Control"]
