"""addons/aftersales_service/rules/warranty.py: periods, coverage, repeat repairs.

Expected values come from the module's docstrings (DOMAIN.md, Warranty), not
from running the code: exclusion beats contract beats serial condition beats
missing start beats period.
"""

from __future__ import annotations

import calendar
import dataclasses
from datetime import date, timedelta

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from .conftest import load_rule

W = load_rule("aftersales_service", "warranty")
D = date
ONE_DAY = timedelta(days=1)

IN_REASONS = {W.REASON_IN_WARRANTY, W.REASON_IN_COMPONENT_WARRANTY, W.REASON_IN_PROMISE}
ALL_REASONS = IN_REASONS | {
    W.REASON_EXCLUSION,
    W.REASON_CONTRACT,
    W.REASON_SERIAL,
    W.REASON_NO_START,
    W.REASON_EXPIRED,
}
BAD_SERIALS = [W.SERIAL_UNREADABLE, W.SERIAL_ALTERED, W.SERIAL_MISSING]

# Dates far enough from date.min/date.max that any generated period fits.
dates = st.dates(min_value=D(1990, 1, 1), max_value=D(2080, 12, 31))
months = st.integers(min_value=0, max_value=240)
small_months = st.integers(min_value=0, max_value=24)
labels = st.one_of(st.none(), st.sampled_from(["misuse", "force majeure", "C-001"]))


def facts(**values):
    values.setdefault("unit_months", 12)
    return W.UnitFacts(**values)


def decide(**values):
    return W.decide_coverage(facts(**values))


def month_number(day):
    return day.year * 12 + day.month - 1


# ---------------------------------------------------------------- add_months


@pytest.mark.parametrize(
    ("start", "months", "anniversary", "end"),
    [
        # 29 Feb + 1 year: 29 Feb 2025 does not exist -> 1 March, end 28 Feb
        (D(2024, 2, 29), 12, D(2025, 3, 1), D(2025, 2, 28)),
        # ... but 4 years later it exists again
        (D(2024, 2, 29), 48, D(2028, 2, 29), D(2028, 2, 28)),
        (D(2024, 2, 29), 1, D(2024, 3, 29), D(2024, 3, 28)),
        # 31 Jan + 1 month: February is short (leap and non-leap year)
        (D(2024, 1, 31), 1, D(2024, 3, 1), D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 3, 1), D(2023, 2, 28)),
        (D(2024, 1, 30), 1, D(2024, 3, 1), D(2024, 2, 29)),
        (D(2024, 1, 29), 1, D(2024, 2, 29), D(2024, 2, 28)),
        # over the year end into a short month
        (D(2023, 12, 31), 2, D(2024, 3, 1), D(2024, 2, 29)),
        (D(2023, 12, 31), 1, D(2024, 1, 31), D(2024, 1, 30)),
        (D(2024, 12, 15), 1, D(2025, 1, 15), D(2025, 1, 14)),
        (D(2024, 11, 30), 3, D(2025, 3, 1), D(2025, 2, 28)),
        (D(2024, 3, 31), 1, D(2024, 5, 1), D(2024, 4, 30)),
        (D(2024, 5, 10), 25, D(2026, 6, 10), D(2026, 6, 9)),
        (D(2024, 1, 15), 12, D(2025, 1, 15), D(2025, 1, 14)),
        # zero months: empty period, it ends the day before it starts
        (D(2024, 1, 15), 0, D(2024, 1, 15), D(2024, 1, 14)),
        (D(2024, 3, 1), 0, D(2024, 3, 1), D(2024, 2, 29)),
    ],
)
def test_add_months_and_period_end_examples(start, months, anniversary, end):
    assert W.add_months(start, months) == anniversary
    assert W.period_end(start, months) == end


