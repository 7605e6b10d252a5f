"""The fixed Swedish sentences planbot says in Slack outside of answers."""

from __future__ import annotations

from typing import Any

CHANNEL_NOT_ALLOWED = (
    "planbot svarar inte i den här kanalen. Skicka frågan till mig i ett direktmeddelande, "
    "eller be din Slack-administratör lägga till kanalen."
)
MEASURE_RESTRICTED = (
    "Det här måttet visas inte i den här kanalen. Fråga mig i ett direktmeddelande i stället."
)
MEASURE_NOT_SHOWN = "Det här måttet visar jag inte i Slack."
NOT_IN_CHANNEL = (
    "Jag kan inte skriva i den här kanalen eftersom jag inte är medlem i den. "
    "Bjud in mig med `/invite @planbot` och försök igen."
)
CHANNEL_NOT_FOUND = (
    "Jag hittar inte kanalen, eller så får jag inte skriva där (privata kanaler och vissa "
    "direktmeddelanden). Bjud in mig med `/invite @planbot`, eller fråga mig direkt i ett direktmeddelande."
)
WORKING = "Ett ögonblick …"
ARCHIVED = "Kanalen är arkiverad, så jag kan inte skriva där."
SOMETHING_WENT_WRONG = "Något gick fel hos planbot när jag skulle svara. Försök igen om en stund."
SOURCE_GONE = "Jag hittar inte källan längre – kunskapsbasen kan ha uppdaterats. Ställ frågan igen."
SOURCES_GONE_ONE = (
    "En av källorna finns inte längre i kunskapsbasen – den har uppdaterats sedan svaret. "
    "Ställ frågan igen för ett aktuellt svar."
)
SOURCES_GONE = (
    "{n} av källorna finns inte längre i kunskapsbasen – den har uppdaterats sedan svaret. "
    "Ställ frågan igen för ett aktuellt svar."
)
NOT_DELIVERED = (
    "Jag kunde inte leverera svaret{asked} – Slack tog inte emot det i tid. Ställ frågan igen om en stund."
)
MAYBE_DELIVERED = (
    "Jag vet inte säkert om svaret{asked} kom fram, och jag skickar det inte två gånger. "
    "Titta i tråden, eller ställ frågan igen."
)
EMPTY_MENTION = "Hej! Ställ en fråga efter mitt namn, t.ex. ”@planbot Hur ser senaste prognosen ut?”"

# Web API errors that mean "planbot cannot write there", answered helpfully to the user.
DELIVERY_ERRORS = {
    "not_in_channel": NOT_IN_CHANNEL,
    "channel_not_found": CHANNEL_NOT_FOUND,
    "is_archived": ARCHIVED,
}


def view(text: str) -> dict[str, Any]:
    """A modal saying one fixed sentence (for "Visa källa" when there is nothing to show)."""
    return {
        "type": "modal",
        "title": {"type": "plain_text", "text": "Källa"},
        "close": {"type": "plain_text", "text": "Stäng"},
        "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}],
    }


def message(text: str) -> dict[str, Any]:
    """A plain message in Slack's shape, with its one section (fixed text: nothing to escape)."""
    return {"text": text, "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": text}}]}
