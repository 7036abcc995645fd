from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .common import AftersalesDispatchCommon, AftersalesPortalMixin
from .test_visit import SIGNATURE

# What the customer's pages say in English; none may be left on a zh_CN page.
ENGLISH_LABELS = (
    "My Units",
    "Report a Problem",
    "In warranty until",
    "Expired on",
    "Service History",
    "Service Contract",
    "Fault Description",
    "Site Address",
    "Contact on Site",
    "Send the Request",
    "Signed Service Report",
    "Make a Complaint",
    "Send the Complaint",
    "Rate our service",
)


@tagged("post_install", "-at_install")
class TestCustomerPortal(AftersalesPortalMixin, HttpCase, AftersalesDispatchCommon):
    """Two portal customers of two customer companies: each sees and acts on
    only their own units, requests, visits, reports, through the pages and
    through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._aftersales_portal_users("as_portal", "Mr Zhou A", "Ms Lin B")
        cls.team.show_in_portal = True
        # The whole unit is in warranty (start last month, 12 months); the
        # compressor has 36 months.
        start = fields.Date.today() - timedelta(days=30)
        cls.lot.write(
            {
                "aftersales_warranty_start": start,
                "aftersales_warranty_start_source": "card",
            }
        )
        cls.lot_b = cls._lot("AC-0002", start, customer=cls.other_customer)

    def _signed_visit(self, partner, lot):
        ticket = self._ticket(
            partner_id=partner.id,
            aftersales_lot_id=lot.id,
            aftersales_failure_date=fields.Date.today() - timedelta(days=2),
        )
        visit = self._visit(ticket, start=fields.Datetime.now() - timedelta(hours=2))
        mine = visit.with_user(self.technician)
        mine.action_check_in()
        mine.write({"work_done": "<p>Replaced the fan capacitor.</p>"})
        mine.write({"test_result": "passed"})
        mine.action_done()
        mine._aftersales_sign_customer("Mr Zhou", SIGNATURE)
        return ticket, visit

    # ------------------------------------------------------------------
    # Who sees what
    # ------------------------------------------------------------------

    def test_orm_portal_reads_only_own_records(self):
        ticket_a, visit_a = self._signed_visit(self.customer, self.lot)
        ticket_b, visit_b = self._signed_visit(self.other_customer, self.lot_b)
        for user, mine, theirs in (
            (
                self.portal_a,
                (self.lot, ticket_a, visit_a),
                (self.lot_b, ticket_b, visit_b),
            ),
            (
                self.portal_b,
                (self.lot_b, ticket_b, visit_b),
                (self.lot, ticket_a, visit_a),
            ),
        ):
            env = self.env(user=user)
            for own, other in zip(mine, theirs, strict=True):
                Model = env[own._name]
                self.assertEqual(Model.search([("id", "in", (own | other).ids)]), own)
                own.with_env(env).check_access("read")
                with self.assertRaises(AccessError):
                    other.with_env(env).check_access("read")
                with self.assertRaises(AccessError):
                    other.with_env(env).read(["display_name"])
            # The evidence PDF stays the visit's: not readable on its own.
            with self.assertRaises(AccessError):
                theirs[2].signed_report_id.with_env(env).read(["raw"])

    def test_pages_refuse_the_other_customers_records(self):
        ticket_a, visit_a = self._signed_visit(self.customer, self.lot)
        self.authenticate("as_portal_b", "as_portal_b")
        page = self.url_open("/my/units")
        self.assertEqual(page.status_code, 200)
        self.assertIn("AC-0002", page.text)
        self.assertNotIn("AC-0001", page.text)
        self.assertEqual(self.url_open(f"/my/units/{self.lot.id}").status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/visits/{visit_a.id}/report").status_code, 404
        )
        # helpdesk_mgmt's own page sends a stranger back to /my.
        page = self.url_open(f"/my/ticket/{ticket_a.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        count = self.env["helpdesk.ticket"].search_count([])
        for action in ("rate", "complain"):
            answer = self._post(
                f"/my/ticket/{ticket_a.id}/{action}", {"complaint": "Not mine"}
            )
            self.assertEqual(answer.status_code, 404)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)
        self.assertFalse(ticket_a.aftersales_callback_ids)
        # A request on the other's unit, by id or by serial: refused.
        for data in ({"lot_id": str(self.lot.id)}, {"serial": "AC-0001"}):
            answer = self._post("/my/units/request", {**data, "description": "Broken"})
            self.assertEqual(answer.status_code, 200)
            self.assertIn("o_aftersales_request_error", answer.text)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), count)

    def test_home_counter(self):
        self.authenticate("as_portal_a", "as_portal_a")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["aftersales_unit_count"]}
        )
        self.assertEqual(counters["aftersales_unit_count"], 1)

    # ------------------------------------------------------------------
    # My Units, submit, follow, rate, complain
    # ------------------------------------------------------------------

    def test_unit_page_warranty_in_words(self):
        self.lot_b.write(
            {"aftersales_warranty_start": fields.Date.today() - timedelta(days=800)}
        )
        self.authenticate("as_portal_b", "as_portal_b")
        page = self.url_open(f"/my/units/{self.lot_b.id}")
        self.assertEqual(page.status_code, 200)
        # The unit's 12 months are over; the compressor's 36 are not.
        self.assertIn("Expired on", page.text)
        self.assertIn("In warranty until", page.text)
        self.assertIn("Compressors", page.text)
        rows = self.lot_b._aftersales_portal_warranty()
        self.assertEqual([row["running"] for row in rows], [False, True])

    def test_submit_request_for_own_unit(self):
        # The unit's earlier request was the HVAC team's: so is this one.
        self._ticket(partner_id=self.customer.id)
        self.authenticate("as_portal_a", "as_portal_a")
        site = self.env["res.partner"].create(
            {"name": "Warehouse 2", "parent_id": self.customer.id, "type": "delivery"}
        )
        answer = self._post(
            "/my/units/request",
            {
                "serial": " ac-0001 ",
                "description": "Water drips from the indoor unit\nsince Monday",
                "site_id": str(site.id),
                "contact_name": "Mr Zhou",
                "contact_phone": "13800000000",
            },
            files=[("attachment", ("fault.png", b"\x89PNG fault photo", "image/png"))],
        )
        self.assertIn(answer.status_code, (302, 303))
        ticket = self.env["helpdesk.ticket"].search(
            [("partner_id", "=", self.portal_a.partner_id.id)]
        )
        self.assertEqual(len(ticket), 1)
        self.assertTrue(answer.headers["Location"].endswith(f"/my/ticket/{ticket.id}"))
        self.assertEqual(ticket.aftersales_lot_id, self.lot)
        self.assertEqual(ticket.aftersales_product_id, self.ac)
        self.assertEqual(ticket.team_id, self.team)
        self.assertTrue(ticket.number.startswith("SJ"), ticket.number)
        self.assertEqual(ticket.aftersales_coverage, "free")
        self.assertEqual(ticket.aftersales_site_partner_id, site)
        self.assertIn("13800000000", ticket.description)
        self.assertEqual(ticket.attachment_ids.mapped("name"), ["fault.png"])
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("AC-0001", page.text)

    def test_follow_report_rate_and_complain(self):
        ticket, visit = self._signed_visit(self.customer, self.lot)
        self.authenticate("as_portal_a", "as_portal_a")
        page = self.url_open(f"/my/ticket/{ticket.id}")
        self.assertIn("Tech Li", page.text)
        self.assertIn(f"/my/visits/{visit.id}/report", page.text)
        self.assertIn("o_aftersales_rate", page.text)
        report = self.url_open(f"/my/visits/{visit.id}/report")
        self.assertEqual(report.status_code, 200)
        self.assertEqual(report.content, visit.signed_report_id.raw)
        # Rate: a call-back is opened for the request, with the one survey.
        answer = self._post(f"/my/ticket/{ticket.id}/rate", {})
        self.assertIn(answer.status_code, (302, 303))
        callback = ticket.aftersales_callback_ids
        self.assertEqual(len(callback), 1)
        self.assertEqual(
            callback.survey_user_input_id.survey_id,
            self.env.ref("aftersales_service.survey_aftersales_satisfaction"),
        )
        self.assertIn(
            callback.survey_user_input_id.access_token, answer.headers["Location"]
        )
        self._post(f"/my/ticket/{ticket.id}/rate", {})
        self.assertEqual(ticket.aftersales_callback_ids, callback)
        # Complain: a complaint request, channel portal, linked to this one.
        answer = self._post(
            f"/my/ticket/{ticket.id}/complain", {"complaint": "Left a mess"}
        )
        complaint = self.env["helpdesk.ticket"].search(
            [("aftersales_complaint_ticket_id", "=", ticket.id)]
        )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.aftersales_request_type, "complaint")
        self.assertEqual(complaint.aftersales_complaint_channel, "portal")
        self.assertEqual(complaint.partner_id, self.portal_a.partner_id)
        self.assertEqual(complaint.aftersales_lot_id, self.lot)
        self.assertIn("Left a mess", complaint.description)
        self.assertTrue(
            answer.headers["Location"].endswith(f"/my/ticket/{complaint.id}")
        )
        self.assertEqual(self.url_open(f"/my/ticket/{complaint.id}").status_code, 200)

    # ------------------------------------------------------------------
    # Tours
    # ------------------------------------------------------------------

    def test_tour_units_report_and_complain(self):
        self._ticket(partner_id=self.customer.id)
        self.start_tour("/my/units", "aftersales_portal_units", login="as_portal_a")
        complaint = self.env["helpdesk.ticket"].search(
            [("aftersales_complaint_channel", "=", "portal")]
        )
        self.assertEqual(len(complaint), 1)
        request = complaint.aftersales_complaint_ticket_id
        self.assertEqual(request.aftersales_lot_id, self.lot)
        self.assertIn("Water drips from the indoor unit", request.description)
        self.assertIn("Site contact: Mr Zhou A", request.description)

    def test_tour_follow_in_chinese(self):
        """The follow tour in zh_CN, and no English label on the pages."""
        self.env["res.lang"]._activate_lang("zh_CN")
        modules = self.env["ir.module.module"].search(
            [("name", "in", ("aftersales_service", "portal", "helpdesk_mgmt"))]
        )
        modules._update_translations(["zh_CN"])
        self.portal_a.lang = "zh_CN"
        ticket, visit = self._signed_visit(self.customer, self.lot)
        self.start_tour("/my/units", "aftersales_portal_follow", login="as_portal_a")
        self.authenticate("as_portal_a", "as_portal_a")
        answer = self._post(f"/my/ticket/{ticket.id}/rate", {})
        self.assertIn("/survey/start/", answer.headers["Location"])
        survey = self.url_open(answer.headers["Location"])
        self.assertEqual(survey.status_code, 200)
        self._ticket(partner_id=self.customer.id, name="Second")
        for url in (
            "/my/units",
            f"/my/units/{self.lot.id}",
            "/my/units/request",
            f"/my/ticket/{ticket.id}",
        ):
            page = self.url_open(url)
            self.assertEqual(page.status_code, 200, url)
            for label in ENGLISH_LABELS:
                self.assertNotIn(label, page.text, url)
        self.assertIn("我的设备", self.url_open("/my/units").text)
