import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import split_every

# The models whose protected fields the running action may write. A Python
# context variable, not an Odoo context key: it lives in this thread's call
# stack only, so no RPC caller can set it, whatever context it sends.
_AUTHORIZED = contextvars.ContextVar("aftersales_authorized", default=frozenset())


@contextlib.contextmanager
def authorized(*model_names):
    """Let the action that checked the rule write the protected fields of
    ``model_names`` inside the ``with`` block (and nowhere else)."""
    token = _AUTHORIZED.set(_AUTHORIZED.get() | frozenset(model_names))
    try:
        yield
    finally:
        _AUTHORIZED.reset(token)


def is_authorized(model_name):
    """Whether the running action authorised writes to ``model_name``."""
    return model_name in _AUTHORIZED.get()


class AftersalesProtectedMixin(models.AbstractModel):
    """Fields a rule depends on, written only by the action that checks it.

    A model lists them (states, signatures, approvals and who approved,
    computed decisions, links that decide access or money) by extending
    ``_aftersales_protected_field_names`` (each addon adds its own with
    ``super()``). ``create`` and ``write`` refuse them for everyone, whatever
    the context, unless the action wrote them through ``_aftersales_write`` /
    ``_aftersales_create`` after checking its rule. This is the pattern of
    ``account.move`` (posted entries are refused in ``write`` whoever asks),
    with the permission carried by the Python call stack instead of a context
    key an RPC client could send."""

    _name = "aftersales.protected.mixin"
    _description = "After-Sales Record with Protected Fields"

    def _aftersales_protected_field_names(self):
        """Extension point: the fields written only through
        ``_aftersales_write`` / ``_aftersales_create``."""
        return frozenset()

    # ------------------------------------------------------------------
    # The action side
    # ------------------------------------------------------------------

    def _aftersales_write(self, vals):
        """Write ``vals``, protected fields included: for action methods that
        have checked the rule those fields depend on."""
        with authorized(self._name):
            return self.write(vals)

    @api.model
    def _aftersales_create(self, vals_list):
        """Create with protected fields: for action methods that checked the
        rule (corrections, records made by a signed action…)."""
        with authorized(self._name):
            return self.create(vals_list)

    @api.model
    def _aftersales_write_per_record(self, values_by_id, batch_size=5000):
        """Write each record its own values (``{id: vals}``, protected fields
        included: for action methods that checked the rule, such as the
        history backfill of the installed base) with the ORM's batched writer
        (one UPDATE per set of fields and 1,000 rows) instead of one ``write``
        per distinct value; then what a write does after it: dependent stored
        fields recomputed, constraints checked, ``write_date`` set.

        Plain stored columns only (no x2many, translated or company-dependent
        field); the model's ``write`` overrides do not run and nothing is
        tracked in the chatter: the caller has checked its rules and records
        its run. Done ``batch_size`` records at a time, flushed and the cache
        emptied between batches, so memory does not grow with the records."""
        for ids in split_every(batch_size, list(values_by_id)):
            records = self.browse(ids)
            vals_list = [values_by_id[record_id] for record_id in ids]
            names = {name for vals in vals_list for name in vals}
            fields_ = [self._fields[name] for name in names]
            for field in fields_:
                if not field.column_type or field.translate or field.company_dependent:
                    raise ValueError(f"{field} is not a plain stored column")
            records.flush_recordset(list(names))
            records.modified(names, before=True)
            records._write_multi(
                [
                    {
                        name: self._fields[name].convert_to_column_insert(value, record)
                        for name, value in vals.items()
                    }
                    for record, vals in zip(records, vals_list, strict=True)
                ]
            )
            for field in fields_:
                if field.compute:
                    # The value written is the decision: not recomputed.
                    self.env.remove_to_compute(field, records)
            records.invalidate_recordset(list(names))
            records.modified(names)
            records._validate_fields(names)
            self.env.flush_all()
            self.env.invalidate_all()

    @api.model
    def _aftersales_is_authorized(self):
        return is_authorized(self._name)

    # ------------------------------------------------------------------
    # The refusal
    # ------------------------------------------------------------------

    def _aftersales_refuse_protected(self, names):
        labels = sorted(
            self._fields[name]._description_string(self.env) for name in names
        )
        raise UserError(
            self.env._(
                "%(model)s: %(fields)s cannot be set directly. They are set by "
                "the action that checks their rule (the buttons on the form); "
                "use that action instead.",
                model=self._description,
                fields=", ".join(labels),
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        protected = self._aftersales_protected_field_names()
        if protected and not self._aftersales_is_authorized():
            given = {
                name
                for vals in vals_list
                for name, value in vals.items()
                if name in protected and value
            }
            if given:
                # A value equal to the field's default is no decision.
                defaults = self.default_get(list(given))
                forced = {
                    name
                    for vals in vals_list
                    for name in given
                    if vals.get(name) and vals.get(name) != defaults.get(name)
                }
                if forced:
                    self._aftersales_refuse_protected(forced)
        return super().create(vals_list)

    def copy_data(self, default=None):
        """A copy starts without what the actions decided (state, approval,
        signature…): those are not copied, unless given explicitly in
        ``default`` (then ``create`` checks them like any other value)."""
        vals_list = super().copy_data(default=default)
        if not self._aftersales_is_authorized():
            dropped = self._aftersales_protected_field_names() - set(default or ())
            for vals in vals_list:
                for name in dropped:
                    vals.pop(name, None)
        return vals_list

    def write(self, vals):
        protected = self._aftersales_protected_field_names()
        if protected and not self._aftersales_is_authorized():
            forced = protected & set(vals)
            if forced:
                self._aftersales_refuse_protected(forced)
        return super().write(vals)
