"""Go-live inside a running ERP (issue 23): the installed base from the
delivery and invoice history, the import of the units kept outside Odoo,
and the backlog taken over without deadlines."""

import base64
import importlib.util
import io
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import file_path

from .common import AftersalesCommon
from .test_sla import no_commit


def _forget_history(lots):
    """The unit as it was before the addons were installed: no customer, no
    warranty start (its deliveries and invoices stay)."""
    lots.env.flush_all()
    lots.env.cr.execute(
        "UPDATE stock_lot SET aftersales_customer_id = NULL,"
        " aftersales_customer_source = NULL, aftersales_warranty_start = NULL,"
        " aftersales_warranty_start_source = NULL, aftersales_warranty_end = NULL"
        " WHERE id = ANY(%s)",
        [lots.ids],
    )
    lots.invalidate_recordset()


@tagged("post_install", "-at_install")
class TestHistoryBackfill(AftersalesCommon):
    def _move(self, lot, source, dest, partner):
        stock = self.env.ref("stock.stock_location_stock")
        customers = self.env.ref("stock.stock_location_customers")
        locations = {"stock": stock, "customer": customers}
        if source == "stock" and not self.env["stock.quant"]._get_available_quantity(
            self.ac, stock, lot_id=lot, strict=True
        ):
            self.env["stock.quant"]._update_available_quantity(
                self.ac, stock, 1, lot_id=lot
            )
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.env.ref(
                    "stock.picking_type_out"
                    if source == "stock"
                    else "stock.picking_type_in"
                ).id,
                "partner_id": partner.id,
                "location_id": locations[source].id,
                "location_dest_id": locations[dest].id,
                "move_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.ac.id,
                            "product_uom_qty": 1,
                            "location_id": locations[source].id,
                            "location_dest_id": locations[dest].id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.move_line_ids.unlink()
        picking.move_ids.write(
            {
                "move_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.ac.id,
                            "lot_id": lot.id,
                            "quantity": 1,
                            "location_id": locations[source].id,
                            "location_dest_id": locations[dest].id,
                        }
                    )
                ],
                "picked": True,
            }
        )
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return picking

    def _new_lot(self, name, **vals):
        return self.env["stock.lot"].create(
            {"name": name, "product_id": self.ac.id, **vals}
        )

    def _run(self, user=None):
        wizard = (
            self.env["aftersales.history.backfill"]
            .with_user(user or self.manager)
            .create({})
        )
        wizard.action_run()
        return wizard

    def test_backfill_from_deliveries(self):
        lot = self._new_lot("HB-1")
        picking = self._move(lot, "stock", "customer", self.customer_contact)
        _forget_history(lot)
        self.assertFalse(lot.aftersales_customer_id)
        wizard = self._run()
        self.assertEqual(lot.aftersales_customer_id, self.customer)
        self.assertEqual(lot.aftersales_customer_source, "delivery")
        self.assertEqual(lot.aftersales_warranty_start, picking.date_done.date())
        self.assertEqual(lot.aftersales_warranty_start_source, "delivery")
        self.assertTrue(lot.aftersales_warranty_end)
        self.assertGreaterEqual(wizard.found_count, 1)
        self.assertGreaterEqual(wizard.start_count, 1)
        # A second run finds the same units and sets nothing more.
        again = self._run()
        self.assertEqual(again.start_count, 0)
        self.assertEqual(again.customer_count, 0)

    def test_backfill_in_batches(self):
        """Batch after batch, the same result as in one go."""
        lots = self._new_lot("HB-B1") | self._new_lot("HB-B2")
        for lot in lots:
            self._move(lot, "stock", "customer", self.customer)
        _forget_history(lots)
        summary = self.env["stock.lot"]._aftersales_backfill_history(
            self.company.ids, batch_size=1
        )
        self.assertEqual(lots.aftersales_customer_id, self.customer)
        self.assertEqual(
            set(lots.mapped("aftersales_warranty_start_source")), {"delivery"}
        )
        self.assertGreaterEqual(summary["starts"], 2)

    def test_backfill_from_invoices(self):
        self.company.aftersales_warranty_start_event = "invoice"
        lot = self._new_lot("HB-2")
        self._move(lot, "stock", "customer", self.customer)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer_contact.id,
                "invoice_date": date(2026, 10, 2),
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": self.ac.id,
                            "quantity": 1,
                            "price_unit": 1000,
                            "aftersales_lot_ids": [fields.Command.set(lot.ids)],
                        }
                    )
                ],
            }
        )
        invoice.action_post()
        no_invoice = self._new_lot("HB-3")
        self._move(no_invoice, "stock", "customer", self.customer)
        _forget_history(lot | no_invoice)
        wizard = self._run()
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 10, 2))
        self.assertEqual(lot.aftersales_warranty_start_source, "invoice")
        self.assertEqual(lot.aftersales_customer_id, self.customer)
        # Starts at invoice, none posted: the customer only.
        self.assertEqual(no_invoice.aftersales_customer_id, self.customer)
        self.assertFalse(no_invoice.aftersales_warranty_start)
        self.assertGreaterEqual(wizard.no_invoice_count, 1)

    def test_backfill_never_overwrites_manual_data(self):
        lot = self._new_lot("HB-4")
        self._move(lot, "stock", "customer", self.customer)
        _forget_history(lot)
        lot.with_user(self.manager).write(
            {
                "aftersales_warranty_start": date(2026, 1, 3),
                "aftersales_warranty_start_source": "manual",
                "aftersales_warranty_start_reason": "Customer's own record",
                "aftersales_customer_id": self.customer.id,
            }
        )
        self.assertEqual(lot.aftersales_customer_source, "manual")
        wizard = self._run()
        self.assertEqual(lot.aftersales_warranty_start, date(2026, 1, 3))
        self.assertEqual(lot.aftersales_warranty_start_source, "manual")
        self.assertEqual(lot.aftersales_customer_source, "manual")
        self.assertGreaterEqual(wizard.kept_count, 1)

    def test_start_from_proof_not_set_by_hand(self):
        """A start from a delivery, an invoice, the factory date or the
        import is the system's finding: not even a manager writes it by hand;
        changing such a date makes it the manager's, with a reason."""
        lot = self._new_lot("HB-PROOF")
        picking = self._move(lot, "stock", "customer", self.customer)
        delivered = picking.date_done.date()
        as_manager = lot.with_user(self.manager)
        count = self.env["stock.lot"].search_count([])
        for source in ("delivery", "invoice", "factory", "import"):
            with self.assertRefused(UserError, "set by the system"):
                as_manager.write(
                    {
                        "aftersales_warranty_start": date(2024, 1, 1),
                        "aftersales_warranty_start_source": source,
                    }
                )
            with self.assertRefused(UserError, "set by the system"):
                self.env["stock.lot"].with_user(self.manager).create(
                    {
                        "name": f"HB-FORGED-{source}",
                        "product_id": self.ac.id,
                        "aftersales_warranty_start": date(2024, 1, 1),
                        "aftersales_warranty_start_source": source,
                    }
                )
        self.assertEqual(self.env["stock.lot"].search_count([]), count)
        self.assertEqual(
            (lot.aftersales_warranty_start, lot.aftersales_warranty_start_source),
            (delivered, "delivery"),
        )
        # Another date by hand: no longer the delivery's, and it needs a reason.
        with self.assertRefused(ValidationError, "needs a reason"):
            as_manager.write({"aftersales_warranty_start": delivered + timedelta(1)})
        self.assertEqual(lot.aftersales_warranty_start_source, "delivery")
        as_manager.write(
            {
                "aftersales_warranty_start": delivered + timedelta(1),
                "aftersales_warranty_start_reason": "Commissioned a day later",
            }
        )
        self.assertEqual(lot.aftersales_warranty_start_source, "manual")
        # A unit made by hand with a start: the manager's own.
        made = (
            self.env["stock.lot"]
            .with_user(self.manager)
            .create(
                {
                    "name": "HB-HAND",
                    "product_id": self.ac.id,
                    "aftersales_warranty_start": date(2025, 3, 1),
                    "aftersales_warranty_start_reason": "Old paper records",
                }
            )
        )
        self.assertEqual(made.aftersales_warranty_start_source, "manual")

    def test_backfill_reports_conflicts(self):
        twice = self._new_lot("HB-5")
        self._move(twice, "stock", "customer", self.customer)
        self._move(twice, "customer", "stock", self.customer)
        self._move(twice, "stock", "customer", self.other_customer)
        owned = self._new_lot("HB-6")
        self._move(owned, "stock", "customer", self.customer)
        _forget_history(twice | owned)
        owned.aftersales_customer_id = self.other_customer  # by hand
        wizard = self._run()
        kinds = {(line.lot_id, line.kind) for line in wizard.conflict_ids}
        self.assertIn((twice, "delivered_twice"), kinds)
        self.assertIn((twice, "returned"), kinds)
        self.assertIn((owned, "owner_differs"), kinds)
        self.assertFalse(twice.aftersales_customer_id)
        self.assertFalse(twice.aftersales_warranty_start)
        self.assertEqual(owned.aftersales_customer_id, self.other_customer)
        self.assertFalse(owned.aftersales_warranty_start)

    def test_desk_user_refused(self):
        lot = self._new_lot("HB-7")
        self._move(lot, "stock", "customer", self.customer)
        _forget_history(lot)
        with self.assertRaises(AccessError):
            self._run(user=self.desk)
        self.assertFalse(lot.aftersales_customer_id)
        # Nobody sets the customer's source directly, not even a manager.
        with self.assertRaises(UserError):
            lot.with_user(self.manager).write(
                {"aftersales_customer_source": "delivery"}
            )
        self.assertFalse(lot.aftersales_customer_source)

    def test_fill_writes_in_batches(self):
        """The history fill writes each unit its own start and customer in
        batches: as many queries for 30 units as for 3 (one ``write`` per
        start date would be one more query per unit), the warranty end
        recomputed and the date rule still checked."""
        partners = [self.customer, self.other_customer]

        def make(count):
            lots = self.env["stock.lot"].create(
                [
                    {"name": f"HB-BATCH-{count}-{n}", "product_id": self.ac.id}
                    for n in range(count)
                ]
            )
            return {
                lot.id: {
                    "aftersales_warranty_start": date(2025, 1, 1) + timedelta(days=n),
                    "aftersales_warranty_start_source": "delivery",
                    "aftersales_customer_id": partners[n % 2].id,
                    "aftersales_customer_source": "delivery",
                }
                for n, lot in enumerate(lots)
            }

        values = {}

        def run(values_by_id):
            values.update(values_by_id)
            self.env["stock.lot"]._aftersales_write_per_record(values_by_id)

        self.assertQueriesFlat(make, run, slack=4)
        lots = self.env["stock.lot"].browse(list(values))
        for lot in lots:
            self.assertEqual(
                lot.aftersales_warranty_start,
                values[lot.id]["aftersales_warranty_start"],
            )
            self.assertEqual(
                lot.aftersales_customer_id.id, values[lot.id]["aftersales_customer_id"]
            )
            self.assertEqual(
                lot.aftersales_warranty_end,
                lot.aftersales_warranty_start + relativedelta(months=12, days=-1),
            )
        # The factory date rule is checked like on a write.
        lot = self._new_lot(
            "HB-BATCH-FACTORY", aftersales_factory_date=date(2025, 6, 1)
        )
        with self.assertRaises(ValidationError):
            lot._aftersales_write_per_record(
                {lot.id: {"aftersales_warranty_start": date(2025, 5, 1)}}
            )
        self.assertEqual(lot.aftersales_warranty_start_source, "factory")
        self.assertGreaterEqual(lot.aftersales_warranty_start, date(2025, 6, 1))


