"""The in-process scheduler of `planbot serve`: a background thread that runs due digests.

Each tick opens its own runtime-database connection and calls `run_due`; the sent log
makes it safe to run this in several processes (or next to a `planbot digest run-due`
cron job): each scheduled digest is claimed by exactly one of them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from planbot.background import Worker
from planbot.errors import PlanbotError

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from planbot.answer.engine import Engine
    from planbot.digest.runner import RunReport
    from planbot.settings import Settings

log = logging.getLogger(__name__)


class Scheduler:
    """Runs due digests every `digest_poll_seconds` until stopped.

    `engine` is called on every tick, so a knowledge base rebuilt while serving is used
    by the next digest; `client` defaults to a WebClient from the settings.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        engine: Callable[[], Engine] | None = None,
        client: WebClient | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        if settings is None:
            from planbot.settings import get_settings

            settings = get_settings()
        self.settings = settings
        self._engine = engine
        self._client = client
        self._clock = clock
        self._worker = Worker("planbot-digests", self._loop)

    def start(self) -> None:
        """Start the background thread (a daemon: it never keeps the process alive)."""
        self._worker.start()
        log.info("digest scheduler started (every %s s)", self.settings.digest_poll_seconds)

    def stop(self, timeout: float = 30.0) -> None:
        """Ask the thread to stop and wait for a post in flight to finish."""
        self._worker.stop(timeout)

    def health(self) -> dict[str, Any]:
        return self._worker.health()

    def run_once(self) -> RunReport:
        """One tick: post what is due now."""
        from planbot.digest.config import get_config
        from planbot.digest.delivery import web_client
        from planbot.digest.runner import policy_from_settings, run_due
        from planbot.digest.store import DigestStore
        from planbot.slack.policy import ChannelPolicy
        from planbot.state import connect

        if self._client is None:
            self._client = web_client(self.settings)
        if self._engine is None:
            from planbot.service import get_engine

            self._engine = get_engine
        conn = connect(self.settings.state_path)
        try:
            return run_due(
                self._clock(),
                store=DigestStore(conn),
                config=get_config(self.settings.digest_config),
                engine=self._engine(),
                client=self._client,
                policy=policy_from_settings(self.settings),
                channels=ChannelPolicy.from_settings(self.settings),
            )
        finally:
            conn.close()

    def _loop(self, stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                self.run_once()
            except PlanbotError as error:
                log.error("digests not run: %s", error)
            except Exception:  # the scheduler must outlive one bad tick; the next one retries
                log.exception("digest scheduler tick failed")
            stop.wait(self.settings.digest_poll_seconds)
