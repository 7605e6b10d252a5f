"""Reliability under faults: answers lost and posted twice, per fault, and a soak.

The fault matrix starts, per row, a fake Slack (tests/slack/fake_slack.py) and a real
`planbot serve` (HTTP mode), sends signed @-mentions and "Dela i kanalen" clicks (each
clicked twice) at a fixed rate, injects the row's fault, waits until planbot's outbox is
empty, and counts per request how many answers Slack holds: none is lost, two or more is
posted twice. Like Slack, the sender delivers an event again when it got no 200.

  none               no fault (the control)
  500 after accept   chat.postMessage stores the message, then answers HTTP 500
  reset              stores it, then resets the connection
  timeout            stores it, then holds the connection past planbot's timeout
  500                answers 500 without storing anything
  429                rate limited, Retry-After 1 s
  refused            Slack not listening for 3 s in the middle of the load
  kill -9            planbot killed in the middle of the load, with Slack slow; started again
  SIGTERM            planbot stopped in the middle of the load, with Slack slow; started again
  knowledge rebuild  the knowledge base rebuilt in place under load (one cited fact removed),
                     then planbot restarted on it; an old "Visa källa" button is clicked after
  digests            24 hourly digest slots for 3 channels posted with random 500 after
                     accept, resets, timeouts and 429s: each slot must be posted exactly once

The soak (--soak SECONDS) sends slash commands and mentions at a fixed rate and samples
planbot's resident memory every 30 s.

Run: .venv/bin/python bench/slack_faults.py [--rows all|none,reset,...] [--seconds 6] [--rate 20]
     .venv/bin/python bench/slack_faults.py --server-src /path/to/other/checkout/src   (compare)
     .venv/bin/python bench/slack_faults.py --soak 600 --rate 50
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import json
import logging
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.digest_support import STHLM, config  # noqa: E402
from tests.slack import payloads  # noqa: E402
from tests.slack.fake_slack import (  # noqa: E402
    ACCEPT_THEN_500,
    ACCEPT_THEN_RESET,
    ACCEPT_THEN_STALL,
    HTTP_500,
    RATE_LIMITED,
    SLOW,
    FakeSlack,
    PlanbotServer,
    free_port,
    raw_post,
    server_env,
    sign,
)

from planbot.answer.engine import Engine  # noqa: E402
from planbot.digest.runner import RunPolicy, run_due  # noqa: E402
from planbot.digest.schedule import parse_iso  # noqa: E402
from planbot.digest.store import DigestStore  # noqa: E402
from planbot.knowledge.build import build  # noqa: E402
from planbot.knowledge.store import KnowledgeBase  # noqa: E402
from planbot.service import ask  # noqa: E402
from planbot.settings import Settings  # noqa: E402
from planbot.slack import posting  # noqa: E402
from planbot.slack.policy import ChannelPolicy  # noqa: E402
from planbot.state import connect  # noqa: E402

CHANNELS = [f"C0LOAD{n:02d}" for n in range(8)]
QUESTIONS = [
    "/prognos",
    "Vad är målet för sjukfrånvaro?",
    "/budget skattesats",
    "/indikator likvida medel",
    "Har vi nått målet för 1177-samtal inom 9 minuter?",
    "jämför resultatprognos 2025 2026",
]
ROWS = [
    "none",
    "500 after accept",
    "reset",
    "timeout",
    "500",
    "429",
    "refused",
    "kill -9",
    "SIGTERM",
    "knowledge rebuild",
    "digests",
]
_ids = itertools.count(1)


@dataclass
class Sent:
    """One request as Slack would deliver it, and what it should produce."""

    kind: str  # mention | share
    channel: str
    body: str
    content_type: str
    thread_ts: str | None = None
    acked: bool = False
    attempts: int = 0


@dataclass
class Load:
    """Signed requests at a fixed rate from a pool of threads; unacknowledged ones are re-sent."""

    server: PlanbotServer
    slack: FakeSlack
    rate: float
    sent: list[Sent] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def mention(self, channel: str) -> Sent:
        ts = f"{time.time():.6f}{next(_ids) % 10}"
        question = QUESTIONS[next(_ids) % len(QUESTIONS)]
        event = payloads.app_mention(f"<@UPLANBOT> {question}", channel=channel, ts=ts)
        body = payloads.event_callback(event, f"EvLoad{next(_ids):07d}")
        return Sent("mention", channel, body, "application/json", thread_ts=ts)

    def share(self) -> Sent:
        channel = f"C0SHARE{next(_ids):05d}"
        body = payloads.block_actions(
            "share_in_channel",
            QUESTIONS[0],
            channel=channel,
            response_url=self.slack.response_url(f"s{channel}"),
        )
        return Sent("share", channel, body, "application/x-www-form-urlencoded")

    def deliver(self, item: Sent, retry: int = 0) -> None:
        """Send once; False (not acknowledged) leaves it for `redeliver`."""
        headers = [("Content-Type", item.content_type), *sign(item.body).items()]
        if retry:
            headers += [("X-Slack-Retry-Num", str(retry)), ("X-Slack-Retry-Reason", "http_error")]
        item.attempts += 1
        try:
            status, _ = raw_post(self.server.url + "/slack/events", item.body.encode(), headers, timeout=3)
        except OSError:
            return
        item.acked = item.acked or status == 200

    def run(self, seconds: float, during: Any = None) -> None:
        """Send for `seconds` at `rate` per second (mentions round the channels, a share in ten,
        each share clicked twice); `during(elapsed)` is called between sends."""
        pool = concurrent.futures.ThreadPoolExecutor(8)
        started = time.monotonic()
        for n in range(int(seconds * self.rate)):
            due = started + n / self.rate
            while (wait := due - time.monotonic()) > 0:
                time.sleep(min(wait, 0.05))
            if during is not None:
                during(time.monotonic() - started)
            items = [self.mention(CHANNELS[n % len(CHANNELS)])] if n % 10 else [self.share()]
            with self._lock:
                self.sent.extend(items)
            for item in items:
                pool.submit(self.deliver, item)
                if item.kind == "share":
                    pool.submit(self.deliver, item)  # the double-click
        pool.shutdown(wait=True)
        if during is not None:
            during(time.monotonic() - started)

    def redeliver(self, rounds: int = 10) -> None:
        """Slack delivers an event again until it is acknowledged (here: quickly, a few times)."""
        for retry in range(1, rounds + 1):
            missing = [s for s in self.sent if not s.acked]
            if not missing:
                return
            time.sleep(1)
            for item in missing:
                self.deliver(item, retry)

    def counts(self) -> tuple[int, int, int]:
        """(requests, lost, posted twice) from what the fake Slack holds."""
        lost = twice = 0
        for item in self.sent:
            posts = self.slack.posts(item.channel)
            if item.kind == "mention":
                posts = [m for m in posts if m["thread_ts"] == item.thread_ts]
            lost += len(posts) == 0
            twice += len(posts) > 1
        return len(self.sent), lost, twice


SERVER_SRC: str | None = None  # --server-src: run `planbot serve` from another checkout


def serve(slack: FakeSlack, kb: Path, tmp: Path, **settings: str) -> PlanbotServer:
    if SERVER_SRC:
        settings["PYTHONPATH"] = SERVER_SRC
    env = server_env(
        slack,
        kb,
        PLANBOT_DIGEST_SCHEDULER="0",
        PLANBOT_LOG_LEVEL="WARNING",
        PLANBOT_SLACK_TIMEOUT_SECONDS="1",
        **settings,
    )
    server = PlanbotServer(env, free_port(), tmp / "state.db")
    server.wait_ready()
    return server


def restart(server: PlanbotServer, sig: int) -> None:
    server.stop(sig)
    server.start()
    server.wait_ready(timeout=60)


def fault_row(name: str, kb: Path, tmp: Path, seconds: float, rate: float) -> dict[str, Any]:
    """One row of the matrix: load under the fault, then lost and twice."""
    slack = FakeSlack(stall_seconds=3, seed=len(name))
    server = serve(slack, kb, tmp)
    load = Load(server, slack, rate)
    extra = ""
    mid = seconds / 2
    done: set[str] = set()
    try:
        post = "chat.postMessage"
        if name == "500 after accept":
            slack.fail(post, ACCEPT_THEN_500, None, probability=0.3)
        elif name == "reset":
            slack.fail(post, ACCEPT_THEN_RESET, None, probability=0.3)
        elif name == "timeout":
            slack.fail(post, ACCEPT_THEN_STALL, None, probability=0.2)
        elif name == "500":
            slack.fail(post, HTTP_500, None, probability=0.3)
        elif name == "429":
            slack.fail(post, RATE_LIMITED, None, probability=0.3, retry_after=1)
        elif name in ("kill -9", "SIGTERM"):
            slack.fail(post, SLOW, None, delay=0.3)
        cited: list[tuple[int, int]] = []
        button = ""
        if name == "knowledge rebuild":
            button, cited, removed_kb = release_setup(server, kb, tmp)

        def during(elapsed: float) -> None:
            if name == "refused" and elapsed > mid and "down" not in done:
                done.add("down")
                slack.down()
            if name == "refused" and elapsed > mid + 3 and "up" not in done:
                done.add("up")
                slack.up()
            if name in ("kill -9", "SIGTERM") and elapsed > mid and "restart" not in done:
                done.add("restart")
                threading.Thread(
                    target=restart, args=(server, signal.SIGKILL if name == "kill -9" else signal.SIGTERM)
                ).start()
            if name == "knowledge rebuild" and elapsed > mid and "release" not in done:
                done.add("release")
                os.replace(removed_kb, kb_copy(server))  # rebuilt in place: a new file renamed over the old
                threading.Thread(target=restart, args=(server, signal.SIGTERM)).start()

        load.run(seconds, during)
        if name == "refused" and "up" not in done:
            slack.up()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                server.wait_ready(timeout=60)
                break
            except AssertionError:
                time.sleep(0.5)
        load.redeliver()
        settle(server)
        if name == "knowledge rebuild":
            extra = f"Visa källa after the release: {check_sources(server, slack, button, cited)}"
        acked = sum(s.acked for s in load.sent)
        n, lost, twice = load.counts()
    finally:
        server.close()
        slack.close()
    return {"row": name, "requests": n, "acked": acked, "lost": lost, "twice": twice, "note": extra}


def settle(server: PlanbotServer) -> None:
    """Wait until planbot's outbox is empty (a server without one: give it 15 s)."""
    if "outbox" in server.health()[1].get("workers", {}):
        server.wait_idle(timeout=120)
    else:
        time.sleep(15)


