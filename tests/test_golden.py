"""Rendered answers match the reviewed golden files (regenerate with `make golden`)."""

from __future__ import annotations

from planbot.answer.engine import Engine
from tests.golden_answers import GOLDEN, rendered


def test_rendered_answers_match_golden_files(engine: Engine) -> None:
    files = rendered(engine)
    assert sorted(files) == sorted(p.name for p in GOLDEN.glob("*")), "run `make golden`"
    for name, content in files.items():
        assert content == (GOLDEN / name).read_text(encoding="utf-8"), (
            f"{name} differs: run `make golden` and review"
        )
