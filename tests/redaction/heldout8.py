#!/usr/bin/env python3
r"""Writes heldout8.jsonl: an eighth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional telecom operator and online marketplace group ("Brindlemoor
Telecom & Market", BMT: the mobile and fibre operator Brindlemoor and the marketplace Brindle
Market; made-up domains brindlemoor.net, brindlemarket.shop and bmt.internal, third parties only
under reserved example names) holds: retail order-support tickets, returns / RMA e-mail threads
with full headers, marketplace seller onboarding (KYC tables in Jira wiki markup, payout IBANs, W-9
details of US sellers), 1099-K TIN-mismatch notes, chargeback notes, card numbers leaked into
checkout logs, gift-card incidents; SIM-swap and port-out fraud tickets, number-porting requests
(XML), roaming complaints, CDR extracts (CSV), HSS / PGW provisioning logs, RADIUS accounting and
Diameter Gx logs, CPE tickets with TR-069 parameters (ACS URL, connection-request and PPPoE
passwords, Wi-Fi passphrases, MAC addresses), eSIM orchestration logs, SMPP bind configs, USSD
gateway logs; payment-provider webhooks and configs (Stripe-, Adyen-, PayPal-, Braintree- and
Checkout.com-style), Shopify-, Magento- and WooCommerce-style order webhooks and admin API calls,
courier integrations (DHL-, UPS- and FedEx-like), SendGrid / Twilio / Mailgun-like messaging;
Kafka, Elasticsearch, Redis, RabbitMQ, MySQL, MongoDB and PostgreSQL connection settings,
Kubernetes Secrets, Helm values, Terraform tfvars, Docker config.json, nginx and HAProxy logs, Java
/ Go / Python stack traces, Alertmanager notifications, CI logs, pasted private keys, Confluence
storage-format XHTML, CSV and Markdown tables, call-centre chat transcripts. Twenty-three languages
besides English (Japanese, Korean, Chinese (Traditional), Turkish, Vietnamese, Bulgarian, Estonian,
Latvian, Slovenian, Maltese, Basque, Galician, Yoruba, Hausa, Armenian, Gujarati, Punjabi
(Gurmukhi), Telugu, Kannada, Malayalam, Khmer, Sinhala, Nepali): in each an order ticket, a card
pasted into chat, a SIM-swap report, a roaming complaint and a router swap with a new Wi-Fi
password, a refund to an IBAN where the country has IBANs, and a negative logistics sentence. Names
in kanji and kana, Hangul, Han, Cyrillic, Armenian, Gujarati, Gurmukhi, Telugu, Kannada, Malayalam,
Khmer, Sinhala and Devanagari script and in Latin script with diacritics (Turkish, Vietnamese,
Latvian, Estonian, Slovenian, Maltese ħ / ġ / ċ, Basque, Galician, Yoruba tone marks); phone
numbers of 25 countries (UK, USA, Ireland, Germany, France, Netherlands, Japan, South Korea,
Taiwan, Hong Kong, Turkey, Vietnam, Bulgaria, Estonia, Latvia, Slovenia, Malta, Spain, Nigeria,
Niger, Armenia, India, Cambodia, Sri Lanka, Nepal) in national, international, `00` and E.164 form
and as bare MSISDNs; IBANs of 16 countries (TR, BG, EE, LV, SI, MT, ES, DE, FR, NL, BE, PL, GB, CY,
CH, AT; Spanish, French, Belgian and Slovenian bodies with their national check digits); card
numbers of ten brands (Visa, Mastercard 5x and 2-series, Amex, Discover, JCB, UnionPay, Diners,
Maestro of 16 or 19 digits, Troy, RuPay; spaced, dashed, plain); a few US SSNs; MAC addresses; tokens
of the eighteen vendors of heldout7.py's list. About 30% of the lines are negatives built from hard
look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, js/) or at the
other sets' sentences, generators or data; only evaluate.py, checks.py and the module
docstrings of heldout.py to heldout7.py were read (besides heldout7.py's import lines, to import
checks.py the same way). Its first score is therefore a blind one.

    python3 tests/redaction/heldout8.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, for review.) A summary (lines,
spans per kind, negatives, languages) is printed after writing.

Deterministic: every random part (staff and customers drawn from fixed rosters, languages,
phone countries, IBAN countries and card brands taken in turn, phone digits, IBAN bodies, card
numbers, passwords, keys, tokens, PEM and JWT bodies, look-alikes) comes from one seeded
`random.Random` (SEED); the line order is shuffled by a second seeded one (SHUFFLE_SEED). Every
line is validated before anything is written (see `validate`); any violation aborts with a
message and writes nothing. Besides the offsets (inside the text, on character boundaries, not
overlapping, each span's text the labelled piece) and the shape of every labelled value (Luhn,
brand prefix and length for cards, never a published test number; country length and mod-97
check for IBANs; parseable IPs that are not loopback, unspecified, link-local, multicast or
documentation addresses; vendor token formats, with the CRC32 checksum of GitHub and npm
tokens; JWTs whose header and payload decode; PEM armour; US SSN ranges; phone characters,
calling codes and digit counts; MAC shape; passwords that are no placeholder; url_credentials
between `://` and `@`; e-mail domains that are ours or reserved; a person is in `people` or is
a customer whose address is labelled in the same line), the validation scans what is left
unlabelled for addresses, IPv4 and IPv6 addresses, MAC addresses, `+`-prefixed phone shapes,
Luhn-valid runs of 13-19 digits (also in card groupings across spaces and dashes), valid IBANs,
vendor-token, JWT, PEM, URL-credential and bearer shapes, SSN shapes, password keywords in all
the languages followed by a value, high-entropy strings, placeholders on positive lines and
roster name parts in every script; only text declared as a look-alike (`Look`, listed by
--lint) may hold one. Negative lines must carry no span and positive lines at least one; texts
are unique.

Format (the one evaluate.py reads):

    {"id": "held8-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings, `Look`s and `(kind, value)` tuples), never by hand. A line without spans
is a negative: nothing in it may be redacted. No labelled value holds a line break, except a
private key with real newlines.

Labelling conventions: those of heldout7.py's docstring (and through it heldout6.py's,
heldout5.py's and heldout4.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty); a vendor token used as a URL password is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password`, as are base64 values of a Kubernetes Secret's `data`, a
  Docker config.json `auth`, an opaque bearer token, a JDBC `password=` value and a Wi-Fi
  passphrase. A JWT bearer token is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of the vendors anthropic, atlassian, aws,
  azure (a storage `AccountKey`), digitalocean, github, gitlab, google, hashicorp, huggingface,
  npm, openai, pypi, sendgrid, shopify, slack (a webhook is the whole URL), stripe (whsec_
  too), twilio (SK... key SIDs, their secrets and auth tokens; AC... account SIDs are not
  labelled).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]` or `ri:account-id`); customers, sellers and subscribers are
  never in `people` and appear only beside an address that spells their name, labelled
  `person` (every occurrence) and `email`; role addresses are `email` only. In e-mail headers
  every mailbox is labelled; Message-IDs are not addresses. `[shown|mailto:addr]`,
  `[shown|tel:...]`, `<a href="mailto:...">` and `<a href="tel:...">` label shown text and
  target separately.
* ip_address: public and private, IPv4 and IPv6, without port, brackets or prefix length;
  loopback and 0.0.0.0 only on negative lines.
* phone: the whole number as written; company hotlines are `phone`; short codes, USSD codes and
  extensions are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line.
* ssn: a US SSN AAA-GG-SSSS; other national identity numbers are not labelled.
* mac_address: the whole address (colon or dash form), on positive lines only.
* Not labelled, and masked values and placeholders only on negative lines: BICs, key ids,
  public keys, certificates, masked cards / IBANs / phones / addresses, placeholders, order,
  invoice, RMA and tracking numbers, hashes, UUIDs, build numbers shaped like IPv4 addresses,
  IMEIs. No published test card number, no AWS example key, no weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: a bare MSISDN (country code and number without `+`, as telecom systems write it: a CDR's
  calling and called columns, RADIUS `Calling-Station-Id`, Diameter `Subscription-Id-Data`,
  HSS and USSD logs, porting XML) is `phone`, the whole digit string.
* NEW: telecom identifiers are not among the kinds and are declared look-alikes: IMSIs (15
  digits), ICCIDs (19-20 digits starting 89, Luhn-valid by design), EIDs (32 digits with their
  mod-97 check), IMEIs and IMEISVs (some IMEISVs Luhn-valid by chance: declared), TACs, cell
  and session ids, MCC/MNC pairs, USSD and short codes (`*310#`, `*#06#`), Diameter session
  ids, port-request ids, CPE serial numbers and line ids.
* NEW: retail and payment identifiers are declared look-alikes, never labelled: order numbers
  (`114-3941689-8772232`), UPS `1Z` numbers, 22-digit USPS-like and 18-digit SSCC numbers (with
  their check digits), S10 and DHL waybills, EAN-13, UPC-A and GTIN-14 codes, SKUs, BINs, ARNs
  (23 digits, Luhn-checked by design), RRNs, STANs, authorisation codes, MCCs, Stripe object
  ids (`ch_`, `pi_`, `evt_`, `dp_`), Adyen pspReferences, PayPal transaction and payer ids,
  webhook signatures (`Stripe-Signature`, `hmacSignature`, `X-WC-Webhook-Signature`), voucher
  codes, gift-card serial numbers (19 digits failing Luhn) and masked gift-card codes.
* NEW: secrets of payment, courier and messaging vendors outside the vendor list (Adyen API and
  HMAC keys, PayPal and UPS / FedEx client secrets, a Braintree private key, a Checkout.com-style
  `sk_` key, a DHL API key and secret, a Mailgun `key-`, a Magento integration token, a
  WooCommerce `cs_` consumer secret, a RADIUS shared secret, SMPP and TR-069 passwords) are
  `password`. Their public identifiers (PayPal / UPS / FedEx client ids, Braintree merchant id
  and public key) are declared look-alikes, like OAuth client ids; WooCommerce `ck_` keys and
  Stripe publishable keys are not used at all.
* NEW: carrier-grade NAT addresses (100.64.0.0/10, a subscriber's `Framed-IP-Address`) are
  `ip_address` like private ones; a `Framed-IPv6-Prefix` labels the address without `/56`.
* NEW: an e-mail address in a URL query (`?email=a@b`, unencoded) is `email`.
* NEW: an MSISDN-style user name of a provisioning record and a fibre line's RADIUS `User-Name`
  (`ftth...`) are account names, not labelled; eSIM activation codes, SIM PINs / PUKs and port
  authorisation codes are not used at all.
* NEW: a PayPal payer's `national_number` (digits without country code) is `phone`; JSON
  `first_name` / `last_name` (also `given_name` / `surname`, `firstName` / `lastName`) values
  beside the customer's address are separate `person` spans, as in heldout7.py's FHIR names.
* NEW: Japanese names are written family first with a space (山本 結衣 ↔ yui.yamamoto), Chinese
  ones without a space (林志明 ↔ chihming.lin, Cantonese romanisation for Hong Kong), Khmer
  family first (សុខ ដារ៉ា ↔ dara.sok); cardholder names in capitals (`MINJI KIM`) are `person`.
* NEW: national identity numbers of this set's countries, with their real check digits, are
  unlabelled look-alikes: Turkish T.C. Kimlik No, Bulgarian EGN, Estonian isikukood, Slovenian
  EMŠO (13 digits, failing Luhn), Spanish DNI, Korean resident registration number, Taiwanese
  and Hong Kong identity card numbers, Japanese My Number, masked Aadhaar, Indian PAN, Nigerian
  NIN; so is a US seller's EIN (NN-NNNNNNN) beside an SSN.
* NEW: MAC-like non-MACs are declared look-alikes on negative lines: masked MACs
  (`A4:2B:B0:**:**:**`), OUIs (three groups), SHA-1 certificate and MD5 SSH fingerprints,
  timecodes and PCI addresses.
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

OUT = HERE / "heldout8.jsonl"
ID_PREFIX = "held8"
SEED = 8_20_26_03_14
SHUFFLE_SEED = 8_14_03_20_26
R = random.Random(SEED)

DIGITS = string.digits
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + DIGITS
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64URL = ALNUM + "-_"


# --- pieces ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Look:
    """Text left unlabelled on purpose (a look-alike) and what it is; --lint lists them."""

    value: str
    what: str


@dataclass(frozen=True)
class Number(Look):
    """A look-alike written as a bare JSON number."""


SLOT = re.compile(r"\{(\w+)\}")
JIRA_MACROS = {"code", "noformat", "panel", "quote"}


def fill(template, **slots):
    """The pieces of `template`, each `{slot}` replaced by its piece or list of pieces (Jira
    macros such as `{code}` stay text)."""
    pieces, pos = [], 0
    for match in SLOT.finditer(template):
        name = match.group(1)
        if name not in slots:
            if name in JIRA_MACROS:
                continue
            raise KeyError(f"no value for slot {name!r} in {template!r}")
        pieces.append(template[pos:match.start()])
        value = slots[name]
        pieces.extend(value if isinstance(value, list) else [value])
        pos = match.end()
    pieces.append(template[pos:])
    return pieces


def flatten(pieces):
    """The pieces of nested lists, in order, without empty strings."""
    for piece in pieces:
        if isinstance(piece, list):
            yield from flatten(piece)
        elif piece != "":
            yield piece


def value_of(piece):
    """The text a piece stands for."""
    if isinstance(piece, Look):
        return piece.value
    return piece[1] if isinstance(piece, tuple) else piece


def line(pieces, people=(), lang="en", negative=False):
    """One corpus line from pieces; spans and look-alikes get UTF-8 byte offsets."""
    pieces = list(flatten(pieces))
    text, spans, looks, offset = [], [], [], 0
    for piece in pieces:
        value = value_of(piece)
        size = len(value.encode())
        if isinstance(piece, Look):
            looks.append((offset, offset + size, piece.what))
        elif isinstance(piece, tuple):
            spans.append({"kind": piece[0], "start": offset, "end": offset + size})
        text.append(value)
        offset += size
    return {"text": "".join(text), "people": [person.record() for person in people],
            "spans": spans, "looks": looks, "lang": lang, "negative": negative,
            "pieces": pieces}


def js(value, indent=None, level=0, tight=False):
    """`value` as JSON pieces; labelled tuples and Looks become string values, Numbers numbers."""
    if isinstance(value, Number):
        return [value]
    if isinstance(value, (tuple, Look)):
        raw = value_of(value)
        if json.dumps(raw, ensure_ascii=False)[1:-1] != raw:
            raise ValueError(f"JSON value needs escaping: {raw!r}")
        return ['"', value, '"']
    colon = ":" if tight else ": "
    if isinstance(value, dict):
        items = [[json.dumps(key, ensure_ascii=False) + colon, js(item, indent, level + 1, tight)]
                 for key, item in value.items()]
        return bracket("{", "}", items, indent, level, tight)
    if isinstance(value, list):
        items = [js(item, indent, level + 1, tight) for item in value]
        return bracket("[", "]", items, indent, level, tight)
    return [json.dumps(value, ensure_ascii=False)]


def bracket(opening, closing, items, indent, level, tight):
    """A JSON object or array around already serialised items."""
    if not items:
        return [opening + closing]
    if indent is None:
        head, separator, tail = "", "," if tight else ", ", ""
    else:
        pad = " " * (indent * (level + 1))
        head, separator, tail = "\n" + pad, ",\n" + pad, "\n" + " " * (indent * level)
    out = [opening + head]
    for i, item in enumerate(items):
        out += [separator, item] if i else [item]
    return out + [tail + closing]


def csv_rows(rows, separator=","):
    """Rows of cells (pieces) as CSV text pieces, one row a line."""
    out = []
    for i, row in enumerate(rows):
        if i:
            out.append("\n")
        for j, cell in enumerate(row):
            out += [separator, cell] if j else [cell]
    return out


# --- random primitives -----------------------------------------------------------------------


def rand(alphabet, n):
    """`n` characters drawn from `alphabet`."""
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n):
    """`n` random decimal digits."""
    return rand(DIGITS, n)


def b64(nbytes):
    """Standard base64 of `nbytes` random bytes."""
    return base64.b64encode(R.randbytes(nbytes)).decode()


def b64url(nbytes):
    """Unpadded base64url of `nbytes` random bytes."""
    return base64.urlsafe_b64encode(R.randbytes(nbytes)).decode().rstrip("=")


def uuid4():
    """A random version-4 UUID."""
    h = rand(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def group(s, sizes, separator):
    """`s` cut into groups of `sizes`, joined by `separator`."""
    if sum(sizes) != len(s):
        raise ValueError(f"grouping {sizes} does not fit {s!r}")
    out, i = [], 0
    for n in sizes:
        out.append(s[i:i + n])
        i += n
    return separator.join(out)


class Turns:
    """The items of a list taken in turn (shuffled once), so each is used about equally."""

    def __init__(self, items):
        self.items = list(items)
        R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


def when(month=None):
    """A timestamp in spring 2026: (date, time)."""
    month = month or R.randint(2, 4)
    return f"2026-{month:02d}-{R.randint(1, 28):02d}", \
        f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"


def clock():
    """A source of increasing ISO 8601 UTC timestamps (milliseconds) from a moment in spring 2026,
    for the records of one log."""
    moment = datetime(2026, R.randint(2, 4), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59),
                      R.randint(0, 59), R.randint(0, 999) * 1000)

    def tick():
        nonlocal moment
        moment += timedelta(milliseconds=R.randint(40, 90_000))
        return moment.isoformat(timespec="milliseconds") + "Z"
    return tick


def issue(project):
    """A Jira issue key."""
    return f"{project}-{R.randint(1200, 48999)}"


# --- check digits ----------------------------------------------------------------------------


def luhn_digit(partial):
    """The digit that makes `partial` + digit pass the Luhn check."""
    return next(d for d in DIGITS if luhn_ok(partial + d))


def gs1_digit(body):
    """The GS1 check digit (EAN, UPC, GTIN, SSCC, USPS IMpb) of `body`."""
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str(-total % 10)


def mod97_pair(body):
    """Two digits that make `body` + them ≡ 1 (mod 97), as EIDs and Slovenian accounts carry."""
    return f"{98 - int(body) * 100 % 97:02d}"


def crc_base62(text):
    """The six-character base62 CRC32 checksum of GitHub and npm tokens."""
    n, out = zlib.crc32(text.encode()), ""
    while n:
        n, r = divmod(n, 62)
        out = (DIGITS + UPPER + LOWER)[r] + out
    return out.rjust(6, "0")


# --- labelled values -------------------------------------------------------------------------

CARD_BRANDS = {  # brand: (prefix chooser, lengths)
    "visa": (lambda: "4" + digits(1), (16,)),
    "mastercard": (lambda: R.choice(["5" + R.choice("12345"), str(R.randint(2221, 2720))]),
                   (16,)),
    "amex": (lambda: R.choice(["34", "37"]), (15,)),
    "discover": (lambda: R.choice(["6011", str(R.randint(644, 649)), "65"]), (16,)),
    "jcb": (lambda: str(R.randint(3528, 3589)), (16,)),
    "unionpay": (lambda: "62" + R.choice("2458"), (16, 19)),
    "diners": (lambda: R.choice(["36", "38", str(R.randint(300, 305))]), (14,)),
    "maestro": (lambda: R.choice(["6759", "5018", "5020", "5038", "6304"]), (16, 19)),
    "troy": (lambda: "9792", (16,)),
    "rupay": (lambda: R.choice(["6521", "6522", "6070", "6081"]), (16,)),
}
CARD_GROUPS = {14: (4, 6, 4), 15: (4, 6, 5), 16: (4, 4, 4, 4), 19: (4, 4, 4, 4, 3)}
TEST_CARDS = {
    "4242424242424242", "4111111111111111", "4000056655665556", "4012888888881881",
    "5555555555554444", "5105105105105100", "2223003122003222", "378282246310005",
    "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000",
    "3566002020360505", "30569309025904", "38520000023237", "6200000000000005",
    "4000000000000002", "5200828282828210", "36227206271667", "6759649826438453",
}


def card_number(brand):
    """A Luhn-valid card number of `brand` (digits only), never a published test number."""
    prefix, lengths = CARD_BRANDS[brand]
    while True:
        start = prefix()
        length = R.choice(lengths)
        number = start + digits(length - 1 - len(start))
        number += luhn_digit(number)
        if number not in TEST_CARDS:
            return number


def card_text(brand, style=None):
    """A card number of `brand` written spaced, dashed or plain."""
    number = card_number(brand)
    style = style or R.choice("  -.")
    if style == ".":
        return number
    return group(number, CARD_GROUPS[len(number)], style)


IBAN_LENGTHS = {"TR": 26, "BG": 22, "EE": 20, "LV": 21, "SI": 19, "MT": 31, "ES": 24, "DE": 22,
                "FR": 27, "NL": 18, "BE": 16, "PL": 28, "GB": 22, "CY": 28, "CH": 21, "AT": 20}


def spanish_digit(ten):
    """A Spanish CCC control digit over ten digits."""
    total = sum(int(c) * w for c, w in zip(ten, (1, 2, 4, 8, 5, 10, 9, 7, 3, 6)))
    digit = 11 - total % 11
    return {11: "0", 10: "1"}.get(digit, str(digit))


def bban(country):
    """A BBAN of `country` in its registry format (national checks where simple)."""
    if country == "TR":
        return R.choice(["00010", "00012", "00046", "00062", "00064", "00067", "00111"]) \
            + "0" + digits(16)
    if country == "BG":
        return R.choice(["BNBG", "UNCR", "STSA", "FINV", "RZBB", "BPBI"]) + digits(4) \
            + R.choice(["10", "15", "20"]) + digits(8)
    if country == "EE":
        return R.choice(["22", "10", "17", "77"]) + digits(14)
    if country == "LV":
        return R.choice(["HABA", "UNLA", "PARX", "RIKO", "NDEA"]) + digits(13)
    if country == "SI":
        body = R.choice(["02", "03", "04", "05", "06", "10", "19", "26"]) + digits(11)
        return body + mod97_pair(body)
    if country == "MT":
        return R.choice(["MALT", "VALL", "APSB", "LOMA"]) + digits(5) + "000" + digits(15)
    if country == "ES":
        bank, branch, account = R.choice(["2100", "0049", "0182", "2080", "0075"]), digits(4), \
            digits(10)
        return bank + branch + spanish_digit("00" + bank + branch) + spanish_digit(account) \
            + account
    if country == "DE":
        return str(R.randint(1, 8)) + digits(7) + digits(10)
    if country == "FR":
        bank = R.choice(["30004", "30003", "10278", "20041", "30066", "10096"])
        branch, account = digits(5), digits(11)
        key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        return f"{bank}{branch}{account}{key:02d}"
    if country == "NL":
        return R.choice(["ABNA", "RABO", "INGB", "TRIO", "KNAB", "BUNQ", "SNSB"]) + digits(10)
    if country == "BE":
        first = digits(10)
        return first + f"{int(first) % 97 or 97:02d}"
    if country == "PL":
        return digits(24)
    if country == "GB":
        return R.choice(["BARC", "NWBK", "LOYD", "MIDL", "MONZ", "HBUK"]) + digits(14)
    if country == "CY":
        return digits(8) + digits(16)
    if country in ("CH", "AT"):
        return digits(5) + digits(12 if country == "CH" else 11)
    raise ValueError(country)


def iban_text(country, spaced=None):
    """A valid IBAN of `country`, in groups of four or electronic form."""
    body = bban(country)
    value = country + iban_check(country, body) + body
    spaced = R.random() < 0.6 if spaced is None else spaced
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if spaced else value


PHONE_PLANS = {
    # country: (calling code, trunk prefix, mobile prefixes, national significant number
    #           length, national grouping and separator, international grouping and separator)
    "GB": ("44", "0", ("74", "75", "77", "78", "79"), 10, (5, 6), " ", (4, 6), " "),
    "US": ("1", "", ("212", "312", "415", "503", "617", "646", "702", "713", "808", "917"), 10,
           (3, 3, 4), "-", (3, 3, 4), "-"),
    "IE": ("353", "0", ("83", "85", "86", "87", "89"), 9, (3, 3, 4), " ", (2, 3, 4), " "),
    "DE": ("49", "0", ("151", "152", "160", "170", "171", "176"), 11, (4, 8), " ", (3, 8), " "),
    "FR": ("33", "0", ("6", "7"), 9, (2, 2, 2, 2, 2), " ", (1, 2, 2, 2, 2), " "),
    "NL": ("31", "0", ("6",), 9, (2, 8), " ", (1, 8), " "),
    "JP": ("81", "0", ("90", "80", "70"), 10, (3, 4, 4), "-", (2, 4, 4), "-"),
    "KR": ("82", "0", ("10",), 10, (3, 4, 4), "-", (2, 4, 4), "-"),
    "TW": ("886", "0", ("91", "92", "93", "95", "97", "98"), 9, (4, 3, 3), "-", (3, 3, 3), " "),
    "HK": ("852", "", ("5", "6", "9"), 8, (4, 4), " ", (4, 4), " "),
    "TR": ("90", "0", ("532", "533", "535", "542", "505", "555"), 10, (4, 3, 2, 2), " ",
           (3, 3, 2, 2), " "),
    "VN": ("84", "0", ("90", "91", "93", "96", "97", "98", "32", "35", "38", "70", "77", "86"),
           9, (4, 3, 3), " ", (3, 3, 3), " "),
    "BG": ("359", "0", ("87", "88", "89", "98"), 9, (4, 3, 3), " ", (3, 3, 3), " "),
    "EE": ("372", "", ("5",), 8, (4, 4), " ", (4, 4), " "),
    "LV": ("371", "", ("2",), 8, (2, 3, 3), " ", (2, 3, 3), " "),
    "SI": ("386", "0", ("30", "31", "40", "41", "51", "68", "70"), 8, (3, 3, 3), " ",
           (2, 3, 3), " "),
    "MT": ("356", "", ("79", "99", "77"), 8, (4, 4), " ", (4, 4), " "),
    "ES": ("34", "", ("6", "7"), 9, (3, 3, 3), " ", (3, 3, 3), " "),
    "NG": ("234", "0", ("803", "806", "813", "816", "703", "706", "802", "808", "812", "902"),
           10, (4, 3, 4), " ", (3, 3, 4), " "),
    "NE": ("227", "", ("96", "97", "90", "91", "88", "89"), 8, (2, 2, 2, 2), " ", (2, 2, 2, 2),
           " "),
    "AM": ("374", "0", ("91", "93", "94", "95", "96", "98", "99", "77", "55", "44", "33"), 8,
           (3, 6), " ", (2, 6), " "),
    "IN": ("91", "", ("98", "97", "96", "94", "90", "88", "81", "76", "70", "63"), 10, (5, 5), " ",
           (5, 5), " "),
    "KH": ("855", "0", ("12", "17", "77", "92", "96", "97", "11", "15", "16", "10", "89"), 8,
           (3, 3, 3), " ", (2, 3, 3), " "),
    "LK": ("94", "0", ("70", "71", "72", "74", "75", "76", "77", "78"), 9, (3, 3, 4), " ",
           (2, 3, 4), " "),
    "NP": ("977", "", ("984", "985", "986", "980", "981", "982", "974", "976", "961"), 10,
           (3, 7), "-", (3, 7), "-"),
}
CALLING_CODES = {plan[0] for plan in PHONE_PLANS.values()}
TRUNK_00 = {"IE", "DE", "FR", "NL", "TR", "BG", "EE", "LV", "SI", "MT", "ES", "AM"}


def mobile_number(country):
    """A national significant number of a mobile line in `country`."""
    code, _, prefixes, length, *_ = PHONE_PLANS[country]
    while True:
        prefix = R.choice(prefixes)
        nsn = prefix + digits(length - len(prefix))
        if country != "US" or nsn[3] not in "01" and nsn[3:6] != "555":
            return nsn


def phone(country, form=None, nsn=None):
    """A mobile number of `country` (`nsn`, or a new one) as written: national, international,
    `00`, E.164 or a bare MSISDN."""
    code, trunk, _, _, ngroups, nsep, igroups, isep = PHONE_PLANS[country]
    nsn = nsn or mobile_number(country)
    form = form or R.choice(["national", "international", "e164"]
                            + (["00"] if country in TRUNK_00 else []))
    if form == "national":
        if country == "US":
            return R.choice([f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}", group(nsn, ngroups, nsep)])
        return group(trunk + nsn, ngroups, nsep)
    if form == "international":
        return f"+{code} " + group(nsn, igroups, isep)
    if form == "00":
        return f"00{code} " + group(nsn, igroups, isep)
    if form == "e164":
        return f"+{code}{nsn}"
    if form == "msisdn":
        return code + nsn
    raise ValueError(form)


HOTLINES = {"GB": "0800 048 2261", "IE": "+353 1 447 2290", "ES": "+34 900 814 377",
            "MT": "+356 2133 8450", "TR": "0850 460 27 19", "JP": "0120-948-316",
            "US": "1-888-431-2709", "EE": "+372 640 2218", "LV": "+371 6701 4422"}
INTERNATIONAL_CARE = "+44 330 094 7715"


def hotline(country=None):
    """Brindlemoor Care's number for `country` (the international line elsewhere)."""
    return HOTLINES.get(country, INTERNATIONAL_CARE)


