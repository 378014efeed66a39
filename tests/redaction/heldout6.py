#!/usr/bin/env python3
r"""Writes heldout6.jsonl: a sixth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a regulated insurer and bancassurance group ("Qorvane Assurance Group",
with call centres in some thirty countries and the mobile app "Qorvane Go") holds: claims-intake
tickets, KYC / onboarding checklists, fraud-team investigation notes, call-centre speech-to-text
transcripts (numbers as digits, a few heard digit by digit), OCR'd scanned claim forms (odd
spacing, `Name:` / `Tel:` fields), forwarded e-mails with full headers (Return-Path, Received,
X-Originating-IP, From / To / Cc / Reply-To), vCards and iCalendar invitations
(`ATTENDEE;CN=...:mailto:...`), CSV and TSV exports (claims, call records, card-gateway
reconciliation, KYC), XML (WS-Security SOAP requests, ISO 20022 pain.001 payouts), SQL dumps
(mysqldump INSERTs, PostgreSQL COPY, INSERT statements), Java / .NET / Python / Node / Go stack
traces and Celery logs with connection strings, Android logcat, iOS crash reports and Sentry
events, Jira webhook and automation payloads, Confluence storage-format XHTML (`ri:user`
account ids, `mailto:` and `tel:` links, info and code macros), Markdown tables without leading
pipes, Slack JSON and Teams text exports, API-gateway logs, Postman environments and vendor
credential files. Sixteen languages besides English (Arabic, Hebrew, Hindi, Thai, Indonesian,
Malay, Romanian, Ukrainian, Danish, Norwegian, Hungarian, Portuguese (Brazil), Spanish (Latin
America), Swahili, Tagalog, French), names in Arabic, Hebrew, Devanagari, Thai and Cyrillic
script and Latin names with particles (bin / binti / bint, Al- / El-, van der, de la, da / dos /
du, Dela), phone numbers of 29 countries (UAE, Saudi Arabia, Qatar, Egypt, Israel, India,
Thailand, Indonesia, Malaysia, Singapore, Philippines, Kenya, Nigeria, South Africa, Brazil,
Mexico, Colombia, Argentina, Chile, Romania, Ukraine, Denmark, Norway, Hungary, Australia, New
Zealand, Senegal, Morocco, USA) in national, international and E.164 form, IBANs of 16
countries (AE, SA, QA, KW, BH, EG, IL, RO, UA, DK, NO, HU, BR, PT, CR, DO), card numbers of nine
brands (Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay 16 and 19 digits, RuPay, Elo;
spaced, dashed, plain), a few US SSNs, and tokens of eighteen vendors. About 30% of the lines
are negatives built from hard look-alikes.

Written without looking at the detectors (guest/) or at the other sets' sentences, generators
or data; only heldout5.py's docstring, evaluate.py and checks.py were read. Its first score is
therefore a blind one.

    python3 tests/redaction/heldout6.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, for review.)

Deterministic: every random part (people and customers drawn from fixed rosters, languages and
countries taken in turn, phone digits, IBAN bodies, card numbers, addresses, passwords, keys,
tokens, PEM and JWT bodies, look-alikes) comes from one seeded `random.Random` (SEED); the line
order is shuffled by a second seeded one. Every line is validated before anything is written
(see `validate`); any violation aborts with a message and writes nothing. Besides the shape of
every labelled value (Luhn, brand prefix and length for cards, never a published test number;
length and mod-97 check for IBANs; parseable, non-loopback, non-documentation IPs; vendor token
formats, with the CRC32 checksum of GitHub and npm tokens; JWTs whose header and payload decode;
PEM armour; US SSN ranges; phone characters and digit counts; a person is in `people` or sits
beside an address spelling their name), the validation scans what is left unlabelled for
addresses, IPv4 and IPv6 addresses, +-prefixed phone shapes, Luhn-valid runs of 13-19 digits
(also across spaces and dashes), valid IBANs, vendor-token, JWT, PEM, URL-credential and bearer
shapes, `password:`-style keywords (in all the languages) followed by a value, high-entropy
strings and roster name parts (in every script); only text declared as a look-alike (`Look`,
listed by --lint) may hold one, and only of the shapes it declares.

Format (the one evaluate.py reads):

    {"id": "held6-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings, `Look`s and `(kind, value)` tuples), never by hand. A line without spans
is a negative: nothing in it may be redacted. No labelled value holds a line break, except a
private key with real newlines.

Labelling conventions: those of heldout5.py's docstring (and through it heldout4.py's),
unchanged, restated briefly:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`).
* password: only the secret value (no key name, no quotes); generic secrets without a vendor
  prefix are `password`, as are the credential of `Authorization: Basic <base64>` and an opaque
  bearer token; a JWT bearer token is `jwt`, a vendor one its `api_key/<vendor>` kind, always
  the token alone. JDBC `password=`, ODBC / .NET `Password=` and libpq `password=` values are
  `password`; url_credentials is kept for the URL form.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL; AWS key
  ids and secret keys are both `api_key/aws`; a Twilio API key SID (SK...), its secret and an
  auth token are `api_key/twilio`; whsec_ is `api_key/stripe`; AIza... is `api_key/google`; hvs.
  is `api_key/hashicorp`; an Azure storage `AccountKey` value (alone) is `api_key/azure`. A
  vendor token used as the password of a URL (`https://oauth2:glpat-...@`) or as the secret of
  `curl -u user:secret` is labelled as the token alone. Vendors used: anthropic, atlassian, aws,
  azure, digitalocean, github (ghp_ / gho_ / ghs_ / github_pat_), gitlab, google, hashicorp,
  huggingface, npm, openai, pypi, sendgrid, shopify (shpat_ / shpca_), slack (xoxb- / xoxp- /
  webhook), stripe, twilio.
* person: the display name, email or account id of someone in `people` (an id alone where it
  sits in markup or a URL); listed people appear only by full display name. Someone not in
  `people` appears only beside an address whose local part spells their name: the name is
  `person` (every occurrence in the line, e.g. again in a signature), the address `email`.
  Role and team addresses (claims@, fraud@, payroll@, noreply@) and service-account addresses
  are `email` only.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback and
  0.0.0.0 are not labelled. No documentation-range or link-local address is used anywhere.
* phone: the whole number as written, without labels such as `Tel:` or `tel:`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in a JSON file the
  `\n` escapes stay inside, the trailing one outside; `private_key_id` and `client_id` are not
  labelled, `client_email` is `email`).
* BICs, key ids, public keys and certificates are not labelled; masked cards and IBANs and
  placeholders appear only on negative lines; no published test card number, no AWS example
  key and no weak literal password (changeme, password123) is used; a line's `people` may list
  participants the text does not mention.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: `ssn` is a US Social Security number written AAA-GG-SSSS (area 001-899 but not 666,
  group and serial not zero, never 123-45-6789, 078-05-1120 or 219-09-9999), the whole number.
  heldout5's docstring does not mention the kind; evaluate.py scores it as core PII, so a
  handful are included (US expat health plan, a W-9), all on positive lines.
* NEW: other national identity and tax numbers are not among the kinds and are never labelled:
  Emirates ID, Saudi ID / Iqama, Qatari ID, Egyptian national ID, Teudat Zehut, Aadhaar, PAN,
  Thai ID, NIK, MyKad, NRIC, CNP, RNOKPP, CPR, fødselsnummer, TAJ, CPF, CURP, RUT, Colombian
  cédula, Argentine DNI, Kenyan ID and KRA PIN, PhilSys, Senegalese CNI, Moroccan CIN, South
  African ID, NIN, TFN, IRD, US passport numbers, and NHS-like numbers. They carry their real
  check digits where one exists; those of 13 or more digits fail the Luhn check, except Emirates
  ID and South African ID numbers, which are Luhn-checked by design (declared look-alikes).
* NEW: IMEIs (15 digits, Luhn-valid by design; plain, dashed or spaced) are unlabelled declared
  look-alikes, as are IMEISVs, Android ids, crash-reporter keys, Sentry event ids and app user ids.
* NEW: company hotlines, call-centre numbers (a call record's DNIS column), conference dial-ins
  and fax numbers are `phone`, as role addresses are `email`; IVR and SMS short codes (`*888#`,
  `send CLAIM to 8175`), extensions and conference PINs (`991 125 04#`) are not.
* NEW: a number a transcription engine heard digit by digit (`0 8 1 2 3 ...`, a card read out
  when the PCI pause failed) is one span from its first to its last digit.
* NEW: in a vCard, `FN` is one `person` span and each component of `N` (family; given, a
  particle staying inside its component) its own; the card's `EMAIL` is the address beside the
  name; `TEL;VALUE=uri:tel:+...` labels the number without `tel:`.
* NEW: a name in Arabic, Hebrew, Devanagari, Thai or Cyrillic script is "beside an address
  spelling it" when the local part spells its Latin transliteration (أحمد الزهراني,
  ahmed.alzahrani76@...). Beside means in the same record: the next CSV / TSV / SQL / Markdown
  column, the next field of an OCR'd form, vCard or XML element, a signature. An OCR'd double
  space inside a name stays inside the span.
* NEW: in markup, the element text is the span (`<kyc:Email>`, ISO 20022 `<Nm>`, `<EmailAdr>`,
  `<PhneNb>` in its `+971-501234567` form); `<a href="mailto:addr">Name</a>` and
  `<a href="tel:+E164">shown</a>` label the target and the shown text separately; an
  `ri:account-id` value is `person`. In a Jira webhook the `accountId` (also inside the `self`
  URL), `displayName` and `emailAddress` of a listed person are `person`. Slack's
  `<mailto:a|a>` gives two `email` spans. Slack / Teams member ids (U0...) are not labelled.
* NEW: e-mail headers: every mailbox of Return-Path, From, To, Cc, Reply-To and `for <...>` is
  labelled (`person` for listed staff, `email` otherwise), a quoted display name without its
  quotes; Received and X-Originating-IP addresses are `ip_address` without brackets; host names
  are never labelled; Message-ID and In-Reply-To values (`<...@host>`) are not addresses
  (declared look-alikes), nor are DKIM `bh=` / `b=` values.
* NEW: the WS-Security `<wsse:Password>` text, a Postman `client_secret` value, an opaque
  `refresh_token`, a `kubectl --from-literal=password=` value and a zip / break-glass password
  are `password`; `<wsse:Nonce>`, OAuth `state`, Twilio account SIDs (AC...) and a broker URL
  whose password is already masked (`amqps://claims-ingest:**@...`) are declared look-alikes.
* NEW: every IBAN is labelled whoever holds it: a customer's payout account and the group's own
  debtor account in a pain.001 alike.
* NEW: not labelled, as not among the kinds: postal addresses, dates of birth, licence plates,
  VINs (with their real check digit), ICD-10 codes, policy, claim and member numbers, domestic
  account numbers, IFSC codes, UK sort codes, Mexican CLABEs, SWIFT / BIC codes, tracking
  numbers, coordinates, Jira issue keys, UUIDs, hashes, trace ids, epoch timestamps, and
  four-part build numbers shaped like IPv4 addresses (`ocr=2.15.1.166`, declared look-alikes).
  Dates appear in many calendars and forms (Buddhist era 2569, `2026. 03. 14.`, `Marso 14,
  2026`), amounts in some 25 currencies and groupings (`₹7,37,500`, `Rp 18.750.000`,
  `R 12 450,00`).
* NEW: masked and blank values are look-alikes, never labelled: cards (`4*** **** **** 7781`,
  `•••• 1731`, `ending 9050`), IBANs (`EG** **** ... 0112`), phones (`+971 ** *** **08`),
  e-mails (`c*****@gmail.com`), blank form fields (`+___ ___ ___ ____`, `________@________`)
  and schema text (a CHECK constraint describing an address or IBAN pattern).
* NEW: placeholders appear only on negative lines: `${DB_PASSWORD}`, `${PGUSER}:${PGPASSWORD}`,
  `{{secrets.JIRA_TOKEN}}`, `{{issue.reporter.emailAddress}}`, `<your-auth-token>`,
  `sk_live_xxxx...`, `******`, `(sent by SMS)`.
* NEW: private keys appear with real newlines (pasted deploy and SFTP keys, APNs `.p8` keys)
  and with JSON `\n` escapes (a Firebase service-account file), as RSA, PKCS#8, EC and OpenSSH
  keys; public keys and certificates appear only on negative lines.
* NEW: a line's `people` are the Jira users (staff) it involves; customers, claimants,
  beneficiaries and witnesses are never in `people`. A staff member's display name may be in
  a non-Latin script (`נועה כהן`) with a Latin address.
"""

import argparse
import base64
import datetime
import ipaddress
import json
import random
import re
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout6.jsonl"
SEED = 6_2026_1130
R = random.Random(SEED)                 # every drawn value
SHUFFLE = random.Random(SEED * 7 + 3)   # the line order only

DIGITS = "0123456789"
HEX = "0123456789abcdef"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
ALNUM = DIGITS + UPPER + LOWER
B62 = DIGITS + UPPER + LOWER
URLSAFE = ALNUM + "-_"


def rand(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n, first="0123456789"):
    return R.choice(first) + rand(DIGITS, n - 1) if n else ""


# --- pieces ------------------------------------------------------------------------------


class Look(str):
    """Unlabelled text that is a look-alike on purpose. `allow` names the scanners it may trip
    (email, ipv4, ipv6, luhn, iban, phone, secret, keyword, entropy); any other hit aborts."""

    def __new__(cls, value, reason, allow=()):
        obj = super().__new__(cls, value)
        obj.reason = reason
        obj.allow = frozenset(allow)
        return obj


def flatten(pieces):
    """Pieces are plain strings, `Look`s and `(kind, value)` tuples; lists nest."""
    for piece in pieces:
        if isinstance(piece, list):
            yield from flatten(piece)
        else:
            yield piece


KIND_RE = re.compile(r"^(email|phone|credit_card|iban|ip_address|ssn|person|private_key|jwt|"
                     r"password|url_credentials|api_key/[a-z]+)$")

SLOT = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")


def fill(template, **slots):
    """A template with `{SLOT}`s, as pieces: each slot's value (a piece or a list) in place."""
    out, pos = [], 0
    for m in SLOT.finditer(template):
        out.append(template[pos:m.start()])
        out.append(slots[m.group(1)])
        pos = m.end()
    out.append(template[pos:])
    return out


# --- people ------------------------------------------------------------------------------

PARTICLES = {"bin", "binti", "bint", "al", "el", "van", "der", "de", "la", "da", "dos", "das",
             "do", "del", "du", "dela", "von", "ibn", "abu"}
SPECIAL = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O", "å": "a", "Å": "A",
                         "ß": "ss", "ł": "l", "đ": "d", "ı": "i"})


def norm(s):
    """Lower-case ASCII letters only: how a name is spelled in an address's local part."""
    s = unicodedata.normalize("NFKD", s.translate(SPECIAL))
    return "".join(c for c in s.lower() if "a" <= c <= "z")


def name_parts(name):
    return [p for p in re.split(r"[\s\-']+", name) if p and p.lower() not in PARTICLES]


def auto_local(latin):
    parts = name_parts(latin)
    return f"{norm(parts[0])}.{norm(parts[-1])}"


TRANSLIT = {}     # a name (or name part) in another script -> its Latin spelling
OWNER = {}        # a customer's given or family name alone -> their full Latin name
NAME_PARTS = set()


def register(native, latin):
    TRANSLIT[native] = latin
    NAME_PARTS.update(p for p in name_parts(native) if len(p) >= 3)
    NAME_PARTS.update(p for p in name_parts(latin) if len(p) >= 3)


STAFF_DOMAIN = {
    "AE": "qorvane.ae", "SA": "qorvane.sa", "EG": "qorvane.com.eg", "QA": "qorvane.qa",
    "IL": "qorvane.co.il", "IN": "qorvane.in", "TH": "qorvane.co.th", "ID": "qorvane.co.id",
    "MY": "qorvane.com.my", "SG": "qorvane.com.sg", "RO": "qorvane.ro", "UA": "qorvane.com.ua",
    "DK": "qorvane.dk", "NO": "qorvane.no", "HU": "qorvane.hu", "BR": "qorvane.com.br",
    "MX": "qorvane.com.mx", "CO": "qorvane.com.co", "AR": "qorvane.com.ar", "CL": "qorvane.cl",
    "KE": "qorvane.co.ke", "NG": "qorvane.com.ng", "ZA": "qorvane.co.za", "PH": "qorvane.com.ph",
    "AU": "qorvane.com.au", "NZ": "qorvane.co.nz", "SN": "qorvane.sn", "MA": "qorvane.ma",
    "US": "qorvane.com",
}


class Staff:
    """A Jira user of the group: appears by full display name, email or account id."""

    def __init__(self, country, display, latin=None, local=None):
        self.country, self.display, self.latin = country, display, latin or display
        self.email = f"{local or auto_local(self.latin)}@{STAFF_DOMAIN[country]}"
        register(display, self.latin)

    def entry(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.account_id}


STAFF = [
    Staff("AE", "خالد المنصوري", "Khalid Al-Mansouri"),
    Staff("AE", "Fatima Al-Suwaidi"),
    Staff("AE", "Omar bin Saeed Al-Harthy"),
    Staff("SA", "نورة العتيبي", "Noura Al-Otaibi"),
    Staff("EG", "Mostafa Abdelrahman"),
    Staff("QA", "Jassim Al-Kuwari"),
    Staff("IL", "נועה כהן", "Noa Cohen"),
    Staff("IL", "Yonatan Mizrahi"),
    Staff("IN", "प्रिया शर्मा", "Priya Sharma"),
    Staff("IN", "Arjun Iyer"),
    Staff("IN", "अनन्या गुप्ता", "Ananya Gupta"),
    Staff("TH", "สมชาย ศรีสุข", "Somchai Srisuk"),
    Staff("TH", "Pimchanok Wongsawat"),
    Staff("ID", "Agus Setiawan"),
    Staff("ID", "Dewi Lestari"),
    Staff("MY", "Faizal bin Hashim"),
    Staff("SG", "Goh Siew Lan", local="siewlan.goh"),
    Staff("RO", "Ioana Popescu"),
    Staff("RO", "Mihai Dumitrescu"),
    Staff("UA", "Олена Коваленко", "Olena Kovalenko"),
    Staff("UA", "Taras Shevchuk"),
    Staff("DK", "Mette Kjærgaard"),
    Staff("NO", "Ingrid Bjørnstad"),
    Staff("HU", "Zsófia Kovács"),
    Staff("HU", "Bence Szabó"),
    Staff("BR", "João Pedro da Silva", local="joaopedro.silva"),
    Staff("BR", "Ana Beatriz de Souza", local="anabeatriz.souza"),
    Staff("MX", "Ximena Hernández"),
    Staff("CO", "Camilo Restrepo"),
    Staff("AR", "Facundo Álvarez"),
    Staff("CL", "Martina Fernández"),
    Staff("KE", "Wanjiru Kamau"),
    Staff("KE", "Otieno Ochieng"),
    Staff("NG", "Chinedu Okafor"),
    Staff("ZA", "Pieter van der Merwe", local="pieter.vandermerwe"),
    Staff("ZA", "Nomvula Dlamini"),
    Staff("PH", "Rowena Dizon"),
    Staff("AU", "Liam O'Sullivan"),
    Staff("NZ", "Aroha Ngata"),
    Staff("SN", "Awa Ndiaye"),
    Staff("MA", "Karim Benjelloun"),
    Staff("US", "Dolores Whitfield"),
]


def account_id():
    if R.random() < 0.55:
        u = rand(HEX, 32)
        return f"{R.choice(['712020', '557058', '70121'])}:{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}"
    return "5" + rand(HEX, 23)


for _s in STAFF:
    _s.account_id = account_id()

CUSTOMER_DOMAINS = {
    "AE": ["gmail.com", "hotmail.com", "eim.ae", "yahoo.com"],
    "SA": ["gmail.com", "hotmail.com", "outlook.sa"],
    "EG": ["yahoo.com", "gmail.com"], "QA": ["gmail.com", "qatar.net.qa"],
    "KW": ["gmail.com"], "IL": ["gmail.com", "walla.co.il", "012.net.il"],
    "IN": ["gmail.com", "yahoo.co.in", "rediffmail.com"], "TH": ["hotmail.com", "gmail.com"],
    "ID": ["yahoo.co.id", "gmail.com"], "MY": ["yahoo.com.my", "gmail.com"],
    "SG": ["singnet.com.sg", "gmail.com"], "RO": ["yahoo.ro", "gmail.com"],
    "UA": ["ukr.net", "i.ua", "gmail.com"], "DK": ["mail.dk", "outlook.dk", "gmail.com"],
    "NO": ["online.no", "gmail.com"], "HU": ["freemail.hu", "citromail.hu", "gmail.com"],
    "BR": ["uol.com.br", "bol.com.br", "gmail.com"], "MX": ["yahoo.com.mx", "hotmail.com"],
    "CO": ["hotmail.com", "gmail.com"], "AR": ["yahoo.com.ar", "fibertel.com.ar"],
    "CL": ["gmail.com", "vtr.net"], "KE": ["gmail.com", "yahoo.com"],
    "NG": ["yahoo.com", "gmail.com"], "ZA": ["telkomsa.net", "webmail.co.za", "gmail.com"],
    "PH": ["yahoo.com.ph", "gmail.com"], "AU": ["bigpond.com", "optusnet.com.au"],
    "NZ": ["xtra.co.nz", "gmail.com"], "US": ["gmail.com", "comcast.net"],
    "SN": ["orange.sn", "gmail.com"], "MA": ["menara.ma", "gmail.com"],
}


class Customer:
    """Someone not in `people`: appears only beside an address spelling their name."""

    def __init__(self, country, given, family, lgiven=None, lfamily=None, family_first=False):
        self.country, self.given, self.family = country, given, family
        self.lgiven, self.lfamily = lgiven or given, lfamily or family
        self.family_first = family_first
        if family_first:
            self.display, self.latin = f"{family} {given}", f"{self.lfamily} {self.lgiven}"
        else:
            self.display, self.latin = f"{given} {family}", f"{self.lgiven} {self.lfamily}"
        register(self.display, self.latin)
        register(given, self.lgiven)
        register(family, self.lfamily)
        OWNER[given] = OWNER[family] = self.latin
        g = norm(self.lgiven)
        f = norm(" ".join(name_parts(self.lfamily))) or norm(self.lfamily)
        style = R.randrange(6)
        local = [f"{g}.{f}", f"{g}_{f}", f"{g}{f}", f"{g[0]}.{f}", f"{g}.{f}{R.randint(70, 99)}",
                 f"{f}.{g}"][style]
        self.email = f"{local}@{R.choice(CUSTOMER_DOMAINS[country])}"
        self.alt_email = f"{g}.{f[:1]}{R.randint(1, 9)}{R.choice(['', '0'])}@" \
                         f"{R.choice(['outlook.com', 'icloud.com', 'proton.me'])}"


