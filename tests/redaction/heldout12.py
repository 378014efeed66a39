#!/usr/bin/env python3
r"""Writes heldout12.jsonl: a twelfth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional international law firm and its legal-tech arm holds
("Brackenfold Harrow LLP", offices in London, Dublin, Brussels, Luxembourg, Frankfurt, Paris,
Amsterdam, Oslo, New York, Honolulu, Singapore and Dubai, with a pro-bono legal-aid clinic; its
legal-tech arm Foldline Legal Technologies, which runs the Relativity-style review platform "Sifter",
the client intake portal and the iManage / NetDocuments-style document management system "DocVault";
made-up domains brackenfold.law, foldline.io and bfh.internal, third parties only under reserved
example names: example.com / .net / .org and their subdomains, post.example, inbox.example,
correo.example, courts.example, veritext.example, ...): matter-intake tickets (Jira fields and wiki
tables), conflict-check results, KYC / AML onboarding tables (source-of-funds IBANs, a W-9 SSN for
US clients, portal login IPs), client (trust / escrow) account payment requests, refunds and
ledger batches (prose, CSV, ISO 20022 CdtTrfTxInf XML, a bank-detail-change fraud check, a client's
refund e-mail), retainer card payments pasted into chats and card numbers leaked into a payment
terminal's debug log and an acquirer's chargeback file, court e-filing credentials (a CourtLink /
CE-File-style shared account with a TOTP seed, a PACER-like docket-monitoring login, an EFSP API
call with `curl -u`, a bot's URL credentials), e-discovery workspace configs (Sifter JSON with
processing keys, an SDK snippet, ingest logs, alert webhooks, Azure export storage), DocVault
connection strings and service accounts (ODBC, JDBC, mssql URL, NetDocs-style OAuth secrets,
ldapsearch), Jira automation and REST calls with Atlassian tokens, time-billing WIP exports
(CSV), deposition scheduling e-mails with full headers, quoted replies and signatures, an SMS
reminder gateway export, expert-witness invoices, GDPR subject-access and erasure requests and
redaction logs, litigation-hold notices with custodian lists, whistleblower-hotline case notes,
legal-aid clinic intake notes with emergency contacts' phones, client e-mail threads, vCards,
Slack / Teams pastes, CI logs (GitHub Actions, GitLab, Jenkins, Terraform), .env files, Kubernetes
Secrets, JWTs (curl, Keycloak token responses, HAR, portal logs), pasted private keys (RSA,
OpenSSH, EC, PKCS#8, a GCP service-account JSON), broker / database / SMTP URL credentials,
cloud keys (AWS credentials with a session token, tfvars, Vault), office network tickets (DHCP
leases, Aruba 802.1X logs, VPN logins, printer moves, firewall denies) with MAC and IP addresses,
and vendor tokens of the eighteen vendors of the earlier sets' list pasted into ticket prose,
chats, gitleaks findings and a password spreadsheet.

Eighteen languages besides English, none listed by the earlier sets' docstrings (Yiddish, Ladino,
Northern Sami, Greenlandic, Walloon, Limburgish, Kabyle, Oromo, Fijian, Hawaiian, Kʼicheʼ,
Papiamento, Ilocano, Shan, Sgaw Karen, Sindhi, Sakha, Lingala): in each a fee / retainer complaint
with the client's phone and e-mail (framed as a Jira intake ticket, a portal contact form, a
quoted forward or an intake-chatbot line), a case note with a relative's phone, an office Wi-Fi
password given with the language's own word for password (פּאַראָל, kontrasenya, beassansátni,
isissutissaq, mot d' passe, wachwaord, awal uffir, jecha darbii, vosa vuni, ʻōlelo huna, ewal
tzij, kontraseña, sekreto a balikas, ၵႂၢမ်းလပ်ႉ, တၢ်ကတိၤခူသူၣ်, پاسورڊ, кистэлэҥ тыл, liloba ya
sekele), a card pasted into a support chat, a chat line with a staff member's phone, a refund (to
an IBAN in GB, TR, NO, GL, BE and NL for the six European languages, to a card elsewhere, a Mir
card for Sakha) and two negative sentences with legal look-alikes. Names in Hebrew script
(Yiddish), Myanmar script (Shan and Sgaw Karen, written without spaces), Arabic script (Sindhi,
with ٽ ڻ ڄ ڙ), Cyrillic (Sakha ү һ, and a staff member's display name) and in Latin script with
diacritics and particles (Sami á č ŋ æ, Kabyle ɛ ḥ ẓ and Aït, Hawaiian ʻokina and kahakō, Kʼicheʼ
double surnames, Walloon ô î, Limburgish "van de", Ilocano "dela", Ladino "de", Lingala é,
Irish Ní, Dutch "van", Spanish "de la", Italian "Lo" / "De", Arabic "El", Turkish ı ş, Polish ń).
Phone numbers of 38 countries (UK, USA, Ireland, Israel, Norway, Belgium, Netherlands, Greenland,
France, Russia, Spain, Philippines, Sweden, Italy, Switzerland, Turkey, Finland, Denmark, Germany,
Austria, Luxembourg, Thailand, South Africa, Hong Kong, Australia, Poland, Singapore, UAE, Canada,
Fiji, Pakistan, Algeria, Ethiopia, Guatemala, Curaçao, Myanmar, DR Congo, Portugal) in national,
international, `00`, E.164, dashed (`+1-617-419-...`), bracketed (`(312) 351-1481`, `+44 (0)7579 ...`,
`(+39) 325 ...`, `+90 (533) ...`, `8 (930) ...`, `(02) 9831 5145`) and bare-MSISDN form; IBANs of 20
countries (GB, IE, DE, FR, NL, BE, LU, CH, AT, ES, IT, NO, DK, GL, SE, FI, TR, IL, PL, PT; French
bodies with their RIB key, Spanish with their DC, Italian with their CIN, Belgian with their
mod-97 check, Dutch accounts passing the 11-test, Norwegian with their mod-11 digit, Finnish with
their Luhn digit, Portuguese with their NIB check, Polish with the bank-code check digit), spaced
in fours or plain; card numbers of twelve brands (Visa, Mastercard 5x and 2-series, Amex,
Discover, JCB, Diners, UnionPay of 16 and 19 digits, Maestro of 19 digits, Mir, RuPay,
Troy, Elo; spaced, dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs;
URL credentials; private keys; tokens of the eighteen vendors. 150 of the 550 lines are negatives
built from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, js/, xtask/), at
the Rust tests, at git history, or at the other sets' sentences, generators or data; only
evaluate.py, checks.py and the module docstrings of heldout.py to heldout11.py were read. Its
first score is therefore a blind one.

    python3 tests/redaction/heldout12.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, with the shapes the leak scan
finds in each, for review.) A summary (lines, spans per kind, negatives, languages, categories)
is printed after writing.

Deterministic: every random part (staff, clients, witnesses and contacts drawn from fixed rosters,
phone countries, forms and digits, IBAN bodies, card numbers, passwords, tokens, PEM and JWT
bodies, timestamps, look-alikes) comes from one seeded `random.Random` (SEED); rosters, card
brands and cities are taken in turn (`Cycle`); the line order is shuffled by a second seeded one
(SHUFFLE_SEED). Nothing depends on set order, the clock or the hash seed. Every line is validated
before anything is written (see `validate`); any violation aborts with a message and writes
nothing: offsets inside the text, not overlapping, each span's text the labelled piece (and, after
writing, each span's UTF-8 bytes in the file decode to the labelled value); the shape of every
labelled value (Luhn, brand prefix and length for cards, never a published test number; country
length and mod-97 check for IBANs through checks.py, groups of four when spaced; parseable IPs
that are not loopback, unspecified, link-local, multicast, reserved, CGN or documentation
addresses; MAC shape; JWT header with "alg" and payload that decode; PEM armour and base64 body;
vendor token formats, with the CRC32 checksum of GitHub and npm tokens; US SSN ranges; phone
characters and digits equal to the calling code or trunk prefix plus a national number of the
country's plans; passwords that are no placeholder or weak word; url_credentials between `://`
and `@`; e-mail domains that are ours or reserved; a person is in `people`, or someone whose
address, spelling every part of the name through its Latin transliteration, is labelled in the
same line). The text left unlabelled (labels and declared look-alikes blanked) is scanned for
addresses, IPv4 / IPv6 and MAC addresses, `+` / `00` / 3-3-4 / trunk-prefixed phone shapes, SSN
shapes, Luhn-valid runs of 13-19 digits (also in card groupings), valid IBANs, JWT, PEM,
vendor-token and URL-credential shapes, password keywords of all the languages followed by a
value, mixed-case high-entropy strings, and every name part of the rosters (as written and in
capitals). Negative lines carry no span, positive lines at least one; texts are unique.

Format (the one evaluate.py reads):

    {"id": "held12-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `(kind, value)` labels, written through ⟦name⟧ templates), never by
hand. A line without spans is a negative: nothing in it may be redacted. No labelled value holds
a line break, except a private key with real newlines.

Labelling conventions: those of heldout11.py's docstring (and through it heldout4.py's to
heldout10.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `scanner%40...` stays inside).
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, an
  `Authorization: Basic` credential, a Wi-Fi passphrase, an OAuth `client_secret`, an AWS session
  token, a JWT signing secret, a TOTP seed, an API key of a platform outside the vendor list). A
  JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone), digitalocean, github, gitlab, google,
  hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai, pypi, sendgrid, shopify,
  slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK... key SIDs, their secrets
  and auth tokens); a vendor token given as the secret of `curl -u user:token`, `docker login -p`
  or `twine -p` is the token alone.
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); clients, prospective clients,
  witnesses, opposing counsel, experts, data subjects, whistleblowers, clinic clients and payees
  are never in `people` and appear only in a line that labels an address spelling their name:
  every occurrence of the name is `person`, the address `email`. Role addresses (intake@,
  conflicts@, trustaccounts@, dsar@, hotline@, litsupport@, efiling@, accounts.payable@, privacy@,
  clinic@, svc-jira@, svc-docvault@, a court reporter's scheduling@) and a GCP service account's
  `client_email` are `email`. In e-mail headers every mailbox is labelled (a quoted display name
  without its quotes); Message-IDs are not addresses.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; `user@<ip>` labels
  the IP only; loopback, 0.0.0.0 and netmasks only on negative lines.
* phone: the whole number as written; company hotlines, court reporters' lines and conference
  dial-ins are `phone`, a bare MSISDN too; conference IDs and extensions are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, certificates and public keys, user names, host names, masked
  values and placeholders (only on negative lines), hashes, UUIDs, build numbers shaped like
  IPv4 addresses. No published test card number, no AWS example key, no weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: legal identifiers are declared look-alikes, never labelled: US docket numbers
  (`1:24-cv-01234-JMF`, also `-cr-`, `-mc-`, `-bk-`), English neutral citations (`[2025] EWHC
  1234 (Ch)`) and claim numbers (`KB-2025-001234`), county-court claim numbers, ECLIs, CJEU /
  General Court case numbers (`C-311/18`), CELEX numbers, ECF entry numbers, Bates numbers and
  ranges (`BFH0001234–BFH0001290`), production volumes, bar / SRA / regulator numbers, statute and
  rule citations (`18 U.S.C. § 1030(a)(2)(C)`, `CPR PD 57AD para 3.1`, `Art. 12(3) GDPR`), company
  registration numbers, LEIs (with their real ISO 17442 check digits), client.matter numbers
  (`31872.0041`), invoice and ledger references, DocVault / NetDocs-style document ids (`4827-1638-2291
  v.2`, shaped like a phone number), evidence item ids and seals, SHA-256 and MD5 values of
  chain-of-custody logs, court and filing fees, fee-account and DX numbers, hearing dates in
  several notations, deposition video timecodes (`01:14:22:08`) and transcript cites, envelope
  ids, screening and call-recording references, MDM device ids, ABA routing numbers, ARNs
  (23 digits, Luhn windows by chance when declared), authorisation codes, VAT numbers.
* NEW: a card number in a payment terminal's debug log (`PAN=...`) or an acquirer's chargeback
  file is `credit_card`, the digits alone; `EXP=`, `AUTH=` and CVVs are not labelled; a
  cardholder name in capitals (`MIRELA POPESCU`) is `person`.
* NEW: the firm's own client-account IBAN (the debtor of a CdtTrfTxInf) is `iban` like the payee's;
  a fraudster's look-alike Reply-To address spelling the client's name is `email`; both the old
  and the new account of a bank-detail-change request are `iban`.
* NEW: e-filing and court-portal secrets are `password`: a shared portal password, a TOTP seed, a
  temporary password reset by a court's support desk, an EFSP `curl -u` secret, a
  `user / password` pair in prose; a bot's `https://user:pw@efile-gw...` is url_credentials. The
  e-discovery platform's API key and `client_secret` (no vendor prefix in our list) are
  `password`; its OAuth client ids, NetDocs-style repository ids and integration key ids are
  declared look-alikes.
* NEW: Shan and Sgaw Karen names (Myanmar script) are written without spaces and labelled whole
  (ၸၢႆးၶမ်းလႅင် ↔ saikhamleng, နီၢ်ပီၢ်ဝါ ↔ nawpawwah); Yiddish names in Hebrew script (חיים
  ראָזענבערג ↔ chaim.rozenberg), Sindhi names in Arabic script with the Arabic comma `،` after them
  (ساجد سومرو ↔ sajid.soomro) and Sakha names in Cyrillic (Күннэй Петрова ↔ kunnei.petrova) are
  spelt by their transliteration; Kabyle ɛ is spelt `a` (Dihya Saɛdi ↔ dihya.saadi), the Hawaiian
  ʻokina is dropped (Leilani Kamakaʻala ↔ leilani.kamakaala), particles stay inside the family
  name (`van de Venne`, `dela Peña`, `de Toledo`, `Aït Kaci`). A Greenlandic case suffix written
  after a phone number (`25 30 74-imut`) stays outside the span.
* NEW: in a vCard `FN` is one `person` span and `N`'s family and given components one each; in a
  KYC table the client's name in capitals is `person` too.
* NEW: an SMS reminder gateway export labels the witness's number on every row (bare MSISDN
  outgoing, E.164 incoming).
"""
import argparse
import base64
import hashlib
import ipaddress
import json
import random
import re
import string
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout12.jsonl"
SEED = 12_2026_0402
SHUFFLE_SEED = 12_2026_0403
R = random.Random(SEED)

FIRM = "brackenfold.law"
ARM = "foldline.io"
INTERNAL = "bfh.internal"

# --- pieces ---------------------------------------------------------------------------------


class Look:
    """Unlabelled text declared as a look-alike: `note` says what it is, `allow` the shapes of
    the leak scan (see SCANS) it may hold; `auto` allows whatever the scan finds (generated
    look-alikes such as hashes, whose digits may form a Luhn-valid run by chance)."""

    __slots__ = ("text", "note", "allow", "auto")

    def __init__(self, text, note, allow=(), auto=False):
        self.text, self.note, self.allow, self.auto = str(text), note, set(allow), auto


def L(text, note, *allow):
    return Look(text, note, allow)


def LA(text, note):
    return Look(text, note, (), True)


KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"}
VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
           "stripe", "twilio"]


def is_kind(name):
    return name in KINDS or (name.startswith("api_key/") and name[8:] in VENDORS)


def flatten(pieces):
    """Lists nest; a tuple is a label `(kind, value)`; str and Look are kept."""
    for piece in pieces:
        if isinstance(piece, list):
            yield from flatten(piece)
        elif piece is None or piece == "":
            continue
        else:
            if isinstance(piece, tuple):
                assert len(piece) == 2 and is_kind(piece[0]), piece
            else:
                assert isinstance(piece, (str, Look)), piece
            yield piece


MARK = re.compile(r"⟦(\w*)⟧")


def T(template, *args, **kw):
    """A template with ⟦⟧ (positional) and ⟦name⟧ (keyword) holes, filled with pieces."""
    out, pos, i = [], 0, 0
    for m in MARK.finditer(template):
        out.append(template[pos:m.start()])
        if m.group(1):
            out.append(kw[m.group(1)])
        else:
            out.append(args[i])
            i += 1
        pos = m.end()
    out.append(template[pos:])
    assert i == len(args), (template[:60], i, len(args))
    return out


LINES = []
TEXTS = set()


def add(cat, pieces, people=(), lang="en", extra=()):
    """One line: the pieces joined, its labels with byte offsets; `people` the staff it
    involves (staff whose labels occur are added), `extra` participants not mentioned."""
    text, spans, looks, pos = [], [], [], 0
    for piece in flatten(pieces):
        if isinstance(piece, Look):
            looks.append((pos, pos + len(piece.text), piece))
            chunk = piece.text
        elif isinstance(piece, tuple):
            kind, chunk = piece
            spans.append((kind, pos, pos + len(chunk), chunk))
        else:
            chunk = piece
        text.append(chunk)
        pos += len(chunk)
    text = "".join(text)
    if text.endswith("\n") and not any(e == len(text) for _, _, e, _ in spans):
        text = text.rstrip("\n")
    involved = list(people)
    for kind, _, _, value in spans:
        if kind == "person" and value in STAFF_BY_VALUE:
            member = STAFF_BY_VALUE[value]
            if member not in involved:
                involved.append(member)
    for member in extra:
        if member not in involved:
            involved.append(member)
    LINES.append({"cat": cat, "lang": lang, "text": text, "spans": spans, "looks": looks,
                  "staff": involved, "people": [m.record() for m in involved]})


# --- random material ------------------------------------------------------------------------

DIG = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = UPPER + LOWER + DIG
B62 = DIG + UPPER + LOWER
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def rs(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n):
    return rs(DIG, n)


def hexs(n):
    return rs(HEX, n)


def b64(nbytes):
    return base64.b64encode(bytes(R.getrandbits(8) for _ in range(nbytes))).decode()


def b64u(data):
    if isinstance(data, str):
        data = data.encode()
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def pick(seq):
    return R.choice(seq)


class Cycle:
    """Items taken in turn (after one seeded shuffle when `shuffle`)."""

    def __init__(self, items, shuffle=False):
        self.items = list(items)
        if shuffle:
            R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


def uuid4():
    h = hexs(32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{pick('89ab')}{h[17:20]}-{h[20:]}"


def sha256():
    return hashlib.sha256(bytes(R.getrandbits(8) for _ in range(32))).hexdigest()


def md5():
    return hashlib.md5(bytes(R.getrandbits(8) for _ in range(16))).hexdigest()


def ts(day=None, month=None):
    month = month or R.randint(1, 12)
    day = day or R.randint(1, 28)
    return f"2026-{month:02d}-{day:02d}T{R.randint(6, 21):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


def hm():
    return f"{R.randint(7, 19):02d}:{R.randint(0, 59):02d}"


def clock(n):
    """n chat times in order."""
    start = R.randint(7 * 60, 17 * 60)
    out = []
    for _ in range(n):
        out.append(f"{start // 60:02d}:{start % 60:02d}")
        start += R.randint(0, 9)
    return out


def date():
    return f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}"


WORDS = ["marram", "gannet", "cobalt", "lantern", "fjord", "juniper", "harbour", "quartz", "tamarisk",
         "saffron", "basalt", "heron", "thistle", "copper", "willow", "meridian", "ember", "corvid",
         "kestrel", "larch", "osprey", "pumice", "sorrel", "tundra", "umber", "vellum", "wren",
         "zephyr", "bramble", "cinder", "dulcet", "fennel", "garnet", "hollow", "indigo", "kelp"]
SYMS = "!#%&*+-=?^_~"
WEAK = {"changeme", "password", "password123", "admin", "letmein", "secret", "123456", "qwerty"}


def password(style=None):
    """A strong literal password (never a weak word or a placeholder)."""
    style = style or R.randint(0, 3)
    if style == 0:
        w = R.sample(WORDS, 3)
        return f"{w[0].capitalize()}-{w[1]}-{w[2]}-{R.randint(10, 99)}"
    if style == 1:
        core = rs(ALNUM, R.randint(11, 15))
        i = R.randint(2, len(core) - 2)
        return core[:i] + pick(SYMS) + core[i:] + pick(SYMS)
    if style == 2:
        w = R.sample(WORDS, 2)
        return f"{w[0].capitalize()}{R.randint(1000, 9999)}{pick(SYMS)}{w[1].capitalize()}"
    return rs(ALNUM, 4) + pick(SYMS) + rs(ALNUM, 5) + pick(SYMS) + rs(ALNUM, 5)


def url_password():
    """A password safe inside a URL's userinfo (no @ : / ? # % and no placeholders)."""
    core = rs(ALNUM, R.randint(14, 20))
    i = R.randint(3, len(core) - 3)
    return core[:i] + pick("-_~.!") + core[i:]


def wifi_pass():
    w = R.sample(WORDS, 3)
    return f"{w[0]}-{w[1]}-{R.randint(10, 99)}-{w[2]}"


# --- people ---------------------------------------------------------------------------------


def fold(s):
    """ASCII folding for spelling checks."""
    s = s.replace("ß", "ss").replace("æ", "ae").replace("Æ", "Ae").replace("ø", "o").replace("Ø", "O")
    s = s.replace("đ", "d").replace("Đ", "D").replace("ŋ", "ng").replace("Ŋ", "Ng").replace("ŧ", "t")
    s = s.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("ɛ", "a").replace("Ɛ", "A")
    s = s.replace("ɣ", "gh").replace("Ɣ", "Gh")
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and c.isalnum())


class Staff:
    """A Jira user: display name, address and account id, each labelled `person`."""

    def __init__(self, display, local, domain, acct, latin=None):
        self.display, self.email, self.acct = display, f"{local}@{domain}", acct
        self.latin = latin or display

    @property
    def d(self):
        return ("person", self.display)

    @property
    def e(self):
        return ("person", self.email)

    @property
    def a(self):
        return ("person", self.acct)

    def record(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.acct}


def acct_id(i):
    rr = random.Random(9000 + i)
    if i % 3 == 0:
        h = "".join(rr.choice(HEX) for _ in range(32))
        return f"712020:{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"
    return "".join(rr.choice(HEX) for _ in range(24))


STAFF_ROWS = [
    # display, local, domain, latin (for non-Latin display names)
    ("Imogen Ashcroft", "imogen.ashcroft", FIRM),
    ("Rhys Penhaligon", "rhys.penhaligon", FIRM),
    ("Oluwaseun Adeyemi-Clarke", "oluwaseun.adeyemi-clarke", FIRM),
    ("Marguerite van Oosten", "marguerite.vanoosten", FIRM),
    ("Henrik Solberg", "henrik.solberg", FIRM),
    ("Aoife Ní Bhriain", "aoife.nibhriain", FIRM),
    ("Tobias Wendt", "tobias.wendt", FIRM),
    ("Priya Raghunathan", "priya.raghunathan", FIRM),
    ("Camille Desrosiers", "camille.desrosiers", FIRM),
    ("Matthias Oberhauser", "matthias.oberhauser", FIRM),
    ("Sofía de la Vega", "sofia.delavega", FIRM),
    ("Declan Furlong", "declan.furlong", FIRM),
    ("Harriet Okonkwo-Bell", "harriet.okonkwo-bell", FIRM),
    ("Yusuf Demirtaş", "yusuf.demirtas", FIRM),
    ("Léa Vandenberghe", "lea.vandenberghe", FIRM),
    ("Kwame Asante-Darko", "kwame.asante-darko", FIRM),
    ("Beatrix Haldane", "beatrix.haldane", FIRM),
    ("Niamh Gallagher", "niamh.gallagher", FIRM),
    ("Gideon Marsh", "gideon.marsh", FIRM),
    ("Inês Carvalho", "ines.carvalho", FIRM),
    ("Stellan Åkerlund", "stellan.akerlund", FIRM),
    ("Thandiwe Mokoena", "thandiwe.mokoena", FIRM),
    ("Callum Rennie", "callum.rennie", FIRM),
    ("Fenna Dijkstra", "fenna.dijkstra", FIRM),
    ("Hamish Crawford", "hamish.crawford", FIRM),
    ("Dana Whitfield", "dana.whitfield", FIRM),
    ("Malia Kahale", "malia.kahale", FIRM),
    ("Wei Lin Tan", "weilin.tan", FIRM),
    ("Noor Al-Hashimi", "noor.alhashimi", FIRM),
    ("Farah Qureshi", "farah.qureshi", FIRM),
    ("מרים שטערן", "miriam.shtern", FIRM, "Miriam Shtern"),
    ("Айталина Егорова", "aitalina.egorova", FIRM, "Aitalina Egorova"),
    ("Ravi Chandrasekar", "ravi.chandrasekar", ARM),
    ("Zofia Wiśniewska", "zofia.wisniewska", ARM),
    ("Jonas Eriksen", "jonas.eriksen", ARM),
    ("Maëlle Kerjean", "maelle.kerjean", ARM),
    ("Elif Aydın", "elif.aydin", ARM),
    ("Benedikt Rauscher", "benedikt.rauscher", ARM),
]
STAFF = [Staff(row[0], row[1], row[2], acct_id(i), row[3] if len(row) > 3 else None)
         for i, row in enumerate(STAFF_ROWS)]
