#!/usr/bin/env python3
r"""Writes heldout13.jsonl: a thirteenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional global freight-forwarding and logistics group holds ("Corvannis
Freight Group": the ocean and air forwarder Corvannis Forwarding, the licensed customs broker
Corvannis Customs Brokerage, the contract-logistics arm with the WMS "Palletta" and the
yard-management system "YardLoop", and the last-mile parcel network Dropwise with its driver app;
hubs in Rotterdam, Hamburg, Antwerp, Felixstowe, Gdańsk, Genoa, Singapore, Jebel Ali, Hong Kong,
Mumbai, Durban, Mombasa, Houston, Vancouver and Sydney, last-mile depots in Nukus, Grozny,
Vladikavkaz, Gaborone, Lilongwe, Kampala, Kumasi, Bamako, Port Louis, Papeete, Port Vila, Hagåtña,
Oviedo, Oldenburg, Daugavpils, Mérida, Malé and Dili; made-up domains corvannis.com,
dropwise.delivery, corvannis-customs.net and cfg.internal, third parties only under reserved
example names: example.com / .net / .org and their subdomains, mail.example, inbox.example,
post.example, correo.example, mcl.example, portcommunity.example, customs-gw.example, ...):
shipment and customs-brokerage tickets (Jira fields, watchers, `[~accountid:...]` mentions, wiki
tables of entries, POAs, ICS2 / NCTS / bonded-release cases), carrier booking confirmations and
amendments (ocean and air), bills of lading, seaway bills, AWBs and HAWBs pasted into tickets,
WMS and yard-management configs (YAML, INI, .properties, docker-compose, dock-door sensor JSON, a
handheld staging profile), last-mile driver onboarding (checklists, tickets, CSV, payout-IBAN
changes, emergency contacts, a US 1099 contractor's W-9), customer-service e-mails with full
headers, quoted replies and signatures, proof-of-delivery disputes (prose, scan logs, wiki
tables), COD card payments and refunds (prose, a payment-terminal debug log, CSV, ISO 20022
pain.001 XML), telematics and handheld-scanner logs (DHCP, telematics units, Android logcat, WLC
roaming, RADIUS), EDIFACT (IFTMIN, COPARN) and X12 (204) snippets with contact segments,
port-community-system and customs API credentials (curl, .env, Kubernetes Secrets, CI logs,
Jenkins, Terraform tfvars, Vault, Postman, WS-Security, Python), vendor tokens in prose, chats,
gitleaks findings and password spreadsheets, JWTs (curl, token responses, cookies, kubeconfig,
HAR, gateway logs), private keys (RSA, PKCS#8, EC, OpenSSH, a GCP service-account JSON), broker,
database, cache, SMTP, MQTT, SFTP, FTP and AS2 URL credentials, cloud keys (AWS credentials with a
session token, Azure storage, Google, DigitalOcean, Terraform Cloud), depot Wi-Fi (hostapd,
UniFi, nmcli, wpa_supplicant, prose), vCards, Slack / Teams pastes and SMS notification-gateway
exports.

Eighteen languages besides English, none listed by the earlier sets' docstrings (Karakalpak,
Chechen, Ossetian, Setswana, Chichewa, Luganda, Twi (Akan), Bambara, Mauritian Creole, Tahitian,
Bislama, Chamorro, Asturian, Low German, Latgalian, Yucatec Maya, Dhivehi, Tetum): in each a
delivery complaint with the customer's phone and e-mail (framed as a Jira intake ticket, a contact
form, a quoted forward or a chatbot line), a driver's note with the driver's and a relative's
phone, a depot Wi-Fi password given with the language's own word for password (parol,
къайладош, сусæг дзырд, lefoko la sephiri, mawu achinsinsi, ekigambo ky'ekyama, ahintasɛm, gundo
daɲɛ, mo-de-pas, parau huna, pasword, sekretu na finoʼ, contraseña, Passwoort, parole, u tʼaanil
ookol, ޕާސްވޯޑް, liafuan-xave), a card pasted into a support chat, a chat line with a staff
member's phone, a refund (to an IBAN in ES, DE and LV for Asturian, Low German and Latgalian, to
a card elsewhere: UzCard / Humo for Karakalpak, Mir for Chechen and Ossetian) and two negative
sentences with logistics look-alikes. Names in Cyrillic (Chechen with the palochka Ӏ, Ossetian
æ), Thaana (Dhivehi, written right to left, with the Arabic comma `،`) and Latin script with
diacritics, particles and local customs (Karakalpak á ǵ ı ń ó ú and the patronymic `ulı`,
Russian-style and Ossetian `Таймуразы фырт` patronymics, Luganda surname first, Setswana `Mma`
honorific, Akan day names and hyphenated surnames, Bambara é / ï, Mauritian hyphenated given names
and Sino-Mauritian multi-part surnames, Tahitian ʻeta and macrons, Chamorro `San Nicolas` and
mother's-surname middle names, Asturian and Yucatec Maya double surnames, Low German `von der`
and umlauts spelt ue in the address, Latgalian ā ē ī ū ļ č, Tetum `da` / `dos`, Irish Ní / O',
Polish ó / ń, Czech ř, Turkish ı, Chinese Han for one staff member). Phone numbers of 38
countries and territories (UK, USA, Guam, Canada, Netherlands, Belgium, Germany, France, Spain,
Italy, Poland, Latvia, Russia, Uzbekistan, Botswana, Malawi, Uganda, Ghana, Mali, Mauritius,
French Polynesia, Vanuatu, Mexico, Maldives, Timor-Leste, Singapore, UAE, Hong Kong, China,
India, South Africa, Kenya, Australia, Turkey, Portugal, Ireland, Panama, Brazil), from each
country's numbering plan (mobile prefixes and lengths; a few landline switchboards in London,
Rotterdam, Hamburg and Singapore), in national, international, `00`, E.164, dashed, bracketed
(`(713) 482-1234`, `+44 (0)7912 ...`, `8 (928) ...`, `+7 (928) ...`, `(+34) ...`) and bare-MSISDN
form, and as bare national numbers in X12 `PER` segments; IBANs of 14 countries (NL, BE, DE, GB,
FR, PL, IT, ES, PT, IE, LV, TR, AE, MU; Dutch accounts passing the 11-test, Belgian mod-97,
French RIB keys, Italian CIN, Spanish DC, Portuguese NIB and Polish bank-code check digits),
spaced in fours or plain; card numbers of fourteen brands (Visa, Mastercard 5x and 2-series,
Amex, Discover, JCB, UnionPay of 16 and 19 digits, Diners, Maestro of 16 and 19 digits, Mir,
UzCard, Humo, RuPay, Troy; spaced, dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC
addresses; JWTs; URL credentials; private keys; tokens of the eighteen vendors of the earlier
sets' list, each four times or more. 150 of the 550 lines are negatives built from hard
look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, xtask/ and the rest of the
engine), at README.md or SECURITY.md, at git history, or at the other sets' sentences,
generators or data (no .jsonl file was opened); only evaluate.py, checks.py and the module
docstrings of heldout.py to heldout12.py were read. Its first score is therefore a blind one.

    python3 tests/redaction/heldout13.py

A summary (lines, spans per kind, negatives, languages, categories) is printed after writing.

Deterministic: every random part (staff, customers and drivers drawn from fixed rosters, phone
countries, forms and digits, IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies,
timestamps, look-alikes) comes from one seeded `random.Random` (SEED); rosters, card brands, IBAN
countries, phone forms and vendors are taken in turn (`Cycle`); the line order is shuffled by a
second seeded one (SHUFFLE_SEED). Nothing depends on set order, the clock, the environment or
the hash seed. Every line is validated before anything is written (see `validate`); any
violation aborts with a message and writes nothing: texts unique; offsets inside the text, not
overlapping, each span's UTF-8 bytes the labelled value (checked again on the written file); the
shape of every labelled value (Luhn, brand prefix and length for cards, never a published test
number; country length, mod-97 check through checks.py and the national check digits listed
above for IBANs, groups of four when spaced; parseable IPs that are not loopback, unspecified,
link-local, multicast, reserved, CGN or documentation addresses; MAC shape; JWT header with
"alg" and payload that decode; PEM armour and base64 body; vendor token formats, with the CRC32
checksum of GitHub and npm tokens; US SSN ranges; phone characters and digits equal to the
calling code or trunk prefix plus the national number drawn from the country's plan; passwords
that are no placeholder; url_credentials between `://` and `@`, holding no unencoded `@ / ? #`;
e-mail domains that are ours or reserved; a listed person is in the line's `people`, anyone else
named has an address labelled in the same line whose local part spells every part of the name,
through its Latin transliteration for Cyrillic, Thaana and Han names). The text left unlabelled
(labels and declared look-alikes blanked) is scanned for e-mail addresses, IPv4 addresses, `+` /
`00` phone shapes, MAC addresses, vendor-token, JWT, PEM and URL-credential shapes, Luhn-valid
runs of 13-19 digits (also across spaces and dashes), valid IBANs, and every name part of the
rosters. Negative lines carry no span, positive lines at least one.

Format (the one evaluate.py reads):

    {"id": "held13-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦...⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line
break, except a private key with real newlines.

Labelling conventions: those of heldout12.py's docstring (and through it heldout4.py's to
heldout11.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `pod-mailer%40...` stays
  inside); a vendor token used as a URL password (`https://oauth2:glpat-...@`) is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a RADIUS shared secret, an OAuth `client_secret` and opaque `refresh_token`, an AWS
  session token, an API key of a platform outside the vendor list, a WS-Security password, a JDBC
  `password=` value). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone), digitalocean, github, gitlab, google,
  hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai, pypi, sendgrid, shopify,
  slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK... key SIDs and their
  secrets); a vendor token given as the secret of `twine -p` is the token alone.
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); customers, consignees, shippers,
  surveyors, drivers, technicians and hauliers are never in `people` and appear only in a line
  that labels an address spelling their name: every occurrence of the name is `person`, the
  address `email`. Role addresses (customercare@, support@, pod-disputes@, customs@, booking@,
  imports@, receiving@, dg-desk@, yard.rtm@, wms-alerts@ ...) and a GCP service account's
  `client_email` are `email`. In e-mail headers every mailbox is labelled (a quoted display name
  without its quotes); Message-IDs are not addresses.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; loopback, 0.0.0.0 and
  netmasks only on negative lines.
* phone: the whole number as written; company switchboards and carrier desks are `phone`, a bare
  MSISDN too; short codes (`Reply STOP to 84470`) are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, public keys, SSH fingerprints, SSIDs, user names, host names,
  masked values and placeholders (only on negative lines), hashes, UUIDs, build numbers shaped
  like IPv4 addresses. No published test card number, no AWS example key, no weak literal
  password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: logistics identifiers are declared look-alikes, never labelled: ISO 6346 container
  numbers with their real check digit, air waybill numbers (`176-12345675`, serial mod 7),
  SSCC-18, GTIN-13 and GLN barcodes with their GS1 check digits (some SSCCs Luhn-valid by chance),
  UPS `1Z` numbers with their check digit, 22-digit USPS-style numbers (GS1 check), Dropwise
  parcel ids, HS tariff codes (`8471.30.0100`), EORI numbers, customs MRNs, UN/LOCODEs, VINs and
  IMO numbers with their check digits, seal numbers, booking, B/L, HAWB, invoice, claim, PO,
  port-call and gate-transaction references, chassis numbers, logger serials, flight numbers and
  ULDs, IMEIs (Luhn by design), pallet dimensions (`120x80x144`), weights, temperature logs,
  dates, ISO timestamps, versions and four-part firmware builds shaped like IPv4 addresses, SHA-256
  document and image digests, git SHAs, UUIDs, EDI service strings and separators (`UNA:+.? '`,
  an X12 `ISA` header with `>~`), an OUI and a masked MAC, CCTV timecodes, coordinates.
* NEW: negatives with people-like words that are not people (ship names such as `Santa
  Valentina` and `Cape Aurelia`, places such as Port Louis, Victoria, Georgetown, Santa Cruz de
  Tenerife, Mount Pleasant and Prince Rupert, companies such as `Morgan Kestrel Haulage` and
  `Victoria Freight Services`) and secret words without secrets ("the password was reset",
  "token expired", `client_secret rotated`, `***` and `(sensitive value)` masks, `${...}` and
  `{{ ... }}` placeholders).
* NEW: names in a bill of lading, an AWB, an EDIFACT `CTA` or an X12 `PER` segment are written
  in capitals (`ATTN ROSA DELGADO`, `CTA+IC+:STEFAN NIKOLIĆ'`) and labelled `person` as written,
  with the address in the same record (`COM+...:EM'`, `*EM*...`, `EMAIL ...`), which may itself be
  in capitals and is `email` as written. An EDIFACT `COM+...:TE'` number (00 form) and an X12
  `TE` / `FX` number (ten bare digits) are `phone`.
* NEW: a name with a patronymic (`Azamat Baxtiyar ulı Nurlıbaev`, `Ӏаьли Мусаевич Хасанов`,
  `Сослан Таймуразы фырт Кокоев`) is one `person` span as written, beside an address that spells
  given and family name (and, for two of them, the patronymic's stem); particles such as `ulı`,
  `фырт`, `de la`, `von der`, `da`, `dos` and `San` stay inside the span. An honorific (Setswana
  `Mma`) stays outside.
* NEW: a card number read out at the door and typed into a notes field, or written by a payment
  terminal's debug log (`PAN=...`), is `credit_card`, the digits alone; `EXP=`, expiry dates and
  authorisation codes are not labelled. A W-9 TIN that is an SSN is `ssn`.
* NEW: in an ISO 20022 pain.001 refund batch the debtor's own IBAN and each creditor's IBAN are
  `iban`; the creditor's `<Nm>` is `person` beside its `<EmailAdr>`; message, payment and
  end-to-end ids are not labelled.
* NEW: in a gitleaks finding the token is labelled in both `Finding:` and `Secret:`; `Author:`
  and `Email:` of a staff member are `person`; commit SHA and fingerprint are look-alikes.
* NEW: telematics and scanner logs: device, Bluetooth-printer, access-point and RADIUS
  `cli` MAC addresses are `mac_address`; a driver's login address (`driver=`, `user`, RADIUS
  `[...]`) is `email`; IMEIs, VINs and firmware builds are look-alikes.
* NEW: a handheld MDM enrolment token, an RTSP camera's URL password, a label printer's web-admin
  password and a hostapd `auth_server_shared_secret` are secrets (`password`, or url_credentials
  for the URL form); SSIDs are not labelled, a hostapd or UniFi `bssid` is `mac_address`.
* NEW: an SMS gateway export labels the customer's number on every row (bare MSISDN outgoing,
  E.164 incoming) and a driver's number inside an outgoing body; parcel ids and short codes in
  the bodies are look-alikes.
"""

import base64
import ipaddress
import json
import random
import re
import struct
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout13.jsonl"
SEED = 13_2026_0311
SHUFFLE_SEED = 1_313
R = random.Random(SEED)

# --- pieces ----------------------------------------------------------------------------------


class Lab:
    """A labelled value."""

    __slots__ = ("kind", "value")

    def __init__(self, kind, value):
        self.kind, self.value = kind, value


