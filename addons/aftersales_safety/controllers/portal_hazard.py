from odoo import http
from odoo.http import request

from odoo.addons.aftersales_service.controllers.portal_units import (
    AftersalesUnitsPortal,
)


class AftersalesHazardPortal(AftersalesUnitsPortal):
    """A customer reports a hazard (隐患) from the portal, on their own unit or
    site, and follows the ones they reported. Everything is read as the
    portal user (record rules: their units, the hazards they reported); the
    hazard is raised by ``_aftersales_report`` as them."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_hazard_count" in counters:
            Hazard = request.env["aftersales.safety.hazard"]
            values["aftersales_hazard_count"] = (
                Hazard.search_count([]) if Hazard.has_access("read") else 0
            )
        return values

    @http.route(["/my/hazards"], type="http", auth="user", website=True)
    def aftersales_portal_hazards(self, **kw):
        Hazard = request.env["aftersales.safety.hazard"]
        hazards = Hazard.search([]) if Hazard.has_access("read") else Hazard
        values = self._prepare_portal_layout_values()
        values.update({"hazards": hazards, "page_name": "aftersales_hazards"})
        return request.render("aftersales_safety.portal_my_hazards", values)

    def _aftersales_hazard_form_values(self, error=None, **kw):
        Lot = request.env["stock.lot"]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lots": Lot.search(self._aftersales_units_domain(), order="name")
                if Lot.has_access("read")
                else Lot,
                "error": error,
                "form": kw,
                "page_name": "aftersales_hazard_new",
            }
        )
        return values

    @http.route(
        ["/my/hazards/new"], type="http", auth="user", website=True, methods=["GET"]
    )
    def aftersales_portal_hazard_form(self, **kw):
        return request.render(
            "aftersales_safety.portal_hazard_new",
            self._aftersales_hazard_form_values(**kw),
        )

    @http.route(
        ["/my/hazards/new"], type="http", auth="user", website=True, methods=["POST"]
    )
    def aftersales_portal_hazard_submit(self, **kw):
        lot_id = kw.get("lot_id")
        lot = request.env["stock.lot"]
        error = None
        if lot_id and str(lot_id).isdigit():
            lot = self._aftersales_own(
                "stock.lot", int(lot_id), self._aftersales_units_domain()
            )
            if not lot:
                error = request.env._("Choose one of your units, or none.")
        description = (kw.get("description") or "").strip()
        if not error and not description:
            error = request.env._("Describe the hazard: what is unsafe, and where.")
        files, too_many = self._aftersales_uploaded_photos()
        error = error or too_many
        if error:
            return request.render(
                "aftersales_safety.portal_hazard_new",
                self._aftersales_hazard_form_values(error=error, **kw),
            )
        user = request.env.user
        lot_sudo = lot.sudo()
        company = lot_sudo.company_id or user.company_id
        photos = request.env["ir.attachment"]
        if files:
            # Loose until the hazard exists; the hazard then owns them.
            photos = self._aftersales_store_photos(files)
        if lot:
            description = request.env._(
                "%(description)s\nUnit: %(product)s, serial %(serial)s",
                description=description,
                product=lot_sudo.product_id.display_name,
                serial=lot.name,
            )
        # The portal user is the reporter (sudo keeps the user: only the
        # chatter and the officer's to-do need more rights).
        hazard = (
            request.env["aftersales.safety.hazard"]
            .sudo()
            ._aftersales_report(
                [
                    {
                        "company_id": company.id,
                        "description": description,
                        "place": (kw.get("place") or "").strip() or False,
                        "partner_id": user.partner_id.commercial_partner_id.id,
                        "res_model": "stock.lot" if lot else False,
                        "res_id": lot.id if lot else False,
                        "photo_ids": [(6, 0, photos.ids)],
                    }
                ]
            )
        )
        hazard.message_subscribe(partner_ids=user.partner_id.ids)
        return request.redirect(f"/my/hazards?reported={hazard.id}")