STAFF_BY_VALUE = {}
for _m in STAFF:
    for _v in (_m.display, _m.email, _m.acct):
        STAFF_BY_VALUE[_v] = _m
S = {m.email.split("@")[0]: m for m in STAFF}


def staff(*locals_):
    return [S[x] for x in locals_]


LAWYERS = staff("imogen.ashcroft", "rhys.penhaligon", "oluwaseun.adeyemi-clarke", "marguerite.vanoosten",
                "henrik.solberg", "aoife.nibhriain", "tobias.wendt", "camille.desrosiers",
                "matthias.oberhauser", "sofia.delavega", "yusuf.demirtas", "lea.vandenberghe",
                "hamish.crawford", "malia.kahale", "weilin.tan", "noor.alhashimi", "stellan.akerlund")
SUPPORT = staff("priya.raghunathan", "declan.furlong", "harriet.okonkwo-bell", "kwame.asante-darko",
                "beatrix.haldane", "niamh.gallagher", "ines.carvalho", "thandiwe.mokoena", "dana.whitfield",
                "farah.qureshi", "miriam.shtern", "aitalina.egorova")
TECH = staff("gideon.marsh", "callum.rennie", "fenna.dijkstra", "ravi.chandrasekar", "zofia.wisniewska",
             "jonas.eriksen", "maelle.kerjean", "elif.aydin", "benedikt.rauscher")
lawyer = Cycle(LAWYERS, shuffle=True)
supporter = Cycle(SUPPORT, shuffle=True)
techie = Cycle(TECH, shuffle=True)
anyone = Cycle(STAFF, shuffle=True)


def others(*exclude, n=1):
    """Staff listed as participants the text does not mention (name parts never in the text)."""
    pool = [m for m in STAFF if m not in exclude]
    return R.sample(pool, n)


class Contact:
    """Someone not in `people` (client, witness, data subject ...): the name as written, its
    Latin spelling parts, and an address whose local part spells every part."""

    def __init__(self, name, latin, domain, lang="en", local=None, upper=None):
        self.name, self.latin, self.lang = name, latin, lang
        self.local = local or ".".join(latin)
        self.email = f"{self.local}@{domain}"
        self.upper_form = upper

    @property
    def n(self):
        return ("person", self.name)

    @property
    def e(self):
        return ("email", self.email)

    @property
    def up(self):
        return ("person", self.upper_form or self.name.upper())

    def split(self):
        """(given names, family name), a particle staying with the family name."""
        parts = self.name.split(" ")
        idx = len(parts) - FAMILY_WORDS.get(self.name, 1)
        for j in range(1, len(parts)):
            if parts[j].lower() in PARTICLES:
                idx = j
                break
        return " ".join(parts[:idx]), " ".join(parts[idx:])

    @property
    def given(self):
        return ("person", self.split()[0])

    @property
    def family(self):
        return ("person", self.split()[1])

    @property
    def inverted(self):
        g, f = self.split()
        return ("person", f"{f}, {g}")

    def forms(self):
        f = {self.name, self.name.upper()}
        if self.upper_form:
            f.add(self.upper_form)
        if " " in self.name:
            g, fam = self.split()
            f.update({g, fam, f"{fam}, {g}", f"{fam.upper()}, {g}"})
        return f


FAMILY_WORDS = {"Beatriz Salgado Ferreira": 2, "Lucía Ortega Blanco": 2, "Gustavo Pereira Neto": 2}


CONTACTS = []


# --- phone numbers --------------------------------------------------------------------------
# A plan's pattern spells the national significant number (NSN) with spaces between the groups
# of its international form: `#` any digit, `N` 2-9, `[..]` a class, `{a|b}` alternatives.

PHONE_PLANS = {
    # iso: (calling code, trunk prefix, [patterns], national style)
    "GB": ("44", "0", ["7[4-9]## ######", "20 3### ####", "161 [2-8]## ####", "131 [2-6]## ####"], "sp"),
    "IE": ("353", "0", ["8[35-7] ### ####", "1 [2-9]## ####", "21 4## ####"], "sp"),
    "US": ("1", "", ["{212|646|917|718|347|415|617|202|312|305} N## ####", "808 N## ####"], "nanp"),
    "CA": ("1", "", ["{416|647|514|604} N## ####"], "nanp"),
    "DE": ("49", "0", ["{151|152|157|176|179} ########", "30 ########", "69 #######"], "sp"),
    "FR": ("33", "0", ["[67] ## ## ## ##", "1 ## ## ## ##", "4 ## ## ## ##"], "sp"),
    "NL": ("31", "0", ["6 ########", "20 [2-9]## ####", "43 [2-9]## ####"], "nl"),
    "BE": ("32", "0", ["4[6-9]# ## ## ##", "2 [2-7]## ## ##", "4 [23]## ## ##"], "sp"),
    "LU": ("352", "", ["6[269]1 ### ###"], "sp"),
    "CH": ("41", "0", ["7[5-9] ### ## ##", "44 [2-5]## ## ##", "22 [3-8]## ## ##"], "sp"),
    "AT": ("43", "0", ["{664|676|650|660} #######", "1 [2-9]## ####"], "sp"),
    "ES": ("34", "", ["6## ### ###", "91 [2-7]## ## ##"], "sp"),
    "IT": ("39", "", ["3[2-9]# ### ####", "06 #### ####", "02 #### ####"], "sp"),
    "NO": ("47", "", ["[49]## ## ###", "2[1-3] ## ## ##"], "sp"),
    "DK": ("45", "", ["[2-6]# ## ## ##"], "sp"),
    "GL": ("299", "", ["[245]# ## ##", "3[2-6] ## ##"], "sp"),
    "SE": ("46", "0", ["7[02369] ### ## ##", "8 ### ### ##"], "se"),
    "FI": ("358", "0", ["4[0-6] ### ####", "9 [2-8]## ####"], "sp"),
    "TR": ("90", "0", ["5[0-5]# ### ## ##", "212 ### ## ##"], "sp"),
    "IL": ("972", "0", ["5[0-8] ### ####", "3 ### ####"], "il"),
    "DZ": ("213", "0", ["[567]## ## ## ##", "21 ## ## ##"], "sp"),
    "ET": ("251", "0", ["9[1-4] ### ####", "11 [1-6]## ####"], "sp"),
    "FJ": ("679", "", ["[79]## ####", "3[1-3]# ####"], "sp"),
    "GT": ("502", "", ["[345]### ####", "2### ####"], "gt"),
    "CW": ("599", None, ["9 [56]## ####"], "sp"),
    "PH": ("63", "0", ["9[1-9]# ### ####", "2 8### ####", "77 [67]## ####"], "ph"),
    "MM": ("95", "0", ["9 [47]## ### ###"], "sp"),
    "TH": ("66", "0", ["[689]# ### ####", "55 5## ###"], "sp"),
    "PK": ("92", "0", ["3[0-4]# #######", "21 3### ####"], "sp"),
    "RU": ("7", "8", ["9[0-4]# ### ## ##", "4112 ## ## ##"], "ru"),
    "CD": ("243", "0", ["8[1-59] ### ####", "9[79] ### ####"], "sp"),
    "SG": ("65", "", ["[89]### ####", "6### ####"], "sp"),
    "HK": ("852", "", ["[5-9]### ####"], "sp"),
    "AU": ("61", "0", ["4## ### ###", "2 9### ####"], "au"),
    "AE": ("971", "0", ["5[0-68] ### ####", "4 ### ####"], "sp"),
    "PL": ("48", "", ["[5-8]## ### ###", "22 ### ## ##"], "sp"),
    "PT": ("351", "", ["9[1236]# ### ###", "21# ### ###"], "sp"),
    "ZA": ("27", "0", ["[67]# ### ####", "11 ### ####", "21 ### ####"], "sp"),
}
PHONE_REG = {}


def expand(pattern):
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "#":
            out.append(pick(DIG))
        elif c == "N":
            out.append(pick("23456789"))
        elif c == "[":
            j = pattern.index("]", i)
            cls = pattern[i + 1:j]
            chars = []
            k = 0
            while k < len(cls):
                if k + 2 < len(cls) and cls[k + 1] == "-":
                    chars += [chr(x) for x in range(ord(cls[k]), ord(cls[k + 2]) + 1)]
                    k += 3
                else:
                    chars.append(cls[k])
                    k += 1
            out.append(pick(chars))
            i = j
        elif c == "{":
            j = pattern.index("}", i)
            out.append(pick(pattern[i + 1:j].split("|")))
            i = j
        else:
            out.append(c)
        i += 1
    return "".join(out)


def phone_forms(iso):
    cc, trunk, _, style = PHONE_PLANS[iso]
    forms = ["intl", "intl", "e164", "00", "dash"]
    if trunk is not None:
        forms += ["nat", "nat", "nat"]
    if trunk == "0" and iso in ("GB", "DE", "NL", "CH", "FR", "BE", "AT", "IE"):
        forms.append("p0")
    if iso in ("IT", "ES", "PH", "GT", "FJ"):
        forms.append("br")
    if iso in ("TR", "RU", "US", "CA"):
        forms.append("ccbr")
    return forms


def phone(iso, form=None, plan=None):
    """A phone number of `iso`, written in `form` (random among the country's usual ones)."""
    cc, trunk, plans, style = PHONE_PLANS[iso]
    pat = plans[plan] if plan is not None else (plans[0] if R.random() < 0.65 else pick(plans))
    while True:
        grouped = expand(pat)
        groups = grouped.split(" ")
        nsn = "".join(groups)
        if style == "nanp" and groups[1] in ("555",) or (style == "nanp" and groups[1][1:] == "11"):
            continue
        break
    form = form or pick(phone_forms(iso))
    if form == "nat" and trunk is None:
        form = "intl"
    sp = " ".join(groups)
    if form == "intl":
        if style == "il":
            s = f"+{cc} {groups[0]}-{'-'.join(groups[1:])}"
        elif style == "ru":
            s = f"+{cc} {groups[0]} {groups[1]}-{'-'.join(groups[2:])}"
        else:
            s = f"+{cc} {sp}"
    elif form == "e164":
        s = f"+{cc}{nsn}"
    elif form == "msisdn":
        s = f"{cc}{nsn}"
    elif form == "00":
        s = f"00{cc} {sp}"
    elif form == "dash":
        s = f"+{cc}-{'-'.join(groups)}"
    elif form == "p0":
        s = f"+{cc} (0){sp}"
    elif form == "br":
        s = f"(+{cc}) {sp}"
    elif form == "ccbr":
        if style == "nanp":
            s = f"+1 ({groups[0]}) {groups[1]}-{groups[2]}"
        elif style == "ru":
            s = f"+7 ({groups[0]}) {groups[1]}-{'-'.join(groups[2:])}"
        else:
            s = f"+{cc} ({groups[0]}) {' '.join(groups[1:])}"
    elif form == "nat":
        if style == "nanp":
            s = pick([f"({groups[0]}) {groups[1]}-{groups[2]}", f"{groups[0]}-{groups[1]}-{groups[2]}",
                      f"{groups[0]}.{groups[1]}.{groups[2]}", f"({groups[0]}) {groups[1]}-{groups[2]}"])
        elif style == "ru":
            s = pick([f"8 ({groups[0]}) {groups[1]}-{'-'.join(groups[2:])}", f"8 {sp}"])
        elif style == "il":
            s = f"0{groups[0]}-{groups[1]}-{groups[2]}"
        elif style == "se":
            s = f"0{groups[0]}-{' '.join(groups[1:])}"
        elif style == "nl" and groups[0] == "6":
            s = pick([f"06 {groups[1]}", f"06-{groups[1]}"])
        elif style == "gt":
            s = f"{groups[0]}-{groups[1]}"
        elif style == "ph" and not groups[0].startswith("9"):
            s = f"(0{groups[0]}) {' '.join(groups[1:])}"
        elif style == "au" and not groups[0].startswith("4"):
            s = f"(0{groups[0]}) {' '.join(groups[1:])}"
        else:
            s = f"{trunk}{groups[0]} {' '.join(groups[1:])}" if len(groups) > 1 else f"{trunk}{groups[0]}"
    else:
        raise ValueError(form)
    PHONE_REG[s] = (iso, cc, trunk, nsn)
    return s


def ph(iso, form=None, plan=None):
    return ("phone", phone(iso, form, plan))


# --- IBANs ----------------------------------------------------------------------------------

IBAN_LEN = {"GB": 22, "IE": 22, "DE": 22, "FR": 27, "NL": 18, "BE": 16, "LU": 20, "CH": 21, "AT": 20,
            "ES": 24, "IT": 27, "NO": 15, "DK": 18, "GL": 18, "SE": 24, "FI": 18, "TR": 26, "IL": 23,
            "PL": 28, "PT": 25}
IT_ODD = dict(zip(DIG + UPPER, [1, 0, 5, 7, 9, 13, 15, 17, 19, 21,
                                1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16,
                                10, 22, 25, 24, 23]))
IT_EVEN = dict(zip(DIG + UPPER, list(range(10)) + list(range(26))))


def es_dc(ten):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(a) * b for a, b in zip(ten, w)) % 11
    return {11: 0, 10: 1}.get(d, d)


def it_cin(body):
    total = sum((IT_ODD if i % 2 == 0 else IT_EVEN)[c] for i, c in enumerate(body))
    return UPPER[total % 26]


def luhn_digit(body):
    for d in DIG:
        if luhn_ok(body + d):
            return d


