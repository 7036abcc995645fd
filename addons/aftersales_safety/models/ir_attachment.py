from odoo import api, models

# Content and ownership of an attachment: what a signed record's evidence is.
LOCKED_ATTACHMENT_FIELDS = {
    "datas",
    "raw",
    "db_datas",
    "store_fname",
    "url",
    "res_model",
    "res_id",
    "res_field",
}


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    def _aftersales_check_locked_owner(self):
        """Refuse when an attachment belongs to a signed safety record."""
        by_model = {}
        for attachment in self.sudo():
            if attachment.res_model and attachment.res_id:
                by_model.setdefault(attachment.res_model, set()).add(attachment.res_id)
        for model, ids in by_model.items():
            if model not in self.env:
                continue
            Model = self.env[model]
            if hasattr(Model, "_aftersales_parents"):
                records = Model.sudo().browse(ids).exists()._aftersales_parents()
            elif hasattr(Model, "_aftersales_check_not_locked"):
                records = Model.sudo().browse(ids).exists()
            else:
                continue
            records._aftersales_check_not_locked()

    def write(self, vals):
        if LOCKED_ATTACHMENT_FIELDS & set(vals):
            self._aftersales_check_locked_owner()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signed_safety_record(self):
        self._aftersales_check_locked_owner()
