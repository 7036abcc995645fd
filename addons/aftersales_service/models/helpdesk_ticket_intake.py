import re
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import html2plaintext

SERIAL_TOKEN_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{3,63}")


class HelpdeskTicket(models.Model):
    """Intake: the unit (serial, product, failed component), where it is,
    the failure, the request's number, and the serial quoted in an e-mail."""

    _inherit = "helpdesk.ticket"

    aftersales_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Serial Number",
        tracking=True,
        index="btree_not_null",
        check_company=True,
        domain="[('product_id', '=?', aftersales_product_id)]",
    )
    aftersales_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Product",
        compute="_compute_aftersales_product_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        check_company=True,
    )
    aftersales_failure_date = fields.Date(
        string="Failure Date",
        default=fields.Date.context_today,
        tracking=True,
    )
    aftersales_component_id = fields.Many2one(
        comodel_name="product.product",
        string="Failed Component",
        check_company=True,
        help="The part that failed; parts can have their own warranty period.",
    )
    aftersales_site_partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Site Address",
        compute="_compute_aftersales_site_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        help="Where the unit is; defaults to the customer.",
    )
    aftersales_zone_id = fields.Many2one(
        comodel_name="aftersales.service.zone",
        string="Service Zone",
        tracking=True,
        check_company=True,
    )
    aftersales_lot_warning = fields.Char(
        string="Serial Warning", compute="_compute_aftersales_lot_warning"
    )
    _aftersales_number_unique = models.Constraint(
        "unique(number, company_id)",
        "A service request number must be unique per company.",
    )

    @api.depends("aftersales_lot_id")
    def _compute_aftersales_product_id(self):
        for ticket in self.filtered("aftersales_lot_id"):
            ticket.aftersales_product_id = ticket.aftersales_lot_id.product_id

    @api.depends("partner_id")
    def _compute_aftersales_site_partner_id(self):
        for ticket in self:
            site = ticket.aftersales_site_partner_id
            customer = ticket.partner_id.commercial_partner_id
            if not site or site.commercial_partner_id != customer:
                ticket.aftersales_site_partner_id = ticket.partner_id

    @api.depends("aftersales_lot_id.aftersales_customer_id", "commercial_partner_id")
    def _compute_aftersales_lot_warning(self):
        for ticket in self:
            owner = ticket.aftersales_lot_id.aftersales_customer_id
            customer = ticket.partner_id.commercial_partner_id
            warning = False
            if owner and customer and owner.commercial_partner_id != customer:
                warning = self.env._(
                    "Serial %(lot)s belongs to %(owner)s, not to %(customer)s. "
                    "Check the serial number or the customer.",
                    lot=ticket.aftersales_lot_id.name,
                    owner=owner.display_name,
                    customer=customer.display_name,
                )
            ticket.aftersales_lot_warning = warning

    @api.constrains(
        "aftersales_failure_date",
        "aftersales_lot_id",
        "aftersales_product_id",
        "aftersales_component_id",
    )
    def _check_aftersales_facts(self):
        # Today where it is latest (UTC+14): a ticket entered in Shanghai just
        # after midnight stays valid when someone further west edits it.
        today = max(
            fields.Date.context_today(self),
            (fields.Datetime.now() + timedelta(hours=14)).date(),
        )
        for ticket in self:
            if (
                ticket.aftersales_failure_date
                and ticket.aftersales_failure_date > today
            ):
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: the failure date %(date)s is in the "
                        "future. Enter the day the fault appeared.",
                        ticket=ticket.number,
                        date=ticket.aftersales_failure_date,
                    )
                )
            lot, product = ticket.aftersales_lot_id, ticket.aftersales_product_id
            if product and product.tracking == "none" and lot:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: product %(product)s is not tracked by "
                        "serial number, so no serial can be given. Remove the serial "
                        "or enable tracking on the product.",
                        ticket=ticket.number,
                        product=product.display_name,
                    )
                )
            if lot and product and lot.product_id != product:
                raise ValidationError(
                    self.env._(
                        "Ticket %(ticket)s: serial %(lot)s is a %(lot_product)s, not "
                        "a %(product)s. Choose the matching product or serial.",
                        ticket=ticket.number,
                        lot=lot.name,
                        lot_product=lot.product_id.display_name,
                        product=product.display_name,
                    )
                )

    @api.onchange("aftersales_lot_id")
    def _onchange_aftersales_lot_id(self):
        owner = self.aftersales_lot_id.aftersales_customer_id
        if owner and not self.partner_id:
            self.partner_id = owner
        elif self.aftersales_lot_warning:
            return {
                "warning": {
                    "title": self.env._("Serial of another customer"),
                    "message": self.aftersales_lot_warning,
                }
            }

    @api.model
    def message_new(self, msg, custom_values=None):
        values = dict(custom_values or {})
        if "aftersales_lot_id" not in values:
            subject = msg.get("subject") or ""
            body = html2plaintext(msg.get("body") or "")
            lot = self._aftersales_find_serial(f"{subject} {body}")
            if lot:
                values["aftersales_lot_id"] = lot.id
                values["aftersales_product_id"] = lot.product_id.id
        return super().message_new(msg, custom_values=values)

    @api.model
    def _aftersales_prepare_new(self, vals_list):
        """Per team, what ``helpdesk_mgmt`` would look up for each new ticket
        of a batch, looked up once: the numbers, drawn together (one range
        lookup and one draw per team, not two queries per ticket), and the
        team's first stage. Tickets without a team keep its one-by-one way
        (``_prepare_ticket_number``)."""
        today = fields.Date.context_today(self)
        self._aftersales_precompute_unit(vals_list)
        by_team = defaultdict(list)
        for vals in vals_list:
            if vals.get("team_id"):
                by_team[vals["team_id"], vals.get("company_id")].append(vals)
        for (team_id, company_id), group in by_team.items():
            team = self.env["helpdesk.ticket.team"].browse(team_id)
            company = self.env["res.company"].browse(company_id)
            unstaged = [vals for vals in group if "stage_id" not in vals]
            if unstaged:
                stage = team._get_applicable_stages()[:1].id
                for vals in unstaged:
                    vals["stage_id"] = stage
            unnumbered = [vals for vals in group if vals.get("number", "/") == "/"]
            if unnumbered and team._aftersales_code(company):
                numbers = team._aftersales_next_numbers(
                    today, len(unnumbered), company=company
                )
                for vals, number in zip(unnumbered, numbers, strict=True):
                    vals["number"] = number

    @api.model
    def _aftersales_precompute_unit(self, vals_list):
        """The product and site of new tickets, as their computes decide them
        (the serial's product; the customer as site), for the whole batch at
        once: Odoo precomputes a missing one by building a draft record per
        ticket. Values given are kept; a ticket whose customer or serial
        comes from elsewhere (defaults) is left to the computes."""
        lots = self.env["stock.lot"].browse(
            {
                vals["aftersales_lot_id"]
                for vals in vals_list
                if vals.get("aftersales_lot_id") and "aftersales_product_id" not in vals
            }
        )
        products = {lot.id: lot.product_id.id for lot in lots}
        for vals in vals_list:
            if "aftersales_product_id" not in vals and vals.get("aftersales_lot_id"):
                vals["aftersales_product_id"] = products[vals["aftersales_lot_id"]]
            if "aftersales_site_partner_id" not in vals and vals.get("partner_id"):
                vals["aftersales_site_partner_id"] = vals["partner_id"]

    def _prepare_ticket_number(self, values):
        team = self.env["helpdesk.ticket.team"].browse(values.get("team_id"))
        company = self.env["res.company"].browse(values.get("company_id"))
        if team and team._aftersales_code(company):
            return team._aftersales_next_number(
                fields.Date.context_today(self), company=company
            )
        return super()._prepare_ticket_number(values)

    @api.model
    def _aftersales_find_serial(self, text):
        """The known serial number quoted in ``text``, when exactly one is."""
        tokens = {token.strip("._/-") for token in SERIAL_TOKEN_RE.findall(text or "")}
        tokens.discard("")
        if not tokens:
            return self.env["stock.lot"]
        lots = self.env["stock.lot"].search([("name", "in", list(tokens))], limit=2)
        return lots if len(lots) == 1 else self.env["stock.lot"]
