from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class AftersalesDispatch(models.TransientModel):
    """Send technicians to a ticket: candidates ranked by skill, zone, load and
    working hours, with the reasons any of them may not go."""

    _name = "aftersales.dispatch"
    _description = "Dispatch Technicians"

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", required=True, readonly=True
    )
    planned_start = fields.Datetime(
        required=True, default=lambda self: self._default_start()
    )
    duration = fields.Float(string="Hours", required=True, default=2.0)
    planned_end = fields.Datetime(compute="_compute_planned_end")
    candidate_ids = fields.One2many(
        comodel_name="aftersales.dispatch.candidate",
        inverse_name="dispatch_id",
        compute="_compute_candidate_ids",
        store=True,
        readonly=True,
    )
    technician_id = fields.Many2one(
        comodel_name="aftersales.technician",
        string="Lead Technician",
        required=True,
        domain="[('company_id', '=', company_id)]",
    )
    helper_ids = fields.Many2many(
        comodel_name="aftersales.technician",
        string="Helpers",
        domain="[('company_id', '=', company_id), ('id', '!=', technician_id)]",
    )
    company_id = fields.Many2one(related="ticket_id.company_id")
    note = fields.Text(string="Instructions")

    @api.model
    def _default_start(self):
        """The next full hour."""
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        return now + timedelta(hours=1)

    @api.depends("planned_start", "duration")
    def _compute_planned_end(self):
        for wizard in self:
            wizard.planned_end = (
                fields.Datetime.add(
                    wizard.planned_start, minutes=int(wizard.duration * 60)
                )
                if wizard.planned_start
                else False
            )

    @api.depends("ticket_id", "planned_start", "duration")
    def _compute_candidate_ids(self):
        for wizard in self:
            commands = [Command.clear()]
            if wizard.ticket_id and wizard.planned_start and wizard.duration > 0:
                technicians = self.env["aftersales.technician"].search(
                    [("company_id", "=", wizard.ticket_id.company_id.id)]
                )
                ranked = technicians._aftersales_candidates(
                    wizard.ticket_id, wizard.planned_start, wizard.planned_end
                )
                for position, candidate in enumerate(ranked, start=1):
                    commands.append(
                        Command.create(
                            {
                                "rank": position,
                                "technician_id": candidate.key,
                                "score": technicians._aftersales_score(candidate),
                                "skilled": candidate.skilled,
                                "in_zone": candidate.in_zone,
                                "available": candidate.available,
                                "load": candidate.load,
                                "blockers": "\n".join(candidate.blockers),
                            }
                        )
                    )
            wizard.candidate_ids = commands

    def _aftersales_check(self):
        self.ensure_one()
        if self.duration <= 0:
            raise UserError(self.env._("The visit must last more than 0 hours."))
        team = self.technician_id | self.helper_ids
        lines = team._aftersales_blocker_lines(
            self.ticket_id,
            self.planned_start,
            self.planned_end,
            waived=self._aftersales_waived(),
        )
        if lines:
            raise UserError(
                self.env._(
                    "These technicians cannot be sent:\n%(lines)s\nChoose someone "
                    "else or another time.",
                    lines="\n".join(lines),
                )
            )

    def _aftersales_waived(self):
        """Kinds of blocker an authorised user waived (``aftersales_safety``:
        the safety officer's override); checked and recorded here."""
        self.ensure_one()
        return frozenset()

    def _aftersales_visit_values(self):
        return {
            "ticket_id": self.ticket_id.id,
            "user_id": self.technician_id.user_id.id,
            "helper_ids": [Command.set(self.helper_ids.user_id.ids)],
            "planned_start": self.planned_start,
            "planned_end": self.planned_end,
            "diagnosis": self.note or False,
        }

    def action_dispatch(self):
        self.ensure_one()
        self._aftersales_check()
        # Checked above, overrides recorded: the visit is created as dispatched.
        visit = self.env["aftersales.visit"]._aftersales_create(
            [self._aftersales_visit_values()]
        )
        if not self.ticket_id.user_id:
            self.ticket_id.user_id = self.technician_id.user_id
        return visit._aftersales_form_action()
