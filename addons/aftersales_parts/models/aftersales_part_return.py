from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)

RETURN_STATES = [
    ("expected", "Expected"),
    ("received", "Received"),
    ("charged", "Charged to Technician"),
    ("cancelled", "Cancelled"),
]


class AftersalesPartReturn(models.Model):
    """Old-for-new: the defective part expected back for a part issued to a
    job, into the Defective Parts quarantine."""

    _name = "aftersales.part.return"
    _description = "Expected Defective Part Return"
    _inherit = ["aftersales.overdue.mixin"]
    _order = "due_date, id"
    _aftersales_open_state = "expected"
    _check_company_auto = True

    issue_move_id = fields.Many2one(
        comodel_name="stock.move",
        required=True,
        index=True,
        readonly=True,
        ondelete="restrict",
        check_company=True,
    )
    issue_picking_id = fields.Many2one(
        related="issue_move_id.picking_id", string="Issue", store=True
    )
    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        index=True,
        readonly=True,
        check_company=True,
    )
    partner_id = fields.Many2one(related="ticket_id.partner_id", string="Customer")
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Technician",
        index=True,
        tracking=True,
        help="Who brings the defective part back.",
    )
    product_id = fields.Many2one(
        comodel_name="product.product",
        string="Part",
        required=True,
        readonly=True,
        check_company=True,
    )
    quantity = fields.Float(required=True, readonly=True, digits="Product Unit")
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit")
    due_date = fields.Date(required=True, tracking=True, index=True)
    state = fields.Selection(
        selection=RETURN_STATES,
        default="expected",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    return_move_id = fields.Many2one(
        comodel_name="stock.move",
        readonly=True,
        check_company=True,
    )
    return_picking_id = fields.Many2one(
        related="return_move_id.picking_id", string="Return", store=True
    )
    received_date = fields.Date(readonly=True)
    lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Defective Serials",
        readonly=True,
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    chargeable_date = fields.Date(
        string="Chargeable From",
        compute="_compute_chargeable_date",
        help="From this day the missing part may be charged to the technician.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    charge_amount = fields.Monetary(
        string="Charged Amount", readonly=True, tracking=True
    )
    charged_by_id = fields.Many2one(comodel_name="res.users", readonly=True)
    charged_date = fields.Date(string="Charged On", readonly=True)
    claim_id = fields.Many2one(
        comodel_name="aftersales.supplier.claim",
        string="Supplier Claim",
        readonly=True,
        check_company=True,
        index="btree_not_null",
    )

    def _aftersales_protected_field_names(self):
        # Received by the stock, charged by Charge to Technician, claimed by
        # the supplier claim: never written by hand.
        return super()._aftersales_protected_field_names() | {
            "state",
            "return_move_id",
            "received_date",
            "lot_ids",
            "charge_amount",
            "charged_by_id",
            "charged_date",
            "claim_id",
        }

    @api.depends("due_date", "company_id.aftersales_parts_charge_days")
    def _compute_chargeable_date(self):
        for record in self:
            record.chargeable_date = record.due_date and record.due_date + timedelta(
                days=record.company_id.aftersales_parts_charge_days
            )

    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "%(part)s for %(issue)s",
                part=record.product_id.display_name,
                issue=record.issue_picking_id.name or "",
            )

    def _aftersales_overdue_user(self):
        return (
            self.user_id
            or self.ticket_id.user_id
            or self.issue_picking_id.create_uid.filtered("active")
        )

    def _aftersales_overdue_summary(self):
        return self.env._(
            "Bring back the defective %(part)s (%(issue)s), due %(due)s",
            part=self.product_id.display_name,
            issue=self.issue_picking_id.name or "",
            due=self.due_date,
        )

    # ------------------------------------------------------------------
    # Created by the issue, closed by the return picking
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_create_for(self, moves):
        """Expected returns for issued ``moves`` and, per issue, one incoming
        picking of the defective parts into the Defective Parts location."""
        moves = moves.sudo()
        vals_list = []
        for move in moves:
            picking = move.picking_id
            company = move.company_id
            vals_list.append(
                {
                    "company_id": company.id,
                    "issue_move_id": move.id,
                    "ticket_id": picking.aftersales_ticket_id.id,
                    "user_id": (
                        picking.aftersales_technician_user_id
                        or picking.aftersales_ticket_id.user_id
                    ).id,
                    "product_id": move.product_id.id,
                    "quantity": move._aftersales_product_quantity(),
                    "due_date": fields.Date.context_today(self)
                    + timedelta(days=company.aftersales_parts_return_days),
                }
            )
        returns = self.create(vals_list)
        for picking in moves.picking_id:
            mine = returns.filtered(lambda r, p=picking: r.issue_picking_id == p)
            warehouse = picking.picking_type_id.warehouse_id
            return_type = warehouse.aftersales_defective_type_id
            if not return_type:
                continue
            incoming = self.env["stock.picking"].create(
                {
                    "picking_type_id": return_type.id,
                    "partner_id": picking.partner_id.id,
                    "location_id": picking.location_dest_id.id,
                    "location_dest_id": return_type.default_location_dest_id.id,
                    "origin": picking.name,
                    "aftersales_ticket_id": picking.aftersales_ticket_id.id,
                    "aftersales_visit_id": picking.aftersales_visit_id.id,
                    "aftersales_technician_user_id": (
                        picking.aftersales_technician_user_id.id
                    ),
                    "company_id": picking.company_id.id,
                    "move_ids": [
                        Command.create(
                            {
                                "product_id": record.product_id.id,
                                "product_uom_qty": record.quantity,
                                "product_uom": record.product_id.uom_id.id,
                                "location_id": picking.location_dest_id.id,
                                "location_dest_id": (
                                    return_type.default_location_dest_id.id
                                ),
                                "aftersales_part_return_id": record.id,
                                "company_id": picking.company_id.id,
                            }
                        )
                        for record in mine
                    ],
                }
            )
            incoming.action_confirm()
            for move in incoming.move_ids:
                move.aftersales_part_return_id._aftersales_write(
                    {"return_move_id": move.id}
                )
        return returns

    def _aftersales_received(self, moves):
        """The defective parts came back (``moves`` done)."""
        today = fields.Date.context_today(self)
        for record in self.sudo():
            done = moves.filtered(lambda m, r=record: m.aftersales_part_return_id == r)
            record._aftersales_write(
                {
                    "state": "received",
                    "received_date": today,
                    "return_move_id": done[:1].id,
                    "lot_ids": [Command.set(done.move_line_ids.lot_id.ids)],
                }
            )

    def _aftersales_cancel_for_returned(self, move):
        """The new part itself came back unused: no defective one is due."""
        self.sudo()._aftersales_write({"state": "cancelled"})
        self.return_move_id.filtered(
            lambda m: m.state not in ("done", "cancel")
        )._action_cancel()
        for record in self:
            record.message_post(
                body=self.env._(
                    "No longer expected: the issued part came back unused with "
                    "%(return)s.",
                    **{"return": move.picking_id.name},
                )
            )

    # ------------------------------------------------------------------
    # Lost parts: charged to the technician, on the record
    # ------------------------------------------------------------------

    def action_charge_technician(self):
        today = fields.Date.context_today(self)
        for record in self:
            if record.state != "expected":
                raise UserError(
                    self.env._(
                        "%(return)s is %(state)s: only an expected return can be "
                        "charged to the technician.",
                        **{
                            "return": record.display_name,
                            "state": dict(
                                self._fields["state"]._description_selection(self.env)
                            )[record.state],
                        },
                    )
                )
            if today < record.chargeable_date:
                raise UserError(
                    self.env._(
                        "%(return)s was due on %(due)s; it can be charged to the "
                        "technician from %(date)s (Settings > After-Sales > "
                        "Spare Parts).",
                        **{
                            "return": record.display_name,
                            "due": record.due_date,
                            "date": record.chargeable_date,
                        },
                    )
                )
            if not record.user_id:
                raise UserError(
                    self.env._(
                        "%(return)s has no technician. Set who took the part "
                        "before charging it.",
                        **{"return": record.display_name},
                    )
                )
        for record in self:
            amount = record.company_id.currency_id.round(
                record.quantity
                * record.product_id.with_company(record.company_id).standard_price
            )
            record._aftersales_write(
                {
                    "state": "charged",
                    "charge_amount": amount,
                    "charged_by_id": self.env.user.id,
                    "charged_date": today,
                }
            )
            record.return_move_id.filtered(
                lambda m: m.state not in ("done", "cancel")
            )._action_cancel()
            body = self.env._(
                "%(part)s (%(quantity)s) not returned since %(due)s: %(amount)s "
                "charged to %(technician)s by %(user)s.",
                part=record.product_id.display_name,
                quantity=record.quantity,
                due=record.due_date,
                amount=amount,
                technician=record.user_id.name,
                user=self.env.user.name,
            )
            record.message_post(body=body)
            if record.ticket_id:
                record.ticket_id.sudo().message_post(body=body)
        return True

    def action_create_claim(self):
        """A supplier claim for received defective parts of one product."""
        if not self or any(record.state != "received" for record in self):
            raise UserError(
                self.env._(
                    "Only defective parts received in the Defective Parts "
                    "location can be claimed from the supplier."
                )
            )
        if len(self.product_id) != 1 or self.claim_id:
            raise UserError(
                self.env._(
                    "Select received returns of one part that are not claimed yet."
                )
            )
        product = self.product_id
        ticket = self.ticket_id[:1]
        site = ticket.aftersales_site_partner_id or ticket.partner_id
        # The claim takes the returns (their claim link is protected).
        with authorized(self._name):
            claim = self.env["aftersales.supplier.claim"].create(
                {
                    "company_id": self.company_id[:1].id,
                    "partner_id": product.seller_ids[:1].partner_id.id,
                    "product_id": product.id,
                    "quantity": sum(self.mapped("quantity")),
                    "site": ", ".join(
                        filter(None, (site.contact_address or "").splitlines())
                    )
                    or site.display_name
                    or "",
                    "return_ids": [Command.set(self.ids)],
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.supplier.claim",
            "res_id": claim.id,
            "view_mode": "form",
        }
