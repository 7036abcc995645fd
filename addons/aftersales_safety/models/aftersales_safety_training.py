from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class AftersalesSafetyTraining(models.Model):
    """A safety training session: topic, trainer, date, hours and each
    attendee's result. Signed by the trainer or the safety officer; then
    locked and chained. A passed, signed session keeps its attendees
    dispatchable for the company's training interval."""

    _name = "aftersales.safety.training"
    _description = "Safety Training"
    _inherit = ["aftersales.signed.mixin", "mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Topic", required=True)
    trainer = fields.Char(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    hours = fields.Float(required=True, default=1.0)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    attendee_ids = fields.One2many(
        comodel_name="aftersales.safety.training.attendee",
        inverse_name="training_id",
        string="Attendees",
    )
    content = fields.Text(string="Content Covered")
    correction_of_id = fields.Many2one(
        comodel_name="aftersales.safety.training",
        string="Corrects",
        readonly=True,
        copy=False,
    )

    @api.constrains("hours")
    def _check_hours(self):
        for training in self:
            if training.hours <= 0:
                raise ValidationError(
                    self.env._(
                        "Training %(topic)s: the hours must be more than 0.",
                        topic=training.name,
                    )
                )

    def _aftersales_check_can_sign(self):
        self.ensure_one()
        undecided = self.attendee_ids.filtered(lambda a: not a.result)
        if not self.attendee_ids or undecided:
            raise UserError(
                self.env._(
                    "Training %(topic)s: record every attendee's result before "
                    "signing.",
                    topic=self.name,
                )
            )

    def action_sign(self):
        self._aftersales_sign("approved")
        return True

    def _aftersales_correction_values(self):
        return self.copy_data(
            {
                "attendee_ids": [
                    fields.Command.create(
                        {"employee_id": a.employee_id.id, "result": a.result}
                    )
                    for a in self.attendee_ids
                ],
            }
        )[0]

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(
            topic=self.name,
            trainer=self.trainer,
            date=fields.Date.to_string(self.date),
            hours=self.hours,
            content=self.content or "",
            correction_of=self.correction_of_id.id,
            attendees=[
                {"id": a.id, "employee": a.employee_id.id, "result": a.result}
                for a in self.attendee_ids
            ],
        )
        return content


class AftersalesSafetyTrainingAttendee(models.Model):
    _name = "aftersales.safety.training.attendee"
    _description = "Safety Training Attendee"
    _inherit = ["aftersales.signed.line.mixin"]
    _order = "id"
    _aftersales_parent_field = "training_id"
    _check_company_auto = True

    training_id = fields.Many2one(
        comodel_name="aftersales.safety.training",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(
        related="training_id.company_id", store=True, index=True, precompute=True
    )
    employee_id = fields.Many2one(
        comodel_name="hr.employee", required=True, check_company=True, index=True
    )
    date = fields.Date(related="training_id.date", store=True)
    result = fields.Selection(
        selection=[("passed", "Passed"), ("failed", "Failed"), ("absent", "Absent")]
    )

    _aftersales_attendee_unique = models.Constraint(
        "UNIQUE(training_id, employee_id)",
        "An employee attends a training once.",
    )
