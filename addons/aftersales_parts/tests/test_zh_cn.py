"""Every label the after-sales screens show is in Chinese for a zh_CN user.

Walks the list, form, kanban and search views of every window action of the
three after-sales addons as ``get_views`` returns them in zh_CN (so with the
inherited views of stock, account and helpdesk_mgmt and their fields), and
lists each field label, button, filter, page and text shown with no Chinese
character in it.
"""

import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

OUR_MODULES = ("aftersales_service", "aftersales_safety", "aftersales_parts")
VIEW_TYPES = ("list", "form", "kanban", "search")
CHINESE = re.compile(r"[\u3400-\u9fff]")
# Shown as they are in Chinese screens too: codes, units, symbols.
AS_IS = re.compile(r"^[\sA-Z0-9/().:%#+\-–·×,\[\]→~]*$|^(SLA|PDF|GPS|URL)\b")
# Not ours to change: the e-invoicing register names (proper names of foreign
# registers, some left in their language by Odoo's own zh_CN) and a word
# Odoo's zh_CN of base.view_partner_form keeps in English.
UPSTREAM = {
    "selection res.partner.peppol_eas",
    # each language is named in its own language (English (US), 简体中文)
    "selection res.partner.lang",
    "selection res.partner.invoice_edi_format",
}
UPSTREAM_WORDS = {"and"}
HIDDEN = {"1", "True", "true"}
LABELLED = ("button", "filter", "page", "group", "separator", "label")


def _hidden(node):
    return any(
        (node.get(attr) or "").strip() in HIDDEN
        for attr in ("invisible", "column_invisible")
    )


def _walk(node, model, fields_of, view_type, found, where):
    """Yield (where, label) for what a user reads in this arch."""
    if not isinstance(node.tag, str) or _hidden(node):
        return
    in_card = view_type == "kanban"
    if node.tag == "field":
        name = node.get("name")
        field = fields_of(model).get(name, {})
        shows_label = not in_card and node.get("nolabel") != "1"
        label = node.get("string") or field.get("string")
        if shows_label and label:
            found.add((f"{where} field {model}.{name}", label))
        if field.get("type") == "selection" and not in_card and view_type != "search":
            for _key, value in field.get("selection") or ():
                found.add((f"{where} selection {model}.{name}", value))
        sub_model = field.get("relation") or model
        for child in node:
            _walk(child, sub_model, fields_of, child.tag, found, where)
        return
    if node.tag in LABELLED and node.get("string"):
        found.add((f"{where} {node.tag}", node.get("string")))
    for attr in ("placeholder", "title", "help"):
        if node.get(attr) and node.tag not in ("field", "widget", "t"):
            found.add((f"{where} {node.tag}@{attr}", node.get(attr)))
    if node.tag == "widget" and node.get("title"):
        found.add((f"{where} widget", node.get("title")))
    if node.tag not in ("t", "script", "style") and (node.text or "").strip():
        found.add((f"{where} {node.tag} text", node.text.strip()))
    for child in node:
        _walk(child, model, fields_of, view_type, found, where)
        if (child.tail or "").strip():
            found.add((f"{where} {node.tag} text", child.tail.strip()))


def aftersales_untranslated_labels(env):
    """[(where, label)] for labels our screens show without Chinese."""
    env = env(context=dict(env.context, lang="zh_CN"))
    data = env["ir.model.data"].search(
        [("model", "=", "ir.actions.act_window"), ("module", "in", OUR_MODULES)]
    )
    actions = env["ir.actions.act_window"].browse(data.mapped("res_id")).exists()
    found = set()
    for action in actions:
        model = action.res_model
        if model not in env or env[model]._transient:
            continue
        Model = env[model]
        views = [[False, view_type] for view_type in VIEW_TYPES]
        for view in action.view_ids:
            if view.view_mode in VIEW_TYPES:
                views[VIEW_TYPES.index(view.view_mode)] = [
                    view.view_id.id,
                    view.view_mode,
                ]
        if action.view_id and action.view_id.type in VIEW_TYPES:
            views[VIEW_TYPES.index(action.view_id.type)] = [
                action.view_id.id,
                action.view_id.type,
            ]
        if action.search_view_id:
            views[-1] = [action.search_view_id.id, "search"]
        modes = set((action.view_mode or "").split(",")) | {"search"}
        views = [v for v in views if v[1] in modes]
        result = Model.get_views(views, {"load_filters": False})
        models = result["models"]

        def fields_of(name, models=models):
            return models.get(name, {}).get("fields", {})

        for view_type, view in result["views"].items():
            arch = etree.fromstring(view["arch"])
            where = f"{action.xml_id or action.name} {view_type}"
            _walk(arch, model, fields_of, view_type, found, where)
    return sorted(
        (where, label)
        for where, label in found
        if not CHINESE.search(label)
        and not AS_IS.match(label.strip())
        and label.strip() not in UPSTREAM_WORDS
        and not any(where.endswith(upstream) for upstream in UPSTREAM)
    )


@tagged("post_install", "-at_install")
class TestChineseScreens(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lang = cls.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", "zh_CN"), ("active", "=", True)]):
            # Run alone (the suite loads zh_CN with the second install).
            Lang._activate_lang("zh_CN")
            installed = cls.env["ir.module.module"].search(
                [("state", "=", "installed")]
            )
            installed._load_module_terms(installed.mapped("name"), ["zh_CN"])

    def test_every_label_shown_is_chinese(self):
        missing = aftersales_untranslated_labels(self.env)
        self.assertFalse(
            missing,
            "Labels the after-sales screens show in English to a zh_CN user:\n"
            + "\n".join(f"{where}: {label!r}" for where, label in missing),
        )
