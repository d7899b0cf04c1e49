"""The deployment files (deploy/) and docs/DEPLOY.md parse and name only what exists: CLI commands, settings,
services, ports, the webhook and health paths, and the metrics the alert rules watch."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from bot.cli import parser
from bot.config import Settings
from bot.metrics import REGISTRY
from bot.web import webhook_path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
INTERPOLATED = {"DOMAIN", "POSTGRES_PASSWORD"}  # read by docker compose itself, not by the bot


def compose() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))


def app_services() -> dict[str, dict]:
    return {name: service for name, service in compose()["services"].items() if service.get("build")}


def doithoai_commands(text: str) -> list[list[str]]:
    """Every `doithoai …` invocation in a text, split as a shell would (placeholders `<…>` skipped)."""
    found = []
    text = re.sub(r"#[^\n]*", "", text)  # shell comments
    for match in re.finditer(r"\bdoithoai ((?:[a-z][\w-]*)(?: +(?:\"[^\"]*\"|[^\s;&|\"'`)]+))*)", text):
        line = match.group(1)
        if "<" in line:
            continue
        found.append([part.strip('"') for part in re.findall(r"\"[^\"]*\"|\S+", line)])
    return found


def settings_names() -> set[str]:
    return {name.upper() for name in Settings.model_fields}


def test_the_compose_file_runs_real_commands_with_real_settings():
    services = app_services()
    assert {"bot-a", "bot-b", "worker", "backup"} <= set(services)
    for name, service in services.items():
        command = service["command"]
        commands = doithoai_commands(" ".join(command))
        assert commands, f"{name} runs no doithoai command"
        for args in commands:
            parser().parse_args(args)  # exits (fails the test) on an unknown command or option
        environment = {key: str(value) for key, value in service["environment"].items()}
        assert set(environment) <= settings_names(), f"{name}: {set(environment) - settings_names()}"
        values = {key.lower(): value for key, value in environment.items() if "${" not in value}
        Settings(_env_file=None, **values)  # the values parse as the settings' types
    assert [c[0] for c in doithoai_commands(" ".join(services["worker"]["command"]))] == ["deliver"]
    assert [c[0] for c in doithoai_commands(" ".join(services["backup"]["command"]))] == ["backup"]
    for name in ("bot-a", "bot-b"):
        assert services[name]["command"] == ["doithoai", "run"]
        assert services[name]["environment"]["WEBHOOK_BASE_URL"] == "https://${DOMAIN}"


def test_only_caddy_publishes_ports_and_every_volume_is_declared():
    services = compose()["services"]
    assert [name for name, service in services.items() if "ports" in service] == ["caddy"]
    assert services["db"]["image"] == "postgres:16"
    declared = set(compose()["volumes"])
    for service in services.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            assert source.startswith(".") or source in declared, source


def test_caddy_proxies_the_webhook_paths_to_both_replicas_on_their_port_with_the_load_balancer_health_check():
    caddyfile = (DEPLOY / "Caddyfile").read_text(encoding="utf-8")
    services = app_services()
    upstreams = re.search(r"reverse_proxy ([^{]+)\{", caddyfile).group(1).split()
    assert upstreams == [f"{name}:{services[name]['environment']['PORT']}" for name in ("bot-a", "bot-b")]
    assert webhook_path("123").startswith("/telegram/") and "/telegram/*" in caddyfile
    health = re.search(r"health_uri (\S+)", caddyfile).group(1)
    assert health == "/healthz?parts=database,bots"


def test_prometheus_scrapes_each_replicas_metrics_port_and_the_alerts_name_real_metrics():
    config = yaml.safe_load((DEPLOY / "prometheus.yml").read_text(encoding="utf-8"))
    services = app_services()
    targets = [t for job in config["scrape_configs"] for group in job["static_configs"] for t in group["targets"]]
    assert targets == [f"{name}:{services[name]['environment']['METRICS_PORT']}" for name in ("bot-a", "bot-b")]
    assert all(services[name]["environment"]["METRICS_HOST"] == "0.0.0.0" for name in ("bot-a", "bot-b"))
    rules = yaml.safe_load((DEPLOY / "alerts.yml").read_text(encoding="utf-8"))
    exprs = [rule["expr"] for group in rules["groups"] for rule in group["rules"]]
    assert len(exprs) >= 5
    suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_count", "_sum"), "gauge": ("",)}
    known = {family.name + suffix for family in REGISTRY.collect() for suffix in suffixes.get(family.type, ("",))}
    named = {name for expr in exprs for name in re.findall(r"\bdoithoai_\w+", expr)}
    assert named and named <= known, named - known


def test_the_deploy_guide_names_real_commands_and_settings():
    guide = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```\n(.*?)```", guide, re.S))
    commands = doithoai_commands(blocks)
    assert {"backup", "restore", "commune", "staff"} <= {c[0] for c in commands}
    for args in commands:  # what the guide tells the office to type parses as typed
        parser().parse_args(args)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"```.*?```", "", guide, flags=re.S))
    mentioned = {c[0] for span in spans for c in doithoai_commands(span)}
    assert {"deliver", "secret-key", "migrate", "run"} <= mentioned
    subcommands = parser()._subparsers._group_actions[0].choices  # noqa: SLF001 - argparse has no public way
    assert mentioned <= set(subcommands), mentioned - set(subcommands)
    variables = set(re.findall(r"`([A-Z][A-Z0-9_]{2,})(?:=[^`]*)?`", guide)) - {"ZALO_"}
    assert variables <= settings_names() | INTERPOLATED, variables - settings_names() - INTERPOLATED
    for topic in ("Caddy", "72 hours", "Cross-border", "advisory lock", "Prometheus", "PostgreSQL 16"):
        assert topic in guide