CUSTOMERS = [
    Customer("AE", "أحمد", "الزهراني", "Ahmed", "Alzahrani"),
    Customer("AE", "Salma bint Faisal", "Al-Qahtani", "Salma", "Al-Qahtani"),
    Customer("SA", "يوسف", "الشمري", "Youssef", "Alshammari"),
    Customer("SA", "مريم", "حداد", "Maryam", "Haddad"),
    Customer("EG", "Hassan", "El-Sayed", "Hassan", "Elsayed"),
    Customer("EG", "منى", "عبد العزيز", "Mona", "Abdelaziz"),
    Customer("QA", "Tamim", "Al-Marri", "Tamim", "Almarri"),
    Customer("IL", "שירה", "לוינסון", "Shira", "Levinson"),
    Customer("IL", "איתי", "ברקוביץ", "Itai", "Berkovich"),
    Customer("IL", "Dana", "Friedman"),
    Customer("IN", "राहुल", "वर्मा", "Rahul", "Verma"),
    Customer("IN", "सुनीता", "नायर", "Sunita", "Nair"),
    Customer("IN", "Karthik", "Subramanian"),
    Customer("TH", "ณัฐพล", "ทองดี", "Nattapon", "Thongdee"),
    Customer("TH", "สุนิสา", "แก้วมณี", "Sunisa", "Kaewmanee"),
    Customer("TH", "Kittipong", "Saelim"),
    Customer("ID", "Putri", "Wulandari"),
    Customer("ID", "Budi", "Santoso"),
    Customer("ID", "Siti", "Rahmawati"),
    Customer("MY", "Nurul Aina", "binti Rahman", "Nurul Aina", "binti Rahman"),
    Customer("MY", "Muhammad Hafiz", "bin Ismail", "Muhammad Hafiz", "bin Ismail"),
    Customer("SG", "Li Ting", "Chua", family_first=True),
    Customer("RO", "Andrei", "Ionescu"),
    Customer("RO", "Elena", "Marinescu"),
    Customer("RO", "Radu", "Constantinescu"),
    Customer("UA", "Оксана", "Бондаренко", "Oksana", "Bondarenko"),
    Customer("UA", "Богдан", "Ткаченко", "Bohdan", "Tkachenko"),
    Customer("UA", "Iryna", "Melnyk"),
    Customer("DK", "Søren", "Østergaard"),
    Customer("DK", "Freja", "Lindholm"),
    Customer("NO", "Håkon", "Haugland"),
    Customer("NO", "Solveig", "Nygård"),
    Customer("HU", "Réka", "Tóth"),
    Customer("HU", "Gergely", "Varga"),
    Customer("HU", "Dóra", "Molnár"),
    Customer("BR", "Ana Carolina", "dos Santos"),
    Customer("BR", "Thiago", "Oliveira"),
    Customer("BR", "Larissa", "Cavalcanti"),
    Customer("MX", "María José", "de la Cruz"),
    Customer("MX", "Sebastián", "Ramírez"),
    Customer("CO", "Valentina", "Gómez"),
    Customer("AR", "Diego", "Castellanos"),
    Customer("CL", "Catalina", "Muñoz"),
    Customer("KE", "Akinyi", "Odhiambo"),
    Customer("KE", "Kipchoge", "Rotich"),
    Customer("KE", "Njeri", "Wambui"),
    Customer("NG", "Ngozi", "Adeyemi"),
    Customer("NG", "Oluwaseun", "Balogun"),
    Customer("NG", "Emeka", "Nwosu"),
    Customer("ZA", "Thabo", "Mokoena"),
    Customer("ZA", "Anneke", "du Plessis"),
    Customer("PH", "Jericho", "Manalo"),
    Customer("PH", "Maricel", "Dela Cruz"),
    Customer("AU", "Chloe", "McAllister"),
    Customer("NZ", "Wiremu", "Whaanga"),
    Customer("NZ", "Mereana", "Tautahi"),
    Customer("AU", "Siobhan", "Fairweather"),
    Customer("CL", "Ignacio", "Valdivia"),
    Customer("EG", "Nourhan", "Fathy"),
    Customer("QA", "Hamad", "Al-Naimi", "Hamad", "Alnaimi"),
    Customer("ZA", "Lindiwe", "Khumalo"),
    Customer("US", "Brittany", "Kowalczyk"),
    Customer("SN", "Aminata", "Diop"),
    Customer("MA", "Youssef", "Benali"),
]


# --- phone numbers -----------------------------------------------------------------------


def fmt(s, sizes, sep=" "):
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    assert i == len(s), (s, sizes)
    return sep.join(out)


def _pick(seq):
    return R.choice(seq)


def ph_AE():
    n = "5" + _pick("024568") + digits(7)
    return ("0" + fmt(n, [2, 3, 4], _pick([" ", "-"])), "+971 " + fmt(n, [2, 3, 4]), "+971" + n)


def ph_SA():
    n = "5" + _pick("0345689") + digits(7)
    return ("0" + fmt(n, [2, 3, 4]), "+966 " + fmt(n, [2, 3, 4]), "+966" + n)


def ph_EG():
    n = "1" + _pick("0125") + digits(8)
    return ("0" + fmt(n, [2, 4, 4]), "+20 " + fmt(n, [2, 4, 4]), "+20" + n)


def ph_QA():
    n = _pick("3567") + digits(7)
    return (fmt(n, [4, 4]), "+974 " + fmt(n, [4, 4]), "+974" + n)


def ph_KW():
    n = _pick("569") + digits(7)
    return (fmt(n, [4, 4]), "+965 " + fmt(n, [4, 4]), "+965" + n)


def ph_IL():
    n = "5" + _pick("02348") + digits(7)
    return ("0" + fmt(n, [2, 3, 4], "-"), _pick(["+972-" + fmt(n, [2, 3, 4], "-"),
                                                 "+972 " + fmt(n, [2, 3, 4])]), "+972" + n)


def ph_IN():
    n = _pick("6789") + digits(9)
    return (_pick([fmt(n, [5, 5]), "0" + fmt(n, [5, 5]), "0" + n]),
            _pick(["+91 " + fmt(n, [5, 5]), "+91-" + n]), "+91" + n)


def ph_TH():
    n = _pick("689") + digits(8)
    return ("0" + fmt(n, [2, 3, 4], _pick(["-", " "])), "+66 " + fmt(n, [2, 3, 4]), "+66" + n)


ID_PREFIX = ["11", "12", "13", "21", "22", "52", "53", "55", "56", "57", "58", "77", "78", "95",
             "96", "97", "98", "99", "31", "32", "38", "81", "82"]


def ph_ID():
    n = "8" + _pick(ID_PREFIX) + digits(8)
    sep = _pick(["-", " "])
    return ("0" + fmt(n, [3, 4, 4], sep), "+62 " + fmt(n, [3, 4, 4], sep), "+62" + n)


def ph_MY():
    n = "1" + _pick("234679") + digits(7)
    return ("0" + n[:2] + "-" + fmt(n[2:], [3, 4]), "+60 " + n[:2] + "-" + fmt(n[2:], [3, 4]),
            "+60" + n)


def ph_SG():
    n = _pick("89") + digits(7)
    return (fmt(n, [4, 4]), "+65 " + fmt(n, [4, 4]), "+65" + n)


PH_PREFIX = ["05", "06", "15", "16", "17", "26", "27", "35", "45", "55", "56", "66", "77", "78",
             "94", "95", "96", "97", "98", "99", "18", "19", "20", "21", "28", "29", "47", "48"]


def ph_PH():
    n = "9" + _pick(PH_PREFIX) + digits(7)
    return ("0" + fmt(n, [3, 3, 4]), "+63 " + fmt(n, [3, 3, 4]), "+63" + n)


def ph_KE():
    n = "7" + _pick(["01", "02", "10", "11", "12", "20", "22", "40", "90", "99", "57", "68",
                     "69", "92", "95"]) + digits(6)
    return (_pick(["0" + fmt(n, [3, 6]), "0" + fmt(n, [3, 3, 3])]), "+254 " + fmt(n, [3, 3, 3]),
            "+254" + n)


def ph_NG():
    n = _pick(["803", "806", "813", "816", "703", "706", "805", "807", "815", "905", "802",
               "808", "812", "701", "902", "907", "809", "817", "818", "909"]) + digits(7)
    return ("0" + fmt(n, [3, 3, 4]), "+234 " + fmt(n, [3, 3, 4]), "+234" + n)


def ph_ZA():
    n = _pick(["60", "61", "62", "63", "64", "71", "72", "73", "74", "76", "78", "79", "81",
               "82", "83", "84"]) + digits(7)
    return ("0" + fmt(n, [2, 3, 4]), "+27 " + fmt(n, [2, 3, 4]), "+27" + n)


def ph_BR():
    ddd = _pick(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48"])
    d = digits(8)
    return (f"({ddd}) 9{d[:4]}-{d[4:]}", f"+55 {ddd} 9{d[:4]}-{d[4:]}", f"+55{ddd}9{d}")


def ph_MX():
    if R.random() < 0.5:
        a, d = _pick(["55", "33", "81"]), digits(8)
        nat = _pick([f"{a} {d[:4]} {d[4:]}", f"({a}) {d[:4]} {d[4:]}"])
        return (nat, f"+52 {a} {d[:4]} {d[4:]}", f"+52{a}{d}")
    a, d = _pick(["222", "664", "999", "442", "477"]), digits(7)
    return (f"{a} {d[:3]} {d[3:]}", f"+52 {a} {d[:3]} {d[3:]}", f"+52{a}{d}")


def ph_CO():
    n = "3" + _pick(["00", "01", "02", "04", "05", "10", "11", "12", "13", "14", "15", "16",
                     "17", "18", "19", "20", "21", "22", "23", "50"]) + digits(7)
    return (fmt(n, [3, 3, 4]), "+57 " + fmt(n, [3, 3, 4]), "+57" + n)


def ph_AR():
    if R.random() < 0.6:
        d = digits(8, "23456789")
        return (f"011 15-{d[:4]}-{d[4:]}", f"+54 9 11 {d[:4]}-{d[4:]}", f"+54911{d}")
    d = digits(7, "2345678")
    return (f"0351 15-{d[:3]}-{d[3:]}", f"+54 9 351 {d[:3]}-{d[3:]}", f"+549351{d}")


def ph_CL():
    n = "9" + digits(8)
    return (fmt(n, [1, 4, 4]), "+56 " + fmt(n, [1, 4, 4]), "+56" + n)


def ph_RO():
    n = "7" + _pick("2345678") + digits(7)
    return ("0" + fmt(n, [3, 3, 3]), "+40 " + fmt(n, [3, 3, 3]), "+40" + n)


def ph_UA():
    n = _pick(["50", "66", "95", "99", "67", "68", "96", "97", "98", "63", "73", "93"]) + digits(7)
    return ("0" + n[:2] + " " + fmt(n[2:], [3, 2, 2]),
            _pick(["+380 " + n[:2] + " " + fmt(n[2:], [3, 2, 2]),
                   f"+38 (0{n[:2]}) {fmt(n[2:], [3, 2, 2], '-')}"]), "+380" + n)


DK_MOBILE = ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41",
             "42", "50", "51", "52", "53", "60", "61", "71", "81", "91", "92", "93"]


def ph_DK():
    n = _pick(DK_MOBILE) + digits(6)
    return (fmt(n, [2, 2, 2, 2]), "+45 " + fmt(n, [2, 2, 2, 2]), "+45" + n)


def ph_NO():
    n = _pick("49") + digits(7)
    return (fmt(n, [3, 2, 3]), "+47 " + fmt(n, [3, 2, 3]), "+47" + n)


def ph_HU():
    n = _pick(["20", "30", "31", "50", "70"]) + digits(7)
    return (_pick([f"06 {n[:2]} {n[2:5]} {n[5:]}", f"06-{n[:2]}/{n[2:5]}-{n[5:]}"]),
            f"+36 {n[:2]} {n[2:5]} {n[5:]}", "+36" + n)


def ph_AU():
    if R.random() < 0.75:
        n = "4" + digits(8)
        return ("0" + fmt(n, [3, 3, 3]), "+61 " + fmt(n, [3, 3, 3]), "+61" + n)
    a, d = _pick("2378"), digits(8, "3456789")
    return (f"(0{a}) {d[:4]} {d[4:]}", f"+61 {a} {d[:4]} {d[4:]}", f"+61{a}{d}")


def ph_NZ():
    n = "2" + _pick("1279") + digits(7)
    return ("0" + n[:2] + " " + fmt(n[2:], [3, 4]), "+64 " + n[:2] + " " + fmt(n[2:], [3, 4]),
            "+64" + n)


def ph_US():
    a = _pick(["212", "305", "415", "646", "713", "917", "312", "206"])
    e = digits(3, "23456789")
    while e == "555":
        e = digits(3, "23456789")
    line = digits(4)
    return (f"({a}) {e}-{line}", f"+1 {a}-{e}-{line}", f"+1{a}{e}{line}")


def ph_SN():
    n = "7" + _pick("0678") + digits(7)
    return (fmt(n, [2, 3, 2, 2]), "+221 " + fmt(n, [2, 3, 2, 2]), "+221" + n)


def ph_MA():
    n = _pick("67") + digits(8)
    return (_pick(["0" + n[:3] + "-" + n[3:], "0" + fmt(n, [1, 2, 2, 2, 2])]),
            _pick(["+212 " + n[:3] + "-" + n[3:], "+212 " + fmt(n, [1, 2, 2, 2, 2])]),
            "+212" + n)


PHONES = {name[3:]: fn for name, fn in globals().items() if name.startswith("ph_")}


def phone(country, form=None):
    """A number of `country`: national, international or E.164 form (drawn unless given)."""
    forms = PHONES[country]()
    if form is None:
        form = R.choices(["national", "intl", "e164"], [0.42, 0.38, 0.20])[0]
    return ("phone", forms[{"national": 0, "intl": 1, "e164": 2}[form]])


def phone_forms(country):
    return PHONES[country]()


def hotline(country):
    """A company hotline / call-centre number (labelled phone, like a role address)."""
    c = country
    if c == "AE":
        return "800 " + fmt(digits(6, "23456789"), [4, 2])
    if c == "SA":
        return "9200 " + digits(5)
    if c == "IN":
        return "1800 " + fmt(digits(7, "12"), [3, 4])
    if c == "ZA":
        return "0860 " + fmt(digits(6, "12"), [3, 3])
    if c == "BR":
        return "0800 " + fmt(digits(7, "234567"), [3, 4])
    if c == "MX":
        return "800 " + fmt(digits(7, "2345678"), [3, 4])
    if c == "AU":
        return "1300 " + fmt(digits(6, "2345678"), [3, 3])
    if c == "TH":
        return "02 " + digits(3, "23456789") + " " + digits(4)
    if c == "ID":
        return "(021) " + fmt(digits(8, "2345789"), [4, 4])
    if c == "MY":
        return "1300 " + fmt(digits(6, "2345678"), [2, 2, 2])
    if c == "DK":
        return "70 " + fmt(digits(6), [2, 2, 2])
    if c == "NO":
        return "915 " + fmt(digits(5), [2, 3])
    if c == "HU":
        return "+36 1 " + fmt(digits(7, "2345"), [3, 4])
    if c == "RO":
        return "021 " + fmt(digits(7, "23"), [3, 4])
    if c == "UA":
        return "0 800 " + fmt(digits(6, "35"), [3, 3])
    return phone(c, "intl")[1]


# --- IBANs, cards, SSNs ------------------------------------------------------------------

IBAN_SPEC = {   # country: (length, BBAN parts); n digits, a capitals, c digits (or a capital)
    "AE": (23, [("bank", ["033", "030", "026", "035", "044"]), ("n", 16)]),
    "SA": (24, [("bank", ["80", "10", "45", "20", "55"]), ("n", 18)]),
    "IL": (23, [("bank", ["010", "012", "020", "011"]), ("n", 3), ("n", 13)]),
    "RO": (24, [("bank", ["BTRL", "RNCB", "INGB", "BRDE", "RZBR"]), ("c", 16)]),
    "DK": (18, [("bank", ["0040", "5301", "3409", "9570"]), ("n", 10)]),
    "NO": (15, [("bank", ["1503", "9710", "6011", "1207"]), ("n", 7)]),
    "HU": (28, [("bank", ["117", "107", "109", "120"]), ("n", 21)]),
    "BR": (29, [("bank", ["00000000", "00360305", "60701190", "90400888"]), ("n", 15),
                ("bank", ["C", "P"]), ("bank", ["1"])]),
    "UA": (29, [("bank", ["305299", "322001", "300346", "320649"]), ("n", 19)]),
    "EG": (29, [("bank", ["0019", "0002", "0003", "0037"]), ("n", 21)]),
    "QA": (29, [("bank", ["QNBA", "DOHB", "CBQA", "QIIB"]), ("c", 21)]),
    "KW": (30, [("bank", ["NBOK", "CBKU", "KFHO", "GULB"]), ("c", 22)]),
    "BH": (22, [("bank", ["NBOB", "BBKU", "AUBB"]), ("c", 14)]),
    "CR": (22, [("bank", ["0152", "0151", "0104"]), ("n", 14)]),
    "DO": (28, [("bank", ["BPDO", "BRRD", "BCBH"]), ("n", 20)]),
    "PT": (25, [("bank", ["0033", "0035", "0007", "0018"]), ("n", 17)]),
}


