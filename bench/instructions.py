"""Instructions per period change, counted by valgrind's callgrind, and where they go.

A count of instructions, unlike a time, is the same whatever else the machine is doing, so the
budget can be absolute. The app runs in-process under callgrind with `make serve`'s settings
on a throwaway PostgreSQL database, and Connect's stand-in answers from another process. A
customer enters and changes period over htmx as the browser does (the form's fields, the page
number, `HX-Request`, a browser's `Accept-Encoding`), straight through the WSGI entry that
gunicorn serves, so middleware, session, CSRF, the view, the database, the Connect call, the
templates and compression are all counted. Counting is switched on only inside the WSGI call
and the reading of its answer: the driver's own work (building the request, keeping cookies)
and the start-up are not counted, and the first changes only warm the caches.

Where the instructions go: each layer below is wrapped, in this process only, so that callgrind
writes the counts gathered so far under the name of the layer that was working, whenever one
starts or ends. Nested layers count to the innermost (a query made while rendering is the
database's).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script (`python bench/instructions.py`), this directory is on sys.path, not the project.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import argparse  # noqa: E402
import ctypes  # noqa: E402
import functools  # noqa: E402
import importlib  # noqa: E402
import inspect  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
from collections import Counter  # noqa: E402
from collections.abc import Callable  # noqa: E402
from contextlib import ExitStack  # noqa: E402
from http.cookies import SimpleCookie  # noqa: E402
from typing import Any  # noqa: E402

from bench import Row  # noqa: E402

HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent
MARKS_SOURCE = HERE / "callgrind_marks.c"
MARKS_LIBRARY = PROJECT_ROOT / "build" / "bench" / "callgrind_marks.so"
BUDGET = 9_800_000
OTHER = "the rest: middleware, session, CSRF, the form, the view"

# The layers, outermost first; each a list of callables to wrap ("module:Class.method").
LAYERS: dict[str, list[str]] = {
    "templates": ["django.template.backends.django:Template.render"],
    "page builders (view-model)": ["connect_app.routes:render", "connect_app.routes:render_period"],
    "Connect call: the HTTP exchange (httpx)": [
        "connect_app.connect.client:ConnectClient._exchange"
    ],
    "Connect call: reading and validating the reply": [
        "connect_app.connect.client:ConnectClient._read"
    ],
    "database (ORM, SQL, connection checks)": [
        "django.db.models.sql.compiler:SQLCompiler.execute_sql",
        "django.db.models.sql.compiler:SQLInsertCompiler.execute_sql",
        "django.db.models.sql.compiler:SQLUpdateCompiler.execute_sql",
        "django.db.backends.utils:CursorWrapper.execute",
        "django.db.transaction:Atomic.__enter__",
        "django.db.transaction:Atomic.__exit__",
        "django.db.backends.base.base:BaseDatabaseWrapper.close_if_unusable_or_obsolete",
        # The hot statements, written as SQL in models.py: the outcome and its log line in one
        # statement (conversation._move), the claim, the conversation read by its id.
        "connect_app.models:ConversationQuerySet.update_and_log",
        "connect_app.models:ConversationQuerySet.update_where",
        "connect_app.models:ConversationQuerySet.by_id",
    ],
    "compression (gzip)": [
        "django.middleware.gzip:GZipMiddleware.process_response",
        "connect_app.middleware:GZipMiddleware.process_response",
    ],
}
_DUMP = re.compile(r"^desc: Trigger: Client Request: (.*)$", re.MULTILINE)
_SUMMARY = re.compile(r"^(?:summary|totals): (\d+)", re.MULTILINE)


# --- the parent: builds the marks, runs the driver under callgrind, adds up the dumps ----------


def measure(
    env: dict[str, str],
    *,
    changes: int,
    warm_up: int,
    say: Callable[[str], None],
    layers: bool = True,
) -> list[Row]:
    """The counts per period change, by layer, from one run of the driver under callgrind."""
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed: apt-get install valgrind (make bench does)")
    _build_marks()
    with tempfile.TemporaryDirectory(prefix="callgrind-") as scratch:
        out = Path(scratch) / "callgrind.out"
        command = [
            "valgrind",
            "--tool=callgrind",
            "--instr-atstart=no",
            "--collect-atstart=no",
            f"--callgrind-out-file={out}",
            sys.executable,
            str(Path(__file__).resolve()),
            "--drive",
            f"--changes={changes}",
            f"--warm-up={warm_up}",
            *([] if layers else ["--no-layers"]),
        ]
        say(f"callgrind: {warm_up} period changes to warm up, then {changes} counted")
        done = subprocess.run(
            command,
            cwd=PROJECT_ROOT,
            # The same hashes every run, so dictionaries and sets do the same work.
            env={**env, "PYTHONHASHSEED": "0"},
            capture_output=True,
            text=True,
            timeout=1800,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"the driver failed under callgrind:\n{done.stdout}{done.stderr}"[-4000:]
            )
        counts = _read_dumps(Path(scratch))
    total = sum(counts.values())
    per_change = total / changes
    rows = [
        Row(
            f"instructions per period change (callgrind, {changes} counted after {warm_up})",
            f"{per_change / 1e6:.2f} M",
            f"<= {BUDGET / 1e6:.1f} M",
            per_change <= BUDGET,
        )
    ]
    for layer, count in counts.most_common():
        rows.append(
            Row(
                f"  of which {layer}",
                f"{count / changes / 1e6:.2f} M ({count / total:.0%})",
            )
        )
    return rows


def _build_marks() -> None:
    if MARKS_LIBRARY.exists() and MARKS_LIBRARY.stat().st_mtime >= MARKS_SOURCE.stat().st_mtime:
        return
    MARKS_LIBRARY.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["gcc", "-shared", "-fPIC", "-O2", "-o", str(MARKS_LIBRARY), str(MARKS_SOURCE)],
        check=True,
    )


def _read_dumps(directory: Path) -> Counter[str]:
    """Each dump's instruction count under its label (the layer that was working)."""
    counts: Counter[str] = Counter()
    for dump in directory.glob("callgrind.out*"):
        text = dump.read_text(encoding="utf-8", errors="replace")
        label, summary = _DUMP.search(text), _SUMMARY.search(text)
        if label and summary and int(summary.group(1)):
            counts[label.group(1)] += int(summary.group(1))
    return counts


