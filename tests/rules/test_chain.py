"""addons/aftersales_service/rules/chain.py: the SHA-256 hash chain over signed
records (ISO 45001 7.5.3: integrity of documented information)."""

from __future__ import annotations

import hashlib
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from .conftest import load_rule

C = load_rule("aftersales_service", "chain")

values = st.dictionaries(
    st.text(min_size=1, max_size=8),
    st.one_of(st.integers(), st.text(max_size=10), st.booleans(), st.none()),
    max_size=5,
)


def build(contents):
    links, previous = [], ""
    for key, content in enumerate(contents):
        digest = C.link_hash(previous, content)
        links.append(C.Link(key, digest, previous, content))
        previous = digest
    return links


def test_canonical_is_order_independent_and_unicode():
    assert C.canonical({"b": 1, "a": "安全"}) == '{"a":"安全","b":1}'
    assert C.canonical({"d": date(2025, 1, 2)}) == '{"d":"2025-01-02"}'


def test_link_hash_is_sha256_of_previous_and_content():
    expected = hashlib.sha256(b"abc\n{}").hexdigest()
    assert C.link_hash("abc", "{}") == expected
    assert C.link_hash("", "x") == C.link_hash(None, "x")


@given(st.lists(values, max_size=8))
def test_an_untouched_chain_holds(rows):
    assert C.broken(build([C.canonical(r) for r in rows])) == []


@given(st.lists(values, min_size=1, max_size=8), st.data())
def test_a_changed_content_is_found_at_its_record(rows, data):
    links = build([C.canonical(r) for r in rows])
    index = data.draw(st.integers(0, len(links) - 1))
    tampered = links[index].content + " "
    links[index] = C.Link(
        links[index].key,
        links[index].stored_hash,
        links[index].stored_previous,
        tampered,
    )
    assert C.broken(links)[:1] == [(index, C.CONTENT)]


@given(st.lists(values, min_size=3, max_size=8), st.data())
def test_a_removed_record_breaks_the_next_link(rows, data):
    contents = [C.canonical(r) + str(i) for i, r in enumerate(rows)]
    links = build(contents)
    index = data.draw(st.integers(0, len(links) - 2))
    del links[index]
    assert C.broken(links)[:1] == [(index, C.LINK)]


def test_rehashing_one_record_still_breaks_the_next():
    links = build(["a", "b", "c"])
    forged = C.link_hash(links[1].stored_previous, "B")
    links[1] = C.Link(1, forged, links[1].stored_previous, "B")
    assert C.broken(links)[:1] == [(2, C.LINK)]


@given(st.lists(values, min_size=1, max_size=10), st.data())
def test_every_changed_record_is_reported_and_only_those(rows, data):
    links = build([C.canonical(r) + str(i) for i, r in enumerate(rows)])
    changed = data.draw(st.sets(st.integers(0, len(links) - 1), max_size=len(links)))
    for index in changed:
        link = links[index]
        links[index] = C.Link(
            link.key, link.stored_hash, link.stored_previous, link.content + "!"
        )
    assert C.broken(links) == [(index, C.CONTENT) for index in sorted(changed)]


@given(st.lists(values, min_size=2, max_size=10), st.data())
def test_a_chain_checked_in_slices_gives_the_same_answer(rows, data):
    links = build([C.canonical(r) + str(i) for i, r in enumerate(rows)])
    index = data.draw(st.integers(0, len(links) - 1))
    link = links[index]
    links[index] = C.Link(link.key, link.stored_hash, link.stored_previous, "x")
    cut = data.draw(st.integers(1, len(links)))
    first = C.broken(links[:cut])
    second = [
        (i + cut, reason)
        for i, reason in C.broken(links[cut:], links[cut - 1].stored_hash)
    ]
    assert first + second == C.broken(links)
