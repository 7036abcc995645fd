from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestAbc(PartsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "aftersales_abc_months": 12,
                "aftersales_abc_a_percent": 80,
                "aftersales_abc_b_percent": 15,
                "aftersales_abc_min_days": 30,
                "aftersales_abc_max_days": 60,
            }
        )
        Product = cls.env["product.product"]
        # Classify this test's parts only: the demo's spare parts and their
        # suggested reordering rules stay out of the shares.
        Product.search([("aftersales_spare_part", "=", True)]).write(
            {"aftersales_spare_part": False}
        )
        cls.env["stock.warehouse.orderpoint"].search(
            [("aftersales_abc_suggested", "=", True)]
        ).unlink()
        cls.parts = {}
        # name: (cost, consumed) -> values 8000, 1500, 400, 100, 0
        for name, cost, qty in (
            ("Board", 100.0, 80),
            ("Pump", 50.0, 30),
            ("Valve", 10.0, 40),
            ("Fuse", 1.0, 100),
            ("Unused", 5.0, 0),
        ):
            product = Product.create(
                {
                    "name": name,
                    "is_storable": True,
                    "standard_price": cost,
                    "aftersales_spare_part": True,
                }
            )
            cls.parts[name] = product
            if qty:
                cls._stock(product, cls.stock, qty)
                cls._consume(product, qty)
        # Consumption before the window does not count.
        old = cls.parts["Unused"]
        cls._stock(old, cls.stock, 500)
        cls._consume(old, 500, days_ago=400)

    @classmethod
    def _consume(cls, product, qty, days_ago=10, stock=None):
        stock = stock or cls.stock
        move = cls.env["stock.move"].create(
            {
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": stock.id,
                "company_id": stock.company_id.id,
                "location_dest_id": cls.customers.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = qty
        move.picked = True
        move._action_done()
        move.date = fields.Datetime.now() - timedelta(days=days_ago)

    def test_classify_known_data(self):
        template = self.parts["Board"].product_tmpl_id
        template.with_user(self.clerk).action_aftersales_abc_classify()
        classes = {
            name: product.aftersales_abc_class for name, product in self.parts.items()
        }
        self.assertEqual(
            classes,
            {"Board": "a", "Pump": "b", "Valve": "c", "Fuse": "c", "Unused": "c"},
        )
        self.assertEqual(template.aftersales_abc_value, 8000.0)
        self.assertEqual(template.aftersales_abc_quantity, 80.0)
        self.assertEqual(self.parts["Unused"].aftersales_abc_value, 0.0)
        # Filterable.
        self.assertIn(
            template,
            self.env["product.template"].search([("aftersales_abc_class", "=", "a")]),
        )

    def test_min_max_suggested_for_a_and_b(self):
        self.env["product.product"]._aftersales_abc_classify(self.company)
        Orderpoint = self.env["stock.warehouse.orderpoint"]
        suggested = Orderpoint.search([("aftersales_abc_suggested", "=", True)])
        self.assertEqual(suggested.product_id, self.parts["Board"] | self.parts["Pump"])
        board = suggested.filtered(lambda op: op.product_id == self.parts["Board"])
        window = board.create_date.date()
        days = (window - (window.replace(year=window.year - 1))).days
        self.assertEqual(board.product_min_qty, -(-80 * 30 // days))
        self.assertEqual(board.location_id, self.stock)
        self.assertEqual(board.trigger, "manual")
        # A person's change is kept on the next run.
        board.product_min_qty = 50
        self.assertFalse(board.aftersales_abc_suggested)
        self.env["product.product"]._aftersales_abc_classify(self.company)
        self.assertEqual(board.product_min_qty, 50)

    def test_cron_runs_per_company(self):
        cron = type(self.env["ir.cron"])
        with patch.object(cron, "_commit_progress", return_value=1.0) as progress:
            self.env["product.product"]._cron_aftersales_abc_classify()
        self.assertEqual(progress.call_count, self.env["res.company"].search_count([]))
        self.assertEqual(self.parts["Board"].aftersales_abc_class, "a")

    def test_class_per_company(self):
        """A part fast-moving in one company is classified there without
        changing its class in the other company."""
        other = self.env["res.company"].create({"name": "Service North"})
        other.aftersales_abc_a_percent = 80
        other_stock = self.env["stock.warehouse"]._aftersales_main(other).lot_stock_id
        fuse = self.parts["Fuse"]
        fuse.with_company(other).standard_price = 1.0
        self._stock(fuse, other_stock, 1000)
        self._consume(fuse, 1000, stock=other_stock)
        Product = self.env["product.product"]
        Product._aftersales_abc_classify(self.company)
        Product.with_company(other)._aftersales_abc_classify(other)
        here = fuse.product_tmpl_id.with_company(self.company)
        there = fuse.product_tmpl_id.with_company(other)
        self.assertEqual(here.aftersales_abc_class, "c")
        self.assertEqual(here.aftersales_abc_quantity, 100.0)
        self.assertEqual(there.aftersales_abc_class, "a")
        self.assertEqual(there.aftersales_abc_quantity, 1000.0)
        self.assertEqual(there.aftersales_abc_value, 1000.0)
        # The Board, consumed only here, is C in the other company.
        board = self.parts["Board"].product_tmpl_id
        self.assertEqual(board.with_company(other).aftersales_abc_class, "c")
        self.assertEqual(board.with_company(self.company).aftersales_abc_class, "a")
        # Filters follow the current company.
        Template = self.env["product.template"]
        self.assertIn(
            fuse.product_tmpl_id,
            Template.with_company(other).search([("aftersales_abc_class", "=", "a")]),
        )
        self.assertNotIn(
            fuse.product_tmpl_id,
            Template.with_company(self.company).search(
                [("aftersales_abc_class", "=", "a")]
            ),
        )

    def test_cron_skips_a_failing_company(self):
        """A company whose classification fails is logged and skipped; the
        next company is still classified."""
        other = self.env["res.company"].create({"name": "Service South"})
        Product = type(self.env["product.product"])
        original = Product._aftersales_abc_classify

        def classify(products, company):
            if company == other:
                raise ValueError("broken company")
            return original(products, company)

        cron = type(self.env["ir.cron"])
        with (
            patch.object(cron, "_commit_progress", return_value=1.0) as progress,
            patch.object(Product, "_aftersales_abc_classify", classify),
            self.assertLogs(
                "odoo.addons.aftersales_service.models.ir_cron", level="ERROR"
            ) as logs,
        ):
            self.env["product.product"]._cron_aftersales_abc_classify()
        self.assertIn("skipped", logs.output[0])
        self.assertEqual(progress.call_count, self.env["res.company"].search_count([]))
        self.assertEqual(self.parts["Board"].aftersales_abc_class, "a")
