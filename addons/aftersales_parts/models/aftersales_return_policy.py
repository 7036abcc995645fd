from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import returns

OUTCOME_SELECTION = [
    ("exchange", "Exchange (same product)"),
    ("credit", "Credit at the policy's rate"),
    ("swap", "Swap 1:1"),
    ("reimburse", "Reimburse within the quarterly quota"),
    ("repair", "Repair"),
    ("factory", "Return to the factory"),
]


class AftersalesReturnReason(models.Model):
    """Why goods come back (漏罐, 玻璃破损, 包装破损, 质量问题; a dealer's
    resaleable, transport-damaged, misused or faulty units)."""

    _name = "aftersales.return.reason"
    _description = "Return Reason"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class AftersalesReturnPolicy(models.Model):
    """A company's rules for returns and exchanges of a product category:
    the reasons it accepts and what each leads to, the expiry window, exchange
    or credit at a discount, the 1:1 swap list, the quotas and who approves."""

    _name = "aftersales.return.policy"
    _description = "Return Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(
        default=10, help="The first policy that matches a product applies."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Product Categories",
        help="Categories (and their subcategories) the policy covers; empty: all.",
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.return.policy.line",
        inverse_name="policy_id",
        string="Accepted Reasons",
        copy=True,
    )
    expiry_months = fields.Integer(
        string="Months Before Expiry",
        default=3,
        help="Returns and exchanges only up to this many months before the "
        "batch's expiry date; 0: no expiry window.",
    )
    exchange_same_only = fields.Boolean(
        string="Exchange Same Product Only",
        default=True,
        help="An exchange is for the same product; another product is "
        "credited at the credit rate.",
    )
    credit_rate = fields.Float(
        string="Credit Rate (%)",
        default=80.0,
        help="Share of the value credited when the goods are not exchanged "
        "for the same product (gifts given back are not discounted).",
    )
    swap_product_ids = fields.Many2many(
        comodel_name="product.product",
        string="1:1 Swap List",
        help="Products swapped 1:1 for a reason that swaps (leaking cans); "
        "empty: any product.",
    )
    breakage_rate = fields.Float(
        string="Breakage Quota (%)",
        default=0.2,
        digits=(16, 3),
        help="Breakage reimbursed per calendar quarter up to this share of "
        "the customer's delivered quantity of the product (by delivery date).",
    )
    sanbao_threshold = fields.Integer(
        string="三包: Repeat Repairs Before Replacement",
        default=2,
        help="A unit in warranty repaired again this many times for the same "
        "component is proposed for replacement or refund; 0: never.",
    )
    approval_ids = fields.One2many(
        comodel_name="aftersales.return.approval",
        inverse_name="policy_id",
        string="Approval by Value",
        copy=True,
    )

    _aftersales_rates_valid = models.Constraint(
        "CHECK(credit_rate >= 0 AND credit_rate <= 100 AND breakage_rate >= 0 "
        "AND breakage_rate <= 100 AND expiry_months >= 0 AND sanbao_threshold >= 0)",
        "Rates are between 0 and 100 %, months and thresholds are not negative.",
    )

    def _aftersales_matches(self, product):
        self.ensure_one()
        if self.company_id != product.company_id and product.company_id:
            return False
        if not self.categ_ids:
            return True
        path = product.categ_id.parent_path or ""
        return any(path.startswith(categ.parent_path) for categ in self.categ_ids)

    @api.model
    def _aftersales_policy_for(self, company, product, policies=None):
        """The first active policy of ``company`` covering ``product``."""
        if policies is None:
            policies = self.search([("company_id", "=", company.id)])
        for policy in policies:
            if policy.company_id == company and policy._aftersales_matches(product):
                return policy
        return self.browse()

    def _aftersales_rule_policy(self):
        """The policy as the pure rule sees it."""
        self.ensure_one()
        return returns.Policy(
            key=self.id,
            reasons={
                line.reason_id.id: returns.ReasonRule(
                    line.outcome, line.direct_max_units
                )
                for line in self.line_ids
            },
            expiry_months=self.expiry_months,
            exchange_same_only=self.exchange_same_only,
            credit_rate=self.credit_rate / 100.0,
            swap_products=frozenset(self.swap_product_ids.ids),
            breakage_rate=self.breakage_rate / 100.0,
            approval_tiers=tuple(
                (tier.max_value or None, tier.level_id.id) for tier in self.approval_ids
            ),
        )


class AftersalesReturnPolicyLine(models.Model):
    """One accepted reason of a policy and what it leads to."""

    _name = "aftersales.return.policy.line"
    _description = "Return Policy Reason"
    _order = "policy_id, id"

    policy_id = fields.Many2one(
        comodel_name="aftersales.return.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    reason_id = fields.Many2one(
        comodel_name="aftersales.return.reason", required=True, ondelete="restrict"
    )
    outcome = fields.Selection(
        selection=OUTCOME_SELECTION, required=True, default="exchange"
    )
    direct_max_units = fields.Float(
        string="Direct Up To (Units)",
        help="Units per product variant one application may take without "
        "approval (damaged packaging: 15); 0: no limit.",
    )

    _aftersales_reason_unique = models.Constraint(
        "UNIQUE(policy_id, reason_id)", "A policy lists each reason once."
    )
    _aftersales_units_positive = models.Constraint(
        "CHECK(direct_max_units >= 0)", "A direct limit cannot be negative."
    )


class AftersalesReturnApproval(models.Model):
    """Who approves an application up to which value (the goodwill approval
    levels)."""

    _name = "aftersales.return.approval"
    _description = "Return Approval by Value"
    _order = "policy_id, max_value, id"

    policy_id = fields.Many2one(
        comodel_name="aftersales.return.policy",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="policy_id.company_id", store=True)
    currency_id = fields.Many2one(related="policy_id.currency_id")
    max_value = fields.Monetary(
        string="Up To Value", help="Applications up to this value; 0: no limit."
    )
    level_id = fields.Many2one(
        comodel_name="aftersales.goodwill.level",
        string="Approval Level",
        required=True,
        ondelete="restrict",
    )

    @api.constrains("max_value")
    def _check_max_value(self):
        for tier in self:
            if tier.max_value < 0:
                raise ValidationError(
                    self.env._("Approval by value: 'Up To Value' cannot be negative.")
                )