class Look:
    """A declared look-alike: unlabelled on purpose, exempt from the leak scan."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


SHORT = {"p": "person", "e": "email", "ph": "phone", "cc": "credit_card", "ib": "iban",
         "ip": "ip_address", "mac": "mac_address", "pw": "password", "jwt": "jwt",
         "pk": "private_key", "uc": "url_credentials", "ssn": "ssn"}
PLACE = re.compile(r"⟦(.*?)⟧", re.S)


def T(template, **kw):
    """Pieces of `template`: ⟦k:name⟧ labels kw[name] as kind k (short name or api_key/x),
    ⟦~name⟧ is a look-alike, ⟦name⟧ a plain value (a string, piece or list of pieces)."""
    out, pos = [], 0
    for m in PLACE.finditer(template):
        out.append(template[pos:m.start()])
        pos = m.end()
        spec = m.group(1)
        if spec.startswith("~"):
            out.append(Look(kw[spec[1:]]))
        elif ":" in spec:
            k, key = spec.split(":", 1)
            kind = SHORT.get(k, k)
            out.append(Lab(kind, kw[key]))
        else:
            v = kw[spec]
            if isinstance(v, (int, float)):
                v = str(v)
            out.extend(v if isinstance(v, list) else [v])
    out.append(template[pos:])
    return [p for p in out if not (isinstance(p, str) and p == "")]


LINES = []


def add(cat, pieces, people=(), lang="en"):
    LINES.append({"cat": cat, "lang": lang, "pieces": list(pieces), "people": list(people)})


class Cycle:
    """Items taken in turn."""

    def __init__(self, items):
        self.items, self.i = list(items), 0

    def __call__(self):
        v = self.items[self.i % len(self.items)]
        self.i += 1
        return v


# --- random primitives -----------------------------------------------------------------------

DIG = "0123456789"
UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LO = "abcdefghijklmnopqrstuvwxyz"
B62 = DIG + UP + LO
B64URL = B62 + "-_"
B64 = B62 + "+/"
HEX = "0123456789abcdef"


def rs(alphabet, n):
    return "".join(R.choice(alphabet) for _ in range(n))


def rdig(n):
    return rs(DIG, n)


def rnz(n):
    """n digits, the first not zero."""
    return R.choice("123456789") + rdig(n - 1)


def mixed(alphabet, n):
    """A random string holding upper, lower case and a digit (a realistic token body)."""
    while True:
        s = rs(alphabet, n)
        if any(c.isupper() for c in s) and any(c.islower() for c in s) and any(c.isdigit() for c in s):
            return s


def b64url_nopad(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


# --- people ------------------------------------------------------------------------------------

FOLD = {"ß": "ss", "ø": "o", "æ": "ae", "Æ": "ae", "ł": "l", "đ": "d", "ı": "i", "ŋ": "ng",
        "ɛ": "e", "Ɛ": "e", "ɔ": "o", "Ɔ": "o", "ɲ": "ny", "ʻ": "", "'": "", "’": "", "-": "",
        "ǵ": "g"}


def fold(s):
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if c.isascii() and c.isalnum()).lower()


class Person:
    """A name and an address spelling it (`translit`: the Latin spelling of a non-Latin name)."""

    def __init__(self, name, local, domain, translit=None):
        self.name, self.email = name, f"{local}@{domain}"
        self.translit = translit or name

    @property
    def upper(self):
        return self.name.upper()


class Staff(Person):
    """A Jira user: in `people`, with an account id and a phone."""

    def __init__(self, name, local, country, role, domain="corvannis.com", translit=None):
        super().__init__(name, local, domain, translit)
        self.country, self.role = country, role
        if R.random() < 0.5:
            self.aid = rs(HEX, 24)
        else:
            self.aid = "712020:" + "-".join(rs(HEX, n) for n in (8, 4, 4, 4, 12))
        self.phone = None  # set once phones exist

    def entry(self):
        return {"display_name": self.name, "email": self.email, "account_id": self.aid}


def people(*staff):
    seen, out = set(), []
    for s in staff:
        if s.email not in seen:
            seen.add(s.email)
            out.append(s.entry())
    return out


# --- phones ------------------------------------------------------------------------------------


class Plan:
    def __init__(self, cc, trunk, prefixes, length, groups, sep=" ", nat_groups=None):
        self.cc, self.trunk, self.prefixes, self.length = cc, trunk, prefixes, length
        self.groups, self.sep, self.nat_groups = groups, sep, nat_groups or groups

    def nsn(self):
        p = R.choice(self.prefixes)
        return p + rdig(self.length - len(p))


def nanp(areas):
    class NANP(Plan):
        def nsn(self):
            while True:
                ex = R.choice("23456789") + rdig(2)
                if ex[1:] != "11" and ex != "555":
                    return R.choice(areas) + ex + rdig(4)
    return NANP("1", "1", areas, 10, [3, 3, 4])


PLANS = {
    "GB": Plan("44", "0", ["74", "75", "77", "78", "79"], 10, [4, 6]),
    "GBL": Plan("44", "0", ["20"], 10, [2, 4, 4]),
    "US": nanp(["713", "281", "201", "562", "912", "305", "773", "901"]),
    "GU": nanp(["671"]),
    "CA": nanp(["604", "778", "416", "514"]),
    "NL": Plan("31", "0", ["6"], 9, [1, 4, 4]),
    "NLL": Plan("31", "0", ["10"], 9, [2, 3, 4]),
    "BE": Plan("32", "0", ["470", "471", "472", "473", "475", "476", "477", "478", "479", "484",
                           "485", "486", "488", "489", "491", "492", "493", "494", "495", "496",
                           "497", "498", "499"], 9, [3, 2, 2, 2]),
    "DE": Plan("49", "0", ["170", "171", "172", "173", "174", "175", "176", "177", "178",
                           "179"], 10, [3, 7]),
    "DE11": Plan("49", "0", ["151", "152", "157", "159"], 11, [3, 8]),
    "DEL": Plan("49", "0", ["40"], 10, [2, 8]),
    "FR": Plan("33", "0", ["6", "7"], 9, [1, 2, 2, 2, 2]),
    "ES": Plan("34", "", ["6"], 9, [3, 3, 3], nat_groups=[3, 2, 2, 2]),
    "IT": Plan("39", "", ["320", "328", "333", "338", "340", "345", "347", "348", "349", "366",
                          "380", "388", "392"], 10, [3, 3, 4]),
    "PL": Plan("48", "", ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79",
                          "88"], 9, [3, 3, 3]),
    "LV": Plan("371", "", ["2"], 8, [2, 3, 3]),
    "RU": Plan("7", "8", ["928", "918", "938", "963", "988", "903", "915", "926", "985"], 10,
               [3, 3, 2, 2]),
    "UZ": Plan("998", "", ["90", "91", "93", "94", "95", "97", "98", "99", "33", "88"], 9,
               [2, 3, 2, 2]),
    "BW": Plan("267", "", ["71", "72", "73", "74", "75", "76", "77"], 8, [2, 3, 3]),
    "MW": Plan("265", "0", ["99", "88", "98"], 9, [3, 2, 2, 2]),
    "UG": Plan("256", "0", ["70", "71", "74", "75", "76", "77", "78"], 9, [3, 6]),
    "GH": Plan("233", "0", ["20", "23", "24", "26", "27", "50", "54", "55", "59"], 9, [2, 3, 4]),
    "ML": Plan("223", "", ["66", "67", "69", "70", "73", "74", "75", "76", "77", "78", "79",
                           "90", "91", "92", "93", "94", "95", "96", "97", "98", "99"], 8,
               [2, 2, 2, 2]),
    "MU": Plan("230", "", ["52", "54", "55", "57", "58", "59"], 8, [4, 4]),
    "PF": Plan("689", "", ["87", "89", "92"], 8, [2, 2, 2, 2]),
    "VU": Plan("678", "", ["54", "55", "59", "73", "77", "78"], 7, [3, 4]),
    "MX": Plan("52", "", ["999", "997", "985", "986", "988", "991"], 10, [3, 3, 4]),
    "MV": Plan("960", "", ["77", "78", "79", "91", "94", "96", "97"], 7, [3, 4], sep="-"),
    "TL": Plan("670", "", ["72", "73", "74", "75", "76", "77", "78"], 8, [4, 4]),
    "SG": Plan("65", "", ["8", "9"], 8, [4, 4]),
    "SGL": Plan("65", "", ["6"], 8, [4, 4]),
    "AE": Plan("971", "0", ["50", "52", "54", "55", "56", "58"], 9, [2, 3, 4]),
    "HK": Plan("852", "", ["5", "6", "9"], 8, [4, 4]),
    "CN": Plan("86", "", ["135", "136", "138", "139", "150", "158", "186", "187", "177",
                          "199"], 11, [3, 4, 4]),
    "IN": Plan("91", "0", ["98", "99", "97", "96", "93", "89", "88", "70", "63"], 10, [5, 5]),
    "ZA": Plan("27", "0", ["60", "61", "62", "63", "64", "71", "72", "73", "74", "76", "78",
                           "79", "81", "82", "83", "84"], 9, [2, 3, 4]),
    "KE": Plan("254", "0", ["70", "71", "72", "74", "79", "11"], 9, [3, 6]),
    "AU": Plan("61", "0", ["4"], 9, [3, 3, 3]),
    "TR": Plan("90", "0", ["50", "53", "54", "55"], 10, [3, 3, 2, 2]),
    "PT": Plan("351", "", ["91", "92", "93", "96"], 9, [3, 3, 3]),
    "IE": Plan("353", "0", ["83", "85", "86", "87", "89"], 9, [2, 3, 4]),
    "PA": Plan("507", "", ["6"], 8, [4, 4], sep="-"),
    "BR": Plan("55", "0", ["1196", "1197", "1198", "1199", "2198", "2199", "1399"], 11,
               [2, 5, 4]),
}
COUNTRY_NAME = {"GB": "UK", "US": "USA", "GU": "Guam", "CA": "Canada", "NL": "Netherlands",
                "BE": "Belgium", "DE": "Germany", "FR": "France", "ES": "Spain", "IT": "Italy",
                "PL": "Poland", "LV": "Latvia", "RU": "Russia", "UZ": "Uzbekistan",
                "BW": "Botswana", "MW": "Malawi", "UG": "Uganda", "GH": "Ghana", "ML": "Mali",
                "MU": "Mauritius", "PF": "French Polynesia", "VU": "Vanuatu", "MX": "Mexico",
                "MV": "Maldives", "TL": "Timor-Leste", "SG": "Singapore", "AE": "UAE",
                "HK": "Hong Kong", "CN": "China", "IN": "India", "ZA": "South Africa",
                "KE": "Kenya", "AU": "Australia", "TR": "Turkey", "PT": "Portugal",
                "IE": "Ireland", "PA": "Panama", "BR": "Brazil"}
PHONE_DIGITS = []  # (phone as written, accepted digit strings) for validation


def grouped(s, groups, sep):
    out, i = [], 0
    for g in groups:
        out.append(s[i:i + g])
        i += g
    if i < len(s):
        out[-1] += s[i:]
    return sep.join(out)


def phone(country, form=None):
    """A phone number of `country` in `form`: intl, e164, 00, nat, dash, brk, msisdn."""
    plan = PLANS[country]
    n = plan.nsn()
    form = form or R.choice(["intl", "intl", "e164", "00", "nat", "dash", "brk"])
    cc, t = plan.cc, plan.trunk
    us = cc == "1"
    if form == "intl":
        s = f"+{cc} " + grouped(n, plan.groups, plan.sep)
    elif form == "e164":
        s = f"+{cc}{n}"
    elif form == "00":
        s = f"00{cc} " + grouped(n, plan.groups, plan.sep)
    elif form == "msisdn":
        s = cc + n
    elif form == "dash":
        s = f"+{cc}-" + grouped(n, plan.groups, "-")
    elif form == "nat":
        if us:
            s = f"({n[:3]}) {n[3:6]}-{n[6:]}" if R.random() < 0.5 else f"{n[:3]}-{n[3:6]}-{n[6:]}"
        elif country == "RU":
            s = f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        elif country == "NL":
            s = f"06-{n[1:]}" if R.random() < 0.5 else "0" + grouped(n, plan.groups, " ")
        elif t:
            s = t + grouped(n, plan.nat_groups, plan.sep)
        else:
            s = grouped(n, plan.nat_groups, plan.sep)
    elif form == "brk":
        if us:
            s = f"+1 ({n[:3]}) {n[3:6]}-{n[6:]}" if R.random() < 0.4 else f"({n[:3]}) {n[3:6]}-{n[6:]}"
        elif country == "RU":
            s = f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        elif t == "0" and country in ("GB", "GBL", "DE", "DE11", "DEL", "NL", "NLL", "BE", "FR", "IE"):
            s = f"+{cc} (0)" + grouped(n, plan.groups, plan.sep)
        else:
            s = f"(+{cc}) " + grouped(n, plan.groups, plan.sep)
    else:
        raise ValueError(form)
    PHONE_DIGITS.append((s, {cc + n, t + n, n, "00" + cc + n, cc + t + n}))
    return s


# --- IBANs -------------------------------------------------------------------------------------

IBAN_LEN = {"ES": 24, "DE": 22, "LV": 21, "NL": 18, "BE": 16, "FR": 27, "GB": 22, "PL": 28,
            "IT": 27, "PT": 25, "IE": 22, "AE": 23, "TR": 26, "MU": 30}


def es_dc(s):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
    return {10: 1, 11: 0}.get(d, d)


RIB_LETTERS = {c: str(v) for v, cs in enumerate(["", "AJ", "BKS", "CLT", "DMU", "ENV", "FOW", "GPX",
                                                   "HQY", "IRZ"]) for c in cs}


def fr_key(bank, guichet, account):
    """The French RIB key (letters of an account number converted as the RIB does)."""
    account = "".join(RIB_LETTERS.get(c, c) for c in account)
    return 97 - (89 * int(bank) + 15 * int(guichet) + 3 * int(account)) % 97


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
          24, 23]


def it_cin(s):
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += IT_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26)


def nl_ok(acct):
    return sum(int(c) * (10 - i) for i, c in enumerate(acct)) % 11 == 0


def pl_check(sort7):
    w = [3, 9, 7, 1, 3, 9, 7]
    return (10 - sum(int(c) * w[i] for i, c in enumerate(sort7)) % 10) % 10


def pt_nib(s19):
    return f"{98 - int(s19 + '00') % 97:02d}"


def bban(country):
    if country == "ES":
        bank, branch, acct = R.choice(["2100", "0049", "0182", "2080", "0081", "2048"]), rdig(4), rdig(10)
        return bank + branch + f"{es_dc('00' + bank + branch)}{es_dc(acct)}" + acct
    if country == "DE":
        return R.choice(["20050550", "20040000", "28050100", "29050101", "20070024", "28550000"]) + rdig(10)
    if country == "LV":
        return R.choice(["HABA", "UNLA", "RIKO", "PARX", "NDEA"]) + rdig(13)
    if country == "NL":
        while True:
            acct = "0" + rnz(9)
            if nl_ok(acct):
                return R.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB"]) + acct
    if country == "BE":
        first = R.choice(["001", "063", "068", "310", "363", "735", "751"]) + rdig(7)
        return first + f"{int(first) % 97 or 97:02d}"
    if country == "FR":
        bank, guichet, acct = R.choice(["30004", "30003", "20041", "10278", "12239"]), rdig(5), rdig(11)
        return bank + guichet + acct + f"{fr_key(bank, guichet, acct):02d}"
    if country == "GB":
        return R.choice(["NWBK", "BARC", "HBUK", "LOYD", "MIDL", "MONZ"]) + rdig(6) + rdig(8)
    if country == "PL":
        s7 = R.choice(["109", "114", "102", "105", "124", "116"]) + rdig(4)
        return s7 + str(pl_check(s7)) + rdig(16)
    if country == "IT":
        rest = R.choice(["03069", "02008", "05034", "03062", "01005"]) + rdig(5) + rdig(12)
        return it_cin(rest) + rest
    if country == "PT":
        s19 = R.choice(["0035", "0033", "0010", "0007", "0036"]) + rdig(4) + rdig(11)
        return s19 + pt_nib(s19)
    if country == "IE":
        return R.choice(["AIBK", "BOFI", "IPBS"]) + rdig(6) + rdig(8)
    if country == "AE":
        return R.choice(["033", "026", "035", "030"]) + rdig(16)
    if country == "TR":
        return R.choice(["00010", "00046", "00062", "00064", "00012"]) + "0" + rdig(16)
    if country == "MU":
        return R.choice(["BOMM", "MCBL", "SBMM"]) + "01" + rdig(2) + rdig(12) + "000MUR"
    raise ValueError(country)


def iban(country, spaced=None):
    b = bban(country)
    s = country + iban_check(country, b) + b
    assert len(s) == IBAN_LEN[country], (country, s)
    if spaced is None:
        spaced = R.random() < 0.6
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4)) if spaced else s


def national_ok(s):
    """The national check digits of an IBAN, where the country has them."""
    c, b = s[:2], s[4:]
    if c == "ES":
        return b[8:10] == f"{es_dc('00' + b[:8])}{es_dc(b[10:])}"
    if c == "FR":
        return int(b[21:23]) == fr_key(b[:5], b[5:10], b[10:21])
    if c == "IT":
        return b[0] == it_cin(b[1:])
    if c == "BE":
        return int(b[10:12]) == (int(b[:10]) % 97 or 97)
    if c == "NL":
        return nl_ok(b[4:])
    if c == "PL":
        return int(b[7]) == pl_check(b[:7])
    if c == "PT":
        return b[19:21] == pt_nib(b[:19])
    return True


# --- cards -------------------------------------------------------------------------------------

BRANDS = {
    "visa": (["4"], [16]),
    "mc": (["51", "52", "53", "54", "55"], [16]),
    "mc2": ([str(x) for x in range(2221, 2721)], [16]),
    "amex": (["34", "37"], [15]),
    "discover": (["6011", "644", "645", "649", "65"], [16]),
    "jcb": ([str(x) for x in range(3528, 3590)], [16]),
    "unionpay": (["62"], [16, 19]),
    "diners": (["36", "38"], [14]),
    "maestro": (["6759", "5018", "5020", "5038", "6304"], [16, 19]),
    "mir": (["2200", "2201", "2202", "2203", "2204"], [16]),
    "uzcard": (["8600"], [16]),
    "humo": (["9860"], [16]),
    "rupay": (["607", "6521", "508", "817"], [16]),
    "troy": (["9792"], [16]),
}
TEST_CARDS = {"4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444",
              "5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
              "3530111333300000", "30569309025904", "4000056655665556", "5200828282828210"}


def luhn_complete(body):
    for d in DIG:
        if luhn_ok(body + d):
            return body + d
    raise AssertionError


def card(brand, form=None):
    prefixes, lengths = BRANDS[brand]
    while True:
        p, n = R.choice(prefixes), R.choice(lengths)
        num = luhn_complete(p + rdig(n - len(p) - 1))
        if num not in TEST_CARDS and len(set(num[len(p):])) > 3:
            break
    form = form or R.choice(["space", "space", "dash", "plain"])
    if form == "plain":
        return num
    sep = " " if form == "space" else "-"
    if n == 15:
        return sep.join([num[:4], num[4:10], num[10:]])
    if n == 14:
        return sep.join([num[:4], num[4:10], num[10:]])
    return sep.join(num[i:i + 4] for i in range(0, n, 4))


CARD_CYCLE = Cycle(["visa", "mc", "amex", "mc2", "discover", "visa", "jcb", "unionpay", "mc",
                    "diners", "maestro", "visa", "rupay", "troy"])


def any_card(form=None):
    return card(CARD_CYCLE(), form)


# --- network -----------------------------------------------------------------------------------


def ip_private():
    k = R.random()
    if k < 0.45:
        return f"10.{R.randint(0, 254)}.{R.randint(0, 254)}.{R.randint(2, 250)}"
    if k < 0.7:
        return f"172.{R.randint(16, 31)}.{R.randint(0, 254)}.{R.randint(2, 250)}"
    return f"192.168.{R.randint(0, 254)}.{R.randint(2, 250)}"


PUBLIC_FIRST = [31, 37, 41, 45, 62, 77, 78, 81, 82, 85, 88, 91, 94, 102, 105, 109, 141, 145, 154,
                176, 178, 185, 188, 193, 195, 196, 197, 212, 213, 217]


def ip_public():
    while True:
        s = f"{R.choice(PUBLIC_FIRST)}.{R.randint(1, 254)}.{R.randint(0, 254)}.{R.randint(2, 250)}"
        if ipaddress.ip_address(s).is_global:
            return s


def ip6():
    while True:
        head = R.choice(["2a02", "2a01", "2a00", "2a03", "2a05", "2c0f", "2405", "2600", "2804"])
        groups = [head] + [format(R.randint(0, 0xFFFF), "x") for _ in range(3)]
        if R.random() < 0.5:
            s = ":".join(groups) + "::" + format(R.randint(1, 0xFFFF), "x")
        else:
            s = ":".join(groups + [format(R.randint(0, 0xFFFF), "x") for _ in range(4)])
        a = ipaddress.ip_address(s)
        if a.is_global and not str(a).startswith("2001:db8"):
            return s


def any_ip():
    k = R.random()
    return ip_private() if k < 0.55 else ip_public() if k < 0.9 else ip6()


def mac(form=None):
    b = [R.randint(0, 255) for _ in range(6)]
    b[0] &= 0xFC
    form = form or R.choice(["colon", "colon", "lower", "dash"])
    if form == "colon":
        return ":".join(f"{x:02X}" for x in b)
    if form == "lower":
        return ":".join(f"{x:02x}" for x in b)
    return "-".join(f"{x:02X}" for x in b)


# --- secrets -----------------------------------------------------------------------------------

WORDS = ["Harbour", "Pelican", "Anchor", "Lantern", "Quayside", "Ballast", "Gantry", "Reefer",
         "Bollard", "Cutter", "Saltmarsh", "Tidewater", "Driftwood", "Capstan", "Cormorant",
         "Mooring", "Lighthouse", "Gullwing", "Ropewalk", "Keelson", "Sternway", "Boxcar",
         "Forklift", "Dockside", "Spreader", "Lashing", "Stevedore", "Bosun", "Breakwater"]
SYMS = "!#%*+-=?@^_"


def password(kind=None):
    kind = kind or R.choice(["words", "random", "random", "mixed"])
    if kind == "words":
        a, b = R.sample(WORDS, 2)
        return f"{a}{R.choice('-_.!')}{b}{R.choice(SYMS)}{rdig(R.choice([2, 3, 4]))}"
    if kind == "random":
        while True:
            s = rs(B62 + SYMS, R.randint(14, 22))
            if (any(c.isupper() for c in s) and any(c.islower() for c in s)
                    and any(c.isdigit() for c in s) and any(c in SYMS for c in s)):
                return s
    if kind == "alnum":
        return mixed(B62, R.choice([24, 32, 40]))
    if kind == "hex":
        return rs(HEX, R.choice([32, 40, 64]))
    return f"{R.choice(WORDS)}{rdig(2)}{R.choice(SYMS)}{mixed(B62, 6)}"


def url_pw():
    """A password that needs no percent-encoding inside a URL."""
    while True:
        s = password(R.choice(["alnum", "random", "words"]))
        if not any(c in s for c in "@:/?#%+^="):
            return s


def wifi_pw():
    k = R.random()
    if k < 0.5:
        a, b = R.sample(WORDS, 2)
        return f"{a}{rdig(2)}{R.choice('!#%*')}{b}"
    return password("random")


def b64(s):
    return base64.b64encode(s.encode()).decode()


def crc_suffix(body):
    n = zlib.crc32(body.encode()) & 0xFFFFFFFF
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def token(vendor, variant=None):
    """A token of `vendor` shaped as the vendor publishes it (random body)."""
    if vendor == "anthropic":
        return "sk-ant-api03-" + mixed(B64URL, 93) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + mixed(B64URL, 180) + "=" + rs("0123456789ABCDEF", 8)
    if vendor == "aws":
        if variant == "secret":
            return mixed(B64, 40)
        return R.choice(["AKIA", "AKIA", "ASIA"]) + rs(UP + "234567", 16)
    if vendor == "azure":
        return base64.b64encode(bytes(R.randint(0, 255) for _ in range(64))).decode()
    if vendor == "digitalocean":
        return R.choice(["dop_v1_", "dop_v1_", "doo_v1_"]) + rs(HEX, 64)
    if vendor == "github":
        v = variant or R.choice(["ghp", "ghp", "gho", "ghs", "pat"])
        if v == "pat":
            return "github_pat_11" + mixed(B62, 20) + "_" + mixed(B62, 59)
        body = mixed(B62, 30)
        return f"{v}_" + body + crc_suffix(body)
    if vendor == "gitlab":
        return "glpat-" + mixed(B64URL, 20)
    if vendor == "google":
        return "AIza" + mixed(B64URL, 35)
    if vendor == "hashicorp":
        if variant == "tfc":
            return mixed(B62, 14) + ".atlasv1." + mixed(B62, 67)
        return "hvs." + (mixed(B62, 24) if R.random() < 0.5 else "CAESI" + mixed(B64URL, 86))
    if vendor == "huggingface":
        return "hf_" + "".join(R.choice(UP + LO) for _ in range(34))
    if vendor == "npm":
        body = mixed(B62, 30)
        return "npm_" + body + crc_suffix(body)
    if vendor == "openai":
        pre = R.choice(["sk-proj-", "sk-proj-", "sk-svcacct-"])
        return pre + mixed(B64URL, 74) + "T3BlbkFJ" + mixed(B64URL, 74)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmcCJ" + mixed(B64URL, 160)
    if vendor == "sendgrid":
        return "SG." + mixed(B64URL, 22) + "." + mixed(B64URL, 43)
    if vendor == "shopify":
        return R.choice(["shpat_", "shpat_", "shpca_", "shpss_"]) + rs(HEX, 32)
    if vendor == "slack":
        v = variant or R.choice(["xoxb", "xoxp", "hook"])
        if v == "xoxb":
            return f"xoxb-{rnz(12)}-{rnz(13)}-{mixed(B62, 24)}"
        if v == "xoxp":
            return f"xoxp-{rnz(12)}-{rnz(12)}-{rnz(13)}-{rs(HEX, 32)}"
        return (f"https://hooks.slack.com/services/T{rs(UP + DIG, 10)}/B{rs(UP + DIG, 10)}/"
                f"{mixed(B62, 24)}")
    if vendor == "stripe":
        v = variant or R.choice(["sk", "sk", "rk", "whsec"])
        if v == "whsec":
            return "whsec_" + mixed(B62, 32)
        return f"{v}_live_51" + mixed(B62, R.choice([22, 97]))
    if vendor == "twilio":
        if variant == "secret":
            return mixed(B62, 32)
        if variant == "auth":
            return rs(HEX, 32)
        return "SK" + rs(HEX, 32)
    raise ValueError(vendor)


VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
           "stripe", "twilio"]


def vt(vendor, variant=None):
    return Lab("api_key/" + vendor, token(vendor, variant))


def jwt(claims=None, alg=None):
    alg = alg or R.choice(["HS256", "RS256", "RS256", "ES256"])
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(B64URL, 22)
    now = 1773200000 + R.randint(0, 2_000_000)
    payload = {"iss": R.choice(["https://sso.corvannis.com/realms/ops",
                                "https://auth.dropwise.delivery", "https://api.portcommunity.example",
                                "https://login.customs-gw.example/oauth2"]),
               "sub": rs(HEX, 8) + "-" + rs(HEX, 4) + "-" + rs(HEX, 4) + "-" + rs(HEX, 4) + "-" + rs(HEX, 12),
               "iat": now, "exp": now + R.choice([300, 900, 3600, 28800])}
    payload.update(claims or {})
    sig_len = {"HS256": 32, "RS256": 256, "ES256": 64}[alg]
    sig = bytes(R.randint(0, 255) for _ in range(sig_len))
    return ".".join([b64url_nopad(json.dumps(header, separators=(",", ":")).encode()),
                     b64url_nopad(json.dumps(payload, separators=(",", ":")).encode()),
                     b64url_nopad(sig)])


def rbytes(n):
    return bytes(R.randint(0, 255) for _ in range(n))


def pem(kind=None, escaped=False):
    kind = kind or R.choice(["rsa", "pkcs8", "ec", "openssh"])
    if kind == "rsa":
        label, der, width = "RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100") + rbytes(1180), 64
    elif kind == "pkcs8":
        label = "PRIVATE KEY"
        der = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100") + rbytes(1180)
        width = 64
    elif kind == "ec":
        label = "EC PRIVATE KEY"
        der = (bytes.fromhex("30770201010420") + rbytes(32)
               + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + rbytes(64))
        width = 64
    else:
        label = "OPENSSH PRIVATE KEY"
        pub = rbytes(32)
        der = (b"openssh-key-v1\x00" + struct.pack(">I", 4) + b"none" + struct.pack(">I", 4) + b"none"
               + struct.pack(">I", 0) + struct.pack(">I", 1) + struct.pack(">I", 51)
               + struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + pub
               + struct.pack(">I", 136) + rbytes(136))
        width = 70
    body = base64.b64encode(der).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    nl = "\\n" if escaped else "\n"
    return f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----"


# --- look-alikes -------------------------------------------------------------------------------

ISO6346 = {c: v for c, v in zip(UP, [10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 23, 24, 25, 26,
                                     27, 28, 29, 30, 31, 32, 34, 35, 36, 37, 38])}


def container(owner=None):
    owner = owner or R.choice(["MSCU", "MAEU", "CMAU", "HLXU", "TGHU", "OOLU", "CSQU", "TCNU",
                               "SEGU", "FCIU", "TRHU", "GESU", "BMOU"])
    serial = rdig(6)
    s = owner + serial
    total = sum((ISO6346[c] if c.isalpha() else int(c)) * 2 ** i for i, c in enumerate(s))
    return s + str(total % 11 % 10)


def awb(prefix=None):
    prefix = prefix or R.choice(["176", "057", "020", "618", "157", "160", "235", "074", "125"])
    serial = rnz(7)
    return f"{prefix}-{serial}{int(serial) % 7}"


def gs1(body):
    total = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


def sscc():
    return gs1(R.choice("0123") + "87" + rdig(14))


def gtin13():
    return gs1(R.choice(["871", "400", "500", "301", "690", "890"]) + rdig(9))


def gln():
    return gs1(R.choice(["871", "400", "540"]) + rdig(9))


VIN_VAL = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3,
                                               4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin():
    chars = "ABCDEFGHJKLMNPRSTUVWXYZ" + DIG
    s = list(R.choice(["YV2", "WDB", "XLR", "VF6", "WMA", "YS2"]) + rs(chars, 5) + "0"
             + R.choice("LMNPRST") + rs(chars, 7))
    total = sum((int(c) if c.isdigit() else VIN_VAL[c]) * VIN_W[i] for i, c in enumerate(s))
    s[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(s)


def imo():
    d = rnz(6)
    return "IMO " + d + str(sum(int(c) * w for c, w in zip(d, [7, 6, 5, 4, 3, 2])) % 10)


def ups():
    body = rs(UP + DIG, 6) + R.choice(["01", "02", "03", "12", "42"]) + rdig(7)
    vals = [int(c) if c.isdigit() else (ord(c) - ord("A") + 2) % 10 for c in body]
    total = sum(v * (2 if i % 2 else 1) for i, v in enumerate(vals))
    return "1Z" + body + str((10 - total % 10) % 10)


def usps22():
    return gs1("9400" + R.choice(["1", "5"]) + rdig(16))


def hs():
    return R.choice(["8471.30.0100", "8517.62.00", "6204.62.40", "0901.21.00", "8708.99.97",
                     "3004.90.00", "9403.60.10", "8504.40.95", "6110.20.20", "8528.72.80",
                     "4011.10.00", "0303.14.00", "8507.60.00", "2204.21.79"])


def eori(country=None):
    country = country or R.choice(["GB", "NL", "DE", "BE", "FR"])
    return {"GB": "GB" + rdig(12), "NL": "NL" + rdig(9), "DE": "DE" + rdig(7),
            "BE": "BE0" + rdig(9), "FR": "FR" + rdig(14)}[country]


def seal():
    return R.choice(["ML-", "H", "SL", "CN", "EU"]) + rdig(R.choice([6, 7, 8]))


def sha256():
    return rs(HEX, 64)


def uuid4():
    return f"{rs(HEX, 8)}-{rs(HEX, 4)}-4{rs(HEX, 3)}-{R.choice('89ab')}{rs(HEX, 3)}-{rs(HEX, 12)}"


def booking():
    return R.choice(["MCL", "BFL", "RTM", "SKY"]) + rnz(9)


def bl():
    return R.choice(["MCLU", "BFLN", "OCLE"]) + rdig(4) + rs(UP, 2) + rdig(6)


def tracking():
    k = R.random()
    if k < 0.4:
        return "DW" + rdig(10) + "NL"
    if k < 0.7:
        return ups()
    return "CV" + rdig(9) + R.choice(["GB", "DE", "BE"])


def fw():
    return f"{R.randint(4, 11)}.{R.randint(0, 60)}.{R.randint(0, 20)}.{R.randint(100, 250)}"


def mrn():
    return f"26{R.choice(['NL', 'DE', 'BE', 'GB'])}{rs(UP + DIG, 13)}{R.choice(DIG)}"


def imei():
    return luhn_complete(R.choice(["35", "86", "01"]) + rdig(12))


def inv():
    return f"INV-2026-{rdig(6)}"


def ts():
    return (f"2026-03-{R.randint(1, 28):02d}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:"
            f"{R.randint(0, 59):02d}Z")


def hhmm():
    return f"{R.randint(5, 22):02d}:{R.randint(0, 59):02d}"


def day(d):
    """`Tue, 10` for 10 March 2026 (a fixed calendar, no clock)."""
    return f"{['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][(d - 2 + 7 * 5) % 7]}, {d}"


def date():
    return f"2026-03-{R.randint(1, 28):02d}"


# --- rosters -----------------------------------------------------------------------------------

STAFF_DEF = [
    # display name, address local part, phone country, role
    ("Maren Oyelaran", "maren.oyelaran", "NL", "ocean export, Rotterdam"),
    ("Tobias Winterfeld", "tobias.winterfeld", "DE", "customs brokerage, Hamburg"),
    ("Priya Raghunathan", "priya.raghunathan", "IN", "air freight, Mumbai"),
    ("Joaquín Ibarra Solís", "joaquin.ibarrasolis", "US", "import desk, Houston"),
    ("Wei Lin Chua", "weilin.chua", "SG", "transhipment desk, Singapore"),
    ("Sipho Dlamini", "sipho.dlamini", "ZA", "ocean import, Durban"),
    ("Hamid Al-Mansoori", "hamid.almansoori", "AE", "Jebel Ali warehouse"),
    ("Noor van den Broek", "noor.vandenbroek", "NL", "WMS product owner"),
    ("Elodie Marchetti", "elodie.marchetti", "BE", "Antwerp customer care"),
    ("Callum Reid", "callum.reid", "GB", "Felixstowe yard"),
    ("Hannah Okoro", "hannah.okoro", "GB", "security engineering"),
    ("Lukas Brandt", "lukas.brandt", "DE", "platform engineering"),
    ("Inês Carvalho", "ines.carvalho", "PT", "accounts payable"),
    ("Rahel Tesfaye", "rahel.tesfaye", "NL", "data protection"),
    ("Ka Ho Leung", "kaho.leung", "HK", "air export, Hong Kong"),
    ("Achieng Otieno", "achieng.otieno", "KE", "Mombasa port desk"),
    ("Ruairí Costello", "ruairi.costello", "IE", "customer care, Dublin"),
    ("Mateusz Zieliński", "mateusz.zielinski", "PL", "Gdańsk cross-dock"),
    ("Chiara Lombardo", "chiara.lombardo", "IT", "Genoa ocean import"),
    ("Olivia Tremblay", "olivia.tremblay", "CA", "Vancouver rail desk"),
    ("Jack Thornbury", "jack.thornbury", "AU", "Sydney import"),
    ("张雨菲", "yufei.zhang", "CN", "Shanghai origin office"),
    ("Baxtiyar Ótepov", "baxtiyar.otepov", "UZ", "Nukus depot"),
    ("Рустам Магомадов", "rustam.magomadov", "RU", "Grozny pick-up point"),
    ("Заур Цагараев", "zaur.tsagaraev", "RU", "Vladikavkaz depot"),
    ("Thandiwe Kgosi", "thandiwe.kgosi", "BW", "Gaborone depot"),
    ("Mphatso Gondwe", "mphatso.gondwe", "MW", "Lilongwe depot"),
    ("Grace Nakintu", "grace.nakintu", "UG", "Kampala depot"),
    ("Kwabena Darko", "kwabena.darko", "GH", "Kumasi depot"),
    ("Oumou Diakité", "oumou.diakite", "ML", "Bamako depot"),
    ("Vikash Ramdin", "vikash.ramdin", "MU", "Port Louis depot"),
    ("Tiare Vanaa", "tiare.vanaa", "PF", "Papeete depot"),
    ("Noel Tavoa", "noel.tavoa", "VU", "Port Vila depot"),
    ("Antonia Leon Guerrero", "antonia.leonguerrero", "GU", "Hagåtña depot"),
    ("Lorena Suárez Cueto", "lorena.suarezcueto", "ES", "Oviedo depot"),
    ("Gesche Hinrichs", "gesche.hinrichs", "DE", "Oldenburg depot"),
    ("Andris Začs", "andris.zacs", "LV", "Daugavpils depot"),
    ("Ximena Chablé", "ximena.chable", "MX", "Mérida depot"),
    ("Aishath Rasheeda", "aishath.rasheeda", "MV", "Malé depot"),
    ("Domingos Pereira", "domingos.pereira", "TL", "Dili depot"),
]
TRANSLIT = {"张雨菲": "Zhang Yufei", "Рустам Магомадов": "Rustam Magomadov",
            "Заур Цагараев": "Zaur Tsagaraev"}
STAFF = []
for _name, _local, _cc, _role in STAFF_DEF:
    _dom = "dropwise.delivery" if _role.endswith("depot") or "pick-up" in _role else "corvannis.com"
    STAFF.append(Staff(_name, _local, _cc, _role, _dom, TRANSLIT.get(_name)))
BY_NAME = {s.name: s for s in STAFF}
for _s in STAFF:
    _s.phone = phone(_s.country, R.choice(["intl", "intl", "e164", "nat", "brk"]))
HQ = [s for s in STAFF[:22]]
OPS = Cycle(HQ)
ENG = Cycle([BY_NAME[n] for n in ("Lukas Brandt", "Hannah Okoro", "Noor van den Broek",
                                  "Maren Oyelaran", "Tobias Winterfeld", "Ka Ho Leung")])

CUST_DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "inbox.example",
                "post.example", "correo.example", "webmail.example.com", "posteo.example"]


def mk(name, local=None, domain=None, translit=None):
    if local is None:
        parts = (translit or name).replace("-", " ").split()
        local = fold(parts[0]) + "." + "".join(fold(p) for p in parts[1:])
        if R.random() < 0.25:
            local += rdig(2)
    return Person(name, local, domain or R.choice(CUST_DOMAINS), translit)


EN_NAMES = [
    "Rosa Delgado", "Henrik Lindqvist", "Amara Nwosu", "Declan Fitzgerald", "Yuki Tanabe",
    "Farah Siddiqui", "Mateus Rocha", "Leila Haddad", "Oskar Nowicki", "Chiara Bellandi",
    "Benedikt Auer", "Sofia Papadakis", "Tomasz Wróbel", "Émilie Roussel", "Kofi Mensah-Bonsu",
    "Aoife Ní Bhriain", "Gustavo Ferreira", "Ravi Subramanian", "Hyun-woo Park", "Daniela Ortega",
    "Marcus O'Connell", "Ingrid Solberg", "Pieter de Waal", "Samira Benali", "Jonah Whitfield",
    "Lucía Morales Vega", "Tariq Hussain", "Annika Berg", "Olumide Adeyemi", "Camille Lefort",
    "Elif Yıldırım", "Dmitri Volkov", "Mei Ling Tan", "Andrés Castaño", "Niamh Gallagher",
    "Helena Kowalczyk", "Joost Verhoeven", "Bianca Sorrentino", "Grant McAllister",
    "Zanele Khumalo", "Omar Farouk", "Lena Hoffmann", "Rafael Quintero", "Isabelle Dufresne",
    "Kaveh Rostami", "Adaeze Okafor", "Bruno Vasconcelos", "Charlotte Ashby", "Jakub Dvořák",
    "Signe Mortensen", "Hamza Qureshi", "Valeria Russo", "Ethan Kowalski", "Nadia Petrenko",
    "Felix Baumgart", "Thabo Mokoena", "Fiona Drummond", "Sung-min Cho", "Matías Herrera",
    "Greta Lindholm", "Ayesha Karim", "Luca Ferraro", "Wanjiru Kamau", "Arjun Mehta",
    "Sinead Murtagh", "Ferdinand Voss", "Paulina Zając", "Hiroshi Okabe", "Nkechi Eze",
    "Tomás Ó Briain", "Bettina Krause", "Imran Sheikh", "Ana Beatriz Lima", "Connor Whelan",
    "Marisa Cavallo", "Dieter Schüller", "Yasmin El Amrani", "Stefan Nikolić", "Ewa Marczak",
]
EN = [mk(n) for n in EN_NAMES]
R.shuffle(EN)
CUST = Cycle(EN)
DRIVER_NAMES = [
    "Abdi Warsame", "Marek Kowalczuk", "Jéssica Pinto", "Emeka Obi", "Sanne Kuipers",
    "Youssef Amrani", "Radu Ionescu", "Chen Hao", "Kelechi Nwankwo", "Dario Greco",
    "Bilal Chaudhry", "Lotte Vermeulen", "Mihai Popa", "Florin Dobre", "Aleksander Nowak",
    "Karim Bensaid", "Jurgen Peeters", "Tiago Monteiro", "Samuel Asante", "Patrick Doyle",
    "Vytautas Kairys", "Nikolai Ivanov", "Hassan Jama", "Rui Batista", "Dennis Smits",
    "Adrian Kaczmarek", "Ibrahim Sow", "Gareth Pryce", "Ahmet Kaya", "Luis Paredes",
]
DRIVERS = Cycle([mk(n, domain=R.choice(["example.com", "example.net", "mail.example",
                                         "inbox.example"])) for n in DRIVER_NAMES])
ROLE = ["imports", "logistics", "orders", "accounts", "shipping", "receiving", "ap", "purchasing"]


# --- languages ---------------------------------------------------------------------------------
# a: delivery complaint (customer phone + e-mail), b: driver's note with a relative's phone,
# c: depot Wi-Fi password, d: card pasted into a support chat, e: chat line with a staff phone,
# f: refund (IBAN for the European languages, a card elsewhere), g / h: negatives.

LANGS = [
    dict(code="kaa", name="Karakalpak", country="UZ", cards=["uzcard", "humo"], iban=None,
         staff="Baxtiyar Ótepov",
         roster=[("Gúlnara Ótepbergenova", "gulnara.otepbergenova", None),
                 ("Azamat Baxtiyar ulı Nurlıbaev", "azamat.baxtiyar.nurlibaev", None),
                 ("Dilfuza Tájimuratova", "dilfuza.tajimuratova", None),
                 ("Ájiniyaz Seytmuratov", "ajiniyaz.seytmuratov", None),
                 ("Sánem Qudaybergenova", "sanem.qudaybergenova", None)],
         a="[DRW-⟦n⟧] Shaǵım: posılka ⟦~trk⟧ bes kún keshikti, kuryer kelmedi. Klient: ⟦p:name⟧, "
           "tel. ⟦ph:tel⟧, e-pochta ⟦e:mail⟧.",
         b="Aydawshı ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧) eskertpesi: avariya bolsa ápkesine xabar "
           "beriń — ⟦ph:rel⟧.",
         c="Nókis depo Wi-Fi «CFG-NUK-Depot», parol: ⟦pw:pw⟧ — tek skaner terminalları ushın.",
         d="[chat 14:02] Klient: kartamnıń nomeri ⟦cc:card⟧, múddeti 09/28, tólemdi qaytadan ótkeriń.",
         e="[09:41] ⟦p:staff⟧: Búgin depodaman, shuǵıl bolsa qońıraw etiń ⟦ph:sph⟧.",
         f="Qaytarım (COD): 184 000 soʻm ⟦p:name⟧ (⟦e:mail⟧) kartasına ⟦cc:card⟧ qaytarıldı.",
         g="Konteyner ⟦~cont⟧ Nókis terminalına 14.03.2026 keldi; salmaǵı 18 420 kg, plomba ⟦~seal⟧.",
         h="HS kod ⟦~hs⟧, avia júk xatı ⟦~awb⟧ boyınsha tekserildi; 6 pallet 120x80x144 sm."),
    dict(code="ce", name="Chechen", country="RU", cards=["mir"], iban=None,
         staff="Рустам Магомадов",
         roster=[("Хьава Исмаилова", "khava.ismailova", "Khava Ismailova"),
                 ("Ӏаьли Мусаевич Хасанов", "ali.musaevich.khasanov", "Ali Musaevich Khasanov"),
                 ("Зарема Дудаева", "zarema.dudaeva", "Zarema Dudaeva"),
                 ("Ахьмад Умаров", "akhmad.umarov", "Akhmad Umarov"),
                 ("Мадина Тимирова", "madina.timirova", "Madina Timirova")],
         a="Контактан форма — ЦӀе: ⟦p:name⟧ | Телефон: ⟦ph:tel⟧ | Email: ⟦e:mail⟧ | Хаам: «Сан "
           "посылка ⟦~trk⟧ кхоъ де ду кхин а ца кхаьчна.»",
         b="Водитель ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): хало хилча цуьнан вешин телефон — ⟦ph:rel⟧.",
         c="Соьлжа-ГӀалин склад, Wi-Fi CFG-GRZ-Sklad, къайладош: ⟦pw:pw⟧",
         d="[чат 11:20] Клиент: сан картан номер ⟦cc:card⟧ ю, ахча дӀадаккха.",
         e="[16:05] ⟦p:staff⟧: Со складехь ву, сан телефон ⟦ph:sph⟧.",
         f="Ахча юхадерзор: 2 350 ₽ — ⟦p:name⟧ (⟦e:mail⟧), Мир карта ⟦cc:card⟧.",
         g="Контейнер ⟦~cont⟧, пломба ⟦~seal⟧, брутто 21 760 кг — Соьлжа-ГӀала, 03.03.2026.",
         h="Авианакладная ⟦~awb⟧, ТН ВЭД ⟦~hs⟧, 14 паллет 120x80x150, +4 °C."),
    dict(code="os", name="Ossetian", country="RU", cards=["mir"], iban=None,
         staff="Заур Цагараев",
         roster=[("Алан Бестаев", "alan.bestaev", "Alan Bestaev"),
                 ("Фатимæ Гаглоева", "fatima.gagloeva", "Fatima Gagloeva"),
                 ("Сослан Таймуразы фырт Кокоев", "soslan.kokoev", "Soslan Kokoev"),
                 ("Мадинæ Цаллаева", "madina.tsallaeva", "Madina Tsallaeva"),
                 ("Зæлинæ Хадонова", "zalina.khadonova", "Zalina Khadonova")],
         a="Fwd: > Мæ посылкæ ⟦~trk⟧ нæма æрцыд Дзæуджыхъæумæ. Мæ телефон: ⟦ph:tel⟧, электрон "
           "пост: ⟦e:mail⟧. Бузныг, ⟦p:name⟧",
         b="Водитель ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧) — йæ мады телефон: ⟦ph:rel⟧.",
         c="Дзæуджыхъæуы склад, Wi-Fi CFG-VLK-Depot — сусæг дзырд: ⟦pw:pw⟧",
         d="[чат] Клиент: мæ картæйы номыр ⟦cc:card⟧, бузныг.",
         e="[08:55] ⟦p:staff⟧: Æз склады дæн, телефон ⟦ph:sph⟧.",
         f="Фæстæмæ здæхт: 1 980 ₽ — ⟦p:name⟧ (⟦e:mail⟧), Мир ⟦cc:card⟧.",
         g="Контейнер ⟦~cont⟧ Дзæуджыхъæуы терминалмæ æрцыд 12.03.2026, 19 300 кг.",
         h="SSCC ⟦~sscc⟧, 2 паллеты 120x80x144, температурæ +5,2 °C."),
    dict(code="tn", name="Setswana", country="BW", cards=None, iban=None, staff="Thandiwe Kgosi",
         roster=[("Kagiso Motsumi", "kagiso.motsumi", None), ("Boitumelo Ramotswa", "boitumelo.ramotswa", None),
                 ("Onalenna Sebego", "onalenna.sebego", None), ("Mpho Kgosietsile", "mpho.kgosietsile", None),
                 ("Keneilwe Mogapi", "keneilwe.mogapi", None)],
         a="[Dropwise bot] Dumela! Ke kopa leina, mogala le imeile. — ⟦p:name⟧ · ⟦ph:tel⟧ · "
           "⟦e:mail⟧ · «Sephuthelo sa me ⟦~trk⟧ ga se a goroga, ke emetse malatsi a mane.»",
         b="Mokgweetsi ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): fa go na le kotsi, leletsa mmaagwe mo ⟦ph:rel⟧.",
         c="Wi-Fi ya depo ya Gaborone: CFG-GBE-Depot, lefoko la sephiri: ⟦pw:pw⟧",
         d="[chat 10:12] Moreki: nomoro ya karata ya me ke ⟦cc:card⟧.",
         e="[13:30] ⟦p:staff⟧: Ke mo depong, leletsa ⟦ph:sph⟧ fa go na le bothata.",
         f="Madi a busitswe: P 420.00 go Mma ⟦p:name⟧ (⟦e:mail⟧), karata ⟦cc:card⟧.",
         g="Setshola ⟦~cont⟧ se gorogile kwa Gaborone ka 2026-03-09; boima 17 940 kg, sila ⟦~seal⟧.",
         h="Nomoro ya AWB ⟦~awb⟧, khoutu ya HS ⟦~hs⟧, diphalete di le 8 tsa 120x80x144."),
    dict(code="ny", name="Chichewa", country="MW", cards=None, iban=None, staff="Mphatso Gondwe",
         roster=[("Chikondi Banda", "chikondi.banda", None), ("Thokozani Phiri", "thokozani.phiri", None),
                 ("Madalitso Mwale", "madalitso.mwale", None), ("Tiyamike Chirwa", "tiyamike.chirwa", None),
                 ("Yamikani Nkhoma", "yamikani.nkhoma", None)],
         a="DRW-⟦n⟧ | Dandaulo: phukusi ⟦~trk⟧ silinafike ku Area 47. Kasitomala: ⟦p:name⟧, foni "
           "⟦ph:tel⟧, imelo ⟦e:mail⟧.",
         b="Woyendetsa ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧) — pakachitika ngozi, imbirani mkazi wake: ⟦ph:rel⟧.",
         c="Wi-Fi ya depo ku Lilongwe: CFG-LLW-Depot, mawu achinsinsi: ⟦pw:pw⟧",
         d="[chat] Kasitomala: nambala ya khadi langa ndi ⟦cc:card⟧.",
         e="[07:48] ⟦p:staff⟧: Ndili ku depo, mundiyimbire pa ⟦ph:sph⟧.",
         f="Ndalama zabwezedwa: MK 38,500 kwa ⟦p:name⟧ (⟦e:mail⟧), khadi ⟦cc:card⟧.",
         g="Chidebe ⟦~cont⟧ chafika ku Lilongwe pa 2026-03-10, kulemera 16 250 kg, chisindikizo ⟦~seal⟧.",
         h="Nambala ya katundu ⟦~bkg⟧, HS ⟦~hs⟧, mapaleti 12 a 120x80x144."),
    dict(code="lg", name="Luganda", country="UG", cards=None, iban=None, staff="Grace Nakintu",
         roster=[("Namutebi Aisha", "aisha.namutebi", None), ("Ssebunya Robert", "robert.ssebunya", None),
                 ("Nakimera Joan", "joan.nakimera", None), ("Kiggundu Ivan", "ivan.kiggundu", None),
                 ("Nalwanga Prossy", "prossy.nalwanga", None)],
         a="Fwd: > Ebintu byange ⟦~trk⟧ tebinnatuuka e Ntinda. Nkusaba onkubire ku ⟦ph:tel⟧ oba "
           "ompandiikire ku ⟦e:mail⟧. — ⟦p:name⟧",
         b="Omuvuzi ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): bw'aba n'obuzibu, kubira maama we ku ⟦ph:rel⟧.",
         c="Wi-Fi y'e depo e Kampala: CFG-KLA-Depot — ekigambo ky'ekyama: ⟦pw:pw⟧",
         d="[chat] Kasitoma: namba ya kaadi yange ye ⟦cc:card⟧.",
         e="[12:10] ⟦p:staff⟧: Ndi ku depo, nkubira ku ⟦ph:sph⟧.",
         f="Ssente zizziddwayo: USh 95,000 eri ⟦p:name⟧ (⟦e:mail⟧), kaadi ⟦cc:card⟧.",
         g="Kontena ⟦~cont⟧ yatuuse e Kampala nga 2026-03-08, obuzito 18 020 kg, akabonero ⟦~seal⟧.",
         h="Namba ya AWB ⟦~awb⟧, HS ⟦~hs⟧, palati 10 eza 120x80x144."),
    dict(code="ak", name="Twi (Akan)", country="GH", cards=None, iban=None, staff="Kwabena Darko",
         roster=[("Kwame Asante", "kwame.asante", None),
                 ("Akosua Boatemaa Mensah", "akosua.boatemaamensah", None),
                 ("Yaw Owusu-Ansah", "yaw.owusuansah", None), ("Adwoa Frimpong", "adwoa.frimpong", None),
                 ("Kofi Agyemang", "kofi.agyemang", None)],
         a="Contact form — Din: ⟦p:name⟧ · Telefon: ⟦ph:tel⟧ · Email: ⟦e:mail⟧ · Nsɛm: «Me nneɛma "
           "⟦~trk⟧ mmae ɛ, mewɔ Kumase.»",
         b="Drɔba ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): sɛ biribi si a, frɛ ne nuabaa wɔ ⟦ph:rel⟧.",
         c="Kumase depo Wi-Fi: CFG-KMS-Depot, ahintasɛm: ⟦pw:pw⟧",
         d="[chat] Adetɔfo: me kad nɔma ne ⟦cc:card⟧.",
         e="[15:22] ⟦p:staff⟧: Mewɔ depo hɔ, frɛ me wɔ ⟦ph:sph⟧.",
         f="Sika a yɛde asan ama: GH₵ 640.00 — ⟦p:name⟧ (⟦e:mail⟧), kad ⟦cc:card⟧.",
         g="Kontena ⟦~cont⟧ duu Kumase 2026-03-11, ne mu duru yɛ 17 600 kg, sɛl ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS ⟦~hs⟧, palɛt 9 a ne kɛse yɛ 120x80x144."),
    dict(code="bm", name="Bambara", country="ML", cards=None, iban=None, staff="Oumou Diakité",
         roster=[("Aminata Traoré", "aminata.traore", None), ("Sékou Coulibaly", "sekou.coulibaly", None),
                 ("Fatoumata Diarra", "fatoumata.diarra", None), ("Bakary Konaté", "bakary.konate", None),
                 ("Mariam Sidibé", "mariam.sidibe", None)],
         a="[bot] I ni ce! I tɔgɔ, i telefɔni ani i imɛli? — ⟦p:name⟧, ⟦ph:tel⟧, ⟦e:mail⟧ — «N ka "
           "minɛnw ⟦~trk⟧ ma se Bamakɔ fɔlɔ.»",
         b="Mobilibolila ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): ni gɛlɛya dɔ sera, a muso wele ⟦ph:rel⟧ kan.",
         c="Bamakɔ depo Wi-Fi: CFG-BKO-Depot, gundo daɲɛ: ⟦pw:pw⟧",
         d="[chat] Sannikɛla: n ka karti nimɔrɔ ye ⟦cc:card⟧ ye.",
         e="[10:03] ⟦p:staff⟧: N bɛ depo la, n wele ⟦ph:sph⟧ kan.",
         f="Wari seginna: 25 000 FCFA ⟦p:name⟧ (⟦e:mail⟧) ma, karti ⟦cc:card⟧.",
         g="Konteneri ⟦~cont⟧ sera Bamakɔ 2026-03-07, a girinya 18 900 kg, sɛli ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS ⟦~hs⟧, palɛti 7 (120x80x144)."),
    dict(code="mfe", name="Mauritian Creole", country="MU", cards=None, iban=None, staff="Vikash Ramdin",
         roster=[("Jean-Noël Bégué", "jeannoel.begue", None), ("Anjalee Dookhun", "anjalee.dookhun", None),
                 ("Kevin Li Kwong Ken", "kevin.likwongken", None),
                 ("Marie-Claire Rose", "marieclaire.rose", None),
                 ("Yashvin Ramtohul", "yashvin.ramtohul", None)],
         a="DRW-⟦n⟧ · Plint: mo koli ⟦~trk⟧ pa ankor arive Curepipe. Klian: ⟦p:name⟧, nimero "
           "⟦ph:tel⟧, imel ⟦e:mail⟧.",
         b="Sofer ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): si ena enn problem, apel so mama lor ⟦ph:rel⟧.",
         c="Wi-Fi depo Port-Louis: CFG-PLU-Depot, mo-de-pas: ⟦pw:pw⟧",
         d="[chat] Klian: mo kart ⟦cc:card⟧, ekspirasion 11/27.",
         e="[14:40] ⟦p:staff⟧: Mo dan depo, telefonn mwa lor ⟦ph:sph⟧.",
         f="Ranbourseman: Rs 1 450 pou ⟦p:name⟧ (⟦e:mail⟧), kart ⟦cc:card⟧.",
         g="Konteneur ⟦~cont⟧ finn ariv Port-Louis 2026-03-06, pwa 20 110 kg, sele ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, kod HS ⟦~hs⟧, 11 palet 120x80x144."),
    dict(code="ty", name="Tahitian", country="PF", cards=None, iban=None, staff="Tiare Vanaa",
         roster=[("Teva Teriitahi", "teva.teriitahi", None), ("Hinano Tetuanui", "hinano.tetuanui", None),
                 ("Vaitiare Teʻura", "vaitiare.teura", None), ("Heimana Taʻaroa", "heimana.taaroa", None),
                 ("Moana Tehaamoana", "moana.tehaamoana", None)],
         a="Fwd: > Ia ora na, aita taʻu pūʻohu ⟦~trk⟧ i tae mai i Faʻaʻā. Niuniu: ⟦ph:tel⟧ · rata "
           "uira: ⟦e:mail⟧ — ⟦p:name⟧",
         b="Taʻata faʻahoro pereʻoʻo ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): niuniu o tōna metua vahine ⟦ph:rel⟧.",
         c="Wi-Fi depo Papeete: CFG-PPT-Depot, parau huna: ⟦pw:pw⟧",
         d="[chat] Taʻata hoʻo: taʻu kāta ⟦cc:card⟧.",
         e="[09:12] ⟦p:staff⟧: Tei te depo vau, niuniu ⟦ph:sph⟧.",
         f="Faʻahoʻiraʻa moni: 6 500 XPF iā ⟦p:name⟧ (⟦e:mail⟧), kāta ⟦cc:card⟧.",
         g="Pahu ⟦~cont⟧ ua tae i Papeete i te 2026-03-05, teiaha 15 480 kg, tāpaʻo ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS ⟦~hs⟧, 5 pallet 120x80x144."),
    dict(code="bi", name="Bislama", country="VU", cards=None, iban=None, staff="Noel Tavoa",
         roster=[("Joel Naupa", "joel.naupa", None), ("Mereani Tasso", "mereani.tasso", None),
                 ("Florence Tabi", "florence.tabi", None), ("Jimmy Tari", "jimmy.tari", None),
                 ("Leimara Kalo", "leimara.kalo", None)],
         a="[bot] Halo! Plis yu givim nem, namba blong fon mo imel. — ⟦p:name⟧ / ⟦ph:tel⟧ / "
           "⟦e:mail⟧ — «Parsel blong mi ⟦~trk⟧ i no kasem yet long Port Vila.»",
         b="Draeva ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): sipos i gat trabol, ring long brata blong hem ⟦ph:rel⟧.",
         c="Wi-Fi long depo long Port Vila: CFG-VLI-Depot, pasword: ⟦pw:pw⟧",
         d="[chat] Kastoma: namba blong kad blong mi ⟦cc:card⟧.",
         e="[11:45] ⟦p:staff⟧: Mi stap long depo, ring long ⟦ph:sph⟧.",
         f="Mane i go bak: VT 3,200 long ⟦p:name⟧ (⟦e:mail⟧), kad ⟦cc:card⟧.",
         g="Kontena ⟦~cont⟧ i kasem Port Vila long 2026-03-04, hevi 14 900 kg, sil ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS kod ⟦~hs⟧, 4 palet 120x80x144."),
    dict(code="ch", name="Chamorro", country="GU", cards=None, iban=None, staff="Antonia Leon Guerrero",
         roster=[("Josephine Aguon Taitano", "josephine.aguontaitano", None),
                 ("Frank San Nicolas", "frank.sannicolas", None),
                 ("Maria Lujan Camacho", "maria.lujancamacho", None),
                 ("Tomas Mendiola", "tomas.mendiola", None), ("Rosalie Untalan", "rosalie.untalan", None)],
         a="Contact form (ch) — Naʼan: ⟦p:name⟧ | Telefon: ⟦ph:tel⟧ | Email: ⟦e:mail⟧ | «Ti måtto "
           "i paketeku ⟦~trk⟧ giya Dededo.»",
         b="Drayberu ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): yanggen guaha chinatsaga, ågang i nanå-ña gi ⟦ph:rel⟧.",
         c="Wi-Fi gi depot Hagåtña: CFG-GUM-Depot, sekretu na finoʼ: ⟦pw:pw⟧",
         d="[chat] Kustomer: i numirun kåtta-hu ⟦cc:card⟧.",
         e="[08:20] ⟦p:staff⟧: Gaige yoʼ gi depot, ågang yoʼ gi ⟦ph:sph⟧.",
         f="Refund: $48.20 para ⟦p:name⟧ (⟦e:mail⟧), kåtta ⟦cc:card⟧.",
         g="Kontena ⟦~cont⟧ måtto Apra Harbor gi 2026-03-03, 16 700 kg, seyu ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS ⟦~hs⟧, 6 pallet 120x80x144."),
    dict(code="ast", name="Asturian", country="ES", cards=None, iban="ES", staff="Lorena Suárez Cueto",
         roster=[("Xuan Fernández Álvarez", "xuan.fernandezalvarez", None),
                 ("Covadonga Menéndez García", "covadonga.menendezgarcia", None),
                 ("Xosefa Rodríguez de la Fuente", "xosefa.rodriguezdelafuente", None),
                 ("Pelayo Alonso Prieto", "pelayo.alonsoprieto", None),
                 ("Nuria Castañón Díaz", "nuria.castanondiaz", None)],
         a="DRW-⟦n⟧ · Quexa: el mio paquete ⟦~trk⟧ nun llegó a Xixón. Cliente: ⟦p:name⟧, teléfonu "
           "⟦ph:tel⟧, corréu ⟦e:mail⟧.",
         b="Conductor ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): si hai dalgún problema, llamar a la so muyer al ⟦ph:rel⟧.",
         c="Wi-Fi del depósitu d'Uviéu: CFG-OVD-Depot, contraseña: ⟦pw:pw⟧",
         d="[chat] Cliente: el númberu de la mio tarxeta ye ⟦cc:card⟧.",
         e="[17:05] ⟦p:staff⟧: Toi nel depósitu, llámame al ⟦ph:sph⟧.",
         f="Devolución: 42,90 € a ⟦p:name⟧ (⟦e:mail⟧), IBAN ⟦ib:iban⟧.",
         g="El contenedor ⟦~cont⟧ llegó al Musel el 2026-03-09; pesu 22 310 kg, precintu ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, códigu HS ⟦~hs⟧, 10 palés de 120x80x144."),
    dict(code="nds", name="Low German", country="DE", cards=None, iban="DE", staff="Gesche Hinrichs",
         roster=[("Hinnerk Ahlers", "hinnerk.ahlers", None), ("Antje Brüning", "antje.bruening", None),
                 ("Jannes Wübbena", "jannes.wuebbena", None), ("Frauke Oltmanns", "frauke.oltmanns", None),
                 ("Hauke von der Heide", "hauke.vonderheide", None)],
         a="Fwd: > Moin, mien Paket ⟦~trk⟧ is noch jümmers nich ankamen in Leer. Rööp mi an ünner "
           "⟦ph:tel⟧ oder schriev an ⟦e:mail⟧. — ⟦p:name⟧",
         b="Fohrer ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): wenn wat passeert, sien Fru anropen: ⟦ph:rel⟧.",
         c="WLAN in't Lager Ollnborg: CFG-OLD-Depot, Passwoort: ⟦pw:pw⟧",
         d="[Chat] Kunn: mien Kaartnummer is ⟦cc:card⟧.",
         e="[06:58] ⟦p:staff⟧: Ik bün in't Lager, rööp an ünner ⟦ph:sph⟧.",
         f="Trüchbetahlt: 27,40 € an ⟦p:name⟧ (⟦e:mail⟧), IBAN ⟦ib:iban⟧.",
         g="Container ⟦~cont⟧ is an'n 2026-03-10 in Bremerhaven ankamen, 23 480 kg, Plomb ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, Zolltarif ⟦~hs⟧, 12 Paletten 120x80x144."),
    dict(code="ltg", name="Latgalian", country="LV", cards=None, iban="LV", staff="Andris Začs",
         roster=[("Ontons Kūkojs", "ontons.kukojs", None), ("Jezups Vucāns", "jezups.vucans", None),
                 ("Skaidrīte Lazdāne", "skaidrite.lazdane", None), ("Onna Rubine", "onna.rubine", None),
                 ("Vaļerejs Zeļčs", "valerejs.zelcs", None)],
         a="[bots] Labdīn! Jiusu vōrds, telefons i e-posts? — ⟦p:name⟧, ⟦ph:tel⟧, ⟦e:mail⟧ — «Muna "
           "paciņa ⟦~trk⟧ vēļ nav atguojuse da Rēzeknis.»",
         b="Šofers ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): ja kas nūtyktu, zvaneit jō muosai ⟦ph:rel⟧.",
         c="Daugpiļs nūlyktovys Wi-Fi: CFG-DGP-Depot, parole: ⟦pw:pw⟧",
         d="[čats] Klients: munys kartis numers ⟦cc:card⟧.",
         e="[10:30] ⟦p:staff⟧: Asmu nūlyktovē, zvaneit ⟦ph:sph⟧.",
         f="Atmoksa: 19,80 € ⟦p:name⟧ (⟦e:mail⟧), IBAN ⟦ib:iban⟧.",
         g="Konteiners ⟦~cont⟧ atguoja Reigā 2026-03-06, svors 19 870 kg, plomba ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS kods ⟦~hs⟧, 8 paletis 120x80x144."),
    dict(code="yua", name="Yucatec Maya", country="MX", cards=None, iban=None, staff="Ximena Chablé",
         roster=[("Wilbert Canché Poot", "wilbert.canchepoot", None),
                 ("Marisol Pech Dzul", "marisol.pechdzul", None),
                 ("Felipe Euán Chan", "felipe.euanchan", None),
                 ("Rosalía Uc Balam", "rosalia.ucbalam", None),
                 ("Gaspar Tuz Cauich", "gaspar.tuzcauich", None)],
         a="DRW-⟦n⟧ · Maʼ kʼuch in paquete ⟦~trk⟧ Joʼ. Máax: ⟦p:name⟧, teléfono ⟦ph:tel⟧, correo ⟦e:mail⟧.",
         b="Chofer ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): wa yaan talamil, tʼaan u naʼ tiʼ ⟦ph:rel⟧.",
         c="Wi-Fi tiʼ u bodega Joʼ: CFG-MID-Depot, u tʼaanil ookol: ⟦pw:pw⟧",
         d="[chat] Máax: u número in tarjeta ⟦cc:card⟧.",
         e="[12:55] ⟦p:staff⟧: Yaanen ich bodega, tʼaanen tiʼ ⟦ph:sph⟧.",
         f="Refund: $385.00 MXN tiʼ ⟦p:name⟧ (⟦e:mail⟧), tarjeta ⟦cc:card⟧.",
         g="Contenedor ⟦~cont⟧ kʼuch Progreso 2026-03-08, 21 040 kg, sello ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, HS ⟦~hs⟧, 7 tarimas 120x80x144."),
    dict(code="dv", name="Dhivehi", country="MV", cards=None, iban=None, staff="Aishath Rasheeda",
         roster=[("އަޙްމަދު ރަޝީދު", "ahmed.rasheed", "Ahmed Rasheed"),
                 ("އާމިނަތު ޝިފާ", "aminath.shifa", "Aminath Shifa"),
                 ("އިބްރާހީމް ޝަރީފް", "ibrahim.shareef", "Ibrahim Shareef"),
                 ("ފާތިމަތު ނިޝާ", "fathimath.nisha", "Fathimath Nisha"),
                 ("ހުސައިން ޒާހިރު", "hussain.zahir", "Hussain Zahir")],
         a="ފޯމު — ނަން: ⟦p:name⟧ | ފޯނު: ⟦ph:tel⟧ | އީމެއިލް: ⟦e:mail⟧ | «އަހަރެންގެ ޕާސަލް ⟦~trk⟧ އަދި ނުލިބޭ»",
         b="ޑްރައިވަރު ⟦p:dname⟧ (⟦e:dmail⟧، ⟦ph:dtel⟧): މައްސަލައެއް ދިމާވެއްޖެނަމަ މަންމަގެ ފޯނު ⟦ph:rel⟧",
         c="މާލެ ޑިޕޯ Wi-Fi: CFG-MLE-Depot، ޕާސްވޯޑް: ⟦pw:pw⟧",
         d="[chat] ކަސްޓަމަރު: ކާޑު ނަންބަރު ⟦cc:card⟧",
         e="[09:05] ⟦p:staff⟧: އަހަރެން ޑިޕޯގައި، ފޯނު ⟦ph:sph⟧",
         f="ރީފަންޑް: MVR 620 — ⟦p:name⟧ (⟦e:mail⟧)، ކާޑު ⟦cc:card⟧",
         g="ކޮންޓެއިނަރ ⟦~cont⟧ — 2026-03-07، 18,240 kg، ސީލް ⟦~seal⟧",
         h="AWB ⟦~awb⟧، HS ⟦~hs⟧، 6 ޕެލެޓް 120x80x144"),
    dict(code="tet", name="Tetum", country="TL", cards=None, iban=None, staff="Domingos Pereira",
         roster=[("Zelia Ximenes", "zelia.ximenes", None), ("Nelson da Costa", "nelson.dacosta", None),
                 ("Filomena Soares", "filomena.soares", None), ("Agostinho Pinto", "agostinho.pinto", None),
                 ("Joanina dos Reis", "joanina.dosreis", None)],
         a="Fwd: > Bondia, haʼu-nia pakote ⟦~trk⟧ seidauk toʼo Dili. Telefone: ⟦ph:tel⟧, email: "
           "⟦e:mail⟧. Obrigadu barak — ⟦p:name⟧",
         b="Kondutór ⟦p:dname⟧ (⟦e:dmail⟧, ⟦ph:dtel⟧): se iha problema, bolu nia inan iha ⟦ph:rel⟧.",
         c="Wi-Fi depózitu Dili: CFG-DIL-Depot, liafuan-xave: ⟦pw:pw⟧",
         d="[chat] Kliente: haʼu-nia kartaun númeru ⟦cc:card⟧.",
         e="[14:15] ⟦p:staff⟧: Haʼu iha depózitu, bele bolu ⟦ph:sph⟧.",
         f="Osan fila fali: US$ 22.50 ba ⟦p:name⟧ (⟦e:mail⟧), kartaun ⟦cc:card⟧.",
         g="Kontentór ⟦~cont⟧ toʼo Tibar iha 2026-03-06, todan 17 330 kg, selu ⟦~seal⟧.",
         h="AWB ⟦~awb⟧, kódigu HS ⟦~hs⟧, palete 5 (120x80x144)."),
]
LANG_FORMS = Cycle(["intl", "e164", "nat", "00", "dash", "brk", "intl", "nat"])
LANG_CARDS = Cycle(["visa", "mc", "mc2", "visa", "amex", "unionpay", "maestro", "jcb", "discover",
                    "visa", "mc", "diners", "rupay"])
ROSTER_NAMES = []  # every customer name (for the leak scan)


def lang_lines():
    for L in LANGS:
        dom = ["example.com", "example.net", "example.org", "mail.example", "inbox.example"]
        ppl = [Person(n, loc, R.choice(dom), tr) for n, loc, tr in L["roster"]]
        ROSTER_NAMES.extend(p for p in ppl)
        comp, drv, ref = ppl[0], ppl[1], ppl[2]
        st = BY_NAME[L["staff"]]
        c = L["country"]
        cards = L["cards"]

        def lcard():
            return card(R.choice(cards)) if cards else card(LANG_CARDS())

        looks = dict(trk=tracking(), cont=container(), seal=seal(), awb=awb(), hs=hs(),
                     sscc=sscc(), bkg=booking(), n=str(R.randint(1000, 9999)))
        code, nm = L["code"], L["name"]
        add("lang-complaint", T(L["a"], name=comp.name, mail=comp.email, tel=phone(c, LANG_FORMS()),
                                **looks), lang=code)
        add("lang-driver", T(L["b"], dname=drv.name, dmail=drv.email, dtel=phone(c, LANG_FORMS()),
                             rel=phone(c, LANG_FORMS())), lang=code)
        add("lang-wifi", T(L["c"], pw=wifi_pw()), people(st), lang=code)
        add("lang-card", T(L["d"], card=lcard()), lang=code)
        add("lang-staff", T(L["e"], staff=st.name, sph=phone(c, LANG_FORMS())), people(st), lang=code)
        pay = dict(name=ref.name, mail=ref.email)
        if L["iban"]:
            pay["iban"] = iban(L["iban"])
        else:
            pay["card"] = lcard()
        add("lang-refund", T(L["f"], **pay), people(st), lang=code)
        looks2 = dict(trk=tracking(), cont=container(), seal=seal(), awb=awb(), hs=hs(),
                      sscc=sscc(), bkg=booking())
        add("lang-negative", T(L["g"], **looks2), lang=code)
        looks3 = dict(trk=tracking(), cont=container(), seal=seal(), awb=awb(), hs=hs(),
                      sscc=sscc(), bkg=booking())
        add("lang-negative", T(L["h"], **looks3), people(st) if R.random() < 0.3 else (), lang=code)


# --- English / domain lines ----------------------------------------------------------------------

EN_COUNTRIES = ["GB", "US", "NL", "DE", "BE", "FR", "ES", "IT", "PL", "IE", "SG", "AE", "HK", "IN",
                "ZA", "KE", "AU", "CA", "CN", "TR", "PT", "BR", "PA", "GB", "US", "NL", "DE"]
CC = Cycle(EN_COUNTRIES)
FORMS = Cycle(["intl", "e164", "nat", "intl", "dash", "brk", "00", "nat", "intl", "e164"])
HUBS = ["Rotterdam", "Hamburg", "Antwerp", "Felixstowe", "Singapore", "Jebel Ali", "Hong Kong",
        "Houston", "Mumbai", "Durban", "Mombasa", "Sydney", "Gdańsk", "Genoa", "Vancouver"]
PORTS = ["NLRTM", "DEHAM", "BEANR", "GBFXT", "SGSIN", "AEJEA", "HKHKG", "USHOU", "INNSA", "ZADUR",
         "KEMBA", "AUSYD", "PLGDN", "ITGOA", "CAVAN", "CNSHA"]
VESSELS = ["CAPE AURELIA", "NORDIC TERN", "SANTA VALENTINA", "MERIDIAN PRIDE", "BLUEFIN SPIRIT",
           "OCEAN LANTERN", "KESTREL BAY", "SILVER HALYARD", "AMBER STRAIT"]
CARRIERS = [("Meridian Container Line", "mcl.example"), ("Bluefin Lines", "bluefin-lines.example"),
            ("Oceanline Shipping", "oceanline.example.com"), ("Skyport Cargo", "skyport-cargo.example")]
FIRMS = Cycle([
    ("Tidemark Retail Ltd", "tidemark-retail.example"), ("Nordhaven Imports B.V.", "nordhaven.example"),
    ("Lumen Home GmbH", "lumenhome.example"), ("Kivu Roasters SARL", "kivuroasters.example"),
    ("Palisade Outdoor Inc.", "palisade-outdoor.example.com"), ("Brightwater Pharma Ltd", "brightwater.example.net"),
    ("Solenne Cosmetics SAS", "solenne.example"), ("Ardent Cycles Pty Ltd", "ardentcycles.example.org"),
    ("Okapi Textiles Ltd", "okapi-textiles.example"), ("Quillon Electronics Ltd", "quillon.example.com"),
    ("Basalt Tools AB", "basalt-tools.example"), ("Cobalt Bay Seafood", "cobaltbay.example.net"),
    ("Harbourline Furniture", "harbourline.example.org"), ("Vireo Medical Supplies", "vireo-medical.example"),
])
IBAN_COUNTRIES = Cycle(["NL", "BE", "DE", "GB", "FR", "PL", "IT", "ES", "PT", "IE", "LV", "TR",
                        "AE", "MU", "NL", "DE", "BE", "FR"])


def cust():
    return CUST()


def cph(country=None, form=None):
    return phone(country or CC(), form or FORMS())


def n4():
    return str(R.randint(1000, 9999))


def n5():
    return str(R.randint(10000, 99999))


def role(domain, r=None):
    return f"{r or R.choice(ROLE)}@{domain}"


def other_staff(*exclude):
    while True:
        s = OPS()
        if s not in exclude:
            return s


def shipment_tickets(n):
    variants = [
        ("[FWD-⟦n⟧] ⟦route⟧ — consignee unreachable for delivery appointment\nReporter: ⟦p:rep⟧ · "
         "Assignee: [~accountid:⟦p:aid⟧] · Priority: High\nConsignee contact: ⟦p:cn⟧ <⟦e:cm⟧>, "
         "mobile ⟦ph:cp⟧. Container ⟦~cont⟧, ETA ⟦date⟧. Tried twice, voicemail full."),
        ("FWD-⟦n⟧ | Customs hold at ⟦hub⟧\nDescription: booking ⟦~bkg⟧ held for a documentary "
         "check. Importer contact ⟦p:cn⟧ (⟦e:cm⟧, ⟦ph:cp⟧) sent the missing packing list; "
         "⟦p:rep⟧ to file the amendment. cc ⟦p:rep2mail⟧"),
        ("FWD-⟦n⟧ Reefer alarm on ⟦~cont⟧ (set point -18.0 °C, supply -12.4 °C at ⟦ts⟧). Called "
         "the receiver's QA lead ⟦p:cn⟧ on ⟦ph:cp⟧ and e-mailed ⟦e:cm⟧; [~accountid:⟦p:aid⟧] "
         "please raise the cargo claim."),
        ("FWD-⟦n⟧ — Damage report: 3 of 22 pallets crushed (SSCC ⟦~sscc⟧ among them). "
         "Surveyor: ⟦p:cn⟧, ⟦e:cm⟧, ⟦ph:cp⟧. Photos uploaded by @⟦p:rep⟧."),
        ("FWD-⟦n⟧ Delivery appointment moved to ⟦date⟧ 08:00–10:00 at the ⟦firm⟧ DC. Receiving "
         "desk ⟦e:rolemail⟧ / ⟦ph:switch⟧ (switchboard); on-site contact ⟦p:cn⟧ ⟦ph:cp⟧, ⟦e:cm⟧."),
        ("FWD-⟦n⟧ Demurrage dispute, ⟦~cont⟧: 6 free days, gate-out ⟦date⟧. ⟦p:cn⟧ <⟦e:cm⟧> "
         "says the terminal had no slots. Assigned to ⟦p:rep⟧ (⟦p:repmail⟧, ⟦ph:repph⟧)."),
        ("Summary: Missing delivery order for ⟦~bkg⟧\nComponent: Ocean Import / ⟦hub⟧\n"
         "Reporter: ⟦p:rep⟧\nRequest participants: ⟦p:cn⟧ (⟦e:cm⟧)\nCustomer phone: ⟦ph:cp⟧\n"
         "Linked issues: FWD-⟦n2⟧, CUS-⟦n3⟧"),
        ("FWD-⟦n⟧ DG docs for UN 3480 rejected by the carrier; the shipper's DG contact is "
         "⟦p:cn⟧, ⟦ph:cp⟧, ⟦e:cm⟧. ⟦p:rep⟧ → please re-send the DGD through ⟦e:dgrole⟧."),
    ]
    for i in range(n):
        c, rep, rep2 = cust(), OPS(), None
        rep2 = other_staff(rep)
        firm, fdom = FIRMS()
        a, b = R.sample(PORTS, 2)
        kw = dict(n=n5(), route=f"{a} → {b}", rep=rep.name, aid=rep2.aid, cn=c.name, cm=c.email,
                  cp=cph(), cont=container(), date=date(), hub=R.choice(HUBS), bkg=booking(),
                  rep2mail=rep2.email, ts=ts(), sscc=sscc(), firm=firm,
                  rolemail=role(fdom, "receiving"), switch=phone(R.choice(["GBL", "NLL", "DEL", "SGL"]), "intl"),
                  repmail=rep.email, repph=rep.phone, n2=n5(), n3=n5(),
                  dgrole="dg-desk@corvannis.com")
        w = other_staff(rep, rep2)
        pieces = T(variants[i % len(variants)], **kw) + T("\nWatchers: ⟦p:a⟧, ⟦p:b⟧", a=rep2.name, b=w.name)
        add("shipment-ticket", pieces, people(rep, rep2, w))


def customs_tickets(n):
    variants = [
        ("h3. Entry ⟦entry⟧ — ⟦firm⟧\n||Field||Value||\n|Importer of record|⟦firm⟧|\n|Contact|⟦p:cn⟧|\n"
         "|E-mail|⟦e:cm⟧|\n|Phone|⟦ph:cp⟧|\n|EORI|⟦~eori⟧|\n|HS code|⟦~hs⟧|\n|MRN|⟦~mrn⟧|\n"
         "|Duty deferment IBAN|⟦ib:ib⟧|\n|Broker|[~accountid:⟦p:aid⟧]|"),
        ("CUS-⟦n⟧: ⟦p:st⟧ filed the import declaration for ⟦firm⟧ (EORI ⟦~eori⟧, HS ⟦~hs⟧). Duty "
         "of EUR ⟦amt⟧ debited from ⟦ib:ib⟧; brokerage fee invoiced to ⟦e:rolemail⟧. Questions → "
         "⟦p:cn⟧, ⟦ph:cp⟧, ⟦e:cm⟧."),
        ("CUS-⟦n⟧ Customs POA (direct representation) for ⟦firm⟧: signatory ⟦p:cn⟧ (⟦e:cm⟧), "
         "managing director; please call ⟦ph:cp⟧ before sending the DocuSign. — ⟦p:st⟧, Corvannis "
         "Customs Brokerage, ⟦ph:stph⟧"),
        ("||Role||Name||E-mail||Phone||\n|Importer|⟦p:c1⟧|⟦e:m1⟧|⟦ph:p1⟧|\n|Exporter|⟦p:c2⟧|⟦e:m2⟧|"
         "⟦ph:p2⟧|\n|Broker|⟦p:st⟧|⟦p:stmail⟧|⟦ph:stph⟧|\n(MRN ⟦~mrn⟧, HS ⟦~hs⟧)"),
        ("CUS-⟦n⟧ Query from customs on MRN ⟦~mrn⟧: they want the supplier's commercial invoice "
         "and proof of origin. Supplier contact ⟦p:cn⟧ <⟦e:cm⟧>, tel ⟦ph:cp⟧. Reply from "
         "⟦e:customs⟧ only, not from personal mailboxes (⟦p:st⟧)."),
        ("CUS-⟦n⟧ ICS2 ENS rejected (code ⟦code⟧): the filer contact in the header is ⟦p:stmail⟧ / "
         "⟦ph:stph⟧, but the carrier expects the house filer ⟦p:cn⟧, ⟦e:cm⟧, ⟦ph:cp⟧."),
        ("CUS-⟦n⟧ Bonded-warehouse release for ⟦firm⟧: guarantee account ⟦ib:ib⟧ (not the duty "
         "account). Authorised person ⟦p:cn⟧, ⟦e:cm⟧, mobile ⟦ph:cp⟧. EORI ⟦~eori⟧."),
        ("Post-clearance audit CUS-⟦n⟧: ⟦p:st⟧ asked ⟦p:cn⟧ (⟦e:cm⟧) for the valuation worksheet; "
         "refund of overpaid duty EUR ⟦amt⟧ to ⟦ib:ib⟧ once approved. HS ⟦~hs⟧ → ⟦~hs2⟧."),
    ]
    for i in range(n):
        c, c2, st = cust(), cust(), BY_NAME[R.choice(["Tobias Winterfeld", "Elodie Marchetti",
                                                     "Maren Oyelaran", "Callum Reid",
                                                     "Joaquín Ibarra Solís", "Chiara Lombardo"])]
        firm, fdom = FIRMS()
        kw = dict(entry=f"{R.randint(100, 999)}-{rdig(7)}-{R.randint(0, 9)}", firm=firm, cn=c.name,
                  cm=c.email, cp=cph(), eori=eori(), hs=hs(), hs2=hs(), mrn=mrn(),
                  ib=iban(IBAN_COUNTRIES()), aid=st.aid, n=n5(), st=st.name,
                  amt=f"{R.randint(200, 48000):,}.{rdig(2)}", rolemail=role(fdom, "accounts"),
                  stph=st.phone, c1=c.name, m1=c.email, p1=cph(), c2=c2.name, m2=c2.email,
                  p2=cph(), stmail=st.email, customs="customs@corvannis-customs.net",
                  code=R.choice(["E1021", "E2040", "E3009", "E0117"]))
        add("customs", T(variants[i % len(variants)], **kw), people(st))


def booking_confirmations(n):
    variants = [
        ("BOOKING CONFIRMATION — ⟦carrier⟧ <⟦e:cmail⟧>\nBooking no.: ⟦~bkg⟧   Vessel/voyage: "
         "⟦vessel⟧ / ⟦voy⟧\nPOL: ⟦pol⟧   POD: ⟦pod⟧   ETD: ⟦date⟧\nBooked by: ⟦p:st⟧ (⟦p:stmail⟧), "
         "Corvannis Forwarding\nShipper contact: ⟦p:cn⟧ / ⟦e:cm⟧ / ⟦ph:cp⟧\nEquipment: 2 x 40HC   "
         "VGM cut-off: ⟦date2⟧ 16:00\nCarrier export desk: ⟦ph:desk⟧"),
        ("Pasted from the carrier portal:\n{noformat}\nBkg ⟦~bkg⟧ CONFIRMED  ⟦vessel⟧ ⟦voy⟧  "
         "⟦pol⟧>⟦pod⟧\nContact: ⟦p:CN⟧  TEL ⟦ph:cp⟧  EMAIL ⟦e:cm⟧\nReefer 1x40RH  set -18C  vent "
         "closed\nCut-off docs ⟦date⟧ 12:00 / cargo ⟦date2⟧ 23:59\n{noformat}\n— ⟦p:st⟧"),
        ("Air booking confirmed by ⟦carrier⟧ (⟦e:cmail⟧): AWB ⟦~awb⟧, QY 4471/⟦dd⟧MAR "
         "⟦a1⟧–⟦a2⟧, 6 pcs / 812 kg, DIMS 120x80x110 x6. Shipper contact ⟦p:cn⟧ ⟦ph:cp⟧ "
         "⟦e:cm⟧; Corvannis agent ⟦p:st⟧ ⟦ph:stph⟧."),
        ("Booking amendment ⟦~bkg⟧ — roll-over to ⟦vessel⟧ ⟦voy⟧. Please inform ⟦p:cn⟧ "
         "(⟦e:cm⟧). Carrier customer service: ⟦ph:desk⟧ / ⟦e:cmail⟧. Our ref FWD-⟦n⟧, handled by "
         "[~accountid:⟦p:aid⟧]."),
        ("SI submitted for ⟦~bkg⟧: shipper ⟦firm⟧, contact ⟦p:cn⟧ (⟦e:cm⟧, ⟦ph:cp⟧); consignee "
         "⟦firm2⟧, contact ⟦p:cn2⟧ (⟦e:cm2⟧, ⟦ph:cp2⟧); notify ⟦e:notify⟧."),
    ]
    for i in range(n):
        c, c2, st = cust(), cust(), OPS()
        carrier, cdom = R.choice(CARRIERS)
        firm, fdom = FIRMS()
        firm2, fdom2 = FIRMS()
        pol, pod = R.sample(PORTS, 2)
        kw = dict(carrier=carrier, cmail=role(cdom, R.choice(["booking", "export.desk", "cs"])),
                  bkg=booking(), vessel=R.choice(VESSELS), voy=f"{R.randint(100, 999)}{R.choice('EWNS')}",
                  pol=pol, pod=pod, date=date(), date2=date(), st=st.name, stmail=st.email,
                  cn=c.name, CN=c.upper, cm=c.email, cp=cph(), desk=phone(R.choice(["GBL", "NLL", "DEL", "SGL"]), R.choice(["intl", "nat", "00"])),
                  awb=awb(), dd=f"{R.randint(1, 28):02d}", a1=R.choice(["AMS", "FRA", "LHR", "HKG"]),
                  a2=R.choice(["NBO", "BOM", "JNB", "SYD", "DXB"]), stph=st.phone, n=n5(),
                  aid=st.aid, firm=firm, firm2=firm2, cn2=c2.name, cm2=c2.email, cp2=cph(),
                  notify=role(fdom2, "imports"))
        add("booking", T(variants[i % len(variants)], **kw), people(st))


def bills_of_lading(n):
    variants = [
        ("{code:title=draft B/L ⟦~bl⟧}\nSHIPPER: ⟦FIRM⟧\n  ATTN ⟦p:SN⟧  TEL ⟦ph:sp⟧  EMAIL ⟦e:sm⟧\n"
         "CONSIGNEE: ⟦FIRM2⟧\n  ATTN ⟦p:CN⟧  TEL ⟦ph:cp⟧  EMAIL ⟦e:cm⟧\nNOTIFY PARTY: SAME AS CONSIGNEE / "
         "ALSO NOTIFY ⟦e:notify⟧\nVESSEL: ⟦vessel⟧ ⟦voy⟧  POL: ⟦pol⟧  POD: ⟦pod⟧\nCONTAINER/SEAL: "
         "⟦~cont⟧ / ⟦~seal⟧  1 X 40HC  26 PALLETS  18 420.000 KGS  54.300 CBM\nHS ⟦~hs⟧\n{code}"),
        ("AWB ⟦~awb⟧   Airport of departure: ⟦a1⟧   Destination: ⟦a2⟧\nShipper's name and address: "
         "⟦FIRM⟧, ⟦p:SN⟧, ⟦e:sm⟧, Tel ⟦ph:sp⟧\nConsignee's name and address: ⟦FIRM2⟧, ATTN ⟦p:CN⟧, "
         "⟦e:cm⟧, Tel ⟦ph:cp⟧\nIssuing carrier's agent: CORVANNIS FORWARDING  IATA 36-4-7123/0012\n"
         "Handling information: NOTIFY ⟦p:CN⟧ ON ARRIVAL  ⟦ph:cp2⟧\nNo. of pieces 6  Gross 812.0 K  "
         "Chargeable 1 056.0"),
        ("Seaway bill ⟦~bl⟧ (pasted by ⟦p:st⟧):\nShipper ⟦firm⟧ — ⟦p:sn⟧ — ⟦e:sm⟧ — ⟦ph:sp⟧\n"
         "Consignee ⟦firm2⟧ — ⟦p:cn⟧ — ⟦e:cm⟧ — ⟦ph:cp⟧\nPlace of receipt: Venlo  Port of loading: "
         "⟦pol⟧  Port of discharge: ⟦pod⟧\nMarks: ⟦~sscc⟧ … (26 labels)  Freight prepaid"),
        ("HAWB CFG-⟦n⟧ / MAWB ⟦~awb⟧\nSHPR: ⟦FIRM⟧ ATTN ⟦p:SN⟧ PH ⟦ph:sp⟧ ⟦e:SM⟧\nCNEE: ⟦FIRM2⟧ "
         "ATTN ⟦p:CN⟧ PH ⟦ph:cp⟧ ⟦e:CM⟧\nNATURE OF GOODS: SPARE PARTS HS ⟦~hs⟧ / DIMS 120X80X144 "
         "X 2"),
    ]
    for i in range(n):
        s, c, st = cust(), cust(), OPS()
        firm, fdom = FIRMS()
        firm2, fdom2 = FIRMS()
        pol, pod = R.sample(PORTS, 2)
        kw = dict(bl=bl(), FIRM=firm.upper(), FIRM2=firm2.upper(), firm=firm, firm2=firm2,
                  SN=s.upper, sn=s.name, sp=cph(), sm=s.email, SM=s.email.upper(), CN=c.upper,
                  cn=c.name, cp=cph(), cp2=cph(), cm=c.email, CM=c.email.upper(),
                  notify=role(fdom2, "imports").upper() if R.random() < 0.5 else role(fdom2, "imports"),
                  vessel=R.choice(VESSELS), voy=f"{R.randint(100, 999)}W", pol=pol, pod=pod,
                  cont=container(), seal=seal(), hs=hs(), awb=awb(), a1=R.choice(["AMS", "FRA", "LHR", "HKG", "SIN"]),
                  a2=R.choice(["NBO", "BOM", "JNB", "SYD", "DXB", "ORD"]), st=st.name, sscc=sscc(), n=n5())
        add("bill-of-lading", T(variants[i % len(variants)], **kw), people(st))


def wms_configs(n):
    variants = [
        ("# palletta-wms/config/production.yaml (pasted in WMS-⟦n⟧)\ndatabase:\n  url: "
         "postgresql://⟦uc:cred⟧@wms-db-01.cfg.internal:5432/palletta\nsmtp:\n  host: "
         "smtp.corvannis.com\n  port: 587\n  user: ⟦e:alerts⟧\n  password: \"⟦pw:pw⟧\"\n"
         "scanner_gateway:\n  listen: ⟦ip:ip1⟧:9100\n  trusted_proxies: [⟦ip:ip2⟧, ⟦ip:ip3⟧]\n"
         "label_printers:\n  - name: dock-07-zt411\n    host: ⟦ip:ip4⟧\n    mac: \"⟦mac:m1⟧\""),
        ("[yardloop]\nsite = ⟦site⟧\ngate_ocr_stream = rtsp://⟦uc:cam⟧@⟦ip:ip1⟧:554/stream1\n"
         "plc_host = ⟦ip:ip2⟧\n[tos]\nendpoint = https://tos.portcommunity.example/api/v3\n"
         "api_key = ⟦pw:key⟧\n[alerts]\nmail_to = ⟦e:yard⟧\nsms_to = ⟦ph:duty⟧"),
        ("services:\n  palletta-api:\n    image: registry.cfg.internal/wms/palletta-api:7.14.2\n"
         "    environment:\n      POSTGRES_PASSWORD: ⟦pw:pw⟧\n      RABBITMQ_URL: "
         "amqp://⟦uc:mq⟧@⟦ip:ip1⟧:5672/wms\n      SENDGRID_API_KEY: ⟦sg⟧\n      LABEL_PRINTER_IP: ⟦ip:ip2⟧"),
        ("dock_doors.json (YardLoop sensors, ⟦site⟧):\n[{\"door\": 7, \"sensor_mac\": \"⟦mac:m1⟧\", "
         "\"ip\": \"⟦ip:ip1⟧\"},\n {\"door\": 8, \"sensor_mac\": \"⟦mac:m2⟧\", \"ip\": \"⟦ip:ip2⟧\"},\n "
         "{\"door\": 9, \"sensor_mac\": \"⟦mac:m3⟧\", \"ip\": \"⟦ip:ip3⟧\"}]"),
        ("<!-- handheld staging profile, ⟦site⟧ -->\n<wap-provisioningdoc>\n  <characteristic "
         "type=\"Wi-Fi\">\n    <parm name=\"SSID\" value=\"CFG-⟦short⟧-Scan\"/>\n    <parm "
         "name=\"PassPhrase\" value=\"⟦pw:pw⟧\"/>\n    <parm name=\"ProxyHost\" value=\"⟦ip:ip1⟧\"/>\n"
         "  </characteristic>\n  <characteristic type=\"MDM\">\n    <parm name=\"ServerURL\" "
         "value=\"https://mdm.cfg.internal/enroll\"/>\n    <parm name=\"EnrollToken\" value=\"⟦pw:tok⟧\"/>\n"
         "  </characteristic>\n</wap-provisioningdoc>"),
        ("WMS-⟦n⟧ label printer swap at ⟦site⟧: old ZT410 ⟦mac:m1⟧ (⟦ip:ip1⟧) replaced by ZT411 "
         "⟦mac:m2⟧, same IP reserved; printer web admin password changed to ⟦pw:pw⟧ by ⟦p:st⟧."),
        ("palletta.properties\nwms.db.url=jdbc:sqlserver://⟦ip:ip1⟧:1433;databaseName=palletta;"
         "user=palletta_app;password=⟦pw:pw⟧\nwms.edi.sftp.host=⟦ip:ip2⟧\nwms.edi.sftp.password=⟦pw:pw2⟧\n"
         "wms.notify.ops=⟦e:alerts⟧"),
    ]
    for i in range(n):
        st = OPS()
        short = R.choice(["RTM", "HAM", "ANR", "FXT", "SIN", "JEA", "HKG", "HOU"])
        kw = dict(n=n5(), cred=f"palletta:{url_pw()}", alerts=R.choice(
            ["wms-alerts@corvannis.com", "noreply-wms@corvannis.com", "ops.rtm@corvannis.com"]),
                  pw=password(), pw2=password(), ip1=ip_private(), ip2=ip_private(), ip3=ip_private(),
                  ip4=ip_private(), m1=mac(), m2=mac(), m3=mac(), site=f"{short}-WH{R.randint(1, 6)}",
                  cam=f"ocr:{url_pw()}", key=password("alnum"),
                  yard=f"yard.{short.lower()}@corvannis.com", duty=cph(), short=short,
                  mq=f"wms:{url_pw()}", sg=vt("sendgrid"), tok=password("alnum"), st=st.name)
        add("wms-config", T(variants[i % len(variants)], **kw), people(st) if "⟦p:st⟧" in variants[i % len(variants)] else ())


REL = ["wife", "husband", "mother", "father", "sister", "brother", "partner", "daughter", "son",
       "uncle", "aunt", "cousin"]


def driver_onboarding(n):
    variants = [
        ("Onboarding checklist — Dropwise driver ⟦p:dn⟧ (⟦e:dm⟧)\n* Mobile: ⟦ph:dp⟧\n* Payout IBAN: "
         "⟦ib:ib⟧ (account holder ⟦p:dn⟧)\n* Emergency contact (⟦rel⟧): ⟦ph:ep⟧\n* Handheld TC52 "
         "MAC ⟦mac:m⟧, reserved IP ⟦ip:ip⟧\n* Temporary app password: ⟦pw:pw⟧\n* Checked by ⟦p:st⟧"),
        ("ONB-⟦n⟧ New Dropwise driver: ⟦p:dn⟧ <⟦e:dm⟧>, mobile ⟦ph:dp⟧; payouts to ⟦ib:ib⟧; "
         "emergency contact (⟦rel⟧) ⟦ph:ep⟧. Van ⟦plate⟧, handheld ⟦mac:m⟧."),
        ("driver_id,name,email,mobile,payout_iban,emergency_phone\nDRV-⟦n⟧,⟦p:dn⟧,⟦e:dm⟧,⟦ph:dp⟧,"
         "⟦ib:ib⟧,⟦ph:ep⟧\nDRV-⟦n2⟧,⟦p:dn2⟧,⟦e:dm2⟧,⟦ph:dp2⟧,⟦ib:ib2⟧,⟦ph:ep2⟧\nDRV-⟦n3⟧,⟦p:dn3⟧,"
         "⟦e:dm3⟧,⟦ph:dp3⟧,⟦ib:ib3⟧,⟦ph:ep3⟧"),
        ("Payout change ONB-⟦n⟧: driver ⟦p:dn⟧ (⟦e:dm⟧) asks to move payouts from ⟦ib:ib⟧ to "
         "⟦ib:ib2⟧. Verified by call-back on the number on file, ⟦ph:dp⟧ — ⟦p:st⟧."),
        ("Emergency contact update for driver ⟦p:dn⟧, ⟦e:dm⟧: ⟦rel⟧ ⟦ph:ep⟧ replaces ⟦rel2⟧ "
         "⟦ph:ep2⟧. Driver's own mobile unchanged (⟦ph:dp⟧)."),
        ("1099 contractor onboarding (Houston last mile): ⟦p:dn⟧, ⟦e:dm⟧, ⟦ph:dp⟧, W-9 TIN "
         "⟦ssn:ssn⟧; payouts by ACH (routing and account in the payroll system only). "
         "Emergency: ⟦rel⟧ ⟦ph:ep⟧. Reviewed by ⟦p:st⟧."),
    ]
    for i in range(n):
        v = variants[i % len(variants)]
        d, d2, d3, st = DRIVERS(), DRIVERS(), DRIVERS(), OPS()
        ic, ic2, ic3 = IBAN_COUNTRIES(), IBAN_COUNTRIES(), IBAN_COUNTRIES()
        us = "1099" in v
        pc = "US" if us else ("GB" if ic in ("MU", "AE", "TR") else ic)
        kw = dict(dn=d.name, dm=d.email, dp=phone(pc, FORMS()), ib=iban(ic), ib2=iban(ic2),
                  rel=R.choice(REL), rel2=R.choice(REL), ep=phone(pc, FORMS()), m=mac(), ip=ip_private(),
                  pw=password(), st=st.name, n=n4(), n2=n4(), plate=f"V-{R.randint(100, 999)}-"
                  f"{rs(UP, 2)}", dn2=d2.name, dm2=d2.email, dp2=phone(ic2 if ic2 in PLANS else "GB", FORMS()),
                  ep2=phone(pc, FORMS()), ssn=ssn(), n3=n4(), dn3=d3.name, dm3=d3.email,
                  dp3=phone(ic3, FORMS()), ib3=iban(ic3), ep3=phone(ic3, FORMS()))
        add("driver-onboarding", T(v, **kw), people(st) if "⟦p:st⟧" in v else ())


def ssn():
    while True:
        a, g, s = R.randint(1, 899), R.randint(1, 99), R.randint(1, 9999)
        if a != 666 and f"{a:03d}-{g:02d}-{s:04d}" not in ("123-45-6789", "078-05-1120", "219-09-9999"):
            return f"{a:03d}-{g:02d}-{s:04d}"


SUBJECTS = ["Delivery attempt failed", "Parcel marked delivered but not received",
            "Import duties invoice — why?", "Change of delivery address", "Damaged pallet on arrival",
            "Refund for COD payment", "Pick-up slot not honoured", "Missing carton in shipment",
            "Customs hold — documents requested", "Wrong POD photo"]
TITLES = ["Logistics Coordinator", "Import Manager", "Office Manager", "Supply Chain Analyst",
          "Head of Purchasing", "Owner", "Receiving Supervisor", "Procurement Lead"]
MAIL_HOSTS = ["mail.example.net", "smtp.example.com", "mx.inbox.example", "out.example.org",
              "relay.post.example"]


def cs_emails(n):
    for i in range(n):
        c, st = cust(), OPS()
        firm, fdom = FIRMS()
        host = R.choice(MAIL_HOSTS)
        support = R.choice(["customercare@dropwise.delivery", "support@corvannis.com",
                            "cs.antwerp@corvannis.com", "pod-disputes@dropwise.delivery"])
        subj = SUBJECTS[i % len(SUBJECTS)]
        dref = n5()
        body_opts = [
            "Hi,\nthe tracking page says 'delivered' but nothing is here. Please call me on ⟦ph:p1⟧ before 17:00.",
            "Hello,\nyour driver left a card but I was home all day. I can be reached at ⟦ph:p1⟧ (mobile).",
            "Dear team,\nwe were charged import VAT twice for the same parcel. Our AP desk is on ⟦ph:p1⟧.",
            "Hi,\nplease deliver to our warehouse instead of the office. Gate phone ⟦ph:p1⟧, ask for me.",
        ]
        tmpl = ("Return-Path: <⟦e:cm⟧>\nReceived: from ⟦host⟧ (⟦host⟧ [⟦ip:ip1⟧])\n        by "
                "mx2.corvannis.com (Postfix) with ESMTPS id ⟦qid⟧\n        for <⟦e:sup⟧>; ⟦hdate⟧\n"
                "From: \"⟦p:cn⟧\" <⟦e:cm⟧>\nTo: Dropwise Customer Care <⟦e:sup⟧>\nCc: ⟦p:stmail⟧\n")
        if i % 3 == 0:
            tmpl += "Reply-To: ⟦e:cm2⟧\n"
        tmpl += ("Subject: Re: [DRW-⟦dref⟧] ⟦subj⟧ ⟦~trk⟧\nDate: ⟦hdate⟧\nMessage-ID: <⟦~msgid⟧>\n"
                 "X-Originating-IP: [⟦ip:ip2⟧]\n\n" + body_opts[i % len(body_opts)] + "\n\n"
                 "On ⟦qdate⟧, Dropwise Customer Care <⟦e:sup⟧> wrote:\n> Dear ⟦p:cn⟧,\n> thank you for "
                 "your message. Your case reference is DRW-⟦dref⟧.\n> Kind regards, ⟦p:st⟧\n\n--\n⟦p:cn⟧\n"
                 "⟦title⟧, ⟦firm⟧\nM: ⟦ph:p2⟧ | T: ⟦ph:p3⟧ | E: ⟦e:cm⟧")
        cm2 = c.email.split("@")[0] + "@" + fdom if i % 3 == 0 else None
        d2 = R.randint(4, 28)
        kw = dict(cm=c.email, cm2=cm2, host=host, ip1=ip_public(), ip2=ip_public() if i % 4 else ip6(),
                  qid=mixed(B62, 12), sup=support, hdate=f"{day(d2)} Mar 2026 {hhmm()}:{R.randint(10, 59)} "
                  "+0100", cn=c.name, stmail=st.email, dref=dref,
                  subj=subj, trk=tracking(), msgid=f"{mixed(B62, 18)}@{host}", p1=cph(), p2=cph(),
                  p3=phone(R.choice(["GBL", "NLL", "DEL", "SGL"]), R.choice(["intl", "nat"])),
                  qdate=f"{day(d2 - R.randint(1, 3))} Mar 2026 at {hhmm()}", st=st.name, title=R.choice(TITLES),
                  firm=firm)
        add("cs-email", T(tmpl, **kw), people(st))


def pod_disputes(n):
    variants = [
        ("POD-⟦n⟧: ⟦p:cn⟧ (⟦e:cm⟧, ⟦ph:cp⟧) disputes the delivery of ⟦~trk⟧. Driver ⟦p:dn⟧ "
         "(⟦e:dm⟧) scanned 'delivered — neighbour' at ⟦hh⟧ from handheld ⟦mac:m⟧ / ⟦ip:ip⟧; GPS "
         "52.0907, 5.1214 (38 m from the address). Photo POD attached."),
        ("POD dispute DRW-⟦n⟧ — scan log excerpt:\n⟦ts1⟧ DELIVERED ⟦~trk⟧ device=⟦mac:m⟧ ip=⟦ip:ip⟧ "
         "driver=⟦e:dm⟧ sig=\"K.\"\n⟦ts2⟧ SMS sent to ⟦ph:cp⟧ (template POD_DONE)\nCustomer ⟦p:cn⟧ "
         "(⟦e:cm⟧) says nobody rang the bell."),
        ("Chargeback-style POD claim from ⟦p:cn⟧ <⟦e:cm⟧>: parcel ⟦~trk⟧ left in the 'safe place' "
         "shown on the photo, which is not their porch. Driver ⟦p:dn⟧, ⟦e:dm⟧, ⟦ph:dp⟧. Outcome: "
         "refund approved by ⟦p:st⟧."),
        ("POD-⟦n⟧ signature says 'R. HOLT', consignee ⟦p:cn⟧ (⟦e:cm⟧) never heard of them. "
         "Handheld ⟦mac:m⟧ last seen at ⟦ip:ip⟧ (depot Wi-Fi). Call the customer back on ⟦ph:cp⟧."),
        ("||Field||Value||\n|Customer|⟦p:cn⟧|\n|E-mail|⟦e:cm⟧|\n|Phone|⟦ph:cp⟧|\n|Tracking|⟦~trk⟧|\n"
         "|Driver|⟦p:dn⟧ (⟦e:dm⟧)|\n|Scanner|⟦mac:m⟧|\n|Decision|redeliver, ⟦p:st⟧|"),
    ]
    for i in range(n):
        c, d, st = cust(), DRIVERS(), OPS()
        v = variants[i % len(variants)]
        kw = dict(n=n5(), cn=c.name, cm=c.email, cp=cph(), trk=tracking(), dn=d.name, dm=d.email,
                  dp=cph(), hh=hhmm(), m=mac(), ip=ip_private(), ts1=ts(), ts2=ts(), st=st.name)
        add("pod-dispute", T(v, **kw), people(st) if "⟦p:st⟧" in v else ())


def cod_payments(n_prose, n_csv, n_xml):
    prose = [
        ("COD-⟦n⟧: the driver took a card payment at the door for ⟦~trk⟧ — ⟦p:cn⟧ (⟦e:cm⟧) read the "
         "card number aloud and it was typed into the notes field: ⟦cc:card⟧ exp 08/27. Refund of "
         "EUR 34.90 requested to the same card; ⟦p:st⟧ please purge the note."),
        ("Refund COD-⟦n⟧ — customer ⟦p:cn⟧, ⟦e:cm⟧, ⟦ph:cp⟧. Original COD paid with ⟦cc:card⟧ on the "
         "driver's terminal; the acquirer refused the refund, so we pay it to ⟦ib:ib⟧ instead."),
        ("Terminal debug log pasted by the depot (COD-⟦n⟧): PAN=⟦cc:digits⟧ EXP=2811 AMT=12.50 "
         "AUTH=08231B TID=40031122 — customer ⟦p:cn⟧ <⟦e:cm⟧>. Log level fixed, ticket to PCI."),
        ("Customer ⟦p:cn⟧ (⟦e:cm⟧) paid the COD twice: ⟦cc:card⟧ and ⟦cc:card2⟧. Refund the second "
         "charge (GBP 62.00). Called on ⟦ph:cp⟧ to confirm."),
    ]
    for i in range(n_prose):
        c, st = cust(), OPS()
        v = prose[i % len(prose)]
        kw = dict(n=n5(), trk=tracking(), cn=c.name, cm=c.email, card=any_card(), card2=any_card(),
                  digits=any_card("plain"), st=st.name, cp=cph(), ib=iban(IBAN_COUNTRIES()))
        add("cod", T(v, **kw), people(st) if "⟦p:st⟧" in v else ())
    for i in range(n_csv):
        rows = []
        head = ("cod_id,tracking,customer,email,card_number,amount,currency,status\n" if i % 2 == 0
                else "Refund batch ⟦d⟧ (COD card refunds)\nid;name;e-mail;card;amount;reason\n")
        pieces = T(head, d=date())
        for r in range(R.choice([4, 5])):
            c = cust()
            if i % 2 == 0:
                pieces += T("COD-⟦n⟧,⟦~trk⟧,⟦p:cn⟧,⟦e:cm⟧,⟦cc:card⟧,⟦amt⟧,⟦cur⟧,⟦status⟧\n",
                            n=n5(), trk=tracking(), cn=c.name, cm=c.email, card=any_card(R.choice(["plain", "space"])),
                            amt=f"{R.randint(5, 400)}.{rdig(2)}", cur=R.choice(["EUR", "GBP", "USD", "PLN"]),
                            status=R.choice(["REFUND_PENDING", "CAPTURED", "REFUNDED", "DISPUTED"]))
            else:
                pieces += T("R-⟦n⟧;⟦p:cn⟧;⟦e:cm⟧;⟦cc:card⟧;⟦amt⟧;⟦reason⟧\n", n=n5(), cn=c.name,
                            cm=c.email, card=any_card(R.choice(["plain", "dash"])),
                            amt=f"{R.randint(5, 400)},{rdig(2)}",
                            reason=R.choice(["double charge", "parcel lost", "refused delivery", "damaged"]))
        pieces[-1] = pieces[-1].rstrip("\n") if isinstance(pieces[-1], str) else pieces[-1]
        add("cod-csv", pieces)
    for i in range(n_xml):
        debtor = iban(R.choice(["NL", "BE", "DE"]), spaced=False)
        pieces = T("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"><CstmrCdtTrfInitn>"
                   "<GrpHdr><MsgId>CFG-REF-⟦n⟧</MsgId><CreDtTm>⟦d⟧T06:00:00</CreDtTm><NbOfTxs>2</NbOfTxs>"
                   "<InitgPty><Nm>Corvannis Last Mile B.V.</Nm></InitgPty></GrpHdr><PmtInf>"
                   "<PmtInfId>COD-RFND-⟦n⟧</PmtInfId><PmtMtd>TRF</PmtMtd><Dbtr><Nm>Corvannis Last "
                   "Mile B.V.</Nm></Dbtr><DbtrAcct><Id><IBAN>⟦ib:deb⟧</IBAN></Id></DbtrAcct>",
                   n=n5(), d=date(), deb=debtor)
        for _ in range(2):
            c = cust()
            pieces += T("<CdtTrfTxInf><PmtId><EndToEndId>COD-⟦e2e⟧</EndToEndId></PmtId><Amt>"
                        "<InstdAmt Ccy=\"EUR\">⟦amt⟧</InstdAmt></Amt><Cdtr><Nm>⟦p:cn⟧</Nm><CtctDtls>"
                        "<EmailAdr>⟦e:cm⟧</EmailAdr></CtctDtls></Cdtr><CdtrAcct><Id><IBAN>⟦ib:ib⟧</IBAN>"
                        "</Id></CdtrAcct><RmtInf><Ustrd>Refund COD ⟦~trk⟧</Ustrd></RmtInf></CdtTrfTxInf>",
                        e2e=n5(), amt=f"{R.randint(5, 300)}.{rdig(2)}", cn=c.name, cm=c.email,
                        ib=iban(IBAN_COUNTRIES(), spaced=False), trk=tracking())
        pieces += ["</PmtInf></CstmrCdtTrfInitn></Document>"]
        add("cod-xml", pieces)


def telematics_logs(n):
    for i in range(n):
        k = i % 5
        if k == 0:
            pieces = []
            for _ in range(R.choice([4, 5, 6])):
                pieces += T("⟦ts⟧ depot-gw dhcpd[811]: DHCPACK on ⟦ip:ip⟧ to ⟦mac:m⟧ (TC52-⟦dev⟧) via vlan40\n",
                            ts=ts(), ip=ip_private(), m=mac(), dev=n4())
            pieces[-1] = pieces[-1].rstrip("\n")
        elif k == 1:
            d = DRIVERS()
            pieces = T("⟦ts⟧ telematics unit=⟦~imei⟧ vin=⟦~vin⟧ driver=⟦e:dm⟧ ip=⟦ip:ip⟧ apn=m2m.example "
                       "lat=51.9⟦a⟧ lon=4.4⟦b⟧ speed=42 fw=⟦~fw⟧\n⟦ts2⟧ telematics unit=⟦~imei⟧ "
                       "gateway=⟦ip:gw⟧ ignition=off odometer=412877",
                       ts=ts(), imei=imei(), vin=vin(), dm=d.email, ip=ip_public(), a=rdig(3), b=rdig(3),
                       fw=fw(), ts2=ts(), gw=ip_private())
        elif k == 2:
            pieces = T("03-11 06:14:02.381  4471  4502 I BtPrinter: connecting to ⟦mac:m1⟧ (ZQ630)\n"
                       "03-11 06:14:03.017  4471  4502 I BtPrinter: paired, battery 81%\n03-11 06:14:05.662  "
                       "4471  4510 I ScanUpload: POST https://⟦ip:ip⟧:8443/scan ok (212 ms)\n03-11 "
                       "06:14:05.700  4471  4510 W WifiState: roamed to bssid ⟦mac:m2⟧ rssi=-63\n03-11 "
                       "06:14:05.702  4471  4510 I WifiState: ip=⟦ip:ip2⟧ gw=⟦ip:gw⟧",
                       m1=mac(), ip=ip_private(), m2=mac(), ip2=ip_private(), gw=ip_private())
        elif k == 3:
            pieces = T("WLC ⟦site⟧: client ⟦mac:c⟧ roamed AP-DOCK-07 (⟦mac:a1⟧) → AP-DOCK-08 (⟦mac:a2⟧), "
                       "rssi -61, ip ⟦ip:ip⟧, user ⟦e:dm⟧; ⟦ts⟧", site=R.choice(["RTM-WH3", "HAM-WH1", "ANR-WH2"]),
                       c=mac(), a1=mac(), a2=mac(), ip=ip_private(), dm=DRIVERS().email, ts=ts())
        else:
            pieces = T("radiusd: (⟦sid⟧) Login OK: [⟦e:dm⟧] (from client depot-wlc port 0 cli ⟦mac:m⟧)\n"
                       "radiusd: (⟦sid2⟧) Login incorrect: [⟦e:dm2⟧] (from client depot-wlc port 0 cli "
                       "⟦mac:m2⟧ via proxy ⟦ip:ip⟧)\nradiusd: (⟦sid3⟧) Login OK: [⟦e:dm3⟧] (from client "
                       "depot-wlc port 0 cli ⟦mac:m3⟧)", sid=R.randint(1000, 9999), dm=DRIVERS().email,
                       m=mac("dash"), sid2=R.randint(1000, 9999), dm2=DRIVERS().email, m2=mac("dash"),
                       ip=ip_private(), sid3=R.randint(1000, 9999), dm3=DRIVERS().email, m3=mac("dash"))
        add("telematics", pieces)


def edi(n):
    for i in range(n):
        c, c2 = cust(), cust()
        firm, fdom = FIRMS()
        if i % 3 == 0:
            ref = rdig(9)
            t = ("UNA:+.? '\nUNB+UNOC:3+CORVANNISFWD:ZZZ+MERIDIANCL:ZZZ+260311:0614+⟦ref⟧'\n"
                 "UNH+1+IFTMIN:D:04A:UN'\nBGM+335+⟦~bkg⟧+9'\nNAD+CZ+++⟦FIRM⟧'\nCTA+IC+:⟦p:CN⟧'\n"
                 "COM+⟦ph:p1⟧:TE'\nCOM+⟦e:m1⟧:EM'\nNAD+CN+++⟦FIRM2⟧'\nCTA+IC+:⟦p:CN2⟧'\nCOM+⟦ph:p2⟧:TE'\n"
                 "COM+⟦e:m2⟧:EM'\nEQD+CN+⟦~cont⟧+45G1:102:5+2+5'\nUNT+12+1'\nUNZ+1+⟦ref⟧'")
        elif i % 3 == 1:
            t = ("ISA*00*          *00*          *ZZ*CORVANNISFWD   *ZZ*⟦partner⟧*260311*0614*U*00401*"
                 "⟦ctrl⟧*0*P*>~GS*SM*CORVANNISFWD*⟦partner2⟧*20260311*0614*⟦g⟧*X*004010~ST*204*0001~"
                 "B2**CVNF**⟦shipid⟧**PP~N1*SH*⟦FIRM⟧~PER*IC*⟦p:CN⟧*TE*⟦ph:p1⟧*EM*⟦e:m1⟧~N1*CN*⟦FIRM2⟧~"
                 "PER*IC*⟦p:CN2⟧*TE*⟦ph:p2⟧*FX*⟦ph:p3⟧*EM*⟦e:m2⟧~SE*9*0001~")
        else:
            t = ("Failed EDI message (COPARN), pasted by the EDI desk:\nUNB+UNOC:3+CFGRTM+TERMRTM+260311:0910+"
                 "⟦ref⟧'\nUNH+1+COPARN:D:00B:UN:SMDG20'\nBGM+126+⟦~bkg⟧+9'\nNAD+CA+MCL:160:ZZZ'\n"
                 "CTA+IC+:⟦p:CN⟧'\nCOM+⟦ph:p1⟧:TE'\nCOM+⟦e:m1⟧:EM'\nEQD+CN+⟦~cont⟧+22G1:6346:5+++4'\n"
                 "UNT+8+1'\nError: COM segment qualifier 'EM' not supported by the receiving terminal.")
        us = i % 3 == 1
        kw = dict(ref=rdig(9), bkg=booking(), FIRM=firm.upper(), FIRM2=FIRMS()[0].upper(),
                  CN=c.upper, CN2=c2.upper, m1=c.email if R.random() < 0.6 else c.email.upper(),
                  m2=c2.email, p1=(PLANS["US"].nsn() if us else phone(CC(), "00")),
                  p2=(PLANS["US"].nsn() if us else phone(CC(), "00")), p3=PLANS["US"].nsn(),
                  cont=container(), partner=R.choice(["MERIDIANCL     ", "BLUEFINLNS     "]),
                  partner2=R.choice(["MERIDIANCL", "BLUEFINLNS"]), ctrl=rdig(9), g=R.randint(100, 999),
                  shipid=f"CVN{rdig(7)}")
        if us:
            for key in ("p1", "p2", "p3"):
                PHONE_DIGITS.append((kw[key], {kw[key]}))
        add("edi", T(t, **kw))


CUSTOMS_HOSTS = ["api.portcommunity.example", "customs-gw.example", "ncts.customs-gw.example",
                 "ics2.customs-gw.example", "aes-filing.example.com", "pcs.rotterdam.example"]


def api_credentials(n):
    variants = [
        "curl -s -u cfg-pcs-bot:⟦pw:pw⟧ 'https://⟦host⟧/v2/manifests?voyage=⟦voy⟧'",
        "curl -sS -H \"Authorization: Bearer ⟦jwt:jwt⟧\" https://⟦host⟧/ics2/ens/⟦~mrn⟧/status",
        ("PCS_BASE_URL=https://⟦host⟧\nPCS_CLIENT_ID=cfg-rtm-prod\nPCS_CLIENT_SECRET=⟦pw:pw⟧\n"
         "NCTS_USER=CFG-NL-0412\nNCTS_PASSWORD=⟦pw:pw2⟧\nTWILIO_API_KEY=⟦api_key/twilio:sk⟧\n"
         "TWILIO_API_SECRET=⟦api_key/twilio:sksec⟧"),
        ("apiVersion: v1\nkind: Secret\nmetadata:\n  name: customs-gw-credentials\n  namespace: brokerage\n"
         "type: Opaque\ndata:\n  username: ⟦~b64user⟧\n  password: ⟦pw:b64pw⟧\n  api-key: ⟦pw:b64key⟧"),
        ("2026-03-11T06:12:44.1823Z Run ./scripts/pcs-sync.sh --user cfg-ci --password ⟦pw:pw⟧\n"
         "2026-03-11T06:12:45.0044Z POST https://⟦host⟧/oauth/token 200\n2026-03-11T06:12:45.0101Z "
         "access_token=⟦jwt:jwt⟧"),
        ("pcs_api_token          = \"⟦pw:pw⟧\"\ncustoms_gateway_secret = \"⟦pw:pw2⟧\"\n"
         "aws_access_key_id      = \"⟦api_key/aws:akid⟧\"\naws_secret_access_key  = \"⟦api_key/aws:aksec⟧\""),
        ("vault kv put secret/brokerage/ncts username=CFG-NL-0412 password=⟦pw:pw⟧\n"
         "export VAULT_TOKEN=⟦api_key/hashicorp:hvs⟧"),
        ("{\"name\": \"PCS prod\", \"values\": [{\"key\": \"base_url\", \"value\": \"https://⟦host⟧\"}, "
         "{\"key\": \"client_id\", \"value\": \"cfg-edi-⟦n⟧\"}, {\"key\": \"client_secret\", \"value\": "
         "\"⟦pw:pw⟧\"}, {\"key\": \"refresh_token\", \"value\": \"⟦pw:rt⟧\"}]}"),
        "resp = requests.post(\"https://⟦host⟧/aes/v1/filings\", auth=(\"cfg-aes-hou\", \"⟦pw:pw⟧\"), json=payload)",
        ("<wsse:UsernameToken><wsse:Username>cfg-broker-⟦n⟧</wsse:Username><wsse:Password "
         "Type=\"#PasswordText\">⟦pw:pw⟧</wsse:Password><wsse:Nonce>⟦~nonce⟧</wsse:Nonce></wsse:UsernameToken>"),
        "[Pipeline] sh\n+ curl -fsS -u cfg-jenkins:⟦pw:pw⟧ -X POST https://⟦host⟧/api/v1/cuscar/upload -F file=@cuscar.edi",
        ("The AES export-filing portal login for the Houston desk is user CFG-HOU-EXP, password ⟦pw:pw⟧ "
         "— ⟦p:st⟧, please move it to Vault and rotate."),
        "X-API-Key: ⟦pw:key⟧ (PCS sandbox key leaked in the Postman screenshot on CUS-⟦n⟧, rotated by ⟦p:st⟧)",
        ("terraform.tfvars (customs-integration):\nncts_endpoint  = \"https://⟦host⟧/ncts5\"\n"
         "ncts_password  = \"⟦pw:pw⟧\"\nslack_webhook  = \"⟦api_key/slack:hook⟧\""),
        ("# hs-classifier/.env (CUS tooling)\nANTHROPIC_API_KEY=⟦api_key/anthropic:ant⟧\n"
         "OPENAI_API_KEY=⟦api_key/openai:oai⟧\nHF_TOKEN=⟦api_key/huggingface:hf⟧\n"
         "CUSTOMS_GW_PASSWORD=⟦pw:pw⟧"),
        ("stages: [build, publish]\nvariables:\n  GITLAB_TOKEN: ⟦api_key/gitlab:gl⟧\n  NPM_TOKEN: "
         "⟦api_key/npm:npm⟧\n  TWINE_PASSWORD: ⟦api_key/pypi:pypi⟧\n  SHOPIFY_ADMIN_TOKEN: ⟦api_key/shopify:shp⟧"),
    ]
    for i in range(n):
        v = variants[i % len(variants)]
        st = ENG()
        kw = dict(pw=password(), pw2=password(), host=R.choice(CUSTOMS_HOSTS),
                  voy=f"{R.randint(100, 999)}W", jwt=jwt({"scope": "manifest.read ens.write",
                                                        "client_id": "cfg-edi-" + n4()}),
                  mrn=mrn(), sk=token("twilio"), sksec=token("twilio", "secret"),
                  b64user=b64("cfg-broker-" + n4()), b64pw=b64(password()), b64key=b64(password("alnum")),
                  akid=token("aws"), aksec=token("aws", "secret"), hvs=token("hashicorp"),
                  n=n4(), rt=password("alnum"), nonce=base64.b64encode(rbytes(16)).decode(),
                  st=st.name, key=password("hex"), hook=token("slack", "hook"), ant=token("anthropic"),
                  oai=token("openai"), hf=token("huggingface"), gl=token("gitlab"), npm=token("npm"),
                  pypi=token("pypi"), shp=token("shopify"))
        add("api-credentials", T(v, **kw), people(st) if "⟦p:st⟧" in v else ())


VENDOR_PROSE = {
    "anthropic": "Key for the HS-code suggestion assistant (CUS tooling): ⟦tok⟧ — ⟦p:st⟧ please move it to the vault.",
    "atlassian": "Jira automation for FWD → CUS cloning calls the REST API as ⟦p:stmail⟧ with token ⟦tok⟧.",
    "aws": "AWS key pair for the POD photo bucket (s3://cfg-pod-photos): ⟦tok⟧ / ⟦tok2⟧",
    "azure": ("EDI archive connection string: DefaultEndpointsProtocol=https;AccountName=cfgediarchive;"
              "AccountKey=⟦tok⟧;EndpointSuffix=core.windows.net"),
    "digitalocean": "DigitalOcean token for the public tracking-page droplets: ⟦tok⟧",
    "github": "The yard-gw deploy script still has a personal token in it: ⟦tok⟧ (⟦p:st⟧'s, revoke it).",
    "gitlab": "git clone https://oauth2:⟦tok⟧@gitlab.corvannis.com/wms/palletta.git",
    "google": "Maps Platform key used by the Dropwise route optimiser: ⟦tok⟧",
    "hashicorp": "export VAULT_ADDR=https://vault.cfg.internal:8200 VAULT_TOKEN=⟦tok⟧",
    "huggingface": "HF token for the B/L field-extraction model download: ⟦tok⟧",
    "npm": ".npmrc of the tracking widget: //registry.npmjs.org/:_authToken=⟦tok⟧",
    "openai": "OPENAI_API_KEY=⟦tok⟧ # customer e-mail triage bot (Dropwise CS)",
    "pypi": "twine upload -u __token__ -p ⟦tok⟧ dist/cfg_edi_tools-2.4.0*",
    "sendgrid": "SendGrid key for the POD confirmation e-mails: ⟦tok⟧",
    "shopify": "Merchant sync: X-Shopify-Access-Token: ⟦tok⟧ (store lumenhome-example, COD orders)",
    "slack": "Yard alerts go to #yard-ops via ⟦tok⟧",
    "stripe": "COD web checkout (pay-before-delivery link): ⟦tok⟧, webhook signing secret ⟦tok2⟧",
    "twilio": "SMS gateway credentials for delivery notifications: API key ⟦tok⟧, secret ⟦tok2⟧",
}
VENDOR_CHAT = [
    "[⟦hh⟧] ⟦p:st⟧: here is the ⟦vendor⟧ key for the ⟦what⟧, delete after copying: ⟦tok⟧",
    "⟦p:st⟧ ⟦hh⟧\nfound this in the ⟦what⟧ repo history 😬 ⟦tok⟧\n⟦p:st2⟧ ⟦hh2⟧\nrevoking now",
    "[⟦hh⟧] ⟦p:st⟧: can you test with ⟦tok⟧ ? it's the ⟦vendor⟧ one from the ⟦what⟧ .env",
]
WHATS = ["POD mailer", "tracking page", "yard alerts", "customs bot", "COD checkout", "WMS exporter",
         "driver app backend", "EDI converter"]


def vendor_tokens(n_prose, n_chat):
    order = list(VENDORS)
    for i in range(n_prose):
        v = order[i % len(order)]
        st = ENG()
        if v == "aws":
            kw = dict(tok=vt("aws"), tok2=vt("aws", "secret"))
        elif v == "stripe":
            kw = dict(tok=vt("stripe", R.choice(["sk", "rk"])), tok2=vt("stripe", "whsec"))
        elif v == "twilio":
            kw = dict(tok=vt("twilio"), tok2=vt("twilio", "secret"))
        elif v == "slack":
            kw = dict(tok=vt("slack", "hook"))
        elif v == "github":
            kw = dict(tok=vt("github", R.choice(["ghp", "pat"])))
        elif v == "hashicorp":
            kw = dict(tok=vt("hashicorp"))
        else:
            kw = dict(tok=vt(v))
        kw.update(st=st.name, stmail=st.email)
        tmpl = VENDOR_PROSE[v]
        add("vendor-token", T(tmpl, **kw), people(st) if "⟦p:" in tmpl else ())
    chat_vendors = Cycle(["anthropic", "atlassian", "gitlab", "huggingface", "npm", "pypi",
                          "shopify", "digitalocean", "google", "openai"])
    for i in range(n_chat):
        v = chat_vendors()
        st, st2 = ENG(), OPS()
        tok = vt(v, "xoxb" if v == "slack" else "tfc" if v == "hashicorp" else None)
        tmpl = VENDOR_CHAT[i % len(VENDOR_CHAT)]
        add("vendor-chat", T(tmpl, hh=hhmm(), hh2=hhmm(), st=st.name, st2=st2.name, vendor=v.capitalize()
                              if v not in ("openai", "github", "gitlab", "npm", "pypi") else
                              {"openai": "OpenAI", "github": "GitHub", "gitlab": "GitLab",
                               "npm": "npm", "pypi": "PyPI"}[v], what=R.choice(WHATS), tok=tok),
            people(st, st2))


GL_RULES = {"github": "github-pat", "stripe": "stripe-access-token", "google": "gcp-api-key",
            "openai": "openai-api-key", "shopify": "shopify-access-token",
            "digitalocean": "digitalocean-pat", "azure": "azure-storage-account-key",
            "hashicorp": "vault-service-token", "slack": "slack-webhook-url"}
GL_VARS = {"github": "GITHUB_TOKEN", "stripe": "STRIPE_SECRET_KEY", "google": "MAPS_API_KEY",
           "openai": "OPENAI_API_KEY", "shopify": "SHOPIFY_ADMIN_TOKEN", "digitalocean": "DO_TOKEN",
           "azure": "AZURE_STORAGE_KEY", "hashicorp": "VAULT_TOKEN", "slack": "SLACK_WEBHOOK"}


def gitleaks(n):
    vs = Cycle(["github", "stripe", "google", "openai", "shopify", "digitalocean", "azure",
                "hashicorp", "slack", "github"])
    for i in range(n):
        pieces, ppl = [], []
        for k in range(2):
            v = vs()
            st = ENG()
            ppl.append(st)
            tok = token(v, "hook" if v == "slack" else "ghp" if v == "github" else None)
            t = ("⟦sep⟧Finding:     ⟦var⟧=⟦api_key/" + v + ":tok⟧\nSecret:      ⟦api_key/" + v + ":tok⟧\n"
                 "RuleID:      ⟦rule⟧\nEntropy:     ⟦ent⟧\nFile:        ⟦file⟧\nLine:        ⟦line⟧\n"
                 "Commit:      ⟦~sha⟧\nAuthor:      ⟦p:st⟧\nEmail:       ⟦p:stmail⟧\nDate:        ⟦ts⟧\n"
                 "Fingerprint: ⟦~fp⟧")
            sha = rs(HEX, 40)
            f = R.choice(["ops/alerts/.env", "wms/palletta-api/.env.prod", "edi/converter/config.ini",
                          "dropwise/backend/settings.py", "yard/gw/deploy.sh", "infra/tf/edi.tfvars"])
            ln = R.randint(3, 80)
            pieces += T(t, sep="\n\n" if k else "", var=GL_VARS[v], tok=tok, rule=GL_RULES[v],
                        ent=f"{R.uniform(3.9, 5.9):.6f}", file=f, line=str(ln), sha=sha, st=st.name,
                        stmail=st.email, ts=ts(), fp=f"{sha}:{f}:{GL_RULES[v]}:{ln}")
        add("gitleaks", pieces, people(*ppl))


SHEET_VENDORS = [
    ("atlassian", "Jira automation (API)", "https://corvannis.atlassian.net"),
    ("shopify", "Merchant sync (Lumen Home store)", "https://lumenhome-example.myshopify.com"),
    ("digitalocean", "Tracking page droplets", "https://cloud.digitalocean.com"),
    ("pypi", "cfg-edi-tools release", "https://pypi.org"),
    ("anthropic", "HS classifier assistant", "https://console.anthropic.com"),
    ("huggingface", "B/L OCR model", "https://huggingface.co"),
    ("npm", "tracking widget publish", "https://www.npmjs.com"),
    ("gitlab", "palletta CI", "https://gitlab.corvannis.com"),
    ("atlassian", "Confluence export job", "https://corvannis.atlassian.net"),
]


def password_sheets(n):
    systems = [("Port community system (RTM)", "https://pcs.rotterdam.example", "CFG-RTM-OPS"),
               ("NCTS phase 5 trader portal", "https://ncts.customs-gw.example", "CFG-NL-0412"),
               ("ICS2 shared trader interface", "https://ics2.customs-gw.example", "cfg-ics2-filer"),
               ("Carrier portal Meridian", "https://portal.mcl.example", "ops.rotterdam"),
               ("Carrier portal Bluefin", "https://eportal.bluefin-lines.example", "cfgfwd01"),
               ("Terminal appointment system", "https://tas.portcommunity.example", "cfg-haulage"),
               ("Airline cargo portal", "https://cargo.skyport-cargo.example", "CFG-AMS-36471"),
               ("Depot router admin", "https://⟦ip⟧", "admin")]
    for i in range(n):
        pieces = T("Shared passwords — ⟦hub⟧ ops (DO NOT SHARE) | exported from the old spreadsheet\n"
                   "system,url,username,password,owner\n", hub=HUBS[i])
        for sys_, url, user in R.sample(systems, 6):
            st = OPS()
            if "⟦ip⟧" in url:
                pieces += T("⟦sys⟧,https://⟦ip:ip⟧,⟦user⟧,⟦pw:pw⟧,⟦p:st⟧\n", sys=sys_, ip=ip_private(),
                            user=user, pw=password(), st=st.name)
            else:
                pieces += T("⟦sys⟧,⟦url⟧,⟦user⟧,⟦pw:pw⟧,⟦p:st⟧\n", sys=sys_, url=url, user=user,
                            pw=password(), st=st.name)
            pieces.append("")
        for vendor, label, url in SHEET_VENDORS[3 * i:3 * i + 3]:
            pieces += T("⟦label⟧,⟦url⟧,api,⟦api_key/" + vendor + ":tok⟧,⟦p:st⟧\n", label=label, url=url,
                        tok=token(vendor), st=ENG().name)
        pieces += T("SendGrid (POD mails),https://app.sendgrid.com,apikey,⟦api_key/sendgrid:tok⟧,⟦p:st⟧",
                    tok=token("sendgrid"), st=ENG().name)
        ppl = [BY_NAME[p.value] for p in pieces if isinstance(p, Lab) and p.kind == "person"]
        add("password-sheet", pieces, people(*ppl))


def jwts(n):
    variants = [
        "curl -H 'Authorization: Bearer ⟦jwt:j⟧' https://api.dropwise.delivery/v3/routes/⟦~uuid⟧/stops",
        ("{\"access_token\":\"⟦jwt:j⟧\",\"expires_in\":900,\"refresh_expires_in\":28800,"
         "\"refresh_token\":\"⟦jwt:j2⟧\",\"token_type\":\"Bearer\",\"session_state\":\"⟦~uuid⟧\"}"),
        "⟦ts⟧ WARN api-gw: 401 for route /pcs/manifests — token expired: Bearer ⟦jwt:j⟧",
        "Cookie: dw_session=⟦jwt:j⟧; dw_locale=en-GB",
        ("users:\n- name: yard-ci\n  user:\n    token: ⟦jwt:j⟧"),
        "{\"name\":\"authorization\",\"value\":\"Bearer ⟦jwt:j⟧\"} (HAR from the customs portal, CUS-⟦n⟧)",
        "Driver app login response for ⟦e:dm⟧: id_token=⟦jwt:j⟧",
    ]
    for i in range(n):
        d = DRIVERS()
        kw = dict(j=jwt({"azp": "dropwise-app", "email": d.email} if i % 2 else {"scope": "routes.read"}),
                  j2=jwt(alg="HS256"), uuid=uuid4(), ts=ts(), n=n5(), dm=d.email)
        add("jwt", T(variants[i % len(variants)], **kw))


def private_keys(n):
    variants = [
        ("SFTP key for the customs broker drop (sftp.customs-gw.example), pasted in DEVOPS-⟦n⟧ by "
         "⟦p:st⟧:\n{code}\n⟦pk:k⟧\n{code}"),
        "AS2 signing key for the EDI partner link (rotated ⟦d⟧):\n⟦pk:k⟧",
        "yard-gw TLS key (found in /etc/ssl/private on the old box):\n⟦pk:k⟧\nCertificate and chain are in the ticket too.",
        "deploy key for palletta-config (read-only):\n⟦pk:k⟧",
        ("{\"type\": \"service_account\", \"project_id\": \"cfg-routing-prod\", \"private_key_id\": "
         "\"⟦~kid⟧\", \"private_key\": \"⟦pk:k⟧\\n\", \"client_email\": \"⟦e:sa⟧\", \"client_id\": \"⟦~cid⟧\"}"),
    ]
    kinds = ["rsa", "pkcs8", "ec", "openssh"]
    for i in range(n):
        v = variants[i % len(variants)]
        st = ENG()
        esc = "service_account" in v
        k = pem("pkcs8" if esc else kinds[i % 4], escaped=esc)
        add("private-key", T(v, n=n5(), st=st.name, k=k, d=date(), kid=rs(HEX, 40),
                             sa="route-optimiser@cfg-routing-prod.iam.gserviceaccount.com", cid=rdig(21)),
            people(st) if "⟦p:st⟧" in v else ())


def url_credentials(n):
    variants = [
        "EDI_BROKER_URL=amqps://⟦uc:c⟧@mq.cfg.internal:5671/edi",
        "CACHE_URL=rediss://⟦uc:c⟧@redis-tracking.cfg.internal:6380/0",
        "mongodb+srv://⟦uc:c⟧@telematics.cluster0.example.net/fleet?retryWrites=true",
        "SMTP_URL=smtp://⟦uc:c⟧@smtp.corvannis.com:587",
        "psql \"postgresql://⟦uc:c⟧@⟦ip:ip⟧:5432/yardloop?sslmode=require\"",
        "Carrier SFTP for booking files: sftp://⟦uc:c⟧@sftp.mcl.example:22/inbound/",
        "MQTT_URL=mqtts://⟦uc:c⟧@telematics-mqtt.cfg.internal:8883",
        "AS2 test endpoint https://⟦uc:c⟧@edi-gw.example.com/as2/inbound (partner test only)",
        "Old FTP drop still used by one customs agent: ftp://⟦uc:c⟧@⟦ip:ip⟧/cusdec/",
        "mssql://⟦uc:c⟧@⟦ip:ip⟧:1433/wms_reporting",
    ]
    users = ["edi", "tracking", "fleet_rw", "pod-mailer%40corvannis.com", "yard_app", "cfgfwd",
             "telematics", "cfg-as2", "cusdec", "report_ro"]
    for i in range(n):
        v = variants[i % len(variants)]
        user = "" if "rediss" in v else users[i % len(users)]
        add("url-credentials", T(v, c=f"{user}:{url_pw()}",
                                 ip=ip_private()))


def cloud_keys(n):
    variants = [
        ("[cfg-pod-prod]\naws_access_key_id = ⟦api_key/aws:a⟧\naws_secret_access_key = ⟦api_key/aws:b⟧\n"
         "aws_session_token = ⟦pw:st⟧"),
        "AZURE_STORAGE_CONNECTION_STRING=\"DefaultEndpointsProtocol=https;AccountName=cfgpodphotos;AccountKey=⟦api_key/azure:z⟧;EndpointSuffix=core.windows.net\"",
        "maps:\n  provider: google\n  api_key: ⟦api_key/google:g⟧\n  region: EU",
        ("provider \"aws\" {\n  region     = \"eu-west-1\"\n  access_key = \"⟦api_key/aws:a⟧\"\n  "
         "secret_key = \"⟦api_key/aws:b⟧\"\n}"),
        ("spaces:\n  endpoint: ams3.digitaloceanspaces.com\n  access_key_id: ⟦~spid⟧\n  secret: ⟦pw:sp⟧\n"
         "do_token: ⟦api_key/digitalocean:do⟧"),
        "credentials \"app.terraform.io\" {\n  token = \"⟦api_key/hashicorp:tfc⟧\"\n}",
        "storage_account_key = \"⟦api_key/azure:z⟧\"   # cfgediarchive, tfvars of the EDI stack",
        "AWS_ACCESS_KEY_ID=⟦api_key/aws:a⟧ AWS_SECRET_ACCESS_KEY=⟦api_key/aws:b⟧ aws s3 sync ./pod s3://cfg-pod-archive",
    ]
    for i in range(n):
        add("cloud-keys", T(variants[i % len(variants)], a=token("aws"), b=token("aws", "secret"),
                             st="IQoJb3JpZ2luX2VjE" + mixed(B64, 340), z=token("azure"), g=token("google"),
                             spid="DO00" + rs(UP + DIG, 16), sp=mixed(B64, 43), do=token("digitalocean"),
                             tfc=token("hashicorp", "tfc")))


def depot_wifi(n):
    variants = [
        ("interface=wlan0\nssid=CFG-RTM-Dock\nbssid=⟦mac:m⟧\nwpa=2\nwpa_key_mgmt=WPA-PSK\n"
         "wpa_passphrase=⟦pw:pw⟧\nauth_server_addr=⟦ip:ip⟧\nauth_server_shared_secret=⟦pw:pw2⟧"),
        ("Waalhaven depot Wi-Fi: SSID CFG-RTM-Ops, WPA2 key ⟦pw:pw⟧ (written on the dock-office "
         "whiteboard — please rotate). AP controller at ⟦ip:ip⟧."),
        "{\"name\": \"CFG-HAM-Scan\", \"security\": \"wpapsk\", \"x_passphrase\": \"⟦pw:pw⟧\", \"bssid\": \"⟦mac:m⟧\"}",
        "Hauliers' lounge Felixstowe: network CFG-Guest-FXT, password ⟦pw:pw⟧ (changes monthly, next on the 1st).",
        "nmcli dev wifi connect CFG-SIN-Scan password '⟦pw:pw⟧' ifname wlan0",
        "network={\n    ssid=\"CFG-JEA-Ops\"\n    psk=\"⟦pw:pw⟧\"\n    key_mgmt=WPA-PSK\n}",
    ]
    for i in range(n):
        add("depot-wifi", T(variants[i % len(variants)], m=mac(), pw=wifi_pw(), pw2=password("alnum"),
                             ip=ip_private()))


def vcards(n):
    simple = [c for c in EN if len(c.name.split()) == 2]
    for i in range(n):
        if i % 4 == 3:
            st = OPS()
            if len(st.name.split()) != 2:
                st = BY_NAME["Callum Reid"]
            given, fam = st.name.split()
            t = ("BEGIN:VCARD\nVERSION:3.0\nFN:⟦p:fn⟧\nN:⟦p:fam⟧;⟦p:giv⟧;;;\nORG:Corvannis Freight Group\n"
                 "TITLE:⟦title⟧\nTEL;TYPE=CELL:⟦ph:p1⟧\nEMAIL;TYPE=INTERNET:⟦p:em⟧\nEND:VCARD")
            add("vcard", T(t, fn=st.name, fam=fam, giv=given, title=st.role, p1=st.phone, em=st.email),
                people(st))
            continue
        c = simple[i % len(simple)]
        given, fam = c.name.split()
        firm, fdom = FIRMS()
        t = ("BEGIN:VCARD\nVERSION:3.0\nFN:⟦p:fn⟧\nN:⟦p:fam⟧;⟦p:giv⟧;;;\nORG:⟦firm⟧\nTITLE:⟦title⟧\n"
             "TEL;TYPE=CELL:⟦ph:p1⟧\nTEL;TYPE=WORK:⟦ph:p2⟧\nEMAIL;TYPE=INTERNET:⟦e:em⟧\nEND:VCARD")
        add("vcard", T(t, fn=c.name, fam=fam, giv=given, firm=firm, title=R.choice(TITLES),
                       p1=cph(), p2=cph(), em=c.email))


def chats(n):
    variants = [
        ("⟦p:a⟧  ⟦hh⟧\n@⟦p:b⟧ the haulier for ⟦~cont⟧ is ⟦p:cn⟧, ⟦ph:cp⟧ — can you book the slot?\n"
         "⟦p:b⟧  ⟦hh2⟧\nbooked, gate-in 11:40. Confirmation goes to ⟦p:cn⟧ at ⟦e:cm⟧"),
        ("[11/03/2026 ⟦hh⟧] ⟦p:a⟧: forklift at dock 4 is down, technician ⟦p:cn⟧ ⟦ph:cp⟧ (⟦e:cm⟧)\n"
         "[11/03/2026 ⟦hh2⟧] ⟦p:b⟧: 👍 my mobile if needed: ⟦ph:bph⟧"),
        ("⟦p:a⟧ ⟦hh⟧: someone posted the SMTP password in #depot-rtm: ⟦pw:pw⟧ — rotating now\n"
         "⟦p:b⟧ ⟦hh2⟧: the yard webhook is in the same thread, ⟦api_key/slack:hook⟧"),
        ("[⟦hh⟧] ⟦p:a⟧: driver ⟦p:dn⟧ (⟦e:dm⟧) called in sick, route R-⟦n⟧ covered by ⟦p:dn2⟧ "
         "(⟦ph:dp2⟧, ⟦e:dm2⟧)\n[⟦hh2⟧] ⟦p:b⟧: ok, swapping handhelds ⟦mac:m⟧ → ⟦mac:m2⟧"),
        ("⟦p:a⟧ ⟦hh⟧\nVIP customer ⟦p:cn⟧ (⟦e:cm⟧) called again from ⟦ph:cp⟧, wants a manager call-back today\n"
         "⟦p:b⟧ ⟦hh2⟧\nI'll call. My direct line is ⟦ph:bph⟧ if they ring back"),
        ("[⟦hh⟧] ⟦p:a⟧: new scanner Wi-Fi key for ⟦site⟧ is ⟦pw:pw⟧, APs reboot at 22:00; controller ⟦ip:ip⟧\n"
         "[⟦hh2⟧] ⟦p:b⟧: noted, I'll re-stage the TC52s tomorrow"),
        ("⟦p:a⟧ ⟦hh⟧: printer at dock 12 has MAC ⟦mac:m⟧ but DHCP gave it ⟦ip:ip⟧, the reservation says ⟦ip:ip2⟧\n"
         "⟦p:b⟧ ⟦hh2⟧: fixed, lease cleared"),
    ]
    for i in range(n):
        a, b = OPS(), None
        b = other_staff(a)
        c, d, d2 = cust(), DRIVERS(), DRIVERS()
        kw = dict(a=a.name, b=b.name, hh=hhmm(), hh2=hhmm(), cont=container(), cn=c.name, cm=c.email,
                  cp=cph(), bph=b.phone, pw=password(), hook=token("slack", "hook"), dn=d.name,
                  dm=d.email, n=n4(), dn2=d2.name, dp2=cph(), dm2=d2.email, m=mac(), m2=mac(),
                  site=R.choice(["RTM-WH3", "HAM-WH1", "ANR-WH2", "SIN-WH1"]), ip=ip_private(), ip2=ip_private())
        pieces = T(variants[i % len(variants)], **kw)
        if i % 3 != 1:
            pieces += T("\n⟦p:a⟧ ⟦hh⟧: thanks — I'm on ⟦ph:aph⟧ until 18:00 if anything changes",
                        a=a.name, hh=hhmm(), aph=a.phone)
        add("chat", pieces, people(a, b))


SMS_BODIES = [
    "\"Your parcel ⟦~trk⟧ arrives today between 10:00 and 12:00. Reply STOP to 84470\"",
    "\"Dropwise: we missed you. Rebook at track.dropwise.delivery or reply 1 for tomorrow.\"",
    "\"Your driver is 3 stops away. Questions? Call ⟦ph:drv⟧\"",
    "\"COD amount due: EUR 34.90 (card or cash). Ref ⟦~trk⟧\"",
]
SMS_IN = ["\"Please leave with neighbour at no. 14\"", "\"1\"", "\"STOP\"", "\"I'm at work, deliver after 6pm\"",
          "\"Gate code is on the door, ring twice\""]


def sms_exports(n):
    for i in range(n):
        pieces = T("timestamp,direction,msisdn,sender,body,status\n")
        for r in range(R.choice([7, 8, 9, 10])):
            country = CC()
            if r % 2 == 0:
                body = SMS_BODIES[(i + r) % len(SMS_BODIES)]
                pieces += T("⟦ts⟧,OUT,⟦ph:m⟧,DROPWISE," + body + ",⟦st⟧\n", ts=ts(),
                            m=phone(country, "msisdn"), trk=tracking(), drv=phone(country, "intl"),
                            st=R.choice(["DELIVERED", "DELIVERED", "FAILED", "EXPIRED"]))
            else:
                pieces += T("⟦ts⟧,IN,⟦ph:m⟧,,⟦body⟧,RECEIVED\n", ts=ts(), m=phone(country, "e164"),
                            body=R.choice(SMS_IN))
        pieces[-1] = pieces[-1].rstrip("\n")
        add("sms-export", pieces)


# --- negatives -----------------------------------------------------------------------------------

NEG_PARAM = [
    "Container ⟦~cont⟧ gated out at Maasvlakte II ⟦~ts⟧, seal ⟦~seal⟧, VGM 27 340 kg.",
    "AWB ⟦~awb⟧: 4 pcs / 612.5 kg chargeable, routing FRA–DXB–BOM, flight QY 4471 departs 22:10.",
    "SSCC ⟦~sscc⟧ received on dock 7: 1 pallet 120x80x144 cm, 486 kg, logger min 2.1 °C / max 5.8 °C.",
    "HS ⟦~hs⟧ — duty 0 %, import VAT 21 %; EORI ⟦~eori⟧ validated on ⟦~date⟧.",
    "GTIN ⟦~gtin⟧ and ship-to GLN ⟦~gln⟧ mapped to SKU CFG-SKU-⟦~n⟧ in Palletta.",
    "⟦~imo⟧ (MV ⟦vname⟧) berths at ECT Delta 4, ETA ⟦~ts⟧, 1 412 moves planned.",
    "UPS ⟦~ups⟧ delivered to the front desk, signed RECEPTION, 3 of 3 pieces.",
    "Tracking ⟦~usps⟧ in transit, last scan ⟦~date⟧ 18:22 CST, Memphis TN hub.",
    "Tractor unit VIN ⟦~vin⟧ for lane RTM–DUS, odometer 412 877 km, next service ⟦~date⟧.",
    "Booking ⟦~bkg⟧ rolled to week 12; new cut-off ⟦~date⟧ 12:00, 2 x 40HC + 1 x 20DV.",
    "Invoice ⟦~inv⟧: demurrage 6 days x EUR 85.00 = EUR 510.00, due 30 days net.",
    "Handheld firmware ⟦~fw⟧ rolled out to 214 TC52s at the Hamburg hub; version check OK.",
    "eB/L document hash (SHA-256) ⟦~sha⟧ matches the registry copy.",
    "Shipment event ⟦~uuid⟧ replayed to the TMS after the carrier API returned 503.",
    "Reefer ⟦~cont⟧: set point -18.0 °C, supply -18.4 °C, return -17.6 °C at ⟦~ts⟧.",
    "Seal ⟦~seal⟧ intact at destination; photo in POD-⟦~n⟧.jpg.",
    "B/L ⟦~bl⟧ surrendered; telex release sent ⟦~date⟧ 15:42 CET.",
    "MRN ⟦~mrn⟧ released for free circulation, 2 items, statistical value EUR 48 210.",
    "Deployed palletta-api@sha256:⟦~sha⟧ (git ⟦~gitsha⟧) to the RTM cluster.",
    "Route optimisation job ⟦~uuid⟧: 1 204 stops in 14.2 s, geocoding cache hit rate 91 %.",
    "IMEI ⟦~imei⟧ of the replacement handheld registered in MDM; warranty until 2027-11.",
    "Chassis ⟦~chassis⟧ in yard slot B-14-03, gate-in 06:42, gate-out 11:17, dwell 4 h 35 min.",
    "MAWB ⟦~awb⟧ / HAWB CFG-HAWB-2026-⟦~n⟧, 6 pcs 812 kg, DIMS 120x80x110 x6.",
    "Temperature log (logger ⟦~serial⟧): 06:00 4.2 °C, 06:15 4.4 °C, 06:30 4.1 °C.",
    "Duplicate pallet label ⟦~sscc⟧ voided and reprinted on the ZT411.",
    "Port call ⟦~pc⟧ at Jebel Ali T3, quay crane QC12, 148 moves, first lift ⟦~ts⟧.",
    "UPS ⟦~ups⟧ and the 22-digit ⟦~usps⟧ belong to the same split shipment.",
    "VGM for ⟦~cont⟧ submitted: 24 180 kg (method 2), signed by the shipper's logistics desk.",
    "Flight QY ⟦~flt⟧ / ⟦~dd⟧MAR ETD 22:10 ETA 06:45+1, ULD AKE ⟦~uld⟧QY.",
    "Delivery window ⟦~date⟧ 08:00–10:00, dock 3, 26 pallets, tail-lift not required.",
    "SSH host key fingerprint SHA256:⟦~fpr⟧ for sftp.customs-gw.example (public, not a secret).",
    "ZPL test label: ^XA^FO50,50^BCN,100,Y,N,N^FD(00)⟦~sscc⟧^FS^XZ",
    "Partner allow-list entry: ssh-ed25519 ⟦~pub⟧ edi-yard-gw",
    "Palletta build ⟦~fw⟧ deployed to the Antwerp warehouse; rollback build kept for 7 days.",
    "Container ⟦~cont⟧ and ⟦~cont2⟧ cross-stuffed at the CFS; new seals ⟦~seal⟧ / ⟦~seal2⟧.",
    "EORI ⟦~eori⟧ (importer) and ⟦~eori2⟧ (declarant) on the same MRN ⟦~mrn⟧.",
    "Vessel ⟦~vessel⟧ 612W: ETA Rotterdam Mon 06:00, Hamburg Wed 14:00, Antwerp Fri 09:00.",
    "Logger ⟦~serial⟧ report: 288 readings, mean 4.6 °C, MKT 4.9 °C, no alarms.",
    "timestamp,logger,temp_c,door\n⟦~ts⟧,⟦~serial⟧,4.2,closed\n⟦~ts2⟧,⟦~serial⟧,4.4,open\n⟦~ts3⟧,⟦~serial⟧,4.1,closed",
    ("UNB+UNOC:3+MERIDIANCL+CORVANNISFWD+260311:0915+⟦~n⟧'\nUNH+1+IFTSTA:D:99B:UN'\nBGM+23+⟦~bkg⟧+9'\n"
     "EQD+CN+⟦~cont⟧'\nSTS+1+GOU'\nLOC+175+NLRTM'\nDTM+334:202603110642:203'\nUNT+7+1'"),
    "ST*214*0001~B10*⟦~n⟧*⟦~bkg⟧*CVNF~AT7*X1*NS***20260311*0642*LT~MS1*ROTTERDAM**NL~SE*5*0001~",
    "⟦~ts⟧ scan SSCC ⟦~sscc⟧ dock=07 user=op-114 result=OK\n⟦~ts2⟧ scan GTIN ⟦~gtin⟧ qty=48 result=OK",
    "Gate transaction ⟦~n⟧: truck plate 47-BLN-3, container ⟦~cont⟧, seal ⟦~seal⟧, OCR confidence 98.4 %.",
    "Pallet ⟦~sscc⟧ — 120x80x144, 486 kg, stack 2 high max; label printed ⟦~ts⟧.",
]
NEG_STATIC = [
    "The password for the dock-office PC was reset by IT; the user picks a new one at next login.",
    "Carrier API token expired at 03:00 UTC; the scheduler refreshed it automatically, no action needed.",
    "Reminder: never paste the customs gateway password into Jira — use the Vault path secret/data/customs/ncts.",
    "Placeholders in the onboarding template: ${PCS_API_KEY}, {{ secrets.CUSTOMS_PASSWORD }}, <your-token-here>.",
    "EDI separators: UNA:+.? ' — X12 uses * as element separator, ~ as segment terminator and > for sub-elements.",
    "ISA*00*          *00*          *ZZ*CORVANNISFWD   *ZZ*MERIDIANCL     *260311*0614*U*00401*000004471*0*P*>~",
    "MV Santa Valentina left Port Louis for Victoria (Seychelles) with 412 TEU on board.",
    "Consignee Harrow & Finch Trading Ltd (Georgetown) asked for delivery after the holiday; no contact details on file.",
    "Tug Lady Isobel assisted the berthing at Felixstowe Trinity Terminal, berth 8.",
    "Morgan Kestrel Haulage subcontracted the RTM–ANR shuttle for week 11.",
    "Version matrix: Palletta 7.14.2, YardLoop 3.9.0-rc2, Dropwise app 5.22.1 (build 52201), Android 13.",
    "Masked card •••• 4417 accepted at the door; auth code 08231B; terminal TID 40031122.",
    "Masked payout IBAN NL** **** **** **** 4410 on the statement — the full number is only in the finance system.",
    "Scanner gateway listens on 0.0.0.0:9100 and the health check on 127.0.0.1:9101.",
    "Depot VLAN 40 uses netmask 255.255.255.0, gateway .1, DHCP range .100–.199.",
    "Charges: THC EUR 245, BAF USD 412, ISPS EUR 12.50, documentation fee EUR 45.",
    "Incoterms FCA Venlo / DAP Johannesburg; LC 0471-2026-A, draft at sight.",
    "Driver shift plan week 11: 42 routes, 3 118 stops, 96.4 % first-time delivery.",
    "Password policy for handhelds: 12+ characters, rotate every 90 days, no reuse of the last 5.",
    "Weight 24 000 kg gross, tare 3 750 kg, payload 20 250 kg; container 12.03 x 2.35 x 2.69 m.",
    "Claims CLM-2026-004471 and CLM-2026-004472 are duplicates; close the second one.",
    "Coordinates 51.9244, 4.4777 (depot gate); geofence radius 150 m.",
    "Duty: CIF EUR 48 210.00 x 4.5 % = EUR 2 169.45; VAT base EUR 50 379.45.",
    "Cron: 0 */4 * * * /opt/yardloop/bin/sync --since 2026-03-11T00:00Z",
    "Hazmat: UN 3480 lithium-ion batteries, PI 965 Section II, 18 cartons, CAO label.",
    "client_secret rotated on 2026-03-02; the new value lives in Vault, not in this ticket.",
    "Masked phone on the parcel label: +44 ** **** *412 (privacy print).",
    "Masked e-mail in the tracking page footer: r****@e*****.com",
    "Timecode 00:14:22:08 of the CCTV export shows the pallet being loaded at door 7.",
    "OUI 00:1B:63 belongs to the scanner vendor; the report shows the MAC masked as A4:C1:38:**:**:**.",
    "Jira automation 'Token refresh' ran 14 times; last success 2026-03-11 05:00 UTC.",
    "GitHub Actions log: PCS_CLIENT_SECRET=*** (masked by the runner).",
    "Terraform plan: + ncts_password = (sensitive value)",
    "Booking party Victoria Freight Services in Victoria, BC — a company, not a person.",
    "UN/LOCODE route NLRTM → SGSIN → AUSYD with transhipment at MYTPP.",
    "The Wi-Fi password for the Oviedo depot changed last week; ask the depot lead in person.",
    "Delivery to Mount Pleasant, Charleston SC; the gate code is on the delivery instructions page, not here.",
    "Cold-chain excursion TER-0412: 8.4 °C for 23 min at 2026-03-10T13:40Z, within tolerance.",
    "DO NOT REPLY — this mailbox is not monitored (auto-generated by Dropwise).",
    "API key rotation is scheduled for 2026-04-01; owners will receive a Jira task.",
    "Phone field left blank in the booking form: +__ ___ ___ ____ (customer will call back).",
    "Invoice INV-2026-004471 and PO 4500123456 match; three-way match OK.",
    "Tare 3 750 kg, max gross 32 500 kg, CSC plate ACEP NL-0471-2019.",
    "Deliveries to Port Vila, Papeete and Malé resume after the cyclone warning is lifted.",
    "Stuffing plan: 26 EUR pallets (120x80) + 4 block pallets (120x100), two tiers, 18 420 kg.",
    "The SFTP password expired for the customs drop; the broker requested a reset through the portal.",
    "Santa Cruz de Tenerife, Las Palmas and Arrecife are served by the Thursday feeder.",
    "Lady Anne Terminal and Prince Rupert are two different stops on the rail schedule.",
    "Token bucket rate limit on the PCS API: 50 requests/s, burst 200; 429 after that.",
    "The secret for the webhook is stored as a Kubernetes Secret (name: pcs-webhook); value not shown.",
    ("pcs:\n  client_id: cfg-rtm-prod\n  client_secret: ${PCS_CLIENT_SECRET}\n  token_url: "
     "https://api.portcommunity.example/oauth/token\nsmtp:\n  user: ${SMTP_USER}\n  password: ${SMTP_PASSWORD}"),
    ("2026-03-11T06:12:44Z Run ./scripts/pcs-sync.sh --user cfg-ci --password ***\n"
     "2026-03-11T06:12:45Z POST https://api.portcommunity.example/oauth/token 200\n2026-03-11T06:12:45Z access_token=***"),
]


def negatives(n):
    static = list(NEG_STATIC)
    cyc = Cycle(NEG_PARAM)
    staff_for_people = Cycle(HQ)
    for i in range(n):
        if static and i % 2 == 0:
            t, kw = static.pop(0), {}
        else:
            t = cyc()
            kw = dict(cont=container(), cont2=container(), seal=seal(), seal2=seal(), awb=awb(),
                      sscc=sscc(), gtin=gtin13(), gln=gln(), hs=hs(), eori=eori(), eori2=eori(),
                      imo=imo(), vin=vin(), ups=ups(), usps=usps22(), bkg=booking(), inv=inv(), fw=fw(),
                      sha=sha256(), uuid=uuid4(), mrn=mrn(), bl=bl(), imei=imei(), date=date(), ts=ts(),
                      gitsha=rs(HEX, 40), n=n4(), chassis=f"{R.choice(['TRLU', 'DCLZ', 'FLXZ'])}{rdig(6)}",
                      serial=f"TL{rdig(8)}", pc=f"AEJEA26{rdig(5)}", flt=str(R.randint(1000, 9999)),
                      dd=f"{R.randint(1, 28):02d}", uld=str(R.randint(10000, 99999)),
                      fpr=b64url_nopad(rbytes(32)).replace("-", "+").replace("_", "/"),
                      pub="AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(rbytes(32)).decode()[:43],
                      vessel=R.choice(VESSELS), vname=R.choice(VESSELS).title(), ts2=ts(), ts3=ts())
        ppl = people(staff_for_people()) if R.random() < 0.25 else []
        add("negative", T(t, **kw), ppl)


# --- validation ----------------------------------------------------------------------------------

KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"} | {"api_key/" + v for v in VENDORS}
VENDOR_RE = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{150,}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"do[opr]_v1_[0-9a-f]{64}",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9_-]{24,}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{60,}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-(?:proj|svcacct)-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{100,}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca|ss|pa)_[0-9a-f]{32}",
    "slack": (r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[0-9a-f]{32}"
              r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8,12}/B[A-Z0-9]{8,12}/[A-Za-z0-9]{24}"),
    "stripe": r"(?:sk|rk)_live_[A-Za-z0-9]{24,}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
OUR_DOMAINS = ("corvannis.com", "dropwise.delivery", "corvannis-customs.net")
PARTICLES = {"ulı", "qızı", "фырт", "de", "la", "del", "van", "der", "den", "von", "da", "dos",
             "das", "di", "le", "mma"}
PLACEHOLDER_WORDS = ("changeme", "password123", "xxxx", "REPLACE", "<", "${", "{{", "***")
DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                                "2001:db8::/32", "100.64.0.0/10")]
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
IPV4_RE = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\d.])")
PLUS_PHONE_RE = re.compile(r"(?<![\w+])(?:\+|00)\d[\d \-()]{6,}\d")
MAC_RE = re.compile(r"(?i)(?<![0-9a-f:-])[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}(?![0-9a-f:-])")
SECRET_RE = re.compile(
    r"sk_live_|rk_live_|whsec_|gh[pous]_[A-Za-z0-9]{10}|github_pat_|glpat-|xox[bp]-|hooks\.slack|"
    r"AKIA[A-Z2-7]{8}|ASIA[A-Z2-7]{16}|AIza[A-Za-z0-9_-]{20}|hvs\.|hf_[A-Za-z]{20}|npm_[A-Za-z0-9]{20}|"
    r"sk-ant-|sk-proj-|sk-svcacct-|pypi-Ag|SG\.[A-Za-z0-9_-]{20}|shp(?:at|ca|ss)_|eyJ[A-Za-z0-9_-]{10}|"
    r"BEGIN [A-Z ]*PRIVATE|ATATT|atlasv1|://[^/\s:@]+:[^/\s@]+@|://:[^/\s@]+@")
DIGIT_RUN_RE = re.compile(r"\d(?:[ -]?\d){12,18}")
IBAN_RE = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}")


class Invalid(Exception):
    pass


def build(line):
    """Text, spans (byte offsets) and the blanked text (labels and look-alikes as spaces)."""
    text, blank, spans, pos = [], [], [], 0
    for p in line["pieces"]:
        if isinstance(p, Lab):
            b = len(p.value.encode())
            spans.append({"kind": p.kind, "start": pos, "end": pos + b, "value": p.value})
            text.append(p.value)
            blank.append(" " * len(p.value))
            pos += b
        elif isinstance(p, Look):
            text.append(p.value)
            blank.append(" " * len(p.value))
            pos += len(p.value.encode())
        else:
            text.append(p)
            blank.append(p)
            pos += len(p.encode())
    return "".join(text), spans, "".join(blank)


GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"})


def person_spelled(name, emails):
    """Whether an address's local part spells every part of `name` (through its Latin
    transliteration; German umlauts may be spelt ae / oe / ue)."""
    tr = NAME_TRANSLIT.get(name, name)
    words = [w for w in tr.replace("-", " ").split() if w.lower() not in PARTICLES]
    for e in emails:
        local = fold(e.split("@")[0].replace(".", ""))
        if all(fold(w) in local or fold(w.translate(GERMAN)) in local for w in words):
            return True
    return False


def check_value(kind, v, line_text, span):
    if kind == "credit_card":
        d = re.sub(r"[ -]", "", v)
        if not (d.isdigit() and luhn_ok(d)) or d in TEST_CARDS:
            raise Invalid(f"card {v}")
        if not any(d.startswith(p) and len(d) in ls for p, ls in
                   ((p, ls) for ps, ls in BRANDS.values() for p in ps)):
            raise Invalid(f"card brand {v}")
    elif kind == "iban":
        s = v.replace(" ", "")
        if not iban_valid(v) or IBAN_LEN.get(s[:2]) != len(s) or not national_ok(s):
            raise Invalid(f"iban {v}")
        if " " in v and any(len(g) != 4 for g in v.split(" ")[:-1]):
            raise Invalid(f"iban grouping {v}")
    elif kind == "ip_address":
        a = ipaddress.ip_address(v)
        if (a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or a.is_reserved
                or any(a in n for n in DOC_NETS if n.version == a.version)):
            raise Invalid(f"ip {v}")
    elif kind == "mac_address":
        if not MAC_RE.fullmatch(v):
            raise Invalid(f"mac {v}")
    elif kind == "email":
        if not EMAIL_RE.fullmatch(v):
            raise Invalid(f"email {v}")
        dom = v.split("@")[1].lower()
        if not (dom.endswith(OUR_DOMAINS) or dom.endswith(".example") or dom in ("example.com", "example.net", "example.org")
                or dom.endswith((".example.com", ".example.net", ".example.org"))
                or dom.endswith(".iam.gserviceaccount.com")):
            raise Invalid(f"email domain {v}")
    elif kind == "phone":
        if not re.fullmatch(r"[+0-9 ()\-]+", v):
            raise Invalid(f"phone chars {v}")
        digits = re.sub(r"\D", "", v)
        if not 7 <= len(digits) <= 15 or digits not in PHONE_OK.get(v, ()):
            raise Invalid(f"phone digits {v}")
    elif kind == "ssn":
        a, g, s = v.split("-")
        if not (re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) and a not in ("000", "666") and int(a) < 900
                and g != "00" and s != "0000"):
            raise Invalid(f"ssn {v}")
    elif kind == "jwt":
        h, p, sig = v.split(".")
        hd = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
        json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
        if "alg" not in hd or not sig:
            raise Invalid(f"jwt {v[:30]}")
    elif kind == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----(.*)-----END \1-----", v, re.S)
        if not m:
            raise Invalid("pem armour")
        base64.b64decode(m.group(2).replace("\\n", "").replace("\n", ""), validate=True)
    elif kind == "password":
        if len(v) < 8 or any(w in v for w in PLACEHOLDER_WORDS) or "\n" in v:
            raise Invalid(f"password {v}")
    elif kind == "url_credentials":
        before = line_text.encode()[:span["start"]].decode()
        after = line_text.encode()[span["end"]:].decode()
        if not (before.endswith("://") and after.startswith("@") and ":" in v) or any(
                c in v for c in "@/?#"):
            raise Invalid(f"url_credentials {v}")
    elif kind.startswith("api_key/"):
        vendor = kind.split("/", 1)[1]
        if not re.fullmatch(VENDOR_RE[vendor], v):
            raise Invalid(f"{kind} shape {v[:40]}")
        if vendor in ("github", "npm") and not v.startswith("github_pat_"):
            body = v.split("_", 1)[1]
            if crc_suffix(body[:30]) != body[30:]:
                raise Invalid(f"{kind} checksum {v}")


def scan_leaks(blank, name_parts):
    """What the blanked text still holds that looks like something we label."""
    found = []
    for m in EMAIL_RE.finditer(blank):
        found.append(("email", m.group()))
    for m in IPV4_RE.finditer(blank):
        s = m.group()
        try:
            a = ipaddress.ip_address(s)
        except ValueError:
            continue
        if not (a.is_loopback or a.is_unspecified or s.startswith("255.")):
            found.append(("ip", s))
    for m in PLUS_PHONE_RE.finditer(blank):
        if len(re.sub(r"\D", "", m.group())) >= 8:
            found.append(("phone", m.group()))
    for m in MAC_RE.finditer(blank):
        found.append(("mac", m.group()))
    for m in SECRET_RE.finditer(blank):
        found.append(("secret", m.group()))
    for m in DIGIT_RUN_RE.finditer(blank):
        d = re.sub(r"\D", "", m.group())
        if 13 <= len(d) <= 19 and luhn_ok(d):
            found.append(("luhn", m.group()))
    for m in IBAN_RE.finditer(blank):
        if iban_valid(m.group()):
            found.append(("iban", m.group()))
    for part in name_parts:
        if re.search(r"(?<!\w)" + re.escape(part) + r"(?!\w)", blank):
            found.append(("name", part))
    return found


def validate(records):
    texts, errors = set(), []
    staff_by = {}
    for s in STAFF:
        for key in (s.name, s.email, s.aid):
            staff_by[key] = s
    name_parts = set()
    for p in STAFF + EN + ROSTER_NAMES + list(DRIVERS.items):
        for w in p.name.replace("-", " ").split():
            if len(w) >= 4 and w.lower() not in PARTICLES:
                name_parts.add(w)
    for rec, line in records:
        text = rec["text"]
        where = f"{rec['id']} ({line['cat']}/{line['lang']})"
        try:
            if text in texts:
                raise Invalid("duplicate text")
            texts.add(text)
            data = text.encode()
            prev_end = 0
            emails = [s["value"] for s in line["spans"] if "@" in s["value"] and s["kind"] in ("email", "person")]
            ppl = {(p["display_name"], p["email"], p["account_id"]) for p in rec["people"]}
            ppl_keys = {k for t in ppl for k in t}
            for s in line["spans"]:
                if s["kind"] not in KINDS:
                    raise Invalid(f"kind {s['kind']}")
                if not (0 <= s["start"] < s["end"] <= len(data)) or s["start"] < prev_end:
                    raise Invalid(f"offsets {s}")
                prev_end = s["end"]
                if data[s["start"]:s["end"]].decode() != s["value"]:
                    raise Invalid(f"slice {s}")
                if s["value"] != s["value"].strip() or not s["value"]:
                    raise Invalid(f"whitespace around {s['value']!r}")
                if "\n" in s["value"] and s["kind"] != "private_key":
                    raise Invalid(f"line break in {s['kind']}")
                check_value(s["kind"], s["value"], text, s)
                if s["kind"] == "person":
                    v = s["value"]
                    if v in staff_by:
                        if v not in ppl_keys:
                            raise Invalid(f"staff {v} not in people")
                    elif not person_spelled(v, [e for e in emails if e != v]):
                        raise Invalid(f"person {v} without an address spelling the name")
            leaks = scan_leaks(line["blank"], name_parts)
            if leaks:
                raise Invalid(f"unlabelled look-alikes: {leaks}")
            if line["cat"].endswith("negative") and line["spans"]:
                raise Invalid("negative line with spans")
            if not line["cat"].endswith("negative") and not line["spans"]:
                raise Invalid("positive line without spans")
        except Invalid as e:
            errors.append(f"{where}: {e}")
        except Exception as e:  # noqa: BLE001 - any failure of a check is a violation
            errors.append(f"{where}: {type(e).__name__}: {e}")
    return errors


# --- main ----------------------------------------------------------------------------------------


def generate():
    lang_lines()
    shipment_tickets(16)
    customs_tickets(16)
    booking_confirmations(10)
    bills_of_lading(12)
    wms_configs(14)
    driver_onboarding(18)
    cs_emails(18)
    pod_disputes(10)
    cod_payments(8, 6, 6)
    telematics_logs(14)
    edi(12)
    api_credentials(26)
    vendor_tokens(18, 6)
    gitleaks(5)
    password_sheets(3)
    jwts(10)
    private_keys(8)
    url_credentials(12)
    cloud_keys(8)
    depot_wifi(6)
    vcards(8)
    chats(14)
    sms_exports(8)
    negatives(114)


def main():
    generate()
    global PHONE_OK, NAME_TRANSLIT
    PHONE_OK = {}
    for s, ok in PHONE_DIGITS:
        PHONE_OK.setdefault(s, set()).update(ok)
    NAME_TRANSLIT = {}
    for p in STAFF + EN + ROSTER_NAMES + list(DRIVERS.items):
        NAME_TRANSLIT[p.name] = p.translit
        NAME_TRANSLIT[p.name.upper()] = p.translit
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    records = []
    for i, idx in enumerate(order, 1):
        line = LINES[idx]
        text, spans, blank = build(line)
        line["spans"], line["blank"] = spans, blank
        rec = {"id": f"held13-{i:05d}", "text": text, "people": line["people"],
               "spans": [{"kind": s["kind"], "start": s["start"], "end": s["end"]} for s in spans]}
        records.append((rec, line))
    errors = validate(records)
    negatives_n = sum(1 for r, _ in records if not r["spans"])
    if len(records) != 550 or negatives_n != 150:
        errors.append(f"expected 550 lines with 150 negatives, got {len(records)} / {negatives_n}")
    if errors:
        print(f"{len(errors)} violation(s); nothing written:", file=sys.stderr)
        for e in errors[:60]:
            print("  " + e, file=sys.stderr)
        return 1
    with open(OUT, "w", encoding="utf-8") as f:
        for rec, _ in records:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # Read back: every span's bytes in the written file decode to the labelled value.
    with open(OUT, encoding="utf-8") as f:
        for raw, (rec, line) in zip(f, records):
            back = json.loads(raw)
            data = back["text"].encode()
            for s, lab in zip(back["spans"], line["spans"]):
                assert data[s["start"]:s["end"]].decode() == lab["value"], (back["id"], s)
    kinds = Counter(s["kind"] for r, _ in records for s in r["spans"])
    print(f"wrote {OUT.name}: {len(records)} lines, {sum(kinds.values())} spans, "
          f"{negatives_n} negative lines")
    for k, c in sorted(kinds.items(), key=lambda kv: (kv[0].startswith("api_key/"), kv[0])):
        print(f"  {k:<26}{c:>5}")
    langs = Counter(line["lang"] for _, line in records)
    print("languages:", ", ".join(f"{k} {v}" for k, v in sorted(langs.items())))
    cats = Counter(line["cat"] for _, line in records)
    print("categories:", ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    return 0


PHONE_OK = {}
NAME_TRANSLIT = {}

if __name__ == "__main__":
    sys.exit(main())
