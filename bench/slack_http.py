"""Benchmark: signed slash commands over loopback HTTP, planbot side by side with plain Bolt.

Every target runs at once, each in its own processes, and the measurements alternate
between them round after round (each round starting with the next target), so that a
noisy neighbour on the shared machine hits them all alike. Each table cell is the median
over the rounds; each ratio is taken within a round (planbot against the floor of the
same worker count, measured seconds apart) and its median reported. Targets:

  floor 1w, floor 2w  the Bolt floor: a plain Bolt App, every command a trivial ack()
                      (bench/bolt_floor.py), served as planbot serves, 1 and 2 uvicorn workers
  bolt default 1w     the same App on Bolt's default listener runner
  bolt answering 1w   the same App whose ack carries planbot's answer (engine and Block Kit),
                      not a floor: what answering in the ack costs, so that planbot against
                      it shows planbot's own overhead (signature, shape, logs, metrics …)
  planbot 1w, 2w      `planbot serve` (query log on, SQLite runtime database, log level WARNING),
                      keeping answers by their question's text as it does by default: the
                      commands repeat, so after the warm-up every answer is a kept one
  planbot 1w unseen   the same with PLANBOT_ANSWERS_REMEMBERED=0: every command worked out
                      afresh, as a question never asked before is

Loads, per target and round:

  conc 1    wrk, one connection: latency of one command after another
  conc 16   wrk, 16 connections: throughput, and p99 when saturated
  300/s     an open-loop generator (asyncio) sending at a fixed rate, as Slack does;
            latency counted from the scheduled send time, so a stall is not hidden

The server's CPU per command (user + system of the server processes, from /proc) is the
figure least moved by the noise. wrk is C (epoll) and the open-loop generator sends 300/s;
their own CPU is shown ("gen CPU"), so one can see that the load generator is not the
bottleneck. Targets (DESIGN.md): planbot within 2× of the floor at 1 and 2 workers; 300
commands/s on 2 cores with p99 ≤ 100 ms; the 3-second acknowledgement always met.

Run: .venv/bin/python bench/slack_http.py [--rounds 5] [--seconds 2] [--save bench/results/slack_http.txt]
Needs wrk (Debian: apt-get install wrk).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
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
TICKS = os.sysconf("SC_CLK_TCK")
WRK_SCRIPT = """
local reqs = %s
local i = 0
request = function()
  i = i + 1
  return reqs[(i %% #reqs) + 1]
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %%d, "seconds": %%f, "non2xx": %%d, "errors": %%d, ' ..
    '"p50": %%d, "p99": %%d, "max": %%d}\\n', summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99), latency.max))
