#!/usr/bin/env python3
"""Writes heldout11.jsonl: an eleventh held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional university and research group ("Tarrowmere University": the
university and its student services, admissions and international office; the Research Computing
Centre with the HPC cluster "Kelda"; the university press TM Press; the spin-out biotech incubator
Tarrowmere Ventures; and the online-learning arm TarrowmereX; made-up domains tarrowmere.edu (and
student.tarrowmere.edu), tarrowmere-research.net, tmpress.org and tarrowmere.internal, third parties
only under reserved example names: example.com / .net / .org and their subdomains, post.example,
correo.example, inbox.example, scholarships.example, ...) holds: admissions and visa-support tickets
(CAS requests, I-20s, BRP collection), tuition refunds and scholarship instalments to IBANs, cards
pasted into support chats and enquiry forms, sponsor, employer and student-loan letters (SLC
confirmations, a US Federal Direct Loan certification with an SSN), exam-board appeals (tickets
and e-mails), wellbeing, disability and residence-life case notes with emergency contacts' phones,
library fines paid by phone, eduroam wpa_supplicant and NetworkManager configs, FreeRADIUS
clients.conf and radiusd logs, hostapd configs, LDAP / Active Directory (ldapsearch -w, sssd.conf,
nslcd.conf, ldif new-starter imports, New-ADUser, Shibboleth IdP credentials), Slurm and PBS job
scripts, HPC onboarding (temporary passwords, pasted SSH private keys, TOTP seeds, Globus, Vault
and S3 keys), .condarc / pip.conf / .pypirc / .npmrc / .netrc / .Renviron, JupyterHub Helm values,
Kubernetes Secrets and kubectl, Moodle config.php, Canvas and Moodle tokens, LTI 1.1 and 1.3
registrations, REDCap API calls and research-database connection strings (MySQL URL, JDBC, ODBC, R
DBI, psql), grant-office and ORCID e-mails, instrument-PC sticky notes and network registrations,
lab chats (Slack and Teams pastes with timestamps), CI logs (GitLab, GitHub Actions, Jenkins), .env
files, JWTs (curl, HAR, Keycloak and Shibboleth token responses, kubeconfig, an LTI launch),
pasted private keys (OpenSSH, RSA, EC, PKCS#8, a GCP service-account JSON), e-mail threads with
full headers, quoted replies and signatures, vCards, CSV exports (student records, emergency
contacts, refund batches, an SMS gateway, an acquirer's chargeback file), Jira wiki tables and
Confluence runbooks, press royalty runs and a W-9, incubator onboarding checklists.

Eighteen languages besides English, none listed by the earlier sets' docstrings (Occitan,
Corsican, Sardinian, Friulian, Upper Sorbian, Kashubian, Manx, Guarani, Aymara, Nahuatl, Hmong
(White Hmong, RPA), Dzongkha, Bashkir, Chuvash, Wolof, Tongan, Tok Pisin, Sundanese): in each a
fee complaint with the student's phone and e-mail, a wellbeing / accommodation note with a parent's
phone, a lab Wi-Fi password, a card pasted into a support chat, a chat line with a staff member's
phone, a refund (to an IBAN in FR, IT, DE, PL or GB for the European languages and Wolof, to a
card elsewhere, a Mir card for Bashkir and Chuvash) and two negative sentences with research look-alikes. Names in Tibetan script
(Dzongkha) and Cyrillic (Bashkir ҡ ғ һ ә ө ү, Chuvash ӑ ӗ ҫ), Han script for some international
students, and Latin script with diacritics and particles (Occitan è, Friulian ê, Sardinian à,
Sorbian ć ń ž ł, Kashubian ò ô ë ù, Guarani ã ñ, Wolof è à ó, Tongan ʻokina, Corsican "di", Occitan
"de", Italian "Lo" / "Di", Spanish "de la", German "von", Catalan "i", Irish Ó and apostrophes).
Phone numbers of 27 countries (UK, Isle of Man, Ireland, France, Italy, Germany, Poland,
Switzerland, Sweden, Portugal, Paraguay, Bolivia, Mexico, Ecuador, USA, Canada, Bhutan, Russia,
Senegal, Tonga, Papua New Guinea, Fiji, Indonesia, Singapore, Australia, China, India) in national,
international, `00`, E.164, dashed (`+41-76-...`), bracketed (`(651) 482-7391`, `8 (917) ...`,
`+44 (0)7624 ...`, `(+39) 347 ...`) and bare-MSISDN form; IBANs of 16 countries (GB, IE, FR, MC,
IT, SM, VA, DE, PL, ES, PT, CH, LI, AD, SE, GI; French and Monegasque bodies with their RIB key,
Italian and Sammarinese with their CIN, Spanish with their DC, Portuguese with their NIB check,
Polish with the bank-code check digit), spaced in fours or plain; card numbers of twelve brands
(Visa, Mastercard 5x and 2-series, Amex, Discover, JCB, UnionPay of 16 and 19 digits, Diners,
Maestro, Mir, RuPay; spaced, dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC
addresses; JWTs; URL credentials; tokens of the eighteen vendors of the earlier sets' list. 150
of the 550 lines are negatives built from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, js/, xtask/), at
git history, or at the other sets' sentences, generators or data; only evaluate.py, checks.py and
the module docstrings of heldout.py to heldout10.py were read. Its first score is therefore a
blind one.

    python3 tests/redaction/heldout11.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, with the shapes the leak scan
finds in each, for review.) A summary (lines, spans per kind, negatives, languages, categories) is
printed after writing.

Deterministic: every random part (staff, students and contacts drawn from fixed rosters, phone
forms and digits, IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies, timestamps,
look-alikes) comes from one seeded `random.Random` (SEED); card brands, vendors, phone forms and
rosters are taken in turn (`Cycle`); the line order is shuffled by a second seeded one
(SHUFFLE_SEED). Nothing depends on set order, the clock or the hash seed. Every line is validated
before anything is written (see `validate`); any violation aborts with a message and writes
nothing: offsets inside the text, on character boundaries, not overlapping, each span's text the
labelled piece (checked again on the written file); the shape of every labelled value (Luhn,
brand prefix and length for cards, never a published test number; country length and mod-97 check
for IBANs through checks.py, groups of four when spaced; parseable IPs that are not loopback,
unspecified, link-local, multicast, reserved or documentation addresses; MAC shape; JWT header
with "alg" and payload that decode; PEM armour and base64 body; vendor token formats, with the
CRC32 checksum of GitHub and npm tokens; US SSN ranges; phone characters and digit counts;
passwords that are no placeholder; url_credentials between `://` and `@`; e-mail domains that are
ours or reserved; a person is in `people`, or someone whose name every part of which (through its
Latin transliteration for Tibetan, Cyrillic and Han names) is spelt by an address labelled in the
same line). The text left unlabelled (labels and declared look-alikes blanked) is scanned for
addresses, IPv4 / IPv6 and MAC addresses, `+` / `00` / 3-3-4 / French-national phone shapes, SSN
shapes, Luhn-valid runs of 13-19 digits (also in card groupings), valid IBANs, JWT, PEM,
vendor-token and URL-credential shapes, password keywords of all the languages (password, mot de
passa, chjave, crae, peraule clâf, hesło, hasło, fockle follit, ñeʼẽñemi, jamasat aru,
ichtacatlahtolli, lo lus zais, གསང་ཚིག, серһүҙ, вӑрттӑн сӑмах, baatu-jàll, lea fufū, paswot, kecap
konci, ...) followed by a value, mixed-case high-entropy strings, and every name part of the
rosters (as written and in capitals). Negative lines carry no span, positive lines at least one;
texts are unique.

Format (the one evaluate.py reads):

    {"id": "held11-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦name⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line break,
except a private key with real newlines.

Labelling conventions: those of heldout10.py's docstring (and through it heldout4.py's to
heldout9.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`); a vendor token used as a URL password is the token alone
  (`https://__token__:glpat-...@` labels the GitLab token).
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a RADIUS shared secret, an opaque bearer token, a JWT signing secret, a TOTP seed).
  A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone), digitalocean, github, gitlab, google,
  hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai, pypi, sendgrid, shopify,
  slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK... key SIDs, their secrets
  and auth tokens; AC... account SIDs are not labelled).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); students, applicants, authors,
  founders, sponsors' officers and visiting researchers are never in `people` and appear only in
  a line that labels an address spelling their name: every occurrence of the name is `person`,
  the address `email`. Role addresses (studentfinance@, examboard@, grants@, admissions@,
  accounts.payable@, svc-jira@ ...) and a GCP service account's `client_email` are `email`. In
  e-mail headers every mailbox is labelled; Message-IDs are not addresses.
  `[shown|mailto:...]` and `[shown|tel:...]` label shown text and target separately.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback and 0.0.0.0
  only on negative lines.
* phone: the whole number as written; a bare MSISDN is `phone`; extensions, short codes and
  conference PINs are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, certificates and public keys, SSIDs, user names and uids, bind
  DNs, host names, masked values, placeholders (only on negative lines), hashes, UUIDs, build
  numbers shaped like IPv4 addresses. No published test card number, no AWS example key, no weak
  literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: academic and research identifiers are declared look-alikes, never labelled: ORCID iDs
  (public identifiers, with their ISO 7064 mod 11-2 check character; written 4-4-4-4 they look
  like card numbers, some Luhn-valid by chance, and like `00`-prefixed phone numbers), Scopus
  author ids and ResearcherIDs, DOIs, ISBN-13s and ISSNs with their check digits, PMIDs and
  PMCIDs, GEO / ArrayExpress / ENA / SRA / RefSeq / Ensembl / UniProt / PDB accessions, grant
  numbers (UKRI, NIH, Horizon Europe, Wellcome, ERC), budget codes and cost centres, student IDs,
  HESA identifiers (13 digits, Luhn-valid by chance when declared), SLC customer reference
  numbers, UCAS personal IDs (3-3-4, shaped like a North American phone number), exam candidate
  numbers, module and course codes, room numbers, library barcodes (14 digits, Luhn mod 10 by
  design), sample barcodes and sequencing sample sheets, dataset SHA-256 and MD5 checksums,
  Slurm job ids, REDCap project ids, coordinates, equipment serials and asset tags, TeamViewer
  IDs, chargeback case ids, payment-intent ids, order numbers.
* NEW: admissions and immigration identifiers are not among the kinds and are never labelled:
  passport numbers, CAS numbers, SEVIS IDs of I-20s, BRP numbers, US federal school codes.
* NEW: eduroam: the inner `identity` (the user's address) is `email` and the EAP `password` is
  `password`; the outer identity (`@tarrowmere.edu`, the realm alone) is a declared
  look-alike. In RADIUS logs `User-Name` is `email`,
  `Calling-Station-Id` and the access point's MAC in `Called-Station-Id` are `mac_address`, as
  is a hostapd `bssid`.
* NEW: directory secrets are `password`: `ldapsearch -w` values, sssd `ldap_default_authtok`,
  nslcd `bindpw` and ldap.conf `BINDPW`, an ldif `userPassword` in clear text, the
  `ConvertTo-SecureString` value of `New-ADUser`, Shibboleth `bindDNCredential`,
  `sealer.storePassword` / `keyPassword` and `persistentId.salt`. ldif `cn`, `sn` and
  `givenName` and New-ADUser `-Name` / `-GivenName` / `-Surname` are `person` (beside `mail` /
  `-EmailAddress`); uids and bind DNs are not labelled.
* NEW: research-computing and teaching secrets without a vendor prefix in our list are
  `password`: temporary cluster passwords, TOTP seeds (`secret=` of an otpauth URI), Globus
  client secrets, Weights & Biases keys (40 hex), conda channel tokens (`/t/<token>/`), Canvas
  access tokens (`1234~...`), Moodle web-service tokens and `passwordsaltmain`, LTI 1.1 shared
  secrets, REDCap API tokens (32 hex), JupyterHub `secretToken` and `cookieSecret`, OAuth
  `client_secret`s, a Shopify webhook secret, Laravel `APP_KEY` and Django `SECRET_KEY`, a
  DigitalOcean Spaces secret, a Shibboleth OP's opaque access token (`AAdzZWNyZXQ...`). LTI
  consumer keys, LTI 1.3 client and deployment ids, Globus client and collection ids, Spaces
  access key ids, Keycloak client and session ids and JWKS key ids are identifiers, declared
  look-alikes where they could pass for secrets.
* NEW: a `--mail-user=` / `#PBS -M` address is `email` (`person` for a listed staff member), as
  is an address in an LDAP filter `(mail=...)` or an SMS / checkout log field.
* NEW: a payee or cardholder name written in capitals (`LEA FOURNIER-BAPTISTE`) is `person`;
  CSV `surname` / `forename` columns beside the address are separate `person` spans, a particle
  staying inside its component (`de la Fuente`, `Lo Monaco`).
* NEW: Dzongkha names (Tibetan script, tsheg-separated) are one span each (ཀུན་བཟང་ཆོས་སྒྲོན ↔
  kuenzang.choden); Bashkir and Chuvash names in Cyrillic (Айгөл Ҡаһарманова ↔
  aigul.kaharmanova); a Tongan name keeps its ʻokina (ʻAlisi Fifitaʻaho ↔ alisi.fifitaaho); a
  Guarani suffix written after a number or address (`... 0981 234 567-pe`, `...@example.com-pe`)
  stays outside the span. A liaison officer may have a display name in Tibetan or Cyrillic script
  with a Latin address.
* NEW: a service-account address used as the user of `curl -u addr:token` is `email`, the
  token its `api_key/<vendor>` kind; the CA data of a kubeconfig and the base64 user name of a
  Kubernetes Secret are declared look-alikes.
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout11.jsonl"
SEED = 11_2026_0611
SHUFFLE_SEED = 11_0611_2026
R = random.Random(SEED)

DIG = "0123456789"
HEX = "0123456789abcdef"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOW = "abcdefghijklmnopqrstuvwxyz"
B62 = DIG + UP + LOW
B64U = B62 + "-_"
B64 = B62 + "+/"


def rs(alphabet, n):
    """n characters drawn from alphabet."""
    return "".join(R.choice(alphabet) for _ in range(n))


def rd(n):
    return rs(DIG, n)


def rhex(n, upper=False):
    s = rs(HEX, n)
    return s.upper() if upper else s


def pick(seq):
    return R.choice(seq)


class Cycle:
    """Takes the items of a list in turn (after one seeded shuffle)."""

    def __init__(self, items):
        self.items = list(items)
        R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


# --- pieces ---------------------------------------------------------------------------------


class Lab:
    """A labelled piece: kind and the exact text of the span."""

    __slots__ = ("kind", "value")

    def __init__(self, kind, value):
        self.kind, self.value = kind, value


class Look:
    """An unlabelled look-alike, declared on purpose (listed by --lint)."""

    __slots__ = ("value", "note")

    def __init__(self, value, note):
        self.value, self.note = value, note


MARK = re.compile(r"⟦(\w+)⟧")


def T(template, **parts):
    """Pieces from a template whose ⟦key⟧ markers name pieces (str, Lab, Look or lists)."""
    out, used = [], set()
    for i, chunk in enumerate(MARK.split(template)):
        if i % 2 == 0:
            if chunk:
                out.append(chunk)
            continue
        used.add(chunk)
        value = parts[chunk]
        if isinstance(value, list):
            out.extend(value)
        else:
            out.append(value)
    unused = set(parts) - used
    assert not unused, f"unused template parts {unused} in {template[:60]!r}"
    return out


# --- check digits and value generators ------------------------------------------------------


def luhn_complete(prefix, length):
    """prefix + random digits + the Luhn check digit, `length` digits in all."""
    body = prefix + rd(length - len(prefix) - 1)
    for d in DIG:
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


PUBLISHED_TEST_CARDS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222",
    "5555555555554444", "5105105105105100", "5200828282828210", "378282246310005",
    "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
    "6200000000000005", "4000056655665556", "2223003122003222", "4000000000000002",
}

CARD_BRANDS = {
    # brand: (prefix chooser, length)
    "visa": (lambda: "4" + rd(1), 16),
    "mastercard": (lambda: "5" + pick("12345"), 16),
    "mastercard2": (lambda: str(R.randint(2221, 2720)), 16),
    "amex": (lambda: pick(["34", "37"]), 15),
    "discover": (lambda: pick(["6011", "65" + rd(2), str(R.randint(644, 649))]), 16),
    "jcb": (lambda: str(R.randint(3528, 3589)), 16),
    "unionpay": (lambda: "62" + pick(["22", "28", "12", "60"]), 16),
    "unionpay19": (lambda: "62" + pick(["17", "14", "59"]), 19),
    "diners": (lambda: pick(["36", "38", "300", "305"]), 14),
    "maestro": (lambda: pick(["6759", "5018", "5020", "6763"]), 16),
    "mir": (lambda: "220" + pick("01234"), 16),
    "rupay": (lambda: pick(["6521", "6522", "508" + rd(1), "60" + pick("78")]), 16),
}


def card_number(brand):
    prefix_fn, length = CARD_BRANDS[brand]
    while True:
        n = luhn_complete(prefix_fn(), length)
        if n not in PUBLISHED_TEST_CARDS and len(set(n[6:-1])) > 2:
            return n


def card_format(n, style):
    if style == "plain":
        return n
    sep = " " if style == "spaced" else "-"
    if len(n) == 15:
        groups = [n[:4], n[4:10], n[10:]]
    elif len(n) == 14:
        groups = [n[:4], n[4:10], n[10:]]
    elif len(n) == 19:
        groups = [n[i:i + 4] for i in range(0, 16, 4)] + [n[16:]]
    else:
        groups = [n[i:i + 4] for i in range(0, len(n), 4)]
    return sep.join(groups)


CARD_STYLES = Cycle(["spaced", "plain", "dashed", "spaced", "plain"])


def card(brand, style=None):
    return card_format(card_number(brand), style or CARD_STYLES())


def rib_key(bank, branch, account):
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]


def italian_cin(abi, cab, conto):
    s = 0
    for i, ch in enumerate(abi + cab + conto):
        v = int(ch)
        s += CIN_ODD[v] if i % 2 == 0 else v
    return UP[s % 26]


def spanish_dc(bank, branch, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(ten):
        r = 11 - sum(int(c) * k for c, k in zip(ten, w)) % 11
        return {11: 0, 10: 1}.get(r, r)

    return f"{d('00' + bank + branch)}{d(account)}"


def polish_sort(seven):
    w = [3, 9, 7, 1, 3, 9, 7]
    return str((10 - sum(int(c) * k for c, k in zip(seven, w)) % 10) % 10)


def portuguese_nib(bank, branch, account):
    return f"{98 - int(bank + branch + account + '00') % 97:02d}"


def bban(country):
    if country == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG"]) + rd(6) + rd(8)
    if country == "IE":
        return pick(["AIBK", "BOFI", "IPBS"]) + rd(6) + rd(8)
    if country in ("FR", "MC"):
        bank = pick(["30004", "30003", "10278", "11425", "12739"]) if country == "FR" else pick(["11468", "12739", "30003"])
        branch, account = rd(5), rd(11)
        return bank + branch + account + rib_key(bank, branch, account)
    if country in ("IT", "SM"):
        abi = pick(["03069", "02008", "05034", "01030"]) if country == "IT" else pick(["06067", "03034", "08540"])
        cab, conto = rd(5), rd(12)
        return italian_cin(abi, cab, conto) + abi + cab + conto
    if country == "VA":
        return "001" + rd(15)
    if country == "DE":
        return pick(["85050300", "12030000", "50010517", "86055592"]) + rd(10)
    if country == "PL":
        seven = pick(["1020", "1140", "1240", "1090"]) + rd(3)
        return seven + polish_sort(seven) + rd(16)
    if country == "ES":
        bank, branch, account = pick(["2100", "0049", "0182", "2085"]), rd(4), rd(10)
        return bank + branch + spanish_dc(bank, branch, account) + account
    if country == "PT":
        bank, branch, account = pick(["0035", "0007", "0033", "0010"]), rd(4), rd(11)
        return bank + branch + account + portuguese_nib(bank, branch, account)
    if country in ("CH", "LI"):
        return (pick(["00762", "00230", "08390"]) if country == "CH" else pick(["08810", "08800"])) + rd(12)
    if country == "AD":
        return pick(["0001", "0004", "0006"]) + rd(4) + rd(12)
    if country == "SE":
        return pick(["500", "800", "120", "300"]) + rd(17)
    if country == "GI":
        return pick(["NWBK", "GIBL"]) + rd(15)
    raise KeyError(country)


IBAN_LEN = {"GB": 22, "IE": 22, "FR": 27, "MC": 27, "IT": 27, "SM": 27, "VA": 22, "DE": 22,
            "PL": 28, "ES": 24, "PT": 25, "CH": 21, "LI": 21, "AD": 24, "SE": 24, "GI": 23}


def iban(country, spaced=None):
    body = bban(country)
    value = country + iban_check(country, body) + body
    assert len(value) == IBAN_LEN[country] and iban_valid(value)
    if spaced is None:
        spaced = R.random() < 0.6
    if spaced:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return value


def ssn():
    while True:
        area = R.randint(1, 899)
        if area == 666:
            continue
        value = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if value not in ("123-45-6789", "078-05-1120", "219-09-9999"):
            return value


# --- phone numbers --------------------------------------------------------------------------

# country: calling code, trunk prefix, number shapes (pattern, groups, national separators,
# international separators). Pattern: x any digit, n 1-9, m 2-9, {ab} one of a, b.
PHONES = {
    "GB": ("44", "0", [("7{45789}xxxxxxxx", (4, 6)), ("113mxxxxxx", (3, 3, 4)), ("20mxxxxxxx", (2, 4, 4))]),
    "IM": ("44", "0", [("7624xxxxxx", (4, 6)), ("1624mxxxxx", (4, 6))]),
    "IE": ("353", "0", [("8{35679}xxxxxxx", (2, 3, 4))]),
    "FR": ("33", "0", [("{67}xxxxxxxx", (1, 2, 2, 2, 2)), ("495xxxxxx", (1, 2, 2, 2, 2)), ("5{36}xxxxxxx", (1, 2, 2, 2, 2))]),
    "IT": ("39", "", [("3{2456789}xxxxxxxx", (3, 3, 4)), ("070mxxxxxx", (3, 7)), ("0432mxxxxx", (4, 6))]),
    "DE": ("49", "0", [("15{1279}xxxxxxxx", (3, 8)), ("3591mxxxxx", (4, 6))]),
    "PL": ("48", "", [("{5678}xxxxxxxx", (3, 3, 3)), ("58mxxxxxx", (2, 3, 2, 2))]),
    "CH": ("41", "0", [("7{5689}xxxxxxx", (2, 3, 2, 2)), ("22mxxxxxx", (2, 3, 2, 2))]),
    "SE": ("46", "0", [("7{0236}xxxxxxx", (2, 3, 2, 2))]),
    "PT": ("351", "", [("9{1236}xxxxxxx", (3, 3, 3))]),
    "PY": ("595", "0", [("9{6789}xxxxxxx", (3, 3, 3)), ("21mxxxxx", (2, 3, 3))]),
    "BO": ("591", "", [("{67}xxxxxxx", (4, 4)), ("2mxxxxxx", (1, 3, 4))]),
    "MX": ("52", "", [("55mxxxxxxx", (2, 4, 4)), ("222mxxxxxx", (3, 3, 4))]),
    "EC": ("593", "0", [("9{6789}xxxxxxx", (2, 3, 4))]),
    "US": ("1", "", [("651mxxxxxx", (3, 3, 4)), ("916mxxxxxx", (3, 3, 4)), ("559mxxxxxx", (3, 3, 4)), ("617mxxxxxx", (3, 3, 4))]),
    "CA": ("1", "", [("514mxxxxxx", (3, 3, 4)), ("416mxxxxxx", (3, 3, 4))]),
    "BT": ("975", "", [("{17}7xxxxxx", (2, 2, 2, 2))]),
    "RU": ("7", "8", [("9{0123}xxxxxxxx", (3, 3, 2, 2)), ("347mxxxxxx", (3, 3, 2, 2)), ("8352mxxxxx", (4, 2, 2, 2))]),
    "SN": ("221", "", [("7{05678}xxxxxxx", (2, 3, 2, 2)), ("33mxxxxxx", (2, 3, 2, 2))]),
    "TO": ("676", "", [("7{5678}xxxxx", (3, 4))]),
    "PG": ("675", "", [("7{0123}xxxxxx", (4, 4))]),
    "FJ": ("679", "", [("9xxxxxx", (3, 4)), ("8{34}xxxxx", (3, 4))]),
    "ID": ("62", "0", [("8{1235}xxxxxxxxx", (3, 4, 4)), ("22mxxxxxx", (2, 7))]),
    "SG": ("65", "", [("{89}xxxxxxx", (4, 4))]),
    "AU": ("61", "0", [("4xxxxxxxx", (3, 3, 3))]),
    "CN": ("86", "", [("1{3589}xxxxxxxxx", (3, 4, 4))]),
    "IN": ("91", "", [("{6789}xxxxxxxxx", (5, 5))]),
}


def fill(pattern):
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "{":
            j = pattern.index("}", i)
            out.append(pick(pattern[i + 1:j]))
            i = j + 1
            continue
        out.append({"x": lambda: pick(DIG), "n": lambda: pick(DIG[1:]), "m": lambda: pick(DIG[2:])}.get(ch, lambda: ch)())
        i += 1
    return "".join(out)


def grouped(digits, groups, seps):
    parts, i = [], 0
    for g in groups:
        parts.append(digits[i:i + g])
        i += g
    assert i == len(digits), (digits, groups)
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    return out


PHONE_FORMS = Cycle(["nat", "intl", "e164", "nat", "intl", "00", "paren", "intl", "nat", "dash"])


def phone(country, form=None, shape=None, nsn=None):
    """A phone number of `country`, written in `form` (nat, intl, 00, e164, bare, paren, dash)."""
    cc, trunk, shapes = PHONES[country]
    if nsn is None:
        idx = shape if shape is not None else R.randrange(len(shapes))
        nsn = fill(shapes[idx][0])
    else:
        idx = shape
    groups = shapes[idx][1]
    phone.last = (country, idx, nsn)
    form = form or PHONE_FORMS()
    n = len(groups) - 1
    if country in ("US", "CA"):
        a, b, c = nsn[:3], nsn[3:6], nsn[6:]
        return {"nat": f"{a}-{b}-{c}", "paren": f"({a}) {b}-{c}", "intl": f"+1 {a} {b} {c}",
                "00": f"001 {a} {b} {c}", "e164": f"+1{nsn}", "bare": f"1{nsn}",
                "dash": f"+1-{a}-{b}-{c}"}[form]
    if country == "RU":
        seps = " " + "-" * (n - 1)
        body = grouped(nsn, groups, seps)
        a = nsn[:groups[0]]
        rest = grouped(nsn[groups[0]:], groups[1:], "-" * (n - 1))
        return {"nat": f"8 {body}", "paren": f"8 ({a}) {rest}", "intl": f"+7 {body}",
                "00": f"007 {body}", "e164": f"+7{nsn}", "bare": f"7{nsn}",
                "dash": f"+7-{a}-{rest}"}[form]
    if form == "nat":
        first = trunk + nsn[:groups[0]]
        return grouped(trunk + nsn, (len(first),) + tuple(groups[1:]), " " * n)
    if form == "intl":
        return f"+{cc} " + grouped(nsn, groups, " " * n)
    if form == "00":
        return f"00{cc} " + grouped(nsn, groups, " " * n)
    if form == "e164":
        return f"+{cc}{nsn}"
    if form == "bare":
        return cc + nsn
    if form == "dash":
        return f"+{cc}-" + grouped(nsn, groups, "-" * n)
    if form == "paren":
        if trunk == "0" and country in ("GB", "IM", "DE", "CH", "AU"):
            return f"+{cc} (0)" + grouped(nsn, groups, " " * n)
        if trunk:
            first = trunk + nsn[:groups[0]]
            return f"({first}) " + grouped(nsn[groups[0]:], groups[1:], " " * (n - 1))
        return f"(+{cc}) " + grouped(nsn, groups, " " * n)
    raise KeyError(form)


def phone_again(form):
    """The number `phone` drew last, written in another form."""
    country, idx, nsn = phone.last
    return phone(country, form, idx, nsn)


# --- network values -------------------------------------------------------------------------

DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


def ip_ok(value):
    ip = ipaddress.ip_address(value)
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or any(ip in net for net in DOC_NETS if net.version == ip.version))


def ipv4(kind=None):
    kind = kind or pick(["private", "public", "private", "cgnat"] if R.random() < 0.2 else ["private", "public"])
    while True:
        if kind == "private":
            value = pick([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                          f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                          f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"])
        elif kind == "cgnat":
            value = f"100.{R.randint(64, 127)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
        else:
            value = f"{pick([31, 37, 46, 51, 62, 77, 81, 86, 89, 92, 109, 141, 145, 152, 163, 185, 193, 194, 212, 217])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
        if ip_ok(value):
            return value


def ipv6(kind="public"):
    while True:
        if kind == "public":
            groups = [pick(["2a00", "2a01", "2a02", "2a0c", "2001:630", "2a05"])] + [format(R.randint(0, 0xffff), "x") for _ in range(3)]
            head = ":".join(groups)
            value = head + "::" + format(R.randint(1, 0xffff), "x")
        else:
            value = "fd" + rhex(2) + ":" + ":".join(format(R.randint(0, 0xffff), "x") for _ in range(3)) + "::" + format(R.randint(1, 0xfff), "x")
        if ip_ok(value):
            return str(ipaddress.ip_address(value)) if R.random() < 0.5 else value


OUIS = ["00:1b:21", "3c:ec:ef", "a4:bb:6d", "f4:8e:38", "00:50:56", "b8:27:eb", "dc:a6:32", "00:25:90", "e4:5f:01", "ac:1f:6b"]


def mac(style=None):
    style = style or pick(["colon", "colon", "dash", "COLON"])
    octets = pick(OUIS).split(":") + [rhex(2) for _ in range(3)]
    if style == "dash":
        return "-".join(o.upper() for o in octets)
    if style == "COLON":
        return ":".join(o.upper() for o in octets)
    return ":".join(octets)


# --- secrets --------------------------------------------------------------------------------

WORDS = ["heron", "granite", "lantern", "orchard", "falcon", "cobalt", "thistle", "harbour", "quartz",
         "meadow", "cinder", "ember", "willow", "puffin", "basalt", "juniper", "tundra", "saffron",
         "bramble", "glacier", "kestrel", "marlin", "otter", "pewter", "rowan", "sorrel", "tamarind"]
SYMS = "!#%&*+-=?@^_~."


def password(style=None, words=None):
    style = style or pick(["words", "random", "mixed", "words", "random"])
    if style == "words":
        ws = words or WORDS
        a, b = R.sample(ws, 2)
        return f"{a.capitalize()}{pick(SYMS)}{b}{pick(SYMS)}{rd(R.randint(2, 4))}"
    if style == "random":
        while True:
            s = rs(B62 + "!#%*-_.", R.randint(12, 20))
            if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s):
                return s
    w = pick(words or WORDS)
    return f"{w[:1].upper()}{w[1:]}{rd(2)}{pick(SYMS)}{rs(UP, 2)}{rs(LOW + DIG, 3)}"


def url_password():
    """A password that can stand in a URL's userinfo unencoded."""
    while True:
        s = rs(B62 + "-_.~!*", R.randint(14, 22))
        if any(c.isdigit() for c in s) and any(c.isupper() for c in s) and any(c.islower() for c in s):
            return s


