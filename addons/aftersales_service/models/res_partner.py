from odoo import api, fields, models


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

    aftersales_key_customer = fields.Boolean(
        string="Key Customer",
        tracking=True,
        help="Visited at least once a year (a visit is planned every year) "
        "with a written report due after each visit.",
    )
    aftersales_callback_ids = fields.One2many(
        comodel_name="aftersales.callback",
        inverse_name="partner_id",
        string="Follow-up Calls",
    )
    aftersales_last_key_visit = fields.Date(
        string="Last Key Visit", compute="_compute_aftersales_last_key_visit"
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

    def _compute_aftersales_last_key_visit(self):
        done = dict(
            self.env["aftersales.callback"]._read_group(
                [
                    ("partner_id", "in", self.ids),
                    ("kind", "=", "key_visit"),
                    ("state", "=", "done"),
                ],
                ["partner_id"],
                ["done_at:max"],
            )
        )
        for partner in self:
            last = done.get(partner)
            partner.aftersales_last_key_visit = last and last.date()

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        partners.filtered("aftersales_key_customer")._aftersales_plan_key_visit()
        return partners

    def write(self, vals):
        result = super().write(vals)
        if vals.get("aftersales_key_customer"):
            self._aftersales_plan_key_visit()
        return result

    def _aftersales_plan_key_visit(self):
        """A customer made key gets this year's visit planned at once."""
        Callback = self.env["aftersales.callback"].sudo()
        year = fields.Date.context_today(self).year
        due = (
            self.env["res.partner"]
            .sudo()
            .search(
                [("id", "in", self.ids), *Callback._aftersales_key_visit_domain(year)]
            )
        )
        if due:
            Callback._aftersales_plan_key_visits(due)

    def action_aftersales_callbacks(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_callback_action"
        )
        action["domain"] = [("partner_id", "child_of", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

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
