#!/usr/bin/env python3
r"""Writes heldout10.jsonl: a tenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional energy utility and EV-charging group ("Kelverne Energy Group":
the electricity and gas supplier Kelverne Energy, the distribution network operator Kelverne
Networks, the public EV-charging network Kelverne Charge and the rooftop-solar installer Sunthatch
Solar, with off-grid solar projects abroad; made-up domains kelverne.energy, kelvernenetworks.net,
kelvernecharge.net, sunthatch.energy and kelverne.internal, third parties only under reserved
example names: example.com / .net / .org and their subdomains, post.example, ferrowatt.example,
gridlytics.example.com, ...) holds: customer billing disputes, refunds and Energy-Ombudsman cases;
direct-debit / SEPA mandate changes (prose, pain.008 XML, CSV exports, customer e-mails, Jira wiki
tables); smart-meter install tickets; field-crew fault chats (timestamps, call signs, Teams
pastes) and outage SMS gateway logs; EV-charging support tickets, chargebacks and payment-terminal
logs; OCPP 1.6J and 2.0.1 message logs (ChangeConfiguration, SetVariables, SetNetworkProfile,
DataTransfer, SecurityEventNotification, WebSocket upgrade requests); charger diagnostic bundles,
DHCP and RADIUS accounting logs; SCADA / OT configuration (Modbus RTU inventories, DNP3 outstation
and Secure Authentication settings, station HMI login tables, FreeRADIUS clients.conf, Cisco
TACACS+ / SNMP, strongSwan and FortiGate VPN pre-shared keys, S7 PLC notes, PI historian
connection strings, Teltonika router configs, snmpwalk / snmpset commands); rooftop-solar site
surveys, monitoring set-ups, deposits and battery retrofits; priority-services-register
(vulnerable customer) notes with doorstep passwords; HR and contractor onboarding (temporary
passwords, payroll IBANs, TOTP seeds, US contractors' W-9 SSNs); supplier invoices and
bank-detail-change fraud checks; Helm values, Kubernetes Secrets and kubectl, Terraform tfvars /
state / .terraformrc, Ansible vault notes, inventories and ad-hoc commands, CI logs (GitHub
Actions, GitLab, Jenkins), .env files, database and broker URLs, JDBC and psql commands, vendor
tokens in ticket prose, JWTs (curl, HAR, Keycloak token responses, kubeconfig, API logs), OCPI
credentials tokens, pasted private keys (EC, OpenSSH, RSA, a GCP service-account JSON), e-mail
threads with full headers, quoted replies and signatures, vCards, CSV exports and Confluence
runbooks. Eighteen languages besides English, none listed by the earlier sets' docstrings
(Xhosa, Sesotho, Shona, Igbo, Haitian Creole, Quechua, Māori, Samoan, Scottish Gaelic, West
Frisian, Breton, Romansh, Tatar, Kyrgyz, Tajik, Turkmen, Uyghur, Tibetan): in each a bill
complaint with the customer's phone and e-mail, a solar site survey, a PSR note with a carer's
phone, an office Wi-Fi password, a card pasted into a support chat, a crew chat line with a phone,
a refund (to an IBAN in GB, NL, FR, CH and KZ, to a card elsewhere, a Mir card for Tatar) and two
negative sentences with look-alikes. Names in Cyrillic (Tatar ә ө ү, Kyrgyz, Tajik ҳ ҷ ӯ), Arabic
(Uyghur) and Tibetan script and in Latin script with diacritics and particles (Turkmen ý, Igbo ọ,
Māori macrons, Samoan ʻokina, Gaelic Nic / Mac and grave accents, Breton Le / Ar, Frisian van
der, Romansh ä, Sesotho 'M, Irish Ó / Ní, German umlauts spelt oe / ue in the address); phone
numbers of 26 countries (UK, Ireland, Netherlands, Belgium, France, Switzerland, Germany,
Luxembourg, Austria, Spain, Portugal, South Africa, Lesotho, Zimbabwe, Nigeria, Peru, Haiti,
Kyrgyzstan, Tajikistan, Turkmenistan, Russia, Kazakhstan, India, New Zealand, Samoa, USA) in
national, international, `00`, `+44 (0)`, E.164 and bare-MSISDN form; IBANs of 15 countries (GB,
IE, NL, BE, FR, CH, DE, LU, AT, ES, PT, KZ, TR, PL, DK; Belgian, French, Spanish, Portuguese and
Polish bodies with their national check digits); card numbers of ten brands (Visa, Mastercard 5x
and 2-series, Amex, Discover, JCB, Diners, UnionPay, Maestro, Mir; spaced, dashed, plain); a few
US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL credentials; tokens of the eighteen
vendors of the earlier sets' list. 150 of the 550 lines are negatives built from hard
look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, js/, xtask/), at
git history, or at the other sets' sentences, generators or data; only evaluate.py, checks.py
and the module docstrings of heldout.py to heldout9.py were read. Its first score is therefore
a blind one.

    python3 tests/redaction/heldout10.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, for review.) A summary (lines,
spans per kind, negatives, languages, categories) is printed after writing.

Deterministic: every random part (staff, customers, phone forms and digits, IBAN bodies, card
brands and numbers, passwords, tokens, PEM and JWT bodies, timestamps, look-alikes) comes from
one seeded `random.Random` (SEED); card brands and vendors are taken in turn (`Cycle`); the line
order is shuffled by a second seeded one (SHUFFLE_SEED). Nothing depends on set order, the
clock or the hash seed. Every line is validated before anything is written (see
`validate`); any violation aborts with a message and writes nothing: offsets inside the text,
on character boundaries, not overlapping, each span's text the labelled piece; the shape of
every labelled value (Luhn, brand prefix and length for cards, never a published test number;
country length and mod-97 check for IBANs, groups of four when spaced, through checks.py;
parseable IPs that are not loopback, unspecified, link-local, multicast, reserved or
documentation addresses; MAC shape; JWT header with "alg" and payload that decode; PEM armour
and base64 body; vendor token formats, with the CRC32 checksum of GitHub and npm tokens; US SSN
ranges; phone characters and digit counts; passwords that are no placeholder; url_credentials
between `://` and `@`; e-mail domains that are ours or reserved; a person is in `people`, or a
customer whose address, spelling the name, is labelled in the same line). The text left
unlabelled (labels and declared look-alikes blanked) is scanned for addresses, IPv4 / IPv6 and
MAC addresses, `+` phone shapes, SSN shapes, Luhn-valid runs of 13-19 digits (also across
spaces and dashes), valid IBANs, JWT, PEM, vendor-token and URL-credential shapes, password
keywords (also Frisian wachtwurd, Māori kupuhipa, Igbo okwuntughe, Haitian modpas, Shona
pasiwedhi, Sesotho phasewete, Xhosa iphasiwedi, Gaelic facal-faire, Breton ger-tremen, Romansh
pled-clav, Tatar серсүз, Kyrgyz сырсөз, Tajik рамз, Turkmen açar sözi, Uyghur پارول) followed by
a value, and every name part of the rosters. Negative lines carry no span, positive lines at
least one; texts are unique.

Format (the one evaluate.py reads):

    {"id": "held10-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings, `Look`s and `Lab` labels), never by hand. A line without spans is a
negative: nothing in it may be redacted. No labelled value holds a line break, except a
private key with real newlines.

Labelling conventions: those of heldout9.py's docstring (and through it heldout4.py's to
heldout8.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`).
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, an
  `Authorization: Basic` credential, a Wi-Fi passphrase, a RADIUS secret, an AWS session token,
  a Datadog key, a JWT signing secret). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws, azure (a
  storage key, also Terraform's `primary_access_key`), digitalocean, github, gitlab, google,
  hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai, pypi, sendgrid, shopify,
  slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK... key SIDs and their
  secrets; AC... account SIDs are not labelled).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`); customers, homeowners, drivers, contractors and supplier
  contacts are never in `people` and appear only in a line that labels an address spelling
  their name: every occurrence of the name is `person` (also away from the address, e.g. in a
  signature or an XML `<Nm>`), the address `email`. Role addresses (billing@, psr@,
  controlroom@, accounts@ ...) and a GCP service account's `client_email` (the only address on a
  real third-party domain, `...iam.gserviceaccount.com`, as in the earlier sets) are `email`. In
  e-mail headers every mailbox is labelled; Message-IDs are not addresses. `[shown|mailto:...]`
  and `[shown|tel:...]` label shown text and target separately.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; `user@<ip>` labels
  the IP only; loopback and 0.0.0.0 only on negative lines.
* phone: the whole number as written; a bare MSISDN is `phone`; short codes (105, SMS keywords)
  are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, certificate data, SSIDs, user names, masked values,
  placeholders (only on negative lines), hashes, UUIDs, build numbers shaped like IPv4
  addresses. No published test card number, no AWS example key, no weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: energy and e-mobility identifiers are declared look-alikes, never labelled: MPAN cores
  (13 digits with their real check digit, plain, spaced or under the full top line), MPRNs (UK
  and the Irish 11-digit form), meter serials, SMETS2 device EUI-64s (eight dash-separated
  groups: not MAC addresses), comms-hub ids, Dutch connection EANs (18 digits, GS1 check),
  French PRMs, D-flow ids, settlement references, mandate references, SEPA creditor identifiers
  (`IE..ZZZ...`, check digits over the national id, never a valid IBAN), tariff codes, PSR needs
  codes, G98 / G99 and MCS references, OCPP message ids and transactionIds, idTags and RFID UIDs
  (4- and 7-byte hex, some with colons), EVSE ids (`GB*KLV*E12345*1`), eMAIDs, charge-point
  serials, charger modem ICCIDs and IMSIs, firmware builds shaped like IPv4 addresses, GPS
  coordinates, feeder, switching and fault references, Modbus registers, DNP3 indices, IEC 104
  IOAs, SNMP OIDs, a netmask (`255.255.255.0`) and vendor OUIs.
* NEW: OT and charging secrets are `password`: DNP3 Secure Authentication update keys, OCPP 1.6
  `AuthorizationKey` values and 2.0.1 `BasicAuthPassword` / `apnPassword` values, the Basic
  credential of an OCPP WebSocket upgrade, HMI and PLC passwords, TACACS+ keys, SNMP community
  strings (`snmp-server community`, `snmp-server host ... 2c <community>`, `snmpwalk -c`,
  `rocommunity`), IPsec / FortiGate pre-shared keys, router Wi-Fi keys and APN passwords, OCPI
  credentials tokens (token A / B), a doorstep password agreed with a vulnerable customer and a
  TOTP seed. A charge point's `wss://<cp-id>:<password>@...` is url_credentials.
* NEW: a card number leaked into a payment-terminal log (`PAN=...`) or into the escaped JSON
  string of an OCPP DataTransfer (`\"pan\":\"...\"`) is `credit_card`, the digits alone.
* NEW: an affix written solid with a name stays outside its span: a Xhosa possessive prefix
  (`likaNomvula Mqhayi`), a Shona one (`raRutendo Mupfumira`), a Quechua genitive suffix (`Rosa
  Mamani Condoripa`); so does Xhosa `ku-` before a phone number and Tajik `-ро` after a
  reference. Tibetan names (tsheg-separated syllables) are one span each; Uyghur names are in
  Arabic script, with the Arabic comma `،` between the address and the phone; the addresses
  spell the Latin transliteration (ཚེ་རིང་སྒྲོལ་མ ↔ tsering.dolma, مېھرىبان ئابدۇللا ↔
  mehriban.abdulla, Гөлнара Галиуллина ↔ gulnara.galiullina).
* NEW: in a vCard `FN` is one `person` span and `N`'s family and given components one each (a
  particle stays inside: `van der Meulen`); `TEL;TYPE=CELL` / `HOME` numbers are `phone`.
* NEW: an SMS gateway export labels the customer's number (E.164 or bare MSISDN) on every row,
  outgoing and incoming; incident references and restoration times in the bodies are not.
* NEW: supplier contacts of a bank-detail-change check are `person` beside their address on the
  supplier's example domain; the supplier's `accounts@` is `email`; the old and the new IBAN are
  both `iban`.
"""

import argparse
import base64
import datetime as dt
import ipaddress
import json
import random
import re
import string
import struct
import sys
import unicodedata
import uuid
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # importing checks.py leaves no __pycache__ beside the sets
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout10.jsonl"
SEED = 10_2026_0311
SHUFFLE_SEED = 10_1706_2044
R = random.Random(SEED)

# ================================================================ random primitives

DIGITS = string.digits
HEXL = "0123456789abcdef"
HEXU = HEXL.upper()
UPPER = string.ascii_uppercase
LOWER = string.ascii_lowercase
ALNUM = string.ascii_letters + string.digits
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
URLSAFE = ALNUM + "-_"
BASE32 = UPPER + "234567"


def rs(alphabet, n):
    """n characters drawn from `alphabet`."""
    return "".join(R.choice(alphabet) for _ in range(n))


def num(n):
    """n digits, the first one not zero."""
    return R.choice("123456789") + rs(DIGITS, n - 1)


def char_class(body):
    """The characters of a bracket class such as `4-9` or `35679`."""
    out, i = [], 0
    while i < len(body):
        if i + 2 < len(body) and body[i + 1] == "-":
            out += [chr(c) for c in range(ord(body[i]), ord(body[i + 2]) + 1)]
            i += 3
        else:
            out.append(body[i])
            i += 1
    return out


def pattern(p):
    """Expands a digit pattern: `#` any digit, `%` 2-9, `[4-9]` / `[35679]` one of a class; the rest is kept."""
    out, i = [], 0
    while i < len(p):
        ch = p[i]
        if ch == "#":
            out.append(R.choice(DIGITS))
        elif ch == "%":
            out.append(R.choice("23456789"))
        elif ch == "[":
            j = p.index("]", i)
            out.append(R.choice(char_class(p[i + 1:j])))
            i = j
        else:
            out.append(ch)
        i += 1
    return "".join(out)


class Cycle:
    """Items taken in turn, so that each is used about equally often."""

    def __init__(self, items):
        self.items, self.i = list(items), 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


BASE_TIME = dt.datetime(2026, 1, 5, 5, 0, 0)


def moment():
    """A moment in the first months of 2026."""
    return BASE_TIME + dt.timedelta(seconds=R.randint(0, 86400 * 110))


def iso(t=None):
    """An ISO 8601 UTC timestamp."""
    return (t or moment()).strftime("%Y-%m-%dT%H:%M:%SZ")


def hhmm(t=None):
    """A clock time, hours and minutes."""
    return (t or moment()).strftime("%H:%M")


def day(fmt="%d/%m/%Y"):
    """A date in the given format."""
    return moment().strftime(fmt)


def amount(lo=12, hi=900):
    """A money amount with two decimals."""
    return f"{R.randint(lo, hi)}.{R.randint(0, 99):02d}"


def b64url(data):
    """Base64url without padding."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64(data):
    """Standard base64 of bytes."""
    return base64.b64encode(data).decode()


# ================================================================ payment cards

CARD_BRANDS = {  # brand: (IIN prefixes, lengths)
    "Visa": (["4"], [16]),
    "Mastercard": (["51", "52", "53", "54", "55"], [16]),
    "Mastercard 2-series": ([str(n) for n in range(2221, 2721)], [16]),
    "Amex": (["34", "37"], [15]),
    "Discover": (["6011", "65"] + [str(n) for n in range(644, 650)], [16]),
    "JCB": ([str(n) for n in range(3528, 3590)], [16]),
    "Diners": (["36", "38", "300", "301", "302", "303", "304", "305"], [14]),
    "UnionPay": (["62"], [16, 19]),
    "Maestro": (["6759", "6761", "6763", "5018", "5020", "5038"], [16, 19]),
    "Mir": (["2200", "2201", "2202", "2203", "2204"], [16]),
}
TEST_CARDS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
    "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
    "6200000000000005", "4222222222222",
}
BRAND_CYCLE = Cycle(["Visa", "Mastercard", "Amex", "Visa", "Mastercard 2-series", "Discover",
                     "JCB", "Maestro", "Diners", "UnionPay", "Visa", "Mastercard", "Mir"])


def luhn_digit(partial):
    """The check digit that makes `partial` + digit pass the Luhn check."""
    return next(d for d in DIGITS if luhn_ok(partial + d))


def card_number(brand=None):
    """A Luhn-valid card number of a real brand range (never a published test number)."""
    prefixes, lengths = CARD_BRANDS[brand or BRAND_CYCLE()]
    while True:
        prefix, length = R.choice(prefixes), R.choice(lengths)
        body = prefix + rs(DIGITS, length - len(prefix) - 1)
        n = body + luhn_digit(body)
        if n not in TEST_CARDS and len(set(n)) > 4:
            return n


def card_fmt(n, sep=None):
    """A card number grouped as printed (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3), or plain."""
    sep = R.choice([" ", " ", "-", ""]) if sep is None else sep
    groups = {15: [4, 6, 5], 14: [4, 6, 4], 13: [4, 4, 5], 19: [4, 4, 4, 4, 3]}.get(len(n), [4, 4, 4, 4])
    out, i = [], 0
    for g in groups:
        out.append(n[i:i + g])
        i += g
    return sep.join(out)


def card(sep=None, brand=None):
    """A formatted card number."""
    return card_fmt(card_number(brand), sep)


# ================================================================ IBANs


def _bban_be():
    """Belgian BBAN: 10 digits and their mod-97 national check."""
    acct = rs(DIGITS, 10)
    return acct + f"{int(acct) % 97 or 97:02d}"


def _bban_fr():
    """French BBAN: bank, branch, account and the RIB key."""
    bank, branch, acct = R.choice(["30004", "30003", "20041", "10278", "16006", "14505"]), rs(DIGITS, 5), rs(DIGITS, 11)
    key = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97
    return bank + branch + acct + f"{key:02d}"


def _es_dc(s):
    """One Spanish control digit over 10 digits."""
    d = 11 - sum(int(c) * w for c, w in zip(s, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])) % 11
    return "0" if d == 11 else "1" if d == 10 else str(d)


def _bban_es():
    """Spanish BBAN (CCC) with its two control digits."""
    bank, branch, acct = R.choice(["2100", "0049", "0182", "2085", "0081"]), rs(DIGITS, 4), rs(DIGITS, 10)
    return bank + branch + _es_dc("00" + bank + branch) + _es_dc(acct) + acct


def _bban_pt():
    """Portuguese BBAN (NIB) with its mod-97 national check."""
    s = R.choice(["0035", "0033", "0007", "0010", "0036"]) + rs(DIGITS, 15)
    return s + f"{98 - int(s) * 100 % 97:02d}"


def _bban_pl():
    """Polish BBAN: bank and branch with their check digit, then the account."""
    head = R.choice(["1020", "1140", "1090", "1050", "1240"]) + rs(DIGITS, 3)
    check = (10 - sum(int(a) * b for a, b in zip(head, [3, 9, 7, 1, 3, 9, 7])) % 10) % 10
    return head + str(check) + rs(DIGITS, 16)


IBAN_SPECS = {  # country: (IBAN length, BBAN maker)
    "GB": (22, lambda: R.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG", "BOFS"]) + rs(DIGITS, 14)),
    "IE": (22, lambda: R.choice(["AIBK", "BOFI", "IPBS", "ULSB"]) + rs(DIGITS, 14)),
    "NL": (18, lambda: R.choice(["INGB", "RABO", "ABNA", "SNSB", "TRIO", "ASNB", "BUNQ", "KNAB"]) + rs(DIGITS, 10)),
    "BE": (16, _bban_be),
    "FR": (27, _bban_fr),
    "CH": (21, lambda: R.choice(["00774", "00700", "00230", "80808", "00767"]) + rs(DIGITS, 12)),
    "DE": (22, lambda: R.choice(["10010010", "20050550", "37040044", "50010517", "70150000", "43060967"]) + rs(DIGITS, 10)),
    "LU": (20, lambda: R.choice(["001", "002", "003", "014", "019"]) + rs(DIGITS, 13)),
    "AT": (20, lambda: R.choice(["12000", "20111", "32000", "14000"]) + rs(DIGITS, 11)),
    "ES": (24, _bban_es),
    "PT": (25, _bban_pt),
    "KZ": (20, lambda: R.choice(["722", "601", "998", "856"]) + "KZT" + rs(DIGITS, 10)),
    "TR": (26, lambda: R.choice(["00010", "00012", "00015", "00046", "00062"]) + "0" + rs(DIGITS, 16)),
    "PL": (28, _bban_pl),
    "DK": (18, lambda: R.choice(["3000", "2000", "5301", "9570"]) + rs(DIGITS, 10)),
}


def iban(cc, spaced=None):
    """A valid IBAN of `cc`, plain or in groups of four."""
    length, maker = IBAN_SPECS[cc]
    bban = maker()
    value = cc + iban_check(cc, bban) + bban
    assert len(value) == length and iban_valid(value), value
    spaced = R.random() < 0.55 if spaced is None else spaced
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if spaced else value


# ================================================================ phone numbers

PHONE_FORMATS = {  # country: patterns as people there write them (national, international, E.164, 00)
    "GB": ["+44 7[45789]## ######", "07[45789]## ######", "07[45789]##-###-###", "+447[45789]########",
           "+44 (0)7[45789]## ######", "01851 70####", "+44 1851 70####", "0131 5%# ####", "0044 7[45789]## ######"],
    "IE": ["+353 8[35679] ### ####", "08[35679] ### ####", "(01) 6%# ####", "+353 1 6%# ####"],
    "NL": ["+31 6 ## ## ## ##", "06-########", "06 ## ## ## ##", "058 2%# ####", "+31 58 2%# ####", "+316########"],
    "BE": ["+32 47# ## ## ##", "04[789]# ## ## ##", "+32 2 5%# ## ##"],
    "FR": ["+33 6 ## ## ## ##", "06 ## ## ## ##", "07 ## ## ## ##", "02 98 %# ## ##", "+33 2 98 %# ## ##",
           "06.##.##.##.##"],
    "CH": ["+41 79 %## ## ##", "079 %## ## ##", "081 9%# ## ##", "+41 81 9%# ## ##", "+41 (0)81 9%# ## ##"],
    "DE": ["+49 151 %#######", "0171 %######", "+49 (0)30 %######", "0049 160 %######"],
    "LU": ["+352 621 ### ###", "+352 691 ### ###"],
    "AT": ["+43 664 %######", "0664 %## ####"],
    "ES": ["+34 6## ## ## ##", "6## ### ###"],
    "PT": ["+351 91# ### ###", "91# ### ###"],
    "ZA": ["+27 82 %## ####", "082 %## ####", "+27 7[1-4] %## ####", "043 7%# ####", "+27 41 %## ####"],
    "LS": ["+266 5### ####", "+266 6### ####", "(+266) 2231 ####"],
    "ZW": ["+263 77[1-8] ### ###", "077[1-8] ### ###", "+263 71[1-9] ### ###", "+263 242 %#####"],
    "NG": ["+234 80[3-9] %## ####", "080[3-9] %## ####", "+234 (0)81[0-8] %## ####", "+23481[0-8]%######"],
    "PE": ["+51 9## ### ###", "9## ### ###", "(084) 2#####", "+51 84 2#####"],
    "HT": ["+509 3# ## ####", "+509 4#-##-####", "+509 3###-####"],
    "KG": ["+996 555 ### ###", "+996 (7##) ###-###", "0 555 ## ## ##", "0 (312) %#-##-##"],
    "TJ": ["+992 9[0-3] ### ####", "+992 (9[0-3]) ###-##-##", "(+992 37) 2%#-##-##"],
    "TM": ["+993 6[1-5] ######", "8 6[1-5] ##-##-##", "+993 12 %#-##-##"],
    "RU": ["+7 9[0-9]# ###-##-##", "8 (843) 2%#-##-##", "8 9[0-9]# ### ## ##", "+7 (843) 2%#-##-##"],
    "KZ": ["+7 70[0-8] ### ## ##", "8 (727) 3%#-##-##", "+7 (727) 3%# ## ##", "8 747 ### ## ##"],
    "TR": ["+90 5[3-5]# ### ## ##", "0 (5[3-5]#) ### ## ##"],
    "IN": ["+91 98%## #####", "+91-94%##-#####", "098%## #####"],
    "NP": ["+977 98########", "+977-1-4######", "98########"],
    "NZ": ["+64 21 %## ####", "021 %## ####", "027 %## ####", "(09) 3%# ####", "+64 9 3%# ####"],
    "WS": ["+685 7[2-7]#####", "+685 2####", "(+685) 7[2-7] #####"],
    "US": ["+1 (AAA) %##-####", "(AAA) %##-####", "AAA-%##-####", "+1 AAA.%##.####", "+1-AAA-%##-####"],
}


US_AREAS = ["206", "212", "303", "312", "404", "415", "512", "617", "713", "919", "614", "704"]


def phone(cc, form=None):
    """A phone number of country `cc`, in one of the forms people there write."""
    forms = PHONE_FORMATS[cc]
    s = pattern(forms[form] if form is not None else R.choice(forms))
    return s.replace("AAA", R.choice(US_AREAS))


MSISDN_FORMATS = {"GB": "447[45789]########", "IE": "3538[35679]#######", "NL": "316########",
                  "NZ": "6421%######", "ZA": "2782%######"}


MOBILE_FORMS = {"GB": [0, 1, 2, 3, 4, 8], "IE": [0, 1], "NL": [0, 1, 2, 5], "BE": [0, 1], "FR": [0, 1, 2, 5],
                "CH": [0, 1], "DE": [0, 1, 3], "ZA": [0, 1, 2], "NZ": [0, 1, 2]}
LANDLINE_FORMS = {"GB": [5, 6, 7], "IE": [2, 3], "NL": [3, 4], "BE": [2], "FR": [3, 4], "CH": [2, 3, 4], "DE": [2],
                  "ZA": [3, 4], "NZ": [3, 4]}


def mobile(cc):
    """A labelled mobile number of `cc` (any form where the country's list does not tell them apart)."""
    return Lab("phone", phone(cc, R.choice(MOBILE_FORMS[cc])) if cc in MOBILE_FORMS else phone(cc))


def landline(cc):
    """A labelled landline number of `cc` (any form where the country's list does not tell them apart)."""
    return Lab("phone", phone(cc, R.choice(LANDLINE_FORMS[cc])) if cc in LANDLINE_FORMS else phone(cc))


def msisdn(cc):
    """A bare MSISDN (calling code and number, no plus), as SMS gateways log it."""
    return pattern(MSISDN_FORMATS[cc])


# ================================================================ addresses: IP, MAC

DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]
PUBLIC_FIRST = [31, 37, 46, 51, 62, 77, 78, 80, 81, 82, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 109, 141,
                145, 146, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217]


