#!/usr/bin/env python3
"""Writes heldout4.jsonl: a fourth held-out redaction evaluation set, of the text a Jira /
Confluence tenant holds besides ordinary ticket prose: chat pastes (Slack and Teams threads with
timestamps and handles), incident timelines and postmortems, on-call handovers, customer-support
email threads with quoted replies and signatures, pasted configuration files (.env, YAML, TOML,
INI, docker-compose, Kubernetes manifests, Terraform tfvars, Ansible vars, Spring properties,
nginx and Apache snippets), CI/CD logs, SQL and query results, stack traces, CSV exports, HR,
payroll and finance requests, sales/CRM notes and onboarding checklists, of one logistics company
("Kestrel Freight") with offices in twelve countries, in English and eleven other languages
(German, French, Spanish, Portuguese, Italian, Dutch, Polish, Swedish, Japanese, Chinese,
Korean). Written without looking at the detectors (guest/) or at the other corpora's sentences
or generators; only heldout3.py's and generate.py's docstrings, checks.py and evaluate.py
were read.

    python3 tests/redaction/heldout4.py [--lint]

(`--lint` also lists the look-alikes left unlabeled on purpose, for review.)

Deterministic: every random part (names drawn from a fixed roster, card numbers, IBAN bodies,
phone digits, addresses, key, token, PEM and JWT bodies) comes from one seeded `random.Random`;
the line order is shuffled by a second seeded one. Every line is validated before anything is
written (see `validate`); any violation aborts with a message.

Format (the one evaluate.py reads):

    {"id": "held4-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with byte offsets into the UTF-8 text, computed from pieces (plain strings and `(kind, value)`
tuples), never by hand. A line without spans is a negative: nothing in it may be redacted.

Labelling conventions (those of heldout3.py, restated, plus the additions marked NEW):

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`).
* password: only the secret value of an assignment, flag, command or sentence (no key name, no
  quotes). Generic secrets without a vendor prefix (client_secret, SECRET_KEY, a base64 value in
  a Kubernetes Secret, a Wi-Fi passphrase) are `password`.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL; an AWS
  secret access key is `api_key/aws`.
* person: a display name, email or account id of someone in the line's `people`, where the text
  mentions them (an @mention is labelled without the `@`; a `[~accountid:...]` mention labels
  the id). Listed people appear only by full display name, never by first name alone. Emails of
  listed people are `person`, not `email`.
* A name written beside an email address whose local part spells it (someone not in `people`,
  as in a `From:` header or a signature) is `person` (the name) plus `email` (the address).
  Role and team addresses (support@, it-helpdesk@) are `email` only.
* ip_address: public and private alike, without port, brackets or prefix length; loopback and
  0.0.0.0 are not labelled.
* phone: the whole number as written (country code, parentheses, separators), without labels
  such as `Tel.:`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line.
* Negative lines (no spans) carry look-alikes: versions, order, invoice and tracking numbers,
  hashes, UUIDs, timestamps, placeholders, masked values, documentation examples, certificates
  and public keys.

Additions (NEW in this set):

* NEW: when such a name (someone not in `people`, labelled once beside their address) occurs
  again in the same line, e.g. in the signature under the `From:` header, every occurrence is
  `person`.
* NEW: a vendor token used as the password (or user) of a URL, as in
  `https://oauth2:glpat-...@gitlab.com/...`, is labelled as the token (`api_key/<vendor>`, the
  token only, not `oauth2:`), not as url_credentials: the more specific kind wins.
* NEW: a secret given as the value of `curl -u user:secret`, `--user 'api:key-...'`,
  `-p secret` or `user / secret` in prose is labelled alone (`password`, or the vendor's
  `api_key` kind for a vendor token); the user name is not labelled.
* NEW: an AWS access key id (AKIA/ASIA...) is `api_key/aws` like the secret access key; a Twilio
  API key SID (SK...) and its secret and a Twilio auth token are `api_key/twilio`; a New Relic
  user key (NRAK-) or license key (...NRAL) is `api_key/newrelic`; a Stripe webhook signing
  secret (whsec_) is `api_key/stripe`; a Google API key (AIza...) is `api_key/google`, a Google
  Cloud OAuth client secret (GOCSPX-) is `api_key/gcp`; a Vault token (hvs.) and a Terraform
  Cloud token (....atlasv1....) are `api_key/hashicorp`.
* NEW: the base64 `auth` value of a Docker config.json (user:password encoded) is `password`.
* NEW: in a Jira people URL (`.../jira/people/<id>`) the account id alone is `person`.
* NEW: a host written `user@<ip>` (ssh) labels the IP only; the login name is not labelled.
* NEW: other generic secrets labelled `password`: an AWS session token, a WireGuard
  `PrivateKey`, a GitHub OAuth app client secret, a cloud access-key secret without a vendor
  prefix in our list. Left unlabeled as public or non-secret identifiers: OAuth client ids
  (`....apps.googleusercontent.com`, `Iv1....`), a WireGuard `PublicKey`, a base64 user name in
  a Kubernetes Secret, ansible-vault ciphertext, key ids (`private_key_id`), BICs.
* NEW: a cloud service-account address (`...@....iam.gserviceaccount.com`) is `email` like a
  role address; a URL-encoded user (`noreply%40...`) inside url_credentials stays inside it.
* NEW: masked card numbers (first six/last four, `•••• 1234`), masked IBANs and AWS's
  documented example keys (`...EXAMPLE`) appear only on negative lines, clearly marked; no
  published test card number is used anywhere.
* NEW: nobody outside `people` is mentioned by name alone (without their address in the same
  line), and no labelled person's name is part of a company name.
"""

import argparse
import base64
import ipaddress
import json
import random
import re
import string
import sys
import unicodedata
import uuid
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

SEED = 0x4E1D_2024
R = random.Random(SEED)
ORDER = random.Random(SEED ^ 0x5EED)
OUT = HERE / "heldout4.jsonl"
ID_PREFIX = "held4-"

KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "private_key",
         "jwt", "password", "url_credentials", "mac_address"}
VENDORS = ["anthropic", "atlassian", "aws", "digitalocean", "docker", "gcp", "github", "gitlab",
           "google", "hashicorp", "huggingface", "linear", "mailgun", "newrelic", "npm", "openai",
           "postman", "pypi", "sendgrid", "shopify", "slack", "stripe", "twilio"]
KINDS |= {f"api_key/{v}" for v in VENDORS}

UPPER, LOWER, DIGITS = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UPPER + LOWER + DIGITS
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"
HEX = "0123456789abcdef"


# --- pieces ------------------------------------------------------------------------------------


def rs(chars, n):
    return "".join(R.choice(chars) for _ in range(n))


def digits(n, first_nonzero=True):
    s = rs(DIGITS, n)
    if first_nonzero and n and s[0] == "0":
        s = R.choice("123456789") + s[1:]
    return s


def pick(seq):
    return R.choice(seq)


def ruuid():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def sha1():
    return rs(HEX, 40)


def sha256():
    return rs(HEX, 64)


def look(value):
    """A look-alike left unlabeled on purpose (listed by --lint)."""
    return ("_", value)


def date(year=None):
    y = year or pick([2024, 2025])
    return f"{y}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"


_CLOCK = [0]
_DAY = ["2024-01-01"]


def reset_clock():
    """Each line's clock starts somewhere in the working day of one date; hhmm() and
    slack_time() move it forward, so the timestamps of a thread or timeline increase."""
    _CLOCK[0] = R.randint(6 * 60, 19 * 60)
    _DAY[0] = date()


def today():
    return _DAY[0]


def tick():
    _CLOCK[0] += R.randint(1, 9)
    return _CLOCK[0] % 1440


def hhmm():
    m = tick()
    return f"{m // 60:02d}:{m % 60:02d}"


def slack_time():
    m = tick()
    h = m // 60
    return f"{(h % 12) or 12}:{m % 60:02d} {'AM' if h < 12 else 'PM'}"


_VARIANT = Counter()


def variant(name, options):
    """The next of `options` for template `name`: repeated templates differ."""
    _VARIANT[name] += 1
    return options[(_VARIANT[name] - 1) % len(options)]


def flatten(pieces):
    for p in pieces:
        if isinstance(p, list):
            yield from flatten(p)
        elif p is None:
            continue
        else:
            yield p


# --- people ------------------------------------------------------------------------------------

FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "ae", "Ö": "oe",
                      "Ü": "ue", "ł": "l", "Ł": "l", "ø": "o", "'": "", "’": ""})


def fold(s, german=False):
    if german:
        s = s.translate(FOLD)
    s = s.replace("ł", "l").replace("'", "")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


class Person:
    def __init__(self, name, email, account_id, lang, first, last):
        self.name, self.email, self.aid = name, email, account_id
        self.lang, self.first, self.last = lang, first, last

    def record(self):
        return {"display_name": self.name, "email": self.email, "account_id": self.aid}


class Contact:
    """Someone outside `people`: labelled only beside an address that spells their name."""

    def __init__(self, name, email, lang):
        self.name, self.email, self.lang = name, email, lang


COMPANY = "kestrelfreight.com"

STAFF_NAMES = {
    "en": ["James Whitaker", "Priya Raman", "Olivia Bennett", "Marcus Hale", "Emily Carter",
           "Daniel O'Connor", "Aisha Khan", "Tom Gallagher", "Rachel Kim", "Sean Murphy",
           "Hannah Lowe", "Victor Osei", "Grace Liddell", "Nathan Brooks"],
    "de": ["Jürgen Weiß", "Katrin Vogel", "Lukas Brandt", "Sabine Krüger", "Felix Hoffmann",
           "Anja Schäfer", "Tobias Lehmann", "Miriam Koch"],
    "fr": ["Julien Lefèvre", "Camille Moreau", "Nicolas Girard", "Élodie Fontaine",
           "Mathieu Rousseau", "Sophie Lambert"],
    "es": ["Lucía Fernández", "Javier Morales", "Carmen Ruiz", "Pablo Navarro", "Marta Serrano"],
    "pt": ["João Carvalho", "Beatriz Almeida", "Rui Figueiredo", "Mariana Costa", "Tiago Pereira"],
    "it": ["Giulia Romano", "Marco Bianchi", "Francesca Greco", "Alessandro Conti",
           "Chiara Marino"],
    "nl": ["Sanne de Vries", "Bram Jansen", "Femke Bakker", "Joost van Dijk", "Lotte Visser"],
    "pl": ["Katarzyna Nowak", "Piotr Wiśniewski", "Agnieszka Wójcik", "Tomasz Kamiński",
           "Magdalena Lewandowska"],
    "sv": ["Erik Lindqvist", "Maja Johansson", "Oskar Nilsson", "Elin Bergström", "Johan Åberg"],
    "ja": [("田中 美咲", "misaki", "tanaka"), ("佐藤 健太", "kenta", "sato"),
           ("鈴木 陽子", "yoko", "suzuki"), ("高橋 翔", "sho", "takahashi"),
           ("Daisuke Watanabe", "daisuke", "watanabe")],
    "zh": [("王伟", "wei", "wang"), ("李娜", "na", "li"), ("张敏", "min", "zhang"),
           ("Liu Yang", "yang", "liu"), ("陈静", "jing", "chen")],
    "ko": [("김민준", "minjun", "kim"), ("이서연", "seoyeon", "lee"), ("박지훈", "jihoon", "park"),
           ("Choi Yujin", "yujin", "choi")],
}


def account_id():
    if R.random() < 0.6:
        return R.choice("5678") + rs("0123456789abcdef", 23)
    return pick(["557058", "712020", "630b1a"]) + ":" + ruuid()


def make_staff():
    roster = {}
    for lang, names in STAFF_NAMES.items():
        out = []
        for entry in names:
            if isinstance(entry, tuple):
                name, first, last = entry
                local = f"{first}.{last}"
            else:
                name = entry
                parts = name.split()
                first, last = parts[0], parts[-1]
                german = lang == "de"
                local = fold(first, german) + "." + fold("".join(parts[1:]), german)
                if R.random() < 0.2 and lang not in ("nl",):
                    local = fold(first, german)[0] + "." + fold(last, german)
            out.append(Person(name, f"{local}@{COMPANY}", account_id(), lang, first, last))
        roster[lang] = out
    return roster


STAFF = make_staff()

CONTACT_NAMES = {
    "en": [("Laura Mitchell", "harborline-logistics.com"), ("Kevin Doyle", "doyle-haulage.ie"),
           ("Megan Foster", "brightcart.co.uk"), ("Ryan Patel", "northwind-retail.com"),
           ("Sarah Jennings", "pinecrest-outdoor.com"), ("Brian Walsh", "atlas-cold.com")],
    "de": [("Stefan Richter", "hafenlogistik-nord.de"), ("Claudia Neumann", "moebel-neumann.de"),
           ("Markus Zimmermann", "zimmermann-spedition.de"), ("Heike Braun", "braun-elektro.at")],
    "fr": [("Claire Dubois", "maison-verte.fr"), ("Antoine Mercier", "mercier-transports.fr"),
           ("Isabelle Roux", "roux-cosmetiques.fr"), ("Luc Vandenberghe", "vdb-logistics.be")],
    "es": [("Andrés Molina", "transportes-alba.es"), ("Elena Vidal", "vidal-moda.es"),
           ("Sergio Ortega", "ortega-frio.es")],
    "pt": [("Ricardo Sousa", "sousa-vinhos.pt"), ("Fernanda Lima", "lima-comercio.com.br"),
           ("Paulo Martins", "martins-textil.pt")],
    "it": [("Luca Esposito", "esposito-ricambi.it"), ("Valentina Russo", "russo-design.it"),
           ("Matteo Gallo", "gallo-trasporti.it")],
    "nl": [("Jan de Boer", "vanderlinden-transport.nl"), ("Eva Mulder", "mulder-bloemen.nl"),
           ("Pieter Hendriks", "hendriks-bouw.nl")],
    "pl": [("Marek Kowalczyk", "kowalczyk-trans.pl"), ("Anna Szymańska", "szymanska-meble.pl"),
           ("Krzysztof Mazur", "mazur-logistyka.pl")],
    "sv": [("Anders Karlsson", "karlsson-frakt.se"), ("Lena Eriksson", "eriksson-design.se"),
           ("Mikael Persson", "persson-bygg.se")],
    "ja": [("山本 恵", "megumi", "yamamoto", "yamamoto-shoji.co.jp"),
           ("中村 拓也", "takuya", "nakamura", "nakamura-denki.co.jp"),
           ("小林 直樹", "naoki", "kobayashi", "kobayashi-butsuryu.co.jp")],
    "zh": [("赵丽", "li", "zhao", "huaxin-trading.cn"), ("孙浩", "hao", "sun", "donghai-ship.com.cn"),
           ("周婷", "ting", "zhou", "jinxing-elec.com")],
    "ko": [("정수민", "sumin", "jung", "hanbit-logis.co.kr"), ("윤재현", "jaehyun", "yoon", "daesung-ind.co.kr")],
}


