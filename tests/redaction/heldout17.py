#!/usr/bin/env python3
"""Writes heldout17.jsonl: a seventeenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional property-management and real-estate group holds ("Wrenhollow
Property Group", WPG: the letting agency Wrenhollow Lettings, the build-to-rent operator Wrenhollow
Living with blocks in the UK and in Tulsa, Albuquerque, Flagstaff, Oklahoma City and Denver, and the
facilities arm Wrenhollow Facilities with its smart-building platform "Lintelsense" (BACnet / Modbus
gateways, meter hubs), the lock bridge "lockbridge", the tenant app, chat and contact form "Doorwren"
and the maintenance contractor portal "Fixrota"; buildings such as Tannery Yard, Larkspur Wharf,
Calder Mills and Foundry Square, and regional offices in Pawhuska, Xichang, Imphal, Rangamati,
Mangshi, Balige, Elista, Srinagar, Window Rock, Genoa, Katowice, Võru, Cobán, Kitwe, Iloilo and
Constanța; made-up domains wrenhollow.homes, wrenhollow-fm.net and wph.internal, third parties only
under reserved example names: example.com / .net / .org and their subdomains, mail.example,
inbox.example, post.example, correo.example, posta.example, poczta.example, flowright-plumbing.example,
heatwise.example, ...): tenant complaint and repair tickets (Jira fields, watchers, `@` and
`[~accountid:...]` mentions, a `/jira/people/` link, JSM requests, website contact forms, quoted
forwards, Doorwren chatbot transcripts), vulnerability flags and emergency-contact exports with
relatives' phones, US rental applications with references and SSNs, a guarantor form, a US
contractor's W-9 and a refund form with an SSN, deposit refunds to IBANs (prose and ISO 20022
PmtInf / CdtTrfTxInf XML with the agency's own client-account IBAN), rent standing-order changes and
SEPA mandate amendments (old and new IBAN), supplier mandate-fraud e-mails, landlord statements and
landlords' bank changes, payroll bank changes, arrears / tenant / key-fob / emergency-contact CSV
exports, cards pasted into chats, a payment terminal's debug log and a chargeback CSV, contractor
on-call rotas (Jira wiki tables with `[name|mailto:...]` links), contractor vCards and Fixrota job
JSON, SMS gateway exports (bare MSISDN out, E.164 in), e-mails with full headers, replies with quoted
text and staff signatures, a cron mail; Wi-Fi for show flats and residents (hostapd, UniFi JSON,
prose), BACnet gateway YAML, a Modbus gateway INI, BMS alarm logs, smart-lock hubs, intercom SIP
configs, CCTV NVR RTSP URLs with credentials; .env, YAML, docker-compose, Kubernetes Secrets,
Terraform tfvars, AWS credential files with a session token, Azure storage connection strings,
`vault kv get` output, curl commands (Basic, bearer JWT, Twilio, Stripe, GitHub, SendGrid, Jira
REST), CI logs (GitHub Actions, GitLab, Jenkins, npm), gitleaks findings, vendor tokens in prose,
JWTs (cookies, token responses, request dumps, logs), private keys (OpenSSH, EC, RSA, PKCS#8 and a
GCP service-account JSON), URL credentials of fourteen schemes (postgresql, postgres, rediss, redis,
mysql, amqps, mongodb+srv, mqtts, smtps, sftp, ftp, https, wss, rtsp), credential flags (`sshpass
-p`, `mysql -p'...'`, `redis-cli -a`, `PGPASSWORD=`), DHCP / DHCPv6, RADIUS, IPv4 / IPv6 firewall
drops and an impossible-travel alert.

Sixteen languages besides English, none listed by the earlier sets' docstrings (Osage, Nuosu
(Sichuan Yi), Meitei (Manipuri), Chakma, Tai Nüa, Toba Batak, Kalmyk (Oirat), Kashmiri, Navajo,
Ligurian (Genoese), Silesian, Võro, Qʼeqchiʼ, Bemba, Hiligaynon, Aromanian), in eight scripts
besides Latin, six of them used by no earlier set: the Osage script, the Yi syllabary (Nuosu), Meetei
Mayek (Meitei), the Chakma script, Tai Le (Tai Nüa) and the Batak script (Toba Batak); besides
Cyrillic for Kalmyk (һ ә ө ү җ ң) and Perso-Arabic for Kashmiri (ٲ ٕ ۄ ؠ). The six new scripts are
written from Latin drafts through small transliterators in this file (an alphabet for Osage and
Tai Le with its tone letters, Yi syllables looked up by their Unicode names, and one abugida
routine with vowel signs, independent vowels, coda forms and killers for Meetei Mayek (lonsum
letters, apun iyek), Chakma (virama, maayyaa) and Batak (pangolat, the ng and h signs)), so they are
plausible in form rather than idiomatic; the Osage, Yi and Tai Nüa drafts in particular are the
author's pseudo-text. In each language: two tenant complaints with the tenant's phone and e-mail
(framed in turn as a Jira ticket with a watcher, a Doorwren contact form, a quoted forward or a
chatbot transcript), a maintenance note with a colleague's (a listed staff member) and a relative's
phone, a building Wi-Fi password given with the language's own word for password (𐓷𐓘𐓥𐓫 𐓣𐓟, ꂱꂷ,
ꯑꯊꯨꯞꯄꯥ ꯋꯍꯩ, 𑄉𑄪𑄛𑄳𑄖𑄮 𑄇𑄗, ᥑᥣᥛᥰ ᥘᥣᥙᥳ, ᯂᯖ ᯘᯢᯪ, нууц үг, خُفیہ لفظ, saad bee ʼahidiníʼąą, paròlla
segrêta, hasło, salasõna, muqmuukil aatin, ishiwi lya nkama, tinago nga pulong, zbor ascumtu), a
card pasted into a chat, a refund (to an IBAN in GB, IT, PL, EE, GT and RO for Kashmiri, Ligurian,
Silesian, Võro, Qʼeqchiʼ and Aromanian, to a card elsewhere: Discover for Osage, UnionPay for Nuosu
and Tai Nüa, RuPay for Meitei, Visa for Chakma and Toba Batak, Mir for Kalmyk, Amex for Navajo,
Mastercard for Bemba, Diners for Hiligaynon) and two
negative sentences with property look-alikes. Names in Osage (𐓊𐓣𐓻𐓶 𐓄𐓘𐓡𐓶𐓮𐓤𐓘 ↔ tsizhu.pahuska),
Yi written solid (ꐎꀘꀊꑟ ↔ qubi.axi), Meetei Mayek family name first (ꯂꯥꯏꯁ꯭ꯔꯝ ꯁꯅꯥꯇꯣꯝꯕꯤ ↔
sanatombi.laishram), Chakma (𑄥𑄪𑄟𑄨𑄖 𑄘𑄬𑄤𑄚𑄴 ↔ sumita.dewan), Tai Le (ᥢᥣᥣᥒᥰ ᥠᥣᥛᥰ ᥕᥤᥒᥰ ↔
nangkham.ying), Batak (ᯖᯪᯥᯒ᯲ᯔ ᯘᯪᯖᯬᯒᯮᯘ᯲ ↔ tiurma.sitorus), Cyrillic (Өлзә Санҗиева ↔
olza.sanzhieva), Arabic script (شبنم بٹ ↔ shabnam.bhat) and Latin script with diacritics and local
customs (Navajo acute and nasal hooks, Ligurian ò, Silesian ó ł ś, Võro õ ü, Qʼeqchiʼ double surnames,
Hiligaynon two-part given names, German ü spelt ue, Irish Ó, Dutch `van der`, Turkish ı, Polish
ń); staff display names in Latin, Han, Meetei Mayek, Chakma, Batak, Cyrillic and Arabic script with
Latin addresses. Phone numbers of 42 countries and territories (UK, Ireland, USA (Oklahoma, Arizona,
New Mexico ... area codes), Canada, China, India, Bangladesh, Myanmar, Indonesia, Russia, Pakistan,
Italy, Poland, Estonia, Guatemala, Zambia, Philippines, Romania, North Macedonia, Germany, France,
Netherlands, Spain, Australia, Singapore, UAE, Kenya, South Africa, Japan, Hong Kong, Sweden,
Belgium, Portugal, Nigeria, Malawi, Brazil, Mexico, Turkey, Finland, Nepal, Switzerland, Austria),
from each country's mobile numbering plan (prefixes and lengths), in national, international, `00`,
E.164, dashed (`+41-79-...`), bracketed (`(918) 482-1234`, `+44 (0)7912 ...`, `8 (963) ...`,
`(+86) ...`), dotted (`06.12.34.56.78`, `918.482.1234`) and bare-MSISDN form; IBANs of 23 countries
(GB, IE, IT, PL, EE, GT, RO, FR, DE, NL, BE, ES, PT, CH, AT, FI, SE, DK, NO, AE, LT, CZ, PK;
Italian CIN, French RIB keys, Spanish DC, Portuguese NIB, Belgian mod-97, Dutch 11-test, Polish
bank-code, Norwegian mod-11, Finnish Luhn and Estonian 7-3-1 check digits), spaced in fours or
plain; card numbers of sixteen brands (Visa, Mastercard 5x and 2-series, Amex, Discover, JCB, Diners,
UnionPay of 16 and 19 digits, Maestro of 16 and 19 digits, Mir, RuPay, Troy, Elo, Dankort; spaced,
dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL credentials;
private keys; tokens of the eighteen vendors of the earlier sets' list, each four times or more
(distinct tokens). 551 lines, about 1,200 labelled spans; 150 lines are negatives built from hard
look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, xtask/, js/, wit/,
examples/ and the rest of the engine), at README.md, SECURITY.md or other docs, at git history, logs
or diffs, or at the other sets' sentences, generators or data (no .jsonl file was opened; not
benign.py, generate.py, tickets.py or handwritten.*); only evaluate.py, checks.py and the module
docstrings of heldout.py and heldout2.py to heldout16.py were read (printed through
`ast.get_docstring`, nothing below them), and nothing was built or run but this script. Its first
score is therefore a blind one.

    python3 tests/redaction/heldout17.py

A summary (lines, spans per kind, negatives, languages and their scripts, categories, phone
countries and forms, IBAN countries, card brands) is printed after writing.

Deterministic: every random part (staff, tenants, contractors and landlords drawn from fixed
rosters, phone digits, IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies, timestamps,
look-alikes) comes from one seeded `random.Random` (SEED), which also shuffles the line order at the
end; staff, contacts, buildings, card brands, IBAN countries, phone countries and forms, complaint
frames and prose-token templates are taken in turn (`Cycle`). Nothing depends on set order, the
clock, the environment or the hash seed. Every line is validated before anything is written (see
`validate`); any violation aborts with a message and writes nothing: texts unique; offsets inside
the text, not overlapping, each span's UTF-8 bytes the labelled value (checked again on the written
file); the shape of every labelled value (Luhn, brand prefix and length for cards, never a published
test number; country length, mod-97 check through checks.py and the national check digits listed
above for IBANs, groups of four when spaced; parseable IPs that are not loopback, unspecified,
link-local, multicast, reserved, CGN, benchmark or documentation addresses; MAC shape; JWT header
with "alg" and payload that decode; PEM armour and base64 body; vendor token formats, with the CRC32
checksum (base62, six characters) of GitHub and npm tokens; US SSN ranges; phone characters and
digits equal to the calling code, `00` and calling code, or trunk prefix plus the national number
drawn from the country's plan; passwords that are no placeholder or weak word, of three character
classes or base64; url_credentials holding no `@ / ? #` or blank; e-mail domains that are ours or
reserved; no staff address labelled `email`; a listed person is in the line's `people`, anyone else
named has an address labelled in the same line whose local part spells every part of the name,
through its Latin transliteration for the non-Latin scripts); at least four distinct tokens per
vendor. The text left unlabelled (labels and declared look-alikes blanked) is scanned for e-mail
addresses, IPv4 and IPv6 addresses, `+` / `00` / North American / trunk-prefixed phone shapes and
bare runs of 10-15 digits, MAC addresses, SSN shapes, vendor-token, JWT, PEM and URL-credential
shapes, password keywords (and every language's own word) followed by a value, Luhn-valid runs of
13-19 digits (also across spaces and dashes), valid IBANs, and every name part of the rosters (as
written and in capitals; short parts too in non-Latin scripts). Look-alikes that carry check digits
(MPAN cores, IMEIs and ICCIDs with their Luhn digit) are generated with valid ones; serials meant to
fail Luhn and ledger codes meant to fail mod-97 are checked to fail. Placeholders, masks, loopback
addresses and netmasks stand on negative lines only. Negative lines carry no span, positive lines
at least one.

Format (the one evaluate.py reads):

    {"id": "held17-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦...⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line break,
except a private key with real newlines.

Labelling conventions: those of heldout16.py's docstring (and through it heldout4.py's to
heldout15.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `noreply%40...` stays inside);
  a vendor token used as a URL password (`https://oauth2:glpat-...@`) is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a hostapd `auth_server_shared_secret`, an opaque `refresh_token`, an AWS session
  token, a JWT signing secret, an API key of a platform outside the vendor list, the secret of
  `curl -u user:secret`, a `vault kv get` value, `sshpass -p`, `mysql -p'...'`, `redis-cli -a`,
  `PGPASSWORD=`). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone, and Terraform's storage key), digitalocean,
  github, gitlab, google, hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai,
  pypi, sendgrid, shopify, slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK...
  key SIDs, their secrets and auth tokens; AC... account SIDs are not labelled); a PyPI token given
  to `twine -p` is `api_key/pypi`.
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]` and in a `/jira/people/<id>` link, a name alone after `@`);
  tenants, applicants, guarantors, referees, landlords, contractors and cardholders are never in
  `people` and appear only in a line that labels an address spelling their name: every occurrence
  of the name is `person`, the address `email`. Role and system addresses (repairs@, complaints@,
  accounts.payable@, noreply@, svc-jira@, bms-alerts@, root@host) and a GCP service account's
  `client_email` are `email`. In e-mail headers every mailbox is labelled (a quoted display name
  without its quotes); Message-IDs are not addresses. A line's `people` may list staff the text
  does not mention (negative lines included).
* ip_address: public and private, IPv4 and IPv6, without port or brackets; `user@<ip>` labels
  the IP only; loopback, 0.0.0.0, link-local addresses and netmasks only on negative lines.
* phone: the whole number as written (a `(0)` trunk inside the span); a bare MSISDN is `phone`;
  extensions and short codes (`Reply STOP to 60777`) are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, SSIDs, VLANs, user names (also base64 ones in a Kubernetes
  Secret), host names, masked values and placeholders (only on negative lines), hashes, UUIDs,
  build numbers shaped like IPv4 addresses. No published test card number, no AWS example key, no
  weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: property and building identifiers are declared look-alikes, never labelled: unit and flat
  numbers, lease ids, Jira keys, MPAN cores (13 digits with their real check digit), MPRNs, gas and
  electricity meter serials, water meter ids and readings, UPRNs (12 digits), EPC report numbers
  (five groups of four digits), planning, listed-building and building-control references,
  council-tax accounts, postcodes, key-fob ids and NFC UIDs (4 and 7 bytes in colon form, the
  7-byte one holding a MAC-shaped run), BACnet device instances and object ids, Modbus register
  ranges, firmware builds shaped like IPv4 addresses, app builds and version codes, SKUs, invoice,
  PO, claim, policy, asset, batch and credit-note numbers (a work order shaped like a North American
  phone number, a fire-door batch shaped like an SSN), a 16-digit gas meter serial failing Luhn,
  a ledger fund code shaped like an IBAN failing mod-97, caretaker-handset IMEIs and comms-hub SIM
  ICCIDs (Luhn by design), parcel tracking numbers, Stripe charge, payout and transaction ids,
  retrieval reference numbers, 23-digit ARNs, SEPA creditor identifiers, Gas Safe registration
  numbers, ABA routing numbers, company and VAT numbers, coordinates, CCTV timecodes, OUIs, trace
  ids, hashes, UUIDs, dates, times and amounts in fourteen currencies.
* NEW: door, key-safe, intercom and bin-store codes and lock admin PINs are not secrets the
  scorer knows: they appear only on negative lines, never labelled (a positive line says only
  "Admin PIN is in the vault").
* NEW: negatives with people-like words that are not people (the Grace Darling Room, Nelson
  Mandela Court, the Florence Nightingale Wing, Queen Victoria Street), public company and product
  names (Siemens Desigo CC, Tridium Niagara, Honeywell WEBs, Salto KS, Nuki, 2N IP Verso, Hikvision)
  and secret words without secrets (the language's word for password followed by "was changed" in
  every language, "client_secret was rotated", "token expired", `********`, `REPLACE_ME`,
  `<your-key-here>`, `{{ vault.bms_admin_password }}`, `sk_live_xxxx...`, `ghp_XXXX...`).
* NEW: building-management and device secrets are `password`: a BMS web-UI password, a Modbus
  gateway's and a lock hub's opaque cloud keys, SIP and intercom HTTP-API passwords; the MQTT
  URL of a BACnet gateway, a lock hub's `wss://` URL and an NVR's `rtsp://admin:...@<ip>` are
  url_credentials (the IP after `@` is `ip_address`).
* NEW: a language's own word for password is never labelled, only the value after it; amounts,
  units, meter serials and codes in language lines are look-alikes, left in Latin digits.
* NEW: names in the new scripts are spelt by the address through their Latin draft; Yi names are
  written solid (one span), Meitei names family name first, the Batak particle `si` before a name
  and the Kashmiri Arabic comma `،` after it stay outside the span; Navajo, Võro and Ligurian names
  drop their diacritics in the address (Shándíín ↔ shandiin, Ülle ↔ ulle, Nicolò ↔ nicolo);
  Qʼeqchiʼ names with two surnames are one span (Marcelino Xol Ical ↔ marcelino.xol.ical).
* NEW: relatives, partners, carers and next of kin are never named: only their numbers are
  labelled; a chat visitor pasting a card is anonymous (the card alone is labelled).
* NEW: in a SEPA mandate amendment and a standing-order change both the old and the new IBAN are
  `iban`; `curl -u svc-jira@...:ATATT...` labels the service address `email` and the token
  `api_key/atlassian`; a contractor's `[name|mailto:addr]` in an on-call rota labels the shown
  name `person` and the target `email`, the staff escalation's name and mobile beside it.
"""

import base64
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
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout17.jsonl"
SEED = 17_2026_0617
rng = random.Random(SEED)

OUR_DOMAINS = ("wrenhollow.homes", "wrenhollow-fm.net", "wph.internal")


# --- pieces, templates and lines ----------------------------------------------------------


class Lab:
    """A labelled value: kind, the exact text, and what it was drawn as (for validation)."""

    def __init__(self, kind, value, **meta):
        self.kind, self.value, self.meta = kind, value, meta


class Look:
    """An unlabelled look-alike, declared so the leak scan skips it (`what` says what it is)."""

    def __init__(self, value, what):
        self.value, self.what = value, what


def T(template, **values):
    """Pieces of a template whose ⟦name⟧ slots take strings, Labs, Looks or lists of them."""
    pieces, pos = [], 0
    for m in re.finditer(r"⟦(\w+)⟧", template):
        pieces.append(template[pos:m.start()])
        pieces.append(values[m.group(1)])
        pos = m.end()
    pieces.append(template[pos:])
    return pieces


def flat(pieces):
    for p in pieces:
        if isinstance(p, (list, tuple)):
            yield from flat(p)
        elif p is None or p == "":
            continue
        else:
            yield p


RAW = []  # (category, lang, pieces, extra people)


def add(category, pieces, lang="English", people=()):
    RAW.append((category, lang, list(flat(pieces)), list(people)))


class Cycle:
    """Items taken in turn (shuffled once by the seeded generator)."""

    def __init__(self, items, shuffle=True):
        self.items = list(items)
        if shuffle:
            rng.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


# --- random helpers ------------------------------------------------------------------------

ALNUM = string.ascii_letters + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEXL = "0123456789abcdef"
HEXU = "0123456789ABCDEF"
B64 = string.ascii_letters + string.digits + "+/"
B64URL = string.ascii_letters + string.digits + "-_"
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def rs(n, alphabet):
    return "".join(rng.choice(alphabet) for _ in range(n))


def digits(n, first="0123456789"):
    return rng.choice(first) + rs(n - 1, string.digits) if n else ""