def iban_body(country):
    if country == "NO":   # Norwegian account numbers carry a mod-11 check digit of their own
        while True:
            b = R.choice(IBAN_SPEC["NO"][1][0][1]) + digits(6)
            c = 11 - sum(int(d) * w for d, w in zip(b, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
            if c != 10:
                return b + str(0 if c == 11 else c)
    out = []
    for kind, arg in IBAN_SPEC[country][1]:
        if kind == "bank":
            out.append(R.choice(arg))
        elif kind == "n":
            out.append(digits(arg))
        else:
            s = list(digits(arg))
            if R.random() < 0.5:
                s[R.randrange(arg)] = R.choice("ABCDEFGHJKLMNPRSTUVWXYZ")
            out.append("".join(s))
    return "".join(out)


def iban(country, compact=None):
    bban = iban_body(country)
    value = country + iban_check(country, bban) + bban
    assert len(value) == IBAN_SPEC[country][0], (country, value)
    if compact is None:
        compact = R.random() < 0.35
    if not compact:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return ("iban", value)


def masked_iban(country):
    v = iban(country, compact=True)[1]
    head = v[:4] if R.random() < 0.5 else country + "**"
    middle = "*" * (len(v) - 8)
    masked = head + middle + v[-4:]
    if R.random() < 0.6:
        masked = " ".join(masked[i:i + 4] for i in range(0, len(masked), 4))
    return Look(masked, "masked IBAN")


TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005",
              "371449635398431", "6011111111111117", "3530111333300000", "30569309025904",
              "4012888888881881", "5105105105105100", "4000056655665556", "2223003122003222",
              "6200000000000005", "38520000023237", "6011000990139424", "3566002020360505",
              "5200828282828210", "4000002500003155", "6205500000000000004", "36227206271667"}

BRANDS = {   # brand: (prefixes, length)
    "visa": (["4"], 16),
    "mastercard": (["51", "52", "53", "54", "55", "2221", "2298", "2345", "2506", "2720"], 16),
    "amex": (["34", "37"], 15),
    "discover": (["6011", "644", "649", "65"], 16),
    "jcb": (["3528", "3541", "3566", "3589"], 16),
    "diners": (["36", "300", "305"], 14),
    "unionpay": (["62"], 16),
    "unionpay19": (["62"], 19),
    "rupay": (["6521", "6522", "6070", "508"], 16),
    "elo": (["636368", "504175", "509"], 16),
}
CARD_PREFIXES = [p for ps, _ in BRANDS.values() for p in ps]


def card_number(brand):
    prefixes, length = BRANDS[brand]
    while True:
        body = R.choice(prefixes)
        body += digits(length - 1 - len(body))
        number = next(body + c for c in DIGITS if luhn_ok(body + c))
        if number not in TEST_CARDS:
            return number


def card(brand=None, style=None):
    brand = brand or R.choice(["visa", "visa", "mastercard", "mastercard", "amex", "discover",
                               "jcb", "diners", "unionpay", "unionpay19", "rupay", "elo"])
    n = card_number(brand)
    style = style or R.choice(["space", "space", "dash", "plain"])
    if style == "plain":
        return ("credit_card", n)
    sep = " " if style == "space" else "-"
    if len(n) == 15:
        return ("credit_card", fmt(n, [4, 6, 5], sep))
    if len(n) == 14:
        return ("credit_card", fmt(n, [4, 6, 4], sep))
    if len(n) == 19:
        return ("credit_card", fmt(n, [4, 4, 4, 4, 3], sep))
    return ("credit_card", fmt(n, [4, 4, 4, 4], sep))


def masked_card():
    n = card_number(R.choice(["visa", "mastercard", "amex", "jcb"]))
    last = n[-4:]
    return Look(R.choice([f"{n[:4]} **** **** {last}", f"{n[:6]}******{last}",
                          f"XXXX-XXXX-XXXX-{last}", f"•••• {last}", f"ending {last}",
                          f"{n[0]}*** **** **** {last}"]), "masked card")


def ssn():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    value = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
    return ("ssn", value)


# --- IP addresses ------------------------------------------------------------------------

V4_PUBLIC = ["41.203", "105.112", "102.89", "196.201", "197.248", "2.50", "5.195", "94.200",
             "212.138", "46.120", "79.176", "49.36", "103.21", "117.200", "171.96", "49.228",
             "36.72", "114.124", "175.139", "60.50", "112.198", "86.120", "188.24", "93.72",
             "178.150", "87.61", "80.62", "84.208", "89.134", "177.92", "189.6", "187.190",
             "181.49", "190.210", "201.214", "156.197", "41.233", "1.144", "101.98", "116.14",
             "37.210", "62.215", "154.66", "213.42"]
MAIL_V4 = ["209.85", "40.107", "52.101", "66.163", "17.58"]
V6_PREFIX = ["2c0f:f5c0", "2a02:2788", "2405:201", "2804:14c", "2a01:4f8", "2001:4479",
             "2402:800", "2a00:1450", "2c0f:fe38", "2806:10a6", "2a0d:6fc2"]


def ip4(kind=None):
    kind = kind or R.choice(["public", "public", "public", "private"])
    if kind == "public":
        value = f"{R.choice(V4_PUBLIC)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    elif kind == "mail":
        value = f"{R.choice(MAIL_V4)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    else:
        value = R.choice([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                          f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}",
                          f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"])
    return ("ip_address", value)


def ip6(private=False):
    h = lambda: format(R.randint(1, 0xffff), "x")  # noqa: E731
    if private:
        return ("ip_address", f"fd{rand(HEX, 2)}:{h()}:{h()}:{h()}::{h()}")
    prefix = R.choice(V6_PREFIX)
    if R.random() < 0.5:
        value = f"{prefix}:{h()}:{h()}::{h()}"
    else:
        n = 8 - prefix.count(":") - 1
        value = prefix + "".join(f":{h()}" for _ in range(n))
    return ("ip_address", str(ipaddress.IPv6Address(value).compressed) if R.random() < 0.3
            else value)


def ip_any():
    return ip6() if R.random() < 0.2 else ip4()


# --- secrets -----------------------------------------------------------------------------

PW_WORDS = ["Monsoon", "Baobab", "Harbor", "Quartz", "Lantern", "Falcon", "Cobalt", "Saffron",
            "Tamarind", "Glacier", "Orchid", "Juniper", "Papaya", "Cinder", "Fjord", "Mango",
            "Nimbus", "Basalt", "Pepper", "Raven", "Kestrel", "Ember", "Mosaic", "Tundra",
            "Zephyr", "Cypress", "Indigo", "Marmot", "Sirocco", "Lychee", "Tortoise", "Acacia",
            "Durian", "Pelican", "Komodo", "Savanna", "Hibiscus", "Walrus", "Pumice", "Rooibos"]


def password(urlsafe=False):
    """A realistic secret value: random, passphrase, or word+digits; never a weak one."""
    sym = "!*-_.~" if urlsafe else "!#$%*+-_.?^~="
    style = R.randrange(4)
    if style == 0:
        while True:
            v = rand(ALNUM + sym, R.randint(12, 18))
            if (any(c in UPPER for c in v) and any(c in LOWER for c in v)
                    and any(c in DIGITS for c in v) and any(c in sym for c in v)):
                return v
    if style == 1:
        a, b = R.sample(PW_WORDS, 2)
        return f"{a}-{b}-{R.randint(10, 99)}{R.choice(sym)}"
    if style == 2:
        return f"{R.choice(PW_WORDS)}{R.choice(sym)}{R.randint(1000, 9999)}{R.choice(LOWER)}"
    return rand(ALNUM, R.randint(20, 28)) + R.choice(sym)


def pw():
    return ("password", password())


def b62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def checksummed(prefix):
    body = rand(ALNUM, 30)
    return prefix + body + b62(zlib.crc32(body.encode()))


def tok(vendor, variant=None):
    """A token of `vendor` in its real shape, as a `(api_key/<vendor>, value)` piece."""
    v = vendor
    if v == "aws":
        value = ("AKIA" + rand(UPPER + "234567", 16) if variant != "secret"
                 else rand(ALNUM + "/+", 40))
    elif v == "anthropic":
        value = "sk-ant-api03-" + rand(URLSAFE, 93) + "AA"
    elif v == "atlassian":
        value = "ATATT3xFfGF0" + rand(URLSAFE, 178) + "=" + rand("0123456789ABCDEF", 8)
    elif v == "azure":
        value = base64.b64encode(bytes(R.getrandbits(8) for _ in range(64))).decode()
    elif v == "github":
        if variant == "pat":
            value = "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59)
        else:
            value = checksummed(variant or R.choice(["ghp_", "ghp_", "gho_", "ghs_"]))
    elif v == "gitlab":
        value = "glpat-" + rand(URLSAFE, 20)
    elif v == "google":
        value = "AIza" + rand(URLSAFE, 35)
    elif v == "hashicorp":
        value = ("hvs.CAESI" + rand(URLSAFE, 82)) if R.random() < 0.5 else "hvs." + rand(ALNUM, 24)
    elif v == "huggingface":
        value = "hf_" + rand(UPPER + LOWER, 34)
    elif v == "npm":
        value = checksummed("npm_")
    elif v == "openai":
        value = "sk-proj-" + rand(URLSAFE, 74) + "T3BlbkFJ" + rand(URLSAFE, 74)
    elif v == "sendgrid":
        value = "SG." + rand(URLSAFE, 22) + "." + rand(URLSAFE, 43)
    elif v == "slack":
        if variant == "webhook":
            value = (f"https://hooks.slack.com/services/T{rand(UPPER + DIGITS, 10)}/"
                     f"B{rand(UPPER + DIGITS, 10)}/{rand(ALNUM, 24)}")
        elif variant == "user":
            value = f"xoxp-{digits(11, '123456789')}-{digits(11, '123456789')}-" \
                    f"{digits(13, '123456789')}-{rand(HEX, 32)}"
        else:
            value = f"xoxb-{digits(11, '123456789')}-{digits(13, '123456789')}-{rand(ALNUM, 24)}"
    elif v == "stripe":
        if variant == "whsec":
            value = "whsec_" + rand(ALNUM, 32)
        else:
            value = (variant or R.choice(["sk", "sk", "rk"])) + "_live_51" + rand(ALNUM, 97)
    elif v == "twilio":
        value = ("SK" + rand(HEX, 32)) if variant == "sk" else rand(HEX, 32)
    elif v == "shopify":
        value = (variant or "shpat") + "_" + rand(HEX, 32)
    elif v == "digitalocean":
        value = "dop_v1_" + rand(HEX, 64)
    elif v == "pypi":
        value = "pypi-AgEIcHlwaS5vcmc" + rand(URLSAFE, 150)
    else:
        raise ValueError(v)
    return (f"api_key/{v}", value)


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def luhn_windows(text):
    """(start, end) of every run of 13-19 digits (single spaces or dashes between groups allowed)
    that passes the Luhn check: what a card detector could take for a card number."""
    found = []
    for m in re.finditer(r"\d(?:[ \-]?\d)*", text):
        groups = [(g.start() + m.start(), g.end() + m.start(), g.group())
                  for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            acc = ""
            for k in range(i, len(groups)):
                acc += groups[k][2]
                if len(acc) > 19:
                    break
                if len(acc) >= 13 and luhn_ok(acc):
                    found.append((groups[i][0], groups[k][1]))
    return found


def uuid():
    while True:
        v = (f"{rand(HEX, 8)}-{rand(HEX, 4)}-4{rand(HEX, 3)}-{R.choice('89ab')}{rand(HEX, 3)}-"
             f"{rand(HEX, 12)}")
        if not luhn_windows(v):
            return v


JWT_ISSUERS = ["https://login.qorvane.com/realms/customers", "https://auth.qorvane.com/",
               "https://securetoken.google.com/qorvane-go-prod"]


def jwt(alg=None, **claims):
    alg = alg or R.choice(["RS256", "RS256", "ES256", "HS256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rand(URLSAFE, 22)
    now = 1_773_400_000 + R.randint(0, 3_000_000)
    payload = {"iss": R.choice(JWT_ISSUERS + [f"https://sts.windows.net/{uuid()}/"]),
               "sub": uuid(), "aud": R.choice(["qorvane-go", "claims-api", "kyc-gateway"]),
               "iat": now, "exp": now + R.choice([900, 3600, 86400])}
    if R.random() < 0.5:
        payload["scope"] = R.choice(["claims:read claims:write", "openid profile",
                                     "kyc.verify", "payouts:approve"])
    payload.update(claims)
    size = {"RS256": 256, "ES256": 64, "HS256": 32}[alg]
    sig = bytes(R.getrandbits(8) for _ in range(size))
    enc = lambda o: b64u(json.dumps(o, separators=(",", ":")).encode())  # noqa: E731
    return ("jwt", f"{enc(header)}.{enc(payload)}.{b64u(sig)}")


def pem(kind=None, escaped=False):
    """A private key in PEM armour (real newlines, or JSON `\\n` escapes)."""
    kind = kind or R.choice(["rsa", "pkcs8", "ec", "openssh"])
    rnd = lambda n: bytes(R.getrandbits(8) for _ in range(n))  # noqa: E731
    if kind == "rsa":
        label, der, width = "RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100") + rnd(1180), 64
    elif kind == "pkcs8":
        label = "PRIVATE KEY"
        der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7") + rnd(1193)
        width = 64
    elif kind == "p8":
        label = "PRIVATE KEY"
        der = (bytes.fromhex("308193020100301306072a8648ce3d020106082a8648ce3d030107047930770201010420")
               + rnd(32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + rnd(64))
        width = 64
    elif kind == "ec":
        label = "EC PRIVATE KEY"
        der = (bytes.fromhex("30770201010420") + rnd(32)
               + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + rnd(64))
        width = 64
    else:
        label, der, width = "OPENSSH PRIVATE KEY", b"openssh-key-v1\x00" + rnd(384), 70
    body = base64.b64encode(der).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    nl = "\\n" if escaped else "\n"
    return ("private_key", f"-----BEGIN {label}-----{nl}" + nl.join(lines)
            + f"{nl}-----END {label}-----")


def basic_auth(user):
    return ("password", base64.b64encode(f"{user}:{password(urlsafe=True)}".encode()).decode())


def opaque_bearer():
    return ("password", rand(URLSAFE, R.choice([32, 40, 43, 48])))


# --- look-alikes -------------------------------------------------------------------------


def luhnless(make):
    """Draws from `make` until no digit run in it passes the Luhn check (no accidental card)."""
    while True:
        v = make()
        if not luhn_windows(v):
            return v


def with_luhn(body):
    return next(body + c for c in DIGITS if luhn_ok(body + c))


def policy_no(country=None):
    cc = country or R.choice(list(STAFF_DOMAIN))
    return Look(luhnless(lambda: R.choice([
        f"POL-{cc}-2026-{digits(7)}", f"Q{R.choice(['MTR', 'HLT', 'LIF', 'TRV', 'HOM'])}/"
        f"{R.choice(['25', '26'])}/{digits(6)}", f"QAG-{cc}-{digits(8)}",
        f"{cc}{R.choice(['LI', 'MO', 'HE'])}{digits(9)}", f"{digits(3)}-{digits(7)}-{digits(2)}"])),
        "policy number")


def claim_no():
    return Look(luhnless(lambda: R.choice([
        f"CLM-26-{digits(6)}", f"CL{R.choice(['26', '25'])}{R.choice(list(STAFF_DOMAIN))}{digits(5)}",
        f"#{digits(7, '123456789')}", f"{digits(4, '2')}/{digits(6)}", f"SIN-{digits(9)}"])),
        "claim number")


def emirates_id():
    body = "784" + str(R.randint(1965, 2004)) + digits(7)
    v = with_luhn(body)
    return Look(f"{v[:3]}-{v[3:7]}-{v[7:14]}-{v[14]}", "Emirates ID (Luhn by design)",
                allow={"luhn"})


def saudi_id():
    return Look(R.choice("12") + digits(9), "Saudi national ID / Iqama")


def egypt_id():
    return Look(luhnless(lambda: f"{R.choice('23')}{R.randint(60, 99):02d}{R.randint(1, 12):02d}"
                                 f"{R.randint(1, 28):02d}{R.choice(['01', '02', '21', '88'])}"
                                 f"{digits(5)}"), "Egyptian national ID")


def israeli_id():
    body = digits(8)
    total = 0
    for i, ch in enumerate(body):
        d = int(ch) * (1 + i % 2)
        total += d - 9 if d > 9 else d
    return Look(body + str((10 - total % 10) % 10), "Israeli ID (Teudat Zehut)")


def aadhaar():
    return Look(fmt(digits(12, "23456789"), [4, 4, 4]), "Aadhaar number")


def pan():
    return Look(rand(UPPER, 3) + "P" + R.choice(UPPER) + digits(4) + R.choice(UPPER), "PAN")


def thai_id():
    def make():
        b = digits(12, "12345678")
        c = (11 - sum(int(d) * (13 - i) for i, d in enumerate(b)) % 11) % 10
        v = b + str(c)
        return f"{v[0]}-{v[1:5]}-{v[5:10]}-{v[10:12]}-{v[12]}"
    return Look(luhnless(make), "Thai national ID")


def nik():
    def make():
        v = (R.choice(["31", "32", "33", "35", "51", "73"]) + digits(4)
             + f"{R.randint(1, 28) + R.choice([0, 40]):02d}{R.randint(1, 12):02d}"
             + f"{R.randint(60, 99):02d}" + digits(4, "0"))
        return R.choice([v, fmt(v, [4, 4, 4, 4])])
    return Look(luhnless(make), "Indonesian NIK")


def mykad():
    return Look(f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}-"
                f"{R.randint(1, 16):02d}-{digits(4)}", "MyKad number")


def nric():
    prefix = R.choice("ST")
    body = digits(7)
    total = sum(int(d) * w for d, w in zip(body, [2, 7, 6, 5, 4, 3, 2])) + (4 if prefix == "T" else 0)
    return Look(prefix + body + "JZIHGFEDCBA"[total % 11], "Singapore NRIC")


def cnp():
    def make():
        b = (R.choice("1256") + f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}"
             f"{R.randint(1, 28):02d}{R.randint(1, 52):02d}" + digits(3))
        c = sum(int(d) * int(w) for d, w in zip(b, "279146358279")) % 11
        return b + str(1 if c == 10 else c)
    return Look(luhnless(make), "Romanian CNP")


def rnokpp():
    b = digits(9, "23")
    c = sum(int(d) * w for d, w in zip(b, [-1, 5, 7, 9, 4, 6, 10, 5, 7])) % 11 % 10
    return Look(b + str(c), "Ukrainian RNOKPP")


def cpr():
    return Look(f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(60, 99):02d}-{digits(4)}",
                "Danish CPR number")


def fodselsnummer():
    while True:
        b = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(60, 99):02d}" + digits(3)
        k1 = 11 - sum(int(d) * w for d, w in zip(b, [3, 7, 6, 1, 8, 9, 4, 5, 2])) % 11
        k1 = 0 if k1 == 11 else k1
        if k1 == 10:
            continue
        b += str(k1)
        k2 = 11 - sum(int(d) * w for d, w in zip(b, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
        k2 = 0 if k2 == 11 else k2
        if k2 != 10:
            return Look(b + str(k2), "Norwegian fødselsnummer")


def taj():
    b = digits(8, "0123")
    c = sum(int(d) * (3 if i % 2 == 0 else 7) for i, d in enumerate(b)) % 10
    v = b + str(c)
    return Look(fmt(v, [3, 3, 3]), "Hungarian TAJ number")


def cpf():
    b = digits(9)
    for n in (10, 11):
        s = sum(int(d) * w for d, w in zip(b, range(n, 1, -1)))
        b += str(0 if s % 11 < 2 else 11 - s % 11)
    return Look(f"{b[:3]}.{b[3:6]}.{b[6:9]}-{b[9:]}", "Brazilian CPF")


def curp():
    cons = "BCDFGHJKLMNPQRSTVWXZ"
    return Look(R.choice(cons) + R.choice("AEIOU") + rand(UPPER, 2)
                + f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}"
                + R.choice("HM") + R.choice(["DF", "JC", "NL", "PL", "YN"]) + rand(cons, 3)
                + R.choice(DIGITS + "A") + R.choice(DIGITS), "Mexican CURP")


def rut():
    b = str(R.randint(8_000_000, 24_999_999))
    s = sum(int(d) * w for d, w in zip(reversed(b), [2, 3, 4, 5, 6, 7] * 2))
    c = 11 - s % 11
    c = "0" if c == 11 else "K" if c == 10 else str(c)
    return Look(f"{int(b):,}".replace(",", ".") + "-" + c, "Chilean RUT")


def kenya_id():
    return Look(R.choice([digits(8, "123"), "A0" + digits(8) + R.choice(UPPER)]),
                "Kenyan ID / KRA PIN")


def philsys():
    return Look(luhnless(lambda: fmt(digits(16, "123456789"), [4, 4, 4, 4], "-")),
                "PhilSys card number")


def sa_id():
    body = (f"{R.choice([R.randint(60, 99), R.randint(0, 5)]):02d}{R.randint(1, 12):02d}"
            f"{R.randint(1, 28):02d}" + digits(4) + R.choice("01") + "8")
    return Look(with_luhn(body), "South African ID (Luhn by design)", allow={"luhn"})


def nin_ng():
    return Look(digits(11, "123456789"), "Nigerian NIN")


def tfn():
    while True:
        b = digits(9, "123456789")
        if sum(int(d) * w for d, w in zip(b, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0:
            return Look(fmt(b, [3, 3, 3]), "Australian TFN")


def nhs_no():
    while True:
        b = digits(9, "456789")
        c = 11 - sum(int(d) * w for d, w in zip(b, range(10, 1, -1))) % 11
        c = 0 if c == 11 else c
        if c != 10:
            return Look(fmt(b + str(c), [3, 3, 4]), "NHS-like number")


def moroccan_cin():
    return Look(R.choice(["BE", "BK", "AB", "J", "CD"]) + digits(6, "123456789"), "Moroccan CIN")


NID = {"ar": [emirates_id, saudi_id, egypt_id], "he": [israeli_id], "hi": [aadhaar, pan],
       "th": [thai_id], "id": [nik], "ms": [mykad], "ro": [cnp], "uk": [rnokpp], "da": [cpr],
       "no": [fodselsnummer], "hu": [taj], "pt": [cpf], "es": [curp, rut], "sw": [kenya_id],
       "tl": [philsys], "fr": [moroccan_cin], "en": [sa_id, nin_ng, tfn, nhs_no, nric]}


def qatar_id():
    return Look(R.choice("23") + digits(10), "Qatari ID")


def cedula_co():
    return Look(f"{int(digits(10, '1')):,}".replace(",", "."), "Colombian cédula")


def dni_ar():
    return Look(f"{int(digits(8, '23')):,}".replace(",", "."), "Argentine DNI")


def ird_nz():
    v = digits(9, "01")
    return Look(f"{v[:3]}-{v[3:6]}-{v[6:]}", "New Zealand IRD number")


def us_passport():
    return Look(digits(9, "5"), "US passport number")


def senegal_cni():
    return Look(luhnless(lambda: R.choice("12") + digits(12)), "Senegalese CNI")


NID_BY_COUNTRY = {
    "AE": [emirates_id], "SA": [saudi_id], "EG": [egypt_id], "QA": [qatar_id], "IL": [israeli_id],
    "IN": [aadhaar, pan], "TH": [thai_id], "ID": [nik], "MY": [mykad], "SG": [nric], "RO": [cnp],
    "UA": [rnokpp], "DK": [cpr], "NO": [fodselsnummer], "HU": [taj], "BR": [cpf], "MX": [curp],
    "CL": [rut], "CO": [cedula_co], "AR": [dni_ar], "KE": [kenya_id], "NG": [nin_ng],
    "ZA": [sa_id], "PH": [philsys], "AU": [tfn], "NZ": [ird_nz], "US": [us_passport],
    "SN": [senegal_cni], "MA": [moroccan_cin]}


def nid(lang):
    return R.choice(NID[lang])()


def nid_of(country):
    """An identity number of the kind `country` issues (never labelled)."""
    return R.choice(NID_BY_COUNTRY[country])()


def imei():
    v = with_luhn(R.choice(["35", "35", "86", "01", "99"]) + digits(12))
    return Look(R.choice([v, f"{v[:2]}-{v[2:8]}-{v[8:14]}-{v[14]}", f"{v[:8]} {v[8:14]} {v[14]}"]),
                "IMEI (Luhn by design)", allow={"luhn"})


VIN_CHARS = "0123456789ABCDEFGHJKLMNPRSTUVWXYZ"
VIN_VAL = {**{str(i): i for i in range(10)}, **dict(zip("ABCDEFGH", range(1, 9))),
           **dict(zip("JKLMN", range(1, 6))), "P": 7, "R": 9,
           **dict(zip("STUVWXYZ", range(2, 10)))}


def vin():
    v = list(R.choice(["JTD", "WVW", "MA3", "MRH", "9BW", "SAL", "LSV", "KMH", "1HG"])
             + rand(VIN_CHARS, 5) + "0" + rand(VIN_CHARS, 8))
    w = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
    c = sum(VIN_VAL[ch] * wt for ch, wt in zip(v, w)) % 11
    v[8] = "X" if c == 10 else str(c)
    return Look("".join(v), "VIN")


ICD10 = ["S82.201A", "J18.9", "M54.5", "I21.4", "S06.0X0A", "K35.80", "O80", "E11.9", "T78.40XA",
         "S52.501A", "F43.1", "N20.0", "A09", "S13.4XXA", "C50.911"]


def icd():
    return Look(R.choice(ICD10), "ICD-10 code")


BICS = {"AE": ["NBADAEAAXXX", "EBILAEAD", "BOMLAEAD"], "SA": ["RJHISARI", "NCBKSAJE"],
        "IL": ["LUMIILITXXX", "POALILIT"], "RO": ["BTRLRO22", "RNCBROBU"], "DK": ["DABADKKK"],
        "NO": ["DNBANOKK"], "HU": ["OTPVHUHB", "GIBAHUHB"], "BR": ["BRASBRRJ", "ITAUBRSP"],
        "UA": ["PBANUA2X"], "EG": ["NBEGEGCX"], "QA": ["QNBAQAQA"], "IN": ["HDFCINBB"],
        "TH": ["BKKBTHBK"], "ID": ["BMRIIDJA"], "MY": ["MBBEMYKL"], "ZA": ["SBZAZAJJ"],
        "KE": ["KCBLKENX"], "NG": ["ZEIBNGLA"], "MX": ["BNMXMXMM"], "PH": ["BOPIPHMM"]}


def bic(country=None):
    country = country if country in BICS else R.choice(list(BICS))
    return Look(R.choice(BICS[country]), "SWIFT/BIC")


def tracking():
    def ups():
        return "1Z" + rand(UPPER + DIGITS, 6) + R.choice(["01", "03", "42"]) + digits(8)
    return Look(luhnless(lambda: R.choice([
        ups(), "JD01" + digits(16), "EB" + digits(9) + R.choice(["TH", "MY", "ID", "AE"]),
        "RR" + digits(9) + "IN", digits(12, "7"), "AWB " + digits(3) + "-" + digits(8)])),
        "tracking number")


def sha256():
    return Look(rand(HEX, 64), "SHA-256 hash")


def gitsha():
    return Look(rand(HEX, R.choice([7, 12, 40])), "git SHA")


def uuid_look():
    return Look(uuid(), "UUID")


def build_ip_shaped():
    return Look(f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}.{R.randint(100, 250)}",
                "four-part build number shaped like an IPv4", allow={"ipv4"})


def coords():
    lat = R.uniform(-40, 55)
    lon = R.uniform(-75, 150)
    return Look(f"{lat:.5f}, {lon:.5f}", "coordinates")


def ifsc():
    return Look(R.choice(["HDFC", "ICIC", "SBIN", "UTIB"]) + "0" + digits(6), "IFSC code")


def clabe():
    return Look(luhnless(lambda: digits(18, "0")), "Mexican CLABE (domestic account)")


def sort_code():
    return Look(f"{digits(2, '1234')}-{digits(2)}-{digits(2)}", "UK sort code")


def account_no():
    return Look(luhnless(lambda: digits(R.choice([10, 11, 12]), "0123456789")),
                "domestic account number")


def epoch_ms():
    return Look(luhnless(lambda: str(1_773_400_000_000 + R.randint(0, 3_000_000_000))),
                "epoch milliseconds")


def message_id(host):
    return Look(R.choice([f"<CA{rand(ALNUM + '+=_', 38)}@mail.gmail.com>",
                          f"<{rand(UPPER + DIGITS, 12)}.{digits(6)}@{host}>",
                          f"<{uuid()}@{host}>"]), "Message-ID", allow={"email", "entropy"})


# --- dates and amounts --------------------------------------------------------------------

MONTHS = {
    "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
    "ms": "Januari Februari Mac April Mei Jun Julai Ogos September Oktober November Disember".split(),
    "th": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "da": "januar februar marts april maj juni juli august september oktober november december".split(),
    "tl": "Enero Pebrero Marso Abril Mayo Hunyo Hulyo Agosto Setyembre Oktubre Nobyembre Disyembre".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}


def date(lang="en"):
    y, m, d = R.choice([2025, 2026, 2026]), R.randint(1, 12), R.randint(1, 28)
    opts = {
        "en": [f"{d} {MONTHS['en'][m - 1]} {y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/{y}"],
        "ar": [f"{d:02d}/{m:02d}/{y}", f"{y}-{m:02d}-{d:02d}"],
        "he": [f"{d}.{m}.{y}", f"{d:02d}/{m:02d}/{y}"],
        "hi": [f"{d:02d}-{m:02d}-{y}", f"{d:02d}/{m:02d}/{y}"],
        "th": [f"{d} {MONTHS['th'][m - 1]} {y + 543}", f"{d:02d}/{m:02d}/{y + 543}"],
        "id": [f"{d} {MONTHS['id'][m - 1]} {y}", f"{d:02d}-{m:02d}-{y}"],
        "ms": [f"{d} {MONTHS['ms'][m - 1]} {y}", f"{d:02d}/{m:02d}/{y}"],
        "ro": [f"{d:02d}.{m:02d}.{y}"], "uk": [f"{d:02d}.{m:02d}.{y}"],
        "da": [f"{d:02d}.{m:02d}.{y}", f"{d}. {MONTHS['da'][m - 1]} {y}"],
        "no": [f"{d:02d}.{m:02d}.{y}"], "hu": [f"{y}. {m:02d}. {d:02d}.", f"{y}.{m:02d}.{d:02d}."],
        "pt": [f"{d:02d}/{m:02d}/{y}", f"{d} de {MONTHS['pt'][m - 1]} de {y}"],
        "es": [f"{d:02d}/{m:02d}/{y}", f"{d} de {MONTHS['es'][m - 1]} de {y}"],
        "sw": [f"{d:02d}/{m:02d}/{y}"], "tl": [f"{MONTHS['tl'][m - 1]} {d}, {y}"],
        "fr": [f"{d:02d}/{m:02d}/{y}", f"{d} {MONTHS['fr'][m - 1]} {y}"],
    }
    return R.choice(opts[lang])


def amount(country):
    k = R.randint(1, 99)
    c = country
    table = {
        "AE": lambda: f"AED {k * 1250:,}.00", "SA": lambda: f"SAR {k * 830:,}",
        "EG": lambda: f"EGP {k * 9100:,}", "QA": lambda: f"QAR {k * 640:,}",
        "KW": lambda: f"KWD {k * 75:,}.500", "IL": lambda: f"₪{k * 610:,}",
        "IN": lambda: "₹" + indian(k * 12500), "TH": lambda: f"฿{k * 4500:,}",
        "ID": lambda: f"Rp {k * 1_250_000:,}".replace(",", "."),
        "MY": lambda: f"RM {k * 320:,}.00", "SG": lambda: f"S${k * 95:,}",
        "RO": lambda: f"{k * 435:,},00 lei".replace(",", ".", 1) if k * 435 >= 1000
        else f"{k * 435},00 lei",
        "UA": lambda: f"{k * 1240:,} грн".replace(",", " "),
        "DK": lambda: f"{k * 875:,} kr.".replace(",", "."),
        "NO": lambda: f"{k * 1250:,} kr".replace(",", " "),
        "HU": lambda: f"{k * 12500:,} Ft".replace(",", " "),
        "BR": lambda: f"R$ {k * 325:,},{R.randint(0, 99):02d}".replace(",", ".", 1)
        if k * 325 >= 1000 else f"R$ {k * 325},{R.randint(0, 99):02d}",
        "MX": lambda: f"${k * 1850:,} MXN", "CO": lambda: f"COP {k * 245_000:,}".replace(",", "."),
        "AR": lambda: f"ARS {k * 125_000:,}".replace(",", "."),
        "CL": lambda: f"CLP {k * 89_000:,}".replace(",", "."),
        "CR": lambda: f"₡{k * 52_000:,}", "DO": lambda: f"RD${k * 5_800:,}",
        "KE": lambda: f"KSh {k * 4500:,}", "NG": lambda: f"₦{k * 25_000:,}",
        "ZA": lambda: f"R {k * 1245:,},00".replace(",", " ", 1) if k * 1245 >= 1000
        else f"R {k * 1245},00",
        "PH": lambda: f"₱{k * 3500:,}", "AU": lambda: f"A${k * 234:,}", "NZ": lambda: f"NZ${k * 198:,}",
        "SN": lambda: f"{k * 45_000:,} FCFA".replace(",", " "), "MA": lambda: f"{k * 320:,} MAD".replace(",", " "),
        "US": lambda: f"${k * 124:,}.00", "BH": lambda: f"BHD {k * 65:,}.000",
        "PT": lambda: f"{k * 310:,},00 €".replace(",", ".", 1) if k * 310 >= 1000 else f"{k * 310},00 €",
    }
    return table.get(c, table["US"])()


def indian(n):
    s = str(n)
    if len(s) <= 3:
        return s
    head, tail = s[:-3], s[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    if head:
        groups.insert(0, head)
    return ",".join(groups) + "," + tail


# --- languages ---------------------------------------------------------------------------
# Per language: countries (phones, customers), IBAN countries, sentence templates (slots:
# WHO = a customer's name beside their address, PHONE, EMAIL, IBAN, CARD, PW, IP; negatives:
# POL, CLM, DATE, AMT, ICD, MCARD, BIC, NID, IFSC), KYC field labels, and call-centre lines.

LANGS = {
    "en": dict(
        name="English", countries=["ZA", "NG", "KE", "AU", "NZ", "SG", "US", "AE", "SA", "IN"],
        ibans=["AE", "SA", "QA", "PT", "BH", "KW"],
        claim="New claim from {WHO}, mobile {PHONE}, policy {POL}, loss date {DATE}.",
        payout="Settlement of {AMT} approved; pay to IBAN {IBAN}.",
        card="Excess paid by card {CARD}, receipt attached.",
        pw="Temporary password for the broker portal: {PW}",
        callback="Please call the policyholder back on {PHONE} before 17:00.",
        email="Customer asked for all letters by e-mail to {EMAIL} only.",
        ip="The claim was submitted from IP {IP}, not from the usual device.",
        neg1="Policy {POL} renewed on {DATE}, premium {AMT}.",
        neg2="Claim {CLM} is waiting for the police report; diagnosis code {ICD}.",
        neg3="Card on file {MCARD}, bank {BIC}; nothing else is stored in this ticket.",
        kyc=("Full name", "National ID", "Mobile", "verified", "Source-of-funds letter"),
        say_phone="yeah you can reach me on {PHONE} any time after six",
        say_name="my name is {NAME} and my email is {EMAIL}",
        ask="Can I have a callback number, please?",
    ),
    "ar": dict(
        name="Arabic", countries=["AE", "SA", "EG", "QA"], ibans=["AE", "SA", "EG", "QA", "KW", "BH"],
        claim="مطالبة جديدة من {WHO}، الجوال {PHONE}، رقم الوثيقة {POL}، تاريخ الحادث {DATE}.",
        payout="تمت الموافقة على تسوية بقيمة {AMT}، يرجى التحويل إلى رقم الآيبان {IBAN}.",
        card="دفع العميل مبلغ التحمل بالبطاقة {CARD}، والإيصال مرفق.",
        pw="كلمة المرور المؤقتة لبوابة الوسطاء: {PW}",
        callback="يرجى معاودة الاتصال بحامل الوثيقة على الرقم {PHONE} قبل الساعة 17:00.",
        email="طلب العميل إرسال جميع الرسائل إلى البريد الإلكتروني {EMAIL} فقط.",
        ip="تم تقديم المطالبة من عنوان IP {IP} وليس من الجهاز المعتاد.",
        neg1="تم تجديد الوثيقة {POL} بتاريخ {DATE}، القسط {AMT}.",
        neg2="المطالبة {CLM} بانتظار تقرير الشرطة، رمز التشخيص {ICD}.",
        neg3="البطاقة المسجلة {MCARD}، رمز السويفت {BIC}، ولا توجد بيانات أخرى في هذه التذكرة.",
        kyc=("الاسم الكامل", "رقم الهوية", "الجوال", "تم التحقق", "إثبات مصدر الأموال"),
        say_phone="نعم، رقمي هو {PHONE}",
        say_name="اسمي {NAME} وبريدي الإلكتروني {EMAIL}",
        ask="ممكن رقم للتواصل معك؟",
    ),
    "he": dict(
        name="Hebrew", countries=["IL"], ibans=["IL"],
        claim="תביעה חדשה מאת {WHO}, נייד {PHONE}, פוליסה {POL}, תאריך האירוע {DATE}.",
        payout="אושר תשלום פיצוי של {AMT}; להעביר ל-IBAN {IBAN}.",
        card="ההשתתפות העצמית שולמה בכרטיס {CARD}, הקבלה מצורפת.",
        pw="סיסמה זמנית לפורטל הסוכנים: {PW}",
        callback="נא לחזור למבוטח בטלפון {PHONE} עד השעה 17:00.",
        email="המבוטח ביקש לקבל את כל המכתבים רק לכתובת {EMAIL}.",
        ip="התביעה הוגשה מכתובת IP {IP} ולא מהמכשיר הרגיל.",
        neg1="פוליסה {POL} חודשה בתאריך {DATE}, פרמיה {AMT}.",
        neg2="תביעה {CLM} ממתינה לדוח משטרה; קוד אבחנה {ICD}.",
        neg3="כרטיס אשראי שמור {MCARD}, קוד בנק {BIC}; אין פרטים נוספים בפנייה זו.",
        kyc=("שם מלא", "מספר זהות", "נייד", "אומת", "הצהרה על מקור הכספים"),
        say_phone="כן, המספר שלי {PHONE}",
        say_name="קוראים לי {NAME} והמייל שלי {EMAIL}",
        ask="אפשר מספר טלפון לחזרה?",
    ),
    "hi": dict(
        name="Hindi", countries=["IN"], ibans=["AE", "SA", "QA"],
        claim="{WHO} की ओर से नया दावा, मोबाइल {PHONE}, पॉलिसी {POL}, घटना की तारीख {DATE}।",
        payout="{AMT} का निपटान स्वीकृत; भुगतान IBAN {IBAN} पर करें।",
        card="अतिरिक्त राशि का भुगतान कार्ड {CARD} से हुआ, रसीद संलग्न है।",
        pw="ब्रोकर पोर्टल का अस्थायी पासवर्ड: {PW}",
        callback="कृपया पॉलिसीधारक को शाम 5 बजे से पहले {PHONE} पर वापस कॉल करें।",
        email="ग्राहक ने सभी पत्र केवल ईमेल {EMAIL} पर भेजने को कहा है।",
        ip="दावा सामान्य डिवाइस से नहीं, बल्कि IP {IP} से जमा किया गया।",
        neg1="पॉलिसी {POL} का नवीनीकरण {DATE} को हुआ, प्रीमियम {AMT}।",
        neg2="दावा {CLM} पुलिस रिपोर्ट की प्रतीक्षा में है; निदान कोड {ICD}।",
        neg3="आधार {NID} सत्यापित है (संग्रहीत नहीं), बैंक IFSC {IFSC}।",
        kyc=("पूरा नाम", "आधार", "मोबाइल", "सत्यापित", "धन के स्रोत का प्रमाण"),
        say_phone="हाँ, मेरा नंबर {PHONE} है",
        say_name="मेरा नाम {NAME} है और ईमेल {EMAIL} है",
        ask="कृपया कॉलबैक नंबर बताइए।",
    ),
    "th": dict(
        name="Thai", countries=["TH"], ibans=["DK", "NO", "AE"],
        claim="เคลมใหม่จาก {WHO} มือถือ {PHONE} กรมธรรม์เลขที่ {POL} วันที่เกิดเหตุ {DATE}",
        payout="อนุมัติค่าสินไหมทดแทน {AMT} โอนเข้า IBAN {IBAN}",
        card="ลูกค้าชำระค่าเสียหายส่วนแรกด้วยบัตร {CARD} แนบใบเสร็จแล้ว",
        pw="รหัสผ่านชั่วคราวสำหรับพอร์ทัลนายหน้า: {PW}",
        callback="กรุณาโทรกลับผู้เอาประกันที่เบอร์ {PHONE} ก่อน 17:00 น.",
        email="ลูกค้าขอให้ส่งเอกสารทั้งหมดทางอีเมล {EMAIL} เท่านั้น",
        ip="เคลมนี้ส่งมาจาก IP {IP} ไม่ใช่อุปกรณ์ที่ใช้ประจำ",
        neg1="กรมธรรม์ {POL} ต่ออายุเมื่อ {DATE} เบี้ยประกัน {AMT}",
        neg2="เคลม {CLM} รอรายงานตำรวจ รหัสวินิจฉัย {ICD}",
        neg3="เลขประจำตัวประชาชน {NID} ตรวจสอบแล้ว ไม่ได้จัดเก็บ",
        kyc=("ชื่อ-นามสกุล", "เลขประจำตัวประชาชน", "มือถือ", "ตรวจสอบแล้ว", "หลักฐานแหล่งที่มาของเงิน"),
        say_phone="ค่ะ เบอร์ {PHONE} ค่ะ",
        say_name="ชื่อ {NAME} อีเมล {EMAIL} ค่ะ",
        ask="ขอเบอร์ติดต่อกลับด้วยค่ะ",
    ),
    "id": dict(
        name="Indonesian", countries=["ID"], ibans=["SA", "AE", "QA"],
        claim="Klaim baru dari {WHO}, HP {PHONE}, polis {POL}, tanggal kejadian {DATE}.",
        payout="Ganti rugi {AMT} disetujui; transfer ke IBAN {IBAN}.",
        card="Risiko sendiri dibayar dengan kartu {CARD}, bukti terlampir.",
        pw="Kata sandi sementara portal broker: {PW}",
        callback="Mohon telepon balik tertanggung di {PHONE} sebelum pukul 17.00.",
        email="Nasabah minta semua surat dikirim hanya ke email {EMAIL}.",
        ip="Klaim dikirim dari IP {IP}, bukan dari perangkat yang biasa.",
        neg1="Polis {POL} diperpanjang pada {DATE}, premi {AMT}.",
        neg2="Klaim {CLM} menunggu laporan polisi; kode diagnosis {ICD}.",
        neg3="NIK {NID} sudah diverifikasi Dukcapil dan tidak disimpan.",
        kyc=("Nama lengkap", "NIK", "HP", "terverifikasi", "Bukti sumber dana"),
        say_phone="iya, nomor saya {PHONE}",
        say_name="nama saya {NAME}, email {EMAIL}",
        ask="Boleh minta nomor yang bisa dihubungi?",
    ),
    "ms": dict(
        name="Malay", countries=["MY", "SG"], ibans=["AE", "SA"],
        claim="Tuntutan baharu daripada {WHO}, telefon bimbit {PHONE}, polisi {POL}, tarikh kejadian {DATE}.",
        payout="Pampasan {AMT} diluluskan; bayar ke IBAN {IBAN}.",
        card="Lebihan dibayar dengan kad {CARD}, resit dilampirkan.",
        pw="Kata laluan sementara portal broker: {PW}",
        callback="Sila hubungi semula pemegang polisi di {PHONE} sebelum jam 5 petang.",
        email="Pelanggan minta semua surat dihantar ke e-mel {EMAIL} sahaja.",
        ip="Tuntutan dihantar dari IP {IP}, bukan dari peranti biasa.",
        neg1="Polisi {POL} diperbaharui pada {DATE}, premium {AMT}.",
        neg2="Tuntutan {CLM} menunggu laporan polis; kod diagnosis {ICD}.",
        neg3="No. MyKad {NID} telah disahkan dan tidak disimpan.",
        kyc=("Nama penuh", "No. MyKad", "Telefon bimbit", "disahkan", "Bukti sumber dana"),
        say_phone="ya, nombor saya {PHONE}",
        say_name="nama saya {NAME}, e-mel {EMAIL}",
        ask="Boleh berikan nombor untuk dihubungi?",
    ),
    "ro": dict(
        name="Romanian", countries=["RO"], ibans=["RO"],
        claim="Dosar de daună nou de la {WHO}, mobil {PHONE}, polița {POL}, data evenimentului {DATE}.",
        payout="Despăgubire de {AMT} aprobată; plata în contul IBAN {IBAN}.",
        card="Franșiza a fost plătită cu cardul {CARD}, chitanța e atașată.",
        pw="Parola temporară pentru portalul brokerilor: {PW}",
        callback="Vă rog sunați asiguratul înapoi la {PHONE} înainte de ora 17:00.",
        email="Clientul a cerut ca toate scrisorile să fie trimise doar la {EMAIL}.",
        ip="Dosarul a fost trimis de la IP-ul {IP}, nu de pe dispozitivul obișnuit.",
        neg1="Polița {POL} a fost reînnoită la {DATE}, primă {AMT}.",
        neg2="Dosarul {CLM} așteaptă procesul-verbal de la poliție; cod diagnostic {ICD}.",
        neg3="CNP {NID} verificat, nu este stocat.",
        kyc=("Nume complet", "CNP", "Mobil", "verificat", "Dovada sursei fondurilor"),
        say_phone="da, numărul meu e {PHONE}",
        say_name="mă numesc {NAME}, adresa de e-mail e {EMAIL}",
        ask="Îmi puteți da un număr de telefon?",
    ),
    "uk": dict(
        name="Ukrainian", countries=["UA"], ibans=["UA"],
        claim="Нове повідомлення про збиток від {WHO}, мобільний {PHONE}, поліс {POL}, дата події {DATE}.",
        payout="Відшкодування {AMT} погоджено; переказ на IBAN {IBAN}.",
        card="Франшизу сплачено карткою {CARD}, квитанцію додано.",
        pw="Тимчасовий пароль до порталу брокерів: {PW}",
        callback="Будь ласка, передзвоніть страхувальнику на {PHONE} до 17:00.",
        email="Клієнт просить надсилати всі листи лише на {EMAIL}.",
        ip="Заяву подано з IP {IP}, а не зі звичного пристрою.",
        neg1="Поліс {POL} подовжено {DATE}, страховий платіж {AMT}.",
        neg2="Справа {CLM} чекає на довідку з поліції; код діагнозу {ICD}.",
        neg3="РНОКПП {NID} перевірено, не зберігається.",
        kyc=("ПІБ", "РНОКПП", "Мобільний", "перевірено", "Підтвердження джерела коштів"),
        say_phone="так, мій номер {PHONE}",
        say_name="мене звати {NAME}, пошта {EMAIL}",
        ask="Підкажіть, будь ласка, номер для зв'язку.",
    ),
    "da": dict(
        name="Danish", countries=["DK"], ibans=["DK"],
        claim="Ny skadeanmeldelse fra {WHO}, mobil {PHONE}, police {POL}, skadedato {DATE}.",
        payout="Erstatning på {AMT} godkendt; udbetales til IBAN {IBAN}.",
        card="Selvrisikoen er betalt med kort {CARD}, kvittering vedhæftet.",
        pw="Midlertidig adgangskode til mæglerportalen: {PW}",
        callback="Ring venligst forsikringstageren op på {PHONE} inden kl. 17.",
        email="Kunden ønsker alle breve sendt til {EMAIL} og intet andet sted.",
        ip="Anmeldelsen kom fra IP {IP}, ikke fra den sædvanlige enhed.",
        neg1="Police {POL} fornyet {DATE}, præmie {AMT}.",
        neg2="Skade {CLM} afventer politirapport; diagnosekode {ICD}.",
        neg3="CPR-nr. {NID} er kontrolleret og gemmes ikke.",
        kyc=("Fulde navn", "CPR-nr.", "Mobil", "kontrolleret", "Dokumentation for midlernes oprindelse"),
        say_phone="ja, mit nummer er {PHONE}",
        say_name="jeg hedder {NAME}, og min mail er {EMAIL}",
        ask="Må jeg bede om et nummer, vi kan ringe tilbage på?",
    ),
    "no": dict(
        name="Norwegian", countries=["NO"], ibans=["NO"],
        claim="Ny skademelding fra {WHO}, mobil {PHONE}, polise {POL}, skadedato {DATE}.",
        payout="Erstatning på {AMT} er godkjent; utbetales til IBAN {IBAN}.",
        card="Egenandelen er betalt med kort {CARD}, kvittering vedlagt.",
        pw="Midlertidig passord til meglerportalen: {PW}",
        callback="Vennligst ring forsikringstaker tilbake på {PHONE} før kl. 17.",
        email="Kunden vil ha alle brev kun til {EMAIL}.",
        ip="Skademeldingen kom fra IP {IP}, ikke fra den vanlige enheten.",
        neg1="Polise {POL} fornyet {DATE}, premie {AMT}.",
        neg2="Skadesak {CLM} venter på politianmeldelse; diagnosekode {ICD}.",
        neg3="Fødselsnummer {NID} er kontrollert og lagres ikke.",
        kyc=("Fullt navn", "Fødselsnummer", "Mobil", "kontrollert", "Dokumentasjon på midlenes opprinnelse"),
        say_phone="ja, nummeret mitt er {PHONE}",
        say_name="jeg heter {NAME}, og e-posten min er {EMAIL}",
        ask="Kan jeg få et nummer vi kan ringe deg på?",
    ),
    "hu": dict(
        name="Hungarian", countries=["HU"], ibans=["HU"],
        claim="Új kárbejelentés: {WHO}, mobil {PHONE}, kötvényszám {POL}, káresemény dátuma: {DATE}",
        payout="{AMT} kártérítés jóváhagyva; utalás erre az IBAN-ra: {IBAN}.",
        card="Az önrészt kártyával fizették: {CARD}, a nyugta csatolva.",
        pw="Ideiglenes jelszó a brókerportálhoz: {PW}",
        callback="Kérjük, hívják vissza a szerződőt a {PHONE} számon 17 óra előtt.",
        email="Az ügyfél kéri, hogy minden levelet csak ide küldjünk: {EMAIL}.",
        ip="A bejelentés a(z) {IP} IP-címről érkezett, nem a szokásos eszközről.",
        neg1="A {POL} kötvény megújítva: {DATE}, díj {AMT}.",
        neg2="A {CLM} kárügy rendőrségi jegyzőkönyvre vár; diagnóziskód {ICD}.",
        neg3="TAJ-szám {NID} ellenőrizve, nem tároljuk.",
        kyc=("Teljes név", "TAJ-szám", "Mobil", "ellenőrizve", "Vagyon eredetének igazolása"),
        say_phone="igen, a számom {PHONE}",
        say_name="a nevem {NAME}, az e-mail címem {EMAIL}",
        ask="Megadná a visszahívási számát?",
    ),
    "pt": dict(
        name="Portuguese (Brazil)", countries=["BR"], ibans=["BR", "PT"],
        claim="Novo sinistro aberto por {WHO}, celular {PHONE}, apólice {POL}, data do evento {DATE}.",
        payout="Indenização de {AMT} aprovada; pagar no IBAN {IBAN}.",
        card="A franquia foi paga com o cartão {CARD}, comprovante em anexo.",
        pw="Senha provisória do portal de corretores: {PW}",
        callback="Favor retornar a ligação para o segurado no {PHONE} até as 17h.",
        email="O cliente pediu que toda correspondência vá só para {EMAIL}.",
        ip="O sinistro foi aberto a partir do IP {IP}, não do aparelho de costume.",
        neg1="Apólice {POL} renovada em {DATE}, prêmio {AMT}.",
        neg2="Sinistro {CLM} aguardando boletim de ocorrência; CID {ICD}.",
        neg3="CPF {NID} validado na Receita, não armazenado.",
        kyc=("Nome completo", "CPF", "Celular", "validado", "Comprovante de origem dos recursos"),
        say_phone="sim, meu número é {PHONE}",
        say_name="meu nome é {NAME} e o e-mail é {EMAIL}",
        ask="Pode me passar um telefone para retorno?",
    ),
    "es": dict(
        name="Spanish (Latin America)", countries=["MX", "CO", "AR", "CL"], ibans=["CR", "DO"],
        claim="Nuevo siniestro reportado por {WHO}, celular {PHONE}, póliza {POL}, fecha del evento {DATE}.",
        payout="Indemnización de {AMT} aprobada; transferir a la cuenta IBAN {IBAN}.",
        card="El deducible se pagó con la tarjeta {CARD}, comprobante adjunto.",
        pw="Contraseña temporal del portal de agentes: {PW}",
        callback="Favor de devolver la llamada al asegurado al {PHONE} antes de las 17:00.",
        email="El cliente pidió que toda la correspondencia vaya solo a {EMAIL}.",
        ip="El siniestro se reportó desde la IP {IP}, no desde el equipo habitual.",
        neg1="Póliza {POL} renovada el {DATE}, prima {AMT}.",
        neg2="Siniestro {CLM} en espera del parte policial; código CIE {ICD}.",
        neg3="Documento {NID} validado en el registro, no se guarda.",
        kyc=("Nombre completo", "CURP / RUT", "Celular", "validado", "Comprobante de origen de fondos"),
        say_phone="sí, mi número es {PHONE}",
        say_name="me llamo {NAME} y mi correo es {EMAIL}",
        ask="¿Me regala un número de contacto?",
    ),
    "sw": dict(
        name="Swahili", countries=["KE"], ibans=["AE", "SA"],
        claim="Dai jipya kutoka kwa {WHO}, simu {PHONE}, sera {POL}, tarehe ya tukio {DATE}.",
        payout="Fidia ya {AMT} imeidhinishwa; lipa kwenye IBAN {IBAN}.",
        card="Ziada ililipwa kwa kadi {CARD}, risiti imeambatishwa.",
        pw="Nenosiri la muda la tovuti ya madalali: {PW}",
        callback="Tafadhali mpigie mwenye sera tena kwa {PHONE} kabla ya saa 11 jioni.",
        email="Mteja ameomba barua zote zitumwe kwa {EMAIL} pekee.",
        ip="Dai liliwasilishwa kutoka IP {IP}, si kifaa cha kawaida.",
        neg1="Sera {POL} imehuishwa tarehe {DATE}, ada {AMT}.",
        neg2="Dai {CLM} linasubiri ripoti ya polisi; msimbo wa utambuzi {ICD}.",
        neg3="Namba ya kitambulisho {NID} imethibitishwa, haihifadhiwi.",
        kyc=("Jina kamili", "Namba ya kitambulisho", "Simu", "imethibitishwa", "Uthibitisho wa chanzo cha fedha"),
        say_phone="ndiyo, namba yangu ni {PHONE}",
        say_name="jina langu ni {NAME}, barua pepe {EMAIL}",
        ask="Naomba namba ya simu ya kukupigia?",
    ),
    "tl": dict(
        name="Tagalog", countries=["PH"], ibans=["AE", "SA", "QA", "KW"],
        claim="Bagong claim mula kay {WHO}, cellphone {PHONE}, policy {POL}, petsa ng insidente {DATE}.",
        payout="Aprubado ang bayad na {AMT}; ipadala sa IBAN {IBAN}.",
        card="Binayaran ang participation fee gamit ang card {CARD}, nakalakip ang resibo.",
        pw="Pansamantalang password ng broker portal: {PW}",
        callback="Pakitawagan muli ang policyholder sa {PHONE} bago mag-5 ng hapon.",
        email="Hiniling ng kliyente na sa {EMAIL} lang ipadala ang lahat ng sulat.",
        ip="Isinumite ang claim mula sa IP {IP}, hindi sa karaniwang device.",
        neg1="Na-renew ang policy {POL} noong {DATE}, premium {AMT}.",
        neg2="Naghihintay ang claim {CLM} ng police report; diagnosis code {ICD}.",
        neg3="Na-verify na ang PhilSys number {NID} at hindi ito itinatago.",
        kyc=("Buong pangalan", "PhilSys no.", "Cellphone", "na-verify", "Patunay ng pinagmulan ng pondo"),
        say_phone="opo, ang number ko ay {PHONE}",
        say_name="ako po si {NAME}, email ko {EMAIL}",
        ask="Pwede po bang makuha ang contact number ninyo?",
    ),
    "fr": dict(
        name="French", countries=["SN", "MA"], ibans=["BH", "KW", "EG"],
        claim="Nouveau sinistre déclaré par {WHO}, portable {PHONE}, police {POL}, date du sinistre {DATE}.",
        payout="Indemnité de {AMT} validée ; virement sur l'IBAN {IBAN}.",
        card="La franchise a été réglée par carte {CARD}, reçu joint.",
        pw="Mot de passe provisoire du portail courtiers : {PW}",
        callback="Merci de rappeler l'assuré au {PHONE} avant 17 h.",
        email="Le client demande que tout courrier parte uniquement à {EMAIL}.",
        ip="Le sinistre a été déclaré depuis l'IP {IP}, pas depuis l'appareil habituel.",
        neg1="Police {POL} renouvelée le {DATE}, prime {AMT}.",
        neg2="Sinistre {CLM} en attente du procès-verbal ; code CIM {ICD}.",
        neg3="Carte enregistrée {MCARD}, BIC {BIC} ; aucune autre donnée dans ce ticket.",
        kyc=("Nom complet", "N° CIN", "Portable", "vérifié", "Justificatif d'origine des fonds"),
        say_phone="oui, mon numéro c'est le {PHONE}",
        say_name="je m'appelle {NAME} et mon e-mail c'est {EMAIL}",
        ask="Pouvez-vous me donner un numéro de rappel ?",
    ),
}
LANG_CODES = list(LANGS)
POSITIVE_KEYS = ["payout", "card", "pw", "callback", "email", "ip"]

_cycles = {}


def cycle(tag, n):
    """Variants 0..n-1 in turn (each template's variants equally used, in a drawn order)."""
    queue = _cycles.setdefault("v:" + tag, [])
    if not queue:
        queue.extend(R.sample(range(n), n))
    return queue.pop()


def next_lang(tag, pool=None):
    """Languages in turn per template (each template cycles through its pool, shuffled)."""
    pool = pool or LANG_CODES
    queue = _cycles.setdefault(tag, [])
    if not queue:
        queue.extend(R.sample(pool, len(pool)))
    return queue.pop()


def customer(country=None, lang=None):
    """A customer of `country` (each in turn), or of anywhere."""
    if lang and not country:
        country = lang_country(lang)
    if country is None:
        return CUSTOMERS[cycle("customer:any", len(CUSTOMERS))]
    pool = [c for c in CUSTOMERS if c.country == country] or CUSTOMERS
    return pool[cycle(f"customer:{country}", len(pool))]


def lang_country(lang):
    """The countries of a language, each in turn."""
    pool = LANGS[lang]["countries"]
    return pool[cycle("country:" + lang, len(pool))]


STAFF_LANG = {"ar": ["AE", "SA", "EG", "QA"], "he": ["IL"], "hi": ["IN"], "th": ["TH"],
              "id": ["ID"], "ms": ["MY", "SG"], "ro": ["RO"], "uk": ["UA"], "da": ["DK"],
              "no": ["NO"], "hu": ["HU"], "pt": ["BR"], "es": ["MX", "CO", "AR", "CL"],
              "sw": ["KE"], "tl": ["PH"], "fr": ["SN", "MA"],
              "en": ["ZA", "NG", "AU", "NZ", "KE", "SG", "US", "AE", "IN"]}


def staff(lang=None, n=1, exclude=()):
    """`n` staff members, from the language's countries first (others when too few)."""
    rest = [s for s in STAFF if s not in exclude]
    pool = [s for s in rest if lang is None or s.country in STAFF_LANG[lang]] or rest
    picked = R.sample(pool, min(n, len(pool)))
    if len(picked) < n:
        picked += R.sample([s for s in rest if s not in picked], n - len(picked))
    return picked[0] if n == 1 else picked


def person(s):
    return ("person", s.display)


def pmail(s):
    return ("person", s.email)


def pid(s):
    return ("person", s.account_id)


def cname(c, latin=False):
    return ("person", c.latin if latin else c.display)


def cmail(c, alt=False):
    return ("email", c.alt_email if alt else c.email)


def who(c, style=None, latin=False):
    """A customer's name beside their address."""
    style = style if style is not None else R.randrange(5)
    n, e = cname(c, latin), cmail(c)
    return [[n, " <", e, ">"], [n, " (", e, ")"], [n, ", ", e], [n, " — ", e],
            [n, " / ", e]][style]


ROLE = ["claims", "fraud", "kyc-ops", "callcentre", "noreply", "payouts", "motor.claims",
        "health.claims", "complaints", "dpo", "broker.support", "app-feedback"]


def role_email(country=None, role=None):
    dom = STAFF_DOMAIN[country] if country else "qorvane.com"
    return ("email", f"{role or R.choice(ROLE)}@{dom}")


def neg_slots(lang, country):
    return dict(POL=policy_no(country), CLM=claim_no(), DATE=date(lang), AMT=amount(country),
                ICD=icd(), MCARD=masked_card(), BIC=bic(country), NID=nid(lang), IFSC=ifsc())


def pos_slots(lang, country, c):
    return dict(WHO=who(c), PHONE=phone(c.country if c else country), EMAIL=cmail(c),
                IBAN=iban(R.choice(LANGS[lang]["ibans"])), CARD=card(), PW=pw(),
                IP=ip6() if R.random() < 0.2 else ip4("public"),
                NAME=cname(c), **neg_slots(lang, country))


# --- positive templates ------------------------------------------------------------------


def lines(*rows):
    """Rows joined by newlines (each row a piece or a list of pieces)."""
    out = []
    for i, row in enumerate(rows):
        if i:
            out.append("\n")
        out.append(row)
    return out


def issue(proj=None):
    return f"{proj or R.choice(['CLM', 'KYC', 'FRD', 'CC', 'MOB', 'OPS'])}-{R.randint(1000, 9999)}"


def rfc_date(moment=None):
    """An RFC 5322 date (weekday consistent with the date)."""
    m = moment or datetime.datetime(2026, R.randint(1, 12), R.randint(1, 28), R.randint(7, 19),
                                    R.randint(0, 59), R.randint(0, 59))
    zone = R.choice(['+0400', '+0300', '+0200', '+0700', '+0530', '-0300', '+0800'])
    return f"{m:%a}, {m.day} {m:%b %Y %H:%M:%S} {zone}"


def iso_ts():
    return (f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:"
            f"{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z")


def others(taken, n):
    """`n` more customers from anywhere (all in turn), none of `taken`."""
    out = []
    while len(out) < n:
        c = customer()
        if c not in taken and c not in out:
            out.append(c)
    return out


def t_claim():
    lang = next_lang("claim")
    L, country = LANGS[lang], lang_country(lang)
    c, s = customer(country), staff(lang)
    sl = pos_slots(lang, country, c)
    keys = R.sample(POSITIVE_KEYS, R.choice([1, 2, 2]))
    rows = [[f"{issue(R.choice(['CLM', 'MTR', 'HLT', 'TRV']))} · Claims intake · {L['name']} · "
             "assignee ", person(s)], fill(L["claim"], **sl)]
    rows += [fill(L[k], **pos_slots(lang, country, c)) for k in keys]
    return lines(*rows), [s]


PRODUCTS = ["bancassurance savings plan", "motor comprehensive", "family health cover",
            "term life", "travel annual multi-trip", "home contents"]


def t_kyc():
    lang = next_lang("kyc")
    L, country = LANGS[lang], lang_country(lang)
    c, s = customer(country), staff(lang)
    name_l, id_l, phone_l, ver, sof = L["kyc"]
    rows = [f"{issue('KYC')} KYC checklist — {R.choice(PRODUCTS)} ({country}, {L['name']})",
            ["[x] ", name_l, ": ", cname(c), R.choice([" · ", " — ", ", "]), cmail(c)],
            ["[x] ", id_l, ": ", nid_of(c.country), f" ({ver})"],
            ["[x] ", phone_l, ": ", phone(c.country), " — OTP ✔"]]
    if R.random() < 0.7:
        rows.append(["[x] IBAN: ", iban(R.choice(L["ibans"])), f" ({ver})"])
    if R.random() < 0.4:
        rows.append(["[x] Premium card: ", card(), " (3-D Secure ok)"])
    if R.random() < 0.5:
        rows.append(["[x] Device / IP at sign-up: Qorvane Go 7.", str(R.randint(10, 16)), ", ",
                     ip_any()])
    rows += [["[ ] ", sof],
             f"[x] PEP / sanctions screening: no match (ref WC-{digits(8)})",
             ["Checked by ", person(s), " on ", date(lang)]]
    return lines(*rows), [s]


FRAUD_TITLES = ["suspected staged collision ring", "duplicate hospital invoices",
                "payout IBAN changed twice in 48h", "same device on unrelated policies",
                "SIM-swap before a large surrender", "inflated theft claim, receipts reused"]


def t_fraud():
    lang = next_lang("fraud")
    L, country = LANGS[lang], lang_country(lang)
    s1, s2 = staff(lang, 2)
    c1 = customer(country)
    c2 = others([c1], 1)[0]
    rows = [f"{issue('FRD')} — {R.choice(FRAUD_TITLES)} ({country})",
            ["Analyst: ", person(s1), " · second review: ", person(s2)],
            "Linked policyholders:",
            ["  - ", who(c1, 0), ", ", phone(c1.country)],
            ["  - ", who(c2, 0), ", ", phone(c2.country)],
            ["Device: IMEI ", imei(), " (same handset on both claims)"],
            ["Login IPs: ", ip4("public"), ", ", ip4("public"), ", ", ip6()]]
    if R.random() < 0.6:
        rows.append(["Payout destinations: ", iban(R.choice(L["ibans"])), "; card ", card()])
    else:
        rows.append(["Payout destination: ", iban(R.choice(L["ibans"]))])
    rows.append(["Note (", L["name"], "): ", fill(L["ip"], IP=ip4("public"))])
    rows.append(["Related: ", claim_no(), ", ", policy_no(country), "; vehicle ", vin()])
    return lines(*rows), [s1, s2]


def stt_digits(value):
    """A number as a transcription engine hears it digit by digit."""
    return " ".join(re.sub(r"\D", "", value))


def t_transcript():
    lang = next_lang("transcript")
    L, country = LANGS[lang], lang_country(lang)
    c, s = customer(country), staff(lang)
    national = phone_forms(c.country)[0]
    if R.random() < 0.2:
        ph = ("phone", stt_digits(national))
    else:
        ph = phone(c.country)
    t = 2
    rows = [f"Transcript · call {rand(UPPER + DIGITS, 10)} · queue {R.choice(['claims', 'motor', 'health', 'app-support'])}"
            f" · lang={lang} · STT v{R.randint(3, 5)}.{R.randint(0, 9)} · confidence 0.{R.randint(78, 96)}"]

    def ts():
        nonlocal t
        t += R.randint(4, 14)
        return f"[00:{t // 60:02d}:{t % 60:02d}]"
    rows.append([f"{ts()} AGENT (", person(s), "): ", L["ask"]])
    rows.append([f"{ts()} CALLER: ", fill(L["say_phone"], PHONE=ph)])
    rows.append([f"{ts()} CALLER: ", fill(L["say_name"], NAME=cname(c), EMAIL=cmail(c))])
    if R.random() < 0.35:
        cd = card(style="space")
        if R.random() < 0.3:
            cd = ("credit_card", stt_digits(cd[1]))
        rows.append([f"{ts()} CALLER: ", cd, "  [PCI pause did not trigger]"])
    if R.random() < 0.4:
        rows.append(["[summary] ", fill(L["payout"], AMT=amount(country),
                                        IBAN=iban(R.choice(L["ibans"])))])
    else:
        rows.append(["[summary] ", fill(L["callback"], PHONE=phone(c.country))])
    return lines(*rows), [s]


STREETS = {
    "AE": ("Al Wasl Road", "Dubai", "00000"), "SA": ("King Fahd Road", "Riyadh", "12271"),
    "EG": ("Tahrir Street", "Cairo", "11511"), "QA": ("Al Sadd Street", "Doha", "00000"),
    "IL": ("Rothschild Blvd", "Tel Aviv", "6688101"), "IN": ("MG Road", "Bengaluru", "560001"),
    "TH": ("Sukhumvit Soi 24", "Bangkok", "10110"), "ID": ("Jl. Sudirman Kav. 52", "Jakarta", "12190"),
    "MY": ("Jalan Ampang", "Kuala Lumpur", "50450"), "SG": ("Orchard Road", "Singapore", "238879"),
    "RO": ("Strada Lipscani", "București", "030031"), "UA": ("вул. Хрещатик", "Київ", "01001"),
    "DK": ("Nørrebrogade", "København N", "2200"), "NO": ("Storgata", "Oslo", "0184"),
    "HU": ("Andrássy út", "Budapest", "1061"), "BR": ("Rua Augusta", "São Paulo", "01305-000"),
    "MX": ("Av. Insurgentes Sur", "CDMX", "03100"), "CO": ("Carrera 7", "Bogotá", "110231"),
    "AR": ("Av. Corrientes", "CABA", "C1043"), "CL": ("Av. Providencia", "Providencia", "7500000"),
    "KE": ("Moi Avenue", "Nairobi", "00100"), "NG": ("Allen Avenue", "Ikeja", "100271"),
    "ZA": ("Jan Smuts Avenue", "Johannesburg", "2196"), "PH": ("Ayala Avenue", "Makati", "1226"),
    "AU": ("George Street", "Sydney NSW", "2000"), "NZ": ("Queen Street", "Auckland", "1010"),
    "US": ("Maple Avenue", "Houston TX", "77002"), "SN": ("Route de Ouakam", "Dakar", "10200"),
    "MA": ("Boulevard Zerktouni", "Casablanca", "20250"),
}


def street(country):
    st, city, z = STREETS[country]
    return f"{R.randint(2, 180)} {st}, {z} {city}"


def t_ocr():
    lang = next_lang("ocr")
    L, country = LANGS[lang], lang_country(lang)
    c = customer(country)
    name_l, id_l, phone_l, _, _ = L["kyc"]
    gap = lambda: " " * R.randint(2, 6)  # noqa: E731
    nm = c.display if R.random() < 0.6 else c.display.replace(" ", "  ", 1)
    rows = [f"[OCR p.1/{R.randint(2, 4)} · scan_2026{R.randint(1, 12):02d}{R.randint(1, 28):02d}_{digits(4)}.pdf · engine 3.2 · conf {R.randint(81, 97)}%]",
            f"QORVANE  ASSURANCE{gap()}CLAIM  FORM  —  {R.choice(['MOTOR', 'HEALTH', 'TRAVEL', 'PROPERTY'])}",
            [f"Name / {name_l}:{gap()}", ("person", nm), gap(), "Policy No.:", gap(), policy_no(country)],
            [f"Tel / {phone_l} :{gap()}", phone(c.country), gap(), "E-mail :", gap(), cmail(c)],
            f"Address:{gap()}{street(c.country)}"]
    if R.random() < 0.7:
        rows.append([f"Bank{gap()}IBAN:{gap()}", iban(R.choice(L["ibans"]), compact=False)])
    if R.random() < 0.4:
        rows.append([f"Card  used  for  excess:{gap()}", card(), "   (OCR: low confidence)"])
    if R.random() < 0.5:
        rows.append([f"Alt.  contact  Tel:{gap()}", phone(c.country), f"{gap()}|{gap()}Fax: ",
                     phone(c.country, "national")])
    rows.append(f"Signature:{gap()}______________{gap()}Date:{gap()}{date(lang)}")
    return lines(*rows), []


SUBJECTS = ["Re: my claim", "Fwd: accident photos", "RE: payout details", "Complaint about delay",
            "Change of bank account", "Documents for the hospital bill"]
MAIL_HOSTS = ["mail-ej1-f44.google.com", "mail-pl1-f171.google.com",
              "EUR05-AM6-obe.outbound.protection.outlook.com", "sonic312-21.consmr.mail.ne1.yahoo.com"]


def t_email():
    lang = next_lang("email")
    L, country = LANGS[lang], lang_country(lang)
    c = customer(country)
    s1, s2 = staff(lang, 2)
    claims = role_email(s1.country, R.choice(["claims", "motor.claims", "health.claims"]))
    key = R.choice(POSITIVE_KEYS[:2] + ["email", "callback"])
    body = fill(L[key], **pos_slots(lang, country, c))
    sig = [cname(c), "\n", phone(c.country)]
    variant = cycle("email", 3)
    moment = datetime.datetime(2026, R.randint(1, 12), R.randint(1, 28), R.randint(7, 19),
                               R.randint(0, 59), R.randint(0, 59))
    later = moment + datetime.timedelta(seconds=R.randint(20, 400))
    if variant == 0:
        host = R.choice(MAIL_HOSTS)
        mx = f"mx{R.randint(1, 4)}.{STAFF_DOMAIN[s1.country]}"
        rows = [["Return-Path: <", cmail(c), ">"],
                ["Received: from ", host, " (", host, " [", ip4("mail"), "])"],
                [f"        by {mx} (Postfix) with ESMTPS id {rand(UPPER + DIGITS, 11)}"],
                ["        for <", claims, ">; ", rfc_date(later)],
                ["Received: from [", ip4("private"), "] (unknown [", ip4("public"), "])"],
                [f"        by {host} with HTTP; {rfc_date(moment)}"],
                ["X-Originating-IP: [", ip4("public"), "]"],
                ["From: \"", cname(c), "\" <", cmail(c), ">"],
                ["Reply-To: ", cmail(c, alt=True)],
                ["To: \"Qorvane Claims\" <", claims, ">"],
                ["Cc: \"", person(s2), "\" <", pmail(s2), ">, ", role_email(s1.country, "fraud")],
                ["Subject: ", R.choice(SUBJECTS), " ", claim_no()],
                ["Message-ID: ", message_id(host)],
                f"Date: {rfc_date(moment)}", "MIME-Version: 1.0", 'Content-Type: text/plain; charset="UTF-8"',
                "", body, "", sig]
        people = [s2]
    elif variant == 1:
        rows = [["FYI — please open a claim for this one. ", person(s1)], "",
                "---------- Forwarded message ---------",
                ["From: ", cname(c), " <", cmail(c), ">"],
                f"Date: {moment:%a}, {moment.day} {moment:%b %Y} at {moment:%H:%M}",
                ["Subject: ", R.choice(SUBJECTS)],
                ["To: <", claims, ">"],
                ["Cc: ", person(s2), " <", pmail(s2), ">"], "", body, "", sig]
        people = [s1, s2]
    else:
        rows = [["From: ", cname(c), " <", cmail(c), ">"],
                f"Sent: {moment:%A, %B} {moment.day}, {moment.year} {moment.hour % 12 or 12}:{moment:%M %p}",
                ["To: Qorvane Claims <", claims, ">; ", person(s1), " <", pmail(s1), ">"],
                ["Reply-To: ", cmail(c, alt=True)],
                f"Subject: RE: {R.choice(SUBJECTS)}", "", body, "", sig]
        people = [s1]
    return lines(*rows), people


VCARD_ROLES = ["Policyholder", "Loss adjuster (external)", "Garage owner", "Treating physician",
               "Beneficiary", "Witness"]


def t_vcard():
    lang = next_lang("vcard")
    c = customer(lang_country(lang))
    forms = phone_forms(c.country)
    v4 = R.random() < 0.4
    rows = ["BEGIN:VCARD", "VERSION:" + ("4.0" if v4 else "3.0"),
            ["N:", ("person", c.family), ";", ("person", c.given), ";;;"],
            ["FN:", cname(c)],
            f"TITLE:{R.choice(VCARD_ROLES)}"]
    if v4:
        rows.append(["TEL;TYPE=cell;VALUE=uri:tel:", ("phone", forms[2])])
    else:
        rows.append(["TEL;TYPE=CELL:", ("phone", R.choice(forms[:2]))])
    if R.random() < 0.5:
        rows.append(["TEL;TYPE=HOME,VOICE:", phone(c.country)])
    rows.append(["EMAIL;TYPE=INTERNET" + (",PREF" if R.random() < 0.5 else "") + ":", cmail(c)])
    if R.random() < 0.4:
        rows.append(["EMAIL;TYPE=INTERNET:", cmail(c, alt=True)])
    st, city, z = STREETS[c.country]
    rows += [f"ADR;TYPE=HOME:;;{R.randint(2, 180)} {st};{city};;{z};{c.country}",
             ["NOTE:", fill(LANGS[lang]["neg1"], **neg_slots(lang, c.country))],
             f"REV:{iso_ts()}", "END:VCARD"]
    return lines(*rows), []


TZ = {"ar": "Arabian Standard Time", "he": "Israel Standard Time", "hi": "India Standard Time",
      "th": "SE Asia Standard Time", "id": "SE Asia Standard Time", "ms": "Singapore Standard Time",
      "ro": "GTB Standard Time", "uk": "FLE Standard Time", "da": "Romance Standard Time",
      "no": "W. Europe Standard Time", "hu": "Central Europe Standard Time",
      "pt": "E. South America Standard Time", "es": "Central Standard Time (Mexico)",
      "sw": "E. Africa Standard Time", "tl": "Singapore Standard Time",
      "fr": "Greenwich Standard Time", "en": "South Africa Standard Time"}


def t_ics():
    lang = next_lang("ics")
    country = lang_country(lang)
    s1, s2 = staff(lang, 2)
    c = customer(country)
    m, d, h = R.randint(1, 12), R.randint(1, 28), R.randint(8, 16)
    rows = ["BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
            "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT",
            ["ORGANIZER;CN=", person(s1), ":mailto:", pmail(s1)],
            ["ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=", person(s2),
             ":mailto:", pmail(s2)]]
    if R.random() < 0.6:
        rows.append(["ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=", cname(c),
                     ":mailto:", cmail(c)])
    rows.append(["ATTENDEE;CUTYPE=GROUP;ROLE=NON-PARTICIPANT;CN=Fraud Team:mailto:",
                 role_email(None, "fraud")])
    rows += [["DESCRIPTION:Dial-in: ", ("phone", hotline(s1.country)), "\\, conference ID ",
              Look(f"{digits(3, '123456789')} {digits(3)} {digits(2)}#", "conference PIN"),
              "\\nAgenda: review of ", claim_no(), " before the payout"],
             ["SUMMARY;LANGUAGE=", lang, ":Claim review ", claim_no()],
             f'DTSTART;TZID="{TZ[lang]}":2026{m:02d}{d:02d}T{h:02d}0000',
             f'DTEND;TZID="{TZ[lang]}":2026{m:02d}{d:02d}T{h:02d}3000',
             ["UID:", Look(uuid().upper(), "UID")],
             f"DTSTAMP:2026{m:02d}{max(1, d - 1):02d}T081244Z",
             "LOCATION:Microsoft Teams Meeting", "END:VEVENT", "END:VCALENDAR"]
    return lines(*rows), [s1, s2]


def e164(country):
    return phone(country, "e164")


def t_csv():
    lang = next_lang("csv")
    L, country = LANGS[lang], lang_country(lang)
    variant = R.randrange(4)
    custs = R.sample([c for c in CUSTOMERS if c.country in L["countries"]] or CUSTOMERS, 1)
    custs += others(custs, R.randint(1, 3))
    if variant == 0:
        handlers = staff(lang, 2)
        rows = ["claim_no,policy_no,holder_name,holder_email,mobile,payout_iban,amount,currency,status,handler"]
        for c in custs:
            h = R.choice(handlers)
            rows.append([claim_no(), ",", policy_no(c.country), ",", cname(c), ",", cmail(c), ",",
                         phone(c.country, R.choice(["e164", "national"])), ",",
                         iban(R.choice(L["ibans"]), compact=True), ",", str(R.randint(100, 99999)),
                         f",{R.choice(['AED', 'SAR', 'BRL', 'IDR', 'THB', 'KES'])},"
                         f"{R.choice(['APPROVED', 'PENDING', 'PAID'])},", person(h)])
        return lines(*rows), handlers
    if variant == 1:
        agents = staff(lang, 2)
        rows = ["call_id\tstarted_at\tagent\tani\tdnis\tduration_s\twrap_code"]
        for c in custs:
            rows.append([f"{rand(HEX, 12)}\t{iso_ts()}\t", person(R.choice(agents)), "\t",
                         e164(c.country), "\t", ("phone", hotline(agents[0].country)),
                         f"\t{R.randint(40, 1900)}\t{R.choice(['FNOL', 'STATUS', 'COMPLAINT', 'PAYOUT'])}"])
        return lines(*rows), agents
    if variant == 2:
        rows = ["txn_id,created,card_number,brand,exp,amount,currency,status,client_ip"]
        for _ in custs:
            brand = R.choice(["visa", "mastercard", "amex", "jcb", "unionpay", "discover", "diners"])
            cd = card(brand, style="plain")
            rows.append([f"tx_{rand(HEX, 10)},{iso_ts()},", cd,
                         f",{brand.upper()},{R.randint(1, 12):02d}/{R.randint(27, 31)},"
                         f"{R.randint(20, 900)}.{R.randint(0, 99):02d},{R.choice(['AED', 'USD', 'THB', 'MYR'])},"
                         f"{R.choice(['captured', 'declined', 'refunded'])},", ip4("public")])
        rows.append("# reconciliation export from the card gateway — PAN not masked, see INC-" + digits(5) + ")")
        return lines(*rows), []
    rows = ["customer_id\tfull_name\temail\tnational_id\tmobile\tcountry"]
    for c in custs:
        rows.append([f"C{digits(7)}\t", cname(c), "\t", cmail(c), "\t", nid_of(c.country), "\t",
                     phone(c.country), f"\t{c.country}"])
    return lines(*rows), []


def iso_phone(country):
    forms = phone_forms(country)
    code = forms[1].split()[0].split("-")[0]
    return ("phone", f"{code}-{forms[2][len(code):]}")


def t_xml():
    lang = next_lang("xml")
    L, country = LANGS[lang], lang_country(lang)
    c = customer(country)
    if R.random() < 0.5:
        nonce = base64.b64encode(bytes(R.getrandbits(8) for _ in range(16))).decode()
        pw_user = R.choice(["svc-kyc-gateway", "svc_soap_claims", "esb-partner-tpa"])
        rows = ['<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
                'xmlns:kyc="urn:qorvane:kyc:v2" xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
                'oasis-200401-wss-wssecurity-secext-1.0.xsd">',
                "  <soapenv:Header>", '    <wsse:Security soapenv:mustUnderstand="1">',
                "      <wsse:UsernameToken>",
                f"        <wsse:Username>{pw_user}</wsse:Username>",
                ['        <wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-'
                 'wss-username-token-profile-1.0#PasswordText">', pw(), "</wsse:Password>"],
                ['        <wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-'
                 'wss-soap-message-security-1.0#Base64Binary">', Look(nonce, "WS-Security nonce",
                                                                      allow={"entropy"}),
                 "</wsse:Nonce>"],
                "      </wsse:UsernameToken>", "    </wsse:Security>", "  </soapenv:Header>",
                "  <soapenv:Body>", "    <kyc:VerifyCustomerRequest>",
                ["      <kyc:FullName>", cname(c), "</kyc:FullName>"],
                ["      <kyc:Email>", cmail(c), "</kyc:Email>"],
                ["      <kyc:Mobile>", phone(c.country, "e164"), "</kyc:Mobile>"],
                ['      <kyc:NationalId scheme="', c.country, '">', nid_of(c.country), "</kyc:NationalId>"],
                ["      <kyc:PayoutIban>", iban(R.choice(L["ibans"]), compact=True), "</kyc:PayoutIban>"],
                ["      <kyc:ClientIp>", ip_any(), "</kyc:ClientIp>"],
                "    </kyc:VerifyCustomerRequest>", "  </soapenv:Body>", "</soapenv:Envelope>"]
        return lines(*rows), []
    cc = R.choice(L["ibans"])
    rows = ['<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09">',
            " <CstmrCdtTrfInitn>",
            f"  <GrpHdr><MsgId>QAG-PAYOUT-2026{R.randint(1, 12):02d}{R.randint(1, 28):02d}-{digits(4)}</MsgId>"
            f"<CreDtTm>{iso_ts()[:-1]}</CreDtTm><NbOfTxs>1</NbOfTxs>"
            "<InitgPty><Nm>Qorvane Assurance Group</Nm></InitgPty></GrpHdr>",
            ["  <PmtInf><PmtInfId>", claim_no(), "</PmtInfId><PmtMtd>TRF</PmtMtd>"],
            ["   <DbtrAcct><Id><IBAN>", iban(cc, compact=True), "</IBAN></Id></DbtrAcct>"],
            ["   <CdtTrfTxInf><PmtId><EndToEndId>", claim_no(), "</EndToEndId></PmtId>"],
            f'    <Amt><InstdAmt Ccy="{R.choice(["AED", "SAR", "EUR", "BRL", "UAH"])}">{R.randint(500, 90000)}.00</InstdAmt></Amt>',
            ["    <CdtrAgt><FinInstnId><BICFI>", bic(cc), "</BICFI></FinInstnId></CdtrAgt>"],
            ["    <Cdtr><Nm>", cname(c, latin=True), "</Nm><CtctDtls><PhneNb>", iso_phone(c.country),
             "</PhneNb><EmailAdr>", cmail(c), "</EmailAdr></CtctDtls></Cdtr>"],
            ["    <CdtrAcct><Id><IBAN>", iban(cc, compact=True), "</IBAN></Id></CdtrAcct>"],
            "    <RmtInf><Ustrd>Claim settlement, final</Ustrd></RmtInf>",
            "   </CdtTrfTxInf>", "  </PmtInf>", " </CstmrCdtTrfInitn>", "</Document>"]
    return lines(*rows), []


def sql_str(piece):
    return ["'", piece, "'"]


def t_sql():
    lang = next_lang("sql")
    L = LANGS[lang]
    custs = R.sample([c for c in CUSTOMERS if c.country in L["countries"]] or CUSTOMERS, 1)
    custs += others(custs, R.randint(1, 3))
    variant = R.randrange(3)
    if variant == 0:
        rows = ["-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)", "--",
                ["-- Host: ", ip4("private"), "    Database: claims_uat"],
                "-- ------------------------------------------------------",
                "LOCK TABLES `policyholder` WRITE;",
                "/*!40000 ALTER TABLE `policyholder` DISABLE KEYS */;"]
        values = []
        for i, c in enumerate(custs):
            values += [("," if i else ""), f"({R.randint(10000, 99999)},", sql_str(cname(c)), ",",
                       sql_str(cmail(c)), ",", sql_str(phone(c.country, R.choice(["e164", "intl"]))), ",",
                       sql_str(iban(R.choice(L["ibans"]), compact=True)),
                       f",'{R.randint(1958, 2001)}-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}','{iso_ts()[:10]} 09:14:22')"]
        rows += [["INSERT INTO `policyholder` VALUES ", values, ";"],
                 "/*!40000 ALTER TABLE `policyholder` ENABLE KEYS */;", "UNLOCK TABLES;"]
        return lines(*rows), []
    if variant == 1:
        rows = ["COPY public.payout_account (id, holder_name, holder_email, iban, mobile, created_at) FROM stdin;"]
        first = R.randint(70000, 79000)
        for k, c in enumerate(custs):
            rows.append([f"{first + k * R.randint(1, 40)}\t", cname(c), "\t", cmail(c), "\t",
                         iban(R.choice(L["ibans"]), compact=True), "\t", phone(c.country, "e164"),
                         f"\t{iso_ts()[:10]} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:00+00"])
        rows.append("\\.")
        return lines(*rows), []
    rows = []
    for c in custs:
        rows.append(["INSERT INTO kyc.customer (id, full_name, email, mobile, national_id, signup_ip) VALUES (",
                     str(R.randint(100000, 999999)), ", ", sql_str(cname(c)), ", ", sql_str(cmail(c)),
                     ", ", sql_str(phone(c.country)), ", ", sql_str(nid_of(c.country)), ", ",
                     sql_str(ip_any()), ");"])
    return lines(*rows), []


def java_frames(pkg):
    cls = R.choice(["ClaimRepository", "PayoutService", "IntakeWorker", "PolicyMailer"])
    return [f"\tat com.qorvane.{pkg}.{cls}.{R.choice(['save', 'load', 'open', 'handle'])}"
            f"({cls}.java:{R.randint(40, 400)})", f"\t... {R.randint(12, 60)} common frames omitted"]


def t_stack():
    variant = cycle("stack", 9)
    ts = f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{R.randint(100, 999)}"
    if variant == 0:
        user = R.choice(["claims_rw", "kyc_app", "fraud_ro"])
        rows = [f'{ts} ERROR 1 --- [claims-intake-{R.randint(1, 9)}] o.h.engine.jdbc.spi.SqlExceptionHelper : FATAL: password authentication failed for user "{user}"',
                ["org.springframework.jdbc.CannotGetJdbcConnectionException: Failed to obtain JDBC Connection; url=jdbc:postgresql://",
                 ip4("private"), f":5432/claims?user={user}&password=", ("password", password(urlsafe=True)), "&sslmode=require"],
                "\tat org.springframework.jdbc.datasource.DataSourceUtils.getConnection(DataSourceUtils.java:84)",
                *java_frames("claims.intake"),
                f'Caused by: org.postgresql.util.PSQLException: FATAL: password authentication failed for user "{user}"']
    elif variant == 1:
        c = customer()
        rows = [f"{ts} WARN  [renewal-mailer] c.q.notify.PolicyMailer - bounce for policy ",
                ["com.sun.mail.smtp.SMTPAddressFailedException: 550 5.1.1 <", cmail(c),
                 ">: Recipient address rejected: User unknown in virtual mailbox table"],
                "\tat com.sun.mail.smtp.SMTPTransport.rcptTo(SMTPTransport.java:2064)",
                *java_frames("notify"),
                ["Reply-To fallback: ", role_email(None, "noreply"), " via ", ip4("private"), ":587"]]
        rows[0] = [rows[0], policy_no()]
    elif variant == 2:
        rows = ["System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'svc_fraud'.",
                "   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity, SqlConnectionString connectionOptions)",
                f"   at Qorvane.Fraud.Scoring.RiskRepository.OpenAsync() in D:\\a\\1\\s\\src\\Fraud.Scoring\\RiskRepository.cs:line {R.randint(30, 200)}",
                ["ClientConnectionId:", uuid_look()],
                "Error Number:18456,State:1,Class:14",
                ["ConnectionString: Server=tcp:", ip4("private"), ",1433;Initial Catalog=FraudDb;Persist Security Info=False;User ID=svc_fraud;Password=",
                 pw(), ";MultipleActiveResultSets=False;Encrypt=True;"]]
    elif variant == 3:
        host = ip4("private")
        rows = ["Traceback (most recent call last):",
                f'  File "/app/kyc/worker.py", line {R.randint(40, 300)}, in run',
                "    engine = create_engine(settings.DATABASE_URL)",
                '  File "/usr/local/lib/python3.11/site-packages/sqlalchemy/engine/create.py", line 640, in create_engine',
                ['sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) connection to server at "', host,
                 '", port 5432 failed: timeout expired'],
                "(Background on this error at: https://sqlalche.me/e/20/e3q8)",
                ["DATABASE_URL=postgresql+psycopg2://", ("url_credentials", f"kyc_app:{password(urlsafe=True)}"),
                 "@", host, ":5432/kyc"]]
    elif variant == 4:
        host = ip4("private")
        rows = [["MongoServerSelectionError: connection <monitor> to ", host, ":27017 closed"],
                "    at Timeout._onTimeout (/srv/app/node_modules/mongodb/lib/sdam/topology.js:278:38)",
                "    at listOnTimeout (node:internal/timers:573:17)",
                ["  uri: 'mongodb+srv://", ("url_credentials", f"fraud_ro:{password(urlsafe=True)}"),
                 f"@cluster0.{rand(LOWER + DIGITS, 5)}.mongodb.net/fraud?retryWrites=true',"],
                "  code: undefined, [Symbol(errorLabels)]: Set(0) {}"]
    elif variant == 5:
        rows = [["[2026-03-14 10:22:41,118: ERROR/MainProcess] consumer: Cannot connect to ",
                 Look("amqps://claims-ingest:**@mq.qorvane.internal:5671//", "masked broker URL",
                      allow={"secret"}), ": [Errno 111] Connection refused."],
                "kombu.exceptions.OperationalError: [Errno 111] Connection refused",
                ["broker_url = 'amqps://", ("url_credentials", f"claims-ingest:{password(urlsafe=True)}"),
                 "@mq.qorvane.internal:5671//'"],
                ["result_backend = 'redis://", ("url_credentials", f":{password(urlsafe=True)}"), "@",
                 ip4("private"), ":6379/0'"]]
    elif variant == 7:
        rows = ["Microsoft.Azure.Storage.StorageException: Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.",
                "   at Qorvane.Ocr.Upload.BlobSink.PutAsync(Stream scan) in /src/Ocr.Upload/BlobSink.cs:line 88",
                ["   settings: OCR_BLOB=DefaultEndpointsProtocol=https;AccountName=qorvaneocr;AccountKey=",
                 tok("azure"), ";EndpointSuffix=core.windows.net"],
                f"   RequestId:{uuid()} Time:{iso_ts()}"]
    elif variant == 8:
        rows = ["Error making API request.", "",
                "URL: GET https://vault.qorvane.internal:8200/v1/secret/data/claims/payout-bank",
                "Code: 403. Errors:", "", "* permission denied",
                ["(debug) request headers: X-Vault-Token: ", tok("hashicorp"), " X-Vault-Namespace: claims/"]]
    else:
        host = ip4("private")
        rows = [["panic: dial tcp ", host, ":5432: connect: connection refused"], "",
                "goroutine 1 [running]:",
                "main.mustOpen(...)", f"\t/src/ocr-ingest/main.go:{R.randint(20, 120)} +0x1c4",
                ['dsn="host=', host, ' port=5432 user=ocr password=', pw(), ' dbname=ocr sslmode=require"'],
                "exit status 2"]
    return lines(*rows), []


def t_crash():
    variant = cycle("crash", 3)
    c = customer()
    if variant == 0:
        pid_, tid = R.randint(2000, 30000), R.randint(2000, 30000)
        p = f"03-{R.randint(10, 28)} 10:22:4{R.randint(0, 9)}.{R.randint(100, 999)}  {pid_}  {tid}"
        token = jwt() if R.random() < 0.7 else opaque_bearer()
        rows = ["--------- beginning of crash",
                f"{p} E AndroidRuntime: FATAL EXCEPTION: OkHttp Dispatcher",
                f"{p} E AndroidRuntime: Process: com.qorvane.go, PID: {pid_}",
                [f"{p} E AndroidRuntime: java.net.SocketTimeoutException: failed to connect to api.qorvane.com/",
                 ip4("public"), " (port 443) from /", ip4("private"), f" (port {R.randint(30000, 60000)}) after 15000ms"],
                f"{p} E AndroidRuntime: \tat libcore.io.IoBridge.connectErrno(IoBridge.java:185)",
                f"{p} D OkHttp  : --> POST https://api.qorvane.com/v3/claims/fnol",
                [f"{p} D OkHttp  : Authorization: Bearer ", token],
                [f'{p} D OkHttp  : {{"policyNo":"', policy_no(c.country), '","msisdn":"', phone(c.country, "e164"),
                 '","email":"', cmail(c), '","lat":', f"{R.uniform(-30, 30):.5f}", "}"],
                [f"{p} I DeviceInfo: imei=", imei(), f" model=SM-A{R.randint(100, 599)}E build=",
                 build_ip_shaped()]]
    elif variant == 1:
        rows = [["Incident Identifier: ", uuid_look()],
                ["CrashReporter Key:   ", Look(rand(HEX, 40), "crash reporter key")],
                f"Hardware Model:      iPhone{R.randint(12, 16)},{R.randint(1, 5)}",
                f"Process:             QorvaneGo [{R.randint(300, 9000)}]",
                "Identifier:          com.qorvane.go",
                f"Version:             7.{R.randint(10, 16)}.{R.randint(0, 9)} ({digits(7, '7')})",
                f"OS Version:          iPhone OS 17.{R.randint(0, 5)}.{R.randint(0, 2)} (21E{R.randint(200, 260)})",
                "Exception Type:  EXC_CRASH (SIGABRT)",
                "Last Exception Backtrace:",
                f"0   CoreFoundation                0x1{rand(HEX, 8)} __exceptionPreprocess + 164",
                f"1   libobjc.A.dylib               0x1{rand(HEX, 8)} objc_exception_throw + 60",
                "Breadcrumbs:",
                ["  [10:22:39] auth ok user=", cmail(c)],
                ['  [10:22:40] PUT /v3/profile {"mobile":"', phone(c.country), '"}'],
                ["  [10:22:41] upload https://", ("url_credentials", f"uploader:{password(urlsafe=True)}"),
                 "@media.qorvane.com/claims/", Look(f"CLM-26-{digits(6)}", "claim number"), "/photo-3.heic"]]
    else:
        token = opaque_bearer() if R.random() < 0.5 else jwt()
        rows = [['{"event_id":"', Look(rand(HEX, 32), "Sentry event id"), '","platform":"dart","release":"qorvane-go@7.',
                 str(R.randint(10, 16)), '.0",'],
                [' "user":{"id":"', Look("U" + digits(9), "app user id"), '","email":"', cmail(c), '","ip_address":"',
                 ip_any(), '"},'],
                [' "request":{"url":"https://api.qorvane.com/v3/payouts","headers":{"Authorization":"Bearer ',
                 token, '"}},'],
                [' "extra":{"payout_iban":"', iban(R.choice(["AE", "SA", "BR", "RO", "UA"]), compact=True),
                 '","device":"', R.choice(["Pixel 8", "Galaxy A54", "Redmi Note 13"]), '"},'],
                ' "exception":{"values":[{"type":"StateError","value":"Bad state: payout already submitted"}]}}']
    return lines(*rows), []


def j(s):
    """JSON string content (without quotes)."""
    return json.dumps(s, ensure_ascii=False)[1:-1]


def json_text(pieces):
    """Pieces rendered inside a JSON string: plain text escaped, labelled values as they are
    (they contain nothing to escape), newlines as \\n."""
    out = []
    for p in flatten(pieces):
        if isinstance(p, tuple) or isinstance(p, Look):
            out.append(p)
        else:
            out.append(j(p))
    return out


def t_webhook():
    lang = next_lang("webhook")
    L, country = LANGS[lang], lang_country(lang)
    s1, s2 = staff(lang, 2)
    c = customer(country)
    if R.random() < 0.75:
        sl = pos_slots(lang, country, c)
        desc = json_text([fill(L["claim"], **sl), "\n", fill(L[R.choice(POSITIVE_KEYS)], **sl)])
        rows = [['{"timestamp":', epoch_ms(), ',"webhookEvent":"jira:issue_updated","issue_event_type_name":"issue_commented",'],
                [' "user":{"self":"https://qorvane.atlassian.net/rest/api/3/user?accountId=', pid(s1),
                 '","accountId":"', pid(s1), '","displayName":"', person(s1), '","emailAddress":"', pmail(s1),
                 '","active":true,"timeZone":"Asia/Dubai"},'],
                [f' "issue":{{"id":"{R.randint(10000, 99999)}","key":"{issue("CLM")}","fields":{{"summary":"',
                 j("Claim intake — " + L["name"]), '","description":"', desc, '",'],
                ['   "reporter":{"accountId":"', pid(s2), '","displayName":"', person(s2), '"}}},'],
                [' "comment":{"body":"', json_text(fill(L["callback"], PHONE=phone(c.country))),
                 '","author":{"accountId":"', pid(s1), '"}}}']]
        return lines(*rows), [s1, s2]
    rows = [f'Automation for Jira · rule "Notify fraud on high-risk claim" · {iso_ts()}',
            "Action: Send web request",
            ["  POST ", tok("slack", "webhook")],
            ["  Headers: Authorization: Basic ", basic_auth("automation")],
            ['  Body: {"text":"High-risk claim ', claim_no(), ' flagged by the scoring model"}'],
            ["  Response 200 in 312 ms · actor ", person(s1)]]
    return lines(*rows), [s1]


def t_xhtml():
    lang = next_lang("xhtml")
    L, country = LANGS[lang], lang_country(lang)
    s1, s2 = staff(lang, 2)
    c = customer(country)
    variant = R.randrange(3)
    if variant == 0:
        def contact(s, role):
            forms = phone_forms(s.country)
            return ["<tr><td><p>", role, "</p></td><td><p><ac:link><ri:user ri:account-id=\"", pid(s),
                    "\" /></ac:link></p></td><td><p><a href=\"tel:", ("phone", forms[2]), "\">",
                    ("phone", R.choice(forms[:2])), "</a></p></td></tr>"]
        rows = ["<h2>Escalation contacts</h2>",
                "<table><tbody><tr><th><p>Role</p></th><th><p>Person</p></th><th><p>Phone</p></th></tr>",
                contact(s1, "Claims lead"), contact(s2, "Fraud on-call"),
                ["<tr><td><p>Hotline</p></td><td><p>24/7</p></td><td><p>",
                 ("phone", hotline(s1.country)), "</p></td></tr></tbody></table>"]]
        return lines(*rows), [s1, s2]
    if variant == 1:
        sl = pos_slots(lang, country, c)
        rows = [["<p>Customer contact: <a href=\"mailto:", cmail(c), "\">", cname(c), "</a> — ",
                 fill(L["callback"], **sl), "</p>"],
                ["<ac:structured-macro ac:name=\"info\" ac:schema-version=\"1\"><ac:rich-text-body><p>",
                 fill(L["payout"], **sl), "</p></ac:rich-text-body></ac:structured-macro>"],
                ["<p>Owner: <ac:link><ri:user ri:account-id=\"", pid(s1), "\" /></ac:link>, copy to <a href=\"mailto:",
                 pmail(s2), "\">", person(s2), "</a></p>"]]
        return lines(*rows), [s1, s2]
    secret = R.choice([
        lambda: ["export TWILIO_ACCOUNT_SID=", Look("AC" + rand(HEX, 32), "Twilio account SID", allow={"entropy"}),
                 "\nexport TWILIO_AUTH_TOKEN=", tok("twilio")],
        lambda: ["spring.datasource.url=jdbc:mysql://", ip4("private"),
                 ":3306/policy\nspring.datasource.username=policy_app\nspring.datasource.password=", pw()],
        lambda: ["SENDGRID_API_KEY=", tok("sendgrid"), "\nMAIL_FROM=", role_email(None, "noreply")],
        lambda: ["# partner SFTP key\ncat > ~/.ssh/tpa_ed25519 <<'EOF'\n", pem("openssh"), "\nEOF"],
        lambda: ["lftp sftp://", ("url_credentials", f"ocr_drop:{password(urlsafe=True)}"), "@",
                 ip4("private"), "/scans -e 'mirror --reverse'"],
        lambda: ["kubectl create secret generic claims-db --from-literal=password=", pw()],
    ])()
    rows = [["<p>Runbook for the notification service, maintained by <ac:link><ri:user ri:account-id=\"",
             pid(s1), "\" /></ac:link>.</p>"],
            ["<ac:structured-macro ac:name=\"code\"><ac:parameter ac:name=\"language\">bash</ac:parameter>"
             "<ac:plain-text-body><![CDATA[", secret, "]]></ac:plain-text-body></ac:structured-macro>"]]
    return lines(*rows), [s1]


def t_md():
    lang = next_lang("md")
    L = LANGS[lang]
    handlers = staff(lang, 2)
    custs = R.sample([c for c in CUSTOMERS if c.country in L["countries"]] or CUSTOMERS, 1)
    custs += others(custs, R.randint(1, 2))
    rows = [f"### Open payouts — {L['name']} desk", "",
            "Claim | Holder | E-mail | Mobile | Payout IBAN | Handler",
            "--- | --- | --- | --- | --- | ---"]
    for c in custs:
        rows.append([claim_no(), " | ", cname(c), " | ", cmail(c), " | ", phone(c.country), " | ",
                     iban(R.choice(L["ibans"])), " | ", person(R.choice(handlers))])
    return lines(*rows), handlers


def t_chat():
    lang = next_lang("chat")
    L, country = LANGS[lang], lang_country(lang)
    s1, s2 = staff(lang, 2)
    c = customer(country)
    msgs = [
        [L["name"], " desk: customer says the payout IBAN changed to ", iban(R.choice(L["ibans"])),
         " — please verify by calling ", phone(c.country), " before releasing"],
        ["email from <mailto:", cmail(c), "|", cmail(c), "> asking about ", claim_no()],
        fill(L["pw"], PW=pw()),
        ["login attempts from ", ip4("public"), " and ", ip_any(), " on the same policy"],
        (lambda v: ["the ", v, " key for the claims pilot is ", tok(v), " — rotating it tomorrow"])(
            R.choice(["stripe", "openai", "sendgrid", "gitlab", "hashicorp", "shopify", "npm", "azure", "pypi"])),
        ["use this token for the sandbox repro: ", jwt()],
    ]
    picked = R.sample(msgs, 2)
    if R.random() < 0.5:
        out = ["["]
        for i, (s, m) in enumerate(zip([s1, s2], picked)):
            out += [("," if i else ""), f'\n  {{"type":"message","user":"U0{rand(UPPER + DIGITS, 9)}","text":"',
                    json_text(m), f'","ts":"{1773400000 + R.randint(0, 999999)}.{digits(6)}",'
                    '"user_profile":{"real_name":"', person(s), '","display_name":""}}']
        out.append("\n]")
        return out, [s1, s2]
    d = f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/2026"
    rows = [[f"[{d} {R.randint(8, 18)}:{R.randint(10, 59)}] ", person(s1), ": ", picked[0]],
            [f"[{d} {R.randint(8, 18)}:{R.randint(10, 59)}] ", person(s2), ": ", picked[1]]]
    return lines(*rows), [s1, s2]


def t_secret():
    lang = next_lang("secret")
    L = LANGS[lang]
    s = staff(lang)
    variant = cycle("secret", 10)
    if variant <= 2:
        rows = [["📢 ", fill(L["pw"], PW=pw())], ["— ", person(s)]]
    elif variant == 3:
        rows = [["Zip password for the medical records of ", claim_no(), ": ", pw(),
                 " (sent separately from the file)"], ["— ", person(s)]]
    elif variant == 4:
        rows = [["Break-glass account for the core policy system: qadmin / ", pw(), " — rotate after use, ",
                 person(s)]]
    elif variant == 5:
        rows = [["Token for testing the claims API (expires 18:00): Authorization: Bearer ", jwt(alg="RS256")],
                ["ping ", person(s), " if it 401s"]]
    elif variant == 6:
        rows = [["Deploy key for the OCR pipeline (", person(s), "):"], pem()]
    elif variant == 8:
        rows = [[f"APNs auth key AuthKey_{rand(UPPER + DIGITS, 10)}.p8 for Qorvane Go push (", person(s), "):"],
                pem("p8")]
    elif variant == 7:
        rows = [["TPA hand-off: sftp://", ("url_credentials", f"tpa_upload:{password(urlsafe=True)}"),
                 "@files.", R.choice(["medassist-tpa.co.za", "gulfcare-tpa.ae", "nordiccare.dk"]),
                 "/inbound — ", person(s)]]
    else:
        v = R.choice(["openai", "anthropic", "huggingface", "google"])
        rows = [["Pilot key for the claims summariser (", v, "), do not commit: ", tok(v)],
                ["owner ", person(s)]]
    return lines(*rows), [s]


VENDOR_VARIANTS = 18


def t_vendor():
    variant = cycle("vendor", VENDOR_VARIANTS)
    s = staff()
    if variant == 0:
        rows = ["# claims-bot/.env", ["OPENAI_API_KEY=", tok("openai")],
                ["ANTHROPIC_API_KEY=", tok("anthropic")], ["SLACK_BOT_TOKEN=", tok("slack")],
                ["DATABASE_URL=postgres://", ("url_credentials", f"bot:{password(urlsafe=True)}"), "@",
                 ip4("private"), ":5432/bot"]]
    elif variant == 1:
        rows = ["payments:", "  stripe:", ["    secret-key: ", tok("stripe", "sk")],
                ["    webhook-secret: ", tok("stripe", "whsec")], "  twilio:",
                ["    account-sid: ", Look("AC" + rand(HEX, 32), "Twilio account SID", allow={"entropy"})],
                ["    api-key: ", tok("twilio", "sk")], ["    api-secret: ", tok("twilio")]]
    elif variant == 2:
        rows = ['{"project_info":{"project_number":"' + digits(12, "1234") + '","project_id":"qorvane-go-prod"},',
                [' "client":[{"api_key":[{"current_key":"', tok("google"), '"}]}],'],
                [' "maps":{"android_key":"', tok("google"), '"}}']]
    elif variant == 3:
        rows = ['{"type":"service_account","project_id":"qorvane-go-prod",',
                [' "private_key_id":"', Look(rand(HEX, 40), "private_key_id"), '",'],
                [' "private_key":"', pem("pkcs8", escaped=True), '\\n",'],
                [' "client_email":"', ("email", "firebase-adminsdk-" + rand(LOWER + DIGITS, 5) + "@qorvane-go-prod.iam.gserviceaccount.com"), '",'],
                [' "client_id":"', Look(digits(21, "1"), "client_id"), '"}']]
    elif variant == 4:
        rows = [f"Run actions/checkout@v4 · {iso_ts()}",
                ["  git clone https://x-access-token:", tok("github", "ghs_"), "@github.com/qorvane/mobile-app.git"],
                "  Cloning into 'mobile-app'...",
                ["  NODE_AUTH_TOKEN: ", tok("npm")]]
    elif variant == 5:
        rows = ["# ~/.npmrc on the mobile build agent",
                ["//npm.pkg.github.com/:_authToken=", tok("github", "ghp_")],
                ["//registry.npmjs.org/:_authToken=", tok("npm")]]
    elif variant == 6:
        rows = [["export VAULT_ADDR=https://vault.qorvane.internal:8200 VAULT_TOKEN=", tok("hashicorp")],
                "$ vault read aws/creds/claims-photos-rw",
                "Key                Value", "---                -----",
                ["access_key         ", tok("aws")], ["secret_key         ", tok("aws", "secret")],
                "lease_duration     768h"]
    elif variant == 7:
        rows = ["# fine-tuning the OCR model for scanned claim forms",
                ["huggingface-cli login --token ", tok("huggingface")],
                ["export GOOGLE_API_KEY=", tok("google")]]
    elif variant == 8:
        rows = ["[claims-photos]", ["aws_access_key_id = ", tok("aws")],
                ["aws_secret_access_key = ", tok("aws", "secret")], "region = me-central-1"]
    elif variant == 9:
        rows = [["SCANNED_FORMS_STORAGE=DefaultEndpointsProtocol=https;AccountName=qorvanescans;AccountKey=",
                 tok("azure"), ";EndpointSuffix=core.windows.net"],
                ["SENDGRID_API_KEY=", tok("sendgrid")]]
    elif variant == 10:
        rows = [["curl -s -u ", ("email", "jira-automation@qorvane.com"), ":", tok("atlassian"),
                 " https://qorvane.atlassian.net/rest/api/3/issue/", issue("CLM")]]
    elif variant == 11:
        rows = [["git remote set-url origin https://oauth2:", tok("gitlab"),
                 "@gitlab.qorvane.com/mobile/qorvane-go.git"],
                ["doctl auth init -t ", tok("digitalocean")]]
    elif variant == 12:
        rows = ["# travel cover sold in the partner shop",
                ["curl -H 'X-Shopify-Access-Token: ", tok("shopify"),
                 "' https://partner-travel.myshopify.com/admin/api/2024-10/orders.json"]]
    elif variant == 13:
        rows = ["[pypi]", "username = __token__", ["password = ", tok("pypi")],
                "[gitlab]", "repository = https://gitlab.qorvane.com/api/v4/projects/88/packages/pypi",
                ["password = ", tok("gitlab")]]
    elif variant == 14:
        rows = ["incident-bot:", ["  user_token: ", tok("slack", "user")],
                ["  alert_webhook: ", tok("slack", "webhook")]]
    elif variant == 15:
        rows = ["# claim-status notifications (SMS + e-mail)", ["SENDGRID_API_KEY=", tok("sendgrid")],
                ["TWILIO_API_KEY=", tok("twilio", "sk")], ["TWILIO_API_SECRET=", tok("twilio")]]
    elif variant == 16:
        rows = ["jira-sync workflow secrets (repo settings dump):",
                ["  GH_PAT=", tok("github", "pat")], ["  JIRA_API_TOKEN=", tok("atlassian")],
                ["  DO_TOKEN=", tok("digitalocean")]]
    else:
        rows = ["partner-shop integration:", ["  shopify_custom_app_token: ", tok("shopify", "shpca")],
                ["  anthropic_key: ", tok("anthropic")], ["  hf_token: ", tok("huggingface")]]
    rows.append(["(found in ", issue("OPS"), ", reported by ", person(s), ")"])
    return lines(*rows), [s]


def t_token():
    """API traffic captured in bug tickets: bearer tokens, cookies, Postman exports."""
    variant = cycle("token", 4)
    c = customer()
    s = staff()
    if variant == 0:
        rows = [['{"started_at":', epoch_ms(), ',"client_ip":"', ip_any(), '","route":"claims-v3",'],
                [' "request":{"method":"POST","uri":"/v3/claims","headers":{"authorization":"Bearer ', jwt(),
                 '","x-api-key":"', opaque_bearer(), '"}},'],
                [' "consumer":{"username":"broker-portal"},"response":{"status":502}}']]
    elif variant == 1:
        rows = [["GET https://app.qorvane.com/auth/callback#id_token=", jwt(alg="RS256"),
                 "&state=", Look(rand(HEX, 16), "OAuth state"), "&session_state=", uuid_look()],
                ["(copied from the browser console by ", person(s), ")"]]
    elif variant == 2:
        rows = [["curl -sS https://api.qorvane.com/v3/policies/", policy_no(c.country), " \\"],
                ['  -H "Authorization: Bearer ', jwt(), '"'],
                ['{"holder":{"email":"', cmail(c), '","mobile":"', phone(c.country, "e164"), '"},"status":"LAPSED"}'],
                ["repro by ", person(s)]]
    else:
        rows = [['{"name":"claims-api (prod)","values":['],
                ['  {"key":"base_url","value":"https://api.qorvane.com","enabled":true},'],
                ['  {"key":"access_token","value":"', jwt(), '","enabled":true},'],
                ['  {"key":"client_secret","value":"', pw(), '","enabled":true},'],
                ['  {"key":"refresh_token","value":"', opaque_bearer(), '","enabled":true}]}'],
                ["exported by ", person(s)]]
    return lines(*rows), [s]


def t_ssn():
    s = staff("en")
    variant = R.randrange(3)
    if variant == 0:
        rows = [["US expat health plan enrolment: member SSN ", ssn(), ", dependent SSN ", ssn(), "."],
                ["Form 1095-C to be issued by ", person(s), "; payroll contact ", role_email("US", "payroll")]]
    elif variant == 1:
        c = customer("US")
        rows = [["W-9 received for the annuity payout to ", who(c, 1), ": SSN ", ssn(), ", phone ",
                 phone("US")], ["Checked by ", person(s)]]
    else:
        rows = [["member_id,ssn,plan,effective"],
                [f"M{digits(8)},", ssn(), ",EXPAT-GOLD,2026-01-01"],
                [f"M{digits(8)},", ssn(), ",EXPAT-SILVER,2026-02-01"],
                ["# uploaded by ", person(s)]]
    return lines(*rows), [s]


# --- negative templates (nothing in them may be redacted) --------------------------------

STATUS = ["Status: Waiting for customer", "Status: In review", "Resolution: Done",
          "Priority: Medium", "SLA: 2h left", "Labels: motor, renewal"]


def bystanders(lang=None):
    """Ticket participants the text does not mention (allowed on negative lines)."""
    return [staff(lang)] if R.random() < 0.4 else []


def n_lang():
    lang = next_lang("neg")
    L, country = LANGS[lang], lang_country(lang)
    keys = R.sample(["neg1", "neg2", "neg3"], R.choice([1, 2]))
    rows = [f"{issue()} · {R.choice(STATUS)} · {L['name']}"]
    rows += [fill(L[k], **neg_slots(lang, country)) for k in keys]
    return lines(*rows), bystanders(lang)


def n_renewals():
    lang = next_lang("n_renewals")
    country = lang_country(lang)
    rows = ["policy_no,product,premium,currency,renewal_date,status,card_last4,bank_bic"]
    for _ in range(R.randint(3, 5)):
        rows.append([policy_no(country), f",{R.choice(['MOTOR', 'HEALTH', 'LIFE', 'HOME'])},",
                     f"{R.randint(300, 9000)}.{R.randint(0, 99):02d},{R.choice(['AED', 'THB', 'BRL', 'HUF', 'DKK'])},",
                     date("en"), f",{R.choice(['RENEWED', 'LAPSED', 'PENDING'])},", digits(4), ",",
                     bic(country)])
    return lines(*rows), bystanders()


def n_ddl():
    rows = ["CREATE TABLE kyc.customer (",
            "  id            BIGINT PRIMARY KEY,",
            "  full_name     VARCHAR(200) NOT NULL,",
            "  email         VARCHAR(254) CHECK (email LIKE '%_@_%._%'),",
            "  mobile        VARCHAR(20)  CHECK (mobile ~ '^\\+[1-9][0-9]{6,14}$'),",
            "  iban          VARCHAR(34)  CHECK (iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}$'),",
            "  national_id   VARCHAR(32),",
            ["  created_at    TIMESTAMPTZ DEFAULT now()  -- migration ", Look(luhnless(lambda: digits(14, "2")), "migration timestamp")],
            ");",
            f"CREATE INDEX customer_email_idx ON kyc.customer (lower(email)); -- {issue('DATA')}"]
    return lines(*rows), bystanders()


def n_blank_form():
    lang = next_lang("n_blank")
    name_l, id_l, phone_l, _, _ = LANGS[lang]["kyc"]
    rows = [f"[OCR p.{R.randint(1, 3)}/3 · blank template · conf {R.randint(88, 99)}%]",
            f"Name / {name_l}:  ______________________   {id_l}:  __ __ __ __ __",
            f"Tel / {phone_l}:  +___ ___ ___ ____     E-mail:  ________@________",
            "IBAN:  __ __ | ____ | ____ | ____ | ____ | __",
            ["Policy No.:  ", policy_no(), f"     (pre-printed)     Form QAG-CF-{R.randint(10, 40)} rev. {R.randint(2, 9)}"]]
    return lines(*rows), []


def n_mail_headers():
    host = f"mx{R.randint(1, 4)}.qorvane.com"
    bh = base64.b64encode(bytes(R.getrandbits(8) for _ in range(32))).decode()
    b = base64.b64encode(bytes(R.getrandbits(8) for _ in range(96))).decode()
    rows = [["Message-ID: ", message_id(host)],
            ["In-Reply-To: ", message_id(host)],
            f"Date: {rfc_date()}",
            f"Subject: Claim update {R.choice(['#', 'no. '])}{digits(6)}",
            "X-MS-Exchange-Organization-SCL: 1",
            "X-MS-Has-Attach: yes",
            ["DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=qorvane.com; s=sel1; bh=",
             Look(bh, "DKIM body hash", allow={"entropy"}), "; b=", Look(b, "DKIM signature", allow={"entropy"})],
            "Authentication-Results: spf=pass; dkim=pass; dmarc=pass header.from=qorvane.com"]
    return lines(*rows), bystanders()


def n_ics():
    m, d = R.randint(1, 12), R.randint(1, 28)
    rows = ["BEGIN:VEVENT", ["UID:", Look(uuid().upper(), "UID")],
            f"DTSTART;TZID=\"{R.choice(list(TZ.values()))}\":2026{m:02d}{d:02d}T090000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=12",
            ["SUMMARY:Fraud triage stand-up (", claim_no(), " and others)"],
            "LOCATION:Microsoft Teams Meeting", "END:VEVENT"]
    return lines(*rows), bystanders()


def n_md_stats():
    lang = next_lang("n_md")
    country = lang_country(lang)
    rows = [f"Claims by channel, {date('en')}", "", "Channel | Opened | Paid | Avg. amount | SLA met",
            "--- | --- | --- | --- | ---"]
    for ch in R.sample(["App", "Call centre", "Broker", "Branch", "E-mail"], 3):
        rows.append(f"{ch} | {R.randint(40, 900)} | {R.randint(10, 500)} | {amount(country)} | {R.randint(70, 99)}%")
    return lines(*rows), bystanders(lang)


def n_slack():
    rows = ['[{"type":"message","user":"U0' + rand(UPPER + DIGITS, 9) + '","text":"<@U0'
            + rand(UPPER + DIGITS, 9) + '> can you take ',
            '","ts":"' + f"{1773400000 + R.randint(0, 999999)}.{digits(6)}" + '","reactions":[{"name":"eyes","count":2}]}]']
    return [rows[0], claim_no(), "? the customer already sent the photos :camera:", rows[1]], bystanders()


def n_crash():
    p = f"03-{R.randint(10, 28)} 09:1{R.randint(0, 9)}:0{R.randint(0, 9)}.{R.randint(100, 999)}  {R.randint(2000, 30000)}  {R.randint(2000, 30000)}"
    rows = [f"{p} E AndroidRuntime: FATAL EXCEPTION: main",
            f"{p} E AndroidRuntime: java.lang.IllegalStateException: claim draft {R.randint(10, 99)} already submitted",
            f"{p} E AndroidRuntime: \tat com.qorvane.go.claims.DraftStore.submit(DraftStore.kt:{R.randint(40, 200)})",
            [f"{p} I DeviceInfo: imei=", imei(), " imeisv=", Look(digits(16, "3"), "IMEISV", allow={"luhn"}),
             " android_id=", Look(rand(HEX, 16), "Android ID")],
            [f"{p} I Build: versionName=7.{R.randint(10, 16)}.{R.randint(0, 9)} ocr=", build_ip_shaped()]]
    return lines(*rows), []


def n_placeholders():
    rows = R.sample([
        ["spring.datasource.password=", Look("${DB_PASSWORD}", "variable reference", allow={"keyword"})],
        ["STRIPE_SECRET_KEY=", Look("sk_live_" + "x" * 24, "placeholder in a vendor shape", allow={"secret"})],
        ["<wsse:Password>", Look("******", "masked password"), "</wsse:Password>"],
        ["Authorization: Bearer ", Look("{{secrets.JIRA_TOKEN}}", "variable reference", allow={"secret"})],
        ['"to": "', Look("{{issue.reporter.emailAddress}}", "smart value"), '"'],
        ["TWILIO_AUTH_TOKEN=", Look("<your-auth-token>", "angle-bracket placeholder")],
        ["DATABASE_URL=postgresql://", Look("${PGUSER}:${PGPASSWORD}", "variable reference", allow={"secret"}),
         "@db:5432/claims"],
        ["password: ", Look("(sent by SMS)", "instruction, not a value", allow={"keyword"})],
        ["iban: ", Look("${customer.iban}", "variable reference")],
    ], R.randint(2, 4))
    return lines(f"# {R.choice(['application.yml', '.env.example', 'automation rule', 'README'])} — {issue('OPS')}", *rows), bystanders()


def n_pem_public():
    label = R.choice(["CERTIFICATE", "PUBLIC KEY"])
    der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00") + bytes(R.getrandbits(8) for _ in range(270))
    body = base64.b64encode(der).decode()
    text = f"-----BEGIN {label}-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + f"\n-----END {label}-----"
    return lines(f"Partner TPA signing {label.lower()} (public, safe to share):",
                 Look(text, "public key / certificate", allow={"secret", "entropy"})), bystanders()


def n_masked():
    lang = next_lang("n_masked")
    country = lang_country(lang)
    code = phone_forms(country)[1].split()[0]
    rows = [["Card on file: ", masked_card(), "; backup card ", masked_card()],
            ["Payout IBAN: ", masked_iban(R.choice(LANGS[lang]["ibans"]))],
            ["Mobile: ", Look(f"{code} ** *** **{digits(2)}", "masked phone", allow={"phone"}),
             " · e-mail: ", Look(f"{R.choice(LOWER)}*****@{R.choice(['gmail.com', 'yahoo.com'])}", "masked e-mail")]]
    return lines(f"{issue()} masked view ({LANGS[lang]['name']})", *rows), bystanders(lang)


def n_vehicle():
    lang = next_lang("n_vehicle")
    rows = [["Vehicle VIN ", vin(), ", plate ", Look(f"{R.choice(UPPER)}{R.choice(UPPER)} {digits(4)}", "plate"),
             ", odometer ", f"{R.randint(10, 190)},{digits(3)} km"],
            ["Diagnosis ", icd(), "; parts shipped with ", tracking(), " on ", date(lang)],
            ["Accident location ", coords(), f" · repair estimate {amount(lang_country(lang))}"]]
    return lines(*rows), bystanders(lang)


def n_ids():
    lang = next_lang("n_ids", [k for k in LANG_CODES])
    ids = [nid(lang) for _ in range(R.randint(1, 2))]
    rows = [[f"{LANGS[lang]['kyc'][1]}: ", ids[0], " — ", LANGS[lang]["kyc"][3], " (not stored)"]]
    if len(ids) > 1:
        rows.append(["second document: ", ids[1]])
    rows.append(["reference ", claim_no(), " · policy ", policy_no()])
    return lines(*rows), bystanders(lang)


def n_hashes():
    rows = [["sha256(claim_form.pdf) = ", sha256()],
            ["commit ", gitsha(), " · request-id ", uuid_look()],
            ["trace ", Look(rand(HEX, 32), "trace id"), " span ", Look(rand(HEX, 16), "span id")]]
    return lines(*rows), []


def n_versions():
    rows = [["Qorvane Go ", f"7.{R.randint(10, 16)}.{R.randint(0, 9)} (build {digits(7, '7')}), OCR engine ",
             build_ip_shaped()],
            ["SNMP OID ", Look(f"1.3.6.1.4.1.{R.randint(1000, 60000)}.{R.randint(1, 9)}.{R.randint(1, 9)}", "SNMP OID")],
            [f"Section {R.randint(2, 9)}.{R.randint(1, 9)} of the underwriting manual; schema v",
             f"{R.randint(1, 4)}.{R.randint(0, 20)}"]]
    return lines(*rows), bystanders()


def n_account():
    lang = next_lang("n_account")
    country = lang_country(lang)
    rows = [["Domestic transfer: account ", account_no(), ", ", R.choice([ifsc(), sort_code(), clabe()]),
             ", BIC ", bic(country)],
            [f"Amount {amount(country)}, value date {date(lang)}, reference ", claim_no()]]
    return lines(*rows), bystanders(lang)


def n_shortcodes():
    lang = next_lang("n_short")
    rows = [f"Customers can dial *{R.randint(100, 999)}# or send CLAIM to {R.randint(1000, 9999)}; "
            f"agents are on extension {R.randint(1000, 9999)}.",
            f"IVR menu: press 1 for motor, 2 for health; average wait {R.randint(1, 9)} min ({LANGS[lang]['name']} queue).",
            ["Callback window ", date(lang), f" {R.randint(8, 12)}:00–{R.randint(13, 18)}:00"]]
    return lines(*rows), bystanders(lang)


def n_transcript():
    lang = next_lang("n_transcript")
    s = staff(lang)
    rows = [f"Transcript · call {rand(UPPER + DIGITS, 10)} · lang={lang} · STT v4.{R.randint(0, 9)}",
            "[00:00:04] AGENT: " + LANGS[lang]["ask"],
            "[00:00:11] CALLER: [inaudible] ... it's the same as on the policy",
            "[00:00:19] AGENT: [PCI pause — card details not recorded]",
            ["[00:00:42] CALLER: the claim is ", claim_no(), " and the policy ", policy_no()]]
    return lines(*rows), [s] if R.random() < 0.5 else []


def n_kyc_blank():
    lang = next_lang("n_kyc")
    n_, i_, p_, v_, sof = LANGS[lang]["kyc"]
    rows = [f"KYC checklist template ({LANGS[lang]['name']})", f"[ ] {n_}:", f"[ ] {i_}:", f"[ ] {p_}: (OTP)",
            "[ ] IBAN:", f"[ ] {sof}", f"[ ] {v_} — reviewer: ________"]
    return lines(*rows), bystanders(lang)


NEGATIVES = [(n_lang, 40), (n_renewals, 5), (n_ddl, 3), (n_blank_form, 5), (n_mail_headers, 5),
             (n_ics, 4), (n_md_stats, 5), (n_slack, 4), (n_crash, 5), (n_placeholders, 6),
             (n_pem_public, 3), (n_masked, 6), (n_vehicle, 5), (n_ids, 6), (n_hashes, 4),
             (n_versions, 4), (n_account, 5), (n_shortcodes, 4), (n_transcript, 4), (n_kyc_blank, 3)]
POSITIVES = [(t_claim, 22), (t_kyc, 15), (t_fraud, 14), (t_transcript, 18), (t_ocr, 12),
             (t_email, 13), (t_vcard, 9), (t_ics, 9), (t_csv, 9), (t_xml, 9), (t_sql, 8),
             (t_stack, 18), (t_crash, 12), (t_webhook, 12), (t_xhtml, 12), (t_md, 8),
             (t_chat, 12), (t_secret, 30), (t_vendor, 36), (t_token, 12), (t_ssn, 5)]


# --- assembly ----------------------------------------------------------------------------


def build(pieces, people, source):
    parts, spans, looks = [], [], []
    cpos = bpos = 0
    for p in flatten(pieces):
        if isinstance(p, tuple):
            kind, value = p
            spans.append({"kind": kind, "start": bpos, "end": bpos + len(value.encode()),
                          "cstart": cpos, "cend": cpos + len(value), "value": value})
            s = value
        elif isinstance(p, Look):
            looks.append((cpos, cpos + len(p), p))
            s = str(p)
        elif isinstance(p, str):
            s = p
        else:
            raise TypeError(f"{source}: bad piece {p!r}")
        parts.append(s)
        cpos += len(s)
        bpos += len(s.encode())
    seen, plist = set(), []
    for s in people:
        if id(s) not in seen:
            seen.add(id(s))
            plist.append(s.entry())
    return {"text": "".join(parts), "spans": spans, "looks": looks, "people": plist,
            "source": source}


# --- validation --------------------------------------------------------------------------

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
DOC_RANGES = re.compile(r"192\.0\.2\.\d|198\.51\.100\.\d|203\.0\.113\.\d|2001:0?db8", re.I)
IBAN_LENGTHS = dict(
    AD=24, AE=23, AL=28, AT=20, AZ=28, BA=20, BE=16, BG=22, BH=22, BR=29, BY=28, CH=21, CR=22,
    CY=28, CZ=24, DE=22, DK=18, DO=28, EE=20, EG=29, ES=24, FI=18, FO=18, FR=27, GB=22, GE=22,
    GI=23, GL=18, GR=27, GT=28, HR=21, HU=28, IE=22, IL=23, IQ=23, IS=26, IT=27, JO=30, KW=30,
    KZ=20, LB=28, LC=32, LI=21, LT=20, LU=20, LV=21, MC=27, MD=24, ME=22, MK=19, MR=27, MT=31,
    MU=30, NL=18, NO=15, PK=24, PL=28, PS=29, PT=25, QA=29, RO=24, RS=22, SA=24, SC=31, SE=24,
    SI=19, SK=24, SM=27, ST=25, SV=28, TL=23, TN=24, TR=26, UA=29, VA=22, VG=24, XK=20)
VENDOR_RE = {
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_\-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_\-]{170,200}=[0-9A-F]{8}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_\-]{20}",
    "google": r"AIza[A-Za-z0-9_\-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9_\-]{24,}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_\-]{74}T3BlbkFJ[A-Za-z0-9_\-]{74}",
    "sendgrid": r"SG\.[A-Za-z0-9_\-]{22}\.[A-Za-z0-9_\-]{43}",
    "slack": r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[0-9a-f]{32}"
             r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_[A-Za-z0-9]{99}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[0-9a-f]{32}",
    "shopify": r"shp(?:at|ca|ss|pa)_[0-9a-f]{32}",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}",
}
SECRET_SCAN = re.compile(
    r"(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[A-Za-z0-9]{20,}|github_pat_|glpat-|xox[abposr]-"
    r"|hooks\.slack\.com/services/|sk_live_|rk_live_|whsec_|SG\.[\w\-]{16,}\.|hf_[A-Za-z]{20,}"
    r"|AIza[\w\-]{20,}|hvs\.|npm_[A-Za-z0-9]{20,}|sk-proj-|sk-ant-|ATATT|dop_v1_"
    r"|shp(?:at|ca|ss|pa)_|pypi-AgE|eyJ[\w\-]{5,}\.eyJ|-----BEGIN|AccountKey=[^;\s\x00]"
    r"|\bSK[0-9a-f]{32}\b|[a-z][a-z0-9+.\-]*://[^\s/@:\x00]*:[^\s/@\x00]+@|Bearer\s+[^\s\x00\"']")
KEYWORD_SCAN = re.compile(
    r"(?i)(?:password|passwd|pwd|passphrase|secret|token|api[_\-]?key|senha|contraseña|parola"
    r"|пароль|jelszó|passord|adgangskode|kata sandi|kata laluan|nenosiri|סיסמה|كلمة المرور"
    r"|पासवर्ड|รหัสผ่าน|mot de passe)[\"']?\s*(?:[:=]|=>)\s*[\"']?([^\s\"',;<>\x00\[{]+)")
WORDCH = r"\w\u0300-\u036f\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u097f\u0e00-\u0e7f"
THAI = re.compile(r"[\u0e00-\u0e7f]")
PLACEHOLDER = re.compile(r"\$\{|\{\{|<[a-z\-]+>|REPLACE_ME|^x+$|\*\*\*", re.I)
WEAK = {"changeme", "password123", "password", "123456", "qwerty"}
FAMOUS_SSN = {"123-45-6789", "078-05-1120", "219-09-9999"}


def name_regex():
    latin = sorted((p for p in NAME_PARTS if not THAI.search(p)), key=len, reverse=True)
    return re.compile(rf"(?<![{WORDCH}])(?:{'|'.join(map(re.escape, latin))})(?![{WORDCH}])")


NAME_SCAN = None
THAI_PARTS = None


def check_value(kind, value, rec, span):
    text = rec["text"]
    if not value or value != value.strip():
        return "empty or padded"
    if "\n" in value and kind != "private_key":
        return "line break inside a labelled value"
    if kind == "email":
        if not EMAIL_RE.fullmatch(value):
            return "not an address"
        if value in {s.email for s in STAFF}:
            return "a listed person's address labelled email"
    elif kind == "phone":
        if not re.fullmatch(r"\+?[\d ()./\-]+", value):
            return "phone characters"
        n = len(re.sub(r"\D", "", value))
        if not 7 <= n <= 15 or (value.startswith("+") and n < 8):
            return f"phone digit count {n}"
    elif kind == "credit_card":
        d = re.sub(r"[ \-]", "", value)
        if not d.isdigit() or not 14 <= len(d) <= 19 or not luhn_ok(d) or d in TEST_CARDS:
            return "card shape / Luhn / test number"
        if not any(d.startswith(p) for p in CARD_PREFIXES):
            return "card brand prefix"
        if " " in value and "-" in value:
            return "mixed separators"
    elif kind == "iban":
        s = value.replace(" ", "")
        if IBAN_LENGTHS.get(s[:2]) != len(s) or not iban_valid(s):
            return "IBAN length / mod 97"
    elif kind == "ip_address":
        try:
            ip = ipaddress.ip_address(value)
        except ValueError:
            return "unparseable IP"
        if ip.is_loopback or ip.is_unspecified or ip.is_link_local:
            return "loopback / unspecified / link-local IP labelled"
    elif kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if (not m or m.group(1) in ("000", "666") or m.group(1) >= "900" or m.group(2) == "00"
                or m.group(3) == "0000" or value in FAMOUS_SSN):
            return "SSN shape"
    elif kind == "person":
        return check_person(value, rec)
    elif kind == "password":
        if re.search(r"\s", value) or len(value) < 8 or value.lower() in WEAK or PLACEHOLDER.search(value):
            return "password shape"
    elif kind == "url_credentials":
        before, after = text[:span["cstart"]], text[span["cend"]:]
        if ":" not in value or not before.endswith("://") or not after.startswith("@"):
            return "url_credentials not between :// and @"
    elif kind == "jwt":
        parts = value.split(".")
        try:
            pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
            header = json.loads(base64.urlsafe_b64decode(pad(parts[0])))
            json.loads(base64.urlsafe_b64decode(pad(parts[1])))
            base64.urlsafe_b64decode(pad(parts[2]))
        except Exception as error:  # noqa: BLE001
            return f"JWT does not decode: {error}"
        if len(parts) != 3 or "alg" not in header:
            return "JWT header"
    elif kind == "private_key":
        if not re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH )?PRIVATE KEY)-----(?:\n|\\n)"
                            r"(?:[A-Za-z0-9+/=]+(?:\n|\\n))+-----END \1-----", value):
            return "PEM armour"
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if vendor not in VENDOR_RE or not re.fullmatch(VENDOR_RE[vendor], value):
            return f"{vendor} token shape"
        if value[:4] in ("ghp_", "gho_", "ghs_", "npm_") and value[-6:] != b62(zlib.crc32(value[4:-6].encode())):
            return "token checksum"
    else:
        return f"unknown kind {kind}"
    return None


