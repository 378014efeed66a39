#!/usr/bin/env python3
"""Writes the labeled corpora of the redaction-quality evaluation (issue #3, Show → Quality).

Run `python3 tests/redaction/generate.py`. It rewrites, next to itself:

* `corpus.jsonl` — synthetic ticket text: templates of descriptions and comments filled with
  random values of every kind, and negative lines that must produce no span at all;
* `handwritten.jsonl` — the hand-written tickets of `handwritten.txt`, whose `[[kind:value]]`
  markup becomes exact spans.

The output is deterministic (fixed seed, standard library only), so both files are committed and
a change shows up as a diff. Each line is one JSON object:

    {"id": "...", "text": "...", "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind": "...", "start": N, "end": N}]}

with BYTE offsets into the UTF-8 text, spans sorted and never overlapping. `people` are the
ticket's structured fields (reporter, assignee, commenters). A line without spans is a negative:
nothing in it may be redacted. Every line is checked before it is written (offsets, Luhn and
mod-97 checks, every occurrence of a person's name, email or account id labeled).

What a span covers (the labeling conventions the scorer assumes):

* `email` — the address only, without `mailto:` or angle brackets.
* `phone` — from the leading `+`, `(` or digit to the last digit, separators and a `(0)` trunk
  prefix included.
* `credit_card` — first to last digit, separators included (Luhn-valid, real brand prefixes).
* `iban` — the whole IBAN, the spaces of the grouped form included (valid mod-97 check digits,
  national check digits for FR, ES, BE and PT).
* `ip_address` — the address only: no port, brackets or prefix length.
* `ssn` — `AAA-GG-SSSS` (or with spaces), valid area, group and serial.
* `url_credentials` — the userinfo of a URL, `user:password` between `://` and `@`.
* `mac_address` — the address, in colon, dash or Cisco dot notation.
* `private_key` — from `-----BEGIN` to the end of the `-----END …-----` marker.
* `jwt` — the three dot-separated parts.
* `password` — the value of a `password=` / `secret:` / `token` assignment or of a connection
  string's `Password=`: not the key, not the quotes.
* `api_key/<vendor>` — the token (the whole URL for a Slack webhook); an AWS secret access key
  is `api_key/aws` too.
* `person` — a person of `people`: the display name (in an `@Name` mention without the `@`), the
  person's email (as `person`, not `email`: people take priority) and the account id (in
  `[~accountid:…]` without the markup).
"""

import base64
import ipaddress
import json
import random
import re
import string
import unicodedata
import uuid
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20240603
POSITIVE_LINES = 2000
NEGATIVE_LINES = 700

B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
B64URL = string.ascii_letters + string.digits + "-_"
ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
SECRET_SYMBOLS = "!#$%*-_.^~+"


def chars(rng, alphabet, n):
    """`n` characters drawn from `alphabet`."""
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(rng, n):
    """`n` random decimal digits."""
    return chars(rng, string.digits, n)


def b64url(data):
    """Unpadded base64url, as in JWTs."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


# --- people --------------------------------------------------------------------------------

NAMES = {
    "en": (["Emily", "James", "Sarah", "Michael", "Olivia", "Daniel", "Grace", "Liam"],
           ["Carter", "O'Connor", "Thompson", "Brooks", "Bennett", "Hughes", "Whitfield"]),
    "de": (["Jürgen", "Anneliese", "Lukas", "Katrin", "Matthias", "Sabine", "Florian", "Jörg"],
           ["Müller", "Großmann", "Schäfer", "Weiß", "Köhler", "Vogt", "Böhm", "Dörfler"]),
    "fr": (["François", "Chloé", "Amélie", "Étienne", "Hélène", "Benoît", "Océane", "Jérôme"],
           ["Lefèvre", "Dubois", "Rousseau", "Marchand", "Girard", "Lacroix", "Fontaine"]),
    "pt": (["João", "Conceição", "Thiago", "Beatriz", "Luís", "Mariana", "Rafael", "Inês"],
           ["Gonçalves", "Araújo", "Nascimento", "Magalhães", "Ferreira", "Simões", "Cardoso"]),
    "es": (["José", "Lucía", "Álvaro", "Carmen"], ["Martínez", "Fernández", "Núñez", "Ibáñez"]),
    "in": (["Priya", "Arjun", "Ananya", "Vikram", "Sneha"],
           ["Raghunathan", "Mehta", "Iyer", "Desai", "Kulkarni"]),
    "pl": (["Łukasz", "Małgorzata", "Wojciech"], ["Wiśniewski", "Zielińska", "Grabowski"]),
    "nordic": (["Øystein", "Åsa", "Sören"], ["Ødegård", "Lindqvist", "Bäckström"]),
    "nl": (["Pieter", "Sanne"], ["van der Berg", "de Vries"]),
    "asia": (["Haruto", "Yuki", "Wei", "Minh Anh"], ["Sato", "Tanaka", "Zhang", "Nguyễn"]),
    "tr": (["Çağrı", "Ayşe"], ["Yılmaz", "Öztürk"]),
}
COMPANY_DOMAINS = ["acme-logistics.com", "globex.de", "initech.fr", "umbrella.com.br",
                   "tailspin.com.au", "northwind.co.uk", "contoso.in", "fabrikam.io"]
MAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "web.de", "gmx.de", "orange.fr",
                "free.fr", "uol.com.br", "rediffmail.com", "bigpond.com.au", "icloud.com",
                "proton.me", "customer-corp.com", "mail.example.org", "wayne-enterprises.com"]
UNDECOMPOSABLE = str.maketrans({"ß": "ss", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ı": "i"})


def ascii_fold(name):
    """`name` as written in email addresses: `Jürgen` → `jurgen`, `de Vries` → `devries`."""
    decomposed = unicodedata.normalize("NFKD", name.translate(UNDECOMPOSABLE))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def name_parts(rng):
    """A first and a last name of one language."""
    firsts, lasts = NAMES[rng.choice(sorted(NAMES))]
    return rng.choice(firsts), rng.choice(lasts)


def account_id(rng):
    """An Atlassian account id: 24 hex digits, or a numeric prefix and a UUID."""
    if rng.random() < 0.5:
        return chars(rng, HEX, 24)
    return f"{rng.choice(['557058', '712020'])}:{uuid.UUID(int=rng.getrandbits(128), version=4)}"


def person(rng):
    """One person of a ticket's structured fields."""
    first, last = name_parts(rng)
    local = rng.choice([f"{ascii_fold(first)}.{ascii_fold(last)}",
                        f"{ascii_fold(first)[0]}{ascii_fold(last)}"])
    return {"display_name": f"{first} {last}", "email": f"{local}@{rng.choice(COMPANY_DOMAINS)}",
            "account_id": account_id(rng)}


def people_of_line(rng):
    """One to three people with distinct names."""
    chosen = {}
    for _ in range(rng.randint(1, 3)):
        candidate = person(rng)
        chosen.setdefault(candidate["display_name"], candidate)
    return list(chosen.values())


# --- personal data -------------------------------------------------------------------------


def email(rng):
    """An address of someone outside the ticket's people."""
    first, last = (ascii_fold(part) for part in name_parts(rng))
    local = rng.choice([f"{first}.{last}", f"{first[0]}{last}", f"{first}{last}{digits(rng, 2)}",
                        f"{first}_{last}", f"{last}.{first}", f"{first}.{last}+jira",
                        "support", "billing-team", "it.helpdesk"])
    return f"{local}@{rng.choice(MAIL_DOMAINS)}"


