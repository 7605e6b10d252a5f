"""Which measure (or measures) a question is about, judged by name and by the facts it holds.

The words first: a measure's name and synonyms (query.resolve.MeasureIndex). Where two
measures are named about equally well, the one whose facts fit the question's other slots
(the kind and period asked for, the qualifier words) wins; where both fit the question
fully and each is named by words of its own ("finansiella intäkter och kostnader"), both
are answered. Otherwise the answer lists the candidates. A question whose words name no
measure clearly enough is not found, with suggestions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from planbot.query.resolve import Match, MeasureIndex, stem
from planbot.query.slots import Slots

AMBIGUITY_RATIO = 0.9
LEADER_RATIO = 0.8
CONSIDERED = 8
BESIDE_SHARE = 0.5  # a measure named beside the best one ("X respektive Y"): at least this much of its weight
CONSIDERED_RATIO = 0.25  # low enough for a measure named only by a qualifier of its facts
MIN_SCORE = 1.6  # an exact hit of a word that a handful of measures share scores about 3
QUALIFIER_WEIGHT = 0.3
FIT_WEIGHT = 0.3  # how much the facts' fit to the question weighs against the name's match
NO_FIT = 0.5  # a measure none of whose facts fits the question at all
MIN_EXPLAINED = 0.25
# A measure only part of whose name the question says ("antal" of "antal invånare") must
# account for more of it: "antal vårdplatser" is not the number of inhabitants. (An English
# question's words the glossary lacks are more often paraphrases: the lower bar.)
PART_NAMED_EXPLAINED = 0.4
ROW_EXPLAINED = 0.75  # a row named in whole, where no name is said: most of the question is about it
ROW_FIT = 1.0  # … and a fact of the very kind and period asked (not a figure stated in words)
OFFERED_EXPLAINED = 0.5
FAMILY = 2
NAMED_QUALIFIER = 2.0
PLURAL_KINDS = frozenset(
    {"malen", "malvardena", "maltalen", "prognoserna", "budgetarna", "targets", "goals", "forecasts"}
)
FAMILY_SHARE = 0.5
FIGURE_FIT = 0.25  # more than statements' support: a figure of a kind asked fits
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
    words.extend(written_apart(slots, index))
    return list(dict.fromkeys(words))


def written_apart(slots: Slots, index: MeasureIndex) -> list[str]:
    """The compounds a name has that the question writes as two words ("första besöket" for
    "förstabesök", "hyr personal" for "hyrpersonal"): two words side by side whose joined
    form a name has."""
    found = []
    for first, second in itertools.pairwise(slots.words):
        joined = first + second
        # (Looked up as a name's stem only: a typo search for every pair of words costs much.)
        if f"{first} {second}" in slots.folded and any(index.postings.get(f) for f in (joined, stem(joined))):
            found.append(joined)
    return found


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


def _joined(text: str, first: Match, second: Match) -> bool:
    """Whether a conjunction stands between the words naming one measure and those naming the
    other ("köpt vård respektive läkemedel"), not inside one name ("skatter och utjämning")."""
    spans = []
    # The words each is named by alone ("kostnaderna" may name both).
    for own in (first.named - second.named, second.named - first.named):
        found = [m.span() for w in own for m in re.finditer(rf"\b{re.escape(w)}\b", text)]
        if not found:
            return False
        spans.append((min(start for start, _ in found), max(end for _, end in found)))
    (_, first_end), (second_start, _) = sorted(spans)
    return first_end <= second_start and bool(_CONJUNCTION.search(text[first_end:second_start]))


def _holds_as_much(m: Match, best: Match, fit: dict[str, float], combined: dict[str, float]) -> bool:
    """A second measure named beside the best one, as fitting: its facts fit as well, and its
    name weighs at least half as much."""
    return fit[m.measure_id] >= min(FIGURE_FIT, fit[best.measure_id]) and (
        combined[m.measure_id] >= BESIDE_SHARE * combined[best.measure_id]
    )


def choose(
    slots: Slots,
    index: MeasureIndex,
    fitness: Callable[[Match], float],
    naming: Callable[..., float] = lambda m, named, whole=False: 0.0,
    explained: Callable[[Match], float] = lambda m: 1.0,
    names_a_row: Callable[[Match, frozenset[str]], float] = lambda m, words: 0.0,
    said_only: Callable[[Match], bool] = lambda m: False,
) -> Choice:
    """The measures for `slots`: `fitness(match)` says how well a measure's facts fit (0..1),
    `naming(match, named)` how strongly the words beyond those naming it name one of its
    qualifiers, `explained(match)` what share of the question's words it accounts for,
    `names_a_row(match, words)` how strongly `words` name a qualifier of any of its facts,
    `said_only(match)` whether the sources give it in words only (a figure "endast i diagram")."""
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
    swedish = slots.reply_language == "sv"
    considered = [
        m for m in considered
        if explained(m) >= (PART_NAMED_EXPLAINED if m.coverage < 1.0 and swedish else MIN_EXPLAINED)
        and (m.hits > 0 or slots.cues.statement or naming(m, named_fully | m.named) > 0)
    ]  # fmt: skip
    if considered and max(m.score for m in considered) < MIN_SCORE:
        # No name is said clearly enough; a row of a measure's table named in whole, fitting
        # what is asked, is ("/budget Regionservice 2026": the frames' row "Regionservice").
        rows = [
            m for m in considered
            if slots.asked and fit[m.measure_id] >= ROW_FIT and explained(m) >= ROW_EXPLAINED
            and naming(m, m.named, whole=True) >= NAMED_QUALIFIER
        ]  # fmt: skip
        if len(rows) == 1:
            return Choice([rows[0].measure_id], matches=rows + [m for m in considered if m is not rows[0]])
    if not considered or max(m.score for m in considered) < MIN_SCORE:
        return Choice(status="not_found", matches=matches[:3])
    best = considered[0]
    if not best.named:
        # A measure no word of the question names (only its rows' labels, "enligt
        # resultaträkningen", or a cue, "ram") yields to one a content word names in full
        # ("skatteintäkterna … enligt resultaträkningen"; "ram för läkemedel").
        # (Unless its rows' labels weigh more than that name: "sparkrav 200 miljoner full
        # effekt" names the assignment's row, not a measure named "effekt".)
        labels = QUALIFIER_WEIGHT * naming(best, best.named)
        named_fully_by_words = [
            m for m in considered
            if m.named and m.coverage == 1.0 and fit[m.measure_id] >= FIGURE_FIT and m.score >= labels
        ]  # fmt: skip
        if named_fully_by_words:
            best = named_fully_by_words[0]
            considered = [best] + [m for m in considered if m is not best]
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
            if m.coverage == 1.0 and m.hits >= best.hits and fit[m.measure_id] >= FIGURE_FIT
            and combined[m.measure_id] >= LEADER_RATIO * combined[best.measure_id]
        ]  # fmt: skip
        if full:
            best = full[0]
            considered = [best] + [m for m in considered if m is not best]
    if (
        not any(m.coverage == 1.0 for m in considered)
        and slots.asked
        and not slots.cues.statement
        and naming(best, best.named, whole=True) < NAMED_QUALIFIER
    ):
        # "/budget Kalmar länstrafik 2024": no measure is named in full (the fee table lacks
        # "avgifter"), while a row of the frames is, of the kind and year asked.
        rows = [
            m for m in _tables_of_rows(words, index, considered, fitness, fit)
            if fit[m.measure_id] >= ROW_FIT and naming(m, m.named, whole=True) >= NAMED_QUALIFIER
            and explained(m) >= ROW_EXPLAINED
        ]  # fmt: skip
        if len(rows) == 1:
            return Choice([rows[0].measure_id], matches=[rows[0], *considered])
    if slots.cues.change and naming(best, best.named, whole=True) < NAMED_QUALIFIER:
        # A change asked for, and the words naming the best measure are part of a row of
        # another that the question names in whole ("förändring likvida medel": a row of the
        # cash-flow budget, not the balance of Likvida medel): that row is the figure asked for.
        rows = [
            m for m in considered
            if m is not best and fit[m.measure_id] >= FIGURE_FIT
            and names_a_row(m, best.named) >= NAMED_QUALIFIER
            and naming(m, frozenset(), whole=True) >= NAMED_QUALIFIER
        ]  # fmt: skip
        if rows:
            best = rows[0]
            considered = [best] + [m for m in considered if m is not best]
    if fit[best.measure_id] < FIGURE_FIT and not slots.cues.statement:
        # The measure named holds no figure of the kind asked, but a row of another measure is
        # labelled with the same words ("statsbidrag läkemedel", a row of the tax revenues'
        # budget; "/budget kultur 2024", a row of the frames): that row is the figure asked for.
        # (Only where the measure is named in part: one named in full is what is asked.)
        tables = _tables_of_rows(words if best.coverage < 1.0 else [], index, considered, fitness, fit)
        rows = [
            m for m in considered
            if m is not best and fit[m.measure_id] >= FIGURE_FIT
            and naming(m, m.named, whole=True) >= NAMED_QUALIFIER
        ] or [
            # (a table no word names, whose row the question's words name, and which holds
            # most of what the question says)
            m for m in tables
            if fit[m.measure_id] >= ROW_FIT and naming(m, m.named) >= NAMED_QUALIFIER
            and explained(m) >= ROW_EXPLAINED
        ]  # fmt: skip
        if rows:
            best = max(rows, key=lambda m: (naming(m, m.named, whole=True), combined.get(m.measure_id, 0.0)))
            return Choice([best.measure_id], matches=[best] + [m for m in considered if m is not best])
    if PLURAL_KINDS & set(slots.soft_words) and best.coverage == 1.0:
        # "de nationella målen för SVF": several measures named by the same words, each
        # with a figure of the kind asked (the inclusion and the lead-time targets).
        family = [
            m for m in considered
            if m is not best and m.coverage == 1.0 and m.named & best.named
            and fit[m.measure_id] >= FIGURE_FIT and fit[best.measure_id] >= FIGURE_FIT
            and combined[m.measure_id] >= FAMILY_SHARE * combined[best.measure_id]
        ]  # fmt: skip
        if family:
            return Choice([m.measure_id for m in (best, *family)][:3], matches=considered)
    close = [
        m for m in considered[1:] if combined[m.measure_id] >= AMBIGUITY_RATIO * combined[best.measure_id]
    ]
    if best.named:
        # A reading no word of the question's own names (only a cue word that is also a
        # name, "ram") is no rival to one that a content word names ("läkemedel").
        close = [m for m in close if m.named]
    narrower = [
        m for m in considered[1:]
        if best.named and m.coverage == 1.0 and m.named > best.named
        and (fit[m.measure_id] > 0 or said_only(m))
        and combined[m.measure_id] >= BESIDE_SHARE * combined[best.measure_id]
        and names_a_row(best, m.named - best.named) < NAMED_QUALIFIER
    ]  # fmt: skip
    if narrower:
        # A reading named in full by the best one's words and more is the narrower measure
        # the question names ("verksamhetens resultat", not the result; "hyrbolag läkare
        # kostnad", whose figures are only in a chart, not all hired staff's), though the other's
        # rows are labelled with the question's further words ("enligt resultaträkningen"),
        # unless its further words label a row of the best ("förändring likvida medel").
        leader = max(narrower, key=lambda m: (len(m.named), combined[m.measure_id]))
        close = [m for m in (best, *close) if m is not leader]
        best = leader
    if close:
        # Of close readings, the one naming more of the question's words, as fully, leads.
        # (Words of the question's own that name it count first: a cue word that is also a
        # name, "ram" for the driftramar, names less than "läkemedel" does.)
        leader = max(
            (best, *close), key=lambda m: (len(m.named) > 0, m.hits, m.coverage, combined[m.measure_id])
        )
        if (
            leader is not best
            and not (narrower and leader.named < best.named)
            and (
                (
                    leader.hits > best.hits
                    and leader.coverage >= best.coverage
                    and (leader.named or not best.named)
                )
                or (
                    leader.hits >= best.hits
                    and leader.coverage == 1.0 > best.coverage
                    and fit[leader.measure_id] > 0
                )
            )
        ):
            close = [m for m in (best, *close) if m is not leader]
            best = leader
    if close and naming(best, named_fully | best.named) == 0:
        # Of close readings, one whose facts' qualifiers the question's other words name
        # ("nettokostnadstaket": the growth ceiling, "maximalt …") leads one they name nothing of.
        qualified = [
            m for m in close
            if naming(m, named_fully | m.named) >= NAMED_QUALIFIER
            and not (best in narrower and m.named < best.named)
        ]  # fmt: skip
        if len(qualified) == 1:
            return Choice([qualified[0].measure_id], matches=considered)
    # Both named fully, each by words of its own, joined by "och"/"respektive"/",": the question
    # asks for both ("köpt vård respektive läkemedel"), however much more one name weighs.
    if _CONJUNCTION.search(slots.folded):
        pool = [
            *close,
            *(m for m in considered[1:] if m not in close and _holds_as_much(m, best, fit, combined)),
        ]
        # (Not a measure named only by words that name a row of the first: "avvek skatter och
        # utjämning från budget" asks for the tax revenues' own deviation row.)
        both = [
            m for m in (best, *pool)
            if m.coverage == 1.0 and fit[m.measure_id] > 0
            and (m is best or m in close or _joined(slots.folded, best, m))
            and (m is best or names_a_row(best, m.named - best.named) < NAMED_QUALIFIER)
        ]  # fmt: skip
        if len(both) >= 2 and all(m.named - best.named for m in both[1:]) and best.named - both[1].named:
            return Choice([m.measure_id for m in both[:3]], matches=considered)
    elif best.coverage == 1.0 and fit[best.measure_id] >= FIGURE_FIT and explained(best) >= OFFERED_EXPLAINED:
        # Two measures each named in full, side by side without a conjunction ("finansiella
        # intäkter kostnader 2025"), each by a word of its own that names no row of the
        # other, both holding what is asked and accounting for most of the question: both.
        # (A compound of a cue and a word the other is named by is no word of its own:
        # "resultatprognosen" beside "avviker … resultat".)
        def own(m: Match) -> set[str]:
            return {slots.heads.get(w, w) for w in m.named}

        beside = [
            m for m in considered[1:]
            if m.coverage == 1.0 and fit[m.measure_id] >= FIGURE_FIT
            and _holds_as_much(m, best, fit, combined) and explained(m) >= OFFERED_EXPLAINED
            and own(m) - own(best) and own(best) - own(m)
            and names_a_row(best, m.named - best.named) < NAMED_QUALIFIER
            and names_a_row(m, best.named - m.named) < NAMED_QUALIFIER
        ]  # fmt: skip
        if beside:
            return Choice([best.measure_id, beside[0].measure_id], matches=considered)
    if not close:
        return Choice([best.measure_id], matches=considered)
    decisive = (best.coverage == 1.0 and all(m.coverage < 1.0 for m in close)) or all(
        (m.hits < best.hits and m.coverage <= best.coverage)
        or fit[m.measure_id] + 0.34 <= fit[best.measure_id]
        or (best in narrower and m.named < best.named)
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
    # Two measures each named in full by words of its own, without a conjunction between
    # them ("kassalikviditet soliditet 2023 prognos"), both holding what is asked: both.
    if (
        len(offered) == FAMILY
        and all(m.coverage == 1.0 and fit[m.measure_id] > 0 for m in offered)
        and not offered[0].named & offered[1].named
    ):  # fmt: skip
        return Choice([m.measure_id for m in offered], matches=considered)
    return Choice(candidates=[m.measure_id for m in offered][:5], status="ambiguous", matches=considered)


def _tables_of_rows(
    words: list[str],
    index: MeasureIndex,
    considered: list[Match],
    fitness: Callable[[Match], float],
    fit: dict[str, float],
) -> list[Match]:
    """Measures not considered whose rows' labels use one of `words` exactly (a table's rows,
    "Kalmar länstrafik" of the frames), their fitness added to `fit`."""
    known = {m.measure_id for m in considered}
    detailed = (
        measure_id
        for word in words
        for vocab_stem, quality in index.lookup(word)
        if quality == 1.0
        for measure_id in index.details.get(vocab_stem, ())
    )
    tables = [Match(m, 0.0, 0.0) for m in dict.fromkeys(detailed) if m not in known][:CONSIDERED]
    fit.update({m.measure_id: fitness(m) for m in tables})
    return tables
