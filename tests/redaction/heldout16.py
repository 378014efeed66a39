#!/usr/bin/env python3
"""Writes heldout16.jsonl: a sixteenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional international humanitarian NGO holds ("Thornvale Relief
International", TRI: field offices in Juba, Bor, Nasir, Bambari, Kaya, Abomey, Makeni, Kenema,
Dikhil, Tadjourah, Hawassa, Temuco, Maiduguri, Monguno, Keren, Multan, Kankan, Labé, Robertsport,
Kutupalong, Palu and Nazran, a logistics hub; cash-transfer programmes, the beneficiary-registration
app "Kinroll", the donor CRM "GiftLedger", the volunteer portal "Handsign", the mobile-money
disbursement bridge "PayRiver", the clinic programme "CareStep" and the "Lifeline" hotline and
chatbot; made-up domains thornvale.org and tri.internal, third parties only under reserved example
names: example.com / .net / .org and their subdomains, mail.example, inbox.example, post.example,
correo.example, ...): beneficiary and donor complaint tickets (Jira fields, watchers, `@` and
`[~accountid:...]` mentions, JSM requests, contact forms, quoted forwards, chatbot transcripts),
cash-transfer disbursement exports (CSV, bare MSISDNs), PayRiver payout logs, donor refunds to
IBANs and card reversals, volunteer registration CSVs, vCards, field-security on-call rotas (wiki
tables), Slack-style chats, e-mails with full headers, quoted replies and signatures, a US
contractor's W-9 and a refund form with SSNs, payroll bank-detail changes, a supplier's
mandate-fraud e-mail, ISO 20022 CdtTrfTxInf refunds, cards pasted into chats, a donation terminal's
debug log, a chargeback CSV, an SMS gateway export, hotline call logs and clinic referrals with a
next of kin's phone; .env, YAML, INI, docker-compose, JSON kiosk configs, Kubernetes Secrets,
Terraform tfvars, curl commands, CI logs, gitleaks findings, vendor tokens in prose, JWTs (cookies,
token responses, curl), private keys (OpenSSH, RSA, EC, PKCS#8, a GCP service-account JSON), URL
credentials of twelve schemes (postgresql, rediss, redis, amqps, mysql, mongodb+srv, smtps, ftp,
sftp, rtsp, https, mqtt), AWS credential files with a session token, Azure storage connection
strings, Wi-Fi (hostapd, UniFi, prose), DHCP, RADIUS, IPv4 / IPv6 firewall drops,
impossible-travel alerts, `vault kv get` output and credential flags (`sshpass -p`, `mysql
-p'...'`, `redis-cli -a`, `PGPASSWORD=`).

Eighteen languages besides English, none listed by the earlier sets' docstrings (Dinka, Nuer,
Sango, Mooré, Fon, Krio, Afar, Sidamo, Mapudungun, Kanuri, Tigre, Saraiki, Maninka, Pular
(Fula), Vai, Rohingya, Buginese, Ingush), in eight scripts besides Latin, five of them used by no
earlier set (N'Ko for Maninka, Adlam for Pular, the Vai syllabary, Hanifi Rohingya, Lontara for
Buginese; besides Ge'ez for Tigre, Arabic for Saraiki with ٻ ݙ ڳ, Cyrillic with the palochka Ӏ
for Ingush). The script texts are written from a Latin draft through small transliterators in
this file (N'Ko, Adlam, Vai, Hanifi Rohingya, Lontara without its unwritten codas, Ge'ez), so they
are plausible in form rather than idiomatic. In each language: two beneficiary complaints with
the beneficiary's phone and e-mail (framed in turn as a Jira ticket with a watcher, a Handsign
contact form, a quoted forward or a Lifeline chatbot transcript), a field note with a colleague's
(a listed staff member) and a relative's phone, a staff Wi-Fi password given with the language's
own word for password (wël ë thiaan, ruac mi ci kuany, tënë ti hônde, gom-solgre, xógbe ɖěɖé,
paswɔd, sirri-qangara, maaxxaame qaale, ellkan dungu, kalma sirbe, ቃል ምስጢር, ڳجھا لفظ, ߜߎ߲ߘߏ
ߞߎߡߊ, 𞤳𞤮𞤲𞤲𞤺𞤮𞤤 𞤧𞤵𞤵𞤯𞤢𞤢𞤲𞤺𞤮𞤤, ꔖꔇ ꖏ, Hanifi "gufon hota", Lontara "ada rahasia", къайла дош), a card
pasted into a chat, a chat line with a staff member's phone, a refund (to an IBAN in GB, FR, BE,
DJ, SE, PK, FR and GE for Dinka, Sango, Fon, Afar, Tigre, Saraiki, Maninka and Ingush, to a card
elsewhere) and two negative sentences with NGO look-alikes. Names in N'Ko, Adlam, Vai, Hanifi
Rohingya, Lontara, Ge'ez, Arabic and Cyrillic script (with an Ingush patronymic: Хьава Исаевна
Гандалоева) and in Latin script with diacritics and local customs (Dinka three-part names, Nuer,
Sango ï / é and hyphenated surnames, Mooré é, Fon è, Krio hyphenated surnames, Afar and Sidamo
doubled letters, Mapudungun ñ / é, Kanuri, Irish O' / Mac, Dutch `van der`, Belgian `De`, Italian
`Lo`, Danish ø, Polish ó); staff display names in Latin, Ge'ez, N'Ko, Arabic and Cyrillic script
with Latin addresses. Phone numbers of 47 countries (South Sudan, Burundi, CAR, Burkina Faso,
Benin (10-digit 01 numbers), Sierra Leone, Djibouti, Ethiopia, Eritrea, Pakistan, Bangladesh,
Myanmar, Bhutan, Russia, Georgia, Papua New Guinea, Vanuatu, Haiti, Peru, Bolivia, Paraguay,
Chile, Guinea, Liberia, Nigeria, Maldives, India, UK, USA, Canada, France, Germany, Switzerland,
Netherlands, Belgium, Norway, Sweden, Italy, Spain, Kenya, Uganda, Jordan, Australia, DR Congo,
Chad, Cameroon, Indonesia), from each country's mobile numbering plan (prefixes and lengths), in
national, international, `00`, E.164, dashed, bracketed (`(312) 482-1234`, `+44 (0)7912 ...`,
`8 (928) ...`, `(+257) ...`), dotted and bare-MSISDN form; IBANs of 22 countries (GB, IE, DE, FR,
NL, BE, CH, NO, SE, IT, ES, PT, AT, LU, DK, FI, PL, GE, PK, BI, DJ, JO; Dutch accounts passing the
11-test, Belgian mod-97, French RIB keys, Spanish DC, Norwegian mod-11 and Finnish Luhn check
digits), spaced in fours or plain; card numbers of thirteen brands (Visa, Mastercard 5x and
2-series, Amex, Discover, JCB, Diners, UnionPay of 16 and 19 digits, Maestro of 16 and 19 digits,
Mir, RuPay, Troy, Elo; spaced, dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC
addresses; JWTs; URL credentials; private keys; tokens of the eighteen vendors of the earlier
sets' list, each four times or more (distinct tokens). 150 of the 550 lines are negatives built
from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, xtask/, js/, wit/,
examples/ and the rest of the engine), at README.md or SECURITY.md, at git history, logs or
diffs, or at the other sets' sentences, generators or data (no .jsonl file was opened); only
evaluate.py, checks.py and the module docstrings of heldout.py to heldout15.py were read, and
nothing was built or run but this script. Its first score is therefore a blind one.

    python3 tests/redaction/heldout16.py

A summary (lines, spans per kind, negatives, languages, categories) is printed after writing.

Deterministic: every random part (staff and beneficiaries drawn from fixed rosters, phone digits,
IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies, timestamps, look-alikes) comes
from one seeded `random.Random` (SEED); staff, beneficiaries, card brands, IBAN countries, phone
countries and forms, complaint frames, URL schemes, PEM kinds and templates are taken in turn
(`Cycle`); the line order is shuffled by a second seeded one (SHUFFLE_SEED). Nothing depends on
set order, the clock, the environment or the hash seed. Every line is validated before anything
is written (see `validate`); any violation aborts with a message and writes nothing: texts
unique; offsets inside the text, not overlapping, each span's UTF-8 bytes the labelled value
(checked again on the written file); the shape of every labelled value (Luhn, brand prefix and
length for cards, never a published test number; country length, mod-97 check through checks.py
and the national check digits listed above for IBANs, groups of four when spaced; parseable IPs
that are not loopback, unspecified, link-local, multicast, reserved, CGN, benchmark or
documentation addresses; MAC shape; JWT header with "alg" and payload that decode; PEM armour and
base64 body; vendor token formats, with the CRC32 checksum (base62, six characters) of GitHub and
npm tokens; US SSN ranges; phone characters, the form the number was drawn in, and digits equal
to the calling code, `00` and calling code, or trunk prefix plus the national number drawn from
the country's plan; passwords that are no weak word, of three character classes; url_credentials
between `://` and `@`, holding no unencoded `@ / ? #`; e-mail domains that are ours or reserved;
no staff address labelled `email`; a listed person is in the line's `people`, anyone else named
has an address labelled in the same line whose local part spells every part of the name, through
its Latin transliteration for N'Ko, Adlam, Vai, Hanifi Rohingya, Lontara, Ge'ez, Arabic and
Cyrillic names). The text left unlabelled (labels and declared look-alikes blanked) is scanned
for e-mail addresses, IPv4 and IPv6 addresses, `+` / `00` / North American phone shapes and bare
runs of 10-15 digits, MAC addresses, SSN shapes, vendor-token, JWT, PEM and URL-credential shapes,
password keywords (English and every language's own word) followed by `:` or `=` and a value,
Luhn-valid runs of 13-19 digits (also across spaces and dashes), valid IBANs, and every name part
of the rosters (as written and in capitals; two-letter parts too in non-Latin scripts).
Look-alikes that carry check digits (GTIN-13 with its GS1 digit, tablet IMEIs, Luhn by design)
are generated with valid ones; loopback addresses, netmasks, masks and placeholders stand on
negative lines only. Negative lines carry no span, positive lines at least one.

Format (the one evaluate.py reads):

    {"id": "held16-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦...⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line
break, except a private key with real newlines.

Labelling conventions: those of heldout15.py's docstring (and through it heldout4.py's to
heldout14.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `report%40...` stays inside);
  a vendor token used as a URL password (`https://oauth2:glpat-...@`) is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a hostapd `auth_server_shared_secret`, an opaque `refresh_token`, an AWS session
  token, an opaque kiosk `api_key`, a mobile-network-operator API key in Vault, the secret of
  `curl -u user:secret`, a `vault kv get` value, `sshpass -p`, `mysql -p'...'`, `redis-cli -a`,
  `PGPASSWORD=`). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone, and Terraform's storage key), digitalocean,
  github, gitlab, google, hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai,
  pypi, sendgrid, shopify, slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK...
  key SIDs and their secrets; AC... account SIDs and MG... service SIDs are not labelled); a
  PyPI token as `TWINE_PASSWORD` is `api_key/pypi`.
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); beneficiaries, donors, volunteers,
  patients, callers, contractors, cardholders and supplier contacts are never in `people` and
  appear only in a line that labels an address spelling their name: every occurrence of the name
  is `person`, the address `email`. Role addresses (hotline@, registrations@, accounts@) and a GCP
  service account's `client_email` are `email`. In e-mail headers every mailbox is labelled (a
  quoted display name without its quotes); Message-IDs are not addresses. A line's `people` may
  list staff the text does not mention (negative lines included).
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback, 0.0.0.0 and
  netmasks only on negative lines.
* phone: the whole number as written (a `(0)` trunk inside the span); a bare MSISDN is `phone`;
  extensions, hotline short codes (`1414`, `8090`) and USSD codes are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, SSIDs, VLANs, user names (also base64 ones in a Kubernetes
  Secret), host names, masked values and placeholders (only on negative lines), hashes, UUIDs,
  build numbers shaped like IPv4 addresses. No published test card number, no AWS example key, no
  weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: humanitarian identifiers are declared look-alikes, never labelled: ration-card numbers
  (`RC-SS-04-118273`), household ids, GPS coordinates, waybill numbers (`WB-JUB-2026-004817`), lot
  numbers, GTIN-13 RUTF barcodes, truck plates, container numbers, grant and agreement numbers,
  mobile-money transaction ids (13-14 digits, never Luhn-valid), PayRiver case and vendor ids,
  clinic patient ids and bed numbers, registration-tablet IMEIs (Luhn by design) and serials,
  Kinroll builds shaped like IPv4 addresses, epoch milliseconds, trace ids, checksums, UUIDs,
  MUAC, weight, temperature and dose values, amounts in many currencies (`45 000 FCFA`,
  `SSP 45,000`, `Le 1,250`, `Rp 750.000`), dates in several notations, hotline short codes and
  USSD strings (`*144#`), desk extensions and radio channels.
* NEW: negatives with people-like words that are not people (`St. Mary's clinic`, `Mount Elgon
  camp`, `the Bishop Gorgas school`, `the Florence Nightingale ward`, `the Lake Victoria route`)
  and secret words without secrets (the language's word for password followed by "was changed" in
  every language, "the PayRiver client_secret was rotated", "token expired", `${DB_PASSWORD}`,
  `<password>`, `REPLACE_ME`, `{{ vault.db_password }}`, `sk_live_xxxx...`, `********`).
* NEW: a language's own word for password is never labelled, only the value after it; amounts in
  language lines are look-alikes, left in Latin digits in every script.
* NEW: names in N'Ko (ߝߊ߲ߕߊ ߞߏ߲ߘߋ ↔ fanta.konde), Adlam (𞤃𞤢𞤪𞤭𞤢𞤥𞤢 𞤔𞤢𞤤𞤤𞤮 ↔ mariama.jallo), Vai
  (ꕘꖤ ꕃꕉꖙ ↔ fatu.kiawu), Hanifi Rohingya (↔ hasina.bibi), Lontara (written without codas, ↔
  hasnah.daeng.ngai), Ge'ez (ሳበ ኢድሪስ ↔ saba.idris), Arabic (رخسانہ سیال ↔ rukhsana.sial) and
  Cyrillic (Зарема Мальсагова ↔ zarema.malsagova) are spelt by the address through their Latin
  transliteration; Latin names drop their diacritics (Ngaïkoïssé ↔ ngaikoisse, Ayelén ↔ ayelen,
  Ñancupil ↔ nancupil, Søren ↔ soeren). An Ingush name with its patronymic and a Dinka three-part
  name are one `person` span each, beside an address spelling every part.
* NEW: a disbursement export's `msisdn` column and a PayRiver log's `msisdn=` are `phone` (bare
  MSISDNs); its `household_id` and `txn` are look-alikes.
* NEW: in a vCard `FN` is one `person` span and `N`'s family and given components one each (a
  particle stays inside: `van der Linde`, `Mac Giolla Bhríde`); volunteer-CSV `surname` /
  `given_name` columns are separate spans; a cardholder in capitals in a chargeback CSV is
  `person` beside the address in the same row.
* NEW: a RADIUS `Login OK: [...]` user that is a staff address is `person`; the `cli` MAC is
  `mac_address`, the NAS-IP `ip_address`; a hostapd or UniFi `bssid` is `mac_address`; a DHCP
  lease labels the IP and the MAC, not the host name; a lab-bridge INI's `host` and `mac` are
  labelled, its `firmware` build is not.
* NEW: in a mandate-fraud e-mail both the supplier's old and new IBAN are `iban`, the supplier
  contact is `person` beside the address on the supplier's example domain, the NGO's `accounts@`
  is `email`; in a payroll bank-detail change both IBANs are `iban`; in a CdtTrfTxInf refund the
  NGO's own debtor IBAN and the donor's creditor IBAN are both `iban` (the NGO's name in `<Nm>`
  is not a person)."""

import base64
import binascii
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
OUT = HERE / "heldout16.jsonl"
SEED = 1616
SHUFFLE_SEED = 6161
R = random.Random(SEED)

# --- pieces ----------------------------------------------------------------------------------


