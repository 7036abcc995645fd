from odoo import api, fields, models
from odoo.exceptions import ConcurrencyError
from odoo.tools import SQL


class AftersalesSignedChain(models.Model):
    """The head of one hash chain: the last signed record of a model in a
    company. Signing locks this one row (not the model's table), so signers of
    other models or companies never wait, and two signers of the same chain
    are put in order: the second waits for the first and, as the head moved
    under it, is retried by Odoo's request loop (a serialisation failure)."""

    _name = "aftersales.signed.chain"
    _description = "Hash Chain Head of Signed Records"
    _rec_name = "res_model"

    res_model = fields.Char(string="Model", required=True, readonly=True)
    company_id = fields.Many2one(
        comodel_name="res.company", required=True, readonly=True, index=True
    )
    sequence = fields.Integer(string="Last Sequence", readonly=True)
    last_hash = fields.Char(readonly=True)

    _model_company_unique = models.Constraint(
        "unique(res_model, company_id)",
        "One chain per model and company.",
    )

    @api.model
    def _aftersales_lock_head(self, model_name, company):
        """``(head id, sequence, last hash)`` of the chain, locked until the
        end of the transaction. A chain without a head yet (its first
        signature, or records chained before heads existed) starts from its
        last chained record."""
        last = (
            self.env[model_name]
            .sudo()
            .with_context(active_test=False)
            .search(
                [("chain_sequence", "!=", False), ("company_id", "=", company.id)],
                order="chain_sequence desc",
                limit=1,
            )
        )
        self.env.cr.execute(
            SQL(
                "INSERT INTO aftersales_signed_chain "
                "(res_model, company_id, sequence, last_hash, create_date, "
                "write_date, create_uid, write_uid) "
                "VALUES (%s, %s, %s, %s, now() at time zone 'UTC', "
                "now() at time zone 'UTC', %s, %s) "
                "ON CONFLICT (res_model, company_id) DO NOTHING",
                model_name,
                company.id,
                last.chain_sequence or 0,
                last.chain_hash or "",
                self.env.uid,
                self.env.uid,
            ),
            # A concurrent signer's head: retried by Odoo, not an error.
            log_exceptions=False,
        )
        self.env.cr.execute(
            SQL(
                "SELECT id, sequence, last_hash FROM aftersales_signed_chain "
                "WHERE res_model = %s AND company_id = %s FOR UPDATE",
                model_name,
                company.id,
            ),
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        if row is None:
            # Created by another transaction after this one began: retry.
            raise ConcurrencyError(f"chain head of {model_name} created concurrently")
        return row

    @api.model
    def _aftersales_advance(self, head_id, sequence, last_hash):
        self.env.cr.execute(
            SQL(
                "UPDATE aftersales_signed_chain SET sequence = %s, last_hash = %s, "
                "write_date = now() at time zone 'UTC', write_uid = %s "
                "WHERE id = %s",
                sequence,
                last_hash,
                self.env.uid,
                head_id,
            )
        )
        self.browse(head_id).invalidate_recordset()
