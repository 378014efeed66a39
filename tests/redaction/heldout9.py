#!/usr/bin/env python3
"""Writes heldout9.jsonl: a ninth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional airline and travel group ("Aurelwind Travel Group": the airline
Aurelwind Airways, IATA-style code Q7 and ticketing prefix 738, hub Luxembourg; its
ground-handling arm Aurel Ground Handling; the hotel chain Meridel Hotels & Resorts; the online
travel agency FareFinch; made-up domains aurelwind.com, aurelground.net, meridelhotels.com,
farefinch.travel and aw.internal, third parties only under reserved example names) holds:
passenger complaint tickets and e-mails, lost-baggage (WorldTracer-like AHL) reports, PNR
displays (Amadeus-like, with AP / APE / SSR DOCS / SSR CTCM / FA / FP elements), IATA Type B
teletype messages (BSM, MVT, LDM, CPM, SSM), EDIFACT PAXLST and JSON APIS records,
frequent-flyer (Aurelwind Miles) tickets, refund, chargeback and supplier-payout notes with
IBANs and cards, hotel reservation e-mails with full headers (FareFinch virtual cards), crew
control logs and rosters, loyalty-fraud investigations, airport Wi-Fi and lounge-tablet tickets
(hostapd, Aruba and UniFi configs, RADIUS secrets), kiosk (CUPPS), DCS-gateway and baggage
(BRS) logs, payment-gateway webhooks (Stripe- and Adyen-like), OTA_AirBookRQ,
OTA_HotelResNotifRQ and NDC OrderCreate / OrderRetrieve payloads, Sentry events, Android
logcat, a HAR of an SSO token request, .env files, Kubernetes Secrets, Helm values, Terraform
tfvars, .npmrc / .pypirc / .terraformrc / Docker config.json, shell history, CI logs, a
gitleaks report, pasted private keys and a GCP service-account key, Confluence storage-format
XHTML, Jira wiki markup, CSV and Markdown tables, chat transcripts and SMS gateway records.
Twenty-three languages besides English, none used by the earlier sets (Georgian, Kazakh, Uzbek,
Azerbaijani, Albanian, Macedonian, Belarusian, Bosnian, Lao, Burmese, Somali, Tigrinya,
Kinyarwanda, Malagasy, Cebuano, Javanese, Pashto, Sorani Kurdish, Marathi, Odia, Assamese,
Luxembourgish, Faroese): in each a passenger complaint with a phone and an e-mail (framed as a
web form, a quoted ticket or a comment), the same complaint as an e-mail with headers from a
second passenger, a card pasted into a live chat, a lost-baggage report, a Wi-Fi / lounge
password, a refund (to an IBAN of the country where it has IBANs, to a diaspora account in GB,
DE, BE, FR, NL or PK, or to a card) and a negative operational sentence with look-alikes. Names
in Georgian, Cyrillic (Kazakh, Uzbek, Macedonian, Belarusian), Lao, Burmese, Ge'ez, Arabic
(Pashto, Sorani), Devanagari, Odia and Bengali-Assamese script and in Latin script with
diacritics (Uzbek oʻ, Azerbaijani ə / ş, Albanian ë, Bosnian č / ć / ž, Cebuano ñ,
Luxembourgish ë, Faroese ó / ð); phone numbers of 29 countries (Georgia, Kazakhstan,
Uzbekistan, Azerbaijan, Albania, Kosovo, North Macedonia, Belarus, Bosnia and Herzegovina,
Laos, Myanmar, Somalia, Eritrea, Rwanda, Madagascar, Philippines, Indonesia, Afghanistan,
Pakistan, Iraq, India, Luxembourg, Faroe Islands, UK, USA, Germany, France, Netherlands, UAE) in
national, international, `00`, E.164 and bare-MSISDN form; IBANs of 18 countries (GE, KZ, AZ,
AL, XK, MK, BA, BY, LU, FO, IQ, PK, GB, DE, FR, NL, BE, CH; Albanian, French, Belgian, Dutch,
Macedonian and Bosnian bodies with their national check digits, so every MK IBAN is MK07 and
every BA IBAN is BA39); card numbers of twelve brands (Visa, Mastercard 5x and 2-series, Amex,
Discover, JCB, UnionPay, Diners, Maestro, Mir, UzCard, Humo, RuPay; spaced, dashed, plain); a
few US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL credentials; tokens of the
eighteen vendors of heldout7.py's and heldout8.py's list. About 30% of the lines are negatives
built from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, js/, xtask/) or
at the other sets' sentences, generators or data; only evaluate.py, checks.py and the module
docstrings of heldout.py to heldout8.py were read (besides heldout8.py's import lines, to import
checks.py the same way). Its first score is therefore a blind one.

    python3 tests/redaction/heldout9.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, with the shapes each declares,
for review.) A summary (lines, spans per kind, negatives, languages, categories) is printed after
writing.

Deterministic: every random part (staff and customers drawn from fixed rosters, phone countries
and forms, IBAN bodies, card brands and numbers, passwords, keys, tokens, PEM and JWT bodies,
timestamps, look-alikes) comes from one seeded `random.Random` (SEED); vendors, card brands and
some variants are taken in turn (`Cycle`); the line order is shuffled by a second seeded one
(SHUFFLE_SEED). Every line is validated before anything is written (see `validate`); any
violation aborts with a message and writes nothing. Besides the offsets (inside the text, on
character boundaries, not overlapping, each span's text the labelled piece) and the shape of
every labelled value (Luhn, brand prefix and length for cards, never a published test number;
country length and mod-97 check for IBANs, groups of four when spaced; parseable IPs that are
not loopback, unspecified, link-local, multicast or documentation addresses; vendor token
formats, with the CRC32 checksum of GitHub and npm tokens; JWTs whose header and payload decode;
PEM armour; US SSN ranges; phone characters, and digits equal to the trunk / calling code plus
a national number of the country's shapes; MAC shape; passwords that are no placeholder or weak
word; url_credentials between `://` and `@`; e-mail domains that are ours or reserved; a person
is in `people` or is a customer whose address, spelling every part of the name through its
Latin transliteration, is labelled in the same line), the validation scans what is left
unlabelled for addresses, IPv4 and IPv6 addresses, MAC addresses, `+`-prefixed, `00`-prefixed,
trunk-prefixed and North American phone shapes, SSN shapes, Luhn-valid runs of 13-19 digits
(also across spaces and dashes), valid IBANs, vendor-token, JWT, PEM, URL-credential and bearer
shapes, password keywords of all the languages (password, პაროლი, құпиясөз, parol, şifrə,
fjalëkalimi, лозинка, пароль, lozinka, ລະຫັດຜ່ານ, စကားဝှက်, erayga sirta, መሕለፊ ቃል, ijambo
ry'ibanga, teny miafina, tembung sandhi, پټنوم, وشەی نهێنی, पासवर्ड, ପାସୱାର୍ଡ, পাছৱৰ্ড,
Passwuert, loyniorð, ...) followed by a value, high-entropy strings, masks, and (every script,
every occurrence) the name parts and address local parts of the whole roster; only text
declared as a look-alike (`Look`, listed by --lint) may hold one, and only of the shapes it
declares (generated look-alikes declare what the scan finds in them, e.g. a Luhn-valid
e-ticket number). Placeholders and masks appear only on negative lines. Negative lines carry no
span, positive lines at least one; texts are unique.

Format (the one evaluate.py reads):

    {"id": "held9-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings, `Look`s and `(kind, value)` tuples or `Lab`s), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line
break, except a private key with real newlines.

Labelling conventions: those of heldout8.py's docstring (and through it heldout7.py's,
heldout6.py's, heldout5.py's and heldout4.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty); a vendor token used as a URL password is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password`, as are base64 values of a Kubernetes Secret's `data`, a
  Docker config.json `auth`, a Wi-Fi passphrase and a RADIUS shared secret. A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of the vendors anthropic, atlassian, aws,
  azure (a storage `AccountKey`), digitalocean, github, gitlab, google, hashicorp, huggingface,
  npm, openai, pypi, sendgrid, shopify, slack (a webhook is the whole URL), stripe (whsec_
  too), twilio (SK... key SIDs, their secrets and auth tokens; AC... account SIDs are not
  labelled).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]` or `ri:account-id`); passengers, guests and members are
  never in `people` and appear only beside an address that spells their name, labelled
  `person` (every occurrence) and `email`; role addresses (customer.care@, ops.tbs@,
  reservations.tbs@, svc-automation@) are `email` only. In e-mail headers every mailbox is
  labelled; Message-IDs are not addresses. `[shown|mailto:addr]`, `[shown|tel:...]`,
  `<a href="mailto:...">` and `<a href="tel:...">` label shown text and target separately.
* ip_address: public and private, IPv4 and IPv6, without port, brackets or prefix length;
  loopback and 0.0.0.0 only on negative lines.
* phone: the whole number as written; company hotlines and station duty phones are `phone`; a
  bare MSISDN (calling code and number without `+`) is `phone`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\\n`
  escapes stay inside, the trailing one outside; `client_email` is `email`).
* ssn: a US SSN AAA-GG-SSSS; other national identity numbers are not labelled.
* mac_address: the whole address (colon or dash form), on positive lines only.
* Not labelled, and masked values and placeholders only on negative lines: BICs, key ids,
  public keys, certificates, masked cards / IBANs, placeholders, hashes, UUIDs, build numbers
  shaped like IPv4 addresses. No published test card number, no AWS example key, no weak
  literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: GDS and baggage-system names: in a PNR name element (`1.BERIDZE/NINO MS`), an SSR DOCS
  element (`.../BERIDZE/NINO/P1`), a BSM `.P/1BERIDZE/NINO`, a PAXLST `NAD+FL+++BERIDZE:NINO'`,
  an OTA `<GivenName>` / `<Surname>` and an APIS JSON `surname` / `givenNames`, the family and
  the given names are separate `person` spans in ASCII capitals (title, pax count and
  separators outside), as heldout7.py's HL7 PID-5; the passenger's address is in the same line
  (APE element, WorldTracer `EA`, the comment around the message). WorldTracer `NM` (the
  surname alone) is `person`; its `IT` initial is not labelled.
* NEW: an address written in capitals, as GDSs and WorldTracer store it
  (`APE NINO.BERIDZE@MAIL.GE.EXAMPLE`), is `email` as written; a PNR `AP` phone and an `SSR
  CTCM` MSISDN are `phone`.
* NEW: a card number glued to the GDS form-of-payment code (`FP CCVI4026...`) is
  `credit_card`, the digits alone (`CC` and the brand code outside), as is an OTA
  `CardNumber=` attribute value; `CardHolderName` in capitals is `person`.
* NEW: domestic card schemes are `credit_card` like the international brands: Mir
  (2200-2204), UzCard (8600), Humo (9860) and RuPay (60 / 65 / 81 / 82 / 508), Luhn-valid.
* NEW: an NDC phone split into `<CountryDialingCode>` and `<PhoneNumber>`: the PhoneNumber (the
  national significant number, no trunk prefix) is `phone`, the dialing code is not labelled
  (as heldout8.py's PayPal `national_number`).
* NEW: travel identifiers are declared look-alikes, never labelled: 13-digit e-ticket and EMD
  numbers (738 + 10 digits, plain, `738-` or `738 `; some Luhn-valid by chance or by choice,
  declared), booking references (record locators), bag tag numbers (`0738123456`,
  `0738 123456`, `Q7123456`), a BSM `.N/` tag-plus-count (13 digits, Luhn-valid by chance when
  declared), WorldTracer file references (`LUXQ712345`), Aurelwind Miles member numbers (some
  written 3-3-3 with a leading 0, shaped like a trunk-prefixed phone: declared), 16-digit Miles
  card numbers starting 7380 (Luhn-valid by design; IIN 7 is no payment network), passport and
  visa-foil numbers of every country (APIS `DOC`, SSR DOCS, JSON `document.number`), ARNs
  (23 digits), Adyen pspReferences (16 digits, Luhn-valid by chance when declared), IATA agency
  codes, ADM numbers, hotel confirmation and folio numbers, flight numbers, seats, gates, ULD
  ids, pairing codes, aircraft registrations, IATA / ICAO codes, METAR / TAF / NOTAM text, ATC
  frequencies and squawks, SSIM lines and an SSM days-of-operation field `1.3.5.7` (shaped like
  an IPv4 address).
* NEW: `name@version` strings are not addresses (declared): a Sentry `release`
  (`aurelwind-web@2026.3.12`) and an npm `@scope/package@3.2.9`.
* NEW: Wi-Fi and lounge secrets are `password`: hostapd `wpa_passphrase` and
  `auth_server_shared_secret`, Aruba `wpa-passphrase` and RADIUS `key`, UniFi `x_passphrase`,
  and the lounge Wi-Fi password printed for guests (widely shared, still a password); SSIDs
  and VLANs are not labelled.
* NEW: a form-encoded password in a HAR `postData` (`&password=...`) is `password`, the
  `username=` (the member's address) `email`; Keycloak `session_state`, a Vault
  `token_accessor`, Twilio message SIDs (SM...) and Stripe / Adyen webhook signatures are
  declared look-alikes.
* NEW: in a gitleaks report the token is labelled in both `Finding:` and `Secret:`; `Author:`
  and `Email:` of a staff member are `person`; the commit SHA and the fingerprint are declared
  look-alikes.
* NEW: a passenger's given name used alone as their chat handle (`Camille:`) is `person`, the
  line holding their address; crew members are staff (Jira users, in `people`) named by display
  name, their phones `phone`.
* NEW: a US SSN typed into an APIS document field or a refund form's "tax id" field is `ssn`;
  a US passport number beside it is not labelled.
* NEW: Burmese names are written without spaces and labelled whole (အောင်ကျော်မိုး ↔
  aungkyawmoe); Uzbek names keep the modifier letter ʻ (Shahnoza Yoʻldosheva ↔
  shahnoza.yoldosheva), Uzbek names also appear in Cyrillic (Дилноза Раҳимова ↔
  dilnoza.rahimova); a name followed by a case suffix or postposition written solid (Odia
  `ସୁଭଶ୍ରୀ ମହାପାତ୍ରଙ୍କ`, Assamese `অনুপম বৰুৱাৰ`) is labelled without the suffix.
* NEW: the only address on a real third-party domain is a GCP service account's
  `client_email` (`...@aurelwind-ops-123456.iam.gserviceaccount.com`, `email` as in
  heldout5-7); every passenger address is on example.com / .net / .org or a `.example` name.
"""

import argparse
import base64
import ipaddress
import json
import math
import random
import re
import string
import sys
import unicodedata
import zlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

SEED = 9_2026_0314
SHUFFLE_SEED = 9_0777
OUT = HERE / "heldout9.jsonl"
ID_PREFIX = "held9"
R = random.Random(SEED)

# --- our domains and the reserved ones ---------------------------------------------------

AIR, GROUND, HOTEL, OTA = "aurelwind.com", "aurelground.net", "meridelhotels.com", "farefinch.travel"
INTERNAL = "aw.internal"
OUR_DOMAINS = (AIR, GROUND, HOTEL, OTA, INTERNAL)
RESERVED_SUFFIXES = (".example", ".test", ".invalid")
RESERVED_DOMAINS = ("example.com", "example.net", "example.org")


def domain_ok(domain):
    """Whether an address's domain is ours or reserved for examples."""
    d = domain.lower()
    for ours in OUR_DOMAINS + RESERVED_DOMAINS:
        if d == ours or d.endswith("." + ours):
            return True
    # the one real domain used: a GCP service account's client_email (labelled `email`, as in heldout5-7)
    return d.endswith(RESERVED_SUFFIXES) or d.endswith(".iam.gserviceaccount.com")


# --- pieces ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """Unlabelled text declared a look-alike: `shapes` names what the scan may find in it."""

    text: str
    why: str
    shapes: frozenset = frozenset()


def look(text, why, *shapes):
    return Look(text, why, frozenset(shapes))


def look_auto(text, why):
    """A generated look-alike whose shapes are those the scan finds in it (declared, listed by
    --lint): used for numbers that may by chance take a phone, card or address shape."""
    return Look(text, why, frozenset(h[0] for h in scan_hits(text)))


@dataclass(frozen=True)
class Lab:
    """A labelled value; `meta` carries what validation needs (a phone's country and digits)."""

    kind: str
    value: str
    meta: tuple = ()


SLOT = re.compile(r"⟦(\w+)⟧")


def T(template, **slots):
    """Pieces of `template`, its ⟦name⟧ slots filled from `slots`."""
    out, pos = [], 0
    for m in SLOT.finditer(template):
        out.append(template[pos:m.start()])
        out.append(slots[m.group(1)])
        pos = m.end()
    out.append(template[pos:])
    return out


def flatten(pieces):
    for p in pieces:
        if isinstance(p, (list, tuple)) and not (isinstance(p, tuple) and len(p) == 2
                                                 and isinstance(p[0], str) and isinstance(p[1], str)
                                                 and p[0] in KINDS_SET):
            yield from flatten(p)
        elif isinstance(p, tuple):
            yield Lab(p[0], p[1])
        else:
            yield p


KINDS = ["email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"]
VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
           "stripe", "twilio"]
KINDS_SET = set(KINDS) | {f"api_key/{v}" for v in VENDORS}


@dataclass
class Line:
    text: str
    spans: list          # (kind, char_start, char_end, Lab)
    looks: list          # (char_start, char_end, Look)
    people: list         # Staff
    cat: str
    lang: str


LINES = []


def emit(pieces, people=(), cat="", lang="en"):
    text, spans, looks, pos = [], [], [], 0
    for p in flatten(pieces):
        if isinstance(p, str):
            s = p
        elif isinstance(p, Look):
            s = p.text
            looks.append((pos, pos + len(s), p))
        elif isinstance(p, Lab):
            s = p.value
            spans.append((p.kind, pos, pos + len(s), p))
        else:
            raise TypeError(f"bad piece {p!r}")
        text.append(s)
        pos += len(s)
    staff = []
    for person in people:
        if person not in staff:
            staff.append(person)
    LINES.append(Line("".join(text), spans, looks, staff, cat, lang))


# --- random parts ------------------------------------------------------------------------

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
HEX = "0123456789abcdef"


def rs(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n):
    return rs(string.digits, n)


def pick(seq):
    return R.choice(seq)


class Cycle:
    """Items taken in turn, after one seeded shuffle."""

    def __init__(self, items, shuffle=True):
        self.items = list(items)
        if shuffle:
            R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


# cards -----------------------------------------------------------------------------------

TEST_CARDS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "4000056655665556",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
    "378282246310005", "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237", "36227206271667",
    "6200000000000005", "6759649826438453", "4000000000000002", "4000002500003155",
}

CARD_BRANDS = {
    "visa": (lambda d: d[0] == "4", {16}),
    "mastercard": (lambda d: 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720, {16}),
    "amex": (lambda d: d[:2] in ("34", "37"), {15}),
    "discover": (lambda d: d[:4] == "6011" or d[:2] == "65" or 644 <= int(d[:3]) <= 649, {16}),
    "jcb": (lambda d: 3528 <= int(d[:4]) <= 3589, {16}),
    "unionpay": (lambda d: d[:2] == "62", {16, 19}),
    "diners": (lambda d: d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305, {14}),
    "maestro": (lambda d: d[:4] in ("5018", "5020", "5038", "6304", "6759", "6761", "6763"), {16, 19}),
    "mir": (lambda d: 2200 <= int(d[:4]) <= 2204, {16}),
    "uzcard": (lambda d: d[:4] == "8600", {16}),
    "humo": (lambda d: d[:4] == "9860", {16}),
    "rupay": (lambda d: d[:2] in ("60", "65", "81", "82") or d[:3] == "508", {16}),
}

CARD_PREFIXES = {
    "visa": ["4026", "4147", "4276", "4349", "4506", "4622", "4779", "4893", "4917", "4169"],
    "mastercard": ["5168", "5231", "5355", "5413", "5522", "2221", "2306", "2412", "2587", "2720"],
    "amex": ["3411", "3474", "3712", "3787"],
    "discover": ["6011", "6500", "6523"],
    "jcb": ["3528", "3541", "3566", "3589"],
    "unionpay": ["6210", "6228", "6250", "6282"],
    "diners": ["3605", "3644", "3012"],
    "maestro": ["6759", "5018", "6763"],
    "mir": ["2200", "2202", "2204"],
    "uzcard": ["8600"],
    "humo": ["9860"],
    "rupay": ["6521", "6522", "8172", "5085"],
}


def luhn_digit(body):
    for d in "0123456789":
        if luhn_ok(body + d):
            return d
    raise AssertionError


def card_number(brand, length=None):
    lengths = sorted(CARD_BRANDS[brand][1])
    n = length or lengths[0]
    while True:
        body = pick(CARD_PREFIXES[brand])
        body += digits(n - 1 - len(body))
        num = body + luhn_digit(body)
        if num not in TEST_CARDS and len(set(num)) > 3:
            return num


def group_card(num, style):
    n = len(num)
    if style == "plain":
        return num
    sep = " " if style == "space" else "-"
    if n == 15:
        sizes = (4, 6, 5)
    elif n == 14:
        sizes = (4, 6, 4)
    elif n == 19:
        sizes = (4, 4, 4, 4, 3)
    else:
        sizes = (4, 4, 4, 4)
    out, i = [], 0
    for k in sizes:
        out.append(num[i:i + k])
        i += k
    return sep.join(out)


CARD_STYLES = Cycle(["space", "plain", "dash", "space", "plain"], shuffle=False)
BRAND_CYCLE = Cycle(["visa", "mastercard", "visa", "amex", "mastercard", "discover", "jcb",
                     "unionpay", "diners", "maestro", "visa", "mir", "mastercard", "visa"])


def card(brand=None, style=None, length=None):
    brand = brand or BRAND_CYCLE()
    num = card_number(brand, length)
    return Lab("credit_card", group_card(num, style or CARD_STYLES()), (brand,))


def exp():
    return f"{R.randint(1, 12):02d}/{R.randint(26, 31)}"


# IBANs -----------------------------------------------------------------------------------

IBAN_LEN = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28,
    "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
    "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20,
    "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18,
    "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24,
    "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
    "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}


def mod97_10(s):
    """Two check digits making `s` + digits ≡ 1 (mod 97) (ISO 7064 MOD 97-10)."""
    return f"{98 - int(s + '00') % 97:02d}"


def nl_account():
    while True:
        acc = digits(10)
        if acc[0] != "0" and sum(int(c) * w for c, w in zip(acc, range(10, 0, -1))) % 11 == 0:
            return acc


def fr_rib(bank, branch, account):
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{key:02d}"


def al_check(bank_branch):
    total = sum(int(c) * w for c, w in zip(bank_branch, (9, 7, 3, 1, 9, 7, 3)))
    return str((10 - total % 10) % 10)


def iban_bban(cc):
    if cc == "GE":
        return pick(["TB", "BG", "LB", "PC"]) + "0" + digits(15)
    if cc == "KZ":
        return pick(["722", "601", "998", "826", "914"]) + "KZT" + digits(10)
    if cc == "AZ":
        return pick(["NABZ", "AIIB", "IBAZ", "PAHA", "KAPT"]) + "0" + digits(19)
    if cc == "AL":
        bb = pick(["202", "212", "208", "205"]) + digits(4)
        return bb + al_check(bb) + digits(16)
    if cc == "XK":
        return pick(["1212", "1502", "1910", "2011"]) + digits(12)
    if cc == "MK":
        body = pick(["300", "210", "250", "270"]) + digits(10)
        return body + mod97_10(body)
    if cc == "BA":
        body = pick(["129", "154", "161", "338", "141"]) + digits(3) + digits(8)
        return body + mod97_10(body)
    if cc == "BY":
        return pick(["AKBB", "BPSB", "BLBB", "ALFA", "PJCB"]) + pick(["3012", "3014", "3819"]) + digits(16)
    if cc == "LU":
        return pick(["001", "002", "003", "014", "019", "025"]) + "0" + digits(12)
    if cc == "FO":
        return pick(["6460", "9181", "7600"]) + digits(10)
    if cc == "IQ":
        return pick(["NBIQ", "RAFB", "RDBA", "CBIQ"]) + digits(3) + digits(12)
    if cc == "PK":
        return pick(["HABB", "MUCB", "SCBL", "UNIL", "MEZN"]) + "00" + digits(14)
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(6) + digits(8)
    if cc == "DE":
        return pick(["50010517", "37040044", "10070024", "20041133", "70150000"]) + digits(10)
    if cc == "FR":
        bank, branch, acc = pick(["30004", "30003", "10278", "20041"]), digits(5), digits(11)
        return bank + branch + acc + fr_rib(bank, branch, acc)
    if cc == "NL":
        return pick(["ABNA", "INGB", "RABO", "TRIO", "KNAB"]) + nl_account()
    if cc == "BE":
        body = pick(["001", "068", "310", "363", "734"]) + digits(7)
        check = int(body) % 97 or 97
        return body + f"{check:02d}"
    if cc == "CH":
        return pick(["00762", "00230", "80808", "09000"]) + digits(12)
    raise KeyError(cc)


def iban(cc, spaced=None):
    bban = iban_bban(cc)
    value = cc + iban_check(cc, bban) + bban
    assert len(value) == IBAN_LEN[cc] and iban_valid(value), value
    if cc == "BA":
        assert value[2:4] == "39", value
    if cc == "MK":
        assert value[2:4] == "07", value
    if spaced is None:
        spaced = R.random() < 0.7
    if spaced:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return Lab("iban", value, (cc,))


# phones ----------------------------------------------------------------------------------


def grp(s, sizes, sep=" "):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    assert i == len(s), (s, sizes)
    return sep.join(out)


@dataclass
class PhoneSpec:
    cc: str
    trunk: str
    kinds: list                      # (prefixes, nsn length)
    intl: list                       # groupings of the NSN after "+cc "
    nat: list                        # functions nsn -> national form


