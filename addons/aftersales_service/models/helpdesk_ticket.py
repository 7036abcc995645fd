"""The service request: the fields every concern shares, and create/write
calling each concern in turn. Each concern lives in its own file:

- ``helpdesk_ticket_intake.py``: the unit (serial, product), the site, the
  failure, numbering, serials found in e-mails;
- ``helpdesk_ticket_coverage.py``: contract matching, the warranty rule's
  decision, the manager's override, repeat repairs;
- ``helpdesk_ticket_deadline.py``: the deadline fields and the events they
  count (computed by ``aftersales.ticket.deadline``);
- ``helpdesk_ticket_visit.py``: visits, their numbers, dispatch;
- ``helpdesk_ticket_billing.py``: charges, quote and invoice.

None calls into another's private methods except through this file's
orchestration (create, write, stage change, posted messages).
"""

from odoo import api, fields, models

from ..rules import sla

REQUEST_TYPES = [
    ("repair", "Repair"),
    ("installation", "Installation"),
    ("maintenance", "Maintenance"),
    ("consultation", "Consultation"),
    ("complaint", "Complaint"),
    ("return", "Return / Exchange"),
]
FAULT_LEVELS = [("general", "General"), ("major", "Major")]
MANAGER_GROUP = "aftersales_service.group_aftersales_manager"


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "aftersales.protected.mixin"]
    _check_company_auto = True

    aftersales_request_type = fields.Selection(
        selection=REQUEST_TYPES,
        string="Request Type",
        default="repair",
        required=True,
        tracking=True,
    )
    aftersales_fault_level = fields.Selection(
        selection=FAULT_LEVELS,
        string="Fault Level",
        default="general",
        required=True,
        tracking=True,
    )
    aftersales_reported_at = fields.Datetime(
        string="Reported At",
        default=fields.Datetime.now,
        required=True,
        tracking=True,
        copy=False,
        help="When the customer called or wrote: the deadlines count from here.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [dict(vals) for vals in vals_list]
        self._aftersales_prepare_new(vals_list)
        tickets = super().create(vals_list)
        tickets._aftersales_sync_deadlines()
        return tickets

    def write(self, vals):
        result = super().write(vals)
        if "stage_id" in vals:
            self._aftersales_stage_changed()
        if self._aftersales_sla_triggers() & set(vals):
            self._aftersales_sync_deadlines()
        return result

    def _aftersales_stage_changed(self):
        """A stage change answers the customer; closing as solved (once the
        quote allows it) resolves; closing unsolved (cancelled, rejected)
        ends the open deadlines."""
        now = fields.Datetime.now()
        self._aftersales_reach(sla.KIND_RESPONSE, now)
        solved = self.filtered(
            lambda t: t.stage_id.closed and not t.stage_id.aftersales_unsolved
        )
        solved._aftersales_check_quote()
        solved._aftersales_reach(sla.KIND_RESOLUTION, now)
        self.filtered(
            lambda t: t.stage_id.closed and t.stage_id.aftersales_unsolved
        )._aftersales_cancel_deadlines()

    def _message_post_after_hook(self, message, msg_vals):
        """A public reply by staff is the first response."""
        result = super()._message_post_after_hook(message, msg_vals)
        author = message.author_id
        if (
            message.message_type == "comment"
            and message.subtype_id == self.env.ref("mail.mt_comment")
            and author
            and author.user_ids
            and not author.user_ids[0].share
            and author != self.partner_id
        ):
            self._aftersales_reach(
                sla.KIND_RESPONSE, message.date or fields.Datetime.now()
            )
        return result

    def action_aftersales_customer_file(self):
        """Everything about this ticket's customer, or its unit when known."""
        self.ensure_one()
        if self.aftersales_lot_id:
            return self.aftersales_lot_id.action_aftersales_view_tickets()
        return self.commercial_partner_id.action_aftersales_service_history()
