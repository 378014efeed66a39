#!/usr/bin/env python3
"""Writes ticket-like text for the redaction speed benchmark (issue #3, Show → Speed).

`corpus.jsonl` is the quality corpus: nearly every line holds a value to find, which is what a
labeled evaluation needs but not what a Jira ticket looks like. A ticket is mostly prose, steps,
log excerpts, stack traces and configuration, with a value here and there — IP addresses in logs,
a mention or an email in a comment, now and then a leaked token, a phone number or a customer's
card. This script writes such tickets, deterministically (fixed seed, standard library only), with
the value generators of `generate.py`, so the speed benchmark can report throughput on both kinds
of text.

Usage: python3 tests/redaction/tickets.py OUT.jsonl [TICKETS]
Each line is `{"text": "..."}`; the script prints the size and how many values it planted.
"""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate as g  # noqa: E402  (the value generators of the quality corpus)

SEED = 20261129
SERVICES = ["checkout", "ledger", "billing-api", "search-indexer", "auth-gateway", "notification-worker",
            "export-service", "inventory-sync", "reporting", "webhooks"]
ACTIONS = ["times out", "returns 502", "drops events", "double-books payments", "hangs on startup",
           "leaks connections", "retries forever", "rejects valid tokens", "skips the last page", "crashes"]
PROSE = [
    "After the deploy of {service} {version} the {other} call {action} for about a third of the requests.",
    "We see this only in the EU region; the US clusters are fine with the same build.",
    "The dashboard shows p99 latency going from {ms} ms to {ms2} ms right after the rollout.",
    "Rolling back to {version_old} makes the problem go away, so it is most likely in this release.",
    "The retry policy kicks in, but every retry hits the same node, so nothing recovers.",
    "This blocks the quarter-end export for two customers; see {key} for the earlier incident.",
    "I could reproduce it locally with the fixture in {path} and the feature flag turned on.",
    "Memory grows by roughly {count} MB per hour until the pod is killed by the OOM killer.",
    "The job processed {count} records before it stopped without an error in the logs.",
    "Our canary caught it at 5% of the traffic, so only a few hundred requests failed.",
    "The schema migration {sha} added a NOT NULL column without a default, which breaks old writers.",
    "Customers on the legacy plan are affected; the others are migrated already.",
    "Support has three tickets about it since Monday, all from accounts created before 2023.",
    "The trace id {uuid} shows the request waiting {ms} ms on the connection pool.",
    "Nothing changed on our side of the integration, according to the changelog of {version}.",
]
STEPS = ["Open the project settings as an admin.", "Create an issue with more than {count} subtasks.",
         "Run the export for the last quarter.", "Wait for the webhook to fire.",
         "Refresh the page and look at the activity stream.", "Call `GET /rest/api/3/search?jql=project={project}`.",
         "Switch the feature flag `{flag}` on.", "Restart the worker with `kubectl rollout restart deploy/{service}`."]
COMMENTS = [
    "Thanks {name}, the workaround works for now.",
    "{name} can you take a look? You changed this code last.",
    "I talked to the customer; their admin is {email} if we need more details.",
    "Customer called from {phone} asking for an update, promised a reply today.",
    "Pairing with {name} on this tomorrow morning.",
    "The fix is in review: {url}",
    "Could not reproduce on staging, closing unless it happens again.",
    "Refund issued for the duplicate charge on card {card}, the customer confirmed.",
    "Heads-up: someone pasted a token in the first comment ({token}), it is rotated now.",
    "The customer wants the refund on {iban} instead of the card.",
]
# How often each comment comes up: mostly people and links, sometimes an email, rarely a phone
# number, a card, an IBAN or a leaked token.
COMMENT_WEIGHTS = [6, 5, 2, 1, 4, 4, 4, 1, 1, 1]
FLAGS = ["new-export-pipeline", "async-webhooks", "pool-v2", "strict-jql", "eu-routing"]
PROJECTS = ["PAY", "OPS", "ENG", "CORE", "WEB"]
JAVA_FRAMES = ["com.acme.ledger.PostingService.post", "com.acme.ledger.BatchWriter.flush",
               "org.hibernate.internal.SessionImpl.flush", "com.zaxxer.hikari.pool.HikariPool.getConnection",
               "java.util.concurrent.ThreadPoolExecutor.runWorker", "java.lang.Thread.run"]
PY_FRAMES = [("/app/export/jobs.py", "run_export"), ("/app/export/pages.py", "fetch_page"),
             ("/usr/lib/python3.11/site-packages/requests/sessions.py", "send"),
             ("/usr/lib/python3.11/site-packages/urllib3/connectionpool.py", "urlopen")]


class Planted:
    """Counts the values a ticket plants, by kind."""

    def __init__(self):
        self.counts = {}

    def add(self, kind, value):
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return value


def version(rng):
    return f"{rng.randint(1, 9)}.{rng.randint(0, 40)}.{rng.randint(0, 20)}"