def b64u(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def rbytes(n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def ruuid():
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def hexstr(n):
    return rs(n, HEXL)


# --- passwords -----------------------------------------------------------------------------

PW_WORDS = ["Lintel", "Gable", "Mullion", "Quoin", "Soffit", "Fascia", "Dormer", "Plinth",
            "Corbel", "Newel", "Transom", "Joist", "Purlin", "Rafter", "Eaves", "Flue", "Riser",
            "Cornice", "Skirting", "Baluster", "Parapet", "Keystone", "Oriel", "Gutter",
            "Louvre", "Damper", "Chimney", "Trellis", "Pergola", "Bollard"]
PW_SYMS = "!%*-_+=.~^"
WEAK = ("password", "passw0rd", "changeme", "123456", "qwerty", "letmein", "admin", "welcome",
        "secret", "default")
USED_SECRETS = set()


def classes(s):
    return sum([any(c.islower() for c in s), any(c.isupper() for c in s),
                any(c.isdigit() for c in s), any(not c.isalnum() for c in s)])


def _unique(make):
    while True:
        s = make()
        if s not in USED_SECRETS and classes(s) >= 3 and not any(w in s.lower() for w in WEAK):
            USED_SECRETS.add(s)
            return s


def pw_words(sep_choices="-.!_+"):
    def make():
        a, b = rng.sample(PW_WORDS, 2)
        return f"{a}{rng.choice(sep_choices)}{b.lower()}{rng.randint(10, 999)}{rng.choice('!%*^~')}"
    return _unique(make)


def pw_random(n=None, syms=PW_SYMS):
    n = n or rng.randint(12, 20)

    def make():
        s = [rng.choice(string.ascii_lowercase), rng.choice(string.ascii_uppercase),
             rng.choice(string.digits), rng.choice(syms)]
        s += [rng.choice(ALNUM + syms) for _ in range(n - 4)]
        rng.shuffle(s)
        if not s[0].isalnum():
            s[0] = rng.choice(string.ascii_letters)
        return "".join(s)
    return _unique(make)


def pw_url():
    """A password safe inside URL credentials (no @ / ? # : %)."""
    return pw_random(rng.randint(14, 22), syms="-_.~!*")


def pw_wifi():
    def make():
        a, b, c = rng.sample(PW_WORDS, 3)
        return f"{a}-{b.lower()}-{c.lower()}-{rng.randint(10, 99)}"
    return _unique(make)


def secret_b64(n):
    return _unique(lambda: base64.b64encode(rbytes(n)).decode())


def secret_alnum(n):
    return _unique(lambda: rs(n, ALNUM))


def secret_hex(n):
    def make():
        s = rs(n, HEXL)
        return s if any(c.isdigit() for c in s) and any(c.isalpha() for c in s) else "0"
    while True:
        s = make()
        if s != "0" and s not in USED_SECRETS:
            USED_SECRETS.add(s)
            return s


# --- vendor tokens -------------------------------------------------------------------------


def b62(n, width):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def checksummed(prefix):
    body = rs(30, ALNUM)
    return prefix + body + b62(zlib.crc32(body.encode()), 6)


def token(vendor, variant=None):
    """A fresh token of `vendor` (and variant), unique in the set."""
    while True:
        t = _token(vendor, variant)
        if t not in USED_SECRETS:
            USED_SECRETS.add(t)
            return t


def _token(vendor, variant):
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(93, B64URL) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(171, B64URL) + "=" + rs(8, HEXU)
    if vendor == "aws":
        if variant == "secret":
            return rs(40, string.ascii_letters + string.digits + "/+")
        return (variant or "AKIA") + rs(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    if vendor == "azure":
        return base64.b64encode(rbytes(64)).decode()
    if vendor == "digitalocean":
        return "dop_v1_" + rs(64, HEXL)
    if vendor == "github":
        if variant == "pat":
            return "github_pat_11" + rs(20, UPPER_ALNUM) + "_" + rs(59, ALNUM)
        return checksummed(variant or "ghp_")
    if vendor == "gitlab":
        return "glpat-" + rs(20, ALNUM + "-_")
    if vendor == "google":
        return "AIzaSy" + rs(33, ALNUM + "-_")
    if vendor == "hashicorp":
        if variant == "tfc":
            return rs(14, ALNUM) + ".atlasv1." + rs(67, ALNUM)
        return "hvs." + rs(24, ALNUM)
    if vendor == "huggingface":
        return "hf_" + rs(34, string.ascii_letters)
    if vendor == "npm":
        return checksummed("npm_")
    if vendor == "openai":
        if variant == "svc":
            return "sk-svcacct-" + rs(58, ALNUM + "-_") + "T3BlbkFJ" + rs(58, ALNUM + "-_")
        return "sk-proj-" + rs(64, ALNUM + "-_") + "T3BlbkFJ" + rs(64, ALNUM + "-_")
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmcCJD" + rs(150, B64URL)
    if vendor == "sendgrid":
        return "SG." + rs(22, ALNUM + "-_") + "." + rs(43, ALNUM + "-_")
    if vendor == "shopify":
        return (variant or "shpat_") + rs(32, HEXL)
    if vendor == "slack":
        if variant == "webhook":
            return ("https://hooks.slack.com/services/T0" + rs(8, UPPER_ALNUM) + "/B0"
                    + rs(8, UPPER_ALNUM) + "/" + rs(24, ALNUM))
        if variant == "xoxp":
            return f"xoxp-{digits(12, '123456789')}-{digits(12, '123456789')}-{digits(13, '123456789')}-{rs(32, HEXL)}"
        return f"xoxb-{digits(12, '123456789')}-{digits(13, '123456789')}-{rs(24, ALNUM)}"
    if vendor == "stripe":
        if variant == "whsec":
            return "whsec_" + rs(32, ALNUM)
        return (variant or "sk_live_") + "51" + rs(97, ALNUM)
    if vendor == "twilio":
        if variant == "secret":
            return rs(32, ALNUM)
        if variant == "auth":
            return rs(32, HEXL)
        return "SK" + rs(32, HEXL)
    raise ValueError(vendor)


def api(vendor, variant=None, value=None):
    return Lab(f"api_key/{vendor}", value or token(vendor, variant), variant=variant)


# --- JWTs and private keys -----------------------------------------------------------------


def jwt_value(claims, alg="HS256"):
    header = {"alg": alg, "typ": "JWT"}
    if alg != "HS256":
        header["kid"] = rs(16, ALNUM)
    sig = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}[alg]
    return (b64u(json.dumps(header, separators=(",", ":")).encode()) + "."
            + b64u(json.dumps(claims, separators=(",", ":")).encode()) + "." + b64u(rbytes(sig)))


def jwt(sub=None, aud="doorwren-api", alg=None, extra=None):
    iat = 1775000000 + rng.randint(0, 6_000_000)
    claims = {"iss": "https://auth.wrenhollow.homes/realms/tenants", "sub": sub or ruuid(),
              "aud": aud, "iat": iat, "exp": iat + rng.choice([900, 3600, 86400])}
    claims.update(extra or {})
    return Lab("jwt", jwt_value(claims, alg or rng.choice(["HS256", "RS256", "ES256"])))


def _pem(label, der, width=64, sep="\n"):
    body = base64.b64encode(der).decode()
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return sep.join([f"-----BEGIN {label}-----"] + lines + [f"-----END {label}-----"])


def _ssh_string(b):
    return struct.pack(">I", len(b)) + b


def pem_key(kind, sep="\n"):
    """A private key in PEM armour with a plausible structure and random key material."""
    if kind == "ec":
        der = (bytes.fromhex("307702010104") + b"\x20" + rbytes(32)
               + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + rbytes(64))
        return _pem("EC PRIVATE KEY", der, sep=sep)
    if kind == "pkcs8-ec":
        der = (bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420")
               + rbytes(32) + bytes.fromhex("a144034200") + b"\x04" + rbytes(64))
        return _pem("PRIVATE KEY", der, sep=sep)
    if kind == "rsa":
        der = bytes.fromhex("308204a30201000282010100") + b"\x00" + rbytes(1178)
        return _pem("RSA PRIVATE KEY", der, sep=sep)
    if kind == "pkcs8-rsa":
        der = (bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100")
               + b"\x00" + rbytes(1188))
        return _pem("PRIVATE KEY", der, sep=sep)
    if kind == "openssh":
        pk, sk = rbytes(32), rbytes(32)
        pub = _ssh_string(b"ssh-ed25519") + _ssh_string(pk)
        check = rbytes(4)
        priv = (check + check + _ssh_string(b"ssh-ed25519") + _ssh_string(pk)
                + _ssh_string(sk + pk) + _ssh_string(b"deploy@lockbridge-01"))
        pad = 1
        while len(priv) % 8:
            priv += bytes([pad])
            pad += 1
        blob = (b"openssh-key-v1\x00" + _ssh_string(b"none") + _ssh_string(b"none")
                + _ssh_string(b"") + struct.pack(">I", 1) + _ssh_string(pub) + _ssh_string(priv))
        return _pem("OPENSSH PRIVATE KEY", blob, width=70, sep=sep)
    raise ValueError(kind)


def pkey(kind, sep="\n"):
    return Lab("private_key", pem_key(kind, sep), pem=kind)


# --- IP and MAC addresses ------------------------------------------------------------------

PUBLIC_FIRST = [2, 5, 31, 37, 41, 46, 51, 62, 77, 78, 81, 82, 85, 86, 88, 90, 91, 94, 95, 102,
                103, 105, 109, 110, 112, 117, 125, 145, 151, 154, 156, 176, 178, 179, 185, 186,
                188, 189, 193, 194, 195, 196, 197, 200, 201, 212, 213, 217]
USED_IPS = set()


def _fresh_ip(make):
    while True:
        s = make()
        if s not in USED_IPS:
            USED_IPS.add(s)
            return s


def ip4_public():
    def make():
        while True:
            s = f"{rng.choice(PUBLIC_FIRST)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
            if ipaddress.ip_address(s).is_global:
                return s
    return _fresh_ip(make)


def ip4_private(net=None):
    def make():
        n = net or rng.choice(["10", "172", "192"])
        if n == "10":
            return f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
        if n == "172":
            return f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
        return f"192.168.{rng.randint(0, 255)}.{rng.randint(2, 254)}"
    return _fresh_ip(make)


V6_PREFIXES = ["2a02:c7c", "2a01:4b00", "2a00:23c5", "2a0a:ef40", "2001:818", "2a02:8109",
               "2600:1700", "2406:3003", "2c0f:fe38", "2a01:cb00", "2001:1c00", "2a05:d01c",
               "2400:4050", "2a02:a46", "2804:14c", "2409:4042"]


def ip6_global():
    def make():
        p = rng.choice(V6_PREFIXES)
        tail = [f"{rng.getrandbits(16):x}" for _ in range(8 - len(p.split(":")))]
        if rng.random() < 0.4:
            tail[1:3] = ["0", "0"]
        return ipaddress.IPv6Address(":".join(p.split(":") + tail)).compressed
    return _fresh_ip(make)


def ip6_ula():
    def make():
        parts = ["fd" + f"{rng.getrandbits(8):02x}"] + [f"{rng.getrandbits(16):x}" for _ in range(3)]
        parts += ["0", "0", "0", f"{rng.getrandbits(16):x}"] if rng.random() < 0.5 else \
            [f"{rng.getrandbits(16):x}" for _ in range(4)]
        return ipaddress.IPv6Address(":".join(parts)).compressed
    return _fresh_ip(make)


def ip(kind="public"):
    value = {"public": ip4_public, "private": ip4_private, "v6": ip6_global, "ula": ip6_ula}[kind]()
    return Lab("ip_address", value)


def ipn(net):
    return Lab("ip_address", ip4_private(net))


USED_MACS = set()


def mac_value(style=None):
    style = style or rng.choice(["colon-lower", "colon-upper", "dash-upper", "colon-lower"])
    while True:
        octets = [rng.getrandbits(8) & 0xFC] + [rng.getrandbits(8) for _ in range(5)]
        if octets[0] == 0 and octets[1] == 0:
            continue
        hexes = [f"{o:02x}" for o in octets]
        s = {"colon-lower": ":".join(hexes), "colon-upper": ":".join(hexes).upper(),
             "dash-upper": "-".join(hexes).upper(), "dash-lower": "-".join(hexes)}[style]
        if s not in USED_MACS:
            USED_MACS.add(s)
            return s


def mac(style=None):
    return Lab("mac_address", mac_value(style))


# --- US SSNs -------------------------------------------------------------------------------

BAD_SSN = {"078-05-1120", "219-09-9999", "123-45-6789", "111-11-1111"}


def ssn():
    while True:
        area = rng.randint(1, 899)
        if area == 666:
            continue
        s = f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"
        if s not in BAD_SSN:
            return Lab("ssn", s)


# --- payment cards -------------------------------------------------------------------------

PUBLISHED_TEST = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100",
                  "378282246310005", "371449635398431", "6011111111111117", "3530111333300000",
                  "30569309025904", "4000056655665556", "4012888888881881", "6200000000000005",
                  "2223003122003222", "36227206271667", "6011000990139424", "3566002020360505"}


def _brand_prefix(brand):
    return {
        "visa": lambda: "4" + digits(rng.choice([3, 5]), "0123456789"),
        "mastercard": lambda: str(rng.randint(51, 55)) + digits(4),
        "mastercard2": lambda: str(rng.randint(2221, 2720)) + digits(2),
        "amex": lambda: rng.choice(["34", "37"]) + digits(4),
        "discover": lambda: rng.choice(["6011" + digits(2), str(rng.randint(644, 649)) + digits(3),
                                        "65" + digits(4)]),
        "jcb": lambda: str(rng.randint(3528, 3589)) + digits(2),
        "diners": lambda: rng.choice(["36" + digits(4), str(rng.randint(300, 305)) + digits(3)]),
        "unionpay": lambda: "62" + rng.choice(["12", "17", "28", "58", "84"]) + digits(2),
        "unionpay19": lambda: "62" + rng.choice(["12", "17", "28", "58", "84"]) + digits(2),
        "maestro": lambda: rng.choice(["6759", "5018", "5020", "5038", "6304"]) + digits(2),
        "maestro19": lambda: rng.choice(["6759", "5018", "5020", "5038"]) + digits(2),
        "mir": lambda: "220" + str(rng.randint(0, 4)) + digits(2),
        "rupay": lambda: rng.choice(["6070" + digits(2), "6521" + digits(2), "5085" + digits(2),
                                     "8172" + digits(2)]),
        "troy": lambda: "9792" + digits(2),
        "elo": lambda: rng.choice(["636368", "438935", "504175", "451416", "636297", "506699"]),
        "dankort": lambda: "5019" + digits(2),
    }[brand]()


CARD_LEN = {"visa": 16, "mastercard": 16, "mastercard2": 16, "amex": 15, "discover": 16,
            "jcb": 16, "diners": 14, "unionpay": 16, "unionpay19": 19, "maestro": 16,
            "maestro19": 19, "mir": 16, "rupay": 16, "troy": 16, "elo": 16, "dankort": 16}
USED_CARDS = set()


def luhn_complete(partial):
    for d in "0123456789":
        if luhn_ok(partial + d):
            return partial + d


def card_number(brand):
    while True:
        n = CARD_LEN[brand]
        p = _brand_prefix(brand)
        num = luhn_complete(p + digits(n - len(p) - 1))
        if num not in PUBLISHED_TEST and num not in USED_CARDS and len(set(num)) > 3:
            USED_CARDS.add(num)
            return num


def group_card(num, fmt):
    if fmt == "plain":
        return num
    sep = " " if fmt == "spaced" else "-"
    n = len(num)
    if n == 15:
        sizes = [4, 6, 5]
    elif n == 14:
        sizes = [4, 6, 4]
    elif n == 19:
        sizes = [4, 4, 4, 4, 3]
    else:
        sizes = [4, 4, 4, 4]
    out, i = [], 0
    for s in sizes:
        out.append(num[i:i + s])
        i += s
    return sep.join(out)


def card(brand, fmt=None):
    fmt = fmt or rng.choice(["spaced", "spaced", "dashed", "plain"])
    return Lab("credit_card", group_card(card_number(brand), fmt), brand=brand)


# --- IBANs ---------------------------------------------------------------------------------

IBAN_LEN = {"GB": 22, "IE": 22, "IT": 27, "PL": 28, "EE": 20, "GT": 28, "RO": 24, "FR": 27,
            "DE": 22, "NL": 18, "BE": 16, "ES": 24, "PT": 25, "CH": 21, "AT": 20, "FI": 18,
            "SE": 24, "DK": 18, "NO": 15, "AE": 23, "LT": 20, "CZ": 24, "PK": 24}
CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
           24, 23]


def cin(s):
    """The Italian CIN letter over ABI + CAB + account (22 characters)."""
    total = 0
    for i, c in enumerate(s):
        v = int(c) if c.isdigit() else ord(c) - 65
        total += CIN_ODD[v] if i % 2 == 0 else v
    return chr(65 + total % 26)


def rib_key(bank, branch, account):
    """The French RIB key (letters of the account as the RIB table converts them)."""
    acc = account.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "12345678912345678923456789"))
    return f"{97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97):02d}"


def es_dc(bank, branch, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(s):
        r = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
        return {11: 0, 10: 1}.get(r, r)
    return f"{d('00' + bank + branch)}{d(account)}"


def nl_account():
    while True:
        a = digits(10, "123456789")
        if sum(int(c) * w for c, w in zip(a, range(10, 0, -1))) % 11 == 0:
            return a


def be_bban():
    first = digits(10)
    c = int(first) % 97 or 97
    return first + f"{c:02d}"


def pl_bank():
    b = digits(7, "123456789")
    s = sum(int(c) * w for c, w in zip(b, [3, 9, 7, 1, 3, 9, 7]))
    return b + str((10 - s % 10) % 10)


def no_bban():
    while True:
        b = digits(10, "123456789")
        s = sum(int(c) * w for c, w in zip(b, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]))
        r = 11 - s % 11
        if r == 11:
            return b + "0"
        if r != 10:
            return b + str(r)


def fi_bban():
    return luhn_complete(digits(13, "123456789"))


def ee_bban():
    bank = rng.choice(["22", "10", "77", "42"])
    body = bank + digits(9)
    w = [7, 3, 1]
    s = sum(int(c) * w[i % 3] for i, c in enumerate(reversed(body)))
    return bank + (body + str((10 - s % 10) % 10)).zfill(14)


def pt_bban():
    base = digits(4, "0123") + digits(4) + digits(11)
    return base + f"{98 - (int(base) * 100) % 97:02d}"


def bban(country):
    if country == "GB":
        return rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG", "MONZ"]) + digits(6, "123456789") + digits(8)
    if country == "IE":
        return rng.choice(["AIBK", "BOFI", "IPBS"]) + digits(6, "9") + digits(8)
    if country == "IT":
        body = digits(5, "0123") + digits(5) + digits(12)
        return cin(body) + body
    if country == "PL":
        return pl_bank() + digits(16)
    if country == "EE":
        return ee_bban()
    if country == "GT":
        return rng.choice(["TRAJ", "AGRO", "BRRL", "INDL"]) + "01" + rng.choice(["01", "02"]) + digits(16)
    if country == "RO":
        return rng.choice(["BTRL", "RNCB", "BRDE", "INGB", "RZBR"]) + rs(4, string.digits) + digits(12)
    if country == "FR":
        bank, branch, acc = digits(5, "123"), digits(5), digits(11)
        return bank + branch + acc + rib_key(bank, branch, acc)
    if country == "DE":
        return digits(8, "1234567") + digits(10)
    if country == "NL":
        return rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"]) + nl_account()
    if country == "BE":
        return be_bban()
    if country == "ES":
        bank, branch, acc = digits(4, "02"), digits(4), digits(10)
        return bank + branch + es_dc(bank, branch, acc) + acc
    if country == "PT":
        return pt_bban()
    if country == "CH":
        return digits(5, "08") + digits(12)
    if country == "AT":
        return digits(5, "123") + digits(11)
    if country == "FI":
        return fi_bban()
    if country == "SE":
        return digits(3, "5689") + digits(17)
    if country == "DK":
        return digits(4, "1235") + digits(10)
    if country == "NO":
        return no_bban()
    if country == "AE":
        return digits(3, "0") + digits(16)
    if country == "LT":
        return digits(5, "7") + digits(11)
    if country == "CZ":
        return rng.choice(["0100", "0300", "0800", "2010", "0600"]) + digits(16)
    if country == "PK":
        return rng.choice(["HABB", "MUCB", "UNIL", "SCBL", "MEZN"]) + digits(16)
    raise ValueError(country)


USED_IBANS = set()


def iban_value(country, spaced=None):
    while True:
        b = bban(country)
        raw = country + iban_check(country, b) + b
        if raw not in USED_IBANS:
            USED_IBANS.add(raw)
            break
    assert len(raw) == IBAN_LEN[country], (country, raw)
    spaced = rng.random() < 0.6 if spaced is None else spaced
    return " ".join(raw[i:i + 4] for i in range(0, len(raw), 4)) if spaced else raw


def iban(country, spaced=None):
    return Lab("iban", iban_value(country, spaced), country=country)


# --- phone numbers -------------------------------------------------------------------------
# Each country: calling code, trunk prefix, mobile prefixes with the national significant
# number's length, the grouping written after the calling code and the national grouping.


class Country:
    def __init__(self, code, name, cc, trunk, prefixes, length, groups, nat_groups=None, nz=False):
        self.code, self.name, self.cc, self.trunk = code, name, cc, trunk
        self.nz = nz  # the digit after the prefix is never 0
        self.prefixes = prefixes  # list of str, or of (str, length)
        self.length, self.groups = length, groups
        self.nat_groups = nat_groups or groups

    def draw(self):
        p = rng.choice(self.prefixes)
        p, n = (p if isinstance(p, tuple) else (p, self.length))
        while True:
            nsn = p + digits(n - len(p), "123456789" if self.nz else "0123456789")
            if len(set(nsn[len(p):])) > 2:
                return nsn


def _nanp_draw(areas):
    def draw():
        while True:
            exch = digits(3, "23456789")
            if exch[1:] != "11" and exch != "555":
                return rng.choice(areas) + exch + digits(4)
    return draw


COUNTRIES = {c.code: c for c in [
    Country("GB", "UK", "44", "0", ["71", "73", "74", "75", "77", "78", "79"], 10, [4, 6]),
    Country("IE", "Ireland", "353", "0", ["83", "85", "86", "87", "89"], 9, [2, 3, 4]),
    Country("US", "USA", "1", "", [], 10, [3, 3, 4]),
    Country("CA", "Canada", "1", "", [], 10, [3, 3, 4]),
    Country("CN", "China", "86", "", ["139", "138", "137", "135", "150", "152", "158", "159",
                                      "186", "187", "188", "177", "199", "181", "189"], 11, [3, 4, 4]),
    Country("IN", "India", "91", "0", ["98", "97", "96", "94", "93", "91", "90", "89", "88", "87",
                                       "86", "85", "81", "80", "79", "78", "77", "76", "70", "63", "62"], 10, [5, 5]),
    Country("BD", "Bangladesh", "880", "0", ["13", "14", "15", "16", "17", "18", "19"], 10, [4, 6]),
    Country("MM", "Myanmar", "95", "0", ["97", "96", "99", "94", "92"], 10, [1, 3, 3, 3]),
    Country("ID", "Indonesia", "62", "0", ["811", "812", "813", "821", "822", "852", "853", "857",
                                           "858", "877", "878", "895", "896", "838"], 11, [3, 4, 4]),
    Country("RU", "Russia", "7", "8", ["903", "905", "906", "909", "915", "916", "917", "926",
                                       "927", "928", "937", "961", "962", "963", "988"], 10, [3, 3, 2, 2]),
    Country("PK", "Pakistan", "92", "0", ["300", "301", "303", "311", "312", "321", "333", "345",
                                          "346", "340"], 10, [3, 7]),
    Country("IT", "Italy", "39", "", ["320", "324", "327", "328", "329", "333", "334", "338", "339",
                                      "340", "345", "347", "348", "349", "351", "366", "388", "392"], 10, [3, 3, 4]),
    Country("PL", "Poland", "48", "", ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78",
                                       "79", "88"], 9, [3, 3, 3]),
    Country("EE", "Estonia", "372", "", ["5"], 8, [4, 4]),
    Country("GT", "Guatemala", "502", "", ["3", "4", "5"], 8, [4, 4]),
    Country("ZM", "Zambia", "260", "0", ["95", "96", "97", "76", "77"], 9, [2, 3, 4], [3, 3, 3]),
    Country("PH", "Philippines", "63", "0", ["905", "906", "915", "916", "917", "926", "927",
                                             "935", "945", "955", "966", "977", "995", "998"], 10, [3, 3, 4]),
    Country("RO", "Romania", "40", "0", ["72", "73", "74", "75", "76", "78"], 9, [3, 3, 3]),
    Country("MK", "North Macedonia", "389", "0", ["70", "71", "72", "75", "76", "77", "78"], 8, [2, 3, 3]),
    Country("DE", "Germany", "49", "0", [("151", 11), ("152", 11), ("157", 11), ("159", 11),
                                         ("160", 10), ("170", 10), ("171", 10), ("172", 10),
                                         ("175", 10), ("176", 11), ("177", 11), ("179", 11)], 11, [3, 8]),
    Country("FR", "France", "33", "0", ["6", "7"], 9, [1, 2, 2, 2, 2]),
    Country("NL", "Netherlands", "31", "0", ["6"], 9, [1, 8], [1, 8]),
    Country("ES", "Spain", "34", "", ["6", "71", "72", "73", "74"], 9, [3, 3, 3]),
    Country("AU", "Australia", "61", "0", ["4"], 9, [3, 3, 3]),
    Country("SG", "Singapore", "65", "", ["8", "9"], 8, [4, 4]),
    Country("AE", "UAE", "971", "0", ["50", "52", "54", "55", "56", "58"], 9, [2, 3, 4]),
    Country("KE", "Kenya", "254", "0", ["70", "71", "72", "79", "11"], 9, [3, 6]),
    Country("ZA", "South Africa", "27", "0", ["60", "61", "62", "63", "64", "71", "72", "73", "74",
                                              "76", "78", "79", "81", "82", "83", "84"], 9, [2, 3, 4]),
    Country("JP", "Japan", "81", "0", ["70", "80", "90"], 10, [2, 4, 4]),
    Country("HK", "Hong Kong", "852", "", ["5", "6", "9"], 8, [4, 4]),
    Country("SE", "Sweden", "46", "0", ["70", "72", "73", "76", "79"], 9, [2, 3, 2, 2], nz=True),
    Country("BE", "Belgium", "32", "0", ["46", "47", "48", "49"], 9, [3, 2, 2, 2]),
    Country("PT", "Portugal", "351", "", ["91", "92", "93", "96"], 9, [3, 3, 3]),
    Country("NG", "Nigeria", "234", "0", ["803", "806", "813", "816", "703", "706", "903", "906",
                                          "805", "807", "815", "905"], 10, [3, 3, 4]),
    Country("MW", "Malawi", "265", "0", ["88", "99"], 9, [3, 3, 3]),
    Country("BR", "Brazil", "55", "", [d + "9" + m for d in ("11", "21", "31", "41", "51", "61", "71", "81")
                                       for m in "6789"], 11, [2, 5, 4]),
    Country("MX", "Mexico", "52", "", ["55", "33", "81"], 10, [2, 4, 4], nz=True),
    Country("TR", "Turkey", "90", "0", ["530", "532", "533", "535", "536", "537", "538", "539",
                                        "541", "542", "543", "544", "545", "505", "506", "507",
                                        "551", "552", "553", "554", "555"], 10, [3, 3, 2, 2]),
    Country("FI", "Finland", "358", "0", ["40", "41", "44", "45", "46", "50"], 9, [2, 3, 4]),
    Country("NP", "Nepal", "977", "", ["984", "985", "986", "974", "975", "980", "981", "982"], 10, [3, 7]),
    Country("CH", "Switzerland", "41", "0", ["75", "76", "77", "78", "79"], 9, [2, 3, 2, 2]),
    Country("AT", "Austria", "43", "0", ["650", "660", "664", "676", "680", "681", "688", "699"], 10, [3, 7]),
]}
COUNTRIES["US"].draw = _nanp_draw(["918", "539", "405", "928", "480", "505", "212", "617", "312",
                                   "206", "415", "713", "303", "602", "646", "404"])
COUNTRIES["CA"].draw = _nanp_draw(["416", "604", "514", "867", "780", "902", "613"])
USED_PHONES = set()


def grp(nsn, sizes, sep):
    out, i = [], 0
    for s in sizes:
        out.append(nsn[i:i + s])
        i += s
    if i < len(nsn):
        out[-1] += nsn[i:]
    return sep.join(x for x in out if x)


FORMS = ["intl", "e164", "00", "nat", "dash", "bracket", "dot", "msisdn", "natdash"]


def phone_text(c, nsn, form):
    """The number written in `form`, and the digits it must hold."""
    cc, tr = c.cc, c.trunk
    if form == "e164":
        return "+" + cc + nsn, cc + nsn
    if form == "msisdn":
        return cc + nsn, cc + nsn
    if form == "intl":
        return f"+{cc} {grp(nsn, c.groups, ' ')}", cc + nsn
    if form == "00":
        return f"00{cc} {grp(nsn, c.groups, ' ')}", "00" + cc + nsn
    if form == "dash":
        return f"+{cc}-{grp(nsn, c.groups, '-')}", cc + nsn
    if form in ("nat", "natdash"):
        sep = " " if form == "nat" else "-"
        if c.code in ("US", "CA"):
            return f"{nsn[:3]}{sep}{nsn[3:6]}{sep}{nsn[6:]}", nsn
        if c.code == "BR":
            return f"({nsn[:2]}) {nsn[2:7]}-{nsn[7:]}", nsn
        if c.code == "RU":
            return f"8 {nsn[:3]} {nsn[3:6]}{sep}{nsn[6:8]}{sep}{nsn[8:]}", "8" + nsn
        if c.code == "JP":
            return f"0{nsn[:2]}-{nsn[2:6]}-{nsn[6:]}", "0" + nsn
        return tr + grp(nsn, c.nat_groups, sep), tr + nsn
    if form == "bracket":
        if c.code in ("US", "CA"):
            return f"({nsn[:3]}) {nsn[3:6]}-{nsn[6:]}", nsn
        if c.code in ("GB", "IE", "NL", "CH", "BE", "AT", "DE"):
            return f"+{cc} (0){grp(nsn, c.nat_groups, ' ')}", cc + "0" + nsn
        if c.code == "RU":
            return rng.choice([(f"8 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}", "8" + nsn),
                               (f"+7 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}", "7" + nsn)])
        if c.code == "BR":
            return f"+55 ({nsn[:2]}) {nsn[2:7]}-{nsn[7:]}", "55" + nsn
        if c.code == "TR":
            return f"+90 ({nsn[:3]}) {nsn[3:6]} {nsn[6:8]} {nsn[8:]}", "90" + nsn
        if c.code == "MX":
            return f"+52 ({nsn[:2]}) {nsn[2:6]} {nsn[6:]}", "52" + nsn
        return f"(+{cc}) {grp(nsn, c.groups, ' ')}", cc + nsn
    if form == "dot":
        if c.code in ("US", "CA"):
            return f"{nsn[:3]}.{nsn[3:6]}.{nsn[6:]}", nsn
        if c.code == "BE":
            return f"0{nsn[:3]}/{nsn[3:5]}.{nsn[5:7]}.{nsn[7:]}", "0" + nsn
        return tr + grp(nsn, c.nat_groups, "."), tr + nsn
    raise ValueError(form)


DOT_OK = {"FR", "BE", "US", "CA", "CH"}


