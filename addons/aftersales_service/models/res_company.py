from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import numbering


class ResCompany(models.Model):
    _inherit = "res.company"

    aftersales_warranty_start_event = fields.Selection(
        selection=[
            ("delivery", "Delivery to the customer"),
            ("invoice", "Customer invoice"),
        ],
        string="Warranty Starts At",
        default="delivery",
        required=True,
        help="Which event fills a serial number's warranty start automatically.",
    )
    aftersales_factory_grace_months = fields.Integer(
        string="Grace Months After Factory Date",
        default=3,
        help="Without proof of purchase the warranty starts this many months "
        "after the factory date.",
    )
    aftersales_repeat_repair_days = fields.Integer(
        string="Repeat Repair Window (days)",
        default=90,
        help="A repair of the same serial and component within this many days "
        "of a previous one is flagged as a repeat repair.",
    )
    aftersales_department_code = fields.Char(
        string="Default Department Code",
        default="SJ",
        help="Prefix of ticket numbers for teams without their own code.",
    )

    aftersales_sla_warning_hours = fields.Float(
        string="Deadline Warning (hours)",
        default=2.0,
        help="The assignee and the dispatcher are warned this many hours "
        "before a deadline.",
    )

    aftersales_pricing_method = fields.Selection(
        selection=[
            ("cost_plus", "Cost plus markup"),
            ("list_price", "Sales price of the product"),
        ],
        string="Part Pricing",
        default="cost_plus",
        required=True,
        help="How a part's unit price is proposed on a charge line; the fee "
        "schedule prices labour and travel.",
    )
    aftersales_quote_markup = fields.Float(
        string="Quote Markup (%)",
        default=40.0,
        help="Cost-plus pricing: unit price = cost x (1 + markup).",
    )
    aftersales_quote_threshold = fields.Monetary(
        string="Quote Needed Above",
        currency_field="currency_id",
        default=200.0,
        help="Paid work whose customer total is above this amount cannot be "
        "finished without the customer's approval of the quote.",
    )
    aftersales_handover_days = fields.Integer(
        string="Cash Handover Within (days)",
        default=3,
        help="Cash collected on site not registered by the accountant after "
        "this many days is flagged.",
    )

    _aftersales_markup_positive = models.Constraint(
        "CHECK(aftersales_quote_markup >= 0)", "The quote markup cannot be negative."
    )
    _aftersales_threshold_positive = models.Constraint(
        "CHECK(aftersales_quote_threshold >= 0)",
        "The quote threshold cannot be negative.",
    )
    _aftersales_handover_positive = models.Constraint(
        "CHECK(aftersales_handover_days >= 0)",
        "The cash handover delay cannot be negative.",
    )
    _aftersales_warning_positive = models.Constraint(
        "CHECK(aftersales_sla_warning_hours >= 0)",
        "The deadline warning lead time cannot be negative.",
    )
    _aftersales_grace_positive = models.Constraint(
        "CHECK(aftersales_factory_grace_months >= 0)",
        "The grace months after the factory date cannot be negative.",
    )
    _aftersales_repeat_days_positive = models.Constraint(
        "CHECK(aftersales_repeat_repair_days >= 0)",
        "The repeat repair window cannot be negative.",
    )

    @api.constrains("aftersales_department_code")
    def _check_aftersales_department_code(self):
        for company in self.filtered("aftersales_department_code"):
            try:
                numbering.check_code(company.aftersales_department_code)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Company %(company)s: the default department code %(code)s "
                        "must be 1 to 8 letters or digits, e.g. SJ.",
                        company=company.name,
                        code=company.aftersales_department_code,
                    )
                ) from error

    def write(self, vals):
        result = super().write(vals)
        if "aftersales_department_code" in vals:
            # Teams without a code of their own number with the new one.
            self.env["helpdesk.ticket.team"].sudo().search(
                [
                    ("company_id", "in", self.ids),
                    ("aftersales_department_code", "=", False),
                ]
            )._aftersales_sync_sequence()
        return result
