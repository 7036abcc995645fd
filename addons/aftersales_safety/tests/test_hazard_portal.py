from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged

from odoo.addons.aftersales_service.tests.common import (
    AftersalesCommon,
    AftersalesPortalMixin,
)
from odoo.addons.aftersales_service.tests.test_protected import ANY_CONTEXT

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


@tagged("post_install", "-at_install")
class TestHazardPortal(AftersalesPortalMixin, HttpCase, AftersalesCommon):
    """A portal customer reports a hazard from the portal (on one of their
    units or not) and sees only the hazards they reported."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._aftersales_portal_users("as_hz_portal", "Mr Zhou", "Ms Lin")

    def test_portal_customer_reports_and_sees_only_their_own(self):
        self.authenticate("as_hz_portal_a", "as_hz_portal_a")
        page = self.url_open(f"/my/units/{self.lot.id}")
        self.assertIn(f"/my/hazards/new?lot_id={self.lot.id}", page.text)
        response = self._post(
            "/my/hazards/new",
            {
                "lot_id": str(self.lot.id),
                "place": "Plant room",
                "description": "Cover of the unit's terminal box is missing",
            },
            files=[("attachment", ("cover.png", PNG, "image/png"))],
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        Hazard = self.env["aftersales.safety.hazard"]
        hazard = Hazard.search([("reported_by", "=", self.portal_a.id)])
        self.assertEqual(len(hazard), 1)
        self.assertEqual(hazard.state, "reported")
        self.assertEqual(hazard.source, self.lot)
        self.assertEqual(hazard.partner_id, self.customer)
        self.assertIn(self.lot.name, hazard.description)
        self.assertEqual(len(hazard.photo_ids), 1)
        self.assertEqual(hazard.photo_ids.res_id, hazard.id)
        page = self.url_open("/my/hazards")
        self.assertIn(hazard.name, page.text)
        # A unit that is not theirs is refused, nothing is created.
        lot_b = self._lot("AC-0909", customer=self.other_customer)
        response = self._post(
            "/my/hazards/new", {"lot_id": str(lot_b.id), "description": "x"}
        )
        self.assertIn("Choose one of your units", response.text)
        self.assertEqual(
            Hazard.search_count([("reported_by", "=", self.portal_a.id)]), 1
        )
        # The other customer sees none of it, through the page or the ORM.
        self.authenticate("as_hz_portal_b", "as_hz_portal_b")
        self.assertNotIn(hazard.name, self.url_open("/my/hazards").text)
        self.assertFalse(Hazard.with_user(self.portal_b).search([]))
        with self.assertRaises(AccessError):
            hazard.with_user(self.portal_b).read(["description"])

    def test_portal_user_reports_only_through_the_page(self):
        """The page raises the hazard for them (``_aftersales_report``); the
        ORM gives a portal user no create nor write on hazards."""
        Hazard = (
            self.env["aftersales.safety.hazard"]
            .with_user(self.portal_a)
            .with_context(**ANY_CONTEXT)
        )
        with self.assertRaises(AccessError):
            Hazard.create({"description": "x"})
        with self.assertRefused(UserError, "cannot be set directly"):
            Hazard.create({"description": "x", "state": "closed"})
        hazard = (
            self.env["aftersales.safety.hazard"]
            .with_user(self.portal_a)
            .sudo()
            ._aftersales_report([{"description": "Wet floor near the panel"}])
        )
        self.assertEqual(hazard.reported_by, self.portal_a)
        with self.assertRaises(AccessError):
            hazard.with_user(self.portal_a).write({"level": "major"})
        with self.assertRefused(UserError, "cannot be reported with"):
            Hazard.sudo()._aftersales_report([{"description": "x", "state": "closed"}])
        hazard.invalidate_recordset()
        self.assertEqual(hazard.level, "general")
        self.assertEqual(hazard.state, "reported")
