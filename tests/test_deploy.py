"""The deploy files say what an admin needs and hold none of the traps found trying them.

Kubernetes: replicas share one PostgreSQL through the Secret planbot-state; the trial
StatefulSet and the CronJob variant fit the Deployment. docker-compose: PostgreSQL, two
replicas, a proxy. The env file and the systemd unit: no Socket Mode by accident, no
state path overriding the unit's writable one. (The Slack manifests: test_slack_manifest.py.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from planbot.settings import Settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
KUBERNETES = sorted((DEPLOY / "kubernetes").rglob("*.yaml"))


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


def objects() -> dict[tuple[str, str], dict[str, Any]]:
    return {(d["kind"], d["metadata"]["name"]): d for path in KUBERNETES for d in documents(path)}


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container.get("env", [])}


@pytest.mark.parametrize("path", KUBERNETES, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_every_kubernetes_object_is_well_formed(path: Path) -> None:
    for doc in documents(path):
        assert {"apiVersion", "kind", "metadata"} <= set(doc), doc
        assert doc["metadata"].get("name"), doc


def test_the_deployment_runs_replicas_on_a_shared_postgresql() -> None:
    found = objects()
    deployment = found[("Deployment", "planbot")]["spec"]
    assert deployment["replicas"] >= 2
    (container,) = deployment["template"]["spec"]["containers"]
    env = env_of(container)
    assert env["PLANBOT_STATE_URL"] == {"secretKeyRef": {"name": "planbot-state", "key": "url"}}
    secret = found[("Secret", "planbot-state")]["stringData"]["url"]
    assert secret.startswith("postgresql://")
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert deployment["template"]["metadata"]["annotations"]["prometheus.io/path"] == "/metrics"
    assert ("PodDisruptionBudget", "planbot") in found
    assert all(v["name"] != "data" for v in deployment["template"]["spec"]["volumes"]), "no per-pod state"


def test_the_trial_postgresql_and_the_digest_cronjob_fit_the_deployment() -> None:
    found = objects()
    database = found[("StatefulSet", "planbot-postgres")]["spec"]
    assert database["volumeClaimTemplates"], "the trial database keeps its data on a volume"
    assert ("Service", "planbot-postgres") in found
    trial_url = "postgresql://planbot:planbot-trial@planbot-postgres:5432/planbot"
    assert trial_url in (DEPLOY / "kubernetes" / "postgres-trial" / "postgres.yaml").read_text()
    image = found[("Deployment", "planbot")]["spec"]["template"]["spec"]["containers"][0]["image"]
    job = found[("CronJob", "planbot-digests")]["spec"]
    assert job["concurrencyPolicy"] == "Forbid"
    (container,) = job["jobTemplate"]["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["planbot", "digest", "run-due"] and container["image"] == image
    assert env_of(container)["PLANBOT_STATE_URL"] == {"secretKeyRef": {"name": "planbot-state", "key": "url"}}


def test_compose_runs_two_replicas_on_postgresql_behind_a_proxy() -> None:
    (compose,) = documents(DEPLOY / "compose.yaml")
    services = compose["services"]
    assert {"postgres", "planbot", "proxy"} <= set(services)
    planbot = services["planbot"]
    assert planbot["deploy"]["replicas"] == 2
    assert planbot["environment"]["PLANBOT_STATE_URL"].startswith("postgresql://planbot:")
    assert planbot["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert (DEPLOY / "compose" / "nginx.conf").is_file()


def active_settings(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_the_env_file_leaves_http_mode_and_the_state_path_alone() -> None:
    env = active_settings(DEPLOY / ".env.example")
    assert "SLACK_APP_TOKEN" not in env, "a placeholder app token would switch HTTP installs to Socket Mode"
    assert "PLANBOT_STATE_PATH" not in env, "it would override the unit's and the image's writable path"
    for name in env:
        field = name.removeprefix("PLANBOT_").lower() if name.startswith("PLANBOT_") else name.lower()
        assert field in Settings.declared(), f"{name} is not a setting"


def test_the_systemd_unit_writes_the_state_where_its_hardening_allows() -> None:
    unit = (DEPLOY / "systemd" / "planbot.service").read_text(encoding="utf-8")
    assert "PLANBOT_STATE_PATH=/var/lib/planbot/state.db" in unit
    assert "ReadWritePaths=/var/lib/planbot" in unit and "ProtectSystem=strict" in unit