@tagged("post_install", "-at_install")
class TestInstalledBaseImport(AftersalesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ac.default_code = "RT-12"
        cls.customer.ref = "C-SUN"
        cls.site = cls.env["res.partner"].create(
            {
                "name": "Sunrise Hotel, roof",
                "parent_id": cls.customer.id,
                "type": "other",
            }
        )
        cls.clinic = cls.env["res.partner"].create(
            {"name": "Lotus Clinic Import Test", "is_company": True}
        )

    def _xlsx(self, rows):
        import openpyxl

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["header"] * 9)
        for row in rows:
            sheet.append(row)
        stream = io.BytesIO()
        book.save(stream)
        return base64.b64encode(stream.getvalue())

    def _import(self, rows, user=None):
        batch = (
            self.env["aftersales.installed.base.import"]
            .with_user(user or self.manager)
            .create({"file": self._xlsx(rows), "filename": "base.xlsx"})
        )
        batch.action_load()
        return batch

    def test_template_downloads(self):
        batch = (
            self.env["aftersales.installed.base.import"]
            .with_user(self.manager)
            .create({})
        )
        action = batch.action_download_template()
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(batch.template_file)

    def test_validation_message_per_row_and_all_or_nothing(self):
        batch = self._import(
            [
                [
                    "IB-1",
                    "RT-12",
                    "C-SUN",
                    "Sunrise Hotel, roof",
                    "2024-05-01",
                    "2024-01-10",
                    24,
                    "Letter 2024-17",
                    None,
                ],
                ["", "RT-12", "C-SUN", None, None, None, None, None, None],
                ["IB-3", "NOPE", "C-SUN", None, "1st May", None, "two", None, None],
                [
                    "IB-4",
                    "RT-12",
                    "Nobody",
                    None,
                    "2024-01-01",
                    "2024-02-01",
                    None,
                    None,
                    "X-9",
                ],
                ["IB-1", "RT-12", "C-SUN", None, None, None, None, None, None],
            ]
        )
        lines = batch.line_ids.sorted("row")
        self.assertEqual(lines.mapped("error"), [False, True, True, True, True])
        self.assertIn("Serial number is empty", lines[1].message)
        self.assertIn("Product 'NOPE' not found", lines[2].message)
        self.assertIn("'1st May' is not a date", lines[2].message)
        self.assertIn("Promised months 'two'", lines[2].message)
        self.assertIn("Customer 'Nobody' not found", lines[3].message)
        self.assertIn("before the factory date", lines[3].message)
        self.assertIn("already on row 2", lines[4].message)
        with self.assertRaises(UserError):
            batch.action_apply()
        self.assertFalse(
            self.env["stock.lot"].search([("name", "in", ["IB-1", "IB-3", "IB-4"])])
        )

    def test_apply_then_rerun_updates(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2026, 12, 31),
            }
        )
        rows = [
            [
                "IB-10",
                "RT-12",
                "C-SUN",
                "Sunrise Hotel, roof",
                "2024-05-01",
                "2024-01-10",
                24,
                "Letter 2024-17",
                contract.name,
            ],
            [
                "IB-11",
                "Rooftop AC 12kW",
                "Lotus Clinic Import Test",
                None,
                None,
                "2025-03-01",
                None,
                None,
                None,
            ],
        ]
        batch = self._import(rows)
        self.assertFalse(batch.error_count, batch.line_ids.mapped("message"))
        batch.action_apply()
        self.assertEqual((batch.created_count, batch.updated_count), (2, 0))
        lot = self.env["stock.lot"].search([("name", "=", "IB-10")])
        self.assertEqual(lot.aftersales_customer_id, self.customer)
        self.assertEqual(lot.aftersales_customer_source, "import")
        self.assertEqual(lot.aftersales_site_partner_id, self.site)
        self.assertEqual(lot.aftersales_warranty_start, date(2024, 5, 1))
        self.assertEqual(lot.aftersales_warranty_start_source, "import")
        self.assertEqual(lot.aftersales_promised_months, 24)
        self.assertIn(lot, contract.lot_ids)
        factory_only = self.env["stock.lot"].search([("name", "=", "IB-11")])
        self.assertEqual(factory_only.aftersales_customer_id, self.clinic)
        self.assertEqual(factory_only.aftersales_warranty_start_source, "factory")
        # The same file again, one date corrected: updates, no duplicate.
        rows[0][4] = "2024-05-02"
        again = self._import(rows)
        again.action_apply()
        self.assertEqual((again.created_count, again.updated_count), (0, 2))
        self.assertEqual(
            self.env["stock.lot"].search_count([("name", "in", ["IB-10", "IB-11"])]), 2
        )
        self.assertEqual(lot.aftersales_warranty_start, date(2024, 5, 2))

    def test_manual_start_not_overwritten_by_import(self):
        lot = self._lot("IB-20", start=date(2024, 6, 1))
        lot.with_user(self.manager).write(
            {
                "aftersales_warranty_start_source": "manual",
                "aftersales_warranty_start_reason": "Seen on the card",
            }
        )
        batch = self._import(
            [["IB-20", "RT-12", "C-SUN", None, "2024-01-01"] + [None] * 4]
        )
        self.assertTrue(batch.line_ids.error)
        self.assertIn("set by hand", batch.line_ids.message)
        with self.assertRaises(UserError):
            batch.action_apply()
        self.assertEqual(lot.aftersales_warranty_start, date(2024, 6, 1))

    def test_desk_user_refused(self):
        with self.assertRaises(AccessError):
            self._import([["IB-30", "RT-12", "C-SUN"] + [None] * 6], user=self.desk)
        self.assertFalse(self.env["stock.lot"].search([("name", "=", "IB-30")]))