def bban(cc):
    if cc in ("GB", "IE"):
        bank = pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"] if cc == "GB" else ["AIBK", "BOFI", "IPBS"])
        return bank + digits(6) + digits(8)
    if cc == "DE":
        return str(R.randint(1, 8)) + digits(7) + digits(10)
    if cc == "FR":
        bank, branch, acct = digits(5), digits(5), digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "NL":
        while True:
            acct = digits(10)
            if acct[0] != "0" and sum(int(d) * (10 - i) for i, d in enumerate(acct)) % 11 == 0:
                return pick(["RABO", "ABNA", "SNSB", "ASNB"]) + acct
    if cc == "BE":
        first = digits(10)
        check = int(first) % 97 or 97
        return f"{first}{check:02d}"
    if cc == "LU":
        return digits(3) + digits(13)
    if cc == "CH":
        return digits(5) + digits(12)
    if cc == "AT":
        return digits(5) + digits(11)
    if cc == "ES":
        bank, branch, acct = digits(4), digits(4), digits(10)
        return f"{bank}{branch}{es_dc('00' + bank + branch)}{es_dc(acct)}{acct}"
    if cc == "IT":
        body = digits(5) + digits(5) + digits(12)
        return it_cin(body) + body
    if cc == "NO":
        while True:
            ten = digits(10)
            r = sum(int(a) * b for a, b in zip(ten, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
            if r != 1:
                return ten + ("0" if r == 0 else str(11 - r))
    if cc == "DK":
        return digits(4) + digits(10)
    if cc == "GL":
        return "6471" + digits(10)
    if cc == "SE":
        return pick(["500", "600", "800", "300"]) + digits(17)
    if cc == "FI":
        body = digits(13)
        return body + luhn_digit(body)
    if cc == "TR":
        return digits(5) + "0" + digits(16)
    if cc == "IL":
        return digits(3) + digits(3) + digits(13)
    if cc == "PL":
        seven = digits(7)
        s = sum(int(a) * b for a, b in zip(seven, [3, 9, 7, 1, 3, 9, 7]))
        return seven + str((10 - s % 10) % 10) + digits(16)
    if cc == "PT":
        core = digits(4) + digits(4) + digits(11)
        return core + f"{98 - int(core) * 100 % 97:02d}"
    raise ValueError(cc)


def iban(cc, spaced=None):
    b = bban(cc)
    s = cc + iban_check(cc, b) + b
    assert len(s) == IBAN_LEN[cc] and iban_valid(s)
    if spaced is None:
        spaced = R.random() < 0.7
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if spaced else s


def ib(cc, spaced=None):
    return ("iban", iban(cc, spaced))


def bad_iban(cc):
    """An IBAN shape whose check digits are wrong (a look-alike)."""
    good = iban(cc, spaced=False)
    while True:
        bad = good[:2] + f"{(int(good[2:4]) + R.randint(1, 90)) % 100:02d}" + good[4:]
        if not iban_valid(bad):
            return " ".join(bad[i:i + 4] for i in range(0, len(bad), 4))


# --- cards ----------------------------------------------------------------------------------

BRANDS = {
    "visa": (["4"], [16]),
    "mastercard": (["51", "52", "53", "54", "55", "2221", "2300", "2450", "2611", "2720"], [16]),
    "amex": (["34", "37"], [15]),
    "discover": (["6011", "644", "645", "649", "65"], [16]),
    "jcb": (["3528", "3540", "3566", "3589"], [16]),
    "diners": (["36", "300", "305", "38"], [14]),
    "unionpay": (["622126", "6240", "6250", "6282"], [16, 19]),
    "maestro": (["6759", "5018", "5020", "6761"], [16, 19]),
    "mir": (["2200", "2201", "2202", "2204"], [16]),
    "rupay": (["6521", "6522", "5085", "6070"], [16]),
    "troy": (["9792"], [16]),
    "elo": (["636368", "504175", "509048", "650031"], [16]),
}
TEST_CARDS = {"4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
              "5555555555554444", "5105105105105100", "2223003122003222", "378282246310005",
              "371449635398431", "6011111111111117", "6011000990139424", "3056930009020004",
              "36227206271667", "3566002020360505", "6200000000000005", "4000000000000002",
              "5200828282828210", "4222222222222", "30569309025904", "38520000023237"}
CARD_REG = {}


def card_digits(brand):
    prefixes, lengths = BRANDS[brand]
    while True:
        pre = pick(prefixes)
        if brand == "mastercard" and len(pre) == 4:
            pre = str(R.randint(2221, 2720))
        n = pick(lengths)
        body = pre + digits(n - len(pre) - 1)
        num = body + luhn_digit(body)
        if num not in TEST_CARDS:
            return num


def group_card(num, sep=" "):
    n = len(num)
    if n == 15:
        sizes = [4, 6, 5]
    elif n == 14:
        sizes = [4, 6, 4]
    elif n == 19:
        sizes = [4, 4, 4, 4, 3]
    else:
        sizes = [4] * (n // 4)
    out, i = [], 0
    for s in sizes:
        out.append(num[i:i + s])
        i += s
    return sep.join(out)


def card(brand, fmt=None):
    num = card_digits(brand)
    fmt = fmt or pick(["sp", "sp", "sp", "dash", "plain"])
    s = {"sp": group_card(num, " "), "dash": group_card(num, "-"), "plain": num}[fmt]
    CARD_REG[s] = brand
    return s


def cc(brand, fmt=None):
    return ("credit_card", card(brand, fmt))


brand_cycle = Cycle(list(BRANDS), shuffle=True)


def bad_card():
    """16 digits in card grouping that fail the Luhn check (a look-alike)."""
    num = card_digits(pick(["visa", "mastercard", "discover"]))
    wrong = num[:-1] + str((int(num[-1]) + R.randint(1, 9)) % 10)
    assert not luhn_ok(wrong)
    return group_card(wrong, pick([" ", "-"]))


# --- other values ---------------------------------------------------------------------------


def ssn():
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        v = f"{a:03d}-{g:02d}-{s:04d}"
        if a != 666 and v not in ("123-45-6789", "078-05-1120", "219-09-9999"):
            return ("ssn", v)


BLOCKED_NETS = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15",
    "2001:db8::/32", "fe80::/10", "ff00::/8", "::/128", "::1/128")]


def ip_ok(value):
    try:
        a = ipaddress.ip_address(value)
    except ValueError:
        return False
    return not any(a in n for n in BLOCKED_NETS if n.version == a.version) and not a.is_reserved


def ipv4(kind=None):
    kind = kind or pick(["pub", "priv"])
    while True:
        if kind == "priv":
            v = pick([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                      f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                      f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"])
        else:
            v = f"{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
            if not ipaddress.ip_address(v).is_global:
                continue
        if ip_ok(v):
            return v


def ipv6(kind=None):
    kind = kind or pick(["pub", "ula"])
    while True:
        if kind == "ula":
            groups = ["fd" + hexs(2), hexs(4), hexs(4), hexs(4)] + [pick(["0", hexs(4)]) for _ in range(4)]
        else:
            groups = ["2a0" + pick("12345"), hexs(4), hexs(4), pick(["0", hexs(4)])] + \
                     [pick(["0", "0", hexs(4)]) for _ in range(3)] + [hexs(4)]
        v = ipaddress.IPv6Address(":".join(groups)).compressed
        if ip_ok(v):
            return v


def ip(kind=None):
    return ("ip_address", ipv4(kind))


def ip6(kind=None):
    return ("ip_address", ipv6(kind))


def mac(style=None):
    first = R.randrange(0, 256) & 0xFC
    octs = [first] + [R.randrange(0, 256) for _ in range(5)]
    style = style or pick(["colon", "colon", "COLON", "DASH"])
    if style == "colon":
        v = ":".join(f"{o:02x}" for o in octs)
    elif style == "COLON":
        v = ":".join(f"{o:02X}" for o in octs)
    else:
        v = "-".join(f"{o:02X}" for o in octs)
    return ("mac_address", v)


def pw(style=None):
    return ("password", password(style))


# --- vendor tokens --------------------------------------------------------------------------


def b62enc(n, width):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def checksummed(prefix):
    body = rs(ALNUM, 30)
    return prefix + body + b62enc(zlib.crc32(body.encode()), 6)


def token(vendor, variant=None):
    """A token of `vendor` in its real shape (random body)."""
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(B64URL, 93) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(B64URL, 170) + "=" + rs("0123456789ABCDEF", 8)
    if vendor == "aws":
        if variant == "secret":
            return rs(ALNUM + "/+", 40)
        return pick(["AKIA", "AKIA", "ASIA"]) + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)
    if vendor == "azure":
        return b64(64)
    if vendor == "digitalocean":
        return pick(["dop_v1_", "dop_v1_", "doo_v1_"]) + hexs(64)
    if vendor == "github":
        v = variant or pick(["ghp_", "ghp_", "gho_", "ghs_", "pat"])
        if v == "pat":
            return "github_pat_11" + rs(UPPER + DIG, 20) + "_" + rs(ALNUM, 59)
        return checksummed(v)
    if vendor == "gitlab":
        return "glpat-" + rs(ALNUM + "-_", 20)
    if vendor == "google":
        return "AIzaSy" + rs(B64URL, 33)
    if vendor == "hashicorp":
        if variant == "tfc" or (variant is None and R.random() < 0.3):
            return rs(ALNUM, 14) + ".atlasv1." + rs(ALNUM, 67)
        return "hvs." + rs(B64URL, 24) if R.random() < 0.5 else "hvs.CAESI" + rs(B64URL, 82)
    if vendor == "huggingface":
        return "hf_" + rs(UPPER + LOWER, 34)
    if vendor == "npm":
        return checksummed("npm_")
    if vendor == "openai":
        return "sk-proj-" + rs(B64URL, 74) + "T3BlbkFJ" + rs(B64URL, 74)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + rs(B64URL, 160)
    if vendor == "sendgrid":
        return "SG." + rs(B64URL, 22) + "." + rs(B64URL, 43)
    if vendor == "shopify":
        return pick(["shpat_", "shpat_", "shpca_", "shppa_"]) + hexs(32)
    if vendor == "slack":
        v = variant or pick(["xoxb", "xoxb", "xoxp", "hook"])
        if v == "xoxb":
            return f"xoxb-{digits(12)}-{digits(13)}-{rs(ALNUM, 24)}"
        if v == "xoxp":
            return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"
        return f"https://hooks.slack.com/services/T{rs(UPPER + DIG, 10)}/B{rs(UPPER + DIG, 10)}/{rs(ALNUM, 24)}"
    if vendor == "stripe":
        v = variant or pick(["sk", "sk", "rk", "whsec"])
        if v == "whsec":
            return "whsec_" + rs(ALNUM, 32)
        return f"{v}_live_51" + rs(ALNUM, 97)
    if vendor == "twilio":
        v = variant or pick(["sk", "auth"])
        if v == "sk":
            return "SK" + hexs(32)
        if v == "secret":
            return rs(ALNUM, 32)
        return hexs(32)
    raise ValueError(vendor)


def key(vendor, variant=None):
    return ("api_key/" + vendor, token(vendor, variant))


def twilio_account_sid():
    return "AC" + hexs(32)


VENDOR_SHAPES = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{170}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"do[op]_v1_[0-9a-f]{64}",
    "github": r"gh[opsur]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9_-]{24,}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{160}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca|pa)_[0-9a-f]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}|"
             r"https://hooks\.slack\.com/services/T[A-Z0-9]{10}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_51[A-Za-z0-9]{97}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}


def vendor_ok(vendor, value):
    if not re.fullmatch(VENDOR_SHAPES[vendor], value):
        return False
    if re.fullmatch(r"(?:gh[opsur]|npm)_[A-Za-z0-9]{36}", value):
        body, check = value[4:34], value[34:]
        return b62enc(zlib.crc32(body.encode()), 6) == check
    return True


# --- JWTs and private keys ------------------------------------------------------------------


def jwt(claims=None, alg="RS256"):
    now = 1_772_000_000 + R.randint(0, 9_000_000)
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(B64URL, 22)
    body = {"iss": pick([f"https://sso.{ARM}/realms/sifter", f"https://login.{FIRM}/oauth2",
                         f"https://auth.{ARM}"]),
            "sub": uuid4(), "iat": now, "exp": now + pick([300, 900, 3600, 28800])}
    body.update(claims or {})
    sig = {"HS256": 43, "RS256": 342, "ES256": 86, "HS512": 86}[alg]
    return ("jwt", f"{b64u(json.dumps(header, separators=(',', ':')))}."
                   f"{b64u(json.dumps(body, separators=(',', ':'), ensure_ascii=False))}.{rs(B64URL, sig)}")


def jwt_ok(value):
    try:
        h, p, s = value.split(".")
        header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        return "alg" in header and len(s) >= 20
    except Exception:  # noqa: BLE001
        return False


def rnd(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def pem_body(der, width=64):
    s = base64.b64encode(der).decode()
    return [s[i:i + width] for i in range(0, len(s), width)]


def private_key(kind=None, sep="\n"):
    kind = kind or pick(["rsa", "ec", "pkcs8", "openssh", "ed25519"])
    if kind == "rsa":
        der = bytes.fromhex("308204a40201000282010100") + rnd(1180)
        label, lines = "RSA PRIVATE KEY", pem_body(der)
    elif kind == "ec":
        der = (bytes.fromhex("30770201010420") + rnd(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
               + b"\x04" + rnd(64))
        label, lines = "EC PRIVATE KEY", pem_body(der)
    elif kind == "pkcs8":
        der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + rnd(1155)
        label, lines = "PRIVATE KEY", pem_body(der)
    elif kind == "ed25519":
        der = bytes.fromhex("302e020100300506032b657004220420") + rnd(32)
        label, lines = "PRIVATE KEY", pem_body(der)
    else:
        der = (b"openssh-key-v1\x00" + bytes.fromhex("000000046e6f6e65000000046e6f6e650000000000000001")
               + rnd(300))
        label, lines = "OPENSSH PRIVATE KEY", pem_body(der, 70)
    return ("private_key", f"-----BEGIN {label}-----{sep}" + sep.join(lines) + f"{sep}-----END {label}-----")


def pem_ok(value):
    m = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----(?:\n|\\n)([A-Za-z0-9+/=\n\\n]+?)(?:\n|\\n)"
                     r"-----END \1-----", value, re.S)
    if not m:
        return False
    try:
        base64.b64decode(m.group(2).replace("\\n", "").replace("\n", ""), validate=True)
        return True
    except Exception:  # noqa: BLE001
        return False


# --- validation -----------------------------------------------------------------------------

RESERVED_MAIL = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|[a-z0-9-]+\.example)$")
OUR_DOMAINS = (FIRM, ARM, INTERNAL, "clinic." + FIRM, "efile." + FIRM)
PLACEHOLDER = re.compile(r"\$\{|\{\{|<[^>]*>|\*{3}|x{4}|X{4}|REPLACE|YOUR_|your-|%\(|^\$[A-Z_]+$|•")
PW_KEYWORDS = [
    # English and config spellings
    "password", "passwd", "passphrase", "pwd", "pass", "secret", "psk", "pin",
    # the eighteen languages of this set
    "פּאַראָל", "kontrasenya", "beassansátni", "isissutissaq", "mot d' passe", "wachwaord",
    "awal uffir", "jecha darbii", "vosa vuni", "ʻōlelo huna", "ewal tzij", "kontraseña",
    "sekreto a balikas", "ၵႂၢမ်းလပ်ႉ", "တၢ်ကတိၤခူသူၣ်", "پاسورڊ", "кистэлэҥ тыл", "liloba ya sekele",
]
PW_RE = re.compile(r"(?i)(?<![\w-])(?:" + "|".join(re.escape(k) for k in PW_KEYWORDS) +
                   r")\w{0,3}\s*(?:[:=]|:=|\bis\b|\bwas\b|\bwill be\b)\s*[\"'`]?(?P<v>[^\s\"'`,;)]{3,})")
VENDOR_SCAN = re.compile(
    r"sk-ant-|ATATT3|(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}|do[op]_v1_|gh[opsur]_[A-Za-z0-9]{20}|"
    r"github_pat_|glpat-|AIza[A-Za-z0-9_-]{30}|hvs\.|\.atlasv1\.|hf_[A-Za-z]{30}|npm_[A-Za-z0-9]{30}|"
    r"sk-proj-|pypi-AgE|SG\.[A-Za-z0-9_-]{20}\.|shp(?:at|ca|pa|ss)_|xox[abpr]-|hooks\.slack\.com/services/T|"
    r"(?:sk|rk)_live_|whsec_|(?<![A-Za-z0-9])SK[0-9a-f]{32}")
IBAN_SCAN = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
PHONE_SCANS = [
    re.compile(r"(?<![\w+])\+\d{1,3}(?:[ ().-]{0,3}\d){6,14}"),
    re.compile(r"(?<![\w+])00\d{2,3}[ -]\d(?:[ -]?\d){5,12}"),
    re.compile(r"(?<!\w)\(?\d{3}\)?[ .-]\d{3}[.-]\d{4}(?!\w)"),
    re.compile(r"(?<![\w.:/-])\(?0\d{1,4}\)?[ -]\d{2,4}[ -]\d{2,4}(?:[ -]\d{2,4})?(?![\w/-])"),
]


def luhn_runs(text):
    out = []
    for m in re.finditer(r"\d(?:[ -]?\d){12,}", text):
        run = m.group()
        dig = re.sub(r"\D", "", run)
        if 13 <= len(dig) <= 19 and luhn_ok(dig):
            out.append((m.start(), m.end()))
        elif len(dig) > 19 and run.isdigit():
            for n in range(13, 20):
                for i in range(0, len(dig) - n + 1):
                    if luhn_ok(dig[i:i + n]) and (i == 0 or i + n == len(dig)):
                        out.append((m.start() + i, m.start() + i + n))
    return out


def iban_hits(text):
    out = []
    for m in IBAN_SCAN.finditer(text):
        raw = m.group()
        cc = raw[:2]
        if cc in IBAN_LEN or cc in ("MC", "LI", "SM", "HR", "CY", "MT", "GR", "RO", "HU", "CZ", "SK"):
            compact = raw.replace(" ", "")
            n = IBAN_LEN.get(cc)
            cands = [compact[:n]] if n else [compact[:k] for k in range(15, min(len(compact), 32) + 1)]
            if any(iban_valid(c) for c in cands):
                out.append((m.start(), m.end()))
    return out


def scan(text):
    """The shapes of the leak scan found in `text`: {shape: [(start, end)]}."""
    found = defaultdict(list)
    for m in re.finditer(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", text):
        found["email"].append(m.span())
    for m in re.finditer(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.]*\d)", text):
        try:
            ipaddress.IPv4Address(m.group())
            found["ipv4"].append(m.span())
        except ValueError:
            pass
    for m in re.finditer(r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?![\w:])", text):
        v = m.group()
        if v.count(":") >= 2 and sum(c in HEX + "ABCDEF" for c in v) >= 1:
            try:
                ipaddress.IPv6Address(v)
                found["ipv6"].append(m.span())
            except ValueError:
                pass
    for m in re.finditer(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])", text):
        found["mac"].append(m.span())
    for rx in PHONE_SCANS:
        for m in rx.finditer(text):
            found["phone"].append(m.span())
    for m in re.finditer(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])", text):
        found["ssn"].append(m.span())
    found["luhn"] += luhn_runs(text)
    found["iban"] += iban_hits(text)
    for m in re.finditer(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", text):
        found["jwt"].append(m.span())
    for m in re.finditer(r"-----BEGIN [A-Z ]*PRIVATE KEY-----", text):
        found["pem"].append(m.span())
    for m in VENDOR_SCAN.finditer(text):
        found["vendor"].append(m.span())
    for m in re.finditer(r"[a-z][a-z0-9+.-]*://[^\s/@:]*:[^\s/@]+@", text):
        found["urlcred"].append(m.span())
    for m in PW_RE.finditer(text):
        if m.group("v").strip("\x00"):
            found["pwkw"].append(m.span())
    for m in re.finditer(r"[A-Za-z0-9+/_=-]{20,}", text):
        v = m.group()
        if re.search(r"[A-Z]", v) and re.search(r"[a-z]", v) and re.search(r"\d", v):
            found["entropy"].append(m.span())
    for part, rx in NAME_PARTS:
        for m in rx.finditer(text):
            found["name"].append(m.span())
    return {k: v for k, v in found.items() if v}


PARTICLES = {"de", "la", "van", "der", "den", "di", "da", "dos", "del", "y", "ní", "nic", "mac", "aït",
             "bin", "dela", "von", "le", "lo", "al", "ait", "el"}
NAME_PARTS = []


def build_name_parts():
    parts = set()
    for m in STAFF:
        for name in (m.display, m.latin):
            parts.update(re.split(r"[ \-]", name))
    for c in CONTACTS:
        parts.update(re.split(r"[ \-]", c.name))
        parts.update(p.capitalize() for p in c.latin)
    for p in sorted(parts):
        if len(p) < 3 or p.lower() in PARTICLES:
            continue
        forms = {p, p.upper()}
        rx = re.compile("|".join(r"(?<!\w)" + re.escape(f) + r"(?!\w)" for f in sorted(forms)))
        NAME_PARTS.append((p, rx))


def mail_ok(value):
    m = re.fullmatch(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+)", value)
    if not m:
        return False
    dom = m.group(1).lower()
    return (dom in OUR_DOMAINS or dom.endswith("." + FIRM) or dom.endswith("." + ARM)
            or dom.endswith("." + INTERNAL) or bool(RESERVED_MAIL.search(dom))
            or dom.endswith(".iam.gserviceaccount.com"))


def card_ok(value):
    if not re.fullmatch(r"\d+(?:[ -]\d+)*", value):
        return False
    num = re.sub(r"\D", "", value)
    if not luhn_ok(num) or num in TEST_CARDS:
        return False
    brand = CARD_REG.get(value)
    if brand is None:
        return False
    prefixes, lengths = BRANDS[brand]
    if len(num) not in lengths:
        return False
    if brand == "mastercard":
        return num[:2] in ("51", "52", "53", "54", "55") or 2221 <= int(num[:4]) <= 2720
    return any(num.startswith(p) for p in prefixes)


def phone_ok(value):
    if not re.fullmatch(r"[+0-9 ().\-]+", value) or value not in PHONE_REG:
        return False
    iso, cc, trunk, nsn = PHONE_REG[value]
    dig = re.sub(r"\D", "", value)
    allowed = {cc + nsn, "00" + cc + nsn}
    if trunk is not None:
        allowed.add(trunk + nsn)
    if "(0)" in value:
        allowed.add(cc + "0" + nsn)
    return dig in allowed


def ssn_ok(value):
    m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
    if not m:
        return False
    a, g, s = (int(x) for x in m.groups())
    return 0 < a < 900 and a != 666 and g > 0 and s > 0 and value not in ("123-45-6789", "078-05-1120")


def value_ok(kind, value, text, start, end):
    if kind == "email":
        return mail_ok(value) and value not in STAFF_BY_VALUE
    if kind == "phone":
        return phone_ok(value)
    if kind == "credit_card":
        return card_ok(value)
    if kind == "iban":
        compact = value.replace(" ", "")
        spaced_ok = " " not in value or value == " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))
        return iban_valid(compact) and IBAN_LEN.get(compact[:2]) == len(compact) and spaced_ok
    if kind == "ip_address":
        return ip_ok(value)
    if kind == "mac_address":
        return bool(re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}", value))
    if kind == "ssn":
        return ssn_ok(value)
    if kind == "jwt":
        return jwt_ok(value)
    if kind == "private_key":
        return pem_ok(value)
    if kind == "url_credentials":
        return text[start - 3:start] == "://" and text[end:end + 1] == "@" and ":" in value
    if kind == "password":
        return len(value) >= 6 and value.lower() not in WEAK and not PLACEHOLDER.search(value)
    if kind.startswith("api_key/"):
        return vendor_ok(kind[8:], value)
    if kind == "person":
        return True  # checked against people / contacts below
    return False


CONTACT_FORMS = defaultdict(list)


def validate(lines):
    errors = []
    build_name_parts()
    for c in CONTACTS:
        loc = fold(c.local).lower()
        for part in c.latin:
            if fold(part).lower() not in loc:
                errors.append(f"contact {c.name}: address {c.email} does not spell {part}")
        for f in c.forms():
            CONTACT_FORMS[f].append(c)
    seen = set()
    for n, ln in enumerate(lines):
        where = f"line {n} [{ln['cat']}/{ln['lang']}]"
        text = ln["text"]
        if text in seen:
            errors.append(f"{where}: duplicate text")
        seen.add(text)
        if ln["cat"].startswith("neg") and ln["spans"]:
            errors.append(f"{where}: negative line with spans")
        if not ln["cat"].startswith("neg") and not ln["spans"]:
            errors.append(f"{where}: positive line without spans")
        last = -1
        emails = {v for k, _, _, v in ln["spans"] if k == "email"}
        staff_values = {v for m in ln["staff"] for v in (m.display, m.email, m.acct)}
        for kind, s, e, value in sorted(ln["spans"], key=lambda x: x[1]):
            if s < last:
                errors.append(f"{where}: overlapping span at {s}")
            last = e
            if text[s:e] != value:
                errors.append(f"{where}: span text mismatch {value!r}")
            if value != value.strip() or ("\n" in value and kind != "private_key"):
                errors.append(f"{where}: {kind} value with whitespace {value!r}")
            if not value_ok(kind, value, text, s, e):
                errors.append(f"{where}: bad {kind} value {value!r}")
            if kind == "person" and value not in staff_values:
                if not any(c.email in emails for c in CONTACT_FORMS.get(value, [])):
                    errors.append(f"{where}: person {value!r} neither in people nor beside their address")
        # residual scan
        chars = list(text)
        for _, s, e, _ in ln["spans"]:
            chars[s:e] = "\x00" * (e - s)
        for s, e, look in ln["looks"]:
            chars[s:e] = "\x00" * (e - s)
            if not look.auto:
                extra = set(scan(look.text)) - look.allow
                if extra:
                    errors.append(f"{where}: look-alike {look.text[:50]!r} ({look.note}) holds {sorted(extra)}")
        residual = "".join(chars)
        for shape, hits in scan(residual).items():
            for s, e in hits[:2]:
                errors.append(f"{where}: unlabelled {shape}: {residual[max(0, s - 20):e + 10]!r}")
    return errors


# --- output ---------------------------------------------------------------------------------


def write(order):
    kinds = Counter()
    with open(OUT, "w", encoding="utf-8") as out:
        for n, i in enumerate(order, 1):
            ln = LINES[i]
            ln["id"] = f"held12-{n:05d}"
            data_spans = []
            for kind, s, e, _ in sorted(ln["spans"], key=lambda x: x[1]):
                bs = len(ln["text"][:s].encode())
                be = bs + len(ln["text"][s:e].encode())
                data_spans.append({"kind": kind, "start": bs, "end": be})
                kinds[kind] += 1
            record = {"id": ln["id"], "text": ln["text"], "people": ln["people"], "spans": data_spans}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return kinds


def reread_check():
    """The written file, read back as evaluate.py reads it: every span's bytes are its value."""
    problems = 0
    by_id = {ln["id"]: ln for ln in LINES}
    with open(OUT, encoding="utf-8") as f:
        for raw in f:
            rec = json.loads(raw)
            data = rec["text"].encode()
            want = sorted(by_id[rec["id"]]["spans"], key=lambda x: x[1])
            for span, (kind, _, _, value) in zip(rec["spans"], want):
                if span["kind"] != kind or data[span["start"]:span["end"]].decode() != value:
                    problems += 1
    return problems


# --- contacts -------------------------------------------------------------------------------

MAIL_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com", "clients.example.net",
                "post.example", "inbox.example", "mail.example", "webmail.example.org", "posteo.example",
                "correo.example", "sky.example", "proton.example", "home.example.net"]


def C(name, latin=None, lang="en", domain=None, local=None, upper=None):
    if latin is None:
        latin = [fold(p).lower() for p in re.split(r"[ \-]", name) if p.lower() not in PARTICLES and fold(p)]
    if local is None:
        local = ".".join(latin)
        if R.random() < 0.25:
            local += str(R.randint(2, 98))
    c = Contact(name, latin, domain or pick(MAIL_DOMAINS), lang, local, upper)
    CONTACTS.append(c)
    return c


EN_NAMES = [
    "Eleanor Whitcombe", "Marcus Oyelaran", "Beatriz Salgado Ferreira", "Tomasz Kowalczyk", "Ingrid Halvorsen",
    "Declan O'Rourke", "Siobhán Nic Aodha", "Rafael de Souza Lima", "Amelia Trentham", "Gregor Haas",
    "Hyun-woo Park", "Fatima Zahra Bennani", "Jean-Baptiste Morel", "Anouk de Wit", "Pieter-Jan Claes",
    "Margarethe Lindqvist", "Oskar Nyberg", "Hannah Feldman", "Samuel Okafor", "Chiara Lo Bianco",
    "Theo Nakamura-Reyes", "Rosalind Achterberg", "Vikram Malhotra", "Yasmin El Idrissi", "Cormac Lyons",
    "Dorothea Fink", "Emeka Nwosu", "Lucía Ortega Blanco", "Mathilde Carpentier", "Björn Åström",
    "Agnieszka Zielińska", "Rutger Blom", "Naomi Castellanos", "Wendell Prescott", "Delphine Aubry",
    "Kofi Mensah", "Ana Sofia Marques", "Stefan Brandt", "Penelope Quayle", "Idris Kamara",
    "Jorge Villanueva", "Clara Eisenberg", "Magnus Thorsen", "Evangeline Mossop", "Tariq Haddad",
    "Sunniva Bergset", "Florian Leitner", "Maud Verhoeven", "Conrad Ashworth", "Elena Moretti",
    "Jasper Kwan", "Raffaella De Santis", "Ibrahima Sy", "Winifred Osei", "Gustavo Pereira Neto",
    "Odile Fontaine", "Lars-Erik Vang", "Ruth Abernethy", "Mehmet Yıldırım", "Aurelia Constantin",
    "Nkechi Eze", "Bram Verstraete", "Harriet Loewenthal", "Quentin Marchetti", "Dagny Solheim",
    "Ewan MacAulay", "Priscilla Antwi", "Giulia Ferraresi", "Anders Holmqvist", "Mirela Popescu",
    "Callista Wren", "Ole Kristiansen", "Bernadette Ryle", "Joaquim Teixeira", "Louisa Vance",
    "Cheng Hao Lim", "Adaeze Obi", "Frederik Jansen", "Maximilian Graf", "Eilidh Munro",
]
EN = [C(n) for n in EN_NAMES]
en_contact = Cycle(EN, shuffle=True)


# --- legal look-alikes ----------------------------------------------------------------------

DIVS = ["Ch", "Comm", "KB", "TCC", "Pat", "Admin", "Fam"]


def us_docket():
    s = f"{R.randint(1, 4)}:{R.randint(20, 26)}-{pick(['cv', 'cv', 'cr', 'mc', 'bk'])}-{R.randint(100, 99999):05d}"
    if R.random() < 0.4:
        s += "-" + rs(UPPER, 3)
    return L(s, "US docket number")


def uk_citation():
    return L(f"[{R.randint(2019, 2026)}] EWHC {R.randint(100, 3999)} ({pick(DIVS)})", "neutral citation")


def uk_claim():
    return L(f"{pick(['KB', 'CL', 'BL', 'HC', 'PT', 'IL'])}-{R.randint(2022, 2026)}-{R.randint(1, 999999):06d}",
             "UK claim number")


def ecli():
    return L(pick([f"ECLI:EU:C:{R.randint(2015, 2026)}:{R.randint(10, 999)}",
                   f"ECLI:NL:HR:{R.randint(2018, 2026)}:{R.randint(100, 1999)}",
                   f"ECLI:DE:BGH:{R.randint(2018, 2026)}:{R.randint(100, 999)}{pick(['U', 'B'])}{pick(['VIZR', 'IIZR', 'XIZR'])}{R.randint(10, 999)}.{R.randint(18, 25)}.0",
                   f"ECLI:EU:T:{R.randint(2015, 2026)}:{R.randint(10, 999)}"]), "ECLI")


def eu_case():
    return L(f"{pick(['C', 'T'])}-{R.randint(10, 899)}/{R.randint(15, 25)}", "EU case number")


def celex():
    return L(pick([f"3{R.randint(2000, 2024)}R{R.randint(1, 2400):04d}", f"6{R.randint(2010, 2024)}CJ{R.randint(1, 999):04d}",
                   f"3{R.randint(2000, 2024)}L{R.randint(1, 2400):04d}"]), "CELEX number")


def bates(prefix="BFH"):
    return L(f"{prefix}{R.randint(1, 9999999):07d}", "Bates number")


