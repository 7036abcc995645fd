"""Tamper evidence: a SHA-256 hash chain over signed records.

Each signed record stores ``hash = sha256(previous hash + canonical content)``
and the previous record's hash (ISO 45001 7.5.3: documented information is
protected against loss of integrity). Verifying walks the chain in signing
order and names every record whose content or link no longer matches.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

CONTENT = "content"  # the record changed after signing
LINK = "link"  # the previous-hash pointer does not match the previous record


def canonical(values) -> str:
    """One string per content: keys sorted, no spacing, UTF-8, dates and
    other values as their ``str``."""
    return json.dumps(
        values, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str
    )


def link_hash(previous: str, content: str) -> str:
    return hashlib.sha256(f"{previous or ''}\n{content}".encode()).hexdigest()


@dataclass(frozen=True)
class Link:
    key: object
    stored_hash: str
    stored_previous: str
    content: str  # canonical content recomputed now


def broken(links, start_previous=""):
    """``[(index, reason), ...]`` of every broken link, in signing order; empty
    when the chain holds. ``links`` are in signing order, ``start_previous``
    the stored hash before the first of them (a chain checked in slices).

    Each record is judged on its own stored values: a record whose content
    changed is reported (CONTENT), and so is one whose pointer no longer
    matches the stored hash of the record before it (LINK: a record removed or
    re-hashed before it); the records after a changed one are not."""
    found = []
    expected_previous = start_previous or ""
    for index, link in enumerate(links):
        if (link.stored_previous or "") != expected_previous:
            found.append((index, LINK))
        elif link_hash(link.stored_previous, link.content) != link.stored_hash:
            found.append((index, CONTENT))
        expected_previous = link.stored_hash or ""
    return found
