from odoo import api, fields, models
from odoo.exceptions import UserError

from ..rules import gating

ENERGY_TYPES = [
    ("electrical", "Electrical"),
    ("hydraulic", "Hydraulic"),
    ("pneumatic", "Pneumatic"),
    ("mechanical", "Mechanical"),
    ("gravity", "Gravity / Raised Load"),
    ("thermal", "Thermal"),
    ("chemical", "Chemical / Gas"),
    ("other", "Other"),
]


class AftersalesSafetyIsolation(models.Model):
    """Lockout/tagout of one visit (OSHA 1910.147): every energy source
    isolated, locked, tagged, stored energy released and verified dead before
    work; each lock removed by the person who applied it. Group lockout: the
    primary authorised technician and each crew member's personal lock."""

    _name = "aftersales.safety.isolation"
    _description = "Lockout/Tagout Record"
    _inherit = [
        "aftersales.signed.mixin",
        "aftersales.safety.visit.record.mixin",
        "mail.thread",
    ]
    _order = "id desc"
    _check_company_auto = True

    primary_user_id = fields.Many2one(
        comodel_name="res.users",
        string="Primary Authorised Technician",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    point_ids = fields.One2many(
        comodel_name="aftersales.safety.isolation.point",
        inverse_name="isolation_id",
        string="Isolation Points",
    )
    lock_ids = fields.One2many(
        comodel_name="aftersales.safety.isolation.lock",
        inverse_name="isolation_id",
        string="Crew Locks",
    )
    state = fields.Selection(
        selection=[
            ("draft", "Preparing"),
            ("isolated", "Isolated"),
            ("verified", "Verified Dead"),
            ("released", "Released"),
        ],
        compute="_compute_state",
        store=True,
    )
    note = fields.Text()

    @api.depends("visit_id.name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = self.env._(
                "Lockout/tagout %(visit)s", visit=record.visit_id.name or ""
            )

    @api.depends(
        "point_ids.applied_at", "point_ids.verified_at", "point_ids.removed_at"
    )
    def _compute_state(self):
        for record in self:
            points = record.point_ids
            if points and all(points.mapped("removed_at")):
                record.state = "released"
            elif points and all(p.verified_at or p.removed_at for p in points):
                record.state = "verified"
            elif any(points.mapped("applied_at")):
                record.state = "isolated"
            else:
                record.state = "draft"

    def _aftersales_gating_points(self):
        return [
            gating.Point(
                key=point.id,
                applied=bool(point.applied_at),
                verified=bool(point.verified_at),
                released=bool(point.removed_at),
            )
            for point in self.point_ids
        ]

    def _aftersales_gating_locks(self):
        return [
            gating.Point(
                key=lock.id,
                applied=bool(lock.applied_at),
                verified=bool(lock.applied_at),
                released=bool(lock.removed_at),
            )
            for lock in self.lock_ids
        ]

    def _aftersales_check_can_sign(self):
        self.ensure_one()
        if not self.point_ids:
            raise UserError(
                self.env._(
                    "%(record)s has no isolation point.", record=self.display_name
                )
            )
        reasons = gating.close_blockers(
            self._aftersales_gating_points(), self._aftersales_gating_locks()
        )
        if reasons or not all(self.point_ids.mapped("removed_at")):
            raise UserError(
                self.env._(
                    "%(record)s: every lock must be removed before the record is "
                    "signed.",
                    record=self.display_name,
                )
            )

    def _aftersales_protected_field_names(self):
        # The company follows the visit (who sees it, which chain it joins).
        return super()._aftersales_protected_field_names() | {"company_id"}

    def action_sign(self):
        for record in self:
            if self.env.user != record.primary_user_id:
                raise UserError(
                    self.env._(
                        "%(record)s is signed by its primary authorised "
                        "technician, %(user)s.",
                        record=record.display_name,
                        user=record.primary_user_id.name,
                    )
                )
        self._aftersales_sign("performed")
        return True

    def _aftersales_chain_content(self):
        content = super()._aftersales_chain_content()
        content.update(
            visit=self.visit_id.name,
            primary=self.primary_user_id.id,
            note=self.note or "",
            points=[point._aftersales_chain_content() for point in self.point_ids],
            locks=[lock._aftersales_chain_content() for lock in self.lock_ids],
        )
        return content


class AftersalesSafetyIsolationPoint(models.Model):
    _name = "aftersales.safety.isolation.point"
    _description = "Isolation Point"
    _inherit = ["aftersales.signed.line.mixin", "aftersales.safety.lock.mixin"]
    _order = "sequence, id"
    _aftersales_parent_field = "isolation_id"
    _aftersales_forced_removal_field = "point_id"

    isolation_id = fields.Many2one(
        comodel_name="aftersales.safety.isolation",
        required=True,
        ondelete="cascade",
        index=True,
    )
    sequence = fields.Integer(default=10)
    equipment = fields.Char(required=True)
    energy_type = fields.Selection(
        selection=ENERGY_TYPES, required=True, default="electrical"
    )
    magnitude = fields.Char(help="E.g. 380 V, 16 MPa, 2 t raised load.")
    isolating_device = fields.Char(help="Isolator, valve, breaker, block.")
    lock_number = fields.Char()
    tag_number = fields.Char()
    applied_uid = fields.Many2one(
        comodel_name="res.users", string="Applied By", readonly=True
    )
    stored_energy_released = fields.Boolean(
        help="Capacitors discharged, pressure bled, loads lowered or blocked."
    )
    verification_method = fields.Char(
        help="How zero energy was proved: voltage test, try-start, gauge."
    )
    tester = fields.Char(help="The instrument used, with its number.")
    verified_uid = fields.Many2one(
        comodel_name="res.users", string="Verified Dead By", readonly=True
    )
    verified_at = fields.Datetime(string="Verified Dead At", readonly=True)

    # What identifies the isolation: fixed once the lock is on, so the record
    # always names the lock and tag that were really applied.
    APPLIED_FIELDS = (
        "equipment",
        "energy_type",
        "magnitude",
        "isolating_device",
        "lock_number",
        "tag_number",
    )

    def _aftersales_protected_field_names(self):
        # Who applied, verified and removed the lock, and a forced removal:
        # written by the point's actions and the forced-removal wizard only.
        return super()._aftersales_protected_field_names() | {
            "applied_uid",
            "verified_uid",
            "verified_at",
        }

    @api.ondelete(at_uninstall=False)
    def _unlink_except_applied(self):
        applied = self.filtered("applied_at")
        if applied:
            raise UserError(
                self.env._(
                    "Isolation point %(point)s was locked out: it is part of the "
                    "record and cannot be deleted.",
                    point=applied[0].equipment,
                )
            )

    def write(self, vals):
        changed = set(vals) & set(self.APPLIED_FIELDS)
        applied = self.filtered("applied_at")
        if changed and applied:
            raise UserError(
                self.env._(
                    "Isolation point %(point)s is locked out since %(date)s; its "
                    "equipment, energy, device, lock and tag cannot change. Remove "
                    "the lock first, or add a new point.",
                    point=applied[0].equipment,
                    date=applied[0].applied_at,
                )
            )
        return super().write(vals)

    def _aftersales_require(self, names, action):
        for point in self:
            missing = [
                point._fields[name]._description_string(self.env)
                for name in names
                if not point[name]
            ]
            if missing:
                raise UserError(
                    self.env._(
                        "Isolation point %(point)s: fill in %(fields)s before "
                        "%(action)s.",
                        point=point.equipment,
                        fields=", ".join(missing),
                        action=action,
                    )
                )

    def action_apply(self):
        self._aftersales_require(
            ["isolating_device", "lock_number", "tag_number"],
            self.env._("applying the lock"),
        )
        for point in self:
            if point.applied_at:
                raise UserError(
                    self.env._(
                        "Isolation point %(point)s is already locked by %(user)s.",
                        point=point.equipment,
                        user=point.applied_uid.name,
                    )
                )
        self._aftersales_write(
            {"applied_uid": self.env.uid, "applied_at": fields.Datetime.now()}
        )
        return True

    def action_verify(self):
        self._aftersales_require(
            ["applied_at", "stored_energy_released", "verification_method", "tester"],
            self.env._("verifying it dead"),
        )
        self._aftersales_write(
            {"verified_uid": self.env.uid, "verified_at": fields.Datetime.now()}
        )
        return True

    def _aftersales_lock_owner(self):
        return self.applied_uid

    def _aftersales_check_may_release(self):
        for point in self:
            if point.removed_at:
                raise UserError(
                    self.env._(
                        "The lock on %(point)s was already removed.",
                        point=point.equipment,
                    )
                )
            if not gating.may_remove(point.applied_uid.id or None, self.env.uid):
                raise UserError(
                    self.env._(
                        "Only %(user)s, who applied the lock on %(point)s, may "
                        "remove it. If they cannot be reached, a manager records "
                        "a forced removal.",
                        user=point.applied_uid.name or self.env._("its applier"),
                        point=point.equipment,
                    )
                )

    def _aftersales_chain_content(self):
        self.ensure_one()
        return {
            name: (
                self[name].id
                if self._fields[name].type == "many2one"
                else fields.Datetime.to_string(self[name])
                if self._fields[name].type == "datetime"
                else self[name]
            )
            for name in (
                "id",
                "sequence",
                "equipment",
                "energy_type",
                "magnitude",
                "isolating_device",
                "lock_number",
                "tag_number",
                "applied_uid",
                "applied_at",
                "stored_energy_released",
                "verification_method",
                "tester",
                "verified_uid",
                "verified_at",
                "removed_uid",
                "removed_at",
                "forced",
                "forced_approved_uid",
                "forced_reason",
                "forced_attempts",
            )
        }


class AftersalesSafetyIsolationLock(models.Model):
    """A crew member's personal lock on the group lockbox."""

    _name = "aftersales.safety.isolation.lock"
    _description = "Crew Personal Lock"
    _inherit = ["aftersales.signed.line.mixin", "aftersales.safety.lock.mixin"]
    _order = "id"
    _aftersales_parent_field = "isolation_id"
    _aftersales_forced_removal_field = "lock_id"

    isolation_id = fields.Many2one(
        comodel_name="aftersales.safety.isolation",
        required=True,
        ondelete="cascade",
        index=True,
    )
    user_id = fields.Many2one(
        comodel_name="res.users",
        string="Crew Member",
        required=True,
        domain="[('share', '=', False)]",
    )
    lock_number = fields.Char(required=True)

    def write(self, vals):
        applied = self.filtered("applied_at")
        if applied and {"user_id", "lock_number", "isolation_id"} & set(vals):
            raise UserError(
                self.env._(
                    "Personal lock %(lock)s is on since %(date)s: its owner and "
                    "number cannot change.",
                    lock=applied[0].lock_number,
                    date=applied[0].applied_at,
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_applied(self):
        applied = self.filtered("applied_at")
        if applied:
            raise UserError(
                self.env._(
                    "Personal lock %(lock)s was applied: it is part of the record "
                    "and cannot be deleted.",
                    lock=applied[0].lock_number,
                )
            )

    def _aftersales_check_own(self, action):
        for lock in self:
            if lock.user_id != self.env.user:
                raise UserError(
                    self.env._(
                        "Personal lock %(lock)s belongs to %(user)s: only they "
                        "%(action)s it. If they cannot be reached, a manager "
                        "records a forced removal.",
                        lock=lock.lock_number,
                        user=lock.user_id.name,
                        action=action,
                    )
                )

    def action_apply(self):
        self._aftersales_check_own(self.env._("apply"))
        self.filtered(lambda lock: not lock.applied_at)._aftersales_write(
            {"applied_at": fields.Datetime.now()}
        )
        return True

    def _aftersales_lock_owner(self):
        return self.user_id

    def _aftersales_check_may_release(self):
        self._aftersales_check_own(self.env._("remove"))
        for lock in self:
            if not lock.applied_at or lock.removed_at:
                raise UserError(
                    self.env._(
                        "Personal lock %(lock)s is not on.", lock=lock.lock_number
                    )
                )

    def _aftersales_chain_content(self):
        self.ensure_one()
        return {
            "id": self.id,
            "user": self.user_id.id,
            "lock_number": self.lock_number,
            "applied_at": fields.Datetime.to_string(self.applied_at),
            "removed_uid": self.removed_uid.id,
            "removed_at": fields.Datetime.to_string(self.removed_at),
            "forced": self.forced,
            "forced_approved_uid": self.forced_approved_uid.id,
            "forced_reason": self.forced_reason or "",
            "forced_attempts": self.forced_attempts or "",
        }
