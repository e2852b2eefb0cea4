"""A stand-in for Flatpeak Connect over real HTTP, for faults a mocked transport cannot produce.

`http.server` in a thread on 127.0.0.1 (a port the OS picks). A test queues the replies the
next calls get, in order; every request is recorded. A reply can also hang, answer late, drop
the connection, announce more bytes than it sends, or send a body far larger than the app reads.

    with StubConnect() as stub:
        stub.reply(Reply.json(summary_reply()), Reply(status=502, body=b"<html>"))
        ...
        assert [r.action for r in stub.requests] == ["VPP", "CHANGE_PERIOD"]
"""

from __future__ import annotations

import json
import socket
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import TYPE_CHECKING, Any

from bs4 import BeautifulSoup, Tag

if TYPE_CHECKING:
    from django.test import Client
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

# How long a hanging reply waits at most before giving up (the stub's teardown ends it sooner).
HANG_LIMIT_S = 30.0


@dataclass(frozen=True)
class Reply:
    """What the stub answers to one request."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: tuple[tuple[str, str], ...] = ()
    delay_s: float = 0.0  # answer after this long
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


@dataclass
class _State:
    queue: deque[Reply] = field(default_factory=deque)
    fallback: Reply | None = None
    received: list[Received] = field(default_factory=list)
    # Replies whose body could not be sent in full because the client hung up.
    aborted: int = 0
    errors: list[str] = field(default_factory=list)


class StubConnect:
    """A Connect endpoint on 127.0.0.1 that answers what each test tells it to."""

    def __init__(self) -> None:
        self._state = _State()
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

    def always(self, reply: Reply | None) -> None:
        """The reply for any request when the queue is empty (None: a loud 500)."""
        with self._changed:
            self._state.fallback = reply

    def reset(self) -> None:
        """Forget queued replies, the fallback and everything received (a stub shared by tests)."""
        with self._changed:
            self._state = _State()

    # --- observing ---------------------------------------------------------------------------

    @property
    def requests(self) -> list[Received]:
        with self._changed:
            return list(self._state.received)

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
            reply = self._state.queue.popleft() if self._state.queue else self._state.fallback
            if reply is None:
                self._state.errors.append(f"no reply queued for {received.raw[:200]!r}")
            self._changed.notify_all()
            return reply

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
    stub: StubConnect

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hung up is an expected event here, not something to print.
        self.stub._note(error=f"handler error for {client_address!r}")


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 10  # seconds a connection may sit idle before the handler gives up

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
        self.close_connection = True
        if reply is None:
            reply = Reply(status=500, body=b"stub: no reply queued", content_type="text/plain")
        if reply.hang:
            stub._wait(HANG_LIMIT_S)
            return
        if reply.delay_s:
            stub._wait(reply.delay_s)
        if reply.drop:
            return
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            declared = reply.length if reply.declared_length is None else reply.declared_length
            self.send_header("Content-Length", str(declared))
            self.send_header("Connection", "close")
            for name, value in reply.headers:
                self.send_header(name, value)
            self.end_headers()
            for _ in range(reply.repeat):
                self.wfile.write(reply.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            stub._note(aborted=True)


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
            self.shown = BeautifulSoup(response.content, "html.parser")
        return response

    def _keep(self, response: Response) -> Response:
        self.responses.append(response)
        return response


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