def ipv4_public():
    """A global unicast IPv4 address (no documentation, shared or reserved range)."""
    while True:
        address = ipaddress.IPv4Address(R.getrandbits(32))
        if address.is_global and not address.is_multicast and address.packed[0] < 224:
            return str(address)


def ipv4_private():
    """An RFC 1918 address inside BMT's plan."""
    return R.choice([f"10.{R.randint(16, 63)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                     f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                     f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"])


def ipv4_cgnat():
    """A carrier-grade NAT address (100.64.0.0/10), as subscribers get."""
    return f"100.{R.randint(64, 127)}.{R.randint(0, 255)}.{R.randint(2, 254)}"


def ipv6_global(prefix_only=False):
    """A global unicast IPv6 address (or the network address of a /56) in 2a0x::/16."""
    groups = [0x2A00 + R.randint(1, 15)] + [R.randint(0, 0xFFFF) for _ in range(7)]
    if prefix_only:
        groups[3] &= 0xFF00
        groups[4:] = [0, 0, 0, 0]
    return str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))


def mac(separator=None, upper=None):
    """A unicast, globally administered MAC address in colon or dash form."""
    octets = [R.randrange(256) for _ in range(6)]
    octets[0] &= 0xFC
    separator = separator or R.choice(":-")
    upper = R.random() < 0.5 if upper is None else upper
    text = separator.join(f"{o:02x}" for o in octets)
    return text.upper() if upper else text


WORDS = ["amber", "basalt", "cobalt", "delta", "ember", "fjord", "garnet", "harbour", "indigo",
         "juniper", "kestrel", "lantern", "meadow", "nimbus", "orchid", "pebble", "quarry",
         "russet", "saffron", "thistle", "umber", "velvet", "willow", "zephyr", "copper", "lumen"]


def secret(n=16, symbols="!#%*+-=?^_~"):
    """A strong random password: upper and lower case, digits and (optionally) symbols."""
    pools = [UPPER, LOWER, DIGITS] + ([symbols] if symbols else [])
    while True:
        value = rand("".join(pools), n)
        if all(any(c in pool for c in value) for pool in pools):
            return value


def passphrase():
    """A Wi-Fi passphrase of words and digits."""
    words = R.sample(WORDS, 3)
    return f"{words[0].capitalize()}-{words[1]}-{R.randint(10, 99)}-{words[2].capitalize()}"


def ssn():
    """A US SSN in a valid range, never a famous one."""
    while True:
        area = R.randint(1, 899)
        if area != 666:
            value = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
            if value not in ("123-45-6789", "078-05-1120", "219-09-9999"):
                return value


def token(vendor, kind=None):
    """A token in the format of `vendor` (`kind` picks among a vendor's token kinds)."""
    if vendor == "stripe":
        kind = kind or R.choice(["sk", "rk", "whsec"])
        if kind == "whsec":
            return "whsec_" + rand(ALNUM, 32)
        return f"{kind}_live_51" + rand(ALNUM, 97 if R.random() < 0.5 else 22)
    if vendor == "shopify":
        return (kind or R.choice(["shpat", "shpca"])) + "_" + rand(HEX, 32)
    if vendor == "sendgrid":
        return "SG." + rand(B64URL, 22) + "." + rand(B64URL, 43)
    if vendor == "twilio":
        kind = kind or R.choice(["sid", "secret", "auth"])
        if kind == "sid":
            return "SK" + rand(HEX, 32)
        return rand(ALNUM, 32) if kind == "secret" else rand(HEX, 32)
    if vendor == "slack":
        if kind == "webhook":
            return (f"https://hooks.slack.com/services/T{rand(UPPER + DIGITS, 10)}"
                    f"/B{rand(UPPER + DIGITS, 10)}/{rand(ALNUM, 24)}")
        return f"xox{kind or R.choice('bp')}-{digits(12)}-{digits(13)}-{rand(ALNUM, 24)}"
    if vendor == "aws":
        if kind == "secret":
            return rand(B64, 40)
        return R.choice(["AKIA", "ASIA"] if kind == "session" else ["AKIA"]) \
            + rand(UPPER + "234567", 16)
    if vendor == "google":
        return "AIzaSy" + rand(B64URL, 33)
    if vendor == "github":
        kind = kind or R.choice(["ghp", "ghs", "gho", "pat"])
        if kind == "pat":
            return "github_pat_" + rand(ALNUM, 22) + "_" + rand(ALNUM, 59)
        body = rand(ALNUM, 30)
        return f"{kind}_{body}{crc_base62(body)}"
    if vendor == "npm":
        body = rand(ALNUM, 30)
        return f"npm_{body}{crc_base62(body)}"
    if vendor == "gitlab":
        return "glpat-" + rand(B64URL, 20)
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rand(B64URL, 171) + "=" + rand(HEX.upper(), 8)
    if vendor == "hashicorp":
        return "hvs." + rand(ALNUM, 24)
    if vendor == "openai":
        return "sk-proj-" + rand(B64URL, 64) + "T3BlbkFJ" + rand(B64URL, 64)
    if vendor == "anthropic":
        return "sk-ant-api03-" + rand(B64URL, 93) + "AA"
    if vendor == "huggingface":
        return "hf_" + rand(string.ascii_letters, 34)
    if vendor == "digitalocean":
        return "dop_v1_" + rand(HEX, 64)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + rand(B64URL, 140)
    if vendor == "azure":
        return b64(64)
    raise ValueError(vendor)


def jwt(claims, alg="RS256"):
    """A JWT with `claims` and a random signature of `alg`'s size."""
    def part(obj):
        return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()) \
            .decode().rstrip("=")
    header = {"alg": alg, "typ": "JWT", "kid": rand(ALNUM, 12)}
    signature = b64url(256 if alg.startswith("RS") else 64 if alg == "ES256" else 32)
    return f"{part(header)}.{part(claims)}.{signature}"


def claims(issuer, audience):
    """Plausible JWT claims of a BMT service."""
    issued = 1_772_000_000 + R.randint(0, 9_000_000)
    return {"iss": issuer, "sub": uuid4(), "aud": audience, "iat": issued,
            "exp": issued + R.choice([300, 900, 3600]), "jti": rand(ALNUM, 16)}


EC_CURVE = bytes.fromhex("a00a06082a8648ce3d030107a144034200")


def pem(label, der, width=64):
    """PEM armour around DER bytes."""
    body = base64.b64encode(der).decode()
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {label}-----\n" + "\n".join(rows) + f"\n-----END {label}-----"


def private_key(kind=None):
    """A PEM private key (RSA, PKCS#8 RSA, SEC1 EC, PKCS#8 EC as in an APNs .p8, OpenSSH)."""
    kind = kind or R.choice(["rsa", "pkcs8", "ec", "p8", "openssh"])
    ec = bytes.fromhex("30770201010420") + R.randbytes(32) + EC_CURVE \
        + b"\x04" + R.randbytes(64)
    if kind == "rsa":
        return pem("RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100")
                   + R.randbytes(1180))
    if kind == "pkcs8":
        return pem("PRIVATE KEY", bytes.fromhex("308204bd020100300d06092a864886f70d0101010500"
                                                "048204a7308204a30201000282010100")
                   + R.randbytes(1180))
    if kind == "ec":
        return pem("EC PRIVATE KEY", ec)
    if kind == "p8":
        return pem("PRIVATE KEY", bytes.fromhex("308193020100301306072a8648ce3d020106082a8648ce"
                                                "3d03010704793077") + ec[2:])
    header = (b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
              b"\x00\x00\x00\x01\x00\x00\x00\x33\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20")
    return pem("OPENSSH PRIVATE KEY", header + R.randbytes(230), width=70)


def certificate():
    """A PEM certificate (a public look-alike)."""
    return pem("CERTIFICATE", bytes.fromhex("308203") + R.randbytes(520))


# --- look-alikes -----------------------------------------------------------------------------

HOME_PLMNS = {"GB": "23415", "US": "310260", "IE": "27201", "DE": "26202", "FR": "20801",
              "NL": "20408", "JP": "44010", "KR": "45005", "TW": "46692", "HK": "45400",
              "TR": "28601",
              "VN": "45204", "BG": "28401", "EE": "24801", "LV": "24701", "SI": "29341",
              "MT": "27801",
              "ES": "21401", "NG": "62130", "NE": "61402", "AM": "28301", "IN": "40445",
              "KH": "45601",
              "LK": "41302", "NP": "42902"}
IMSI_PLMNS = sorted(set(HOME_PLMNS.values()))
ICCID_COUNTRIES = ["44", "90", "81", "82", "86", "84", "35", "37", "38", "34", "91", "94", "97"]


def imei(style="plain"):
    """A Luhn-valid IMEI: plain, dashed (AA-BBBBBB-CCCCCC-D) or spaced."""
    body = R.choice(["35", "86", "01", "99"]) + digits(12)
    value = body + luhn_digit(body)
    if style == "dashed":
        return group(value, (2, 6, 6, 1), "-")
    return group(value, (2, 6, 6, 1), " ") if style == "spaced" else value


def imeisv():
    """An IMEISV: TAC, serial and a two-digit software version (no check digit)."""
    return R.choice(["35", "86"]) + digits(12) + f"{R.randint(1, 49):02d}"


def imsi(country=None):
    """An IMSI: MCC, MNC (of `country`'s operator when given) and MSIN, 15 digits."""
    plmn = HOME_PLMNS[country] if country else R.choice(IMSI_PLMNS)
    return plmn + digits(15 - len(plmn))


def iccid():
    """An ICCID: 89, country, issuer, account and a Luhn check digit (19 or 20 digits)."""
    body = "89" + R.choice(ICCID_COUNTRIES) + digits(R.choice([14, 15]))
    return body + luhn_digit(body)


def eid():
    """An eUICC id: 32 digits whose last two are the mod-97 check."""
    body = "89049032" + digits(22)
    return body + mod97_pair(body)


def plain_digits(prefix, n):
    """`n` digits starting with `prefix` that fail the Luhn check (an id, not a card)."""
    while True:
        value = prefix + digits(n - len(prefix))
        if not luhn_ok(value):
            return value


def order_number():
    """A marketplace or shop order number."""
    return R.choice([f"{digits(3)}-{digits(7)}-{digits(7)}", f"BM-2026-{digits(8)}",
                     f"BMS{digits(9)}", f"#{R.randint(100000, 999999)}"])


def ups():
    """A UPS 1Z tracking number with its check digit."""
    body = rand(UPPER + DIGITS, 6) + R.choice(["01", "02", "03", "12", "13", "42"]) + digits(7)
    total = sum((int(c) if c.isdigit() else (ord(c) - 63) % 10) * (2 if i % 2 else 1)
                for i, c in enumerate(body))
    return "1Z" + body + str(-total % 10)


def usps(spaced=True):
    """A 22-digit USPS-like IMpb tracking number with its GS1 check digit."""
    body = "9400" + "1" + digits(16)
    value = body + gs1_digit(body)
    return group(value, (4, 4, 4, 4, 4, 2), " ") if spaced else value


def s10():
    """A UPU S10 item id (Royal Mail style) with its mod-11 check digit."""
    serial = digits(8)
    total = sum(int(c) * w for c, w in zip(serial, (8, 6, 4, 2, 3, 5, 9, 7)))
    check = 11 - total % 11
    return R.choice(["RR", "CP", "LX", "EE"]) + serial + {10: "0", 11: "5"}.get(check, str(check)) \
        + "GB"


def dhl():
    """A DHL Express waybill: ten digits, the last the first nine mod 7."""
    body = digits(9)
    return body + str(int(body) % 7)


def sscc():
    """An 18-digit SSCC pallet label with its GS1 check digit."""
    body = "3" + R.choice(["50", "86", "84", "38"]) + digits(14)
    return body + gs1_digit(body)


EAN_PREFIXES = ["400", "427", "501", "869", "450", "880", "471", "489", "893", "380", "474",
                "475", "383", "535", "841", "615", "485", "890", "884", "479"]


def ean13():
    """An EAN-13 with a country prefix and its check digit."""
    body = R.choice(EAN_PREFIXES) + digits(9)
    return body + gs1_digit(body)


def upc_a():
    """A 12-digit UPC-A with its check digit."""
    body = "0" + digits(10)
    return body + gs1_digit(body)


def gtin14():
    """A GTIN-14 (case of products) with its check digit."""
    body = "1" + R.choice(EAN_PREFIXES) + digits(9)
    return body + gs1_digit(body)


def sku():
    """A catalogue SKU."""
    return R.choice([f"BM-{rand(UPPER, 3)}-{R.randint(100, 999)}-{rand(UPPER, 2)}",
                     f"SKU{digits(7)}",
                     f"{rand(UPPER, 2)}{digits(4)}-{R.choice(['BLK', 'WHT', 'RED'])}"])


def bin6():
    """A card BIN (first six digits)."""
    return R.choice(["4", "5", "3"]) + digits(5)


def masked_card():
    """A masked card number: first six and last four, bullets or `ending`."""
    last = digits(4)
    return R.choice([f"{bin6()}******{last}", f"•••• {last}", f"**** **** **** {last}",
                     f"ending {last}", f"{R.choice('45')}*** **** **** {last}"])


def arn():
    """A 23-digit acquirer reference number with its Luhn check digit."""
    body = R.choice("2478") + bin6() + f"{R.randint(5, 6)}{R.randint(30, 120):03d}" + digits(11)
    return body + luhn_digit(body)


def rrn():
    """A 12-digit retrieval reference number."""
    return f"6{R.randint(30, 99)}{R.randint(10, 23):02d}" + digits(7)


def auth_code():
    """A six-character authorisation code."""
    return rand(UPPER + DIGITS, 6) if R.random() < 0.5 else digits(6)


def stripe_id(prefix):
    """A Stripe object id (`ch_`, `pi_`, `evt_`, `dp_`, `cus_`, `pm_`)."""
    return f"{prefix}_3{rand(ALNUM, 23)}"


def psp_reference():
    """An Adyen-style pspReference."""
    return rand(UPPER + DIGITS, 16)


def paypal_id():
    """A PayPal-style transaction id."""
    return rand(UPPER + DIGITS, 17)


def gift_serial():
    """A 19-digit gift-card serial that fails the Luhn check."""
    while True:
        value = "6375" + digits(15)
        if not luhn_ok(value):
            return group(value, (4, 4, 4, 4, 3), " ")


def masked_gift_code():
    """A gift-card redemption code with all but its last group masked."""
    return f"GC-****-****-{rand(UPPER + DIGITS, 4)}"


def build_number():
    """A four-part firmware or build number shaped like an IPv4 address."""
    return f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 12)}.{R.randint(1, 250)}"


def oid():
    """An SNMP OID under a private enterprise number."""
    return "1.3.6.1.4.1." + ".".join(str(R.randint(1, 40000)) for _ in range(R.randint(3, 6)))


def sha(nbytes=20):
    """A hex digest (git SHA-1 by default)."""
    return rand(HEX, nbytes * 2)


def fingerprint(groups=20, upper=True):
    """A colon-separated hex fingerprint (SHA-1 certificate or MD5 SSH)."""
    text = ":".join(rand(HEX, 2) for _ in range(groups))
    return text.upper() if upper else text


def masked_mac():
    """A MAC address whose device half is masked."""
    return ":".join(rand("0123456789ABCDEF", 2) for _ in range(3)) + ":**:**:**"


def png_data():
    """A data URI of a (truncated) base64 PNG thumbnail."""
    return "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAA" + b64(180)


def tc_kimlik():
    """A Turkish identity number with its two check digits."""
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    return "".join(map(str, d + [d10, (sum(d) + d10) % 10]))


def egn():
    """A Bulgarian EGN with its check digit."""
    base = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}{digits(3)}"
    total = sum(int(c) * w for c, w in zip(base, (2, 4, 8, 5, 10, 9, 7, 3, 6))) % 11
    return base + str(total % 10)


