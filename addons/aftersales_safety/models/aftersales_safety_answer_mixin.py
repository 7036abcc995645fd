import hashlib

from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_safety_checklist_template import (
    ANSWER_TYPES,
    ITEM_FIELDS,
    PHOTO_POLICIES,
)


class AftersalesSafetyAnswerMixin(models.AbstractModel):
    """One answered checklist item: the question and its rules copied from
    the checklist version, the answer, a photo. Shared by a check's and an
    inspection's lines; each names its own parent field."""

    _name = "aftersales.safety.answer.mixin"
    _description = "Safety Checklist Answer"
    _inherit = ["aftersales.signed.line.mixin"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    question = fields.Char(required=True, readonly=True)
    answer_type = fields.Selection(selection=ANSWER_TYPES, required=True, readonly=True)
    expected_answer = fields.Selection(
        selection=[("yes", "Yes"), ("no", "No")], readonly=True
    )
    min_value = fields.Float(string="Minimum", readonly=True)
    max_value = fields.Float(string="Maximum", readonly=True)
    mandatory = fields.Boolean(readonly=True)
    blocking = fields.Boolean(readonly=True)
    photo_policy = fields.Selection(
        selection=PHOTO_POLICIES, string="Photo Rule", readonly=True
    )
    answer = fields.Selection(
        selection=[("pass", "Pass"), ("fail", "Fail"), ("yes", "Yes"), ("no", "No")],
    )
    value_number = fields.Float(string="Value")
    value_text = fields.Text(string="Text")
    photo = fields.Image(max_width=1920, max_height=1920, attachment=True)
    signature = fields.Binary(attachment=True)
    comment = fields.Char()
    is_answered = fields.Boolean(compute="_compute_is_answered", store=True)
    is_failed = fields.Boolean(
        string="Failed", compute="_compute_is_failed", store=True
    )
    photo_missing = fields.Boolean(compute="_compute_photo_missing")

    def _aftersales_check_complete(self, record_label):
        """Refuse signing while a mandatory item is unanswered or an item
        lacks the photo it asks for. ``record_label`` names the check or
        inspection in the message (e.g. "Check PRE-0001")."""
        missing = self.filtered(lambda line: line.mandatory and not line.is_answered)
        if missing:
            raise UserError(
                self.env._(
                    "%(record)s: answer every mandatory item before signing. "
                    "Unanswered: %(items)s.",
                    record=record_label,
                    items=", ".join(missing.mapped("question")),
                )
            )
        no_photo = self.filtered("photo_missing")
        if no_photo:
            raise UserError(
                self.env._(
                    "%(record)s: take the photo these items ask for: %(items)s.",
                    record=record_label,
                    items=", ".join(no_photo.mapped("question")),
                )
            )

    @api.depends(
        "answer_type", "answer", "value_number", "value_text", "photo", "signature"
    )
    def _compute_is_answered(self):
        for line in self:
            if line.answer_type in ("pass_fail", "yes_no"):
                line.is_answered = bool(line.answer)
            elif line.answer_type == "number":
                # 0 is a reading; an untouched number is answered too once the
                # technician saves it, so numbers count as answered.
                line.is_answered = True
            elif line.answer_type == "text":
                line.is_answered = bool((line.value_text or "").strip())
            elif line.answer_type == "photo":
                line.is_answered = bool(line.photo)
            else:
                line.is_answered = bool(line.signature)

    @api.depends("answer_type", "answer", "expected_answer", "value_number")
    def _compute_is_failed(self):
        for line in self:
            if line.answer_type == "pass_fail":
                line.is_failed = line.answer == "fail"
            elif line.answer_type == "yes_no":
                line.is_failed = bool(line.answer) and line.answer != (
                    line.expected_answer or "yes"
                )
            elif line.answer_type == "number":
                line.is_failed = not (
                    line.min_value <= line.value_number <= line.max_value
                )
            else:
                line.is_failed = False

    @api.depends("photo_policy", "photo", "is_failed", "answer_type")
    def _compute_photo_missing(self):
        for line in self:
            needed = line.photo_policy == "always" or (
                line.photo_policy == "on_fail" and line.is_failed
            )
            line.photo_missing = needed and not line.photo

    def _aftersales_protected_field_names(self):
        # The parent and the question with its rules, copied from the
        # template version (the sequence stays free).
        parent = {self._aftersales_parent_field} - {None}
        return (
            super()._aftersales_protected_field_names()
            | parent
            | (set(ITEM_FIELDS) - {"sequence"})
        )

    def _aftersales_item_values(self):
        """The question and its rules, to copy onto a new line."""
        self.ensure_one()
        return {name: self[name] for name in ITEM_FIELDS}

    def _aftersales_answer_hazard_values(self, description, **values):
        """The values of a hazard raised from this failed answer: pointing to
        it, ``description`` then the answer's comment, a copy of its photo
        (the signed answer keeps its own), and ``values``."""
        self.ensure_one()
        if self.comment:
            description = f"{description}\n{self.comment}"
        values.update(res_model=self._name, res_id=self.id, description=description)
        if self.photo:
            photo = (
                self.env["ir.attachment"]
                .sudo()
                .create({"name": f"{self.question[:60]}.png", "datas": self.photo})
            )
            values["photo_ids"] = [fields.Command.set(photo.ids)]
        return values

    def _aftersales_chain_content(self):
        self.ensure_one()

        def digest(value):
            return hashlib.sha256(value).hexdigest() if value else ""

        # Key names and order are part of existing signed chains: keep them.
        return {
            "id": self.id,
            "sequence": self.sequence,
            "question": self.question,
            "answer_type": self.answer_type,
            "expected_answer": self.expected_answer or "",
            "min": self.min_value,
            "max": self.max_value,
            "mandatory": self.mandatory,
            "blocking": self.blocking,
            "answer": self.answer or "",
            "number": self.value_number,
            "text": self.value_text or "",
            "comment": self.comment or "",
            "photo": digest(self.photo),
            "signature": digest(self.signature),
        }
