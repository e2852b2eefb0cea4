"""The files an integrator deploys from say what the smoke test proves of the image.

`.ci/run` builds the image and runs bin/smoke-image against it (migrate, serve, readiness, a
dashboard, a non-root user, purge, check --deploy). These tests hold the Dockerfile, the entry
point, compose.yaml and the README's configuration table to the same words and variables.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.environments import PROJECT, clean_env, run_python

SMOKE = (PROJECT / "bin" / "smoke-image").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load((PROJECT / "compose.yaml").read_text())
DOCKERFILE = (PROJECT / "Dockerfile").read_text()
README = (PROJECT / "README.md").read_text()


def test_the_image_is_built_in_two_stages_and_serves_as_a_user_with_a_healthcheck() -> None:
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
    assert DOCKERFILE.count("FROM ${BASE_IMAGE}") == 2
    assert re.search(r"^USER app$", DOCKERFILE, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", DOCKERFILE, re.MULTILINE)
    assert 'ENTRYPOINT ["bin/entrypoint"]' in DOCKERFILE and 'CMD ["serve"]' in DOCKERFILE
    # Only what serving needs: no tests, bench, node_modules or build tools in the runtime.
    runtime = DOCKERFILE.split("FROM ${BASE_IMAGE}\n", 1)[1]
    for absent in ("tests", "bench", "node_modules", "npm", "package.json"):
        assert absent not in runtime, absent


def test_the_entry_point_refuses_a_word_it_does_not_know() -> None:
    result = run_python(
        ["-c", "import subprocess, sys; sys.exit(subprocess.call(['bin/entrypoint', 'dance']))"],
        clean_env(),
    )
    assert result.returncode == 64
    assert "usage: serve | migrate | purge | manage ARGS" in result.stderr


@pytest.mark.parametrize("service", ["app1", "app2", "migrate", "purge"])
def test_every_app_service_is_the_smoke_tested_image_and_variables(service: str) -> None:
    definition = COMPOSE["services"][service]
    assert definition["image"] == "battery-earnings:latest"
    served_with = SMOKE.split("env = {", 1)[1].split("\n    }", 1)[0]
    smoke_variables = set(re.findall(r'"([A-Z][A-Z_]+)": ', served_with))
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= smoke_variables
    assert smoke_variables - {"PORT", "WEB_CONCURRENCY"} <= set(definition["environment"])


def test_the_deployment_has_two_instances_a_database_a_redis_and_an_hourly_purge() -> None:
    services = COMPOSE["services"]
    assert {"app1", "app2", "db", "redis", "migrate", "purge"} <= set(services)
    assert services["migrate"]["command"] == ["migrate"]
    purge = " ".join(services["purge"]["entrypoint"])
    assert "bin/entrypoint purge" in purge and "sleep 3600" in purge
    assert services["app1"]["environment"]["CACHE_URL"].startswith("redis://redis")


def _configuration_table() -> set[str]:
    section = README.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z_]+)`", section, re.MULTILINE)) | set(
        re.findall(r"^\| `[A-Z_]+`, `([A-Z_]+)`", section, re.MULTILINE)
    )


def test_every_variable_the_app_reads_is_in_the_readme() -> None:
    read = set()
    for path in (PROJECT / "connect_app" / "settings.py", PROJECT / "gunicorn.conf.py"):
        text = path.read_text()
        read |= set(re.findall(r'env_\w+\("([A-Z_]+)"', text))
        read |= set(re.findall(r'os\.environ\.get\("([A-Z_]+)"', text))
    read -= {"DJANGO_IGNORE_DOTENV"}  # the test and build machinery's, not an integrator's
    missing = read - _configuration_table()
    assert not missing, f"not in the README's configuration table: {sorted(missing)}"


def test_the_readme_names_the_files_it_promises() -> None:
    for name in ("Dockerfile", "compose.yaml", "make image", "make assets", "purge_conversations"):
        assert name in README, name
    assert Path(PROJECT / "bin" / "build-assets").is_file()