@pytest.mark.parametrize("function", ["add_months", "period_end"])
@pytest.mark.parametrize("months", [-1, -12])
def test_negative_months_raise(function, months):
    with pytest.raises(W.WarrantyInputError) as info:
        getattr(W, function)(D(2024, 1, 1), months)
    assert info.value.field == "months"
    assert info.value.code == "negative_months"
    assert isinstance(info.value, ValueError)
    assert str(months) in str(info.value)


@given(dates)
def test_add_zero_months_is_identity(start):
    assert W.add_months(start, 0) == start
    assert W.period_end(start, 0) == start - ONE_DAY


@given(dates, months)
def test_period_end_not_before_day_before_start(start, months):
    end = W.period_end(start, months)
    assert end >= start - ONE_DAY
    assert (end == start - ONE_DAY) == (months == 0)


@given(dates, months)
def test_anniversary_lands_on_same_day_or_first_of_next_month(start, months):
    anniversary = W.add_months(start, months)
    target = month_number(start) + months
    target_days = calendar.monthrange(target // 12, target % 12 + 1)[1]
    if start.day <= target_days:
        assert month_number(anniversary) == target
        assert anniversary.day == start.day
    else:
        # the start day does not exist in the target month: keep the whole month
        assert month_number(anniversary) == target + 1
        assert anniversary.day == 1
        assert W.period_end(start, months).day == target_days


@given(dates, st.integers(min_value=0, max_value=239))
def test_end_strictly_increases_with_months(start, months):
    assert W.add_months(start, months + 1) > W.add_months(start, months)
    assert W.period_end(start, months + 1) > W.period_end(start, months)


@given(dates, dates, months)
def test_end_never_decreases_with_start(first, second, months):
    first, second = sorted((first, second))
    assert W.period_end(first, months) <= W.period_end(second, months)


@given(dates, months)
def test_period_length_in_days(start, months):
    length = (W.period_end(start, months) - start).days + 1
    assert 28 * months <= length <= 31 * months + 1


@given(dates, st.integers(min_value=0, max_value=20))
@example(D(2024, 2, 29), 1)
@example(D(2024, 2, 29), 4)
def test_whole_years_keep_the_anniversary(start, years):
    anniversary = W.add_months(start, 12 * years)
    if (start.month, start.day) == (2, 29) and not calendar.isleap(start.year + years):
        assert anniversary == D(start.year + years, 3, 1)
    else:
        assert anniversary == start.replace(year=start.year + years)
    assert W.period_end(start, 12 * years) == anniversary - ONE_DAY


@given(st.dates(min_value=D(1990, 1, 1), max_value=D(2080, 12, 28)), months, months)
def test_months_add_up_when_the_day_exists_everywhere(start, first, second):
    assume(start.day <= 28)
    assert W.add_months(W.add_months(start, first), second) == W.add_months(
        start, first + second
    )


# ------------------------------------------------------------ warranty start


def test_default_grace_is_three_months():
    assert facts(failure_date=D(2024, 1, 1)).grace_months == 3
    assert {f.name: f.default for f in dataclasses.fields(W.UnitFacts)}[
        "serial_condition"
    ] == W.SERIAL_VALID


def test_unit_facts_are_frozen():
    unit = facts(failure_date=D(2024, 1, 1))
    with pytest.raises(dataclasses.FrozenInstanceError):
        unit.unit_months = 24


@given(st.one_of(st.none(), dates), st.one_of(st.none(), dates), small_months)
def test_warranty_start_source(proof, factory, grace):
    if proof and factory and proof < factory:
        with pytest.raises(W.WarrantyInputError) as info:
            W.warranty_start(proof, factory, grace)
        assert info.value.code == "start_before_factory"
        return
    start, source = W.warranty_start(proof, factory, grace)
    if proof:
        assert (start, source) == (proof, "proof")
    elif factory:
        assert (start, source) == (W.add_months(factory, grace), "factory")
    else:
        assert (start, source) == (None, None)


# ------------------------------------------------------- decide_coverage: order


def test_exclusion_beats_everything():
    decision = decide(
        failure_date=D(2024, 6, 1),
        serial_condition=W.SERIAL_ALTERED,
        exclusion="misuse",
        contract="C-001",
    )
    assert decision.coverage == W.PAID
    assert decision.reason == W.REASON_EXCLUSION
    assert decision.params == {"exclusion": "misuse"}


def test_exclusion_beats_a_running_warranty():
    decision = decide(
        failure_date=D(2024, 6, 1), proof_date=D(2024, 1, 1), exclusion="misuse"
    )
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_EXCLUSION)
    # the period is still computed and shown to the user
    assert decision.warranty_start == D(2024, 1, 1)
    assert decision.warranty_end == D(2024, 12, 31)
    assert decision.start_source == "proof"


