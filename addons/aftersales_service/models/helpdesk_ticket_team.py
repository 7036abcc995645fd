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
        help="The company's sequence of this team's department code, shared "
        "with every team of the company using the same code.",
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

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams._aftersales_sync_sequence()
        return teams

    def write(self, vals):
        result = super().write(vals)
        if {"aftersales_department_code", "company_id"} & set(vals):
            self._aftersales_sync_sequence()
        if "aftersales_calendar_id" in vals:
            # Open tickets of the team follow its new working hours.
            self.env["helpdesk.ticket"].search(
                [("team_id", "in", self.ids), ("closed", "=", False)]
            )._aftersales_sync_deadlines()
        return result

    def _aftersales_escalation_user(self):
        self.ensure_one()
        return self.aftersales_manager_id or self.user_id

    def _aftersales_code(self, company=None):
        self.ensure_one()
        return (
            self.aftersales_department_code
            or (
                self.company_id or company or self.env.company
            ).aftersales_department_code
        )

    def _aftersales_sync_sequence(self):
        """Point each team at its company's sequence of its code, created
        with its monthly ranges before any ticket needs it."""
        keys = {
            team: (team.company_id or self.env.company, team._aftersales_code())
            for team in self.sudo()
        }
        keys = {
            team: (company, numbering.check_code(code))
            for team, (company, code) in keys.items()
            if code
        }
        sequences = self.env["ir.sequence"]._aftersales_ticket_sequences(
            set(keys.values())
        )
        for team, key in keys.items():
            if team.aftersales_sequence_id != sequences[key]:
                team.aftersales_sequence_id = sequences[key]

    def _aftersales_next_numbers(self, day, count, company=None):
        """The next ``count`` CODE-YYMM-NN numbers of this team for ``day``.

        Numbers come from one sequence per company and department code (the
        team's code, or the company's default code when the team has none),
        so teams sharing a code never give the same number twice.
        """
        self.ensure_one()
        company = self.company_id or company or self.env.company
        code = numbering.check_code(self._aftersales_code(company))
        sequence = self.aftersales_sequence_id.sudo()
        if (
            not sequence
            or sequence.company_id != company
            or sequence.aftersales_ticket_code != code
        ):
            sequence = self.env["ir.sequence"]._aftersales_ticket_sequences(
                {(company, code)}
            )[(company, code)]
        return sequence._aftersales_next_numbers(day, count)

    def _aftersales_next_number(self, day, company=None):
        """The next CODE-YYMM-NN number of this team for ``day``."""
        return self._aftersales_next_numbers(day, 1, company=company)[0]
