from odoo import fields, models

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)


class AftersalesSafetyChecklistRecordMixin(models.AbstractModel):
    """A signed record answered from one version of a checklist template: a
    pre- or post-job check, an inspection. What they share: the checklist
    they were made from cannot be rewritten, a correction copies the answers
    (the answer lines are created by the correction only), and the same
    header in the signed chain's content.

    The model lists it before ``aftersales.signed.mixin`` (which must stay in
    its own ``_inherit``: the signed models are that mixin's direct children)
    and declares ``company_id``, ``kind``, ``result``, ``note``,
    ``correction_of_id`` and ``line_ids`` (answer lines of
    ``aftersales.safety.answer.mixin``)."""

    _name = "aftersales.safety.checklist.record.mixin"
    _description = "Safety Record Answered from a Checklist"

    template_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="Checklist",
        required=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    template_version = fields.Integer(related="template_id.version")
    family_id = fields.Many2one(
        comodel_name="aftersales.safety.checklist.template",
        string="Checklist Family",
        readonly=True,
        index=True,
    )

    def _aftersales_protected_field_names(self):
        # What the record is of: set when it is made from the template.
        return super()._aftersales_protected_field_names() | {
            "company_id",
            "template_id",
            "family_id",
        }

    def action_correct(self):
        with authorized(self._fields["line_ids"].comodel_name):
            return super().action_correct()

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(
            template=self.template_id.id,
            version=self.template_id.version,
            kind=self.kind,
            result=self.result,
            note=self.note or "",
            correction_of=self.correction_of_id.id,
            lines=[line._aftersales_chain_content() for line in self.line_ids],
        )
        return content