def test_contract_beats_serial_and_missing_start():
    decision = decide(
        failure_date=D(2024, 6, 1),
        serial_condition=W.SERIAL_MISSING,
        contract="C-001",
    )
    assert decision.coverage == W.CONTRACT
    assert decision.reason == W.REASON_CONTRACT
    assert decision.params == {"contract": "C-001"}


def test_contract_beats_expired_warranty():
    decision = decide(
        failure_date=D(2030, 6, 1), proof_date=D(2024, 1, 1), contract="C-001"
    )
    assert (decision.coverage, decision.reason) == (W.CONTRACT, W.REASON_CONTRACT)


@pytest.mark.parametrize("condition", BAD_SERIALS)
def test_serial_condition_beats_missing_start(condition):
    decision = decide(failure_date=D(2024, 6, 1), serial_condition=condition)
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_SERIAL)
    assert decision.params == {"condition": condition}


@pytest.mark.parametrize("condition", BAD_SERIALS)
def test_bad_serial_means_no_warranty_even_inside_the_period(condition):
    decision = decide(
        failure_date=D(2024, 2, 1),
        proof_date=D(2024, 1, 1),
        unit_months=24,
        serial_condition=condition,
    )
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_SERIAL)


def test_no_proof_and_no_factory_date_is_paid_no_start():
    decision = decide(failure_date=D(2024, 6, 1))
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_NO_START)
    assert decision.warranty_start is None
    assert decision.warranty_end is None
    assert decision.start_source is None


# ------------------------------------------------------ decide_coverage: period


def test_inside_unit_warranty_is_free():
    decision = decide(failure_date=D(2024, 6, 1), proof_date=D(2024, 1, 10))
    assert decision.coverage == W.FREE
    assert decision.reason == W.REASON_IN_WARRANTY
    assert decision.warranty_start == D(2024, 1, 10)
    assert decision.warranty_end == D(2025, 1, 9)
    assert decision.start_source == "proof"
    assert decision.params == {"months": 12, "end": D(2025, 1, 9)}


def test_failure_on_purchase_day_is_free():
    decision = decide(failure_date=D(2024, 1, 10), proof_date=D(2024, 1, 10))
    assert decision.coverage == W.FREE


@pytest.mark.parametrize(
    ("proof", "months", "last_free"),
    [
        (D(2024, 1, 10), 12, D(2025, 1, 9)),
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 1, 1), 24, D(2025, 12, 31)),
        # leap-year start
        (D(2024, 2, 29), 12, D(2025, 2, 28)),
        (D(2024, 2, 29), 48, D(2028, 2, 28)),
    ],
)
def test_last_day_is_free_and_the_day_after_is_expired(proof, months, last_free):
    free = decide(failure_date=last_free, proof_date=proof, unit_months=months)
    assert (free.coverage, free.reason) == (W.FREE, W.REASON_IN_WARRANTY)
    assert free.warranty_end == last_free
    paid = decide(
        failure_date=last_free + ONE_DAY, proof_date=proof, unit_months=months
    )
    assert (paid.coverage, paid.reason) == (W.PAID, W.REASON_EXPIRED)
    assert paid.params == {"months": months, "end": last_free}