def b64(raw):
    return base64.b64encode(raw).decode()


def b64url(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def base62_crc(s):
    n = zlib.crc32(s.encode()) & 0xffffffff
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def tok(vendor, variant=None):
    """A token in the published shape of `vendor`."""
    v = variant
    if vendor == "github":
        v = v or pick(["ghp", "ghp", "gho", "ghs", "pat"])
        if v == "pat":
            return "github_pat_" + rs(B62, 22) + "_" + rs(B62, 59)
        body = rs(B62, 30)
        return f"{v}_{body}{base62_crc(body)}"
    if vendor == "npm":
        body = rs(B62, 30)
        return f"npm_{body}{base62_crc(body)}"
    if vendor == "gitlab":
        return "glpat-" + rs(B62 + "-_", 20)
    if vendor == "slack":
        v = v or pick(["xoxb", "xoxp", "hook"])
        if v == "xoxb":
            return f"xoxb-{rd(12)}-{rd(13)}-{rs(B62, 24)}"
        if v == "xoxp":
            return f"xoxp-{rd(12)}-{rd(12)}-{rd(13)}-{rhex(32)}"
        return f"https://hooks.slack.com/services/T{rs(UP + DIG, 10)}/B{rs(UP + DIG, 10)}/{rs(B62, 24)}"
    if vendor == "aws":
        if v == "secret":
            return rs(B62 + "/+", 40)
        return pick(["AKIA", "AKIA", "ASIA"]) + rs(UP + "234567", 16)
    if vendor == "stripe":
        v = v or pick(["sk", "rk", "whsec"])
        if v == "whsec":
            return "whsec_" + rs(B62, 32)
        return f"{v}_live_51{rs(B62, 97)}"
    if vendor == "google":
        return "AIza" + rs(B64U, 35)
    if vendor == "openai":
        return "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74)
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(B64U, 93) + "AA"
    if vendor == "huggingface":
        return "hf_" + rs(UP + LOW, 34)
    if vendor == "sendgrid":
        return "SG." + rs(B64U, 22) + "." + rs(B64U, 43)
    if vendor == "twilio":
        v = v or "sk"
        if v == "sk":
            return "SK" + rhex(32)
        if v == "secret":
            return rs(B62, 32)
        return rhex(32)  # auth token
    if vendor == "shopify":
        return pick(["shpat_", "shpat_", "shpca_"]) + rhex(32)
    if vendor == "digitalocean":
        return pick(["dop_v1_", "dop_v1_", "doo_v1_"]) + rhex(64)
    if vendor == "hashicorp":
        if v == "tfc":
            return rs(B62, 14) + ".atlasv1." + rs(B62, 67)
        return "hvs.CAESI" + rs(B64U, 86)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmcCJ" + rs(B64U, 150)
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(B64U, 171) + "=" + rhex(8, upper=True)
    if vendor == "azure":
        return b64(R.randbytes(64))
    raise KeyError(vendor)


def jwt(claims, alg="RS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    h = b64url(json.dumps(header, separators=(",", ":")).encode())
    p = b64url(json.dumps(claims, separators=(",", ":"), ensure_ascii=False).encode())
    size = {"RS256": 256, "HS256": 32, "HS512": 64, "ES256": 64}[alg]
    return f"{h}.{p}.{b64url(R.randbytes(size))}"


def uuid():
    h = rhex(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:32]}"


KEY_DER_PREFIX = {
    "RSA PRIVATE KEY": bytes.fromhex("308204a40201000282010100"),
    "PRIVATE KEY": bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100"),
    "EC PRIVATE KEY": bytes.fromhex("30770201010420"),
    "OPENSSH PRIVATE KEY": b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 ",
}


def pem(kind="RSA PRIVATE KEY", escaped=False):
    if kind == "EC PRIVATE KEY":
        raw = KEY_DER_PREFIX[kind] + R.randbytes(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + R.randbytes(64)
        width = 64
    elif kind == "OPENSSH PRIVATE KEY":
        raw = KEY_DER_PREFIX[kind] + R.randbytes(32) + b"\x00\x00\x00\x88" + R.randbytes(136) + b"\x00\x00\x00\x0bssh-ed25519" + R.randbytes(98)
        width = 70
    else:
        raw = KEY_DER_PREFIX[kind] + R.randbytes(R.choice([600, 880, 1150]))
        width = 64
    body = b64(raw)
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    nl = "\\n" if escaped else "\n"
    return f"-----BEGIN {kind}-----{nl}" + nl.join(lines) + f"{nl}-----END {kind}-----"


def public_blob(n=68):
    return b64(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + R.randbytes(32)) if n == 68 else b64(R.randbytes(n))


def hexdigest(n=64):
    return rhex(n)


# --- people ---------------------------------------------------------------------------------


def account_id():
    return "712020:" + uuid() if R.random() < 0.6 else rhex(24)


STAFF_ROWS = [
    # display name, address; the language a liaison officer serves, when one
    ("Morwenna Tresize", "m.tresize@tarrowmere.edu", None),
    ("Idris Bellweather", "idris.bellweather@tarrowmere.edu", None),
    ("Catriona MacLeish", "c.macleish@tarrowmere.edu", None),
    ("Oluwaseun Adebayo-Hart", "o.adebayohart@tarrowmere.edu", None),
    ("Henrike Vosskamp", "h.vosskamp@tarrowmere-research.net", None),
    ("Tobias Lindqvist-Rowe", "tobias.lr@tarrowmere.edu", None),
    ("Priyanka Raghunathan", "p.raghunathan@tarrowmere-research.net", None),
    ("Declan Ashcombe", "d.ashcombe@tarrowmere.edu", None),
    ("Ingrid Solvang", "ingrid.solvang@tarrowmere.edu", None),
    ("Rafael Quintanilha", "r.quintanilha@tarrowmere.edu", None),
    ("Yusra El-Khatib", "y.elkhatib@tarrowmere.edu", None),
    ("Benedikt Hornung", "b.hornung@tarrowmere-research.net", None),
    ("Elspeth Carrow", "e.carrow@tmpress.org", None),
    ("Kenji Arakawa-Moss", "k.arakawamoss@tarrowmere-research.net", None),
    ("Fenella Quayle-Brew", "f.quaylebrew@tarrowmere.edu", None),
    ("Théo Marchetti", "theo.marchetti@tarrowmere.edu", None),
    ("Zainab Okoro", "z.okoro@tarrowmere.edu", None),
    ("Lorcan Pettifer", "l.pettifer@tarrowmere.edu", None),
    ("Signe Ravnholt", "s.ravnholt@tarrowmere-research.net", None),
    ("Ottilie Brandauer", "o.brandauer@tmpress.org", None),
    ("Hamish Duthie", "h.duthie@tarrowmere.edu", None),
    ("Ngaire Whitcombe", "n.whitcombe@tarrowmere.edu", None),
    ("Saskia Oduya", "s.oduya@tarrowmere-research.net", None),
    ("Callum Redfearn", "c.redfearn@tarrowmere.edu", None),
    ("Aurèlia Fabre", "a.fabre@tarrowmere.edu", "oc"),
    ("Ghjacumina Vincensini", "g.vincensini@tarrowmere.edu", "co"),
    ("Efisio Melis", "e.melis@tarrowmere.edu", "sc"),
    ("Giulia Zuliani", "g.zuliani@tarrowmere.edu", "fur"),
    ("Lucija Nukowa", "l.nukowa@tarrowmere.edu", "hsb"),
    ("Kasper Mielewczyk", "k.mielewczyk@tarrowmere.edu", "csb"),
    ("Aalish Clucas", "a.clucas@tarrowmere.edu", "gv"),
    ("Itzel Huitrón Vega", "i.huitron@tarrowmere.edu", "nah"),
    ("Lourdes Ramírez Giménez", "l.ramirez@tarrowmere.edu", "gn"),
    ("Efraín Choquehuanca", "e.choquehuanca@tarrowmere.edu", "ay"),
    ("Chalee Xiong", "c.xiong@tarrowmere.edu", "hmn"),
    ("ཀརྨ་དབང་འདུས", "karma.wangdue@tarrowmere.edu", "dz"),
    ("Рәсүл Ғафуров", "r.gafurov@tarrowmere.edu", "ba"),
    ("Ольга Сидорова-Ильина", "o.sidorova@tarrowmere.edu", "cv"),
    ("Mariama Ndiaye", "m.ndiaye@tarrowmere.edu", "wo"),
    ("Tevita Lolohea", "t.lolohea@tarrowmere.edu", "to"),
    ("Gideon Anisi", "g.anisi@tarrowmere.edu", "tpi"),
    ("Ujang Permana", "u.permana@tarrowmere.edu", "su"),
]
STAFF = [{"display_name": n, "email": e, "account_id": account_id()} for n, e, _ in STAFF_ROWS]
LIAISON = {lang: STAFF[i] for i, (_, _, lang) in enumerate(STAFF_ROWS) if lang}
GENERAL_STAFF = [STAFF[i] for i, (_, _, lang) in enumerate(STAFF_ROWS) if not lang]


class Person:
    """Someone not in `people` (a student, applicant, author, founder, contact)."""

    def __init__(self, name, local, country, translit=None, iban_country=None, brand=None,
                 family=None, given=None):
        self.name, self.local, self.country = name, local, country
        self.translit = translit  # Latin name parts of a name in another script
        self.iban_country = iban_country
        self.brand = brand
        self.family = family or name.split()[-1]
        self.given = given or " ".join(name.split()[:-1])

    def addr(self, domain=None):
        domain = domain or pick(["student.tarrowmere.edu", "student.tarrowmere.edu", "example.com",
                                 "example.org", "example.net", "mail.example.com", "correo.example",
                                 "inbox.example", "post.example"])
        return f"{self.local}@{domain}"

    def tel(self, form=None, shape=0):
        return phone(self.country, form, shape)


P = Person
STUDENTS = [
    P("Amara Okonjo-Villiers", "amara.okonjovilliers", "GB", iban_country="GB", brand="visa"),
    P("Niamh O'Doherty", "niamh.odoherty", "IE", iban_country="IE", brand="mastercard"),
    P("Léa Fournier-Baptiste", "lea.fournierbaptiste", "FR", iban_country="FR", brand="visa"),
    P("Chiara Lo Monaco", "chiara.lomonaco", "IT", iban_country="IT", brand="mastercard2", family="Lo Monaco", given="Chiara"),
    P("Maximilian von Thurn", "maximilian.vonthurn", "DE", iban_country="DE", brand="maestro", family="von Thurn", given="Maximilian"),
    P("Aleksandra Wiśniewska", "aleksandra.wisniewska", "PL", iban_country="PL", brand="visa"),
    P("Chloé Gerber", "chloe.gerber", "CH", iban_country="CH", brand="mastercard"),
    P("Sven-Olof Hägglund", "svenolof.hagglund", "SE", iban_country="SE", brand="visa"),
    P("Mateus Brandão", "mateus.brandao", "PT", iban_country="PT", brand="visa"),
    P("Camila Benítez Ayala", "camila.benitezayala", "PY", brand="mastercard", family="Benítez Ayala", given="Camila"),
    P("Santiago Villca Huanca", "santiago.villcahuanca", "BO", brand="visa", family="Villca Huanca", given="Santiago"),
    P("Ximena Ocampo Ruiz", "ximena.ocamporuiz", "MX", brand="amex", family="Ocampo Ruiz", given="Ximena"),
    P("Daniela Cevallos", "daniela.cevallos", "EC", brand="diners"),
    P("Jordan Whitfield", "jordan.whitfield", "US", brand="discover"),
    P("Émilie Tremblay-Roy", "emilie.tremblayroy", "CA", brand="visa"),
    P("Tshering Wangmo", "tshering.wangmo", "BT", brand="visa"),
    P("Дарья Соколова", "darya.sokolova", "RU", translit=["darya", "sokolova"], brand="mir"),
    P("Moussa Diallo", "moussa.diallo", "SN", iban_country="FR", brand="visa"),
    P("Mele Havili", "mele.havili", "TO", brand="mastercard"),
    P("Nathan Kewa", "nathan.kewa", "PG", brand="visa"),
    P("Losana Tuivaga", "losana.tuivaga", "FJ", brand="mastercard2"),
    P("Rizky Pratama", "rizky.pratama", "ID", brand="jcb"),
    P("Tan Wei Ling", "weiling.tan", "SG", brand="unionpay", family="Tan", given="Wei Ling"),
    P("Olivia Marchant", "olivia.marchant", "AU", brand="amex"),
    P("王思远", "siyuan.wang", "CN", translit=["wang", "siyuan"], brand="unionpay19", family="王", given="思远"),
    P("Priya Venkataraman", "priya.venkataraman", "IN", brand="rupay"),
    P("Orry Kermode", "orry.kermode", "IM", iban_country="GB", brand="visa"),
    P("Lucía de la Fuente", "lucia.delafuente", "GB", iban_country="ES", brand="visa", family="de la Fuente", given="Lucía"),
    P("Marco Di Stefano", "marco.distefano", "IT", iban_country="SM", brand="mastercard", family="Di Stefano", given="Marco"),
    P("Hannah Abernethy", "hannah.abernethy", "GB", iban_country="GB", brand="mastercard2"),
    P("Kwame Asante-Mensah", "kwame.asantemensah", "GB", iban_country="GI", brand="visa"),
    P("Eilidh Ferguson", "eilidh.ferguson", "GB", iban_country="GB", brand="mastercard"),
    P("Rahul Deshmukh", "rahul.deshmukh", "IN", brand="rupay"),
    P("刘雨桐", "yutong.liu", "CN", translit=["liu", "yutong"], brand="unionpay", family="刘", given="雨桐"),
    P("Jessica Okafor", "jessica.okafor", "US", brand="amex"),
    P("Andrés Mejía Salcedo", "andres.mejiasalcedo", "MX", brand="visa", family="Mejía Salcedo", given="Andrés"),
    P("Freya Lindgren", "freya.lindgren", "SE", iban_country="SE", brand="visa"),
    P("Tomás Ó Briain", "tomas.obriain", "IE", iban_country="IE", brand="mastercard", family="Ó Briain", given="Tomás"),
    P("Yasmin Haddad", "yasmin.haddad", "AU", brand="visa"),
    P("Bruno Carvalho", "bruno.carvalho", "PT", iban_country="PT", brand="mastercard"),
    P("Anouk Favre", "anouk.favre", "CH", iban_country="LI", brand="visa"),
    P("Julien Marchal", "julien.marchal", "FR", iban_country="MC", brand="mastercard"),
    P("Matteo Casagrande", "matteo.casagrande", "IT", iban_country="VA", brand="visa"),
    P("Núria Puigdomènech", "nuria.puigdomenech", "GB", iban_country="AD", brand="visa"),
]
# Researchers, authors, sponsors and contacts outside the university (never in `people`).
EXTERNAL = [
    P("Henrietta Lyle-Barrow", "henrietta.lylebarrow", "GB", iban_country="GB"),
    P("Dominik Achterberg", "dominik.achterberg", "DE", iban_country="DE"),
    P("Sofia Almeida Reis", "sofia.almeidareis", "PT", iban_country="PT", family="Almeida Reis", given="Sofia"),
    P("Gabriel Ferrand", "gabriel.ferrand", "FR", iban_country="FR"),
    P("Valentina Russo", "valentina.russo", "IT", iban_country="IT"),
    P("Karolina Zielińska", "karolina.zielinska", "PL", iban_country="PL"),
    P("Rosalind Penhaligon", "rosalind.penhaligon", "GB", iban_country="GB"),
    P("Marcus Delacroix", "marcus.delacroix", "US"),
    P("Astrid Nyberg", "astrid.nyberg", "SE", iban_country="SE"),
    P("Pablo Iturriaga", "pablo.iturriaga", "GB", iban_country="ES"),
    P("Elif Karaca", "elif.karaca", "DE", iban_country="DE"),
    P("Thabo Mokoena", "thabo.mokoena", "GB", iban_country="GB"),
    P("Meredith Okonkwo", "meredith.okonkwo", "US"),
    P("Lukas Baumgartner", "lukas.baumgartner", "CH", iban_country="CH"),
    P("Aoife Gallagher", "aoife.gallagher", "IE", iban_country="IE"),
    P("Stefano Bellandi", "stefano.bellandi", "IT", iban_country="SM"),
    P("Caroline Whitby", "caroline.whitby", "US"),
    P("Joaquim Serra i Pujol", "joaquim.serrapujol", "GB", iban_country="AD", family="Serra i Pujol", given="Joaquim"),
]

# Students of the language lines: name (native script where the language has one), address
# local part, phone country, IBAN country (None: refunds go to a card), card brand, Latin parts.
LANG_STUDENTS = {
    "oc": [P("Joan-Pèire Sarrat", "joanpeire.sarrat", "FR", iban_country="FR", brand="visa"),
           P("Mirelha Castanhièr", "mirelha.castanhier", "FR", iban_country="FR", brand="mastercard"),
           P("Bernat de Montesquiu", "bernat.demontesquiu", "FR", iban_country="FR", brand="visa", family="de Montesquiu", given="Bernat")],
    "co": [P("Ghjuvan Petru Santoni", "ghjuvanpetru.santoni", "FR", iban_country="FR", brand="visa", given="Ghjuvan Petru"),
           P("Maria Ghjulia Albertini", "mariaghjulia.albertini", "FR", iban_country="MC", brand="mastercard", given="Maria Ghjulia"),
           P("Anghjulu di Mezza", "anghjulu.dimezza", "FR", iban_country="FR", brand="visa", family="di Mezza", given="Anghjulu")],
    "sc": [P("Bachisiu Porcu", "bachisiu.porcu", "IT", iban_country="IT", brand="visa"),
           P("Bonària Sanna Mura", "bonaria.sannamura", "IT", iban_country="IT", brand="mastercard", family="Sanna Mura", given="Bonària"),
           P("Gavinu Pinna", "gavinu.pinna", "IT", iban_country="IT", brand="maestro")],
    "fur": [P("Pieri Tosolin", "pieri.tosolin", "IT", iban_country="IT", brand="visa"),
            P("Luzie Dreosto", "luzie.dreosto", "IT", iban_country="SM", brand="mastercard2"),
            P("Denêl Cjargnel", "denel.cjargnel", "IT", iban_country="IT", brand="visa")],
    "hsb": [P("Měrćin Wjeńka", "mercin.wjenka", "DE", iban_country="DE", brand="visa"),
            P("Hańža Šołćic", "hanza.solcic", "DE", iban_country="DE", brand="mastercard"),
            P("Jurij Krawc", "jurij.krawc", "DE", iban_country="DE", brand="maestro")],
    "csb": [P("Tomòsz Szëmczôk", "tomosz.szemczok", "PL", iban_country="PL", brand="visa"),
            P("Dorota Lëdzbiôn", "dorota.ledzbion", "PL", iban_country="PL", brand="mastercard"),
            P("Jakùb Kòrczôk", "jakub.korczok", "PL", iban_country="PL", brand="visa")],
    "gv": [P("Illiam Quayle", "illiam.quayle", "IM", iban_country="GB", brand="visa"),
           P("Breesha Kinvig", "breesha.kinvig", "IM", iban_country="GB", brand="mastercard"),
           P("Juan Crennell", "juan.crennell", "IM", iban_country="GB", brand="visa")],
    "gn": [P("Araceli Ñamandú", "araceli.namandu", "PY", brand="visa"),
           P("Rosalía Aguayo Cáceres", "rosalia.aguayocaceres", "PY", brand="mastercard", family="Aguayo Cáceres", given="Rosalía"),
           P("Tupã Yegros", "tupa.yegros", "PY", brand="visa")],
    "ay": [P("Ruth Apaza Ticona", "ruth.apazaticona", "BO", brand="visa", family="Apaza Ticona", given="Ruth"),
           P("Ximena Condori Limachi", "ximena.condorilimachi", "BO", brand="mastercard", family="Condori Limachi", given="Ximena"),
           P("Wilmer Quispe Mamani", "wilmer.quispemamani", "BO", brand="visa", family="Quispe Mamani", given="Wilmer")],
    "nah": [P("Citlali Xochitiotzin", "citlali.xochitiotzin", "MX", brand="visa"),
            P("Yolotzin Tlapanco", "yolotzin.tlapanco", "MX", brand="amex"),
            P("Cuauhtli Ixtlahuac", "cuauhtli.ixtlahuac", "MX", brand="mastercard")],
    "hmn": [P("Yeej Vaj", "yeej.vaj", "US", brand="visa"),
            P("Paj Ntaub Yaj", "pajntaub.yaj", "US", brand="discover", given="Paj Ntaub"),
            P("Tswb Xyooj", "tswb.xyooj", "US", brand="mastercard")],
    "dz": [P("ཀུན་བཟང་ཆོས་སྒྲོན", "kuenzang.choden", "BT", translit=["kuenzang", "choden"], brand="visa"),
           P("བསོད་ནམས་ཕུན་ཚོགས", "sonam.phuntsho", "BT", translit=["sonam", "phuntsho"], brand="mastercard"),
           P("པདྨ་དབྱངས་འཛོམས", "pema.yangzom", "BT", translit=["pema", "yangzom"], brand="visa")],
    "ba": [P("Айгөл Ҡаһарманова", "aigul.kaharmanova", "RU", translit=["aigul", "kaharmanova"], brand="mir"),
           P("Азамат Йосопов", "azamat.yosopov", "RU", translit=["azamat", "yosopov"], brand="mir"),
           P("Гөлназ Әхмәтйәнова", "gulnaz.akhmetyanova", "RU", translit=["gulnaz", "akhmetyanova"], brand="mir")],
    "cv": [P("Ахтупай Ӗлкенов", "akhtupay.yolkenov", "RU", translit=["akhtupay", "yolkenov"], brand="mir"),
           P("Сарпике Пӑртасова", "sarpike.partasova", "RU", translit=["sarpike", "partasova"], brand="mir"),
           P("Нарспи Ҫемӗнова", "narspi.semenova", "RU", translit=["narspi", "semenova"], brand="mir")],
    "wo": [P("Ndèye Fàtu Njaay", "ndeyefatu.njaay", "SN", iban_country="FR", brand="visa", given="Ndèye Fàtu"),
           P("Mamadu Jóob", "mamadu.joob", "SN", brand="mastercard"),
           P("Aminata Sàll", "aminata.sall", "SN", iban_country="FR", brand="visa")],
    "to": [P("Sione Taumoepeau", "sione.taumoepeau", "TO", brand="visa"),
           P("ʻAlisi Fifitaʻaho", "alisi.fifitaaho", "TO", brand="mastercard"),
           P("Viliami Kauvaka", "viliami.kauvaka", "TO", brand="visa")],
    "tpi": [P("Kila Waikona", "kila.waikona", "PG", brand="visa"),
            P("Gabriel Yapu", "gabriel.yapu", "PG", brand="mastercard"),
            P("Rosemary Tamate", "rosemary.tamate", "PG", brand="visa")],
    "su": [P("Euis Nurhayati", "euis.nurhayati", "ID", brand="visa"),
           P("Dédé Kurniawan", "dede.kurniawan", "ID", brand="jcb"),
           P("Asep Supriatna", "asep.supriatna", "ID", brand="mastercard")],
}
ALL_PEOPLE = STUDENTS + EXTERNAL + [p for ps in LANG_STUDENTS.values() for p in ps]
NATIVE = {p.name: p.translit for p in ALL_PEOPLE if p.translit}
# Native-script name parts and their Latin spelling (for vCard / CSV components).
for p in ALL_PEOPLE:
    if p.translit:
        parts = p.name.split()
        if len(parts) == len(p.translit):
            for part, latin in zip(parts, p.translit):
                NATIVE[part] = [latin]
NATIVE["王"], NATIVE["思远"], NATIVE["刘"], NATIVE["雨桐"] = ["wang"], ["siyuan"], ["liu"], ["yutong"]
NATIVE["ཀརྨ་དབང་འདུས"] = ["karma", "wangdue"]

PARTICLES = {"de", "la", "di", "von", "van", "der", "lo", "i", "ó", "le", "du"}
OUR_DOMAINS = ("tarrowmere.edu", "tarrowmere-research.net", "tmpress.org", "tarrowmere.internal")
RESERVED = ("example.com", "example.net", "example.org")


# --- lines ----------------------------------------------------------------------------------


class Ctx:
    """One line being written: its category, language and `people` (the staff it involves)."""

    def __init__(self, cat, lang="en"):
        self.cat, self.lang, self.people = cat, lang, []

    def staff(self, who=None):
        if who is None:
            who = pick([s for s in GENERAL_STAFF if s not in self.people])
        if who not in self.people:
            self.people.append(who)
        return who

    def name(self, who=None):
        return Lab("person", self.staff(who)["display_name"])

    def mail(self, who):
        self.staff(who)
        return Lab("person", who["email"])


BUILT = []  # (meta, record)


def emit(ctx, pieces, neg=False, extra_people=0):
    text, spans, looks, chars, pos = [], [], [], [], 0
    cpos = 0
    for piece in pieces:
        if isinstance(piece, str):
            s = piece
        elif isinstance(piece, (Lab, Look)):
            s = piece.value
        else:
            raise TypeError(piece)
        b = len(s.encode())
        if isinstance(piece, Lab):
            spans.append({"kind": piece.kind, "start": pos, "end": pos + b})
            chars.append((cpos, cpos + len(s), piece))
        elif isinstance(piece, Look):
            looks.append((cpos, cpos + len(s), piece))
        text.append(s)
        pos += b
        cpos += len(s)
    text = "".join(text)
    people = list(ctx.people)
    for _ in range(extra_people):
        people.append(pick([s for s in GENERAL_STAFF if s not in people]))
    record = {"id": None, "text": text, "people": people, "spans": spans}
    meta = {"cat": ctx.cat, "lang": ctx.lang, "labels": chars, "looks": looks, "kind": "neg" if neg else "pos"}
    BUILT.append((meta, record))
    return record


# --- validation -----------------------------------------------------------------------------

FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "æ": "ae", "ß": "ss", "đ": "d", "ŋ": "ng",
                      "ʻ": "", "'": "", "’": "", "ı": "i", "ð": "d", "þ": "th", "ʼ": ""})


