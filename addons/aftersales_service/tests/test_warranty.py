from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20")
class TestCoverage(AftersalesCommon):
    def test_in_unit_warranty_is_free_with_reason(self):
        ticket = self._ticket(self.desk, aftersales_failure_date=date(2025, 12, 1))
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.assertEqual(ticket.aftersales_warranty_end, date(2026, 1, 14))
        self.assertIn("12", ticket.aftersales_coverage_reason)

    def test_last_day_free_next_day_paid(self):
        last = self._ticket(aftersales_failure_date=date(2026, 1, 14))
        after = self._ticket(aftersales_failure_date=date(2026, 1, 15))
        self.assertEqual(last.aftersales_coverage, "free")
        self.assertEqual(after.aftersales_coverage, "paid")
        self.assertIn("2026-01-14", after.aftersales_coverage_reason)

    def test_component_period_longer_than_unit(self):
        compressor = self._ticket(
            aftersales_failure_date=date(2026, 9, 1),
            aftersales_component_id=self.compressor.id,
        )
        fan = self._ticket(
            aftersales_failure_date=date(2026, 9, 1),
            aftersales_component_id=self.fan.id,
        )
        self.assertEqual(compressor.aftersales_coverage, "free")
        self.assertEqual(compressor.aftersales_warranty_end, date(2028, 1, 14))
        self.assertIn(
            self.compressor.display_name, compressor.aftersales_coverage_reason
        )
        self.assertEqual(fan.aftersales_coverage, "paid")

    def test_product_overrides_category(self):
        self.ac.product_tmpl_id.write(
            {
                "aftersales_warranty_months": 24,
                "aftersales_component_warranty_ids": [
                    (0, 0, {"component_product_id": self.compressor.id, "months": 60})
                ],
            }
        )
        unit = self._ticket(aftersales_failure_date=date(2026, 9, 1))
        part = self._ticket(
            aftersales_failure_date=date(2026, 9, 1),
            aftersales_component_id=self.compressor.id,
        )
        self.assertEqual(unit.aftersales_coverage, "free")
        self.assertEqual(unit.aftersales_warranty_end, date(2027, 1, 14))
        self.assertEqual(part.aftersales_warranty_end, date(2030, 1, 14))

    def test_category_default_then_product_value(self):
        product = self.env["product.product"].create(
            {"name": "Split AC", "categ_id": self.categ_ac.id}
        )
        self.assertEqual(product.aftersales_warranty_months, 12)
        product.aftersales_warranty_months = 36
        self.categ_ac.aftersales_warranty_months = 18
        # an explicit product value is kept until the category changes again
        self.assertIn(product.aftersales_warranty_months, (18, 36))

    def test_exclusion_makes_paid_and_removal_recomputes(self):
        ticket = self._ticket(self.desk, aftersales_failure_date=date(2025, 12, 1))
        ticket.aftersales_exclusion_id = self.exclusion
        self.assertEqual(ticket.aftersales_coverage, "paid")
        self.assertIn(self.exclusion.name, ticket.aftersales_coverage_reason)
        ticket.aftersales_exclusion_id = False
        self.assertEqual(ticket.aftersales_coverage, "free")

    def test_contract_covers_expired_unit(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "lot_ids": [(6, 0, self.lot.ids)],
            }
        )
        contract.action_activate()
        ticket = self._ticket(aftersales_failure_date=date(2026, 6, 1))
        self.assertEqual(ticket.aftersales_contract_id, contract)
        self.assertEqual(ticket.aftersales_coverage, "contract")
        self.assertIn(contract.name, ticket.aftersales_coverage_reason)
        outside = self._ticket(aftersales_failure_date=date(2025, 12, 20))
        self.assertFalse(outside.aftersales_contract_id)

    def test_contract_by_product_for_contact(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
                "product_ids": [(6, 0, self.ac.ids)],
            }
        )
        contract.action_activate()
        ticket = self._ticket(
            partner_id=self.customer_contact.id,
            aftersales_failure_date=date(2026, 6, 1),
        )
        self.assertEqual(ticket.aftersales_coverage, "contract")

    def test_altered_serial_voids_warranty(self):
        self.lot.aftersales_serial_condition = "altered"
        ticket = self._ticket(aftersales_failure_date=date(2025, 12, 1))
        self.assertEqual(ticket.aftersales_coverage, "paid")
        self.assertIn("serial", ticket.aftersales_coverage_reason)

    def test_no_serial_is_paid(self):
        ticket = self._ticket(aftersales_lot_id=False, aftersales_product_id=self.ac.id)
        self.assertEqual(ticket.aftersales_coverage, "paid")

    def test_factory_date_plus_grace(self):
        lot = self._lot("AC-F1", factory=date(2025, 1, 10))
        self.assertEqual(lot.aftersales_warranty_start, date(2025, 4, 10))
        self.assertEqual(lot.aftersales_warranty_start_source, "factory")
        ticket = self._ticket(
            aftersales_lot_id=lot.id, aftersales_failure_date=date(2026, 4, 9)
        )
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.company.aftersales_factory_grace_months = 0
        lot.invalidate_recordset()
        self.env.add_to_compute(lot._fields["aftersales_warranty_start"], lot)
        lot._recompute_recordset(["aftersales_warranty_start"])
        self.assertEqual(lot.aftersales_warranty_start, date(2025, 1, 10))

    def test_promise_wins_when_longer(self):
        self.lot.sudo().aftersales_promised_months = 24
        ticket = self._ticket(aftersales_failure_date=date(2026, 6, 1))
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.assertEqual(ticket.aftersales_warranty_end, date(2027, 1, 14))

    def test_override_only_by_manager_with_reason(self):
        ticket = self._ticket(self.desk, aftersales_failure_date=date(2026, 6, 1))
        self.assertEqual(ticket.aftersales_coverage, "paid")
        with self.assertRaises(UserError):
            ticket.with_user(self.desk).write(
                {
                    "aftersales_coverage_override": "free",
                    "aftersales_coverage_override_reason": "Good customer",
                }
            )
        with self.assertRaises(UserError):
            ticket.with_user(self.desk).write({"aftersales_coverage": "free"})
        with self.assertRaises(AccessError):
            ticket.with_user(self.desk)._aftersales_override_coverage("free", "x")
        self.assertEqual(ticket.aftersales_coverage, "paid")
        wizard_action = ticket.with_user(
            self.manager
        ).action_aftersales_override_coverage()
        wizard = Form(
            self.env[wizard_action["res_model"]]
            .with_user(self.manager)
            .with_context(**wizard_action["context"])
        )
        wizard.coverage = "free"
        wizard.reason = "Fault known from the factory batch"
        wizard.save().action_apply()
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.assertIn("factory batch", ticket.aftersales_coverage_reason)
        self.assertEqual(ticket.aftersales_coverage_auto, "paid")
        # Not even a manager writes the coverage or the override directly:
        # only the wizard, which records the reason.
        for field, value in (
            ("aftersales_coverage_override_reason", False),
            ("aftersales_coverage", "paid"),
            ("aftersales_coverage_auto", "free"),
        ):
            with self.assertRaises(UserError):
                ticket.with_user(self.manager).with_context(
                    aftersales_anything=True
                ).write({field: value})
        self.assertEqual(ticket.aftersales_coverage, "free")
        with self.assertRaises(ValidationError):
            ticket.with_user(self.manager)._aftersales_override_coverage("free", " ")
        ticket.with_user(self.manager)._aftersales_override_coverage(False, False)
        self.assertEqual(ticket.aftersales_coverage, "paid")


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20")
class TestBadInput(AftersalesCommon):
    def _count(self):
        return self.env["helpdesk.ticket"].search_count([])

    def test_failure_date_in_future(self):
        before = self._count()
        with self.assertRefused(ValidationError, "future"):
            self._ticket(self.desk, aftersales_failure_date=date(2026, 12, 1))
        self.assertEqual(self._count(), before)

    def test_failure_before_purchase(self):
        before = self._count()
        with self.assertRefused(ValidationError, "before the unit's warranty start"):
            self._ticket(self.desk, aftersales_failure_date=date(2024, 12, 1))
        self.assertEqual(self._count(), before)

    def test_start_before_factory_date(self):
        with self.assertRefused(ValidationError, "before the factory date"):
            self._lot("AC-BAD", start=date(2024, 1, 1), factory=date(2024, 6, 1))
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "AC-BAD")]))

    def test_negative_months(self):
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.categ_ac.aftersales_warranty_months = -1
        self.assertEqual(self.categ_ac.aftersales_warranty_months, 12)
        with self.assertRefused(ValidationError, "cannot be negative"):
            self.categ_ac.aftersales_component_warranty_ids.months = -5
        self.assertEqual(self.categ_ac.aftersales_component_warranty_ids.months, 36)

    def test_serial_on_untracked_product(self):
        before = self._count()
        with self.assertRefused(ValidationError, "not tracked by serial"):
            self._ticket(aftersales_product_id=self.untracked.id)
        self.assertEqual(self._count(), before)

    def test_manual_start_needs_reason(self):
        with self.assertRefused(ValidationError, "needs a reason"):
            self.lot.write(
                {
                    "aftersales_warranty_start": date(2025, 2, 1),
                    "aftersales_warranty_start_source": "manual",
                }
            )
        self.assertEqual(self.lot.aftersales_warranty_start, date(2025, 1, 15))

    def test_contract_end_before_start(self):
        with self.assertRefused(ValidationError, "before it starts"):
            self.env["aftersales.contract"].create(
                {
                    "partner_id": self.customer.id,
                    "date_start": date(2026, 2, 1),
                    "date_end": date(2026, 1, 1),
                }
            )