def _ru(nsn):  # 701 234-56-78
    return f"{nsn[:3]} {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"


PHONES = {
    "GE": PhoneSpec("995", "", [(["555", "557", "558", "568", "571", "577", "591", "593", "595", "597", "599"], 9), (["322"], 9)],
                    [(3, 2, 2, 2), (3, 3, 3)], [lambda n: grp(n, (3, 2, 2, 2)), lambda n: grp(n, (3, 3, 3))]),
    "KZ": PhoneSpec("7", "8", [(["701", "702", "705", "707", "747", "771", "775", "777", "778"], 10), (["727"], 10)],
                    [(3, 3, 4), (3, 3, 2, 2)], [lambda n: "8 " + _ru(n), lambda n: f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"]),
    "UZ": PhoneSpec("998", "", [(["90", "91", "93", "94", "97", "99", "33", "88"], 9), (["71"], 9)],
                    [(2, 3, 2, 2)], [lambda n: grp(n, (2, 3, 2, 2)), lambda n: f"({n[:2]}) {n[2:5]}-{n[5:7]}-{n[7:]}"]),
    "AZ": PhoneSpec("994", "0", [(["50", "51", "55", "70", "77", "99", "10"], 9), (["12"], 9)],
                    [(2, 3, 2, 2)], [lambda n: "0" + grp(n, (2, 3, 2, 2)), lambda n: f"0{n[:2]}-{n[2:5]}-{n[5:7]}-{n[7:]}"]),
    "AL": PhoneSpec("355", "0", [(["67", "68", "69"], 9), (["4"], 8)],
                    [(2, 3, 4), (2, 7)], [lambda n: "0" + (grp(n, (2, 3, 4)) if len(n) == 9 else grp(n, (1, 3, 4)))]),
    "XK": PhoneSpec("383", "0", [(["43", "44", "45", "46", "48", "49"], 8)],
                    [(2, 3, 3)], [lambda n: "0" + grp(n, (2, 3, 3)), lambda n: "0" + grp(n, (2, 3, 3), "-")]),
    "MK": PhoneSpec("389", "0", [(["70", "71", "72", "75", "76", "77", "78"], 8), (["2"], 8)],
                    [(2, 3, 3)], [lambda n: "0" + grp(n, (2, 3, 3)), lambda n: "0" + grp(n, (2, 3, 3), "-")]),
    "BY": PhoneSpec("375", "80", [(["25", "29", "33", "44"], 9), (["17"], 9)],
                    [(2, 3, 2, 2)], [lambda n: f"8 0{n[:2]} {n[2:5]}-{n[5:7]}-{n[7:]}", lambda n: f"8 (0{n[:2]}) {n[2:5]}-{n[5:7]}-{n[7:]}"]),
    "BA": PhoneSpec("387", "0", [(["61", "62", "63", "64", "66"], 8), (["33"], 8)],
                    [(2, 3, 3)], [lambda n: "0" + grp(n, (2, 3, 3)), lambda n: f"0{n[:2]}/{n[2:5]}-{n[5:]}"]),
    "LA": PhoneSpec("856", "0", [(["202", "205", "207", "209"], 10), (["21"], 8)],
                    [(2, 4, 4), (2, 2, 3, 3)], [lambda n: "0" + (grp(n, (2, 4, 4)) if len(n) == 10 else grp(n, (2, 3, 3)))]),
    "MM": PhoneSpec("95", "0", [(["97", "979", "978", "925", "996"], 10), (["1"], 8)],
                    [(1, 3, 3, 3)], [lambda n: "0" + (grp(n, (1, 3, 3, 3)) if len(n) == 10 else grp(n, (1, 3, 4)))]),
    "SO": PhoneSpec("252", "0", [(["61", "62", "63", "65", "68", "90"], 9)],
                    [(2, 7), (2, 3, 4)], [lambda n: "0" + grp(n, (2, 7)), lambda n: "0" + grp(n, (2, 3, 4))]),
    "ER": PhoneSpec("291", "0", [(["7"], 7), (["1"], 7)],
                    [(1, 3, 3)], [lambda n: "0" + grp(n, (1, 3, 3))]),
    "RW": PhoneSpec("250", "0", [(["78", "79", "72", "73"], 9)],
                    [(3, 3, 3)], [lambda n: "0" + grp(n, (3, 3, 3))]),
    "MG": PhoneSpec("261", "0", [(["32", "33", "34", "38"], 9), (["20"], 9)],
                    [(2, 2, 3, 2)], [lambda n: "0" + grp(n, (2, 2, 3, 2))]),
    "PH": PhoneSpec("63", "0", [(["917", "918", "927", "939", "947", "995"], 10), (["32"], 9)],
                    [(3, 3, 4)], [lambda n: "0" + (grp(n, (3, 3, 4)) if len(n) == 10 else grp(n, (2, 3, 4))), lambda n: "0" + grp(n, (3, 3, 4), "-") if len(n) == 10 else "0" + n]),
    "ID": PhoneSpec("62", "0", [(["812", "813", "821", "852", "856", "878"], 11), (["274"], 10)],
                    [(3, 4, 4), (3, 8)], [lambda n: "0" + (grp(n, (3, 4, 4), "-") if len(n) == 11 else grp(n, (3, 7))), lambda n: "0" + (grp(n, (3, 4, 4)) if len(n) == 11 else grp(n, (3, 3, 4)))]),
    "AF": PhoneSpec("93", "0", [(["70", "72", "77", "78", "79"], 9)],
                    [(2, 3, 4)], [lambda n: "0" + grp(n, (2, 3, 4))]),
    "PK": PhoneSpec("92", "0", [(["300", "301", "321", "333", "345"], 10), (["91"], 9)],
                    [(3, 7)], [lambda n: "0" + (grp(n, (3, 7), "-") if len(n) == 10 else grp(n, (2, 7), "-"))]),
    "IQ": PhoneSpec("964", "0", [(["750", "751", "770", "771", "780"], 10)],
                    [(3, 3, 4)], [lambda n: "0" + grp(n, (3, 3, 4))]),
    "IN": PhoneSpec("91", "", [(["98", "97", "94", "90", "88", "70", "63"], 10)],
                    [(5, 5)], [lambda n: grp(n, (5, 5)), lambda n: grp(n, (5, 5), "-")]),
    "LU": PhoneSpec("352", "", [(["621", "628", "661", "671", "691"], 9), (["2"], 8)],
                    [(3, 3, 3), (2, 2, 2, 2)], [lambda n: grp(n, (3, 3, 3)) if len(n) == 9 else grp(n, (2, 2, 2, 2))]),
    "FO": PhoneSpec("298", "", [(["21", "22", "29", "52", "55", "77"], 6), (["3"], 6)],
                    [(2, 2, 2), (6,)], [lambda n: grp(n, (2, 2, 2)), lambda n: n]),
    "GB": PhoneSpec("44", "0", [(["74", "75", "77", "78", "79"], 10), (["20"], 10)],
                    [(4, 6), (2, 4, 4)], [lambda n: "0" + grp(n, (4, 6)) if n[0] == "7" else "0" + grp(n, (2, 4, 4))]),
    "US": PhoneSpec("1", "", [(["617", "312", "206", "404", "713", "646", "415", "305", "718"], 10)],
                    [(3, 3, 4)], [lambda n: f"({n[:3]}) {n[3:6]}-{n[6:]}", lambda n: f"{n[:3]}-{n[3:6]}-{n[6:]}"]),
    "DE": PhoneSpec("49", "0", [(["151", "160", "170", "176", "157"], 11), (["69"], 10)],
                    [(3, 8), (3, 4, 4)], [lambda n: "0" + (grp(n, (3, 8)) if n[0] == "1" else grp(n, (2, 8))), lambda n: "0" + (grp(n, (3, 4, 4)) if n[0] == "1" else grp(n, (2, 4, 4)))]),
    "FR": PhoneSpec("33", "0", [(["6", "7"], 9), (["1"], 9)],
                    [(1, 2, 2, 2, 2)], [lambda n: "0" + grp(n, (1, 2, 2, 2, 2)), lambda n: "0" + grp(n, (1, 2, 2, 2, 2), ".")]),
    "NL": PhoneSpec("31", "0", [(["6"], 9), (["20"], 9)],
                    [(1, 8), (1, 2, 3, 3)], [lambda n: "0" + n[0] + "-" + n[1:] if n[0] == "6" else "0" + grp(n, (2, 3, 4))]),
    "AE": PhoneSpec("971", "0", [(["50", "52", "54", "55", "56", "58"], 9), (["4"], 8)],
                    [(2, 3, 4), (1, 3, 4)], [lambda n: "0" + (grp(n, (2, 3, 4)) if len(n) == 9 else grp(n, (1, 3, 4)))]),
}


def nsn_for(iso, landline=False):
    spec = PHONES[iso]
    prefixes, n = spec.kinds[1] if landline and len(spec.kinds) > 1 else spec.kinds[0]
    p = pick(prefixes)
    rest = digits(n - len(p))
    if iso == "US":
        rest = str(R.randint(2, 9)) + digits(6)
        while rest[:3] == "555":
            rest = str(R.randint(2, 9)) + digits(6)
    return p + rest


PHONE_FORMS = Cycle(["nat", "intl", "e164", "intl", "00", "nat", "intl"], shuffle=False)


def phone(iso, form=None, landline=False, nsn=None):
    spec = PHONES[iso]
    nsn = nsn or nsn_for(iso, landline)
    form = form or PHONE_FORMS()
    if form == "nat":
        value = pick(spec.nat)(nsn)
    elif form in ("intl", "00"):
        sizes = [g for g in spec.intl if sum(g) == len(nsn)] or [(len(nsn),)]
        sizes = pick(sizes)
        if iso == "US" and R.random() < 0.5:
            body = f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
        else:
            body = grp(nsn, sizes, pick([" ", " ", "-"]) if form == "intl" else " ")
        value = ("+" if form == "intl" else "00") + spec.cc + " " + body
    elif form == "e164":
        value = "+" + spec.cc + nsn
    elif form == "bare":
        value = spec.cc + nsn
    else:
        raise ValueError(form)
    return Lab("phone", value, (iso, nsn, form))


# network ---------------------------------------------------------------------------------

PUBLIC_FIRST = [31, 37, 46, 62, 77, 78, 79, 80, 81, 82, 83, 85, 86, 87, 88, 89, 91, 92, 93, 94,
                95, 109, 141, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]


def ip_public():
    while True:
        a = ipaddress.IPv4Address(f"{pick(PUBLIC_FIRST)}.{R.randint(1, 254)}.{R.randint(0, 255)}.{R.randint(1, 254)}")
        if a.is_global:
            return str(a)


def ip_private():
    c = R.random()
    if c < 0.45:
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    if c < 0.75:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    return f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ip6():
    c = R.random()
    if c < 0.6:
        head = pick(["2a02:", "2a01:", "2a00:", "2001:67c:", "2a0d:", "2a03:"])
        groups = 8 - head.count(":")
        raw = head + ":".join(f"{R.randint(0, 0xffff):x}" for _ in range(groups))
    else:
        raw = "fd" + f"{R.randint(0, 255):02x}:" + ":".join(f"{R.randint(0, 0xffff):x}" for _ in range(7))
    return ipaddress.IPv6Address(raw).compressed


def IP(kind="pub"):
    value = {"pub": ip_public, "priv": ip_private, "v6": ip6}[kind]()
    return Lab("ip_address", value)


OUIS = ["00:1b:21", "3c:5a:b4", "f0:9f:c2", "ac:1f:6b", "b8:27:eb", "00:0c:29", "d4:ca:6d",
        "e0:63:da", "74:83:c2", "00:50:56", "fc:ec:da", "58:97:bd", "24:5a:4c", "00:25:90"]


def mac(style=None):
    raw = pick(OUIS).split(":") + [f"{R.randint(0, 255):02x}" for _ in range(3)]
    style = style or pick(["colon", "colon", "COLON", "dash"])
    if style == "colon":
        v = ":".join(raw)
    elif style == "COLON":
        v = ":".join(raw).upper()
    elif style == "dash":
        v = "-".join(raw).upper()
    else:  # cisco dotted
        h = "".join(raw)
        v = f"{h[:4]}.{h[4:8]}.{h[8:]}"
    return Lab("mac_address", v)


# secrets ---------------------------------------------------------------------------------

SYLL = ["ka", "ve", "ri", "to", "mu", "sa", "lo", "ne", "di", "ra", "zu", "pe", "mo", "ti",
        "ba", "ko", "li", "na", "se", "du"]


def pw(kind=None):
    kind = kind or pick(["word", "random", "random", "word", "phrase"])
    if kind == "random":
        while True:
            s = rs(ALNUM + "!#%*-_.@+", R.randint(14, 22))
            if (any(c.isdigit() for c in s) and any(c.isupper() for c in s)
                    and any(c.islower() for c in s) and "@" not in s[:1]):
                return s
    if kind == "word":
        w = "".join(pick(SYLL) for _ in range(3)).capitalize()
        return w + pick("!#%*-_.") + digits(R.randint(3, 5)) + pick(["", "x", "Q", "k"]) + rs(string.ascii_lowercase, 2)
    # wifi phrase
    words = ["Kazbegi", "Tamada", "Ushba", "Mtkvari", "Vianden", "Moselle", "Kobuleti", "Altyn",
             "Saryarka", "Bayterek", "Gobustan", "Ohrid", "Vardar", "Mekong", "Inle", "Tsingy",
             "Baobab", "Kivu", "Nyungwe", "Sugbo", "Merapi", "Borobudur", "Khyber", "Zagros",
             "Sahyadri", "Konark", "Kaziranga", "Mykines", "Slaettaratindur", "Skopje", "Neretva"]
    return f"{pick(words)}{pick(['-', '.', '_', ''])}{pick(words).lower()}{pick(['-', '#', '!'])}{digits(4)}"


def pw_url():
    """A password as it appears inside a URL (no character that would need percent-encoding)."""
    while True:
        v = rs(ALNUM + "-_.~!*", R.randint(14, 22))
        if any(c.isdigit() for c in v) and any(c.isupper() for c in v) and any(c.islower() for c in v):
            return v


def PW(kind=None):
    return Lab("password", pw(kind))


def crc_b62(s):
    n = zlib.crc32(s.encode()) & 0xFFFFFFFF
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def tok(vendor, sub=None):
    v = vendor
    if v == "github":
        sub = sub or pick(["ghp", "ghp", "ghs", "gho", "pat"])
        if sub == "pat":
            s = "github_pat_" + "11" + rs(string.ascii_uppercase + string.digits, 20) + "_" + rs(ALNUM, 59)
        else:
            body = rs(ALNUM, 30)
            s = f"{sub}_{body}{crc_b62(body)}"
    elif v == "npm":
        body = rs(ALNUM, 30)
        s = f"npm_{body}{crc_b62(body)}"
    elif v == "gitlab":
        s = "glpat-" + rs(B64URL, 20)
    elif v == "slack":
        sub = sub or pick(["xoxb", "xoxp", "hook"])
        if sub == "hook":
            s = ("https://hooks.slack.com/services/T" + rs(string.ascii_uppercase + string.digits, 8) + "/B"
                 + rs(string.ascii_uppercase + string.digits, 10) + "/" + rs(ALNUM, 24))
        elif sub == "xoxb":
            s = f"xoxb-{digits(12)}-{digits(13)}-{rs(ALNUM, 24)}"
        else:
            s = f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{rs(HEX, 32)}"
    elif v == "stripe":
        sub = sub or pick(["sk", "rk", "whsec"])
        s = "whsec_" + rs(ALNUM, 32) if sub == "whsec" else f"{sub}_live_51" + rs(ALNUM, 97)
    elif v == "aws":
        if sub == "secret":
            s = rs(string.ascii_letters + string.digits + "/+", 40)
        else:
            s = pick(["AKIA", "AKIA", "ASIA"]) + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    elif v == "google":
        s = "AIza" + rs(B64URL, 35)
    elif v == "openai":
        s = "sk-proj-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74)
    elif v == "anthropic":
        s = "sk-ant-api03-" + rs(B64URL, 93) + "AA"
    elif v == "atlassian":
        s = "ATATT3xFfGF0" + rs(B64URL, 170) + "=" + rs("0123456789ABCDEF", 8)
    elif v == "azure":
        s = base64.b64encode(bytes(R.randrange(256) for _ in range(64))).decode()
    elif v == "digitalocean":
        s = "dop_v1_" + rs(HEX, 64)
    elif v == "hashicorp":
        if sub == "tfc":
            s = rs(ALNUM, 14) + ".atlasv1." + rs(ALNUM, 67)
        else:
            s = "hvs." + rs(B64URL, 90)
    elif v == "huggingface":
        s = "hf_" + rs(string.ascii_letters, 34)
    elif v == "pypi":
        s = "pypi-AgEIcHlwaS5vcmc" + rs(B64URL, 150)
    elif v == "sendgrid":
        s = "SG." + rs(B64URL, 22) + "." + rs(B64URL, 43)
    elif v == "shopify":
        s = pick(["shpat", "shpca", "shpss"]) + "_" + rs(HEX, 32)
    elif v == "twilio":
        if sub == "token":
            s = rs(HEX, 32)
        elif sub == "secret":  # the secret of an API key SID
            s = rs(ALNUM, 32)
        else:
            s = "SK" + rs(HEX, 32)
    else:
        raise KeyError(v)
    return Lab(f"api_key/{v}", s)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(payload=None, alg=None):
    alg = alg or pick(["HS256", "RS256", "ES256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(HEX, 16)
    now = 1773400000 + R.randint(0, 900000)
    body = {"sub": rs(HEX, 24), "iat": now, "exp": now + pick([900, 3600, 86400])}
    body.update(payload or {})
    sig_bytes = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}[alg]
    s = b64u(json.dumps(header, separators=(",", ":")).encode()) + "." + \
        b64u(json.dumps(body, separators=(",", ":")).encode()) + "." + b64u(bytes(R.randrange(256) for _ in range(sig_bytes)))
    return Lab("jwt", s)


def pem(kind=None, escaped=False):
    kind = kind or pick(["RSA", "PKCS8", "EC", "OPENSSH"])
    if kind == "RSA":
        label, head, n = "RSA PRIVATE KEY", "MIIEowIBAAKCAQEA", 1588
    elif kind == "PKCS8":
        label, head, n = "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1620
    elif kind == "EC":
        label, head, n = "EC PRIVATE KEY", "MHcCAQEEI", 160
    elif kind == "P8EC":
        label, head, n = "PRIVATE KEY", "MIGTAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBHkwdwIBAQQg", 200
    else:
        label, head, n = "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\nQyNTUxOQAAACD", 332
    body = head.replace("\n", "") + rs(B64, n - len(head))
    if kind == "OPENSSH":
        body = body[:-2] + "=="
    lines = [body[i:i + 64 if kind != "OPENSSH" else i + 70] for i in range(0, len(body), 64 if kind != "OPENSSH" else 70)]
    nl = "\\n" if escaped else "\n"
    return Lab("private_key", f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----")


def ssn():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        v = f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in ("123-45-6789", "078-05-1120", "219-09-9999"):
            return Lab("ssn", v)


def acct_id():
    if R.random() < 0.55:
        return rs(HEX, 24)
    u = "".join(rs(HEX, k) for k in (8,)) + "-" + rs(HEX, 4) + "-" + rs(HEX, 4) + "-" + rs(HEX, 4) + "-" + rs(HEX, 12)
    return pick(["712020", "557058", "630aa3"]) + ":" + u


# --- people ------------------------------------------------------------------------------


def fold(s):
    """Lower-case ASCII letters of `s` (diacritics dropped)."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s.lower() if "a" <= c <= "z")


@dataclass(eq=False)
class Staff:
    """A Jira user of the tenant (always in the line's `people` when mentioned)."""

    display: str
    email: str
    latin: tuple
    account_id: str = ""

    def __post_init__(self):
        self.account_id = acct_id()

    @property
    def parts(self):
        return tuple(self.display.split())

    def json(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.account_id}


def S(display, local, domain=AIR, latin=None):
    latin = latin or tuple(display.split())
    return Staff(display, f"{local}@{domain}", tuple(latin))


def P(st):
    return Lab("person", st.display)


def PE(st):
    return Lab("person", st.email)


def PA(st):
    return Lab("person", st.account_id)


STAFF = {
    "levan": S("Levan Gelashvili", "levan.gelashvili"),
    "natia": S("ნათია ხარაზიშვილი", "natia.kharazishvili", AIR, ("Natia", "Kharazishvili")),
    "dauren": S("Дәурен Омаров", "dauren.omarov", AIR, ("Dauren", "Omarov")),
    "malika": S("Malika Rasulova", "malika.rasulova", GROUND),
    "tural": S("Tural Hüseynov", "tural.huseynov", AIR, ("Tural", "Huseynov")),
    "besnik": S("Besnik Dervishi", "besnik.dervishi", GROUND),
    "elena": S("Елена Петковска", "elena.petkovska", AIR, ("Elena", "Petkovska")),
    "mirsad": S("Mirsad Kovačević", "mirsad.kovacevic", HOTEL, ("Mirsad", "Kovacevic")),
    "vilai": S("ວິໄລພອນ ແສງສຸລິນ", "vilaiphone.sengsoulin", AIR, ("Vilaiphone", "Sengsoulin")),
    "kyaw": S("Kyaw Zin Htet", "kyawzin.htet", GROUND),
    "ifrah": S("Ifrah Jama", "ifrah.jama", OTA),
    "claudine": S("Claudine Mukamana", "claudine.mukamana"),
    "tiana": S("Tiana Razafindrakoto", "tiana.razafindrakoto", OTA),
    "rhea": S("Rhea Villaflor", "rhea.villaflor", OTA),
    "dimas": S("Dimas Prasetyo", "dimas.prasetyo", GROUND),
    "sadaf": S("Sadaf Afridi", "sadaf.afridi"),
    "karwan": S("Karwan Salih", "karwan.salih", GROUND),
    "aditya": S("Aditya Phadke", "aditya.phadke"),
    "arpita": S("ଅର୍ପିତା ସାହୁ", "arpita.sahu", OTA, ("Arpita", "Sahu")),
    "bhaskar": S("Bhaskar Bora", "bhaskar.bora", OTA),
    "marc": S("Marc Schiltz", "marc.schiltz"),
    "joannes": S("Jóannes Mikkelsen", "joannes.mikkelsen", AIR, ("Joannes", "Mikkelsen")),
    "aliaksei": S("Аляксей Лагуновіч", "aliaksei.lahunovich", AIR, ("Aliaksei", "Lahunovich")),
    "mikiel": S("ሚኪኤል ተኽለ", "mikiel.tekle", GROUND, ("Mikiel", "Tekle")),
    "hannah": S("Hannah Whitcombe", "hannah.whitcombe"),
    "tobias": S("Tobias Reinholt", "tobias.reinholt"),
    "kavitha": S("Kavitha Natarajan", "kavitha.natarajan"),
    "samira": S("Samira Haddad", "samira.haddad", HOTEL),
    "kwame": S("Kwame Asante", "kwame.asante"),
    "ingrid": S("Ingrid Solheim", "ingrid.solheim"),
    "yerbol": S("Yerbol Tokhtarov", "yerbol.tokhtarov", GROUND),
    "mariam": S("Mariam Tsiklauri", "mariam.tsiklauri"),
    "claude": S("Claude Feltgen", "claude.feltgen"),
    "sneha": S("Sneha Joshi", "sneha.joshi"),
    "oliver": S("Oliver Pendry", "oliver.pendry", OTA),
    "nadia": S("Nadia Kovalenko", "nadia.kovalenko", HOTEL),
    "gustav": S("Gustav Ekdahl", "gustav.ekdahl"),
    "lucia": S("Lucía Ferreyra", "lucia.ferreyra", OTA, ("Lucia", "Ferreyra")),
    "thabo": S("Thabo Nkosi", "thabo.nkosi", GROUND),
    "fenna": S("Fenna Hoekstra", "fenna.hoekstra"),
}
ST = STAFF
ENG_STAFF = [ST[k] for k in ("levan", "hannah", "tobias", "kavitha", "samira", "kwame", "ingrid",
                             "yerbol", "mariam", "claude", "sneha", "oliver", "nadia", "gustav",
                             "lucia", "thabo", "fenna", "marc", "joannes", "malika", "besnik")]


def staff(n=1, pool=None):
    if isinstance(n, list):
        pool, n = n, 1
    pool = pool or ENG_STAFF
    chosen = R.sample(pool, n)
    return chosen[0] if n == 1 else chosen


@dataclass(eq=False)
class Cust:
    """A passenger, guest or member: never in `people`; named only beside their address."""

    parts: tuple          # native-script parts, display order
    latin: tuple          # Latin transliteration of each part
    domain: str
    sep: str = " "
    family: int = -1      # index of the family name in parts
    style: str = "dot"
    email_value: str = ""
    country: str = ""

    def __post_init__(self):
        l = [fold(x) for x in self.latin]
        fam = l[self.family]
        given = [x for i, x in enumerate(l) if i != self.family % len(l)]
        if self.style == "dot":
            local = ".".join(given + [fam])
        elif self.style == "join":
            local = "".join(given + [fam])
        elif self.style == "under":
            local = "_".join(given + [fam])
        elif self.style == "rev":
            local = fam + "." + "".join(given)
        else:  # digits
            local = ".".join(given + [fam]) + str(R.randint(70, 99))
        self.email_value = f"{local}@{self.domain}"

    @property
    def display(self):
        return self.sep.join(self.parts)

    @property
    def latin_display(self):
        return " ".join(self.latin)

    def name(self):
        return Lab("person", self.display)

    def part(self, i):
        return Lab("person", self.parts[i])

    def fam(self):
        return Lab("person", self.parts[self.family])

    def lat(self):
        return Lab("person", self.latin_display)

    def upper(self):
        return Lab("person", " ".join(fold_upper(x) for x in self.latin))

    def up_fam(self):
        return Lab("person", fold_upper(self.latin[self.family]))

    def up_given(self):
        return Lab("person", " ".join(fold_upper(x) for i, x in enumerate(self.latin) if i != self.family % len(self.latin)))

    def lat_part(self, i):
        return Lab("person", self.latin[i])

    def mail(self):
        return Lab("email", self.email_value)


def fold_upper(x):
    return fold(x).upper() if not x.isascii() else x.upper().replace("-", "").replace("'", "")


def C(native, latin=None, domain="example.com", sep=" ", family=-1, style="dot", country=""):
    parts = tuple(native.split()) if sep == " " else tuple(native.split("|"))
    latin = tuple(latin.split()) if latin else parts
    assert len(parts) == len(latin), native
    return Cust(parts, latin, domain, sep, family, style, "", country)


# --- look-alikes of the domain ------------------------------------------------------------

AIRLINE_NUM = "738"
PNR_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def pnr():
    while True:
        s = rs(PNR_CHARS, 6)
        if any(c.isdigit() for c in s) and any(c.isalpha() for c in s):
            return look(s, "booking reference (record locator)")


def ticket_digits(luhn=None):
    while True:
        d = AIRLINE_NUM + pick(["24", "21", "99", "20"]) + digits(8)
        if luhn is None or luhn_ok(d) == luhn:
            return d


def eticket(style=None, luhn=None):
    """A 13-digit e-ticket number; Luhn-valid ones (by chance or on purpose) are declared."""
    d = ticket_digits(luhn)
    style = style or pick(["plain", "dash", "plain", "space"])
    text = d if style == "plain" else d[:3] + ("-" if style == "dash" else " ") + d[3:]
    return look_auto(text, "e-ticket number (13 digits" + (", Luhn-valid by chance)" if luhn_ok(d) else ")"))


def emd(luhn=None):
    d = ticket_digits(luhn)
    return look_auto(d, "EMD number" + (" (Luhn-valid by chance)" if luhn_ok(d) else ""))


def bagtag(style=None):
    d = "0" + AIRLINE_NUM + digits(6)
    style = style or pick(["plain", "plain", "air", "space"])
    text = {"plain": d, "air": "Q7" + d[4:], "space": d[:4] + " " + d[4:]}[style]
    return look_auto(text, "bag tag number (10 digits)")


def wtref(station="LUX"):
    return look(f"{station}Q7{digits(5)}", "WorldTracer file reference")


def ffn(style=None):
    d = digits(9)
    style = style or pick(["plain", "spaced", "prefixed"])
    text = {"plain": d, "spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "prefixed": "AW" + d}[style]
    return look_auto(text, "Aurelwind Miles member number")


def loyalty_card(luhn=True):
    """A 16-digit Aurelwind Miles card number starting 7380: a card shape, not a payment card."""
    while True:
        d = "7380" + digits(12)
        if luhn_ok(d) == luhn:
            break
    text = " ".join(d[i:i + 4] for i in range(0, 16, 4))
    return look_auto(text, "loyalty card number (16 digits, Luhn-valid by design, IIN 7 = not a payment card)" if luhn
                     else "loyalty card number (16 digits, failing Luhn)")


PASSPORT_SHAPES = {
    "GE": lambda: digits(2) + rs("ABCDEFGHIJKLMNOPRSTUVXYZ", 2) + digits(5),
    "KZ": lambda: "N" + digits(8),
    "UZ": lambda: pick(["AA", "AB", "FA", "AD"]) + digits(7),
    "AZ": lambda: "C" + digits(8),
    "AL": lambda: pick(["BA", "BB", "BC"]) + digits(7),
    "XK": lambda: "P" + digits(8),
    "MK": lambda: pick(["M", "A"]) + digits(7),
    "BY": lambda: pick(["MP", "KH", "HB", "MC"]) + digits(7),
    "BA": lambda: pick(["A", "B"]) + digits(7),
    "LA": lambda: "P" + digits(7),
    "MM": lambda: pick(["MA", "MB", "MC"]) + digits(6),
    "SO": lambda: "P" + rs(string.ascii_uppercase, 1) + digits(7),
    "ER": lambda: pick(["P", "E"]) + digits(8),
    "RW": lambda: "PC" + digits(7),
    "MG": lambda: digits(2) + rs(string.ascii_uppercase, 2) + digits(5),
    "PH": lambda: "P" + digits(7) + rs(string.ascii_uppercase, 1),
    "ID": lambda: rs(string.ascii_uppercase, 1) + digits(7),
    "AF": lambda: "P" + digits(8),
    "PK": lambda: rs(string.ascii_uppercase, 2) + digits(7),
    "IQ": lambda: rs(string.ascii_uppercase, 1) + digits(8),
    "IN": lambda: rs("JKLMNPRSTUVWZ", 1) + digits(7),
    "LU": lambda: rs("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 8),
    "FO": lambda: digits(9),
    "GB": lambda: digits(9),
    "US": lambda: digits(9),
    "DE": lambda: rs("CFGHJKLMNPRTVWXYZ", 1) + rs("CFGHJKLMNPRTVWXYZ0123456789", 8),
    "FR": lambda: digits(2) + rs(string.ascii_uppercase, 2) + digits(5),
    "NL": lambda: rs("ABCDEFGHJKLMNPRSTUVWXYZ", 2) + rs("ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 6) + digits(1),
    "AE": lambda: digits(9),
}


def passport(cc):
    return look_auto(PASSPORT_SHAPES[cc](), f"passport number ({cc})")


def visa_no():
    return look_auto(pick([lambda: "D" + digits(8), lambda: digits(9), lambda: rs(string.ascii_uppercase, 1) + digits(7)])(),
                     "visa foil number")


def seat():
    return f"{R.randint(1, 38)}{pick('ABCDEF')}"


def gate():
    return f"{pick('ABCD')}{R.randint(1, 24)}"


def flight():
    return f"Q7 {R.randint(100, 1999)}"


def flt():
    return f"Q7{R.randint(100, 1999)}"


def reg():
    return "LX-AW" + rs("ABCDEFGHKLMNPRSTUVWXYZ", 1)


MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]


def gds_date():
    return f"{R.randint(1, 28):02d}{pick(MONTHS[2:6])}"


def hhmm():
    return f"{R.randint(0, 23):02d}{pick(['00', '05', '10', '15', '20', '25', '30', '35', '40', '45', '50', '55'])}"


def hh_mm():
    t = hhmm()
    return t[:2] + ":" + t[2:]


def iso_ts(ms=False):
    base = f"2026-{R.randint(3, 5):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"
    return base + (f".{R.randint(0, 999):03d}Z" if ms else "Z")


def log_ts():
    return f"2026-{R.randint(3, 5):02d}-{R.randint(1, 28):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"


def uuid_look(why="request id"):
    u = f"{rs(HEX, 8)}-{rs(HEX, 4)}-4{rs(HEX, 3)}-{pick('89ab')}{rs(HEX, 3)}-{rs(HEX, 12)}"
    return look_auto(u, why)


def hex_look(n, why):
    return look_auto(rs(HEX, n), why)


def masked_card(style=None):
    brand = pick(["visa", "mastercard", "amex"])
    num = card_number(brand)
    last4 = num[-4:]
    style = style or pick(["stars", "bullets", "x", "first6"])
    if style == "stars":
        t = num[0] + "*" * (len(num) - 5) + last4 if brand != "amex" else num[:2] + "*" * 9 + last4
    elif style == "bullets":
        t = "•••• " + last4
    elif style == "x":
        t = "X" * (len(num) - 4) + last4
    else:
        t = num[:6] + "*" * (len(num) - 10) + last4
    return look(t, "masked card number", "mask")


def masked_iban(cc):
    v = iban(cc, spaced=True).value
    groups = v.split(" ")
    t = groups[0][:2] + "** " + " ".join("****" for _ in groups[1:-1]) + " " + groups[-1]
    return look(t, "masked IBAN", "mask")


def mail_date(tz=None):
    d = datetime(2026, 3, 1) + timedelta(days=R.randint(0, 75), seconds=R.randint(0, 86399))
    tz = tz or pick(["+0400", "+0100", "+0200", "+0500", "+0000", "+0300", "+0630", "+0700", "+0530"])
    return d.strftime("%a, %d %b %Y %H:%M:%S ") + tz


class Clock:
    """Increasing timestamps for one log excerpt."""

    def __init__(self):
        self.td = timedelta
        self.t = datetime(2026, 3, 1) + timedelta(days=R.randint(0, 75), seconds=R.randint(0, 86399))

    def tick(self, lo=1, hi=90):
        self.t += self.td(seconds=R.randint(lo, hi), milliseconds=R.randint(0, 999))
        return self.t

    def log(self, ms=False, lo=1, hi=90):
        t = self.tick(lo, hi)
        return t.strftime("%Y-%m-%d %H:%M:%S") + (f".{t.microsecond // 1000:03d}" if ms else "")

    def iso(self, lo=1, hi=90):
        t = self.tick(lo, hi)
        return t.strftime("%Y-%m-%dT%H:%M:%S") + f".{t.microsecond // 1000:03d}Z"

    def mail(self, tz="+0000", lo=1, hi=90):
        return self.tick(lo, hi).strftime("%a, %d %b %Y %H:%M:%S ") + tz


def clock(n, h=None):
    """`n` increasing HH:MM times a minute or a few apart."""
    t = (h if h is not None else R.randint(6, 21)) * 60 + R.randint(0, 59)
    out = []
    for _ in range(n):
        out.append(f"{t // 60 % 24:02d}:{t % 60:02d}")
        t += R.randint(1, 4)
    return out


def later(hm, lo=1, hi=3):
    t = int(hm[:2]) * 60 + int(hm[3:]) + R.randint(lo, hi)
    return f"{t // 60 % 24:02d}:{t % 60:02d}"


CUR_SCALE = {"UZS": 12000, "KZT": 480, "IQD": 1300, "PKR": 280, "INR": 90, "MKD": 60, "PHP": 56, "AZN": 2,
             "GEL": 3, "BYN": 3, "BAM": 2, "DKK": 7, "GBP": 1, "EUR": 1, "USD": 1}


def amount_in(cur):
    k = CUR_SCALE.get(cur, 1)
    v = R.randint(40, 1500) * k
    if k >= 60:
        return f"{v // 10 * 10:,}".replace(",", " ")
    return f"{v}.{R.randint(0, 99):02d}"


def amount(lo=40, hi=1900):
    return f"{R.randint(lo, hi)}.{R.randint(0, 99):02d}"


# --- the languages ------------------------------------------------------------------------
# Each: code, English name, phone country, own IBAN country (None: refund to a card or to a
# diaspora account), currency, airport, local staff member, customers, and six templates.

LANGS = [
    dict(code="ka", name="Georgian", tel="GE", iban="GE", cur="GEL", apt="TBS", staff="natia",
         custs=[C("ნინო ბერიძე", "Nino Beridze", "mail.ge.example"),
                C("გიორგი კაპანაძე", "Giorgi Kapanadze", "example.com", style="join"),
                C("თამარ ლომიძე", "Tamar Lomidze", "inbox.example", style="digits")],
         complaint="საჩივარი: რეისი ⟦flight⟧ თბილისიდან 5 საათით დაგვიანდა და კომპენსაციაზე პასუხი ჯერ არავის გაუცია. მგზავრი: ⟦cust⟧, ელფოსტა ⟦email⟧, ტელ. ⟦phone⟧. ჯავშანი ⟦pnr⟧.",
         chat="[⟦t1⟧] მგზავრი: გადახდა ვერ გავიდა, აი ბარათი ⟦card⟧, ვადა ⟦exp⟧\n[⟦t2⟧] ⟦staff⟧: გთხოვთ, ბარათის ნომერს ჩატში ნუ წერთ — შეტყობინებას დავმალავ.",
         bag="ბარგის დაკარგვის განაცხადი ⟦wt⟧: შავი ჩემოდანი, 23 კგ, ბირკა ⟦tag⟧, რეისი ⟦flight⟧. კონტაქტი: ⟦cust⟧ ⟦email⟧, ⟦phone⟧.",
         wifi="ბიზნეს-ლაუნჯი TBS: ტაბლეტების Wi-Fi ქსელი AW-Lounge-Staff, პაროლი: ⟦pw⟧ (შეცვალა ⟦staff⟧).",
         refund="თანხის დაბრუნება ⟦amount⟧ GEL ბილეთზე ⟦eticket⟧: მიმღები ⟦cust⟧, IBAN ⟦iban⟧, დადასტურება გაეგზავნა ⟦email⟧.",
         neg="რეისი ⟦flight⟧ თბილისი–ლუქსემბურგი გადაიდო ⟦time⟧-მდე; ჯავშანი ⟦pnr⟧, ადგილი ⟦seat⟧, ბილეთი ⟦eticket⟧ ხელახლა გაიცა."),
    dict(code="kk", name="Kazakh", tel="KZ", iban="KZ", cur="KZT", apt="ALA", staff="dauren",
         custs=[C("Айгерім Сәрсенбаева", "Aigerim Sarsenbayeva", "mail.kz.example"),
                C("Ерлан Жақсыбеков", "Yerlan Zhaksybekov", "example.net")],
         complaint="Шағым: ⟦flight⟧ рейсі Алматыдан 4 сағатқа кешікті, ешкім ақпарат берген жоқ. Жолаушы ⟦cust⟧, e-mail ⟦email⟧, тел. ⟦phone⟧. Брондау коды ⟦pnr⟧.",
         chat="Клиент (⟦t1⟧): төлем өтпей жатыр, картам ⟦card⟧, мерзімі ⟦exp⟧\nОператор ⟦staff⟧ (⟦t2⟧): карта нөмірін чатқа жазбаңыз, хабарламаны жасырдым.",
         bag="Багаж жоғалды (⟦wt⟧): қара чемодан, тег ⟦tag⟧, ⟦flight⟧ рейсі. Байланыс: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="ALA бизнес-залы: қонақтарға арналған Wi-Fi құпиясөзі: ⟦pw⟧ — ертең ауыстырылады.",
         refund="Қайтару: ⟦amount⟧ KZT, алушы ⟦cust⟧, IBAN ⟦iban⟧, растау хаты ⟦email⟧ мекенжайына жіберілді.",
         neg="⟦flight⟧ рейсі ⟦time⟧-те ұшады, отырғызу ⟦gate⟧ гейтінде; бронь ⟦pnr⟧, орын ⟦seat⟧, ұшақ ⟦reg⟧."),
    dict(code="uz", name="Uzbek", tel="UZ", iban=None, refund_card="uzcard", cur="UZS", apt="TAS", staff="malika",
         custs=[C("Shahnoza Yoʻldosheva", "Shahnoza Yoldosheva", "mail.uz.example"),
                C("Дилноза Раҳимова", "Dilnoza Rahimova", "example.org"),
                C("Jasur Karimov", None, "inbox.example", style="under")],
         complaint="Shikoyat: ⟦flight⟧ reysi Toshkentdan 6 soat kechikdi, mehmonxona berilmadi. Yoʻlovchi: ⟦cust⟧, e-pochta ⟦email⟧, telefon ⟦phone⟧. Bron ⟦pnr⟧.",
         chat="Mijoz [⟦t1⟧]: toʻlov oʻtmayapti, mana karta raqamim ⟦card⟧ muddati ⟦exp⟧\n⟦staff⟧ [⟦t2⟧]: iltimos, karta raqamini chatga yozmang, xabarni yashirdim.",
         bag="Yoʻqolgan bagaj ⟦wt⟧: koʻk chamadon, birka ⟦tag⟧, reys ⟦flight⟧. Egasi ⟦cust⟧, tel. ⟦phone⟧, ⟦email⟧.",
         wifi="TAS biznes-zal planshetlari uchun Wi-Fi paroli: ⟦pw⟧",
         refund="Pul qaytarish: ⟦amount⟧ UZS ⟦cust⟧ nomidagi ⟦card⟧ kartasiga (UzCard), tasdiq ⟦email⟧ manziliga yuborildi.",
         neg="⟦flight⟧ reysi ⟦time⟧ da joʻnaydi, roʻyxatdan oʻtish 3-stoykada; bron ⟦pnr⟧, chipta ⟦eticket⟧, oʻrindiq ⟦seat⟧."),
    dict(code="az", name="Azerbaijani", tel="AZ", iban="AZ", cur="AZN", apt="GYD", staff="tural",
         custs=[C("Günel Məmmədova", "Gunel Mammadova", "mail.az.example"),
                C("Rəşad Əliyev", "Rashad Aliyev", "example.com")],
         complaint="Şikayət: ⟦flight⟧ reysi Bakıdan 3 saat gecikdi, baqaj lenti işləmirdi. Sərnişin ⟦cust⟧, e-poçt ⟦email⟧, telefon ⟦phone⟧. Bron kodu ⟦pnr⟧.",
         chat="Sərnişin ⟦t1⟧: kartım budur ⟦card⟧ son tarix ⟦exp⟧, ödəniş keçmir\n⟦staff⟧ ⟦t2⟧: Zəhmət olmasa kart nömrəsini çata yazmayın, mesajı gizlətdim.",
         bag="Baqaj itkisi ⟦wt⟧: boz çamadan, etiket ⟦tag⟧, ⟦flight⟧. Əlaqə: ⟦cust⟧ — ⟦phone⟧, ⟦email⟧.",
         wifi="GYD lounge: qonaq Wi-Fi şifrəsi ⟦pw⟧, planşetlər üçün ayrıca şifrə: ⟦pw2⟧",
         refund="Geri ödəniş ⟦amount⟧ AZN: alıcı ⟦cust⟧, IBAN ⟦iban⟧ (⟦email⟧).",
         neg="⟦flight⟧ reysi ⟦time⟧-da qalxır, qeydiyyat iki saat əvvəl açılır; bron ⟦pnr⟧, bilet ⟦eticket⟧, yer ⟦seat⟧."),
    dict(code="sq", name="Albanian", tel="AL", iban="AL", iban2="XK", tel2="XK", cur="EUR", apt="TIA", staff="besnik",
         custs=[C("Arbër Krasniqi", "Arber Krasniqi", "mail.al.example"),
                C("Elira Dervishaj", None, "example.net", style="digits")],
         complaint="Ankesë: fluturimi ⟦flight⟧ nga Tirana u anulua pa asnjë njoftim. Pasagjeri ⟦cust⟧, email ⟦email⟧, tel. ⟦phone⟧. Rezervimi ⟦pnr⟧.",
         chat="⟦t1⟧ Klienti: karta ime është ⟦card⟧, skadon ⟦exp⟧ — pse refuzohet?\n⟦t2⟧ ⟦staff⟧: Ju lutem mos e shkruani numrin e kartës në chat.",
         bag="Raport bagazhi i humbur ⟦wt⟧: valixhe e kuqe, etiketa ⟦tag⟧. Kontakt: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Salla VIP në TIA: fjalëkalimi i Wi-Fi për tabletat: ⟦pw⟧",
         refund="Rimbursim ⟦amount⟧ EUR për biletën ⟦eticket⟧ në IBAN ⟦iban⟧, përfituesi ⟦cust⟧ (⟦email⟧).",
         neg="Fluturimi ⟦flight⟧ TIA–LUX niset në ⟦time⟧ nga porta ⟦gate⟧; rezervimi ⟦pnr⟧, vendi ⟦seat⟧."),
    dict(code="mk", name="Macedonian", tel="MK", iban="MK", cur="MKD", apt="SKP", staff="elena",
         custs=[C("Марија Стојановска", "Marija Stojanovska", "mail.mk.example"),
                C("Бојан Трајковски", "Bojan Trajkovski", "example.org")],
         complaint="Жалба: летот ⟦flight⟧ од Скопје доцнеше 5 часа, никој не не извести. Патник ⟦cust⟧, е-пошта ⟦email⟧, тел. ⟦phone⟧, резервација ⟦pnr⟧.",
         chat="[⟦t1⟧] Патник: ова е мојата картичка ⟦card⟧ важи до ⟦exp⟧\n[⟦t2⟧] ⟦staff⟧: Ве молам не пишувајте број на картичка во разговорот.",
         bag="Изгубен багаж ⟦wt⟧: сив куфер, ознака ⟦tag⟧, лет ⟦flight⟧. Контакт ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Салон SKP: Wi-Fi лозинка за гости: ⟦pw⟧",
         refund="Поврат ⟦amount⟧ MKD на IBAN ⟦iban⟧, сопственик ⟦cust⟧, потврда на ⟦email⟧.",
         neg="Летот ⟦flight⟧ полетува во ⟦time⟧, излез ⟦gate⟧; резервација ⟦pnr⟧, седиште ⟦seat⟧, билет ⟦eticket⟧."),
    dict(code="be", name="Belarusian", tel="BY", iban="BY", cur="BYN", apt="MSQ", staff="aliaksei",
         custs=[C("Ганна Каваленка", "Hanna Kavalenka", "mail.by.example"),
                C("Алесь Бандарэнка", "Ales Bandarenka", "example.com")],
         complaint="Скарга: рэйс ⟦flight⟧ з Мінска затрымалі на 7 гадзін, вады не далі. Пасажыр ⟦cust⟧, эл. пошта ⟦email⟧, тэл. ⟦phone⟧. Браніраванне ⟦pnr⟧.",
         chat="Кліент ⟦t1⟧: вось мая картка ⟦card⟧, тэрмін ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Калі ласка, не пішыце нумар карткі ў чат.",
         bag="Страчаны багаж ⟦wt⟧: чорная валіза, бірка ⟦tag⟧. Кантакт: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Бізнес-зала MSQ: пароль Wi-Fi: ⟦pw⟧",
         refund="Вяртанне ⟦amount⟧ BYN на IBAN ⟦iban⟧, атрымальнік ⟦cust⟧ (⟦email⟧).",
         neg="Рэйс ⟦flight⟧ вылятае ў ⟦time⟧, выхад ⟦gate⟧; браніраванне ⟦pnr⟧, месца ⟦seat⟧."),
    dict(code="bs", name="Bosnian", tel="BA", iban="BA", cur="BAM", apt="SJJ", staff="mirsad",
         custs=[C("Amra Hadžić", "Amra Hadzic", "mail.ba.example"),
                C("Emir Begović", "Emir Begovic", "example.net")],
         complaint="Žalba: let ⟦flight⟧ iz Sarajeva kasnio je 4 sata, niko nas nije obavijestio. Putnik ⟦cust⟧, e-mail ⟦email⟧, tel. ⟦phone⟧. Rezervacija ⟦pnr⟧.",
         chat="Putnik (⟦t1⟧): evo kartice ⟦card⟧, vrijedi do ⟦exp⟧\n⟦staff⟧ (⟦t2⟧): Molim Vas, ne šaljite broj kartice u chat.",
         bag="Prijava izgubljenog prtljaga ⟦wt⟧: plavi kofer, privjesak ⟦tag⟧. Kontakt: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge SJJ: Wi-Fi lozinka za tablete: ⟦pw⟧",
         refund="Povrat ⟦amount⟧ BAM na IBAN ⟦iban⟧, vlasnik računa ⟦cust⟧, potvrda na ⟦email⟧.",
         neg="Let ⟦flight⟧ polijeće u ⟦time⟧ sa izlaza ⟦gate⟧; rezervacija ⟦pnr⟧, sjedište ⟦seat⟧, karta ⟦eticket⟧."),
    dict(code="lo", name="Lao", tel="LA", iban=None, refund_card="visa", cur="USD", apt="VTE", staff="vilai",
         custs=[C("ສົມພອນ ວົງສະຫວັນ", "Somphone Vongsavanh", "mail.la.example"),
                C("ບຸນມີ ພົມມະຈັນ", "Bounmy Phommachanh", "example.com")],
         complaint="ຄຳຮ້ອງທຸກ: ຖ້ຽວບິນ ⟦flight⟧ ຈາກວຽງຈັນ ຊ້າ 5 ຊົ່ວໂມງ. ຜູ້ໂດຍສານ ⟦cust⟧, ອີເມວ ⟦email⟧, ໂທ ⟦phone⟧. ລະຫັດຈອງ ⟦pnr⟧.",
         chat="⟦t1⟧ ລູກຄ້າ: ບັດຂອງຂ້ອຍ ⟦card⟧ ໝົດອາຍຸ ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: ກະລຸນາຢ່າສົ່ງເລກບັດໃນແຊັດ.",
         bag="ກະເປົາເສຍ ⟦wt⟧: ກະເປົາສີດຳ, ປ້າຍ ⟦tag⟧. ຕິດຕໍ່ ⟦cust⟧ ⟦phone⟧ ⟦email⟧",
         wifi="ຫ້ອງຮັບຮອງ VTE: ລະຫັດຜ່ານ Wi-Fi: ⟦pw⟧",
         refund="ຄືນເງິນ ⟦amount⟧ USD ເຂົ້າບັດ ⟦card⟧ ຂອງ ⟦cust⟧, ແຈ້ງທາງ ⟦email⟧.",
         neg="ຖ້ຽວບິນ ⟦flight⟧ ອອກເວລາ ⟦time⟧, ປະຕູ ⟦gate⟧; ລະຫັດຈອງ ⟦pnr⟧, ບ່ອນນັ່ງ ⟦seat⟧."),
    dict(code="my", name="Burmese", tel="MM", iban=None, refund_card="mastercard", cur="USD", apt="RGN", staff="kyaw",
         custs=[C("အောင်|ကျော်|မိုး", "Aung Kyaw Moe", "mail.mm.example", sep="", style="join"),
                C("သီရိ|ထွန်း", "Thiri Htun", "example.org", sep="")],
         complaint="တိုင်ကြားချက်: ⟦flight⟧ လေယာဉ် ရန်ကုန်မှ ၄ နာရီ နောက်ကျသည်။ ခရီးသည် ⟦cust⟧၊ အီးမေးလ် ⟦email⟧၊ ဖုန်း ⟦phone⟧။ ဘိုကင် ⟦pnr⟧။",
         chat="⟦t1⟧ ဖောက်သည်: ကျွန်တော့်ကတ် ⟦card⟧ သက်တမ်း ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: ကတ်နံပါတ်ကို chat ထဲ မပို့ပါနှင့်။",
         bag="ပျောက်ဆုံးသော ခရီးဆောင်အိတ် ⟦wt⟧၊ တက်ဂ် ⟦tag⟧။ ဆက်သွယ်ရန် ⟦cust⟧ ⟦phone⟧ ⟦email⟧",
         wifi="RGN lounge Wi-Fi စကားဝှက်: ⟦pw⟧",
         refund="ငွေပြန်အမ်း ⟦amount⟧ USD ကို ⟦cust⟧ ၏ ကတ် ⟦card⟧ သို့၊ အတည်ပြုချက်ကို ⟦email⟧ သို့ ပို့ပြီး။",
         neg="⟦flight⟧ လေယာဉ် ⟦time⟧ ထွက်ခွာမည်၊ ဂိတ် ⟦gate⟧၊ ဘိုကင် ⟦pnr⟧၊ ထိုင်ခုံ ⟦seat⟧။"),
    dict(code="so", name="Somali", tel="SO", iban="GB", cur="GBP", apt="MGQ", staff="ifrah",
         custs=[C("Hodan Warsame", None, "mail.so.example"),
                C("Abdirahman Jimcaale", None, "example.com", style="join")],
         complaint="Cabasho: duulimaadka ⟦flight⟧ ee Muqdisho wuxuu dib u dhacay 6 saacadood. Rakaabka ⟦cust⟧, iimayl ⟦email⟧, tel. ⟦phone⟧. Boos-celinta ⟦pnr⟧.",
         chat="Macmiil ⟦t1⟧: kaarkaygu waa ⟦card⟧, wuxuu dhacayaa ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Fadlan lambarka kaarka ha ku qorin chat-ka.",
         bag="Shandad lumay ⟦wt⟧: shandad madow, calaamadda ⟦tag⟧. La xiriir ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Qolka sugitaanka MGQ: erayga sirta Wi-Fi: ⟦pw⟧",
         refund="Lacag celin ⟦amount⟧ GBP oo loo diray IBAN ⟦iban⟧, milkiilaha ⟦cust⟧ (⟦email⟧).",
         neg="Duulimaadka ⟦flight⟧ wuxuu baxayaa ⟦time⟧, albaabka ⟦gate⟧; boos-celin ⟦pnr⟧, kursi ⟦seat⟧."),
    dict(code="ti", name="Tigrinya", tel="ER", iban="DE", cur="EUR", apt="ASM", staff="mikiel",
         custs=[C("ሳባ ተስፋይ", "Saba Tesfay", "mail.er.example"),
                C("ዳዊት ገብረመድህን", "Dawit Gebremedhin", "example.net")],
         complaint="ጥርዓን: በረራ ⟦flight⟧ ካብ ኣስመራ 3 ሰዓት ደንጉዩ። ተጓዓዚ ⟦cust⟧፡ ኢመይል ⟦email⟧፡ ስልኪ ⟦phone⟧። ሕጽኖት ⟦pnr⟧።",
         chat="⟦t1⟧ ዓሚል: ካርደይ ⟦card⟧ ክሳብ ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: በጃኹም ቁጽሪ ካርድ ኣብ chat ኣይትጽሓፉ።",
         bag="ዝጠፍአ ሻንጣ ⟦wt⟧፡ ምልክት ⟦tag⟧። ርክብ ⟦cust⟧ ⟦phone⟧ ⟦email⟧",
         wifi="ASM lounge Wi-Fi መሕለፊ ቃል: ⟦pw⟧",
         refund="ምምላስ ገንዘብ ⟦amount⟧ EUR ናብ IBAN ⟦iban⟧፡ ዋና ሕሳብ ⟦cust⟧ (⟦email⟧)።",
         neg="በረራ ⟦flight⟧ ሰዓት ⟦time⟧ ይብገስ፡ ማዕጾ ⟦gate⟧፡ ሕጽኖት ⟦pnr⟧፡ መንበር ⟦seat⟧።"),
    dict(code="rw", name="Kinyarwanda", tel="RW", iban="BE", cur="EUR", apt="KGL", staff="claudine",
         custs=[C("Aline Uwimana", None, "mail.rw.example"),
                C("Eric Niyonzima", None, "example.org", style="digits")],
         complaint="Ikirego: indege ⟦flight⟧ yavuye i Kigali yatinze amasaha 5. Umugenzi ⟦cust⟧, imeyili ⟦email⟧, telefoni ⟦phone⟧. Itike ⟦pnr⟧.",
         chat="Umukiriya ⟦t1⟧: ikarita yanjye ni ⟦card⟧ irangira ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Mwihangane, ntimwandike nimero y'ikarita muri chat.",
         bag="Umuzigo wabuze ⟦wt⟧: ivalisi y'umukara, ikirango ⟦tag⟧. Aho babariza: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge KGL: ijambo ry'ibanga rya Wi-Fi: ⟦pw⟧",
         refund="Gusubizwa amafaranga ⟦amount⟧ EUR kuri IBAN ⟦iban⟧ ya ⟦cust⟧ (⟦email⟧).",
         neg="Indege ⟦flight⟧ izahaguruka saa ⟦time⟧, umuryango ⟦gate⟧; itike ⟦pnr⟧, intebe ⟦seat⟧."),
    dict(code="mg", name="Malagasy", tel="MG", iban="FR", cur="EUR", apt="TNR", staff="tiana",
         custs=[C("Hery Rakotomalala", None, "mail.mg.example"),
                C("Voahangy Randrianarisoa", None, "example.com")],
         complaint="Fitarainana: ny sidina ⟦flight⟧ avy any Antananarivo dia tara 4 ora. Mpandeha ⟦cust⟧, mailaka ⟦email⟧, finday ⟦phone⟧. Famandrihana ⟦pnr⟧.",
         chat="Mpanjifa ⟦t1⟧: ity ny karatra ⟦card⟧ lany daty ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Aza soratana ato amin'ny chat ny laharan'ny karatra azafady.",
         bag="Entana very ⟦wt⟧: valizy manga, marika ⟦tag⟧. Fifandraisana ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge TNR: teny miafina Wi-Fi: ⟦pw⟧",
         refund="Famerenana vola ⟦amount⟧ EUR amin'ny IBAN ⟦iban⟧, tompony ⟦cust⟧ (⟦email⟧).",
         neg="Ny sidina ⟦flight⟧ hiainga amin'ny ⟦time⟧, vavahady ⟦gate⟧; famandrihana ⟦pnr⟧, seza ⟦seat⟧."),
    dict(code="ceb", name="Cebuano", tel="PH", iban=None, refund_card="visa", cur="PHP", apt="CEB", staff="rhea",
         custs=[C("Maricel Ybañez", "Maricel Ybanez", "mail.ph.example"),
                C("Jonel Cabahug", None, "example.net")],
         complaint="Reklamo: ang flight ⟦flight⟧ gikan sa Sugbo na-delay og 5 ka oras. Pasahero ⟦cust⟧, email ⟦email⟧, cp ⟦phone⟧. Booking ⟦pnr⟧.",
         chat="⟦t1⟧ Customer: mao ni akong card ⟦card⟧ exp ⟦exp⟧, nganong declined man?\n⟦t2⟧ ⟦staff⟧: Palihug ayaw i-type ang card number diri sa chat.",
         bag="Nawala nga bagahe ⟦wt⟧: itom nga maleta, bag tag ⟦tag⟧. Kontak: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge CEB: ang password sa Wi-Fi kay ⟦pw⟧",
         refund="Refund ⟦amount⟧ PHP ibalik sa card ⟦card⟧ ni ⟦cust⟧, kumpirmasyon gipadala sa ⟦email⟧.",
         neg="Ang flight ⟦flight⟧ molupad alas ⟦time⟧, gate ⟦gate⟧; booking ⟦pnr⟧, lingkoranan ⟦seat⟧."),
    dict(code="jv", name="Javanese", tel="ID", iban="NL", cur="EUR", apt="JOG", staff="dimas",
         custs=[C("Sri Wahyuningsih", None, "mail.id.example"),
                C("Bambang Sutrisno", None, "example.com", style="digits")],
         complaint="Keluhan: pesawat ⟦flight⟧ saka Yogyakarta telat 4 jam. Penumpang ⟦cust⟧, email ⟦email⟧, HP ⟦phone⟧. Kode booking ⟦pnr⟧.",
         chat="Pelanggan ⟦t1⟧: iki kertuku ⟦card⟧ kadaluwarsa ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Nyuwun pangapunten, nomer kertu mboten pareng dipunserat wonten chat.",
         bag="Koper ilang ⟦wt⟧: koper abang, tag ⟦tag⟧. Kontak ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge JOG: tembung sandhi Wi-Fi: ⟦pw⟧",
         refund="Mbalekake dhuwit ⟦amount⟧ EUR menyang IBAN ⟦iban⟧ atas jeneng ⟦cust⟧ (⟦email⟧).",
         neg="Pesawat ⟦flight⟧ mangkat jam ⟦time⟧ saka gerbang ⟦gate⟧; kode booking ⟦pnr⟧, kursi ⟦seat⟧."),
    dict(code="ps", name="Pashto", tel="AF", iban="PK", tel2="PK", cur="PKR", apt="KBL", staff="sadaf",
         custs=[C("زرمینه وردګ", "Zarmina Wardak", "mail.af.example"),
                C("وحید کاکړ", "Wahid Kakar", "example.org")],
         complaint="شکایت: د ⟦flight⟧ الوتنه له کابله شپږ ساعته وځنډېده. مسافر ⟦cust⟧، برېښنالیک ⟦email⟧، تلیفون ⟦phone⟧. بکینګ ⟦pnr⟧.",
         chat="⟦t1⟧ پېرودونکی: زما کارت ⟦card⟧ دی، نېټه ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: مهرباني وکړئ د کارت شمېره په چټ کې مه لیکئ.",
         bag="ورک شوی بکس ⟦wt⟧، ټګ ⟦tag⟧. اړیکه: ⟦cust⟧، ⟦phone⟧، ⟦email⟧",
         wifi="د KBL لاونج د Wi-Fi پټنوم: ⟦pw⟧",
         refund="بېرته ورکړه ⟦amount⟧ PKR د IBAN ⟦iban⟧ ته، خاوند ⟦cust⟧ (⟦email⟧).",
         neg="الوتنه ⟦flight⟧ په ⟦time⟧ پورته کېږي، دروازه ⟦gate⟧؛ بکینګ ⟦pnr⟧، څوکۍ ⟦seat⟧."),
    dict(code="ckb", name="Sorani Kurdish", tel="IQ", iban="IQ", cur="IQD", apt="EBL", staff="karwan",
         custs=[C("شیلان ئەحمەد", "Shilan Ahmed", "mail.iq.example"),
                C("ڕێبوار عوسمان", "Rebwar Osman", "example.com")],
         complaint="سکاڵا: گەشتی ⟦flight⟧ لە هەولێرەوە پێنج کاتژمێر دواکەوت. گەشتیار ⟦cust⟧، ئیمەیڵ ⟦email⟧، تەلەفۆن ⟦phone⟧. حیجز ⟦pnr⟧.",
         chat="⟦t1⟧ کڕیار: ئەمە کارتەکەمە ⟦card⟧ بەسەرچوون ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: تکایە ژمارەی کارت لە چاتدا مەنووسە.",
         bag="جانتای ونبوو ⟦wt⟧، تاگ ⟦tag⟧. پەیوەندی: ⟦cust⟧، ⟦phone⟧، ⟦email⟧",
         wifi="لاونجی EBL: وشەی نهێنی Wi-Fi: ⟦pw⟧",
         refund="گەڕاندنەوەی ⟦amount⟧ IQD بۆ IBAN ⟦iban⟧، خاوەن ⟦cust⟧ (⟦email⟧).",
         neg="گەشتی ⟦flight⟧ کاتژمێر ⟦time⟧ دەفڕێت، دەروازە ⟦gate⟧؛ حیجز ⟦pnr⟧، کورسی ⟦seat⟧."),
    dict(code="mr", name="Marathi", tel="IN", iban=None, refund_card="rupay", cur="INR", apt="PNQ", staff="aditya",
         custs=[C("प्रिया देशपांडे", "Priya Deshpande", "mail.in.example"),
                C("अमोल कुलकर्णी", "Amol Kulkarni", "example.net")],
         complaint="तक्रार: पुण्याहून येणारे ⟦flight⟧ विमान ५ तास उशिरा आले. प्रवासी ⟦cust⟧, ईमेल ⟦email⟧, फोन ⟦phone⟧. बुकिंग ⟦pnr⟧.",
         chat="⟦t1⟧ ग्राहक: माझे कार्ड ⟦card⟧ आहे, मुदत ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: कृपया कार्ड क्रमांक चॅटमध्ये लिहू नका.",
         bag="हरवलेली बॅग ⟦wt⟧: निळी सुटकेस, टॅग ⟦tag⟧. संपर्क: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="PNQ लाउंज Wi-Fi पासवर्ड: ⟦pw⟧",
         refund="परतावा ₹⟦amount⟧ ⟦cust⟧ यांच्या कार्ड ⟦card⟧ वर, पुष्टी ⟦email⟧ वर पाठवली.",
         neg="⟦flight⟧ विमान ⟦time⟧ ला सुटेल, गेट ⟦gate⟧; बुकिंग ⟦pnr⟧, सीट ⟦seat⟧."),
    dict(code="or", name="Odia", tel="IN", iban=None, refund_card="visa", cur="INR", apt="BBI", staff="arpita",
         custs=[C("ସୁଭଶ୍ରୀ ମହାପାତ୍ର", "Subhashree Mohapatra", "mail.in.example"),
                C("ଦେବାଶିଷ ପଣ୍ଡା", "Debasish Panda", "example.com")],
         complaint="ଅଭିଯୋଗ: ଭୁବନେଶ୍ୱରରୁ ⟦flight⟧ ବିମାନ ୩ ଘଣ୍ଟା ବିଳମ୍ବ ହେଲା। ଯାତ୍ରୀ ⟦cust⟧, ଇମେଲ୍ ⟦email⟧, ଫୋନ୍ ⟦phone⟧। ବୁକିଂ ⟦pnr⟧।",
         chat="⟦t1⟧ ଗ୍ରାହକ: ମୋ କାର୍ଡ ⟦card⟧, ମିଆଦ ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: ଦୟାକରି କାର୍ଡ ନମ୍ବର ଚାଟରେ ଲେଖନ୍ତୁ ନାହିଁ।",
         bag="ହଜିଥିବା ବ୍ୟାଗ ⟦wt⟧, ଟ୍ୟାଗ ⟦tag⟧। ଯୋଗାଯୋଗ ⟦cust⟧, ⟦phone⟧, ⟦email⟧",
         wifi="BBI ଲାଉଞ୍ଜ Wi-Fi ପାସୱାର୍ଡ: ⟦pw⟧",
         refund="ଫେରସ୍ତ ₹⟦amount⟧ ⟦cust⟧ଙ୍କ କାର୍ଡ ⟦card⟧କୁ, ସୂଚନା ⟦email⟧କୁ ପଠାଗଲା।",
         neg="⟦flight⟧ ବିମାନ ⟦time⟧ ରେ ଛାଡିବ, ଗେଟ ⟦gate⟧; ବୁକିଂ ⟦pnr⟧, ସିଟ ⟦seat⟧।"),
    dict(code="as", name="Assamese", tel="IN", iban=None, refund_card="rupay", cur="INR", apt="GAU", staff="bhaskar",
         custs=[C("অনুপম বৰুৱা", "Anupam Baruah", "mail.in.example"),
                C("মৌচুমী শইকীয়া", "Mousumi Saikia", "example.org")],
         complaint="অভিযোগ: গুৱাহাটীৰ পৰা ⟦flight⟧ বিমান ৪ ঘণ্টা পলম হ'ল। যাত্ৰী ⟦cust⟧, ই-মেইল ⟦email⟧, ফোন ⟦phone⟧। বুকিং ⟦pnr⟧।",
         chat="⟦t1⟧ গ্ৰাহক: মোৰ কাৰ্ড ⟦card⟧, ম্যাদ ⟦exp⟧\n⟦t2⟧ ⟦staff⟧: অনুগ্ৰহ কৰি কাৰ্ডৰ নম্বৰ চেটত নিলিখিব।",
         bag="হেৰোৱা বেগ ⟦wt⟧, টেগ ⟦tag⟧। যোগাযোগ ⟦cust⟧, ⟦phone⟧, ⟦email⟧",
         wifi="GAU লাউঞ্জৰ Wi-Fi পাছৱৰ্ড: ⟦pw⟧",
         refund="ধন ঘূৰাই দিয়া হ'ল ₹⟦amount⟧, ⟦cust⟧ৰ কাৰ্ড ⟦card⟧লৈ; নিশ্চিতকৰণ ⟦email⟧লৈ।",
         neg="⟦flight⟧ বিমান ⟦time⟧ ত উৰিব, গেট ⟦gate⟧; বুকিং ⟦pnr⟧, আসন ⟦seat⟧।"),
    dict(code="lb", name="Luxembourgish", tel="LU", iban="LU", cur="EUR", apt="LUX", staff="marc",
         custs=[C("Marie-Paule Schmit", None, "mail.lu.example"),
                C("Joël Weber", "Joel Weber", "example.com")],
         complaint="Reklamatioun: de Fluch ⟦flight⟧ vu Lëtzebuerg hat 4 Stonne Verspéidung. Passagéier ⟦cust⟧, E-Mail ⟦email⟧, Tel. ⟦phone⟧. Reservatioun ⟦pnr⟧.",
         chat="Client ⟦t1⟧: hei ass meng Kaart ⟦card⟧ gëlteg bis ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Schreift w.e.g. keng Kaartennummer an de Chat.",
         bag="Verluerene Koffer ⟦wt⟧: gréngen Trolley, Etikett ⟦tag⟧. Kontakt: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge LUX: Wi-Fi-Passwuert fir d'Tabletten: ⟦pw⟧",
         refund="Remboursement vun ⟦amount⟧ EUR op den IBAN ⟦iban⟧, Kontinhaber ⟦cust⟧ (⟦email⟧).",
         neg="De Fluch ⟦flight⟧ fiert um ⟦time⟧ vum Gate ⟦gate⟧; Reservatioun ⟦pnr⟧, Sëtz ⟦seat⟧."),
    dict(code="fo", name="Faroese", tel="FO", iban="FO", cur="DKK", apt="FAE", staff="joannes",
         custs=[C("Sólja Poulsen", "Solja Poulsen", "mail.fo.example"),
                C("Rógvi Joensen", "Rogvi Joensen", "example.net")],
         complaint="Klaga: flogferðin ⟦flight⟧ úr Vágum varð 3 tímar seinkað. Ferðafólk ⟦cust⟧, teldupostur ⟦email⟧, tlf. ⟦phone⟧. Bílegging ⟦pnr⟧.",
         chat="Kundi ⟦t1⟧: her er kortið ⟦card⟧ galdandi til ⟦exp⟧\n⟦staff⟧ ⟦t2⟧: Vinarliga skriva ikki kortnummar í kjattið.",
         bag="Horvin farangur ⟦wt⟧: svørt kuffert, merki ⟦tag⟧. Samband: ⟦cust⟧, ⟦phone⟧, ⟦email⟧.",
         wifi="Lounge FAE: Wi-Fi loyniorð: ⟦pw⟧",
         refund="Endurgjald ⟦amount⟧ DKK til IBAN ⟦iban⟧, eigari ⟦cust⟧ (⟦email⟧).",
         neg="Flogferðin ⟦flight⟧ fer kl. ⟦time⟧ frá liði ⟦gate⟧; bílegging ⟦pnr⟧, sæti ⟦seat⟧."),
]

ENG_CUSTS = [
    C("Harriet Okonkwo", None, "example.com", country="GB"),
    C("Lukas Brenner", None, "mail.de.example", country="DE"),
    C("Camille Fournier", None, "example.net", country="FR"),
    C("Sanne Verhoeven", None, "example.org", country="NL"),
    C("Marcus Delaney", None, "example.com", country="US", style="digits"),
    C("Brianna Castellano", None, "example.net", country="US"),
    C("Aisha Al-Mansoori", None, "example.com", country="AE"),
    C("Eleanor Whitfield", None, "example.org", country="GB", style="rev"),
    C("Mateo Ibarra", None, "inbox.example", country="US"),
    C("Oksana Hrytsenko", None, "mail.de.example", country="DE"),
    C("Theo Vandermeer", None, "example.org", country="NL", style="join"),
    C("Josephine Achterberg", None, "example.com", country="DE"),
    C("Rosalind Mbeki", None, "example.net", country="GB"),
    C("Declan Fairbairn", None, "inbox.example", country="GB", style="under"),
]
# every customer, with the country of their phone
for L in LANGS:
    for c in L["custs"]:
        c.country = L["tel"]
ALL_CUSTS = [c for L in LANGS for c in L["custs"]] + ENG_CUSTS
CUST_CYCLE = Cycle(ALL_CUSTS)


# --- lines in the languages ---------------------------------------------------------------

CHAT_BRANDS = {"kk": ["mir", "visa"], "be": ["mastercard", "visa"], "uz": ["humo", "uzcard"],
               "mr": ["rupay", "visa"], "or": ["rupay", "mastercard"], "as": ["visa", "rupay"],
               "ckb": ["mastercard", "visa"], "ps": ["unionpay", "visa"], "my": ["jcb", "unionpay"]}
NATIONALITY = {"GE": "GEO", "KZ": "KAZ", "UZ": "UZB", "AZ": "AZE", "AL": "ALB", "XK": "XKX", "MK": "MKD",
               "BY": "BLR", "BA": "BIH", "LA": "LAO", "MM": "MMR", "SO": "SOM", "ER": "ERI", "RW": "RWA",
               "MG": "MDG", "PH": "PHL", "ID": "IDN", "AF": "AFG", "PK": "PAK", "IQ": "IRQ", "IN": "IND",
               "LU": "LUX", "FO": "DNK", "GB": "GBR", "US": "USA", "DE": "DEU", "FR": "FRA", "NL": "NLD",
               "AE": "ARE"}


def jira_key(project):
    return f"{project}-{R.randint(1200, 48999)}"


def wrap_ticket(pieces, st, L, kind):
    """A ticket or comment frame around a language's sentence; returns (pieces, people)."""
    w = R.randint(0, 4)
    name = L["name"]
    if w == 0:
        return pieces, [st]
    if w == 1:
        return [f"h3. {jira_key('CR')} · web form ({name})\n", pieces,
                "\n\n_Assignee:_ ", P(st)], [st]
    if w == 2:
        return ["{quote}", pieces, "{quote}\nTranslated summary requested from ", P(st),
                f" ({name} desk)."], [st]
    if w == 3:
        return [f"*{jira_key('CR')}* [{kind}] ", pieces], [st]
    return [pieces, f"\n\n— comment by ", PE(st), f", {log_ts()} UTC"], [st]


def lang_lines(L):
    st = STAFF[L["staff"]]
    c1, c2 = L["custs"][0], L["custs"][1]
    c3 = L["custs"][2] if len(L["custs"]) > 2 else c1
    tel = L["tel"]
    brands = CHAT_BRANDS.get(L["code"])

    def base(cust, **kw):
        t1, t2 = clock(2)
        d = dict(flight=flight(), pnr=pnr(), cust=cust.name(), email=cust.mail(), staff=P(st),
                 t1=t1, t2=t2, exp=exp(), wt=wtref(L["apt"]), tag=bagtag(),
                 pw=PW("phrase"), pw2=PW("random"), amount=amount_in(L["cur"]), eticket=eticket(),
                 time=hh_mm(), gate=gate(), seat=seat(), reg=reg())
        d.update(kw)
        return d

    # 1. complaint
    d = base(c1, phone=phone(tel))
    body, ppl = wrap_ticket(T(L["complaint"], **d), st, L, "complaint")
    emit(body, ppl, "complaint", L["code"])

    # 2. card pasted into chat
    cust = c2
    d = base(cust, card=card(pick(brands) if brands else None))
    head = [f"Live chat #{R.randint(400000, 999999)} · 2026-0{R.randint(3, 5)}-{R.randint(10, 28)} {d['t1']} · visitor ",
            cust.name(), " <", cust.mail(), "> · agent ", P(st), "\n"]
    tail = []
    if R.random() < 0.6:
        tail = [f"\n[{later(d['t2'])}] visitor: ", cust.upper()]
    emit([head, T(L["chat"], **d), tail], [st], "chat-card", L["code"])

    # 3. lost baggage
    d = base(c3 if c3 is not c1 else c2, phone=phone(tel))
    extra = []
    if R.random() < 0.5:
        extra = ["\nTemporary address: Meridel ", pick(["Kirchberg", "Gare", "Findel"]), ", room ",
                 str(R.randint(101, 719)), ", desk ", phone("LU", "intl", landline=True)]
    emit(["[WorldTracer] ", T(L["bag"], **d), extra], [], "baggage", L["code"])

    # 4. Wi-Fi / lounge password
    d = base(c1)
    tail = []
    if R.random() < 0.6:
        tail = [" · tablet ", mac(), ", controller ", IP("priv")]
    people = [st] if "⟦staff⟧" in L["wifi"] else ([st] if tail else [])
    pieces = T(L["wifi"], **d)
    if tail:
        pieces = [pieces, tail] + ([] if "⟦staff⟧" in L["wifi"] else [" · checked by ", P(st)])
    emit(pieces, people, "wifi", L["code"])

    # 5. refund
    if L.get("iban"):
        d = base(c1, iban=iban(L["iban"]))
    else:
        d = base(c1, card=card(L["refund_card"]))
    emit([f"Refund {jira_key('RF')}: ", T(L["refund"], **d)], [], "refund", L["code"])

    # 6. negative
    d = base(c1, eticket=eticket(luhn=R.random() < 0.5))
    emit(T(L["neg"], **d), R.sample(ENG_STAFF, R.randint(0, 1)), "neg-lang", L["code"])

    # 7. a second complaint, as an e-mail to customer care, with the second customer
    tel2 = L.get("tel2", tel)
    d = base(c2, phone=phone(tel2, pick(["00", "e164", "nat"])))
    ip = IP("pub")
    hdr = ["From: ", c2.name(), " <", c2.mail(), ">\nTo: ", ("email", f"customer.care@{AIR}"),
           f"\nDate: {mail_date()}",
           "\nX-Originating-IP: [", ip, "]\nSubject: ", L["complaint"].split(":")[0], " ", d["flight"], "\n\n"]
    body = T(L["complaint"], **d)
    if L.get("iban2"):
        body = [body, "\nIBAN: ", iban(L["iban2"])]
    emit([hdr, body], [], "complaint-mail", L["code"])




# --- English lines of the tenant: e-mails, PNRs, baggage, loyalty, refunds, crew, APIS ------

HOTELS = [("Tbilisi Old Town", "TBS", "GE"), ("Luxembourg Kirchberg", "LUX", "LU"), ("Almaty Esentai", "ALA", "KZ"),
          ("Skopje Vardar", "SKP", "MK"), ("Vientiane Riverside", "VTE", "LA"), ("Kigali Heights", "KGL", "RW"),
          ("Baku Boulevard", "GYD", "AZ"), ("Cebu Mactan", "CEB", "PH"), ("Tórshavn Harbour", "FAE", "FO"),
          ("Sarajevo Baščaršija", "SJJ", "BA"), ("Erbil Citadel", "EBL", "IQ")]
HOTEL_STAFF = ["samira", "nadia", "mirsad"]
ROOMS = ["deluxe king", "twin superior", "junior suite", "classic double", "family room"]


def msgid(domain):
    stamp = f"2026{R.randint(3, 5):02d}{R.randint(1, 28):02d}{R.randint(0, 23):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}"
    return look_auto(f"<{stamp}.{rs(HEX, 12)}@{domain}>", "Message-ID (not an address)")


def name_of(c, latin_ok=True):
    """The customer's name as an English-language system writes it: native or Latin."""
    if latin_ok and c.latin != c.parts and R.random() < 0.5:
        return c.lat()
    return c.name()


def hotel_email():
    c = CUST_CYCLE()
    hname, code, cc = pick(HOTELS)
    st = ST[pick(HOTEL_STAFF)]
    role = f"reservations.{code.lower()}@{HOTEL}"
    conf = look(f"MRD-{code}-{digits(6)}", "hotel confirmation number")
    n = R.randint(1, 5)
    mx = R.randint(1, 4)
    brand = pick(["mastercard", "visa", "mastercard"])
    hello = name_of(c)
    ck = Clock()
    tz = {"GE": "+0400", "LU": "+0100", "KZ": "+0500", "MK": "+0100", "LA": "+0700", "RW": "+0200", "AZ": "+0400",
          "PH": "+0800", "FO": "+0000", "BA": "+0100", "IQ": "+0300"}[cc]
    sent = ck.mail(tz)
    recv = ck.mail(tz, 2, 9)
    start = R.randint(1, 24)
    body = [
        "Return-Path: <", ("email", role), ">\n",
        f"Received: from mx{mx}.{HOTEL} (mx{mx}.{HOTEL} [", IP("pub"), "])\n",
        f"\tby mx1.{AIR} (Postfix) with ESMTPS id {rs('BCDFGHJKLMNPQRSTVWXZ0123456789', 12)}\n",
        "\tfor <", PE(st), f">; {recv}\n",
        "X-Originating-IP: [", IP("priv"), "]\n",
        "Message-ID: ", msgid(f"mail.{HOTEL}"), "\n",
        f"Date: {sent}\n",
        f'From: "Meridel {hname} – Reservations" <', ("email", role), ">\n",
        "To: ", hello, " <", c.mail(), ">\n",
        "Cc: ", P(st), " <", PE(st), ">\n",
        "Reply-To: ", ("email", role), "\n",
        "Subject: Reservation confirmed ", conf, f" – {n} night{'s' if n > 1 else ''}\n\n",
        "Dear ", name_of(c), ",\n\n",
        f"thank you for choosing Meridel {hname}. Your reservation ", conf,
        f" ({pick(ROOMS)}, {start}–{start + n} May 2026) is guaranteed by the FareFinch virtual card below:\n\n",
        "  Card: ", card(brand, "space"), f"   Exp: {exp()}   CVC: {digits(3)}\n",
        "  Guest mobile: ", phone(c.country), "\n\n",
        "Front desk ", phone(cc, "intl", landline=cc in ("GE", "KZ", "LU", "MK", "LA", "BA", "MG")), " · ", ("email", role),
    ]
    emit(body, [st], "hotel-mail")


CARD_CODES = {"visa": "VI", "mastercard": "CA", "amex": "AX", "diners": "DC", "jcb": "JC", "unionpay": "UP", "discover": "DS"}


def pnr_display():
    pax = [CUST_CYCLE()]
    if R.random() < 0.35:
        pax.append(CUST_CYCLE())
    loc = pnr()
    office = f"LUXQ7{R.randint(10, 99)}AA"
    seg = flt()
    dep, arr = pick(["TBS", "ALA", "TAS", "GYD", "TIA", "SKP", "MSQ", "SJJ", "EBL", "KGL"]), pick(["LUX", "FRA", "CDG", "AMS"])
    d = gds_date()
    out = [f"RP/{office}/{office}            AW/SU  {gds_date()}26/{hhmm()}Z   ", loc, "\n"]
    k = 1
    for i, c in enumerate(pax):
        out += [f"  {k}.", c.up_fam(), "/", c.up_given(), f" {pick(['MR', 'MS', 'MRS'])}\n"]
        k += 1
    out += [f"  {k}  Q7 {seg[2:]} Y {d} {R.randint(1, 7)} {dep}{arr} HK{len(pax)}  {hhmm()} {hhmm()}  {d}  E  Q7/", loc, "\n"]
    k += 1
    for i, c in enumerate(pax):
        out += [f"  {k} AP {dep} ", phone(c.country, pick(["intl", "e164"])), " - M" + (f"/P{i + 1}" if len(pax) > 1 else ""), "\n"]
        k += 1
        out += [f"  {k} APE ", Lab("email", c.email_value.upper()), (f"/P{i + 1}" if len(pax) > 1 else ""), "\n"]
        k += 1
    out += [f"  {k} TK OK{gds_date()}/{office}\n"]
    k += 1
    for i, c in enumerate(pax):
        if R.random() < 0.7:
            out += [f"  {k} SSR DOCS Q7 HK1 P/{NATIONALITY[c.country]}/", passport(c.country),
                    f"/{NATIONALITY[c.country]}/{R.randint(1, 28):02d}{pick(MONTHS)}{R.randint(60, 99)}/{pick('MF')}/"
                    f"{R.randint(1, 28):02d}{pick(MONTHS)}{R.randint(27, 35)}/", c.up_fam(), "/", c.up_given(), f"/P{i + 1}\n"]
            k += 1
        if R.random() < 0.6:
            out += [f"  {k} SSR CTCM Q7 HK1 ", phone(c.country, "bare"), f"/P{i + 1}\n"]
            k += 1
    for i, c in enumerate(pax):
        out += [f"  {k} FA PAX ", eticket("dash"), f"/ET{'Q7'}/EUR{amount(120, 900)}/{gds_date()}26/{office}/{digits(8)}/S{len(pax) + 1}/P{i + 1}\n"]
        k += 1
    brand = pick(list(CARD_CODES))
    out += [f"  {k} FP CC{CARD_CODES[brand]}", card(brand, "plain"), f"/{exp().replace('/', '')}/A{digits(6)}"]
    if R.random() < 0.3:
        out += [f"\n  {k + 1} RM PAX ASKED FOR INVOICE TO ", Lab("email", pax[0].email_value.upper())]
    head = pick(["{noformat}\n", "Pasted from Amadeus (RT):\n{noformat}\n", "PNR as of today:\n{noformat}\n"])
    emit([head, out, "\n{noformat}"], [], "pnr")


def bsm_comment():
    c = CUST_CYCLE()
    st = staff()
    tag = "0" + AIRLINE_NUM + digits(6)
    n13 = tag + "001"
    nlook = look_auto(n13, "BSM .N/ element: bag tag + count (13 digits)" + (", Luhn-valid by chance" if luhn_ok(n13) else ""))
    f = flt()
    bsm = ["BSM\n.V/1L", pick(["TBS", "ALA", "GYD", "SKP"]), "\n.F/", f, "/", gds_date(), "/LUX/Y\n.N/", nlook,
           "\n.S/Y/", seat(), f"/C/{R.randint(1, 180):03d}//Y\n.W/K/1/{R.randint(9, 32)}\n.P/1", c.up_fam(), "/",
           c.up_given(), "\n.L/", pnr(), "\nENDBSM"]
    emit([P(st), f" {pick(['commented', 'added a comment'])}:\nBSM captured on the LUX sorter for the rush bag; pax contact from the PNR is ",
          c.mail(), ". Forwarding to WorldTracer.\n{code}\n", bsm, "\n{code}"], [st], "bsm")


def ahl_report():
    c = CUST_CYCLE()
    st = staff()
    ref = wtref(pick(["LUX", "FRA", "AMS"]))
    body = ["AHL ", ref, f"  CREATED {gds_date()}26/{hhmm()}  AGENT LUXQ7{R.randint(10, 99)}\n",
            "NM ", c.up_fam(), "\n", f"IT {fold_upper(c.latin[0])[0]}\n",
            "TN ", bagtag("air"), "\n", f"CT {pick(['BK22', 'BU25', 'RD02', 'GY22', 'BK01'])}/{pick('HSW')}\n",
            f"RT {pick(['TBS', 'ALA', 'GYD', 'SKP', 'MSQ', 'KGL'])}/LUX\nFD {flt()}/{gds_date()}\n",
            f"TA MERIDEL KIRCHBERG RM{R.randint(101, 719)}\n",
            "PN ", phone(c.country, pick(["e164", "00", "intl"])), "\n"]
    if R.random() < 0.5:
        body += ["CP ", phone(pick(["LU", "DE", "FR"]), "intl"), "\n"]
    body += ["EA ", Lab("email", c.email_value.upper()), "\n",
             f"CS {pick(['BLACK HARD SHELL', 'NAVY SOFT CASE', 'RED SPINNER', 'GREY DUFFEL'])} {pick(['RED STRAP', 'NAME TAG', 'NO EXTERNAL ID'])}\n",
             "\n", P(st), ": courier booked for tomorrow 10:00–14:00; pax confirmed by phone, file stays open until delivery."]
    emit(body, [st], "worldtracer")


TIERS = ["Blue", "Silver", "Gold", "Platinum"]


def ff_ticket():
    c = CUST_CYCLE()
    st = staff()
    v = R.randint(0, 3)
    key = jira_key("LOY")
    if v == 0:
        new = Lab("email", f"{fold(c.latin[0])}.{digits(4)}@{pick(['inbox.example', 'example.org', 'post.example'])}")
        body = [f"*{key}* Aurelwind Miles ", ffn(), f" ({pick(TIERS)}) — member ", name_of(c),
                " asks to change the login e-mail from ", c.mail(), " to ", new,
                ". Identity checked by call-back to ", phone(c.country), f"; last good login {log_ts()} UTC from ",
                IP(pick(["pub", "v6"])), ". Approved by ", P(st), "."]
    elif v == 1:
        ip1, ip2 = IP("pub"), IP("pub")
        ck = Clock()
        body = [f"{key}: repeated lockouts on the member account of ", name_of(c), " (", c.mail(), ")\n{noformat}\n",
                f"{ck.iso()} auth.login result=fail user=", c.mail(), " ip=", ip1, " reason=bad_password\n",
                f"{ck.iso(5, 40)} auth.login result=fail user=", c.mail(), " ip=", ip1, " reason=bad_password\n",
                f"{ck.iso(600, 4000)} auth.login result=locked user=", c.mail(), " ip=", ip2, " reason=threshold\n",
                "{noformat}\nBoth addresses are residential ISPs, no VPN. Unlocked by ", P(st), "; member reminded to use the app's passkey."]
    elif v == 2:
        c2 = c
        body = [f"Merge request {key}: duplicate Aurelwind Miles accounts ", ffn("prefixed"), " and ", ffn("prefixed"),
                " belong to ", name_of(c2), "; keep the older one. Contact: ", c2.mail(), ", ",
                phone(c2.country, pick(["intl", "nat"])), ". Merged by ", P(st), f" on {log_ts()[:10]}, 48 210 miles moved."]
    else:
        folio = look(f"F{digits(8)}", "hotel folio number")
        body = ["Missing partner credit: stay at Meridel ", pick(HOTELS)[0], ", folio ", folio, ", not credited to ",
                ffn("spaced"), ". Member ", name_of(c), " <", c.mail(), "> sent the invoice; ", P(st),
                " added 3 200 miles manually."]
    emit(body, [st], "loyalty")


def chargeback_note():
    c = CUST_CYCLE()
    st = staff()
    arn = look(pick(["2", "7"]) + digits(22), "acquirer reference number (23 digits)")
    brand = brand_for(c, ("visa", "mastercard", "amex", "discover", "jcb"))
    body = [f"h4. Chargeback {jira_key('CB')} — {pick(['13.1 services not provided', '10.4 card-absent fraud', '4853 cardholder dispute', '4837 no cardholder authorisation'])}\n",
            "* ARN: ", arn, "\n* Card: ", card(brand), "\n* Cardholder: ", c.upper(), "\n* E-mail on the booking: ", c.mail(),
            f"\n* Amount: EUR {amount(90, 1400)}\n* Booking ", pnr(), ", ticket ", eticket(),
            f" — flown, boarding pass scanned at gate {gate()} {hh_mm()}\n* Device at booking: IP ", IP(pick(["pub", "pub", "v6"])),
            ", browser Firefox 124 / Windows\n\nRepresentment pack drafted by ", P(st), ", due in 9 days."]
    emit(body, [st], "chargeback")


BICS = {"GE": "BAGAGE22", "KZ": "HSBKKZKX", "AZ": "PAHAAZ22", "AL": "SGSBALTX", "XK": "RBKOXKPR",
        "MK": "STOBMK2X", "BY": "AKBBBY2X", "BA": "UNCRBA22", "LU": "BCEELULL", "FO": "FIFBFOTX",
        "IQ": "NBIQIQBA", "PK": "HABBPKKA", "GB": "NWBKGB2L", "DE": "COBADEFF", "FR": "BNPAFRPP",
        "NL": "INGBNL2A", "BE": "GEBABEBB", "CH": "UBSWCHZH"}


IBAN_CYCLE = Cycle(["GB", "DE", "FR", "NL", "BE", "CH", "LU", "GE", "KZ", "AZ", "AL", "XK", "MK", "BA", "BY", "FO", "IQ", "PK"])
DOMESTIC = {"UZ": ["uzcard", "humo"], "KZ": ["mir"], "BY": ["mir"], "IN": ["rupay"]}


def brand_for(c, international=("visa", "mastercard", "amex", "discover", "jcb", "diners", "maestro", "unionpay")):
    """A card brand for customer `c`: their country's domestic scheme half the time, if any."""
    if c.country in DOMESTIC and R.random() < 0.5:
        return pick(DOMESTIC[c.country])
    return pick(list(international))


def refund_note():
    c = CUST_CYCLE()
    st = staff()
    cc = IBAN_CYCLE()
    v = R.randint(0, 2)
    if v == 0:
        body = [f"Refund {jira_key('RF')} approved (EU261 compensation, EUR {pick(['250', '400', '600'])}). Beneficiary ",
                name_of(c), ", IBAN ", iban(cc), ", BIC ", look(BICS[cc], "BIC"), ". Confirmation goes to ", c.mail(),
                ". Four-eyes check: ", P(st), "."]
        ppl = [st]
    elif v == 1:
        body = ["Customer ", c.mail(), " sent new bank details for refund ", look(f"RF-{digits(7)}", "refund number"),
                ": ", iban(cc, spaced=False), " (account holder ", name_of(c), "). The old ", iban(cc),
                " was closed according to the bank. Processed in SAP by ", P(st), "."]
        ppl = [st]
    else:
        st2 = staff()
        while st2 is st:
            st2 = staff()
        body = ["[~accountid:", PA(st), "] please pay the goodwill voucher as cash instead: ", name_of(c), " / ",
                c.mail(), " / ", iban(cc), f" / EUR {amount(50, 300)}. Approved by ", P(st2), "."]
        ppl = [st, st2]
    emit(body, ppl, "refund")


def supplier_iban_change():
    hname, code, cc = pick(HOTELS)
    st = staff()
    old_cc = cc if cc in BICS else "LU"
    new_cc = pick(["LU", "DE", "GB", "NL"])
    role = f"accounts.{code.lower()}@{HOTEL}"
    body = [f"{jira_key('AP')} — possible mandate fraud: an e-mail \"from\" Meridel {hname} asks to move payouts from ",
            iban(old_cc), " to ", iban(new_cc), ". Reply-To was ", ("email", f"payments-{code.lower()}@hotel-settlements.example"),
            ", not ", ("email", role), ". Called the front desk on the number on file, ", phone(cc, "intl", landline=cc in ("GE", "KZ", "LU", "MK", "LA", "BA", "MG")),
            " — they never asked for a change. Blocked by ", P(st), "; sender IP ", IP("pub"), "."]
    emit(body, [st], "supplier")


def crew_note():
    a, b, cc = staff(3, [ST[k] for k in ("kwame", "ingrid", "gustav", "fenna", "thabo", "claude", "joannes", "mariam", "levan", "hannah")])
    f = flt()
    v = R.randint(0, 2)
    if v == 0:
        body = [f"Crew control log {log_ts()[:16]} — {f} LUX-{pick(['TBS', 'ALA', 'TAS', 'GYD', 'EBL'])}: CA ", P(a),
                " reported sick (call from ", phone(pick(["LU", "DE", "FR", "GB", "NL"]), pick(["intl", "nat"])),
                "); reserve ", P(b), f" called out from home standby, report {hh_mm()}L, mobile ",
                phone(pick(["LU", "DE", "FR", "NL"]), "intl"), f". Pairing P{R.randint(1000, 9999)} re-published by ", P(cc), "."]
    elif v == 1:
        body = [f"|| Pairing || Rank || Crew || Contact ||\n| P{R.randint(1000, 9999)} | CA | ", P(a), " | ",
                phone(pick(["LU", "DE"]), "intl"), f" |\n| P{R.randint(1000, 9999)} | FO | ", P(b), " | ",
                phone(pick(["FR", "GB", "NL"]), "e164"), f" |\n| P{R.randint(1000, 9999)} | SP | ", P(cc), " | ",
                PE(cc), " |"]
    else:
        body = [P(a), f" swapped the {gds_date()} night-stop in {pick(['TBS', 'GYD', 'TAS'])} with ", P(b),
                f" (both B737 rated, FDP within limits). Hotel: Meridel, crew rate. If transport is late call the driver on ",
                phone(pick(["GE", "AZ", "UZ"]), "intl"), " — approved by ", P(cc), "."]
    emit(body, [a, b, cc], "crew")


def paxlst():
    pax = [CUST_CYCLE() for _ in range(R.randint(1, 3))]
    f = flt()
    ref = digits(9)
    dep = pick(["TBS", "ALA", "TAS", "GYD", "SKP", "EBL", "KGL", "VTE"])
    day, hm = R.randint(10, 28), hhmm()
    seg = [f"UNA:+.? '\nUNB+UNOA:4+AURELWIND:ZZ+LUXAPIS:ZZ+2603{day}:{later(hm[:2] + ':' + hm[2:], 0, 0).replace(':', '')}+{ref}'\n",
           f"UNH+1+PAXLST:D:05B:UN:IATA+{f}/2603{day}/{hm}+01:F'\nBGM+745'\nNAD+MS+++APIS DESK'\nCOM+",
           phone("LU", "00", landline=True), f":TE'\nTDT+20+{f}+++Q7'\nLOC+125+{dep}'\nDTM+189:2603{day}{hm}:201'\nLOC+87+LUX'\n"]
    for c in pax:
        nat = NATIONALITY[c.country]
        seg += ["NAD+FL+++", c.up_fam(), ":", c.up_given(), f"'\nATT+2++{pick('MF')}'\nDTM+329:{R.randint(60, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}'\n",
                f"LOC+178+{dep}'\nLOC+179+LUX'\nNAT+2+{nat}'\nRFF+AVF:", pnr(), "'\nDOC+P:110:111+", passport(c.country),
                f"'\nDTM+36:{R.randint(27, 35)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}'\nLOC+91+{nat}'\n"]
    seg += [f"CNT+42:{len(pax)}'\nUNT+{14 + 9 * len(pax)}+1'\nUNZ+1+{ref}'"]
    contacts = []
    for c in pax:
        contacts += [c.mail(), ", "]
    contacts[-1] = ""
    st = staff()
    emit([f"APIS re-sent for {f} after the DOC segment fix; pax were told at ", contacts,
          ". Message as transmitted:\n{code}\n", seg, "\n{code}\n— ", P(st)], [st], "apis")


def apis_json():
    c = CUST_CYCLE()
    rec = ['{"flight":"', flt(), f'","date":"2026-04-{R.randint(10, 28)}","passenger":{{"surname":"', c.up_fam(),
           '","givenNames":"', c.up_given(), f'","dateOfBirth":"19{R.randint(60, 99)}-0{R.randint(1, 9)}-1{R.randint(0, 9)}",',
           '"document":{"type":"P","number":"', passport(c.country), f'","issuingState":"{NATIONALITY[c.country]}","expiry":"20{R.randint(27, 35)}-0{R.randint(1, 9)}-2{R.randint(0, 8)}"}},',
           '"contact":{"email":"', c.mail(), '","phone":"', phone(c.country, "e164"), '"}},"status":"REJECTED","reason":"DOC_EXPIRY_BEFORE_RETURN"}']
    emit(["Border-system reply for one of tonight's APIS records (LUX iAPI):\n{code:json}\n", rec, "\n{code}"], [], "apis")


def ssn_lines():
    us = [c for c in ENG_CUSTS if c.country == "US"]
    c = pick(us)
    st = staff()
    v = R.randint(0, 2)
    if v == 0:
        body = ["APIS validation warning: the document number entered for ", c.up_fam(), "/", c.up_given(),
                " is shaped like a US Social Security number (", ssn(), "). The pax re-entered passport ",
                passport("US"), " at the kiosk. Contact ", c.mail(), ". ", P(st),
                " removed the SSN from the DCS record; purge this ticket after 30 days."]
    elif v == 1:
        st2 = staff()
        while st2 is st:
            st2 = staff()
        body = ["JFK ground-handling new hire (Aurel Ground Handling US LLC): I-9 and W-4 received for ", P(st2),
                ", SSN ", ssn(), ", direct deposit set up. HR contact ", P(st), "."]
        st = [st, st2]
    else:
        body = ["Refund form for ", name_of(c), " (", c.mail(), ") — the customer typed an SSN into the \"tax id\" field: ",
                ssn(), ". Not needed for a refund; field cleared, phone on file ", phone("US", pick(["nat", "intl"])), "."]
    emit(body, st if isinstance(st, list) else [st], "ssn")


# --- airport IT: Wi-Fi, lounges, kiosks, DCS, baggage -------------------------------------

STATIONS = ["LUX", "TBS", "ALA", "TAS", "GYD", "TIA", "SKP", "MSQ", "SJJ", "VTE", "RGN", "KGL", "TNR", "CEB", "EBL", "FAE"]


def wifi_ticket():
    apt = pick(STATIONS)
    st = staff()
    v = R.randint(0, 4)
    if v == 0:
        body = [f"# /etc/hostapd/hostapd.conf — lounge AP {apt}-LNG-AP{R.randint(1, 9)}\ninterface=wlan0\nssid=AW-Lounge-{apt}\nhw_mode=a\nchannel={pick([36, 40, 44, 149])}\n",
                "wpa=2\nwpa_key_mgmt=WPA-PSK\nrsn_pairwise=CCMP\nwpa_passphrase=", PW("phrase"), "\n",
                "# staff SSID authenticates against RADIUS\nauth_server_addr=", IP("priv"), "\nauth_server_port=1812\nauth_server_shared_secret=", PW("random"), "\n"]
        ppl = []
    elif v == 1:
        body = [f"{jira_key('LNG')} Lounge tablets in {apt} cannot join AW-Lounge-Staff since the PSK rotation. New key: ", PW("phrase"),
                ". Re-enrolled via MDM: ", mac(), ", ", mac(), ", ", mac(), ". WLC at ", IP("priv"), ". Done by ", P(st), "."]
        ppl = [st]
    elif v == 2:
        body = [f"wlan ssid-profile \"AW-Guest-{apt}\"\n   essid \"Aurelwind Lounge\"\n   opmode wpa2-psk-aes\n   wpa-passphrase ", PW("phrase"),
                f"\n!\naaa authentication-server radius \"AW-NPS\"\n   host ", IP("priv"), "\n   key ", PW("random"), "\n!"]
        ppl = []
    elif v == 3:
        body = ["UniFi controller export (site ", apt, "-lounge):\n{code:json}\n{\"name\":\"AW-Lounge-", apt,
                "\",\"security\":\"wpapsk\",\"wpa_mode\":\"wpa2\",\"x_passphrase\":\"", PW("phrase"),
                "\",\"usergroup_id\":\"", look_auto(rs(HEX, 24), "UniFi object id"), "\",\"vlan\":\"", str(R.randint(20, 90)),
                "\"}\n{code}\nAPs adopted from ", IP("priv"), "; device MACs ", mac("colon"), " and ", mac("colon"), "."]
        ppl = []
    else:
        body = [P(st), f": the Wi-Fi card at the {apt} lounge reception is out of date. Printed password is now ",
                PW("phrase"), f" (SSID AW-Lounge-{apt}), valid until the next rotation on the 1st."]
        ppl = [st]
    emit(body, ppl, "wifi")


def kiosk_log():
    apt = pick(STATIONS)
    k = f"{apt}K{R.randint(1, 24):02d}"
    ip = IP("priv")
    tag = bagtag("plain")
    ck = Clock()
    lines = [f"{ck.log(True)} INFO  [cupps-{k}] session open ws={k} ip=", ip, " mac=", mac("colon"), "\n",
             f"{ck.log(True, 5, 40)} INFO  [cupps-{k}] pnr=", pnr(), f" pax=1 seg={flt()} bagtag=", tag, "\n",
             f"{ck.log(True, 1, 8)} WARN  [cupps-{k}] BTP printer offline, retry via ", IP("priv"), ":9100\n",
             f"{ck.log(True, 20, 90)} INFO  [cupps-{k}] session close ws={k} duration=00:02:{R.randint(10, 59)}"]
    emit(["{noformat}\n", lines, "\n{noformat}"], [], "kiosk")


def dcs_gateway_log():
    c = CUST_CYCLE()
    ck = Clock()
    tr = rs(HEX, 8)
    lines = [f"{ck.iso()} dcs-gw01 [{tr}] POST /v2/checkin pnr=", pnr(),
             " client=", IP("pub"), " ua=\"AurelwindApp/5.14.2 (iOS 17.4)\"\n",
             f"{ck.iso(0, 1)} dcs-gw01 [{tr}] auth ok bearer=", jwt({"aud": "dcs-gw", "pnr": "redacted"}, "RS256"), "\n",
             f"{ck.iso(30, 31)} dcs-gw01 [{tr}] upstream {pick(['DCS-core', 'dcs-legacy'])} 502 after 30012ms; retry 1/3\n",
             f"{ck.iso(90, 95)} dcs-gw01 [{tr}] notify channel=email to=", c.mail(), f" template=checkin_failed flight={flt()}\n",
             f"{ck.iso(0, 1)} dcs-gw01 [{tr}] notify channel=sms to=", phone(c.country, "e164"), " template=checkin_failed"]
    emit(["{code}\n", lines, "\n{code}"], [], "dcs")


def brs_log():
    apt = pick(["LUX", "TBS", "GYD"])
    ck = Clock()
    lines = [f"[{ck.log()}] BRS-{apt} BSM received from ", IP("priv"), " (SITA gateway) tag=", bagtag(), f" flight={flt()} status=LOADED ULD=AKE{digits(5)}Q7\n",
             f"[{ck.log()}] BRS-{apt} scanner HHT-{R.randint(1, 40):02d} ", mac("COLON"), " reconnect from ", IP("priv"), "\n",
             f"[{ck.log()}] BRS-{apt} BPM sent to ", IP("priv"), f" tag=", bagtag(), " status=OFFLOADED reason=PAX_NO_SHOW"]
    emit(lines, [], "brs")


# --- payments ------------------------------------------------------------------------------


def stripe_webhook():
    c = CUST_CYCLE()
    ev = look_auto("evt_3P" + rs(ALNUM, 22), "Stripe event id")
    ch = look_auto("ch_3P" + rs(ALNUM, 22), "Stripe charge id")
    sig = look_auto(f"t={1773400000 + R.randint(0, 900000)},v1={rs(HEX, 64)}", "Stripe-Signature header (HMAC, not a secret)")
    body = ["Webhook delivery failed (HTTP 500) on booking-api, payload for replay:\n{code}\nStripe-Signature: ", sig, "\n",
            '{"id":"', ev, '","type":"charge.failed","data":{"object":{"id":"', ch, f'","amount":{R.randint(4000, 190000)},"currency":"eur",',
            '"billing_details":{"email":"', c.mail(), '","name":"', name_of(c), '","phone":"', phone(c.country, "e164"), '"},',
            f'"payment_method_details":{{"card":{{"brand":"visa","last4":"{digits(4)}","exp_month":{R.randint(1, 12)},"exp_year":{R.randint(2026, 2031)}}}}},',
            '"metadata":{"pnr":"', pnr(), '","client_ip":"', IP(pick(["pub", "v6"])), '"}}}}\n{code}']
    emit(body, [], "payment")


def adyen_notification():
    c = CUST_CYCLE()
    psp = digits(16)
    psp_look = look_auto(psp, "Adyen pspReference (16 digits" + (", Luhn-valid by chance)" if luhn_ok(psp) else ")"))
    hmac = look_auto(base64.b64encode(bytes(R.randrange(256) for _ in range(32))).decode(), "Adyen hmacSignature (not a secret)")
    body = ['{"live":"true","notificationItems":[{"NotificationRequestItem":{"eventCode":"AUTHORISATION","success":"false",',
            '"pspReference":"', psp_look, '","merchantReference":"FF-', pnr(), f'","amount":{{"value":{R.randint(5000, 200000)},"currency":"EUR"}},',
            '"additionalData":{"hmacSignature":"', hmac, '","shopperEmail":"', c.mail(), '","shopperIP":"', IP("pub"),
            '","shopperName":"[first name=', c.lat_part(0), ', infix=null, last name=', c.lat_part(len(c.latin) - 1), ', gender=null]",',
            f'"cardSummary":"{digits(4)}","expiryDate":"{R.randint(1, 12)}/{R.randint(2026, 2031)}","cardHolderName":"', c.upper(),
            '"},"reason":"Refused"}}]}']
    emit(["FareFinch payments: refused authorisations spike, sample notification\n{code:json}\n", body, "\n{code}"], [], "payment")


def gateway_leak():
    c = CUST_CYCLE()
    brand = brand_for(c, ("visa", "mastercard", "amex", "diners", "jcb", "unionpay", "maestro"))
    st = staff()
    body = [f"SEV-2 {jira_key('SEC')}: booking-api logged full request bodies for 40 minutes after the {pick(['5.14.1', '5.15.0'])} deploy. Example line:\n",
            "{noformat}\n", f"{iso_ts(True)} DEBUG PaymentController payload={{\"pan\":\"", card(brand, "plain"), f"\",\"expiry\":\"{exp()}\",\"cvc\":\"{digits(3)}\",",
            "\"holder\":\"", c.upper(), "\",\"email\":\"", c.mail(), "\",\"ip\":\"", IP("pub"), "\"}\n{noformat}\n",
            "Logs purged from Elasticsearch; PCI notification owner ", P(st), "."]
    emit(body, [st], "pci")


# --- NDC / OTA payloads ----------------------------------------------------------------------


def ota_air_book():
    c = CUST_CYCLE()
    brand = pick(list(CARD_CODES))
    p = phone(c.country, "e164")
    body = ['<OTA_AirBookRQ xmlns="http://www.opentravel.org/OTA/2003/05" Version="2.001">\n  <TravelerInfo>\n    <AirTraveler PassengerTypeCode="ADT">\n',
            "      <PersonName><GivenName>", c.up_given(), "</GivenName><Surname>", c.up_fam(), "</Surname></PersonName>\n",
            '      <Telephone PhoneLocationType="10" PhoneNumber="', p, '"/>\n      <Email>', c.mail(), "</Email>\n",
            '      <CustLoyalty ProgramID="Q7" MembershipID="', ffn("plain"), '"/>\n    </AirTraveler>\n  </TravelerInfo>\n',
            f'  <Fulfillment><PaymentDetails><PaymentDetail><PaymentCard CardCode="{CARD_CODES[brand]}" CardNumber="', card(brand, "plain"),
            f'" ExpireDate="{exp().replace("/", "")}">\n        <CardHolderName>', c.upper(), "</CardHolderName>\n      </PaymentCard></PaymentDetail></PaymentDetails></Fulfillment>\n</OTA_AirBookRQ>"]
    emit(["FareFinch → Aurelwind booking rejected (ERR 1301 invalid FOP), request as logged:\n{code:xml}\n", body, "\n{code}"], [], "ota")


def ndc_order_create():
    c = CUST_CYCLE()
    spec = PHONES[c.country]
    nsn = nsn_for(c.country)
    body = ["<IATA_OrderCreateRQ xmlns=\"http://www.iata.org/IATA/2015/EASD/00/IATA_OffersAndOrdersMessage\">\n <PayloadAttributes><Version>21.3</Version></PayloadAttributes>\n",
            " <Request><CreateOrder><SelectedOffer><OfferRefID>", look_auto(f"OFR-{rs(HEX, 20)}", "NDC offer id"), "</OfferRefID></SelectedOffer></CreateOrder>\n",
            "  <DataLists><PaxList><Pax><PaxID>PAX1</PaxID><PTC>ADT</PTC>\n   <Individual><GivenName>", c.lat_part(0), "</GivenName><Surname>",
            c.lat_part(len(c.latin) - 1), "</Surname></Individual>\n   <ContactInfo><EmailAddress><EmailAddressText>", c.mail(),
            "</EmailAddressText></EmailAddress>\n    <Phone><CountryDialingCode>", spec.cc, "</CountryDialingCode><PhoneNumber>",
            Lab("phone", nsn, (c.country, nsn, "nsn")), "</PhoneNumber></Phone></ContactInfo>\n   </Pax></PaxList></DataLists>\n </Request>\n</IATA_OrderCreateRQ>"]
    emit(["{code:xml}\n", body, "\n{code}\nOrderCreate from the FareFinch NDC channel times out after 25 s (same payload works in UAT)."], [], "ndc")


def hotel_res_notif():
    c = CUST_CYCLE()
    hname, code, cc = pick(HOTELS)
    brand = pick(["visa", "mastercard", "amex"])
    body = ['<OTA_HotelResNotifRQ Version="1.003"><HotelReservations><HotelReservation CreateDateTime="', iso_ts(), '" ResStatus="Book">\n',
            '<UniqueID Type="14" ID="', look(f"FF{digits(10)}", "OTA reservation id"), f'"/>\n<RoomStays><RoomStay><BasicPropertyInfo HotelCode="MRD{code}"/></RoomStay></RoomStays>\n',
            "<ResGuests><ResGuest><Profiles><ProfileInfo><Profile><Customer>\n  <PersonName><GivenName>", c.lat_part(0), "</GivenName><Surname>",
            c.lat_part(len(c.latin) - 1), "</Surname></PersonName>\n  <Telephone PhoneNumber=\"", phone(c.country, pick(["intl", "e164"])),
            "\"/>\n  <Email>", c.mail(), "</Email>\n</Customer></Profile></ProfileInfo></Profiles></ResGuest></ResGuests>\n",
            f'<ResGlobalInfo><Guarantee><GuaranteesAccepted><GuaranteeAccepted><PaymentCard CardCode="{CARD_CODES[brand]}" CardNumber="',
            card(brand, "plain"), f'" ExpireDate="{exp().replace("/", "")}"/></GuaranteeAccepted></GuaranteesAccepted></Guarantee></ResGlobalInfo>\n',
            "</HotelReservation></HotelReservations></OTA_HotelResNotifRQ>"]
    st = ST[pick(HOTEL_STAFF)]
    emit([P(st), f": channel manager rejected this for Meridel {hname} (rate plan closed); card stored in the PMS, please delete this paste after fixing.\n{{code:xml}}\n",
          body, "\n{code}"], [st], "ota")


def ndc_json():
    c = CUST_CYCLE()
    body = ['{\n  "orderId": "', look_auto(f"Q7-ORD-{rs(HEX, 16)}", "order id"), '",\n  "passengers": [{\n    "ptc": "ADT",\n    "firstName": "', c.lat_part(0),
            '",\n    "lastName": "', c.lat_part(len(c.latin) - 1), '",\n    "email": "', c.mail(), '",\n    "mobile": "', phone(c.country, "e164"),
            '",\n    "loyalty": {"programme": "Q7", "number": "', ffn("plain"), '"}\n  }],\n  "ticketNumbers": ["', eticket("plain"), '"],\n  "source": "farefinch-ndc"\n}']
    emit(["OrderRetrieve response from the sandbox mirror (anonymisation job skipped this one!):\n{code:json}\n", body, "\n{code}"], [], "ndc")


# --- apps ------------------------------------------------------------------------------------


def sentry_event():
    c = CUST_CYCLE()
    body = ['{"event_id":"', look_auto(rs(HEX, 32), "Sentry event id"), '","platform":"javascript","release":"', look_auto(f"aurelwind-web@2026.3.{R.randint(1, 30)}", "Sentry release name (package@version, not an address)"),
            '","user":{"id":"', look_auto(rs(HEX, 24), "member id"), '","email":"', c.mail(), '","ip_address":"', IP(pick(["pub", "v6"])),
            '"},"request":{"url":"https://www.', AIR, '/manage/', pnr(), '","headers":{"Authorization":"Bearer ', jwt({"scope": "booking"}),
            '"}},"exception":{"values":[{"type":"TypeError","value":"Cannot read properties of undefined (reading \'seatMap\')"}]}}']
    emit(["Sentry issue WEB-", str(R.randint(1000, 9999)), " (first seen today), raw event:\n{code:json}\n", body, "\n{code}"], [], "crash")


def token_response():
    c = CUST_CYCLE()
    body = ["HAR excerpt from the lounge-portal SSO bug (member login via Aurelwind Miles):\n{code:json}\n",
            '{"request":{"method":"POST","url":"https://login.', AIR, '/realms/miles/protocol/openid-connect/token","postData":{"text":"grant_type=password&username=',
            c.mail(), '&password=', PW("random"), '&client_id=lounge-portal"}},\n "response":{"status":200,"content":{"text":"{\\"access_token\\":\\"',
            jwt({"email_verified": True, "azp": "lounge-portal"}, "RS256"), '\\",\\"refresh_token\\":\\"', jwt({"typ": "Refresh"}, "HS512"),
            '\\",\\"token_type\\":\\"Bearer\\",\\"session_state\\":\\"', uuid_look("Keycloak session_state"), '\\"}"}}}\n{code}']
    emit(body, [], "crash")


def logcat():
    c = CUST_CYCLE()
    ck = Clock()
    pid, tid = R.randint(2000, 9999), R.randint(2000, 9999)
    stamp = lambda: ck.tick(0, 2).strftime("%m-%d %H:%M:%S.") + f"{ck.t.microsecond // 1000:03d}  {pid}  {tid}"
    body = [f"{stamp()} D OkHttp  : --> POST https://api.{AIR}/v2/profile/contact\n",
            f"{stamp()} D OkHttp  : Authorization: Bearer ", jwt({"aud": "aurelwind-app"}, "RS256"), "\n",
            f"{stamp()} D OkHttp  : {{\"email\":\"", c.mail(),
            "\",\"phone\":\"", phone(c.country, "e164"), "\"}\n",
            f"{stamp()} E AndroidRuntime: FATAL EXCEPTION: main\n",
            "E AndroidRuntime: java.lang.IllegalStateException: seat map not loaded\n        at com.aurelwind.app.seatmap.SeatMapFragment.onResume(SeatMapFragment.kt:212)"]
    emit(["Attached logcat from the beta tester (release build had HTTP logging on):\n{noformat}\n", body, "\n{noformat}"], [], "crash")


# --- configs, CI, keys ------------------------------------------------------------------------


def b64s(s):
    return base64.b64encode(s.encode()).decode()


ENV_OPTS = Cycle(range(18))


def env_file():
    svc = pick(["booking-api", "loyalty-svc", "refund-worker", "notify-svc", "ndc-gateway"])
    lines = [f"# {svc}/.env.production — pasted by mistake, rotate everything below\nNODE_ENV=production\n",
             "DATABASE_URL=postgresql://", ("url_credentials", f"{svc.replace('-', '_')}:{pw_url()}"), f"@", IP("priv"), f":5432/{svc.split('-')[0]}\n",
             "REDIS_URL=rediss://", ("url_credentials", ":" + pw_url()), f"@cache-01.{INTERNAL}:6380/0\n"]
    options = [
        ["STRIPE_SECRET_KEY=", tok("stripe", "sk"), "\n"],
        ["STRIPE_WEBHOOK_SECRET=", tok("stripe", "whsec"), "\n"],
        ["SENDGRID_API_KEY=", tok("sendgrid"), "\n"],
        ["TWILIO_ACCOUNT_SID=", look_auto("AC" + rs(HEX, 32), "Twilio account SID (identifier)"), "\nTWILIO_AUTH_TOKEN=", tok("twilio", "token"), "\n"],
        ["TWILIO_API_KEY=", tok("twilio"), "\n"],
        ["GOOGLE_MAPS_API_KEY=", tok("google"), "\n"],
        ["SLACK_ALERTS_WEBHOOK=", tok("slack", "hook"), "\n"],
        ["OPENAI_API_KEY=", tok("openai"), "\n"],
        ["ANTHROPIC_API_KEY=", tok("anthropic"), "\n"],
        ["HF_TOKEN=", tok("huggingface"), "\n"],
        ["JWT_SIGNING_SECRET=", PW("random"), "\n"],
        ["AWS_ACCESS_KEY_ID=", tok("aws"), "\nAWS_SECRET_ACCESS_KEY=", tok("aws", "secret"), "\n"],
        ["SHOPIFY_ADMIN_TOKEN=", tok("shopify"), "\n"],
        ["GITHUB_TOKEN=", tok("github", "ghp"), "\n"],
        ["AZURE_STORAGE_KEY=", tok("azure"), "\n"],
        ["ATLASSIAN_API_TOKEN=", tok("atlassian"), "\n"],
        ["DO_SPACES_TOKEN=", tok("digitalocean"), "\n"],
        ["SERVICE_JWT=", jwt({"iss": f"auth.{INTERNAL}", "svc": svc}, "HS512"), "\n"],
    ]
    extras = [options[ENV_OPTS()] for _ in range(4)]
    emit([lines, extras], [], "config")


def k8s_secret():
    ns = pick(["booking", "loyalty", "payments", "dcs-bridge", "lounge"])
    user = pick(["svc_booking", "loyalty_rw", "refunds", "dcs_bridge"])
    body = [f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: {ns}-credentials\n  namespace: {ns}\ntype: Opaque\ndata:\n",
            f"  DB_USER: ", look(b64s(user), "base64 user name"), "\n  DB_PASSWORD: ", Lab("password", b64s(pw("random"))), "\n",
            "  AMQP_URL: ", Lab("password", b64s(f"amqps://{user}:{pw_url()}@mq.{INTERNAL}:5671/")), "\n",
            "stringData:\n  SENDGRID_API_KEY: \"", tok("sendgrid"), "\"\n"]
    emit(["{code:yaml}\n", body, "{code}"], [], "config")


def helm_values():
    st = staff([ST["tobias"], ST["kavitha"], ST["gustav"], ST["fenna"]])
    body = [f"# values-prod.yaml (notify-svc) — reviewed by ", P(st), "\nimage:\n  tag: 2026.3.", str(R.randint(1, 40)),
            "\nsmtp:\n  host: smtp.sendgrid.net\n  username: apikey\n  password: ", tok("sendgrid"),
            "\nsms:\n  provider: twilio\n  apiKeySid: ", tok("twilio"), "\n  apiKeySecret: ", tok("twilio", "secret"),
            "\nslack:\n  webhook: ", tok("slack", "hook"),
            "\nmongodb:\n  uri: mongodb+srv://", ("url_credentials", f"notify:{pw_url()}"), "@notify-prod.", rs("abcdefghijklmnopqrstuvwxyz0123456789", 5), ".mongodb.net/notify\n"]
    emit(["{code:yaml}\n", body, "{code}"], [st], "config")


def tfvars():
    body = ["# terraform/envs/prod/terraform.tfvars\nregion            = \"eu-central-1\"\naws_access_key    = \"", tok("aws"), "\"\naws_secret_key    = \"", tok("aws", "secret"),
            "\"\ndo_token          = \"", tok("digitalocean"), "\"\nstatuspage_db_pw  = \"", PW("random"), "\"\nbastion_cidr      = \"", IP("pub"), "/32\"\n"]
    body += ["azure_storage_key = \"", tok("azure"), "\"\n"]
    emit(["{code:hcl}\n", body, "{code}"], [], "config")


DEV_CRED = Cycle(range(6), shuffle=False)


def dev_credentials():
    v = DEV_CRED()
    if v == 0:
        body = ["~/.npmrc on the build agent:\n{noformat}\n@aurelwind:registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=", tok("npm"), "\n{noformat}"]
    elif v == 1:
        body = ["~/.pypirc\n{noformat}\n[pypi]\nusername = __token__\npassword = ", tok("pypi"), "\n{noformat}"]
    elif v == 2:
        body = ["~/.terraformrc used by the atlantis pod:\n{code}\ncredentials \"app.terraform.io\" {\n  token = \"", tok("hashicorp", "tfc"), "\"\n}\n{code}\nand VAULT_TOKEN=", tok("hashicorp"), " in its env."]
    elif v == 3:
        body = ["git remote -v on the kiosk-image builder:\n{noformat}\norigin  https://oauth2:", tok("gitlab"), f"@gitlab.{INTERNAL}/airport/kiosk-image.git (fetch)\n{{noformat}}"]
    elif v == 4:
        body = ["Docker config.json from the baggage-scanner VM:\n{code:json}\n{\"auths\":{\"registry.", INTERNAL, "\":{\"auth\":\"",
                Lab("password", b64s(f"ci-pull:{pw('random')}")), "\"},\"ghcr.io\":{\"auth\":\"", Lab("password", b64s("aw-bot:" + tok("github", "ghp").value)), "\"}}}\n{code}"]
    else:
        body = ["jira-automation.py (Confluence sync) had the token inline:\n{code:python}\nJIRA_URL = \"https://aurelwind.atlassian.net\"\nJIRA_USER = \"",
                ("email", f"svc-automation@{AIR}"), "\"\nJIRA_TOKEN = \"", tok("atlassian"), "\"\n{code}"]
    emit(body, [], "config")


MORE_TOKENS = Cycle(range(17), shuffle=False)


def more_tokens():
    v = MORE_TOKENS()
    st = staff([ST["tobias"], ST["kavitha"], ST["gustav"], ST["fenna"], ST["sneha"]])
    ppl = [st]
    if v == 0:
        body = [P(st), ": merch shop integration is down, the custom app token in the ERP connector is ", tok("shopify"), " — revoke and reissue please."]
    elif v == 1:
        body = ["curl -H \"Authorization: Bearer ", tok("github", "ghs"), "\" https://api.github.com/repos/aurelwind/ndc-gateway/actions/runs — works from the runner, 401 from the laptop. ", P(st)]
    elif v == 2:
        body = ["Translation helper for the call-centre macros uses HUGGING_FACE_HUB_TOKEN=", tok("huggingface"), " and the fallback OPENAI key ", tok("openai"), "; both belong in Vault."]
        ppl = []
    elif v == 3:
        body = ["Slack bot for IRREGOPS: SLACK_BOT_TOKEN=", tok("slack", "xoxb"), " (workspace aurelwind-ops). User token used for the export was ", tok("slack", "xoxp"), ". — ", P(st)]
    elif v == 4:
        body = ["Status page droplet rebuilt; old API token ", tok("digitalocean"), " is still in the cron job on ", IP("pub"), ". ", P(st), " to clean up."]
    elif v == 5:
        body = ["Fine-grained PAT for the release bot (expires in 90 days): ", tok("github", "pat"), " — scope contents:write on aurelwind/kiosk-image only."]
        ppl = []
    elif v == 6:
        body = ["{code:bash}\nexport GITLAB_API_TOKEN=", tok("gitlab"), f"\nglab api projects/212/pipelines --hostname gitlab.{INTERNAL}\n{{code}}\nCopied from ", P(st), "'s shell history."]
    elif v == 7:
        body = ["Call-centre summariser prototype, request that failed with 529:\n{noformat}\nPOST https://api.anthropic.com/v1/messages\nx-api-key: ", tok("anthropic"),
                "\nanthropic-version: 2023-06-01\n{noformat}"]
        ppl = []
    elif v == 8:
        body = ["google-services.json of the Android app (flavour prod):\n{code:json}\n\"client\": [{\"api_key\": [{\"current_key\": \"", tok("google"),
                "\"}], \"client_info\": {\"mobilesdk_app_id\": \"", look_auto(f"1:{digits(12)}:android:{rs(HEX, 16)}", "Firebase app id (project number)"), "\"}}]\n{code}"]
        ppl = []
    elif v == 9:
        body = ["Dockerfile of the booking-web image bakes the registry token into a layer:\n{code}\nARG NPM_TOKEN=", tok("npm"), "\nCOPY .npmrc.ci .npmrc\nRUN npm ci --omit=dev && rm .npmrc\n{code}"]
        ppl = []
    elif v == 10:
        body = ["Bag-photo storage connection string (WorldTracer attachments):\nDefaultEndpointsProtocol=https;AccountName=awbagphotos;AccountKey=", tok("azure"), ";EndpointSuffix=core.windows.net"]
        ppl = []
    elif v == 11:
        body = ["payouts.py (FareFinch affiliate payouts) uses a restricted key: STRIPE_KEY = \"", tok("stripe", "rk"), "\" and verifies webhooks with ", tok("stripe", "whsec"), ". ", P(st)]
    elif v == 12:
        body = ["IVR callback service: Twilio API key ", tok("twilio"), " / secret ", tok("twilio", "secret"), " in the ops sub-account ",
                look_auto("AC" + rs(HEX, 32), "Twilio account SID (identifier)"), ". ", P(st)]
    elif v == 13:
        body = ["Confluence export job:\n{noformat}\ncurl -u ", ("email", f"svc-confluence@{AIR}"), ":", tok("atlassian"),
                " https://aurelwind.atlassian.net/wiki/rest/api/space/OPS/content\n{noformat}"]
        ppl = []
    elif v == 14:
        body = ["{code:python}\nsg = SendGridAPIClient(\"", tok("sendgrid"), "\")  # TODO move to env\nsg.send(build_delay_mail(pnr, lang))\n{code}"]
        ppl = []
    elif v == 15:
        body = ["$ vault login -method=oidc\nSuccess! You are now authenticated.\nKey                  Value\n---                  -----\ntoken                ", tok("hashicorp"),
                "\ntoken_accessor       ", look_auto(rs(ALNUM, 24), "Vault token accessor (not a token)"), "\ntoken_duration       8h\n(pasted by ", P(st), ")"]
    else:
        body = ["~/.aws/credentials on the crew-sync host:\n{noformat}\n[default]\naws_access_key_id = ", tok("aws"), "\naws_secret_access_key = ", tok("aws", "secret"),
                "\nregion = eu-central-1\n{noformat}"]
        ppl = []
    emit(body, ppl, "config")


LEAK_VENDORS = Cycle(["gitlab", "huggingface", "openai", "pypi", "shopify", "github", "slack", "google"], shuffle=False)
LEAK_RULES = {"gitlab": ("gitlab-pat", "GITLAB_TOKEN"), "huggingface": ("huggingface-access-token", "HF_TOKEN"),
              "openai": ("openai-api-key", "OPENAI_API_KEY"), "pypi": ("pypi-upload-token", "TWINE_PASSWORD"),
              "shopify": ("shopify-access-token", "SHOPIFY_TOKEN"), "github": ("github-pat", "GH_TOKEN"),
              "slack": ("slack-bot-token", "SLACK_BOT_TOKEN"), "google": ("gcp-api-key", "MAPS_KEY")}


def gitleaks_report():
    st = staff([ST["tobias"], ST["kavitha"], ST["gustav"], ST["fenna"], ST["sneha"], ST["yerbol"]])
    out = [f"gitleaks on aurelwind/{pick(['kiosk-image', 'ndc-gateway', 'crew-sync', 'lounge-portal'])} (nightly):\n{{noformat}}\n"]
    for _ in range(3):
        v = LEAK_VENDORS()
        rule, var = LEAK_RULES[v]
        t = tok(v, "xoxb" if v == "slack" else ("ghp" if v == "github" else None))
        f = pick(["deploy/.env", "scripts/release.sh", "config/settings.py", "docker-compose.override.yml"])
        line_no = R.randint(3, 120)
        sha = rs(HEX, 40)
        out += ["Finding:     ", var, "=", t, "\nSecret:      ", t, f"\nRuleID:      {rule}\nEntropy:     {R.uniform(4.1, 5.6):.6f}\nFile:        {f}\n",
                f"Line:        {line_no}\nCommit:      ", look_auto(sha, "git commit SHA"), "\nAuthor:      ", P(st), "\nEmail:       ", PE(st),
                f"\nDate:        {iso_ts()}\nFingerprint: ", look_auto(f"{sha}:{f}:{rule}:{line_no}", "gitleaks fingerprint"), "\n\n"]
    out += [f"{R.randint(3, 9)}:{R.randint(10, 59)}PM INF scan completed in {R.randint(2, 40)}s\n{{noformat}}"]
    emit(out, [st], "ci")


def ci_log():
    v = R.randint(0, 2)
    if v == 0:
        body = [f"Run #{R.randint(1000, 9999)} ndc-gateway / publish\n", "2026-03-18T04:12:09.1137Z ##[group]Run npm publish\n",
                "2026-03-18T04:12:09.1139Z npm notice Publishing to https://registry.npmjs.org/ with tag latest\n",
                "2026-03-18T04:12:10.7731Z npm verb getCredentials using token ", tok("npm"), "  <- printed because NPM_TOKEN was set via env, not secrets\n",
                "2026-03-18T04:12:11.0022Z + @aurelwind/", look_auto(f"ndc-types@3.2.{R.randint(1, 30)}", "npm package@version (not an address)")]
    elif v == 1:
        body = ["$ ./deploy.sh prod\n+ export AWS_ACCESS_KEY_ID=", tok("aws"), "\n+ export AWS_SECRET_ACCESS_KEY=", tok("aws", "secret"),
                "\n+ aws s3 sync ./dist s3://aurelwind-web-prod --delete\nupload: dist/index.html to s3://aurelwind-web-prod/index.html\n",
                "Job succeeded (GitLab runner ", IP("priv"), ")"]
    else:
        body = ["pip install from the private index failed; command in the pipeline was\n{code}\npip install --index-url https://",
                ("url_credentials", f"deploy:{pw_url()}"), f"@pypi.{INTERNAL}/simple/ aw-dcs-client==4.1.0\n{{code}}\nand upload uses ", tok("pypi"), "."]
    emit(body, [], "ci")


def key_paste():
    v = R.randint(0, 3)
    st = staff([ST["tobias"], ST["kavitha"], ST["gustav"], ST["sneha"], ST["yerbol"]])
    if v == 0:
        body = [P(st), ": SFTP key for the SITA BSM/BPM feed (sftp-bag.", INTERNAL, "), needed on the new BRS box:\n{code}\n", pem("RSA"), "\n{code}"]
    elif v == 1:
        body = ["APNs auth key AuthKey_", look(rs(string.ascii_uppercase + string.digits, 10), "APNs key id"), ".p8 for the app push service:\n{noformat}\n", pem("P8EC"), "\n{noformat}\nTeam ", look(rs(string.ascii_uppercase + string.digits, 10), "Apple team id"), ", do not commit."]
    elif v == 2:
        body = ["Deploy key of the kiosk-image repo (read-write!) found in the wiki attachment:\n{code}\n", pem("OPENSSH"), "\n{code}\nRemoved and rotated by ", P(st), "."]
    else:
        sa = f"crew-roster-sync@aurelwind-ops-{digits(6)}.iam.gserviceaccount.com"
        body = ["{code:json}\n{\n  \"type\": \"service_account\",\n  \"project_id\": \"aurelwind-ops\",\n  \"private_key_id\": \"", look_auto(rs(HEX, 40), "private_key_id (key id)"),
                "\",\n  \"private_key\": \"", pem("PKCS8", escaped=True), "\\n\",\n  \"client_email\": \"", ("email", sa), "\",\n  \"client_id\": \"", digits(21), "\"\n}\n{code}"]
    emit(body, [st] if v != 3 else [], "key")


# --- Confluence and Jira markup ---------------------------------------------------------------


def confluence_oncall():
    a, b = staff(2)
    body = ["<h2>Station IT on-call — week ", str(R.randint(10, 20)), "</h2>\n<table><tbody>\n",
            "<tr><th>Role</th><th>Who</th><th>Phone</th></tr>\n",
            "<tr><td>Primary</td><td><ac:link><ri:user ri:account-id=\"", PA(a), "\" /></ac:link></td><td><a href=\"tel:",
            phone("LU", "e164", nsn=(n1 := nsn_for("LU"))), "\">", phone("LU", "intl", nsn=n1), "</a></td></tr>\n",
            "<tr><td>Secondary</td><td><ac:link><ri:user ri:account-id=\"", PA(b), "\" /></ac:link></td><td><a href=\"tel:",
            phone("DE", "e164", nsn=(n2 := nsn_for("DE"))), "\">", phone("DE", "nat", nsn=n2), "</a></td></tr>\n",
            "<tr><td>Escalation</td><td><a href=\"mailto:", ("email", f"station-it@{AIR}"), "\">station-it</a></td><td>",
            phone("LU", "intl", landline=True), "</td></tr>\n</tbody></table>"]
    emit(body, [a, b], "confluence")


def confluence_station_contacts():
    rows = []
    for apt, cc in R.sample([("TBS", "GE"), ("ALA", "KZ"), ("TAS", "UZ"), ("GYD", "AZ"), ("TIA", "AL"), ("SKP", "MK"),
                             ("MSQ", "BY"), ("SJJ", "BA"), ("VTE", "LA"), ("RGN", "MM"), ("MGQ", "SO"), ("ASM", "ER"),
                             ("KGL", "RW"), ("TNR", "MG"), ("CEB", "PH"), ("JOG", "ID"), ("KBL", "AF"), ("EBL", "IQ"),
                             ("PNQ", "IN"), ("FAE", "FO"), ("PRN", "XK")], R.randint(3, 5)):
        rows += ["<tr><td>", apt, "</td><td>", phone(cc, pick(["intl", "nat", "intl"]), landline=R.random() < 0.3),
                 "</td><td><a href=\"mailto:", ("email", f"ops.{apt.lower()}@{GROUND}"), "\">ops.", apt.lower(), "</a></td><td>",
                 pick(["H24", "05:00–23:00", "ops hours only"]), "</td></tr>\n"]
    emit(["<ac:structured-macro ac:name=\"info\"><ac:rich-text-body><p>Duty phones of the ground-handling stations. Call the station before e-mailing for AOG or rush bags.</p></ac:rich-text-body></ac:structured-macro>\n",
          "<table><tbody><tr><th>Station</th><th>Duty phone</th><th>Mailbox</th><th>Hours</th></tr>\n", rows, "</tbody></table>"], [], "confluence")


def confluence_vip():
    c = CUST_CYCLE()
    st = staff()
    body = ["<p>VIP handling for <strong>", name_of(c), "</strong> (", "<a href=\"mailto:", c.mail(), "\">", c.mail(), "</a>, mobile ",
            phone(c.country), f") on {flt()}: fast track, lounge access, meet &amp; assist at the gate. Owner ",
            "<ac:link><ri:user ri:account-id=\"", PA(st), "\" /></ac:link>.</p>"]
    emit(body, [st], "confluence")


def jira_table_stations():
    rows = []
    for apt, cc in R.sample([("TBS", "GE"), ("ALA", "KZ"), ("GYD", "AZ"), ("SKP", "MK"), ("MSQ", "BY"), ("SJJ", "BA"),
                             ("KGL", "RW"), ("CEB", "PH"), ("EBL", "IQ"), ("FAE", "FO"), ("KBL", "AF"), ("TIA", "AL")], 4):
        rows += [f"|{apt}|", phone(cc, pick(["intl", "00", "nat"])), "|[ops.", apt.lower(), "|mailto:", ("email", f"ops.{apt.lower()}@{GROUND}"),
                 "]|", IP("priv"), "|\n"]
    emit(["||Station||Duty phone||Mailbox||CUPPS gateway||\n", rows, "_Updated after the March schedule change._"], [], "jira")


def jira_mentions():
    a, b = staff(2)
    c = CUST_CYCLE()
    body = ["[~accountid:", PA(a), "] can you call the pax back? [", name_of(c), "|mailto:", c.mail(), "] left ",
            "[", (p1 := phone(c.country, "intl")), "|tel:", phone(c.country, "e164", nsn=p1.meta[1]), f"] as the callback number. Case {jira_key('CR')}, escalated by [~accountid:", PA(b), "]."]
    emit(body, [a, b], "jira")


# --- tables -------------------------------------------------------------------------------------


def csv_refunds():
    rows = ["refund_id,booking,passenger,email,iban,amount_eur,status\n"]
    for _ in range(R.randint(3, 5)):
        c = CUST_CYCLE()
        cc = IBAN_CYCLE()
        rows += [f"RF-{digits(7)},", pnr(), ",", name_of(c), ",", c.mail(), ",", iban(cc, spaced=False), f",{amount(40, 700)},{pick(['PAID', 'PENDING', 'RETURNED'])}\n"]
    emit(["refunds_2026-03-", str(R.randint(10, 28)), ".csv (from the SAP export):\n{noformat}\n", rows, "{noformat}"], [], "csv")


def csv_sms_log():
    rows = ["sent_at;msisdn;template;flight;status\n"]
    for _ in range(R.randint(4, 6)):
        c = CUST_CYCLE()
        rows += [f"{log_ts()};", phone(c.country, "bare"), f";{pick(['DELAY_V2', 'GATE_CHANGE', 'BAG_DELIVERED', 'CHECKIN_OPEN'])};{flt()};{pick(['DELIVRD', 'UNDELIV', 'ACCEPTD'])}\n"]
    emit(["SMS gateway delivery report (the UNDELIV ones need a retry):\n{noformat}\n", rows, "{noformat}"], [], "csv")


def csv_lounge():
    rows = ["visit_ts,lounge,member_no,guest_name,guest_email,device_mac\n"]
    for _ in range(R.randint(3, 5)):
        c = CUST_CYCLE()
        rows += [f"{log_ts()},{pick(['LUX-Aurel', 'TBS-Aurel', 'ALA-Partner'])},", ffn("plain"), ",", name_of(c), ",", c.mail(), ",", mac("colon"), "\n"]
    emit(["Lounge tablet sync export (CSV):\n{noformat}\n", rows, "{noformat}"], [], "csv")


def csv_bags():
    rows = ["file_ref,tag,pax_surname,contact_email,contact_phone,status\n"]
    for _ in range(R.randint(3, 5)):
        c = CUST_CYCLE()
        rows += [wtref(pick(["LUX", "FRA", "TBS", "ALA"])), ",", bagtag("plain"), ",", c.up_fam(), ",", c.mail(), ",",
                 phone(c.country, pick(["e164", "intl"])), f",{pick(['OPEN', 'FORWARDED', 'DELIVERED', 'CLOSED'])}\n"]
    emit(["Delayed bags not delivered after 72 h:\n{noformat}\n", rows, "{noformat}"], [], "csv")


def md_fraud():
    st = staff([ST["kavitha"], ST["sneha"], ST["oliver"], ST["lucia"]])
    rows = []
    n = R.randint(3, 4)
    for _ in range(n):
        c = CUST_CYCLE()
        rows += ["| ", ffn("prefixed"), " | ", c.mail(), " | ", IP(pick(["pub", "pub", "v6"])), f" | {R.randint(20, 250)} 000 | ", look(rs(HEX, 16), "device fingerprint"), " |\n"]
    brand = pick(["visa", "mastercard", "amex"])
    emit([f"## {jira_key('FRAUD')} — award redemptions from hijacked accounts\n\n| Member | E-mail | Login IP | Miles | Device |\n|---|---|---|---|---|\n", rows,
          f"\nAll {['three', 'four'][n - 3]} redemptions were paid partly with the same card, ", card(brand), ", and went to third-party travellers. Case owner ", P(st), "."], [st], "fraud")


def md_refund_queue():
    rows = []
    for _ in range(R.randint(3, 4)):
        c = CUST_CYCLE()
        rows += ["| ", pnr(), " | ", name_of(c), " | ", c.mail(), " | ", phone(c.country), f" | {pick(['EU261', 'goodwill', 'downgrade'])} |\n"]
    emit(["Refund queue — calls to make today\n\n| Booking | Passenger | E-mail | Phone | Reason |\n|---|---|---|---|---|\n", rows], [], "markdown")


# --- chats and SMS ------------------------------------------------------------------------------


def chat_en():
    c = CUST_CYCLE()
    st = staff()
    t = clock(6)
    brand = brand_for(c)
    h = fold(c.latin[0]).capitalize()
    body = [f"[{t[0]}] ", ("person", h), ": hi, the payment page keeps failing for booking ", pnr(), "\n",
            f"[{t[1]}] ", P(st), ": sorry about that! Could you confirm the e-mail on the booking?\n",
            f"[{t[2]}] ", ("person", h), ": ", c.mail(), "\n",
            f"[{t[3]}] ", ("person", h), ": card is ", card(brand), f" exp {exp()} if that helps\n",
            f"[{t[4]}] ", P(st), ": please never send card details in chat — I've hidden the message. I'll send a secure pay link to ",
            phone(c.country, "intl"), " instead.\n", f"[{t[5]}] ", ("person", h), ": ok thanks"]
    emit(body, [st], "chat")


def sms_log_json():
    c = CUST_CYCLE()
    body = ['{"to":"', phone(c.country, "e164"), '","from":"Aurelwind","body":"Your bag ', bagtag("air"),
            ' is on its way and will be delivered today between 14:00 and 18:00. Questions: ', phone("LU", "intl", landline=True),
            '","status":"delivered","sid":"', look_auto("SM" + rs(HEX, 32), "Twilio message SID"), '"}']
    emit(["Twilio callback for the baggage-delivery SMS:\n{code:json}\n", body, "\n{code}"], [], "sms")


# --- negative lines: the domain's look-alikes, nothing to redact ----------------------------


def neg_mvt():
    f = flt()
    off = R.randint(0, 1300)
    ab, ea = off + R.randint(8, 25), off + R.randint(150, 330)
    hm = lambda m: f"{m // 60 % 24:02d}{m % 60:02d}"
    return ["MVT\n", f, "/", f"{R.randint(1, 28):02d}.", reg().replace("-", ""), ".", pick(STATIONS[1:]), "\n",
            f"AD{hm(off)}/{hm(ab)} EA{hm(ea)} LUX\nDL{pick(['93', '81', '15', '41'])}/00{R.randint(10, 59)}\nPX{R.randint(60, 186)}\nSI NIL"]


def neg_ldm():
    f = flt()
    return ["LDM\n", f, f"/{R.randint(1, 28):02d}.", reg().replace("-", ""), f".Y{R.randint(150, 189)}.2/4\n",
            f"-LUX.{R.randint(60, 180)}/0/0.T{R.randint(900, 2400)}.1/{R.randint(300, 1200)}.2/{R.randint(100, 900)}.PAX/0/{R.randint(60, 180)}.PAD/0/0\n",
            f"SI {pick(STATIONS)} FRE 0 POS 0 BAG {R.randint(40, 160)} TRA 0"]


def neg_ssm():
    return ["SSM\nUTC\n", f"{R.randint(10, 28)}MAR{R.randint(10, 99)}E{digits(3)}/REF {digits(5)}\nNEW\n", flt(),
            "\n01APR26 24OCT26 ", look_auto(pick(['1234567', '1.3.5.7', '.2.4.6.', '1.3.5.7']), "SSIM days of operation"), "\nJ 73H C12Y162\n",
            f"LUX{hhmm()} {pick(STATIONS)}{hhmm()}\nSI CONNECTS WITH {flt()} AT LUX"]


def neg_cpm():
    return ["CPM\n", flt(), f"/{R.randint(1, 28):02d}.", reg().replace("-", ""), f".LUX\n",
            f"-11L/AKE{digits(5)}Q7/{pick(STATIONS)}/{R.randint(200, 700)}/BY\n-12L/AKE{digits(5)}Q7/{pick(STATIONS)}/{R.randint(200, 700)}/BT\n",
            f"-41P/PMC{digits(5)}Q7/LUX/{R.randint(800, 2400)}/C\nSI NO DGR"]


def neg_tickets():
    out = [f"Void list {pick(STATIONS)}Q7{R.randint(10, 99)}AA, sales day {gds_date()}:\n"]
    for _ in range(R.randint(3, 5)):
        out += ["  ", eticket("dash", luhn=R.random() < 0.4), f"  {pick(['ETKT', 'EMD-A', 'ETKT'])}  EUR {amount(80, 900)}  VOIDED {hhmm()}\n"]
    out += ["EMD for the extra bag: ", emd(luhn=True), " (coupon 1)."]
    return out


def neg_bags():
    out = [f"Rush bags for {flt()} ({pick(STATIONS)}-LUX), none reconciled:\n"]
    for _ in range(R.randint(3, 6)):
        out += ["- ", bagtag(), f" · {pick(['BK22', 'BU25', 'RD02', 'GY22'])} · ULD AKE{digits(5)}Q7 · {R.randint(8, 32)} kg\n"]
    out += [f"Expected on {flt()} tomorrow, ETA {hh_mm()}."]
    return out


def neg_bsm():
    tag = "0" + AIRLINE_NUM + digits(6)
    n13 = tag + f"00{R.randint(1, 3)}"
    return ["Sorter test message (no pax data), sent from the BRS test harness:\n",
            "BSM\n.V/1LLUX\n.F/", flt(), f"/{gds_date()}/{pick(STATIONS)}/Y\n.N/",
            look_auto(n13, "BSM bag tag + count (13 digits)" + (", Luhn-valid by chance" if luhn_ok(n13) else "")),
            f"\n.W/K/1/{R.randint(9, 32)}\nENDBSM"]


def neg_roster():
    out = ["Pairing | Report | Sectors | Release | Crew complement\n"]
    for _ in range(R.randint(3, 5)):
        out += [f"P{R.randint(1000, 9999)} | {hh_mm()}L | {flt()} LUX-{(o := pick(STATIONS[1:]))} / {flt()} {o}-LUX | {hh_mm()}L | 2/4\n"]
    out += ["Standby SBY-A covers any pairing reporting before 08:00L; rest at least 12 h after a night-stop."]
    return out


def neg_weather():
    apt = pick(["UGTB", "UAAA", "UTTT", "UBBB", "LATI", "LWSK", "UMMS", "LQSA", "VLVT", "VYYY", "HRYR", "FMMI", "RPVM", "ELLX", "EKVG"])
    return [f"METAR {apt} {R.randint(10, 28)}{hhmm()}Z {R.randint(0, 35):02d}0{R.randint(3, 18):02d}KT 9999 FEW0{R.randint(20, 45)} "
            f"{R.randint(1, 20):02d}/M0{R.randint(1, 5)} Q10{R.randint(10, 30)} NOSIG=\n"
            f"TAF {apt} {(dd := R.randint(10, 27))}0500Z {dd}06/{dd + 1}12 VRB03KT CAVOK=\n"
            f"A{R.randint(1000, 2999)}/26 NOTAMN Q) {apt[:2]}XX/QMRLC/IV/NBO/A/000/999/{R.randint(40, 55)}{R.randint(10, 59)}N0{R.randint(10, 60)}{R.randint(10, 59)}E005 "
            f"RWY {(rw := R.randint(1, 18)):02d}/{rw + 18:02d} CLSD FOR WIP"]


def neg_kiosk():
    build = look(f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)}.{R.randint(100, 999)}", "kiosk firmware build (four parts, shaped like IPv4)", "ipv4")
    ck = Clock()
    return [f"{ck.log()} INFO  [cupps-agent] firmware ", build, " healthy, listening on 127.0.0.1:8443 and 0.0.0.0:9100\n",
            f"{ck.log()} INFO  [cupps-agent] bagtag printer BTP-{R.randint(1, 9)} ok, {R.randint(100, 900)} tags left\n",
            f"{ck.log()} WARN  [cupps-agent] BCBP scan rejected: M1 format, seq ", f"{R.randint(1, 300):04d}", f", seat {seat()}"]


def neg_masked():
    v = R.randint(0, 3)
    if v == 0:
        return [f"Refund {jira_key('RF')} paid back to the original form of payment (", masked_card("bullets"),
                f"), EUR {amount()} — the customer sees it in 5–10 working days."]
    if v == 1:
        return ["FP element after the PCI masking job: FP CCVI", look("XXXXXXXXXXXX" + digits(4), "masked card in a PNR", "mask"),
                f"/{exp().replace('/', '')}. Nothing to fix."]
    if v == 2:
        return ["Bank details on file: ", masked_iban(pick(["GE", "KZ", "AZ", "LU", "BA", "MK", "AL"])), " (verified). Do not ask the customer again."]
    return ["Chargeback card ", masked_card("first6"), ", ARN ", look(pick(["2", "7"]) + digits(22), "ARN"), ", reason 13.1 — won on representment."]


def neg_placeholders():
    v = R.randint(0, 4)
    svc = pick(["booking-api", "refund-worker", "notify-svc", "loyalty-svc", "ndc-gateway", "lounge-portal", "crew-sync"])
    if v == 0:
        return ["{code:yaml}\n# ", svc, "/values.yaml\nstripe:\n  secretKey: ${STRIPE_SECRET_KEY}\n  webhookSecret: ${STRIPE_WEBHOOK_SECRET}\n",
                f"database:\n  host: {svc}-db.{INTERNAL}\n  password: {{{{ .Values.db.password }}}}\n{{code}}"]
    if v == 1:
        tpl = pick(["SMS_DELAY_V2", "SMS_GATE_CHANGE", "SMS_BAG_READY", "SMS_CHECKIN_OPEN"])
        return [f"Template {tpl} ({pick(['EN', 'KA', 'KK', 'AZ', 'SQ'])}): \"Dear {{{{pax.firstName}}}}, flight %FLIGHT% ",
                pick(["is delayed to %NEW_TIME%", "now boards at gate %GATE%", "bag %TAG% is ready at the desk", "is open for check-in"]),
                ". Booking %PNR%. Aurelwind\""]
    if v == 2:
        return [f"Run {R.randint(1000, 9999)} of {svc} / deploy\n  env:\n    SENDGRID_API_KEY: ", look("***", "Actions secret mask", "mask"),
                "\n    TWILIO_AUTH_TOKEN: ", look("***", "Actions secret mask", "mask"), "\n  ##[warning]secret masked in log output"]
    if v == 3:
        return [f"Terraform plan ({svc}, workspace {pick(['prod', 'staging', 'dr'])}): ~ aws_db_instance.{svc.replace('-', '_')}\n      ~ password = (sensitive value)\n",
                f"      + master_user_secret = <sensitive>\n      ~ engine_version = \"15.{R.randint(2, 8)}\"\nPlan: 0 to add, {R.randint(1, 4)} to change, 0 to destroy."]
    return [f"README for {svc} (rev {R.randint(2, 40)}): put the lounge PSK in the vault entry, never in tickets. Example: WIFI_PSK=<your-psk-here>, ",
            "RADIUS_SECRET=<radius-secret>, DB_URL=", look(f"postgres://${{PGUSER}}:${{PGPASSWORD}}@{svc}-db.{INTERNAL}/app", "URL built from variables (placeholder)", "urlcred"), "."]


def neg_policy():
    return [pick([
        "Reminder: the Wi-Fi password for lounge tablets is rotated on the 1st of each month and only shared via the station vault.",
        "Passwords, card numbers and passport scans must never be pasted into Jira. Use the secure upload link instead.",
        "The customer-care mailbox and the baggage mailbox are both monitored 24/7 during the summer schedule.",
        "Crew phone numbers live in the rostering system; ask crew control instead of posting them here.",
        "If a passenger reads out a card number on the phone, pause the recording first (PCI procedure CC-07).",
    ]), " ", look(jira_key("KB"), "knowledge-base article key")]


def neg_loyalty_card():
    return ["Aurelwind Miles plastic card batch ", look(f"B{digits(6)}", "batch number"), " printed. Sample numbers for QA: ",
            loyalty_card(True), " and ", loyalty_card(True), " (check digit valid), ", loyalty_card(False), " (invalid on purpose)."]


def neg_apis_stats():
    out = [f"APIS rejections {pick(STATIONS)}-LUX last 7 days: {R.randint(3, 19)}. Causes:\n"]
    for _ in range(R.randint(2, 4)):
        cc = pick(list(PASSPORT_SHAPES))
        out += ["- passport ", passport(cc), f" ({NATIONALITY.get(cc, cc)}) expired before return date\n"]
    out += ["- visa foil ", visa_no(), " not found in the Schengen VIS sandbox (test data)."]
    return out


def neg_ssim():
    out = []
    for _ in range(R.randint(2, 4)):
        out += [f"3 Q7 {R.randint(100, 1999):>4}0101J01APR2624OCT26 1234567 LUX{hhmm()}{hhmm()}+0100  {pick(STATIONS)}{hhmm()}{hhmm()}+0400  73H\n"]
    out += ["(SSIM extract, summer season)"]
    return out


def neg_cert():
    body = "MIID" + rs(B64, 400)
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return ["Public certificate of the SITA gateway, for the trust store (not secret):\n{noformat}\n",
            look_auto("-----BEGIN CERTIFICATE-----\n" + "\n".join(lines) + "\n-----END CERTIFICATE-----", "X.509 certificate"),
            "\n{noformat}\nSHA-256 fingerprint ", look(":".join(rs("0123456789ABCDEF", 2) for _ in range(32)), "certificate fingerprint"), "."]


def neg_sshpub():
    return ["Add this key to the kiosk-builder authorized_keys: ",
            look_auto("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64, 43) + " ci@kiosk-builder", "SSH public key"),
            " (public half only; the private key stays in the CI vault)."]


def neg_ids():
    return [f"Incident {jira_key('INC')}: trace ", uuid_look("trace id"), ", span ", hex_look(16, "span id"), ", commit ",
            hex_look(40, "git SHA"), ", image sha256:", hex_look(64, "image digest"), f", flight {flt()}, gate {gate()}."]


def neg_frequencies():
    return [f"{pick(STATIONS)} ramp: ground {R.randint(118, 136)}.{pick(['375', '505', '805', '125'])}, apron {R.randint(118, 136)}.{pick(['705', '150', '955'])}, "
            f"squawk 7{R.randint(100, 677)}, stand {R.randint(1, 60)}, pushback {hh_mm()}, TOBT {hh_mm()}, block fuel {R.randint(6, 18)} 400 kg."]


def neg_agency():
    return ["BSP settlement for agent IATA ", look(f"{digits(2)}-{digits(1)} {digits(4)} {digits(1)}", "IATA agency code"), f": {R.randint(20, 400)} tickets, net EUR {R.randint(10, 400)} {digits(3)},{digits(2)}; ",
            "ADM ", look(f"ADM{digits(9)}", "agency debit memo"), " for ticket ", eticket("plain"), "."]


def neg_hotel_ops():
    hname, code, cc = pick(HOTELS)
    return [f"Meridel {hname}: crew block {R.randint(4, 20)} rooms for {(d0 := R.randint(1, 24))}–{d0 + R.randint(1, 4)} Apr, rate code CRW", digits(2),
            f", confirmation ", look(f"MRD-{code}-{digits(6)}", "hotel confirmation number"), ", folio ", look(f"F{digits(8)}", "folio number"),
            ". Reception has the rooming list."]


def neg_phone_like():
    return [f"Seat map change {flt()}: rows {R.randint(1, 5)}–{R.randint(6, 12)} blocked; bag tags ", bagtag("space"), " and ", bagtag("space"),
            " re-printed at counter ", str(R.randint(1, 40)), f"; gate {gate()}, boarding {(b0 := hh_mm())}–{later(b0, 25, 35)}."]


def neg_lang_ops():
    return [pick([
        "Tbilisi station: ground power unit 3 repaired, no impact on turnaround.",
        "Almaty de-icing pad B open from 05:00 local, holdover times per the winter table.",
        "Skopje: fuel truck late by 20 min, recorded as delay code 81.",
        "Kigali: aircraft on stand 4, catering loaded, cabin cleaning done.",
    ]), " Flight ", flt(), ", registration ", reg(), ", booking ", pnr(), "."]


NEGATIVES = [neg_mvt, neg_ldm, neg_ssm, neg_cpm, neg_tickets, neg_bags, neg_bsm, neg_roster, neg_weather,
             neg_kiosk, neg_masked, neg_placeholders, neg_policy, neg_loyalty_card, neg_apis_stats, neg_ssim,
             neg_cert, neg_sshpub, neg_ids, neg_frequencies, neg_agency, neg_hotel_ops, neg_phone_like, neg_lang_ops]


def negatives(n):
    gens = Cycle(NEGATIVES, shuffle=False)
    for _ in range(n):
        g = gens()
        people = R.sample(ENG_STAFF, R.randint(0, 2))
        emit(g(), people, "neg-" + g.__name__[4:])


# --- the set ------------------------------------------------------------------------------------

PLAN = [
    (hotel_email, 12), (pnr_display, 12), (bsm_comment, 5), (ahl_report, 9), (ff_ticket, 10),
    (chargeback_note, 6), (refund_note, 9), (supplier_iban_change, 4), (crew_note, 7), (paxlst, 5),
    (apis_json, 4), (ssn_lines, 5), (wifi_ticket, 10), (kiosk_log, 5), (dcs_gateway_log, 4), (brs_log, 4),
    (stripe_webhook, 4), (adyen_notification, 4), (gateway_leak, 4), (ota_air_book, 4), (ndc_order_create, 4),
    (hotel_res_notif, 4), (ndc_json, 3), (sentry_event, 4), (logcat, 3), (token_response, 3), (env_file, 6), (k8s_secret, 4),
    (helm_values, 3), (tfvars, 3), (dev_credentials, 6), (more_tokens, 17), (ci_log, 4), (gitleaks_report, 3), (key_paste, 6),
    (confluence_oncall, 3), (confluence_station_contacts, 3), (confluence_vip, 3), (jira_table_stations, 3),
    (jira_mentions, 4), (csv_refunds, 3), (csv_sms_log, 3), (csv_lounge, 2), (csv_bags, 3), (md_fraud, 3),
    (md_refund_queue, 2), (chat_en, 6), (sms_log_json, 3),
]


def build():
    for L in LANGS:
        lang_lines(L)
    for gen, n in PLAN:
        for _ in range(n):
            gen()
    negatives(135)


# --- validation ---------------------------------------------------------------------------

VENDOR_RX = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{170}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"dop_v1_[a-f0-9]{64}",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9_-]{90}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{150}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca|ss)_[a-f0-9]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[a-f0-9]{32}"
             r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_51[A-Za-z0-9]{97}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[a-f0-9]{32}|[a-f0-9]{32}|[A-Za-z0-9]{32}",
}

# shapes the scan looks for in unlabelled text (name -> regex); extra checks in scan()
SCAN_RX = {
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+",
    "ipv4": r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]|\.\d)",
    "mac": r"(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])"
           r"|(?<![0-9A-Fa-f.])[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}(?![0-9A-Fa-f.])",
    "phone": r"(?<![\w+])\+\d[\d \-().]{6,}\d|(?<![\d+])00[1-9]\d{0,3}(?:[ \-]?\d{2,4}){2,5}(?!\d)"
             r"|(?<![\w+])\(?0\d{1,4}\)?[ \-/.]\d{2,4}[ \-.]\d{2,4}(?:[ \-.]\d{2,4})?(?![\d])"
             r"|(?<!\d)\(\d{3}\) ?\d{3}-\d{4}(?!\d)|(?<![\d.-])\d{3}[-.]\d{3}[-.]\d{4}(?![\d.-])",
    "ssn": r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])",
    "jwt": r"eyJ[A-Za-z0-9_-]{5,}\.eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*",
    "pem": r"-----BEGIN [A-Z ]+-----",
    "urlcred": r"[a-z][a-z0-9+.-]*://[^\s/@:\x00]*:[^\s/@\x00]+@",
    "bearer": r"(?i:bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}",
    "vendor": "|".join(f"(?:{rx})" for v, rx in VENDOR_RX.items() if v not in ("aws", "azure", "twilio"))
              + r"|(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])|(?<![A-Za-z0-9])SK[a-f0-9]{32}(?![a-f0-9])"
              + r"|AccountKey=[A-Za-z0-9+/]{20}",
    "mask": r"\*{3,}|•{2,}|(?<![A-Za-z])X{6,}|(?<![A-Za-z])x{6,}",
}
SCAN_C = {k: re.compile(v) for k, v in SCAN_RX.items()}