def fold(s):
    s = unicodedata.normalize("NFKD", s.translate(FOLD))
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
IPV4_RE = re.compile(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\d]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
MAC_RE = re.compile(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")
CARDLIKE_RE = re.compile(r"(?<![\d])(\d{13,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?|\d{4}[ -]\d{6}[ -]\d{4,5})(?![\d])")
IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)\d{1,3}[ \-]?(?:\(0\)\s?)?\(?\d[\d \-)(]{5,}\d"
                      r"|(?<!\d)\(?\d{3}\)?[ -]\d{3}-\d{4}(?!\d)|(?<!\d)0\d(?: \d\d){4}(?!\d)")
SSN_RE = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")
JWT_RE = re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*")
PEM_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
URLCRED_RE = re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@:]*:[^\s/@]+@")
VENDOR_RE = re.compile(r"ghp_|gho_|ghs_|github_pat_|glpat-|xox[bpa]-|hooks\.slack\.com/services|AKIA[A-Z0-9]|ASIA[A-Z0-9]{8}"
                       r"|sk_live_|rk_live_|whsec_|sk-ant-|sk-proj-|\bhf_[A-Za-z]{20}|\bnpm_[A-Za-z0-9]{20}|pypi-AgE|\bSG\.[\w-]{20}"
                       r"|shpat_|shpca_|dop_v1_|doo_v1_|\bhvs\.|AIza[\w-]{20}|ATATT3|\bSK[0-9a-f]{32}|atlasv1\.")
PW_WORDS = ["password", "passwd", "pwd", "passphrase", "secret", "psk", "mot de passa", "chjave", "crae",
            "peraule clâf", "hesło", "fockle follit", "ñeʼẽñemi", "jamasat aru", "ichtacatlahtolli",
            "lo lus zais", "གསང་ཚིག", "серһүҙ", "вӑрттӑн сӑмах", "baatu-jàll", "lea fufū", "paswot",
            "kecap konci", "parola", "пароль", "senhal"]
PW_RE = re.compile(r"(?i)(?<!\w)(?:" + "|".join(re.escape(w) for w in PW_WORDS) + r")(?!\w)[\"']?[ \t]*(?:[:=]|is|es|est|hè|e je|je|yog|ཨིན|nyaéta)[ \t]{0,2}[\"'`]?([^\s\"'`<>$*{}()\[\],;]{5,})")
ENTROPY_RE = re.compile(r"[A-Za-z0-9+_~-]{20,}={0,2}")
PLACEHOLDER_RE = re.compile(r"(?i)<[^>]*>|\$\{|\{\{|xxxx|\*\*\*|changeme|password123|replace_me|your[-_]")


def scans(s):
    """Every leak-like shape found in s, as (shape, start, end)."""
    out = []
    for m in EMAIL_RE.finditer(s):
        out.append(("email", m.start(), m.end()))
    for m in IPV4_RE.finditer(s):
        if all(int(g) <= 255 for g in m.groups()):
            out.append(("ipv4", m.start(), m.end()))
    for m in IPV6_RE.finditer(s):
        try:
            ipaddress.IPv6Address(m.group())
            out.append(("ipv6", m.start(), m.end()))
        except ValueError:
            pass
    for m in MAC_RE.finditer(s):
        out.append(("mac", m.start(), m.end()))
    for m in CARDLIKE_RE.finditer(s):
        if luhn_ok(re.sub(r"\D", "", m.group())):
            out.append(("luhn", m.start(), m.end()))
    for m in IBAN_RE.finditer(s):
        if iban_valid(m.group()):
            out.append(("iban", m.start(), m.end()))
    for m in PHONE_RE.finditer(s):
        if len(re.sub(r"\D", "", m.group())) >= 7:
            out.append(("phone", m.start(), m.end()))
    for m in SSN_RE.finditer(s):
        out.append(("ssn", m.start(), m.end()))
    for rx, shape in ((JWT_RE, "jwt"), (PEM_RE, "pem"), (URLCRED_RE, "urlcred"), (VENDOR_RE, "vendor")):
        for m in rx.finditer(s):
            out.append((shape, m.start(), m.end()))
    for m in PW_RE.finditer(s):
        out.append(("password", m.start(1), m.end(1)))
    for m in ENTROPY_RE.finditer(s):
        t = m.group()
        if any(c.isupper() for c in t) and any(c.islower() for c in t) and any(c.isdigit() for c in t):
            out.append(("entropy", m.start(), m.end()))
    return out


NAME_PARTS = set()
for _p in ALL_PEOPLE:
    for _part in re.split(r"[\s\-]+", _p.name):
        if len(_part) >= 3 and _part.lower() not in PARTICLES:
            NAME_PARTS.add(_part)
for _s in STAFF:
    for _part in re.split(r"[\s\-]+", _s["display_name"]):
        if len(_part) >= 3:
            NAME_PARTS.add(_part)
NAME_RES = [(part, re.compile(r"(?<!\w)(?:" + re.escape(part) + "|" + re.escape(part.upper()) + "|" + re.escape(fold(part).upper()) + r")(?!\w)")) for part in sorted(NAME_PARTS)]


class Invalid(Exception):
    pass


def fail(record, message):
    raise Invalid(f"{record['text'][:200]!r}\n  -> {message}")


def email_ok(value):
    m = re.fullmatch(r"([A-Za-z0-9._%+-]+)@([A-Za-z0-9.-]+)", value)
    if not m:
        return False
    domain = m.group(2).lower()
    return (any(domain == d or domain.endswith("." + d) for d in OUR_DOMAINS + RESERVED)
            or domain.endswith(".example") or domain.endswith(".iam.gserviceaccount.com"))


CARD_PREFIX = re.compile(r"4|5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|3[47]|6011|65|64[4-9]|35(?:2[89]|[3-8]\d)|62|3[068]|6759|5018|5020|6763|220[0-4]|60|508|652")
CARD_LEN = {"4": (16,), "3": (14, 15, 16), "5": (16,), "2": (16,), "6": (16, 19)}


def check_value(record, kind, value, locals_):
    people = record["people"]
    if "\n" in value and kind != "private_key":
        fail(record, f"line break in {kind} {value!r}")
    if value != value.strip():
        fail(record, f"{kind} span with outer space {value!r}")
    if kind == "credit_card":
        digits = re.sub(r"[ -]", "", value)
        if not (digits.isdigit() and luhn_ok(digits) and CARD_PREFIX.match(digits)
                and len(digits) in CARD_LEN[digits[0]] and digits not in PUBLISHED_TEST_CARDS):
            fail(record, f"bad card {value!r}")
    elif kind == "iban":
        compact = value.replace(" ", "")
        if not (iban_valid(value) and IBAN_LEN.get(compact[:2]) == len(compact)):
            fail(record, f"bad IBAN {value!r}")
        if " " in value and any(len(g) != 4 for g in value.split(" ")[:-1]):
            fail(record, f"IBAN not in groups of four {value!r}")
    elif kind == "ip_address":
        try:
            ok = ip_ok(value)
        except ValueError:
            ok = False
        if not ok:
            fail(record, f"bad IP {value!r}")
    elif kind == "mac_address":
        if not MAC_RE.fullmatch(value):
            fail(record, f"bad MAC {value!r}")
    elif kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if not m or m.group(1) in ("000", "666") or int(m.group(1)) >= 900 or m.group(2) == "00" or m.group(3) == "0000":
            fail(record, f"bad SSN {value!r}")
    elif kind == "phone":
        digits = re.sub(r"\D", "", value)
        if not re.fullmatch(r"[+(\d][\d ()+\-]*\d", value) or not 7 <= len(digits) <= 16:
            fail(record, f"bad phone {value!r}")
    elif kind == "email":
        if not email_ok(value):
            fail(record, f"bad email {value!r}")
    elif kind == "jwt":
        parts = value.split(".")
        try:
            header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
            json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        except Exception:
            fail(record, f"bad JWT {value[:40]!r}")
        if len(parts) != 3 or "alg" not in header:
            fail(record, "JWT without alg")
    elif kind == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----(?:\n|\\n)([A-Za-z0-9+/=\n\\]+?)(?:\n|\\n)-----END \1-----", value)
        if not m or "PRIVATE KEY" not in m.group(1):
            fail(record, f"bad private key {value[:40]!r}")
    elif kind == "password":
        if PLACEHOLDER_RE.search(value) or len(value) < 6:
            fail(record, f"placeholder or weak password {value!r}")
    elif kind == "url_credentials":
        if ":" not in value or "@" in value or "/" in value:
            fail(record, f"bad url_credentials {value!r}")
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if not VENDOR_SHAPES[vendor].fullmatch(value):
            fail(record, f"bad {kind} {value[:50]!r}")
    elif kind == "person":
        if any(value in (s["display_name"], s["email"], s["account_id"]) for s in people):
            return
        if "@" in value:
            fail(record, f"person address not of a listed person {value!r}")
        if value in NATIVE:
            tokens = NATIVE[value]
        else:
            tokens = [re.sub(r"[^a-z]", "", t) for t in re.split(r"[\s\-,]+", fold(value))]
            tokens = [t for t in tokens if t and t not in PARTICLES]
        if not tokens or not any(all(t in loc for t in tokens) for loc in locals_):
            fail(record, f"person {value!r} beside no address spelling it ({locals_})")
    else:
        fail(record, f"unknown kind {kind}")


VENDOR_SHAPES = {
    "github": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}"),
    "npm": re.compile(r"npm_[A-Za-z0-9]{36}"),
    "gitlab": re.compile(r"glpat-[A-Za-z0-9_-]{20}"),
    "slack": re.compile(r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[a-f0-9]{32}"
                        r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}"),
    "aws": re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}"),
    "stripe": re.compile(r"(?:sk|rk)_live_[A-Za-z0-9]{24,99}|whsec_[A-Za-z0-9]{32}"),
    "google": re.compile(r"AIza[A-Za-z0-9_-]{35}"),
    "openai": re.compile(r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}"),
    "anthropic": re.compile(r"sk-ant-api03-[A-Za-z0-9_-]{93}AA"),
    "huggingface": re.compile(r"hf_[A-Za-z]{34}"),
    "sendgrid": re.compile(r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"),
    "twilio": re.compile(r"SK[a-f0-9]{32}|[a-f0-9]{32}|[A-Za-z0-9]{32}"),
    "shopify": re.compile(r"shp(?:at|ca|pa|ss)_[a-f0-9]{32}"),
    "digitalocean": re.compile(r"do[opr]_v1_[a-f0-9]{64}"),
    "hashicorp": re.compile(r"hvs\.[A-Za-z0-9_-]{90,120}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{60,70}"),
    "pypi": re.compile(r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
    "atlassian": re.compile(r"ATATT3xFfGF0[A-Za-z0-9_-]{150,200}=[A-F0-9]{8}"),
    "azure": re.compile(r"[A-Za-z0-9+/]{86}=="),
}


def github_checksum_ok(value):
    if value.startswith(("ghp_", "gho_", "ghs_", "npm_")):
        body = value.split("_", 1)[1]
        return base62_crc(body[:30]) == body[30:]
    return True


def validate(meta, record):
    text, data = record["text"], record["text"].encode()
    spans = record["spans"]
    last = 0
    for s in spans:
        if not (0 <= s["start"] < s["end"] <= len(data)) or s["start"] < last:
            fail(record, f"span out of order or overlapping {s}")
        last = s["end"]
        try:
            data[s["start"]:s["end"]].decode()
        except UnicodeDecodeError:
            fail(record, f"span not on character boundaries {s}")
    for (cs, ce, lab), s in zip(meta["labels"], spans):
        assert text[cs:ce] == lab.value == data[s["start"]:s["end"]].decode(), "offset mismatch"
    locals_ = [fold(lab.value.split("@")[0]).replace(".", "").replace("-", "").replace("_", "")
               for _, _, lab in meta["labels"] if lab.kind == "email"]
    for _, _, lab in meta["labels"]:
        check_value(record, lab.kind, lab.value, locals_)
        if lab.kind.startswith("api_key/") and not github_checksum_ok(lab.value):
            fail(record, "bad token checksum")
    # What is left unlabelled: labels and declared look-alikes blanked.
    chars = list(text)
    for cs, ce, _ in meta["labels"] + meta["looks"]:
        for i in range(cs, ce):
            if chars[i] != "\n":
                chars[i] = " "
    rest = "".join(chars)
    found = scans(rest)
    if found:
        shape, a, b = found[0]
        fail(record, f"unlabelled {shape}: {rest[max(0, a - 30):b + 10]!r}")
    for part, rx in NAME_RES:
        m = rx.search(rest)
        if m:
            fail(record, f"unlabelled name part {part!r}: {rest[max(0, m.start() - 40):m.end() + 20]!r}")
    if meta["kind"] == "neg" and spans:
        fail(record, "negative line with spans")
    if meta["kind"] == "pos" and not spans:
        fail(record, "positive line without spans")
    for _, _, look in meta["looks"]:
        if look.note.startswith("mask") or look.note.startswith("placeholder"):
            if spans:
                fail(record, "mask or placeholder on a positive line")


# --- look-alikes ----------------------------------------------------------------------------


def orcid_value():
    digits = "0000000" + pick("123") + rd(7)
    total = 0
    for d in digits:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    full = digits + ("X" if check == 10 else str(check))
    return "-".join(full[i:i + 4] for i in range(0, 16, 4))


def L_orcid(url=False):
    v = orcid_value()
    lu = luhn_ok(v.replace("-", "")) if v[-1] != "X" else False
    return Look(v, "ORCID iD (public identifier" + (", Luhn-valid by chance)" if lu else ")"))


def isbn13():
    body = "978" + pick(["1", "0"]) + rd(8)
    s = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(body))
    full = body + str((10 - s % 10) % 10)
    return f"{full[:3]}-{full[3]}-{full[4:8]}-{full[8:12]}-{full[12]}"


def L_isbn():
    return Look(isbn13(), "ISBN-13")


def issn():
    d = rd(7)
    s = sum(int(c) * (8 - i) for i, c in enumerate(d))
    c = (11 - s % 11) % 11
    return f"{d[:4]}-{d[4:]}{'X' if c == 10 else c}"


def L_doi():
    v = pick([f"10.5281/zenodo.{rd(8)}", f"10.17863/TMU.{rd(5)}", f"10.1093/tmpress/{isbn13().replace('-', '')}.001.0001",
              f"10.1038/s41586-0{R.randint(24, 26)}-{rd(5)}-{pick('0123456789x')}", f"10.1101/2025.{R.randint(1, 12):02d}.{R.randint(1, 28):02d}.{rd(6)}",
              f"10.48550/arXiv.25{R.randint(1, 12):02d}.{rd(5)}", f"10.1016/j.cell.2025.{rd(2)}.0{rd(2)}"])
    return Look(v, "DOI")


def L_pmid():
    return Look(f"3{rd(7)}", "PubMed ID")


def L_pmcid():
    return Look(f"PMC{R.randint(10, 12)}{rd(6)}", "PMCID")


def L_grant():
    return Look(pick([f"EP/{pick('XYZ')}0{rd(5)}/1", f"BB/{pick('XYZ')}0{rd(5)}/1", f"MR/{pick('XYZ')}5{rd(5)}/1",
                      f"R01 GM{rd(6)}-0{R.randint(1, 4)}", f"101{rd(6)}", f"2{rd(5)}/Z/2{R.randint(3, 5)}/Z",
                      f"ERC-2024-STG {101}{rd(6)}", f"NE/{pick('XYZ')}00{rd(4)}/1", f"TMU-SEED-2{R.randint(4, 6)}-{rd(3)}"]), "grant number")


def L_sid():
    return Look(pick([f"s{R.randint(20, 26)}{rd(5)}", f"{R.randint(2019, 2026)}{rd(5)}", f"TMU{rd(7)}"]), "student ID")


def L_cand():
    return Look(pick([f"C{rd(5)}", f"{rd(6)}", f"Y{R.randint(1, 4)}-{rd(4)}"]), "exam candidate number")


MODULES = ["BIOL", "CHEM", "PHYS", "CSC", "MATH", "LAW", "HIST", "ENGL", "GENE", "NEUR", "ECON", "ARCH", "PHAR", "LING"]


def L_mod():
    return Look(f"{pick(MODULES)}{R.randint(1, 7)}{rd(3)}", "module code")


BUILDINGS = ["Abernethy Building", "Kelda Labs", "Halden Wing", "Pennick Library", "Saltire Hall", "Moorgate Annexe", "Corran House"]


def L_room(short=False):
    if short:
        return Look(f"{pick('ABCHKMS')}{R.randint(0, 4)}.{R.randint(1, 40):02d}", "room number")
    return Look(f"{R.randint(0, 4)}.{R.randint(1, 40):02d}, {pick(BUILDINGS)}", "room number")


def date_str(style=None):
    y, m, d = 2026, R.randint(1, 12), R.randint(1, 28)
    style = style or pick(["iso", "dmy", "text", "us"])
    return {"iso": f"{y}-{m:02d}-{d:02d}", "dmy": f"{d:02d}/{m:02d}/{y}", "us": f"{m}/{d}/{y}",
            "text": f"{d} {['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} {y}"}[style]


def L_date():
    return Look(date_str(), "date")


def L_bic(country):
    banks = {"GB": "NWBKGB2L", "IE": "AIBKIE2D", "FR": "BNPAFRPP", "MC": "CMCIMCM1", "IT": "BCITITMM",
             "SM": "CSSMSMSM", "VA": "IOPRVAVX", "DE": "COBADEFF", "PL": "PKOPPLPW", "ES": "CAIXESBB",
             "PT": "CGDIPTPL", "CH": "UBSWCHZH80A", "LI": "LILALI2X", "AD": "BACAADAD", "SE": "ESSESESS",
             "GI": "GIBLGIGI"}
    return Look(banks[country], "BIC")


def L_ref():
    return Look(pick([f"RF-{rd(6)}", f"FIN/{R.randint(2025, 2026)}/{rd(5)}", f"TMU-REF-{rd(4)}{pick(UP)}", f"INV-{rd(7)}"]), "payment reference")


def L_passport():
    return Look(pick([rd(9), f"{pick(['YA', 'YB', 'AA'])}{rd(7)}", f"{rd(2)}{rs(UP, 2)}{rd(5)}", f"C{rs(UP + DIG, 8)}",
                      f"{pick(['E', 'G'])}{rd(8)}", f"P{rd(7)}"]), "passport number")


def L_cas():
    return Look("E4G" + rs(UP + DIG, 11), "CAS number")


def L_sevis():
    return Look("N00" + rd(8), "SEVIS ID")


def L_brp():
    return Look(pick(["ZU", "ZR", "RH", "ZX"]) + rd(7), "BRP number")


def L_ucas():
    return Look(f"{rd(3)}-{rd(3)}-{rd(4)}", "UCAS personal ID (3-3-4, phone-shaped)")


def L_libcard():
    v = luhn_complete("2" + pick(["0417", "0418"]), 14)
    return Look(v, "library barcode (Luhn mod 10 by design)")


def L_slc():
    return Look(rd(11), "SLC customer reference number")


def L_hesa():
    v = "1" + str(R.randint(8, 9)) + rd(11)
    return Look(v, "HESA student identifier" + (" (Luhn-valid by chance)" if luhn_ok(v) else ""))


def L_accession():
    return Look(pick([f"NM_{rd(6)}.{R.randint(1, 9)}", f"SRR{R.randint(10, 30)}{rd(6)}", f"PRJEB{rd(5)}", f"OR{rd(6)}.1",
                      f"P{rd(5)}", f"{R.randint(1, 9)}{rs(UP, 3)}", f"ENSG00000{rd(6)}", f"GCA_0{rd(8)}.1", f"rs{rd(8)}"]), "accession")


def L_barcode():
    return Look(pick([f"TMB-2026-{rd(6)}-{pick('PBSR')}", f"LV-{rd(4)}-{pick('ABCDEFGH')}{R.randint(1, 12):02d}",
                      f"{rs(UP, 2)}{rd(8)}", f"FR{rd(10)}"]), "sample barcode / tube id")


def L_sha():
    return Look(hexdigest(64), "SHA-256 checksum")


def L_version():
    return Look(f"{R.randint(1, 25)}.{R.randint(0, 20)}.{R.randint(0, 12)}", "version")


def L_build_ip():
    return Look(f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 20)}.{R.randint(10, 250)}", "build number shaped like an IPv4 address")


def L_coord():
    return Look(pick([f"{R.uniform(50, 58):.5f}, -{R.uniform(0.5, 5):.5f}", f"{R.randint(50, 58)}°{R.randint(0, 59):02d}′{R.randint(0, 59):02d}″N {R.randint(0, 5)}°{R.randint(0, 59):02d}′W"]), "coordinates")


def L_serial():
    return Look(pick([f"SN {rs(UP, 2)}{rd(8)}", f"S/N {rd(4)}-{rs(UP + DIG, 6)}", f"{pick(['QT', 'OR', 'KR', 'NX'])}{rd(2)}{rs(UP, 1)}{rd(6)}", f"TMU-AST-{rd(6)}"]), "equipment serial / asset tag")


def L_job():
    return Look(f"{R.randint(4, 9)}{rd(6)}", "Slurm job id")


def L_uuid(note="UUID"):
    return Look(uuid(), note)


def L_masked_card():
    return Look(pick([f"•••• {rd(4)}", f"**** **** **** {rd(4)}", f"{pick(['4', '5'])}{rd(5)}******{rd(4)}", f"ending {rd(4)}"]), "masked card")


def L_masked_iban(country="GB"):
    return Look(f"{country}** **** **** **** {rd(2)}{rd(2)}", "masked IBAN")


def L_sshpub():
    return Look("ssh-ed25519 " + public_blob() + " " + pick(["hpc-login", "rcc-build", "jhub-deploy"]), "SSH public key")


def L_fingerprint():
    return Look("SHA256:" + b64(R.randbytes(32)).rstrip("="), "SSH key fingerprint")


def L_cert():
    body = b64(R.randbytes(700))
    lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
    return Look("-----BEGIN CERTIFICATE-----\n" + lines + "\n-----END CERTIFICATE-----", "certificate")


def L_msgid(host="mail.example.net"):
    return Look(f"<{rs(B62, 12)}.{rd(6)}@{host}>", "Message-ID (not an address)")


def L_time():
    return Look(f"{R.randint(7, 22):02d}:{R.randint(0, 59):02d}", "time")


def amount(cur="GBP"):
    v = R.randint(120, 9800) + R.choice([0, 0.5, 0.25, 0.99])
    if cur == "GBP":
        return f"£{v:,.2f}"
    if cur == "EUR":
        return f"{v:,.2f} €".replace(",", " ").replace(".", ",")
    if cur == "USD":
        return f"${v:,.2f}"
    return f"{cur} {v:,.0f}"


# --- the eighteen languages -----------------------------------------------------------------
# Per language: its name, the country of its students' phones, the currency, password words
# for passphrases, and the templates of its eight lines.