def test_zero_month_warranty_never_covers():
    decision = decide(
        failure_date=D(2024, 1, 10), proof_date=D(2024, 1, 10), unit_months=0
    )
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_EXPIRED)


def test_factory_date_plus_default_grace():
    # no proof: factory 10 Jan 2024 + 3 months -> starts 10 Apr 2024
    unit = {"factory_date": D(2024, 1, 10)}
    free = decide(failure_date=D(2025, 4, 9), **unit)
    assert (free.coverage, free.reason) == (W.FREE, W.REASON_IN_WARRANTY)
    assert free.warranty_start == D(2024, 4, 10)
    assert free.warranty_end == D(2025, 4, 9)
    assert free.start_source == "factory"
    paid = decide(failure_date=D(2025, 4, 10), **unit)
    assert (paid.coverage, paid.reason) == (W.PAID, W.REASON_EXPIRED)


@pytest.mark.parametrize(
    ("factory", "grace", "start"),
    [
        (D(2024, 1, 10), 0, D(2024, 1, 10)),
        (D(2024, 1, 10), 6, D(2024, 7, 10)),
        (D(2023, 11, 30), 3, D(2024, 3, 1)),
        (D(2023, 11, 29), 3, D(2024, 2, 29)),
    ],
)
def test_factory_date_plus_grace_setting(factory, grace, start):
    decision = decide(
        failure_date=D(2026, 1, 1), factory_date=factory, grace_months=grace
    )
    assert decision.warranty_start == start
    assert decision.start_source == "factory"
    assert decision.warranty_end == W.period_end(start, 12)


def test_proof_date_wins_over_factory_date():
    decision = decide(
        failure_date=D(2025, 5, 1),
        proof_date=D(2024, 6, 1),
        factory_date=D(2024, 1, 1),
    )
    assert decision.warranty_start == D(2024, 6, 1)
    assert decision.start_source == "proof"
    # with the factory date (+3 months -> 1 Apr 2024) it would have expired
    assert (decision.coverage, decision.reason) == (W.FREE, W.REASON_IN_WARRANTY)


def test_proof_on_factory_day_is_accepted():
    decision = decide(
        failure_date=D(2024, 2, 1),
        proof_date=D(2024, 1, 1),
        factory_date=D(2024, 1, 1),
    )
    assert decision.start_source == "proof"
    assert decision.coverage == W.FREE


def test_component_period_longer_than_unit():
    # unit 12, component 36, failure in month 20
    unit = {"proof_date": D(2024, 1, 10), "failure_date": D(2025, 8, 15)}
    decision = decide(unit_months=12, component_months=36, **unit)
    assert decision.coverage == W.FREE
    assert decision.reason == W.REASON_IN_COMPONENT_WARRANTY
    assert decision.warranty_end == D(2027, 1, 9)
    assert decision.params == {"months": 36, "end": D(2027, 1, 9)}
    without = decide(unit_months=12, **unit)
    assert (without.coverage, without.reason) == (W.PAID, W.REASON_EXPIRED)


def test_component_period_shorter_than_unit_applies_too():
    unit = {"proof_date": D(2024, 1, 10), "unit_months": 12, "component_months": 6}
    late = decide(failure_date=D(2024, 9, 1), **unit)  # month 8
    assert (late.coverage, late.reason) == (W.PAID, W.REASON_EXPIRED)
    assert late.params == {"months": 6, "end": D(2024, 7, 9)}
    early = decide(failure_date=D(2024, 3, 20), **unit)  # month 3
    assert (early.coverage, early.reason) == (W.FREE, W.REASON_IN_COMPONENT_WARRANTY)


def test_component_period_of_zero_months_is_given():
    decision = decide(
        failure_date=D(2024, 1, 11),
        proof_date=D(2024, 1, 10),
        unit_months=12,
        component_months=0,
    )
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_EXPIRED)