def check_person(value, rec):
    for p in rec["people"]:
        if value in (p["display_name"], p["email"], p["account_id"]):
            return None
    if value in {s.display for s in STAFF} | {s.email for s in STAFF} | {s.account_id for s in STAFF}:
        return "staff member labelled but not in people"
    key = " ".join(value.split())
    latin = OWNER.get(key) or TRANSLIT.get(key, key)
    parts = [norm(p) for p in name_parts(latin) if len(norm(p)) >= 3]
    locals_ = [norm(s["value"].split("@")[0]) for s in rec["spans"] if s["kind"] == "email"]
    if not parts or not any(p in loc for p in parts for loc in locals_):
        return "outsider name without an address spelling it"
    return None


def scan_hits(rec):
    """(scanner, start, end) of every PII / secret shape left in the unlabelled text."""
    text = rec["text"]
    chars = list(text)
    for s in rec["spans"]:
        for i in range(s["cstart"], s["cend"]):
            chars[i] = "\x00"
    masked = "".join(chars)
    hits = []
    for m in EMAIL_RE.finditer(masked):
        hits.append(("email", m.start(), m.end()))
    for m in re.finditer(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?!\.?\d)", masked):
        try:
            ip = ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified):
            hits.append(("ipv4", m.start(), m.end()))
    for m in re.finditer(r"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])", masked):
        try:
            ip = ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_unspecified):
            hits.append(("ipv6", m.start(), m.end()))
    for a, b in luhn_windows(masked):
        hits.append(("luhn", a, b))
    for m in re.finditer(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,32}", masked):
        s = m.group().replace(" ", "")
        n = IBAN_LENGTHS.get(s[:2])
        if n and len(s) >= n and iban_valid(s[:n]):
            hits.append(("iban", m.start(), m.end()))
    for m in re.finditer(r"\+\d[\d ().\-/]{5,}\d", masked):
        if len(re.sub(r"\D", "", m.group())) >= 7:
            hits.append(("phone", m.start(), m.end()))
    for m in SECRET_SCAN.finditer(masked):
        hits.append(("secret", m.start(), m.end()))
    for m in KEYWORD_SCAN.finditer(masked):
        hits.append(("keyword", m.start(1), m.end(1)))
    for m in re.finditer(r"[A-Za-z0-9_\-+/]{24,}={0,2}", masked):
        t = m.group()
        if "/" in t and max(len(seg) for seg in t.split("/")) < 20:
            continue
        if re.search(r"[A-Z]", t) and re.search(r"[a-z]", t) and re.search(r"\d", t):
            hits.append(("entropy", m.start(), m.end()))
    for m in NAME_SCAN.finditer(masked):
        hits.append(("name", m.start(), m.end()))
    for part in THAI_PARTS:
        for m in re.finditer(re.escape(part), masked):
            hits.append(("name", m.start(), m.end()))
    return hits


