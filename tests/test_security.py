"""Security properties: response headers, cookies, scripts, the token, redirects, configuration.

- Every kind of response carries the same protective headers (CSP, nosniff, Referrer-Policy,
  Permissions-Policy), whoever produced it: a view, an error handler, WhiteNoise.
- No template output carries inline script; the CSP would block it anyway.
- The connect token never appears in a log record (any logger, DEBUG and up), a response body,
  a Location or HX-Redirect header, except where A8 puts it: the provider redirect.
- Only http(s) and configured deep-link schemes are ever followed out of the app (A8).
- The production settings refuse to start without a strong key and named hosts, and pass
  Django's deployment checklist.
"""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.serializers import JSONSerializer
from django.core import signing
from django.http import StreamingHttpResponse
from django.templatetags.static import static
from django.test import Client

from connect_app.connect.exits import is_allowed_redirect
from connect_app.connect.replies import Page
from connect_app.conversation import SESSION_KEY
from connect_app.models import Conversation
from support.connect_stub import Reply, StubConnect, Visitor
from tests.environments import SETUP as SETUP_CODE
from tests.environments import clean_env, run_python
from tests.factories import error_reply, page_reply, summary_reply

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

PROJECT = Path(__file__).resolve().parent.parent
TOKEN = "cot_security_token_7Qx2"
# Tokens the entry form accepts need not look like Flatpeak's: redaction cannot lean on "cot_".
OTHER_TOKEN = "Zq81-private.Token_xy"
PROVIDER = "https://provider.example/login"
CALLBACK = "https://integrator.example/vpp/done"


@pytest.fixture
def connect(settings: Any) -> Iterator[StubConnect]:
    with StubConnect() as stub:
        settings.FLATPEAK_CONNECT_URL = stub.url
        yield stub


def on_dashboard(client: Client, connect: StubConnect, token: str = TOKEN) -> Visitor:
    connect.reply(Reply.json({**summary_reply(), "connect_token": token}))
    visitor = Visitor(client)
    assert visitor.enter(token).status_code == 302
    visitor.look()
    return visitor


# --- headers ---------------------------------------------------------------------------------


def csp_directives(response: Response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, (
        f"no Content-Security-Policy on {response.status_code} {response.get('Content-Type')}"
    )
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name.lower()] = values
    return directives


def assert_protective_headers(response: Response) -> None:
    csp = csp_directives(response)
    assert csp.get("default-src") == ["'self'"]
    script = csp.get("script-src", csp["default-src"])
    for unsafe in ("'unsafe-inline'", "'unsafe-eval'", "*", "data:", "http:", "https:"):
        assert unsafe not in script, f"script-src allows {unsafe}"
    assert csp.get("frame-ancestors") == ["'none'"]
    assert csp.get("object-src") == ["'none'"]
    assert csp.get("base-uri") in (["'none'"], ["'self'"])
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in ("no-referrer", "same-origin")
    permissions = response.headers.get("Permissions-Policy", "")
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions, f"Permissions-Policy leaves {feature} open"
    assert "*" not in permissions


@pytest.fixture
def responses_of_every_kind(client: Client, connect: StubConnect) -> dict[str, Response]:
    welcome = Client().get("/")
    on_dashboard(client, connect)
    strict = Client(enforce_csrf_checks=True)
    responses = {
        "welcome": welcome,
        "dashboard": client.get("/"),
        "400": client.post("/act", {"action": "not an action", "seq": "0"}),
        "403": strict.post("/act", {"action": "BACK", "seq": "0"}),
        "404": client.get("/nowhere"),
        "healthz": client.get("/healthz"),
        "static css": client.get(static("css/app.css")),
        "static svg": client.get(static("img/icon.svg")),
    }
    for response in responses.values():
        if isinstance(response, StreamingHttpResponse):  # a file: read it through, close it
            response.getvalue()
            response.close()
    return responses