@pytest.mark.parametrize(
    ("component", "promised", "failure", "coverage", "reason", "months"),
    [
        # a longer promise wins
        (None, 24, D(2025, 7, 1), W.FREE, W.REASON_IN_PROMISE, 24),
        (None, 24, D(2026, 1, 10), W.PAID, W.REASON_EXPIRED, 24),
        # a shorter or equal promise does not shorten the product's period
        (None, 6, D(2024, 9, 1), W.FREE, W.REASON_IN_WARRANTY, 12),
        (None, 12, D(2024, 9, 1), W.FREE, W.REASON_IN_WARRANTY, 12),
        (None, 0, D(2024, 9, 1), W.FREE, W.REASON_IN_WARRANTY, 12),
        # promise against a component period
        (36, 24, D(2026, 6, 1), W.FREE, W.REASON_IN_COMPONENT_WARRANTY, 36),
        (12, 36, D(2026, 6, 1), W.FREE, W.REASON_IN_PROMISE, 36),
        (6, 12, D(2024, 9, 1), W.FREE, W.REASON_IN_PROMISE, 12),
        (6, 6, D(2024, 9, 1), W.PAID, W.REASON_EXPIRED, 6),
    ],
)
def test_promised_months_win_only_when_longer(
    component, promised, failure, coverage, reason, months
):
    decision = decide(
        failure_date=failure,
        proof_date=D(2024, 1, 10),
        unit_months=12,
        component_months=component,
        promised_months=promised,
    )
    assert (decision.coverage, decision.reason) == (coverage, reason)
    assert decision.params["months"] == months
    assert decision.warranty_end == W.period_end(D(2024, 1, 10), months)


# ------------------------------------------------------ decide_coverage: errors


def test_failure_before_purchase_is_an_input_error():
    with pytest.raises(W.WarrantyInputError) as info:
        decide(failure_date=D(2024, 1, 9), proof_date=D(2024, 1, 10))
    assert info.value.code == "failure_before_start"
    assert info.value.field == "failure_date"


@pytest.mark.parametrize("decisive", [{"exclusion": "misuse"}, {"contract": "C-1"}])
def test_contradictions_are_reported_even_when_another_rule_decides(decisive):
    with pytest.raises(W.WarrantyInputError) as info:
        decide(failure_date=D(2024, 1, 9), proof_date=D(2024, 1, 10), **decisive)
    assert info.value.code == "failure_before_start"


def test_proof_before_factory_date_is_an_input_error():
    with pytest.raises(W.WarrantyInputError) as info:
        decide(
            failure_date=D(2024, 6, 1),
            proof_date=D(2023, 12, 31),
            factory_date=D(2024, 1, 1),
        )
    assert info.value.code == "start_before_factory"
    assert info.value.field in ("warranty_start", "proof_date")


@pytest.mark.parametrize(
    "name", ["unit_months", "grace_months", "component_months", "promised_months"]
)
def test_negative_months_anywhere_is_an_input_error(name):
    values = {
        "failure_date": D(2024, 6, 1),
        "proof_date": D(2024, 1, 1),
        "factory_date": D(2023, 12, 1),
        name: -1,
    }
    with pytest.raises(W.WarrantyInputError) as info:
        decide(**values)
    assert info.value.code == "negative_months"
    assert info.value.field == name


def test_negative_grace_is_an_error_even_without_factory_date():
    with pytest.raises(W.WarrantyInputError) as info:
        decide(failure_date=D(2024, 6, 1), grace_months=-3)
    assert info.value.field == "grace_months"


@pytest.mark.parametrize("condition", ["broken", "", "VALID", None])
def test_unknown_serial_condition_is_an_input_error(condition):
    with pytest.raises(W.WarrantyInputError) as info:
        decide(failure_date=D(2024, 6, 1), serial_condition=condition)
    assert info.value.code == "serial_condition"
    assert info.value.field == "serial_condition"