PLACEHOLDER_RX = re.compile(
    r"\$\{[A-Za-z_][A-Za-z0-9_]*\}|\{\{\s*(?:secrets|vars|env|\.Values|issue|pax|booking|guest)\b|%\(\w+\)s"
    r"|<(?:your|insert|enter)[-_ ][^>]*>|<(?:password|token|api[-_]?key|secret)>|REPLACE_?ME|changeme"
    r"|\(sensitive value\)|<sensitive>|%[A-Z_]{3,}%", re.I)

PW_WORDS = ["password", "passwd", "pwd", "passphrase", "psk", "secret", "wpa_passphrase", "pass",
            "პაროლი", "құпиясөз", "құпиясөзі", "parol", "paroli", "şifrə", "şifrəsi", "fjalëkalimi", "лозинка",
            "пароль", "lozinka", "ລະຫັດຜ່ານ", "စကားဝှက်", "erayga sirta", "መሕለፊ ቃል", "ijambo ry'ibanga",
            "teny miafina", "tembung sandhi", "پټنوم", "وشەی نهێنی", "पासवर्ड", "ପାସୱାର୍ଡ", "পাছৱৰ্ড",
            "passwuert", "wi-fi-passwuert", "loyniorð", "kennwort", "mot de passe", "token", "api_key", "apikey"]
