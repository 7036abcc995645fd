import logging
from contextlib import contextmanager
from datetime import timedelta

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import SQL

from ..rules import numbering

_logger = logging.getLogger(__name__)


@contextmanager
def _created_once(env, what):
    """Create something that must exist once (a numbering sequence, a month's
    range) and that another transaction may be creating at the same time.

    The unique index makes the second creator wait for the first and then
    fail; its snapshot (REPEATABLE READ) cannot see the first one's row, so
    instead of an error it gets a ``ConcurrencyError``: Odoo's RPC layer
    (``odoo.service.model.retrying``) rolls back and runs the call again,
    and the new attempt finds the row."""
    try:
        with env.cr.savepoint():
            yield
    except UniqueViolation as error:
        raise ConcurrencyError(
            f"{what} was created by a concurrent transaction"
        ) from error


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    aftersales_monthly_range = fields.Boolean(
        string="Monthly Ranges",
        help="Restart the running number every month (document numbers "
        "CODE-YYMM-NN of the after-sales regulations).",
    )
    aftersales_ticket_code = fields.Char(
        string="Ticket Department Code",
        readonly=True,
        copy=False,
        help="This sequence numbers the company's service requests of this "
        "department code, whichever team they belong to.",
    )

    _aftersales_ticket_code_unique = models.UniqueIndex(
        "(company_id, aftersales_ticket_code) WHERE aftersales_ticket_code IS NOT NULL",
        "A company has one numbering sequence per department code.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        sequences = super().create(vals_list)
        sequences.filtered("aftersales_monthly_range")._aftersales_ensure_ranges()
        return sequences

    def _create_date_range_seq(self, date):
        if not self.aftersales_monthly_range:
            return super()._create_date_range_seq(date)
        # Ranges are made ahead (_aftersales_ensure_ranges); a month nobody
        # prepared (a back-dated document) is created here, once.
        date_from, date_to = numbering.month_range(fields.Date.to_date(date))
        with _created_once(self.env, f"Numbering range {date_from} of {self.name}"):
            date_range = (
                self.env["ir.sequence.date_range"]
                .sudo()
                .create(
                    {
                        "date_from": date_from,
                        "date_to": date_to,
                        "sequence_id": self.id,
                    }
                )
            )
        return date_range

    @api.model
    def _aftersales_ticket_sequences(self, keys):
        """The numbering sequence of each (company, department code) in
        ``keys``, created when missing: teams sharing a code share it, so a
        number never repeats within the company."""
        keys = {(company, numbering.check_code(code)) for company, code in keys}
        Sequence = self.sudo().with_context(active_test=False)
        found = Sequence.search(
            [
                ("company_id", "in", [company.id for company, _code in keys]),
                ("aftersales_ticket_code", "in", [code for _company, code in keys]),
            ]
        )
        result = {(seq.company_id, seq.aftersales_ticket_code): seq for seq in found}
        missing = sorted(keys - set(result), key=lambda key: (key[0].id, key[1]))
        if missing:
            with _created_once(self.env, "Ticket numbering"):
                created = Sequence.create(
                    [
                        {
                            "name": self.env._(
                                "Service requests %(code)s (%(company)s)",
                                code=code,
                                company=company.name,
                            ),
                            "prefix": numbering.sequence_prefix(code),
                            "padding": numbering.PADDING,
                            "use_date_range": True,
                            "aftersales_monthly_range": True,
                            "aftersales_ticket_code": code,
                            "company_id": company.id,
                            "implementation": "standard",
                        }
                        for company, code in missing
                    ]
                )
            result.update(zip(missing, created, strict=True))
            created._aftersales_continue_ticket_numbers()
        return result

    def _aftersales_continue_ticket_numbers(self):
        """A new ticket sequence starts each month after the numbers its
        company already gave with its code (teams that had their own
        sequence before, a code used again, imported requests)."""
        for sequence in self:
            code = sequence.aftersales_ticket_code
            # The running number is the last part of CODE-YYMM-NN; the ORM
            # cannot group on a part of a string.
            rows = self.env.execute_query(
                SQL(
                    "SELECT substring(number FROM %(month)s), "
                    "max(substring(number FROM %(running)s)::integer) "
                    "FROM helpdesk_ticket WHERE company_id = %(company)s "
                    "AND number ~ %(pattern)s GROUP BY 1",
                    month=f"^{code}-([0-9]{{4}})-",
                    running=f"^{code}-[0-9]{{4}}-([0-9]+)$",
                    company=sequence.company_id.id,
                    pattern=f"^{code}-[0-9]{{4}}-[0-9]+$",
                )
            )
            for yymm, last in rows:
                day = fields.Date.to_date(f"20{yymm[:2]}-{yymm[2:]}-01")
                sequence._aftersales_range(day)._aftersales_continue_after(last)

    def _aftersales_next_numbers(self, day, count):
        """The next ``count`` numbers of this monthly sequence for ``day``,
        drawn together: one range lookup and one draw (a standard sequence's
        ``nextval`` for each, in one query) instead of two queries each."""
        self.ensure_one()
        date_range = self._aftersales_range(day)
        context = {
            "ir_sequence_date": day,
            "ir_sequence_date_range": date_range.date_from,
        }
        if self.implementation != "standard":
            date_range = date_range.with_context(**context)
            return [date_range._next() for _i in range(count)]
        dated = self.with_context(**context)
        rows = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{self.id:03d}_{date_range.id:03d}",
                count,
            )
        )
        # ``get_next_char`` for each number, the prefix and suffix
        # interpolated once for the batch (they are the same for all).
        prefix, suffix = dated._get_prefix_suffix()
        return [
            f"{prefix}{number:0{self.padding}d}{suffix}" for [number] in sorted(rows)
        ]

    def _aftersales_range(self, day):
        """This monthly sequence's range of ``day``, created when missing."""
        self.ensure_one()
        date_range = self.env["ir.sequence.date_range"].search(
            [
                ("sequence_id", "=", self.id),
                ("date_from", "<=", day),
                ("date_to", ">=", day),
            ],
            limit=1,
        )
        return date_range or self._create_date_range_seq(day)

    def _aftersales_ensure_ranges(self, day=None):
        """Create this month's and next month's ranges of these monthly
        sequences when missing, so that numbering never has to create one."""
        day = day or fields.Date.context_today(self)
        months = [numbering.month_range(day)]
        months.append(numbering.month_range(months[0][1] + timedelta(days=1)))
        sequences = self.filtered("aftersales_monthly_range")
        if not sequences:
            return self.env["ir.sequence.date_range"]
        DateRange = self.env["ir.sequence.date_range"].sudo()
        existing = {
            (date_range.sequence_id.id, date_range.date_from)
            for date_range in DateRange.search(
                [
                    ("sequence_id", "in", sequences.ids),
                    ("date_from", "in", [date_from for date_from, _to in months]),
                ]
            )
        }
        vals_list = [
            {"sequence_id": sequence.id, "date_from": date_from, "date_to": date_to}
            for sequence in sequences
            for date_from, date_to in months
            if (sequence.id, date_from) not in existing
        ]
        if not vals_list:
            return DateRange
        with _created_once(self.env, "Numbering ranges"):
            return DateRange.create(vals_list)

    @api.model
    def _cron_aftersales_prepare_ranges(self):
        """Daily: every monthly sequence gets next month's range ahead (a
        day that meets a concurrent creation leaves it to the next run)."""
        sequences = self.sudo().search([("aftersales_monthly_range", "=", True)])
        try:
            sequences._aftersales_ensure_ranges()
        except ConcurrencyError:
            _logger.info("A numbering range was created concurrently; next run")
        self.env["ir.cron"]._commit_progress(len(sequences), remaining=0)


class IrSequenceDateRange(models.Model):
    _inherit = "ir.sequence.date_range"

    def _aftersales_continue_after(self, last):
        """Make the next number of this range follow ``last`` at least."""
        self.ensure_one()
        if self.number_next_actual <= last:
            self.number_next_actual = last + 1