LANGS = {
    "oc": dict(name="Occitan", country="FR", cur="EUR", words=["lauseta", "solelh", "montanha", "ròca", "estela", "aiga"], t=dict(
        fee="Reclamacion sus los drechs d'inscripcion — l'estudiant ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) ditz qu'a pagat dos còps ⟦amt⟧ pel semestre e demanda lo rembors. Numèro d'estudiant: ⟦sid⟧.",
        care="Nòta de benèstar (confidenciala): ⟦n⟧ <⟦e⟧> se sentís isolat dins la residéncia, cambra ⟦room⟧; a acceptat un rendètz-vos amb lo servici de santat. Contacte d'urgéncia: son paire, ⟦pc⟧.",
        wifi="Lo Wi-Fi del laboratòri ⟦ssid⟧ a cambiat aqueste matin: lo mot de passa es ⟦pw⟧ — l'escrigatz pas sus la pissarra, mercés.",
        cardchat="[10:14] ⟦n⟧: bonjorn, lo pagament de l'inscripcion passa pas, vaquí ma carta: ⟦card⟧ exp. 07/28\n[10:15] ⟦st⟧: Mandatz pas jamai lo numèro de carta dins lo chat! L'escafi e vos mandi un ligam securizat a ⟦e⟧.",
        chatphone="[16:42] ⟦st⟧: se lo congelador de -80 °C sona aqueste vèspre, sonatz-me al ⟦p⟧, quina ora que siá.",
        refund_iban="Rembors validat per ⟦st⟧: ⟦amt⟧ a ⟦n⟧ (⟦e⟧) sul compte ⟦pay⟧ (BIC ⟦bic⟧), referéncia ⟦ref⟧.",
        refund_card="Rembors validat per ⟦st⟧: ⟦amt⟧ tornats sus la carta ⟦pay⟧ de ⟦n⟧ (⟦e⟧).",
        neg1="L'article de la còla es parescut amb lo DOI ⟦doi⟧; l'ORCID de l'autora es ⟦orcid⟧ e lo projècte es finançat per la convencion ⟦grant⟧.",
        neg2="Lo modul ⟦mod⟧ se fa en sala ⟦room⟧ cada dijòus de 14 h a 16 h; l'examen es lo ⟦date⟧ e lo numèro de candidat es ⟦cand⟧.")),
    "co": dict(name="Corsican", country="FR", cur="EUR", words=["muntagna", "mare", "castagnu", "ventu", "stella", "fiume"], t=dict(
        fee="Lagnanza nant'à e tasse d'iscrizzione: u studiente ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) dice ch'ellu hà pagatu duie volte ⟦amt⟧ è dumanda u rimborsu. Numeru di studiente: ⟦sid⟧.",
        care="Nota di benesse: ⟦n⟧ (⟦e⟧) hè in difficultà dapoi l'esami di ghjennaghju; stà in a residenza, camera ⟦room⟧. In casu d'urgenza, chjamà a so mamma à u ⟦pc⟧.",
        wifi="A chjave di u Wi-Fi di u laburatoriu (⟦ssid⟧) hè ⟦pw⟧ da oghje; ùn la scrivite micca nant'à u tavulone.",
        cardchat="[09:51] ⟦n⟧: eccu a mo carta per pagà l'alloghju: ⟦card⟧\n[09:52] ⟦st⟧: Per piacè, ùn mandate mai a carta in u chat; vi mandu un ligame sicuru à ⟦e⟧.",
        chatphone="[18:05] ⟦st⟧: s'ellu ci hè un prublema cù u microscopiu stasera, chjamatemi à u ⟦p⟧.",
        refund_iban="Rimborsu accunsentitu da ⟦st⟧: ⟦amt⟧ à ⟦n⟧ (⟦e⟧), nant'à u contu ⟦pay⟧, BIC ⟦bic⟧, rif. ⟦ref⟧.",
        refund_card="Rimborsu accunsentitu da ⟦st⟧: ⟦amt⟧ nant'à a carta ⟦pay⟧ di ⟦n⟧ (⟦e⟧).",
        neg1="L'articulu hè statu publicatu (DOI ⟦doi⟧); l'ORCID di l'autore hè ⟦orcid⟧ è u numeru di u prugettu hè ⟦grant⟧.",
        neg2="U corsu ⟦mod⟧ si face in sala ⟦room⟧ u marti à 10 ore; l'esame hè u ⟦date⟧, candidatu ⟦cand⟧.")),
    "sc": dict(name="Sardinian", country="IT", cur="EUR", words=["nuraghe", "mare", "sole", "pedra", "entu", "monte"], t=dict(
        fee="Reclamu pro sas tassas de iscritzione: s'istudiante ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) narat chi at pagadu duas bortas ⟦amt⟧ e pedit su rimborsu. Matrìcula: ⟦sid⟧.",
        care="Nota de benistare: ⟦n⟧ (⟦e⟧) est istracu meda e no essit dae s'aposentu ⟦room⟧ dae duas chidas. Cuntatu de emergèntzia: sa mama, ⟦pc⟧.",
        wifi="Sa crae de su Wi-Fi de su laboratòriu (⟦ssid⟧) est ⟦pw⟧; non la iscriais in sa lavagna.",
        cardchat="[11:32] ⟦n⟧: custa est sa carta mia pro pagare: ⟦card⟧, iscadèntzia 11/27\n[11:33] ⟦st⟧: Non mandes mai sa carta in sa chat! Ti mando unu ligòngiu seguru a ⟦e⟧.",
        chatphone="[07:58] ⟦st⟧: si su sequentziadore si firmat, tzèrria·mi a su ⟦p⟧.",
        refund_iban="Rimborsu aprovadu dae ⟦st⟧: ⟦amt⟧ a ⟦n⟧ (⟦e⟧) in su contu ⟦pay⟧ (BIC ⟦bic⟧), riferimentu ⟦ref⟧.",
        refund_card="Rimborsu aprovadu dae ⟦st⟧: ⟦amt⟧ in sa carta ⟦pay⟧ de ⟦n⟧ (⟦e⟧).",
        neg1="S'artìculu est essidu cun DOI ⟦doi⟧; ORCID de s'autora ⟦orcid⟧, progetu ⟦grant⟧.",
        neg2="Su cursu ⟦mod⟧ si faghet in s'aula ⟦room⟧ su martis a sas 9; s'esàmene est su ⟦date⟧, candidadu ⟦cand⟧.")),
    "fur": dict(name="Friulian", country="IT", cur="EUR", words=["cjiscjel", "aghe", "mont", "stele", "vint", "ploe"], t=dict(
        fee="Reclam su lis tassis di iscrizion: il student ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) al dîs di vê paiât dôs voltis ⟦amt⟧ e al domande il rimbors. Matricule: ⟦sid⟧.",
        care="Note di benstâ: ⟦n⟧ (⟦e⟧) al è tant strac e nol va fûr de stanzie ⟦room⟧. Contat di emergjence: so mari, ⟦pc⟧.",
        wifi="La peraule clâf dal Wi-Fi dal laboratori (⟦ssid⟧) e je ⟦pw⟧; no scrivêle su la lavagne.",
        cardchat="[14:20] ⟦n⟧: cheste e je la mê cjarte par paiâ: ⟦card⟧\n[14:21] ⟦st⟧: No sta mandâ mai la cjarte te chat! Ti mandi un colegament sigûr a ⟦e⟧.",
        chatphone="[19:10] ⟦st⟧: se il congeladôr al sune, clamimi al ⟦p⟧.",
        refund_iban="Rimbors aprovât di ⟦st⟧: ⟦amt⟧ a ⟦n⟧ (⟦e⟧) sul cont ⟦pay⟧, BIC ⟦bic⟧.",
        refund_card="Rimbors aprovât di ⟦st⟧: ⟦amt⟧ su la cjarte ⟦pay⟧ di ⟦n⟧ (⟦e⟧).",
        neg1="L'articul al è jessût cul DOI ⟦doi⟧ (ISBN dal volum ⟦isbn⟧); ORCID dal autôr ⟦orcid⟧.",
        neg2="Il cors ⟦mod⟧ si fâs te aule ⟦room⟧ ogni joibe; l'esam al è ai ⟦date⟧, numar candidât ⟦cand⟧.")),
    "hsb": dict(name="Upper Sorbian", country="DE", cur="EUR", words=["hwězda", "rěka", "hora", "lipa", "słónco", "wětr"], t=dict(
        fee="Skoržba wo studijnych popłatkach: student ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) praji, zo je ⟦amt⟧ dwójce zapłaćił, a prosy wo zawróćenje. Matrikulowe čisło: ⟦sid⟧.",
        care="Notica (dušine strowje): ⟦n⟧ (⟦e⟧) njewuchadźa wot dweju njedźelow ze stwy ⟦room⟧. Kontakt za nuzowy pad: mać, ⟦pc⟧.",
        wifi="Hesło za Wi-Fi w laboratoriju (⟦ssid⟧) je wot dźensa ⟦pw⟧; prošu njepisać na taflu.",
        cardchat="[08:47] ⟦n⟧: tu je moja karta za zapłaćenje: ⟦card⟧\n[08:48] ⟦st⟧: Prošu ženje kartu do chata njepósłać! Pósćelu wěsty wotkaz na ⟦e⟧.",
        chatphone="[17:30] ⟦st⟧: jeli so mróčak (-80 °C) zaso zaklinči, zazwońće mi na ⟦p⟧.",
        refund_iban="Zawróćenje schwalene wot ⟦st⟧: ⟦amt⟧ za ⟦n⟧ (⟦e⟧) na konto ⟦pay⟧, BIC ⟦bic⟧.",
        refund_card="Zawróćenje schwalene wot ⟦st⟧: ⟦amt⟧ na kartu ⟦pay⟧ (⟦n⟧, ⟦e⟧).",
        neg1="Nastawk je wušoł z DOI ⟦doi⟧; ORCID awtorki ⟦orcid⟧, projekt ⟦grant⟧.",
        neg2="Modul ⟦mod⟧ wotměwa so w rumje ⟦room⟧ kóždu srjedu; pruwowanje je ⟦date⟧, kandidat ⟦cand⟧.")),
    "csb": dict(name="Kashubian", country="PL", cur="PLN", words=["mòrze", "gwiôzda", "jezoro", "las", "wiater", "słuńce"], t=dict(
        fee="Skarga ò òpłatë za sztudia: student ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) gôdô, że zapłacył ⟦amt⟧ dwa razë, ë prosy ò zwrócenié. Numer albùmù: ⟦sid⟧.",
        care="Notka ò zdrowim: ⟦n⟧ (⟦e⟧) nie wëchôdô z jizbë ⟦room⟧ òd dwóch tidzéniów. Kòntakt w nagłi sprawie: mëma, ⟦pc⟧.",
        wifi="Hasło do Wi-Fi w labòratorium (⟦ssid⟧) òd dzysô: ⟦pw⟧",
        cardchat="[12:05] ⟦n⟧: to je mòja karta: ⟦card⟧\n[12:06] ⟦st⟧: Nie sélôj kartë w czace! Wësélóm bezpieczny lënk na ⟦e⟧.",
        chatphone="[20:12] ⟦st⟧: czej cos sã stónie z mikroskòpã, zadzwònic do mie: ⟦p⟧.",
        refund_iban="Zwrócenié zacwierdzoné przez ⟦st⟧: ⟦amt⟧ dlô ⟦n⟧ (⟦e⟧) na kònto ⟦pay⟧.",
        refund_card="Zwrócenié zacwierdzoné przez ⟦st⟧: ⟦amt⟧ na kartã ⟦pay⟧ (⟦n⟧, ⟦e⟧).",
        neg1="Artikel wëszedł z DOI ⟦doi⟧; ORCID ôtorczi ⟦orcid⟧, grant ⟦grant⟧.",
        neg2="Przedmiot ⟦mod⟧ je w sali ⟦room⟧ we czwiôrtk; egzamin ⟦date⟧, numer kandidata ⟦cand⟧.")),
    "gv": dict(name="Manx", country="IM", cur="GBP", words=["keeill", "thie", "baatey", "eayn", "shellan", "faarkey"], t=dict(
        fee="Plaint mychione ny fees: ta'n studeyr ⟦n⟧ (⟦e⟧, fone ⟦p⟧) gra dy vel eh er n'eeck ⟦amt⟧ daa cheayrt, as t'eh shirrey yn argid er-ash. Earroo studeyr: ⟦sid⟧.",
        care="Noteyn slaynt: ta ⟦n⟧ (⟦e⟧) feer skee as cha nel eh er n'gholl magh ass shamyr ⟦room⟧. Ayns emergency: e voir, ⟦pc⟧.",
        wifi="Yn fockle follit son Wi-Fi yn lab (⟦ssid⟧) nish: ⟦pw⟧",
        cardchat="[13:02] ⟦n⟧: shoh my charrey: ⟦card⟧\n[13:03] ⟦st⟧: Ny chur dty charrey ayns y chat! Ver-ym kiangley sauchey da ⟦e⟧.",
        chatphone="[21:40] ⟦st⟧: my ta'n freezer jannoo sheean, fone mee er ⟦p⟧.",
        refund_iban="Argid er-ash lowit liorish ⟦st⟧: ⟦amt⟧ da ⟦n⟧ (⟦e⟧) gys coontey ⟦pay⟧, BIC ⟦bic⟧.",
        refund_card="Argid er-ash lowit liorish ⟦st⟧: ⟦amt⟧ gys carrey ⟦pay⟧ (⟦n⟧, ⟦e⟧).",
        neg1="Va'n art clouit lesh DOI ⟦doi⟧; ORCID yn ughtar ⟦orcid⟧, grant ⟦grant⟧.",
        neg2="Ta'n coorse ⟦mod⟧ ayns shamyr ⟦room⟧ Jeheiney; yn scrudeyr ⟦date⟧, earroo ⟦cand⟧.")),
    "gn": dict(name="Guarani", country="PY", cur="₲", words=["yvoty", "ñandutí", "arasa", "yvága", "jasy", "mbarakaja"], t=dict(
        fee="Ñembyasy matrícula rehe: temimboʼe ⟦n⟧ (⟦e⟧, pumbyry ⟦p⟧) heʼi ohepymeʼẽ mokõi jey ⟦amt⟧ ha ojerure ojevy hag̃ua ipirapire. Papapy temimboʼe: ⟦sid⟧.",
        care="Jehai tesãi rehegua: ⟦n⟧ (⟦e⟧) ndosẽiri ikotýgui ⟦room⟧ mokõi arapokõindýgui. Ojeikotevẽ jave: isy, ⟦pc⟧.",
        wifi="Wi-Fi laboratorio (⟦ssid⟧) ñeʼẽñemi koʼág̃a: ⟦pw⟧",
        cardchat="[15:10] ⟦n⟧: koʼápe che tarjeta: ⟦card⟧\n[15:11] ⟦st⟧: Ani remondo tarjeta chat-pe! Amondóta peteĩ link ⟦e⟧-pe.",
        chatphone="[06:55] ⟦st⟧: oĩramo apañuʼã microscopio ndive, ehenói chéve ⟦p⟧-pe.",
        refund_iban="Pirapire jevy ⟦st⟧ omoneĩva: ⟦amt⟧ ⟦n⟧ (⟦e⟧) cuenta ⟦pay⟧-pe.",
        refund_card="Pirapire jevy ⟦st⟧ omoneĩva: ⟦amt⟧ ⟦n⟧ (⟦e⟧) tarjeta ⟦pay⟧-pe.",
        neg1="Artículo osẽ DOI ⟦doi⟧ reheve; ORCID ⟦orcid⟧, proyecto ⟦grant⟧.",
        neg2="Mboʼesyry ⟦mod⟧ oĩ aula ⟦room⟧-pe arapoteĩme; examen ⟦date⟧, candidato ⟦cand⟧.")),
    "ay": dict(name="Aymara", country="BO", cur="Bs", words=["qullu", "inti", "phaxsi", "quta", "wara", "jallu"], t=dict(
        fee="Matrícula tuqita jan waltʼäwi: yatiqiri ⟦n⟧ (⟦e⟧, jawsañ ⟦p⟧) siwa pä kuti ⟦amt⟧ payllawayi, qullqi kuttʼayañ mayi. Yatiqiri jakhu: ⟦sid⟧.",
        care="Kʼumara qillqata: ⟦n⟧ (⟦e⟧) janiw utapat ⟦room⟧ mistkiti. Jan waltʼäwin: taykapa, ⟦pc⟧.",
        wifi="Laboratorio Wi-Fi (⟦ssid⟧) machaq jamasat aru: ⟦pw⟧",
        cardchat="[10:30] ⟦n⟧: akax tarjetaxa: ⟦card⟧\n[10:31] ⟦st⟧: Jan tarjeta chat ukar apayamti! Link ⟦e⟧ ukar apayäma.",
        chatphone="[22:15] ⟦st⟧: congelador chʼaxwaspa, ⟦p⟧ ukar jawsitata.",
        refund_iban="Qullqi kuttʼayaña ⟦st⟧ iyaw sata: ⟦amt⟧ ⟦n⟧ (⟦e⟧) cuenta ⟦pay⟧ ukaru.",
        refund_card="Qullqi kuttʼayaña ⟦st⟧ iyaw sata: ⟦amt⟧ ⟦n⟧ (⟦e⟧) tarjeta ⟦pay⟧ ukaru.",
        neg1="Qillqatax DOI ⟦doi⟧ ukamp mistuwayi; ORCID ⟦orcid⟧, proyecto ⟦grant⟧.",
        neg2="Yatichäwi ⟦mod⟧ aula ⟦room⟧ ukan lunesa; examen ⟦date⟧, candidato ⟦cand⟧.")),
    "nah": dict(name="Nahuatl", country="MX", cur="MXN", words=["xochitl", "tepetl", "atl", "citlalli", "ehecatl", "tonatiuh"], t=dict(
        fee="Tlatlalhuiliztli ipampa tlaxtlahuilli: momachtiani ⟦n⟧ (⟦e⟧, teposnahuatilli ⟦p⟧) quihtoa ca ome pa oquixtlauh ⟦amt⟧ ihuan quitlahtlania ma mocuepa itomin. Itlapohual: ⟦sid⟧.",
        care="Tlahcuilolli pahtiliztli: ⟦n⟧ (⟦e⟧) amo quiza ichan ⟦room⟧. Intla itla mochihua: inantzin, ⟦pc⟧.",
        wifi="In yancuic ichtacatlahtolli Wi-Fi ipan tlamachtiloyan (⟦ssid⟧): ⟦pw⟧",
        cardchat="[09:03] ⟦n⟧: nican notarjeta: ⟦card⟧\n[09:04] ⟦st⟧: Ma amo xictitlani tarjeta nican! Nimitzhualtitlaniz ce link ipan ⟦e⟧.",
        chatphone="[23:01] ⟦st⟧: intla congelador tzatzi, xinechnotza ipan ⟦p⟧.",
        refund_iban="Tomin mocuepa, quiyectilih ⟦st⟧: ⟦amt⟧ ic ⟦n⟧ (⟦e⟧) ipan cuenta ⟦pay⟧.",
        refund_card="Tomin mocuepa, quiyectilih ⟦st⟧: ⟦amt⟧ ic ⟦n⟧ (⟦e⟧) ipan tarjeta ⟦pay⟧.",
        neg1="Amoxtlahcuilolli oquiz ica DOI ⟦doi⟧; ORCID ⟦orcid⟧, tequitl ⟦grant⟧.",
        neg2="Tlamachtilli ⟦mod⟧ ipan calli ⟦room⟧; examen ⟦date⟧, candidato ⟦cand⟧.")),
    "hmn": dict(name="Hmong (White Hmong, RPA)", country="US", cur="USD", words=["paj", "dej", "roob", "hnub", "hli", "ntuj"], t=dict(
        fee="Tsis txaus siab txog nqi kawm ntawv: tub kawm ntawv ⟦n⟧ (⟦e⟧, xov tooj ⟦p⟧) hais tias nws them ⟦amt⟧ ob zaug lawm thiab thov kom xa nyiaj rov qab. Tus lej tub kawm ntawv: ⟦sid⟧.",
        care="Ntawv sau txog kev noj qab haus huv: ⟦n⟧ (⟦e⟧) tsis tawm hauv chav ⟦room⟧ ob lub lis piam lawm. Thaum muaj xwm txheej ceev: nws niam, ⟦pc⟧.",
        wifi="Lo lus zais Wi-Fi hauv chav kuaj (⟦ssid⟧) tam sim no yog ⟦pw⟧.",
        cardchat="[13:45] ⟦n⟧: no yog kuv daim npav: ⟦card⟧\n[13:46] ⟦st⟧: Thov tsis txhob xa daim npav hauv chat! Kuv yuav xa ib txoj link mus rau ⟦e⟧.",
        chatphone="[20:30] ⟦st⟧: yog lub tub yees nrov, hu rau kuv ntawm ⟦p⟧.",
        refund_iban="Nyiaj rov qab, ⟦st⟧ pom zoo: ⟦amt⟧ rau ⟦n⟧ (⟦e⟧) rau tus account ⟦pay⟧.",
        refund_card="Nyiaj rov qab, ⟦st⟧ pom zoo: ⟦amt⟧ rau ⟦n⟧ (⟦e⟧) rau daim npav ⟦pay⟧.",
        neg1="Tsab ntawv tshawb fawb tau luam tawm nrog DOI ⟦doi⟧; ORCID ⟦orcid⟧, nyiaj pab ⟦grant⟧.",
        neg2="Chav kawm ⟦mod⟧ nyob hauv chav ⟦room⟧ hnub Tuesday; xeem ⟦date⟧, tus lej ⟦cand⟧.")),
    "dz": dict(name="Dzongkha", country="BT", cur="Nu.", words=["druk", "gangri", "metog", "chhu", "dawa", "nyima"], t=dict(
        fee="སློབ་ཁྲལ་གྱི་སྐྱོན་བརྗོད། སློབ་ཕྲུག་ ⟦n⟧ (⟦e⟧, ཁ་པར་ ⟦p⟧) གིས་ ⟦amt⟧ ཚར་གཉིས་སྤྲོད་ཡི་ཟེར་ ཕྱིར་སློག་ཞུ་ནུག། སློབ་ཕྲུག་ཨང་: ⟦sid⟧།",
        care="འཕྲོད་བསྟེན་ཟིན་ཐོ། ⟦n⟧ (⟦e⟧) ཁང་མིག་ ⟦room⟧ ལས་ ཕྱི་ཁར་མ་ཐོན་པས། ཉེན་ཁ་ཡོད་པ་ཅིན་ ཨ་མ་ལུ་ ⟦pc⟧ ལུ་འབོད།",
        wifi="དཔྱད་ཞིབ་ཁང་གི་ Wi-Fi (⟦ssid⟧) གསང་ཚིག་གསརཔ: ⟦pw⟧",
        cardchat="[10:20] ⟦n⟧: ངེའི་ཀརཌ་ ⟦card⟧\n[10:21] ⟦st⟧: ཀརཌ་ཨང་ chat ནང་མ་བཏང་! ⟦e⟧ ལུ་ འབྲེལ་མཐུད་བཏང་གེ།",
        chatphone="[18:45] ⟦st⟧: འཁྱག་སྒམ་སྐད་བརྒྱབ་པ་ཅིན་ ང་ལུ་ ⟦p⟧ ལུ་འབོད།",
        refund_iban="⟦st⟧ གིས་ཆོག་མཆན་བྱིན་ཡོདཔ། ⟦amt⟧ ⟦n⟧ (⟦e⟧) གི་ རྩིས་ཁྲ་ ⟦pay⟧ ནང་ཕྱིར་སློག",
        refund_card="⟦st⟧ གིས་ཆོག་མཆན་བྱིན་ཡོདཔ། ⟦amt⟧ ⟦n⟧ (⟦e⟧) གི་ ཀརཌ་ ⟦pay⟧ ནང་ཕྱིར་སློག",
        neg1="རྩོམ་ཡིག་ DOI ⟦doi⟧ དང་གཅིག་ཁར་དཔར་བསྐྲུན་འབད་ཡི། ORCID ⟦orcid⟧, ལས་འགུལ་ ⟦grant⟧།",
        neg2="སློབ་ཚན་ ⟦mod⟧ ཁང་མིག་ ⟦room⟧ ནང་ གཟའ་མིག་དམར། ཆོས་ཚན་ ⟦date⟧, ཨང་ ⟦cand⟧།")),
    "ba": dict(name="Bashkir", country="RU", cur="₽", words=["ҡурай", "тау", "йондоҙ", "йылға", "урман", "ҡояш"], t=dict(
        fee="Уҡыу хаҡы буйынса ялыу: студент ⟦n⟧ (⟦e⟧, тел. ⟦p⟧) ⟦amt⟧ ике тапҡыр түләнгән ти һәм аҡсаны кире ҡайтарыуҙы һорай. Студент номеры: ⟦sid⟧.",
        care="Һаулыҡ яҙмаһы: ⟦n⟧ (⟦e⟧) ике аҙна ⟦room⟧ бүлмәһенән сыҡмай. Ашығыс осраҡта: әсәһе, ⟦pc⟧.",
        wifi="Лаборатория Wi-Fi (⟦ssid⟧), яңы серһүҙ: ⟦pw⟧",
        cardchat="[11:11] ⟦n⟧: бына минең картам: ⟦card⟧\n[11:12] ⟦st⟧: Картаны чатҡа бер ҡасан да ебәрмәгеҙ! ⟦e⟧ адресына хәүефһеҙ һылтанма ебәрәм.",
        chatphone="[19:55] ⟦st⟧: туңдырғыс тауыш бирһә, миңә ⟦p⟧ номерына шылтыратығыҙ.",
        refund_iban="⟦st⟧ раҫланы: ⟦amt⟧ ⟦n⟧ (⟦e⟧) иҫәбенә ⟦pay⟧ кире ҡайтарылды.",
        refund_card="⟦st⟧ раҫланы: ⟦amt⟧ ⟦n⟧ (⟦e⟧) картаһына ⟦pay⟧ кире ҡайтарылды.",
        neg1="Мәҡәлә DOI ⟦doi⟧ менән баҫылды; ORCID ⟦orcid⟧, грант ⟦grant⟧.",
        neg2="⟦mod⟧ дәресе ⟦room⟧ аудиторияһында шишәмбе көн; имтихан ⟦date⟧, кандидат ⟦cand⟧.")),
    "cv": dict(name="Chuvash", country="RU", cur="₽", words=["ҫӑлтӑр", "ҫил", "вӑрман", "шыв", "хӗвел", "уйӑх"], t=dict(
        fee="Вӗренӳ укҫи пирки ҫырни: студент ⟦n⟧ (⟦e⟧, тел. ⟦p⟧) ⟦amt⟧ икӗ хут тӳленӗ тесе укҫана каялла тавӑрма ыйтать. Студент номерӗ: ⟦sid⟧.",
        care="Сывлӑх ҫинчен асӑрхаттару: ⟦n⟧ (⟦e⟧) ⟦room⟧ пӳлӗмрен тухмасть. Васкавлӑ чухне: амӑшӗ, ⟦pc⟧.",
        wifi="Лаборатори Wi-Fi (⟦ssid⟧), ҫӗнӗ вӑрттӑн сӑмах: ⟦pw⟧",
        cardchat="[08:30] ⟦n⟧: ак манӑн карттӑ: ⟦card⟧\n[08:31] ⟦st⟧: Карттӑна чата нихҫан та ан ярӑр! ⟦e⟧ ҫине хӑрушсӑр каçӑ яратӑп.",
        chatphone="[21:05] ⟦st⟧: сивӗтмӗш сасӑ парсан, мана ⟦p⟧ номерпа шӑнкӑравлӑр.",
        refund_iban="⟦st⟧ ҫирӗплетнӗ: ⟦amt⟧ ⟦n⟧ (⟦e⟧) счётне ⟦pay⟧ каялла тавӑрнӑ.",
        refund_card="⟦st⟧ ҫирӗплетнӗ: ⟦amt⟧ ⟦n⟧ (⟦e⟧) карттине ⟦pay⟧ каялла тавӑрнӑ.",
        neg1="Статья DOI ⟦doi⟧ тухнӑ; ORCID ⟦orcid⟧, грант ⟦grant⟧.",
        neg2="⟦mod⟧ занятийӗ ⟦room⟧ аудиторире; экзамен ⟦date⟧, кандидат ⟦cand⟧.")),
    "wo": dict(name="Wolof", country="SN", cur="FCFA", words=["baobab", "géej", "jant", "weer", "dex", "ndox"], t=dict(
        fee="Réclamation ci frais inscription: ndongo ji ⟦n⟧ (⟦e⟧, tel. ⟦p⟧) wax na ne fey na ⟦amt⟧ ñaari yoon, te dafa bëgg ñu delloo ko xaalisam. Nimero ndongo: ⟦sid⟧.",
        care="Bind ci wér-gu-yaram: ⟦n⟧ (⟦e⟧) génnul néeg ⟦room⟧ ñaari ayu-bés. Bu am jafe-jafe: ndeyam, ⟦pc⟧.",
        wifi="Baatu-jàll Wi-Fi laboratwaar bi (⟦ssid⟧): ⟦pw⟧",
        cardchat="[10:02] ⟦n⟧: sama kàrt a ngi: ⟦card⟧\n[10:03] ⟦st⟧: Bul yónnee kàrt ci chat bi! Dinaa la yónnee benn lien ci ⟦e⟧.",
        chatphone="[17:48] ⟦st⟧: su congélateur bi sonnee, woo ma ci ⟦p⟧.",
        refund_iban="Delloo xaalis, ⟦st⟧ nangu na: ⟦amt⟧ ngir ⟦n⟧ (⟦e⟧) ci compte ⟦pay⟧, BIC ⟦bic⟧.",
        refund_card="Delloo xaalis, ⟦st⟧ nangu na: ⟦amt⟧ ngir ⟦n⟧ (⟦e⟧) ci kàrt ⟦pay⟧.",
        neg1="Article bi génn na ak DOI ⟦doi⟧; ORCID ⟦orcid⟧, projet ⟦grant⟧.",
        neg2="Njàng ⟦mod⟧ ngi ci salle ⟦room⟧ talaata; examen ⟦date⟧, candidat ⟦cand⟧.")),
    "to": dict(name="Tongan", country="TO", cur="T$", words=["moana", "fetuʻu", "matangi", "vai", "ʻakau", "laʻā"], t=dict(
        fee="Lāunga ki he totongi ako: ko e tamaiki ako ⟦n⟧ (⟦e⟧, telefoni ⟦p⟧) ʻoku ne pehē naʻa ne totongi tuʻo ua ʻa e ⟦amt⟧ pea ʻoku kole ke fakafoki. Fika tamaiki ako: ⟦sid⟧.",
        care="Fakamatala moʻui lelei: ʻoku ʻikai ke ʻalu ki tuʻa ʻa ⟦n⟧ (⟦e⟧) mei he loki ⟦room⟧. Kapau ʻe ʻi ai ha fakatuʻutāmaki: ko ʻene faʻē, ⟦pc⟧.",
        wifi="Ko e lea fufū foʻou Wi-Fi ʻo e lepi (⟦ssid⟧): ⟦pw⟧",
        cardchat="[12:40] ⟦n⟧: ko ʻeku kaati ʻeni: ⟦card⟧\n[12:41] ⟦st⟧: ʻOua naʻa ke fekau ho kaati ʻi he chat! Te u fekau ha link ki he ⟦e⟧.",
        chatphone="[16:20] ⟦st⟧: kapau ʻe tatangi ʻa e ʻaisi, telefoni mai ki he ⟦p⟧.",
        refund_iban="Fakafoki totongi, kuo fakangofua ʻe ⟦st⟧: ⟦amt⟧ ki he ʻakauni ⟦pay⟧ ʻa ⟦n⟧ (⟦e⟧).",
        refund_card="Fakafoki totongi, kuo fakangofua ʻe ⟦st⟧: ⟦amt⟧ ki he kaati ⟦pay⟧ ʻa ⟦n⟧ (⟦e⟧).",
        neg1="Naʻe pulusi ʻa e tohi mo e DOI ⟦doi⟧; ORCID ⟦orcid⟧, paʻanga tokoni ⟦grant⟧.",
        neg2="Ko e kalasi ⟦mod⟧ ʻi he loki ⟦room⟧ ʻaho Tūsite; sivi ⟦date⟧, fika ⟦cand⟧.")),
    "tpi": dict(name="Tok Pisin", country="PG", cur="K", words=["kumul", "solwara", "maunten", "diwai", "san", "mun"], t=dict(
        fee="Toktok long skul fi: sumatin ⟦n⟧ (⟦e⟧, fon ⟦p⟧) i tok em i baim ⟦amt⟧ tupela taim na i laik kisim bek mani. Namba bilong sumatin: ⟦sid⟧.",
        care="Notis long helt: ⟦n⟧ (⟦e⟧) i no save lusim rum ⟦room⟧ inap tupela wik. Sapos i gat hevi: mama bilong em, ⟦pc⟧.",
        wifi="Nupela paswot bilong Wi-Fi long lab (⟦ssid⟧): ⟦pw⟧",
        cardchat="[09:40] ⟦n⟧: hia kat bilong mi: ⟦card⟧\n[09:41] ⟦st⟧: No ken salim kat long chat! Bai mi salim link i go long ⟦e⟧.",
        chatphone="[18:25] ⟦st⟧: sapos frisa i krai, ringim mi long ⟦p⟧.",
        refund_iban="Mani i go bek, ⟦st⟧ i orait: ⟦amt⟧ long ⟦n⟧ (⟦e⟧) long akaun ⟦pay⟧.",
        refund_card="Mani i go bek, ⟦st⟧ i orait: ⟦amt⟧ long ⟦n⟧ (⟦e⟧) long kat ⟦pay⟧.",
        neg1="Pepa i kamaut wantaim DOI ⟦doi⟧; ORCID ⟦orcid⟧, grant ⟦grant⟧.",
        neg2="Klas ⟦mod⟧ i stap long rum ⟦room⟧ long Trinde; eksem ⟦date⟧, namba ⟦cand⟧.")),
    "su": dict(name="Sundanese", country="ID", cur="Rp", words=["gunung", "cai", "béntang", "angin", "kembang", "bulan"], t=dict(
        fee="Keluhan ngeunaan SPP: mahasiswa ⟦n⟧ (⟦e⟧, telepon ⟦p⟧) nyebatkeun parantos mayar ⟦amt⟧ dua kali sareng nyuhunkeun artosna dipulangkeun. NIM: ⟦sid⟧.",
        care="Catetan kaséhatan: ⟦n⟧ (⟦e⟧) teu kaluar ti kamar ⟦room⟧ dua minggu. Upami aya kaayaan darurat: indungna, ⟦pc⟧.",
        wifi="Kecap konci Wi-Fi laboratorium (⟦ssid⟧) ayeuna nyaéta ⟦pw⟧.",
        cardchat="[14:55] ⟦n⟧: ieu kartu abdi: ⟦card⟧\n[14:56] ⟦st⟧: Punten ulah ngirim kartu dina chat! Abdi ngirimkeun tautan aman ka ⟦e⟧.",
        chatphone="[22:40] ⟦st⟧: upami freezer disada, telepon abdi di ⟦p⟧.",
        refund_iban="Pamulangan artos disatujuan ku ⟦st⟧: ⟦amt⟧ ka rekening ⟦pay⟧ milik ⟦n⟧ (⟦e⟧).",
        refund_card="Pamulangan artos disatujuan ku ⟦st⟧: ⟦amt⟧ ka kartu ⟦pay⟧ milik ⟦n⟧ (⟦e⟧).",
        neg1="Artikelna medal kalayan DOI ⟦doi⟧; ORCID ⟦orcid⟧, hibah ⟦grant⟧.",
        neg2="Mata kuliah ⟦mod⟧ di rohangan ⟦room⟧ dinten Salasa; ujian ⟦date⟧, nomer ⟦cand⟧.")),
}
PW_WORDS += ["hasło", "jamasat aru", "ichtacatlahtolli", "gsang tshig", "paswot bilong"]