class Lab:
    """A labelled value."""

    def __init__(self, kind, value, meta=None):
        self.kind, self.value, self.meta = kind, value, meta


class Look:
    """A declared look-alike: never labelled, blanked before the leak scan."""

    def __init__(self, value):
        self.value = value


class Cycle:
    """Takes items in turn."""

    def __init__(self, items):
        self.items, self.i = list(items), 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


def T(template, **vals):
    """Pieces of a ⟦name⟧ template."""
    out = []
    for part in re.split(r"(⟦[A-Za-z0-9_]+⟧)", template):
        if part.startswith("⟦") and part.endswith("⟧"):
            v = vals[part[1:-1]]
            out.extend(v if isinstance(v, list) else [v])
        elif part:
            out.append(part)
    return out


LINES = []


def emit(pieces, people=(), cat="misc", lang="en"):
    text, spans, looks, b = "", [], [], 0
    for p in pieces:
        if isinstance(p, str):
            v = p
        elif isinstance(p, Lab):
            v = p.value
            spans.append((p.kind, b, b + len(v.encode()), p))
        elif isinstance(p, Look):
            v = p.value
            looks.append((b, b + len(v.encode())))
        else:
            raise TypeError(p)
        text += v
        b += len(v.encode())
    LINES.append({"text": text, "spans": spans, "looks": looks,
                  "people": [dict(display_name=s.name, email=s.email, account_id=s.aid)
                             for s in people],
                  "cat": cat, "lang": lang})


def ppl(*labs):
    return list(labs)


# --- random helpers --------------------------------------------------------------------------

B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
B64U = ALNUM + "-_"


def rs(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def strong_pw(n=None):
    n = n or R.randint(12, 20)
    while True:
        s = rs(ALNUM + "!#%&*-_=+.~^", n)
        if (re.search(r"[a-z]", s) and re.search(r"[A-Z]", s) and re.search(r"\d", s)
                and re.search(r"[^A-Za-z0-9]", s) and not re.search(r"[@/?#:]", s)):
            return s


def ts(day=None):
    d = day or R.randint(1, 28)
    return f"2026-03-{d:02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z"


def uuid():
    h = rs(HEX, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"


# --- people ----------------------------------------------------------------------------------


class Staff:
    def __init__(self, name, local, parts, country):
        self.name, self.email = name, f"{local}@thornvale.org"
        self.aid = "712020:" + uuid()
        self.parts, self.country = parts, country


STAFF = [
    Staff("Ingrid Solheim", "ingrid.solheim", ["ingrid", "solheim"], "NO"),
    Staff("Jean-Baptiste Hounkpatin", "jeanbaptiste.hounkpatin", ["jean", "baptiste", "hounkpatin"], "BJ"),
    Staff("Fatmata Sesay-Kamara", "fatmata.sesaykamara", ["fatmata", "sesay", "kamara"], "SL"),
    Staff("Nyaluak Gatkuoth", "nyaluak.gatkuoth", ["nyaluak", "gatkuoth"], "SS"),
    Staff("Aminata Ouédraogo", "aminata.ouedraogo", ["aminata", "ouedraogo"], "BF"),
    Staff("Lukas Brandstätter", "lukas.brandstaetter", ["lukas", "brandstaetter"], "DE"),
    Staff("María José Quispe Mamani", "mariajose.quispe", ["maria", "jose", "quispe", "mamani"], "PE"),
    Staff("Chloé Vandenbroucke", "chloe.vandenbroucke", ["chloe", "vandenbroucke"], "BE"),
    Staff("ሰላም ተስፋይ", "selam.tesfay", ["selam", "tesfay"], "ER"),
    Staff("ߡߊߡߊߘߎ ߞߊߡߊߙߊ", "mamadu.kamara2", ["mamadu", "kamara"], "GN"),
    Staff("ثوبیہ لغاری", "sobia.leghari", ["sobia", "leghari"], "PK"),
    Staff("Мадина Евлоева", "madina.evloeva", ["madina", "evloeva"], "RU"),
    Staff("Tenzin Wangchuk Dorji", "tenzin.dorji", ["tenzin", "wangchuk", "dorji"], "BT"),
    Staff("Hoang Minh Ramírez", "hoang.ramirez", ["hoang", "minh", "ramirez"], "US"),
    Staff("Siobhán Ní Chathasaigh", "siobhan.nichathasaigh", ["siobhan", "chathasaigh"], "GB"),
    Staff("Kalsakau Natapei", "kalsakau.natapei", ["kalsakau", "natapei"], "VU"),
    Staff("Mireille Jean-Louis", "mireille.jeanlouis", ["mireille", "jean", "louis"], "HT"),
    Staff("Rashida Akter Chowdhury", "rashida.chowdhury", ["rashida", "akter", "chowdhury"], "BD"),
    Staff("Anders Kjærgaard", "anders.kjaergaard", ["anders", "kjaergaard"], "NO"),
    Staff("Ruth Ayelech Gebremedhin", "ruth.gebremedhin", ["ruth", "ayelech", "gebremedhin"], "ET"),
]
STAFF_CYCLE = Cycle(STAFF)

# names not in `people` used anywhere: display -> latin parts (validated against the address)
NAME_PARTS = {}


class Client:
    def __init__(self, name, parts, domain, sep="."):
        self.name, self.parts = name, parts
        self.email = f"{sep.join(parts)}@{domain}"
        NAME_PARTS[name] = parts
        NAME_PARTS[name.upper()] = parts


DOMAINS = Cycle(["example.com", "example.org", "example.net", "mail.example", "inbox.example",
                 "post.example", "correo.example", "mail.example.com", "donors.example.org",
                 "webmail.example.net"])


def client(name, parts, sep="."):
    c = Client(name, parts, DOMAINS(), sep)
    return c


def comp(value, parts):
    """A name component (vCard N, CSV columns) spelt by an address in the same line."""
    NAME_PARTS[value] = parts
    return Lab("person", value)


# --- phones ----------------------------------------------------------------------------------

PLANS = {
    "SS": ("211", "0", ["91", "92", "95", "98"], 9, [2, 3, 4]),
    "BI": ("257", "", ["61", "62", "68", "69", "71", "72", "75", "76", "79"], 8, [2, 2, 2, 2]),
    "CF": ("236", "", ["70", "72", "75", "77"], 8, [2, 2, 2, 2]),
    "BF": ("226", "", ["70", "71", "72", "76", "78", "65", "66", "56", "57"], 8, [2, 2, 2, 2]),
    "BJ": ("229", "", ["0196", "0197", "0161", "0162", "0166", "0190", "0191"], 10, [2, 2, 2, 2, 2]),
    "SL": ("232", "0", ["76", "77", "78", "79", "30", "33", "88", "99"], 8, [2, 3, 3]),
    "DJ": ("253", "", ["77"], 8, [2, 2, 2, 2]),
    "ET": ("251", "0", ["91", "92", "93", "94", "70"], 9, [3, 2, 2, 2]),
    "ER": ("291", "0", ["71", "72", "73"], 7, [1, 3, 3]),
    "PK": ("92", "0", ["300", "301", "312", "321", "333", "345"], 10, [3, 7]),
    "BD": ("880", "0", ["13", "14", "15", "16", "17", "18", "19"], 10, [4, 6]),
    "MM": ("95", "0", ["94", "96", "97", "979"], 10, [1, 3, 3, 3]),
    "BT": ("975", "", ["17", "77"], 8, [2, 2, 2, 2]),
    "RU": ("7", "8", ["928", "938", "963", "988", "912", "905"], 10, [3, 3, 2, 2]),
    "GE": ("995", "", ["555", "557", "568", "571", "595", "599"], 9, [3, 2, 2, 2]),
    "PG": ("675", "", ["70", "71", "72", "73", "74", "79", "81"], 8, [4, 4]),
    "VU": ("678", "", ["5", "7"], 7, [3, 4]),
    "HT": ("509", "", ["31", "34", "36", "37", "38", "46", "47", "48"], 8, [2, 2, 4]),
    "PE": ("51", "", ["9"], 9, [3, 3, 3]),
    "BO": ("591", "", ["6", "7"], 8, [3, 5]),
    "PY": ("595", "0", ["981", "982", "983", "985", "961", "971", "991"], 9, [3, 3, 3]),
    "CL": ("56", "", ["9"], 9, [1, 4, 4]),
    "GN": ("224", "", ["62", "66", "65", "61", "60"], 9, [3, 2, 2, 2]),
    "LR": ("231", "0", ["77", "88"], 9, [3, 3, 3]),
    "NG": ("234", "0", ["803", "806", "813", "816", "703", "706", "903", "905", "808"], 10, [3, 3, 4]),
    "MV": ("960", "", ["7", "9"], 7, [3, 4]),
    "IN": ("91", "0", ["98", "99", "97", "96", "94", "90", "88", "87", "81", "79", "70", "63"], 10, [5, 5]),
    "GB": ("44", "0", ["74", "75", "77", "78", "79"], 10, [4, 6]),
    "US": ("1", "1", ["202", "312", "617", "415", "718", "503", "612", "206", "404", "713"], 10, [3, 3, 4]),
    "CA": ("1", "1", ["613", "416", "604", "514", "902"], 10, [3, 3, 4]),
    "FR": ("33", "0", ["6", "7"], 9, [1, 2, 2, 2, 2]),
    "DE": ("49", "0", ["170", "171", "172", "175", "176", "177", "178", "179", "160"], 10, [3, 7]),
    "CH": ("41", "0", ["75", "76", "77", "78", "79"], 9, [2, 3, 2, 2]),
    "NL": ("31", "0", ["6"], 9, [1, 8]),
    "BE": ("32", "0", ["470", "471", "472", "475", "476", "477", "478", "479", "485", "486", "496", "497", "498"], 9, [3, 2, 2, 2]),
    "NO": ("47", "", ["4", "9"], 8, [3, 2, 3]),
    "SE": ("46", "0", ["70", "72", "73", "76", "79"], 9, [2, 3, 2, 2]),
    "IT": ("39", "", ["320", "328", "329", "333", "338", "340", "347", "348", "349", "366", "389", "393"], 10, [3, 3, 4]),
    "ES": ("34", "", ["6", "71", "72", "73", "74"], 9, [3, 3, 3]),
    "KE": ("254", "0", ["70", "71", "72", "74", "79", "11"], 9, [3, 6]),
    "UG": ("256", "0", ["70", "71", "75", "77", "78", "76"], 9, [3, 6]),
    "JO": ("962", "0", ["77", "78", "79"], 9, [1, 4, 4]),
    "AU": ("61", "0", ["4"], 9, [3, 3, 3]),
    "CD": ("243", "0", ["81", "82", "84", "85", "89", "97", "99"], 9, [3, 3, 3]),
    "TD": ("235", "", ["60", "63", "65", "66", "90", "93", "95", "99"], 8, [2, 2, 2, 2]),
    "CM": ("237", "", ["67", "65", "69", "68"], 9, [1, 2, 2, 2, 2]),
    "ID": ("62", "0", ["812", "813", "821", "822", "852", "853", "811"], 11, [3, 4, 4]),
}
FORMS = Cycle(["intl", "national", "e164", "00", "dashed", "intl", "bracket", "dotted", "national", "e164"])


def grouped(nsn, groups, sep=" "):
    out, i = [], 0
    for g in groups:
        out.append(nsn[i:i + g])
        i += g
    if i < len(nsn):
        out[-1] += nsn[i:]
    return sep.join(out)


def nsn_for(cc):
    code, trunk, prefixes, n, groups = PLANS[cc]
    p = R.choice(prefixes)
    while True:
        rest = digits(n - len(p))
        if cc in ("US", "CA"):
            rest = R.choice("23456789") + rest[1:]
            if rest[:3] == "555":
                continue
        if len(set(rest)) > 2:
            return p + rest


def phone(cc, form=None):
    """A phone Lab of country `cc` in the given (or next) form."""
    code, trunk, prefixes, n, groups = PLANS[cc]
    form = form or FORMS()
    nsn = nsn_for(cc)
    na = cc in ("US", "CA")
    if form == "bare":
        v = code + nsn
    elif form == "e164":
        v = "+" + code + nsn
    elif form == "00":
        v = "00" + code + " " + grouped(nsn, groups)
    elif form == "dashed":
        v = "+" + code + "-" + grouped(nsn, groups, "-")
    elif form == "bracket":
        if na:
            v = f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}"
        elif cc == "RU":
            v = f"8 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
        elif trunk:
            v = f"+{code} ({trunk}){grouped(nsn, groups)}"
        else:
            v = f"(+{code}) {grouped(nsn, groups)}"
    elif form == "dotted":
        v = (trunk if not na else "") + grouped(nsn, groups, ".")
    elif form == "national":
        if na:
            v = f"{nsn[:3]}-{nsn[3:6]}-{nsn[6:]}"
        elif cc == "RU":
            v = "8 " + grouped(nsn, groups)
        else:
            g = grouped(nsn, groups)
            v = trunk + g
    else:  # intl
        v = "+" + code + " " + grouped(nsn, groups)
    return Lab("phone", v, (cc, code, trunk, nsn, form))


def bare(cc):
    return phone(cc, "bare")


# --- IBANs -----------------------------------------------------------------------------------

IBAN_SPEC = {  # country: (length, generator of bban)
    "GB": 22, "IE": 22, "DE": 22, "FR": 27, "NL": 18, "BE": 16, "CH": 21, "NO": 15, "SE": 24,
    "IT": 27, "ES": 24, "PT": 25, "AT": 20, "LU": 20, "DK": 18, "FI": 18, "PL": 28, "GE": 22,
    "PK": 24, "BI": 27, "DJ": 27, "JO": 30,
}


def mod11_nl_ok(acc):
    return sum(int(d) * (10 - i) for i, d in enumerate(acc)) % 11 == 0


def es_dc(s):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
    return {11: 0, 10: 1}.get(d, d)


def fr_key(bank, branch, acc):
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97


def no_check(s10):
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    r = 11 - sum(int(c) * w[i] for i, c in enumerate(s10)) % 11
    return None if r == 10 else (0 if r == 11 else r)


def fi_luhn_digit(s):
    for d in "0123456789":
        if luhn_ok(s + d):
            return d


def bban(cc):
    if cc == "GB":
        return R.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + digits(14)
    if cc == "IE":
        return R.choice(["AIBK", "BOFI"]) + digits(14)
    if cc == "DE":
        return R.choice(["37040044", "50010517", "10020030", "20041111"]) + digits(10)
    if cc == "FR":
        bank, branch, acc = R.choice(["30004", "30003", "10278", "20041"]), digits(5), digits(11)
        return bank + branch + acc + f"{fr_key(bank, branch, acc):02d}"
    if cc == "NL":
        while True:
            acc = digits(10)
            if acc[0] != "0" and mod11_nl_ok(acc):
                return R.choice(["ABNA", "RABO", "INGB", "TRIO", "SNSB"]) + acc
    if cc == "BE":
        first = digits(10)
        chk = int(first) % 97 or 97
        return first + f"{chk:02d}"
    if cc == "CH":
        return R.choice(["00762", "00230", "08390"]) + digits(12)
    if cc == "NO":
        while True:
            s = R.choice(["1503", "6011", "9710"]) + digits(6)
            c = no_check(s)
            if c is not None:
                return s + str(c)
    if cc == "SE":
        return R.choice(["500", "800", "600"]) + digits(17)
    if cc == "IT":
        return R.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + R.choice(["03069", "02008", "05034"]) + digits(5) + digits(12)
    if cc == "ES":
        bank, branch, acc = R.choice(["2100", "0049", "0182", "2038"]), digits(4), digits(10)
        return bank + branch + str(es_dc("00" + bank + branch)) + str(es_dc(acc)) + acc
    if cc == "PT":
        return R.choice(["0035", "0033", "0007"]) + digits(17)
    if cc == "AT":
        return R.choice(["12000", "20111", "14000"]) + digits(11)
    if cc == "LU":
        return R.choice(["001", "002", "019"]) + digits(13)
    if cc == "DK":
        return R.choice(["3000", "5301", "0040"]) + digits(10)
    if cc == "FI":
        s = R.choice(["123456", "800026", "423456"]) + digits(7)
        return s + fi_luhn_digit(s)
    if cc == "PL":
        return R.choice(["10901014", "11402004", "10203026"]) + digits(16)
    if cc == "GE":
        return R.choice(["TB", "BG"]) + digits(16)
    if cc == "PK":
        return R.choice(["SCBL", "HABB", "MUCB"]) + digits(16)
    if cc in ("BI", "DJ"):
        return digits(23)
    if cc == "JO":
        return R.choice(["CBJO", "ARAB"]) + digits(4) + digits(18)
    raise KeyError(cc)


IBAN_SPACED = Cycle([True, False, True])


def iban(cc, spaced=None):
    b = bban(cc)
    s = cc + iban_check(cc, b) + b
    sp = IBAN_SPACED() if spaced is None else spaced
    v = " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if sp else s
    return Lab("iban", v, cc)


IBAN_CC = Cycle(list(IBAN_SPEC))

# --- cards -----------------------------------------------------------------------------------

TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
              "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
              "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
              "4012888888881881", "4000056655665556", "5200828282828210", "2223003122003222",
              "6200000000000005", "4000000000000002", "4000000000003220"}

