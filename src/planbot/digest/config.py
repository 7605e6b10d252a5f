"""Digest definitions: a reviewable YAML file validated by pydantic models that forbid unknown fields.

A digest is a title, a list of items (measures and/or questions put to the answer
engine), a template, a default schedule and the channels it goes to. The packaged
`digests.yaml` is the default; the `digest_config` setting points to another file.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planbot.digest.schedule import validate_cron
from planbot.errors import PlanbotError

PACKAGED_CONFIG = Path(__file__).parent / "digests.yaml"
Kind = Literal["target", "budget", "forecast", "outcome", "statement", "computed"]
CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")


class DigestConfigError(PlanbotError):
    """The digest config file is invalid; the message names file, record and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DigestItem(_Strict):
    """One part of a digest: a heading and where its facts come from.

    `query` is asked first (through the same engine as `/mål`, `/prognos`, …); when it
    gives no facts, the facts of `measures` are taken straight from the knowledge base.
    Listing several measure ids is fine (ids still being curated): the ones that exist count.
    """

    title: str = Field(min_length=1)
    query: str | None = None
    measures: tuple[str, ...] = ()
    kinds: tuple[Kind, ...] = ()
    latest: bool = Field(True, description="Keep only the newest fact per measure, kind and qualifier.")
    only_listed: bool = Field(False, description="Keep only the query's facts of the listed measures.")
    max_facts: int = Field(6, ge=1, le=20)
    note: str | None = None

    @model_validator(mode="after")
    def _has_a_source(self) -> DigestItem:
        if not self.query and not self.measures:
            raise ValueError("give a query, measures, or both")
        return self


class ChannelTarget(_Strict):
    channel: str
    schedule: str | None = None

    @field_validator("channel")
    @classmethod
    def _channel_id(cls, value: str) -> str:
        if not CHANNEL_ID.match(value):
            raise ValueError(f"{value!r} is not a Slack channel id (C…, G… or D…); names can be renamed")
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        return None if value is None else validate_cron(value)


class Digest(_Strict):
    name: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    intro: str | None = None
    template: str = Field("digest", pattern=r"^digest[a-z0-9_]*$")
    schedule: str
    channels: tuple[ChannelTarget, ...] = ()
    items: tuple[DigestItem, ...] = Field(min_length=1, max_length=20)

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str) -> str:
        return validate_cron(value)

    @field_validator("channels", mode="before")
    @classmethod
    def _channel_shorthand(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"channel": v} if isinstance(v, str) else v for v in value]
        return value

    @property
    def measure_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m for item in self.items for m in item.measures))


class DigestConfig(_Strict):
    digests: tuple[Digest, ...]

    @model_validator(mode="after")
    def _unique_names(self) -> DigestConfig:
        names = [d.name for d in self.digests]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise ValueError(f"digest names must be unique: {', '.join(duplicates)}")
        return self

    def get(self, name: str) -> Digest | None:
        return next((d for d in self.digests if d.name == name), None)

    @property
    def names(self) -> list[str]:
        return [d.name for d in self.digests]


def load_config(path: Path) -> DigestConfig:
    """Read and validate a digest config; errors read `file › record › field: message`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise DigestConfigError(f"{path}: cannot read the digest config ({error.strerror})") from None
    except yaml.YAMLError as error:
        raise DigestConfigError(f"{path}: not valid YAML: {error}") from None
    try:
        return DigestConfig.model_validate(data)
    except ValidationError as error:
        raise DigestConfigError("\n".join(_describe(path, data, e) for e in error.errors())) from None


def _describe(path: Path, data: object, error: object) -> str:
    assert isinstance(error, dict)
    loc = list(error["loc"])
    parts = [path.name]
    if len(loc) >= 2 and loc[0] == "digests" and isinstance(loc[1], int):
        digests = data.get("digests") if isinstance(data, dict) else None
        name = None
        if isinstance(digests, list) and loc[1] < len(digests) and isinstance(digests[loc[1]], dict):
            name = digests[loc[1]].get("name")
        parts.append(f"digest {name or '#' + str(loc[1] + 1)}")
        loc = loc[2:]
    field = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in loc)
    message = str(error["msg"]).removeprefix("Value error, ")
    return " › ".join(parts + ([field] if field else [])) + f": {message}"


@lru_cache(maxsize=4)
def _cached(path: Path, mtime: float) -> DigestConfig:
    return load_config(path)


def get_config(path: Path | None = None) -> DigestConfig:
    """The configured digests (the `digest_config` setting, or the packaged file), cached by mtime."""
    if path is None:
        from planbot.settings import get_settings

        path = get_settings().digest_config or PACKAGED_CONFIG
    try:
        mtime = path.stat().st_mtime
    except OSError:
        raise DigestConfigError(f"{path}: the digest config does not exist") from None
    return _cached(path, mtime)
