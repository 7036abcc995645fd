import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..rules import chain
from .aftersales_protected_mixin import authorized

_logger = logging.getLogger(__name__)

SIGN_MEANINGS = [
    ("performed", "Performed"),
    ("verified", "Verified"),
    ("approved", "Approved"),
    ("accepted", "Accepted by the Customer"),
]
# What Odoo's chatter may still write on a signed record: messages, followers,
# activities and attachments posted on the chatter are not evidence.
SIGNED_WRITABLE = frozenset(
    {
        "message_main_attachment_id",
        "message_follower_ids",
        "message_ids",
        "message_partner_ids",
        "website_message_ids",
        "activity_ids",
    }
)
# What a hash covers: 1, the safety records signed before version 19.0.1.1.0
# of aftersales_service (their hashes stay verifiable as they were made);
# 2, also the company, the correction link and the evidence attachments.
CHAIN_FORMAT = 2
SIGNED_FIELDS = frozenset(
    {
        "chain_format",
        "signed_at",
        "signed_uid",
        "sign_meaning",
        "signer_certificates",
        "chain_sequence",
        "chain_hash",
        "chain_previous_hash",
        "signed_report_id",
        "correction_of_id",
    }
)


class AftersalesSignedMixin(models.AbstractModel):
    """A record that becomes evidence when signed: frozen, chained, printed once.

    - Signed means frozen: no write (but the chatter's) and no unlink, for
      anyone, the superuser included; its lines (``aftersales.signed.line.mixin``)
      and the attachments of its binary fields and of its lines' are frozen with
      it (``ir.attachment``), and so is its signed PDF.
    - Only ``_aftersales_sign`` signs: the signing fields are protected
      (``aftersales.protected.mixin``), so a record counts as signed only when
      the signing action, which checks that it may be signed, signed it.
    - Each signature stores the SHA-256 of the record's content chained to the
      previous signed record of the same model and company; the chain's head
      row is locked, not the table (``aftersales.signed.chain``).
    - The signed PDF (``_aftersales_signed_report``) is rendered from the
      frozen record once, stored as the record's evidence and served as stored;
      when the PDF engine fails the signature stands and a job retries.
    - A correction is a new record pointing to the signed one.

    Models list their frozen copies of linked data (customer, site, unit,
    company) as stored computed fields that skip signed records
    (``_aftersales_unsigned``)."""

    _name = "aftersales.signed.mixin"
    _inherit = ["aftersales.protected.mixin"]
    _description = "Signed Record"

    # XML id of the report stored as evidence when the record is signed.
    _aftersales_signed_report = None

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
    chain_format = fields.Integer(readonly=True, copy=False)
    chain_sequence = fields.Integer(readonly=True, copy=False, index=True)
    chain_hash = fields.Char(string="Hash", readonly=True, copy=False)
    chain_previous_hash = fields.Char(string="Previous Hash", readonly=True, copy=False)
    signed_report_id = fields.Many2one(
        comodel_name="ir.attachment",
        string="Signed Document",
        readonly=True,
        copy=False,
        help="The PDF rendered when the record was signed, kept as evidence.",
    )
    is_locked = fields.Boolean(compute="_compute_is_locked")
    aftersales_file_checksums = fields.Text(
        compute="_compute_aftersales_file_checksums",
        compute_sudo=True,
        help="The checksums of the record's evidence files (its binary fields' "
        "files and what it carried when signed), as hashed.",
    )

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | SIGNED_FIELDS

    @api.depends("signed_at")
    def _compute_is_locked(self):
        for record in self:
            record.is_locked = bool(record.signed_at)

    def _compute_aftersales_file_checksums(self):
        """One read for the whole batch (verification reads thousands)."""
        ids = [i for i in self.ids if isinstance(i, int)]
        files = {record_id: [] for record_id in ids}
        if ids:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .search_read(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "in", ids),
                        "|",
                        ("res_field", "!=", False),
                        ("aftersales_evidence", "=", True),
                    ],
                    ["res_id", "res_field", "checksum"],
                )
            )
            reports = set(self.signed_report_id.ids)
            for attachment in attachments:
                if attachment["id"] in reports:
                    continue
                files[attachment["res_id"]].append(
                    f"{attachment['res_field'] or ''}:{attachment['checksum']}"
                )
        for record in self:
            record.aftersales_file_checksums = "\n".join(
                sorted(files.get(record.id, []))
            )

    def _aftersales_unsigned(self):
        """The records whose frozen copies may still follow their source: a
        stored compute of a frozen copy assigns only these (Odoo leaves a
        stored value it was not given as it is)."""
        return self.filtered(lambda record: not record.signed_at)

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

    def _aftersales_signed_ids(self):
        """Ids among ``self`` signed in the database (not the cache: what
        counts is what was signed)."""
        ids = tuple(i for i in self.ids if isinstance(i, int))
        if not ids:
            return []
        self.flush_recordset(["signed_at"])
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s AND signed_at IS NOT NULL",
                SQL.identifier(self._table),
                ids,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _aftersales_check_not_locked(self):
        signed_ids = self._aftersales_signed_ids()
        if signed_ids:
            record = self.browse(signed_ids[0])
            raise UserError(
                self.env._(
                    "%(record)s was signed on %(date)s and is locked: nobody, "
                    "administrators included, can change or delete it, its lines "
                    "or its attachments. Record a correction as a new record "
                    "that refers to it (Correct).",
                    record=record.display_name,
                    date=record._aftersales_local(record.signed_at),
                )
            )

    def _aftersales_local(self, value):
        """A datetime in the reader's time zone, to the minute."""
        if not value:
            return ""
        return fields.Datetime.to_string(
            fields.Datetime.context_timestamp(self, value)
        )[:16]

    # ------------------------------------------------------------------
    # Signing and the hash chain
    # ------------------------------------------------------------------

    def _aftersales_form_action(self):
        """The signed record's form (after signing, dispatching, rating)."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
        }

    def _aftersales_chain_content(self):
        """The record's evidence as plain values (extended per model with its
        own fields, its frozen copies and its lines)."""
        self.ensure_one()
        content = {
            "model": self._name,
            "id": self.id,
            "signed_at": fields.Datetime.to_string(self.signed_at),
            "signed_uid": self.signed_uid.id,
            "sign_meaning": self.sign_meaning,
            "signer_certificates": self.signer_certificates or "",
        }
        if self.chain_format >= 2:
            content.update(
                format=self.chain_format,
                company=self.company_id.id,
                correction_of=self.correction_of_id.id
                if "correction_of_id" in self._fields
                else False,
                files=self.aftersales_file_checksums or "",
            )
        return content

    def _aftersales_attachments(self):
        """The files attached to the record itself (not its binary fields)."""
        self.ensure_one()
        return (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", self._name), ("res_id", "=", self.id)])
        )

    def _aftersales_signer_details(self, when):
        """Extension point: what is recorded of the signer at signing
        (``aftersales_safety``: the signer's certificates and their validity)."""
        self.ensure_one()
        return ""

    def _aftersales_sign(self, meaning="performed", values=None):
        """Sign each record: check it may be signed, write ``values`` (the
        signature itself, when the model has one), the signer, the server
        time and the meaning; hash and chain it; store its signed PDF."""
        for record in self:
            record._aftersales_check_not_locked()
            record._aftersales_check_can_sign()
            head_id, sequence, previous_hash = self.env[
                "aftersales.signed.chain"
            ]._aftersales_lock_head(record._name, record.company_id)
            now = fields.Datetime.now()
            record._aftersales_write(
                dict(
                    values or {},
                    signed_at=now,
                    signed_uid=self.env.uid,
                    sign_meaning=meaning,
                    chain_format=CHAIN_FORMAT,
                    signer_certificates=record._aftersales_signer_details(now) or False,
                    chain_sequence=sequence + 1,
                    chain_previous_hash=previous_hash or "",
                )
            )
            # What it carried when signed is evidence, and in its hash.
            record._aftersales_attachments()._aftersales_mark_evidence()
            # Hash what the database holds, as the verification will.
            self.env.flush_all()
            record.invalidate_recordset()
            content = chain.canonical(record._aftersales_chain_content())
            digest = chain.link_hash(previous_hash, content)
            # signed_at is set: past the lock, for the signing action only.
            with authorized(record._name):
                super(AftersalesSignedMixin, record).write({"chain_hash": digest})
            self.env["aftersales.signed.chain"]._aftersales_advance(
                head_id, sequence + 1, digest
            )
            record._aftersales_after_sign()
        self._aftersales_store_signed_report()
        return True

    @api.model
    def _aftersales_chain_signed_before(self):
        """Chain the records signed before this model was chained (an upgrade:
        visits signed under 19.0.1.0.0), in signing order, as they stand."""
        unchained = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("signed_at", "!=", False), ("chain_sequence", "=", False)],
                order="signed_at asc, id asc",
            )
        )
        Chain = self.env["aftersales.signed.chain"]
        for record in unchained:
            head_id, sequence, previous_hash = Chain._aftersales_lock_head(
                record._name, record.company_id
            )
            with authorized(record._name):
                super(AftersalesSignedMixin, record).write(
                    {
                        "chain_format": CHAIN_FORMAT,
                        "chain_sequence": sequence + 1,
                        "chain_previous_hash": previous_hash or "",
                    }
                )
                self.env.flush_all()
                record.invalidate_recordset()
                digest = chain.link_hash(
                    previous_hash, chain.canonical(record._aftersales_chain_content())
                )
                super(AftersalesSignedMixin, record).write({"chain_hash": digest})
            Chain._aftersales_advance(head_id, sequence + 1, digest)
        return unchained

    def _aftersales_check_can_sign(self):
        """Extension point: raise when the record is not complete."""
        self.ensure_one()

    def _aftersales_after_sign(self):
        """Extension point: what happens once signed."""
        self.ensure_one()

    # ------------------------------------------------------------------
    # The signed PDF
    # ------------------------------------------------------------------

    def _aftersales_signed_report_name(self):
        self.ensure_one()
        return self.env._("%(record)s (signed).pdf", record=self.display_name)

    def _aftersales_store_signed_report(self):
        """Render the signed PDF of each signed record that has none, from the
        frozen record, and keep it as evidence. A failing PDF engine leaves the
        signature as it is; the hourly job tries again."""
        if not self._aftersales_signed_report:
            return self.browse()
        report = self.env.ref(self._aftersales_signed_report).sudo()
        stored = self.browse()
        for record in self.filtered(lambda r: r.signed_at and not r.signed_report_id):
            try:
                with self.env.cr.savepoint():
                    content, _type = report.with_context(
                        # Core would save a second, unlocked copy of its own.
                        report_pdf_no_attachment=True
                    )._render_qweb_pdf(report.report_name, record.ids)
                    attachment = (
                        self.env["ir.attachment"]
                        .sudo()
                        ._aftersales_create_evidence(
                            {
                                "name": record._aftersales_signed_report_name(),
                                "raw": content,
                                "res_model": record._name,
                                "res_id": record.id,
                                "mimetype": "application/pdf",
                            }
                        )
                    )
                    with authorized(record._name):
                        super(AftersalesSignedMixin, record).write(
                            {"signed_report_id": attachment.id}
                        )
            except Exception:
                # Whatever the engine raised: the signature stands.
                _logger.warning(
                    "Signed PDF of %s could not be rendered; the signature is "
                    "kept and the PDF is retried by the hourly job.",
                    record.display_name,
                    exc_info=True,
                )
                continue
            record._aftersales_after_report_stored()
            stored |= record
        return stored

    def _aftersales_after_report_stored(self):
        """Extension point: the signed PDF exists (e.g. send it)."""
        self.ensure_one()

    @api.model
    def _cron_aftersales_store_signed_reports(self):
        """Retry the signed PDFs that could not be rendered at signing."""
        for model_name in self._aftersales_signed_models():
            Model = self.env[model_name]
            if not Model._aftersales_signed_report:
                continue
            pending = Model.with_context(active_test=False).search(
                [("signed_at", "!=", False), ("signed_report_id", "=", False)],
                limit=500,
            )
            pending._aftersales_store_signed_report()

    @api.model
    def _aftersales_signed_models(self):
        return sorted(
            name
            for name in self.env.registry["aftersales.signed.mixin"]._inherit_children
            if not self.env[name]._abstract and not self.env[name]._transient
        )

    # ------------------------------------------------------------------
    # Verification
    # ------------------------------------------------------------------

    @api.model
    def _aftersales_verify_chain(self, company, batch_size=2000):
        """``(number of records checked, [(record, reason), ...])``: every
        signed record of this model in ``company`` whose content or link no
        longer matches, in signing order."""
        self.env.flush_all()
        Model = self.sudo().with_context(active_test=False)
        ids = Model.search(
            [("chain_sequence", "!=", False), ("company_id", "=", company.id)],
            order="chain_sequence asc, id asc",
        ).ids
        found = []
        previous = ""
        for start in range(0, len(ids), batch_size):
            batch = Model.browse(ids[start : start + batch_size])
            batch.invalidate_recordset()
            links = [
                chain.Link(
                    key=record.id,
                    stored_hash=record.chain_hash or "",
                    stored_previous=record.chain_previous_hash or "",
                    content=chain.canonical(record._aftersales_chain_content()),
                )
                for record in batch
            ]
            found.extend(
                (self.browse(links[index].key), reason)
                for index, reason in chain.broken(links, previous)
            )
            if links:
                previous = links[-1].stored_hash
            self.env.invalidate_all()
        return len(ids), found

    # ------------------------------------------------------------------
    # Corrections
    # ------------------------------------------------------------------

    def _aftersales_correction_values(self):
        """Extension point: the values of the new record correcting this one."""
        self.ensure_one()
        return {}

    def action_correct(self):
        """A new record correcting this signed one (which never changes).
        The model defines ``correction_of_id``, the Many2one to itself."""
        self.ensure_one()
        if not self.signed_at:
            raise UserError(
                self.env._(
                    "%(record)s is not signed; change it directly.",
                    record=self.display_name,
                )
            )
        correction = self._aftersales_create(
            [dict(self._aftersales_correction_values(), correction_of_id=self.id)]
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": correction._name,
            "res_id": correction.id,
            "view_mode": "form",
        }
