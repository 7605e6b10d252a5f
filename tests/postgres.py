"""A real PostgreSQL server for tests and benchmarks, started in a temporary folder and stopped after.

`PostgresServer.start()` runs Debian's `initdb` and `pg_ctl` (PostgreSQL 13 or newer) on a
free loopback port, as the `postgres` system user when we are root (initdb refuses to run
as root), with fsync off: the data lives only as long as the test session. Each test
gets its own database (`create_database`). When no server can be started, `unavailable()`
says why; the tests skip with that reason, unless PLANBOT_REQUIRE_POSTGRES is set (CI),
where they fail instead.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

from tests.slack.fake_slack import free_port

REQUIRE = "PLANBOT_REQUIRE_POSTGRES"


def binaries() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, or Debian's /usr/lib/postgresql/<version>/bin."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(versions[-1]).parent if versions else None


class PostgresServer:
    """One PostgreSQL server on 127.0.0.1:`port`, trusting local connections, in a temporary folder."""

    def __init__(self) -> None:
        self.bin = binaries()
        self.port = free_port()
        self.folder: Path | None = None
        self.user = "planbot"

    @property
    def _run_as(self) -> list[str]:
        return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def start(self) -> None:
        if self.bin is None:
            raise RuntimeError(
                "PostgreSQL is not installed (no initdb on PATH or in /usr/lib/postgresql/*/bin); "
                "apt-get install -y postgresql"
            )
        self.folder = Path(tempfile.mkdtemp(prefix="planbot-pg-"))
        if os.geteuid() == 0:
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no postgres user to run initdb as") from None
            os.chmod(self.folder, 0o755)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data = self.folder / "data"
        self._run(
            [str(self.bin / "initdb"), "-D", str(data), "-U", self.user, "--auth=trust", "-E", "UTF8",
             "--locale=C.UTF-8", "--no-sync"],
        )  # fmt: skip
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            [str(self.bin / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(self.folder / "log"),
             "-w", "-t", "30", "start"],
        )  # fmt: skip

    def _run(self, command: list[str]) -> None:
        done = subprocess.run(
            [*self._run_as, *command], capture_output=True, text=True, timeout=60, cwd=self.folder
        )
        if done.returncode != 0:
            raise RuntimeError(
                f"{Path(command[0]).name} failed: {(done.stderr or done.stdout).strip()[-500:]}"
            )

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def create_database(self, prefix: str = "planbot") -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"{prefix}_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self.folder is None or self.bin is None:
            return
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run([str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop"])
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None


def required() -> bool:
    return bool(os.environ.get(REQUIRE))
