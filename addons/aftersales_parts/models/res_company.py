from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_parts_allow_negative = fields.Boolean(
        string="Allow Negative Parts Stock",
        help="Service parts issues may take the stock of a location below zero. "
        "Off: an issue of more than is on hand is refused.",
    )
    aftersales_parts_return_days = fields.Integer(
        string="Defective Part Due Back Within (days)",
        default=7,
        help="Old-for-new: the defective part of a 'return required' part is "
        "due back this many days after the issue.",
    )
    aftersales_parts_charge_days = fields.Integer(
        string="Charge Technician After (days overdue)",
        default=30,
        help="A defective part still not back this many days after its due date "
        "may be charged to the technician.",
    )
    aftersales_loaner_days = fields.Integer(
        string="Loaner Due Back Within (days)",
        default=14,
        help="A loaner unit lent to a customer is due back this many days later.",
    )
    aftersales_claim_days = fields.Integer(
        string="Supplier Claim Answer Within (days)",
        default=30,
        help="Deadline given to a supplier to answer a claim for defective parts.",
    )
    aftersales_abc_months = fields.Integer(
        string="A/B/C Window (months)",
        default=12,
        help="Consumption of this many months classifies the spare parts.",
    )
    aftersales_abc_a_percent = fields.Float(
        string="A Parts Share (%)",
        default=80.0,
        help="A parts make up this share of the consumption value.",
    )
    aftersales_abc_b_percent = fields.Float(
        string="B Parts Share (%)",
        default=15.0,
        help="B parts make up the next share of the consumption value; the rest "
        "are C parts.",
    )
    aftersales_abc_min_days = fields.Integer(
        string="Minimum Stock Covers (days)",
        default=30,
        help="Suggested minimum of A and B parts: this many days of average "
        "consumption.",
    )
    aftersales_abc_max_days = fields.Integer(
        string="Maximum Stock Covers (days)",
        default=60,
        help="Suggested maximum of A and B parts: this many days of average "
        "consumption.",
    )

    _aftersales_parts_days_positive = models.Constraint(
        "CHECK(aftersales_parts_return_days >= 0 AND aftersales_parts_charge_days >= 0"
        " AND aftersales_loaner_days >= 0 AND aftersales_claim_days >= 0"
        " AND aftersales_abc_min_days >= 0 AND aftersales_abc_max_days >= 0)",
        "Spare parts periods cannot be negative.",
    )
    _aftersales_abc_window_positive = models.Constraint(
        "CHECK(aftersales_abc_months > 0)",
        "The A/B/C window must be at least one month.",
    )
    _aftersales_abc_shares = models.Constraint(
        "CHECK(aftersales_abc_a_percent >= 0 AND aftersales_abc_b_percent >= 0"
        " AND aftersales_abc_a_percent + aftersales_abc_b_percent <= 100)",
        "The A and B shares cannot be negative and together cannot exceed 100 %.",
    )