def ip_ok(s):
    """Whether `s` is an address we may label: not loopback, unspecified, link-local, multicast,
    reserved or documentation."""
    a = ipaddress.ip_address(s)
    return not (a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or a.is_reserved
                or any(a in n for n in DOC_NETS))


def ipv4_public():
    """A public IPv4 address."""
    while True:
        s = f"{R.choice(PUBLIC_FIRST)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if ipaddress.ip_address(s).is_global and ip_ok(s):
            return s


def ipv4_private(net=None):
    """A private IPv4 address (10/8, 172.16/12 or 192.168/16)."""
    net = net or R.choice(["10", "172", "192"])
    if net == "10":
        return f"10.{R.randint(0, 254)}.{R.randint(0, 254)}.{R.randint(2, 254)}"
    if net == "172":
        return f"172.{R.randint(16, 31)}.{R.randint(0, 254)}.{R.randint(2, 254)}"
    return f"192.168.{R.randint(0, 254)}.{R.randint(2, 254)}"


def ot_ip(site=None):
    """An address on the OT (SCADA) network, 10.40-47.x.x."""
    return f"10.{site or R.randint(40, 47)}.{R.randint(1, 60)}.{R.randint(2, 250)}"


def ipv6_global():
    """A global unicast IPv6 address, compressed."""
    head = R.choice([0x2a02, 0x2a00, 0x2a01, 0x2a05, 0x2a0e, 0x2001, 0x2604, 0x2a10])
    while True:
        if head == 0x2001:
            groups = [head, R.choice([0x0470, 0x04c8, 0x0b08, 0x067c])] + [R.randint(0, 0xffff) for _ in range(2)]
        else:
            groups = [head] + [R.randint(0, 0xffff) for _ in range(3)]
        groups += [0, 0, 0, R.randint(1, 0xfff)] if R.random() < 0.5 else [R.randint(0, 0xffff) for _ in range(4)]
        s = str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))
        if ip_ok(s):
            return s


def any_public():
    """A public address, IPv4 or (about a third of the time) IPv6."""
    return ipv6_global() if R.random() < 0.35 else ipv4_public()


def ipv6_ula():
    """A unique-local IPv6 address (fd00::/8), compressed."""
    groups = [0xfd00 | R.randint(0, 255)] + [R.randint(0, 0xffff) for _ in range(3)] + [0, 0, 0, R.randint(1, 0x1ff)]
    return str(ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups)))


OUIS = ["00:90:E8", "00:A0:45", "00:1B:1B", "00:0E:8C", "00:30:A7", "00:80:F4", "B8:27:EB", "DC:A6:32",
        "00:1E:42", "3C:71:BF", "24:0A:C4", "00:07:7C", "00:20:4A", "70:B3:D5"]


def mac(sep=None, upper=None):
    """A device MAC address (a vendor OUI and a random NIC part), colon or dash form."""
    sep = R.choice([":", ":", "-"]) if sep is None else sep
    upper = R.random() < 0.6 if upper is None else upper
    octets = R.choice(OUIS).split(":") + [f"{R.randint(0, 255):02X}" for _ in range(3)]
    s = sep.join(octets)
    return s if upper else s.lower()


# ================================================================ secrets: passwords, tokens, JWTs, keys

SYMS = "!#$%&*+-=?@^_~."
PW_WORDS = ["Pylon", "Feeder", "Busbar", "Relay", "Turbine", "Kestrel", "Ember", "Solstice", "Harbour", "Quarry",
            "Lantern", "Ridge", "Meadow", "Copper", "Breaker", "Inverter", "Voltage", "Anchor", "Falcon", "Thistle",
            "Gannet", "Bracken", "Marram", "Skerry", "Heron", "Basalt"]
PLACEHOLDERS = {"password", "changeme", "password123", "secret", "admin", "default", "redacted", "example"}


def pw_random(n=None):
    """A random complex password (upper, lower, digit and symbol)."""
    n = n or R.randint(12, 20)
    while True:
        s = rs(ALNUM + SYMS, n)
        if (any(c in UPPER for c in s) and any(c in LOWER for c in s) and any(c in DIGITS for c in s)
                and any(c in SYMS for c in s) and s[0] in ALNUM):
            return s


def pw_words(words=None):
    """A word-built password as people choose them: Word, symbol, Word, digits."""
    words = words or PW_WORDS
    a, b = R.sample(words, 2)
    return f"{a}{R.choice('!#$%&*@-_.+')}{b}{R.randint(2, 999)}"


def pw_urlsafe(n=None):
    """A password that needs no percent-encoding in a URL."""
    return rs(ALNUM, 2) + rs(ALNUM + "-._~", (n or R.randint(14, 24)) - 4) + rs(ALNUM, 2)


def pw_any():
    """A password of either style."""
    return pw_random() if R.random() < 0.5 else pw_words()


def hexsecret(n=32):
    """A lower-case hex secret."""
    return rs(HEXL, n)


def b62_encode(n, width):
    """Base62 digits of `n`, left-padded with zeros."""
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def checksummed(prefix):
    """A GitHub / npm style token: 30 random base62 characters and their CRC32 in base62."""
    body = rs(ALNUM, 30)
    return prefix + body + b62_encode(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)


def tok(vendor, variant=0):
    """A token of `vendor` in the vendor's published shape (random body)."""
    if vendor == "aws":
        return (R.choice(["AKIA", "AKIA", "ASIA"]) + rs(BASE32, 16)) if variant == 0 else rs(ALNUM + "+/", 40)
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(URLSAFE, 93) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(URLSAFE, 176) + "=" + rs(HEXU, 8)
    if vendor == "azure":
        return b64(R.randbytes(64))
    if vendor == "digitalocean":
        return "dop_v1_" + hexsecret(64)
    if vendor == "github":
        if variant == 1:
            return "github_pat_11" + rs(UPPER + DIGITS, 20) + "_" + rs(ALNUM, 59)
        return checksummed(R.choice(["ghp_", "ghp_", "gho_", "ghs_"]))
    if vendor == "gitlab":
        return "glpat-" + rs(URLSAFE, 20)
    if vendor == "google":
        return "AIza" + rs(URLSAFE, 35)
    if vendor == "hashicorp":
        return ("hvs." + rs(ALNUM, 24)) if variant == 0 else rs(ALNUM, 14) + ".atlasv1." + rs(ALNUM, 67)
    if vendor == "huggingface":
        return "hf_" + rs(string.ascii_letters, 34)
    if vendor == "npm":
        return checksummed("npm_")
    if vendor == "openai":
        return "sk-proj-" + rs(URLSAFE, 74) + "T3BlbkFJ" + rs(URLSAFE, 74)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmcCJ" + rs(URLSAFE, 158)
    if vendor == "sendgrid":
        return "SG." + rs(URLSAFE, 22) + "." + rs(URLSAFE, 43)
    if vendor == "shopify":
        return R.choice(["shpat_", "shpca_", "shpss_"]) + hexsecret(32)
    if vendor == "slack":
        if variant == 1:
            return f"https://hooks.slack.com/services/T{rs(UPPER + DIGITS, 8)}/B{rs(UPPER + DIGITS, 10)}/{rs(ALNUM, 24)}"
        if variant == 2:
            return f"xoxp-{num(12)}-{num(12)}-{num(13)}-{hexsecret(32)}"
        return f"xoxb-{num(12)}-{num(13)}-{rs(ALNUM, 24)}"
    if vendor == "stripe":
        if variant == 1:
            return "whsec_" + rs(ALNUM, 32)
        return R.choice(["sk_live_51", "sk_live_51", "rk_live_51"]) + rs(ALNUM, 97)
    if vendor == "twilio":
        return ("SK" + hexsecret(32)) if variant == 0 else hexsecret(32) if variant == 1 else rs(ALNUM, 32)
    raise ValueError(vendor)


VENDORS = ["aws", "anthropic", "atlassian", "azure", "digitalocean", "github", "gitlab", "google", "hashicorp",
           "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack", "stripe", "twilio"]


def jwt(alg="RS256", claims=None):
    """A JWT: a real header with `alg`, a JSON payload and a random signature of the right size."""
    header = {"alg": alg, "typ": "JWT"}
    if alg[:2] in ("RS", "ES", "PS"):
        header["kid"] = rs(URLSAFE, 27)
    iat = int(moment().replace(tzinfo=dt.timezone.utc).timestamp())
    payload = dict(claims or {})
    payload.setdefault("iat", iat)
    payload.setdefault("exp", iat + R.choice([300, 900, 3600, 86400]))
    sig = {"RS256": 256, "RS512": 256, "PS256": 256, "ES256": 64, "HS256": 32, "HS512": 64}[alg]
    enc = lambda obj: b64url(json.dumps(obj, separators=(",", ":")).encode())  # noqa: E731
    return f"{enc(header)}.{enc(payload)}.{b64url(R.randbytes(sig))}"


def _der_len(n):
    """A DER length."""
    if n < 128:
        return bytes([n])
    return (b"\x81" + bytes([n])) if n < 256 else b"\x82" + n.to_bytes(2, "big")


def _der(tag, body):
    """A DER TLV."""
    return bytes([tag]) + _der_len(len(body)) + body


def _der_int(nbytes, top=True):
    """A positive DER INTEGER of `nbytes` random bytes (top bit set when `top`)."""
    b = bytearray(R.randbytes(nbytes))
    if top:
        b[0] |= 0x80
    b = bytes(b)
    return _der(0x02, (b"\x00" + b) if b[0] & 0x80 else b)


def rsa_der(bits=2048):
    """A PKCS#1 RSAPrivateKey structure with random numbers of the right sizes."""
    n, h = bits // 8, bits // 16
    parts = [_der(0x02, b"\x00"), _der_int(n), _der(0x02, b"\x01\x00\x01"), _der_int(n, False),
             _der_int(h), _der_int(h), _der_int(h, False), _der_int(h, False), _der_int(h, False)]
    return _der(0x30, b"".join(parts))


def pkcs8_der(bits=2048):
    """A PKCS#8 PrivateKeyInfo wrapping an RSA key."""
    alg = _der(0x30, _der(0x06, bytes.fromhex("2a864886f70d010101")) + b"\x05\x00")
    return _der(0x30, _der(0x02, b"\x00") + alg + _der(0x04, rsa_der(bits)))


def ec_der():
    """A SEC1 ECPrivateKey on P-256."""
    return _der(0x30, _der(0x02, b"\x01") + _der(0x04, R.randbytes(32))
                + _der(0xA0, _der(0x06, bytes.fromhex("2a8648ce3d030107")))
                + _der(0xA1, _der(0x03, b"\x00\x04" + R.randbytes(64))))


def openssh_ed25519(comment):
    """An unencrypted OpenSSH ed25519 private key blob."""
    s = lambda b: struct.pack(">I", len(b)) + b  # noqa: E731
    pk, sk = R.randbytes(32), R.randbytes(32)
    pub = s(b"ssh-ed25519") + s(pk)
    check = R.randbytes(4)
    priv = check + check + s(b"ssh-ed25519") + s(pk) + s(sk + pk) + s(comment.encode())
    priv += bytes(range(1, 1 + (8 - len(priv) % 8) % 8))
    return (b"openssh-key-v1\x00" + s(b"none") + s(b"none") + s(b"") + struct.pack(">I", 1) + s(pub) + s(priv))


def pem(kind="rsa", comment="deploy@kelverne"):
    """A PEM private key block with real newlines: rsa (PKCS#1), pkcs8, ec or openssh."""
    label, der, width = {
        "rsa": ("RSA PRIVATE KEY", lambda: rsa_der(R.choice([2048, 2048, 3072])), 64),
        "pkcs8": ("PRIVATE KEY", pkcs8_der, 64),
        "ec": ("EC PRIVATE KEY", ec_der, 64),
        "openssh": ("OPENSSH PRIVATE KEY", lambda: openssh_ed25519(comment), 70),
    }[kind]
    body = b64(der())
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def ssn():
    """A US SSN in AAA-GG-SSSS form within the issued ranges (never a famous example)."""
    while True:
        area = R.randint(1, 899)
        if area != 666:
            s = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
            if s not in {"123-45-6789", "078-05-1120", "219-09-9999"}:
                return s


# ================================================================ pieces and lines


class Look(str):
    """A declared look-alike: text left unlabelled on purpose although it resembles a kind."""


class Lab(tuple):
    """A labelled piece `(kind, value)`; `who` is the staff member (Jira user) it names, `cust`
    the customer whose name it is."""

    def __new__(cls, kind, value, who=None, cust=None):
        self = super().__new__(cls, (kind, value))
        self.who, self.cust = who, cust
        return self


SLOT = re.compile(r"⟦(\w+)⟧")


def fill(template, **slots):
    """The pieces of `template`, its ⟦slots⟧ replaced by strings, Looks, labels or lists of them."""
    out = []
    for k, part in enumerate(SLOT.split(template)):
        if k % 2 == 0:
            if part:
                out.append(part)
        else:
            out.append(slots[part])
    return out


def flatten(pieces):
    """Pieces with nested lists spliced in; labels (tuples) and strings kept whole."""
    for p in pieces:
        if isinstance(p, list):
            yield from flatten(p)
        else:
            yield p


DRAFTS = []  # (category, language, pieces, people)


def emit(cat, lang, pieces, extra=()):
    """Records one line: its pieces, and as `people` the staff it names plus `extra` participants."""
    flat = list(flatten(pieces))
    people = []
    for p in flat:
        if isinstance(p, Lab) and p.who is not None and p.who not in people:
            people.append(p.who)
    for s in extra:
        if s not in people:
            people.append(s)
    DRAFTS.append((cat, lang, flat, people))


def L(kind, value):
    """A labelled value."""
    return Lab(kind, value)


def ph(cc, form=None):
    """A labelled phone number of country `cc`."""
    return Lab("phone", phone(cc, form))


def em(addr):
    """A labelled e-mail address (a role address or a customer's)."""
    return Lab("email", addr)


def pw(value=None):
    """A labelled password (a fresh random one by default)."""
    return Lab("password", value or pw_any())


def ip(value=None):
    """A labelled IP address (a private one by default)."""
    return Lab("ip_address", value or ipv4_private())


def key(vendor, variant=0):
    """A labelled vendor token."""
    return Lab(f"api_key/{vendor}", tok(vendor, variant))


# ================================================================ the tenant: staff and customers

DOMAINS = ["kelverne.energy", "kelvernenetworks.net", "kelvernecharge.net", "sunthatch.energy",
           "kelverne.internal"]
CUSTOMER_DOMAINS = ["example.com", "example.net", "example.org", "mail.example.com", "inbox.example.net",
                    "post.example"]


class Staff:
    """A Jira user of the tenant: display name, address, Atlassian account id."""

    def __init__(self, name, local, domain, lang):
        self.name, self.email, self.lang = name, f"{local}@{domain}", lang
        if R.random() < 0.35:
            self.aid = f"712020:{uuid.UUID(int=R.getrandbits(128), version=4)}"
        else:
            self.aid = R.choice("567") + rs(HEXL, 23)

    def entry(self):
        return {"display_name": self.name, "email": self.email, "account_id": self.aid}


STAFF = [Staff(*spec) for spec in [
    ("Harriet Ashdown", "harriet.ashdown", "kelverne.energy", "en"),
    ("Callum Brennan", "callum.brennan", "kelvernenetworks.net", "en"),
    ("Priya Lakhani", "priya.lakhani", "kelvernecharge.net", "en"),
    ("Tomasz Wierzbicki", "tomasz.wierzbicki", "kelverne.energy", "en"),
    ("Owain Pritchard", "owain.pritchard", "kelvernenetworks.net", "en"),
    ("Fiona Drummond", "fiona.drummond", "sunthatch.energy", "en"),
    ("Declan Moriarty", "declan.moriarty", "kelverne.energy", "en"),
    ("Rashida Okoye-Bell", "rashida.okoye-bell", "kelverne.energy", "en"),
    ("Marcus Venables", "marcus.venables", "kelvernecharge.net", "en"),
    ("Eilidh Rennie", "eilidh.rennie", "kelvernenetworks.net", "en"),
    ("Kwame Asante-Darko", "kwame.asante-darko", "kelvernecharge.net", "en"),
    ("Joanna Szczepańska", "joanna.szczepanska", "kelverne.energy", "en"),
    ("Laurens Verbeke", "laurens.verbeke", "kelverne.energy", "en"),
    ("Anneke Postma", "anneke.postma", "kelvernenetworks.net", "en"),
    ("Sjoukje Hoekstra", "sjoukje.hoekstra", "kelverne.energy", "fy"),
    ("Wytse de Boer", "wytse.deboer", "kelvernenetworks.net", "fy"),
    ("Gwenaël Le Gall", "gwenael.legall", "kelverne.energy", "br"),
    ("Maïwenn Kerjean", "maiwenn.kerjean", "kelvernecharge.net", "br"),
    ("Gian Caduff", "gian.caduff", "kelverne.energy", "rm"),
    ("Ursina Darms", "ursina.darms", "sunthatch.energy", "rm"),
    ("Catrìona NicLeòid", "catriona.nicleoid", "kelvernenetworks.net", "gd"),
    ("Iain MacAoidh", "iain.macaoidh", "kelverne.energy", "gd"),
    ("Siphokazi Ntsebeza", "siphokazi.ntsebeza", "sunthatch.energy", "xh"),
    ("Luvuyo Mgudlwa", "luvuyo.mgudlwa", "sunthatch.energy", "xh"),
    ("Lerato Mokoena", "lerato.mokoena", "sunthatch.energy", "st"),
    ("Tendai Chikwanha", "tendai.chikwanha", "sunthatch.energy", "sn"),
    ("Chiamaka Okonkwo", "chiamaka.okonkwo", "sunthatch.energy", "ig"),
    ("Wideline Jean-Baptiste", "wideline.jean-baptiste", "sunthatch.energy", "ht"),
    ("Wayra Quispe Huamán", "wayra.quispe", "sunthatch.energy", "qu"),
    ("Hēmi Parata", "hemi.parata", "kelvernecharge.net", "mi"),
    ("Aroha Te Whata", "aroha.tewhata", "sunthatch.energy", "mi"),
    ("Sina Faleolo", "sina.faleolo", "sunthatch.energy", "sm"),
    ("Илдар Сабиров", "ildar.sabirov", "kelverne.energy", "tt"),
    ("Нурлан Абдыкадыров", "nurlan.abdykadyrov", "kelvernenetworks.net", "ky"),
    ("Шаҳром Ҷалолов", "shahrom.jalolov", "kelvernenetworks.net", "tg"),
    ("Merdan Ataýew", "merdan.atayew", "kelvernenetworks.net", "tk"),
    ("ئەركىن تۇرسۇن", "erkin.tursun", "kelvernecharge.net", "ug"),
    ("བསྟན་འཛིན་ནོར་བུ", "tenzin.norbu", "sunthatch.energy", "bo"),
]]
STAFF_EN = Cycle([s for s in STAFF if s.lang == "en"] + [s for s in STAFF if s.lang in ("fy", "br", "rm", "gd")])
STAFF_OT = Cycle([s for s in STAFF if s.email.endswith("kelvernenetworks.net")])
STAFF_BY_LANG = {lang: Cycle([s for s in STAFF if s.lang == lang]) for lang in dict.fromkeys(s.lang for s in STAFF)}


def staff(lang=None):
    """A staff member, taken in turn (of a language's region when `lang` is given)."""
    return STAFF_BY_LANG[lang]() if lang else STAFF_EN()


def staff_n(n):
    """n different staff members."""
    out = []
    while len(out) < n:
        s = staff()
        if s not in out:
            out.append(s)
    return out


def P(s):
    """A staff member's display name, labelled `person`."""
    return Lab("person", s.name, who=s)


def PE(s):
    """A staff member's address, labelled `person`."""
    return Lab("person", s.email, who=s)


def PID(s):
    """A staff member's account id, labelled `person`."""
    return Lab("person", s.aid, who=s)


def fold(s):
    """Lower-case ASCII letters of a Latin-script name (accents, apostrophes, hyphens, spaces dropped)."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(c for c in s if c in LOWER)


class Customer:
    """Someone outside the tenant (customer, homeowner, driver, supplier contact, contractor): a name
    and an address whose local part spells every part of it (through `base`, its transliteration)."""

    def __init__(self, name, base, cc, lang):
        self.name, self.base, self.cc, self.lang = name, base, cc, lang
        given, family = base.split(".", 1)
        style = R.choice(["dot", "dot", "dot", "plain", "under", "rev", "num", "num"])
        local = {"dot": f"{given}.{family}", "plain": f"{given}{family}".replace(".", ""),
                 "under": f"{given}_{family}".replace(".", "_"), "rev": f"{family}.{given}",
                 "num": f"{given}.{family}{R.randint(2, 98)}"}[style]
        self.email = f"{local}@{R.choice(CUSTOMER_DOMAINS)}"

    def forms(self):
        """The ways a line may write the name (each a `person` span)."""
        words = self.name.split()
        given, family = words[0], " ".join(words[1:])
        out = {self.name, self.name.upper(), given, family, given.upper(), family.upper(), f"{family}, {given}",
               f"{family.upper()}, {given.upper()}"}
        return out | set(words)


def _customers(specs, cc, lang):
    """Customers from `(name, base)` pairs; `base` None means the folded name."""
    out = []
    for name, base in specs:
        if base is None:
            words = name.split()
            base = fold(words[0]) + "." + "".join(fold(w) for w in words[1:])
        out.append(Customer(name, base, cc, lang))
    return out


CUSTOMERS_EN = [
    *_customers([("Margaret Thistlewood", None), ("Graham Pettigrew", None), ("Nkechi Adebayo-Wright", None),
                 ("Agnieszka Kowalczyk", None), ("Rhiannon Bevan", None), ("Hamish Crichton", None),
                 ("Farah Qureshi", None), ("Bernard Okwuosa", None), ("Eleanor Ashworth-Pryce", None),
                 ("Kieran McAteer", None), ("Oluwaseun Adeyemi", None), ("Priyanka Raghunathan", None),
                 ("Morwenna Trevithick", None), ("Zbigniew Lewandowski", None)], "GB", "en"),
    *_customers([("Dáithí O'Rourke", None), ("Siobhán Ní Bhriain", None), ("Conor Ó Súilleabháin", None)],
                "IE", "en"),
    *_customers([("Femke van der Meulen", None), ("Joost Dijkstra", None)], "NL", "en"),
    *_customers([("Wouter Claes", None), ("Yasmin El-Amrani", None)], "BE", "en"),
    *_customers([("Jörg Wüstenhagen", "joerg.wuestenhagen"), ("Tobias Kühnel", "tobias.kuehnel")], "DE", "en"),
    *_customers([("Amélie Fontaine-Roux", None)], "FR", "en"),
    *_customers([("Reto Brunold", None)], "CH", "en"),
    *_customers([("Léa Marchetti", None)], "LU", "en"),
    *_customers([("Martina Hollerbach", None)], "AT", "en"),
    *_customers([("Inês Carvalho", None)], "PT", "en"),
    *_customers([("Javier Ortega Ruiz", "javier.ortegaruiz")], "ES", "en"),
]
CUSTOMERS_US = _customers([("Tyrone Whitfield", None), ("Kristin Halvorsen", None), ("Marisol Vega", None),
                           ("Dwayne Castellano", None), ("Abigail Nakamura-Reyes", None)], "US", "en")
CUST_EN = Cycle(CUSTOMERS_EN)
CUST_US = Cycle(CUSTOMERS_US)


def customer():
    """An English-text customer, taken in turn."""
    return CUST_EN()


def CN(c, form=None):
    """A customer's name (or another written form of it), labelled `person`."""
    return Lab("person", form or c.name, cust=c)


def CE(c):
    """A customer's address, labelled `email`."""
    return Lab("email", c.email)


# Role and team addresses: `email` only.
ROLE = {
    "billing": "billing@kelverne.energy", "care": "care@kelverne.energy", "psr": "psr@kelverne.energy",
    "dd": "directdebits@kelverne.energy", "ap": "accounts.payable@kelverne.energy",
    "hr": "hr-onboarding@kelverne.energy", "control": "controlroom@kelvernenetworks.net",
    "otsec": "ot-security@kelvernenetworks.net", "noc": "noc@kelvernecharge.net",
    "evsupport": "support@kelvernecharge.net", "surveys": "surveys@sunthatch.energy",
    "installs": "installs@sunthatch.energy", "noreply": "noreply@kelverne.energy",
    "automation": "svc-jira-automation@kelverne.energy", "metering": "metering@kelverne.energy",
}

# ================================================================ domain look-alikes (never labelled)


def mpan_core():
    """A 13-digit MPAN core (distributor id, unique id, check digit)."""
    primes = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]
    body = R.choice(["10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"]) + rs(DIGITS, 10)
    return body + str(sum(int(d) * p for d, p in zip(body, primes)) % 11 % 10)


def mpan():
    """An MPAN as written on bills: core alone, spaced core, or full with the top line."""
    core = mpan_core()
    spaced = f"{core[:2]} {core[2:6]} {core[6:10]} {core[10:]}"
    v = R.randint(0, 2)
    if v == 0:
        return Look(core)
    if v == 1:
        return Look(spaced)
    return Look(f"S {R.choice(['01', '02', '03', '05', '08'])} {R.choice(['801', '811', '845', '500'])} "
                f"{R.choice(['100', '110', '120'])} {spaced}")


def mprn():
    """A gas meter point reference number (UK 6-10 digits; Irish 11 starting 10 written spaced)."""
    return Look(R.choice([num(10), num(8), num(9), "10 " + rs(DIGITS, 3) + " " + rs(DIGITS, 3) + " " + rs(DIGITS, 3)]))


def gs1(body):
    """A GS1 mod-10 check digit."""
    s = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def ean_nl():
    """A Dutch connection EAN (GSRN, 18 digits, starting 871)."""
    body = "8716" + rs(DIGITS, 13)
    return Look(body + gs1(body))