def test_input_error_is_a_value_error_with_code_and_field():
    error = W.WarrantyInputError("code_x", "field_y", "Message.")
    assert isinstance(error, ValueError)
    assert (error.code, error.field, str(error)) == ("code_x", "field_y", "Message.")


# --------------------------------------------------- decide_coverage: properties


@st.composite
def consistent_facts(draw):
    """Facts that do not contradict each other (any combination of them)."""
    factory = draw(st.one_of(st.none(), dates))
    if factory is None:
        proof = draw(st.one_of(st.none(), dates))
    else:
        proof = draw(
            st.one_of(
                st.none(),
                st.integers(0, 3000).map(lambda days: factory + timedelta(days)),
            )
        )
    if proof is None:
        failure = draw(dates)
    else:
        failure = proof + timedelta(days=draw(st.integers(0, 8000)))
    return W.UnitFacts(
        failure_date=failure,
        unit_months=draw(months),
        serial_condition=draw(st.sampled_from(W.SERIAL_CONDITIONS)),
        proof_date=proof,
        factory_date=factory,
        grace_months=draw(small_months),
        component_months=draw(st.one_of(st.none(), months)),
        promised_months=draw(st.one_of(st.none(), months)),
        exclusion=draw(labels),
        contract=draw(labels),
    )


def expected(unit):
    """The regulations, written out again independently of the module."""
    if unit.exclusion:
        return W.PAID, W.REASON_EXCLUSION
    if unit.contract:
        return W.CONTRACT, W.REASON_CONTRACT
    if unit.serial_condition != W.SERIAL_VALID:
        return W.PAID, W.REASON_SERIAL
    if unit.proof_date:
        start = unit.proof_date
    elif unit.factory_date:
        start = W.add_months(unit.factory_date, unit.grace_months)
    else:
        return W.PAID, W.REASON_NO_START
    candidates = [(unit.unit_months, W.REASON_IN_WARRANTY)]
    if unit.component_months is not None:
        candidates = [(unit.component_months, W.REASON_IN_COMPONENT_WARRANTY)]
    if unit.promised_months is not None and unit.promised_months > candidates[0][0]:
        candidates = [(unit.promised_months, W.REASON_IN_PROMISE)]
    period, reason = candidates[0]
    if unit.failure_date <= W.period_end(start, period):
        return W.FREE, reason
    return W.PAID, W.REASON_EXPIRED


@given(consistent_facts())
def test_decision_never_raises_for_consistent_facts(unit):
    decision = W.decide_coverage(unit)
    assert decision.coverage in (W.FREE, W.PAID, W.CONTRACT)
    assert decision.reason in ALL_REASONS
    assert (decision.coverage, decision.reason) == expected(unit)
    if decision.coverage == W.FREE:
        assert decision.reason in IN_REASONS
        assert decision.warranty_start is not None
        assert unit.failure_date <= decision.warranty_end
    if decision.reason == W.REASON_EXPIRED:
        assert unit.failure_date > decision.warranty_end
    assert (decision.warranty_start is None) == (decision.warranty_end is None)
    assert (decision.warranty_start is None) == (decision.start_source is None)


@given(consistent_facts(), st.sampled_from(["misuse", "force majeure", "x"]))
def test_exclusion_always_gives_paid(unit, exclusion):
    decision = W.decide_coverage(dataclasses.replace(unit, exclusion=exclusion))
    assert (decision.coverage, decision.reason) == (W.PAID, W.REASON_EXCLUSION)
    assert decision.params == {"exclusion": exclusion}


@given(consistent_facts())
def test_contract_without_exclusion_always_gives_contract(unit):
    unit = dataclasses.replace(unit, exclusion=None, contract="C-9")
    decision = W.decide_coverage(unit)
    assert (decision.coverage, decision.reason) == (W.CONTRACT, W.REASON_CONTRACT)


