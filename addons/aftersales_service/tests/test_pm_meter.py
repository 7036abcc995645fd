from datetime import date, datetime

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import AftersalesDispatchCommon


@tagged("post_install", "-at_install")
class TestVisitMeter(AftersalesDispatchCommon):
    """The technician records the unit's running hours on the visit form;
    a reading lower than an earlier one is refused and nothing is saved."""

    def test_technician_records_running_hours_on_the_visit(self):
        ticket = self._ticket()
        visit = self._visit(ticket)
        with Form(visit.with_user(self.technician)) as form:
            with form.meter_reading_ids.new() as line:
                line.date = date(2030, 1, 8)
                line.hours = 1200
        reading = visit.meter_reading_ids
        self.assertEqual(len(reading), 1)
        self.assertEqual(reading.lot_id, self.lot)
        self.assertEqual(reading.source, "visit")
        self.assertEqual(reading.hours, 1200)
        self.assertEqual(reading.create_uid, self.technician)

        # A second visit reads less than the first: refused, nothing saved.
        later = self._visit(ticket, start=datetime(2030, 2, 8, 9, 0))
        form = Form(later.with_user(self.technician))
        with form.meter_reading_ids.new() as line:
            line.date = date(2030, 2, 8)
            line.hours = 900
        with self.assertRefused(ValidationError, "does not run backwards"):
            form.save()
        self.assertEqual(
            self.env["aftersales.meter.reading"].search([("lot_id", "=", self.lot.id)]),
            reading,
        )
