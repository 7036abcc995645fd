"""Query counts of the parts batch paths: each runs on N and 10N records and
must not take more queries for more records (a query per record fails it)."""

from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from odoo.addons.base.models.ir_cron import IrCron

from .common import PartsCommon


@tagged("post_install", "-at_install")
class TestPartsQueryCounts(PartsCommon):
    def _parts(self, count, **vals):
        products = self.env["product.product"].create(
            [
                {
                    "name": f"Part {index}",
                    "is_storable": True,
                    "aftersales_spare_part": True,
                    "standard_price": 10.0 + index,
                    "sale_ok": True,
                    **vals,
                }
                for index in range(count)
            ]
        )
        for product in products:
            self._stock(product, self.stock, 100)
        return products

    def _delivery(self, products, consumed=False):
        """A plain delivery of ``products`` from stock to the customer, one of
        each (``consumed``: 1, 2, 3... so each part's value differs)."""
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse.out_type_id.id,
                "location_id": self.stock.id,
                "location_dest_id": self.customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": product.id,
                            "product_uom_qty": 1 + index if consumed else 1,
                            "product_uom": product.uom_id.id,
                            "location_id": self.stock.id,
                            "location_dest_id": self.customers.id,
                        }
                    )
                    for index, product in enumerate(products)
                ],
            }
        )
        picking.action_confirm()
        return picking

    def test_parts_issue_validation(self):
        """Validating an issue of N parts: charges, expected returns and the
        defective-parts picking cost no query per part beyond what Odoo's own
        validation of a delivery of the same parts costs."""

        def issue_and_delivery(count):
            products = self._parts(count, aftersales_return_required=True)
            ticket = self._job()
            issue = self._request(ticket, [(product, 1) for product in products])
            pickings = issue | self._delivery(products)
            pickings.move_ids.write({"quantity": 1, "picked": True})
            return pickings

        def run(pickings):
            issue = pickings[0]
            issue.with_user(self.clerk).button_validate()
            ticket = issue.aftersales_ticket_id
            self.assertEqual(
                len(ticket.aftersales_charge_line_ids), len(issue.move_ids)
            )
            self.assertEqual(
                len(ticket.aftersales_part_return_ids), len(issue.move_ids)
            )

        def core(pickings):
            """Odoo validating a delivery of the same parts, and making and
            confirming a receipt of them (as the defective-parts picking):
            its own queries per product (e.g. the reordering rules it looks
            up for each confirmed move) are not ours."""
            delivery = pickings[1]
            delivery.with_user(self.clerk).button_validate()
            defective = self.warehouse.aftersales_defective_type_id
            self.env["stock.picking"].create(
                {
                    "picking_type_id": defective.id,
                    "location_id": self.customers.id,
                    "location_dest_id": defective.default_location_dest_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": move.product_id.id,
                                "product_uom_qty": 1,
                                "product_uom": move.product_uom.id,
                                "location_id": self.customers.id,
                                "location_dest_id": (
                                    defective.default_location_dest_id.id
                                ),
                            }
                        )
                        for move in delivery.move_ids
                    ],
                }
            ).action_confirm()

        self.assertQueriesFlat(issue_and_delivery, run, baseline=core)

    def test_abc_classification(self):
        """Classifying N consumed parts: one read of the consumption, writes
        grouped, reordering rules created at once."""
        self.env["product.product"].search(
            [("aftersales_spare_part", "=", True)]
        ).write({"aftersales_spare_part": False})

        def consumed(count):
            products = self._parts(count)
            picking = self._delivery(products, consumed=True)
            self._validate(picking)
            return products

        def run(products):
            with patch.object(IrCron, "_commit_progress", return_value=100.0):
                self.env["product.product"]._cron_aftersales_abc_classify()
            self.assertTrue(all(products.mapped("aftersales_abc_class")))

        # Odoo numbers each new reordering rule from its sequence (OP/…).
        self.assertQueriesFlat(
            consumed, run, ignore=r'FROM "ir_sequence"|SELECT nextval'
        )

    def test_overdue_loaners_cron(self):
        """Overdue loans (the same code as overdue defective parts): the
        to-dos of a batch in one create, one write."""
        loaner = self.env["product.product"].create(
            {
                "name": "Portable AC",
                "is_storable": True,
                "tracking": "serial",
                "aftersales_loaner": True,
            }
        )
        ticket = self._job(user_id=self.technician.id)
        Loan = self.env["aftersales.loan"]
        today = fields.Date.today()

        def overdue(count):
            units = self.env["stock.lot"].create(
                [
                    {"name": f"LN-Q{count}-{index}", "product_id": loaner.id}
                    for index in range(count)
                ]
            )
            loans = Loan.create(
                [{"ticket_id": ticket.id, "lot_id": unit.id} for unit in units]
            )
            # As lent by the stock moves (their own tests): the protected path.
            loans._aftersales_write(
                {"state": "lent", "due_date": today - timedelta(days=3)}
            )
            return loans

        def run(loans):
            with (
                freeze_time(today),
                patch.object(IrCron, "_commit_progress", return_value=100.0),
            ):
                Loan._cron_aftersales_overdue()
            self.assertEqual(set(loans.mapped("overdue_notified")), {True})
            self.assertEqual(loans.activity_ids.user_id, self.technician)

        self.assertQueriesFlat(overdue, run)

    def test_fixed_counts(self):
        """Nothing overdue: a fixed, small number of queries."""
        Loan = self.env["aftersales.loan"]
        Return = self.env["aftersales.part.return"]
        with patch.object(IrCron, "_commit_progress", return_value=100.0):
            Loan._cron_aftersales_overdue()
            Return._cron_aftersales_overdue()
            self.env.invalidate_all()
            with self.assertQueryCount(2):
                Loan._cron_aftersales_overdue()
            self.env.invalidate_all()
            with self.assertQueryCount(2):
                Return._cron_aftersales_overdue()
