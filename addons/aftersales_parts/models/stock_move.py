from collections import defaultdict

from odoo import fields, models
from odoo.exceptions import LockError, UserError
from odoo.tools import float_compare

from odoo.addons.aftersales_service.models.aftersales_protected_mixin import (
    authorized,
)


class StockMove(models.Model):
    _inherit = "stock.move"

    aftersales_charge_line_id = fields.Many2one(
        comodel_name="aftersales.charge.line",
        string="Service Charge",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    aftersales_part_return_id = fields.Many2one(
        comodel_name="aftersales.part.return",
        string="Expected Return",
        index="btree_not_null",
        copy=False,
        readonly=True,
        ondelete="set null",
    )
    aftersales_part_return_ids = fields.One2many(
        comodel_name="aftersales.part.return",
        inverse_name="issue_move_id",
        string="Expected Returns",
        readonly=True,
    )

    def _action_done(self, cancel_backorder=False):
        self.filtered(
            lambda move: (
                move.picking_type_id.aftersales_kind == "issue"
                and move.state not in ("done", "cancel")
            )
        )._aftersales_check_available()
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves.filtered(lambda move: move.state == "done")._aftersales_after_done()
        return moves

    def _aftersales_register_delivered_units(self):
        """Loaner units and customers' units coming back from the workshop are
        not sales: they neither change owner nor start a warranty."""
        return super(
            StockMove,
            self.filtered(
                lambda move: (
                    move.picking_type_id.aftersales_kind
                    not in ("loan_out", "repair_out")
                )
            ),
        )._aftersales_register_delivered_units()

    # ------------------------------------------------------------------
    # Stock never negative, the last unit issued once
    # ------------------------------------------------------------------

    def _aftersales_check_available(self):
        """Refuse to issue more than is on hand in the source location unless
        the company allows negative stock. The quants are locked first, so two
        clerks issuing the last unit at once cannot both succeed."""
        moves = self.filtered(
            lambda move: (
                move.location_id.usage == "internal"
                and move.product_id.is_storable
                and not move.company_id.aftersales_parts_allow_negative
            )
        )
        if not moves:
            return
        Quant = self.env["stock.quant"].sudo()
        quants = Quant.search(
            [
                ("product_id", "in", moves.product_id.ids),
                ("location_id", "child_of", moves.location_id.ids),
            ]
        )
        try:
            quants.lock_for_update(allow_referencing=True)
        except LockError as error:
            raise UserError(
                self.env._(
                    "Someone else is issuing or moving %(part)s from %(location)s "
                    "right now. Wait a moment and validate again; the stock "
                    "will then be checked again.",
                    part=", ".join(moves.product_id.mapped("display_name")),
                    location=", ".join(moves.location_id.mapped("display_name")),
                )
            ) from error
        needed = defaultdict(float)
        for move in moves:
            needed[move.product_id, move.location_id] += (
                move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id, round=False
                )
            )
        for (product, location), quantity in needed.items():
            on_hand = sum(
                quants.filtered(
                    lambda quant, product=product, location=location: (
                        quant.product_id == product
                        and quant.location_id._child_of(location)
                    )
                ).mapped("quantity")
            )
            if (
                float_compare(
                    on_hand, quantity, precision_rounding=product.uom_id.rounding
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "Only %(on_hand)s %(unit)s of %(part)s on hand in "
                        "%(location)s, %(quantity)s to issue. Issue what is "
                        "there, issue from another location, or receive the "
                        "part first.",
                        on_hand=max(on_hand, 0.0),
                        unit=product.uom_id.name,
                        part=product.display_name,
                        location=location.display_name,
                        quantity=quantity,
                    )
                )

    # ------------------------------------------------------------------
    # After validation: charges, expected returns, loans
    # ------------------------------------------------------------------

    def _aftersales_after_done(self):
        issued = self.filtered(
            lambda move: (
                move.picking_type_id.aftersales_kind == "issue"
                and move.picking_id.aftersales_ticket_id
                and not move.origin_returned_move_id
                and move.location_dest_id.usage == "customer"
                and not move.aftersales_charge_line_id
            )
        )
        if issued:
            issued._aftersales_create_charges()
            issued._aftersales_expect_returns()
        returned = self.filtered(
            lambda move: move.origin_returned_move_id.aftersales_charge_line_id
        )
        if returned:
            returned._aftersales_reverse_charges()
        defective = self.filtered("aftersales_part_return_id")
        if defective:
            defective.aftersales_part_return_id._aftersales_received(defective)
        loans = self.picking_id.filtered(
            lambda picking: picking.aftersales_kind in ("loan_out", "loan_in")
        )
        if loans:
            self.env["aftersales.loan"].sudo().search(
                [
                    "|",
                    ("out_picking_id", "in", loans.ids),
                    ("in_picking_id", "in", loans.ids),
                ]
            )._aftersales_sync_state()

    def _aftersales_product_quantity(self):
        self.ensure_one()
        return self.product_uom._compute_quantity(
            self.quantity, self.product_id.uom_id, round=False
        )

    def _aftersales_create_charges(self):
        """One part charge per issued move, at the product's cost; the charge
        line prices it and finds who pays (the part's own component warranty,
        else the ticket's coverage). Done as superuser: the stock clerk who
        validated the issue need not manage charges."""
        vals_list = []
        for move in self:
            picking = move.picking_id
            vals_list.append(
                {
                    "ticket_id": picking.aftersales_ticket_id.id,
                    "visit_id": picking.aftersales_visit_id.id,
                    "charge_type": "part",
                    "product_id": move.product_id.id,
                    "quantity": move._aftersales_product_quantity(),
                    "unit_cost": move.product_id.with_company(
                        move.company_id
                    ).standard_price,
                    "date": fields.Date.context_today(move, move.date),
                }
            )
        # The stock decides these lines' part and quantity.
        with authorized("aftersales.charge.line"):
            lines = self.env["aftersales.charge.line"].sudo().create(vals_list)
        for move, line in zip(self, lines, strict=True):
            move.aftersales_charge_line_id = line

    def _aftersales_expect_returns(self):
        moves = self.filtered("product_id.aftersales_return_required")
        if moves:
            self.env["aftersales.part.return"].sudo()._aftersales_create_for(moves)

    def _aftersales_reverse_charges(self):
        """Parts brought back by a return of the issue come off the ticket's
        charges, unless they are already invoiced."""
        for move in self:
            line = move.origin_returned_move_id.aftersales_charge_line_id.sudo()
            if line.invoiced:
                raise UserError(
                    self.env._(
                        "%(part)s of %(issue)s is already charged on invoice "
                        "%(invoice)s, so its return cannot take it off the "
                        "charges. Cancel or credit the invoice first, then "
                        "validate the return again.",
                        part=move.product_id.display_name,
                        issue=move.origin_returned_move_id.picking_id.name,
                        invoice=line.invoice_id.name,
                    )
                )
            remaining = line.quantity - move._aftersales_product_quantity()
            with authorized("aftersales.charge.line"):
                if (
                    float_compare(
                        remaining,
                        0,
                        precision_rounding=move.product_id.uom_id.rounding,
                    )
                    <= 0
                ):
                    line.unlink()
                else:
                    line.quantity = remaining
            open_returns = (
                move.origin_returned_move_id.sudo().aftersales_part_return_ids.filtered(
                    lambda r: r.state == "expected"
                )
            )
            open_returns._aftersales_cancel_for_returned(move)

    def _aftersales_set_lot(self, lot, owner=None):
        """Reserve exactly the serial ``lot`` (one unit) on these moves."""
        for move in self:
            move.move_line_ids.unlink()
            move.move_line_ids = [
                fields.Command.create(
                    {
                        "product_id": move.product_id.id,
                        "lot_id": lot.id,
                        "lot_name": lot.name,
                        "quantity": 1,
                        "product_uom_id": move.product_id.uom_id.id,
                        "location_id": move.location_id.id,
                        "location_dest_id": move.location_dest_id.id,
                        "owner_id": owner.id if owner else False,
                        "picking_id": move.picking_id.id,
                    }
                )
            ]