def bates_range():
    a = R.randint(1, 990000)
    return [L(f"BFH{a:07d}", "Bates number"), "–", L(f"BFH{a + R.randint(5, 900):07d}", "Bates number")]


def bar_no():
    return L(pick([f"SBN {R.randint(100000, 349999)}", f"NY Reg. No. {R.randint(1000000, 5999999)}",
                   f"SRA ID {R.randint(100000, 699999)}", f"Bar No. {R.randint(10000, 99999)}",
                   f"Barreau de Paris, toque {pick(UPPER)}{R.randint(100, 999)}"]), "bar / regulator number")


STATUTES = {
    "us": ["18 U.S.C. § 1030(a)(2)(C)", "15 U.S.C. § 78j(b)", "17 C.F.R. § 240.10b-5", "Fed. R. Civ. P. 26(b)(1)",
           "28 U.S.C. § 1782", "12 U.S.C. § 5567", "Fed. R. Civ. P. 30(b)(6)", "Fed. R. Evid. 502(d)"],
    "uk": ["s. 994 Companies Act 2006", "CPR 31.16", "CPR PD 57AD para 3.1", "s. 43B Employment Rights Act 1996",
           "s. 1 Bribery Act 2010", "CPR 3.9"],
    "eu": ["Art. 15(3) GDPR", "Art. 17(1)(a) GDPR", "Art. 6(1)(f) GDPR", "§ 242 BGB", "art. 1240 du Code civil",
           "Art. 102 TFEU"],
}


def statute(j=None):
    return L(pick(STATUTES[j] if j else sum(STATUTES.values(), [])), "statute / rule citation")


def company_no():
    return L(pick([f"Companies House no. {R.randint(1, 15999999):08d}", f"RCS Luxembourg B{R.randint(10000, 289999)}",
                   f"KvK {R.randint(10000000, 99999999)}", f"HRB {R.randint(10000, 129999)} (AG Frankfurt am Main)",
                   f"CRO {R.randint(100000, 799999)}", f"Org.nr. {R.randint(800000000, 999999999)}",
                   f"BCE 0{R.randint(400000000, 899999999)}", f"SIREN {R.randint(100000000, 999999999)}"]),
             "company registration number")


def lei():
    base = pick(["5493", "2138", "5299", "9695", "7245"]) + "00" + rs(UPPER + DIG, 12)
    num = int("".join(str(int(c, 36)) for c in base + "00"))
    return L(base + f"{98 - num % 97:02d}", "LEI")


BICS = ["NWBKGB2L", "BARCGB22", "AIBKIE2D", "DEUTDEFF", "COBADEFFXXX", "BNPAFRPP", "RABONL2U", "ABNANL2A",
        "GEBABEBB", "BCEELULL", "UBSWCHZH80A", "BKAUATWW", "CAIXESBB", "UNCRITMM", "DNBANOKK", "DABADKKK",
        "GRENGLGX", "ESSESESS", "NDEAFIHH", "TGBATRIS", "LUMIILIT", "PKOPPLPW", "BCOMPTPL"]


BIC_CC = {"GB": ["NWBKGB2L", "BARCGB22", "HBUKGB4B"], "IE": ["AIBKIE2D", "BOFIIE2D"], "DE": ["DEUTDEFF", "COBADEFFXXX"],
          "FR": ["BNPAFRPP", "SOGEFRPP"], "NL": ["RABONL2U", "ABNANL2A"], "BE": ["GEBABEBB", "KREDBEBB"],
          "LU": ["BCEELULL", "BGLLLULL"], "CH": ["UBSWCHZH80A", "ZKBKCHZZ80A"], "AT": ["BKAUATWW", "RZBAATWW"],
          "ES": ["CAIXESBB", "BBVAESMM"], "IT": ["UNCRITMM", "BCITITMM"], "NO": ["DNBANOKK"], "DK": ["DABADKKK"],
          "GL": ["GRENGLGX"], "SE": ["ESSESESS", "HANDSESS"], "FI": ["NDEAFIHH", "OKOYFIHH"], "TR": ["TGBATRIS", "ISBKTRIS"],
          "IL": ["LUMIILIT", "POALILIT"], "PL": ["PKOPPLPW", "BPKOPLPW"], "PT": ["BCOMPTPL", "CGDIPTPL"]}
BANK_BIC = {"NWBK": "NWBKGB2L", "BARC": "BARCGB22", "LOYD": "LOYDGB2L", "HBUK": "HBUKGB4B", "MIDL": "MIDLGB22",
            "AIBK": "AIBKIE2D", "BOFI": "BOFIIE2D", "IPBS": "IPBSIE2D", "RABO": "RABONL2U", "ABNA": "ABNANL2A",
            "SNSB": "SNSBNL2A", "ASNB": "ASNBNL21"}


def bic(iban_value=None):
    """A BIC alone (a look-alike); the one of the IBAN's bank where it is given."""
    if iban_value:
        compact = iban_value.replace(" ", "")
        code = BANK_BIC.get(compact[4:8]) if compact[:2] in ("GB", "IE", "NL") else None
        return L(code or pick(BIC_CC[compact[:2]]), "SWIFT/BIC code")
    return L(pick(BICS), "SWIFT/BIC code")


def ib_bic(cc, spaced=None):
    value = iban(cc, spaced)
    return ("iban", value), bic(value)


def matter_no():
    return L(f"{R.randint(10000, 48999)}.{R.randint(1, 120):04d}", "client.matter number")


def invoice_no():
    return L(pick([f"INV-BFH-{R.randint(2025, 2026)}-{R.randint(1, 99999):05d}", f"BFH/{R.randint(2025, 2026)}/{R.randint(1000, 9999)}",
                   f"FL-INV-{R.randint(10000, 99999)}"]), "invoice number")


def doc_id():
    return L(pick([f"DV-{R.randint(1000000, 9999999)}.{R.randint(1, 9)}", f"#{R.randint(1000000, 9999999)}v{R.randint(1, 9)}",
                   f"{R.randint(4000, 4999)}-{R.randint(1000, 9999)}-{R.randint(1000, 9999)} v.{R.randint(1, 6)}"]),
             "document id")


def evidence_id():
    return L(f"EV-{R.randint(2025, 2026)}-{R.randint(100, 999):04d}-{R.randint(1, 99):03d}", "evidence item id")


def hash_look():
    return LA(sha256(), "SHA-256 of an evidence file")


FEES = {"$": ["$405.00", "$350.00", "$52.00", "$49.00", "$600.00"], "£": ["£10,000", "£627", "£2,528", "£308", "£569", "£313"],
        "€": ["€ 1.210,00", "€ 385,00", "€ 2.420,00", "€ 76,50"], "CHF": ["CHF 1,800.00", "CHF 400.00"],
        "NOK": ["NOK 1 243", "NOK 7 458"]}


def fee(cur=None):
    return L(pick(FEES[cur or pick(list(FEES))]), "court fee")


def hearing_date():
    return L(pick([f"{R.randint(1, 28)} {pick(['January', 'March', 'May', 'June', 'September', 'November'])} 2026",
                   f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}", f"{R.randint(1, 28):02d}.{R.randint(1, 12):02d}.2026",
                   f"{R.randint(1, 12)}/{R.randint(1, 28)}/2026"]), "hearing date")


def timecode():
    return L(f"{R.randint(0, 5):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}:{R.randint(0, 29):02d}",
             "deposition video timecode")


def version_pair():
    prod = pick(["Sifter", "DocVault Work", "FTK Imager"])
    a = [R.randint(3, 14), R.randint(0, 4), R.randint(0, 399), R.randint(1, 9)]
    b = list(a)
    b[2] += R.randint(1, 40)
    return [L(f"{prod} {'.'.join(map(str, a))}", "four-part version", "ipv4"), " → ",
            L('.'.join(map(str, b)), "four-part version", "ipv4")]


def version_look():
    return pick([L(f"Sifter {R.randint(11, 14)}.{R.randint(0, 4)}.{R.randint(100, 399)}.{R.randint(1, 9)}", "four-part version", "ipv4"),
                 L(f"DocVault Work {R.randint(10, 11)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(100, 250)}", "four-part version", "ipv4"),
                 L(f"v{R.randint(2, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)}", "version"),
                 L(f"build 2026.{R.randint(1, 12)}.{R.randint(1, 28)}.{R.randint(1, 40)}", "date-like build number", "ipv4")])


def lookalike(kind=None):
    fns = [us_docket, uk_citation, uk_claim, ecli, eu_case, celex, bates, bar_no, statute, company_no, lei, bic,
           matter_no, invoice_no, doc_id, evidence_id, hash_look, fee, hearing_date, timecode]
    return (kind or pick(fns))()


# --- the eighteen languages -----------------------------------------------------------------

LANGS = {}


def lang(code, name, roster, pc, rc, sc, refund, t):
    people = [C(n, latin=lat, lang=code, local=loc) for n, lat, loc in roster]
    LANGS[code] = dict(name=name, people=people, pc=pc, rc=rc, sc=sc, refund=refund, t=t)


lang("yi", "Yiddish", [("חיים ראָזענבערג", ["chaim", "rozenberg"], None), ("חנה גאָלדשטיין", ["chana", "goldshteyn"], None),
                        ("שמואל פֿרידמאַן", ["shmuel", "fridman"], None), ("ריבקע װײַס", ["rivke", "vays"], None),
                        ("מאיר קאַץ", ["meir", "kats"], "meir.kats.antwerpen")],
     ["GB", "BE", "US", "IL"], ["IL", "US"], ["GB", "BE"], ("iban", "GB"), dict(
    complaint="איך בין נישט צופֿרידן מיטן רעטיינער־חשבון: מע האָט מיך צוויי מאָל באַרעכנט פֿאַר דער זעלבער שעה. ⟦name⟧, טעל. ⟦phone⟧, בליצבריוו ⟦email⟧.",
    note="נאָטיץ פֿון ⟦staff⟧: דער קליענט בעט, מע זאָל רופֿן זײַן ברודער אויף ⟦phone⟧ אויב מע קען אים נישט דערגרייכן.",
    wifi="Wi-Fi אין ביוראָ אין אַנטווערפּן — נעץ BFH-Gast, פּאַראָל: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): אָט איז מײַן קאַרטל פֿאַרן אַוואַנס — ⟦card⟧",
    chat="⟦staff⟧: הײַנט בין איך אין געריכט, רופֿט מיך אויף ⟦phone⟧.",
    refund="צוריקצאָלונג פֿון £1,250.00 צו ⟦name⟧ (⟦email⟧), IBAN ⟦iban⟧.",
    neg1="די זאַך ⟦a⟧ איז אָפּגעלייגט ביז ⟦b⟧; זע ⟦c⟧.",
    neg2="באַטעס־נומערן ⟦a⟧ ביז ⟦b⟧ זענען איבערגעגעבן דעם געריכט; קאָנטראָל־סומע ⟦c⟧."))

lang("lad", "Ladino", [("Rebeka Alfandari", None, None), ("Yako Benveniste", None, None), ("Djoya Eskenazi", None, None),
                       ("Moshe de Toledo", ["moshe", "toledo"], "moshe.detoledo"), ("Estreya Kuriel", None, None)],
     ["TR"], ["IL", "TR"], ["TR"], ("iban", "TR"), dict(
    complaint="No esto kontente kon la fatura del avanso: me kobraron dos vezes la mizma ora. Me yamo ⟦name⟧; mi telefon es ⟦phone⟧ i mi posta elektronika ⟦email⟧.",
    note="Nota de ⟦staff⟧: la klienta demando ke yamemos a su ermano al ⟦phone⟧ si no la topamos.",
    wifi="Wifi de la ofisina de Estambol (red BFH-Misafir) — kontrasenya: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): aki esta mi karta para el avanso — ⟦card⟧, vale asta 11/27.",
    chat="⟦staff⟧: Oy esto en el tribunal, yamame al ⟦phone⟧.",
    refund="Rembolso de 4.800,00 TRY a ⟦name⟧ (⟦email⟧), IBAN ⟦iban⟧.",
    neg1="El kavzo ⟦a⟧ fue diferido asta el ⟦b⟧; ver ⟦c⟧.",
    neg2="Los dokumentos ⟦a⟧ a ⟦b⟧ fueron entregados al tribunal; hash ⟦c⟧."))

lang("se", "Northern Sami", [("Biret Ánne Somby", None, None), ("Máhtte Gaino", None, None),
                             ("Elle Sárá Hætta", ["elle", "sara", "haetta"], None), ("Ánte Balto", None, None),
                             ("Risten Utsi", None, None)],
     ["NO"], ["NO", "SE"], ["NO"], ("iban", "NO"), dict(
    complaint="In leat duhtavaš rehkegiin: mun lean mákson guktii seamma diimmu ovddas. ⟦name⟧, tel. ⟦phone⟧, e-poasta ⟦email⟧.",
    note="⟦staff⟧ čálii: Klienta oabbá sáhttá riŋget ⟦phone⟧ jus mii eat olát su.",
    wifi="Kantuvrra Wi-Fi (BFH-Guossi) beassansátni: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): Dá lea mu kortanummir ovdamáksui — ⟦card⟧",
    chat="⟦staff⟧: Lean diggegottis odne, riŋge munnje ⟦phone⟧.",
    refund="Máksit ruovttoluotta 6 500 NOK ⟦name⟧ (⟦email⟧) kontui ⟦iban⟧.",
    neg1="Ášši ⟦a⟧ lea sirdojuvvon ⟦b⟧ rádjái; geahča ⟦c⟧.",
    neg2="Dokumeanttat ⟦a⟧ – ⟦b⟧ leat sáddejuvvon diggái; kontrollasubmi ⟦c⟧."))

lang("kl", "Greenlandic", [("Nivi Kleist", None, None), ("Aviaaja Lynge", None, None), ("Malik Berthelsen", None, None),
                           ("Pipaluk Heilmann", None, None), ("Aqqaluk Petersen", None, None)],
     ["GL"], ["GL", "DK"], ["GL", "DK"], ("iban", "GL"), dict(
    complaint="Akiliisitsissut naammagittaalliuutigaara: akunnermut ataatsimut marloriarlunga akiliisinneqarpunga. ⟦name⟧, oqarasuaat ⟦phone⟧, e-mail ⟦email⟧.",
    note="⟦staff⟧: Klientip najaa ⟦phone⟧-imut sianerfigineqarsinnaavoq.",
    wifi="Allaffiup Wi-Fi-ata isissutissaq: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): Kortiga siumoortumik akiliummut — ⟦card⟧",
    chat="⟦staff⟧: Ullumi eqqartuussivimmiippunga — sianerfigisinnaavarma ⟦phone⟧.",
    refund="Utertitsineq 3.200,00 DKK ⟦name⟧ (⟦email⟧) kontoanut ⟦iban⟧.",
    neg1="Suliaq ⟦a⟧ kinguartinneqarpoq ⟦b⟧ tikillugu; takuuk ⟦c⟧.",
    neg2="Allagaatit ⟦a⟧ – ⟦b⟧ eqqartuussivimmut nassiunneqarput; misissuiffik ⟦c⟧."))

lang("wa", "Walloon", [("Djôzef Lemaîre", None, None), ("Mareye Dethier", None, None), ("Djan Grandjean", None, None),
                       ("Houbert Lambotte", None, None), ("Colete Massart", None, None)],
     ["BE"], ["BE", "FR"], ["BE"], ("iban", "BE"), dict(
    complaint="Dji n' so nén contint del fature: on m' a fwait payî deus côps po l' minme eure. ⟦name⟧, telefone ⟦phone⟧, emile ⟦email⟧.",
    note="⟦staff⟧: Li cliyint a dmandé k' on soune a s' fré å ⟦phone⟧ s' on nel trove nén.",
    wifi="Wi-Fi do burô d' Lidje — mot d' passe: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): vo-ci m' carte po l' avance — ⟦card⟧",
    chat="⟦staff⟧: Dji so å tribunå ouy; sonez-m' å ⟦phone⟧.",
    refund="Rindaedje di 950,00 EUR a ⟦name⟧ (⟦email⟧), IBAN ⟦iban⟧.",
    neg1="L' afaire ⟦a⟧ a stî ritardêye disk' å ⟦b⟧; vey ⟦c⟧.",
    neg2="Les documints ⟦a⟧ – ⟦b⟧ ont stî evoyîs å tribunå; sômme di controle ⟦c⟧."))

lang("li", "Limburgish", [("Sjeng van de Venne", ["sjeng", "venne"], "sjeng.vandevenne"), ("Truus Schrijnemakers", None, None),
                          ("Guus Kurvers", None, None), ("Mariëlle Lemmens", None, None), ("Sjra Dassen", None, None)],
     ["NL"], ["NL", "BE"], ["NL"], ("iban", "NL"), dict(
    complaint="Ich bin neet tevreej mèt de rekening: ze höbbe mich twee kieër veur dezelfde oer laote betaole. ⟦name⟧, tillefoon ⟦phone⟧, e-mail ⟦email⟧.",
    note="⟦staff⟧: De cliënt vroog of veer zien zöster kinne belle op ⟦phone⟧.",
    wifi="Wifi op 't kantoor in Mestreech — wachwaord: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): hie is mien kaart veur 't veurschot — ⟦card⟧",
    chat="⟦staff⟧: Ich zit vandaag in de rechbank, bel mich op ⟦phone⟧.",
    refund="Trökbetaoling van € 1.480,00 aan ⟦name⟧ (⟦email⟧), IBAN ⟦iban⟧.",
    neg1="De zaak ⟦a⟧ is oetgestèld tot ⟦b⟧; zuug ⟦c⟧.",
    neg2="Stökker ⟦a⟧ tot ⟦b⟧ zien nao de rechbank gesjik; controlesom ⟦c⟧."))

lang("kab", "Kabyle", [("Tassadit Aït Kaci", ["tassadit", "kaci"], "tassadit.aitkaci"), ("Ɛli Ouamrane", ["ali", "ouamrane"], None),
                       ("Dihya Saɛdi", ["dihya", "saadi"], None), ("Muḥend Ameẓyan", ["muhend", "amezyan"], None),
                       ("Lwiza Ḥemmadi", ["lwiza", "hemmadi"], None)],
     ["DZ"], ["DZ", "FR"], ["FR", "DZ"], ("card", ["visa", "mastercard"]), dict(
    complaint="Ur qebleɣ ara tafaturt: ssxellṣen-iyi snat n tikkal ɣef yiwet n tsaɛet. ⟦name⟧, tilifun ⟦phone⟧, imayl ⟦email⟧.",
    note="⟦staff⟧: Amsaɣ yessuter ad nessiwel i gma-s ɣef ⟦phone⟧ ma ur t-nufi ara.",
    wifi="Wi-Fi n tnarit n Lezzayer — awal uffir: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): ha-tt tkarḍa-inu i usellef — ⟦card⟧",
    chat="⟦staff⟧: Aql-i deg lmeḥkama ass-a, siwel-iyi-d ɣef ⟦phone⟧.",
    refund="Tuɣalin n 18 000 DZD i ⟦name⟧ (⟦email⟧) ɣef tkarḍa ⟦card⟧.",
    neg1="Taɣawsa ⟦a⟧ tettwasmutti ɣer ⟦b⟧; wali ⟦c⟧.",
    neg2="Isemlen ⟦a⟧ – ⟦b⟧ ttwaceggɛen i lmeḥkama; asmekti ⟦c⟧."))

lang("om", "Oromo", [("Caalaa Gammadaa", None, None), ("Hawwii Tolasaa", None, None), ("Lammii Dhugaasaa", None, None),
                     ("Obsee Tufaa", None, None), ("Gaaddisee Bultumee", None, None)],
     ["ET"], ["ET"], ["ET", "GB"], ("card", ["visa", "mastercard", "unionpay"]), dict(
    complaint="Kaffaltii tajaajilaa irratti komii qaba: sa'aatii tokkoof si'a lama na kaffalchiisan. ⟦name⟧, bilbila ⟦phone⟧, imeelii ⟦email⟧.",
    note="⟦staff⟧: Maamilli obboleessa isaa ⟦phone⟧ irratti akka bilbillu gaafate.",
    wifi="Wi-Fi waajjira Finfinnee — jecha darbii: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): kaardiin koo kaffaltii duraaf — ⟦card⟧",
    chat="⟦staff⟧: Har'a mana murtii jira; ⟦phone⟧ irratti naaf bilbilaa.",
    refund="Maallaqa deebii ETB 12,400 ⟦name⟧ (⟦email⟧) kaardii ⟦card⟧ irratti.",
    neg1="Galmeen ⟦a⟧ hanga ⟦b⟧ tti dabarfameera; ⟦c⟧ ilaalaa.",
    neg2="Sanadoonni ⟦a⟧ – ⟦b⟧ mana murtiitti ergamaniiru; ida'ama mirkaneessaa ⟦c⟧."))

lang("fj", "Fijian", [("Litia Naivalu", None, None), ("Sevanaia Rokotuiwai", None, None), ("Mereoni Vakaloloma", None, None),
                      ("Isoa Tabualevu", None, None), ("Salote Qalo", None, None)],
     ["FJ"], ["FJ", "AU"], ["FJ"], ("card", ["visa", "mastercard", "amex"]), dict(
    complaint="Au sega ni vakacegu ena i vola ni saumi: e rua na gauna au saumi kina ena dua ga na aua. ⟦name⟧, talevoni ⟦phone⟧, imeli ⟦email⟧.",
    note="⟦staff⟧: E kerea na kasitama me keimami qiria na tacina ena ⟦phone⟧.",
    wifi="Wi-Fi ena valenivolavola e Suva — vosa vuni: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): oqo na noqu kadi — ⟦card⟧",
    chat="⟦staff⟧: Au tiko ena mataveilewai nikua, qiria mai ena ⟦phone⟧.",
    refund="Lesu ni ilavo FJD 640.00 vei ⟦name⟧ (⟦email⟧) ena kadi ⟦card⟧.",
    neg1="Na kisi ⟦a⟧ e vakaberaberataki me yacova na ⟦b⟧; raica ⟦c⟧.",
    neg2="Na ivola ⟦a⟧ – ⟦b⟧ e sa vakau i na mataveilewai; sivi ni vakadinadina ⟦c⟧."))

lang("haw", "Hawaiian", [("Leilani Kamakaʻala", ["leilani", "kamakaala"], None), ("Keahi Nāone", None, None),
                         ("Kaleo Kahananui", None, None), ("Pualani Kealoha", None, None), ("Kekoa Pāʻia", ["kekoa", "paia"], None)],
     [("US", None, 1)], [("US", None, 1), ("US", None, 0)], [("US", None, 1)], ("card", ["visa", "amex", "discover"]), dict(
    complaint="ʻAʻole au i ʻoluʻolu i ka pila: ua hoʻouku ʻia au ʻelua manawa no ka hola hoʻokahi. ⟦name⟧, kelepona ⟦phone⟧, leka uila ⟦email⟧.",
    note="⟦staff⟧: Ua noi ka mea kūkā e kelepona i kona kaikuaʻana ma ⟦phone⟧.",
    wifi="ʻŌlelo huna: ⟦pw⟧ (Wi-Fi o ke keʻena ma Honolulu)",
    card="⟦name⟧ (⟦email⟧): eia kaʻu kāleka — ⟦card⟧",
    chat="⟦staff⟧: Aia au ma ka ʻaha hoʻokolokolo i kēia lā; e kelepona mai ma ⟦phone⟧.",
    refund="Hoʻihoʻi kālā $385.00 iā ⟦name⟧ (⟦email⟧) ma ke kāleka ⟦card⟧.",
    neg1="Ua hoʻopaneʻe ʻia ka hihia ⟦a⟧ a hiki i ⟦b⟧; e nānā i ⟦c⟧.",
    neg2="Ua hoʻouna ʻia nā palapala ⟦a⟧ – ⟦b⟧ i ka ʻaha; helu hōʻoia ⟦c⟧."))