end
"""


@dataclass
class Target:
    name: str
    workers: int
    floor: str  # the floor this target is compared with
    port: int
    process: subprocess.Popen[bytes] | None = None
    server: PlanbotServer | None = None
    rows: list[dict[str, float]] = field(default_factory=list)

    @property
    def pid(self) -> int:
        process = self.server.process if self.server else self.process
        assert process is not None
        return process.pid

    def close(self) -> None:
        if self.server:
            self.server.close()
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)


def raw_requests(port: int, fake: FakeSlack) -> list[str]:
    """Signed HTTP requests, freshly signed (Slack's signatures are valid for five minutes)."""
    out = []
    for i, (name, text) in enumerate(COMMANDS * 3):
        body = payloads.slash_command(name, text, channel="C0BENCH", response_url=fake.response_url(f"b{i}"))
        headers = {**sign(body), "Content-Type": "application/x-www-form-urlencoded"}
        head = f"POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        head += f"Content-Length: {len(body.encode())}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
        out.append(head + body)
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its live children (uvicorn's workers)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / TICKS
    return total


def wrk(port: int, requests: list[str], connections: int, seconds: float, folder: Path) -> dict[str, float]:
    script = folder / f"wrk-{port}.lua"
    script.write_text(WRK_SCRIPT % ("{" + ", ".join(json.dumps(r) for r in requests) + "}"))
    command = ["wrk", "-t1", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--timeout", "5s",
               "-s", str(script), f"http://127.0.0.1:{port}/slack/events"]  # fmt: skip
    before = children_cpu()
    done = subprocess.run(command, capture_output=True, timeout=seconds + 30, check=True)
    data = json.loads(done.stdout.decode().strip().splitlines()[-1])
    gen = children_cpu() - before
    return {
        "rps": data["requests"] / data["seconds"], "p50": data["p50"] / 1000, "p99": data["p99"] / 1000,
        "max": data["max"] / 1000, "errors": data["non2xx"] + data["errors"], "n": data["requests"],
        "gen_cpu": gen / data["seconds"],
    }  # fmt: skip


def children_cpu() -> float:
    """CPU seconds of this process's finished children (each wrk run, once it has ended)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def open_loop(port: int, requests: list[str], rate: int, seconds: float) -> dict[str, float]:
    """Requests sent at a fixed rate over a pool of keep-alive connections; latency from the schedule."""
    raw = [r.encode() for r in requests]
    pool: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    latencies: list[float] = []
    errors = 0

    async def one(i: int, scheduled: float) -> None:
        nonlocal errors
        try:
            reader, writer = pool.get_nowait()
        except asyncio.QueueEmpty:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.get_extra_info("socket").setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        writer.write(raw[i % len(raw)])
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        await reader.readexactly(length)
        latencies.append(time.perf_counter() - scheduled)
        if int(head.split(b" ", 2)[1]) != 200:
            errors += 1
        pool.put_nowait((reader, writer))

    cpu_before = time.process_time()
    started = time.perf_counter()
    tasks = []
    for i in range(int(rate * seconds)):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(asyncio.wait_for(one(i, scheduled), 30)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    while not pool.empty():
        pool.get_nowait()[1].close()
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed, "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, "max": ordered[-1] * 1000,
        "over3s": sum(1 for x in ordered if x > 3.0), "errors": errors,
        "gen_cpu": (time.process_time() - cpu_before) / elapsed,
    }  # fmt: skip


def start_targets(kb: Path, tmp: Path, fake: FakeSlack, names: list[str]) -> list[Target]:
    specs = {
        "floor 1w": (1, "floor 1w"), "floor 2w": (2, "floor 2w"), "bolt default 1w": (1, "floor 1w"),
        "bolt answering 1w": (1, "floor 1w"), "planbot 1w": (1, "floor 1w"), "planbot 2w": (2, "floor 2w"),
        "planbot 1w unseen": (1, "floor 1w"),
    }  # fmt: skip
    targets = []
    for name in names:
        workers, floor = specs[name]
        target = Target(name, workers, floor, free_port())
        if name.startswith("planbot"):
            env = {
                "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": fake.api_url, "PLANBOT_KB_PATH": str(kb), "PLANBOT_AUTO_BUILD": "0",
                "PLANBOT_LOG_LEVEL": "WARNING", "PLANBOT_WORKERS": str(workers),
                "PLANBOT_DIGEST_SCHEDULER": "0",
            }  # fmt: skip
            if name.endswith("unseen"):
                env["PLANBOT_ANSWERS_REMEMBERED"] = "0"  # else planbot's default
            target.server = PlanbotServer(env, target.port, tmp / f"state-{target.port}.db")
        else:
            runner = "default" if "default" in name else "answer" if "answering" in name else "floor"
            env = {**os.environ, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url,
                   "PLANBOT_KB_PATH": str(kb)}  # fmt: skip
            target.process = subprocess.Popen(
                [sys.executable, str(ROOT / "bench" / "bolt_floor.py"), "--port", str(target.port),
                 "--workers", str(workers), "--runner", runner],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
        targets.append(target)
    for target in targets:
        wait_ready(target)
    return targets


def wait_ready(target: Target, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{target.port}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"{target.name} did not start within {timeout} s")


def measure(target: Target, fake: FakeSlack, seconds: float, rate: int, folder: Path) -> dict[str, float]:
    requests = raw_requests(target.port, fake)
    wrk(target.port, requests, 4, 1, folder)  # warm up: connections, caches, the query-log writer
    one = wrk(target.port, requests, 1, seconds, folder)
    cpu = cpu_seconds(target.pid)
    many = wrk(target.port, requests, 16, seconds, folder)
    cpu_per_cmd = (cpu_seconds(target.pid) - cpu) / max(1, many["n"])
    fixed = asyncio.run(open_loop(target.port, requests, rate, seconds))
    return {
        "c1_p50": one["p50"], "c1_rps": one["rps"], "c16_rps": many["rps"], "c16_p99": many["p99"],
        "cpu_us": cpu_per_cmd * 1e6, "r_p50": fixed["p50"], "r_p99": fixed["p99"], "r_max": fixed["max"],
        "r_rps": fixed["rps"], "over3s": fixed["over3s"],
        "errors": one["errors"] + many["errors"] + fixed["errors"],
        "gen_wrk": max(one["gen_cpu"], many["gen_cpu"]), "gen_loop": fixed["gen_cpu"],
    }  # fmt: skip


def med(rows: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def report(targets: list[Target], rounds: int, seconds: float, rate: int) -> str:
    by_name = {t.name: t for t in targets}
    lines = [
        f"cores: {os.cpu_count()}; {rounds} rounds, targets alternating; {seconds:g} s per load; "
        "signed slash commands over loopback HTTP; medians over the rounds",
        "",
        f"{'target':<18} {'conc 1':>8} {'conc 1':>7} {'conc 16':>8} {'conc 16':>8} {'CPU':>7} "
        f"{f'{rate}/s':>7} {f'{rate}/s':>7} {f'{rate}/s':>7} {'>3 s':>5} {'errors':>6} {'gen CPU':>12}",
        f"{'':<18} {'p50 ms':>8} {'cmd/s':>7} {'cmd/s':>8} {'p99 ms':>8} {'µs/cmd':>7} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'max ms':>7} {'':>5} {'':>6} {'wrk / loop':>12}",
    ]
    for t in targets:
        r = t.rows
        lines.append(
            f"{t.name:<18} {med(r, 'c1_p50'):>8.2f} {med(r, 'c1_rps'):>7.0f} {med(r, 'c16_rps'):>8.0f} "
            f"{med(r, 'c16_p99'):>8.2f} {med(r, 'cpu_us'):>7.0f} {med(r, 'r_p50'):>7.2f} "
            f"{med(r, 'r_p99'):>7.2f} {max(x['r_max'] for x in r):>7.1f} {sum(x['over3s'] for x in r):>5.0f} "
            f"{sum(x['errors'] for x in r):>6.0f} {med(r, 'gen_wrk'):>5.0%} / {med(r, 'gen_loop'):>4.0%}"
        )
    lines += [
        "",
        "ratios to the floor of the same worker count (median of the per-round ratios; ≤ 2.0 wanted)",
        f"{'target':<18} {'floor':<9} {'p50 conc 1':>11} {'CPU/cmd':>8} {'cmd/s conc 16':>14} {'ok':>4}",
    ]
    for t in targets:
        floor = by_name.get(t.floor)
        if floor is None or floor is t:
            continue
        pairs = list(zip(t.rows, floor.rows, strict=True))
        latency = statistics.median(a["c1_p50"] / b["c1_p50"] for a, b in pairs)
        cpu = statistics.median(a["cpu_us"] / b["cpu_us"] for a, b in pairs)
        throughput = statistics.median(b["c16_rps"] / a["c16_rps"] for a, b in pairs)
        ok = "yes" if max(latency, cpu, throughput) <= 2.0 else "no"
        lines.append(f"{t.name:<18} {t.floor:<9} {latency:>10.2f}× {cpu:>7.2f}× {throughput:>13.2f}× {ok:>4}")
    lines.append("(cmd/s conc 16: the floor's throughput over the target's, so above 1 means slower)")
    answering = by_name.get("bolt answering 1w")
    if answering is not None:
        lines += ["", "planbot against the plain Bolt app acking the same answers (what is planbot's own)"]
        floor_cpu = med(by_name[answering.floor].rows, "cpu_us") if answering.floor in by_name else 0.0
        for t in targets:
            if not t.name.startswith("planbot") or t.workers != answering.workers or "unseen" in t.name:
                continue
            pairs = list(zip(t.rows, answering.rows, strict=True))
            latency = statistics.median(a["c1_p50"] / b["c1_p50"] for a, b in pairs)
            cpu = statistics.median(a["cpu_us"] / b["cpu_us"] for a, b in pairs)
            own = statistics.median(a["cpu_us"] - b["cpu_us"] for a, b in pairs)
            lines.append(
                f"{t.name}: p50 conc 1 {latency:.2f}×, CPU/cmd {cpu:.2f}×: {own:+.0f} µs per command beyond "
                f"answering, which costs {med(answering.rows, 'cpu_us') - floor_cpu:.0f} µs above the floor"
            )
    for t in targets:
        if t.name.startswith("planbot"):
            p99 = max(x["r_p99"] for x in t.rows)
            ok = "yes" if p99 <= 100 and sum(x["over3s"] for x in t.rows) == 0 else "no"
            lines.append(
                f"{t.name}: {rate} commands/s, worst p99 of {rounds} rounds {p99:.1f} ms (≤ 100 ms) {ok}"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=2.0, help="measured seconds per load")
    parser.add_argument("--rate", type=int, default=300, help="open-loop arrival rate (commands/s)")
    parser.add_argument(
        "--targets",
        default="floor 1w,floor 2w,bolt default 1w,bolt answering 1w,planbot 1w,planbot 2w,planbot 1w unseen",
        help="comma-separated",
    )
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--save", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("bench/slack_http.py needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmpdir, FakeSlack() as fake:
        tmp = Path(tmpdir)
        kb = tmp / "knowledge.db"
        build(args.knowledge, kb)
        targets = start_targets(kb, tmp, fake, [n.strip() for n in args.targets.split(",")])
        try:
            for n in range(args.rounds):
                order = targets[n % len(targets) :] + targets[: n % len(targets)]
                for target in order:
                    target.rows.append(measure(target, fake, args.seconds, args.rate, tmp))
                    row = target.rows[-1]
                    print(
                        f"round {n + 1}: {target.name:<16} conc 1 p50 {row['c1_p50']:.2f} ms, conc 16 "
                        f"{row['c16_rps']:.0f}/s, {row['cpu_us']:.0f} µs CPU/cmd, {args.rate}/s p99 "
                        f"{row['r_p99']:.1f} ms",
                        flush=True,
                    )
        finally:
            for target in targets:
                target.close()
    table = report(targets, args.rounds, args.seconds, args.rate)
    print("\n" + table)
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
