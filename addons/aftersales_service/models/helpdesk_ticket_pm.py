from odoo import fields, models
from odoo.exceptions import UserError

from .aftersales_pm import PERFORMERS

CHECK_RESULTS = [
    ("todo", "To Do"),
    ("done", "Done"),
    ("not_done", "Not Done"),
    ("finding", "Finding"),
]


class HelpdeskTicket(models.Model):
    """Preventive maintenance (保养) requests: the occurrence they were made
    for (once: a unique key) and the level's task list worked through at the
    visit."""

    _inherit = "helpdesk.ticket"

    aftersales_pm_due_id = fields.Many2one(
        comodel_name="aftersales.pm.due",
        string="Maintenance Due",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    aftersales_pm_due_date = fields.Date(
        string="Maintenance Due Date", related="aftersales_pm_due_id.due_date"
    )
    aftersales_pm_planned_date = fields.Date(
        string="Maintenance Planned On", related="aftersales_pm_due_id.planned_date"
    )
    aftersales_pm_window_end = fields.Date(
        string="Maintenance Window Ends", related="aftersales_pm_due_id.window_end"
    )
    aftersales_pm_overdue = fields.Boolean(
        string="Maintenance Overdue", related="aftersales_pm_due_id.overdue"
    )
    aftersales_pm_check_ids = fields.One2many(
        comodel_name="aftersales.pm.check",
        inverse_name="ticket_id",
        string="Maintenance Tasks",
    )
    aftersales_pm_finding_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        string="Raised From Maintenance",
        readonly=True,
        copy=False,
        help="The maintenance request whose finding raised this repair.",
    )

    _aftersales_pm_due_unique = models.Constraint(
        "unique(aftersales_pm_due_id)",
        "A maintenance occurrence gets one request only.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "aftersales_pm_due_id",
            "aftersales_pm_finding_ticket_id",
        }


class AftersalesPmCheck(models.Model):
    """One task of a maintenance request's list: done, not done, or a
    finding (which raises a repair request in one step)."""

    _name = "aftersales.pm.check"
    _description = "Maintenance Task Check"
    _order = "ticket_id, sequence, id"
    _check_company_auto = True

    ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    company_id = fields.Many2one(related="ticket_id.company_id", store=True)
    sequence = fields.Integer(default=10)
    task_id = fields.Many2one(comodel_name="aftersales.pm.task", readonly=True)
    task_type = fields.Selection(related="task_id.task_type")
    name = fields.Char(required=True)
    performer = fields.Selection(selection=PERFORMERS, string="Done By", readonly=True)
    result = fields.Selection(selection=CHECK_RESULTS, default="todo", required=True)
    note = fields.Char(string="Finding / Note")
    repair_ticket_id = fields.Many2one(
        comodel_name="helpdesk.ticket", string="Repair Request", readonly=True
    )

    def action_raise_repair(self):
        """A finding becomes a repair request on the same unit, in one step."""
        self.ensure_one()
        if self.repair_ticket_id:
            raise UserError(
                self.env._(
                    "Task %(task)s already raised request %(ticket)s.",
                    task=self.name,
                    ticket=self.repair_ticket_id.display_name,
                )
            )
        if not self.note:
            raise UserError(
                self.env._(
                    "Task %(task)s: describe the finding in Finding / Note "
                    "before raising a repair request.",
                    task=self.name,
                )
            )
        pm_ticket = self.ticket_id
        repair = (
            self.env["helpdesk.ticket"]
            .sudo()
            ._aftersales_create(
                [
                    {
                        "name": self.env._(
                            "Finding at maintenance: %(task)s", task=self.name
                        ),
                        "description": self.env._(
                            "<p>%(note)s</p><p>Found during %(ticket)s.</p>",
                            note=self.note,
                            ticket=pm_ticket.display_name,
                        ),
                        "team_id": pm_ticket.team_id.id,
                        "company_id": pm_ticket.company_id.id,
                        "partner_id": pm_ticket.partner_id.id,
                        "aftersales_lot_id": pm_ticket.aftersales_lot_id.id,
                        "aftersales_request_type": "repair",
                        "aftersales_pm_finding_ticket_id": pm_ticket.id,
                    }
                ]
            )
        )
        self.write({"result": "finding", "repair_ticket_id": repair.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": repair.id,
            "view_mode": "form",
        }
