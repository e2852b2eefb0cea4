"""The conversation's state table, cell by cell: every event in every state, allowed or not.

Each event is fired through the function the views call, against a real database (SQLite, and
PostgreSQL in `make test`'s second pass); Connect is a single-layer double that records what
the row looked like when it was called. An allowed event must lead where the table says; a
refused one must be answered as the table says, with nothing sent and nothing written but the
stale notice, never a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.signed_cookies import SessionStore

from connect_app import conversation as conv
from connect_app.connect.errors import ConnectError, ConnectUnavailable, TokenExpired
from connect_app.connect.replies import Page
from connect_app.conversation import ENDED, TRANSITIONS, Disallowed, Event, State
from connect_app.models import ActionLog, Conversation
from tests.factories import page_reply, summary_reply

# Every allowed event is a conditional UPDATE (the claim): it depends on the engine.
pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

TOKEN = "cot_states_0001"
ANOTHER_LINK = "cot_states_0002"
CALLBACK = "https://integrator.example/done"
LOOKED_UP = "https://integrator.example/looked-up"
SEQUENCE = 5
PAGE = Page.from_reply(summary_reply(actions=["MANAGE_PAYMENTS"]))
NEXT_PAGE = page_reply("vpp_payment_history", {"payments": []})
CALLS = (Event.RESTORE, Event.RETURN, Event.RETRY_ENTRY, Event.ACTION)
REPLIES: dict[Event, dict[str, Any] | ConnectError] = {
    Event.PAGE: NEXT_PAGE,
    Event.SENT_AWAY: page_reply("session_redirect", {"redirect_url": "https://pay.example/x"}),
    Event.COMPLETED: page_reply("session_complete", {"callback_url": CALLBACK}),
    Event.TOKEN_EXPIRED: TokenExpired("Expired.", code="token_expired"),
    Event.FAILED: ConnectUnavailable("timed out"),
}


class Connect:
    """Answers every call with `reply`, after `meanwhile` (another request) has run; records
    each call with the row's state and sequence as Connect was called."""

    def __init__(
        self,
        watched: Conversation,
        reply: dict[str, Any] | ConnectError = NEXT_PAGE,
        meanwhile: Callable[[], None] | None = None,
    ) -> None:
        self.watched, self.reply, self.meanwhile = watched, reply, meanwhile
        self.calls: list[tuple[str, str, int]] = []

    def _answer(self, call: str) -> Page:
        row = Conversation.objects.get(pk=self.watched.pk)
        self.calls.append((call, row.state, row.sequence))
        if self.meanwhile is not None:
            self.meanwhile()
        if isinstance(self.reply, ConnectError):
            raise self.reply
        return Page.from_reply(self.reply)

    def start(self, token: str) -> Page:
        if token == ANOTHER_LINK:  # the other link's own start, not the watched row's call
            return Page.from_reply(summary_reply())
        return self._answer("start")

    def restore(self, token: str) -> Page:
        return self._answer("restore")

    def act(self, token: str, **kwargs: Any) -> Page:
        return self._answer(kwargs["action"] or conv.SUBMIT)


def conversation_in(state: State, *, token: str | None = None) -> Conversation:
    """A conversation as the machine leaves one in `state`; an ended one with `token` is a row
    written before the token was blanked on the way in."""
    ended = state in ENDED
    return Conversation.objects.create(
        connect_token=token if token is not None else ("" if ended else TOKEN),
        state=state,
        sequence=SEQUENCE,
        page=None if ended else PAGE.model_dump(mode="json"),
        callback_url=CALLBACK if ended else "",
        retry={"entry": "restore"},
    )


def session_for(conversation: Conversation) -> SessionStore:
    session = SessionStore()
    session[conv.SESSION_KEY] = str(conversation.id)
    return session


def snapshot(conversation: Conversation) -> dict[str, Any]:
    return dict(Conversation.objects.filter(pk=conversation.pk).values().get())


def fire(event: Event, conversation: Conversation, connect: Connect) -> Any:
    """The event, through the function a view calls for it."""
    upstream = conv.Upstream(connect, lambda token: LOOKED_UP)  # type: ignore[arg-type]
    session = session_for(conversation)
    if event == Event.RESTORE:
        return conv.enter(session, conversation.connect_token, upstream)
    if event == Event.RETURN:
        return conv.come_back(conversation, upstream)
    if event == Event.RETRY_ENTRY:
        return conv.resume(session, conversation, conversation.sequence, upstream)
    if event == Event.CLOSE_HERE:
        return conv.close_here(conversation, upstream)
    if event == Event.REPLACED:
        return conv.enter(session, ANOTHER_LINK, upstream)
    if event == Event.ACTION or conversation.state == State.OPEN:
        return conv.forward(
            conversation,
            sequence=conversation.sequence,
            action="MANAGE_PAYMENTS",
            data=None,
            upstream=upstream,
        )
    # Connect's reply to a conversation away at a page elsewhere: the customer came back.
    return conv.come_back(conversation, upstream)


