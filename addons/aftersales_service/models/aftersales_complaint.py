from odoo import api, fields, models
from odoo.exceptions import ValidationError

SEVERITIES = [("minor", "Minor"), ("major", "Major"), ("serious", "Serious")]


class AftersalesComplaintCategory(models.Model):
    """What a complaint is about; routing rules and penalties follow it."""

    _name = "aftersales.complaint.category"
    _description = "Complaint Category"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company", help="Empty: used in every company."
    )
    description = fields.Text(translate=True)
    route_ids = fields.One2many(
        comodel_name="aftersales.complaint.route",
        inverse_name="category_id",
        string="Routing Rules",
    )


class AftersalesComplaintRoute(models.Model):
    """Sends the complaints of a category to a responsible department and
    owner (DOMAIN.md, Complaints: product quality to engineering/production,
    packaging or transport damage to warehouse/logistics, staff to
    service/sales management, dealers to sales)."""

    _name = "aftersales.complaint.route"
    _description = "Complaint Routing Rule"
    _order = "sequence, id"
    _rec_name = "category_id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category_id = fields.Many2one(
        comodel_name="aftersales.complaint.category",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Empty: the rule applies in every company.",
    )
    department_id = fields.Many2one(
        comodel_name="hr.department",
        string="Responsible Department",
        required=True,
        check_company=True,
        help="Its manager receives the reminders (催办) of overdue cases; its "
        "members see and handle the cases.",
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Owner",
        help="Who handles the case; empty: the department's manager.",
    )

    @api.model
    def _aftersales_find(self, category, company):
        """The rule of ``category`` for ``company``: a rule of that company
        before a rule for every company, then by sequence."""
        return self._aftersales_find_many([(category, company)])[(category, company)]

    @api.model
    def _aftersales_find_many(self, keys):
        """``{(category, company): rule}`` for every pair of ``keys``, read
        in one query (computes and routing call it once per batch)."""
        keys = set(keys)
        routes = self.sudo().search(
            [
                ("category_id", "in", list({c.id for c, _co in keys if c})),
                ("company_id", "in", [*{co.id for _c, co in keys}, False]),
            ]
        )
        routes = routes.sorted(lambda r: (not r.company_id, r.sequence, r.id))
        result = {}
        for category, company in keys:
            result[(category, company)] = next(
                (
                    route
                    for route in routes
                    if route.category_id == category
                    and (not route.company_id or route.company_id == company)
                ),
                self.browse(),
            )
        return result


class AftersalesComplaintPenalty(models.Model):
    """The penalty table (客户投诉经济处罚准则): points and an amount per
    category and severity, charged to the responsible person or unit and
    counted in the appraisal."""

    _name = "aftersales.complaint.penalty"
    _description = "Complaint Penalty"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Empty: the penalty applies in every company.",
    )
    category_id = fields.Many2one(
        comodel_name="aftersales.complaint.category",
        check_company=True,
        help="Empty: any category.",
    )
    severity = fields.Selection(selection=SEVERITIES, required=True)
    points = fields.Float(help="Appraisal points deducted (基点).")
    amount = fields.Monetary(
        currency_field="currency_id", help="Amount deducted (罚扣), per case."
    )
    currency_id = fields.Many2one(
        comodel_name="res.currency",
        default=lambda self: self.env.company.currency_id,
        required=True,
    )
    note = fields.Text()

    _aftersales_points_positive = models.Constraint(
        "CHECK(points >= 0 AND amount >= 0)",
        "Penalty points and amounts cannot be negative.",
    )

    @api.model
    def _aftersales_find(self, category, severity, company):
        """The penalty for ``category`` and ``severity``: one for the
        category before one for any category, the company's before one for
        every company, then by sequence."""
        key = (category, severity, company)
        return self._aftersales_find_many([key])[key]

    @api.model
    def _aftersales_find_many(self, keys):
        """``{(category, severity, company): penalty}`` for every key, read
        in one query (the penalty compute calls it once per batch)."""
        keys = set(keys)
        result = dict.fromkeys(keys, self.browse())
        wanted = [key for key in keys if key[1]]
        if not wanted:
            return result
        penalties = self.search(
            [
                ("severity", "in", list({severity for _c, severity, _co in wanted})),
                (
                    "category_id",
                    "in",
                    [*{c.id for c, _s, _co in wanted if c}, False],
                ),
                ("company_id", "in", [*{co.id for _c, _s, co in wanted}, False]),
            ]
        ).sorted(lambda p: (not p.category_id, not p.company_id, p.sequence, p.id))
        for category, severity, company in wanted:
            result[(category, severity, company)] = next(
                (
                    penalty
                    for penalty in penalties
                    if penalty.severity == severity
                    and (not penalty.category_id or penalty.category_id == category)
                    and (not penalty.company_id or penalty.company_id == company)
                ),
                self.browse(),
            )
        return result


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_complaint_reminder_hours = fields.Float(
        string="Complaint Reminder Interval (hours)",
        default=24.0,
        help="An overdue complaint's responsible department manager is "
        "reminded (催办) again after this many hours, never sooner.",
    )
    aftersales_complaint_repeat_days = fields.Integer(
        string="Repeat Complaint Window (days)",
        default=90,
        help="A complaint by the same customer or about the same unit within "
        "this many days of another is a priority case.",
    )

    @api.constrains("aftersales_complaint_reminder_hours")
    def _check_aftersales_complaint_reminder_hours(self):
        for company in self:
            if company.aftersales_complaint_reminder_hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Complaint reminder interval: enter more than 0 hours "
                        "(it is %(hours)s).",
                        hours=company.aftersales_complaint_reminder_hours,
                    )
                )


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    aftersales_complaint_reminder_hours = fields.Float(
        related="company_id.aftersales_complaint_reminder_hours", readonly=False
    )
    aftersales_complaint_repeat_days = fields.Integer(
        related="company_id.aftersales_complaint_repeat_days", readonly=False
    )
