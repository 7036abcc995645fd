from odoo import api, fields, models

from ..rules import gating


class AftersalesVisit(models.Model):
    _inherit = "aftersales.visit"

    aftersales_job_type_ids = fields.Many2many(
        comodel_name="aftersales.safety.job.type",
        string="Job Types",
        compute="_compute_aftersales_job_type_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="From the unit's product category and the request type; decide "
        "the certificates, checklists and lockout/tagout this visit needs.",
    )
    aftersales_lockout_required = fields.Boolean(
        string="Lockout/Tagout Required",
        compute="_compute_aftersales_safety_needs",
    )
    aftersales_ppe = fields.Text(
        string="PPE", compute="_compute_aftersales_safety_needs"
    )
    aftersales_measures = fields.Text(
        string="Safety Measures", compute="_compute_aftersales_safety_needs"
    )
    aftersales_check_ids = fields.One2many(
        comodel_name="aftersales.safety.check",
        inverse_name="visit_id",
        string="Safety Checks",
    )
    aftersales_isolation_ids = fields.One2many(
        comodel_name="aftersales.safety.isolation",
        inverse_name="visit_id",
        string="Lockout/Tagout",
    )
    aftersales_stop_work_ids = fields.One2many(
        comodel_name="aftersales.safety.stop.work",
        inverse_name="visit_id",
        string="Stop-Work Records",
    )
    aftersales_safety_blockers = fields.Text(
        string="Before Work Can Start",
        compute="_compute_aftersales_safety_blockers",
    )
    aftersales_safety_override_reason = fields.Text(
        string="Safety Override Reason", readonly=True, copy=False
    )
    aftersales_safety_override_uid = fields.Many2one(
        comodel_name="res.users",
        string="Safety Override By",
        readonly=True,
        copy=False,
    )
    aftersales_safety_override_at = fields.Datetime(
        string="Safety Override At", readonly=True, copy=False
    )
    aftersales_safety_override_blockers = fields.Text(
        string="Overridden Blockers", readonly=True, copy=False
    )

    def _aftersales_protected_field_names(self):
        # Recorded by the dispatch wizard, which checks the safety officer.
        return super()._aftersales_protected_field_names() | {
            "aftersales_safety_override_reason",
            "aftersales_safety_override_uid",
            "aftersales_safety_override_at",
            "aftersales_safety_override_blockers",
        }

    def _aftersales_move_waived(self, user):
        """A safety officer's override recorded at dispatch still holds when
        the same lead technician is moved to another time; another
        technician is checked afresh."""
        waived = super()._aftersales_move_waived(user)
        if self.aftersales_safety_override_uid and user == self.user_id:
            waived |= {"safety"}
        return waived

    @api.depends(
        "ticket_id.aftersales_product_id.categ_id", "ticket_id.aftersales_request_type"
    )
    def _compute_aftersales_job_type_ids(self):
        JobType = self.env["aftersales.safety.job.type"]
        for visit in self:
            visit.aftersales_job_type_ids = (
                JobType._aftersales_for_ticket(visit.ticket_id)
                if visit.ticket_id
                else JobType
            )

    @api.depends(
        "aftersales_job_type_ids.lockout_required",
        "aftersales_job_type_ids.ppe",
        "aftersales_job_type_ids.measures",
    )
    def _compute_aftersales_safety_needs(self):
        for visit in self:
            job_types = visit.aftersales_job_type_ids
            visit.aftersales_lockout_required = any(
                job_types.mapped("lockout_required")
            )
            visit.aftersales_ppe = "\n".join(filter(None, job_types.mapped("ppe")))
            visit.aftersales_measures = "\n".join(
                filter(None, job_types.mapped("measures"))
            )

    @api.depends(
        "state",
        "aftersales_check_ids.signed_at",
        "aftersales_check_ids.result",
        "aftersales_isolation_ids.state",
        "aftersales_stop_work_ids.state",
    )
    def _compute_aftersales_safety_blockers(self):
        for visit in self:
            if visit.state in ("planned", "travelling", "on_site") and visit.id:
                reasons = visit._aftersales_safety_start_reasons()
                visit.aftersales_safety_blockers = "\n".join(reasons) or False
            else:
                visit.aftersales_safety_blockers = False

    # ------------------------------------------------------------------
    # Checklists
    # ------------------------------------------------------------------

    def _aftersales_safety_families(self, kind):
        """First versions of the checklists this visit needs, per kind."""
        self.ensure_one()
        field = "pre_template_ids" if kind == "pre" else "post_template_ids"
        templates = self.aftersales_job_type_ids[field]
        if not templates:
            templates = self.company_id[f"aftersales_safety_{kind}_template_id"]
        return templates.browse(
            list(dict.fromkeys(t._aftersales_family().id for t in templates))
        )

    def _aftersales_safety_checks(self, kind):
        """``gating.Check`` per required checklist: its latest check here."""
        self.ensure_one()
        result = []
        for family in self._aftersales_safety_families(kind):
            latest = self.aftersales_check_ids.filtered(
                lambda c, f=family: c.family_id == f
            ).sorted("id", reverse=True)[:1]
            result.append(
                gating.Check(
                    key=family.id,
                    exists=bool(latest),
                    signed=bool(latest.signed_at),
                    failed=latest.result == "blocked",
                )
            )
        return result

    def action_aftersales_pre_checks(self):
        return self._aftersales_open_checks("pre")

    def action_aftersales_post_checks(self):
        return self._aftersales_open_checks("post")

    def _aftersales_open_checks(self, kind):
        """Open this visit's checks of ``kind`` (pre/post), making the missing
        ones from the latest published version of each required checklist."""
        self.ensure_one()
        families = self._aftersales_safety_families(kind)
        missing = families - self.aftersales_check_ids.family_id
        if missing:
            self.env["aftersales.safety.check"]._aftersales_create_from_templates(
                self, missing
            )
        checks = self.aftersales_check_ids.filtered(lambda c: c.kind == kind)
        open_checks = checks.filtered(lambda c: not c.signed_at)
        if len(open_checks) == 1:
            return open_checks._aftersales_form_action()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Safety Checks"),
            "res_model": "aftersales.safety.check",
            "view_mode": "list,form",
            "domain": [("id", "in", checks.ids)],
            "context": {"create": False},
        }

    def action_aftersales_isolation(self):
        self.ensure_one()
        isolation = self.aftersales_isolation_ids.filtered(lambda i: not i.signed_at)[
            :1
        ] or self.env["aftersales.safety.isolation"].create(
            {"visit_id": self.id, "primary_user_id": self.user_id.id}
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "aftersales.safety.isolation",
            "res_id": isolation.id,
            "view_mode": "form",
        }

    def action_aftersales_stop_work(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Stop Work"),
            "res_model": "aftersales.safety.stop.work",
            "view_mode": "form",
            "target": "new",
            "context": {"default_visit_id": self.id},
        }

    # ------------------------------------------------------------------
    # Gating
    # ------------------------------------------------------------------

    def _aftersales_isolation_gating(self):
        isolations = self.aftersales_isolation_ids
        points = [p for i in isolations for p in i._aftersales_gating_points()]
        locks = [lock for i in isolations for lock in i._aftersales_gating_locks()]
        return points, locks

    def _aftersales_open_stop_count(self):
        return len(self.aftersales_stop_work_ids.filtered(lambda s: s.state == "open"))

    def _aftersales_safety_start_reasons(self):
        self.ensure_one()
        points, locks = self._aftersales_isolation_gating()
        codes = gating.start_work_blockers(
            checks=self._aftersales_safety_checks("pre"),
            lockout_required=self.aftersales_lockout_required,
            points=points,
            locks=locks,
            open_stops=self._aftersales_open_stop_count(),
        )
        return [self._aftersales_safety_reason(code, key) for code, key in codes]

    def _aftersales_safety_reason(self, code, key):
        Template = self.env["aftersales.safety.checklist.template"]
        Point = self.env["aftersales.safety.isolation.point"]
        Lock = self.env["aftersales.safety.isolation.lock"]
        messages = {
            gating.CHECK_MISSING: lambda: self.env._(
                "the %(checklist)s check is not done (Safety Checks)",
                checklist=Template.browse(key).name,
            ),
            gating.CHECK_UNSIGNED: lambda: self.env._(
                "the %(checklist)s check is not signed",
                checklist=Template.browse(key).name,
            ),
            gating.CHECK_FAILED: lambda: self.env._(
                "the %(checklist)s check failed on a blocking item: fix the "
                "hazard and record a new check (Correct)",
                checklist=Template.browse(key).name,
            ),
            gating.ISOLATION_MISSING: lambda: self.env._(
                "this job needs lockout/tagout: record the isolation points "
                "(Lockout/Tagout)"
            ),
            gating.POINT_NOT_APPLIED: lambda: self.env._(
                "isolation point %(point)s is not locked and tagged",
                point=Point.browse(key).equipment,
            ),
            gating.POINT_NOT_VERIFIED: lambda: self.env._(
                "isolation point %(point)s is not verified dead",
                point=Point.browse(key).equipment,
            ),
            gating.LOCK_NOT_APPLIED: lambda: self.env._(
                "%(user)s has not applied their personal lock",
                user=Lock.browse(key).user_id.name,
            ),
            gating.STOP_WORK_OPEN: lambda: self.env._(
                "work was stopped (%(count)s open stop-work record(s)); a "
                "safety officer must resolve it",
                count=key,
            ),
            gating.POINT_NOT_RELEASED: lambda: self.env._(
                "the lock on %(point)s is still on: %(user)s, who applied it, "
                "removes it",
                point=Point.browse(key).equipment,
                user=Point.browse(key).applied_uid.name,
            ),
            gating.LOCK_NOT_REMOVED: lambda: self.env._(
                "%(user)s's personal lock is still on",
                user=Lock.browse(key).user_id.name,
            ),
        }
        return messages[code]()

    def _aftersales_start_work_blockers(self):
        return super()._aftersales_start_work_blockers() + (
            self._aftersales_safety_start_reasons()
        )

    def _aftersales_done_blockers(self):
        points, locks = self._aftersales_isolation_gating()
        codes = gating.close_blockers(
            points,
            locks,
            open_stops=self._aftersales_open_stop_count(),
        )
        return super()._aftersales_done_blockers() + [
            self._aftersales_safety_reason(code, key) for code, key in codes
        ]

    def _aftersales_sign_blockers(self):
        reasons = super()._aftersales_sign_blockers()
        Template = self.env["aftersales.safety.checklist.template"]
        for check in self._aftersales_safety_checks("post"):
            name = Template.browse(check.key).name
            if not check.exists or not check.signed:
                reasons.append(
                    self.env._(
                        "the post-job check %(checklist)s is not signed (site "
                        "safe, guards back, energy restored, customer informed)",
                        checklist=name,
                    )
                )
            elif check.failed:
                reasons.append(
                    self.env._(
                        "the post-job check %(checklist)s failed on a blocking "
                        "item: make the site safe and record a new check",
                        checklist=name,
                    )
                )
        return reasons