PW_RX = re.compile(r"(?i)(?:" + "|".join(re.escape(w) for w in sorted(PW_WORDS, key=len, reverse=True))
                   + r")[\"']?\s*(?:[:=：]|\bis\b|\bkay\b)\s*[\"'“]?([^\s\x00\"'”,;<>)(]{6,})")

WEAK = {"changeme", "password", "password123", "passw0rd", "admin", "12345678", "qwerty", "letmein",
        "welcome1", "secret", "default"}

LATIN_SCRIPTS = ("LATIN", "CYRILLIC")


def script_of(s):
    for ch in s:
        if ch.isalpha():
            return unicodedata.name(ch, "X").split()[0]
    return "X"


def entropy(s):
    c = Counter(s)
    return -sum(n / len(s) * math.log2(n / len(s)) for n in c.values())


class Invalid(Exception):
    pass


def fail(line, msg):
    raise Invalid(f"{msg}\n--- line ({line.cat}/{line.lang}):\n{line.text[:3000]}")


def phone_ok(lab):
    iso, nsn, form = lab.meta
    spec = PHONES[iso]
    v = lab.value
    if set(v) - set("+0123456789 -()./"):
        return "bad characters"
    ok_kind = any(len(nsn) == n and any(nsn.startswith(p) for p in pre) for pre, n in spec.kinds)
    if not ok_kind:
        return f"NSN {nsn} not of {iso}'s shapes"
    d = re.sub(r"\D", "", v)
    want = {"intl": spec.cc + nsn, "e164": spec.cc + nsn, "00": "00" + spec.cc + nsn,
            "bare": spec.cc + nsn, "nat": spec.trunk + nsn, "nsn": nsn}[form]
    if d != want:
        return f"digits {d} != {want}"
    if form in ("intl", "e164") and not v.startswith("+"):
        return "no +"
    if form == "e164" and not re.fullmatch(r"\+\d{7,15}", v):
        return "not E.164"
    return None