def make_contacts():
    roster = {}
    for lang, entries in CONTACT_NAMES.items():
        out = []
        for entry in entries:
            if len(entry) == 4:
                name, first, last, domain = entry
                local = pick([f"{first}.{last}", f"{last}.{first}", f"{first[0]}.{last}"])
            else:
                name, domain = entry
                parts = name.split()
                g = lang == "de"
                f, l = fold(parts[0], g), fold("".join(parts[1:]), g)
                local = pick([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l}", f"{f}_{l}", f"{f[0]}{l}"])
            out.append(Contact(name, f"{local}@{domain}", lang))
        roster[lang] = out
    return roster


CONTACTS = make_contacts()


class Cast:
    """Draws distinct staff and contacts for one line."""

    def __init__(self):
        self.used = set()
        self.people = []

    def staff(self, lang="en", listed=True):
        pool = [p for p in STAFF[lang] if p.name not in self.used]
        p = pick(pool)
        self.used.add(p.name)
        if listed:
            self.people.append(p)
        return p

    def contact(self, lang="en"):
        pool = [c for c in CONTACTS[lang] if c.name not in self.used]
        c = pick(pool)
        self.used.add(c.name)
        return c


def N(p):
    return ("person", p.name)


def E(p):
    return ("email", p.email) if isinstance(p, Contact) else ("person", p.email)


def A(p):
    return ("person", p.aid)


def CN(c):
    return ("person", c.name)


ALL_CONTACTS_BY_NAME = {c.name: c for cs in CONTACTS.values() for c in cs}


# --- values ------------------------------------------------------------------------------------


def d(n):
    return digits(n)


PHONE_STYLES = {
    "de": [lambda: f"+49 {pick(['30', '40', '89', '69', '221', '711'])} {d(4)} {d(4)}",
           lambda: f"+49 (0){pick(['40', '30', '211'])} {d(8)}",
           lambda: f"0{pick(['40', '30', '89'])} / {d(3)} {d(2)} {d(3)}",
           lambda: f"+49 {pick(['151', '160', '171', '176'])} {d(7)}",
           lambda: f"0{pick(['151', '172', '179'])} {d(4)} {d(3)}",
           lambda: f"0049 {pick(['40', '89'])} {d(8)}",
           lambda: f"+49-(0)40-{d(4)}-{d(4)}"],
    "at": [lambda: f"+43 1 {d(4)} {d(3)}", lambda: f"+43 664 {d(7)}"],
    "ch": [lambda: f"+41 44 {d(3)} {d(2)} {d(2)}", lambda: f"079 {d(3)} {d(2)} {d(2)}"],
    "fr": [lambda: f"+33 1 {d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"04 {d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"06 {d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"+33 (0)6 {d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"+33 4 {d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"07.{d(2)}.{d(2)}.{d(2)}.{d(2)}"],
    "be": [lambda: f"+32 2 {d(3)} {d(2)} {d(2)}", lambda: f"+32 475 {d(2)} {d(2)} {d(2)}"],
    "es": [lambda: f"+34 91{d(1)} {d(3)} {d(3)}", lambda: f"93 {d(3)} {d(2)} {d(2)}",
           lambda: f"+34 6{d(2)} {d(3)} {d(3)}", lambda: f"6{d(2)} {d(2)} {d(2)} {d(2)}",
           lambda: f"(+34) 91{d(1)}-{d(3)}-{d(3)}"],
    "pt": [lambda: f"+351 21{d(1)} {d(3)} {d(3)}", lambda: f"+351 91{d(1)} {d(3)} {d(3)}",
           lambda: f"22 {d(3)} {d(4)}", lambda: f"96{d(1)} {d(3)} {d(3)}"],
    "br": [lambda: f"+55 11 9{d(4)}-{d(4)}", lambda: f"(11) 3{d(3)}-{d(4)}",
           lambda: f"+55 (21) 9{d(4)}-{d(4)}"],
    "it": [lambda: f"+39 02 {d(4)} {d(4)}", lambda: f"02 {d(8)}",
           lambda: f"+39 3{d(2)} {d(3)} {d(4)}", lambda: f"3{d(2)} {d(7)}",
           lambda: f"+39 011 {d(3)} {d(4)}"],
    "nl": [lambda: f"+31 20 {d(3)} {d(4)}", lambda: f"010-{d(7)}", lambda: f"06-{d(8)}",
           lambda: f"+31 6 {d(8)}", lambda: f"+31 (0)10 {d(3)} {d(4)}", lambda: f"06 {d(4)} {d(4)}"],
    "pl": [lambda: f"+48 22 {d(3)} {d(2)} {d(2)}", lambda: f"12 {d(3)} {d(2)} {d(2)}",
           lambda: f"+48 {pick(['601', '512', '698', '790'])} {d(3)} {d(3)}",
           lambda: f"{pick(['601', '512', '698'])}-{d(3)}-{d(3)}"],
    "sv": [lambda: f"+46 8 {d(3)} {d(3)} {d(2)}", lambda: f"08-{d(3)} {d(3)} {d(2)}",
           lambda: f"070-{d(3)} {d(2)} {d(2)}", lambda: f"+46 70 {d(3)} {d(2)} {d(2)}",
           lambda: f"031-{d(2)} {d(2)} {d(2)}"],
    "ja": [lambda: f"03-{d(4)}-{d(4)}", lambda: f"090-{d(4)}-{d(4)}",
           lambda: f"+81 3-{d(4)}-{d(4)}", lambda: f"+81 90 {d(4)} {d(4)}",
           lambda: f"06-{d(4)}-{d(4)}", lambda: f"080({d(4)}){d(4)}"],
    "zh": [lambda: f"+86 21 {d(4)} {d(4)}", lambda: f"021-{d(8)}",
           lambda: f"13{d(1)} {d(4)} {d(4)}", lambda: f"+86 138 {d(4)} {d(4)}",
           lambda: f"+86-10-{d(4)}-{d(4)}", lambda: f"186{d(8)}"],
    "ko": [lambda: f"02-{d(3)}-{d(4)}", lambda: f"010-{d(4)}-{d(4)}",
           lambda: f"+82 10-{d(4)}-{d(4)}", lambda: f"+82 2 {d(4)} {d(4)}",
           lambda: f"031-{d(3)}-{d(4)}"],
    "us": [lambda: f"({pick(['512', '737', '415', '646', '312'])}) {d(3)}-{d(4)}",
           lambda: f"+1 {pick(['512', '206', '617'])} {d(3)} {d(4)}",
           lambda: f"{pick(['512', '469', '305'])}.{d(3)}.{d(4)}",
           lambda: f"+1-{pick(['415', '212', '773'])}-{d(3)}-{d(4)}"],
    "uk": [lambda: f"+44 20 {d(4)} {d(4)}", lambda: f"020 {d(4)} {d(4)}",
           lambda: f"+44 7{d(3)} {d(6)}", lambda: f"07{d(3)} {d(6)}",
           lambda: f"+44 (0)161 {d(3)} {d(4)}"],
    "ie": [lambda: f"+353 1 {d(3)} {d(4)}", lambda: f"+353 87 {d(3)} {d(4)}"],
}
LANG_PHONE = {"en": "us", "de": "de", "fr": "fr", "es": "es", "pt": "pt", "it": "it", "nl": "nl",
              "pl": "pl", "sv": "sv", "ja": "ja", "zh": "zh", "ko": "ko"}


def phone(loc):
    return ("phone", pick(PHONE_STYLES[LANG_PHONE.get(loc, loc)])())


# IBANs: national formats, with the national check digits where the country has them.

def _weights_mod(number, weights, mod):
    return sum(int(c) * w for c, w in zip(number, weights)) % mod


def _fr_key(bank, branch, account):
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


def _es_dc(bank, branch, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def one(s):
        v = 11 - sum(int(c) * k for c, k in zip(s, w)) % 11
        return {11: 0, 10: 1}.get(v, v)
    return f"{one('00' + bank + branch)}{one(account)}"


_IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
           24, 23]


def _it_cin(s):
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += _IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26)


def _nl_account():
    while True:
        acc = digits(10, first_nonzero=False)
        if acc[0] != "0" and sum(int(c) * (10 - i) for i, c in enumerate(acc)) % 11 == 0:
            return acc


def _pl_sort(bank):
    branch = digits(4, first_nonzero=False)
    s = bank + branch
    check = (10 - _weights_mod(s, [3, 9, 7, 1, 3, 9, 7], 10)) % 10
    return s + str(check)


IBAN_LENGTH = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "PL": 28, "SE": 24, "BE": 16,
               "PT": 25, "AT": 20, "CH": 21, "GB": 22, "IE": 22, "DK": 18, "LU": 20}


def bban(country):
    if country == "DE":
        return pick(["10070000", "37040044", "50010517", "20050550", "60050101", "70150000"]) + \
            digits(10, False)
    if country == "FR":
        bank, branch, acc = pick(["30004", "30003", "20041", "10278", "30002"]), \
            digits(5, False), digits(11, False)
        return bank + branch + acc + _fr_key(bank, branch, acc)
    if country == "ES":
        bank, branch, acc = pick(["2100", "0049", "0182", "0081", "2085"]), digits(4, False), \
            digits(10, False)
        return bank + branch + _es_dc(bank, branch, acc) + acc
    if country == "IT":
        abi, cab = pick(["03069", "02008", "05034", "03062"]), digits(5, False)
        acc = "0000" + digits(8, False) if R.random() < 0.6 else digits(12, False)
        return _it_cin(abi + cab + acc) + abi + cab + acc
    if country == "NL":
        return pick(["ABNA", "RABO", "TRIO", "SNSB"]) + _nl_account()
    if country == "PL":
        return _pl_sort(pick(["102", "109", "114", "105", "124"])) + digits(16, False)
    if country == "SE":
        return pick(["500", "800", "600", "300"]) + digits(17, False)
    if country == "BE":
        first = digits(10, False)
        check = int(first) % 97 or 97
        return f"{first}{check:02d}"
    if country == "PT":
        first = pick(["0035", "0033", "0007", "0010"]) + digits(15, False)
        return first + f"{98 - int(first + '00') % 97:02d}"
    if country == "AT":
        return pick(["20111", "12000", "32000", "14000"]) + digits(11, False)
    if country == "CH":
        return pick(["00762", "00230", "08390"]) + digits(12, False)
    if country == "GB":
        return pick(["NWBK", "BARC", "HBUK", "LOYD"]) + digits(6, False) + digits(8, False)
    if country == "IE":
        return pick(["AIBK", "BOFI"]) + digits(6, False) + digits(8, False)
    if country == "DK":
        return digits(14, False)
    if country == "LU":
        return pick(["001", "002", "019"]) + digits(13, False)
    raise ValueError(country)


def iban_value(country, grouped=True):
    b = bban(country)
    value = country + iban_check(country, b) + b
    if grouped:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def iban(country, grouped=None):
    return ("iban", iban_value(country, R.random() < 0.7 if grouped is None else grouped))


CARD_BRANDS = {
    "visa": (lambda: "4" + digits(5, False), 16),
    "mc": (lambda: str(R.randint(51, 55)) + digits(4, False), 16),
    "mc2": (lambda: str(R.randint(2221, 2720)) + digits(2, False), 16),
    "amex": (lambda: pick(["34", "37"]) + digits(4, False), 15),
    "discover": (lambda: "6011" + digits(2, False), 16),
    "jcb": (lambda: str(R.randint(3528, 3589)) + digits(2, False), 16),
    "unionpay": (lambda: "62" + pick(["2202", "1700", "2848"]), 16),
    "diners": (lambda: pick(["36", "38"]) + digits(4, False), 14),
}


def card_number(brand):
    prefix_fn, length = CARD_BRANDS[brand]
    body = prefix_fn() + digits(length - 7, False)
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError


def card(brand="visa", sep=None):
    n = card_number(brand)
    sep = pick([" ", " ", "-", ""]) if sep is None else sep
    if brand == "amex":
        groups = [n[:4], n[4:10], n[10:]]
    elif brand == "diners":
        groups = [n[:4], n[4:10], n[10:]]
    else:
        groups = [n[i:i + 4] for i in range(0, len(n), 4)]
    return ("credit_card", sep.join(groups))


def ssn(sep="-"):
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    return ("ssn", f"{area:03d}{sep}{R.randint(1, 99):02d}{sep}{R.randint(1, 9999):04d}")


def ip_private():
    kind = R.random()
    if kind < 0.45:
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    if kind < 0.75:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    return f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ip_public():
    first = pick([18, 34, 35, 52, 54, 20, 40, 51, 62, 77, 78, 80, 81, 82, 85, 88, 89, 91, 93,
                  94, 95, 109, 141, 145, 146, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213,
                  217, 31, 46, 45, 103, 110, 114, 121, 125, 139, 211, 222])
    return f"{first}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ip6():
    if R.random() < 0.5:
        v = f"2a0{R.randint(1, 9)}:{rs(HEX, 4)}:{rs(HEX, 4)}:{rs(HEX, 3)}::{rs(HEX, 2)}"
    else:
        v = f"fd{rs(HEX, 2)}:{rs(HEX, 4)}:{rs(HEX, 4)}:{R.randint(1, 99)}::{rs(HEX, 3)}"
    return str(ipaddress.ip_address(v))


def ip(private=None):
    if private is None:
        private = R.random() < 0.6
    return ("ip_address", ip_private() if private else ip_public())


def mac(style=None):
    octets = [R.randint(0, 255) for _ in range(6)]
    octets[0] &= 0xFE
    h = [f"{o:02x}" for o in octets]
    style = style or pick(["colon", "colon", "COLON", "dash", "cisco"])
    if style == "colon":
        v = ":".join(h)
    elif style == "COLON":
        v = ":".join(h).upper()
    elif style == "dash":
        v = "-".join(h).upper()
    else:
        v = f"{h[0]}{h[1]}.{h[2]}{h[3]}.{h[4]}{h[5]}"
    return ("mac_address", v)


# --- secrets -----------------------------------------------------------------------------------


def token(vendor, variant=None):
    v = variant
    if vendor == "anthropic":
        t = ("sk-ant-admin01-" if v == "admin" else "sk-ant-api03-") + rs(B64URL, 93) + "AA"
    elif vendor == "atlassian":
        t = "ATATT3xFfGF0" + rs(B64URL, 171) + "=" + rs("0123456789ABCDEF", 8)
    elif vendor == "aws":
        if v == "secret":
            t = rs(B64, 40)
        else:
            t = ("ASIA" if v == "sts" else "AKIA") + rs(UPPER + "234567", 16)
    elif vendor == "digitalocean":
        t = {"oauth": "doo_v1_", "refresh": "dor_v1_"}.get(v, "dop_v1_") + rs(HEX, 64)
    elif vendor == "docker":
        t = "dckr_pat_" + rs(B64URL, 27)
    elif vendor == "gcp":
        t = "GOCSPX-" + rs(B64URL, 28)
    elif vendor == "github":
        if v == "fine":
            t = "github_pat_11" + rs(UPPER + DIGITS, 20) + "_" + rs(ALNUM, 59)
        else:
            t = (v or "ghp") + "_" + rs(ALNUM, 36)
    elif vendor == "gitlab":
        t = (v or "glpat") + "-" + rs(B64URL, 20)
    elif vendor == "google":
        t = "AIzaSy" + rs(B64URL, 33)
    elif vendor == "hashicorp":
        if v == "tfc":
            t = rs(ALNUM, 14) + ".atlasv1." + rs(ALNUM, 67)
        else:
            t = "hvs.CAESI" + rs(B64URL, 86)
    elif vendor == "huggingface":
        t = "hf_" + rs(UPPER + LOWER, 34)
    elif vendor == "linear":
        t = "lin_api_" + rs(ALNUM, 40)
    elif vendor == "mailgun":
        t = "key-" + rs(HEX, 32)
    elif vendor == "newrelic":
        t = rs(HEX, 36) + "NRAL" if v == "license" else "NRAK-" + rs(UPPER + DIGITS, 27)
    elif vendor == "npm":
        t = "npm_" + rs(ALNUM, 36)
    elif vendor == "openai":
        if v == "legacy":
            t = "sk-" + rs(ALNUM, 20) + "T3BlbkFJ" + rs(ALNUM, 20)
        elif v == "svc":
            t = "sk-svcacct-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74)
        else:
            t = "sk-proj-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74)
    elif vendor == "postman":
        t = "PMAK-" + rs(HEX, 24) + "-" + rs(HEX, 34)
    elif vendor == "pypi":
        t = "pypi-AgEIcHlwaS5vcmc" + "CJ" + rs(B64URL, 158)
    elif vendor == "sendgrid":
        t = "SG." + rs(B64URL, 22) + "." + rs(B64URL, 43)
    elif vendor == "shopify":
        t = (v or "shpat") + "_" + rs(HEX, 32)
    elif vendor == "slack":
        if v == "webhook":
            t = (f"https://hooks.slack.com/services/T0{rs(UPPER + DIGITS, 8)}/"
                 f"B0{rs(UPPER + DIGITS, 9)}/{rs(ALNUM, 24)}")
        elif v == "user":
            t = f"xoxp-{d(11)}-{d(11)}-{d(13)}-{rs(HEX, 32)}"
        elif v == "app":
            t = f"xapp-1-A0{rs(UPPER + DIGITS, 9)}-{d(13)}-{rs(HEX, 64)}"
        else:
            t = f"xoxb-{d(11)}-{d(13)}-{rs(ALNUM, 24)}"
    elif vendor == "stripe":
        if v == "whsec":
            t = "whsec_" + rs(ALNUM, 32)
        elif v == "test":
            t = "sk_test_51" + rs(ALNUM, 97)
        elif v == "rk":
            t = "rk_live_51" + rs(ALNUM, 97)
        elif v == "short":
            t = "sk_live_" + rs(ALNUM, 24)
        else:
            t = "sk_live_51" + rs(ALNUM, 97)
    elif vendor == "twilio":
        if v == "secret":
            t = rs(ALNUM, 32)
        elif v == "auth":
            t = rs(HEX, 32)
        else:
            t = "SK" + rs(HEX, 32)
    else:
        raise ValueError(vendor)
    return (f"api_key/{vendor}", t)


def b64u(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(alg="HS256", claims=None, kid=True):
    header = {"alg": alg, "typ": "JWT"}
    if kid and alg.startswith("RS"):
        header = {"alg": alg, "kid": rs(B64URL, 22), "typ": "JWT"}
    now = R.randint(1_704_000_000, 1_740_000_000)
    payload = {"sub": ruuid(), "iat": now, "exp": now + pick([900, 3600, 86400])}
    payload.update(claims or {})
    sig_len = 342 if alg.startswith("RS") else 43
    return ("jwt", f"{b64u(header)}.{b64u(payload)}.{rs(B64URL, sig_len)}")


PEM_HEAD = {
    "rsa": ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 25, 64),
    "pkcs8": ("PRIVATE KEY", "MIIEvgIBADANBgkqhkiG9w0BAQEFAASC", 26, 64),
    "ec": ("EC PRIVATE KEY", "MHcCAQEEI", 3, 64),
    "openssh": ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW", 7, 70),
}


def pem_body(lead, lines, width):
    body = lead + rs(B64, width * lines - len(lead) - R.randint(5, 30))
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    if len(rows[-1]) % 4:
        rows[-1] = rows[-1] + "=" * (4 - len(rows[-1]) % 4)
    return "\n".join(rows)


def private_key(kind="rsa", lines=None):
    label, lead, n, width = PEM_HEAD[kind]
    body = pem_body(lead, lines or n, width)
    return ("private_key", f"-----BEGIN {label}-----\n{body}\n-----END {label}-----")


def certificate(lines=12):
    return f"-----BEGIN CERTIFICATE-----\n{pem_body('MIIF', lines, 64)}\n-----END CERTIFICATE-----"


def public_key():
    return ("-----BEGIN PUBLIC KEY-----\n"
            + pem_body("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 6, 64)
            + "\n-----END PUBLIC KEY-----")


def ssh_pub(comment):
    if R.random() < 0.5:
        return f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rs(B64, 43)} {comment}"
    return f"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{rs(B64, 340)}= {comment}"


WORDS = ["Harbor", "Falcon", "Tiger", "Maple", "Winter", "Summer", "Kestrel", "Anchor", "Cargo",
         "Pallet", "Orion", "Nordlicht", "Sonne", "Primavera", "Lisboa", "Milano", "Tulpen",
         "Wisla", "Fjord", "Sakura", "Hamburg", "Dragon", "Rotterdam", "Monsun"]


def password(style=None):
    style = style or pick(["word", "strong", "strong", "phrase", "hexish", "word"])
    if style == "word":
        return pick(WORDS) + pick(["2024", "2025", "24", "!", "#1", "_01"]) + pick(["!", "?", "$", "", "#"])
    if style == "strong":
        chars = ALNUM + "!#$%&*+-=?@^_"
        while True:
            s = rs(chars, R.randint(14, 22))
            if any(c in "!#$%&*+-=?@^_" for c in s) and any(c.isdigit() for c in s):
                return s
    if style == "phrase":
        return "-".join(pick(["correct", "velvet", "harbor", "crane", "lantern", "pebble",
                              "orbit", "saffron", "tundra", "copper", "meadow", "quartz"])
                        for _ in range(4))
    if style == "alnum":
        return rs(ALNUM, R.randint(16, 32))
    if style == "hexish":
        return rs(HEX, 32)
    if style == "b64":
        return rs(B64, 44)
    raise ValueError(style)


def pw(style=None):
    return ("password", password(style))


def b64secret(value):
    return ("password", base64.b64encode(value.encode()).decode())


# --- templates ---------------------------------------------------------------------------------

POSITIVE, NEGATIVE = [], []


def pos(times=1):
    def register(fn):
        POSITIVE.append((fn, times))
        return fn
    return register


def neg(times=1):
    def register(fn):
        NEGATIVE.append((fn, times))
        return fn
    return register


def ko_time():
    m = tick()
    h = m // 60
    return f"{'오전' if h < 12 else '오후'} {(h % 12) or 12}:{m % 60:02d}"


def urlpw():
    return password(pick(["word", "alnum", "phrase"]))


# ---- chat pastes ----


@pos(2)
def chat_disk_replica():
    c = Cast()
    a, b = c.staff("en"), c.staff(pick(["en", "de", "pl"]))
    host, rep = ip(True), ip(True)
    return [
        "Pasted from #ops-alerts, for the record:\n\n", N(a), f"  {slack_time()}\n",
        "db-prod-2 (", host, ") is at 94% disk again, pg_wal alone is 180G\n",
        N(b), f"  {slack_time()}\n",
        "on it. replica slot looks stuck. can you give me the replicator creds? vault path "
        "secret/db/replica is empty\n",
        N(a), f"  {slack_time()}\n",
        "postgres://", ("url_credentials", f"replicator:{urlpw()}"), "@", rep,
        ":5432/postgres\nrotate it after pls\n",
        N(b), f"  {slack_time()}\n", ":+1: will do once the slot is dropped",
    ], c.people


@pos(2)
def chat_teams_wifi_de():
    c = Cast()
    a, b = c.staff("de"), c.staff("de")
    return [
        f"[{hhmm()}] ", N(a), "\nMoin, kann mir jemand den Zugang zum Lager-WLAN geben? Der "
        "Handscanner in Halle 3 verliert ständig die Verbindung.\n",
        f"[{hhmm()}] ", N(b), "\nSSID ist KF-Lager-5G, Passwort ", pw("word"),
        " (bitte nicht an Fremdfirmen weitergeben)\n",
        f"[{hhmm()}] ", N(a), "\nDanke! Die MAC vom Scanner ist ", mac(),
        ", kannst du die bitte im Controller freischalten?\n",
        f"[{hhmm()}] ", N(b), "\nErledigt, hat jetzt ", ip(True), " fest zugewiesen.",
    ], c.people


@pos(2)
def chat_npm_nokeyword():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        N(a), f"  {slack_time()}\n",
        "can someone send me the token for the publish step? mine expired and the release is "
        "blocked\n", N(b), f"  {slack_time()}\n", token("npm"), "\n",
        N(b), f"  {slack_time()}\n", "automation token, scoped to @kestrel. clear your clipboard lol",
    ], c.people


@pos(1)
def chat_aws_keys():
    c = Cast()
    a, b = c.staff("en"), c.staff("nl")
    return [
        "Thread from #data-eng (copied so the context is on the ticket):\n", N(a), ": ",
        "who has write access to s3://kf-exports-prod? the nightly export fails with "
        "AccessDenied\n", N(b), ": use the export user for now\n", token("aws"), "\n",
        token("aws", "secret"), "\n", N(b),
        ": it's read/write on that bucket only. I'll move it into the job's IAM role tomorrow",
    ], c.people


@pos(1)
def chat_github_token_mention():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        "@", N(a), " the release workflow is red since this morning, I swapped "
        "RELEASE_TOKEN to ", token("github"), " after the old one expired – maybe the scopes "
        "are wrong? cc @", N(b),
    ], c.people


@pos(1)
def chat_fr_sendgrid():
    c = Cast()
    a, b = c.staff("fr"), c.staff("fr")
    return [
        f"[{hhmm()}] ", N(a), " : Salut, les mails de confirmation de livraison ne partent "
        "plus depuis hier soir.\n", f"[{hhmm()}] ", N(b),
        " : La clé SendGrid a été régénérée par l'agence. Nouvelle clé : ", token("sendgrid"),
        "\n", f"[{hhmm()}] ", N(a), " : Merci, je la mets dans le secret du namespace "
        "notifications et je relance le pod.",
    ], c.people


@pos(1)
def chat_es_whatsapp():
    c = Cast()
    a, b = c.staff("es"), c.staff("es")
    dd = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/24"
    return [
        "Copio la conversación del grupo de tráfico:\n",
        f"[{dd}, {hhmm()}:{R.randint(10, 59)}] ", N(a),
        ": ¿Alguien tiene el teléfono del almacén de Zaragoza? No contestan al fijo\n",
        f"[{dd}, {hhmm()}:{R.randint(10, 59)}] ", N(b), ": Prueba con el móvil del jefe de "
        "turno, ", phone("es"), "\n", f"[{dd}, {hhmm()}:{R.randint(10, 59)}] ", N(a),
        ": Gracias, ya está. El camión 4471-KLM descarga a las 16h.",
    ], c.people


@pos(1)
def chat_ja_sendgrid():
    c = Cast()
    a, b = c.staff("ja"), c.staff("ja")
    return [
        N(a), f"  {hhmm()}\n本番のSendGrid APIキー、1Passwordの共有Vaultに入っていなかったので"
        "一旦ここに貼ります\n", token("sendgrid"), "\n", N(b),
        f"  {hhmm()}\nありがとうございます！設定したらこのメッセージは削除してください :pray:",
    ], c.people


@pos(1)
def chat_zh_db():
    c = Cast()
    a, b = c.staff("zh"), c.staff("zh")
    host = ip(True)
    return [
        N(a), f" {hhmm()}\n测试环境的 MySQL 已经迁到新机器了，连接串：mysql://",
        ("url_credentials", f"tms_rw:{urlpw()}"), "@", host, ":3306/tms\n", N(b),
        f" {hhmm()}\n收到。root 密码也改了吗？\n", N(a), f" {hhmm()}\n改了，新的是 ",
        pw("strong"), "，用完请删掉这条消息",
    ], c.people


@pos(1)
def chat_ko_ssh():
    c = Cast()
    a, b = c.staff("ko"), c.staff("ko")
    host = ip(False)
    return [
        N(a), f" {ko_time()}\n스테이징 서버 접속 정보입니다: "
        "ssh ubuntu@", host, " (키는 DM으로 보냈어요)\n", N(b),
        f" {ko_time()}\n감사합니다. 고객사 물류 담당 연락처도 "
        "부탁드려요\n", N(a), f" {ko_time()}\n",
        phone("ko"), " (대표번호, 내선 2번)",
    ], c.people


@pos(1)
def chat_hf_token():
    c = Cast()
    a = c.staff(pick(["en", "sv", "it"]))
    return [
        N(a), ": for the ETA classifier notebook just use mine for now: ", token("huggingface"),
        " (read-only). I'll revoke it when the org token is approved",
    ], c.people


@pos(1)
def chat_stripe_test_key():
    c = Cast()
    a, b = c.staff("en"), c.staff("pt")
    return [
        N(a), f"  {slack_time()}\n",
        "why is prod checkout creating test-mode charges?? web-3 has\nSTRIPE_SECRET_KEY=",
        token("stripe", "test"), "\n", N(b), f"  {slack_time()}\n",
        "my bad, copied the staging overlay. fixing now, live key comes from the sealed secret",
    ], c.people


@pos(1)
def chat_slack_webhook():
    c = Cast()
    a = c.staff(pick(["en", "de"]))
    return [
        N(a), f"  {slack_time()}\n", "new webhook for #deploys, old one is revoked:\n",
        token("slack", "webhook"), "\nplease update the Jenkins credential `slack-deploys`",
    ], c.people


@pos(1)
def chat_pl_vpn():
    c = Cast()
    a, b = c.staff("pl"), c.staff("pl")
    return [
        N(a), f", {hhmm()}\nCześć, nie mogę się połączyć z VPN z magazynu "
        "w Gliwicach, klient pokazuje timeout na ", ip(False), "\n", N(b), f", {hhmm()}\n",
        "Brama się zmieniła, nowy adres to ", ip(False), ". Hasło do profilu magazynowego: ",
        pw("word"), "\n", N(a), f", {hhmm()}\nDziała, dzięki!",
    ], c.people


@pos(1)
def chat_sv_handoff():
    c = Cast()
    a, b = c.staff("sv"), c.staff("sv")
    return [
        N(a), f" {hhmm()}\nKan du ringa chauffören för leveransen till Borås? Han svarar inte "
        "på appen.\n", N(b), f" {hhmm()}\nVilket nummer?\n", N(a), f" {hhmm()}\n",
        phone("sv"), " – fråga efter transportledaren om han inte svarar",
    ], c.people


@pos(1)
def chat_linear_it():
    c = Cast()
    a, b = c.staff("it"), c.staff("it")
    return [
        N(a), f" {hhmm()}\nHo creato la chiave per la sincronizzazione Jira ↔ Linear del team "
        "mobile: ", token("linear"), "\n", N(b), f" {hhmm()}\n",
        "Perfetto, la metto nelle variabili del job di sync. Scade?\n", N(a), f" {hhmm()}\n",
        "No, ma la ruotiamo ogni trimestre",
    ], c.people


@pos(1)
def chat_teams_openai():
    c = Cast()
    a, b = c.staff("en"), c.staff("nl")
    day = date()
    return [
        f"[{day} {hhmm()}] ", N(a), ": the summarizer PoC needs an OpenAI key, can I use "
        "the team one?\n", f"[{day} {hhmm()}] ", N(b), ": yes, project key for "
        "'support-summaries': ", token("openai"),
        "\nmonthly cap is 200 USD, don't use it for anything else",
    ], c.people


@pos(1)
def chat_anthropic():
    c = Cast()
    a = c.staff(pick(["en", "fr", "de"]))
    return [
        N(a), f"  {slack_time()}\n", "workspace key for the ticket-triage pilot (rate limited, "
        "EU data only):\n", token("anthropic"), "\nit's also in 1Password under AI / Pilots",
    ], c.people


@pos(1)
def chat_nl_mac():
    c = Cast()
    a, b = c.staff("nl"), c.staff("nl")
    return [
        N(a), f"  {hhmm()}\nDe nieuwe labelprinter in Venlo krijgt geen adres. MAC staat op de "
        "sticker: ", mac("dash"), "\n", N(b), f"  {hhmm()}\nStaat nu in de DHCP-reservering, "
        "hij krijgt ", ip(True), ". Even herstarten.",
    ], c.people


# ---- incident timelines and postmortems ----


@pos(1)
def incident_webhook_secret():
    c = Cast()
    a, b = c.staff("en"), c.staff(pick(["de", "pl", "en"]))
    return [
        f"Incident INC-{R.randint(1000, 9999)} – Payment webhooks failing (SEV2)\n\n"
        "Timeline (UTC)\n",
        f"{hhmm()}  PagerDuty alert: stripe-webhook 5xx rate > 20%\n",
        f"{hhmm()}  ", N(a), " acknowledges, starts investigating\n",
        f"{hhmm()}  Signing secret was rolled in the Stripe dashboard but not in the k8s secret\n",
        f"{hhmm()}  ", N(b), " updates payments/stripe-webhook with ", token("stripe", "whsec"),
        "\n", f"{hhmm()}  Error rate back to baseline, backlog of 3,412 events replayed\n\n"
        "Follow-up: [~accountid:", A(a), "] to add a sync check to the rotation runbook.",
    ], c.people


@pos(1)
def postmortem_conn_string():
    c = Cast()
    a = c.staff("en")
    host = ip(True)
    return [
        "Postmortem: billing-api outage\n\nWhat happened\nAfter the failover, billing-api logged "
        "its full connection string at INFO level on startup:\n\n  Server=", host,
        ",1433;Database=Billing;User Id=svc_billing;Password=", pw("strong"),
        ";Encrypt=True;\n\nThe logs were shipped to the shared Kibana index for ~6 hours. The "
        "password was rotated by ", N(a), " at 15:40 UTC.",
    ], c.people


@pos(1)
def postmortem_gitlab_leak():
    c = Cast()
    a, b = c.staff("en"), c.staff("sv")
    return [
        "Security incident SEC-", str(R.randint(100, 400)), " – credential committed to "
        "kf-infra\n\nSummary: a GitLab personal access token (", token("gitlab"), ") "
        "belonging to ", N(a), " was committed to kf-infra/terraform/providers.tf in commit ",
        look(sha1()[:10]), ". Secret detection flagged it 11 minutes later; ", N(b),
        " revoked it and force-pushed the rewritten history. Audit log shows no use from "
        "unknown addresses.",
    ], c.people


