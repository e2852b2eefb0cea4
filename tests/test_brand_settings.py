"""A bad brand configuration stops the start-up with one line that names the variable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.environments import clean_env, refusal, run_python

PROJECT = Path(__file__).resolve().parent.parent
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Prints what settings made of the brand, so the accepted cases show their effect too.
SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.CONNECT_BRAND_NAME, settings.CONNECT_BRAND_ACCENT, settings.CONNECT_BRAND_LOGO)"
)


def start(**variables: str) -> subprocess.CompletedProcess[str]:
    return run_python(["-c", SHOW], clean_env(DJANGO_DEBUG="1", **variables))


@pytest.mark.parametrize("accent", ["green", "0b6b4f", "#0b6b4", "#fff", "#0b6b4fff", "#gg0000"])
def test_an_accent_that_is_not_rrggbb_is_refused(accent: str) -> None:
    line = refusal(start(CONNECT_BRAND_ACCENT=accent))
    assert line == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"CONNECT_BRAND_ACCENT must be a colour written #rrggbb, not {accent!r}"
    )


def test_a_logo_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.svg"
    line = refusal(start(CONNECT_BRAND_LOGO=str(missing)))
    assert line.startswith("django.core.exceptions.ImproperlyConfigured: CONNECT_BRAND_LOGO ")
    assert f"{str(missing)!r} does not exist" in line


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("logo.jpg", b"\xff\xd8\xff\xe0 a JPEG"),
        ("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),  # an SVG named .png
        ("logo.svg", b"just some text"),
        ("logo.gif", b"GIF89a"),
    ],
)
def test_a_logo_that_is_not_svg_or_png_is_refused(
    tmp_path: Path, name: str, content: bytes
) -> None:
    logo = tmp_path / name
    logo.write_bytes(content)
    line = refusal(start(CONNECT_BRAND_LOGO=str(logo)))
    assert line == (
        "django.core.exceptions.ImproperlyConfigured: "
        f"CONNECT_BRAND_LOGO must name an SVG or PNG file; {str(logo)!r} is neither"
    )


def test_a_folder_is_not_a_logo(tmp_path: Path) -> None:
    line = refusal(start(CONNECT_BRAND_LOGO=str(tmp_path)))
    assert "CONNECT_BRAND_LOGO must name an SVG or PNG file" in line


def test_a_good_brand_starts(tmp_path: Path) -> None:
    """Control for the refusals above: the same start-up with good values succeeds."""
    logo = tmp_path / "Logo.PNG"
    logo.write_bytes(PNG_SIGNATURE + b"rest of the image")
    result = start(
        CONNECT_BRAND_NAME="Acme Energy",
        CONNECT_BRAND_ACCENT="#FFD400",
        CONNECT_BRAND_LOGO=str(logo),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Acme Energy #ffd400 {logo}"


def test_without_brand_variables_the_defaults_apply() -> None:
    result = start()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Battery earnings #0b6b4f None"


def test_a_logo_path_relative_to_the_project_is_found() -> None:
    result = start(CONNECT_BRAND_LOGO="static/img/icon.svg")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(PROJECT / "static" / "img" / "icon.svg"))
