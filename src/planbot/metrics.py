"""What `/metrics` shows, in Prometheus' text format (prometheus-client).

- `planbot_requests_total{surface, status}`, `planbot_request_seconds{surface}`: Slack
  requests (surface: command, event, interaction, other; refused for a bad signature),
  from the body received to the response sent;
- `planbot_answers_total{surface, intent, status}`, `planbot_answer_seconds`: answers on
  every surface (slack-command, slack-mention, slack-dm, slack-share, …);
- `planbot_slack_api_calls_total{method}`, `planbot_slack_api_errors_total{method, error}`:
  Web API calls and response_url posts (method `response_url`), and how they failed;
- `planbot_digest_posts_total{digest, outcome}`: digest runs (sent, failed, rejected,
  skipped, review, busy = another process had it);
- `planbot_worker_up{worker}`, `planbot_worker_restarts_total{worker}`: background workers;
  `planbot_outbox_pending`, `planbot_query_log_dropped_total`, `planbot_state_database_up`.

With several uvicorn workers every worker is a process of its own: `planbot serve` then
gives them a shared PROMETHEUS_MULTIPROC_DIR before they start, and /metrics, answered by
whichever worker, adds up all of them (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
LATENCY = (0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0)

REQUESTS = Counter("planbot_requests", "Slack requests, by surface and HTTP status.", ["surface", "status"])
REQUEST_SECONDS = Histogram(
    "planbot_request_seconds", "Slack requests: body received to response.", ["surface"], buckets=LATENCY
)
ANSWERS = Counter(
    "planbot_answers", "Answers, by surface, intent and status.", ["surface", "intent", "status"]
)
ANSWER_SECONDS = Histogram("planbot_answer_seconds", "The answer pipeline (parse → render).", buckets=LATENCY)
SLACK_CALLS = Counter("planbot_slack_api_calls", "Slack Web API calls and response_url posts.", ["method"])
SLACK_ERRORS = Counter(
    "planbot_slack_api_errors", "Slack Web API calls that failed, by method and error.", ["method", "error"]
)
DIGEST_POSTS = Counter("planbot_digest_posts", "Digest runs, by digest and outcome.", ["digest", "outcome"])
WORKER_UP = Gauge(
    "planbot_worker_up", "1 while a background worker runs.", ["worker"], multiprocess_mode="liveall"
)
WORKER_RESTARTS = Counter(
    "planbot_worker_restarts", "Background workers restarted after their loop failed.", ["worker"]
)
OUTBOX_PENDING = Gauge(
    "planbot_outbox_pending", "Answers acknowledged and not yet delivered.", multiprocess_mode="livesum"
)
QUERY_LOG_DROPPED = Counter("planbot_query_log_dropped", "Query-log entries that could not be written.")
STATE_UP = Gauge(
    "planbot_state_database_up", "1 while the runtime database answers.", multiprocess_mode="livemin"
)


def exposition() -> tuple[bytes, str]:
    """The body and content type of /metrics: this process, or every worker in multiprocess mode."""
    folder = os.environ.get(MULTIPROC_ENV)
    if folder:
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=folder)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def forget_dead_processes() -> None:
    """In multiprocess mode, drop the live gauges of worker processes that are gone (a restarted worker)."""
    folder = os.environ.get(MULTIPROC_ENV)
    if not folder:
        return
    pids: set[int] = set()
    for file in Path(folder).glob("*.db"):
        tail = file.stem.rpartition("_")[2]
        if tail.isdigit():
            pids.add(int(tail))
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            multiprocess.mark_process_dead(pid, folder)
        except PermissionError:
            continue


def prepare_multiprocess(folder: Path) -> None:
    """Before the worker processes start: an empty folder for their metrics, named in the environment."""
    folder.mkdir(parents=True, exist_ok=True)
    for file in folder.glob("*.db"):
        with contextlib.suppress(OSError):
            file.unlink()
    os.environ[MULTIPROC_ENV] = str(folder)
