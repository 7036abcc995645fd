"""Generic checks for every rules module of every addon (new ones included).

A rules module is pure: plain values in, plain values out. It must load by
file path without Odoo and must not import Odoo or anything of its addon
outside ``rules/``.
"""

from __future__ import annotations

import ast

import pytest

from .conftest import REPO, load_rule, rule_files, rules_dir

RULES = rule_files()


@pytest.mark.parametrize(("addon", "name"), RULES, ids=[f"{a}/{n}" for a, n in RULES])
def test_rules_module_loads_without_odoo(addon, name):
    module = load_rule(addon, name)
    assert module.__doc__, (
        f"addons/{addon}/rules/{name}.py has no module docstring: say which "
        "regulation (DOMAIN.md) the rules implement."
    )


@pytest.mark.parametrize(("addon", "name"), RULES, ids=[f"{a}/{n}" for a, n in RULES])
def test_rules_module_is_pure(addon, name):
    path = rules_dir(addon) / f"{name}.py"
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            bad += [
                (node.lineno, alias.name)
                for alias in node.names
                if alias.name.split(".")[0] == "odoo"
            ]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and module.split(".")[0] == "odoo":
                bad.append((node.lineno, module))
            elif node.level > 1:
                bad.append((node.lineno, "." * node.level + module))
    assert not bad, (
        f"{path.relative_to(REPO)} imports {bad}: rules must stay pure (no Odoo, "
        "nothing of the addon outside rules/). Pass plain values in from the "
        "model instead."
    )


def test_load_rule_is_cached():
    if not RULES:
        pytest.skip("no rules module yet")
    addon, name = RULES[0]
    assert load_rule(addon, name) is load_rule(addon, name)


def test_load_rule_fixture_is_the_helper(request):
    assert request.getfixturevalue("load_rule") is load_rule


def test_missing_rules_module_says_so():
    with pytest.raises(FileNotFoundError, match="does not exist"):
        load_rule("aftersales_service", "no_such_rule_module")