def cells(*events: Event) -> list[Any]:
    return [
        pytest.param(state, event, TRANSITIONS[state, event], id=f"{event}-in-{state}")
        for (state, event) in TRANSITIONS
        if event in events
    ]


def designed(state: State, event: Event) -> State | Disallowed:
    """The table as the rules it keeps, written apart from the grid in conversation.py."""
    ended = state in ENDED
    if event in REPLIES:
        # A reply moves a flow that can still talk to Connect; one that ended meanwhile is late.
        leads_to: dict[Event, State] = {
            Event.PAGE: State.OPEN,
            Event.SENT_AWAY: State.AWAY,
            Event.COMPLETED: State.CLOSED,
            Event.TOKEN_EXPIRED: State.EXPIRED,
        }
        return Disallowed.LATE if ended else leads_to.get(event, state)
    if event == Event.ACTION:
        # Only the page on show is acted on: not from a page left for one elsewhere (A4, A5).
        return State.OPEN if state == State.OPEN else Disallowed.STALE
    if event == Event.RETURN:
        # Only a flow away at a page elsewhere is restored without its link.
        return State.AWAY if state == State.AWAY else Disallowed.UNCHANGED
    if event in (Event.RESTORE, Event.RETRY_ENTRY):
        return Disallowed.STALE if ended else state
    if event == Event.CLOSE_HERE:
        # Only an expired flow is closed here; an open one has Connect's own Close.
        closing: dict[State, State | Disallowed] = {
            State.EXPIRED: State.CLOSED,
            State.CLOSED: Disallowed.UNCHANGED,
        }
        return closing.get(state, Disallowed.NOT_HERE)
    assert event == Event.REPLACED
    return Disallowed.UNCHANGED if ended else State.CLOSED


def test_the_table_is_as_designed_for_every_state_and_event() -> None:
    designed_table = {(s, e): designed(s, e) for s in State for e in Event}
    assert designed_table == TRANSITIONS


def test_an_event_leads_to_one_state_or_leaves_each_as_it_is() -> None:
    """What a transition writes is one conditional UPDATE for every state that allows it."""
    for event in Event:
        steps = {s: t for s in State if isinstance(t := TRANSITIONS[s, event], State)}
        assert steps, event
        assert len(set(steps.values())) == 1 or all(s == t for s, t in steps.items()), event


def test_nothing_can_be_sent_from_an_ended_flow() -> None:
    for state in ENDED:
        assert all(isinstance(TRANSITIONS[state, event], Disallowed) for event in CALLS)
        assert all(TRANSITIONS[state, event] == Disallowed.LATE for event in REPLIES)


@pytest.mark.parametrize(("state", "event", "step"), cells(*CALLS))
def test_a_call_claims_the_page_then_calls_connect_once(
    state: State, event: Event, step: State | Disallowed
) -> None:
    conversation = conversation_in(state, token=TOKEN)
    before = snapshot(conversation)
    connect = Connect(conversation)
    result = fire(event, conversation, connect)
    after = snapshot(conversation)
    if step == Disallowed.STALE:
        assert isinstance(result, conv.Stale) and connect.calls == []
        # Nothing moved but the notice, and that only where a page can show it.
        notice = {} if state in ENDED else {"notice_kind": "stale", "notice": conv.STALE_NOTICE}
        changed = {k: v for k, v in after.items() if v != before[k] and k != "updated_at"}
        assert changed == notice
    elif step == Disallowed.UNCHANGED:
        assert result is None and connect.calls == [] and after == before
    else:
        # Claimed in the database before Connect was called (A5), in the state the table names;
        # "Try again" resends the entry call that failed, a restore here.
        call = "MANAGE_PAYMENTS" if event == Event.ACTION else "restore"
        assert connect.calls == [(call, step, SEQUENCE + 1)]
        assert result is None
        assert (after["state"], after["page"]["route"]) == (State.OPEN, "vpp_payment_history")