KINDS = ["welcome", "dashboard", "400", "403", "404", "healthz", "static css", "static svg"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_of_response_carries_the_protective_headers(
    responses_of_every_kind: dict[str, Response], kind: str
) -> None:
    response = responses_of_every_kind[kind]
    assert response.status_code < 500
    if kind.startswith("static"):
        assert response.status_code == 200, "the static file is not served"
    assert_protective_headers(response)


@pytest.mark.django_db
def test_session_and_csrf_cookies_are_http_only_and_same_site_lax(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(Reply.json(summary_reply()))
    entry = client.get("/", {"fp_cot": TOKEN})
    page = client.get("/")
    session = entry.cookies["sessionid"]
    csrf = page.cookies.get("csrftoken") or entry.cookies["csrftoken"]
    for cookie in (session, csrf):
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key
        assert TOKEN not in cookie.value


@pytest.mark.django_db
def test_the_signed_session_cookie_holds_only_the_conversation_id(
    client: Client, connect: StubConnect
) -> None:
    connect.reply(Reply.json(summary_reply()))
    entry = client.get("/", {"fp_cot": TOKEN})
    # The cookie is signed, not encrypted: decoded, it must still say nothing about the token.
    stored = signing.loads(
        entry.cookies["sessionid"].value,
        salt="django.contrib.sessions.backends.signed_cookies",
        serializer=JSONSerializer,
    )
    conversation = Conversation.objects.get()
    assert stored == {SESSION_KEY: str(conversation.id)}
    assert conversation.connect_token == TOKEN
    # A cookie whose signature does not match is no session at all, not an error.
    client.cookies["sessionid"] = entry.cookies["sessionid"].value[:-2] + "xx"
    assert client.get("/").status_code == 200
    assert len(connect.requests) == 1


# --- no inline script ------------------------------------------------------------------------


def assert_no_inline_code(response: Response) -> None:
    """Scripts only from files (src=) or as JSON data; no handlers, javascript: URLs or styles."""
    soup = BeautifulSoup(response.content, "html.parser")
    for script in soup.find_all("script"):
        if script.get("src"):
            assert not script.get_text(strip=True), "a script with src= also has content"
            continue
        assert script.get("type") == "application/json", f"inline script: {str(script)[:120]}"
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            assert not name.lower().startswith("on"), f"inline handler {name} on <{element.name}>"
            if name in ("href", "src", "action", "formaction"):
                assert not str(value).strip().lower().startswith("javascript:")
        # style-src 'self' has no 'unsafe-inline' either: an inline style would be dropped.
        assert "style" not in element.attrs, f"inline style on <{element.name}>"
    assert soup.find("style") is None


SCREENS: dict[str, Reply] = {
    "dashboard": Reply.json(summary_reply()),
    "dashboard with hostile text": Reply.json(
        summary_reply(
            **{
                "programme.learn_more_url": "javascript:alert(1)",
                "programme.programme_display_name": '<img src=x onerror="alert(1)">',
                "programme.participation_state": "<script>alert(1)</script>",
            }
        )
    ),
    "day dashboard": Reply.json(
        summary_reply(
            **{"performance.period_type": "DAY", "performance.period_start": "2025-02-16"}
        )
    ),
    "landing": Reply.json(
        page_reply(
            "vpp_landing",
            {"programmes": [{"programme_display_name": "Powershare"}], "tariff_connected": False},
            actions=["CONNECT_TARIFF", "BACK", "CLOSE"],
        )
    ),
    "generic": Reply.json(
        page_reply("home_survey_input", {"message": "<script>alert(1)</script>"})
    ),
    "notice": Reply(status=502, body=b"<html>bad gateway</html>", content_type="text/html"),
    "expired": Reply.json(error_reply("token_expired", "Expired."), status=401),
    "closed": Reply.json(page_reply("session_complete", {})),
}


@pytest.mark.django_db
@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_screen_has_inline_script(client: Client, connect: StubConnect, screen: str) -> None:
    if screen in ("notice", "expired", "closed"):
        visitor = on_dashboard(client, connect)
        connect.reply(SCREENS[screen])
        visitor.press("Close" if screen == "closed" else "Manage participation")
    else:
        connect.reply(SCREENS[screen])
        client.get("/", {"fp_cot": TOKEN})
    page = client.get("/")
    assert page.status_code == 200
    assert_no_inline_code(page)
    partial = client.get("/", headers={"HX-Request": "true"})
    assert_no_inline_code(partial)


@pytest.mark.django_db
def test_the_welcome_and_problem_pages_have_no_inline_script(client: Client) -> None:
    for response in (client.get("/"), client.get("/nowhere"), client.get("/?fp_cot=x")):
        assert_no_inline_code(response)


# --- the token -------------------------------------------------------------------------------


@pytest.fixture
def every_log_record(caplog: pytest.LogCaptureFixture) -> pytest.LogCaptureFixture:
    """Every logger at DEBUG, including those the settings quieten (httpx, httpcore)."""
    caplog.set_level(logging.DEBUG)
    for name in list(logging.root.manager.loggerDict):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def record_text(record: logging.LogRecord) -> str:
    parts = [record.getMessage(), repr(record.args), str(record.msg), record.exc_text or ""]
    if record.exc_info:
        parts.append(logging.Formatter().formatException(record.exc_info))
    return " ".join(parts)


def visible_text(response: Response) -> str:
    """Everything a response shows or sends the browser to: body and the address headers."""
    body = b"" if response.streaming else response.content
    headers = [response.get(h, "") for h in ("Location", "HX-Redirect", "Refresh", "Link")]
    cookies = [m.OutputString() for m in response.cookies.values()]
    return " ".join([body.decode(errors="replace"), *headers, *cookies])


def journey(visitor: Visitor, connect: StubConnect, token: str) -> Response:
    """Enter, change period twice, manage participation, back, a failure, try again, close."""
    envelope = {"connect_token": token}
    january = summary_reply(
        **{"performance.period_start": "2025-01-01", "performance.period_end": "2025-01-31"}
    )
    year = summary_reply(
        **{"performance.period_type": "YEAR", "performance.period_start": "2025-01-01"}
    )
    participation = page_reply(
        "vpp_participation", {"current_state": "ACTIVE", "connect_token": token}
    )
    connect.reply(
        Reply.json({**summary_reply(), **envelope}),
        Reply.json({**january, **envelope}),
        Reply.json({**year, **envelope}),
        Reply.json({**participation, **envelope}),
        Reply.json({**summary_reply(), **envelope}),
        Reply.json(error_reply("rate_limit", "Too many requests.", **envelope), status=429),
        Reply.json({**summary_reply(), **envelope}),
        Reply.json(page_reply("session_complete", {"callback_url": CALLBACK}, **envelope)),
    )
    assert visitor.enter(token).status_code == 302
    visitor.look()
    for label in ("Previous period", "Year", "Manage participation", "Back"):
        assert visitor.press(label).status_code in (200, 303), label
        if visitor.shown is None:
            visitor.look()
    visitor.press("Previous period")
    if visitor.shown is None:
        visitor.look()
    assert "Your energy programme is busy" in (visitor.shown or visitor.look()).get_text(" ")
    visitor.press("Try again")
    if visitor.shown is None:
        visitor.look()
    closing = visitor.press("Close")
    assert connect.pending == 0 and connect.errors == []
    return closing


@pytest.mark.django_db
@pytest.mark.parametrize("token", [TOKEN, OTHER_TOKEN], ids=["cot token", "other token"])
@pytest.mark.parametrize("via", ["form", "htmx"])
def test_a_whole_journey_never_shows_or_logs_the_token(
    client: Client,
    connect: StubConnect,
    every_log_record: pytest.LogCaptureFixture,
    token: str,
    via: str,
) -> None:
    visitor = Visitor(client, htmx=via == "htmx")
    closing = journey(visitor, connect, token)

    exit_header = "Location" if via == "form" else "HX-Redirect"
    assert closing[exit_header] == CALLBACK
    for response in visitor.responses:
        assert token not in visible_text(response)
    assert len(every_log_record.records) > 10  # the capture works
    leaks = [record_text(r) for r in every_log_record.records if token in record_text(r)]
    assert leaks == []


@pytest.mark.django_db
@pytest.mark.parametrize("via", ["form", "htmx"])
def test_the_provider_redirect_is_the_one_place_the_token_goes(
    client: Client, connect: StubConnect, every_log_record: pytest.LogCaptureFixture, via: str
) -> None:
    visitor = on_dashboard(client, connect)
    visitor.htmx = via == "htmx"
    connect.reply(Reply.json(page_reply("session_redirect", {"redirect_url": PROVIDER})))
    left = visitor.press("Manage payments")
    header = "Location" if via == "form" else "HX-Redirect"
    assert left[header] == f"{PROVIDER}?fp_cot={TOKEN}"
    assert TOKEN not in left.content.decode()
    for response in visitor.responses[:-1]:
        assert TOKEN not in visible_text(response)
    assert not [r for r in every_log_record.records if TOKEN in record_text(r)]


@pytest.mark.django_db
def test_a_token_inside_a_page_s_values_is_not_shown(client: Client, connect: StubConnect) -> None:
    """Connect may echo the token inside a value (a link, a reference); the page must not."""
    reply = page_reply(
        "tariff_connection_pending",
        {
            "message": f"Your reference is {TOKEN}.",
            "resume_link": f"https://connect.flatpeak.com/resume?fp_cot={TOKEN}",
            "details": {"session": TOKEN, "steps": [f"Opened with {TOKEN}"]},
        },
        actions=["EDIT", "BACK", "CLOSE"],
    )
    connect.reply(Reply.json(reply))
    client.get("/", {"fp_cot": TOKEN})
    page = client.get("/")
    assert page.status_code == 200
    assert "We are connecting your tariff" in page.content.decode()
    assert "Your reference is [hidden]." in page.content.decode()
    assert TOKEN not in page.content.decode()


# --- redirects -------------------------------------------------------------------------------

REFUSED_TARGETS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "\njavascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/steal",
    "/\\evil.example",
    "\\\\evil.example",
    "https:evil.example",
    "http://",
    "ftp://files.example/x",
    "myapp://done",  # a deep link, but not a configured one
    "",
]


@pytest.mark.parametrize("url", REFUSED_TARGETS)
def test_only_http_and_configured_schemes_are_allowed_targets(url: str) -> None:
    assert not is_allowed_redirect(url)


@pytest.mark.parametrize(
    "url", ["https://provider.example/x?y=1", "HTTP://provider.example", "myapp://vpp/done"]
)
def test_http_and_configured_deep_links_are_allowed_targets(url: str, settings: Any) -> None:
    settings.CONNECT_ALLOWED_REDIRECT_SCHEMES = ["myapp"]
    assert is_allowed_redirect(url)


# Through the views: each way a target is refused, for both exits, by a form and by htmx.
EXITS = {
    "provider redirect": ("session_redirect", "redirect_url", "Manage payments"),
    "callback": ("session_complete", "callback_uri", "Close"),
}
VIEW_CASES = [
    (url, exit_name, "form")
    for url in (
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "//evil.example/steal",
        "https:evil.example",
    )
    for exit_name in EXITS
] + [
    (url, exit_name, "htmx")
    for url in ("javascript:alert(1)", "//evil.example/x")
    for exit_name in EXITS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "exit_name", "via"), VIEW_CASES)
