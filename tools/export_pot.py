"""``make pot``: regenerate each addon's ``i18n/<addon>.pot`` and merge it
into ``i18n/zh_CN.po`` (new terms added empty, vanished terms dropped,
existing translations kept). Needs the Odoo runtime; uses a throwaway
database on a private PostgreSQL.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_runtime as rt  # noqa: E402


def merge(pot_path: Path, po_path: Path, python: Path) -> None:
    """msgmerge with polib from Odoo's venv (Odoo depends on polib)."""
    script = """
import sys, polib
pot = polib.pofile(sys.argv[1])
po_path = sys.argv[2]
try:
    old = {(e.msgctxt, e.msgid): e for e in polib.pofile(po_path)}
except OSError:
    old = {}
po = polib.POFile(wrapwidth=78)
po.metadata = dict(pot.metadata)
po.metadata["Language"] = "zh_CN"
po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
for entry in pot:
    previous = old.get((entry.msgctxt, entry.msgid))
    entry.msgstr = previous.msgstr if previous else ""
    entry.flags = [f for f in entry.flags if f != "fuzzy"]
    po.append(entry)
po.save(po_path)
"""
    subprocess.run([str(python), "-c", script, str(pot_path), str(po_path)], check=True)


def main() -> int:
    runtime, why = rt.find_runtime()
    if runtime is None:
        print(f"make pot needs the Odoo runtime: {why}")
        return 1
    oca = rt.ensure_oca_addons(runtime)
    with tempfile.TemporaryDirectory() as data_dir, rt.PgCluster() as pg:
        database = "aftersales_pot"
        modules = ",".join(rt.OUR_ADDONS)
        rt.install_addons(runtime, pg, oca, database, modules, data_dir)
        config = Path(data_dir) / "odoo.conf"
        config.write_text(
            "[options]\n"
            f"addons_path = {rt.addons_path(runtime, oca)}\n"
            f"db_host = {pg.host}\n"
            f"db_port = {pg.port}\n"
            f"db_user = {pg.user}\n"
            f"data_dir = {data_dir}\n"
        )
        subprocess.run(
            [
                str(runtime.python),
                str(runtime.odoo_bin),
                "i18n",
                "export",
                "-c",
                str(config),
                "-d",
                database,
                *rt.OUR_ADDONS,
            ],
            check=True,
        )
    for addon in rt.OUR_ADDONS:
        i18n = rt.ADDONS_DIR / addon / "i18n"
        merge(i18n / f"{addon}.pot", i18n / "zh_CN.po", runtime.python)
        print(f"{addon}: {i18n / f'{addon}.pot'} and zh_CN.po updated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
