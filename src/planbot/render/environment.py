"""The jinja2 environments: templates per language and surface, with filters in that language.

Templates live under templates/<language>/<surface>/ (sv: Swedish, the default; en:
English for questions asked in English). Digests and Slack's fixed replies are Swedish.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2

from planbot.answer.model import Fact
from planbot.formats import quantity as curated_quantity
from planbot.periods import swedish_date
from planbot.render.compiled import compiled_loader
from planbot.render.labels import (
    COMPUTED_NOTE,
    DIRECTION_TEXT,
    KIND_WORDS,
    STATED_NOTE,
    bound,
    clean_quote,
    fact_heading,
    fact_value,
    for_period,
    in_period,
    qualifier_text,
    section_head,
    short_value,
    source_line,
    user_text,
    verdict_word,
    when,
)
from planbot.render.language import long_date, period_words, quantity, signed
from planbot.render.words import lower_first, plural, schedule_words
from planbot.settings import get_settings

TEMPLATES = Path(__file__).parent / "templates"
SPLIT = "\x1e"  # between the first line and the details in an answer template's output


def escape_mrkdwn(text: object) -> str:
    """Escape Slack's control characters so no text can mention @channel or fake a link."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@lru_cache(maxsize=8)
def environment(surface: str, language: str = "sv") -> jinja2.Environment:
    """One environment per surface and language; Slack's escapes every inserted value for mrkdwn.
    Its templates are loaded compiled (render/compiled.py)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        auto_reload=False,  # templates ship with the package: no stat() per render
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
        finalize=escape_mrkdwn if surface == "slack" else None,
    )

    def heading(fact: Fact, with_measure: bool = False) -> str:
        return fact_heading(fact, with_measure, language)

    env.filters.update(
        value=lambda fact: fact_value(fact, language),
        heading=heading,
        period=lambda text: period_words(text or "", language),
        date=lambda iso: long_date(iso, language),
        quantity=lambda value, unit: quantity(value, unit, language),
        signed=lambda value, unit: signed(value, unit, language),
        verdict=lambda key, so_far=False: verdict_word(key, so_far, language),
        source_line=lambda ref: source_line(ref, language),
        when=lambda fact: when(fact, language),
        in_period=in_period,
        for_period=lambda fact: for_period(fact, language),
        bound=lambda fact: bound(fact, language),
        short_value=lambda fact: short_value(fact, language),
        qualifier_text=qualifier_text,
        section_head=section_head,
        quote=clean_quote,
        user_text=user_text,
        lower_first=lower_first,
        plural=plural,
        schedule=schedule_words,
        swedish_date=swedish_date,
        curated_quantity=curated_quantity,
    )
    env.globals.update(
        DIRECTION_TEXT=DIRECTION_TEXT[language],
        COMPUTED=COMPUTED_NOTE[language],
        STATED=STATED_NOTE[language],
        KIND=KIND_WORDS[language],
        SPLIT=SPLIT,
    )
    env.loader = compiled_loader(env, surface, get_settings().template_cache)
    return env


def template(surface: str, name: str, language: str = "sv") -> jinja2.Template:
    """The template `name` of a surface in a language, Swedish when it has no own version."""
    env = environment(surface, language)
    return env.get_or_select_template([f"{language}/{surface}/{name}.j2", f"sv/{surface}/{name}.j2"])


def render(surface: str, name: str, *, language: str = "sv", **context: object) -> str:
    return template(surface, name, language).render(**context).strip()
