from odoo import api, models


class AftersalesSignedLineMixin(models.AbstractModel):
    """A line of a signed record: frozen with its parent. Lines cannot be
    added to, changed on, moved to or removed from a signed record. A line's
    own rule fields (who applied a lock, the copied rules of a question) are
    protected fields like any record's."""

    _name = "aftersales.signed.line.mixin"
    _inherit = ["aftersales.protected.mixin"]
    _description = "Line of a Signed Record"
    # The Many2one to the signed record.
    _aftersales_parent_field = None

    def _aftersales_parents(self):
        return self[self._aftersales_parent_field]

    @api.model_create_multi
    def create(self, vals_list):
        field = self._aftersales_parent_field
        parent_model = self.env[self._fields[field].comodel_name]
        parent_model.browse(
            [vals[field] for vals in vals_list if vals.get(field)]
        )._aftersales_check_not_locked()
        return super().create(vals_list)

    def write(self, vals):
        self._aftersales_parents()._aftersales_check_not_locked()
        field = self._aftersales_parent_field
        if vals.get(field):
            self._aftersales_parents().browse(
                vals[field]
            )._aftersales_check_not_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_parent(self):
        self._aftersales_parents()._aftersales_check_not_locked()
