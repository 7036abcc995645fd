from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models

from ..rules import dispatch
from .aftersales_fee import SKILL_LEVELS


class AftersalesTechnician(models.Model):
    """What the dispatcher needs to know about a field technician: skills
    (product categories), zones, working calendar; and the skill level that
    prices their labour."""

    _name = "aftersales.technician"
    _description = "Field Technician"
    _order = "name, id"
    _check_company_auto = True

    user_id = fields.Many2one(
        comodel_name="res.users",
        required=True,
        ondelete="cascade",
        domain="[('share', '=', False)]",
        index=True,
    )
    name = fields.Char(related="user_id.name", store=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        comodel_name="res.company",
        required=True,
        default=lambda self: self.env.company,
    )
    categ_ids = fields.Many2many(
        comodel_name="product.category",
        string="Skills",
        help="Product categories this technician services (sub-categories included).",
    )
    zone_ids = fields.Many2many(
        comodel_name="aftersales.service.zone",
        string="Zones",
        check_company=True,
        help="Zones this technician covers. Empty: every zone.",
    )
    skill_level = fields.Selection(
        selection=SKILL_LEVELS,
        help="Prices this technician's labour: the labour fee of this level "
        "applies to the visits they lead (else the fee without a level).",
    )
    calendar_id = fields.Many2one(
        comodel_name="resource.calendar",
        string="Working Hours",
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
    )
    phone = fields.Char(related="user_id.partner_id.phone")
    visit_count = fields.Integer(compute="_compute_visit_count")

    _aftersales_user_unique = models.Constraint(
        "UNIQUE(user_id, company_id)",
        "A user has one technician profile per company.",
    )

    def _compute_visit_count(self):
        counts = dict(
            self.env["aftersales.visit"]._read_group(
                [("user_id", "in", self.user_id.ids)],
                groupby=["user_id"],
                aggregates=["__count"],
            )
        )
        for technician in self:
            technician.visit_count = counts.get(technician.user_id, 0)

    def action_view_visits(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.aftersales_visit_action"
        )
        action["domain"] = [
            "|",
            ("user_id", "=", self.user_id.id),
            ("helper_ids", "in", self.user_id.ids),
        ]
        return action

    # ------------------------------------------------------------------
    # Dispatch
    # ------------------------------------------------------------------

    def _aftersales_dispatch_blockers(
        self, ticket, start, end, visit=None, waived=frozenset()
    ):
        """Extension point: ``{technician id: [reasons they may not be sent]}``.

        Here: another visit at the same time, of any team: the search runs as
        superuser so a visit the dispatcher may not read still counts, but
        its number is only shown when the dispatcher may read it.
        ``aftersales_safety`` adds certificates and training. ``waived`` names
        the kinds of reason an authorised person waived for this dispatch
        (recorded on the visit by the wizard that checked who waived them):
        an explicit argument, never a context key."""
        visits_sudo = self.env["aftersales.visit"].sudo()
        overlapping_sudo = visits_sudo.search(
            [
                ("id", "!=", visit.id if visit else False),
                ("state", "not in", ("cancelled", "done")),
                ("planned_start", "<", end),
                ("planned_end", ">", start),
                "|",
                ("user_id", "in", self.user_id.ids),
                ("helper_ids", "in", self.user_id.ids),
            ]
        )
        # What the user may read, also when called from a (sudo) compute.
        readable = overlapping_sudo.with_env(self.env(su=False))._filtered_access(
            "read"
        )
        blockers = {technician.id: [] for technician in self}
        for technician in self:
            for other in overlapping_sudo:
                if technician.user_id not in other.user_id | other.helper_ids:
                    continue
                times = {
                    "start": other._aftersales_local(other.planned_start),
                    "end": other._aftersales_local(other.planned_end),
                }
                if other.id in readable.ids:
                    reason = self.env._(
                        "Already on visit %(visit)s from %(start)s to %(end)s.",
                        visit=other.name,
                        **times,
                    )
                else:
                    reason = self.env._(
                        "Already on a visit of another team from %(start)s to %(end)s.",
                        **times,
                    )
                blockers[technician.id].append(reason)
        return blockers

    def _aftersales_blocker_lines(
        self, ticket, start, end, visit=None, waived=frozenset()
    ):
        """The reasons these technicians may not be sent, one line each
        ("name: reason"), as the dispatch wizard and a directly created visit
        both show them."""
        blockers = self._aftersales_dispatch_blockers(
            ticket, start, end, visit=visit, waived=waived
        )
        return [
            f"{technician.name}: {reason}"
            for technician in self
            for reason in blockers.get(technician.id, [])
        ]

    def _aftersales_candidates(self, ticket, start, end, visit=None):
        """``dispatch.Candidate`` per technician for this ticket and time."""
        blockers = self._aftersales_dispatch_blockers(ticket, start, end, visit=visit)
        loads = self._aftersales_day_loads(start)
        categ = ticket.aftersales_product_id.categ_id
        candidates = []
        hours = (end - start).total_seconds() / 3600
        for technician in self:
            skilled = bool(
                categ
                and technician.categ_ids
                and any(
                    categ.parent_path.startswith(skill.parent_path)
                    for skill in technician.categ_ids
                )
            )
            in_zone = not technician.zone_ids or (
                ticket.aftersales_zone_id in technician.zone_ids
            )
            calendar = technician.calendar_id
            available = (
                not calendar
                or calendar.get_work_hours_count(start, end, compute_leaves=True)
                >= hours - 0.01
            )
            candidates.append(
                dispatch.Candidate(
                    key=technician.id,
                    name=technician.name or "",
                    skilled=skilled,
                    in_zone=in_zone,
                    available=available,
                    load=loads.get(technician.user_id.id, 0),
                    blockers=tuple(blockers.get(technician.id, ())),
                )
            )
        return dispatch.rank(candidates)

    def _aftersales_day_loads(self, start):
        """Visits each technician has on the (local) day of ``start``."""
        tz = pytz.timezone(self.env.user.tz or "UTC")
        local_day = pytz.utc.localize(start).astimezone(tz).date()
        day_start = tz.localize(datetime.combine(local_day, time.min))
        bounds = [
            day_start.astimezone(pytz.utc).replace(tzinfo=None),
            (day_start + timedelta(days=1)).astimezone(pytz.utc).replace(tzinfo=None),
        ]
        # Load counts every team's visits (numbers only, nothing shown).
        visits_sudo = (
            self.env["aftersales.visit"]
            .sudo()
            .search(
                [
                    ("state", "!=", "cancelled"),
                    ("planned_start", ">=", bounds[0]),
                    ("planned_start", "<", bounds[1]),
                ]
            )
        )
        loads = {}
        for visit in visits_sudo:
            for user in visit.user_id | visit.helper_ids:
                loads[user.id] = loads.get(user.id, 0) + 1
        return loads

    @api.model
    def _aftersales_score(self, candidate):
        return dispatch.score(candidate)
