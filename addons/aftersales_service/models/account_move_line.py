from odoo import api, fields, models
from odoo.exceptions import AccessError


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    aftersales_lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Serial Numbers",
        domain="[('product_id', '=', product_id)]",
        check_company=True,
        help="Units sold on this line: posting the invoice starts their "
        "warranty when the company starts warranties at invoicing.",
    )
    aftersales_charge_line_id = fields.Many2one(
        comodel_name="aftersales.charge.line",
        string="Service Charge",
        copy=False,
        index="btree_not_null",
        readonly=True,
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("aftersales_charge_line_id") for vals in vals_list):
            self._aftersales_refuse_charge_link()
        return super().create(vals_list)

    def write(self, vals):
        if "aftersales_charge_line_id" in vals:
            self._aftersales_refuse_charge_link()
        return super().write(vals)

    def _aftersales_refuse_charge_link(self):
        """The link between an invoice line and a service charge decides what
        is invoiced: only Create Invoice on the request sets it (through
        ``helpdesk.ticket._aftersales_link_invoice_lines``)."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The service charge of an invoice line is set only by "
                    "Create Invoice on the service request; it cannot be "
                    "entered or changed by hand."
                )
            )
