"""Plain-text rendering (CLI, chat, the `text` field of the JSON contract).

The answer first, then its details, the facts (a table for the forecast overview and for
series, else one line each) marked with the number of their source, and the sources with
their quotes: on the command line there is no "Visa källa" to click.
"""

from __future__ import annotations

from functools import lru_cache

from planbot.answer.model import Answer, Fact, SourceRef
from planbot.render.environment import SPLIT, environment, render, template
from planbot.render.tables import Table
from planbot.render.view import AnswerView, layout


def template_name(answer: Answer) -> str:
    if answer.status in ("ambiguous", "not_found", "help"):
        return answer.status
    return answer.intent if answer.intent != "unknown" else "indicator"


def answer_blocks(view: AnswerView) -> tuple[str, str]:
    """The first line and the details of an answer, from its intent's template (plain text;
    Slack escapes both for mrkdwn, the templates themselves write no `&`, `<` or `>`)."""
    if view.words is None:
        name = f"{view.language}/text/{template_name(view.answer)}.j2"
        compiled = environment("text", view.language).get_template(name)
        headline, _, details = compiled.render(a=view.answer, v=view, l=view.lead).partition(SPLIT)
        lines = (line.strip() for line in details.splitlines())
        view.words = (" ".join(headline.split()), "\n".join(line for line in lines if line))
    return view.words


@lru_cache(maxsize=8192)
def fact_line(fact: Fact, with_measure: bool, language: str) -> str:
    """ "• Målvärde 2024: 75 %" (facts are immutable, so each line is rendered once per process)."""
    return template("text", "fact", language).render(f=fact, with_measure=with_measure).strip()


def cited(facts: list[Fact]) -> list[SourceRef]:
    """The distinct sources of `facts`, in the order they are first cited."""
    return list(dict.fromkeys(f.source for f in facts if f.source))


def text_table(table: Table, refs: list[str] | None = None) -> str:
    """Columns padded to their widest cell; numbers right-aligned."""
    header = [*table.header, ""] if refs else table.header
    rows = [[*row, ref] for row, ref in zip(table.rows, refs, strict=True)] if refs else table.rows
    numeric = [*table.numeric, False] if refs else table.numeric
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c.rjust(w) if n else c.ljust(w) for c, w, n in zip(cells, widths, numeric, strict=True)]
        return "  ".join(padded).rstrip()

    return "\n".join([line(header), *(line(r) for r in rows)])


def _with_refs(line: str, refs: list[int]) -> str:
    return f"{line} [{', '.join(map(str, refs))}]" if refs else line


def _refs(facts: list[Fact], sources: list[SourceRef]) -> list[int]:
    return sorted({sources.index(f.source) + 1 for f in facts if f.source})


def _body(view: AnswerView, sources: list[SourceRef]) -> str:
    with_measure = view.with_measure
    parts = []
    if view.table is not None and view.table.rows:
        refs = [" ".join(f"[{n}]" for n in _refs(facts, sources)) for facts in view.table.facts]
        parts.append(text_table(view.table, refs))
    lines = [_with_refs(fact_line(f, with_measure, view.language), _refs([f], sources)) for f in view.lines]
    if lines:
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def shown_facts(view: AnswerView) -> list[Fact]:
    return (view.table.shown() if view.table else []) + view.lines


def render_text(answer: Answer) -> str:
    view = layout(answer)
    if view.lead.kind == "plain":
        return render("text", template_name(answer), language=view.language, a=answer)
    headline, details = answer_blocks(view)
    sources = cited(shown_facts(view) + view.noted)
    return render(
        "text", "layout", language=view.language,
        headline=headline, details=details, body=_body(view, sources), sources=sources,
    )  # fmt: skip
