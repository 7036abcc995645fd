from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import LockError, UserError
from odoo.tools.image import base64_to_image

from ..rules import pricing

QUOTE_STATES = [
    ("none", "No Quote"),
    ("draft", "To Send"),
    ("sent", "Sent"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]


# The customer's approval and who recorded it: written only by the quote's
# actions (send, record an approval, the customer's online acceptance).
QUOTE_PROTECTED = frozenset(
    {
        "aftersales_quote_state",
        "aftersales_quote_amount",
        "aftersales_quote_approval_method",
        "aftersales_quote_approved_by",
        "aftersales_quote_approved_at",
        "aftersales_quote_recorded_uid",
        "aftersales_quote_signature",
    }
)


class HelpdeskTicket(models.Model):
    """Charges, quote and invoice of a ticket."""

    _inherit = "helpdesk.ticket"

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | QUOTE_PROTECTED

    aftersales_charge_line_ids = fields.One2many(
        comodel_name="aftersales.charge.line",
        inverse_name="ticket_id",
        string="Charges",
        copy=False,
    )
    aftersales_goodwill_ids = fields.One2many(
        comodel_name="aftersales.goodwill",
        inverse_name="ticket_id",
        string="Goodwill",
        copy=False,
    )
    aftersales_handover_ids = fields.One2many(
        comodel_name="aftersales.cash.handover",
        inverse_name="ticket_id",
        string="Cash Collected",
        copy=False,
    )
    aftersales_currency_id = fields.Many2one(
        related="company_id.currency_id", string="Currency"
    )
    aftersales_customer_amount = fields.Monetary(
        string="Customer Total",
        compute="_compute_aftersales_amounts",
        currency_field="aftersales_currency_id",
        help="Taxes included, lines paid by the customer.",
    )
    aftersales_cost_amount = fields.Monetary(
        string="Cost",
        compute="_compute_aftersales_amounts",
        currency_field="aftersales_currency_id",
    )
    aftersales_free_cost_amount = fields.Monetary(
        string="Warranty / Contract / Goodwill Cost",
        compute="_compute_aftersales_amounts",
        currency_field="aftersales_currency_id",
    )
    aftersales_to_invoice_amount = fields.Monetary(
        string="To Invoice",
        compute="_compute_aftersales_amounts",
        currency_field="aftersales_currency_id",
    )
    aftersales_quote_state = fields.Selection(
        selection=QUOTE_STATES,
        string="Quote",
        default="none",
        required=True,
        tracking=True,
        copy=False,
    )
    aftersales_quote_amount = fields.Monetary(
        string="Approved Amount",
        currency_field="aftersales_currency_id",
        readonly=True,
        copy=False,
    )
    aftersales_quote_approval_method = fields.Selection(
        selection=[
            ("portal", "Signed Online"),
            ("verbal", "Verbal"),
            ("written", "Written"),
        ],
        string="Approval",
        readonly=True,
        copy=False,
        tracking=True,
    )
    aftersales_quote_approved_by = fields.Char(
        string="Approved By", readonly=True, copy=False, tracking=True
    )
    aftersales_quote_approved_at = fields.Datetime(
        string="Approved On", readonly=True, copy=False
    )
    aftersales_quote_recorded_uid = fields.Many2one(
        comodel_name="res.users", string="Approval Recorded By", readonly=True
    )
    aftersales_quote_signature = fields.Binary(
        string="Approval Signature", attachment=True, readonly=True, copy=False
    )
    # Computed as superuser: the invoices' own access rules apply when they
    # are opened (the Invoices button is for accounting users).
    aftersales_invoice_ids = fields.Many2many(
        comodel_name="account.move",
        string="Invoices",
        compute="_compute_aftersales_invoice_ids",
        compute_sudo=True,
    )
    aftersales_invoice_count = fields.Integer(
        compute="_compute_aftersales_invoice_ids", compute_sudo=True
    )

    @api.depends(
        "aftersales_charge_line_ids.price_total",
        "aftersales_charge_line_ids.cost_total",
        "aftersales_charge_line_ids.payer",
        "aftersales_charge_line_ids.invoiced",
    )
    def _compute_aftersales_amounts(self):
        for ticket in self:
            lines = ticket.aftersales_charge_line_ids
            customer = lines.filtered(lambda line: line.payer == "customer")
            ticket.aftersales_customer_amount = float(
                pricing.total(customer.mapped("price_total"))
            )
            ticket.aftersales_cost_amount = float(
                pricing.total(lines.mapped("cost_total"))
            )
            ticket.aftersales_free_cost_amount = float(
                pricing.total((lines - customer).mapped("cost_total"))
            )
            ticket.aftersales_to_invoice_amount = float(
                pricing.total(
                    customer.filtered(lambda line: not line.invoiced).mapped(
                        "price_total"
                    )
                )
            )

    def _compute_aftersales_invoice_ids(self):
        for ticket in self:
            moves = ticket.aftersales_charge_line_ids.invoice_line_ids.move_id
            ticket.aftersales_invoice_ids = moves
            ticket.aftersales_invoice_count = len(moves)

    def _aftersales_check_charges_open(self):
        closed = self.filtered(lambda t: t.closed and t.stage_id.aftersales_unsolved)
        if closed:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s was closed unsolved; charges cannot be "
                    "added. Reopen it first.",
                    ticket=closed[0].number,
                )
            )

    # ------------------------------------------------------------------
    # Quote
    # ------------------------------------------------------------------

    def _aftersales_needs_quote(self):
        """Paid work above the threshold needs the customer's approval of a
        quote covering its customer total."""
        self.ensure_one()
        threshold = self.company_id.aftersales_quote_threshold
        amount = self.aftersales_customer_amount
        if amount <= threshold:
            return False
        return not (
            self.aftersales_quote_state == "approved"
            and self.aftersales_currency_id.compare_amounts(
                amount, self.aftersales_quote_amount
            )
            <= 0
        )

    def _aftersales_check_quote(self):
        for ticket in self:
            if ticket._aftersales_needs_quote():
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s: the customer has not approved a quote "
                        "for %(amount)s (approved: %(approved)s). Send the quote "
                        "and record the customer's approval first; work under "
                        "%(threshold)s needs none.",
                        ticket=ticket.number,
                        amount=ticket._aftersales_money(
                            ticket.aftersales_customer_amount
                        ),
                        approved=ticket._aftersales_money(
                            ticket.aftersales_quote_amount
                        ),
                        threshold=ticket._aftersales_money(
                            ticket.company_id.aftersales_quote_threshold
                        ),
                    )
                )

    def _aftersales_money(self, amount):
        self.ensure_one()
        currency = self.aftersales_currency_id
        return f"{currency.symbol or ''}{amount:,.{currency.decimal_places}f}"

    def action_aftersales_send_quote(self):
        self.ensure_one()
        customer = self.aftersales_charge_line_ids.filtered(
            lambda line: line.payer == "customer"
        )
        if not customer:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no charge paid by the customer to quote.",
                    ticket=self.number,
                )
            )
        if self.aftersales_quote_state in ("none", "refused", "approved"):
            self._aftersales_write({"aftersales_quote_state": "draft"})
        template = self.env.ref("aftersales_service.mail_template_aftersales_quote")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": "helpdesk.ticket",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
            },
        }

    def _aftersales_quote_sent(self):
        """The quote e-mail went out (``mail.compose.message`` with the quote
        template, once it has posted the message)."""
        self.filtered(lambda t: t.aftersales_quote_state == "draft")._aftersales_write(
            {"aftersales_quote_state": "sent"}
        )

    def action_aftersales_approve_quote(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record Quote Approval"),
            "res_model": "aftersales.quote.approval",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_ticket_id": self.id,
                "default_approved_by": self.partner_id.name,
            },
        }

    def _aftersales_approve_quote(
        self, method, approved_by, signature=False, online=False
    ):
        """Record the customer's approval. ``online``: the customer signed on
        the portal (the portal controller only; the desk records verbal or
        written approvals and cannot claim an online signature)."""
        self.ensure_one()
        if (method == "portal") != online:
            raise UserError(
                self.env._(
                    "An online signature is given by the customer on the portal; "
                    "record a verbal or written approval instead."
                )
            )
        if not (approved_by or "").strip():
            raise UserError(
                self.env._("Say who approved the quote (name of the customer).")
            )
        if not self.aftersales_customer_amount:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has nothing for the customer to approve.",
                    ticket=self.number,
                )
            )
        if signature:
            self._aftersales_check_signature_image(signature)
        self._aftersales_write(
            {
                "aftersales_quote_state": "approved",
                "aftersales_quote_amount": self.aftersales_customer_amount,
                "aftersales_quote_approval_method": method,
                "aftersales_quote_approved_by": approved_by.strip(),
                "aftersales_quote_approved_at": fields.Datetime.now(),
                "aftersales_quote_recorded_uid": self.env.uid,
                "aftersales_quote_signature": signature or False,
            }
        )

    def _aftersales_check_signature_image(self, signature):
        """Refuse a signature that is not a readable image (decoded and opened
        the way Odoo checks image fields), before anything is stored."""
        try:
            base64_to_image(signature)
        except (UserError, TypeError, ValueError) as error:
            raise UserError(
                self.env._(
                    "The signature could not be read as an image. Please sign "
                    "again in the signature box."
                )
            ) from error

    def action_aftersales_refuse_quote(self):
        self._aftersales_write({"aftersales_quote_state": "refused"})

    # ------------------------------------------------------------------
    # Invoice
    # ------------------------------------------------------------------

    def action_aftersales_create_invoice(self):
        """One customer invoice per ticket from its customer lines not yet
        invoiced. Safe against double clicks and two users at once: the
        tickets are locked first, and a line already on a live invoice is
        never invoiced again."""
        if not self:
            return False
        if len(self.company_id) > 1:
            raise UserError(
                self.env._(
                    "These tickets belong to several companies; invoice each "
                    "company's tickets separately."
                )
            )
        try:
            self.lock_for_update(allow_referencing=True)
        except LockError as error:
            raise UserError(
                self.env._(
                    "Someone else is invoicing these tickets right now. Try "
                    "again in a moment."
                )
            ) from error
        self.invalidate_recordset()
        self.aftersales_charge_line_ids.invalidate_recordset()
        lines_by_ticket = defaultdict(lambda: self.env["aftersales.charge.line"])
        for line in self.aftersales_charge_line_ids:
            if line.payer == "customer" and not line.invoiced:
                lines_by_ticket[line.ticket_id] |= line
        empty = self.filtered(lambda t: not lines_by_ticket[t])
        if empty:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no charge left for the customer to "
                    "pay: nothing to invoice.",
                    ticket=empty[0].number,
                )
            )
        self._aftersales_check_goodwill()
        # Read for all the lines at once (a ticket's share would read its own).
        self.aftersales_charge_line_ids.fetch(["tax_ids", "product_id", "name"])
        moves_vals = [
            ticket._aftersales_invoice_values(lines_by_ticket[ticket])
            for ticket in self
        ]
        moves = (
            self.env["account.move"]
            .with_company(self.company_id)
            .with_context(default_move_type="out_invoice")
            .create(moves_vals)
        )
        for ticket, move in zip(self, moves, strict=True):
            ticket._aftersales_link_invoice_lines(move, lines_by_ticket[ticket])
        # One note per ticket, logged for all at once.
        self._message_log_batch(
            {
                ticket.id: self.env._(
                    "Invoice %(invoice)s created for %(amount)s.",
                    invoice=move._get_html_link(),
                    amount=ticket._aftersales_money(move.amount_total),
                )
                for ticket, move in zip(self, moves, strict=True)
            }
        )
        return self._aftersales_invoice_action(moves)

    def _aftersales_invoice_values(self, lines):
        self.ensure_one()
        partner = self.commercial_partner_id or self.partner_id
        if not partner:
            raise UserError(
                self.env._(
                    "Ticket %(ticket)s has no customer to invoice.",
                    ticket=self.number,
                )
            )
        analytic = self.team_id.aftersales_analytic_account_id
        distribution = {str(analytic.id): 100} if analytic else False
        return {
            "move_type": "out_invoice",
            "partner_id": partner.id,
            "company_id": self.company_id.id,
            "invoice_origin": self.number,
            "ref": self.name,
            "invoice_line_ids": [
                (
                    0,
                    0,
                    {
                        "product_id": line.product_id.id,
                        "name": line.name,
                        "quantity": line.quantity,
                        "price_unit": line.price_unit,
                        "tax_ids": [(6, 0, line.tax_ids.ids)],
                        "analytic_distribution": distribution,
                    },
                )
                for line in lines
            ],
        }

    def _aftersales_link_invoice_lines(self, move, lines):
        """Tie each new invoice line to the charge it invoices. Only the
        invoicing action calls this, after the caller created the invoice
        with their own rights; the link itself is refused to everyone else
        (``account.move.line``), so it is written as superuser here."""
        self.ensure_one()
        invoice_lines = move.invoice_line_ids.filtered(
            lambda aml: aml.display_type == "product"
        ).sorted("id")
        if len(invoice_lines) != len(lines):
            raise UserError(
                self.env._(
                    "Invoice %(invoice)s does not have one line per charge of "
                    "%(ticket)s; nothing was invoiced. Try again.",
                    invoice=move.display_name,
                    ticket=self.number,
                )
            )
        for invoice_line, line in zip(invoice_lines, lines, strict=True):
            invoice_line_sudo = invoice_line.sudo()
            invoice_line_sudo.aftersales_charge_line_id = line

    def _aftersales_check_goodwill(self):
        for ticket in self:
            goodwill = pricing.total(
                ticket.aftersales_charge_line_ids.filtered(
                    lambda line: line.payer == "goodwill"
                ).mapped("price_total")
            )
            approved = pricing.total(
                ticket.aftersales_goodwill_ids.filtered(
                    lambda g: g.state == "approved"
                ).mapped("amount")
            )
            if goodwill > approved:
                raise UserError(
                    self.env._(
                        "Ticket %(ticket)s: goodwill charges of %(amount)s exceed "
                        "the approved goodwill (%(approved)s). Request approval "
                        "first.",
                        ticket=ticket.number,
                        amount=ticket._aftersales_money(float(goodwill)),
                        approved=ticket._aftersales_money(float(approved)),
                    )
                )

    def _aftersales_invoice_action(self, moves):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(moves) == 1:
            action.update(
                views=[(self.env.ref("account.view_move_form").id, "form")],
                res_id=moves.id,
            )
        else:
            action["domain"] = [("id", "in", moves.ids)]
        return action

    def action_aftersales_view_invoices(self):
        self.ensure_one()
        return self._aftersales_invoice_action(self.aftersales_invoice_ids)
