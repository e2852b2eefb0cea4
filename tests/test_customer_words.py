"""Every code Connect or the REST API gives is said in our own words (A7, issue 19 §4).

Error codes, participation states and statuses, suspension reasons, timeline steps, leaving
points and payment statuses: a code we know is our sentence, in the reader's language, and
nothing upstream wrote beside it is shown; a code we do not know gets a general sentence of
ours, with what was sent below it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from connect_app.connect.errors import (
    CODE_MESSAGES,
    GENERAL_REFUSAL,
    ConnectRejected,
    ConnectUnavailable,
    notice_text,
    rejection,
)
from connect_app.connect.replies import Page
from connect_app.connect.vpp_payloads import Participation, Payment, Point, TimelineEntry
from connect_app.pages import lifecycle, vpp_leave, vpp_payment_history
from connect_app.pages.common import RenderContext
from connect_app.pages.participation import next_step, participation_status
from connect_app.pages.vpp_participation import details
from tests.factories import DOCUMENTED_STATES, page_reply

NOW = dt.datetime(2025, 3, 1, 12, tzinfo=dt.UTC)
CTX = RenderContext(locale="en", now=NOW, time_zone="America/Denver")
DENVER = ZoneInfo("America/Denver")


# --- Connect's error codes ----------------------------------------------------------------------


@pytest.mark.parametrize("code", sorted(CODE_MESSAGES))
def test_a_known_error_code_is_our_sentence_and_nothing_of_connects(code: str) -> None:
    said = rejection(code, "Upstream words in English.")
    assert said.ours == str(CODE_MESSAGES[code]) and said.ours.endswith(".")
    assert said.sent == ""
    assert said.text == said.ours


def test_codes_are_read_whatever_their_case() -> None:
    assert rejection(" Rate_Limit ", "Slow down.").ours == str(CODE_MESSAGES["rate_limit"])


def test_an_unknown_code_is_our_general_sentence_then_connects() -> None:
    said = rejection("brand_new_code", "Something odd happened.")
    assert (said.ours, said.sent) == (
        "Your energy programme could not do that.",
        "Something odd happened.",
    )
    assert said.text == "Your energy programme could not do that. Something odd happened."
    assert rejection("brand_new_code", "").text == str(GENERAL_REFUSAL)


def test_an_unknown_code_of_a_known_type_is_said_by_its_type() -> None:
    error = ConnectRejected("Connect had a problem.", code="internal_error", error_type="api_error")
    assert error.known_as == "api_error"
    assert error.message == str(CODE_MESSAGES["api_error"])
    assert error.sent == "Connect had a problem."  # kept, never shown
    unknown = ConnectRejected("Hm.", code="internal_error", error_type="mystery")
    assert unknown.known_as == "internal_error"
    assert unknown.message == "Your energy programme could not do that. Hm."


def test_a_stored_notice_is_said_in_the_language_of_the_page_that_shows_it() -> None:
    with translation.override("de"):
        busy = notice_text("rejected", "Too many requests.", "rate_limit")
        assert busy.sent == "" and "Too many" not in busy.ours
        assert busy.ours.startswith("Ihr Programm ist gerade ausgelastet.")
        assert notice_text(ConnectUnavailable.kind, "").ours.startswith(
            "Wir konnten Ihr Programm gerade nicht erreichen."
        )
        other = notice_text("rejected", "Something odd happened.", "brand_new_code")
        assert (other.ours, other.sent) == (
            "Ihr Programm konnte das nicht ausführen.",
            "Something odd happened.",
        )


# --- participation states, reasons and the timeline ---------------------------------------------


@pytest.mark.parametrize("state", DOCUMENTED_STATES)
def test_every_documented_state_has_a_sentence_for_each_tense(state: str) -> None:
    entries = tuple(
        TimelineEntry(
            state=state,
            status=status,
            occurred_at=NOW - dt.timedelta(days=1),
            expected_at=NOW + dt.timedelta(days=1),
        )
        for status in ("COMPLETE", "IN_PROGRESS", "PENDING")
    )
    done, now, upcoming = lifecycle.timeline(entries, DENVER, "en", NOW)
    assert (done.status, now.status, upcoming.status) == ("done", "current", "next")
    for step in (done, now, upcoming):
        assert step.description.endswith(".") and step.sent == ""
    assert now.description == lifecycle.state_words(state).explanation
    # The finished step reads in the past tense, the step to come in the future: each its own
    # sentence (FAILED alone is the same in every tense: nothing comes of it).
    if state != "FAILED":
        assert len({done.description, now.description, upcoming.description}) == 3


def test_a_step_still_to_come_whose_date_has_passed_is_running_late() -> None:
    (late,) = lifecycle.timeline(
        (
            TimelineEntry(
                state="AWAITING_REGISTRATION",
                status="PENDING",
                expected_at=NOW - dt.timedelta(days=3),
            ),
        ),
        DENVER,
        "en",
        NOW,
    )
    assert (late.status, late.status_label) == ("late", "Running late")
    assert late.when == "expected February 26, 2025, 5:00\u202fAM"
    with translation.override("de"):
        (spät,) = lifecycle.timeline(
            (
                TimelineEntry(
                    state="AWAITING_REGISTRATION",
                    status="PENDING",
                    expected_at=NOW - dt.timedelta(days=3),
                ),
            ),
            DENVER,
            "de",
            NOW,
        )
        assert spät.status_label == "Verspätet"
        assert (
            spät.description
            == "Der Programmbetreiber wird Ihre Batterie beim Netzbetreiber anmelden."
        )


def test_an_unknown_state_or_status_is_ours_in_general_with_what_was_sent_below() -> None:
    (step,) = lifecycle.timeline(
        (TimelineEntry(state="QUANTUM_CHECK", status="SKIPPED", description="We skipped it."),),
        DENVER,
        "en",
        NOW,
    )
    assert (step.label, step.status_label) == ("Another step", "Step")
    assert step.description == "Your programme reports a step we have no description for."
    assert step.sent == "We skipped it."
    (bare,) = lifecycle.timeline(
        (TimelineEntry(state="QUANTUM_CHECK", status="PENDING"),), DENVER, "en", NOW
    )
    assert bare.sent == "Quantum check"  # no description: the code itself, humanised


@pytest.mark.parametrize(
    ("code", "why", "to_do"),
    [
        (
            "AWAITING_TELEMETRY",
            "Your battery has stopped sending data to the programme.",
            "Check your battery is switched on and connected to the internet.",
        ),
        (
            "AWAITING_DISPATCH",
            "The programme is waiting to confirm it can control your battery.",
            "",
        ),
        (
            "AWAITING_CONSENT",
            "The programme needs your permission to control your battery.",
            str(lifecycle.GIVE_PERMISSION),
        ),
        ("OPERATOR_REQUEST", "The programme operator has paused your participation.", ""),
        (
            "CUSTOMER_REQUEST",
            "You asked to pause your participation.",
            "To take part again, contact the programme.",
        ),
    ],
)
def test_every_suspension_reason_says_why_and_what_to_do(code: str, why: str, to_do: str) -> None:
    assert lifecycle.reason_words(code) == lifecycle.Reason(why, to_do)


def test_an_unknown_reason_is_ours_in_general_with_its_code_below() -> None:
    assert lifecycle.reason_words("SOLAR_ECLIPSE") == lifecycle.Reason(
        "Your programme gave a reason we have no description for.", sent="Solar eclipse"
    )


@pytest.mark.parametrize(
    ("state", "label"),
    [
        ("NOT_ENROLLED", "Not enrolled"),
        ("ENROLLING", "Enrolling"),
        ("ACTIVE", "Active"),
        ("SUSPENDED", "Suspended"),
        ("UNENROLLING", "Leaving"),
        ("UNENROLLED", "Left the programme"),
        ("FAILED", "Enrolment failed"),
    ],
)
def test_every_dashboard_state_is_ours(state: str, label: str) -> None:
    status = participation_status(state)
    assert (status.label, status.sent) == (label, "")
    assert status.sentence.endswith(".")


def test_an_unknown_dashboard_state_is_ours_in_general_with_its_code_below() -> None:
    status = participation_status("PAUSED_FOR_MAINTENANCE")
    assert (status.label, status.sent) == ("Other status", "Paused for maintenance")
    assert status.sentence == "Your programme reports a status we have no description for."


# --- the next step, for every state -------------------------------------------------------------


def _summary(state: str | None, actions: tuple[str, ...] = ("MANAGE_PARTICIPATION",)) -> Page:
    return Page.from_reply(
        page_reply(
            "vpp_summary", {"programme": {"participation_state": state}}, actions=[*actions, "BACK"]
        )
    )


def _details(**fields: Any) -> Any:
    return details(Participation.model_validate(fields), CTX)


def test_an_active_customer_has_no_next_step_unless_something_needs_them() -> None:
    active = participation_status("ACTIVE")
    assert next_step(active, None, _summary("ACTIVE")) is None
    assert (
        next_step(
            active, _details(current_state="ACTIVE", telemetry_active=True), _summary("ACTIVE")
        )
        is None
    )
    quiet = _details(current_state="ACTIVE", telemetry_active=False)
    step = next_step(active, quiet, _summary("ACTIVE"))
    assert step is not None and step.tone == "warning" and step.gone_quiet
    assert step.to_do == "Check your battery is switched on and connected to the internet."


def test_a_suspended_customer_reads_why_and_the_one_thing_to_do() -> None:
    suspended = _details(
        current_state="SUSPENDED",
        telemetry_active=False,
        suspension_reasons=["AWAITING_TELEMETRY"],
    )
    step = next_step(participation_status("SUSPENDED"), suspended, _summary("SUSPENDED"))
    assert step is not None
    assert [reason.why for reason in step.reasons] == [
        "Your battery has stopped sending data to the programme."
    ]
    assert not step.gone_quiet  # its reason says so already: once
    assert step.to_do == "Check your battery is switched on and connected to the internet."
    assert step.action is None  # the details say why: nothing to go and look for


def test_a_customer_who_left_is_never_asked_to_check_a_battery_that_no_longer_reports() -> None:
    left = _details(current_state="UNENROLLED", telemetry_active=False, control_active=False)
    assert not left.gone_quiet and left.to_do == ""
    step = next_step(participation_status("UNENROLLED"), left, _summary("UNENROLLED"))
    assert step is not None and step.to_do == "" and not step.nothing_needed
    assert step.meaning.startswith("You have left this programme.")


def test_an_enrolling_customer_hears_when_steps_run_late_and_when_earning_starts() -> None:
    enrolling = _details(
        participation_state=[
            {
                "state": "ENROLMENT_REQUESTED",
                "status": "COMPLETE",
                "occurred_at": "2025-02-20T17:00:00Z",
            },
            {
                "state": "AWAITING_ELIGIBILITY",
                "status": "IN_PROGRESS",
                "occurred_at": "2025-02-27T17:00:00Z",
            },
            {
                "state": "AWAITING_REGISTRATION",
                "status": "PENDING",
                "expected_at": "2025-02-25T17:00:00Z",
            },
            {"state": "ACTIVE", "status": "PENDING", "expected_at": "2025-03-10T17:00:00Z"},
        ],
        telemetry_active=True,
    )
    step = next_step(participation_status("ENROLLING"), enrolling, _summary("ENROLLING"))
    assert step is not None and step.nothing_needed and step.to_do == ""
    assert step.when == (
        "Some steps are taking longer than planned.",
        "Your battery is expected to start earning on March 10, 2025.",
    )


@pytest.mark.parametrize(
    ("state", "to_do", "offers_more"),
    [
        ("SUSPENDED", "Find out why it is paused, and what you can do.", True),
        ("FAILED", "Contact the programme to find out why and what you can do next.", True),
        ("ENROLLING", "", False),
        ("UNENROLLING", "", False),
        ("UNENROLLED", "", False),
        ("NOT_ENROLLED", "", False),
        ("SOMETHING_ELSE", "If this does not change within a day, contact the programme.", False),
        (None, "If this does not change within a day, contact the programme.", False),
    ],
)
def test_without_details_every_state_still_says_what_it_can(
    state: str | None, to_do: str, offers_more: bool
) -> None:
    step = next_step(participation_status(state), None, _summary(state))
    assert step is not None and step.to_do == to_do
    assert (step.action is not None) == offers_more
    assert step.nothing_needed == (state in ("ENROLLING", "UNENROLLING"))
    # Where Manage participation is not offered, there is no button to show.
    assert next_step(participation_status(state), None, _summary(state, ())).action is None  # type: ignore[union-attr]


# --- leaving and payments -----------------------------------------------------------------------


def test_leaving_points_are_ours_by_code_and_only_unknown_ones_as_sent() -> None:
    given = (
        Point(code="FINAL_PAYMENT", text="Earnings up to your leaving date are paid."),
        Point(code="REJOIN_LATER", text="You can rejoin later."),
        Point(code="DISPATCH_ENDS", text="Dispatch ends."),
        Point(code="DISPATCH_UNTIL_NOTICE_ENDS", text="Dispatch goes on."),
        Point(code="EMAIL_WHEN_LEFT", text="We will email you."),
        Point(code="SOMETHING_NEW", text="A point of the programme's own."),
        Point(text="A plain sentence."),
    )
    points = vpp_leave.points(given)
    assert points.ours == (
        "Your earnings up to the day you leave are paid in your final payment.",
        "You can rejoin later, but your place is not kept for you.",
        "Your battery keeps taking part until your notice period ends, then stops earning from "
        "this programme.",
        "Your battery keeps taking part in events until your notice period ends.",
        "The programme will email you once you have left.",
    )
    assert points.sent == ("A point of the programme's own.", "A plain sentence.")


def _row(
    amount: str, status: str, others: tuple[Payment, ...] = ()
) -> vpp_payment_history.PaymentRow:
    payment = Payment(
        payment_date=dt.date(2025, 2, 7),
        period_start=dt.date(2025, 1, 1),
        amount=Decimal(amount),
        status=status,
    )
    return vpp_payment_history._row(payment, (payment, *others), "USD", "en")


@pytest.mark.parametrize(
    ("amount", "status", "label", "covers"),
    [
        ("40", "PAID", "Paid", "For January 2025"),
        ("40", "PENDING", "Pending", "For January 2025"),
        ("-2.50", "PAID", "Deducted", "An adjustment to January 2025"),
        ("-2.50", "PENDING", "To be deducted", "An adjustment to January 2025"),
        ("-2.50", "FAILED", "Not deducted", "An adjustment to January 2025"),
    ],
)
def test_a_payment_says_what_it_is(amount: str, status: str, label: str, covers: str) -> None:
    row = _row(amount, status)
    assert (row.status_label, row.covers, row.status_sent) == (label, covers, "")


def test_a_failed_payment_says_whether_it_was_paid_again() -> None:
    assert _row("40", "FAILED").note == "Not paid yet."
    again = Payment(
        payment_date=dt.date(2025, 2, 12),
        period_start=dt.date(2025, 1, 1),
        amount=Decimal(40),
        status="PAID",
    )
    made_good = _row("40", "FAILED", (again,))
    assert made_good.note == "Paid again on Feb 12, 2025."
    assert made_good.status_tone == "neutral"
    undated = Payment(period_start=dt.date(2025, 1, 1), amount=Decimal(40), status="PAID")
    assert _row("40", "FAILED", (undated,)).note == "Paid again later."


def test_an_unknown_payment_status_is_ours_in_general_with_it_below() -> None:
    row = _row("40", "ON_HOLD")
    assert (row.status_label, row.status_sent) == ("Other status", "On hold")
