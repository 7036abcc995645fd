from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .test_billing import BillingCommon

# Context keys an RPC client may send: none of them switches a rule off.
ANY_CONTEXT = {
    "aftersales_reschedule": True,
    "aftersales_mark_quote_sent": True,
    "aftersales_safety_override": True,
    "aftersales_parts_from_move": True,
    "aftersales_abc_suggest": True,
    "aftersales_check_kind": "post",
    "install_mode": True,
    "tracking_disable": True,
}


@tagged("post_install", "-at_install")
class TestRulesInTheModel(BillingCommon):
    """Each rule of the service addon tried as the least-privileged user who
    would try to get round it, through create/write with any context: refused
    with a clear message, and nothing changed."""

    def _as(self, record, user):
        return record.with_user(user).with_context(**ANY_CONTEXT)

    def test_desk_cannot_decide_coverage(self):
        ticket = self._ticket(aftersales_failure_date=date(2026, 6, 1))
        self.assertEqual(ticket.aftersales_coverage, "paid")
        for vals in (
            {"aftersales_coverage": "free"},
            {"aftersales_coverage_auto": "free"},
            {"aftersales_warranty_end": date(2030, 1, 1)},
            {"aftersales_coverage_override": "free"},
            {"aftersales_repeat": True},
            {"aftersales_arrived_at": "2026-06-01 08:00:00"},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(ticket, self.desk).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["helpdesk.ticket"], self.desk).create(
                {
                    "name": "Free please",
                    "description": "<p>x</p>",
                    "team_id": self.team.id,
                    "partner_id": self.customer.id,
                    "aftersales_coverage_override": "free",
                    "aftersales_coverage_override_reason": "I say so",
                }
            )
        ticket.invalidate_recordset()
        self.assertEqual(ticket.aftersales_coverage, "paid")
        self.assertFalse(ticket.aftersales_coverage_override)
        self.assertFalse(ticket.aftersales_arrived_at)

    def test_desk_cannot_attach_another_customers_contract(self):
        contract = self.env["aftersales.contract"].create(
            {
                "partner_id": self.other_customer.id,
                "date_start": date(2026, 1, 1),
                "date_end": date(2027, 12, 31),
                "product_ids": [(6, 0, self.ac.ids)],
            }
        )
        contract.action_activate()
        ticket = self._ticket()
        self.assertFalse(ticket.aftersales_contract_id)
        with self.assertRefused(ValidationError, "not an active contract of"):
            self._as(ticket, self.desk).write({"aftersales_contract_id": contract.id})
        self.assertFalse(ticket.aftersales_contract_id)
        self.assertNotEqual(ticket.aftersales_coverage, "contract")

    def test_desk_cannot_claim_the_customers_online_signature(self):
        ticket = self._ticket()
        self._line(ticket, self.fan)
        for vals in (
            {"aftersales_quote_state": "approved"},
            {
                "aftersales_quote_approval_method": "portal",
                "aftersales_quote_approved_by": "Mr Zhou",
            },
            {"aftersales_quote_amount": 1.0},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(ticket, self.desk).write(vals)
        with self.assertRefused(UserError, "given by the customer on the portal"):
            self._as(ticket, self.desk)._aftersales_approve_quote("portal", "Mr Zhou")
        methods = self.env["aftersales.quote.approval"]._fields["method"].selection
        self.assertNotIn("portal", dict(methods))
        self.assertEqual(ticket.aftersales_quote_state, "none")
        self.assertFalse(ticket.aftersales_quote_approval_method)

    def test_quote_marked_sent_only_when_the_quote_mail_goes_out(self):
        ticket = self._ticket()
        self._line(ticket, self.fan)
        action = self._as(ticket, self.desk).action_aftersales_send_quote()
        self.assertEqual(ticket.aftersales_quote_state, "draft")
        # A plain message with the old context key changes nothing.
        self._as(ticket, self.desk).message_post(body="Any news?")
        self.assertEqual(ticket.aftersales_quote_state, "draft")
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.desk)
            .with_context(**action["context"])
        ).save()
        composer.action_send_mail()
        self.assertEqual(ticket.aftersales_quote_state, "sent")

    def test_desk_cannot_approve_goodwill_by_writing_it(self):
        goodwill = self.env["aftersales.goodwill"].create(
            {
                "ticket_id": self._ticket().id,
                "amount": 300,
                "disputed_value": 100,
                "reason": "Unit failed twice",
            }
        )
        for vals in (
            {"state": "approved"},
            {"approver_id": self.manager.id},
            {"decided_at": "2026-06-01 08:00:00"},
        ):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(goodwill, self.desk).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.goodwill"], self.desk).create(
                {
                    "ticket_id": self._ticket().id,
                    "amount": 5000,
                    "disputed_value": 100,
                    "reason": "Pre-approved",
                    "state": "approved",
                }
            )
        self.assertEqual(goodwill.state, "to_approve")
        self.assertFalse(goodwill.approver_id)
        # A decided goodwill duplicated starts undecided.
        goodwill.with_user(self.manager).action_approve()
        copy = goodwill.with_user(self.desk).copy({"ticket_id": self._ticket().id})
        self.assertEqual(
            (copy.state, copy.approver_id), ("to_approve", self.env["res.users"])
        )

    def test_desk_cannot_give_a_serial_a_warranty(self):
        Lot = self._as(self.env["stock.lot"], self.desk)
        count = self.env["stock.lot"].search_count([])
        for vals in (
            {"aftersales_warranty_start": date(2026, 1, 1)},
            {"aftersales_promised_months": 60},
        ):
            with self.assertRefused(AccessError, "Only an after-sales manager"):
                Lot.create({"name": "AC-FORGED", "product_id": self.ac.id, **vals})
            with self.assertRefused(AccessError, "Only an after-sales manager"):
                self._as(self.lot, self.desk).write(vals)
        self.assertEqual(self.env["stock.lot"].search_count([]), count)
        self.assertEqual(self.lot.aftersales_warranty_start, date(2025, 1, 15))
        self.assertFalse(self.lot.aftersales_promised_months)

    def test_technician_cannot_register_his_own_cash(self):
        ticket = self._ticket()
        handover = self._as(self.env["aftersales.cash.handover"], self.technician)
        handover = handover.create(
            {"ticket_id": ticket.id, "amount": 120, "receipt_number": "R-9"}
        )
        for vals in ({"state": "registered"}, {"payment_id": False}):
            with self.assertRefused(UserError, "cannot be set directly"):
                self._as(handover, self.technician).write(vals)
        with self.assertRefused(UserError, "cannot be set directly"):
            self._as(self.env["aftersales.cash.handover"], self.technician).create(
                {"ticket_id": ticket.id, "amount": 80, "state": "registered"}
            )
        self.assertEqual(handover.state, "collected")
