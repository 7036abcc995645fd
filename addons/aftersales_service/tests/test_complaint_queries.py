from odoo.tests import tagged

from .common import AftersalesCommon


@tagged("post_install", "-at_install")
class TestComplaintQueries(AftersalesCommon):
    """Routing rules and penalties are read once per batch of complaints,
    not once per complaint (the computes used to search per ticket)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.quality = cls.env.ref("aftersales_service.complaint_category_quality")
        cls.transport = cls.env.ref("aftersales_service.complaint_category_transport")
        cls.department = cls.env["hr.department"].create({"name": "Quality (test)"})
        cls.route = cls.env["aftersales.complaint.route"].create(
            {
                "sequence": 1,
                "category_id": cls.quality.id,
                "department_id": cls.department.id,
                "user_id": cls.manager.id,
            }
        )
        Penalty = cls.env["aftersales.complaint.penalty"]
        cls.generic = Penalty.create(
            {"name": "Minor (test)", "severity": "minor", "points": 1, "sequence": 1}
        )
        cls.specific = Penalty.create(
            {
                "name": "Quality, minor (test)",
                "severity": "minor",
                "category_id": cls.quality.id,
                "points": 2,
            }
        )

    def _complaints(self, count):
        Ticket = self.env["helpdesk.ticket"].with_user(self.desk)
        return Ticket.create(
            [
                {
                    "name": f"Complaint {index}",
                    "description": "<p>Noisy.</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "aftersales_request_type": "complaint",
                    "aftersales_complaint_channel": "phone",
                    "aftersales_complaint_category_id": (
                        self.quality if index % 2 else self.transport
                    ).id,
                }
                for index in range(count)
            ]
        )

    def test_routing_reads_the_rules_once_per_batch(self):
        complaints = self._complaints(4)
        quality = complaints.filtered(
            lambda t: t.aftersales_complaint_category_id == self.quality
        )
        self.assertEqual(quality.aftersales_complaint_route_id, self.route)
        self.assertEqual(quality.aftersales_complaint_department_id, self.department)
        self.assertEqual(quality.aftersales_complaint_owner_id, self.manager)
        self.assertQueriesFlat(
            self._complaints,
            lambda tickets: tickets.with_user(
                self.desk
            ).action_aftersales_complaint_route(),
        )

    def test_penalty_read_once_per_batch(self):
        def run(tickets):
            tickets.with_user(self.desk).write(
                {"aftersales_complaint_severity": "minor"}
            )
            tickets.mapped("aftersales_penalty_points")

        complaints = self._complaints(4)
        run(complaints)
        by_category = {
            t.aftersales_complaint_category_id: t.aftersales_complaint_penalty_id
            for t in complaints
        }
        self.assertEqual(by_category[self.quality], self.specific)
        self.assertEqual(by_category[self.transport], self.generic)
        self.assertQueriesFlat(self._complaints, run)