def isikukood():
    """An Estonian personal identification code with its check digit."""
    base = R.choice("3456") + f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}" \
        f"{R.randint(1, 28):02d}" + digits(3)
    check = sum(int(c) * w for c, w in zip(base, (1, 2, 3, 4, 5, 6, 7, 8, 9, 1))) % 11
    if check == 10:
        check = sum(int(c) * w for c, w in zip(base, (3, 4, 5, 6, 7, 8, 9, 1, 2, 3))) % 11 % 10
    return base + str(check)


def emso():
    """A Slovenian EMŠO with its mod-11 check digit, failing the Luhn check."""
    while True:
        base = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(950, 999)}50" \
            f"{R.randint(0, 999):03d}"
        m = sum(int(c) * w for c, w in zip(base, (7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2))) % 11
        if m != 1:
            value = base + str(0 if m == 0 else 11 - m)
            if not luhn_ok(value):
                return value


def dni():
    """A Spanish DNI with its check letter."""
    n = R.randint(10_000_000, 79_999_999)
    return f"{n}{'TRWAGMYFPDXBNJZSQVHLCKE'[n % 23]}"


def korean_rrn():
    """A Korean resident registration number with its check digit."""
    base = f"{R.randint(60, 99):02d}{R.randint(1, 12):02d}{R.randint(1, 28):02d}" \
        f"{R.choice('12')}" + digits(5)
    total = sum(int(c) * w for c, w in zip(base, (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)))
    return f"{base[:6]}-{base[6:]}{(11 - total % 11) % 10}"


def taiwan_id():
    """A Taiwanese national identity card number with its check digit."""
    letters = "ABCDEFGHJKLMNPQRSTUVXYWZIO"
    letter = R.choice(letters[:22])
    code = letters.index(letter) + 10
    body = R.choice("12") + digits(7)
    total = code // 10 + code % 10 * 9 + sum(int(c) * w for c, w in zip(body, range(8, 0, -1)))
    return letter + body + str(-total % 10)


def hkid():
    """A Hong Kong identity card number with its check character."""
    letter, body = R.choice(UPPER), digits(6)
    total = 36 * 9 + (ord(letter) - 55) * 8 + sum(int(c) * w for c, w in zip(body, range(7, 1, -1)))
    check = -total % 11
    return f"{letter}{body}({'A' if check == 10 else check})"


def my_number():
    """A Japanese individual number (12 digits) with its check digit."""
    body = digits(11)
    total = sum(int(c) * (n + 1 if n <= 6 else n - 5)
                for n, c in enumerate(reversed(body), start=1))
    remainder = total % 11
    return group(body + str(0 if remainder <= 1 else 11 - remainder), (4, 4, 4), " ")


def pan_india():
    """An Indian PAN."""
    return rand(UPPER, 3) + "P" + rand(UPPER, 1) + digits(4) + rand(UPPER, 1)


def nin_nigeria():
    """A Nigerian NIN (11 digits)."""
    return str(R.randint(1, 9)) + digits(10)


def ein():
    """A US employer identification number."""
    return f"{R.choice(['12', '27', '46', '81', '84', '88'])}-{digits(7)}"


def national_id(country):
    """A national identity number of `country` (a look-alike) and its name."""
    return {"TR": ("T.C. Kimlik No", tc_kimlik), "BG": ("ЕГН", egn),
            "EE": ("isikukood", isikukood), "SI": ("EMŠO", emso), "ES": ("DNI", dni),
            "KR": ("주민등록번호", korean_rrn), "TW": ("身分證字號", taiwan_id),
            "HK": ("HKID", hkid), "JP": ("マイナンバー", my_number),
            "IN": ("PAN", pan_india), "NG": ("NIN", nin_nigeria)}[country]


# --- people ----------------------------------------------------------------------------------


@dataclass
class Staff:
    """A Jira user of the tenant."""

    name: str
    email: str
    account_id: str

    def record(self):
        return {"display_name": self.name, "email": self.email, "account_id": self.account_id}


@dataclass
class Customer:
    """A customer, seller or subscriber (never in `people`): the name as written, its Latin
    given and family names, and the address that spells them."""

    name: str
    first: str
    last: str
    email: str
    lang: str

    def forms(self):
        """Every way the set writes this person's name."""
        latin = f"{self.first} {self.last}"
        return {self.name, self.first, self.last, latin, latin.upper(), f"{self.last} {self.first}",
                f"{self.last}, {self.first}", f"{self.last} {self.first}".upper()}


STAFF_ROSTER = [  # display name, address (brindlemoor.net: telecom; brindlemarket.shop: market)
    ("Rowan Pellew", "rowan.pellew@brindlemoor.net"),
    ("Saoirse Mulvaney", "saoirse.mulvaney@brindlemarket.shop"),
    ("Theo Brackenridge", "theo.brackenridge@brindlemoor.net"),
    ("Amara Okonkwo-Reid", "amara.okonkwo-reid@brindlemarket.shop"),
    ("Lucía Ferreiro", "lucia.ferreiro@brindlemarket.shop"),
    ("佐藤 美咲", "misaki.sato@brindlemoor.net"),
    ("박지훈", "jihoon.park@brindlemoor.net"),
    ("陳怡君", "yichun.chen@brindlemarket.shop"),
    ("Emre Kaya", "emre.kaya@brindlemoor.net"),
    ("Phan Thanh Tùng", "tung.phan@brindlemarket.shop"),
    ("Калина Тодорова", "kalina.todorova@brindlemoor.net"),
    ("Rasmus Kuusk", "rasmus.kuusk@brindlemoor.net"),
    ("Dace Vītola", "dace.vitola@brindlemarket.shop"),
    ("Tina Furlan", "tina.furlan@brindlemoor.net"),
    ("Kirsty Azzopardi", "kirsty.azzopardi@brindlemarket.shop"),
    ("Aitor Larrañaga", "aitor.larranaga@brindlemoor.net"),
    ("Ṣeun Akínọlá", "seun.akinola@brindlemarket.shop"),
    ("Nasiru Yakubu", "nasiru.yakubu@brindlemoor.net"),
    ("Գոհար Մանուկյան", "gohar.manukyan@brindlemoor.net"),
    ("ભાવિન ત્રિવેદી", "bhavin.trivedi@brindlemarket.shop"),
    ("ਸਿਮਰਨ ਬਾਜਵਾ", "simran.bajwa@brindlemoor.net"),
    ("Ravi Teja Kondapalli", "raviteja.kondapalli@brindlemoor.net"),
    ("ರಘು ನಾಯಕ್", "raghu.naik@brindlemarket.shop"),
    ("Meera Varghese", "meera.varghese@brindlemoor.net"),
    ("Ishara Wickramasinghe", "ishara.wickramasinghe@brindlemarket.shop"),
    ("Sabin Karki", "sabin.karki@brindlemoor.net"),
    ("Oona Hartigan", "oona.hartigan@brindlemarket.shop"),
    ("Felix Amsel", "felix.amsel@brindlemoor.net"),
]


def account_id():
    """A Jira Cloud account id, in either of its two shapes."""
    return f"712020:{uuid4()}" if R.random() < 0.6 else rand(HEX, 24)


STAFF = [Staff(name, email, account_id()) for name, email in STAFF_ROSTER]
next_staff = Turns(STAFF)


def staff(n=1):
    """`n` different staff members, taken in turn."""
    chosen = []
    while len(chosen) < n:
        member = next_staff()
        if member not in chosen:
            chosen.append(member)
    return chosen


def onlookers(involved, n=None):
    """`involved` plus up to two staff members the text does not mention."""
    extra = [m for m in staff(R.randint(0, 2) if n is None else n) if m not in involved]
    return list(involved) + extra


def mention(member, how=None):
    """A labelled mention of a staff member: display name, @name, account id or address."""
    how = how or R.choice(["name", "name", "at", "accountid", "email"])
    if how == "at":
        return ["@", ("person", member.name)]
    if how == "accountid":
        return ["[~accountid:", ("person", member.account_id), "]"]
    if how == "email":
        return ("person", member.email)
    return ("person", member.name)


CUSTOMER_ROSTER = {  # language: (name as written, Latin given, Latin family, address local part)
    "en": [("Harriet Ormsby", "Harriet", "Ormsby", "harriet.ormsby"),
           ("Declan Feeney", "Declan", "Feeney", "declan.feeney"),
           ("Tobias Wren", "Tobias", "Wren", "tobiaswren"),
           ("Imogen Calloway", "Imogen", "Calloway", "imogen_calloway"),
           ("Callum Dryden", "Callum", "Dryden", "dryden.callum"),
           ("Naomi Achterberg", "Naomi", "Achterberg", "naomi.achterberg")],
    "ja": [("山本 結衣", "Yui", "Yamamoto", "yui.yamamoto"),
           ("高橋 翔太", "Shota", "Takahashi", "takahashi.shota"),
           ("中村 さくら", "Sakura", "Nakamura", "sakura.nakamura"),
           ("タナカ ハルト", "Haruto", "Tanaka", "haruto_tanaka"),
           ("渡辺 あおい", "Aoi", "Watanabe", "aoi.watanabe")],
    "ko": [("김민지", "Minji", "Kim", "minji.kim"), ("정우진", "Woojin", "Jung", "woojin.jung"),
           ("최서연", "Seoyeon", "Choi", "seoyeon.choi"), ("강도현", "Dohyun", "Kang", "kangdohyun"),
           ("윤하은", "Haeun", "Yoon", "haeun.yoon")],
    "zh": [("林志明", "Chih-ming", "Lin", "chihming.lin"), ("黃淑芬", "Shu-fen", "Huang", "shufen.huang"),
           ("張家豪", "Chia-hao", "Chang", "chang.chiahao"), ("陳嘉欣", "Ka-yan", "Chan", "kayan.chan"),
           ("李俊傑", "Chun-kit", "Lee", "chunkit.lee")],
    "tr": [("Elif Yıldırım", "Elif", "Yıldırım", "elif.yildirim"),
           ("Mehmet Öztürk", "Mehmet", "Öztürk", "mehmet.ozturk"),
           ("Zeynep Çelik", "Zeynep", "Çelik", "zeynepcelik"),
           ("Burak Şahin", "Burak", "Şahin", "burak.sahin"),
           ("Ayşe Güneş", "Ayşe", "Güneş", "ayse.gunes")],
    "vi": [("Nguyễn Thị Lan", "Lan", "Nguyễn Thị", "lan.nguyenthi"),
           ("Trần Minh Quân", "Quân", "Trần Minh", "quan.tranminh"),
           ("Phạm Bảo Thư", "Thư", "Phạm Bảo", "thu.phambao"),
           ("Lê Văn Dũng", "Dũng", "Lê Văn", "dung.levan"),
           ("Đỗ Ngọc Anh", "Anh", "Đỗ Ngọc", "anh.dongoc")],
    "bg": [("Георги Димитров", "Georgi", "Dimitrov", "georgi.dimitrov"),
           ("Мария Иванова", "Maria", "Ivanova", "maria.ivanova"),
           ("Стефан Колев", "Stefan", "Kolev", "stefan.kolev"),
           ("Десислава Петкова", "Desislava", "Petkova", "desislava.petkova"),
           ("Николай Стоянов", "Nikolay", "Stoyanov", "nstoyanov.nikolay")],
    "et": [("Kadri Tamm", "Kadri", "Tamm", "kadri.tamm"),
           ("Mart Saar", "Mart", "Saar", "mart.saar"),
           ("Liis Kask", "Liis", "Kask", "liis.kask"),
           ("Tõnis Mägi", "Tõnis", "Mägi", "tonis.magi"),
           ("Kärt Sepp", "Kärt", "Sepp", "kart.sepp")],
    "lv": [("Jānis Bērziņš", "Jānis", "Bērziņš", "janis.berzins"),
           ("Līga Ozola", "Līga", "Ozola", "liga.ozola"),
           ("Artūrs Kalniņš", "Artūrs", "Kalniņš", "arturs.kalnins"),
           ("Ilze Liepiņa", "Ilze", "Liepiņa", "ilze.liepina"),
           ("Edgars Krūmiņš", "Edgars", "Krūmiņš", "edgars.krumins")],
    "sl": [("Matej Kovačič", "Matej", "Kovačič", "matej.kovacic"),
           ("Nina Horvat", "Nina", "Horvat", "nina.horvat"),
           ("Luka Novak", "Luka", "Novak", "luka.novak"),
           ("Petra Zupančič", "Petra", "Zupančič", "petra.zupancic"),
           ("Žiga Krajnc", "Žiga", "Krajnc", "ziga.krajnc")],
    "mt": [("Ġorġ Camilleri", "Ġorġ", "Camilleri", "gorg.camilleri"),
           ("Marija Borg", "Marija", "Borg", "marija.borg"),
           ("Ċensu Vella", "Ċensu", "Vella", "censu.vella"),
           ("Ħelena Farrugia", "Ħelena", "Farrugia", "helena.farrugia"),
           ("Luke Grech", "Luke", "Grech", "luke.grech")],
    "eu": [("Ane Etxeberria", "Ane", "Etxeberria", "ane.etxeberria"),
           ("Iñaki Agirre", "Iñaki", "Agirre", "inaki.agirre"),
           ("Maite Goikoetxea", "Maite", "Goikoetxea", "maite.goikoetxea"),
           ("Jon Arrieta", "Jon", "Arrieta", "jon.arrieta"),
           ("Nerea Zubizarreta", "Nerea", "Zubizarreta", "nerea.zubizarreta")],
    "gl": [("Uxía Castro", "Uxía", "Castro", "uxia.castro"),
           ("Brais Otero", "Brais", "Otero", "brais.otero"),
           ("Antía Varela", "Antía", "Varela", "antia.varela"),
           ("Xoán Piñeiro", "Xoán", "Piñeiro", "xoan.pineiro"),
           ("Iria Seoane", "Iria", "Seoane", "iria.seoane")],
    "yo": [("Adébáyọ̀ Ọládipọ̀", "Adébáyọ̀", "Ọládipọ̀", "adebayo.oladipo"),
           ("Fúnmiláyọ̀ Adéyẹmí", "Fúnmiláyọ̀", "Adéyẹmí", "funmilayo.adeyemi"),
           ("Olúwaṣẹ́gun Àjàyí", "Olúwaṣẹ́gun", "Àjàyí", "oluwasegun.ajayi"),
           ("Títílọpẹ́ Ògúnlẹ́yẹ", "Títílọpẹ́", "Ògúnlẹ́yẹ", "titilope.ogunleye"),
           ("Kẹ́hìndé Babátúndé", "Kẹ́hìndé", "Babátúndé", "kehinde.babatunde")],
    "ha": [("Aminu Bello", "Aminu", "Bello", "aminu.bello"),
           ("Hauwa Abdullahi", "Hauwa", "Abdullahi", "hauwa.abdullahi"),
           ("Ibrahim Danjuma", "Ibrahim", "Danjuma", "ibrahim.danjuma"),
           ("Zainab Musa", "Zainab", "Musa", "zainabmusa"),
           ("Usman Garba", "Usman", "Garba", "usman.garba")],
    "hy": [("Անի Հակոբյան", "Ani", "Hakobyan", "ani.hakobyan"),
           ("Արամ Սարգսյան", "Aram", "Sargsyan", "aram.sargsyan"),
           ("Լուսինե Պետրոսյան", "Lusine", "Petrosyan", "lusine.petrosyan"),
           ("Տիգրան Մկրտչյան", "Tigran", "Mkrtchyan", "tigran.mkrtchyan"),
           ("Նարե Ավետիսյան", "Nare", "Avetisyan", "nare.avetisyan")],
    "gu": [("ધ્રુવ પટેલ", "Dhruv", "Patel", "dhruv.patel"),
           ("હેતલ શાહ", "Hetal", "Shah", "hetal.shah"),
           ("કિંજલ દેસાઈ", "Kinjal", "Desai", "kinjal.desai"),
           ("પાર્થ મહેતા", "Parth", "Mehta", "parth.mehta"),
           ("નિરાલી જોશી", "Nirali", "Joshi", "nirali.joshi")],
    "pa": [("ਹਰਪ੍ਰੀਤ ਕੌਰ", "Harpreet", "Kaur", "harpreet.kaur"),
           ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "Gurpreet", "Singh", "gurpreet.singh"),
           ("ਮਨਦੀਪ ਗਿੱਲ", "Mandeep", "Gill", "mandeep.gill"),
           ("ਜਸਲੀਨ ਸੰਧੂ", "Jasleen", "Sandhu", "jasleen.sandhu"),
           ("ਅਮਨਦੀਪ ਢਿੱਲੋਂ", "Amandeep", "Dhillon", "amandeep.dhillon")],
    "te": [("శ్రీనివాస్ రెడ్డి", "Srinivas", "Reddy", "srinivas.reddy"),
           ("లక్ష్మి ప్రసన్న", "Lakshmi", "Prasanna", "lakshmi.prasanna"),
           ("వెంకట్ రావు", "Venkat", "Rao", "venkat.rao"),
           ("స్వాతి నాయుడు", "Swathi", "Naidu", "swathi.naidu"),
           ("కిరణ్ వర్మ", "Kiran", "Varma", "kiran.varma")],
    "kn": [("ಕಾವ್ಯಾ ಗೌಡ", "Kavya", "Gowda", "kavya.gowda"),
           ("ಮಂಜುನಾಥ್ ಹೆಗಡೆ", "Manjunath", "Hegde", "manjunath.hegde"),
           ("ಅನನ್ಯಾ ರಾವ್", "Ananya", "Rao", "ananya.rao"),
           ("ಪ್ರಶಾಂತ್ ಶೆಟ್ಟಿ", "Prashanth", "Shetty", "prashanth.shetty"),
           ("ದೀಪಾ ಭಟ್", "Deepa", "Bhat", "deepa.bhat")],
    "ml": [("അനു മാത്യു", "Anu", "Mathew", "anu.mathew"),
           ("ശ്രീജിത്ത് നായർ", "Sreejith", "Nair", "sreejith.nair"),
           ("ലക്ഷ്മി മേനോൻ", "Lakshmi", "Menon", "lakshmi.menon"),
           ("ജോസഫ് കുര്യൻ", "Joseph", "Kurian", "joseph.kurian"),
           ("അഞ്ജലി പിള്ള", "Anjali", "Pillai", "anjali.pillai")],
    "km": [("សុខ ដារ៉ា", "Dara", "Sok", "dara.sok"), ("ចាន់ សុភា", "Sophea", "Chan", "sophea.chan"),
           ("ហេង វិចិត្រ", "Vichet", "Heng", "vichet.heng"),
           ("លី ស្រីពៅ", "Sreypov", "Ly", "sreypov.ly"),
           ("គឹម សុវណ្ណ", "Sovann", "Kim", "sovann.kim")],
    "si": [("නිමල් පෙරේරා", "Nimal", "Perera", "nimal.perera"),
           ("චමරි ප්‍රනාන්දු", "Chamari", "Fernando", "chamari.fernando"),
           ("කසුන් සිල්වා", "Kasun", "Silva", "kasun.silva"),
           ("දිල්රුක්ෂි ජයසිංහ", "Dilrukshi", "Jayasinghe", "dilrukshi.jayasinghe"),
           ("තරිඳු බණ්ඩාර", "Tharindu", "Bandara", "tharindu.bandara")],
    "ne": [("सुमन श्रेष्ठ", "Suman", "Shrestha", "suman.shrestha"),
           ("अनिता गुरुङ", "Anita", "Gurung", "anita.gurung"),
           ("बिकास तामाङ", "Bikash", "Tamang", "bikash.tamang"),
           ("प्रिया अधिकारी", "Priya", "Adhikari", "priya.adhikari"),
           ("राजेश थापा", "Rajesh", "Thapa", "rajesh.thapa")],
}
MAIL_HOSTS = ["mailbox.example", "kitemail.example", "posta.example", "inbox.example.net",
              "correo.example.org", "webpost.example", "sakuramail.example", "hanbit.example",
              "netmail.example.com", "example.com", "example.org", "lumen.example"]


def make_customers():
    """The customer roster, each with a fixed address on a reserved domain."""
    out = []
    for lang, entries in CUSTOMER_ROSTER.items():
        for name, first, last, local in entries:
            suffix = str(R.randint(7, 99)) if R.random() < 0.3 else ""
            out.append(Customer(name, first, last, f"{local}{suffix}@{R.choice(MAIL_HOSTS)}", lang))
    return out


CUSTOMERS = make_customers()
CUSTOMERS_BY_LANG = {lang: Turns([c for c in CUSTOMERS if c.lang == lang])
                     for lang in CUSTOMER_ROSTER}
next_customer = Turns(CUSTOMERS)


def customer(lang=None):
    """A customer of `lang` (any language when None), taken in turn."""
    return CUSTOMERS_BY_LANG[lang]() if lang else next_customer()


def name_piece(c, form="name"):
    """A labelled name of a customer: as written, Latin, capitals or family-first."""
    value = {"name": c.name, "latin": f"{c.first} {c.last}", "upper": f"{c.first} {c.last}".upper(),
             "first": c.first, "last": c.last}[form]
    return ("person", value)


# --- languages -------------------------------------------------------------------------------


@dataclass
class Lang:
    """A language of the set: its phone countries, IBAN country, card brand, amounts and
    phrases (slots: name, email, phone, staff, order, amount, card, iban, pw, trk, imei)."""

    name: str
    countries: tuple
    iban: str
    brand: str
    amounts: tuple
    phrases: dict


