"""The command line: a thin layer over the library; PlanbotError becomes a clean message."""

from __future__ import annotations

import functools
import json
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from planbot.errors import PlanbotError

if TYPE_CHECKING:
    from planbot.answer.model import Answer
    from planbot.knowledge.store import KnowledgeBase
    from planbot.settings import Settings


class _Group(click.Group):
    """Turns PlanbotError from any command into one readable message and exit code 1."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except PlanbotError as error:
            raise click.ClickException(str(error)) from None


@click.group(cls=_Group)
@click.version_option(package_name="planbot")
def main() -> None:
    """planbot: plan targets, forecasts and indicators of Region Kalmar län, with sources."""


@main.group(cls=_Group)
def kb() -> None:
    """Check, build and inspect the knowledge base."""


def _settings() -> Settings:
    from planbot.settings import get_settings

    return get_settings()


@kb.command()
@click.option("--knowledge", type=click.Path(file_okay=False, path_type=Path), help="knowledge/ folder")
def check(knowledge: Path | None) -> None:
    """Validate every curated file; no build. Exits non-zero listing every problem."""
    from planbot.knowledge.load import load_checked

    root = knowledge or _settings().knowledge_dir
    k = load_checked(root)
    click.echo(f"ok: {len(k.sources)} sources, {len(k.measures)} measures, {len(k.facts)} facts")


@kb.command()
@click.option("--knowledge", type=click.Path(file_okay=False, path_type=Path), help="knowledge/ folder")
@click.option("--output", type=click.Path(dir_okay=False, path_type=Path), help="database file")
def build(knowledge: Path | None, output: Path | None) -> None:
    """Check knowledge/ and build the SQLite knowledge base (atomically replaced)."""
    from planbot.knowledge.build import build as build_kb

    settings = _settings()
    path = output or settings.kb_path
    counts = build_kb(knowledge or settings.knowledge_dir, path)
    click.echo(f"built {path}: " + ", ".join(f"{n} {name}" for name, n in counts.items()))


def _kb() -> KnowledgeBase:
    from planbot.knowledge.store import open_knowledge_base

    return open_knowledge_base()


@kb.command()
def stats() -> None:
    """Fact counts per source, per kind and per målområde."""
    base = _kb()
    tables = {
        "source": Counter(f.source.source_id for f in base.facts if f.source),
        "kind": Counter(f.kind for f in base.facts),
        "målområde": Counter(base.measures[f.measure_id].malomrade or "(inget)" for f in base.facts),
    }
    click.echo(f"{len(base.facts)} facts, {len(base.measures)} measures, {len(base.sources)} sources")
    for title, counter in tables.items():
        click.echo(f"\nper {title}:")
        width = max(len(k) for k in counter) if counter else 0
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            click.echo(f"  {key:<{width}}  {count:>4}")


@kb.command()
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
def export(fmt: str) -> None:
    """Every fact, one JSON object per line, in the fact schema of the answer contract."""
    for fact in _kb().facts:
        click.echo(json.dumps(fact.to_json(), ensure_ascii=False))


@kb.command()
@click.argument("source_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--holdout", metavar="SOURCE_ID", help="ignore this source's curated facts (measure on it as if new)"
)
@click.option("--date", help="the document's date, when it is not yet in sources.yaml (2026-09-15)")
@click.option("--include-curated", is_flag=True, help="also propose figures on lines already curated")
@click.option("--knowledge", type=click.Path(file_okay=False, path_type=Path), help="knowledge/ folder")
def suggest(
    source_file: Path, holdout: str | None, date: str | None, include_curated: bool, knowledge: Path | None
) -> None:
    """Candidate facts (YAML, facts-file schema) for SOURCE_FILE, learned from the curated documents.

    Each candidate is preceded by comments saying how sure it is and which curated example
    it followed. Nothing is written: paste what you accept into knowledge/facts/<source>.yaml.
    """
    from planbot.knowledge.facts_yaml import with_comments
    from planbot.knowledge.load import load
    from planbot.knowledge.suggest import suggest as suggest_facts

    loaded, _ = load(knowledge or _settings().knowledge_dir)
    if holdout is not None and holdout not in loaded.sources:
        raise click.BadParameter(f"{holdout!r} is not a source in sources.yaml", param_hint="--holdout")
    proposals = suggest_facts(loaded, source_file, holdout, date, include_curated)
    click.echo(with_comments([(p.to_dict(), p.comments()) for p in proposals]), nl=False)


@kb.command(name="import")
@click.argument("table", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_(table: Path) -> None:
    """Facts (YAML) from a CSV or Excel TABLE whose columns are fact fields."""
    from pydantic import ValidationError

    from planbot.knowledge.facts_yaml import to_yaml
    from planbot.knowledge.imports import import_table

    try:
        click.echo(to_yaml(import_table(table)), nl=False)
    except (ValidationError, KeyError, ValueError) as error:
        raise click.ClickException(f"{table.name}: {error}") from None


@kb.command(name="add-source")
@click.argument("document", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--title", required=True, help='e.g. "Regionstyrelsen 15 september 2026 — Informationspunkter"')
@click.option(
    "--date", required=True, help="as precise as the document gives it: 2026-09-15, 2026-09 or 2026"
)
@click.option("--kind", required=True, type=click.Choice(["board deck", "regionplan"]))
@click.option("--id", "source_id", help="source id (default: rs-<date> for a board deck, else the file name)")
@click.option("--knowledge", type=click.Path(file_okay=False, path_type=Path), help="knowledge/ folder")
def add_source(
    document: Path, title: str, date: str, kind: str, source_id: str | None, knowledge: Path | None
) -> None:
    """Copy DOCUMENT byte for byte into knowledge/sources/ and record it, with its sha256."""
    from planbot.knowledge.sources_file import add_source as add
    from planbot.knowledge.sources_file import next_steps

    root = knowledge or _settings().knowledge_dir
    click.echo(next_steps(root, add(root, document, title, date, kind, source_id)))


@kb.command()
@click.option("--knowledge", type=click.Path(file_okay=False, path_type=Path), help="knowledge/ folder")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), help="built database")
def diff(knowledge: Path | None, db: Path | None) -> None:
    """New, changed and removed facts: the files in knowledge/ against the built database."""
    from planbot.knowledge.check import integrity_problems
    from planbot.knowledge.diff import database_facts, file_facts, render
    from planbot.knowledge.diff import diff as compare
    from planbot.knowledge.load import load

    settings = _settings()
    path = db or settings.kb_path
    current, problems = load(knowledge or settings.knowledge_dir)
    problems += integrity_problems(current)
    click.echo(render(compare(database_facts(path), file_facts(current)), path))
    if problems:
        click.echo(f"note: knowledge/ has {len(problems)} problem(s); `planbot kb check` lists them")


@kb.command()
def measures() -> None:
    """The catalogue: id, name and målområde of every measure."""
    base = _kb()
    for m in sorted(base.measures.values(), key=lambda m: m.id):
        count = len(base.by_measure.get(m.id, []))
        click.echo(f"{m.id:<40} {count:>3} facts  {m.name}")


def _render(answer: Answer, fmt: str) -> str:
    if fmt in ("json", "jsonl"):
        return json.dumps(answer.to_json(), ensure_ascii=False, indent=None if fmt == "jsonl" else 2)
    if fmt == "slack":
        from planbot.render.slack import render_blocks

        return json.dumps(render_blocks(answer), ensure_ascii=False, indent=2)
    return answer.text


@main.command()
@click.argument("question", required=False)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "slack", "json", "jsonl"]),
    default="text",
    show_default=True,
)
@click.option(
    "--chart",
    "chart_file",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="also write the answer's chart (series and comparisons) to this PNG file",
)
def ask(question: str | None, fmt: str, chart_file: Path | None) -> None:
    """Answer QUESTION; with `-` (or none), answer one question per stdin line, in order."""
    from planbot.service import ask as answer

    if question is not None and question != "-":
        result = answer(question)
        click.echo(_render(result, fmt))
        if chart_file is not None:
            _write_chart(result, chart_file)
        return
    if chart_file is not None:
        raise click.UsageError("--chart takes one QUESTION, not questions from stdin")
    out = sys.stdout
    for line in sys.stdin:
        out.write(_render(answer(line.rstrip("\n")), fmt) + "\n")
        out.flush() if fmt != "jsonl" else None
    out.flush()


def _write_chart(answer: Answer, path: Path) -> None:
    """Draw the answer's chart into `path` (matplotlib is imported only here)."""
    from planbot.charts.data import chart_for

    chart = chart_for(answer)
    if chart is None:
        raise click.ClickException("no chart for this answer: charts are drawn for series and comparisons")
    from planbot.charts.png import png

    path.write_bytes(png(chart))
    click.echo(f"chart: {path}", err=True)


