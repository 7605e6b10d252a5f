"""Where planbot may speak, and which measures it keeps out of which channels: one policy
that every surface applies (answers, shares, "Visa källa", the App Home, digests).

Settings: PLANBOT_SLACK_ALLOWED_CHANNELS (empty: every channel; DMs and the App Home
always) and PLANBOT_SLACK_RESTRICTED_MEASURES (measure ids per channel id; "*" means every
channel, DMs and the App Home included).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from planbot.answer.model import Answer, Fact
from planbot.settings import Settings

ALL_CHANNELS = "*"
HOME = None  # the App Home tab: private to one user, like a DM


def is_direct_message(channel_id: str | None) -> bool:
    return bool(channel_id) and str(channel_id).startswith("D")


@dataclass(frozen=True, slots=True)
class ChannelPolicy:
    """The channel allowlist and the restricted measures of the settings, as checks."""

    allowed_channels: frozenset[str]
    restricted: dict[str, frozenset[str]]

    @classmethod
    def from_settings(cls, settings: Settings) -> ChannelPolicy:
        return cls(
            frozenset(settings.slack_allowed_channels),
            {ch: frozenset(ids) for ch, ids in settings.slack_restricted_measures.items()},
        )

    def channel_allowed(self, channel_id: str | None) -> bool:
        """Empty allowlist: everywhere. Direct messages and the App Home are always allowed."""
        if not self.allowed_channels or not channel_id or is_direct_message(channel_id):
            return True
        return channel_id in self.allowed_channels

    def restricted_in(self, channel_id: str | None) -> frozenset[str]:
        here = self.restricted.get(channel_id or "", frozenset())
        return here | self.restricted.get(ALL_CHANNELS, frozenset())

    def shows(self, fact: Fact, channel_id: str | None) -> bool:
        """Whether `fact` may be shown in the channel (a computed fact: all its inputs too)."""
        restricted = self.restricted_in(channel_id)
        return not restricted or all(f.measure_id not in restricted for f in (fact, *fact.inputs))

    def visible(self, facts: Iterable[Fact], channel_id: str | None) -> list[Fact]:
        return [f for f in facts if self.shows(f, channel_id)]

    def withheld(self, answer: Answer, channel_id: str | None) -> bool:
        """True when the answer is about a measure restricted in this channel."""
        restricted = self.restricted_in(channel_id)
        if not restricted:
            return False
        if answer.measure_id in restricted:
            return True
        return any(not self.shows(f, channel_id) for f in answer.facts)

    def shown_in_a_dm(self, answer: Answer) -> bool:
        """Whether asking in a DM would get this answer (what a refusal may suggest)."""
        return not self.withheld(answer, "D")

    def without_withheld(self, answer: Answer, channel_id: str | None) -> Answer:
        """The answer with the facts not shown in the channel left out (surfaces that summarise)."""
        return replace(answer, facts=self.visible(answer.facts, channel_id))
