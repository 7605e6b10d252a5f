"""The local chat: line editing and history at a terminal, the same answers as everywhere."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from planbot.chat import run, session

UP, LEFT = "\x1b[A", "\x1b[D"


def test_arrow_keys_edit_the_line_and_recall_earlier_questions(tmp_path: Path) -> None:
    history = tmp_path / "var" / "chat_history"
    with create_pipe_input() as pipe:
        prompt = session(history, input=pipe, output=DummyOutput())
        pipe.send_text("/prognos\r")
        assert prompt.prompt("> ") == "/prognos"
        pipe.send_text(f"/mål sjukfrnvaro{LEFT * 5}å\r")  # left arrow moves in the line, no escape codes
        assert prompt.prompt("> ") == "/mål sjukfrånvaro"
        pipe.send_text(f"{UP}{UP}\r")
        assert prompt.prompt("> ") == "/prognos"
    with create_pipe_input() as pipe:  # the history outlives the session
        again = session(history, input=pipe, output=DummyOutput())
        pipe.send_text(f"{UP}\r")
        assert again.prompt("> ") == "/prognos"


def test_the_loop_answers_until_sluta_or_end_of_input() -> None:
    lines = iter(["hjälp", "  ", "/prognos", "sluta", "never read"])
    said: list[str] = []
    run(lambda q: f"svar på {q}", lambda: next(lines), said.append)
    assert said == ["svar på hjälp", "svar på /prognos"]

    def end() -> str:
        raise EOFError

    run(lambda q: q, end, said.append)
    assert said[-1] == ""