@pos(1)
def incident_de_tracking():
    c = Cast()
    a, b = c.staff("de"), c.staff("de")
    lb1, lb2 = ip(True), ip(True)
    return [
        "Störungsprotokoll Sendungsverfolgung (Priorität 1)\n\n",
        f"{hhmm()} Uhr – Monitoring meldet Timeouts auf track.kestrelfreight.com\n",
        f"{hhmm()} Uhr – ", N(a), " übernimmt, Loadbalancer ", lb1, " antwortet nicht mehr\n",
        f"{hhmm()} Uhr – Umschalten auf ", lb2, " durch ", N(b), "\n",
        f"{hhmm()} Uhr – Rückruf beim Rechenzentrum (Hotline ", phone("de"), "), Ticket "
        f"{R.randint(100000, 999999)} eröffnet\n",
        f"{hhmm()} Uhr – Dienst wieder verfügbar, Ursache: defektes Netzteil im Rack B7",
    ], c.people


@pos(1)
def incident_ddos_ips():
    c = Cast()
    a = c.staff("en")
    ips = [ip(False) for _ in range(R.randint(3, 5))]
    body = []
    for x in ips:
        body += ["  ", x, f"   {R.randint(20, 90)}k req/min\n"]
    return [
        "Incident notes – customer portal slow (credential stuffing)\n"
        "Top sources at the peak (from the WAF log):\n", body,
        "  ", ("ip_address", ip6()), f"   {R.randint(5, 20)}k req/min\n",
        "All blocked at the edge by ", N(a), ". Rate limit on /login lowered to 10/min per IP.",
    ], c.people


@pos(1)
def postmortem_fr_jwt():
    c = Cast()
    a = c.staff("fr")
    return [
        "Post-mortem – fuite de jeton dans les logs nginx\n\nContexte : le portail transporteur "
        "envoyait le jeton d'accès en paramètre d'URL. Exemple relevé dans access.log :\n\n",
        ip(False), f' - - [{R.randint(1, 28)}/Mar/2024:10:{R.randint(10, 59)}:02 +0100] '
        '"GET /api/v2/shipments?access_token=', jwt("RS256", {"scope": "carrier:read"}),
        ' HTTP/1.1" 200 5120\n\nAction : passage à l\'en-tête Authorization, purge des logs '
        "(responsable : ", N(a), ").",
    ], c.people


@pos(1)
def incident_es_timeline():
    c = Cast()
    a, b = c.staff("es"), c.staff("es")
    return [
        "Cronología de la incidencia – caída del EDI con El Corte Inglés\n",
        f"{hhmm()} – ", N(a), " detecta que los ficheros DESADV no llegan\n",
        f"{hhmm()} – El proveedor del VAN confirma cambio de credenciales SFTP. Nuevas: usuario "
        "kf_edi, contraseña ", pw("strong"), "\n", f"{hhmm()} – ", N(b),
        " actualiza el conector y reenvía 218 mensajes\n",
        f"{hhmm()} – Confirmado con el soporte del VAN (", phone("es"), ")",
    ], c.people


@pos(1)
def incident_pt_timeline():
    c = Cast()
    a = c.staff("pt")
    return [
        "Linha temporal – indisponibilidade do WMS no armazém da Azambuja\n",
        f"{hhmm()} Alertas de ping falhados em wms-az-01 (", ip(True), ")\n",
        f"{hhmm()} ", N(a), " contacta o fornecedor de rede pelo ", phone("pt"), "\n",
        f"{hhmm()} Switch de core reiniciado; MAC do uplink mudou para ", mac("colon"), "\n",
        f"{hhmm()} Serviço restabelecido. Duração total: 1h47m.",
    ], c.people


@pos(1)
def incident_redis_ja():
    c = Cast()
    a, b = c.staff("ja"), c.staff("ja")
    host = ip(True)
    return [
        "障害報告（第一報）\n発生時刻: ", date(), f" {hhmm()} JST\n影響: 配送予約APIがタイムアウト\n"
        "原因: Redisの接続数上限。接続先 redis://", ("url_credentials", f":{urlpw()}"), "@",
        host, ":6379/0\n対応者: ", N(a), "、", N(b),
        "\n次のアクション: maxclients の見直し、パスワードのローテーション",
    ], c.people


# ---- on-call handovers ----


@pos(1)
def handover_en():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        f"On-call handover – week {R.randint(1, 52)} (", N(a), " → ", N(b), ")\n\n"
        "- kafka-broker-3 flapping, OPS-", str(R.randint(4000, 4999)),
        ", restarted twice, last at 02:14 CET\n"
        "- WMS vendor escalation: support line ", ("phone", f"1-800-{d(3)}-{d(4)}"), ", case ", look(str(R.randint(2000000, 2999999))),
        "\n- Temporary admin on the bastion: tmp-oncall / ", pw("strong"),
        " – delete on Monday!\n- New Relic user key for the wallboard CLI: ", token("newrelic"),
        "\n- Nothing else open, quiet week otherwise",
    ], c.people


@pos(1)
def handover_sv():
    c = Cast()
    a, b = c.staff("sv"), c.staff("sv")
    return [
        "Överlämning jour (", N(a), " → ", N(b), ")\n"
        "* Backupjobbet mot NAS:en ", ip(True), " misslyckas sporadiskt, loggar i /var/log/bkp\n"
        "* Leverantörens jourtelefon: ", phone("sv"), "\n"
        "* Tillfälligt lösenord för servicekontot svc-print: ", pw("word"),
        " (byts i morgon)\n* Inget övrigt",
    ], c.people


@pos(1)
def handover_nl():
    c = Cast()
    a, b = c.staff("nl"), c.staff("nl")
    return [
        "Overdracht piketdienst\nVan: ", N(a), "\nNaar: ", N(b), "\n\n"
        "1. Certificaat van portal.kestrelfreight.nl verloopt vrijdag, renewal staat klaar\n"
        "2. Firewall-regel voor de nieuwe klant-SFTP: bron ", ip(False), " toegestaan\n"
        "3. DigitalOcean token voor de monitoring droplets (nodig voor doctl): ",
        token("digitalocean"), "\n4. Escalatie naar de netwerkleverancier via ", phone("nl"),
    ], c.people


@pos(1)
def handover_de():
    c = Cast()
    a, b = c.staff("de"), c.staff("de")
    return [
        "Übergabe Rufbereitschaft KW ", str(R.randint(1, 52)), "\n",
        "Von ", N(a), " an ", N(b), "\n"
        "– Der Mailrelay (", ip(True), ") hängt ab und zu, Dienst postfix neu starten\n"
        "– Mailgun-Key für den Fallback ist ", token("mailgun"), "\n"
        "– Bei Stromausfall in Halle 2: Haustechnik unter ", phone("de"), "\n"
        "– Offene Tickets: SD-", str(R.randint(10000, 19999)), ", SD-", str(R.randint(10000, 19999)),
    ], c.people


@pos(1)
def handover_pl():
    c = Cast()
    a, b = c.staff("pl"), c.staff("pl")
    return [
        "Przekazanie dyżuru (", N(a), " → ", N(b), ")\n"
        "• Replikacja bazy w Krakowie opóźniona o ~40 min, monitoruję\n"
        "• Token Vault dla joba migracji: ", token("hashicorp"), " (TTL 72h)\n"
        "• Kontakt do serwisu klimatyzacji serwerowni: ", phone("pl"),
    ], c.people


# ---- customer-support email threads ----


def role(local, domain=COMPANY):
    return ("email", f"{local}@{domain}")


@pos(2)
def support_en_pod():
    c = Cast()
    agent = c.staff("en")
    x = c.contact("en")
    ship = f"KF-24-{R.randint(100000, 999999)}"
    subject, body, reply = variant("support_en_pod", [
        ("Missing POD for shipment", "Still no proof of delivery for the three pallets to our "
         "Reno DC. Our AP team won't release payment without it.",
         "we have asked the carrier for the signed POD and will update you within 24h."),
        ("Damaged cartons on delivery of", "Two of the six cartons arrived crushed and the "
         "driver left before we could note it on the CMR. Photos are attached.",
         "sorry to hear that. Please send photos of the outer packaging and the labels.")])
    return [
        "From: ", CN(x), " <", E(x), ">\nSent: Thursday, March 14, 2024 4:12 PM\n"
        "To: Kestrel Support <", role("support"), ">\nCc: ", E(agent), "\n"
        f"Subject: RE: [SD-{R.randint(10000, 29999)}] {subject} {ship}\n\n"
        "Hi team,\n\n", body, " Could someone call me at ", phone("us"),
        " today?\n\nThanks,\n", CN(x), "\nLogistics Coordinator\nM: ", phone("us"), "\n\n"
        "> On Wed, Mar 13, 2024 at 9:03 AM Kestrel Support wrote:\n"
        "> Hello, ", reply, "\n"
        "> Kind regards, ", N(agent),
    ], c.people


@pos(1)
def support_en_card_callback():
    c = Cast()
    x = c.contact("en")
    return [
        "Customer replied by email (pasted from the shared inbox):\n\n"
        "From: ", CN(x), " <", E(x), ">\nTo: ", role("billing"), "\n\n"
        "Please just put the storage fees on our company card, I can't get a PO raised this "
        "month. It's ", card(pick(["visa", "mc", "amex"])), ", exp 08/27, the security code "
        "I'll give over the phone.\n\n", CN(x), "\nOperations Manager\n", phone("uk"),
    ], []


@pos(1)
def support_en_reset_request():
    c = Cast()
    a = c.staff("en")
    x = c.contact("en")
    return [
        "> -----Original Message-----\n> From: ", CN(x), " [mailto:", E(x), "]\n"
        "> Subject: Portal login\n> I'm locked out of the customer portal again. My username is "
        "the same as my email.\n\nReset done. Temporary password sent separately by SMS to ",
        ("phone", f"+353 8{pick('3567')} {d(3)} {d(4)}"), ": ", pw("word"), " – ", N(a), " please make sure the portal forces a "
        "change at next login.",
    ], c.people


@pos(1)
def support_de():
    c = Cast()
    agent = c.staff("de")
    x = c.contact("de")
    return [
        "Von: ", CN(x), " <", E(x), ">\nGesendet: Dienstag, 4. Juni 2024 09:12\n"
        "An: Kundenservice <", role("kundenservice"), ">\n"
        "Betreff: AW: Rechnung 2024-", str(R.randint(10000, 99999)), " doppelt belastet\n\n"
        "Sehr geehrte Damen und Herren,\n\nleider wurde die Rechnung zweimal per Lastschrift "
        "eingezogen. Bitte erstatten Sie den Betrag auf unser Konto\n", iban("DE"),
        " (Commerzbank).\n\nMit freundlichen Grüßen\n", CN(x), "\nBuchhaltung\nTel. ",
        phone("de"), "\n\n-----Ursprüngliche Nachricht-----\nVon: ", N(agent), " <",
        E(agent), ">\nWir prüfen den Vorgang und melden uns.",
    ], c.people


@pos(1)
def support_at_ch():
    c = Cast()
    x = c.contact("de")
    country = pick(["AT", "CH"])
    return [
        "Kunde schreibt (Weiterleitung aus dem Postfach ", role("service"), "):\n\n"
        "> Grüß Gott, die Gutschrift zu Lieferung ", look(f"LS-{R.randint(400000, 499999)}"),
        " bitte auf ", iban(country),
        " überweisen, nicht mehr auf das alte Konto.\n> Bei Fragen erreichen Sie mich unter ",
        phone(country.lower()), ".\n> ", CN(x), " | ", E(x),
    ], []


@pos(1)
def support_fr():
    c = Cast()
    agent = c.staff("fr")
    x = c.contact("fr")
    return [
        "De : ", CN(x), " <", E(x), ">\nEnvoyé : mardi 9 avril 2024 17:40\n"
        "À : Service client <", role("service-client"), ">\nCc : ", E(agent), "\n"
        f"Objet : RE: Commande {R.randint(80000, 89999)} – palette endommagée\n\n"
        "Bonjour,\n\nJe vous joins les photos de la palette reçue ce matin. Merci de me rappeler "
        "au ", phone("fr"), " ou sur mon portable ", ("phone", f"06 {d(2)} {d(2)} {d(2)} {d(2)}"),
        ".\n\nCordialement,\n", CN(x), "\nResponsable achats\n\n"
        "> Le 8 avr. 2024 à 11:02, ", N(agent), " a écrit :\n"
        "> Pourriez-vous nous envoyer des photos de l'emballage ?",
    ], c.people


@pos(1)
def support_be():
    c = Cast()
    x = c.contact("fr")
    return [
        "Message transféré\n\nDe : ", CN(x), " <", E(x), ">\n"
        "Bonjour, suite à notre changement de banque, merci de noter nos nouvelles coordonnées "
        "bancaires : ", iban("BE"), " (BIC GEBABEBB). L'ancien compte sera clôturé fin du mois."
        "\nBien à vous,\n", CN(x), "\n", phone("be"),
    ], []


@pos(1)
def support_es():
    c = Cast()
    agent = c.staff("es")
    x = c.contact("es")
    return [
        "De: ", CN(x), " <", E(x), ">\nEnviado el: lunes, 3 de junio de 2024 10:05\n"
        "Para: Atención al cliente <", role("atencion.cliente"), ">\n"
        "Asunto: RE: Devolución pedido ", look(f"PV-{R.randint(100000, 999999)}"), "\n\n"
        "Buenos días:\n\nOs paso de nuevo el IBAN para el abono, porque en la última "
        "transferencia os equivocasteis de cuenta: ", iban("ES"),
        "\n\nUn saludo,\n", CN(x), "\nDpto. Administración\nTel. ", phone("es"),
        "\n\nEl vie, 31 may 2024 a las 16:20, ", N(agent), " (<", E(agent), ">) escribió:\n"
        "> Disculpe las molestias, revisamos el abono y le confirmamos.",
    ], c.people


@pos(1)
def support_pt():
    c = Cast()
    agent = c.staff("pt")
    x = c.contact("pt")
    return [
        "De: ", CN(x), " <", E(x), ">\nPara: ", E(agent), "\n"
        "Assunto: Re: Recolha adiada – guia ", look(f"GT{R.randint(10000000, 99999999)}"), "\n\n"
        "Bom dia,\n\nA recolha voltou a não acontecer. Peço que me liguem para o ",
        phone("pt"), " antes das 18h. Para o reembolso dos portes, o nosso IBAN é ",
        iban("PT"), ".\n\nCumprimentos,\n", CN(x),
    ], c.people


@pos(1)
def support_br():
    c = Cast()
    x = ALL_CONTACTS_BY_NAME["Fernanda Lima"]
    c.used.add(x.name)
    a = c.staff("pt")
    return [
        "Cliente respondeu no chamado:\n\n> Olá, segue o contato do nosso responsável de "
        "recebimento em Guarulhos: ", phone("br"), ". O e-mail para envio das notas fiscais é ",
        role("nfe", "lima-comercio.com.br"), ".\n> Att., ", CN(x), " – ", E(x),
        "\n\n", N(a), ": contato atualizado no CRM.",
    ], c.people


@pos(1)
def support_it():
    c = Cast()
    agent = c.staff("it")
    x = c.contact("it")
    return [
        "Da: ", CN(x), " <", E(x), ">\nInviato: mercoledì 12 giugno 2024 08:47\n"
        "A: Assistenza clienti <", role("assistenza"), ">\n"
        "Oggetto: R: Fattura n. ", look(f"{R.randint(100, 999)}/2024"), " – coordinate bancarie\n\n"
        "Buongiorno,\nvi confermo che il pagamento va effettuato sul nuovo conto ", iban("IT"),
        ". Per qualsiasi dubbio potete chiamarmi al ", phone("it"), ".\n\nCordiali saluti\n",
        CN(x), "\nUfficio amministrazione\n\n"
        "Il giorno mar 11 giu 2024 alle ore 15:30 ", N(agent), " ha scritto:\n"
        "> Gentile cliente, ci servono le coordinate aggiornate.",
    ], c.people


@pos(1)
def support_nl():
    c = Cast()
    agent = c.staff("nl")
    x = c.contact("nl")
    return [
        "Van: ", CN(x), " <", E(x), ">\nVerzonden: vrijdag 7 juni 2024 14:22\n"
        "Aan: Klantenservice <", role("klantenservice"), ">\n"
        "Onderwerp: RE: Creditnota ", look(f"CN-{R.randint(20240000, 20249999)}"), "\n\n"
        "Goedemiddag,\n\nDe creditnota graag overmaken naar ", iban("NL"),
        " t.n.v. onze holding. Bellen kan ook: ", phone("nl"),
        ".\n\nMet vriendelijke groet,\n", CN(x), "\n\n"
        "Op do 6 jun 2024 om 09:10 schreef ", N(agent), " <", E(agent), ">:\n"
        "> Wij hebben een creditnota aangemaakt.",
    ], c.people


@pos(1)
def support_pl():
    c = Cast()
    agent = c.staff("pl")
    x = c.contact("pl")
    return [
        "Od: ", CN(x), " <", E(x), ">\nWysłano: czwartek, 20 czerwca 2024 11:15\n"
        "Do: Obsługa klienta <", role("bok"), ">\n"
        "Temat: RE: Reklamacja ", look(f"RK/{R.randint(100, 999)}/06/2024"), "\n\n"
        "Dzień dobry,\n\nproszę o zwrot na rachunek ", iban("PL"),
        ". W razie pytań proszę dzwonić: ", phone("pl"), ".\n\nPozdrawiam\n", CN(x), "\n\n"
        "W dniu 19.06.2024 o 16:02, ", N(agent), " pisze:\n> Prosimy o numer rachunku do zwrotu.",
    ], c.people


@pos(1)
def support_sv():
    c = Cast()
    agent = c.staff("sv")
    x = c.contact("sv")
    return [
        "Från: ", CN(x), " <", E(x), ">\nSkickat: den 28 maj 2024 13:44\n"
        "Till: Kundtjänst <", role("kundtjanst"), ">\nÄmne: SV: Försenad leverans\n\n"
        "Hej,\n\nLeveransen har fortfarande inte kommit. Ring mig på ", phone("sv"),
        ". Återbetalningen av fraktkostnaden kan gå till ", iban("SE"),
        ".\n\nMed vänliga hälsningar\n", CN(x), "\n\n"
        "> ", N(agent), " skrev: Vi har kontaktat åkeriet.",
    ], c.people


@pos(1)
def support_dk_lu():
    c = Cast()
    x = c.contact(pick(["sv", "en"]))
    country = pick(["DK", "LU"])
    return [
        "Forwarded by the AR team: the customer's new bank details, please update the vendor "
        "master.\n\n> Account holder: Nordhavn Retail ApS\n> IBAN: ", iban(country, False),
        "\n> Contact: ", CN(x), " <", E(x), ">",
    ], []


@pos(1)
def support_ja():
    c = Cast()
    agent = c.staff("ja")
    x = c.contact("ja")
    return [
        "差出人: ", CN(x), " <", E(x), ">\n送信日時: 2024年6月11日 10:24\n"
        "宛先: カスタマーサポート <", role("support-jp"), ">\n件名: RE: 納品遅延について\n\n"
        "ご担当者様\n\nいつもお世話になっております。\n本日着予定の貨物がまだ届いておりません。"
        "至急ご確認のうえ、", phone("ja"), "までご連絡ください。\n\n", CN(x), "\n物流部\n"
        "TEL: ", phone("ja"), "\n\n> ", N(agent), " <", E(agent), "> wrote:\n"
        "> 出荷は完了しております。",
    ], c.people


@pos(1)
def support_zh():
    c = Cast()
    agent = c.staff("zh")
    x = c.contact("zh")
    return [
        "发件人: ", CN(x), " <", E(x), ">\n发送时间: 2024年5月21日 9:30\n"
        "收件人: 客服 <", role("cs-cn"), ">\n主题: 回复: 集装箱延误\n\n"
        "您好，\n集装箱到现在还没有到港，请尽快联系我，手机 ", phone("zh"),
        "。\n\n谢谢\n", CN(x), "\n\n------------------ 原始邮件 ------------------\n"
        "发件人: ", N(agent), "\n我们正在与船公司确认。",
    ], c.people


@pos(1)
def support_ko():
    c = Cast()
    agent = c.staff("ko")
    x = c.contact("ko")
    return [
        "보낸 사람: ", CN(x), " <", E(x), ">\n받는 사람: ", E(agent), "\n"
        "제목: RE: 통관 서류 요청\n\n안녕하세요,\n요청하신 서류 첨부합니다. 확인 후 ",
        phone("ko"), "로 연락 부탁드립니다.\n\n감사합니다.\n", CN(x), " 드림",
    ], c.people


@pos(1)
def support_en_ssn_w9():
    c = Cast()
    x = c.contact("en")
    a = c.staff("en")
    return [
        "Owner-operator onboarding: the carrier sent the W-9 in the email body instead of "
        "attaching it.\n\n> Name: ", CN(x), "\n> Business name: Ridgeway Haulage LLC\n"
        "> SSN: ", ssn(), "\n> Email: ", E(x), "\n\n", N(a),
        " – please move this into the vendor file and delete the comment.",
    ], c.people


# ---- pasted configuration ----


@pos(2)
def env_file():
    c = Cast()
    a = c.staff(pick(["en", "de", "nl"]))
    db, rd = ip(True), ip(True)
    return [
        N(a), " asked for the .env of the staging box, here it is (rotate after copying!):\n\n"
        "```\nAPP_ENV=staging\nAPP_URL=https://staging.kestrelfreight.com\n"
        "DATABASE_URL=postgresql://", ("url_credentials", f"kf_app:{urlpw()}"), "@", db,
        ":5432/kf_staging\nREDIS_URL=redis://", ("url_credentials", f":{urlpw()}"), "@", rd,
        ":6379/2\nSENDGRID_API_KEY=", token("sendgrid"), "\nSTRIPE_SECRET_KEY=",
        token("stripe", "short"), "\nSESSION_SECRET=", pw("alnum"), "\nLOG_LEVEL=debug\n```",
    ], c.people


@pos(1)
def env_ai_services():
    return [
        "Current `.env.local` from the support-bot repo (this is the one that leaked into the "
        "Docker image, see SEC-", str(R.randint(100, 400)), "):\n\n"
        "OPENAI_API_KEY=", token("openai"), "\nANTHROPIC_API_KEY=", token("anthropic"),
        "\nHF_TOKEN=", token("huggingface"), "\nJIRA_BASE_URL=https://kestrelfreight.atlassian.net"
        "\nMAX_TOKENS=1024\n",
    ], []


@pos(1)
def env_twilio():
    c = Cast()
    a = c.staff("en")
    return [
        "SMS notifications stopped after the account migration. Config on notifier-1:\n"
        "TWILIO_API_KEY=", token("twilio"), "\nTWILIO_API_SECRET=", token("twilio", "secret"),
        "\nTWILIO_FROM=", phone("us"), "\nNOTIFY_FALLBACK_EMAIL=", role("dispatch"), "\n\n",
        N(a), ": the key pair is valid, the sender number wasn't ported yet.",
    ], c.people


@pos(1)
def env_twilio_auth():
    return [
        "twilio.env (old setup with the auth token, to be replaced by API keys):\n"
        "TWILIO_AUTH_TOKEN=", token("twilio", "auth"), "\nTWILIO_MESSAGING_SERVICE=driver-alerts"
        "\nALERT_TO=", phone("uk"),
    ], []


@pos(2)
def docker_compose():
    host = ip(True)
    return [
        "docker-compose.yml we use for the reporting stack:\n\n"
        "services:\n  db:\n    image: postgres:16.2\n    environment:\n"
        "      POSTGRES_USER: reporting\n      POSTGRES_PASSWORD: ", pw(), "\n"
        "    ports:\n      - \"5432:5432\"\n  pgadmin:\n    image: dpage/pgadmin4:8.5\n"
        "    environment:\n      PGADMIN_DEFAULT_EMAIL: ", role("it-admin"), "\n"
        "      PGADMIN_DEFAULT_PASSWORD: ", pw("word"), "\n  metabase:\n"
        "    image: metabase/metabase:v0.49.7\n    environment:\n"
        "      MB_DB_HOST: ", host, "\n      MB_DB_PASS: ", pw("strong"), "\n",
    ], []


@pos(2)
def k8s_secret():
    user = pick(["wms", "tms", "billing", "portal"])
    return [
        "kubectl get secret ", user, "-db -o yaml (from the prod cluster, before we moved to "
        "external-secrets):\n\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ", user, "-db\n"
        "  namespace: ", user, "\ntype: Opaque\ndata:\n  DB_USER: ",
        look(base64.b64encode(user.encode()).decode()), "\n  DB_PASSWORD: ",
        b64secret(password(pick(["strong", "word"]))), "\n  JWT_SIGNING_KEY: ",
        b64secret(password("alnum")), "\n",
    ], []


