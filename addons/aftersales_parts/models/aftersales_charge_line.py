from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    is_authorized,
)


class AftersalesChargeLine(models.Model):
    _inherit = "aftersales.charge.line"

    aftersales_move_ids = fields.One2many(
        comodel_name="stock.move",
        inverse_name="aftersales_charge_line_id",
        string="Stock Moves",
        readonly=True,
    )
    aftersales_issued = fields.Boolean(
        string="Issued From Stock",
        compute="_compute_aftersales_issued",
        store=True,
        help="The part was issued by a stock move; the charge follows the stock.",
    )

    @api.depends("aftersales_move_ids")
    def _compute_aftersales_issued(self):
        for line in self:
            line.aftersales_issued = bool(line.aftersales_move_ids)

    @api.model_create_multi
    def create(self, vals_list):
        if not is_authorized(self._name):
            product_ids = [
                vals["product_id"]
                for vals in vals_list
                if vals.get("product_id") and vals.get("charge_type", "part") == "part"
            ]
            stocked = (
                self.env["product.product"]
                .browse(product_ids)
                .filtered(lambda p: p.aftersales_spare_part and p.is_storable)
            )
            if stocked:
                raise UserError(
                    self.env._(
                        "%(part)s is a stocked spare part: it is charged when the "
                        "stock clerk validates its issue. Use Request Parts on "
                        "the service request or visit instead of adding the "
                        "charge by hand.",
                        part=stocked[0].display_name,
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        if not is_authorized(self._name) and (
            {"quantity", "product_id", "ticket_id", "charge_type"} & set(vals)
        ):
            issued = self.filtered("aftersales_issued")
            if issued:
                raise UserError(
                    self.env._(
                        "%(line)s was issued from stock by %(issue)s: its part "
                        "and quantity follow the stock. Return the parts not "
                        "used with a return of that issue.",
                        line=issued[0].name,
                        issue=issued[0].aftersales_move_ids[:1].picking_id.name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_issued(self):
        if is_authorized(self._name):
            return
        issued = self.filtered("aftersales_issued")
        if issued:
            raise UserError(
                self.env._(
                    "%(line)s was issued from stock by %(issue)s and cannot be "
                    "deleted: return the part with a return of that issue, "
                    "which takes it off the charges.",
                    line=issued[0].name,
                    issue=issued[0].aftersales_move_ids[:1].picking_id.name,
                )
            )
