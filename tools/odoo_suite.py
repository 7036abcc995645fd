"""The Odoo layer of ``make test``.

Installs the three addons into a fresh database on a real PostgreSQL, in their
dependency order (service alone first, then safety and parts on top, so each
install is proven on its own), with demo data and the zh_CN translations,
runs their Odoo tests, and reads Odoo's log: any ERROR or CRITICAL line, any
failed test, and any WARNING not on the short list of known core/OCA noise
fails the run.

Without an Odoo runtime the layer is skipped loudly: one line saying so, why,
and how many Odoo test methods did not run.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_runtime as rt  # noqa: E402

RESULT_RE = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
LEVEL_RE = re.compile(r"^\S+ \S+ \d+ (DEBUG|INFO|WARNING|ERROR|CRITICAL) \S+ (\S+): ")
# Warnings Odoo core or OCA print on any database, unrelated to our addons.
# Each entry says why it is harmless; keep this list short.
KNOWN_NOISE = (
    # we run as root inside throwaway CI machines
    "Running as user 'root' is a security risk",
    # no outgoing mail server on a test machine
    "Failed to connect to SMTP server",
    # wkhtmltopdf is not part of the test bench; PDF tests render HTML
    "You need Wkhtmltopdf to print a pdf version of the reports",
    "Wkhtmltopdf seems to be broken",
    # headless chromium prints its own console noise on start
    "DevTools listening",
)


def count_test_methods() -> int:
    total = 0
    for path in sorted(rt.ADDONS_DIR.glob("*/tests/test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                total += sum(
                    1
                    for item in node.body
                    if isinstance(item, ast.FunctionDef)
                    and item.name.startswith("test")
                )
    return total


def browser_status(runtime: rt.Runtime) -> str:
    chrome = next(
        (
            shutil.which(name)
            for name in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(name)
        ),
        None,
    )
    has_ws = (
        subprocess.run(
            [str(runtime.python), "-c", "import websocket"],
            capture_output=True,
            check=False,
        ).returncode
        == 0
    )
    if chrome and has_ws:
        return f"browser tests (HttpCase tours): run with {chrome}"
    missing = [
        what
        for what, ok in (
            ("Debian package chromium", chrome),
            ("websocket-client in the Odoo venv", has_ws),
        )
        if not ok
    ]
    return "browser tests (HttpCase tours): SKIPPED by Odoo, missing " + " and ".join(
        missing
    )


class LogVerdict:
    def __init__(self) -> None:
        self.tests = 0
        self.failed = 0
        self.problems: list[str] = []

    def feed(self, line: str) -> bool:
        """Read one log line; return True when it is worth echoing."""
        match = RESULT_RE.search(line)
        if match and "odoo.tests.result" in line:
            failed, errors, tests = map(int, match.groups())
            self.tests += tests
            self.failed += failed + errors
            return True
        level = LEVEL_RE.match(line)
        if not level:
            return False
        severity = level.group(1)
        if severity in ("ERROR", "CRITICAL"):
            self.problems.append(line.rstrip())
            return True
        if severity == "WARNING":
            if not any(noise in line for noise in KNOWN_NOISE):
                self.problems.append(line.rstrip())
            return True
        return False


def run_phase(cmd: list[str], log_file, verdict: LogVerdict, echo: bool) -> int:
    log_file.write(f"$ {' '.join(cmd)}\n")
    log_file.flush()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    for line in proc.stdout:
        log_file.write(line)
        if verdict.feed(line) or echo:
            sys.stdout.write(line)
    return proc.wait()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--addons",
        default=",".join(rt.OUR_ADDONS),
        help="addons whose tests run (comma-separated; default: all three)",
    )
    parser.add_argument(
        "--test-tags", default="", help="Odoo --test-tags, e.g. /aftersales_service"
    )
    parser.add_argument("--verbose", action="store_true", help="echo the whole log")
    args = parser.parse_args()

    wanted = [a for a in args.addons.split(",") if a]
    n_tests = count_test_methods()
    runtime, why = rt.find_runtime()
    if runtime is None:
        print(
            f"odoo layer: SKIPPED, no Odoo 19 runtime ({why}); "
            f"{n_tests} Odoo test methods in addons/*/tests did not run. "
            "Put Odoo 19 at /opt/odoo with its venv, or set ODOO_BIN and ODOO_PYTHON."
        )
        return 0

    print(f"odoo layer: {runtime.version()} at {runtime.odoo_bin}")
    print(browser_status(runtime))
    oca = rt.ensure_oca_addons(runtime)
    # ODOO_TEST_LOG lets two runs side by side keep their logs apart.
    log_path = Path(os.environ.get("ODOO_TEST_LOG", rt.CACHE_DIR / "odoo-test.log"))
    log_path.parent.mkdir(parents=True, exist_ok=True)
    data_dir = tempfile.mkdtemp(prefix="aftersales-data-")
    verdict = LogVerdict()
    # Install order: service alone, then the addons that plug into it.
    phases = [[a for a in rt.OUR_ADDONS[:1] if a in wanted] or rt.OUR_ADDONS[:1]]
    rest = [a for a in rt.OUR_ADDONS[1:] if a in wanted]
    if rest:
        phases.append(rest)
    returncode = 0
    try:
        with rt.PgCluster() as pg, open(log_path, "w") as log_file:
            database = f"aftersales_test_{os.getpid()}"
            for index, modules in enumerate(phases):
                tags = args.test_tags or ",".join(
                    f"/{m}" for m in modules if m in wanted
                )
                extra = [
                    f"--init={','.join(modules)}",
                    "--test-enable",
                    f"--test-tags={tags}",
                    "--stop-after-init",
                    "--log-level=test",
                    "--max-cron-threads=0",
                    f"--http-port={rt.free_port()}",
                    "--http-interface=127.0.0.1",
                    f"--data-dir={data_dir}",
                ]
                if index == 0:
                    extra.append("--with-demo")
                else:
                    # Load zh_CN once everything is installed: it proves the
                    # .po files import into Odoo without warnings.
                    extra.append("--load-language=zh_CN")
                cmd = rt.odoo_command(runtime, pg, oca, database, *extra)
                code = run_phase(cmd, log_file, verdict, args.verbose)
                if code:
                    verdict.problems.append(f"odoo-bin exited with status {code}")
                    break
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)

    if verdict.tests == 0 and not verdict.problems:
        verdict.problems.append("no Odoo test ran (did the test tags match?)")
    if verdict.problems:
        print(
            f"\nodoo layer FAILED ({len(verdict.problems)} problems), log: {log_path}"
        )
        for problem in verdict.problems[:40]:
            print(f"  {problem}")
        returncode = 1
    passed = verdict.tests - verdict.failed
    print(f"odoo: {passed} passed, {verdict.failed} failed")
    return returncode or (1 if verdict.failed else 0)


if __name__ == "__main__":
    sys.exit(main())