def test_a_refused_target_keeps_the_customer_in_the_app(
    client: Client,
    connect: StubConnect,
    settings: Any,
    url: str,
    exit_name: str,
    via: str,
) -> None:
    route, field, button = EXITS[exit_name]
    settings.CONNECT_ALLOWED_REDIRECT_SCHEMES = ["myapp"]
    visitor = on_dashboard(client, connect)
    visitor.htmx = via == "htmx"
    connect.reply(Reply.json(page_reply(route, {field: url})))
    answer = visitor.press(button)
    assert answer.status_code in (200, 303)
    assert "HX-Redirect" not in answer
    if via == "form":
        assert answer["Location"] == "/"
    page = visitor.shown or visitor.look()
    assert page.select_one("h1") is not None


@pytest.mark.django_db
@pytest.mark.parametrize("field", ["redirect_url", "callback_uri"])
def test_a_target_with_line_breaks_cannot_inject_headers(
    client: Client, connect: StubConnect, field: str
) -> None:
    visitor = on_dashboard(client, connect)
    route = "session_redirect" if field == "redirect_url" else "session_complete"
    target = "https://provider.example/x\r\nSet-Cookie: stolen=1\r\nX-Injected: 1"
    connect.reply(Reply.json(page_reply(route, {field: target})))
    answer = visitor.press("Manage payments" if field == "redirect_url" else "Close")
    assert answer.status_code == 303
    assert "X-Injected" not in answer
    assert "stolen" not in answer.cookies
    assert "\n" not in answer["Location"] and "\r" not in answer["Location"]


