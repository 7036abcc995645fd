from odoo.tests import TransactionCase, new_test_user, tagged

ROLES = {
    "technician": "aftersales_service.group_aftersales_technician",
    "desk": "aftersales_service.group_aftersales_user",
    "dispatcher": "aftersales_service.group_aftersales_dispatcher",
    "manager": "aftersales_service.group_aftersales_manager",
    "safety": "aftersales_safety.group_aftersales_safety_officer",
    "clerk": "stock.group_stock_user",
    "accountant": "account.group_account_invoice",
    "portal": "base.group_portal",
    "public": "base.group_public",
}
# What each role may do on each model (model access rights; record rules
# narrow it further, and protected fields and actions narrow writes):
# c = create, r = read, w = write, u = unlink, - = refused.
# Columns: technician desk dispatcher manager safety clerk accountant portal
# public.
MATRIX = """
aftersales.action                          crw- crw- crw- crwu crw- -r-- -r-- ---- ----
aftersales.callback                        -r-- crw- crw- crwu -r-- ---- ---- ---- ----
aftersales.cash.handover                   crw- crw- crw- crwu crw- ---- crw- ---- ----
aftersales.charge.line                     crw- crwu crwu crwu crw- ---- -rw- ---- ----
aftersales.complaint.category              -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.complaint.penalty               -r-- -r-- -r-- crwu -r-- ---- ---- ---- ----
aftersales.complaint.route                 -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.component.warranty              -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.contract                        -r-- crw- crw- crwu -r-- ---- -r-- -r-- ----
aftersales.contract.invoice                ---- -r-- -r-- -r-- ---- ---- -r-- ---- ----
aftersales.exclusion                       -r-- -r-- -r-- crwu -r-- ---- ---- ---- ----
aftersales.fee                             -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.goodwill                        -r-- crw- crw- crwu -r-- ---- -r-- ---- ----
aftersales.goodwill.level                  -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.installed.base.import           ---- ---- ---- crwu ---- ---- ---- ---- ----
aftersales.installed.base.import.line      ---- ---- ---- crwu ---- ---- ---- ---- ----
aftersales.kpi.fact                        -r-- -r-- -r-- -r-- -r-- ---- ---- ---- ----
aftersales.loan                            -r-- -r-- -r-- -r-- -r-- crw- ---- ---- ----
aftersales.makeup.day                      -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.meter.reading                   crw- crw- crw- crwu crw- ---- ---- ---- ----
aftersales.part.return                     -r-- -r-- -r-- -r-- -r-- crw- ---- ---- ----
aftersales.pm.check                        -rw- -rw- -rw- -rwu -rw- ---- ---- ---- ----
aftersales.pm.due                          -r-- -r-- -r-- -r-u -r-- ---- ---- ---- ----
aftersales.pm.level                        -r-- -r-- crwu crwu -r-- ---- ---- ---- ----
aftersales.pm.plan                         -r-- -r-- crw- crwu -r-- ---- ---- ---- ----
aftersales.pm.task                         -r-- -r-- crwu crwu -r-- ---- ---- ---- ----
aftersales.recall                          ---- -r-- -r-- crw- ---- -r-- ---- ---- ----
aftersales.recall.line                     ---- -r-- -r-- crw- ---- -rw- ---- ---- ----
aftersales.return.approval                 -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.return.policy                   -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.return.policy.line              -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.return.reason                   -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.sanbao                          ---- -r-- -r-- -rw- ---- -r-- ---- ---- ----
aftersales.safety.check                    crw- crw- crw- crw- crwu ---- ---- ---- ----
aftersales.safety.check.line               crw- crw- crw- crw- crwu ---- ---- ---- ----
aftersales.safety.checklist.template       -r-- -r-- -r-- -r-- crwu ---- ---- ---- ----
aftersales.safety.checklist.template.item  -r-- -r-- -r-- -r-- crwu ---- ---- ---- ----
aftersales.safety.drill                    -r-- -r-- -r-- -r-- crwu ---- ---- ---- ----
aftersales.safety.emergency.contact        -r-- -r-- -r-- -r-- crwu -r-- -r-- ---- ----
aftersales.safety.emergency.plan           -r-- -r-- -r-- -r-- crwu -r-- -r-- ---- ----
aftersales.safety.emergency.step           -r-- -r-- -r-- -r-- crwu -r-- -r-- ---- ----
aftersales.safety.hazard                   crw- crw- crw- crw- crw- crw- crw- -r-- ----
aftersales.safety.incident                 crw- crw- crw- crw- crw- crw- crw- ---- ----
aftersales.safety.incident.ack             -rw- -rw- -rw- -rw- crw- -rw- -rw- ---- ----
aftersales.safety.incident.type            -r-- -r-- -r-- -r-- crwu -r-- -r-- ---- ----
aftersales.safety.inspection               -rw- -rw- -rw- -rw- crwu ---- ---- ---- ----
aftersales.safety.inspection.line          -rw- -rw- -rw- -rw- crwu ---- ---- ---- ----
aftersales.safety.inspection.plan          -r-- -r-- -r-- -r-- crwu ---- ---- ---- ----
aftersales.safety.isolation                crw- crw- crw- crw- crwu ---- ---- ---- ----
aftersales.safety.isolation.lock           crwu crwu crwu crwu crwu ---- ---- ---- ----
aftersales.safety.isolation.point          crwu crwu crwu crwu crwu ---- ---- ---- ----
aftersales.safety.job.type                 -r-- -r-- -r-- -r-- crwu ---- ---- ---- ----
aftersales.safety.stop.work                crw- crw- crw- crw- crw- ---- ---- ---- ----
aftersales.safety.tool.handover            crw- crw- crw- crw- crwu crw- crw- ---- ----
aftersales.safety.tool.loss                crw- crw- crw- crw- crwu crw- crw- ---- ----
aftersales.safety.training                 ---- ---- ---- ---- crwu ---- ---- ---- ----
aftersales.safety.training.attendee        ---- ---- ---- ---- crwu ---- ---- ---- ----
aftersales.service.zone                    -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.signed.chain                    ---- ---- ---- -r-- ---- ---- ---- ---- ----
aftersales.sla.policy                      -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.sla.target                      -r-- -r-- -r-- crwu -r-- -r-- -r-- ---- ----
aftersales.supplier.claim                  ---- ---- ---- -r-- ---- crw- ---- ---- ----
aftersales.technician                      -r-- -r-- crw- crwu -r-- ---- ---- ---- ----
aftersales.ticket.deadline                 -r-- -r-- -r-- -r-- -r-- ---- ---- ---- ----
aftersales.visit                           -rw- -rw- crwu crwu -rw- ---- ---- -r-- ----
helpdesk.ticket                            crw- crw- crw- crwu crw- -r-- -r-- -r-- ----
res.partner                                -r-- crw- crw- crw- -r-- -r-- -r-- -r-- -r--
stock.lot                                  -r-- crw- crw- crw- -r-- crwu -r-- -r-- ----
"""