lang("quc", "Kʼicheʼ", [("Juana Ixcoy Tzul", None, None), ("Pedro Batz Quiej", None, None), ("Ixchel Tum Cux", None, None),
                        ("Tomás Xiloj Tuyuc", None, None), ("Catarina Tzoc Chávez", None, None)],
     ["GT"], ["GT", "US"], ["GT"], ("card", ["visa", "mastercard"]), dict(
    complaint="Man kinkikot ta rukʼ ri tojbʼal: kamul xinkitoj rukʼ jun ora. ⟦name⟧, ⟦phone⟧, ⟦email⟧.",
    note="⟦staff⟧: Ri ajchak xuta chqe kqasikʼij che ri uchaqʼ pa ⟦phone⟧.",
    wifi="Wi-Fi pa ri kʼolibʼal re Xelaju — ewal tzij: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): are waʼ ri nutarjeta — ⟦card⟧",
    chat="⟦staff⟧: In kʼo pa ri qʼatbʼal tzij kamik, kinasikʼij pa ⟦phone⟧.",
    refund="Tzalijibʼal Q 1,150.00 che ⟦name⟧ (⟦email⟧) pa ri tarjeta ⟦card⟧.",
    neg1="Ri chʼaʼoj ⟦a⟧ xjalwachix che ri ⟦b⟧; chawilaʼ ⟦c⟧.",
    neg2="Ri wuj ⟦a⟧ – ⟦b⟧ xetaq che ri qʼatbʼal tzij; ajilabʼal ⟦c⟧."))

lang("pap", "Papiamento", [("Sharlon Fraai", None, None), ("Yudelka Paulina", None, None), ("Jeandric Koeiman", None, None),
                           ("Mireille Martis", None, None), ("Rignald Isenia", None, None)],
     ["CW"], ["CW", "NL"], ["CW"], ("card", ["visa", "mastercard", "discover"]), dict(
    complaint="Mi no ta kontentu ku e faktura: nan a kobra mi dos biaha pa e mesun ora. ⟦name⟧, telefòn ⟦phone⟧, e-mail ⟦email⟧.",
    note="⟦staff⟧: E kliente a pidi pa nos yama su ruman muhé na ⟦phone⟧.",
    wifi="Wifi na ofisina di Willemstad — kontraseña: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): aki ta mi karchi pa e avans — ⟦card⟧",
    chat="⟦staff⟧: Mi ta na korte awe, yama mi na ⟦phone⟧.",
    refund="Reembolso di ANG 720,00 na ⟦name⟧ (⟦email⟧) riba karchi ⟦card⟧.",
    neg1="E kaso ⟦a⟧ a keda pospon te ⟦b⟧; wak ⟦c⟧.",
    neg2="Dokumentonan ⟦a⟧ – ⟦b⟧ a wòrdu entregá na korte; suma di kontrol ⟦c⟧."))

lang("ilo", "Ilocano", [("Marites dela Peña", ["marites", "pena"], "marites.delapena"), ("Rogelio Agbayani", None, None),
                        ("Remedios Agpaoa", None, None), ("Dionisio Ulep", None, None), ("Leonora Bumanglag", None, None)],
     [("PH", None, 0), ("PH", "nat", 2)], ["PH", "US"], ["PH", "SG"], ("card", ["visa", "mastercard", "jcb"]), dict(
    complaint="Saan a nasayaat ti bayadan: namindua a pinabayadandak iti maysa laeng nga oras. ⟦name⟧, telepono ⟦phone⟧, email ⟦email⟧.",
    note="⟦staff⟧: Kiniddaw ti kliente nga awagantayo ti kabsatna iti ⟦phone⟧.",
    wifi="Wi-Fi iti opisina idiay Laoag — sekreto a balikas: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): daytoy ti kardko para iti abanse — ⟦card⟧",
    chat="⟦staff⟧: Addaak iti korte ita, awagannak iti ⟦phone⟧.",
    refund="Isubli ti PHP 8,500.00 ken ni ⟦name⟧ (⟦email⟧) iti kard ⟦card⟧.",
    neg1="Ti kaso ⟦a⟧ ket naitantan agingga iti ⟦b⟧; kitaen ti ⟦c⟧.",
    neg2="Dagiti dokumento ⟦a⟧ – ⟦b⟧ ket naipatulod iti korte; checksum ⟦c⟧."))

lang("shn", "Shan", [("ၸၢႆးၶမ်းလႅင်", ["sai", "kham", "leng"], "saikhamleng"), ("ၼၢင်းသႅင်ၶမ်း", ["nang", "seng", "kham"], "nangsengkham"),
                     ("ၸၢႆးယွတ်ႈမိူင်း", ["sai", "yot", "muang"], "sai.yotmuang"), ("ၼၢင်းႁၢၼ်ၶမ်း", ["nang", "harn", "kham"], "nangharnkham")],
     ["MM", "TH"], ["MM"], ["TH"], ("card", ["visa", "unionpay", "jcb"]), dict(
    complaint="ၶႃႈ ဢမ်ႇပေႃးၸႂ် ၸွမ်းၽႅၼ်ႇငိုၼ်း — ဢဝ်ငိုၼ်းသွင်ပွၵ်ႈ တႃႇၶၢဝ်းယၢမ်းလဵဝ်. ⟦name⟧, ၾူၼ်း ⟦phone⟧, ဢီးမေးလ် ⟦email⟧.",
    note="⟦staff⟧: ၵူၼ်းၸႂ်ႉ ၶႂ်ႈႁႂ်ႈ ႁွင်ႉ ပီႈၸၢႆးမၼ်း တီႈ ⟦phone⟧.",
    wifi="Wi-Fi ႁွင်ႈၵၢၼ် ဝဵင်းတူၼ်ႈ — ၵႂၢမ်းလပ်ႉ: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): ၵၢတ်ႇၶႃႈ — ⟦card⟧",
    chat="⟦staff⟧: မိူဝ်ႈၼႆႉ ယူႇတီႈသၢၼ်; ႁွင်ႉၶႃႈ ⟦phone⟧.",
    refund="ပၼ်ငိုၼ်းၶိုၼ်း THB 3,600 ၸူး ⟦name⟧ (⟦email⟧) ၼႂ်းၵၢတ်ႇ ⟦card⟧.",
    neg1="ၵိၼ်ႇ ⟦a⟧ ထူၵ်ႇသိုၼ်ႇဝၼ်းထိုင် ⟦b⟧; ႁၼ် ⟦c⟧.",
    neg2="ၽိုၼ်လိၵ်ႈ ⟦a⟧ – ⟦b⟧ သူင်ႇပၼ် သၢၼ်ယဝ်ႉ; ⟦c⟧."))

lang("ksw", "Sgaw Karen", [("နီၢ်ပီၢ်ဝါ", ["naw", "paw", "wah"], "nawpawwah"), ("စီၤအ့ၣ်ထူ", ["saw", "eh", "htoo"], "saw.ehhtoo"),
                           ("နီၢ်မူထူ", ["naw", "mu", "htoo"], "nawmuhtoo")],
     ["TH", "MM"], ["TH"], ["TH"], ("card", ["visa", "mastercard"]), dict(
    complaint="ယဘၣ်ဟ့ၣ်စ့ခံဘျီ လၢနၣ်ရံၣ်တဖျၢၣ်အဂီၢ်. ⟦name⟧, လီတဲစိ ⟦phone⟧, အံမ့ၣ် ⟦email⟧.",
    note="⟦staff⟧: ပှၤဃုထၢၣ်ဃ့ၣ်ဝဲ ကကိးအဒီပုၣ် ⟦phone⟧.",
    wifi="Wi-Fi ဝဲၤကျိး — တၢ်ကတိၤခူသူၣ်: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): ယကးအ့ၣ် — ⟦card⟧",
    chat="⟦staff⟧: ယအိၣ်ဖဲကွီၢ်ဘျီၣ် မုၢ်နံၤအံၤ, ကိးယၤ ⟦phone⟧.",
    refund="ဟ့ၣ်ကဒါက့ၤစ့ THB 2,900 ဆူ ⟦name⟧ (⟦email⟧) ⟦card⟧.",
    neg1="တၢ်ဂ့ၢ် ⟦a⟧ ဘၣ်တၢ်သုးယံာ်အီၤ တုၤ ⟦b⟧; ကွၢ် ⟦c⟧.",
    neg2="လံာ်တီလံာ်မီ ⟦a⟧ – ⟦b⟧ ဘၣ်တၢ်ဆှၢထီၣ် ဆူကွီၢ်ဘျီၣ်; ⟦c⟧."))

lang("sd", "Sindhi", [("ساجد سومرو", ["sajid", "soomro"], None), ("رخسانه ٽالپر", ["rukhsana", "talpur"], None),
                      ("نديم ميمڻ", ["nadeem", "memon"], None), ("شازيه لغاري", ["shazia", "laghari"], None),
                      ("عمران ڄامڙو", ["imran", "jamro"], None)],
     ["PK"], ["PK", "AE"], ["PK", "AE"], ("card", ["visa", "mastercard", "unionpay"]), dict(
    complaint="مان بل مان مطمئن نه آهيان: هڪ ئي ڪلاڪ لاءِ ٻه ڀيرا پئسا ورتا ويا. ⟦name⟧، فون ⟦phone⟧، اي ميل ⟦email⟧.",
    note="⟦staff⟧: ڪلائنٽ چيو ته سندس ڀاءُ کي ⟦phone⟧ تي فون ڪيو وڃي.",
    wifi="آفيس جي وائي فائي جو پاسورڊ: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): منهنجو ڪارڊ — ⟦card⟧",
    chat="⟦staff⟧: اڄ مان عدالت ۾ آهيان، مون کي ⟦phone⟧ تي فون ڪريو.",
    refund="⟦name⟧ (⟦email⟧) کي Rs 42,000 واپس، ڪارڊ ⟦card⟧ تي.",
    neg1="ڪيس ⟦a⟧ ⟦b⟧ تائين ملتوي ٿيو؛ ڏسو ⟦c⟧.",
    neg2="دستاويز ⟦a⟧ – ⟦b⟧ عدالت ڏانهن موڪليا ويا؛ چيڪ سم ⟦c⟧."))

lang("sah", "Sakha", [("Сардаана Николаева", ["sardaana", "nikolaeva"], None), ("Айаал Слепцов", ["aiaal", "sleptsov"], None),
                      ("Күннэй Петрова", ["kunnei", "petrova"], None), ("Ньургун Охлопков", ["nyurgun", "okhlopkov"], None),
                      ("Туйаара Саввинова", ["tuiaara", "savvinova"], None)],
     [("RU", None, 0)], [("RU", None, 0), ("RU", "nat", 1)], ["RU"], ("card", ["mir"]), dict(
    complaint="Мин счётка сөбүлэспэппин: биир чаас иһин икки төгүл төлөттөрдүлэр. ⟦name⟧, төлөпүөн ⟦phone⟧, электроннай почта ⟦email⟧.",
    note="⟦staff⟧: Клиент убайыгар ⟦phone⟧ нүөмэринэн эрийэргэ көрдөстө.",
    wifi="Офис Wi-Fi — кистэлэҥ тыл: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): мин картам — ⟦card⟧",
    chat="⟦staff⟧: Бүгүн суукка баарбын, ⟦phone⟧ эрийиҥ.",
    refund="⟦name⟧ (⟦email⟧) 14 500 ₽ төннөрүү, Мир карта ⟦card⟧.",
    neg1="⟦a⟧ дьыала ⟦b⟧ диэри көһөрүлүннэ; көр ⟦c⟧.",
    neg2="⟦a⟧ – ⟦b⟧ докумуоннар суукка ыытылыннылар; хэш ⟦c⟧."))

lang("ln", "Lingala", [("Dieudonné Mputu", None, None), ("Exaucé Ngalula", None, None), ("Bienvenu Ilunga", None, None),
                       ("Merveille Lokwa", None, None), ("Christelle Nsimba", None, None)],
     ["CD"], ["CD", "BE"], ["CD", "BE"], ("card", ["visa", "mastercard"]), dict(
    complaint="Nasepeli te na fakitire: bafutisi ngai mbala mibale mpo na ngonga moko. ⟦name⟧, telefone ⟦phone⟧, imeli ⟦email⟧.",
    note="⟦staff⟧: Mokiliya asɛngi ete tóbenga ndeko na ye ya mobali na ⟦phone⟧.",
    wifi="Wi-Fi ya biro ya Kinshasa — liloba ya sekele: ⟦pw⟧",
    card="⟦name⟧ (⟦email⟧): karte na ngai — ⟦card⟧",
    chat="⟦staff⟧: Nazali na tribunal lelo, bénga ngai na ⟦phone⟧.",
    refund="Kozongisa USD 310.00 epai ya ⟦name⟧ (⟦email⟧) na karte ⟦card⟧.",
    neg1="Likambo ⟦a⟧ lizongisami kino ⟦b⟧; tala ⟦c⟧.",
    neg2="Mikanda ⟦a⟧ – ⟦b⟧ etindamaki na tribunal; checksum ⟦c⟧."))

LANG_STAFF = {"yi": ["miriam.shtern", "imogen.ashcroft", "lea.vandenberghe"], "lad": ["yusuf.demirtas", "sofia.delavega"],
              "se": ["henrik.solberg", "stellan.akerlund"], "kl": ["henrik.solberg", "beatrix.haldane"],
              "wa": ["lea.vandenberghe", "camille.desrosiers"], "li": ["marguerite.vanoosten", "fenna.dijkstra"],
              "kab": ["camille.desrosiers", "noor.alhashimi"], "om": ["niamh.gallagher", "thandiwe.mokoena"],
              "fj": ["weilin.tan", "niamh.gallagher"], "haw": ["malia.kahale", "dana.whitfield"],
              "quc": ["sofia.delavega", "hamish.crawford"], "pap": ["marguerite.vanoosten", "ines.carvalho"],
              "ilo": ["weilin.tan", "farah.qureshi"], "shn": ["weilin.tan", "niamh.gallagher"],
              "ksw": ["niamh.gallagher", "weilin.tan"], "sd": ["farah.qureshi", "noor.alhashimi"],
              "sah": ["aitalina.egorova", "niamh.gallagher"], "ln": ["lea.vandenberghe", "thandiwe.mokoena"]}


# --- language lines -------------------------------------------------------------------------


def jira_key(project):
    return f"{project}-{R.randint(12, 4999)}"


def lang_lines(code, idx):
    g = LANGS[code]
    t = g["t"]
    people = Cycle(g["people"], shuffle=True)
    st = Cycle([S[x] for x in LANG_STAFF[code]])
    name = g["name"]

    def lph(spec):
        return ph(*spec) if isinstance(spec, tuple) else ph(spec)

    def refund_value():
        kind, what = g["refund"]
        if kind == "iban":
            return {"iban": ib(what)}
        return {"card": cc(pick(what))}

    # fee / retainer complaint with the client's phone and e-mail
    c = people()
    body = T(t["complaint"], name=c.n, phone=lph(pick(g["pc"])), email=c.e)
    wrap = idx % 4
    if wrap == 0:
        pieces = [f"{jira_key('INTAKE')} · Fee complaint ({name})\n"] + body
    elif wrap == 1:
        pieces = [f"Client portal › Contact form › Billing query · lang={code}\nMessage:\n"] + body
    elif wrap == 2:
        s2 = st()
        pieces = T("{quote}⟦b⟧{quote}\n⟦s⟧ — forwarding to billing; please translate and reply within 5 working days.",
                   b=body, s=s2.d)
    else:
        pieces = [f"[{hm()}] Intake chatbot ({name}) » "] + body
    add("fee_complaint", pieces, lang=code)

    # case note with a relative's phone
    s1 = st()
    body = T(t["note"], staff=s1.d, phone=lph(pick(g["rc"])))
    if idx % 3 == 0:
        pieces = [f"Case note {date()} · matter "] + [matter_no()] + ["\n"] + body
    elif idx % 3 == 1:
        pieces = [f"{jira_key('CLINIC')} comment:\n"] + body
    else:
        pieces = body + [f"\n(translated summary requested from the {name} interpreter pool)"]
    add("case_note", pieces, lang=code, extra=others(s1))

    # office Wi-Fi / portal password in the language's own word
    body = T(t["wifi"], pw=("password", wifi_pass() if idx % 2 == 0 else password()))
    if idx % 3 == 0:
        pieces = [f"Pinned in #office-{code}: "] + body
    elif idx % 3 == 1:
        pieces = [f"Confluence › Office guide ({name}) › Guest access\n"] + body
    else:
        pieces = body + ["\n— reception"]
    add("wifi_password", pieces, lang=code, people=[st()])

    # card pasted into a support chat
    c = people()
    body = T(t["card"], name=c.n, email=c.e, card=cc(pick(g["refund"][1]) if g["refund"][0] == "card" else brand_cycle()))
    if idx % 2 == 0:
        t1, t2 = clock(2)
        pieces = [f"[{t1}] "] + body + [f"\n[{t2}] Bot: Please never send card numbers in chat; an agent will call you."]
    else:
        pieces = [f"Support chat transcript ({name}), exported {date()}\n"] + body
    add("card_chat", pieces, lang=code)

    # chat line with a staff member's phone
    s1 = st()
    body = T(t["chat"], staff=s1.d, phone=lph(pick(g["sc"])))
    if idx % 2 == 0:
        pieces = [f"[{hm()}] "] + body
    else:
        t1, t2 = clock(2)
        pieces = [f"Teams · #court-team-{code}\n{t1} "] + body + [f"\n{t2} ✔ seen"]
    add("staff_phone_chat", pieces, lang=code, extra=others(s1))

    # refund
    c = people()
    kw = refund_value()
    body = T(t["refund"], name=c.n, email=c.e, **kw)
    s2 = st()
    if idx % 2 == 0:
        pieces = T("⟦b⟧\nApproved by ⟦s⟧ · ledger ref ⟦r⟧", b=body, s=s2.d, r=invoice_no())
    else:
        pieces = [f"{jira_key('TRUST')} · Refund ({name})\n"] + body
    add("refund", pieces, lang=code, people=[s2] if idx % 2 else [])

    # two negative sentences with legal look-alikes
    a, b = us_docket() if idx % 2 else uk_claim(), hearing_date()
    add("neg_lang", T(t["neg1"], a=a, b=b, c=statute("us" if idx % 2 else "uk")), lang=code, people=others(n=1))
    lo = R.randint(1, 990000)
    add("neg_lang", T(t["neg2"], a=L(f"BFH{lo:07d}", "Bates number"), b=L(f"BFH{lo + R.randint(10, 900):07d}", "Bates number"),
                      c=hash_look()), lang=code)


def build_languages():
    for i, code in enumerate(LANGS):
        lang_lines(code, i)


# --- English: intake, conflicts, KYC, trust money, retainer cards ---------------------------

COMPANIES = ["Brightwater Holdings Ltd", "Lumen Freight BV", "Northgate Biotech plc", "Calder Shipping SA",
             "Orrin Capital LLC", "Veltra Energie GmbH", "Mistral Aviation Leasing DAC", "Halyard Foods Inc.",
             "Corvane Mining Ltd", "Sablewood Properties SARL", "Tessellate Systems Inc.", "Parrock Insurance AG",
             "Quarrymoor Homes Ltd", "Feldspar Pharma NV", "Anselm Logistics AS", "Kitewing Robotics Ltd",
             "Glasshouse Media ApS", "Pelican Bay Hotels LLC", "Runestone Fisheries A/S", "Ivybridge Pensions Trustee Ltd",
             "Marlin Reinsurance SE", "Tidewater Ports Authority", "Zenhaus Software GmbH", "Oakhurst Retail Group plc"]
company = Cycle(COMPANIES, shuffle=True)
SECTORS = ["shipping", "biotech", "aviation leasing", "retail", "fintech", "mining", "real estate", "insurance",
           "energy", "pensions", "media", "software"]
CITY_CC = [("London", "GB"), ("Dublin", "IE"), ("Frankfurt", "DE"), ("Paris", "FR"), ("Amsterdam", "NL"),
           ("Brussels", "BE"), ("Luxembourg", "LU"), ("Zurich", "CH"), ("Vienna", "AT"), ("Madrid", "ES"),
           ("Milan", "IT"), ("Oslo", "NO"), ("Stockholm", "SE"), ("Helsinki", "FI"), ("Istanbul", "TR"),
           ("Tel Aviv", "IL"), ("Warsaw", "PL"), ("Lisbon", "PT"), ("Copenhagen", "DK"), ("Nuuk", "GL")]
city = Cycle(CITY_CC, shuffle=True)
PHONE_CC = ["GB", "IE", "US", "DE", "FR", "NL", "BE", "LU", "CH", "AT", "ES", "IT", "NO", "DK", "SE", "FI", "TR",
            "IL", "SG", "HK", "AU", "AE", "CA", "PH", "RU", "GL", "ZA"]
PHONE_CC = [c for c in PHONE_CC if c in PHONE_PLANS]
phone_cc = Cycle(PHONE_CC, shuffle=True)
IBAN_CC = Cycle(list(IBAN_LEN), shuffle=True)
ROLE = {k: ("email", f"{k}@{FIRM}") for k in ("intake", "conflicts", "trustaccounts", "dsar", "hotline", "billing",
                                                   "efiling", "litsupport", "itservicedesk", "privacy", "accounts.payable",
                                                   "reception", "clinic", "kyc", "noreply", "svc-jira")}
ROLE["svc-sifter"] = ("email", f"svc-sifter@{ARM}")
ROLE["svc-docvault"] = ("email", f"svc-docvault@{INTERNAL}")


def amount(cur=None):
    cur = cur or pick(["£", "€", "$", "CHF ", "NOK "])
    return f"{cur}{R.randint(1, 95) * 500 + pick([0, 250]):,}.00"


def intake(i):
    c, s1, s2, co, adv = en_contact(), lawyer(), supporter(), company(), company()
    v = i % 3
    if v == 0:
        pieces = T("⟦k⟧ New matter intake: ⟦co⟧ v ⟦adv⟧\nReporter: ⟦s1⟧\nProspective client contact: ⟦n⟧ <⟦e⟧>, ⟦p⟧\n"
                   "Adverse party: ⟦adv⟧ (⟦reg⟧)\nEstimated fees ⟦fee⟧; retainer requested ⟦ret⟧\n"
                   "Conflict search raised with ⟦conf⟧ — assignee [~accountid:⟦a2⟧]",
                   k=jira_key("INTAKE"), co=co, adv=adv, s1=s1.d, n=c.n, e=c.e, p=ph(phone_cc()), reg=company_no(),
                   fee=amount("£"), ret=amount("£"), conf=ROLE["conflicts"], a2=s2.a)
    elif v == 1:
        pieces = T("h3. Intake summary\n||Field||Value||\n|Client|⟦co⟧ (⟦sec⟧)|\n|Instructing contact|⟦n⟧|\n|Email|⟦e⟧|\n"
                   "|Direct line|⟦p⟧|\n|Matter type|Commercial litigation — ⟦cit⟧|\n|Responsible partner|⟦s1⟧|\n"
                   "|Billing contact|⟦bill⟧|",
                   co=co, sec=pick(SECTORS), n=c.n, e=c.e, p=ph(phone_cc()), cit=statute(), s1=s1.d, bill=ROLE["billing"])
    else:
        pieces = T("⟦s1⟧ added a comment:\nSpoke to ⟦n⟧ (GC at ⟦co⟧) this morning. Best number is ⟦p⟧, e-mail ⟦e⟧. "
                   "They want us on the ⟦adv⟧ arbitration before the ⟦d⟧ deadline. ⟦s2⟧ please open the conflict check.",
                   s1=s1.d, n=c.n, co=co, p=ph(phone_cc()), e=c.e, adv=adv, d=hearing_date(), s2=s2.d)
    add("intake", pieces)


