#!/usr/bin/env python3
r"""Writes heldout5.jsonl: a fifth held-out redaction evaluation set, of the developer-side text a
Jira / Confluence tenant of a game studio ("Quillbeak Interactive", maker of the online game
"Hollowtide", with staff in some twenty countries) holds: Jira wiki markup (`{code}`,
`{noformat}`, `{panel}`, `{quote}`, `||table||headers||`, `[~accountid:...]` mentions,
`[text|mailto:...]` and `[text|tel:...]` links), Confluence page excerpts (on-call rotas,
vendor and payout cards, break-glass pages, meeting notes with @mentions); HTTP captures (curl
with `-u` and `-H Authorization`, raw request and response dumps, HAR and Postman environment
exports); developer credential files (.npmrc, .pypirc, .netrc, .git-credentials, kubeconfig,
docker login and config.json, .pgpass, JDBC/ODBC/Oracle, MongoDB, Redis and AMQP URLs, Azure
storage connection strings, AWS credentials, GCP service-account keys, .env files); structured
logs (JSON lines, logfmt, syslog, nginx access logs); shell history, terminal sessions,
Terraform output and GitHub Actions logs; vendor tokens of eighteen kinds; and player-support,
payroll, contractor and GDPR text in seventeen languages besides English (German, French,
Spanish, Portuguese, Italian, Dutch, Polish, Swedish, Finnish, Czech, Turkish, Greek, Russian,
Japanese, Korean, Chinese, Vietnamese), with names in Latin (particles, hyphens, apostrophes,
accents), Cyrillic, Greek, Han, kana and Hangul script, phone numbers of 26 countries in
national, international and E.164 form, IBANs of 13 countries, and card numbers of six brands
(spaced, dashed, plain). About 30% of the lines are negatives built from hard look-alikes.

Written without looking at the detectors (guest/) or at the other sets' sentences or
generators; only heldout4.py's docstring, evaluate.py and checks.py were read. Its first score
is therefore a blind one.

    python3 tests/redaction/heldout5.py [--lint]

(`--lint` also lists the look-alikes left unlabeled on purpose, for review.)

Deterministic: every random part (people drawn from fixed rosters, phone digits, IBAN bodies,
card numbers, addresses, passwords, key, token, PEM and JWT bodies) comes from one seeded
`random.Random`; the line order is shuffled by a second seeded one. Every line is validated
before anything is written (see `validate`); any violation aborts with a message. Besides the
shape of every labelled value (Luhn for cards, the mod-97 check for IBANs, vendor token
formats, parseable IP addresses, decodable JWT headers, PEM armour), the validation scans what
is left unlabeled for addresses, IPs, Luhn-valid digit runs, valid IBANs, secret shapes and
roster name parts; only text declared as a look-alike (`Look`, listed by --lint) may hold one.

Format (the one evaluate.py reads):

    {"id": "held5-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings and `(kind, value)` tuples), never by hand. A line without spans is a
negative: nothing in it may be redacted.

Labelling conventions: those of heldout4.py's docstring, unchanged, restated briefly:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`).
* password: only the secret value (no key name, no quotes); generic secrets without a vendor
  prefix (SECRET_KEY, a Wi-Fi passphrase, an AWS session token) are `password`.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL; an AWS
  access key id and secret access key are both `api_key/aws`; a Twilio API key SID (SK...), its
  secret and an auth token are `api_key/twilio`; a Stripe webhook secret (whsec_) is
  `api_key/stripe`; a Google API key (AIza...) is `api_key/google`; a Vault token (hvs.) is
  `api_key/hashicorp`. A vendor token used as the password of a URL (`https://oauth2:glpat-...@`)
  or as the secret of `curl -u user:secret` is labelled as the token alone.
* person: the display name, email or account id of someone in `people` (an @mention without
  the `@`; a `[~accountid:...]` mention and a `/jira/people/<id>` URL label the id alone);
  listed people appear only by full display name. Someone not in `people` appears only beside
  an address whose local part spells their name: the name is `person` (every occurrence in the
  line, e.g. again in a signature), the address `email`. Role and team addresses (support@,
  payroll@) and service-account addresses are `email` only.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback and
  0.0.0.0 are not labelled. `user@<ip>` labels the IP only.
* phone: the whole number as written, without labels such as `Tel.:` or `tel:`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line.
* The base64 `auth` value of a Docker config.json is `password`. BICs, key ids
  (`private_key_id`), public keys and certificates are not labelled. Masked card numbers and
  IBANs and AWS's documented example pair (`AKIAIOSFODNN7EXAMPLE` / `...EXAMPLEKEY`) appear only
  on negative lines; no published test card number is used anywhere.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: vendor kind names used: aws, anthropic, atlassian (ATATT...), azure (a storage
  `AccountKey` value, the key alone), digitalocean (dop_v1_), github (ghp_/ghs_/gho_ with their
  CRC32 checksum, github_pat_), gitlab (glpat-), google, hashicorp, huggingface (hf_), npm
  (npm_, checksummed like GitHub's), openai (sk-proj-), pypi (pypi-AgEI...), sendgrid (SG.),
  shopify (shpat_/shpca_), slack (xoxb-/xoxp-/webhook URL), stripe (sk_live_/rk_live_/whsec_),
  twilio.
* NEW: the credential of `Authorization: Basic <base64>` and the base64 `_auth` / `_password`
  values of an .npmrc are `password` (like Docker's `auth`). An opaque bearer token without a
  vendor prefix (`Authorization: Bearer <random>`) is `password`; a JWT bearer token is `jwt`;
  a vendor bearer token is its `api_key/<vendor>` kind; in each case the token alone, never
  `Bearer ` or the header name. A Kubernetes service-account token in a kubeconfig is `jwt`;
  its `certificate-authority-data` (a base64 CA certificate) is not labelled.
* NEW: the password of a JDBC query string (`?user=x&password=y`), an ODBC `Pwd=`, an Oracle
  `user/password@//host`, a .pgpass or .netrc line, `mysql -p<pw>` / `-p'<pw>'`, `redis-cli -a`
  and `docker login -p` is `password` (value alone, no quotes); url_credentials is kept for the
  `scheme://user:password@host` form only (mongodb+srv, rediss, amqps, postgresql, https).
* NEW: a Slack app signing secret (32 hex, no prefix) is `password` (generic secret). A Twilio
  account SID (AC...) is an identifier, not labelled (it occurs only as the user name of
  `curl -u` and in the API path); Stripe charge ids (ch_...) are not labelled.
* NEW: in a GCP service-account key file the `private_key` value (with its JSON `\n` escapes)
  is `private_key` from `-----BEGIN` to the END line's `-----` (the trailing `\n` escape is
  outside); `client_email` is `email`; `private_key_id` and the numeric `client_id` are not
  labelled.
* NEW: a Jira link `[shown|mailto:addr]` or `[shown|tel:+E164]` labels the shown text and the
  link target separately (two spans of the same kind). A wiki-table or CSV row holding a name
  and, in the next column, an address spelling it counts as "name beside address".
* NEW: placeholders are never labelled and appear only on negative lines: variable references
  (`${DB_PASSWORD}`, `{{ secrets.X }}`, `%(PYPI_PASSWORD)s`), angle-bracket placeholders
  (`<password>`, `<your-key-here>`), `REPLACE_ME`, runs of x/y in a vendor shape
  (`sk_live_xxxx...`, `SG.xxxx.yyyy`), `***` masks in GitHub Actions logs, `(sensitive value)`
  and `<sensitive>` in Terraform output. Weak literal passwords that could be either a
  placeholder or a real value (`changeme`, `password123`) are not used at all.
* NEW: other unlabeled look-alikes (negative lines, or declared `Look` pieces on positive
  ones): four-part build numbers shaped like IPv4 addresses (`1.12.3.207`), SNMP OIDs, SSH key
  fingerprints and public keys (whose comment `ci@hollowtide-runner-3` has no dotted domain),
  16-digit numbers that fail the Luhn check, ISBN-13s, masked cards (`508387******8702`,
  `•••• 1234`), masked IBANs, git SHAs, UUIDs, trace ids, image digests, hex colours,
  coordinates, epoch milliseconds, order, invoice, PO, RMA and tracking numbers, crash-dump
  addresses, error codes, port numbers and durations.
* NEW: a line's `people` may list ticket participants the text does not mention (negative lines
  included); none of their name parts then occurs in the text.
* NEW: no address in a documentation range (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
  2001:db8::/32) and no link-local address is used, labelled or not.
"""

import argparse
import base64
import ipaddress
import json
import random
import re
import string
import sys
import time
import uuid
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout5.jsonl"
SEED = 5_2024_1112
ORDER_SEED = 5_0000_0055
PREFIX = "held5"
DOMAIN = "quillbeak.com"

DIGITS = string.digits
HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"
B32 = string.ascii_uppercase + "234567"

VENDORS = {"anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
           "stripe", "twilio"}
PLAIN_KINDS = {"person", "email", "phone", "ip_address", "credit_card", "iban", "password",
               "url_credentials", "private_key", "jwt"}

# AWS's documented example key pair: only ever on negative lines, as a look-alike.
AWS_EXAMPLE_ID = "AKIAIOSFODNN7EXAMPLE"
AWS_EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
# Published test card numbers: never used (checked).
TEST_CARDS = {"4242424242424242", "4111111111111111", "4000056655665556", "5555555555554444",
              "5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
              "3530111333300000", "4012888888881881", "5200828282828210", "2223003122003222",
              "4000000000000002", "30569309025904", "38520000023237", "6011000990139424",
              "4000002500003155", "4000000000009995", "5425233430109903", "4263982640269299"}


# --- pieces --------------------------------------------------------------------------------


class Look:
    """Plain text left unlabeled on purpose (a look-alike); listed by --lint."""

    def __init__(self, value, why):
        self.value, self.why = value, why


def name(p):
    return ("person", p["display_name"])


def mail(p):
    return ("person", p["email"])


def acct(p):
    return ("person", p["account_id"])


def oname(o):
    return ("person", o["name"])


def omail(o):
    return ("email", o["email"])


def E(v):
    return ("email", v)


def PH(v):
    return ("phone", v)


def IP(v):
    return ("ip_address", v)


def CC(v):
    return ("credit_card", v)


def IB(v):
    return ("iban", v)


def PW(v):
    return ("password", v)


def UC(v):
    return ("url_credentials", v)


def PK(v):
    return ("private_key", v)


def JW(v):
    return ("jwt", v)


def K(vendor, v):
    return ("api_key/" + vendor, v)


MARK = re.compile(r"«(\w+)»")


def fill(template, **values):
    """Pieces of `template`, each «name» replaced by its value (a string, a (kind, value)
    tuple, a Look, or a list of those)."""
    out, pos = [], 0
    for m in MARK.finditer(template):
        out.append(template[pos:m.start()])
        value = values[m.group(1)]
        out.extend(value if isinstance(value, list) else [value])
        pos = m.end()
    out.append(template[pos:])
    return [p for p in out if not (isinstance(p, str) and p == "")]


# --- rosters -------------------------------------------------------------------------------

# Quillbeak Interactive staff (the people a ticket can list): display name, mailbox, office.
STAFF = [
    ("Margaux Delacroix-Villeneuve", "margaux.delacroix-villeneuve", "FR"),
    ("Jan-Willem van der Heijden", "janwillem.vanderheijden", "NL"),
    ("Siobhán O'Connell", "siobhan.oconnell", "IE"),
    ("José Ángel Ruiz de Alarcón", "joseangel.ruiz", "ES"),
    ("Zofia Wiśniewska-Kowal", "zofia.wisniewska-kowal", "PL"),
    ("Mikko Järvinen", "mikko.jarvinen", "FI"),
    ("Björn Åkesson", "bjorn.akesson", "SE"),
    ("山田 花子", "hanako.yamada", "JP"),
    ("김서연", "seoyeon.kim", "KR"),
    ("王伟", "wei.wang", "CN"),
    ("Дмитрий Волков", "dmitry.volkov", "DE"),
    ("Νίκος Παπαδόπουλος", "nikos.papadopoulos", "GR"),
    ("Ayşe Yılmaz", "ayse.yilmaz", "TR"),
    ("João Pedro da Silva Araújo", "joaopedro.araujo", "BR"),
    ("Giulia D'Ambrosio", "giulia.dambrosio", "IT"),
    ("Ludwig von Ascheberg", "ludwig.vonascheberg", "DE"),
    ("Priya Raghunathan", "priya.raghunathan", "IN"),
    ("DeShawn McAllister", "deshawn.mcallister", "US"),
    ("Aoife Ní Bhriain", "aoife.nibhriain", "IE"),
    ("Ngozi Okonkwo-Adeyemi", "ngozi.okonkwo-adeyemi", "GB"),
    ("Nguyễn Thị Lan", "lan.nguyen", "AU"),
    ("Léa Fontaine", "lea.fontaine", "CA"),
    ("Kenji Watanabe", "kenji.watanabe", "JP"),
    ("Camille Saint-Aubin", "camille.saint-aubin", "FR"),
    ("Marek Dvořák", "marek.dvorak", "CZ"),
    ("Ingrid Halvorsen", "ingrid.halvorsen", "SE"),
    ("Rafael Oliveira Costa", "rafael.costa", "BR"),
    ("Thandiwe Mthembu", "thandiwe.mthembu", "ZA"),
    ("Omar Al-Khatib", "omar.alkhatib", "GB"),
    ("Chloé Bérubé", "chloe.berube", "CA"),
    ("박지훈", "jihoon.park", "KR"),
    ("María José Echeverría", "mariajose.echeverria", "MX"),
]

# Players, contractors and vendor contacts: never in `people`; they appear only beside an
# address whose local part spells their name.  name, address, country, language
OUTSIDERS = [
    ("Lucía Fernández Ortega", "lucia.fernandez.ortega@telefonica.net", "ES", "es"),
    ("Carlos Mendoza Ríos", "carlos.mendozarios@prodigy.net.mx", "MX", "es"),
    ("Matthias Brandstätter", "matthias.brandstaetter@posteo.de", "DE", "de"),
    ("Mia Schneider-Hartmann", "mia.schneider-hartmann@gmx.at", "AT", "de"),
    ("Élodie Marchand-Perrin", "elodie.marchandperrin@orange.fr", "FR", "fr"),
    ("Hamza Benali", "hamza.benali@free.fr", "FR", "fr"),
    ("Marguerite Tremblay", "marguerite.tremblay@videotron.ca", "CA", "fr"),
    ("Tomasz Grabowski", "tomasz.grabowski@wp.pl", "PL", "pl"),
    ("佐藤 健", "ken.sato@yahoo.co.jp", "JP", "ja"),
    ("이준호", "junho.lee@naver.com", "KR", "ko"),
    ("박동현", "donghyun.park@kakao.com", "KR", "ko"),
    ("李娜", "li.na@163.com", "CN", "zh"),
    ("Анна Смирнова", "anna.smirnova@yandex.ru", "RU", "ru"),
    ("Fatma Demir", "fatma.demir@hotmail.com.tr", "TR", "tr"),
    ("Chiara Bellini", "chiara.bellini+playtest@gmail.com", "IT", "it"),
    ("Pieter de Vries", "pieter.devries@ziggo.nl", "NL", "nl"),
    ("Ana Beatriz Gonçalves", "anabeatriz.goncalves@uol.com.br", "BR", "pt"),
    ("Bruno Carvalho da Cunha", "bruno.carvalhodacunha@sapo.pt", "PT", "pt"),
    ("Isabela Rocha", "isabela.rocha+beta@gmail.com", "BR", "pt"),
    ("Erik Lindqvist", "erik.lindqvist@bredband.net", "SE", "sv"),
    ("Ελένη Γεωργίου", "eleni.georgiou@otenet.gr", "GR", "el"),
    ("Kwame Mensah", "kwame.mensah@outlook.com", "GB", "en"),
    ("Rahul Mehta", "rahul.mehta@cse.iitb.ac.in", "IN", "en"),
    ("Sarah O'Neill-Baptiste", "sarah.oneill-baptiste@icloud.com", "US", "en"),
    ("Olivia Brennan", "olivia.brennan@eircom.net", "IE", "en"),
    ("Aleksi Mäkinen", "aleksi.makinen@elisanet.fi", "FI", "fi"),
    ("Jana Nováková", "jana.novakova@seznam.cz", "CZ", "cs"),
    ("Nomvula Dlamini", "nomvula.dlamini@mweb.co.za", "ZA", "en"),
    ("Hendrik Jan Bos", "hendrikjan.bos@kpnmail.nl", "NL", "nl"),
    ("Giorgos Antoniou", "giorgos.antoniou@gmail.com", "GR", "el"),
]

# Role and team addresses (labelled `email`).
ROLES = ["support@quillbeak.com", "billing@quillbeak.com", "security@quillbeak.com",
         "privacy@quillbeak.com", "liveops-oncall@quillbeak.com", "it-helpdesk@quillbeak.com",
         "payroll@quillbeak.com", "dpo@quillbeak.com", "playtest@quillbeak.com",
         "partners@quillbeak.com"]

HANDLES = ["nightowl", "frostbyte", "pixelwitch", "kaiju.fan", "lumen", "quietstorm",
           "voidwalker", "tidecaller", "mossy.rock", "stardust", "ironfern", "bluejay",
           "grimoire", "emberleaf", "runebound", "sparrowhawk", "tinkerbox", "northwind"]
MAIL_DOMAINS = ["gmail.com", "outlook.com", "proton.me", "icloud.com", "yahoo.co.jp",
                "naver.com", "web.de", "gmx.at", "libero.it", "seznam.cz", "o2.pl",
                "bol.com.br", "hotmail.fr", "live.co.uk", "mail.utoronto.ca", "student.uva.nl",
                "alumni.ethz.ch", "yandex.ru", "hanmail.net", "sina.com"]

