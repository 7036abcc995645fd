from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.aftersales_service.tests.common import AftersalesDispatchCommon


class PartsCommon(AftersalesDispatchCommon):
    """A stock clerk, the main warehouse with its service locations, spare
    parts in stock and in the technician's van."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.clerk = new_test_user(
            cls.env, login="as_clerk", groups="stock.group_stock_user", name="Clerk Ma"
        )
        cls.warehouse = cls.env["stock.warehouse"]._aftersales_main(cls.company)
        cls.stock = cls.warehouse.lot_stock_id
        cls.customers = cls.env.ref("stock.stock_location_customers")
        cls.van = cls.profile.aftersales_van_location_id
        cls.compressor.write(
            {
                "is_storable": True,
                "aftersales_spare_part": True,
                "aftersales_return_required": True,
                "standard_price": 1000.0,
                "sale_ok": True,
            }
        )
        cls.fan.write(
            {
                "is_storable": True,
                "aftersales_spare_part": True,
                "standard_price": 50.0,
                "sale_ok": True,
            }
        )
        cls.company.aftersales_pricing_method = "cost_plus"
        cls.company.aftersales_quote_markup = 40.0
        cls._stock(cls.compressor, cls.stock, 2)
        cls._stock(cls.fan, cls.stock, 10)
        cls._stock(cls.fan, cls.van, 3)

    @classmethod
    def _stock(cls, product, location, quantity, lot=None):
        cls.env["stock.quant"]._update_available_quantity(
            product, location, quantity, lot_id=lot
        )

    def _request(self, ticket, lines, user=None, source="store", visit=None):
        """A parts request as ``user`` (default the technician): the issue."""
        user = user or self.technician
        wizard = (
            self.env["aftersales.parts.request"]
            .with_user(user)
            .create(
                {
                    "ticket_id": ticket.id,
                    "visit_id": visit.id if visit else False,
                    "technician_user_id": self.technician.id,
                    "source": source,
                    "line_ids": [
                        Command.create({"product_id": product.id, "quantity": qty})
                        for product, qty in lines
                    ],
                }
            )
        )
        wizard.action_confirm()
        return self.env["stock.picking"].search(
            [
                ("aftersales_ticket_id", "=", ticket.id),
                ("aftersales_kind", "=", "issue"),
            ],
            order="id desc",
            limit=1,
        )

    def _validate(self, picking, user=None):
        picking = picking.with_user(user or self.clerk)
        for move in picking.move_ids:
            if not move.quantity:
                move.quantity = move.product_uom_qty
        picking.move_ids.picked = True
        result = picking.button_validate()
        self.assertTrue(result is True or isinstance(result, dict))
        return picking

    def _job(self, **vals):
        """A ticket the technician is sent on (so they may see it)."""
        ticket = self._ticket(**vals)
        self._visit(ticket)
        return ticket
