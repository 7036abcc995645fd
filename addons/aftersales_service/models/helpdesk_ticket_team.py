from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import numbering


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    aftersales_department_code = fields.Char(
        string="Department Code",
        help="Prefix of this team's ticket numbers: CODE-YYMM-NN, restarting "
        "every month. Empty: the company's default department code.",
    )
    aftersales_calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        check_company=True,
        help="Calendar of working-hour deadlines (public holidays are its "
        "leaves). Empty: the company's working hours.",
    )
    aftersales_dispatcher_id = fields.Many2one(
        comodel_name="res.users",
        string="Dispatcher",
        domain="[('share', '=', False)]",
        help="Warned with the assignee before a deadline.",
    )
    aftersales_manager_id = fields.Many2one(
        comodel_name="res.users",
        string="Service Manager",
        domain="[('share', '=', False)]",
        help="Receives breached deadlines. Empty: the team leader.",
    )
    aftersales_analytic_account_id = fields.Many2one(
        comodel_name="account.analytic.account",
        string="Analytic Account",
        check_company=True,
        help="Invoices of this team's paid repairs are booked on it.",
    )
    aftersales_sequence_id = fields.Many2one(
        comodel_name="ir.sequence",
        string="Ticket Numbering",
        copy=False,
        readonly=True,
    )

    @api.constrains("aftersales_department_code")
    def _check_aftersales_department_code(self):
        for team in self.filtered("aftersales_department_code"):
            try:
                numbering.check_code(team.aftersales_department_code)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s: the department code %(code)s must be 1 to 8 "
                        "letters or digits, e.g. SJ.",
                        team=team.name,
                        code=team.aftersales_department_code,
                    )
                ) from error

    def write(self, vals):
        result = super().write(vals)
        if "aftersales_calendar_id" in vals:
            # Open tickets of the team follow its new working hours.
            self.env["helpdesk.ticket"].search(
                [("team_id", "in", self.ids), ("closed", "=", False)]
            )._aftersales_sync_deadlines()
        return result

    def _aftersales_escalation_user(self):
        self.ensure_one()
        return self.aftersales_manager_id or self.user_id

    def _aftersales_code(self):
        self.ensure_one()
        return (
            self.aftersales_department_code
            or (self.company_id or self.env.company).aftersales_department_code
        )

    def _aftersales_next_number(self, day):
        """The next CODE-YYMM-NN number of this team for ``day``.

        Each team has its own monthly-range sequence; its prefix follows the
        team's code, or the company's default code when the team has none.
        """
        self.ensure_one()
        prefix = numbering.sequence_prefix(self._aftersales_code())
        sequence = self.aftersales_sequence_id.sudo()
        if not sequence:
            sequence = sequence.create(
                {
                    "name": self.env._("Tickets of team %(team)s", team=self.name),
                    "prefix": prefix,
                    "padding": 2,
                    "use_date_range": True,
                    "aftersales_monthly_range": True,
                    "company_id": self.company_id.id,
                    "implementation": "standard",
                }
            )
            self.sudo().aftersales_sequence_id = sequence
        elif sequence.prefix != prefix:
            sequence.prefix = prefix
        return sequence.next_by_id(sequence_date=day)
