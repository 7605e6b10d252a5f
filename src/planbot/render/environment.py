"""The jinja2 environment: templates per intent and surface, with Swedish filters."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from planbot.formats import quantity
from planbot.periods import swedish_date
from planbot.render.labels import DIRECTION_TEXT, fact_heading, source_line

TEMPLATES = Path(__file__).parent / "templates"


def escape_mrkdwn(text: object) -> str:
    """Escape Slack's control characters so no text can mention @channel or fake a link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=2)
def environment(surface: str) -> jinja2.Environment:
    """One environment per surface; Slack's escapes every inserted value for mrkdwn."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # templates ship with the package: no stat() per render
        undefined=jinja2.StrictUndefined,
        finalize=escape_mrkdwn if surface == "slack" else None,
    )
    env.filters.update(
        quantity=quantity,
        swedish_date=swedish_date,
        heading=fact_heading,
        source_line=source_line,
    )
    env.globals["DIRECTION_TEXT"] = DIRECTION_TEXT
    return env


def render(surface: str, name: str, **context: object) -> str:
    return environment(surface).get_template(f"{surface}/{name}.j2").render(**context).strip()