BRANDS = {
    "visa": (["4"], [16]), "mastercard": (["51", "52", "53", "54", "55"], [16]),
    "mastercard2": (["2221", "2300", "2500", "2720", "2610"], [16]), "amex": (["34", "37"], [15]),
    "discover": (["6011", "65"], [16]), "jcb": (["3528", "3540", "3566", "3589"], [16]),
    "diners": (["36", "38"], [14]), "unionpay": (["62"], [16, 19]), "maestro": (["6759", "5018", "6304"], [16, 19]),
    "mir": (["2200", "2201", "2202", "2204"], [16]), "rupay": (["6521", "6522", "8100", "8170"], [16]),
    "troy": (["9792"], [16]), "elo": (["636368", "504175", "509066"], [16]),
}
BRAND_CYCLE = Cycle(list(BRANDS))
CARD_FMT = Cycle(["spaced", "plain", "dashed", "spaced"])


def card_digits(brand):
    prefixes, lengths = BRANDS[brand]
    while True:
        p, n = R.choice(prefixes), R.choice(lengths)
        body = p + digits(n - len(p) - 1)
        for d in "0123456789":
            if luhn_ok(body + d):
                num = body + d
                break
        if num not in TEST_CARDS and len(set(num[len(p):])) > 3:
            return num


def fmt_card(num, how):
    if how == "plain":
        return num
    sep = " " if how == "spaced" else "-"
    if len(num) == 15:
        g = [4, 6, 5]
    elif len(num) == 14:
        g = [4, 6, 4]
    else:
        g = [4] * (len(num) // 4) + ([len(num) % 4] if len(num) % 4 else [])
    return grouped(num, g, sep)


def card(brand=None, how=None):
    brand = brand or BRAND_CYCLE()
    num = card_digits(brand)
    return Lab("credit_card", fmt_card(num, how or CARD_FMT()), brand)


# --- secrets ---------------------------------------------------------------------------------


def b62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_token(prefix="ghp_"):
    body = rs(ALNUM, 30)
    return prefix + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)


def npm_token():
    body = rs(ALNUM, 30)
    return "npm_" + body + b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)


VENDOR_GEN = {
    "anthropic": lambda: "sk-ant-api03-" + rs(B64U, 93) + "AA",
    "atlassian": lambda: "ATATT3xFfGF0" + rs(B64U, 170) + "=" + rs("0123456789ABCDEF", 8),
    "aws": lambda: R.choice(["AKIA", "AKIA", "ASIA"]) + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
    "aws_secret": lambda: rs(ALNUM + "/+", 40),
    "azure": lambda: rs(B64, 86) + "==",
    "digitalocean": lambda: R.choice(["dop_v1_", "doo_v1_"]) + rs(HEX, 64),
    "github": lambda: gh_token(R.choice(["ghp_", "gho_", "ghs_", "ghu_"])),
    "gitlab": lambda: "glpat-" + rs(B64U, 20),
    "google": lambda: "AIza" + rs(B64U, 35),
    "hashicorp": lambda: "hvs." + rs(ALNUM, 91),
    "hashicorp_tfc": lambda: rs(ALNUM, 14) + ".atlasv1." + rs(ALNUM, 67),
    "huggingface": lambda: "hf_" + rs(ALNUM[:52], 34),
    "npm": npm_token,
    "openai": lambda: "sk-proj-" + rs(B64U, 74) + "T3BlbkFJ" + rs(B64U, 74),
    "pypi": lambda: "pypi-AgEIcHlwaS5vcmc" + rs(B64U, 140),
    "sendgrid": lambda: "SG." + rs(B64U, 22) + "." + rs(B64U, 43),
    "shopify": lambda: R.choice(["shpat_", "shpss_", "shpca_"]) + rs(HEX, 32),
    "slack": lambda: R.choice(["xoxb-", "xoxp-"]) + digits(12) + "-" + digits(13) + "-" + rs(ALNUM, 24),
    "slack_hook": lambda: "https://hooks.slack.com/services/T" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)
    + "/B" + rs("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10) + "/" + rs(ALNUM, 24),
    "stripe": lambda: R.choice(["sk_live_", "rk_live_"]) + "51" + rs(ALNUM, 96),
    "stripe_whsec": lambda: "whsec_" + rs(ALNUM, 32),
    "twilio": lambda: "SK" + rs(HEX, 32),
    "twilio_secret": lambda: rs(ALNUM, 32),
}
VENDOR_OF = {"aws_secret": "aws", "hashicorp_tfc": "hashicorp", "slack_hook": "slack",
             "stripe_whsec": "stripe", "twilio_secret": "twilio"}
VENDOR_RE = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{170}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"do[op]_v1_[0-9a-f]{64}",
    "github": r"gh[pous]_[A-Za-z0-9]{36}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{91}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{140}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ss|ca)_[0-9a-f]{32}",
    "slack": r"xox[bp]-\d{12}-\d{13}-[A-Za-z0-9]{24}|https://hooks\.slack\.com/services/T[A-Z0-9]{10}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"[sr]k_live_51[A-Za-z0-9]{96}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}


def tok(kind):
    vendor = VENDOR_OF.get(kind, kind)
    return Lab("api_key/" + vendor, VENDOR_GEN[kind]())