LANGS = {
    "en": Lang("English", ("GB", "US", "IE", "DE", "FR", "NL"), "GB", "visa",
               ("£86.40", "$112.90", "€64.15"), {
        "order": "Customer {name} ({email}) says order {order} never arrived. Call back on "
                 "{phone}. Assigned to {staff}.",
        "refund_iban": "Refund for order {order} approved by {staff}: transfer to {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) pasted the full card number {card} into the chat; {staff} "
                "removed it from the transcript.",
        "simswap": "Possible SIM-swap fraud on {phone}: {name} ({email}) says they never asked for "
                   "a new SIM. Escalated to {staff}.",
        "roaming": "Roaming complaint from {name} ({email}): charged {amount} for data abroad. "
                   "Contact number {phone}.",
        "wifi": "Router replaced for {name} ({email}). New Wi-Fi password: {pw}",
        "neg": "Parcel {trk} left the Daventry hub; order {order}, handset IMEI {imei}. Nothing to "
               "redact.",
    }),
    "ja": Lang("Japanese", ("JP",), None, "jcb", ("¥18,400", "¥7,980", "¥32,150"), {
        "order": "お客様 {name}（{email}）より、注文 {order} が届いていないとの連絡。折り返し先: {phone}。担当: {staff}",
        "card": "{name} 様（{email}）がチャットにカード番号 {card} を全桁入力しました。{staff} が削除済み。",
        "simswap": "{phone} でSIMスワップ詐欺の疑い。{name} 様（{email}）はSIM再発行を依頼していないとのこと。{staff} にエスカレーション。",
        "roaming": "ローミング料金の苦情: {name} 様（{email}）、海外データ通信で {amount} 請求。連絡先 {phone}",
        "wifi": "{name} 様（{email}）のルーターを交換。新しいWi-Fiパスワード: {pw}",
        "neg": "荷物 {trk} は倉庫を出荷済み。注文 {order}、端末IMEI {imei}。個人情報なし。",
    }),
    "ko": Lang("Korean", ("KR",), None, "mastercard", ("₩236,000", "₩48,500", "₩112,300"), {
        "order": "고객 {name}({email}) 님이 주문 {order}을(를) 받지 못했다고 합니다. 회신 번호: {phone}. 담당: {staff}",
        "card": "{name} 고객({email})이 채팅에 카드 번호 {card} 전체를 입력했습니다. {staff} 님이 삭제했습니다.",
        "simswap": "{phone} 번호에서 SIM 스와프 사기 의심. {name} 고객({email})은 유심 재발급을 요청한 적이 없다고 합니다. "
                   "{staff} 님께 에스컬레이션.",
        "roaming": "로밍 요금 민원: {name} 고객({email}), 해외 데이터 요금 {amount} 청구. 연락처 {phone}",
        "wifi": "{name} 고객({email}) 공유기 교체 완료. 새 Wi-Fi 비밀번호: {pw}",
        "neg": "택배 {trk} 출고 완료. 주문 {order}, 단말기 IMEI {imei}. 개인정보 없음.",
    }),
    "zh": Lang("Chinese (Traditional)", ("TW", "HK"), None, "unionpay",
               ("NT$5,820", "HK$1,240", "NT$12,600"), {
        "order": "客戶 {name}（{email}）表示訂單 {order} 尚未送達，回電號碼：{phone}。負責人：{staff}",
        "card": "{name}（{email}）在客服對話中貼上完整卡號 {card}，已由 {staff} 刪除。",
        "simswap": "門號 {phone} 疑似遭 SIM 卡調包詐騙。{name}（{email}）表示從未申請補發 SIM 卡，已轉交 {staff}。",
        "roaming": "漫遊費用客訴：{name}（{email}）在國外使用數據被收取 {amount}，聯絡電話 {phone}。",
        "wifi": "已為 {name}（{email}）更換路由器。新的 Wi-Fi 密碼：{pw}",
        "neg": "包裹 {trk} 已出倉，訂單 {order}，手機 IMEI {imei}。無個資。",
    }),
    "tr": Lang("Turkish", ("TR",), "TR", "troy", ("2.450,00 TL", "875,90 TL", "1.320,40 TL"), {
        "order": "Müşteri {name} ({email}) {order} numaralı siparişin ulaşmadığını bildirdi. Geri "
                 "arama: {phone}. Atanan: {staff}",
        "refund_iban": "{order} siparişi için iade {staff} tarafından onaylandı: alıcı {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) sohbete kart numarasının tamamını yazdı: {card}. {staff} kaydı "
                "sildi.",
        "simswap": "{phone} hattında SIM kart değişimi dolandırıcılığı şüphesi. {name} ({email}) "
                   "yeni SIM talep etmediğini söylüyor. {staff} ekibine iletildi.",
        "roaming": "Dolaşım şikâyeti: {name} ({email}) yurt dışında veri için {amount} "
                   "ücretlendirildi. İletişim: {phone}",
        "wifi": "{name} ({email}) için modem değiştirildi. Yeni Wi-Fi şifresi: {pw}",
        "neg": "{trk} numaralı kargo depodan çıktı; sipariş {order}, cihaz IMEI {imei}. Kişisel "
               "veri yok.",
    }),
    "vi": Lang("Vietnamese", ("VN",), None, "visa", ("3.250.000 ₫", "890.000 ₫", "1.475.000 ₫"), {
        "order": "Khách hàng {name} ({email}) báo đơn hàng {order} chưa được giao. Số gọi lại: "
                 "{phone}. Người phụ trách: {staff}",
        "card": "{name} ({email}) đã dán đầy đủ số thẻ {card} vào khung chat; {staff} đã xoá.",
        "simswap": "Nghi ngờ gian lận đổi SIM trên số {phone}. {name} ({email}) cho biết không hề "
                   "yêu cầu cấp lại SIM. Đã chuyển cho {staff}.",
        "roaming": "Khiếu nại cước chuyển vùng: {name} ({email}) bị tính {amount} tiền dữ liệu ở "
                   "nước ngoài. Liên hệ {phone}.",
        "wifi": "Đã thay bộ định tuyến cho {name} ({email}). Mật khẩu Wi-Fi mới: {pw}",
        "neg": "Kiện hàng {trk} đã rời kho; đơn {order}, IMEI máy {imei}. Không có dữ liệu cá "
               "nhân.",
    }),
    "bg": Lang("Bulgarian", ("BG",), "BG", "mastercard",
               ("186,40 лв.", "59,90 лв.", "312,00 лв."), {
        "order": "Клиентът {name} ({email}) съобщава, че поръчка {order} не е пристигнала. Обратно "
                 "обаждане: {phone}. Отговорник: {staff}",
        "refund_iban": "Възстановяване по поръчка {order}, одобрено от {staff}: получател {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) постави пълния номер на картата {card} в чата; {staff} го изтри.",
        "simswap": "Подозрение за SIM swap измама на номер {phone}. {name} ({email}) твърди, че не "
                   "е искал нова SIM карта. Ескалирано към {staff}.",
        "roaming": "Оплакване за роуминг: {name} ({email}) е таксуван {amount} за данни в чужбина. "
                   "Телефон за връзка {phone}.",
        "wifi": "Рутерът на {name} ({email}) е сменен. Нова Wi-Fi парола: {pw}",
        "neg": "Пратка {trk} напусна склада; поръчка {order}, IMEI на апарата {imei}. Няма лични "
               "данни.",
    }),
    "et": Lang("Estonian", ("EE",), "EE", "visa", ("74,90 €", "129,00 €", "18,45 €"), {
        "order": "Klient {name} ({email}) teatab, et tellimus {order} pole kohale jõudnud. "
                 "Tagasihelistamine: {phone}. Vastutaja: {staff}",
        "refund_iban": "Tellimuse {order} tagastus kinnitatud ({staff}): saaja {name} ({email}), "
                       "IBAN {iban}.",
        "card": "{name} ({email}) kleepis vestlusesse kogu kaardinumbri {card}; {staff} kustutas "
                "selle.",
        "simswap": "Kahtlus SIM-kaardi vahetuse pettusele numbril {phone}. {name} ({email}) ütleb, "
                   "et ei tellinud uut SIM-kaarti. Edastatud: {staff}.",
        "roaming": "Rändluse kaebus: {name} ({email}) sai välismaal andmeside eest arve {amount}. "
                   "Kontakt {phone}.",
        "wifi": "Kliendi {name} ({email}) ruuter vahetatud. Uus Wi-Fi salasõna: {pw}",
        "neg": "Pakk {trk} lahkus laost; tellimus {order}, seadme IMEI {imei}. Isikuandmeid pole.",
    }),
    "lv": Lang("Latvian", ("LV",), "LV", "mastercard", ("€112,35", "€24,99", "€67,10"), {
        "order": "Klients {name} ({email}) ziņo, ka pasūtījums {order} nav saņemts. Atzvanīt: "
                 "{phone}. Atbildīgais: {staff}",
        "refund_iban": "Atmaksa pasūtījumam {order} apstiprināta ({staff}): saņēmējs {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) iekopēja tērzēšanā pilnu kartes numuru {card}; {staff} to "
                "izdzēsa.",
        "simswap": "Aizdomas par SIM kartes maiņas krāpšanu numuram {phone}. {name} ({email}) "
                   "saka, ka jaunu SIM nav pieprasījis. Nodots: {staff}.",
        "roaming": "Viesabonēšanas sūdzība: {name} ({email}) ārzemēs iekasēti {amount} par datiem. "
                   "Kontakttālrunis {phone}.",
        "wifi": "Klientam {name} ({email}) nomainīts maršrutētājs. Jaunā Wi-Fi parole: {pw}",
        "neg": "Sūtījums {trk} izgāja no noliktavas; pasūtījums {order}, ierīces IMEI {imei}. "
               "Personas datu nav.",
    }),
    "sl": Lang("Slovenian", ("SI",), "SI", "maestro", ("96,20 €", "34,50 €", "210,00 €"), {
        "order": "Stranka {name} ({email}) sporoča, da naročilo {order} ni prispelo. Povratni "
                 "klic: {phone}. Dodeljeno: {staff}",
        "refund_iban": "Vračilo za naročilo {order} je odobreno ({staff}): prejemnik {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) je v klepet prilepil(a) celotno številko kartice {card}; "
                "izbrisano ({staff}).",
        "simswap": "Sum prevare z zamenjavo kartice SIM na številki {phone}. {name} ({email}) "
                   "pravi, da nove kartice SIM ni zahteval(a). Posredovano: {staff}.",
        "roaming": "Pritožba zaradi gostovanja: {name} ({email}), v tujini zaračunano {amount} za "
                   "prenos podatkov. Kontakt {phone}.",
        "wifi": "Stranki {name} ({email}) smo zamenjali usmerjevalnik. Novo geslo za Wi-Fi: {pw}",
        "neg": "Paket {trk} je zapustil skladišče; naročilo {order}, IMEI naprave {imei}. Brez "
               "osebnih podatkov.",
    }),
    "mt": Lang("Maltese", ("MT",), "MT", "visa", ("€58.70", "€19.99", "€142.00"), {
        "order": "Il-klijent {name} ({email}) jgħid li l-ordni {order} għadha ma waslitx. Ċempel "
                 "lura fuq {phone}. Assenjat lil {staff}",
        "refund_iban": "Rifużjoni għall-ordni {order} approvata minn {staff}: lil {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) ikkopja n-numru sħiħ tal-kard {card} fiċ-chat; {staff} ħassru.",
        "simswap": "Suspett ta' frodi ta' SIM swap fuq {phone}. {name} ({email}) jgħid li qatt ma "
                   "talab SIM ġdida. Mgħoddi lil {staff}.",
        "roaming": "Ilment dwar ir-roaming: {name} ({email}) ġie ċċarġjat {amount} għad-data barra "
                   "minn Malta. Kuntatt {phone}.",
        "wifi": "Ir-router ta' {name} ({email}) inbidel. Il-password il-ġdida tal-Wi-Fi: {pw}",
        "neg": "Il-pakkett {trk} ħareġ mill-maħżen; ordni {order}, IMEI tal-apparat {imei}. L-ebda "
               "data personali.",
    }),
    "eu": Lang("Basque", ("ES",), "ES", "visa", ("124,60 €", "39,95 €", "76,00 €"), {
        "order": "{name} bezeroak ({email}) dio {order} eskaera ez dela iritsi. Deitu berriro: "
                 "{phone}. Arduraduna: {staff}",
        "refund_iban": "Itzulketa onartuta ({staff}): {order} eskaera, hartzailea {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} bezeroak ({email}) txartelaren zenbaki osoa {card} itsatsi du txatean; "
                "ezabatuta, {staff}.",
        "simswap": "SIM aldaketa iruzurraren susmoa {phone} zenbakian. {name} bezeroak ({email}) "
                   "dio ez duela SIM berririk eskatu. Bideratua: {staff}.",
        "roaming": "Ibiltaritzari buruzko kexa: {name} ({email}), atzerrian datuengatik {amount} "
                   "kobratu zaizkio. Harremana: {phone}.",
        "wifi": "{name} bezeroaren ({email}) bideratzailea aldatu da. Wi-Fi pasahitz berria: {pw}",
        "neg": "{trk} paketea biltegitik irten da; {order} eskaera, gailuaren IMEI {imei}. Datu "
               "pertsonalik ez.",
    }),
    "gl": Lang("Galician", ("ES",), "ES", "mastercard", ("88,30 €", "152,00 €", "27,45 €"), {
        "order": "O cliente {name} ({email}) indica que o pedido {order} non chegou. Chamar de "
                 "volta ao {phone}. Asignado a {staff}",
        "refund_iban": "Reembolso do pedido {order} aprobado por {staff}: destinatario {name} "
                       "({email}), IBAN {iban}.",
        "card": "{name} ({email}) pegou o número completo da tarxeta {card} no chat; borrado por "
                "{staff}.",
        "simswap": "Sospeita de fraude por cambio de SIM no número {phone}. {name} ({email}) di "
                   "que non pediu ningunha SIM nova. Escalado a {staff}.",
        "roaming": "Queixa de itinerancia: a {name} ({email}) cobráronlle {amount} por datos no "
                   "estranxeiro. Contacto {phone}.",
        "wifi": "Substituímos o router de {name} ({email}). Novo contrasinal da wifi: {pw}",
        "neg": "O paquete {trk} saíu do almacén; pedido {order}, IMEI do terminal {imei}. Sen "
               "datos persoais.",
    }),
    "yo": Lang("Yoruba", ("NG",), None, "visa", ("₦48,500", "₦12,750", "₦96,000"), {
        "order": "Oníbàárà {name} ({email}) sọ pé ọjà {order} kò tíì dé. Ẹ pè é padà lórí {phone}. "
                 "A yàn án fún {staff}",
        "card": "{name} ({email}) lẹ gbogbo nọ́ńbà káàdì {card} sínú ìjíròrò; {staff} ti pa á rẹ́.",
        "simswap": "A fura sí jìbìtì pàṣípààrọ̀ SIM lórí {phone}. {name} ({email}) sọ pé òun kò "
                   "béèrè SIM tuntun. A ti fi ránṣẹ́ sí {staff}.",
        "roaming": "Ẹ̀sùn nípa roaming: {name} ({email}) san {amount} fún dátà lókè òkun. Nọ́ńbà "
                   "ìbáṣepọ̀ {phone}.",
        "wifi": "A ti pààrọ̀ router {name} ({email}). Ọ̀rọ̀ aṣínà Wi-Fi tuntun: {pw}",
        "neg": "Ẹrù {trk} ti kúrò ní ilé ìpamọ́; ọjà {order}, IMEI fóònù {imei}. Kò sí dátà ara "
               "ẹni.",
    }),
    "ha": Lang("Hausa", ("NG", "NE"), None, "mastercard", ("₦31,200", "₦8,400", "₦57,900"), {
        "order": "Abokin ciniki {name} ({email}) ya ce odar {order} ba ta iso ba. A kira a "
                 "{phone}. An ba {staff}",
        "card": "{name} ({email}) ya liƙa cikakken lambar katin {card} a cikin hira; {staff} ya "
                "goge ta.",
        "simswap": "Ana zargin zamba ta musayar SIM akan {phone}. {name} ({email}) ya ce bai nemi "
                   "sabon SIM ba. An tura wa {staff}.",
        "roaming": "Koke kan roaming: an caje {name} ({email}) {amount} don data a ƙasar waje. "
                   "Lambar tuntuɓa {phone}.",
        "wifi": "An canza router na {name} ({email}). Sabuwar kalmar sirri ta Wi-Fi: {pw}",
        "neg": "Kunshin {trk} ya bar ma'ajiya; oda {order}, IMEI na waya {imei}. Babu bayanan kai.",
    }),
    "hy": Lang("Armenian", ("AM",), None, "visa", ("36 000 ֏", "12 500 ֏", "84 900 ֏"), {
        "order": "Հաճախորդ {name} ({email}) հայտնում է, որ {order} պատվերը չի ստացվել։ Հետզանգ՝ "
                 "{phone}։ Պատասխանատու՝ {staff}",
        "card": "{name} ({email}) չատում տեղադրել է քարտի ամբողջական համարը՝ {card}։ Ջնջել է՝ "
                "{staff}։",
        "simswap": "{phone} համարի վրա SIM փոխարինման խարդախության կասկած։ {name} ({email}) ասում "
                   "է, որ նոր SIM չի պահանջել։ Փոխանցված է՝ {staff}։",
        "roaming": "Ռոումինգի բողոք․ {name} ({email}) արտերկրում տվյալների համար գանձվել է "
                   "{amount}։ Կապ՝ {phone}։",
        "wifi": "Հաճախորդ՝ {name} ({email})։ Երթուղիչը փոխարինվել է։ Նոր Wi-Fi գաղտնաբառ՝ {pw}",
        "neg": "{trk} ծանրոցը դուրս է եկել պահեստից, պատվեր {order}, սարքի IMEI {imei}։ Անձնական "
               "տվյալներ չկան։",
    }),
    "gu": Lang("Gujarati", ("IN",), None, "rupay", ("₹7,850", "₹1,299", "₹24,500"), {
        "order": "ગ્રાહક {name} ({email}) જણાવે છે કે ઓર્ડર {order} હજી પહોંચ્યો નથી. પાછો કૉલ: "
                 "{phone}. જવાબદાર: {staff}",
        "card": "{name} ({email}) એ ચેટમાં આખો કાર્ડ નંબર {card} પેસ્ટ કર્યો; {staff} એ તે કાઢી "
                "નાખ્યો.",
        "simswap": "{phone} પર SIM સ્વેપ છેતરપિંડીની શંકા. {name} ({email}) કહે છે કે તેમણે નવું "
                   "SIM માંગ્યું નથી. {staff} ને મોકલ્યું.",
        "roaming": "રોમિંગ ફરિયાદ: {name} ({email}) ને વિદેશમાં ડેટા માટે {amount} ચાર્જ થયો. "
                   "સંપર્ક {phone}.",
        "wifi": "{name} ({email}) નું રાઉટર બદલ્યું. નવો Wi-Fi પાસવર્ડ: {pw}",
        "neg": "પાર્સલ {trk} વેરહાઉસમાંથી નીકળ્યું; ઓર્ડર {order}, ફોન IMEI {imei}. કોઈ વ્યક્તિગત "
               "માહિતી નથી.",
    }),
    "pa": Lang("Punjabi", ("IN",), None, "rupay", ("₹4,320", "₹899", "₹15,750"), {
        "order": "ਗਾਹਕ {name} ({email}) ਦੱਸਦੇ ਹਨ ਕਿ ਆਰਡਰ {order} ਅਜੇ ਨਹੀਂ ਪਹੁੰਚਿਆ। ਵਾਪਸ ਕਾਲ: "
                 "{phone}। ਜ਼ਿੰਮੇਵਾਰ: {staff}",
        "card": "{name} ({email}) ਨੇ ਚੈਟ ਵਿੱਚ ਪੂਰਾ ਕਾਰਡ ਨੰਬਰ {card} ਪੇਸਟ ਕੀਤਾ; {staff} ਨੇ ਇਸਨੂੰ "
                "ਮਿਟਾ ਦਿੱਤਾ।",
        "simswap": "{phone} ਉੱਤੇ SIM ਸਵੈਪ ਧੋਖਾਧੜੀ ਦਾ ਸ਼ੱਕ। {name} ({email}) ਕਹਿੰਦੇ ਹਨ ਕਿ ਉਨ੍ਹਾਂ ਨੇ "
                   "ਨਵਾਂ SIM ਨਹੀਂ ਮੰਗਿਆ। {staff} ਨੂੰ ਭੇਜਿਆ।",
        "roaming": "ਰੋਮਿੰਗ ਸ਼ਿਕਾਇਤ: {name} ({email}) ਤੋਂ ਵਿਦੇਸ਼ ਵਿੱਚ ਡਾਟਾ ਲਈ {amount} ਵਸੂਲੇ ਗਏ। "
                   "ਸੰਪਰਕ {phone}।",
        "wifi": "{name} ({email}) ਦਾ ਰਾਊਟਰ ਬਦਲਿਆ ਗਿਆ। ਨਵਾਂ Wi-Fi ਪਾਸਵਰਡ: {pw}",
        "neg": "ਪਾਰਸਲ {trk} ਗੋਦਾਮ ਤੋਂ ਨਿਕਲ ਗਿਆ; ਆਰਡਰ {order}, ਫ਼ੋਨ IMEI {imei}। ਕੋਈ ਨਿੱਜੀ ਡਾਟਾ "
               "ਨਹੀਂ।",
    }),
    "te": Lang("Telugu", ("IN",), None, "rupay", ("₹6,480", "₹2,150", "₹11,999"), {
        "order": "కస్టమర్ {name} ({email}) ఆర్డర్ {order} ఇంకా అందలేదని తెలిపారు. తిరిగి కాల్: "
                 "{phone}. బాధ్యులు: {staff}",
        "card": "{name} ({email}) చాట్‌లో పూర్తి కార్డ్ నంబర్ {card} అతికించారు; {staff} దాన్ని "
                "తొలగించారు.",
        "simswap": "{phone} పై SIM స్వాప్ మోసం అనుమానం. {name} ({email}) కొత్త SIM అడగలేదని "
                   "చెబుతున్నారు. {staff} కు పంపబడింది.",
        "roaming": "రోమింగ్ ఫిర్యాదు: {name} ({email}) కు విదేశంలో డేటాకు {amount} వసూలు చేశారు. "
                   "సంప్రదింపు {phone}.",
        "wifi": "{name} ({email}) రౌటర్ మార్చబడింది. కొత్త Wi-Fi పాస్‌వర్డ్: {pw}",
        "neg": "పార్సెల్ {trk} గోదాము నుండి బయలుదేరింది; ఆర్డర్ {order}, ఫోన్ IMEI {imei}. "
               "వ్యక్తిగత డేటా లేదు.",
    }),
    "kn": Lang("Kannada", ("IN",), None, "rupay", ("₹3,740", "₹1,050", "₹19,200"), {
        "order": "ಗ್ರಾಹಕ {name} ({email}) ಅವರು ಆರ್ಡರ್ {order} ಇನ್ನೂ ತಲುಪಿಲ್ಲ ಎಂದು ಹೇಳಿದ್ದಾರೆ. ಮರಳಿ "
                 "ಕರೆ: {phone}. ಜವಾಬ್ದಾರರು: {staff}",
        "card": "{name} ({email}) ಚಾಟ್‌ನಲ್ಲಿ ಪೂರ್ಣ ಕಾರ್ಡ್ ಸಂಖ್ಯೆ {card} ಅಂಟಿಸಿದ್ದಾರೆ; {staff} "
                "ಅದನ್ನು ಅಳಿಸಿದ್ದಾರೆ.",
        "simswap": "{phone} ನಲ್ಲಿ SIM ಸ್ವಾಪ್ ವಂಚನೆಯ ಶಂಕೆ. {name} ({email}) ಹೊಸ SIM ಕೇಳಿಲ್ಲ "
                   "ಎನ್ನುತ್ತಾರೆ. {staff} ಅವರಿಗೆ ಕಳುಹಿಸಲಾಗಿದೆ.",
        "roaming": "ರೋಮಿಂಗ್ ದೂರು: {name} ({email}) ಅವರಿಗೆ ವಿದೇಶದಲ್ಲಿ ಡೇಟಾಗೆ {amount} ಶುಲ್ಕ "
                   "ವಿಧಿಸಲಾಗಿದೆ. ಸಂಪರ್ಕ {phone}.",
        "wifi": "{name} ({email}) ಅವರ ರೂಟರ್ ಬದಲಾಯಿಸಲಾಗಿದೆ. ಹೊಸ Wi-Fi ಪಾಸ್‌ವರ್ಡ್: {pw}",
        "neg": "ಪಾರ್ಸೆಲ್ {trk} ಗೋದಾಮಿನಿಂದ ಹೊರಟಿದೆ; ಆರ್ಡರ್ {order}, ಫೋನ್ IMEI {imei}. ವೈಯಕ್ತಿಕ "
               "ಮಾಹಿತಿ ಇಲ್ಲ.",
    }),
    "ml": Lang("Malayalam", ("IN",), None, "rupay", ("₹5,610", "₹2,799", "₹13,400"), {
        "order": "ഉപഭോക്താവ് {name} ({email}) ഓർഡർ {order} ഇതുവരെ ലഭിച്ചിട്ടില്ലെന്ന് അറിയിച്ചു. "
                 "തിരികെ വിളിക്കാൻ: {phone}. ചുമതല: {staff}",
        "card": "{name} ({email}) ചാറ്റിൽ മുഴുവൻ കാർഡ് നമ്പർ {card} ഒട്ടിച്ചു; {staff} അത് നീക്കം "
                "ചെയ്തു.",
        "simswap": "{phone} നമ്പറിൽ SIM സ്വാപ്പ് തട്ടിപ്പ് സംശയം. {name} ({email}) പുതിയ SIM "
                   "ആവശ്യപ്പെട്ടിട്ടില്ലെന്ന് പറയുന്നു. കൈമാറി: {staff}.",
        "roaming": "റോമിംഗ് പരാതി: {name} ({email}) വിദേശത്ത് ഡാറ്റയ്ക്ക് {amount} ഈടാക്കി. "
                   "ബന്ധപ്പെടാൻ {phone}.",
        "wifi": "റൂട്ടർ മാറ്റി: {name} ({email}). പുതിയ Wi-Fi പാസ്‌വേഡ്: {pw}",
        "neg": "പാഴ്സൽ {trk} വെയർഹൗസിൽ നിന്ന് പുറപ്പെട്ടു; ഓർഡർ {order}, ഫോൺ IMEI {imei}. "
               "വ്യക്തിഗത വിവരങ്ങളില്ല.",
    }),
    "km": Lang("Khmer", ("KH",), None, "visa", ("៛120,000", "$32.50", "៛48,000"), {
        "order": "អតិថិជន {name} ({email}) ប្រាប់ថាការបញ្ជាទិញ {order} មិនទាន់មកដល់។ "
                 "ទូរស័ព្ទត្រឡប់ទៅ៖ {phone}។ អ្នកទទួលខុសត្រូវ៖ {staff}",
        "card": "{name} ({email}) បានបិទភ្ជាប់លេខកាតពេញ {card} ក្នុងការជជែក; {staff} បានលុបវាហើយ។",
        "simswap": "សង្ស័យការក្លែងបន្លំប្តូរស៊ីមលើលេខ {phone}។ {name} ({email}) "
                   "និយាយថាមិនបានស្នើសុំស៊ីមថ្មីទេ។ បានបញ្ជូនទៅ {staff}។",
        "roaming": "បណ្តឹងរ៉ូមីង៖ {name} ({email}) ត្រូវបានគិតថ្លៃ {amount} "
                   "សម្រាប់ទិន្នន័យនៅបរទេស។ ទំនាក់ទំនង {phone}។",
        "wifi": "បានប្តូររ៉ោតទ័ររបស់ {name} ({email})។ ពាក្យសម្ងាត់ Wi-Fi ថ្មី៖ {pw}",
        "neg": "កញ្ចប់ {trk} បានចេញពីឃ្លាំង; ការបញ្ជាទិញ {order}, IMEI ទូរស័ព្ទ {imei}។ "
               "គ្មានទិន្នន័យផ្ទាល់ខ្លួនទេ។",
    }),
    "si": Lang("Sinhala", ("LK",), None, "visa", ("රු. 14,750", "රු. 3,200", "රු. 28,900"), {
        "order": "පාරිභෝගික {name} ({email}) පවසන්නේ ඇණවුම {order} තවම ලැබී නැති බවයි. නැවත "
                 "ඇමතීමට: {phone}. භාර: {staff}",
        "card": "{name} ({email}) චැට් එකේ සම්පූර්ණ කාඩ්පත් අංකය {card} ඇලවීය; {staff} එය මකා "
                "දැමීය.",
        "simswap": "{phone} අංකයේ SIM මාරු වංචාවක් පිළිබඳ සැකයක්. {name} ({email}) නව SIM එකක් "
                   "ඉල්ලා නැති බව පවසයි. {staff} වෙත යොමු කළා.",
        "roaming": "රෝමිං පැමිණිල්ල: {name} ({email}) ට විදේශයේදී දත්ත සඳහා {amount} අය කර ඇත. "
                   "සම්බන්ධතා {phone}.",
        "wifi": "{name} ({email}) ගේ රවුටරය මාරු කළා. නව Wi-Fi මුරපදය: {pw}",
        "neg": "පාර්සලය {trk} ගබඩාවෙන් පිටත් විය; ඇණවුම {order}, දුරකථන IMEI {imei}. පුද්ගලික දත්ත "
               "නැත.",
    }),
    "ne": Lang("Nepali", ("NP",), None, "visa", ("रु. 6,400", "रु. 1,850", "रु. 12,300"), {
        "order": "ग्राहक {name} ({email}) ले अर्डर {order} अझै नआएको बताउनुभयो। फिर्ता कल: "
                 "{phone}। जिम्मेवार: {staff}",
        "card": "{name} ({email}) ले च्याटमा पूरा कार्ड नम्बर {card} टाँस्नुभयो; {staff} ले "
                "मेटाउनुभयो।",
        "simswap": "{phone} मा SIM स्वाप ठगीको शंका। {name} ({email}) ले नयाँ SIM नमागेको "
                   "बताउनुभयो। {staff} लाई पठाइयो।",
        "roaming": "रोमिङ गुनासो: {name} ({email}) लाई विदेशमा डाटाका लागि {amount} शुल्क लाग्यो। "
                   "सम्पर्क {phone}।",
        "wifi": "{name} ({email}) को राउटर फेरियो। नयाँ Wi-Fi पासवर्ड: {pw}",
        "neg": "पार्सल {trk} गोदामबाट निस्कियो; अर्डर {order}, फोन IMEI {imei}। कुनै व्यक्तिगत "
               "डाटा छैन।",
    }),
}