SSIDS = ["TMU-LAB-5G", "TMU-Genomics", "RCC-Staff", "KeldaLab-2G", "TMU-Imaging", "PressOffice-WiFi", "Incubator-Guest"]


def lang_amount(cur):
    if cur in ("EUR",):
        return amount("EUR")
    if cur == "GBP":
        return amount("GBP")
    if cur == "USD":
        return amount("USD")
    if cur == "PLN":
        return f"{R.randint(800, 9000):,} zł".replace(",", " ")
    if cur == "₲":
        return f"₲ {R.randint(2, 30) * 250000:,}".replace(",", ".")
    if cur == "MXN":
        return f"${R.randint(2000, 60000):,} MXN"
    if cur == "₽":
        return f"{R.randint(20, 300) * 1000:,} ₽".replace(",", " ")
    if cur == "FCFA":
        return f"{R.randint(50, 900) * 1000:,} FCFA".replace(",", " ")
    return f"{cur} {R.randint(300, 9000):,}"


def lang_password(words):
    style = pick(["native", "native", "random"])
    if style == "random":
        return password("random")
    a, b = R.sample(words, 2)
    return f"{a.capitalize()}{pick('-_.!')}{b}{pick('#!%*')}{rd(R.randint(2, 4))}"


def lang_lines(code):
    spec = LANGS[code]
    t, country, cur = spec["t"], spec["country"], spec["cur"]
    studs = list(LANG_STUDENTS[code])
    R.shuffle(studs)
    st = LIAISON[code]
    out = []

    # 1 fee complaint: the student's phone and e-mail
    s = studs[0]
    ctx = Ctx("fee complaint", code)
    ctx.staff(st)
    out.append(emit(ctx, T(t["fee"], n=Lab("person", s.name), e=Lab("email", s.addr()),
                           p=Lab("phone", s.tel()), amt=lang_amount(cur), sid=L_sid())))
    # 2 wellbeing / accommodation note: an emergency contact's phone
    s = studs[1]
    ctx = Ctx("wellbeing note", code)
    ctx.staff(st)
    out.append(emit(ctx, T(t["care"], n=Lab("person", s.name), e=Lab("email", s.addr("student.tarrowmere.edu")),
                           pc=Lab("phone", phone(country, shape=0)), room=L_room(short=True))))
    # 3 Wi-Fi password
    ctx = Ctx("wifi password", code)
    ctx.staff(st)
    out.append(emit(ctx, T(t["wifi"], ssid=pick(SSIDS), pw=Lab("password", lang_password(spec["words"])))))
    # 4 card pasted into a support chat
    s = studs[2]
    ctx = Ctx("card in chat", code)
    out.append(emit(ctx, T(t["cardchat"], n=Lab("person", s.name), card=Lab("credit_card", card(s.brand)),
                           st=ctx.name(st), e=Lab("email", s.addr()))))
    # 5 chat line with a phone (the liaison officer's own)
    ctx = Ctx("chat phone", code)
    out.append(emit(ctx, T(t["chatphone"], st=ctx.name(st), p=Lab("phone", phone(country, shape=0)))))
    # 6 refund to an IBAN or a card
    s = studs[0] if studs[0].iban_country else studs[1]
    ctx = Ctx("refund", code)
    parts = dict(st=ctx.name(st), amt=lang_amount(cur), n=Lab("person", s.name), e=Lab("email", s.addr()))
    if s.iban_country:
        parts["pay"] = Lab("iban", iban(s.iban_country))
        tmpl = t["refund_iban"]
        if "⟦bic⟧" in tmpl:
            parts["bic"] = L_bic(s.iban_country)
        if "⟦ref⟧" in tmpl:
            parts["ref"] = L_ref()
    else:
        parts["pay"] = Lab("credit_card", card(s.brand))
        tmpl = t["refund_card"]
    out.append(emit(ctx, T(tmpl, **parts)))
    # 7, 8 negatives
    ctx = Ctx("negative: research ids", code)
    parts = dict(doi=L_doi(), orcid=L_orcid(), grant=L_grant())
    if "⟦isbn⟧" in t["neg1"]:
        parts["isbn"] = L_isbn()
        parts.pop("grant")
    out.append(emit(ctx, T(t["neg1"], **parts), neg=True, extra_people=1))
    ctx = Ctx("negative: timetable", code)
    out.append(emit(ctx, T(t["neg2"], mod=L_mod(), room=L_room(short=True), date=L_date(), cand=L_cand()), neg=True))
    return out


# --- English lines: student services, finance, admissions -----------------------------------

STU = Cycle([s for s in STUDENTS])
STU_LATIN = Cycle([s for s in STUDENTS if not s.translit])
STU_IBAN = Cycle([s for s in STUDENTS if s.iban_country])
STU_US = Cycle([s for s in STUDENTS if s.country == "US"])
EXT = Cycle(EXTERNAL)
EXT_IBAN = Cycle([x for x in EXTERNAL if x.iban_country])
IBAN_COUNTRIES = Cycle(list(IBAN_LEN))
VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google", "hashicorp",
           "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack", "stripe", "twilio"]


def per(p):
    return Lab("person", p.name)


def mail(addr):
    return Lab("email", addr)


def tel(v):
    return Lab("phone", v)


def pw(v=None, style=None):
    return Lab("password", v or password(style))


def ip(v=None, kind=None):
    return Lab("ip_address", v or ipv4(kind))


def key(vendor, variant=None):
    return Lab(f"api_key/{vendor}", tok(vendor, variant))


def other_staff(ctx):
    return pick([s for s in GENERAL_STAFF if s not in ctx.people])


def caps(name):
    return fold(name).upper() if not any(ord(c) > 0x2FF for c in name) else name


def en_refund(i):
    s = STU_IBAN()
    ctx = Ctx("tuition refund")
    addr = s.addr()
    v = i % 3
    if v == 0:
        p = T("Tuition refund — withdrawal before census date\nStudent: ⟦n⟧ (⟦e⟧), student ID ⟦sid⟧, ⟦prog⟧.\n"
              "Withdrew on ⟦date⟧; refund due ⟦amt⟧ to IBAN ⟦ib⟧ (BIC ⟦bic⟧), account holder ⟦n2⟧. Mobile on file: ⟦p⟧.\n"
              "Approved by ⟦st⟧ — please include in Thursday's payment run.",
              n=per(s), e=mail(addr), sid=L_sid(), prog=pick(["MSc Bioinformatics", "BA History", "MEng Civil Engineering", "LLM International Law"]),
              date=L_date(), amt=amount(pick(["GBP", "EUR"])), ib=Lab("iban", iban(s.iban_country)), bic=L_bic(s.iban_country),
              n2=Lab("person", caps(s.name)), p=tel(s.tel()), st=ctx.name())
    elif v == 1:
        o = other_staff(ctx)
        ctx.staff(o)
        p = T("⟦st⟧ commented:\nRefund of overpaid fees confirmed for ⟦n⟧ <⟦e⟧>. Pay ⟦amt⟧ to ⟦ib⟧, reference ⟦ref⟧. "
              "[~accountid:⟦acc⟧] can you release it today? The student's mobile is ⟦p⟧ if the bank bounces it.",
              st=ctx.name(), n=per(s), e=mail(addr), amt=amount("GBP"), ib=Lab("iban", iban(s.iban_country)), ref=L_ref(),
              acc=Lab("person", o["account_id"]), p=tel(s.tel()))
    else:
        old = IBAN_COUNTRIES()
        p = T("Hi Finance,\n\nPlease refund ⟦amt⟧ to ⟦n⟧. New account details as supplied by the student from ⟦e⟧ "
              "(confirmed by call-back to ⟦p⟧ on ⟦date⟧): ⟦ib⟧. The previous account ⟦ib2⟧ is closed.\n\nThanks,\n⟦st⟧\nStudent Fees Team",
              amt=amount("EUR"), n=per(s), e=mail(addr), p=tel(s.tel()), date=L_date(), ib=Lab("iban", iban(s.iban_country)),
              ib2=Lab("iban", iban(old)), st=ctx.name())
    return emit(ctx, p)


def en_scholarship(i):
    s = STU_IBAN()
    ctx = Ctx("scholarship payment")
    st, st2 = ctx.name(), ctx.name()
    p = T("*Scholarship instalment ⟦k⟧ of 3* — Tarrowmere Global Excellence Award\nRecipient: ⟦n⟧ | ⟦e⟧ | ⟦p⟧\nAmount: ⟦amt⟧\n"
          "Pay to: ⟦ib⟧ (⟦bic⟧)\nFund ⟦grant⟧, cost centre ⟦cc⟧. Checked by ⟦st⟧, second approver ⟦st2⟧.",
          k=str(i % 3 + 1), n=per(s), e=mail(s.addr("student.tarrowmere.edu")), p=tel(s.tel()), amt=amount("GBP"),
          ib=Lab("iban", iban(s.iban_country)), bic=L_bic(s.iban_country), grant=L_grant(), cc=Look(f"CC-{rd(5)}", "cost centre"),
          st=st, st2=st2)
    return emit(ctx, p)


def en_card_chat(i):
    s = STU_LATIN()
    ctx = Ctx("card in chat")
    addr = s.addr()
    v = i % 3
    if v == 0:
        p = T("Chat transcript — TM Press online shop — ⟦date⟧\n[14:02] Visitor (⟦e⟧): the checkout keeps failing, can you take the payment by hand?\n"
              "[14:02] Visitor: ⟦card⟧ exp 09/28, name on card ⟦N⟧\n[14:03] ⟦st⟧: Please don't share card details here — I've deleted the message. "
              "Use the secure payment link I've sent to ⟦e2⟧.",
              date=L_date(), e=mail(addr), card=Lab("credit_card", card(s.brand)), N=Lab("person", caps(s.name)), st=ctx.name(), e2=mail(addr))
    elif v == 1:
        p = T("⟦st⟧  10:41\nForwarding from the admissions inbox — applicant ⟦n⟧ (⟦e⟧, ⟦p⟧) typed a card number into the enquiry form: ⟦card⟧. "
              "Can Finance refund the £75 application fee and purge the form entry (submission ⟦sub⟧)?",
              st=ctx.name(), n=per(s), e=mail(addr), p=tel(s.tel()), card=Lab("credit_card", card(s.brand)), sub=L_uuid("form submission id"))
    else:
        p = T("[learner ⟦e⟧] hi, my card ⟦card⟧ was charged twice for the Data Science certificate (order ⟦ord⟧)\n"
              "[agent ⟦st⟧] Thanks — please never paste the full number, the last four are enough. Refund raised to the same card.",
              e=mail(addr), card=Lab("credit_card", card(s.brand)), ord=Look(f"TMX-{rd(8)}", "order number"), st=ctx.name())
    return emit(ctx, p)


def en_sponsor(i):
    ctx = Ctx("sponsor / loan letter")
    v = i % 4
    if v == 0:
        s, x = STU(), EXT()
        p = T("Sponsor letter received (financial guarantee)\nSponsor: government scholarship office — case officer ⟦x⟧ <⟦xe⟧>, tel. ⟦xp⟧\n"
              "Student: ⟦n⟧ (⟦e⟧), sponsor ref ⟦ref⟧, CAS ⟦cas⟧\nThe sponsor covers tuition (⟦amt⟧) and a monthly stipend; invoices go to ⟦role⟧ (cc ⟦st⟧).",
              x=per(x), xe=mail(x.addr("scholarships.example")), xp=tel(x.tel()), n=per(s), e=mail(s.addr("student.tarrowmere.edu")),
              ref=L_ref(), cas=L_cas(), amt=amount("GBP"), role=mail("sponsors@tarrowmere.edu"), st=ctx.name())
    elif v == 1:
        s = STU_US()
        p = T("US Federal Direct Loan — certification request\nBorrower: ⟦n⟧ (⟦e⟧, ⟦p⟧)\nSSN: ⟦ssn⟧ (needed for the COD record; remove from this ticket after certification)\n"
              "Loan period ⟦d1⟧ – ⟦d2⟧, cost of attendance ⟦amt⟧, school code ⟦code⟧. Certified by ⟦st⟧.",
              n=per(s), e=mail(s.addr()), p=tel(s.tel()), ssn=Lab("ssn", ssn()), d1=Look(f"2026-09-{R.randint(1, 28):02d}", "date"), d2=Look(f"2027-0{R.randint(5, 6)}-{R.randint(1, 28):02d}", "date"),
              amt=f"${R.randint(38, 72)},{R.randint(100, 999)}.00",
              code=Look(f"G{rd(5)}", "federal school code"), st=ctx.name())
    elif v == 2:
        s = STU_IBAN()
        p = T("SLC attendance confirmation: ⟦n⟧ (⟦e⟧), CRN ⟦slc⟧, HESA ⟦hesa⟧. Tuition fee loan is paid to the university; "
              "maintenance goes to the student's account ⟦ib⟧. The student phoned from ⟦p⟧ on ⟦date⟧ asking why the March instalment is late.",
              n=per(s), e=mail(s.addr("student.tarrowmere.edu")), slc=L_slc(), hesa=L_hesa(), ib=Lab("iban", iban(s.iban_country)),
              p=tel(s.tel()), date=L_date())
    else:
        s, x = STU(), EXT()
        p = T("Letter from employer sponsor: ⟦x⟧ (HR business partner, ⟦xe⟧, direct line ⟦xp⟧) confirms the company pays ⟦amt⟧ of the part-time MBA "
              "for ⟦n⟧ (⟦e⟧). Purchase order ⟦po⟧; invoices to ⟦ap⟧.",
              x=per(x), xe=mail(x.addr("hr.example.com")), xp=tel(x.tel("intl")), amt=amount("GBP"), n=per(s), e=mail(s.addr()),
              po=Look(f"PO-{rd(8)}", "purchase order"), ap=mail("accounts.payable@example.com"))
    return emit(ctx, p)


def en_appeal(i):
    s = STU()
    ctx = Ctx("exam appeal")
    addr = s.addr("student.tarrowmere.edu")
    if i % 2 == 0:
        st, st2, st3 = ctx.name(), ctx.name(), ctx.name()
        p = T("Academic appeal — Stage 2\nAppellant: ⟦n⟧, candidate ⟦cand⟧, ⟦e⟧, ⟦p⟧\nModules: ⟦m1⟧ (resit mark 38), ⟦m2⟧\n"
              "Grounds: procedural irregularity; medical evidence dated ⟦date⟧ was not put to the exam board.\nCase handler ⟦st⟧; panel ⟦st2⟧ and ⟦st3⟧.",
              n=per(s), cand=L_cand(), e=mail(addr), p=tel(s.tel()), m1=L_mod(), m2=L_mod(), date=L_date(), st=st, st2=st2, st3=st3)
    else:
        p = T("From: ⟦n⟧ <⟦e⟧>\nTo: Exam Board Secretary <⟦role⟧>\nSubject: Appeal against ⟦m1⟧ result (candidate ⟦cand⟧)\n\n"
              "Dear Exam Board,\nI would like to appeal the mark for ⟦m1b⟧. My GP letter is attached. I can be reached on ⟦p⟧ during the day.\n\n"
              "Regards,\n⟦n2⟧",
              n=per(s), e=mail(addr), role=mail("examboard@tarrowmere.edu"), m1=L_mod(), cand=L_cand(), m1b=L_mod(), p=tel(s.tel()), n2=per(s))
    return emit(ctx, p)


def en_wellbeing(i):
    s = STU()
    ctx = Ctx("wellbeing note")
    addr = s.addr("student.tarrowmere.edu")
    v = i % 3
    if v == 0:
        p = T("Case note (restricted — Wellbeing Service)\nStudent: ⟦n⟧ (⟦e⟧), mobile ⟦p⟧\nSeen by ⟦st⟧ on ⟦date⟧. Reported panic attacks before the ⟦m1⟧ exam; "
              "adjustments: 25% extra time, separate room ⟦room⟧.\nEmergency contact: mother, ⟦pc⟧. Consent to contact given.",
              n=per(s), e=mail(addr), p=tel(s.tel()), st=ctx.name(), date=L_date(), m1=L_mod(), room=L_room(), pc=tel(phone(s.country)))
    elif v == 1:
        p = T("Disability support plan — ⟦n⟧ <⟦e⟧>\nEmergency contacts: partner ⟦pc⟧; father ⟦pc2⟧ (lives abroad, prefers WhatsApp).\n"
              "Library carrel ⟦room⟧ reserved; note-taker booked for ⟦m1⟧ and ⟦m2⟧. Plan owner: ⟦st⟧.",
              n=per(s), e=mail(addr), pc=tel(phone("GB", shape=0)), pc2=tel(phone(s.country, "e164")), room=L_room(short=True),
              m1=L_mod(), m2=L_mod(), st=ctx.name())
    else:
        st = ctx.name()
        sp = tel(phone("GB", "nat", shape=0))
        p = T("Residence Life — out-of-hours incident ⟦date⟧ 02:14: ⟦n⟧ (room ⟦room⟧, ⟦e⟧) was taken to A&E by ambulance. "
              "Warden ⟦st⟧ called the emergency contact (brother, ⟦pc⟧) and the on-call manager on ⟦sp⟧.",
              date=L_date(), n=per(s), room=L_room(short=True), e=mail(addr), st=st, pc=tel(phone(s.country)), sp=sp)
    return emit(ctx, p)


def en_library(i):
    s = STU_LATIN()
    ctx = Ctx("library fine")
    p = T("Library fines — payment taken by phone\nBorrower: ⟦n⟧ (⟦e⟧), card barcode ⟦lib⟧\nOutstanding: ⟦amt⟧ (3 overdue inter-library loans, ISBN ⟦isbn⟧)\n"
          "Card used: ⟦card⟧ — ⟦st⟧ typed it into the ticket by mistake; remove the PAN after reconciliation.",
          n=per(s), e=mail(s.addr("student.tarrowmere.edu")), lib=L_libcard(), amt=f"£{R.randint(3, 60)}.{pick(['00', '20', '50', '80'])}", isbn=L_isbn(),
          card=Lab("credit_card", card(s.brand)), st=ctx.name())
    return emit(ctx, p)


def en_admissions(i):
    s = STU()
    ctx = Ctx("admissions / visa")
    addr = s.addr()
    v = i % 3
    if v == 0:
        p = T("Visa support — CAS request\nApplicant: ⟦n⟧ (⟦e⟧, WhatsApp ⟦p⟧)\nPassport no. ⟦pp⟧ (expires ⟦date⟧), CAS ⟦cas⟧, UCAS ID ⟦ucas⟧\n"
              "Agent copied: ⟦agent⟧. ATAS certificate pending for the ⟦m1⟧-based MSc. Owner: ⟦st⟧.",
              n=per(s), e=mail(addr), p=tel(s.tel("e164")), pp=L_passport(), date=L_date(), cas=L_cas(), ucas=L_ucas(),
              agent=mail(pick(["enquiries@studyabroad.example", "admissions@globaledu.example.com", "info@unipathway.example.org"])),
              m1=L_mod(), st=ctx.name())
    elif v == 1:
        us = phone("US", "paren")
        p = T("Exchange to the US partner campus: I-20 issued, SEVIS ID ⟦sevis⟧. Student ⟦n⟧ (⟦e⟧); US cell ⟦pus⟧, home number ⟦p⟧. "
              "Passport ⟦pp⟧ already seen by ⟦st⟧.",
              sevis=L_sevis(), n=per(s), e=mail(addr), pus=tel(us), p=tel(s.tel("00")), pp=L_passport(), st=ctx.name())
    else:
        p = T("BRP collection: ⟦n⟧ (⟦e⟧) — BRP ⟦brp⟧ ready at the International Office, room ⟦room⟧ (open 10:00–15:30). "
              "Student asked us to call ⟦p⟧ instead of e-mailing.",
              n=per(s), e=mail(addr), brp=L_brp(), room=L_room(), p=tel(s.tel()))
    return emit(ctx, p)


SUBJECTS = ["Refund of accommodation deposit", "Transcript request", "Change of supervisor", "Late fee waiver",
            "Visa extension letter", "Data access agreement", "Conference travel claim", "Thesis submission extension"]
BODIES = ["I am still waiting for the refund we discussed; could you confirm the date it will be paid?",
          "Please find attached the signed form. Could you confirm the next steps?",
          "Thank you for the quick reply. I have now uploaded the documents to the portal.",
          "Apologies for chasing — the deadline is on Friday and I have not heard back from the department."]


def hdr_date(base=None):
    """An RFC 5322 date in 2026 (weekday right), and the datetime, `base` plus a few hours when given."""
    if base is None:
        base = datetime.datetime(2026, 1, 5, 7) + datetime.timedelta(minutes=R.randint(0, 150 * 24 * 60))
    else:
        base = base + datetime.timedelta(minutes=R.randint(20, 3000))
    return base.strftime("%a, %-d %b %Y %H:%M:%S +0000"), base


def en_email(i):
    s = STU() if i % 2 == 0 else EXT()
    ctx = Ctx("email thread")
    addr = s.addr(pick(["example.com", "mail.example.net", "example.org", "post.example", "correo.example"]))
    host = addr.split("@")[1]
    st = ctx.staff()
    st2 = ctx.staff()
    role = pick([("Student Finance", "studentfinance@tarrowmere.edu"), ("International Office", "international@tarrowmere.edu"),
                 ("Research Office", "research.office@tarrowmere.edu"), ("Doctoral College", "doctoral.college@tarrowmere.edu")])
    sig_phone = tel(s.tel())
    d2, d0 = hdr_date()
    d1 = (d0 + datetime.timedelta(seconds=R.randint(2, 90))).strftime("%a, %-d %b %Y %H:%M:%S +0000")
    p = T("Return-Path: <⟦e⟧>\nReceived: from ⟦h⟧ (⟦h2⟧ [⟦ip⟧])\n\tby mx2.tarrowmere.edu (Postfix) with ESMTPS id ⟦qid⟧\n\tfor <⟦role⟧>; ⟦d⟧\n"
          "From: \"⟦n⟧\" <⟦e2⟧>\nTo: ⟦rn⟧ <⟦role2⟧>\nCc: ⟦st⟧ <⟦stm⟧>\nSubject: Re: ⟦subj⟧\nDate: ⟦d2⟧\nMessage-ID: ⟦mid⟧\nIn-Reply-To: ⟦mid2⟧\n\n"
          "⟦body⟧\n\nOn ⟦qd⟧, ⟦st2⟧ <⟦stm2⟧> wrote:\n> Thank you for your e-mail. We will look into this and come back to you within five working days.\n>\n> Kind regards,\n> ⟦st2b⟧\n\n--\n⟦n2⟧\n⟦sig⟧\n",
          e=mail(addr), h="smtp-out." + host, h2="smtp-out." + host, ip=ip(kind="public"), qid=rs(UP + LOW + DIG, 12), role=mail(role[1]), d=d1,
          n=per(s), e2=mail(addr), rn=role[0], role2=mail(role[1]), st=Lab("person", st["display_name"]), stm=Lab("person", st["email"]),
          subj=pick(SUBJECTS), d2=d2, mid=L_msgid(host), mid2=L_msgid("tarrowmere.edu"), body=pick(BODIES), qd=(d0 - datetime.timedelta(days=R.randint(2, 9))).strftime("%-d %b %Y"),
          st2=Lab("person", st2["display_name"]), stm2=Lab("person", st2["email"]), st2b=Lab("person", st2["display_name"]),
          n2=per(s), sig=[pick(["PhD candidate, School of Chemistry", "Visiting researcher", "MSc student (part-time)", "Associate Professor"]), "\nMobile: ", sig_phone])
    return emit(ctx, p)


def en_vcard(i):
    x = EXT() if i % 2 == 0 else STU_LATIN()
    ctx = Ctx("vcard")
    addr = x.addr(pick(["example.org", "lab.example.com", "uni.example", "example.net"]))
    p = T("Contact card for the visiting researcher (attached by ⟦st⟧):\nBEGIN:VCARD\nVERSION:3.0\nFN:⟦fn⟧\nN:⟦fam⟧;⟦giv⟧;;;\n"
          "ORG:⟦org⟧\nTITLE:⟦title⟧\nEMAIL;TYPE=INTERNET,WORK:⟦e⟧\nTEL;TYPE=CELL:⟦p⟧\nTEL;TYPE=WORK:⟦p2⟧\nNOTE:ORCID ⟦orcid⟧\nEND:VCARD",
          st=ctx.name(), fn=per(x), fam=Lab("person", x.family), giv=Lab("person", x.given),
          org=pick(["Institute of Marine Sciences", "Centre for Digital Humanities", "Structural Biology Unit", "Dept. of Linguistics"]),
          title=pick(["Postdoctoral Fellow", "Senior Lecturer", "Research Engineer", "Visiting Professor"]), e=mail(addr),
          p=tel(x.tel("intl")), p2=tel(x.tel("intl", shape=len(PHONES[x.country][2]) - 1)), orcid=L_orcid())
    return emit(ctx, p)


