from datetime import date, datetime

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import AftersalesCommon
from .test_sla import no_commit


@tagged("post_install", "-at_install")
class TestContract(AftersalesCommon):
    """Maintenance contracts that run themselves: lifecycle by date, renewal,
    expiry, the invoicing schedule and visits beyond those included, each
    driven as the least-privileged user who may do it (the desk)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(100000, "as_contract_accountant")
        callout_product = cls.env["product.product"].create(
            {"name": "Call-out", "type": "service"}
        )
        cls.callout = cls.env["aftersales.fee"].create(
            {
                "name": "Call-out",
                "fee_type": "callout",
                "sequence": 1,
                "product_id": callout_product.id,
                "amount": 300.0,
            }
        )

    def _contract(self, start=date(2026, 1, 1), end=date(2026, 12, 31), **vals):
        contract = (
            self.env["aftersales.contract"]
            .with_user(self.desk)
            .create(
                {
                    "partner_id": self.customer.id,
                    "date_start": start,
                    "date_end": end,
                    "lot_ids": [(6, 0, self.lot.ids)],
                    "price": 4000.0,
                    "invoicing_schedule": "quarterly",
                    **vals,
                }
            )
        )
        return contract

    def test_state_written_only_by_the_actions(self):
        contract = self._contract()
        with self.assertRefused(UserError, "cannot be set directly"):
            contract.write({"state": "active"})
        self.assertEqual(contract.state, "draft")
        with self.assertRefused(UserError, "cannot be set directly"):
            self._contract(state="active")
        other = self._contract()
        with self.assertRefused(UserError, "cannot be set directly"):
            contract.write({"renewal_id": other.id})
        self.assertFalse(contract.renewal_id)

    @freeze_time("2026-03-01")
    def test_activate_then_expiring_reminds_the_salesperson(self):
        contract = self._contract(start=date(2026, 1, 1), end=date(2026, 6, 30))
        contract.action_activate()
        self.assertEqual(contract.state, "active")
        self.assertFalse(contract.activity_ids)
        with freeze_time("2026-05-05"):
            with no_commit():
                self.env["aftersales.contract"]._cron_aftersales_contracts()
        self.assertEqual(contract.state, "expiring")
        self.assertEqual(contract.activity_ids.user_id, self.desk)
        self.assertEqual(contract.activity_ids.date_deadline, date(2026, 6, 30))
        # The next run reminds nobody twice.
        with freeze_time("2026-05-06"):
            with no_commit():
                self.env["aftersales.contract"]._cron_aftersales_contracts()
        self.assertEqual(len(contract.activity_ids), 1)

    @freeze_time("2026-03-01")
    def test_expiry_cron_keeps_requests_before_the_end(self):
        contract = self._contract(start=date(2026, 1, 1), end=date(2026, 6, 30))
        contract.action_activate()
        before = self._ticket(user=self.desk, aftersales_failure_date=date(2026, 2, 10))
        self.assertEqual(before.aftersales_contract_id, contract)
        self.assertEqual(before.aftersales_coverage, "contract")
        with freeze_time("2026-07-03"):
            # Reported after the end, before the job ran; the desk kept the
            # contract by hand.
            after = self._ticket(
                user=self.desk, aftersales_failure_date=date(2026, 7, 3)
            )
            self.assertFalse(after.aftersales_contract_id)
            after.with_user(self.desk).write({"aftersales_contract_id": contract.id})
        self.assertEqual(after.aftersales_contract_id, contract)
        with freeze_time("2026-07-05"):
            with no_commit():
                self.env["aftersales.contract"]._cron_aftersales_contracts()
        self.assertEqual(contract.state, "expired")
        self.assertEqual(before.aftersales_contract_id, contract)
        self.assertEqual(before.aftersales_coverage, "contract")
        self.assertFalse(after.aftersales_contract_id)
        self.assertNotEqual(after.aftersales_coverage, "contract")

    @freeze_time("2026-11-15")
    def test_renewal_wizard_links_the_next_contract(self):
        contract = self._contract(visits_included=4)
        contract.action_activate()
        self.assertEqual(contract.state, "expiring")
        action = contract.with_user(self.desk).action_renew()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.desk)
            .with_context(**action["context"])
            .create({"price": 4400.0})
        )
        self.assertEqual(wizard.date_start, date(2027, 1, 1))
        self.assertEqual(wizard.date_end, date(2027, 12, 31))
        result = wizard.action_renew()
        new = self.env["aftersales.contract"].browse(result["res_id"])
        self.assertEqual(contract.state, "renewed")
        self.assertEqual(contract.renewal_id, new)
        self.assertEqual(new.previous_contract_id, contract)
        self.assertEqual(new.state, "draft")
        self.assertEqual(new.price, 4400.0)
        self.assertEqual(new.visits_included, 4)
        self.assertEqual(new.lot_ids, self.lot)
        self.assertFalse(contract.activity_ids)
        with self.assertRefused(UserError, "already renewed"):
            contract._aftersales_renew(date(2027, 1, 1), date(2027, 12, 31), 1.0)
        with self.assertRefused(ValidationError, "must start after its end"):
            new._aftersales_renew(date(2027, 6, 1), date(2028, 5, 31), 1.0)

    def test_invoicing_schedule_is_idempotent(self):
        contract = self._contract()
        contract.action_activate()
        Contract = self.env["aftersales.contract"]

        # Demo contracts bill too: look at this contract's periods only.
        def mine(periods):
            return periods.filtered(lambda p: p.contract_id == contract)

        first = mine(Contract._aftersales_invoice_due(date(2026, 4, 2)))
        self.assertEqual(
            first.mapped("period_start"), [date(2026, 1, 1), date(2026, 4, 1)]
        )
        self.assertEqual(first.mapped("amount"), [1000.0, 1000.0])
        self.assertEqual(len(first.move_id), 2)
        self.assertEqual(set(first.move_id.mapped("amount_untaxed")), {1000.0})
        self.assertEqual(first.move_id.partner_id, self.customer)
        # The same day again, then later in the same quarter: nothing new.
        self.assertFalse(Contract._aftersales_invoice_due(date(2026, 4, 2)))
        self.assertFalse(mine(Contract._aftersales_invoice_due(date(2026, 6, 30))))
        self.assertEqual(len(contract.invoice_period_ids), 2)
        # The key refuses a second invoice of a period, whoever tries.
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env["aftersales.contract.invoice"]._aftersales_create(
                [
                    {
                        "contract_id": contract.id,
                        "period_start": date(2026, 4, 1),
                        "period_end": date(2026, 6, 30),
                        "amount": 1.0,
                    }
                ]
            )
        # The accountant sees the invoicing; the desk cannot forge a period.
        periods = contract.with_user(self.accountant).invoice_period_ids
        self.assertEqual(len(periods), 2)
        self.assertEqual(contract.with_user(self.accountant).amount_invoiced, 2000.0)
        with self.assertRefused(UserError, "cannot be set directly"):
            periods[0].with_user(self.manager).write({"amount": 0.0})

    def test_overage_visits_charged_at_the_callout_fee(self):
        contract = self._contract(visits_included=1)
        contract.action_activate()
        ticket = self._ticket(user=self.desk, aftersales_failure_date=date(2026, 1, 10))
        self.assertEqual(ticket.aftersales_contract_id, contract)
        for day in (5, 20):
            start = datetime(2026, 2, day, 9, 0)
            self.env["aftersales.visit"]._aftersales_create(
                [
                    {
                        "ticket_id": ticket.id,
                        "user_id": self.technician.id,
                        "planned_start": start,
                        "planned_end": start.replace(hour=11),
                        "state": "done",
                        "check_in_at": start,
                        "check_out_at": start.replace(hour=11),
                    }
                ]
            )
        self.assertEqual(contract.visits_used, 2)
        periods = self.env["aftersales.contract"]._aftersales_invoice_due(
            date(2026, 4, 1)
        )
        q1, q2 = periods.filtered(lambda p: p.contract_id == contract).sorted(
            "period_start"
        )
        self.assertEqual((q1.overage_visits, q1.amount), (0, 1000.0))
        self.assertEqual((q2.overage_visits, q2.amount), (1, 1300.0))
        self.assertIn(self.callout.product_id, q2.move_id.invoice_line_ids.product_id)
        # Billed once: the next quarter charges no visit again.
        q3 = (
            self.env["aftersales.contract"]
            ._aftersales_invoice_due(date(2026, 7, 1))
            .filtered(lambda p: p.contract_id == contract)
        )
        self.assertEqual((q3.overage_visits, q3.amount), (0, 1000.0))
