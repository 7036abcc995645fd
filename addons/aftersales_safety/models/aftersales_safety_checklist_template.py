from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)

ANSWER_TYPES = [
    ("pass_fail", "Pass / Fail"),
    ("yes_no", "Yes / No"),
    ("number", "Number"),
    ("text", "Text"),
    ("photo", "Photo"),
    ("signature", "Signature"),
]
PHOTO_POLICIES = [
    ("never", "Never"),
    ("always", "Always"),
    ("on_fail", "On Fail"),
]
KINDS = [("pre", "Pre-job Check"), ("post", "Post-job Check")]
# What an item copies onto a check line when the check is made.
ITEM_FIELDS = [
    "sequence",
    "question",
    "answer_type",
    "expected_answer",
    "min_value",
    "max_value",
    "mandatory",
    "blocking",
    "photo_policy",
]


class AftersalesSafetyChecklistTemplate(models.Model):
    """A versioned checklist. A published version is never edited: a new
    version is made, and checks keep the version they were made from."""

    _name = "aftersales.safety.checklist.template"
    _inherit = ["aftersales.protected.mixin"]
    _description = "Safety Checklist Template"
    _order = "name, version desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    kind = fields.Selection(selection=KINDS, required=True, default="pre")
    version = fields.Integer(default=1, required=True, readonly=True, copy=False)
    origin_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="First Version",
        readonly=True,
        copy=False,
        index=True,
        help="Versions of one checklist share their first version.",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Draft"),
            ("published", "Published"),
            ("obsolete", "Replaced"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", help="Empty: used by every company."
    )
    item_ids = fields.One2many(
        comodel_name="aftersales.safety.checklist.template.item",
        inverse_name="template_id",
        string="Items",
        copy=True,
    )
    description = fields.Text(translate=True)

    _aftersales_version_unique = models.Constraint(
        "UNIQUE(origin_id, version)",
        "A checklist has one template per version number.",
    )

    @api.depends("name", "version")
    def _compute_display_name(self):
        for template in self:
            template.display_name = self.env._(
                "%(name)s (v%(version)s)", name=template.name, version=template.version
            )

    def _aftersales_protected_field_names(self):
        # Published by Publish only; a published version is never reopened.
        return super()._aftersales_protected_field_names() | {
            "state",
            "version",
            "origin_id",
        }

    def write(self, vals):
        if set(vals) - {"state", "active"}:
            self._aftersales_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self._aftersales_check_draft()

    def _aftersales_check_draft(self):
        published = self.filtered(lambda t: t.state != "draft")
        if published:
            raise UserError(
                self.env._(
                    "Checklist %(template)s is published and cannot be changed: "
                    "use New Version and publish that one.",
                    template=published[0].display_name,
                )
            )

    def _aftersales_family(self):
        self.ensure_one()
        return self.origin_id or self

    def _aftersales_latest(self):
        """The latest published version of this checklist (self when none)."""
        self.ensure_one()
        return self._aftersales_latest_by_template()[self]

    def _aftersales_latest_by_template(self):
        """``{template: the latest published version of its checklist}`` (the
        template itself when none is published), in one search for all."""
        roots = self.browse({template._aftersales_family().id for template in self})
        published = self.search(
            [
                "|",
                ("id", "in", roots.ids),
                ("origin_id", "in", roots.ids),
                ("state", "=", "published"),
            ],
            order="version desc",
        )
        latest = {}
        for template in published:
            latest.setdefault(template._aftersales_family(), template)
        return {
            template: latest.get(template._aftersales_family(), template)
            for template in self
        }

    def action_publish(self):
        for template in self:
            if template.state != "draft":
                raise UserError(
                    self.env._(
                        "Checklist %(template)s is already published.",
                        template=template.display_name,
                    )
                )
            if not template.item_ids:
                raise ValidationError(
                    self.env._(
                        "Checklist %(template)s has no items: add the questions "
                        "before publishing.",
                        template=template.display_name,
                    )
                )
            root = template._aftersales_family()
            older = self.search(
                [
                    "|",
                    ("id", "=", root.id),
                    ("origin_id", "=", root.id),
                    ("state", "=", "published"),
                    ("id", "!=", template.id),
                ]
            )
            older._aftersales_write({"state": "obsolete"})
            template._aftersales_write({"state": "published"})
        return True

    def action_new_version(self):
        """A draft copy with the next version number."""
        self.ensure_one()
        root = self._aftersales_family()
        last = self.with_context(active_test=False).search(
            ["|", ("id", "=", root.id), ("origin_id", "=", root.id)],
            order="version desc",
            limit=1,
        )
        with authorized(self._name, "aftersales.safety.checklist.template.item"):
            draft = self.copy({"origin_id": root.id, "version": last.version + 1})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": draft.id,
            "view_mode": "form",
        }


class AftersalesSafetyChecklistTemplateItem(models.Model):
    _name = "aftersales.safety.checklist.template.item"
    _description = "Safety Checklist Item"
    _order = "sequence, id"

    template_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    question = fields.Char(required=True, translate=True)
    answer_type = fields.Selection(
        selection=ANSWER_TYPES, required=True, default="pass_fail"
    )
    expected_answer = fields.Selection(
        selection=[("yes", "Yes"), ("no", "No")],
        default="yes",
        help="For Yes / No items: the safe answer; the other one fails.",
    )
    min_value = fields.Float(string="Minimum")
    max_value = fields.Float(string="Maximum")
    mandatory = fields.Boolean(default=True)
    blocking = fields.Boolean(
        help="A failed answer stops the work and raises a stop-work record."
    )
    photo_policy = fields.Selection(
        selection=PHOTO_POLICIES,
        string="Photo",
        default="never",
        required=True,
    )

    @api.constrains("answer_type", "min_value", "max_value")
    def _check_range(self):
        for item in self:
            if item.answer_type == "number" and item.min_value > item.max_value:
                raise ValidationError(
                    self.env._(
                        "Item %(question)s: the minimum is above the maximum.",
                        question=item.question,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        templates = self.env["aftersales.safety.checklist.template"].browse(
            [vals["template_id"] for vals in vals_list if vals.get("template_id")]
        )
        templates._aftersales_check_draft()
        return super().create(vals_list)

    def write(self, vals):
        self.template_id._aftersales_check_draft()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_published(self):
        self.template_id._aftersales_check_draft()

    def _aftersales_line_values(self):
        self.ensure_one()
        return {name: self[name] for name in ITEM_FIELDS}