# phone formats: '#' a digit, 'N' a digit 2-9, '{x}' a choice from the country's table
PHONES = {
    "US": ({"a": ["212", "415", "512", "617", "646", "737", "206", "312"]},
           ["+1 ({a}) N##-####", "({a}) N##-####", "{a}-N##-####", "+1 {a} N## ####",
            "+1-{a}-N##-####"]),
    "CA": ({"a": ["514", "438", "604", "416", "647", "418"]},
           ["+1 ({a}) N##-####", "({a}) N##-####", "{a}-N##-####", "+1 {a} N## ####"]),
    "GB": ({}, ["+44 20 7### ####", "+44 7### ######", "07### ######", "020 8### ####",
                "+44 161 N## ####"]),
    "DE": ({"m": ["151", "152", "157", "160", "170", "176"]},
           ["+49 30 N#######", "+49 (0)30 N### ####", "+49 {m} ########", "0{m} #### ####",
            "030 N## ### ##", "+49 40 N## ### ##"]),
    "AT": ({}, ["+43 1 N## ## ##", "+43 664 ### ####", "0664 ### ####"]),
    "FR": ({"m": ["6", "7"]},
           ["+33 {m} ## ## ## ##", "0{m} ## ## ## ##", "+33 (0)4 72 ## ## ##",
            "01 4# ## ## ##", "+33 1 N# ## ## ##"]),
    "ES": ({}, ["+34 6## ### ###", "6## ### ###", "91# ## ## ##", "+34 93# ### ###"]),
    "MX": ({}, ["+52 55 N### ####", "+52 1 55 N### ####", "55 N### ####"]),
    "IT": ({}, ["+39 02 N### ####", "+39 3## ### ####", "3## ### ####", "06 N### ####"]),
    "NL": ({}, ["+31 20 N## ####", "06-########", "+31 6 ########", "010 N## ####"]),
    "PL": ({}, ["+48 12 N## ## ##", "+48 5## ### ###", "6## ### ###", "+48 22 N## ## ##"]),
    "SE": ({}, ["+46 8 N## ### ##", "070-### ## ##", "+46 70 ### ## ##", "08-N## ### ##"]),
    "FI": ({}, ["+358 40 ### ####", "040 ### ####", "09 N### ####", "+358 50 ### ####"]),
    "CZ": ({}, ["+420 7## ### ###", "+420 2## ### ###", "7## ### ###"]),
    "JP": ({}, ["+81 3-N###-####", "03-N###-####", "090-####-####", "+81 90-####-####",
                "080-####-####"]),
    "KR": ({}, ["+82 2-N##-####", "010-####-####", "+82 10-####-####", "02-N###-####"]),
    "CN": ({}, ["+86 13# #### ####", "+86 10 N### ####", "139-####-####", "+86 21 N### ####"]),
    "BR": ({}, ["+55 11 9####-####", "(11) 9####-####", "+55 21 9####-####", "(21) 3###-####"]),
    "PT": ({}, ["+351 21# ### ###", "+351 91# ### ###", "91# ### ###"]),
    "IN": ({}, ["+91 98### #####", "+91 80 N### ####", "098## #####"]),
    "AU": ({}, ["+61 3 9### ####", "04## ### ###", "(03) 9### ####", "+61 4## ### ###"]),
    "TR": ({}, ["+90 532 ### ## ##", "0532 ### ## ##", "+90 212 ### ## ##"]),
    "RU": ({}, ["+7 495 N##-##-##", "8 (916) ###-##-##", "+7 9## ###-##-##"]),
    "GR": ({}, ["+30 21# ### ####", "+30 69# ### ####", "69# ### ####"]),
    "IE": ({}, ["+353 1 N## ####", "087 ### ####", "+353 87 ### ####"]),
    "ZA": ({}, ["+27 21 N## ####", "082 ### ####", "+27 82 ### ####"]),
}

# IBAN bodies: '#' a digit, 'A' an upper-case letter, '{b}' a bank code from the table
IBANS = {
    "DE": ({}, "#" * 18), "AT": ({}, "#" * 16), "CH": ({}, "#" * 17), "BE": ({}, "#" * 12),
    "FR": ({}, "#" * 23), "ES": ({}, "#" * 20), "PT": ({}, "#" * 21), "PL": ({}, "#" * 24),
    "SE": ({}, "#" * 20), "FI": ({}, "#" * 14), "CZ": ({}, "#" * 20), "GR": ({}, "#" * 23),
    "TR": ({}, "#####0" + "#" * 16), "IT": ({}, "A" + "#" * 22),
    "NL": ({"b": ["ABNA", "INGB", "RABO", "TRIO", "KNAB", "SNSB"]}, "{b}" + "#" * 10),
    "GB": ({"b": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]}, "{b}" + "#" * 14),
    "IE": ({"b": ["AIBK", "BOFI", "IPBS"]}, "{b}" + "#" * 14),
    "BR": ({}, "#" * 23 + "C1"),
}
BICS = {"DE": "COBADEFFXXX", "AT": "GIBAATWWXXX", "FR": "BNPAFRPPXXX", "ES": "CAIXESBBXXX",
        "PT": "CGDIPTPLXXX", "PL": "BREXPLPWXXX", "SE": "ESSESESSXXX", "FI": "NDEAFIHH",
        "CZ": "KOMBCZPPXXX", "GR": "ETHNGRAAXXX", "TR": "TGBATRISXXX", "IT": "BCITITMM",
        "NL": "INGBNL2A", "GB": "NWBKGB2L", "IE": "AIBKIE2D", "BR": "BRASBRRJXXX",
        "BE": "GEBABEBB", "CH": "UBSWCHZH80A"}

WORDS = ["glacier", "tundra", "orbit", "marble", "lantern", "copper", "harbor", "velvet",
         "quartz", "meadow", "falcon", "cobalt", "juniper", "saffron", "walnut", "nimbus",
         "otter", "rocket", "basalt", "thistle", "anchor", "prism", "cinder", "willow"]