def prm_fr():
    """A French delivery-point id (PRM / PDL, 14 digits)."""
    return Look(rs("12", 1) + rs(DIGITS, 13))


def zaehlpunkt():
    """A German metering-point designation (33 characters starting DE; never a valid IBAN)."""
    while True:
        s = "DE" + "000" + rs(DIGITS, 3) + rs(DIGITS, 5) + rs(DIGITS + UPPER, 20)
        if not iban_valid(s):
            return Look(s)


def meter_serial():
    """An electricity or gas meter serial in the shapes UK meters carry."""
    return Look(R.choice([
        f"E6S{rs(DIGITS, 8)}{R.choice(['19', '20', '21', '22', '23', '24'])}",
        f"{R.choice(['19', '20', '21', '22'])}L{rs(DIGITS, 7)}",
        f"Z16N{rs(DIGITS, 6)}",
        f"G4K{rs(DIGITS, 7)}{R.choice(['21', '22', '23'])}",
        f"S1K{rs(DIGITS, 5)}",
        f"{R.choice(['D', 'K'])}{rs(DIGITS, 2)}W{rs(DIGITS, 5)}",
    ]))


def eui64(sep="-"):
    """A smart-metering device EUI-64 (eight groups: not a MAC address)."""
    oui = R.choice(["00-1C-C5", "00-0D-6F", "70-B3-D5", "00-12-4B"])
    return Look(sep.join(oui.split("-") + [f"{R.randint(0, 255):02X}" for _ in range(5)]))


def rfid_uid():
    """An RFID card UID as charge points log it (4 or 7 bytes, hex; 7-byte ones sometimes with colons)."""
    v = R.randint(0, 3)
    if v == 0:
        return Look(rs(HEXU, 8))
    if v == 1:
        return Look(":".join(["04"] + [rs(HEXU, 2) for _ in range(6)]))
    return Look("04" + rs(HEXU, 12))


def evse_id():
    """An eMI3 EVSE id of the charging network."""
    return Look(f"GB*KLV*E{num(5)}*{R.randint(1, 2)}")


def emaid():
    """An e-mobility contract id (eMAID) with its check character."""
    return Look(f"GB-KLV-C{rs(UPPER + DIGITS, 8)}-{R.choice(UPPER + DIGITS)}")


def cp_id():
    """A charge point identity / serial."""
    return R.choice([f"KLC-AC22-{num(6)}", f"KLC-DC150-{num(5)}", f"ABB{rs(DIGITS, 10)}",
                     f"ALP{num(8)}", f"EVB-{num(2)}-{num(6)}", f"TWC{rs(UPPER + DIGITS, 8)}"])


def gps(region="GB"):
    """GPS coordinates of a site (decimal degrees), as a look-alike."""
    boxes = {"GB": (50.2, 58.6, -7.3, 1.6), "IE": (51.5, 55.2, -10.2, -6.0), "NL": (52.8, 53.4, 5.3, 6.3),
             "FR": (47.8, 48.7, -4.7, -2.1), "CH": (46.4, 46.9, 8.9, 10.4), "ZA": (-33.99, -32.8, 25.4, 28.0),
             "LS": (-30.2, -29.1, 27.4, 28.6), "ZW": (-18.2, -17.6, 30.8, 31.3), "NG": (6.3, 6.6, 7.3, 7.6),
             "HT": (18.2, 18.6, -72.6, -72.2), "PE": (-13.6, -13.4, -72.1, -71.8), "NZ": (-37.9, -37.5, 175.1, 175.4),
             "WS": (-13.9, -13.8, -171.9, -171.7), "RU": (55.7, 55.9, 48.9, 49.3), "KG": (42.8, 42.9, 74.5, 74.7),
             "TJ": (38.5, 38.6, 68.7, 68.9), "TM": (37.9, 38.0, 58.3, 58.4), "KZ": (43.2, 43.3, 76.8, 77.0),
             "IN": (32.2, 32.3, 76.3, 76.4)}
    a, b, c, d = boxes[region]
    lat, lon = R.uniform(a, b), R.uniform(c, d)
    return Look(R.choice([f"{lat:.5f}, {lon:.5f}", f"{lat:.6f},{lon:.6f}", f"{lat:.4f} {lon:.4f}"]))


def tariff():
    """A tariff code."""
    return Look(R.choice([f"KLV-FIX-{R.choice(['12', '24', '36'])}M-{R.randint(1, 12):02d}{R.randint(24, 26)}",
                          f"KLV-VAR-{R.choice(['E', 'G', 'DF'])}-{R.randint(2301, 2612)}",
                          f"EV-NIGHT-{R.choice(['0030-0430', '0000-0500', '2330-0530'])}",
                          f"E7-DUAL-{R.choice(['2R', '3R'])}-{rs(UPPER, 1)}", f"SEG-EXP-{R.randint(3, 15)}P",
                          f"TOU-{R.choice(['AGILE', 'FLUX', 'COSY'])}-{rs(UPPER, 1)}{R.randint(1, 9)}"]))


def ref(prefix):
    """A work reference with `prefix` (ticket, work order, incident, invoice ...)."""
    return Look(f"{prefix}{num(R.choice([5, 6, 7]))}")


def invoice_no():
    """A supplier or customer invoice number."""
    return Look(R.choice([f"INV-{R.randint(2025, 2026)}-{num(6)}", f"KLV{num(9)}", f"SI/{R.randint(2025, 2026)}/{num(5)}"]))


def account_no():
    """A customer account number."""
    return Look(R.choice([f"A-{rs(HEXU, 8)}", f"KLV-{num(8)}", f"CUS{num(9)}"]))


def mandate_ref():
    """A direct-debit mandate reference."""
    return Look(R.choice([f"KLV-DDM-{num(8)}", f"KLVSEPA{num(9)}", f"MNDT-{day('%Y%m%d')}-{num(5)}"]))


def creditor_id(cc="IE"):
    """A SEPA creditor identifier (check digits over the national id; never a valid IBAN)."""
    while True:
        nat = rs(DIGITS, R.choice([6, 7, 8, 11]))
        cid = cc + iban_check(cc, nat) + "ZZZ" + nat
        if not iban_valid(cid):
            return Look(cid)


def sha(n=64):
    """A hex digest."""
    return Look(hexsecret(n))


def uid():
    """A random UUID."""
    return Look(str(uuid.UUID(int=R.getrandbits(128), version=4)))


def fw4():
    """A four-part firmware build, shaped like an IPv4 address."""
    return Look(f"{R.randint(1, 9)}.{R.randint(0, 24)}.{R.randint(0, 9)}.{R.randint(10, 250)}")


def reading():
    """A meter reading."""
    return Look(f"{R.randint(0, 99999):05d}")


def model():
    """An inverter or battery model."""
    return R.choice(["SolisRHI-5K-48ES-5G", "GivEnergy Gen3 5kW", "SolarEdge SE3680H", "Huawei SUN2000-5KTL-L1",
                     "Fox H1-5.0-E", "Sungrow SH5.0RS"])


def chomp(pieces):
    """Pieces without the final newline of the last plain string."""
    pieces = list(pieces)
    if pieces and type(pieces[-1]) is str:
        pieces[-1] = pieces[-1].rstrip("\n")
        if not pieces[-1]:
            pieces.pop()
    return pieces


# ================================================================ text types: billing and direct debit


