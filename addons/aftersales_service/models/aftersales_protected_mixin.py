import contextlib
import contextvars

from odoo import api, models
from odoo.exceptions import UserError

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
