from odoo import fields, models


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
