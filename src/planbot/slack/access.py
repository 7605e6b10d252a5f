"""Where planbot may answer, and which measures it keeps out of which channels."""

from __future__ import annotations

from dataclasses import dataclass

from planbot.answer.model import Answer
from planbot.settings import Settings

ALL_CHANNELS = "*"


def is_direct_message(channel_id: str | None) -> bool:
    return bool(channel_id) and str(channel_id).startswith("D")


@dataclass(frozen=True, slots=True)
class Access:
    """The channel allowlist and the restricted measures of the settings, as checks."""

    allowed_channels: frozenset[str]
    restricted: dict[str, frozenset[str]]

    @classmethod
    def from_settings(cls, settings: Settings) -> Access:
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

    def withheld(self, answer: Answer, channel_id: str | None) -> bool:
        """True when the answer is about a measure restricted in this channel."""
        restricted = self.restricted_in(channel_id)
        if not restricted:
            return False
        if answer.measure_id in restricted:
            return True
        return any(f.measure_id in restricted for f in answer.facts)
