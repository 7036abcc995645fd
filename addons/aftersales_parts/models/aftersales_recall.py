from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError

LINE_STATES = [
    ("pending", "To Collect"),
    ("notified", "Customer Notified"),
    ("collected", "Collected"),
    ("replaced", "Replaced"),
    ("refunded", "Refunded"),
]
SETTLED = ("collected", "replaced", "refunded")


class AftersalesRecall(models.Model):
    """A recall (召回) of batches or serials with a safety problem: which
    lots, which customers have them (done deliveries), their notice, and each
    unit collected, replaced or refunded until the recall is closed."""

    _name = "aftersales.recall"
    _description = "Recall"
    _inherit = ["mail.thread", "mail.activity.mixin", "aftersales.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    product_id = fields.Many2one(
        comodel_name="product.product", required=True, check_company=True
    )
    reason = fields.Text(string="Safety Problem", required=True, default="")
    lot_ids = fields.Many2many(
        comodel_name="stock.lot",
        string="Batches / Serials",
        domain="[('product_id', '=', product_id)]",
        help="The batches recalled; or leave empty and give a production date range.",
    )
    production_from = fields.Date(string="Produced From")
    production_to = fields.Date(string="Produced To")
    state = fields.Selection(
        selection=[("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.recall.line",
        inverse_name="recall_id",
        string="Units at Customers",
        readonly=True,
    )
    partner_count = fields.Integer(string="Customers", compute="_compute_counts")
    settled_count = fields.Integer(string="Settled", compute="_compute_counts")
    line_count = fields.Integer(string="Lines", compute="_compute_counts")

    _name_unique = models.Constraint(
        "unique(name, company_id)", "A recall number must be unique per company."
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {"state", "line_ids"}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("aftersales.recall") or "/"
                )
        return super().create(vals_list)

    @api.depends("line_ids.state", "line_ids.partner_id")
    def _compute_counts(self):
        for recall in self:
            recall.line_count = len(recall.line_ids)
            recall.partner_count = len(recall.line_ids.partner_id)
            recall.settled_count = len(
                recall.line_ids.filtered(lambda line: line.state in SETTLED)
            )

    def _aftersales_lots(self):
        self.ensure_one()
        if self.lot_ids:
            return self.lot_ids
        if not (self.production_from or self.production_to):
            raise UserError(
                self.env._(
                    "Recall %(recall)s: choose the batches or give a production "
                    "date range.",
                    recall=self.name,
                )
            )
        domain = [("product_id", "=", self.product_id.id)]
        if self.production_from:
            domain.append(("aftersales_production_date", ">=", self.production_from))
        if self.production_to:
            domain.append(("aftersales_production_date", "<=", self.production_to))
        return self.env["stock.lot"].search(domain)

    def action_find_customers(self):
        """Which customers have the lots: done moves from us to a customer
        location (less what came back), per lot and customer."""
        self._aftersales_check_manager()
        for recall in self:
            if recall.state == "closed":
                raise UserError(self.env._("Recall %s is closed.", recall.name))
            lots = recall._aftersales_lots()
            quantities = defaultdict(float)
            MoveLine = self.env["stock.move.line"].sudo()
            for sign, domain in (
                (
                    1,
                    [
                        ("location_dest_id.usage", "=", "customer"),
                        ("location_id.usage", "!=", "customer"),
                    ],
                ),
                (
                    -1,
                    [
                        ("location_id.usage", "=", "customer"),
                        ("location_dest_id.usage", "!=", "customer"),
                    ],
                ),
            ):
                for lot, picking, qty in MoveLine._read_group(
                    [("state", "=", "done"), ("lot_id", "in", lots.ids), *domain],
                    ["lot_id", "picking_id"],
                    ["quantity:sum"],
                ):
                    partner = picking.partner_id.commercial_partner_id
                    if partner:
                        quantities[(lot.id, partner.id)] += sign * qty
            known = {(line.lot_id.id, line.partner_id.id) for line in recall.line_ids}
            vals_list = [
                {
                    "recall_id": recall.id,
                    "lot_id": lot_id,
                    "partner_id": partner_id,
                    "quantity": qty,
                }
                for (lot_id, partner_id), qty in sorted(quantities.items())
                if qty > 0 and (lot_id, partner_id) not in known
            ]
            self.env["aftersales.recall.line"]._aftersales_create(vals_list)
            if recall.state == "draft":
                recall._aftersales_write({"state": "open"})
        return True

    def action_notify(self):
        """Send the recall notice to every customer not notified yet."""
        self._aftersales_check_manager()
        template = self.env.ref("aftersales_parts.mail_template_aftersales_recall")
        for recall in self:
            lines = recall.line_ids.filtered(lambda line: line.state == "pending")
            for partner in lines.partner_id:
                template.send_mail(
                    recall.id,
                    email_values={"recipient_ids": [(4, partner.id)]},
                )
            lines._aftersales_write({"state": "notified"})
        return True

    def action_close(self):
        self._aftersales_check_manager()
        for recall in self:
            open_lines = recall.line_ids.filtered(
                lambda line: line.state not in SETTLED
            )
            if open_lines:
                raise UserError(
                    self.env._(
                        "Recall %(recall)s: %(count)s units are neither collected, "
                        "replaced nor refunded (first: %(lot)s at %(partner)s).",
                        recall=recall.name,
                        count=len(open_lines),
                        lot=open_lines[0].lot_id.name,
                        partner=open_lines[0].partner_id.display_name,
                    )
                )
        self._aftersales_write({"state": "closed"})
        return True

    def _aftersales_check_manager(self):
        if not self.env.user.has_group("aftersales_service.group_aftersales_manager"):
            raise UserError(
                self.env._(
                    "Only an after-sales manager starts, notifies or closes a recall."
                )
            )


class AftersalesRecallLine(models.Model):
    """One lot at one customer under a recall, and what became of it."""

    _name = "aftersales.recall.line"
    _description = "Recall Line"
    _inherit = ["aftersales.protected.mixin"]
    _order = "recall_id, partner_id, id"
    _check_company_auto = True

    recall_id = fields.Many2one(
        comodel_name="aftersales.recall",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="recall_id.company_id", store=True, index=True)
    lot_id = fields.Many2one(
        comodel_name="stock.lot", string="Batch / Serial", required=True
    )
    partner_id = fields.Many2one(
        comodel_name="res.partner", string="Customer", required=True
    )
    quantity = fields.Float(digits="Product Unit")
    state = fields.Selection(
        selection=LINE_STATES, default="pending", required=True, readonly=True
    )
    rma_id = fields.Many2one(comodel_name="rma", string="Return Order", readonly=True)

    @api.depends("recall_id.name", "lot_id", "partner_id")
    def _compute_display_name(self):
        for line in self:
            line.display_name = " · ".join(
                name
                for name in (
                    line.recall_id.name,
                    line.lot_id.name,
                    line.partner_id.display_name,
                )
                if name
            )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "recall_id",
            "lot_id",
            "partner_id",
            "quantity",
            "state",
            "rma_id",
        }

    def _aftersales_settle(self, state):
        if not (
            self.env.user.has_group("stock.group_stock_user")
            or self.env.user.has_group("aftersales_service.group_aftersales_manager")
        ):
            raise UserError(
                self.env._("Only stock clerks and managers record recalled units.")
            )
        if self.recall_id.filtered(lambda r: r.state != "open"):
            raise UserError(
                self.env._("Only the units of an open recall are recorded.")
            )
        self._aftersales_write({"state": state})
        return True

    def action_collected(self):
        self._aftersales_settle("collected")
        self.filtered(lambda line: not line.rma_id)._aftersales_create_rma()
        return True

    def _aftersales_create_rma(self):
        """The return order of the collected units, through rma's own create:
        approved by the recall (its manager started it), linked both ways.
        Stock clerks record collections but do not create return orders:
        the action that checked the rule creates it."""
        if not self:
            return self.env["rma"]
        vals_list = [
            {
                "partner_id": line.partner_id.id,
                "company_id": line.company_id.id,
                "product_id": line.recall_id.product_id.id,
                "product_uom_qty": line.quantity or 1.0,
                "aftersales_lot_id": line.lot_id.id,
                "origin": line.recall_id.name,
                "aftersales_recall_line_id": line.id,
                "aftersales_decision_reason": self.env._(
                    "Recall %(recall)s: %(problem)s",
                    recall=line.recall_id.name,
                    problem=line.recall_id.reason,
                ),
                "aftersales_accepted_qty": line.quantity,
                "aftersales_approval_state": "approved",
                "aftersales_approver_id": line.recall_id.create_uid.id,
                "aftersales_decided_at": fields.Datetime.now(),
            }
            for line in self
        ]
        rmas = self.env["rma"].sudo()._aftersales_create(vals_list)
        for line, rma in zip(self, rmas, strict=True):
            line._aftersales_write({"rma_id": rma.id})
        return rmas.sudo(False)

    def action_replaced(self):
        return self._aftersales_settle("replaced")

    def action_refunded(self):
        return self._aftersales_settle("refunded")