def kb_copy(server: PlanbotServer) -> Path:
    return Path(server.env["PLANBOT_KB_PATH"])


def release_setup(server: PlanbotServer, kb: Path, tmp: Path) -> tuple[str, list[tuple[int, int]], Path]:
    """Serve a copy of the knowledge base; build the next release (first /prognos fact removed);
    take a "Visa källa" button from before it and the lines it should show after."""
    served = tmp / "served.db"
    shutil.copy(kb, served)
    server.stop()
    server.env["PLANBOT_KB_PATH"] = str(served)
    server.start()
    server.wait_ready()
    engine = Engine(KnowledgeBase(kb))
    cited = [f for f in ask("/prognos", engine).facts if f.source][:20]
    gone = cited[0]
    assert gone.source is not None
    knowledge = tmp / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    for path in (knowledge / "facts").glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        same = (gone.measure_id, gone.kind, gone.period, list(gone.source.lines))
        data["facts"] = [
            r for r in data["facts"] if (r["measure"], r["kind"], r["period"], list(r["lines"])) != same
        ]
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    released = tmp / "released.db"
    build(knowledge, released)
    body = payloads.slash_command("/prognos", "", channel="C0GENERAL")
    _, reply = raw_post(
        server.url + "/slack/events",
        body.encode(),
        [("Content-Type", "application/x-www-form-urlencoded"), *sign(body).items()],
    )
    button = next(
        e["value"]
        for b in json.loads(reply)["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "show_source"
    )
    expected = [f.source.lines for f in cited[1:] if f.source]
    return button, expected, released


def check_sources(
    server: PlanbotServer, slack: FakeSlack, button: str, expected: list[tuple[int, int]]
) -> str:
    before = len(slack.of("views.open"))
    body = payloads.block_actions("show_source", button, channel="C0GENERAL")
    raw_post(
        server.url + "/slack/events",
        body.encode(),
        [("Content-Type", "application/x-www-form-urlencoded"), *sign(body).items()],
    )
    slack.wait_until(lambda: len(slack.of("views.open")) > before, 10)
    view = json.dumps(slack.of("views.open")[-1].params["view"], ensure_ascii=False)
    wrong = sum(1 for lines in expected if f"▶ {lines[0]:>5}" not in view)
    gone = "finns inte längre" in view
    shown = f"{len(expected) - wrong}/{len(expected)} cited facts shown"
    return f"{shown}, removed one named: {'yes' if gone else 'NO'}"


def digest_row(kb: Path, tmp: Path) -> dict[str, Any]:
    """24 hourly slots × 3 channels under random faults; each slot posted exactly once?"""
    slack = FakeSlack(stall_seconds=2, seed=7)
    for kind, p in (
        (ACCEPT_THEN_500, 0.15),
        (ACCEPT_THEN_RESET, 0.15),
        (ACCEPT_THEN_STALL, 0.1),
        (RATE_LIMITED, 0.1),
    ):
        slack.fail("chat.postMessage", kind, None, probability=p, retry_after=0)
    settings = Settings(
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_API_URL=slack.api_url,
        state_path=tmp / "digests.db",
        slack_timeout_seconds=0.5,
    )
    cfg = config(tmp, schedule="0 * * * *")
    store = DigestStore(connect(tmp / "digests.db"))
    store.sync_config(cfg, now="2026-06-30T23:30:00Z")
    engine = Engine(KnowledgeBase(kb))
    client = posting.web_client(settings)
    policy = RunPolicy(STHLM, timedelta(minutes=360), timedelta(minutes=1), max_attempts=5)
    channels = ChannelPolicy(frozenset(), {})
    slots = [parse_iso("2026-07-01T00:00:00Z") + timedelta(hours=h) for h in range(24)]
    for slot in slots:  # each slot: the tick after it, a retry tick, and one after the stale window
        for later in (timedelta(seconds=30), timedelta(seconds=90), timedelta(minutes=3)):
            run_due(
                slot + later,
                store=store,
                config=cfg,
                engine=engine,
                client=client,
                policy=policy,
                channels=channels,
            )
    posted: dict[tuple[str, str], int] = {}
    for message in slack.posts():
        key = (message["channel"], message["metadata"]["event_payload"]["scheduled_at"])
        posted[key] = posted.get(key, 0) + 1
    expected = [
        (ch, slot.strftime("%Y-%m-%dT%H:%M:%SZ"))
        for ch in ("C0HR00001", "C0LEDN001", "C0KVAL001")
        for slot in slots
    ]
    faults = sum(1 for c in slack.calls if c.fault)
    slack.close()
    return {
        "row": "digests",
        "requests": len(expected),
        "acked": len(expected),
        "lost": sum(1 for k in expected if posted.get(k, 0) == 0),
        "twice": sum(1 for k in expected if posted.get(k, 0) > 1),
        "note": f"{faults} faulty chat.postMessage answers",
    }


def soak(kb: Path, tmp: Path, seconds: float, rate: float) -> int:
    """Commands and mentions at `rate` per second for `seconds`; memory every 30 s."""
    slack = FakeSlack()
    server = serve(slack, kb, tmp)
    load = Load(server, slack, rate)
    commands = {"sent": 0, "ok": 0}
    samples: list[tuple[float, int, float]] = []
    pool = concurrent.futures.ThreadPoolExecutor(8)

    def command(n: int) -> None:
        name, text = [("/mål", "sjukfrånvaro"), ("/prognos", ""), ("/budget", "skattesats")][n % 3]
        body = payloads.slash_command(name, text, channel=CHANNELS[n % len(CHANNELS)])
        status, _ = raw_post(
            server.url + "/slack/events",
            body.encode(),
            [("Content-Type", "application/x-www-form-urlencoded"), *sign(body).items()],
        )
        commands["ok"] += status == 200

    def rss_mib() -> float:
        for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    print(f"soak: {rate:g} requests/s for {seconds:g} s (4 slash commands to 1 mention), memory every 30 s\n")
    print(f"{'t s':>6} {'requests':>9} {'answered':>9} {'pending':>8} {'RSS MiB':>8}")
    started = time.monotonic()
    next_sample = started
    try:
        for n in itertools.count():
            due = started + n / rate
            if due - started > seconds:
                break
            while (wait := due - time.monotonic()) > 0:
                time.sleep(min(wait, 0.05))
            if time.monotonic() >= next_sample:
                pending = server.health()[1]["workers"]["outbox"]["pending"]
                answered = commands["ok"] + len(slack.posts())
                samples.append((time.monotonic() - started, n, rss_mib()))
                print(
                    f"{samples[-1][0]:>6.0f} {n:>9} {answered:>9} {pending:>8} {samples[-1][2]:>8.1f}",
                    flush=True,
                )
                next_sample += 30
            if n % 5 == 4:
                item = load.mention(CHANNELS[n % len(CHANNELS)])
                load.sent.append(item)
                pool.submit(load.deliver, item)
            else:
                commands["sent"] += 1
                pool.submit(command, n)
        pool.shutdown(wait=True)
        load.redeliver()
        server.wait_idle(timeout=120)
        samples.append((time.monotonic() - started, n, rss_mib()))
        answered = commands["ok"] + len(slack.posts())
        print(f"{samples[-1][0]:>6.0f} {n:>9} {answered:>9} {0:>8} {samples[-1][2]:>8.1f}")
        mentions, lost, twice = load.counts()
    finally:
        server.close()
        slack.close()
    first, last = samples[1][2] if len(samples) > 1 else samples[0][2], samples[-1][2]
    print(f"\nslash commands: {commands['ok']}/{commands['sent']} answered in the acknowledgement")
    print(f"mentions: {mentions}, lost {lost}, posted twice {twice}")
    print(f"RSS after 30 s {first:.1f} MiB, at the end {last:.1f} MiB ({last - first:+.1f} MiB)")
    return 0 if lost == twice == 0 and commands["ok"] == commands["sent"] else 1


def main() -> int:
    logging.disable(logging.CRITICAL)  # the digest runner logs every fault it meets; the table counts them
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", default="all", help="comma-separated rows of the matrix, or all")
    parser.add_argument("--seconds", type=float, default=6.0, help="load per row")
    parser.add_argument("--rate", type=float, default=20.0, help="requests per second")
    parser.add_argument("--soak", type=float, default=0.0, help="run the soak for this many seconds instead")
    parser.add_argument(
        "--server-src", help="run planbot serve from this src/ (e.g. a checkout before a fix)"
    )
    args = parser.parse_args()
    global SERVER_SRC
    SERVER_SRC = args.server_src
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        kb = tmp / "knowledge.db"
        build(ROOT / "knowledge", kb)
        if args.soak:
            return soak(kb, tmp, args.soak, args.rate)
        rows = ROWS if args.rows == "all" else [r.strip() for r in args.rows.split(",")]
        print(
            f"cores: {os.cpu_count()}; {args.rate:g} requests/s for {args.seconds:g} s per row "
            "(mentions in 8 channels; every tenth a share clicked twice)\n"
        )
        print(f"{'fault':<18} {'requests':>8} {'acked':>6} {'lost':>5} {'twice':>6}  note")
        results = []
        for name in rows:
            row_tmp = tmp / name.replace(" ", "-")
            row_tmp.mkdir()
            if name == "digests" and SERVER_SRC:
                continue  # posted in this process, by this checkout's code
            if name == "digests":
                result = digest_row(kb, row_tmp)
            else:
                result = fault_row(name, kb, row_tmp, args.seconds, args.rate)
            results.append(result)
            print(
                f"{result['row']:<18} {result['requests']:>8} {result['acked']:>6} {result['lost']:>5} "
                f"{result['twice']:>6}  {result['note']}",
                flush=True,
            )
    bad = [r for r in results if r["lost"] or r["twice"]]
    print(f"\n{len(results) - len(bad)} of {len(results)} rows with 0 lost and 0 posted twice")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
