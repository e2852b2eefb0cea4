"""A stand-in for Flatpeak Connect over real HTTP, for tests and the bench.

`http.server` in a thread on 127.0.0.1 (a port the OS picks); every request is recorded. A test
queues the replies the next calls get, in order. A reply can also hang, answer late, drop the
connection, announce more bytes than it sends, or send a body far larger than the app reads.

    with StubConnect() as stub:
        stub.reply(Reply.json(summary_reply()), Reply(status=502, body=b"<html>"))
        ...
        assert [r.action for r in stub.requests] == ["VPP", "CHANGE_PERIOD"]

For load and timing, the same stub answers every call after a fixed latency, keeps connections
alive as Connect does, and replies with the dashboard for the period asked for (or forwards to
the sandbox, for every other page), so whatever a request to the app costs beyond the latency
is the app's own:

    with StubConnect(latency_s=0.3, keep_alive=True, always=vpp_summary_reply) as connect:
        ...
        assert connect.kinds("cot_1") == {"session_start": 1, "CHANGE_PERIOD": 3}
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import hashlib
import json
import socket
import threading
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache, lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx
from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# How long a hanging reply waits at most before giving up (the stub's teardown ends it sooner).
HANG_LIMIT_S = 30.0
SEED_PAYLOAD = Path(__file__).resolve().parent.parent / "tests/payloads/vpp_summary_seed.json"


@dataclass(frozen=True)
class Reply:
    """What the stub answers to one request."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0  # answer after this long (and after the stub's latency)
    hang: bool = False  # never answer (until the stub stops)
    drop: bool = False  # close the connection without sending anything
    declared_length: int | None = None  # a Content-Length other than the body's (truncation)
    repeat: int = 1  # send `body` this many times: a big reply without a big bytes object

    @classmethod
    def json(cls, payload: Any, status: int = 200, **options: Any) -> Reply:
        return cls(status=status, body=json.dumps(payload).encode(), **options)

    @property
    def length(self) -> int:
        return len(self.body) * self.repeat

    @property
    def whole(self) -> bool:
        """Sent in full and as announced: the connection may be kept for the next request."""
        return not (self.hang or self.drop) and self.declared_length is None


@dataclass(frozen=True)
class Received:
    """One request as the stub saw it."""

    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    body: dict[str, Any] | None  # the JSON object sent, if it was one

    @property
    def route(self) -> str | None:
        value = (self.body or {}).get("route")
        return value if isinstance(value, str) else None

    @property
    def action(self) -> str | None:
        value = (self.body or {}).get("action")
        return value if isinstance(value, str) else None

    @property
    def token(self) -> str:
        return str((self.body or {}).get("connect_token", ""))

    @property
    def kind(self) -> str:
        """ "session_start", "session_restore", or the action ("CHANGE_PERIOD", "BACK", ...)."""
        route = self.route or ""
        return route if route.startswith("session_") else self.action or "-"


# What the stub answers when no reply is queued: one reply for all, or one made per request.
Answer = Reply | Callable[[Received], Reply]


@dataclass
class _State:
    queue: deque[Reply] = field(default_factory=deque)
    fallback: Answer | None = None
    received: list[Received] = field(default_factory=list)
    # Replies whose body could not be sent in full because the client hung up.
    aborted: int = 0
    errors: list[str] = field(default_factory=list)