@pytest.mark.parametrize(("state", "event", "step"), cells(*REPLIES))
def test_connect_s_reply_moves_the_conversation_as_the_table_says(
    state: State, event: Event, step: State | Disallowed
) -> None:
    if step == Disallowed.LATE:
        # The call was made while the flow was open; another request ended it meanwhile.
        conversation = conversation_in(State.OPEN)

        def ending() -> None:
            Conversation.objects.filter(pk=conversation.pk).update(
                state=state, connect_token="", page=None
            )

        connect = Connect(conversation, REPLIES[event], meanwhile=ending)
        result = fire(event, conversation, connect)
        after = snapshot(conversation)
        assert isinstance(result, conv.Stale) and len(connect.calls) == 1
        assert (after["state"], after["connect_token"], after["page"]) == (state, "", None)
        assert ActionLog.objects.get(conversation=conversation).outcome == "stale"
        return
    conversation = conversation_in(state)
    result = fire(event, conversation, Connect(conversation, REPLIES[event]))
    after = snapshot(conversation)
    assert after["state"] == step
    if step in ENDED:
        # Blanked by the write that ends the flow (A1), with where Close goes kept.
        assert (after["connect_token"], after["page"], after["retry"]) == ("", None, None)
    else:
        assert after["connect_token"] == TOKEN
    if event == Event.PAGE:
        assert result is None and after["page"]["route"] == "vpp_payment_history"
    elif event == Event.SENT_AWAY:
        assert result == conv.Leave(f"https://pay.example/x?fp_cot={TOKEN}")
    elif event == Event.COMPLETED:
        assert result == conv.Leave(CALLBACK)
    elif event == Event.TOKEN_EXPIRED:
        assert result is None and after["callback_url"] == LOOKED_UP
    else:
        assert isinstance(result, conv.Failed)
        assert (after["notice_kind"], after["page"]) == (
            "unavailable",
            PAGE.model_dump(mode="json"),
        )


@pytest.mark.parametrize(("state", "event", "step"), cells(Event.CLOSE_HERE, Event.REPLACED))
def test_what_is_answered_here_calls_nobody(
    state: State, event: Event, step: State | Disallowed
) -> None:
    conversation = conversation_in(state)
    before = snapshot(conversation)
    connect = Connect(conversation)
    result = fire(event, conversation, connect)
    after = snapshot(conversation)
    assert connect.calls == []
    if step == Disallowed.NOT_HERE:
        assert isinstance(result, conv.NotHere) and after == before
    elif step == Disallowed.UNCHANGED:
        assert after == before
        if event == Event.CLOSE_HERE:
            assert result == conv.Leave(CALLBACK)
    else:
        assert (after["state"], after["connect_token"], after["page"]) == (step, "", None)
        if event == Event.CLOSE_HERE:
            assert result == conv.Leave(CALLBACK)
    if event == Event.REPLACED:
        # The other link has its own conversation, whatever became of this one.
        assert Conversation.objects.exclude(pk=conversation.pk).get().connect_token == ANOTHER_LINK


def test_close_on_a_row_that_expired_holding_its_token_looks_the_callback_up() -> None:
    """Rows written before the token was blanked on expiry: Close still goes to the callback."""
    conversation = conversation_in(State.EXPIRED, token=TOKEN)
    Conversation.objects.filter(pk=conversation.pk).update(callback_url="")
    conversation.refresh_from_db()
    result = conv.close_here(conversation, conv.Upstream(None, lambda token: LOOKED_UP))  # type: ignore[arg-type]
    after = snapshot(conversation)
    assert result == conv.Leave(LOOKED_UP)
    assert (after["state"], after["connect_token"], after["callback_url"]) == (
        State.CLOSED,
        "",
        LOOKED_UP,
    )


def test_a_close_without_a_url_goes_to_the_callback_the_rest_api_names() -> None:
    conversation = conversation_in(State.OPEN)
    connect = Connect(conversation, page_reply("session_complete", {}))
    upstream = conv.Upstream(connect, lambda token: LOOKED_UP)  # type: ignore[arg-type]
    result = conv.forward(
        conversation, sequence=SEQUENCE, action="CLOSE", data=None, upstream=upstream
    )
    assert result == conv.Leave(LOOKED_UP)
    after = snapshot(conversation)
    assert (after["state"], after["connect_token"], after["callback_url"]) == (
        State.CLOSED,
        "",
        LOOKED_UP,
    )


@pytest.mark.parametrize("callback", [None, "javascript:alert(1)"])
def test_a_close_without_any_usable_url_ends_on_the_closing_screen(callback: str | None) -> None:
    conversation = conversation_in(State.OPEN)
    connect = Connect(conversation, page_reply("session_complete", {}))
    upstream = conv.Upstream(connect, lambda token: callback)  # type: ignore[arg-type]
    result = conv.forward(
        conversation, sequence=SEQUENCE, action="CLOSE", data=None, upstream=upstream
    )
    assert result is None
    assert conv.screen(conversation) == "closed"
    assert snapshot(conversation)["callback_url"] == ""


@pytest.mark.parametrize("ended", sorted(ENDED))
def test_a_post_racing_the_end_of_the_flow_is_not_sent(ended: State) -> None:
    """Read while open, claimed after another request ended the flow: the database refuses."""
    conversation = conversation_in(State.OPEN)
    Conversation.objects.filter(pk=conversation.pk).update(state=ended, connect_token="", page=None)
    connect = Connect(conversation)
    result = fire(Event.ACTION, conversation, connect)
    assert isinstance(result, conv.Stale) and connect.calls == []
    assert snapshot(conversation)["sequence"] == SEQUENCE