PASSWORD_WORDS = ["password", "passwd", "pwd", "secret", "passphrase", "şifre", "parola",
                  "mật khẩu", "парола", "salasõna", "parool", "parole", "geslo", "pasahitz",
                  "contrasinal", "ọ̀rọ̀ aṣínà", "kalmar sirri", "գաղտնաբառ", "પાસવર્ડ", "ਪਾਸਵਰਡ",
                  "పాస్‌వర్డ్", "ಪಾಸ್‌ವರ್ಡ್", "പാസ്‌വേഡ്", "ពាក្យសម្ងាត់", "මුරපදය", "पासवर्ड",
                  "パスワード",
                  "비밀번호", "密碼", "contraseña", "shared_secret", "passwort"]


# --- positive lines: tickets in every language -----------------------------------------------

PHRASE_KEYS = ["order", "card", "simswap", "roaming", "wifi"]
PHRASE_PROJECTS = {"order": "SUP", "card": "SUP", "simswap": "FRAUD", "roaming": "CARE",
                   "wifi": "CPE", "refund_iban": "RMA"}
CHANNELS = ["web form", "app chat", "e-mail", "store visit", "call-centre", "social DM"]


def home(c):
    """A phone country of a customer's language."""
    return R.choice(LANGS[c.lang].countries)


def t_phrase(lang, key):
    """A ticket in `lang`: an English Jira header over the customer's words, sometimes with the
    care line's hotline."""
    spec, c, member = LANGS[lang], customer(lang), staff()[0]
    country = R.choice(spec.countries)
    slots = {"name": name_piece(c), "email": ("email", c.email), "phone": ("phone", phone(country)),
             "staff": mention(member, R.choice(["name", "name", "at"])),
             "order": Look(order_number(), "order number"), "amount": R.choice(spec.amounts),
             "card": ("credit_card", card_text(spec.brand)),
             "pw": ("password", passphrase() if R.random() < 0.6 else secret(12, ""))}
    if spec.iban:
        slots["iban"] = ("iban", iban_text(spec.iban))
    header = [issue(PHRASE_PROJECTS[key]), " · ", R.choice(CHANNELS), "\n"]
    if key == "wifi":
        header += ["CPE MAC ", ("mac_address", mac()), "\n"]
    footer = ["\n— Brindlemoor Care ", ("phone", hotline(country))] if R.random() < 0.3 else []
    return line(header + fill(spec.phrases[key], **slots) + footer, onlookers([member]), lang)


def t_phrase_negative(lang):
    """A logistics sentence in `lang` with nothing to redact."""
    slots = {"trk": Look(R.choice([ups(), s10(), usps()]), "tracking number"),
             "order": Look(order_number(), "order number"),
             "imei": Look(imei(R.choice(["plain", "dashed"])), "IMEI")}
    head = [issue("LOG"), " · ", R.choice(CHANNELS), "\n"]
    return line(head + fill(LANGS[lang].phrases["neg"], **slots), staff(R.randint(0, 1)), lang,
                negative=True)


# --- positive lines: retail and marketplace --------------------------------------------------

PRODUCTS = ["BM Fold 6 handset", "Nimbus 55-inch OLED TV", "Lumen X2 earbuds", "AX3000 mesh router",
            "Tern e-scooter charger", "Kestrel smartwatch", "Basalt espresso grinder"]
next_brand = Turns(CARD_BRANDS)
next_iban_country = Turns(IBAN_LENGTHS)


def phone_pair(country):
    """The same number shown (national or international) and as E.164, for tel: links."""
    nsn = mobile_number(country)
    return phone(country, R.choice(["national", "international"]), nsn), \
        phone(country, "e164", nsn)


def shop_name():
    """A seller's shop name (no person's name in it)."""
    kind = R.choice(["Goods", "Outfitters", "Electronics", "Atelier", "Supply", "Trading"])
    return f"{R.choice(WORDS).capitalize()} {kind}"


def t_rma_thread():
    """A returns e-mail with full headers, a refund account and a signature."""
    c, member = customer(), staff()[0]
    host = c.email.split("@")[1]
    sent = datetime(2026, R.randint(2, 4), R.randint(1, 28), R.randint(6, 23), R.randint(0, 59),
                    R.randint(0, 59))
    quoted = R.random() < 0.4
    order, product = Look(order_number(), "order number"), R.choice(PRODUCTS)
    own_phone = ("phone", phone(home(c)))
    if LANGS[c.lang].iban or R.random() < 0.5:
        pay = ["Please refund to my account ",
               ("iban", iban_text(LANGS[c.lang].iban or next_iban_country())),
               " (account holder ", name_piece(c, R.choice(["name", "latin"])), ")"]
    else:
        pay = ["Please refund to the card I paid with, not to ",
               ("credit_card", card_text(next_brand())),
               " which I have since cancelled"]
    pieces = [
        "Return-Path: <", ("email", c.email), ">\n",
        "Received: from mail-out.", host, " ([", ("ip_address", ipv4_public()), "]) by "
        "mx2.brindlemarket.shop with ESMTPS id ", Look(rand(UPPER + DIGITS, 12), "queue id"),
        sent.strftime("; %a, %d %b %Y %H:%M:%S +0000\n"),
        "From: ", '"' if quoted else "", name_piece(c), '"' if quoted else "", " <",
        ("email", c.email), ">\n",
        "To: ", ("email", "returns@brindlemarket.shop"), "\n",
        "Cc: ", ("person", member.email), "\n",
        f"Subject: RMA-{digits(7)} – {product} arrived damaged\n",
        "Message-ID: <", Look(f"{rand(HEX, 16)}.{digits(6)}@{host}", "Message-ID"), ">\n\n",
        f"Hello,\n\nthe {product} from order ", order, " arrived with a cracked casing. The return "
        "label is printed (UPS ", Look(ups(), "tracking number"), "). ", pay, ", or call me on ",
        own_phone, ".\n\nKind regards,\n", name_piece(c), "\n", ("phone", phone(home(c), "e164")),
    ]
    return line(pieces, onlookers([member]))


next_us_seller = Turns([True, False, False])


def t_seller_kyc():
    """A seller-onboarding KYC table in Jira wiki markup."""
    c, member = customer(), staff()[0]
    country = home(c)
    shown, e164 = phone_pair(country)
    us = next_us_seller()
    rows = [["Legal representative", name_piece(c, R.choice(["name", "latin"]))],
            ["Contact e-mail", ["[", ("email", c.email), "|mailto:", ("email", c.email), "]"]],
            ["Mobile", ["[", ("phone", shown), "|tel:", ("phone", e164), "]"]]]
    if us:
        rows += [["SSN (W-9)", ("ssn", ssn())], ["EIN", Look(ein(), "EIN")],
                 ["ACH routing / account", [Look(digits(9), "routing number"), " / ",
                                            Look(digits(12), "domestic account number")]]]
    else:
        payout = R.choice([LANGS[c.lang].iban, next_iban_country()]) or next_iban_country()
        rows += [["Payout IBAN", ("iban", iban_text(payout))],
                 ["BIC", Look(rand(UPPER, 4) + payout + rand(UPPER + DIGITS, 2), "BIC")]]
    if country in ("TR", "BG", "EE", "SI", "ES", "KR", "TW", "HK", "JP", "IN", "NG"):
        label, make = national_id(country)
        rows.append(["ID document", [label + " ", Look(make(), label)]])
    rows.append(["Sign-up IP", ("ip_address", R.choice([ipv4_public(), ipv6_global()]))])
    table = ["||Field||Value||\n"] + [["|", k, "|", v, "|\n"] for k, v in rows]
    pieces = [f"h3. Seller onboarding — {shop_name()} ({country})\n", table,
              "KYC tier 2 approved by ", mention(member, "accountid"), f" on {when()[0]}."]
    return line(pieces, onlookers([member]))


def t_tin_mismatch():
    """A 1099-K TIN-mismatch note for a US seller (SSN beside an EIN)."""
    c, member = customer(), staff()[0]
    pieces = [
        issue("SELL"), " · 1099-K TIN mismatch (CP2100)\nSeller ", name_piece(c, "latin"), " <",
        ("email", c.email), "> filed a W-9 with SSN ", ("ssn", ssn()),
        " but the shop is registered under EIN ",
        Look(ein(), "EIN"), ". Payouts are on hold until a corrected W-9 arrives; ",
        mention(member),
        " to call the seller on ", ("phone", phone("US")), "."]
    return line(pieces, onlookers([member]))


def t_chargeback():
    """A dispute note where the cardholder's unmasked number was pasted."""
    c, member, brand = customer(), staff()[0], next_brand()
    pieces = [
        issue("DISP"), " · chargeback reason ", Look(R.choice(["10.4", "13.1", "4837", "4853"]),
                                                      "reason code"), f" · {brand}\n",
        "Cardholder: ", name_piece(c, "upper"), " <", ("email", c.email), ">\n",
        "The cardholder e-mailed the full card number ", ("credit_card", card_text(brand)),
        " asking why the charge appeared; it was copied here by mistake, vault it and scrub.\n",
        "Order ", Look(order_number(), "order number"),
        f" · amount €{R.randint(19, 899)}.{digits(2)}"
        " · ARN ", Look(arn(), "ARN"), " · auth ", Look(auth_code(), "authorisation code"),
        " · RRN ", Look(rrn(), "RRN"), "\n",
        "Checkout IP ", ("ip_address", ipv4_public()), "; delivery confirmation signed from ",
        ("ip_address", ipv4_public()), ".\nOwner: ", mention(member)]
    return line(pieces, onlookers([member]))


def t_card_leak():
    """A checkout log that wrote a card number it should never have seen."""
    tick = clock()
    c, member = customer(), staff()[0]
    session = jwt(claims("https://sso.brindlemarket.shop", "checkout"), "ES256")
    pieces = [
        issue("PCI"), " · PAN in application logs (found by ", mention(member, "name"), ")\n",
        tick(), " WARN  [checkout-web] payment form validation failed card_number=",
        ("credit_card", card_text(next_brand(), ".")),
        f" exp={R.randint(1, 12):02d}/{R.randint(27, 31)} holder=",
        name_piece(c, "upper"), " email=", ("email", c.email), " client=",
        ("ip_address", R.choice([ipv4_public(), ipv6_global()])), "\n",
        tick(), " DEBUG [checkout-web] Cookie: bm_session=", ("jwt", session), "\n",
        "Log retention purged; hosts rotated. QSA informed."]
    return line(pieces, onlookers([member]))


def t_giftcard():
    """A gift-card credential-stuffing incident with its source addresses."""
    c, member = customer(), staff()[0]
    sources = [ipv4_public() for _ in range(R.randint(3, 5))] + [ipv6_global()]
    rows = [["  ", ("ip_address", ip),
             f"  {R.randint(200, 4000)} req  AS{R.randint(1000, 64000)}\n"]
            for ip in sources]
    pieces = [
        issue("SEC"), " · gift-card balance endpoint brute force\n",
        f"Between {when()[1]} and {when()[1]} UTC the /giftcards/balance endpoint took "
        f"{R.randint(20, 90)}k requests. Top sources:\n", rows,
        "Serials probed (serials only; redemption codes are never logged): ",
        Look(gift_serial(), "gift-card serial"), ", ", Look(gift_serial(), "gift-card serial"),
        "\n",
        "Account used for the balance checks: ", name_piece(c), " (", ("email", c.email),
        "), locked and notified.\nWAF rule deployed by ", mention(member), "."]
    return line(pieces, onlookers([member]))


def t_chat():
    """A call-centre chat transcript in which the customer shares too much."""
    c, member = customer(), staff()[0]
    hour = R.randint(8, 20)
    t = [f"[{hour:02d}:{minute:02d}:{R.randint(0, 59):02d}]" for minute in range(10, 16)]
    share = R.choice([("credit_card", card_text(next_brand())),
                      ("iban", iban_text(LANGS[c.lang].iban or next_iban_country()))])
    pieces = [
        t[0], " Bot: Hi, you are chatting with Brindlemoor Care. How can we help?\n",
        t[1], " Customer: hi, my name is ", name_piece(c, R.choice(["name", "latin"])), ", e-mail ",
        ("email", c.email), ", my order ", Look(order_number(), "order number"), " is late\n",
        t[2], " Agent ", mention(member, "name"),
        ": Thanks! Can you confirm the number on the account?\n",
        t[3], " Customer: ", ("phone", phone(home(c))), "\n",
        t[4], " Customer: and for the refund use this ", share, "\n",
        t[5], " Agent ", mention(member, "name"), ": Please never send full numbers in chat; "
        "I have asked for this message to be removed."]
    return line(pieces, onlookers([member]))


def t_csv_payouts():
    """A seller payout CSV or Markdown export."""
    sellers = [customer() for _ in range(R.randint(3, 5))]
    markdown = R.random() < 0.4
    rows = [["seller_id", "legal_name", "contact_email", "payout_iban", "currency", "amount"]]
    for c in sellers:
        country = LANGS[c.lang].iban or next_iban_country()
        rows.append([f"S-{digits(5)}", name_piece(c, R.choice(["name", "latin"])),
                     ("email", c.email),
                     ("iban", iban_text(country, spaced=False)),
                     R.choice(["EUR", "GBP", "TRY", "BGN"]),
                     f"{R.randint(40, 9000)}.{digits(2)}"])
    if markdown:
        body = []
        for i, row in enumerate(rows):
            body += ["| ", [[" | ", cell] if j else [cell] for j, cell in enumerate(row)], " |\n"]
            if i == 0:
                body.append("|---" * len(row) + "|\n")
    else:
        body = csv_rows(rows)
    member = staff()[0]
    pieces = [f"Payout batch {when()[0]} (export attached by ", mention(member, "name"), "):\n",
              body]
    return line(pieces, onlookers([member]))


# --- positive lines: telecom -----------------------------------------------------------------

OPERATORS = ["Halcyon Wireless", "Tidewater Mobile", "Corvid Telecom", "Marram Connect"]


def t_sim_swap():
    """A SIM-swap fraud ticket with the subscriber's numbers and the SIM identifiers."""
    c, (first, second) = customer(), staff(2)
    country = home(c)
    nsn = mobile_number(country)
    pieces = [
        issue("FRAUD"), " · SIM swap · Severity: High\n",
        "MSISDN: ", ("phone", phone(country, "e164", nsn)), "\n",
        "Subscriber: ", name_piece(c), " <", ("email", c.email), ">\n",
        "Old ICCID ", Look(iccid(), "ICCID"), " → new ICCID ", Look(iccid(), "ICCID"),
        f" (store {rand(UPPER, 3)}-{R.randint(10, 99)}, POS terminal ",
        ("ip_address", ipv4_private()), ")\n",
        "IMSI ", Look(imsi(country), "IMSI"), " re-provisioned; handset IMEI ",
        Look(imei(), "IMEI"), "\n",
        f"At {when()[1]} the subscriber called from ", ("phone", phone(country)),
        " to report no service.\nActions: port-out lock by ", mention(first),
        "; SMS OTP routing frozen; ", mention(second, "at"), " to call back on ",
        ("phone", phone(country, "national", nsn)), "."]
    return line(pieces, onlookers([first, second]))


