"""Warranty from history: the installed base delivered before the addons
were installed gets its customer and warranty start from the deliveries and
invoices already in the database (the same rule as a delivery or invoice made
today), set-based: the facts of every serial in one SQL query, the values
written in one write per distinct start date and per customer."""

import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL, split_every, sql

from ..rules import golive

_logger = logging.getLogger(__name__)

MANAGER_GROUP = "aftersales_service.group_aftersales_manager"
CONFLICTS = [
    (golive.DELIVERED_TWICE, "Delivered more than once"),
    (golive.RETURNED, "Returned by the customer"),
    (golive.CUSTOMER_MISMATCH, "Delivered to one customer, invoiced to another"),
    (golive.OWNER_DIFFERS, "Already has another customer"),
    (golive.BEFORE_FACTORY, "Delivered or invoiced before its factory date"),
]

# Done moves of serials into and out of customer locations, per serial: how
# many deliveries and returns, the first delivery, the customers delivered to.
HISTORY_QUERY = """
    SELECT ml.lot_id,
           count(DISTINCT m.id) FILTER (WHERE dest.usage = 'customer'
                                        AND src.usage != 'customer'),
           count(DISTINCT m.id) FILTER (WHERE src.usage = 'customer'
                                        AND dest.usage != 'customer'),
           min(m.date) FILTER (WHERE dest.usage = 'customer'
                               AND src.usage != 'customer'),
           array_remove(array_agg(DISTINCT coalesce(
               pp.commercial_partner_id, mp.commercial_partner_id))
               FILTER (WHERE dest.usage = 'customer'
                       AND src.usage != 'customer'), NULL),
           min(coalesce(lot.company_id, m.company_id))
      FROM stock_move_line ml
      JOIN stock_move m ON m.id = ml.move_id
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dest ON dest.id = m.location_dest_id
      JOIN stock_lot lot ON lot.id = ml.lot_id
      LEFT JOIN stock_picking p ON p.id = m.picking_id
      LEFT JOIN res_partner pp ON pp.id = p.partner_id
      LEFT JOIN res_partner mp ON mp.id = m.partner_id
     WHERE m.state = 'done'
       AND (dest.usage = 'customer' OR src.usage = 'customer')
       AND ml.lot_id = ANY(%(lots)s)
     GROUP BY ml.lot_id
"""
# The serials of ``companies`` with a done delivery to a customer, in order.
DELIVERED_QUERY = """
    SELECT DISTINCT ml.lot_id
      FROM stock_move_line ml
      JOIN stock_move m ON m.id = ml.move_id
      JOIN stock_location src ON src.id = m.location_id
      JOIN stock_location dest ON dest.id = m.location_dest_id
      JOIN stock_lot lot ON lot.id = ml.lot_id
     WHERE m.state = 'done'
       AND dest.usage = 'customer' AND src.usage != 'customer'
       AND coalesce(lot.company_id, m.company_id) = ANY(%(companies)s)
     ORDER BY ml.lot_id
"""
# Posted customer invoices per serial: the lines naming the serial (since the
# addons) and, when sales are installed, the invoices of the sale order lines
# the delivery moves belong to.
INVOICE_BY_LINE_QUERY = """
    SELECT rel.stock_lot_id, am.invoice_date, am.commercial_partner_id
      FROM account_move_line_stock_lot_rel rel
      JOIN account_move_line aml ON aml.id = rel.account_move_line_id
      JOIN account_move am ON am.id = aml.move_id
     WHERE am.move_type = 'out_invoice' AND am.state = 'posted'
       AND rel.stock_lot_id = ANY(%(lots)s)
"""
INVOICE_BY_SALE_QUERY = """
    SELECT ml.lot_id, am.invoice_date, am.commercial_partner_id
      FROM stock_move_line ml
      JOIN stock_move m ON m.id = ml.move_id
      JOIN stock_location dest ON dest.id = m.location_dest_id
      JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = m.sale_line_id
      JOIN account_move_line aml ON aml.id = rel.invoice_line_id
      JOIN account_move am ON am.id = aml.move_id
     WHERE m.state = 'done' AND dest.usage = 'customer'
       AND am.move_type = 'out_invoice' AND am.state = 'posted'
       AND ml.lot_id = ANY(%(lots)s)
"""


