import base64
import math

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.portal.controllers.portal import CustomerPortal

# Photos of the fault: at most this many files of this size each.
MAX_PHOTOS = 10


class AftersalesUnitsPortal(CustomerPortal):
    """The customer's own units, their requests from a unit, and what they
    do on a request (rate, complain, download the signed report).

    Every record is first read as the portal user (record rules decide what is
    theirs); only after that check does the controller use ``sudo()`` to
    create or to read what the portal user has no right to read itself.
    """

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _aftersales_units_domain(self):
        customer = request.env.user.partner_id.commercial_partner_id
        return [("aftersales_customer_id", "child_of", customer.id)]

    def _aftersales_own(self, model, record_id, domain=None):
        """The record as the user, or an empty recordset when it is not
        theirs (record rules) or does not exist."""
        Model = request.env[model]
        if not Model.has_access("read"):
            return Model
        return Model.search([("id", "=", record_id), *(domain or [])], limit=1)

    def _aftersales_own_or_404(self, model, record_id, domain=None):
        """The record as the user once it is theirs; else 404 (whether it
        belongs to someone else or does not exist)."""
        record = self._aftersales_own(model, record_id, domain)
        if not record:
            raise request.not_found()
        return record

    def _aftersales_ticket_or_404(self, ticket_id):
        """The request (sudo, as helpdesk_mgmt's portal reads it) once
        ``_document_check_access`` found it is the user's; else 404."""
        try:
            return self._document_check_access("helpdesk.ticket", ticket_id)
        except (AccessError, MissingError):
            raise request.not_found() from None

    def _aftersales_site_choices(self):
        """The addresses of the customer's company (the company itself and
        its contacts/addresses), read once the user is known."""
        customer = request.env.user.partner_id.commercial_partner_id
        return (
            request.env["res.partner"]
            .sudo()
            .search([("id", "child_of", customer.id), ("active", "=", True)])
        )

    # ------------------------------------------------------------------
    # Portal home
    # ------------------------------------------------------------------

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "aftersales_unit_count" in counters:
            Lot = request.env["stock.lot"]
            values["aftersales_unit_count"] = (
                Lot.search_count(self._aftersales_units_domain())
                if Lot.has_access("read")
                else 0
            )
        return values

    # ------------------------------------------------------------------
    # My Units
    # ------------------------------------------------------------------

    @http.route(["/my/units"], type="http", auth="user", website=True)
    def aftersales_portal_units(self, **kw):
        Lot = request.env["stock.lot"]
        lots = (
            Lot.search(self._aftersales_units_domain(), order="name")
            if Lot.has_access("read")
            else Lot
        )
        values = self._prepare_portal_layout_values()
        values.update({"lots": lots, "page_name": "aftersales_units"})
        return request.render("aftersales_service.portal_my_units", values)

    def _aftersales_own_unit(self, lot_id):
        return self._aftersales_own_or_404(
            "stock.lot", lot_id, self._aftersales_units_domain()
        )

    @http.route(["/my/units/<int:lot_id>"], type="http", auth="user", website=True)
    def aftersales_portal_unit(self, lot_id, reading_saved=None, **kw):
        lot = self._aftersales_own_unit(lot_id)
        return request.render(
            "aftersales_service.portal_my_unit",
            self._aftersales_unit_values(lot, reading_saved=bool(reading_saved)),
        )

    def _aftersales_unit_values(self, lot, **extra):
        # Read as the user above; the plan, its occurrences and the readings
        # are read with sudo() only now that the unit is theirs.
        lot_sudo = lot.sudo()
        pm_rows = lot_sudo._aftersales_portal_pm()
        readings = request.env["aftersales.meter.reading"].sudo()
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lot": lot,
                "lot_sudo": lot_sudo,
                "pm_rows": pm_rows,
                "pm_hours": any(row["hours_based"] for row in pm_rows),
                "last_reading": readings.search(
                    [("lot_id", "=", lot.id)], order="date desc, id desc", limit=1
                ),
                "today": fields.Date.context_today(lot_sudo),
                "warranty_rows": lot_sudo._aftersales_portal_warranty(),
                "contracts": request.env["aftersales.contract"].search(
                    [("lot_ids", "in", lot.id)]
                ),
                "tickets": request.env["helpdesk.ticket"].search(
                    [("aftersales_lot_id", "=", lot.id)], order="create_date desc"
                ),
                "page_name": "aftersales_unit",
                "reading_error": None,
                "reading_form": {},
                "reading_saved": False,
                **extra,
            }
        )
        return values

    @http.route(
        ["/my/units/<int:lot_id>/reading"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def aftersales_portal_unit_reading(self, lot_id, hours=None, date=None, **kw):
        """The customer's meter reading (running hours), through the
        reading's rules; refused readings are explained on the page and
        change nothing."""
        lot = self._aftersales_own_unit(lot_id)
        error = None
        today = fields.Date.context_today(lot.sudo())
        try:
            value = float((hours or "").replace(",", "."))
            day = fields.Date.to_date(date) if date else today
        except ValueError:
            value, day = -1, today
        if not math.isfinite(value) or value < 0:
            error = request.env._(
                "Running hours: enter the number shown on the unit's hour "
                "meter, e.g. 1250.5."
            )
        elif day > today:
            error = request.env._(
                "Reading date: a reading cannot be dated after today."
            )
        if not error:
            try:
                with request.env.cr.savepoint():
                    lot.sudo()._aftersales_portal_add_reading(value, day)
            except (UserError, ValidationError) as exc:
                error = exc.args[0]
        if error:
            return request.render(
                "aftersales_service.portal_my_unit",
                self._aftersales_unit_values(
                    lot,
                    reading_error=error,
                    reading_form={"hours": hours, "date": date},
                ),
            )
        return request.redirect(
            f"/my/units/{lot.id}?reading_saved=1#aftersales_unit_pm"
        )

    # ------------------------------------------------------------------
    # Submit a request
    # ------------------------------------------------------------------

    def _aftersales_request_values(self, error=None, **kw):
        Lot = request.env["stock.lot"]
        lots = (
            Lot.search(self._aftersales_units_domain(), order="name")
            if Lot.has_access("read")
            else Lot
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "lots": lots,
                "sites": self._aftersales_site_choices(),
                "error": error,
                "form": kw,
                "page_name": "aftersales_request",
            }
        )
        return values

    @http.route(
        ["/my/units/request"],
        type="http",
        auth="user",
        website=True,
        methods=["GET"],
    )
    def aftersales_portal_request_form(self, **kw):
        return request.render(
            "aftersales_service.portal_aftersales_request",
            self._aftersales_request_values(**kw),
        )

    def _aftersales_find_unit(self, lot_id, serial):
        """The unit chosen in the list or typed, only among the customer's."""
        domain = self._aftersales_units_domain()
        if lot_id:
            return self._aftersales_own("stock.lot", int(lot_id), domain)
        serial = (serial or "").strip()
        if not serial or not request.env["stock.lot"].has_access("read"):
            return request.env["stock.lot"]
        return request.env["stock.lot"].search(
            [("name", "=ilike", serial), *domain], limit=1
        )

    def _aftersales_uploaded_photos(self):
        """The files of the form's ``attachment`` input, and the error to show
        when there are more than MAX_PHOTOS (else None)."""
        files = [
            file
            for file in request.httprequest.files.getlist("attachment")
            if file.filename
        ]
        if len(files) > MAX_PHOTOS:
            return files, request.env._(
                "Attach at most %(count)s photos.", count=MAX_PHOTOS
            )
        return files, None

    def _aftersales_store_photos(self, files, **values):
        """The uploaded ``files`` as attachments with ``values`` (sudo: the
        portal user reaches them through the record they are attached to)."""
        return (
            request.env["ir.attachment"]
            .sudo()
            .create(
                [
                    {
                        "name": file.filename,
                        "datas": base64.b64encode(file.read()),
                        **values,
                    }
                    for file in files
                ]
            )
        )

    def _aftersales_prepare_request_vals(self, lot, kw):
        user = request.env.user
        description = (kw.get("description") or "").strip()
        contact = [
            line
            for line in (
                kw.get("contact_name")
                and request.env._(
                    "Site contact: %(name)s", name=kw["contact_name"].strip()
                ),
                kw.get("contact_phone")
                and request.env._(
                    "Phone: %(phone)s", phone=kw["contact_phone"].strip()
                ),
            )
            if line
        ]
        company = lot.sudo().company_id or request.env.company
        # The unit's last team, else a portal team that numbers requests.
        team = (
            lot.sudo()
            .aftersales_ticket_ids.sorted("create_date", reverse=True)[:1]
            .team_id.filtered("show_in_portal")
        )
        if not team:
            teams = (
                request.env["helpdesk.ticket.team"]
                .sudo()
                .search(
                    [
                        ("company_id", "in", [company.id, False]),
                        ("show_in_portal", "=", True),
                    ]
                )
            )
            team = teams.filtered("aftersales_department_code")[:1] or teams[:1]
        vals = {
            "name": request.env._(
                "%(product)s %(serial)s: %(fault)s",
                product=lot.sudo().product_id.display_name,
                serial=lot.name,
                fault=description.splitlines()[0][:60],
            ),
            "description": plaintext2html("\n".join([description, *contact])),
            "partner_id": user.partner_id.id,
            "partner_name": user.partner_id.name,
            "partner_email": user.partner_id.email,
            "company_id": company.id,
            "team_id": team.id,
            "aftersales_lot_id": lot.id,
            "channel_id": request.env.ref(
                "helpdesk_mgmt.helpdesk_ticket_channel_web", False
            ).id,
            "user_id": False,
        }
        site_id = kw.get("site_id")
        if site_id and site_id.isdigit():
            site = self._aftersales_site_choices().filtered(
                lambda partner: partner.id == int(site_id)
            )
            if site:
                vals["aftersales_site_partner_id"] = site.id
        return vals

    @http.route(
        ["/my/units/request"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def aftersales_portal_request_submit(self, **kw):
        lot = self._aftersales_find_unit(kw.get("lot_id"), kw.get("serial"))
        error = None
        if not lot:
            error = request.env._(
                "Serial number %(serial)s is not one of your units. Choose the "
                "unit in the list, or type the serial number exactly as on its "
                "nameplate.",
                serial=kw.get("serial") or "",
            )
        elif not (kw.get("description") or "").strip():
            error = request.env._("Describe the fault before sending the request.")
        files, too_many = self._aftersales_uploaded_photos()
        error = error or too_many
        if error:
            return request.render(
                "aftersales_service.portal_aftersales_request",
                self._aftersales_request_values(error=error, **kw),
            )
        # The unit is the customer's (read as them above): the request is
        # created the normal way, as helpdesk_mgmt's portal form does.
        ticket = (
            request.env["helpdesk.ticket"]
            .sudo()
            .create(self._aftersales_prepare_request_vals(lot, kw))
        )
        ticket.message_subscribe(partner_ids=request.env.user.partner_id.ids)
        if files:
            self._aftersales_store_photos(
                files, res_model="helpdesk.ticket", res_id=ticket.id
            )
        return request.redirect(f"/my/ticket/{ticket.id}")

    # ------------------------------------------------------------------
    # Follow: the signed service report
    # ------------------------------------------------------------------

    @http.route(
        ["/my/visits/<int:visit_id>/report"], type="http", auth="user", website=True
    )
    def aftersales_portal_visit_report(self, visit_id, **kw):
        visit = self._aftersales_own_or_404("aftersales.visit", visit_id)
        report = visit.sudo().signed_report_id
        if not report:
            raise request.not_found()
        return request.make_response(
            report.raw,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", len(report.raw)),
                (
                    "Content-Disposition",
                    http.content_disposition(report.name),
                ),
            ],
        )

    # ------------------------------------------------------------------
    # Rate and complain
    # ------------------------------------------------------------------

    @http.route(
        ["/my/ticket/<int:ticket_id>/rate"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def aftersales_portal_rate(self, ticket_id, **kw):
        ticket_sudo = self._aftersales_ticket_or_404(ticket_id)
        if not ticket_sudo._aftersales_portal_can_rate():
            return request.redirect(f"/my/ticket/{ticket_id}")
        callback = ticket_sudo._aftersales_portal_rating_callback()
        if not callback:
            # The follow-up call was already recorded another way.
            return request.redirect(f"/my/ticket/{ticket_id}")
        answer = callback._aftersales_rating_answer()
        return request.redirect(answer.get_start_url())

    @http.route(
        ["/my/ticket/<int:ticket_id>/complain"],
        type="http",
        auth="user",
        website=True,
        methods=["POST"],
    )
    def aftersales_portal_complain(self, ticket_id, **kw):
        ticket_sudo = self._aftersales_ticket_or_404(ticket_id)
        text = (kw.get("complaint") or "").strip()
        if not text or ticket_sudo.aftersales_request_type == "complaint":
            return request.redirect(f"/my/ticket/{ticket_id}")
        category = ticket_sudo._aftersales_portal_complaint_categories().filtered(
            lambda c: str(c.id) == kw.get("category_id")
        )
        complaint = ticket_sudo._aftersales_portal_complain(
            request.env.user.partner_id, text, category
        )
        complaint.message_subscribe(partner_ids=request.env.user.partner_id.ids)
        return request.redirect(f"/my/ticket/{complaint.id}")