def conflict(i):
    s1, s2, s3 = supporter(), lawyer(), lawyer()
    c = en_contact()
    rows = [(company(), pick(["Adverse", "Client", "Related party", "Former client"]), matter_no(), s2, pick(["Closed", "Open"])),
            (company(), pick(["Adverse", "Co-defendant", "Witness (corporate)"]), matter_no(), s3, pick(["Open", "Closed 2023"]))]
    pieces = [f"{jira_key('CONF')} Conflict check — results (run by ", s1.d, ")\n||Party||Role||Matter||Partner||Status||\n"]
    for co, role, m, st, status in rows:
        pieces += ["|", co, "|", role, "|", m, "|", st.d, "|", status, "|\n"]
    pieces += T("|⟦n⟧ (individual, ⟦e⟧)|Guarantor|new|—|Pending|\n", n=c.n, e=c.e)
    pieces += ["Outcome: ", pick(["no conflict", "waiver needed from the former client", "information barrier required"]),
               ". Escalated to ", ROLE["conflicts"], "."]
    add("conflict", pieces)


def kyc(i):
    c, s1 = en_contact(), supporter()
    cty, cc_ = city()
    us = i % 4 == 0
    iban_, bic_ = ib_bic(cc_)
    rows = T("h3. KYC / AML onboarding — ⟦n⟧\n||Check||Result||\n|Client name|⟦n2⟧|\n|Email|⟦e⟧|\n|Mobile|⟦p⟧|\n"
             "|Source-of-funds account|⟦iban⟧ (⟦bic⟧)|\n",
             n=c.n, n2=c.up, e=c.e, p=ph(cc_, plan=0), iban=iban_, bic=bic_)
    if us:
        rows += T("|US person|Yes — W-9 on file, SSN ⟦ssn⟧|\n", ssn=ssn())
    rows += T("|Sanctions / PEP screen|Clear (screening ref ⟦ref⟧)|\n|Portal login IP at onboarding|⟦ip⟧|\n"
              "|Reviewed by|[~accountid:⟦a⟧]|",
              ref=L(f"WC-{R.randint(10000000, 99999999)}", "screening reference"),
              ip=ip("pub") if i % 3 else ip6("pub"), a=s1.a)
    add("kyc", rows)


def trust_prose(i):
    c, s1, s2 = en_contact(), supporter(), lawyer()
    cty, cc_ = city()
    iban_, bic_ = ib_bic(cc_)
    pieces = T("⟦k⟧ Client account payment request\nPlease release ⟦amt⟧ from the client (trust) account, matter ⟦m⟧, "
               "to ⟦n⟧ (⟦e⟧), IBAN ⟦iban⟧, BIC ⟦bic⟧ — settlement monies per the consent order ⟦cit⟧.\n"
               "First signatory: ⟦s1⟧. Second signatory: ⟦s2⟧. Call-back to the payee done on ⟦p⟧ at ⟦t⟧.",
               k=jira_key("TRUST"), amt=amount(), m=matter_no(), n=c.n, e=c.e, iban=iban_, bic=bic_,
               cit=uk_citation(), s1=s1.d, s2=s2.d, p=ph(cc_), t=hm())
    add("trust_payment", pieces)


def trust_csv(i):
    s1 = supporter()
    pieces = ["Client-account payment batch ", L(f"CAB-2026-{R.randint(100, 999)}", "batch id"), " (export from the ledger)\n",
              "value_date,matter,payee,payee_email,iban,amount,currency,approved_by\n"]
    for _ in range(R.randint(3, 4)):
        c = en_contact()
        _, cc_ = city()
        approver = pick(LAWYERS)
        pieces += [date(), ",", matter_no(), ",", c.n, ",", c.e, ",", ib(cc_, spaced=False), ",",
                   f"{R.randint(200, 90000)}.{R.randint(0, 99):02d}", ",", pick(["GBP", "EUR", "CHF", "NOK", "USD"]), ",",
                   approver.e, "\n"]
    pieces += ["prepared by ", s1.e]
    add("trust_payment", pieces)


def trust_xml(i):
    c = en_contact()
    _, cc_ = city()
    iban_, bic_ = ib_bic(cc_, spaced=False)
    pieces = T('<CdtTrfTxInf>\n  <PmtId><EndToEndId>⟦eid⟧</EndToEndId></PmtId>\n  <Amt><InstdAmt Ccy="EUR">⟦amt⟧</InstdAmt></Amt>\n'
               '  <CdtrAgt><FinInstnId><BICFI>⟦bic⟧</BICFI></FinInstnId></CdtrAgt>\n  <Cdtr><Nm>⟦n⟧</Nm>\n'
               '    <CtctDtls><EmailAdr>⟦e⟧</EmailAdr></CtctDtls></Cdtr>\n  <CdtrAcct><Id><IBAN>⟦iban⟧</IBAN></Id></CdtrAcct>\n'
               '  <RmtInf><Ustrd>Refund of unused retainer ⟦m⟧</Ustrd></RmtInf>\n</CdtTrfTxInf>\n'
               '<!-- debtor: Brackenfold Harrow LLP client account ⟦firm⟧ -->',
               eid=L(f"BFH{R.randint(10**9, 10**10 - 1)}", "end-to-end id"), amt=f"{R.randint(500, 40000)}.00",
               bic=bic_, n=c.n, e=c.e, iban=iban_, m=matter_no(), firm=ib(pick(["GB", "LU", "IE"]), spaced=False))
    add("trust_payment", pieces)


def trust_fraud(i):
    c, s1 = en_contact(), supporter()
    _, cc_ = city()
    pieces = T("⟦k⟧ Bank-detail change — possible mandate fraud\nA message claiming to be from ⟦n⟧ <⟦e⟧> asks us to pay the "
               "completion monies to a new account ⟦new⟧ instead of ⟦old⟧. Reply-To was ⟦rt⟧ and the message came from ⟦ip⟧.\n"
               "⟦s⟧: called the client on the number in the engagement letter (⟦p⟧) — she did NOT change her bank. Payment on hold.",
               k=jira_key("TRUST"), n=c.n, e=c.e, new=ib(pick(["PL", "PT", "ES", "IT"])),
               old=ib(cc_), rt=("email", f"{c.latin[0]}.{c.latin[-1]}.payments@{pick(['mailbox.example', 'secure-mail.example'])}"),
               ip=ip("pub"), s=s1.d, p=ph(cc_))
    add("trust_payment", pieces)


def trust_refund_email(i):
    c, s1 = en_contact(), supporter()
    _, cc_ = city()
    pieces = T("From: ⟦n⟧ <⟦e⟧>\nTo: ⟦ta⟧\nSubject: Re: refund of retainer balance (⟦m⟧)\n\nHello, the matter is closed — "
               "please refund the balance of ⟦amt⟧ to my account ⟦iban⟧. If you need me, I'm on ⟦p⟧.\nKind regards,\n⟦n2⟧\n\n"
               "> On ⟦d⟧, ⟦s⟧ <⟦se⟧> wrote:\n> We hold ⟦amt2⟧ on client account for you; please confirm your bank details.",
               n=c.n, e=c.e, ta=ROLE["trustaccounts"], m=matter_no(), amt=amount(), iban=ib(cc_), p=ph(phone_cc()),
               n2=c.n, d=hearing_date(), s=s1.d, se=s1.e, amt2=amount())
    add("trust_payment", pieces)


def retainer_card(i):
    c, s1, s2 = en_contact(), lawyer(), supporter()
    brand = brand_cycle()
    v = i % 3
    if v == 0:
        pieces = T("[⟦t1⟧] ⟦s1⟧: client on the phone wants to pay the ⟦amt⟧ retainer by card\n"
                   "[⟦t2⟧] ⟦s2⟧: send the payment link, please don't take it over chat\n"
                   "[⟦t3⟧] ⟦s1⟧: too late, pasted from the portal chat: ⟦card⟧ exp ⟦exp⟧, cardholder ⟦up⟧, receipt to ⟦e⟧\n"
                   "[⟦t4⟧] ⟦s2⟧: ok — charge it, then delete this thread. PCI incident logged as ⟦sec⟧.",
                   **dict(zip(("t1", "t2", "t3", "t4"), clock(4))), s1=s1.d, s2=s2.d, amt=amount("£"), card=cc(brand),
                   exp=f"{R.randint(1, 12):02d}/{R.randint(27, 31)}", up=c.up, e=c.e, sec=jira_key("SEC"))
    elif v == 1:
        pieces = T("Portal chat (retainer top-up)\n⟦n⟧: hi, can I pay the top-up now? card ⟦card⟧ expiry ⟦exp⟧\n"
                   "Agent (⟦s2⟧): thank you — for your security I will send a secure link to ⟦e⟧ instead.\n"
                   "⟦n⟧: ok. my mobile if needed ⟦p⟧",
                   n=c.n, card=cc(brand), exp=f"{R.randint(1, 12):02d}/{R.randint(27, 31)}", s2=s2.d, e=c.e, p=ph(phone_cc()))
    else:
        pieces = T("⟦k⟧ Retainer paid by card over the phone — ⟦n⟧ (⟦e⟧)\nCard: ⟦card⟧ (⟦brand⟧). Amount ⟦amt⟧ against matter ⟦m⟧. "
                   "Taken by ⟦s2⟧; card details to be purged from this ticket once the terminal receipt is attached.",
                   k=jira_key("BILL"), n=c.n, e=c.e, card=cc(brand), brand=brand.capitalize() if brand != "amex" else "Amex",
                   amt=amount(), m=matter_no(), s2=s2.d)
    add("retainer_card", pieces)


# --- English: e-filing, e-discovery, DMS, configs, keys, network ----------------------------

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def efiling(i):
    s1 = supporter()
    v = i % 5
    if v == 0:
        pieces = T("Shared CourtLink e-filing account (litigation support) — parked here until the Vault migration:\n"
                   "Portal: https://efile.courts.example/ecf/login\nLogin: ⟦u⟧\nPassword: ⟦p⟧\nTOTP secret: ⟦seed⟧ "
                   "(authenticator on the team phone ⟦ph⟧)",
                   u=ROLE["litsupport"], p=pw(), seed=("password", rs(B32, 32)), ph=ph("US", plan=0))
    elif v == 1:
        pieces = T("⟦s⟧ cannot get into CE-File: account ⟦e⟧. HMCTS support reset it to the temporary password ⟦p⟧ "
                   "— change it at first login and file the ⟦claim⟧ bundle before ⟦t⟧.",
                   s=s1.d, e=s1.e, p=pw(1), claim=uk_claim(), t=hm())
    elif v == 2:
        pieces = T("$ curl -sS -u bfh_efsp:⟦p⟧ https://api.efile.courts.example/v4/filings \\\n    -F case=⟦d⟧ -F lead=@motion_to_compel.pdf\n"
                   '{"status":"accepted","envelope":"⟦env⟧","fee":"⟦fee⟧"}',
                   p=pw(3), d=us_docket(), env=L(f"ENV-{R.randint(10**7, 10**8 - 1)}", "envelope id"), fee=fee())
    elif v == 3:
        pieces = T("Docket-monitoring account for the New York team: user bfhnylit / ⟦p⟧. Invoices for page fees go to ⟦b⟧; "
                   "put the matter number (⟦m⟧) in the client-code field. Owner: ⟦s⟧.",
                   p=pw(2), b=ROLE["billing"], m=matter_no(), s=s1.d)
    else:
        upw = url_password()
        pieces = T("# efile-bot/config.env\nEFILE_ENDPOINT=https://⟦c⟧@efile-gw.courts.example/api/v2\n"
                   "EFILE_NOTIFY=⟦n⟧\nEFILE_RETRY=3\nEFILE_CASES=⟦d⟧,⟦d2⟧",
                   c=("url_credentials", f"bfh_lit:{upw}"), n=ROLE["efiling"], d=us_docket(), d2=us_docket())
    add("efiling", pieces)


def ediscovery(i):
    s1 = techie()
    v = i % 5
    if v == 0:
        pieces = T('{\n  "workspace": "Project ⟦proj⟧ — ⟦d⟧",\n  "instance": "https://review.foldline.io/Sifter",\n'
                   '  "client_id": "⟦cid⟧",\n  "client_secret": "⟦cs⟧",\n  "processing": {\n    "s3_bucket": "fl-ediscovery-ingest",\n'
                   '    "aws_access_key_id": "⟦ak⟧",\n    "aws_secret_access_key": "⟦sk⟧"\n  },\n  "notify": "⟦n⟧"\n}',
                   proj=pick(["Heron", "Basalt", "Kestrel", "Larch", "Osprey"]), d=us_docket(),
                   cid=L(uuid4(), "OAuth client id"), cs=("password", rs(ALNUM, 40)), ak=key("aws"),
                   sk=key("aws", "secret"), n=s1.e)
    elif v == 1:
        pieces = T('from sifter_sdk import SifterClient\nimport openai\n\nclient = SifterClient(base_url="https://review.foldline.io", '
                   'api_key="⟦k1⟧")\nopenai.api_key = "⟦k2⟧"  # privilege-log summariser, TODO move to Vault\n'
                   'batch = client.saved_search(workspace=⟦ws⟧, name="Privileged - ⟦bates⟧ onwards")',
                   k1=("password", rs(ALNUM, 32)), k2=key("openai"), ws=str(R.randint(1010000, 1099999)), bates=bates())
    elif v == 2:
        pieces = T("[⟦ts⟧] ingest job ⟦job⟧ workspace=⟦d⟧ source=s3://fl-ediscovery-ingest/⟦ev⟧/ key_id=⟦ak⟧\n"
                   "[⟦ts⟧] OCR via vision API key=⟦g⟧ pages=⟦n⟧\n[⟦ts⟧] done — notified ⟦s⟧ (⟦se⟧) from ⟦host⟧",
                   ts=ts(), job=str(R.randint(4000, 9999)), d=us_docket(), ev=evidence_id(), ak=key("aws"), g=key("google"),
                   n=str(R.randint(1000, 90000)), s=s1.d, se=s1.e, host=ip("priv"))
    elif v == 3:
        pieces = T("# sifter-alerts.env\nPRODUCTION_ALERT_WEBHOOK=⟦hook⟧\nSENDGRID_API_KEY=⟦sg⟧\nALERT_FROM=⟦nr⟧\nALERT_TO=⟦s⟧",
                   hook=key("slack", "hook"), sg=key("sendgrid"), nr=ROLE["noreply"], s=s1.e)
    else:
        pieces = T("Review exports land in Azure blob storage — connection string for the export worker:\n"
                   "DefaultEndpointsProtocol=https;AccountName=flreviewexports;AccountKey=⟦k⟧;EndpointSuffix=core.windows.net\n"
                   "Rotated by ⟦s⟧ after production ⟦pv⟧ went out.",
                   k=key("azure"), s=s1.d, pv=L(f"PROD{R.randint(1, 60):03d}", "production volume"))
    add("ediscovery", pieces)


def dms(i):
    s1 = techie()
    v = i % 5
    if v == 0:
        pieces = T("DocVault indexer runs as ⟦svc⟧.\nODBC: Driver={ODBC Driver 18 for SQL Server};Server=tcp:⟦ip⟧,1433;"
                   "Database=DVActive;Uid=svc_dv_indexer;Pwd=⟦p⟧;Encrypt=yes;TrustServerCertificate=no",
                   svc=ROLE["svc-docvault"], ip=ip("priv"), p=pw(1))
    elif v == 1:
        pieces = T("Caused by: com.microsoft.sqlserver.jdbc.SQLServerException: Login failed for user 'svc_dv'.\n"
                   "  url=jdbc:sqlserver://⟦ip⟧:1433;databaseName=DVActive;user=svc_dv;password=⟦p⟧;encrypt=true\n"
                   "  at com.docvault.sync.Indexer.run(Indexer.java:214)",
                   ip=ip("priv"), p=pw(3))
    elif v == 2:
        pieces = T("Migration script for the matter-centric workspaces (⟦s⟧):\n$ dvmigrate --source mssql://⟦c⟧@dms-sql01.⟦dom⟧:1433/DVActive "
                   "--target https://docs.foldline.io --since ⟦d⟧",
                   s=s1.d, c=("url_credentials", f"dv_migrate:{url_password()}"), dom=INTERNAL, d=date())
    elif v == 3:
        pieces = T("NetDocs-style cabinet sync (service account ⟦svc⟧)\nclient_id: ⟦cid⟧\nclient_secret: ⟦cs⟧\n"
                   "repository: ⟦rep⟧\ncabinet: Litigation — EMEA",
                   svc=ROLE["svc-docvault"], cid=L("AP-" + rs(UPPER + DIG, 8), "OAuth client id"),
                   cs=("password", rs(ALNUM, 36)), rep=L("CA-" + rs(UPPER + DIG, 8), "repository id"))
    else:
        pieces = T("$ ldapsearch -H ldaps://⟦ip⟧ -D 'CN=svc-docvault,OU=Service Accounts,DC=bfh,DC=internal' -w ⟦p⟧ "
                   "-b 'OU=Matters,DC=bfh,DC=internal' '(mail=⟦e⟧)' memberOf",
                   ip=ip("priv"), p=pw(1), e=s1.e)
    add("dms", pieces)


def env_file(i):
    s1 = techie()
    env = pick(["production", "staging", "uat"])
    lines = [f"# portal.foldline.io — client intake portal ({env})\n", f"APP_ENV={env}\n"]
    opts = [
        T("DATABASE_URL=postgresql://⟦c⟧@⟦ip⟧:5432/intake\n", c=("url_credentials", f"portal_app:{url_password()}"), ip=ip("priv")),
        T("REDIS_URL=rediss://⟦c⟧@cache-01.⟦d⟧:6380/0\n", c=("url_credentials", f":{url_password()}"), d=INTERNAL),
        T("SENDGRID_API_KEY=⟦k⟧\n", k=key("sendgrid")),
        T("STRIPE_SECRET_KEY=⟦k⟧\n", k=key("stripe", "sk")),
        T("STRIPE_WEBHOOK_SECRET=⟦k⟧\n", k=key("stripe", "whsec")),
        T("SIFTER_CLIENT_SECRET=⟦k⟧\n", k=("password", rs(ALNUM, 40))),
        T("JWT_SIGNING_SECRET=⟦k⟧\n", k=("password", rs(B64URL, 48))),
        T("TWILIO_API_KEY=⟦k⟧\nTWILIO_API_SECRET=⟦s⟧\n", k=key("twilio", "sk"), s=key("twilio", "secret")),
        T("HOTLINE_NUMBER=⟦p⟧\n", p=ph(pick(["GB", "US", "IE"]), "e164")),
        T("ADMIN_EMAIL=⟦e⟧\n", e=s1.e),
        T("HF_TOKEN=⟦k⟧\n", k=key("huggingface")),
        T("ANTHROPIC_API_KEY=⟦k⟧\n", k=key("anthropic")),
        T("SENTRY_ENVIRONMENT=production\nLOG_LEVEL=info\n"),
    ]
    R.shuffle(opts)
    lines += opts[:R.randint(5, 8)]
    lines.append(f"# last rotated {date()}")
    add("env_file", lines)


def k8s_secret(i):
    user = pick(["svc_dv_indexer", "sifter_worker", "portal_app", "billing_sync"])
    secret = password(1)
    pieces = T("apiVersion: v1\nkind: Secret\nmetadata:\n  name: ⟦name⟧\n  namespace: legaltech\ntype: Opaque\ndata:\n"
               "  username: ⟦u⟧\n  password: ⟦p⟧\nstringData:\n  ⟦extra_k⟧: ⟦extra⟧",
               name=user.replace("_", "-"), u=L(base64.b64encode(user.encode()).decode(), "base64 user name", "entropy"),
               p=("password", base64.b64encode(secret.encode()).decode()),
               extra_k=["GITHUB_TOKEN", "GITLAB_TOKEN", "DO_TOKEN", "NPM_TOKEN"][i % 4],
               extra=key(["github", "gitlab", "digitalocean", "npm"][i % 4]))
    add("k8s_secret", pieces)


def ci_log(i):
    v = i % 4
    stamp = f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d}T{R.randint(6, 22):02d}:{R.randint(10, 59)}:{R.randint(10, 59)}"
    if v == 0:
        pieces = T("⟦t⟧.1021432Z ##[group]Run ./scripts/release.sh\n⟦t⟧.1034410Z + curl -sf -H \"Authorization: token ⟦k⟧\" "
                   "https://api.github.com/repos/foldline/sifter-connectors/releases\n⟦t⟧.9913020Z + rsync -a dist/ deploy@⟦ip⟧:/srv/connectors",
                   t=stamp, k=key("github"), ip=ip("priv"))
    elif v == 1:
        pieces = T("$ docker login -u gitlab-ci-token -p ⟦k⟧ registry.gitlab.foldline.io\nWARNING! Using --password via the CLI is insecure.\n"
                   "Login Succeeded\n$ docker push registry.gitlab.foldline.io/legaltech/intake-portal:⟦v⟧",
                   k=key("gitlab"), v=version_look())
    elif v == 2:
        pieces = T("[Pipeline] sh\n+ npm config set //registry.npmjs.org/:_authToken ⟦k⟧\n+ npm publish --access restricted\n"
                   "npm notice Publishing to https://registry.npmjs.org/ with tag latest\n+ twine upload -u __token__ -p ⟦p⟧ dist/*",
                   k=key("npm"), p=key("pypi"))
    else:
        pieces = T("Job #⟦n⟧ failed: terraform apply\n  Error: 401 Unauthorized (token ⟦k⟧)\n  on providers.tf line 12, "
                   "in provider \"digitalocean\"\nRunner: ⟦ip⟧ (⟦ip6⟧)",
                   n=str(R.randint(10000, 99999)), k=key("digitalocean"), ip=ip("pub"), ip6=ip6("pub"))
    add("ci_log", pieces)


def jwt_lines(i):
    s1 = anyone()
    v = i % 4
    if v == 0:
        pieces = T("$ curl -s https://api.foldline.io/v1/matters/⟦m⟧/documents \\\n  -H 'Authorization: Bearer ⟦j⟧'",
                   m=matter_no(), j=jwt({"email": s1.email, "roles": ["matter:read"]}))
    elif v == 1:
        pieces = T('{"access_token":"⟦a⟧","expires_in":300,"refresh_expires_in":1800,"refresh_token":"⟦r⟧",'
                   '"token_type":"Bearer","session_state":"⟦ss⟧","scope":"openid email profile"}',
                   a=jwt({"preferred_username": "sifter-reviewer"}), r=jwt({"typ": "Refresh"}, "HS512"),
                   ss=L(uuid4(), "session_state"))
    elif v == 2:
        c = en_contact()
        pieces = T("⟦ts⟧ INFO portal.auth login ok user=⟦e⟧ ip=⟦ip⟧ token=⟦j⟧", ts=ts(), e=c.e, ip=ip("pub"),
                   j=jwt({"scope": "client-portal"}, "ES256"))
    else:
        pieces = T('"request": {"method": "GET", "url": "https://review.foldline.io/sifter/api/v1/workspaces",\n'
                   ' "headers": [{"name": "Authorization", "value": "Bearer ⟦j⟧"},\n  {"name": "X-Request-Id", "value": "⟦rid⟧"}]}',
                   j=jwt({"email": s1.email}), rid=L(uuid4(), "request id"))
    add("jwt", pieces)


