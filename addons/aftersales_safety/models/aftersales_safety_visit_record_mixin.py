from odoo import api, fields, models


class AftersalesSafetyVisitRecordMixin(models.AbstractModel):
    """A safety record of one visit (a check, a lockout/tagout record, a
    stop-work record): in the visit's company; the visit cannot be deleted
    while it has them. A signed record keeps the company it was signed in (a
    frozen copy: it stays in its chain whatever happens to the visit)."""

    _name = "aftersales.safety.visit.record.mixin"
    _description = "Safety Record of a Visit"

    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        required=True,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        compute="_compute_company_id",
        store=True,
        index=True,
        precompute=True,
    )

    @api.depends("visit_id.company_id")
    def _compute_company_id(self):
        for record in self._aftersales_company_follows_visit():
            record.company_id = record.visit_id.company_id

    def _aftersales_company_follows_visit(self):
        """The records whose company still follows their visit's."""
        if "signed_at" in self._fields:
            return self._aftersales_unsigned()
        return self
