"""The group of facts that answers a question about one measure, chosen from all its fits.

The group is every fact that fits the question as well as the best one does (period × kind
× unit), narrowed to the qualifier the question names, if it names one. A breakdown row
("medicinska gaser", "immateriella anläggningstillgångar") answers only a question that
names its part, a question ranking the parts ("vilken kommun har högst …"), or a measure
that has nothing but parts (1177 på telefon, på webben, e-tjänster); when the whole is
missing for the period asked, the parts are shown as what is known (`breakdown`). Kinds
are not a filter: a fact of another kind only ever joins through its weight (a labelled
fallback, a supporting statement).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planbot.answer.fit import Fit
from planbot.answer.model import Fact
from planbot.query.resolve import stem
from planbot.query.slots import Slots

TIE = 0.97
EPSILON = 1e-9
CHANGE_STEM = stem("forandring")
WHOLE_NEARBY = 0.5  # a whole figure this close to the best part answers instead of the parts
NAMED_NEARBY = 0.5
NAMED_STRONGLY = 2.0  # an exact, telling word of the qualifier (idf)
KIND_ORDER = {"outcome": 0, "forecast": 1, "budget": 2, "target": 3, "statement": 4}


@dataclass(slots=True)
class Group:
    """What answers, and how: `fits` best first."""

    fits: list[Fit] = field(default_factory=list)
    fallback: bool = False  # the kind asked for is not there; a neighbour stands in, labelled
    qualified: bool = False  # narrowed by words naming a qualifier
    breakdown: bool = False  # only parts of the measure fit; the whole is not in the sources
    also: list[Fact] = field(default_factory=list)  # facts of another kind the question names
    parts: frozenset[int] = frozenset()  # ids of the facts that are parts the question does not name

    @property
    def facts(self) -> list[Fact]:
        return [f.fact for f in self.fits]

    @property
    def kinds(self) -> set[str]:
        return {f.fact.kind for f in self.fits}

    @property
    def has_figures(self) -> bool:
        return any(_is_figure(f) for f in self.fits)


def stated_at(fact: Fact) -> str:
    """When a fact was stated: its as-of date, else its document's date."""
    if fact.as_of_date and fact.as_of_date != "0000-00-00":
        return fact.as_of_date
    return fact.source.date if fact.source else ""


def _tier(fits: list[Fit]) -> list[Fit]:
    top = max(f.score for f in fits)
    return [f for f in fits if f.score >= TIE * top]


def _is_figure(fit: Fit) -> bool:
    """A figure: any fact with a value, or a target or budget given in words ("Ja")."""
    return fit.fact.kind != "statement" or fit.fact.value is not None


def best_group(fits: list[Fit], slots: Slots) -> Group:
    """The facts that fit best; empty when no fact fits the period and kind asked."""
    live = [f for f in fits if f.score > 0]
    if not live:
        return Group()
    figures = [f for f in live if _is_figure(f)]
    top = max(f.score for f in live)
    group = _tier(live)
    grouped = {id(f) for f in group}
    # A fact whose qualifier the question names stays in the running though another kind
    # fits a little better ("/indikator nya tåg beställda": the 12 trains ordered).
    # So does one of a kind only a slash command ruled out, where the words name it strongly
    # ("/budget likviditet minimum": the policy's minimum of 250 mnkr, beside the budget).
    by_command = bool(slots.command) and not slots.cues.kinds
    # And a statement whose own words the question's words name, where no kind is asked
    # ("/planbot leverans nya tåg": what is said about the delivery, beside the costs).
    # And, where the question's words name no figure at all and ask for none, a statement
    # they name, whatever kind the command asks for ("/mål hyrpersonal oberoende": the plan's
    # decision to be independent of agency staff by the end of 2024, not the cost targets).
    unnamed_figures = not slots.cues.figure and not any(f.qualifier > 0 for f in fits if _is_figure(f))

    def named_nearby(f: Fit) -> bool:
        if not (
            f.by_qualifier >= NAMED_STRONGLY
            or (f.fact.kind == "statement" and f.qualifier >= NAMED_STRONGLY and not slots.cues.kinds)
        ):
            return False
        weight = f.score if f.kind or not by_command else f.period * f.unit * f.source
        return weight >= NAMED_NEARBY * top

    # And, for whether something holds ("Nås det finansiella målet …?"), a statement its words
    # name more than any figure's ("… nås inte 2024 och 2026").
    named_figures = max((f.qualifier for f in fits if _is_figure(f)), default=0.0)

    def said_instead(f: Fit) -> bool:
        return (
            (unnamed_figures or (slots.cues.claim and f.qualifier > named_figures))
            and not _is_figure(f)
            and f.qualifier >= NAMED_STRONGLY
            and f.period * f.unit * f.source >= NAMED_NEARBY * top
        )

    nearby = [f for f in fits if id(f) not in grouped and (named_nearby(f) or said_instead(f))]
    # Statements answer when the question asks for what is said, or when no figure fits.
    if any(_is_figure(f) for f in group):
        group = [f for f in group if _is_figure(f)] + [f for f in group if not _is_figure(f)]
    elif figures and not slots.cues.statement and max(f.score for f in figures) >= 0.45 * top:
        group = _tier(figures)
    elif figures and slots.cues.statement:
        # "När ska soliditeten vara återställd, och till vilken nivå?": the figures that fit too.
        group += [f for f in _tier(figures) if f.score >= 0.5 * top]
    breakdown = False
    best_qualifier = max(f.qualifier for f in group)
    qualified = best_qualifier > 0
    if qualified:
        group = _named_best(group)
    elif slots.cues.ranking:
        group = [f for f in group if _is_figure(f)] or group
    else:
        group, breakdown = _whole_or_parts(group, live, fits, top, slots)
    if any(f.qualifier < 0 for f in group):
        group = [f for f in group if f.qualifier >= 0] or group
    if qualified:
        group = with_wholes(live, group)
    also = [f for f in _named_best(nearby) if f not in group]
    group += also
    parts = _unnamed_parts(group)
    if slots.latest and len(group) > 1:
        newest = max(stated_at(f.fact) for f in group)
        group = [f for f in group if stated_at(f.fact) == newest]
    if slots.cues.ranking:
        group.sort(key=lambda f: (f.fact.value is None, -(f.fact.value or 0) if slots.cues.ranking == "desc"
                                  else (f.fact.value or 0)))  # fmt: skip
    else:
        group.sort(
            key=lambda f: (
                -f.score,
                -f.qualifier,
                id(f.fact) in parts,  # the whole before its unnamed parts
                -f.context,
                KIND_ORDER.get(f.fact.kind, 9),
                f.fact.qualifier is not None,
                f.fact.id,
            )
        )
    fallback = any(f.fallback for f in group) and all(f.fallback for f in group if _is_figure(f))
    return Group(
        group,
        fallback=fallback,
        qualified=qualified,
        breakdown=breakdown,
        parts=frozenset(parts),
        also=[f.fact for f in also if f in group],
    )