def en_csv(i):
    ctx = Ctx("csv export")
    v = i % 3
    rows, used = [], set()
    n = R.randint(4, 6)
    while len(rows) < n:
        s = STU() if v != 2 else STU_IBAN()
        if s.name not in used:
            used.add(s.name)
            rows.append(s)
    if v == 0:
        head = "student_id,surname,forename,email,mobile,nationality,fee_status"
        lines = [[L_sid(), ",", Lab("person", s.family), ",", Lab("person", s.given), ",", mail(s.addr("student.tarrowmere.edu")), ",",
                  tel(s.tel(pick(["e164", "intl", "nat"]))), ",", s.country, ",", pick(["OS", "H", "EU"])] for s in rows]
    elif v == 1:
        head = "id;name;email;emergency_contact;emergency_phone;accommodation"
        lines = [[L_sid(), ";", per(s), ";", mail(s.addr()), ";", pick(["Mother", "Father", "Partner", "Aunt", "Guardian", "Sister"]), ";",
                  tel(phone(s.country, pick(["e164", "00", "intl"]))), ";", pick(["Saltire Hall", "Corran House", "private", "Moorgate Annexe"])] for s in rows]
    else:
        head = "payee_name,payee_email,iban,amount_eur,reference"
        lines = [["\"", per(s), "\",", mail(s.addr()), ",", Lab("iban", iban(s.iban_country, spaced=False)), ",",
                  f"{R.randint(150, 4000)}.{pick(['00', '50'])}", ",", L_ref()] for s in rows]
    p = ["Export attached to the ticket by ", ctx.name(), ":\n", head]
    for line in lines:
        p += ["\n"] + line
    return emit(ctx, p)


def en_jira_table(i):
    ctx = Ctx("jira wiki table")
    v = i % 2
    rows, used = [], set()
    while len(rows) < R.randint(3, 4):
        s = STU_IBAN() if v == 0 else STU()
        if s.name not in used:
            used.add(s.name)
            rows.append(s)
    if v == 0:
        p = ["h3. Refunds awaiting approval\n||Student||Email||Mobile||IBAN||Amount||\n"]
        for s in rows:
            a = s.addr()
            p += ["|", per(s), "|[", mail(a), "|mailto:", mail(a), "]|", tel(s.tel()), "|", Lab("iban", iban(s.iban_country)), "|", amount("GBP"), "|\n"]
        p += ["Approver: [~accountid:", Lab("person", ctx.staff()["account_id"]), "]"]
    else:
        p = ["h3. Field trip — Isle of Skye geology, emergency contacts\n||Participant||Email||Emergency contact||Phone||Dietary||\n"]
        for s in rows:
            a = s.addr("student.tarrowmere.edu")
            p += ["|", per(s), "|", mail(a), "|", pick(["mother", "father", "partner", "sister"]), "|[", tel(phone(s.country, "intl")), "|tel:",
                  tel(phone_again("e164")), "]|", pick(["vegetarian", "none", "halal", "nut allergy"]), "|\n"]
        p += ["Trip leader ", ctx.name(), " (satellite phone ", tel(phone("GB", "intl", shape=0)), ")."]
    return emit(ctx, p)


def en_press(i):
    ctx = Ctx("university press")
    v = i % 3
    if v == 0:
        x = EXT_IBAN()
        p = T("TM Press — royalty run ⟦date⟧\nAuthor: ⟦x⟧ (⟦xe⟧)\nTitle: ISBN ⟦isbn⟧ (hardback), ⟦isbn2⟧ (ebook)\nPayee account: ⟦ib⟧, BIC ⟦bic⟧\n"
              "Statement period Jul–Dec; net receipts ⟦amt⟧. Prepared by ⟦st⟧.",
              date=L_date(), x=per(x), xe=mail(x.addr("example.org")), isbn=L_isbn(), isbn2=L_isbn(), ib=Lab("iban", iban(x.iban_country)),
              bic=L_bic(x.iban_country), amt=amount("GBP"), st=ctx.name())
    elif v == 1:
        x = pick([e for e in EXTERNAL if e.country == "US"])
        p = T("W-9 received from our US author ⟦x⟧ (⟦xe⟧, ⟦xp⟧): SSN ⟦ssn⟧. Royalties for ⟦isbn⟧ will no longer be subject to 30% withholding. "
              "— ⟦st⟧, Rights & Contracts",
              x=per(x), xe=mail(x.addr("example.com")), xp=tel(x.tel("paren")), ssn=Lab("ssn", ssn()), isbn=L_isbn(), st=ctx.name())
    else:
        p = T("TM Press web shop (Shopify) — the custom app token ⟦shp⟧ was pasted into the vendor call notes; rotate it. "
              "Order webhooks sign with ⟦whs⟧ (client secret) and deliver to https://shop.tmpress.org/hooks. Contact: ⟦st⟧.",
              shp=key("shopify"), whs=pw(rhex(64)), st=ctx.name())
    return emit(ctx, p)


def en_incubator(i):
    ctx = Ctx("incubator spin-out")
    x, y = EXT(), EXT()
    while y is x:
        y = EXT()
    co = pick(["Helixbright Ltd", "Cryoform Bio Ltd", "Sealoch Diagnostics Ltd", "Peptilume Ltd", "Marrowgen Ltd"])
    if i % 2 == 0:
        p = T("Tarrowmere Ventures — onboarding checklist for ⟦co⟧\nFounders: ⟦x⟧ (⟦xe⟧, ⟦xp⟧) and ⟦y⟧ (⟦ye⟧)\n"
              "Stripe (live) secret key: ⟦sk⟧\nStripe webhook signing secret: ⟦wh⟧\nAWS (prod account ⟦acct⟧): ⟦akid⟧ / ⟦sec⟧\n"
              "First payroll run to ⟦ib⟧. Incubator manager: ⟦st⟧.",
              co=co, x=per(x), xe=mail(x.addr("founders.example.com")), xp=tel(x.tel()), y=per(y), ye=mail(y.addr("founders.example.com")),
              sk=key("stripe", "sk"), wh=key("stripe", "whsec"), acct=Look(rd(12), "AWS account id"), akid=key("aws"), sec=key("aws", "secret"),
              ib=Lab("iban", iban(pick(["GB", "IE", "DE"]))), st=ctx.name())
    else:
        p = T("⟦st⟧: ⟦co⟧'s lab-booking app went live. For the record: SendGrid key ⟦sg⟧, Twilio API key ⟦sk⟧ with secret ⟦sks⟧, "
              "and the DigitalOcean token ⟦do⟧ are now in the incubator vault — please delete this comment once ⟦x⟧ (⟦xe⟧) confirms.",
              st=ctx.name(), co=co, sg=key("sendgrid"), sk=key("twilio", "sk"), sks=key("twilio", "secret"), do=key("digitalocean"),
              x=per(x), xe=mail(x.addr("example.com")))
    return emit(ctx, p)


def en_online(i):
    ctx = Ctx("online learning")
    s = STU_LATIN()
    v = i % 3
    if v == 0:
        p = T("TarrowmereX checkout — error log excerpt\n⟦ts⟧ ERROR payment.capture failed learner=⟦e⟧ pan=⟦card⟧ amount=149.00 GBP gateway_ref=⟦gr⟧ ip=⟦ip⟧\n"
              "⟦ts2⟧ WARN  retry scheduled learner=⟦e2⟧ attempt=2",
              ts=f"2026-03-{R.randint(10, 28)}T14:02:55.118Z", e=mail(s.addr()), card=Lab("credit_card", card(s.brand, "plain")),
              gr=Look(f"pi_{rs(B62, 24)}", "payment intent id"), ip=ip(kind="public"), ts2=f"2026-03-{R.randint(10, 28)}T14:03:10.502Z", e2=mail(s.addr("example.org")))
    elif v == 1:
        p = T("Exam-reminder SMS service (TarrowmereX): TWILIO_API_KEY=⟦sk⟧, TWILIO_API_SECRET=⟦sks⟧, sender ⟦from⟧. "
              "Test message went to ⟦n⟧ at ⟦p⟧ (learner account ⟦e⟧).",
              sk=key("twilio", "sk"), sks=key("twilio", "secret"), **{"from": tel(phone("GB", "e164", shape=0))}, n=per(s), p=tel(s.tel("e164")), e=mail(s.addr()))
    else:
        p = T("Certificate e-mails bounce: the mailer still uses the old key ⟦sg⟧. New key is in the vault; learner who reported it: ⟦n⟧ <⟦e⟧>.",
              sg=key("sendgrid"), n=per(s), e=mail(s.addr()))
    return emit(ctx, p)


# --- English lines: research computing, IT, research data ------------------------------------

REALM = "@tarrowmere.edu"


def en_eduroam(i):
    s = STU_LATIN()
    ctx = Ctx("eduroam config")
    addr = f"{s.local}@student.tarrowmere.edu"
    if i % 2 == 0:
        p = T("⟦n⟧ can't connect to eduroam from Ubuntu; their wpa_supplicant.conf (pasted by the student, password included):\n"
              "network={\n    ssid=\"eduroam\"\n    key_mgmt=WPA-EAP\n    eap=PEAP\n    identity=\"⟦e⟧\"\n    anonymous_identity=\"⟦anon⟧\"\n"
              "    password=\"⟦pw⟧\"\n    ca_cert=\"/etc/ssl/certs/tarrowmere-radius-ca.pem\"\n    domain_suffix_match=\"radius.tarrowmere.edu\"\n"
              "    phase2=\"auth=MSCHAPV2\"\n}\nAdvised to change the password now. — ⟦st⟧",
              n=per(s), e=mail(addr), anon=Look(REALM, "eduroam outer identity (realm only)"), pw=pw(), st=ctx.name())
    else:
        p = T("NetworkManager keyfile from the lab laptop (⟦serial⟧):\n[connection]\nid=eduroam\ntype=wifi\n[wifi]\nssid=eduroam\n[wifi-security]\nkey-mgmt=wpa-eap\n"
              "[802-1x]\neap=ttls;\nidentity=⟦e⟧\nanonymous-identity=⟦anon⟧\npassword=⟦pw⟧\nphase2-auth=pap\n[ipv4]\nmethod=auto\n"
              "The account belongs to ⟦n⟧, who left in December — disable it.",
              serial=L_serial(), e=mail(addr), anon=Look(REALM, "eduroam outer identity (realm only)"),
              pw=pw(), n=per(s))
    return emit(ctx, p)


def en_radius(i):
    ctx = Ctx("freeradius / wifi")
    v = i % 3
    if v == 0:
        p = T("/etc/freeradius/3.0/clients.conf on radius1 (attached to the change request by ⟦st⟧):\n"
              "client wlc-kelda-01 {\n    ipaddr = ⟦ip1⟧\n    secret = ⟦s1⟧\n    shortname = wlc1\n    nas_type = cisco\n}\n"
              "client eduroam-flr-1 {\n    ipaddr = ⟦ip2⟧\n    secret = ⟦s2⟧\n    require_message_authenticator = yes\n}\n"
              "client vpn-gw {\n    ipaddr = ⟦ip3⟧\n    secret = ⟦s3⟧\n}",
              st=ctx.name(), ip1=ip(kind="private"), s1=pw(style="random"), ip2=ip(kind="public"), s2=pw(style="random"), ip3=ip(kind="private"), s3=pw())
    elif v == 1:
        s = STU_LATIN()
        addr = f"{s.local}@student.tarrowmere.edu"
        m = mac("dash")
        p = T("radiusd log, student reports the Wi-Fi drops every 10 minutes:\n"
              "⟦d⟧ radius1 radiusd[1733]: (48211) Login OK: [⟦e⟧] (from client wlc-kelda-01 port 0 cli ⟦m⟧)\n"
              "Acct-Status-Type = Start\nUser-Name = \"⟦e2⟧\"\nCalling-Station-Id = \"⟦m2⟧\"\nCalled-Station-Id = \"⟦ap⟧:eduroam\"\n"
              "Framed-IP-Address = ⟦fip⟧\nNAS-IP-Address = ⟦nas⟧",
              d=f"Mar {R.randint(10, 28)} 0{R.randint(7, 9)}:{R.randint(10, 59)}:{R.randint(10, 59)}", e=mail(addr), m=Lab("mac_address", m),
              e2=mail(addr), m2=Lab("mac_address", m), ap=Lab("mac_address", mac("dash")), fip=ip(kind="private"), nas=ip(kind="private"))
    else:
        p = T("hostapd.conf of the cryo-EM room access point (not on eduroam):\ninterface=wlan0\nssid=TMU-Cryo-Lab\nwpa=2\nwpa_key_mgmt=WPA-PSK WPA-EAP\n"
              "wpa_passphrase=⟦pw1⟧\nieee8021x=1\nauth_server_addr=⟦ip1⟧\nauth_server_port=1812\nauth_server_shared_secret=⟦pw2⟧\nbssid=⟦m⟧",
              pw1=pw(style="words"), ip1=ip(kind="private"), pw2=pw(style="random"), m=Lab("mac_address", mac("colon")))
    return emit(ctx, p)


def en_ldap(i):
    ctx = Ctx("ldap / directory")
    v = i % 6
    if v == 0:
        s = STU_LATIN()
        p = T("⟦st⟧: the bind works from login2 but the Moodle sync fails:\n$ ldapsearch -x -H ldaps://ldap.tarrowmere.internal "
              "-D \"cn=svc-moodle,ou=services,dc=tarrowmere,dc=edu\" -w '⟦pw⟧' -b \"ou=people,dc=tarrowmere,dc=edu\" \"(mail=⟦e⟧)\" cn mail eduPersonAffiliation",
              st=ctx.name(), pw=pw(), e=mail(f"{s.local}@student.tarrowmere.edu"))
    elif v == 1:
        p = T("sssd.conf on the new GPU nodes (gpu[01-12]):\n[domain/tarrowmere.internal]\nid_provider = ldap\nauth_provider = ldap\n"
              "ldap_uri = ldaps://ldap1.tarrowmere.internal, ldaps://ldap2.tarrowmere.internal\n"
              "ldap_default_bind_dn = cn=svc-hpc-sssd,ou=services,dc=tarrowmere,dc=edu\nldap_default_authtok_type = password\n"
              "ldap_default_authtok = ⟦pw⟧\nldap_tls_reqcert = demand\n# reviewed by ⟦st⟧",
              pw=pw(style="random"), st=ctx.name())
    elif v == 2:
        s = STU_LATIN()
        uid = fold(s.given.split()[0])[0] + re.sub(r"[^a-z]", "", fold(s.family))[:7]
        p = T("New-starter import (ldif) — ⟦st⟧ please check before loading:\ndn: uid=⟦uid⟧,ou=people,dc=tarrowmere,dc=edu\nobjectClass: inetOrgPerson\n"
              "objectClass: eduPerson\nuid: ⟦uid2⟧\ncn: ⟦cn⟧\nsn: ⟦sn⟧\ngivenName: ⟦gn⟧\nmail: ⟦e⟧\nmobile: ⟦p⟧\n"
              "eduPersonAffiliation: student\nuserPassword: ⟦pw⟧",
              st=ctx.name(), uid=uid, uid2=uid, cn=Lab("person", s.name), sn=Lab("person", s.family),
              gn=Lab("person", s.given), e=mail(f"{s.local}@student.tarrowmere.edu"), p=tel(s.tel("e164")), pw=pw())
    elif v == 3:
        s = STU_LATIN()
        p = T("PowerShell used to create the research-guest account (from ⟦st⟧'s transcript):\n"
              "New-ADUser -Name \"⟦n⟧\" -GivenName \"⟦g⟧\" -Surname \"⟦f⟧\" -EmailAddress \"⟦e⟧\" -Path \"OU=Guests,DC=ad,DC=tarrowmere,DC=internal\" "
              "-AccountPassword (ConvertTo-SecureString \"⟦pw⟧\" -AsPlainText -Force) -Enabled $true",
              st=ctx.name(), n=per(s), g=Lab("person", s.given), f=Lab("person", s.family), e=mail(s.addr("example.org")), pw=pw())
    elif v == 4:
        p = T("/etc/nslcd.conf on the old library kiosk image:\nuri ldap://⟦ip1⟧/\nbase dc=tarrowmere,dc=edu\nbinddn cn=kiosk,ou=services,dc=tarrowmere,dc=edu\n"
              "bindpw ⟦pw⟧\nssl start_tls\n# same password is in /etc/ldap.conf as BINDPW ⟦pw2⟧",
              ip1=ip(kind="private"), pw=Lab("password", (v1 := password())), pw2=Lab("password", v1))
    else:
        p = T("Shibboleth IdP (idp.tarrowmere.edu) conf/credentials.properties after the upgrade:\nidp.authn.LDAP.bindDN = cn=svc-idp,ou=services,dc=tarrowmere,dc=edu\n"
              "idp.authn.LDAP.bindDNCredential = ⟦pw1⟧\nidp.sealer.storePassword = ⟦pw2⟧\nidp.sealer.keyPassword = ⟦pw3⟧\n"
              "idp.persistentId.salt = ⟦salt⟧\n(⟦st⟧: these must move to the vault before the audit)",
              pw1=pw(style="random"), pw2=Lab("password", (k := password("random"))), pw3=Lab("password", k), salt=pw(b64(R.randbytes(24))), st=ctx.name())
    return emit(ctx, p)


def en_slurm(i):
    ctx = Ctx("slurm / pbs job")
    v = i % 4
    s = STU_LATIN()
    addr = f"{s.local}@student.tarrowmere.edu"
    if v == 0:
        p = T("Job script attached to the ticket \"out of quota on /scratch\":\n#!/bin/bash\n#SBATCH --job-name=alphafold-msa\n#SBATCH --partition=gpu-a100\n"
              "#SBATCH --gres=gpu:2\n#SBATCH --time=48:00:00\n#SBATCH --mail-type=END,FAIL\n#SBATCH --mail-user=⟦e⟧\n"
              "module load cuda/⟦ver⟧ python/3.11.7\nexport HF_TOKEN=⟦hf⟧\nexport WANDB_API_KEY=⟦wb⟧\n"
              "srun python predict.py --fasta inputs/⟦acc⟧.fasta --out /scratch/$USER/af2",
              e=mail(addr), ver=L_version(), hf=key("huggingface"), wb=pw(rhex(40)), acc=L_accession())
    elif v == 1:
        p = T("#PBS -N relion-refine\n#PBS -l select=2:ncpus=32:mem=256gb:ngpus=4\n#PBS -l walltime=72:00:00\n#PBS -M ⟦e⟧\n#PBS -m abe\n"
              "export AWS_ACCESS_KEY_ID=⟦ak⟧\nexport AWS_SECRET_ACCESS_KEY=⟦sk⟧\nexport AWS_DEFAULT_REGION=eu-west-2\n"
              "aws s3 sync s3://tmu-cryoem-raw/⟦bc⟧/ $TMPDIR/movies/\n# PI: ⟦st⟧",
              e=mail(addr), ak=key("aws"), sk=key("aws", "secret"), bc=L_barcode(), st=ctx.name())
    elif v == 2:
        p = T("⟦n⟧ (⟦e⟧) asked why the job log shows secrets — the script runs `env | sort` at the top:\n"
              "SLURM_JOB_ID=⟦job⟧\nSLURM_JOB_NODELIST=gpu07\nOPENAI_API_KEY=⟦oa⟧\nANTHROPIC_API_KEY=⟦an⟧\nPGPASSWORD=⟦pg⟧\nPATH=/opt/conda/bin:/usr/bin\n"
              "Both keys are revoked; please remove the line from the template (⟦st⟧).",
              n=per(s), e=mail(addr), job=L_job(), oa=key("openai"), an=key("anthropic"), pg=pw(), st=ctx.name())
    else:
        p = T("sbatch wrapper used by the genomics core:\n#SBATCH --mail-user=⟦m⟧\nexport GLOBUS_CLIENT_ID=⟦gid⟧\nexport GLOBUS_CLIENT_SECRET=⟦gs⟧\n"
              "export VAULT_TOKEN=⟦vt⟧\nglobus transfer ⟦ep1⟧:/runs/⟦run⟧ ⟦ep2⟧:/archive/ --label \"⟦run2⟧\"",
              m=Lab("person", ctx.staff()["email"]), gid=L_uuid("Globus client id"), gs=pw(b64(R.randbytes(33))), vt=key("hashicorp"),
              ep1=L_uuid("Globus collection id"), run=L_barcode(), ep2=L_uuid("Globus collection id"), run2=L_barcode())
    return emit(ctx, p)


def en_hpc(i):
    ctx = Ctx("hpc onboarding")
    s = STU_LATIN()
    addr = f"{s.local}@student.tarrowmere.edu"
    uname = re.sub(r"[^a-z]", "", fold(s.given))[:1] + re.sub(r"[^a-z]", "", fold(s.family))[:8] + rd(2)
    v = i % 4
    if v == 0:
        p = T("Subject: Your Kelda HPC account\n\nDear ⟦n⟧,\nYour account on the Kelda cluster is ready.\nUsername: ⟦u⟧\nTemporary password: ⟦pw⟧ "
              "(you must change it at first login)\nLogin nodes: login1.kelda.tarrowmere.internal (⟦ip1⟧), login2 (⟦ip2⟧)\n"
              "Project: ⟦grant⟧, PI ⟦st⟧.\nThis message was sent to ⟦e⟧.\n\nResearch Computing Centre",
              n=per(s), u=uname, pw=pw(), ip1=ip(kind="private"), ip2=Lab("ip_address", ipv6("private")), grant=L_grant(), st=ctx.name(), e=mail(addr))
    elif v == 1:
        kind = pick(["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"])
        p = T("⟦n⟧ (⟦e⟧): I still get \"Permission denied (publickey)\" on login1. Here is my key in case it's wrong:\n⟦k⟧\n"
              "and the public one I uploaded: ⟦pub⟧\nReply from ⟦st⟧: never send private keys — please generate a new pair; this one is now blocked.",
              n=per(s), e=mail(addr), k=Lab("private_key", pem(kind)), pub=L_sshpub(), st=ctx.name())
    elif v == 2:
        secret = "".join(rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 32))
        p = T("MFA enrolment failed for ⟦u⟧ — the QR text they pasted: otpauth://totp/Kelda:⟦u2⟧?secret=⟦sec⟧&issuer=Kelda&digits=6 "
              "(owner ⟦n⟧, ⟦e⟧). Seed reset by ⟦st⟧.",
              u=uname, u2=uname, sec=pw(secret), n=per(s), e=mail(addr), st=ctx.name())
    else:
        p = T("Onboarding checklist for the new RSE (⟦st⟧):\n* Kelda account created, temp password ⟦pw⟧\n* GitLab access token ⟦gl⟧ (scope read_api)\n"
              "* Vault: ⟦vt⟧ (expires 32d)\n* Storage gateway S3 key ⟦ak⟧ / ⟦sk⟧\n* Jump host ⟦j⟧, bastion ⟦b⟧",
              st=ctx.name(), pw=pw(), gl=key("gitlab"), vt=key("hashicorp"), ak=key("aws"), sk=key("aws", "secret"), j=ip(kind="public"),
              b=Lab("ip_address", ipv6("public")))
    return emit(ctx, p)


def en_pkgconf(i):
    ctx = Ctx("conda / pip / npm config")
    v = i % 5
    if v == 0:
        p = T("~/.condarc copied into the shared group directory (readable by everyone in rcc-users):\nchannels:\n"
              "  - https://conda.tarrowmere-research.net/t/⟦t⟧/tmu-private\n  - conda-forge\nchannel_alias: https://conda.tarrowmere-research.net\n"
              "envs_dirs:\n  - /projects/⟦grant⟧/envs",
              t=pw(rs(LOW + DIG, 2) + "-" + uuid()), grant=L_grant())
    elif v == 1:
        p = T("/etc/pip.conf on the JupyterHub image:\n[global]\nindex-url = https://__token__:⟦gl⟧@gitlab.tarrowmere.edu/api/v4/projects/412/packages/pypi/simple\n"
              "extra-index-url = https://⟦uc⟧@nexus.tarrowmere.internal/repository/pypi-proxy/simple\ntrusted-host = nexus.tarrowmere.internal",
              gl=key("gitlab"), uc=Lab("url_credentials", f"hpcbuild:{url_password()}"))
    elif v == 2:
        p = T("~/.pypirc of the lab's package maintainer (⟦st⟧):\n[distutils]\nindex-servers = pypi\n[pypi]\nusername = __token__\npassword = ⟦pt⟧\n"
              "and ~/.npmrc:\n//registry.npmjs.org/:_authToken=⟦npm⟧\n@tarrowmere:registry=https://gitlab.tarrowmere.edu/api/v4/packages/npm/",
              st=ctx.name(), pt=key("pypi"), npm=key("npm"))
    elif v == 3:
        p = T("~/.netrc on the sequencer export VM:\nmachine ftp.tarrowmere-research.net login seqcore password ⟦p1⟧\nmachine ⟦ip1⟧ login ont-upload password ⟦p2⟧\n"
              "machine api.github.com login tmu-bot password ⟦gh⟧",
              p1=pw(), ip1=ip(kind="public"), p2=pw(style="random"), gh=key("github"))
    else:
        p = T("R users: ~/.Renviron on the RStudio server contains\nGITHUB_PAT=⟦gh⟧\nREDCAP_TOKEN=⟦rc⟧\nGOOGLE_MAPS_KEY=⟦g⟧\nSet by ⟦st⟧ for the ⟦mod⟧ practical — should be per-user.",
              gh=key("github", "pat"), rc=pw(rhex(32, upper=True)), g=key("google"), st=ctx.name(), mod=L_mod())
    return emit(ctx, p)


def en_jhub(i):
    ctx = Ctx("jupyterhub helm")
    st = ctx.staff()
    dbpw = url_password()
    p = T("values.yaml for the teaching JupyterHub (helm upgrade --install jhub jupyterhub/jupyterhub --version ⟦ver⟧):\nproxy:\n  secretToken: \"⟦tok⟧\"\n"
          "hub:\n  cookieSecret: \"⟦cookie⟧\"\n  config:\n    GenericOAuthenticator:\n      client_id: jupyterhub\n      client_secret: ⟦cs⟧\n"
          "      oauth_callback_url: https://jupyter.tarrowmere.edu/hub/oauth_callback\n      authorize_url: https://sso.tarrowmere.edu/realms/tarrowmere/protocol/openid-connect/auth\n"
          "    JupyterHub:\n      admin_users:\n        - ⟦adm⟧\n  db:\n    type: postgres\n    url: postgresql://⟦uc⟧@⟦dbip⟧:5432/jupyterhub\n"
          "singleuser:\n  extraEnv:\n    ⟦envk⟧: \"⟦envv⟧\"\n    NBGRADER_COURSE: ⟦mod⟧",
          ver=L_version(), tok=pw(rhex(64)), cookie=pw(rhex(64)), cs=pw(rs(B62, 32)), adm=Lab("person", st["email"]),
          uc=Lab("url_credentials", f"jhub:{dbpw}"), dbip=ip(kind="private"),
          envk=(ev := pick(["OPENAI_API_KEY", "HF_TOKEN", "ANTHROPIC_API_KEY"])),
          envv=key({"OPENAI_API_KEY": "openai", "HF_TOKEN": "huggingface", "ANTHROPIC_API_KEY": "anthropic"}[ev]), mod=L_mod())
    return emit(ctx, p)


