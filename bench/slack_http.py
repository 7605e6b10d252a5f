"""Benchmark: signed slash commands over loopback HTTP against a real `planbot serve`.

Starts `planbot serve` (HTTP mode, uvicorn) with a fake Slack Web API, then sends Slack's
real signed slash-command payloads at increasing concurrency over keep-alive connections,
and reports throughput, p50/p99/max latency and errors. Runners compared side by side:

  planbot   process_before_response: the ack listener runs in the request; Web API work in lazy listeners
  default   Bolt's default runner: listener on a thread pool, request thread polls for ack() every 10 ms

Targets (DESIGN.md): ≥ 300 commands/s on 2 cores, p99 ≤ 100 ms, the 3 s ack always met,
and ≥ 10× lower latency than the default runner.

Run: .venv/bin/python bench/slack_http.py [--seconds 3] [--levels 1,8,32,64] [--workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.slack import payloads  # noqa: E402
from tests.slack.fake_slack import (  # noqa: E402
    BOT_TOKEN,
    SIGNING_SECRET,
    FakeSlack,
    PlanbotServer,
    free_port,
    sign,
)

from planbot.knowledge.build import build  # noqa: E402

COMMANDS = [
    ("/mål", "sjukfrånvaro"),
    ("/prognos", ""),
    ("/budget", "skattesats"),
    ("/indikator", "likvida medel"),
    ("/jämför", "resultatprognos 2025 2026"),
    ("/mal", "självskattad hälsa 2024"),
    ("/planbot", "Hur ser senaste prognosen ut?"),
]


def requests(port: int, fake: FakeSlack) -> list[bytes]:
    """Pre-built signed HTTP requests (signatures stay valid for Slack's 5 minutes)."""
    out = []
    for i, (name, text) in enumerate(COMMANDS * 3):
        body = payloads.slash_command(name, text, channel="C0BENCH", response_url=fake.response_url(f"b{i}"))
        headers = {**sign(body), "Content-Type": "application/x-www-form-urlencoded"}
        head = f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        head += f"Content-Length: {len(body.encode())}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        out.append(head.encode() + body.encode())
    return out


async def client(
    port: int, reqs: list[bytes], until: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = 0
    try:
        while time.perf_counter() < until:
            started = time.perf_counter()
            writer.write(reqs[i % len(reqs)])
            i += 1
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next(
                int(line.split(b":", 1)[1])
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-length")
            )
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - started)
            if status != 200:
                errors.append(str(status))
    finally:
        writer.close()


async def level(port: int, reqs: list[bytes], concurrency: int, seconds: float) -> dict[str, float]:
    warm: list[float] = []
    await asyncio.gather(
        *(client(port, reqs, time.perf_counter() + 0.3, warm, []) for _ in range(concurrency))
    )
    latencies: list[float] = []
    errors: list[str] = []
    started = time.perf_counter()
    until = started + seconds
    await asyncio.gather(*(client(port, reqs, until, latencies, errors) for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    return summary(latencies, errors, elapsed)


def summary(latencies: list[float], errors: list[str], elapsed: float) -> dict[str, float]:
    """Throughput and latency percentiles (ms) of one load level."""
    ordered = sorted(latencies)
    return {
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
        "max": ordered[-1] * 1000,
        "over3s": sum(1 for x in ordered if x > 3.0),
        "errors": len(errors),
        "n": len(latencies),
    }


async def open_loop(port: int, reqs: list[bytes], rate: int, seconds: float) -> dict[str, float]:
    """Requests sent at a fixed rate (as Slack does), latency from the scheduled send time."""
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    latencies: list[float] = []
    errors: list[str] = []

    async def one(i: int, scheduled: float) -> None:
        try:
            reader, writer = pool.get_nowait()
        except asyncio.QueueEmpty:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(reqs[i % len(reqs)])
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - scheduled)
        if int(head.split(b" ", 2)[1]) != 200:
            errors.append("status")
        pool.put_nowait((reader, writer))

    started = time.perf_counter()
    tasks = []
    for i in range(int(rate * seconds)):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, scheduled)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not pool.empty():
        pool.get_nowait()[1].close()
    return summary(latencies, errors, elapsed)


def run(
    runner: str, kb: Path, tmp: Path, levels: list[int], rates: list[int], seconds: float, workers: int
) -> list[dict]:
    fake = FakeSlack()
    port = free_port()
    env = {
        "SLACK_BOT_TOKEN": BOT_TOKEN,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "PLANBOT_KB_PATH": str(kb),
        "PLANBOT_AUTO_BUILD": "0",
        "PLANBOT_LOG_LEVEL": "WARNING",
        "PLANBOT_WORKERS": str(workers),
        "PLANBOT_SLACK_PROCESS_BEFORE_RESPONSE": "1" if runner == "planbot" else "0",
    }
    server = PlanbotServer(env, port, tmp / f"state-{runner}-{workers}.db")
    rows = []
    try:
        server.wait_ready()
        reqs = requests(port, fake)
        for concurrency in levels:
            result = asyncio.run(level(port, reqs, concurrency, seconds))
            rows.append({"runner": runner, "workers": workers, "load": f"conc {concurrency}", **result})
            print(_row(rows[-1]), flush=True)
        for rate in rates:
            result = asyncio.run(open_loop(port, reqs, rate, seconds))
            rows.append({"runner": runner, "workers": workers, "load": f"{rate}/s", **result})
            print(_row(rows[-1]), flush=True)
    finally:
        server.close()
        fake.close()
    return rows


HEADER = (
    f"{'runner':<8} {'workers':>7} {'load':>9} {'cmd/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} "
    f"{'>3 s':>5} {'errors':>6}"
)


def _row(r: dict) -> str:
    return (
        f"{r['runner']:<8} {r['workers']:>7} {r['load']:>9} {r['rps']:>8.0f} {r['p50']:>8.2f} "
        f"{r['p99']:>8.2f} {r['max']:>8.1f} {r['over3s']:>5} {r['errors']:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="measured seconds per concurrency level")
    parser.add_argument("--levels", default="1,8,32,64", help="concurrency levels")
    parser.add_argument("--rates", default="300,600", help="open-loop arrival rates (commands/s)")
    parser.add_argument("--workers", default="1", help="uvicorn worker counts to try, e.g. 1,2")
    parser.add_argument("--runners", default="planbot,default")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--kb", type=Path, help="a built knowledge base (else built from --knowledge)")
    args = parser.parse_args()
    levels = [int(x) for x in args.levels.split(",") if x]
    rates = [int(x) for x in args.rates.split(",") if x]
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        kb = args.kb or tmp / "knowledge.db"
        if not args.kb:
            build(args.knowledge, kb)
        print(
            f"cores: {os.cpu_count()}; {args.seconds:g} s per level; signed slash commands, loopback HTTP\n"
        )
        print(HEADER)
        rows = []
        for workers in [int(w) for w in args.workers.split(",")]:
            for runner in args.runners.split(","):
                rows += run(runner, kb, tmp, levels, rates, args.seconds, workers)
        print("\nsummary")
        print(HEADER)
        for r in rows:
            print(_row(r))
        for workers in sorted({r["workers"] for r in rows}):
            ours = {r["load"]: r for r in rows if r["runner"] == "planbot" and r["workers"] == workers}
            theirs = {r["load"]: r for r in rows if r["runner"] == "default" and r["workers"] == workers}
            for c in [k for k in ours if k in theirs]:
                print(
                    f"workers {workers}, {c}: p50 {theirs[c]['p50'] / ours[c]['p50']:.1f}× lower, "
                    f"throughput {ours[c]['rps'] / theirs[c]['rps']:.1f}× higher than Bolt's default runner"
                )


if __name__ == "__main__":
    main()
