#!/usr/bin/env python3
"""Writes heldout14.jsonl: a fourteenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional hotel, resort and hospitality group holds ("Orlavea Hospitality
Group", OHG: Orlavea Hotels & Resorts with properties in Lisbon, Palermo, Jaca, Edinburgh, the
High Tatras, Chișinău, Sochi, Ulan-Ude, Dubai, Goa, Kolkata, Kathmandu, Accra, Hazyview, Clark,
Rarotonga, Singapore, New York and Amsterdam; the loyalty programme Orlavea Circle; the
property-management system "Stayline", the point-of-sale system "Tillory", the door-lock encoders
"KeyNest", the self-check-in kiosks "Arrivo", the restaurant-reservation tool "TableWell", the spa
brand Thermea by Orlavea, the ferry arm Orlavea Isles Ferries (Palermo – Aeolian Islands) and
Orlavea Casino Sochi; made-up domains orlavea.com and ohg.internal, third parties only under
reserved example names: example.com / .net / .org and their subdomains, mail.example,
inbox.example, post.example, correo.example, channelhub.example, ota.example, acquirer.example,
...): guest complaint and reservation tickets (Jira fields, watchers, `@` and `[~accountid:...]`
mentions, wiki tables of late check-outs), reservation changes, Stayline / Tillory / KeyNest /
Arrivo configs (YAML values, INI, .env, docker-compose, kiosk JSON, Kubernetes Secrets),
channel-manager and OTA API credentials (curl with `-u` and a bearer JWT, Postman environments, CI
logs, Terraform tfvars, `vault kv get`, Python and Node snippets), e-mails with full headers
(Return-Path, Received, From / To / Cc, Message-ID), quoted replies and signatures, card payments,
chargebacks and refunds (prose, a payment terminal's debug log, a chargeback CSV, ISO 20022
CstmrCdtTrfInitn XML), guest registration CSVs and group rooming lists (wiki tables), staff
onboarding and payroll IBAN changes, emergency contacts, a US contractor's W-9, Wi-Fi (hostapd,
UniFi, prose), network and device logs (DHCP, RADIUS, IPv4 / IPv6 firewall drops, impossible-
travel alerts, MAC addresses), JWTs (cookies, token responses, curl), private keys (RSA, PKCS#8,
EC, OpenSSH, a GCP service-account JSON), URL credentials of eleven schemes (amqps, postgresql,
mysql, mongodb+srv, smtp / smtps, ftp, sftp, rtsp, https, redis / rediss, mqtt), cloud keys (AWS
credentials with a session token, an Azure storage connection string, a Google Maps key), vendor
tokens in prose, gitleaks findings and a password spreadsheet, vCards, Slack / Teams pastes, an
SMS gateway export, WhatsApp-style chats, casino player onboarding, spa and restaurant bookings,
a ferry manifest and event contracts.

Eighteen languages besides English, none listed by the earlier sets' docstrings (Aragonese,
Mirandese, Sicilian, Scots, Rusyn, Gagauz, Crimean Tatar, Buryat, Abkhaz, Balochi, Konkani,
Santali, Newar, Ewe, Kirundi, Kapampangan, Rarotongan (Cook Islands Māori), Xitsonga): in each a
guest complaint with the guest's phone and e-mail (framed as a Jira ticket with a watcher, a
contact form, a quoted forward or a kiosk-chatbot transcript), a driver's note with a colleague's
(a listed staff member) and a relative's phone, a staff Wi-Fi password given with the language's
own word for password (clau d'acceso, palabra-passe, palora d'accessu, passwird, гесло, parola,
parol, нюуса үгэ, амаӡа ажәа, رازی گال, गुपीत उतर, ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ, सुलाःगु खँग्वः, nya ɣaɣla,
ijambo ry'ibanga, amanung lihim, kupu muna, phasiwedi), a card pasted into a chat, a chat line with
a staff member's phone, a refund (to an IBAN in ES, PT, IT, GB, SK, MD, UA and PK for Aragonese,
Mirandese, Sicilian, Scots, Rusyn, Gagauz, Crimean Tatar and Balochi, to a card elsewhere: Mir for
Buryat and Abkhaz, RuPay for Konkani and Santali) and two negative sentences with hospitality
look-alikes. Names in Cyrillic (Rusyn ї ґ ы, Buryat һ ү ө with a Russian-style patronymic, Abkhaz
ә ҵ ӡ), Arabic script (Balochi, with the Arabic comma `،` after the name), Devanagari (Konkani,
Newar), Ol Chiki (Santali) and Latin script with diacritics, particles and local customs
(Aragonese and Mirandese double surnames, Sicilian `Lo` / `Di`, Scots double-barrelled names,
Gagauz ä, Crimean Tatar ç ş q, Ewe ɔ, Kirundi hyphenated given names, Kapampangan mother's-surname
middle names, Rarotongan macrons, Irish Ó, Dutch `van der` and `de`, Turkish ı, Slovak á);
staff display names in Latin, Cyrillic and Devanagari script with Latin addresses. Phone numbers of
36 countries and territories (UK, USA, Canada, Ireland, Spain, Portugal, Italy, Slovakia,
Moldova, Ukraine, Russia, Pakistan, India, Nepal, Ghana, Togo, Burundi, South Africa,
Philippines, Cook Islands, New Zealand, UAE, Singapore, Netherlands, Germany, France, Belgium,
Switzerland, Turkey, Australia, Japan, Hong Kong, Indonesia, Mexico, Brazil, Kenya), from each
country's mobile numbering plan (prefixes and lengths), in national, international, `00`, E.164,
dashed (`+41-79-...`), bracketed (`(617) 482-1234`, `+44 (0)7912 ...`, `8 (914) ...`, `(11)
91234-5678`, `(+34) ...`) and bare-MSISDN form; IBANs of 14 countries (ES, PT, IT, GB, SK, MD,
UA, PK, NL, BE, FR, DE, AE, CH; Spanish bodies with their DC, Portuguese with their NIB check,
Italian with their CIN, Slovak with the weighted mod-11 check of prefix and account, Dutch
accounts passing the 11-test, Belgian mod-97, French RIB keys), spaced in fours or plain; card
numbers of thirteen brands (Visa, Mastercard 5x and 2-series, Amex, Discover, JCB, Diners,
UnionPay of 16 and 19 digits, Maestro of 19 digits, Mir, RuPay, Troy; spaced, dashed, plain); a
few US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL credentials; private keys; tokens
of the eighteen vendors of the earlier sets' list, each four times or more (distinct tokens).
150 of the 550 lines are negatives built from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, xtask/, js/ and the rest of the
engine), at README.md or SECURITY.md, at git history, or at the other sets' sentences,
generators or data (no .jsonl file was opened); only evaluate.py, checks.py and the module
docstrings of heldout.py to heldout13.py were read, and nothing was built or run but this
script. Its first score is therefore a blind one.

    python3 tests/redaction/heldout14.py

A summary (lines, spans per kind, negatives, languages, categories) is printed after writing.

Deterministic: every random part (staff and guests drawn from fixed rosters, phone countries,
forms and digits, IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies, timestamps,
look-alikes) comes from one seeded `random.Random` (SEED); staff, guests, cities, card brands,
IBAN countries, phone forms, URL schemes and vendors are taken in turn (`Cycle`); the line order
is shuffled by a second seeded one (SHUFFLE_SEED). Nothing depends on set order, the clock, the
environment or the hash seed. Every line is validated before anything is written (see
`validate`); any violation aborts with a message and writes nothing: texts unique; offsets
inside the text, not overlapping, each span's UTF-8 bytes the labelled value (checked again on
the written file); the shape of every labelled value (Luhn, brand prefix and length for cards,
never a published test number; country length, mod-97 check through checks.py and the national
check digits listed above for IBANs, groups of four when spaced; parseable IPs that are not
loopback, unspecified, link-local, multicast, reserved, CGN or documentation addresses; MAC
shape; JWT header with "alg" and payload that decode; PEM armour and base64 body; vendor token
formats, with the CRC32 checksum of GitHub and npm tokens; US SSN ranges; phone characters and
digits equal to the calling code or trunk prefix plus the national number drawn from the
country's plan; passwords that are no placeholder; url_credentials between `://` and `@`,
holding no unencoded `@ / ? #`; e-mail domains that are ours or reserved; a listed person is in
the line's `people`, anyone else named has an address labelled in the same line whose local part
spells every part of the name, through its Latin transliteration for Cyrillic, Arabic,
Devanagari and Ol Chiki names). The text left unlabelled (labels and declared look-alikes
blanked) is scanned for e-mail addresses, public or private IPv4 addresses, `+` / `00` phone
shapes, MAC addresses, SSN shapes, vendor-token, JWT, PEM and URL-credential shapes, password
keywords followed by a value, Luhn-valid runs of 13-19 digits (also across spaces and dashes),
valid IBANs, and every name part of the rosters. Look-alikes that carry check digits (EAN-13,
Portuguese NIF, IMEI, Orlavea Circle card numbers) are generated with valid ones and re-checked.
Negative lines carry no span, positive lines at least one.

Format (the one evaluate.py reads):

    {"id": "held14-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦...⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line
break, except a private key with real newlines.

Labelling conventions: those of heldout13.py's docstring (and through it heldout4.py's to
heldout12.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@`).
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a RADIUS / hostapd shared secret, an OAuth `client_secret` and opaque
  `refresh_token`, an AWS session token, a JWT signing secret, an API key of a platform outside
  the vendor list, the secret of `curl -u user:secret`, a `vault kv get` value). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone), digitalocean, github, gitlab, google,
  hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai, pypi, sendgrid, shopify,
  slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK... key SIDs and their
  secrets).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); guests, planners, players,
  cardholders and contractors are never in `people` and appear only in a line that labels an
  address spelling their name: every occurrence of the name is `person`, the address `email`.
  Role addresses (reservations@, guestrelations@) and a GCP service account's `client_email` are
  `email`. In e-mail headers every mailbox is labelled (a quoted display name without its
  quotes); Message-IDs are not addresses.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback, 0.0.0.0 and
  netmasks only on negative lines.
* phone: the whole number as written (a `(0)` trunk inside the span); a bare MSISDN is `phone`;
  extensions and short codes are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, SSIDs, user names, host names, masked values and placeholders
  (only on negative lines), hashes, UUIDs, build numbers shaped like IPv4 addresses. No published
  test card number, no AWS example key, no weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: hospitality identifiers are declared look-alikes, never labelled: reservation and
  confirmation numbers (`ORV-1234567`, 8-digit, `OHG123456-01`), folio numbers, Orlavea Circle
  member numbers and 16-digit Circle card numbers starting 7044 (IIN 7 is no payment network;
  Luhn-valid by design), room numbers and ranges (`1412–1416`), KeyNest encoder ids, key-card
  UIDs and site codes, PNRs, transfer booking references and flight numbers, Tillory check
  numbers, TIDs and MIDs, STANs and RRNs, authorisation codes, masked cards (`**** 4242`,
  `52xxxx******1234`, `ending 0094`) and a masked IBAN, invoice and PO numbers, Portuguese NIFs
  with their mod-11 check digit, EAN-13 minibar barcodes with their GS1 check digit and lot
  numbers, ferry ticket numbers, vessel IMO numbers, casino player cards (16 digits failing Luhn)
  and chip serials, 23-digit ARNs in a chargeback file, banquet event orders shaped like a North
  American phone number (`BEO 412-880-2931`), 3-7-7 order numbers, night-audit run ids shaped
  4-3-4, 10-digit print-job ids, housekeeping-handheld IMEIs (Luhn by design), passport numbers
  in registration CSVs, SMS check-in codes, Stayline builds shaped like IPv4 addresses, image
  digests, MD5 / SHA-256 export checksums, git SHAs and UUIDs, dates, times and durations in many
  notations, prices in many currencies (`€ 1.249,50`, `AED 3,420.00`, `₹18,450`, `GH₵ 428.40`,
  `R 2 380,00`, `₱8,450.00`, `14 200 ₽`).
* NEW: negatives with people-like words that are not people (`The Grace Kelly lounge`,
  `Morgan's Bar`, `St. Andrew's terrace`, `Casa Vitória`, `Victoria Falls day trip`, the ferry
  `MV Stella Maris`) and secret words without secrets (the word for password followed by "was
  changed" in every language, "the kiosk client_secret was rotated", `<redacted>`, `see vault`,
  `********`, `${...}` and `{{ ... }}` placeholders, `sk_live_xxxx...`).
* NEW: a language's own word for password is never labelled, only the value after it; a hostapd
  `bssid` and a UniFi `bssid` are `mac_address`, `wpa_passphrase`, `x_passphrase` and
  `auth_server_shared_secret` are `password`; SSIDs and VLANs are not labelled.
* NEW: a staff member's address as a RADIUS `Login OK: [...]` user is `person` (a listed Jira
  user); the NAS-IP is `ip_address`, the `cli` MAC `mac_address`.
* NEW: registration-CSV `surname` / `given_name` columns and a vCard's `N` components are
  separate `person` spans (a vCard `FN` one span), beside the guest's address; a cardholder name
  in capitals in a chargeback CSV and a passenger name in capitals in a ferry manifest are
  `person` beside the address in the same record (the address spelling the name without
  diacritics: `RAFAEL OYARZÚN` ↔ rafael.oyarzun).
* NEW: a card number in a terminal debug log (`PAN=...`) is `credit_card`, the digits alone;
  `EXP=`, `AUTH=`, `STAN=`, `RRN=`, TID and MID are not labelled. An SSN typed into a refund
  form's tax-id box, and a W-9 TIN that is an SSN, are `ssn`.
* NEW: in a refund pain.001 the group's own debtor IBAN and the guest's creditor IBAN are both
  `iban`; both the old and the new IBAN of a payroll bank-detail change are `iban`; a casino
  player's payout IBAN is `iban`.
* NEW: a Buryat name with its patronymic (`Баир Дашиевич Цыдендамбаев`) and a Kapampangan name
  with the mother's surname as middle name (`Liza Dizon Manalang`) are one `person` span each,
  beside an address spelling all three parts; Balochi names in Arabic script are followed by
  the Arabic comma `،`, which stays outside the span (نوید بلوچ ↔ naveed.baloch); Santali names
  in Ol Chiki (ᱥᱩᱢᱤᱛᱨᱟ ᱢᱩᱨᱢᱩ ↔ sumitra.murmu), Konkani and Newar names in Devanagari (प्रिया
  नायक ↔ priya.naik, सुजना श्रेष्ठ ↔ sujana.shrestha), Rusyn and Abkhaz names in Cyrillic
  (Штефан Гусняк ↔ shtefan.husniak, Гунда Квициниа ↔ gunda.kvitsinia) are spelt by their
  transliteration; the Ewe open o is spelt `o` (Kɔmla Agbenyega ↔ komla.agbenyega), the Gagauz ä
  `a` (Mariya Kösä ↔ mariya.kosa).
* NEW: an SMS gateway export labels the guest's number on both rows (bare MSISDN outgoing,
  E.164 incoming); room numbers and check-in codes in the bodies are look-alikes.
"""

import base64
import hashlib
import ipaddress
import json
import random
import re
import sys
import uuid
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout14.jsonl"
SEED = 14_2026_0314
SHUFFLE_SEED = 1414
R = random.Random(SEED)
NEGATIVES_WANTED = 150
LINES_WANTED = 550


class Cycle:
    """Items taken in turn (after one seeded shuffle)."""

    def __init__(self, items, shuffle=True):
        self.items = list(items)
        if shuffle:
            R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


class Lab(tuple):
    """A labelled piece: (kind, value)."""

    def __new__(cls, kind, value):
        return tuple.__new__(cls, (kind, value))


class Look(str):
    """A declared look-alike: unlabelled on purpose, exempt from the leak scan."""


def per(v): return Lab("person", v)
def em(v): return Lab("email", v)
def ph(v): return Lab("phone", v)
def cc(v): return Lab("credit_card", v)
def ib(v): return Lab("iban", v)
def ip(v): return Lab("ip_address", v)
def mac(v): return Lab("mac_address", v)
def pw(v): return Lab("password", v)
def jw(v): return Lab("jwt", v)
def pk(v): return Lab("private_key", v)
def uc(v): return Lab("url_credentials", v)
def ssn(v): return Lab("ssn", v)
def ak(vendor, v): return Lab("api_key/" + vendor, v)


TOKEN = re.compile(r"⟦(\w+)⟧")


