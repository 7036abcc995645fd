from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..rules import warranty

START_SOURCES = [
    ("invoice", "Invoice"),
    ("card", "Warranty card"),
    ("delivery", "Delivery"),
    ("factory", "Factory date + grace months"),
    ("manual", "Manual (with reason)"),
    ("import", "Import"),
]
CUSTOMER_SOURCES = [
    ("manual", "Manual"),
    ("delivery", "Delivery"),
    ("invoice", "Invoice"),
    ("import", "Import"),
]
# Where a start set by hand may come from; the others (invoice, delivery,
# factory date, import) are written only by the action that found the proof.
HAND_START_SOURCES = ("card", "manual")
# Fields that only a manager changes by hand; automatic fills go through sudo.
MANAGER_FIELDS = {
    "aftersales_warranty_start",
    "aftersales_warranty_start_source",
    "aftersales_promised_months",
}


class StockLot(models.Model):
    _name = "stock.lot"
    _inherit = ["stock.lot", "aftersales.protected.mixin"]

    aftersales_customer_id = fields.Many2one(
        comodel_name="res.partner",
        string="Customer",
        tracking=True,
        index="btree_not_null",
        help="Who owns this unit; filled when it is delivered or invoiced.",
    )
    aftersales_customer_source = fields.Selection(
        selection=CUSTOMER_SOURCES,
        string="Customer Source",
        readonly=True,
        help="Where the customer comes from: set by hand, from a delivery or "
        "an invoice, or from the import of the installed base. A customer set "
        "by hand is never replaced automatically.",
    )
    aftersales_factory_date = fields.Date(string="Factory Date", tracking=True)
    aftersales_warranty_start = fields.Date(
        string="Warranty Start",
        compute="_compute_aftersales_warranty_start",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    aftersales_warranty_start_source = fields.Selection(
        selection=START_SOURCES,
        string="Start Source",
        compute="_compute_aftersales_warranty_start",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    aftersales_warranty_start_reason = fields.Char(
        string="Start Reason",
        tracking=True,
        help="Why the start was set by hand (required for a manual start).",
    )
    aftersales_serial_condition = fields.Selection(
        selection=[
            ("valid", "Valid"),
            ("unreadable", "Unreadable"),
            ("altered", "Altered"),
        ],
        string="Serial Condition",
        default="valid",
        required=True,
        tracking=True,
        help="An unreadable or altered serial number voids the warranty.",
    )
    aftersales_promised_months = fields.Integer(
        string="Promised Warranty (months)",
        tracking=True,
        help="Warranty promised on the customer's document (contract, written "
        "promise); it wins when longer than the product's.",
    )
    aftersales_promise_ref = fields.Char(string="Promise Document")
    aftersales_warranty_end = fields.Date(
        string="Warranty End",
        compute="_compute_aftersales_warranty_end",
        store=True,
        help="Last day of the whole-unit warranty.",
    )
    aftersales_in_warranty = fields.Boolean(
        string="In Warranty Today",
        compute="_compute_aftersales_in_warranty",
        search="_search_aftersales_in_warranty",
    )
    aftersales_warranty_summary = fields.Html(
        string="Warranty per Component",
        compute="_compute_aftersales_warranty_summary",
        sanitize=False,
    )
    aftersales_can_manage = fields.Boolean(compute="_compute_aftersales_can_manage")
    aftersales_ticket_ids = fields.One2many(
        comodel_name="helpdesk.ticket",
        inverse_name="aftersales_lot_id",
        string="Service Requests",
    )
    aftersales_ticket_count = fields.Integer(
        string="Requests", compute="_compute_aftersales_ticket_stats"
    )
    aftersales_repair_count = fields.Integer(
        string="Repairs", compute="_compute_aftersales_ticket_stats"
    )
    aftersales_repeat_repair_count = fields.Integer(
        string="Repeat Repairs", compute="_compute_aftersales_ticket_stats"
    )

    _aftersales_promised_months_positive = models.Constraint(
        "CHECK(aftersales_promised_months >= 0)",
        "A promised warranty cannot be negative months.",
    )

    @api.depends("aftersales_factory_date")
    def _compute_aftersales_warranty_start(self):
        for lot in self:
            if lot.aftersales_warranty_start_source not in (False, "factory"):
                continue
            start, source = warranty.warranty_start(
                None, lot.aftersales_factory_date, lot._aftersales_grace_months()
            )
            lot.aftersales_warranty_start = start
            lot.aftersales_warranty_start_source = source and "factory"

    @api.depends(
        "aftersales_warranty_start",
        "aftersales_promised_months",
        "product_id.product_tmpl_id.aftersales_warranty_months",
    )
    def _compute_aftersales_warranty_end(self):
        for lot in self:
            start = lot.aftersales_warranty_start
            months = max(
                lot.product_id.aftersales_warranty_months,
                lot.aftersales_promised_months,
            )
            lot.aftersales_warranty_end = start and warranty.period_end(start, months)

    def _compute_aftersales_in_warranty(self):
        today = fields.Date.context_today(self)
        for lot in self:
            lot.aftersales_in_warranty = bool(
                lot.aftersales_serial_condition == "valid"
                and lot.aftersales_warranty_end
                and lot.aftersales_warranty_end >= today
            )

    def _search_aftersales_in_warranty(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            return NotImplemented
        today = fields.Date.context_today(self)
        domain = [
            ("aftersales_serial_condition", "=", "valid"),
            ("aftersales_warranty_end", ">=", today),
        ]
        positive = (operator == "=") == value
        return domain if positive else ["!", "&", *domain]

    @api.depends(
        "aftersales_warranty_start",
        "aftersales_warranty_end",
        "aftersales_serial_condition",
        "product_id",
    )
    def _compute_aftersales_warranty_summary(self):
        for lot in self:
            lot.aftersales_warranty_summary = lot._aftersales_summary_html()

    def _compute_aftersales_can_manage(self):
        self.aftersales_can_manage = self.env.user.has_group(
            "aftersales_service.group_aftersales_manager"
        )

    def _compute_aftersales_ticket_stats(self):
        stats = {lot.id: [0, 0, 0] for lot in self}
        for lot, request_type, repeat, count in self.env["helpdesk.ticket"]._read_group(
            [("aftersales_lot_id", "in", self.ids)],
            ["aftersales_lot_id", "aftersales_request_type", "aftersales_repeat"],
            ["__count"],
        ):
            row = stats[lot.id]
            row[0] += count
            row[1] += count if request_type == "repair" else 0
            row[2] += count if repeat else 0
        for lot in self:
            (
                lot.aftersales_ticket_count,
                lot.aftersales_repair_count,
                lot.aftersales_repeat_repair_count,
            ) = stats.get(lot.id, (0, 0, 0))

    @api.constrains("aftersales_warranty_start", "aftersales_factory_date")
    def _check_aftersales_warranty_start(self):
        for lot in self:
            start, factory = lot.aftersales_warranty_start, lot.aftersales_factory_date
            if start and factory and start < factory:
                raise ValidationError(
                    self.env._(
                        "Serial %(lot)s: the warranty start %(start)s is before the "
                        "factory date %(factory)s. Correct one of the two dates.",
                        lot=lot.display_name,
                        start=start,
                        factory=factory,
                    )
                )

    @api.constrains(
        "aftersales_warranty_start_source", "aftersales_warranty_start_reason"
    )
    def _check_aftersales_start_reason(self):
        for lot in self:
            if (
                lot.aftersales_warranty_start_source == "manual"
                and not (lot.aftersales_warranty_start_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Serial %(lot)s: a manual warranty start needs a reason. "
                        "Fill in 'Start Reason'.",
                        lot=lot.display_name,
                    )
                )

    def _aftersales_check_manager_fields(self, vals_list):
        """Warranty start and promise are set by hand by a manager only; the
        automatic fills (delivery, invoice) run as superuser."""
        if (
            any(vals.get(name) for vals in vals_list for name in MANAGER_FIELDS)
            and not self.env.su
            and not self.env.user.has_group(
                "aftersales_service.group_aftersales_manager"
            )
        ):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may set or change the warranty "
                    "start or the promised warranty of a serial number. Leave "
                    "them empty: they are filled from the delivery or invoice."
                )
            )

    def _aftersales_check_hand_source(self, vals_list):
        """By hand, a warranty start comes from the customer's warranty card
        or is a manager's decision with a reason; a start from an invoice, a
        delivery, the factory date or the import is the system's finding."""
        if self._aftersales_is_authorized():
            return
        labels = dict(START_SOURCES)
        for vals in vals_list:
            source = vals.get("aftersales_warranty_start_source")
            if source and source not in HAND_START_SOURCES:
                raise UserError(
                    self.env._(
                        "A warranty start from '%(origin)s' is set by the system "
                        "when it finds that proof, not by hand. Choose "
                        "'%(card)s' or '%(manual)s' (with the reason).",
                        origin=labels.get(source, source),
                        card=labels["card"],
                        manual=labels["manual"],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._aftersales_check_manager_fields(vals_list)
        self._aftersales_check_hand_source(vals_list)
        if not self._aftersales_is_authorized():
            vals_list = [
                {"aftersales_warranty_start_source": "manual", **vals}
                if vals.get("aftersales_warranty_start")
                else vals
                for vals in vals_list
            ]
        lots = super().create(vals_list)
        by_hand = lots.filtered(
            lambda lot: (
                lot.aftersales_customer_id and not lot.aftersales_customer_source
            )
        )
        if by_hand:
            by_hand._aftersales_write({"aftersales_customer_source": "manual"})
        return lots

    def write(self, vals):
        by_hand = not self._aftersales_is_authorized()
        if MANAGER_FIELDS.intersection(vals):
            self._aftersales_check_manager_fields([dict.fromkeys(vals, True)])
            self._aftersales_check_hand_source([vals])
        from_proof = self.browse()
        if (
            by_hand
            and "aftersales_warranty_start" in vals
            and "aftersales_warranty_start_source" not in vals
        ):
            # A start changed by hand on a unit whose start came from a proof
            # is that proof no more: it is the manager's, with a reason.
            from_proof = self.filtered(
                lambda lot: (
                    lot.aftersales_warranty_start_source not in HAND_START_SOURCES
                )
            )
        customer_by_hand = (
            by_hand
            and "aftersales_customer_id" in vals
            and "aftersales_customer_source" not in vals
        )
        result = super().write(vals)
        if from_proof:
            from_proof.write(
                {
                    "aftersales_warranty_start_source": vals[
                        "aftersales_warranty_start"
                    ]
                    and "manual"
                }
            )
        if customer_by_hand:
            # A customer set by hand: recorded as such, never replaced by the
            # history backfill or a later delivery.
            self._aftersales_write(
                {
                    "aftersales_customer_source": vals["aftersales_customer_id"]
                    and "manual"
                }
            )
        return result

    def _aftersales_protected_field_names(self):
        return super()._aftersales_protected_field_names() | {
            "aftersales_customer_source"
        }

    def action_aftersales_view_tickets(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "aftersales_service.helpdesk_ticket_action"
        )
        action["domain"] = [("aftersales_lot_id", "=", self.id)]
        action["context"] = {
            "default_aftersales_lot_id": self.id,
            "default_partner_id": self.aftersales_customer_id.id,
        }
        return action

    def _aftersales_grace_months(self):
        company = self.company_id or self.env.company
        return company.aftersales_factory_grace_months

    def _aftersales_set_warranty_start(
        self, start, source, customer=None, customer_source=None
    ):
        """Fill the start from a delivery or invoice, once.

        A start from proof (card, invoice, delivery, manual) is never replaced
        automatically; a factory-derived one is. Runs as superuser because
        stock clerks and accountants trigger it without managing warranties.
        """
        to_start = self.filtered(
            lambda lot: lot.aftersales_warranty_start_source in (False, "factory")
        )
        if start and to_start:
            to_start.sudo()._aftersales_write(
                {
                    "aftersales_warranty_start": start,
                    "aftersales_warranty_start_source": source,
                }
            )
        if customer:
            self.filtered(
                lambda lot: not lot.aftersales_customer_id
            ).sudo()._aftersales_write(
                {
                    "aftersales_customer_id": customer.id,
                    "aftersales_customer_source": source or customer_source,
                }
            )

    def _aftersales_summary_html(self):
        self.ensure_one()
        if not self.product_id:
            return False
        rows = []
        start = self.aftersales_warranty_start
        template = self.product_id.product_tmpl_id
        unit = self.env._("Whole unit")
        rows.append((unit, template.aftersales_warranty_months))
        seen = set()
        for line in template._aftersales_component_lines():
            component = line.component_product_id or line.component_categ_id
            key = (component._name, component.id)
            if key in seen:
                continue
            seen.add(key)
            rows.append((component.display_name, line.months))
        body = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                name,
                months,
                start and warranty.period_end(start, months) or "",
            )
            for name, months in rows
        )
        header = Markup("<tr><th>%s</th><th>%s</th><th>%s</th></tr>") % (
            self.env._("Component"),
            self.env._("Months"),
            self.env._("Warranty End"),
        )
        note = ""
        if self.aftersales_serial_condition != "valid":
            conditions = dict(
                self._fields["aftersales_serial_condition"]._description_selection(
                    self.env
                )
            )
            note = Markup("<p class='text-danger'>%s</p>") % self.env._(
                "Serial number %(condition)s: no warranty.",
                condition=conditions[self.aftersales_serial_condition],
            )
        return Markup(
            "<table class='table table-sm o_aftersales_warranty'>%s%s</table>%s"
        ) % (header, body, note)

    def _aftersales_portal_warranty(self):
        """The unit's warranty as the customer reads it on the portal: the
        whole unit first, then each component with its own period; each row
        with its end date and whether it still runs today."""
        self.ensure_one()
        today = fields.Date.context_today(self)
        valid = self.aftersales_serial_condition == "valid"
        start = self.aftersales_warranty_start
        rows = [(self.env._("Whole unit"), self.aftersales_warranty_end)]
        seen = set()
        template = self.product_id.product_tmpl_id
        for line in template and template._aftersales_component_lines() or []:
            component = line.component_product_id or line.component_categ_id
            key = (component._name, component.id)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                (
                    component.display_name,
                    start and warranty.period_end(start, line.months),
                )
            )
        return [
            {
                "name": name,
                "end": end,
                "running": bool(valid and end and end >= today),
            }
            for name, end in rows
        ]