@given(dates, months, st.integers(0, 8000))
def test_free_exactly_inside_the_period(proof, period, days_after):
    failure = proof + timedelta(days=days_after)
    decision = decide(failure_date=failure, proof_date=proof, unit_months=period)
    inside = failure <= W.period_end(proof, period)
    assert (decision.coverage == W.FREE) == inside
    assert decision.reason == (W.REASON_IN_WARRANTY if inside else W.REASON_EXPIRED)


@given(consistent_facts())
def test_more_months_never_turn_free_into_paid(unit):
    before = W.decide_coverage(unit)
    longer = dataclasses.replace(
        unit,
        unit_months=unit.unit_months + 1,
        component_months=None
        if unit.component_months is None
        else unit.component_months + 1,
    )
    after = W.decide_coverage(longer)
    if before.coverage == W.FREE:
        assert after.coverage == W.FREE


@given(consistent_facts(), months)
def test_a_promise_never_shortens_the_warranty(unit, promise):
    without = W.decide_coverage(dataclasses.replace(unit, promised_months=None))
    promised = W.decide_coverage(dataclasses.replace(unit, promised_months=promise))
    if without.coverage == W.FREE:
        assert promised.coverage == W.FREE
    if without.warranty_end is not None:
        assert promised.warranty_end >= without.warranty_end


@given(consistent_facts(), st.integers(1, 3000))
def test_expired_stays_expired_later(unit, days_late):
    unit = dataclasses.replace(
        unit, exclusion=None, contract=None, serial_condition=W.SERIAL_VALID
    )
    decision = W.decide_coverage(unit)
    if decision.warranty_end is None:
        assert decision.reason == W.REASON_NO_START
        return
    expired = dataclasses.replace(
        unit, failure_date=decision.warranty_end + timedelta(days=days_late)
    )
    later = W.decide_coverage(expired)
    assert (later.coverage, later.reason) == (W.PAID, W.REASON_EXPIRED)
    assert later.warranty_end == decision.warranty_end


# ------------------------------------------------------------ is_repeat_repair


@pytest.mark.parametrize(
    ("previous", "window", "repeat"),
    [
        ([D(2024, 5, 31)], 30, True),  # exactly window_days before
        ([D(2024, 5, 30)], 30, False),  # one day too early
        ([D(2024, 6, 30)], 30, True),  # same day
        ([D(2024, 7, 1)], 30, False),  # after the failure: not counted
        ([D(2024, 7, 1), D(2025, 1, 1)], 365, False),
        ([D(2023, 1, 1), D(2024, 6, 15)], 30, True),
        ([], 30, False),
        ([D(2024, 6, 30)], 0, True),
        ([D(2024, 6, 29)], 0, False),
        ([D(2024, 6, 29)], 1, True),
    ],
)
def test_is_repeat_repair_examples(previous, window, repeat):
    assert W.is_repeat_repair(D(2024, 6, 30), previous, window) is repeat


@pytest.mark.parametrize("previous", [[], [D(2024, 6, 30)]])
def test_is_repeat_repair_negative_window_raises(previous):
    with pytest.raises(W.WarrantyInputError) as info:
        W.is_repeat_repair(D(2024, 6, 30), previous, -1)
    assert info.value.field == "window_days"


@given(dates, st.lists(dates, max_size=6), st.integers(0, 3000))
def test_is_repeat_repair_matches_the_window(failure, previous, window):
    wanted = any(0 <= (failure - day).days <= window for day in previous)
    assert W.is_repeat_repair(failure, previous, window) is wanted


@given(dates, st.lists(dates, max_size=6), st.integers(0, 3000), st.integers(0, 300))
def test_is_repeat_repair_wider_window_keeps_repeats(failure, previous, window, more):
    if W.is_repeat_repair(failure, previous, window):
        assert W.is_repeat_repair(failure, previous, window + more)