class StubConnect:
    """A Connect endpoint on 127.0.0.1 that answers what each test tells it to.

    `latency_s` delays every reply; `keep_alive` keeps a connection open after a whole reply,
    as Connect does (the app's pooled client then reuses it); `always` is the answer when no
    reply is queued.
    """

    def __init__(
        self, *, latency_s: float = 0.0, keep_alive: bool = False, always: Answer | None = None
    ) -> None:
        self.latency_s = latency_s
        self.keep_alive = keep_alive
        self._state = _State(fallback=always)
        self._changed = threading.Condition()
        self._released = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.stub = self
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()

    # --- configuring -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/"

    def reply(self, *replies: Reply) -> None:
        """Queue replies: the next requests get them, one each, in order."""
        with self._changed:
            self._state.queue.extend(replies)

    def always(self, answer: Answer | None) -> None:
        """The answer to any request when the queue is empty (None: a loud 500)."""
        with self._changed:
            self._state.fallback = answer

    def reset(self) -> None:
        """Forget queued replies, the fallback and everything received (a stub shared by tests)."""
        with self._changed:
            self._state = _State()

    # --- observing ---------------------------------------------------------------------------

    @property
    def requests(self) -> list[Received]:
        with self._changed:
            return list(self._state.received)

    def calls(self, token: str) -> list[Received]:
        """The requests made with one connect token, in order."""
        return [r for r in self.requests if r.token == token]

    def kinds(self, token_prefix: str = "") -> Counter[str]:
        """Requests by kind (see `Received.kind`), of the tokens starting with the prefix."""
        return Counter(r.kind for r in self.requests if r.token.startswith(token_prefix))

    @property
    def aborted(self) -> int:
        with self._changed:
            return self._state.aborted

    @property
    def pending(self) -> int:
        """Queued replies nobody has asked for yet."""
        with self._changed:
            return len(self._state.queue)

    @property
    def errors(self) -> list[str]:
        """Requests that found no reply queued, and handler failures."""
        with self._changed:
            return list(self._state.errors)

    def wait_until(self, condition: Callable[[StubConnect], bool], timeout: float = 5.0) -> bool:
        """Block until `condition(stub)` holds (re-checked whenever the stub's state changes)."""
        with self._changed:
            return self._changed.wait_for(lambda: condition(self), timeout=timeout)

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._released.set()  # hanging and delayed replies end now
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> StubConnect:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # --- used by the handler -----------------------------------------------------------------

    def _record(self, received: Received) -> Reply | None:
        with self._changed:
            self._state.received.append(received)
            answer = self._state.queue.popleft() if self._state.queue else self._state.fallback
            if answer is None:
                self._state.errors.append(f"no reply queued for {received.raw[:200]!r}")
            self._changed.notify_all()
        # Made outside the lock: an answer may take its time (a forwarded call).
        return answer(received) if callable(answer) else answer

    def _note(self, *, aborted: bool = False, error: str = "") -> None:
        with self._changed:
            self._state.aborted += int(aborted)
            if error:
                self._state.errors.append(error)
            self._changed.notify_all()

    def _wait(self, seconds: float) -> None:
        self._released.wait(seconds)


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    # The app opens many connections at once under load; the default backlog of 5 would make
    # some wait for a SYN retry (a second), which is not latency the app caused.
    request_queue_size = 256
    stub: StubConnect

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up is an expected event here, not something to print.
        self.stub._note(error=f"handler error for {client_address!r}")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"  # keep-alive when the stub keeps connections
    timeout = 10  # seconds a connection may sit idle before the handler gives up
    # Headers and body leave in two writes; with Nagle on, the body would wait for the app's
    # delayed ACK (up to 40 ms on Linux), billed to the app.
    disable_nagle_algorithm = True

    def do_POST(self) -> None:
        self._answer()

    def do_GET(self) -> None:
        self._answer()

    def log_message(self, format: str, *args: Any) -> None:
        """Silence the default request log on stderr."""

    def _answer(self) -> None:
        stub = self.server.stub
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            decoded = json.loads(raw) if raw else None
        except ValueError:
            decoded = None
        reply = stub._record(
            Received(
                method=self.command,
                path=self.path,
                headers={k.lower(): v for k, v in self.headers.items()},
                raw=raw,
                body=decoded if isinstance(decoded, dict) else None,
            )
        )
        if reply is None:
            reply = Reply(status=500, body=b"stub: no reply queued", content_type="text/plain")
        self.close_connection = not (stub.keep_alive and reply.whole)
        if reply.hang:
            stub._wait(HANG_LIMIT_S)
            return
        if stub.latency_s or reply.delay_s:
            stub._wait(stub.latency_s + reply.delay_s)
        if reply.drop:
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            declared = reply.length if reply.declared_length is None else reply.declared_length
            self.send_header("Content-Length", str(declared))
            if self.close_connection:
                self.send_header("Connection", "close")
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            for _ in range(reply.repeat):
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            stub._note(aborted=True)


# --- answers made per request: the dashboard of any period, or the sandbox's --------------------

