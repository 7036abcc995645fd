"""Find an Odoo 19 runtime, its OCA dependencies and a PostgreSQL to run it on.

Shared by the Odoo test layer (``tools/odoo_suite.py``), ``make run``
(``tools/run_server.py``) and the benchmarks. Standard library only: it runs
with whatever Python starts it.

Runtime discovery (DESIGN.md): ``ODOO_BIN`` and ``ODOO_PYTHON`` when set, else
``/opt/odoo/odoo-bin`` with ``/opt/odoo/venv/bin/python``.
PostgreSQL: ``PGHOST``/``PGPORT``/``PGUSER`` when set, else a private
throwaway cluster started with the machine's PostgreSQL binaries.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS_DIR = ROOT / "addons"
CACHE_DIR = ROOT / ".cache"
OUR_ADDONS = ("aftersales_service", "aftersales_safety", "aftersales_parts")
DEFAULT_ODOO_BIN = "/opt/odoo/odoo-bin"
DEFAULT_ODOO_PYTHON = "/opt/odoo/venv/bin/python"


@dataclass
class Runtime:
    odoo_bin: Path
    python: Path

    @property
    def core_addons(self) -> list[Path]:
        base = self.odoo_bin.parent
        paths = [base / "addons", base / "odoo" / "addons"]
        return [p for p in paths if p.is_dir()]

    def _output(self, *args: str) -> str:
        out = subprocess.run(
            [str(self.python), *args], capture_output=True, text=True, check=False
        )
        return (out.stdout or out.stderr).strip()

    def version(self) -> str:
        return self._output(str(self.odoo_bin), "--version")

    def python_version(self) -> str:
        return self._output("-c", "import platform; print(platform.python_version())")


def find_runtime() -> tuple[Runtime | None, str]:
    """Return the runtime, or None and the reason none was found."""
    odoo_bin = os.environ.get("ODOO_BIN") or DEFAULT_ODOO_BIN
    python = os.environ.get("ODOO_PYTHON") or DEFAULT_ODOO_PYTHON
    if not Path(odoo_bin).is_file():
        return None, f"no odoo-bin at {odoo_bin} (set ODOO_BIN)"
    if not Path(python).is_file():
        return None, f"no Python interpreter at {python} (set ODOO_PYTHON)"
    return Runtime(Path(odoo_bin), Path(python)), ""


def requirement_lines() -> list[str]:
    lines = []
    for raw in (ROOT / "requirements.txt").read_text().splitlines():
        line = raw.split("#", 1)[0].strip()
        if line:
            lines.append(line)
    return lines


def ensure_oca_addons(runtime: Runtime) -> Path:
    """pip-install requirements.txt into a folder put on the addons path.

    OCA wheels install as ``odoo/addons/<name>``; the folder is reused while
    requirements.txt does not change.
    """
    target = CACHE_DIR / "oca"
    stamp = target / ".requirements"
    wanted = "\n".join(requirement_lines())
    if not (stamp.is_file() and stamp.read_text() == wanted):
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        # --no-deps: their only dependency besides Odoo itself (odoo==19.0.*,
        # which pip cannot see in a source checkout) is in Odoo's requirements.
        subprocess.run(
            [
                str(runtime.python),
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                str(target),
                *requirement_lines(),
            ],
            check=True,
        )
        stamp.write_text(wanted)
    return target / "odoo" / "addons"


def addons_path(runtime: Runtime, oca: Path) -> str:
    return ",".join(str(p) for p in [ADDONS_DIR, oca, *runtime.core_addons])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _pg_bindir() -> Path | None:
    for candidate in (shutil.which("pg_ctl"), shutil.which("initdb")):
        if candidate:
            return Path(candidate).resolve().parent
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


@dataclass
class PgConnection:
    host: str
    port: int
    user: str
    password: str | None = None

    def odoo_args(self) -> list[str]:
        args = [f"--db_host={self.host}", f"--db_port={self.port}"]
        args.append(f"--db_user={self.user}")
        if self.password:
            args.append(f"--db_password={self.password}")
        return args


class PgCluster(contextlib.AbstractContextManager):
    """The configured PostgreSQL, or a private cluster for the duration.

    With ``keep_dir`` the cluster lives in that folder and survives (``make
    run``); otherwise it is created in a temporary folder and removed.
    """

    USER = "odoo"

    def __init__(self, keep_dir: Path | None = None):
        self.keep_dir = keep_dir
        self.tmp: str | None = None
        self.datadir: Path | None = None
        self.as_user: str | None = None
        self.started = False
        self.connection: PgConnection | None = None

    def __enter__(self) -> PgConnection:
        if os.environ.get("PGHOST"):
            self.connection = PgConnection(
                host=os.environ["PGHOST"],
                port=int(os.environ.get("PGPORT", "5432")),
                user=os.environ.get("PGUSER", self.USER),
                password=os.environ.get("PGPASSWORD"),
            )
            return self.connection
        bindir = _pg_bindir()
        if bindir is None:
            raise RuntimeError(
                "No PostgreSQL: set PGHOST/PGPORT/PGUSER or install PostgreSQL "
                "server binaries (initdb, pg_ctl)."
            )
        if self.keep_dir:
            base = self.keep_dir
            base.mkdir(parents=True, exist_ok=True)
        else:
            self.tmp = tempfile.mkdtemp(prefix="aftersales-pg-")
            base = Path(self.tmp)
        self.datadir = base / "data"
        sockdir = base / "socket"
        sockdir.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            # initdb refuses to run as root: the cluster belongs to postgres.
            self.as_user = "postgres"
            entry = pwd.getpwnam(self.as_user)
            for path in (base, sockdir):
                os.chown(path, entry.pw_uid, entry.pw_gid)
            os.chmod(base, 0o755)
        if not (self.datadir / "PG_VERSION").exists():
            self._run(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(self.datadir),
                    "-U",
                    self.USER,
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--locale=C",
                ]
            )
        port = free_port()
        options = f"-k {sockdir} -p {port} -c listen_addresses='' -c fsync=off"
        self._run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(self.datadir),
                "-o",
                options,
                "-l",
                str(base / "postgres.log"),
                "-w",
                "start",
            ]
        )
        self.started = True
        self.bindir = bindir
        self.connection = PgConnection(host=str(sockdir), port=port, user=self.USER)
        return self.connection

    def _run(self, cmd: list[str]) -> None:
        if self.as_user:
            cmd = ["runuser", "-u", self.as_user, "--", *cmd]
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)

    def __exit__(self, *exc) -> None:
        if self.started:
            self._run(
                [
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.datadir),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ]
            )
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)


def odoo_command(
    runtime: Runtime,
    pg: PgConnection,
    oca: Path,
    database: str,
    *extra: str,
    subcommand: str | None = None,
) -> list[str]:
    # Plain Python libraries of requirements.txt (chinesecalendar) install
    # next to the OCA addons; the interpreter finds them through PYTHONPATH.
    site = oca.parent.parent
    pythonpath = os.pathsep.join(
        p for p in (str(site), os.environ.get("PYTHONPATH", "")) if p
    )
    return [
        "env",
        f"PYTHONPATH={pythonpath}",
        str(runtime.python),
        str(runtime.odoo_bin),
        *([subcommand] if subcommand else []),
        f"--addons-path={addons_path(runtime, oca)}",
        *pg.odoo_args(),
        f"--database={database}",
        *extra,
    ]


def install_addons(
    runtime: Runtime,
    pg: PgConnection,
    oca: Path,
    database: str,
    modules: str,
    data_dir: str,
    quiet: bool = False,
) -> None:
    """Install ``modules`` (comma-separated) on ``database`` and stop."""
    subprocess.run(
        odoo_command(
            runtime,
            pg,
            oca,
            database,
            f"--init={modules}",
            "--stop-after-init",
            "--log-level=warn",
            f"--data-dir={data_dir}",
        ),
        check=True,
        stdout=subprocess.DEVNULL if quiet else None,
    )


def wait_for_port(port: int, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.5)
    return False


def main() -> int:
    runtime, why = find_runtime()
    if runtime is None:
        print(f"No Odoo runtime: {why}")
        return 1
    print(runtime.odoo_bin, runtime.python, runtime.version())
    return 0


if __name__ == "__main__":
    sys.exit(main())