def spells(local, latin_parts):
    lf = fold(local)
    return all(fold(p) and fold(p) in lf for p in latin_parts)


def cust_tokens_ok(cust, text):
    toks = [t for t in re.split(r"[\s/,]+", text) if t]
    allowed_exact = {p.casefold() for p in cust.parts + cust.latin + (cust.display,)}
    allowed_fold = {fold(p) for p in cust.latin if fold(p)}
    for t in toks:
        if t.casefold() in allowed_exact:
            continue
        if fold(t) and fold(t) in allowed_fold and (t.isascii()):
            continue
        return False
    return bool(toks)


def check_value(line, kind, value, lab, start, end):
    text = line.text
    if "\n" in value and kind != "private_key":
        fail(line, f"{kind} value holds a line break: {value!r}")
    if value != value.strip():
        fail(line, f"{kind} value has outer spaces: {value!r}")
    if kind == "credit_card":
        d = re.sub(r"[ -]", "", value)
        if not d.isdigit() or not luhn_ok(d) or d in TEST_CARDS:
            fail(line, f"bad card {value}")
        brand = lab.meta[0] if lab.meta else None
        test, lengths = CARD_BRANDS[brand]
        if not test(d) or len(d) not in lengths:
            fail(line, f"card {value} not a {brand}")
        if re.search(r"[ -]{2}", value) or (" " in value and "-" in value):
            fail(line, f"card grouping {value}")
    elif kind == "iban":
        c = value.replace(" ", "")
        if IBAN_LEN.get(c[:2]) != len(c) or not iban_valid(c):
            fail(line, f"bad IBAN {value}")
        if " " in value and any(len(g) != 4 for g in value.split(" ")[:-1]):
            fail(line, f"IBAN grouping {value}")
    elif kind == "ip_address":
        try:
            a = ipaddress.ip_address(value)
        except ValueError:
            fail(line, f"bad IP {value}")
        doc = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
        if a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or any(a in n for n in doc):
            fail(line, f"special IP {value}")
    elif kind.startswith("api_key/"):
        v = kind.split("/")[1]
        if not re.fullmatch(VENDOR_RX[v], value):
            fail(line, f"{kind} shape: {value}")
        if v in ("github", "npm") and re.fullmatch(r"(?:gh[pousr]|npm)_[A-Za-z0-9]{36}", value):
            body = value.split("_", 1)[1]
            if crc_b62(body[:30]) != body[30:]:
                fail(line, f"{kind} checksum: {value}")
    elif kind == "jwt":
        parts = value.split(".")
        if len(parts) != 3:
            fail(line, f"jwt parts {value}")
        try:
            h = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
            json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        except Exception:
            fail(line, f"jwt decode {value}")
        if "alg" not in h:
            fail(line, "jwt header without alg")
    elif kind == "private_key":
        nl = r"(?:\n|\\n)"
        if not re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH )?PRIVATE KEY)-----" + nl
                            + r"(?:[A-Za-z0-9+/=]+" + nl + r")+-----END \1-----", value):
            fail(line, f"PEM armour {value[:80]}")
    elif kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if (not m or m.group(1) in ("000", "666") or int(m.group(1)) >= 900 or m.group(2) == "00"
                or m.group(3) == "0000" or value in ("123-45-6789", "078-05-1120", "219-09-9999")):
            fail(line, f"bad SSN {value}")
    elif kind == "phone":
        if not lab.meta:
            fail(line, f"phone without country: {value}")
        err = phone_ok(lab)
        if err:
            fail(line, f"phone {value}: {err}")
    elif kind == "mac_address":
        if not re.fullmatch(SCAN_RX["mac"], value):
            fail(line, f"bad MAC {value}")
    elif kind == "password":
        if (len(value) < 8 or re.search(r"\s", value) or value.lower() in WEAK
                or PLACEHOLDER_RX.search(value) or re.fullmatch(r"[*x•]+", value, re.I)):
            fail(line, f"bad password {value!r}")
    elif kind == "url_credentials":
        if text[start - 3:start] != "://" or text[end:end + 1] != "@" or ":" not in value:
            fail(line, f"url_credentials not between :// and @: {value}")
    elif kind == "email":
        if not re.fullmatch(SCAN_RX["email"], value) or not domain_ok(value.split("@")[1]):
            fail(line, f"bad email {value}")
    elif kind == "person":
        pass
    else:
        fail(line, f"unknown kind {kind}")


