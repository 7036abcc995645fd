"""Ranking technicians for a visit.

DOMAIN.md (People): the dispatcher assigns technicians by skill, certificate,
zone and load. Certificates and other safety conditions arrive as blocking
reasons; a blocked technician is listed last and cannot be sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Candidate:
    key: object
    name: str = ""
    skilled: bool = False  # knows the product category of the unit
    in_zone: bool = False  # covers the ticket's service zone
    available: bool = False  # working hours cover the planned time
    load: int = 0  # visits already planned that day
    blockers: tuple = field(default_factory=tuple)  # reasons they may not go


def rank_key(candidate: Candidate):
    """Sort key: not blocked, available, skilled, in zone, least loaded, name."""
    if candidate.load < 0:
        raise ValueError(f"Load cannot be negative ({candidate.load}).")
    return (
        bool(candidate.blockers),
        not candidate.available,
        not candidate.skilled,
        not candidate.in_zone,
        candidate.load,
        candidate.name,
    )


def rank(candidates):
    """Candidates best first; the order is total and stable."""
    return sorted(candidates, key=rank_key)


def score(candidate: Candidate) -> int:
    """0..100 shown to the dispatcher: skill 40, availability 30, zone 20,
    minus 5 per planned visit (down to 0); 0 when blocked."""
    if candidate.load < 0:
        raise ValueError(f"Load cannot be negative ({candidate.load}).")
    if candidate.blockers:
        return 0
    points = 40 * candidate.skilled + 30 * candidate.available + 20 * candidate.in_zone
    return max(0, min(100, points + 10 - 5 * candidate.load))