@pos(1)
def k8s_deployment_env():
    return [
        "Found this in the carrier-sync Deployment, the token is inline instead of a "
        "secretKeyRef:\n\n    spec:\n      containers:\n        - name: carrier-sync\n"
        "          image: registry.kestrelfreight.com/carrier-sync:2.8.1\n          env:\n"
        "            - name: SHOPIFY_ADMIN_TOKEN\n              value: \"", token("shopify"),
        "\"\n            - name: SHOP_DOMAIN\n              value: kestrel-outlet.myshopify.com\n",
    ], []


@pos(2)
def tfvars():
    return [
        "terraform.tfvars for the DR environment (should be in TFC workspace vars, not in the "
        "repo):\n\nregion          = \"fra1\"\ndo_token        = \"", token("digitalocean"),
        "\"\nadmin_cidrs     = [\"", ip(False), "/32\", \"", ip(False), "/32\"]\n"
        "db_admin_password = \"", pw("strong"), "\"\ndroplet_size    = \"s-4vcpu-8gb\"\n",
    ], []


@pos(1)
def tfc_credentials():
    return [
        "cat ~/.terraform.d/credentials.tfrc.json on the build agent:\n"
        "{\n  \"credentials\": {\n    \"app.terraform.io\": {\n      \"token\": \"",
        token("hashicorp", "tfc"), "\"\n    }\n  }\n}",
    ], []


@pos(2)
def ansible_vars():
    return [
        "group_vars/warehouse.yml (someone decrypted it and committed the plain file):\n\n"
        "---\nansible_user: deploy\nansible_become_password: ", pw(), "\n"
        "mysql_root_password: \"", pw("strong"), "\"\nsmtp_relay: ", ip(True), "\n"
        "label_printer_macs:\n  - \"", mac("COLON"), "\"\n  - \"", mac("COLON"), "\"\n"
        "ntp_servers: [0.de.pool.ntp.org, 1.de.pool.ntp.org]\n",
    ], []


@pos(2)
def spring_props():
    host = ip(True)
    return [
        "application-prod.properties of the customs-gateway:\n\n"
        "server.port=8443\nspring.datasource.url=jdbc:postgresql://", host,
        ":5432/customs?sslmode=require\nspring.datasource.username=customs_app\n"
        "spring.datasource.password=", pw(), "\nspring.mail.host=smtp.mailgun.org\n"
        "spring.mail.username=", role("postmaster", "mg.kestrelfreight.com"),
        "\nspring.mail.password=", pw("hexish"),
        "\nmanagement.endpoints.web.exposure.include=health,info\n",
    ], []


@pos(1)
def nginx_upstream():
    return [
        "nginx conf on edge-2 (the basic auth header is hardcoded, that's why the partner API "
        "still works after we removed the user):\n\nupstream tracking_api {\n    server ",
        ip(True), ":8080 max_fails=3;\n    server ", ip(True), ":8080 max_fails=3;\n}\n"
        "server {\n    listen 443 ssl http2;\n    server_name api.kestrelfreight.com;\n"
        "    location /partner/ {\n        proxy_set_header Authorization \"Bearer ",
        jwt("HS256", {"partner": "dhl-de", "scope": "tracking"}), "\";\n"
        "        proxy_pass http://tracking_api;\n    }\n}",
    ], []


@pos(1)
def apache_vhost():
    return [
        "Apache vhost of the old intranet (still running on ", ip(True), "):\n\n"
        "<VirtualHost *:443>\n  ServerName intranet.kestrelfreight.local\n"
        "  SetEnv LDAP_BIND_DN \"cn=svc-intranet,ou=service,dc=kf,dc=local\"\n"
        "  SetEnv LDAP_BIND_PW \"", pw("strong"), "\"\n  Require ip ", ip(True), "\n"
        "</VirtualHost>",
    ], []


@pos(1)
def pypirc():
    return [
        "~/.pypirc on the release runner:\n\n[distutils]\nindex-servers =\n    pypi\n\n[pypi]\n"
        "username = __token__\npassword = ", token("pypi"), "\n",
    ], []


@pos(1)
def npmrc():
    return [
        "Project .npmrc (why is this committed??)\n\n@kestrel:registry=https://registry.npmjs.org/\n"
        "//registry.npmjs.org/:_authToken=", token("npm"), "\nalways-auth=true",
    ], []


@pos(1)
def toml_config():
    return [
        "config.toml of the label-service:\n\n[server]\nbind = \"0.0.0.0:9000\"\n\n[database]\n"
        "url = \"postgres://", ("url_credentials", f"labels:{urlpw()}"), "@", ip(True),
        "/labels\"\n\n[carriers.ups]\naccount = \"", look(rs(UPPER + DIGITS, 6)),
        "\"\nclient_secret = \"", pw("alnum"), "\"\n\n[maps]\ngoogle_api_key = \"",
        token("google"), "\"",
    ], []


@pos(1)
def ini_odbc():
    return [
        "odbc.ini from the finance terminal server (Power BI gateway):\n\n[KF_DWH]\n"
        "Driver=ODBC Driver 18 for SQL Server\nServer=tcp:", ip(True), ",1433\n"
        "Database=dwh\nUID=pbi_reader\nPWD=", pw(), "\nTrustServerCertificate=yes",
    ], []


@pos(1)
def docker_config_json():
    user = "kfbuild"
    secret = password("strong")
    return [
        "~/.docker/config.json on build-04:\n{\n  \"auths\": {\n"
        "    \"registry.kestrelfreight.com\": {\n      \"auth\": \"",
        ("password", base64.b64encode(f"{user}:{secret}".encode()).decode()),
        "\"\n    }\n  }\n}",
    ], []


@pos(1)
def yaml_app_mailgun():
    return [
        "notifier/config/production.yml\n\nmail:\n  provider: mailgun\n  domain: "
        "mg.kestrelfreight.com\n  api_key: ", token("mailgun"), "\n  from: \"Kestrel Freight "
        "<", role("no-reply"), ">\"\nsms:\n  provider: twilio\n  api_key_sid: ",
        token("twilio"), "\n  api_key_secret: ", token("twilio", "secret"), "\n",
    ], []


@pos(1)
def gcp_client_secret():
    return [
        "client_secret.json for the Gmail add-on (downloaded from the console, project "
        "kf-workspace-addons):\n{\"installed\":{\"client_id\":\"", look(f"{d(12)}-{rs(LOWER + DIGITS, 32)}.apps.googleusercontent.com"),
        "\",\"project_id\":\"kf-workspace-addons\",\"auth_uri\":\"https://accounts.google.com/o/"
        "oauth2/auth\",\"client_secret\":\"", token("gcp"),
        "\",\"redirect_uris\":[\"http://localhost\"]}}",
    ], []


@pos(1)
def google_maps_url():
    c = Cast()
    a = c.staff("it")
    return [
        "La geocodifica degli indirizzi di consegna restituisce REQUEST_DENIED. Richiesta di "
        "esempio dal log:\nGET https://maps.googleapis.com/maps/api/geocode/json?address=Via+"
        "Tortona+27+Milano&key=", token("google"), "\n", N(a),
        " verifica le restrizioni della chiave nella console.",
    ], c.people


@pos(1)
def atlassian_env():
    c = Cast()
    a = c.staff("en")
    return [
        "jira-sync/.env:\nJIRA_URL=https://kestrelfreight.atlassian.net\nJIRA_USER=", E(a),
        "\nJIRA_API_TOKEN=", token("atlassian"), "\nSYNC_PROJECTS=OPS,SD,WMS",
    ], c.people


@pos(1)
def vault_export():
    return [
        "Run before the migration script:\n\n  export VAULT_ADDR=https://vault.kestrelfreight.com:8200\n"
        "  export VAULT_TOKEN=", token("hashicorp"), "\n  vault kv get -field=password "
        "secret/wms/db\n",
    ], []


@pos(1)
def postman_env():
    return [
        "Postman CLI in the contract-tests job:\n\npostman login --with-api-key ",
        token("postman"), "\npostman collection run 12345678-", look(ruuid()),
        " -e staging\n",
    ], []


@pos(1)
def newrelic_yml():
    return [
        "newrelic.yml on the legacy Java app (agent 8.9.1):\n\ncommon: &default_settings\n"
        "  license_key: '", token("newrelic", "license"), "'\n  app_name: wms-legacy\n"
        "  log_level: info\n",
    ], []


@pos(1)
def ansible_hosts_ini():
    return [
        "inventory/hosts.ini\n\n[scanners]\nscan-hh-01 ansible_host=", ip(True),
        "\nscan-hh-02 ansible_host=", ip(True), "\n\n[scanners:vars]\nansible_user=admin\n"
        "ansible_password=", pw("word"), "\n",
    ], []


@pos(1)
def wpa_supplicant():
    c = Cast()
    a = c.staff("sv")
    return [
        "wpa_supplicant.conf för infoskärmarna i Göteborg (", N(a), " bad om den):\n\n"
        "network={\n    ssid=\"KF-Display\"\n    psk=\"", pw("phrase"), "\"\n    key_mgmt=WPA-PSK\n}",
    ], c.people


@pos(1)
def k8s_registry_secret():
    return [
        "Pull secret for the Docker Hub mirror (created by hand, please replace):\n\n"
        "kubectl create secret docker-registry hub-creds --docker-server=https://index.docker.io/v1/ "
        "--docker-username=kestrelci --docker-password=", token("docker"),
        " -n build",
    ], []


# ---- CI/CD logs ----


def ts():
    return f"{today()}T{hhmm()}:{R.randint(10, 59)}.{R.randint(1000000, 9999999)}Z"


@pos(1)
def ci_docker_login():
    return [
        ts(), " ##[group]Run docker login -u kestrelci -p ", token("docker"),
        " registry-1.docker.io\n", ts(), " WARNING! Using --password via the CLI is insecure. "
        "Use --password-stdin.\n", ts(), " Login Succeeded\n", ts(), " ##[endgroup]",
    ], []


@pos(1)
def ci_jenkins_mvn():
    return [
        f"[Pipeline] sh\n+ mvn -B -s settings.xml deploy -DskipTests "
        "-Dnexus.user=deployer -Dnexus.password=", pw(), "\n[INFO] Scanning for projects...\n"
        "[INFO] Uploading to kf-releases: https://nexus.kestrelfreight.com/repository/"
        "kf-releases/com/kestrel/wms-core/4.12.0/wms-core-4.12.0.jar\n[INFO] BUILD SUCCESS",
    ], []


@pos(1)
def ci_gitlab_aws():
    return [
        "$ set -x\n$ export AWS_ACCESS_KEY_ID=", token("aws"), "\n"
        "+ export AWS_SECRET_ACCESS_KEY=", token("aws", "secret"), "\n"
        "$ aws s3 sync dist/ s3://kf-portal-assets --delete\nupload: dist/index.html to "
        "s3://kf-portal-assets/index.html\nJob succeeded",
    ], []


@pos(1)
def ci_npm_publish():
    return [
        "Publish step output (set -x is on in that script):\n"
        "+ echo //registry.npmjs.org/:_authToken=", token("npm"), "\n"
        "+ npm publish --access restricted\nnpm notice 📦  @kestrel/tracking-widget@3.4.0\n"
        "npm notice Publishing to https://registry.npmjs.org/ with tag latest",
    ], []


@pos(1)
def ci_twine():
    return [
        "Run twine upload -u __token__ -p ", token("pypi"),
        " dist/*\nUploading distributions to https://upload.pypi.org/legacy/\n"
        "Uploading kf_edi_tools-1.7.2-py3-none-any.whl\n100% ━━━━━━━━━━━━━━━━ 41.2/41.2 kB",
    ], []


@pos(1)
def ci_helm():
    return [
        "helm upgrade --install tms ./charts/tms -n tms \\\n"
        "  --set image.tag=2024.06.3 \\\n  --set postgresql.auth.password=", pw("strong"),
        " \\\n  --set integrations.linear.apiKey=", token("linear"), "\n"
        "Release \"tms\" has been upgraded. Happy Helming!\nREVISION: 57",
    ], []


@pos(1)
def ci_github_actions_curl():
    return [
        "Run curl -sf -H \"Authorization: token ", token("github", "ghs"), "\" "
        "https://api.github.com/repos/kestrel/wms/releases/latest\n"
        "curl: (22) The requested URL returned error: 401",
    ], []


@pos(1)
def ci_doctl():
    return [
        "+ doctl auth init --access-token ", token("digitalocean"),
        "\nValidating token... ✔\n+ doctl kubernetes cluster kubeconfig save kf-dr-fra1\n"
        "Notice: Adding cluster credentials to kubeconfig file found in \"/root/.kube/config\"",
    ], []


@pos(1)
def ci_git_clone_token():
    c = Cast()
    a = c.staff("de")
    return [
        "Clone-Schritt im Build schlägt fehl:\n+ git clone https://oauth2:", token("gitlab"),
        "@gitlab.kestrelfreight.com/platform/edi-mapper.git\nfatal: Authentication failed\n\n",
        N(a), ": Token ist abgelaufen, bitte Projekt-Token mit read_repository anlegen.",
    ], c.people


@pos(1)
def ci_git_remote_github():
    return [
        "git remote -v on the deploy host:\norigin  https://", token("github", "fine"),
        "@github.com/kestrel/portal.git (fetch)\n",
    ], []


@pos(1)
def ci_shopify_cli():
    return [
        "shopify theme push --store kestrel-outlet --password ", token("shopify", "shpat"),
        "\n╭─ success ─────────────────╮\n│  Theme pushed (#", look(str(R.randint(100000000000, 199999999999))),
        ")  │\n╰───────────────────────────╯",
    ], []


# ---- SQL ----


@pos(1)
def sql_customer_query():
    rows, cast = [], Cast()
    for _ in range(3):
        x = cast.contact(pick(["de", "fr", "nl", "en", "it"]))
        ph = phone(x.lang)
        rows += [f"| {R.randint(1000, 9999)} | ", CN(x), " | ", E(x), " | ", ph, " |\n"]
    return [
        "Query result for the duplicate-account check:\n\n"
        "| id   | contact_name | contact_email | phone |\n|------|------|------|------|\n",
        rows,
    ], []


@pos(1)
def sql_create_user():
    return [
        "Ran on the reporting replica:\n\nCREATE USER report_ro WITH PASSWORD '", pw("strong"),
        "';\nGRANT CONNECT ON DATABASE dwh TO report_ro;\nGRANT SELECT ON ALL TABLES IN SCHEMA "
        "mart TO report_ro;",
    ], []


@pos(1)
def sql_alter_login():
    c = Cast()
    a = c.staff("en")
    return [
        "ALTER LOGIN [svc_sage] WITH PASSWORD = N'", pw(), "' , CHECK_POLICY = OFF;\n-- ",
        N(a), ": needed because the Sage connector can't handle the rotation, see FIN-",
        str(R.randint(100, 999)),
    ], c.people


@pos(1)
def sql_payroll():
    rows = []
    for _ in range(3):
        country = pick(["DE", "NL", "FR", "PL"])
        rows += [f"  {R.randint(10000, 19999)} | {country} | ", iban(country, False),
                 f" | {R.randint(2800, 7400)}.00\n"]
    return [
        "SELECT employee_no, country, iban, gross FROM payroll.june_run WHERE status = 'REJECTED';\n"
        " employee_no | country | iban | gross\n-------------+---------+------+-------\n", rows,
        "(3 rows)",
    ], []


@pos(1)
def sql_ssn_lookup():
    return [
        "Query the benefits vendor asked us to run:\nSELECT * FROM hr.us_employees WHERE ssn IN ('",
        ssn(), "', '", ssn(), "');\n-- returned 1 row, the other person is terminated",
    ], []


@pos(1)
def sql_login_audit():
    c = Cast()
    a, b = c.staff("en"), c.staff("de")
    return [
        "select user_email, src_ip, ts from auth.login_audit where success = false and ts > "
        "now() - interval '1 hour' order by ts;\n", E(a), " | ", ip(False), f" | {today()} {hhmm()}:11\n",
        E(b), " | ", ip(False), f" | {today()} {hhmm()}:48\n", role("ap-invoices"), " | ",
        ip(False), f" | {today()} {hhmm()}:03",
    ], c.people


@pos(1)
def sql_dblink():
    return [
        "SELECT * FROM dblink('host=", ip(True), " dbname=legacy user=migrator password=",
        pw("word"), "', 'SELECT id, sku FROM items') AS t(id int, sku text);",
    ], []


# ---- stack traces ----


@pos(1)
def trace_java_jdbc():
    return [
        "org.postgresql.util.PSQLException: Connection to ", ip(True), ":5432 refused. Check "
        "that the hostname and port are correct.\n\tat org.postgresql.core.v3."
        "ConnectionFactoryImpl.openConnectionImpl(ConnectionFactoryImpl.java:342)\n"
        "\tat org.postgresql.Driver.connect(Driver.java:297)\n"
        "\tat com.zaxxer.hikari.pool.PoolBase.newConnection(PoolBase.java:359)\n"
        "\tat com.kestrel.wms.Boot.main(Boot.java:41)",
    ], []


@pos(1)
def trace_python_mailgun():
    return [
        "Traceback (most recent call last):\n  File \"/app/notify/send.py\", line 88, in send\n"
        "    r.raise_for_status()\n  File \"/usr/local/lib/python3.11/site-packages/requests/"
        "models.py\", line 1021, in raise_for_status\n    raise HTTPError(http_error_msg, "
        "response=self)\nrequests.exceptions.HTTPError: 401 Client Error: UNAUTHORIZED for url: "
        "https://api:", token("mailgun"), "@api.eu.mailgun.net/v3/mg.kestrelfreight.com/messages",
    ], []


@pos(1)
def trace_node_redis():
    host = ip(True)
    return [
        "Error: connect ECONNREFUSED ", host, ":6379\n    at TCPConnectWrap.afterConnect "
        "[as oncomplete] (node:net:1555:16) {\n  errno: -111,\n  code: 'ECONNREFUSED',\n"
        "  syscall: 'connect',\n  address: '", host, "',\n  port: 6379\n}\n"
        "REDIS_URL was redis://", ("url_credentials", f"default:{urlpw()}"), "@", host, ":6379",
    ], []


@pos(1)
def trace_go_panic():
    return [
        "panic: failed to connect to `host=", ip(True), " user=tms_worker database=tms`: "
        "failed SASL auth (FATAL: password authentication failed for user \"tms_worker\" "
        "(SQLSTATE 28P01))\n\ngoroutine 1 [running]:\nmain.main()\n"
        "\t/src/cmd/worker/main.go:57 +0x3a5\nexit status 2",
    ], []


@pos(1)
def trace_jwt_exception():
    return [
        "io.jsonwebtoken.ExpiredJwtException: JWT expired at 2024-05-02T09:14:07Z. Current time: "
        "2024-05-02T11:40:51Z, a difference of 8804123 milliseconds.\n"
        "Token: ", jwt("HS256", {"tenant": "kf-de", "roles": ["dispatcher"]}),
        "\n\tat io.jsonwebtoken.impl.DefaultJwtParser.parse(DefaultJwtParser.java:385)",
    ], []


@pos(1)
def trace_dotnet_connstr():
    return [
        "System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'edi_svc'.\n"
        "   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(...)\n"
        "ConnectionString: Data Source=", ip(True), ";Initial Catalog=EDI;User ID=edi_svc;"
        "Password=", pw(), ";\nClientConnectionId:", look(ruuid()),
    ], []


# ---- CSV exports ----


@pos(2)
def csv_contacts():
    lang = pick(["de", "fr", "nl", "es", "it", "pl", "sv"])
    rows = []
    cast = Cast()
    for _ in range(3):
        x = cast.contact(lang)
        rows += [CN(x), ",", E(x), ",", phone(lang), f",{pick(['Purchasing', 'Logistics', 'AP', 'Ops'])}\n"]
    return ["CRM export (contacts without opt-in flag), first rows:\n\n"
            "name,email,phone,department\n", rows], []


@pos(1)
def csv_assets():
    c = Cast()
    rows = []
    for lang in ("en", "de", "nl"):
        p = c.staff(lang)
        rows += [f"KF-LT-{R.randint(1000, 9999)},", look(f"PF{rs(UPPER + DIGITS, 6)}"), ",",
                 mac("COLON"), ",", ip(True), ",", E(p), "\n"]
    return ["Asset export from Intune, laptops not checked in for 30 days:\n"
            "asset_tag,serial,wifi_mac,last_ip,primary_user\n", rows], c.people


@pos(1)
def csv_supplier_payments():
    rows = []
    for country in R.sample(["DE", "FR", "IT", "ES", "NL", "AT", "BE"], 4):
        rows += [f"{R.randint(700000, 799999)};", iban(country, False),
                 f";{R.randint(100, 9999)},{R.randint(10, 99)};EUR\n"]
    return ["SEPA batch that the bank rejected (format error in line 3):\n"
            "vendor_no;iban;amount;currency\n", rows], []


@pos(1)
def csv_corporate_cards():
    c = Cast()
    rows = []
    for lang in ("en", "de"):
        p = c.staff(lang)
        rows += [N(p), ",", card(pick(["visa", "mc", "amex"]), ""),
                 f",{R.randint(1, 12):02d}/{R.randint(26, 29)},{R.randint(1000, 9000)}\n"]
    return ["Corporate card list for the renewal (finance export, please do not forward):\n"
            "cardholder,pan,expiry,limit_eur\n", rows], c.people


@pos(1)
def csv_drivers_sv():
    rows = []
    for _ in range(3):
        rows += [f"{R.randint(100, 999)};", phone("sv"), ";", ("iban", iban_value("SE", False)),
                 "\n"]
    return ["Export från åkerisystemet (förare, för utbetalning av traktamente):\n"
            "förar_id;mobil;iban\n", rows], []


# ---- HR, payroll, finance ----


@pos(1)
def hr_bank_change_de():
    c = Cast()
    a, hr = c.staff("de"), c.staff("de")
    return [
        "Hallo ", N(hr), ",\nbitte ab der Juli-Abrechnung mein Gehalt auf das neue Konto "
        "überweisen:\nKontoinhaber: ", N(a), "\nIBAN: ", iban("DE"), "\nBIC: COBADEFFXXX\n"
        "Danke!\n", N(a), "\nMobil ", phone("de"),
    ], c.people


@pos(1)
def hr_bank_change_fr():
    c = Cast()
    a = c.staff("fr")
    return [
        "Demande RH – modification RIB\nCollaborateur : ", N(a), " (matricule ",
        look(f"FR{R.randint(10000, 99999)}"), ")\nNouvel IBAN : ", iban("FR"),
        "\nDate d'effet : paie de septembre\nJustificatif : RIB joint (PDF)",
    ], c.people


@pos(1)
def hr_bank_change_es():
    c = Cast()
    a = c.staff("es")
    return [
        "Solicitud a Nóminas: ", N(a), " pide cambiar la cuenta de abono de la nómina a ",
        iban("ES"), " a partir de octubre. Contacto: ", phone("es"), ".",
    ], c.people


@pos(1)
def hr_bank_change_it():
    c = Cast()
    a = c.staff("it")
    return [
        "Variazione coordinate bancarie per accredito stipendio\nDipendente: ", N(a),
        "\nNuovo IBAN: ", iban("IT"), "\nDecorrenza: cedolino di novembre",
    ], c.people


@pos(1)
def hr_bank_change_pt():
    c = Cast()
    a = c.staff("pt")
    return [
        "Pedido de alteração de dados bancários\nColaborador: ", N(a), "\nNovo IBAN: ", iban("PT"), "\nTelemóvel: ", phone("pt"),
    ], c.people


@pos(1)
def hr_bank_change_nl():
    c = Cast()
    a, b = c.staff("nl"), c.staff("nl")
    return [
        N(a), " heeft een nieuw rekeningnummer doorgegeven voor de salarisbetaling: ",
        iban("NL"), ". Graag verwerken vóór de run van de 25e. – ", N(b), ", HR",
    ], c.people


@pos(1)
def hr_bank_change_pl():
    c = Cast()
    a = c.staff("pl")
    return [
        "Wniosek o zmianę rachunku do wypłaty wynagrodzenia\nPracownik: ", N(a),
        "\nNumer rachunku: ", iban("PL", False),
        "\nTelefon kontaktowy: ", phone("pl"),
    ], c.people


