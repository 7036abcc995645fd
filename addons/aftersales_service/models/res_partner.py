from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    aftersales_lot_ids = fields.One2many(
        comodel_name="stock.lot",
        inverse_name="aftersales_customer_id",
        string="Units",
    )
    aftersales_lot_count = fields.Integer(
        string="Units Owned", compute="_compute_aftersales_lot_count"
    )

    def _compute_aftersales_lot_count(self):
        counts = dict(
            self.env["stock.lot"]._read_group(
                [
                    (
                        "aftersales_customer_id",
                        "child_of",
                        self.commercial_partner_id.ids,
                    )
                ],
                ["aftersales_customer_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.aftersales_lot_count = sum(
                count
                for owner, count in counts.items()
                if owner.commercial_partner_id == partner.commercial_partner_id
            )

    def action_aftersales_service_history(self):
        """The customer file: every request of this customer and its contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.helpdesk_ticket_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_aftersales_view_units(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.stock_lot_action"
        )
        action["domain"] = [
            ("aftersales_customer_id", "child_of", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_aftersales_customer_id": self.id}
        return action