def private_keys(i):
    s1 = techie()
    v = i % 4
    if v == 0:
        pieces = T("SFTP key for the court-bundle provider (bundles.example.net), pasted by ⟦s⟧ — move to Vault please:\n⟦k⟧",
                   s=s1.d, k=private_key(pick(["rsa", "openssh"])))
    elif v == 1:
        pieces = T('{\n  "type": "service_account",\n  "project_id": "foldline-ocr-2291",\n  "private_key_id": "⟦kid⟧",\n'
                   '  "private_key": "⟦k⟧\\n",\n  "client_email": "⟦ce⟧",\n  "client_id": "⟦cid⟧"\n}',
                   kid=L(hexs(40), "private_key_id"), k=private_key("pkcs8", sep="\\n"),
                   ce=("email", "ocr-worker@foldline-ocr-2291.iam.gserviceaccount.com"),
                   cid=L(str(R.randint(10**20, 10**21 - 1)), "numeric client_id", "luhn"))
    elif v == 2:
        pieces = T("DMS backup host: ssh -i ~/.ssh/dv_backup backup@⟦ip⟧ — key below (ed25519):\n⟦k⟧",
                   ip=ip("priv"), k=private_key("openssh"))
    else:
        pieces = T("E-signature JWT grant key (integration ⟦iid⟧):\n⟦k⟧\nOwner: ⟦s⟧",
                   iid=L(uuid4(), "integration key id"), k=private_key(pick(["ec", "pkcs8", "ed25519"])), s=s1.d)
    add("private_key", pieces)


def url_creds(i):
    v = i % 3
    if v == 0:
        pieces = T("kombu.exceptions.OperationalError: [Errno 111] Connection refused\n  broker: amqps://⟦c⟧@mq-01.⟦d⟧:5671/ediscovery",
                   c=("url_credentials", f"sifter_worker:{url_password()}"), d=INTERNAL)
    elif v == 1:
        pieces = T("MONGO_URI=mongodb+srv://⟦c⟧@clinic-cluster.mongo.example.net/intake?retryWrites=true&w=majority",
                   c=("url_credentials", f"clinic_app:{url_password()}"))
    else:
        pieces = T("Scan-to-email on the 3rd-floor MFP uses smtp://⟦c⟧@smtp.⟦d⟧:587 — printer at ⟦ip⟧",
                   c=("url_credentials", f"scanner%40{FIRM}:{url_password()}"), d=FIRM, ip=ip("priv"))
    add("url_credentials", pieces)


def cloud_keys(i):
    v = i % 3
    if v == 0:
        pieces = T("# ~/.aws/credentials on the processing VM\n[foldline-ediscovery]\naws_access_key_id = ⟦ak⟧\n"
                   "aws_secret_access_key = ⟦sk⟧\naws_session_token = ⟦st⟧\nregion = eu-west-2",
                   ak=key("aws"), sk=key("aws", "secret"), st=("password", "IQoJb3JpZ2luX2Vj" + rs(ALNUM + "/+", 180)))
    elif v == 1:
        pieces = T('# terraform.tfvars (legaltech-infra)\ndo_token = "⟦k⟧"\ntfc_token = "⟦t⟧"\nalert_email = "⟦e⟧"',
                   k=key("digitalocean"), t=key("hashicorp", "tfc"), e=techie().e)
    else:
        pieces = T("$ export VAULT_ADDR=https://vault.⟦d⟧:8200\n$ export VAULT_TOKEN=⟦t⟧\n$ vault kv get secret/docvault/indexer",
                   d=INTERNAL, t=("api_key/hashicorp", "hvs." + rs(B64URL, 24)))
    add("cloud_keys", pieces)


def network(i):
    s1, s2 = anyone(), techie()
    v = i % 5
    if v == 0:
        pieces = [f"{jira_key('ITOPS')} · Unknown device on the 4th floor ({pick(['London', 'Dublin', 'Amsterdam'])}) — lease table\n"]
        for _ in range(3):
            pieces += T('lease ⟦ip⟧ { hardware ethernet ⟦m⟧; client-hostname "⟦h⟧"; }\n',
                        ip=ip("priv"), m=mac("colon"), h=pick(["LAPTOP-7F3K2Q", "iPhone", "BFH-LT-0412", "android-3f2a", "Surface-Go"]))
        pieces += T("Second laptop belongs to ⟦s⟧ — approved by ⟦s2⟧.", s=s1.d, s2=s2.d)
    elif v == 1:
        pieces = T("⟦ts⟧ aruba-mc01 <501080> Client ⟦m⟧ (user ⟦u⟧) failed 802.1X on SSID BFH-Staff, AP ⟦ap⟧, IP ⟦ip⟧\n"
                   "⟦ts2⟧ aruba-mc01 <501093> Client ⟦m⟧ blacklisted for 300s",
                   ts=ts(), ts2=ts(), m=mac("colon"), u=s1.e, ap=mac("DASH"), ip=ip("priv"))
    elif v == 2:
        pieces = T("VPN (GlobalProtect) login for ⟦s⟧ from ⟦ip⟧ / ⟦ip6⟧ at ⟦t⟧ — assigned ⟦vip⟧, device MAC ⟦m⟧. "
                   "Flagged because the previous login was from ⟦ip2⟧ 40 minutes earlier.",
                   s=s1.e, ip=ip("pub"), ip6=ip6("pub"), t=hm(), vip=ip("priv"), m=mac(), ip2=ip("pub"))
    elif v == 3:
        pieces = T("Printer/scanner MFP-3F (serial ⟦sn⟧) moved to VLAN 40: new address ⟦ip⟧, gateway ⟦gw⟧, MAC ⟦m⟧. "
                   "Scan-to-folder account svc_scan / ⟦p⟧ re-entered by ⟦s⟧.",
                   sn=L(rs(UPPER + DIG, 10), "device serial"), ip=ip("priv"), gw=ip("priv"), m=mac("DASH"), p=pw(1), s=s2.d)
    else:
        pieces = T("fw-lon-01 deny tcp src=⟦a⟧:⟦pa⟧ dst=⟦b⟧:3389 rule=⟦r⟧ (RDP from internet to the DMS jump host)\n"
                   "fw-lon-01 deny tcp src=⟦a2⟧:⟦pa2⟧ dst=⟦b⟧:3389 rule=⟦r⟧\nnoted by ⟦s⟧",
                   a=ip("pub"), pa=str(R.randint(1025, 65000)), b=ip("priv"), r=str(R.randint(100, 999)),
                   a2=ip6("pub"), pa2=str(R.randint(1025, 65000)), s=s2.d)
    add("network", pieces)


VENDOR_CONTEXTS = [
    "⟦s⟧ pasted the token into the ticket by mistake: ⟦k⟧ — revoked and rotated.",
    "[⟦t⟧] ⟦s⟧: can someone check why this key fails? ⟦k⟧",
    "Found in the matter-intake repo history (config/settings.py): ⟦k⟧ — committed by ⟦s⟧, now purged.",
    "⟦s⟧ added a comment: the integration still uses ⟦k⟧; please replace before go-live on ⟦d⟧.",
    "gitleaks: Finding: token = \"⟦k⟧\" File: deploy/values-prod.yaml Commit: ⟦c⟧ Author: ⟦s⟧",
    "Export from the old password spreadsheet, row 14 (owner ⟦s⟧): ⟦k⟧",
]
VENDOR_VARIANT = {"aws": None, "github": None, "slack": None, "stripe": None, "twilio": None}