def t_port_out():
    """A number-porting request as XML."""
    c, member = customer(), staff()[0]
    country = home(c)
    numbers = [["    <MSISDN>", ("phone", phone(country, "msisdn")), "</MSISDN>\n"]
               for _ in range(R.randint(1, 3))]
    pieces = [
        '<PortRequest id="', Look(f"PRQ{digits(12)}", "port request id"), '" type="port-out">\n',
        "  <DonorOperator>Brindlemoor Mobile</DonorOperator>\n",
        f"  <RecipientOperator>{R.choice(OPERATORS)}</RecipientOperator>\n",
        "  <AccountHolder>\n    <Name>", name_piece(c, R.choice(["name", "latin"])), "</Name>\n",
        "    <Email>", ("email", c.email), "</Email>\n",
        "    <ContactPhone>", ("phone", phone(country, "international")), "</ContactPhone>\n",
        "  </AccountHolder>\n  <Numbers>\n", numbers, "  </Numbers>\n",
        f"  <RequestedPortDate>{when()[0]}</RequestedPortDate>\n</PortRequest>\n",
        "Validated by ", mention(member), "."]
    return line(pieces, onlookers([member]))


def t_cdr():
    """A CDR extract (CSV) attached to a fraud ticket."""
    member = staff()[0]
    country = R.choice(list(PHONE_PLANS))
    subscriber = phone(country, "msisdn")
    rows = [["record_type", "start_time", "duration_s", "calling_msisdn", "called_msisdn", "imsi",
             "imei", "cell_id", "charge_eur"]]
    sim, handset = imsi(country), imei()
    for _ in range(R.randint(3, 5)):
        kind = R.choice(["MOC", "MTC", "MOSMS", "MTSMS", "GPRS", "MOC"])
        other = ("phone", phone(R.choice(list(PHONE_PLANS)), "msisdn"))
        own = ("phone", subscriber)
        calling, called = (other, own) if kind in ("MTC", "MTSMS") else (own, other)
        if kind == "GPRS":
            called = "internet.bmt"
        day, time = when(3)
        rows.append([kind, f"{day}T{time}Z", str(R.randint(0, 1800)), calling, called,
                     Look(sim, "IMSI"), Look(handset, "IMEI"),
                     f"{sim[:5]}-{rand('0123456789ABCDEF', 4)}-{rand('0123456789ABCDEF', 4)}",
                     f"{R.randint(0, 9)}.{digits(2)}"])
    pieces = ["CDR extract for ", issue("FRAUD"), " (pulled by ", mention(member, "name"),
              "):\n", csv_rows(rows)]
    return line(pieces, onlookers([member]))


def t_provisioning():
    """HSS and PGW provisioning logs of a new subscriber."""
    tick = clock()
    c = customer()
    country = home(c)
    nsn = mobile_number(country)
    msisdn = phone(country, "msisdn", nsn)
    apn = R.choice(["internet.bmt", "ims", "fwa.bmt"])
    pieces = [
        tick(), " INFO  [hss-prov] CreateSubscriber msisdn=", ("phone", msisdn), " imsi=",
        Look(imsi(country), "IMSI"), " iccid=", Look(iccid(), "ICCID"),
        f" apn={apn} profile=PREPAID_5G\n",
        tick(), " INFO  [pgw-c] session up msisdn=", ("phone", msisdn), " ue_ipv4=",
        ("ip_address", ipv4_cgnat()), " ue_ipv6=", ("ip_address", ipv6_global(True)),
        "/64 rat=NR\n",
        tick(), " WARN  [notify] welcome SMS to ", ("phone", phone(country, "e164", nsn)),
        " undeliverable; e-mail fallback to ", ("email", c.email), "\n",
        tick(), " INFO  [crm] subscriber name on file: ",
        name_piece(c, R.choice(["name", "latin"]))]
    return line(pieces)


def radius_record(mobile):
    """One RADIUS accounting record (FreeRADIUS detail format)."""
    day, time = when(3)
    country = R.choice(list(PHONE_PLANS))
    caller = ("phone", phone(country, "msisdn")) if mobile else ("mac_address", mac("-", True))
    user = f"ftth{digits(7)}" if not mobile else f"bm{digits(8)}"
    return [
        f"{day} {time}\n\tAcct-Status-Type = {R.choice(['Start', 'Interim-Update', 'Stop'])}\n",
        f'\tUser-Name = "{user}"\n\tNAS-IP-Address = ', ("ip_address", ipv4_private()), "\n",
        f'\tNAS-Port-Id = "xe-0/0/{R.randint(0, 3)}:{R.randint(100, 4000)}"\n',
        "\tFramed-IP-Address = ", ("ip_address", ipv4_cgnat() if mobile or R.random() < 0.5
                                   else ipv4_public()), "\n",
        "\tFramed-IPv6-Prefix = ", ("ip_address", ipv6_global(True)), "/56\n",
        '\tCalling-Station-Id = "', caller, '"\n',
        *(['\t3GPP-IMSI = "', Look(imsi(country), "IMSI"), '"\n'] if mobile else []),
        '\tAcct-Session-Id = "', Look(rand(HEX, 8) + "-" + rand(HEX, 8), "session id"), '"\n']


def t_radius():
    """RADIUS accounting records, sometimes with the NAS client's shared secret."""
    mobile = R.random() < 0.4
    path = f"/var/log/freeradius/radacct/bng{R.randint(1, 9):02d}/detail-2026031{R.randint(0, 9)}"
    pieces = [path + "\n",
              radius_record(mobile), "\n", radius_record(mobile)]
    if R.random() < 0.5:
        pieces += [f"\nclients.conf:\nclient bng{R.randint(1, 9):02d} {{\n\tipaddr = ",
                   ("ip_address", ipv4_private()), "\n\tsecret = ", ("password", secret(20, "")),
                   "\n\tnas_type = juniper\n}"]
    return line(pieces)


def t_diameter():
    """A Diameter Gx credit-control exchange."""
    tick = clock()
    country = R.choice(list(PHONE_PLANS))
    msisdn = phone(country, "msisdn")
    session = f"pgw{R.randint(1, 6):02d}.bmt.internal;{digits(10)};{digits(8)}"
    pieces = [
        f"{tick()} pcrf-02 DEBUG Gx CCR-I received\n",
        "  Session-Id: ", Look(session, "Diameter session id"), "\n",
        "  Origin-Host: pgw01.bmt.internal\n",
        "  Subscription-Id { Subscription-Id-Type: END_USER_E164 (0); Subscription-Id-Data: ",
        ("phone", msisdn), " }\n",
        "  Subscription-Id { Subscription-Id-Type: END_USER_IMSI (1); Subscription-Id-Data: ",
        Look(imsi(country), "IMSI"), " }\n",
        "  Framed-IP-Address: ", ("ip_address", ipv4_cgnat()), "\n",
        "  Framed-IPv6-Prefix: ", ("ip_address", ipv6_global(True)), "/64\n",
        "  3GPP-SGSN-MCC-MNC: ", Look(HOME_PLMNS[country], "MCC/MNC"), "\n",
        f"{tick()} pcrf-02 DEBUG Gx CCA-I Result-Code 2001, Charging-Rule-Name ",
        R.choice(["roam_eu_fup", "unlimited_5g", "fwa_300m"])]
    return line(pieces)


def t_cpe():
    """A CPE ticket: TR-069 parameters, connection-request test, MAC and LAN clients."""
    c, member = customer(), staff()[0]
    wan, model = ipv4_public(), R.choice(["BMT Hub 4 (AX3000)", "BMT Fibre Box 2", "BMT 5G FWA R1"])
    user, request_password = f"cpe-{digits(6)}", secret(14, "")
    pieces = [
        issue("CPE"), f" · {model} reboots every night\n",
        "Customer: ", name_piece(c), " (", ("email", c.email), "), line ID ",
        Look(f"BMT{digits(10)}", "line id"), "\n",
        "CPE MAC ", ("mac_address", mac()), ", serial ",
        Look(f"BMTH4{rand(UPPER + DIGITS, 10)}", "CPE serial"),
        ", firmware ", Look(build_number(), "firmware build"), ", WAN IP ", ("ip_address", wan),
        "\n",
        "{noformat}\n",
        f"InternetGatewayDevice.ManagementServer.ConnectionRequestUsername = {user}\n",
        "InternetGatewayDevice.ManagementServer.ConnectionRequestPassword = ",
        ("password", request_password), "\n",
        "InternetGatewayDevice.LANDevice.1.WLANConfiguration.1.KeyPassphrase = ",
        ("password", passphrase()), "\n",
        "InternetGatewayDevice.WANDevice.1.WANConnectionDevice.1.WANPPPConnection.1.Password = ",
        ("password", secret(12, "")), "\n{noformat}\n",
        "Connection-request test from the ACS: curl --digest http://",
        ("url_credentials", f"{user}:{request_password}"),
        "@", ("ip_address", wan), ":7547/tr069 → 200\n",
        "LAN client ", ("mac_address", mac()), " at ",
        ("ip_address", f"192.168.1.{R.randint(2, 250)}"),
        " floods DHCP. Handled by ", mention(member), "."]
    return line(pieces, onlookers([member]))


def t_esim():
    """An eSIM orchestration log with an ES2+ bearer token."""
    tick = clock()
    c = customer()
    token_value = jwt(claims("https://sso.bmt.internal/realms/esim", "smdp-es2plus"))
    pieces = [
        tick(), " esim-orchestrator INFO download order eid=", Look(eid(), "EID"), " iccid=",
        Look(iccid(), "ICCID"), " msisdn=", ("phone", phone(home(c), "msisdn")),
        " smdp=smdp.bmt.internal\n",
        tick(), " esim-orchestrator DEBUG ES2+ ConfirmOrder Authorization: Bearer ",
        ("jwt", token_value), "\n",
        tick(), " esim-orchestrator INFO QR e-mail sent to ", ("email", c.email), " (",
        name_piece(c),
        ") client_ip=", ("ip_address", R.choice([ipv4_public(), ipv6_global()]))]
    return line(pieces)


def t_smpp():
    """An SMPP bind configuration to an SMS aggregator."""
    member = staff()[0]
    label = R.choice(["aggregator-eu", "aggregator-apac", "a2p-ng", "otp-primary"])
    pieces = [
        f"# smsc-{label}.conf (SMPP v3.4)\n[smsc-{label}]\nhost = ", ("ip_address", ipv4_public()),
        "\nbackup_host = ", ("ip_address", ipv4_public()),
        f"\nport = {R.choice([2775, 2776, 3550])}\nsystem_id = bmt_{rand(LOWER, 5)}\npassword = ",
        ("password", secret(8)), "\nsystem_type = VMA\nbind_mode = transceiver\n",
        "# test message to ", ("phone", phone(R.choice(list(PHONE_PLANS)), "e164")), " sent by ",
        mention(member, "name")]
    return line(pieces, onlookers([member]))


def t_ussd():
    """USSD gateway log records."""
    tick = clock()
    gateway = ipv4_private()
    country = R.choice(["NG", "NE", "KH", "NP", "LK", "IN", "AM", "VN"])
    pieces = []
    for _ in range(R.randint(3, 5)):
        code = R.choice(["*310#", "*556#", "*121*3#", "*100#", "*131*4#"])
        pieces += [tick(), " ussd-gw sess=", Look(rand(HEX, 16).upper(), "session id"), " msisdn=",
                   ("phone", phone(country, "msisdn")), " code=", Look(code, "USSD code"),
                   f" menu={R.choice(['balance', 'bundles', 'airtime', 'sim-status'])} gw=",
                   ("ip_address", gateway), "\n"]
    return line(pieces)


# --- positive lines: payments, shops, couriers, messaging ------------------------------------


def billing_address():
    """A made-up postal address (never labelled)."""
    return {"line1": f"{R.randint(1, 180)} {R.choice(WORDS).capitalize()} Street",
            "city": R.choice(["Tallinn", "Riga", "Valletta", "Bilbao", "Lugo", "Izmir", "Plovdiv",
                              "Ljubljana", "Osaka", "Busan", "Kaohsiung", "Hue", "Ibadan", "Kano"]),
            "postal_code": digits(5)}


def pay_stripe(c):
    """A Stripe dispute webhook and the gateway's keys."""
    event = {"id": Look(stripe_id("evt"), "Stripe event id"), "type": "charge.dispute.created",
             "data": {"object": {"id": Look(stripe_id("dp"), "Stripe dispute id"),
                                 "charge": Look(stripe_id("ch"), "Stripe charge id"),
                                 "amount": R.randint(900, 90000), "currency": "eur",
                                 "reason": "fraudulent",
                                 "evidence": {"customer_email_address": ("email", c.email),
                                              "customer_name": name_piece(c, "latin"),
                                              "customer_purchase_ip": ("ip_address", ipv4_public()),
                                              "billing_address": billing_address()}}}}
    return ["POST /webhooks/stripe HTTP/1.1\nStripe-Signature: t=",
            Look(str(1_772_000_000 + R.randint(0, 9_000_000)), "epoch timestamp"),
            ",v1=", Look(sha(32), "webhook signature"), "\n\n", js(event, 2),
            "\n\n.env on pay-gw-03:\nSTRIPE_SECRET_KEY=", ("api_key/stripe", token("stripe", "sk")),
            "\nSTRIPE_WEBHOOK_SECRET=", ("api_key/stripe", token("stripe", "whsec"))]


def pay_adyen(c):
    """An Adyen-style notification and the integration's API and HMAC keys."""
    item = {"eventCode": "AUTHORISATION", "success": "true",
            "pspReference": Look(psp_reference(), "pspReference"),
            "merchantReference": Look(order_number(), "order number"),
            "merchantAccountCode": "BrindleMarketECOM",
            "amount": {"value": R.randint(500, 60000), "currency": "EUR"},
            "additionalData": {"shopperEmail": ("email", c.email),
                               "shopperIP": ("ip_address", ipv4_public()),
                               "hmacSignature": Look(b64(32), "webhook signature")},
            "shopperName": {"firstName": name_piece(c, "first"), "lastName": name_piece(c, "last")}}
    body = {"live": "true", "notificationItems": [{"NotificationRequestItem": item}]}
    api_key = "AQE" + b64(66).rstrip("=") + "==-" + b64(32) + "-" + rand(ALNUM, 16)
    return [js(body, tight=True), "\n\nadyen.properties:\nadyen.apiKey=", ("password", api_key),
            "\nadyen.hmacKey=", ("password", rand("0123456789ABCDEF", 64))]


def pay_paypal(c):
    """A PayPal-style capture webhook and the app's client credentials."""
    country = home(c)
    resource = {"id": Look(paypal_id(), "PayPal transaction id"), "status": "COMPLETED",
                "amount": {"currency_code": "EUR", "value": f"{R.randint(5, 900)}.{digits(2)}"},
                "payer": {"name": {"given_name": name_piece(c, "first"),
                                   "surname": name_piece(c, "last")},
                          "email_address": ("email", c.email),
                          "payer_id": Look(rand(UPPER + DIGITS, 13), "PayPal payer id"),
                          "phone": {"phone_type": "MOBILE", "phone_number": {
                              "national_number": ("phone", mobile_number(country))}}}}
    event = {"event_type": "PAYMENT.CAPTURE.COMPLETED", "resource": resource}
    return [js(event, 2), "\n\napplication.yml:\n  paypal:\n    client-id: ",
            Look("A" + rand(B64URL, 79), "PayPal client id"), "\n    client-secret: ",
            ("password", "E" + rand(B64URL, 79))]


def pay_braintree(c):
    """A Braintree-style webhook (XML) and the gateway configuration."""
    return ["braintree:\n  environment: production\n  merchant_id: ",
            Look(rand(LOWER + DIGITS, 16), "Braintree merchant id"),
            "\n  public_key: ", Look(rand(LOWER + DIGITS, 16), "Braintree public key"),
            "\n  private_key: ", ("password", rand(HEX, 32)),
            "\n\n<notification><kind>subscription_charged_successfully</kind><subject>"
            "<transaction>",
            "<id>", Look(rand(LOWER + DIGITS, 8), "transaction id"), "</id><customer><first-name>",
            name_piece(c, "first"), "</first-name><last-name>", name_piece(c, "last"),
            "</last-name><email>", ("email", c.email), "</email><phone>",
            ("phone", phone(home(c), "international")),
            "</phone></customer></transaction></subject></notification>"]


def pay_checkout(c):
    """A Checkout.com-style payment event and the secret key in the environment."""
    event = {"id": Look("evt_" + rand(LOWER + DIGITS, 26), "event id"), "type": "payment_captured",
             "data": {"id": Look("pay_" + rand(LOWER + DIGITS, 26), "payment id"),
                      "amount": R.randint(500, 90000),
                      "currency": "EUR",
                      "customer": {"email": ("email", c.email),
                                   "name": name_piece(c, R.choice(["latin", "name"]))},
                      "metadata": {"client_ip": ("ip_address",
                                                 R.choice([ipv4_public(), ipv6_global()]))}}}
    return [js(event, tight=True),
            "\n\nkubectl -n payments set env deploy/cko-adapter CKO_SECRET_KEY=",
            ("password", "sk_" + rand(LOWER + DIGITS, 27)), " CKO_WEBHOOK_AUTH=",
            ("password", secret(24, ""))]


PAYMENT_PROVIDERS = {"Stripe": pay_stripe, "Adyen": pay_adyen, "PayPal": pay_paypal,
                     "Braintree": pay_braintree, "Checkout.com": pay_checkout}
next_provider = Turns(PAYMENT_PROVIDERS)


def t_payment():
    """A payment-provider webhook pasted into a PAY ticket, with the integration's secrets."""
    provider, member = next_provider(), staff()[0]
    pieces = [issue("PAY"), f" · {provider} webhook replay failing (", mention(member, "name"),
              ")\n",
              "{code}\n", PAYMENT_PROVIDERS[provider](customer()), "\n{code}"]
    return line(pieces, onlookers([member]))


def shop_shopify(c):
    """A Shopify-style admin API call and its order payload."""
    country = home(c)
    latin = name_piece(c, "latin")
    order_id = Number(plain_digits("5", 13), "order id")
    order = {"id": order_id, "email": ("email", c.email),
             "phone": ("phone", phone(country, "e164")),
             "browser_ip": ("ip_address", R.choice([ipv4_public(), ipv6_global()])),
             "customer": {"first_name": name_piece(c, "first"), "last_name": name_piece(c, "last"),
                          "email": ("email", c.email)},
             "billing_address": dict(name=latin, phone=("phone", phone(country, "international")),
                                     **billing_address())}
    return ['curl -s -H "X-Shopify-Access-Token: ', ("api_key/shopify", token("shopify", "shpat")),
            '" https://shop.brindlemarket.shop/admin/api/2025-01/orders/', order_id, ".json\n",
            js({"order": order}, 2)]


def shop_magento(c):
    """A Magento-style REST call with an integration token and its order."""
    body = {"entity_id": R.randint(10000, 99999), "customer_email": ("email", c.email),
            "customer_firstname": name_piece(c, "first"),
            "customer_lastname": name_piece(c, "last"),
            "remote_ip": ("ip_address", ipv4_public()),
            "billing_address": {"telephone": ("phone", phone(home(c), "national")),
                                "city": billing_address()["city"]}}
    return ["GET /rest/V1/orders/", str(body["entity_id"]),
            " HTTP/1.1\nHost: magento.brindlemarket.shop\n",
            "Authorization: Bearer ", ("password", rand(LOWER + DIGITS, 32)), "\n\n", js(body, 2)]


def shop_woocommerce(c):
    """A WooCommerce-style webhook and the REST consumer secret."""
    body = {"id": R.randint(1000, 99999), "status": "processing",
            "billing": {"first_name": name_piece(c, "first"), "last_name": name_piece(c, "last"),
                        "email": ("email", c.email), "phone": ("phone", phone(home(c)))},
            "customer_ip_address": ("ip_address", ipv4_public())}
    return ["X-WC-Webhook-Topic: order.created\nX-WC-Webhook-Signature: ",
            Look(b64(32), "webhook signature"),
            "\n", js(body, tight=True), "\n\n# wp-content/bm-sync/.env\nWC_CONSUMER_SECRET=",
            ("password", "cs_" + rand(HEX, 40))]


SHOPS = {"Shopify": shop_shopify, "Magento": shop_magento, "WooCommerce": shop_woocommerce}
next_shop = Turns(SHOPS)


def t_shop():
    """A storefront webhook or admin API call pasted into a ticket."""
    platform = next_shop()
    member = staff()[0]
    pieces = [issue("MKT"), f" · {platform} order sync drops the phone number — assignee ",
              mention(member, "accountid"), "\n{noformat}\n", SHOPS[platform](customer()),
              "\n{noformat}"]
    return line(pieces, onlookers([member]))


def t_courier():
    """A courier-gateway configuration and a failed label for a customer."""
    tick = clock()
    c = customer()
    sftp = f"bmt_edi:{secret(16, '')}"
    pieces = [
        "# courier-gateway/config/production.yml\ndhl:\n  api_key: ", ("password", rand(ALNUM, 32)),
        "\n  api_secret: ", ("password", rand(ALNUM, 16)),
        "\nups:\n  client_id: ", Look(rand(ALNUM, 48), "UPS client id"),
        "\n  client_secret: ", ("password", rand(ALNUM, 64)),
        "\nfedex:\n  client_id: ", Look("l7" + rand(HEX, 32), "FedEx client id"),
        "\n  client_secret: ", ("password", rand(HEX, 32)),
        "\ngeocoding:\n  google_maps_key: ", ("api_key/google", token("google")),
        "\nedi:\n  url: sftp://", ("url_credentials", sftp),
        "@edi.parcelhub.example:22/outbound\n\n",
        *([tick(), ' DEBUG ups oauth response {"token_type":"Bearer","access_token":"',
           ("jwt", jwt(claims("https://auth.parcels.example", "bmt-courier-gateway"))),
           '","expires_in":14399}\n'] if R.random() < 0.5 else []),
        tick(), " WARN label rejected for ", name_piece(c, "latin"), " <", ("email", c.email),
        ">, ",
        ("phone", phone(home(c))), ": postcode invalid (", R.choice(["UPS", "DHL", "FedEx"]), " ",
        Look(R.choice([ups(), dhl(), digits(12)]), "tracking number"), ")"]
    return line(pieces)


next_messaging = Turns(["sendgrid", "twilio", "mailgun"])


