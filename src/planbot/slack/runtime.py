"""What every listener needs: the engine, the policy, the logs, the outbox, and one `reply` for all."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from planbot import metrics
from planbot.answer.engine import Engine
from planbot.answer.model import Answer, Fact
from planbot.knowledge.store import KnowledgeBase
from planbot.logs import REQUEST_ID
from planbot.render.slack import citation_key, render_blocks, render_source
from planbot.settings import Settings
from planbot.slack import texts
from planbot.slack.duplicates import SeenEvents
from planbot.slack.policy import ChannelPolicy
from planbot.state import StateDB
from planbot.state.query_log import QueryLog

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from planbot.digest.scheduler import Scheduler
    from planbot.slack.outbox import NewJob, Outbox
    from planbot.state.watch import StateWatch


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    policy: ChannelPolicy
    state: StateDB
    query_log: QueryLog
    seen_events: SeenEvents
    client: WebClient  # Web API reads and views (users.info, views.open …); posts go through the outbox
    outbox: Outbox | None = None
    state_watch: StateWatch | None = None
    scheduler: Scheduler | None = None
    _cited: dict[str, dict[str, Fact]] = field(default_factory=dict)  # measure → citation key → fact

    @property
    def kb(self) -> KnowledgeBase:
        return self.engine.kb

    def start(self) -> None:
        """Start the background work: the query log, the outbox (with the jobs an earlier
        process left) and the watch on the runtime database."""
        from planbot.state.watch import StateWatch

        self.query_log.start()
        if self.outbox is not None:
            self.outbox.start()
        self.state_watch = StateWatch(self.state, on_replaced=self.reopen_state)
        self.state_watch.start()

    def reopen_state(self) -> None:
        """The runtime database's file was replaced by a new one: store again what is still owed."""
        if self.outbox is not None:
            self.outbox.reopen()

    def health(self) -> dict[str, Any]:
        """The background workers and the runtime database, for /healthz."""
        workers: dict[str, Any] = {"query_log": self.query_log.health()}
        if self.outbox is not None:
            workers["outbox"] = self.outbox.health()
        if self.scheduler is not None:
            workers["digest_scheduler"] = self.scheduler.health()
        state = self.state_watch.health() if self.state_watch else {"status": "ok"}
        ok = state["status"] == "ok" and all(w["alive"] for w in workers.values())
        return {
            "status": "ok" if ok else "error",
            "facts": len(self.kb.facts),
            "workers": workers,
            "state": state,
        }

    def submit(self, job: NewJob) -> bool:
        """Store work for Slack before it is acknowledged; False when it was stored already.

        The job carries the request id, so that its delivery logs under the same id."""
        assert self.outbox is not None, "the runtime has no outbox"
        request_id = REQUEST_ID.get()
        payload = {**job.payload, "request_id": request_id} if request_id else job.payload
        return self.outbox.submit(job.key, job.kind, job.lane, payload)

    def answer(self, query: str, *, surface: str, user_id: str | None, channel_id: str | None) -> Answer:
        """Answer `query`; log who asked what, with which facts; count it; one log event per answer.

        The log event has the request id, the surface, intent, status, how many facts and how
        long it took, and the channel: never the question itself (the query log keeps that,
        for PLANBOT_QUERY_LOG_DAYS), a token or a response URL.

        The answer's plain text (`answer.text`) is left empty: Slack shows the blocks
        (render_blocks), and rendering text nobody reads cost a tenth of a slash command.
        """
        started = time.perf_counter()
        answer = self.engine.answer(query)
        elapsed = time.perf_counter() - started
        self.query_log.record(surface, answer, user_id, channel_id, elapsed * 1000)
        metrics.ANSWERS.labels(surface, answer.intent, answer.status).inc()
        metrics.ANSWER_SECONDS.observe(elapsed)
        if log.isEnabledFor(logging.INFO):
            fields = {
                "event": "answer", "surface": surface, "intent": answer.intent, "status": answer.status,
                "facts": len(answer.facts), "duration_ms": round(elapsed * 1000, 3), "channel": channel_id,
            }  # fmt: skip
            log.info("answer %(surface)s %(intent)s %(status)s (%(facts)d facts)", fields, extra=fields)
        return answer

    def reply(
        self,
        query: str,
        *,
        surface: str,
        user_id: str | None,
        channel_id: str | None,
        ephemeral: bool = True,
        shared_by: str | None = None,
    ) -> dict[str, Any]:
        """The Slack message answering `query` in `channel_id`: {"text", "blocks"}.

        Outside the channel allowlist, or about a measure restricted in the channel, the
        message says so (in Swedish) instead of answering.
        """
        return self.answer_or_refusal(
            query,
            surface=surface,
            user_id=user_id,
            channel_id=channel_id,
            ephemeral=ephemeral,
            shared_by=shared_by,
        )[0]

    def answer_or_refusal(
        self,
        query: str,
        *,
        surface: str,
        user_id: str | None,
        channel_id: str | None,
        ephemeral: bool = True,
        shared_by: str | None = None,
    ) -> tuple[dict[str, Any], bool]:
        """`reply`, and whether it answers (False: the channel policy refused)."""
        if not self.policy.channel_allowed(channel_id):
            return texts.message(texts.CHANNEL_NOT_ALLOWED), False
        answer = self.answer(query, surface=surface, user_id=user_id, channel_id=channel_id)
        if self.policy.withheld(answer, channel_id):
            # Suggest a DM only where a DM would answer ("*" restricts DMs too).
            text = texts.MEASURE_RESTRICTED if self.policy.shown_in_a_dm(answer) else texts.MEASURE_NOT_SHOWN
            return texts.message(text), False
        return render_blocks(answer, ephemeral=ephemeral, shared_by=shared_by), True

    def answer_message(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The message answering a mention or a DM (an `answer` job's payload)."""
        if not self.policy.channel_allowed(payload["channel"]):
            return texts.message(texts.CHANNEL_NOT_ALLOWED)
        if not payload.get("question"):
            return texts.message(texts.EMPTY_MENTION)
        return self.reply(
            payload["question"], surface=payload["surface"], user_id=payload.get("user"),
            channel_id=payload["channel"], ephemeral=False,
        )  # fmt: skip

    def digest_command(self, text: str, *, user_id: str, channel_id: str) -> dict[str, Any]:
        """The reply to `/planbot digest <text>`; Slack's admins and owners may subscribe."""
        from planbot.digest.commands import handle_digest_command
        from planbot.digest.store import DigestStore

        return handle_digest_command(
            text, user_id, channel_id, self.is_admin(user_id, self.client), self.client,
            store=DigestStore(self.state), engine=self.engine, settings=self.settings, channels=self.policy,
        )  # fmt: skip

    @staticmethod
    def is_admin(user_id: str, client: WebClient) -> bool:
        """Whether Slack calls the user an admin or owner of the workspace."""
        try:
            user = client.users_info(user=user_id).get("user") or {}
        except SlackApiError:
            return False
        return any(user.get(flag) for flag in ("is_admin", "is_owner", "is_primary_owner"))

    def close(self, grace_s: float = 0.0) -> None:
        """Finish what can be delivered within `grace_s`, write the query log, release the database."""
        if self.state_watch is not None:
            self.state_watch.stop()
        if self.outbox is not None:
            self.outbox.close(grace_s)
        self.query_log.close()
        self.state.close()

    def cited_facts(self, keys: list[str]) -> tuple[list[Fact], int]:
        """The facts named by citation keys (planbot.render.slack.citation_key), and how many
        of the keys name nothing in this knowledge base (a fact removed by a release)."""
        found: list[Fact] = []
        for key in keys:
            measure = key.partition(":")[0]
            if measure not in self._cited:
                facts = self.kb.by_measure.get(measure, [])
                self._cited[measure] = {citation_key(f): f for f in facts if f.source}
            if key in self._cited[measure]:
                found.append(self._cited[measure][key])
        return found, len(keys) - len(found)

    def source_view(
        self, keys: list[str], query: str, channel_id: str | None, more: int = 0
    ) -> dict[str, Any]:
        """The "Visa källa" modal: each cited quote with its surrounding lines (as the policy allows)."""
        if not self.policy.channel_allowed(channel_id):
            return texts.view(texts.CHANNEL_NOT_ALLOWED)
        cited, missing = self.cited_facts(keys)
        if not cited:
            return texts.view(texts.SOURCE_GONE)
        facts = self.policy.visible(cited, channel_id)
        if not facts:
            return texts.view(texts.MEASURE_RESTRICTED)
        items = [(f, self.kb.source_context(f.source, around=3)) for f in facts if f.source]
        notes = []
        if missing:
            notes.append(texts.SOURCES_GONE_ONE if missing == 1 else texts.SOURCES_GONE.format(n=missing))
        return render_source(items, query, more=more, notes=notes)
