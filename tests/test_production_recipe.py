"""The README's recipe for running without a container, followed from a clean checkout.

A copy of the files git knows (nothing built: no bundle, no compiled catalogues, no collected
static files) with a development `.env` that turns debugging on, as `make setup` would leave
it. Then the recipe: `make assets`, `manage.py migrate`, gunicorn with production variables.
The copy borrows this checkout's `.venv` and `node_modules`, which the recipe's first step
(`pip install -r requirements.txt`) and `make assets` (`npm ci`) would install the same.
"""

from __future__ import annotations

import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from support.instances import AppInstance, start_instance
from tests.environments import PROJECT, clean_env

# One xdist worker runs the whole module: the checkout built and served once (docs/testing.md).
pytestmark = pytest.mark.xdist_group("production_recipe")

KEY = secrets.token_urlsafe(50)


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("clean") / "checkout"
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT / name
        if source.is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / name)  # mtimes kept: make sees npm's install as fresh
    for installed in (".venv", "node_modules"):
        (copy / installed).symlink_to(PROJECT / installed, target_is_directory=True)
    (copy / ".env").write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=" + "d" * 50 + "\n")
    return copy


@pytest.fixture(scope="module")
def served(checkout: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppInstance]:
    env = clean_env(
        PATH=f"{PROJECT / '.venv' / 'bin'}:/usr/local/bin:/usr/bin:/bin",
        PYTHONPATH="",
        DJANGO_SECRET_KEY=KEY,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"sqlite:///{checkout / 'db.sqlite3'}",
        CONNECT_SANDBOX_ENABLED="1",
        DJANGO_HTTPS="0",
        HOST="127.0.0.1",
        PORT="0",
    )
    # The recipe's readers have no DJANGO_IGNORE_DOTENV: the .env must be ignored regardless.
    del env["DJANGO_IGNORE_DOTENV"]
    del env["DJANGO_SETTINGS_MODULE"]
    for step in (["make", "-s", "assets"], [sys.executable, "manage.py", "migrate", "-v", "0"]):
        done = subprocess.run(step, cwd=checkout, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"{' '.join(step)}:\n{done.stdout}{done.stderr}"
    instance = start_instance("recipe", env, tmp_path_factory.mktemp("logs"), cwd=checkout)
    yield instance
    instance.stop()


def test_it_serves_with_debugging_off(served: AppInstance) -> None:
    missing = httpx.get(f"{served.url}/no-such-page")
    assert missing.status_code == 404
    assert "Page not found" in missing.text and "Traceback" not in missing.text
    assert "DEBUG = True" not in missing.text and "URLconf" not in missing.text
    assert httpx.get(f"{served.url}/readyz").json() == {"status": "ok"}


def test_it_speaks_the_compiled_languages(served: AppInstance) -> None:
    german = httpx.get(f"{served.url}/no-such-page", headers={"Accept-Language": "de"})
    assert "Seite nicht gefunden" in german.text


def test_a_dashboard_has_its_hashed_styles_and_chart(served: AppInstance) -> None:
    with httpx.Client(base_url=served.url, follow_redirects=True) as http:
        token = http.post("/sandbox/tokens", json={"customer": "active"}).json()["connect_token"]
        page = http.get(f"/?fp_cot={token}").text
        assets = re.findall(
            r'"(/static/(?:css/app|vendor/chart\.bundle)\.[0-9a-f]{12}\.(?:css|js))"', page
        )
        assert len(assets) == 2, assets
        for asset in assets:
            response = http.get(asset, headers={"Accept-Encoding": "br"})
            assert response.status_code == 200 and response.headers["Content-Encoding"] == "br"
            assert "max-age=31536000" in response.headers["Cache-Control"]


def test_the_sandbox_has_its_own_hashed_stylesheet(served: AppInstance) -> None:
    with httpx.Client(base_url=served.url, follow_redirects=True) as http:
        start = http.get("/")
        assert str(start.url).endswith("/sandbox/") and "Try the sandbox" in start.text
        sheet = re.findall(r'"(/static/sandbox/sandbox\.[0-9a-f]{12}\.css)"', start.text)
        assert len(sheet) == 1, start.text
        assert http.get(sheet[0]).status_code == 200