def phone(code, form=None, areas=None):
    c = COUNTRIES[code]
    form = form or rng.choice(["intl", "intl", "e164", "00", "nat", "nat", "dash", "bracket"])
    if form == "dot" and code not in DOT_OK:
        form = "nat"
    while True:
        nsn = _nanp_draw(areas)() if areas else c.draw()
        if nsn not in USED_PHONES:
            USED_PHONES.add(nsn)
            break
    text, expect = phone_text(c, nsn, form)
    return Lab("phone", text, country=code, form=form, nsn=nsn, expect=expect)


# --- transliterators (Latin drafts into scripts this file's author does not write fluently) --
# Text between backticks stays Latin; ⟦slots⟧ are left for T().


def _tokenize(word, tokens):
    out, i = [], 0
    low = word.lower()
    while i < len(word):
        for n in (3, 2, 1):
            t = low[i:i + n]
            if len(t) == n and t in tokens:
                out.append((t, word[i].isupper()))
                i += n
                break
        else:
            out.append((word[i], None))
            i += 1
    return out


OSAGE = {"tsh": "TSHA", "hts": "EHTSA", "hch": "EHCHA", "ts": "TSA", "ch": "CHA", "sh": "SHA",
         "zh": "ZHA", "kh": "KHA", "gh": "GHA", "br": "BRA", "hy": "HYA", "ky": "KYA",
         "hk": "EHKA", "hp": "EHPA", "ht": "EHTA", "ai": "AI", "a": "A", "â": "AH", "ą": "AIN",
         "e": "E", "ę": "EIN", "h": "HA", "i": "I", "k": "KA", "l": "LA", "m": "MA", "n": "NA",
         "o": "O", "ǫ": "OIN", "p": "PA", "s": "SA", "t": "TA", "ð": "DHA", "u": "U", "w": "WA",
         "x": "KHA", "z": "ZA"}


def osage_word(word):
    out = []
    for tok, cap in _tokenize(word, OSAGE):
        if cap is None:
            out.append(tok)
        else:
            out.append(unicodedata.lookup(f"OSAGE {'CAPITAL' if cap else 'SMALL'} LETTER {OSAGE[tok]}"))
    return "".join(out)


def yi_word(word):
    """Nuosu (Yi) syllables in Yi pinyin with tone letters, hyphen-separated, into Yi script."""
    out = []
    for syl in word.split("-"):
        m = re.fullmatch(r"([a-z]+)([,.;:!?]*)", syl)
        if not m:
            out.append(syl)
            continue
        out.append(unicodedata.lookup("YI SYLLABLE " + m.group(1).upper()) + m.group(2))
    return "".join(out)


class Abugida:
    """A Brahmic-style script: consonants with an inherent vowel, vowel signs, independent
    vowels, coda forms and a killer."""

    def __init__(self, cons, signs, indep, virama, finals=None, final_killer=None,
                 inherent=("a",), final_bare=False):
        self.cons, self.signs, self.indep = cons, signs, indep
        self.virama, self.finals = virama, finals or {}
        self.final_killer = final_killer if final_killer is not None else virama
        self.inherent, self.final_bare = inherent, final_bare
        self.tokens = set(cons) | set(signs) | set(indep)

    def word(self, word):
        toks = [t for t, _ in _tokenize(word, self.tokens)]
        out, i = [], 0
        prev_vowel = False
        while i < len(toks):
            t = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if t in self.cons:
                if nxt in self.signs or nxt in self.inherent:
                    out.append(self.cons[t] + ("" if nxt in self.inherent else self.signs[nxt]))
                    i += 2
                    prev_vowel = True
                    continue
                if t in self.finals and prev_vowel:
                    out.append(self.finals[t])
                elif nxt in self.cons:
                    out.append(self.cons[t] + self.virama)
                else:
                    out.append(self.cons[t] + ("" if self.final_bare else self.final_killer))
                prev_vowel = False
                i += 1
                continue
            if t in self.indep:
                out.append(self.indep[t])
                prev_vowel = True
                i += 1
                continue
            out.append(t)
            prev_vowel = False
            i += 1
        return "".join(out)


def _u(name):
    return unicodedata.lookup(name)


MM = "MEETEI MAYEK LETTER "
MEETEI = Abugida(
    cons={"k": _u(MM + "KOK"), "kh": _u(MM + "KHOU"), "g": _u(MM + "GOK"), "gh": _u(MM + "GHOU"),
          "ng": _u(MM + "NGOU"), "ch": _u(MM + "CHIL"), "j": _u(MM + "JIL"), "jh": _u(MM + "JHAM"),
          "t": _u(MM + "TIL"), "th": _u(MM + "THOU"), "d": _u(MM + "DIL"), "dh": _u(MM + "DHOU"),
          "n": _u(MM + "NA"), "p": _u(MM + "PA"), "ph": _u(MM + "PHAM"), "f": _u(MM + "PHAM"),
          "b": _u(MM + "BA"), "bh": _u(MM + "BHAM"), "v": _u(MM + "BHAM"), "m": _u(MM + "MIT"),
          "y": _u(MM + "YANG"), "r": _u(MM + "RAI"), "l": _u(MM + "LAI"), "w": _u(MM + "WAI"),
          "s": _u(MM + "SAM"), "sh": _u(MM + "SAM"), "h": _u(MM + "HUK"), "z": _u(MM + "JIL")},
    signs={"aa": _u("MEETEI MAYEK VOWEL SIGN ANAP"), "i": _u("MEETEI MAYEK VOWEL SIGN INAP"),
           "u": _u("MEETEI MAYEK VOWEL SIGN UNAP"), "e": _u("MEETEI MAYEK VOWEL SIGN YENAP"),
           "o": _u("MEETEI MAYEK VOWEL SIGN ONAP"), "ei": _u("MEETEI MAYEK VOWEL SIGN CHEINAP"),
           "ou": _u("MEETEI MAYEK VOWEL SIGN SOUNAP"),
           "ai": _u("MEETEI MAYEK VOWEL SIGN ANAP") + _u(MM + "I")},
    indep={"a": _u(MM + "ATIYA"), "aa": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN ANAP"),
           "i": _u(MM + "I"), "u": _u(MM + "UN"), "e": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN YENAP"),
           "o": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN ONAP"),
           "ei": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN CHEINAP"),
           "ou": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN SOUNAP"),
           "ai": _u(MM + "ATIYA") + _u("MEETEI MAYEK VOWEL SIGN ANAP") + _u(MM + "I")},
    virama=_u("MEETEI MAYEK APUN IYEK"),
    finals={"k": _u(MM + "KOK LONSUM"), "l": _u(MM + "LAI LONSUM"), "m": _u(MM + "MIT LONSUM"),
            "p": _u(MM + "PA LONSUM"), "n": _u(MM + "NA LONSUM"), "t": _u(MM + "TIL LONSUM"),
            "ng": _u(MM + "NGOU LONSUM")},
    final_bare=True)

CK = "CHAKMA LETTER "
CHAKMA = Abugida(
    cons={"k": _u(CK + "KAA"), "kh": _u(CK + "KHAA"), "g": _u(CK + "GAA"), "gh": _u(CK + "GHAA"),
          "ng": _u(CK + "NGAA"), "c": _u(CK + "CAA"), "ch": _u(CK + "CHAA"), "j": _u(CK + "JAA"),
          "jh": _u(CK + "JHAA"), "ny": _u(CK + "NYAA"), "t": _u(CK + "TAA"), "th": _u(CK + "THAA"),
          "d": _u(CK + "DAA"), "dh": _u(CK + "DHAA"), "n": _u(CK + "NAA"), "p": _u(CK + "PAA"),
          "ph": _u(CK + "PHAA"), "f": _u(CK + "PHAA"), "b": _u(CK + "BAA"), "bh": _u(CK + "BHAA"),
          "m": _u(CK + "MAA"), "y": _u(CK + "YAA"), "r": _u(CK + "RAA"), "l": _u(CK + "LAA"),
          "w": _u(CK + "WAA"), "s": _u(CK + "SAA"), "sh": _u(CK + "SAA"), "h": _u(CK + "HAA"),
          "v": _u(CK + "VAA"), "z": _u(CK + "JAA")},
    signs={"i": _u("CHAKMA VOWEL SIGN I"), "ii": _u("CHAKMA VOWEL SIGN II"),
           "u": _u("CHAKMA VOWEL SIGN U"), "uu": _u("CHAKMA VOWEL SIGN UU"),
           "e": _u("CHAKMA VOWEL SIGN E"), "ai": _u("CHAKMA VOWEL SIGN AI"),
           "o": _u("CHAKMA VOWEL SIGN O"), "au": _u("CHAKMA VOWEL SIGN AU"),
           "oi": _u("CHAKMA VOWEL SIGN OI"), "ei": _u("CHAKMA VOWEL SIGN EI")},
    indep={"a": _u(CK + "AA"), "aa": _u(CK + "AA"), "i": _u(CK + "I"), "u": _u(CK + "U"),
           "e": _u(CK + "E"), "o": _u(CK + "AA") + _u("CHAKMA VOWEL SIGN O"),
           "ai": _u(CK + "AA") + _u("CHAKMA VOWEL SIGN AI"),
           "oi": _u(CK + "AA") + _u("CHAKMA VOWEL SIGN OI")},
    virama=_u("CHAKMA VIRAMA"), final_killer=_u("CHAKMA MAAYYAA"),
    finals={"ng": _u("CHAKMA SIGN ANUSVARA")}, inherent=("a", "aa"))

BT = "BATAK LETTER "
BATAK = Abugida(
    cons={"h": _u(BT + "HA"), "k": _u(BT + "HA"), "b": _u(BT + "BA"), "p": _u(BT + "PA"),
          "n": _u(BT + "NA"), "w": _u(BT + "WA"), "g": _u(BT + "GA"), "j": _u(BT + "JA"),
          "d": _u(BT + "DA"), "r": _u(BT + "RA"), "m": _u(BT + "MA"), "t": _u(BT + "SOUTHERN TA"),
          "s": _u(BT + "SA"), "y": _u(BT + "YA"), "ng": _u(BT + "NGA"), "l": _u(BT + "LA"),
          "ny": _u(BT + "NYA"), "c": _u(BT + "CA"), "nd": _u(BT + "NDA"), "mb": _u(BT + "MBA"),
          "f": _u(BT + "PA"), "v": _u(BT + "BA"), "z": _u(BT + "JA")},
    signs={"e": _u("BATAK VOWEL SIGN E"), "i": _u("BATAK VOWEL SIGN I"),
           "o": _u("BATAK VOWEL SIGN O"), "u": _u("BATAK VOWEL SIGN U")},
    indep={"a": _u(BT + "A"), "i": _u(BT + "I"), "u": _u(BT + "U"),
           "e": _u(BT + "A") + _u("BATAK VOWEL SIGN E"), "o": _u(BT + "A") + _u("BATAK VOWEL SIGN O")},
    virama=_u("BATAK PANGOLAT"),
    finals={"ng": _u("BATAK CONSONANT SIGN NG"), "h": _u("BATAK CONSONANT SIGN H")})

TAI_LE = {"tsh": "TSHA", "ts": "TSA", "th": "THA", "ph": "PHA", "kh": "KHA", "ng": "NGA",
          "k": "KA", "x": "XA", "s": "SA", "y": "YA", "t": "TA", "l": "LA", "p": "PA", "m": "MA",
          "f": "FA", "v": "VA", "w": "VA", "h": "HA", "q": "QA", "n": "NA",
          "aue": "AUE", "ai": "AI", "ee": "EE", "eh": "EH", "ue": "UE", "oo": "OO", "a": "A",
          "i": "I", "u": "U", "o": "O", "e": "E",
          "2": "TONE-2", "3": "TONE-3", "4": "TONE-4", "5": "TONE-5", "6": "TONE-6", "1": ""}


def tai_le_word(word):
    out = []
    for tok, cap in _tokenize(word, TAI_LE):
        if cap is None:
            out.append(tok)
        elif TAI_LE[tok]:
            out.append(_u("TAI LE LETTER " + TAI_LE[tok]))
    return "".join(out)


def render(draft, word_fn):
    """A draft into a script: words outside backticks and ⟦slots⟧ go through `word_fn` (Tai Le
    drafts carry their tones as digits 1-6 inside the word)."""
    word_re = (r"[^\W_]+(?:-[^\W_]+)*" if word_fn is tai_le_word
               else r"[^\W\d_]+(?:-[^\W\d_]+)*")
    out = []
    for part in re.split(r"(`[^`]*`|⟦\w+⟧)", draft):
        if not part:
            continue
        if part.startswith("`"):
            out.append(part[1:-1])
        elif part.startswith("⟦"):
            out.append(part)
        else:
            out.append(re.sub(word_re, lambda m: word_fn(m.group(0)), part))
    return "".join(out)


SCRIPT_FN = {"Osage": osage_word, "Yi": yi_word, "Meetei Mayek": MEETEI.word,
             "Chakma": CHAKMA.word, "Batak": BATAK.word, "Tai Le": tai_le_word}


def script_of(text):
    """The scripts (Unicode name prefixes) of the letters of `text`."""
    found = set()
    for ch in text:
        if ch.isalpha():
            found.add(unicodedata.name(ch, "?").split(" ")[0])
    return found


# --- people --------------------------------------------------------------------------------

NAME_PARTS = {}  # a name as written → the Latin parts an address must spell


def fold(s):
    for a, b in (("ß", "ss"), ("ø", "o"), ("æ", "ae"), ("ł", "l"), ("Ł", "L"), ("ı", "i"),
                 ("đ", "d"), ("ð", "dh"), ("þ", "th"), ("ŋ", "ng")):
        s = s.replace(a, b)
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    return s


def latin_parts(name, umlaut=False):
    if umlaut:
        for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
            name = name.replace(a, b)
    return [re.sub(r"[^a-z]", "", p) for p in fold(name).lower().replace("-", " ").split()
            if re.sub(r"[^a-z]", "", p)]


class Staff:
    """A Jira user: display name, address, account id; always listed in `people` when named."""

    def __init__(self, display, local, parts=None, domain="wrenhollow.homes", region=None):
        self.display, self.email = display, f"{local}@{domain}"
        self.parts = parts or latin_parts(display)
        self.region = region
        self.aid = (f"712020:{ruuid()}" if rng.random() < 0.5 else rs(24, HEXL))

    def n(self):
        return Lab("person", self.display, staff=self)

    def m(self):
        return Lab("person", self.email, staff=self)

    def a(self):
        return Lab("person", self.aid, staff=self)

    def people(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.aid}


class Who:
    """Someone not in `people` (tenant, applicant, contractor, landlord, cardholder...): only
    ever named beside an address spelling every part of the name."""

    def __init__(self, display, email, parts=None, given=None, family=None):
        self.display, self.email = display, email
        self.parts = parts or latin_parts(display)
        self.given, self.family = given, family
        NAME_PARTS[display] = self.parts
        local = email.split("@")[0].lower().replace(".", "").replace("-", "").replace("_", "")
        assert all(p in local for p in self.parts), (display, email, self.parts)
        for comp in (given, family):
            if comp:
                NAME_PARTS.setdefault(comp, latin_parts(comp))

    def n(self):
        return Lab("person", self.display, who=self)

    def e(self):
        return Lab("email", self.email, who=self)

    def caps(self):
        v = fold(self.display).upper()
        NAME_PARTS[v] = self.parts
        return Lab("person", v, who=self)

    def g(self):
        return Lab("person", self.given, who=self)

    def f(self):
        return Lab("person", self.family, who=self)

    def comma(self):
        """Family, Given."""
        v = f"{self.family}, {self.given}"
        NAME_PARTS[v] = self.parts
        return Lab("person", v, who=self)


S = {}


def staff(key, display, local, **kw):
    S[key] = Staff(display, local, **kw)


staff("imogen", "Imogen Hartley-Ward", "imogen.hartley-ward")
staff("tomasz", "Tomasz Wróbel", "tomasz.wrobel")
staff("priya", "Priya Raghunathan", "priya.raghunathan")
staff("callum", "Callum MacIver", "callum.maciver", domain="wrenhollow-fm.net")
staff("adaeze", "Adaeze Okonkwo", "adaeze.okonkwo")
staff("ruairi", "Ruairí Ó Dálaigh", "ruairi.odalaigh", parts=["ruairi", "o", "dalaigh"])
staff("marisol", "Marisol Etxeberria", "marisol.etxeberria")
staff("benedikt", "Benedikt Krämer", "benedikt.kraemer", parts=["benedikt", "kraemer"],
      domain="wrenhollow-fm.net")
staff("yusra", "Yusra Haddad", "yusra.haddad")
staff("chloe", "Chloé Marchetti", "chloe.marchetti")
staff("mateusz", "Mateusz Kowalczyk", "mateusz.kowalczyk", domain="wrenhollow-fm.net")
staff("siobhan", "Siobhan Fairweather", "siobhan.fairweather")
staff("olumide", "Olumide Adeyemi", "olumide.adeyemi", domain="wrenhollow-fm.net")
staff("greta", "Greta Lindqvist", "greta.lindqvist")
staff("dario", "Dário Figueiredo", "dario.figueiredo")
staff("weiling", "Wei-Ling Koh", "weiling.koh", parts=["weiling", "koh"])
staff("kiley", "Kiley Bighorse", "kiley.bighorse", region="Osage")
staff("layi", "沙马拉毅", "layi.shama", parts=["shama", "layi"], region="Nuosu")
staff("romesh", render("Thoudam Romesh", MEETEI.word), "romesh.thoudam",
      parts=["thoudam", "romesh"], region="Meitei")
staff("bijoy", render("Bijoy Khisaa", CHAKMA.word), "bijoy.khisa", parts=["bijoy", "khisa"],
      region="Chakma")
staff("taomeng", "Tao Meng Hkun", "taomeng.hkun", region="Tai Nüa")
staff("hotma", render("Hotma Sinaga", BATAK.word), "hotma.sinaga", parts=["hotma", "sinaga"],
      region="Toba Batak")
staff("dorzh", "Дорҗ Эрдниев", "dorzh.erdniev", parts=["dorzh", "erdniev"], region="Kalmyk")
staff("aasiya", "آسیہ لون", "aasiya.lone", parts=["aasiya", "lone"], region="Kashmiri")
staff("darlene", "Darlene Begay", "darlene.begay", region="Navajo")
staff("manuela", "Manuela Bozzo", "manuela.bozzo", region="Ligurian")
staff("karolina", "Karolina Pyka", "karolina.pyka", region="Silesian")
staff("tiiu", "Tiiu Hõbemägi", "tiiu.hobemagi", region="Võro")
staff("rosaura", "Rosaura Caal Choc", "rosaura.caal.choc", region="Qʼeqchiʼ")
staff("mwila", "Mwila Chanda", "mwila.chanda", region="Bemba")
staff("rhea", "Rhea Mae Villanueva", "rheamae.villanueva", region="Hiligaynon")
staff("ioana", "Ioana Caragiu", "ioana.caragiu", region="Aromanian")

HQ_STAFF = [S[k] for k in ["imogen", "tomasz", "priya", "callum", "adaeze", "ruairi", "marisol",
                           "benedikt", "yusra", "chloe", "mateusz", "siobhan", "olumide", "greta",
                           "dario", "weiling"]]
next_staff = Cycle(HQ_STAFF)


def two_staff():
    a = next_staff()
    b = next_staff()
    while b is a:
        b = next_staff()
    return a, b


# Tenants, applicants, contractors, landlords and other contacts in English-language text.
CONTACTS = [
    ("Harriet Okafor", "harriet.okafor@example.com"), ("Dominic Szabo", "dominic.szabo@mail.example"),
    ("Aoife Gallagher", "aoife.gallagher@example.net"),
    ("Rashid Al-Mansouri", "rashid.almansouri@inbox.example"),
    ("Bethany Nwosu", "bethany.nwosu@example.org"), ("Kwame Asante-Boateng", "kwame.asanteboateng@post.example"),
    ("Lucía Ferreyra", "lucia.ferreyra@correo.example"), ("Jürgen Mahlberg", "juergen.mahlberg@post.example"),
    ("Mei Ling Goh", "meiling.goh@example.org"), ("Oluwaseun Bakare", "oluwaseun.bakare@example.com"),
    ("Sinéad Mulcahy", "sinead.mulcahy@mail.example"), ("Gareth Pryce-Jones", "gareth.pryce-jones@example.net"),
    ("Anneliese van der Berg", "anneliese.vanderberg@example.com"), ("Thabo Mokoena", "thabo.mokoena@inbox.example"),
    ("Francesca D'Amico", "francesca.damico@example.org"), ("Nikolai Petrenko", "nikolai.petrenko@mail.example"),
    ("Ingrid Solheim", "ingrid.solheim@example.net"), ("Fatima Zahra Benali", "fatimazahra.benali@example.com"),
    ("Declan O'Rourke", "declan.orourke@example.com"), ("Hannah Feldman", "hannah.feldman@post.example"),
    ("Sandeep Kulkarni", "sandeep.kulkarni@example.net"), ("Marta Zielińska", "marta.zielinska@poczta.example"),
    ("Giulia Esposito", "giulia.esposito@posta.example"), ("Carlos Mendoza Ruiz", "carlos.mendozaruiz@correo.example"),
    ("Yuki Tanabe", "yuki.tanabe@example.jp.example"), ("Precious Dlamini", "precious.dlamini@example.org"),
    ("Ewan Sutherland", "ewan.sutherland@example.com"), ("Layla Haddadin", "layla.haddadin@inbox.example"),
    ("Tobias Reinholt", "tobias.reinholt@example.net"), ("Chiara Lombardo", "chiara.lombardo@example.org"),
    ("Amara Okeke", "amara.okeke@mail.example"), ("Oscar Lindgren", "oscar.lindgren@example.com"),
    ("Niamh Keating", "niamh.keating@example.net"), ("Bartholomew Achterberg", "b.achterberg.bartholomew@example.org"),
    ("Samira Ouali", "samira.ouali@correo.example"), ("Henrik Dalsgaard", "henrik.dalsgaard@example.com"),
    ("Rosalind Featherstonehaugh", "rosalind.featherstonehaugh@example.org"),
    ("Vikram Sethi", "vikram.sethi@example.net"), ("Emeka Nwachukwu", "emeka.nwachukwu@mail.example"),
    ("Paulina Jaramillo", "paulina.jaramillo@correo.example"), ("Ciarán Ó Súilleabháin", "ciaran.osuilleabhain@example.com"),
    ("Zofia Wiśniewska", "zofia.wisniewska@example.net"), ("Mehmet Yıldırım", "mehmet.yildirim@example.org"),
    ("Ayasha Whitecloud", "ayasha.whitecloud@example.com"), ("Marcus Delacroix-Bell", "marcus.delacroixbell@inbox.example"),
    ("Keziah Mensah", "keziah.mensah@example.net"), ("Rupert Ashdown", "rupert.ashdown@example.co.uk.example"),
    ("Leontine Vermeulen", "leontine.vermeulen@example.nl.example"), ("Tomás Ó Briain", "tomas.obriain@example.com"),
    ("Svetlana Kuznetsova", "svetlana.kuznetsova@mail.example"), ("Ngaire Parata", "ngaire.parata@example.org"),
    ("Désirée Lambert", "desiree.lambert@example.net"), ("Hamish Carruthers", "hamish.carruthers@example.com"),
    ("Ifeoma Chukwu", "ifeoma.chukwu@example.org"), ("Jarrah Whitfield", "jarrah.whitfield@inbox.example"),
    ("Maximilian Östberg", "maximilian.ostberg@example.net"), ("Camille Rousseau", "camille.rousseau@example.com"),
    ("Dorothea Pembridge", "dorothea.pembridge@example.org"), ("Tariq Mahmood", "tariq.mahmood@mail.example"),
    ("Beatriz Carvalho", "beatriz.carvalho@correo.example"), ("Eamon Fitzgerald", "eamon.fitzgerald@example.net"),
]


def _who(display, email):
    parts = latin_parts(display)
    if not all(p in email.split("@")[0].replace(".", "") for p in parts):
        parts = latin_parts(display, umlaut=True)
    if display == "Bartholomew Achterberg":
        parts = ["bartholomew", "achterberg"]
    w = display.split()
    return Who(display, email, parts=parts, given=" ".join(w[:-1]) if len(w) > 1 else None,
               family=w[-1])


CONTACT_LIST = [_who(d, e) for d, e in CONTACTS]
next_contact = Cycle(CONTACT_LIST)

# Contractor contacts on their firms' example domains.
CONTRACTORS = [
    Who("Gary Pennington", "gary.pennington@flowright-plumbing.example", given="Gary", family="Pennington"),
    Who("Lorraine Whitcombe", "lorraine.whitcombe@brightspark-electrical.example", given="Lorraine", family="Whitcombe"),
    Who("Dariusz Nowak", "dariusz.nowak@clearpane-glazing.example.com", given="Dariusz", family="Nowak"),
    Who("Precious Mahlangu", "precious.mahlangu@liftcare.example.net", given="Precious", family="Mahlangu"),
    Who("Stelian Popa", "stelian.popa@heatwise.example", given="Stelian", family="Popa"),
    Who("Femi Adebayo", "femi.adebayo@lockstone.example.org", given="Femi", family="Adebayo"),
    Who("Shona MacAulay", "shona.macaulay@drainright.example", given="Shona", family="MacAulay"),
    Who("Reuben Okoye", "reuben.okoye@firesafe-systems.example", given="Reuben", family="Okoye"),
    Who("Agnieszka Lis", "agnieszka.lis@cleanline.example.com", given="Agnieszka", family="Lis"),
    Who("Terrence Mbeki-Hall", "terrence.mbekihall@roofcraft.example", given="Terrence", family="Mbeki-Hall"),
]
next_contractor = Cycle(CONTRACTORS)