@pos(1)
def hr_bank_change_pl_nocc():
    c = Cast()
    a = c.staff("pl")
    v = iban_value("PL", True)
    return [
        "Kadry: ", N(a), " – nowy rachunek ", ("iban", v), " (mBank), obowiązuje od "
        "wypłaty za lipiec.",
    ], c.people


@pos(1)
def hr_bank_change_sv():
    c = Cast()
    a = c.staff("sv")
    return [
        "Lön: ", N(a), " har bytt bank. Nytt IBAN ", iban("SE"), " (SEB), gäller från "
        "augustilönen. Personalnummer ", look(str(R.randint(40000, 49999))), ".",
    ], c.people


@pos(1)
def hr_us_newhire():
    c = Cast()
    a, hr = c.staff("en"), c.staff("en")
    return [
        "New hire paperwork – Austin DC\nEmployee: ", N(a), "\nSSN: ", ssn(), "\nDOB: ",
        f"{R.randint(1, 12):02d}/{R.randint(1, 28):02d}/19{R.randint(70, 99)}",
        "\nPhone: ", phone("us"), "\nI-9 verified by ", N(hr),
    ], c.people


@pos(1)
def hr_us_ssn_spaces():
    c = Cast()
    a = c.staff("en")
    return [
        "The 401(k) provider rejected the enrollment file for ", N(a),
        " – SSN on file is ", ssn(" "), " but the form says it's ", ssn(""),
        ". Can payroll confirm which one is right?",
    ], c.people


@pos(1)
def finance_supplier_change():
    c = Cast()
    a = c.staff(pick(["en", "de", "nl"]))
    x = c.contact("nl")
    return [
        "Supplier master data change – CALL-BACK REQUIRED\nSupplier: Bloemenhandel Westland B.V. "
        "(vendor ", look(str(R.randint(700000, 799999))), ")\nRequested by: ", CN(x), " <",
        E(x), ">\nNew IBAN: ", iban("NL"), "\nVerified by phone on ", phone("nl"),
        " (number from the contract, not from the email) – ", N(a),
    ], c.people


@pos(1)
def finance_conference_card():
    c = Cast()
    a = c.staff("en")
    return [
        "Please book the two TOC Europe passes on my card, the portal doesn't accept POs: ",
        card("amex"), " exp 09/27. Billing address is the Rotterdam office. Thanks – ", N(a),
    ], c.people


@pos(1)
def finance_ja_jcb():
    c = Cast()
    a = c.staff("ja")
    return [
        "経費精算の件：展示会の出展料を法人カード（JCB ", card("jcb", "-"), "、有効期限 ",
        f"{R.randint(1, 12):02d}/{R.randint(26, 29)}", "）で支払いました。領収書は別途送ります。 ", N(a),
    ], c.people


@pos(1)
def finance_zh_unionpay():
    c = Cast()
    a = c.staff("zh")
    return [
        "报销申请：上海仓库叉车维修费用 ¥12,800，已用公司银联卡 ", card("unionpay", " "),
        " 支付。申请人：", N(a), "，联系电话 ", phone("zh"),
    ], c.people


@pos(1)
def finance_ko_card():
    c = Cast()
    a = c.staff("ko")
    return [
        "법인카드 분실 신고 요청드립니다. 카드번호 ", card(pick(["visa", "mc"]), "-"),
        ", 사용자 ", N(a), ", 연락처 ", phone("ko"), ". 재발급 부탁드립니다.",
    ], c.people


@pos(1)
def finance_gb_ie():
    c = Cast()
    a = c.staff("en")
    country = pick(["GB", "IE"])
    return [
        "AP query: the haulier's remittance bounced. Their remittance advice lists ",
        iban(country), " – sort code matches the old account though. ", N(a),
        " is calling their accounts team on ", phone(country.lower().replace("gb", "uk")), ".",
    ], c.people


@pos(1)
def finance_discover_diners():
    c = Cast()
    a = c.staff("en")
    return [
        "Travel desk note: hotel in Chicago wouldn't take the Diners card (", card("diners", " "),
        "), charged the Discover backup ", card("discover", "-"), " instead. – ", N(a),
    ], c.people


# ---- sales / CRM ----


@pos(1)
def crm_call_nl():
    c = Cast()
    a = c.staff("nl")
    x = c.contact("nl")
    return [
        "Gespreksverslag – ", CN(x), " (", E(x), ", ", phone("nl"), ")\n"
        "Interesse in 3PL voor ca. 400 pallets, piekseizoen sept–dec. Offerte volgt door ",
        N(a), ". Volgende afspraak: week 38.",
    ], c.people


@pos(1)
def crm_call_en():
    c = Cast()
    a = c.staff("en")
    x = c.contact("en")
    return [
        "Call notes – ", f"{date()}\nSpoke to ", CN(x), " <", E(x), ">, direct line ",
        phone("us"), ". They're unhappy with their current 3PL's damage rate (~2.4%). "
        "Wants a pilot in Q3, 2 lanes. Owner: ", N(a), ". Next step: site visit.",
    ], c.people


@pos(1)
def crm_de_lead():
    c = Cast()
    a = c.staff("de")
    x = c.contact("de")
    return [
        "Lead aus der LogiMAT: ", CN(x), ", Leiter Logistik, ", E(x), ", Tel. ", phone("de"),
        ". Bedarf: Kontraktlogistik Süddeutschland, Start Q1. Übergeben an ", N(a), ".",
    ], c.people


@pos(1)
def crm_fr_lead():
    c = Cast()
    a = c.staff("fr")
    x = c.contact("fr")
    return [
        "Compte rendu RDV – ", CN(x), " (", E(x), ")\nBesoin : stockage de 1 200 m² à "
        "Lyon-Saint-Exupéry, démarrage janvier. Tél. direct : ", phone("fr"),
        ". Suivi : ", N(a), ".",
    ], c.people


@pos(1)
def crm_it_lead():
    c = Cast()
    x = c.contact("it")
    a = c.staff("it")
    return [
        "Nota commerciale: ", CN(x), " – ", E(x), " – cell. ", phone("it"),
        ". Vuole una quotazione per groupage Milano–Rotterdam, 3 spedizioni a settimana. "
        "Assegnata a ", N(a), ".",
    ], c.people


@pos(1)
def crm_es_pt():
    c = Cast()
    lang = pick(["es", "pt"])
    x = c.contact(lang)
    a = c.staff(lang)
    word = "Nota de visita" if lang == "es" else "Nota de reunião"
    return [
        word, ": ", CN(x), " <", E(x), "> ", phone(lang), ". ",
        "Quiere tarifas para frío positivo Madrid–Lisboa." if lang == "es" else
        "Pretende tarifas de frio Lisboa–Madrid.", " Responsable: ", N(a),
    ], c.people


@pos(1)
def crm_pl_lead():
    c = Cast()
    x = c.contact("pl")
    a = c.staff("pl")
    return [
        "Notatka z targów: ", CN(x), " (", E(x), ", tel. ", phone("pl"),
        ") – szuka przewoźnika na trasę Poznań–Berlin, ok. 12 FTL tygodniowo. Opiekun: ",
        N(a), ".",
    ], c.people


@pos(1)
def crm_sv_lead():
    c = Cast()
    x = c.contact("sv")
    a = c.staff("sv")
    return [
        "Möte med ", CN(x), " <", E(x), ">: vill ha offert på lagerhållning i Jönköping, ca 800 "
        "pallplatser. Ring ", phone("sv"), " efter den 15:e. Ansvarig: ", N(a),
    ], c.people


@pos(1)
def crm_ja_lead():
    c = Cast()
    x = c.contact("ja")
    a = c.staff("ja")
    return [
        "商談メモ：", CN(x), "様（", E(x), "、", phone("ja"), "）\n"
        "横浜港からの輸入混載の見積もり依頼。月20TEU程度。担当：", N(a),
    ], c.people


@pos(1)
def crm_zh_lead():
    c = Cast()
    x = c.contact("zh")
    a = c.staff("zh")
    return [
        "客户拜访记录：", CN(x), "（", E(x), "，", phone("zh"), "）\n"
        "需要宁波到汉堡的整柜报价，每月约15个柜。负责人：", N(a),
    ], c.people


@pos(1)
def crm_ko_lead():
    c = Cast()
    x = c.contact("ko")
    a = c.staff("ko")
    return [
        "미팅 메모: ", CN(x), " (", E(x), ", ", phone("ko"), ")\n"
        "부산-로테르담 LCL 견적 요청, 월 8~10건. 담당: ", N(a),
    ], c.people


@pos(1)
def crm_business_card():
    x = Cast().contact(pick(["de", "en", "fr"]))
    return [
        "Scanned business card (OCR):\n", CN(x), "\nHead of Supply Chain\nT ", phone(x.lang),
        "\nM ", phone(x.lang), "\n", E(x), "\nwww.", x.email.split("@")[1],
    ], []


# ---- onboarding checklists ----


@pos(1)
def onboarding_en():
    c = Cast()
    a, buddy = c.staff("en"), c.staff("en")
    return [
        "Onboarding checklist – ", N(a), "\n[x] Laptop issued (Wi-Fi MAC ", mac(), ")\n"
        "[x] AD account created, temporary password ", pw("word"), " (change at first login)\n"
        "[ ] Badge for Austin DC\n[ ] Add to #dispatch-us\n[x] Buddy: ", N(buddy), "\n"
        "[ ] Emergency contact: ", phone("us"),
    ], c.people


@pos(1)
def onboarding_de():
    c = Cast()
    a, buddy = c.staff("de"), c.staff("de")
    return [
        "Einarbeitungsplan ", N(a), "\n☑ Notebook ausgegeben, MAC LAN ", mac("dash"), "\n"
        "☑ Initialkennwort Windows: ", pw("word"), "\n☐ Zutrittskarte Halle 1–3\n"
        "☐ Staplerschein prüfen\n☑ Pate: ", N(buddy), " (", E(buddy), ")",
    ], c.people


@pos(1)
def onboarding_es():
    c = Cast()
    a = c.staff("es")
    return [
        "Alta de empleado – ", N(a), "\n- Correo: ", E(a), "\n- Móvil de empresa: ",
        phone("es"), "\n- Contraseña inicial del portátil: ", pw("word"),
        "\n- Acceso VPN: pendiente",
    ], c.people


@pos(1)
def onboarding_it_fr():
    c = Cast()
    lang = pick(["it", "fr"])
    a = c.staff(lang)
    if lang == "it":
        return [
            "Checklist inserimento ", N(a), "\n✔ PC consegnato (MAC ", mac(), ")\n"
            "✔ Password provvisoria gestionale: ", pw("word"), "\n✘ Corso sicurezza",
        ], c.people
    return [
        "Arrivée de ", N(a), "\n✔ PC remis (adresse MAC ", mac(), ")\n"
        "✔ Mot de passe provisoire de l'ERP : ", pw("word"), "\n✘ Badge parking",
    ], c.people


@pos(1)
def onboarding_ja():
    c = Cast()
    a = c.staff("ja")
    return [
        "入社手続きチェックリスト（", N(a), "）\n☑ PC貸与（Wi-Fi MAC: ", mac("COLON"), "）\n"
        "☑ 初期パスワード: ", pw("word"), "（初回ログイン時に変更）\n☐ 社員証\n"
        "☑ メール: ", E(a),
    ], c.people


@pos(1)
def onboarding_zh_ko():
    c = Cast()
    lang = pick(["zh", "ko"])
    a = c.staff(lang)
    if lang == "zh":
        return [
            "新员工入职清单：", N(a), "\n√ 笔记本已发放（MAC ", mac(), "）\n"
            "√ 初始密码：", pw("word"), "\n× 门禁卡",
        ], c.people
    return [
        "신규 입사자 체크리스트: ", N(a), "\n✔ 노트북 지급 (MAC ", mac(), ")\n"
        "✔ 초기 비밀번호: ", pw("word"), "\n✘ 출입카드",
    ], c.people


@pos(1)
def offboarding_en():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        "Offboarding – ", N(a), " (last day Friday)\n- Disable AD and Google account\n"
        "- Transfer Jira tickets to ", N(b), "\n- Revoke personal GitHub token ",
        token("github"), " (found in the deploy script!)\n- Collect laptop and badge",
    ], c.people


# ---- commands and pasted snippets ----


@pos(1)
def cmd_curl_basic():
    return [
        "Works from my machine:\ncurl -u admin:", pw("strong"),
        " -X POST https://wms.kestrelfreight.com/api/v1/reindex -d '{\"full\":true}'",
    ], []


@pos(1)
def cmd_curl_bearer():
    return [
        "Reproduce with:\n\ncurl 'https://api.kestrelfreight.com/v2/bookings/", look(ruuid()),
        "' \\\n  -H 'accept: application/json' \\\n  -H 'authorization: Bearer ",
        jwt("RS256", {"email_verified": True, "scope": "bookings:read"}), "'",
    ], []


@pos(1)
def cmd_curl_atlassian():
    c = Cast()
    a = c.staff("en")
    return [
        "curl -s -u ", E(a), ":", token("atlassian"),
        " -H 'Accept: application/json' 'https://kestrelfreight.atlassian.net/rest/api/3/search"
        "?jql=project=OPS'",
    ], c.people


@pos(1)
def cmd_mysql():
    return [
        "mysql -h ", ip(True), " -u root -p'", pw("strong"),
        "' -e 'SHOW SLAVE STATUS\\G' | grep Seconds_Behind",
    ], []


@pos(1)
def cmd_pgpassword():
    return [
        "PGPASSWORD=", pw(), " pg_dump -h ", ip(True), " -U backup -Fc wms > wms_",
        look(date().replace("-", "")), ".dump",
    ], []


@pos(1)
def cmd_sshpass():
    return [
        "the cron on jump-01 does: sshpass -p '", pw("word"), "' scp /exports/*.csv edi@",
        ip(False), ":/inbound/",
    ], []


@pos(1)
def cmd_mailgun_curl():
    return [
        "curl -s --user 'api:", token("mailgun"), "' \\\n"
        "  https://api.eu.mailgun.net/v3/mg.kestrelfreight.com/messages \\\n"
        "  -F from='Kestrel <", role("no-reply"), ">' -F to=", role("ops-test"),
        " -F subject='test'",
    ], []


@pos(1)
def cmd_openai_python():
    return [
        "```python\nfrom openai import OpenAI\nclient = OpenAI(api_key=\"", token("openai", "svc"),
        "\")\nresp = client.chat.completions.create(model=\"gpt-4o-mini\", messages=msgs)\n```",
    ], []


@pos(1)
def cmd_anthropic_python():
    return [
        "snippet from the triage notebook:\nimport anthropic\nclient = anthropic.Anthropic(\n"
        "    api_key=\"", token("anthropic"), "\",\n)\n",
    ], []


@pos(1)
def cmd_slack_api():
    return [
        "curl -X POST -H 'Authorization: Bearer ", token("slack"),
        "' -H 'Content-type: application/json' --data '{\"channel\":\"C04QK3N1Z\",\"text\":"
        "\"Deploy finished\"}' https://slack.com/api/chat.postMessage",
    ], []


@pos(1)
def cmd_slack_user_token():
    c = Cast()
    a = c.staff("en")
    return [
        N(a), " used a user token for the channel archiver script, that's why messages show "
        "up as them: ", token("slack", "user"), ". Please switch to the bot.",
    ], c.people


@pos(1)
def cmd_slack_app_token():
    return [
        "Socket mode app config:\nSLACK_APP_TOKEN=", token("slack", "app"), "\nSLACK_BOT_TOKEN=",
        token("slack"), "\n",
    ], []


@pos(1)
def cmd_stripe_rk():
    c = Cast()
    a = c.staff("de")
    return [
        "Für den Export der Auszahlungen habe ich einen Restricted Key angelegt (nur Payouts "
        "lesen): ", token("stripe", "rk"), " – ", N(a),
    ], c.people


@pos(1)
def cmd_hf_cli():
    return [
        "huggingface-cli login --token ", token("huggingface"),
        " --add-to-git-credential\nToken is valid (permission: write).\n"
        "Your token has been saved to /home/runner/.cache/huggingface/token",
    ], []


@pos(1)
def cmd_linear_graphql():
    return [
        "curl https://api.linear.app/graphql -H \"Content-Type: application/json\" "
        "-H \"Authorization: ", token("linear"), "\" --data '{\"query\": \"{ viewer { id } }\"}'",
    ], []


@pos(1)
def cmd_gitlab_api():
    return [
        "curl --header \"PRIVATE-TOKEN: ", token("gitlab"),
        "\" \"https://gitlab.kestrelfreight.com/api/v4/projects/42/pipelines?status=failed\"",
    ], []


@pos(1)
def cmd_aws_sts():
    return [
        "temporary creds from the assume-role, valid 1h:\n[kf-prod-admin]\naws_access_key_id = ",
        token("aws", "sts"), "\naws_secret_access_key = ", token("aws", "secret"),
        "\naws_session_token = ", pw("b64"), "\n",
    ], []


@pos(1)
def cmd_docker_stdin():
    return [
        "echo ", token("docker"), " | docker login -u kfci --password-stdin\n"
        "Login Succeeded",
    ], []


@pos(1)
def cmd_newrelic_nerdgraph():
    return [
        "curl -X POST https://api.eu.newrelic.com/graphql -H 'API-Key: ", token("newrelic"),
        "' -H 'Content-Type: application/json' -d '{\"query\":\"{ actor { user { name } } }\"}'",
    ], []


@pos(1)
def cmd_postman_header():
    return [
        "Backup of the workspace via API:\ncurl -H \"X-Api-Key: ", token("postman"),
        "\" https://api.getpostman.com/collections > collections.json",
    ], []


@pos(1)
def cmd_pypi_env():
    return [
        "TWINE_USERNAME=__token__ TWINE_PASSWORD=", token("pypi"),
        " python -m twine upload --repository pypi dist/*",
    ], []


# ---- private keys ----


@pos(1)
def key_rsa_paste():
    c = Cast()
    a = c.staff(pick(["en", "pl", "it"]))
    return [
        N(a), " needs the deploy key for the SFTP server, pasting it here until the vault is "
        "back:\n\n", private_key("rsa"), "\n\npassphrase is empty",
    ], c.people


@pos(1)
def key_openssh_paste():
    return [
        "id_ed25519 of the backup user (the one in authorized_keys on ", ip(True), "):\n",
        private_key("openssh"),
    ], []


@pos(1)
def key_ec_inline():
    return [
        "The Apple Push key for the driver app (AuthKey_", look(rs(UPPER + DIGITS, 10)), ".p8):\n",
        private_key("pkcs8", 4),
    ], []


@pos(1)
def key_ec_tls():
    return [
        "tls.key from the ingress secret, base64-decoded:\n", private_key("ec"),
    ], []


@pos(1)
def key_gcp_sa():
    c = Cast()
    return [
        "service-account.json for BigQuery export (project kf-analytics):\n{\n"
        "  \"type\": \"service_account\",\n  \"project_id\": \"kf-analytics\",\n"
        "  \"private_key_id\": \"", look(rs(HEX, 40)), "\",\n  \"private_key\": \"",
        ("private_key", private_key("pkcs8", 6)[1].replace("\n", "\\n")),
        "\\n\",\n  \"client_email\": \"", ("email", "bq-export@kf-analytics.iam.gserviceaccount.com"),
        "\"\n}",
    ], c.people


# ---- misc hard cases ----


@pos(1)
def jira_mention_accountid():
    c = Cast()
    a, b = c.staff("en"), c.staff("de")
    return [
        "[~accountid:", A(a), "] [~accountid:", A(b), "] can one of you approve the firewall "
        "change for ", ip(False), " → sftp.kestrelfreight.com:22? The customer's new egress IP.",
    ], c.people


@pos(1)
def jira_people_url():
    c = Cast()
    a = c.staff(pick(["en", "nl", "sv"]))
    return [
        "Owner of the integration user: https://kestrelfreight.atlassian.net/jira/people/", A(a),
        " (", N(a), "). Please ask before rotating the token.",
    ], c.people


@pos(1)
def ipv6_firewall():
    return [
        "Allow-list for the partner SFTP (v4 and v6):\n- ", ip(False), "\n- ",
        ("ip_address", ip6()), "\n- ", ip(False), "\nRequested by the carrier's IT, ticket ",
        look(f"CHG{R.randint(1000000, 9999999)}"),
    ], []


@pos(1)
def mac_cisco():
    return [
        "show mac address-table | include Gi1/0/14\n  20    ", mac("cisco"),
        "    DYNAMIC     Gi1/0/14\n  20    ", mac("cisco"),
        "    DYNAMIC     Gi1/0/14\nTwo devices on the same port – someone plugged in a switch.",
    ], []


@pos(1)
def dhcp_leases():
    rows = []
    for _ in range(3):
        rows += [ip(True), "  ", mac("colon"), f"  scanner-{R.randint(10, 99)}  ",
                 f"{date()} {hhmm()}\n"]
    return ["DHCP leases of the warehouse VLAN (the duplicates are the problem):\n", rows], []


@pos(1)
def password_in_prose():
    c = Cast()
    a = c.staff(pick(["en", "de", "nl"]))
    return [
        "For the demo at the customer tomorrow the shared account is demo.kestrel and it's ",
        pw("word"), " – ", N(a), " will reset it afterwards.",
    ], c.people


@pos(1)
def password_prose_fr():
    c = Cast()
    a = c.staff("fr")
    return [
        N(a), " : le compte du quai 4 sur la borne de pesée, c'est operateur / ", pw("word"),
        ", je l'ai noté sur le ticket pour l'équipe de nuit.",
    ], c.people


@pos(1)
def password_prose_ja():
    c = Cast()
    a = c.staff("ja")
    return [
        "倉庫のNASの管理者アカウント：admin、パスワードは ", pw("strong"), " です。", N(a),
        "さん、設定が終わったら変更してください。",
    ], c.people


@pos(1)
def password_prose_ko():
    c = Cast()
    a = c.staff("ko")
    return [
        N(a), "님, 라벨 프린터 관리 페이지 계정은 admin / ", pw("word"), " 입니다. 펌웨어 "
        "업데이트 후 변경해 주세요.",
    ], c.people


@pos(1)
def password_prose_pt_it():
    c = Cast()
    lang = pick(["pt", "it"])
    a = c.staff(lang)
    if lang == "pt":
        return ["O acesso ao portal da transportadora é kestrel_lis e a senha ", pw("word"),
                ". Qualquer dúvida falar com ", N(a), "."], c.people
    return ["Accesso al portale del corriere: utente kestrel_mxp, password ", pw("word"),
            ". Per problemi sentire ", N(a), "."], c.people


@pos(1)
def password_prose_nl_sv():
    c = Cast()
    lang = pick(["nl", "sv"])
    a = c.staff(lang)
    if lang == "nl":
        return ["Wachtwoord van de gedeelde planningsmailbox is gewijzigd naar ", pw("word"),
                " – ", N(a)], c.people
    return ["Lösenordet till den delade planeringsbrevlådan är nu ", pw("word"), " /",
            N(a)], c.people


@pos(1)
def jwt_in_har():
    return [
        "From the HAR file the customer sent (request headers):\n:authority: "
        "portal.kestrelfreight.com\n:method: GET\n:path: /api/me\ncookie: kf_session=",
        jwt("HS256", {"uid": R.randint(10000, 99999), "tenant": "harborline"}),
        "; _ga=GA1.1.", look(f"{R.randint(100000000, 999999999)}.{R.randint(1700000000, 1720000000)}"),
        "\nuser-agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/", look("124.0.0.0"),
        " Safari/537.36",
    ], []


@pos(1)
def jwt_es256_chat():
    c = Cast()
    a = c.staff(pick(["en", "es"]))
    return [
        N(a), ": token that fails validation on the gateway, maybe the kid is wrong? ",
        jwt("ES256", {"aud": "kf-gateway"}),
    ], c.people


@pos(1)
def secret_key_django():
    return [
        "settings/production.py (old deploy, before django-environ):\nSECRET_KEY = '",
        pw("alnum"), "'\nALLOWED_HOSTS = ['portal.kestrelfreight.com']\nDEBUG = False",
    ], []


@pos(1)
def wifi_guest_sign():
    return [
        "Text for the visitor sign at the Lisbon office:\nWi-Fi: KF-Visitantes\nPalavra-passe: ",
        pw("word"), "\nApoio informático: ", phone("pt"), " · ", role("it.lisboa"),
    ], []


@pos(1)
def helpdesk_signature():
    return [
        "Please reach out to the Service Desk (", role("servicedesk"), ", ", phone("uk"),
        ") if the MFA reset doesn't arrive within 10 minutes.",
    ], []


