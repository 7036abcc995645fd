from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..rules import numbering


class HelpdeskTicketTeam(models.Model):
    _inherit = "helpdesk.ticket.team"

    aftersales_department_code = fields.Char(
        string="Department Code",
        default=lambda self: self.env.company.aftersales_department_code,
        help="Prefix of this team's ticket numbers: CODE-YYMM-NN, restarting "
        "every month.",
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

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams.filtered("aftersales_department_code")._aftersales_sync_sequence()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if "aftersales_department_code" in vals:
            self._aftersales_sync_sequence()
        return res

    def _aftersales_sync_sequence(self):
        """Give each team with a code its monthly-range ticket sequence."""
        for team in self.filtered("aftersales_department_code"):
            prefix = numbering.sequence_prefix(team.aftersales_department_code)
            if team.aftersales_sequence_id:
                team.aftersales_sequence_id.sudo().prefix = prefix
                continue
            team.aftersales_sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Tickets of team %(team)s", team=team.name),
                        "prefix": prefix,
                        "padding": 2,
                        "use_date_range": True,
                        "aftersales_monthly_range": True,
                        "company_id": team.company_id.id,
                        "implementation": "standard",
                    }
                )
            )

    def _aftersales_next_number(self, day):
        self.ensure_one()
        if not self.aftersales_sequence_id:
            self._aftersales_sync_sequence()
        return self.aftersales_sequence_id.sudo().next_by_id(sequence_date=day)