def scan_hits(masked, positive=False, line=None):
    """Shapes a detector could take for something to redact, in text left unlabelled."""
    hits = []
    for shape, rx in SCAN_C.items():
        for m in rx.finditer(masked):
            a, b = m.span()
            if shape == "ipv4":
                if not all(0 <= int(x) <= 255 for x in m.group().split(".")):
                    continue
                if m.group() in ("127.0.0.1", "0.0.0.0"):
                    continue
            if shape == "phone" and len(re.sub(r"\D", "", m.group())) < 9:
                continue
            if shape == "mask" and positive:
                fail(line, f"mask on a positive line: {m.group()!r}")
            hits.append((shape, a, b, m.group()))
    # IPv6
    for m in re.finditer(r"(?<![\w:])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?![\w:])", masked):
        try:
            a6 = ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        if not a6.is_loopback and not a6.is_unspecified:
            hits.append(("ipv6", m.start(), m.end(), m.group()))
    # Luhn runs
    for m in re.finditer(r"\d+(?:[ -]\d+)*", masked):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            n = 0
            for j in range(i, len(groups)):
                n += groups[j][1] - groups[j][0]
                if n > 19:
                    break
                if n >= 13:
                    d = re.sub(r"\D", "", masked[groups[i][0]:groups[j][1]])
                    if luhn_ok(d):
                        hits.append(("luhn", groups[i][0], groups[j][1], d))
    # IBANs
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})\d{2}(?: ?[A-Z0-9]){10,30}", masked):
        cc = m.group(1)
        if cc not in IBAN_LEN:
            continue
        compact, idx = "", []
        for k, ch in enumerate(m.group()):
            if ch != " ":
                compact += ch
                idx.append(k)
        L = IBAN_LEN[cc]
        if len(compact) >= L and iban_valid(compact[:L]):
            hits.append(("iban", m.start(), m.start() + idx[L - 1] + 1, compact[:L]))
    # SSN with separators only checked by regex; password keywords
    for m in PW_RX.finditer(masked):
        val = m.group(1)
        if PLACEHOLDER_RX.search(val) or re.fullmatch(r"[*x•.]+", val, re.I):
            continue
        hits.append(("pwkey", m.start(1), m.end(1), val))
    # high-entropy tokens
    for m in re.finditer(r"[A-Za-z0-9+_-]{20,}={0,2}", masked):
        t = m.group()
        mixed = all(re.search(rx, t) for rx in (r"[a-z]", r"[A-Z]", r"\d"))
        hexy = re.fullmatch(r"[0-9a-fA-F-]{24,}", t) and len(re.findall(r"\d", t)) >= 4
        if (mixed or hexy) and entropy(t) >= 3.5:
            hits.append(("entropy", m.start(), m.end(), t))
    return hits


