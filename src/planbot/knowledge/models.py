"""Pydantic models of the curated files; unknown fields are refused so typos surface."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MALOMRADEN = (
    "Nöjda invånare och samarbetspartners",
    "Hållbar utveckling i hela länet",
    "Sveriges bästa kvalitet, tillgänglighet och säkerhet",
    "En av Sveriges bästa arbetsplatser",
    "En långsiktigt hållbar ekonomi",
)

FactKind = Literal["target", "budget", "forecast", "outcome", "statement"]
SourceKind = Literal["regionplan", "board deck"]
Direction = Literal["lower", "higher"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """One source document, copied byte for byte under knowledge/sources/."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    file: str
    title: str
    kind: SourceKind
    date: str = Field(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="as precise as the document gives it")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    original_name: str | None = None
    note: str | None = None


class SourcesFile(Strict):
    sources: list[Source]


class Measure(Strict):
    """A catalogued measure: what people ask about, however they word it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_]*$")
    name: str
    synonyms: list[str] = []
    malomrade: str | None = None
    units: list[str] = Field(min_length=1)
    direction: Direction | None = None
    description: str

    @field_validator("malomrade")
    @classmethod
    def _known_malomrade(cls, value: str | None) -> str | None:
        if value is not None and value not in MALOMRADEN:
            raise ValueError(f"unknown målområde {value!r}; use one of: {', '.join(MALOMRADEN)}")
        return value


class MeasuresFile(Strict):
    measures: list[Measure]


class FactRecord(Strict):
    """One figure or statement from one source, with the lines and words it comes from."""

    measure: str
    kind: FactKind
    period: str = Field(min_length=1)
    as_of: str | None = None
    value: float | None = None
    text: str | None = None
    unit: str | None = None
    qualifier: str | None = None
    section: str = Field(min_length=1)
    lines: tuple[int, int]
    quote: str = Field(min_length=2)
    sign_in_words: bool = False
    note: str | None = None

    @field_validator("period", mode="before")
    @classmethod
    def _period_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int) else value

    @field_validator("lines")
    @classmethod
    def _ordered_lines(cls, value: tuple[int, int]) -> tuple[int, int]:
        first, last = value
        if first < 1 or last < first:
            raise ValueError(f"lines must be [first, last] with 1 ≤ first ≤ last, got {list(value)}")
        return value

    @model_validator(mode="after")
    def _value_or_text(self) -> FactRecord:
        if self.value is None and not self.text:
            raise ValueError("give a `value` or a `text`")
        if self.value is not None and not self.unit:
            raise ValueError("a fact with a `value` needs a `unit`")
        if self.kind == "forecast" and not self.as_of:
            raise ValueError("a forecast needs `as_of` (when it was made, e.g. 'efter april 2026')")
        return self


class FactsFile(Strict):
    source: str
    facts: list[FactRecord]


class GlossaryTerm(Strict):
    """A word people use (an abbreviation, an everyday word) and the sources' words for it."""

    term: str = Field(min_length=1)
    means: str = Field(min_length=1)
    note: str | None = None


class EnglishTerm(GlossaryTerm):
    """An English word or phrase and the sources' Swedish for it.

    `english_only`: the term is also a Swedish word ("hit" is Swedish for "here", "men" for
    "but"), so it is read only in a question planbot reads as English, never next to the
    words of a Swedish question or a fact's qualifier.
    """

    english_only: bool = False


class Name(Strict):
    """A proper name of one of the things the sources report one by one: a municipality,
    another region, a form of cancer. A question that uses the name asks about that one, so
    figures about none of the names it uses do not answer it ("befolkningen i Nybro" is not
    answered by Högsby's and Mörbylånga's).

    `also`: other spellings of the same name (English, a short form); a question may use any
    of them, a fact that uses any of them is about the name.
    """

    name: str = Field(min_length=2)
    kind: str = Field(min_length=1)
    also: list[str] = Field(default_factory=list)
    note: str | None = None


class GlossaryFile(Strict):
    terms: list[GlossaryTerm]
    english: list[EnglishTerm] = Field(default_factory=list)
    names: list[Name] = Field(default_factory=list)
