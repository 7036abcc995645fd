from odoo import models


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        """A quote e-mail that went out marks the quote as sent: decided by
        what was sent (the quote template), not by a flag of the caller's."""
        result = super()._action_send_mail(auto_commit=auto_commit)
        template = self.env.ref(
            "aftersales_service.mail_template_aftersales_quote",
            raise_if_not_found=False,
        )
        for composer in self.filtered(
            lambda c: (
                template and c.model == "helpdesk.ticket" and c.template_id == template
            )
        ):
            self.env["helpdesk.ticket"].browse(
                composer._evaluate_res_ids()
            )._aftersales_quote_sent()
        return result
