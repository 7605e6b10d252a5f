"""`planbot digest …` end to end: run-due as subprocesses against the fake Slack, and a race."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from planbot.digest.config import load_config
from planbot.digest.store import DigestStore
from planbot.state import connect
from tests.digest_support import HR, KVALITET, LEDNING, write_config
from tests.slack.fake_slack import FakeSlack

ROOT = Path(__file__).resolve().parents[1]
PLANBOT = [sys.executable, "-m", "planbot"]


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as slack:
        yield slack


@pytest.fixture
def env(tmp_path: Path, kb_path: Path, fake: FakeSlack) -> dict[str, str]:
    config = write_config(tmp_path / "digests.yaml", schedule="0 8 1 * *")
    store = DigestStore(connect(tmp_path / "state.db"))
    store.sync_config(load_config(config), now="2026-06-15T00:00:00Z")
    store.conn.close()
    return {
        **os.environ,
        "PLANBOT_KB_PATH": str(kb_path),
        "PLANBOT_AUTO_BUILD": "0",
        "PLANBOT_STATE_PATH": str(tmp_path / "state.db"),
        "PLANBOT_DIGEST_CONFIG": str(config),
        "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_API_URL": fake.api_url,
    }


def planbot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PLANBOT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_run_due_posts_the_expected_blocks_to_the_expected_channels(env, fake) -> None:
    assert planbot(env, "digest", "run-due", "--now", "2026-07-01T07:59:00+02:00").stdout == "nothing due\n"
    done = planbot(env, "digest", "run-due", "--now", "2026-07-01T08:00:05+02:00")
    assert done.returncode == 0, done.stderr
    lines = sorted(done.stdout.splitlines())
    assert [line.split()[:4] for line in lines] == [
        ["sent", "ekonomi", LEDNING, "2026-07-01T06:00:00Z"],
        ["sent", "hr", HR, "2026-07-01T06:00:00Z"],
        ["sent", "kvalitet", KVALITET, "2026-07-01T06:00:00Z"],
    ]
    for channel, title, first_item in [
        (HR, "HR-sammanfattning", "*Sjukfrånvaro*"),
        (LEDNING, "Ekonomisk lägesbild", "*Senaste helårsprognosen*"),
        (KVALITET, "Kvalitet och tillgänglighet", "*Standardiserade vårdförlopp (SVF)*"),
    ]:
        (post,) = fake.posts(channel)
        blocks = post["blocks"]
        assert blocks[0]["text"]["text"].startswith(f"*{title}* – 1 juli 2026")
        assert blocks[2]["text"]["text"].startswith(first_item)
        assert blocks[3]["type"] == "context" and blocks[3]["elements"][0]["text"].startswith("Källa: ")
        assert blocks[-2]["text"]["text"].startswith("*Nytt sedan förra utskicket*")
        assert blocks[-1]["block_id"].startswith("planbot_digest|")
    ekonomi = json.dumps(fake.posts(LEDNING)[0]["blocks"], ensure_ascii=False)
    assert "Nettokostnadsutveckling: budget 2026" in ekonomi and "Årets resultat: prognos 2026" in ekonomi
    # Run again (cron fires twice, a retry): nothing more is posted.
    again = planbot(env, "digest", "run-due", "--now", "2026-07-01T08:01:00+02:00")
    assert again.stdout == "nothing due\n" and len(fake.posts()) == 3


def test_run_due_exits_1_when_a_channel_fails(env, fake) -> None:
    fake.errors[LEDNING] = "channel_not_found"
    done = planbot(env, "digest", "run-due", "--now", "2026-07-01T08:00:05+02:00")
    assert done.returncode == 1
    assert f"rejected ekonomi    {LEDNING}" in done.stdout and "channel_not_found" in done.stdout
    assert len(fake.posts()) == 2


def test_two_processes_racing_post_each_digest_exactly_once(env, fake) -> None:
    args = [*PLANBOT, "digest", "run-due", "--now", "2026-07-01T08:00:05+02:00"]
    procs = [
        subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert sorted(m["channel"] for m in fake.posts()) == sorted([HR, LEDNING, KVALITET])
    sent = [line for out, _ in outputs for line in out.splitlines() if line.startswith("sent")]
    assert len(sent) == 3  # each run claimed by exactly one of the processes


def test_preview_and_list(env) -> None:
    text = planbot(env, "digest", "preview", "hr")
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("HR-sammanfattning\n")
    assert "Nytt sedan förra utskicket\n• Visas när sammanfattningen skickas till en kanal." in text.stdout
    data = json.loads(planbot(env, "digest", "preview", "ekonomi", "--format", "json").stdout)
    assert data["digest"] == "ekonomi" and data["sections"][0]["facts"][0]["source"]["quote"]
    slack = json.loads(planbot(env, "digest", "preview", "kvalitet", "--format", "slack").stdout)
    intro = "Standardiserade vårdförlopp, 1177 och tillgänglighet – mål och senaste utfall."
    assert slack["blocks"][0]["text"]["text"] == f"*Kvalitet och tillgänglighet*\n{intro}"
    listing = planbot(env, "digest", "list").stdout
    assert f"  hr → {HR} · 0 8 1 * * · nästa " in listing
    missing = planbot(env, "digest", "preview", "nope")
    assert (
        missing.returncode == 1
        and "no digest named 'nope'; there are: hr, ekonomi, kvalitet" in missing.stderr
    )