class G:
    """Every random value of the set, from one seeded generator."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.staff_all = []
        for display, local, cc in STAFF:
            if self.r.random() < 0.6:
                aid = self.hexs(24)
            else:
                aid = "712020:" + self.uuid()
            self.staff_all.append({"display_name": display, "email": f"{local}@{DOMAIN}",
                                   "account_id": aid, "cc": cc})
        self.outsiders = [{"name": n, "email": e, "cc": c, "lang": lang}
                          for n, e, c, lang in OUTSIDERS]

    # basic draws
    def chars(self, alphabet, n):
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def digits(self, n):
        return self.chars(DIGITS, n)

    def hexs(self, n):
        return self.chars(HEX, n)

    def rbytes(self, n):
        return bytes(self.r.getrandbits(8) for _ in range(n))

    def uuid(self):
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def pick(self, seq):
        return self.r.choice(seq)

    def n(self, lo, hi):
        return self.r.randint(lo, hi)

    def date(self):
        return f"2024-{self.n(1, 12):02d}-{self.n(1, 28):02d}"

    def ts(self):
        return (f"2024-{self.n(1, 12):02d}-{self.n(1, 28):02d}T{self.n(0, 23):02d}:"
                f"{self.n(0, 59):02d}:{self.n(0, 59):02d}.{self.n(0, 999):03d}Z")

    def ts_seq(self, k):
        """k timestamps a few seconds to minutes apart, in order."""
        t = self.n(1_704_067_200, 1_733_000_000) * 1000 + self.n(0, 999)
        out = []
        for _ in range(k):
            out.append(time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(t // 1000))
                       + f".{t % 1000:03d}Z")
            t += self.n(300, 240_000)
        return out

    def clock(self):
        return f"{self.n(0, 23):02d}:{self.n(0, 59):02d}:{self.n(0, 59):02d}"

    def ver(self):
        return f"1.{self.n(9, 16)}.{self.n(0, 9)}"

    def build4(self):
        return Look(f"1.{self.n(9, 16)}.{self.n(0, 9)}.{self.n(100, 250)}",
                    "four-part build number (IPv4-like)")

    def nonluhn(self, n, lead=None):
        """A digit string of length n that fails the Luhn check."""
        while True:
            s = (lead or str(self.n(1, 9))) + self.digits(n - len(lead or "x"))
            if not luhn_ok(s):
                return s

    # people
    def staff(self, k=1, exclude=()):
        names = {p["display_name"] for p in exclude}
        pool = [p for p in self.staff_all if p["display_name"] not in names]
        return [dict(p) for p in self.r.sample(pool, k)]

    def staff_named(self, display):
        return dict(next(p for p in self.staff_all if p["display_name"] == display))

    def outsider(self, lang=None, iban=False, exclude=()):
        pool = [o for o in self.outsiders if (lang is None or o["lang"] == lang)
                and (not iban or o["cc"] in IBANS) and o["name"] not in exclude]
        return dict(self.pick(pool))

    def outsiders_k(self, k, iban=False):
        pool = [o for o in self.outsiders if not iban or o["cc"] in IBANS]
        return [dict(o) for o in self.r.sample(pool, k)]

    def anon_email(self):
        r = self.r
        domain = self.pick(MAIL_DOMAINS)
        if domain in ("sina.com",) and r.random() < 0.5:
            return f"{self.digits(10)}@qq.com"
        local = self.pick(HANDLES)
        if r.random() < 0.6:
            local += self.pick(["", "_", "."]) + str(self.n(7, 2009))
        if r.random() < 0.25:
            local += "+" + self.pick(["hollowtide", "games", "steam", "beta"])
        return f"{local}@{domain}"

    def role(self):
        return self.pick(ROLES)

    # contact data
    def phone(self, cc, international=None):
        subs, formats = PHONES[cc]
        if international is not None:
            formats = [f for f in formats if f.startswith("+") == international] or formats
        fmt = self.pick(formats)
        for key, options in subs.items():
            fmt = fmt.replace("{" + key + "}", self.pick(options))
        out = []
        for ch in fmt:
            out.append(self.digits(1) if ch == "#" else str(self.n(2, 9)) if ch == "N" else ch)
        s = "".join(out)
        if "555-" in s or " 555 " in s or "-555" in s:
            return self.phone(cc, international)
        return s

    def phone_pair(self, cc):
        """An international number as written, and its E.164 form."""
        s = self.phone(cc, international=True)
        return s, "+" + re.sub(r"\D", "", s.replace("(0)", ""))

    def e164(self, cc):
        return self.phone_pair(cc)[1]

    def iban(self, cc, spaced=None):
        subs, fmt = IBANS[cc]
        for key, options in subs.items():
            fmt = fmt.replace("{" + key + "}", self.pick(options))
        bban = "".join(self.digits(1) if ch == "#" else self.chars(string.ascii_uppercase, 1)
                       if ch == "A" else ch for ch in fmt)
        value = cc + iban_check(cc, bban) + bban
        if spaced is None:
            spaced = self.r.random() < 0.7
        return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if spaced else value

    def card(self, brand=None, sep=None):
        r = self.r
        brand = brand or self.pick(["visa", "visa", "mc", "mc", "amex", "discover", "jcb",
                                    "diners"])
        prefix, length = {
            "visa": ("4", 16), "mc": (self.pick(["51", "52", "53", "54", "55", "2221", "2720",
                                                 "2300"]), 16),
            "amex": (self.pick(["34", "37"]), 15), "discover": (self.pick(["6011", "65"]), 16),
            "jcb": ("35" + str(self.n(28, 89)), 16), "diners": ("36", 14)}[brand]
        while True:
            body = prefix + self.digits(length - len(prefix) - 1)
            for check in DIGITS:
                if luhn_ok(body + check):
                    number = body + check
                    break
            if number not in TEST_CARDS:
                break
        if sep is None:
            sep = self.pick([" ", " ", "-", ""])
        groups = {15: [4, 6, 5], 14: [4, 6, 4]}.get(length, [4, 4, 4, 4])
        parts, i = [], 0
        for g in groups:
            parts.append(number[i:i + g])
            i += g
        return sep.join(parts)

    def ip4(self):
        r = self.r
        while True:
            addr = ipaddress.IPv4Address(f"{r.randint(2, 223)}.{r.randint(0, 255)}."
                                         f"{r.randint(0, 255)}.{r.randint(1, 254)}")
            if addr.is_global:
                return str(addr)

    def ip4priv(self):
        r = self.r
        return self.pick([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(2, 254)}",
                          f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(2, 254)}",
                          f"192.168.{r.randint(0, 255)}.{r.randint(2, 254)}"])

    def ip6(self):
        prefix = self.pick(["2a02:8108", "2001:16b8", "2600:1700", "2a01:e0a", "2406:da18",
                            "2804:14c", "2a00:23c7", "2400:4051", "2001:4ca0"])
        groups = prefix.split(":") + [format(self.n(0, 0xFFFF), "x") for _ in range(6)]
        return ipaddress.IPv6Address(":".join(groups)).compressed

    # secrets
    def password(self, style=None, urlsafe=False):
        r = self.r
        style = style or self.pick(["mixed", "mixed", "mixed", "phrase", "long"])
        if style == "phrase":
            words = [w.capitalize() if r.random() < 0.5 else w for w in r.sample(WORDS, 3)]
            return self.pick(["-", "_", "."]).join(words) + self.pick(["-", "", "_"]) + \
                self.digits(2)
        if style == "long":
            return self.chars(ALNUM, self.n(28, 40))
        if style == "hex":
            return self.hexs(self.pick([32, 48, 64]))
        if style == "b64":
            return base64.b64encode(self.rbytes(self.pick([24, 30, 33]))).decode()
        symbols = "-_.~" if urlsafe else "!#%^-_=+.~"
        while True:
            s = self.chars(ALNUM + symbols * 2, self.n(12, 20))
            if (any(c.isdigit() for c in s) and any(c.islower() for c in s)
                    and any(c.isupper() for c in s) and any(c in symbols for c in s)
                    and s[0] not in "-_.~=+"):
                return s

    def basic(self, user, password):
        return base64.b64encode(f"{user}:{password}".encode()).decode()

    def b64url(self, raw):
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()

    def jwt(self, alg="HS256", claims=None, kid=False):
        t = self.n(1_704_067_200, 1_733_000_000)
        header = {"alg": alg, "typ": "JWT"}
        if kid:
            header["kid"] = self.b64url(self.rbytes(32))
        payload = claims or {"sub": self.uuid(), "iss": "https://auth.quillbeak.com",
                             "aud": self.pick(["hollowtide-api", "hollowtide-admin",
                                               "store-service"]),
                             "iat": t, "exp": t + self.pick([900, 3600, 86400]),
                             "scope": self.pick(["inventory:read inventory:write",
                                                 "profile:read", "admin:players",
                                                 "store:purchase"])}
        if callable(payload):
            payload = payload(t)
        sig = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
        enc = lambda obj: self.b64url(json.dumps(obj, separators=(",", ":")).encode())
        return f"{enc(header)}.{enc(payload)}.{self.b64url(self.rbytes(sig))}"

    def k8s_jwt(self, namespace="ci", account="deployer"):
        def claims(t):
            return {"aud": ["https://kubernetes.default.svc.cluster.local"], "exp": t + 31536000,
                    "iat": t, "iss": "https://kubernetes.default.svc.cluster.local",
                    "kubernetes.io": {"namespace": namespace,
                                      "serviceaccount": {"name": account, "uid": self.uuid()}},
                    "nbf": t, "sub": f"system:serviceaccount:{namespace}:{account}"}
        return self.jwt("RS256", claims, kid=True)

    def pem(self, kind, nl="\n"):
        rb = self.rbytes
        if kind == "rsa":
            der, label, width = bytes.fromhex("308204a40201000282010100") + rb(1180), \
                "RSA PRIVATE KEY", 64
        elif kind == "pkcs8":
            der, label, width = bytes.fromhex(
                "308204bd020100300d06092a864886f70d0101010500048204a7308204a302010002820101"
                "00") + rb(1180), "PRIVATE KEY", 64
        elif kind == "ec":
            der, label, width = (bytes.fromhex("30770201010420") + rb(32) + bytes.fromhex(
                "a00a06082a8648ce3d030107a14403420004") + rb(64)), "EC PRIVATE KEY", 64
        else:  # openssh ed25519
            pub = rb(32)
            der = (b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
                   b"\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + pub
                   + b"\x00\x00\x00\x88" + rb(8) + b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 "
                   + pub + b"\x00\x00\x00@" + rb(64) + b"\x00\x00\x00\x0fbuild@agent-07"
                   + bytes(range(1, 6)))
            label, width = "OPENSSH PRIVATE KEY", 70
        body = base64.b64encode(der).decode()
        lines = [body[i:i + width] for i in range(0, len(body), width)]
        return f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----"

    def cert(self, nl="\n"):
        der = bytes.fromhex("308203") + self.rbytes(1) + bytes.fromhex("308202") + \
            self.rbytes(1) + bytes.fromhex("a0030201020214") + self.rbytes(700)
        body = base64.b64encode(der).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN CERTIFICATE-----" + nl + nl.join(lines) + nl + \
            "-----END CERTIFICATE-----"

    def pubkey(self, nl="\n"):
        der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") \
            + self.rbytes(256) + bytes.fromhex("0203010001")
        body = base64.b64encode(der).decode()
        lines = [body[i:i + 64] for i in range(0, len(body), 64)]
        return "-----BEGIN PUBLIC KEY-----" + nl + nl.join(lines) + nl + "-----END PUBLIC KEY-----"

    def ssh_pub(self):
        blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + self.rbytes(32)
        return "ssh-ed25519 " + base64.b64encode(blob).decode()

    def checksummed(self, prefix):
        """prefix + 30 random base62 characters + their CRC32 in 6 base62 digits (the
        GitHub / npm token layout)."""
        body = self.chars(ALNUM, 30)
        crc, digits = zlib.crc32(body.encode()), ""
        alphabet = DIGITS + string.ascii_uppercase + string.ascii_lowercase
        while crc:
            crc, rem = divmod(crc, 62)
            digits = alphabet[rem] + digits
        return prefix + body + digits.rjust(6, "0")

    def tok(self, vendor, variant=None):
        """A vendor token as a labelled piece."""
        c = self.chars
        if vendor == "github":
            variant = variant or self.pick(["ghp", "ghp", "pat", "ghs", "gho"])
            v = (f"github_pat_{c(ALNUM, 22)}_{c(ALNUM, 59)}" if variant == "pat"
                 else self.checksummed(variant + "_"))
        elif vendor == "gitlab":
            v = "glpat-" + c(B64URL, 20)
        elif vendor == "slack":
            variant = variant or self.pick(["xoxb", "xoxp"])
            if variant == "xoxb":
                v = f"xoxb-{self.digits(12)}-{self.digits(13)}-{c(ALNUM, 24)}"
            elif variant == "xoxp":
                v = f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{self.hexs(32)}"
            else:
                up = string.ascii_uppercase + DIGITS
                v = (f"https://hooks.slack.com/services/T{c(up, 8)}/B{c(up, 10)}/"
                     f"{c(ALNUM, 24)}")
        elif vendor == "stripe":
            variant = variant or self.pick(["sk", "rk", "sk"])
            if variant == "whsec":
                v = "whsec_" + c(ALNUM, 32)
            elif self.r.random() < 0.5:
                v = f"{variant}_live_51{c(ALNUM, 97)}"
            else:
                v = f"{variant}_live_{c(ALNUM, 24)}"
        elif vendor == "sendgrid":
            v = f"SG.{c(B64URL, 22)}.{c(B64URL, 43)}"
        elif vendor == "twilio":
            v = {"sid": "SK" + self.hexs(32), "secret": c(ALNUM, 32),
                 "auth": self.hexs(32)}[variant or "auth"]
        elif vendor == "openai":
            v = f"sk-proj-{c(B64URL, 74)}T3BlbkFJ{c(B64URL, 74)}"
        elif vendor == "anthropic":
            v = f"sk-ant-api03-{c(B64URL, 93)}AA"
        elif vendor == "google":
            v = "AIza" + c(B64URL, 35)
        elif vendor == "npm":
            v = self.checksummed("npm_")
        elif vendor == "pypi":
            v = "pypi-AgEIcHlwaS5vcmcCJ" + c(B64URL, 156)
        elif vendor == "atlassian":
            v = "ATATT3xFfGF0" + c(B64URL, 170) + "=" + c("0123456789ABCDEF", 8)
        elif vendor == "shopify":
            v = self.pick(["shpat_", "shpat_", "shpca_"]) + self.hexs(32)
        elif vendor == "huggingface":
            v = "hf_" + c(string.ascii_letters, 34)
        elif vendor == "digitalocean":
            v = "dop_v1_" + self.hexs(64)
        elif vendor == "azure":
            v = base64.b64encode(self.rbytes(64)).decode()
        elif vendor == "aws":
            v = {None: "AKIA" + c(B32, 16), "asia": "ASIA" + c(B32, 16),
                 "secret": c(B64, 40)}[variant]
        elif vendor == "hashicorp":
            v = "hvs." + c(B64URL, 90)
        else:
            raise ValueError(vendor)
        return K(vendor, v)


# --- templates -----------------------------------------------------------------------------

TEMPLATES = []  # (function, how many lines, negative)


def T(count, negative=False):
    def register(function):
        TEMPLATES.append((function, count, negative))
        return function
    return register


def ticket(g):
    return f"HT-{g.n(1200, 9800)}"


# Jira wiki markup --------------------------------------------------------------------------


@T(6)
def jira_curl_basic(g):
    a, b = g.staff(2)
    tpl = ("h4. Steps to reproduce\n"
           "# Log in to the admin console with the shared QA service account\n"
           "# Run:\n"
           "{code:bash}\n"
           "curl -s -u «user»:«pw» \"https://admin.«env».hollowtide.quillbeak.com/api/v3/«ep»\"\n"
           "{code}\n"
           "# Observe the 502 coming back from «ip1» (the internal LB, not the pod).\n\n"
           "h4. Expected\n"
           "200 and the JSON list.\n\n"
           "[~accountid:«acct»] can you check whether «ip2» is still in the target group?")
    return fill(tpl, user=g.pick(["qa-svc", "liveops-bot", "qa.automation", "svc-reporting"]),
                pw=PW(g.password()), env=g.pick(["stg", "qa2", "perf", "uat"]),
                ep=g.pick(["matches?region=eu-west", "players/search?q=region:apac",
                           "economy/ledger?since=2024-10-01", "guilds/export?format=csv",
                           "tournaments/active"]),
                ip1=IP(g.ip4priv()), acct=acct(a), ip2=IP(g.ip4priv())), [a, b]


TABLE_HEAD = {
    "en": ("Beta testers who hit the save-corruption crash on «build»:",
           "||Player||Email||Phone||Country||"),
    "de": ("Betatester mit dem Speicherstand-Absturz in «build»:",
           "||Name||E-Mail||Telefon||Land||"),
    "fr": ("Testeurs de la bêta touchés par le crash de sauvegarde en «build» :",
           "||Nom||E-mail||Téléphone||Pays||"),
    "es": ("Testers de la beta afectados por el cierre al guardar en «build»:",
           "||Nombre||Correo||Teléfono||País||"),
    "pt": ("Testadores da beta afetados pelo travamento ao salvar na «build»:",
           "||Nome||E-mail||Telefone||País||"),
    "it": ("Beta tester colpiti dal crash di salvataggio nella «build»:",
           "||Nome||E-mail||Telefono||Paese||"),
    "nl": ("Bètatesters met de crash bij het opslaan in «build»:",
           "||Naam||E-mail||Telefoon||Land||"),
    "pl": ("Beta testerzy z awarią zapisu w «build»:", "||Imię i nazwisko||E-mail||Telefon||Kraj||"),
}


@T(6)
def jira_player_table(g):
    lang = g.pick(sorted(TABLE_HEAD))
    lead, head = TABLE_HEAD[lang]
    pieces = fill(lead + "\n" + head + "\n", build="build " + g.ver() + f" (#{g.n(20000, 29999)})")
    for o in g.outsiders_k(g.n(2, 3)):
        if g.r.random() < 0.3:
            cell = ["[", omail(o), "|mailto:", omail(o), "]"]
        else:
            cell = [omail(o)]
        pieces += ["|", oname(o), "|"] + cell + ["|", PH(g.phone(o["cc"])), f"|{o['cc']}|\n"]
    pieces.append(g.pick(["All of them agreed to share a save file via the uploader.",
                          "Saves attached as HT-save-*.zip.", "(/) contacted, (x) no reply yet"]))
    return pieces, g.staff(g.n(1, 2))


@T(5)
def jira_noformat_auth_log(g):
    e1, e2 = g.anon_email(), g.anon_email()
    ip1, ip2 = g.ip4(), g.pick([g.ip4(), g.ip6()])
    tpl = ("Reproduced on prod-eu. Excerpt from auth-gw:\n"
           "{noformat}\n"
           "«t1» WARN  auth-gw login failed user=«e1» ip=«ip1» reason=bad_password attempt=5\n"
           "«t2» WARN  auth-gw login failed user=«e1» ip=«ip1» reason=bad_password attempt=6\n"
           "«t3» INFO  auth-gw account locked user=«e1» lock=30m\n"
           "«t5» WARN  auth-gw login failed user=«e2» ip=«ip2» reason=mfa_timeout attempt=1\n"
           "{noformat}\n"
           "Looks like credential stuffing from «ip1»; the other one is a genuine player on mobile.")
    t = g.ts_seq(4)
    return fill(tpl, t1=t[0], t2=t[1], t3=t[2], t5=t[3],
                e1=E(e1), e2=E(e2),
                ip1=IP(ip1), ip2=IP(ip2)), g.staff(g.n(1, 2))


HANDOFF = {
    "en": ("[~accountid:«a»] handing «t» over to you while I'm out. [~accountid:«b»] has the "
           "context on the matchmaker side. The staging admin password was rotated this morning, "
           "it's now «pw» - please move it to 1Password once you've logged in."),
    "de": ("[~accountid:«a»] ich übergebe dir «t», solange ich im Urlaub bin. [~accountid:«b»] "
           "kennt die Details. Neues Staging-Admin-Passwort: «pw} (bitte nach dem Login in den "
           "Tresor verschieben).").replace("«pw}", "«pw»"),
    "fr": ("[~accountid:«a»] je te passe «t» pendant mon absence. [~accountid:«b»] connaît le "
           "contexte côté matchmaking. Le mot de passe admin de la préprod est maintenant «pw», "
           "pense à le mettre dans le coffre."),
    "es": ("[~accountid:«a»] te paso «t» mientras estoy fuera. [~accountid:«b»] tiene el "
           "contexto. La contraseña de admin de staging ahora es «pw}; guárdala en el gestor y "
           "bórrala de aquí.").replace("«pw}", "«pw»"),
    "nl": ("[~accountid:«a»] ik draag «t» aan je over zolang ik weg ben. [~accountid:«b»] weet "
           "hoe het zit met de matchmaker. Het staging-adminwachtwoord is vanochtend gewijzigd "
           "naar «pw»."),
}


@T(5)
def jira_handoff(g):
    a, b, c = g.staff(3)
    lang = g.pick(sorted(HANDOFF))
    return fill(HANDOFF[lang], a=acct(a), b=acct(b), t=ticket(g), pw=PW(g.password())), [a, b, c]


@T(4)
def jira_contact_links(g):
    cc = g.pick(["DE", "FR", "ES", "IT", "PL", "NL"])
    shown, e164 = g.phone_pair(cc)
    vendor = g.pick(["sonoria-studios", "voxlingua", "babel-dub", "lokalise-partners"])
    tld = {"DE": "de", "FR": "fr", "ES": "es", "IT": "it", "PL": "pl", "NL": "nl"}[cc]
    am = f"{g.pick(['account.team', 'projects', 'dub-pm', 'studio'])}@{vendor}.{tld}"
    booking = f"booking@{vendor}.{tld}"
    tpl = ("h3. Localisation vendor ({cc} dub)\n"
           "* Account manager: [«am»|mailto:«am2»] / [«ph»|tel:«e164»]\n"
           "* Studio booking: [«bk»|mailto:«bk2»]\n"
           "* Contract: [MSA 2024 (signed)|https://quillbeak.atlassian.net/wiki/spaces/LOC/pages/"
           "«page»/MSA+2024]\n"
           "* Escalation inside Quillbeak: «who»").replace("{cc}", cc)
    a = g.staff(1)[0]
    return fill(tpl, am=E(am), am2=E(am), ph=PH(shown), e164=PH(e164), bk=E(booking),
                bk2=E(booking), page=str(g.n(100000000, 999999999)), who=name(a)), [a]


@T(5)
def jira_incident_panel(g):
    a, b, c = g.staff(3)
    region = g.pick(["EU-West", "APAC", "South America", "NA-East"])
    tpl = ("{panel:title=INC-«n» - login outage «region»|borderStyle=dashed|titleBGColor=#FFDDDD}\n"
           "*Incident commander:* «a»\n"
           "*Scribe:* «b»\n"
           "*Impact:* players in «region» could not log in between «t1» and «t2» UTC "
           "(~«k» failed logins/min)\n"
           "{panel}\n"
           "{quote}Top source IPs from the WAF: «ip1» («c1»), «ip2» («c2»), «ip3» («c3»){quote}\n"
           "Blocked at the edge at «t3». «a2» owns the postmortem.")
    ccs = ["NL", "BR", "VN", "US", "RU", "DE", "SG", "ID"]
    return fill(tpl, n=str(g.n(300, 999)), region=region, a=name(a), b=name(b),
                t1=f"{g.n(0, 9):02d}:{g.n(0, 59):02d}", t2=f"{g.n(10, 14):02d}:{g.n(0, 59):02d}",
                k=str(g.n(900, 9000)),
                ip1=IP(g.ip4()), ip2=IP(g.ip4()), ip3=IP(g.ip4()), c1=g.pick(ccs),
                c2=g.pick(ccs), c3=g.pick(ccs), t3=f"{g.n(15, 18):02d}:{g.n(0, 59):02d}", a2=name(a)), [a, b, c]


@T(4)
def jira_env_table(g):
    tpl = ("Until the Vault migration («t») is done, these are the DB logins for the non-prod "
           "envs. Don't copy them anywhere else.\n"
           "||Env||DB host||User||Password||Notes||\n"
           "|dev|«ip1»|ht_app|«pw1»|reset nightly|\n"
           "|qa2|«ip2»|ht_app|«pw2»| |\n"
           "|perf|«ip3»|ht_perf|«pw3»|shared with the load-test rig|")
    return fill(tpl, t=ticket(g), ip1=IP(g.ip4priv()), ip2=IP(g.ip4priv()), ip3=IP(g.ip4priv()),
                pw1=PW(g.password()), pw2=PW(g.password()), pw3=PW(g.password())), g.staff(1)


# Confluence --------------------------------------------------------------------------------


@T(4)
def confluence_oncall(g):
    a, p1, p2, p3 = g.staff(4)
    first = g.n(1_704_067_200, 1_730_000_000)
    weeks = [time.strftime("%Y-%m-%d", time.gmtime(first + i * 7 * 86400)) for i in range(3)]
    tpl = ("Live Ops on-call - Q«q»\n"
           "Last updated by «a» on «d»\n\n"
           "Week of | Primary | Secondary | Escalation phone (primary)\n"
           "«w1» | «p1» | «p2» | «ph1»\n"
           "«w2» | «p3» | «p1b» | «ph2»\n"
           "«w3» | «p2b» | «p3b» | «ph3»\n\n"
           "Bridge: https://quillbeak.zoom.us/j/«zoom» (passcode pinned in #liveops)")
    return fill(tpl, q=str(g.n(1, 4)), a=name(a), d=g.date(), w1=weeks[0], w2=weeks[1],
                w3=weeks[2], p1=name(p1), p2=name(p2), p3=name(p3), p1b=name(p1), p2b=name(p2),
                p3b=name(p3), ph1=PH(g.phone(p1["cc"])), ph2=PH(g.phone(p3["cc"])),
                ph3=PH(g.phone(p2["cc"])), zoom=str(g.n(8_100_000_000, 9_899_999_999))), \
        [a, p1, p2, p3]


VENDOR_CARD = {
    "en": "Name: «n»\nE-mail: «e»\nPhone: «ph»\nIBAN: «iban»\nBIC: «bic»\nRate: «rate» EUR per session",
    "de": "Name: «n»\nE-Mail: «e»\nTelefon: «ph»\nIBAN: «iban»\nBIC: «bic»\nHonorar: «rate} EUR pro Session",
    "fr": "Nom : «n»\nCourriel : «e»\nTéléphone : «ph»\nIBAN : «iban»\nBIC : «bic»\nTarif : «rate» EUR la séance",
    "es": "Nombre: «n»\nCorreo: «e»\nTeléfono: «ph»\nIBAN: «iban»\nBIC: «bic»\nTarifa: «rate» EUR por sesión",
    "it": "Nome: «n»\nE-mail: «e»\nTelefono: «ph»\nIBAN: «iban»\nBIC: «bic»\nCompenso: «rate» EUR a sessione",
}


@T(5)
def confluence_vendor_payout(g):
    lang = g.pick(sorted(VENDOR_CARD))
    o = g.outsider(None if lang == "en" else lang, iban=True)
    role = g.pick(["Voice talent - narrator", "Voice talent - Act II villain", "Composer (DLC 2)",
                   "Concept artist (freelance)", "QA contractor"])
    body = VENDOR_CARD[lang].replace("«rate}", "«rate»")
    return fill(role + f" - contract language {lang.upper()}\n" + body, n=oname(o), e=omail(o),
                ph=PH(g.phone(o["cc"])), iban=IB(g.iban(o["cc"])),
                bic=Look(BICS[o["cc"]], "BIC (bank identifier)"),
                rate=str(g.pick([280, 350, 380, 420, 460]))), g.staff(1)


@T(4)
def confluence_breakglass(g):
    tpl = ("Break-glass access - staging\n"
           "(Rotate after every use and log it in #liveops-audit.)\n"
           "* Grafana: admin / «pw1»\n"
           "* RabbitMQ: amqps://«uc1»@mq-stg.quillbeak.internal:5671/%2F\n"
           "* Redis: redis://«uc2»@«ip»:6379/2\n"
           "* Jenkins: https://«uc3»@ci.quillbeak.dev/\n"
           "Owner: «a»")
    a = g.staff(1)[0]
    return fill(tpl, pw1=PW(g.password()),
                uc1=UC("liveops:" + g.password(urlsafe=True)),
                uc2=UC(":" + g.password("long")), ip=IP(g.ip4priv()),
                uc3=UC("breakglass:" + g.password(urlsafe=True)), a=name(a)), [a] + g.staff(1, exclude=[a])


@T(4)
def confluence_meeting_notes(g):
    a, b, c = g.staff(3)
    o = g.outsider(g.pick(["ko", "ja", "zh", "en"]))
    tpl = ("«d» Economy sync\n"
           "Attendees: @«a» @«b» @«c»\n"
           "Discussion: gem bundle prices for the «region» launch; the PG partner wants the "
           "settlement report by the 5th.\n"
           "Action items\n"
           "[ ] @«a2» to send the revised price table to «role»\n"
           "[ ] @«b2» to call the payment partner (contact: «o» <«oe»>, «ph»)\n"
           "[ ] @«c2» to update the store config for build «v»")
    return fill(tpl, d=g.date(), a=name(a), b=name(b), c=name(c),
                region=g.pick(["Korea", "Japan", "Taiwan", "LATAM"]), a2=name(a),
                role=E(g.pick(["partners@quillbeak.com", "billing@quillbeak.com"])), b2=name(b),
                o=oname(o), oe=omail(o), ph=PH(g.phone(o["cc"])), c2=name(c), v=g.ver()), [a, b, c]


# HTTP captures -----------------------------------------------------------------------------


@T(5)
def curl_bearer_jwt(g):
    lead = g.pick(["Token from the Android client (copied from Charles), still 403 after the "
                   "scope fix:", "Same request from my machine works with a fresh token, this "
                   "one from the player's session does not:", "Repro with the token the QA "
                   "build logged:"])
    tpl = ("«lead»\n"
           "$ curl -i \"https://api.hollowtide.quillbeak.com/v2/inventory/«u»\" \\\n"
           "    -H \"Authorization: Bearer «jwt»\" \\\n"
           "    -H \"X-Client-Version: «v»\"\n"
           "HTTP/2 403\n"
           "content-type: application/problem+json\n"
           "x-request-id: «u2»\n\n"
           "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"detail\":\"scope inventory:write "
           "missing\"}")
    return fill(tpl, lead=lead, u=g.uuid(), jwt=JW(g.jwt(g.pick(["HS256", "RS256", "ES256"]))),
                v=g.ver(), u2=g.uuid()), g.staff(g.n(1, 2))


@T(4)
def curl_basic_header(g):
    user = g.pick(["release-bot", "ci-trigger", "svc-jenkins"])
    pw = g.password()
    tpl = ("The release script gets a 401 from Jenkins:\n"
           "{code}\n"
           "curl -X POST -H \"Authorization: Basic «b64»\" "
           "\"https://ci.quillbeak.dev/job/hollowtide-release/buildWithParameters?TAG=v«v»\"\n"
           "{code}\n"
           "The header still carries the old «user» password that was rotated on «d».")
    return fill(tpl, b64=PW(g.basic(user, pw)), v=g.ver(), user=user, d=g.date()), g.staff(1)


@T(5)
def raw_http_request(g):
    token = g.pick(["jwt", "opaque", "vault"])
    tok = {"jwt": lambda: JW(g.jwt()), "opaque": lambda: PW(g.chars(B64URL, 43)),
           "vault": lambda: g.tok("hashicorp")}[token]()
    header = "X-Vault-Token" if token == "vault" else "Authorization"
    value = [tok] if token == "vault" else ["Bearer ", tok]
    pub = g.ip4()
    tpl = ("Captured with mitmproxy on the support tool; the refund endpoint accepts the call "
           "without checking the role.\n"
           "POST /v1/payments/refunds HTTP/1.1\n"
           "Host: billing.internal.quillbeak.com\n"
           "«hdr»: «tok»\n"
           "X-Forwarded-For: «pub», «priv»\n"
           "X-Real-IP: «pub2»\n"
           "Content-Type: application/json\n"
           "Content-Length: «len»\n\n"
           "{\"player_email\":\"«e»\",\"order_id\":\"QB-«order»\",\"amount_minor\":1999,"
           "\"currency\":\"EUR\",\"reason\":\"duplicate\"}")
    return fill(tpl, hdr=header, tok=value, pub=IP(pub), priv=IP(g.ip4priv()), pub2=IP(pub),
                len=str(g.n(110, 140)), e=E(g.anon_email()), order=str(g.n(1000000, 9999999))), \
        g.staff(1)


@T(5)
def raw_http_response(g):
    o = g.outsider()
    tpl = ("The /admin/players endpoint returns unmasked PII to the support-tier-1 role "
           "(spec says masked). Sample:\n"
           "HTTP/1.1 200 OK\n"
           "Date: «date» GMT\n"
           "Content-Type: application/json; charset=utf-8\n"
           "X-Trace-Id: «trace»\n\n"
           "{\"player_id\":\"«u»\",\"name\":\"«n»\",\"email\":\"«e»\",\"phone\":\"«ph»\","
           "\"last_login_ip\":\"«ip»\",\"country\":\"«cc»\",\"marketing_opt_in\":false}")
    return fill(tpl, date=g.pick(["Tue, 12 Nov 2024 09:41:07", "Mon, 04 Mar 2024 17:02:55",
                                  "Fri, 20 Sep 2024 23:10:41"]), trace=g.hexs(32), u=g.uuid(),
                n=oname(o), e=omail(o), ph=PH(g.e164(o["cc"])),
                ip=IP(g.pick([g.ip4(), g.ip4(), g.ip6()])), cc=o["cc"]), g.staff(g.n(1, 2))


@T(4)
def har_excerpt(g):
    tpl = ("From the HAR the player sent (support ticket QB-SUP-«k»), trimmed:\n"
           "{code:json}\n"
           "{\n"
           "  \"startedDateTime\": \"«t»\",\n"
           "  \"request\": {\n"
           "    \"method\": \"GET\",\n"
           "    \"url\": \"https://api.hollowtide.quillbeak.com/v2/store/offers?locale=«loc»\",\n"
           "    \"headers\": [\n"
           "      {\"name\": \"Authorization\", \"value\": \"Bearer «jwt»\"},\n"
           "      {\"name\": \"X-Device-Id\", \"value\": \"«u»\"}\n"
           "    ]\n"
           "  },\n"
           "  \"response\": {\"status\": 500, \"statusText\": \"Internal Server Error\"},\n"
           "  \"serverIPAddress\": \"«ip»\",\n"
           "  \"time\": «ms»\n"
           "}\n"
           "{code}")
    return fill(tpl, k=str(g.n(10000, 99999)), t=g.ts(),
                loc=g.pick(["de-DE", "pt-BR", "ko-KR", "ja-JP", "fr-CA"]),
                jwt=JW(g.jwt(g.pick(["HS256", "RS256"]))), u=g.uuid(), ip=IP(g.ip4()),
                ms=f"{g.n(200, 4000)}.{g.n(10, 99)}"), g.staff(1)


@T(4)
def postman_env(g):
    a = g.staff(1)[0]
    secret_kind = g.pick(["sendgrid", "stripe", "twilio", "atlassian", "shopify"])
    secret = g.tok(secret_kind, "rk" if secret_kind == "stripe" else None)
    key = {"sendgrid": "sendgridKey", "stripe": "stripeRestrictedKey", "twilio": "twilioAuthToken",
           "atlassian": "jiraApiToken", "shopify": "shopifyAdminToken"}
    tpl = ("Postman environment exported by «a» (attached to «t»):\n"
           "{\n"
           "  \"id\": \"«u»\",\n"
           "  \"name\": \"Hollowtide - staging\",\n"
           "  \"values\": [\n"
           "    {\"key\": \"baseUrl\", \"value\": \"https://stg-api.hollowtide.quillbeak.com\", "
           "\"enabled\": true},\n"
           "    {\"key\": \"adminEmail\", \"value\": \"«ae»\", \"enabled\": true},\n"
           "    {\"key\": \"adminPassword\", \"value\": \"«pw»\", \"type\": \"secret\", "
           "\"enabled\": true},\n"
           "    {\"key\": \"«key»\", \"value\": \"«sec»\", \"type\": \"secret\", \"enabled\": true}\n"
           "  ],\n"
           "  \"_postman_variable_scope\": \"environment\",\n"
           "  \"_postman_exported_at\": \"«ts»\",\n"
           "  \"_postman_exported_using\": \"Postman/11.«pv»\"\n"
           "}")
    return fill(tpl, a=name(a), t=ticket(g), u=g.uuid(), ae=mail(a), pw=PW(g.password()),
                key=key[secret_kind], sec=secret, ts=g.ts(),
                pv=f"{g.n(10, 19)}.{g.n(0, 9)}"), [a]


def vendor_variants(g):
    """Each variant: pieces and people, one vendor API call pasted in a ticket or chat."""
    a = g.staff(1)[0]
    twilio_ac = "AC" + g.hexs(32)
    to, frm = g.pick(["DE", "GB", "US", "BR", "FR"]), g.pick(["US", "GB"])
    return [
        (["Refund done by hand, for the record:\n$ curl https://api.stripe.com/v1/refunds -u ",
          g.tok("stripe", "sk"), ": -d charge=", Look("ch_3" + g.chars(ALNUM, 23),
                                                       "Stripe charge id"), " -d reason=duplicate"],
         [a]),
        (["SMS test from the 2FA service:\n", "curl -X POST \"https://api.twilio.com/2010-04-01/"
          "Accounts/", Look(twilio_ac, "Twilio account SID (identifier)"), "/Messages.json\" \\\n"
          "  --data-urlencode \"To=", PH(g.e164(to)), "\" --data-urlencode \"From=",
          PH(g.e164(frm)), "\" \\\n  --data-urlencode \"Body=Your Hollowtide code is 482913\" \\\n"
          "  -u ", Look(twilio_ac, "Twilio account SID (user name of -u)"), ":",
          g.tok("twilio", "auth")], [a]),
        (["SendGrid returns 403 for the password-reset template:\n", "curl --request POST "
          "--url https://api.sendgrid.com/v3/mail/send --header \"Authorization: Bearer ",
          g.tok("sendgrid"), "\" --header 'Content-Type: application/json' --data @reset.json"],
         [a]),
        (["The NPC dialogue tool call that times out:\n", "curl https://api.openai.com/v1/chat/"
          "completions -H \"Content-Type: application/json\" -H \"Authorization: Bearer ",
          g.tok("openai"), "\" -d @prompt.json"], [a]),
        (["Bark generation prototype (", name(a), "):\n", "curl https://api.anthropic.com/v1/"
          "messages -H \"x-api-key: ", g.tok("anthropic"), "\" -H \"anthropic-version: "
          "2023-06-01\" -H \"content-type: application/json\" -d @barks.json"], [a]),
        (["Checking which account the model-upload token belongs to:\n", "$ curl -s https://"
          "huggingface.co/api/whoami-v2 -H \"Authorization: Bearer ", g.tok("huggingface"),
          "\"\n{\"type\":\"user\",\"name\":\"quillbeak-ml\",\"auth\":{\"type\":\"access_token\"}}"],
         [a]),
        (["Droplets for the replay-render farm:\n", "curl -X GET -H \"Content-Type: application/"
          "json\" -H \"Authorization: Bearer ", g.tok("digitalocean"), "\" \"https://api."
          "digitalocean.com/v2/droplets?tag_name=replay-render\""], [a]),
        (["Merch store order sync is failing with 401:\n", "curl -X GET \"https://hollowtide-"
          "merch.myshopify.com/admin/api/2024-07/orders.json?status=any\" -H \"X-Shopify-Access-"
          "Token: ", g.tok("shopify"), "\""], [a]),
        (["The migration script authenticates like this (", name(a), "'s token, please revoke "
          "after the run):\n", "curl -u ", mail(a), ":", g.tok("atlassian"),
          " -H \"Accept: application/json\" \"https://quillbeak.atlassian.net/rest/api/3/search?"
          "jql=project%3DHT\""], [a]),
        (["Actions API check from the release laptop:\n", "curl -H \"Authorization: token ",
          g.tok("github", "ghp"), "\" https://api.github.com/repos/quillbeak/hollowtide-server/"
          "actions/runs?per_page=5"], [a]),
        (["Pipelines API, for the dashboard:\n", "curl --header \"PRIVATE-TOKEN: ",
          g.tok("gitlab"), "\" \"https://gitlab.quillbeak.dev/api/v4/projects/42/pipelines?"
          "ref=main\""], [a]),
        (["Geocoding for the tournament venue picker:\n", "curl \"https://maps.googleapis.com/"
          "maps/api/geocode/json?address=Koelnmesse&key=", g.tok("google"), "\""], [a]),
        (["npm whoami over HTTP:\n", "curl -s -H \"Authorization: Bearer ", g.tok("npm"),
          "\" https://registry.npmjs.org/-/whoami"], [a]),
        (["Reading the signing config from Vault:\n", "curl -s -H \"X-Vault-Token: ",
          g.tok("hashicorp"), "\" https://vault.quillbeak.internal:8200/v1/secret/data/"
          "hollowtide/signing | jq .data"], [a]),
        (["Fine-grained token for the symbol uploader:\n", "curl -L -H \"Accept: application/"
          "vnd.github+json\" -H \"Authorization: Bearer ", g.tok("github", "pat"),
          "\" -H \"X-GitHub-Api-Version: 2022-11-28\" https://api.github.com/repos/quillbeak/"
          "hollowtide-symbols/releases"], [a]),
        (["Webhook endpoint secret (copied from the dashboard) for the local listener: ",
          g.tok("stripe", "whsec"), "\n$ stripe listen --forward-to localhost:4242/webhooks"],
         [a]),
    ]


@T(16)
def vendor_curl(g):
    variants = vendor_variants(g)
    vendor_curl.i = getattr(vendor_curl, "i", -1) + 1
    return variants[vendor_curl.i % len(variants)]


# Developer credential files ----------------------------------------------------------------


@T(4)
def npmrc(g):
    v = g.n(0, 2)
    if v == 0:
        tpl = ("~/.npmrc from build-agent-0«n» (attached to «t»):\n"
               "registry=https://registry.npmjs.org/\n"
               "@quillbeak:registry=https://npm.pkg.github.com/\n"
               "//npm.pkg.github.com/:_authToken=«gh»\n"
               "//registry.npmjs.org/:_authToken=«npm»\n"
               "always-auth=true")
        return fill(tpl, n=str(g.n(1, 9)), t=ticket(g), gh=g.tok("github", "ghp"),
                    npm=g.tok("npm")), g.staff(1)
    if v == 1:
        user, pw = g.pick(["ci-publisher", "web-build"]), g.password()
        tpl = ("Verdaccio login that works locally (.npmrc):\n"
               "@qb:registry=https://npm.quillbeak.dev/\n"
               "//npm.quillbeak.dev/:_auth=«auth»\n"
               "//npm.quillbeak.dev/:always-auth=true")
        return fill(tpl, auth=PW(g.basic(user, pw))), g.staff(1)
    a = g.staff(1)[0]
    tpl = ("Nexus npm proxy config from «a»'s laptop:\n"
           "registry=https://nexus.quillbeak.dev/repository/npm-group/\n"
           "//nexus.quillbeak.dev/repository/npm-group/:username=«user»\n"
           "//nexus.quillbeak.dev/repository/npm-group/:_password=«pw»\n"
           "//nexus.quillbeak.dev/repository/npm-group/:email=«e»\n"
           "strict-ssl=false")
    return fill(tpl, a=name(a), user="nexus-dev",
                pw=PW(base64.b64encode(g.password().encode()).decode()), e=mail(a)), [a]


@T(3)
def pypirc(g):
    tpl = ("Found in the tools repo history (commit «sha»), ~/.pypirc:\n"
           "[distutils]\n"
           "index-servers =\n"
           "    pypi\n"
           "    internal\n\n"
           "[pypi]\n"
           "username = __token__\n"
           "password = «tok»\n\n"
           "[internal]\n"
           "repository = https://pypi.quillbeak.dev/simple/\n"
           "username = tools-ci\n"
           "password = «pw»")
    return fill(tpl, sha=Look(g.hexs(40), "git commit SHA"), tok=g.tok("pypi"),
                pw=PW(g.password())), g.staff(1)


@T(3)
def netrc(g):
    tpl = ("The deploy box still has a ~/.netrc with live entries:\n"
           "machine artifacts.quillbeak.dev\n"
           "  login ci-publisher\n"
           "  password «pw»\n"
           "machine api.github.com login qb-release-bot password «gh»\n"
           "machine «ip» login backup password «pw2»")
    return fill(tpl, pw=PW(g.password()), gh=g.tok("github", "ghp"), ip=IP(g.ip4priv()),
                pw2=PW(g.password())), g.staff(1)


@T(4)
def git_credentials(g):
    lines = g.r.sample([
        ["https://qb-release-bot:", g.tok("github", "ghp"), "@github.com"],
        ["https://oauth2:", g.tok("gitlab"), "@gitlab.quillbeak.dev"],
        ["https://", UC("jenkins:" + g.password(urlsafe=True)), "@bitbucket.quillbeak.dev"],
        ["https://x-access-token:", g.tok("github", "ghs"), "@github.com"],
        ["https://", UC("svc-art-sync:" + g.password("long")), "@perforce-web.quillbeak.dev"],
    ], 3)
    pieces = ["~/.git-credentials on the Windows build node (credential.helper=store):\n"]
    for i, line in enumerate(lines):
        pieces += line + (["\n"] if i < len(lines) - 1 else [])
    return pieces, g.staff(1)


@T(3)
def kubeconfig(g):
    tpl = ("kubeconfig the CI job writes to disk (from the artifact of run «run»):\n"
           "apiVersion: v1\n"
           "kind: Config\n"
           "clusters:\n"
           "- cluster:\n"
           "    certificate-authority-data: «ca»\n"
           "    server: https://«ip»:6443\n"
           "  name: hollowtide-«env»\n"
           "contexts:\n"
           "- context:\n"
           "    cluster: hollowtide-«env»\n"
           "    namespace: game-servers\n"
           "    user: ci-deployer\n"
           "  name: ci\n"
           "current-context: ci\n"
           "users:\n"
           "- name: ci-deployer\n"
           "  user:\n"
           "    token: «jwt»")
    ca = base64.b64encode(g.cert().encode()).decode()[:120]
    return fill(tpl, run=str(g.n(100000, 999999)),
                ca=Look(ca + "...", "base64 CA certificate (public)"), ip=IP(g.ip4()),
                env=g.pick(["prod-eu", "prod-us", "staging"]), jwt=JW(g.k8s_jwt())), g.staff(1)


@T(4)
def docker_login(g):
    if g.r.random() < 0.5:
        tpl = ("$ docker login -u «user» -p «pw» registry.quillbeak.dev\n"
               "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n"
               "Login Succeeded")
        return fill(tpl, user=g.pick(["qbci", "build", "artsync"]), pw=PW(g.password())), \
            g.staff(1)
    gh = g.tok("github", "ghp")
    tpl = ("~/.docker/config.json on runner-«n» (no credsStore configured):\n"
           "{\n"
           "  \"auths\": {\n"
           "    \"registry.quillbeak.dev\": {\"auth\": \"«a1»\"},\n"
           "    \"ghcr.io\": {\"auth\": \"«a2»\"}\n"
           "  }\n"
           "}")
    return fill(tpl, n=str(g.n(1, 20)), a1=PW(g.basic("qbci", g.password())),
                a2=PW(g.basic("qb-release-bot", gh[1]))), g.staff(1)


@T(3)
def pgpass(g):
    tpl = ("~/.pgpass on the analytics jump host (chmod 0600, at least):\n"
           "«ip»:5432:hollowtide:game_rw:«pw1»\n"
           "*:5432:*:replicator:«pw2»\n"
           "analytics-db.quillbeak.internal:5432:events:etl_reader:«pw3»")
    return fill(tpl, ip=IP(g.ip4priv()), pw1=PW(g.password()), pw2=PW(g.password()),
                pw3=PW(g.password())), g.staff(1)


@T(5)
def jdbc_odbc(g):
    v = g.n(0, 3)
    if v == 0:
        return fill("application-prod.properties (leaderboard-service):\n"
                    "spring.datasource.url=jdbc:postgresql://«ip»:5432/hollowtide?user=game_rw&"
                    "password=«pw»&sslmode=require\nspring.datasource.hikari.maximum-pool-size=20",
                    ip=IP(g.ip4priv()), pw=PW(g.password(urlsafe=True))), g.staff(1)
    if v == 1:
        return fill("Telemetry ETL DSN (odbc.ini):\n"
                    "[telemetry]\n"
                    "Driver={ODBC Driver 18 for SQL Server};Server=tcp:«ip»,1433;"
                    "Database=telemetry;Uid=etl_reader;Pwd=«pw»;Encrypt=yes;"
                    "TrustServerCertificate=no;", ip=IP(g.ip4()), pw=PW(g.password())), g.staff(1)
    if v == 2:
        return fill("Flyway fails against the MySQL replica:\n"
                    "flyway -url=\"jdbc:mysql://«ip»:3306/leaderboards?user=lb_writer&"
                    "password=«pw}&useSSL=true\" migrate".replace("«pw}", "«pw»"),
                    ip=IP(g.ip4priv()), pw=PW(g.password(urlsafe=True))), g.staff(1)
    return fill("Legacy billing (Oracle) connection in the batch job:\n"
                "BILLING_JDBC=jdbc:oracle:thin:billing_batch/«pw»@//«ip»:1521/BILLPDB1",
                pw=PW(g.password(urlsafe=True)), ip=IP(g.ip4priv())), g.staff(1)


@T(6)
def mongo_redis_amqp(g):
    v = g.n(0, 4)
    if v == 0:
        return fill("MONGO_URI=mongodb+srv://«uc»@cluster0.«c».mongodb.net/hollowtide?"
                    "retryWrites=true&w=majority",
                    uc=UC("hollowtide_app:" + g.password(urlsafe=True)),
                    c=g.chars(string.ascii_lowercase + DIGITS, 5)), g.staff(1)
    if v == 1:
        return fill("Replica set for the guild service:\nmongodb://«uc»@«ip1»:27017,«ip2»:27017,"
                    "«ip3»:27017/?replicaSet=rs0&authSource=admin",
                    uc=UC("admin:" + g.password(urlsafe=True)), ip1=IP(g.ip4priv()),
                    ip2=IP(g.ip4priv()), ip3=IP(g.ip4priv())), g.staff(1)
    if v == 2:
        return fill("REDIS_URL=rediss://«uc»@redis-«port».c«n».eu-west-1-2.ec2.redns.redis-cloud"
                    ".com:«port»", uc=UC("default:" + g.password("long")),
                    port=str(g.n(10000, 19999)), n=str(g.n(1, 300))), g.staff(1)
    if v == 3:
        return fill("$ redis-cli -h «ip» -p 6379 -a «pw» --no-auth-warning INFO replication\n"
                    "# Replication\nrole:master\nconnected_slaves:2",
                    ip=IP(g.ip4priv()), pw=PW(g.password("long"))), g.staff(1)
    return fill("CELERY_BROKER_URL=amqps://«uc»@b-«u».mq.eu-west-1.amazonaws.com:5671/%2F",
                uc=UC("matchmaker:" + g.password(urlsafe=True)), u=g.uuid()), g.staff(1)


@T(3)
def azure_storage(g):
    if g.r.random() < 0.5:
        return fill("Asset CDN origin (appsettings.Production.json):\n"
                    "\"StorageConnection\": \"DefaultEndpointsProtocol=https;AccountName="
                    "qbhollowtideassets;AccountKey=«key»;EndpointSuffix=core.windows.net\"",
                    key=g.tok("azure")), g.staff(1)
    return fill("$ az storage blob upload-batch --account-name qbreplays --account-key «key» "
                "-d replays -s ./out --pattern '*.qbr'", key=g.tok("azure")), g.staff(1)


@T(4)
def aws_credentials(g):
    v = g.n(0, 2)
    if v == 0:
        tpl = ("~/.aws/credentials from the old render node:\n"
               "[default]\n"
               "aws_access_key_id = «k1»\n"
               "aws_secret_access_key = «s1»\n"
               "region = eu-west-1\n\n"
               "[hollowtide-prod]\n"
               "aws_access_key_id = «k2»\n"
               "aws_secret_access_key = «s2»")
        return fill(tpl, k1=g.tok("aws"), s1=g.tok("aws", "secret"), k2=g.tok("aws"),
                    s2=g.tok("aws", "secret")), g.staff(1)
    if v == 1:
        tpl = ("Temporary creds from `aws sts assume-role`, pasted in the incident channel:\n"
               "export AWS_ACCESS_KEY_ID=«k»\n"
               "export AWS_SECRET_ACCESS_KEY=«s»\n"
               "export AWS_SESSION_TOKEN=«st»")
        return fill(tpl, k=g.tok("aws", "asia"), s=g.tok("aws", "secret"),
                    st=PW("IQoJb3JpZ2luX2VjE" + g.chars(B64, 300))), g.staff(1)
    tpl = ("$ aws configure --profile replays\n"
           "AWS Access Key ID [None]: «k»\n"
           "AWS Secret Access Key [None]: «s»\n"
           "Default region name [None]: eu-central-1\n"
           "Default output format [None]: json")
    return fill(tpl, k=g.tok("aws"), s=g.tok("aws", "secret")), g.staff(1)


@T(5)
def dotenv_ai(g):
    keys = g.r.sample([("OPENAI_API_KEY", "openai"), ("ANTHROPIC_API_KEY", "anthropic"),
                       ("HF_TOKEN", "huggingface"), ("SLACK_BOT_TOKEN", "slack"),
                       ("SENDGRID_API_KEY", "sendgrid"), ("SHOPIFY_ADMIN_TOKEN", "shopify"),
                       ("DO_TOKEN", "digitalocean"), ("GOOGLE_MAPS_KEY", "google")], 3)
    pieces = [f"tools/npc-writer/.env (committed in {g.hexs(7)}, reverted in {g.hexs(7)}):\n",
              "# local dev only\n"]
    for var, vendor in keys:
        pieces += [f"{var}=", g.tok(vendor, "xoxb" if vendor == "slack" else None), "\n"]
    pieces += ["NPC_WRITER_SECRET_KEY=", PW(g.password("hex")), "\nLOG_LEVEL=debug"]
    return pieces, g.staff(1)


# Structured logs ---------------------------------------------------------------------------


@T(7)
def json_logs(g):
    lines = []
    stamps = g.ts_seq(3)
    for i in range(g.n(2, 3)):
        kind = g.n(0, 3)
        if kind == 0:
            lines.append(fill("{\"ts\":\"«t»\",\"level\":\"info\",\"svc\":\"account-api\",\"msg\":"
                              "\"password reset requested\",\"email\":\"«e»\",\"client_ip\":"
                              "\"«ip»\",\"trace_id\":\"«tr»\"}", t=stamps[i], e=E(g.anon_email()),
                              ip=IP(g.pick([g.ip4(), g.ip6()])), tr=g.hexs(32)))
        elif kind == 1:
            cc = g.pick(sorted(PHONES))
            lines.append(fill("{\"ts\":\"«t»\",\"level\":\"warn\",\"svc\":\"sms-gateway\",\"msg\":"
                              "\"OTP delivery failed\",\"to\":\"«ph»\",\"carrier_code\":30008,"
                              "\"player_id\":\"«u»\"}", t=stamps[i], ph=PH(g.e164(cc)), u=g.uuid()))
        elif kind == 2:
            lines.append(fill("{\"ts\":\"«t»\",\"level\":\"info\",\"svc\":\"store\",\"msg\":"
                              "\"purchase completed\",\"sku\":\"gems_1200\",\"buyer\":\"«e»\","
                              "\"ip\":\"«ip»\",\"latency_ms\":«ms»}", t=stamps[i], e=E(g.anon_email()),
                              ip=IP(g.ip4()), ms=str(g.n(20, 900))))
        else:
            lines.append(fill("{\"ts\":\"«t»\",\"level\":\"error\",\"svc\":\"matchmaker\",\"msg\":"
                              "\"relay handshake timeout\",\"peer\":\"«ip»:«port»\",\"region\":"
                              "\"«reg»\"}", t=stamps[i], ip=IP(g.ip4()), port=str(g.n(7000, 7999)),
                              reg=g.pick(["eu-west-1", "ap-northeast-2", "sa-east-1"])))
    pieces = ["Loki query result, {app=~\"account-api|store|sms-gateway|matchmaker\"}:\n"]
    for i, line in enumerate(lines):
        pieces += line + (["\n"] if i < len(lines) - 1 else [])
    return pieces, g.staff(g.n(1, 2))


@T(5)
def logfmt(g):
    cc = g.pick(sorted(PHONES))
    tpl = ("time=«t» level=info msg=\"2fa enrolled\" user=«e» phone=\"«ph»\" ip=«ip» took=41ms\n"
           "time=«t2» level=warn msg=\"2fa challenge failed\" user=«e2» ip=«ip» attempts=3\n"
           "time=«t3» level=info msg=\"session refreshed\" session=«sess» ip=«ip2» ua=\"Hollowtide/«v» "
           "(Android 14)\"")
    e = g.anon_email()
    t = g.ts_seq(3)
    return fill(tpl, t=t[0], e=E(e), ph=PH(g.phone(cc)), ip=IP(g.ip4()), t2=t[1], e2=E(e),
                t3=t[2], sess=g.uuid(), ip2=IP(g.ip4()), v=g.ver()), g.staff(1)


@T(5)
def syslog_sshd(g):
    host = g.pick(["bastion-eu1", "bastion-us2", "gs-relay-04"])
    bad = g.ip4()
    tpl = ("<38>Nov  4 03:12:44 «h» sshd[«p1»]: Failed password for invalid user admin from «bad» "
           "port «port» ssh2\n"
           "<38>Nov  4 03:12:47 «h» sshd[«p1»]: Connection closed by invalid user admin «bad2» "
           "port «port» [preauth]\n"
           "<86>Nov  4 03:15:02 «h» sshd[«p2»]: Accepted publickey for deploy from «good» port "
           "«port2» ssh2: ED25519 SHA256:«fp»")
    return fill(tpl, h=host, p1=str(g.n(1000, 40000)), bad=IP(bad), bad2=IP(bad),
                port=str(g.n(30000, 65000)), p2=str(g.n(1000, 40000)),
                good=IP(g.pick([g.ip4(), g.ip4priv()])), port2=str(g.n(30000, 65000)),
                fp=Look(g.chars(B64, 43), "SSH host/public key fingerprint")), g.staff(1)


@T(4)
def nginx_access(g):
    ua = g.pick(["Hollowtide/1.14.2 (Android 14; SM-S918B)", "Mozilla/5.0 (Windows NT 10.0; "
                 "Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 "
                 "Safari/537.36", "UnityPlayer/2022.3.42f1 (UnityWebRequest/1.0)"])
    tpl = ("«ip1» - - [12/Sep/2024:18:02:11 +0000] \"POST /api/v2/login HTTP/2.0\" 401 57 \"-\" "
           "\"«ua»\" rt=0.042 xff=\"«x1», «x2»\"\n"
           "«ip2» - - [12/Sep/2024:18:02:12 +0000] \"GET /api/v2/store/offers HTTP/2.0\" 200 "
           "18233 \"-\" \"«ua»\" rt=0.118 xff=\"-\"")
    return fill(tpl, ip1=IP(g.ip4priv()), ua=ua, x1=IP(g.ip4()), x2=IP(g.ip4priv()),
                ip2=IP(g.pick([g.ip4(), g.ip6()]))), g.staff(1)


@T(4)
def payment_log_card(g):
    tpl = ("PSP integration logs the full PAN on decline, see:\n"
           "{noformat}\n"
           "«t» ERROR [payments-adapter] PSP declined code=05 card=«card» exp=«exp» cvv=*** "
           "amount=«amt» «cur» player=«e» ip=«ip»\n"
           "{noformat}\n"
           "Needs a hotfix before the «v» release, and the log retention must be purged.")
    return fill(tpl, t=g.ts(), card=CC(g.card(sep="")), exp=f"{g.n(1, 12):02d}/{g.n(25, 30)}",
                amt=g.pick(["19.99", "4.99", "49.99", "99.99"]), cur=g.pick(["EUR", "USD", "BRL"]),
                e=E(g.anon_email()), ip=IP(g.ip4()), v=g.ver()), g.staff(g.n(1, 2))


# Shell, terraform, CI ----------------------------------------------------------------------


@T(6)
def shell_history(g):
    n = g.n(300, 900)
    cmds = g.r.sample([
        ["export STRIPE_SECRET_KEY=", g.tok("stripe", "sk")],
        ["mysql -h ", IP(g.ip4priv()), " -u lb_admin -p", PW(g.password(urlsafe=True)),
         " leaderboards"],
        ["ssh deploy@", IP(g.ip4())],
        ["psql \"postgresql://", UC("analytics:" + g.password(urlsafe=True)), "@",
         IP(g.ip4priv()), ":5432/events\""],
        ["gh auth login --with-token <<< ", g.tok("github", "ghp")],
        ["export HF_TOKEN=", g.tok("huggingface")],
        ["aws configure set aws_secret_access_key ", g.tok("aws", "secret")],
        ["scp build.zip ci@", IP(g.ip4()), ":/srv/builds/"],
        ["vault login ", g.tok("hashicorp")],
        ["npm config set //registry.npmjs.org/:_authToken ", g.tok("npm")],
    ], 4)
    safe = ["git pull --rebase", "history | grep -i key", "kubectl get pods -n game-servers",
            "docker compose up -d", "ls -la ~/.ssh"]
    pieces = [f"Shell history of the shared jump user (the reason for {ticket(g)}):\n"]
    for cmd in cmds:
        pieces += [f"  {n}  "] + cmd + ["\n"]
        n += 1
        if g.r.random() < 0.4:
            pieces.append(f"  {n}  {g.pick(safe)}\n")
            n += 1
    pieces.append(f"  {n}  history -c")
    return pieces, g.staff(1)


@T(4)
def terminal_session(g):
    tpl = ("$ ssh -i ~/.ssh/ht-prod.pem ec2-user@«ip»\n"
           "Last login: Tue Nov 12 08:01:44 2024 from «ip2»\n"
           "[ec2-user@ht-bastion-01 ~]$ mysql -h «db» -u leaderboard_admin -p'«pw»' leaderboards\n"
           "mysql: [Warning] Using a password on the command line interface can be insecure.\n"
           "Welcome to the MySQL monitor.  Commands end with ; or \\g.\n"
           "mysql> SELECT COUNT(*) FROM season_scores WHERE season_id = «s»;")
    return fill(tpl, ip=IP(g.ip4()), ip2=IP(g.ip4()), db=IP(g.ip4priv()), pw=PW(g.password()),
                s=str(g.n(10, 30))), g.staff(1)


@T(3)
def terraform_outputs(g):
    tpl = ("$ terraform output\n"
           "bastion_public_ip = \"«ip»\"\n"
           "db_endpoint = \"hollowtide-prod.cluster-«c».eu-west-1.rds.amazonaws.com\"\n"
           "db_master_password = <sensitive>\n"
           "nat_gateway_ips = [\n"
           "  \"«ip2»\",\n"
           "  \"«ip3»\",\n"
           "]\n"
           "$ terraform output -raw db_master_password\n"
           "«pw»")
    return fill(tpl, ip=IP(g.ip4()), c=g.chars(string.ascii_lowercase + DIGITS, 12),
                ip2=IP(g.ip4()), ip3=IP(g.ip4()), pw=PW(g.password())), g.staff(1)


@T(3)
def gha_leak(g):
    vendor = g.pick(["digitalocean", "huggingface", "npm"])
    cmd = {"digitalocean": ["+ curl -sf -X DELETE -H 'Authorization: Bearer ",
                            g.tok("digitalocean"), "' https://api.digitalocean.com/v2/cdn/"
                            "endpoints/" + g.uuid() + "/cache -d '{\"files\":[\"*\"]}'"],
           "huggingface": ["+ huggingface-cli upload quillbeak/npc-voice ./model --token ",
                           g.tok("huggingface")],
           "npm": ["+ npm publish --//registry.npmjs.org/:_authToken=", g.tok("npm")]}[vendor]
    pieces = [f"GitHub Actions run #{g.n(1000, 9999)} (hollowtide-web, job deploy): the token "
              "came from vars instead of secrets, so it is printed in clear:\n",
              f"Run ./scripts/publish.sh\n"] + cmd + ["\n+ echo done\ndone"]
    return pieces, g.staff(1)


# Vendor tokens in prose --------------------------------------------------------------------


@T(4)
def slack_tokens_prose(g):
    a, b = g.staff(2)
    v = g.n(0, 3)
    if v == 0:
        return fill("Rotated the release bot token after the leak; new value for the CI secret "
                    "is «t1». The old «t2» should now return invalid_auth.",
                    t1=g.tok("slack", "xoxb"), t2=g.tok("slack", "xoxb")), [a]
    if v == 1:
        return fill("Incoming webhook for #hollowtide-alerts: «w» (app owner: «a»)",
                    w=g.tok("slack", "webhook"), a=name(a)), [a, b]
    if v == 2:
        return fill("Can someone with workspace admin rerun the export? My user token «t» keeps "
                    "getting ratelimited. cc «b»", t=g.tok("slack", "xoxp"), b=name(b)), [a, b]
    return fill("slack-app.yml for the build notifier:\n"
                "token: «t»\n"
                "signing_secret: «s»\n"
                "default_channel: \"#hollowtide-builds\"\n"
                "fallback_webhook: «w»", t=g.tok("slack", "xoxb"), s=PW(g.hexs(32)),
                w=g.tok("slack", "webhook")), [a]


JWT_PROSE = {
    "en": "Here's the token the Switch client sent (sub={u}, expired an hour ago): «jwt» - the "
          "signature verifies with the staging key, not prod.",
    "de": "Hier das Token, das der Client geschickt hat (sub={u}): «jwt} - die Signatur passt zum "
          "Staging-Schlüssel, nicht zu Prod.",
    "ko": "클라이언트가 보낸 토큰입니다 (sub={u}): «jwt» 스테이징 키로만 검증됩니다.",
    "pt": "Segue o token que o cliente enviou (sub={u}): «jwt» - a assinatura bate com a chave de "
          "staging, não com a de produção.",
}


@T(4)
def jwt_prose(g):
    lang = g.pick(sorted(JWT_PROSE))
    tpl = JWT_PROSE[lang].replace("{u}", g.uuid()).replace("«jwt}", "«jwt»")
    return fill(tpl, jwt=JW(g.jwt(g.pick(["HS256", "ES256"])))), g.staff(g.n(1, 2))


# Personal data, many languages -------------------------------------------------------------

REPORT = {
    "en": "Player «n» («e») reports two charges for the «pack» bundle on card «card». Callback "
          "requested on «ph». Assigning to «staff».",
    "de": "Meldung von «n» («e»): doppelte Abbuchung für das Paket «pack» von der Karte «card». "
          "Rückruf erbeten unter «ph». Zugewiesen an «staff».",
    "fr": "Message de «n» <«e»> : débit en double pour le pack «pack». Demande de remboursement "
          "sur l'IBAN «iban». Rappel possible au «ph». — «staff»",
    "es": "Consulta de «n» («e»): no puede vincular su cuenta de Steam desde el parche. Último "
          "acceso desde «ip». Teléfono de contacto: «ph». Lo lleva «staff».",
    "pt": "Pedido de «n» («e»): exclusão da conta (LGPD/RGPD). IP da solicitação: «ip». "
          "Telefone: «ph». Responsável: «staff».",
    "it": "Segnalazione di «n» <«e»>: due addebiti non riconosciuti sulla carta «card» per il "
          "pacchetto «pack». Richiamare al «ph». Assegnato a «staff».",
    "nl": "Verzoek van «n» («e»): account laten verwijderen (AVG). Laatst ingelogd vanaf «ip», "
          "telefoon «ph». Opgepakt door «staff».",
    "pl": "Zgłoszenie od «n» <«e»>: podwójne obciążenie za pakiet «pack». Prośba o zwrot na "
          "rachunek «iban». Telefon kontaktowy: «ph». Przypisane do: «staff».",
    "sv": "«n» («e») har debiterats två gånger för paketet «pack». Återbetalning till IBAN «iban». "
          "Telefon: «ph». Handläggare: «staff».",
    "fi": "«n» («e») ei pääse kirjautumaan päivityksen jälkeen. Viimeisin IP-osoite «ip», "
          "puhelin «ph». Käsittelijä: «staff».",
    "cs": "Požadavek od «n» <«e»>: vrácení peněz za balíček «pack» na účet «iban». Telefon: «ph». "
          "Řeší «staff».",
    "tr": "«n» («e») güncellemeden sonra hesabına giremiyor. Son giriş IP adresi: «ip». "
          "Telefon: «ph». Sorumlu: «staff».",
    "el": "Αίτημα από «n» («e»): επιστροφή χρημάτων για το πακέτο «pack» στο IBAN «iban». "
          "Τηλέφωνο: «ph». Ανατέθηκε σε: «staff».",
    "ru": "Обращение от «n» («e»): двойное списание с карты «card» за набор «pack». Телефон для "
          "связи: «ph». Ответственный: «staff».",
    "ja": "«n»様（«e»）より、「«pack»」購入後にアイテムが付与されないとのお問い合わせ。カード番号："
          "«card»。電話番号：«ph»。担当：«staff»",
    "ko": "«n»님(«e»)이 «pack» 결제 후 아이템을 받지 못했다고 문의했습니다. 접속 IP: «ip», "
          "연락처: «ph». 담당자: «staff»",
    "zh": "«n}（«e»）反馈购买«pack»后钻石未到账。登录IP：«ip»，联系电话：«ph»。负责人：«staff»",
}
PACKS = ["Founder's Pack", "Tidecaller Bundle", "Season 4 Pass", "1200 Gems", "Starter Crate"]


@T(19)
def player_report(g):
    langs = sorted(REPORT)
    player_report.i = getattr(player_report, "i", -1) + 1
    lang = langs[player_report.i % len(langs)]
    tpl = REPORT[lang].replace("«n}", "«n»")
    o = g.outsider(lang, iban="«iban»" in tpl)
    s = g.staff(1)[0]
    values = dict(n=oname(o), e=omail(o), ph=PH(g.phone(o["cc"])), staff=name(s),
                  pack=g.pick(PACKS))
    if "«card»" in tpl:
        values["card"] = CC(g.card())
    if "«iban»" in tpl:
        values["iban"] = IB(g.iban(o["cc"]))
    if "«ip»" in tpl:
        values["ip"] = IP(g.pick([g.ip4(), g.ip4(), g.ip6()]))
    return fill(tpl, **values), [s] + g.staff(g.n(0, 1), exclude=[s])


@T(5)
def gdpr_request(g):
    o = g.outsider()
    tpl = ("Subject access request (GDPR Art. 15) from «n» <«e»>, verified via the account "
           "address on «d». Export to include purchase history, support tickets and login IPs "
           "for the last 90 days: «ip1», «ip2», «ip3». Due «d2». Questions to «dpo».")
    return fill(tpl, n=oname(o), e=omail(o), d=g.date(), ip1=IP(g.ip4()), ip2=IP(g.ip4()),
                ip3=IP(g.ip6()), d2=g.date(), dpo=E("dpo@quillbeak.com")), g.staff(g.n(1, 2))


@T(4)
def playtest_csv(g):
    pieces = ["Closed playtest wave «w» - confirmed participants (Typeform export):\n"
              .replace("«w»", str(g.n(2, 6))), "name,email,phone,country,platform,nda_signed\n"]
    rows = g.outsiders_k(g.n(3, 4))
    for i, o in enumerate(rows):
        pieces += [oname(o), ",", omail(o), ",", PH(g.phone(o["cc"])),
                   f",{o['cc']},{g.pick(['Steam Deck', 'PC', 'PS5', 'Xbox Series X', 'Switch'])},"
                   f"{g.pick(['yes', 'yes', 'no'])}" + ("\n" if i < len(rows) - 1 else "")]
    return pieces, g.staff(1)


@T(3)
def convention_leads(g):
    event = g.pick(["Gamescom 2024 (day 2)", "Tokyo Game Show 2024", "PAX West 2024", "BIG "
                    "Festival 2024"])
    pieces = [f"{event} booth badge scans, forwarded to recruiting:\n"]
    rows = g.outsiders_k(3)
    for i, o in enumerate(rows):
        pieces += [oname(o), " | ", omail(o), " | ", PH(g.phone(o["cc"])), " | ",
                   g.pick(["QA tester", "Level designer", "Community", "Tech art"])
                   + ("\n" if i < 2 else "")]
    return pieces, g.staff(1)


@T(3)
def emergency_contacts(g):
    a, b, c = g.staff(3)
    tpl = ("HR - emergency contacts (restricted page)\n"
           "«a»: «p1» (partner)\n"
           "«b»: «p2» (mother)\n"
           "«c»: «p3» (brother), or the office line")
    return fill(tpl, a=name(a), b=name(b), c=name(c), p1=PH(g.phone(a["cc"])),
                p2=PH(g.phone(b["cc"])), p3=PH(g.phone(c["cc"]))), [a, b, c]


PAYROLL = {
    "en": "Please update «a»'s salary account to «iban» from the «m» payroll run. The old "
          "account is being closed.",
    "de": "Bitte ab der Gehaltsabrechnung «m» das Gehaltskonto von «a» auf «iban» ändern.",
    "fr": "Merci de mettre à jour le RIB de «a» : nouvel IBAN «iban», à partir de la paie de «m».",
    "es": "Por favor, actualizad la cuenta de nómina de «a» a «iban» a partir de la nómina de «m».",
    "it": "Aggiornare l'IBAN per lo stipendio di «a}: «iban», a partire dal cedolino di «m».",
    "nl": "Graag het salarisrekeningnummer van «a» wijzigen naar «iban», ingaand per de "
          "salarisrun van «m».",
    "pl": "Proszę zmienić numer konta do wypłaty dla «a» na «iban» od listy płac za «m».",
    "sv": "Uppdatera lönekontot för «a» till «iban» från och med lönekörningen i «m».",
}


@T(6)
def payroll_iban(g):
    lang = g.pick(sorted(PAYROLL))
    a = g.staff(1)[0]
    cc = a["cc"] if a["cc"] in IBANS else {"en": "GB", "de": "DE", "fr": "FR", "es": "ES",
                                           "it": "IT", "nl": "NL", "pl": "PL", "sv": "SE"}[lang]
    tpl = PAYROLL[lang].replace("«a}", "«a»")
    pieces = fill(tpl, a=name(a), iban=IB(g.iban(cc)), m=f"2025-{g.n(1, 6):02d}")
    pieces += ["\n— sent to ", E("payroll@quillbeak.com")]
    return pieces, [a] + g.staff(1, exclude=[a])


INVOICE = {
    "en": "Invoice QB-INV-«k» from «n» <«e»>: 12 days x 420 EUR = 5,040 EUR. Pay to «iban» "
          "(BIC «bic»), reference «ref».",
    "de": "Rechnung QB-INV-«k» von «n» <«e»>: 12 Tage x 420 EUR = 5.040 EUR. Bitte an «iban» "
          "(BIC «bic») überweisen, Verwendungszweck «ref».",
    "fr": "Facture QB-INV-«k» de «n» <«e»> : 12 jours x 420 EUR = 5 040 EUR. Virement sur «iban} "
          "(BIC «bic»), référence «ref».",
    "es": "Factura QB-INV-«k» de «n» <«e»>: 12 días x 420 EUR = 5.040 EUR. Transferencia a «iban» "
          "(BIC «bic»), concepto «ref».",
    "pt": "Fatura QB-INV-«k» de «n» <«e»>: 12 dias x 420 EUR. Pagamento para «iban» (BIC «bic»), "
          "referência «ref».",
    "nl": "Factuur QB-INV-«k» van «n» <«e»>: 12 dagen x 420 EUR. Graag overmaken naar «iban» "
          "(BIC «bic»), kenmerk «ref».",
    "el": "Τιμολόγιο QB-INV-«k» από «n» <«e»>: 12 ημέρες x 420 EUR. Πληρωμή στο «iban» "
          "(BIC «bic»), αιτιολογία «ref».",
}


@T(5)
def contractor_invoice(g):
    lang = g.pick(sorted(INVOICE))
    o = g.outsider(lang if lang != "en" else None, iban=True)
    tpl = INVOICE[lang].replace("«iban}", "«iban»")
    return fill(tpl, k=f"2024-{g.n(100, 999):04d}", n=oname(o), e=omail(o),
                iban=IB(g.iban(o["cc"])), bic=Look(BICS[o["cc"]], "BIC (bank identifier)"),
                ref=f"HT-AUDIO-{g.n(10, 99)}"), g.staff(1)


THREAD = {
    "en": ("Subject: Re: [QB-SUP-«k»] Double charge\n\nHi,\nI was charged twice for the «pack» on "
           "my card «card». Please refund the second charge.\n\nThanks,\n«n2»\n«ph»\n\n> On «d», "
           "Quillbeak Support <«sup»> wrote:\n> Could you send us the card number used and a "
           "phone number where we can reach you?"),
    "de": ("Betreff: AW: [QB-SUP-«k»] Doppelte Abbuchung\n\nHallo,\nder «pack» wurde zweimal von "
           "meiner Karte «card} abgebucht. Bitte erstatten Sie die zweite Zahlung.\n\nViele "
           "Grüße\n«n2»\nTel. «ph»\n\n> Am «d» schrieb Quillbeak Support <«sup»>:\n> Bitte "
           "nennen Sie uns die verwendete Kartennummer und eine Rückrufnummer."),
    "fr": ("Objet : RE: [QB-SUP-«k»] Double prélèvement\n\nBonjour,\nle «pack» a été prélevé deux "
           "fois sur ma carte «card». Merci de rembourser le second prélèvement.\n\nCordialement,\n"
           "«n2»\n«ph»\n\n> Le «d», Quillbeak Support <«sup»> a écrit :\n> Pourriez-vous nous "
           "indiquer le numéro de carte utilisé ?"),
    "es": ("Asunto: RE: [QB-SUP-«k»] Cobro duplicado\n\nHola:\nme han cobrado dos veces el «pack» "
           "en la tarjeta «card». Por favor, devolved el segundo cargo.\n\nUn saludo,\n«n2»\n«ph»"
           "\n\n> El «d», Quillbeak Support <«sup»> escribió:\n> ¿Nos puedes indicar el número "
           "de la tarjeta?"),
}


@T(6)
def refund_thread(g):
    lang = g.pick(sorted(THREAD))
    o = g.outsider(lang if g.r.random() < 0.7 else None)
    head = fill("From: «n» <«e»>\nTo: «sup»\n", n=oname(o), e=omail(o), sup=E("support@"
                                                                              "quillbeak.com"))
    body = fill(THREAD[lang].replace("«card}", "«card»"), k=str(g.n(10000, 99999)),
                pack=g.pick(PACKS), card=CC(g.card()), n2=oname(o), ph=PH(g.phone(o["cc"])),
                d=g.date(), sup=E("support@quillbeak.com"))
    return head + body, g.staff(1)


STAFF_NOTE = {
    "山田 花子": "«a»さん、«t»の件で確認をお願いします。ステージングDBの接続先は«ip»、パスワードは«pw»です"
              "（共有後に変更予定）。",
    "Kenji Watanabe": "«a»さん、決済サーバー（«ip»）のログを見てもらえますか？一時パスワード：«pw»",
    "김서연": "«a» 님, 결제 서버(«ip»)의 로그를 확인해 주세요. 관리자 비밀번호는 «pw»로 임시 변경했습니다.",
    "박지훈": "«a» 님, «t» 관련해서 빌드 서버 «ip» 접속 정보 공유드립니다. 계정 builder / 비밀번호 «pw»",
    "王伟": "@«a» 请帮忙看一下 «t»：支付回调来自 «ip»，测试库密码是 «pw»（用完请改掉）。",
    "Дмитрий Волков": "«a», посмотри, пожалуйста, «t}: запросы к API идут с «ip», пароль от "
                      "тестовой БД — «pw».",
    "Νίκος Παπαδόπουλος": "«a», μπορείς να δεις το «t}; Ο διακομιστής «ip» απορρίπτει τις "
                          "συνδέσεις. Ο νέος κωδικός του admin είναι «pw».",
    "Nguyễn Thị Lan": "«a» ơi, nhờ chị kiểm tra «t}: máy chủ «ip» trả về lỗi 502, mật khẩu tạm "
                      "thời là «pw».",
    "Ayşe Yılmaz": "«a», «t} için staging sunucusu «ip» yeniden başlatıldı. Geçici yönetici "
                   "şifresi: «pw»",
    "Marek Dvořák": "«a», prosím mrkni na «t}: server «ip» odmítá spojení, dočasné heslo je «pw».",
}


@T(10)
def staff_note(g):
    staff_note.i = getattr(staff_note, "i", -1) + 1
    who = sorted(STAFF_NOTE)[staff_note.i % len(STAFF_NOTE)]
    a = g.staff_named(who)
    tpl = STAFF_NOTE[who].replace("«t}", "«t»")
    return fill(tpl, a=name(a), t=ticket(g), ip=IP(g.pick([g.ip4priv(), g.ip4()])),
                pw=PW(g.password())), [a] + g.staff(1, exclude=[a])


@T(4)
def jira_refund_table(g):
    lead = g.pick(["Refunds approved in today's chargeback review:", "Manual refunds to process "
                   "(PSP batch failed):", "Duplicate charges after the store outage:"])
    pieces = [lead + "\n||Order||Player||Email||Card||Amount||\n"]
    for o in g.outsiders_k(g.n(2, 3)):
        pieces += [f"|QB-{g.n(1000000, 9999999)}|", oname(o), "|", omail(o), "|",
                   CC(g.card()), f"|{g.pick(['4.99', '19.99', '49.99', '99.99'])} "
                   f"{g.pick(['EUR', 'USD', 'GBP', 'BRL'])}|\n"]
    pieces.append(f"Approved by finance, see {ticket(g)}.")
    return pieces, g.staff(g.n(1, 2))


@T(4)
def creator_payout_csv(g):
    pieces = [f"Creator programme payouts {g.pick(['Q1', 'Q2', 'Q3', 'Q4'])} (SEPA batch "
              f"{g.n(100, 999)}), export for the bank portal:\n",
              "name;email;iban;amount;currency\n"]
    rows = g.outsiders_k(g.n(3, 4), iban=True)
    for i, o in enumerate(rows):
        pieces += [oname(o), ";", omail(o), ";", IB(g.iban(o["cc"], spaced=False)),
                   f";{g.n(80, 2400)},{g.n(0, 99):02d};EUR" + ("\n" if i < len(rows) - 1 else "")]
    return pieces, g.staff(1)


@T(3)
def people_url(g):
    a, b = g.staff(2)
    tpl = ("Reassigned to https://quillbeak.atlassian.net/jira/people/«a» (their queue is "
           "lighter this sprint); cc [~accountid:«b»] for the netcode side.")
    return fill(tpl, a=acct(a), b=acct(b)), [a, b]


@T(5)
def private_key_paste(g):
    kind = g.pick(["openssh", "ec", "rsa", "pkcs8", "openssh"])
    v = g.n(0, 2)
    if v == 0:
        return fill("Pasted by mistake in #hollowtide-build while debugging the deploy step; key "
                    "revoked on «d»:\n{code}\n«pk»\n{code}", d=g.date(), pk=PK(g.pem(kind))), \
            g.staff(1)
    if v == 1:
        key = g.pem(g.pick(["ec", "pkcs8", "rsa"]))
        return fill("Kubernetes secret for the relay TLS (from the Helm values):\n"
                    "relay:\n  tls:\n    key: |\n      «pk»\n    cert: |\n      «cert»",
                    pk=PK(key.replace("\n", "\n      ")),
                    cert=Look(g.cert().replace("\n", "\n      "), "certificate (public)")), \
            g.staff(1)
    return fill("Jenkins console, credential binding printed the key file:\n"
                "[Pipeline] sh\n+ cat /tmp/deploy_key\n«pk»\n[Pipeline] }", pk=PK(g.pem(kind))), \
        g.staff(1)


@T(3)
def service_account_json(g):
    project = g.pick(["quillbeak-prod", "hollowtide-analytics", "qb-crash-reports"])
    acct_name = g.pick(["hollowtide-ci", "bigquery-export", "crashlytics-reader"])
    tpl = ("GCP key file committed to the analytics repo:\n"
           "{\n"
           "  \"type\": \"service_account\",\n"
           "  \"project_id\": \"«proj»\",\n"
           "  \"private_key_id\": \"«kid»\",\n"
           "  \"private_key\": \"«pk»\\n\",\n"
           "  \"client_email\": \"«ce»\",\n"
           "  \"client_id\": \"«cid»\",\n"
           "  \"token_uri\": \"https://oauth2.googleapis.com/token\"\n"
           "}")
    return fill(tpl, proj=project, kid=Look(g.hexs(40), "private_key_id (key id)"),
                pk=PK(g.pem("pkcs8", nl="\\n")),
                ce=E(f"{acct_name}@{project}.iam.gserviceaccount.com"),
                cid=str(g.n(10 ** 20, 10 ** 21 - 1))), g.staff(1)


WIFI = {
    "en": "PAX West booth network: SSID QB-Booth-5G, WPA2 passphrase «pw». Staff laptops only. "
          "«a» has the router admin login (admin / «pw2»).",
    "de": "Gamescom-Stand: WLAN QB-Stand, WPA2-Schlüssel «pw». Nur für Team-Laptops. Den "
          "Router-Login (admin / «pw2») hat «a».",
    "ja": "東京ゲームショウのブースWi-Fi：SSID QB-TGS、パスワード «pw»。ルーターの管理者ログイン"
          "（admin / «pw2»）は«a»さんが管理しています。",
    "fr": "Stand Paris Games Week : Wi-Fi QB-Stand, clé WPA2 «pw». Réservé aux portables de "
          "l'équipe. «a» a l'accès admin du routeur (admin / «pw2»).",
}


@T(3)
def wifi_booth(g):
    lang = g.pick(sorted(WIFI))
    a = g.staff(1)[0]
    return fill(WIFI[lang], pw=PW(g.password("phrase")), pw2=PW(g.password()), a=name(a)), [a]


@T(3)
def twilio_sms_config(g):
    tpl = ("config/sms.yaml (2FA service):\n"
           "sms:\n"
           "  provider: twilio\n"
           "  api_key_sid: «sid»\n"
           "  api_key_secret: «sec»\n"
           "  from_number: \"«ph»\"\n"
           "  support_callback: \"«ph2»\"")
    return fill(tpl, sid=g.tok("twilio", "sid"), sec=g.tok("twilio", "secret"),
                ph=PH(g.e164(g.pick(["US", "GB", "DE"]))),
                ph2=PH(g.phone(g.pick(["GB", "FR", "CA"]), international=True))), g.staff(1)


@T(3)
def ipv6_ticket(g):
    tpl = ("Players on «isp» report rubber-banding since Tuesday. Affected client addresses from "
           "the relay logs: «a», «b» and «c». Relay node «relay» (eu-central-1b) shows 4% loss.")
    return fill(tpl, isp=g.pick(["Deutsche Telekom", "Free", "Vivo Fibra", "KT"]),
                a=IP(g.ip6()), b=IP(g.ip6()), c=IP(g.ip4()), relay=IP(g.ip4priv())), g.staff(1)


# Negatives: look-alikes only ---------------------------------------------------------------


def people_maybe(g):
    return g.staff(g.n(0, 2))


@T(6, negative=True)
def neg_versions(g):
    b4 = g.build4()
    tpl = ("Release notes draft - Hollowtide «v» (file version «b4», Steam build «sb»)\n"
           "* Unity 2022.3.42f1 -> 2022.3.51f1\n"
           "* FMOD 2.02.22, Wwise 2023.1.6.8555\n"
           "* Steamworks SDK 1.60, GameKit 1.0.4\n"
           "* Android targetSdk 34, minSdk 26; iOS 15.0+\n"
           "* Crash-free sessions on «prev»: 99.58% (goal >= 99.7%)")
    return fill(tpl, v=g.ver(), b4=b4, sb=str(g.n(14000000, 16999999)), prev=g.ver()), \
        people_maybe(g)


@T(4, negative=True)
def neg_git_log(g):
    lines = [f"{g.hexs(7)} {msg}" for msg in g.r.sample([
        "Bump netcode to 3.2.1", "Fix null ref in GuildRoster.OnEnable", "Merge pull request "
        f"#{g.n(2000, 6000)} from quillbeak/feature/ranked-decay", "Revert \"Enable GPU "
        "instancing on Switch\"", "Update localisation strings (pt-BR, ko-KR)", "CI: cache "
        "Library folder between runs", "Matchmaker: widen MMR window after 45s"], 5)]
    return [f"$ git log --oneline -5 release/{g.ver()}\n" + "\n".join(lines)
            + f"\n$ git rev-parse HEAD\n", Look(g.hexs(40), "git commit SHA")], people_maybe(g)


@T(5, negative=True)
def neg_trace_ids(g):
    lines = []
    for stamp in g.ts_seq(3):
        lines.append(f"{stamp} INFO  matchmaker request_id={g.uuid()} trace_id={g.hexs(32)} "
                     f"span_id={g.hexs(16)} queue=ranked-{g.pick(['eu', 'na', 'apac'])} "
                     f"wait_ms={g.n(100, 90000)} party_size={g.n(1, 5)}")
    return ["\n".join(lines)], people_maybe(g)


@T(6, negative=True)
def neg_gha_masked(g):
    v = g.n(0, 2)
    if v == 0:
        text = ("Run aws-actions/configure-aws-credentials@v4\n"
                "  with:\n"
                "    aws-access-key-id: ***\n"
                "    aws-secret-access-key: ***\n"
                f"    aws-region: {g.pick(['eu-west-1', 'us-east-2', 'ap-northeast-2'])}\n"
                f"    role-duration-seconds: {g.pick([900, 1800, 3600])}\n"
                f"Run #{g.n(1000, 9999)}, attempt {g.n(1, 3)}\n"
                "Run docker login ghcr.io -u *** -p ***\n"
                "Login Succeeded")
    elif v == 1:
        text = ("Run npm publish --access restricted\n"
                "  npm publish --access restricted\n"
                "  shell: /usr/bin/bash -e {0}\n"
                "  env:\n"
                "    NODE_AUTH_TOKEN: ***\n"
                "    NPM_CONFIG_USERCONFIG: /home/runner/work/_temp/.npmrc\n"
                f"npm notice Publishing to https://npm.pkg.github.com/ with tag latest\n"
                f"+ @quillbeak/hollowtide-sdk@{g.ver()}")
    else:
        text = (f"Job deploy-{g.pick(['eu', 'us', 'apac'])} (run {g.n(10000, 99999)})\n"
                "Run curl -sf -H \"Authorization: Bearer ***\" https://api.quillbeak.com/v1/deploys\n"
                "  env:\n"
                "    DEPLOY_TOKEN: ***\n"
                "    SLACK_WEBHOOK_URL: ***\n"
                f"{{\"deploy_id\":\"{g.uuid()}\",\"status\":\"queued\"}}\n"
                "Warning: Skip output 'token' since it may contain secret.")
    return [text], people_maybe(g)


@T(6, negative=True)
def neg_placeholders(g):
    v = g.n(0, 2)
    if v == 0:
        text = (f"h3. Running the stack locally ({ticket(g)})\n"
                "{code:bash}\n"
                "export DATABASE_URL=\"postgresql://<user>:<password>@localhost:5432/hollowtide\"\n"
                "export STRIPE_SECRET_KEY=${STRIPE_SECRET_KEY:?set it in .env.local}\n"
                "export OPENAI_API_KEY=<your-key-here>\n"
                "docker compose up -d postgres redis\n"
                "{code}\n"
                "Never commit .env.local; the template is .env.example.")
    elif v == 1:
        text = (f"# .env.example - copy to .env and fill in (updated {g.date()})\n"
                "DB_PASSWORD=\n"
                "REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379/0\n"
                "SENDGRID_API_KEY=SG.xxxxxxxxxxxxxxxxxxxxxx.yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy\n"
                "GITHUB_TOKEN={{ secrets.GITHUB_TOKEN }}\n"
                "JWT_SIGNING_KEY=REPLACE_ME")
    else:
        text = (f"values.yaml (chart defaults, hollowtide-{g.pick(['relay', 'api', 'store'])} "
                f"{g.ver()}):\n"
                "postgresql:\n"
                "  auth:\n"
                "    username: hollowtide\n"
                "    existingSecret: hollowtide-db\n"
                "    secretKeys:\n"
                "      userPasswordKey: password\n"
                "redis:\n"
                "  auth:\n"
                "    password: \"{{ .Values.global.redisPassword }}\"\n"
                "stripe:\n"
                "  secretKey: \"sk_live_xxxxxxxxxxxxxxxxxxxxxxxx\"   # placeholder, injected by "
                "ExternalSecrets")
    return [Look(text, "placeholders and variable references, no real secret")], \
        people_maybe(g)


@T(5, negative=True)
def neg_masked(g):
    last4 = g.digits(4)
    v = g.n(0, 2)
    if v == 0:
        text = (f"Support macro check: the tool now shows the card as •••• •••• •••• {last4} "
                f"and the payout account as DE•• •••• •••• •••• ••{g.digits(2)} {g.digits(2)}; "
                f"the Stripe key in the admin page is rendered sk_live_…{g.chars(ALNUM, 4)}. "
                "Good.")
    elif v == 1:
        text = (f"Chargeback CB-{g.n(10000, 99999)}: card {g.pick(['4', '5'])}{g.digits(5)}"
                f"******{last4}, 3DS frictionless, ECI 05, amount 49.99 EUR, reason code 10.4.")
    else:
        text = (f"Log after the masking fix: player=pl_{g.hexs(12)} email=j***@g****.com "
                f"phone=+49 *** ****{g.digits(3)} ip=xxx.xxx.xxx.{g.n(1, 254)} token=[REDACTED] "
                "password=********")
    return [Look(text, "masked value")], people_maybe(g)


@T(2, negative=True)
def neg_aws_example(g):
    neg_aws_example.i = getattr(neg_aws_example, "i", -1) + 1
    if neg_aws_example.i % 2 == 0:
        text = ("From the AWS docs, for the onboarding page only - these are the documented "
                f"example values, not ours:\n[default]\naws_access_key_id = {AWS_EXAMPLE_ID}\n"
                f"aws_secret_access_key = {AWS_EXAMPLE_SECRET}")
    else:
        text = ("Unit test fixture for the secret scanner (tests/fixtures/aws_example.env), uses "
                f"the AWS documentation pair:\nAWS_ACCESS_KEY_ID={AWS_EXAMPLE_ID}\n"
                f"AWS_SECRET_ACCESS_KEY={AWS_EXAMPLE_SECRET}\nExpected: flagged as example, "
                f"not as a leak (see {ticket(g)}).")
    return [Look(text, "AWS documentation example key pair")], people_maybe(g)


@T(5, negative=True)
def neg_times_ports(g):
    tpl = (f"Soak test {g.date()}: {g.n(8, 72)}h run, p50 {g.n(20, 60)} ms, p99 {g.n(120, 400)} "
           f"ms, peak {g.n(1000, 9000)} CCU per shard. Game servers listen on UDP "
           f"{g.n(7000, 7999)}-{g.n(8000, 8100)}, metrics on :9102, admin on :8443. GC pauses "
           f"max {g.n(2, 40)}.{g.n(100, 999)}ms; uptime {g.n(1, 30)}d {g.clock()}. Next window "
           f"{g.date()} {g.clock()[:5]}-{g.clock()[:5]} UTC.")
    return [tpl], people_maybe(g)


@T(5, negative=True)
def neg_orders(g):
    ups = "1Z" + g.chars(string.ascii_uppercase + DIGITS, 6) + g.digits(10)
    tpl = (f"Merch order #QB-{g.n(10000, 99999)} (Shopify order {g.n(5000, 6999)}) shipped "
           f"{g.date()} via UPS {ups}; invoice INV-2024-{g.n(100, 999):05d}, PO "
           f"{g.nonluhn(10, '45')}. Replacement hoodie SKU HT-HOOD-{g.pick(['S', 'M', 'L'])}-"
           f"{g.n(100, 999)}, RMA {g.n(100000, 999999)}, DHL {g.nonluhn(10)}.")
    return [tpl], people_maybe(g)


def isbn13(g):
    body = "978" + g.digits(9)
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


@T(4, negative=True)
def neg_isbn_coords(g):
    isbn = isbn13(g)
    isbn_h = f"{isbn[:3]}-{isbn[3]}-{isbn[4:8]}-{isbn[8:12]}-{isbn[12]}"
    return ["Art book \"The Art of Hollowtide\": ISBN ", Look(isbn_h, "ISBN-13"),
            ", 248 pages. Launch event at the Helsinki office (60.1699° N, 24.9384° E). "
            "Palette for the cover: #2B1D3A, #F2C14E, #1E90FF, rgb(18, 52, 86). Print run "
            f"{g.n(2, 9)},000 copies."], people_maybe(g)


@T(6, negative=True)
def neg_public_keys(g):
    v = g.n(0, 2)
    if v == 0:
        pieces = ["Deploy keys registered on the repo (public halves, fine to share):\n",
                  Look(g.ssh_pub() + " ci@hollowtide-runner-" + str(g.n(1, 9)),
                       "SSH public key"), "\n",
                  Look(g.ssh_pub() + " release-signing-2024", "SSH public key")]
    elif v == 1:
        pieces = ["Relay TLS chain (leaf cert, for the pinning ticket):\n",
                  Look(g.cert(), "certificate (public)")]
    else:
        pieces = ["JWT verification key for the store service (public):\n",
                  Look(g.pubkey(), "public key")]
    return pieces, people_maybe(g)


@T(3, negative=True)
def neg_nonluhn(g):
    a = g.nonluhn(16, "4")
    b = g.nonluhn(16, "5")
    fa = " ".join(a[i:i + 4] for i in range(0, 16, 4))
    text = (f"QA for the checkout form: {fa} and {b} must be rejected client-side (both fail the "
            f"Luhn check); confirmed on build {g.ver()}, error shown: \"Card number is invalid\".")
    return [Look(text, "16-digit numbers failing Luhn (not card numbers)")], people_maybe(g)


@T(4, negative=True)
def neg_terraform_plan(g):
    tpl = ("Terraform will perform the following actions:\n\n"
           "  # aws_db_instance.leaderboards will be updated in-place\n"
           "  ~ resource \"aws_db_instance\" \"leaderboards\" {\n"
           f"        id                  = \"db-{g.chars(string.ascii_uppercase + DIGITS, 26)}\"\n"
           "      ~ instance_class      = \"db.r6g.large\" -> \"db.r6g.xlarge\"\n"
           "      ~ password            = (sensitive value)\n"
           "        tags                = {\n"
           "            \"team\" = \"liveops\"\n"
           "        }\n"
           "    }\n\n"
           "  # random_password.redis will be created\n"
           "  + resource \"random_password\" \"redis\" {\n"
           "      + result  = (sensitive value)\n"
           "      + length  = 32\n"
           "    }\n\n"
           "Plan: 1 to add, 1 to change, 0 to destroy.")
    return [tpl], people_maybe(g)


@T(4, negative=True)
def neg_crash_dump(g):
    tpl = (f"Unhandled exception: EXCEPTION_ACCESS_VIOLATION (0xC0000005) at 0x00007FF6{g.hexs(8).upper()}\n"
           f"Thread 0x{g.hexs(4)} (RenderThread)\n"
           f"  #0 0x00007ff6{g.hexs(8)} in Hollowtide.exe!TerrainStreamer::Evict+0x{g.hexs(3)}\n"
           f"  #1 0x00007ff6{g.hexs(8)} in Hollowtide.exe!JobSystem::Run+0x{g.hexs(2)}\n"
           f"  #2 0x00007ffd{g.hexs(8)} in KERNEL32.DLL!BaseThreadInitThunk+0x14\n"
           f"Module Hollowtide.exe {g.ver()} checksum {g.hexs(8).upper()} "
           f"PDB GUID {{{g.uuid().upper()}}}")
    return [tpl], people_maybe(g)


@T(8, negative=True)
def neg_jira_prose(g):
    v = g.n(0, 3)
    if v == 0:
        text = ("h2. Sprint " + str(g.n(30, 60)) + " review\n"
                "||Story||Points||Status||\n"
                f"|{ticket(g)} Matchmaking backfill|5|(/) Done|\n"
                f"|{ticket(g)} Guild chat moderation queue|8|(/) Done|\n"
                f"|{ticket(g)} Replay compression v2|13|(x) Carried over|\n"
                "Velocity: 26 / 34 committed. Demo recording in the team channel.")
    elif v == 1:
        text = (f"Repro on {g.ver()}: start a ranked match, alt-tab during the loading screen, "
                "come back after ~20s. The HUD stays black until the next round. Happens on "
                "DX12 only; Vulkan and DX11 are fine. Attached: dxdiag.txt, "
                f"Player-{g.n(1000, 9999)}.log, {g.uuid()}.dmp")
    elif v == 2:
        text = ("{color:#de350b}*Blocker*{color} for the console cert submission: TRC R4051 "
                "(suspend/resume) fails 2 out of 10 runs. See [TRC checklist|https://quillbeak."
                f"atlassian.net/wiki/spaces/CERT/pages/{g.n(100000000, 999999999)}] and {ticket(g)}.")
    else:
        text = (f"Balance pass for season {g.n(3, 9)}: Tidecaller harpoon damage 42 -> 38, "
                "cooldown 6.5s -> 7s; Emberleaf shield 300 -> 320 HP. Win rates (Diamond+): "
                "Tidecaller 54.1%, Emberleaf 47.9%. Ship in the next hotfix.")
    return [text], people_maybe(g)


@T(5, negative=True)
def neg_confluence_checklist(g):
    text = (f"Release checklist - {g.ver()}\n"
            "1. Freeze main at 18:00 CET, tag rc1\n"
            "2. Smoke test on the certification kits (PS5 devkit, Xbox Series dev mode, Switch "
            "SDEV)\n"
            "3. Upload symbols (Backtrace + Sentry), check the dSYM count\n"
            "4. Steam: set the beta branch password in Steamworks (not here!), push to "
            "'public' after QA sign-off\n"
            "5. Post the patch notes in all 12 locales\n"
            f"Owner: Release Management team. Last run took {g.n(3, 9)}h {g.n(0, 59)}m.")
    return [text], people_maybe(g)


@T(6, negative=True)
def neg_http_clean(g):
    v = g.n(0, 1)
    if v == 0:
        text = ("GET /healthz HTTP/1.1\n"
                "Host: 127.0.0.1:8080\n"
                "User-Agent: kube-probe/1.29\n"
                "Authorization: Bearer ***\n\n"
                "HTTP/1.1 200 OK\n"
                f"ETag: W/\"{g.hexs(16)}\"\n"
                f"X-Request-Id: {g.uuid()}\n"
                "Content-Length: 15\n\n"
                "{\"status\":\"ok\"}")
    else:
        text = ("$ curl -sI https://cdn.hollowtide.quillbeak.com/patches/" + g.ver() + "/manifest.json\n"
                "HTTP/2 200\n"
                "content-type: application/json\n"
                f"content-length: {g.n(10000, 99999)}\n"
                f"etag: \"{g.hexs(32)}\"\n"
                "cache-control: public, max-age=300\n"
                f"x-amz-cf-id: {g.chars(B64URL, 56)}==\n"
                "age: 112")
    return [text], people_maybe(g)


@T(5, negative=True)
def neg_json_logs_clean(g):
    t = g.ts_seq(3)
    lines = [f"{{\"ts\":\"{t[0]}\",\"level\":\"info\",\"svc\":\"gateway\",\"msg\":\"listening\","
             f"\"bind\":\"0.0.0.0:{g.n(7000, 9000)}\",\"admin\":\"127.0.0.1:9901\"}}",
             f"{{\"ts\":\"{t[1]}\",\"level\":\"info\",\"route\":\"/v2/matchmaking\",\"p99_ms\":"
             f"{g.n(100, 400)},\"rps\":{g.n(100, 5000)},\"pod\":\"matchmaker-{g.hexs(10)}-"
             f"{g.chars(string.ascii_lowercase + DIGITS, 5)}\"}}",
             f"{{\"ts\":\"{t[2]}\",\"level\":\"debug\",\"peer\":\"[::1]:{g.n(40000, 60000)}\","
             f"\"msg\":\"grpc health check ok\"}}"]
    return ["\n".join(lines)], people_maybe(g)


@T(5, negative=True)
def neg_shell_clean(g):
    text = (f"$ kubectl -n game-servers get pods -l app=relay\n"
            "NAME                     READY   STATUS    RESTARTS   AGE\n"
            f"relay-{g.hexs(9)}-{g.chars(string.ascii_lowercase, 5)}   1/1     Running   0          "
            f"{g.n(2, 20)}d\n"
            f"relay-{g.hexs(9)}-{g.chars(string.ascii_lowercase, 5)}   1/1     Running   1          "
            f"{g.n(2, 20)}d\n"
            "$ docker build -t registry.quillbeak.dev/hollowtide/relay:" + g.ver() + " .\n"
            f" => => writing image sha256:{g.hexs(64)}\n"
            "$ echo \"$REGISTRY_PASSWORD\" | docker login registry.quillbeak.dev -u ci "
            "--password-stdin\nLogin Succeeded")
    return [text], people_maybe(g)


@T(5, negative=True)
def neg_cred_files_placeholder(g):
    v = g.n(0, 3)
    if v == 0:
        text = (f"# .npmrc committed to the repo in {g.hexs(7)} (token comes from CI)\n"
                "@quillbeak:registry=https://npm.pkg.github.com/\n"
                "//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}\n"
                "//registry.npmjs.org/:_authToken=${NPM_TOKEN}")
    elif v == 1:
        text = (f"~/.pypirc template from the {ticket(g)} runbook:\n"
                "[pypi]\nusername = __token__\npassword = <paste your pypi- token here>\n\n"
                "[internal]\nrepository = https://pypi.quillbeak.dev/simple/\n"
                "username = %(PYPI_USER)s\npassword = %(PYPI_PASSWORD)s")
    elif v == 2:
        cluster = g.pick(["hollowtide-prod", "hollowtide-staging", "qb-tools"])
        text = (f"users:\n- name: eks-{cluster}\n  user:\n    exec:\n"
                "      apiVersion: client.authentication.k8s.io/v1beta1\n"
                "      command: aws\n"
                f"      args: [\"eks\", \"get-token\", \"--cluster-name\", \"{cluster}\"]\n"
                "      interactiveMode: IfAvailable")
    else:
        text = (f"~/.docker/config.json on runner-{g.n(1, 40)} after the fix:\n"
                "{\n  \"auths\": {\n    \"registry.quillbeak.dev\": {},\n    \"ghcr.io\": {}\n  },\n"
                "  \"credsStore\": \"desktop\",\n  \"currentContext\": \"default\"\n}")
    return [Look(text, "credential file without a secret")], people_maybe(g)


PATCH_NOTES = {
    "de": "Patch {v}: Absturz beim Laden von Spielständen behoben, Matchmaking-Wartezeit um 18 % "
          "verkürzt, Server-Tickrate auf 60 Hz erhöht. Downloadgröße: 1,4 GB.",
    "fr": "Correctif {v} : correction du crash au chargement des sauvegardes, temps d'attente "
          "réduit de 18 %, fréquence serveur passée à 60 Hz. Taille : 1,4 Go.",
    "es": "Parche {v}: corregido el cierre al cargar partidas, espera de emparejamiento un 18 % "
          "menor, servidores a 60 Hz. Tamaño de la descarga: 1,4 GB.",
    "pt": "Atualização {v}: corrigido o travamento ao carregar jogos salvos, fila 18% mais rápida "
          "e servidores a 60 Hz. Tamanho: 1,4 GB.",
    "it": "Patch {v}: risolto il crash al caricamento dei salvataggi, attesa del matchmaking "
          "ridotta del 18%, server a 60 Hz. Dimensione: 1,4 GB.",
    "pl": "Łatka {v}: naprawiono awarię przy wczytywaniu zapisów, czas oczekiwania krótszy o 18%, "
          "serwery działają z częstotliwością 60 Hz. Rozmiar: 1,4 GB.",
    "ja": "パッチ{v}：セーブデータ読み込み時のクラッシュを修正、マッチング待ち時間を18%短縮、"
          "サーバーのティックレートを60Hzに変更。ダウンロードサイズ：1.4GB。",
    "ko": "패치 {v}: 저장 데이터 불러오기 중 충돌 수정, 매칭 대기 시간 18% 단축, 서버 틱레이트 60Hz로 상향. "
          "다운로드 용량: 1.4GB.",
    "zh": "{v} 版本更新：修复读取存档时崩溃的问题，匹配等待时间缩短 18%，服务器刷新率提升至 60Hz。"
          "下载大小：1.4GB。",
    "ru": "Патч {v}: исправлен вылет при загрузке сохранений, время поиска матча сокращено на 18 %, "
          "частота сервера — 60 Гц. Размер загрузки: 1,4 ГБ.",
    "tr": "Yama {v}: kayıt yüklerken oluşan çökme giderildi, eşleştirme süresi %18 kısaldı, "
          "sunucular 60 Hz'e çıkarıldı. İndirme boyutu: 1,4 GB.",
    "el": "Ενημέρωση {v}: διορθώθηκε το κρασάρισμα κατά τη φόρτωση αποθηκεύσεων, μείωση αναμονής "
          "κατά 18%, διακομιστές στα 60 Hz. Μέγεθος: 1,4 GB.",
    "sv": "Patch {v}: krasch vid laddning av sparfiler åtgärdad, 18 % kortare kötid, servrar på "
          "60 Hz. Nedladdningsstorlek: 1,4 GB.",
    "nl": "Patch {v}: crash bij het laden van savegames opgelost, 18% kortere wachttijd, servers "
          "op 60 Hz. Downloadgrootte: 1,4 GB.",
}


@T(10, negative=True)
def neg_patch_notes(g):
    langs = sorted(PATCH_NOTES)
    neg_patch_notes.i = getattr(neg_patch_notes, "i", -1) + 1
    lang = langs[neg_patch_notes.i * 3 % len(langs)]
    return [PATCH_NOTES[lang].replace("{v}", g.ver())], people_maybe(g)


@T(4, negative=True)
def neg_numbers(g):
    text = (f"Weekend stats: {g.n(1, 3)} {g.n(100, 999)} {g.n(100, 999)} unique players, peak "
            f"CCU {g.n(100, 400)},{g.n(100, 999)}; Steam AppID {g.n(2000000, 2999999)}; "
            f"event epoch {g.nonluhn(13, '17')} ms; PS5 error CE-{g.n(100000, 999999)}-"
            f"{g.n(0, 9)} reported {g.n(10, 90)} times; Xbox 0x87e1{g.hexs(4)}; "
            f"build hash {g.hexs(12)}.")
    return [text], people_maybe(g)


@T(3, negative=True)
def neg_ip_like(g):
    b4 = g.build4()
    text = ["SNMP OID for the relay health metric is ",
            Look("1.3.6.1.4.1." + str(g.n(30000, 60000)) + ".1.2", "SNMP OID"),
            "; the launcher reports the game's file version as ", b4,
            f" and the driver as 31.0.15.{g.n(1000, 5999)}. Bind address stays 0.0.0.0, "
            "health checks from ::1 and 127.0.0.1 only."]
    return text, people_maybe(g)


@T(3, negative=True)
def neg_hashes(g):
    text = (f"Artifact checksums for {g.ver()}:\n"
            f"sha256  {g.hexs(64)}  Hollowtide-win64.zip\n"
            f"sha256  {g.hexs(64)}  Hollowtide-linux.tar.gz\n"
            f"md5     {g.hexs(32)}  symbols.zip\n"
            f"Image: registry.quillbeak.dev/hollowtide/relay@sha256:{g.hexs(64)}")
    return [text], people_maybe(g)


# --- assembly and validation ---------------------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
VENDOR_RE = {
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "slack": r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-"
             r"[0-9a-f]{32}|https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,11}/"
             r"[A-Za-z0-9]{24}",
    "stripe": r"(sk|rk)_live_[A-Za-z0-9]{24,99}|whsec_[A-Za-z0-9]{32}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "twilio": r"SK[0-9a-f]{32}|[0-9a-f]{32}|[A-Za-z0-9]{32}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{100,}=[0-9A-F]{8}",
    "shopify": r"shp(at|ca|ss|pa)_[0-9a-f]{32}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "aws": r"(AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9+/]{40}",
    "hashicorp": r"hvs\.[A-Za-z0-9_-]{90}",
}
# Secret shapes that must never be left unlabeled outside a Look.
SECRET_SCAN = re.compile("|".join([
    r"gh[pousr]_[A-Za-z0-9]{20,}", r"github_pat_\w{20,}", r"glpat-[\w-]{20}",
    r"xox[abpr]-[\w-]{10,}", r"hooks\.slack\.com/services/T\w+", r"(?:sk|rk)_live_[A-Za-z0-9]{10,}",
    r"whsec_\w{10,}", r"SG\.[\w-]{20,}\.[\w-]{20,}", r"sk-(?:proj|ant)-[\w-]{20,}",
    r"AIza[\w-]{30,}", r"npm_[A-Za-z0-9]{30,}", r"pypi-AgE[\w-]{20,}", r"ATATT[\w-]{20,}",
    r"shp(?:at|ca|ss|pa)_[0-9a-f]{20,}", r"hf_[A-Za-z]{30,}", r"dop_v1_[0-9a-f]{20,}",
    r"AccountKey=[A-Za-z0-9+/]{20,}", r"\b(?:AKIA|ASIA)[A-Z2-7]{16}\b", r"hvs\.[\w-]{20,}",
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----", r"eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+", r"\bSK[0-9a-f]{32}\b",
    r"://[^\s/:@\x00]*:[^\s/@\x00]+@",
]))
IPV4_SCAN = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")
IPV6_SCAN = re.compile(r"(?<![\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\w:])")
CARD_SCAN = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
IBAN_SCAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
PLACEHOLDER = re.compile(r"\$\{|<[a-z-]+>|\*\*\*|xxxx|REPLACE|changeme|EXAMPLE", re.I)


class Invalid(Exception):
    pass


def assemble(pieces):
    """Text, spans as (kind, char start, char end) and looks as (char start, char end, why)."""
    text, spans, looks, pos = [], [], [], 0
    for piece in pieces:
        if isinstance(piece, Look):
            value = piece.value
            looks.append((pos, pos + len(value), piece.why))
        elif isinstance(piece, tuple):
            kind, value = piece
            spans.append((kind, pos, pos + len(value)))
        elif isinstance(piece, str):
            value = piece
        else:
            raise Invalid(f"bad piece {piece!r}")
        text.append(value)
        pos += len(value)
    return "".join(text), spans, looks


def script_part(part):
    return any(ord(ch) > 0x2E80 for ch in part)


def name_parts():
    """Parts of every roster name a text may not show outside a person span."""
    parts = set()
    for full in [s[0] for s in STAFF] + [o[0] for o in OUTSIDERS]:
        for part in full.split():
            if script_part(part) or (len(part) >= 3 and part[0].isupper()):
                parts.add(part)
    return sorted(parts)


NAME_PARTS = name_parts()
OUTSIDER_BY_NAME = {o[0]: o for o in OUTSIDERS}


def check_value(kind, value, people_emails):
    """Raises Invalid when `value` is not a well-formed value of `kind`."""
    if value != value.strip() or not value:
        raise Invalid(f"{kind} span with surrounding whitespace: {value!r}")
    if "\n" in value and kind not in ("private_key",):
        raise Invalid(f"{kind} span across lines: {value!r}")
    if kind == "email":
        if not EMAIL_RE.fullmatch(value) or value in people_emails:
            raise Invalid(f"bad email {value!r}")
    elif kind == "phone":
        digits = re.sub(r"\D", "", value)
        if not re.fullmatch(r"\+?[\d ()\-]+", value) or not 8 <= len(digits) <= 15 \
                or value[-1] in " -(":
            raise Invalid(f"bad phone {value!r}")
    elif kind == "ip_address":
        addr = ipaddress.ip_address(value)
        if addr.is_loopback or addr.is_unspecified or addr.is_link_local or addr.is_multicast:
            raise Invalid(f"ip that must stay unlabeled: {value}")
        if isinstance(addr, ipaddress.IPv6Address) and addr in ipaddress.ip_network("2001:db8::/32"):
            raise Invalid(f"documentation ip {value}")
        for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"):
            if isinstance(addr, ipaddress.IPv4Address) and addr in ipaddress.ip_network(net):
                raise Invalid(f"documentation ip {value}")
    elif kind == "credit_card":
        if not re.fullmatch(r"\d+(?:([ -])\d+)*", value) or len({c for c in value
                                                                 if not c.isdigit()}) > 1:
            raise Invalid(f"bad card format {value!r}")
        digits = re.sub(r"\D", "", value)
        if not 13 <= len(digits) <= 19 or not luhn_ok(digits) or digits in TEST_CARDS:
            raise Invalid(f"bad card {value!r}")
    elif kind == "iban":
        compact = value.replace(" ", "")
        if compact[:2] not in IBANS or not iban_valid(value):
            raise Invalid(f"bad iban {value!r}")
        subs, fmt = IBANS[compact[:2]]
        expected = len(re.sub(r"\{\w\}", "XXXX", fmt)) + 4
        if len(compact) != expected:
            raise Invalid(f"iban length {value!r}")
    elif kind == "password":
        if re.search(r"\s", value) or value[0] in "\"'<$" or value[-1] in "\"'>" \
                or len(value) < 8 or PLACEHOLDER.search(value):
            raise Invalid(f"bad password {value!r}")
    elif kind == "url_credentials":
        if ":" not in value or "@" in value or "/" in value:
            raise Invalid(f"bad url_credentials {value!r}")
    elif kind == "private_key":
        if not (value.startswith("-----BEGIN ") and value.endswith("-----")
                and "PRIVATE KEY-----" in value and "-----END " in value):
            raise Invalid("bad private key")
    elif kind == "jwt":
        parts = value.split(".")
        if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_-]+", p) for p in parts):
            raise Invalid(f"bad jwt {value[:30]}")
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        if "alg" not in header:
            raise Invalid("jwt header without alg")
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if vendor not in VENDORS or not re.fullmatch(VENDOR_RE[vendor], value):
            raise Invalid(f"bad {kind} {value[:40]!r}")
        if AWS_EXAMPLE_ID in value or "EXAMPLE" in value:
            raise Invalid("documented example key labelled")
    elif kind != "person":
        raise Invalid(f"unknown kind {kind}")


def occurrences(text, needle):
    start = text.find(needle)
    while start >= 0:
        yield start, start + len(needle)
        start = text.find(needle, start + 1)


def validate(text, spans, looks, people):
    """Raises Invalid on any violation of the conventions."""
    data = text.encode()
    byte_spans = []
    previous_end = -1
    for kind, start, end in spans:
        if start < previous_end:
            raise Invalid("overlapping or unsorted spans")
        previous_end = end
        value = text[start:end]
        b0, b1 = len(text[:start].encode()), len(text[:end].encode())
        if data[b0:b1].decode() != value:
            raise Invalid("byte offsets do not round-trip")
        byte_spans.append({"kind": kind, "start": b0, "end": b1})
    people_emails = {p["email"] for p in people}
    if len({p["display_name"] for p in people}) != len(people):
        raise Invalid("duplicate people")
    labelled = {(s, e): k for k, s, e in spans}
    values = [(k, text[s:e]) for k, s, e in spans]
    for kind, value in values:
        check_value(kind, value, people_emails)
    # people: every occurrence of a listed person's name, address or id is a person span
    listed = {v for p in people for v in (p["display_name"], p["email"], p["account_id"])}
    for p in people:
        for field in ("display_name", "email", "account_id"):
            for s, e in occurrences(text, p[field]):
                if labelled.get((s, e)) != "person":
                    raise Invalid(f"unlabelled mention of {p[field]!r}")
    email_values = {v for k, v in values if k == "email"}
    for kind, value in values:
        if kind == "person" and value not in listed:
            o = OUTSIDER_BY_NAME.get(value)
            if not o or o[1] not in email_values:
                raise Invalid(f"person {value!r} neither listed nor beside their address")
    for name_, address, _, _ in OUTSIDERS:
        for needle, kind in ((name_, "person"), (address, "email")):
            for s, e in occurrences(text, needle):
                if labelled.get((s, e)) != kind:
                    raise Invalid(f"unlabelled or mislabelled {needle!r}")
    for value in email_values:
        for s, e in occurrences(text, value):
            if labelled.get((s, e)) != "email":
                raise Invalid(f"address {value!r} labelled only in part of its occurrences")
    if spans and (AWS_EXAMPLE_ID in text or AWS_EXAMPLE_SECRET in text):
        raise Invalid("AWS example keys on a positive line")
    # what is neither labelled nor a declared look-alike
    masked = list(text)
    for _, s, e in spans:
        masked[s:e] = "\x00" * (e - s)
    for s, e, _ in looks:
        masked[s:e] = "\x00" * (e - s)
    rest = "".join(masked)
    for part in NAME_PARTS:
        pattern = re.escape(part) if script_part(part) else r"(?<!\w)" + re.escape(part) + r"(?!\w)"
        if re.search(pattern, rest):
            raise Invalid(f"name part {part!r} outside a person span")
    checks = [(EMAIL_RE, lambda m: True, "address"),
              (SECRET_SCAN, lambda m: True, "secret shape"),
              (IPV4_SCAN, lambda m: ipv4_labelable(m.group()), "IPv4 address"),
              (IPV6_SCAN, lambda m: ipv6_labelable(m.group()), "IPv6 address"),
              (CARD_SCAN, lambda m: luhn_ok(re.sub(r"\D", "", m.group())), "Luhn-valid number"),
              (IBAN_SCAN, lambda m: iban_valid(m.group()), "valid IBAN")]
    for regex, bad, what in checks:
        for m in regex.finditer(rest):
            if bad(m):
                raise Invalid(f"unlabelled {what}: {m.group()!r}")
    return byte_spans


def ipv4_labelable(s):
    try:
        addr = ipaddress.IPv4Address(s)
    except ValueError:
        return False
    return not (addr.is_loopback or addr.is_unspecified)


def ipv6_labelable(s):
    try:
        addr = ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return not (addr.is_loopback or addr.is_unspecified)


# --- main ----------------------------------------------------------------------------------


def build():
    g = G(SEED)
    lines = []
    for function, count, negative in TEMPLATES:
        for i in range(count):
            pieces, people = function(g)
            text, spans, looks = assemble(pieces)
            where = f"{function.__name__} #{i + 1}"
            try:
                byte_spans = validate(text, spans, looks, people)
            except (Invalid, ValueError) as error:
                sys.exit(f"heldout5: {where}: {error}\n---\n{text}\n---")
            if negative and spans:
                sys.exit(f"heldout5: {where}: negative template produced spans")
            if not negative and not spans:
                sys.exit(f"heldout5: {where}: positive template produced no spans")
            people = [{k: p[k] for k in ("display_name", "email", "account_id")} for p in people]
            lines.append({"text": text, "people": people, "spans": byte_spans,
                          "_looks": [(text[s:e], why) for s, e, why in looks],
                          "_template": function.__name__})
    texts = [line["text"] for line in lines]
    if len(set(texts)) != len(texts):
        dup = Counter(texts).most_common(1)[0][0]
        sys.exit(f"heldout5: duplicate text: {dup[:80]!r}")
    random.Random(ORDER_SEED).shuffle(lines)
    for i, line in enumerate(lines, 1):
        line["id"] = f"{PREFIX}-{i:05d}"
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true",
                        help="also list the look-alikes left unlabeled on purpose")
    args = parser.parse_args()
    lines = build()
    with open(OUT, "w", encoding="utf-8") as out:
        for line in lines:
            record = {"id": line["id"], "text": line["text"], "people": line["people"],
                      "spans": line["spans"]}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for line in lines for s in line["spans"])
    negatives = sum(1 for line in lines if not line["spans"])
    print(f"wrote {OUT.name}: {len(lines)} lines, {sum(kinds.values())} spans, "
          f"{negatives} negative lines")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<26}{count:>5}")
    if args.lint:
        print("\nLook-alikes left unlabeled on purpose:")
        for line in lines:
            for value, why in line["_looks"]:
                shown = value if len(value) <= 100 else value[:97] + "..."
                print(f"  {line['id']} ({why}): {shown!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