def _unnamed_parts(group: list[Fit]) -> set[int]:
    """The facts that are parts the question does not name, but for a row that restates a
    whole of the group with its own label ("Totalt −7 121,2" beside "ramarna uppgår till
    7 121,2 mnkr": one figure, written as a cost in the table)."""
    wholes = {
        (f.fact.kind, f.fact.period, abs(f.fact.value))
        for f in group
        if not f.specific and f.fact.value  # a zero equals any other zero: no restatement
    }
    return {
        id(f.fact)
        for f in group
        if f.specific and (f.fact.kind, f.fact.period, abs(f.fact.value or 0.0)) not in wholes
    }


def _named_best(group: list[Fit]) -> list[Fit]:
    """The facts the question's qualifier words name best: each word goes to the facts it
    names, so "telefon och webben" keeps both, while a fact named by fewer of the same
    words than another ("inventarier" vs "ospecificerade inventarier") gives way."""
    named = [f for f in group if f.qualifier > 0]
    if not named:
        return group
    if all(f.named <= {CHANGE_STEM} for f in named):
        # Only "förändring" (the question asks how much something changed): the changes
        # first, the levels beside them.
        return named + [f for f in group if f not in named]
    best = [f for f in named if not any(_named_better(g, f) for g in named)]
    return best or named


def _named_better(g: Fit, f: Fit) -> bool:
    """`g` is named by more of the question's words than `f`, or by the same more strongly."""
    return f.named < g.named or (f.named == g.named and f.qualifier < g.qualifier - EPSILON)


def with_wholes(fits: list[Fit], chosen: list[Fit]) -> list[Fit]:
    """A "varav …" part asked for comes with the whole it is part of; a figure asked for by
    its qualifier, with the other figures its sentence gives for the whole measure
    ("Riktvärdet ska vara högst 35 medarbetare per chef, med målet att minska till 25")."""
    out = list(chosen)
    for fit in chosen:
        quote = fit.fact.source and fit.fact.source.quote
        out += [
            other
            for other in fits
            if other not in out
            and not other.specific
            and other.qualifier >= 0
            and (other.fact.kind, other.fact.period) == (fit.fact.kind, fit.fact.period)
            and other.fact.value is not None
            and quote
            and other.fact.source
            and other.fact.source.quote == quote
        ]
    for fit in chosen:
        if (fit.fact.qualifier or "").casefold().startswith("varav"):
            for other in fits:
                same = (
                    other.fact.kind,
                    other.fact.period,
                    other.fact.as_of,
                    other.fact.source and other.fact.source.quote,
                )
                mine = (
                    fit.fact.kind,
                    fit.fact.period,
                    fit.fact.as_of,
                    fit.fact.source and fit.fact.source.quote,
                )
                if other.fact.qualifier is None and same == mine and other not in out:
                    out.insert(out.index(fit), other)
    return out


def _whole_or_parts(
    group: list[Fit], live: list[Fit], fits: list[Fit], top: float, slots: Slots
) -> tuple[list[Fit], bool]:
    """Without a qualifier named: the whole measure's figures, not its breakdown rows."""
    parts = [f for f in group if _is_figure(f) and f.specific]
    if not parts:
        return group, False
    wholes = [f for f in group if _is_figure(f) and not f.specific]
    if slots.cues.total:
        wholes = [f for f in wholes if f.fact.qualifier is None] or wholes
    said = [f for f in group if not _is_figure(f)]
    if wholes:
        # The whole first; its breakdown rows after it, as detail.
        return wholes + parts + said, False
    kinds = {f.fact.kind for f in parts}
    nearby = [
        f for f in live
        if _is_figure(f) and not f.specific and f.fact.kind in kinds and f.score >= WHOLE_NEARBY * top
    ]  # fmt: skip
    if nearby:
        return _tier(nearby) + said, False
    if not any(f.part for f in parts) or not slots.when.any:
        # One qualified figure is the figure; without a period asked, the rows are the answer.
        return group, False
    has_whole = any(
        _is_figure(f) and not f.part and f.fact.kind in kinds and f.fact.value is not None for f in fits
    )
    return group, has_whole
