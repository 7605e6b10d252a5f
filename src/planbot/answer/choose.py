"""Which measure (or measures) a question is about, judged by name and by the facts it holds.

The words first: a measure's name and synonyms (query.resolve.MeasureIndex). Where two
measures are named about equally well, the one whose facts fit the question's other slots
(the kind and period asked for, the qualifier words) wins; where both fit the question
fully and each is named by words of its own ("finansiella intäkter och kostnader"), both
are answered. Otherwise the answer lists the candidates. A question whose words name no
measure clearly enough is not found, with suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from planbot.query.resolve import Match, MeasureIndex
from planbot.query.slots import Slots

AMBIGUITY_RATIO = 0.9
LEADER_RATIO = 0.8
CONSIDERED = 8
CONSIDERED_RATIO = 0.25  # low enough for a measure named only by a qualifier of its facts
MIN_SCORE = 1.6  # an exact hit of a word that a handful of measures share scores about 3
QUALIFIER_WEIGHT = 0.3
FIT_WEIGHT = 0.3  # how much the facts' fit to the question weighs against the name's match
NO_FIT = 0.5  # a measure none of whose facts fits the question at all
MIN_EXPLAINED = 0.25
OFFERED_EXPLAINED = 0.5
FAMILY = 2
MIN_PART = 4
_CONJUNCTION = re.compile(r"\b(?:och|samt|respektive|resp|eller|plus|and|or)\b|[,&/+]")


@dataclass(slots=True)
class Choice:
    """The measures to answer about, or why there are none."""

    measures: list[str] = field(default_factory=list)
    candidates: list[str] = field(default_factory=list)
    status: str = "ok"  # ok | ambiguous | not_found
    matches: list[Match] = field(default_factory=list)


def measure_words(slots: Slots, index: MeasureIndex) -> list[str]:
    """The question's words for the index: a compound the catalogue does not know by its
    first part ("investeringsbudget" → "investering"), every other word as written."""
    words = []
    for word in slots.words:
        head = slots.heads.get(word)
        if head and not index.lookup(word):
            words.append(head)
        elif head:
            words.append(word)
            words.append(head)
        else:
            words.extend(split_compound_word(word, index) or [word])
    return list(dict.fromkeys(words))


def split_compound_word(word: str, index: MeasureIndex) -> list[str] | None:
    """["läkemedel", "statsbidrag"] for "läkemedelsstatsbidrag": a compound the catalogue
    does not know whole, of two parts it knows by name (a linking "s" allowed)."""
    if len(word) < 2 * MIN_PART or any(q >= 0.9 and index.postings[s] for s, q in index.lookup(word)):
        return None
    for cut in range(len(word) - MIN_PART, MIN_PART - 1, -1):
        head, tail = word[:cut], word[cut:]
        for left in (head, head[:-1] if head.endswith("s") else None):
            if left and len(left) >= MIN_PART and _named_exactly(left, index) and _named_exactly(tail, index):
                return [left, tail]
    return None


def _named_exactly(word: str, index: MeasureIndex) -> bool:
    return any(q == 1.0 and index.postings[s] for s, q in index.lookup(word))


def choose(
    slots: Slots,
    index: MeasureIndex,
    fitness: Callable[[Match], float],
    naming: Callable[[Match, frozenset[str]], float] = lambda m, named: 0.0,
    explained: Callable[[Match], float] = lambda m: 1.0,
) -> Choice:
    """The measures for `slots`: `fitness(match)` says how well a measure's facts fit (0..1),
    `naming(match, named)` how strongly the words beyond those naming it name one of its
    qualifiers, `explained(match)` what share of the question's words it accounts for."""
    words = measure_words(slots, index)
    matches = index.match(words, soft=slots.soft_words, limit=16) if words else []
    if not matches:
        return Choice(status="not_found", matches=matches)
    best_score = matches[0].score
    considered = [m for m in matches[:CONSIDERED] if m.score >= CONSIDERED_RATIO * best_score]
    fit = {m.measure_id: fitness(m) for m in considered}
    # Words naming a qualifier of a fact that fits ("hälso- och sjukvårdsförvaltningen" for
    # a frame in the budget) are evidence for its measure, as its name is: those words that
    # no measure's whole name already explains.
    named_fully = frozenset().union(*(m.named for m in considered if m.coverage == 1.0))
    # Where a measure is named in full, one that no word of the question names (only a cue
    # like "utveckling") gets no credit for qualifier words: "BNP-utveckling, SKR:s prognos"
    # is about BNP, though the SKR rows are the skatteunderlag's.
    some_full = any(m.coverage == 1.0 and m.named for m in considered)
    combined = {
        m.measure_id: m.score
        * (NO_FIT if fit[m.measure_id] == 0 else 1 - FIT_WEIGHT + FIT_WEIGHT * fit[m.measure_id])
        + (
            0.0
            if some_full and not m.named and m.hits
            else QUALIFIER_WEIGHT * naming(m, named_fully | m.named)
        )
        for m in considered
    }
    considered.sort(key=lambda m: (-combined[m.measure_id], m.measure_id))
    # A measure that explains too little of what the question says is about something else
    # ("antal vårdplatser" is not "antal invånarkonton").
    # A measure must be named: by its name, by a qualifier of one of its facts, or (for a
    # question about what is said) by the words of its statements.
    considered = [
        m for m in considered
        if explained(m) >= MIN_EXPLAINED
        and (m.hits > 0 or slots.cues.statement or naming(m, named_fully | m.named) > 0)
    ]  # fmt: skip
    if not considered or max(m.score for m in considered) < MIN_SCORE:
        return Choice(status="not_found", matches=matches[:3])
    best = considered[0]
    # A reading that covers a whole name of its measure, where the best covers only part of
    # one, leads when it is nearly as good ("friskfaktorer" is a measure's name, and part of
    # another's).
    if best.coverage < 1.0:
        # A measure named fully, and better, is what the question is about, even where none
        # of its facts fits (the answer then says so): "finansnetto 2025" is not the
        # "summa skatteintäkter och finansnetto".
        named_better = [
            m for m in considered[1:]
            if m.coverage == 1.0 and m.score >= best.score and naming(best, named_fully | best.named) == 0
        ]  # fmt: skip
        if named_better:
            best = named_better[0]
            considered = [best] + [m for m in considered if m is not best]
    if best.coverage < 1.0:
        full = [
            m for m in considered[1:]
            if m.coverage == 1.0 and m.hits >= best.hits and fit[m.measure_id] > 0
            and combined[m.measure_id] >= LEADER_RATIO * combined[best.measure_id]
        ]  # fmt: skip
        if full:
            best = full[0]
            considered = [best] + [m for m in considered if m is not best]
    close = [
        m for m in considered[1:] if combined[m.measure_id] >= AMBIGUITY_RATIO * combined[best.measure_id]
    ]
    if close:
        # Of close readings, the one naming more of the question's words, as fully, leads.
        leader = max((best, *close), key=lambda m: (m.hits, m.coverage, combined[m.measure_id]))
        if leader is not best and (
            (leader.hits > best.hits and leader.coverage >= best.coverage)
            or (
                leader.hits >= best.hits
                and leader.coverage == 1.0 > best.coverage
                and fit[leader.measure_id] > 0
            )
        ):
            close = [m for m in (best, *close) if m is not leader]
            best = leader
    if not close:
        return Choice([best.measure_id], matches=considered)
    # Both named fully, each by words of its own, joined by "och"/",": the question asks for both.
    if _CONJUNCTION.search(slots.folded):
        both = [m for m in (best, *close) if m.coverage == 1.0 and fit[m.measure_id] > 0]
        if len(both) >= 2 and all(m.named - best.named for m in both[1:]) and best.named - both[1].named:
            return Choice([m.measure_id for m in both[:3]], matches=considered)
    decisive = (best.coverage == 1.0 and all(m.coverage < 1.0 for m in close)) or all(
        (m.hits < best.hits and m.coverage <= best.coverage)
        or fit[m.measure_id] + 0.34 <= fit[best.measure_id]
        for m in close
    )
    if decisive:
        return Choice([best.measure_id], matches=considered)
    # Offer only candidates that account for most of the question; none: not found.
    offered = [m for m in (best, *close) if explained(m) >= OFFERED_EXPLAINED]
    if not offered:
        return Choice(status="not_found", matches=matches[:3])
    if len(offered) == 1:
        return Choice([offered[0].measure_id], matches=considered)
    # Two measures of one family, named by the same words in full, both holding what is
    # asked ("SVF-målen": the inklusion and the ledtid targets): both are the answer.
    if (
        len(offered) == FAMILY
        and all(m.coverage == 1.0 and m.named == offered[0].named for m in offered)
        and min(fit[m.measure_id] for m in offered) >= max(0.3, 0.9 * max(fit[m.measure_id] for m in offered))
    ):  # fmt: skip
        return Choice([m.measure_id for m in offered], matches=considered)
    return Choice(candidates=[m.measure_id for m in offered][:5], status="ambiguous", matches=considered)