@tagged("post_install", "-at_install")
class TestAccessMatrix(TransactionCase):
    """Every role × every after-sales model × create/read/write/unlink, against
    the table above: the roles documented in the README, as the database
    grants them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = {
            role: new_test_user(cls.env, login=f"matrix_{role}", groups=group)
            for role, group in ROLES.items()
            if cls.env.ref(group, raise_if_not_found=False)
        }

    def _models(self):
        names = {
            model.model
            for model in self.env["ir.model"].search(
                [("model", "=like", "aftersales.%")]
            )
            if not self.env[model.model]._abstract
            and not self.env[model.model]._transient
        }
        return sorted(names | {"helpdesk.ticket", "stock.lot", "res.partner"})

    def _actual(self):
        Access = self.env["ir.model.access"]
        rows = {}
        for model in self._models():
            codes = []
            for role in ROLES:
                user = self.users.get(role)
                if not user:
                    codes.append("n/a")
                    continue
                codes.append(
                    "".join(
                        letter
                        if Access.with_user(user).check(
                            model, mode, raise_exception=False
                        )
                        else "-"
                        for letter, mode in (
                            ("c", "create"),
                            ("r", "read"),
                            ("w", "write"),
                            ("u", "unlink"),
                        )
                    )
                )
            rows[model] = codes
        return rows

    def test_every_role_on_every_model(self):
        expected = {}
        for line in MATRIX.strip().splitlines():
            model, *codes = line.split()
            expected[model] = codes
        actual = self._actual()
        table = "\n".join(
            f"{model:<42} {' '.join(codes)}" for model, codes in actual.items()
        )
        message = f"access rights differ from the table; as granted now:\n{table}"
        # Each installed model is in the table (a new model gets its row)…
        self.assertFalse(set(actual) - set(expected), message)
        # …and each role has there what the table says (a role or a model of
        # an addon not installed here is left out).
        for model, codes in actual.items():
            for role, code, wanted in zip(ROLES, codes, expected[model], strict=True):
                if code != "n/a":
                    self.assertEqual(code, wanted, f"{model}, {role}: {message}")