# Landlords (owners whose flats the agency lets).
LANDLORDS = [
    Who("Margaret Hollingsworth", "margaret.hollingsworth@example.com", given="Margaret", family="Hollingsworth"),
    Who("Raj Chaudhary", "raj.chaudhary@example.net", given="Raj", family="Chaudhary"),
    Who("Elspeth Drummond", "elspeth.drummond@mail.example", given="Elspeth", family="Drummond"),
    Who("Bogdan Marinescu", "bogdan.marinescu@posta.example", given="Bogdan", family="Marinescu"),
    Who("Olivia Kingsley-Adams", "olivia.kingsleyadams@example.org", given="Olivia", family="Kingsley-Adams"),
    Who("Wilhelmina de Groot", "wilhelmina.degroot@example.nl.example", given="Wilhelmina", family="de Groot"),
    Who("Faisal Qureshi", "faisal.qureshi@inbox.example", given="Faisal", family="Qureshi"),
    Who("Annika Bergström", "annika.bergstrom@example.se.example", given="Annika", family="Bergström"),
]
next_landlord = Cycle(LANDLORDS)

ROLE = {k: f"{k}@wrenhollow.homes" for k in
        ["lettings", "repairs", "deposits", "accounts", "accounts.payable", "applications",
         "residents", "concierge", "payroll", "noreply", "security", "complaints"]}
ROLE["fm-helpdesk"] = "helpdesk@wrenhollow-fm.net"
ROLE["bms-alerts"] = "bms-alerts@wph.internal"
ROLE["svc-jira"] = "svc-jira@wrenhollow.homes"


def role(k):
    return Lab("email", ROLE[k])


# --- look-alikes shared by many templates --------------------------------------------------

BUILDINGS = ["Tannery Yard", "Larkspur Wharf", "Hollins Court", "Marlow Quay", "The Ropeworks",
             "Calder Mills", "Foundry Square", "Saltings House", "Kiln Street Lofts",
             "Wharfside Gardens", "Bobbin Works", "Cooperage Row"]
next_building = Cycle(BUILDINGS)


def unit():
    return Look(rng.choice([f"Flat {rng.randint(1, 24)}{rng.choice('ABCDEF')}",
                            f"Apt {rng.randint(1, 19)}{rng.randint(1, 12):02d}",
                            f"Unit {rng.randint(1, 9)}.{rng.randint(1, 30):02d}"]), "unit number")


def ticket_no():
    return Look(f"WRH-{rng.randint(1200, 9899)}", "Jira issue key")


def meter_serial():
    return Look(rng.choice([f"E{rng.randint(10, 24)}UK{digits(7)}",
                            f"WM-{digits(4)}-{digits(4)}-{rng.randint(10, 99)}",
                            f"G4K{digits(8)}", f"{rng.randint(10, 24)}P{digits(7)}"]), "meter serial")


def keysafe_code():
    return Look(rng.choice([str(rng.randint(1000, 9999)), f"{rng.randint(1000, 9999)}#",
                            f"*{rng.randint(1000, 9999)}", f"C{rng.randint(100, 999)}"]), "key-safe / door code")


def invoice_no():
    return Look(rng.choice([f"INV-2026-{digits(5)}", f"PI/{rng.randint(1000, 9999)}/26",
                            f"FX-{digits(6)}"]), "invoice number")


def fob_id():
    return Look(rng.choice([f"FOB-{rs(4, HEXU)}-{rs(4, HEXU)}", f"KF{digits(6)}",
                            f"{rs(2, HEXU)}{rs(2, HEXU)}{rs(2, HEXU)}{rs(2, HEXU)}"]), "key-fob id")


def a_date():
    d, m = rng.randint(1, 28), rng.randint(1, 12)
    return Look(rng.choice([f"{d:02d}.{m:02d}.2026", f"2026-{m:02d}-{d:02d}", f"{d:02d}/{m:02d}/2026"]), "date")


def amount(cur):
    n = rng.randint(40, 2400)
    c = rng.randint(0, 99)
    return Look({
        "USD": f"${n:,}.{c:02d}", "GBP": f"£{n:,}.{c:02d}", "EUR": f"€{n},{c:02d}",
        "CNY": f"¥{n * 7:,}", "INR": f"₹{n * 90:,}", "BDT": f"৳{n * 120:,}", "IDR": f"Rp {n * 16}.{c:02d}0",
        "RUB": f"{n * 90:,} ₽".replace(",", " "), "PLN": f"{n * 4},{c:02d} zł", "GTQ": f"Q{n * 8:,}.{c:02d}",
        "ZMW": f"K{n * 25:,}", "PHP": f"₱{n * 56:,}.{c:02d}", "RON": f"{n * 5},{c:02d} lei",
        "MMK": f"{n * 2100:,} Ks",
    }[cur], "amount")


# --- the sixteen languages -----------------------------------------------------------------
# Each: tenants (display, address, Latin parts), the phone countries of its tenants and
# relatives, the local colleague, the word for password, card brands and the refund, and the
# eight texts. Drafts of the six scripts in SCRIPT_FN are transliterated by render().

LANGS = [
    dict(name="Osage", script="Osage", fn=osage_word, staff="kiley",
         tenants=[("Tsizhu Pahuska", "tsizhu.pahuska@example.net", None),
                  ("Wakǫ Hlaðe", "wako.hladhe@mail.example", ["wako", "hladhe"]),
                  ("Mika Wahshe", "mika.wahshe@example.org", None)],
         phones=["US", "US", "US"], areas=["918", "539"], rel="US", card="discover", refund=("card", "discover"), cur="USD",
         pw="wahkǫ ie",
         c1="Hawe. Wihta tsi ⟦U⟧ peðe ðaazhi wahtsekaðe okashe. Wi ⟦N⟧ ahkǫ, ⟦P⟧ ðahtsi, ⟦E⟧ kǫta.",
         c2="Ni tsi hu okahta ðaazhi ie. ⟦N⟧ — ⟦P⟧ · ⟦E⟧",
         note="Wahkǫta wathe: `boiler` okashe hu ðaazhi. ⟦S⟧ ðahtsi ⟦SP⟧; tsi ahkǫ izhike ⟦RP⟧.",
         wifi="`Wi-Fi` tsi okahta `Wrenhollow-Pawhuska`, ⟦W⟧: ⟦PW⟧",
         cardt="`chat` — tsi ahkǫ: wihta `card` ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) mǫzhǫ okashe wahtsekaðe, `card` ⟦C⟧",
         neg1="Tsi ⟦U⟧, `meter` ⟦M⟧, `key safe` ⟦K⟧, `invoice` ⟦V⟧: ⟦A⟧",
         neg2="⟦W⟧ okashe ðaazhi ⟦D⟧; `ticket` ⟦J⟧, `fob` ⟦F⟧"),
    dict(name="Nuosu (Sichuan Yi)", script="Yi", fn=yi_word, staff="layi",
         tenants=[("qu-bi-a-xi", "qubi.axi@example.com", ["qubi", "axi"]),
                  ("jji-ke-a-ga", "jjike.aga@mail.example", ["jjike", "aga"]),
                  ("sha-ma-mu-ga", "shama.muga@example.org", ["shama", "muga"])],
         phones=["CN", "CN", "CN"], rel="CN", card="unionpay19", refund=("card", "unionpay"), cur="CNY",
         pw="mip-ma",
         c1="nga vi-hxa ⟦U⟧ mu-ddu a-zzi ssy-bbo. nga ⟦N⟧, ⟦P⟧ hxi-ni, ⟦E⟧ su-bu.",
         c2="yi-cy vo-lu ggu-ho. ⟦N⟧, ⟦P⟧, ⟦E⟧.",
         note="hmo-ke ji-mi: `boiler` ddu-bu nyi-su lu. ⟦S⟧ ⟦SP⟧; a-bu ssy ⟦RP⟧.",
         wifi="`Wi-Fi` vi-hxa `Wrenhollow-Xichang`, ⟦W⟧: ⟦PW⟧",
         cardt="`chat` — nga-bbo `card`: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) shy-ma ho-ke `card` ⟦C⟧",
         neg1="vi-hxa ⟦U⟧, `meter` ⟦M⟧, `key safe` ⟦K⟧, `invoice` ⟦V⟧: ⟦A⟧",
         neg2="⟦W⟧ ho-ke ⟦D⟧; `ticket` ⟦J⟧, `fob` ⟦F⟧"),
    dict(name="Meitei (Manipuri)", script="Meetei Mayek", fn=MEETEI.word, staff="romesh",
         tenants=[("Laishram Sanaatombi", "sanatombi.laishram@example.com", ["laishram", "sanatombi"]),
                  ("Ningthoujam Ibomchaa", "ibomcha.ningthoujam@example.net", ["ningthoujam", "ibomcha"]),
                  ("Konsam Memchaa", "memcha.konsam@mail.example", ["konsam", "memcha"])],
         phones=["IN", "IN", "IN"], rel="IN", card="rupay", refund=("card", "rupay"), cur="INR",
         pw="athuppaa wahei",
         c1="Khurumjari. Ei ⟦N⟧. Eigi flaat ⟦U⟧ ta hitaar haptaa amaa thabak tourade. ⟦P⟧ ta fon touba nattraga ⟦E⟧ ta iba.",
         c2="Baathrum gi siling daagi ising taare. ⟦N⟧, fon ⟦P⟧, `e-mail` ⟦E⟧.",
         note="Semdokpagi not: boilar gi paart Iraai numit ta lakkani; ⟦S⟧ `on-call` ⟦SP⟧; tenaant gi machaa nupaa (chaabi gi) ⟦RP⟧.",
         wifi="`Lobby Wi-Fi` `Wrenhollow-Imphal`, ⟦W⟧: ⟦PW⟧",
         cardt="`chat` — tenaant: dipojit gidamak eigi kaard: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) gi dipojit kaard ⟦C⟧ da hanjinbiyu.",
         neg1="Flaat ⟦U⟧, mitar ⟦M⟧, chaabi baakas kod ⟦K⟧, invois ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ hongdokle ⟦D⟧; tikat ⟦J⟧, fob ⟦F⟧."),
    dict(name="Chakma", script="Chakma", fn=CHAKMA.word, staff="bijoy",
         tenants=[("Sumitaa Dewan", "sumita.dewan@example.com", ["sumita", "dewan"]),
                  ("Jyotirmoy Taalukdaar", "jyotirmoy.talukdar@example.org", ["jyotirmoy", "talukdar"]),
                  ("Pragati Chakmaa", "pragati.chakma@mail.example", ["pragati", "chakma"])],
         phones=["BD", "BD", "BD"], rel="IN", card="visa", refund=("card", "visa"), cur="BDT",
         pw="gupto kathaa",
         c1="Nomoskaar. Mui ⟦N⟧. Mor ghorot ⟦U⟧ hitaar ek hoptaa dhori kaam na gore. More ⟦P⟧ ot fon diyo naoile ⟦E⟧ ot likho.",
         c2="Baathrumor chaal dini paani pore. ⟦N⟧, fon ⟦P⟧, imel ⟦E⟧.",
         note="Meramotor not: boilaar-or paarts Sukkurbaar aibo; ⟦S⟧ on-kol ⟦SP⟧; bhaaraatiyaar puat (chaabi laagi) ⟦RP⟧.",
         wifi="`Lobby Wi-Fi` `Wrenhollow-Rangamati`, ⟦W⟧: ⟦PW⟧",
         cardt="Chaat — bhaaraatiyaa: dipojit laagi mor kaard: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) dipojit kaard ⟦C⟧ ot pheraat dibaa.",
         neg1="Ghor ⟦U⟧, mitaar ⟦M⟧, chaabi baaksor kod ⟦K⟧, invois ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ bodolaanaa hoiye ⟦D⟧; tikot ⟦J⟧, fob ⟦F⟧."),
    dict(name="Tai Nüa", script="Tai Le", fn=tai_le_word, staff="taomeng",
         tenants=[("Naang2 Kham2 Ying2", "nangkham.ying@example.com", ["nang", "kham", "ying"]),
                  ("Qai3 Seng1 Laa1", "aiseng.la@mail.example", ["ai", "seng", "la"]),
                  ("Ye3 Hom1 Lun2", "yehom.lun@example.net", ["ye", "hom", "lun"])],
         phones=["CN", "MM", "CN"], rel="MM", card="unionpay", refund=("card", "unionpay19"), cur="CNY",
         pw="xam2 lap5",
         c1="Mai2 sung1. Kau1 ⟦N⟧. Hoen2 kau1 ⟦U⟧ fai2 pau5 lai3 tsat2 van2 yau3. Tho3 ma2 ⟦P⟧ lu1 tem3 ⟦E⟧.",
         c2="Nam4 to1 lung2 maa2 tsaa3 hong4 aap5. ⟦N⟧, tho3 ⟦P⟧, `e-mail` ⟦E⟧.",
         note="Tsaang6 mai2: khong1 `boiler` ma2 van2 suk2; ⟦S⟧ pen2 ven2 ⟦SP⟧; luk5 tsaai2 tsau3 hoen2 (kaa1 kha1) ⟦RP⟧.",
         wifi="`Wi-Fi` hoen2 ho1 `Wrenhollow-Mangshi`, ⟦W⟧: ⟦PW⟧",
         cardt="`chat` — kau1: kaat5 kau1: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) ngen2 kam3 pan3 kaat5 ⟦C⟧.",
         neg1="Hoen2 ⟦U⟧, `meter` ⟦M⟧, `key safe` ⟦K⟧, `invoice` ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ lai3 plian5 ⟦D⟧; `ticket` ⟦J⟧, `fob` ⟦F⟧."),
    dict(name="Toba Batak", script="Batak", fn=BATAK.word, staff="hotma",
         tenants=[("Tiurma Sitorus", "tiurma.sitorus@example.com", None),
                  ("Bonar Nainggolan", "bonar.nainggolan@mail.example", None),
                  ("Rotua Panjaitan", "rotua.panjaitan@example.org", None)],
         phones=["ID", "ID", "ID"], rel="ID", card="mastercard", refund=("card", "visa"), cur="IDR",
         pw="hata sandi",
         c1="Horas. Ahu si ⟦N⟧. Hiter di jabu hu ⟦U⟧ ndang mangula sadari minggu. Telepon ma ahu tu ⟦P⟧ manang surati tu ⟦E⟧.",
         c2="Aek tumetek sian langit-langit ni kamar mandi. ⟦N⟧, telepon ⟦P⟧, `e-mail` ⟦E⟧.",
         note="Catatan perbaikan: onderdil boiler ro di ari Jumat; ⟦S⟧ `on-call` ⟦SP⟧; anak ni panyewa (laho kunci) ⟦RP⟧.",
         wifi="`Wi-Fi lobby` `Wrenhollow-Balige`, ⟦W⟧: ⟦PW⟧",
         cardt="`chat` — panyewa: on ma kartu hu tu deposit: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) naeng mulak deposit tu kartu ⟦C⟧.",
         neg1="Jabu ⟦U⟧, meteran ⟦M⟧, kode kotak kunci ⟦K⟧, faktur ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ nunga diganti ⟦D⟧; tiket ⟦J⟧, fob ⟦F⟧."),
    dict(name="Kalmyk (Oirat)", script="Cyrillic", staff="dorzh",
         tenants=[("Саглар Бадмаева", "saglar.badmaeva@example.com", ["saglar", "badmaeva"]),
                  ("Өлзә Санҗиева", "olza.sanzhieva@mail.example", ["olza", "sanzhieva"]),
                  ("Бембя Манджиев", "bembya.mandzhiev@example.net", ["bembya", "mandzhiev"])],
         phones=["RU", "RU", "RU"], rel="RU", card="mir", refund=("card", "mir"), cur="RUB",
         pw="нууц үг",
         c1="Мендвт. Би ⟦N⟧. ⟦U⟧ гертм долан хонгт дулан уга. Намд ⟦P⟧ тал зәңглтн эсклә ⟦E⟧ тал бичтн.",
         c2="Ванн гертин деерәс усн дусчана. ⟦N⟧, телефон ⟦P⟧, e-mail ⟦E⟧.",
         note="Засврин темдглл: котлын хүв басхн асхнд ирх; ⟦S⟧ дежурт бәәнә ⟦SP⟧; көлснәчин көвүн (түлкүрин төлә) ⟦RP⟧.",
         wifi="Коридорин Wi-Fi Wrenhollow-Elista, ⟦W⟧: ⟦PW⟧",
         cardt="Чат — көлснәч: залогин төлә мини карт: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) залогиг Мир картд хәрүлхиг сурна: ⟦C⟧",
         neg1="Гер ⟦U⟧, счетчик ⟦M⟧, түлкүрин сейфин код ⟦K⟧, счет ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ ⟦D⟧ сольгдв; заявк ⟦J⟧, брелок ⟦F⟧."),
    dict(name="Kashmiri", script="Arabic", staff="aasiya",
         tenants=[("شبنم بٹ", "shabnam.bhat@example.com", ["shabnam", "bhat"]),
                  ("عرفان وانی", "irfan.wani@mail.example", ["irfan", "wani"]),
                  ("نسرین کول", "nasreen.koul@example.org", ["nasreen", "koul"])],
         phones=["IN", "GB", "IN"], rel="IN", card="rupay", refund=("iban", "GB"), cur="GBP",
         pw="خُفیہ لفظ",
         c1="السلام علیکم، بہٕ چھس ⟦N⟧، فلیٹ ⟦U⟧ منٛز چھُ نہٕ ہیٖٹر ہفتس پیٹھٕ چلان۔ مےٚ کٔرِو فون ⟦P⟧ پؠٹھ یا لیٚکھِو ⟦E⟧ پؠٹھ۔",
         c2="غسل خانُک چھَت چھُ ٹَپان۔ ⟦N⟧، فون ⟦P⟧، ای میل ⟦E⟧۔",
         note="مرمتُک نوٹ: بائلرُک پُرزٕ یِیہِ جُمہٕ؛ ⟦S⟧ چھِ آن کال ⟦SP⟧؛ کرایہ دارُن نیٚچُو (چٲبیٚ خٲطرٕ) ⟦RP⟧۔",
         wifi="لابی Wi-Fi: Wrenhollow-Srinagar، ⟦W⟧: ⟦PW⟧",
         cardt="چیٹ — کرایہ دار: یہ چھُ میون کارڈ ڈپازٹ خٲطرٕ: ⟦C⟧",
         refundt="مہربٲنی کٔرِتھ ڈپازٹ واپس سوزِو اکاؤنٹس ⟦I⟧ منٛز۔ ⟦N⟧ (⟦E⟧)",
         neg1="فلیٹ ⟦U⟧، میٹر ⟦M⟧، کی سیف کوڈ ⟦K⟧، انوائس ⟦V⟧: ⟦A⟧۔",
         neg2="⟦W⟧ گوٚو بدلاونہٕ ⟦D⟧؛ ٹکٹ ⟦J⟧، فوب ⟦F⟧۔"),
    dict(name="Navajo", script="Latin", staff="darlene",
         tenants=[("Shándíín Yazzie", "shandiin.yazzie@example.com", None),
                  ("Doli Benally", "doli.benally@mail.example", None),
                  ("Ahiga Tsinajinnie", "ahiga.tsinajinnie@example.net", None)],
         phones=["US", "US", "US"], areas=["928", "505"], rel="US", card="amex", refund=("card", "amex"), cur="USD",
         pw="saad bee ʼahidiníʼąą",
         c1="Yáʼátʼééh, ⟦N⟧ yinishyé. Shighan ⟦U⟧ biiʼ bee honeezgaii doo naalnish da, tsostsʼid jį́ʼ nidi. Shichʼįʼ hodiilnih: ⟦P⟧, éí doodaiiʼ ⟦E⟧. Ahéheeʼ.",
         c2="Tó bikáaʼdę́ęʼ naanáálį́į́h, chʼáʼdiníbįįh biyiʼ. ⟦N⟧ — ⟦P⟧ · ⟦E⟧",
         note="Naalnish bá haneʼ: boiler bitsʼáádę́ę́ʼ Ńdízhaʼ Yiską́ągo yigááł. ⟦S⟧ on call ⟦SP⟧; kin bá hólíní biyeʼ ⟦RP⟧.",
         wifi="Lobby Wi-Fi Wrenhollow-WindowRock, ⟦W⟧: ⟦PW⟧",
         cardt="Chat — kin bá hólíní: shibéeso naaltsoos deposit biniiyé: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) bibéeso deposit nááná bichʼįʼ ałhaa, naaltsoos ⟦C⟧.",
         neg1="Kin ⟦U⟧, meter ⟦M⟧, key safe ⟦K⟧, naaltsoos bee ʼákʼeʼeshchí ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ nááná ályaa ⟦D⟧; ticket ⟦J⟧, fob ⟦F⟧."),
    dict(name="Ligurian (Genoese)", script="Latin", staff="manuela",
         tenants=[("Baciccia Rebora", "baciccia.rebora@example.com", None),
                  ("Ginetta Bagnasco", "ginetta.bagnasco@posta.example", None),
                  ("Nicolò Ferrando", "nicolo.ferrando@example.org", None)],
         phones=["IT", "IT", "IT"], rel="IT", card="maestro", refund=("iban", "IT"), cur="EUR",
         pw="paròlla segrêta",
         c1="Bongiorno, son ⟦N⟧: o caodo into mæ apartamento ⟦U⟧ o no va da 'na settemaña. Ciammæme a-o ⟦P⟧ ò scriveime a ⟦E⟧.",
         c2="Gh'é de l'ægua ch'a cöre da-o sofito do bagno. ⟦N⟧, telefono ⟦P⟧, e-mail ⟦E⟧.",
         note="Nòtta de manutençion: o pessin da caodaia o l'arriva vegnì; ⟦S⟧ o l'é de turno a-o ⟦SP⟧; o figgio do scignô (pe-e ciave) a-o ⟦RP⟧.",
         wifi="Wi-Fi de l'intrâ: ræ Wrenhollow-Zena, ⟦W⟧: ⟦PW⟧",
         cardt="Chat — inquilin: ecco a mæ carta pe-a cauçion: ⟦C⟧",
         refundt="Pe piaxei, rendeime a cauçion in sciô conto ⟦I⟧. ⟦N⟧ (⟦E⟧)",
         neg1="Apartamento ⟦U⟧, contatô ⟦M⟧, codiçe da cascetta de ciave ⟦K⟧, fattûa ⟦V⟧: ⟦A⟧.",
         neg2="A ⟦W⟧ a l'é stæta cangiâ o ⟦D⟧; ticket ⟦J⟧, badge ⟦F⟧."),
    dict(name="Silesian", script="Latin", staff="karolina",
         tenants=[("Józef Kocur", "jozef.kocur@example.com", None),
                  ("Hanna Szołtysek", "hanna.szoltysek@poczta.example", None),
                  ("Ryszard Pośpiech", "ryszard.pospiech@example.net", None)],
         phones=["PL", "PL", "PL"], rel="DE", card="mastercard2", refund=("iban", "PL"), cur="PLN",
         pw="hasło",
         c1="Dzień dobry, nazywōm sie ⟦N⟧. We mojij izbie ⟦U⟧ ôd tydnia niy grzeje kaloryfer. Zadzwōńcie na ⟦P⟧ abo napiszcie na ⟦E⟧.",
         c2="Ze sufitu we łazience kapie woda. ⟦N⟧, telefōn ⟦P⟧, e-mail ⟦E⟧.",
         note="Notatka z naprawy: tajla do pieca przidzie we piōntek; ⟦S⟧ mo dyżur pod ⟦SP⟧; syn lokatora (do kluczy) pod ⟦RP⟧.",
         wifi="Wi-Fi we kurytarzu: sieć Wrenhollow-Hala, ⟦W⟧: ⟦PW⟧",
         cardt="Czat — lokator: tukej moja karta na kaucjo: ⟦C⟧",
         refundt="Proszã ô zwrōt kaucje na kōnto ⟦I⟧. ⟦N⟧ (⟦E⟧)",
         neg1="Mieszkanie ⟦U⟧, licznik ⟦M⟧, kod skrzynki na klucze ⟦K⟧, faktura ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ było zmiyniōne ⟦D⟧; zgłoszynie ⟦J⟧, brelok ⟦F⟧."),
    dict(name="Võro", script="Latin", staff="tiiu",
         tenants=[("Ülle Sarv", "ulle.sarv@example.com", None),
                  ("Jaanus Kõiv", "jaanus.koiv@mail.example", None),
                  ("Aive Mõttus", "aive.mottus@example.org", None)],
         phones=["EE", "EE", "EE"], rel="FI", card="visa", refund=("iban", "EE"), cur="EUR",
         pw="salasõna",
         c1="Tere, minno nimi om ⟦N⟧. Mu kortinah ⟦U⟧ ei olõ nädäli aigo lämmä. Kutsuge mullõ ⟦P⟧ vai kirotagõ ⟦E⟧.",
         c2="Vannitoa lae päält tilk vett. ⟦N⟧, telefon ⟦P⟧, e-post ⟦E⟧.",
         note="Remondi märkus: katla jago tulõ riidi; ⟦S⟧ om valvõh ⟦SP⟧; üürnigu poig (võtmidõ peräst) ⟦RP⟧.",
         wifi="Koridori Wi-Fi: võrk Wrenhollow-Kodo, ⟦W⟧: ⟦PW⟧",
         cardt="Jutuaken — üürnik: siin om mu kaart tagatisraha jaos: ⟦C⟧",
         refundt="Pallõ tagatisraha tagasi kontolõ ⟦I⟧. ⟦N⟧ (⟦E⟧)",
         neg1="Kortin ⟦U⟧, arvesti ⟦M⟧, võtmekasti kuud ⟦K⟧, arvõ ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ muudeti ⟦D⟧; pilet ⟦J⟧, kiip ⟦F⟧."),
    dict(name="Qʼeqchiʼ", script="Latin", staff="rosaura",
         tenants=[("Marcelino Xol Ical", "marcelino.xol.ical@correo.example", None),
                  ("Juana Tiul Cuc", "juana.tiul.cuc@example.com", None),
                  ("Ernesto Chub Maquin", "ernesto.chub.maquin@example.net", None)],
         phones=["GT", "GT", "GT"], rel="MX", card="visa", refund=("iban", "GT"), cur="GTQ",
         pw="muqmuukil aatin",
         c1="Sa' xkʼabʼaʼ li Dios. Laaʼin ⟦N⟧. Li xam sa' lin kabʼl ⟦U⟧ inkʼaʼ nakʼanjelak jun xamaan chik. Chaawaʼbʼesi we sa' ⟦P⟧ malaj chatzʼiibʼa sa' ⟦E⟧.",
         c2="Naxoq li haʼ chi rubʼel li ochoch, sa' li bʼañ. ⟦N⟧, telefon ⟦P⟧, e-mail ⟦E⟧.",
         note="Xtzʼiibʼankil li kʼanjel: li xkomon li boiler taachal sa' li bʼiernes; ⟦S⟧ wank sa' turno ⟦SP⟧; li ralal li winq (re li llave) ⟦RP⟧.",
         wifi="Wi-Fi sa' li oqebʼaal: Wrenhollow-Coban, ⟦W⟧: ⟦PW⟧",
         cardt="Chat — aj kabʼl: arin wank lin tarjeta re li depósito: ⟦C⟧",
         refundt="Chaaqʼajsi li depósito sa' li cuenta ⟦I⟧. ⟦N⟧ (⟦E⟧)",
         neg1="Kabʼl ⟦U⟧, medidor ⟦M⟧, xkóodiy li caja re llave ⟦K⟧, factura ⟦V⟧: ⟦A⟧.",
         neg2="Li ⟦W⟧ kijalaak sa' ⟦D⟧; ticket ⟦J⟧, llavero ⟦F⟧."),
    dict(name="Bemba", script="Latin", staff="mwila",
         tenants=[("Chileshe Mulenga", "chileshe.mulenga@example.com", None),
                  ("Mwape Bwalya", "mwape.bwalya@mail.example", None),
                  ("Kasonde Mutale", "kasonde.mutale@example.org", None)],
         phones=["ZM", "ZM", "ZM"], rel="ZA", card="mastercard", refund=("card", "mastercard2"), cur="ZMW",
         pw="ishiwi lya nkama",
         c1="Mwashibukeni. Nine ⟦N⟧. Icoshi ca mu ng'anda yandi ⟦U⟧ tacilebomba umulungu onse. Ndeeteleni pa ⟦P⟧ nangu lembeni kuli ⟦E⟧.",
         c2="Amenshi yalepona ukufuma pa mutenge wa mu cimbusu. ⟦N⟧, foni ⟦P⟧, e-mail ⟦E⟧.",
         note="Ifyalembwa fya kulunga: icipanda ca boiler cikesa pa Cisano; ⟦S⟧ ali pa ncito pa ⟦SP⟧; umwana mwaume wa mwine nganda (ku makii) pa ⟦RP⟧.",
         wifi="Wi-Fi ya pa lobby: Wrenhollow-Kitwe, ⟦W⟧: ⟦PW⟧",
         cardt="Ilyashi — uwikala mu nganda: iyi e kaadi yandi iya deposit: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧) alefwaya deposit ibwele pa kaadi ⟦C⟧.",
         neg1="Nganda ⟦U⟧, mita ⟦M⟧, code ya kabokosi ka makii ⟦K⟧, invoice ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ lyalyalulwa pa ⟦D⟧; ticket ⟦J⟧, fob ⟦F⟧."),
    dict(name="Hiligaynon", script="Latin", staff="rhea",
         tenants=[("Jocelyn Tupas", "jocelyn.tupas@example.com", None),
                  ("Rodel Gustilo", "rodel.gustilo@mail.example", None),
                  ("Kristine Joy Sonza", "kristinejoy.sonza@example.net", None)],
         phones=["PH", "PH", "PH"], rel="AE", card="jcb", refund=("card", "diners"), cur="PHP",
         pw="tinago nga pulong",
         c1="Maayong aga, ako si ⟦N⟧. Ang heater sa akon unit ⟦U⟧ wala nagaandar sang isa ka semana na. Palihug tawgi ako sa ⟦P⟧ ukon isulat sa ⟦E⟧.",
         c2="May tubig nga nagatulo halin sa kisame sang banyo. ⟦N⟧, telepono ⟦P⟧, e-mail ⟦E⟧.",
         note="Nota sa maintenance: ang piyesa sang boiler maabot sa Biernes; si ⟦S⟧ ang naka-on-call sa ⟦SP⟧; ang anak nga lalaki sang tenant (para sa yabi) sa ⟦RP⟧.",
         wifi="Wi-Fi sa lobby: Wrenhollow-Iloilo, ⟦W⟧: ⟦PW⟧",
         cardt="Chat — tenant: ari ang akon kard para sa deposito: ⟦C⟧",
         refundt="⟦N⟧ (⟦E⟧): palihug ibalik ang deposito sa kard ⟦C⟧.",
         neg1="Unit ⟦U⟧, metro ⟦M⟧, code sang key safe ⟦K⟧, invoice ⟦V⟧: ⟦A⟧.",
         neg2="Ang ⟦W⟧ ginbaylo sang ⟦D⟧; tiket ⟦J⟧, fob ⟦F⟧."),
    dict(name="Aromanian", script="Latin", staff="ioana",
         tenants=[("Nicola Ciumeti", "nicola.ciumeti@example.com", None),
                  ("Ghiorghi Pitu", "ghiorghi.pitu@posta.example", None),
                  ("Aspasia Gugiu", "aspasia.gugiu@example.org", None)],
         phones=["RO", "MK", "RO"], rel="MK", card="maestro19", refund=("iban", "RO"), cur="RON",
         pw="zbor ascumtu",
         c1="Bunã dzuã, mini hiu ⟦N⟧. Caloriferlu tu casa a mea ⟦U⟧ nu lucreadzã di unã stãmãnã. Chimati-mã la ⟦P⟧ i scriets-ni la ⟦E⟧.",
         c2="Curã apã dit tavanlu di banio. ⟦N⟧, telefon ⟦P⟧, e-mail ⟦E⟧.",
         note="Notã di reparatsii: piesa di cazan yini vinirea; ⟦S⟧ easti di serviciu la ⟦SP⟧; hiljlu a chiriaşlui (trã cljei) la ⟦RP⟧.",
         wifi="Wi-Fi tu hol: Wrenhollow-Custantsa, ⟦W⟧: ⟦PW⟧",
         cardt="Chat — chiriaş: aestã easti carta a mea trã garantsie: ⟦C⟧",
         refundt="Vã pãlãcãrsescu s-ni turnats garantsia tu contul ⟦I⟧. ⟦N⟧ (⟦E⟧)",
         neg1="Apartament ⟦U⟧, contor ⟦M⟧, codlu a cutiiljei di cljei ⟦K⟧, facturã ⟦V⟧: ⟦A⟧.",
         neg2="⟦W⟧ fu alãxit ⟦D⟧; bilet ⟦J⟧, breloc ⟦F⟧."),
]