# --- production configuration ------------------------------------------------------------------


def django_env(**variables: str) -> dict[str, str]:
    """A production-like environment talking to a Connect, with `variables` on top."""
    return clean_env(FLATPEAK_CONNECT_URL="https://connect.example.com", **variables)


STRONG_KEY = secrets.token_urlsafe(50)
SETUP = ["-c", SETUP_CODE]


@pytest.mark.parametrize(
    ("variables", "words"),
    [
        ({}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "changeme"}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "django-insecure-" + STRONG_KEY}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": secrets.token_urlsafe(20)}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": "ab" * 40}, "DJANGO_SECRET_KEY must be set"),
        ({"DJANGO_SECRET_KEY": STRONG_KEY}, "DJANGO_ALLOWED_HOSTS must list"),
        (
            {"DJANGO_SECRET_KEY": STRONG_KEY, "DJANGO_ALLOWED_HOSTS": " , "},
            "DJANGO_ALLOWED_HOSTS must list",
        ),
        (
            {
                "DJANGO_SECRET_KEY": STRONG_KEY,
                "DJANGO_ALLOWED_HOSTS": "example.com",
                "DJANGO_DEBUG": "maybe",
            },
            "DJANGO_DEBUG must be a boolean",
        ),
    ],
    ids=[
        "no key",
        "empty key",
        "weak word",
        "django-insecure key",
        "short key",
        "repetitive key",
        "no hosts",
        "blank hosts",
        "unreadable debug flag",
    ],
)
def test_production_settings_refuse_to_start_when_unsafe(
    variables: dict[str, str], words: str
) -> None:
    env = django_env(**{"DJANGO_DEBUG": "0", **variables})
    result = run_python(SETUP, env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert words in result.stderr


def test_production_settings_start_with_a_strong_key_and_named_hosts() -> None:
    """Control for the refusals above: the same start-up with safe values succeeds."""
    env = django_env(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com"
    )
    result = run_python(SETUP, env)
    assert result.returncode == 0, result.stderr


def test_production_settings_pass_the_deployment_checklist() -> None:
    env = django_env(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com"
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_https_is_enforced() -> None:
    env = django_env(
        DJANGO_DEBUG="0", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com"
    )
    names = [
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "CSRF_COOKIE_HTTPONLY",
        "SECURE_SSL_REDIRECT",
    ]
    show = "; ".join(f"print(settings.{name})" for name in names)
    code = f"import django; django.setup(); from django.conf import settings; {show}"
    result = run_python(["-c", code], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True"] * len(names)


@pytest.mark.parametrize("secret", ["cot_test_token_0001", 'odd"token\\with\u00e9scapes'])
def test_a_page_repeating_the_token_anywhere_shows_it_masked(secret: str) -> None:
    page = Page.from_reply(
        {"route": "vpp_summary", "data": {"a": [{"b": f"see {secret} here"}], "c": 1.5}}
    )
    masked = page.without(secret)
    assert secret not in json.dumps(masked.payload, ensure_ascii=False)
    assert masked.payload["a"][0]["b"] == "see [hidden] here"
    assert page.without("cot_not_there_0002") is page  # nothing to mask: the same page
