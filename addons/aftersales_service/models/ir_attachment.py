from odoo import api, fields, models
from odoo.exceptions import UserError

from .aftersales_protected_mixin import _AUTHORIZED, authorized

# Content and ownership of an attachment: what a signed record's evidence is.
LOCKED_ATTACHMENT_FIELDS = frozenset(
    {
        "datas",
        "raw",
        "db_datas",
        "store_fname",
        "url",
        "res_model",
        "res_id",
        "res_field",
        "aftersales_evidence",
    }
)


class IrAttachment(models.Model):
    """Evidence attachments: the signed PDF of a signed record, and the files
    of the binary fields (signature, photos) of a signed record or of its
    lines. They cannot be created on, changed, re-targeted or removed from a
    signed record, by anyone. Attachments posted on the chatter of a signed
    record (e-mail replies, messages) are not evidence and stay free."""

    _inherit = "ir.attachment"

    aftersales_evidence = fields.Boolean(
        string="Signed Evidence",
        readonly=True,
        copy=False,
        help="The signed document of a signed record: it never changes.",
    )

    @api.model
    def _aftersales_create_evidence(self, vals):
        """Create the signed document of a signed record (the signing action
        only)."""
        with authorized(self._name):
            return self.create(dict(vals, aftersales_evidence=True))

    def _aftersales_mark_evidence(self):
        """The attachments a record carried when it was signed become its
        evidence (the signing action only)."""
        with authorized(self._name):
            self.sudo().write({"aftersales_evidence": True})

    @api.model
    def _aftersales_signed_owners(self, res_model, ids):
        """The ids among ``ids`` of ``res_model`` that are, or belong to, a
        signed record."""
        if not res_model or res_model not in self.env or not ids:
            return set()
        Model = self.env[res_model].sudo().with_context(active_test=False)
        records = Model.browse(ids).exists()
        if hasattr(Model, "_aftersales_parents"):
            # One query for all the lines' parents, not one per line.
            signed_parents = set(records._aftersales_parents()._aftersales_signed_ids())
            field = Model._aftersales_parent_field
            return {
                record.id for record in records if record[field].id in signed_parents
            }
        if hasattr(Model, "_aftersales_signed_ids"):
            return set(records._aftersales_signed_ids())
        return set()

    def _aftersales_locked(self):
        """The attachments among ``self`` that are evidence."""
        attachments = self.sudo()
        locked = attachments.filtered("aftersales_evidence")
        by_model = {}
        for attachment in attachments - locked:
            if attachment.res_field and attachment.res_model and attachment.res_id:
                by_model.setdefault(attachment.res_model, []).append(attachment)
        for res_model, group in by_model.items():
            signed = self._aftersales_signed_owners(
                res_model, [a.res_id for a in group]
            )
            locked |= self.browse([a.id for a in group if a.res_id in signed])
        return self.browse(locked.ids)

    def _aftersales_refuse_locked(self, attachment):
        raise UserError(
            self.env._(
                "The file %(name)s is locked: it is evidence of a signed record. "
                "Nobody, administrators included, can add, change, move or "
                "delete it. Record a correction as a new record.",
                name=attachment.name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if "ir.attachment" not in _AUTHORIZED.get() and any(
            vals.get("aftersales_evidence") for vals in vals_list
        ):
            raise UserError(
                self.env._(
                    "Only signing a record stores its signed document; it "
                    "cannot be uploaded."
                )
            )
        by_model = {}
        for vals in vals_list:
            if vals.get("res_field") and vals.get("res_model") and vals.get("res_id"):
                by_model.setdefault(vals["res_model"], set()).add(vals["res_id"])
        for res_model, ids in by_model.items():
            if self._aftersales_signed_owners(res_model, list(ids)):
                self._aftersales_refuse_locked(
                    self.new({"name": vals_list[0].get("name") or res_model})
                )
        return super().create(vals_list)

    def write(self, vals):
        if LOCKED_ATTACHMENT_FIELDS & set(vals):
            if "aftersales_evidence" in vals and "ir.attachment" not in (
                _AUTHORIZED.get()
            ):
                raise UserError(
                    self.env._(
                        "Only signing a record stores its signed document; it "
                        "cannot be marked or unmarked by hand."
                    )
                )
            locked = self._aftersales_locked()
            if locked:
                self._aftersales_refuse_locked(locked[0])
            res_model = vals.get("res_model")
            res_id = vals.get("res_id")
            if res_model or res_id:
                for attachment in self.sudo():
                    field = vals.get("res_field", attachment.res_field)
                    target_model = res_model or attachment.res_model
                    target_id = res_id or attachment.res_id
                    if field and self._aftersales_signed_owners(
                        target_model, [target_id]
                    ):
                        self._aftersales_refuse_locked(attachment)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_evidence(self):
        locked = self._aftersales_locked()
        if locked:
            self._aftersales_refuse_locked(locked[0])