@pos(1)
def phone_unusual():
    c = Cast()
    a = c.staff("de")
    return [
        "Rückruf erbeten: Spedition Lange, Disposition, Tel. ", ("phone", f"+49 (0) 40 / {d(3)} {d(2)} - {d(2)}"),
        " oder ", ("phone", f"0049-171-{d(7)}"), ". Anruf übernommen von ", N(a), ".",
    ], c.people


@pos(1)
def card_in_chat_spaced():
    c = Cast()
    a = c.staff("en")
    n = card_number("visa")
    return [
        N(a), f"  {slack_time()}\n", "customer read the card out on the phone, I typed it as: ",
        ("credit_card", " ".join(n[i:i + 2] for i in range(0, 16, 2))),
        " exp 11/26. Can finance process the refund manually? Deleting this after.",
    ], c.people


@pos(1)
def iban_lowercase_prose():
    c = Cast()
    a = c.staff("de")
    v = iban_value("DE", False)
    return [
        "Lieferant hat die Bankverbindung per Telefon durchgegeben, ", N(a),
        " hat mitgeschrieben: ", ("iban", v[:4] + " " + v[4:12] + " " + v[12:]),
        " – bitte vor der Zahlung schriftlich bestätigen lassen.",
    ], c.people


# ---- more pastes: connection strings, VPN, brokers ----


@pos(1)
def mongo_uri():
    c = Cast()
    a = c.staff(pick(["en", "es"]))
    return [
        N(a), ": analytics can't reach Atlas since the IP allow-list change. Our URI:\n"
        "mongodb+srv://", ("url_credentials", f"analytics_ro:{urlpw()}"),
        "@kf-prod.x7kq2.mongodb.net/events?retryWrites=true&w=majority\n"
        "Current egress IP of the job runner is ", ip(False),
    ], c.people


@pos(1)
def amqp_uri():
    return [
        "celery broker setting in the rates service:\nCELERY_BROKER_URL = \"amqp://",
        ("url_credentials", f"rates:{urlpw()}"), "@", ip(True), ":5672/rates\"\n"
        "CELERY_RESULT_BACKEND = \"rpc://\"",
    ], []


@pos(1)
def ftp_url_carrier():
    c = Cast()
    a = c.staff("fr")
    return [
        "Le transporteur dépose ses fichiers de statut sur ftp://",
        ("url_credentials", f"kestrel:{urlpw()}"), "@ftp.transports-mercier.fr/out/ – ",
        N(a), " a configuré le polling toutes les 15 min.",
    ], c.people


@pos(1)
def smtp_url_de():
    return [
        "Mailversand im Ticketsystem umgestellt, SMTP-URL jetzt:\nsmtps://",
        ("url_credentials", f"noreply%40kestrelfreight.com:{urlpw()}"),
        "@smtp.office365.com:587\n(alter Relay ", ip(True), " wird abgeschaltet)",
    ], []


@pos(1)
def elastic_url():
    return [
        "Logstash output still points at the old cluster:\n  hosts => [\"https://",
        ("url_credentials", f"logstash_writer:{urlpw()}"), "@", ip(True), ":9200\"]",
    ], []


@pos(1)
def wireguard_conf():
    return [
        "wg0.conf of the Kraków site router (the peer keys are fine, the PrivateKey line is "
        "the problem):\n[Interface]\nPrivateKey = ", ("password", rs(B64, 43) + "="),
        "\nAddress = ", ip(True), "/24\n\n[Peer]\nPublicKey = ", look(rs(B64, 43) + "="),
        "\nEndpoint = ", ip(False), ":51820\nAllowedIPs = ", ip(True), "/16",
    ], []


@pos(1)
def openvpn_inline_key():
    return [
        "client.ovpn for the Göteborg warehouse (inline key, please issue per-site certs "
        "instead):\nremote ", ip(False), " 1194 udp\n<ca>\n", look(certificate(4)), "\n</ca>\n"
        "<key>\n", private_key("pkcs8", 6), "\n</key>",
    ], []


@pos(1)
def kafka_jaas():
    return [
        "kafka client.properties on edi-consumer:\nbootstrap.servers=", ip(True), ":9093,",
        ip(True), ":9093\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
        "username=\"edi-consumer\" password=\"", pw("strong"), "\";",
    ], []


@pos(1)
def pg_hba():
    return [
        "pg_hba.conf entries added for the BI migration (to be removed after cut-over):\n"
        "hostssl  dwh  pbi_reader  ", ip(True), "/32  scram-sha-256\n"
        "hostssl  dwh  etl         ", ip(True), "/32  scram-sha-256\n"
        "hostssl  all  all         ", ip(False), "/32  scram-sha-256   # vendor support",
    ], []


@pos(1)
def fail2ban_log():
    rows = []
    for _ in range(3):
        rows += [f"{today()} {hhmm()}:{R.randint(10, 59)},{R.randint(100, 999)} fail2ban.actions "
                 "[812]: NOTICE  [sshd] Ban ", ip(False), "\n"]
    return ["fail2ban on bastion-01 this morning:\n", rows], []


@pos(1)
def access_log_with_email():
    c = Cast()
    a = c.staff("en")
    return [
        "The password reset request from the access log:\n", ip(False),
        f" - - [{R.randint(1, 28)}/Jun/2024:{hhmm()}:17 +0000] \"POST /account/reset HTTP/1.1\" "
        "302 0 \"-\" \"Mozilla/5.0\" user=", E(a),
    ], c.people


@pos(1)
def traceroute():
    rows = []
    for i in range(1, 5):
        rows += [f" {i}  ", ip(i < 2), f"  {R.randint(1, 40)}.{R.randint(100, 999)} ms\n"]
    return ["traceroute to the carrier API from the Madrid office:\n", rows,
            " 5  * * *\nPacket loss starts at hop 3 (their ISP)."], []


# ---- more chat ----


@pos(1)
def chat_pt_shopify():
    c = Cast()
    a, b = c.staff("pt"), c.staff("pt")
    return [
        N(a), f"  {hhmm()}\nA app da loja online deixou de sincronizar encomendas. Alguém tem o "
        "segredo da app?\n", N(b), f"  {hhmm()}\nEstá no .env da app: SHOPIFY_API_SECRET=",
        token("shopify", "shpss"), "\n", N(a), f"  {hhmm()}\nObrigado, já funciona.",
    ], c.people


@pos(1)
def chat_en_phone_oncall():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        N(a), f"  {slack_time()}\nwho's on call for the DC network tonight? the Austin switch "
        "stack is down\n", N(b), f"  {slack_time()}\nme, call my cell ", phone("us"),
        " if Slack goes too",
    ], c.people


@pos(1)
def chat_de_jwt():
    c = Cast()
    a, b = c.staff("de"), c.staff("de")
    return [
        N(a), f"  {hhmm()}\nDer Fahrer-App-Login geht nicht, hier das Token aus dem Debug-Log:\n",
        jwt("RS256", {"azp": "driver-app", "preferred_username": "fahrer.hh.17"}), "\n", N(b),
        f"  {hhmm()}\nDas ist abgelaufen (exp liegt in der Vergangenheit), Uhrzeit am Gerät prüfen.",
    ], c.people


@pos(1)
def chat_gcp_sso():
    c = Cast()
    a, b = c.staff("en"), c.staff("it")
    return [
        N(a), f"  {slack_time()}\nGrafana SSO is broken after the OAuth client was recreated\n",
        N(b), f"  {slack_time()}\nnew client secret is ", token("gcp"),
        ", client id unchanged. update GF_AUTH_GOOGLE_CLIENT_SECRET and restart",
    ], c.people


@pos(1)
def grafana_env_gcp():
    return [
        "grafana.env\nGF_SERVER_ROOT_URL=https://grafana.kestrelfreight.com\n"
        "GF_AUTH_GOOGLE_ENABLED=true\nGF_AUTH_GOOGLE_CLIENT_ID=", look(f"{d(12)}-{rs(LOWER + DIGITS, 32)}.apps.googleusercontent.com"),
        "\nGF_AUTH_GOOGLE_CLIENT_SECRET=", token("gcp"), "\nGF_AUTH_GOOGLE_ALLOWED_DOMAINS=",
        COMPANY, "\nGF_SECURITY_ADMIN_PASSWORD=", pw("word"),
    ], []


@pos(1)
def chat_ja_key_paste():
    c = Cast()
    a = c.staff("ja")
    return [
        N(a), f"  {hhmm()}\n検証サーバー用の秘密鍵です（本番では使わないでください）\n",
        private_key("openssh"),
    ], c.people


@pos(1)
def ansible_ssh_key_block():
    return [
        "host_vars/edi-gw.yml:\nansible_host: ", ip(True), "\nedi_partner_ssh_key: |\n  ",
        ("private_key", "\n".join("  " + row if i else row for i, row in
                                  enumerate(private_key("ec")[1].split("\n")))),
        "\nedi_partner_user: kf_edi\n",
    ], []


@pos(1)
def postman_env_export():
    return [
        "Postman environment export (staging) attached by QA:\n{\n  \"name\": \"staging\",\n"
        "  \"values\": [\n    {\"key\": \"baseUrl\", \"value\": \"https://staging-api.kestrelfreight.com\"},\n"
        "    {\"key\": \"accessToken\", \"value\": \"", jwt("RS256", {"scope": "bookings:write"}),
        "\"},\n    {\"key\": \"clientSecret\", \"value\": \"", pw("alnum"), "\"}\n  ]\n}",
    ], []


@pos(1)
def keycloak_response():
    return [
        "Token endpoint response (from the integration test log):\n{\"access_token\":\"",
        jwt("RS256", {"realm_access": {"roles": ["carrier"]}}),
        "\",\"expires_in\":300,\"refresh_expires_in\":1800,\"token_type\":\"Bearer\","
        "\"scope\":\"profile email\"}",
    ], []


# ---- more people and PII ----


@pos(1)
def meeting_invite():
    c = Cast()
    a, b, d_ = c.staff("en"), c.staff("de"), c.staff("nl")
    x = c.contact("en")
    return [
        "Meeting: QBR Harborline / Kestrel\nOrganizer: ", N(a), " <", E(a), ">\nAttendees: ",
        E(b), "; ", E(d_), "; ", CN(x), " <", E(x), ">\nJoin by phone: ", phone("uk"),
        ", conference ID ", look(f"{d(3)} {d(3)} {d(3)}#"),
    ], c.people


@pos(1)
def distribution_list_change():
    c = Cast()
    a, b = c.staff("sv"), c.staff("pl")
    return [
        "Please add ", E(a), " and ", E(b), " to ", role("dispatch-nordics"),
        " and remove the old shared box ", role("gbg-planning"), ".",
    ], c.people


@pos(1)
def oncall_rota():
    c = Cast()
    rows = []
    for day, lang in zip(("Mon", "Tue", "Wed", "Thu"), ("en", "de", "pl", "nl")):
        p = c.staff(lang)
        rows += [f"{day}  ", N(p), "  ", phone(lang), "\n"]
    return ["On-call rota (printed for the NOC wall):\n", rows,
            "Escalation: NOC desk ", phone("de")], c.people


@pos(1)
def signature_only_de():
    x = Cast().contact("de")
    return [
        "Signatur aus der letzten Mail des Lieferanten (für die Stammdaten):\n--\n", CN(x),
        "\nDisposition National\nHanse Spedition GmbH & Co. KG\nTel.: ", phone("de"),
        "\nFax: ", phone("de"), "\nE-Mail: ", E(x),
        "\nAmtsgericht Hamburg HRA ", look(str(R.randint(100000, 129999))),
    ], []


@pos(1)
def signature_only_it_es():
    lang = pick(["it", "es"])
    x = Cast().contact(lang)
    if lang == "it":
        return ["Firma del fornitore, da inserire in anagrafica:\n", CN(x),
                "\nResponsabile logistica\nTel. ", phone("it"), " – ", E(x),
                "\nP.IVA ", look(d(11)), "\nQuesta e-mail è riservata."], []
    return ["Firma del proveedor para la ficha:\n", CN(x), "\nJefe de tráfico\n", phone("es"),
            " | ", E(x), "\nCIF ", look("B" + d(8))], []


@pos(1)
def signature_ja():
    x = Cast().contact("ja")
    return ["取引先の署名（マスタ登録用）:\n――――――――――\n", CN(x), "\n営業部 課長\n"
            "TEL: ", phone("ja"), "\nFAX: ", phone("ja"), "\nMail: ", E(x),
            "\n――――――――――"], []


@pos(1)
def hotel_booking_card():
    c = Cast()
    a = c.staff("en")
    return [
        "Hotel confirmation forwarded to the travel ticket:\nGuest: ", N(a),
        f"\nArrival: {date()}  Nights: 3\nGuaranteed with card: ", card(pick(["visa", "mc2"]), " "),
        "\nHotel reservations: ", phone("nl"), " · ", role("reservations", "hotel-maas.nl"),
    ], c.people


@pos(1)
def refund_csv_cards():
    rows = []
    for _ in range(3):
        rows += [f"{R.randint(500000, 599999)},", card(pick(["visa", "mc", "amex", "mc2"]), ""),
                 f",{R.randint(10, 400)}.{R.randint(10, 99)},{pick(['damaged', 'late', 'lost'])}\n"]
    return ["Manual refunds the payment provider couldn't match (export from the old shop "
            "backend, it stored full PANs!):\norder,pan,amount,reason\n", rows], []


@pos(1)
def card_es_chat():
    c = Cast()
    a = c.staff("es")
    return [
        N(a), f" {hhmm()}\nEl cliente ha pagado la aduana con la tarjeta ",
        card(pick(["visa", "mc"]), " "), ", caduca ", f"{R.randint(1, 12):02d}/{R.randint(26, 29)}",
        ". Hay que reembolsarle 312,40 €.",
    ], c.people


@pos(1)
def ssn_csv_payroll():
    c = Cast()
    rows = []
    for _ in range(3):
        p = c.staff("en")
        rows += [N(p), ",", ssn(), f",{pick(['TX', 'CA', 'IL'])},{R.randint(40, 90)}000\n"]
    return ["Payroll vendor import file that failed validation (US employees):\n"
            "name,ssn,state,salary\n", rows], c.people


@pos(1)
def ssn_background_check():
    c = Cast()
    a = c.staff("en")
    x = c.contact("en")
    return [
        "Background check vendor asks us to confirm the candidate's details:\n> Candidate: ",
        N(a), "\n> SSN (last submitted): ", ssn(), "\n> Please reply to ", CN(x), " <", E(x),
        "> by Friday.",
    ], c.people


@pos(1)
def iban_sql_it():
    return [
        "SELECT codice_fornitore, iban FROM anagrafica_fornitori WHERE iban_verificato = 0;\n"
        f" {R.randint(10000, 99999)} | ", iban("IT", False), f"\n {R.randint(10000, 99999)} | ",
        iban("IT", False), "\n(2 righe)",
    ], []


@pos(1)
def iban_ch_at_hr():
    c = Cast()
    a = c.staff("de")
    country = pick(["CH", "AT"])
    return [
        N(a), " zieht nach ", "Zürich" if country == "CH" else "Wien",
        " um, Gehalt ab nächstem Monat auf ", iban(country), ". Neue Adresse folgt.",
    ], c.people


@pos(1)
def iban_fr_supplier_csv():
    rows = []
    for _ in range(3):
        rows += [f"FRN{R.randint(1000, 9999)};", iban("FR"), f";{R.randint(100, 9000)},00\n"]
    return ["Fichier de virements fournisseurs rejeté par la banque (format) :\n"
            "fournisseur;iban;montant\n", rows], []


@pos(1)
def crm_export_nl():
    cast, rows = Cast(), []
    for _ in range(2):
        x = cast.contact("nl")
        rows += [CN(x), ";", E(x), ";", phone("nl"), f";{pick(['Rotterdam', 'Venlo', 'Tilburg'])}\n"]
    return ["Export uit het CRM voor de nieuwsbrief (zonder opt-in, niet gebruiken!):\n"
            "naam;email;telefoon;plaats\n", rows], []


@pos(1)
def teams_en_mfa():
    c = Cast()
    a, b = c.staff("en"), c.staff("en")
    return [
        f"[{hhmm()}] ", N(a), ": lost my phone, can't do MFA. new number is ", phone("uk"), "\n",
        f"[{hhmm()}] ", N(b), ": updated in Entra, you'll get a code on that number. temporary "
        "access pass: ", pw("alnum"), " (valid 1h)",
    ], c.people


@pos(1)
def korean_config():
    return [
        "운영 서버 설정 파일 (application-prod.yml) 일부입니다:\nspring:\n  datasource:\n"
        "    url: jdbc:mysql://", ip(True), ":3306/wms\n    username: wms_app\n    password: ",
        pw("strong"), "\n  redis:\n    host: ", ip(True),
    ], []


@pos(1)
def japanese_env():
    return [
        "本番の.envファイルの中身（要ローテーション）:\nDB_HOST=", ip(True), "\nDB_PASSWORD=",
        pw("strong"), "\nMAILGUN_API_KEY=", token("mailgun"), "\nSLACK_WEBHOOK_URL=",
        token("slack", "webhook"),
    ], []


@pos(1)
def chinese_config():
    return [
        "生产环境 Nacos 配置（请尽快移到密钥管理）：\noss:\n  endpoint: oss-cn-shanghai.aliyuncs.com\n"
        "  access-key-secret: ", pw("alnum"), "\nsms:\n  sign-name: 凯斯物流\n  admin-phone: ",
        phone("zh"), "\n",
    ], []


@pos(1)
def atlassian_ci_release():
    return [
        "release-notes job: + curl -s -u ", role("svc-release"), ":", token("atlassian"),
        " -X PUT https://kestrelfreight.atlassian.net/rest/api/3/version/", look(str(R.randint(10000, 19999))),
        " -H 'Content-Type: application/json' -d '{\"released\": true}'",
    ], []


@pos(1)
def digitalocean_registry():
    t = token("digitalocean")
    return [
        "DR cluster pulls from the DigitalOcean registry; the login in the bootstrap script uses "
        "the API token as user and password:\n  docker login -u ", t, " -p ", t,
        " registry.digitalocean.com\n",
    ], []


@pos(1)
def aws_cli_profile_pl():
    c = Cast()
    a = c.staff("pl")
    return [
        N(a), ": klucze do konta testowego AWS (tylko sandbox, usunę po warsztatach):\n",
        token("aws"), "\n", token("aws", "secret"),
    ], c.people


@pos(1)
def github_oauth_app():
    return [
        "GitHub OAuth app for the internal portal login:\nclient id: ",
        look("Iv1." + rs(HEX, 16)), "\nclient secret: ", ("password", rs(HEX, 40)),
        "\ninstallation token seen in the logs: ", token("github", "ghs"),
    ], []


@pos(1)
def gitlab_runner_register():
    return [
        "gitlab-runner register --non-interactive --url https://gitlab.kestrelfreight.com/ "
        "--token ", ("api_key/gitlab", "glrt-" + rs(B64URL, 20)),
        " --executor docker --docker-image alpine:3.19 --description build-07",
    ], []


@pos(1)
def hf_env_it():
    c = Cast()
    a = c.staff("it")
    return [
        "Per il modello di classificazione dei reclami serve il token di Hugging Face. ", N(a),
        " ha messo questo nel notebook condiviso: HF_TOKEN=\"", token("huggingface"),
        "\" – va spostato nei secret di Colab.",
    ], c.people


@pos(1)
def npm_token_sv():
    c = Cast()
    a = c.staff("sv")
    return [
        "Publiceringen av @kestrel/ui misslyckas med 403. ", N(a),
        " skapade en ny automation-token: ", token("npm"), " – lägg in den som NPM_TOKEN i "
        "GitHub-hemligheterna.",
    ], c.people


@pos(1)
def sendgrid_fr_config():
    return [
        "Configuration SMTP de la plateforme d'e-mailing :\nhôte : smtp.sendgrid.net\nport : 587\n"
        "utilisateur : apikey\nmot de passe : ", token("sendgrid"),
        "\nexpéditeur : ", role("notifications"),
    ], []


@pos(1)
def stripe_nl_chat():
    c = Cast()
    a, b = c.staff("nl"), c.staff("nl")
    return [
        N(a), f"  {hhmm()}\nWebhook-handtekeningen falen op productie. Welk secret staat er in "
        "de dashboard?\n", N(b), f"  {hhmm()}\n", token("stripe", "whsec"),
        "\n(die van het endpoint /stripe/events)",
    ], c.people


@pos(1)
def twilio_de_prose():
    c = Cast()
    a = c.staff("de")
    return [
        "SMS-Benachrichtigungen an Fahrer: ", N(a), " hat einen neuen API-Key bei Twilio "
        "angelegt, SID ", token("twilio"), ", Secret ", token("twilio", "secret"),
        ". Absendernummer bleibt ", phone("de"), ".",
    ], c.people


@pos(1)
def newrelic_license_env():
    return [
        "Dockerfile of the legacy PHP portal (found during the SOC2 review):\n"
        "FROM php:8.2-apache\nENV NEW_RELIC_LICENSE_KEY=", token("newrelic", "license"),
        "\nENV NEW_RELIC_APPNAME=portal-legacy\nCOPY . /var/www/html",
    ], []


@pos(1)
def anthropic_admin_key():
    c = Cast()
    a = c.staff("en")
    return [
        N(a), " created an admin key to pull the usage report into the cost dashboard: ",
        token("anthropic", "admin"), " – please replace with a read-only workspace key.",
    ], c.people


@pos(1)
def openai_legacy_key():
    return [
        "Old prototype (2023) still running on the intranet VM, key hardcoded in app.py:\n"
        "openai.api_key = \"", token("openai", "legacy"), "\"",
    ], []


@pos(1)
def pypi_token_chat_de():
    c = Cast()
    a = c.staff("de")
    return [
        N(a), ": Projekt-Token für kf-edi-tools auf PyPI, bitte als Secret PYPI_API_TOKEN "
        "hinterlegen:\n", token("pypi"),
    ], c.people


@pos(1)
def docker_pat_es():
    c = Cast()
    a = c.staff("es")
    return [
        "Límite de descargas de Docker Hub en los runners. ", N(a),
        " ha creado un token de acceso para la cuenta de la empresa: ", token("docker"),
        " (solo lectura).",
    ], c.people


@pos(1)
def linear_webhook_secret():
    return [
        "Linear → Jira bridge, config.yaml:\nlinear:\n  api_key: ", token("linear"),
        "\n  webhook_secret: ", pw("alnum"), "\njira:\n  project: MOB\n",
    ], []


@pos(1)
def postman_it_chat():
    c = Cast()
    a = c.staff("it")
    return [
        N(a), f" {hhmm()}\nChiave API Postman per il monitor dei test di contratto: ",
        token("postman"), " (scade a fine mese)",
    ], c.people


@pos(1)
def hashicorp_vault_de():
    c = Cast()
    a = c.staff("de")
    return [
        "Für das Migrationsskript hat ", N(a), " ein Vault-Token mit Policy wms-migrate erzeugt: ",
        token("hashicorp"), " (TTL 24h). Danach bitte revoken.",
    ], c.people


@pos(1)
def google_api_key_android():
    return [
        "app/src/main/res/values/google_maps_api.xml (driver app):\n<resources>\n"
        "    <string name=\"google_maps_key\" templateMergeStrategy=\"preserve\" "
        "translatable=\"false\">", token("google"), "</string>\n</resources>",
    ], []


# ---- negatives ------------------------------------------------------------------------------


def non_luhn(n, first=None):
    while True:
        s = (first or "") + digits(n - len(first or ""), first is None)
        if not luhn_ok(s):
            return s


def gs1(body):
    """`body` with its GS1 (EAN, SSCC) check digit."""
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return body + str((10 - s % 10) % 10)


def ups():
    return "1Z" + rs(UPPER + DIGITS, 6) + digits(10, False)


def container():
    return pick(["MSCU", "MAEU", "CMAU", "HLXU", "TGHU"]) + digits(7, False)


def semver():
    return f"{R.randint(0, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}"


def dur():
    return f"{R.randint(0, 59)}m{R.randint(0, 59)}s"


def listed(*langs):
    """Reporter and assignee of a negative line: listed, never mentioned in the text."""
    c = Cast()
    for lang in langs:
        c.staff(lang)
    return c.people


