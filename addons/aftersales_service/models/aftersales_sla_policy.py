from odoo import fields, models

from ..rules import sla
from .helpdesk_ticket import REQUEST_TYPES

FAULT_LEVELS = [("general", "General"), ("major", "Major")]
ZONE_TYPES = [
    ("city", "City"),
    ("suburb", "Suburb"),
    ("regional", "Within 100 km"),
    ("remote", "Beyond 100 km"),
]
CONTRACT_LEVELS = [("standard", "Standard"), ("priority", "Priority")]
CUSTOMER_ORIGINS = [
    (sla.ORIGIN_DOMESTIC, "Domestic"),
    (sla.ORIGIN_OVERSEAS, "Overseas"),
]


class AftersalesSlaPolicy(models.Model):
    """Deadlines that apply to requests matching its conditions.

    An empty condition matches any request; the most specific matching policy
    wins, then the lowest sequence (``rules/sla.py``)."""

    _name = "aftersales.sla.policy"
    _description = "Service Deadline Policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        default=lambda self: self.env.company,
        help="Empty: the policy applies in every company.",
    )
    team_id = fields.Many2one(
        comodel_name="helpdesk.ticket.team",
        check_company=True,
        help="Empty: any team.",
    )
    zone_type = fields.Selection(
        selection=ZONE_TYPES, help="Empty: any zone, or no zone on the request."
    )
    fault_level = fields.Selection(selection=FAULT_LEVELS, help="Empty: any level.")
    contract_level = fields.Selection(
        selection=CONTRACT_LEVELS,
        help="Empty: with or without contract. Set: only requests under a "
        "contract of this service level.",
    )
    request_type = fields.Selection(
        selection=REQUEST_TYPES,
        help="Empty: any request type. Set: only requests of this type; a "
        "policy for the type beats every policy without one.",
    )
    customer_origin = fields.Selection(
        selection=CUSTOMER_ORIGINS,
        string="Customer",
        help="Empty: any customer. Domestic: the customer's country is the "
        "company's (or unknown); overseas: another country.",
    )
    target_ids = fields.One2many(
        comodel_name="aftersales.sla.target",
        inverse_name="policy_id",
        string="Targets",
        copy=True,
    )
    note = fields.Text(help="Where the figures come from.")

    def _aftersales_criteria(self):
        return [
            sla.PolicyCriteria(
                key=policy.id,
                sequence=policy.sequence,
                team=policy.team_id.id or None,
                zone_type=policy.zone_type or None,
                fault_level=policy.fault_level or None,
                contract_level=policy.contract_level or None,
                request_type=policy.request_type or None,
                customer_origin=policy.customer_origin or None,
            )
            for policy in self
        ]