def billing(i):
    """A billing-dispute ticket or comment (customer contact, invoice look-alikes, a card or an IBAN)."""
    c, s, s2 = customer(), *staff_n(2)
    acct, amt, key_no = account_no(), amount(), Look(f"BILL-{num(4)}")
    v = i % 6
    if v == 0:
        t = ("⟦k⟧ Customer ⟦n⟧ (⟦e⟧, ⟦p⟧) disputes invoice ⟦inv⟧ for £⟦amt⟧: the estimated read was used although "
             "smart meter ⟦ser⟧ sent half-hourly actuals all winter. Account ⟦acct⟧. Assigned to ⟦s⟧.")
        pieces = fill(t, k=key_no, n=CN(c), e=CE(c), p=ph(c.cc), inv=invoice_no(), amt=amt, ser=meter_serial(),
                      acct=acct, s=P(s))
    elif v == 1:
        t = ("Called ⟦n⟧ back on ⟦p⟧ at ⟦tm⟧. Agreed to re-bill from ⟦d⟧ on tariff ⟦tar⟧ and credit £⟦amt⟧ to "
             "⟦acct⟧; confirmation sent to ⟦e⟧ from ⟦bill⟧. — ⟦s⟧")
        pieces = fill(t, n=CN(c), p=ph(c.cc), tm=hhmm(), d=day(), tar=tariff(), amt=amt, acct=acct, e=CE(c),
                      bill=em(ROLE["billing"]), s=P(s))
    elif v == 2:
        t = ("[~accountid:⟦id⟧] the agent typed the card into the call notes while taking a payment on ⟦acct⟧: "
             "⟦card⟧ exp ⟦exp⟧. Customer ⟦n⟧, ⟦e⟧. Please purge the note and open a PCI incident.")
        pieces = fill(t, id=PID(s), acct=acct, card=L("credit_card", card()),
                      exp=f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", n=CN(c), e=CE(c))
    elif v == 3:
        t = ("Refund approved: €⟦amt⟧ overpayment on ⟦acct⟧ to ⟦iban⟧ (account holder ⟦n⟧, ⟦e⟧). Approved by "
             "⟦s⟧, second check ⟦s2⟧.")
        pieces = fill(t, amt=amt, acct=acct, iban=L("iban", iban(c.cc if c.cc in IBAN_SPECS else "IE")),
                      n=CN(c), e=CE(c), s=P(s), s2=P(s2))
    elif v == 4:
        t = ("Ombudsman case ⟦case⟧: ⟦n⟧ <⟦e⟧> (mobile ⟦p⟧, landline ⟦p2⟧) complains about back-billing beyond "
             "12 months on ⟦acct⟧. Response due ⟦d⟧. Owner: ⟦s⟧ (⟦se⟧).")
        pieces = fill(t, case=Look(f"EO/{num(6)}/{R.randint(25, 26)}"), n=CN(c), e=CE(c), p=mobile(c.cc),
                      p2=landline(c.cc), acct=acct, d=day(), s=P(s), se=PE(s))
    else:
        t = ("Customer ⟦n⟧ paid twice by card: ⟦card⟧ shows two captures of £⟦amt⟧ on ⟦d⟧ (auth codes ⟦a1⟧ and "
             "⟦a2⟧). Reverse the second one and reply to ⟦e⟧. cc ⟦s⟧")
        pieces = fill(t, n=CN(c), card=L("credit_card", card()), amt=amt, d=day(), a1=Look(rs(DIGITS + UPPER, 6)),
                      a2=Look(rs(DIGITS + UPPER, 6)), e=CE(c), s=P(s))
    emit("billing", "en", pieces)


SEPA_CC = Cycle(["IE", "NL", "BE", "FR", "DE", "CH", "LU", "AT", "ES", "PT"])


def sepa_customer(cc):
    """A customer with a SEPA account, a fresh one of the country when the roster has one."""
    pool = [c for c in CUSTOMERS_EN if c.cc == cc]
    return R.choice(pool) if pool else customer()


def mandate(i):
    """A direct-debit / SEPA mandate change: prose, pain.008 XML, CSV export, e-mail or wiki table."""
    s = staff()
    v = i % 5
    if v == 0:
        cc = SEPA_CC()
        c = sepa_customer(cc)
        t = ("SEPA mandate amendment for ⟦acct⟧: mandate ⟦m⟧, creditor id ⟦cid⟧. Old IBAN ⟦i1⟧ → new IBAN ⟦i2⟧. "
             "Debtor ⟦n⟧ (⟦e⟧). First collection from the new account on ⟦d⟧. — ⟦s⟧")
        pieces = fill(t, acct=account_no(), m=mandate_ref(), cid=creditor_id("IE"), i1=L("iban", iban(cc)),
                      i2=L("iban", iban(cc)), n=CN(c), e=CE(c), d=day(), s=P(s))
    elif v == 1:
        cc = SEPA_CC()
        c = sepa_customer(cc)
        t = ("pain.008 amendment rejected (AM05), fragment:\n<DrctDbtTxInf><PmtId><EndToEndId>⟦e2e⟧</EndToEndId></PmtId>"
             "<InstdAmt Ccy=\"EUR\">⟦amt⟧</InstdAmt><DrctDbtTx><MndtRltdInf><MndtId>⟦m⟧</MndtId><DtOfSgntr>⟦ds⟧"
             "</DtOfSgntr><AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>⟦i1⟧</IBAN></Id>"
             "</OrgnlDbtrAcct></AmdmntInfDtls></MndtRltdInf></DrctDbtTx><Dbtr><Nm>⟦n⟧</Nm><CtctDtls><EmailAdr>⟦e⟧"
             "</EmailAdr></CtctDtls></Dbtr><DbtrAcct><Id><IBAN>⟦i2⟧</IBAN></Id></DbtrAcct></DrctDbtTxInf>")
        pieces = fill(t, e2e=Look(f"KLV{day('%y%m%d')}{num(8)}"), amt=amount(30, 400), m=mandate_ref(),
                      ds=day("%Y-%m-%d"), i1=L("iban", iban(cc, False)), n=CN(c), e=CE(c), i2=L("iban", iban(cc, False)))
    elif v == 2:
        rows = ["mandate_id,debtor_name,debtor_email,old_iban,new_iban,effective_from\n"]
        for _ in range(R.randint(3, 5)):
            cc = SEPA_CC()
            c = sepa_customer(cc)
            rows += [mandate_ref(), ",", CN(c), ",", CE(c), ",", L("iban", iban(cc, False)), ",",
                     L("iban", iban(cc, False)), ",", day("%Y-%m-%d"), "\n"]
        pieces = ["Export from the DD platform, batch ", Look(f"DD-{num(5)}"), ", attached by ", P(s), ":\n"] + chomp(rows)
    elif v == 3:
        cc = SEPA_CC()
        c = sepa_customer(cc)
        t = ("From: ⟦n⟧ <⟦e⟧>\nTo: ⟦dd⟧\nSubject: Change of bank account\n\nHello, please take my direct debit from "
             "⟦i⟧ from next month, the old account at my previous bank closes on ⟦d⟧. My account number with you is "
             "⟦acct⟧.\nThanks,\n⟦n2⟧\n⟦p⟧")
        pieces = fill(t, n=CN(c), e=CE(c), dd=em(ROLE["dd"]), i=L("iban", iban(cc)), d=day(), acct=account_no(),
                      n2=CN(c), p=ph(c.cc))
    else:
        rows = ["||Account||Debtor||E-mail||New IBAN||Mandate||\n"]
        for _ in range(3):
            cc = SEPA_CC()
            c = sepa_customer(cc)
            rows += ["|", account_no(), "|", CN(c), "|", CE(c), "|", L("iban", iban(cc)), "|", mandate_ref(), "|\n"]
        pieces = ["h3. Mandate changes to re-key (", P(s), ")\n"] + chomp(rows)
    emit("mandate", "en", pieces)


# ================================================================ text types: metering and field work


def meter_install(i):
    """A smart-meter install ticket: MPAN / MPRN / serial look-alikes, customer contact, engineer."""
    c, s = customer(), staff()
    v = i % 4
    if v == 0:
        t = ("SMI-⟦k⟧ Install booked ⟦d⟧ AM slot. MPAN ⟦mpan⟧, MPRN ⟦mprn⟧. Existing meters: elec ⟦s1⟧ (credit), gas "
             "⟦s2⟧. Customer ⟦n⟧, ⟦p⟧, ⟦e⟧. Engineer: ⟦s⟧. Dog on premises, meter in external box.")
        pieces = fill(t, k=Look(num(5)), d=day(), mpan=mpan(), mprn=mprn(), s1=meter_serial(), s2=meter_serial(),
                      n=CN(c), p=ph(c.cc), e=CE(c), s=P(s))
    elif v == 1:
        t = ("Install completed by ⟦s⟧: SMETS2 elec ⟦s1⟧ (ESME ⟦eu1⟧), gas ⟦s2⟧ (GSME ⟦eu2⟧), comms hub ⟦ch⟧ on "
             "the SM WAN, IHD paired. Customer ⟦n⟧ (⟦e⟧) signed on the tablet. Reads E ⟦r1⟧ / G ⟦r2⟧.")
        pieces = fill(t, s=P(s), s1=meter_serial(), eu1=eui64(), s2=meter_serial(), eu2=eui64(),
                      ch=Look(f"CH{num(9)}"), n=CN(c), e=CE(c), r1=reading(), r2=reading())
    elif v == 2:
        t = ("Abort code 03 (no access) on ⟦d⟧. Rang ⟦n⟧ on ⟦p⟧ twice and left a voicemail; rebooking link sent "
             "to ⟦e⟧ from ⟦m⟧. MPAN ⟦mpan⟧ stays on the legacy meter ⟦s1⟧ for now.")
        pieces = fill(t, d=day(), n=CN(c), p=ph(c.cc), e=CE(c), m=em(ROLE["metering"]), mpan=mpan(),
                      s1=meter_serial())
    else:
        t = ("⟦s⟧ reports meter ⟦s1⟧ tampered (seal broken, bypass cable). Revenue-protection case ⟦rp⟧ raised. "
             "Occupier ⟦n⟧ (⟦e⟧, ⟦p⟧) says the previous tenant did it. Photos on ⟦wo⟧.")
        pieces = fill(t, s=P(s), s1=meter_serial(), rp=ref("RP-"), n=CN(c), e=CE(c), p=ph(c.cc), wo=ref("WO-"))
    emit("meter", "en", pieces)


FEEDERS = ["NTH-11-04", "ABR-33-12", "LWS-11-07", "STW-11-02", "KRK-33-01", "TGN-11-09", "BRN-11-15"]
SUBSTATIONS = ["Arnish Primary", "Marybank 33/11", "Tong Grid", "Barvas 11kV", "Kelverne Quay Primary",
               "Holm Bulk Supply", "Laxdale Primary"]


def crew_chat(i):
    """A pasted chat transcript of a fault: timestamps, crew call signs, phones, an RTU and a leaked login."""
    a, b, c = staff_n(3)
    t0 = moment()
    tm = lambda m: (t0 + dt.timedelta(minutes=m)).strftime("%H:%M")  # noqa: E731
    v = i % 3
    if v == 0:
        pieces = [f"[{tm(0)}] ", P(a), f": HV fault on feeder {R.choice(FEEDERS)} at {R.choice(SUBSTATIONS)}, ",
                  f"{R.randint(200, 3000):,} customers off. CREW-{R.randint(1, 19):02d} en route.\n",
                  f"[{tm(2)}] ", P(b), ": RTU ", ip(ot_ip()), " not answering DNP3, pinging from the EMS jump host ",
                  ip(ot_ip()), ".\n",
                  f"[{tm(5)}] ", P(a), ": crew lead ", P(c), " on ", mobile("GB"), ", generator van ETA ", hhmm(), ".\n",
                  f"[{tm(9)}] ", P(b), ": recloser panel login is admin / ", pw(pw_words()), " — yes I know, rotate after."]
    elif v == 1:
        pieces = [f"{tm(0)} CREW-{R.randint(1, 19):02d} ", P(c), ": on site, pole-mounted transformer ",
                  Look(f"PMT-{num(5)}"), " blown. Need the switching schedule.\n",
                  f"{tm(3)} CONTROL ", P(a), ": schedule ", Look(f"SS/{num(4)}/{R.randint(25, 26)}"),
                  " issued; call me on ", ph("GB"), " before you close ", Look(f"ABCB-{num(3)}"), ".\n",
                  f"{tm(11)} CREW ", P(c), ": closed, ", f"{R.randint(50, 900)}", " restored. Back-feed from ",
                  R.choice(SUBSTATIONS), ".\n",
                  f"{tm(12)} CONTROL ", P(a), ": thanks. Customer on PSR rang from ", ph("GB"), ", still off."]
    else:
        pieces = [f"Teams chat — {R.choice(SUBSTATIONS)} outage {Look('INC' + num(7))}\n",
                  P(a), f"  {tm(0)}\nWho has the HMI password for the {R.choice(['north', 'south', 'island'])} zone? "
                  "The laptop locked me out.\n",
                  P(b), f"  {tm(1)}\nit's ", pw(pw_random(14)), " — engineer account. Station PC is ",
                  ip(ot_ip()), " (", Lab("mac_address", mac()), ")\n",
                  P(c), f"  {tm(4)}\nI'm on the way, ring me on ", mobile("GB"), " if the gate code changed"]
    emit("crew_chat", "en", pieces)


def sms_log(i):
    """An SMS gateway log (CSV) of outage notifications and replies, customers' numbers in E.164 or bare."""
    cc = R.choice(["GB", "GB", "IE", "NL", "NZ"])
    rows = ["timestamp,direction,msisdn,template,body\n"]
    t0 = moment()
    incident = Look("INC" + num(7))
    for k in range(R.randint(6, 8)):
        t = (t0 + dt.timedelta(minutes=3 * k + R.randint(0, 2))).strftime("%Y-%m-%dT%H:%M:%SZ")
        if k % 2 == 0:
            number = Lab("phone", ("+" if R.random() < 0.5 else "") + msisdn(cc))
            back = t0 + dt.timedelta(minutes=R.randint(60, 300))
            rows += [t, ",OUT,", number, ",PWR_CUT_ACK,\"We know about the power cut near you (ref ", incident,
                     f"). We expect power back by {back.strftime('%H:%M')}.\"\n"]
        else:
            rows += [t, ",IN,", number, ",,\"", R.choice(["still no power", "my mum is on oxygen, how long?",
                                                             "STOP", "power back thanks", "freezer defrosting"]), "\"\n"]
    emit("sms_log", "en", ["Gateway export for ", incident, " (", P(staff()), "):\n"] + chomp(rows))


# ================================================================ text types: EV charging


SITES = ["Kelverne Quay Hub", "Stornoway Harbour car park", "M8 J4 services", "Leeuwarden Station P+R",
         "Brest Port de Commerce", "Chur Obertor", "Cardiff Bay Retail Park", "Galway Docks", "Hamilton Lake Domain",
         "Perth Leisure Centre", "Inverness Rail Station", "Cork Kent Station"]


def ev_ticket(i):
    """An EV-charging support ticket: driver contact, session look-alikes, a card in a terminal log."""
    c, s = customer(), staff()
    v = i % 5
    if v == 4:
        t = ("Chargeback ⟦cb⟧ (reason 13.1, merchandise not received) for session ⟦tx⟧ at ⟦site⟧: card ⟦card⟧, "
             "cardholder ⟦n⟧ (⟦e⟧). Evidence pack due ⟦d⟧; meter values show ⟦kwh⟧ kWh delivered. — ⟦s⟧")
        pieces = fill(t, cb=Look(f"CB{num(9)}"), tx=Look(num(7)), site=R.choice(SITES), card=L("credit_card", card()),
                      n=CN(c), e=CE(c), d=day(), kwh=f"{R.randint(50, 600) / 10:.1f}", s=P(s))
    elif v == 0:
        t = ("EVC-⟦k⟧: Driver ⟦n⟧ (⟦e⟧, ⟦p⟧) was charged £⟦amt⟧ at ⟦site⟧ (EVSE ⟦evse⟧) for a session that stopped "
             "after 3 minutes; transactionId ⟦tx⟧, idTag ⟦tag⟧. Refund to the card on file. — ⟦s⟧")
        pieces = fill(t, k=Look(num(5)), n=CN(c), e=CE(c), p=ph(c.cc), amt=amount(5, 60), site=R.choice(SITES),
                      evse=evse_id(), tx=Look(num(7)), tag=rfid_uid(), s=P(s))
    elif v == 1:
        t = ("Payment terminal log pasted by ⟦s⟧:\n⟦ts⟧ PAYTER-P68 SALE APPROVED PAN=⟦card⟧ EXP=⟦exp⟧ AMT=⟦amt⟧ GBP "
             "AUTH=⟦auth⟧ TID=⟦tid⟧\nFull PAN in clear text! Charge point ⟦cp⟧ at ⟦site⟧, firmware ⟦fw⟧.")
        pieces = fill(t, s=P(s), ts=iso(), card=L("credit_card", card("")), exp=f"{R.randint(26, 31)}{R.randint(1, 12):02d}",
                      amt=amount(5, 60), auth=Look(rs(DIGITS, 6)), tid=Look(num(8)), cp=Look(cp_id()),
                      site=R.choice(SITES), fw=fw4())
    elif v == 2:
        t = ("RFID card ⟦tag⟧ reported stolen by ⟦n⟧ (⟦e⟧); contract id ⟦emaid⟧ blocked and a replacement posted. "
             "Call-back number ⟦p⟧. Last use ⟦ts⟧ at EVSE ⟦evse⟧.")
        pieces = fill(t, tag=rfid_uid(), n=CN(c), e=CE(c), emaid=emaid(), p=ph(c.cc), ts=iso(), evse=evse_id())
    else:
        t = ("Contactless failed at ⟦site⟧, so the driver e-mailed the card to ⟦sup⟧ from ⟦e⟧: \"⟦card⟧, name on card "
             "⟦nu⟧\". Never ask drivers for this; reply sent with the app link. — ⟦s⟧")
        pieces = fill(t, site=R.choice(SITES), sup=em(ROLE["evsupport"]), e=CE(c), card=L("credit_card", card(" ")),
                      nu=CN(c, c.name.upper()), s=P(s))
    emit("ev_ticket", "en", pieces)


def ocpp_log(i):
    """An OCPP 1.6J / 2.0.1 message log with a leaked secret, card, address or URL credential."""
    cp, mid, t = cp_id(), uid(), moment()
    v = i % 8
    ts = lambda k=0: (t + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%S.") + f"{R.randint(0, 999):03d}Z"  # noqa: E731
    if v == 0:
        pieces = [ts(), " csms-gw-2 -> ", Look(cp), ' [2,"', mid,
                  '","ChangeConfiguration",{"key":"AuthorizationKey","value":"', pw(hexsecret(40)), '"}]\n',
                  ts(1), " csms-gw-2 <- ", Look(cp), ' [3,"', mid, '",{"status":"Accepted"}]']
    elif v == 1:
        pieces = [ts(), " [ocpp] connecting to wss://", L("url_credentials", f"{cp}:{pw_urlsafe()}"),
                  f"@ocpp.kelvernecharge.net/ocpp16/{cp}\n", ts(2), " [ocpp] HTTP 101 Switching Protocols, ",
                  "subprotocol ocpp1.6\n", ts(3), ' [ocpp] >> [2,"', uid(),
                  f'","BootNotification",{{"chargePointVendor":"Kelverne","chargePointModel":"AC22",'
                  f'"chargePointSerialNumber":"', Look(cp), '","firmwareVersion":"', fw4(), '"}]']
    elif v == 2:
        pieces = [ts(), ' CSMS->', Look(cp), ' [2,"', mid, '","SetVariables",{"setVariableData":[{"attributeType":'
                  '"Actual","attributeValue":"', pw(pw_random(R.randint(16, 24)).replace('"', "#")),
                  '","component":{"name":"SecurityCtrlr"},"variable":{"name":"BasicAuthPassword"}}]}]']
    elif v == 3:
        pieces = [ts(), ' ', Look(cp), '->CSMS [2,"', mid, '","DataTransfer",{"vendorId":"com.payter",'
                  '"messageId":"PaymentResult","data":"{\\"pan\\":\\"', L("credit_card", card("")),
                  '\\",\\"exp\\":\\"', f"{R.randint(1, 12):02d}{R.randint(26, 31)}", '\\",\\"amount\\":\\"',
                  amount(5, 60), '\\",\\"currency\\":\\"GBP\\",\\"transactionId\\":', Look(num(7)), '}"}]']
    elif v == 4:
        pieces = [ts(), ' CSMS->', Look(cp), ' [2,"', mid, '","SetNetworkProfile",{"configurationSlot":1,'
                  '"connectionData":{"ocppVersion":"OCPP20","ocppTransport":"JSON","ocppCsmsUrl":'
                  '"wss://csms.kelvernecharge.net/ocpp201","messageTimeout":30,"securityProfile":2,'
                  '"ocppInterface":"Wireless0","apn":{"apn":"iot.kelverne","apnUserName":"klvcp","apnPassword":"',
                  pw(pw_urlsafe(16)), '","apnAuthentication":"CHAP"}}}]']
    elif v == 5:
        pieces = ["Charge point ", Look(cp), " diag bundle, net.txt:\neth0  Link encap:Ethernet  HWaddr ",
                  Lab("mac_address", mac(":", True)), "\n      inet addr:", ip(ipv4_private("192")),
                  "  Mask:", Look("255.255.255.0"), "\nwwan0 inet addr:", ip(ipv4_private("10")),
                  "\nVendor engineer logged in as root@", ip(ipv4_private("192")), " with the factory password ",
                  pw(pw_words()), " — reset it after the visit."]
    elif v == 6:
        pieces = [ts(), ' ', Look(cp), '->CSMS [2,"', mid, '","SecurityEventNotification",{"type":'
                  '"InvalidCsmsCertificate","timestamp":"', iso(), '","techInfo":"TLS handshake to ',
                  ip(ipv4_public()), ':443 failed, chain incomplete"}]\nlb access: ', ip(any_public()),
                  f' - - [{t.strftime("%d/%b/%Y:%H:%M:%S")} +0000] "GET /ocpp201/{cp} HTTP/1.1" 400 0']
    else:
        user_key = f"{cp}:{hexsecret(40)}"
        pieces = [f"GET /ocpp16/{cp} HTTP/1.1\nHost: ocpp.kelvernecharge.net\nUpgrade: websocket\n"
                  "Connection: Upgrade\nSec-WebSocket-Key: ", Look(b64(R.randbytes(16))),
                  "\nSec-WebSocket-Protocol: ocpp1.6\nAuthorization: Basic ", pw(b64(user_key.encode())),
                  "\nX-Forwarded-For: ", ip(any_public())]
    emit("ocpp", "en", pieces)


# ================================================================ text types: SCADA / OT configuration

RTU_NAMES = ["ARN-RTU01", "MRB-RTU02", "TNG-PLC01", "BRV-IED07", "KQP-RTU03", "HLM-PLC02", "LXD-IED11",
             "STW-RTU05", "NTH-GW01", "ABR-IED03"]


def scada(i):
    """A SCADA / OT configuration snippet: device lists, DNP3, HMI logins, RADIUS, TACACS, SNMP, VPN keys."""
    s = staff() if i % 3 else STAFF_OT()
    site = R.randint(40, 47)
    v = i % 11
    if v == 0:
        pieces = ["rtu-inventory.yaml (", P(s), "):\ndevices:\n"]
        for name in R.sample(RTU_NAMES, 3):
            pieces += [f"  - name: {name}\n    proto: modbus-tcp\n    ip: ", ip(ot_ip(site)), "\n    mac: \"",
                       Lab("mac_address", mac(":", True)), f"\"\n    unit_id: {R.randint(1, 247)}\n",
                       f"    holding: 40001-{40000 + R.randint(20, 400)}\n"]
    elif v == 1:
        pieces = ["[outstation]\nname = ", R.choice(RTU_NAMES), f"\nlink_address = {R.randint(1, 65519)}\n"
                  "master_address = 1\nlisten = ", ip(ot_ip(site)), ":20000\nmaster_ip = ", ip(ot_ip(site)),
                  "\n[secure_auth]\nversion = 5\nhmac = SHA256\nupdate_key = ", pw(hexsecret(64)),
                  "\nkey_change_method = symmetric-aes256-sha256\n"]
    elif v == 2:
        pieces = ["h4. Station HMI logins (do not copy out of Confluence)\n||Station||HMI host||IP||User||Password||\n"]
        for name in R.sample(SUBSTATIONS, 3):
            pieces += [f"|{name}|hmi-{rs(LOWER, 3)}-0{R.randint(1, 4)}|", ip(ot_ip(site)), "|",
                       R.choice(["engineer", "operator", "admin"]), "|", pw(pw_random(R.randint(10, 16)).replace("|", "!")),
                       "|\n"]
        pieces.append(["Owner: ", P(s)])
    elif v == 3:
        pieces = ["# /etc/freeradius/3.0/clients.conf (", P(s), ")\n"]
        for k in range(2):
            pieces += [f"client sub-sw-{k + 1:02d} {{\n    ipaddr = ", ip(ot_ip(site)), "\n    secret = ",
                       pw(pw_random(18).replace("#", "!")),
                       f"\n    shortname = sub-sw-{k + 1:02d}\n    nas_type = cisco\n}}\n"]
    elif v == 4:
        pieces = ["! core-sw1 running-config excerpt\ntacacs server KLV-TAC1\n address ipv4 ", ip(ot_ip(site)),
                  "\n key 0 ", pw(pw_random(16).replace("!", "#")), "\n!\nsnmp-server community ",
                  pw(pw_words()), " RO 10\nsnmp-server host ", ip(ot_ip(site)), " version 2c ",
                  pw(pw_words()), "\nlogging host ", ip(ot_ip(site)), "\nntp server ", ip(ot_ip(site))]
    elif v == 5:
        left, right = ipv4_public(), ipv4_public()
        pieces = ["# /etc/ipsec.secrets on the substation VPN concentrator\n", ip(left), " ", ip(right), " : PSK \"",
                  pw(pw_random(24).replace('"', "!")), "\"\n# ipsec.conf: conn ot-tunnel left=", ip(left),
                  " right=", ip(right), " leftsubnet=ot-lan ike=aes256-sha256-modp2048"]
    elif v == 6:
        pieces = ["config vpn ipsec phase1-interface\n    edit \"to-",
                  R.choice(["arnish", "marybank", "tong", "barvas"]), "\"\n        set interface \"wan1\"\n"
                  "        set remote-gw ", ip(ipv4_public()), "\n        set psksecret ", pw(pw_random(22)),
                  "\n        set proposal aes256-sha256\n    next\nend\n(posted by ", P(s), ")"]
    elif v == 7:
        t = ("⟦s⟧: the S7-1516 at ⟦ip1⟧ is set to protection level 3, CPU password ⟦p1⟧; the TP1200 panel at ⟦ip2⟧ runs "
             "with user Operator / ⟦p2⟧. Both go in the vault before the audit on ⟦d⟧.")
        pieces = fill(t, s=P(s), ip1=ip(ot_ip(site)), p1=pw(pw_words()), ip2=ip(ot_ip(site)), p2=pw(pw_random(12)),
                      d=day())
    elif v == 8:
        pieces = ["PI Interface for DNP3 fails to buffer. Connection string from the config:\n",
                  "Data Source=", ip(ot_ip(site)), ";Initial Catalog=PIFD;User ID=piadmin;Password=",
                  pw(pw_random(16).replace(";", "!")), ";Encrypt=True;TrustServerCertificate=True\n",
                  "Collector ", ip(ot_ip(site)), " and ", ip(ipv6_ula()), " both affected. — ", P(s)]
    elif v == 9:
        pieces = ["Teltonika RUT955 at the ", R.choice(SUBSTATIONS), " kiosk, /etc/config excerpt:\n",
                  "config wifi-iface 'default_radio0'\n\toption ssid 'KLV-SUB-", rs(UPPER, 3),
                  "'\n\toption encryption 'psk2'\n"
                  "\toption key '", pw(pw_words()), "'\nconfig interface 'mob1s1a1'\n\toption apn 'scada.kelverne'\n"
                  "\toption username 'klv-rtu'\n\toption password '", pw(pw_urlsafe(14)), "'\n"
                  "config interface 'lan'\n\toption ipaddr '", ip(ipv4_private("192")), "'\n\toption macaddr '",
                  Lab("mac_address", mac(":", False)), "'"]
    else:
        com = pw_words()
        pieces = ["$ snmpwalk -v2c -c ", pw(com), " ", ip(ot_ip(site)), " 1.3.6.1.2.1.1\n",
                  "$ snmpset -v2c -c ", pw(pw_random(14)), " ", ip(ot_ip(site)),
                  " 1.3.6.1.4.1.9.9.96.1.1.1.1.2.711 i 1\n# snmpd.conf on the historian\nrocommunity ", pw(com),
                  " ", ip(ot_ip(site))]
    emit("scada", "en", chomp(pieces))


def dhcp_log(i):
    """DHCP and RADIUS logs of the charger and substation networks: device MACs and the addresses they get."""
    t0 = moment()
    v = i % 3
    pieces = []
    for k in range(R.randint(4, 6)):
        t = t0 + dt.timedelta(seconds=37 * k + R.randint(0, 30))
        if v == 0:
            pieces += [t.strftime("%b %d %H:%M:%S"), f" dhcp01 dhcpd[{R.randint(300, 9000)}]: DHCPACK on ",
                       ip(ot_ip()), " to ", Lab("mac_address", mac(":", False)), f" ({cp_id()}) via eth1\n"]
        elif v == 1:
            pieces += [t.strftime("%b %d %H:%M:%S"), f" gw-site dnsmasq-dhcp[{R.randint(300, 9000)}]: DHCPACK(br-lan) ",
                       ip(ipv4_private("192")), " ", Lab("mac_address", mac(":", False)),
                       f" {R.choice(['inverter-gw', 'battery-bms', 'ev-charger', 'meter-ihd', 'hmi-panel'])}\n"]
        else:
            pieces += [t.strftime("%a %b %d %H:%M:%S %Y"), "\n\tUser-Name = \"", cp_id(),
                       "\"\n\tCalling-Station-Id = \"", Lab("mac_address", mac("-", True)),
                       "\"\n\tNAS-IP-Address = ", ip(ot_ip()), "\n\tFramed-IP-Address = ", ip(ipv4_private("10")),
                       "\n\tAcct-Status-Type = Start\n"]
    emit("dhcp", "en", chomp(pieces))


# ================================================================ text types: solar, PSR, HR, suppliers

STREETS = ["Heol y Nant", "Lon Ganol", "Ferry Brae", "Harbour Row", "Skerryvore Road", "Quarry Lane", "Tidewater Close",
           "Kiln Terrace", "Rope Walk", "Gull Wynd", "Marram Court", "Peat Road"]


def solar_survey(i):
    """A rooftop-solar site survey or monitoring note (homeowner contact, GPS and MPAN look-alikes)."""
    c, s = customer(), staff()
    region = c.cc if c.cc in ("GB", "IE", "NL", "FR", "CH") else "GB"
    v = i % 4
    if v == 3:
        t = ("Deposit of £⟦amt⟧ for quote ⟦q⟧ taken over the phone from ⟦n⟧ (⟦p⟧): card ⟦card⟧, exp ⟦exp⟧. The agent "
             "also pasted it into the CRM note — please scrub. Receipt e-mailed to ⟦e⟧ by ⟦s⟧.")
        pieces = fill(t, amt=amount(300, 2500), q=Look(f"Q-{num(6)}"), n=CN(c), p=ph(c.cc), card=L("credit_card", card()),
                      exp=f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", e=CE(c), s=P(s))
    elif v == 0:
        t = ("Site survey ⟦ref⟧\nHomeowner: ⟦n⟧\nEmail: ⟦e⟧\nPhone: ⟦p⟧\nAddress: ⟦no⟧ ⟦st⟧\nGPS: ⟦gps⟧\n"
             "Roof: ⟦az⟧, ⟦pitch⟧°, concrete interlocking tiles, shading after 16:00 from the chimney\nMPAN: ⟦mpan⟧\n"
             "Proposed: ⟦np⟧ × 435 W (⟦kwp⟧ kWp), inverter ⟦model⟧, DNO notification ⟦dno⟧\nSurveyor: ⟦s⟧")
        npan = R.randint(8, 16)
        pieces = fill(t, ref=ref("SS-"), n=CN(c), e=CE(c), p=ph(c.cc), no=str(R.randint(1, 120)), st=R.choice(STREETS),
                      gps=gps(region), az=R.choice(["S", "SSW", "SW", "SE", "E/W split"]), pitch=str(R.randint(20, 45)),
                      mpan=mpan(), np=str(npan), kwp=f"{npan * 0.435:.2f}", model=model(),
                      dno=Look(f"G98-{R.randint(2025, 2026)}-{num(5)}"), s=P(s))
    elif v == 1:
        t = ("Monitoring set-up for ⟦n⟧: the inverter dongle ⟦ser⟧ joined the home Wi-Fi \"⟦ssid⟧\" with passphrase "
             "⟦p1⟧; portal account created for ⟦e⟧ with temporary password ⟦p2⟧ (forced change at first login). "
             "Installer: ⟦s⟧.")
        pieces = fill(t, n=CN(c), ser=Look(f"{rs(UPPER, 2)}{num(8)}"), ssid=f"VM{num(7)}", p1=pw(pw_urlsafe(12)),
                      e=CE(c), p2=pw(pw_random(12)), s=P(s))
    else:
        t = ("Battery retrofit booked for ⟦d⟧. ⟦n⟧ asked us to text ⟦p⟧ the evening before, not e-mail (⟦e⟧ is "
             "rarely read). Existing array ⟦kwp⟧ kWp, export meter ⟦ser⟧, G99 ref ⟦g99⟧. Lead installer ⟦s⟧ ⟦sp⟧.")
        pieces = fill(t, d=day(), n=CN(c), p=ph(c.cc), e=CE(c), kwp=f"{R.randint(25, 80) / 10:.1f}", ser=meter_serial(),
                      g99=Look(f"G99/{num(6)}"), s=P(s), sp=ph("GB"))
    emit("solar", "en", pieces)


PSR_CODES = ["07 (dialysis)", "08 (heart, lung or ventilator)", "14 (chronic illness)", "19 (unable to answer door)",
             "22 (nebuliser / apnoea monitor)", "27 (oxygen use)", "15 (mental health)", "31 (young adult carer)"]


def psr_note(i):
    """A priority-services-register (vulnerable customer) note: contacts, a doorstep password."""
    c, s = customer(), staff()
    codes = ", ".join(R.sample(PSR_CODES, 2))
    v = i % 3
    if v == 0:
        t = ("PSR update on ⟦acct⟧: ⟦n⟧ (⟦e⟧), needs codes ⟦codes⟧. Nominated contact: son, ⟦p⟧. Doorstep password "
             "chosen by the customer: ⟦pw⟧. Added by ⟦s⟧ on ⟦d⟧.")
        pieces = fill(t, acct=account_no(), n=CN(c), e=CE(c), codes=codes, p=ph(c.cc),
                      pw=pw(R.choice(PW_WORDS).lower() + R.choice(["", "-"]) + R.choice(PW_WORDS).lower()
                            + str(R.randint(2, 99))),
                      s=P(s), d=day())
    elif v == 1:
        t = ("Vulnerable customer ⟦n⟧, ⟦e⟧, landline ⟦p1⟧, mobile ⟦p2⟧. Home dialysis: call first in any planned "
             "outage, priority reconnection. Needs codes ⟦codes⟧. Shared with the DNO via ⟦psr⟧.")
        pieces = fill(t, n=CN(c), e=CE(c), p1=landline(c.cc), p2=mobile(c.cc), codes=codes, psr=em(ROLE["psr"]))
    else:
        t = ("Password scheme set up for ⟦n⟧ (⟦e⟧): field staff must give the agreed word \"⟦pw⟧\" before entry. "
             "Carer ⟦p⟧. Logged by ⟦s⟧ (⟦sid⟧).")
        pieces = fill(t, n=CN(c), e=CE(c), pw=pw(R.choice(PW_WORDS) + str(R.randint(10, 99))), p=ph(c.cc), s=P(s),
                      sid=PE(s))
    emit("psr", "en", pieces)


def hr_onboarding(i):
    """HR and contractor onboarding: temporary passwords, payroll IBANs, US contractors' SSNs, MFA seeds."""
    s, s2, s3 = staff_n(3)
    v = i % 5
    if v == 4:
        rows = ["name,email,ssn,state,rate_usd\n"]
        for _ in range(3):
            c = CUST_US()
            rows += [CN(c), ",", CE(c), ",", L("ssn", ssn()), f",{R.choice(['TX', 'OH', 'CO', 'NC', 'WA'])},",
                     str(R.randint(70, 160)), "\n"]
        pieces = ["US contractors for the OCPP certification (W-9s checked by ", P(s), "):\n"] + chomp(rows)
    elif v == 0:
        t = ("New starter: ⟦s⟧ joins OT Security on ⟦d⟧. Laptop ⟦asset⟧, temporary AD password ⟦pw⟧ (change at "
             "first logon), mobile ⟦p⟧, payroll IBAN ⟦iban⟧. Line manager ⟦m⟧.")
        pieces = fill(t, s=P(s), d=day(), asset=Look(f"KLV-LT-{num(4)}"), pw=pw(pw_words()), p=mobile("GB"),
                      iban=L("iban", iban(R.choice(["GB", "IE", "NL", "DE", "FR"]))), m=P(s2))
    elif v == 1:
        c = CUST_US()
        t = ("W-9 received from contractor ⟦n⟧ (⟦e⟧): SSN ⟦ssn⟧, paid through the EOR in USD, no IBAN. Phone ⟦p⟧. "
             "SOW ⟦sow⟧ for the OCPP 2.0.1 certification work, owner ⟦s⟧.")
        pieces = fill(t, n=CN(c), e=CE(c), ssn=L("ssn", ssn()), p=ph("US"), sow=Look(f"SOW-{num(4)}"), s=P(s))
    elif v == 2:
        pieces = ["Emergency contacts, Lewis & Harris crew (", P(s), "):\n"]
        for person in (s2, s3):
            pieces += ["* ", P(person), " — ", mobile("GB"), "\n"]
        pieces += ["* Control room — ", ph("GB", 7), " / ", em(ROLE["control"])]
    else:
        c = customer()
        t = ("Contractor ⟦n⟧ (⟦e⟧) onboarding: VPN account c-⟦h⟧, initial password ⟦pw⟧, TOTP seed ⟦seed⟧ (sent by "
             "SMS to ⟦p⟧ — should have been the portal). Sponsor ⟦s⟧.")
        pieces = fill(t, n=CN(c), e=CE(c), h=num(5), pw=pw(pw_random(14)),
                      seed=pw(rs(BASE32, 32)), p=ph(c.cc), s=P(s))
    emit("hr", "en", pieces)


BICS = {"GB": "NWBKGB2L", "IE": "AIBKIE2D", "NL": "INGBNL2A", "BE": "GEBABEBB", "AT": "BKAUATWW"}
VENDORS_3P = [("Ferrowatt Transformers", "ferrowatt.example"), ("Gridlytics Ltd", "gridlytics.example.com"),
              ("Northsea Cable Services", "northseacable.example.net"), ("Voltaris Payments", "voltaris.example.org"),
              ("Hebridean Civils", "hebcivils.example.com")]


def vendor_invoice(i):
    """A supplier invoice or bank-detail change (IBANs, supplier contact beside an address spelling the name)."""
    vendor, domain = VENDORS_3P[i % len(VENDORS_3P)]
    c, s = customer(), staff()
    contact = Customer(c.name, c.base, c.cc, "en")
    contact.email = f"{c.base}@{domain}"
    v = i % 2
    if v == 0:
        t = ("AP-⟦k⟧: ⟦vendor⟧ invoice ⟦inv⟧ (PO ⟦po⟧) — an e-mail from ⟦dom⟧ asks us to pay ⟦new⟧ instead "
             "of ⟦old⟧. Called the number on file, ⟦p⟧, and spoke to ⟦n⟧ (⟦e⟧): the change is NOT genuine. Blocked by ⟦s⟧.")
        pieces = fill(t, k=Look(num(4)), vendor=vendor, inv=invoice_no(), po=Look(f"PO{num(7)}"),
                      dom=Lab("email", f"accounts@{domain}"), new=L("iban", iban(R.choice(["LU", "PL", "TR", "DK"]))),
                      old=L("iban", iban("GB")), p=ph("GB"), n=CN(contact), e=Lab("email", contact.email), s=P(s))
    else:
        bank_cc = R.choice(list(BICS))
        t = ("⟦vendor⟧ — Invoice ⟦inv⟧, due ⟦d⟧. Amount £⟦amt⟧ + VAT. Pay to IBAN ⟦iban⟧, BIC ⟦bic⟧. Queries: ⟦n⟧, "
             "⟦e⟧, ⟦p⟧. Remittance to ⟦ap⟧.")
        pieces = fill(t, vendor=vendor, inv=invoice_no(), d=day(), amt=amount(800, 48000),
                      iban=L("iban", iban(bank_cc)), bic=Look(BICS[bank_cc]),
                      n=CN(contact), e=Lab("email", contact.email), p=ph("GB"), ap=em(ROLE["ap"]))
    emit("invoice", "en", pieces)


# ================================================================ text types: platform and cloud

VENDOR_CYCLE = Cycle(VENDORS)
VENDOR_NAMES = {"aws": "AWS", "anthropic": "Anthropic", "atlassian": "Atlassian", "azure": "Azure Storage",
                "digitalocean": "DigitalOcean", "github": "GitHub", "gitlab": "GitLab", "google": "Google Maps",
                "hashicorp": "Vault", "huggingface": "Hugging Face", "npm": "npm", "openai": "OpenAI", "pypi": "PyPI",
                "sendgrid": "SendGrid", "shopify": "Shopify", "slack": "Slack", "stripe": "Stripe", "twilio": "Twilio"}


def helm_k8s(i):
    """Helm values, Kubernetes Secrets and kubectl commands of the charging platform (CSMS)."""
    s = staff()
    v = i % 4
    if v == 0:
        pieces = ["values-prod.yaml for csms (", P(s), "):\npostgresql:\n  auth:\n    username: csms\n    password: ",
                  pw(pw_urlsafe()), "\nredis:\n  auth:\n    password: \"", pw(pw_random(20).replace('"', "!")),
                  "\"\nstripe:\n  secretKey: ", key("stripe"), "\n  webhookSecret: ", key("stripe", 1),
                  "\nsmtp:\n  host: smtp.sendgrid.net\n  user: apikey\n  password: ", key("sendgrid"),
                  "\ningress:\n  hosts: [csms.kelvernecharge.net]\n  loadBalancerIP: ", ip(ipv4_public())]
    elif v == 1:
        pieces = ["apiVersion: v1\nkind: Secret\nmetadata:\n  name: ocpi-credentials\n  namespace: roaming\ntype: Opaque\n"
                  "data:\n  OCPI_TOKEN_A: ", pw(b64(rs(URLSAFE, 36).encode())), "\n  DB_PASSWORD: ",
                  pw(b64(pw_urlsafe().encode())), "\n  DB_USER: ", Look(b64(b"ocpi_app")), "\n# applied by ", P(s)]
    elif v == 2:
        pieces = ["$ kubectl -n metering create secret generic mdm-db --from-literal=username=mdm_rw "
                  "--from-literal=password=", pw(pw_urlsafe()), "\n$ kubectl -n metering create secret generic dcc-sftp "
                  "--from-literal=passphrase=", pw(pw_words()), "\nsecret/mdm-db created\nsecret/dcc-sftp created"]
    else:
        pieces = ["ConfigMap csms-env leaked the service token (fixed in ", Look(f"CSMS-{num(4)}"), "):\n"
                  "  CSMS_INTERNAL_URL: http://", ip(ipv4_private("10")), ":8080\n  ADMIN_API_TOKEN: ",
                  L("jwt", jwt("HS256", {"sub": "svc-ocpi-bridge", "scope": "admin", "iss": "csms"})),
                  "\n  NODE_IPV6: ", ip(ipv6_global()), "\nreported by ", P(s)]
    emit("k8s", "en", pieces)


def terraform(i):
    """Terraform variables, state and CLI config with cloud credentials."""
    s = staff()
    v = i % 4
    if v == 0:
        pieces = ["# prod.auto.tfvars (committed by mistake, ", P(s), ")\naws_access_key  = \"", key("aws"),
                  "\"\naws_secret_key  = \"", key("aws", 1), "\"\ndb_password     = \"", pw(pw_urlsafe()),
                  "\"\ndatadog_api_key = \"", pw(hexsecret(32)), "\"\nregion          = \"eu-west-2\""]
    elif v == 1:
        pieces = ["terraform state show azurerm_storage_account.meterdata\n    name                = \"klvmeterdata",
                  rs(DIGITS, 3), "\"\n    primary_access_key  = \"", key("azure"), "\"\n    primary_blob_endpoint = "
                  "\"https://klvmeterdata.blob.core.windows.net/\"\n\nazurerm_mssql_server.billing:\n"
                  "    administrator_login          = \"klvsqladmin\"\n    administrator_login_password = \"",
                  pw(pw_random(18).replace('"', "!")), "\""]
    elif v == 2:
        pieces = ["~/.terraformrc on the build agent:\ncredentials \"app.terraform.io\" {\n  token = \"",
                  key("hashicorp", 1), "\"\n}\nand VAULT_TOKEN=", key("hashicorp"), " exported in the job — ", P(s)]
    else:
        pieces = ["variable \"do_token\" {\n  default = \"", key("digitalocean"), "\"\n}\nvariable \"grafana_admin\" {\n"
                  "  default = \"", pw(pw_words()), "\"\n}\n# droplet for the tariff-scraper: ", ip(ipv4_public()), ", ",
                  ip(ipv6_global())]
    emit("terraform", "en", pieces)


def ansible(i):
    """Ansible inventories, decrypted vault notes and ad-hoc commands for the OT estate."""
    s = staff()
    site = R.randint(40, 47)
    v = i % 3
    if v == 0:
        pieces = ["group_vars/substations/vault.yml, decrypted for the audit by ", P(s), ":\nvault_hmi_admin_password: ",
                  pw(pw_random(16)), "\nvault_snmp_community: ", pw(pw_words()), "\nvault_radius_secret: ",
                  pw(pw_random(20)), "\nvault_vpn_psk: \"", pw(pw_random(28).replace('"', "!")), "\""]
    elif v == 1:
        pieces = ["[historians]\n"]
        for k in range(2):
            pieces += [f"hist0{k + 1} ansible_host=", ip(ot_ip(site)), " ansible_user=Administrator ansible_password=",
                       pw(pw_random(14).replace(" ", "")), " ansible_connection=winrm\n"]
        pieces += ["[rtu_gateways]\ngw01 ansible_host=", ip(ot_ip(site)), " ansible_become_pass=", pw(pw_words())]
    else:
        pieces = ["$ ansible hmi -i inventories/prod -m win_ping -e \"ansible_password=", pw(pw_random(14).replace('"', "")),
                  "\"\n", ip(ot_ip(site)), " | SUCCESS => {\"changed\": false, \"ping\": \"pong\"}\n", ip(ot_ip(site)),
                  " | UNREACHABLE! => {\"msg\": \"ntlm: the specified credentials were rejected\"}"]
    emit("ansible", "en", pieces)


def ci_log(i):
    """CI job logs (GitHub Actions, GitLab, Jenkins) that print a token or a password."""
    s = staff()
    v = i % 5
    if v == 4:
        pieces = ["+ git clone https://", L("url_credentials", f"klv-ci:{pw_urlsafe()}"),
                  "@git.kelverne.internal/ot/rtu-configs.git\nCloning into 'rtu-configs'...\n+ mosquitto_pub -L mqtts://",
                  L("url_credentials", f"ci-probe:{pw_urlsafe()}"), "@mqtt.sunthatch.energy:8883/site/test -m ok"]
    elif v == 0:
        pieces = ["Run npm publish --access restricted\n  npm publish --access restricted\n  shell: /usr/bin/bash -e {0}\n"
                  "npm notice Publishing to https://registry.npmjs.org/ with tag latest\n"
                  "npm verb config //registry.npmjs.org/:_authToken=", key("npm"), "\nnpm notice + @kelverne/ocpp-types@",
                  f"{R.randint(1, 4)}.{R.randint(0, 20)}.{R.randint(0, 9)}"]
    elif v == 1:
        pieces = [f"$ docker login -u gitlab-ci-token -p ", key("gitlab"), " registry.gitlab.com\n"
                  "WARNING! Using --password via the CLI is insecure.\nLogin Succeeded\n"
                  "Running on runner-", rs(LOWER + DIGITS, 8), " via ", ip(ipv4_private("10")), "..."]
    elif v == 2:
        pieces = ["[Pipeline] sh\n+ curl -fsS -u deploy:", pw(pw_urlsafe()),
                  " -T build/mdm-", f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)}",
                  ".tar.gz https://nexus.kelverne.internal/repository/releases/\n+ echo deployed by ", P(s)]
    else:
        pieces = ["##[group]Run python scripts/pull_model.py\nHF_TOKEN=", key("huggingface"),
                  " python scripts/pull_model.py --repo kelverne/load-forecast\n##[endgroup]\n"
                  "Downloading model.safetensors: 100%|██████████| 412M/412M\nPYPI upload with ", key("pypi")]
    emit("ci", "en", pieces)


def dotenv(i):
    """A pasted .env file of one of the group's services."""
    s = staff()
    v = i % 5
    if v == 0:
        pieces = ["# csms/.env.production\nDATABASE_URL=postgresql://", L("url_credentials", f"csms_app:{pw_urlsafe()}"),
                  "@", ip(ipv4_private("10")), ":5432/csms\nREDIS_URL=rediss://", L("url_credentials", f":{pw_urlsafe()}"),
                  "@cache.kelverne.internal:6380/0\nSTRIPE_SECRET_KEY=", key("stripe"), "\nSTRIPE_WEBHOOK_SECRET=",
                  key("stripe", 1), "\nJWT_SECRET=", pw(rs(URLSAFE, 48)), "\nOCPI_TOKEN=", pw(str(uid())),
                  "\nSENTRY_ENVIRONMENT=production"]
    elif v == 1:
        pieces = ["# notify-service .env\nTWILIO_ACCOUNT_SID=", Look("AC" + hexsecret(32)), "\nTWILIO_API_KEY=",
                  key("twilio"), "\nTWILIO_API_SECRET=", key("twilio", 2), "\nTWILIO_FROM=", ph("GB", 3),
                  "\nSENDGRID_API_KEY=", key("sendgrid"), "\nSLACK_WEBHOOK_URL=", key("slack", 1),
                  "\nOUTAGE_FROM_EMAIL=", em(ROLE["noreply"])]
    elif v == 2:
        pieces = ["# assistant/.env (tariff Q&A bot)\nOPENAI_API_KEY=", key("openai"), "\nANTHROPIC_API_KEY=",
                  key("anthropic"), "\nHF_TOKEN=", key("huggingface"), "\nAZURE_STORAGE_KEY=", key("azure"),
                  "\nPYPI_TOKEN=", key("pypi"), "\nVECTOR_DB_URL=http://",
                  L("url_credentials", f"qdrant:{pw_urlsafe()}"), "@", ip(ipv4_private("10")), ":6333\nLOG_LEVEL=info"]
    elif v == 3:
        pieces = ["# solar-portal/.env\nGOOGLE_MAPS_API_KEY=", key("google"), "\nSHOPIFY_ADMIN_TOKEN=", key("shopify"),
                  "\nATLASSIAN_TOKEN=", key("atlassian"), "\nATLASSIAN_USER=", PE(s), "\nOPENAI_API_KEY=", key("openai"),
                  "\nSESSION_SECRET=",
                  pw(hexsecret(64)), "\nSMTP_PASSWORD=", pw(pw_random(16))]
    else:
        pieces = ["# mdm-importer/.env\nAWS_ACCESS_KEY_ID=", key("aws"), "\nAWS_SECRET_ACCESS_KEY=", key("aws", 1),
                  "\nAWS_SESSION_TOKEN=", pw(b64(R.randbytes(R.choice([240, 276, 300])))),
                  "\nSFTP_HOST=", ip(ipv4_public()), "\nSFTP_PASSWORD=", pw(pw_random(18)), "\nGITHUB_TOKEN=",
                  key("github")]
    emit("dotenv", "en", pieces)


def db_urls(i):
    """Database and broker connection strings in runbook prose, commands and JDBC URLs."""
    s = staff()
    v = i % 4
    if v == 0:
        pieces = ["Billing replica for the month-end run: mysql://", L("url_credentials", f"billing_ro:{pw_urlsafe()}"),
                  "@", ip(ipv4_private("10")), ":3306/billing — ask ", P(s), " before using it in office hours."]
    elif v == 1:
        pieces = ["Telemetry goes through amqps://", L("url_credentials", f"rtu-ingest:{pw_urlsafe()}"),
                  "@mq.kelverne.internal:5671/scada and lands in mongodb+srv://",
                  L("url_credentials", f"telemetry_w:{pw_urlsafe()}"), "@tele-prod.kelverne.internal/readings"]
    elif v == 2:
        pieces = ["jdbc:postgresql://", ip(ipv4_private("10")), ":5432/mdm?user=mdm_batch&password=",
                  pw(pw_urlsafe()), "&ssl=true\n(from settlement-loader.properties, reported by ", P(s), ")"]
    else:
        pieces = ["$ PGPASSWORD='", pw(pw_random(16).replace("'", "!")), "' psql -h ", ip(ipv4_private("10")),
                  " -U psr_admin -d psr -c 'select count(*) from register'\n count\n-------\n ",
                  str(R.randint(20000, 90000))]
    emit("db_url", "en", pieces)


def saas_tokens(i):
    """Ticket prose about a vendor token: rotation, leak reports, pasted commands."""
    s, s2 = staff_n(2)
    vendor = VENDOR_CYCLE()
    variant = {"github": i % 2, "slack": i % 3, "stripe": i % 2, "hashicorp": i % 2, "twilio": i % 3}.get(vendor, 0)
    token = key(vendor, variant)
    v = i % 4
    if v == 0:
        t = ("⟦s⟧ rotated the ⟦vendor⟧ credential used by ⟦what⟧; the old one, ⟦tok⟧, is revoked. The ⟦vendor2⟧ one "
             "(⟦tok2⟧) is next. Vault path updated by ⟦s2⟧.")
    elif v == 1:
        t = ("Secret scanning alert on kelverne/⟦repo⟧: ⟦tok⟧ (⟦vendor⟧) and ⟦tok2⟧ (⟦vendor2⟧) in commit ⟦sha⟧. "
             "Assigned to ⟦s⟧, ⟦s2⟧ to confirm revocation.")
    elif v == 2:
        t = ("⟦s⟧: for the ⟦what⟧ spike just use my ⟦vendor⟧ key for now: ⟦tok⟧ and the team ⟦vendor2⟧ one, ⟦tok2⟧ — "
             "⟦s2⟧ please don't paste them anywhere else")
    else:
        t = ("Found in a support bundle uploaded to ⟦key⟧: ⟦tok⟧ and ⟦tok2⟧ (⟦vendor⟧ and ⟦vendor2⟧). Owner ⟦s⟧; ⟦s2⟧ "
             "opened the incident.")
    what = R.choice(["the Jira automation", "the outage map", "the tariff bot", "the CSMS deploy job", "the MDM exporter",
                     "the solar quote tool", "the PSR sync", "the OCPI roaming hub"])
    vendor2 = VENDOR_CYCLE()
    token2 = key(vendor2, {"slack": 1, "stripe": 1}.get(vendor2, 0))
    pieces = fill(t, s=P(s), s2=P(s2), vendor=VENDOR_NAMES[vendor], vendor2=VENDOR_NAMES[vendor2], tok2=token2,
                  what=what, tok=token, repo=R.choice(["csms", "mdm", "outage-map", "solar-portal", "infra"]),
                  sha=Look(hexsecret(40)), key=Look(f"EVC-{num(4)}"))
    emit("saas", "en", pieces)


def jwt_lines(i):
    """Bearer JWTs in curl, HAR and token responses; OCPI tokens."""
    s = staff()
    v = i % 6
    claims = {"iss": "https://sso.kelverne.energy/realms/staff", "sub": str(uuid.UUID(int=R.getrandbits(128), version=4)),
              "aud": R.choice(["csms-api", "mdm-api", "outage-map"]), "preferred_username": s.email.split("@")[0]}
    if v == 0:
        pieces = ["curl -s https://api.kelvernecharge.net/v2/sessions?evse=", evse_id(), " \\\n  -H 'Authorization: Bearer ",
                  L("jwt", jwt("RS256", claims)), "'"]
    elif v == 1:
        pieces = ['{"access_token":"', L("jwt", jwt("RS256", claims)), '","expires_in":300,"refresh_token":"',
                  L("jwt", jwt("HS512", {"typ": "Refresh", "sub": claims["sub"]})), '","token_type":"Bearer",'
                  '"session_state":"', uid(), '","scope":"openid profile email"}']
    elif v == 2:
        pieces = ["OCPI 2.2.1 credentials handshake with the roaming hub: our token A ", pw(str(uid())),
                  ", their token B ", pw(b64(rs(URLSAFE, 30).encode())), " (base64 as the spec wants). Owner ", P(s)]
    elif v == 5:
        pieces = ["csms-api log: POST /v2/tariffs/", tariff(), " 401 from ", ip(any_public()), " token=",
                  L("jwt", jwt("HS256", {"sub": "tariff-sync", "iss": "mdm"})), "; retry 200 with token=",
                  L("jwt", jwt("RS256", claims)), " (", P(s), " to rotate the HS256 one)"]
    elif v == 4:
        sa = {"iss": "kubernetes/serviceaccount", "kubernetes.io/serviceaccount/namespace": "csms",
              "kubernetes.io/serviceaccount/service-account.name": "deployer", "sub": "system:serviceaccount:csms:deployer"}
        pieces = ["kubeconfig of the CSMS deploy job (", P(s), "):\nclusters:\n- cluster:\n    server: https://",
                  ip(ipv4_private("10")), ":6443\n    certificate-authority-data: ", Look(b64(R.randbytes(60))),
                  "\nusers:\n- name: deployer\n  user:\n    token: ", L("jwt", jwt("RS256", sa))]
    else:
        pieces = ["HAR excerpt (", P(s), "): request headers\n  :authority: outage.kelvernenetworks.net\n"
                  "  authorization: Bearer ", L("jwt", jwt("ES256", claims)), "\n  x-request-id: ", uid(),
                  "\n  x-forwarded-for: ", ip(any_public())]
    emit("jwt", "en", pieces)


def private_keys(i):
    """Private keys pasted into tickets: charge-point TLS (EC), SFTP (OpenSSH), SAML (RSA), GCP JSON (PKCS#8)."""
    s = staff()
    v = i % 5
    if v == 4:
        pieces = ["Ansible control node key (", P(s), "), also used for ", ip(ot_ip()), " and ", ip(ot_ip()), ":\n",
                  L("private_key", pem("openssh", "ansible@klv-ctl01")), "\n(no passphrase on it either)"]
    elif v == 0:
        pieces = ["Security profile 3 cert for ", Look(cp_id()), " — vendor sent the key in the ticket, again:\n",
                  L("private_key", pem("ec")), "\nRevoke and reissue. — ", P(s)]
    elif v == 1:
        pieces = ["DTN settlement SFTP key (", P(s), "), host ", ip(any_public()), ":\n",
                  L("private_key", pem("openssh", "settlement@klv-dtn01"))]
    elif v == 2:
        pieces = ["SAML signing key of the staff IdP was attached to ", Look(f"SEC-{num(3)}"), ":\n",
                  L("private_key", pem("rsa"))]
    else:
        body = pem("pkcs8").replace("\n", "\\n")
        project = f"kelverne-grid-{num(6)}"
        pieces = ['{\n  "type": "service_account",\n  "project_id": "', project, '",\n  "private_key_id": "',
                  Look(hexsecret(40)), '",\n  "private_key": "', L("private_key", body), '\\n",\n  "client_email": "',
                  em(f"outage-map@{project}.iam.gserviceaccount.com"), '",\n  "client_id": "', Look(num(21)), '"\n}']
    emit("private_key", "en", pieces)


# ================================================================ text types: mail, cards, exports, pages


def email_thread(i):
    """A forwarded e-mail with full headers, a quoted reply and signatures."""
    c, s, s2 = customer(), *staff_n(2)
    t = moment()
    mx_ip, client_ip = ipv4_public(), ipv4_public() if i % 3 else ipv6_global()
    subj = R.choice(["Power cut again on our street", "Direct debit taken twice", "Charger kept my money",
                     "Solar panels not exporting", "Smart meter appointment", "Complaint about your engineer"])
    role = R.choice(["care", "billing", "evsupport", "surveys", "metering"])
    pieces = ["Return-Path: <", CE(c), ">\nReceived: from mail.example.net (mail.example.net [", ip(mx_ip),
              "])\n        by mx1.kelverne.energy with ESMTPS id ", Look(rs(ALNUM, 12)), "\n        for <", em(ROLE[role]),
              ">; ", t.strftime("%a, %d %b %Y %H:%M:%S +0000"), "\nX-Originating-IP: [", ip(client_ip), "]\nFrom: \"",
              CN(c), "\" <", CE(c), ">\nTo: ", em(ROLE[role]), "\nCc: \"", P(s), "\" <", PE(s), ">\nReply-To: ", CE(c),
              "\nSubject: Re: ", subj,
              " [", Look(f"CARE-{num(5)}"), "]\nMessage-ID: ", Look(f"<{rs(HEXL, 16)}.{num(6)}@mail.example.net>"),
              "\n\nHi ", P(s), ",\n\n"]
    body = i % 3
    if body == 0:
        pieces += ["Still waiting. You can call me on ", ph(c.cc), " after 5pm. My account is ", account_no(), ".\n\n"]
    elif body == 1:
        pieces += ["The refund should go to ", L("iban", iban(c.cc if c.cc in IBAN_SPECS else "GB")),
                   ", not the card. Mobile ", mobile(c.cc), ".\n\n"]
    else:
        pieces += ["Here is the card you charged: ", L("credit_card", card()), ". Sort it out please.\n\n"]
    pieces += ["Regards,\n", CN(c), "\n\n> On ", t.strftime("%d %b %Y"), ", ", P(s2), " <", PE(s2), "> wrote:\n"
               "> Thanks for getting in touch. Your case reference is ", Look(f"CARE-{num(5)}"), ".\n> ", P(s2), "\n> ",
               R.choice(["Customer Care", "EV Support", "Metering Team"]), " | Kelverne Energy | ", ph("GB", 7)]
    emit("email", "en", pieces)


def vcard(i):
    """A vCard exported from a field tablet or a supplier contact list."""
    c = customer()
    words = c.name.split()
    given, family = words[0], " ".join(words[1:])
    org = R.choice(["", "Ferrowatt Transformers", "Hebridean Civils", "Gridlytics Ltd"])
    pieces = ["BEGIN:VCARD\nVERSION:3.0\nN:", CN(c, family), ";", CN(c, given), ";;;\nFN:", CN(c), "\n"]
    if org:
        pieces += [f"ORG:{org}\n"]
    pieces += ["TEL;TYPE=CELL:", mobile(c.cc), "\nTEL;TYPE=HOME,VOICE:", landline(c.cc), "\nEMAIL;TYPE=INTERNET:", CE(c),
               f"\nADR;TYPE=HOME:;;{R.randint(1, 99)} {R.choice(STREETS)};;;;\nNOTE:site survey ", ref("SS-"),
               f"\nREV:{iso()}\nEND:VCARD"]
    emit("vcard", "en", pieces)


def csv_export(i):
    """CSV exports: customer lists, charging sessions, PSR register, refunds."""
    s = staff()
    v = i % 4
    rows = []
    if v == 0:
        rows.append("account_no,name,email,phone,mpan,tariff\n")
        for _ in range(R.randint(4, 6)):
            c = customer()
            rows += [account_no(), ",", CN(c), ",", CE(c), ",", ph(c.cc), ",", Look(mpan_core()), ",", tariff(), "\n"]
    elif v == 1:
        rows.append("session_id,evse_id,driver_email,id_tag,kwh,amount_gbp,card\n")
        for _ in range(R.randint(4, 6)):
            c = customer()
            card_cell = (Look("•••• " + rs(DIGITS, 4)) if R.random() < 0.35 else L("credit_card", card("")))
            rows += [Look(num(8)), ",", evse_id(), ",", CE(c), ",", rfid_uid(), f",{R.randint(30, 800) / 10:.1f},",
                     amount(3, 70), ",", card_cell, "\n"]
    elif v == 2:
        rows.append("\"Name\";\"E-mail\";\"Telefon\";\"Needs\"\n")
        for _ in range(4):
            c = customer()
            rows += ["\"", CN(c), "\";\"", CE(c), "\";\"", ph(c.cc), f"\";\"{R.choice(PSR_CODES)}\"\n"]
    else:
        rows.append("refund_id,holder,holder_email,iban,amount_eur,approved_by\n")
        for _ in range(4):
            cc = SEPA_CC()
            c = sepa_customer(cc)
            rows += [Look(f"RF{num(6)}"), ",", CN(c), ",", CE(c), ",", L("iban", iban(cc, False)), ",",
                     amount(10, 500), ",", PE(s), "\n"]
    emit("csv", "en", [f"{R.choice(['export', 'extract', 'dump'])}_{day('%Y%m%d')}.csv:\n"] + chomp(rows))


def wiki_table(i):
    """Jira wiki tables: on-call rotas, crew lists, site contacts."""
    v = i % 3
    if v == 0:
        crew = staff_n(4)
        pieces = ["h3. Out-of-hours rota, week ", str(R.randint(2, 15)), "\n||Role||Name||Mobile||Account||\n"]
        for role, person in zip(["Control engineer", "OT security", "CSMS on-call", "Metering"], crew):
            pieces += [f"|{role}|", P(person), "|", mobile("GB"), "|[~accountid:", PID(person), "]|\n"]
    elif v == 1:
        pieces = ["||Site||Contact||E-mail||Phone||Site ref||\n"]
        for _ in range(4):
            c = customer()
            pieces += [f"|{R.choice(SITES)}|", CN(c), "|[", CN(c), "|mailto:", CE(c), "]|", ph(c.cc), "|",
                       Look(f"ST-{R.randint(1000, 9999)}"), "|\n"]
    else:
        crew = staff_n(3)
        pieces = ["||Crew||Lead||Mobile||Van||\n"]
        for person in crew:
            nsn = pattern("7[45789]########")
            pieces += [f"|CREW-{R.randint(1, 19):02d}|", P(person), "|[", Lab("phone", f"0{nsn[:4]} {nsn[4:]}"), "|tel:",
                       Lab("phone", f"+44{nsn}"), "]|",
                       Look(f"{rs(UPPER, 2)}{R.randint(18, 25)} {rs(UPPER, 3)}"), "|\n"]
    emit("wiki", "en", chomp(pieces))


def runbook(i):
    """Confluence runbook pages: failovers, restores and break-glass steps."""
    s, s2 = staff_n(2)
    v = i % 6
    if v == 5:
        pieces = ["h2. Pull disturbance records from the relays\n# ftp://",
                  L("url_credentials", f"dr-read:{pw_urlsafe(12)}"),
                  "@", ip(ot_ip()), "/COMTRADE/\n# the inverter fleet bridge publishes to mqtt://",
                  L("url_credentials", f"fleet:{pw_urlsafe()}"), "@", ip(ipv4_private("10")), ":1883\n# owner ", P(s)]
    elif v == 0:
        pieces = ["h2. CSMS database failover\n# ssh admin@", ip(ipv4_private("10")), "\n# {{patronictl switchover}} "
                  "and confirm the new leader\n# check: psql \"postgresql://",
                  L("url_credentials", f"csms_admin:{pw_urlsafe()}"),
                  "@", ip(ipv4_private("10")), ":5432/csms\" -c 'select 1'\n# tell ", P(s), " on ", ph("GB")]
    elif v == 1:
        pieces = ["h2. Break-glass: EMS domain admin\nAccount {{klv-bg-ems}}; the password is ", pw(pw_random(20)),
                  " (sealed envelope copy in the control room safe). Use from the jump host ", ip(ot_ip()),
                  " only; inform ", P(s), " and ", em(ROLE["otsec"]), " within an hour."]
    elif v == 2:
        pieces = ["h2. Restore the outage map\n1. Pull the image: docker login ghcr.io -u klv-deploy -p ", key("github"),
                  "\n2. Point it at ", ip(ipv4_private("10")), " (read replica)\n3. Post in Slack via ", key("slack", 1),
                  "\nOwner: ", P(s)]
    elif v == 3:
        pieces = ["h2. Reset a charge point's basic-auth password\n* Generate one (20+ chars), e.g. the last one we used "
                  "was ", pw(pw_random(22)), " — don't reuse it\n* Send SetVariables (see ", Look(f"CSMS-{num(4)}"),
                  ")\n* Escalation: ", P(s), " ", ph("GB"), ", then ", P(s2), " ", ph("GB")]
    else:
        pieces = ["h2. Rotate the RADIUS secret for the substation switches\n# new secret: ", pw(pw_random(24)),
                  "\n# update clients.conf on ", ip(ot_ip()), " and ", ip(ot_ip()), "\n# switches: radius server KLV, key 0 "
                  "and the new secret\n# verify from ", ip(ipv6_ula()), "\nAsk ", P(s), " ([~accountid:", PID(s),
                  "]) if stuck."]
    emit("runbook", "en", pieces)


# ================================================================ text in eighteen more languages
# Each language: where its speakers' phones and IBANs come from, customers (name, address base), words
# its people build passwords from, a date format, and nine templates (seven positive, two negative).

LANGS = {
    "xh": dict(name="Xhosa", cc="ZA", money="R", fmt="%Y/%m/%d",
               customers=[("Nomvula Mqhayi", "nomvula.mqhayi"), ("Siyabonga Gqirana", "siyabonga.gqirana"),
                          ("Thandeka Ntshona", "thandeka.ntshona")],
               words=["Qonce", "Molweni", "Inkwenkwezi", "Ilanga", "Umlambo", "Nxuba", "Amatola"],
               t=dict(
                   complaint=("Isikhalazo ngebhili: umthengi ⟦name⟧ (⟦email⟧, ⟦phone⟧) uthi iakhawunti ⟦acct⟧ "
                              "ihlawulwe kabini ngoMatshi. Nceda ujonge intlawulo ⟦ref⟧."),
                   solar=("Uvavanyo lwendawo ⟦ref⟧: umnini-khaya ⟦name⟧ (⟦email⟧), umnxeba ⟦phone⟧. Uphahla "
                          "lwentsimbi lujonge emntla, akukho mthunzi. GPS ⟦gps⟧."),
                   psr=("Inqaku le-PSR: ⟦name⟧ (⟦email⟧) usebenzisa umatshini we-oksijini ekhaya. Xa kucinywa "
                        "umbane, tsalela umnakekeli wakhe ku-⟦phone⟧ ngoko nangoko."),
                   pw="Iphasiwedi ye-Wi-Fi yeofisi yaseGqeberha ngu-⟦pw⟧ — musa ukuyinika abathengi. ⟦staff⟧",
                   card=("Incoko ⟦ref⟧: umqhubi ubhale inombolo yekhadi lakhe apha: ⟦card⟧. Ndiyicimile "
                         "kwirekhodi — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Umbane uphelile eMdantsane NU 12, itransformer itshile. Ndifowunele "
                         "ku-⟦phone⟧."),
                   refund="Imbuyekezo ye-R⟦amount⟧ iya kwikhadi ⟦card⟧ lika⟦name⟧ (⟦email⟧).",
                   neg1=("Imitha ⟦serial⟧ ifakwe ngomhla ⟦date⟧; itarifu ⟦tariff⟧, ufundo lokuqala ⟦reading⟧ kWh. "
                         "Akukho ngxaki."),
                   neg2="Uvavanyo ⟦ref⟧: iiphaneli ezili-12 × 430 W, i-inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "st": dict(name="Sesotho", cc="LS", money="M", fmt="%d/%m/%Y",
               customers=[("Palesa Moshoeshoe", "palesa.moshoeshoe"), ("'Mamello Letsie", "mamello.letsie"),
                          ("Thabo Mofokeng", "thabo.mofokeng")],
               words=["Khotso", "Pula", "Nala", "Maloti", "Thaba", "Letsatsi", "Qiloane"],
               t=dict(
                   complaint=("Tletlebo ea bili: moreki ⟦name⟧ (⟦email⟧, ⟦phone⟧) o re akhaonto ⟦acct⟧ e "
                              "lefisitsoe habeli ka Hlakubele. Ka kopo hlahloba tefo ⟦ref⟧."),
                   solar=("Tlhahlobo ea sebaka ⟦ref⟧: mong'a ntlo ⟦name⟧ (⟦email⟧), mohala ⟦phone⟧. Marulelo a "
                          "lesenke a shebile leboea, ha ho moriti. GPS ⟦gps⟧."),
                   psr=("Tlhokomeliso ea PSR: ⟦name⟧ (⟦email⟧) o sebelisa mochini oa oksijene lapeng. Ha "
                        "motlakase o khaoha, letsetsa mohlokomeli oa hae ho ⟦phone⟧ hang-hang."),
                   pw="Phasewete ea Wi-Fi ea ofisi ea Maseru ke ⟦pw⟧. U se ke ua e arolelana le bareki. — ⟦staff⟧",
                   card=("Puisano ea chat ⟦ref⟧: mokhanni o ngotse nomoro ea karete ea hae mona: ⟦card⟧. Ke e "
                         "hlakotse rekotong — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Motlakase o khaohile Ha Thetsane, transformer e chele. Ntletsetse ho "
                         "⟦phone⟧."),
                   refund="Chelete e khutlisoang ea M⟦amount⟧ e ea kareteng ⟦card⟧ ea ⟦name⟧ (⟦email⟧).",
                   neg1=("Metara ⟦serial⟧ e kentsoe ka ⟦date⟧; tarifi ⟦tariff⟧, palo ea pele ⟦reading⟧ kWh. Ha ho "
                         "bothata."),
                   neg2="Tlhahlobo ⟦ref⟧: liphanele tse 12 × 430 W, inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "sn": dict(name="Shona", cc="ZW", money="US$", fmt="%d/%m/%Y",
               customers=[("Rutendo Mupfumira", "rutendo.mupfumira"), ("Tatenda Moyo", "tatenda.moyo"),
                          ("Nyasha Chiweshe", "nyasha.chiweshe")],
               words=["Mhoro", "Zuva", "Mvura", "Gomo", "Nyeredzi", "Shumba", "Rufaro"],
               t=dict(
                   complaint=("Chichemo chebhiri: mutengi ⟦name⟧ (⟦email⟧, ⟦phone⟧) anoti akaundi ⟦acct⟧ "
                              "yakabhadharwa kaviri muna Kurume. Ndapota tarisai muripo ⟦ref⟧."),
                   solar=("Ongororo yenzvimbo ⟦ref⟧: muridzi wemba ⟦name⟧ (⟦email⟧), nhare ⟦phone⟧. Denga "
                          "remarata rakatarisa kuchamhembe, hapana mumvuri. GPS ⟦gps⟧."),
                   psr=("Cherechedzo yePSR: ⟦name⟧ (⟦email⟧) anoshandisa muchina weokisijeni kumba. Magetsi "
                        "akadimburwa, fonerai muchengeti wake pa ⟦phone⟧ pakarepo."),
                   pw="Pasiwedhi yeWi-Fi yehofisi yeHarare: ⟦pw⟧ — musaipa vatengi. ⟦staff⟧",
                   card=("Hurukuro yechat ⟦ref⟧: mutyairi anyora nhamba yekadhi rake pano: ⟦card⟧. Ndaidzima "
                         "murekodhi — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Magetsi adimuka kuChitungwiza Unit L, transformer yapisa. Ndifonerei "
                         "pa ⟦phone⟧."),
                   refund="Mari inodzoserwa US$⟦amount⟧ ichaenda kukadhi ⟦card⟧ ra⟦name⟧ (⟦email⟧).",
                   neg1=("Mita ⟦serial⟧ yakaiswa ⟦date⟧; tarifi ⟦tariff⟧, kuverenga kwekutanga ⟦reading⟧ kWh. "
                         "Hapana dambudziko."),
                   neg2="Ongororo ⟦ref⟧: mapaneru 12 × 430 W, inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "ig": dict(name="Igbo", cc="NG", money="₦", fmt="%d/%m/%Y",
               customers=[("Obinna Nwosu", "obinna.nwosu"), ("Adaeze Nwachukwu", "adaeze.nwachukwu"),
                          ("Ngozi Ọkafọ", "ngozi.okafo")],
               words=["Daalu", "Anyanwu", "Obodo", "Udo", "Ihunanya", "Enugu", "Nkem"],
               t=dict(
                   complaint=("Mkpesa ụgwọ: onye ahịa ⟦name⟧ (⟦email⟧, ⟦phone⟧) kwuru na a nara akaụntụ ⟦acct⟧ "
                              "ego ugboro abụọ na Machị. Biko lelee ịkwụ ụgwọ ⟦ref⟧."),
                   solar=("Nyocha saịtị ⟦ref⟧: onye nwe ụlọ ⟦name⟧ (⟦email⟧), ekwentị ⟦phone⟧. Elu ụlọ bụ zinc, o "
                          "chere ugwu, enweghị ndò. GPS ⟦gps⟧."),
                   psr=("Ndetu PSR: ⟦name⟧ (⟦email⟧) na-eji igwe oxygen n'ụlọ. Ọ bụrụ na ọkụ anyụọ, kpọọ onye "
                        "na-elekọta ya na ⟦phone⟧ ozugbo."),
                   pw="Okwuntughe Wi-Fi nke ọfịs Enugu bụ ⟦pw⟧. Ekekọrịtala ya na ndị ahịa. — ⟦staff⟧",
                   card=("Mkparịta ụka chat ⟦ref⟧: onye ọkwọ ụgbọ ala dere nọmba kaadị ya ebe a: ⟦card⟧. "
                         "Ehichapụla m ya na ndekọ — ⟦staff⟧."),
                   chat="[⟦time⟧] ⟦staff⟧: Ọkụ anyụọla na Trans-Ekulu, transformer gbara ọkụ. Kpọọ m na ⟦phone⟧.",
                   refund="Nloghachi ego ₦⟦amount⟧ ga-aga na kaadị ⟦card⟧ nke ⟦name⟧ (⟦email⟧).",
                   neg1="Mita ⟦serial⟧ etinyere na ⟦date⟧; tarif ⟦tariff⟧, ọgụgụ mbụ ⟦reading⟧ kWh. Enweghị nsogbu.",
                   neg2="Nyocha ⟦ref⟧: panel 12 × 430 W, inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "ht": dict(name="Haitian Creole", cc="HT", money="HTG", fmt="%d/%m/%Y",
               customers=[("Fabienne Désir", "fabienne.desir"), ("Jean-Robert Pierre-Louis", "jeanrobert.pierrelouis"),
                          ("Mackenson Dorvil", "mackenson.dorvil")],
               words=["Lakay", "Soley", "Lanmou", "Bonjou", "Jakmel", "Ayiti", "Kenskoff"],
               t=dict(
                   complaint=("Plent sou fakti: kliyan ⟦name⟧ (⟦email⟧, ⟦phone⟧) di yo fè kont ⟦acct⟧ la peye de "
                              "fwa nan mwa mas. Tanpri verifye peman ⟦ref⟧ la."),
                   solar=("Vizit sit ⟦ref⟧: mèt kay la, ⟦name⟧ (⟦email⟧), telefòn ⟦phone⟧. Do kay tòl, li bay sou "
                          "nò, pa gen lonbraj. GPS ⟦gps⟧."),
                   psr=("Nòt PSR: ⟦name⟧ (⟦email⟧) sèvi ak yon machin oksijèn lakay li. Si kouran an koupe, rele "
                        "moun k ap okipe l la nan ⟦phone⟧ touswit."),
                   pw="Modpas Wi-Fi biwo Jakmèl la se ⟦pw⟧. Pa bay kliyan l. — ⟦staff⟧",
                   card=("Konvèsasyon chat ⟦ref⟧: chofè a ekri nimewo kat li la a: ⟦card⟧. Mwen efase l nan dosye "
                         "a — ⟦staff⟧."),
                   chat="[⟦time⟧] ⟦staff⟧: Kouran an koupe nan Delmas 33, transfòmatè a boule. Rele m nan ⟦phone⟧.",
                   refund="Ranbousman ⟦amount⟧ HTG ap ale sou kat ⟦card⟧ ⟦name⟧ (⟦email⟧).",
                   neg1="Kontè ⟦serial⟧ enstale ⟦date⟧; tarif ⟦tariff⟧, premye lekti ⟦reading⟧ kWh. Pa gen pwoblèm.",
                   neg2="Vizit ⟦ref⟧: 12 panno × 430 W, envètè ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "qu": dict(name="Quechua", cc="PE", money="S/", fmt="%d/%m/%Y",
               customers=[("Rosa Mamani Condori", "rosa.mamanicondori"), ("Killa Ccori Yupanqui", "killa.ccoriyupanqui"),
                          ("Saturnino Apaza Ttito", "saturnino.apazattito")],
               words=["Inti", "Pachamama", "Allin", "Urpi", "Qhapaq", "Chaska", "Ausangate"],
               t=dict(
                   complaint=("Bill nisqamanta willakuy: rantiq ⟦name⟧ (⟦email⟧, ⟦phone⟧) nin ⟦acct⟧ cuentanta "
                              "iskay kutita pagachisqankuta marzo killapi. Ama hina kaspa ⟦ref⟧ pagota qhawariy."),
                   solar=("Llaqta qhawariy ⟦ref⟧: wasiyuq ⟦name⟧ (⟦email⟧), telefono ⟦phone⟧. Wasi qhatan "
                          "calamina, chinchayman qhawan, mana llantuyuqchu. GPS ⟦gps⟧."),
                   psr=("PSR willakuy: ⟦name⟧ (⟦email⟧) wasinpi oxígeno máquinata llamk'achin. K'anchay wañuptin, "
                        "qhawaqninman ⟦phone⟧ nisqaman utqaylla waqyay."),
                   pw="Cusco oficinapa Wi-Fi pakasqa siminqa ⟦pw⟧ — ama rantiqkunaman quychu. ⟦staff⟧",
                   card=("Chat rimanakuy ⟦ref⟧: carro purichiq tarjetanpa yupayninta kaypi qillqarqan: ⟦card⟧. "
                         "Registromanta pichapuni — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: San Jerónimopi k'anchay wañun, transformador ruparqan. ⟦phone⟧ "
                         "nisqaman waqyamuway."),
                   refund="S/ ⟦amount⟧ kutichiyqa ⟦name⟧pa (⟦email⟧) ⟦card⟧ tarjetanman rinqa.",
                   neg1=("Medidor ⟦serial⟧ ⟦date⟧ p'unchawpi churasqa; tarifa ⟦tariff⟧, ñawpaq liyiy ⟦reading⟧ "
                         "kWh. Mana imapas sasachakuy kanchu."),
                   neg2="Qhawariy ⟦ref⟧: 12 panel × 430 W, inversor ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "mi": dict(name="Māori", cc="NZ", money="$", fmt="%d/%m/%Y",
               customers=[("Wiremu Ngata", "wiremu.ngata"), ("Mereana Pōtae", "mereana.potae"),
                          ("Tamati Rangihuna", "tamati.rangihuna")],
               words=["Kiaora", "Moana", "Pounamu", "Maunga", "Whetu", "Tangaroa", "Kahikatea"],
               t=dict(
                   complaint=("Amuamu pire: e kī ana te kiritaki a ⟦name⟧ (⟦email⟧, ⟦phone⟧) e rua ngā utunga i "
                              "tangohia mō te pūkete ⟦acct⟧ i Poutū-te-rangi. Tēnā, tirohia te utunga ⟦ref⟧."),
                   solar=("Aromatawai pae ⟦ref⟧: te rangatira o te whare ⟦name⟧ (⟦email⟧), waea ⟦phone⟧. He rino "
                          "te tuanui, e anga ana ki te raki, kāore he ātārangi. GPS ⟦gps⟧."),
                   psr=("Tuhipoka PSR: ka whakamahi a ⟦name⟧ (⟦email⟧) i tētahi mīhini hāora i te kāinga. Ki te "
                        "motu te hiko, waea wawe atu ki tōna kaitiaki ki ⟦phone⟧."),
                   pw="Ko te kupuhipa Wi-Fi o te tari o Kirikiriroa ko ⟦pw⟧. Kaua e hoatu ki ngā kiritaki. — ⟦staff⟧",
                   card=("Kōrerorero ⟦ref⟧: i tuhia e te kaitaraiwa tana nama kāri ki konei: ⟦card⟧. Kua mukua e "
                         "au i te pūkete — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Kua motu te hiko ki Ngāruawāhia, kua wera te transformer. Waea mai ki "
                         "⟦phone⟧."),
                   refund="Ka whakahokia te $⟦amount⟧ ki te kāri ⟦card⟧ a ⟦name⟧ (⟦email⟧).",
                   neg1=("Ko te mita ⟦serial⟧ i whakaurua i te ⟦date⟧; reiti ⟦tariff⟧, pānui tuatahi ⟦reading⟧ "
                         "kWh. Kāore he raruraru."),
                   neg2=("Aromatawai ⟦ref⟧: 12 × 430 W ngā panel, inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧ — "
                         "kua whakaaetia."))),
    "sm": dict(name="Samoan", cc="WS", money="WS$", fmt="%d/%m/%Y",
               customers=[("Losa Tuilagi", "losa.tuilagi"), ("Faʻamoana Leota", "faamoana.leota"),
                          ("Malia Tupuola", "malia.tupuola")],
               words=["Talofa", "Manuia", "Fetu", "Moana", "Faafetai", "Upolu", "Savaii"],
               t=dict(
                   complaint=("Fa'asea i le pili: fai mai le tagata fa'atau ⟦name⟧ (⟦email⟧, ⟦phone⟧) na totogi "
                              "fa'alua le akauni ⟦acct⟧ ia Mati. Fa'amolemole siaki le totogi ⟦ref⟧."),
                   solar=("Su'esu'ega o le nofoaga ⟦ref⟧: le ona le fale ⟦name⟧ (⟦email⟧), telefoni ⟦phone⟧. O le "
                          "taualuga u'amea e faasaga i matū, leai se paolo. GPS ⟦gps⟧."),
                   psr=("Fa'amatalaga PSR: e fa'aaoga e ⟦name⟧ (⟦email⟧) se masini okesene i le fale. A motusia "
                        "le eletise, vala'au vave i lona tausi i le ⟦phone⟧."),
                   pw=("O le upu fa'alilo o le Wi-Fi a le ofisa i Apia o le ⟦pw⟧. Aua ne'i tu'uina atu i tagata "
                       "fa'atau. — ⟦staff⟧"),
                   card=("Talanoaga i le chat ⟦ref⟧: na tusi e le aveta'avale le numera o lana kata iinei: "
                         "⟦card⟧. Ua ou tapeina mai le fa'amaumauga — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Ua motu le eletise i Vaitele, ua mu le transformer. Vala'au mai i le "
                         "⟦phone⟧."),
                   refund="O le toe fa'afo'i WS$⟦amount⟧ o le a alu i le kata ⟦card⟧ a ⟦name⟧ (⟦email⟧).",
                   neg1=("O le mita ⟦serial⟧ na fa'apipi'i i le ⟦date⟧; tau ⟦tariff⟧, faitauga muamua ⟦reading⟧ "
                         "kWh. Leai se fa'afitauli."),
                   neg2="Su'esu'ega ⟦ref⟧: 12 panele × 430 W, inverter ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "gd": dict(name="Scottish Gaelic", cc="GB", money="£", fmt="%d/%m/%Y", iban="GB",
               customers=[("Mòrag NicAmhlaigh", "morag.nicamhlaigh"), ("Dòmhnall MacLeòid", "domhnall.macleoid"),
                          ("Ciorstaidh Dhòmhnallach", "ciorstaidh.dhomhnallach")],
               words=["Slainte", "Eilean", "Cuan", "Solas", "Beinn", "Tobar", "Sgarbh"],
               t=dict(
                   complaint=("Gearan bile: tha an neach-ceannach ⟦name⟧ (⟦email⟧, ⟦phone⟧) ag ràdh gun deach an "
                              "cunntas ⟦acct⟧ a phàigheadh dà thuras sa Mhàrt. Feuch an sgrùd thu am pàigheadh "
                              "⟦ref⟧."),
                   solar=("Sgrùdadh làraich ⟦ref⟧: sealbhadair an taighe ⟦name⟧ (⟦email⟧), fòn ⟦phone⟧. Mullach "
                          "sglèat a' coimhead gu deas, gun sgàil. GPS ⟦gps⟧."),
                   psr=("Nota PSR: tha ⟦name⟧ (⟦email⟧) a' cleachdadh inneal ogsaidean aig an taigh. Ma thèid an "
                        "dealan dheth, cuir fòn sa bhad chun an neach-cùraim air ⟦phone⟧."),
                   pw=("'S e ⟦pw⟧ am facal-faire airson Wi-Fi oifis Steòrnabhaigh. Na toir do luchd-ceannach e. — "
                       "⟦staff⟧"),
                   card=("Còmhradh chat ⟦ref⟧: sgrìobh an dràibhear àireamh a' chairt aige an seo: ⟦card⟧. Tha mi "
                         "air a sguabadh às a' chlàr — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Tha an dealan dheth ann an Tunga, tha an cruth-atharraiche air "
                         "losgadh. Cuir fòn thugam air ⟦phone⟧."),
                   refund="Airgead air ais £⟦amount⟧ gu ⟦iban⟧ (⟦name⟧, ⟦email⟧). Iomradh an ùghdarrais ⟦mandate⟧.",
                   neg1=("Chaidh meatair ⟦serial⟧ a chur a-steach ⟦date⟧; taraif ⟦tariff⟧, a' chiad leughadh "
                         "⟦reading⟧ kWh. Chan eil duilgheadas ann."),
                   neg2="Sgrùdadh ⟦ref⟧: 12 panal × 430 W, inverter ⟦model⟧ S/N ⟦serial2⟧, MPAN ⟦mpan⟧, GPS ⟦gps⟧.")),
    "fy": dict(name="West Frisian", cc="NL", money="€", fmt="%d-%m-%Y", iban="NL",
               customers=[("Geartsje Wiersma", "geartsje.wiersma"), ("Tsjerk Bouma", "tsjerk.bouma"),
                          ("Durk van der Ploeg", "durk.vanderploeg")],
               words=["Ljouwert", "Skutsje", "Fryslan", "Wetter", "Terp", "Elfsteden", "Sneek"],
               t=dict(
                   complaint=("Klacht oer de rekken: klant ⟦name⟧ (⟦email⟧, ⟦phone⟧) seit dat kontrakt ⟦acct⟧ yn "
                              "maart twa kear ôfskreaun is. Wolle jimme betelling ⟦ref⟧ neisjen?"),
                   solar=("Lokaasje-opname ⟦ref⟧: eigener ⟦name⟧ (⟦email⟧), tillefoan ⟦phone⟧. Pannedak op it "
                          "suden, gjin skaad. GPS ⟦gps⟧."),
                   psr=("PSR-notysje: ⟦name⟧ (⟦email⟧) brûkt thús in soerstofapparaat. By in stroomûnderbrekking "
                        "fuortendaliks de mantelsoarger skilje op ⟦phone⟧."),
                   pw="It wachtwurd fan de wifi yn it kantoar Ljouwert is ⟦pw⟧. Net oan klanten jaan. — ⟦staff⟧",
                   card=("Chatpetear ⟦ref⟧: de sjauffeur hat syn kaartnûmer hjir delset: ⟦card⟧. Ik haw it út it "
                         "dossier wiske — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Stroomûnderbrekking yn Grou, transformator trochbaarnd. Skilje my op "
                         "⟦phone⟧."),
                   refund=("Nij IBAN foar automatyske ynkasso: ⟦iban⟧, op namme fan ⟦name⟧ (⟦email⟧). "
                           "Machtigingskenmerk ⟦mandate⟧."),
                   neg1=("Meter ⟦serial⟧ pleatst op ⟦date⟧; taryf ⟦tariff⟧, earste stân ⟦reading⟧ kWh. Gjin "
                         "problemen."),
                   neg2="Opname ⟦ref⟧: 12 panielen × 430 W, omfoarmer ⟦model⟧ S/N ⟦serial2⟧, EAN ⟦ean⟧, GPS ⟦gps⟧.")),
    "br": dict(name="Breton", cc="FR", money="€", fmt="%d/%m/%Y", iban="FR",
               customers=[("Soazig Ar Menn", "soazig.armenn"), ("Yannig Le Bihan", "yannig.lebihan"),
                          ("Nolwenn Kerhervé", "nolwenn.kerherve")],
               words=["Kenavo", "Breizh", "Gwenn", "Mor", "Enez", "Heol", "Menez"],
               t=dict(
                   complaint=("Klemm war ar fakturenn: lavaret en deus ar pratik ⟦name⟧ (⟦email⟧, ⟦phone⟧) eo bet "
                              "paeet ar gont ⟦acct⟧ div wech e miz Meurzh. Mar plij, gwiriit ar paeamant ⟦ref⟧."),
                   solar=("Gweladenn al lec'hienn ⟦ref⟧: perc'henn an ti ⟦name⟧ (⟦email⟧), pellgomz ⟦phone⟧. "
                          "Toenn sklent troet war-du ar c'hreisteiz, disheol ebet. GPS ⟦gps⟧."),
                   psr=("Notenn PSR: ⟦name⟧ (⟦email⟧) a implij ur benveg oksigen er gêr. Ma vez troc'het an "
                        "tredan, pellgomzit diouzhtu d'ar gwarezer war ⟦phone⟧."),
                   pw="Ger-tremen Wi-Fi burev Brest eo ⟦pw⟧. Arabat e reiñ d'ar pratiked. — ⟦staff⟧",
                   card=("Flap chat ⟦ref⟧: skrivet en deus ar bleinier niverenn e gartenn amañ: ⟦card⟧. Lamet em "
                         "eus anezhi eus an teuliad — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Troc'h tredan e Landerne, devet eo an treuzfurmer. Pellgomz din war "
                         "⟦phone⟧."),
                   refund=("IBAN nevez evit ar gwirzañ emgefre: ⟦iban⟧, war anv ⟦name⟧ (⟦email⟧). Dave an aotre "
                           "⟦mandate⟧."),
                   neg1="Konter ⟦serial⟧ staliet d'an ⟦date⟧; feur ⟦tariff⟧, lenn kentañ ⟦reading⟧ kWh. Kudenn ebet.",
                   neg2="Gweladenn ⟦ref⟧: 12 panell × 430 W, ondulér ⟦model⟧ S/N ⟦serial2⟧, PRM ⟦prm⟧, GPS ⟦gps⟧.")),
    "rm": dict(name="Romansh", cc="CH", money="CHF", fmt="%d-%m-%Y", iban="CH",
               customers=[("Mengia Cadonau", "mengia.cadonau"), ("Rätus Derungs", "raetus.derungs"),
                          ("Flurina Casanova", "flurina.casanova")],
               words=["Allegra", "Chalanda", "Muntogna", "Grischun", "Lai", "Sulegl", "Stailas"],
               t=dict(
                   complaint=("Reclamaziun dal quint: il client ⟦name⟧ (⟦email⟧, ⟦phone⟧) di ch'il conto ⟦acct⟧ "
                              "saja vegnì debità duas giadas il mars. Per plaschair controllar il pajament ⟦ref⟧."),
                   solar=("Visita dal lieu ⟦ref⟧: proprietari ⟦name⟧ (⟦email⟧), telefon ⟦phone⟧. Tetg da plattas "
                          "orientà vers il sid, nagina sumbriva. GPS ⟦gps⟧."),
                   psr=("Notizia PSR: ⟦name⟧ (⟦email⟧) dovra in apparat d'oxigen a chasa. Sche la current croda, "
                        "telefonar immediat a la persuna da tgira sin ⟦phone⟧."),
                   pw="Il pled-clav dal Wi-Fi en il biro da Cuira è ⟦pw⟧. Betg dar als clients. — ⟦staff⟧",
                   card=("Discurs da chat ⟦ref⟧: il chauffeur ha scrit ses numer da carta qua: ⟦card⟧. Jau al hai "
                         "stizzà ord il dossier — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Interrupziun da current a Mustér, il transfurmatur è ars. "
                         "Telefonescha a mai sin ⟦phone⟧."),
                   refund=("Nov IBAN per il debit direct: ⟦iban⟧, sin num da ⟦name⟧ (⟦email⟧). Referenza dal "
                           "mandat ⟦mandate⟧."),
                   neg1=("Dumbrader ⟦serial⟧ installà ils ⟦date⟧; tariffa ⟦tariff⟧, emprima lectura ⟦reading⟧ "
                         "kWh. Nagins problems."),
                   neg2="Visita ⟦ref⟧: 12 panels × 430 W, invertider ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "tt": dict(name="Tatar", cc="RU", money="сум", fmt="%d.%m.%Y", brand="Mir",
               customers=[("Гөлнара Галиуллина", "gulnara.galiullina"), ("Рамил Хәбибуллин", "ramil.khabibullin"),
                          ("Әлфия Закирова", "alfiya.zakirova")],
               words=["Kazan", "Idel", "Tugan", "Sabantuy", "Yoldyz", "Chishma", "Сабантуй", "Казан"],
               t=dict(
                   complaint=("Хисап буенча шикаять: клиент ⟦name⟧ (⟦email⟧, ⟦phone⟧) әйтүенчә, ⟦acct⟧ счеты өчен "
                              "март аенда ике тапкыр түләнгән. Зинһар, ⟦ref⟧ түләвен тикшерегез."),
                   solar=("Урынны карау ⟦ref⟧: йорт хуҗасы ⟦name⟧ (⟦email⟧), телефон ⟦phone⟧. Түбә тимердән, "
                          "көньякка карый, күләгә юк. GPS ⟦gps⟧."),
                   psr=("PSR искәрмәсе: ⟦name⟧ (⟦email⟧) өйдә кислород аппараты куллана. Электр сүнсә, аны "
                        "караучыга ⟦phone⟧ номеры буенча шунда ук шалтыратыгыз."),
                   pw="Казан офисының Wi-Fi серсүзе: ⟦pw⟧. Клиентларга бирмәгез. — ⟦staff⟧",
                   card=("Чат сөйләшүе ⟦ref⟧: машина йөртүче монда карта номерын язган: ⟦card⟧. Мин аны язмадан "
                         "бетердем — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Идел буенда электр сүнде, трансформатор янган. Миңа ⟦phone⟧ номерына "
                         "шалтырат."),
                   refund="⟦amount⟧ сум кире кайтару ⟦name⟧ (⟦email⟧) картасына күчерелә: ⟦card⟧.",
                   neg1=("Счётчик ⟦serial⟧ ⟦date⟧ куелды; тариф ⟦tariff⟧, беренче күрсәткеч ⟦reading⟧ кВт·сәг. "
                         "Проблема юк."),
                   neg2="Карау ⟦ref⟧: 12 панель × 430 Вт, инвертор ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "ky": dict(name="Kyrgyz", cc="KG", money="сом", fmt="%d.%m.%Y",
               customers=[("Айгерим Токтогулова", "aigerim.toktogulova"), ("Бакыт Жумабеков", "bakyt.zhumabekov"),
                          ("Жылдыз Осмонова", "jyldyz.osmonova")],
               words=["Manas", "AlaToo", "Yssykkol", "Tulpar", "Bishkek", "Kyrgyz", "Тулпар"],
               t=dict(
                   complaint=("Эсеп боюнча арыз: кардар ⟦name⟧ (⟦email⟧, ⟦phone⟧) ⟦acct⟧ эсеби үчүн март айында "
                              "эки жолу төлөнгөнүн айтты. Сураныч, ⟦ref⟧ төлөмүн текшериңиз."),
                   solar=("Жерди текшерүү ⟦ref⟧: үй ээси ⟦name⟧ (⟦email⟧), телефон ⟦phone⟧. Чатыр темир, түштүккө "
                          "караган, көлөкө жок. GPS ⟦gps⟧."),
                   psr=("PSR эскертүүсү: ⟦name⟧ (⟦email⟧) үйдө кычкылтек аппаратын колдонот. Жарык өчүп калса, "
                        "анын камкорчусуна ⟦phone⟧ номерине дароо чалыңыз."),
                   pw="Бишкек кеңсесинин Wi-Fi сырсөзү: ⟦pw⟧. Кардарларга бербегиле. — ⟦staff⟧",
                   card=("Чат маеги ⟦ref⟧: айдоочу бул жерге картасынын номерин жазды: ⟦card⟧. Мен аны жазуудан "
                         "өчүрдүм — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: Аламүдүндө жарык өчтү, трансформатор күйүп кетти. Мага ⟦phone⟧ "
                         "номерине чал."),
                   refund="⟦amount⟧ сом кайтарылып, ⟦name⟧ (⟦email⟧) картасына которулат: ⟦card⟧.",
                   neg1=("Эсептегич ⟦serial⟧ ⟦date⟧ орнотулду; тариф ⟦tariff⟧, биринчи көрсөткүч ⟦reading⟧ кВт·с. "
                         "Көйгөй жок."),
                   neg2="Текшерүү ⟦ref⟧: 12 панель × 430 Вт, инвертор ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "tg": dict(name="Tajik", cc="TJ", money="сомонӣ", fmt="%d.%m.%Y",
               customers=[("Фарангис Раҳимова", "farangis.rahimova"), ("Мунира Сафарова", "munira.safarova"),
                          ("Далер Назаров", "daler.nazarov")],
               words=["Pomir", "Dushanbe", "Navruz", "Varzob", "Sitora", "Hisor", "Iskandarkul"],
               t=dict(
                   complaint=("Шикоят аз ҳисоб: мизоҷ ⟦name⟧ (⟦email⟧, ⟦phone⟧) мегӯяд, ки ҳисоби ⟦acct⟧ дар моҳи "
                              "март ду маротиба пардохт шудааст. Лутфан пардохти ⟦ref⟧-ро санҷед."),
                   solar=("Санҷиши маҳал ⟦ref⟧: соҳиби хона ⟦name⟧ (⟦email⟧), телефон ⟦phone⟧. Бом оҳанин, ба "
                          "ҷануб нигаронида, соя нест. GPS ⟦gps⟧."),
                   psr=("Эзоҳи PSR: ⟦name⟧ (⟦email⟧) дар хона дастгоҳи оксигенро истифода мебарад. Агар барқ қатъ "
                        "шавад, фавран ба парастораш ба рақами ⟦phone⟧ занг занед."),
                   pw="Рамзи Wi-Fi-и дафтари Душанбе: ⟦pw⟧. Ба мизоҷон надиҳед. — ⟦staff⟧",
                   card=("Сӯҳбати чат ⟦ref⟧: ронанда рақами кортаашро ин ҷо навишт: ⟦card⟧. Ман онро аз сабт нест "
                         "кардам — ⟦staff⟧."),
                   chat="[⟦time⟧] ⟦staff⟧: Дар Ваҳдат барқ қатъ шуд, трансформатор сӯхт. Ба ман ба ⟦phone⟧ занг зан.",
                   refund="Баргардонидани ⟦amount⟧ сомонӣ ба корти ⟦name⟧ (⟦email⟧) мегузарад: ⟦card⟧.",
                   neg1=("Ҳисобкунак ⟦serial⟧ ⟦date⟧ насб шуд; тарифа ⟦tariff⟧, нишондоди аввал ⟦reading⟧ кВт·с. "
                         "Мушкиле нест."),
                   neg2="Санҷиш ⟦ref⟧: 12 панел × 430 Вт, инвертор ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "tk": dict(name="Turkmen", cc="TM", money="manat", fmt="%d.%m.%Y",
               customers=[("Aýna Gurbanowa", "ayna.gurbanowa"), ("Jeren Orazowa", "jeren.orazowa"),
                          ("Serdar Myradow", "serdar.myradow")],
               words=["Ahalteke", "Asgabat", "Garagum", "Yyldyz", "Bagt", "Merw", "Kopetdag"],
               t=dict(
                   complaint=("Hasap boýunça arz: müşderi ⟦name⟧ (⟦email⟧, ⟦phone⟧) ⟦acct⟧ hasaby üçin mart "
                              "aýynda iki gezek tölenendigini aýdýar. Haýyş, ⟦ref⟧ tölegini barlaň."),
                   solar=("Ýeri barlamak ⟦ref⟧: jaýyň eýesi ⟦name⟧ (⟦email⟧), telefon ⟦phone⟧. Üçek demir, "
                          "günorta tarap seredýär, kölege ýok. GPS ⟦gps⟧."),
                   psr=("PSR belligi: ⟦name⟧ (⟦email⟧) öýde kislorod enjamyny ulanýar. Tok öçse, onuň ideg "
                        "edijisine ⟦phone⟧ belgä derrew jaň ediň."),
                   pw="Aşgabat ofisiniň Wi-Fi açar sözi: ⟦pw⟧. Müşderilere bermäň. — ⟦staff⟧",
                   card=("Çat gürrüňi ⟦ref⟧: sürüji kartasynyň belgisini şu ýere ýazdy: ⟦card⟧. Men ony ýazgydan "
                         "pozdum — ⟦staff⟧."),
                   chat="[⟦time⟧] ⟦staff⟧: Änewde tok öçdi, transformator ýandy. Maňa ⟦phone⟧ belgä jaň et.",
                   refund="⟦amount⟧ manat yzyna gaýtarylyp, ⟦name⟧ (⟦email⟧) kartyna geçirilýär: ⟦card⟧.",
                   neg1=("Hasaplaýjy ⟦serial⟧ ⟦date⟧ oturdyldy; tarif ⟦tariff⟧, ilkinji görkeziji ⟦reading⟧ "
                         "kWt·sag. Mesele ýok."),
                   neg2="Barlag ⟦ref⟧: 12 panel × 430 W, inwertor ⟦model⟧ S/N ⟦serial2⟧, GPS ⟦gps⟧.")),
    "ug": dict(name="Uyghur", cc="KZ", money="₸", fmt="%Y-%m-%d", iban="KZ",
               customers=[("مېھرىبان ئابدۇللا", "mehriban.abdulla"), ("گۈلنار قادىر", "gulnar.qadir"),
                          ("ئابلىكىم مەمەت", "ablikim.memet")],
               words=["Tengritagh", "Qeshqer", "Yaxshi", "Ilchi", "Tarim", "Bagh", "Muqam"],
               t=dict(
                   complaint=("ھېسابات توغرىسىدا شىكايەت: خېرىدار ⟦name⟧ (⟦email⟧، ⟦phone⟧) ⟦acct⟧ ھېساباتى ئۈچۈن "
                              "مارت ئېيىدا ئىككى قېتىم پۇل تۆلەنگەنلىكىنى ئېيتتى. ⟦ref⟧ تۆلىمىنى تەكشۈرۈپ بېقىڭ."),
                   solar=("ئورۇن تەكشۈرۈش ⟦ref⟧: ئۆي ئىگىسى ⟦name⟧ (⟦email⟧)، تېلېفون ⟦phone⟧. ئۆگزىسى تۆمۈر، "
                          "جەنۇبقا قارىغان، سايە يوق. GPS ⟦gps⟧."),
                   psr=("PSR ئەسكەرتىشى: ⟦name⟧ (⟦email⟧) ئۆيدە ئوكسىگېن ئۈسكۈنىسى ئىشلىتىدۇ. توك ئۈزۈلسە، "
                        "ئۇنىڭغا قارايدىغان كىشىگە ⟦phone⟧ نومۇرىغا دەرھال تېلېفون قىلىڭ."),
                   pw="ئالمۇتا ئىشخانىسىنىڭ Wi-Fi پارولى: ⟦pw⟧. خېرىدارلارغا بەرمەڭ. — ⟦staff⟧",
                   card=("چات سۆھبىتى ⟦ref⟧: شوپۇر كارتا نومۇرىنى بۇ يەرگە يازدى: ⟦card⟧. مەن ئۇنى خاتىرىدىن "
                         "ئۆچۈردۈم — ⟦staff⟧."),
                   chat=("[⟦time⟧] ⟦staff⟧: چىلەكتە توك ئۈزۈلدى، ترانسفورماتور كۆيۈپ كەتتى. ماڭا ⟦phone⟧ غا "
                         "تېلېفون قىل."),
                   refund="قايتۇرۇلغان پۇل ⟦iban⟧ ھېساباتىغا ئۆتكۈزۈلىدۇ (⟦name⟧، ⟦email⟧). ھوقۇق نومۇرى ⟦mandate⟧.",
                   neg1=("ھېسابلىغۇچ ⟦serial⟧ ⟦date⟧ ئورنىتىلدى؛ تارىف ⟦tariff⟧، دەسلەپكى كۆرسەتكۈچ ⟦reading⟧ "
                         "kWh. مەسىلە يوق."),
                   neg2="تەكشۈرۈش ⟦ref⟧: 12 تاختا × 430 W، ئىنۋېرتور ⟦model⟧ S/N ⟦serial2⟧، GPS ⟦gps⟧.")),
    "bo": dict(name="Tibetan", cc="IN", money="₹", fmt="%Y-%m-%d",
               customers=[("ཚེ་རིང་སྒྲོལ་མ", "tsering.dolma"), ("པདྨ་ཆོས་སྒྲོན", "pema.chodron"),
                          ("ཟླ་བ་རྡོ་རྗེ", "dawa.dorje")],
               words=["Tashi", "Delek", "Losar", "Kailash", "Lhasa", "Gangri", "Metok"],
               t=dict(
                   complaint=("རིན་འབབ་སྐོར་གྱི་ཞུ་གཏུག ཉོ་མཁན་ ⟦name⟧ (⟦email⟧, ⟦phone⟧) ཡིས་རྩིས་ཐོ་ ⟦acct⟧ "
                              "ལ་ཟླ་༣ པར་རིན་སྤྲོད་ཐེངས་གཉིས་བྱུང་ཞེས་བཤད། ⟦ref⟧ ཞིབ་བཤེར་གནང་རོགས།"),
                   solar=("ས་གནས་ཞིབ་བཤེར་ ⟦ref⟧། ཁྱིམ་བདག་ ⟦name⟧ (⟦email⟧)། ཁ་པར་ ⟦phone⟧། ཁང་ཐོག་ལྕགས་ཡིན། "
                          "ལྷོ་ཕྱོགས་སུ་ཁ་བལྟས། GPS ⟦gps⟧།"),
                   psr=("PSR མཆན། ⟦name⟧ (⟦email⟧) ཡིས་ཁྱིམ་དུ་དབུགས་རླུང་འཕྲུལ་ཆས་བེད་སྤྱོད་བྱེད། "
                        "གློག་ཆད་ན་ལྟ་རྟོག་པ་ལ་ ⟦phone⟧ ཐོག་འཕྲལ་མར་ཁ་པར་གཏོང་རོགས།"),
                   pw="ཌ་རམ་ས་ལའི་ཡིག་ཚང་གི་ Wi-Fi གསང་གྲངས་ནི་ ⟦pw⟧ རེད། ཉོ་མཁན་ལ་མ་སྤྲོད། — ⟦staff⟧",
                   card=("ཁ་བརྡ་ ⟦ref⟧། ཁ་ལོ་བས་འདིར་ཁོང་གི་ཁཱར་ཌི་ཨང་གྲངས་བྲིས་འདུག ⟦card⟧། "
                         "ངས་ཐོ་འགོད་ནས་བསུབས་ཟིན། — ⟦staff⟧"),
                   chat=("[⟦time⟧] ⟦staff⟧: ས་ཁུལ་འདིར་གློག་ཆད་སོང་། འགྱུར་སྒྲིག་འཕྲུལ་ཆས་ཚིག་སོང་། ང་ལ་ ⟦phone⟧ "
                         "ཐོག་ཁ་པར་གཏོང་།"),
                   refund="ཕྱིར་སློག་དངུལ་ ₹⟦amount⟧ ⟦name⟧ (⟦email⟧) ཡི་ཁཱར་ཌི་ ⟦card⟧ ཐོག་བསྐུར་རྒྱུ།",
                   neg1=("གློག་ཚད་འཇལ་ཆས་ ⟦serial⟧ ⟦date⟧ ལ་བཙུགས། གླ་ཚད་ ⟦tariff⟧། ཐོག་མའི་ཀློག་གྲངས་ ⟦reading⟧ "
                         "kWh། དཀའ་ངལ་མེད།"),
                   neg2="ཞིབ་བཤེར་ ⟦ref⟧། པེ་ནེལ་ 12 × 430 W། inverter ⟦model⟧ S/N ⟦serial2⟧། GPS ⟦gps⟧།")),
}
GPS_REGION = {"ZA": "ZA", "LS": "LS", "ZW": "ZW", "NG": "NG", "HT": "HT", "PE": "PE", "NZ": "NZ", "WS": "WS",
              "GB": "GB", "NL": "NL", "FR": "FR", "CH": "CH", "RU": "RU", "KG": "KG", "TJ": "TJ", "TM": "TM",
              "KZ": "KZ", "IN": "IN"}
LANG_CUSTOMERS = {code: _customers(spec["customers"], spec["cc"], code) for code, spec in LANGS.items()}
LANG_CUST_CYCLE = {code: Cycle(cs) for code, cs in LANG_CUSTOMERS.items()}


def lang_lines(code):
    """The nine lines of one language: bill complaint, solar survey, PSR note, password, card pasted into chat,
    crew chat, refund, and two negatives."""
    spec, T = LANGS[code], LANGS[code]["t"]
    cc = spec["cc"]
    nxt = LANG_CUST_CYCLE[code]
    date = lambda: Look(day(spec["fmt"]))  # noqa: E731
    region = GPS_REGION[cc]
    brand = spec.get("brand")
    for kind in ("complaint", "solar", "psr", "pw", "card", "chat", "refund"):
        c, st = nxt(), staff(code)
        slots = dict(name=CN(c), email=CE(c), phone=ph(cc), staff=P(st), acct=account_no(), ref=ref("PAY-"))
        if kind == "solar":
            slots.update(ref=ref("SS-"), gps=gps(region))
        elif kind == "pw":
            slots.update(pw=pw(pw_words(spec["words"])))
        elif kind == "card":
            slots.update(ref=Look(f"CHAT-{num(5)}"), card=L("credit_card", card(brand=brand)))
        elif kind == "chat":
            slots.update(time=hhmm())
        elif kind == "refund":
            slots.update(amount=amount(20, 900), mandate=mandate_ref())
            if spec.get("iban"):
                slots.update(iban=L("iban", iban(spec["iban"])))
            else:
                slots.update(card=L("credit_card", card(brand=brand)))
        emit(f"lang_{kind}", code, fill(T[kind], **{k: v for k, v in slots.items() if f"⟦{k}⟧" in T[kind]}))
    for kind in ("neg1", "neg2"):
        slots = dict(serial=meter_serial(), date=date(), tariff=tariff(), reading=reading(), ref=ref("SS-"),
                     model=model(), serial2=Look(f"{rs(UPPER, 2)}{num(8)}"), gps=gps(region), ean=ean_nl(),
                     prm=prm_fr(), mpan=mpan())
        extra = [staff(code)] if R.random() < 0.4 else []
        emit(f"lang_{kind}", code, fill(T[kind], **{k: v for k, v in slots.items() if f"⟦{k}⟧" in T[kind]}), extra)


# ================================================================ negative lines: the domain's look-alikes


def neg_meter(i):
    """Install record: MPAN, MPRN, serials, EUI-64 device ids, firmware builds; or a German metering point."""
    if i % 3 == 2:
        return ["Umzug Köln: Zählpunkt ", zaehlpunkt(), ", Marktlokation ", Look(num(11)), ", Zähler ", meter_serial(),
                ", Stand ", reading(), " kWh am ", Look(day("%d.%m.%Y")), " (GPKE-Meldung ", Look(f"UTILMD-{num(8)}"), ")."]
    return ["SMI-", Look(num(5)), " closed. MPAN ", mpan(), ", MPRN ", mprn(), ". ESME ", meter_serial(), " (EUI ",
            eui64(), ", fw ", fw4(), "), GSME ", meter_serial(), " (EUI ", eui64(), "), CHF ", eui64(), ". Reads E ",
            reading(), " / G ", reading(), " at ", hhmm(), "."]


def mask_iban(cc):
    """An IBAN of `cc` with every group but the first and the last masked."""
    groups = iban(cc, True).split(" ")
    return " ".join([groups[0]] + ["****"] * (len(groups) - 2) + [groups[-1]])


def neg_sepa(i):
    """SEPA batch summary: mandate references, creditor id, batch ids, masked IBANs, totals."""
    cc = SEPA_CC()
    masked = mask_iban(cc)
    return ["pain.008 batch ", Look(f"KLV-{day('%Y%m%d')}-{num(3)}"), ": ", str(R.randint(800, 9000)),
            " collections, €", amount(100000, 900000), ", creditor id ", creditor_id(R.choice(["IE", "NL", "BE"])),
            ", sequence RCUR. Rejects: ", mandate_ref(), " (AC04, account ", Look(masked), "), ", mandate_ref(), " (MD01)."]


def neg_ocpp16(i):
    """OCPP 1.6J frames without a secret: BootNotification, Authorize, StartTransaction, MeterValues."""
    cp, t = cp_id(), moment()
    ts = lambda k: (t + dt.timedelta(seconds=k)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    tag, tx = rfid_uid(), Look(num(7))
    m1, m2 = uid(), uid()
    return [ts(0), " ", Look(cp), ' -> [2,"', m1, '","Authorize",{"idTag":"', tag, '"}]\n', ts(1), " ", Look(cp),
            ' <- [3,"', m1, '",{"idTagInfo":{"status":"Accepted","expiryDate":"', Look(iso()), '"}}]\n', ts(2), " ",
            Look(cp), ' -> [2,"', m2, '","StartTransaction",{"connectorId":', str(R.randint(1, 2)), ',"idTag":"', tag,
            '","meterStart":', Look(str(R.randint(100000, 9999999))), ',"timestamp":"', ts(2), '"}]\n', ts(3), " ",
            Look(cp), ' <- [3,"', m2, '",{"idTagInfo":{"status":"Accepted"},"transactionId":', tx, '}]']


def neg_ocpp201(i):
    """OCPP 2.0.1 TransactionEvent and BootNotification without a secret."""
    cp = cp_id()
    return ['[2,"', uid(), '","TransactionEvent",{"eventType":"Updated","timestamp":"', Look(iso()),
            '","triggerReason":"MeterValuePeriodic","seqNo":', str(R.randint(1, 400)),
            ',"transactionInfo":{"transactionId":"',
            uid(), '","chargingState":"Charging"},"idToken":{"idToken":"', rfid_uid(), '","type":"ISO14443"},"evse":{"id":',
            str(R.randint(1, 4)), ',"connectorId":1},"meterValue":[{"timestamp":"', Look(iso()),
            '","sampledValue":[{"value":', f"{R.randint(100, 90000) / 10:.1f}",
            ',"measurand":"Energy.Active.Import.Register"}]}]}]\n'
            'BootNotification from ', Look(cp), ': firmware ', fw4(), ', modem ICCID ', Look("8944" + rs(DIGITS, 15)),
            ', IMSI ', Look("234" + rs(DIGITS, 12))]


def neg_sessions(i):
    """Charging-session CSV: EVSE ids, eMAIDs, masked cards, auth codes, kWh."""
    rows = ["session,evse,contract,card,auth,kwh,gbp\n"]
    for _ in range(R.randint(3, 5)):
        masked = Look(R.choice(["•••• ", "**** **** **** ", "ending "]) + rs(DIGITS, 4))
        rows += [Look(num(8)), ",", evse_id(), ",", emaid(), ",", masked,
                 ",", Look(rs(DIGITS + UPPER, 6)), f",{R.randint(20, 900) / 10:.1f},", amount(2, 60), "\n"]
    return chomp(rows)


def neg_modbus(i):
    """Point maps: Modbus registers, DNP3 indices, IEC 60870-5-104 addresses, SNMP OIDs."""
    if i % 2 == 0:
        return ["Point map for ", R.choice(RTU_NAMES), " (rev ", Look(f"{R.randint(1, 9)}.{R.randint(0, 9)}"), "):\n"
                "40001  Ia  A      x0.1\n40002  Ib  A      x0.1\n40003  Ic  A      x0.1\n40011  Vab kV     x0.01\n"
                "DNP3 AI 0-23, BI 0-63 (class 1), CROB 0-7; outstation ", Look(str(R.randint(1, 1000))), " master 1\n"
                "SNMP sysUpTime ", Look("1.3.6.1.2.1.1.3.0"), ", UPS battery ",
                Look(f"1.3.6.1.4.1.318.1.1.1.2.2.{R.randint(1, 9)}.0")]
    ca = R.randint(1, 250)
    rows = [f"IEC 104 map {R.choice(SUBSTATIONS)}, common address {ca}:\nIOA   type          description\n"]
    for _ in range(R.randint(3, 5)):
        rows.append(f"{R.randint(1000, 16000):<6}{R.choice(['M_SP_TB_1', 'M_ME_NC_1', 'M_DP_TB_1', 'C_SC_NA_1']):<14}"
                    f"{R.choice(['CB open/closed', 'feeder P (MW)', 'busbar V (kV)', 'earth switch', 'trip relay'])}\n")
    return chomp(rows)


def neg_outage(i):
    """An outage summary: incident, feeder and switching references, counts, minutes lost."""
    t = moment()
    return ["Outage ", Look("INC" + num(7)), " on ", R.choice(FEEDERS), " (", R.choice(SUBSTATIONS), "): ",
            f"{R.randint(100, 4000):,}", " customers off at ", hhmm(t), ", restored in stages by ",
            hhmm(t + dt.timedelta(minutes=R.randint(40, 400))), ". CI ",
            str(R.randint(100, 4000)), ", CML ", f"{R.randint(1000, 900000):,}", ". Switching ", Look(f"SS/{num(4)}/26"),
            ", fault ", Look(f"FLT-{num(6)}"), ", cable joint ", Look(f"J{num(4)}"), ". Freephone 105 for updates."]


def neg_solar(i):
    """A solar design summary: GPS, panel and inverter specs, serials, DNO references."""
    n = R.randint(6, 20)
    return ["Design ", ref("SS-"), ": ", str(n), " × 435 W (", f"{n * 0.435:.2f}", " kWp), azimuth ",
            str(R.randint(120, 240)),
            "°, tilt ", str(R.randint(15, 45)), "°, GPS ", gps(R.choice(["GB", "IE", "NL", "FR", "CH"])), ". Inverter ",
            model(), " S/N ", Look(f"{rs(UPPER, 2)}{num(8)}"), ", battery S/N ", Look(f"BT{num(10)}"), ", DNO ",
            Look(f"G99-{R.randint(2025, 2026)}-{num(5)}"), ", MCS ", Look(f"MCS-{num(8)}"), "."]


def neg_tariff(i):
    """A tariff change notice: codes, unit rates, standing charges, dates."""
    return ["From ", Look(day("%d %B %Y")), " tariff ", tariff(), " moves to ", f"{R.randint(180, 320) / 10:.2f}",
            "p/kWh day and ", f"{R.randint(60, 150) / 10:.2f}", "p/kWh night, standing charge ",
            f"{R.randint(400, 650) / 10:.2f}", "p/day. Export ", tariff(), " at ", f"{R.randint(40, 180) / 10:.1f}",
            "p. Ofgem cap period ", Look(f"Q{R.randint(1, 4)}-2026"), "."]


def neg_placeholders(i):
    """Config templates whose secrets are placeholders or variable references."""
    svc = R.choice(["csms", "mdm", "ocpi-bridge", "outage-map", "psr-sync", "solar-portal"])
    v = i % 4
    if v == 0:
        return [f"# {svc}/.env.template (rev {R.randint(2, 40)})\nDATABASE_URL=",
                Look("postgresql://${DB_USER}:${DB_PASS}@"),
                f"db.kelverne.internal:{R.choice([5432, 6432])}/{svc.replace('-', '_')}\nSTRIPE_SECRET_KEY=",
                Look("<stripe-secret-key>"), "\nTWILIO_AUTH_TOKEN=", Look("${TWILIO_AUTH_TOKEN}"), "\nJWT_SECRET=",
                Look("REPLACE_ME")]
    if v == 1:
        return [f"# roles/{svc}/defaults/main.yml\nradius:\n  secret: \"", Look("{{ vault_radius_secret }}"),
                "\"\nsnmp:\n  community: \"", Look("{{ vault_snmp_community }}"), "\"\nhmi:\n  password: \"",
                Look("{{ lookup('hashi_vault', 'secret=ot/data/hmi:password') }}"), "\""]
    if v == 2:
        return [f"From the {R.choice(['Alpitronic', 'ABB Terra', 'Kempower', 'Ekoenergetyka'])} manual, section ",
                Look(f"{R.randint(3, 9)}.{R.randint(1, 9)}"), ": AuthorizationKey = ", Look("<40 hex characters>"),
                ", BasicAuthPassword = ", Look("<16-40 characters>"), ", apnPassword = ", Look("<provided by the operator>"),
                ". Do not paste real values here."]
    return [f"# {svc} terraform.tfvars.example\naws_access_key = \"", Look("AKIAXXXXXXXXXXXXXXXX"),
            "\"\naws_secret_key = \"", Look("x" * 40), "\"\nsendgrid = \"", Look("SG." + "x" * 22 + "." + "x" * 43),
            "\"\nslack_token = \"", Look("xoxb-your-bot-token"), "\"  # placeholders, the real ones are in Vault"]


def neg_ci(i):
    """CI logs with masked secrets, SHAs and image digests (GitHub Actions, GitLab CI, Jenkins)."""
    v = i % 3
    version = Look(f"{R.randint(1, 5)}.{R.randint(0, 40)}.{R.randint(0, 9)}")
    if v == 0:
        return ["Run docker/login-action@v3\n  with:\n    registry: ghcr.io\n    username: klv-deploy\n    password: ***\n"
                "Login Succeeded!\nbuilding csms:", Look(hexsecret(7)),
                "\n#12 exporting to image\n#12 writing image sha256:",
                sha(), "\n#12 naming to ghcr.io/kelverne/csms:", version, "\nDeploying with KUBECONFIG=*** (masked) at ",
                Look(iso())]
    if v == 1:
        return ["$ echo \"$CI_REGISTRY_PASSWORD\" | docker login -u \"$CI_REGISTRY_USER\" --password-stdin $CI_REGISTRY\n"
                "Login Succeeded\n$ helm upgrade mdm ./chart --set image.tag=", version, " --set db.password=[MASKED]\n"
                "Release \"mdm\" has been upgraded. REVISION: ", str(R.randint(20, 400)), "\nJob succeeded (pipeline ",
                Look(num(7)), ", commit ", Look(hexsecret(8)), ")"]
    return ["[Pipeline] withCredentials\nMasking supported pattern matches of $NEXUS_PASSWORD\n[Pipeline] sh\n"
            "+ curl -fsS -u deploy:**** -T build/outage-map-", version, ".tar.gz https://nexus.kelverne.internal/repository/"
            "releases/\n[Pipeline] }\nFinished: SUCCESS (build #", str(R.randint(100, 3000)), ", ", Look(iso()), ")"]


def neg_tf_plan(i):
    """Terraform plan output with sensitive values hidden."""
    res = R.choice([("aws_db_instance", "mdm", "password"),
                    ("azurerm_mssql_server", "billing", "administrator_login_password"),
                    ("digitalocean_database_user", "scraper", "password"),
                    ("vault_generic_secret", "radius", "data_json")])
    return [f"  # {res[0]}.{res[1]} will be updated in-place\n  ~ resource \"{res[0]}\" \"{res[1]}\" {{\n"
            f"      ~ {res[2]} = (sensitive value)\n        id = \"{res[1]}-prod\"\n      ~ tags = {{\n"
            f"          + \"rotated\" = \"", Look(day("%Y-%m-%d")), "\"\n        }\n    }\nPlan: 0 to add, ",
            str(R.randint(1, 4)),
            " to change, 0 to destroy.\nsecret_arn = <sensitive>"]


def neg_vault(i):
    """ansible-vault ciphertext and a Vault path (not secrets by themselves)."""
    lines = "\n".join(rs(DIGITS + "abcdef", 80) for _ in range(R.randint(3, 5)))
    where = R.choice(["substations", "historians", "csms", "hmi"])
    return [f"group_vars/{where}/vault.yml (encrypted, fine to share):\n$ANSIBLE_VAULT;1.1;AES256\n", Look(lines),
            f"\nThe key itself lives at secret/data/ot/{where} (Vault), version ", str(R.randint(2, 40)), "."]


def neg_invoice(i):
    """Invoice and purchase-order numbers, VAT numbers, BICs and amounts."""
    return ["Supplier ", R.choice([v for v, _ in VENDORS_3P]), ": invoice ", invoice_no(), " against PO ",
            Look(f"PO{num(7)}"), ", GRN ", Look(f"GRN-{num(6)}"), ", £", amount(500, 90000), " net, VAT reg ",
            Look(f"GB{num(9)}"), ", BIC ", Look(R.choice(["NWBKGB2L", "BARCGB22", "AIBKIE2D"])), ", paid run ",
            Look(day("%Y-%m-%d")), "."]


def neg_firmware(i):
    """Firmware release notes: versions shaped like IPv4 addresses, hashes."""
    return ["Charger firmware ", fw4(), " replaces ", fw4(), " on ", str(R.randint(20, 900)), " units; image SHA-256 ",
            sha(), ", signed with key id ", Look(rs(HEXU, 16)), ". Meter firmware ", fw4(), " (DCC release ",
            Look(f"R{R.randint(2, 5)}.{R.randint(0, 9)}"), ")."]


def neg_psr_guidance(i):
    """PSR guidance: needs codes, short codes and service numbers that are not personal."""
    return ["PSR needs codes ", ", ".join(R.sample(PSR_CODES, 3)), ". In a power cut customers call 105 or text ",
            Look(f"POWER {rs(UPPER, 2)}{R.randint(1, 9)}"), " to ", Look(str(R.randint(60000, 89999))),
            "; the doorstep password scheme is explained in ", Look(f"KB-{num(4)}"),
            " (never write the password in a ticket)."]


def neg_local(i):
    """Local-only addresses and ports: loopback, 0.0.0.0, ::1."""
    return [R.choice(["csms", "mdm", "ocpi-bridge", "outage-map"]), " listens on 0.0.0.0:",
            str(R.choice([8080, 8443, 9000])),
            ", health check http://127.0.0.1:", str(R.choice([8081, 9090])), "/healthz, metrics on [::1]:9100. ",
            "Started at ", Look(iso()), ", pid ", str(R.randint(1000, 60000)), "."]


def neg_dtn(i):
    """Settlement data flows (D-flows) with MPANs, reads and dates."""
    return ["D0010 flow ", Look(f"KLV{num(9)}"), ": MPAN ", Look(mpan_core()), ", meter ", meter_serial(),
            ", register 01 reading ", reading(), " on ", Look(day("%Y%m%d")), "; D0086 ", Look(f"KLV{num(9)}"),
            " rejected (J0016 ", Look(mpan_core()), ")."]


def neg_grid(i):
    """Grid frequency and weather notes."""
    wind = R.randint(30, 90)
    return ["Frequency ", f"{R.uniform(49.8, 50.2):.3f}", " Hz at ", hhmm(), ", demand ", f"{R.randint(800, 2400)}",
            " MW, wind ", str(wind), " km/h gusting ", str(wind + R.randint(15, 50)), ", Met Office amber warning ",
            Look(f"W{num(5)}"), ". Storm ", R.choice(["Éowyn", "Bram", "Floris", "Amy"]), " crews pre-positioned."]


def neg_ids(i):
    """Jira keys, Confluence page ids, trace ids and UUIDs."""
    return ["Linked ", Look(f"OUT-{num(4)}"), ", ", Look(f"CSMS-{num(4)}"), ", Confluence page ", Look(num(9)),
            ", trace ", Look(hexsecret(32)), ", span ", Look(hexsecret(16)), ", request ", uid(), ", git ",
            Look(hexsecret(40))]


def neg_masked(i):
    """Masked cards, IBANs, phones and e-mails."""
    return ["Verified against the masked data only: card ",
            Look(f"{R.choice(['4', '5'])}{rs(DIGITS, 5)}******{rs(DIGITS, 4)}"),
            ", IBAN ", Look(mask_iban(R.choice(["IE", "NL", "GB", "BE", "FR"]))),
            ", mobile ", Look(f"+44 7*** ***{rs(DIGITS, 3)}"), ", e-mail ", Look(f"{R.choice(LOWER)}*****@***.com"), "."]


def neg_mac_like(i):
    """MAC-like strings that are no MAC address: masked MACs, OUIs, EUI-64s, fingerprints."""
    return ["Allow-list by vendor OUI only: ", Look("00:90:E8"), " (Moxa), ", Look("00:A0:45"), " (Phoenix Contact) and ",
            Look(R.choice(OUIS).replace(":", "-")),
            "; masked device ", Look(R.choice(OUIS) + ":**:**:**"), "; comms hub EUI ", eui64(), "; SSH host key ",
            Look("MD5:" + ":".join(rs(HEXL, 2) for _ in range(16)))]


def neg_dates(i):
    """Dates, times and readings in many forms."""
    t = moment()
    return ["Read window ", Look(t.strftime("%d/%m/%Y")), " ", hhmm(t), "–", hhmm(t + dt.timedelta(hours=R.randint(1, 4))),
            ", next estimate ", Look(day("%Y-%m-%d")),
            ", billing period ", Look(day("%d.%m.%Y")), " to ", Look(day("%d %b %Y")), ", ", reading(), " kWh imported, ",
            reading(), " kWh exported, epoch ", Look(str(int(moment().timestamp()) * 1000)), "."]


def neg_doc_keys(i):
    """Obviously fake documentation keys and placeholders in a wiki page."""
    return ["h3. How to request a ", R.choice(["GitHub", "GitLab", "Stripe", "Vault", "Atlassian"]), " token (",
            Look(f"KB-{num(4)}"), ")\nAsk in #platform; never paste tokens. The format looks like {{",
            Look("ghp_" + "x" * 36), "}} or {{", Look("glpat-" + "x" * 20), "}}; Stripe keys start with {{sk_live_}} and "
            "are read from {{", Look("${STRIPE_SECRET_KEY}"),
            "}}. Passwords go in the vault: {{vault kv put ot/hmi password=",
            Look("<password>"), "}}."]


NEGATIVES = [neg_meter, neg_sepa, neg_ocpp16, neg_ocpp201, neg_sessions, neg_modbus, neg_outage, neg_solar,
             neg_tariff, neg_placeholders, neg_ci, neg_tf_plan, neg_vault, neg_invoice, neg_firmware,
             neg_psr_guidance, neg_local, neg_dtn, neg_grid, neg_ids, neg_masked, neg_mac_like, neg_dates,
             neg_doc_keys]


def negatives(per):
    """`per` lines of every negative text type; some list participants the text does not mention."""
    for fn in NEGATIVES:
        for i in range(per):
            extra = [staff()] if R.random() < 0.3 else []
            emit("neg_" + fn.__name__[4:], "en", fn(i), extra)


# ================================================================ build and validate

KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address", "private_key", "jwt",
         "password", "url_credentials"} | {f"api_key/{v}" for v in VENDORS}
VENDOR_RE = {
    "aws": r"(AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "anthropic": r"sk-ant-api03-[\w-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[\w-]{176}=[0-9A-F]{8}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "github": r"gh[pos]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[\w-]{20}",
    "google": r"AIza[\w-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{24}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[\w-]{74}T3BlbkFJ[\w-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmcCJ[\w-]{158}",
    "sendgrid": r"SG\.[\w-]{22}\.[\w-]{43}",
    "shopify": r"shp(at|ca|ss)_[0-9a-f]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}"
             r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"(sk|rk)_live_51[A-Za-z0-9]{97}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
OUR_DOMAINS = tuple(DOMAINS) + tuple(CUSTOMER_DOMAINS) + (".example", ".example.com", ".example.net", ".example.org",
                                                            ".iam.gserviceaccount.com")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
LEAKS = {  # shape: pattern searched in the text left unlabelled (labels and declared look-alikes blanked)
    "email": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}"),
    "ipv4": re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])"),
    "ipv6": re.compile(r"(?<![\w:])[0-9A-Fa-f]{1,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])"),
    "mac": re.compile(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])"),
    "digits": re.compile(r"(?<![\w])\d(?:[ -]?\d){12,18}(?![\w])"),
    "iban": re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b"),
    "jwt": re.compile(r"eyJ[\w-]+\.eyJ"),
    "pem": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "vendor": re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}|gh[pousr]_[A-Za-z0-9]{30}|github_pat_|glpat-[\w-]{20}|xox[abp]-\d"
                         r"|hooks\.slack\.com/services/T|[sr]k_live_[A-Za-z0-9]|whsec_[A-Za-z0-9]|SG\.[\w-]{22}\."
                         r"|hf_[A-Za-z]{30}|AIza[\w-]{35}|hvs\.[A-Za-z0-9]|dop_v1_|npm_[A-Za-z0-9]{30}|pypi-AgE"
                         r"|shp(at|ca|ss)_[0-9a-f]|sk-ant-|sk-proj-|ATATT3|\bSK[0-9a-f]{32}\b|atlasv1"),
    "urlcred": re.compile(r"://[^/\s:@\0]+:[^/\s@\0]+@"),
    "phone": re.compile(r"\+\d[\d ()\-.]{6,}\d"),
    "ssn": re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"),
    "keyword": re.compile(r"(?i)\b(password|passwd|pwd|passphrase|psk|psksecret|community|secret|apnPassword|"
                          r"wachtwurd|kupuhipa|okwuntughe|modpas|pasiwedhi|phasewete|iphasiwedi|facal-faire|ger-tremen|"
                          r"pled-clav|серсүзе|сырсөзү|рамзи|sözi|پارولى)\b[\"']?\s*[:=]\s*[\"']?([^\s\"',;<>{}()\0|]{4,})"),
}
KEYWORD_OK = re.compile(r"^(\$|\{|<|\*|\[MASKED\]|x{4,}|REPLACE|must|before|chosen|scheme|hashed|is$|for$|in$|on$|of$|set$|"
                        r"with$|and$|the$|goes|go$|manager|policy|reset|change|=)", re.I)


def name_parts():
    """Every roster name part that must never appear unlabelled: (part, is a whole non-spaced name)."""
    names = [s.name for s in STAFF] + [c.name for c in CUSTOMERS_EN + CUSTOMERS_US]
    names += [c.name for cs in LANG_CUSTOMERS.values() for c in cs]
    parts = set()
    for n in names:
        for w in re.split(r"[\s\-]+", n):
            w = w.strip("'")
            if len(w) >= 4:
                parts.add(w)
    return sorted(parts)


NAME_PARTS = None


def build(draft):
    """The record of a draft: text, people, spans with UTF-8 byte offsets; plus the masked text and looks."""
    cat, lang, pieces, people = draft
    texts, spans, masked, looks, pos = [], [], [], [], 0
    for p in pieces:
        if isinstance(p, tuple):
            kind, value = p
            n = len(value.encode())
            spans.append({"kind": kind, "start": pos, "end": pos + n})
            texts.append(value)
            masked.append("\0" * len(value))
        else:
            n = len(p.encode())
            texts.append(p)
            if isinstance(p, Look):
                looks.append(str(p))
                masked.append("\0" * len(p))
            else:
                masked.append(p)
        pos += n
    rec = {"id": None, "text": "".join(texts), "people": [s.entry() for s in people], "spans": spans}
    return rec, "".join(masked), looks


def latin(name):
    """Whether every letter of `name` is Latin."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in name if ch.isalpha())


def german_fold(s):
    """`fold` with the German umlaut spelling (ä ae, ö oe, ü ue)."""
    return fold(s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue"))


def check_value(kind, value, text_bytes, start, end):
    """Problems with one labelled value, as a list of strings."""
    bad = []
    if kind not in KINDS:
        return [f"unknown kind {kind}"]
    if "\n" in value and kind != "private_key":
        bad.append("line break inside a label")
    if kind == "email":
        if not EMAIL_RE.fullmatch(value) or not value.lower().endswith(OUR_DOMAINS):
            bad.append(f"email {value!r}")
    elif kind == "phone":
        d = sum(c.isdigit() for c in value)
        if set(value) - set("+0123456789 ()-.") or not 7 <= d <= 15:
            bad.append(f"phone {value!r}")
    elif kind == "credit_card":
        d = re.sub(r"[ -]", "", value)
        ok_brand = any(d.startswith(p) and len(d) in ls for ps, ls in CARD_BRANDS.values() for p in ps)
        if not d.isdigit() or not luhn_ok(d) or not ok_brand or d in TEST_CARDS:
            bad.append(f"card {value!r}")
    elif kind == "iban":
        s = value.replace(" ", "")
        if not iban_valid(value) or IBAN_SPECS.get(s[:2], (0,))[0] != len(s):
            bad.append(f"iban {value!r}")
        if " " in value and any(len(g) != 4 for g in value.split(" ")[:-1]):
            bad.append(f"iban grouping {value!r}")
    elif kind == "ip_address":
        try:
            if not ip_ok(value):
                bad.append(f"ip not labellable {value!r}")
        except ValueError:
            bad.append(f"ip {value!r}")
    elif kind == "mac_address":
        if not LEAKS["mac"].fullmatch(value):
            bad.append(f"mac {value!r}")
    elif kind == "jwt":
        parts = value.split(".")
        try:
            header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
            json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
            assert len(parts) == 3 and "alg" in header and parts[2]
        except Exception:  # noqa: BLE001
            bad.append(f"jwt {value[:30]!r}")
    elif kind == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----(\\n|\n)(.*?)(\\n|\n)-----END \1-----", value, re.S)
        try:
            assert m
            base64.b64decode(m.group(3).replace("\\n", "").replace("\n", ""), validate=True)
        except Exception:  # noqa: BLE001
            bad.append("private key armour or body")
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if not re.fullmatch(VENDOR_RE[vendor], value):
            bad.append(f"{kind} shape {value[:24]!r}")
        m = re.fullmatch(r"(gh[pos]_|npm_)([A-Za-z0-9]{30})([A-Za-z0-9]{6})", value)
        if m and b62_encode(zlib.crc32(m.group(2).encode()) & 0xFFFFFFFF, 6) != m.group(3):
            bad.append(f"{kind} checksum")
    elif kind == "password":
        if (len(value) < 6 or value.lower() in PLACEHOLDERS or re.search(r"\s", value)
                or value[0] in "$<{*" or set(value) <= set("xX*")):
            bad.append(f"password {value!r}")
    elif kind == "url_credentials":
        if ":" not in value or text_bytes[start - 3:start] != b"://" or text_bytes[end:end + 1] != b"@":
            bad.append(f"url_credentials {value!r}")
    elif kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if not m or m.group(1) in ("000", "666") or m.group(1) >= "900" or m.group(2) == "00" or m.group(3) == "0000":
            bad.append(f"ssn {value!r}")
    return bad


def validate(draft, rec, masked):
    """Every problem of one line (empty when the line is sound)."""
    global NAME_PARTS
    NAME_PARTS = NAME_PARTS or name_parts()
    cat, lang, pieces, people = draft
    bad, text = [], rec["text"]
    data = text.encode()
    last = 0
    labels = [p for p in pieces if isinstance(p, tuple)]
    for span, lab in zip(rec["spans"], labels):
        s, e = span["start"], span["end"]
        if not (0 <= s < e <= len(data)) or s < last:
            bad.append(f"offsets {span}")
        last = e
        try:
            if data[s:e].decode() != lab[1]:
                bad.append(f"span text {span}")
        except UnicodeDecodeError:
            bad.append(f"span on no character boundary {span}")
        bad += check_value(lab[0], lab[1], data, s, e)
    # people: staff by their fields, customers by a name form beside their labelled address
    emails = {lab[1] for lab in labels if lab[0] == "email"}
    for lab in labels:
        if lab[0] != "person":
            continue
        if isinstance(lab, Lab) and lab.who is not None:
            if lab.who not in people or lab[1] not in (lab.who.name, lab.who.email, lab.who.aid):
                bad.append(f"staff person {lab[1]!r}")
        elif isinstance(lab, Lab) and lab.cust is not None:
            c = lab.cust
            if lab[1] not in c.forms() or c.email not in emails:
                bad.append(f"customer person {lab[1]!r} without their address")
            spelt = re.sub("[^a-z]", "", c.base)
            if latin(c.name) and "ʻ" not in c.name and spelt not in (fold(c.name), german_fold(c.name)):
                bad.append(f"address base {c.base!r} does not spell {c.name!r}")
        else:
            bad.append(f"person label without a person {lab[1]!r}")
    negative = cat.startswith("neg_") or cat == "lang_neg1" or cat == "lang_neg2"
    if negative and rec["spans"]:
        bad.append("negative line with spans")
    if not negative and not rec["spans"]:
        bad.append("positive line without spans")
    # the text left unlabelled must hold nothing of a labelled kind
    for shape, rx in LEAKS.items():
        for m in rx.finditer(masked):
            hit = m.group(0)
            if shape == "ipv4":
                try:
                    if not ipaddress.ip_address(hit).is_loopback and hit != "0.0.0.0":
                        bad.append(f"unlabelled {shape} {hit!r}")
                except ValueError:
                    pass
            elif shape == "ipv6":
                try:
                    a = ipaddress.ip_address(hit)
                    if not a.is_loopback:
                        bad.append(f"unlabelled {shape} {hit!r}")
                except ValueError:
                    pass
            elif shape == "digits":
                if luhn_ok(re.sub(r"[ -]", "", hit)):
                    bad.append(f"unlabelled Luhn-valid {hit!r}")
            elif shape == "iban":
                if iban_valid(hit):
                    bad.append(f"unlabelled IBAN {hit!r}")
            elif shape == "urlcred":
                if not re.search(r"://[$<{]", hit):
                    bad.append(f"unlabelled {shape} {hit!r}")
            elif shape == "keyword":
                if not KEYWORD_OK.match(m.group(2)):
                    bad.append(f"unlabelled secret after keyword {hit!r}")
            else:
                bad.append(f"unlabelled {shape} {hit!r}")
    for part in NAME_PARTS:
        if re.search(rf"(?<!\w){re.escape(part)}(?!\w)", masked):
            bad.append(f"unlabelled name part {part!r}")
    return bad


# ================================================================ main

PLAN = [(billing, 10), (mandate, 12), (meter_install, 9), (crew_chat, 9), (sms_log, 8), (ev_ticket, 13),
        (ocpp_log, 14), (scada, 20), (dhcp_log, 8), (solar_survey, 12), (psr_note, 9), (hr_onboarding, 11),
        (vendor_invoice, 8), (helm_k8s, 10), (terraform, 8), (ansible, 6), (ci_log, 8), (dotenv, 10), (db_urls, 8),
        (saas_tokens, 18), (jwt_lines, 12), (private_keys, 10), (email_thread, 11), (vcard, 5), (csv_export, 8),
        (wiki_table, 7), (runbook, 10)]


def generate():
    """All drafts, in generation order."""
    for fn, n in PLAN:
        for i in range(n):
            fn(i)
    for code in LANGS:
        lang_lines(code)
    for k, fn in enumerate(NEGATIVES):
        for i in range(5 if k < 18 else 4):
            extra = [staff()] if R.random() < 0.3 else []
            emit("neg_" + fn.__name__[4:], "en", fn(i), extra)
    return DRAFTS


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="also list the declared look-alikes")
    args = parser.parse_args()
    drafts = generate()
    built = [build(d) for d in drafts]
    problems, seen = [], set()
    for draft, (rec, masked, _) in zip(drafts, built):
        for p in validate(draft, rec, masked):
            problems.append(f"{draft[0]}/{draft[1]}: {p}\n    {rec['text'][:160]!r}")
        if rec["text"] in seen:
            problems.append(f"{draft[0]}: duplicate text {rec['text'][:80]!r}")
        seen.add(rec["text"])
    if problems:
        print("\n".join(problems[:60]), file=sys.stderr)
        print(f"{len(problems)} problems; nothing written", file=sys.stderr)
        return 1
    order = list(range(len(built)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    with open(OUT, "w", encoding="utf-8", newline="\n") as out:
        for n, k in enumerate(order, 1):
            rec = built[k][0]
            rec["id"] = f"held10-{n:05d}"
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for rec, _, _ in built for s in rec["spans"])
    negatives = sum(1 for rec, _, _ in built if not rec["spans"])
    langs = Counter(d[1] for d in drafts)
    cats = Counter(d[0] for d in drafts)
    print(f"wrote {OUT.name}: {len(built)} lines, {sum(kinds.values())} spans, {negatives} negative lines")
    for kind, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<24}{n:>5}")
    print("languages: " + ", ".join(f"{LANGS[c]['name'] if c in LANGS else 'English'} {n}" for c, n in langs.items()))
    print("categories: " + ", ".join(f"{c} {n}" for c, n in cats.items()))
    if args.lint:
        for draft, (rec, _, looks) in zip(drafts, built):
            for look in looks:
                print(f"look  {draft[0]:<16}{look[:100]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