@tagged("post_install", "-at_install")
class TestCutover(AftersalesCommon):
    def _backlog(self, ticket, days):
        """The ticket as entered ``days`` ago, before the cut-over."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, aftersales_reported_at = %s"
            " WHERE id = %s",
            [fields.Datetime.now() - timedelta(days=days)] * 2 + [ticket.id],
        )
        ticket.invalidate_recordset()

    def test_backlog_keeps_no_deadlines_and_is_not_escalated(self):
        self.company.aftersales_cutover_at = fields.Datetime.now() - timedelta(hours=1)
        old = self._ticket()
        new = self._ticket()
        self._backlog(old, 10)
        old.aftersales_deadline_ids.unlink()
        (old | new)._aftersales_sync_deadlines()
        self.assertFalse(old.aftersales_deadline_ids)
        self.assertTrue(new.aftersales_deadline_ids)
        Deadline = self.env["aftersales.ticket.deadline"]
        with no_commit():
            Deadline._cron_aftersales_deadlines()
        self.assertFalse(Deadline.search([("ticket_id", "=", old.id)]))
        self.assertFalse(old.message_ids.filtered(lambda m: "breach" in (m.body or "")))

    def test_backlog_keeps_only_deadlines_not_yet_due(self):
        self.company.write(
            {
                "aftersales_cutover_at": fields.Datetime.now() - timedelta(hours=1),
                "aftersales_cutover_deadlines": "not_due",
            }
        )
        old = self._ticket()
        self._backlog(old, 10)
        old.aftersales_deadline_ids.unlink()
        old._aftersales_sync_deadlines()
        now = fields.Datetime.now()
        self.assertTrue(all(d.deadline > now for d in old.aftersales_deadline_ids))
        with no_commit():
            self.env["aftersales.ticket.deadline"]._cron_aftersales_deadlines()
        self.assertFalse(old.aftersales_deadline_ids.filtered("escalated_at"))

    def test_install_fills_reported_at_from_create_date(self):
        """Requests already there at the installation keep when they were
        entered (Reported At, Failure Date); the installation set the
        cut-over for each company."""
        cutover = self.env.ref("base.main_company").aftersales_cutover_at
        self.assertTrue(cutover)
        self.env.cr.execute(
            "SELECT count(*) FILTER (WHERE aftersales_reported_at != create_date"
            " OR aftersales_failure_date != create_date::date), count(*)"
            " FROM helpdesk_ticket WHERE create_date < %s",
            [cutover],
        )
        wrong, before = self.env.cr.fetchone()
        self.assertEqual(wrong, 0)
        self.assertTrue(before, "helpdesk_mgmt's demo requests predate the addon")


@tagged("post_install", "-at_install")
class TestGoliveMigration(AftersalesCommon):
    """The upgrade to 19.0.1.4.0 on a database where the addons ran before
    go-live existed: Reported At had been set to the installation time."""

    def _migrate(self, version):
        path = file_path("aftersales_service/migrations/19.0.1.4.0/post-migrate.py")
        spec = importlib.util.spec_from_file_location("aftersales_mig_1_4_0", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.migrate(self.env.cr, version)

    def _set(self, ticket, created, reported):
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = %s, aftersales_reported_at = %s"
            " WHERE id = %s",
            [created, reported, ticket.id],
        )
        ticket.invalidate_recordset()

    def test_upgrade_gives_back_when_requests_were_entered(self):
        entered = fields.Datetime.now() - timedelta(days=40)
        installed = fields.Datetime.now() - timedelta(days=2)
        called = entered - timedelta(hours=3)
        old = self._ticket()
        by_phone = self._ticket()
        self._set(old, entered, installed)  # the installation's default
        self._set(by_phone, entered, called)  # the desk entered the call later
        self._migrate("19.0.1.3.0")
        self.assertEqual(old.aftersales_reported_at, entered)
        self.assertEqual(by_phone.aftersales_reported_at, called)

    def test_new_install_untouched(self):
        ticket = self._ticket()
        entered = fields.Datetime.now() - timedelta(days=40)
        later = entered + timedelta(days=5)
        self._set(ticket, entered, later)
        self._migrate(None)
        self.assertEqual(ticket.aftersales_reported_at, later)
