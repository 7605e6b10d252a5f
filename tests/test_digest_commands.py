"""`/planbot digest …`: who may do what, channel checks, and the Swedish replies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_sdk import WebClient

from planbot.answer.engine import Engine
from planbot.digest.commands import handle_digest_command
from planbot.digest.config import DigestConfig
from planbot.digest.store import DigestStore
from planbot.state import connect
from tests.digest_support import HR, config, settings
from tests.slack.fake_slack import FakeSlack

ADMIN, CURATOR, EMPLOYEE = "UADMIN01", "UCURAT01", "UEMPL001"
HERE, OTHER, ARCHIVED, OUTSIDE = "C0HERE001", "C0OTHR001", "C0ARCH001", "C0OUTS001"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        slack.channels = {
            HERE: {"name": "ledning", "is_member": True},
            OTHER: {"name": "hr", "is_member": True},
            ARCHIVED: {"name": "gammal", "is_member": True, "is_archived": True},
            OUTSIDE: {"name": "utanfor", "is_member": False},
        }
        yield slack


@pytest.fixture
def digest(tmp_path: Path, fake: FakeSlack, engine: Engine):  # type: ignore[no-untyped-def]
    cfg: DigestConfig = config(tmp_path, {"hr": [HR]})
    store = DigestStore(connect(tmp_path / "state.db"))
    conf = settings(tmp_path, fake.api_url, digest_admins=[CURATOR])
    client = WebClient(token="xoxb-test", base_url=fake.api_url)

    def command(text: str, user: str = ADMIN, channel: str = HERE) -> tuple[str, dict[str, Any]]:
        reply = handle_digest_command(
            text, user, channel, user == ADMIN, client, store=store, config=cfg, engine=engine, settings=conf
        )
        assert reply["response_type"] == "ephemeral"
        return reply["blocks"][0]["text"]["text"], reply

    command.store = store  # type: ignore[attr-defined]
    return command


def test_admin_subscribes_a_channel_link_with_a_quoted_schedule(digest) -> None:
    text, _ = digest(f"prenumerera hr <#{OTHER}|hr> ”0 8 1 * *”")
    assert text.startswith(
        f"Klart: <#{OTHER}> får ”HR-sammanfattning” enligt schemat `0 8 1 * *` (svensk tid)."
    )
    assert "Nästa utskick: " in text and "kl. 08.00" in text
    (sub,) = [s for s in digest.store.subscriptions() if s.origin == "slack"]
    assert (sub.digest, sub.channel, sub.schedule, sub.created_by) == ("hr", OTHER, "0 8 1 * *", ADMIN)


def test_user_in_the_settings_list_may_subscribe_by_channel_name(digest) -> None:
    text, _ = digest('prenumerera ekonomi #ledning "0 7 * * 1"', user=CURATOR)
    assert text.startswith(f"Klart: <#{HERE}> får ”Ekonomisk lägesbild”")


def test_subscribe_defaults_to_this_channel_and_the_digest_schedule(digest) -> None:
    text, _ = digest("prenumerera kvalitet")
    assert f"<#{HERE}>" in text and "`0 8 1 * *`" in text


def test_others_may_not_subscribe_or_unsubscribe_but_may_preview(digest) -> None:
    for words in ("prenumerera hr", "avsluta hr"):
        text, _ = digest(words, user=EMPLOYEE)
        assert text.startswith("Bara behöriga kan prenumerera och avsluta")
    assert digest.store.subscriptions(HERE) == []
    text, reply = digest("visa hr", user=EMPLOYEE)
    assert text.startswith("*HR-sammanfattning*")
    assert reply["text"].startswith("HR-sammanfattning: Sjukfrånvaro, ")


def test_bad_schedule_and_unknown_digest_get_clear_replies(digest) -> None:
    text, _ = digest('prenumerera hr "varje måndag"')
    assert text.startswith("Ogiltigt schema ”varje måndag”. Ange fem fält")
    text, _ = digest("prenumerera löner")
    assert text == "Det finns ingen sammanfattning som heter ”löner”. Välj bland: hr, ekonomi, kvalitet."
    text, _ = digest("prenumerera")
    assert text.startswith("Ange vilken sammanfattning du menar: hr, ekonomi, kvalitet.")


def test_channel_problems_tell_the_user_what_to_do(digest) -> None:
    text, _ = digest("prenumerera hr #finnsinte")
    assert text.startswith("Jag hittar inte kanalen ”#finnsinte”. Är den privat måste jag bjudas in först")
    text, _ = digest(f"prenumerera hr <#{OUTSIDE}|utanfor>")
    invite = "Bjud in mig med `/invite @planbot` i kanalen och försök sedan igen."
    assert text == f"Jag är inte med i <#{OUTSIDE}> än. {invite}"
    text, _ = digest(f"prenumerera hr <#{ARCHIVED}>")
    assert text == f"Kanalen <#{ARCHIVED}> är arkiverad, så jag kan inte skicka dit."
    text, _ = digest("prenumerera hr <#C0GONE001|borta>")
    assert text.startswith("Jag hittar inte kanalen <#C0GONE001>.")
    assert digest.store.subscriptions(OUTSIDE) == []


def test_list_and_unsubscribe(digest) -> None:
    digest(f'prenumerera hr <#{OTHER}> "0 9 * * 1"')
    text, _ = digest("lista", user=EMPLOYEE)
    assert f"• ”HR-sammanfattning” (hr) → <#{OTHER}> · `0 9 * * 1` · nästa " in text
    assert f"→ <#{HR}> · `0 8 1 * *`" in text and "från konfigurationsfilen" in text
    text, _ = digest(f"avsluta hr <#{OTHER}>")
    assert text == f"Klart: <#{OTHER}> får inte längre ”HR-sammanfattning”."
    text, _ = digest(f"avsluta hr <#{OTHER}>")
    assert text == f"<#{OTHER}> prenumererar inte på ”hr”."
    text, _ = digest(f"avsluta hr <#{HR}>")
    assert "enligt planbots konfigurationsfil" in text


def test_help_and_unknown_subcommand(digest) -> None:
    text, _ = digest("")
    assert text.startswith("*Sammanfattningar från planbot*")
    text, _ = digest("<!channel>")
    assert (
        text
        == "Jag förstår inte ”&lt;!channel&gt;”. Skriv `/planbot digest hjälp` för att se vad du kan göra."
    )
