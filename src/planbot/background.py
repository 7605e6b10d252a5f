"""Background threads that come back when they fail, and say how they are on /healthz.

A `Worker` runs its loop in a daemon thread; if the loop raises, the error is logged and
counted and the loop starts again after a pause, so one bad item (a lone surrogate in a
query, a locked database) never stops the work for the life of the process.
`owner_id` and `owner_is_dead` name a process in the runtime database and tell whether it
still runs, so that work one process claimed can be taken over when it died.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)


class Worker:
    """A daemon thread running `loop(stop)` until `stop` is set; restarted when the loop raises."""

    def __init__(
        self, name: str, loop: Callable[[threading.Event], None], restart_after: float = 1.0
    ) -> None:
        self.name = name
        self._loop = loop
        self._restart_after = restart_after
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.restarts = 0
        self.last_error: str | None = None

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=self.name, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._loop(self._stop)
                return
            except Exception as error:
                self.restarts += 1
                self.last_error = f"{type(error).__name__}: {error}"[:200]
                log.exception(
                    "background worker %s failed; restarting it (restart %d)", self.name, self.restarts
                )
                self._stop.wait(self._restart_after)

    def stop(self, timeout: float = 10.0) -> None:
        """Ask the loop to stop and wait up to `timeout` for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def health(self) -> dict[str, Any]:
        return {"alive": self.alive, "restarts": self.restarts, "last_error": self.last_error}


def owner_id() -> str:
    """This process in the runtime database: host, pid and a part unique to this start."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def owner_is_dead(
    owner: str, me: str, heartbeat_at: float | None, lease_seconds: float, started_at: float
) -> bool:
    """Whether the process `owner` has stopped: no heartbeat within the lease, or, on this
    host, its pid is gone, or it is ours and fell silent before we started (an earlier start,
    as after a restart in a container, where the pid is always the same)."""
    if owner == me:
        return False
    if heartbeat_at is None or time.time() - heartbeat_at > lease_seconds:
        return True
    host, _, rest = owner.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return heartbeat_at < started_at
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False