def en_k8s(i):
    ctx = Ctx("kubernetes secret")
    v = i % 3
    if v == 0:
        app, ns = pick([("redcap", "research-apps"), ("lims", "genomics"), ("moodle", "teaching"), ("ood", "kelda"), ("omero", "imaging")])
        p = T("kubectl get secret ⟦app⟧-db -n ⟦ns⟧ -o yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ⟦app2⟧-db\n  namespace: ⟦ns2⟧\n"
              "type: Opaque\ndata:\n  username: ⟦u⟧\n  password: ⟦p⟧\n  ⟦k⟧: ⟦salt⟧",
              app=app, ns=ns, app2=app, ns2=ns, u=Look(b64(f"{app}_app".encode()), "base64 user name"), p=pw(b64(password().encode())),
              k=pick(["salt", "secret-key", "session-secret"]), salt=pw(b64(R.randbytes(18))))
    elif v == 1:
        p = T("$ kubectl create secret generic jhub-oauth -n jhub --from-literal=client-secret=⟦cs⟧ --from-literal=slack-webhook=⟦hook⟧\n"
              "secret/jhub-oauth created\n(⟦st⟧ — this was typed on the shared bastion, shell history is readable: rotate both)",
              cs=pw(rs(B62, 32)), hook=key("slack", "hook"), st=ctx.name())
    else:
        p = T("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s3-archive\n  namespace: genomics-pipelines\nstringData:\n  AWS_ACCESS_KEY_ID: ⟦ak⟧\n"
              "  AWS_SECRET_ACCESS_KEY: ⟦sk⟧\n  AZURE_STORAGE_CONNECTION_STRING: DefaultEndpointsProtocol=https;AccountName=tmugenomicsarc;AccountKey=⟦az⟧;EndpointSuffix=core.windows.net\n"
              "  DB_URL: postgresql://⟦uc⟧@⟦h⟧:5432/lims",
              ak=key("aws"), sk=key("aws", "secret"), az=key("azure"), uc=Lab("url_credentials", f"lims:{url_password()}"), h=ip(kind="private"))
    return emit(ctx, p)


def en_lms(i):
    ctx = Ctx("lms / lti config")
    v = i % 4
    if v == 0:
        p = T("Moodle config.php on learn-app03 (⟦ip1⟧):\n$CFG->dbtype    = 'pgsql';\n$CFG->dbhost    = 'moodle-db.tarrowmere.internal';\n$CFG->dbname    = 'moodle';\n"
              "$CFG->dbuser    = 'moodle_app';\n$CFG->dbpass    = '⟦p⟧';\n$CFG->wwwroot   = 'https://learn.tarrowmere.edu';\n$CFG->passwordsaltmain = '⟦salt⟧';\n"
              "$CFG->noemailever = false; // ⟦st⟧: re-enabled after the migration",
              ip1=ip(kind="private"), p=pw(), salt=pw(rs(B62 + "#%*-_", 40)), st=ctx.name())
    elif v == 1:
        p = T("Canvas sandbox: API token for the grade-sync script is ⟦ct⟧ (generated by ⟦st⟧ under their own account — replace with a developer key). "
              "Moodle web service token for the same sync: ⟦mt⟧.",
              ct=pw(f"{R.randint(1000, 9999)}~{rs(B62, 64)}"), st=ctx.name(), mt=pw(rhex(32)))
    elif v == 2:
        p = T("LTI 1.1 tool registration for the TM Press e-textbook reader (course ⟦mod⟧):\nLaunch URL: https://reader.tmpress.org/lti/launch\nConsumer key: tmpress-reader-⟦n⟧\n"
              "Shared secret: ⟦sec⟧\nPrivacy: send name and e-mail. Registered by ⟦st⟧.",
              mod=L_mod(), n=rd(3), sec=pw(rs(B62, 40)), st=ctx.name())
    else:
        p = T("LTI 1.3 — tool private key for the plagiarism checker (client_id ⟦cid⟧, deployment ⟦dep⟧), pasted into the Jira ticket by the vendor:\n⟦k⟧\n"
              "Platform JWKS: https://learn.tarrowmere.edu/mod/lti/certs.php",
              cid=Look(rd(14), "LTI client id"), dep=Look(str(R.randint(1, 40)), "deployment id"), k=Lab("private_key", pem("PRIVATE KEY")))
    return emit(ctx, p)


def en_redcap(i):
    ctx = Ctx("redcap / research db")
    v = i % 5
    if v == 0:
        p = T("REDCap export fails for project ⟦pid⟧:\ncurl -X POST https://redcap.tarrowmere-research.net/api/ -d token=⟦tok⟧ -d content=record -d format=csv -d rawOrLabel=raw\n"
              "Error 403 — the token belongs to ⟦st⟧, who left the study.",
              pid=Look(f"PID {R.randint(100, 999)}", "REDCap project id"), tok=pw(rhex(32, upper=True)), st=ctx.name())
    elif v == 1:
        p = T("database.php of the REDCap server:\n$hostname   = '⟦h⟧';\n$db         = 'redcap';\n$username   = 'redcap_app';\n$password   = '⟦pw⟧';\n$salt       = '⟦salt⟧';",
              h=ip(kind="private"), pw=pw(), salt=pw(rhex(16)))
    elif v == 2:
        p = T("Connection strings in the cohort-study notebook:\nmysql://⟦uc1⟧@redcap-db01.tarrowmere.internal:3306/redcap\n"
              "jdbc:postgresql://⟦h⟧:5432/cohort?user=analyst&password=⟦p2⟧&ssl=true\n"
              "Driver={ODBC Driver 18 for SQL Server};Server=tcp:trials-sql.tarrowmere.internal,1433;Database=TrialsDW;Uid=svc_trials;Pwd=⟦p3⟧;Encrypt=yes;",
              uc1=Lab("url_credentials", f"redcap_ro:{url_password()}"), h=ip(kind="private"), p2=pw(), p3=pw(style="random"))
    elif v == 3:
        s = STU_LATIN()
        p = T("R script from ⟦n⟧'s thesis repo (⟦e⟧):\ncon <- dbConnect(RPostgres::Postgres(), host = \"⟦h⟧\", dbname = \"biobank\",\n"
              "                 user = \"⟦u⟧\", password = \"⟦p⟧\")\nsamples <- dbGetQuery(con, \"SELECT * FROM aliquot WHERE barcode = '⟦bc⟧'\")",
              n=per(s), e=mail(f"{s.local}@student.tarrowmere.edu"), h=ip(kind="private"), u=re.sub(r"[^a-z]", "", fold(s.given))[:1] + "_ro" + rd(2), p=pw(), bc=L_barcode())
    else:
        p = T("psql one-liner in the wiki: PGPASSWORD='⟦p⟧' psql -h ⟦h⟧ -U lims_admin -d lims -c \"\\copy samples TO 'samples.csv' CSV HEADER\" "
              "(dataset checksum ⟦sha⟧)",
              p=pw(), h=ip(kind="private"), sha=L_sha())
    return emit(ctx, p)


def en_grant_mail(i):
    ctx = Ctx("grant / orcid email")
    if i % 2 == 0:
        st = ctx.staff()
        x = EXT()
        p = T("From: Research Grants Office <⟦g⟧>\nTo: ⟦st⟧ <⟦stm⟧>\nCc: ⟦x⟧ <⟦xe⟧>\nSubject: Award letter ⟦grant⟧ — co-investigator details\n\n"
              "Dear ⟦st2⟧,\nThe funder asks for the ORCID iDs of all investigators: yours (⟦o1⟧) and ⟦x2⟧'s (⟦o2⟧). The award starts on ⟦date⟧; "
              "budget code ⟦cc⟧.\nPlease reply by Friday.\nGrants Office, tel. ⟦gp⟧",
              g=mail("grants@tarrowmere.edu"), st=Lab("person", st["display_name"]), stm=Lab("person", st["email"]), x=per(x),
              xe=mail(x.addr("partner-uni.example")), grant=L_grant(), st2=Lab("person", st["display_name"]), o1=L_orcid(), x2=per(x), o2=L_orcid(),
              date=L_date(), cc=Look(f"R{rd(6)}", "budget code"), gp=tel(phone("GB", "nat", shape=1)))
    else:
        s = STU_LATIN()
        p = T("From: ORCID <⟦no⟧>\nTo: ⟦n⟧ <⟦e⟧>\nSubject: [ORCID] Your record has been updated\n\nDear ⟦n2⟧,\n"
              "Tarrowmere University added an employment affiliation to ORCID record ⟦o⟧ on ⟦date⟧. "
              "If you did not expect this, contact ⟦rc⟧.",
              no=mail("no-reply@notify.orcid.example"), n=per(s), e=mail(f"{s.local}@tarrowmere.edu"), n2=per(s), o=L_orcid(), date=L_date(),
              rc=mail("research.office@tarrowmere.edu"))
    return emit(ctx, p)


INSTRUMENTS = ["Orbitrap Exploris 480", "Titan Krios G4", "NovaSeq 6000", "Zeiss LSM 980", "Bruker AVANCE NEO 600", "BD FACSymphony A5"]


def en_instrument(i):
    ctx = Ctx("instrument pc")
    v = i % 3
    inst = pick(INSTRUMENTS)
    if v == 0:
        p = T("Sticky note photographed on the ⟦inst⟧ acquisition PC (⟦ser⟧, room ⟦room⟧): \"Windows login: labuser / ⟦pw⟧ — do NOT join the domain\". "
              "The PC sits at ⟦ip1⟧ (MAC ⟦m⟧) on the instrument VLAN; vendor remote support uses TeamViewer ID ⟦tv⟧ with password ⟦pw2⟧.",
              inst=inst, ser=L_serial(), room=L_room(), pw=pw(), ip1=ip(kind="private"), m=Lab("mac_address", mac()),
              tv=Look(f"{R.randint(1, 2)} {rd(3)} {rd(3)} {rd(3)}", "TeamViewer ID"), pw2=pw(style="random"))
    elif v == 1:
        p = T("Facility wiki — ⟦inst⟧: service engineer account \"fse\" password is ⟦pw⟧ (changed by ⟦st⟧ after the ⟦date⟧ visit). "
              "Instrument control PC ⟦ip1⟧, storage NAS ⟦ip2⟧, firmware ⟦fw⟧.",
              inst=inst, pw=pw(), st=ctx.name(), date=L_date(), ip1=ip(kind="private"), ip2=ip(kind="private"), fw=L_build_ip())
    else:
        p = T("Instrument network registration: ⟦inst⟧ (⟦ser⟧) — MAC ⟦m1⟧ (onboard), ⟦m2⟧ (10 GbE to storage), fixed IPs ⟦ip1⟧ and ⟦ip6⟧. "
              "Local admin ⟦pw⟧. Responsible: ⟦st⟧, out of hours ⟦sp⟧.",
              inst=inst, ser=L_serial(), m1=Lab("mac_address", mac()), m2=Lab("mac_address", mac("dash")), ip1=ip(kind="private"),
              ip6=Lab("ip_address", ipv6("private")), pw=pw(), st=ctx.name(), sp=tel(phone("GB", pick(["nat", "intl"]), shape=0)))
    return emit(ctx, p)


def en_lab_chat(i):
    ctx = Ctx("lab chat")
    chat = Clock("hm")
    a, b = ctx.staff(), ctx.staff()
    A, B = (lambda: Lab("person", a["display_name"])), (lambda: Lab("person", b["display_name"]))
    v = i % 5
    if v == 0:
        p = T("[⟦t1⟧] ⟦a⟧: the -80 in K2.14 alarmed again, who is on call tonight?\n[⟦t2⟧] ⟦b⟧: me — ring ⟦p⟧ if it goes above -60\n"
              "[⟦t3⟧] ⟦a2⟧: thanks. the NAS admin password is ⟦pw⟧ until Friday, then I'll rotate it",
              t1=chat(60, 400), a=A(), t2=chat(60, 400), b=B(), p=tel(phone("GB", pick(["nat", "intl", "e164"]), shape=0)), t3=chat(60, 400), a2=A(), pw=pw())
    elif v == 1:
        p = T("⟦a⟧ [⟦t1⟧]\n@⟦b⟧ can you put the confocal booking system key in the vault? it's ⟦g⟧ (Google Maps embed for the room finder)\n"
              "⟦b2⟧ [⟦t2⟧]\ndone, and the Slack alert hook for the freezers is ⟦hook⟧",
              a=A(), t1=chat(60, 400), b=B(), g=key("google"), b2=B(), t2=chat(60, 400), hook=key("slack", "hook"))
    elif v == 2:
        s = STU_LATIN()
        p = T("[⟦t1⟧] ⟦a⟧: the new PhD student ⟦n⟧ (⟦e⟧) needs access to the sequencer share\n[⟦t2⟧] ⟦b⟧: added. temp pw ⟦pw⟧, tell them to change it\n"
              "[⟦t3⟧] ⟦a2⟧: their mobile is ⟦p⟧ if you want to text it instead",
              t1=chat(60, 400), a=A(), n=per(s), e=mail(f"{s.local}@student.tarrowmere.edu"), t2=chat(60, 400), b=B(), pw=pw(), t3=chat(60, 400), a2=A(), p=tel(s.tel()))
    elif v == 3:
        p = T("[⟦t1⟧] ⟦a⟧: CI is red because the bot token expired\n[⟦t2⟧] ⟦b⟧: new one: ⟦bot⟧\n[⟦t3⟧] ⟦a2⟧: and the GitHub deploy token for the docs site? "
              "\n[⟦t4⟧] ⟦b2⟧: ⟦gh⟧ — please don't leave it in the channel",
              t1=chat(60, 400), a=A(), t2=chat(60, 400), b=B(), bot=key("slack", "xoxb"), t3=chat(60, 400), a2=A(), t4=chat(60, 400), b2=B(), gh=key("github"))
    else:
        c = Clock("teams")
        p = T("Teams chat export (Cryo-EM facility)\n⟦a⟧ ⟦d⟧ ⟦t1⟧: Krios is down, Thermo engineer arriving 9:00, his number ⟦p1⟧\n"
              "⟦b⟧ ⟦d2⟧ ⟦t2⟧: ok. for the record the EPU PC local admin is ⟦pw⟧ and the Falcon storage server is ⟦ip1⟧\n"
              "⟦a2⟧ ⟦d3⟧ ⟦t3⟧: call me on ⟦p2⟧ if he needs building access",
              a=A(), d=c(60, 600).split()[0], t1=c.t.strftime("%H:%M"), p1=tel(phone(pick(["DE", "GB", "CH"]), "intl")), b=B(),
              d2=c(60, 600).split()[0], t2=c.t.strftime("%H:%M"), pw=pw(), ip1=ip(kind="private"), a2=A(), d3=c(60, 600).split()[0],
              t3=c.t.strftime("%H:%M"), p2=tel(phone("GB", "nat", shape=0)))
    return emit(ctx, p)


class Clock:
    """Timestamps of one log, in order."""

    def __init__(self, fmt):
        self.t = datetime.datetime(2026, 1, 5) + datetime.timedelta(seconds=R.randint(0, 150 * 86400))
        self.fmt = fmt

    def __call__(self, lo=0, hi=40):
        self.t += datetime.timedelta(seconds=R.randint(lo, hi), microseconds=R.randint(0, 999999))
        if self.fmt == "gh":
            return self.t.strftime("%Y-%m-%dT%H:%M:%S.%f") + rd(1) + "Z"
        if self.fmt == "syslog":
            return f"{self.t:%b} {self.t.day:>2} {self.t:%H:%M:%S}"
        if self.fmt == "teams":
            return self.t.strftime("%d/%m/%Y %H:%M")
        return self.t.strftime("%H:%M")


def en_ci(i):
    ctx = Ctx("ci log")
    v = i % 3
    if v == 0:
        p = T("GitLab CI job #⟦job⟧ (thesis-pipeline, runner rcc-runner-3)\n$ pip install -r requirements.txt --extra-index-url https://⟦uc⟧@nexus.tarrowmere.internal/repository/pypi/simple\n"
              "$ curl -sS --header \"PRIVATE-TOKEN: ⟦gl⟧\" https://gitlab.tarrowmere.edu/api/v4/projects/88/releases\n$ export HUGGING_FACE_HUB_TOKEN=⟦hf⟧\n"
              "Job succeeded",
              job=L_job(), uc=Lab("url_credentials", f"ci-reader:{url_password()}"), gl=key("gitlab"), hf=key("huggingface"))
    elif v == 1:
        p = T("⟦t1⟧ ##[group]Run npm publish\n⟦t2⟧ npm notice Publishing to https://registry.npmjs.org/ with tag latest\n"
              "⟦t3⟧ npm verb config //registry.npmjs.org/:_authToken=⟦npm⟧\n⟦t4⟧ ##[error]403 Forbidden — token ⟦npm2⟧ lacks publish rights\n"
              "⟦t5⟧ ##[endgroup]",
              t1=(c := Clock("gh"))(), t2=c(), t3=c(), npm=Lab("api_key/npm", (nt := tok("npm"))), t4=c(), npm2=Lab("api_key/npm", nt), t5=c())
    else:
        p = T("Jenkins console (docs-build #⟦n⟧):\n+ docker login -u tmu-ci -p ⟦pw⟧ registry.tarrowmere.internal\nWARNING! Using --password via the CLI is insecure.\n"
              "+ twine upload -u __token__ -p ⟦pt⟧ dist/*\n+ curl -u ⟦svc⟧:⟦at⟧ https://tarrowmere.atlassian.example/rest/api/3/issue/RCC-⟦k⟧/comment",
              n=str(R.randint(100, 999)), pw=pw(style="random"), pt=key("pypi"), svc=mail("svc-jira@tarrowmere.edu"), at=key("atlassian"), k=str(R.randint(100, 9999)))
    return emit(ctx, p)


def en_env(i):
    ctx = Ctx(".env file")
    v = i % 4
    if v == 0:
        p = T("# .env — admissions portal (apply.tarrowmere.edu)\nAPP_ENV=production\nAPP_KEY=base64:⟦ak⟧\nDB_HOST=⟦h⟧\nDB_DATABASE=admissions\nDB_USERNAME=apply\n"
              "DB_PASSWORD=⟦dbp⟧\nMAIL_FROM_ADDRESS=⟦fr⟧\nSENDGRID_API_KEY=⟦sg⟧\nSTRIPE_SECRET=⟦sk⟧\nSTRIPE_WEBHOOK_SECRET=⟦wh⟧",
              ak=pw(b64(R.randbytes(32))), h=ip(kind="private"), dbp=pw(), fr=mail("admissions@tarrowmere.edu"), sg=key("sendgrid"),
              sk=key("stripe", "sk"), wh=key("stripe", "whsec"))
    elif v == 1:
        p = T("# .env — research dashboard (Django)\nDEBUG=False\nSECRET_KEY=⟦sk⟧\nDATABASE_URL=postgres://⟦uc⟧@⟦h⟧:5432/dashboard\nREDIS_URL=rediss://⟦rc⟧@cache.tarrowmere.internal:6380/0\n"
              "OPENAI_API_KEY=⟦oa⟧\nSENTRY_ENVIRONMENT=prod\nADMINS=⟦adm⟧",
              sk=pw(rs(B62 + "!@#%^&*(-_=+)", 50)), uc=Lab("url_credentials", f"dash:{url_password()}"), h=ip(kind="private"),
              rc=Lab("url_credentials", f":{url_password()}"), oa=key("openai"), adm=Lab("person", ctx.staff()["email"]))
    elif v == 2:
        p = T("# .env — TM Press web shop sync\nSHOPIFY_ADMIN_TOKEN=⟦shp⟧\nSHOPIFY_STORE=tmpress-shop\nDIGITALOCEAN_TOKEN=⟦do⟧\nSPACES_KEY=⟦spk⟧\nSPACES_SECRET=⟦sps⟧\n"
              "NOTIFY_EMAIL=⟦ne⟧",
              shp=key("shopify"), do=key("digitalocean"), spk=Look(rs(UP + DIG, 20), "Spaces access key id"), sps=pw(rs(B64, 43)),
              ne=mail("webshop@tmpress.org"))
    else:
        p = T("# .env — incubator lab-booking API\nJWT_SIGNING_SECRET=⟦js⟧\nANTHROPIC_API_KEY=⟦an⟧\nTWILIO_ACCOUNT_SID=⟦ac⟧\nTWILIO_AUTH_TOKEN=⟦tw⟧\n"
              "GITHUB_TOKEN=⟦gh⟧\nADMIN_CONTACT=⟦adm⟧",
              js=pw(rs(B62, 48)), an=key("anthropic"), ac=Look("AC" + rhex(32), "Twilio account SID (identifier)"),
              tw=Lab("api_key/twilio", tok("twilio", "auth")), gh=key("github", "ghs"), adm=Lab("person", ctx.staff()["email"]))
    return emit(ctx, p)


# --- English lines: tokens, keys, logs, runbooks ---------------------------------------------

ISS = "https://sso.tarrowmere.edu/realms/tarrowmere"


def epoch():
    return 1767225600 + R.randint(0, 120 * 86400)


def access_jwt(email=None, alg="RS256", aud="student-api"):
    t = epoch()
    claims = {"exp": t + 300, "iat": t, "jti": uuid(), "iss": ISS, "aud": aud, "sub": uuid(), "typ": "Bearer",
              "azp": pick(["jupyterhub", "moodle", "admissions-portal", "kelda-ood"]), "scope": "openid email profile"}
    if email:
        claims["email"] = email
    return jwt(claims, alg, kid=rs(B64U, 43) if alg == "RS256" else None)


