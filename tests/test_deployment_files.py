"""The files an integrator deploys from say what the smoke tests prove of them.

`.ci/run` builds the image and runs bin/smoke-image against it (migrate, serve, readiness, a
dashboard, a non-root user, purge, check --deploy, one-line refusals), then bin/smoke-compose
(the whole compose.yaml up under podman-compose, both instances serving, the purge, `down`
within 5 s). These tests hold the Dockerfile, the entry point, the compose files and the
README to the same words and variables, and to what Debian's podman-compose 1.0.3 can read.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.environments import PROJECT, clean_env, run_python

SMOKE = (PROJECT / "bin" / "smoke-image").read_text()
COMPOSE_TEXT = (PROJECT / "compose.yaml").read_text()
COMPOSE: dict[str, Any] = yaml.safe_load(COMPOSE_TEXT)
NO_REGISTRY: dict[str, Any] = yaml.safe_load((PROJECT / "compose.no-registry.yaml").read_text())
DOCKERFILE = (PROJECT / "Dockerfile").read_text()
RUNTIME_STAGE = DOCKERFILE.split("FROM ${BASE_IMAGE}\n", 1)[1]
README = (PROJECT / "README.md").read_text()
DEPLOYMENT = (PROJECT / "docs" / "deployment.md").read_text()
APP_SERVICES = ("migrate", "app1", "app2", "purge")


def test_the_image_is_built_in_two_stages_and_serves_as_a_user_with_a_healthcheck() -> None:
    assert "ARG BASE_IMAGE=python:3.11-slim-bookworm" in DOCKERFILE
    assert DOCKERFILE.count("FROM ${BASE_IMAGE}") == 2
    assert re.search(r"^USER app$", DOCKERFILE, re.MULTILINE)
    assert re.search(r"^HEALTHCHECK .*\n?.*/healthz", DOCKERFILE, re.MULTILINE)
    assert 'ENTRYPOINT ["bin/entrypoint"]' in DOCKERFILE and 'CMD ["serve"]' in DOCKERFILE
    # Only what serving needs: no tests, bench, node_modules or build tools in the runtime.
    for absent in ("tests", "bench", "node_modules", "npm", "package.json"):
        assert absent not in RUNTIME_STAGE, absent


def test_the_app_user_is_an_ordinary_one_so_useradd_has_nothing_to_warn_about() -> None:
    useradd = re.search(r"useradd [^\n]*", RUNTIME_STAGE)
    assert useradd and "--uid 10001" in useradd.group(0)
    # A system user's uid must not pass SYS_UID_MAX (999): useradd warns for 10001.
    assert "--system" not in useradd.group(0) and "-r " not in useradd.group(0)


def test_every_top_level_package_the_app_runs_reaches_the_runtime_image() -> None:
    """A new Django app of its own (a package beside connect_app) needs one COPY line."""
    packages = {
        path.parent.name
        for path in PROJECT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "bench", "support"}
    }
    assert "connect_app" in packages
    copied = set(re.findall(r"^COPY --from=build /app/(\w+) \1$", RUNTIME_STAGE, re.MULTILINE))
    assert packages <= copied, f"not copied into the image: {sorted(packages - copied)}"


def test_builds_label_their_stages_and_prune_what_they_leave_untagged() -> None:
    """A second `make image` leaves no new untagged image (bin/smoke checks it for real)."""
    build_image = (PROJECT / "bin" / "build-image").read_text()
    labels = re.findall(r"^LABEL (battery-earnings\.stage)=(\w+)$", DOCKERFILE, re.MULTILINE)
    assert sorted(value for _, value in labels) == ["build", "runtime"]
    assert "--target build -t" in build_image
    assert "image prune -f --filter label=battery-earnings.stage" in build_image


def test_the_entry_point_refuses_a_word_it_does_not_know() -> None:
    result = run_python(
        ["-c", "import subprocess, sys; sys.exit(subprocess.call(['bin/entrypoint', 'dance']))"],
        clean_env(),
    )
    assert result.returncode == 64
    assert "usage: serve | migrate | purge [--every SECONDS] | manage ARGS" in result.stderr


@pytest.mark.parametrize("service", APP_SERVICES)
def test_every_app_service_is_the_smoke_tested_image_and_variables(service: str) -> None:
    definition = COMPOSE["services"][service]
    assert definition["image"] == "battery-earnings:latest"
    served_with = SMOKE.split("env = {", 1)[1].split("\n    }", 1)[0]
    smoke_variables = set(re.findall(r'"([A-Z][A-Z_]+)": ', served_with))
    assert {"DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS"} <= smoke_variables
    assert smoke_variables - {"PORT", "WEB_CONCURRENCY"} <= set(definition["environment"])


def test_the_deployment_has_two_instances_a_database_a_redis_and_an_hourly_purge() -> None:
    services = COMPOSE["services"]
    assert set(services) == {"app1", "app2", "db", "redis", "migrate", "purge"}
    assert services["migrate"]["command"] == ["migrate"]
    assert services["purge"]["command"] == ["purge", "--every", "3600"]
    assert services["app1"]["environment"]["CACHE_URL"].startswith("redis://redis")
    # A fresh machine has no battery-earnings image to pull: `up --build` makes it.
    assert services["migrate"]["build"]["context"] == "."
    # The image's HEALTHCHECK asks /healthz, which a one-off command never serves.
    for one_off in ("migrate", "purge"):
        assert services[one_off]["healthcheck"] == {"test": ["NONE"]}


@pytest.mark.parametrize("service", ["app1", "app2"])
def test_each_instance_listens_inside_on_the_port_it_is_published_on(service: str) -> None:
    """The sandbox is reached at the address the browser used, from inside the container."""
    definition = COMPOSE["services"][service]
    port = definition["environment"]["PORT"]  # e.g. ${APP1_PORT:-8001}
    assert definition["ports"] == [f"{port}:{port}"]


def test_compose_yaml_reads_the_same_in_podman_compose_1_0_3_as_in_docker_compose() -> None:
    # podman-compose 1.0.3 reads ${NAME:-} (an empty default) literally: the metrics token
    # would be "${CONNECT_METRICS_TOKEN:-}", a secret anyone can read in this file.
    settings = "\n".join(line.split("#", 1)[0] for line in COMPOSE_TEXT.splitlines())
    assert not re.search(r"\$\{\w+:?-\}", settings)
    # ${NAME:?...} stops every command without NAME, `down` included.
    assert ":?" not in settings
    environment = COMPOSE["x-app"]["environment"]
    # Secrets pass by name from the environment compose runs in, never from this file.
    assert environment["DJANGO_SECRET_KEY"] is None
    assert environment["CONNECT_METRICS_TOKEN"] is None


def test_the_no_registry_override_builds_debian_images_and_limits_every_service() -> None:
    services = NO_REGISTRY["services"]
    assert set(services) == set(COMPOSE["services"])
    for name, definition in services.items():
        assert definition["ulimits"] == {
            "nofile": {"soft": 1024, "hard": 1024},
            "nproc": {"soft": 4096, "hard": 4096},
        }, name
    assert services["migrate"]["build"]["args"]["BASE_IMAGE"] == "localhost/bookworm-python:latest"
    for name, version, package in (("db", "15", "postgresql-15"), ("redis", "7.0", "redis-server")):
        build = services[name]["build"]
        recipe = (PROJECT / build["context"] / build["dockerfile"]).read_text()
        assert "FROM ${BASE_IMAGE}" in recipe and package in recipe
        assert services[name]["image"].endswith(f":{version}")


def test_the_versions_of_postgresql_and_redis_are_named_where_integrators_read() -> None:
    assert COMPOSE["services"]["db"]["image"] == "postgres:16-bookworm"
    assert COMPOSE["services"]["redis"]["image"] == "redis:7-bookworm"
    for text in (README, DEPLOYMENT):
        assert "PostgreSQL 16" in text and "Redis 7" in text
        assert "PostgreSQL 15" in text and "Redis 7.0" in text


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
        read |= set(re.findall(r'(?:os\.environ\.get|whole_number)\("([A-Z_]+)"', text))
    read -= {"DJANGO_IGNORE_DOTENV"}  # the test and build machinery's, not an integrator's
    missing = read - _configuration_table()
    assert not missing, f"not in the README's configuration table: {sorted(missing)}"


def test_the_readme_names_the_files_it_promises() -> None:
    for name in (
        "Dockerfile",
        "compose.yaml",
        "compose.no-registry.yaml",
        "make image",
        "make assets",
        "purge_conversations",
        "bin/container",
        "docs/deployment.md",
        "docs/connect-protocol.md",
    ):
        assert name in README, name
    for path in ("bin/build-assets", "bin/container", "docs/deployment.md"):
        assert (PROJECT / path).is_file(), path


def _tracked_text_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=PROJECT, capture_output=True, check=True
    ).stdout.decode()
    files = []
    for name in filter(None, listed.split("\0")):
        path = PROJECT / name
        if path.suffix in {".po", ".png", ".woff2", ".ico"} or "tests/payloads" in name:
            continue
        if path.is_file():
            files.append(path)
    return files


def test_the_repository_names_no_path_outside_itself() -> None:
    """A clone holds everything it cites: no ../shared, no machine's own folders."""
    outside = []
    for path in _tracked_text_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        # (The tests' own inputs climb out on purpose: a download named ../../etc/passwd.)
        climbs = (
            []
            if path.is_relative_to(PROJECT / "tests")
            else re.finditer(r"(?<![\w.])(?:\.\./)+[\w.-][\w./-]*", text)
        )
        for match in climbs:
            target = (path.parent / match.group(0)).resolve()
            if not target.is_relative_to(PROJECT):
                outside.append(f"{path.relative_to(PROJECT)}: {match.group(0)}")
        if re.search(r"/work/|shared/docs", text) and path != Path(__file__):
            outside.append(f"{path.relative_to(PROJECT)}: names a folder of this machine")
    assert not outside, outside


def test_the_stopping_linger_gunicorn_conf_shortens_still_exists() -> None:
    """gunicorn.conf.py shortens gunicorn's own constant; an upgrade that drops it must say so."""
    import gunicorn.workers.gthread  # type: ignore[import-untyped]

    assert hasattr(gunicorn.workers.gthread, "STOP_KEEPALIVE_LINGER")
    assert (
        "gunicorn.workers.gthread.STOP_KEEPALIVE_LINGER = 0.5"
        in (PROJECT / "gunicorn.conf.py").read_text()
    )
