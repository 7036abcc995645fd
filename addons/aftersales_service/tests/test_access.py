from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import AftersalesDispatchCommon


@tagged("post_install", "-at_install")
class TestDispatchAccess(AftersalesDispatchCommon):
    """Who sees which tickets and visits: technicians their jobs, desk and
    dispatchers their teams', managers everything, portal customers none of
    the visits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Mining Service", "aftersales_department_code": "KJ"}
        )
        cls.outsider = new_test_user(
            cls.env,
            login="as_dispatch_kj",
            groups="aftersales_service.group_aftersales_dispatcher",
            name="Dispatch Qian",
        )
        cls.other_team.user_ids = cls.outsider
        cls.ticket = cls._make_ticket(cls.team, "Team job")
        cls.visited = cls._make_ticket(cls.team, "Visited job", user=cls.technician_2)
        cls.foreign = cls._make_ticket(cls.other_team, "Other team job")
        start = datetime(2030, 1, 8, 9, 0)
        # Visits as dispatched (the dispatch rules have their own tests).
        Visit = cls.env["aftersales.visit"]
        cls.visit_mine = Visit._aftersales_create(
            [
                {
                    "ticket_id": cls.visited.id,
                    "user_id": cls.technician_2.id,
                    "helper_ids": [(6, 0, cls.technician.ids)],
                    "planned_start": start,
                    "planned_end": datetime(2030, 1, 8, 11, 0),
                }
            ]
        )
        cls.visit_other = Visit._aftersales_create(
            [
                {
                    "ticket_id": cls.foreign.id,
                    "user_id": cls.outsider.id,
                    "planned_start": start,
                    "planned_end": datetime(2030, 1, 8, 11, 0),
                }
            ]
        )

    @classmethod
    def _make_ticket(cls, team, name, user=None):
        return cls.env["helpdesk.ticket"].create(
            {
                "name": name,
                "description": "<p>x</p>",
                "team_id": team.id,
                "partner_id": cls.customer.id,
                "user_id": user.id if user else False,
            }
        )

    def _visible(self, user, model, records):
        return self.env[model].with_user(user).search([("id", "in", records.ids)])

    def test_technician_sees_the_jobs_they_are_sent_on(self):
        tickets = self.ticket | self.visited | self.foreign
        seen = self._visible(self.technician, "helpdesk.ticket", tickets)
        # helper on the visit of a ticket assigned to someone else: visible;
        # the unassigned team ticket too (helpdesk_mgmt); not the other team's.
        self.assertIn(self.visited, seen)
        self.assertNotIn(self.foreign, seen)
        visits = self.visit_mine | self.visit_other
        self.assertEqual(
            self._visible(self.technician, "aftersales.visit", visits), self.visit_mine
        )

    def test_technician_cannot_plan_or_touch_other_visits(self):
        with self.assertRaises(AccessError):
            self.env["aftersales.visit"].with_user(self.technician).create(
                {
                    "ticket_id": self.visited.id,
                    "user_id": self.technician.id,
                    "planned_start": datetime(2030, 2, 1, 9, 0),
                    "planned_end": datetime(2030, 2, 1, 10, 0),
                }
            )
        with self.assertRaises(AccessError):
            self.visit_other.with_user(self.technician).read(["name"])
        self.visit_mine.with_user(self.technician).diagnosis = "Fan noise"
        self.assertEqual(self.visit_mine.diagnosis, "Fan noise")

    def test_desk_reads_team_visits_only(self):
        visits = self.visit_mine | self.visit_other
        self.assertEqual(
            self._visible(self.desk, "aftersales.visit", visits), self.visit_mine
        )
        with self.assertRaises(AccessError):
            self.visit_mine.with_user(self.desk).diagnosis = "Changed by the desk"
        self.assertNotIn(
            self.foreign,
            self._visible(self.desk, "helpdesk.ticket", self.foreign | self.ticket),
        )

    def test_dispatcher_plans_their_team(self):
        visits = self.visit_mine | self.visit_other
        self.assertEqual(
            self._visible(self.dispatcher, "aftersales.visit", visits),
            self.visit_mine,
        )
        mine = self.visit_mine.with_user(self.dispatcher)
        mine._aftersales_reschedule(
            mine.planned_start, datetime(2030, 1, 8, 12, 0), "Longer job"
        )
        self.assertEqual(self.visit_mine.planned_end, datetime(2030, 1, 8, 12, 0))
        with self.assertRaises(AccessError):
            self.visit_other.with_user(self.dispatcher)._aftersales_reschedule(
                datetime(2030, 1, 8, 10, 0), datetime(2030, 1, 8, 12, 0), "Moved"
            )
        self.assertEqual(
            self._visible(self.outsider, "aftersales.visit", visits), self.visit_other
        )

    def test_manager_sees_everything(self):
        visits = self.visit_mine | self.visit_other
        self.assertEqual(
            self._visible(self.manager, "aftersales.visit", visits), visits
        )
        tickets = self.ticket | self.visited | self.foreign
        self.assertEqual(
            self._visible(self.manager, "helpdesk.ticket", tickets), tickets
        )

    def test_portal_customer_sees_only_own_visits(self):
        """A portal customer reads the visits of their company's requests
        (the customer portal shows them), nobody else's."""
        Visit = self.env["aftersales.visit"].with_user(self.portal_user)
        visits = self.visit_mine | self.visit_other
        self.assertFalse(Visit.search([]))
        # Record rules are cached per user: clear them after each move.
        self.portal_user.partner_id.parent_id = self.other_customer
        self.env.registry.clear_cache()
        self.assertFalse(Visit.search([("id", "in", visits.ids)]))
        self.portal_user.partner_id.parent_id = self.customer
        self.env.registry.clear_cache()
        self.assertEqual(Visit.search([("id", "in", visits.ids)]), visits)
        with self.assertRaises(AccessError):
            Visit.create({"ticket_id": self.ticket.id})

    def test_deadline_policies_are_manager_configuration(self):
        policy = self.env.ref("aftersales_service.sla_policy_city_general")
        with self.assertRaises(AccessError):
            policy.with_user(self.dispatcher).name = "Changed"
        policy.with_user(self.manager).note = "Reviewed"
        self.assertEqual(policy.note, "Reviewed")