class AftersalesHistoryBackfill(models.TransientModel):
    _name = "aftersales.history.backfill"
    _description = "After-Sales Warranty from History"

    state = fields.Selection(
        selection=[("draft", "To Run"), ("done", "Done")],
        default="draft",
        required=True,
    )
    found_count = fields.Integer(
        string="Serials Delivered",
        readonly=True,
        help="Serials with at least one done delivery to a customer.",
    )
    customer_count = fields.Integer(string="Customers Set", readonly=True)
    start_count = fields.Integer(string="Warranty Starts Set", readonly=True)
    kept_count = fields.Integer(
        string="Kept (Set Before)",
        readonly=True,
        help="Serials whose warranty start came from a proof or was set by "
        "hand: kept as they were.",
    )
    no_invoice_count = fields.Integer(
        string="No Posted Invoice",
        readonly=True,
        help="The company starts warranties at the invoice and no posted "
        "customer invoice was found: the customer is set, the start is not.",
    )
    conflict_count = fields.Integer(string="Conflicts", readonly=True)
    conflict_ids = fields.One2many(
        comodel_name="aftersales.history.backfill.conflict",
        inverse_name="backfill_id",
        string="To Decide",
        readonly=True,
    )

    def action_run(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                self.env._(
                    "Only an after-sales manager may fill the installed base "
                    "from the delivery and invoice history."
                )
            )
        summary = self.env["stock.lot"]._aftersales_backfill_history(
            self.env.companies.ids
        )
        self.write(
            {
                "state": "done",
                "found_count": summary["found"],
                "customer_count": summary["customers"],
                "start_count": summary["starts"],
                "kept_count": summary["kept"],
                "no_invoice_count": summary["no_invoice"],
                "conflict_count": len(summary["conflicts"]),
                "conflict_ids": [
                    fields.Command.create({"lot_id": lot_id, "kind": kind})
                    for lot_id, kind in summary["conflicts"]
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }


class AftersalesHistoryBackfillConflict(models.TransientModel):
    _name = "aftersales.history.backfill.conflict"
    _description = "After-Sales Warranty from History: Conflict"

    backfill_id = fields.Many2one(
        comodel_name="aftersales.history.backfill", required=True, ondelete="cascade"
    )
    lot_id = fields.Many2one(comodel_name="stock.lot", string="Serial Number")
    product_id = fields.Many2one(related="lot_id.product_id")
    customer_id = fields.Many2one(related="lot_id.aftersales_customer_id")
    kind = fields.Selection(selection=CONFLICTS, string="Conflict", required=True)


class StockLot(models.Model):
    _inherit = "stock.lot"

    @api.model
    def _aftersales_backfill_history(self, company_ids, batch_size=5000):
        """Fill customer and warranty start of the serials delivered in
        ``company_ids`` from their history (see ``rules/golive.py``); return
        the summary: found, customers, starts, kept, no_invoice, conflicts
        (a list of (lot id, kind)). ``batch_size`` serials at a time: memory
        does not grow with the installed base."""
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(DELIVERED_QUERY, {"companies": list(company_ids)})
        delivered = [row[0] for row in cr.fetchall()]
        invoice_queries = [INVOICE_BY_LINE_QUERY]
        if sql.column_exists(cr, "stock_move", "sale_line_id") and sql.table_exists(
            cr, "sale_order_line_invoice_rel"
        ):
            invoice_queries.append(INVOICE_BY_SALE_QUERY)
        events = {
            company.id: company.aftersales_warranty_start_event
            for company in self.env["res.company"].sudo().browse(company_ids)
        }
        summary = {
            "found": 0,
            "customers": 0,
            "starts": 0,
            "kept": 0,
            "no_invoice": 0,
            "conflicts": [],
        }
        for lot_ids in split_every(batch_size, delivered, list):
            self._aftersales_backfill_batch(lot_ids, invoice_queries, events, summary)
        self.env.flush_all()
        _logger.info(
            "Warranty from history: %(found)s serials delivered, %(customers)s "
            "customers and %(starts)s warranty starts set, %(kept)s kept, "
            "%(no_invoice)s without a posted invoice, %(n)s conflicts to decide",
            {**summary, "n": len(summary["conflicts"])},
        )
        return summary

    @api.model
    def _aftersales_backfill_batch(self, lot_ids, invoice_queries, events, summary):
        """One batch of the history backfill: the facts of ``lot_ids`` in
        three queries, the rule decided per unit, the values written per
        unit in one batched write; ``summary`` counted on."""
        cr = self.env.cr
        cr.execute(HISTORY_QUERY, {"lots": lot_ids})
        rows = cr.fetchall()
        invoices = defaultdict(lambda: [None, set()])
        for query in invoice_queries:
            cr.execute(query, {"lots": lot_ids})
            for lot_id, invoice_date, partner_id in cr.fetchall():
                entry = invoices[lot_id]
                if invoice_date and (not entry[0] or invoice_date < entry[0]):
                    entry[0] = invoice_date
                entry[1].add(partner_id)
        current = {}
        cr.execute(
            SQL(
                "SELECT id, aftersales_customer_id, aftersales_warranty_start_source,"
                " aftersales_factory_date FROM stock_lot WHERE id = ANY(%s)",
                lot_ids,
            )
        )
        for lot_id, customer_id, source, factory in cr.fetchall():
            current[lot_id] = (customer_id, source, factory)
        values = defaultdict(dict)
        for lot_id, deliveries, returns, first, customers, company_id in rows:
            if not deliveries:
                continue
            summary["found"] += 1
            customer_id, source, factory = current[lot_id]
            invoice_date, invoice_customers = invoices.get(lot_id, (None, ()))
            outcome = golive.decide(
                golive.History(
                    deliveries=deliveries,
                    returns=returns,
                    first_delivery=first and first.date(),
                    delivery_customers=tuple(customers),
                    invoice_date=invoice_date,
                    invoice_customers=tuple(invoice_customers),
                    current_customer=customer_id,
                    start_source=source or None,
                    factory_date=factory,
                    start_event=events.get(company_id, golive.DELIVERY),
                )
            )
            summary["conflicts"] += [(lot_id, kind) for kind in outcome.conflicts]
            summary["kept"] += outcome.kept_start
            summary["no_invoice"] += outcome.no_invoice
            if outcome.start:
                values[lot_id]["aftersales_warranty_start"] = outcome.start
                values[lot_id]["aftersales_warranty_start_source"] = (
                    outcome.start_source
                )
                summary["starts"] += 1
            if outcome.customer:
                values[lot_id]["aftersales_customer_id"] = outcome.customer
                values[lot_id]["aftersales_customer_source"] = outcome.customer_source
                summary["customers"] += 1
        # No chatter message per unit: the summary is the record of the run.
        self.sudo()._aftersales_write_per_record(values)
