#!/usr/bin/env python3
"""Scores redaction against the labeled corpus: `synco redact --jsonl`, with Presidio beside it.

Usage:

    python3 tests/redaction/evaluate.py --synco PATH_TO_SYNCO [--presidio] [--corpus FILE ...]

The corpora default to `corpus.jsonl` and `handwritten.jsonl` next to this file; generate.py
writes them and documents their format and what each labeled span covers. The environment is
passed through unchanged: `synco` needs `SYNCO_COMPONENT`, which the caller sets.

Predictions. A predictor is a command that reads lines `{"text": ..., "people": [...]}` on stdin
and writes one line per input, `{"spans": [{"kind", "start", "end"}]}`, byte offsets into the
UTF-8 text: `synco redact --jsonl`, or presidio_runner.py inside its virtual environment.

Scoring, per line and per kind:

* A predicted span matches a labeled span of the same kind when they overlap by at least 50% of
  the longer of the two. Matching is one-to-one: labeled spans, in text order, each take the
  unmatched prediction they overlap most. Matches are true positives, unmatched predictions false
  positives, unmatched labels false negatives; precision, recall and F1 follow per kind.
* `api_key/<vendor>` kinds are scored per vendor (the vendor must be right) and again as
  `api_key` with the vendor ignored.
* A person's email is labeled `person`; an `email` prediction on it counts as `person` (a tool
  that knows nothing of the ticket's people still keeps the address out).
* "core PII" (email, phone, credit_card, iban, ip_address, ssn, person) and "secrets"
  (private_key, jwt, password, api_key, url_credentials) are micro-averages: true and false
  positives and false negatives summed over their kinds. mac_address is in neither.
* Negative lines are the lines without labels; every span predicted on one is listed as a false
  positive (it also counts against its kind's precision).

Goals, printed as met or missed (the exit status is 0 either way; 1 only when a predictor
fails): F1 ≥ 0.95 on every core PII kind; secrets recall ≥ 0.90 at precision ≥ 0.90; no false
positive on the negative lines.

Throughput (`--speed-only` for it alone, per corpus file, e.g. the ticket-like text that
`tickets.py` writes): at least 10 MB of text (the corpus texts repeated, with their people) through one
`synco redact --jsonl` process, timed by the wall clock, so process start-up and JSON encoding
and decoding are included. Presidio gets a 0.5 MB slice of the same text (it is slow).

Presidio (`--presidio`): the first run creates the virtual environment `target/presidio-venv`
(`python3 -m venv`, then `pip install` of the pinned `presidio-analyzer` from PyPI). Its
analyzer runs with pattern recognizers only and no spaCy model; presidio_runner.py says how,
and how its entity types map to our kinds. It detects no people (that needs NER) and no secrets.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
DEFAULT_CORPORA = [HERE / "corpus.jsonl", HERE / "handwritten.jsonl"]
VENV = ROOT / "target" / "presidio-venv"
PRESIDIO_REQUIREMENT = "presidio-analyzer==2.2.366"
SPEED_BYTES = 10_000_000
PRESIDIO_SPEED_BYTES = 500_000

CORE_PII = ["email", "phone", "credit_card", "iban", "ip_address", "ssn", "person"]
SECRETS = ["private_key", "jwt", "password", "api_key", "url_credentials"]
KIND_ORDER = CORE_PII + ["mac_address"] + SECRETS
F1_GOAL, SECRETS_GOAL = 0.95, 0.90
EXAMPLES = 5


class PredictorError(Exception):
    """A predictor failed or broke the protocol."""


@dataclass
class Tally:
    """True positives, false positives and false negatives of one kind."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp, fp, fn):
        self.tp, self.fp, self.fn = self.tp + tp, self.fp + fp, self.fn + fn

    @property
    def support(self):
        return self.tp + self.fn

    @property
    def precision(self):
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self):
        return self.tp / self.support if self.support else None

    @property
    def f1(self):
        p, r = self.precision, self.recall
        if p is None or r is None:
            return None
        return 2 * p * r / (p + r) if p + r else 0.0