# The seed shows February 2025; every session starts there, like a customer opening "this month".
FIRST_PERIOD = ("MONTH", dt.date(2025, 2, 1))
LAST_DAY_WITH_DATA = dt.date(2025, 2, 28)
# Connect lists only buckets with a dispatch; about half the days of a month have one.
DISPATCH_PERCENT = 45
PRICE_PER_KWH = Decimal("1.135")
CENT = Decimal("0.01")


def vpp_summary_reply(received: Received) -> Reply:
    """Connect's `vpp_summary` for the period asked for (else the first), from the seed page.

    The app parses, validates and renders the same shape and size of reply as in production;
    the data are the same for the same period whenever it is asked for.
    """
    if not received.token:
        return Reply.json({"object": "error", "code": "token_invalid"}, status=401)
    data = (received.body or {}).get("data")
    period_type, start = FIRST_PERIOD
    if received.action == "CHANGE_PERIOD" and isinstance(data, dict):
        try:
            period_type = str(data["period_type"])
            start = dt.date.fromisoformat(str(data["period_start"]))
        except (KeyError, ValueError):
            period_type, start = FIRST_PERIOD
    return Reply(body=_summary_body(period_type, start, received.token))


def forwarded_to(url: str) -> Callable[[Received], Reply]:
    """An answer that passes each request on to another Connect (the app's own sandbox), so the
    stub's latency applies to every page the sandbox can show."""
    http = httpx.Client(timeout=30)

    def forward(received: Received) -> Reply:
        answer = http.post(url, content=received.raw, headers={"Content-Type": "application/json"})
        kind = answer.headers.get("Content-Type", "application/json")
        return Reply(status=answer.status_code, body=answer.content, content_type=kind)

    return forward


@cache
def _seed() -> dict[str, Any]:
    seed: dict[str, Any] = json.loads(SEED_PAYLOAD.read_text(encoding="utf-8"))
    return seed


def _share(label: str, modulo: int) -> int:
    """A stable pseudo-random number for a label: the same period always shows the same data."""
    return int.from_bytes(hashlib.sha256(label.encode()).digest()[:4], "big") % modulo


def _entry(when: str, kwh: Decimal) -> dict[str, Any]:
    earnings = (kwh * PRICE_PER_KWH).quantize(CENT)
    return {"date": when, "dispatched_kwh": float(kwh), "earnings": float(earnings)}


def _daily_kwh(day: dt.date) -> Decimal:
    if day > LAST_DAY_WITH_DATA or _share(f"dispatch {day}", 100) >= DISPATCH_PERCENT:
        return Decimal(0)
    return Decimal(200 + _share(f"kwh {day}", 700)) / 100


def _period_end(period_type: str, start: dt.date) -> dt.date:
    if period_type == "DAY":
        return start
    if period_type == "YEAR":
        return dt.date(start.year, 12, 31)
    return start.replace(day=calendar.monthrange(start.year, start.month)[1])


def _series(period_type: str, start: dt.date) -> list[dict[str, Any]]:
    """The sparse series Connect sends: only the buckets in which the battery dispatched."""
    if period_type == "DAY":
        kwh = _daily_kwh(start)
        if not kwh:
            return []
        # Evening peak, 17:00 and 18:00 local time (the seed's zone is America/Denver, UTC-7).
        half = (kwh / 2).quantize(CENT)
        return [_entry(f"{start}T17:00:00-07:00", half), _entry(f"{start}T18:00:00-07:00", half)]
    if period_type == "YEAR":
        months = []
        for month in range(1, 13):
            first = dt.date(start.year, month, 1)
            days = _days(first, _period_end("MONTH", first))
            kwh = sum((_daily_kwh(day) for day in days), Decimal(0))
            if kwh:
                months.append(_entry(first.isoformat(), kwh))
        return months
    days = _days(start, _period_end("MONTH", start))
    return [_entry(day.isoformat(), _daily_kwh(day)) for day in days if _daily_kwh(day)]


