"""The Bolt floor: a plain Bolt App whose every slash command is a trivial `ack()`, for bench/slack_http.py.

Served the way planbot serves (uvicorn, the same TCP_NODELAY protocol, no access log,
Bolt's request built from the body and headers), so that the difference to planbot is
planbot's own work: its signature check, shape check, answer, rendering, query log.

  floor    process_before_response=True: the ack runs in the request (the fastest Bolt can be)
  default  Bolt's default listener runner: the listener on Bolt's thread pool, the request
           thread polling for ack() every 10 ms (dispatched off the event loop, as planbot does)
  answer   as `floor`, but the ack carries planbot's answer (its engine and Block Kit
           rendering on the knowledge base at PLANBOT_KB_PATH): not a floor, the price of
           answering in the acknowledgement, so that planbot's own overhead can be told apart

Run: python bench/bolt_floor.py --port 3100 --workers 1 --runner floor
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from slack_bolt import Ack, App, BoltRequest  # noqa: E402
from slack_sdk import WebClient  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.concurrency import run_in_threadpool  # noqa: E402
from starlette.requests import Request  # noqa: E402
from starlette.responses import Response  # noqa: E402
from starlette.routing import Route  # noqa: E402

RUNNER_ENV = "BOLT_FLOOR_RUNNER"


def floor_app() -> Starlette:
    """uvicorn's factory: the plain Bolt App behind /slack/events (runner from BOLT_FLOOR_RUNNER)."""
    runner = os.environ.get(RUNNER_ENV, "floor")
    inline = runner in ("floor", "answer")
    # auth.test goes to the bench's fake Slack once, on the first request; Bolt caches it.
    client = WebClient(token="xoxb-floor", base_url=os.environ["SLACK_API_URL"])
    app = App(
        client=client,
        signing_secret=os.environ["SLACK_SIGNING_SECRET"],
        token_verification_enabled=False,
        process_before_response=inline,
    )

    if runner == "answer":
        # planbot's modules only here: the floor itself stays a bare Bolt process.
        from planbot.answer.engine import Engine
        from planbot.knowledge.store import KnowledgeBase
        from planbot.render.slack import render_blocks
        from planbot.service import settle

        engine = Engine(KnowledgeBase(Path(os.environ["PLANBOT_KB_PATH"])))
        settle()  # as planbot serve does once its engine is up

        @app.command(re.compile(".*"))
        def answering(ack: Ack, command: dict[str, str]) -> None:
            answer = engine.answer(f"{command['command']} {command.get('text', '')}".strip())
            ack(response_type="ephemeral", **render_blocks(answer, ephemeral=True))
    else:

        @app.command(re.compile(".*"))
        def trivial(ack: Ack) -> None:
            ack()

    async def events(request: Request) -> Response:
        body = (await request.body()).decode()
        bolt_request = BoltRequest(body=body, query=request.url.query, headers=dict(request.headers.items()))
        if inline:
            response = app.dispatch(bolt_request)
        else:
            response = await run_in_threadpool(app.dispatch, bolt_request)
        return Response(response.body, response.status, headers=response.first_headers_without_set_cookie())

    async def healthz(request: Request) -> Response:
        return Response('{"status": "ok"}', media_type="application/json")

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"]), Route("/healthz", healthz)])


def main() -> None:
    import uvicorn

    from planbot.slack.tcp import HTTP_PROTOCOL

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--runner", choices=["floor", "default", "answer"], default="floor")
    args = parser.parse_args()
    os.environ[RUNNER_ENV] = args.runner
    uvicorn.run(
        "bench.bolt_floor:floor_app", factory=True, host="127.0.0.1", port=args.port, workers=args.workers,
        http=HTTP_PROTOCOL, access_log=False, log_level="warning", server_header=False,
    )  # fmt: skip


if __name__ == "__main__":
    main()