def total(tallies):
    """The sum of several tallies (a micro-average's counts)."""
    out = Tally()
    for tally in tallies:
        out.add(tally.tp, tally.fp, tally.fn)
    return out


# --- corpus and predictors -----------------------------------------------------------------


def load_corpus(paths):
    """The labeled lines of `paths`; spans become `(kind, start, end)` tuples."""
    lines = []
    for path in paths:
        with open(path, encoding="utf-8") as corpus:
            for raw in corpus:
                line = json.loads(raw)
                line["data"] = line["text"].encode()
                line["spans"] = [(s["kind"], s["start"], s["end"]) for s in line.get("spans", [])]
                line.setdefault("people", [])
                lines.append(line)
    return lines


def request(line):
    """One input line of the protocol."""
    body = {"text": line["text"], "people": line["people"]}
    return (json.dumps(body, ensure_ascii=False) + "\n").encode()


def run(command, payload, expected_lines):
    """Runs a predictor on `payload`; returns its output lines and the wall-clock seconds."""
    with tempfile.TemporaryFile() as stdin:
        stdin.write(payload)
        stdin.seek(0)
        start = time.perf_counter()
        process = subprocess.run(command, stdin=stdin, capture_output=True)
        seconds = time.perf_counter() - start
    if process.returncode:
        stderr = process.stderr.decode(errors="replace")[-2000:]
        raise PredictorError(f"{' '.join(command)} exited with {process.returncode}:\n{stderr}")
    output = process.stdout.decode().splitlines()
    if len(output) != expected_lines:
        raise PredictorError(f"{' '.join(command)} wrote {len(output)} lines for "
                             f"{expected_lines} inputs")
    return output, seconds


def predict(command, lines):
    """The spans a predictor finds on each line."""
    output, _ = run(command, b"".join(request(line) for line in lines), len(lines))
    return [[(s["kind"], s["start"], s["end"]) for s in json.loads(out)["spans"]]
            for out in output]


def presidio_command():
    """Presidio's runner, after creating its virtual environment and installing it if needed."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"Creating {VENV} …", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", PRESIDIO_REQUIREMENT],
                   check=True)
    return [str(python), str(HERE / "presidio_runner.py")]


# --- scoring -------------------------------------------------------------------------------


def shared(a, b):
    """How many bytes two spans share."""
    return min(a[2], b[2]) - max(a[1], b[1])


def matches(a, b):
    """Whether two spans overlap by at least half of the longer one."""
    overlap = shared(a, b)
    return overlap > 0 and 2 * overlap >= max(a[2] - a[1], b[2] - b[1])


def true_positives(labeled, predicted):
    """How many labeled spans find a matching prediction, one-to-one, in text order."""
    free, found = list(predicted), 0
    for label in sorted(labeled, key=lambda span: span[1]):
        candidates = [span for span in free if matches(label, span)]
        if candidates:
            free.remove(max(candidates, key=lambda span: shared(label, span)))
            found += 1
    return found


def credit_person_emails(line, predicted):
    """`email` predictions on a person's labeled email, relabeled `person`."""
    labels = line["spans"]
    person_emails = [s for s in labels if s[0] == "person" and b"@" in line["data"][s[1]:s[2]]]
    emails = [s for s in labels if s[0] == "email"]

    def relabel(span):
        if (span[0] == "email" and any(matches(span, s) for s in person_emails)
                and not any(matches(span, s) for s in emails)):
            return ("person", span[1], span[2])
        return span

    return [relabel(span) for span in predicted]


