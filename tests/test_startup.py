"""A setting that cannot work stops serve, migrate, purge and manage with one line.

Each process is started as the image starts it (bin/entrypoint, from this checkout), with a
production environment and one thing wrong. It must exit with status 78 (69 for a database
that cannot be reached), write nothing else, and say in that one line which variable to set;
with DJANGO_LOG_FORMAT=json the line is a JSON object like every other line.
"""

from __future__ import annotations

import json
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.environments import PROJECT, clean_env

KEY = secrets.token_urlsafe(50)
WORDS = {
    "serve": ["serve"],
    "migrate": ["migrate"],
    "purge": ["purge"],
    "manage": ["manage", "check"],
}


def start(word: str, tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    env = clean_env(
        # The entry point runs `python3` and `gunicorn`: this virtualenv's, as the image's.
        PATH=f"{Path(sys.executable).parent}:/usr/bin:/bin",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="vpp.example.com",
        CONNECT_SANDBOX_ENABLED="1",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HOST="127.0.0.1",
        PORT="0",
    )
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        ["bin/entrypoint", *WORDS[word]],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def one_line(result: subprocess.CompletedProcess[str], log_format: str, status: int = 78) -> str:
    """The refusal's message, once the process is shown to have said nothing else."""
    assert result.returncode == status, (result.returncode, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    if log_format == "json":
        entry = json.loads(lines[0])
        assert (entry["level"], entry["logger"]) == ("CRITICAL", "connect_app.startup")
        return str(entry["message"])
    assert " CRITICAL connect_app.startup " in lines[0]
    return lines[0]


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("word", list(WORDS))
def test_without_a_secret_key_every_word_stops_with_one_line(
    word: str, log_format: str, tmp_path: Path
) -> None:
    result = start(word, tmp_path, DJANGO_SECRET_KEY="", DJANGO_LOG_FORMAT=log_format)
    line = one_line(result, log_format)
    assert "DJANGO_SECRET_KEY must be set to a random value of at least 40 characters" in line
    # What to run to make one, wherever the app runs; the image has no `make setup`.
    assert "secrets.token_urlsafe(50)" in line and "make setup" not in line


@pytest.mark.parametrize(
    ("word", "log_format", "variables", "says"),
    [
        # A compose file whose variable was passed on unexpanded is not a secret.
        (
            "serve",
            "json",
            {"CONNECT_METRICS_TOKEN": "${CONNECT_METRICS_TOKEN:-}"},
            "CONNECT_METRICS_TOKEN must be a secret of at least 24 random characters",
        ),
        (
            "manage",
            "text",
            {"CONNECT_METRICS_TOKEN": "prometheus"},
            "CONNECT_METRICS_TOKEN must be a secret of at least 24 random characters",
        ),
        (
            "migrate",
            "json",
            {"DATABASE_URL": "mysql://vpp:hunter2hunter2@db/vpp"},
            "DATABASE_URL must be a postgres://user:password@host:5432/name URL",
        ),
        (
            "purge",
            "text",
            {"DJANGO_LOG_LEVEL": "LOUD"},
            "DJANGO_LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'LOUD'",
        ),
        (
            "serve",
            "text",
            {"SENTRY_DSN": "sentry.example.com"},
            "SENTRY_DSN must be a DSN from your Sentry project",
        ),
        (
            "manage",
            "json",
            {"DJANGO_ALLOWED_HOSTS": ""},
            "DJANGO_ALLOWED_HOSTS must list the host names this app serves",
        ),
        (
            "serve",
            "text",
            {"CONNECT_BRAND_ACCENT": "green"},
            "CONNECT_BRAND_ACCENT must be a colour written #rrggbb, not 'green'",
        ),
        # gunicorn.conf.py's own numbers are read before the settings, and refused alike.
        ("serve", "json", {"GUNICORN_THREADS": "eight"}, "GUNICORN_THREADS must be a whole number"),
    ],
    ids=[
        "token-placeholder",
        "token-short",
        "database-url",
        "log-level",
        "sentry",
        "hosts",
        "accent",
        "threads",
    ],
)
def test_a_wrong_setting_stops_with_one_line_naming_it(
    word: str, log_format: str, variables: dict[str, str], says: str, tmp_path: Path
) -> None:
    line = one_line(start(word, tmp_path, DJANGO_LOG_FORMAT=log_format, **variables), log_format)
    assert says in line
    assert "hunter2" not in line  # a database URL's password is never repeated


def test_a_metrics_token_that_is_a_secret_is_accepted(tmp_path: Path) -> None:
    result = start("manage", tmp_path, CONNECT_METRICS_TOKEN=secrets.token_urlsafe(18))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unknown_log_format_is_refused_in_the_one_format_left(tmp_path: Path) -> None:
    line = one_line(start("serve", tmp_path, DJANGO_LOG_FORMAT="xml"), "text")
    assert "DJANGO_LOG_FORMAT must be text or json, not 'xml'" in line


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_database_that_cannot_be_reached_stops_a_command_with_one_line(
    log_format: str, tmp_path: Path
) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]  # nothing listens there once it is closed
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=PROJECT,
        env=clean_env(
            DJANGO_SECRET_KEY=KEY,
            DJANGO_ALLOWED_HOSTS="vpp.example.com",
            CONNECT_SANDBOX_ENABLED="1",
            DATABASE_URL=f"postgres://vpp:hunter2hunter2@127.0.0.1:{port}/vpp",
            DJANGO_LOG_FORMAT=log_format,
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = one_line(result, log_format, status=69)
    assert "The database named by DATABASE_URL cannot be reached" in line and str(port) in line
    assert "hunter2" not in line
