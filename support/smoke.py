"""What the smoke tests of the image and of compose.yaml share: a customer's browser.

Standard library only: bin/smoke-image and bin/smoke-compose run where no virtualenv exists.
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass

# The fields every JSON log line has, whichever process wrote it (connect_app/observability/logs).
LOG_FIELDS = ("time", "level", "logger", "message")


def run(*args: str, check: bool = True, timeout: float | None = None) -> str:
    """A command's output, both streams; a failure stops the smoke test with that output."""
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=timeout)
    if check and done.returncode != 0:
        raise SystemExit(
            f"{' '.join(args[:5])}... failed ({done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return done.stdout + done.stderr


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: str


class Browser:
    """One customer: a cookie jar that every instance of the deployment sees (cookies are
    kept per host, whatever the port)."""

    def __init__(self) -> None:
        self._opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, url: str, headers: dict[str, str] | None = None) -> Answer:
        return self._open(urllib.request.Request(url, headers=headers or {}))

    def post(self, url: str, data: bytes) -> Answer:
        return self._open(urllib.request.Request(url, data=data))

    def _open(self, request: urllib.request.Request) -> Answer:
        try:
            with self._opener.open(request, timeout=20) as response:
                return Answer(
                    response.status,
                    response.headers.get("Content-Type", ""),
                    response.read().decode(),
                )
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.headers.get("Content-Type", ""), error.read().decode())


def wait_until_ready(base: str, *, timeout_s: float, diagnosis: Callable[[], str]) -> float:
    """Seconds until `base`/readyz answered 200; stops the smoke test with `diagnosis()`."""
    started = time.monotonic()
    browser = Browser()
    answer = Answer(0, "", "")
    while time.monotonic() - started < timeout_s:
        try:
            answer = browser.get(f"{base}/readyz")
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            answer = Answer(0, "", "no answer")
        if answer.status == 200:
            return time.monotonic() - started
        time.sleep(0.5)
    raise SystemExit(
        f"{base}/readyz never answered 200 ({answer.status} {answer.body})\n{diagnosis()}"
    )


def open_sandbox_dashboard(browser: Browser, base: str, customer: str = "active") -> str:
    """A demo customer's dashboard, entered as a host app opens it: a sandbox token, then
    `/?fp_cot=`. The page, after the redirect that drops the token."""
    minted = browser.post(f"{base}/sandbox/tokens", json.dumps({"customer": customer}).encode())
    assert minted.status == 201, (minted.status, minted.body[:300])
    token = json.loads(minted.body)["connect_token"]
    page = browser.get(f"{base}/?fp_cot={token}")
    assert page.status == 200 and "<canvas data-chart=" in page.body, (
        page.status,
        page.body[:500],
    )
    return page.body


def period_label(page: str) -> str:
    found = re.search(r'<h2 id="period-label"[^>]*>([^<]+)</h2>', page)
    assert found, "the dashboard shows no period"
    return found.group(1).strip()


def previous_period(page: str) -> tuple[str, bytes]:
    """The form of the dashboard's "previous period" arrow: where it posts, and what."""
    form = next(
        (
            form
            for form in re.findall(r"<form\b.*?</form>", page, re.DOTALL)
            if 'data-step="previous"' in form
        ),
        None,
    )
    assert form, "the dashboard has no previous-period arrow"
    action = re.search(r'action="([^"]+)"', form)
    assert action
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    fields["action"] = "CHANGE_PERIOD"
    return action.group(1), urllib.parse.urlencode(fields).encode()


def not_json_lines(text: str) -> list[str]:
    """The lines of a log that are not one JSON object with the fields every line has."""
    wrong = []
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            entry = json.loads(line)
        except ValueError:
            wrong.append(line)
            continue
        if not isinstance(entry, dict) or not all(field in entry for field in LOG_FIELDS):
            wrong.append(line)
    return wrong