@neg(3)
def n_ci_build_log():
    sha = sha1()
    return [
        f"Build #{R.randint(1000, 9999)} finished in {dur()}\n"
        f"Commit: ", look(sha), f" (main)\nStep 4/9 : RUN npm ci --no-audit\n"
        f" ---> Using cache\n ---> ", look(rs(HEX, 12)), "\n"
        f"Successfully built ", look(rs(HEX, 12)), "\nSuccessfully tagged "
        f"registry.kestrelfreight.com/tracking-api:{semver()}\npushed digest: ", look("sha256:" + sha256()),
        f" size: {R.randint(1000, 9999)}\nTotal time: {R.randint(3, 19)}.{R.randint(0, 9)}s",
    ], listed("en")


@neg(2)
def n_gha_summary():
    return [
        f"✓ lint ({dur()})\n✓ unit-tests ({dur()}) – {R.randint(900, 2400)} passed, "
        f"{R.randint(0, 12)} skipped\n✗ e2e-chrome ({dur()}) – 1 failed: "
        "booking/cancel.spec.ts:88 \"cancels a booking within the free window\"\n"
        f"Run ID {R.randint(7000000000, 9999999999)} · attempt 2 · runner ubuntu-22.04 "
        f"(image {date().replace('-', '')}.{R.randint(1, 9)})",
    ], listed("en", "pl")


@neg(1)
def n_git_log():
    lines = []
    for msg in ["fix(edi): handle empty NAD segment", "chore(deps): bump axios from 1.6.7 to 1.7.2",
                "feat(portal): show ETA range on tracking page", "Merge pull request #1184 from "
                "kestrel/release/2024.06"]:
        lines += [look(sha1()[:8]), f" {msg}\n"]
    return ["git log --oneline -4 on the release branch:\n", lines], []


@neg(2)
def n_k8s_secretref():
    app = pick(["wms", "billing", "carrier-sync"])
    return [
        f"Deployment snippet after the fix (no literal values any more):\n\n        env:\n"
        "          - name: DB_PASSWORD\n            valueFrom:\n              secretKeyRef:\n"
        f"                name: {app}-db\n                key: password\n"
        "          - name: STRIPE_SECRET_KEY\n            valueFrom:\n              secretKeyRef:\n"
        "                name: stripe\n                key: secret-key\n"
        f"        resources:\n          limits: {{cpu: \"{R.randint(1, 4)}\", memory: {R.choice([512, 1024, 2048])}Mi}}",
    ], listed("en")


@neg(2)
def n_env_example():
    service, extra = variant("env_example", [
        ("portal", "SENDGRID_API_KEY=<your-sendgrid-key>\nSTRIPE_SECRET_KEY=sk_live_...\n"),
        ("rates", "OPENAI_API_KEY=\nCARRIER_API_TOKEN=<ask-platform-team>\n")])
    return [
        f".env.example of the {service} service (copy to .env and fill in; never commit the "
        "real one):\n\nDATABASE_URL=postgresql://<user>:<password>@<host>:5432/<db>\n"
        "REDIS_URL=redis://localhost:6379/0\n", extra, "SESSION_SECRET=change-me\n"
        f"FEATURE_FLAGS=eta_v2,returns_portal\nPORT={pick([3000, 8080, 8000])}",
    ], listed("de")


@neg(2)
def n_compose_vars():
    return [
        "docker-compose.override.yml (values come from the shell / CI variables):\n\n"
        "services:\n  api:\n    environment:\n      DB_PASSWORD: ${DB_PASSWORD:?missing}\n"
        "      JWT_SECRET: ${JWT_SECRET}\n      NODE_ENV: production\n    healthcheck:\n"
        "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost:8080/health\"]\n"
        f"      interval: {R.randint(10, 60)}s\n      retries: {R.randint(3, 5)}",
    ], []


@neg(1)
def n_spring_placeholders():
    return [
        "application.yml (prod profile):\nspring:\n  datasource:\n"
        "    url: jdbc:postgresql://${DB_HOST}:5432/customs\n    username: ${DB_USER}\n"
        "    password: ${SPRING_DATASOURCE_PASSWORD}\n  jpa:\n    open-in-view: false\n"
        "server:\n  shutdown: graceful\n  tomcat:\n    threads:\n      max: 200",
    ], listed("it")


@neg(1)
def n_ansible_vault_refs():
    blob = "\n".join(rs("0123456789abcdef", 80) for _ in range(4))
    return [
        "group_vars/all/vault.yml is encrypted, the plain vars only reference it:\n\n"
        "db_password: \"{{ vault_db_password }}\"\nsmtp_password: \"{{ vault_smtp_password }}\"\n\n"
        "$ head -5 group_vars/all/vault.yml\n$ANSIBLE_VAULT;1.1;AES256\n", look(blob),
    ], []


@neg(2)
def n_terraform_refs():
    kind, name = variant("terraform", [("database_cluster", "wms"), ("kubernetes_cluster", "dr")])
    return [
        f"resource \"digitalocean_{kind}\" \"{name}\" {{\n  name       = \"{name}-"
        f"{pick(['fra1', 'ams3', 'lon1'])}\"\n  region     = var.region\n"
        f"  node_count = {R.randint(1, 3)}\n  tags       = [\"env:prod\", \"team:platform\"]\n}}\n\n"
        "provider \"digitalocean\" {\n  token = var.do_token\n}\n"
        "# do_token is set as a sensitive variable in the TFC workspace",
    ], listed("nl")


@neg(1)
def n_nginx_local():
    return [
        "server {\n    listen 443 ssl;\n    server_name track.kestrelfreight.com;\n"
        "    ssl_certificate     /etc/nginx/certs/track.fullchain.pem;\n"
        "    ssl_certificate_key /etc/nginx/certs/track.key;\n"
        "    location / {\n        proxy_pass http://127.0.0.1:8080;\n"
        f"        proxy_read_timeout {R.randint(30, 120)}s;\n    }}\n}}",
    ], []


@neg(2)
def n_sql_aggregate():
    rows = "".join(f" {w} | {R.randint(800, 9000)} | {R.randint(10, 99)}.{R.randint(0, 9)}\n"
                   for w in ["HAM", "RTM", "MAD", "LIS", "MXP", "KRK", "GOT"])
    return [
        "SELECT warehouse, count(*) AS picks, avg(pick_seconds) FROM wms.picks "
        f"WHERE picked_at >= '{date()}' GROUP BY 1 ORDER BY 2 DESC;\n"
        " warehouse | picks | avg\n-----------+-------+-----\n", rows,
        f"(7 rows)\nTime: {R.randint(100, 999)}.{R.randint(100, 999)} ms",
    ], listed("en")


@neg(1)
def n_sql_explain():
    return [
        "EXPLAIN ANALYZE for the slow tracking query:\n"
        f"Index Scan using shipments_ref_idx on shipments  (cost=0.56..8.58 rows=1 width=412) "
        f"(actual time=0.031..0.033 rows=1 loops=1)\n  Index Cond: (reference = 'KF-24-{R.randint(100000, 999999)}'::text)\n"
        f"Planning Time: 0.{R.randint(100, 999)} ms\nExecution Time: 0.0{R.randint(10, 99)} ms",
    ], []


@neg(2)
def n_java_trace():
    return [
        "java.lang.NullPointerException: Cannot invoke \"com.kestrel.edi.Segment.getValue()\" "
        "because \"nad\" is null\n\tat com.kestrel.edi.desadv.PartyMapper.map(PartyMapper.java:"
        f"{R.randint(40, 400)})\n\tat com.kestrel.edi.desadv.DesadvParser.parse(DesadvParser.java:"
        f"{R.randint(40, 400)})\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker("
        "ThreadPoolExecutor.java:1136)\n\t... 12 more\nmessageId=", look(ruuid()),
    ], listed("de", "en")


@neg(2)
def n_python_trace():
    return [
        "Traceback (most recent call last):\n  File \"/srv/rates/app/quote.py\", line "
        f"{R.randint(20, 300)}, in build_quote\n    zone = ZONES[postcode[:2]]\n"
        "KeyError: '97'\n\nrequest_id=", look(rs(HEX, 32)), f" duration_ms={R.randint(5, 900)}",
    ], listed("fr")


@neg(1)
def n_go_trace():
    return [
        "panic: runtime error: invalid memory address or nil pointer dereference\n"
        f"[signal SIGSEGV: segmentation violation code=0x1 addr=0x18 pc=0x{rs(HEX, 7)}]\n\n"
        "goroutine 87 [running]:\ngithub.com/kestrel/tms/internal/route.(*Planner).Next(0x0, "
        f"0xc000{rs(HEX, 6)})\n\t/src/internal/route/planner.go:{R.randint(50, 200)} +0x1c",
    ], []


@neg(2)
def n_csv_orders():
    rows = "".join(f"SO-{R.randint(2400000, 2499999)};{date()};{pick(['HAM', 'RTM', 'MAD'])};"
                   f"{R.randint(1, 40)};{R.randint(100, 9999)},{R.randint(10, 99)};"
                   f"{pick(['shipped', 'open', 'backorder'])}\n" for _ in range(4))
    return ["Export Aufträge (Auszug):\nauftrag;datum;lager;positionen;wert_eur;status\n", rows],\
        listed("de")


@neg(1)
def n_csv_inventory():
    rows = []
    for _ in range(4):
        rows += [look(gs1(f"40{digits(10, False)}")), f",SKU-{R.randint(10000, 99999)},{R.randint(0, 900)},"
                 f"{pick(['A', 'B', 'C'])}-{R.randint(1, 40):02d}-{R.randint(1, 6)}\n"]
    return ["inventory snapshot (EAN, SKU, qty, bin):\n", rows], []


@neg(2)
def n_tracking_numbers():
    return [
        "Status of the delayed parcels:\n- UPS ", look(ups()), " – exception, address correction\n"
        "- DHL Express ", look(digits(10)), " – customs hold\n- FedEx ", look(non_luhn(12)),
        " – delivered\n- Container ", look(container()), " on MSC Aurora, ETA ", date(),
    ], listed("en")


@neg(1)
def n_sscc_labels():
    return [
        "Label reprint for pallets SSCC ", look("00" + gs1("3" + digits(16, False))), " and ",
        look("00" + gs1("3" + digits(16, False))), ", AWB ", look(f"{R.randint(100, 999)}-{d(8)}"),
        f", printed {date()} {hhmm()}.",
    ], []


@neg(2)
def n_incident_roles():
    return [
        f"INC-{R.randint(2000, 2999)} timeline (UTC)\n{hhmm()} Alert fired: p95 latency "
        f"> 2s on tracking-api\n{hhmm()} On-call SRE acknowledged\n{hhmm()} Incident "
        f"commander assigned, status page updated\n{hhmm()} Rolled back to {semver()}\n"
        f"{hhmm()} Recovered. Customer impact: {R.randint(14, 60)} minutes of slow tracking pages.",
    ], listed("en", "en")


@neg(1)
def n_postmortem_metrics():
    return [
        "Postmortem summary\nDuration: 47 min · Error budget burned: 18% of monthly · "
        f"Requests failed: {R.randint(10000, 90000):,}\nRoot cause: connection pool exhausted after "
        "a config change lowered maxPoolSize from 50 to 5.\nAction items: OPS-4812, OPS-4813, "
        "OPS-4814",
    ], []


@neg(1)
def n_handover_ids():
    return [
        f"Handover notes week {R.randint(1, 52)}\n- OPS-{R.randint(4000, 4999)} still open, "
        f"waiting on vendor (case {R.randint(10000000, 99999999)})\n- Disk on the log cluster at "
        f"{R.randint(70, 89)}%, curator runs at 03:00\n- Next patch window: {date()} 22:00–02:00 CET",
    ], listed("sv", "sv")


@neg(2)
def n_bot_chat():
    return [
        f"#deploys\ndeploy-bot  {slack_time()}\n:rocket: tracking-api {semver()} deployed to prod "
        f"({(sha1()[:7])}) in {dur()}\nPagerDuty  {slack_time()}\n:white_check_mark: "
        f"Resolved: #{R.randint(100000, 999999)} High error rate on carrier-sync",
    ], []


@neg(1)
def n_finance_invoice():
    return [
        f"Rechnung RE-2024-{R.randint(1000, 9999)} vom {R.randint(1, 28):02d}.0{R.randint(1, 9)}.2024\n"
        f"Nettobetrag: {R.randint(1, 99)}.{R.randint(100, 999)},{R.randint(10, 99)} €\n"
        "USt. 19 %\nZahlungsziel: 30 Tage netto\nKostenstelle 4711, Bestellnummer "
        f"PO-{R.randint(100000, 999999)}\nBankverbindung: siehe Rechnungsfuß (IBAN DE** **** "
        "**** **** **20 00)",
    ], listed("de")


@neg(1)
def n_finance_fr():
    return [
        f"Facture n° FA{R.randint(240000, 249999)} – échéance {R.randint(1, 28)}/0{R.randint(1, 9)}/2024\n"
        f"Montant TTC : {R.randint(1, 9)} {R.randint(100, 999)},{R.randint(10, 99)} €\nTVA 20 %\n"
        "Règlement par virement, référence à rappeler : ", look(f"KF{R.randint(1000000, 9999999)}"),
    ], listed("fr")


@neg(1)
def n_finance_masked_card():
    return [
        "Payment declined for order ", look(f"WEB-{R.randint(100000, 999999)}"),
        ": Visa •••• ", look(d(4)), ", reason code 05 (do not honor). Customer was asked "
        "to use another card; no card data stored on our side.",
    ], []


@neg(1)
def n_finance_masked_pan():
    return [
        "Chargeback CB-", look(str(R.randint(100000, 999999))), " – card ",
        look(f"{pick(['411111', '545454', '374245'])}******{d(4)}"),
        f", amount 1.240,00 EUR, reason 13.1 (merchandise not received). Evidence due {date()}.",
    ], []


@neg(1)
def n_hr_policy():
    return [
        "Urlaubsregelung 2025: 30 Tage bei 5-Tage-Woche, Resturlaub verfällt am 31.03. "
        "Anträge bis zum 15. des Vormonats im Personalportal. Brückentage: 02.05., 30.05., "
        "20.06.",
    ], []


@neg(1)
def n_hr_payroll_calendar():
    return [
        "Payroll calendar Q3: cut-off 20 Jul / 20 Aug / 20 Sep, payment date 28 Jul / 28 Aug "
        "/ 27 Sep. Overtime sheets after cut-off go into the next run. Questions via the HR "
        "portal, category \"Payroll\".",
    ], listed("en")


@neg(1)
def n_password_policy():
    return [
        "Password policy (IT-SEC-07 v3.2): minimum 14 characters, no reuse of the last 12, "
        "expiry disabled when MFA is enabled, lockout after 10 failed attempts for 15 minutes. "
        "Service account passwords are generated by the vault and rotated every 90 days.",
    ], []


@neg(2)
def n_public_key():
    return [
        "Public key for the partner's SFTP allow-list (this is the PUBLIC half, fine to share):\n",
        look(ssh_pub("edi-partner-sftp")),
    ], listed("en")


@neg(1)
def n_pem_public():
    return [
        "JWT verification key (public, from /.well-known/jwks converted to PEM):\n",
        look(public_key()),
    ], []


@neg(1)
def n_certificate():
    fp = ":".join(rs("0123456789ABCDEF", 2) for _ in range(32))
    return [
        "New intermediate for the customer's mTLS bundle:\n", look(certificate(10)),
        "\nSHA256 Fingerprint=", look(fp), f"\nValid until {date(2026)}",
    ], []


@neg(2)
def n_masked_tokens():
    return [
        "Token inventory after the cleanup (last 4 only):\n- GitHub Actions: ghp_…",
        look(rs(ALNUM, 4)), " (expires in 30 days)\n- OpenAI: sk-…", look(rs(ALNUM, 4)),
        "\n- Slack bot: xoxb-****-****-", look(rs(ALNUM, 4)), "\n- Stripe: sk_live_****",
        look(rs(ALNUM, 4)), "\nAll others revoked.",
    ], listed("en")