def T(template, **kw):
    """Pieces of `template`, its ⟦name⟧ slots filled from `kw` (str, Look, Lab or list)."""
    out, pos = [], 0
    for m in TOKEN.finditer(template):
        out.append(template[pos:m.start()])
        out.append(kw[m.group(1)])
        pos = m.end()
    out.append(template[pos:])
    return out


def flatten(pieces):
    for p in pieces:
        if isinstance(p, (list, tuple)) and not isinstance(p, Lab):
            yield from flatten(p)
        else:
            yield p


LINES = []


def emit(cat, lang, pieces, people=()):
    parts, spans, looks, n = [], [], [], 0
    for p in flatten(pieces):
        raw = p[1] if isinstance(p, Lab) else p
        b = raw.encode()
        if isinstance(p, Lab):
            spans.append({"kind": p[0], "start": n, "end": n + len(b), "value": raw})
        elif isinstance(p, Look):
            looks.append((n, n + len(b), str(p)))
        parts.append(b)
        n += len(b)
    LINES.append({"cat": cat, "lang": lang, "text": b"".join(parts).decode(),
                  "spans": spans, "looks": looks, "people": list(people)})


# --- random values ---------------------------------------------------------------------------

ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(n, chars=ALNUM):
    return "".join(R.choice(chars) for _ in range(n))


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


WORDS = ["harbour", "lantern", "cedar", "saffron", "tidewater", "juniper", "marigold", "basalt",
         "kestrel", "quince", "obsidian", "pelican", "tamarind", "fjord", "cobalt", "lagoon",
         "verbena", "zephyr", "mango", "atoll", "sorrel", "granite", "ember", "coral"]
SYMS = "!#%^*-_+=~"


def password(style=None):
    style = style if style is not None else R.randrange(4)
    if style == 0:
        return rs(R.randrange(14, 20), ALNUM + SYMS)
    if style == 1:
        w = R.sample(WORDS, 3)
        return "-".join(x.capitalize() for x in w) + "-" + digits(2)
    if style == 2:
        return R.choice(WORDS).capitalize() + R.choice("#%*!") + digits(4) + rs(4, ALNUM)
    return rs(20, ALNUM)


def wifi_password():
    w = R.sample(WORDS, 2)
    return w[0].capitalize() + R.choice(["&", "-", "#", "!"]) + w[1] + digits(3)


# cards
TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
              "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
              "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
              "4012888888881881", "4222222222222", "5200828282828210", "4000056655665556",
              "6200000000000005", "2223003122003222", "4000000000000002"}

BRANDS = {
    "Visa": (lambda: "4" + digits(5), 16),
    "Mastercard": (lambda: R.choice(["51", "52", "53", "54", "55"]) + digits(4), 16),
    "Mastercard 2-series": (lambda: str(R.randrange(2221, 2721)) + digits(2), 16),
    "Amex": (lambda: R.choice(["34", "37"]) + digits(4), 15),
    "Discover": (lambda: R.choice(["6011", "6445", "6471", "6500", "6559"]) + digits(2), 16),
    "JCB": (lambda: str(R.randrange(3528, 3590)) + digits(2), 16),
    "Diners": (lambda: R.choice(["36", "300", "305", "38"]) + digits(3), 14),
    "UnionPay": (lambda: R.choice(["6212", "6228", "6250", "6259"]) + digits(2), 16),
    "UnionPay 19": (lambda: R.choice(["6217", "6222", "6236"]) + digits(2), 19),
    "Maestro": (lambda: R.choice(["6759", "5018", "5020", "6304"]) + digits(2), 19),
    "Mir": (lambda: "220" + str(R.randrange(0, 5)) + digits(2), 16),
    "RuPay": (lambda: R.choice(["6080", "6521", "6522", "5085"]) + digits(2), 16),
    "Troy": (lambda: "9792" + digits(2), 16),
}
BRAND_CYCLE = Cycle(["Visa", "Mastercard", "Mastercard 2-series", "Amex", "Discover", "JCB",
                     "Diners", "UnionPay", "UnionPay 19", "Maestro", "Troy"])
CARD_FORM = Cycle(["spaced", "dashed", "plain", "spaced"])


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d
    raise AssertionError


def group(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


def card_groups(n):
    return {15: [4, 6, 5], 14: [4, 6, 4], 16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3]}[n]


CARD_REG = {}


def card(brand=None, form=None):
    brand = brand or BRAND_CYCLE()
    form = form or CARD_FORM()
    start, n = BRANDS[brand]
    while True:
        num = luhn_complete(start() + digits(n - 7))
        if num not in TEST_CARDS and len(num) == n:
            break
    if form == "spaced":
        out = group(num, card_groups(n))
    elif form == "dashed":
        out = group(num, card_groups(n), "-")
    else:
        out = num
    CARD_REG[out] = brand
    return out


# IBANs, with national check digits where the country has them
def es_dc(s):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * x for c, x in zip(s, w)) % 11
    return {10: 1, 11: 0}.get(d, d)


def pt_nib(s):
    return 98 - int(s + "00") % 97


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]


def it_cin(s):
    total = 0
    for i, c in enumerate(s):
        total += IT_ODD[int(c)] if i % 2 == 0 else int(c)
    return chr(ord("A") + total % 26)


def sk_ok(s, weights):
    return sum(int(c) * w for c, w in zip(s, weights)) % 11 == 0


def nl_ok(acc):
    return sum(int(c) * (10 - i) for i, c in enumerate(acc)) % 11 == 0


def fr_key(bank, branch, acc):
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97


def bban(country):
    if country == "ES":
        bank, branch, acc = R.choice(["2100", "0049", "0182", "2085", "0081"]), digits(4), digits(10)
        return f"{bank}{branch}{es_dc('00' + bank + branch)}{es_dc(acc)}{acc}"
    if country == "PT":
        body = R.choice(["0035", "0033", "0007", "0018", "0010"]) + digits(4) + digits(11)
        return body + f"{pt_nib(body):02d}"
    if country == "IT":
        body = R.choice(["03069", "02008", "05034", "01030", "03032"]) + digits(5) + digits(12)
        return it_cin(body) + body
    if country == "GB":
        return R.choice(["NWBK", "BARC", "HBUK", "LOYD", "MIDL", "RBOS"]) + digits(6) + digits(8)
    if country == "SK":
        while True:
            pre, acc = "000000", digits(10)
            if acc[0] != "0" and sk_ok(acc, [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]):
                return R.choice(["0900", "1100", "0200", "7500"]) + pre + acc
    if country == "MD":
        return R.choice(["AG", "ML", "VI", "MO"]) + digits(18)
    if country == "UA":
        return R.choice(["305299", "300335", "322001", "380805"]) + "0000" + digits(15)
    if country == "PK":
        return R.choice(["HABB", "MUCB", "UNIL", "SCBL", "MEZN", "ALFH"]) + digits(16)
    if country == "NL":
        while True:
            acc = digits(10)
            if acc[0] != "0" and nl_ok(acc):
                return R.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB"]) + acc
    if country == "BE":
        first = digits(10)
        chk = int(first) % 97 or 97
        return first + f"{chk:02d}"
    if country == "FR":
        bank, branch, acc = R.choice(["30004", "30003", "20041", "10278", "30066"]), digits(5), digits(11)
        return bank + branch + acc + f"{fr_key(bank, branch, acc):02d}"
    if country == "DE":
        return R.choice(["10010010", "37040044", "50010517", "20050550", "70150000"]) + digits(10)
    if country == "AE":
        return R.choice(["033", "026", "030", "035"]) + digits(16)
    if country == "CH":
        return R.choice(["00762", "00230", "00700", "08390"]) + digits(12)
    raise KeyError(country)


IBAN_LEN = {"ES": 24, "PT": 25, "IT": 27, "GB": 22, "SK": 24, "MD": 24, "UA": 29, "PK": 24,
            "NL": 18, "BE": 16, "FR": 27, "DE": 22, "AE": 23, "CH": 21}
IBAN_FORM = Cycle(["spaced", "plain", "spaced"])


def iban(country, form=None):
    b = bban(country)
    value = country + iban_check(country, b) + b
    assert len(value) == IBAN_LEN[country], (country, value)
    form = form or IBAN_FORM()
    return group(value, [4] * 8) if form == "spaced" else value


def national_ok(value):
    s = value.replace(" ", "")
    c, b = s[:2], s[4:]
    if c == "ES":
        return int(b[8]) == es_dc("00" + b[:8]) and int(b[9]) == es_dc(b[10:])
    if c == "PT":
        return int(b[-2:]) == pt_nib(b[:-2])
    if c == "IT":
        return b[0] == it_cin(b[1:])
    if c == "SK":
        return sk_ok(b[4:10], [10, 5, 8, 4, 2, 1]) and sk_ok(b[10:], [6, 3, 7, 9, 10, 5, 8, 4, 2, 1])
    if c == "NL":
        return nl_ok(b[4:])
    if c == "BE":
        return (int(b[:10]) % 97 or 97) == int(b[10:])
    if c == "FR":
        return int(b[21:]) == fr_key(b[:5], b[5:10], b[10:21])
    return True


# phones: country -> (calling code, trunk prefix, mobile prefixes, NSN length, national groups
# over trunk+NSN, international groups over the NSN)
PLANS = {
    "GB": ("44", "0", ["74", "75", "77", "78", "79"], 10, [5, 6], [4, 6]),
    "US": ("1", "", ["212", "305", "415", "617", "702", "808", "917"], 10, [3, 3, 4], [3, 3, 4]),
    "CA": ("1", "", ["416", "604", "514", "403"], 10, [3, 3, 4], [3, 3, 4]),
    "IE": ("353", "0", ["83", "85", "86", "87", "89"], 9, [3, 3, 4], [2, 3, 4]),
    "ES": ("34", "", ["6", "71", "72", "73", "74"], 9, [3, 3, 3], [3, 3, 3]),
    "PT": ("351", "", ["91", "92", "93", "96"], 9, [3, 3, 3], [3, 3, 3]),
    "IT": ("39", "", ["32", "33", "34", "35", "36", "38", "39"], 10, [3, 3, 4], [3, 3, 4]),
    "SK": ("421", "0", ["90", "91", "94", "95"], 9, [4, 3, 3], [3, 3, 3]),
    "MD": ("373", "0", ["60", "68", "69", "78", "79"], 8, [3, 3, 3], [2, 3, 3]),
    "UA": ("380", "0", ["50", "63", "66", "67", "68", "73", "93", "95", "96", "97", "98", "99"], 9,
           [3, 3, 2, 2], [2, 3, 2, 2]),
    "RU": ("7", "8", ["902", "903", "914", "916", "924", "926", "928", "950", "964", "983", "999"],
           10, [1, 3, 3, 2, 2], [3, 3, 2, 2]),
    "PK": ("92", "0", ["300", "301", "303", "312", "321", "333", "345"], 10, [4, 7], [3, 7]),
    "IN": ("91", "0", ["98", "99", "97", "94", "90", "88", "81", "70", "63"], 10, [6, 5], [5, 5]),
    "NP": ("977", "", ["980", "981", "984", "985", "986"], 10, [3, 7], [3, 7]),
    "GH": ("233", "0", ["20", "24", "26", "27", "50", "54", "55", "59"], 9, [3, 3, 4], [2, 3, 4]),
    "TG": ("228", "", ["90", "91", "92", "93", "96", "97", "98", "99", "70", "79"], 8,
           [2, 2, 2, 2], [2, 2, 2, 2]),
    "BI": ("257", "", ["79", "71", "72", "61", "69", "68"], 8, [2, 2, 2, 2], [2, 2, 2, 2]),
    "ZA": ("27", "0", ["60", "66", "71", "72", "73", "76", "79", "82", "83", "84"], 9, [3, 3, 4],
           [2, 3, 4]),
    "PH": ("63", "0", ["905", "915", "917", "918", "920", "927", "945", "966", "977", "995"], 10,
           [4, 3, 4], [3, 3, 4]),
    "CK": ("682", "", ["5", "7"], 5, [2, 3], [2, 3]),
    "NZ": ("64", "0", ["21", "22", "27"], 9, [3, 3, 4], [2, 3, 4]),
    "AE": ("971", "0", ["50", "52", "54", "55", "56", "58"], 9, [3, 3, 4], [2, 3, 4]),
    "SG": ("65", "", ["8", "9"], 8, [4, 4], [4, 4]),
    "NL": ("31", "0", ["6"], 9, [2, 8], [1, 8]),
    "DE": ("49", "0", ["151", "152", "157", "176", "177", "178", "179"], 11, [4, 8], [3, 8]),
    "FR": ("33", "0", ["6", "7"], 9, [2, 2, 2, 2, 2], [1, 2, 2, 2, 2]),
    "BE": ("32", "0", ["470", "472", "475", "476", "477", "478", "479", "483", "486", "495", "497"],
           9, [4, 2, 2, 2], [3, 2, 2, 2]),
    "CH": ("41", "0", ["75", "76", "77", "78", "79"], 9, [3, 3, 2, 2], [2, 3, 2, 2]),
    "TR": ("90", "0", ["530", "532", "533", "535", "542", "505", "551", "553", "555"], 10,
           [4, 3, 2, 2], [3, 3, 2, 2]),
    "AU": ("61", "0", ["4"], 9, [4, 3, 3], [3, 3, 3]),
    "JP": ("81", "0", ["70", "80", "90"], 10, [3, 4, 4], [2, 4, 4]),
    "HK": ("852", "", ["5", "6", "9"], 8, [4, 4], [4, 4]),
    "ID": ("62", "0", ["811", "812", "813", "821", "852", "815", "817", "878"], 11, [4, 4, 4],
           [3, 4, 4]),
    "MX": ("52", "", ["55", "33", "81"], 10, [2, 4, 4], [2, 4, 4]),
    "BR": ("55", "", ["119", "219", "319", "419", "719"], 11, [2, 5, 4], [2, 5, 4]),
    "KE": ("254", "0", ["70", "71", "72", "74", "79", "11"], 9, [4, 3, 3], [3, 3, 3]),
}
PHONE_FORMS = Cycle(["nat", "intl", "00", "e164", "dash", "bracket", "intl", "nat", "bare"])
PHONE_REG = {}


def nsn_for(country):
    cc_, trunk, prefixes, n, _, _ = PLANS[country]
    p = R.choice(prefixes)
    if cc_ == "1":
        while True:
            exch = str(R.randrange(2, 10)) + digits(2)
            if exch != "555" and exch[1:] != "11":
                return p + exch + digits(4)
    return p + digits(n - len(p))


def phone(country, form=None):
    cc_, trunk, _, _, ng, ig = PLANS[country]
    form = form or PHONE_FORMS()
    nsn = nsn_for(country)
    if form == "nat":
        out = group(trunk + nsn, ng, "-" if cc_ == "1" else " ")
    elif form == "intl":
        out = f"+{cc_} " + group(nsn, ig)
    elif form == "00":
        out = f"00{cc_} " + group(nsn, ig)
    elif form == "e164":
        out = f"+{cc_}{nsn}"
    elif form == "dash":
        out = f"+{cc_}-" + group(nsn, ig, "-")
    elif form == "bare":
        out = cc_ + nsn
    elif form == "bracket":
        if cc_ == "1":
            out = f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
        elif country == "RU":
            out = f"8 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
        elif country == "BR":
            out = f"({nsn[:2]}) {nsn[2:7]}-{nsn[7:]}"
        elif trunk == "0":
            out = f"+{cc_} (0)" + group(nsn, ig)
        else:
            out = f"(+{cc_}) " + group(nsn, ig)
    else:
        raise KeyError(form)
    PHONE_REG[out] = (country, nsn)
    return out


def phone_ok(value):
    if value not in PHONE_REG or not re.fullmatch(r"[+0-9 ()\-]+", value):
        return False
    country, nsn = PHONE_REG[value]
    cc_, trunk = PLANS[country][:2]
    d = re.sub(r"\D", "", value)
    return d in {cc_ + nsn, "00" + cc_ + nsn, trunk + nsn} or ("(0)" in value and d == cc_ + trunk + nsn)


# network
PUBLIC_FIRST = [31, 37, 41, 46, 62, 77, 78, 81, 85, 88, 91, 95, 102, 105, 109, 146, 151, 176,
                178, 185, 188, 194, 196, 197, 212, 213, 217]


def ipv4(kind="public"):
    if kind == "public":
        return f"{R.choice(PUBLIC_FIRST)}.{R.randrange(1, 255)}.{R.randrange(0, 256)}.{R.randrange(1, 255)}"
    if kind == "10":
        return f"10.{R.randrange(0, 256)}.{R.randrange(0, 256)}.{R.randrange(2, 255)}"
    if kind == "172":
        return f"172.{R.randrange(16, 32)}.{R.randrange(0, 256)}.{R.randrange(2, 255)}"
    return f"192.168.{R.randrange(0, 256)}.{R.randrange(2, 255)}"