def validate(rec):
    errors = []
    rid = rec["id"]
    text = rec["text"]
    if DOC_RANGES.search(text):
        errors.append(f"{rid}: documentation-range address")
    for bad in ["AKIAIOSFODNN7EXAMPLE", "changeme", "password123"] + sorted(TEST_CARDS):
        if bad in text.replace(" ", "").replace("-", ""):
            errors.append(f"{rid}: forbidden value {bad}")
    last = 0
    for s in sorted(rec["spans"], key=lambda s: s["start"]):
        if s["start"] < last:
            errors.append(f"{rid}: overlapping spans at {s['start']}")
        last = s["end"]
        if text.encode()[s["start"]:s["end"]].decode() != s["value"]:
            errors.append(f"{rid}: offsets do not hold {s['value']!r}")
        problem = check_value(s["kind"], s["value"], rec, s)
        if problem:
            errors.append(f"{rid}: {s['kind']} {s['value'][:60]!r}: {problem}")
    for cat, a, b in scan_hits(rec):
        if not any(la < b and a < lb and cat in look.allow for la, lb, look in rec["looks"]):
            errors.append(f"{rid} ({rec['source']}): unlabelled {cat} {text[a:b][:60]!r}")
    negative = rec["source"].startswith("n_")
    if negative and rec["spans"]:
        errors.append(f"{rid}: negative template produced spans")
    if not negative and not rec["spans"]:
        errors.append(f"{rid}: positive template produced no span")
    return errors