def pw(n=None):
    return Lab("password", strong_pw(n))


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(sub=None, alg=None):
    alg = alg or R.choice(["HS256", "RS256", "ES256", "HS512"])
    head = b64u(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    pay = {"sub": sub or uuid(), "iss": R.choice(["https://sso.thornvale.org/realms/tri",
                                                  "https://auth.tri.internal", "kinroll-api"]),
           "iat": 1772000000 + R.randint(0, 9_000_000), "scope": R.choice(["payouts:write", "read", "reg:sync"])}
    pay["exp"] = pay["iat"] + 3600
    body = b64u(json.dumps(pay, separators=(",", ":")).encode())
    sig = rs(B64U, 86 if alg in ("RS256",) else 43)
    return Lab("jwt", f"{head}.{body}.{sig}")


PEM_HEAD = {"RSA PRIVATE KEY": "MIIEowIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
            "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA"}


def pem(kind, nlines=None, sep="\n"):
    n = nlines or {"RSA PRIVATE KEY": 25, "PRIVATE KEY": 26, "EC PRIVATE KEY": 3, "OPENSSH PRIVATE KEY": 7}[kind]
    body = PEM_HEAD[kind] + rs(B64, 64 * n - len(PEM_HEAD[kind]) - 4)
    body += "==" if R.random() < 0.5 else rs(B64, 2)
    # make base64 length a multiple of 4
    body = body[: len(body) - len(body) % 4]
    if body.endswith("="):
        body = body.rstrip("=") + "AA"
    lines = [body[i:i + 64] for i in range(0, len(body), 64)]
    return Lab("private_key", f"-----BEGIN {kind}-----{sep}" + sep.join(lines) + f"{sep}-----END {kind}-----")


def ip4(private=None):
    while True:
        if private is True or (private is None and R.random() < 0.5):
            c = R.choice(["10", "172", "192"])
            if c == "10":
                v = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
            elif c == "172":
                v = f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
            else:
                v = f"192.168.{R.randint(0, 255)}.{R.randint(1, 254)}"
        else:
            v = f"{R.randint(11, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if ip_ok(v):
            return Lab("ip_address", v)


def ip6():
    while True:
        pre = R.choice(["2a02:", "2c0f:", "2405:", "2600:", "2001:4860:", "fd4e:", "2a01:"])
        groups = [format(R.randint(0, 0xFFFF), "x") for _ in range(8 - pre.count(":"))]
        v = pre + ":".join(groups[:3]) + "::" + ":".join(groups[3:5])
        if ip_ok(v):
            return Lab("ip_address", v)


def mac(dash=False):
    parts = [format(R.randint(0, 255), "02x" if R.random() < 0.5 else "02X") for _ in range(6)]
    parts[0] = format(int(parts[0], 16) & 0xFC, "02X")
    return Lab("mac_address", ("-" if dash else ":").join(parts))


def ssn():
    while True:
        a = R.randint(1, 899)
        if a in (666,) or a == 0:
            continue
        v = f"{a:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in ("078-05-1120", "219-09-9999", "123-45-6789"):
            return Lab("ssn", v)


def urlcred(user=None):
    u = user or R.choice(["kinroll_app", "payriver", "svc-giftledger", "handsign", "caresteps", "hotline_ivr",
                          "etl", "backup", "report%40thornvale.org", "admin"])
    return Lab("url_credentials", f"{u}:{strong_pw(16)}")


def P(staff):
    return Lab("person", staff.name)


def PE(staff):
    return Lab("person", staff.email)


def PA(staff):
    return Lab("person", staff.aid)


def E(addr):
    return Lab("email", addr)


# --- scripts ---------------------------------------------------------------------------------

NKO = {"a": "ߊ", "e": "ߋ", "i": "ߌ", "ɛ": "ߍ", "u": "ߎ", "o": "ߏ", "ɔ": "ߐ", "b": "ߓ", "p": "ߔ", "t": "ߕ",
       "j": "ߖ", "c": "ߗ", "d": "ߘ", "r": "ߙ", "s": "ߛ", "gb": "ߜ", "g": "ߜ", "f": "ߝ", "k": "ߞ", "l": "ߟ",
       "m": "ߡ", "ny": "ߢ", "ɲ": "ߢ", "n": "ߣ", "h": "ߤ", "w": "ߥ", "y": "ߦ", "z": "ߖ", "v": "ߝ", "x": "ߞ"}
VOW = set("aeiouɛɔəä")


def nko(s):
    out, i = [], 0
    s2 = s.lower()
    while i < len(s2):
        ch = s2[i]
        if s2[i:i + 2] in ("gb", "ny"):
            out.append(NKO[s2[i:i + 2]])
            i += 2
            continue
        if ch == "n" and (i + 1 >= len(s2) or s2[i + 1] not in VOW):
            out.append("߲" if out and i > 0 and s2[i - 1] in VOW else "ߒ")
        elif ch == "ŋ":
            out.append("ߒ")
        elif ch in NKO:
            if i > 0 and s2[i - 1] == ch and ch in VOW:
                pass
            else:
                out.append(NKO[ch])
        elif ch == ",":
            out.append("߸")
        else:
            out.append(ch)
        i += 1
    return "".join(out)


ADLAM_NAMES = {"a": "ALIF", "b": "BA", "ɓ": "BHE", "c": "CHI", "d": "DAALI", "ɗ": "DHA", "e": "E", "f": "FA",
               "g": "GA", "h": "HA", "i": "I", "j": "JIIM", "k": "KAF", "l": "LAAM", "m": "MIIM", "n": "NUN",
               "ñ": "NYA", "ŋ": "NHA", "o": "O", "p": "PE", "q": "QAAF", "r": "RA", "s": "SINNYIIYHE", "t": "TU",
               "u": "U", "w": "WAW", "x": "KHA", "y": "YA", "ƴ": "YHE", "z": "ZAL", "v": "VA"}


def adlam(s):
    out = []
    prev_space = True
    for ch in s:
        low = ch.lower()
        if low in ADLAM_NAMES:
            case = "CAPITAL" if ch != low else "SMALL"
            out.append(unicodedata.lookup(f"ADLAM {case} LETTER {ADLAM_NAMES[low]}"))
        elif ch == ",":
            out.append("⹁")
        elif ch == "?":
            out.append("؟")
        else:
            out.append(ch)
        prev_space = ch == " "
    return "".join(out)


VAI_C = ["mgb", "ngg", "kp", "gb", "mb", "nd", "nj", "ny", "sh", "zh", "bh", "ng", "b", "p", "t", "d", "k", "g",
         "f", "v", "s", "z", "j", "c", "l", "r", "m", "n", "w", "y", "h"]
VAI_V = {"a": "A", "e": "E", "i": "I", "o": "O", "u": "U", "ɛ": "EE", "ɔ": "OO"}


def vai(s):
    out, i, s2 = [], 0, s.lower()
    while i < len(s2):
        if s2[i] in VAI_V:
            out.append(unicodedata.lookup("VAI SYLLABLE " + VAI_V[s2[i]]))
            i += 1
            continue
        for c in VAI_C:
            if s2.startswith(c, i):
                j = i + len(c)
                if j < len(s2) and s2[j] in VAI_V:
                    cn = "NGG" if c == "ng" else c.upper()
                    out.append(unicodedata.lookup("VAI SYLLABLE " + cn + VAI_V[s2[j]]))
                    i = j + 1
                elif c in ("n", "ng", "m"):
                    out.append(unicodedata.lookup("VAI SYLLABLE NG"))
                    i = j
                else:
                    raise ValueError(f"vai: {s!r} at {i}")
                break
        else:
            out.append({",": "꘍", ".": "꘎", "?": "꘏"}.get(s2[i], s2[i]))
            i += 1
    return "".join(out)


HR_C = {"kh": "KHA", "sh": "SHA", "ng": "NGA", "ny": "NYA", "ch": "CA", "b": "BA", "p": "PA", "t": "TA", "ṭ": "TTA",
        "j": "JA", "c": "CA", "h": "HA", "f": "FA", "d": "DA", "ḍ": "DDA", "r": "RA", "ṛ": "RRA", "z": "ZA",
        "s": "SA", "k": "KA", "g": "GA", "l": "LA", "m": "MA", "n": "NA", "w": "WA", "y": "YA", "v": "VA"}
HR_V = {"a": "A", "i": "I", "u": "U", "e": "E", "o": "O"}


def hanifi(s):
    out, i, s2 = [], 0, s.lower()
    atword = True
    while i < len(s2):
        ch = s2[i]
        if ch in HR_V:
            if atword:
                out.append(unicodedata.lookup("HANIFI ROHINGYA LETTER A"))
            if not (i > 0 and s2[i - 1] == ch):
                out.append(unicodedata.lookup("HANIFI ROHINGYA VOWEL " + HR_V[ch]))
            i += 1
            atword = False
            continue
        for c in sorted(HR_C, key=len, reverse=True):
            if s2.startswith(c, i):
                out.append(unicodedata.lookup("HANIFI ROHINGYA LETTER " + HR_C[c]))
                i += len(c)
                atword = False
                break
        else:
            out.append({",": "،", "?": "؟"}.get(ch, ch))
            atword = not ch.isalpha()
            i += 1
    return "".join(out)


BUG_C = {"ngk": "NGKA", "mp": "MPA", "nr": "NRA", "nyc": "NYCA", "ng": "NGA", "ny": "NYA", "k": "KA", "g": "GA",
         "p": "PA", "b": "BA", "m": "MA", "t": "TA", "d": "DA", "n": "NA", "c": "CA", "j": "JA", "y": "YA",
         "r": "RA", "l": "LA", "w": "VA", "v": "VA", "s": "SA", "h": "HA"}
BUG_V = {"a": "", "i": "I", "u": "U", "e": "E", "é": "E", "o": "O", "ə": "AE"}


def lontara(s):
    out, i, s2 = [], 0, s.lower()
    while i < len(s2):
        ch = s2[i]
        if ch in BUG_V:
            out.append(unicodedata.lookup("BUGINESE LETTER A"))
            if BUG_V[ch]:
                out.append(unicodedata.lookup("BUGINESE VOWEL SIGN " + BUG_V[ch]))
            i += 1
            continue
        for c in sorted(BUG_C, key=len, reverse=True):
            if s2.startswith(c, i):
                j = i + len(c)
                if j < len(s2) and s2[j] in BUG_V:
                    out.append(unicodedata.lookup("BUGINESE LETTER " + BUG_C[c]))
                    if BUG_V[s2[j]]:
                        out.append(unicodedata.lookup("BUGINESE VOWEL SIGN " + BUG_V[s2[j]]))
                    i = j + 1
                else:
                    i = j  # coda consonants are not written
                break
        else:
            out.append({".": "᨟", ",": "᨞"}.get(ch, ch))
            i += 1
    return "".join(out)


ETH_C = {"sh": "SH", "ny": "NY", "zh": "ZH", "ts": "TS", "ḥ": "HH", "ṭ": "TH", "ṣ": "TS", "š": "SH", "č": "C",
         "ʾ": "GLOTTAL ", "ʿ": "PHARYNGEAL ", "h": "H", "l": "L", "m": "M", "s": "S", "r": "R", "q": "Q",
         "b": "B", "t": "T", "n": "N", "k": "K", "w": "W", "z": "Z", "y": "Y", "d": "D", "j": "J", "g": "G",
         "f": "F", "p": "P"}
ETH_V = {"ä": "A", "u": "U", "i": "I", "a": "AA", "e": "EE", "ə": "E", "o": "O"}


def geez(s):
    out, i, s2 = [], 0, s.lower()
    while i < len(s2):
        ch = s2[i]
        if ch in ETH_V:
            out.append(unicodedata.lookup("ETHIOPIC SYLLABLE GLOTTAL " + ETH_V[ch]))
            i += 1
            continue
        for c in sorted(ETH_C, key=len, reverse=True):
            if s2.startswith(c, i):
                j = i + len(c)
                if j < len(s2) and s2[j] == c[-1] and c[-1] not in VOW:  # gemination is not written
                    j += 1
                v = "E"
                if j < len(s2) and s2[j] in ETH_V:
                    v = ETH_V[s2[j]]
                    j += 1
                cc = ETH_C[c]
                name = cc + v if not cc.endswith(" ") else cc + v
                if cc in ("GLOTTAL ", "PHARYNGEAL ") and v == "A":
                    name = cc + "A"
                out.append(unicodedata.lookup("ETHIOPIC SYLLABLE " + name))
                i = j
                break
        else:
            out.append({",": "፣", ".": "።", ":": "፡"}.get(ch, ch))
            i += 1
    return "".join(out)


# --- look-alikes -----------------------------------------------------------------------------


def non_luhn(n, first="123456789"):
    while True:
        s = R.choice(first) + digits(n - 1)
        if not luhn_ok(s):
            return s


def lk_ration(cc="SS"):
    return Look(f"RC-{cc}-{R.randint(1, 12):02d}-{digits(6)}")


def lk_gps():
    return Look(f"{R.uniform(-16, 14):.5f}, {R.uniform(-75, 95):.5f}")


def lk_waybill():
    return Look(f"WB-{R.choice(['JUB', 'BGF', 'OUA', 'COO', 'FNA', 'JIB', 'ADD', 'CXB', 'KTM', 'LAE'])}-2026-{digits(6)}")


def lk_lot():
    return Look(f"LOT {digits(2)}{R.choice('ABCDEFGH')}{digits(3)}")


def lk_date():
    d, m = R.randint(1, 28), R.randint(1, 12)
    return Look(R.choice([f"{d:02d}.{m:02d}.2026", f"{d:02d}/{m:02d}/2026", f"2026-{m:02d}-{d:02d}"]))


def lk_hh():
    return Look(f"HH-{digits(3)}-{digits(5)}")


def lk_short():
    return Look(R.choice(["*144#", "1414", "*211#", "8090", "*123*4#", "321"]))


LANG_LOOKS = [lk_ration, lk_gps, lk_waybill, lk_lot, lk_date, lk_hh, lk_short]
LANG_LOOK_CYCLE = Cycle(LANG_LOOKS)


def lang_look(cc):
    f = LANG_LOOK_CYCLE()
    return f(cc) if f is lk_ration else f()


# --- languages -------------------------------------------------------------------------------

LANGS = [
    dict(code="din", name="Dinka", script="Latin", tr=None, pw="wël ë thiaan", cc=["SS", "UG", "KE"],
         clients=[("Nyandeng Atem Malual", ["nyandeng", "atem", "malual"]), ("Akuol Majok Garang", ["akuol", "majok", "garang"])],
         refund=("iban", "GB"), amt="£ 120.00",
         t=dict(complaint="Ɣɛn ye ⟦N⟧. Wëu ke cash transfer akëc bɛ̈n në pɛɛi kënë. Yïn cɔl ɣa në ⟦P⟧ ku ⟦E⟧.",
                note="Kë ye piɔ̈ɔ̈c: ⟦S⟧ (⟦SP⟧) acï mɛnh tïŋ. Wämënhde ë nyanakɔ̈ɔ̈c ⟦P2⟧.",
                wifi="Wi-Fi de office Bor, wël ë thiaan: ⟦W⟧ — duk ye lɛk raan.",
                card="Ɣɛn gɔ̈ɔ̈r kaat: ⟦C⟧ exp 08/29",
                chat="Cɔl ⟦S⟧ në ⟦SP⟧ të cïn network.",
                refund="Wëu ⟦A⟧ aa dhuk të ⟦N⟧ (⟦E⟧) në IBAN ⟦X⟧.",
                neg1="Wël ë thiaan de tablet acï waar; ration card ⟦L1⟧ ku GPS ⟦L2⟧ aa ye kë ke gɔ̈t.",
                neg2="Waybill ⟦L1⟧ ë kuïn ⟦L2⟧ abï bɛ̈n Bor.")),
    dict(code="nus", name="Nuer", script="Latin", tr=None, pw="ruac mi ci kuany", cc=["SS", "ET"],
         clients=[("Nyakuma Gatluak Chuol", ["nyakuma", "gatluak", "chuol"]), ("Both Diew Koang", ["both", "diew", "koang"])],
         refund=("card", "visa"), amt="USD 85.00",
         t=dict(complaint="Ɣän ɛ ⟦N⟧. Yiëëdä cash transfer kä ka̱ bɛ. Cuɔl ɣä kɛ ⟦P⟧ kiɛ ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) ci kɛ guic ni Nasir. Dämaar ⟦P2⟧.",
                wifi="Wi-Fi office Nasir, ruac mi ci kuany: ⟦W⟧",
                card="Kaar da̱: ⟦C⟧",
                chat="Cuɔl ⟦S⟧ kɛ ⟦SP⟧ mi /ka̱ network thilɛ.",
                refund="Yiëë ⟦A⟧ ci ŋuɔt kä ⟦N⟧ (⟦E⟧) kä kaar ⟦X⟧.",
                neg1="Ruac mi ci kuany tablet ci geer; ration card ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ kɛnɛ lot ⟦L2⟧ bɛ Nasir.")),
    dict(code="sag", name="Sango", script="Latin", tr=None, pw="tënë ti hônde", cc=["CF", "CM", "TD"],
         clients=[("Clarisse Yakité-Ndakala", ["clarisse", "yakite", "ndakala"]), ("Prosper Ngaïkoïssé", ["prosper", "ngaikoisse"])],
         refund=("iban", "FR"), amt="45 000 FCFA",
         t=dict(complaint="Mbi yeke ⟦N⟧. Nginza ti transfert ni ake ga pëpe. Tiri mbi na ⟦P⟧ wala ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) ayeke na Bambari. Ita ti koli ti mbi: ⟦P2⟧.",
                wifi="Wi-Fi ti biröo, tënë ti hônde: ⟦W⟧",
                card="Carte ti mbi: ⟦C⟧",
                chat="Dë ⟦S⟧ na ⟦SP⟧ tongana network ayeke pëpe.",
                refund="A kiri nginza ⟦A⟧ na ⟦N⟧ (⟦E⟧) na IBAN ⟦X⟧.",
                neg1="Tënë ti hônde ti tablette a changé awe; carte ti ration ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Lot ⟦L1⟧ ti sac ti kobe asi na ⟦L2⟧.")),
    dict(code="mos", name="Mooré", script="Latin", tr=None, pw="gom-solgre", cc=["BF", "CI" if False else "BF", "FR"],
         clients=[("Rasmata Kaboré", ["rasmata", "kabore"]), ("Boureima Zongo-Tapsoba", ["boureima", "zongo", "tapsoba"])],
         refund=("card", "mastercard"), amt="30 000 FCFA",
         t=dict(complaint="Mam yaa ⟦N⟧. M pa paam ligd ning b sẽn yeel tɩ b na n kõ wã ye. Bool-y maam ⟦P⟧ bɩ ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) kẽnga Kaya. M ba-biiga: ⟦P2⟧.",
                wifi="Biro Wi-Fi gom-solgre: ⟦W⟧",
                card="M kart: ⟦C⟧",
                chat="Bool ⟦S⟧ ⟦SP⟧ zĩig ning rezo pa be.",
                refund="Ligd ⟦A⟧ lebsa ⟦N⟧ (⟦E⟧) kart ⟦X⟧ zugu.",
                neg1="Tablet gom-solgre wã toeema; ration kart ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ ne lot ⟦L2⟧ ta Kaya.")),
    dict(code="fon", name="Fon", script="Latin", tr=None, pw="xógbe ɖěɖé", cc=["BJ", "FR"],
         clients=[("Sènami Hounsou", ["senami", "hounsou"]), ("Codjo Agossou-Dossa", ["codjo", "agossou", "dossa"])],
         refund=("iban", "BE"), amt="€ 60,00",
         t=dict(complaint="Un nyí ⟦N⟧. Akwɛ́ e mi ɖɔ mi na na mi é ɔ, un mɔ ǎ. Ylɔ́ mì dó ⟦P⟧ alǒ ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) ɖò Abomey. Nɔví ce: ⟦P2⟧.",
                wifi="Wi-Fi bureau tɔn, xógbe ɖěɖé: ⟦W⟧",
                card="Kàlɛ́ ce: ⟦C⟧",
                chat="Ylɔ́ ⟦S⟧ dó ⟦SP⟧ nú réseau ma ɖè ǎ.",
                refund="Mí ɖó akwɛ́ ⟦A⟧ jɛ ⟦N⟧ (⟦E⟧) sín IBAN ⟦X⟧ jí.",
                neg1="Xógbe ɖěɖé tablette tɔn ɔ ɖyɔ; kàlɛ́ ration ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Lot ⟦L1⟧ ɖò waybill ⟦L2⟧ mɛ.")),
    dict(code="kri", name="Krio", script="Latin", tr=None, pw="paswɔd", cc=["SL", "GB", "US"],
         clients=[("Isatu Bangura-Conteh", ["isatu", "bangura", "conteh"]), ("Abdulai Lamin Kargbo", ["abdulai", "lamin", "kargbo"])],
         refund=("card", "amex"), amt="Le 1,250",
         t=dict(complaint="Mi nem na ⟦N⟧. Dɛn nɔ sɛn di kash trɛnsfa gi mi yet. Kɔl mi na ⟦P⟧ ɔ imel ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) de na Makeni. Mi sista in nɔmba: ⟦P2⟧.",
                wifi="Di ɔfis Wi-Fi paswɔd na ⟦W⟧ — nɔ tɛl ɛnibɔdi.",
                card="Mi kad nɔmba: ⟦C⟧",
                chat="Kɔl ⟦S⟧ na ⟦SP⟧ if di nɛtwɔk nɔ de.",
                refund="Wi dɔn sɛn ⟦A⟧ bak to ⟦N⟧ (⟦E⟧) na di kad ⟦X⟧.",
                neg1="Di tablet paswɔd dɔn chenj; reshɔn kad ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ fɔ di rays lot ⟦L2⟧ go rich Kenema.")),
    dict(code="aar", name="Afar", script="Latin", tr=None, pw="sirri-qangara", cc=["DJ", "ET"],
         clients=[("Kadiija Ibraahim Daaud", ["kadiija", "ibraahim", "daaud"]), ("Maxammad Axmad Abbaas", ["maxammad", "axmad", "abbaas"])],
         refund=("iban", "DJ"), amt="DJF 18 000",
         t=dict(complaint="Anu ⟦N⟧ kinni. Cash transfer lacag ma geeh. Xiqta ⟦P⟧ kee ⟦E⟧ ciggiili.",
                note="⟦S⟧ (⟦SP⟧) Dikhil tan. Toobokoy: ⟦P2⟧.",
                wifi="Biiro Wi-Fi sirri-qangara: ⟦W⟧",
                card="Yi kaarta: ⟦C⟧",
                chat="⟦S⟧ ⟦SP⟧ tu xiqta.",
                refund="Lacag ⟦A⟧ ⟦N⟧ (⟦E⟧) IBAN ⟦X⟧ ale gacsimne.",
                neg1="Tablet sirri-qangara soorite; ration kaarta ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ kee lot ⟦L2⟧ Tadjourah yemeeteh.")),
    dict(code="sid", name="Sidamo", script="Latin", tr=None, pw="maaxxaame qaale", cc=["ET", "KE"],
         clients=[("Tigist Dangura Wanore", ["tigist", "dangura", "wanore"]), ("Lamiso Hanjaro Doyiso", ["lamiso", "hanjaro", "doyiso"])],
         refund=("card", "discover"), amt="ETB 4,500",
         t=dict(complaint="Ani ⟦N⟧ ikkiommo. Cash transfer worriti dishshi dihaˈrino. ⟦P⟧ woy ⟦E⟧ ledo xaadi.",
                note="⟦S⟧ (⟦SP⟧) Hawaasa noo. Rodiˈya: ⟦P2⟧.",
                wifi="Biiro Wi-Fi maaxxaame qaale: ⟦W⟧",
                card="Kaardeˈya: ⟦C⟧",
                chat="⟦S⟧ ⟦SP⟧ ledo xaadi.",
                refund="⟦A⟧ ⟦N⟧ (⟦E⟧)-ho kaarde ⟦X⟧ aana higge.",
                neg1="Tabileete maaxxaame qaale soorrantino; ration kaarde ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ nna lot ⟦L2⟧ Hawaasa iillino.")),
    dict(code="arn", name="Mapudungun", script="Latin", tr=None, pw="ellkan dungu", cc=["CL", "PE"],
         clients=[("Ayelén Huenchumilla Painemal", ["ayelen", "huenchumilla", "painemal"]), ("Lautaro Ñancupil Catrileo", ["lautaro", "nancupil", "catrileo"])],
         refund=("card", "mastercard2"), amt="CLP 75.000",
         t=dict(complaint="Iñche ⟦N⟧ pingen. Ngelay ta kellun ñi kullin. Nütramkaleaymi ⟦P⟧ kam ⟦E⟧ mew.",
                note="⟦S⟧ (⟦SP⟧) Temuko mew müley. Ñi lamngen: ⟦P2⟧.",
                wifi="Ruka küdaw Wi-Fi, ellkan dungu: ⟦W⟧",
                card="Ñi tarjeta: ⟦C⟧",
                chat="Nütramkaye ⟦S⟧ ⟦SP⟧ mew.",
                refund="Wiñoltuy ⟦A⟧ ⟦N⟧ (⟦E⟧) tarjeta ⟦X⟧ mew.",
                neg1="Tablet ñi ellkan dungu kasilkey; ration tarjeta ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ ka lot ⟦L2⟧ puwi Temuko.")),
    dict(code="kau", name="Kanuri", script="Latin", tr=None, pw="kalma sirbe", cc=["NG", "TD", "CM"],
         clients=[("Fatima Modu Kachalla", ["fatima", "modu", "kachalla"]), ("Hauwa Bukar Zannah", ["hauwa", "bukar", "zannah"])],
         refund=("card", "visa"), amt="₦ 45,000",
         t=dict(complaint="Wu ⟦N⟧. Kurdi cash transfer-be nzəlan isəna. ⟦P⟧ ye ⟦E⟧ ye ro wuro bowo.",
                note="⟦S⟧ (⟦SP⟧) Maiduguri lan. Kərmaye: ⟦P2⟧.",
                wifi="Ofis Wi-Fi kalma sirbe: ⟦W⟧",
                card="Kati kəla: ⟦C⟧",
                chat="⟦S⟧ ⟦SP⟧ ro bowo.",
                refund="Kurdi ⟦A⟧ ⟦N⟧ (⟦E⟧)-ro kati ⟦X⟧ lan gawono.",
                neg1="Tablet kalma sirbe waljin; ration kati ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧ ye lot ⟦L2⟧ ye Monguno isəna.")),
    dict(code="tig", name="Tigre", script="Ge'ez", tr=geez, pw=None, pwd="qal məsṭir", cc=["ER", "SE", "DE"],
         clients=[("sabä ʾidris", ["saba", "idris"]), ("mäḥammäd nur ḥamid", ["mehamed", "nur", "hamid"])],
         refund=("iban", "SE"), amt="SEK 1 200",
         t=dict(complaint="ʾana ⟦N⟧ tu. qärsh ʾi-bäṣḥa. ⟦P⟧ wä ⟦E⟧ ʿaläyä.",
                note="⟦S⟧ (⟦SP⟧) kärän ha. ḥəwäy: ⟦P2⟧.",
                wifi="wayfay qal məsṭir: ⟦W⟧",
                card="kard: ⟦C⟧",
                chat="⟦S⟧ ⟦SP⟧ ʿaläyä dəwäl.",
                refund="⟦A⟧ ⟦N⟧ (⟦E⟧) IBAN ⟦X⟧ gäbʾä.",
                neg1="qal məsṭir täbädälä; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ wä ⟦L2⟧ kärän bäṣḥa.")),
    dict(code="skr", name="Saraiki", script="Arabic", tr=None, pw="ڳجھا لفظ", cc=["PK", "GB"],
         clients=[("رخسانہ سیال", ["rukhsana", "sial"]), ("غلام فرید لنگاہ", ["ghulam", "farid", "langah"])],
         refund=("iban", "PK"), amt="PKR 9,500",
         t=dict(complaint="میݙا ناں ⟦N⟧ اے۔ کیش ٹرانسفر دی رقم نئیں ملی۔ میکوں ⟦P⟧ یا ⟦E⟧ تے رابطہ کرو۔",
                note="⟦S⟧ (⟦SP⟧) ملتان وچ ہے۔ میݙے بھرا دا نمبر: ⟦P2⟧",
                wifi="دفتر دا وائی فائی ڳجھا لفظ: ⟦W⟧",
                card="میݙا کارڈ: ⟦C⟧",
                chat="⟦S⟧ کوں ⟦SP⟧ تے فون کرو۔",
                refund="⟦N⟧ (⟦E⟧) کوں ⟦A⟧ IBAN ⟦X⟧ تے واپس تھی ڳئے۔",
                neg1="ٹیبلٹ دا ڳجھا لفظ بدل ڳیا؛ راشن کارڈ ⟦L1⟧، GPS ⟦L2⟧۔",
                neg2="ویبل ⟦L1⟧ تے لاٹ ⟦L2⟧ مظفرگڑھ پہنچ ڳئے۔")),
    dict(code="man", name="Maninka", script="N'Ko", tr=nko, pw=None, pwd="gundo kuma", cc=["GN", "FR", "US"],
         clients=[("fanta konde", ["fanta", "konde"]), ("seku kaba", ["seku", "kaba"])],
         refund=("iban", "FR"), amt="€ 90,00",
         t=dict(complaint="n too ye ⟦N⟧ ye. wari ma se n ma. n wele ⟦P⟧ walima ⟦E⟧ la.",
                note="⟦S⟧ (⟦SP⟧) be kankan. n dɔgɔkɛ: ⟦P2⟧.",
                wifi="biro wifi gundo kuma: ⟦W⟧",
                card="n ka karti: ⟦C⟧",
                chat="⟦S⟧ wele ⟦SP⟧ la.",
                refund="wari ⟦A⟧ seginna ⟦N⟧ (⟦E⟧) ma IBAN ⟦X⟧ kan.",
                neg1="tabileti gundo kuma falenna; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ ni ⟦L2⟧ sera kankan.")),
    dict(code="fuf", name="Pular", script="Adlam", tr=adlam, pw=None, pwd="konngol suuɗaangol", cc=["GN", "BF", "BE"],
         clients=[("Mariama Jallo", ["mariama", "jallo"]), ("Alfa Umar Bari", ["alfa", "umar", "bari"])],
         refund=("card", "unionpay"), amt="GNF 850 000",
         t=dict(complaint="Ko miin woni ⟦N⟧. Mi heɓaali kaalis ɓen. Noddee lam e ⟦P⟧ maa ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) woni Labe. Banndiraawo am: ⟦P2⟧.",
                wifi="Wifi biro, konngol suuɗaangol: ⟦W⟧",
                card="Karte am: ⟦C⟧",
                chat="Noddu ⟦S⟧ e ⟦SP⟧.",
                refund="Kaalis ⟦A⟧ ruttaama ⟦N⟧ (⟦E⟧) e karte ⟦X⟧.",
                neg1="Konngol suuɗaangol tablet ngol waylaama; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ e ⟦L2⟧ yettii Labe.")),
    dict(code="vai", name="Vai", script="Vai", tr=vai, pw=None, pwd="sɛbɛ kɔ", cc=["LR", "SL", "US"],
         clients=[("fatu kiawu", ["fatu", "kiawu"]), ("momo sherifu", ["momo", "sherifu"])],
         refund=("card", "jcb"), amt="USD 70.00",
         t=dict(complaint="na tɔɔ ⟦N⟧. kɔbɛ ma na. wele na ⟦P⟧ ko ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) be robetisipo. na kɛmɛ: ⟦P2⟧.",
                wifi="wifi sɛbɛ kɔ: ⟦W⟧",
                card="na kati: ⟦C⟧",
                chat="wele ⟦S⟧ ⟦SP⟧ la.",
                refund="kɔbɛ ⟦A⟧ sege ⟦N⟧ (⟦E⟧) kati ⟦X⟧ la.",
                neg1="tabelete sɛbɛ kɔ fale; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ ko ⟦L2⟧ naa robetisipo.")),
    dict(code="rhg", name="Rohingya", script="Hanifi Rohingya", tr=hanifi, pw=None, pwd="gufon hota", cc=["BD", "MM", "MV"],
         clients=[("hasina bibi", ["hasina", "bibi"]), ("mohammad yunus", ["mohammad", "yunus"])],
         refund=("card", "rupay"), amt="BDT 6,000",
         t=dict(complaint="ai ⟦N⟧. ai tuain rasan ar toiya no fai. ⟦P⟧ ba ⟦E⟧ ot yogayog goro.",
                note="⟦S⟧ (⟦SP⟧) kutupalong ot ase. ar bai: ⟦P2⟧.",
                wifi="dofter wifi gufon hota: ⟦W⟧",
                card="ar kard: ⟦C⟧",
                chat="⟦S⟧ re ⟦SP⟧ ot fon goro.",
                refund="⟦A⟧ ⟦N⟧ (⟦E⟧) re kard ⟦X⟧ ot ferot dise.",
                neg1="tablet or gufon hota bodoli gese; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ ar ⟦L2⟧ kutupalong ot ai gese.")),
    dict(code="bug", name="Buginese", script="Lontara", tr=lontara, pw=None, pwd="ada rahasia", cc=["ID", "AU"],
         clients=[("Hasnah Daeng Ngai", ["hasnah", "daeng", "ngai"]), ("Andi Baso Mappanyukki", ["andi", "baso", "mappanyukki"])],
         refund=("card", "visa"), amt="Rp 750.000",
         t=dict(complaint="iyya ⟦N⟧. dena uwala doi bantuan. telepongka ri ⟦P⟧ iyare ⟦E⟧.",
                note="⟦S⟧ (⟦SP⟧) engka ri palu. saudarakku: ⟦P2⟧.",
                wifi="wifi kantoro, ada rahasia: ⟦W⟧",
                card="kartuku: ⟦C⟧",
                chat="telepongi ⟦S⟧ ri ⟦SP⟧.",
                refund="doi ⟦A⟧ ripaliseng lao ri ⟦N⟧ (⟦E⟧) kartu ⟦X⟧.",
                neg1="ada rahasia tablet e ripasilaingi; ⟦L1⟧, ⟦L2⟧.",
                neg2="⟦L1⟧ sibawa ⟦L2⟧ lettu ri palu.")),
    dict(code="inh", name="Ingush", script="Cyrillic", tr=None, pw="къайла дош", cc=["RU", "GE"],
         clients=[("Зарема Мальсагова", ["zarema", "malsagova"]), ("Хьава Исаевна Гандалоева", ["khava", "isaevna", "gandaloeva"])],
         refund=("iban", "GE"), amt="GEL 210",
         t=dict(complaint="Са цӀи ⟦N⟧ я. Ахча ца кхаьчад. Со ⟦P⟧ е ⟦E⟧ тӀа хьаха.",
                note="⟦S⟧ (⟦SP⟧) Назран ва. Са вешта номер: ⟦P2⟧.",
                wifi="Офисан Wi-Fi къайла дош: ⟦W⟧",
                card="Са карта: ⟦C⟧",
                chat="⟦S⟧ ⟦SP⟧ тӀа телефон е.",
                refund="⟦A⟧ юхадерзадир ⟦N⟧ (⟦E⟧) IBAN ⟦X⟧ тӀа.",
                neg1="Планшетан къайла дош хийцад; ration card ⟦L1⟧, GPS ⟦L2⟧.",
                neg2="Waybill ⟦L1⟧, лот ⟦L2⟧ Малгобек кхаьчад.")),
]

FRAMES = Cycle(["jira", "form", "forward", "chatbot"])
TICKET = Cycle(range(2041, 9999, 37))


def tr_pieces(L, pieces):
    return [L["tr"](p) if (L["tr"] and isinstance(p, str)) else p for p in pieces]


def staff_phone(s):
    return phone(s.country)


def frame(kind, body, people):
    s = STAFF_CYCLE()
    people.append(s)
    n = TICKET()
    if kind == "jira":
        return T(f"TRI-HELP-{n} [Complaint] Reporter: beneficiary hotline | Watchers: ⟦W⟧ | Description: ", W=P(s)) + body
    if kind == "form":
        return T(f"Handsign contact form #{n} — assigned to [~accountid:⟦A⟧] — message: ", A=PA(s)) + body
    if kind == "forward":
        return T("---------- Forwarded message ----------\nFrom: ⟦H⟧\n> ", H=E("hotline@thornvale.org")) + body + T("\n-- forwarded by ⟦E⟧", E=PE(s))
    return T(f"[Lifeline chatbot, session {n}] 14:0{n % 10} bot: How can we help? | user: ") + body + T(" | handed over to @⟦S⟧", S=P(s))


def build_languages():
    for L in LANGS:
        tr = L["tr"] or (lambda x: x)
        pwword = L["pw"] if L["pw"] else tr(L["pwd"])
        L["pwword"] = pwword
        cls = []
        for name, parts in L["clients"]:
            disp = tr(name) if L["tr"] and L["tr"] is not adlam else (adlam(name) if L["tr"] is adlam else name)
            cls.append(client(disp, parts))
        ccs = Cycle(L["cc"])
        lang = L["name"]
        # two complaints in different frames
        for c in cls:
            people = []
            body = tr_pieces(L, T(L["t"]["complaint"], N=Lab("person", c.name), P=phone(ccs()), E=E(c.email)))
            emit(frame(FRAMES(), body, people), people, "complaint", lang)
        s = STAFF_CYCLE()
        emit(tr_pieces(L, T(L["t"]["note"], S=P(s), SP=staff_phone(s), P2=phone(ccs()))), [s], "field-note", lang)
        emit(T("Field office Wi-Fi (⟦L⟧): ", L=lang) + tr_pieces(L, T(L["t"]["wifi"], W=pw())), [], "wifi", lang)
        emit(T("[support chat, visitor] ") + tr_pieces(L, T(L["t"]["card"], C=card())), [], "card-chat", lang)
        s = STAFF_CYCLE()
        emit(T("#field-ops ⟦T⟧ ", T=ts()) + tr_pieces(L, T(L["t"]["chat"], S=P(s), SP=staff_phone(s))), [s], "chat", lang)
        kind, arg = L["refund"]
        x = iban(arg) if kind == "iban" else card(arg)
        c = cls[0]
        emit(T("GiftLedger refund note: ") + tr_pieces(L, T(L["t"]["refund"], N=Lab("person", c.name), E=E(c.email), A=Look(L["amt"]), X=x)),
             [], "refund", lang)
        for key in ("neg1", "neg2"):
            cc0 = L["cc"][0]
            emit(tr_pieces(L, T(L["t"][key], L1=lang_look(cc0), L2=lang_look(cc0))), [], "negative", lang)


# --- English / technical lines -----------------------------------------------------------------

EN_CLIENTS = Cycle([client(n, p) for n, p in [
    ("Margaret O'Sullivan", ["margaret", "osullivan"]), ("Kwame Mensah-Bonsu", ["kwame", "mensah", "bonsu"]),
    ("Hélène Castaing", ["helene", "castaing"]), ("Javier Ortega Villalobos", ["javier", "ortega", "villalobos"]),
    ("Dagny Haugland", ["dagny", "haugland"]), ("Priyanka Venkataraman", ["priyanka", "venkataraman"]),
    ("Thomas van der Linde", ["thomas", "vanderlinde"]), ("Yolanda Mamani Choque", ["yolanda", "mamani", "choque"]),
    ("Grace Wanjiru Kamau", ["grace", "wanjiru", "kamau"]), ("Oluwaseun Adeyemi", ["oluwaseun", "adeyemi"]),
    ("Beatriz Figueiredo", ["beatriz", "figueiredo"]), ("Walter Eisenhuth", ["walter", "eisenhuth"]),
    ("Ruairí Mac Giolla Bhríde", ["ruairi", "macgiollabhride"]), ("Søren Lykke", ["soeren", "lykke"]),
    ("Dominika Wróblewska", ["dominika", "wroblewska"]), ("Camille Fontaine-Roux", ["camille", "fontaine", "roux"]),
    ("Ebrima Jallow", ["ebrima", "jallow"]), ("Tahmina Haque", ["tahmina", "haque"]),
    ("Giorgi Beridze", ["giorgi", "beridze"]), ("Natalia Ferreyra", ["natalia", "ferreyra"]),
    ("Kofi Asante", ["kofi", "asante"]), ("Ilse De Backer", ["ilse", "debacker"]),
    ("Matteo Lo Presti", ["matteo", "lopresti"]), ("Johanna Lindqvist", ["johanna", "lindqvist"]),
    ("Patrick Nzeyimana", ["patrick", "nzeyimana"]), ("Leilani Kauwila", ["leilani", "kauwila"]),
    ("Desmond Okafor", ["desmond", "okafor"]), ("Rosalind Achterberg", ["rosalind", "achterberg"]),
]])
CC_CYCLE = Cycle(["SS", "BI", "CF", "BF", "BJ", "SL", "DJ", "ET", "ER", "PK", "BD", "MM", "BT", "RU", "GE", "PG",
                  "VU", "HT", "PE", "BO", "PY", "CL", "GN", "LR", "NG", "MV", "IN", "GB", "US", "FR", "DE", "CH",
                  "NL", "BE", "NO", "SE", "IT", "ES", "KE", "UG", "JO", "AU", "CD", "TD", "CM", "ID", "CA"])
MSISDN_CC = Cycle(["SS", "BI", "CF", "BF", "SL", "ET", "PK", "BD", "HT", "GN", "LR", "NG", "CD", "TD", "UG", "KE", "PG"])


def st():
    return STAFF_CYCLE()


def t_jira_complaint():
    s, w, c = st(), st(), EN_CLIENTS()
    return T("TRI-HELP-⟦K⟧ | Summary: cash transfer not received | Reporter: ⟦S⟧ | Watchers: ⟦W⟧\n"
             "Beneficiary ⟦N⟧ (⟦E⟧, ⟦P⟧) says the March tranche never arrived. [~accountid:⟦A⟧] please check PayRiver.",
             K=str(TICKET()), S=P(s), W=P(w), N=Lab("person", c.name), E=E(c.email), P=phone(CC_CYCLE()), A=PA(w)), [s, w], "jira-complaint"


def t_jsm():
    s, c = st(), EN_CLIENTS()
    return T("JSM request DONOR-⟦K⟧ raised via portal by ⟦E⟧ — \"Please stop the monthly gift and call me on ⟦P⟧.\" Requester: ⟦N⟧. Assignee: ⟦S⟧ (⟦SE⟧)",
             K=str(TICKET()), E=E(c.email), P=phone(CC_CYCLE()), N=Lab("person", c.name), S=P(s), SE=PE(s)), [s], "jsm"


def t_cash_csv():
    rows = []
    for _ in range(3):
        rows += T("\n⟦H⟧,⟦M⟧,⟦A⟧,SENT", H=lk_hh(), M=bare(MSISDN_CC()), A=f"{R.randint(20, 90)}.00")
    return T("disbursement_export_2026-03.csv\nhousehold_id,msisdn,amount_usd,status") + rows, [], "cash-csv"


def t_momo_log():
    m = bare(MSISDN_CC())
    return T("⟦T⟧ payriver-bridge INFO payout ok msisdn=⟦M⟧ amount=⟦A⟧ txn=⟦X⟧ callback_ip=⟦I⟧",
             T=ts(), M=m, A=f"{R.randint(5000, 90000)}", X=Look("MP" + non_luhn(11)), I=ip4(False)), [], "momo-log"


def t_donor_refund():
    c, s = EN_CLIENTS(), st()
    return T("Refund request: donor ⟦N⟧ <⟦E⟧> asked us to reverse the duplicate gift of € ⟦A⟧ to ⟦I⟧. Approved by ⟦S⟧.",
             N=Lab("person", c.name), E=E(c.email), A=f"{R.randint(20, 500)},00", I=iban(IBAN_CC()), S=P(s)), [s], "donor-refund"


def t_volunteer_csv():
    c1, c2 = EN_CLIENTS(), EN_CLIENTS()
    out = T("surname,given_name,email,phone,skills")
    for c in (c1, c2):
        parts = c.name.split(" ")
        given, fam = parts[0], " ".join(parts[1:])
        out += T("\n⟦F⟧,⟦G⟧,⟦E⟧,⟦P⟧,⟦K⟧", F=comp(fam, c.parts[1:]), G=comp(given, c.parts[:1]), E=E(c.email),
                 P=phone(CC_CYCLE()), K=R.choice(["logistics", "first aid", "translation", "driving"]))
    return out, [], "volunteer-csv"


def t_vcard():
    c = EN_CLIENTS()
    parts = c.name.split(" ")
    given, fam = parts[0], " ".join(parts[1:])
    return T("BEGIN:VCARD\nVERSION:3.0\nFN:⟦FN⟧\nN:⟦F⟧;⟦G⟧;;;\nORG:Partner NGO\nEMAIL;TYPE=work:⟦E⟧\nTEL;TYPE=cell:⟦P⟧\nEND:VCARD",
             FN=Lab("person", c.name), F=comp(fam, c.parts[1:]), G=comp(given, c.parts[:1]), E=E(c.email), P=phone(CC_CYCLE())), [], "vcard"


def t_rota():
    a, b = st(), st()
    return T("h3. Field-security on-call, week ⟦W⟧\n||Role||Name||Phone||\n|Primary|⟦A⟧|⟦PA⟧|\n|Backup|⟦B⟧|⟦PB⟧|",
             W=str(R.randint(10, 20)), A=P(a), PA=phone(a.country), B=P(b), PB=phone(b.country)), [a, b], "rota"


def t_slack():
    a, b = st(), st()
    return T("[⟦T⟧] ⟦A⟧: @⟦B⟧ the convoy is held at the checkpoint, reach me on ⟦P⟧",
             T=f"{R.randint(6, 22):02d}:{R.randint(0, 59):02d}", A=P(a), B=P(b), P=phone(a.country)), [a, b], "chat"


def t_email():
    c, s = EN_CLIENTS(), st()
    return T("Return-Path: <⟦E1⟧>\nReceived: from mail.example.com (mail.example.com [⟦IP⟧]) by mx1.thornvale.org\n"
             "From: \"⟦N⟧\" <⟦E2⟧>\nTo: ⟦R⟧\nCc: ⟦S⟧\nMessage-ID: <⟦M⟧@mail.example.com>\nSubject: Re: my registration\n\n"
             "Thank you. I can be reached on ⟦P⟧.\n\n> On 3 Mar, ⟦SN⟧ wrote:\n> Please confirm your phone.\n--\n⟦N2⟧",
             E1=E(c.email), IP=ip4(False), N=Lab("person", c.name), E2=E(c.email), R=E("registrations@thornvale.org"),
             S=PE(s), M=Look(rs(HEX, 16)), P=phone(CC_CYCLE()), SN=P(s), N2=Lab("person", c.name)), [s], "email"


def t_w9():
    c = EN_CLIENTS()
    return T("W-9 received from US contractor ⟦N⟧ (⟦E⟧): TIN (SSN) ⟦S⟧, backup withholding: no. Filed under vendor ⟦V⟧.",
             N=Lab("person", c.name), E=E(c.email), S=ssn(), V=Look(f"V-{digits(6)}")), [], "w9"


def t_payroll():
    s = st()
    return T("Payroll bank-detail change for ⟦S⟧: old ⟦O⟧ → new ⟦N⟧, effective ⟦D⟧. Verified by call-back to ⟦P⟧.",
             S=P(s), O=iban(IBAN_CC()), N=iban(IBAN_CC()), D=lk_date(), P=phone(s.country)), [s], "payroll"


def t_mandate():
    c = EN_CLIENTS()
    return T("Possible mandate fraud: \"⟦N⟧\" <⟦E⟧> wrote to ⟦A⟧ asking us to pay invoice ⟦I⟧ to ⟦NEW⟧ instead of ⟦OLD⟧. Do NOT update until verified by phone.",
             N=Lab("person", c.name), E=E(c.email.split("@")[0] + "@supplies.example.com"), A=E("accounts@thornvale.org"),
             I=Look(f"INV-{digits(5)}"), NEW=iban(IBAN_CC()), OLD=iban(IBAN_CC())), [], "mandate-fraud"


def t_pain001():
    c = EN_CLIENTS()
    return T("<CdtTrfTxInf><PmtId><EndToEndId>⟦ID⟧</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">⟦A⟧</InstdAmt></Amt>"
             "<Dbtr><Nm>Thornvale Relief International</Nm></Dbtr><DbtrAcct><Id><IBAN>⟦D⟧</IBAN></Id></DbtrAcct>"
             "<Cdtr><Nm>⟦N⟧</Nm><CtctDtls><EmailAdr>⟦E⟧</EmailAdr></CtctDtls></Cdtr><CdtrAcct><Id><IBAN>⟦C⟧</IBAN></Id></CdtrAcct></CdtTrfTxInf>",
             ID=Look(f"TRI-RFND-{digits(6)}"), A=f"{R.randint(10, 900)}.00", D=iban(IBAN_CC(), False), N=Lab("person", c.name),
             E=E(c.email), C=iban(IBAN_CC(), False)), [], "pain001"


def t_card_chat():
    return T("[donate page chat ⟦T⟧] visitor: the form keeps failing, here is my card ⟦C⟧ 11/28, can you charge it manually?",
             T=f"{R.randint(8, 22):02d}:{R.randint(0, 59):02d}", C=card()), [], "card-chat"


def t_terminal():
    return T("⟦T⟧ POS-DEBUG TID=⟦TID⟧ STAN=⟦ST⟧ PAN=⟦C⟧ EXP=2811 AUTH=⟦AU⟧ RESP=00 host=⟦I⟧",
             T=ts(), TID=Look(f"TRI{digits(5)}"), ST=Look(digits(6)), C=card(how="plain"), AU=Look(rs("0123456789ABCDEF", 6)),
             I=ip4(True)), [], "terminal-log"


def t_chargeback():
    c = EN_CLIENTS()
    return T("case_id,cardholder,email,pan,amount,reason\n⟦CID⟧,⟦N⟧,⟦E⟧,⟦C⟧,⟦A⟧,10.4 fraud",
             CID=Look(f"CB{digits(8)}"), N=Lab("person", c.name.upper()), E=E(c.email), C=card(how="plain"),
             A=f"{R.randint(10, 300)}.00"), [], "chargeback"


def t_env():
    return T("# kinroll-api/.env\nDATABASE_URL=postgresql://⟦U⟧@db.tri.internal:5432/kinroll\nSTRIPE_SECRET_KEY=⟦S⟧\nSENDGRID_API_KEY=⟦G⟧\nSESSION_SECRET=⟦P⟧",
             U=urlcred(), S=tok("stripe"), G=tok("sendgrid"), P=pw(24)), [], "env"


def t_yaml():
    return T("sms:\n  provider: twilio\n  account_sid: ⟦AC⟧\n  api_key: ⟦K⟧\n  api_secret: ⟦S⟧\nsmtp:\n  host: ⟦I⟧\n  password: \"⟦P⟧\"",
             AC=Look("AC" + rs(HEX, 32)), K=tok("twilio"), S=tok("twilio_secret"), I=ip4(True), P=pw()), [], "yaml"


def t_ini():
    return T("[clinic_lab_bridge]\nhost = ⟦I⟧\nmac = ⟦M⟧\nuser = carestep_svc\npassword = ⟦P⟧\nfirmware = ⟦F⟧",
             I=ip4(True), M=mac(), P=pw(), F=Look(f"{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 99)}.{R.randint(100, 999)}")), [], "ini"


def t_compose():
    return T("services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ⟦P⟧\n  worker:\n    environment:\n      - HF_TOKEN=⟦H⟧\n      - OPENAI_API_KEY=⟦O⟧",
             P=pw(), H=tok("huggingface"), O=tok("openai")), [], "docker-compose"


def t_json_cfg():
    return T("{\"kiosk\": \"handsign-reg-07\", \"api_base\": \"https://api.tri.internal\", \"api_key\": \"⟦K⟧\", \"alerts_webhook\": \"⟦W⟧\"}",
             K=Lab("password", rs(ALNUM, 40)), W=tok("slack_hook")), [], "json-config"


def t_k8s():
    u = base64.b64encode(R.choice([b"payriver", b"kinroll", b"giftledger"])).decode()
    while True:
        p = base64.b64encode(strong_pw(18).encode()).decode()
        if re.search(r"\d", p) and re.search(r"[a-z]", p) and re.search(r"[A-Z]", p):
            break
    return T("apiVersion: v1\nkind: Secret\nmetadata:\n  name: payriver-db\ntype: Opaque\ndata:\n  username: ⟦U⟧\n  password: ⟦P⟧",
             U=Look(u), P=Lab("password", p)), [], "k8s-secret"


def t_tfvars():
    return T("storage_account_key = \"⟦A⟧\"\ntfc_token = \"⟦T⟧\"\ndo_token = \"⟦D⟧\"\nregion = \"eu-west-1\"",
             A=tok("azure"), T=tok("hashicorp_tfc"), D=tok("digitalocean")), [], "tfvars"


def t_curl():
    c = R.random() < 0.5
    if c:
        return T("curl -s -u payriver-ops:⟦P⟧ https://bridge.tri.internal/v2/payouts?status=failed",
                 P=pw()), [], "curl"
    return T("curl -H \"Authorization: Bearer ⟦J⟧\" https://api.thornvale.org/kinroll/v1/households/⟦H⟧",
             J=jwt(), H=lk_hh()), [], "curl"


def t_ci():
    return T("##[group]Run npm publish\nnpm notice Publishing to https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=⟦N⟧\n##[error]GH_TOKEN=⟦G⟧ leaked in step output",
             N=tok("npm"), G=tok("github")), [], "ci-log"


def t_gitleaks():
    s = st()
    kind = R.choice(["gitlab", "google", "anthropic", "pypi", "shopify", "slack", "atlassian", "aws"])
    rule = {"gitlab": "gitlab-pat", "google": "gcp-api-key", "anthropic": "anthropic-api-key", "pypi": "pypi-upload-token",
            "shopify": "shopify-access-token", "slack": "slack-bot-token", "atlassian": "atlassian-api-token",
            "aws": "aws-access-token"}[kind]
    return T("Finding: ⟦K⟧\nRuleID: ⟦R⟧\nFile: deploy/settings.py\nLine: ⟦L⟧\nCommit: ⟦C⟧\nAuthor: ⟦A⟧\nEmail: ⟦E⟧",
             K=tok(kind), R=rule, L=str(R.randint(3, 300)), C=Look(rs(HEX, 40)), A=P(s), E=PE(s)), [s], "gitleaks"


def t_prose_token():
    s = st()
    kind = R.choice(["anthropic", "openai", "huggingface", "gitlab", "google", "hashicorp", "pypi", "sendgrid", "shopify",
                     "digitalocean", "atlassian", "stripe_whsec", "npm", "github"])
    return T("⟦S⟧: I pasted the key ⟦K⟧ into the ticket by mistake — please revoke it before the donor-CRM sync runs.",
             S=P(s), K=tok(kind)), [s], "prose-token"


def t_jwt_cookie():
    return T("Cookie: tri_session=⟦J⟧; Path=/; HttpOnly; Secure", J=jwt()), [], "jwt"


def t_token_resp():
    return T("{\"access_token\":\"⟦J⟧\",\"token_type\":\"Bearer\",\"expires_in\":3600,\"refresh_token\":\"⟦R⟧\"}",
             J=jwt(), R=Lab("password", rs(B64U, 48))), [], "token-response"


PEM_KINDS = Cycle(["OPENSSH PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "PRIVATE KEY"])


def t_pem():
    s = st()
    return T("⟦S⟧ attached the deploy key for the clinic NAS (rotate after use):\n⟦K⟧", S=P(s), K=pem(PEM_KINDS())), [s], "private-key"


def t_gcp():
    k = pem("PRIVATE KEY", sep="\\n")
    proj = R.choice(["tri-kinroll-prod", "tri-giftledger", "tri-analytics"])
    return T("{\"type\": \"service_account\", \"project_id\": \"⟦PR⟧\", \"private_key_id\": \"⟦KID⟧\", \"private_key\": \"⟦K⟧\\n\", \"client_email\": \"⟦E⟧\"}",
             PR=proj, KID=Look(rs(HEX, 40)), K=k, E=E(f"sync-bot@{proj}.iam.gserviceaccount.com")), [], "gcp-sa"


SCHEMES = Cycle(["postgresql", "rediss", "redis", "amqps", "mysql", "mongodb+srv", "smtps", "ftp", "sftp", "rtsp", "https", "mqtt"])


def t_urlcred():
    sch = SCHEMES()
    host = {"rtsp": "cam-warehouse-02.tri.internal:554/stream1", "mqtt": "telemetry.tri.internal:8883"}.get(sch, "svc.tri.internal")
    if sch == "rediss":
        cred = Lab("url_credentials", ":" + strong_pw(20))
    else:
        cred = urlcred()
    return T("connection string for the ⟦W⟧ job: ⟦S⟧://⟦C⟧@⟦H⟧", W=R.choice(["nightly", "registration sync", "payout", "backup"]),
             S=sch, C=cred, H=host), [], "url-credentials"


def t_aws():
    return T("[tri-logistics]\naws_access_key_id = ⟦K⟧\naws_secret_access_key = ⟦S⟧\naws_session_token = ⟦T⟧",
             K=tok("aws"), S=tok("aws_secret"), T=Lab("password", "IQoJb3JpZ2luX2Vj" + rs(B64, 200))), [], "aws-credentials"


def t_azure():
    acct = R.choice(["trikinrollprod", "tridonorexports", "triclinicimg"])
    return T("DefaultEndpointsProtocol=https;AccountName=⟦A⟧;AccountKey=⟦K⟧;EndpointSuffix=core.windows.net", A=acct, K=tok("azure")), [], "azure"


def t_hostapd():
    return T("interface=wlan0\nssid=TRI-Staff\nbssid=⟦B⟧\nwpa=2\nwpa_passphrase=⟦P⟧\nauth_server_addr=⟦I⟧\nauth_server_shared_secret=⟦S⟧",
             B=mac(), P=pw(), I=ip4(True), S=pw()), [], "wifi"


def t_unifi():
    return T("{\"name\": \"TRI-Guest\", \"security\": \"wpapsk\", \"x_passphrase\": \"⟦P⟧\", \"bssid\": \"⟦B⟧\", \"vlan\": 40}",
             P=pw(), B=mac()), [], "wifi"


def t_wifi_prose():
    s = st()
    return T("⟦S⟧: the logistics hub Wi-Fi password is now ⟦P⟧ (SSID TRI-Hub), please don't write it on the whiteboard.",
             S=P(s), P=pw()), [s], "wifi"


def t_dhcp():
    return T("⟦T⟧ dhcpd: DHCPACK on ⟦I⟧ to ⟦M⟧ (reg-tablet-⟦N⟧) via eth1",
             T=f"Mar {R.randint(1, 28)} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}",
             I=ip4(True), M=mac(), N=str(R.randint(10, 99))), [], "dhcp"


def t_radius():
    s = st()
    return T("⟦T⟧ radiusd: Login OK: [⟦E⟧] (from client field-ap-⟦N⟧ port 0 cli ⟦M⟧) NAS-IP-Address=⟦I⟧",
             T=ts(), E=PE(s), N=str(R.randint(1, 40)), M=mac(True), I=ip4(True)), [s], "radius"


def t_fw():
    if R.random() < 0.5:
        return T("⟦T⟧ fw01 DROP IN=wan0 SRC=⟦A⟧ DST=⟦B⟧ PROTO=TCP DPT=22", T=ts(), A=ip4(False), B=ip4(True)), [], "firewall"
    return T("⟦T⟧ fw01 DROP IN=wan0 SRC=⟦A⟧ DST=⟦B⟧ PROTO=UDP DPT=500", T=ts(), A=ip6(), B=ip6()), [], "firewall"


def t_travel():
    s = st()
    return T("Impossible travel: ⟦E⟧ signed in from ⟦A⟧ (Juba) and 14 minutes later from ⟦B⟧ (Lima). Owner: ⟦S⟧",
             E=PE(s), A=ip4(False), B=R.choice([ip4(False), ip6()]), S=P(s)), [s], "impossible-travel"


def t_vault():
    return T("$ vault kv get secret/payriver/prod\n====== Data ======\nKey          Value\n---          -----\ndb_password  ⟦P⟧\nmno_api_key  ⟦K⟧",
             P=pw(), K=Lab("password", rs(ALNUM, 32))), [], "vault"


def t_flags():
    f = R.choice(["sshpass", "mysql", "redis", "pg"])
    if f == "sshpass":
        return T("sshpass -p '⟦P⟧' ssh admin@⟦I⟧ 'systemctl restart kinroll'", P=pw(), I=ip4(True)), [], "cred-flags"
    if f == "mysql":
        return T("mysql -h ⟦I⟧ -u handsign -p'⟦P⟧' volunteers < fix.sql", I=ip4(True), P=pw()), [], "cred-flags"
    if f == "redis":
        return T("redis-cli -h ⟦I⟧ -a ⟦P⟧ FLUSHDB", I=ip4(True), P=pw()), [], "cred-flags"
    return T("PGPASSWORD=⟦P⟧ psql -h ⟦I⟧ -U giftledger giftledger", P=pw(), I=ip4(True)), [], "cred-flags"


def t_hotline():
    c, s = EN_CLIENTS(), st()
    return T("Hotline call log: caller ⟦N⟧ (⟦E⟧) called from ⟦P⟧ about a denied registration; callback by ⟦S⟧ on ⟦SP⟧.",
             N=Lab("person", c.name), E=E(c.email), P=phone(CC_CYCLE()), S=P(s), SP=phone(s.country)), [s], "hotline"


def t_clinic():
    c = EN_CLIENTS()
    return T("CareStep referral: patient ⟦N⟧, contact ⟦E⟧ / ⟦P⟧; next of kin (sister) ⟦K⟧. Bed ⟦B⟧.",
             N=Lab("person", c.name), E=E(c.email), P=phone(CC_CYCLE()), K=phone(CC_CYCLE()), B=Look(f"B-{R.randint(1, 40)}")), [], "clinic"


def t_sms_export():
    m = CC_CYCLE()
    code, trunk, pre, n, g = PLANS[m]
    nsn = nsn_for(m)
    return T("direction,msisdn,body\nOUT,⟦A⟧,Your distribution is on ⟦D⟧ at site 4.\nIN,⟦B⟧,OK thank you",
             A=Lab("phone", code + nsn, (m, code, trunk, nsn, "bare")), D=lk_date(),
             B=Lab("phone", "+" + code + nsn, (m, code, trunk, nsn, "e164"))), [], "sms-export"


def t_ssn_form():
    c = EN_CLIENTS()
    return T("Refund form (US donor): name ⟦N⟧, email ⟦E⟧, tax id box: ⟦S⟧, card ending shown, phone ⟦P⟧",
             N=Lab("person", c.name), E=E(c.email), S=ssn(), P=phone("US")), [], "ssn-form"


def t_card_refund():
    c = EN_CLIENTS()
    return T("Donation reversal: ⟦A⟧ returned to card ⟦C⟧ for ⟦N⟧ <⟦E⟧>", A=f"${R.randint(10, 250)}.00", C=card(),
             N=Lab("person", c.name), E=E(c.email)), [], "card-refund"


def t_vendor_env2():
    return T("GOOGLE_MAPS_KEY=⟦G⟧\nVAULT_TOKEN=⟦V⟧\nSHOPIFY_ADMIN_TOKEN=⟦S⟧\nSLACK_BOT_TOKEN=⟦B⟧",
             G=tok("google"), V=tok("hashicorp"), S=tok("shopify"), B=tok("slack")), [], "env"


def t_vendor_env3():
    return T("ANTHROPIC_API_KEY=⟦A⟧\nATLASSIAN_TOKEN=⟦T⟧\nSTRIPE_WEBHOOK_SECRET=⟦W⟧\nTWINE_PASSWORD=⟦P⟧",
             A=tok("anthropic"), T=tok("atlassian"), W=tok("stripe_whsec"), P=tok("pypi")), [], "env"


def t_git_url():
    return T("git clone https://oauth2:⟦T⟧@gitlab.tri.internal/kinroll/app.git", T=tok("gitlab")), [], "url-credentials"


POSITIVE = [t_jira_complaint, t_jsm, t_cash_csv, t_momo_log, t_donor_refund, t_volunteer_csv, t_vcard, t_rota, t_slack,
            t_email, t_w9, t_payroll, t_mandate, t_pain001, t_card_chat, t_terminal, t_chargeback, t_env, t_yaml, t_ini,
            t_compose, t_json_cfg, t_k8s, t_tfvars, t_curl, t_ci, t_gitleaks, t_prose_token, t_jwt_cookie, t_token_resp,
            t_pem, t_gcp, t_urlcred, t_aws, t_azure, t_hostapd, t_unifi, t_wifi_prose, t_dhcp, t_radius, t_fw, t_travel,
            t_vault, t_flags, t_hotline, t_clinic, t_sms_export, t_ssn_form, t_card_refund, t_vendor_env2, t_vendor_env3,
            t_git_url]


# --- negatives -------------------------------------------------------------------------------


def gtin13():
    s = "6" + digits(11)
    c = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(s)) % 10) % 10
    return s + str(c)


def imei():
    s = "35" + digits(12)
    for d in "0123456789":
        if luhn_ok(s + d):
            return s + d


def n_distribution():
    return T("Distribution report ⟦D⟧: ration card ⟦R⟧ (household ⟦H⟧) received 25 kg sorghum, 5 L oil; site GPS ⟦G⟧.",
             D=lk_date(), R=lk_ration(R.choice(["SS", "BF", "CF", "ET"])), H=lk_hh(), G=lk_gps())


def n_waybill():
    return T("Waybill ⟦W⟧: 140 cartons RUTF, ⟦L⟧, GTIN ⟦G⟧, gross 1 876,4 kg, truck ⟦P⟧ departed the logistics hub at 06:40.",
             W=lk_waybill(), L=lk_lot(), G=Look(gtin13()), P=Look(f"SSD {R.randint(100, 999)}{R.choice('ABCDEFGH')}"))


def n_hotline():
    return T("Beneficiaries can dial the free hotline ⟦S⟧ or send HELP to 8090; USSD ⟦U⟧ shows the next payment date ⟦D⟧.",
             S=Look(R.choice(["1414", "1515", "4455"])), U=lk_short(), D=lk_date())


def n_build():
    return T("Kinroll build ⟦B⟧ deployed to the registration tablets; rollback target ⟦C⟧ (commit ⟦H⟧).",
             B=Look(f"{R.randint(2, 9)}.{R.randint(0, 30)}.{R.randint(0, 99)}.{R.randint(1000, 9999)}"),
             C=Look(f"{R.randint(2, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)}"), H=Look(rs(HEX, 12)))


def n_loopback():
    return T("Health check binds to ⟦L⟧:8080 and ⟦Z⟧; the office subnet mask is ⟦M⟧.", L=Look("127.0.0.1"),
             Z=Look("0.0.0.0"), M=Look(R.choice(["255.255.255.0", "255.255.240.0", "255.255.0.0"])))


def n_placeholder():
    return T("In .env.example set DB_PASSWORD=⟦A⟧ and STRIPE_SECRET_KEY=⟦B⟧; never commit the real values.",
             A=Look(R.choice(["${DB_PASSWORD}", "<password>", "REPLACE_ME", "{{ vault.db_password }}"])),
             B=Look(R.choice(["sk_live_xxxxxxxxxxxxxxxxxxxx", "<your-stripe-key>", "${STRIPE_KEY}"])))


def n_masked():
    return T("Donor card on file: ⟦C⟧, IBAN on file ⟦I⟧, phone ⟦P⟧ (masked by GiftLedger).",
             C=Look(R.choice(["**** **** **** ", "•••• ", "ending "]) + digits(4)),
             I=Look(R.choice(["GB** **** **** **** ", "FR76 **** **** ", "DE** ****"]) + digits(4)),
             P=Look("*** *** " + digits(3)))


def n_rotated():
    return T("The ⟦W⟧ was rotated on ⟦D⟧ by the on-call engineer; ticket ⟦K⟧. Token expired errors are expected for 10 minutes.",
             W=R.choice(["PayRiver client_secret", "password for the clinic tablets", "donor-CRM API token", "Wi-Fi passphrase"]),
             D=lk_date(), K=Look(f"TRI-OPS-{R.randint(100, 9999)}"))


def n_uuid():
    return T("Sync job ⟦U⟧ finished in ⟦T⟧; 4 812 records, checksum sha256:⟦H⟧.", U=Look(uuid()),
             T=Look(f"PT{R.randint(1, 9)}M{R.randint(1, 59)}S"), H=Look(rs(HEX, 64)))


def n_epoch():
    return T("Event ts=⟦E⟧ batch=⟦B⟧ trace=⟦T⟧ status=ok", E=Look(str(1772000000000 + R.randint(0, 10 ** 9))),
             B=Look(non_luhn(14)), T=Look(rs(HEX, 32)))


def n_people_like():
    return T("Supplies for ⟦P⟧ were moved to the Florence Nightingale ward; the Lake Victoria route is closed until ⟦D⟧.",
             P=R.choice(["St. Mary's clinic", "Mount Elgon camp", "the Bishop Gorgas school"]), D=lk_date())


def n_imei():
    return T("Registration tablet IMEI ⟦I⟧ (serial ⟦S⟧) replaced; old device wiped on ⟦D⟧.", I=Look(imei()),
             S=Look(f"R52{rs('ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8)}"), D=lk_date())


def n_grant():
    return T("Grant ⟦G⟧, agreement ⟦A⟧, budget line 4.2.1: USD 1,240,500.00 for cash assistance in ⟦C⟧.",
             G=Look(f"ECHO/-{R.choice(['AF', 'SS', 'BF'])}/BUD/2026/{digits(5)}"), A=Look(f"TRI-AGR-{digits(4)}-{digits(3)}"),
             C=R.choice(["Jonglei", "Ouham", "Sahel region", "Cox's Bazar", "Kenema"]))


def n_twilio_sid():
    return T("Twilio account SID ⟦A⟧ and messaging service ⟦M⟧ are public identifiers; the auth token lives in Vault.",
             A=Look("AC" + rs(HEX, 32)), M=Look("MG" + rs(HEX, 32)))


def n_muac():
    return T("Clinic screening ⟦D⟧: MUAC 11,4 cm, weight 7,9 kg, temp 38,2 °C, dose 0,5 mg/kg; patient id ⟦P⟧.",
             D=lk_date(), P=Look(f"CS-{digits(7)}"))


def n_money():
    return T("Transfer value per household: ⟦A⟧; mobile-money fee 1.5 %; transaction ⟦T⟧ reconciled on ⟦D⟧.",
             A=R.choice(["SSP 45,000", "45 000 FCFA", "PKR 9,500", "Le 1,250", "USD 85.00", "€ 60,00", "BDT 6,000"]),
             T=Look("MP" + non_luhn(12)), D=lk_date())


def n_coords():
    return T("Warehouse ⟦W⟧ at ⟦G⟧ holds ⟦L⟧ and ⟦L2⟧; container ⟦C⟧.", W=Look(f"WH-{R.randint(1, 30):02d}"), G=lk_gps(),
             L=lk_lot(), L2=lk_lot(), C=Look(f"MSKU{digits(7)}"))


def n_fingerprint():
    return T("Server host key fingerprint SHA256:⟦F⟧ and cert serial ⟦S⟧ were published on the wiki.",
             F=Look(rs(B64[:-2], 43)), S=Look(":".join(rs(HEX, 2) for _ in range(8))))


def n_shortphone():
    return T("Dial extension ⟦X⟧ for the logistics desk or ⟦Y⟧ for security; radio channel ⟦C⟧.",
             X=Look(str(R.randint(200, 899))), Y=Look(str(R.randint(200, 899))), C=Look(str(R.randint(1, 16))))


def n_version():
    return T("Upgrade plan: Handsign ⟦A⟧ → ⟦B⟧, PostgreSQL 16.⟦C⟧, Android ⟦D⟧ on tablets; maintenance window ⟦W⟧.",
             A=Look(f"v{R.randint(1, 5)}.{R.randint(0, 20)}.{R.randint(0, 9)}"), B=Look(f"v{R.randint(6, 9)}.{R.randint(0, 9)}.0"),
             C=str(R.randint(1, 9)), D=str(R.randint(11, 15)), W=Look(f"{R.randint(0, 5):02d}:00–{R.randint(6, 9):02d}:00 UTC"))


def n_secretwords():
    return T("The password field is required; see ⟦V⟧ for the value. Masked: ⟦M⟧. (sensitive value)",
             V=Look(R.choice(["vault secret/handsign/db", "the break-glass envelope", "1Password vault 'Field-IT'"])),
             M=Look(R.choice(["********", "***", "<redacted>"])))


NEGATIVE = [n_distribution, n_waybill, n_hotline, n_build, n_loopback, n_placeholder, n_masked, n_rotated, n_uuid,
            n_epoch, n_people_like, n_imei, n_grant, n_twilio_sid, n_muac, n_money, n_coords, n_fingerprint,
            n_shortphone, n_version, n_secretwords]


# --- validation ------------------------------------------------------------------------------


class Invalid(Exception):
    pass


def ip_ok(v):
    try:
        a = ipaddress.ip_address(v)
    except ValueError:
        return False
    if a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or a.is_reserved:
        return False
    bad = ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10", "198.18.0.0/15", "2001:db8::/32",
           "192.0.0.0/24", "0.0.0.0/8", "255.255.255.255/32"]
    return not any(a in ipaddress.ip_network(n) for n in bad if ipaddress.ip_network(n).version == a.version)


