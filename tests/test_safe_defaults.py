"""Safe by default: production reads no `.env`, debugs only when told, and serves no sandbox
unless told; a deployment with neither a Connect nor the sandbox does not start."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from tests.environments import PROJECT, SETUP, clean_env, refusal, run_python

KEY = secrets.token_urlsafe(50)
SHOW = (
    f"{SETUP}; from django.conf import settings; "
    "print(settings.DEBUG, settings.CONNECT_SANDBOX_ENABLED)"
)


@pytest.fixture
def checkout_with_dotenv(tmp_path: Path) -> Path:
    """The project as `make setup` leaves it: a development .env that turns debugging on."""
    for name in ("connect_app", "connect_sandbox", "templates", "static", "locale", "manage.py"):
        (tmp_path / name).symlink_to(PROJECT / name)
    (tmp_path / ".env").write_text(f"DJANGO_DEBUG=1\nDJANGO_SECRET_KEY={KEY}\n")
    return tmp_path


def test_the_wsgi_application_never_reads_the_development_env(checkout_with_dotenv: Path) -> None:
    env = clean_env(PYTHONPATH=str(checkout_with_dotenv))
    del env["DJANGO_IGNORE_DOTENV"]
    loaded = run_python(["-c", "import connect_app.wsgi"], env, cwd=checkout_with_dotenv)
    # Neither the .env's DEBUG nor its key: production settings, which demand a real key.
    assert "DJANGO_SECRET_KEY must be set" in refusal(loaded)
    served = run_python(
        ["-c", "import connect_app.wsgi; from django.conf import settings; print(settings.DEBUG)"],
        {
            **env,
            "DJANGO_SECRET_KEY": KEY,
            "DJANGO_ALLOWED_HOSTS": "example.com",
            "FLATPEAK_CONNECT_URL": "https://connect.example.com",
        },
        cwd=checkout_with_dotenv,
    )
    assert served.returncode == 0, served.stderr
    assert served.stdout.split() == ["False"]


def test_manage_py_reads_the_development_env_for_make_run(checkout_with_dotenv: Path) -> None:
    env = clean_env(PYTHONPATH=str(checkout_with_dotenv))
    del env["DJANGO_IGNORE_DOTENV"]
    shown = run_python(
        [
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.conf import settings; print(settings.DEBUG)",
        ],
        env,
        cwd=checkout_with_dotenv,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.split() == ["True"]


def test_debugging_is_off_unless_the_environment_says_so() -> None:
    env = clean_env(
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="example.com",
        FLATPEAK_CONNECT_URL="https://connect.example.com",
    )
    shown = run_python(["-c", SHOW], env)
    assert shown.stdout.split() == ["False", "False"], shown.stderr


def test_without_a_connect_and_without_the_sandbox_the_app_does_not_start() -> None:
    env = clean_env(DJANGO_SECRET_KEY=KEY, DJANGO_ALLOWED_HOSTS="example.com")
    line = refusal(run_python(["-c", SETUP], env))
    assert "FLATPEAK_CONNECT_URL" in line and "CONNECT_SANDBOX_ENABLED=1" in line
    assert len(line) < 200


@pytest.mark.parametrize(
    ("variables", "shown"),
    [
        ({"DJANGO_DEBUG": "1"}, ["True", "True"]),  # make run: the sandbox by default
        ({"DJANGO_DEBUG": "0", "CONNECT_SANDBOX_ENABLED": "1"}, ["False", "True"]),
        ({"DJANGO_DEBUG": "1", "FLATPEAK_CONNECT_URL": "https://c.example"}, ["True", "False"]),
    ],
    ids=["debug", "production, told", "debug with a Connect"],
)
def test_the_sandbox_is_served_only_while_debugging_or_when_told(
    variables: dict[str, str], shown: list[str]
) -> None:
    env = clean_env(DJANGO_SECRET_KEY=KEY, DJANGO_ALLOWED_HOSTS="example.com", **variables)
    result = run_python(["-c", SHOW], env)
    assert result.stdout.split() == shown, result.stderr


def test_the_deployment_check_warns_of_a_sandbox_in_production() -> None:
    env = clean_env(
        DJANGO_SECRET_KEY=KEY, DJANGO_ALLOWED_HOSTS="example.com", CONNECT_SANDBOX_ENABLED="1"
    )
    result = run_python(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode != 0
    assert "connect_app.W001" in result.stderr + result.stdout