US_AREAS = ["212", "213", "303", "305", "312", "404", "415", "512", "617", "646", "702", "206"]


def phone_us(rng):
    """A US number in one of its usual notations."""
    area = rng.choice(US_AREAS)
    exchange = f"{rng.randint(2, 9)}{rng.randint(0, 9)}{rng.randint(2, 9)}"
    line = digits(rng, 4)
    return rng.choice([f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}",
                       f"{area}.{exchange}.{line}", f"+1 {area} {exchange} {line}",
                       f"+1-{area}-{exchange}-{line}", f"+1 ({area}) {exchange}-{line}",
                       f"1-{area}-{exchange}-{line}", f"+1{area}{exchange}{line}"])


def phone_uk(rng):
    """A UK number: London, Manchester or mobile."""
    kind = rng.randrange(3)
    if kind == 0:
        a, b = f"{rng.choice('378')}{digits(rng, 3)}", digits(rng, 4)
        return rng.choice([f"+44 20 {a} {b}", f"020 {a} {b}", f"+44 (0)20 {a} {b}",
                           f"+4420{a}{b}"])
    if kind == 1:
        a, b = f"{rng.randint(2, 9)}{digits(rng, 2)}", digits(rng, 4)
        return rng.choice([f"0161 {a} {b}", f"+44 161 {a} {b}"])
    a, b = f"7{rng.choice('45789')}{digits(rng, 2)}", digits(rng, 6)
    return rng.choice([f"0{a} {b}", f"+44 {a} {b}", f"+44{a}{b}"])


def phone_de(rng):
    """A German number: city or mobile."""
    if rng.random() < 0.5:
        city = rng.choice(["30", "40", "89", "69", "221"])
        number = f"{rng.randint(2, 9)}{digits(rng, 7 if len(city) == 2 else 6)}"
        return rng.choice([f"+49 {city} {number}", f"0{city} {number}", f"0{city}/{number}",
                           f"+49 (0){city} {number[:4]} {number[4:]}", f"+49{city}{number}"])
    prefix = rng.choice(["151", "160", "170", "171", "176"])
    number = digits(rng, 7 if prefix in ("160", "170", "171") else 8)
    return rng.choice([f"0{prefix} {number}", f"+49 {prefix} {number}", f"0{prefix}-{number}",
                       f"+49 (0){prefix} {number}"])


def phone_fr(rng):
    """A French number: landline or mobile, in pairs of digits."""
    head = rng.choice("1234567")
    body = f"{rng.randint(5, 9)}{digits(rng, 7)}" if head == "7" else digits(rng, 8)
    pairs = [body[i:i + 2] for i in range(0, 8, 2)]
    return rng.choice([f"0{head} " + " ".join(pairs), f"0{head}." + ".".join(pairs),
                       f"+33 {head} " + " ".join(pairs), f"+33 (0){head} " + " ".join(pairs),
                       f"0{head}{body}", f"+33{head}{body}"])


def phone_in(rng):
    """An Indian number: mobile or Mumbai/Delhi landline."""
    if rng.random() < 0.6:
        number = f"{rng.choice('6789')}{digits(rng, 9)}"
        a, b = number[:5], number[5:]
        return rng.choice([f"+91 {a} {b}", f"+91-{a}-{b}", f"0{a} {b}", f"+91 {number}",
                           f"+91{number}"])
    city = rng.choice(["22", "11"])
    number = f"{rng.randint(2, 6)}{digits(rng, 7)}"
    a, b = number[:4], number[4:]
    return rng.choice([f"+91 {city} {a} {b}", f"0{city} {a} {b}", f"+91-{city}-{a}-{b}",
                       f"0{city}-{number}"])


def phone_br(rng):
    """A Brazilian number: mobile (nine digits) or landline."""
    area = rng.choice(["11", "21", "31", "41", "51", "61", "71", "81"])
    if rng.random() < 0.6:
        number = f"9{rng.randint(6, 9)}{digits(rng, 7)}"
        local = f"{number[:5]}-{number[5:]}"
    else:
        number = f"{rng.randint(2, 5)}{digits(rng, 7)}"
        local = f"{number[:4]}-{number[4:]}"
    return rng.choice([f"({area}) {local}", f"+55 {area} {local}", f"+55 ({area}) {local}",
                       f"{area} {local}", f"+55{area}{number}"])


def phone_au(rng):
    """An Australian number: Sydney/Melbourne landline or mobile."""
    if rng.random() < 0.5:
        area, number = rng.choice("23"), f"9{digits(rng, 7)}"
        a, b = number[:4], number[4:]
        return rng.choice([f"(0{area}) {a} {b}", f"+61 {area} {a} {b}", f"0{area} {a} {b}"])
    number = f"4{rng.choice('012378')}{digits(rng, 7)}"
    a, b, c = number[:3], number[3:6], number[6:]
    return rng.choice([f"0{a} {b} {c}", f"+61 {a} {b} {c}", f"+61{number}"])


PHONES = [phone_us, phone_uk, phone_de, phone_fr, phone_in, phone_br, phone_au]


def phone(rng):
    """A number of any of the seven countries."""
    return rng.choice(PHONES)(rng)


def luhn_sum(number):
    """The Luhn sum of a digit string (the last digit is not doubled)."""
    total = 0
    for i, d in enumerate(reversed(number)):
        n = int(d) * (2 if i % 2 else 1)
        total += n - 9 if n > 9 else n
    return total


def luhn_valid(number):
    """Whether a digit string passes the Luhn check."""
    return luhn_sum(number) % 10 == 0


def with_luhn_digit(partial):
    """`partial` completed by its Luhn check digit."""
    return partial + str((10 - luhn_sum(partial + "0")) % 10)


CARD_BRANDS = [  # prefixes, lengths
    (["4"], [16, 16, 16, 13, 19]),                                        # Visa
    ([str(p) for p in range(51, 56)] + ["2221", "2345", "2720"], [16]),   # Mastercard
    (["34", "37"], [15]),                                                 # American Express
    (["6011", "65", "644"], [16]),                                        # Discover
    (["36", "300", "305"], [14]),                                         # Diners Club
    (["3528", "3566", "3589"], [16]),                                     # JCB
    (["62"], [16, 19]),                                                   # UnionPay
]
CARD_GROUPS = {13: [4, 4, 5], 14: [4, 6, 4], 15: [4, 6, 5], 16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3]}


def card_digits(rng):
    """A Luhn-valid card number of a real brand and length."""
    prefixes, lengths = rng.choice(CARD_BRANDS)
    prefix, length = rng.choice(prefixes), rng.choice(lengths)
    return with_luhn_digit(prefix + digits(rng, length - len(prefix) - 1))


def group_card(rng, number):
    """A card number as people write it: grouped by spaces or dashes, or not at all."""
    separator = rng.choice([" ", " ", "-", ""])
    groups, at = [], 0
    for size in CARD_GROUPS[len(number)]:
        groups.append(number[at:at + size])
        at += size
    return separator.join(groups)


def credit_card(rng):
    """A valid card number, written out."""
    return group_card(rng, card_digits(rng))


def bad_card(rng):
    """A 16-digit card-like number that fails the Luhn check (a negative)."""
    number = with_luhn_digit("4" + digits(rng, 14))
    number = number[:-1] + str((int(number[-1]) + rng.randint(1, 9)) % 10)
    return " ".join(number[i:i + 4] for i in range(0, 16, 4))


