from odoo import fields, models
from odoo.exceptions import UserError


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    aftersales_return_due_ids = fields.Many2many(
        comodel_name="aftersales.part.return",
        compute="_compute_aftersales_return_due_ids",
        string="Defective Parts to Bring Back",
    )
    aftersales_return_due_count = fields.Integer(
        compute="_compute_aftersales_return_due_ids",
        string="Parts to Bring Back",
    )

    def _compute_aftersales_return_due_ids(self):
        for visit in self:
            due = visit.ticket_id.aftersales_part_return_ids.filtered(
                lambda r: r.state == "expected"
            )
            visit.aftersales_return_due_ids = due
            visit.aftersales_return_due_count = len(due)

    def action_aftersales_request_parts(self):
        self.ensure_one()
        return self.ticket_id.with_context(
            default_visit_id=self.id,
            default_technician_user_id=self.user_id.id,
        ).action_aftersales_request_parts()

    def action_aftersales_van_stock(self):
        """The stock in my van, one tap from the visit."""
        self.ensure_one()
        technician = self.env["aftersales.technician"].search(
            [
                ("user_id", "=", self.env.uid),
                ("company_id", "=", self.company_id.id),
                ("aftersales_van_location_id", "!=", False),
            ],
            limit=1,
        )
        if not technician:
            raise UserError(
                self.env._(
                    "You have no van in %(company)s: a dispatcher sets up your "
                    "technician profile (After-Sales > Configuration > "
                    "Technicians), which makes your van.",
                    company=self.company_id.name,
                )
            )
        return technician.action_aftersales_van_stock()