def vendor_leak(i):
    vendor = VENDORS[i % len(VENDORS)]
    s1 = anyone()
    ctx = VENDOR_CONTEXTS[(i // len(VENDORS) * 3 + i) % len(VENDOR_CONTEXTS)]
    variant = "secret" if vendor == "aws" and i >= len(VENDORS) else None
    kw = dict(s=s1.d, k=key(vendor, variant))
    if "⟦t⟧" in ctx:
        kw["t"] = hm()
    if "⟦d⟧" in ctx:
        kw["d"] = hearing_date()
    if "⟦c⟧" in ctx:
        kw["c"] = LA(hexs(40), "commit SHA")
    add("vendor_leak", T(ctx, **kw))


# --- English: billing, depositions, experts, GDPR, holds, hotline, clinic -------------------

NARRATIVES = [
    lambda: T("Call with ⟦n⟧ (⟦e⟧) re retainer top-up", **_ne()),
    lambda: T("Voicemail left for the client on ⟦p⟧; follow-up e-mail", p=ph(phone_cc())),
    lambda: ["Review production ", bates_range(), " for privilege"],
    lambda: ["Attend CMC, claim ", uk_claim()],
    lambda: ["Draft disclosure list (", statute("uk"), ")"],
    lambda: T("Prepare ⟦n⟧ (⟦e⟧) for deposition; logistics", **_ne()),
    lambda: ["Research ", ecli(), " and ", eu_case()],
    lambda: ["Instruct costs draftsman; invoice ", invoice_no()],
]


def _ne():
    c = en_contact()
    return dict(n=c.n, e=c.e)


def billing_csv(i):
    pieces = [f"{jira_key('BILL')} · WIP export for matter ", matter_no(), " (pre-bill review)\n",
              "timekeeper,timekeeper_email,date,task,hours,rate,narrative\n"]
    for _ in range(R.randint(4, 5)):
        s = pick(LAWYERS + SUPPORT[:4])
        pieces += [s.d, ",", s.e, ",", date(), ",", pick(["L110", "L120", "L210", "L330", "L430", "A104"]), ",",
                   f"{R.randint(1, 40) / 10:.1f}", ",", str(pick([295, 420, 560, 650, 780, 950])), ',"',
                   pick(NARRATIVES)(), '"\n']
    pieces.append(f"-- {R.randint(20, 90)} rows omitted --")
    add("billing_csv", pieces)


def reporter_mail():
    return ("email", pick(["scheduling@reporting.example.com", "bookings@depo.example.net", "calendar@veritext.example"]))


def deposition_email(i):
    s1, s2, w, oc = lawyer(), supporter(), en_contact(), en_contact()
    host = f"mail-{pick(['eu', 'us', 'uk'])}{R.randint(1, 4)}.{FIRM}"
    pieces = T("Return-Path: <⟦se⟧>\nReceived: from ⟦host⟧ (⟦host⟧ [⟦ip⟧])\n        by mx2.example.net with ESMTPS id ⟦id⟧; ⟦d⟧\n"
               "X-Originating-IP: [⟦oip⟧]\nFrom: ⟦s1⟧ <⟦se2⟧>\nTo: \"⟦ocn⟧\" <⟦oce⟧>\nCc: ⟦s2⟧ <⟦s2e⟧>, ⟦ls⟧\n"
               "Subject: Deposition of ⟦wn⟧ — ⟦dk⟧\nMessage-ID: <⟦mid⟧>\n\nCounsel,\n\nWe propose to take the deposition of ⟦wn2⟧ "
               "(⟦we⟧) on ⟦hd⟧ at 9:30 a.m. ET by video. The witness can be reached through their assistant on ⟦wp⟧. "
               "The court reporter (⟦rep⟧, ⟦rp⟧) will circulate the link.\n\n> On ⟦qd⟧, ⟦ocn2⟧ <⟦oce2⟧> wrote:\n"
               "> Please confirm the date works for your witness and send the exhibit list (⟦br⟧).\n\n--\n⟦s13⟧ | Senior Associate\n"
               "Brackenfold Harrow LLP | ⟦sp⟧ | ⟦se3⟧",
               se=s1.e, host=host, ip=ip("pub"), id=L(rs(UPPER + DIG, 12), "SMTP queue id"), d=hearing_date(), oip=ip("pub"),
               s1=s1.d, se2=s1.e, ocn=oc.n, oce=oc.e, s2=s2.d, s2e=s2.e, ls=ROLE["litsupport"], wn=w.n, dk=us_docket(),
               mid=L(f"{rs(HEX, 16)}.{R.randint(1000, 9999)}@{host}", "Message-ID", "email"), wn2=w.n, we=w.e,
               hd=hearing_date(), wp=ph(phone_cc()), rep=reporter_mail(), rp=ph("US", "nat"), qd=hearing_date(), ocn2=oc.n,
               oce2=oc.e, br=bates_range(), s13=s1.d, sp=ph(pick(["GB", "US", "IE"])), se3=s1.e)
    add("deposition_email", pieces)


def deposition_sms(i):
    w = en_contact()
    rows = [T("⟦ts⟧,OUT,⟦to⟧,\"Reminder: your deposition is on ⟦d⟧ at 09:30. Reply C to confirm.\"\n",
              ts=ts(), to=("phone", phone("US", "msisdn")), d=hearing_date()),
            T("⟦ts⟧,IN,⟦fr⟧,\"C — also please use ⟦e⟧ for the link\"\n", ts=ts(), fr=("phone", phone("US", "e164")), e=w.e)]
    pieces = ["SMS gateway export (deposition reminders)\nsent_at,direction,msisdn,body\n"] + rows
    add("deposition_email", pieces)


def expert_invoice(i):
    c = en_contact()
    us = i % 3 == 0
    hours = R.randint(20, 160) / 2
    cur, rate = ("$", 650) if us else pick([("£", 480), ("€", 520), ("£", 395), ("€", 610)])
    pieces = T("INVOICE ⟦inv⟧\nFrom: Dr ⟦n⟧ — forensic accountant — ⟦e⟧ — ⟦p⟧\nTo: Brackenfold Harrow LLP, accounts payable (⟦ap⟧)\n"
               "Re: expert report in ⟦case⟧\nProfessional fees: ⟦h⟧ h × ⟦rate⟧ = ⟦tot⟧\n",
               inv=invoice_no(), n=c.n, e=c.e, p=ph("US" if us else phone_cc()), ap=ROLE["accounts.payable"],
               case=us_docket() if us else uk_claim(), h=f"{hours:.1f}", rate=f"{cur}{rate}", tot=f"{cur}{hours * rate:,.2f}")
    if us:
        pieces += T("Payment by ACH to routing ⟦rt⟧, account ending ⟦last⟧. W-9 enclosed: TIN (SSN) ⟦ssn⟧.",
                    rt=L(pick(["021000021", "026009593", "121000358"]), "ABA routing number"), last=str(R.randint(1000, 9999)),
                    ssn=ssn())
    else:
        _, cc_ = city()
        iban_, bic_ = ib_bic(cc_)
        pieces += T("Payment within 30 days to IBAN ⟦iban⟧, BIC ⟦bic⟧. VAT reg. ⟦vat⟧.",
                    iban=iban_, bic=bic_, vat=L(f"{pick(['GB', 'IE', 'DE'])}{R.randint(100000000, 999999999)}", "VAT number"))
    add("expert_invoice", pieces)


def gdpr_sar(i):
    c, s1 = en_contact(), supporter()
    num = phone(phone_cc(), plan=0)
    v = i % 3
    if v == 0:
        pieces = T("From: ⟦n⟧ <⟦e⟧>\nTo: ⟦dsar⟧\nSubject: Subject access request — Art. 15 GDPR\n\nDear Data Protection Officer,\n"
                   "Under Article 15 GDPR I ask for a copy of all personal data you hold about me, including recordings of calls "
                   "from ⟦p⟧ and the IP addresses logged for my client-portal account (I usually connect from ⟦ip⟧).\n⟦n2⟧\n\n"
                   "---\n⟦s⟧ (DSAR triage): identity verified by call-back to ⟦p2⟧; the one-month deadline under ⟦art⟧ runs to ⟦dl⟧. "
                   "Ref ⟦ref⟧.",
                   n=c.n, e=c.e, dsar=ROLE["dsar"], p=("phone", num), ip=ip("pub"), n2=c.n, s=s1.d, p2=("phone", num),
                   art=L("Art. 12(3) GDPR", "GDPR article"), dl=hearing_date(), ref=jira_key("DSAR"))
    elif v == 1:
        pieces = T("⟦ref⟧ Erasure request (Art. 17) received via the privacy form\nName: ⟦n⟧\nEmail: ⟦e⟧\nPhone: ⟦p⟧\n"
                   "Request: delete my newsletter profile and the recording of my call with your intake team.\n"
                   "Assessment (⟦s⟧): retain the conflict-check record (legal obligation, ⟦art⟧); erase marketing data.",
                   ref=jira_key("DSAR"), n=c.n, e=c.e, p=ph(phone_cc()), s=s1.d, art=L("Art. 17(3)(b) GDPR", "GDPR article"))
    else:
        pieces = T("Redaction log for SAR ⟦ref⟧ (⟦n⟧, ⟦e⟧): third-party data withheld on pages ⟦pg⟧; the requester's own "
                   "numbers ⟦p⟧ and ⟦p2⟧ left unredacted in the disclosure copy. Reviewed by ⟦s⟧, sent via ⟦pv⟧.",
                   ref=jira_key("DSAR"), n=c.n, e=c.e, pg=f"{R.randint(3, 40)}–{R.randint(41, 90)}", p=ph(phone_cc()),
                   p2=ph(phone_cc()), s=s1.d, pv=ROLE["privacy"])
    add("gdpr_sar", pieces)


def lit_hold(i):
    s1, s2, c1, c2 = lawyer(), supporter(), en_contact(), en_contact()
    m = matter_no()
    pieces = T("LITIGATION HOLD NOTICE — matter ⟦m⟧ (⟦dk⟧)\nIssued by ⟦s1⟧ on ⟦d⟧. Do not delete, alter or discard documents "
               "or data relating to the ⟦co⟧ supply contracts.\nCustodians (acknowledge within 5 business days):\n"
               " * ⟦s2⟧ — ⟦s2e⟧ — acknowledged\n * ⟦c1⟧ (client, ⟦c1e⟧) — pending\n * ⟦c2⟧ (client IT, ⟦c2e⟧) — pending\n"
               "Data sources: mailboxes, OneDrive, Teams chats, company mobile ⟦p⟧ (MDM device ⟦mdm⟧), share \\\\fs01\\matters\\⟦m2⟧",
               m=m, dk=us_docket() if i % 2 else uk_claim(), s1=s1.d, d=hearing_date(), co=company(), s2=s2.d, s2e=s2.e,
               c1=c1.n, c1e=c1.e, c2=c2.n, c2e=c2.e, p=ph(phone_cc()), mdm=L(uuid4().upper(), "MDM device id"),
               m2=L(m.text, "client.matter number"))
    add("lit_hold", pieces)


def whistleblower(i):
    c, s1 = en_contact(), supporter()
    hotline = ph(pick(["GB", "US", "IE", "DE"]), "intl")
    if i % 2 == 0:
        pieces = T("⟦k⟧ · Speak-up line ⟦hl⟧ · received ⟦d⟧ 21:40\nReporter chose to be identified: ⟦n⟧ (⟦e⟧), mobile ⟦p⟧.\n"
                   "Allegation: a regional finance manager approved invoices (e.g. ⟦inv⟧) from a supplier owned by a relative; "
                   "possible breach of ⟦st⟧.\nCall recording ⟦rec⟧. Case handler: ⟦s⟧ — interview within 7 days; protect the "
                   "reporter's identity.",
                   k=jira_key("HOTLINE"), hl=hotline, d=hearing_date(), n=c.n, e=c.e, p=ph(phone_cc(), plan=0), inv=invoice_no(),
                   st=statute("us" if hotline[1].startswith("+1") else "uk"), rec=L(f"REC-{R.randint(100000, 999999)}", "call recording id"), s=s1.d)
    else:
        pieces = T("⟦k⟧ · anonymous web report\nThe reporter did not give a name. Call-back number they asked us to use: ⟦p⟧ "
                   "(after 18:00 only). The platform logged the submission from ⟦ip⟧ — delete after triage per the hotline policy.\n"
                   "Triage by ⟦s⟧; escalated to ⟦hl⟧ on-call.",
                   k=jira_key("HOTLINE"), p=ph(phone_cc()), ip=ip("pub"), s=s1.d, hl=ROLE["hotline"])
    add("whistleblower", pieces)


def legal_aid(i):
    c, s1 = en_contact(), supporter()
    v = i % 3
    if v == 0:
        pieces = T("Clinic intake — ⟦d⟧ — volunteer ⟦s⟧\nClient: ⟦n⟧, ⟦e⟧, mobile ⟦p⟧ (prefers WhatsApp)\n"
                   "Emergency contacts: sister ⟦p2⟧; neighbour ⟦p3⟧\nIssue: section 21 notice; possession hearing ⟦hd⟧ at the "
                   "county court (claim ⟦cl⟧). Means test pending.",
                   d=date(), s=s1.d, n=c.n, e=c.e, p=ph("GB", plan=0), p2=ph(pick(["GB", "IE", "PL"])), p3=ph("GB", "nat"),
                   hd=hearing_date(), cl=L(f"K{R.randint(0, 9)}{pick(UPPER)}{pick(UPPER)}{R.randint(1000, 9999)}", "county court claim number"))
    elif v == 1:
        pieces = T("Immigration clinic — ⟦n⟧ (⟦e⟧)\nSafe number (text only, never call): ⟦p⟧\nEmergency contact: cousin in ⟦cty⟧, ⟦p2⟧\n"
                   "Appeal deadline ⟦dl⟧; Home Office ref withheld. Volunteer: ⟦s⟧.",
                   n=c.n, e=c.e, p=ph(pick(["GB", "IE"])), cty=pick(["Rotterdam", "Lyon", "Brussels", "Oslo"]),
                   p2=ph(pick(["NL", "FR", "BE", "NO"])), dl=hearing_date(), s=s1.d)
    else:
        pieces = T("⟦k⟧ Employment clinic follow-up\n⟦s⟧: spoke to ⟦n⟧ — ET1 to be lodged before ⟦dl⟧ (⟦st⟧). Best contact ⟦p⟧; "
                   "if no answer, her partner on ⟦p2⟧. Documents to ⟦cl⟧ please, not to ⟦e⟧ (shared family account).",
                   k=jira_key("CLINIC"), s=s1.d, n=c.n, dl=hearing_date(), st=L("s. 111(2) Employment Rights Act 1996", "statute"),
                   p=ph("GB"), p2=ph("GB"), cl=ROLE["clinic"], e=c.e)
    add("legal_aid", pieces)


# --- English: e-mail threads, vCards, chats -------------------------------------------------


def email_thread(i):
    s1, c = lawyer(), en_contact()
    home = phone_cc()
    co = company()
    host = f"mail-{pick(['eu', 'uk'])}{R.randint(1, 4)}.{FIRM}"
    pieces = T("From: ⟦n⟧ <⟦e⟧>\nSent: ⟦d⟧ ⟦t⟧\nTo: ⟦s⟧ <⟦se⟧>\nCc: ⟦legal⟧\nSubject: RE: settlement proposal — ⟦cl⟧\n"
               "X-Originating-IP: [⟦ip⟧]\nReceived: from ⟦host⟧ ([⟦ip2⟧]) by ⟦host⟧ with Microsoft SMTP Server; ⟦d⟧\n\n"
               "Thanks. The board is fine with ⟦amt⟧ in principle; call me on my mobile ⟦p⟧ before 5pm.\n\n"
               "⟦n2⟧\nGeneral Counsel, ⟦co⟧\nT ⟦p2⟧ | M ⟦p3⟧\n\n-----Original Message-----\nFrom: ⟦s2⟧ <⟦se2⟧>\nSent: ⟦d2⟧\n"
               "> We have instructions to put forward ⟦amt2⟧ in full and final settlement, subject to contract.\n> ⟦s3⟧\n"
               "> Partner | Brackenfold Harrow LLP | ⟦sp⟧",
               n=c.n, e=c.e, d=hearing_date(), t=hm(), s=s1.d, se=s1.e,
               legal=("email", f"legal@{co.split()[0].lower()}.example.com"), cl=uk_claim(), ip=ip("pub"), host=host, ip2=ip("priv"),
               amt=amount("£"), p=ph(home, plan=0), n2=c.n, co=co, p2=ph(home, plan=len(PHONE_PLANS[home][2]) - 1),
               p3=ph(home, plan=0), s2=s1.d, se2=s1.e,
               d2=hearing_date(), amt2=amount("£"), s3=s1.d, sp=ph("GB", pick(["nat", "intl", "p0"])))
    add("email_thread", pieces)


def vcard(i):
    c = en_contact()
    home = phone_cc()
    co = company()
    pieces = T("BEGIN:VCARD\nVERSION:3.0\nFN:⟦fn⟧\nN:⟦fam⟧;⟦giv⟧;;;\nORG:⟦co⟧\nTITLE:⟦title⟧\nEMAIL;TYPE=WORK:⟦e⟧\n"
               "TEL;TYPE=CELL:⟦p⟧\nTEL;TYPE=WORK:⟦p2⟧\nNOTE:Opposing counsel in ⟦cl⟧\nEND:VCARD",
               fn=c.n, fam=c.family, giv=c.given, co=co, title=pick(["General Counsel", "Head of Legal", "Senior Counsel",
                                                                    "Company Secretary", "Expert witness"]),
               e=c.e, p=ph(home, pick(["intl", "e164"]), plan=0), p2=ph(home, plan=len(PHONE_PLANS[home][2]) - 1), cl=uk_claim() if i % 2 else us_docket())
    add("vcard", ["Attached contact (exported from the CRM):\n"] + pieces)


def chat(i):
    s1, s2, c = lawyer(), supporter(), en_contact()
    v = i % 4
    if v == 0:
        pieces = T("#lit-emea · ⟦day⟧\n⟦s1⟧  ⟦t1⟧\n@⟦s2⟧ the expert is Dr ⟦n⟧, ⟦e⟧, mobile ⟦p⟧\n⟦s2b⟧  ⟦t2⟧\n"
                   "thanks — what's the data-room login again?\n⟦s1b⟧  ⟦t3⟧\n⟦u⟧ / ⟦pw⟧ (expires Friday)",
                   day=pick(["Thursday", "Monday", "yesterday"]), s1=s1.d, s2=s2.d, n=c.n, e=c.e, p=ph(phone_cc(), plan=0),
                   s2b=s2.d, s1b=s1.d, **dict(zip(("t1", "t2", "t3"), clock(3))), u=ROLE["litsupport"], pw=pw(0))
    elif v == 1:
        pieces = T("[⟦t1⟧] ⟦s2⟧: reception says ⟦n⟧ called twice about the invoice — number ⟦p⟧\n"
                   "[⟦t2⟧] ⟦s1⟧: I'll call back after the hearing. Can you send her the statement at ⟦e⟧?",
                   s2=s2.d, n=c.n, p=ph(phone_cc()), s1=s1.d, e=c.e, **dict(zip(("t1", "t2"), clock(2))))
    elif v == 2:
        pieces = T("Teams meeting chat — Witness prep (⟦dk⟧)\n⟦s1⟧ (Brackenfold Harrow LLP): dial-in for the witness: ⟦conf⟧, "
                   "conference ID ⟦cid⟧#\n⟦n⟧ (Guest): I'm on the train, will join by phone from ⟦p⟧\n"
                   "⟦s2⟧ (Brackenfold Harrow LLP): ok, invite sent to ⟦e⟧",
                   dk=us_docket(), s1=s1.d, conf=ph(pick(["GB", "US"]), "intl"), cid=L(f"{R.randint(100, 999)} {R.randint(100, 999)} {R.randint(100, 999)}", "conference ID"),
                   n=c.n, p=ph(phone_cc()), s2=s2.d, e=c.e)
    else:
        pieces = T("⟦s1⟧ ⟦t1⟧: who has the password for the Brussels meeting-room screen?\n"
                   "⟦s2⟧ ⟦t2⟧: it's ⟦pw⟧ — and the guest Wi-Fi is BFH-Guest / ⟦wifi⟧",
                   s1=s1.d, s2=s2.d, pw=pw(2), wifi=("password", wifi_pass()), **dict(zip(("t1", "t2"), clock(2))))
    add("chat", pieces)


def card_log(i):
    v = i % 3
    if v == 0:
        pieces = [f"Terminal debug log left on after the firmware update ({jira_key('SEC')})\n"]
        for n in range(2):
            pieces += [f"2026-{R.randint(1, 12):02d}-{R.randint(1, 28):02d} {hm()}:{R.randint(10, 59)} POS-{pick(['LON', 'DUB', 'LUX', 'NYC'])}-0{R.randint(1, 4)} "
                       f"TXN {R.randint(100, 999):06d} {pick(['SALE', 'SALE', 'REFUND'])} {pick(['GBP', 'EUR', 'USD'])} {R.randint(100, 9000)}.00 PAN=",
                       cc(brand_cycle(), "plain"), f" EXP={R.randint(27, 31)}{R.randint(1, 12):02d} ENTRY=MANUAL AUTH=",
                       L(f"{R.randint(0, 999999):06d}", "authorisation code"), " RESP=00\n"]
    elif v == 1:
        pieces = ["Acquirer chargeback file (retainer payments)\ncase_id,arn,card_number,amount,reason,cardholder_email\n"]
        for n in range(2):
            c = en_contact()
            pieces += [f"CB-{R.randint(100000, 999999)},", LA(digits(23), "ARN"), ",", cc(brand_cycle(), pick(["plain", "sp"])),
                       f",{R.randint(200, 9000)}.00,{pick(['13.1', '10.4', '4853', '4837'])},", c.e, "\n"]
    else:
        c, s1 = en_contact(), supporter()
        pieces = T("⟦s⟧: ⟦n⟧ read two cards out over the phone for the retainer — the first was declined: ⟦c1⟧, then ⟦c2⟧ "
                   "(approved). Receipt to ⟦e⟧. Please purge this comment once the payment shows in the ledger.",
                   s=s1.d, n=c.n, c1=cc(brand_cycle()), c2=cc(brand_cycle()), e=c.e)
    add("card_log", pieces)


def jira_automation(i):
    s1 = techie()
    v = i % 4
    if v == 0:
        pieces = T("$ curl -s -u ⟦u⟧:⟦k⟧ -X POST https://brackenfold.atlassian.net/rest/api/3/issue \\\n"
                   "    -H 'Content-Type: application/json' --data @intake_⟦m⟧.json",
                   u=s1.e, k=key("atlassian"), m=L(str(R.randint(10000, 48999)), "client number"))
    elif v == 1:
        cred = f"svc-jira@{FIRM}:{token('atlassian')}"
        pieces = T("Automation rule \"Create conflict-check sub-task\" (owner ⟦s⟧) → Send web request\n"
                   "Headers: Authorization: Basic ⟦b⟧\nURL: https://brackenfold.atlassian.net/rest/api/3/issue",
                   s=s1.d, b=("password", base64.b64encode(cred.encode()).decode()))
    elif v == 2:
        pieces = T('from jira import JIRA\njira = JIRA(server="https://brackenfold.atlassian.net",\n'
                   '            basic_auth=("⟦u⟧", "⟦k⟧"))\nfor issue in jira.search_issues("project = HOLD AND status = Open"):\n'
                   '    print(issue.key)', u=ROLE["svc-jira"], k=key("atlassian"))
    else:
        pieces = T("# confluence-export.env (matter-closure archive job)\nCONFLUENCE_USER=⟦u⟧\nCONFLUENCE_TOKEN=⟦k⟧\n"
                   "EXPORT_SPACES=LIT,CORP,PRIV", u=s1.e, k=key("atlassian"))
    add("jira_automation", pieces)


# --- English negatives ----------------------------------------------------------------------


def neg(pieces, n_people=None):
    add("neg", pieces, people=others(n=n_people if n_people is not None else R.randint(0, 2)))


def n_listing(i):
    v = i % 4
    if v == 0:
        neg(T("Listed for hearing: ⟦c⟧ before the Business and Property Courts, Court ⟦ct⟧, 10:30 on ⟦d⟧; time estimate 1 day. "
              "Skeleton arguments by 4pm on ⟦d2⟧ (⟦r⟧).", c=uk_claim(), ct=str(R.randint(1, 40)), d=hearing_date(),
              d2=hearing_date(), r=L("CPR PD 57AD para 3.1", "practice direction")))
    elif v == 1:
        neg(T("ECF No. ⟦n⟧ — ORDER granting in part the motion to compel in ⟦dk⟧; responses due ⟦d⟧ pursuant to ⟦st⟧.",
              n=str(R.randint(40, 400)), dk=us_docket(), d=hearing_date(), st=statute("us")))
    elif v == 2:
        neg(T("Permission to appeal refused: ⟦c⟧ at [47]–[52]; the respondent relied on ⟦c2⟧ and ⟦c3⟧.",
              c=uk_citation(), c2=uk_citation(), c3=ecli()))
    else:
        neg(T("Stay lifted in ⟦dk⟧ and consolidated with ⟦dk2⟧; Rule 16 conference reset to ⟦d⟧ at 11:00 a.m.",
              dk=us_docket(), dk2=us_docket(), d=hearing_date()))


def n_bates(i):
    if i % 2:
        neg(["Production volume ", L(f"PROD{R.randint(1, 60):03d}", "production volume"), ": ", bates_range(),
             f" ({R.randint(100, 40000):,} pages), load file PROD.dat, MD5 ", LA(md5(), "MD5 of the load file"),
             "; served ", hearing_date(), "."])
    else:
        neg(["Privilege log entries 114–131 cover ", bates_range(), " and ", bates_range(), "; clawback under FRE 502(d) order, ",
             us_docket(), "."])


def n_statutes(i):
    j = pick(["us", "uk", "eu"])
    neg(["Note for the file: ", statute("eu"), " and ", statute("eu"), " both apply; compare ", celex(), " recital 63."]
        if i % 2 else ["Pleaded causes of action: ", statute(j), "; ", statute(j), "; alternatively ", statute(j), "."])


def n_registry(i):
    co = company()
    cty, _ = city()
    neg([co, " — ", company_no(), ", LEI ", lei(), ", BIC ", bic(), "; last annual return filed ", hearing_date(), "."])


def n_custody(i):
    lines = ["Chain of custody — ", evidence_id(), "\n"]
    for _ in range(R.randint(2, 3)):
        lines += [f"{ts()}  ", evidence_id(), "  ", pick(["acquired", "verified", "transferred", "sealed"]),
                  "  tool=", L(f"FTK Imager {R.randint(3, 4)}.{R.randint(0, 7)}.{R.randint(0, 3)}.{R.randint(1, 9)}", "tool version", "ipv4"),
                  "  sha256=", hash_look(), f"  seal={R.randint(100000, 999999)}\n"]
    lines.append("Custodian signatures on the paper form (scanned to DV-" + str(R.randint(1000000, 9999999)) + ").")
    neg(lines)


def n_fees(i):
    if i % 2:
        neg(["Court fees for ", uk_claim(), ": issue ", fee("£"), "; hearing ", fee("£"), "; application on notice ", fee("£"),
             " (fee account ", L(f"PBA{R.randint(1000000, 9999999)}", "fee account number"), ")."])
    else:
        neg(["Filing fees in ", us_docket(), ": complaint ", fee("$"), "; pro hac vice ", fee("$"), "; appeal ", fee("$"),
             f" (receipt no. {R.randint(1000, 9999)}-{R.randint(1000000, 9999999)})."])


def n_transcript(i):
    lines = [f"Deposition transcript, Vol. {R.randint(1, 3)} — ", us_docket(), "\n"]
    qa = [("Q.", "And you sent that spreadsheet on the 14th?"), ("A.", "I believe so, yes."),
          ("COUNSEL FOR DEFENDANT:", "Objection, form."), ("Q.", "Who else received it?"),
          ("A.", "Only the finance team distribution list."), ("Q.", "Let me show you what has been marked as Exhibit 42."),
          ("THE VIDEOGRAPHER:", "Going off the record."), ("A.", "I don't recall.")]
    start = R.randint(0, 3)
    for tag, text in qa[start:start + 4]:
        lines += ["[", timecode(), f"] {tag} {text}\n"]
    lines += [f"(Tr. {R.randint(10, 300)}:{R.randint(1, 25)}–{R.randint(1, 25)})"]
    neg(lines)


def n_versions(i):
    neg(["Change ", jira_key("CHG"), ": ", version_pair(), "; client ", version_look(),
         " pushed via Intune; rollback window ", hearing_date(), " 22:00–23:00."])


def n_docids(i):
    neg(["See ", doc_id(), " (engagement letter), ", doc_id(), " (conflict memo) and ", doc_id(), "; invoice ", invoice_no(),
         " paid against ", matter_no(), "."])


def n_placeholders(i):
    v = i % 8
    if v == 0:
        neg(T("# .env.example — copy to .env and fill in\nDATABASE_URL=⟦a⟧\nSENDGRID_API_KEY=⟦b⟧\nSTRIPE_SECRET_KEY=⟦c⟧\nADMIN_PASSWORD=⟦d⟧",
              a=L("postgresql://${DB_USER}:${DB_PASSWORD}@db:5432/intake", "placeholder URL", "urlcred"),
              b=L("<your-sendgrid-key>", "placeholder"), c=L("sk_live_" + "x" * 24, "placeholder vendor shape", "vendor"),
              d=L("******", "mask", "pwkw")))
    elif v == 1:
        neg(T("efiling:\n  username: ⟦u⟧\n  password: ⟦p⟧\n  totp_secret: ⟦t⟧",
              u=L("{{ .Values.efiling.user }}", "template"), p=L("${EFILE_PASSWORD}", "placeholder", "pwkw"),
              t=L("<set-in-vault>", "placeholder")))
    elif v == 2:
        neg([f"Run: mysql -u svc_billing -h {pick(['db-billing', 'db-wip', 'db-ledger'])}{R.randint(1, 9)}.bfh.internal -p "
             f"{pick(['billing', 'wip', 'ledger'])} (you will be prompted for the password; never put it on the command line)"])
    elif v == 3:
        neg(T("GitHub Actions: ⟦a⟧ — masked in the log as ⟦b⟧; the job summary shows password: ⟦c⟧",
              a=L("${{ secrets.SIFTER_API_KEY }}", "secrets reference"), b=L("***", "mask"), c=L("[REDACTED]", "mask", "pwkw")))
    elif v == 4:
        neg(T("services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: ⟦a⟧\n      SIFTER_TOKEN: ⟦b⟧",
              a=L("${POSTGRES_PASSWORD:?required}", "placeholder", "pwkw"), b=L("<paste-token-here>", "placeholder")))
    elif v == 5:
        neg(T("Set SIFTER_CLIENT_SECRET=⟦a⟧ in your local .env; CI injects the real value from Vault (path secret/data/sifter/ci).",
              a=L("REPLACE_ME", "placeholder")))
    elif v == 6:
        neg(T("docvault:\n  existingSecret: docvault-indexer\n  password: ⟦a⟧  # leave empty, read from existingSecret",
              a=L('""', "empty value")))
    else:
        neg(T("Outputs:\n\ndb_password = ⟦a⟧\nadmin_url   = \"https://portal.foldline.io/admin\"\nsftp_key    = ⟦b⟧",
              a=L("(sensitive value)", "terraform mask"), b=L("<sensitive>", "terraform mask")))


def n_cards(i):
    if i % 2:
        neg(["QA: the retainer payment form must reject ", L(bad_card(), "16 digits failing Luhn", "phone"), " and ",
             L(bad_card(), "16 digits failing Luhn", "phone"), " (both fail the Luhn check); receipts show only ",
             L(f"•••• {R.randint(1000, 9999)}", "masked card"), "."])
    else:
        neg(["Card on file for the matter: ", L(f"{pick(['4', '5'])}{R.randint(10000, 99999)}******{R.randint(1000, 9999)}", "masked card"),
             f" (exp {R.randint(1, 12):02d}/{R.randint(27, 30)}); PCI scope note ", jira_key("SEC"), "."])


def n_ibans(i):
    cc_ = pick(["GB", "DE", "FR", "NL", "BE", "LU"])
    neg(["The payee check rejected ", L(bad_iban(cc_), "IBAN shape failing mod-97", "phone", "luhn"), " — check digits do not match; statement shows ",
         L(f"{cc_}** **** **** **** {R.randint(10, 99)}", "masked IBAN"), ". No payment made."])


def n_loopback(i):
    v = i % 5
    if v == 0:
        neg(["Sifter agent listens on ", L("127.0.0.1:8443", "loopback", "ipv4"), " and ", L("[::1]:8443", "loopback", "ipv6"),
             "; it binds ", L("0.0.0.0", "unspecified address", "ipv4"), " only inside the container."])
    elif v == 1:
        neg(["VLAN 40 (printers): netmask ", L("255.255.255.0", "netmask", "ipv4"), ", DHCP scope .50–.200, lease 8 h; SNMP OID ",
             L("1.3.6.1.2.1.43.10.2.1.4", "SNMP OID"), "."])
    elif v == 2:
        neg(["Health check: curl -fsS ", L("http://localhost:9090/healthz", "localhost URL"), " || exit 1 (from ",
             L("127.0.0.1", "loopback", "ipv4"), " only)."])
    elif v == 3:
        neg(["/etc/hosts on the review VM:\n", L("127.0.0.1", "loopback", "ipv4"), "   localhost sifter.local\n",
             L("::1", "loopback", "ipv6"), "         ip6-localhost ip6-loopback"])
    else:
        neg(["Dev container Redis: ", L("redis://localhost:6379/0", "localhost URL"), " (no auth, bound to ",
             L("127.0.0.1", "loopback", "ipv4"), "); never expose the port."])


def n_pubkeys(i):
    if i % 2:
        neg(["Public deploy key (safe to share): ", L("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(B64URL.replace("-", "").replace("_", ""), 43)
                                                      + " deploy@sifter-runner-2", "SSH public key", "entropy"),
             "\nFingerprint ", L("SHA256:" + rs(ALNUM, 43), "key fingerprint", "entropy"), "."])
    else:
        body = "\n".join(pem_body(bytes.fromhex("308203") + rnd(400)))
        neg(["Court portal TLS certificate (public):\n", L("-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----",
                                                          "certificate", "entropy")])


def n_ids(i):
    neg(["trace_id=", LA(hexs(32), "trace id"), " span_id=", LA(hexs(16), "span id"), " issue=", jira_key("HOLD"),
         " request=", L(uuid4(), "request id"), f" status=200 duration_ms={R.randint(12, 900)}"])


def n_timesummary(i):
    neg([f"{pick(['March', 'April', 'May'])} WIP: {R.randint(200, 900)}.{R.randint(0, 9)} hours across {R.randint(10, 60)} matters; "
         f"realisation {R.randint(70, 99)}.{R.randint(0, 9)}%; top matter ", matter_no(), f" ({R.randint(20, 120)}.{R.randint(0, 9)} h)."])


def n_calendar(i):
    neg(["Court ", str(R.randint(1, 40)), ", Rolls Building — 10:30 ", uk_citation() if i % 2 else uk_claim(), "; 14:00 ",
         uk_claim(), " (PTR); 16:15 ", uk_claim(), " (consent order, paper)."])


def n_eurefs(i):
    neg(["CJEU: ", eu_case(), ", ", ecli(), "; General Court ", eu_case(), "; CELEX ", celex(), " and ", celex(), "."])


PROCESS = [
    "DSAR workflow: log the request, verify identity, search the DMS and e-mail, apply the exemptions in Sch. 2 DPA 2018, "
    "disclose within one month (extendable by two months for complex requests).",
    "Litigation holds are released only by the responsible partner; the e-discovery team keeps the hold log for six years "
    "after the matter closes.",
    "Trust-account payments above the threshold need two signatories and a call-back to a number taken from the engagement "
    "letter, never from the e-mail requesting the payment.",
    "Hotline reports are triaged within two working days; the reporter's identity is restricted to the case handler.",
    "Clinic volunteers must not give advice on immigration matters unless they are OISC-registered.",
    "Password policy for the review platform: 14 characters minimum, MFA mandatory, no reuse of the last 24 passwords.",
    "Card payments are taken only through the hosted payment page; never type card numbers into Jira, Teams or e-mail.",
    "Bates numbers are applied at production time and never reused; gaps are documented in the production letter.",
]


def n_process(i):
    neg([PROCESS[i % len(PROCESS)]], n_people=1)


def n_mailboxes(i):
    neg([(["Send hold acknowledgements to the litigation-support mailbox, not to individual fee earners.",
               "The DSAR inbox is monitored daily by the privacy team; the hotline inbox only by the case handlers.",
               "Invoices from experts go to the accounts-payable queue in the finance system, not to the matter team.",
               "Court e-filing receipts are routed to the shared e-filing mailbox and filed to the matter automatically."])[i % 4]])


def n_refs(i):
    neg(["Claim No. ", uk_claim(), "; ", bar_no(), "; our ref ",
         L(f"{R.randint(2024, 2026)}/{R.randint(1, 9999):04d}/{R.randint(1, 999):04d}", "file reference"), "; your ref ",
         L(f"{pick(UPPER)}{pick(UPPER)}/{R.randint(100, 999)}/{R.randint(10, 99)}", "file reference"), "; DX ",
         L(f"{R.randint(10000, 99999)} {pick(['London', 'Dublin', 'Leeds'])}", "DX number"), "."])


NEG_PLAN = [(n_listing, 8), (n_bates, 6), (n_statutes, 6), (n_registry, 6), (n_custody, 6), (n_fees, 5), (n_transcript, 6),
            (n_versions, 5), (n_docids, 6), (n_placeholders, 8), (n_cards, 6), (n_ibans, 5), (n_loopback, 5), (n_pubkeys, 4),
            (n_ids, 5), (n_timesummary, 4), (n_calendar, 5), (n_eurefs, 5), (n_process, 5), (n_mailboxes, 4), (n_refs, 4)]

PLAN = [(intake, 10), (conflict, 8), (kyc, 11), (trust_prose, 6), (trust_csv, 6), (trust_xml, 4), (trust_fraud, 3),
        (trust_refund_email, 2), (retainer_card, 10), (card_log, 6), (efiling, 9), (ediscovery, 11), (dms, 11),
        (jira_automation, 4), (billing_csv, 8), (deposition_email, 10), (deposition_sms, 2), (expert_invoice, 8), (gdpr_sar, 9),
        (lit_hold, 8), (whistleblower, 8), (legal_aid, 9), (email_thread, 8), (vcard, 8), (chat, 12), (ci_log, 10),
        (env_file, 10), (k8s_secret, 8), (jwt_lines, 8), (private_keys, 8), (url_creds, 6), (cloud_keys, 6), (network, 9),
        (vendor_leak, 36)] + NEG_PLAN


# --- main -----------------------------------------------------------------------------------


def build():
    build_languages()
    for fn, n in PLAN:
        for i in range(n):
            fn(i)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="also list the look-alikes left unlabelled")
    args = parser.parse_args()
    build()
    errors = validate(LINES)
    if errors:
        print("\n".join(errors[:300]), file=sys.stderr)
        print(f"{len(errors)} problems; nothing written", file=sys.stderr)
        return 1
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    kinds = write(order)
    problems = reread_check()
    if problems:
        print(f"{problems} spans do not read back as written", file=sys.stderr)
        return 1
    negatives = sum(1 for ln in LINES if not ln["spans"])
    print(f"wrote {OUT.name}: {len(LINES)} lines, {sum(kinds.values())} spans, {negatives} negative lines")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<26}{count:>5}")
    langs = Counter(ln["lang"] for ln in LINES)
    print("languages: " + ", ".join(f"{LANGS[c]['name'] if c in LANGS else 'English'} {n}" for c, n in langs.items()))
    cats = Counter(ln["cat"] for ln in LINES)
    print("categories: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
    if args.lint:
        print("\nlook-alikes left unlabelled:")
        for i in order:
            ln = LINES[i]
            for _, _, look in ln["looks"]:
                found = sorted(scan(look.text))
                shapes = ",".join(found) or "-"
                tag = "auto" if look.auto else "declared"
                print(f"  {ln['id']} [{ln['cat']}] {look.note} ({tag}: {shapes}): {look.text[:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
