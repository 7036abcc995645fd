"""Shared helpers of the static checks: where the addons are and how to read them.

Every folder of ``addons/`` is a test parameter; a folder without
``__manifest__.py`` (an addon still being written) is skipped, never an error.
"""

from __future__ import annotations

import ast
import csv
import functools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO / "addons"
# The addons docker-compose and the Makefile install; more may be added.
EXPECTED_ADDONS = ("aftersales_service", "aftersales_safety", "aftersales_parts")

# Folders whose .xml/.csv files are data files that must be in the manifest.
DATA_FOLDERS = ("views", "security", "data", "demo", "report", "wizards", "wizard")
# Python packages of an addon whose modules Odoo only sees when imported.
IMPORTED_PACKAGES = ("models", "wizards", "wizard", "report", "controllers", "tests")
# Where models are defined.
MODEL_FOLDERS = ("models", "wizards", "wizard", "report")
# Data XML elements that create a record with an XML id.
ID_TAGS = ("record", "template", "menuitem", "act_window", "report", "asset")


def addon_dirs() -> list[Path]:
    if not ADDONS_DIR.is_dir():
        return []
    return sorted(
        path
        for path in ADDONS_DIR.iterdir()
        if path.is_dir() and not path.name.startswith((".", "_"))
    )


def addons() -> list[str]:
    """Addons with a manifest: the ones Odoo would see."""
    return [path.name for path in addon_dirs() if (path / "__manifest__.py").is_file()]


def addon_params() -> list:
    return [
        pytest.param(
            path.name,
            id=path.name,
            marks=()
            if (path / "__manifest__.py").is_file()
            else pytest.mark.skip(reason=f"addons/{path.name} has no __manifest__.py"),
        )
        for path in addon_dirs()
    ]


def rel(path: Path) -> str:
    return str(path.relative_to(REPO))


@functools.cache
def manifest(addon: str) -> dict:
    path = ADDONS_DIR / addon / "__manifest__.py"
    try:
        value = ast.literal_eval(path.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError) as error:
        pytest.fail(
            f"{rel(path)} is not a plain Python dict literal ({error}); write it "
            "as one dict of strings, lists, numbers and booleans."
        )
    if not isinstance(value, dict):
        pytest.fail(f"{rel(path)} must contain one dict, not {type(value).__name__}.")
    return value


def manifest_files(addon: str) -> list[str]:
    """Every file of 'data' and 'demo', in order."""
    values = manifest(addon)
    return [*values.get("data", []), *values.get("demo", [])]


def files_under(addon: str, suffixes: tuple[str, ...]) -> list[Path]:
    root = ADDONS_DIR / addon
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and path.suffix in suffixes
        and "__pycache__" not in path.parts
    )


@functools.cache
def parse_xml(path: Path) -> ET.Element:
    return ET.parse(path).getroot()


def is_data_xml(root: ET.Element) -> bool:
    return root.tag in ("odoo", "openerp")


def data_xml_files(addon: str) -> list[Path]:
    """XML files of the addon that are Odoo data (root <odoo>), static/ excluded."""
    result = []
    for path in files_under(addon, (".xml",)):
        if "static" in path.relative_to(ADDONS_DIR / addon).parts:
            continue
        try:
            root = parse_xml(path)
        except ET.ParseError:
            continue  # reported by the well-formedness test
        if is_data_xml(root):
            result.append(path)
    return result


def xml_ids(root: ET.Element):
    """(tag, id) of every record the data file creates; arch content is skipped."""

    def records(parent):
        for child in parent:
            if child.tag == "data":
                yield from records(child)
            elif child.tag in ID_TAGS and child.get("id"):
                yield child.tag, child.get("id")
                if child.tag == "record":
                    yield from nested(child)

    def nested(record):
        # Odoo 17+ accepts <record> inside an x2many <field> of a <record>
        for field in record.findall("field"):
            for inner in field.findall("record"):
                if inner.get("id"):
                    yield inner.tag, inner.get("id")
                yield from nested(inner)

    yield from records(root)


def qualify(addon: str, xmlid: str) -> str | None:
    """``addon.xmlid`` of a record this addon owns; None for another addon's."""
    if "." not in xmlid:
        return f"{addon}.{xmlid}"
    module, _name = xmlid.split(".", 1)
    return xmlid if module == addon else None


def read_csv(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def acl_path(addon: str) -> Path:
    return ADDONS_DIR / addon / "security" / "ir.model.access.csv"


def model_column(row: dict) -> str:
    return (row.get("model_id:id") or row.get("model_id/id") or "").strip()


def _literal(node):
    try:
        return ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError):
        return None


def model_classes(path: Path) -> list[dict]:
    """Odoo model classes of one Python file, with their class attributes."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except SyntaxError:
        return []  # reported by test_python_compiles
    result = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        attrs = {}
        for item in node.body:
            if isinstance(item, ast.Assign):
                targets = [t.id for t in item.targets if isinstance(t, ast.Name)]
            elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                targets = [item.target.id] if item.value is not None else []
            else:
                continue
            for target in targets:
                if target.startswith("_"):
                    attrs[target] = _literal(item.value)
        bases = []
        for base in node.bases:
            if isinstance(base, ast.Attribute):
                bases.append(base.attr)
            elif isinstance(base, ast.Name):
                bases.append(base.id)
        result.append(
            {"class": node.name, "line": node.lineno, "bases": bases, "attrs": attrs}
        )
    return result


def _inherits(attrs: dict) -> list[str]:
    inherit = attrs.get("_inherit")
    if isinstance(inherit, str):
        return [inherit]
    if isinstance(inherit, (list, tuple)):
        return [name for name in inherit if isinstance(name, str)]
    return []


def python_files(addon: str, folders: tuple[str, ...]) -> list[Path]:
    root = ADDONS_DIR / addon
    return sorted(
        path
        for folder in folders
        if (root / folder).is_dir()
        for path in (root / folder).rglob("*.py")
        if "__pycache__" not in path.parts
    )


def defined_models(addon: str) -> dict[str, str]:
    """New models the addon defines that need ACLs: {model name: 'file:line'}."""
    result = {}
    for path in python_files(addon, MODEL_FOLDERS):
        for cls in model_classes(path):
            attrs = cls["attrs"]
            name = attrs.get("_name")
            if not isinstance(name, str) or name in _inherits(attrs):
                continue  # no _name, or _name repeats the inherited model
            if (
                "AbstractModel" in cls["bases"]
                or attrs.get("_auto") is False
                or attrs.get("_abstract") is True
                or attrs.get("_register") is False
            ):
                continue
            result.setdefault(name, f"{rel(path)}:{cls['line']}")
    return result


def touched_models(addon: str) -> set[str]:
    """Every model the addon defines or extends (it owns ``model_<name>`` ids)."""
    result = set()
    for path in python_files(addon, MODEL_FOLDERS):
        for cls in model_classes(path):
            name = cls["attrs"].get("_name")
            if isinstance(name, str):
                result.add(name)  # mixins in _inherit stay their owners' models
            else:
                result.update(_inherits(cls["attrs"]))
    return result


def model_xmlid(model: str) -> str:
    return "model_" + model.replace(".", "_")