@neg(1)
def n_aws_doc_example():
    return [
        "From the AWS docs, example only – not our keys:\n\n[default]\n"
        "aws_access_key_id = ", look("AKIAIOSFODNN7EXAMPLE"), "\naws_secret_access_key = ",
        look("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        "\n\nPut your own in ~/.aws/credentials via `aws configure`.",
    ], []


@neg(1)
def n_doc_placeholders():
    return [
        "How to call the tracking API (documentation page):\n\n"
        "curl -H \"Authorization: Bearer <your-token>\" https://api.kestrelfreight.com/v2/"
        "shipments/{reference}\n\nReplace <your-token> with the token from Settings → API. "
        "Example response: {\"reference\": \"KF-24-000123\", \"status\": \"IN_TRANSIT\"}",
    ], []


@neg(1)
def n_changeme_doc():
    return [
        "Label printer setup guide, step 3: log in to the web UI with the factory default "
        "(example from the vendor manual: user `admin`, password `admin` – you will be forced "
        "to change it). Then set the print darkness to 24 and the speed to 6 ips.",
    ], []


@neg(1)
def n_ip_like_versions():
    return [
        "Agent versions on the scanners: Zebra Link-OS ", look(f"{R.randint(5, 7)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(10, 99)}"),
        ", StageNow ", look(f"{R.randint(5, 13)}.{R.randint(0, 4)}.{R.randint(0, 9)}.{R.randint(1, 30)}"),
        ", Chrome ", look(f"124.0.{R.randint(6000, 6400)}.{R.randint(50, 200)}"),
        ". Everything older than 6.4 gets the update tonight.",
    ], listed("en")


@neg(1)
def n_win_build():
    return [
        "Affected clients run Windows 11 23H2 (build ", look(f"10.0.22631.{R.randint(3000, 4000)}"),
        "), Office ", look(f"16.0.{R.randint(17000, 17999)}.{R.randint(20000, 20999)}"),
        ". KB", str(R.randint(5030000, 5039999)), " fixes the printing issue.",
    ], []


@neg(1)
def n_uuids_traces():
    return [
        "trace_id=", look(rs(HEX, 32)), " span_id=", look(rs(HEX, 16)), " tenant=",
        look(ruuid()), f" http.status=502 upstream=carrier-sync duration={R.randint(30, 60)}.0s",
    ], []


@neg(1)
def n_npm_lock():
    return [
        "package-lock.json diff that broke the build:\n-      \"version\": \"1.6.7\",\n"
        "+      \"version\": \"1.7.2\",\n+      \"integrity\": \"sha512-",
        look(rs(B64, 86) + "=="), "\",",
    ], []


@neg(1)
def n_cron():
    return [
        "crontab on batch-01:\n0 2 * * * /opt/kf/bin/export-invoices --since=yesterday\n"
        "*/15 * * * * /opt/kf/bin/poll-edi >> /var/log/kf/edi.log 2>&1\n"
        "30 5 * * 1 /opt/kf/bin/weekly-report --format=xlsx",
    ], []


@neg(1)
def n_prometheus_alert():
    return [
        "[FIRING:1] KubePodCrashLooping (carrier-sync-7d9f8b6c4-", look(rs(LOWER + DIGITS, 5)),
        " prod)\nPod prod/carrier-sync is restarting 4.2 times / 10 minutes.\n"
        f"Runbook: https://runbooks.kestrelfreight.com/KubePodCrashLooping\nStarts at {date()} {hhmm()}:00 UTC",
    ], []


@neg(1)
def n_gps_warehouse():
    return [
        "Dock coordinates for the new Venlo site: 51.3704, 6.1724 (gate 2 entrance). Max. truck "
        "length 18.75 m, opening hours 06:00–22:00, booking via the slot portal only.",
    ], []


@neg(1)
def n_jira_automation():
    return [
        "Automation rule export:\n{\"id\": ", str(R.randint(10000000, 99999999)),
        ", \"name\": \"Escalate SEV1 to on-call\", \"trigger\": {\"type\": \"jira.issue.event."
        "trigger:created\"}, \"conditions\": [{\"field\": \"priority\", \"value\": \"Highest\"}], "
        "\"actions\": [{\"type\": \"webhook\", \"url\": \"{{secrets.pagerduty_url}}\"}]}",
    ], []


@neg(1)
def n_kubectl_pods():
    rows = "".join(f"tracking-api-{rs(LOWER + DIGITS, 10)}-{rs(LOWER + DIGITS, 5)}   1/1     Running"
                   f"   {R.randint(0, 3)}          {R.randint(1, 20)}d\n" for _ in range(3))
    return ["kubectl get pods -n tracking\nNAME                                  READY   STATUS"
            "    RESTARTS   AGE\n", look(rows)], []


@neg(1)
def n_docker_images():
    rows = []
    for name in ["tracking-api", "carrier-sync", "edi-mapper"]:
        rows += [f"registry.kestrelfreight.com/{name}   {semver()}   ", look(rs(HEX, 12)),
                 f"   {R.randint(2, 9)} days ago   {R.randint(90, 600)}MB\n"]
    return ["docker images | grep kestrel\n", rows], []


@neg(2)
def n_de_lieferstatus():
    day, month = R.randint(1, 27), R.randint(1, 12)
    return [
        f"Sendung {('KF-24-' + str(R.randint(100000, 999999)))} – Status: in Zustellung. "
        f"Zustellversuch am {day:02d}.{month:02d}.2024 um {hhmm()} Uhr fehlgeschlagen "
        f"(Empfänger nicht angetroffen). Neue Zustellung {day + 1:02d}.{month:02d}.2024, Zeitfenster 08–12 Uhr. "
        f"Gewicht {R.randint(100, 900)} kg, {R.randint(1, 6)} Paletten, Lademeter 2,4.",
    ], listed("de")


@neg(1)
def n_de_wartung():
    return [
        "Wartungsfenster Samstag 22:00–02:00 Uhr: Update WMS auf Version ", semver(),
        ", Datenbank-Migration V", str(R.randint(200, 300)), "__add_dock_slots.sql, Downtime "
        "ca. 45 Minuten. Rollback-Plan siehe Confluence-Seite „Release ",
        f"{date()[:7]}“.",
    ], []


@neg(1)
def n_fr_inventaire():
    return [
        f"Inventaire tournant entrepôt de Lyon – semaine {R.randint(1, 52)}\nEmplacements comptés : "
        f"{R.randint(800, 1500)}\nÉcarts : {R.randint(3, 30)} (valeur {R.randint(100, 999)},{R.randint(10, 99)} €)\n"
        "Taux de fiabilité : 99,2 %\nProchain comptage : allée C, niveaux 1 à 4.",
    ], listed("fr")


@neg(1)
def n_fr_release():
    return [
        f"Notes de version {semver()} du portail transporteur :\n- correction du calcul des "
        "frais de stationnement\n- export CSV des créneaux\n- compatibilité Safari 17.4\n"
        "Déploiement prévu mardi à 6 h.",
    ], []


@neg(1)
def n_es_stock():
    return [
        f"Informe de stock Madrid (Coslada) a {date()}:\nPalets ocupados: {R.randint(4000, 9000)} de 10.000\n"
        f"Rotación media: {R.randint(10, 40)} días\nPedidos pendientes: {R.randint(10, 90)}\n"
        "Incidencias abiertas: INC-2291, INC-2304",
    ], listed("es")


@neg(1)
def n_es_transport():
    return [
        f"Orden de carga {('OC-' + str(R.randint(240000, 249999)))}: recogida en Valencia "
        f"el {R.randint(1, 28)}/0{R.randint(1, 9)}, tráiler frigorífico a 4 °C, 33 europalets, "
        f"peso bruto {R.randint(10000, 24000)} kg. Matrícula del remolque: R-{R.randint(1000, 9999)}-BCD.",
    ], []


@neg(1)
def n_pt_report():
    return [
        f"Relatório semanal do armazém da Azambuja: {R.randint(1000, 3000)} encomendas expedidas, "
        f"taxa de erro de picking 0,{R.randint(10, 40)}%, {R.randint(1, 5)} reclamações. Fatura "
        f"FT 2024/{R.randint(1000, 9999)} enviada ao cliente.",
    ], listed("pt")


@neg(1)
def n_it_manutenzione():
    return [
        f"Manutenzione programmata carrelli elevatori – magazzino di Piacenza\nMatricole: "
        f"CE-{R.randint(100, 999)}, CE-{R.randint(100, 999)}, CE-{R.randint(100, 999)}\nData: {date()}\n"
        f"Ore di fermo previste: {R.randint(2, 8)}\nOrdine d'acquisto n. {R.randint(4500000000, 4509999999)}",
    ], listed("it")


@neg(1)
def n_nl_planning():
    return [
        f"Planning Rotterdam week {R.randint(1, 52)}: {R.randint(40, 90)} inbound containers, waarvan "
        f"{R.randint(5, 15)} reefers. Dock 1–4 gereserveerd voor cross-dock. Referentie "
        f"klantorder {('RTM' + str(R.randint(1000000, 9999999)))}, verwachte doorlooptijd 36 uur.",
    ], listed("nl")


@neg(1)
def n_pl_raport():
    return [
        f"Raport dzienny magazyn Kraków {R.randint(1, 28)}.0{R.randint(1, 9)}.2024: przyjęcia "
        f"{R.randint(20, 90)} palet, wydania {R.randint(20, 90)}, zwroty {R.randint(1, 9)}. Faktura "
        f"FV/{R.randint(100, 999)}/06/2024 wystawiona. Awaria wózka nr {R.randint(1, 20)} zgłoszona do serwisu.",
    ], listed("pl")


@neg(1)
def n_sv_rapport():
    return [
        f"Veckorapport Göteborg v.{R.randint(1, 52)}: {R.randint(500, 2000)} order plockade, "
        f"ledtid {R.randint(10, 30)} h i snitt, {R.randint(1, 9)} avvikelser. Order "
        f"{(str(R.randint(30000000, 39999999)))} väntar på tullklarering.",
    ], []


@neg(2)
def n_ja_release():
    return [
        f"リリースノート v{semver()}\n・配送予約画面の表示速度を改善\n・CSV出力の文字化けを修正"
        f"（Shift_JIS対応）\n・API レート制限を毎分{R.randint(60, 600)}リクエストに変更\n"
        f"リリース日: {date()}　ビルド番号: {R.randint(1000, 9999)}",
    ], listed("ja")


@neg(1)
def n_zh_deploy():
    return [
        f"发布记录：tracking-api {semver()} 已于 {date()} {hhmm()} 部署到生产环境，提交 ",
        look(sha1()[:8]), f"，耗时 {dur()}。回滚版本：{semver()}。影响范围：上海、宁波仓库。",
    ], listed("zh")


@neg(1)
def n_zh_report():
    return [
        f"上海仓库月报：入库 {R.randint(1000, 5000)} 托，出库 {R.randint(1000, 5000)} 托，"
        f"库存准确率 99.{R.randint(1, 9)}%。订单号 {('SH' + str(R.randint(20240000, 20249999)))} 异常已关闭。",
    ], []


@neg(2)
def n_ko_meeting():
    return [
        f"주간 회의록 ({date()})\n- 부산 창고 재고 실사 완료, 오차율 0.{R.randint(1, 9)}%\n"
        f"- 통관 지연 건 {R.randint(1, 9)}건, 평균 {R.randint(1, 4)}일\n- 다음 배포: v{semver()}, "
        "금요일 22시",
    ], listed("ko")


@neg(1)
def n_chat_anonymized():
    return [
        "Excerpt from the war-room chat (names removed for the postmortem):\n"
        f"[{hhmm()}] IC: status?\n[{hhmm()}] SRE-1: replica lag down to 40s, promoting now\n"
        f"[{hhmm()}] SRE-2: DNS TTL is 60, clients should follow within 2 min\n"
        f"[{hhmm()}] IC: ok, update status page, next update in 15",
    ], listed("en", "en")


@neg(1)
def n_runbook_vault():
    return [
        "Runbook: rotate the WMS DB password\n1. vault write -f database/rotate-role/wms\n"
        "2. kubectl rollout restart deploy/wms -n wms\n3. Check that pods pick up the new lease "
        "(vault lease lookup)\nNever paste the password into Jira or Slack.",
    ], []


@neg(1)
def n_secrets_manager_ref():
    return [
        "The Lambda reads its key from Secrets Manager: arn:aws:secretsmanager:eu-central-1:",
        look(d(12)), ":secret:prod/carrier-sync/api-", look(rs(ALNUM, 6)),
        ". Rotation every 30 days via the rotation function.",
    ], []


@neg(1)
def n_sha_checksums():
    return [
        "Checksums for the installer (verify before running):\nkf-agent-", semver(),
        "-x86_64.msi  sha256 ", look(sha256()), "\nkf-agent-", semver(),
        "-arm64.pkg   sha256 ", look(sha256()),
    ], []


@neg(1)
def n_request_ids():
    return [
        "Carrier API errors yesterday: 14 × HTTP 429 (retry-after 30), 3 × HTTP 503. "
        "Sample x-request-id values: ", look(ruuid()), ", ", look(ruuid()),
        ". Vendor ticket ", look(f"#{R.randint(1000000, 9999999)}"), ".",
    ], listed("en")


@neg(1)
def n_mac_oui_note():
    return [
        "Scanner models and their OUI prefixes (vendor part only, for the NAC profiling rule): "
        "Zebra 00:07:4D, Honeywell 00:10:20, Datalogic 00:17:23. Profiles apply to the whole "
        "vendor range.",
    ], []


@neg(1)
def n_port_list():
    return [
        "Firewall request (no new hosts, only ports): allow tcp/443 and tcp/8443 from the DMZ "
        "group \"edge-lb\" to the group \"tracking-api\"; deny tcp/5432 from everywhere except "
        "group \"db-admin\". Change window CHG-", str(R.randint(10000, 99999)), ".",
    ], []


@neg(1)
def n_amounts_and_dates():
    return [
        f"Budget Q3: Transportkosten 1.284.500,00 €, Lager 742.300,00 €, IT 96.450,00 €. "
        f"Abweichung zum Forecast -2,3 %. Stand {R.randint(1, 28):02d}.0{R.randint(1, 9)}.2024, "
        "freigegeben im Controlling-Meeting.",
    ], listed("de")


@neg(1)
def n_phone_like_ids():
    return [
        f"Customs declaration MRN {('24DE' + rs(UPPER + DIGITS, 14))}, EORI holder on file, "
        f"tariff code {(f'{d(4)} {d(2)} {d(2)}')}, gross mass {R.randint(100, 9999)} kg, "
        f"{R.randint(1, 40)} packages.",
    ], []


@neg(1)
def n_iban_format_doc():
    return [
        "Validation rule for the supplier form: IBAN length per country (DE 22, FR 27, NL 18, "
        "PL 28), checksum mod 97 must equal 1, BIC 8 or 11 characters. Show the error "
        "\"IBAN ungültig\" under the field.",
    ], []


@neg(1)
def n_timestamps_log():
    lines = "".join(f"{today()}T{hhmm()}:{R.randint(10, 59)}.{R.randint(100, 999)}Z INFO  "
                    f"[edi-poller] fetched {R.randint(0, 40)} messages in {R.randint(50, 900)} ms\n"
                    for _ in range(3))
    return ["edi-poller log (last 3 lines):\n", lines], []


@neg(1)
def n_onboarding_generic():
    return [
        "Onboarding template (copy for each new hire):\n[ ] Laptop ordered\n[ ] AD account "
        "(temporary password is generated by the service desk and sent by SMS – never in the "
        "ticket)\n[ ] Badge\n[ ] Safety training\n[ ] Buddy assigned",
    ], []


@neg(1)
def n_crm_pipeline():
    return [
        f"Pipeline review: {R.randint(20, 60)} open opportunities, weighted value "
        f"€{R.randint(1, 9)}.{R.randint(1, 9)}M. Top 3 by value: OPP-{R.randint(1000, 9999)} (3PL, "
        f"stage 4), OPP-{R.randint(1000, 9999)} (FTL, stage 3), OPP-{R.randint(1000, 9999)} "
        "(reefer, stage 2). Win rate last quarter 31%.",
    ], listed("en")


@neg(1)
def n_support_template():
    return [
        "Macro \"Delivery delay – first response\":\nHello,\n\nthank you for contacting us about "
        "shipment {{ticket.custom_field_reference}}. We have asked the carrier for an update "
        "and will get back to you within one business day.\n\nKind regards,\n{{current_user."
        "first_name}}\nKestrel Freight Customer Service",
    ], []


@neg(1)
def n_docker_inspect():
    return [
        "docker inspect output (trimmed):\n\"Id\": \"sha256:", look(sha256()), "\",\n"
        "\"RepoDigests\": [\"registry.kestrelfreight.com/edi-mapper@sha256:", look(sha256()),
        f"\"],\n\"Created\": \"{date()}T{hhmm()}:07Z\",\n\"Env\": [\"PATH=/usr/local/sbin:/usr/"
        "local/bin\", \"JAVA_VERSION=jdk-21.0.3+9\"]",
    ], []


@neg(1)
def n_ssh_fingerprint():
    return [
        "Host key of the new SFTP server, confirm before accepting:\nED25519 key fingerprint is "
        "SHA256:", look(rs(B64, 43)), ".\nThis host key is known by the following other names: "
        "sftp.kestrelfreight.com",
    ], []


@neg(1)
def n_localhost_conn():
    return [
        "For local development only: docker run -p 5432:5432 postgres:16 and point the app at "
        "localhost:5432 / 127.0.0.1. The devcontainer sets POSTGRES_HOST_AUTH_METHOD=trust, "
        "so no password is needed locally.",
    ], []


@neg(1)
def n_ean_barcode():
    return [
        "Barcode scan failures at packing station 7: EAN ", look(gs1("40" + digits(10, False))),
        " and ", look(gs1("87" + digits(10, False))), " are read as ITF-14. Scanner profile reset to factory "
        "config 3.1.",
    ], []


@neg(1)
def n_webhook_doc():
    return [
        "To post deploy notifications, create an incoming webhook in Slack (Apps → Incoming "
        "Webhooks) and store the URL as the CI variable SLACK_WEBHOOK_URL. The URL has the form "
        "https://hooks.slack.com/services/T…/B…/… and must be treated as a secret.",
    ], []


@neg(1)
def n_role_description():
    return [
        "Roles on the SEV1 rota: incident commander (rotates weekly), communications lead "
        "(customer success), scribe (whoever joins first). Escalation policy \"Platform "
        "Primary\" pages after 5 minutes, \"Platform Secondary\" after 15.",
    ], []


@neg(1)
def n_it_fattura():
    return [
        f"Fattura n. {R.randint(100, 999)}/2024 del {R.randint(1, 28)}/0{R.randint(1, 9)}/2024 – "
        f"imponibile € {R.randint(1, 9)}.{R.randint(100, 999)},{R.randint(10, 99)}, IVA 22%, "
        "pagamento a 60 gg d.f.f.m. Riferimento DDT ", look(f"{R.randint(1000, 9999)}/B"),
        ". Coordinate bancarie come da contratto (non riportate nel ticket).",
    ], listed("it")


@neg(1)
def n_pt_guia():
    return [
        f"Guia de transporte GT {R.randint(2024000, 2024999)}/{R.randint(1, 9)} – carga 18 paletes, "
        f"peso {R.randint(8000, 18000)} kg, matrícula AA-{R.randint(10, 99)}-BB, saída prevista "
        f"{R.randint(1, 28):02d}/0{R.randint(1, 9)} às {hhmm()}. Código AT ",
        look(rs(UPPER + DIGITS, 12)), ".",
    ], listed("pt")


@neg(1)
def n_nl_storing():
    return [
        f"Storingsmelding {('INC' + str(R.randint(100000, 999999)))}: de sorteerinstallatie in "
        f"Venlo stond {R.randint(20, 90)} minuten stil door een vastgelopen rollerbaan. "
        f"Geen dataverlies, {R.randint(100, 900)} pakketten handmatig nagesorteerd.",
    ], []


@neg(1)
def n_hr_masked_iban():
    return [
        "Payroll confirmation: bank details on file updated successfully (IBAN ending ",
        look(d(4)), "). The change applies from the next pay run. For security, full account "
        "numbers are never shown in tickets.",
    ], listed("en")


@neg(1)
def n_teams_cert_paste():
    return [
        "Root CA the scanners need to trust (public certificate, safe to paste):\n",
        look(certificate(6)), "\nInstall it under Settings → Security → Trusted CAs.",
    ], []


@neg(1)
def n_sv_ci():
    return [
        f"Bygget misslyckades: steg \"integrationstester\" tog {dur()} och avbröts efter "
        f"timeout. Commit {(sha1()[:12])}, pipeline #{R.randint(10000, 99999)}. "
        "Kör om med RETRY=1 när testmiljön är uppe igen.",
    ], []


# --- building and validation -------------------------------------------------------------------


class Invalid(Exception):
    pass


def build(pieces):
    """Text, spans (byte offsets), look-alikes and a masked copy of the text (spans and
    look-alikes blanked) for the lint."""
    text, masked, spans, looks, pos = [], [], [], [], 0
    for p in flatten(pieces):
        if isinstance(p, str):
            text.append(p)
            masked.append(p)
            pos += len(p.encode())
            continue
        kind, value = p
        if not isinstance(value, str) or not value:
            raise Invalid(f"empty or non-string value for {kind}: {value!r}")
        size = len(value.encode())
        if kind == "_":
            looks.append(value)
        else:
            spans.append({"kind": kind, "start": pos, "end": pos + size, "value": value})
        text.append(value)
        masked.append(" " * len(value))
        pos += size
    return "".join(text), spans, looks, "".join(masked)


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
VENDOR_RE = {
    "anthropic": r"sk-ant-(?:api03|admin01)-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3[A-Za-z0-9_=-]{186}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "digitalocean": r"do[opr]_v1_[a-f0-9]{64}",
    "docker": r"dckr_pat_[A-Za-z0-9_-]{27}",
    "gcp": r"GOCSPX-[A-Za-z0-9_-]{28}",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"gl(?:pat|rt|dt|ptt)-[A-Za-z0-9_-]{20}",
    "google": r"AIza[0-9A-Za-z_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9_-]{90,}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "linear": r"lin_api_[A-Za-z0-9]{40}",
    "mailgun": r"key-[0-9a-f]{32}",
    "newrelic": r"NRAK-[A-Z0-9]{27}|[0-9a-f]{36}NRAL",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-(?:proj-|svcacct-)?[A-Za-z0-9_-]*T3BlbkFJ[A-Za-z0-9_-]+",
    "postman": r"PMAK-[0-9a-f]{24}-[0-9a-f]{34}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}",
    "slack": r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[a-f0-9]{32}"
             r"|xapp-1-A[A-Z0-9]{10}-\d{13}-[a-f0-9]{64}"
             r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,11}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,99}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
# Prefixed forms only, for the lint of unlabeled text.
LINT_VENDOR = re.compile("|".join(
    f"(?:{VENDOR_RE[v].split('|[A-Za-z0-9/+]{40}')[0]})" if v == "aws" else f"(?:{VENDOR_RE[v]})"
    for v in VENDORS if v != "twilio") + r"|SK[0-9a-f]{32}")
MAC_RE = re.compile(r"(?:[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2})"
                    r"|(?:[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4})")
IPV4_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w.]*\d)")
SSN_RE = re.compile(r"^(\d{3})([- ]?)(\d{2})\2(\d{4})$")
JWT_RE = re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
CARD_RE = re.compile(r"(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)")

CARD_PREFIX = [(r"4", (13, 16, 19)), (r"5[1-5]", (16,)), (r"2(?:2[2-9]|[3-6]\d|7[01]|720)", (16,)),
               (r"3[47]", (15,)), (r"6011|65|64[4-9]", (16, 19)), (r"35(?:2[89]|[3-8]\d)", (16,)),
               (r"62", (16, 17, 18, 19)), (r"3(?:0[0-5]|[68])", (14,))]

ALL_CONTACTS = {c.name: c for cs in CONTACTS.values() for c in cs}
ALL_STAFF = {p.name: p for ps in STAFF.values() for p in ps}


def card_brand_ok(number):
    return any(re.match(prefix, number) and len(number) in lengths
               for prefix, lengths in CARD_PREFIX)


def b64u_json(part):
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def national_iban_ok(v):
    c, b = v[:2], v[4:]
    if c == "FR":
        return _fr_key(b[:5], b[5:10], b[10:21]) == b[21:]
    if c == "ES":
        return _es_dc(b[:4], b[4:8], b[10:]) == b[8:10]
    if c == "IT":
        return _it_cin(b[1:]) == b[0]
    if c == "BE":
        return (int(b[:10]) % 97 or 97) == int(b[10:])
    if c == "PT":
        return v[2:4] == "50"
    if c == "PL":
        return (10 - _weights_mod(b[:7], [3, 9, 7, 1, 3, 9, 7], 10)) % 10 == int(b[7])
    if c == "NL":
        return sum(int(ch) * (10 - i) for i, ch in enumerate(b[4:])) % 11 == 0
    return True


def check_span(kind, value, data, start, end, line):
    if kind not in KINDS:
        raise Invalid(f"unknown kind {kind}")
    if value != value.strip() or value[0] in "\"'<" or value[-1] in "\"'>,;.":
        if kind not in ("private_key",):
            raise Invalid(f"{kind} value has padding or punctuation: {value!r}")
    if kind == "email":
        ok = EMAIL_RE.fullmatch(value) is not None
    elif kind == "phone":
        n = sum(ch.isdigit() for ch in value)
        ok = re.fullmatch(r"[+(0-9][0-9 ()+./-]*[0-9]", value) is not None and 7 <= n <= 15
    elif kind == "credit_card":
        n = re.sub(r"[ -]", "", value)
        ok = n.isdigit() and luhn_ok(n) and card_brand_ok(n)
    elif kind == "iban":
        v = value.replace(" ", "")
        ok = (iban_valid(value) and IBAN_LENGTH.get(v[:2]) == len(v) and v == v.upper()
              and national_iban_ok(v))
    elif kind == "ip_address":
        try:
            a = ipaddress.ip_address(value)
            ok = not (a.is_loopback or a.is_unspecified)
        except ValueError:
            ok = False
    elif kind == "ssn":
        m = SSN_RE.match(value)
        ok = bool(m) and m.group(1) not in ("000", "666") and m.group(1)[0] != "9" \
            and m.group(3) != "00" and m.group(4) != "0000"
    elif kind == "person":
        listed_values = {v for p in line["people"] for v in p.values()}
        contact = ALL_CONTACTS.get(value)
        ok = value in listed_values or (
            contact is not None and any(s["kind"] == "email" and s["value"] == contact.email
                                        for s in line["_spans"]))
    elif kind == "private_key":
        flat = re.sub(r"\n[ \t]+", "\n", value.replace("\\n", "\n"))
        ok = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----\n[A-Za-z0-9+/=\n]+\n"
                          r"-----END \1-----", flat) is not None
    elif kind == "jwt":
        parts = value.split(".")
        try:
            ok = len(parts) == 3 and "alg" in b64u_json(parts[0]) and \
                isinstance(b64u_json(parts[1]), dict) and re.fullmatch(r"[A-Za-z0-9_-]+", parts[2])
        except ValueError:
            ok = False
    elif kind == "password":
        ok = bool(value) and not re.search(r"\s", value)
    elif kind == "url_credentials":
        ok = ":" in value and data[:start].endswith(b"://") and data[end:end + 1] == b"@"
    elif kind == "mac_address":
        ok = MAC_RE.fullmatch(value) is not None
    else:
        vendor = kind.split("/", 1)[1]
        ok = re.fullmatch(VENDOR_RE[vendor], value) is not None
    if not ok:
        raise Invalid(f"bad {kind} value {value!r}")


def occurrences(data, needle):
    out, i = [], data.find(needle)
    while i >= 0:
        out.append((i, i + len(needle)))
        i = data.find(needle, i + 1)
    return out


def is_latin(s):
    return all(ord(ch) < 0x2E80 for ch in s)


def validate(line, masked):
    data = line["text"].encode()
    spans = line["_spans"]
    prev_end = 0
    for s in spans:
        if not (prev_end <= s["start"] < s["end"] <= len(data)):
            raise Invalid(f"overlapping or out-of-range span {s}")
        if data[s["start"]:s["end"]].decode() != s["value"]:
            raise Invalid(f"offsets do not decode to the value {s}")
        prev_end = s["end"]
        check_span(s["kind"], s["value"], data, s["start"], s["end"], line)
    person_spans = {(s["start"], s["end"]) for s in spans if s["kind"] == "person"}
    covered = [(s["start"], s["end"]) for s in spans]

    def inside_any(a, b):
        return any(s <= a and b <= e for s, e in covered)

    # every occurrence of a listed person's name, email or account id is a `person` span
    for p in line["people"]:
        for field in ("display_name", "email", "account_id"):
            for occ in occurrences(data, p[field].encode()):
                if occ not in person_spans:
                    raise Invalid(f"unlabeled occurrence of {p[field]!r}")
    # listed people only by full display name; nobody of the roster unlabeled
    for name in list(ALL_STAFF) + list(ALL_CONTACTS):
        for occ in occurrences(data, name.encode()):
            if occ not in person_spans:
                raise Invalid(f"roster name {name!r} unlabeled")
            if name in ALL_STAFF and name not in {p["display_name"] for p in line["people"]}:
                raise Invalid(f"staff {name!r} mentioned but not listed")
    for c in ALL_CONTACTS.values():
        for occ in occurrences(data, c.email.encode()):
            if not any(s["kind"] == "email" and (s["start"], s["end"]) == occ for s in spans):
                raise Invalid(f"contact address {c.email} not labelled email")
    named = [p["display_name"] for p in line["people"]]
    named += [s["value"] for s in spans if s["kind"] == "person" and s["value"] in ALL_CONTACTS]
    for name in named:
        parts = [t for t in re.split(r"[ ]", name) if len(t) >= 2 and t[0].isupper()
                 or not is_latin(t)]
        if len(parts) < 2:
            continue
        for t in parts:
            pat = rf"(?<!\w){re.escape(t)}(?!\w)" if is_latin(t) else re.escape(t)
            if re.search(pat, masked):
                raise Invalid(f"part {t!r} of a listed name occurs alone")
    # lint: nothing that looks like a labelled kind is left unlabeled
    checks = [("email", EMAIL_RE), ("api_key", LINT_VENDOR), ("jwt", JWT_RE),
              ("private_key", re.compile(r"PRIVATE KEY-----")), ("mac", MAC_RE),
              ("ssn", re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)"))]
    for what, rx in checks:
        m = rx.search(masked)
        if m:
            raise Invalid(f"unlabeled {what}-like text {m.group(0)!r}")
    for m in IPV4_RE.finditer(masked):
        try:
            a = ipaddress.ip_address(m.group(1))
        except ValueError:
            continue
        if not (a.is_loopback or a.is_unspecified):
            raise Invalid(f"unlabeled IPv4 {m.group(1)!r}")
    for m in CARD_RE.finditer(masked):
        n = re.sub(r"[ -]", "", m.group(0))
        if luhn_ok(n) and card_brand_ok(n):
            raise Invalid(f"unlabeled card-like number {m.group(0)!r}")
    for m in IBAN_RE.finditer(masked):
        if iban_valid(m.group(0)):
            raise Invalid(f"unlabeled IBAN {m.group(0)!r}")


# --- main --------------------------------------------------------------------------------------


def generate():
    lines = []
    for group, negative in ((POSITIVE, False), (NEGATIVE, True)):
        for fn, times in group:
            for _ in range(times):
                reset_clock()
                pieces, people = fn()
                text, spans, looks, masked = build(pieces)
                line = {"text": text, "people": [p.record() for p in people], "_spans": spans,
                        "_looks": looks, "_src": fn.__name__}
                try:
                    if negative and spans:
                        raise Invalid("negative template produced spans")
                    if not negative and not spans:
                        raise Invalid("positive template produced no span")
                    validate(line, masked)
                except Invalid as error:
                    sys.exit(f"heldout4: {fn.__name__}: {error}\n---\n{text}")
                lines.append(line)
    ORDER.shuffle(lines)
    texts = Counter(line["text"] for line in lines)
    if max(texts.values()) > 1:
        sys.exit(f"heldout4: duplicate text from {[l['_src'] for l in lines if texts[l['text']] > 1]}")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="list the unlabeled look-alikes")
    args = parser.parse_args()
    lines = generate()
    with open(OUT, "w", encoding="utf-8") as out:
        for i, line in enumerate(lines, 1):
            record = {"id": f"{ID_PREFIX}{i:05d}", "text": line["text"], "people": line["people"],
                      "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                                for s in line["_spans"]]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for line in lines for s in line["_spans"])
    negatives = sum(1 for line in lines if not line["_spans"])
    print(f"{OUT.name}: {len(lines)} lines, {len(lines) - negatives} positive, {negatives} "
          f"negative, {sum(kinds.values())} spans")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<26}{count}")
    if args.lint:
        for i, line in enumerate(lines, 1):
            for value in line["_looks"]:
                print(f"{ID_PREFIX}{i:05d} [{line['_src']}] look-alike: {value[:70]!r}")


if __name__ == "__main__":
    main()