def validate(line):
    text = line.text
    if not line.spans:
        pass
    # offsets
    prev_end = -1
    for kind, s, e, lab in sorted(line.spans, key=lambda x: x[1]):
        if kind not in KINDS_SET:
            fail(line, f"kind {kind}")
        if s < prev_end:
            fail(line, f"overlap at {s}")
        if text[s:e] != lab.value or s >= e:
            fail(line, "span text")
        prev_end = e
        check_value(line, kind, lab.value, lab, s, e)
    # people
    staff_values = {}
    for st in line.people:
        for v in (st.display, st.email, st.account_id):
            staff_values[v] = st
    emails = {lab.value.lower() for k, s, e, lab in line.spans if k == "email"}
    for kind, s, e, lab in line.spans:
        if kind == "email":
            local, dom = lab.value.split("@")
            if any(lab.value.lower() == st.email.lower() for st in ALL_STAFF):
                fail(line, f"staff address labelled email: {lab.value}")
        if kind != "person":
            continue
        if lab.value in staff_values:
            continue
        cands = [c for c in ALL_CUSTS if c.email_value.lower() in emails and cust_tokens_ok(c, lab.value)]
        if not cands:
            fail(line, f"person {lab.value!r} neither in people nor beside a labelled address spelling them")
    for st in line.people:
        if not spells(st.email.split("@")[0], st.latin):
            fail(line, f"staff address does not spell {st.display}")
    # texts that must never be unlabelled
    masked = list(text)
    for kind, s, e, lab in line.spans:
        for i in range(s, e):
            masked[i] = "\x00"
    masked = "".join(masked)

    def allowed(shape, a, b):
        for ls, le, lk in line.looks:
            if ls <= a and b <= le and shape in lk.shapes:
                return True
        return False

    hits = scan_hits(masked, positive=bool(line.spans), line=line)
    # placeholders on positive lines
    if line.spans:
        m = PLACEHOLDER_RX.search(masked)
        if m:
            fail(line, f"placeholder on a positive line: {m.group()!r}")
    # roster name parts, in every script
    for who in NAME_PARTS:
        for part, rx in who:
            for m in rx.finditer(masked):
                hits.append(("name", m.start(), m.end(), part))
    for shape, a, b, val in hits:
        if not allowed(shape, a, b):
            ctx = masked[max(0, a - 60):b + 60].replace("\x00", "▮")
            fail(line, f"unlabelled {shape} {val!r} not declared as a look-alike; context: {ctx!r}")
    # every Look is unlabelled text (no span inside)
    for ls, le, lk in line.looks:
        for kind, s, e, lab in line.spans:
            if s < le and ls < e:
                fail(line, f"look {lk.text!r} overlaps span")


