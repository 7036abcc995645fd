from odoo import models

from ..models import aftersales_kpi_statistics as statistics
from ..models.aftersales_kpi_fact import KPIS, TARGET_FIELDS
from ..rules import kpi as kpi_rules

RATIO_KPIS = [(code, label) for code, label in KPIS if code in kpi_rules.RATIO_KPIS]
CHART_KPIS = (
    kpi_rules.KPI_ON_TIME,
    kpi_rules.KPI_SATISFACTION,
    kpi_rules.KPI_COMPLAINT,
)
NOT_AVAILABLE = "not available"


class AftersalesKpiWorkbook(models.AbstractModel):
    """The statistics workbook of a period (月度统计 / 半年分析 / 年度总结):
    one sheet per area, totals, frozen headers, native charts of the three
    regulated KPIs against their targets. Every figure is read from the KPI
    facts, as the dashboard shows them; the request list is read from the
    database by batches and written row by row (``constant_memory``), so
    the memory does not grow with the rows."""

    _name = "report.aftersales_service.kpi_workbook"
    _inherit = "report.report_xlsx.abstract"
    _description = "After-Sales Statistics Workbook"

    def get_workbook_options(self):
        return {"constant_memory": True, "strings_to_numbers": False}

    def _formats(self, workbook):
        return {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True}
            ),
            "text": workbook.add_format({}),
            "int": workbook.add_format({"num_format": "#,##0"}),
            "rate": workbook.add_format({"num_format": "0.00"}),
            "total": workbook.add_format({"bold": True, "top": 1}),
            "total_int": workbook.add_format(
                {"bold": True, "top": 1, "num_format": "#,##0"}
            ),
            "total_rate": workbook.add_format(
                {"bold": True, "top": 1, "num_format": "0.00"}
            ),
            "date": workbook.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
            "month": workbook.add_format({"num_format": "yyyy-mm"}),
            "money": workbook.add_format({"num_format": "#,##0.00"}),
            "muted": workbook.add_format({"italic": True, "font_color": "#808080"}),
        }

    def generate_xlsx_report(self, workbook, data, objs):
        wizard = objs[:1]
        months = wizard._aftersales_months()
        companies = wizard.company_ids
        fmt = self._formats(workbook)
        Fact = self.env["aftersales.kpi.fact"]
        domain = [
            ("company_id", "in", companies.ids),
            ("period", ">=", months[0]),
            ("period", "<=", months[-1]),
        ]
        company = companies[:1]
        targets = {kpi: company[field] for kpi, field in TARGET_FIELDS.items()}
        labels = dict(KPIS)
        self._sheet_summary(
            workbook, fmt, wizard, months, domain, targets, labels, Fact
        )
        technicians = self.env._("Technicians")
        teams = self.env._("Teams")
        product_lines = self.env._("Product Lines")
        by = [
            ("user_id", technicians),
            ("team_id", teams),
            ("product_categ_id", product_lines),
        ]
        for groupby, title in by:
            self._sheet_by(workbook, fmt, title, domain, groupby, labels, Fact)
        self._sheet_backlog(workbook, fmt, domain, Fact)
        self._sheet_requests(workbook, fmt, months, companies)
        self._sheet_statistics(workbook, fmt, domain, Fact)
        self._sheet_extra(workbook, fmt, months, companies)

    # ------------------------------------------------------------------

    def _sheet_summary(
        self, workbook, fmt, wizard, months, domain, targets, labels, Fact
    ):
        sheet = workbook.add_worksheet(self.env._("Summary"))
        sheet.set_column(0, 0, 38)
        sheet.set_column(1, 6, 14)
        span = dict(wizard._fields["span"]._description_selection(self.env))[
            wizard.span
        ]
        sheet.write(0, 0, span, fmt["title"])
        sheet.write(
            1,
            0,
            self.env._(
                "%(first)s to %(last)s, %(companies)s",
                first=months[0].strftime("%Y-%m"),
                last=months[-1].strftime("%Y-%m"),
                companies=", ".join(wizard.company_ids.mapped("name")),
            ),
        )
        header = [
            self.env._("KPI"),
            self.env._("Numerator"),
            self.env._("Denominator"),
            self.env._("Rate (%)"),
            self.env._("Target (%)"),
            self.env._("Target Met"),
        ]
        sheet.write_row(3, 0, header, fmt["header"])
        sheet.freeze_panes(4, 1)
        totals = Fact._aftersales_totals(domain)
        row = 4
        for kpi, _label in RATIO_KPIS:
            ratio = totals.get((kpi,), kpi_rules.Ratio())
            sheet.write(row, 0, labels[kpi])
            sheet.write_number(row, 1, ratio.numerator, fmt["int"])
            sheet.write_number(row, 2, ratio.denominator, fmt["int"])
            if ratio.rate is None:
                sheet.write(row, 3, NOT_AVAILABLE, fmt["muted"])
            else:
                sheet.write_number(row, 3, float(ratio.rate), fmt["rate"])
            if kpi in targets:
                sheet.write_number(row, 4, targets[kpi], fmt["rate"])
                met = kpi_rules.meets_target(kpi, ratio.rate, targets[kpi])
                sheet.write(
                    row,
                    5,
                    NOT_AVAILABLE
                    if met is None
                    else (self.env._("Yes") if met else self.env._("No")),
                )
            row += 1
        backlog = totals.get((kpi_rules.KPI_BACKLOG,), kpi_rules.Ratio())
        sheet.write(row, 0, labels[kpi_rules.KPI_BACKLOG], fmt["total"])
        sheet.write_number(row, 1, backlog.numerator, fmt["total_int"])
        row += 2
        # Month over month: the period's months, at least the last 12.
        trend = months
        if len(trend) < 12:
            trend = [kpi_rules.add_months(months[-1], n) for n in range(-11, 1)]
        sheet.write(row, 0, self.env._("Month over Month"), fmt["title"])
        row += 1
        header_row = row
        sheet.write(row, 0, self.env._("Month"), fmt["header"])
        for index, kpi in enumerate(CHART_KPIS):
            sheet.write(row, 1 + 2 * index, labels[kpi], fmt["header"])
            sheet.write(row, 2 + 2 * index, self.env._("Target (%)"), fmt["header"])
        by_month = Fact._aftersales_totals(
            [
                ("company_id", "in", wizard.company_ids.ids),
                ("period", ">=", trend[0]),
                ("period", "<=", trend[-1]),
            ],
            groupby=["period:month"],
        )
        by_month = {
            (kpi_rules.month_start(key[0]), key[1]): ratio
            for key, ratio in by_month.items()
        }
        for month in trend:
            row += 1
            sheet.write(row, 0, month.strftime("%Y-%m"))
            for index, kpi in enumerate(CHART_KPIS):
                ratio = by_month.get((month, kpi))
                if ratio is not None and ratio.rate is not None:
                    sheet.write_number(
                        row, 1 + 2 * index, float(ratio.rate), fmt["rate"]
                    )
                else:
                    sheet.write_blank(row, 1 + 2 * index, None)
                sheet.write_number(row, 2 + 2 * index, targets[kpi], fmt["rate"])
        first, last = header_row + 1, row
        sheet_name = sheet.get_name()
        for index, kpi in enumerate(CHART_KPIS):
            chart = workbook.add_chart({"type": "line"})
            for column, name, dash in (
                (1 + 2 * index, labels[kpi], None),
                (2 + 2 * index, self.env._("Target (%)"), "dash"),
            ):
                series = {
                    "name": name,
                    "categories": [sheet_name, first, 0, last, 0],
                    "values": [sheet_name, first, column, last, column],
                    "marker": {"type": "circle"} if not dash else {"type": "none"},
                }
                if dash:
                    series["line"] = {"dash_type": "dash", "color": "#C00000"}
                chart.add_series(series)
            chart.set_title({"name": labels[kpi]})
            chart.set_y_axis({"name": "%", "min": 0, "max": 100})
            chart.set_legend({"position": "bottom"})
            chart.set_size({"width": 520, "height": 280})
            sheet.insert_chart(3 + 15 * index, 8, chart)

    def _sheet_by(self, workbook, fmt, title, domain, groupby, labels, Fact):
        sheet = workbook.add_worksheet(title)
        sheet.set_column(0, 0, 30)
        sheet.set_column(1, 3 * len(RATIO_KPIS), 11)
        header = [title]
        for kpi, _label in RATIO_KPIS:
            header += [
                f"{labels[kpi]}: {self.env._('Numerator')}",
                f"{labels[kpi]}: {self.env._('Denominator')}",
                f"{labels[kpi]}: {self.env._('Rate (%)')}",
            ]
        sheet.set_row(0, 45)
        sheet.write_row(0, 0, header, fmt["header"])
        sheet.freeze_panes(1, 1)
        totals = Fact._aftersales_totals(domain, groupby=[groupby])
        groups = sorted(
            {key[0] for key in totals},
            key=lambda record: (not record, record.display_name or ""),
        )
        row = 0
        for group in groups:
            row += 1
            sheet.write(row, 0, group.display_name or self.env._("(none)"))
            self._write_ratios(
                sheet, row, fmt, [totals.get((group, kpi)) for kpi, _l in RATIO_KPIS]
            )
        row += 1
        overall = Fact._aftersales_totals(domain)
        sheet.write(row, 0, self.env._("Total"), fmt["total"])
        self._write_ratios(
            sheet, row, fmt, [overall.get((kpi,)) for kpi, _l in RATIO_KPIS], total=True
        )

    def _write_ratios(self, sheet, row, fmt, ratios, total=False):
        int_fmt = fmt["total_int"] if total else fmt["int"]
        rate_fmt = fmt["total_rate"] if total else fmt["rate"]
        for index, ratio in enumerate(ratios):
            column = 1 + 3 * index
            ratio = ratio or kpi_rules.Ratio()
            sheet.write_number(row, column, ratio.numerator, int_fmt)
            sheet.write_number(row, column + 1, ratio.denominator, int_fmt)
            if ratio.rate is None:
                sheet.write(row, column + 2, NOT_AVAILABLE, fmt["muted"])
            else:
                sheet.write_number(row, column + 2, float(ratio.rate), rate_fmt)

    def _sheet_backlog(self, workbook, fmt, domain, Fact):
        sheet = workbook.add_worksheet(self.env._("Backlog"))
        sheet.set_column(0, 0, 30)
        buckets = [label for label, _f, _l in kpi_rules.BACKLOG_BUCKETS]
        sheet.write_row(
            0,
            0,
            [
                self.env._("Team"),
                *[self.env._("%s days", b) for b in buckets],
                self.env._("Total"),
            ],
            fmt["header"],
        )
        sheet.freeze_panes(1, 1)
        counts = {}
        for team, bucket, count in Fact._read_group(
            [*domain, ("kpi", "=", kpi_rules.KPI_BACKLOG)],
            groupby=["team_id", "bucket"],
            aggregates=["numerator:sum"],
        ):
            counts.setdefault(team, {})[bucket] = count
        row = 0
        column_totals = dict.fromkeys(buckets, 0)
        for team in sorted(counts, key=lambda t: (not t, t.display_name or "")):
            row += 1
            sheet.write(row, 0, team.display_name or self.env._("(none)"))
            for index, bucket in enumerate(buckets):
                value = counts[team].get(bucket, 0)
                column_totals[bucket] += value
                sheet.write_number(row, 1 + index, value, fmt["int"])
            sheet.write_number(
                row, 1 + len(buckets), sum(counts[team].values()), fmt["int"]
            )
        row += 1
        sheet.write(row, 0, self.env._("Total"), fmt["total"])
        for index, bucket in enumerate(buckets):
            sheet.write_number(row, 1 + index, column_totals[bucket], fmt["total_int"])
        sheet.write_number(
            row, 1 + len(buckets), sum(column_totals.values()), fmt["total_int"]
        )

    def _sheet_requests(self, workbook, fmt, months, companies):
        """Every request reported in the period, read by batches."""
        sheet = workbook.add_worksheet(self.env._("Requests"))
        widths = [16, 17, 14, 20, 20, 20, 16, 17, 8, 8, 10]
        for index, width in enumerate(widths):
            sheet.set_column(index, index, width)
        sheet.write_row(
            0,
            0,
            [
                self.env._("Number"),
                self.env._("Reported At"),
                self.env._("Request Type"),
                self.env._("Team"),
                self.env._("Technician"),
                self.env._("Product Line"),
                self.env._("Stage"),
                self.env._("Resolved"),
                self.env._("Visits Done"),
                self.env._("Repeat Repair"),
                self.env._("Service Responsible"),
            ],
            fmt["header"],
        )
        sheet.freeze_panes(1, 1)
        Ticket = self.env["helpdesk.ticket"]
        types = dict(
            Ticket._fields["aftersales_request_type"]._description_selection(self.env)
        )
        Fact = self.env["aftersales.kpi.fact"]
        # The few teams, technicians, product lines and stages named once;
        # the 100,000 request rows are read as plain columns (see
        # ``_aftersales_rows``), never as records.
        names = {}

        def name(model, record_id):
            key = (model, record_id)
            if record_id and key not in names:
                names[key] = (
                    self.env[model]
                    .with_context(active_test=False)
                    .browse(record_id)
                    .sudo()
                    .name
                )
            return names.get(key) or ""

        lines = {}
        row = 0
        for company in companies:
            tz = Fact._aftersales_tz(company)
            start = kpi_rules.period_bounds(months[0], 1, tz)[0]
            end = kpi_rules.period_bounds(months[-1], 1, tz)[1]
            for rows in Fact._aftersales_rows(
                "helpdesk.ticket",
                [
                    ("company_id", "=", company.id),
                    ("aftersales_reported_at", ">=", start),
                    ("aftersales_reported_at", "<", end),
                ],
                [
                    "number",
                    "aftersales_reported_at",
                    "aftersales_request_type",
                    "team_id",
                    "user_id",
                    "aftersales_product_id",
                    "stage_id",
                    "aftersales_resolved_at",
                    "aftersales_repeat",
                    "aftersales_service_responsible",
                ],
                order="aftersales_reported_at, id",
            ):
                visits = Fact._aftersales_visits_done([r["id"] for r in rows])
                Fact._aftersales_product_lines(
                    [r["aftersales_product_id"] for r in rows], lines
                )
                for values in rows:
                    row += 1
                    sheet.write(row, 0, values["number"] or "")
                    sheet.write_datetime(
                        row,
                        1,
                        kpi_rules.to_local(values["aftersales_reported_at"], tz),
                        fmt["date"],
                    )
                    sheet.write(
                        row, 2, types.get(values["aftersales_request_type"], "")
                    )
                    sheet.write(row, 3, name("helpdesk.ticket.team", values["team_id"]))
                    sheet.write(row, 4, name("res.users", values["user_id"]))
                    sheet.write(
                        row,
                        5,
                        name(
                            "product.category",
                            lines.get(values["aftersales_product_id"]),
                        ),
                    )
                    sheet.write(
                        row, 6, name("helpdesk.ticket.stage", values["stage_id"])
                    )
                    if values["aftersales_resolved_at"]:
                        sheet.write_datetime(
                            row,
                            7,
                            kpi_rules.to_local(values["aftersales_resolved_at"], tz),
                            fmt["date"],
                        )
                    sheet.write_number(row, 8, visits.get(values["id"], 0), fmt["int"])
                    sheet.write_number(row, 9, int(bool(values["aftersales_repeat"])))
                    sheet.write_number(
                        row, 10, int(bool(values["aftersales_service_responsible"]))
                    )
        row += 1
        sheet.write(row, 0, self.env._("Total"), fmt["total"])
        sheet.write_number(row, 1, row - 1, fmt["total_int"])

    def _sheet_statistics(self, workbook, fmt, domain, Fact):
        """Requests by type, channel and product line; warranty cost
        against paid-service revenue; cash collected and handed over. Read
        from the facts, as the dashboard shows them."""
        sheet = workbook.add_worksheet(self.env._("Statistics"))
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 2, 16)
        sheet.freeze_panes(1, 0)
        row = 0
        requests = statistics.KPI_REQUESTS
        types = dict(Fact._fields["request_type"]._description_selection(self.env))
        for title, groupby, label in (
            (
                self.env._("Requests by Type"),
                "request_type",
                lambda value: types.get(value) or self.env._("(none)"),
            ),
            (
                self.env._("Requests by Channel"),
                "channel_id",
                lambda value: value.display_name or self.env._("(none)"),
            ),
            (
                self.env._("Requests by Product Line"),
                "product_categ_id",
                lambda value: value.display_name or self.env._("(none)"),
            ),
        ):
            sheet.write_row(row, 0, [title, self.env._("Requests")], fmt["header"])
            sums = Fact._aftersales_sums(domain, [requests], groupby=[groupby])
            total = 0
            for (value, _kpi), (count, _amount) in sorted(
                sums.items(), key=lambda item: label(item[0][0])
            ):
                row += 1
                sheet.write(row, 0, label(value))
                sheet.write_number(row, 1, count, fmt["int"])
                total += count
            row += 1
            sheet.write(row, 0, self.env._("Total"), fmt["total"])
            sheet.write_number(row, 1, total, fmt["total_int"])
            row += 2
        sheet.write_row(
            row,
            0,
            [self.env._("Money"), self.env._("Amount"), self.env._("Records")],
            fmt["header"],
        )
        money = [
            statistics.KPI_WARRANTY_COST,
            statistics.KPI_PAID_REVENUE,
            statistics.KPI_CASH_COLLECTED,
            statistics.KPI_CASH_HANDED_OVER,
        ]
        sums = {
            kpi: value for (kpi,), value in Fact._aftersales_sums(domain, money).items()
        }
        labels = dict(Fact._fields["kpi"]._description_selection(self.env))
        for kpi in money:
            count, amount = sums.get(kpi, (0, 0.0))
            row += 1
            sheet.write(row, 0, labels[kpi])
            sheet.write_number(row, 1, amount, fmt["money"])
            sheet.write_number(row, 2, count, fmt["int"])
        cost = sums.get(statistics.KPI_WARRANTY_COST, (0, 0.0))[1]
        revenue = sums.get(statistics.KPI_PAID_REVENUE, (0, 0.0))[1]
        row += 1
        sheet.write(row, 0, self.env._("Warranty Cost / Paid-Service Revenue (%)"))
        if revenue:
            sheet.write_number(row, 1, round(cost * 100.0 / revenue, 2), fmt["rate"])
        else:
            sheet.write(row, 1, NOT_AVAILABLE, fmt["muted"])
        collected = sums.get(statistics.KPI_CASH_COLLECTED, (0, 0.0))[1]
        handed = sums.get(statistics.KPI_CASH_HANDED_OVER, (0, 0.0))[1]
        row += 1
        sheet.write(row, 0, self.env._("Cash Not Yet Handed Over"))
        sheet.write_number(row, 1, collected - handed, fmt["money"])

    def _sheet_extra(self, workbook, fmt, months, companies):
        """Areas other addons fill (safety, parts): each says it is not
        available until its addon contributes, never zero."""
        sheet = workbook.add_worksheet(self.env._("Other Areas"))
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 1, 20)
        sheet.write_row(
            0, 0, [self.env._("Figure"), self.env._("Value")], fmt["header"]
        )
        sheet.freeze_panes(1, 0)
        row = 0
        for _key, label, value in self._aftersales_extra_figures(months, companies):
            row += 1
            sheet.write(row, 0, label)
            if value is None:
                sheet.write(row, 1, NOT_AVAILABLE, fmt["muted"])
            else:
                number_format = fmt["money"] if isinstance(value, float) else fmt["int"]
                sheet.write_number(row, 1, value, number_format)

    def _aftersales_extra_domain(self, months, companies):
        """The facts of the workbook's months and companies."""
        return [
            ("company_id", "in", companies.ids),
            ("period", ">=", months[0]),
            ("period", "<=", months[-1]),
        ]

    def _aftersales_extra_figures(self, months, companies):
        """Extension hook: ``[(key, label, value or None)]``; None is
        written "not available", never zero. An addon replaces the lines
        of its key with its own figures (read from the facts it adds
        through ``aftersales.kpi.fact._aftersales_extra_facts``):
        ``aftersales_parts`` the key ``parts``, ``aftersales_safety`` the
        keys ``safety`` and ``safety_registers`` (incidents, hazards,
        inspections)."""
        return [
            (
                "parts",
                self.env._("Parts: issued, A/B/C, charged to technicians for loss"),
                None,
            ),
            (
                "safety",
                self.env._(
                    "Safety: trainings, certificates expiring, stop-work orders"
                ),
                None,
            ),
            ("safety_registers", self.env._("Safety: incidents, hazards"), None),
        ]

    @staticmethod
    def _aftersales_replace_figures(figures, key, lines):
        """``figures`` with the line of ``key`` replaced by ``lines``."""
        result = []
        for figure in figures:
            if figure[0] == key:
                result.extend(lines)
            else:
                result.append(figure)
        return result
