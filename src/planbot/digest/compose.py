"""Compose a digest from the knowledge base: its figures with sources, and what is new.

"Nytt sedan förra utskicket" compares fact fingerprints, not fact ids (ids are renumbered
at every knowledge-base build). A fingerprint is the fact's identity — source, measure,
kind, period, as_of, qualifier, unit — plus its value or text; a fact whose identity was
posted before but whose value differs is reported as changed, one never seen as new.

With a channel policy (planbot.slack.policy), facts of measures restricted in the channel
are left out everywhere: the sections (which say how many were left out), "Nytt sedan
förra utskicket" and the fingerprints kept for the next comparison.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from planbot.answer.model import Fact
from planbot.digest.config import Digest, DigestItem

if TYPE_CHECKING:
    from planbot.answer.engine import Engine
    from planbot.slack.policy import ChannelPolicy

KIND_ORDER = {"target": 0, "budget": 1, "forecast": 2, "outcome": 3, "statement": 4, "computed": 5}
MAX_NEW_SHOWN = 10


def fingerprint(fact: Fact) -> str:
    """`identity/value` hashes of a fact, stable across knowledge-base rebuilds."""
    source = fact.source.source_id if fact.source else ""
    identity = [source, fact.measure_id, fact.kind, fact.period, fact.as_of, fact.qualifier, fact.unit]
    value = fact.value if fact.value is not None else fact.text
    return f"{_hash(identity)}/{_hash([*identity, value])}"


def _hash(data: object) -> str:
    encoded = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


@dataclass(slots=True)
class DigestSection:
    """One item of a digest as composed: its heading and the facts shown."""

    title: str
    facts: list[Fact]
    note: str | None = None
    more: int = 0  # facts left out by max_facts
    withheld: int = 0  # facts left out by the channel policy

    def to_json(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "note": self.note,
            "facts": [f.to_json() for f in self.facts],
            "more": self.more,
            "withheld": self.withheld,
        }


@dataclass(slots=True)
class DigestMessage:
    """A composed digest for one channel (or none, for a preview), ready to render."""

    digest: Digest
    sections: list[DigestSection]
    fingerprints: list[str]
    new: list[Fact] = field(default_factory=list)
    changed: list[Fact] = field(default_factory=list)
    first: bool = True  # no earlier post to compare with
    compared: bool = False  # False for a preview without a channel
    scheduled_at: datetime | None = None
    channel: str | None = None

    @property
    def as_of(self) -> str:
        """The date of the newest source shown (ISO), or "" when nothing is shown."""
        dates = [f.source.date for s in self.sections for f in s.facts if f.source]
        return max(dates, default="")

    def to_json(self) -> dict[str, Any]:
        return {
            "digest": self.digest.name,
            "title": self.digest.title,
            "channel": self.channel,
            "scheduled_at": self.scheduled_at.isoformat() if self.scheduled_at else None,
            "as_of": self.as_of or None,
            "sections": [s.to_json() for s in self.sections],
            "new_since_last": None
            if not self.compared or self.first
            else {
                "new": [f.to_json() for f in self.new],
                "changed": [f.to_json() for f in self.changed],
            },
            "first": self.first,
        }


def select_facts(item: DigestItem, engine: Engine) -> list[Fact]:
    """The item's facts: its query's answer, else the newest facts of its measures."""
    facts: list[Fact] = []
    if item.query:
        answer = engine.answer(item.query)
        if answer.status in ("answered", "no_value"):
            facts = list(answer.facts)
        if item.only_listed:
            facts = [f for f in facts if f.measure_id in item.measures]
    if not facts:
        for measure_id in item.measures:
            facts.extend(engine.kb.by_measure.get(measure_id, []))
        if item.kinds:
            facts = [f for f in facts if f.kind in item.kinds]
        if item.latest:
            facts = _latest(facts)
        order = {m: i for i, m in enumerate(item.measures)}
        facts.sort(key=lambda f: (order.get(f.measure_id, 99), KIND_ORDER.get(f.kind, 9), f.period, f.id))
    elif item.kinds:
        facts = [f for f in facts if f.kind in item.kinds]
    return facts


def _latest(facts: list[Fact]) -> list[Fact]:
    """Per measure, kind, qualifier, unit and long-term flag, the newest fact only."""
    best: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = (fact.measure_id, fact.kind, fact.qualifier, fact.unit, fact.long_term)
        if key not in best or _recency(fact) > _recency(best[key]):
            best[key] = fact
    return list(best.values())


def _recency(fact: Fact) -> tuple[str, int, int]:
    date = fact.as_of_date or (fact.source.date if fact.source else "")
    return (date, fact.year or 0, fact.id)


def watched_facts(digest: Digest, sections: list[DigestSection], engine: Engine) -> list[Fact]:
    """Every knowledge-base fact of the measures this digest covers or showed."""
    measures = dict.fromkeys(digest.measure_ids)
    for section in sections:
        for fact in section.facts:
            for f in (fact, *fact.inputs):
                if f.kind != "computed":
                    measures.setdefault(f.measure_id)
    return [f for m in measures for f in engine.kb.by_measure.get(m, [])]


def compose(
    digest: Digest,
    engine: Engine,
    previous: list[str] | None = None,
    *,
    channel: str | None = None,
    scheduled_at: datetime | None = None,
    compared: bool = True,
    channels: ChannelPolicy | None = None,
) -> DigestMessage:
    """Compose `digest`; `previous` holds the fingerprints last posted to the channel (None: never).

    `channels`: the channel policy; facts it does not show in `channel` are left out.
    """
    sections = []
    for item in digest.items:
        facts = select_facts(item, engine)
        shown = channels.visible(facts, channel) if channels is not None else facts
        sections.append(
            DigestSection(
                item.title, shown[: item.max_facts], item.note, max(0, len(shown) - item.max_facts),
                withheld=len(facts) - len(shown),
            )
        )  # fmt: skip
    watched = watched_facts(digest, sections, engine)
    if channels is not None:
        watched = channels.visible(watched, channel)
    prints = {fingerprint(f): f for f in watched}
    message = DigestMessage(
        digest, sections, sorted(prints), channel=channel, scheduled_at=scheduled_at, compared=compared
    )
    if previous is not None:
        message.first = False
        old = set(previous)
        old_identities = {p.split("/")[0] for p in previous}
        fresh = sorted(
            (f for p, f in prints.items() if p not in old),
            key=lambda f: (f.source.date if f.source else "", f.id),
            reverse=True,
        )
        message.changed = [f for f in fresh if fingerprint(f).split("/")[0] in old_identities]
        message.new = [f for f in fresh if fingerprint(f).split("/")[0] not in old_identities]
    return message