def es_check_digit(ten):
    """A Spanish account control digit over ten digits."""
    weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    check = 11 - sum(int(d) * w for d, w in zip(ten, weights)) % 11
    return {11: "0", 10: "1"}.get(check, str(check))


def bban_fr(rng):
    """French BBAN: bank, branch, account, RIB key."""
    bank, branch, account = digits(rng, 5), digits(rng, 5), digits(rng, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
    return f"{bank}{branch}{account}{key:02d}"


def bban_es(rng):
    """Spanish BBAN: bank, branch, two control digits, account."""
    bank, branch, account = digits(rng, 4), digits(rng, 4), digits(rng, 10)
    return bank + branch + es_check_digit("00" + bank + branch) + es_check_digit(account) + account


def bban_be(rng):
    """Belgian BBAN: ten digits and their mod-97 remainder."""
    number = digits(rng, 10)
    return f"{number}{int(number) % 97 or 97:02d}"


def bban_pt(rng):
    """Portuguese BBAN (NIB): bank, branch, account, two check digits."""
    number = digits(rng, 19)
    return f"{number}{98 - int(number) * 100 % 97:02d}"


BBANS = {  # country → BBAN generator; IBAN lengths: DE 22, FR 27, GB 22, NL 18, ES 24, BE 16,
    # AT 20, CH 21, PT 25, PL 28, BR 29, IE 22
    "DE": lambda rng: digits(rng, 18),
    "FR": bban_fr,
    "GB": lambda rng: rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(rng, 14),
    "NL": lambda rng: rng.choice(["ABNA", "INGB", "RABO", "TRIO"]) + digits(rng, 10),
    "ES": bban_es,
    "BE": bban_be,
    "AT": lambda rng: digits(rng, 16),
    "CH": lambda rng: digits(rng, 17),
    "PT": bban_pt,
    "PL": lambda rng: digits(rng, 24),
    "BR": lambda rng: digits(rng, 23) + rng.choice("CP") + rng.choice("12"),
    "IE": lambda rng: rng.choice(["AIBK", "BOFI"]) + digits(rng, 14),
}
IBAN_LENGTHS = {"DE": 22, "FR": 27, "GB": 22, "NL": 18, "ES": 24, "BE": 16, "AT": 20, "CH": 21,
                "PT": 25, "PL": 28, "BR": 29, "IE": 22}


def iban_number(text):
    """An IBAN's characters as the integer the mod-97 check works on."""
    compact = text.replace(" ", "")
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in rearranged))


def iban_valid(text):
    """Whether an IBAN (grouped or compact) has its country's length and valid check digits."""
    compact = text.replace(" ", "")
    return IBAN_LENGTHS.get(compact[:2]) == len(compact) and iban_number(compact) % 97 == 1


def iban(rng):
    """A valid IBAN, grouped by four (the print form) or compact."""
    country = rng.choice(sorted(BBANS))
    bban = BBANS[country](rng)
    check = 98 - iban_number(country + "00" + bban) % 97
    compact = f"{country}{check:02d}{bban}"
    if rng.random() < 0.3:
        return compact
    return " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def ipv4(rng):
    """A valid IPv4 address: private or public, never loopback or unspecified."""
    style = rng.random()
    if style < 0.3:
        head = f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}"
    elif style < 0.45:
        head = f"192.168.{rng.randint(0, 255)}"
    elif style < 0.55:
        head = f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}"
    else:
        first = rng.choice([3, 8, 13, 18, 23, 34, 52, 64, 81, 91, 104, 141, 151, 185, 203, 217])
        head = f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}"
    return f"{head}.{rng.randint(1, 254)}"


IPV6_PREFIXES = [0x20010DB8, 0x2A001450, 0x26064700, 0x2A028108, 0x24068600, 0x2804D58C]


def ipv6(rng):
    """A valid IPv6 address, usually compressed (`::`), sometimes link-local or exploded."""
    if rng.random() < 0.15:
        address = ipaddress.IPv6Address((0xFE80 << 112) | rng.getrandbits(64))
    else:
        groups = [rng.getrandbits(16) for _ in range(6)]
        zeros = rng.choice([0, 2, 3, 4])
        start = rng.randint(0, 6 - zeros)
        groups[start:start + zeros] = [0] * zeros
        value = rng.choice(IPV6_PREFIXES) << 96
        for i, group in enumerate(groups):
            value |= group << (16 * (5 - i))
        address = ipaddress.IPv6Address(value)
    text = address.exploded if rng.random() < 0.1 else address.compressed
    return text.upper() if rng.random() < 0.1 else text


def ssn(rng):
    """A US SSN with a valid area (not 000, 666 or 900+), group and serial."""
    area = rng.choice([a for a in range(1, 900) if a != 666])
    group, serial = rng.randint(1, 99), rng.randint(1, 9999)
    separator = "-" if rng.random() < 0.85 else " "
    return f"{area:03d}{separator}{group:02d}{separator}{serial:04d}"


def mac_address(rng):
    """A MAC address in colon, dash or Cisco dot notation."""
    octets = [rng.getrandbits(8) & 0xFE if i == 0 else rng.getrandbits(8) for i in range(6)]
    pairs = [f"{o:02x}" for o in octets]
    style = rng.randrange(4)
    if style == 0:
        return ":".join(pairs)
    if style == 1:
        return ":".join(pairs).upper()
    if style == 2:
        return "-".join(pairs).upper()
    joined = "".join(pairs)
    return ".".join(joined[i:i + 4] for i in range(0, 12, 4))


# --- secrets -------------------------------------------------------------------------------


def secret(rng):
    """A high-entropy password or token value: mixed characters, hex or base64."""
    style = rng.randrange(4)
    if style == 0:
        value = [rng.choice(string.ascii_uppercase), rng.choice(string.ascii_lowercase),
                 rng.choice(string.digits), rng.choice(SECRET_SYMBOLS)]
        value += [rng.choice(ALNUM + SECRET_SYMBOLS) for _ in range(rng.randint(8, 20))]
        rng.shuffle(value)
        return "".join(value)
    if style == 1:
        return chars(rng, ALNUM, rng.randint(14, 32))
    if style == 2:
        return chars(rng, HEX, rng.choice([32, 40, 64]))
    return base64.b64encode(rng.randbytes(rng.choice([24, 30, 33]))).decode()


URL_USERS = ["svc_app", "admin", "deploy", "app_rw", "jenkins", "postgres", "etl", "reporting"]


def userinfo(rng):
    """`user:password` for a URL."""
    return f"{rng.choice(URL_USERS)}:{chars(rng, ALNUM + '-_.~', rng.randint(12, 24))}"


def userinfo_without_user(rng):
    """`:password`, as in `redis://:password@host`."""
    return ":" + chars(rng, ALNUM, rng.randint(16, 32))


