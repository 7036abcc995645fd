"""Tamper evidence: a SHA-256 hash chain over signed records.

Each signed record stores ``hash = sha256(previous hash + canonical content)``
and the previous record's hash (ISO 45001 7.5.3: documented information is
protected against loss of integrity). Verifying walks the chain in signing
order and names the first record whose content or link no longer matches.
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


def first_broken(links):
    """``(index, reason)`` of the first broken link, or None when the chain
    holds. ``links`` are in signing order."""
    expected_previous = ""
    for index, link in enumerate(links):
        if (link.stored_previous or "") != expected_previous:
            return index, LINK
        if link_hash(link.stored_previous, link.content) != link.stored_hash:
            return index, CONTENT
        expected_previous = link.stored_hash
    return None
