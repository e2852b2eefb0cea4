"""The app's settings in a process of their own, with exactly the environment a test gives.

Settings are read once per process, so a test of what a variable does starts Python afresh:
nothing from this shell, a `.env` or another test leaks in.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SETUP = "import django; django.setup()"


def clean_env(**variables: str) -> dict[str, str]:
    """A bare environment for the app's settings, plus `variables`."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "LANG": "C.UTF-8",
        "PYTHONPATH": str(PROJECT),
        "DJANGO_SETTINGS_MODULE": "connect_app.settings",
        "DJANGO_IGNORE_DOTENV": "1",
        **variables,
    }


def run_python(
    args: list[str], env: dict[str, str], *, cwd: Path = PROJECT, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The last line of a failed start-up's traceback: the one a person reads."""
    assert result.returncode != 0, result.stdout
    return result.stderr.strip().splitlines()[-1]
