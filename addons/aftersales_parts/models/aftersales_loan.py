from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import LockError, UserError

LOAN_STATES = [
    ("draft", "To Deliver"),
    ("lent", "Lent"),
    ("returned", "Returned"),
    ("cancelled", "Cancelled"),
]


class AftersalesLoan(models.Model):
    """A loaner unit lent to a customer while their own unit is in repair."""

    _name = "aftersales.loan"
    _description = "Loaner Unit Loan"
    _inherit = ["aftersales.overdue.mixin"]
    _order = "state, due_date, id"
    _aftersales_open_state = "lent"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        compute="_compute_partner_id",
        store=True,
        readonly=False,
        precompute=True,
        index=True,
        required=True,
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Loaner Unit",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
        domain="[('product_id.aftersales_loaner', '=', True)]",
    )
    product_id = fields.Many2one(related="lot_id.product_id", store=True)
    date_out = fields.Date(string="Lent On", readonly=True)
    due_date = fields.Date(
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self)
            + timedelta(days=self.env.company.aftersales_loaner_days)
        ),
    )
    date_back = fields.Date(string="Returned On", readonly=True)
    state = fields.Selection(
        selection=LOAN_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    out_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Delivery",
        readonly=True,
        copy=False,
        check_company=True,
    )
    in_picking_id = fields.Many2one(
        comodel_name="stock.picking",
        string="Return",
        readonly=True,
        copy=False,
        check_company=True,
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")

    def _aftersales_protected_field_names(self):
        # The loan follows its pickings (lend, take back, cancel).
        return super()._aftersales_protected_field_names() | {
            "state",
            "date_out",
            "date_back",
            "out_picking_id",
            "in_picking_id",
        }

    @api.depends("ticket_id")
    def _compute_partner_id(self):
        for loan in self:
            loan.partner_id = loan.ticket_id.partner_id

    def _compute_display_name(self):
        for loan in self:
            loan.display_name = self.env._(
                "%(unit)s to %(customer)s",
                unit=loan.lot_id.display_name or "",
                customer=loan.partner_id.display_name or "",
            )

    def _aftersales_overdue_user(self):
        return self.ticket_id.user_id or self.create_uid.filtered("active")

    def _aftersales_overdue_summary(self):
        return self.env._(
            "Take back loaner %(unit)s from %(customer)s (%(ticket)s), due %(due)s",
            unit=self.lot_id.display_name,
            customer=self.partner_id.display_name,
            ticket=self.ticket_id.number or self.ticket_id.name,
            due=self.due_date,
        )

    @api.model_create_multi
    def create(self, vals_list):
        loans = super().create(vals_list)
        loans._aftersales_check_unit_free()
        return loans

    def write(self, vals):
        result = super().write(vals)
        if "lot_id" in vals:
            self._aftersales_check_unit_free()
        return result

    def _aftersales_check_unit_free(self):
        """A loaner is promised or lent to one customer at a time. The unit's
        row is locked first, so two requests for the same unit at once are
        decided one after the other: the second waits for nothing and is
        refused. Loans the caller cannot see still count."""
        try:
            self.lot_id.lock_for_update(allow_referencing=True)
        except LockError as error:
            raise UserError(
                self.env._(
                    "Someone else is lending loaner %(unit)s right now. Try again "
                    "in a moment, or choose another unit.",
                    unit=self.lot_id[:1].display_name,
                )
            ) from error
        # One search for the open loans of all the units; each loan then
        # looks for another loan of its unit (among these, or in this batch).
        open_loans = self.sudo().search(
            [("lot_id", "in", self.lot_id.ids), ("state", "in", ("draft", "lent"))],
            order="id",
        )
        by_unit = open_loans.grouped("lot_id")
        for loan in self:
            other = (by_unit.get(loan.lot_id, open_loans.browse()) - loan)[:1]
            if other:
                raise UserError(
                    self.env._(
                        "Loaner %(unit)s is already promised or lent to "
                        "%(customer)s (%(ticket)s). Choose another unit, or take "
                        "it back first.",
                        unit=loan.lot_id.display_name,
                        customer=other.partner_id.display_name,
                        ticket=other.ticket_id.number,
                    )
                )

    # ------------------------------------------------------------------
    # Lend and take back, each a picking the stock clerk validates
    # ------------------------------------------------------------------

    def action_lend(self):
        """A delivery of the unit from Loaners to the customer."""
        self.ensure_one()
        if self.state != "draft" or self.out_picking_id:
            raise UserError(
                self.env._(
                    "Loan %(loan)s already has its delivery %(picking)s.",
                    loan=self.display_name,
                    picking=self.out_picking_id.name,
                )
            )
        self._aftersales_check_unit_free()
        warehouse = self.env["stock.warehouse"]._aftersales_main(self.company_id)
        loaners = warehouse.aftersales_loaner_location_id
        quant = self.env["stock.quant"].search(
            [
                ("lot_id", "=", self.lot_id.id),
                ("location_id", "child_of", loaners.id),
                ("quantity", ">", 0),
            ],
            limit=1,
        )
        if not quant:
            where = self.lot_id.quant_ids.filtered(lambda q: q.quantity > 0)
            raise UserError(
                self.env._(
                    "Loaner %(unit)s is not in %(loaners)s (it is in %(where)s). "
                    "Bring it back into the Loaners location first.",
                    unit=self.lot_id.display_name,
                    loaners=loaners.display_name,
                    where=where[:1].location_id.display_name
                    or self.env._("no stock location"),
                )
            )
        self._aftersales_write(
            {
                "out_picking_id": self._aftersales_picking(
                    warehouse.aftersales_loan_out_type_id, quant.location_id
                ).id
            }
        )
        return self.action_view_picking()

    def action_take_back(self):
        """A return picking of the unit from the customer to Loaners."""
        self.ensure_one()
        if self.state != "lent" or self.in_picking_id:
            raise UserError(
                self.env._(
                    "Loan %(loan)s is not out with the customer, or its return "
                    "%(picking)s already exists.",
                    loan=self.display_name,
                    picking=self.in_picking_id.name or "",
                )
            )
        warehouse = self.env["stock.warehouse"]._aftersales_main(self.company_id)
        self._aftersales_write(
            {
                "in_picking_id": self._aftersales_picking(
                    warehouse.aftersales_loan_in_type_id,
                    self.env.ref("stock.stock_location_customers"),
                ).id
            }
        )
        return self.action_view_picking()

    def action_cancel(self):
        for loan in self:
            if loan.state != "draft":
                raise UserError(
                    self.env._(
                        "Loan %(loan)s is already out; take the unit back instead.",
                        loan=loan.display_name,
                    )
                )
            loan.out_picking_id.filtered(
                lambda p: p.state not in ("done", "cancel")
            ).action_cancel()
        self._aftersales_write({"state": "cancelled"})

    def action_view_picking(self):
        self.ensure_one()
        picking = self.in_picking_id or self.out_picking_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": picking.id,
            "view_mode": "form",
        }

    def _aftersales_picking(self, picking_type, source):
        dest = picking_type.default_location_dest_id
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "partner_id": self.partner_id.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "origin": self.ticket_id.number,
                "aftersales_ticket_id": self.ticket_id.id,
                "company_id": self.company_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "product_id": self.product_id.id,
                            "product_uom_qty": 1,
                            "product_uom": self.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                            "company_id": self.company_id.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids._aftersales_set_lot(self.lot_id)
        return picking

    def _aftersales_sync_state(self):
        """Follow the pickings: delivered → lent, returned → returned."""
        today = fields.Date.context_today(self)
        for loan in self:
            if loan.in_picking_id.state == "done" and loan.state != "returned":
                loan._aftersales_write({"state": "returned", "date_back": today})
            elif loan.out_picking_id.state == "done" and loan.state == "draft":
                loan._aftersales_write({"state": "lent", "date_out": today})