def _days(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


@lru_cache(maxsize=256)  # bounded: the period comes from the caller
def _summary_payload(period_type: str, start: dt.date) -> dict[str, Any]:
    series = _series(period_type, start)
    end = _period_end(period_type, start)
    performance = {
        **_seed()["performance"],
        "period_type": period_type,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "has_previous": True,
        "has_next": end < LAST_DAY_WITH_DATA,
        "energy_dispatched_kwh": float(sum(Decimal(str(e["dispatched_kwh"])) for e in series)),
        "earnings": float(sum(Decimal(str(e["earnings"])) for e in series)),
        "series": series,
    }
    return {**_seed(), "performance": performance}


def _summary_body(period_type: str, start: dt.date, token: str) -> bytes:
    payload = {**_summary_payload(period_type, start), "connect_token": token}
    return json.dumps(payload, separators=(",", ":")).encode()


# --- driving the app against the stub ---------------------------------------------------------


class Visitor:
    """Django's test client used the way a browser without JavaScript uses the app.

    Buttons are pressed on the page as last shown (its forms, hidden fields and sequence
    number), so a test does what a customer can do and nothing else. With `htmx=True` the
    posts are sent as htmx sends them, and the page fragment answered is what is shown next.
    """

    def __init__(self, client: Client, *, htmx: bool = False) -> None:
        self.client = client
        self.htmx = htmx
        self.shown: BeautifulSoup | None = None
        self.responses: list[Response] = []  # every response, in order

    def enter(self, token: str) -> Response:
        return self._keep(self.client.get("/", {"fp_cot": token}))

    def get(self, path: str = "/") -> Response:
        response = self._keep(self.client.get(path))
        self.shown = BeautifulSoup(response.content, "html.parser")
        return response

    def look(self) -> BeautifulSoup:
        """The page as the customer now sees it (fetched)."""
        self.get()
        assert self.shown is not None
        return self.shown

    def press(self, label: str) -> Response:
        """Submit the form of the button called `label` on the page shown."""
        soup = self.shown if self.shown is not None else self.look()
        form, fields = form_for(soup, label)
        headers = {"HX-Request": "true"} if self.htmx else {}
        response = self._keep(self.client.post(str(form["action"]), fields, headers=headers))
        self.shown = None
        if self.htmx and response.status_code == 200:
            answer = BeautifulSoup(response.content, "html.parser")
            retarget = response.get("HX-Retarget")
            self.shown = swapped(soup, retarget, answer) if retarget else answer
        return response

    def _keep(self, response: Response) -> Response:
        self.responses.append(response)
        return response


def swapped(page: BeautifulSoup, target: str, answer: BeautifulSoup) -> BeautifulSoup:
    """The page after htmx swaps in an answer aimed elsewhere than #app (HX-Retarget): its
    out-of-band parts replace what they name (`true`: the element of the same id;
    `outerHTML:<selector>`: every element the selector finds), the rest fills `target`."""
    for part in answer.select("[hx-swap-oob]"):
        how = str(part.attrs.pop("hx-swap-oob"))
        selector = how.partition(":")[2] if ":" in how else f"#{part['id']}"
        for old in page.select(selector):
            old.replace_with(copy.copy(part))
        part.extract()
    if answer.title is not None:
        answer.title.extract()
    place = page.select_one(target)
    assert place is not None, f"no {target} on the page to swap the answer into"
    place.clear()
    for node in list(answer.contents):
        place.append(node.extract())
    return page


def accessible_name(element: Tag) -> str:
    return str(element.get("aria-label") or element.get_text(" ", strip=True))


def form_for(soup: BeautifulSoup | Tag, label: str) -> tuple[Tag, dict[str, str]]:
    """The form holding the button called `label`, and the fields pressing it would send."""
    for button in soup.select("form button"):
        if accessible_name(button) != label:
            continue
        assert not button.has_attr("disabled"), f"{label} is disabled"
        form = button.find_parent("form")
        assert form is not None
        fields = {str(i["name"]): str(i.get("value", "")) for i in form.select("input[name]")}
        if button.get("name"):
            fields[str(button["name"])] = str(button.get("value", ""))
        return form, fields
    raise AssertionError(f"no button named {label!r} on the page (buttons: {button_names(soup)})")


def button_names(soup: BeautifulSoup | Tag) -> list[str]:
    return [accessible_name(b) for b in soup.select("form button")]