def t_messaging():
    """Messaging-provider keys and delivery logs (SendGrid-, Twilio- or Mailgun-style)."""
    tick = clock()
    c, member = customer(), staff()[0]
    kind = next_messaging()
    if kind == "sendgrid":
        body = ["notifications.env:\nSENDGRID_API_KEY=", ("api_key/sendgrid", token("sendgrid")),
                "\nMAIL_FROM=", ("email", "noreply@brindlemarket.shop"), "\n\n", tick(),
                " mailer bounce to=", ("email", c.email), " status=550 5.1.1 user unknown"]
    elif kind == "twilio":
        account = "AC" + rand(HEX, 32)
        body = ["curl -X POST https://api.twilio.example/2010-04-01/Accounts/",
                Look(account, "Twilio account SID"),
                "/Messages.json \\\n  -u ", ("api_key/twilio", token("twilio", "sid")), ":",
                ("api_key/twilio", token("twilio", "secret")),
                ' \\\n  --data-urlencode "To=', ("phone", phone(home(c), "e164")),
                '" \\\n  --data-urlencode "From=', ("phone", phone("GB", "e164")),
                '" \\\n  -d "Body=Your Brindle Market order has shipped"\n',
                "TWILIO_AUTH_TOKEN=", ("api_key/twilio", token("twilio", "auth"))]
    else:
        body = ["MAILGUN_API_KEY=", ("password", "key-" + rand(HEX, 32)),
                "\nMAILGUN_WEBHOOK_SIGNING_KEY=", ("password", rand(HEX, 32)), "\n", tick(),
                " mailgun event=delivered recipient=", ("email", c.email), " ip=",
                ("ip_address", ipv4_public())]
    pieces = [issue("PLAT"), f" · rotate the {kind} credentials (found by ",
              mention(member, "name"),
              ")\n", body]
    return line(pieces, onlookers([member]))


# --- positive lines: engineering -------------------------------------------------------------


def conn_kafka():
    """Kafka client properties with a SASL/SCRAM password."""
    brokers = [ipv4_private() for _ in range(R.randint(2, 3))]
    servers = [[",", ("ip_address", ip), ":9093"] if i else [("ip_address", ip), ":9093"]
               for i, ip in enumerate(brokers)]
    return ["# orders-consumer.properties\nbootstrap.servers=", servers,
            "\nsecurity.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required "
            f'username="{R.choice(["orders-svc", "cdr-rater", "porting"])}" password="',
            ("password", secret(20, "")), '";\n']


def conn_url(scheme, user, host, port, path):
    """A connection URL with credentials."""
    password = secret(18, "")
    credentials = f":{password}" if user is None else f"{user}:{password}"
    return [f"{scheme}://", ("url_credentials", credentials), "@", host, f":{port}{path}"]


def conn_block():
    """Two or three connection settings of a service's environment."""
    ip = ipv4_private()
    choices = [
        ["ELASTICSEARCH_URL=", conn_url("https", "elastic", ("ip_address", ip), 9200, "")],
        ["REDIS_URL=",
         conn_url("redis", None, ("ip_address", ipv4_private()), 6379, f"/{R.randint(0, 9)}")],
        ["AMQP_URL=",
         conn_url("amqps", R.choice(["orders", "porting", "notify"]), "mq.bmt.internal", 5671,
                               "/market")],
        ["DB_URL=jdbc:mysql://", ("ip_address", ipv4_private()),
         ":3306/market?user=market_app&password=",
         ("password", secret(16, "")), "&useSSL=true"],
        ["MONGO_URI=", conn_url("mongodb+srv", "svc_catalog", "catalog.mongo.bmt.internal", 27017,
                                "/?retryWrites=true")],
        ["PG_DSN=",
         conn_url("postgresql", "porting", ("ip_address", ipv4_private()), 5432, "/porting")],
    ]
    picked = R.sample(choices, R.randint(2, 3))
    return [[entry, "\n"] for entry in picked]


def t_connections():
    """Connection settings pasted into a ticket (Kafka properties or a service .env)."""
    member = staff()[0]
    body = conn_kafka() + conn_block() if R.random() < 0.4 else conn_block()
    pieces = [issue("PLAT"), " · ",
              R.choice(["cdr-rater", "order-svc", "porting-worker", "notify"]),
              " cannot connect after the failover; config below (", mention(member, "at"), ")\n",
              body]
    return line(pieces, onlookers([member]))


def k8s_secret():
    """A Kubernetes Secret with base64 data."""
    user = base64.b64encode(R.choice([b"market_app", b"payments", b"porting"])).decode()
    values = [("STRIPE_SECRET_KEY", token("stripe", "sk")), ("DB_PASSWORD", secret(20)),
              ("SMPP_PASSWORD", secret(8))]
    data = [[f"  {key}: ", ("password", base64.b64encode(value.encode()).decode()), "\n"]
            for key, value in R.sample(values, 2)]
    return ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: payments-gateway\n"
            "  namespace: market-prod\n"
            "type: Opaque\ndata:\n  DB_USER: ", Look(user, "base64 user name"), "\n", data]


def helm_values():
    """Helm values with messaging keys and a Redis password."""
    return ["# values-prod.yaml\nsendgrid:\n  apiKey: ", ("api_key/sendgrid", token("sendgrid")),
            "\ntwilio:\n  accountSid: ", Look("AC" + rand(HEX, 32), "Twilio account SID"),
            "\n  authToken: ", ("api_key/twilio", token("twilio", "auth")),
            "\nredis:\n  auth:\n    password: ", ("password", secret(22, "")),
            "\ningress:\n  loadBalancerIP: ", ("ip_address", ipv4_public()), "\n"]


def terraform_vars():
    """Terraform tfvars with cloud credentials."""
    account = f"bmtcdr{rand(LOWER, 6)}"
    return ['# prod.auto.tfvars\naws_access_key_id     = "', ("api_key/aws", token("aws")),
            '"\naws_secret_access_key = "', ("api_key/aws", token("aws", "secret")),
            '"\ndo_token              = "', ("api_key/digitalocean", token("digitalocean")),
            '"\nvault_token           = "', ("api_key/hashicorp", token("hashicorp")),
            '"\ncdr_archive_conn      = "DefaultEndpointsProtocol=https;'
            f'AccountName={account};AccountKey=',
            ("api_key/azure", token("azure")), ';EndpointSuffix=core.windows.net"\n']


def docker_config():
    """A Docker config.json with a registry credential."""
    auth = base64.b64encode(f"ci-bot:{secret(20, '')}".encode()).decode()
    return js({"auths": {"registry.bmt.internal": {"auth": ("password", auth)},
                         "mirror.registry.example": {"auth": ("password", base64.b64encode(
                             f"bmt-ci:{token('github', 'ghp')}".encode()).decode())}}}, 2)


INFRA = {"Kubernetes Secret": k8s_secret, "Helm values": helm_values, "tfvars": terraform_vars,
         "Docker config.json": docker_config}
next_infra = Turns(INFRA)


def t_infra():
    """A deployment file with secrets, attached to a security ticket."""
    kind, member = next_infra(), staff()[0]
    pieces = [issue("SEC"),
              f" · {kind} committed to the gitops repo — rotate everything below. Reported by ",
              mention(member), "\n{code:yaml}\n", INFRA[kind](), "\n{code}"]
    return line(pieces, onlookers([member]))