def brand_ok(num, brand):
    prefixes, lengths = BRANDS[brand]
    return len(num) in lengths and any(num.startswith(p) for p in prefixes)


WEAK = {"password", "changeme", "secret", "admin", "letmein", "123456", "qwerty", "welcome"}
OUR = ("thornvale.org", "tri.internal")


def domain_ok(d):
    d = d.lower()
    return (d in OUR or any(d.endswith("." + o) for o in OUR) or d.endswith(".example")
            or any(d == x or d.endswith("." + x) for x in ("example.com", "example.net", "example.org"))
            or d.endswith(".iam.gserviceaccount.com"))


def local_spells(local, parts):
    flat = re.sub(r"[._\-+0-9]", "", local.lower())
    return all(p in flat for p in parts)


def check_value(kind, v, meta, line):
    if kind == "credit_card":
        num = re.sub(r"[ -]", "", v)
        if not (num.isdigit() and luhn_ok(num) and brand_ok(num, meta) and num not in TEST_CARDS):
            raise Invalid(f"card {v}")
    elif kind == "iban":
        s = v.replace(" ", "")
        if not iban_valid(v) or len(s) != IBAN_SPEC[s[:2]]:
            raise Invalid(f"iban {v}")
        if " " in v and any(len(g) != 4 for g in v.split(" ")[:-1]):
            raise Invalid(f"iban groups {v}")
        b = s[4:]
        if s[:2] == "NL" and not mod11_nl_ok(b[4:]):
            raise Invalid("nl")
        if s[:2] == "BE" and (int(b[:10]) % 97 or 97) != int(b[10:]):
            raise Invalid("be")
        if s[:2] == "FR" and fr_key(b[:5], b[5:10], b[10:21]) != int(b[21:]):
            raise Invalid("fr")
        if s[:2] == "ES" and (es_dc("00" + b[:8]) != int(b[8]) or es_dc(b[10:]) != int(b[9])):
            raise Invalid("es")
        if s[:2] == "NO" and no_check(b[:10]) != int(b[10]):
            raise Invalid("no")
        if s[:2] == "FI" and not luhn_ok(b):
            raise Invalid("fi")
    elif kind == "ip_address":
        if not ip_ok(v):
            raise Invalid(f"ip {v}")
    elif kind == "mac_address":
        if not re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}", v):
            raise Invalid(f"mac {v}")
    elif kind == "jwt":
        h, p, sgn = v.split(".")
        pad = lambda x: x + "=" * (-len(x) % 4)  # noqa: E731
        if "alg" not in json.loads(base64.urlsafe_b64decode(pad(h))):
            raise Invalid("jwt alg")
        json.loads(base64.urlsafe_b64decode(pad(p)))
        if not re.fullmatch(r"[A-Za-z0-9_-]+", sgn):
            raise Invalid("jwt sig")
    elif kind == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----(?:\n|\\n)(.*?)(?:\n|\\n)-----END \1-----", v, re.S)
        if not m:
            raise Invalid("pem armour")
        body = m.group(2).replace("\\n", "").replace("\n", "")
        binascii.a2b_base64(body)
        if len(body) % 4:
            raise Invalid("pem body")
    elif kind.startswith("api_key/"):
        vendor = kind.split("/")[1]
        if not re.fullmatch(VENDOR_RE[vendor], v):
            raise Invalid(f"token {kind} {v}")
        if vendor in ("github", "npm"):
            body = v.split("_", 1)[1]
            if b62(zlib.crc32(body[:30].encode()) & 0xFFFFFFFF) != body[30:]:
                raise Invalid("crc")
    elif kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
        if not m or m.group(1) in ("000", "666") or m.group(1) >= "900" or m.group(2) == "00" or m.group(3) == "0000":
            raise Invalid(f"ssn {v}")
    elif kind == "phone":
        if not re.fullmatch(r"[0-9 +()\-./]+", v):
            raise Invalid(f"phone chars {v}")
        cc, code, trunk, nsn, form = meta
        d = re.sub(r"\D", "", v)
        ok = {code + nsn, "00" + code + nsn, trunk + nsn, nsn}
        if form == "bracket" and trunk:
            ok.add(code + trunk + nsn)
        if d not in ok:
            raise Invalid(f"phone digits {v} {meta}")
        if form == "bare" and not v.isdigit():
            raise Invalid("bare")
        if form == "e164" and not re.fullmatch(r"\+\d+", v):
            raise Invalid("e164")
    elif kind == "password":
        if v.lower() in WEAK or len(v) < 10:
            raise Invalid(f"weak {v}")
        classes = sum(bool(re.search(p, v)) for p in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
        if classes < 3:
            raise Invalid(f"pw classes {v}")
    elif kind == "url_credentials":
        if ":" not in v or re.search(r"[@/?#]", v):
            raise Invalid(f"urlcred {v}")
        i = line["text"].encode().find(v.encode())
        tb = line["text"].encode()
        if not (tb[:i].endswith(b"://") and tb[i + len(v.encode()):].startswith(b"@")):
            raise Invalid("urlcred context")
    elif kind == "email":
        if not re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]+", v) and not v.endswith(".example"):
            raise Invalid(f"email {v}")
        if not domain_ok(v.split("@")[1]):
            raise Invalid(f"email domain {v}")
        if any(v == p["email"] for p in line["people"]) or any(v == s.email for s in STAFF):
            raise Invalid(f"staff address labelled email {v}")
    elif kind == "person":
        pass
    else:
        raise Invalid(f"kind {kind}")