PW_WORDS_BY_LANG = {}
FRAMES = Cycle(["jira", "form", "forward", "bot"], shuffle=False)
PHONE_FORMS = Cycle(["intl", "e164", "nat", "00", "dash", "bracket", "nat", "intl", "dot", "natdash"])


def lang_text(L, draft, **slots):
    text = render(draft, L["fn"]) if L.get("fn") else draft
    return T(text, **slots)


def frame(kind, L, body):
    S_ = S[L["staff"]]
    n = rng.randint(1200, 9899)
    bld = next_building()
    if kind == "jira":
        return ["WRH-", str(n), " · ", bld, " · via Doorwren\nWatchers: ",
                rng.choice([S_.n(), ["[~accountid:", S_.a(), "]"]]), "\n", body]
    if kind == "form":
        return [f"Doorwren contact form · building={bld.replace(' ', '+')} · lang={L['name'].split(' ')[0].lower()}\nmessage: ", body]
    if kind == "forward":
        return ["Fwd (lettings inbox) — please log:\n> ", body]
    return [f"Doorwren assistant · transcript {n}\n[user] ", body,
            f"\n[bot] Thanks — ticket WRH-{n + 1} is open."]


def build_language(L):
    name = L["name"]
    fn = L.get("fn")
    S_ = S[L["staff"]]
    pw_word = render(L["pw"], fn) if fn else L["pw"]
    PW_WORDS_BY_LANG[name] = pw_word
    tenants = []
    for disp, email, parts in L["tenants"]:
        shown = render(disp, fn) if fn else disp
        if fn is yi_word:
            shown = yi_word(disp)
        tenants.append(Who(shown, email, parts=parts or latin_parts(disp)))
    t1, t2, t3 = tenants

    def look_slots():
        return dict(U=unit(), M=meter_serial(), K=keysafe_code(), V=invoice_no(),
                    A=amount(L["cur"]), D=a_date(), J=ticket_no(), F=fob_id(), W=pw_word)

    # two complaints
    for t, draft, pc in ((t1, L["c1"], L["phones"][0]), (t2, L["c2"], L["phones"][1])):
        body = lang_text(L, draft, N=t.n(), E=t.e(), P=phone(pc, PHONE_FORMS(), L.get("areas")), U=unit())
        kind = FRAMES()
        add("language: tenant complaint", frame(kind, L, body), lang=name,
            people=[S_] if kind == "jira" else [])
    # maintenance note with a colleague's and a relative's phone
    add("language: maintenance note",
        lang_text(L, L["note"], S=S_.n(), SP=phone(L["phones"][2], PHONE_FORMS(), L.get("areas")),
                  RP=phone(L["rel"], PHONE_FORMS())), lang=name)
    # Wi-Fi
    add("language: building Wi-Fi",
        lang_text(L, L["wifi"], W=pw_word, PW=Lab("password", pw_wifi() if rng.random() < 0.5 else pw_random())),
        lang=name)
    # card pasted into a chat
    add("language: card in chat",
        [f"[{rng.randint(8, 21):02d}:{rng.randint(0, 59):02d}] ", lang_text(L, L["cardt"], C=card(L["card"]))],
        lang=name)
    # refund
    kind, what = L["refund"]
    slot = dict(N=t3.n(), E=t3.e())
    if kind == "iban":
        slot["I"] = iban(what)
    else:
        slot["C"] = card(what)
    add("language: refund", lang_text(L, L["refundt"], **slot), lang=name)
    # two negatives
    add("language: negative", lang_text(L, L["neg1"], **look_slots()), lang=name,
        people=[S_] if rng.random() < 0.3 else [])
    add("language: negative", lang_text(L, L["neg2"], **look_slots()), lang=name)


for _L in LANGS:
    build_language(_L)


# --- English / technical content -----------------------------------------------------------

EN_PHONE = Cycle(["GB", "GB", "GB", "GB", "IE", "US", "CA", "DE", "FR", "NL", "ES", "IT", "PL", "PT",
                  "BE", "CH", "AT", "SE", "FI", "AU", "SG", "AE", "KE", "ZA", "NG", "JP", "HK",
                  "BR", "MX", "TR", "NP", "IN", "PK", "RO", "RU", "ID", "PH", "MW", "CN", "BD",
                  "MM", "EE", "GT", "ZM", "MK", "GB", "US", "IE"])
EN_FORM = Cycle(["intl", "nat", "e164", "00", "dash", "bracket", "nat", "intl", "dot", "natdash",
                 "intl", "nat", "msisdn", "dot"])
IBAN_C = Cycle(["GB", "IE", "IT", "PL", "EE", "GT", "RO", "FR", "DE", "NL", "BE", "ES", "PT", "CH",
                "AT", "FI", "SE", "DK", "NO", "AE", "LT", "CZ", "PK", "GB", "DE", "FR", "NL", "IE"])
BRANDS = Cycle(["visa", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners", "unionpay",
                "unionpay19", "maestro", "maestro19", "mir", "rupay", "troy", "elo", "dankort",
                "visa", "mastercard"])
ISSUES = Cycle(["mould on the bedroom wall", "no hot water since Sunday", "the lift is out of service",
                "the intercom does not ring the flat", "a window that will not close",
                "a leak from the flat above", "a cold radiator in the lounge",
                "a noisy extractor fan", "a chirping smoke alarm", "damp in the airing cupboard",
                "the bike store lock is jammed", "no access to the parcel room",
                "the balcony door seal has failed", "the shower tray is cracked"])
US_CITIES = Cycle(["Tulsa, OK", "Albuquerque, NM", "Flagstaff, AZ", "Oklahoma City, OK", "Denver, CO"])


def P(code=None, form=None):
    form = form or EN_FORM()
    if form == "dot" and code is None:
        code = rng.choice(sorted(DOT_OK))
    return phone(code or EN_PHONE(), form)


def phone_twice(code, form1, form2):
    """The same number written twice (an SMS export's outgoing and incoming rows)."""
    a = phone(code, form1)
    c = COUNTRIES[code]
    text, expect = phone_text(c, a.meta["nsn"], form2)
    return a, Lab("phone", text, country=code, form=form2, nsn=a.meta["nsn"], expect=expect)


def IB(country=None, spaced=None):
    return iban(country or IBAN_C(), spaced)


def CARD(fmt=None):
    return card(BRANDS(), fmt)


def hh():
    return f"{rng.randint(7, 22):02d}:{rng.randint(0, 59):02d}"


def jira_n():
    return str(rng.randint(1200, 9899))


def sha(n=40):
    return Look(hexstr(n), "hash")


def uuid_look():
    return Look(ruuid(), "UUID")


# Tenant tickets -----------------------------------------------------------------------------

def t_jira_complaint():
    t, (s1, s2) = next_contact(), two_staff()
    add("tenant ticket", T(
        "WRH-⟦n⟧: ⟦issue⟧ (⟦b⟧, ⟦u⟧)\nReporter: ⟦N⟧ <⟦E⟧> | Mobile: ⟦P⟧\nAssignee: ⟦A⟧ | Watchers: @⟦W⟧\n"
        "Description: tenant reports ⟦issue⟧; prefers a call before 10:00.",
        n=jira_n(), issue=ISSUES(), b=next_building(), u=unit(), N=t.n(), E=t.e(), P=P(), A=s1.n(), W=s2.n()))


def t_jira_comment():
    t, (s1, s2) = next_contact(), two_staff()
    add("tenant ticket", T(
        "[~accountid:⟦a1⟧] can you call the tenant back? ⟦N⟧ (⟦E⟧) left a voicemail from ⟦P⟧ about ⟦issue⟧. cc [~accountid:⟦a2⟧]",
        a1=s1.a(), a2=s2.a(), N=t.n(), E=t.e(), P=P(), issue=ISSUES()))


def t_jsm():
    t, s1 = next_contact(), next_staff()
    add("tenant ticket", T(
        "JSM · Wrenhollow Resident Services · REQ-⟦n⟧\nRequest type: Report a repair\nRaised by: ⟦N⟧ (⟦E⟧)\n"
        "Contact number: ⟦P⟧\nAlternative contact: ⟦P2⟧ (partner)\nDescription: ⟦issue⟧ in ⟦u⟧\n"
        "Organization: ⟦b⟧ · Assigned team: FM-North (⟦S⟧ on shift)",
        n=jira_n(), N=t.n(), E=t.e(), P=P(), P2=P(), issue=ISSUES(), u=unit(), b=next_building(), S=s1.n()))


def t_contact_form():
    t = next_contact()
    add("tenant ticket", T(
        "Website enquiry (wrenhollow.homes/contact) — name: ⟦N⟧ | email: ⟦E⟧ | phone: ⟦P⟧ | "
        "interested in: 2-bed at ⟦b⟧ | message: Is the flat still available from June? I have a small dog.",
        N=t.n(), E=t.e(), P=P(), b=next_building()))


def t_forward():
    t = next_contact()
    add("tenant e-mail", T(
        "---------- Forwarded message ---------\nFrom: ⟦N⟧ <⟦E⟧>\nDate: Tue, 14 Apr 2026 at 08:12\n"
        "Subject: Re: Boiler service\nTo: ⟦R⟧\n\n> Hi, the engineer never came. Can someone call me on ⟦P⟧? Thanks, ⟦N2⟧",
        N=t.n(), E=t.e(), R=role("repairs"), P=P(), N2=t.n()))


def t_chatbot():
    t = next_contact()
    add("tenant chat", T(
        "Doorwren assistant · session ⟦sid⟧\n[bot] What's your full name?\n[user] ⟦N⟧\n[bot] And the best number to reach you?\n"
        "[user] ⟦P⟧\n[bot] Email for updates?\n[user] ⟦E⟧\n[bot] Thanks! Ticket WRH-⟦n⟧ created for: ⟦issue⟧.",
        sid=uuid_look(), N=t.n(), P=P(), E=t.e(), n=jira_n(), issue=ISSUES()))


def t_people_url():
    s1, s2 = two_staff()
    add("tenant ticket", T(
        "Reassigned from https://wrenhollow.atlassian.net/jira/people/⟦a⟧ to @⟦S⟧ — the tenant in ⟦u⟧ asked for a female engineer.",
        a=s1.a(), S=s2.n(), u=unit()))


def t_slack():
    s1, s2 = two_staff()
    add("staff chat", T(
        "[⟦t1⟧] ⟦S1⟧: tenant in ⟦u⟧ says the intercom doesn't ring — her mobile is ⟦P⟧\n[⟦t2⟧] ⟦S2⟧: on it, I'm on ⟦P2⟧ if she calls back",
        t1=hh(), t2=hh(), S1=s1.n(), S2=s2.n(), u=unit(), P=P(), P2=P("GB")))


def t_vulnerable():
    t = next_contact()
    add("tenant record", T(
        "Vulnerability flag — ⟦N⟧ (⟦E⟧), ⟦u⟧: uses a wheelchair, needs the lift; next of kin is her brother on ⟦P⟧; "
        "carer agency line ⟦P2⟧.", N=t.n(), E=t.e(), u=unit(), P=P(), P2=P("GB", "nat")))


# Applications and SSNs -------------------------------------------------------------------------

def t_application():
    a, ref, ll = next_contact(), next_contact(), next_landlord()
    add("rental application", T(
        "Application APP-26-⟦n⟧ · Wrenhollow Living – ⟦city⟧\nApplicant: ⟦N⟧ · ⟦E⟧ · ⟦P⟧\nSSN: ⟦ssn⟧ · annual income $⟦inc⟧\n"
        "Employer reference: ⟦RN⟧ (⟦RE⟧), ⟦RP⟧\nPrevious landlord: ⟦LN⟧ (⟦LE⟧) – rent paid on time 24/24",
        n=digits(5), city=US_CITIES(), N=a.n(), E=a.e(), P=P("US"), ssn=ssn(), inc=f"{rng.randint(48, 140)},{rng.randint(100, 999)}",
        RN=ref.n(), RE=ref.e(), RP=P("US"), LN=ll.n(), LE=ll.e()))


def t_guarantor():
    a, g = next_contact(), next_contact()
    add("rental application", T(
        "Guarantor form for ⟦AN⟧ (⟦AE⟧): guarantor ⟦GN⟧ (⟦GE⟧), mobile ⟦P⟧, SSN ⟦ssn⟧, relationship: aunt. "
        "Credit check ref CC-⟦ref⟧ passed.", AN=a.n(), AE=a.e(), GN=g.n(), GE=g.e(), P=P("US"), ssn=ssn(),
        ref=digits(7)))


def t_w9():
    c = next_contractor()
    s1 = next_staff()
    add("contractor onboarding", T(
        "W-9 received — ⟦N⟧ (⟦E⟧), sole proprietor, Tulsa OK; TIN type: SSN ⟦ssn⟧; backup withholding: no. "
        "Saved to the vendor folder by ⟦S⟧.", N=c.n(), E=c.e(), ssn=ssn(), S=s1.n()))


def t_refund_form_ssn():
    t = next_contact()
    add("deposit refund", T(
        "Deposit refund form (US) — tenant ⟦N⟧, ⟦E⟧, tax id (SSN) ⟦ssn⟧, refund by check to the forwarding address; "
        "routing ⟦aba⟧ not needed.", N=t.n(), E=t.e(), ssn=ssn(), aba=Look(digits(9, "0123"), "ABA routing number")))


# Money: deposits, rent, landlords, fraud ------------------------------------------------------

def t_deposit_refund():
    t, s1 = next_contact(), next_staff()
    add("deposit refund", T(
        "Deposit return — ⟦u⟧, ⟦b⟧: ⟦amt⟧ to ⟦I⟧ (account holder ⟦N⟧, ⟦E⟧). Deductions: £85.00 end-of-tenancy clean. Approved by ⟦S⟧.",
        u=unit(), b=next_building(), amt=amount("GBP"), I=IB(), N=t.n(), E=t.e(), S=s1.n()))


def t_pain001():
    t = next_contact()
    own = IB(rng.choice(["GB", "IE", "NL", "DE"]), spaced=False)
    add("deposit refund", T(
        "<PmtInf><PmtInfId>DEP-2026-04-⟦n⟧</PmtInfId><Dbtr><Nm>Wrenhollow Lettings Ltd Client Account</Nm></Dbtr>"
        "<DbtrAcct><Id><IBAN>⟦own⟧</IBAN></Id></DbtrAcct><CdtTrfTxInf><PmtId><EndToEndId>E2E-⟦e2e⟧</EndToEndId></PmtId>"
        "<Amt><InstdAmt Ccy=\"EUR\">⟦a⟧</InstdAmt></Amt><Cdtr><Nm>⟦N⟧</Nm><CtctDtls><EmailAdr>⟦E⟧</EmailAdr></CtctDtls></Cdtr>"
        "<CdtrAcct><Id><IBAN>⟦I⟧</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Deposit refund ⟦u⟧</Ustrd></RmtInf></CdtTrfTxInf></PmtInf>",
        n=digits(4), own=own, e2e=rs(12, UPPER_ALNUM), a=f"{rng.randint(400, 2900)}.00", N=t.n(), E=t.e(),
        I=IB(spaced=False), u=unit()))


def t_standing_order():
    t = next_contact()
    c = IBAN_C()
    add("rent payment change", T(
        "Rent standing order change for ⟦u⟧ (⟦b⟧): ⟦N⟧ (⟦E⟧) is moving from ⟦old⟧ to ⟦new⟧ from 1 June. "
        "Please update the reconciliation rule; reference WRH-SO-⟦n⟧ stays the same.",
        u=unit(), b=next_building(), N=t.n(), E=t.e(), old=IB(c), new=IB(), n=digits(6)))


def t_sepa_mandate():
    t = next_contact()
    add("rent payment change", T(
        "SEPA mandate amendment · creditor ID ⟦ci⟧ · mandate WRH-DD-⟦n⟧ · debtor ⟦N⟧ <⟦E⟧> · "
        "old IBAN ⟦old⟧ · new IBAN ⟦new⟧ · signed 2026-04-02",
        ci=Look("IE" + f"{rng.randint(10, 99)}" + "ZZZ" + digits(6), "SEPA creditor identifier"),
        n=digits(6), N=t.n(), E=t.e(), old=IB("IE"), new=IB(rng.choice(["NL", "DE", "FR", "BE", "ES"]))))


def t_mandate_fraud():
    c, s1 = next_contractor(), next_staff()
    add("mandate fraud", T(
        "Subject: URGENT – change of bank details\nFrom: ⟦N⟧ <⟦E⟧>\nTo: ⟦R⟧\n\nPlease note our bank has changed. "
        "With immediate effect pay all invoices to ⟦new⟧ instead of ⟦old⟧.\n\n— flagged by ⟦S⟧: call-back to the number "
        "on file (⟦P⟧) says they never sent this. Do NOT pay.",
        N=c.n(), E=c.e(), R=role("accounts.payable"), new=IB(rng.choice(["LT", "CZ", "GB", "RO"])),
        old=IB("GB"), S=s1.n(), P=P("GB")))


def t_landlord_statement():
    ll = next_landlord()
    rent = rng.randint(900, 2400)
    add("landlord statement", T(
        "Landlord statement April 2026 — ⟦N⟧ (⟦E⟧)\n⟦u⟧, ⟦b⟧: rent received £⟦r⟧.00; management fee 12% £⟦f⟧; "
        "repairs (invoice ⟦inv⟧) £⟦rep⟧.00; net paid £⟦net⟧ to ⟦I⟧ on 05/05/2026.",
        N=ll.n(), E=ll.e(), u=unit(), b=next_building(), r=f"{rent:,}", f=f"{rent * 0.12:,.2f}", inv=invoice_no(),
        rep=str(rng.randint(60, 400)), net=f"{rent * 0.88 - 100:,.2f}", I=IB()))


def t_landlord_change():
    ll, s1 = next_landlord(), next_staff()
    add("landlord statement", T(
        "Landlord ⟦N⟧ (⟦E⟧) asks us to pay her rent share into ⟦I⟧ from next month; verified by phone on ⟦P⟧ — ⟦S⟧",
        N=ll.n(), E=ll.e(), I=IB(), P=P(), S=s1.n()))


def t_payroll():
    s1, s2 = two_staff()
    c = IBAN_C()
    add("payroll change", T(
        "Payroll change request from ⟦S⟧ (⟦SE⟧): please pay salary into ⟦new⟧ instead of ⟦old⟧ from the May run. "
        "Verified by phone on ⟦P⟧ by ⟦S2⟧.", S=s1.n(), SE=s1.m(), new=IB(c), old=IB(), P=P("GB"), S2=s2.n()))


def t_arrears_csv():
    rows = []
    for _ in range(2):
        t = next_contact()
        rows += ["\nT-", digits(5), ",", t.n(), ",", t.e(), ",", f"{rng.randint(120, 3900)}.{rng.randint(0, 99):02d}",
                 ",", str(rng.randint(14, 120)), ",", IB(spaced=False)]
    add("CSV export", ["tenant_ref,name,email,arrears_gbp,days_overdue,last_payment_iban"] + rows)


# Cards ---------------------------------------------------------------------------------------

def t_card_chat():
    s1 = next_staff()
    add("card in chat", T(
        "[⟦t1⟧] Visitor ⟦v⟧: hi can I pay the holding deposit by card? ⟦C⟧ exp ⟦exp⟧\n"
        "[⟦t2⟧] ⟦S⟧: please don't post card numbers here — I'll send you a secure payment link.",
        t1=hh(), t2=hh(), v=digits(5), C=CARD(), exp=f"{rng.randint(1, 12):02d}/{rng.randint(27, 31)}", S=s1.n()))


