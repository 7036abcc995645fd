"""19.0.1.3.0: maintenance contracts run themselves.

The contract state "closed" is gone: a contract is now renewed or expired
(the daily cron expires contracts past their end). Closed contracts become
expired before the new selection is loaded.
"""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "UPDATE aftersales_contract SET state = 'expired' WHERE state = 'closed'"
    )