@main.command()
def chat() -> None:
    """Ask questions interactively, on the same engine as Slack. Ctrl-D or "sluta" ends."""
    from planbot.chat import GREETING, PROMPT, run, terminal_reader
    from planbot.service import ask as answer
    from planbot.service import get_engine

    engine = get_engine()
    click.echo(GREETING)
    at_a_terminal = sys.stdin.isatty() and sys.stdout.isatty()
    read = (
        terminal_reader(_settings().state_path.with_name("chat_history"))
        if at_a_terminal
        else functools.partial(input, PROMPT)  # a pipe or a test: no line editing to offer
    )
    run(lambda question: answer(question, engine).text, read, click.echo)


@main.command()
def serve() -> None:
    """Run the Slack app: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PLANBOT_PORT."""
    from planbot.logs import configure_logging
    from planbot.slack.server import serve as run

    settings = _settings()
    configure_logging(settings)
    run(settings)


@main.group(cls=_Group)
def digest() -> None:
    """Scheduled digests: preview, list subscriptions, post what is due."""


@digest.command()
@click.argument("name")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "slack", "json"]), default="text", show_default=True
)
@click.option("--channel", help="channel id: show what is new since the last post there")
def preview(name: str, fmt: str, channel: str | None) -> None:
    """Render digest NAME as it would be posted now."""
    from planbot.digest.cli import preview as preview_digest

    click.echo(preview_digest(name, fmt, channel))


@digest.command(name="list")
def list_() -> None:
    """The digests and every channel subscribed to one, with the next run."""
    from planbot.digest.cli import listing

    click.echo(listing())


@digest.command(name="run-due")
@click.option("--now", help="the time to run for (ISO 8601; default: now); for tests and catching up")
def run_due(now: str | None) -> None:
    """Post every digest that is due, once; for cron or a Kubernetes CronJob. Exit 1 on failures."""
    from planbot.digest.cli import run_due as run

    lines, ok = run(now)
    for line in lines:
        click.echo(line)
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    sys.exit(main())