# --- the driver: runs under callgrind, in the app's own process --------------------------------


class _Marks:
    """Callgrind's switches, and the stack of layers at work."""

    def __init__(self) -> None:
        self._library = ctypes.CDLL(str(MARKS_LIBRARY))
        self._library.marks_dump.argtypes = [ctypes.c_char_p]
        self._working: list[str] = []
        self.counting = False

    def start_instrumentation(self) -> None:
        self._library.marks_start_instrumentation()

    def count(self, on: bool) -> None:
        if on != self.counting:
            if not on:
                self._dump()
            self._library.marks_toggle_collect()
            self.counting = on

    def enter(self, layer: str) -> None:
        self._dump()
        self._working.append(layer)

    def leave(self) -> None:
        self._dump()
        self._working.pop()

    def _dump(self) -> None:
        if self.counting:
            self._library.marks_dump((self._working[-1] if self._working else OTHER).encode())


def _wrap_layers(marks: _Marks) -> None:
    for layer, targets in LAYERS.items():
        for target in targets:
            module_name, _, path = target.partition(":")
            owner: Any = importlib.import_module(module_name)
            *parents, name = path.split(".")
            for parent in parents:
                owner = getattr(owner, parent)
            original = inspect.getattr_static(owner, name)
            is_static = isinstance(original, staticmethod)
            function = original.__func__ if is_static else original
            wrapped = _timed(function, layer, marks)
            setattr(owner, name, staticmethod(wrapped) if is_static else wrapped)


def _timed(function: Callable[..., Any], layer: str, marks: _Marks) -> Callable[..., Any]:
    @functools.wraps(function)
    def within_layer(*args: Any, **kwargs: Any) -> Any:
        marks.enter(layer)
        try:
            return function(*args, **kwargs)
        finally:
            marks.leave()

    return within_layer