def fill(rng, template, planted):
    """Fills a template's fields; the ones that are values are counted."""
    name = " ".join(g.name_parts(rng))
    fields = {
        "service": rng.choice(SERVICES), "other": rng.choice(SERVICES), "action": rng.choice(ACTIONS),
        "version": version(rng), "version_old": version(rng), "ms": rng.randint(80, 900), "ms2": rng.randint(1000, 9000),
        "key": f"{rng.choice(PROJECTS)}-{rng.randint(10, 9999)}", "path": f"tests/fixtures/{rng.choice(SERVICES)}/case_{rng.randint(1, 99)}.json",
        "count": rng.randint(2, 5000), "sha": g.chars(rng, g.HEX, 12), "uuid": "-".join(g.chars(rng, g.HEX, n) for n in (8, 4, 4, 4, 12)),
        "project": rng.choice(PROJECTS), "flag": rng.choice(FLAGS),
        "url": f"https://bitbucket.example.com/projects/{rng.choice(PROJECTS)}/repos/{rng.choice(SERVICES)}/pull-requests/{rng.randint(100, 9999)}",
    }
    lazy = {"name": lambda: planted.add("person", name), "email": lambda: planted.add("email", g.email(rng)),
            "phone": lambda: planted.add("phone", g.phone(rng)), "card": lambda: planted.add("credit_card", g.credit_card(rng)),
            "iban": lambda: planted.add("iban", g.iban(rng)), "token": lambda: planted.add("api_key", rng.choice([g.key_github, g.key_slack, g.key_aws, g.key_stripe])(rng))}
    for field, make in lazy.items():
        if "{" + field + "}" in template:
            fields[field] = make()
    return template.format(**fields)


def log_excerpt(rng, planted):
    lines = ["```"]
    for _ in range(rng.randint(4, 16)):
        ts = f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z"
        level = rng.choice(["INFO ", "INFO ", "WARN ", "ERROR"])
        request = f"[req-{g.chars(rng, g.HEX, 8)}]"
        if rng.random() < 0.5:
            ip = planted.add("ip_address", g.ipv4(rng))
            lines.append(f"{ts} {level} {request} {rng.choice(['GET', 'POST', 'PUT'])} /api/v2/{rng.choice(SERVICES)}/{rng.randint(1, 99999)} "
                         f"{rng.choice([200, 200, 201, 499, 502, 504])} {rng.randint(3, 9000)}ms client={ip}")
        else:
            lines.append(f"{ts} {level} {request} pool={rng.choice(SERVICES)} active={rng.randint(0, 64)} idle={rng.randint(0, 8)} "
                         f"waiting={rng.randint(0, 200)} took={rng.randint(1, 30000)}ms")
    lines.append("```")
    return "\n".join(lines)


def stack_trace(rng):
    if rng.random() < 0.5:
        lines = [f"java.sql.SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out after {rng.randint(1000, 30000)}ms."]
        lines += [f"\tat {frame}({frame.split('.')[-2]}.java:{rng.randint(20, 900)})" for frame in rng.sample(JAVA_FRAMES, rng.randint(3, 6))]
    else:
        lines = ["Traceback (most recent call last):"]
        for path, fn in rng.sample(PY_FRAMES, rng.randint(2, 4)):
            lines += [f'  File "{path}", line {rng.randint(10, 800)}, in {fn}', f"    response = session.get(url, timeout={rng.randint(5, 60)})"]
        lines.append(f"requests.exceptions.ReadTimeout: HTTPSConnectionPool(host='api.example.com', port=443): Read timed out. (read timeout={rng.randint(5, 60)})")
    return "```\n" + "\n".join(lines) + "\n```"


def config_snippet(rng, planted):
    service = rng.choice(SERVICES)
    lines = ["```yaml", f"{service}:", f"  replicas: {rng.randint(1, 12)}", f"  image: registry.example.com/{service}:{version(rng)}",
             f"  pool:\n    max: {rng.randint(8, 128)}\n    timeout_ms: {rng.randint(500, 30000)}", f"  feature_flags: [{', '.join(rng.sample(FLAGS, 2))}]"]
    if rng.random() < 0.15:
        lines.append(f"  database_url: postgres://{planted.add('url_credentials', g.userinfo(rng))}@db.internal:5432/{service}")
    elif rng.random() < 0.15:
        lines.append(f"  api_key: {planted.add('api_key', rng.choice([g.key_openai, g.key_sendgrid, g.key_stripe])(rng))}")
    lines.append("```")
    return "\n".join(lines)


def ticket(rng, planted):
    key = f"{rng.choice(PROJECTS)}-{rng.randint(100, 99999)}"
    parts = [f"{key}: {rng.choice(SERVICES)} {rng.choice(ACTIONS)} after {version(rng)}", ""]
    parts.append(" ".join(fill(rng, t, planted) for t in rng.sample(PROSE, rng.randint(3, 7))))
    parts += ["", "Steps to reproduce:"] + [f"{i + 1}. {fill(rng, s, planted)}" for i, s in enumerate(rng.sample(STEPS, rng.randint(2, 5)))]
    parts += ["", "Expected: the request succeeds within the SLA. Actual: " + rng.choice(ACTIONS) + "."]
    if rng.random() < 0.5:
        parts += ["", log_excerpt(rng, planted)]
    if rng.random() < 0.3:
        parts += ["", stack_trace(rng)]
    if rng.random() < 0.25:
        parts += ["", config_snippet(rng, planted)]
    for _ in range(rng.randint(1, 5)):
        parts += ["", fill(rng, rng.choices(COMMENTS, weights=COMMENT_WEIGHTS)[0], planted)]
    return "\n".join(parts)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: tickets.py OUT.jsonl [TICKETS]")
    out, count = Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    rng, planted = random.Random(SEED), Planted()
    texts = [ticket(rng, planted) for _ in range(count)]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    size = sum(len(t.encode("utf-8")) for t in texts)
    values = sum(planted.counts.values())
    kinds = ", ".join(f"{k} {n}" for k, n in sorted(planted.counts.items()))
    print(f"{count} tickets, {size / 1e6:.2f} MB, {values} values ({size / max(values, 1):.0f} bytes per value): {kinds}")


if __name__ == "__main__":
    main()
