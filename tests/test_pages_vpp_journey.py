"""Builders of the pages around the dashboard: landing, participation, payments, leaving."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from connect_app.connect.kinds import kind_of, needs_confirmation
from connect_app.connect.replies import Page
from connect_app.connect.vpp_payloads import Participation
from connect_app.pages import lifecycle, vpp_landing, vpp_leave, vpp_participation
from connect_app.pages import vpp_payment_history as payments
from connect_app.pages.common import RenderContext
from connect_app.routes import render
from tests.factories import DOCUMENTED_STATES, page_reply

CTX = RenderContext(locale="en", now=dt.datetime(2025, 3, 1, tzinfo=dt.UTC), time_zone="UTC")
PROGRAMME = {
    "provider_display_name": "Leap",
    "programme_id": "vpr_6a1f8e375db9de605baadd46",
    "programme_display_name": "Community Powershare",
    "learn_more_url": "https://leap.com/programmes/community-powershare",
}
# Re-planned on purpose: the pending step is expected before the completed one occurred.
TIMELINE = [
    {
        "state": "ENROLMENT_REQUESTED",
        "status": "COMPLETE",
        "occurred_at": "2025-01-10T17:00:00Z",
        "description": "We received your request.",
    },
    {"state": "AWAITING_TELEMETRY", "status": "COMPLETE", "occurred_at": "2025-01-12T17:00:00Z"},
    {"state": "SUSPENDED", "status": "IN_PROGRESS", "occurred_at": "2025-02-01T17:00:00Z"},
    {"state": "ACTIVE", "status": "PENDING", "expected_at": "2025-01-05T17:00:00Z"},
    {"state": "SOMETHING_NEW", "status": "PENDING"},
]


def page(route: str, data: dict[str, Any], actions: list[str] | None = None) -> Page:
    return Page.from_reply(page_reply(route, data, actions=actions or ["BACK", "CLOSE"]))


def test_landing_reads_the_newer_shape() -> None:
    data = {
        "tariff_connected": False,
        "programmes": [{**PROGRAMME, "subscription_status": "ENROLLING"}],
    }
    view = vpp_landing.build(page("vpp_landing", data, ["CONNECT_TARIFF", "BACK", "CLOSE"]), CTX)
    (programme,) = view.programmes
    assert (programme.programme_name, programme.status_label, programme.status_tone) == (
        "Community Powershare",
        "Enrolling",
        "progress",
    )
    assert view.tariff_prompt and view.offers_tariff
    assert [b.label for b in view.actions] == ["Back", "Close"]


def test_landing_reads_the_older_shape() -> None:
    data = {
        "providers": [
            {
                "id": "prv_1",
                "provider_name": "Leap",
                "programme_name": "Powershare",
                "logo_url": "https://s.flatpeak.com/x.png",
            }
        ]
    }
    view = vpp_landing.build(page("vpp_landing", data), CTX)
    (programme,) = view.programmes
    assert (programme.provider_name, programme.programme_name) == ("Leap", "Powershare")
    assert programme.status_label == "Status unknown"
    assert not view.tariff_prompt


@pytest.mark.parametrize(
    ("status", "label", "sent"),
    [
        ("LEAVING", "Leaving", ""),
        ("LEFT", "Left", ""),
        ("PAUSED_BY_US", "Other status", "Paused by us"),
    ],
)
def test_landing_statuses(status: str, label: str, sent: str) -> None:
    data = {"programmes": [{**PROGRAMME, "subscription_status": status}]}
    (programme,) = vpp_landing.build(page("vpp_landing", data), CTX).programmes
    assert (programme.status_label, programme.status_sent) == (label, sent)


def test_timeline_keeps_array_order_and_marks_the_current_step() -> None:
    data = {
        "programme": PROGRAMME,
        "timezone": "America/Denver",
        "participation_state": TIMELINE,
        "suspension_reasons": ["AWAITING_TELEMETRY", "OPERATOR_REQUEST", "NEW_REASON"],
        "control_active": False,
        "telemetry_active": False,
    }
    view = vpp_participation.build(page("vpp_participation", data), CTX)
    steps = view.details.timeline
    # Finished steps in the past tense, the step under way as it is, the rest still to come.
    assert [s.label for s in steps] == [
        "Enrolment requested",
        "Battery data received",
        "Suspended",
        "Active",
        "Another step",
    ]
    # ACTIVE was expected on 5 January, long before 1 March: it is running late, and says so.
    assert [s.status for s in steps] == ["done", "done", "current", "late", "next"]
    assert [s.status_label for s in steps] == ["Done", "Done", "Now", "Running late", "Next"]
    assert steps[0].when == "January 10, 2025, 10:00\u202fAM"  # in Denver, not UTC
    assert steps[3].when == "expected January 5, 2025, 10:00\u202fAM"  # a pending step's plan
    assert steps[4].when == ""
    # Our words for every known state, whatever Connect described it as (A7).
    assert steps[0].description == "Your request to join was received and set up."
    assert steps[1].description == "Your battery sent its first data to the programme."
    assert steps[3].description == "Your battery will start taking part and earning."
    assert steps[0].sent == steps[1].sent == ""
    # A state we have no words for: ours in general, then its name as sent.
    assert steps[4].description == "Your programme reports a step we have no description for."
    assert steps[4].sent == "Something new"
    details = view.details
    assert details.state_label == "Suspended"  # from the IN_PROGRESS entry
    # The battery's silence is said once, by its reason, with the one thing to do.
    assert not details.gone_quiet
    assert details.to_do == "Check your battery is switched on and connected to the internet."
    assert details.dispatchable == "No"
    assert details.running_late == "Some steps are taking longer than planned."
    assert [r.why for r in details.reasons] == [
        "Your battery has stopped sending data to the programme.",
        "The programme operator has paused your participation.",
        "Your programme gave a reason we have no description for.",
    ]
    assert details.reasons[2].sent == "New reason"


@pytest.mark.parametrize("state", DOCUMENTED_STATES)
def test_every_documented_state_has_its_own_words(state: str) -> None:
    words = lifecycle.state_words(state)
    assert words.kind != "unknown"
    assert words.label and words.explanation.endswith(".")


def test_documented_states_are_sixteen_distinct_labels() -> None:
    assert len({lifecycle.state_words(s).label for s in DOCUMENTED_STATES}) == 16


def test_older_spellings_map_to_the_same_words() -> None:
    assert lifecycle.state_words("CONSENT_REQUIRED") == lifecycle.state_words("AWAITING_CONSENT")
    weird = lifecycle.state_words("weird_state")
    assert (weird.label, weird.kind, weird.sent) == ("Another step", "unknown", "Weird state")


def test_participation_page_without_a_timeline_borrows_the_rest_one() -> None:
    rest = Participation.model_validate(
        {"current_state": "ACTIVE", "control_active": True, "participation_state": TIMELINE[:2]}
    )
    ctx = RenderContext(locale="en", now=CTX.now, participation=rest)
    view = vpp_participation.build(page("vpp_participation", {"current_state": "SUSPENDED"}), ctx)
    assert view.details.state_label == "Suspended"  # the page's own word wins
    assert len(view.details.timeline) == 2
    assert view.details.dispatchable == "Yes"


def test_payment_history_rows_and_totals() -> None:
    data = {
        "programme": PROGRAMME,
        "currency_code": "GBP",
        "payments": [
            {
                "payment_date": "2025-03-07",
                "period_start": "2025-02-01",
                "period_end": "2025-02-28",
                "amount": 62.10,
                "status": "PENDING",
            },
            {
                "payment_date": "2025-02-07",
                "period_start": "2025-01-01",
                "amount": 40,
                "status": "PAID",
            },
            {"payment_date": "2025-01-07", "amount": -2.5, "status": "PAID"},
            {"payment_date": "2025-01-06", "amount": 12, "status": "FAILED"},
            {"amount": 1, "status": "ON_HOLD"},
        ],
        "payment_method": {"type": "BANK_ACCOUNT", "masked": "•••• 4821"},
        "support": {"email": "payments@leap.example", "reference": "LEAP-1"},
    }
    view = payments.build(page("vpp_payment_history", data), CTX)
    first = view.rows[0]
    assert (first.date, first.covers, first.amount, first.status_label) == (
        "Mar 7, 2025",
        "For February 2025",
        "£62.10",
        "Pending",
    )
    # Money taken back is not "Paid": it says what it is.
    taken_back = view.rows[2]
    assert taken_back.negative and taken_back.amount == "-£2.50"
    assert (taken_back.status_label, taken_back.status_tone) == ("Deducted", "neutral")
    assert view.rows[3].status_tone == "bad" and view.has_failed
    assert view.rows[3].note == "Not paid yet."
    unknown = view.rows[4]
    assert (unknown.status_label, unknown.status_sent) == ("Other status", "On hold")
    assert unknown.date == "Not set"
    assert view.total_paid == "£37.50"
    assert view.payment_method == "Bank account •••• 4821"


def test_empty_payment_history() -> None:
    view = payments.build(page("vpp_payment_history", {"payments": []}), CTX)
    assert view.rows == ()
    assert not view.has_failed


def test_leave_confirmation_needs_a_tick_for_its_own_action_only() -> None:
    data = {
        "programme": PROGRAMME,
        "consequences": ["You stop earning.", "", 3],
        "notice_period_days": 14,
        "final_payment_date": "2025-04-07",
    }
    leave = page("vpp_leave_action", data, ["CONFIRM_LEAVE", "BACK", "CLOSE"])
    view = vpp_leave.build_confirmation(leave, CTX)
    # Points without a code we know are shown as sent, below our general sentence.
    assert view.consequences.ours == (
        "Your battery will stop earning from this programme once you have left.",
    )
    assert view.consequences.sent == ("You stop earning.",)
    assert view.notice == "Leaving takes 14 days from your request."
    assert view.final_payment == "Your final payment is expected on April 7, 2025."
    assert view.confirm is not None and view.confirm.action == "CONFIRM_LEAVE"
    assert [b.action for b in view.actions] == ["BACK", "CLOSE"]
    assert needs_confirmation(leave, "CONFIRM_LEAVE")
    assert not needs_confirmation(leave, "BACK")


def test_leave_progress() -> None:
    data = {
        "programme": PROGRAMME,
        "timezone": "Europe/London",
        "status": "WINDING_DOWN",
        "requested_at": "2025-02-20T09:00:00Z",
        "expected_completion_at": "2025-03-06T09:00:00Z",
        "next_steps": ["We settle your final earnings."],
        "participation_state": TIMELINE[:1],
    }
    view = vpp_leave.build_progress(page("vpp_leave_progress", data), CTX)
    assert view.status == "Winding down"
    assert view.requested == "February 20, 2025, 9:00\u202fAM"
    assert view.next_steps.ours == ()
    assert view.next_steps.sent == ("We settle your final earnings.",)
    assert len(view.timeline) == 1


@pytest.mark.parametrize(
    ("route", "data", "kind"),
    [
        ("vpp_summary", {}, "vpp_summary"),
        ("vpp_enrolment_state", {}, "participation"),
        ("vpp_status_xyz", {"participation_state": []}, "participation"),
        ("vpp_status_xyz", {"current_state": "ACTIVE"}, "participation"),
        ("payments_page", {"payments": []}, "payment_history"),
        ("leave_confirm", {"consequences": []}, "leave_confirmation"),
        ("vpp_leave_status", {"next_steps": []}, "leave_progress"),
        ("tariffs_summary", {"tariffs": []}, "tariff_summary"),
        ("mystery", {"tariffs": []}, "generic"),
    ],
)
def test_pages_are_recognised_by_route_or_shape(
    route: str, data: dict[str, Any], kind: str
) -> None:
    assert kind_of(page(route, data)) == kind


def test_a_lookalike_that_does_not_fit_renders_generically() -> None:
    odd = page("mystery", {"payments": [{"amount": "a lot"}]})
    route, view = render(odd, CTX)
    assert route.template == "connect_app/generic.html"
    assert view.title == "Mystery"


def test_a_failed_payment_made_good_later_is_not_a_warning() -> None:
    data = {
        "payments": [
            {
                "payment_date": "2025-02-12",
                "period_start": "2025-01-01",
                "amount": 40,
                "status": "PAID",
            },
            {
                "payment_date": "2025-02-07",
                "period_start": "2025-01-01",
                "amount": 40,
                "status": "FAILED",
            },
        ]
    }
    assert not payments.build(page("vpp_payment_history", data), CTX).has_failed
