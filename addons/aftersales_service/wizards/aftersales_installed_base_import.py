"""Import of the installed base kept outside Odoo (an old system's units, a
spreadsheet): one spreadsheet row spans a unit, its customer and site, its
warranty and its contract, and Odoo's import matches only by id. So the rows
go to a staging list first, every row is checked with its own message, and
they are applied all together or not at all. A serial number and its product
identify a unit: importing the same file again updates the units."""

import base64
import datetime
import io

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
# The template's columns, in order: (line field, header).
COLUMNS = [
    ("serial", "Serial Number"),
    ("product_ref", "Product (internal reference or name)"),
    ("customer_ref", "Customer (reference, tax ID or name)"),
    ("site_ref", "Installation Site (address name)"),
    ("purchase_text", "Purchase / Warranty Card Date (YYYY-MM-DD)"),
    ("factory_text", "Factory Date (YYYY-MM-DD)"),
    ("months_text", "Promised Warranty (months)"),
    ("promise_ref", "Promise Document"),
    ("contract_ref", "Contract Number"),
]


def _text(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class AftersalesInstalledBaseImport(models.Model):
    _name = "aftersales.installed.base.import"
    _description = "After-Sales Installed Base Import"
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Import",
        required=True,
        default=lambda self: self.env._("Installed base"),
    )
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, default=lambda self: self.env.company
    )
    file = fields.Binary(string="Spreadsheet (XLSX)", attachment=True)
    filename = fields.Char()
    template_file = fields.Binary(string="Template", attachment=True, readonly=True)
    state = fields.Selection(
        selection=[
            ("draft", "To Check"),
            ("checked", "Checked"),
            ("applied", "Applied"),
        ],
        default="draft",
        required=True,
        readonly=True,
    )
    line_ids = fields.One2many(
        comodel_name="aftersales.installed.base.import.line",
        inverse_name="import_id",
        string="Rows",
    )
    line_count = fields.Integer(string="Number of Rows", compute="_compute_counts")
    error_count = fields.Integer(string="Rows with Errors", compute="_compute_counts")
    created_count = fields.Integer(string="Units Created", readonly=True)
    updated_count = fields.Integer(string="Units Updated", readonly=True)

    @api.depends("line_ids.error")
    def _compute_counts(self):
        for batch in self:
            batch.line_count = len(batch.line_ids)
            batch.error_count = len(batch.line_ids.filtered("error"))

    def _check_manager(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._("Only an after-sales manager may import the installed base.")
            )

    def _aftersales_template_headers(self):
        """The template's column titles (COLUMNS' order), in the user's
        language."""
        return [
            self.env._("Serial Number"),
            self.env._("Product (internal reference or name)"),
            self.env._("Customer (reference, tax ID or name)"),
            self.env._("Installation Site (address name)"),
            self.env._("Purchase / Warranty Card Date (YYYY-MM-DD)"),
            self.env._("Factory Date (YYYY-MM-DD)"),
            self.env._("Promised Warranty (months)"),
            self.env._("Promise Document"),
            self.env._("Contract Number"),
        ]

    def action_download_template(self):
        """The XLSX template: one sheet to fill, one explaining the columns."""
        self.ensure_one()
        import openpyxl  # noqa: PLC0415 (in Odoo's requirements)

        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = self.env._("Installed Base")
        sheet.append(self._aftersales_template_headers())
        for cell in sheet[1]:
            cell.font = openpyxl.styles.Font(bold=True)
        for index in range(len(COLUMNS)):
            sheet.column_dimensions[
                openpyxl.utils.get_column_letter(index + 1)
            ].width = 28
        notes = book.create_sheet(self.env._("Instructions"))
        for line in (
            self.env._(
                "One row per unit. Serial number and product identify a unit: "
                "importing the file again updates the units, never duplicates them."
            ),
            self.env._(
                "Product, customer and contract must exist in Odoo; the site is "
                "an address (contact) of the customer."
            ),
            self.env._(
                "Dates as YYYY-MM-DD or date cells. The purchase or warranty card "
                "date starts the warranty; without it, the factory date plus the "
                "grace months does."
            ),
            self.env._(
                "Check the rows in Odoo: each row gets its message; nothing is "
                "applied until every row is correct."
            ),
        ):
            notes.append([line])
        stream = io.BytesIO()
        book.save(stream)
        self.template_file = base64.b64encode(stream.getvalue())
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/template_file/"
            "installed_base_template.xlsx?download=true",
            "target": "self",
        }

    def action_load(self):
        """Read the spreadsheet into the staging rows (replacing them) and
        check them."""
        self.ensure_one()
        self._check_manager()
        if self.state == "applied":
            raise UserError(self.env._("This import is applied: start a new one."))
        if not self.file:
            raise UserError(
                self.env._("Upload the filled template (XLSX) in 'Spreadsheet' first.")
            )
        import openpyxl  # noqa: PLC0415

        try:
            book = openpyxl.load_workbook(
                io.BytesIO(base64.b64decode(self.file)), read_only=True, data_only=True
            )
        except Exception as error:  # noqa: BLE001 (any unreadable file)
            raise UserError(
                self.env._(
                    "The file is not a readable XLSX spreadsheet (%(error)s). Save it "
                    "as Excel Workbook (.xlsx) from the template.",
                    error=error,
                )
            ) from error
        sheet = book.worksheets[0]
        vals_list = []
        for number, row in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
            values = [_text(value) for value in row[: len(COLUMNS)]]
            if not any(values):
                continue
            values += [""] * (len(COLUMNS) - len(values))
            vals_list.append(
                {
                    "import_id": self.id,
                    "row": number,
                    **{
                        name: value
                        for (name, _h), value in zip(COLUMNS, values, strict=True)
                    },
                }
            )
        book.close()
        self.line_ids.unlink()
        self.env["aftersales.installed.base.import.line"].create(vals_list)
        return self.action_check()

    def action_check(self):
        """Check every row; each row gets its message."""
        self.ensure_one()
        self._check_manager()
        self.line_ids._aftersales_check()
        self.state = "checked" if self.line_ids and not self.error_count else "draft"
        return True

    def action_apply(self):
        """Apply every row, or none: a single row in error stops it all."""
        self.ensure_one()
        self._check_manager()
        if self.state == "applied":
            raise UserError(self.env._("This import is applied already."))
        self.action_check()
        if not self.line_ids:
            raise UserError(
                self.env._("There is no row to apply: load the spreadsheet.")
            )
        if self.error_count:
            raise UserError(
                self.env._(
                    "%(count)s of %(total)s rows have errors: nothing was applied. "
                    "Correct them in the spreadsheet (each row says what is wrong), "
                    "load it again and apply.",
                    count=self.error_count,
                    total=self.line_count,
                )
            )
        created, updated = self.line_ids._aftersales_apply()
        self.write(
            {"state": "applied", "created_count": created, "updated_count": updated}
        )
        return True