AGENTS = ["Mozilla/5.0 (iPhone; CPU iPhone OS 18_3 like Mac OS X) AppleWebKit/605.1.15",
          "BrindleMarket/7.4.1 (Android 15; SM-S928B)", "okhttp/4.12.0",
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/133.0"]


def t_access_log():
    """nginx or HAProxy access log lines."""
    out = []
    nginx = R.random() < 0.6
    for _ in range(R.randint(3, 4)):
        day, time = when(3)
        client = R.choice([ipv4_public(), ipv4_public(), ipv6_global()]) if nginx else ipv4_public()
        if nginx:
            path = R.choice(["/api/v2/orders", "/api/v2/returns", "/account/login",
                             "/api/v2/giftcards/balance"])
            query = []
            if R.random() < 0.3:
                query = ["?email=", ("email", customer().email)]
            out += [("ip_address", client), f' - - [{day[8:]}/Mar/2026:{time} +0000] "GET {path}',
                    query,
                    f' HTTP/2.0" {R.choice([200, 200, 302, 401, 404])} {R.randint(200, 9000)} '
                    f'"-" "{R.choice(AGENTS)}" xff="', ("ip_address", ipv4_public()), '"\n']
        else:
            out += [f"Mar {day[8:]} {time} lb0{R.randint(1, 4)} haproxy[{R.randint(1000, 9999)}]: ",
                    ("ip_address", client),
                    f":{R.randint(1025, 65000)} [{day[8:]}/Mar/2026:{time}.{digits(3)}] "
                    "fe_https~ be_checkout/", ("ip_address", ipv4_private()),
                    f":8080 0/0/1/{R.randint(5, 300)}/{R.randint(6, 320)} "
                    f"{R.choice([200, 502, 503])} "
                    f'{R.randint(300, 5000)} - - ---- "POST /checkout/confirm HTTP/1.1"\n']
    return line(out)


def trace_java():
    """A Java stack trace with a JDBC URL and a customer's address."""
    return [f"{when()[0]} {when()[1]}.{digits(3)} ERROR [order-svc,",
            Look(rand(HEX, 16), "trace id"),
            "] o.h.e.j.s.SqlExceptionHelper - Communications link failure\n"
            "com.mysql.cj.jdbc.exceptions.CommunicationsException: url=jdbc:mysql://",
            ("ip_address", ipv4_private()), ":3306/market?user=market_app&password=",
            ("password", secret(16, "")),
            "\n\tat com.mysql.cj.jdbc.ConnectionImpl.createNewIO(ConnectionImpl.java:836)\n"
            "\tat com.brindlemarket.orders.RefundService.refund(RefundService.java:212)\n"
            "Caused by: java.lang.IllegalStateException: refund rejected for customer ",
            ("email", customer().email), " order ", Look(order_number(), "order number")]


def trace_go():
    """A Go panic with a Redis URL."""
    ip = ipv4_private()
    return ["panic: dial tcp ", ("ip_address", ip), ":6379: connect: connection refused (redis://",
            ("url_credentials", f":{secret(20, '')}"), "@", ("ip_address", ip), ":6379/0)\n\n",
            "goroutine 1 [running]:\nmain.main()\n\t/src/cmd/cdr-rater/main.go:88 +0x1f4\n"
            "exit status 2"]


def trace_python():
    """A Python traceback with a PostgreSQL DSN."""
    ip = ipv4_private()
    return ['Traceback (most recent call last):\n'
            '  File "/app/porting/worker.py", line 141, in submit\n'
            '    conn = psycopg2.connect("postgresql://',
            ("url_credentials", f"porting:{secret(18, '')}"),
            "@", ("ip_address", ip),
            ':5432/porting")\npsycopg2.OperationalError: connection to server at "',
            ("ip_address", ip), '", port 5432 failed: timeout expired']


def t_stack_trace():
    """A stack trace pasted into a bug."""
    member = staff()[0]
    body = R.choice([trace_java, trace_go, trace_python])()
    pieces = [issue("BUG"), " · crash in production, seen by ", mention(member), "\n{noformat}\n",
              body,
              "\n{noformat}"]
    return line(pieces, onlookers([member]))


def t_alert():
    """An Alertmanager notification with the on-call engineer."""
    member = staff()[0]
    instance = ipv4_private()
    alert = R.choice(["RadiusAccessRejectRate", "SmppBindDown", "CheckoutLatencyP99",
                      "HssProvisioningErrors"])
    pieces = [
        f"[FIRING:{R.randint(1, 4)}] {alert} instance=", ("ip_address", instance),
        f":{R.choice([9100, 9812, 9273])} "
        f"severity=critical\nSummary: {R.randint(12, 60)}% errors on ", ("ip_address", instance),
        f" since {when()[1]} UTC\nReceiver: slack-noc via ",
        ("api_key/slack", token("slack", "webhook")),
        "\nOn call: ", mention(member, "name"), " (",
        ("phone", phone(R.choice(["GB", "IE", "DE", "EE", "MT"]))),
        ")\nEscalation: ", ("email", "noc@bmt.internal")]
    return line(pieces, onlookers([member]))


def t_confluence():
    """A Confluence storage-format on-call table."""
    members = staff(R.randint(2, 3))
    rows = []  # one per member
    for role, member in zip(["Primary", "Secondary", "Manager"], members):
        shown, e164 = phone_pair(R.choice(["GB", "IE", "EE", "LV", "MT", "ES", "TR"]))
        rows += [f"<tr><td>{role}</td><td><ac:link><ri:user ri:account-id=\"",
                 ("person", member.account_id),
                 '" /></ac:link></td><td><a href="mailto:', ("person", member.email), '">',
                 ("person", member.email),
                 '</a></td><td><a href="tel:', ("phone", e164), '">', ("phone", shown),
                 "</a></td></tr>\n"]
    pieces = [f"<h2>NOC on-call — week {R.randint(6, 18)}</h2>\n<table><tbody>\n"
              "<tr><th>Role</th><th>Engineer</th><th>E-mail</th><th>Phone</th></tr>\n", rows,
              '</tbody></table>\n<ac:structured-macro ac:name="info"><ac:rich-text-body>'
              "<p>Customer escalations: ",
              ("phone", hotline(R.choice(["GB", "IE", "MT", "EE", "LV", "TR", "NG"]))),
              "</p></ac:rich-text-body></ac:structured-macro>"]
    return line(pieces, onlookers(members, 0))


next_ci_step = Turns(range(10))


def t_ci_tokens():
    """A CI log or shell history that leaked tokens."""
    member = staff()[0]
    options = [
        ["git clone https://oauth2:", ("api_key/gitlab", token("gitlab")),
         "@gitlab.bmt.internal/market/checkout.git\n"],
        ["export GITHUB_TOKEN=", ("api_key/github", token("github")), "\n"],
        ["//npm.bmt.internal/:_authToken=", ("api_key/npm", token("npm")), "\n"],
        ["TWINE_PASSWORD=", ("api_key/pypi", token("pypi")), " twine upload dist/*\n"],
        ["HF_TOKEN=", ("api_key/huggingface", token("huggingface")), " python train_intents.py\n"],
        ["OPENAI_API_KEY=", ("api_key/openai", token("openai")), "\n"],
        ["ANTHROPIC_API_KEY=", ("api_key/anthropic", token("anthropic")), "\n"],
        ["JIRA_API_TOKEN=", ("api_key/atlassian", token("atlassian")), " ./sync-rma-labels.sh\n"],
        ["SLACK_BOT_TOKEN=", ("api_key/slack", token("slack")), "\n"],
        ["aws configure set aws_access_key_id ", ("api_key/aws", token("aws")), "\n"],
    ]
    steps = []
    while len(steps) < R.randint(2, 3):
        step = next_ci_step()
        if step not in steps:
            steps.append(step)
    pieces = [issue("SEC"), " · secrets in the build log of runner ",
              ("ip_address", ipv4_private()),
              " (flagged by ", mention(member, "name"), ")\n", [options[i] for i in steps]]
    return line(pieces, onlookers([member]))


def t_private_key():
    """A private key pasted into a ticket (SFTP, TLS, APNs or a service-account file)."""
    member = staff()[0]
    kind = R.choice(["openssh", "rsa", "p8", "ec", "json"])
    if kind == "json":
        key = private_key("pkcs8").replace("\n", "\\n")
        body = ['{\n  "type": "service_account",\n  "project_id": "bmt-care-bot",\n'
                '  "private_key_id": "',
                Look(rand(HEX, 40), "key id"), '",\n  "private_key": "', ("private_key", key),
                '\\n",\n'
                '  "client_email": "', ("email", "care-bot@bmt-care-bot.iam.gserviceaccount.com"),
                '",\n'
                '  "client_id": "', Look(digits(21), "client id"), '"\n}']
    else:
        body = [("private_key", private_key(kind))]
    purpose = {"openssh": "courier EDI SFTP deploy key", "rsa": "checkout TLS key",
               "p8": "APNs .p8 key for the app",
               "ec": "eSIM SM-DP+ client key", "json": "care-bot service-account file"}[kind]
    pieces = [issue("SEC"), f" · {purpose} pasted in a comment by ", mention(member, "name"),
              " — revoke and re-issue\n{code}\n", body, "\n{code}"]
    return line(pieces, onlookers([member]))


def t_jira_wiki():
    """A payout incident in Jira wiki markup: mentions, mailto and tel links, code and panel."""
    c, (first, second) = customer(), staff(2)
    shown, e164 = phone_pair(home(c))
    country = LANGS[c.lang].iban or next_iban_country()
    pieces = [
        f"h2. Payout batch {when()[0]} rejected\n*Reporter:* ", mention(first, "accountid"), "\n",
        "*Affected seller:* ", name_piece(c, R.choice(["name", "latin"])), " ([",
        ("email", c.email), "|mailto:",
        ("email", c.email), "], [", ("phone", shown), "|tel:", ("phone", e164), "])\n",
        "{code:bash}\ncurl https://api.stripe.example/v1/payouts -u ",
        ("api_key/stripe", token("stripe", "rk")),
        ": -d amount=", str(R.randint(1000, 900000)), " -d currency=eur\n{code}\n",
        "{panel:title=Rejected account}", ("iban", iban_text(country)), "{panel}\ncc ",
        mention(second, "accountid")]
    return line(pieces, onlookers([first, second]))


# --- negative lines ----------------------------------------------------------------------------


def negative(pieces):
    """A negative line, with staff on the ticket whom the text does not mention."""
    return line(pieces, staff(R.randint(0, 2)), negative=True)


def n_device():
    """A handset and SIM swap note holding only device and SIM identifiers."""
    return negative([
        issue(R.choice(["CPE", "FRAUD", "CARE"])),
        " · device swap, no customer data in this ticket\n",
        "Old IMEI ", Look(imei(), "IMEI"), " → new IMEI ",
        Look(imei(R.choice(["dashed", "spaced"])), "IMEI"),
        "; IMEISV ", Look(imeisv(), "IMEISV"), "\nICCID ", Look(iccid(), "ICCID"), " (spare ",
        Look(iccid(), "ICCID"), "), IMSI ", Look(imsi(), "IMSI"), ", EID ", Look(eid(), "EID"),
        "\nTAC ", Look(digits(8), "TAC"),
        f" = {R.choice(['BM Fold 6', 'Pixel-class 5G', 'Kestrel watch'])}, "
        f"eSIM profile state ENABLED."])


def n_logistics():
    """A carrier manifest: order, tracking and pallet numbers."""
    return negative([
        f"Manifest {when()[0]} — Daventry DC, wave {R.randint(1, 9)}\n",
        "UPS ", Look(ups(), "UPS tracking number"), " · USPS ",
        Look(usps(R.random() < 0.5), "USPS tracking number"),
        " · Royal Mail ", Look(s10(), "S10 item id"), " · DHL ", Look(dhl(), "DHL waybill"), "\n",
        "SSCC ", Look(sscc(), "SSCC"), " carries orders ", Look(order_number(), "order number"),
        ", ",
        Look(order_number(), "order number"), f" and RMA-{digits(7)}; {R.randint(2, 40)} parcels, "
        f"{R.randint(20, 600)} kg."])


def n_catalogue():
    """A catalogue CSV of SKUs and barcodes."""
    rows = [["sku", "ean13", "gtin14", "upc", "price_eur", "stock"]]
    for _ in range(R.randint(3, 5)):
        rows.append([Look(sku(), "SKU"), Look(ean13(), "EAN-13"), Look(gtin14(), "GTIN-14"),
                     Look(upc_a(), "UPC-A"), f"{R.randint(5, 1500)}.{digits(2)}",
                     str(R.randint(0, 900))])
    return negative(["Catalogue delta for the marketplace feed:\n", csv_rows(rows)])


def n_card_summary():
    """A payment object with only the card's public details (last four, BIN, expiry)."""
    body = {"id": Look(stripe_id("pm"), "Stripe payment-method id"),
            "card": {"brand": R.choice(["visa", "mastercard", "amex", "jcb", "unionpay"]),
                     "last4": Look(digits(4), "masked card (last four)"),
                     "exp_month": R.randint(1, 12), "exp_year": R.randint(2026, 2031),
                     "fingerprint": Look(rand(ALNUM, 16), "card fingerprint"),
                     "iin": Look(bin6(), "BIN")},
            "charge": Look(stripe_id("ch"), "Stripe charge id"),
            "mcc": Look(R.choice(["5732", "4814", "5999"]), "MCC")}
    return negative(["Card details are tokenised; only this reaches the order service:\n",
                     js(body, 2)])


def n_iso8583():
    """An ISO 8583 authorisation dump with the PAN masked."""
    tick = clock()
    return negative([
        f"{tick()} switch-01 0100 ISO8583 dump\n",
        "  DE002 PAN          ", Look(f"{bin6()}******{digits(4)}", "masked card"), "\n",
        "  DE011 STAN         ", Look(digits(6), "STAN"), "\n",
        "  DE018 MCC          ", Look(R.choice(["5732", "4814", "5999", "4812"]), "MCC"), "\n",
        "  DE037 RRN          ", Look(rrn(), "RRN"), "\n",
        "  DE038 AUTH CODE    ", Look(auth_code(), "authorisation code"), "\n",
        f"  DE041 TERMINAL     BMT{digits(5)}\n  DE049 CURRENCY     978\n  DE039 RESPONSE     00"])


def n_dispute_masked():
    """A dispute note that only ever shows the card masked."""
    return negative([
        issue("DISP"), " · second presentment\nCard ", Look(masked_card(), "masked card"), ", BIN ",
        Look(bin6(), "BIN"), ", ARN ", Look(arn(), "ARN"), ", auth ",
        Look(auth_code(), "authorisation code"),
        f", amount €{R.randint(10, 900)}.{digits(2)}.\nAdyen ",
        Look(psp_reference(), "pspReference"),
        " / PayPal ", Look(paypal_id(), "PayPal transaction id"),
        "; evidence uploaded, cardholder details "
        "stay in the PSP portal."])


def n_gift():
    """A gift-card and voucher note without a single redeemable code."""
    return negative([
        issue("GIFT"), " · voucher campaign wrap-up\nPromo codes ",
        Look(R.choice(["SPRING25", "WELCOME10", "BMT-FREESHIP", "ROAM5GB"]), "voucher code"),
        " and ",
        Look(R.choice(["FIBRE50", "SUMMER15", "STUDENT20"]), "voucher code"), " expire on ",
        when()[0],
        ". Disputed card serials ", Look(gift_serial(), "gift-card serial"), " and ",
        Look(gift_serial(), "gift-card serial"), "; codes shown to agents only as ",
        Look(masked_gift_code(), "masked gift-card code"), "."])


def n_versions():
    """Firmware and build numbers, OIDs and local binds."""
    return negative([
        f"CPE fleet upgrade {when()[0]}: firmware ", Look(build_number(), "firmware build"), " → ",
        Look(build_number(), "firmware build"), " (ACS build ",
        Look(build_number(), "build number"),
        ").\nThe ACS listens on 0.0.0.0:7547, health check http://127.0.0.1:8080/healthz, "
        "IPv6 ::1.\n"
        "SNMP: ifHCInOctets under ", Look(oid(), "OID"), ", vendor MIB ", Look(oid(), "OID"), "."])


def n_hashes():
    """Commit SHAs, image digests, UUIDs and an inline thumbnail."""
    return negative([
        "Deployed ", R.choice(["checkout", "porting-worker", "cdr-rater", "esim-orchestrator"]),
        " at ",
        Look(sha()[:12], "commit SHA"), " (", Look(sha(), "commit SHA"), "), image sha256:",
        Look(sha(32), "image digest"), "\nrequest_id=", Look(uuid4(), "UUID"), " trace_id=",
        Look(rand(HEX, 32), "trace id"), "\nproduct thumbnail: ",
        Look(png_data(), "base64 image data")])


PLACEHOLDERS = [
    ("STRIPE_SECRET_KEY", "sk_live_" + "x" * 24), ("SENDGRID_API_KEY", "<your-sendgrid-key>"),
    ("DB_URL", "postgresql://${PGUSER}:${PGPASSWORD}@db:5432/market"),
    ("SMPP_PASSWORD", "${SMPP_PASSWORD}"),
    ("WIFI_DEFAULT_KEY", "{{ cpe.wifi_key }}"), ("ADYEN_API_KEY", "REPLACE_ME"),
    ("REDIS_URL", "redis://:${REDIS_PASSWORD}@redis:6379/0"), ("TWILIO_AUTH_TOKEN", "<auth-token>"),
    ("ACS_CR_PASSWORD", "${ACS_CR_PASSWORD}"), ("GOOGLE_MAPS_KEY", "AIza" + "x" * 35),
]


def n_placeholders():
    """An .env.example and a masked CI log: placeholders only."""
    entries = [[f"\n{key}=", Look(value, "placeholder")] for key,
               value in R.sample(PLACEHOLDERS, R.randint(3, 5))]
    return negative([
        f"# {R.choice(['checkout', 'porting-worker', 'acs-bridge', 'notify'])}/.env.example — "
        "copy to .env and fill in", entries, f"\n\nCI run {R.randint(1000, 9999)}: deploying with "
        f"{R.choice(['TWILIO_AUTH_TOKEN', 'STRIPE_SECRET_KEY', 'VAULT_TOKEN'])}=",
        Look("***", "masked secret"),
        f" from vault path secret/data/market/{R.choice(['stripe', 'adyen', 'smpp', 'twilio'])}"])


def n_national_ids():
    """A KYC checklist of identity numbers (never labelled), without names."""
    countries = R.sample(["TR", "BG", "EE", "SI", "ES", "KR", "TW", "HK", "JP", "IN", "NG"], 4)
    items = []
    for country in countries:
        label, make = national_id(country)
        items += [f"- {label}: ", Look(make(), label), " ✔\n"]
    return negative([f"KYC batch {when()[0]}, document checks only (names are in the KYC vault):\n",
                     items, "- Aadhaar: ", Look(f"XXXX XXXX {digits(4)}", "masked Aadhaar"), " ✔"])


def n_mac_like():
    """Fingerprints, OUIs, masked MACs, timecodes and PCI addresses."""
    return negative([
        "ACS TLS certificate SHA-1 ", Look(fingerprint(20), "certificate fingerprint"), "\n",
        "CPE host key MD5:", Look(fingerprint(16, False), "SSH fingerprint"), "\n",
        "Vendor OUI ", Look(":".join(rand("0123456789ABCDEF", 2) for _ in range(3)), "OUI"),
        " (", R.choice(["Sagemcom", "ZTE", "Nokia", "AVM"]), "), device shown to agents as ",
        Look(masked_mac(), "masked MAC"), "\n",
        f"IPTV drop at timecode 01:{R.randint(10, 59)}:{R.randint(10, 59)}:{R.randint(10, 24)}, "
        f"NIC at PCI 0000:{R.randint(10, 99)}:00.{R.randint(0, 3)}"])


def n_telecom_codes():
    """Short codes, USSD codes, extensions and network identifiers."""
    return negative([
        "Care IVR: dial ", Look("*#06#", "USSD code"), " to show the IMEI, ",
        Look("*100#", "USSD code"),
        " for balance, text STOP to ", Look(str(R.randint(2000, 9999)), "short code"),
        "; agents transfer to ext. ",
        str(R.randint(4000, 4999)), ".\nMCC/MNC ", Look(R.choice(IMSI_PLMNS), "MCC/MNC"),
        ", LAC 0x",
        rand("0123456789ABCDEF", 4), f", TAC {R.randint(10000, 99999)}, cell ",
        rand("0123456789ABCDEF", 8),
        ", port request ", Look(f"PRQ{digits(12)}", "port request id"), "."])


def n_metrics():
    """A Prometheus scrape without addresses."""
    metrics = [("radius_access_reject_total", '{nas="bng01"}'),
               ("smpp_submit_sm_errors_total", '{smsc="a2p-ng"}'),
               ("checkout_request_seconds_count", '{route="/confirm"}'),
               ("hss_provisioning_latency_ms", '{op="create"}')]
    body = []
    for name, labels in R.sample(metrics, 3):
        body.append(f"# TYPE {name} counter\n{name}{labels} {R.randint(10, 900000)}\n")
    return negative(["curl -s localhost:9812/metrics | head\n", body])


def n_public_keys():
    """A deploy public key and a certificate: public material only."""
    return negative([
        "Add this deploy key to the CPE build runner (public half only):\n",
        Look("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + b64(32).rstrip("="), "public key"),
        " deploy@cpe-build\n\nand trust this ACS certificate:\n",
        Look(certificate(), "certificate")])


def n_masked_contacts():
    """A support macro that only ever shows masked contact details."""
    country = R.choice(["TR", "GB", "ES", "JP", "IN"])
    code = PHONE_PLANS[country][0]
    return negative([
        issue("CARE"), " · verification macro\nWe sent the code to ",
        Look(f"+{code} *** *** {digits(2)}{digits(2)}", "masked phone"),
        " and to ", Look(f"{R.choice(LOWER)}*****@{R.choice(MAIL_HOSTS)}", "masked e-mail"),
        "; the refund goes to ",
        Look(f"{R.choice(['TR', 'ES', 'GB'])}** **** **** **** {digits(4)}", "masked IBAN"), "."])


POSITIVE = [  # template, lines
    (t_rma_thread, 7), (t_seller_kyc, 14), (t_tin_mismatch, 4), (t_chargeback, 12),
    (t_card_leak, 8), (t_giftcard, 5),
    (t_chat, 12), (t_csv_payouts, 4), (t_sim_swap, 8), (t_port_out, 7), (t_cdr, 4),
    (t_provisioning, 6), (t_radius, 6), (t_diameter, 5), (t_cpe, 9), (t_esim, 7), (t_smpp, 5),
    (t_ussd, 4), (t_payment, 15), (t_shop, 9), (t_courier, 7), (t_messaging, 8), (t_connections, 9),
    (t_infra, 12), (t_access_log, 6), (t_stack_trace, 8), (t_alert, 6), (t_confluence, 4),
    (t_ci_tokens, 12), (t_private_key, 8), (t_jira_wiki, 6),
]
NEGATIVE = [
    (n_device, 12), (n_logistics, 12), (n_catalogue, 7), (n_card_summary, 6), (n_iso8583, 6),
    (n_dispute_masked, 6), (n_gift, 7), (n_versions, 9), (n_hashes, 9), (n_placeholders, 8),
    (n_national_ids, 8), (n_mac_like, 7), (n_telecom_codes, 7), (n_metrics, 5), (n_public_keys, 5),
    (n_masked_contacts, 6),
]


def generate():
    """Every line, in generation order: the language tickets, then the templates."""
    lines = []
    for lang in LANGS:
        lines += [t_phrase(lang, key) for key in PHRASE_KEYS]
        if LANGS[lang].iban:
            lines.append(t_phrase(lang, "refund_iban"))
        lines.append(t_phrase_negative(lang))
    for template, count in POSITIVE + NEGATIVE:
        lines += [template() for _ in range(count)]
    return lines


# --- validation --------------------------------------------------------------------------------

OUR_DOMAINS = ("brindlemoor.net", "brindlemarket.shop", "bmt.internal", ".example", "example.com",
               "example.org", "example.net", ".iam.gserviceaccount.com")
DOCUMENTATION_NETS = [ipaddress.ip_network(n) for n in
                      ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
VENDOR_SHAPES = {
    "anthropic": r"sk-ant-api03-[\w-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[\w-]+=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "github": r"gh[pso]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[\w-]{20}",
    "google": r"AIza[\w-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{24,}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[\w-]{100,}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[\w-]{50,}",
    "sendgrid": r"SG\.[\w-]{22}\.[\w-]{43}",
    "shopify": r"shp(?:at|ca)_[0-9a-f]{32}",
    "slack": r"xox[bp]-\d+-\d+-[A-Za-z0-9]{24}"
             r"|https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_[A-Za-z0-9]{24,}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
CARD_SHAPES = {  # brand prefix pattern: lengths
    r"4": (16,), r"5[1-5]|2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)": (16,), r"3[47]": (15,),
    r"6011|64[4-9]|65": (16,), r"35(?:2[89]|[3-8]\d)": (16,), r"62": (16, 19),
    r"3(?:6|8|0[0-5])": (14,), r"6759|5018|5020|5038|6304": (16, 19), r"9792": (16,),
    r"6521|6522|6070|6081": (16,),
}
PLACEHOLDER = re.compile(r"^\$\{|^<|^\{\{|\*\*\*|xxxx|^changeme$|^password\d*$", re.I)
MAC_SHAPE = re.compile(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}")
EMAIL_SHAPE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def customer_forms():
    """Each way a customer's name is written → the customers written so."""
    forms = {}
    for c in CUSTOMERS:
        for form in c.forms():
            forms.setdefault(form, []).append(c)
    return forms


PEOPLE_FORMS = customer_forms()


def fold(text):
    """Lower-case ASCII of a Latin-script text (diacritics dropped, ħ ı đ folded)."""
    text = text.translate(str.maketrans("ħĦıđĐ", "hHidD"))
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def check_value(kind, value, entry, start, end):
    """What is wrong with one labelled value (None when nothing)."""
    data = entry["text"].encode()
    if "\n" in value and kind != "private_key":
        return "line break inside a labelled value"
    if value != value.strip():
        return "surrounding whitespace"
    if kind == "email":
        domain = value.rsplit("@", 1)[-1]
        if not EMAIL_SHAPE.fullmatch(value) or not domain.endswith(OUR_DOMAINS):
            return "not an address on our or a reserved domain"
    elif kind == "person":
        people = entry["people"]
        if any(value in (p["display_name"], p["email"], p["account_id"]) for p in people):
            return None
        labelled = {data[s["start"]:s["end"]].decode() for s in entry["spans"]
                    if s["kind"] == "email"}
        if not any(c.email in labelled for c in PEOPLE_FORMS.get(value, [])):
            return "neither in people nor a customer beside their labelled address"
    elif kind == "phone":
        count = sum(ch.isdigit() for ch in value)
        if set(value) - set("0123456789+ ()-.") or not 7 <= count <= 15:
            return "not a phone shape"
        if value.startswith(("+", "00")):
            international = value[2:] if value.startswith("00") else value[1:]
            if not any(international.startswith(code) for code in CALLING_CODES):
                return "unknown calling code"
    elif kind == "credit_card":
        number = re.sub(r"[ -]", "", value)
        if not number.isdigit() or not luhn_ok(number) or number in TEST_CARDS:
            return "not a Luhn-valid, unpublished card number"
        if not any(re.match(f"(?:{p})", number) and len(number) in lengths for p,
                   lengths in CARD_SHAPES.items()):
            return "no brand has this prefix and length"
    elif kind == "iban":
        compact = value.replace(" ", "")
        if not iban_valid(value) or IBAN_LENGTHS.get(compact[:2]) != len(compact):
            return "invalid IBAN or wrong length"
    elif kind == "ip_address":
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            return "not an IP address"
        if (address.is_loopback or address.is_unspecified or address.is_link_local
                or address.is_multicast or any(address in net for net in DOCUMENTATION_NETS)):
            return "loopback, unspecified, link-local, multicast or documentation address"
    elif kind == "ssn":
        match = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if (not match or match[1] in ("000", "666") or match[1] >= "900" or match[2] == "00"
                or match[3] == "0000"):
            return "not a valid SSN"
    elif kind == "mac_address":
        if not MAC_SHAPE.fullmatch(value):
            return "not a MAC address"
    elif kind == "private_key":
        first_line = value.split("\\n")[0].split("\n")[0]
        if not (value.startswith("-----BEGIN ") and first_line.endswith("PRIVATE KEY-----")
                and "-----END " in value and value.endswith("-----")):
            return "not PEM private-key armour"
    elif kind == "jwt":
        parts = value.split(".")
        try:
            for part in parts[:2]:
                json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
        except ValueError:
            return "JWT header or payload does not decode"
        if len(parts) != 3 or not parts[2]:
            return "not three JWT parts"
    elif kind == "password":
        if re.search(r"\s", value) or len(value) < 8 or PLACEHOLDER.search(value):
            return "weak, spaced or placeholder password"
    elif kind == "url_credentials":
        if data[start - 3:start] != b"://" or data[end:end + 1] != b"@" or ":" not in value:
            return "not between :// and @"
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if vendor not in VENDOR_SHAPES or not re.fullmatch(VENDOR_SHAPES[vendor], value):
            return "not the vendor's token format"
        if re.fullmatch(r"(?:gh[pso]|npm)_\w{36}", value) and crc_base62(value[4:-6]) != value[-6:]:
            return "bad token checksum"
    else:
        return "unknown kind"
    return None


def residual(entry):
    """The line's text with every labelled piece and look-alike blanked to one NUL."""
    return "".join(piece if isinstance(piece, str) else "\x00" for piece in entry["pieces"])


def shannon(text):
    """Bits of entropy per character of `text`."""
    counts = Counter(text)
    return -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())


def name_parts():
    """Name parts of staff and customers to look for in unlabelled text, as patterns."""
    parts = set()
    for name in [m.name for m in STAFF] + [c.name for c in CUSTOMERS] + \
            [f"{c.first} {c.last}" for c in CUSTOMERS]:
        for part in re.split(r"[\s-]+", name):
            latin = part.isascii() or fold(part).isascii()
            if latin and len(part) >= 3:
                parts.add(rf"(?<!\w){re.escape(part)}(?!\w)")
                if len(part) >= 4:
                    parts.add(rf"(?<!\w){re.escape(part.upper())}(?!\w)")
            elif not latin and len(part) >= 2:
                parts.add(re.escape(part))
    return re.compile("|".join(sorted(parts, key=len, reverse=True)))


NAME_PARTS = name_parts()
KEYWORDS = "|".join(re.escape(word) for word in PASSWORD_WORDS)
SCANS = [
    ("address", EMAIL_SHAPE),
    ("URL credentials", re.compile(r"://[^\s/@\x00]*:[^\s/@\x00]+@")),
    ("PEM armour", re.compile(r"-----BEGIN")),
    ("JWT", re.compile(r"eyJ[\w-]{5,}\.[\w-]{5,}")),
    ("vendor token",
     re.compile(r"sk_live_|rk_live_|whsec_|shp(?:at|ca|ss|pa)_|SG\.[\w-]{10}|xox[abpr]-|"
                r"hooks\.slack\.com/services|AKIA[A-Z2-7]{8}|AIza[\w-]{10}|"
                r"gh[pousr]_[A-Za-z0-9]{10}|"
                r"github_pat_|glpat-|ATATT|hvs\.\w{10}|sk-proj-|sk-ant-|hf_[A-Za-z]{10}|"
                                r"npm_[A-Za-z0-9]{10}|pypi-AgE|dop_v1_|AccountKey=[^;\x00]")),
    ("bearer token", re.compile(r"Bearer\s+[^\s\x00]")),
    ("phone",
     re.compile(r"\+\d[\d ().-]{6,}\d"
                r"|(?<![\w.-])\(?0\d{1,4}\)?[ -]\d{2,4}[ -]\d{2,4}(?:[ -]\d{2,4})?(?![\w-])")),
    ("long number", re.compile(r"(?<![\d.])\d{9,}(?![\d.])")),
    ("SSN", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    ("MAC address", re.compile(r"(?<![\w:-])" + MAC_SHAPE.pattern + r"(?![\w:-])")),
    ("password value", re.compile(rf"(?i)(?:{KEYWORDS})[^\n:=：՝៖\x00]{{0,15}}[:=：՝៖]\s*[\"']?"
                                  r"(?=[^\s\x00\"'$<{*(\[])")),
]
PLACEHOLDER_TEXT = re.compile(r"\$\{|\{\{|<your|REPLACE_ME|xxxx|\*\*\*|•••")


def scan(text, positive):
    """Problems in unlabelled text: anything that should have been labelled or declared."""
    problems = [f"unlabelled {what}: {m.group(0)!r}" for what,
                pattern in SCANS for m in pattern.finditer(text)]
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", text):
        try:
            address = ipaddress.IPv4Address(m.group(0))
        except ValueError:
            continue
        if not (address.is_loopback or address.is_unspecified):
            problems.append(f"unlabelled IPv4 address {m.group(0)!r}")
    for m in re.finditer(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])", text):
        candidate = m.group(0)
        if "::" in candidate or candidate.count(":") == 7:
            try:
                address = ipaddress.IPv6Address(candidate)
            except ValueError:
                continue
            if not (address.is_loopback or address.is_unspecified):
                problems.append(f"unlabelled IPv6 address {candidate!r}")
    for m in re.finditer(r"\d+(?:[ -]\d+)*", text):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            for j in range(i, len(groups)):
                run = "".join(groups[i:j + 1])
                grouped = j == i or all(3 <= len(g) <= 6 for g in groups[i:j + 1])
                if grouped and 13 <= len(run) <= 19 and luhn_ok(run):
                    problems.append(f"unlabelled Luhn-valid number {run!r}")
    iban_shape = r"\b[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b"
    for m in re.finditer(iban_shape, text):
        if iban_valid(m.group(0)):
            problems.append(f"unlabelled IBAN {m.group(0)!r}")
    for m in re.finditer(r"[A-Za-z0-9+/_-]{20,}=*", text):
        word = m.group(0)
        if (sum(c.isupper() for c in word) >= 2 and sum(c.islower() for c in word) >= 2
                and sum(c.isdigit() for c in word) >= 2 and shannon(word) >= 3.5):
            problems.append(f"unlabelled high-entropy string {word!r}")
    problems += [f"unlabelled name part {m.group(0)!r}" for m in NAME_PARTS.finditer(text)]
    if positive:
        problems += [f"placeholder or mask on a positive line: {m.group(0)!r}"
                     for m in PLACEHOLDER_TEXT.finditer(text)]
    return problems


def validate(entry):
    """Every problem of one line (an empty list when it is sound)."""
    data = entry["text"].encode()
    problems, previous = [], 0
    if entry["negative"] != (not entry["spans"]):
        problems.append("negative line with spans" if entry["negative"]
                        else "positive line without spans")
    for span, piece in zip(entry["spans"], [p for p in entry["pieces"] if isinstance(p, tuple)]):
        start, end, kind = span["start"], span["end"], span["kind"]
        if not 0 <= start < end <= len(data) or start < previous:
            problems.append(f"{kind} span {start}-{end} outside the text or overlapping")
            continue
        previous = end
        try:
            value = data[start:end].decode()
        except UnicodeDecodeError:
            problems.append(f"{kind} span {start}-{end} cuts a character")
            continue
        if value != piece[1]:
            problems.append(f"{kind} span text {value!r} is not its piece {piece[1]!r}")
        problem = check_value(kind, value, entry, start, end)
        if problem:
            problems.append(f"{kind} {value[:60]!r}: {problem}")
    if not entry["negative"]:
        masked = [what for _, _,
                  what in entry["looks"] if what.startswith(("masked", "placeholder"))]
        problems += [f"{what} on a positive line" for what in masked]
    problems += scan(residual(entry), not entry["negative"])
    return problems


def check_roster():
    """Every customer's address spells their Latin names; no two people share a name."""
    for c in CUSTOMERS:
        local = c.email.split("@")[0]
        for part in re.split(r"[\s-]+", fold(f"{c.first} {c.last}")):
            if part and part not in local.replace("-", ""):
                sys.exit(f"roster: {c.email} does not spell {part!r} of {c.name}")
    names = [m.name for m in STAFF] + [c.name for c in CUSTOMERS]
    if len(names) != len(set(names)):
        sys.exit("roster: duplicate names")


# --- output ------------------------------------------------------------------------------------


def record(entry, number):
    """The JSON line evaluate.py reads."""
    return json.dumps({"id": f"{ID_PREFIX}-{number:05d}", "text": entry["text"],
                       "people": entry["people"],
                       "spans": entry["spans"]}, ensure_ascii=False)


def summary(entries):
    """Lines, spans per kind, negatives and languages, for the person running this."""
    kinds = Counter(span["kind"] for e in entries for span in e["spans"])
    languages = Counter(LANGS[e["lang"]].name for e in entries)
    size = sum(len(e["text"].encode()) for e in entries)
    print(f"{OUT.name}: {len(entries)} lines, {sum(kinds.values())} spans, "
          f"{sum(e['negative'] for e in entries)} negative lines, {size / 1e3:.0f} kB")
    for kind, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        print(f"  {kind:<24}{count:>5}")
    print("languages: " + ", ".join(f"{name} {count}" for name, count in languages.most_common()))


def lint(entries, numbers):
    """Every declared look-alike, by line."""
    for entry, number in zip(entries, numbers):
        data = entry["text"].encode()
        for start, end, what in entry["looks"]:
            print(f"{ID_PREFIX}-{number:05d}  {what:<28} {data[start:end].decode()[:80]!r}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="also list the declared look-alikes")
    args = parser.parse_args()
    check_roster()
    entries = generate()
    problems, texts = [], set()
    for i, entry in enumerate(entries):
        problems += [f"line {i} ({entry['text'][:50]!r}): {p}" for p in validate(entry)]
        if entry["text"] in texts:
            problems.append(f"line {i}: duplicate text")
        texts.add(entry["text"])
    if problems:
        sys.exit("\n".join(problems[:80]) + f"\n{len(problems)} problems; nothing written")
    random.Random(SHUFFLE_SEED).shuffle(entries)
    numbers = range(1, len(entries) + 1)
    OUT.write_text("".join(record(e, n) + "\n" for e, n in zip(entries, numbers)), encoding="utf-8")
    summary(entries)
    if args.lint:
        lint(entries, numbers)


if __name__ == "__main__":
    main()
