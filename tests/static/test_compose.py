"""docker-compose.yml at the repository root: `docker compose up` gives a
working Odoo with the addons installed.

``docker compose config -q`` validates the file when the compose plugin is
available; the structure is always checked with PyYAML.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from .conftest import EXPECTED_ADDONS, REPO, addons

COMPOSE = REPO / "docker-compose.yml"
# docker's own trouble, not the file's: skip instead of failing.
DOCKER_TROUBLE = (
    "unknown command",
    "is not a docker command",
    "unknown shorthand flag",
    "cannot connect to the docker daemon",
    "permission denied while trying to connect",
    "error during connect",
    "no such file or directory: docker",
)


def _docker(*args):
    try:
        return subprocess.run(
            ["docker", *args],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"docker could not run ({error}); checked with PyYAML instead")


@pytest.fixture(scope="module")
def compose():
    assert COMPOSE.is_file(), (
        "docker-compose.yml is missing at the repository root: add services "
        "'db' (postgres) and 'odoo' (build: .) installing the addons."
    )
    try:
        data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        pytest.fail(f"docker-compose.yml is not valid YAML: {error}")
    assert isinstance(data, dict), "docker-compose.yml must be a mapping."
    return data


def test_compose_config_with_docker():
    if shutil.which("docker") is None:
        pytest.skip("no docker client; checked with PyYAML instead")
    version = _docker("compose", "version")
    if version.returncode != 0:
        pytest.skip(
            "`docker compose` is not available "
            f"({(version.stderr or version.stdout).strip()[:120]}); "
            "checked with PyYAML instead"
        )
    result = _docker("compose", "-f", str(COMPOSE), "config", "-q")
    output = (result.stderr + result.stdout).strip()
    if result.returncode != 0 and any(
        text in output.lower() for text in DOCKER_TROUBLE
    ):
        pytest.skip(f"docker compose cannot check the file here: {output[:200]}")
    assert result.returncode == 0, (
        f"`docker compose config -q` rejects docker-compose.yml:\n{output}"
    )


def test_compose_services(compose):
    services = compose.get("services")
    assert isinstance(services, dict), (
        "docker-compose.yml needs a top-level 'services' mapping."
    )
    missing = [name for name in ("db", "odoo") if name not in services]
    assert not missing, (
        f"docker-compose.yml: services {missing} are missing; 'db' runs "
        "PostgreSQL and 'odoo' runs Odoo 19 with the addons."
    )


def _odoo(compose):
    odoo = (compose.get("services") or {}).get("odoo")
    if not isinstance(odoo, dict):
        pytest.fail("docker-compose.yml has no 'odoo' service mapping.")
    return odoo


def test_compose_odoo_image(compose):
    odoo = _odoo(compose)
    assert odoo.get("build") or odoo.get("image"), (
        "docker-compose.yml: the 'odoo' service needs 'build: .' (the Dockerfile "
        "with the addons) or an 'image'."
    )


def _published(port) -> int | None:
    if isinstance(port, int):
        return port
    if isinstance(port, dict):
        value = port.get("published", port.get("target"))
        return int(value) if str(value).isdigit() else None
    text = str(port).split("/")[0]
    if ":" not in text:
        return None  # container port only: docker picks a random host port
    value = text.split(":")[-2]
    return int(value) if value.isdigit() else None


def _container_port(port) -> int | None:
    if isinstance(port, int):
        return port
    if isinstance(port, dict):
        value = port.get("target")
        return int(value) if str(value).isdigit() else None
    value = str(port).split("/")[0].split(":")[-1]
    return int(value) if value.isdigit() else None


def test_compose_odoo_port(compose):
    ports = _odoo(compose).get("ports") or []
    assert any(_container_port(port) == 8069 for port in ports), (
        f"docker-compose.yml: the 'odoo' service publishes {ports}; add "
        "ports: ['8069:8069'] so Odoo answers at http://localhost:8069."
    )
    assert any(_published(port) == 8069 for port in ports), (
        "docker-compose.yml: publish Odoo's port 8069 as 8069 on the host, "
        f"not {ports}."
    )


def test_compose_odoo_depends_on_db(compose):
    depends = _odoo(compose).get("depends_on") or []
    assert "db" in depends, (
        "docker-compose.yml: the 'odoo' service must have depends_on: db "
        "(ideally with condition: service_healthy)."
    )


def _texts(value):
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key)
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)
    elif value is not None:
        yield str(value)


def test_compose_installs_the_addons(compose):
    odoo = _odoo(compose)
    text = " ".join(
        _texts([odoo.get(key) for key in ("command", "entrypoint", "environment")])
    )
    config = REPO / "odoo.conf"
    if config.is_file():
        text += " " + config.read_text(encoding="utf-8")
    wanted = sorted(set(EXPECTED_ADDONS) | set(addons()))
    missing = [name for name in wanted if name not in text]
    assert not missing, (
        f"docker-compose.yml: the 'odoo' command does not install {missing}; "
        f"add them to --init={','.join(wanted)} (or to odoo.conf)."
    )