def ipv6(kind="global"):
    h = [f"{R.randrange(0, 65536):x}" for _ in range(6)]
    if kind == "global":
        return f"{R.choice(['2a02', '2a01', '2a0d', '2400', '2c0f', '2605'])}:{R.randrange(0x1000, 0xffff):x}:" + ":".join(h)
    return f"fd{R.randrange(0, 256):02x}:{R.randrange(0x1000, 0xffff):x}:{h[0]}::{h[1]}:{h[2]}"


def ip_ok(value):
    try:
        a = ipaddress.ip_address(value)
    except ValueError:
        return False
    bad = (a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or a.is_reserved)
    if a.version == 4:
        bad = bad or a in ipaddress.ip_network("100.64.0.0/10") or any(
            a in ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24"))
    else:
        bad = bad or a in ipaddress.ip_network("2001:db8::/32")
    return not bad


OUIS = ["00:1A:2B", "3C:22:FB", "B8:27:EB", "F4:F5:D8", "00:0C:29", "A4:83:E7", "DC:A6:32",
        "70:3A:CB", "48:A9:8A", "E0:63:DA", "18:E8:29", "24:5A:4C", "80:2A:A8", "FC:EC:DA"]


def macaddr(sep=None, lower=None):
    sep = sep or R.choice([":", ":", "-"])
    parts = R.choice(OUIS).split(":") + [f"{R.randrange(256):02X}" for _ in range(3)]
    s = sep.join(parts)
    if lower if lower is not None else R.random() < 0.4:
        s = s.lower()
    return s


MAC_RE = re.compile(r"(?i)^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$")


# JWT and PEM
def jwt(payload, alg="HS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    sig = rbytes(32 if alg.startswith("HS") else (64 if alg.startswith("ES") else 256))
    return ".".join([b64u(json.dumps(header, separators=(",", ":")).encode()),
                     b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)])


def jwt_ok(value):
    try:
        h, p, s = value.split(".")
        header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        return "alg" in header and len(s) >= 40
    except Exception:
        return False


PEM_KINDS = {
    "RSA": ("RSA PRIVATE KEY", lambda: bytes.fromhex("308204a40201000282010100") + rbytes(1180), 64),
    "PKCS8": ("PRIVATE KEY", lambda: bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7") + rbytes(1190), 64),
    "EC": ("EC PRIVATE KEY", lambda: bytes.fromhex("30770201010420") + rbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + rbytes(64), 64),
    "OPENSSH": ("OPENSSH PRIVATE KEY", lambda: b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + rbytes(330), 70),
}


def pem(kind, newline="\n"):
    label, body, width = PEM_KINDS[kind]
    b = base64.b64encode(body()).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return newline.join([f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"])


PEM_RE = re.compile(r"^-----BEGIN ((?:RSA |EC |OPENSSH )?PRIVATE KEY)-----(?:\n|\\n)([A-Za-z0-9+/=\n\\]+?)(?:\n|\\n)-----END \1-----$")


def pem_ok(value):
    m = PEM_RE.match(value)
    if not m:
        return False
    try:
        base64.b64decode(m.group(2).replace("\\n", "").replace("\n", ""), validate=True)
        return True
    except Exception:
        return False


# vendor tokens
def b62(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(6, "0")


def checksummed(prefix):
    body = rs(30)
    return prefix + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)


def checksum_ok(token, prefix):
    body, chk = token[len(prefix):-6], token[-6:]
    return len(body) == 30 and b62(zlib.crc32(body.encode()) & 0xFFFFFFFF) == chk


def token(vendor, variant=0):
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(93, URLSAFE) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(170, URLSAFE) + "=" + rs(8, "0123456789ABCDEF")
    if vendor == "aws":
        return (R.choice(["AKIA", "ASIA"]) + rs(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")) if variant == 0 \
            else rs(40, ALNUM + "/+")
    if vendor == "azure":
        return base64.b64encode(rbytes(64)).decode()
    if vendor == "digitalocean":
        return "dop_v1_" + rs(64, HEX)
    if vendor == "github":
        if variant == 3:
            return "github_pat_11" + rs(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_" + rs(59)
        return checksummed(["ghp_", "gho_", "ghs_"][variant % 3])
    if vendor == "gitlab":
        return "glpat-" + rs(20, URLSAFE)
    if vendor == "google":
        return "AIza" + rs(35, URLSAFE)
    if vendor == "hashicorp":
        return ("hvs." + rs(24)) if variant == 0 else (rs(14) + ".atlasv1." + rs(67))
    if vendor == "huggingface":
        return "hf_" + rs(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if vendor == "npm":
        return checksummed("npm_")
    if vendor == "openai":
        return "sk-proj-" + rs(74, URLSAFE) + "T3BlbkFJ" + rs(74, URLSAFE)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + rs(140, URLSAFE)
    if vendor == "sendgrid":
        return "SG." + rs(22, URLSAFE) + "." + rs(43, URLSAFE)
    if vendor == "shopify":
        return R.choice(["shpat_", "shpca_", "shpat_"]) + rs(32, HEX)
    if vendor == "slack":
        if variant == 2:
            return ("https://hooks.slack.com/services/T" + rs(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
                    + "/B" + rs(10, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "/" + rs(24))
        if variant == 1:
            return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{rs(32, HEX)}"
        return f"xoxb-{digits(12)}-{digits(13)}-{rs(24)}"
    if vendor == "stripe":
        return ["sk_live_", "rk_live_", "whsec_"][variant % 3] + (rs(99) if variant % 3 < 2 else rs(32))
    if vendor == "twilio":
        return ("SK" + rs(32, HEX)) if variant == 0 else rs(32)
    raise KeyError(vendor)


VENDOR_RE = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{170}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "github": r"gh[pos]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{24}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{140}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca)_[0-9a-f]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}|https://hooks\.slack\.com/services/T[A-Z0-9]{10}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_[A-Za-z0-9]{99}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}


def vendor_ok(vendor, value):
    if not re.fullmatch(VENDOR_RE[vendor], value):
        return False
    for prefix in ("ghp_", "gho_", "ghs_", "npm_"):
        if value.startswith(prefix):
            return checksum_ok(value, prefix)
    return True


def ssn_value():
    while True:
        area = R.randrange(1, 900)
        if area != 666:
            break
    return f"{area:03d}-{R.randrange(1, 100):02d}-{R.randrange(1, 10000):04d}"


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
    return bool(m) and 0 < int(m[1]) < 900 and m[1] != "666" and m[2] != "00" and m[3] != "0000" \
        and v not in ("078-05-1120", "219-09-9999")


def ts(day=None):
    d = day or R.randrange(1, 29)
    return f"2026-03-{d:02d}T{R.randrange(0, 24):02d}:{R.randrange(60):02d}:{R.randrange(60):02d}Z"


def hhmm():
    return f"{R.randrange(6, 24):02d}:{R.randrange(60):02d}"


# look-alike generators with real check digits
def gtin13(prefix=None):
    body = (prefix or R.choice(["560", "590", "800", "400", "629", "600", "871"])) + digits(9)
    body = body[:12]
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def gtin_ok(v):
    s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(v[:-1][::-1][::-1]))
    return len(v) == 13 and (10 - sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(v[:12])) % 10) % 10 == int(v[12])


def imei():
    return luhn_complete(R.choice(["35", "86", "01", "35"]) + digits(12))


def pt_nif():
    body = R.choice(["5", "5", "2", "1"]) + digits(7)
    s = sum(int(c) * w for c, w in zip(body, range(9, 1, -1)))
    d = 11 - s % 11
    return body + str(0 if d >= 10 else d)


def nif_ok(v):
    s = sum(int(c) * w for c, w in zip(v[:8], range(9, 1, -1)))
    d = 11 - s % 11
    return int(v[8]) == (0 if d >= 10 else d)


def loyalty16():
    """Orlavea Circle card: IIN 7 (no payment network), Luhn-valid by design."""
    return luhn_complete("7044" + digits(11))


def not_luhn(n, first="7"):
    while True:
        v = first + digits(n - 1)
        if not luhn_ok(v):
            return v


def uuid4():
    return str(uuid.UUID(int=R.getrandbits(128), version=4))


def sha256():
    return hashlib.sha256(rbytes(16)).hexdigest()


def gitsha():
    return hashlib.sha1(rbytes(16)).hexdigest()


# --- people --------------------------------------------------------------------------------

DOMAIN = "orlavea.com"
GUEST_DOMAINS = Cycle(["example.com", "example.net", "example.org", "mail.example", "inbox.example",
                       "post.example", "correo.example", "mail.example.com", "guests.example.net"])


class Staff:
    def __init__(self, display, local, city):
        self.display, self.city = display, city
        self.email = f"{local}@{DOMAIN}"
        self.account_id = (f"712020:{uuid4()}" if R.random() < 0.5 else rs(24, HEX))

    def record(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.account_id}


STAFF_DATA = [
    ("Marta Quintela", "marta.quintela", "Lisbon"), ("Oisín Brady", "oisin.brady", "Edinburgh"),
    ("Giulia Lo Verde", "giulia.loverde", "Palermo"), ("Callum Rennie", "callum.rennie", "Edinburgh"),
    ("Zuzana Hrabovská", "zuzana.hrabovska", "High Tatras"), ("Ion Ciobanu", "ion.ciobanu", "Chișinău"),
    ("Дарима Будаева", "darima.budaeva", "Ulan-Ude"), ("अनिल कामत", "anil.kamat", "Goa"),
    ("Kwame Asante-Mensah", "kwame.asante-mensah", "Accra"), ("Priya Nair", "priya.nair", "Kolkata"),
    ("Ramon Dizon", "ramon.dizon", "Clark"), ("Lindiwe Mthembu", "lindiwe.mthembu", "Hazyview"),
    ("Ngaio Puna", "ngaio.puna", "Rarotonga"), ("Pilar Sánchez Lacasa", "pilar.sanchez", "Jaca"),
    ("Farah Al Marzouqi", "farah.almarzouqi", "Dubai"), ("Wei Ling Tan", "weiling.tan", "Singapore"),
    ("Jonas van der Berg", "jonas.vanderberg", "Amsterdam"), ("Dawit Bekele", "dawit.bekele", "Dubai"),
    ("Sabine Köhler", "sabine.koehler", "Lisbon"), ("Tomás Ó Ceallaigh", "tomas.oceallaigh", "Edinburgh"),
    ("Aylin Yıldız", "aylin.yildiz", "Sochi"), ("Рустам Шамба", "rustam.shamba", "Sochi"),
    ("Bishnu Maharjan", "bishnu.maharjan", "Kathmandu"), ("Esi Dzokoto", "esi.dzokoto", "Accra"),
    ("Claire Dubois-Martin", "claire.dubois-martin", "Singapore"), ("Hamid Baloch", "hamid.baloch", "Dubai"),
    ("Nadia Rahimi", "nadia.rahimi", "New York"), ("Ethan Whitaker", "ethan.whitaker", "New York"),
]
STAFF = [Staff(*d) for d in STAFF_DATA]
S = {s.display: s for s in STAFF}
STAFF_CYCLE = Cycle(STAFF)


def staff():
    return STAFF_CYCLE()


class Guest:
    """Someone not in `people`: named only beside an address whose local part spells the name."""

    def __init__(self, display, latin, domain=None, caps=None):
        self.display = display
        self.latin = latin  # the Latin spelling of every name part, in order
        self.email = ".".join(latin).lower() + "@" + (domain or GUEST_DOMAINS())
        self.caps = caps


GUEST_REG = {}  # name as written -> Guest


def guest(display, latin, domain=None):
    g = Guest(display, latin, domain)
    GUEST_REG[display] = g
    return g


def name_form(g, form):
    """The guest's name written another way (registered so validation can find it)."""
    if form == "caps":
        v = g.display.upper()
    elif form == "last_first":
        parts = g.display.split(" ")
        v = parts[-1] + ", " + " ".join(parts[:-1])
    else:
        v = form
    GUEST_REG[v] = g
    return v


EN_GUESTS = Cycle([
    ("Harriet Penhaligon", ["harriet", "penhaligon"]), ("Rafael Oyarzún", ["rafael", "oyarzun"]),
    ("Mei-Lin Okafor", ["meilin", "okafor"]), ("Conor MacAuley", ["conor", "macauley"]),
    ("Ingrid Solberg", ["ingrid", "solberg"]), ("Tobias Wenninger", ["tobias", "wenninger"]),
    ("Amara Nwachukwu", ["amara", "nwachukwu"]), ("Beatriz Salgueiro", ["beatriz", "salgueiro"]),
    ("Yusuf Demirtaş", ["yusuf", "demirtas"]), ("Camille Rousseau-Vidal", ["camille", "rousseau", "vidal"]),
    ("Kenji Watanabe", ["kenji", "watanabe"]), ("Siobhan Delaney", ["siobhan", "delaney"]),
    ("Anouk de Vries", ["anouk", "de", "vries"]), ("Mateus Albuquerque", ["mateus", "albuquerque"]),
    ("Olamide Adebayo", ["olamide", "adebayo"]), ("Freya Lindqvist", ["freya", "lindqvist"]),
    ("Dmitri Volkonsky", ["dmitri", "volkonsky"]), ("Laleh Farahani", ["laleh", "farahani"]),
    ("Grace Whitmore", ["grace", "whitmore"]), ("Tiago Esteves", ["tiago", "esteves"]),
    ("Hana Novotná", ["hana", "novotna"]), ("Marcus Bellweather", ["marcus", "bellweather"]),
    ("Aditi Raghunathan", ["aditi", "raghunathan"]), ("Lucía Ferrán Ibarra", ["lucia", "ferran", "ibarra"]),
    ("Jun-ho Park", ["junho", "park"]), ("Wiremu Tane", ["wiremu", "tane"]),
    ("Elodie Marchetti", ["elodie", "marchetti"]), ("Samuel Oduya", ["samuel", "oduya"]),
    ("Petra Lindholm", ["petra", "lindholm"]), ("Zainab Haidari", ["zainab", "haidari"]),
    ("Gustavo Pimentel", ["gustavo", "pimentel"]), ("Nora Haddad", ["nora", "haddad"]),
    ("Otto Brenninkmeijer", ["otto", "brenninkmeijer"]), ("Keira O'Donnell", ["keira", "odonnell"]),
    ("Raúl Cifuentes", ["raul", "cifuentes"]), ("Ayesha Siddiqui", ["ayesha", "siddiqui"]),
    ("Lars Eriksen", ["lars", "eriksen"]), ("Bronwyn Ellery", ["bronwyn", "ellery"]),
    ("Chiara Benedetti", ["chiara", "benedetti"]), ("Femi Ogunleye", ["femi", "ogunleye"]),
    ("Valentina Orsini", ["valentina", "orsini"]), ("Hugo Laurent", ["hugo", "laurent"]),
    ("Mirela Popescu", ["mirela", "popescu"]), ("Declan Fairbairn", ["declan", "fairbairn"]),
    ("Sunita Bhattarai", ["sunita", "bhattarai"]), ("Pablo Iriarte", ["pablo", "iriarte"]),
    ("Astrid Nygaard", ["astrid", "nygaard"]), ("Moana Teriierooiterai", ["moana", "teriierooiterai"]),
], shuffle=False)


def en_guest():
    d, latin = EN_GUESTS()
    return guest(d, latin)


# --- languages -----------------------------------------------------------------------------
# Each: code, name, own word for password, phone country, relative's phone country, refund
# (IBAN country or card brand), staff on the chat line and the colleague, two guests, and the
# sentences. Slots: n guest name, e address, p phone, c colleague, cp colleague's phone,
# rp relative's phone, pw password, cc card, s staff, acct IBAN or card, and look-alikes
# r (reservation), f (folio), m (masked card), a (auth code), d (date), l (loyalty no.),
# k (price), t (TID), g (EAN), o (room range).

LANGS = [
    dict(code="an", name="Aragonese", word="clau d'acceso", country="ES", rel="ES", pay="ES",
         staff="Pilar Sánchez Lacasa", colleague="Marta Quintela",
         guests=[("Chorche Lanuza Casaus", ["chorche", "lanuza", "casaus"]),
                 ("Chuana Bielsa Ferrer", ["chuana", "bielsa", "ferrer"])],
         complaint="Queixa d'o güesped ⟦n⟧ (⟦e⟧): a calefacción d'a chambra 312 no funciona dende ayer y dengún no ha plegau. Telefono: ⟦p⟧.",
         note="Nota d'o chofer d'o transfer ta Jaca: si no plego ta las 7, clamaz a ⟦c⟧ ⟦cp⟧ u a mi chermana ⟦rp⟧.",
         wifi="A clau d'acceso d'o wifi d'o personal (Orlavea-Staff) ye ⟦pw⟧, no la dez a os güespedes.",
         card="[chat 21:14] güesped: a mía tarcheta ye ⟦cc⟧, caduca 08/28, cobraz-me a fianza",
         chat="⟦s⟧: so en recepción d'o Pirineu, clama-me a ⟦p⟧ si os d'o autobús no plegan",
         refund="Reembolso de 240,00 € a la cuenta ⟦acct⟧ por a nueit que no se fació servir.",
         neg=["A reserva ⟦r⟧ ye confirmada ta las nueches d'o ⟦d⟧, chambras ⟦o⟧; o folio ye ⟦f⟧.",
              "O codigo d'autorización ⟦a⟧ y a tarcheta ⟦m⟧ son en o folio ⟦f⟧; a clau se cambeó ahiere."]),
    dict(code="mwl", name="Mirandese", word="palabra-passe", country="PT", rel="PT", pay="PT",
         staff="Marta Quintela", colleague="Sabine Köhler",
         guests=[("Alcina Preto Gonçalves", ["alcina", "preto", "goncalves"]),
                 ("Amadeu Raposo Fernandes", ["amadeu", "raposo", "fernandes"])],
         complaint="Reclamaçon de l huésped ⟦n⟧ (⟦e⟧, ⟦p⟧): l quarto 207 stába sujo i nun houbo auga caliente a la manhana.",
         note="Nota de l motorista: se nun chegar a las seis, lhamai a ⟦c⟧ ⟦cp⟧ ou a la mie mai ⟦rp⟧.",
         wifi="La palabra-passe de l Wi-Fi de ls trabalhadores ye ⟦pw⟧ (nun la dar als huéspedes).",
         card="[chat] huésped: l miu cartón ye ⟦cc⟧, podeis cobrar yá la squina?",
         chat="⟦s⟧: stou na receçon de Lisboa, lhamai-me pa l ⟦p⟧",
         refund="Debolber 180,00 € pa la cuonta ⟦acct⟧ (resserba cancelada a tiempo).",
         neg=["La resserba ⟦r⟧ fui cunfirmada pa ls dies ⟦d⟧, quartos ⟦o⟧, preço ⟦k⟧.",
              "L código de outorizaçon ⟦a⟧ i l cartón ⟦m⟧ stan ne l fólio ⟦f⟧; la palabra-passe yá fui mudada."]),
    dict(code="scn", name="Sicilian", word="palora d'accessu", country="IT", rel="IT", pay="IT",
         staff="Giulia Lo Verde", colleague="Sabine Köhler",
         guests=[("Turiddu Lo Cascio", ["turiddu", "lo", "cascio"]),
                 ("Rosalia Di Franco", ["rosalia", "di", "franco"])],
         complaint="Lamentela dû clienti ⟦n⟧ (⟦e⟧): a càmmara 508 nun havi acqua càuda e u tràghettu pî Lìpari partìu senza d'iddu. Tilèfunu: ⟦p⟧.",
         note="Nota dû autista dû porto: si nun arrivu pî 7, chiamati a ⟦c⟧ ⟦cp⟧ o a me frati ⟦rp⟧.",
         wifi="A palora d'accessu dû wifi dû pirsunali è ⟦pw⟧, nun a dati ê clienti.",
         card="[chat] clienti: a me carta è ⟦cc⟧, pigghiati u diipòsitu",
         chat="⟦s⟧: sugnu â ricezzioni di Palermu, chiamatimi ô ⟦p⟧",
         refund="Rimborsu di 320,00 € ô cuntu ⟦acct⟧ pû bigliettu dû tràghettu annullatu.",
         neg=["A prinotazzioni ⟦r⟧ è cunfirmata pî ⟦d⟧, càmmari ⟦o⟧, prezzu ⟦k⟧.",
              "U còdici d'autorizzazzioni ⟦a⟧ e a carta ⟦m⟧ sunnu nô fòliu ⟦f⟧; a palora d'accessu fu canciata."]),
    dict(code="sco", name="Scots", word="passwird", country="GB", rel="GB", pay="GB",
         staff="Callum Rennie", colleague="Tomás Ó Ceallaigh",
         guests=[("Morag Souter", ["morag", "souter"]), ("Tam Drummond-Kerr", ["tam", "drummond", "kerr"])],
         complaint="Complaint frae guest ⟦n⟧ (⟦e⟧): the radiator in room 214 isnae wirkin an the bath's clartit. Phone: ⟦p⟧.",
         note="Driver's note: gin A'm no back by seeven, ring ⟦c⟧ on ⟦cp⟧ or ma brither on ⟦rp⟧.",
         wifi="The staff wifi passwird is ⟦pw⟧ — dinnae gie it tae the guests.",
         card="[chat] guest: ma caird is ⟦cc⟧, tak the deposit aff it",
         chat="⟦s⟧: A'm at the front desk in Embra, gie's a ring on ⟦p⟧",
         refund="Refund o £145.00 tae accoont ⟦acct⟧ for the nicht they didnae bide.",
         neg=["Bookin ⟦r⟧ is confirmt for ⟦d⟧, rooms ⟦o⟧, at ⟦k⟧ the nicht.",
              "Auth code ⟦a⟧ an caird ⟦m⟧ are on folio ⟦f⟧; the passwird wis chynged yesterday."]),
    dict(code="rue", name="Rusyn", word="гесло", country="SK", rel="SK", pay="SK",
         staff="Zuzana Hrabovská", colleague="Jonas van der Berg",
         guests=[("Ганна Лабош", ["hanna", "labosh"]), ("Штефан Гусняк", ["shtefan", "husniak"])],
         complaint="Скарга гостя ⟦n⟧ (⟦e⟧): в ізбі 118 не іде тепла вода, а в ресторанї нас не пустили. Телефон: ⟦p⟧.",
         note="Записка шофера: кедь не прийду до 7, звоньте ⟦c⟧ ⟦cp⟧ або моїй мамі ⟦rp⟧.",
         wifi="Гесло до Wi-Fi про персонал у Татрах: ⟦pw⟧",
         card="[чат] гость: моя карта ⟦cc⟧, заплатьте з ней заклад",
         chat="⟦s⟧: я на рецепції, звоньте ми на ⟦p⟧",
         refund="Вернути 210,00 € на рахунок ⟦acct⟧ за скасованый пакет у Велнесі.",
         neg=["Резервація ⟦r⟧ потверджена на ⟦d⟧, ізбы ⟦o⟧, цїна ⟦k⟧.",
              "Код авторизації ⟦a⟧ і карта ⟦m⟧ суть на фолії ⟦f⟧; гесло уж змінили."]),
    dict(code="gag", name="Gagauz", word="parola", country="MD", rel="TR", pay="MD",
         staff="Ion Ciobanu", colleague="Aylin Yıldız",
         guests=[("Petri Uzun", ["petri", "uzun"]), ("Mariya Kösä", ["mariya", "kosa"])],
         complaint="Müşterinin şikayeti ⟦n⟧ (⟦e⟧): 406 odada sıcak su yok, kahvaltı da soluktu. Telefon: ⟦p⟧.",
         note="Şoförün notu: eer saat yedidä gelmärsäm, çaarın ⟦c⟧ ⟦cp⟧ yada benim kardaşıma ⟦rp⟧.",
         wifi="Personal için Wi-Fi parolası: ⟦pw⟧",
         card="[çat] müşteri: benim kartım ⟦cc⟧, depoziti oradan alın",
         chat="⟦s⟧: Kişinövdä resepşındayım, çaarın beni ⟦p⟧",
         refund="Geeri ödemäk 2 450 MDL hesaba ⟦acct⟧.",
         neg=["Rezervaţiya ⟦r⟧ onaylandı ⟦d⟧ için, odalar ⟦o⟧, fiyat ⟦k⟧.",
              "Avtorizaţiya kodu ⟦a⟧ hem kart ⟦m⟧ folioda ⟦f⟧; parola diiştirildi."]),
    dict(code="crh", name="Crimean Tatar", word="parol", country="UA", rel="TR", pay="UA",
         staff="Aylin Yıldız", colleague="Рустам Шамба",
         guests=[("Emine Çelebiyeva", ["emine", "celebiyeva"]), ("Server Qurtseitov", ["server", "qurtseitov"])],
         complaint="Musafirniñ şikâyeti ⟦n⟧ (⟦e⟧): 611 odada klimat çalışmay, gece uyuyalmadıq. Telefon: ⟦p⟧.",
         note="Şoferniñ notu: saat yedige qadar kelmesem, ⟦c⟧ ⟦cp⟧ ya da anama ⟦rp⟧ telefon etiñiz.",
         wifi="Hadimler içün Wi-Fi paroli: ⟦pw⟧",
         card="[çat] musafir: meniñ kartam ⟦cc⟧, depozitni alıñız",
         chat="⟦s⟧: resepsiyondam, maña ⟦p⟧ nomerine telefon etiñiz",
         refund="Qaytarma 6 800 UAH ⟦acct⟧ esabına.",
         neg=["⟦r⟧ nomeralı bron ⟦d⟧ içün tasdıqlandı, odalar ⟦o⟧, fiyatı ⟦k⟧.",
              "Avtorizatsiya kodu ⟦a⟧ ve karta ⟦m⟧ ⟦f⟧ foliosında; parol deñiştirildi."]),
    dict(code="bua", name="Buryat", word="нюуса үгэ", country="RU", rel="RU", pay="Mir",
         staff="Дарима Будаева", colleague="Рустам Шамба",
         guests=[("Баир Дашиевич Цыдендамбаев", ["bair", "dashievich", "tsydendambaev"]),
                 ("Сэсэгма Жамсуева", ["sesegma", "zhamsueva"])],
         complaint="Айлшанай гомдол ⟦n⟧ (⟦e⟧): 204-дэхи үрөөдэ халуун уһан үгы, Байгал руу экскурси хойшолуулагдаа. Утаһан: ⟦p⟧.",
         note="Жолоочын тэмдэглэл: долоон сагта ерээгүй һаа, ⟦c⟧ ⟦cp⟧ гү, али эжыдээ ⟦rp⟧ хонходогты.",
         wifi="Ажалшадай Wi-Fi нюуса үгэ: ⟦pw⟧",
         card="[чат] айлшан: минии карта ⟦cc⟧, залог эндэһээ абагты",
         chat="⟦s⟧: би ресепшн дээрэ байнаб, ⟦p⟧ руу хонходогты",
         refund="Мүнгэ бусааха: 14 200 ₽ картада ⟦acct⟧.",
         neg=["Броньто ⟦r⟧ ⟦d⟧ баталагдаа, үрөөнүүд ⟦o⟧, сэн ⟦k⟧.",
              "Авторизациин код ⟦a⟧ ба карта ⟦m⟧ фолио ⟦f⟧ дээрэ; нюуса үгэ һэлгэгдээ."]),
    dict(code="ab", name="Abkhaz", word="амаӡа ажәа", country="RU", rel="RU", pay="Mir",
         staff="Рустам Шамба", colleague="Aylin Yıldız",
         guests=[("Астамур Аршба", ["astamur", "arshba"]), ("Гунда Квициниа", ["gunda", "kvitsinia"])],
         complaint="Асас игәаҟра ⟦n⟧ (⟦e⟧): ауада 309 аҟны апхарра ыҟам, аҳаирбаӷь аҵыхәала ицәыӡит. Ател.: ⟦p⟧.",
         note="Амашьынныҟәгаҩ изаметка: асааҭ 7 рзы сымаазар, ⟦c⟧ ⟦cp⟧ ма сашьа ⟦rp⟧ иасыжәга.",
         wifi="Аусзуҩцәа рзы Wi-Fi амаӡа ажәа: ⟦pw⟧",
         card="[чат] асас: сара скарта ⟦cc⟧, азалог убра иаашәга",
         chat="⟦s⟧: сара ресепшн аҟны сыҟоуп, ⟦p⟧ ахь исасы",
         refund="Ашәахтә 11 600 ₽ акарта ⟦acct⟧ ахь ирхынҳәтәуп.",
         neg=["Абронь ⟦r⟧ ⟦d⟧ рзы иашоуп, ауадақәа ⟦o⟧, ахә ⟦k⟧.",
              "Авторизациа акод ⟦a⟧ и акарта ⟦m⟧ афолио ⟦f⟧ аҟны; амаӡа ажәа рыпсахит."]),
    dict(code="bal", name="Balochi", word="رازی گال", country="PK", rel="AE", pay="PK",
         staff="Hamid Baloch", colleague="Farah Al Marzouqi",
         guests=[("نوید بلوچ", ["naveed", "baloch"]), ("ماہ گنج رند", ["mahganj", "rind"])],
         complaint="مهمانءِ شکایت ⟦n⟧، ⟦e⟧: کمرہ 215ءَ گرمیں آپ نیست. فون: ⟦p⟧",
         note="ڈرائیورءِ یادداشت: اگاں من هپتءَ نہ رستاں، ⟦c⟧ ⟦cp⟧ یا منی براتءَ ⟦rp⟧ ءَ فون کنیت.",
         wifi="کارمندانی Wi-Fi ءِ رازی گال: ⟦pw⟧",
         card="[چیٹ] مهمان: منی کارڈ ⟦cc⟧",
         chat="⟦s⟧: من ریسپشنءَ آں، منا ⟦p⟧ ءَ فون کن",
         refund="واترگردینگ 38,500 روپیہ حساب ⟦acct⟧ ءَ.",
         neg=["بکنگ ⟦r⟧ ⟦d⟧ ءِ واستا تصدیق بوتگ، کمرہ ⟦o⟧، قیمت ⟦k⟧.",
              "اتھارائزیشن کوڈ ⟦a⟧ و کارڈ ⟦m⟧ فولیو ⟦f⟧ ءَ انت؛ رازی گال بدل بوتگ."]),
    dict(code="gom", name="Konkani", word="गुपीत उतर", country="IN", rel="IN", pay="RuPay",
         staff="अनिल कामत", colleague="Priya Nair",
         guests=[("प्रिया नायक", ["priya", "naik"]), ("साविओ फर्नांडिस", ["savio", "fernandes"])],
         complaint="सोयऱ्याची कागाळ ⟦n⟧ (⟦e⟧): कूड 118 त गरम उदक ना आनी बीच शॅक बुकिंग चुकलें. फोन: ⟦p⟧.",
         note="ड्रायव्हराची नोंद: हांव 7 वरांमेरेन पावलों ना जाल्यार, ⟦c⟧ ⟦cp⟧ वा म्हज्या भावाक ⟦rp⟧ फोन करात.",
         wifi="कामगारांच्या Wi-Fi चें गुपीत उतर: ⟦pw⟧",
         card="[चॅट] सोयरो: म्हजें कार्ड ⟦cc⟧, डिपॉझिट हातूंतल्यान घेयात",
         chat="⟦s⟧: हांव रिसेप्शनाचेर आसां, म्हाका ⟦p⟧ चेर फोन करात",
         refund="₹12,400 परत कार्ड ⟦acct⟧ चेर.",
         neg=["बुकिंग ⟦r⟧ ⟦d⟧ खातीर निश्चीत, कूड ⟦o⟧, मोल ⟦k⟧.",
              "ऑथरायझेशन कोड ⟦a⟧ आनी कार्ड ⟦m⟧ फोलियो ⟦f⟧ चेर आसात; गुपीत उतर बदलां."]),
    dict(code="sat", name="Santali", word="ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ", country="IN", rel="IN", pay="RuPay",
         staff="Priya Nair", colleague="अनिल कामत",
         guests=[("ᱥᱩᱢᱤᱛᱨᱟ ᱢᱩᱨᱢᱩ", ["sumitra", "murmu"]), ("ᱵᱤᱨᱥᱟ ᱴᱩᱰᱩ", ["birsa", "tudu"])],
         complaint="ᱯᱟᱦᱩᱱᱟ ᱨᱮᱭᱟᱜ ᱱᱟᱹᱞᱤᱥ ⟦n⟧ (⟦e⟧): ᱠᱚᱴᱷᱟ 221 ᱨᱮ ᱞᱚᱞᱚ ᱫᱟᱜ ᱵᱟᱹᱱᱩᱜᱼᱟ ᱾ ᱯᱷᱚᱱ: ⟦p⟧",
         note="ᱜᱟᱹᱰᱤ ᱪᱟᱞᱟᱣᱤᱭᱟᱹ ᱨᱮᱭᱟᱜ ᱚᱞ: 7 ᱴᱟᱲᱟᱝ ᱫᱷᱟᱹᱵᱤᱡ ᱵᱟᱝ ᱥᱮᱴᱮᱨᱚᱜ ᱠᱷᱟᱱ, ⟦c⟧ ⟦cp⟧ ᱟᱨ ᱵᱟᱝ ᱤᱧᱟᱜ ᱵᱚᱭᱦᱟ ⟦rp⟧ ᱨᱮ ᱯᱷᱚᱱ ᱢᱮ ᱾",
         wifi="ᱠᱟᱹᱢᱤᱭᱟᱹ ᱠᱚᱣᱟᱜ Wi-Fi ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ: ⟦pw⟧",
         card="[ᱪᱮᱴ] ᱯᱟᱦᱩᱱᱟ: ᱤᱧᱟᱜ ᱠᱟᱨᱰ ⟦cc⟧",
         chat="⟦s⟧: ᱤᱧ ᱨᱤᱥᱮᱯᱥᱚᱱ ᱨᱮ ᱢᱮᱱᱟᱹᱧᱟ, ⟦p⟧ ᱨᱮ ᱯᱷᱚᱱ ᱢᱮ",
         refund="₹9,800 ᱨᱤᱯᱷᱟᱸᱰ ᱠᱟᱨᱰ ⟦acct⟧ ᱛᱮ ᱾",
         neg=["ᱵᱩᱠᱤᱝ ⟦r⟧ ⟦d⟧ ᱞᱟᱹᱜᱤᱫ ᱯᱚᱠᱟ, ᱠᱚᱴᱷᱟ ⟦o⟧, ᱜᱚᱱᱚᱝ ⟦k⟧ ᱾",
              "ᱚᱛᱷᱚᱨᱟᱭᱡᱮᱥᱚᱱ ᱠᱚᱰ ⟦a⟧ ᱟᱨ ᱠᱟᱨᱰ ⟦m⟧ ᱯᱷᱚᱞᱤᱭᱚ ⟦f⟧ ᱨᱮ; ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ ᱵᱚᱫᱚᱞ ᱮᱱᱟ ᱾"]),
    dict(code="new", name="Newar", word="सुलाःगु खँग्वः", country="NP", rel="NP", pay="Visa",
         staff="Bishnu Maharjan", colleague="Priya Nair",
         guests=[("सुजना श्रेष्ठ", ["sujana", "shrestha"]), ("राजेन्द्र महर्जन", ["rajendra", "maharjan"])],
         complaint="पाहांया उजुरी ⟦n⟧ (⟦e⟧): कोथा 304 य् क्वाःगु लः मदु, ट्रेकिङ प्याकेज नं ल्यूने लाःगु। फोन: ⟦p⟧",
         note="ड्राइभरया नोट: जि न्हय्‌ता बजे तक मवःसा ⟦c⟧ ⟦cp⟧ वा जिमि दाजुयात ⟦rp⟧ य् फोन याना दिसँ।",
         wifi="ज्यामिपिनिगु Wi-Fi सुलाःगु खँग्वः: ⟦pw⟧",
         card="[च्याट] पाहां: जिगु कार्ड ⟦cc⟧",
         chat="⟦s⟧: जि रिसेप्सनय् दु, ⟦p⟧ य् फोन यानादिसँ",
         refund="रु 15,600 लित कार्ड ⟦acct⟧ य्।",
         neg=["बुकिङ ⟦r⟧ ⟦d⟧ या लागि पक्का जुल, कोथा ⟦o⟧, भाः ⟦k⟧।",
              "अथराइजेसन कोड ⟦a⟧ व कार्ड ⟦m⟧ फोलियो ⟦f⟧ य् दु; सुलाःगु खँग्वः हिलाछ्वल।"]),
    dict(code="ee", name="Ewe", word="nya ɣaɣla", country="GH", rel="TG", pay="Mastercard",
         staff="Esi Dzokoto", colleague="Kwame Asante-Mensah",
         guests=[("Dzifa Amegashie", ["dzifa", "amegashie"]), ("Kɔmla Agbenyega", ["komla", "agbenyega"])],
         complaint="Amedzro ƒe nyatoƒoe ⟦n⟧ (⟦e⟧): xɔ 412 me tsi dzodzoe meli o, eye wometsɔ eƒe agbawo vɛ o. Fon: ⟦p⟧.",
         note="Ʋukula ƒe nuŋɔŋlɔ: ne nyemeva ɣeyiɣi 7 me o la, yɔ ⟦c⟧ ⟦cp⟧ alo nɔvinye ⟦rp⟧.",
         wifi="Dɔwɔlawo ƒe Wi-Fi nya ɣaɣla: ⟦pw⟧",
         card="[chat] amedzro: nye kard enye ⟦cc⟧, xɔ ga la le eme",
         chat="⟦s⟧: mele resepshɔn le Accra, yɔm le ⟦p⟧ dzi",
         refund="Ga GH₵ 1,850 trɔ yi kard ⟦acct⟧ dzi.",
         neg=["Bukin ⟦r⟧ la woɖo kpe edzi na ⟦d⟧, xɔwo ⟦o⟧, asi ⟦k⟧.",
              "Mɔɖeɖe kod ⟦a⟧ kple kard ⟦m⟧ le folio ⟦f⟧ dzi; wotrɔ nya ɣaɣla la."]),
    dict(code="rn", name="Kirundi", word="ijambo ry'ibanga", country="BI", rel="BI", pay="Visa",
         staff="Dawit Bekele", colleague="Lindiwe Mthembu",
         guests=[("Ange Niyonkuru", ["ange", "niyonkuru"]), ("Jean-Claude Ndayishimiye", ["jean", "claude", "ndayishimiye"])],
         complaint="Ikirego c'umushitsi ⟦n⟧ (⟦e⟧): mu cumba 207 nta mazi ashushe, kandi bamwishuje kabiri. Telefone: ⟦p⟧.",
         note="Icibutso c'umushoferi: nintashika imbere y'isaha 7, muhamagare ⟦c⟧ ⟦cp⟧ canke mukuru wanje ⟦rp⟧.",
         wifi="Ijambo ry'ibanga rya Wi-Fi y'abakozi: ⟦pw⟧",
         card="[chat] umushitsi: ikarata yanje ni ⟦cc⟧",
         chat="⟦s⟧: ndi kuri resepsiyo, mumpamagare kuri ⟦p⟧",
         refund="Gusubiza amahera 540 000 FBu ku ikarata ⟦acct⟧.",
         neg=["Ikibanza ⟦r⟧ carashimangiwe ku ⟦d⟧, ivyumba ⟦o⟧, igiciro ⟦k⟧.",
              "Kode y'uruhusha ⟦a⟧ n'ikarata ⟦m⟧ biri kuri folio ⟦f⟧; ijambo ry'ibanga ryarahinduwe."]),
    dict(code="pam", name="Kapampangan", word="amanung lihim", country="PH", rel="PH", pay="JCB",
         staff="Ramon Dizon", colleague="Wei Ling Tan",
         guests=[("Liza Dizon Manalang", ["liza", "dizon", "manalang"]), ("Rommel Sicat Lansangan", ["rommel", "sicat", "lansangan"])],
         complaint="Reklamu ning bisita ⟦n⟧ (⟦e⟧): ala yang mapali danum king kuartu 315, at e la dinatang ing shuttle. Telepunu: ⟦p⟧.",
         note="Tala ning drayber: nung ali ku datang anggang alas-7, tawagan yu i ⟦c⟧ ⟦cp⟧ o ing kapatad ku ⟦rp⟧.",
         wifi="Ing amanung lihim ning Wi-Fi da reng empleyadu: ⟦pw⟧",
         card="[chat] bisita: ing card ku ⟦cc⟧, ban mabayaran ne ing deposit",
         chat="⟦s⟧: atyu ku king front desk, tawagan yu ku king ⟦p⟧",
         refund="Isauli ing ₱8,450 king card ⟦acct⟧.",
         neg=["Ing booking ⟦r⟧ kumpirmadu para king ⟦d⟧, kuartu ⟦o⟧, halaga ⟦k⟧.",
              "Ing authorization code ⟦a⟧ at ing card ⟦m⟧ atyu la king folio ⟦f⟧; mesalese ne ing amanung lihim."]),
    dict(code="rar", name="Rarotongan (Cook Islands Māori)", word="kupu muna", country="CK", rel="NZ", pay="Amex",
         staff="Ngaio Puna", colleague="Wei Ling Tan",
         guests=[("Tepaeru Tangaroa", ["tepaeru", "tangaroa"]), ("Māui Tamarua", ["maui", "tamarua"])],
         complaint="Tā te manuiri tuatua pātoi ⟦n⟧ (⟦e⟧): kāre e vai mā'ana i roto i te piha 118, kāre te pōti i tae mai. Tereponi: ⟦p⟧.",
         note="Tuatua a te taraiva: me kāre au e tae mai i te 7, tāniuniu atu kia ⟦c⟧ ⟦cp⟧ me kore tōku tuakana ⟦rp⟧.",
         wifi="Te kupu muna Wi-Fi a te au tangata angaanga: ⟦pw⟧",
         card="[chat] manuiri: tōku kāri ⟦cc⟧",
         chat="⟦s⟧: tei te front desk au, tāniuniu mai ki ⟦p⟧",
         refund="Kia tuku akaoki i te NZ$ 640 ki te kāri ⟦acct⟧.",
         neg=["Te booking ⟦r⟧ kua āpiti ia no te ⟦d⟧, au piha ⟦o⟧, te moni ⟦k⟧.",
              "Te kōti akatika ⟦a⟧ e te kāri ⟦m⟧ tei runga i te folio ⟦f⟧; kua taui ia te kupu muna."]),
    dict(code="ts", name="Xitsonga", word="phasiwedi", country="ZA", rel="ZA", pay="Visa",
         staff="Lindiwe Mthembu", colleague="Dawit Bekele",
         guests=[("Tsakani Baloyi", ["tsakani", "baloyi"]), ("Hlulani Maluleke", ["hlulani", "maluleke"])],
         complaint="Xivilelo xa muendzi ⟦n⟧ (⟦e⟧): a ku na mati yo hisa ekamareni ra 209, na safari ya nimixo yi tsandzekile. Riqingho: ⟦p⟧.",
         note="Xitsundzuxo xa muchayeri: loko ndzi nga fiki hi 7, ringela ⟦c⟧ ⟦cp⟧ kumbe makwerhu ⟦rp⟧.",
         wifi="Phasiwedi ya Wi-Fi ya vatirhi: ⟦pw⟧",
         card="[chat] muendzi: karata ya mina i ⟦cc⟧",
         chat="⟦s⟧: ndzi le resepxini, ndzi ringele eka ⟦p⟧",
         refund="Ku vuyisela R 2 380,00 eka karata ⟦acct⟧.",
         neg=["Buku ⟦r⟧ yi tiyisisiwile hi ⟦d⟧, tikamara ⟦o⟧, nxavo ⟦k⟧.",
              "Khodi ya mpfumelelo ⟦a⟧ na karata ⟦m⟧ swi le ka folio ⟦f⟧; phasiwedi yi cinciwile."]),
]


# --- look-alikes -----------------------------------------------------------------------------

def conf_no():
    return Look(R.choice([f"ORV-{digits(7)}", digits(8), f"{R.choice('KLMQX')}{digits(9)}", f"OHG{digits(6)}-{digits(2)}"]))


def folio_no():
    return Look(R.choice([f"{digits(7)}-0{R.randrange(1, 9)}", f"F{digits(6)}", f"FOL-{digits(5)}/{R.randrange(1, 4)}"]))


def masked_card():
    return Look(R.choice([f"**** {digits(4)}", f"•••• {digits(4)}", f"4{digits(3)} **** **** {digits(4)}",
                          f"{R.choice(['52', '41', '37'])}{digits(4)}******{digits(4)}", f"XXXX-XXXX-XXXX-{digits(4)}",
                          f"ending {digits(4)}"]))


def auth_code():
    return Look(R.choice([rs(6, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), digits(6)]))


def date_range():
    d = R.randrange(1, 24)
    return Look(R.choice([f"{d:02d}–{d + 3:02d}.03.2026", f"2026-04-{d:02d}/{d + 2:02d}", f"{d}/5/2026 – {d + 4}/5/2026",
                          f"{d:02d} Jun 2026 → {d + 2:02d} Jun 2026"]))


def room_range():
    f = R.randrange(2, 19)
    a = R.randrange(1, 20)
    return Look(f"{f}{a:02d}–{f}{a + R.randrange(2, 6):02d}")


def price():
    return Look(R.choice([f"€ {R.randrange(1, 9)}.{digits(3)},{digits(2)}", f"AED {R.randrange(1, 9)},{digits(3)}.00",
                          f"₹{R.randrange(10, 99)},{digits(3)}", f"GH₵ {R.randrange(200, 990)}.{digits(2)}",
                          f"£{R.randrange(90, 900)}.{digits(2)}", f"{R.randrange(1, 9)} {digits(3)} ₽", f"NZ$ {R.randrange(100, 999)}",
                          f"R {R.randrange(1, 9)} {digits(3)},00", f"₱{R.randrange(1, 20)},{digits(3)}.00"]))


def tid():
    return Look(f"TID {digits(8)} / MID {digits(12)}")


def loyalty_no():
    return Look(R.choice([f"OC {digits(4)} {digits(4)} {digits(2)}", f"OC-{digits(9)}"]))


LOOK_SLOTS = {"r": conf_no, "f": folio_no, "m": masked_card, "a": auth_code, "d": date_range,
              "o": room_range, "k": price, "t": tid, "l": loyalty_no}


def fill_looks(template):
    return {k: f() for k, f in LOOK_SLOTS.items() if f"⟦{k}⟧" in template}


# --- language lines ------------------------------------------------------------------------

def lang_lines():
    for i, L in enumerate(LANGS):
        code = L["code"]
        g1, g2 = guest(*L["guests"][0]), guest(*L["guests"][1])
        st, col = S[L["staff"]], S[L["colleague"]]
        sent = T(L["complaint"], n=per(g1.display), e=em(g1.email), p=ph(phone(L["country"])))
        frame = i % 4
        if frame == 0:
            emit("guest complaint", code, [f"*Summary:* Guest complaint ({L['name']}) — {Look(conf_no())}\n*Watchers:* [~accountid:",
                                           per(st.account_id), "]\n*Description:*\n", sent], [st])
        elif frame == 1:
            emit("guest complaint", code, [f"Contact form orlavea.com/{code}/contact · lang={code}\nMessage: ", sent])
        elif frame == 2:
            emit("guest complaint", code, ["---------- Forwarded message ---------\n> ", sent, "\n\n", per(st.display),
                                           ": please log this in Stayline and call back today."], [st])
        else:
            emit("guest complaint", code, [f"[Arrivo chatbot {hhmm()}] lang={code} transcript: ", sent])
        emit("staff note", code, T(L["note"], c=per(col.display), cp=ph(phone(L["country"])), rp=ph(phone(L["rel"]))), [col])
        emit("wifi", code, T(L["wifi"], pw=pw(wifi_password())))
        brand = {"bua": "Mir", "ab": "Mir", "gom": "RuPay", "sat": "RuPay"}.get(code)
        emit("card in chat", code, T(L["card"], cc=cc(card(brand))))
        emit("chat phone", code, T(L["chat"], s=per(st.display), p=ph(phone(L["country"]))), [st])
        ref = L["pay"]
        acct = ib(iban(ref)) if len(ref) == 2 else cc(card(ref))
        pre = [per(g2.display), " <", em(g2.email), "> — "] if i % 2 == 0 else [f"[Stayline refund RF-{digits(6)}] "]
        emit("refund", code, pre + T(L["refund"], acct=acct))
        for neg in L["neg"]:
            emit("negative", code, T(neg, **fill_looks(neg)))


# --- English (and mixed) content ---------------------------------------------------------

CITIES = ["Lisbon", "Palermo", "Jaca", "Edinburgh", "High Tatras", "Chișinău", "Sochi", "Ulan-Ude",
          "Dubai", "Goa", "Kolkata", "Kathmandu", "Accra", "Hazyview", "Clark", "Rarotonga", "Singapore"]
CITY = Cycle(CITIES)
CITY_COUNTRY = {"Lisbon": "PT", "Palermo": "IT", "Jaca": "ES", "Edinburgh": "GB", "High Tatras": "SK",
                "Chișinău": "MD", "Sochi": "RU", "Ulan-Ude": "RU", "Dubai": "AE", "Goa": "IN", "Kolkata": "IN",
                "Kathmandu": "NP", "Accra": "GH", "Hazyview": "ZA", "Clark": "PH", "Rarotonga": "CK",
                "Singapore": "SG", "New York": "US", "Amsterdam": "NL"}
GUEST_COUNTRIES = Cycle(["GB", "US", "CA", "IE", "DE", "FR", "NL", "BE", "CH", "ES", "IT", "PT", "AU", "JP",
                         "HK", "TR", "MX", "BR", "KE", "ID", "SG", "AE", "IN", "ZA", "NZ", "UA", "RU", "SK"])
IBAN_COUNTRIES = Cycle(["GB", "DE", "FR", "NL", "BE", "CH", "ES", "IT", "PT", "AE", "SK", "MD", "UA", "PK"])
VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google", "hashicorp",
           "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack", "stripe", "twilio"]
VENDOR_CYCLE = Cycle(VENDORS)
VARIANT = Counter()


def vtok(vendor=None):
    vendor = vendor or VENDOR_CYCLE()
    n = {"aws": 2, "github": 4, "hashicorp": 2, "slack": 3, "stripe": 3, "twilio": 2}.get(vendor, 1)
    v = VARIANT[vendor] % n
    VARIANT[vendor] += 1
    return vendor, token(vendor, v)


def gphone():
    return ph(phone(GUEST_COUNTRIES()))


def room():
    return f"{R.randrange(1, 19)}{R.randrange(1, 40):02d}"


def day():
    return f"2026-{R.randrange(3, 10):02d}-{R.randrange(1, 29):02d}"


def ticket_complaint():
    g, st, st2, city = en_guest(), staff(), staff(), CITY()
    issue = R.choice(["noise from the terrace bar until 02:00", "a double charge for the minibar",
                      "the door lock rejecting the key card three times", "a cold shower and no towels",
                      "the spa booking being cancelled without notice", "the airport transfer not showing up"])
    emit("guest complaint", "en", [
        f"*Project:* GX · *Type:* Guest complaint · *Property:* Orlavea {city}\n*Reporter:* [~accountid:",
        per(st.account_id), f"]\n*Watchers:* @", per(st2.display), "\n*Guest:* ", per(g.display), " (", em(g.email),
        "), mobile ", gphone(), "\n*Stay:* conf ", conf_no(), f", room {room()}, arr {day()}\n*Description:* Guest reports {issue}. "
        "Asked for a call back before 18:00."], [st, st2])


def ticket_table():
    gs = [en_guest() for _ in range(R.randrange(2, 4))]
    st = staff()
    rows = []
    for g in gs:
        rows += ["|", per(g.display), "|", em(g.email), "|", gphone(), "|", conf_no(), f"|{room()}|\n"]
    emit("reservation ticket", "en", [f"h3. Late check-out requests — {CITY()}\n||Guest||E-mail||Phone||Conf||Room||\n"] + rows +
         ["Approved by [~accountid:", per(st.account_id), "]"], [st])


def ticket_reservation_change():
    g, st = en_guest(), staff()
    emit("reservation ticket", "en", [
        f"RES-{digits(5)} Date change: ", per(g.display), " asked to move conf ", conf_no(), f" from {day()} to {day()}. "
        "Loyalty ", loyalty_no(), ". Reach her on ", gphone(), " or ", em(g.email), ". Assigned to ", per(st.display), "."], [st])


def cfg_pms_yaml():
    dbpw, smtp_pw, api = password(0), password(3), password(3)
    emit("config", "en", [
        "# stayline-pms/values-prod.yaml\nstayline:\n  property: OHG-", Look(digits(3)), "\n  database:\n    host: ", ip(ipv4("10")),
        "\n    user: stayline_app\n    password: \"", pw(dbpw), "\"\n  smtp:\n    url: smtps://", uc(f"pms-mailer:{smtp_pw}"),
        "@smtp.ohg.internal:465\n  pos_bridge:\n    api_key: ", pw(api), "\n    timeout: 30s\n"])


def cfg_lock_ini():
    emit("config", "en", [
        f"; KeyNest encoder service — {CITY()}\n[server]\nhost = ", ip(ipv4("192")), "\nport = 8443\n[admin]\nuser = keynest-admin\npassword = ",
        pw(password(2)), "\n[encoders]\nencoder_01 = ", Look(f"ENC-{digits(4)}"), "\nsite_code = ", Look(rs(8, HEX.upper())),
        "\n"])


def cfg_kiosk_env():
    v1, t1 = vtok("stripe")
    v2, t2 = vtok("twilio")
    emit("config", "en", [
        "# arrivo-kiosk/.env\nKIOSK_ID=", Look(f"ARV-{digits(3)}"), "\nSTRIPE_SECRET_KEY=", ak(v1, t1), "\nTWILIO_API_KEY=",
        ak(v2, t2), "\nDATABASE_URL=postgres://", uc(f"kiosk:{password(3)}"), "@", ip(ipv4("172")), ":5432/arrivo\nLOG_LEVEL=info\n"])


def cfg_compose():
    emit("config", "en", [
        "services:\n  tillory-pos:\n    image: registry.ohg.internal/tillory:", Look(f"4.{R.randrange(1, 20)}.{R.randrange(0, 9)}"),
        "\n    environment:\n      POSTGRES_PASSWORD: ", pw(password(0)), "\n      REDIS_URL: redis://", uc(f":{password(3)}"),
        "@redis:6379/0\n      POS_SYNC_SECRET: ", pw(rs(32, HEX)), "\n    ports:\n      - \"8080:8080\"\n"])


def cfg_kiosk_json():
    secret = b64u(rbytes(32))
    emit("config", "en", [
        "{\n  \"kiosk\": \"", Look(f"ARV-{digits(3)}"), "\",\n  \"pms_endpoint\": \"https://", ip(ipv4("10")), ":9443/api\",\n"
        "  \"jwt_signing_secret\": \"", pw(secret), "\",\n  \"card_reader\": {\"tid\": \"", Look(digits(8)), "\", \"admin_pin_hash\": \"",
        Look(sha256()), "\"}\n}"])


def cfg_k8s_secret():
    a = base64.b64encode(password(3).encode()).decode()
    b = base64.b64encode(password(0).encode()).decode()
    emit("config", "en", [
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: tablewell-db\n  namespace: fnb\ntype: Opaque\ndata:\n  username: ",
        Look(base64.b64encode(b"tablewell").decode()), "\n  password: ", pw(a), "\n  api-secret: ", pw(b), "\n"])


def ota_curl():
    user = R.choice(["orlavea-lisbon", "ohg-channel", "orv-palermo"])
    emit("ota api", "en", [
        "curl -s -u ", user, ":", pw(password(3)), " https://api.channelhub.example/v2/properties/", Look(digits(6)),
        "/availability \\\n  -H 'Authorization: Bearer ", jw(jwt({"sub": user, "iss": "channelhub", "exp": 1775000000 + R.randrange(10 ** 6)})),
        "'"])


def ota_postman():
    emit("ota api", "en", [
        "{\"name\": \"OTA prod\", \"values\": [{\"key\": \"client_id\", \"value\": \"", Look(uuid4()),
        "\"}, {\"key\": \"client_secret\", \"value\": \"", pw(rs(40, URLSAFE)), "\"}, {\"key\": \"base_url\", \"value\": \"https://ota.example/api\"}]}"])


def ota_ci_log():
    v, t = vtok()
    emit("ota api", "en", [
        f"Run ./scripts/sync-rates.sh\n[{ts()}] fetching rate plans for {Look(digits(4))} hotels\n[{ts()}] DEBUG env TOKEN=", ak(v, t),
        f"\n[{ts()}] 200 OK in 412 ms"])


def ota_terraform():
    v, t = vtok("azure")
    v2, t2 = vtok("aws")
    emit("ota api", "en", [
        "# terraform.tfvars (channel-manager)\nstorage_account = \"ohgrates\"\nstorage_key = \"", ak(v, t),
        "\"\naws_access_key_id = \"", ak("aws", token("aws", 0)), "\"\naws_secret_access_key = \"", ak("aws", token("aws", 1)), "\"\n"])


def ota_vault():
    emit("ota api", "en", [
        "$ vault kv get secret/ota/booking-engine\n====== Data ======\nKey            Value\n---            -----\nusername       ohg-be\npassword       ",
        pw(password(0)), "\nhmac_secret    ", pw(rs(48, HEX)), "\n"])


def ota_python():
    v, t = vtok()
    emit("ota api", "en", [
        "import requests\nAPI_KEY = \"", ak(v, t), "\"\nr = requests.get(\"https://ota.example/v1/reservations\", params={\"hotel\": \"",
        Look(digits(5)), "\"}, headers={\"X-Api-Key\": API_KEY})"])


def ota_node():
    v, t = vtok()
    emit("ota api", "en", [
        "// channel-sync/index.js\nconst client = new ChannelHub({ apiKey: '", ak(v, t), "', secret: '", pw(rs(32)),
        "', region: 'eu-west-1' });"])


def email_thread():
    g, st = en_guest(), staff()
    mid = Look(f"<{rs(16, HEX)}.{digits(6)}@mail.{g.email.split('@')[1]}>")
    emit("email", "en", [
        "Return-Path: <", em(g.email), ">\nReceived: from mail.example (", ip(ipv4()), ") by mx1.orlavea.com\nFrom: \"", per(g.display), "\" <",
        em(g.email), ">\nTo: ", em("reservations@orlavea.com"), "\nCc: \"", per(st.display), "\" <", per(st.email),
        f">\nDate: Sat, 14 Mar 2026 {hhmm()}:11 +0000\nMessage-ID: ", mid, "\nSubject: Re: Booking ", conf_no(),
        "\n\nHello, could you call me on ", gphone(), " about the cot?\n\n> On 12 Mar, ", per(st.display),
        " wrote:\n> We hold your booking for two nights.\n\n-- \n", per(g.display), "\n"], [st])


def email_signature():
    g, st = en_guest(), staff()
    emit("email", "en", [
        "From: ", per(st.display), " <", per(st.email), ">\nTo: ", per(g.display), " <", em(g.email),
        ">\nSubject: Your spa booking at Thermea by Orlavea\n\nDear guest, your 90-minute treatment is confirmed for 10:30.\n\nKind regards,\n",
        per(st.display), "\nGuest Relations · Orlavea ", CITY(), "\nT ", ph(phone(R.choice(["PT", "IT", "GB", "AE", "SG"]))),
        " | ", em("guestrelations@orlavea.com")], [st])


def pay_prose():
    g = en_guest()
    emit("payment", "en", [
        "Guest ", per(g.display), " (", em(g.email), ") settled the bar tab by phone with card ", cc(card()),
        "; Tillory check ", Look(f"#{digits(5)}"), ", auth ", auth_code(), ". Please move the charge to folio ", folio_no(), "."])


def pay_terminal_log():
    n = card(form="plain")
    emit("payment", "en", [
        f"[{ts()}] TERM ", tid(), " EMV fallback\n  PAN=", cc(n), f" EXP={R.randrange(26, 31)}{R.randrange(1, 13):02d} AUTH=", auth_code(),
        " RC=00\n  STAN=", Look(digits(6)), " RRN=", Look(digits(12)), "\n"])


def pay_chargeback_csv():
    rows = ["case_id,cardholder,email,card_number,amount,reason,arn\n"]
    for _ in range(2):
        g = en_guest()
        rows += [Look(f"CB-{digits(6)}"), ",", per(name_form(g, "caps")), ",", em(g.email), ",", cc(card(form="plain")),
                 f",{R.randrange(80, 900)}.{digits(2)},{R.choice(['10.4', '13.1', '4853'])},", Look(not_luhn(23, "7")), "\n"]
    emit("payment", "en", rows)


def pay_refund_xml():
    g = en_guest()
    c = IBAN_COUNTRIES()
    emit("payment", "en", [
        "<CstmrCdtTrfInitn><GrpHdr><MsgId>", Look(f"OHG-REF-{digits(8)}"), "</MsgId></GrpHdr><PmtInf><Dbtr><Nm>Orlavea Hospitality Group</Nm></Dbtr>"
        "<DbtrAcct><Id><IBAN>", ib(iban("PT", "plain")), "</IBAN></Id></DbtrAcct><CdtTrfTxInf><PmtId><EndToEndId>", Look(f"E2E{digits(10)}"),
        "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">", f"{R.randrange(50, 900)}.{digits(2)}", "</InstdAmt></Amt><Cdtr><Nm>", per(g.display),
        "</Nm><CtctDtls><EmailAdr>", em(g.email), "</EmailAdr></CtctDtls></Cdtr><CdtrAcct><Id><IBAN>", ib(iban(c, "plain")),
        "</IBAN></Id></CdtrAcct></CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn>"])


def pay_refund_prose():
    g = en_guest()
    emit("payment", "en", [
        "Refund approved for ", per(g.display), " (", em(g.email), "): ", price(), " back to IBAN ", ib(iban(IBAN_COUNTRIES())),
        " — ferry crossing cancelled (ticket ", Look(f"OIF-{digits(8)}"), ")."])


def reg_csv():
    rows = ["surname,given_name,email,mobile,nationality,passport_no,arrival\n"]
    for _ in range(R.randrange(2, 4)):
        g = en_guest()
        parts = g.display.split(" ")
        GUEST_REG[parts[-1]] = g
        GUEST_REG[" ".join(parts[:-1])] = g
        rows += [per(parts[-1]), ",", per(" ".join(parts[:-1])), ",", em(g.email), ",", gphone(), ",",
                 R.choice(["GB", "DE", "US", "FR", "NL", "BR"]), ",", Look(rs(2, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(7)), f",{day()}\n"]
    emit("registration", "en", rows)


def rooming_list():
    rows = [f"h4. Rooming list — {R.choice(['Lisbon tech offsite', 'Palermo wedding block', 'Goa incentive trip', 'Dubai sales kick-off'])} (block ",
            Look(f"GRP-{digits(5)}"), ")\n||Room||Guest||E-mail||Mobile||\n"]
    for _ in range(3):
        g = en_guest()
        rows += [f"|{room()}|", per(g.display), "|", em(g.email), "|", gphone(), "|\n"]
    emit("registration", "en", rows)


def hr_onboarding():
    st, hr = staff(), staff()
    emit("hr", "en", [
        "New starter: ", per(st.display), f" ({st.city}, front office). AD account created, temporary password ",
        pw(password(2)), " (change at first login). Payroll IBAN ", ib(iban(IBAN_COUNTRIES())), ". Checklist owner: ", per(hr.display)], [st, hr])


def hr_iban_change():
    st = staff()
    c = IBAN_COUNTRIES()
    emit("hr", "en", [
        "PAYROLL-", Look(digits(4)), " Bank detail change for ", per(st.display), ": old ", ib(iban(c)), " → new ", ib(iban(c)),
        ". Verified by call-back to ", ph(phone(CITY_COUNTRY.get(st.city, "GB"))), " on file (not the number in the e-mail)."], [st])


def emergency_contact():
    st = staff()
    rel = R.choice(["mother", "husband", "wife", "brother", "sister", "partner"])
    emit("emergency", "en", [
        "Emergency contact for ", per(st.display), f": {rel}, ", ph(phone(CITY_COUNTRY.get(st.city, "GB"))), "; second contact ",
        ph(phone(GUEST_COUNTRIES())), ". Allergy note kept in HR file ", Look(f"HR-{digits(5)}"), "."], [st])


def wifi_hostapd():
    emit("wifi", "en", [
        f"# /etc/hostapd/hostapd-{R.choice(['lobby', 'spa', 'pool', 'staff'])}.conf\ninterface=wlan0\nssid=Orlavea-{R.choice(['Guest', 'Staff', 'Events'])}\nbssid=",
        mac(macaddr(":")), "\nwpa=2\nwpa_passphrase=", pw(wifi_password()), "\nauth_server_addr=", ip(ipv4("10")),
        "\nauth_server_shared_secret=", pw(rs(24)), "\n"])


def wifi_unifi():
    emit("wifi", "en", [
        "{\"name\": \"Orlavea-Staff\", \"security\": \"wpapsk\", \"x_passphrase\": \"", pw(wifi_password()), "\", \"bssid\": \"",
        mac(macaddr(":", True)), "\", \"vlan\": ", str(R.randrange(10, 200)), "}"])


def wifi_prose():
    emit("wifi", "en", [
        f"Conference Wi-Fi for the {R.choice(['Atlântico', 'Conca d’Oro', 'Baikal', 'Mandovi'])} ballroom: SSID OHG-Event-{digits(2)}, password ",
        pw(wifi_password()), ". Valid until ", Look(f"{day()} 23:59"), "."])


def net_dhcp():
    lines = []
    for _ in range(3):
        lines += [f"{ts()} dhcpd: DHCPACK on ", ip(ipv4(R.choice(["10", "192"]))), " to ", mac(macaddr()),
                  f" ({R.choice(['keynest-enc', 'arrivo-kiosk', 'tillory-pos', 'hk-tablet'])}-{digits(2)}) via eth0\n"]
    emit("network", "en", lines)


def net_radius():
    st = staff()
    emit("network", "en", [
        f"{ts()} radiusd[{digits(4)}]: Login OK: [", per(st.email), "] (from client ap-", Look(digits(3)), " port 0 cli ",
        mac(macaddr("-")), ") NAS-IP ", ip(ipv4("10")), "\n"], [st])


def net_ipv6():
    emit("network", "en", [
        f"{ts()} fw01 DROP in=wan src=", ip(ipv6()), " dst=", ip(ipv6("ula")), " proto=TCP dport=3389 (kiosk VLAN)"])


def jwt_cookie():
    g = en_guest()
    emit("jwt", "en", [
        "Cookie: circle_session=", jw(jwt({"sub": g.email, "tier": "gold", "iat": 1773400000 + R.randrange(10 ** 6)}, "HS256")),
        "; lang=en\n(guest ", per(g.display), ", ", em(g.email), ")"])


def jwt_token_response():
    emit("jwt", "en", [
        "{\"access_token\":\"", jw(jwt({"iss": "https://sso.ohg.internal/realms/staff", "aud": "stayline", "exp": 1773900000},
                                           "RS256", kid=rs(8))), "\",\"token_type\":\"Bearer\",\"refresh_token\":\"",
        pw(rs(48, URLSAFE)), "\",\"expires_in\":300}"])


def jwt_curl():
    emit("jwt", "en", [
        "curl https://api.orlavea.com/circle/v1/members/", loyalty_no(), " -H \"Authorization: Bearer ",
        jw(jwt({"sub": "svc-loyalty", "scope": "members:read", "exp": 1774000000}, "ES256")), "\""])


def pkey_ticket():
    kind = R.choice(["RSA", "PKCS8", "EC", "OPENSSH"])
    emit("private key", "en", [
        f"SEC-{digits(4)} key found pasted in the door-lock vendor ticket, rotate now:\n{{noformat}}\n", pk(pem(kind)), "\n{noformat}"])


def pkey_gcp():
    proj = f"ohg-pms-{digits(4)}"
    emit("private key", "en", [
        "{\"type\": \"service_account\", \"project_id\": \"", proj, "\", \"private_key_id\": \"", Look(rs(40, HEX)),
        "\", \"private_key\": \"", pk(pem("PKCS8", "\\n")), "\\n\", \"client_email\": \"", em(f"stayline-sync@{proj}.iam.gserviceaccount.com"),
        "\"}"])


URL_SCHEMES = Cycle([("amqps", "rabbit.ohg.internal:5671/pms"), ("postgresql", "db-folio.ohg.internal:5432/folio"),
                     ("mysql", "tablewell-db.ohg.internal:3306/tablewell"), ("mongodb+srv", "circle.ohg.internal/members"),
                     ("smtp", "smtp.orlavea.com:587"), ("ftp", "ftp.acquirer.example/settlement"),
                     ("sftp", "files.channelhub.example:22/rates"), ("rtsp", "cam-lobby-02.ohg.internal:554/stream1"),
                     ("https", "keynest-cloud.example.net/api"), ("rediss", "cache.ohg.internal:6380/1"),
                     ("mqtt", "iot.ohg.internal:8883/locks")])


def url_cred():
    scheme, rest = URL_SCHEMES()
    user = R.choice(["svc-folio", "pms", "tablewell", "ops", "cam-viewer", "rates-bot", "locks-gw", ""])
    cred = (f"{user}:" if user else ":") + password(R.choice([1, 3]))
    emit("url credentials", "en", [
        R.choice(["Connection string from the runbook: ", "Found in the integration log: ", f"{scheme.upper()}_URL="]),
        f"{scheme}://", uc(cred), f"@{rest}"])


def cloud_aws():
    emit("cloud", "en", [
        "[ohg-prod]\naws_access_key_id = ", ak("aws", token("aws", 0)), "\naws_secret_access_key = ", ak("aws", token("aws", 1)),
        "\naws_session_token = ", pw(rs(120, ALNUM + "/+")), "\nregion = eu-west-1\n"])


def cloud_azure():
    emit("cloud", "en", [
        "DefaultEndpointsProtocol=https;AccountName=ohgfolioexports;AccountKey=", ak("azure", token("azure")),
        ";EndpointSuffix=core.windows.net"])


def cloud_google():
    emit("cloud", "en", ["Maps key for the kiosk map widget: ", ak("google", token("google")), " (restrict to arrivo.orlavea.com!)"])


def vendor_prose():
    v, t = vtok()
    st = staff()
    emit("vendor token", "en", [
        per(st.display), R.choice([" pasted the ", " committed the ", " shared the "]), v, R.choice([" token ", " key "]), ak(v, t),
        R.choice([" into the release ticket — revoke it.", " in #ohg-dev, please rotate.", " in the kiosk repo README."])], [st])


def vendor_gitleaks():
    v, t = vtok()
    st = staff()
    emit("vendor token", "en", [
        "Finding:     TOKEN = \"", ak(v, t), "\"\nSecret:      ", ak(v, t), f"\nRuleID:      {v}-token\nFile:        kiosk/config/settings.py\nCommit:      ",
        Look(gitsha()), "\nAuthor:      ", per(st.display), "\nEmail:       ", per(st.email), "\nFingerprint: ", Look(gitsha() + ":kiosk/config/settings.py:generic:14")],
         [st])


def vendor_sheet():
    rows = ["system,login,secret,owner\n"]
    people = []
    for _ in range(3):
        v, t = vtok()
        st = staff()
        people.append(st)
        rows += [f"{v},ohg-{v},", ak(v, t), ",", per(st.display), "\n"]
    rows += ["Stayline admin,admin,", pw(password(2)), ",ops\n"]
    emit("vendor token", "en", rows, people)


def vcard():
    g = en_guest()
    parts = g.display.split(" ")
    fam, given = parts[-1], " ".join(parts[:-1])
    GUEST_REG[fam] = g
    GUEST_REG[given] = g
    emit("vcard", "en", [
        "BEGIN:VCARD\nVERSION:3.0\nFN:", per(g.display), "\nN:", per(fam), ";", per(given), ";;;\nORG:", R.choice(["Northwind Events", "Bluecrest Weddings", "Tidal Incentives"]),
        "\nTEL;TYPE=CELL:", gphone(), "\nEMAIL:", em(g.email), "\nEND:VCARD"])


def slack_paste():
    a, b = staff(), staff()
    v, t = vtok()
    emit("chat", "en", [
        "[", hhmm(), "] ", per(a.display), ": night audit failing again, using ", ak(v, t), " for the retry job\n[", hhmm(), "] ",
        per(b.display), ": pls don't paste keys here. call me on ", ph(phone(CITY_COUNTRY.get(b.city, "GB"))), " instead"], [a, b])


def teams_paste():
    a, b = staff(), staff()
    g = en_guest()
    emit("chat", "en", [
        per(a.display), f"  {hhmm()}\nVIP arriving: ", per(g.display), " (", em(g.email), "), driver waiting at arrivals, guest mobile ", gphone(),
        "\n", per(b.display), f"  {hhmm()}\nok, kiosk fallback PIN is in the vault, not here"], [a, b])


def sms_export():
    g = en_guest()
    num = phone(GUEST_COUNTRIES(), "e164")
    bare = num[1:]
    PHONE_REG[bare] = PHONE_REG[num]
    emit("sms", "en", [
        "direction,to,from,body,status\nout,", ph(bare), ",ORLAVEA,\"Your room ", room(), " is ready. Check-in code ", Look(digits(6)), "\",delivered\nin,",
        ph(num), ",ORLAVEA,\"Thanks! arriving 23:00 - ", per(g.display), " ", em(g.email), "\",received\n"])


def whatsapp():
    g = en_guest()
    st = staff()
    emit("whatsapp", "en", [
        f"[{R.randrange(1, 28)}/03/2026, {hhmm()}] ", per(g.display), ": hi, my card for the deposit is ", cc(card()), "\n[", f"{R.randrange(1, 28)}/03/2026, {hhmm()}] ",
        per(st.display), ": thank you, please don't send cards here, we'll call you on ", gphone(), "\n(guest e-mail ", em(g.email), ")"], [st])


def w9():
    g = en_guest()
    emit("hr", "en", [
        "W-9 received from event photographer ", per(g.display), " (", em(g.email), "), TIN ", ssn(ssn_value()), ", 1099 vendor ",
        Look(f"V-{digits(5)}"), ". Remit to ", ph(phone(R.choice(["US", "CA"]))), " for questions."])


def casino_kyc():
    g = en_guest()
    emit("casino", "en", [
        f"Orlavea Casino Sochi — player onboarding\n||Player||E-mail||Phone||Payout IBAN||Player card||\n|", per(g.display), "|", em(g.email), "|",
        gphone(), "|", ib(iban(IBAN_COUNTRIES())), "|", Look(not_luhn(16, "9")), "|"])


def spa_booking():
    g = en_guest()
    emit("spa", "en", [
        f"Thermea booking SPA-{digits(6)}: ", per(g.display), f", hot-stone 60 min at {hhmm()}, therapist request female. Contact ", gphone(),
        " / ", em(g.email), ". Deposit card ", masked_card(), "."])


def tablewell_csv():
    rows = ["time,covers,name,phone,email,notes\n"]
    for _ in range(2):
        g = en_guest()
        rows += [hhmm(), f",{R.randrange(2, 9)},", per(g.display), ",", gphone(), ",", em(g.email), f",{R.choice(['window', 'nut allergy', 'birthday', 'high chair'])}\n"]
    emit("restaurant", "en", rows)


def ferry_manifest():
    g = en_guest()
    emit("ferry", "en", [
        f"Orlavea Isles Ferries — Palermo → Lipari {hhmm()}, manifest line {R.randrange(1, 300)}: ", per(name_form(g, "caps")), ", contact ", gphone(),
        ", ", em(g.email), ", ticket ", Look(f"OIF-{digits(8)}"), ", cabin ", Look(f"B{R.randrange(1, 40)}")])


def event_contract():
    g = en_guest()
    st = staff()
    emit("events", "en", [
        f"Event contract EVT-{digits(5)}: wedding for 120 guests. Planner ", per(g.display), " (", em(g.email), ", ", gphone(),
        "). Deposit paid to our IBAN ", ib(iban(R.choice(["PT", "IT", "ES"]))), ". Coordinator ", per(st.display), "."], [st])


def ip_login_ticket():
    st = staff()
    emit("network", "en", [
        "Impossible travel alert for ", per(st.display), ": Stayline login from ", ip(ipv4()), " and ", ip(ipv6()), " within 9 minutes. Session killed."], [st])


def jira_ssn_refund():
    g = en_guest()
    emit("payment", "en", [
        "US guest ", per(g.display), " (", em(g.email), ") typed their SSN ", ssn(ssn_value()), " into the refund form's tax-id box; refund to card ",
        cc(card()), ". Purge the form field after processing."])


POSITIVE_TEMPLATES = [
    (ticket_complaint, 7), (ticket_table, 5), (ticket_reservation_change, 6), (cfg_pms_yaml, 4), (cfg_lock_ini, 4),
    (cfg_kiosk_env, 4), (cfg_compose, 4), (cfg_kiosk_json, 4), (cfg_k8s_secret, 4), (ota_curl, 5), (ota_postman, 3),
    (ota_ci_log, 8), (ota_terraform, 3), (ota_vault, 3), (ota_python, 4), (ota_node, 4), (email_thread, 6),
    (email_signature, 5), (pay_prose, 5), (pay_terminal_log, 6), (pay_chargeback_csv, 4), (pay_refund_xml, 5),
    (pay_refund_prose, 5), (reg_csv, 4), (rooming_list, 5), (hr_onboarding, 5), (hr_iban_change, 5),
    (emergency_contact, 5), (wifi_hostapd, 5), (wifi_unifi, 4), (wifi_prose, 4), (net_dhcp, 4), (net_radius, 5),
    (net_ipv6, 3), (jwt_cookie, 3), (jwt_token_response, 4), (jwt_curl, 4), (pkey_ticket, 6), (pkey_gcp, 3),
    (url_cred, 12), (cloud_aws, 4), (cloud_azure, 3), (cloud_google, 3), (vendor_prose, 22), (vendor_gitleaks, 13),
    (vendor_sheet, 5), (vcard, 4), (slack_paste, 6), (teams_paste, 5), (sms_export, 4), (whatsapp, 5), (w9, 3),
    (casino_kyc, 3), (spa_booking, 4), (tablewell_csv, 3), (ferry_manifest, 4), (event_contract, 4),
    (ip_login_ticket, 4), (jira_ssn_refund, 4),
]


# --- negatives: hospitality look-alikes only -------------------------------------------------

def n_confirmation():
    emit("negative", "en", [
        "Reservation confirmed: conf ", conf_no(), ", folio ", folio_no(), ", rooms ", room_range(), ", ", date_range(),
        ", rate BAR-FLEX ", price(), " per night incl. VAT. Guest details are in Stayline, not here."])


def n_pos_eod():
    emit("negative", "en", [
        f"Tillory end-of-day {CITY()}: checks ", Look(f"#{digits(5)}"), "–", Look(f"#{digits(5)}"), ", ", tid(), ", batch ", Look(digits(3)),
        ", card total ", price(), ", auth codes ", auth_code(), " / ", auth_code(), ", voids on ", masked_card(), "."])


def n_encoder():
    emit("negative", "en", [
        f"{ts()} KeyNest encoder ", Look(f"ENC-{digits(4)}"), " wrote card uid ", Look(rs(8, HEX.upper())), " for room ", Look(room()),
        " (valid ", Look(f"{hhmm()}–12:00"), "), site code ", Look(rs(8, HEX.upper())), ", firmware ", Look(f"3.{R.randrange(1, 9)}.{R.randrange(0, 20)}.{R.randrange(100, 250)}")])


def n_loyalty():
    emit("negative", "en", [
        "Orlavea Circle card ", Look(group(loyalty16(), [4, 4, 4, 4])), " (tier Gold, member ", loyalty_no(), ") earned ",
        Look(f"{R.randrange(1, 40)},{digits(3)}"), " points on stay ", conf_no(), "; card numbers starting 7044 are loyalty cards, not payment cards."])


def n_transfer():
    emit("negative", "en", [
        "Airport transfer booked: PNR ", Look(rs(6, "ABCDEFGHJKLMNPQRSTUVWXYZ")), ", flight ", Look(f"{R.choice(['TP', 'EK', 'QR', 'NZ', 'AI'])} {R.randrange(100, 999)}"),
        f" landing {hhmm()}, booking ref ", Look(f"TRF-{digits(4)}-{rs(2, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}"), ", vehicle ", Look(f"V{R.randrange(1, 30)}"),
        ", ", price(), "."])


def n_invoice():
    nif = pt_nif()
    emit("negative", "en", [
        "Invoice ", Look(f"INV-2026-{digits(6)}"), " to Orlavea Hotels Portugal, NIF ", Look(f"PT{nif}"), ", PO ", Look(f"PO-{digits(7)}"),
        ", net ", price(), ", due ", Look(day()), ". Pay to the IBAN on file (", Look(f"PT50 **** **** **** **** {digits(4)} {digits(1)}"), ")."])


def n_minibar():
    items = []
    for _ in range(3):
        items += [Look(gtin13()), f" x{R.randrange(1, 24)} lot ", Look(f"L{digits(2)}{rs(1, 'ABCDEFGH')}{digits(3)}"), "; "]
    emit("negative", "en", ["Minibar restock floor ", str(R.randrange(2, 19)), ": "] + items + ["best before ", Look(f"{R.randrange(1, 28):02d}/{R.randrange(1, 13):02d}/2027")])


def n_release():
    emit("negative", "en", [
        "Stayline ", Look(f"{R.randrange(7, 10)}.{R.randrange(0, 20)}.{R.randrange(0, 9)}.{R.randrange(100, 400)}"), " deployed to ", CITY(),
        " (commit ", Look(gitsha()[:12]), ", build ", Look(uuid4()), ", image sha256:", Look(sha256()), ")."])


def n_placeholders():
    emit("negative", "en", R.choice([
        ["PMS_DB_PASSWORD=${PMS_DB_PASSWORD}\nPOS_API_KEY=<redacted>\nSMTP_PASSWORD=see vault secret/data/", CITY().lower().replace(" ", "-"), "/smtp"],
        ["password: ******** (see 1Password vault \"Front Office ", CITY(), "\")\napi_key: {{ .Values.channelhub.apiKey }}"],
        ["The kiosk client_secret was rotated on ", Look(day()), "; the old token expired. New value is in Vault, ask in #ohg-sec."],
        ["stripe_key: sk_live_xxxxxxxxxxxxxxxxxxxxxxxx  # placeholder, real key injected at deploy (", CITY(), ")"],
    ]))


def n_ferry():
    emit("negative", "en", [
        f"Orlavea Isles Ferries: MV Stella Maris departs Palermo {hhmm()}, arrives Lipari {hhmm()}; tickets ", Look(f"OIF-{digits(8)}"), "–",
        Look(f"OIF-{digits(8)}"), ", vehicle deck ", Look(f"{R.randrange(10, 60)} m"), ", IMO ", Look(f"{digits(7)}"), "."])


def n_casino():
    emit("negative", "en", [
        "Casino floor report: table ", Look(f"BJ-{R.randrange(1, 30):02d}"), " drop ", price(), ", player card ", Look(not_luhn(16, "9")),
        " (points only), chip serial ", Look(f"{rs(2, 'ABCDEFGH')}{digits(7)}"), f", shift {hhmm()}–{hhmm()}."])


def n_beo():
    emit("negative", "en", [
        "Banquet event order ", Look(f"BEO {R.randrange(200, 989)}-{R.randrange(200, 989)}-{digits(4)}"), " for the ", CITY(),
        " ballroom: 180 covers, set-up 16:00, invoice ", Look(f"INV-{digits(7)}"), ", order ", Look(f"{digits(3)}-{digits(7)}-{digits(7)}"), "."])


def n_spa():
    emit("negative", "en", [
        "Thermea: treatment ", Look(f"TRT-{digits(3)}"), " (", Look(f"{R.choice([30, 60, 90])} min"), ") moved to cabin ", Look(str(R.randrange(1, 12))),
        f", {R.choice(['14:30', '16:00', '10:15'])}, package ", price(), ", booking ", Look(f"SPA-{digits(6)}"), "."])


def n_network():
    emit("negative", "en", R.choice([
        ["kiosk ", Look(f"ARV-{digits(3)}"), " healthcheck binds 0.0.0.0:8080, probes 127.0.0.1, netmask 255.255.255.0, vendor OUI ", Look(R.choice(OUIS)), "."],
        ["Replaced AP in corridor ", Look(room()), "; old MAC ", Look(R.choice(OUIS) + ":**:**:**"), ", VLAN ", Look(str(R.randrange(10, 300))), ", port Gi1/0/", Look(str(R.randrange(1, 48))), "."],
        ["Firewall rule ", Look(f"R{digits(4)}"), ": allow ::1 and 127.0.0.1 only; build ", Look(f"{R.randrange(1, 5)}.{R.randrange(0, 9)}.{R.randrange(0, 9)}.{R.randrange(10, 99)}"), "."],
    ]))


def n_wifi():
    emit("negative", "en", [
        f"Guest Wi-Fi at {CITY()}: SSID Orlavea-Guest, portal login with room number and surname; the password is printed on the key-card sleeve and changes every {R.randrange(2, 8)} days (ticket ", Look(f"NET-{digits(4)}"), "). Staff SSID password: see vault."])


def n_hashes():
    emit("negative", "en", [
        "Night-audit export ", Look(f"NA-{day()}.csv"), " md5 ", Look(hashlib.md5(rbytes(8)).hexdigest()), ", sha256 ", Look(sha256()),
        ", rows ", Look(str(R.randrange(200, 9000))), ", job ", Look(uuid4()), "."])


def n_handheld():
    emit("negative", "en", [
        "Housekeeping handheld ", Look(f"HK-{digits(2)}"), " IMEI ", Look(imei()), " (Luhn by design, not a card), serial ", Look(rs(10, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")),
        ", Android ", Look(f"{R.randrange(11, 15)}.0.{R.randrange(1, 9)}"), "."])


def n_dates():
    emit("negative", "en", [
        "Check-in ", Look(R.choice(["15:00", "3 pm", "15h00"])), ", check-out ", Look(R.choice(["11:00", "noon", "11h"])), "; stay ", date_range(),
        " (", Look(f"{R.randrange(2, 9)} nights"), "), late arrival ", Look(ts()), ", duration ", Look(f"{R.randrange(1, 5)}h {R.randrange(5, 59)}m"), "."])


def n_people_like():
    emit("negative", "en", [
        Look(R.choice(["The Santa Maria suite", "The Victoria wing", "Morgan's Bar", "The Grace Kelly lounge", "St. Andrew's terrace"])),
        " is closed for renovation until ", Look(day()), "; groups move to ", Look(R.choice(["the Marina ballroom", "Casa Vitória", "Victoria Falls day trip", "Port Louis deck"])),
        " (", price(), " surcharge waived, ref ", Look(f"REN-{digits(5)}"), ")."])


def n_phone_like():
    emit("negative", "en", [
        "Night-audit run ", Look(f"{digits(4)} {digits(3)} {digits(4)}"), " closed ", Look(str(R.randrange(200, 900))), " folios; extension ",
        Look(f"ext. {digits(4)}"), " for the duty manager, short code ", Look(str(R.randrange(1000, 9999))), "; reprint receipts with job ", Look(digits(10)), "."])


NEGATIVE_TEMPLATES = [n_confirmation, n_pos_eod, n_encoder, n_loyalty, n_transfer, n_invoice, n_minibar, n_release,
                      n_placeholders, n_ferry, n_casino, n_beo, n_spa, n_network, n_wifi, n_hashes, n_handheld, n_dates,
                      n_people_like, n_phone_like]


# --- validation ------------------------------------------------------------------------------

OUR_DOMAINS = ("orlavea.com", "ohg.internal")
RESERVED = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example)$")
PLACEHOLDER = re.compile(r"^(?:\$\{|<|\{\{|\*{3}|x{6}|changeme|password|see vault)", re.I)


def fail(line, msg):
    raise SystemExit(f"validation failed [{line['cat']}/{line['lang']}]: {msg}\n{line['text'][:400]}")


def spelled(latin, local):
    flat = re.sub(r"[^a-z0-9]", "", local.lower())
    return all(re.sub(r"[^a-z0-9]", "", p.lower()) in flat for p in latin)


def check_value(line, kind, value):
    if kind == "credit_card":
        d = re.sub(r"[ -]", "", value)
        brand = CARD_REG.get(value)
        ok = brand and d.isdigit() and luhn_ok(d) and len(d) == BRANDS[brand][1] and d not in TEST_CARDS
        if brand == "Mir":
            ok = ok and d[:4] in ("2200", "2201", "2202", "2203", "2204")
        if brand == "RuPay":
            ok = ok and d[:2] in ("60", "65", "81", "82", "50")
        return ok
    if kind == "iban":
        s = value.replace(" ", "")
        spaced_ok = " " not in value or all(len(g) == 4 for g in value.split(" ")[:-1])
        return iban_valid(value) and len(s) == IBAN_LEN.get(s[:2], -1) and national_ok(value) and spaced_ok
    if kind == "phone":
        return phone_ok(value)
    if kind == "ip_address":
        return ip_ok(value)
    if kind == "mac_address":
        return bool(MAC_RE.match(value))
    if kind == "jwt":
        return jwt_ok(value)
    if kind == "private_key":
        return pem_ok(value)
    if kind == "ssn":
        return ssn_ok(value)
    if kind == "password":
        return len(value) >= 8 and not PLACEHOLDER.match(value) and "\n" not in value
    if kind == "url_credentials":
        user, _, pw_ = value.partition(":")
        return ":" in value and pw_ and not re.search(r"[@/?#\s]", value)
    if kind.startswith("api_key/"):
        return vendor_ok(kind[8:], value)
    if kind == "email":
        local, _, dom = value.partition("@")
        return bool(local) and (dom in OUR_DOMAINS or RESERVED.search(dom) or dom.endswith(".iam.gserviceaccount.com"))
    if kind == "person":
        return True
    return False


LEAKS = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("phone", re.compile(r"(?:\+|\b00)\d[\d \-()]{6,}\d")),
    ("mac", re.compile(r"\b(?:[0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}\b")),
    ("jwt", re.compile(r"eyJ[\w-]+\.eyJ[\w-]+")),
    ("pem", re.compile(r"PRIVATE KEY-----")),
    ("vendor", re.compile(r"sk-ant-|ATATT3|\b(?:AKIA|ASIA)[A-Z2-7]{16}|AIza[\w-]{20}|dop_v1_|\bgh[pos]_\w{20}|github_pat_|glpat-|\bhvs\.|\bhf_[A-Za-z]{20}|\bnpm_\w{20}|sk-proj-|pypi-AgE|\bSG\.[\w-]{20}|shp(?:at|ca)_|xox[bp]-|hooks\.slack\.com|(?:sk|rk)_live_[A-Za-z0-9]*[A-Za-wyz0-9]|whsec_|\bSK[0-9a-f]{32}")),
    ("url_credentials", re.compile(r"://[^/\s:@█]+:[^/\s@█]+@")),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b")),
    ("password", re.compile(r"""(?i)\b(?:password|passwd|passphrase|secret|api_key|apikey|token|parola|parol|гесло|passwird|phasiwedi)\b\s*[:=]\s*(?!["']?(?:█|\$|<|\{|\*|see |\())(\S+)""")),
]


def leak_scan(line):
    data = bytearray(line["text"].encode())
    for s in line["spans"]:
        data[s["start"]:s["end"]] = "█".encode() * 1 + b" " * (s["end"] - s["start"] - 3) if s["end"] - s["start"] >= 3 else b" " * (s["end"] - s["start"])
    for a, b, _ in line["looks"]:
        data[a:b] = b" " * (b - a)
    text = data.decode()
    for name, rx in LEAKS:
        m = rx.search(text)
        if m:
            fail(line, f"unlabelled {name}: {m.group(0)!r}")
    for m in re.finditer(r"\b(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\b", text):
        if ip_ok(m.group(0)):
            fail(line, f"unlabelled IPv4 {m.group(0)}")
    for m in re.finditer(r"\d(?:[ -]?\d){12,18}", text):
        d = re.sub(r"\D", "", m.group(0))
        if 13 <= len(d) <= 19 and luhn_ok(d):
            fail(line, f"unlabelled Luhn-valid run {m.group(0)}")
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?", text):
        if iban_valid(m.group(0)):
            fail(line, f"unlabelled IBAN {m.group(0)}")
    for part in NAME_PARTS:
        if re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", text):
            fail(line, f"unlabelled name part {part!r}")


NAME_PARTS = set()


def validate():
    for g in list(GUEST_REG):
        for p in g.replace(",", " ").split(" "):
            if len(p) >= 4:
                NAME_PARTS.add(p)
    for s_ in STAFF:
        for p in s_.display.split(" "):
            if len(p) >= 4:
                NAME_PARTS.add(p)
    seen = set()
    for line in LINES:
        text, data = line["text"], line["text"].encode()
        if text in seen:
            fail(line, "duplicate text")
        seen.add(text)
        if line["cat"] == "negative":
            if line["spans"]:
                fail(line, "negative line with spans")
        elif not line["spans"]:
            fail(line, "positive line without spans")
        people = line["people"]
        known = {v for p in people for v in (p.display, p.email, p.account_id)}
        emails = [s["value"] for s in line["spans"] if s["kind"] == "email"]
        last = 0
        for s in sorted(line["spans"], key=lambda x: x["start"]):
            if s["start"] < last or s["end"] <= s["start"] or s["end"] > len(data):
                fail(line, f"bad or overlapping offsets {s}")
            last = s["end"]
            if data[s["start"]:s["end"]].decode() != s["value"]:
                fail(line, f"span text differs {s}")
            if "\n" in s["value"] and s["kind"] != "private_key":
                fail(line, f"line break inside {s['kind']}")
            if not check_value(line, s["kind"], s["value"]):
                fail(line, f"invalid {s['kind']} {s['value']!r}")
            if s["kind"] == "person" and s["value"] not in known:
                g = GUEST_REG.get(s["value"])
                if g is None or not any(spelled(g.latin, e.split("@")[0]) for e in emails):
                    fail(line, f"person {s['value']!r} neither in people nor beside a spelling address")
            if s["kind"] == "url_credentials":
                if not data[:s["start"]].endswith(b"://") or data[s["end"]:s["end"] + 1] != b"@":
                    fail(line, "url_credentials not between :// and @")
        for a, b, v in line["looks"]:
            if v.isdigit() and len(v) == 13 and v[:3] in ("560", "590", "800", "400", "629", "600", "871") and not gtin_ok(v):
                fail(line, f"GTIN check digit {v}")
        leak_scan(line)


def check_lookalikes():
    """Look-alikes that carry check digits are generated with valid ones: re-check a sample."""
    for _ in range(50):
        assert gtin_ok(gtin13()) and nif_ok(pt_nif()) and luhn_ok(imei()) and luhn_ok(loyalty16())
        assert not luhn_ok(not_luhn(16, "9"))


# --- main --------------------------------------------------------------------------------------

def build():
    lang_lines()
    for fn, n in POSITIVE_TEMPLATES:
        for _ in range(n):
            fn()
    english_negatives = NEGATIVES_WANTED - sum(1 for line in LINES if line["cat"] == "negative")
    for i in range(english_negatives):
        NEGATIVE_TEMPLATES[i % len(NEGATIVE_TEMPLATES)]()


def main():
    build()
    check_lookalikes()
    validate()
    negatives = sum(1 for line in LINES if not line["spans"])
    assert negatives == NEGATIVES_WANTED, negatives
    assert len(LINES) == LINES_WANTED, len(LINES)
    kinds = Counter(s["kind"] for line in LINES for s in line["spans"])
    for v in VENDORS:
        distinct = {s["value"] for line in LINES for s in line["spans"] if s["kind"] == "api_key/" + v}
        assert len(distinct) >= 4, (v, len(distinct))
    assert len({line["lang"] for line in LINES}) == 19
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    out = []
    for n, i in enumerate(order, 1):
        line = LINES[i]
        out.append(json.dumps({"id": f"held14-{n:05d}", "text": line["text"], "people": [p.record() for p in line["people"]],
                               "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in line["spans"]]},
                              ensure_ascii=False))
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    # re-check on the written file
    for raw, i in zip(OUT.read_text(encoding="utf-8").splitlines(), order):
        rec = json.loads(raw)
        data = rec["text"].encode()
        for s, orig in zip(rec["spans"], LINES[i]["spans"]):
            assert data[s["start"]:s["end"]].decode() == orig["value"]
    print(f"wrote {OUT.name}: {len(LINES)} lines, {sum(kinds.values())} spans, {negatives} negatives")
    print("spans per kind:")
    for k, v in sorted(kinds.items(), key=lambda kv: (kv[0].startswith("api_key/"), kv[0])):
        print(f"  {k:<26}{v:>5}")
    langs = Counter(line["lang"] for line in LINES)
    print("languages:", ", ".join(f"{k} {v}" for k, v in sorted(langs.items(), key=lambda kv: -kv[1])))
    cats = Counter(line["cat"] for line in LINES)
    print("categories:", ", ".join(f"{k} {v}" for k, v in sorted(cats.items(), key=lambda kv: -kv[1])))
    print("phone countries:", len({c for c, _ in (PHONE_REG[s["value"]] for line in LINES for s in line["spans"] if s["kind"] == "phone")}),
          "· IBAN countries:", len({s["value"][:2] for line in LINES for s in line["spans"] if s["kind"] == "iban"}),
          "· card brands:", len({CARD_REG[s["value"]] for line in LINES for s in line["spans"] if s["kind"] == "credit_card"}))


if __name__ == "__main__":
    main()