def t_card_tenant():
    t = next_contact()
    add("card in chat", T(
        "Doorwren chat · ⟦N⟧ (⟦E⟧): pay the April rent from this one please ⟦C⟧, the other card was cancelled",
        N=t.n(), E=t.e(), C=CARD()))


def t_terminal():
    add("payment terminal log", T(
        "2026-04-⟦d⟧T⟦t⟧:⟦s⟧Z pos-term[TID WRH0⟦tid⟧] DEBUG txn=SALE amt=⟦a⟧ GBP PAN=⟦pan⟧ EXP=⟦exp⟧ AUTH=⟦auth⟧ STAN=⟦stan⟧ RRN=⟦rrn⟧",
        d=f"{rng.randint(1, 28):02d}", t=hh(), s=f"{rng.randint(0, 59):02d}", tid=digits(4), a=f"{rng.randint(100, 2500)}.00",
        pan=CARD("plain"), exp=f"{rng.randint(27, 31)}{rng.randint(1, 12):02d}", auth=rs(6, UPPER_ALNUM),
        stan=digits(6), rrn=Look(digits(12), "retrieval reference number")))


def t_chargeback():
    t = next_contact()
    add("CSV export", T(
        "case_id,arn,cardholder,email,card_number,amount,reason\nCB-26-⟦n⟧,⟦arn⟧,⟦H⟧,⟦E⟧,⟦C⟧,⟦a⟧,13.1 services not provided",
        n=digits(5), arn=Look(digits(23, "27"), "acquirer reference number"), H=t.caps(), E=t.e(), C=CARD("plain"),
        a=f"{rng.randint(200, 2500)}.00"))


# Contacts, rotas, exports ----------------------------------------------------------------------

def t_rota():
    c1, c2 = next_contractor(), next_contractor()
    s1, s2 = two_staff()
    add("on-call rota", T(
        "||Week||Trade||Contractor||Mobile||Escalation||\n|⟦w⟧|Plumbing|[⟦N1⟧|mailto:⟦E1⟧]|⟦P1⟧|⟦S1⟧ (⟦SP1⟧)|\n"
        "|⟦w⟧|Electrical|[⟦N2⟧|mailto:⟦E2⟧]|⟦P2⟧|⟦S2⟧ (⟦SP2⟧)|",
        w=str(rng.randint(10, 30)), N1=c1.n(), E1=c1.e(), P1=P("GB"), S1=s1.n(), SP1=P("GB"),
        N2=c2.n(), E2=c2.e(), P2=P("GB"), S2=s2.n(), SP2=P("GB")))


def t_vcard():
    c = next_contractor()
    add("vCard", T(
        "BEGIN:VCARD\nVERSION:3.0\nFN:⟦N⟧\nN:⟦F⟧;⟦G⟧;;;\nORG:⟦org⟧\nTITLE:Gas Safe engineer\nTEL;TYPE=CELL:⟦P⟧\n"
        "TEL;TYPE=WORK:⟦P2⟧\nEMAIL;TYPE=WORK:⟦E⟧\nNOTE:Gas Safe reg. ⟦reg⟧\nEND:VCARD",
        N=c.n(), F=c.f(), G=c.g(), org=c.email.split("@")[1].split(".")[0].replace("-", " ").title(),
        P=P(), P2=P("GB", "nat"), E=c.e(), reg=Look(digits(6, "5"), "Gas Safe registration")))


def t_tenant_csv():
    rows = []
    for _ in range(2):
        t = next_contact()
        rows += ["\n", unit(), ",", t.f(), ",", t.g(), ",", t.e(), ",", P(None, "e164"), ",",
                 f"2025-{rng.randint(1, 12):02d}-01"]
    add("CSV export", ["unit,surname,given_name,email,mobile,move_in"] + rows)


def t_fob_csv():
    s1 = next_staff()
    rows = []
    for _ in range(2):
        t = next_contact()
        rows += ["\n", fob_id(), ",", unit(), ",", t.n(), ",", t.e(), ",", s1.m(), ",2026-03-0", str(rng.randint(1, 9))]
    add("CSV export", ["fob_id,unit,holder,holder_email,issued_by,issued_at"] + rows)


def t_fixrota_json():
    c, t = next_contractor(), next_contact()
    add("contractor portal", T(
        '{"job":"FX-⟦n⟧","trade":"plumbing","contractor":{"name":"⟦CN⟧","email":"⟦CE⟧","mobile":"⟦CP⟧"},'
        '"tenant":{"name":"⟦TN⟧","phone":"⟦TP⟧","email":"⟦TE⟧"},"window":"2026-04-09T08:00/12:00","priority":"P2"}',
        n=digits(6), CN=c.n(), CE=c.e(), CP=P("GB", "e164"), TN=t.n(), TP=P(), TE=t.e()))


def t_sms_export():
    code = EN_PHONE()
    out_, in_ = phone_twice(code, "msisdn", "e164")
    add("SMS gateway export", T(
        "sms_id,ts,direction,msisdn,body\n⟦id1⟧,2026-04-03T09:12:44Z,out,⟦A⟧,\"Wrenhollow: your repair WRH-⟦n⟧ is booked "
        "Tue 08:00-12:00. Reply STOP to 60777\"\n⟦id2⟧,2026-04-03T09:20:03Z,in,⟦B⟧,\"ok thanks, buzzer is broken so call me\"",
        id1=Look("SM" + hexstr(32), "message SID"), id2=Look("SM" + hexstr(32), "message SID"), A=out_, B=in_, n=jira_n()))


# E-mails with headers --------------------------------------------------------------------------

def t_email_headers():
    t, s1 = next_contact(), next_staff()
    dom = t.email.split("@")[1]
    add("tenant e-mail", T(
        "Return-Path: <⟦E1⟧>\nReceived: from ⟦dom⟧ (⟦dom⟧ [⟦ip⟧]) by mx1.wrenhollow.homes with ESMTPS id ⟦qid⟧; "
        "Tue, 07 Apr 2026 09:14:02 +0100\nFrom: \"⟦N⟧\" <⟦E2⟧>\nTo: ⟦R⟧\nCc: ⟦SE⟧\nMessage-ID: ⟦mid⟧\n"
        "Subject: Formal complaint – service charge\n\nDear Sir/Madam, I dispute the 2025/26 service charge. "
        "You can reach me on ⟦P⟧.\nKind regards,\n⟦N2⟧",
        E1=t.e(), dom=dom, ip=ip(), qid=rs(10, ALNUM), N=t.n(), E2=t.e(), R=role("complaints"), SE=s1.m(),
        mid=Look(f"<{rs(16, ALNUM)}.{digits(6)}@{dom}>", "Message-ID"), P=P(), N2=t.n()))


def t_email_reply():
    t, s1 = next_contact(), next_staff()
    add("tenant e-mail", T(
        "Dear ⟦N⟧,\nThanks — the plumber will attend on Thursday between 8 and 12.\n\nBest,\n⟦S⟧\nProperty Manager, "
        "Wrenhollow Lettings\nM: ⟦SP⟧ | ⟦SE⟧\n\nOn Mon 6 Apr 2026 at 21:40, ⟦N2⟧ <⟦E⟧> wrote:\n> the bath is leaking again, "
        "call me on ⟦P⟧",
        N=t.n(), S=s1.n(), SP=P("GB"), SE=s1.m(), N2=t.n(), E=t.e(), P=P()))


def t_cron_mail():
    add("system mail", T(
        "From: ⟦F⟧\nTo: ⟦R⟧\nSubject: [bms-sync] nightly export failed\n\npsycopg2.OperationalError: FATAL: password "
        "authentication failed for user \"historian\" (host ⟦ip⟧)",
        F=Lab("email", "root@bms-sync01.wph.internal"), R=role("bms-alerts"), ip=ip("private")))


# Networks, Wi-Fi and devices ------------------------------------------------------------------

def t_hostapd():
    add("Wi-Fi config", T(
        "# /etc/hostapd/hostapd.conf (show flat, ⟦b⟧)\ninterface=wlan1\nssid=WRH-ShowFlat-⟦sid⟧\nbssid=⟦mac⟧\nhw_mode=a\n"
        "wpa=2\nwpa_key_mgmt=WPA-PSK\nwpa_passphrase=⟦pw⟧\nauth_server_addr=⟦ip⟧\nauth_server_port=1812\n"
        "auth_server_shared_secret=⟦sec⟧",
        b=next_building(), sid=str(rng.randint(1, 9)), mac=mac(), pw=Lab("password", pw_wifi()), ip=ip("private"),
        sec=Lab("password", pw_random())))


def t_unifi():
    add("Wi-Fi config", T(
        '{"name":"Residents-⟦b⟧","security":"wpapsk","wpa_mode":"wpa2","x_passphrase":"⟦pw⟧","vlan":⟦v⟧,'
        '"bssid":"⟦mac⟧","ap_ip":"⟦ip⟧","site":"⟦site⟧"}',
        b=next_building().replace(" ", ""), pw=Lab("password", pw_random()), v=str(rng.randint(20, 90)),
        mac=mac("colon-lower"), ip=ip("private"), site=rs(8, string.ascii_lowercase + string.digits)))


def t_wifi_prose():
    s1 = next_staff()
    add("Wi-Fi", T(
        "Show flat ⟦u⟧ viewing day: guest Wi-Fi WRH-Viewing, password ⟦pw⟧ — printed on the welcome card, "
        "change it after Saturday. — ⟦S⟧", u=unit(), pw=Lab("password", pw_words()), S=s1.n()))


def t_dhcp():
    parts = []
    for _ in range(2):
        parts += [f"Apr  3 07:{rng.randint(10, 59)}:{rng.randint(10, 59)} dhcp01 dhcpd[2231]: DHCPACK on ", ip("private"),
                  " to ", mac(), f" ({rng.choice(['LOCKHUB', 'INTERCOM', 'NVR', 'BMS-GW', 'METER-HUB'])}-{rng.randint(1, 40):02d}) via eth1\n"]
    add("network log", parts[:-1] + [parts[-1].rstrip("\n")])


def t_dhcp6():
    add("network log", T(
        "Apr  4 11:02:17 dhcp6 kea-dhcp6[811]: DHCP6_LEASE_ALLOC [hwtype=1 ⟦mac⟧], cid=[no info], tid=0x⟦tid⟧: "
        "lease for address ⟦ip6⟧ and iaid=⟦iaid⟧ has been allocated",
        mac=mac("colon-lower"), tid=hexstr(6), ip6=ip("v6"), iaid=str(rng.randint(1000000, 9999999))))


def t_radius():
    s1 = next_staff()
    add("network log", T(
        "Apr  3 08:01:12 radius01 radiusd[912]: (⟦n⟧) Login OK: [⟦SE⟧] (from client ap-⟦b⟧-0⟦k⟧ port 0 cli ⟦mac⟧) NAS-IP ⟦ip⟧",
        n=digits(4), SE=s1.m(), b=next_building().split()[0].lower(), k=str(rng.randint(1, 9)),
        mac=mac("dash-upper"), ip=ip("private")))


def t_firewall():
    add("network log", T(
        "Apr  3 02:14:55 fw-edge kernel: [UFW BLOCK] IN=eth0 OUT= SRC=⟦src⟧ DST=⟦dst⟧ LEN=60 TOS=0x00 TTL=49 "
        "PROTO=UDP SPT=47808 DPT=47808 — someone scanning BACnet again",
        src=ip("public"), dst=ip("private")))


def t_firewall6():
    add("network log", T(
        "2026-04-05T03:41:09Z fw-edge DROP in=wan proto=tcp src=[⟦src⟧]:51822 dst=[⟦dst⟧]:502 (Modbus/TCP from the internet)",
        src=ip("v6"), dst=ip("ula")))


def t_impossible_travel():
    s1, s2 = two_staff()
    add("security alert", T(
        "Alert: impossible travel for ⟦SE⟧ — sign-in from ⟦ip1⟧ (Lagos, NG) at 09:02 UTC, 38 minutes after ⟦ip2⟧ "
        "(Leeds, GB). Assigned to ⟦S2⟧.", SE=s1.m(), ip1=ip(), ip2=ip(rng.choice(["public", "v6"])), S2=s2.n()))


def t_bacnet_yaml():
    add("BMS config", T(
        "bacnet_gateway:\n  device_instance: ⟦di⟧\n  bind_ip: ⟦ip1⟧\n  bbmd: ⟦ip2⟧\n  port: 47808\n"
        "  objects: [AI:3, AI:4, BO:7, MSV:2]\nweb_ui:\n  user: bmsadmin\n  password: ⟦pw⟧\ncloud:\n"
        "  mqtt_url: mqtts://⟦uc⟧@ingest.lintelsense.wrenhollow-fm.net:8883",
        di=str(rng.randint(100000, 399999)), ip1=ip("private"), ip2=ip("private"), pw=Lab("password", pw_random()),
        uc=Lab("url_credentials", f"gw-{rng.randint(10, 99)}:{pw_url()}")))


def t_modbus_ini():
    add("BMS config", T(
        "[modbus_tcp]\nhost = ⟦ip⟧\nport = 502\nunit_id = ⟦u⟧\nregisters = 40001-40024\n\n[lintelsense]\n"
        "api_key = ⟦key⟧\nsite = ⟦b⟧\nfirmware = ⟦fw⟧",
        ip=ip("private"), u=str(rng.randint(1, 12)), key=Lab("password", secret_alnum(32)), b=next_building(),
        fw=Look(f"{rng.randint(2, 5)}.{rng.randint(0, 12)}.{rng.randint(0, 20)}.{rng.randint(100, 250)}", "firmware build")))


def t_bms_alarm():
    s1 = next_staff()
    add("BMS log", T(
        "2026-04-0⟦d⟧ 03:1⟦m⟧:22 niagara[2210]: ALARM AHU-2 supply temp high (31.4 °C) from ⟦ip⟧ — notified ⟦R⟧ and ⟦SE⟧",
        d=str(rng.randint(1, 9)), m=str(rng.randint(0, 9)), ip=ip("private"), R=role("bms-alerts"), SE=s1.m()))


def t_lock_hub():
    add("smart lock", T(
        "Lock hub LH-⟦n⟧ (⟦b⟧, core B): mgmt ⟦ip⟧, MAC ⟦mac⟧, firmware ⟦fw⟧, cloud key ⟦key⟧. Admin PIN is in the vault.",
        n=str(rng.randint(10, 60)), b=next_building(), ip=ip("private"), mac=mac(),
        fw=Look(f"4.2.{rng.randint(1, 12)}.{rng.randint(100, 250)}", "firmware build"), key=Lab("password", secret_alnum(40))))


def t_intercom():
    add("intercom config", T(
        "intercom:\n  model: door station (2N-style)\n  sip:\n    registrar: ⟦ip⟧\n    user: ⟦ext⟧\n    password: ⟦pw1⟧\n"
        "  http_api:\n    user: api\n    password: ⟦pw2⟧\n  mac: ⟦mac⟧",
        ip=ip("private"), ext=str(rng.randint(2000, 2999)), pw1=Lab("password", pw_random()),
        pw2=Lab("password", pw_random()), mac=mac("colon-upper")))


def t_nvr():
    add("CCTV", T(
        "NVR-0⟦n⟧ (⟦b⟧) streams:\n  ch1 rtsp://⟦c1⟧@⟦ip1⟧:554/Streaming/Channels/101\n  ch2 rtsp://⟦c2⟧@⟦ip2⟧:554/Streaming/Channels/201",
        n=str(rng.randint(1, 9)), b=next_building(), c1=Lab("url_credentials", f"admin:{pw_url()}"), ip1=ip("private"),
        c2=Lab("url_credentials", f"viewer:{pw_url()}"), ip2=ip("private")))


def t_nvr_ticket():
    s1 = next_staff()
    add("CCTV", T(
        "@⟦S⟧ the lobby camera in VLC: rtsp://⟦c⟧@⟦ip⟧/live/ch00_0 — please change that password after the police export.",
        S=s1.n(), c=Lab("url_credentials", f"{rng.choice(['admin', 'nvradmin', 'security'])}:{pw_url()}"), ip=ip("private")))


# Configuration, secrets, CI --------------------------------------------------------------------

def t_env():
    add(".env", T(
        "# doorwren-api .env (prod)\nDATABASE_URL=postgresql://⟦db⟧@db-prod.wph.internal:5432/doorwren\n"
        "REDIS_URL=rediss://⟦rd⟧@cache.wph.internal:6380/0\nSTRIPE_SECRET_KEY=⟦sk⟧\nSTRIPE_WEBHOOK_SECRET=⟦wh⟧\n"
        "SENDGRID_API_KEY=⟦sg⟧\nTWILIO_API_KEY=⟦tk⟧\nTWILIO_API_SECRET=⟦ts⟧\nJWT_SIGNING_SECRET=⟦js⟧",
        db=Lab("url_credentials", f"doorwren:{pw_url()}"), rd=Lab("url_credentials", f":{pw_url()}"),
        sk=api("stripe"), wh=api("stripe", "whsec"), sg=api("sendgrid"), tk=api("twilio"), ts=api("twilio", "secret"),
        js=Lab("password", secret_alnum(48))))


def t_env2():
    add(".env", T(
        "FIXROTA_DB_URL=mysql://⟦db⟧@db2.wph.internal:3306/fixrota\nOPENAI_API_KEY=⟦oa⟧\nANTHROPIC_API_KEY=⟦an⟧\n"
        "HF_TOKEN=⟦hf⟧\nGOOGLE_MAPS_KEY=⟦gm⟧",
        db=Lab("url_credentials", f"fixrota:{pw_url()}"), oa=api("openai"), an=api("anthropic"), hf=api("huggingface"),
        gm=api("google")))


def t_yaml():
    add("YAML config", T(
        "doorwren:\n  maps:\n    api_key: ⟦gm⟧\n  triage_bot:\n    openai_key: ⟦oa⟧\n  mail:\n"
        "    url: smtps://⟦sm⟧@smtp.wrenhollow.homes:465\n  shop:\n    admin_token: ⟦sh⟧",
        gm=api("google"), oa=api("openai", "svc"), sm=Lab("url_credentials", f"noreply%40wrenhollow.homes:{pw_url()}"),
        sh=api("shopify")))


def t_compose():
    add("docker-compose", T(
        "services:\n  bms-historian:\n    image: timescale/timescaledb:2.14.2-pg16\n    environment:\n"
        "      POSTGRES_USER: historian\n      POSTGRES_PASSWORD: ⟦pw1⟧\n  grafana:\n    image: grafana/grafana:10.4.2\n"
        "    environment:\n      GF_SECURITY_ADMIN_PASSWORD: ⟦pw2⟧\n      GF_DATABASE_URL: postgres://⟦uc⟧@bms-historian:5432/grafana",
        pw1=Lab("password", pw_random()), pw2=Lab("password", pw_random()),
        uc=Lab("url_credentials", f"grafana:{pw_url()}")))


def t_k8s_secret():
    user = rng.choice(["lockbridge", "svc-bms", "historian", "fixrota-sync"])
    add("Kubernetes Secret", T(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ⟦name⟧-creds\n  namespace: fm-iot\ntype: Opaque\ndata:\n"
        "  username: ⟦u⟧\n  password: ⟦p⟧\n  api-token: ⟦t⟧",
        name=user, u=Look(base64.b64encode(user.encode()).decode(), "base64 user name"),
        p=Lab("password", base64.b64encode(pw_random().encode()).decode()),
        t=Lab("password", base64.b64encode(secret_alnum(32).encode()).decode())))


def t_tfvars():
    add("Terraform", T(
        "# terraform.tfvars (fm-infra)\ndo_token            = \"⟦do⟧\"\nstorage_account_key = \"⟦az⟧\"\n"
        "tfc_team_token      = \"⟦tfc⟧\"\nvault_token         = \"⟦hv⟧\"",
        do=api("digitalocean"), az=api("azure"), tfc=api("hashicorp", "tfc"), hv=api("hashicorp")))


def t_aws_creds():
    add("AWS credentials", T(
        "[default]\naws_access_key_id = ⟦k1⟧\naws_secret_access_key = ⟦s1⟧\n\n[meter-uploader]\n"
        "aws_access_key_id = ⟦k2⟧\naws_secret_access_key = ⟦s2⟧\naws_session_token = ⟦st⟧",
        k1=api("aws"), s1=api("aws", "secret"), k2=api("aws", "ASIA"), s2=api("aws", "secret"),
        st=Lab("password", secret_b64(rng.randint(180, 240)))))


def t_azure():
    add("Azure connection string", T(
        "CCTV_ARCHIVE=DefaultEndpointsProtocol=https;AccountName=wrhcctvarchive⟦n⟧;AccountKey=⟦k⟧;EndpointSuffix=core.windows.net",
        n=str(rng.randint(1, 9)), k=api("azure")))


def t_curl_basic():
    add("curl", T(
        "curl -s -u 'fixrota-sync:⟦s⟧' https://fixrota.wrenhollow-fm.net/api/v1/jobs?status=open | jq '.[].tenant.phone'",
        s=Lab("password", pw_url())))


def t_curl_bearer():
    add("curl", T(
        "curl -H \"Authorization: Bearer ⟦j⟧\" https://api.wrenhollow.homes/v2/tenants/⟦id⟧/ledger",
        j=jwt(), id=uuid_look()))


def t_curl_twilio():
    t = next_contact()
    add("curl", T(
        "curl -X POST https://api.twilio.com/2010-04-01/Accounts/⟦ac⟧/Messages.json -u '⟦sk⟧:⟦sec⟧' "
        "--data-urlencode 'To=⟦P⟧' --data-urlencode 'Body=Hi, your viewing at ⟦b⟧ is confirmed'",
        ac=Look("AC" + hexstr(32), "Twilio account SID"), sk=api("twilio"), sec=api("twilio", "secret"),
        P=P(None, "e164"), b=next_building()))


def t_curl_stripe():
    add("curl", T(
        "curl https://api.stripe.com/v1/refunds -u ⟦sk⟧: -d charge=⟦ch⟧ -d amount=⟦a⟧ -d reason=requested_by_customer",
        sk=api("stripe", rng.choice(["sk_live_", "rk_live_"])), ch=Look("ch_3P" + rs(21, ALNUM), "Stripe charge id"),
        a=str(rng.randint(10000, 250000))))


def t_curl_jira():
    add("curl", T(
        "curl -s -u ⟦u⟧:⟦t⟧ -H 'Accept: application/json' "
        "'https://wrenhollow.atlassian.net/rest/api/3/search?jql=project=WRH+AND+status=Open&maxResults=50'",
        u=role("svc-jira"), t=api("atlassian")))


def t_curl_github():
    add("curl", T(
        "curl -H 'Authorization: token ⟦t⟧' https://api.github.com/repos/wrenhollow/lockbridge/actions/runs?per_page=5",
        t=api("github", rng.choice(["ghp_", "gho_"]))))


def t_curl_sendgrid():
    t = next_contact()
    add("curl", T(
        "curl -X POST https://api.sendgrid.com/v3/mail/send -H 'Authorization: Bearer ⟦sg⟧' -H 'Content-Type: application/json' "
        "-d '{\"personalizations\":[{\"to\":[{\"email\":\"⟦E⟧\",\"name\":\"⟦N⟧\"}]}],\"from\":{\"email\":\"⟦F⟧\"},"
        "\"subject\":\"Arrears reminder\"}'",
        sg=api("sendgrid"), E=t.e(), N=t.n(), F=role("noreply")))


def t_ci_npm():
    add("CI log", T(
        "Run npm publish --access restricted\nnpm notice Publishing to https://registry.npmjs.org/ with tag latest\n"
        "+ echo \"//registry.npmjs.org/:_authToken=⟦t⟧\" > ~/.npmrc   # debug line left in by mistake",
        t=api("npm")))


def t_ci_gitlab():
    add("CI log", T(
        "$ git clone https://oauth2:⟦t⟧@gitlab.wph.internal/fm/bms-gateway.git\nCloning into 'bms-gateway'...\n"
        "Job succeeded", t=api("gitlab")))


def t_ci_pypi():
    add("CI log", T(
        "[Pipeline] sh\n+ twine upload -u __token__ -p ⟦t⟧ dist/lintelsense_client-1.8.2-py3-none-any.whl\n"
        "Uploading distributions to https://upload.pypi.org/legacy/", t=api("pypi")))


def t_ci_gh_actions():
    add("CI log", T(
        "2026-04-02T10:14:55.1022183Z ##[group]Run ./scripts/deploy-doorwren.sh\n2026-04-02T10:14:55.1023011Z env:\n"
        "2026-04-02T10:14:55.1023450Z   SLACK_WEBHOOK: ⟦wh⟧\n2026-04-02T10:14:55.1023890Z   AWS_ACCESS_KEY_ID: ⟦k⟧\n"
        "2026-04-02T10:14:55.1024102Z   AWS_REGION: eu-west-2", wh=api("slack", "webhook"), k=api("aws")))


def t_gitleaks():
    s1 = next_staff()
    vendor, variant, rule, envname = rng.choice([
        ("huggingface", None, "huggingface-access-token", "HF_TOKEN"),
        ("github", "pat", "github-fine-grained-pat", "GH_PAT"),
        ("slack", "xoxb", "slack-bot-token", "SLACK_BOT_TOKEN"),
        ("digitalocean", None, "digitalocean-pat", "DO_TOKEN"),
        ("atlassian", None, "atlassian-api-token", "JIRA_API_TOKEN"),
        ("anthropic", None, "anthropic-api-key", "ANTHROPIC_API_KEY"),
        ("openai", None, "openai-api-key", "OPENAI_API_KEY"),
        ("shopify", "shpca_", "shopify-custom-access-token", "SHOPIFY_TOKEN"),
    ])
    tok = token(vendor, variant)
    fname = rng.choice(["notebooks/occupancy_forecast.ipynb", "scripts/sync_fixrota.py", "infra/.env.staging",
                        "docs/runbook-lockbridge.md"])
    commit = hexstr(40)
    line = str(rng.randint(3, 120))
    add("gitleaks", T(
        "Finding:     ⟦env⟧=⟦t1⟧\nSecret:      ⟦t2⟧\nRuleID:      ⟦rule⟧\nEntropy:     4.⟦e⟧\nFile:        ⟦f⟧\nLine:        ⟦l⟧\n"
        "Commit:      ⟦c⟧\nAuthor:      ⟦S⟧\nEmail:       ⟦SE⟧\nDate:        2026-03-30T16:41:09Z\nFingerprint: ⟦fp⟧",
        env=envname, t1=api(vendor, variant, tok), t2=api(vendor, variant, tok), rule=rule, e=digits(2), f=fname, l=line,
        c=Look(commit, "commit SHA"), S=s1.n(), SE=s1.m(), fp=Look(f"{commit}:{fname}:{rule}:{line}", "gitleaks fingerprint")))


