"""The local chat: questions on the same engine as Slack, with line editing and history.

At a terminal the prompt is prompt_toolkit's: arrow keys move in the line and step through
earlier questions (kept in a history file beside the runtime database), Ctrl-R searches
them. Without a terminal (a pipe, a test) lines are read plainly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output

GREETING = "planbot – fråga om mål, prognoser och indikatorer. Skriv ”hjälp”, eller ”sluta” för att avsluta."
PROMPT = "\n> "
STOP_WORDS = frozenset({"sluta", "exit", "quit"})


def session(
    history: Path | None, input: Input | None = None, output: Output | None = None
) -> PromptSession[str]:
    """A prompt with line editing and the questions asked before (in `history`, when given)."""
    kept: History = InMemoryHistory()
    if history is not None:
        history.parent.mkdir(parents=True, exist_ok=True)
        kept = FileHistory(str(history))
    return PromptSession(history=kept, input=input, output=output, enable_history_search=True)


def terminal_reader(history: Path | None) -> Callable[[], str]:
    prompt = session(history)
    return lambda: prompt.prompt(PROMPT)


def run(answer: Callable[[str], str], read: Callable[[], str], write: Callable[[str], None]) -> None:
    """Ask what is read, write the answers, until Ctrl-D, Ctrl-C or "sluta"."""
    while True:
        try:
            question = read()
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if question.strip().lower() in STOP_WORDS:
            return
        if question.strip():
            write(answer(question))
