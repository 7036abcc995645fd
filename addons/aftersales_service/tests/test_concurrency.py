from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .concurrency import ConcurrentClients


@tagged("post_install", "-at_install")
class TestConcurrentNumbering(ConcurrentClients, TransactionCase):
    """Four clients creating at the same moment, each in its own database
    connection and thread: a team's first requests, a month's first requests
    (its range is created by one of them, the others retry as Odoo's RPC
    layer does) and the visits of one request never share a number. The
    data is committed through a separate connection and removed afterwards."""

    def setUp(self):
        super().setUp()
        self.cr0, self.env0 = self._connection()
        self.addCleanup(self._remove_committed)
        self.partner = self.env0["res.partner"].create({"name": "Concurrent Hotel"})
        # A team that has had no request yet, with a code of its own.
        self.team = self.env0["helpdesk.ticket.team"].create(
            {"name": "Concurrent Team", "aftersales_department_code": "CCX"}
        )
        self.sequence = self.team.aftersales_sequence_id
        self.cr0.commit()

    def _remove_committed(self):
        self.cr0.rollback()
        env = self.env0
        env.invalidate_all()
        tickets = (
            env["helpdesk.ticket"]
            .with_context(active_test=False)
            .search([("team_id", "=", self.team.id)])
        )
        env["aftersales.visit"].search([("ticket_id", "in", tickets.ids)]).unlink()
        tickets.unlink()
        self.team.unlink()
        self.sequence.date_range_ids.unlink()
        self.sequence.unlink()
        self.partner.unlink()
        self.cr0.commit()
        self.cr0.close()

    def _create_ticket(self, env):
        ticket = env["helpdesk.ticket"].create(
            {
                "name": "Unit stopped",
                "description": "<p>Stopped.</p>",
                "team_id": self.team.id,
                "partner_id": self.partner.id,
            }
        )
        return ticket.number

    def test_first_requests_of_a_new_team(self):
        numbers, _attempts = self._at_once(self._create_ticket)
        month = fields.Date.context_today(self.env0.user).strftime("%y%m")
        self.assertEqual(
            sorted(numbers), [f"CCX-{month}-0{running}" for running in range(1, 5)]
        )

    def test_first_requests_of_a_month(self):
        # Nobody prepared March 2031: the four clients all find no range; one
        # creates it, the others wait for it, fail and are retried.
        with freeze_time("2031-03-03 10:00:00"):
            numbers, attempts = self._at_once(self._create_ticket)
        self.assertEqual(
            sorted(numbers), [f"CCX-3103-0{running}" for running in range(1, 5)]
        )
        self.assertGreaterEqual(attempts, 4)
        self.cr0.rollback()
        march = self.env0["ir.sequence.date_range"].search(
            [("sequence_id", "=", self.sequence.id), ("date_from", "=", "2031-03-01")]
        )
        self.assertEqual(len(march), 1)

    def test_visits_of_one_request(self):
        ticket_number = self._create_ticket(self.env0)
        ticket = self.env0["helpdesk.ticket"].search([("number", "=", ticket_number)])
        admin = self.env0.ref("base.user_admin")
        self.cr0.commit()
        start = datetime(2030, 1, 8, 9, 0)

        def plan_visit(env):
            # As the dispatch wizard creates them (its checks have their own
            # tests): what is measured here is the numbering.
            return (
                env["aftersales.visit"]
                ._aftersales_create(
                    [
                        {
                            "ticket_id": ticket.id,
                            "user_id": admin.id,
                            "planned_start": start,
                            "planned_end": start + timedelta(hours=2),
                        }
                    ]
                )
                .name
            )

        names, _attempts = self._at_once(plan_visit)
        self.assertEqual(
            sorted(names), [f"{ticket_number}-V{running}" for running in range(1, 5)]
        )
