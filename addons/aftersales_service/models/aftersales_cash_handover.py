from odoo import api, fields, models
from odoo.exceptions import UserError


class AftersalesCashHandover(models.Model):
    """Money a technician collected on site, until the accountant registers
    it as a payment of the invoice."""

    _name = "aftersales.cash.handover"
    _description = "Cash Collected on Site"
    _inherit = ["mail.thread", "aftersales.protected.mixin"]
    _order = "collected_at desc, id desc"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        index=True,
        check_company=True,
    )
    visit_id = fields.Many2one(
        comodel_name="aftersales.visit",
        check_company=True,
        domain="[('ticket_id', '=', ticket_id)]",
    )
    company_id = fields.Many2one(
        related="ticket_id.company_id", store=True, index=True, precompute=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_id = fields.Many2one(related="ticket_id.commercial_partner_id")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Collected By",
        required=True,
        default=lambda self: self.env.user,
    )
    amount = fields.Monetary(required=True, tracking=True)
    collected_at = fields.Datetime(
        default=fields.Datetime.now, required=True, tracking=True
    )
    receipt_number = fields.Char(help="Number of the receipt given to the customer.")
    state = fields.Selection(
        selection=[("collected", "To Register"), ("registered", "Registered")],
        default="collected",
        required=True,
        readonly=True,
        tracking=True,
    )
    invoice_id = fields.Many2one(
        comodel_name="account.move",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('id', 'in', ticket_invoice_ids)]",
        check_company=True,
    )
    ticket_invoice_ids = fields.Many2many(related="ticket_id.aftersales_invoice_ids")
    journal_id = fields.Many2one(
        comodel_name="account.journal",
        string="Cash Journal",
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        default=lambda self: self._default_journal_id(),
        help="Journal the accountant registers the cash in.",
    )
    payment_id = fields.Many2one(comodel_name="account.payment", readonly=True)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue",
        search="_search_is_overdue",
        help="Not registered within the company's handover delay.",
    )

    _aftersales_amount_positive = models.Constraint(
        "CHECK(amount > 0)", "The amount collected must be more than zero."
    )

    def _aftersales_protected_field_names(self):
        # Registered only by Register Payment, which makes the payment.
        return super()._aftersales_protected_field_names() | {"state", "payment_id"}

    @api.model
    def _default_journal_id(self):
        Journal = self.env["account.journal"].sudo()
        domain = Journal._check_company_domain(self.env.company)
        return Journal.search([*domain, ("type", "=", "cash")], limit=1) or (
            Journal.search([*domain, ("type", "=", "bank")], limit=1)
        )

    @api.depends("state", "collected_at")
    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for handover in self:
            days = handover.company_id.aftersales_handover_days
            handover.is_overdue = (
                handover.state == "collected"
                and fields.Datetime.add(handover.collected_at, days=days) < now
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue handovers with = or !=."))
        now = fields.Datetime.now()
        ids = []
        for company in self.env.companies:
            limit = fields.Datetime.subtract(now, days=company.aftersales_handover_days)
            ids += self._search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "collected"),
                    ("collected_at", "<", limit),
                ]
            )
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", ids)]

    def action_register_payment(self):
        """Register the cash as a payment of the invoice and reconcile it."""
        for handover in self:
            if handover.state != "collected":
                raise UserError(
                    self.env._("This cash is already registered as a payment.")
                )
            invoice = handover.invoice_id
            if not invoice or invoice.state != "posted":
                raise UserError(
                    self.env._(
                        "Choose the posted invoice of %(ticket)s this cash pays.",
                        ticket=handover.ticket_id.number,
                    )
                )
            journal = handover.journal_id
            if not journal:
                raise UserError(
                    self.env._(
                        "Choose the cash journal to register the %(amount)s "
                        "collected on %(ticket)s.",
                        amount=handover.amount,
                        ticket=handover.ticket_id.number,
                    )
                )
            wizard = (
                self.env["account.payment.register"]
                .with_context(active_model="account.move", active_ids=invoice.ids)
                .create(
                    {
                        "amount": handover.amount,
                        "journal_id": journal.id,
                        "payment_date": fields.Date.context_today(handover),
                        "communication": handover.receipt_number or invoice.name,
                    }
                )
            )
            payment = wizard._create_payments()
            handover._aftersales_write(
                {"state": "registered", "payment_id": payment.id}
            )
        return True