class _Browser:
    """A customer's browser on the WSGI entry: cookies kept, requests built outside the count."""

    def __init__(self, application: Any, marks: _Marks) -> None:
        self.application = application
        self.marks = marks
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, *, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> tuple[int, bytes]:
        path, _, query = path.partition("?")
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "HTTP_HOST": "127.0.0.1:8000",
            "HTTP_ACCEPT_ENCODING": "gzip, deflate, br",
            "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            "CONTENT_LENGTH": str(len(body)),
            "CONTENT_TYPE": "application/x-www-form-urlencoded" if body else "",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.version": (1, 0),
            "wsgi.multithread": True,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        for name, value in (headers or {}).items():
            environ[f"HTTP_{name.upper().replace('-', '_')}"] = value
        answered: list[Any] = []

        def start_response(status: str, response_headers: list[tuple[str, str]], *_: Any) -> None:
            answered.append((status, response_headers))

        self.marks.count(True)
        response = self.application(environ, start_response)
        try:
            content = b"".join(response)
        finally:
            close = getattr(response, "close", None)
            if close is not None:
                close()
            self.marks.count(False)
        status, response_headers = answered[0]
        for name, value in response_headers:
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        return int(status.split()[0]), content


def _drive(changes: int, warm_up: int, *, layers: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "connect_app.settings")
    from connect_app.wsgi import application

    marks = _Marks()
    browser = _Browser(application, marks)
    token = f"cot_instructions_{os.getpid()}"
    status, _ = browser.request("GET", f"/?fp_cot={token}")
    if status != 302:
        raise SystemExit(f"entry answered {status}")
    status, page = browser.request("GET", "/", headers={"Accept-Encoding": "identity"})
    seq = re.search(rb'name="seq" value="(\d+)"', page)
    csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or seq is None or csrf is None:
        raise SystemExit(f"the dashboard answered {status}")
    number, form_token = int(seq.group(1)), csrf.group(1).decode()

    def change_period(turn: int) -> None:
        nonlocal number
        month = ("2025-01-01", "2025-02-01")[turn % 2]
        body = (
            f"csrfmiddlewaretoken={form_token}&seq={number}&period_type=MONTH"
            f"&period_start={month}&action=CHANGE_PERIOD"
        ).encode()
        status, _ = browser.request(
            "POST",
            "/act",
            body=body,
            headers={
                "Origin": "http://127.0.0.1:8000",
                "HX-Request": "true",
                "HX-Target": "app",
                "HX-Current-URL": "http://127.0.0.1:8000/",
            },
        )
        if status != 200:
            raise SystemExit(f"a period change answered {status}")
        number += 1

    for turn in range(warm_up):
        change_period(turn)
    if layers:
        _wrap_layers(marks)
    marks.start_instrumentation()
    for turn in range(warm_up, warm_up + changes):
        change_period(turn)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--changes", type=int, default=20, help="period changes counted")
    parser.add_argument("--warm-up", type=int, default=20, help="period changes before counting")
    parser.add_argument(
        "--no-layers",
        dest="layers",
        action="store_false",
        help="count the whole only (the wrappers that split it cost about 1 %%)",
    )
    parser.add_argument("--drive", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.drive:
        _drive(options.changes, options.warm_up, layers=options.layers)
        return 0
    return _standalone(options)


def _standalone(options: argparse.Namespace) -> int:
    """`python bench/instructions.py`: the count alone, with its own stand-in and database."""
    from bench import report
    from support import instances
    from support.connect_stub import StubConnect, vpp_summary_reply

    with ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-")))
        connect = stack.enter_context(
            StubConnect(latency_s=0, keep_alive=True, always=vpp_summary_reply)
        )
        database = stack.enter_context(instances.throwaway_postgres_database("instructions"))
        env = instances.production_env(
            database_url=database,
            connect_url=connect.url,
            extra={"DJANGO_STATIC_ROOT": str(scratch / "static")},
        )
        instances.migrate(env)
        instances.collect_static(env)
        rows = measure(
            env,
            changes=options.changes,
            warm_up=options.warm_up,
            say=_say,
            layers=options.layers,
        )
    return 0 if report(rows, "instructions per period change") else 1


def _say(message: str) -> None:
    print(f"instructions: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