NAME_PARTS_ROSTER = []


def roster_parts():
    parts = set()
    for s in STAFF:
        parts.update(re.split(r"[ \-]", s.name))
    for name in NAME_PARTS:
        parts.update(re.split(r"[ \-]", name))
    return sorted(p for p in parts if len(p) >= 3 or (p and not p.isascii() and len(p) >= 2))


SCANS = [
    ("email", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+")),
    ("ipv4", re.compile(r"(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d.])")),
    ("mac", re.compile(r"\b[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\1[0-9A-Fa-f]{2}){4}\b")),
    ("phone+", re.compile(r"\+\d")),
    ("phone00", re.compile(r"(?<!\d)00\d{6,}")),
    ("na-phone", re.compile(r"\(\d{3}\) ?\d{3}-\d{4}")),
    ("digits10", re.compile(r"(?<![\d.])\d{10,15}(?![\d.])")),
    ("ssn", re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")),
    ("jwt", re.compile(r"eyJ[A-Za-z0-9_-]+\.eyJ")),
    ("pem", re.compile(r"BEGIN [A-Z ]*PRIVATE KEY")),
    ("urlcred", re.compile(r"://[^\s/:@\x01]*:[^\s/@\x01]+@")),
    ("token", re.compile(r"sk-ant-|sk-proj-|gh[pous]_[A-Za-z0-9]{20}|glpat-|AKIA[A-Z2-7]{12}|xox[bpa]-|hooks\.slack\.com|SG\.[A-Za-z0-9_-]{10}|shp(at|ss|ca)_|sk_live_[A-Za-z0-9]{20}|whsec_|hf_[A-Za-z]{20}|npm_[A-Za-z0-9]{20}|pypi-AgE|dop_v1_|AIza[A-Za-z0-9_-]{20}|hvs\.|atlasv1|ATATT|SK[0-9a-f]{32}")),
    ("pwkw", re.compile(r"(?i)(password|passwd|pwd|passphrase|secret|token)[ \t]*[:=][ \t]*[\"']?([^\s\x01\"'<>$*{,;]{6,})")),
]


def ipv6_leaks(text):
    out = []
    for m in re.finditer(r"(?<![0-9A-Za-z:])[0-9A-Fa-f:]{2,}(?![0-9A-Za-z:])", text):
        s = m.group(0)
        if s.count(":") >= 2 and ("::" in s or s.count(":") == 7):
            try:
                ipaddress.IPv6Address(s)
                out.append(s)
            except ValueError:
                pass
    return out


def luhn_leaks(text):
    out = []
    for m in re.finditer(r"\d(?:[ -]?\d){12,18}", text):
        d = re.sub(r"\D", "", m.group(0))
        for n in range(13, min(19, len(d)) + 1):
            for i in range(0, len(d) - n + 1):
                w = d[i:i + n]
                if luhn_ok(w) and (n == len(d)):
                    out.append(m.group(0))
    return out


def iban_leaks(text):
    out = []
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?", text):
        if iban_valid(m.group(0)):
            out.append(m.group(0))
    return out


def is_letter(ch):
    return unicodedata.category(ch)[0] in "LM"


def name_leaks(text, parts):
    out = []
    for p in parts:
        for variant in {p, p.upper()}:
            start = 0
            while True:
                i = text.find(variant, start)
                if i < 0:
                    break
                j = i + len(variant)
                if (i == 0 or not is_letter(text[i - 1])) and (j == len(text) or not is_letter(text[j])):
                    out.append(variant)
                start = i + 1
    return out


PW_WORDS = []


def blank(line):
    b = bytearray(line["text"].encode())
    for _, s, e, _lab in line["spans"]:
        b[s:e] = b"\x01" * (e - s)
    for s, e in line["looks"]:
        b[s:e] = b"\x01" * (e - s)
    return b.decode()


def validate(lines):
    texts = set()
    parts = roster_parts()
    for n, line in enumerate(lines):
        where = f"line {n} ({line['cat']}, {line['lang']}): {line['text'][:120]!r}"
        try:
            if line["text"] in texts:
                raise Invalid("duplicate text")
            texts.add(line["text"])
            data = line["text"].encode()
            last = 0
            for kind, s, e, lab in sorted(line["spans"], key=lambda x: x[1]):
                if s < last or e > len(data) or s >= e:
                    raise Invalid("offsets")
                last = e
                if data[s:e].decode() != lab.value:
                    raise Invalid("span bytes")
                if "\n" in lab.value and kind != "private_key":
                    raise Invalid("line break in label")
                check_value(kind, lab.value, lab.meta, line)
            labelled_emails = [lab.value for k, _, _, lab in line["spans"] if k == "email"]
            listed = {p["display_name"] for p in line["people"]} | {p["email"] for p in line["people"]} | {p["account_id"] for p in line["people"]}
            for kind, s, e, lab in line["spans"]:
                if kind != "person":
                    continue
                if lab.value in listed:
                    continue
                if any(lab.value == x for s2 in STAFF for x in (s2.name, s2.email, s2.aid)):
                    raise Invalid(f"staff {lab.value} not in people")
                ps = NAME_PARTS.get(lab.value)
                if not ps or not any(local_spells(a.split("@")[0], ps) for a in labelled_emails):
                    raise Invalid(f"person {lab.value} without spelling address")
            rest = blank(line)
            leaks = []
            for name, rx in SCANS:
                for m in rx.finditer(rest):
                    if name == "ipv4":
                        try:
                            ipaddress.IPv4Address(m.group(1))
                        except ValueError:
                            continue
                    leaks.append((name, m.group(0)))
            leaks += [("ipv6", x) for x in ipv6_leaks(rest)]
            leaks += [("luhn", x) for x in luhn_leaks(rest)]
            leaks += [("iban", x) for x in iban_leaks(rest)]
            leaks += [("name", x) for x in name_leaks(rest, parts)]
            for w in PW_WORDS:
                for m in re.finditer(re.escape(w) + r"[ \t]*[:=][ \t]*([^\s\x01]{6,})", rest):
                    leaks.append(("pwword", m.group(0)))
            if leaks:
                raise Invalid(f"unlabelled: {leaks[:4]}")
            if line["cat"].startswith("negative") and line["spans"]:
                raise Invalid("negative with spans")
            if not line["cat"].startswith("negative") and not line["spans"]:
                raise Invalid("positive without spans")
        except Invalid as err:
            sys.exit(f"invalid {where}: {err}")
        except (ValueError, binascii.Error, json.JSONDecodeError, KeyError) as err:
            sys.exit(f"invalid {where}: {err!r}")


# --- main ------------------------------------------------------------------------------------

TOTAL, NEGATIVES = 550, 150
VENDOR_KINDS = ["anthropic", "atlassian", "aws", "aws_secret", "azure", "digitalocean", "github", "gitlab", "google",
                "hashicorp", "hashicorp_tfc", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
                "slack_hook", "stripe", "stripe_whsec", "twilio", "twilio_secret"]


def build():
    build_languages()
    for L in LANGS:
        PW_WORDS.append(L["pwword"])
    PW_WORDS.extend(["password", "Password"])
    seen = {line["text"] for line in LINES}
    for kind in VENDOR_KINDS:  # every vendor at least once more in prose
        s = st()
        emit(T("Heads-up from ⟦S⟧: a ⟦V⟧ credential ⟦K⟧ was found in the volunteer-portal repo; revoked and rotated.",
               S=P(s), V=VENDOR_OF.get(kind, kind), K=tok(kind)), [s], "prose-token")
    pos_target = TOTAL - NEGATIVES
    pos = Cycle(POSITIVE)
    seen = {line["text"] for line in LINES}
    while sum(1 for x in LINES if not x["cat"].startswith("negative")) < pos_target:
        f = pos()
        pieces, people, cat = f()
        before = len(LINES)
        emit(pieces, people, cat)
        if LINES[-1]["text"] in seen:
            LINES.pop()
        else:
            seen.add(LINES[-1]["text"])
        assert len(LINES) >= before
    neg = Cycle(NEGATIVE)
    guard = 0
    while sum(1 for x in LINES if x["cat"].startswith("negative")) < NEGATIVES:
        f = neg()
        people = [st()] if R.random() < 0.2 else []
        emit(f(), people, "negative:" + f.__name__[2:])
        if LINES[-1]["text"] in seen:
            LINES.pop()
        else:
            seen.add(LINES[-1]["text"])
        guard += 1
        if guard > 5000:
            sys.exit("cannot build enough negatives")
    for line in LINES:
        if line["cat"] == "negative":
            line["cat"] = "negative:language"


def main():
    build()
    validate(LINES)
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    out = []
    for i, idx in enumerate(order, 1):
        line = LINES[idx]
        out.append({"id": f"held16-{i:05d}", "text": line["text"], "people": line["people"],
                    "spans": [{"kind": k, "start": s, "end": e} for k, s, e, _ in sorted(line["spans"], key=lambda x: x[1])]})
    with open(OUT, "w", encoding="utf-8") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # re-check the written file
    with open(OUT, encoding="utf-8") as f:
        for raw, idx in zip(f, order):
            rec = json.loads(raw)
            data = rec["text"].encode()
            want = sorted(LINES[idx]["spans"], key=lambda x: x[1])
            for sp, (_, _, _, lab) in zip(rec["spans"], want):
                if data[sp["start"]:sp["end"]].decode() != lab.value:
                    sys.exit(f"written file mismatch in {rec['id']}")
    kinds = Counter(k for line in LINES for k, _, _, _ in line["spans"])
    negs = sum(1 for line in LINES if not line["spans"])
    print(f"wrote {OUT.name}: {len(LINES)} lines, {sum(kinds.values())} spans, {negs} negatives")
    for k, v in sorted(kinds.items()):
        print(f"  {k:<24}{v}")
    api = sum(v for k, v in kinds.items() if k.startswith("api_key/"))
    print(f"  api_key (all vendors)   {api}")
    langs = Counter(line["lang"] for line in LINES)
    print("languages:", ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    cats = Counter(line["cat"].split(":")[0] if line["cat"].startswith("negative") else line["cat"] for line in LINES)
    print("categories:", ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))


if __name__ == "__main__":
    main()
