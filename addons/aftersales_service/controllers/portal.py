from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal


class AftersalesPortal(CustomerPortal):
    @http.route(
        ["/my/ticket/<int:ticket_id>/quote/accept"],
        type="jsonrpc",
        auth="public",
        website=True,
    )
    def aftersales_quote_accept(
        self, ticket_id, access_token=None, name=None, signature=None
    ):
        """The customer accepts the repair quote by signing it online."""
        access_token = access_token or request.httprequest.args.get("access_token")
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token
            )
        except (AccessError, MissingError):
            return {"error": request.env._("This service request is not yours.")}
        if ticket_sudo.aftersales_quote_state not in ("draft", "sent"):
            return {
                "error": request.env._("There is no quote waiting for your approval.")
            }
        if not signature:
            return {"error": request.env._("Please sign to accept the quote.")}
        try:
            # Checks the signature image before anything is stored.
            ticket_sudo._aftersales_approve_quote(
                "portal", name, signature=signature, online=True
            )
        except UserError as error:
            return {"error": str(error)}
        ticket_sudo.message_post(
            body=request.env._("Quote accepted and signed online by %s.", name),
            author_id=ticket_sudo.partner_id.id
            if request.env.user._is_public()
            else request.env.user.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return {"force_refresh": True, "redirect_url": ticket_sudo.get_portal_url()}
