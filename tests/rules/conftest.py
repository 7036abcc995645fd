"""Load the pure business rules of the addons by file path, without Odoo.

``addons/<addon>/rules/<name>.py`` is loaded as the module
``aftersales_rules_<addon>.<name>`` (also registered as
``aftersales_rules_<addon>_<name>``). The parent is a synthetic package whose
``__path__`` is the rules folder, so a rules module may import a sibling with
``from . import warranty``; the addon's own ``__init__.py`` (which imports the
Odoo models) is never executed.

Test modules call :func:`load_rule` at import time (``from .conftest import
load_rule``) so that module constants can feed hypothesis strategies; the
``load_rule`` fixture returns the same function.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import types
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[2]
ADDONS_DIR = REPO / "addons"

# Default for `make rules`; HYPOTHESIS_PROFILE=thorough (or
# `pytest --hypothesis-profile=thorough tests/rules`) digs deeper.
settings.register_profile("aftersales", deadline=None, print_blob=True)
settings.register_profile(
    "thorough", parent=settings.get_profile("aftersales"), max_examples=3000
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "aftersales"))


def rules_dir(addon: str) -> Path:
    return ADDONS_DIR / addon / "rules"


def rule_files() -> list[tuple[str, str]]:
    """Every (addon, rule name) present now, for generic tests."""
    return sorted(
        (path.parent.parent.name, path.stem)
        for path in ADDONS_DIR.glob("*/rules/*.py")
        if path.name != "__init__.py"
    )


def _package(addon: str) -> str:
    name = f"aftersales_rules_{addon}"
    if name not in sys.modules:
        package = types.ModuleType(name)
        package.__path__ = [str(rules_dir(addon))]
        package.__package__ = name
        package.__file__ = None
        sys.modules[name] = package
    return name


def load_rule(addon: str, name: str) -> types.ModuleType:
    """``addons/<addon>/rules/<name>.py`` as a module, loaded once and cached."""
    package = _package(addon)
    qualified = f"{package}.{name}"
    if qualified in sys.modules:
        return sys.modules[qualified]
    path = rules_dir(addon) / f"{name}.py"
    if not path.is_file():
        raise FileNotFoundError(
            f"{path.relative_to(REPO)} does not exist: the rules module "
            f"{name!r} of {addon} is missing."
        )
    spec = importlib.util.spec_from_file_location(qualified, path)
    module = importlib.util.module_from_spec(spec)
    # Registered before exec: dataclasses look their module up in sys.modules.
    sys.modules[qualified] = module
    sys.modules[f"{package}_{name}"] = module
    # No __pycache__ under addons/: the tests must not write into the addons.
    write_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[qualified]
        del sys.modules[f"{package}_{name}"]
        raise
    finally:
        sys.dont_write_bytecode = write_bytecode
    setattr(sys.modules[package], name, module)
    return module


@pytest.fixture(name="load_rule", scope="session")
def load_rule_fixture():
    return load_rule