PROSE_TOKENS = [
    ("slack", "xoxb", "Rotated the Slack bot token after it was pasted in #fm-oncall: old ⟦t⟧ — the new one is in Vault. @⟦S⟧ fyi"),
    ("atlassian", None, "Atlassian API token for the Jira automation user: ⟦t⟧ (expires 30 June). ⟦S⟧ please don't reuse it in scripts."),
    ("huggingface", None, "⟦S⟧: the HF read token ⟦t⟧ is only for the occupancy model, scope read-only."),
    ("anthropic", None, "Anthropic key for the tenant-FAQ summariser: ⟦t⟧ — ⟦S⟧ will move it to the secret store."),
    ("openai", "svc", "OpenAI service-account key used by the maintenance triage bot: ⟦t⟧ (owner ⟦S⟧)."),
    ("digitalocean", None, "DigitalOcean token for the staging droplets: ⟦t⟧ (read/write) — revoke when ⟦S⟧ is done."),
    ("pypi", None, "PyPI upload token for lintelsense-client, as agreed with ⟦S⟧: ⟦t⟧"),
    ("github", "pat", "GitHub fine-grained PAT for the lockbridge repo (⟦S⟧ created it): ⟦t⟧"),
    ("slack", "webhook", "Slack webhook for #bms-alarms: ⟦t⟧ — ⟦S⟧ wired it into Niagara."),
    ("shopify", None, "Shopify admin token for the resident-perks shop: ⟦t⟧ (⟦S⟧ has the app)."),
    ("google", None, "Google Maps key restricted to the Doorwren iOS bundle: ⟦t⟧ — ask ⟦S⟧ before widening it."),
    ("hashicorp", None, "Vault token found in a screenshot on WRH-⟦n⟧: ⟦t⟧ — ⟦S⟧ revoked it at 14:05."),
    ("hashicorp", "tfc", "Terraform Cloud team token for fm-infra: ⟦t⟧ (⟦S⟧)"),
    ("sendgrid", None, "SendGrid key for the arrears reminder e-mails: ⟦t⟧ — ⟦S⟧ owns the sender domain."),
    ("stripe", "rk_live_", "Stripe restricted key for the deposit portal: ⟦t⟧ (read charges, write refunds) — ⟦S⟧"),
    ("gitlab", None, "GitLab deploy token for bms-gateway: ⟦t⟧, created by ⟦S⟧, expires in 90 days."),
    ("npm", None, "npm automation token for the @wrenhollow scope: ⟦t⟧ (⟦S⟧ will rotate monthly)."),
    ("twilio", "auth", "Twilio auth token for the SMS gateway (account owner ⟦S⟧): ⟦t⟧"),
    ("github", "ghs_", "The Actions log printed an installation token ⟦t⟧ — short-lived, but ⟦S⟧ opened WRH-⟦n⟧ anyway."),
    ("azure", None, "Azure storage key of wrhcctvarchive2 (⟦S⟧ regenerated key1 afterwards): ⟦t⟧"),
    ("aws", None, "AWS key id ⟦t⟧ belongs to the old meter-reading uploader — ⟦S⟧ is deactivating it."),
    ("anthropic", None, "⟦S⟧ pasted ⟦t⟧ in the #doorwren-dev channel by mistake; rotated."),
    ("openai", None, "Project key for the lease-summary prototype: ⟦t⟧ (⟦S⟧)."),
    ("huggingface", None, "HF write token for the meter-anomaly dataset upload: ⟦t⟧ — ⟦S⟧ please scope it down."),
    ("digitalocean", None, "⟦S⟧: droplet API token ⟦t⟧ still in the old runbook, removed it."),
    ("atlassian", None, "Confluence export script uses ⟦t⟧ with svc-jira — ⟦S⟧ to move it to Vault."),
    ("atlassian", None, "⟦S⟧: Jira REST calls from the Fixrota bridge authenticate with ⟦t⟧ — scoped to project WRH."),
    ("pypi", None, "Old PyPI token (project lockbridge-sdk) ⟦t⟧ — ⟦S⟧ deleted the project scope."),
    ("shopify", "shpca_", "Custom app token for the perks shop: ⟦t⟧ — ⟦S⟧"),
    ("sendgrid", None, "⟦S⟧: second SendGrid key (subuser fm-notifications) ⟦t⟧"),
    ("npm", None, "⟦S⟧ found ⟦t⟧ in a Dockerfile ARG of the tenant app build."),
    ("gitlab", None, "Personal token of the BMS contractor account: ⟦t⟧ — ⟦S⟧ blocked the account."),
    ("twilio", None, "Twilio API key SID ⟦t⟧ (the secret went to ⟦S⟧ by 1Password)."),
    ("google", None, "Firebase web key for Doorwren staging: ⟦t⟧ — ⟦S⟧ restricted it to the staging origin."),
    ("slack", "xoxp", "User token of the old FM bot: ⟦t⟧ — ⟦S⟧ uninstalled the app."),
    ("stripe", "whsec", "Stripe webhook signing secret for deposits: ⟦t⟧ (⟦S⟧)"),
]
prose_tokens = Cycle(PROSE_TOKENS, shuffle=False)


def t_token_prose():
    vendor, variant, tpl = prose_tokens()
    s1 = next_staff()
    add("vendor token in prose", T(tpl, t=api(vendor, variant), S=s1.n(), n=jira_n()))


def t_vault():
    add("vault", T(
        "$ vault kv get secret/doorwren/stripe\n====== Data ======\nKey           Value\n---           -----\nsecret_key    ⟦sk⟧\n"
        "webhook       ⟦wh⟧\n$ vault kv get -field=password secret/fm/bms/niagara-admin\n⟦pw⟧",
        sk=api("stripe"), wh=api("stripe", "whsec"), pw=Lab("password", pw_random())))


def t_flags():
    kind = rng.choice(["sshpass", "mysql", "redis", "pg"])
    if kind == "sshpass":
        tpl = "sshpass -p '⟦pw⟧' ssh -p 2222 fmadmin@⟦ip⟧ 'systemctl restart lintelsense-agent'"
    elif kind == "mysql":
        tpl = "mysql -h ⟦ip⟧ -u fixrota -p'⟦pw⟧' fixrota -e 'select count(*) from jobs where status=\"open\"'"
    elif kind == "redis":
        tpl = "redis-cli -h ⟦ip⟧ -p 6380 --tls -a ⟦pw⟧ INFO keyspace"
    else:
        tpl = "PGPASSWORD=⟦pw⟧ psql -h ⟦ip⟧ -U historian bms -c '\\dt'"
    add("shell", T(tpl, pw=Lab("password", pw_url()), ip=ip("private")))


def t_url_creds():
    _t_url_creds(*URL_SCHEMES())


URL_SCHEMES = Cycle([
        ("amqps", "bms-ingest", "mq.wph.internal:5671/%2Fbms"),
        ("mongodb+srv", "doorwren-app", "cluster0.wph.internal/doorwren?retryWrites=true"),
        ("mqtts", "lintelsense", "broker.wrenhollow-fm.net:8883"),
        ("sftp", "landlord-statements", "sftp.wrenhollow.homes:22/outbound/"),
        ("https", "svc-fixrota", "fixrota.wrenhollow-fm.net/api/v1/webhooks"),
        ("wss", "lockhub-22", "iot.wrenhollow-fm.net/v2/hub"),
        ("ftp", "nvr-export", None),
        ("redis", "", None),
        ("postgresql", "grafana", None),
    ], shuffle=False)


def _t_url_creds(scheme, user, host):
    cred = Lab("url_credentials", f"{user}:{pw_url()}")
    if host:
        add("URL credentials", T("⟦k⟧ = \"⟦s⟧://⟦c⟧@⟦h⟧\"", k=rng.choice(["url", "endpoint", "BROKER_URL", "uri"]),
                                 s=scheme, c=cred, h=host))
    else:
        add("URL credentials", T("⟦s⟧://⟦c⟧@⟦ip⟧:⟦port⟧/⟦path⟧", s=scheme, c=cred, ip=ip("private"),
                                 port={"ftp": "21", "redis": "6379", "postgresql": "5432"}[scheme],
                                 path={"ftp": "exports/", "redis": "2", "postgresql": "bms"}[scheme]))


def t_jwt_cookie():
    add("JWT", T("Cookie: dw_session=⟦j⟧; dw_csrf=⟦c⟧; Path=/; Secure; HttpOnly", j=jwt(), c=Look(hexstr(32), "CSRF token")))


def t_jwt_response():
    add("JWT", T(
        '{"access_token":"⟦j⟧","token_type":"Bearer","expires_in":900,"refresh_token":"⟦r⟧","scope":"openid tenant"}',
        j=jwt(alg="RS256"), r=Lab("password", secret_alnum(rng.randint(40, 64)))))


def t_jwt_request():
    add("JWT", T(
        "GET /v2/ledger HTTP/1.1\nHost: api.wrenhollow.homes\nAuthorization: Bearer ⟦j⟧\nX-Request-Id: ⟦rid⟧\nUser-Agent: Doorwren/5.3.1 (iOS 18.4)",
        j=jwt(), rid=uuid_look()))


def t_jwt_log():
    add("JWT", T(
        "2026-04-08T10:12:09Z WARN auth: expired token for sub=⟦sub⟧ token=⟦j⟧ ip=⟦ip⟧",
        sub=uuid_look(), j=jwt(alg="HS256"), ip=ip()))


def t_pem_paste():
    s1 = next_staff()
    add("private key", T(
        "Pasting the lockbridge deploy key here so ⟦S⟧ can test (will rotate after):\n⟦k⟧",
        S=s1.n(), k=pkey(rng.choice(["openssh", "ec"]))))


def t_pem_noformat():
    add("private key", T("{noformat}\n⟦k⟧\n{noformat}", k=pkey(rng.choice(["rsa", "pkcs8-ec", "pkcs8-rsa"]))))


def t_gcp_json():
    add("private key", T(
        '{"type":"service_account","project_id":"wrh-bms-analytics","private_key_id":"⟦kid⟧",'
        '"private_key":"⟦k⟧\\n","client_email":"⟦ce⟧","client_id":"⟦cid⟧"}',
        kid=Look(hexstr(40), "key id"), k=pkey("pkcs8-rsa", sep="\\n"),
        ce=Lab("email", "bms-export@wrh-bms-analytics.iam.gserviceaccount.com"),
        cid=Look(digits(21, "1"), "client id")))


def t_contractor_access():
    c, s1 = next_contractor(), next_staff()
    add("contractor portal", T(
        "Fixrota: job FX-⟦n⟧ dispatched to ⟦N⟧ (⟦E⟧, ⟦P⟧); tenant asked for a text 30 min before arrival. Dispatcher: ⟦S⟧",
        n=digits(6), N=c.n(), E=c.e(), P=P("GB"), S=s1.n()))


def t_emergency_contact_csv():
    rows = []
    for _ in range(2):
        t = next_contact()
        rows += ["\n", unit(), ",", t.n(), ",", t.e(), ",", P(), ",", rng.choice(["mother", "partner", "son", "friend"]),
                 ",", P()]
    add("CSV export", ["unit,tenant,email,mobile,emergency_contact_relation,emergency_contact_phone"] + rows)


# --- negative lines: hard look-alikes of a property group's tickets ----------------------------

MPAN_PRIMES = [3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43]


def mpan_core():
    body = str(rng.randint(10, 23)) + digits(10)
    return body + str(sum(int(d) * p for d, p in zip(body, MPAN_PRIMES)) % 11 % 10)


def imei():
    return luhn_complete("35" + digits(12))


def iccid():
    return luhn_complete("8944" + digits(14))


def fails_luhn(n, first="123456789"):
    while True:
        s = digits(n, first)
        if not luhn_ok(s):
            return s


def postcode():
    area = rng.choice(["LS", "M", "BS", "G", "EH", "L", "B", "NE", "S", "CF", "BT", "SE", "N", "E"])
    return f"{area}{rng.randint(1, 20)} {rng.randint(1, 9)}{rs(2, 'ABDEFGHJLNPQRSTUWXYZ')}"


def ledger_code():
    while True:
        s = f"SC{rng.randint(10, 99)} WRNH {digits(4)} {digits(4)}"
        if not iban_valid(s):
            return s


def L_(value, what="look-alike"):
    return Look(value, what)


def neg(category, pieces, people=()):
    add(category, pieces, people=people)


def maybe_people():
    return [next_staff()] if rng.random() < 0.25 else []


NEG_TEMPLATES = [
    lambda: T("⟦u⟧ at ⟦b⟧: key safe code ⟦k1⟧, intercom code ⟦k2⟧, bin store code ⟦k3⟧ — codes change on the 1st.",
              u=unit(), b=next_building(), k1=keysafe_code(), k2=keysafe_code(), k3=keysafe_code()),
    lambda: T("MPAN core ⟦m⟧ for ⟦u⟧ (⟦b⟧), meter serial ⟦s⟧, MPRN ⟦g⟧; supplier switch on ⟦d⟧.",
              m=L_(mpan_core(), "MPAN core"), u=unit(), b=next_building(), s=meter_serial(),
              g=L_(digits(rng.choice([7, 8, 9]), "123456789"), "MPRN"), d=a_date()),
    lambda: T("Water meter ⟦w⟧ read ⟦r⟧ m³ on ⟦d⟧ (previous ⟦r2⟧ m³); leak alarm cleared.",
              w=meter_serial(), r=L_(f"{rng.randint(100, 9999):05d}", "reading"), d=a_date(),
              r2=L_(f"{rng.randint(100, 9999):05d}", "reading")),
    lambda: T("Lease ⟦l⟧ runs ⟦d1⟧–⟦d2⟧, rent ⟦a⟧ pcm, deposit ⟦a2⟧ (5 weeks), break clause month 6.",
              l=L_(f"LSE-2026-{digits(5)}", "lease id"), d1=a_date(), d2=a_date(), a=amount("GBP"), a2=amount("GBP")),
    lambda: T("EPC certificate ⟦e⟧ rates ⟦u⟧ band C (72); valid until ⟦d⟧.",
              e=L_("-".join(digits(4) for _ in range(5)), "EPC report number"), u=unit(), d=a_date()),
    lambda: T("Planning ref ⟦p⟧ approved; listed building consent ⟦p2⟧; building regs ⟦br⟧.",
              p=L_(f"{rng.randint(20, 26)}/{digits(5)}/FUL", "planning reference"),
              p2=L_(f"{rng.randint(20, 26)}/{digits(5)}/LBC", "planning reference"),
              br=L_(f"BR/{rng.randint(2024, 2026)}/{digits(4)}", "building control ref")),
    lambda: T("UPRN ⟦up⟧ — ⟦u⟧, ⟦n⟧ Kiln Street, ⟦pc⟧; council tax band D, account ⟦ct⟧.",
              up=L_("1000" + digits(8), "UPRN"), u=unit(), n=str(rng.randint(1, 200)), pc=L_(postcode(), "postcode"),
              ct=L_(digits(8, "5"), "council tax account")),
    lambda: T("BACnet device ⟦dv⟧, AI:3 present-value 21.5 °C, BO:7 out-of-service; Modbus holding registers ⟦r⟧ (FC03), scaling ×0.1.",
              dv=L_(str(rng.randint(100000, 399999)), "BACnet device instance"),
              r=L_((lambda a: f"{a}–{a + 23}")(40001 + 100 * rng.randint(0, 20)), "Modbus registers")),
    lambda: T("Lock hubs upgraded to firmware ⟦f⟧ (build ⟦bd⟧); previous ⟦f2⟧; rollback image sha256 ⟦h⟧.",
              f=L_(f"4.2.{rng.randint(10, 12)}.{rng.randint(100, 250)}", "firmware build"),
              bd=L_(f"2026.{rng.randint(1, 4):02d}.{rng.randint(10, 28)}-rc{rng.randint(1, 4)}", "build"),
              f2=L_(f"4.2.{rng.randint(1, 9)}.{rng.randint(100, 250)}", "firmware build"), h=sha(64)),
    lambda: T("Invoice ⟦i⟧ from Harbourside Plumbing Ltd: ⟦a⟧ + VAT ⟦v⟧, PO ⟦po⟧, due ⟦d⟧.",
              i=invoice_no(), a=amount("GBP"), v=amount("GBP"), po=L_("4500" + digits(6), "PO number"), d=a_date()),
    lambda: T("Fob ⟦f⟧ (7-byte DESFire UID) reissued to ⟦u⟧; old fob ⟦o⟧ disabled at the door controller.",
              f=L_(":".join(rs(2, HEXU) for _ in range(7)), "NFC UID (7 bytes)"), u=unit(),
              o=L_(":".join(rs(2, HEXU) for _ in range(4)), "NFC UID (4 bytes)")),
    lambda: T("Photo upload for WRH-⟦n⟧: sha256 ⟦h⟧, object ⟦o⟧, 4.2 MB, EXIF stripped.",
              n=jira_n(), h=sha(64), o=uuid_look()),
    lambda: T("Service charge budget 2026/27 for ⟦b⟧: ⟦a⟧ total, sinking fund ⟦a2⟧; 84 units, 1.19% per 2-bed.",
              b=next_building(), a=L_(f"£{rng.randint(200, 900)},{digits(3)}.00", "amount"),
              a2=L_(f"£{rng.randint(20, 90)},000", "amount")),
    lambda: T("Boiler service window ⟦t⟧ on Tue 14 Apr; quiet hours 23:00–07:00; lift engineer ETA 10:45 (job ⟦j⟧).",
              t=L_(f"{rng.randint(7, 9):02d}:00–{rng.randint(11, 13)}:00", "time window"), j=L_(f"LFT-{digits(6)}", "job ref")),
    lambda: T("Viewings this week: ⟦p1⟧, ⟦p2⟧, ⟦p3⟧ and ⟦p4⟧ — all ground-floor 1-beds.",
              p1=L_(postcode(), "postcode"), p2=L_(postcode(), "postcode"), p3=L_(postcode(), "postcode"),
              p4=L_(postcode(), "postcode")),
    lambda: T("Gas meter serial ⟦s⟧ recorded on the move-in inventory for ⟦u⟧ (fails the card check digit, not a card).",
              s=L_(" ".join(re.findall("....", fails_luhn(16))), "16-digit serial failing Luhn"), u=unit()),
    lambda: T("Ledger fund code ⟦c⟧ — not a bank account, it is the service-charge fund in the accounts system.",
              c=L_(ledger_code(), "ledger code failing mod-97")),
    lambda: T(".env.example (⟦svc⟧): STRIPE_SECRET_KEY=⟦a⟧ DATABASE_URL=⟦b⟧ SENDGRID_API_KEY=⟦c⟧",
              svc=rng.choice(["doorwren-api", "fixrota-sync", "deposit-portal", "perks-shop", "bms-export"]),
              a=L_("sk_live_" + "x" * 24, "placeholder"), b=L_("postgresql://${DB_USER}:${DB_PASSWORD}@db:5432/doorwren", "placeholder"),
              c=L_("<your-key-here>", "placeholder")),
    lambda: T("bms_admin_password: \"⟦a⟧\"  # rendered by Ansible from the vault on ⟦h⟧",
              h=f"jace-{rng.randint(1, 40):02d}.wph.internal",
              a=L_("{{ vault.bms_admin_password }}", "placeholder")),
    lambda: T("Card ending ⟦e⟧ declined; saved card ⟦m⟧; refund to IBAN ⟦i⟧ pending.",
              e=L_(digits(4), "last four"), m=L_("**** **** **** " + digits(4), "masked card"),
              i=L_(f"GB** **** **** **** {digits(4)} {digits(2)}", "masked IBAN")),
    lambda: T("Shortlisted for the ⟦b⟧ BMS refresh: Siemens Desigo CC, Tridium Niagara 4.13, Honeywell WEBs; locks: Salto KS vs "
              "Nuki Smart Lock 4.0; intercom: 2N IP Verso; CCTV: Hikvision DS-7616NI-K2.", b=next_building()),
    lambda: T("Residents' meeting on ⟦d⟧ in the Grace Darling Room, then the walk-round at Nelson Mandela Court, the Florence "
              "Nightingale Wing and Queen Victoria Street car park.", d=a_date()),
    lambda: T("Gateway listens on ⟦a⟧:47808 only, netmask ⟦b⟧; binding ⟦c⟧ was the bug; IPv6 loopback ⟦d⟧, link-local ⟦e⟧.",
              a=L_("127.0.0.1", "loopback"), b=L_("255.255.255.0", "netmask"), c=L_("0.0.0.0", "unspecified"),
              d=L_("::1", "loopback"), e=L_(f"fe80::{hexstr(4)}:{hexstr(4)}", "link-local")),
    lambda: T("Niagara ⟦a⟧, JACE firmware ⟦b⟧, BACnet stack ⟦c⟧ — all patched.",
              a=L_(f"4.13.0.{rng.randint(100, 250)}", "version"), b=L_(f"4.12.2.{rng.randint(10, 99)}", "version"),
              c=L_(f"1.0.0.{rng.randint(10, 99)}", "version")),
    lambda: T("Work order ⟦w⟧ and purchase order ⟦p⟧ are both closed; credit note CN-⟦c⟧ issued.",
              w=L_(f"WO {rng.randint(200, 899)}-{rng.randint(200, 899)}-{digits(4)}", "work order shaped like a phone"),
              p=L_(f"{rng.randint(4500, 4599)}-{digits(3)}-{digits(3)}", "PO number"), c=L_(digits(5), "credit note")),
    lambda: T("Fire door batch ⟦b⟧ (certificate FD-CERT-⟦c⟧) fitted to floors 2–6.",
              b=L_(f"FD {rng.randint(100, 899)}-{rng.randint(10, 99)}-{digits(4)}", "batch number shaped like an SSN"),
              c=L_(digits(4), "certificate")),
    lambda: T("The Wi-Fi password for the show flat at ⟦b⟧ was changed on Friday; the BMS client_secret was rotated; "
              "the Doorwren token expired at ⟦t⟧ and was refreshed automatically.", b=next_building(), t=hh()),
    lambda: T("niagara_admin@jace-⟦n⟧: password=⟦a⟧ (see vault), api_key: ⟦b⟧", n=f"{rng.randint(1, 40):02d}{rs(2, 'abcdefgh')}",
              a=L_("********", "mask"), b=L_("REPLACE_ME", "placeholder")),
    lambda: T("Inspection ⟦a⟧, re-inspection ⟦b⟧ at 10am, EICR due 03.2031.",
              a=L_(f"2026-04-{rng.randint(10, 28)}T09:30:00+01:00", "timestamp"), b=a_date()),
    lambda: T("Arrears total ⟦a⟧ across 37 tenancies; average ⟦b⟧; write-offs ⟦c⟧.",
              a=L_(f"£{rng.randint(20, 90)},{digits(3)}.{digits(2)}", "amount"), b=amount("GBP"),
              c=L_(f"€{rng.randint(1, 9)}.{digits(3)},00", "amount")),
    lambda: T("BBMD table has 3 entries (ports 47808–47810); MS/TP MAC 12 on trunk 2; device ⟦d⟧ object analog-value:14.",
              d=L_(str(rng.randint(100000, 399999)), "BACnet device instance")),
    lambda: T("Heat meter HM-⟦n⟧ via Modbus: register 30001 = flow temp, 30003 = return temp, 30011–30012 = energy (kWh, uint32, big-endian).",
              n=str(rng.randint(100, 999))),
    lambda: T("Replacement parts: SKU ⟦a⟧ ×12, ⟦b⟧ ×4, ⟦c⟧ ×1.",
              a=L_(f"TRV-{digits(4)}-WHT", "SKU"), b=L_(f"CART-{rng.randint(20, 40)}MM-TH", "SKU"),
              c=L_(f"FOB-MF-DESF-{rng.randint(10, 500)}", "SKU")),
    lambda: T("Doorwren iOS 5.3.1 (build ⟦a⟧), Android 5.3.0 (versionCode ⟦b⟧) released to residents.",
              a=L_(f"2026040{rng.randint(1, 9)}.{rng.randint(1, 9)}", "build"), b=L_(f"530{digits(2)}", "version code")),
    lambda: T("Commit ⟦a⟧ on main fixed the meter parser; image digest sha256:⟦b⟧.", a=sha(7), b=sha(64)),
    lambda: T("Door D3 (⟦b⟧) forced open at 02:14; reader R-12 offline; fob ⟦f⟧ denied ×3.", b=next_building(), f=fob_id()),
    lambda: T("Docs example (API v⟦v⟧): Authorization: Bearer ⟦a⟧; X-API-Key: ⟦b⟧; GITHUB_TOKEN=⟦c⟧", v=str(rng.randint(2, 9)),
              a=L_("<token>", "placeholder"), b=L_("YOUR_API_KEY", "placeholder"), c=L_("ghp_" + "X" * 36, "placeholder")),
    lambda: T("Caretaker handset IMEI ⟦i⟧ enrolled in MDM (IMEIs carry a Luhn digit by design).", i=L_(imei(), "IMEI (Luhn by design)")),
    lambda: T("Comms hub SIM ICCID ⟦i⟧ replaced; signal -87 dBm.", i=L_(iccid(), "ICCID (Luhn by design)")),
    lambda: T("Parcel room: ⟦a⟧ (UPS-style) and ⟦b⟧ collected; locker 14 jammed.",
              a=L_("1Z" + rs(6, UPPER_ALNUM) + digits(10), "tracking number"), b=L_("JD0146" + digits(14), "tracking number")),
    lambda: T("Block insurance policy ⟦p⟧, claim ⟦c⟧ for the escape of water at ⟦b⟧.",
              p=L_(f"BLK-2026-{digits(6)}", "policy number"), c=L_(f"CLM-{digits(5)}", "claim"), b=next_building()),
    lambda: T("Wrenhollow Lettings Ltd, company no. ⟦c⟧, VAT ⟦v⟧, client money protection scheme member ⟦m⟧.",
              c=L_(digits(8, "01"), "company number"), v=L_(f"GB {digits(3)} {digits(4)} {digits(2)}", "VAT number"),
              m=L_(f"CMP{digits(6)}", "scheme membership")),
    lambda: T("Site pin ⟦a⟧ (gate on the north side), lift pit depth 1.4 m.",
              a=L_(f"{rng.uniform(50, 56):.4f}, -{rng.uniform(1, 4):.4f}", "coordinates")),
    lambda: T("CO₂ ⟦c⟧ ppm in the ⟦b⟧ gym; RH 61%; setpoint 21.0 °C; AHU-2 fan at 68% after the 03:00 purge.",
              c=f"{rng.randint(1, 2)},{digits(3)}", b=next_building()),
    lambda: T("CCTV clip ⟦a⟧–⟦b⟧ exported for the insurer (no faces visible).",
              a=L_(f"02:{rng.randint(10, 59)}:{rng.randint(10, 59)}:{rng.randint(10, 24)}", "timecode"),
              b=L_(f"02:{rng.randint(10, 59)}:{rng.randint(10, 59)}:{rng.randint(10, 24)}", "timecode")),
    lambda: T("Vendor OUI ⟦o⟧ identified as the lock-hub maker; AP ⟦m⟧ rebooted.",
              o=L_(":".join(rs(2, HEXU) for _ in range(3)), "OUI"), m=L_(":".join(rs(2, HEXU) for _ in range(3)) + ":**:**:**", "masked MAC")),
    lambda: T("Tenant ⟦e⟧ confirmed the appointment by SMS (masked in the export).", e=L_(f"{rs(1, 'abcdefghjkmnprst')}*****@example.com", "masked e-mail")),
    lambda: T("⟦b⟧: SSID WRH-Residents on VLAN ⟦v⟧, WRH-Staff on VLAN 10, WRH-IoT (hidden) on VLAN 90; guest portal off.",
              b=next_building(), v=str(rng.randint(20, 60))),
    lambda: T("Linked ⟦a⟧, ⟦b⟧ and FMHD-⟦c⟧; SLA breach at 48 h.", a=ticket_no(), b=ticket_no(), c=digits(4)),
    lambda: T("⟦b⟧ lifts serve floors B1–⟦f⟧; plant room on L⟦p⟧; riser cupboards 3.12 and 3.14; roof access via hatch RA-2.",
              b=next_building(), f=str(rng.randint(6, 14)), p=str(rng.randint(15, 20))),
    lambda: T("Meter reading batch ⟦b⟧: 1,284 reads, 17 estimated, 3 rejected (digits transposed).",
              b=L_(f"MR-{rng.randint(2025, 2026)}{digits(4)}", "batch id")),
    lambda: T("Stripe payout ⟦p⟧ of ⟦a⟧ landed; fee ⟦f⟧; balance transaction ⟦t⟧.",
              p=L_("po_1P" + rs(22, ALNUM), "Stripe payout id"), a=amount("GBP"), f=amount("GBP"),
              t=L_("txn_3P" + rs(22, ALNUM), "Stripe transaction id")),
    lambda: T("Trace ⟦t⟧ span ⟦s⟧ shows 1.8 s in the ledger query (p95 was 240 ms).", t=sha(32), s=sha(16)),
    lambda: T("Asset tag ⟦a⟧ (boiler, Ideal-style Logic Max 30), installed ⟦d⟧, warranty to 2033.",
              a=L_(f"WRH-AST-{digits(6)}", "asset tag"), d=a_date()),
]