PEM_TYPES = [  # label, DER prefix (so the body starts like a real one), random bytes
    ("RSA PRIVATE KEY", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", 1180),
    ("PRIVATE KEY", b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7", 1200),
    ("EC PRIVATE KEY", b"\x30\x77\x02\x01\x01\x04\x20", 112),
    ("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none", 380),
    ("ENCRYPTED PRIVATE KEY", b"\x30\x82\x05\x0e\x30\x40\x06\x09\x2a\x86\x48\x86\xf7", 1280),
    ("PGP PRIVATE KEY BLOCK", b"\x95\x03\xc6\x04", 900),
]


def pem_lines(rng):
    """A private key block as a list of lines, with a random base64 body."""
    label, der, size = rng.choice(PEM_TYPES)
    body = base64.b64encode(der + rng.randbytes(size)).decode()
    width = 70 if label.startswith("OPENSSH") else 64
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    if label.startswith("PGP"):
        checksum = base64.b64encode(rng.randbytes(3)).decode()
        lines = ["Version: GnuPG v2", ""] + lines + [f"={checksum}"]
    return [f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"]


def private_key(rng):
    """A PEM or PGP private key block, as pasted."""
    return "\n".join(pem_lines(rng))


def private_key_escaped(rng):
    """A PEM block as it appears inside JSON (a service-account file): `\\n` between lines."""
    label, der, size = PEM_TYPES[1]
    body = base64.b64encode(der + rng.randbytes(size)).decode()
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return "\\n".join([f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"])


def jwt(rng):
    """A signed JWT: HS256 mostly, sometimes RS256 with a key id."""
    if rng.random() < 0.75:
        header, signature_bytes = {"alg": "HS256", "typ": "JWT"}, 32
    else:
        header, signature_bytes = {"alg": "RS256", "typ": "JWT", "kid": chars(rng, HEX, 16)}, 256
    issued = rng.randint(1_700_000_000, 1_730_000_000)
    claims = {"sub": str(uuid.UUID(int=rng.getrandbits(128), version=4)), "iat": issued,
              "exp": issued + 3600, "scope": rng.choice(["read", "read write", "admin"])}
    parts = [json.dumps(part, separators=(",", ":")).encode() for part in (header, claims)]
    return ".".join([b64url(parts[0]), b64url(parts[1]), b64url(rng.randbytes(signature_bytes))])


def base62(number):
    """`number` in base 62 (0-9A-Za-z), as GitHub and npm checksums are written."""
    out = ""
    while number:
        number, digit = divmod(number, 62)
        out = B62[digit] + out
    return out or "0"


def checksummed(rng, prefix):
    """A GitHub/npm-style token: 30 random base62 characters and a 6-character CRC32."""
    body = chars(rng, B62, 30)
    return prefix + body + base62(zlib.crc32(body.encode())).rjust(6, "0")


# Vendor tokens in their documented formats (the shapes gitleaks' rules match), random bodies.


def key_aws(rng):
    """AWS access key id: `AKIA` (or `ASIA`, temporary) and 16 base32 characters."""
    return rng.choice(["AKIA", "AKIA", "ASIA"]) + chars(rng, string.ascii_uppercase + "234567", 16)


def key_aws_secret(rng):
    """AWS secret access key: 40 base64 characters."""
    return chars(rng, ALNUM + "+/", 40)


def key_github(rng):
    """GitHub classic token of any kind (personal, OAuth, user, server, refresh)."""
    return checksummed(rng, rng.choice(["ghp_", "ghp_", "gho_", "ghu_", "ghs_", "ghr_"]))


def key_github_pat(rng):
    """GitHub fine-grained personal access token."""
    upper = string.ascii_uppercase + string.digits
    return f"github_pat_11{chars(rng, upper, 20)}_{chars(rng, ALNUM, 59)}"


def key_gitlab(rng):
    """GitLab personal access token."""
    return "glpat-" + chars(rng, ALNUM + "-_", 20)


def key_slack(rng):
    """Slack bot (`xoxb-`) or user (`xoxp-`) token."""
    if rng.random() < 0.7:
        return f"xoxb-{digits(rng, 11)}-{digits(rng, 13)}-{chars(rng, ALNUM, 24)}"
    return f"xoxp-{digits(rng, 11)}-{digits(rng, 11)}-{digits(rng, 13)}-{chars(rng, HEX, 32)}"


def key_slack_webhook(rng):
    """Slack incoming-webhook URL: team id, bot id, secret."""
    upper = string.ascii_uppercase + string.digits
    return (f"https://hooks.slack.com/services/T{chars(rng, upper, 10)}/B{chars(rng, upper, 10)}/"
            f"{chars(rng, ALNUM, 24)}")


def key_stripe(rng):
    """Stripe live secret or restricted key, short (legacy) or long."""
    prefix = rng.choice(["sk_live_", "sk_live_", "rk_live_"])
    return prefix + chars(rng, ALNUM, rng.choice([24, 99]))


def key_openai(rng):
    """OpenAI project key, with the `T3BlbkFJ` marker in the middle."""
    return f"sk-proj-{chars(rng, B64URL, 74)}T3BlbkFJ{chars(rng, B64URL, 74)}"


def key_anthropic(rng):
    """Anthropic API key."""
    return f"sk-ant-api03-{chars(rng, B64URL, 93)}AA"


def key_sendgrid(rng):
    """SendGrid API key: id and secret."""
    return f"SG.{chars(rng, B64URL, 22)}.{chars(rng, B64URL, 43)}"


def key_npm(rng):
    """npm access token (GitHub-style checksum)."""
    return checksummed(rng, "npm_")


def key_pypi(rng):
    """PyPI API token: a macaroon whose base64 starts with the encoded `pypi.org`."""
    return "pypi-AgEIcHlwaS5vcmc" + chars(rng, B64URL, rng.randint(140, 180))


def key_atlassian(rng):
    """Atlassian API token: 192 characters ending in `=` and an 8-hex-digit checksum."""
    return f"ATATT3xFfGF0{chars(rng, B64URL, 171)}={chars(rng, '0123456789ABCDEF', 8)}"


def key_shopify(rng):
    """Shopify access token (admin, custom app, partner, shared secret)."""
    return rng.choice(["shpat_", "shpat_", "shpca_", "shppa_", "shpss_"]) + chars(rng, HEX, 32)


def key_huggingface(rng):
    """Hugging Face user access token."""
    return "hf_" + chars(rng, string.ascii_letters, 34)


def key_gcp(rng):
    """Google Cloud API key."""
    return "AIza" + chars(rng, ALNUM + "-_", 35)


# --- negative values (never labeled) -------------------------------------------------------

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def a_uuid(rng):
    """A request or trace id."""
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def semver(rng):
    """A semantic version, sometimes with a `v`, a pre-release or build suffix."""
    version = f"{rng.randint(0, 12)}.{rng.randint(0, 40)}.{rng.randint(0, 30)}"
    suffix = rng.choice(["", "", "", f"-rc.{rng.randint(1, 5)}", "-beta",
                         f"+build.{rng.randint(1, 999)}"])
    return rng.choice(["", "v"]) + version + suffix


def date(rng):
    """A date in ISO, German, US or written-out notation."""
    y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice([f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y}", f"{m:02d}/{d:02d}/{y}",
                       f"{d} {MONTHS[m - 1]} {y}"])


def time_of_day(rng):
    """A time, to the minute, second or millisecond."""
    h, m, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
    return rng.choice([f"{h:02d}:{m:02d}", f"{h:02d}:{m:02d}:{s:02d}",
                       f"{h:02d}:{m:02d}:{s:02d}.{digits(rng, 3)}"])


def timestamp(rng):
    """An ISO 8601 UTC timestamp, as in logs."""
    return (f"{rng.randint(2019, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            f"T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z")


def build_number(rng):
    """A CI build number in one of several schemes."""
    dated = f"{rng.randint(2019, 2025)}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}"
    return rng.choice([f"#{rng.randint(100, 99999)}", f"{dated}.{rng.randint(1, 9)}",
                       f"b{rng.randint(1000, 9999)}", f"1.0.{rng.randint(1000, 9999)}"])


def order_id(rng):
    """An order or purchase-order number."""
    return rng.choice([f"ORD-{rng.randint(2019, 2025)}-{digits(rng, 6)}",
                       f"SO-{rng.randint(10000, 99999)}", f"#A-{rng.randint(10000, 99999)}",
                       f"PO-{digits(rng, 5)}"])


def invoice_id(rng):
    """An invoice number."""
    return f"INV-{rng.randint(2019, 2025)}-{digits(rng, 5)}"


def amount(rng):
    """A sum of money with thousands separators."""
    units, cents = divmod(rng.randint(100, 9_999_999), 100)
    return rng.choice([f"${units:,}.{cents:02d}", f"{units:,}.{cents:02d} USD".replace(",", " "),
                       f"€{units:,}.{cents:02d}"])


def chrome_version(rng):
    """A four-part browser version (not an IPv4 address: the third part exceeds 255)."""
    return f"{rng.randint(110, 126)}.0.{rng.randint(5000, 6500)}.{rng.randint(50, 200)}"


def epoch(rng):
    """A Unix timestamp in seconds."""
    return str(rng.randint(1_700_000_000, 1_730_000_000))


def jira_key(rng):
    """An issue key."""
    return f"{rng.choice(['OPS', 'BILL', 'WEB', 'PLAT', 'SUP'])}-{rng.randint(1, 9999)}"


# --- templates -----------------------------------------------------------------------------

# Slot → (kind or None, value). `person`, `person_email` and `person_id` take a person of the
# line's `people`.
SLOTS = {
    "email": ("email", email),
    "phone": ("phone", phone), "phone_us": ("phone", phone_us), "phone_uk": ("phone", phone_uk),
    "phone_de": ("phone", phone_de), "phone_fr": ("phone", phone_fr),
    "phone_in": ("phone", phone_in), "phone_br": ("phone", phone_br),
    "phone_au": ("phone", phone_au),
    "card": ("credit_card", credit_card),
    "iban": ("iban", iban),
    "ipv4": ("ip_address", ipv4), "ipv6": ("ip_address", ipv6),
    "ssn": ("ssn", ssn),
    "mac": ("mac_address", mac_address),
    "userinfo": ("url_credentials", userinfo),
    "userinfo_nouser": ("url_credentials", userinfo_without_user),
    "private_key": ("private_key", private_key),
    "private_key_escaped": ("private_key", private_key_escaped),
    "jwt": ("jwt", jwt),
    "secret": ("password", secret),
    "key_aws": ("api_key/aws", key_aws), "key_aws_secret": ("api_key/aws", key_aws_secret),
    "key_github": ("api_key/github", key_github),
    "key_github_pat": ("api_key/github", key_github_pat),
    "key_gitlab": ("api_key/gitlab", key_gitlab),
    "key_slack": ("api_key/slack", key_slack),
    "key_slack_webhook": ("api_key/slack", key_slack_webhook),
    "key_stripe": ("api_key/stripe", key_stripe),
    "key_openai": ("api_key/openai", key_openai),
    "key_anthropic": ("api_key/anthropic", key_anthropic),
    "key_sendgrid": ("api_key/sendgrid", key_sendgrid),
    "key_npm": ("api_key/npm", key_npm),
    "key_pypi": ("api_key/pypi", key_pypi),
    "key_atlassian": ("api_key/atlassian", key_atlassian),
    "key_shopify": ("api_key/shopify", key_shopify),
    "key_huggingface": ("api_key/huggingface", key_huggingface),
    "key_gcp": ("api_key/gcp", key_gcp),
    "uuid": (None, a_uuid),
    "git_sha": (None, lambda rng: chars(rng, HEX, 40)),
    "short_sha": (None, lambda rng: chars(rng, HEX, rng.randint(7, 12))),
    "sha256": (None, lambda rng: chars(rng, HEX, 64)),
    "semver": (None, semver),
    "date": (None, date),
    "time": (None, time_of_day),
    "timestamp": (None, timestamp),
    "build": (None, build_number),
    "order_id": (None, order_id),
    "invoice_id": (None, invoice_id),
    "amount": (None, amount),
    "bad_card": (None, bad_card),
    "chrome_version": (None, chrome_version),
    "epoch": (None, epoch),
    "jira_key": (None, jira_key),
    "count": (None, lambda rng: f"{rng.randint(2, 9999):,}"),
}
PERSON_SLOTS = {"person": "display_name", "person_email": "email", "person_id": "account_id"}

POSITIVE = {
    "email": [
        "Customer {email} reports that the invoice PDF is blank since Monday.",
        "Please reply to {email} once the fix is deployed.",
        'Forwarded from <{email}>: "We still cannot export the sprint report."',
        "The welcome mail bounced for {email} (550 mailbox unavailable).",
        "Contact: mailto:{email}",
        "Added {email} and {email} as external watchers.",
        "SSO mapping fails for addresses with a plus tag, e.g. {email}.",
        "From: {email}\nSubject: Export broken again\n\nHi team, the export is broken again.",
        "Kunde {email} meldet, dass der Export seit dem Update hängt.",
        "Le client {email} ne reçoit plus les notifications depuis {date}.",
        "O cliente {email} não consegue acessar o painel desde ontem.",
        "Password reset link never arrives at {email}; spam folder checked.",
    ],
    "phone": [
        "Customer asked for a call back on {phone_us}.",
        "Call me at {phone_uk} if the migration fails overnight.",
        "Hotline for the Berlin office: {phone_de}.",
        "Merci de rappeler le client au {phone_fr} avant 18h.",
        "Escalation contact (on-call this week): {phone_in}.",
        "Meu telefone é {phone_br}, pode ligar à tarde.",
        "The Sydney site manager can be reached on {phone_au}.",
        "SMS codes never arrive at {phone}; carrier confirmed delivery.",
        "Caller ID showed {phone} and the customer wants an update today.",
        "Tel. {phone_de} / Mobil {phone_de}",
        "Bitte rufen Sie den Kunden unter {phone_de} zurück.",
        "WhatsApp: {phone_br}",
        "Phone: {phone}\nPreferred time: mornings",
        "The number stored in the profile is {phone_us}, but texts go to an old one.",
        "Support line {phone_uk} (Mon-Fri, 9:00-17:30).",
        "Store manager: {phone_au}, backup: {phone_au}.",
        "Numéro de la boutique : {phone_fr}",
        "Contato do gerente: {phone_br}",
        "Field engineer in Pune: {phone_in}",
        "Dial {phone} and ask for the night shift.",
    ],
    "card": [
        "Customer pasted a full card number in the chat: {card}. Please purge it.",
        "Payment declined for card {card}, exp 08/27.",
        "Refund to {card} failed with code 05.",
        "The checkout log contains PAN {card} in clear text!",
        "card_number={card}",
        "Cartão usado na compra: {card}",
        "Kreditkarte {card} wurde zweimal belastet.",
        "Carte bancaire {card} refusée au paiement.",
        "Test charge on {card} reproduces the double booking.",
    ],
    "iban": [
        "Please update the payout account to {iban}.",
        "IBAN: {iban}\nBIC: DEUTDEFFXXX",
        "SEPA mandate for {iban} was rejected (MD01).",
        "Bankverbindung: {iban}",
        "Virement vers {iban} en attente depuis trois jours.",
        "Refund goes to {iban}, account holder confirmed by phone.",
        "Conta para reembolso: {iban}",
        "Direct debit from {iban} failed twice this month.",
    ],
    "ip": [
        "Requests from {ipv4} are blocked by the WAF since {time}.",
        "Connection refused to {ipv4}:5432.",
        "Please allow-list {ipv4} and {ipv4} for the webhook.",
        "The node at {ipv6} stopped answering health checks.",
        "curl -v http://[{ipv6}]:8080/health times out.",
        "X-Forwarded-For: {ipv4}, {ipv4}",
        "Login from an unusual location ({ipv4}) flagged by the audit.",
        "Server address changed to {ipv6} after the migration.",
        "ssh deploy@{ipv4} -p 2222 hangs at key exchange.",
        "DNS now resolves api.internal to {ipv4} instead of {ipv4}.",
        "Der Proxy {ipv4} antwortet nicht mehr.",
    ],
    "ssn": [
        "The HR import shows SSN {ssn} for two employees.",
        "The applicant's social security number {ssn} is visible in the PDF preview.",
        "SSN: {ssn}",
        "Please mask the SSN ({ssn}) in the W-2 export.",
        "Payroll record mismatch, ssn={ssn}",
        "Employee SSN {ssn} was typed into the comment field by mistake.",
    ],
    "url_credentials": [
        "DATABASE_URL=postgresql://{userinfo}@db-prod.internal:5432/orders",
        "The worker connects with "
        "mongodb+srv://{userinfo}@cluster0.x1abc.mongodb.net/app?retryWrites=true",
        "REDIS_URL=redis://{userinfo_nouser}@cache-01:6379/0",
        "Cloning fails: git clone https://{userinfo}@git.example.com/platform/api.git",
        "Broker: amqp://{userinfo}@rabbitmq.svc.cluster.local:5672/%2F",
        "Proxy config in the attachment: http://{userinfo}@proxy.corp.local:3128",
        "ftp://{userinfo}@files.partner-portal.net/outgoing/ is where the export lands.",
        "Stack trace mentions mysql://{userinfo}@db-replica-2:3306/shop",
    ],
    "mac": [
        "Device {mac} keeps dropping off the Wi-Fi.",
        "DHCP lease for {mac} expired at {time}.",
        "Allow-list MAC {mac} on the lab switch.",
        "ARP table shows {mac} on two ports.",
        "Physical address: {mac}",
        "The badge reader ({mac}) reboots every night.",
    ],
    "private_key": [
        "Found this in the repo, needs rotating:\n{private_key}",
        "The deploy script prints the key:\n```\n{private_key}\n```\n"
        "Please rotate it and purge the build log.",
        "id_rsa attached inline (sorry):\n{private_key}\nThanks!",
        'Service account file committed by mistake: {"type": "service_account", '
        '"project_id": "billing-prod-4412", "private_key": "{private_key_escaped}\\n", '
        '"token_uri": "https://oauth2.googleapis.com/token"}',
    ],
    "jwt": [
        "Authorization: Bearer {jwt}",
        "The SPA stores the session in localStorage: {jwt}",
        "Expired token from the logs: {jwt}",
        '"id_token": "{jwt}"',
        "Cookie: session={jwt}; Path=/; HttpOnly",
        "curl -H 'Authorization: Bearer {jwt}' https://api.example.com/v2/me",
        "Der Token {jwt} läuft nach einer Stunde ab.",
    ],
    "password": [
        "password={secret}",
        'DB_PASSWORD="{secret}"',
        "spring.datasource.password={secret}",
        "secret: {secret}",
        "client_secret = '{secret}'",
        '"api_token": "{secret}"',
        "token: {secret}",
        "export ADMIN_PASSWORD={secret}",
        "The new staging credentials are user admin, password: {secret}",
        "Server=tcp:sql-prod.database.windows.net,1433;Initial Catalog=billing;"
        "User ID=svc_billing;Password={secret};Encrypt=True;",
        "jdbc:mysql://db-01:3306/shop?user=shop_rw&password={secret}&useSSL=true",
        "Host=pg.internal;Port=5432;Database=app;Username=app;Password={secret}",
        "smtp_password: {secret}",
        "SECRET_KEY = '{secret}'",
        "auth_token={secret}",
        "pwd={secret}",
        "Passwort: {secret}",
        "mot de passe : {secret}",
    ],
    "person": [
        "Assigned to {person} for triage.",
        "@{person} can you take a look before the release?",
        "Thanks {person}, the workaround works.",
        "cc [~accountid:{person_id}]",
        "Reported by {person} ({person_email}).",
        '{person} wrote: "The export still fails for me."',
        "Pinging @{person} and @{person}: this blocks the sprint review.",
        "Mail from {person_email}: please prioritise.",
        "{person} (account {person_id}) has no access to the project.",
        "Hallo {person}, kannst du bitte die Logs anhängen?",
        "Bonjour {person}, merci pour le retour rapide.",
        "Oi {person}, consegue verificar amanhã?",
        "Handing over to {person} while I am on leave.",
        "[~accountid:{person_id}] please confirm the fix on staging.",
        "Discussed with {person} and {person} in the stand-up.",
    ],
}

VENDOR_TEMPLATES = {  # vendor → slots, templates of its own
    "aws": (["key_aws"], ["AWS_ACCESS_KEY_ID={key_aws}",
                          "aws_access_key_id = {key_aws}\naws_secret_access_key = {key_aws_secret}",
                          "Access key {key_aws} belongs to the CI user.",
                          "export AWS_SECRET_ACCESS_KEY={key_aws_secret}"]),
    "github": (["key_github", "key_github_pat"], ["export GITHUB_TOKEN={key_github}",
                                                  "GH_TOKEN: {key_github_pat}",
                                                  "Authorization: token {key_github}"]),
    "gitlab": (["key_gitlab"], ["PRIVATE-TOKEN: {key_gitlab}", "gitlab_token = {key_gitlab}"]),
    "slack": (["key_slack", "key_slack_webhook"], [
        "SLACK_BOT_TOKEN={key_slack}", "Alerts go to the webhook {key_slack_webhook}",
        "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy done\"}' "
        "{key_slack_webhook}"]),
    "stripe": (["key_stripe"], ["STRIPE_SECRET_KEY={key_stripe}",
                                "Stripe rejected the charge made with {key_stripe}."]),
    "openai": (["key_openai"], ["OPENAI_API_KEY={key_openai}",
                                "Authorization: Bearer {key_openai}"]),
    "anthropic": (["key_anthropic"], ["x-api-key: {key_anthropic}",
                                      "ANTHROPIC_API_KEY={key_anthropic}"]),
    "sendgrid": (["key_sendgrid"], ["SENDGRID_API_KEY={key_sendgrid}",
                                    "The mail relay still uses {key_sendgrid}."]),
    "npm": (["key_npm"], ["//registry.npmjs.org/:_authToken={key_npm}", "NPM_TOKEN={key_npm}"]),
    "pypi": (["key_pypi"], ["[pypi]\n  username = __token__\n  password = {key_pypi}",
                            "TWINE_PASSWORD={key_pypi}"]),
    "atlassian": (["key_atlassian"], [
        "curl -u {email}:{key_atlassian} https://acme.atlassian.net/rest/api/3/myself",
        "JIRA_API_TOKEN={key_atlassian}"]),
    "shopify": (["key_shopify"], ["X-Shopify-Access-Token: {key_shopify}",
                                  "SHOPIFY_ADMIN_TOKEN={key_shopify}"]),
    "huggingface": (["key_huggingface"], ["HF_TOKEN={key_huggingface}",
                                          "huggingface-cli login --token {key_huggingface}"]),
    "gcp": (["key_gcp"], [
        "GOOGLE_MAPS_API_KEY={key_gcp}",
        "https://maps.googleapis.com/maps/api/geocode/json?address=Berlin&key={key_gcp}"]),
}
ANY_VENDOR_TEMPLATES = [  # `{key}` becomes one of the vendor's slots
    "Someone pasted {key} into the public channel, please revoke it.",
    "Found in the build log: {key}",
    "The old key {key} is still active after the rotation.",
    "Leaked credential (from the .env in the attachment): {key}",
    "Please rotate {key}, it was committed on the release branch.",
    "Schlüssel {key} bitte sofort widerrufen.",
]

GROUP_WEIGHTS = {"email": 1.0, "phone": 2.0, "card": 1.0, "iban": 1.0, "ip": 1.0, "ssn": 0.8,
                 "url_credentials": 0.8, "mac": 0.6, "private_key": 0.5, "jwt": 0.9,
                 "password": 1.5, "person": 1.5, "api_key": 4.0}

PROSE = [
    "The export job times out after 30 seconds on projects with more than {count} issues.",
    "Steps to reproduce: open the board, filter by the current sprint and click Export.",
    "Expected: a CSV download. Actual: the spinner never stops.",
    "Could not reproduce on staging; production only.",
    "Raising the priority because this blocks the release.",
    "Workaround: disable the automation rule and re-run the import.",
    "Attached the HAR file and two screenshots.",
    "This started after the upgrade to {semver} last night.",
    "Closing as a duplicate of {jira_key}.",
    "Re-opened: the fix did not reach the EU cluster.",
    "QA verified on build {build}, moving to Done.",
    "The dashboard shows stale data for about 15 minutes after each deploy.",
    "Der Fehler tritt nur im Firefox auf, Chrome funktioniert.",
    "Le problème apparaît uniquement lors de la première connexion.",
    "O erro acontece só quando o arquivo tem mais de 10 MB.",
    "The customer confirmed the issue is gone after clearing the cache.",
    "Let's discuss this in tomorrow's stand-up.",
    "Root cause: a race between the cache refresh and the permission check.",
    "No customer data was affected, according to the incident review.",
    "Moving to the next sprint; not enough capacity this week.",
    "Memory usage grows by about 200 MB per hour until the pod is OOM-killed.",
    "Nach dem Neustart läuft alles wieder, aber nur für ein paar Stunden.",
    "Impossible d'ouvrir le rapport mensuel, le bouton reste grisé.",
    "A sincronização parou às {time} e não voltou mais.",
]

NEGATIVE = PROSE + [
    "Fixed in commit {git_sha}, released as {semver}.",
    "Deployed {semver} at {timestamp}; the rollback target is {semver}.",
    "Request id {uuid} failed with HTTP 502.",
    "Trace {uuid} shows the timeout in the billing service.",
    "Build {build} passed; artifacts uploaded on {date}.",
    "Order {order_id} was shipped on {date} but still shows as pending.",
    "Tracking number {bad_card} is not recognised by the carrier.",
    "Reference {bad_card} on the bank statement does not match any invoice.",
    "Meeting moved to {date} at {time}.",
    "Regression between {semver} and {semver}, bisected to {short_sha}.",
    "Image digest sha256:{sha256} differs from the one on staging.",
    "Upgraded Chrome to {chrome_version} and the issue is gone.",
    "Invoice {invoice_id} totals {amount}.",
    "The form shows 'password: required' when the field is left empty.",
    "Validation message: token: required",
    "password: ********",
    'secret: see the vault entry "Billing DB"',
    "Set `password` to a value of at least 12 characters.",
    "password=password in the example config is only a placeholder.",
    "token: <your-token-here>",
    "Epoch {epoch} corresponds to the failed run.",
    "Job {count} retried 3 times (exit code 137).",
    "Parent issue {jira_key}, blocked by {jira_key}.",
    "Merged {short_sha} into main on {date}; CI run {count} is green.",
    "Response time p95 went from 180 ms to 2.4 s after {semver}.",
    "def connect(user, password):\n"
    "    return psycopg2.connect(host=DB_HOST, user=user, password=password)",
    'if (token == null) {\n    throw new IllegalArgumentException("token: required");\n}',
    "- name: Deploy\n  env:\n    API_TOKEN: ${{ secrets.API_TOKEN }}\n"
    "    DB_PASSWORD: ${{ secrets.DB_PASSWORD }}",
    'api_key = os.environ["OPENAI_API_KEY"]\nclient = OpenAI(api_key=api_key)',
    "std::unordered_map<std::string, int> counts;\n"
    'for (const auto& [key, value] : counts) std::cout << key << ": " << value << "\\n";',
    "let config = Config::builder().timeout(Duration::from_secs(30)).build()?;",
    "SELECT id, status FROM orders WHERE created_at > '{date}' AND total > 100.00;",
    "at com.acme.billing.InvoiceService.render(InvoiceService.java:214)\n"
    "at com.acme.billing.InvoiceController.get(InvoiceController.java:88)",
    "$ kubectl get pods -n billing\nNAME                   READY   STATUS    RESTARTS   AGE\n"
    "api-7d9f8b6c5d-x2lqk   1/1     Running   0          3d4h",
    "const PASSWORD_MIN_LENGTH = 12;\n"
    'if (password.length < PASSWORD_MIN_LENGTH) return "password: too short";',
    "secret: {{ .Values.db.secretName }}",
    "git checkout {git_sha} && cargo build --release",
    "{timestamp} INFO  [worker-3] job finished in 1532 ms",
    "Color tokens changed: #1f6feb, #d29922, #8957e5.",
    "The rate limit is 1,000 requests per minute per token.",
    "Use the token from the vault; never paste it into tickets.",
    "Docker: FROM python:3.11-slim; RUN pip install -r requirements.txt",
]
JOINERS = [" ", " ", "\n", "\n\n"]


class TextBuilder:
    """Appends text and labeled values, keeping byte offsets."""

    def __init__(self):
        self.parts, self.size, self.spans = [], 0, []

    def add(self, text, kind=None):
        """Appends `text`, labeled `kind` when given."""
        length = len(text.encode())
        if kind:
            self.spans.append({"kind": kind, "start": self.size, "end": self.size + length})
        self.parts.append(text)
        self.size += length

    def text(self):
        return "".join(self.parts)


SLOT = re.compile(r"\{([a-z0-9_]+)\}")


def render(template, rng, people, out):
    """Appends `template` to `out`, each `{slot}` filled with a fresh random value."""
    at = 0
    for match in SLOT.finditer(template):
        out.add(template[at:match.start()])
        name = match.group(1)
        if name in PERSON_SLOTS:
            out.add(rng.choice(people)[PERSON_SLOTS[name]], "person")
        else:
            kind, value = SLOTS[name]
            out.add(value(rng), kind)
        at = match.end()
    out.add(template[at:])


def api_key_template(rng):
    """A template with a key of a random vendor: one of the vendor's own or a generic one."""
    slots, own = VENDOR_TEMPLATES[rng.choice(sorted(VENDOR_TEMPLATES))]
    if rng.random() < 0.4:
        return rng.choice(ANY_VENDOR_TEMPLATES).replace("{key}", "{" + rng.choice(slots) + "}")
    return rng.choice(own)


def positive_template(rng):
    """A template of a group chosen by `GROUP_WEIGHTS`."""
    group = rng.choices(sorted(GROUP_WEIGHTS), [GROUP_WEIGHTS[g] for g in sorted(GROUP_WEIGHTS)])[0]
    return api_key_template(rng) if group == "api_key" else rng.choice(POSITIVE[group])


def positive_line(rng, people):
    """A description or comment with one or two sensitive sentences, prose and distractors."""
    templates = [positive_template(rng) for _ in range(rng.choice([1, 1, 2]))]
    if rng.random() < 0.5:
        templates.insert(0, rng.choice(PROSE))
    if rng.random() < 0.3:
        templates.append(rng.choice(NEGATIVE))
    return join_templates(rng, templates, people)


def negative_line(rng, people):
    """Prose, code, ids, versions, dates: nothing to redact."""
    return join_templates(rng, [rng.choice(NEGATIVE) for _ in range(rng.randint(1, 3))], people)


def join_templates(rng, templates, people):
    """Renders `templates` into one text; returns the text and its spans."""
    out = TextBuilder()
    for i, template in enumerate(templates):
        if i:
            out.add(rng.choice(JOINERS))
        render(template, rng, people, out)
    return out.text(), out.spans


def synthetic_corpus(rng):
    """The lines of `corpus.jsonl`, positives and negatives interleaved."""
    kinds = ["positive"] * POSITIVE_LINES + ["negative"] * NEGATIVE_LINES
    rng.shuffle(kinds)
    lines = []
    for number, kind in enumerate(kinds, 1):
        people = people_of_line(rng)
        text, spans = (positive_line if kind == "positive" else negative_line)(rng, people)
        lines.append({"id": f"gen-{number:05d}", "text": text, "people": people, "spans": spans})
    return lines


# --- hand-written tickets ------------------------------------------------------------------

MARKUP = re.compile(r"\[\[([a-z_]+(?:/[a-z]+)?):(.*?)\]\]", re.DOTALL)
PERSON_LINE = re.compile(r"(.+?) <(.+?)> (\S+)")


def parse_people(field):
    """`Name <email> account-id; …` → people."""
    people = []
    for entry in filter(None, (part.strip() for part in field.split(";"))):
        match = PERSON_LINE.fullmatch(entry)
        if not match:
            raise ValueError(f"bad person entry: {entry!r}")
        people.append({"display_name": match[1], "email": match[2], "account_id": match[3]})
    return people


def unmark(marked):
    """Text with `[[kind:value]]` markup → the plain text and its spans."""
    out, at = TextBuilder(), 0
    for match in MARKUP.finditer(marked):
        out.add(marked[at:match.start()])
        out.add(match[2], match[1])
        at = match.end()
    out.add(marked[at:])
    return out.text(), out.spans


def handwritten_corpus(source):
    """The tickets of `handwritten.txt`: `=== id`, a `people:` line, then the marked-up text."""
    lines = []
    for block in re.split(r"^=== ", source, flags=re.MULTILINE)[1:]:
        ticket_id, people_line, body = block.split("\n", 2)
        if not people_line.startswith("people:"):
            raise ValueError(f"{ticket_id}: the second line must be `people: …`")
        text, spans = unmark(body.strip("\n"))
        lines.append({"id": ticket_id.strip(), "text": text,
                      "people": parse_people(people_line[len("people:"):]), "spans": spans})
    return lines


# --- checks --------------------------------------------------------------------------------

KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "url_credentials",
         "mac_address", "private_key", "jwt", "password", "person"}
VALIDATORS = {
    "credit_card": lambda v: luhn_valid(re.sub(r"[ -]", "", v)),
    "iban": iban_valid,
    "ip_address": lambda v: bool(ipaddress.ip_address(v)),
    "ssn": lambda v: re.fullmatch(r"(?!000|666|9\d\d)\d{3}([- ])(?!00)\d\d\1(?!0000)\d{4}", v),
    "email": lambda v: re.fullmatch(r"[\w.+-]+@[\w-]+(\.[\w-]+)+", v),
    "private_key": lambda v: v.startswith("-----BEGIN") and v.endswith("-----"),
}
VENDOR_FORMATS = {  # the documented token formats, for hand-typed values
    "aws": r"(AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9+/]{40}",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[\w-]{20}",
    "slack": r"xox[bp]-[\d-]+-[A-Za-z0-9]+|https://hooks\.slack\.com/services/T\w+/B\w+/\w{24}",
    "stripe": r"[sr]k_live_[A-Za-z0-9]{20,99}",
    "openai": r"sk-proj-[\w-]{74}T3BlbkFJ[\w-]{74}",
    "anthropic": r"sk-ant-api03-[\w-]{93}AA",
    "sendgrid": r"SG\.[\w-]{22}\.[\w-]{43}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[\w-]{50,}",
    "atlassian": r"ATATT3[\w=-]{186}",
    "shopify": r"shp(at|ca|pa|ss)_[a-f0-9]{32}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "gcp": r"AIza[\w-]{35}",
}


def check_line(line):
    """Raises unless `line`'s spans are exact, valid and complete for its people."""
    data = line["text"].encode()
    previous_end = 0
    for span in line["spans"]:
        kind, start, end = span["kind"], span["start"], span["end"]
        value = data[start:end].decode()
        vendor = kind.removeprefix("api_key/")
        if kind not in KINDS and vendor not in VENDOR_FORMATS:
            raise ValueError(f"{line['id']}: unknown kind {kind}")
        if vendor in VENDOR_FORMATS and not re.fullmatch(VENDOR_FORMATS[vendor], value):
            raise ValueError(f"{line['id']}: {value!r} is not a {vendor} token")
        if not previous_end <= start < end <= len(data) or value != value.strip():
            raise ValueError(f"{line['id']}: bad span {span} ({value!r})")
        if not VALIDATORS.get(kind, bool)(value):
            raise ValueError(f"{line['id']}: invalid {kind} {value!r}")
        previous_end = end
    check_people(line)


def check_people(line):
    """Every occurrence of a person's name, email or account id is labeled `person`, and
    every `person` span is one of them."""
    text, data = line["text"], line["text"].encode()
    forms = {form.lower() for p in line["people"] for form in p.values()}
    covered = [(s["start"], s["end"]) for s in line["spans"] if s["kind"] == "person"]
    for start, end in covered:
        if data[start:end].decode().lower() not in forms:
            raise ValueError(f"{line['id']}: {data[start:end].decode()!r} is nobody's")
    for form in forms:
        for match in re.finditer(re.escape(form), text, re.IGNORECASE):
            start = len(text[:match.start()].encode())
            if (start, start + len(match[0].encode())) not in covered:
                raise ValueError(f"{line['id']}: unlabeled person form {form!r}")


def write_jsonl(path, lines):
    """Checks and writes `lines`, one JSON object per line."""
    with open(path, "w", encoding="utf-8") as out:
        for line in lines:
            check_line(line)
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


def main():
    write_jsonl(HERE / "corpus.jsonl", synthetic_corpus(random.Random(SEED)))
    source = (HERE / "handwritten.txt").read_text(encoding="utf-8")
    write_jsonl(HERE / "handwritten.jsonl", handwritten_corpus(source))


if __name__ == "__main__":
    main()
