"""Benchmark: mentions through one replica on SQLite, and through two replicas on one PostgreSQL.

Each mention is stored in the outbox before Slack gets its acknowledgement, so the
runtime database is on the acknowledgement's path; this measures what that costs on each
database, and counts the answers: every mention must be answered once. One in ten
mentions is delivered twice, to both replicas at once (a Slack retry the load balancer
sends to the other one). The PostgreSQL server is started here (tests/postgres.py).

Run: .venv/bin/python bench/replicas.py [--rate 50] [--seconds 10] [--save bench/results/replicas.txt]
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

from tests.postgres import PostgresServer  # noqa: E402
from tests.slack import payloads  # noqa: E402
from tests.slack.fake_slack import FakeSlack, PlanbotServer, free_port, server_env, sign  # noqa: E402

from planbot.knowledge.build import build  # noqa: E402


def mention(port: int, n: int, run: str) -> tuple[bytes, str]:
    ts = f"{time.time():.6f}{n:04d}"
    body = payloads.event_callback(
        payloads.app_mention(f"<@UPLANBOT> /prognos {n % 7}", channel=f"C0R{n % 8}", ts=ts), f"Ev{run}{n:06d}"
    )
    headers = {**sign(body), "Content-Type": "application/json"}
    head = (
        f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body.encode())}\r\n"
    )
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return (head + body).encode(), ts


async def send_all(schedule: list[tuple[float, int, bytes]]) -> list[float]:
    """Send each request at its time on a keep-alive connection per port; acknowledgement latencies."""
    pools: dict[int, asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]]] = {}
    latencies: list[float] = []

    async def one(at: float, port: int, raw: bytes) -> None:
        pool = pools.setdefault(port, asyncio.Queue())
        try:
            reader, writer = pool.get_nowait()
        except asyncio.QueueEmpty:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(raw)
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(x.split(b":")[1]) for x in head.split(b"\r\n") if x.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - at)
        pool.put_nowait((reader, writer))

    started = time.perf_counter()
    tasks = []
    for offset, port, raw in schedule:
        delay = started + offset - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(started + offset, port, raw)))
    await asyncio.gather(*tasks)
    return latencies


def run(name: str, servers: list[PlanbotServer], fake: FakeSlack, rate: int, seconds: float) -> str:
    count = int(rate * seconds)
    schedule, threads = [], []
    for n in range(count):
        port = servers[n % len(servers)].port
        raw, ts = mention(port, n, name.replace(" ", ""))
        threads.append(ts)
        schedule.append((n / rate, port, raw))
        if len(servers) > 1 and n % 10 == 0:  # delivered to the other replica too, at the same moment
            other = servers[(n + 1) % len(servers)].port
            schedule.append((n / rate, other, raw))  # the same event: same id, same body
    started = time.perf_counter()
    latencies = sorted(asyncio.run(send_all(schedule)))
    deadline = time.monotonic() + 60
    wanted = set(threads)

    def answered() -> dict[str, int]:
        counts: dict[str, int] = {}
        for message in fake.posts():
            if message["thread_ts"] in wanted:
                counts[message["thread_ts"]] = counts.get(message["thread_ts"], 0) + 1
        return counts

    while time.monotonic() < deadline and len(answered()) < count:
        time.sleep(0.05)
    done = time.perf_counter() - started
    counts = answered()
    lost = count - len(counts)
    twice = sum(1 for c in counts.values() if c > 1)
    p50 = statistics.median(latencies) * 1000
    p99 = latencies[int(len(latencies) * 0.99)] * 1000
    return (
        f"{name:<28} {count:>8} {len(schedule):>10} {p50:>8.2f} {p99:>8.2f} {latencies[-1] * 1000:>8.1f} "
        f"{done:>8.1f} {lost:>5} {twice:>6}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=int, default=50, help="mentions per second")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--save", type=Path)
    args = parser.parse_args()
    lines = [
        f"cores: {os.cpu_count()}; {args.rate} mentions/s for {args.seconds:g} s (in 8 channels); "
        "with two replicas every tenth is delivered to both",
        "",
        f"{'setup':<28} {'mentions':>8} {'deliveries':>10} {'ack p50':>8} {'ack p99':>8} {'ack max':>8} "
        f"{'all in s':>8} {'lost':>5} {'twice':>6}",
    ]
    postgres = PostgresServer()
    postgres.start()
    with tempfile.TemporaryDirectory() as tmpdir, FakeSlack() as fake:
        tmp = Path(tmpdir)
        kb = tmp / "knowledge.db"
        build(ROOT / "knowledge", kb)
        setups = [
            ("1 replica, SQLite", [f"sqlite:///{tmp / 'one.db'}"]),
            ("1 replica, PostgreSQL", [postgres.create_database()]),
            ("2 replicas, one PostgreSQL", [postgres.create_database()] * 2),
        ]
        try:
            for name, urls in setups:
                servers = [
                    PlanbotServer(
                        server_env(
                            fake,
                            kb,
                            PLANBOT_STATE_URL=url,
                            PLANBOT_LOG_LEVEL="WARNING",
                            PLANBOT_DIGEST_SCHEDULER="0",
                        ),
                        free_port(),
                        tmp / f"unused-{n}.db",
                    )
                    for n, url in enumerate(urls)
                ]
                try:
                    for server in servers:
                        server.wait_ready(60)
                    lines.append(run(name, servers, fake, args.rate, args.seconds))
                    print(lines[-1], flush=True)
                finally:
                    for server in servers:
                        server.close()
        finally:
            postgres.stop()
    table = "\n".join(lines)
    print("\n" + table)
    if args.save:
        args.save.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
