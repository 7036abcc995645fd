from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from .common import AftersalesCommon
from .test_sla import no_commit


@tagged("post_install", "-at_install")
class TestContractQueries(AftersalesCommon):
    """The contracts' daily job (expiry, renewal reminders, invoices due)
    runs by batches through ``ir.cron._aftersales_run_batches``: its
    queries do not grow with the number of contracts, and a second run the
    same day does nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._billing_setup(1000000.0, "as_contract_queries")
        cls.company.aftersales_contract_notice_days = 60

    def _contracts(self, count):
        today = fields.Date.today()
        # A third ending in the notice window, a third past their end, a
        # third running: each with a quarter to invoice.
        ends = [today + timedelta(days=30), today - timedelta(days=1)]
        ends.append(today + timedelta(days=300))
        contracts = self.env["aftersales.contract"].create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_start": today - timedelta(days=20),
                    "date_end": ends[index % 3],
                    "price": 1200.0,
                    "invoicing_schedule": "quarterly",
                    "visits_included": 2,
                }
                for index in range(count)
            ]
        )
        contracts.action_activate()
        # Activation already checks the lifecycle: the cron has the rest.
        return contracts

    def _run(self, contracts):
        with no_commit():
            self.env["aftersales.contract"]._cron_aftersales_contracts()

    def _core(self, contracts):
        """What Odoo itself does for the same invoices. Its contracts are
        then marked checked today, as the job would have: the next measured
        run must not pick them up (that would be more invoices, not more
        queries per contract)."""
        product = self.env.ref("aftersales_service.product_contract_service")
        self.env["account.move"].sudo().with_context(
            default_move_type="out_invoice"
        ).create(
            [
                {
                    "move_type": "out_invoice",
                    "partner_id": contract.partner_id.commercial_partner_id.id,
                    "company_id": contract.company_id.id,
                    "invoice_date": contract.date_start,
                    "invoice_origin": contract.name,
                    "invoice_line_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "name": contract.name,
                                "quantity": 1.0,
                                "price_unit": 100.0,
                            },
                        )
                    ],
                }
                for contract in contracts
            ]
        )
        contracts.write({"checked_on": fields.Date.today()})

    def test_daily_job_queries_flat_and_once_a_day(self):
        contracts = self._contracts(6)
        self._run(contracts)
        self.assertEqual(
            sorted(set(contracts.mapped("state"))), ["active", "expired", "expiring"]
        )
        self.assertEqual(len(contracts.invoice_period_ids), 6)
        self.assertTrue(all(contracts.invoice_period_ids.mapped("move_id")))
        self.assertEqual(set(contracts.mapped("checked_on")), {fields.Date.today()})
        # Again the same day: nothing to check, nothing created.
        count = self._count_queries(lambda: self._run(contracts))
        self.assertLessEqual(len(count), 8)
        self.assertEqual(len(contracts.invoice_period_ids), 6)
        self.assertEqual(len(contracts.activity_ids), 2)
        # Every query counted; Odoo's own invoice creation (a journal, the
        # analytic models and the last number looked up per invoice) is
        # subtracted by running it on as many contracts, statement for
        # statement: nothing of ours is filtered out.
        self.assertQueriesFlat(self._contracts, self._run, baseline=self._core)

    def test_a_query_per_contract_fails_the_count(self):
        """The count above catches a loop: the same job with one more
        search per contract fails it."""
        Contract = type(self.env["aftersales.contract"])
        daily = Contract._aftersales_daily

        def looping(contracts, today):
            for contract in contracts:
                contracts.env["aftersales.contract.invoice"].search_count(
                    [("contract_id", "=", contract.id)]
                )
            return daily(contracts, today)

        self._run(self._contracts(3))
        with (
            patch.object(Contract, "_aftersales_daily", looping),
            self.assertRaisesRegex(AssertionError, "a query per record"),
        ):
            self.assertQueriesFlat(self._contracts, self._run, baseline=self._core)