def build_negatives(count):
    cyc = Cycle(list(range(len(NEG_TEMPLATES))), shuffle=False)
    for _ in range(count):
        neg("negative (look-alikes)", NEG_TEMPLATES[cyc()](), people=maybe_people())


# --- the schedule ------------------------------------------------------------------------------

SCHEDULE = [
    (t_jira_complaint, 5), (t_jira_comment, 3), (t_jsm, 3), (t_contact_form, 4), (t_forward, 3),
    (t_chatbot, 4), (t_people_url, 3), (t_slack, 4), (t_vulnerable, 3), (t_application, 3),
    (t_guarantor, 2), (t_w9, 3), (t_refund_form_ssn, 3), (t_deposit_refund, 6), (t_pain001, 5),
    (t_standing_order, 4), (t_sepa_mandate, 3), (t_mandate_fraud, 3), (t_landlord_statement, 4),
    (t_landlord_change, 2), (t_payroll, 2), (t_arrears_csv, 2), (t_card_chat, 9), (t_card_tenant, 5),
    (t_terminal, 8), (t_chargeback, 4), (t_rota, 2), (t_vcard, 2), (t_tenant_csv, 2), (t_fob_csv, 2),
    (t_fixrota_json, 2), (t_sms_export, 5), (t_email_headers, 3), (t_email_reply, 3), (t_cron_mail, 2),
    (t_hostapd, 4), (t_unifi, 3), (t_wifi_prose, 4), (t_dhcp, 4), (t_dhcp6, 3), (t_radius, 5),
    (t_firewall, 4), (t_firewall6, 3), (t_impossible_travel, 3), (t_bacnet_yaml, 4), (t_modbus_ini, 3),
    (t_bms_alarm, 3), (t_lock_hub, 4), (t_intercom, 3), (t_nvr, 4), (t_nvr_ticket, 3), (t_env, 2),
    (t_env2, 2), (t_yaml, 2), (t_compose, 2), (t_k8s_secret, 4), (t_tfvars, 2), (t_aws_creds, 2),
    (t_azure, 3), (t_curl_basic, 3), (t_curl_bearer, 4), (t_curl_twilio, 2), (t_curl_stripe, 2),
    (t_curl_github, 2), (t_curl_jira, 2), (t_curl_sendgrid, 2), (t_ci_npm, 2), (t_ci_gitlab, 2), (t_ci_pypi, 2),
    (t_ci_gh_actions, 2), (t_gitleaks, 6), (t_token_prose, len(PROSE_TOKENS)), (t_vault, 2), (t_flags, 5),
    (t_url_creds, 9), (t_jwt_cookie, 4), (t_jwt_response, 3), (t_jwt_request, 3), (t_jwt_log, 2),
    (t_pem_paste, 3), (t_pem_noformat, 4), (t_gcp_json, 2), (t_contractor_access, 1),
    (t_emergency_contact_csv, 1),
]
N_NEGATIVE_EN = 118

for _fn, _n in SCHEDULE:
    for _ in range(_n):
        _fn()
build_negatives(N_NEGATIVE_EN)


# --- assembling lines --------------------------------------------------------------------------


def assemble(category, lang, pieces, extra_people):
    text, spans, looks, labs = "", [], [], []
    pos = 0
    staff_seen = []
    for p in pieces:
        if isinstance(p, Lab):
            b = len(p.value.encode())
            spans.append((p.kind, pos, pos + b))
            labs.append((p, len(text), len(text) + len(p.value)))
            if "staff" in p.meta and p.meta["staff"] not in staff_seen:
                staff_seen.append(p.meta["staff"])
            s = p.value
        elif isinstance(p, Look):
            looks.append((p, len(text), len(text) + len(p.value)))
            s = p.value
        elif isinstance(p, str):
            s = p
        else:
            raise TypeError(p)
        text += s
        pos += len(s.encode())
    people = list(staff_seen)
    for s in extra_people:
        if s not in people:
            people.append(s)
    return dict(category=category, lang=lang, text=text, spans=spans, labs=labs, looks=looks, people=people)


# --- validation -------------------------------------------------------------------------------

VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack", "stripe",
           "twilio"]
KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"} | {f"api_key/{v}" for v in VENDORS}

VENDOR_RE = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{171}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"dop_v1_[0-9a-f]{64}",
    "github": r"gh[pos]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIzaSy[A-Za-z0-9_-]{33}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{24}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-(?:proj|svcacct)-[A-Za-z0-9_-]{58,64}T3BlbkFJ[A-Za-z0-9_-]{58,64}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{150,}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca|ss|pa)_[0-9a-f]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}|"
             r"https://hooks\.slack\.com/services/T0[A-Z0-9]{8}/B0[A-Z0-9]{8}/[A-Za-z0-9]{24}",
    "stripe": r"(?:sk|rk)_live_51[A-Za-z0-9]{97}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
BRAND_RE = {
    "visa": r"4\d{15}", "mastercard": r"5[1-5]\d{14}", "mastercard2": r"2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)\d{12}",
    "amex": r"3[47]\d{13}", "discover": r"(?:6011|64[4-9]\d|65\d\d)\d{12}", "jcb": r"35(?:2[89]|[3-8]\d)\d{12}",
    "diners": r"3(?:6\d\d|0[0-5]\d)\d{10}", "unionpay": r"62\d{14}", "unionpay19": r"62\d{17}",
    "maestro": r"(?:6759|5018|5020|5038|6304)\d{12}", "maestro19": r"(?:6759|5018|5020|5038)\d{15}",
    "mir": r"220[0-4]\d{12}", "rupay": r"(?:6070|6521|5085|8172)\d{12}", "troy": r"9792\d{12}",
    "elo": r"(?:636368|438935|504175|451416|636297|506699)\d{10}", "dankort": r"5019\d{12}",
}
BAD_NETS = [ipaddress.ip_network(n) for n in
            ["192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32", "100.64.0.0/10",
             "198.18.0.0/15", "169.254.0.0/16", "fe80::/10"]]
PRIVATE_NETS = [ipaddress.ip_network(n) for n in ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"]]
RESERVED_MAIL = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|test|invalid)$")


class Invalid(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Invalid(msg)


def national_iban_ok(country, raw):
    b = raw[4:]
    if country == "IT":
        return cin(b[1:]) == b[0]
    if country == "FR":
        return rib_key(b[:5], b[5:10], b[10:21]) == b[21:]
    if country == "ES":
        return es_dc(b[:4], b[4:8], b[10:]) == b[8:10]
    if country == "PT":
        return f"{98 - (int(b[:19]) * 100) % 97:02d}" == b[19:]
    if country == "BE":
        return f"{int(b[:10]) % 97 or 97:02d}" == b[10:]
    if country == "NL":
        return sum(int(c) * w for c, w in zip(b[4:], range(10, 0, -1))) % 11 == 0
    if country == "PL":
        return sum(int(c) * w for c, w in zip(b[:8], [3, 9, 7, 1, 3, 9, 7, 1])) % 10 == 0
    if country == "NO":
        s = sum(int(c) * w for c, w in zip(b[:10], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]))
        return (11 - s % 11) % 11 == int(b[10])
    if country == "FI":
        return luhn_ok(b)
    if country == "EE":
        acc = b[2:].lstrip("0")
        s = sum(int(c) * [7, 3, 1][i % 3] for i, c in enumerate(reversed(acc[:-1])))
        return (10 - s % 10) % 10 == int(acc[-1]) and acc.startswith(b[:2])
    return True


def check_value(lab, line):
    k, v = lab.kind, lab.value
    check(k in KINDS, f"unknown kind {k}")
    check(v == v.strip() and v, f"{k} value has outer blanks: {v!r}")
    if k != "private_key":
        check("\n" not in v, f"{k} holds a line break")
    if k == "credit_card":
        d = re.sub(r"[ -]", "", v)
        check(d.isdigit() and luhn_ok(d), f"card fails Luhn: {v}")
        check(re.fullmatch(BRAND_RE[lab.meta["brand"]], d), f"card prefix/length wrong for {lab.meta['brand']}: {v}")
        check(d not in PUBLISHED_TEST, f"published test card {v}")
        check(len(set(re.findall(r"[ -]", v))) <= 1, f"mixed card separators {v}")
    elif k == "iban":
        raw = v.replace(" ", "")
        c = raw[:2]
        check(iban_valid(v) and len(raw) == IBAN_LEN[c], f"bad IBAN {v}")
        if " " in v:
            check(all(len(g) == 4 for g in v.split(" ")[:-1]) and 1 <= len(v.split(" ")[-1]) <= 4, f"IBAN grouping {v}")
        check(national_iban_ok(c, raw), f"national check digits wrong {v}")
    elif k == "ip_address":
        a = ipaddress.ip_address(v)
        check(not (a.is_loopback or a.is_unspecified or a.is_link_local or a.is_multicast or a.is_reserved),
              f"special IP {v}")
        check(not any(a in n for n in BAD_NETS if n.version == a.version), f"documentation/CGN/benchmark IP {v}")
        check(a.is_global or any(a in n for n in PRIVATE_NETS if n.version == a.version), f"neither global nor private {v}")
    elif k == "mac_address":
        check(re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v), f"bad MAC {v}")
    elif k == "jwt":
        parts = v.split(".")
        check(len(parts) == 3, f"JWT parts {v}")
        pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
        header = json.loads(base64.urlsafe_b64decode(pad(parts[0])))
        json.loads(base64.urlsafe_b64decode(pad(parts[1])))
        check("alg" in header, "JWT header without alg")
    elif k == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----(\n|\\n)(.*)(\n|\\n)-----END \1-----", v, re.S)
        check(m, f"PEM armour {v[:40]}")
        body = m.group(3).replace("\\n", "").replace("\n", "")
        base64.b64decode(body, validate=True)
    elif k.startswith("api_key/"):
        vendor = k.split("/")[1]
        check(re.fullmatch(VENDOR_RE[vendor], v), f"{vendor} token shape {v}")
        if re.fullmatch(r"(?:gh[pos]|npm)_[A-Za-z0-9]{36}", v):
            body = v.split("_", 1)[1]
            check(b62(zlib.crc32(body[:30].encode()), 6) == body[30:], f"token checksum {v}")
    elif k == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
        check(m and m.group(1) not in ("000", "666") and int(m.group(1)) < 900 and m.group(2) != "00"
              and m.group(3) != "0000" and v not in BAD_SSN, f"bad SSN {v}")
    elif k == "phone":
        check(re.fullmatch(r"[+0-9 ().\-/]+", v), f"phone characters {v}")
        check(re.sub(r"\D", "", v) == lab.meta["expect"], f"phone digits {v} != {lab.meta['expect']}")
        check(len(lab.meta["nsn"]) >= 8, f"short number {v}")
    elif k == "password":
        check(not any(w in v.lower() for w in WEAK), f"weak password {v}")
        check(not re.search(r"\$\{|\{\{|<|REPLACE|xxxx|\*\*\*", v), f"placeholder as password {v}")
        check(classes(v) >= 3 or re.fullmatch(r"[A-Za-z0-9+/]{16,}={0,2}", v), f"password of too few classes {v}")
    elif k == "url_credentials":
        check(":" in v and not re.search(r"[@/?#\s]", v), f"url_credentials shape {v}")
    elif k == "email":
        check(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", v), f"email shape {v}")
        dom = v.split("@")[1].lower()
        check(dom in OUR_DOMAINS or dom.endswith(tuple("." + d for d in OUR_DOMAINS)) or RESERVED_MAIL.search(dom)
              or dom.endswith(".iam.gserviceaccount.com"), f"e-mail domain not ours or reserved: {v}")
        check(v not in {s.email for s in S.values()}, f"staff address labelled email: {v}")
    elif k == "person":
        st = lab.meta.get("staff")
        if st:
            check(st in line["people"], f"staff {st.display} not in people")
            check(v in (st.display, st.email, st.aid), "staff label value")
        else:
            check(v in NAME_PARTS, f"unregistered name {v}")
            parts = NAME_PARTS[v]
            locals_ = [lb.value.split("@")[0].lower().replace(".", "").replace("-", "").replace("_", "")
                       for lb, _, _ in line["labs"] if lb.kind == "email"]
            check(any(all(p in loc for p in parts) for loc in locals_),
                  f"name {v} has no address spelling {parts} in its line")


# The leak scan: what is left unlabelled (labels and declared look-alikes blanked) may hold no
# address, number, key or name of the kinds the set labels.
BLANK = "░"
LEAK_PATTERNS = [
    ("email", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")),
    ("phone +/00", re.compile(r"(?<![\w+])(?:\+|00)\d[\d ()./-]{6,}\d")),
    ("phone NANP", re.compile(r"(?<![\d-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\d-])")),
    ("phone trunk", re.compile(r"(?<![\d.:-])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\d.:-])")),
    ("digit run", re.compile(r"(?<![\w.])\d{10,15}(?!\w)")),
    ("ssn", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    ("mac", re.compile(r"(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f])")),
    ("jwt", re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.")),
    ("pem", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("vendor", re.compile(r"sk-ant-|ATATT|A[KS]IA[A-Z2-7]{16}|dop_v1_|gh[pos]_[A-Za-z0-9]{10}|github_pat_|glpat-|AIza|"
                          r"hvs\.|atlasv1|hf_[A-Za-z]{10}|npm_[A-Za-z0-9]{10}|sk-proj-|sk-svcacct-|pypi-Ag|SG\.[\w-]{10}|"
                          r"shp(?:at|ca|ss|pa)_|xox[bpa]-|hooks\.slack\.com|[sr]k_live_|whsec_|SK[0-9a-f]{32}")),
    ("url credentials", re.compile(r"://[^\s/:@" + BLANK + r"]*:[^\s@/" + BLANK + r"]+@")),
]
PW_KEY = re.compile(r"(?i)\b(password|passwd|pwd|pass|secret|token|passphrase|api[_-]?key|authtok|community)"
                    r"\w*\"?\s*[:=]\s*[\"']?([^\s\"',;}]+)")
BENIGN_VALUES = re.compile(r"^(?:" + BLANK + r".*|Bearer|true|false|null|\d+|\*\*\*\*\*\*\*\*|REPLACE_ME|<[^>]*>|"
                           r"\$\{.*|\{\{.*|x+)$")
NAME_STOP = {"van", "der", "den", "de", "la", "di", "del", "lo", "mae", "joy", "ó", "ní"}


def name_tokens():
    toks = set()
    names = list(NAME_PARTS) + [s.display for s in S.values()]
    for n in names:
        for t in re.split(r"[\s,]+", n):
            t = t.strip(",")
            if not t or t.lower() in NAME_STOP:
                continue
            latin = all(ord(c) < 0x250 or not c.isalpha() for c in t)
            if latin and len(t) < 3:
                continue
            toks.add(t)
            if latin:
                toks.add(fold(t).upper())
    return toks


NAME_TOKENS = None


def leaks(line):
    text = line["text"]
    chars = list(text)
    for _, a, b in line["labs"] + line["looks"]:
        for i in range(a, b):
            chars[i] = BLANK
    t = "".join(chars)
    found = []
    for what, rx in LEAK_PATTERNS:
        for m in rx.finditer(t):
            found.append((what, m.group(0)))
    for m in re.finditer(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", t):
        try:
            ipaddress.ip_address(m.group(0))
            found.append(("ipv4", m.group(0)))
        except ValueError:
            pass
    for m in re.finditer(r"(?<![0-9A-Za-z:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Za-z:])", t):
        s = m.group(0)
        if "::" in s or s.count(":") == 7:
            try:
                ipaddress.IPv6Address(s)
                found.append(("ipv6", s))
            except ValueError:
                pass
    for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){12,18}(?!\d)", t):
        if luhn_ok(re.sub(r"\D", "", m.group(0))):
            found.append(("luhn", m.group(0)))
    for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", t):
        if iban_valid(m.group(0)):
            found.append(("iban", m.group(0)))
    for m in PW_KEY.finditer(t):
        if not BENIGN_VALUES.match(m.group(2)):
            found.append(("password keyword", m.group(0)))
    for word in PW_WORDS_BY_LANG.values():
        for m in re.finditer(re.escape(word) + r"\s*[:：]\s*(\S+)", t):
            if not m.group(1).startswith(BLANK):
                found.append(("password word", m.group(0)))
    for tok in NAME_TOKENS:
        for m in re.finditer(r"(?<![^\W\d_])" + re.escape(tok) + r"(?![^\W\d_])", t):
            found.append(("name part", tok))
    return found


PLACEHOLDER = re.compile(r"\$\{|\{\{|<your|REPLACE_ME|xxxxxxxx|XXXXXXXX|\*\*\*|\(sensitive value\)|<token>|YOUR_API_KEY")


def validate(lines):
    global NAME_TOKENS
    NAME_TOKENS = name_tokens()
    problems = []
    texts = Counter(l["text"] for l in lines)
    for t, n in texts.items():
        if n > 1:
            problems.append(f"duplicated text ×{n}: {t[:80]!r}")
    for line in lines:
        data = line["text"].encode()
        where = f"[{line['category']} / {line['lang']}] {line['text'][:70]!r}"
        try:
            prev_end = -1
            for (kind, a, b), (lab, ca, cb) in zip(line["spans"], line["labs"]):
                check(0 <= a < b <= len(data), "offsets outside the text")
                check(a >= prev_end, "overlapping spans")
                prev_end = b
                check(data[a:b].decode() == lab.value, f"span text {data[a:b]!r} != {lab.value!r}")
                check(line["text"][ca:cb] == lab.value, "character offsets")
                check(kind == lab.kind, "kind")
                check_value(lab, line)
            if line["category"].startswith("negative") or line["category"] == "language: negative":
                check(not line["spans"], "negative line with spans")
            else:
                check(line["spans"], "positive line without spans")
                ph = PLACEHOLDER.search(line["text"])
                check(not ph, f"placeholder or mask on a positive line: {ph and ph.group(0)}")
            lk = leaks(line)
            check(not lk, f"unlabelled look-alikes: {lk[:4]}")
        except Invalid as e:
            problems.append(f"{where}: {e}")
        except (ValueError, KeyError, json.JSONDecodeError) as e:
            problems.append(f"{where}: {type(e).__name__}: {e}")
    return problems


# --- main -------------------------------------------------------------------------------------


def main():
    lines = [assemble(*r) for r in RAW]
    problems = validate(lines)
    tokens = defaultdict(set)
    for l in lines:
        for lab, _, _ in l["labs"]:
            if lab.kind.startswith("api_key/"):
                tokens[lab.kind].add(lab.value)
    for v in VENDORS:
        if len(tokens[f"api_key/{v}"]) < 4:
            problems.append(f"vendor {v}: only {len(tokens[f'api_key/{v}'])} distinct tokens")
    if problems:
        for p in problems[:60]:
            print("INVALID:", p, file=sys.stderr)
        print(f"{len(problems)} problems; nothing written", file=sys.stderr)
        return 1
    rng.shuffle(lines)
    with open(OUT, "w", encoding="utf-8") as out:
        for i, line in enumerate(lines, 1):
            line["id"] = f"held17-{i:05d}"
            out.write(json.dumps({
                "id": line["id"], "text": line["text"],
                "people": [s.people() for s in line["people"]],
                "spans": [{"kind": k, "start": a, "end": b} for k, a, b in line["spans"]],
            }, ensure_ascii=False) + "\n")
    # re-read and check the written offsets against the labelled values
    with open(OUT, encoding="utf-8") as f:
        for raw, line in zip(f, lines):
            rec = json.loads(raw)
            data = rec["text"].encode()
            for s, lab in zip(rec["spans"], line["labs"]):
                assert data[s["start"]:s["end"]].decode() == lab[0].value, rec["id"]
    summary(lines)
    return 0


def summary(lines):
    kinds = Counter(k for l in lines for k, _, _ in l["spans"])
    negatives = sum(1 for l in lines if not l["spans"])
    print(f"Wrote {OUT.name}: {len(lines)} lines, {sum(kinds.values())} labelled spans, {negatives} negative lines, "
          f"{sum(len(l['text'].encode()) for l in lines) / 1000:.1f} kB")
    print("\nSpans per kind:")
    order = ["email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
             "private_key", "jwt", "password", "url_credentials"]
    for k in order + sorted(k for k in kinds if k.startswith("api_key/")):
        print(f"  {k:<24}{kinds.get(k, 0):>5}")
    print(f"  {'api_key (all vendors)':<24}{sum(v for k, v in kinds.items() if k.startswith('api_key/')):>5}")
    langs = Counter(l["lang"] for l in lines)
    print(f"\nLanguages ({len(langs) - 1} besides English), lines each:")
    for lang, n in langs.most_common():
        scripts = sorted(set().union(*(script_of(l["text"]) for l in lines if l["lang"] == lang)) - {"LATIN", "MODIFIER"})
        print(f"  {lang:<22}{n:>4}  {', '.join(scripts)}")
    print("\nCategories:")
    for cat, n in sorted(Counter(l["category"] for l in lines).items()):
        print(f"  {cat:<34}{n:>4}")
    phones = Counter(lab.meta["country"] for l in lines for lab, _, _ in l["labs"] if lab.kind == "phone")
    forms = Counter(lab.meta["form"] for l in lines for lab, _, _ in l["labs"] if lab.kind == "phone")
    ibans = Counter(lab.value[:2] for l in lines for lab, _, _ in l["labs"] if lab.kind == "iban")
    brands = Counter(lab.meta["brand"] for l in lines for lab, _, _ in l["labs"] if lab.kind == "credit_card")
    print(f"\nPhone countries ({len(phones)}): " + ", ".join(f"{c} {n}" for c, n in sorted(phones.items())))
    print("Phone forms: " + ", ".join(f"{c} {n}" for c, n in sorted(forms.items())))
    print(f"IBAN countries ({len(ibans)}): " + ", ".join(f"{c} {n}" for c, n in sorted(ibans.items())))
    print(f"Card brands ({len(brands)}): " + ", ".join(f"{c} {n}" for c, n in sorted(brands.items())))
    looks = Counter(lk.what for l in lines for lk, _, _ in l["looks"])
    print(f"Declared look-alikes: {sum(looks.values())} ({len(looks)} sorts)")


if __name__ == "__main__":
    sys.exit(main())
