"""19.0.1.3.0: a cancelled hazard keeps when it was cancelled.

Hazards cancelled before get the time of their last state change in the
chatter (cancelled is a final state, so that change is the cancellation),
else their last write: the KPI counts a hazard open at a month end until it
was cancelled.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE aftersales_safety_hazard hazard
           SET cancelled_at = COALESCE(
                   (SELECT max(message.date)
                      FROM mail_message message
                      JOIN mail_tracking_value tracking
                        ON tracking.mail_message_id = message.id
                      JOIN ir_model_fields field ON field.id = tracking.field_id
                     WHERE message.model = 'aftersales.safety.hazard'
                       AND message.res_id = hazard.id
                       AND field.model = 'aftersales.safety.hazard'
                       AND field.name = 'state'),
                   hazard.write_date)
         WHERE hazard.state = 'cancelled' AND hazard.cancelled_at IS NULL
        """
    )