def en_jwt(i):
    ctx = Ctx("jwt")
    v = i % 5
    if v == 0:
        p = T("Student API returns 401 for the timetable app; request copied from the browser:\n"
              "curl -s 'https://api.tarrowmere.edu/v1/students/⟦sid⟧/timetable?week=⟦wk⟧' -H 'Authorization: Bearer ⟦j⟧' -H 'Accept: application/json'\n"
              "(⟦st⟧: token is expired anyway, but don't paste them)",
              sid=L_sid(), wk=str(R.randint(1, 12)), j=Lab("jwt", access_jwt()), st=ctx.name())
    elif v == 1 and i % 2 == 0:
        p = T("Shibboleth IdP OIDC token response (idp.tarrowmere.edu/idp/profile/oidc/token), copied from the browser console by ⟦st⟧:\n"
              "{\"access_token\":\"⟦a⟧\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"scope\":\"openid email eduperson_entitlement\",\"id_token\":\"⟦idt⟧\"}",
              st=ctx.name(), a=pw("AAdzZWNyZXQ" + rs(B64U, 160)),
              idt=Lab("jwt", jwt({"iss": "https://idp.tarrowmere.edu", "aud": "jupyterhub", "sub": rhex(32) + "@tarrowmere.edu".replace("@", "_at_"),
                                  "exp": epoch(), "iat": epoch(), "nonce": rs(B64U, 22)}, "RS256", kid="defaultRSASign")))
    elif v == 1:
        p = T("Keycloak token response captured while debugging the Open OnDemand login:\n"
              "{\"access_token\":\"⟦a⟧\",\"expires_in\":300,\"refresh_expires_in\":1800,\"refresh_token\":\"⟦r⟧\",\"token_type\":\"Bearer\","
              "\"id_token\":\"⟦idt⟧\",\"not-before-policy\":0,\"session_state\":\"⟦ss⟧\",\"scope\":\"openid email profile\"}",
              a=Lab("jwt", access_jwt(aud="kelda-ood")), r=Lab("jwt", jwt({"exp": epoch(), "iat": epoch(), "jti": uuid(), "iss": ISS, "aud": ISS, "typ": "Refresh", "sid": uuid()}, "HS512")),
              idt=Lab("jwt", access_jwt(aud="kelda-ood")), ss=L_uuid("Keycloak session_state"))
    elif v == 2:
        s = STU_LATIN()
        addr = f"{s.local}@student.tarrowmere.edu"
        p = T("HAR excerpt attached by ⟦st⟧ (login loop on the exam portal):\n"
              "{\"request\": {\"method\": \"POST\", \"url\": \"https://sso.tarrowmere.edu/realms/tarrowmere/protocol/openid-connect/token\",\n"
              " \"headers\": [{\"name\": \"Content-Type\", \"value\": \"application/x-www-form-urlencoded\"}],\n"
              " \"postData\": {\"text\": \"grant_type=password&client_id=exam-portal&username=⟦e⟧&password=⟦pw⟧\"}},\n"
              " \"response\": {\"status\": 200, \"content\": {\"text\": \"{\\\"access_token\\\":\\\"⟦a⟧\\\",\\\"token_type\\\":\\\"Bearer\\\"}\"}}}",
              st=ctx.name(), e=mail(addr), pw=pw(), a=Lab("jwt", access_jwt(addr)))
    elif v == 3:
        p = T("kubeconfig handed to the MSc project group (namespace msc-⟦mod⟧):\napiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
              "    certificate-authority-data: ⟦ca⟧\n    server: https://⟦ip1⟧:6443\n  name: teaching\nusers:\n- name: msc-student\n  user:\n    token: ⟦t⟧",
              mod=L_mod(), ca=Look(b64(R.randbytes(90)), "base64 CA certificate data"), ip1=ip(kind="private"),
              t=Lab("jwt", jwt({"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "msc", "sub": "system:serviceaccount:msc:msc-student"}, "RS256", kid=rs(B64U, 43))))
    else:
        s = STU_LATIN()
        p = T("LTI 1.3 launch logged in plain text by the plagiarism tool (reported by ⟦n⟧, ⟦e⟧):\n"
              "POST /lti/launch id_token=⟦j⟧&state=⟦state⟧",
              n=per(s), e=mail(s.addr("student.tarrowmere.edu")), j=Lab("jwt", access_jwt(aud="10000000000" + rd(3))),
              state=Look(rs(B62, 16), "OAuth state"))
    return emit(ctx, p)


def en_pem(i):
    ctx = Ctx("private key")
    v = i % 3
    if v == 0:
        kind = pick(["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY"])
        p = T("Deploy key of the docs-site pipeline, pasted into RCC-⟦k⟧ by mistake (⟦st⟧ has rotated it):\n⟦key⟧",
              k=str(R.randint(100, 9999)), st=ctx.name(), key=Lab("private_key", pem(kind)))
    elif v == 1:
        proj = f"tmu-research-{rd(6)}"
        p = T("Service-account key found in a public notebook:\n{\n  \"type\": \"service_account\",\n  \"project_id\": \"⟦proj⟧\",\n  \"private_key_id\": \"⟦kid⟧\",\n"
              "  \"private_key\": \"⟦key⟧\\n\",\n  \"client_email\": \"⟦ce⟧\",\n  \"client_id\": \"⟦cid⟧\"\n}",
              proj=proj, kid=Look(rhex(40), "private_key_id"), key=Lab("private_key", pem("PRIVATE KEY", escaped=True)),
              ce=mail(f"bq-export@{proj}.iam.gserviceaccount.com"), cid=Look("1" + rd(20), "client_id"))
    else:
        p = T("TLS for jupyter.tarrowmere.edu — ⟦st⟧ pasted both files into the change ticket:\n⟦cert⟧\n⟦key⟧",
              st=ctx.name(), cert=L_cert(), key=Lab("private_key", pem("EC PRIVATE KEY")))
    return emit(ctx, p)





def en_dhcp(i):
    ctx = Ctx("dhcp / network log")
    if i % 2 == 0:
        m, relay, addr = mac("colon"), ipv4("private"), ipv4("private")
        host = "DESKTOP-" + rs(UP + DIG, 7)
        dhcp_time = Clock("syslog")
        p = T("Lab PC keeps losing its address (ticket by ⟦st⟧):\n⟦t1⟧ dhcp01 dhcpd[2211]: DHCPDISCOVER from ⟦m1⟧ via ⟦r1⟧\n"
              "⟦t2⟧ dhcp01 dhcpd[2211]: DHCPOFFER on ⟦a1⟧ to ⟦m2⟧ (⟦h⟧) via ⟦r2⟧\n⟦t3⟧ dhcp01 dhcpd[2211]: DHCPREQUEST for ⟦a2⟧ (⟦srv⟧) from ⟦m3⟧ (⟦h2⟧) via ⟦r3⟧\n"
              "⟦t4⟧ dhcp01 dhcpd[2211]: DHCPACK on ⟦a3⟧ to ⟦m4⟧ (⟦h3⟧) via ⟦r4⟧",
              st=ctx.name(), t1=dhcp_time(), m1=Lab("mac_address", m), r1=ip(relay), t2=dhcp_time(), a1=ip(addr), m2=Lab("mac_address", m), h=host,
              r2=ip(relay), t3=dhcp_time(), a2=ip(addr), srv=ip(kind="private"), m3=Lab("mac_address", m), h2=host, r3=ip(relay), t4=dhcp_time(),
              a3=ip(addr), m4=Lab("mac_address", m), h3=host, r4=ip(relay))
    else:
        p = T("$ ip neigh show dev ens1f0 (storage VLAN, gpu07)\n⟦a1⟧ lladdr ⟦m1⟧ REACHABLE\n⟦a2⟧ lladdr ⟦m2⟧ STALE\n⟦a3⟧ lladdr ⟦m3⟧ DELAY\n"
              "⟦a4⟧ lladdr ⟦m4⟧ router REACHABLE",
              a1=ip(kind="private"), m1=Lab("mac_address", mac("colon")), a2=ip(kind="private"), m2=Lab("mac_address", mac("colon")),
              a3=Lab("ip_address", ipv6("private")), m3=Lab("mac_address", mac("colon")), a4=ip(kind="private"), m4=Lab("mac_address", mac("colon")))
    return emit(ctx, p)


VENDOR_LINES = {
    "github": "Secret-scanning alert: a GitHub token ⟦t⟧ was committed to the thesis repo by ⟦n⟧ (⟦e⟧). Revoked by ⟦st⟧.",
    "gitlab": "The mirror job authenticates with ⟦t⟧ — a personal token of ⟦st⟧; replace it with a project token.",
    "atlassian": "Jira automation rule \"sync RCC tickets\" uses the API token ⟦t⟧ of ⟦st⟧; move it to a service account.",
    "digitalocean": "Summer-school droplets were created with ⟦t⟧; the course is over, please revoke (⟦st⟧).",
    "hashicorp": "~/.terraformrc on the RSE laptop:\ncredentials \"app.terraform.io\" {\n  token = \"⟦t⟧\"\n}\n(owner ⟦st⟧)",
    "huggingface": "The gated-model download in the ⟦mod⟧ practical used ⟦st⟧'s Hugging Face token ⟦t⟧ — students could see it.",
    "slack": "The room-booking bot posts with the user token ⟦t⟧ (belongs to ⟦st⟧).",
    "anthropic": "Marking-assistant pilot: API key ⟦t⟧ is in the shared notebook; budget holder ⟦st⟧.",
    "openai": "Found in the public course repo: openai.api_key = \"⟦t⟧\" (committed by ⟦n⟧, ⟦e⟧).",
    "pypi": "Release of tmu-geotools ⟦ver⟧ failed: the upload token ⟦t⟧ was scoped to another project. Maintainer ⟦st⟧.",
    "google": "Campus map embed key ⟦t⟧ has no referrer restriction — ⟦st⟧ to lock it to *.tarrowmere.edu.",
    "azure": "Lecture-capture archive: storage account tmulecturecap, key1 = ⟦t⟧ (rotated by ⟦st⟧ on ⟦date⟧).",
    "npm": "The @tarrowmere/ui package was published with ⟦t⟧ from ⟦st⟧'s laptop.",
    "sendgrid": "Alumni newsletter tool still has ⟦t⟧ hard-coded; contact ⟦st⟧.",
    "shopify": "Press shop inventory sync token ⟦t⟧ leaked in a screenshot; ⟦st⟧ has rotated it.",
    "stripe": "TarrowmereX billing: restricted key ⟦t⟧ was shared over e-mail with the agency by ⟦st⟧.",
    "twilio": "Emergency-alert SMS (Twilio) auth token ⟦t⟧ — owner ⟦st⟧, used for campus lockdown texts.",
    "aws": "AWS key ⟦t⟧ for the genomics bucket appeared in a student's public repo (⟦n⟧, ⟦e⟧).",
}
VENDOR_CYCLE = Cycle(VENDORS)


def en_vendor(i):
    vendor = VENDOR_CYCLE()
    ctx = Ctx("vendor token")
    tmpl = VENDOR_LINES[vendor]
    variant = {"stripe": "rk", "twilio": "auth", "slack": "xoxp"}.get(vendor)
    parts = dict(t=key(vendor, variant))
    if "⟦n⟧" in tmpl:
        s = STU_LATIN()
        parts.update(n=per(s), e=mail(s.addr()))
    if "⟦st⟧" in tmpl:
        parts["st"] = ctx.name()
    for k, fn in (("mod", L_mod), ("ver", L_version), ("date", L_date)):
        if f"⟦{k}⟧" in tmpl:
            parts[k] = fn()
    return emit(ctx, T(tmpl, **parts))


def en_runbook(i):
    ctx = Ctx("confluence runbook")
    v = i % 3
    if v == 0:
        p = T("h1. Runbook — Kelda scheduler failover\nh2. Break-glass\n* slurmctld backup: ⟦ip1⟧\n* IPMI: user ADMIN, password ⟦pw1⟧\n"
              "* slurmdbd MariaDB (slurm_acct): ⟦pw2⟧\nh2. Escalation\n# ⟦st1⟧ — ⟦p1⟧\n# ⟦st2⟧ — ⟦p2⟧\n# Vendor hardware support: ⟦vp⟧, contract ⟦c⟧",
              ip1=ip(kind="private"), pw1=pw(style="random"), pw2=pw(), st1=ctx.name(), p1=tel(phone("GB", pick(["nat", "intl"]), shape=0)),
              st2=ctx.name(), p2=tel(phone("GB", "e164", shape=0)), vp=tel(phone(pick(["GB", "DE", "IE"]), "intl")), c=Look(f"CTR-{rd(8)}", "support contract"))
    elif v == 1:
        p = T("h1. Clearing hotline — set-up checklist\n* Public hotline: ⟦h1⟧ (international: ⟦h2⟧)\n* Call-centre softphone admin: ⟦pw⟧\n"
              "* Supervisors on the floor: ⟦st1⟧ (⟦p1⟧) and ⟦st2⟧\n* Wallboard at ⟦ip1⟧ — kiosk PIN is changed daily (not recorded here)",
              h1=tel(phone("GB", "nat", shape=1)), h2=tel(phone("GB", "intl", shape=1)), pw=pw(), st1=ctx.name(),
              p1=tel(phone("GB", "nat", shape=0)), st2=ctx.name(), ip1=ip(kind="private"))
    else:
        p = T("h1. Moodle restore from backup\n# Stop cron on learn-app0[1-3]\n# {{pg_restore -h ⟦h⟧ -U moodle_admin -d moodle}} (password ⟦pw⟧)\n"
              "# Re-point the object store: S3 key ⟦ak⟧, secret ⟦sk⟧\n# Tell ⟦st⟧ when done (⟦p⟧)",
              h=ip(kind="private"), pw=pw(), ak=key("aws"), sk=key("aws", "secret"), st=ctx.name(), p=tel(phone("GB", "intl", shape=0)))
    return emit(ctx, p)


def en_notebook(i):
    ctx = Ctx("research notebook")
    v = i % 3
    if v == 0:
        p = T("Cell from the shared analysis notebook (.ipynb JSON):\n{\"cell_type\": \"code\", \"source\": [\"import anthropic\\n\", "
              "\"client = anthropic.Anthropic(api_key=\\\"⟦an⟧\\\")\\n\", \"resp = client.messages.create(model=MODEL, max_tokens=800, messages=msgs)\"]}",
              an=key("anthropic"))
    elif v == 1:
        s = STU_LATIN()
        p = T("⟦n⟧ (⟦e⟧) shared a Colab link with the whole cohort; first cell:\nfrom huggingface_hub import login\nlogin(token=\"⟦hf⟧\")\n"
              "import openai\nopenai.api_key = \"⟦oa⟧\"",
              n=per(s), e=mail(s.addr("student.tarrowmere.edu")), hf=key("huggingface"), oa=key("openai"))
    else:
        p = T("Notebook output cell still shows the credentials dict:\n{'host': '⟦h⟧', 'port': 5432, 'user': 'cohort_rw', 'password': '⟦pw⟧', "
              "'sslmode': 'require'}\nDataset ⟦doi⟧, checksum ⟦sha⟧.",
              h=ip(kind="private"), pw=pw(), doi=L_doi(), sha=L_sha())
    return emit(ctx, p)


def en_sms(i):
    ctx = Ctx("sms gateway export")
    people = []
    while len(people) < 4:
        s = STU()
        if s not in people:
            people.append(s)
    nums = [phone(s.country, "bare", 0) for s in people]
    clock = Clock("gh")
    rows = []
    order = [0, 1, 2, 3, 0, 2] if i % 2 == 0 else [0, 1, 2, 3, 1]
    for k, idx in enumerate(order):
        direction = "out" if k < 4 else "in"
        body = pick(["EXAM_REMINDER", "ROOM_CHANGE", "RESULTS_OUT"]) if direction == "out" else pick(["\"STOP\"", "\"which room?\"", "\"ok thx\""])
        status = pick(["delivered", "delivered", "failed", "queued"]) if direction == "out" else "received"
        rows.append([clock(1, 300)[:-9] + "Z", ",", direction, ",", tel(nums[idx]), ",", body, ",", status])
    p = ["SMS gateway export (exam-day alerts, sender short code 60777), pulled by ", ctx.name(), ":\ntimestamp,direction,msisdn,template,status"]
    for row in rows:
        p += ["\n"] + row
    return emit(ctx, p)


CARD_BRAND_CYCLE = Cycle(list(CARD_BRANDS))


def en_chargeback(i):
    ctx = Ctx("chargeback export")
    p = ["TM Press shop — chargeback file from the acquirer (PANs unmasked, delete after import; owner ", ctx.name(), ")\n",
         "case_id,pan,amount,currency,reason_code,customer_email"]
    for _ in range(R.randint(3, 5)):
        s = STU_LATIN()
        p += ["\n", Look(f"CB{rd(9)}", "chargeback case id"), ",", Lab("credit_card", card_number(CARD_BRAND_CYCLE())), ",",
              f"{R.randint(12, 180)}.{pick(['00', '49', '99'])}", ",", pick(["GBP", "EUR", "USD"]), ",", pick(["10.4", "13.1", "4837", "4853", "13.7"]), ",",
              mail(s.addr())]
    return emit(ctx, p)


# --- negative lines: hard look-alikes of the domain ------------------------------------------


def L(v, note):
    return Look(v, note)


def md5():
    return Look(rhex(32), "MD5 checksum")


def neg_citation():
    return T("Cite as: Tarrowmere Genomics Consortium (2026). Coastal microbiome atlas, v⟦v⟧. doi:⟦doi⟧. Preprint ⟦doi2⟧; "
             "PMID ⟦pmid⟧ (⟦pmcid⟧); corresponding-author ORCID ⟦o⟧.",
             v=L_version(), doi=L_doi(), doi2=L_doi(), pmid=L_pmid(), pmcid=L_pmcid(), o=L_orcid())


def neg_grant_table():
    rows = "".join(f"|⟦g{k}⟧|{pick(['UKRI', 'Wellcome', 'Horizon Europe', 'NIH', 'ERC', 'Leverhulme'])}|⟦d{k}⟧|⟦e{k}⟧|⟦c{k}⟧|\n" for k in range(3))
    parts = {}
    for k in range(3):
        parts.update({f"g{k}": L_grant(), f"d{k}": L_date(), f"e{k}": L_date(), f"c{k}": Look(f"R{rd(6)}", "budget code")})
    return T("||Grant||Funder||Start||End||Budget code||\n" + rows.rstrip("\n"), **parts)


def neg_timetable():
    h = R.randint(9, 16)
    return T("⟦m⟧ lecture moved to ⟦r⟧, ⟦t1⟧–⟦t2⟧ on ⟦d⟧; lab groups A–D in ⟦r2⟧; ⟦n⟧ students enrolled; module handbook v⟦v⟧.",
             m=L_mod(), r=L_room(), t1=Look(f"{h:02d}:{pick(['00', '10'])}", "time"), t2=Look(f"{h + R.randint(1, 2):02d}:00", "time"),
             d=L_date(), r2=L_room(short=True), n=str(R.randint(18, 240)), v=L_version())


def neg_visa():
    return T("CAS checklist (no action needed): passport ⟦pp⟧ verified against the scan, previous CAS ⟦cas⟧ withdrawn, BRP ⟦brp⟧, "
             "UCAS personal ID ⟦ucas⟧, SEVIS ⟦sev⟧ for the exchange term.",
             pp=L_passport(), cas=L_cas(), brp=L_brp(), ucas=L_ucas(), sev=L_sevis())


def neg_genomics():
    return T("Run ⟦run⟧: samples ⟦b1⟧, ⟦b2⟧, ⟦b3⟧; reference GRCh38.p14, transcript ⟦acc⟧; FASTQ sha256 ⟦sha⟧; mean coverage 38.2×; "
             "variant chr17:7,676,154 G>A in ⟦acc2⟧.",
             run=L_barcode(), b1=L_barcode(), b2=L_barcode(), b3=L_barcode(), acc=L_accession(), sha=L_sha(), acc2=L_accession())


def neg_hpc():
    return T("sacct -j ⟦j⟧ --format=JobID,State,Elapsed,MaxRSS → COMPLETED 12:04:33 118G on gpu07; Slurm ⟦v1⟧, CUDA ⟦v2⟧, driver build ⟦b⟧; "
             "Jupyter listens on ⟦any⟧:8888, reach it via ssh -L 8888:⟦lo⟧:8888 login1.",
             j=L_job(), v1=L_version(), v2=L_version(), b=L_build_ip(), any=Look("0.0.0.0", "unspecified address"), lo=Look("127.0.0.1", "loopback"))


def neg_placeholders():
    app = pick(["jhub", "redcap", "moodle", "admissions-portal", "lims", "press-shop", "kelda-ood"])
    return T("⟦app⟧ chart defaults (fill from Vault, never commit): ⟦k1⟧=⟦a⟧, client_secret: ⟦b⟧, api_key: \"⟦c⟧\", "
             "LTI shared secret ⟦d⟧, Stripe key ⟦e⟧ (chart ⟦v⟧).",
             app=app, k1=pick(["DB_PASSWORD", "PGPASSWORD", "REDIS_PASSWORD", "LDAP_BIND_PW"]),
             a=Look(pick(["${DB_PASSWORD}", "${PGPASSWORD}", "$(cat /run/secrets/db)", "${REDIS_PASS:?unset}"]), "placeholder"),
             b=Look(pick(["<from-vault>", "<client-secret>", "{{ .Values.oauth.secret }}", "REPLACE_ME"]), "placeholder"),
             c=Look(pick(["${{ secrets.OPENAI_KEY }}", "${{ secrets.HF_TOKEN }}", "<your-api-key>", "%(API_KEY)s"]), "placeholder"),
             d=Look(pick(["<shared-secret>", "********", "(set in Moodle admin)"]), "placeholder"),
             e=Look(pick(["sk_live_" + "x" * 24, "sk_live_…", "rk_live_<redacted>"]), "placeholder (vendor shape)"), v=L_version())


def neg_masked():
    return T("Refund issued to the card ⟦c⟧ and, for the balance, to IBAN ⟦i⟧; the student confirmed the last four digits by phone. Ref ⟦r⟧.",
             c=L_masked_card(), i=L_masked_iban(pick(list(IBAN_LEN))), r=L_ref())


def neg_library():
    return T("Borrower barcode ⟦b⟧ — 3 items overdue: ISBN ⟦i1⟧, ISBN ⟦i2⟧, journal ISSN ⟦s⟧; shelfmark QH447 .T37 2024; fine capped at £12.00.",
             b=L_libcard(), i1=L_isbn(), i2=L_isbn(), s=Look(issn(), "ISSN"))


def neg_equipment():
    oui = pick(OUIS).upper()
    return T("Asset ⟦a⟧: vendor OUI ⟦o⟧ (masked MAC ⟦mm⟧), interface id (EUI-64) ⟦eui⟧, firmware ⟦fw⟧, calibration due ⟦d⟧.",
             a=L_serial(), o=Look(oui, "OUI"), mm=Look(oui + ":**:**:**", "masked MAC"),
             eui=Look("-".join(rhex(2, True) for _ in range(8)), "EUI-64 (not a MAC)"), fw=L_build_ip(), d=L_date())


def neg_keys_public():
    return T("Add this public key to the rcc-deploy account: ⟦k⟧ (fingerprint ⟦f⟧). The host key of login1 is ⟦f2⟧.",
             k=L_sshpub(), f=L_fingerprint(), f2=L_fingerprint())


def neg_cert():
    return T("Intermediate certificate for the RADIUS servers (public, safe to share):\n⟦c⟧\nSerial ⟦s⟧, valid until ⟦d⟧.",
             c=L_cert(), s=Look(":".join(rhex(2, True) for _ in range(16)), "certificate serial"), d=L_date())


def neg_dates():
    return T("Exam board meets ⟦d1⟧ at ⟦t1⟧ BST; provisional marks released ⟦d2⟧ at ⟦t2⟧; resit window ⟦d3⟧ – ⟦d4⟧ (semester 2, week 7).",
             d1=L_date(), t1=L_time(), d2=L_date(), t2=L_time(), d3=L_date(), d4=L_date())


def neg_phone_like():
    return T("Security: internal extension 4471 or short code 2222 from any campus phone; conference PIN ⟦pin⟧#; UCAS ID ⟦u⟧; HESA ⟦h⟧; "
             "ticket ⟦t⟧.",
             pin=Look(f"{rd(3)} {rd(3)} {rd(2)}", "conference PIN"), u=L_ucas(), h=L_hesa(), t=Look(f"RCC-{rd(4)}", "ticket key"))


def neg_policy():
    return T("Passwords must be at least ⟦n⟧ characters and are never sent by e-mail; eduroam uses ⟦eap⟧ with outer identity ⟦realm⟧; "
             "staff reset theirs at https://id.tarrowmere.edu/⟦path⟧ (MFA required, lockout after ⟦k⟧ attempts).",
             n=str(R.randint(12, 16)), eap=pick(["PEAP/MSCHAPv2", "EAP-TTLS/PAP", "EAP-TLS"]), realm=Look(REALM, "eduroam realm"),
             path=pick(["reset", "password/reset", "self-service", "account"]), k=str(R.randint(5, 10)))


def neg_orcids():
    return T("Investigators' ORCID iDs for the grant form (public): ⟦o1⟧, ⟦o2⟧, ⟦o3⟧; Scopus author ID ⟦sc⟧; ResearcherID ⟦rid⟧.",
             o1=L_orcid(), o2=L_orcid(), o3=L_orcid(), sc=Look("57" + rd(9), "Scopus author id"), rid=Look(f"{pick(UP)}-{rd(4)}-20{R.randint(10, 25)}", "ResearcherID"))


def neg_dataset():
    return T("Dataset v⟦v⟧ released: sha256 ⟦s⟧, md5 ⟦m⟧, DOI ⟦d⟧, 2.3 TB in 14,220 files; embargo ends ⟦e⟧.",
             v=L_version(), s=L_sha(), m=md5(), d=L_doi(), e=L_date())


def neg_field():
    return T("Field site TMU-07 at ⟦c⟧, elevation 312 m; logger ⟦s⟧ samples every 00:15:00; next visit ⟦d⟧, tide 06:42 (4.1 m).",
             c=L_coord(), s=L_serial(), d=L_date())


def neg_press():
    return T("TM Press spring list: ⟦a⟧ (hbk), ⟦b⟧ (pbk), ⟦c⟧ (ebk); RRP £25.00; publication ⟦d⟧; series ISSN ⟦s⟧.",
             a=L_isbn(), b=L_isbn(), c=L_isbn(), d=L_date(), s=Look(issn(), "ISSN"))


def neg_ci_masked():
    return T("##[group]Run ./deploy.sh\n  env:\n    API_TOKEN: ⟦a⟧\n    DB_PASSWORD: ⟦b⟧\n    SLACK_WEBHOOK: ⟦c⟧\n##[endgroup]\nDeployed jhub chart ⟦v⟧ to teaching-⟦n⟧.",
             a=Look("***", "mask"), b=Look("***", "mask"), c=Look("***", "mask"), v=L_version(), n=str(R.randint(1, 9)))


def neg_terraform():
    db = pick(["lims", "redcap", "moodle", "jhub", "admissions"])
    return T("Outputs:\n\ndb_endpoint = \"⟦db⟧-db.tarrowmere.internal\"\ndb_password = ⟦a⟧\nvault_token = ⟦b⟧\nbucket = \"tmu-⟦db2⟧-⟦n⟧\"\nregion = \"⟦r⟧\"",
             db=db, a=Look("(sensitive value)", "mask"), b=Look("<sensitive>", "mask"), db2=db, n=pick(["raw", "archive", "backups", "exports"]),
             r=pick(["eu-west-2", "eu-west-1", "eu-central-1", "uksouth"]))


def neg_pubmed():
    return T("Related: PMIDs ⟦p1⟧, ⟦p2⟧; GEO GSE⟦g⟧; ArrayExpress E-MTAB-⟦a⟧; UniProt ⟦u⟧; PDB ⟦pdb⟧; ENA ⟦e⟧.",
             p1=L_pmid(), p2=L_pmid(), g=Look(rd(6), "GEO series"), a=Look(rd(5), "ArrayExpress id"), u=Look(f"Q{rd(1)}{rs(UP, 1)}{rd(1)}{rs(UP, 2)}{rd(1)}", "UniProt accession"),
             pdb=Look(f"{R.randint(1, 9)}{rs(UP, 3)}", "PDB id"), e=L_accession())


def neg_keycloak_ids():
    return T("Realm tarrowmere, client jupyterhub (id ⟦c⟧), session ⟦s⟧, JWKS kid ⟦k⟧; token endpoint /protocol/openid-connect/token, "
             "access token lifetime 300 s.",
             c=L_uuid("Keycloak client uuid"), s=L_uuid("Keycloak session id"), k=Look(rs(B64U, 43), "JWKS key id"))


def neg_build_versions():
    return T("Image jhub-singleuser:⟦a⟧ (build ⟦b⟧) replaces ⟦c⟧; base digest sha256:⟦d⟧; nbgrader ⟦e⟧.",
             a=L_version(), b=L_build_ip(), c=L_build_ip(), d=L_sha(), e=L_version())


def neg_marks_csv():
    rows = "\n".join(f"⟦s{k}⟧,⟦m{k}⟧,{R.randint(35, 88)},{pick(['P', 'P', 'F', 'D'])}" for k in range(5))
    parts = {}
    for k in range(5):
        parts[f"s{k}"] = L_sid()
        parts[f"m{k}"] = L_mod()
    return T("Pseudonymised marks for the external examiner:\nstudent_id,module,mark,outcome\n" + rows, **parts)


def neg_fees():
    return T("Tuition fees 2026/27: £9,535 (home), £28,450 (international), deposit £2,000; instalments on ⟦a⟧, ⟦b⟧ and ⟦c⟧; "
             "late-payment charge £50 after 14 days.",
             a=L_date(), b=L_date(), c=L_date())


def neg_samplesheet():
    rows = "\n".join(f"⟦b{k}⟧,{rs('ACGT', 8)},{rs('ACGT', 8)},⟦g{k}⟧" for k in range(4))
    parts = {}
    for k in range(4):
        parts[f"b{k}"] = L_barcode()
        parts[f"g{k}"] = L_grant()
    return T("[Data]\nSample_ID,I7_Index,I5_Index,Project\n" + rows, **parts)


def neg_hesa_luhn():
    return T("HESA return check: instance ⟦h⟧ (HUSID), library barcode ⟦b⟧, student ⟦s⟧, course ⟦c⟧ — all valid, no PII in this extract.",
             h=L_hesa(), b=L_libcard(), s=L_sid(), c=Look(f"C{rd(4)}-{R.randint(1, 9)}", "course code"))


def neg_orcid_luhn():
    # ORCID iDs written 4-4-4-4 look like card numbers; keep drawing until one is Luhn-valid by chance.
    while True:
        o = orcid_value()
        if o[-1] != "X" and luhn_ok(o.replace("-", "")):
            break
    return T(pick(["ORCID ⟦o⟧ is already linked to this staff record; nothing to change.",
                   "Please add ORCID ⟦o⟧ to the author page of the new monograph.",
                   "The HR system rejected ORCID ⟦o⟧ as a \"duplicate\" — it belongs to the same researcher, merge the records."]),
             o=Look(o, "ORCID iD (Luhn-valid by chance)"))


NEGATIVES = [neg_citation, neg_grant_table, neg_timetable, neg_visa, neg_genomics, neg_hpc, neg_placeholders, neg_masked,
             neg_library, neg_equipment, neg_keys_public, neg_cert, neg_dates, neg_phone_like, neg_policy, neg_orcids,
             neg_dataset, neg_field, neg_press, neg_ci_masked, neg_terraform, neg_pubmed, neg_keycloak_ids,
             neg_build_versions, neg_marks_csv, neg_fees, neg_samplesheet, neg_hesa_luhn, neg_orcid_luhn]


# --- assembly -------------------------------------------------------------------------------

ENGLISH = [
    (en_refund, 10), (en_scholarship, 7), (en_card_chat, 8), (en_sponsor, 10), (en_appeal, 6), (en_wellbeing, 8),
    (en_library, 5), (en_admissions, 9), (en_email, 11), (en_vcard, 6), (en_csv, 9), (en_jira_table, 6), (en_press, 7),
    (en_incubator, 6), (en_online, 7),
    (en_eduroam, 6), (en_radius, 7), (en_ldap, 10), (en_slurm, 9), (en_hpc, 9), (en_pkgconf, 9), (en_jhub, 5),
    (en_k8s, 7), (en_lms, 7), (en_redcap, 9), (en_grant_mail, 6), (en_instrument, 7), (en_lab_chat, 10), (en_ci, 8),
    (en_env, 9), (en_jwt, 11), (en_pem, 7), (en_dhcp, 6), (en_vendor, 18), (en_runbook, 6), (en_notebook, 5), (en_sms, 3), (en_chargeback, 3),
]
ENGLISH_NEGATIVES = 114


def build():
    for code in LANGS:
        lang_lines(code)
    for fn, count in ENGLISH:
        for i in range(count):
            fn(i)
    negs = Cycle(NEGATIVES)
    for i in range(ENGLISH_NEGATIVES):
        fn = negs()
        ctx = Ctx("negative: " + fn.__name__[4:].replace("_", " "))
        emit(ctx, fn(), neg=True, extra_people=R.choice([0, 0, 1]))


def lint(lines):
    for meta, record in lines:
        if meta["looks"]:
            print(f"{record['id']} [{meta['lang']}] {meta['cat']}:")
            for _, _, look in meta["looks"]:
                shapes = sorted({shape for shape, _, _ in scans(look.value)})
                value = look.value if len(look.value) < 90 else look.value[:60] + "…"
                print(f"    {value!r}: {look.note}" + (f" [shapes: {', '.join(shapes)}]" if shapes else ""))


def summary(lines):
    kinds = Counter(s["kind"] for _, r in lines for s in r["spans"])
    negatives = sum(1 for _, r in lines if not r["spans"])
    langs = Counter(m["lang"] for m, _ in lines)
    cats = Counter(m["cat"] if not m["cat"].startswith("negative") else "negative" for m, _ in lines)
    print(f"{OUT.name}: {len(lines)} lines, {sum(kinds.values())} labelled spans, {negatives} negative lines, "
          f"{sum(len(r['text'].encode()) for _, r in lines) / 1e3:.0f} kB")
    print("spans per kind:")
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<24}{n:>5}")
    print("languages (lines): " + ", ".join(f"{'English' if k == 'en' else LANGS[k]['name']} {n}" for k, n in langs.most_common()))
    print("categories (lines): " + ", ".join(f"{k} {n}" for k, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0]))))


def main():
    parser = argparse.ArgumentParser(description="Writes heldout11.jsonl, an eleventh held-out redaction evaluation set (see the module docstring).")
    parser.add_argument("--lint", action="store_true", help="also list the look-alikes left unlabelled on purpose")
    args = parser.parse_args()
    build()
    texts = set()
    try:
        for meta, record in BUILT:
            validate(meta, record)
            if record["text"] in texts:
                fail(record, "duplicate text")
            texts.add(record["text"])
    except Invalid as error:
        print(f"invalid line, nothing written:\n{error}", file=sys.stderr)
        return 1
    lines = list(BUILT)
    random.Random(SHUFFLE_SEED).shuffle(lines)
    for n, (_, record) in enumerate(lines, 1):
        record["id"] = f"held11-{n:05d}"
    with open(OUT, "w", encoding="utf-8") as out:
        for _, record in lines:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    # Re-read and check every labelled span against the written file.
    with open(OUT, encoding="utf-8") as written:
        for (meta, _), raw in zip(lines, written):
            rec = json.loads(raw)
            data = rec["text"].encode()
            for (_, _, lab), s in zip(meta["labels"], rec["spans"]):
                assert data[s["start"]:s["end"]].decode() == lab.value and s["kind"] == lab.kind
    if args.lint:
        lint(lines)
    summary(lines)
    return 0


if __name__ == "__main__":
    sys.exit(main())