class AftersalesInstalledBaseImportLine(models.Model):
    _name = "aftersales.installed.base.import.line"
    _description = "After-Sales Installed Base Import Row"
    _order = "import_id, row"
    _check_company_auto = True

    import_id = fields.Many2one(
        comodel_name="aftersales.installed.base.import",
        required=True,
        ondelete="cascade",
        index=True,
    )
    company_id = fields.Many2one(related="import_id.company_id", store=True)
    row = fields.Integer()
    serial = fields.Char(string="Serial Number")
    product_ref = fields.Char(string="Product")
    customer_ref = fields.Char(string="Customer")
    site_ref = fields.Char(string="Site")
    purchase_text = fields.Char(string="Purchase / Card Date")
    factory_text = fields.Char(string="Factory Date")
    months_text = fields.Char(string="Promised Months")
    promise_ref = fields.Char(string="Promise Document")
    contract_ref = fields.Char(string="Contract")
    product_id = fields.Many2one(
        comodel_name="product.product", string="Product Found", readonly=True
    )
    customer_id = fields.Many2one(
        comodel_name="res.partner", string="Customer Found", readonly=True
    )
    site_id = fields.Many2one(
        comodel_name="res.partner", string="Site Address", readonly=True
    )
    contract_id = fields.Many2one(
        comodel_name="aftersales.contract", string="Contract Found", readonly=True
    )
    lot_id = fields.Many2one(
        comodel_name="stock.lot",
        string="Existing Unit",
        readonly=True,
        help="The unit with this serial number and product, updated when applied.",
    )
    purchase_date = fields.Date(string="Purchase Date Read", readonly=True)
    factory_date = fields.Date(string="Factory Date Read", readonly=True)
    promised_months = fields.Integer(string="Promised Months Read", readonly=True)
    error = fields.Boolean(readonly=True)
    message = fields.Char(readonly=True)

    def _aftersales_check(self):
        """Resolve each row's names to records and say what is wrong."""
        seen = {}
        for line in self:
            company = line.import_id.company_id
            errors = []
            serial = (line.serial or "").strip()
            if not serial:
                errors.append(self.env._("Serial number is empty."))
            product = line._check_product(company, errors)
            customer = line._check_customer(company, errors)
            site = line._check_site(customer, errors)
            purchase, factory = line._check_dates(errors)
            months = line._check_months(errors)
            contract = line._check_contract(company, customer, errors)
            lot = line._check_unit(serial, product, customer, purchase, seen, errors)
            line.write(
                {
                    "product_id": product.id,
                    "customer_id": customer.id,
                    "site_id": site.id,
                    "contract_id": contract.id,
                    "lot_id": lot.id,
                    "purchase_date": purchase,
                    "factory_date": factory,
                    "promised_months": months,
                    "error": bool(errors),
                    "message": " ".join(errors)
                    or (
                        self.env._("Updates unit %(serial)s.", serial=serial)
                        if lot
                        else self.env._("Creates unit %(serial)s.", serial=serial)
                    ),
                }
            )

    def _match_one(self, model, domains, errors, not_found, ambiguous):
        """The one record the first of ``domains`` that finds any finds (the
        import's order of preference); otherwise the message ``not_found``,
        or ``ambiguous(count)``, is added to ``errors`` and nothing returned."""
        found = model.browse()
        for domain in domains:
            found = model.search(domain)
            if found:
                break
        if not found:
            errors.append(not_found)
        elif len(found) > 1:
            errors.append(ambiguous(len(found)))
            found = model.browse()
        return found

    def _check_product(self, company, errors):
        Product = self.env["product.product"].with_context(active_test=False)
        ref = (self.product_ref or "").strip()
        if not ref:
            errors.append(self.env._("Product is empty."))
            return Product.browse()
        scope = [("company_id", "in", [company.id, False])]
        product = self._match_one(
            Product,
            [[*scope, ("default_code", "=", ref)], [*scope, ("name", "=", ref)]],
            errors,
            self.env._(
                "Product '%(ref)s' not found: give its internal reference "
                "or exact name.",
                ref=ref,
            ),
            lambda n: self.env._(
                "Product '%(ref)s' matches %(n)s products: give its internal "
                "reference.",
                ref=ref,
                n=n,
            ),
        )
        if product and product.tracking != "serial":
            errors.append(
                self.env._(
                    "Product '%(ref)s' is not tracked by serial number: set "
                    "'Track by serial number' on the product first.",
                    ref=ref,
                )
            )
        return product

    def _check_customer(self, company, errors):
        Partner = self.env["res.partner"]
        ref = (self.customer_ref or "").strip()
        if not ref:
            errors.append(self.env._("Customer is empty."))
            return Partner.browse()
        scope = [("company_id", "in", [company.id, False])]
        customer = self._match_one(
            Partner,
            [
                [*scope, ("ref", "=", ref)],
                [*scope, ("vat", "=", ref)],
                [*scope, ("name", "=", ref), ("parent_id", "=", False)],
            ],
            errors,
            self.env._(
                "Customer '%(ref)s' not found: give its reference, tax ID or "
                "exact name, or create the customer first.",
                ref=ref,
            ),
            lambda n: self.env._(
                "Customer '%(ref)s' matches %(n)s contacts: give its "
                "reference or tax ID.",
                ref=ref,
                n=n,
            ),
        )
        return customer.commercial_partner_id

    def _check_site(self, customer, errors):
        Partner = self.env["res.partner"]
        site = Partner.browse()
        ref = (self.site_ref or "").strip()
        if ref and customer:
            site = Partner.search(
                [("id", "child_of", customer.id), ("name", "=", ref)], limit=2
            )
            if len(site) != 1:
                errors.append(
                    self.env._(
                        "Site '%(ref)s' is not one address of customer %(customer)s: "
                        "add it to the customer's contacts or correct the name.",
                        ref=ref,
                        customer=customer.display_name,
                    )
                )
                site = Partner.browse()
        return site

    def _check_dates(self, errors):
        dates = {}
        for name, label in (
            ("purchase_text", self.env._("Purchase date")),
            ("factory_text", self.env._("Factory date")),
        ):
            text = (self[name] or "").strip()
            dates[name] = False
            if text:
                try:
                    dates[name] = datetime.date.fromisoformat(text[:10])
                except ValueError:
                    errors.append(
                        self.env._(
                            "%(label)s '%(text)s' is not a date: write it as "
                            "YYYY-MM-DD.",
                            label=label,
                            text=text,
                        )
                    )
        purchase, factory = dates["purchase_text"], dates["factory_text"]
        if purchase and factory and purchase < factory:
            errors.append(
                self.env._(
                    "Purchase date %(purchase)s is before the factory date "
                    "%(factory)s: correct one of the two.",
                    purchase=purchase,
                    factory=factory,
                )
            )
        if purchase and purchase > fields.Date.context_today(self):
            errors.append(
                self.env._("Purchase date %(date)s is in the future.", date=purchase)
            )
        return purchase, factory

    def _check_months(self, errors):
        text = (self.months_text or "").strip()
        if text and not text.isdigit():
            errors.append(
                self.env._(
                    "Promised months '%(text)s' must be a whole number of months "
                    "(0 or more).",
                    text=text,
                )
            )
            return 0
        return int(text or 0)

    def _check_contract(self, company, customer, errors):
        contract = self.env["aftersales.contract"]
        ref = (self.contract_ref or "").strip()
        if ref and customer:
            contract = contract.search(
                [
                    ("name", "=", ref),
                    ("company_id", "=", company.id),
                    ("partner_id", "child_of", customer.id),
                ]
            )
            if len(contract) != 1:
                errors.append(
                    self.env._(
                        "Contract '%(ref)s' not found for customer %(customer)s: "
                        "give the contract number of this customer's contract.",
                        ref=ref,
                        customer=customer.display_name,
                    )
                )
                contract = contract.browse()
        return contract

    def _check_unit(self, serial, product, customer, purchase, seen, errors):
        company = self.import_id.company_id
        lot = self.env["stock.lot"]
        if serial and product:
            key = (serial, product.id)
            if key in seen:
                errors.append(
                    self.env._(
                        "Serial %(serial)s of %(product)s is already on row %(row)s: "
                        "one row per unit.",
                        serial=serial,
                        product=product.display_name,
                        row=seen[key],
                    )
                )
            seen.setdefault(key, self.row)
            lot = lot.search(
                [
                    ("name", "=", serial),
                    ("product_id", "=", product.id),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=1,
            )
        if (
            lot
            and customer
            and lot.aftersales_customer_id
            and (
                lot.aftersales_customer_source == "manual"
                and lot.aftersales_customer_id.commercial_partner_id != customer
            )
        ):
            errors.append(
                self.env._(
                    "Unit %(serial)s belongs to %(owner)s, set by hand: change it on "
                    "the unit first or correct the customer.",
                    serial=serial,
                    owner=lot.aftersales_customer_id.display_name,
                )
            )
        if (
            lot
            and purchase
            and lot.aftersales_warranty_start_source in ("manual", "card")
            and lot.aftersales_warranty_start != purchase
        ):
            errors.append(
                self.env._(
                    "Unit %(serial)s has a warranty start set by hand (%(start)s): "
                    "leave the date empty or change it on the unit.",
                    serial=serial,
                    start=lot.aftersales_warranty_start,
                )
            )
        return lot

    def _aftersales_apply(self):
        """Create or update the units (serial + product), then link them to
        their contracts; return (created, updated)."""
        Lot = self.env["stock.lot"].sudo().with_context(tracking_disable=True)
        to_create, created, updated = [], 0, 0
        for line in self:
            vals = {
                "aftersales_customer_id": line.customer_id.id,
                "aftersales_customer_source": "import",
                "aftersales_site_partner_id": (line.site_id or line.customer_id).id,
            }
            if line.factory_date:
                vals["aftersales_factory_date"] = line.factory_date
            if line.purchase_date:
                vals["aftersales_warranty_start"] = line.purchase_date
                vals["aftersales_warranty_start_source"] = "import"
            if line.months_text:
                vals["aftersales_promised_months"] = line.promised_months
            if line.promise_ref:
                vals["aftersales_promise_ref"] = line.promise_ref
            if line.lot_id:
                Lot.browse(line.lot_id.id)._aftersales_write(vals)
                updated += 1
            else:
                to_create.append(
                    {
                        **vals,
                        "name": line.serial.strip(),
                        "product_id": line.product_id.id,
                        "company_id": line.import_id.company_id.id,
                    }
                )
        new_lots = Lot._aftersales_create(to_create)
        created = len(new_lots)
        new_by_key = {(lot.name, lot.product_id.id): lot for lot in new_lots}
        for line in self.filtered("contract_id"):
            lot = line.lot_id or new_by_key[line.serial.strip(), line.product_id.id]
            line.contract_id.sudo().write({"lot_ids": [fields.Command.link(lot.id)]})
        for line in self.filtered(lambda row: not row.lot_id):
            line.lot_id = new_by_key[line.serial.strip(), line.product_id.id]
        return created, updated
