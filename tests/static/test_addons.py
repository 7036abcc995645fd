"""Static checks of every addon in addons/: what Odoo would reject at install.

Each failure says what is wrong and how to fix it. Folders without
``__manifest__.py`` yet are skipped.
"""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import polib
import pytest

from .conftest import (
    ADDONS_DIR,
    DATA_FOLDERS,
    IMPORTED_PACKAGES,
    acl_path,
    addon_params,
    addons,
    data_xml_files,
    defined_models,
    files_under,
    manifest,
    manifest_files,
    model_column,
    model_xmlid,
    qualify,
    read_csv,
    rel,
    touched_models,
    xml_ids,
)

ADDONS = addon_params()
VERSION_RE = re.compile(r"^19\.0\.\d+\.\d+\.\d+$")
GLOB_CHARS = set("*?[")


def bullet(lines) -> str:
    return "".join(f"\n  - {line}" for line in lines)


# ------------------------------------------------------------------ 1. manifest


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_keys(addon):
    values = manifest(addon)
    where = f"addons/{addon}/__manifest__.py"
    problems = []
    for key in ("name", "version", "license", "author", "depends"):
        if key not in values:
            problems.append(f"key {key!r} is missing")
    version = values.get("version")
    if "version" in values and not (
        isinstance(version, str) and VERSION_RE.match(version)
    ):
        problems.append(
            f"version {version!r} must look like 19.0.x.y.z (e.g. '19.0.1.0.0')"
        )
    if "license" in values and values["license"] != "AGPL-3":
        problems.append(f"license {values['license']!r} must be 'AGPL-3'")
    for key in ("name", "author"):
        if key in values and not (isinstance(values[key], str) and values[key].strip()):
            problems.append(f"{key} must be a non-empty string")
    depends = values.get("depends")
    if "depends" in values and not (
        isinstance(depends, list) and all(isinstance(d, str) for d in depends)
    ):
        problems.append(f"depends must be a list of addon names, not {depends!r}")
    if "installable" in values and values["installable"] is not True:
        problems.append(f"installable is {values['installable']!r}; set it to True")
    for key in ("data", "demo"):
        if key in values and not isinstance(values[key], list):
            problems.append(f"{key} must be a list of file paths")
    assert not problems, f"{where}:{bullet(problems)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_files_exist(addon):
    root = ADDONS_DIR / addon
    missing = [name for name in manifest_files(addon) if not (root / name).is_file()]
    assert not missing, (
        f"addons/{addon}/__manifest__.py lists files that do not exist (create "
        f"them or remove them from 'data'/'demo'):{bullet(missing)}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_lists_each_file_once(addon):
    seen, twice = set(), []
    for name in manifest_files(addon):
        if name in seen:
            twice.append(name)
        seen.add(name)
    assert not twice, (
        f"addons/{addon}/__manifest__.py lists these files more than once in "
        f"'data'/'demo' (Odoo would load them twice); keep one:{bullet(twice)}"
    )


def _asset_paths(entry):
    """File paths or globs of one 'assets' entry (directives included)."""
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, (list, tuple)) and entry:
        directive, *args = entry
        if directive == "include":
            return []  # a bundle name, not a path
        if directive in ("remove", "prepend", "append"):
            return list(args[:1])
        if directive in ("after", "before", "replace"):
            return list(args[1:2])  # the target may be another addon's file
    return []


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_assets_exist(addon):
    assets = manifest(addon).get("assets", {})
    assert isinstance(assets, dict), (
        f"addons/{addon}/__manifest__.py: 'assets' must map bundle names to lists."
    )
    local = set(addons())
    missing = []
    for bundle, entries in assets.items():
        for entry in entries:
            for path in _asset_paths(entry):
                module = path.lstrip("/").split("/", 1)[0]
                if module not in local:
                    continue  # another addon's file: not checkable here
                target = ADDONS_DIR / path.lstrip("/")
                if GLOB_CHARS & set(path):
                    found = list(ADDONS_DIR.glob(path.lstrip("/")))
                    if not found:
                        missing.append(
                            f"{bundle}: {path} (the pattern matches nothing)"
                        )
                elif not target.is_file():
                    missing.append(f"{bundle}: {path}")
    assert not missing, (
        f"addons/{addon}/__manifest__.py 'assets' names files that do not exist "
        f"(paths start with the addon name, e.g. '{addon}/static/src/...'):"
        f"{bullet(missing)}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_no_orphan_data_files(addon):
    root = ADDONS_DIR / addon
    listed = {name.replace("\\", "/") for name in manifest_files(addon)}
    orphans = [
        str(path.relative_to(root))
        for folder in DATA_FOLDERS
        if (root / folder).is_dir()
        for path in sorted((root / folder).rglob("*"))
        if path.is_file()
        and path.suffix in (".xml", ".csv")
        and str(path.relative_to(root)).replace("\\", "/") not in listed
    ]
    assert not orphans, (
        f"addons/{addon}: these data files are never loaded because "
        f"__manifest__.py does not list them; add them to 'data' (or 'demo' for "
        f"demo records) or delete them:{bullet(orphans)}"
    )


# ------------------------------------------------------------ 2. XML is well-formed


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_well_formed(addon):
    broken = []
    for path in files_under(addon, (".xml",)):
        try:
            ET.parse(path)
        except ET.ParseError as error:
            broken.append(f"{rel(path)}: {error}")
    assert not broken, f"XML files that do not parse; fix the markup:{bullet(broken)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_data_files_are_odoo_data(addon):
    root = ADDONS_DIR / addon
    wrong = []
    for name in manifest_files(addon):
        path = root / name
        if path.suffix != ".xml" or not path.is_file():
            continue
        try:
            tag = ET.parse(path).getroot().tag
        except ET.ParseError:
            continue  # reported by test_xml_well_formed
        if tag not in ("odoo", "openerp"):
            wrong.append(f"{name}: root element <{tag}>")
    assert not wrong, (
        f"addons/{addon}: data files listed in the manifest must have <odoo> as "
        f"root element:{bullet(wrong)}"
    )


# ------------------------------------------------------------------- 3. ACLs


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_an_access_rule(addon):
    models = defined_models(addon)
    if not models:
        return
    path = acl_path(addon)
    assert path.is_file(), (
        f"addons/{addon} defines models {sorted(models)} but has no "
        f"security/ir.model.access.csv: create it (id,name,model_id:id,group_id:id,"
        f"perm_read,perm_write,perm_create,perm_unlink) and list it in 'data'."
    )
    covered = set()
    for row in read_csv(path):
        value = model_column(row)
        if value.startswith(f"{addon}."):
            value = value[len(addon) + 1 :]
        covered.add(value)
    missing = [
        f"{name} ({where}): add a row with model_id:id = {model_xmlid(name)}"
        for name, where in sorted(models.items())
        if model_xmlid(name) not in covered
    ]
    assert not missing, (
        f"addons/{addon}/security/ir.model.access.csv gives no access to these "
        f"models (Odoo 19 warns and users cannot open them):{bullet(missing)}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_access_rules_name_known_models(addon):
    path = acl_path(addon)
    if not path.is_file():
        pytest.skip("no security/ir.model.access.csv")
    known = {model_xmlid(name) for name in touched_models(addon)}
    unknown = []
    for number, row in enumerate(read_csv(path), start=2):
        value = model_column(row)
        if not value:
            unknown.append(f"line {number}: empty model_id:id")
            continue
        if value.startswith(f"{addon}."):
            value = value[len(addon) + 1 :]
        if "." not in value and value not in known:
            unknown.append(f"line {number}: {value}")
    assert not unknown, (
        f"{rel(path)} names models this addon neither defines nor extends; "
        f"fix the id, or prefix it with the addon that defines the model "
        f"(e.g. stock.model_stock_lot):{bullet(unknown)}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_access_csv_has_no_duplicate_ids(addon):
    path = acl_path(addon)
    if not path.is_file():
        pytest.skip("no security/ir.model.access.csv")
    rows = read_csv(path)
    assert rows and "id" in rows[0], f"{rel(path)} needs a header starting with 'id'."
    counts = defaultdict(list)
    for number, row in enumerate(rows, start=2):
        counts[(row.get("id") or "").strip()].append(number)
    duplicates = [
        f"{key!r} on lines {lines}" for key, lines in counts.items() if len(lines) > 1
    ]
    empty = counts.get("")
    assert not duplicates and not empty, (
        f"{rel(path)}: every row needs its own id (a repeated id silently "
        f"overwrites the earlier row):{bullet(duplicates)}"
        + (f"\n  - empty id on lines {empty}" if empty else "")
    )


# ---------------------------------------------------------- 4. unique XML ids


def test_xml_ids_are_unique_across_addons():
    owners = defaultdict(list)
    for addon in addons():
        for path in data_xml_files(addon):
            for tag, xmlid in xml_ids(ET.parse(path).getroot()):
                key = qualify(addon, xmlid)
                if key:
                    owners[key].append(f"<{tag}> in {rel(path)}")
        for name in manifest_files(addon):
            path = ADDONS_DIR / addon / name
            if path.suffix != ".csv" or not path.is_file():
                continue
            for number, row in enumerate(read_csv(path), start=2):
                key = qualify(addon, (row.get("id") or "").strip())
                if key and not key.endswith("."):
                    owners[key].append(f"{rel(path)} line {number}")
    duplicates = [
        f"{key}: {', '.join(places)}"
        for key, places in sorted(owners.items())
        if len(places) > 1
    ]
    assert not duplicates, (
        "These XML ids are defined more than once; the later record silently "
        "replaces the earlier one. Rename one of them (or write "
        f"'other_addon.id' to extend another addon's record):{bullet(duplicates)}"
    )


# ------------------------------------------------------------------- 5. i18n


def _pot_and_po(addon):
    i18n = ADDONS_DIR / addon / "i18n"
    pot = i18n / f"{addon}.pot"
    po = i18n / "zh_CN.po"
    assert pot.is_file(), (
        f"addons/{addon}/i18n/{addon}.pot is missing: run `make pot` (it exports "
        f"the template from a database with the addon installed)."
    )
    assert po.is_file(), (
        f"addons/{addon}/i18n/zh_CN.po is missing: copy i18n/{addon}.pot to "
        f"i18n/zh_CN.po and translate every msgstr."
    )
    try:
        return polib.pofile(str(pot)), polib.pofile(str(po))
    except (OSError, ValueError) as error:
        pytest.fail(f"addons/{addon}/i18n: {error}; fix the PO syntax.")


def _key(entry):
    return (entry.msgctxt, entry.msgid)


def _show(key):
    context, msgid = key
    text = msgid if len(msgid) <= 70 else msgid[:67] + "..."
    return f"{text!r}" + (f" (context {context!r})" if context else "")


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_translates_every_message(addon):
    pot, po = _pot_and_po(addon)
    translations = {_key(entry): entry for entry in po if not entry.obsolete}
    missing, empty, fuzzy = [], [], []
    for entry in pot:
        if entry.obsolete or not entry.msgid:
            continue
        found = translations.get(_key(entry))
        if found is None:
            missing.append(_show(_key(entry)))
        elif "fuzzy" in found.flags:
            fuzzy.append(_show(_key(entry)))
        elif not found.translated():
            empty.append(_show(_key(entry)))
    problems = (
        [f"not in zh_CN.po: {m}" for m in missing]
        + [f"empty msgstr: {m}" for m in empty]
        + [f"fuzzy (Odoo ignores it): {m}" for m in fuzzy]
    )
    assert not problems, (
        f"addons/{addon}/i18n/zh_CN.po is incomplete ({len(problems)} of "
        f"{len([e for e in pot if e.msgid])} messages); merge the .pot "
        f"(msgmerge --update zh_CN.po {addon}.pot), translate, and remove the "
        f"fuzzy flags:{bullet(problems[:40])}"
        + (f"\n  ... and {len(problems) - 40} more" if len(problems) > 40 else "")
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_has_no_stale_messages(addon):
    pot, po = _pot_and_po(addon)
    expected = {_key(entry) for entry in pot if not entry.obsolete}
    obsolete = [_show(_key(entry)) for entry in po if entry.obsolete]
    extra = [
        _show(_key(entry))
        for entry in po
        if not entry.obsolete and entry.msgid and _key(entry) not in expected
    ]
    problems = [f"obsolete (#~): {m}" for m in obsolete] + [
        f"not in {addon}.pot: {m}" for m in extra
    ]
    assert not problems, (
        f"addons/{addon}/i18n/zh_CN.po has messages the .pot no longer has; "
        f"remove them (msgmerge --update --no-fuzzy-matching, then msgattrib "
        f"--no-obsolete) or run `make pot` if the .pot is outdated:"
        f"{bullet(problems)}"
    )


PERCENT_RE = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.\d+)?[a-zA-Z%]")
BRACE_RE = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")


def _placeholders(text, flags):
    found = []
    if "python-format" in flags:
        found += [p for p in PERCENT_RE.findall(text) if p != "%%"]
    if "python-brace-format" in flags:
        found += BRACE_RE.findall(text)
    return sorted(found)


@pytest.mark.parametrize("addon", ADDONS)
def test_zh_cn_keeps_placeholders(addon):
    po = ADDONS_DIR / addon / "i18n" / "zh_CN.po"
    if not po.is_file():
        pytest.skip("no i18n/zh_CN.po (reported by the completeness test)")
    wrong = []
    for entry in polib.pofile(str(po)):
        if entry.obsolete or not entry.msgstr:
            continue
        wanted = _placeholders(entry.msgid, entry.flags)
        if wanted != _placeholders(entry.msgstr, entry.flags):
            wrong.append(f"{_show(_key(entry))}: needs {wanted} -> {entry.msgstr!r}")
    assert not wrong, (
        f"addons/{addon}/i18n/zh_CN.po: translations must keep every placeholder "
        f"of the source (Odoo fails formatting them otherwise):{bullet(wrong)}"
    )


# ---------------------------------------------------------------- 6. Python


@pytest.mark.parametrize("addon", ADDONS)
def test_python_compiles(addon):
    broken = []
    for path in files_under(addon, (".py",)):
        try:
            compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as error:
            broken.append(f"{rel(path)}: {error}")
    assert not broken, f"Python files that do not compile:{bullet(broken)}"


def _imported_modules(init: Path) -> set[str]:
    tree = ast.parse(init.read_text(encoding="utf-8"), filename=str(init))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 1:
            if node.module:
                names.add(node.module.split(".")[0])
            else:
                names.update(alias.name for alias in node.names)
    return names


@pytest.mark.parametrize("addon", ADDONS)
def test_python_modules_are_imported(addon):
    root = ADDONS_DIR / addon
    problems = []
    init = root / "__init__.py"
    if not init.is_file():
        problems.append(f"addons/{addon}/__init__.py is missing")
    for package in IMPORTED_PACKAGES:
        folder = root / package
        if not folder.is_dir() or not any(folder.glob("*.py")):
            continue
        if package != "tests" and init.is_file():
            if package not in _imported_modules(init):
                problems.append(
                    f"{package}/ is not imported: add `from . import {package}` to "
                    f"addons/{addon}/__init__.py"
                )
        package_init = folder / "__init__.py"
        if not package_init.is_file():
            problems.append(f"{package}/__init__.py is missing")
            continue
        imported = _imported_modules(package_init)
        for module in sorted(folder.glob("*.py")):
            if module.name == "__init__.py" or module.stem in imported:
                continue
            if package == "tests" and not module.stem.startswith("test_"):
                continue  # helpers imported by the test modules themselves
            problems.append(
                f"{package}/{module.name} is never loaded by Odoo: add "
                f"`from . import {module.stem}` to {package}/__init__.py"
            )
    assert not problems, f"addons/{addon}:{bullet(problems)}"


# ----------------------------------------------------------- 8. addon files

REQUIRED_FILES = {
    "readme/DESCRIPTION.md": "what the addon does, for the OCA readme generator",
    "pyproject.toml": "[build-system] requires = ['whool'], "
    "build-backend = 'whool.buildapi'",
    "i18n/zh_CN.po": "the Simplified Chinese translation of i18n/<addon>.pot",
    "static/description/icon.png": "the app icon (PNG)",
    "tests/__init__.py": "importing the Odoo test modules (tests/test_*.py)",
}


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_has_required_files(addon):
    root = ADDONS_DIR / addon
    missing = [
        f"{name}: {purpose}"
        for name, purpose in REQUIRED_FILES.items()
        if not (root / name).is_file()
    ]
    icon = root / "static/description/icon.png"
    if icon.is_file() and not icon.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
        missing.append("static/description/icon.png is not a PNG image")
    description = root / "readme/DESCRIPTION.md"
    if description.is_file() and not description.read_text(encoding="utf-8").strip():
        missing.append("readme/DESCRIPTION.md is empty: describe the addon")
    assert not missing, f"addons/{addon} needs these files:{bullet(missing)}"


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_pyproject_builds_with_whool(addon):
    path = ADDONS_DIR / addon / "pyproject.toml"
    if not path.is_file():
        pytest.skip("no pyproject.toml (reported by test_addon_has_required_files)")
    tomllib = pytest.importorskip("tomllib")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        pytest.fail(f"{rel(path)} is not valid TOML: {error}")
    build = data.get("build-system", {})
    assert "whool" in build.get("requires", []) and build.get("build-backend") == (
        "whool.buildapi"
    ), (
        f"{rel(path)} must build the addon with whool: [build-system] "
        f'requires = ["whool"], build-backend = "whool.buildapi".'
    )
