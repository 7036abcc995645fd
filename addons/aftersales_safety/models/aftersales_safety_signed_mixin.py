from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import chain

SIGN_MEANINGS = [
    ("performed", "Performed"),
    ("verified", "Verified"),
    ("approved", "Approved"),
]
# Fields Odoo may still write on a signed record (attachments posted on its
# chatter, followers); everything else is evidence.
SIGNED_WRITABLE = {"message_main_attachment_id", "message_follower_ids"}


class AftersalesSafetySignedMixin(models.AbstractModel):
    """A safety record that locks when signed and joins its model's hash chain.

    Signed: no write, no unlink, for anyone (the superuser included); its
    attachments cannot be removed; a correction is a new record pointing to
    the old one. Each signature stores the SHA-256 of the record's canonical
    content chained to the previous signed record of the same model and
    company (``rules/chain.py``)."""

    _name = "aftersales.safety.signed.mixin"
    _description = "Signed Safety Record"

    signed_at = fields.Datetime(readonly=True, copy=False, index=True)
    signed_uid = fields.Many2one(
        comodel_name="res.users", string="Signed By", readonly=True, copy=False
    )
    sign_meaning = fields.Selection(
        selection=SIGN_MEANINGS,
        string="Signature Meaning",
        readonly=True,
        copy=False,
    )
    signer_certificates = fields.Text(
        string="Signer's Certificates",
        readonly=True,
        copy=False,
        help="The signer's certificates and their validity at the time of signing.",
    )
    chain_sequence = fields.Integer(readonly=True, copy=False, index=True)
    chain_hash = fields.Char(string="Hash", readonly=True, copy=False)
    chain_previous_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    is_locked = fields.Boolean(compute="_compute_is_locked")

    @api.depends("signed_at")
    def _compute_is_locked(self):
        for record in self:
            record.is_locked = bool(record.signed_at)

    # ------------------------------------------------------------------
    # Locking
    # ------------------------------------------------------------------

    def write(self, vals):
        if set(vals) - SIGNED_WRITABLE:
            self._aftersales_check_not_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed(self):
        self._aftersales_check_not_locked()

    def _aftersales_check_not_locked(self):
        # Read from the database, not the cache: what counts is what was signed.
        ids = tuple(i for i in self.ids if isinstance(i, int))
        if not ids:
            return
        self.flush_recordset(["signed_at"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s AND signed_at IS NOT NULL LIMIT 1",
                SQL.identifier(self._table),
                ids,
            )
        )
        row = self.env.cr.fetchone()
        if row:
            record = self.browse(row[0])
            raise UserError(
                self.env._(
                    "%(record)s was signed on %(date)s and is locked: nobody, "
                    "administrators included, can change or delete it or its "
                    "attachments. Record a correction as a new record that "
                    "refers to it.",
                    record=record.display_name,
                    date=fields.Datetime.to_string(record.signed_at),
                )
            )

    # ------------------------------------------------------------------
    # Signing and the hash chain
    # ------------------------------------------------------------------

    def _aftersales_chain_content(self):
        """The record's evidence as plain values (overridden per model)."""
        self.ensure_one()
        return {
            "model": self._name,
            "id": self.id,
            "signed_at": fields.Datetime.to_string(self.signed_at),
            "signed_uid": self.signed_uid.id,
            "sign_meaning": self.sign_meaning,
            "signer_certificates": self.signer_certificates or "",
        }

    def _aftersales_chain_domain(self):
        self.ensure_one()
        return [
            ("chain_sequence", "!=", False),
            ("company_id", "=", self.company_id.id),
        ]

    def _aftersales_sign(self, meaning="performed"):
        """Sign: record the signer, server time, meaning and the signer's
        certificate validity; then hash and chain. Locks the record."""
        for record in self:
            record._aftersales_check_not_locked()
            record._aftersales_check_can_sign()
            # Serialise signers of one model: the chain has no forks.
            self.env.cr.execute(
                SQL(
                    "LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE",
                    SQL.identifier(record._table),
                )
            )
            # The whole chain, whatever the signer may read.
            previous = record.sudo().search(
                record._aftersales_chain_domain(),
                order="chain_sequence desc",
                limit=1,
            )
            now = fields.Datetime.now()
            user = self.env.user
            employee = (
                user.employee_ids.filtered(
                    lambda e, r=record: e.company_id == r.company_id
                )[:1]
                or user.employee_ids[:1]
            )
            # Before signed_at is set: still writable.
            super(AftersalesSafetySignedMixin, record).write(
                {
                    "signed_at": now,
                    "signed_uid": user.id,
                    "sign_meaning": meaning,
                    "signer_certificates": employee._aftersales_certificate_summary(
                        now.date()
                    )
                    if employee
                    else self.env._("%(user)s has no employee file.", user=user.name),
                    "chain_sequence": (previous.chain_sequence or 0) + 1,
                    "chain_previous_hash": previous.chain_hash or "",
                }
            )
            # Hash what the database holds, as the verification will.
            self.env.flush_all()
            self.env.invalidate_all()
            content = chain.canonical(record._aftersales_chain_content())
            super(AftersalesSafetySignedMixin, record).write(
                {"chain_hash": chain.link_hash(record.chain_previous_hash, content)}
            )
            record._aftersales_after_sign()
        return True

    def _aftersales_check_can_sign(self):
        """Extension point: raise when the record is not complete."""
        self.ensure_one()

    def _aftersales_after_sign(self):
        """Extension point: what happens once signed."""
        self.ensure_one()

    @api.model
    def _aftersales_verify_chain(self, company):
        """``(number of records checked, first broken record or empty,
        reason)``."""
        self.env.flush_all()
        self.env.invalidate_all()
        records = self.with_context(active_test=False).search(
            [
                ("chain_sequence", "!=", False),
                ("company_id", "=", company.id),
            ],
            order="chain_sequence asc, id asc",
        )
        links = [
            chain.Link(
                key=record.id,
                stored_hash=record.chain_hash or "",
                stored_previous=record.chain_previous_hash or "",
                content=chain.canonical(record._aftersales_chain_content()),
            )
            for record in records
        ]
        broken = chain.first_broken(links)
        if broken is None:
            return len(records), self.browse(), False
        index, reason = broken
        return len(records), records[index], reason
