from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
    is_authorized,
)

from ..rules import abc


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    aftersales_abc_suggested = fields.Boolean(
        string="Suggested by A/B/C",
        copy=False,
        readonly=True,
        help="Min/max proposed from consumption by the A/B/C classification; "
        "updated on each run until a person changes it.",
    )

    def _aftersales_refuse_suggested(self):
        raise UserError(
            self.env._(
                "Only the A/B/C classification marks a reordering rule as its "
                "suggestion; a rule you set stays yours."
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not is_authorized(self._name) and any(
            vals.get("aftersales_abc_suggested") for vals in vals_list
        ):
            self._aftersales_refuse_suggested()
        return super().create(vals_list)

    def write(self, vals):
        if not is_authorized(self._name):
            if vals.get("aftersales_abc_suggested"):
                self._aftersales_refuse_suggested()
            if "product_min_qty" in vals or "product_max_qty" in vals:
                # A person set the levels: the classification leaves them alone.
                vals = {**vals, "aftersales_abc_suggested": False}
        return super().write(vals)

    @api.model
    def _aftersales_suggest(self, company, templates, consumed, window_days):
        """Min/max reordering rules in the main warehouse for the consumed A
        and B parts (``consumed``: ``{product: quantity}``); our suggestions
        for parts no longer A or B are removed. Rules set by a person are left
        alone."""
        warehouse = self.env["stock.warehouse"]._aftersales_main(company)
        if not warehouse:
            return
        Orderpoint = self.sudo()
        existing = Orderpoint.with_context(active_test=False).search(
            [
                ("product_id.product_tmpl_id", "in", templates.ids),
                ("location_id", "=", warehouse.lot_stock_id.id),
                ("company_id", "=", company.id),
            ]
        )
        by_product = {orderpoint.product_id: orderpoint for orderpoint in existing}
        create_vals = []
        for product, quantity in consumed.items():
            minimum, maximum = abc.reorder_levels(
                quantity,
                window_days,
                company.aftersales_abc_min_days,
                company.aftersales_abc_max_days,
            )
            if not maximum:
                continue
            orderpoint = by_product.get(product)
            if orderpoint and not orderpoint.aftersales_abc_suggested:
                continue
            if orderpoint:
                if (orderpoint.product_min_qty, orderpoint.product_max_qty) != (
                    minimum,
                    maximum,
                ):
                    with authorized(self._name):
                        orderpoint.write(
                            {"product_min_qty": minimum, "product_max_qty": maximum}
                        )
                continue
            create_vals.append(
                {
                    "product_id": product.id,
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "company_id": company.id,
                    "product_min_qty": minimum,
                    "product_max_qty": maximum,
                    "trigger": "manual",
                    "aftersales_abc_suggested": True,
                }
            )
        if create_vals:
            with authorized(self._name):
                Orderpoint.create(create_vals)
        stale = existing.filtered(
            lambda op: op.aftersales_abc_suggested and op.product_id not in consumed
        )
        stale.unlink()