def tally_kinds(kind_of, labeled, predicted, tallies):
    """Adds one line's counts to `tallies`, under the kind `kind_of` names (None: skipped)."""
    groups = defaultdict(lambda: ([], []))
    for side, spans in enumerate((labeled, predicted)):
        for span in spans:
            kind = kind_of(span[0])
            if kind:
                groups[kind][side].append(span)
    for kind, (labels, predictions) in groups.items():
        tp = true_positives(labels, predictions)
        tallies[kind].add(tp, len(predictions) - tp, len(labels) - tp)


def any_vendor(kind):
    """`api_key` for every `api_key/<vendor>`; None for the other kinds."""
    return "api_key" if kind.startswith("api_key/") else None


def score(lines, predictions):
    """Tallies per kind, and the spans predicted on negative lines as `(line, span)`."""
    tallies, false_positives = defaultdict(Tally), []
    for line, predicted in zip(lines, predictions):
        predicted = credit_person_emails(line, predicted)
        tally_kinds(lambda kind: kind, line["spans"], predicted, tallies)
        tally_kinds(any_vendor, line["spans"], predicted, tallies)
        if not line["spans"]:
            false_positives += [(line, span) for span in predicted]
    return tallies, false_positives


# --- report --------------------------------------------------------------------------------


def ordered_kinds(results):
    """Every kind labeled or predicted, in reading order: PII, secrets, then vendors."""
    seen = set().union(*(tallies.keys() for tallies, _ in results.values()))
    known = [kind for kind in KIND_ORDER if kind in seen]
    return known + sorted(seen - set(known))


def number(value):
    """A ratio with three decimals, or `-` when undefined (nothing predicted or labeled)."""
    return "    -" if value is None else f"{value:.3f}"


def row(label, support, tallies):
    """One line of the table: a label, its support and P/R/F1 per system."""
    cells = "".join(f" | {number(t.precision)} {number(t.recall)} {number(t.f1)}"
                    for t in tallies)
    return f"{label:<22}{support:>8}{cells}"


def print_table(results):
    """Precision, recall and F1 per kind and per group, the systems side by side."""
    names = list(results)
    print(f"{'':<22}{'':>8}" + "".join(f" | {name:<17}" for name in names))
    print(f"{'kind':<22}{'support':>8}" + " |     P     R    F1" * len(names))
    kinds = ordered_kinds(results)
    for kind in kinds:
        label = f"  {kind}" if kind.startswith("api_key/") else kind
        per_system = [results[name][0].get(kind, Tally()) for name in names]
        print(row(label, max(t.support for t in per_system), per_system))
    print("-" * (30 + 20 * len(names)))
    for group, members in (("core PII", CORE_PII), ("secrets", SECRETS)):
        per_system = [total(results[name][0].get(k, Tally()) for k in members) for name in names]
        print(row(group, per_system[0].support, per_system))


def print_false_positives(results, lines):
    """The spans predicted on negative lines, counted per kind, with a few examples."""
    negatives = sum(1 for line in lines if not line["spans"])
    print(f"\nFalse positives on the {negatives} negative lines:")
    for name, (_, false_positives) in results.items():
        kinds = Counter(span[0] for _, span in false_positives)
        affected = len({line["id"] for line, _ in false_positives})
        summary = ", ".join(f"{kind} {count}" for kind, count in kinds.most_common())
        print(f"  {name}: {len(false_positives)} spans on {affected} lines"
              + (f" ({summary})" if summary else ""))
        for line, (kind, start, end) in false_positives[:EXAMPLES]:
            value = line["data"][start:end].decode(errors="replace")
            print(f"    {line['id']}: {kind} {value!r}")


