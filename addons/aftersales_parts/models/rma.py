from collections import defaultdict
from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..rules import returns

DECISION_SELECTION = [
    ("refuse", "Refused by the Policy"),
    ("exchange", "Exchange"),
    ("credit", "Credit at a Discount"),
    ("swap", "Swap 1:1"),
    ("reimburse", "Reimburse"),
    ("repair", "Repair"),
    ("factory", "Return to the Factory"),
]
APPROVAL_SELECTION = [
    ("new", "Not Decided"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("refused", "Refused"),
]
# Facts the decision was taken on: changing one sends the application back.
DECISION_FACTS = {
    "product_id",
    "product_uom_qty",
    "partner_id",
    "aftersales_lot_id",
    "aftersales_reason_id",
    "aftersales_other_product",
    "aftersales_production_date",
}
# The return order's operation (rma's Replace / Repair / Refund) the decision
# asks for, when the desk did not choose one.
OPERATION_OF = {
    "exchange": "rma.rma_operation_replace",
    "swap": "rma.rma_operation_replace",
    "factory": "rma.rma_operation_replace",
    "repair": "rma.rma_operation_return",
    "credit": "rma.rma_operation_refund",
    "reimburse": "rma.rma_operation_refund",
}
DECISION_FIELDS = {
    "aftersales_policy_id",
    "aftersales_decision",
    "aftersales_decision_rule",
    "aftersales_decision_reason",
    "aftersales_credit_rate",
    "aftersales_accepted_qty",
    "aftersales_approval_level_id",
    "aftersales_approval_state",
    "aftersales_approver_id",
    "aftersales_decided_at",
}


class Rma(models.Model):
    """The return or exchange application (退换货申请): OCA's return order
    with the unit or batch, its production date, the reason, the promotion
    enjoyed and its gift to give back, the service request; the policy's
    decision, and the approval before goods move."""

    _name = "rma"
    _inherit = ["rma", "aftersales.protected.mixin"]

    aftersales_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Service Request",
        index="btree_not_null",
        check_company=True,
    )
    aftersales_lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Batch / Serial",
        index="btree_not_null",
        domain="[('product_id', '=', product_id)]",
        help="The batch (批号) or serial number of the goods returned.",
    )
    aftersales_production_date = fields.Date(
        string="Production Date",
        compute="_compute_aftersales_production_date",
        store=True,
        readonly=False,
    )
    aftersales_expiry_date = fields.Date(
        string="Expiry Date",
        compute="_compute_aftersales_expiry_date",
        help="The batch's expiry date (Odoo's expiration date when the "
        "product_expiry module is installed, otherwise production date plus "
        "the product's shelf life).",
    )
    aftersales_purchase_date = fields.Date(
        string="Purchase Date", help="When the customer bought the goods (进货日期)."
    )
    aftersales_reason_id = fields.Many2one(
        comodel_name="aftersales.return.reason", string="Return Reason"
    )
    aftersales_other_product = fields.Boolean(
        string="Wants Another Product",
        help="The customer asks for another product than the one returned.",
    )
    aftersales_promotion = fields.Char(
        string="Promotion Enjoyed", help="The promotion the customer had (促销政策)."
    )
    aftersales_gift_product_id = fields.Many2one(
        comodel_name="product.product",
        string="Gift to Give Back",
        help="The promotional gift that comes back with the goods.",
    )
    aftersales_gift_qty = fields.Float(string="Gift Quantity", digits="Product Unit")
    currency_id = fields.Many2one(related="company_id.currency_id")
    aftersales_value = fields.Monetary(
        string="Value",
        compute="_compute_aftersales_value",
        store=True,
        help="Quantity times the product's sales price: chooses the approver.",
    )
    # The policy's decision and the approval (protected: the actions write).
    aftersales_policy_id = fields.Many2one(
        comodel_name="aftersales.return.policy",
        string="Policy",
        readonly=True,
        copy=False,
    )
    aftersales_decision = fields.Selection(
        selection=DECISION_SELECTION,
        string="Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    aftersales_decision_rule = fields.Char(readonly=True, copy=False)
    aftersales_decision_reason = fields.Text(
        string="Decision Reason", readonly=True, copy=False
    )
    aftersales_credit_rate = fields.Float(
        string="Credit Rate (%)", readonly=True, copy=False
    )
    aftersales_accepted_qty = fields.Float(
        string="Within Quota", readonly=True, copy=False, digits="Product Unit"
    )
    aftersales_approval_level_id = fields.Many2one(
        comodel_name="aftersales.goodwill.level",
        string="Approval Level",
        readonly=True,
        copy=False,
    )
    aftersales_approval_state = fields.Selection(
        selection=APPROVAL_SELECTION,
        string="Approval",
        default="new",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    aftersales_approver_id = fields.Many2one(
        comodel_name="res.users", string="Approved By", readonly=True, copy=False
    )
    # What made this return order when it did not come from the desk.
    aftersales_sanbao_id = fields.Many2one(
        comodel_name="aftersales.sanbao",
        string="三包 Proposal",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    aftersales_recall_line_id = fields.Many2one(
        comodel_name="aftersales.recall.line",
        string="Recall Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    aftersales_decided_at = fields.Datetime(
        string="Decided At", readonly=True, copy=False
    )

    def _aftersales_protected_field_names(self):
        return (
            super()._aftersales_protected_field_names()
            | DECISION_FIELDS
            | {
                "aftersales_sanbao_id",
                "aftersales_recall_line_id",
            }
        )

    @api.depends("aftersales_lot_id")
    def _compute_aftersales_production_date(self):
        for rma in self:
            rma.aftersales_production_date = (
                rma.aftersales_lot_id.aftersales_production_date
                or rma.aftersales_production_date
            )

    @api.depends("aftersales_lot_id", "aftersales_production_date", "product_id")
    def _compute_aftersales_expiry_date(self):
        for rma in self:
            rma.aftersales_expiry_date = rma.aftersales_lot_id._aftersales_expiry_date(
                rma.aftersales_production_date, rma.product_id
            )

    @api.depends("product_id", "product_uom_qty")
    def _compute_aftersales_value(self):
        for rma in self:
            rma.aftersales_value = rma.product_uom_qty * rma.product_id.lst_price

    def write(self, vals):
        if DECISION_FACTS.intersection(vals):
            decided = self.filtered(lambda r: r.aftersales_approval_state != "new")
            moved = decided.filtered(lambda r: r.state != "draft")
            if moved:
                raise UserError(
                    self.env._(
                        "%(rma)s is confirmed: its product, quantity, batch and "
                        "reason are those approved. Cancel it and apply again.",
                        rma=moved[0].display_name,
                    )
                )
            result = super().write(vals)
            if decided:
                decided._aftersales_write(
                    {
                        "aftersales_approval_state": "new",
                        "aftersales_decision": False,
                        "aftersales_decision_rule": False,
                        "aftersales_decision_reason": False,
                        "aftersales_approval_level_id": False,
                        "aftersales_approver_id": False,
                        "aftersales_decided_at": False,
                    }
                )
            return result
        return super().write(vals)

    # ------------------------------------------------------------------
    # Deciding
    # ------------------------------------------------------------------
    def _aftersales_check_group(self, xmlid, what):
        if not self.env.user.has_group(xmlid):
            raise AccessError(
                self.env._(
                    "Only %(group)s may %(what)s.",
                    group=self.env.ref(xmlid).sudo().name,
                    what=what,
                )
            )

    def action_aftersales_decide(self):
        """Ask the company's policy: refused, direct (approved by the policy's
        rule), or waiting for the approver its value requires."""
        self._aftersales_check_group(
            "aftersales_service.group_aftersales_user",
            self.env._("decide a return application"),
        )
        todo = self.filtered(lambda r: r.state == "draft")
        if not todo:
            raise UserError(
                self.env._("Only draft return applications are decided again.")
            )
        missing = todo.filtered(
            lambda r: not (r.partner_id and r.product_id and r.aftersales_reason_id)
        )
        if missing:
            raise UserError(
                self.env._(
                    "%(rma)s: fill in the customer, the product and the return "
                    "reason before asking the policy.",
                    rma=missing[0].display_name,
                )
            )
        todo._aftersales_decide()
        return True

    def _aftersales_decide(self):
        """Decide the batch: a few queries whatever its size (policies,
        deliveries and quotas already used, grouped), the rule in Python, one
        write per distinct decision."""
        Policy = self.env["aftersales.return.policy"].sudo()
        policies = Policy.search([("company_id", "in", self.company_id.ids)])
        rule_policies = {}
        policy_of = {}
        for rma in self:
            policy = Policy._aftersales_policy_for(
                rma.company_id, rma.product_id, policies
            )
            policy_of[rma.id] = policy
            if policy and policy.id not in rule_policies:
                rule_policies[policy.id] = policy._aftersales_rule_policy()
        delivered, used = self._aftersales_quota_facts()
        applications = []
        for rma in self.sorted(lambda r: (r.date, r.id)):
            applications.append(
                returns.Application(
                    key=rma.id,
                    reason=rma.aftersales_reason_id.id,
                    product=rma.product_id.id,
                    quantity=rma.product_uom_qty,
                    value=rma.aftersales_value,
                    applied_on=rma.date.date(),
                    customer=rma.partner_id.commercial_partner_id.id,
                    expiry_date=rma.aftersales_expiry_date or None,
                    other_product=rma.aftersales_other_product,
                )
            )
        decisions = returns.decide_batch(
            applications,
            {
                rma_id: rule_policies.get(policy.id)
                for rma_id, policy in policy_of.items()
            },
            delivered,
            used,
        )
        now = fields.Datetime.now()
        operations = {
            outcome: self.env.ref(xmlid, raise_if_not_found=False)
            for outcome, xmlid in OPERATION_OF.items()
        }
        groups = defaultdict(lambda: self.browse())
        for rma in self:
            decision = decisions[rma.id]
            policy = policy_of[rma.id]
            vals = {
                "aftersales_policy_id": policy.id,
                "aftersales_decision": decision.outcome,
                "aftersales_decision_rule": decision.rule,
                "aftersales_decision_reason": rma._aftersales_word(policy, decision),
                "aftersales_credit_rate": decision.credit_rate * 100.0,
                "aftersales_accepted_qty": decision.accepted_quantity,
                "aftersales_approval_level_id": decision.approval_level or False,
                "aftersales_approval_state": (
                    "refused"
                    if decision.outcome == "refuse"
                    else "to_approve"
                    if decision.needs_approval
                    else "approved"
                ),
                "aftersales_approver_id": False,
                "aftersales_decided_at": now,
            }
            operation = operations.get(decision.outcome)
            if operation and not rma.operation_id:
                vals["operation_id"] = operation.id
            groups[tuple(sorted(vals.items()))] |= rma
        for key, rmas in groups.items():
            rmas._aftersales_write(dict(key))

    def _aftersales_quota_facts(self):
        """(customer, product, quarter start) -> quantity delivered to the
        customer in that quarter (done moves to a customer location, by
        delivery date), and -> breakage already reimbursed there (other
        applications of the quarter). Two grouped queries per batch."""
        delivered, used = defaultdict(float), defaultdict(float)
        if not self:
            return delivered, used
        days = [rma.date.date() for rma in self]
        start = datetime.combine(returns.quarter_start(min(days)), time.min)
        end = datetime.combine(returns.quarter_end(max(days)), time.max)
        products = self.product_id
        Move = self.env["stock.move"].sudo()
        rows = Move._read_group(
            [
                ("state", "=", "done"),
                ("product_id", "in", products.ids),
                ("location_dest_id.usage", "=", "customer"),
                ("location_id.usage", "!=", "customer"),
                ("date", ">=", start),
                ("date", "<=", end),
                ("picking_id.partner_id", "!=", False),
            ],
            ["picking_id", "product_id", "date:quarter"],
            ["product_uom_qty:sum"],
        )
        for picking, product, quarter, qty in rows:
            key = (
                picking.partner_id.commercial_partner_id.id,
                product.id,
                quarter.date() if isinstance(quarter, datetime) else quarter,
            )
            delivered[key] += qty
        rows = (
            self.env["rma"]
            .sudo()
            ._read_group(
                [
                    ("id", "not in", self.ids),
                    ("aftersales_decision", "=", "reimburse"),
                    ("aftersales_approval_state", "in", ("approved", "to_approve")),
                    ("product_id", "in", products.ids),
                    ("date", ">=", start),
                    ("date", "<=", end),
                ],
                ["partner_id", "product_id", "date:quarter"],
                ["aftersales_accepted_qty:sum"],
            )
        )
        for partner, product, quarter, qty in rows:
            key = (
                partner.commercial_partner_id.id,
                product.id,
                quarter.date() if isinstance(quarter, datetime) else quarter,
            )
            used[key] += qty
        return delivered, used

    def _aftersales_word(self, policy, decision):
        """Which rule of which policy decided, in words (like the ticket's
        coverage reason)."""
        facts = decision.facts
        if not policy:
            return self.env._(
                "No return policy of %(company)s covers %(product)s.",
                company=self.company_id.name,
                product=self.product_id.display_name,
            )
        texts = {
            returns.RULE_REASON: self.env._(
                "The policy does not accept the reason %(reason)s.",
                reason=self.aftersales_reason_id.name,
            ),
            returns.RULE_EXPIRY: self.env._(
                "Expiry window: returns only up to %(months)s months before "
                "expiry, that is until %(limit)s.",
                months=policy.expiry_months,
                limit=facts.get("expiry_limit"),
            ),
            returns.RULE_SWAP_LIST: self.env._("1:1 swap list: swapped directly."),
            returns.RULE_NOT_ON_SWAP_LIST: self.env._(
                "The product is not on the 1:1 swap list: exchanged with approval."
            ),
            returns.RULE_BREAKAGE_QUOTA: self.env._(
                "Breakage quota: %(qty)s of %(allowance)s units still "
                "reimbursable this quarter (%(rate)s %% of %(delivered)s delivered).",
                qty=self.product_uom_qty,
                allowance=round(facts.get("allowance", 0.0), 3),
                rate=policy.breakage_rate,
                delivered=facts.get("delivered", 0.0),
            ),
            returns.RULE_BREAKAGE_OVER: self.env._(
                "Breakage quota exceeded: only %(allowance)s units reimbursable "
                "this quarter (%(rate)s %% of %(delivered)s delivered, "
                "%(used)s used); the rest needs approval.",
                allowance=round(facts.get("allowance", 0.0), 3),
                rate=policy.breakage_rate,
                delivered=facts.get("delivered", 0.0),
                used=facts.get("used", 0.0),
            ),
            returns.RULE_DIRECT_LIMIT: self.env._(
                "Direct limit: up to %(limit)s units per product are swapped "
                "directly; above needs approval.",
                limit=facts.get("direct_max_units"),
            ),
            returns.RULE_EXCHANGE_SAME: self.env._("Exchange for the same product."),
            returns.RULE_CREDIT_DISCOUNT: self.env._(
                "Exchange for the same product only: another product is "
                "credited at %(rate)s %%.",
                rate=policy.credit_rate,
            ),
            returns.RULE_CREDIT: self.env._(
                "Credited at %(rate)s %%.", rate=policy.credit_rate
            ),
            returns.RULE_OUTCOME: self.env._("Reason accepted."),
        }
        return self.env._(
            "%(policy)s: %(rule)s", policy=policy.name, rule=texts[decision.rule]
        )

    # ------------------------------------------------------------------
    # Approving
    # ------------------------------------------------------------------
    def _aftersales_check_approver(self):
        user = self.env.user
        for rma in self:
            if rma.aftersales_approval_state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(rma)s is not waiting for approval: ask the policy first "
                        "(Decide).",
                        rma=rma.display_name,
                    )
                )
            level = rma.aftersales_approval_level_id.sudo()
            allowed = (
                level._aftersales_is_approver(user)
                if level
                else user.has_group("aftersales_service.group_aftersales_manager")
            )
            if not allowed:
                raise AccessError(
                    self.env._(
                        "%(rma)s is approved at the level %(level)s: you are "
                        "not one of its approvers.",
                        rma=rma.display_name,
                        level=level.name or self.env._("After-Sales Manager"),
                    )
                )

    def action_aftersales_approve(self):
        self._aftersales_check_approver()
        self._aftersales_write(
            {
                "aftersales_approval_state": "approved",
                "aftersales_approver_id": self.env.user.id,
            }
        )
        return True

    def action_aftersales_refuse(self):
        self._aftersales_check_approver()
        self._aftersales_write(
            {
                "aftersales_approval_state": "refused",
                "aftersales_approver_id": self.env.user.id,
            }
        )
        return True

    def _aftersales_check_approved(self):
        waiting = self.filtered(lambda r: r.aftersales_approval_state != "approved")
        if waiting:
            raise UserError(
                self.env._(
                    "%(rma)s is not approved: goods move only after the policy "
                    "or the approver accepted the application (Decide, then "
                    "Approve).",
                    rma=waiting[0].display_name,
                )
            )

    def action_confirm(self):
        self.filtered(lambda r: r.state == "draft")._aftersales_check_approved()
        return super().action_confirm()

    def _create_receipt(self):
        self._aftersales_check_approved()
        return super()._create_receipt()

    # ------------------------------------------------------------------
    # Refunding
    # ------------------------------------------------------------------
    def _prepare_refund_line_vals(self):
        """rma refunds the product's sales price: an application the policy
        credits at a discount (another product wanted) is refunded at the
        policy's credit rate."""
        vals = super()._prepare_refund_line_vals()
        if self.aftersales_decision == "credit":
            vals["price_unit"] = (
                vals["price_unit"] * self.aftersales_credit_rate / 100.0
            )
        return vals
