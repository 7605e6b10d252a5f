"""Post the digests that are due, exactly once per (digest, channel, scheduled time).

The protocol, per subscription and scheduled time t:

1. Claim: INSERT a sent-log row (digest, channel, t) in state 'posting'. The UNIQUE key
   means only one process, thread or restart ever gets the row; the others skip.
2. Post with chat.postMessage, carrying metadata and a block id that name the run.
3. Record: state 'sent' with the message ts, and the fingerprints shown (same transaction).

A crash between 2 and 3 leaves 'posting'. Such a row is not re-posted while its claim is
fresh (`digest_stale_claim_minutes`): its owner may still be running. Once stale, one
process takes it over (compare-and-set) and reads the channel's history for the run's
metadata or block id: found → recorded as sent, no second post; read and not found → the
post never happened and it is posted now; history unreadable → state 'review', logged
for a person, never posted blindly.

The owner of a claim retries (429s after Retry-After, an unknown outcome after a look at
the history) only until half the stale window has passed, so its claim never looks stale
while it still works on it.

Only the newest scheduled time within the grace period is posted; older missed ones are
logged 'skipped' (superseded, or beyond the grace period). Retryable failures (429 after
the client's own retries, outages) are retried on later runs within the grace period up
to `digest_max_attempts`; channel errors are recorded 'rejected' and not retried. One
channel's failure never stops the others.

The channel policy (planbot.slack.policy) holds for every post: a channel outside the
allowlist is recorded 'rejected' without a post, and facts of measures restricted in
the channel are left out of what is posted there.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from slack_sdk.errors import SlackApiError

from planbot.digest.compose import compose
from planbot.digest.config import Digest, DigestConfig
from planbot.digest.delivery import Delivery, deliver, find_posted
from planbot.digest.render import metadata, render_blocks
from planbot.digest.schedule import iso, occurrences, parse_iso
from planbot.digest.store import DigestStore, SentRow, Subscription

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from planbot.answer.engine import Engine
    from planbot.settings import Settings
    from planbot.slack.policy import ChannelPolicy

log = logging.getLogger(__name__)
LOOKBACK_CAP = timedelta(days=62)
NOT_ALLOWED = "kanalen är inte bland dem planbot får skriva i (PLANBOT_SLACK_ALLOWED_CHANNELS)"


@dataclass(frozen=True, slots=True)
class RunPolicy:
    zone: ZoneInfo
    grace: timedelta
    stale_claim: timedelta
    max_attempts: int
    rate_limit_retries: int = 3

    def deadline(self, claimed_at: float | None) -> float:
        """Until when (epoch seconds) the owner of a claim taken at `claimed_at` may retry."""
        return (claimed_at or time.time()) + self.stale_claim.total_seconds() / 2


@dataclass(frozen=True, slots=True)
class RunResult:
    digest: str
    channel: str
    scheduled_at: str
    state: str  # sent | failed | rejected | skipped | review | busy
    detail: str = ""

    def line(self) -> str:
        head = f"{self.state:<8} {self.digest:<10} {self.channel:<12} {self.scheduled_at}"
        return f"{head}  {self.detail}".rstrip()


@dataclass(slots=True)
class RunReport:
    results: list[RunResult] = field(default_factory=list)

    @property
    def failed(self) -> list[RunResult]:
        return [r for r in self.results if r.state in ("failed", "rejected", "review")]


def policy_from_settings(settings: Settings | None = None) -> RunPolicy:
    if settings is None:
        from planbot.settings import get_settings

        settings = get_settings()
    s = settings
    return RunPolicy(
        zone=ZoneInfo(s.digest_timezone),
        grace=timedelta(minutes=s.digest_grace_minutes),
        stale_claim=timedelta(minutes=s.digest_stale_claim_minutes),
        max_attempts=s.digest_max_attempts,
        rate_limit_retries=s.digest_rate_limit_retries,
    )


def run_due(
    now: datetime,
    *,
    store: DigestStore,
    config: DigestConfig,
    engine: Engine,
    client: WebClient,
    policy: RunPolicy,
    channels: ChannelPolicy | None = None,
) -> RunReport:
    """Post every digest due at `now` (aware); returns what happened per channel and time.

    `channels`: the channel policy (default: from the settings).
    """
    if channels is None:
        from planbot.settings import get_settings
        from planbot.slack.policy import ChannelPolicy

        channels = ChannelPolicy.from_settings(get_settings())
    store.sync_config(config, now=iso(now))
    report = RunReport()
    for sub in store.subscriptions():
        digest = config.get(sub.digest)
        if digest is None:
            log.warning("subscription %s → %s names an unknown digest; ignored", sub.digest, sub.channel)
            continue
        _run_subscription(now, sub, digest, store, engine, client, policy, channels, report)
    for result in report.results:
        log.info("digest %s", result.line())
    return report


def _run_subscription(
    now: datetime,
    sub: Subscription,
    digest: Digest,
    store: DigestStore,
    engine: Engine,
    client: WebClient,
    policy: RunPolicy,
    channels: ChannelPolicy,
    report: RunReport,
) -> None:
    window_start = now - policy.grace
    lower = max(
        parse_iso(sub.created_at),
        parse_iso(store.last_scheduled(sub.digest, sub.channel) or sub.created_at),
        now - LOOKBACK_CAP,
    )
    due = list(occurrences(sub.schedule, lower, now, policy.zone))
    # Earlier runs still open: a stale claim is always resolved; a failed run is retried
    # only when no newer run is due (that one supersedes it).
    for row in store.open_rows(sub.digest, sub.channel, iso(window_start)):
        if row.state == "failed" and due and due[-1] >= window_start:
            continue
        result = _resume(row, digest, store, engine, client, policy, channels)
        if result:
            report.results.append(result)
    if not due:
        return
    *older, newest = due
    missed = [t for t in older if t < window_start]
    if newest < window_start:
        missed.append(newest)
    if missed:
        reason = f"missad körning utanför respitiden ({len(missed)} st, {iso(missed[0])} – {iso(missed[-1])})"
        log.warning("digest %s → %s: %s", sub.digest, sub.channel, reason)
        if store.record(sub.digest, sub.channel, iso(missed[-1]), "skipped", reason):
            report.results.append(RunResult(sub.digest, sub.channel, iso(missed[-1]), "skipped", reason))
    for t in older:
        if t >= window_start and store.record(
            sub.digest, sub.channel, iso(t), "skipped", f"ersatt av utskicket {iso(newest)}"
        ):
            report.results.append(RunResult(sub.digest, sub.channel, iso(t), "skipped", "ersatt av senare"))
    if newest < window_start:
        return
    claimed = store.claim(sub.digest, sub.channel, iso(newest))
    if claimed is None:
        report.results.append(RunResult(sub.digest, sub.channel, iso(newest), "busy", "redan hanterad"))
        return
    report.results.append(_deliver(claimed, digest, store, engine, client, policy, channels))


def _resume(
    row: SentRow,
    digest: Digest,
    store: DigestStore,
    engine: Engine,
    client: WebClient,
    policy: RunPolicy,
    channels: ChannelPolicy,
) -> RunResult | None:
    if row.state == "failed":
        if row.attempts >= policy.max_attempts:
            return None
        mine = store.reclaim(row)
        return _deliver(mine, digest, store, engine, client, policy, channels) if mine else None
    # 'posting': someone claimed it and has not recorded the outcome.
    if row.claimed_at is not None and time.time() - row.claimed_at < policy.stale_claim.total_seconds():
        return None  # fresh: its owner may still be posting
    mine = store.reclaim(row)
    if mine is None:
        return None
    try:
        ts = find_posted(client, row.channel, row.digest, row.scheduled_at, oldest=(row.claimed_at or 0) - 60)
    except SlackApiError as error:
        code = str(error.response.get("error"))
        reason = (
            f"avbrutet utskick kunde inte kontrolleras ({code}); kontrollera kanalen och sätt state i "
            "digest_sent för hand"
        )
        log.error("digest %s → %s %s: %s", row.digest, row.channel, row.scheduled_at, reason)
        store.mark(mine, "review", reason)
        return RunResult(row.digest, row.channel, row.scheduled_at, "review", reason)
    if ts is not None:
        log.warning(
            "digest %s → %s %s was posted (ts %s) but not recorded",
            row.digest,
            row.channel,
            row.scheduled_at,
            ts,
        )
        store.mark(mine, "sent", "återfunnen i kanalens historik efter avbrott", ts=ts)
        return RunResult(
            row.digest, row.channel, row.scheduled_at, "sent", f"återfunnen i historiken (ts {ts})"
        )
    return _deliver(mine, digest, store, engine, client, policy, channels)


def _deliver(
    row: SentRow,
    digest: Digest,
    store: DigestStore,
    engine: Engine,
    client: WebClient,
    policy: RunPolicy,
    channels: ChannelPolicy,
) -> RunResult:
    """Compose and post a claimed row (as the channel policy allows), then record the outcome."""
    if not channels.channel_allowed(row.channel):
        log.warning(
            "digest %s → %s %s: %s; not posted", row.digest, row.channel, row.scheduled_at, NOT_ALLOWED
        )
        store.mark(row, "rejected", NOT_ALLOWED)
        return RunResult(row.digest, row.channel, row.scheduled_at, "rejected", NOT_ALLOWED)
    message = compose(
        digest,
        engine,
        store.snapshot(row.digest, row.channel),
        channel=row.channel,
        scheduled_at=parse_iso(row.scheduled_at),
        channels=channels,
    )
    blocks = render_blocks(message, policy.zone, scheduled_key=row.scheduled_at)
    delivery: Delivery = deliver(
        client,
        row.channel,
        blocks,
        metadata(row.digest, row.channel, row.scheduled_at),
        deadline=policy.deadline(row.claimed_at),
        rate_limit_retries=policy.rate_limit_retries,
    )
    if delivery.outcome == "sent":
        assert delivery.ts is not None
        store.mark_sent(row, delivery.ts, message.fingerprints)
        return RunResult(row.digest, row.channel, row.scheduled_at, "sent", f"ts {delivery.ts}")
    detail = f"{delivery.error}: {delivery.message}"
    if delivery.outcome == "unknown":
        # Leave the claim in 'posting': the history check decides once it is stale.
        store.mark(row, "posting", detail)
        log.error("digest %s → %s %s: %s", row.digest, row.channel, row.scheduled_at, detail)
        return RunResult(
            row.digest, row.channel, row.scheduled_at, "failed", detail + " (kontrolleras senare)"
        )
    store.mark(row, delivery.outcome, detail)
    log.error("digest %s → %s %s: %s", row.digest, row.channel, row.scheduled_at, detail)
    return RunResult(row.digest, row.channel, row.scheduled_at, delivery.outcome, detail)