def goals(tallies, false_positives):
    """Each goal as (description, met, detail)."""
    # A kind the corpus neither labels nor had predicted is not scored (heldout2 has no SSN).
    core = {kind: tallies[kind].f1 or 0.0 for kind in CORE_PII if kind in tallies}
    missed = [f"{kind} {f1:.3f}" for kind, f1 in core.items() if f1 < F1_GOAL]
    secrets = total(tallies.get(kind, Tally()) for kind in SECRETS)
    precision, recall = secrets.precision or 0.0, secrets.recall or 0.0
    return [
        (f"F1 >= {F1_GOAL} on every core PII kind", not missed,
         "below: " + ", ".join(missed) if missed else "all kinds met"),
        (f"secrets recall >= {SECRETS_GOAL} at precision >= {SECRETS_GOAL}",
         recall >= SECRETS_GOAL and precision >= SECRETS_GOAL,
         f"precision {precision:.3f}, recall {recall:.3f}"),
        ("no false positives on negative lines", not false_positives,
         f"{len(false_positives)} spans"),
    ]


def print_goals(results):
    """Each system's goals, met or missed."""
    for name, (tallies, false_positives) in results.items():
        print(f"\nGoals ({name}):")
        for description, met, detail in goals(tallies, false_positives):
            print(f"  {'met   ' if met else 'MISSED'}  {description}: {detail}")


# --- throughput ----------------------------------------------------------------------------


def speed_payload(lines, min_bytes):
    """The corpus requests repeated until their texts hold `min_bytes`: payload, text bytes,
    number of lines."""
    chunks, size = [], 0
    while size < min_bytes:
        for line in lines:
            chunks.append(request(line))
            size += len(line["data"])
            if size >= min_bytes:
                break
    return b"".join(chunks), size, len(chunks)


def throughput(command, lines, min_bytes):
    """MB/s of text through one predictor process, and the MB measured."""
    payload, size, count = speed_payload(lines, min_bytes)
    _, seconds = run(command, payload, count)
    return size / seconds / 1e6, size / 1e6


def print_throughput(systems, lines):
    """MB/s of each system, and their ratio."""
    print("\nThroughput (wall clock of one process: start-up and JSON included):")
    speeds = {}
    for name, (command, budget) in systems.items():
        speeds[name], megabytes = throughput(command, lines, budget)
        print(f"  {name}: {speeds[name]:.3f} MB/s on {megabytes:.1f} MB of ticket text")
    if len(speeds) == 2:
        print(f"  synco / presidio: {speeds['synco'] / speeds['presidio']:.0f}x")


# --- main ----------------------------------------------------------------------------------


def arguments():
    """The command line, checked."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synco", help="path to the synco binary")
    parser.add_argument("--presidio", action="store_true", help="score Presidio beside it")
    parser.add_argument("--corpus", nargs="+", type=Path, default=DEFAULT_CORPORA,
                        help="labeled JSONL files (default: corpus.jsonl handwritten.jsonl)")
    parser.add_argument("--speed-only", action="store_true",
                        help="only the throughput, on each --corpus file separately (labels not needed)")
    args = parser.parse_args()
    if not args.synco and not args.presidio:
        parser.error("give --synco PATH, --presidio or both")
    return args


def main():
    args = arguments()
    lines = load_corpus(args.corpus)
    systems = {}  # name → command, bytes of text for the throughput run
    if args.synco:
        systems["synco"] = ([args.synco, "redact", "--jsonl"], SPEED_BYTES)
    if args.presidio:
        systems["presidio"] = (presidio_command(), PRESIDIO_SPEED_BYTES)
    if args.speed_only:
        for path in args.corpus:
            print(f"{path.name}:")
            print_throughput(systems, load_corpus([path]))
        return 0
    labels = sum(len(line["spans"]) for line in lines)
    print(f"Corpus: {', '.join(p.name for p in args.corpus)}: {len(lines)} lines, "
          f"{labels} labeled spans, {sum(len(line['data']) for line in lines) / 1e6:.2f} MB\n")
    try:
        results = {name: score(lines, predict(command, lines))
                   for name, (command, _) in systems.items()}
        print_table(results)
        print_false_positives(results, lines)
        print_throughput(systems, lines)
    except PredictorError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print_goals(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