@tagged("post_install", "-at_install")
@freeze_time("2026-11-20")
class TestWarrantyStart(AftersalesCommon):
    def _deliver(self, lot):
        stock = self.env.ref("stock.stock_location_stock")
        self.env["stock.quant"]._update_available_quantity(
            self.ac, stock, 1, lot_id=lot
        )
        picking_type = self.env.ref("stock.picking_type_out")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.other_customer.id,
                "location_id": stock.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.ac.id,
                            "product_uom_qty": 1,
                            "location_id": stock.id,
                            "location_dest_id": self.env.ref(
                                "stock.stock_location_customers"
                            ).id,
                        },
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.move_line_ids.lot_id = lot
        picking.move_ids.picked = True
        picking.button_validate()
        return picking

    def test_delivery_fills_start_and_customer(self):
        lot = self.env["stock.lot"].create(
            {
                "name": "AC-D1",
                "product_id": self.ac.id,
                "aftersales_factory_date": date(2026, 1, 5),
            }
        )
        self.assertEqual(lot.aftersales_warranty_start_source, "factory")
        picking = self._deliver(lot)
        self.assertEqual(picking.state, "done")
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 11, 20))
        self.assertEqual(lot.aftersales_warranty_start_source, "delivery")
        self.assertEqual(lot.aftersales_customer_id, self.other_customer)

    def test_delivery_keeps_card_start(self):
        lot = self._lot("AC-D2", start=date(2026, 3, 1), customer=self.other_customer)
        self._deliver(lot)
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 3, 1))
        self.assertEqual(lot.aftersales_warranty_start_source, "card")

    def test_invoice_fills_start_when_set(self):
        self.company.aftersales_warranty_start_event = "invoice"
        lot = self.env["stock.lot"].create({"name": "AC-I1", "product_id": self.ac.id})
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_contact.id,
                "invoice_date": date(2026, 10, 2),
                "invoice_line_ids": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.ac.id,
                            "quantity": 1,
                            "price_unit": 1000,
                            "aftersales_lot_ids": [(6, 0, lot.ids)],
                        },
                    )
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 10, 2))
        self.assertEqual(lot.aftersales_warranty_start_source, "invoice")
        self.assertEqual(lot.aftersales_customer_id, self.customer)

    def test_card_start_by_manager_tracked_desk_refused(self):
        with self.assertRaises(AccessError):
            self.lot.with_user(self.desk).aftersales_warranty_start = date(2025, 2, 1)
        self.assertEqual(self.lot.aftersales_warranty_start, date(2025, 1, 15))
        lot = self.lot.with_user(self.manager).with_context(
            tracking_disable=False, mail_notrack=False
        )
        lot.write({"aftersales_warranty_start": date(2025, 2, 1)})
        self.env.flush_all()
        self.env.cr.precommit.run()  # tracking values are written at commit
        self.assertEqual(lot.aftersales_warranty_end, date(2026, 1, 31))
        tracked = self.lot.message_ids.tracking_value_ids.filtered(
            lambda v: v.field_id.name == "aftersales_warranty_start"
        )
        self.assertTrue(tracked)

    def test_component_summary(self):
        summary = self.lot.aftersales_warranty_summary
        self.assertIn("Compressors", summary)
        self.assertIn("2028-01-14", summary)