# --- main --------------------------------------------------------------------------------


def generate():
    global NAME_SCAN, THAI_PARTS
    NAME_SCAN = name_regex()
    THAI_PARTS = sorted(p for p in NAME_PARTS if THAI.search(p))
    records = []
    for fn, n in POSITIVES + NEGATIVES:
        for _ in range(n):
            pieces, people = fn()
            if R.random() < 0.15:
                people = list(people) + [staff(exclude=people)]
            records.append(build(pieces, people, fn.__name__))
    SHUFFLE.shuffle(records)
    for i, rec in enumerate(records, 1):
        rec["id"] = f"held6-{i:05d}"
    return records


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true",
                        help="also list the look-alikes left unlabelled on purpose")
    args = parser.parse_args()
    records = generate()
    errors = [e for rec in records for e in validate(rec)]
    if errors:
        print("\n".join(errors[:80]), file=sys.stderr)
        print(f"{len(errors)} violations; nothing written", file=sys.stderr)
        return 1
    with open(OUT, "w", encoding="utf-8") as out:
        for rec in records:
            line = {"id": rec["id"], "text": rec["text"], "people": rec["people"],
                    "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]}
                              for s in rec["spans"]]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for rec in records for s in rec["spans"])
    negatives = sum(1 for rec in records if not rec["spans"])
    print(f"wrote {OUT.name}: {len(records)} lines, {sum(kinds.values())} spans, "
          f"{negatives} negative lines ({negatives / len(records):.0%})")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<26}{count:>5}")
    if args.lint:
        print("\nLook-alikes left unlabelled on purpose:")
        for rec in records:
            for _, _, look in rec["looks"]:
                print(f"  {rec['id']}  {look.reason:<48} {str(look)[:70]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
