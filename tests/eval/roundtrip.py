"""Round trip: every curated figure is found by its own most explicit question.

For each fact with a value, the question names everything that sets it apart: the command
for its kind, the measure's name, its qualifier, its period and, for a forecast, when it
was made ("/prognos Årets resultat 2026 efter april 2026"). The fact must be among the
answer's facts. `python -m tests.eval.roundtrip` lists the misses.
"""

from __future__ import annotations

import sys

from planbot.answer.engine import Engine
from planbot.answer.model import Fact

COMMAND = {"target": "/mål", "forecast": "/prognos", "budget": "/budget", "outcome": "/utfall"}


def explicit_question(fact: Fact) -> str:
    """The most explicit question for a fact, as a colleague could type it."""
    parts = [COMMAND.get(fact.kind, "/planbot"), fact.measure, fact.period]
    if fact.qualifier:
        parts.append(f"({fact.qualifier})")
    if fact.kind == "forecast" and fact.as_of:
        parts.append(fact.as_of if fact.as_of.startswith("efter") else f"prognos från {fact.as_of}")
    return " ".join(parts)


def misses(engine: Engine) -> list[tuple[Fact, str, str]]:
    """(fact, question, what came back) for every figure its question does not find."""
    out = []
    for fact in engine.kb.facts:
        if fact.value is None:
            continue
        question = explicit_question(fact)
        answer = engine.answer(question)
        found = any(f.id == fact.id for f in answer.facts) or any(
            f.id == fact.id for c in answer.facts for f in c.inputs
        )
        if not found:
            got = ", ".join(f"{f.kind} {f.period} {f.value}" for f in answer.facts[:3])
            out.append((fact, question, f"{answer.status}: {got}"))
    return out


def main() -> int:
    from planbot.service import get_engine

    engine = get_engine()
    found = misses(engine)
    total = sum(1 for f in engine.kb.facts if f.value is not None)
    for fact, question, got in found:
        print(f"{fact.id:5} {question!r} → {got}")
    print(
        f"\n{total - len(found)}/{total} figures found by their own question ({1 - len(found) / total:.1%})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