ALL_STAFF = list(STAFF.values())


def name_rx(part):
    if script_of(part) in LATIN_SCRIPTS:
        return re.compile(r"(?<![^\W\d_])" + re.escape(part) + r"(?![^\W\d_])", re.I)
    return re.compile(re.escape(part))


def build_name_parts():
    out = []
    for st in ALL_STAFF:
        parts = set(st.parts) | set(st.latin) | {st.email.split("@")[0]}
        out.append([(p, name_rx(p)) for p in parts if len(p) >= 3])
    for c in ALL_CUSTS:
        parts = set(c.parts) | set(c.latin) | {c.display, c.email_value.split("@")[0]}
        parts |= {fold(p) for p in c.latin if len(fold(p)) >= 3}
        out.append([(p, name_rx(p)) for p in parts if len(p) >= 3 or script_of(p) not in LATIN_SCRIPTS])
    return out


NAME_PARTS = []


# --- writing --------------------------------------------------------------------------------


def to_json(line, i):
    spans = []
    for kind, s, e, lab in sorted(line.spans, key=lambda x: x[1]):
        bs = len(line.text[:s].encode())
        be = bs + len(line.text[s:e].encode())
        spans.append({"kind": kind, "start": bs, "end": be})
    return {"id": f"{ID_PREFIX}-{i:05d}", "text": line.text,
            "people": [st.json() for st in line.people], "spans": spans}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="also list the declared look-alikes")
    args = parser.parse_args()
    build()
    NAME_PARTS.extend(build_name_parts())
    texts = set()
    errors = 0
    for line in LINES:
        if line.text in texts:
            print(f"duplicate text: {line.text[:200]!r}", file=sys.stderr)
            errors += 1
        texts.add(line.text)
        try:
            validate(line)
        except Invalid as e:
            errors += 1
            print(f"INVALID: {e}\n", file=sys.stderr)
            if errors > 12:
                break
    if errors:
        print(f"{errors} problem(s); nothing written", file=sys.stderr)
        return 1
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    records = [to_json(LINES[k], i + 1) for i, k in enumerate(order)]
    # the byte offsets slice back to the values
    for rec, k in zip(records, order):
        data = rec["text"].encode()
        for sp, (kind, s, e, lab) in zip(rec["spans"], sorted(LINES[k].spans, key=lambda x: x[1])):
            assert data[sp["start"]:sp["end"]].decode() == lab.value
    with open(OUT, "w", encoding="utf-8") as f:
        for rec in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    kinds = Counter(sp["kind"] for rec in records for sp in rec["spans"])
    negatives = sum(1 for rec in records if not rec["spans"])
    langs = Counter(line.lang for line in LINES)
    print(f"wrote {OUT.name}: {len(records)} lines, {sum(kinds.values())} spans, "
          f"{negatives} negative lines ({negatives / len(records):.0%}), "
          f"{sum(len(r['text'].encode()) for r in records) / 1e3:.0f} kB")
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<24}{n:>6}")
    print(f"languages besides English ({len(langs) - 1}): "
          + ", ".join(f"{L['name']} {langs[L['code']]}" for L in LANGS))
    print("categories: " + ", ".join(f"{c} {n}" for c, n in sorted(Counter(l.cat for l in LINES).items())))
    if args.lint:
        print("\nDeclared look-alikes (unlabelled on purpose):")
        for rec, k in zip(records, order):
            for ls, le, lk in LINES[k].looks:
                shapes = ",".join(sorted(lk.shapes)) or "-"
                print(f"  {rec['id']}  [{shapes}]  {lk.why}: {lk.text[:90]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
