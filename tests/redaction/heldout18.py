#!/usr/bin/env python3
r"""Writes heldout18.jsonl: an eighteenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional automotive retail and vehicle-finance group holds ("Veltmoor Motor
Group", VMG: the franchised dealerships of Veltmoor Motors in Exeter, Truro, Plymouth, Birmingham
Small Heath, Cologne-Ehrenfeld, Pozzuoli, Dearborn and Toledo, with partner yards and service
points in Izhevsk, Mzuzu, Buchanan, Bo, Chaibasa, Gunupur, Chandrapur, Longding, Fugong, Loikaw,
Dharan, Kalimpong and Sylhet; the used-car marketplace "Carvelle"; the motor-finance and leasing
arm Veltmoor Finance / Veltmoor Lease (PCP, HP, SEPA leases); the workshops and bodyshops of
Veltmoor Service; the connected-car telematics platform "Odolink" (TCUs, MQTT brokers and bridges,
OTA, eCall, stolen-vehicle tracking); the dealer management system "Forecourt", the parts shop
"Partsbay" and the website chatbot "Velma"; made-up domains veltmoor.cars, veltmoor-finance.net and
vmg.internal, third parties only under reserved example names: example.com / .net / .org and their
subdomains, mail.example, inbox.example, post.example, correo.example, posta.example,
pochta.example, carvelle.example, kessler-autoteile.example, brightline-paint.example,
recovery-south.example, flatbed-services.example, ...): customer complaints (Jira fields with
watchers, `@` and `[~accountid:...]` mentions, a `/jira/people/` link, JSM requests, website
contact forms, quoted forwards, Velma chatbot transcripts), workshop job cards, courtesy-car and
recovery notes with relatives' phones, diagnostic-tablet and VCI notes, US credit applications
with SSNs (key-value, a lender-portal JSON with first / last name fields, a CSV, a Jira comment
about a mistyped SSN, a mobile detailer's W-9), UK PCP proposals with a Direct Debit IBAN, EU lease
applications with SEPA mandates in thirteen countries, DD mandate amendments and SEPA mandate
amendments (old and new IBAN, SEPA creditor ids as look-alikes), payroll bank changes, supplier
mandate-fraud reports, part-exchange settlements and deposit refunds (prose, ISO 20022 PmtInf /
CdtTrfTxInf XML with the group's own debtor IBAN, a payee CSV, Stripe card refunds), cards pasted
into Carvelle, Velma and Slack chats and into an e-mail, a payment terminal's EMV debug log, a
chargeback CSV, e-mails with full headers, replies with quoted text and staff signatures, marketplace
listings and scam reports, stolen-vehicle and eCall tickets, TCU provisioning logs (IMEI, ICCID,
bare MSISDN), booking / arrears / lead / subscription CSV exports, a recall SMS-gateway export,
vCards, on-call rotas (Jira wiki tables, `[name|mailto:...]` links); .env files, YAML (service
configs, Helm values, Spring, a workflow), Mosquitto bridge configs, MQTT broker and EMQX auth logs,
`mosquitto_pub -P`, a paho client, a TCU JSON config, Kubernetes Secrets (data and stringData,
`kubectl create secret --from-literal`, `kubectl get secret | base64 -d`), docker-compose, Terraform
tfvars and an AWS provider block, AWS credential files with a session token, Azure storage
connection strings, `vault kv get`, Spring properties, curl commands (Jira REST with Basic auth,
Twilio, Stripe, GitHub, SendGrid, Shopify, an Odolink bearer JWT, Jenkins), CI logs (GitHub
Actions, GitLab, Jenkins, Docker, twine, .pypirc), gitleaks findings, vendor tokens in prose, JWTs
(cookies, a HAR entry, token responses, Keycloak and Kibana logs, a deep link, a websocket
subprotocol, a Postman environment), private keys (OpenSSH, RSA, EC, PKCS#8 and a GCP
service-account JSON), URL credentials of nineteen schemes (postgresql, postgres, rediss, redis,
mongodb+srv, mongodb, mysql, amqps, amqp, mqtts, mqtt, smtps, smtp, sftp, ftp, https, wss, rtsp,
ldaps), credential flags (`sshpass -p`, `docker login -p`, `twine -p`, `curl -u`, `redis-server
--requirepass`, `PGPASSWORD=`), nginx / sshd / fail2ban / firewall (IPv4 and IPv6) / VPN /
impossible-travel / WAF / Kubernetes / PostgreSQL logs, DHCP, DHCPv6, RADIUS, hostapd, ARP and
switch-port logs, a head unit's Bluetooth pairing, Wi-Fi configs (hostapd, UniFi JSON,
wpa_supplicant, prose).

Sixteen languages besides English, none listed by the earlier sets' docstrings (Cornish,
Neapolitan, Kölsch (Colognian), Udmurt, Tumbuka, Sylheti, Gondi, Ho, Sora, Wancho, Lisu, Kayah
(Eastern Kayah Li), Limbu, Lepcha, Bassa, Mende), in twelve scripts besides Latin, eleven of them
used by no earlier set: Syloti Nagri (Sylheti), Masaram Gondi (Gondi), Warang Citi (Ho), Sora
Sompeng (Sora), the Wancho script, Lisu (Fraser), Kayah Li, the Limbu script, the Lepcha script,
Bassa Vah (Bassa) and Mende Kikakui (Mende); besides Cyrillic for Udmurt (ӟ ӥ ӧ). Staff
display names also appear in Cyrillic, Devanagari, Han and Bengali script (with Latin addresses). The
eleven new scripts are written from Latin drafts through small transliterators in this file: an
alphabet for Bassa Vah with its combining tone marks taken from the draft's accents, for Warang
Citi with both cases, for Wancho with its vowel-nasal letters and for Lisu with the inherent a and
the Lisu comma and full stop; consonant-plus-vowel-letter writing for Sora Sompeng and Kayah Li (a
syllable-final h becomes the calya tone mark); Kikakui syllables looked up by their Unicode names
(codas not written, r written as l, a missing syllable falls back to its vowel); and one abugida
routine with vowel signs, independent vowels, codas or killers, subjoined letters and a joiner for
Limbu (small final letters, subjoined ya / ra / wa), Lepcha (consonant signs, subjoined ya / ra),
Masaram Gondi (halanta, virama, ra-kara) and Syloti Nagri (inherent o, hasanta in clusters). They
are plausible in form rather than correct. PSEUDO-TEXT: the Bassa, Mende, Sora, Wancho, Lisu,
Kayah, Limbu and Lepcha drafts are the author's pseudo-text (a handful of real words at most: Mende
"bua", Limbu "sewaro", Lepcha "khamri"); the Ho and Gondi drafts borrow some real words (johar,
kaji, gaadii, naawaa) but are not idiomatic; the Sylheti draft is colloquial Sylheti / Bengali as
the author knows it; the Cornish, Neapolitan, Kölsch, Tumbuka and Udmurt texts are the author's
attempts at the real languages, unchecked by speakers and surely imperfect. In each language: two
customer complaints with the customer's phone and e-mail (framed in turn as a Jira ticket with two
watchers, a Carvelle contact form, a quoted forward or a Velma chat transcript), a workshop note
(a comment by a listed staff member) with a local colleague's (listed) and a relative's phone, a
workshop Wi-Fi password given with the language's own word for password (ger-tremena, parola
sicreta, Passwood, пыран кыл, lizgu lachisisi, ꠉꠥꠙꠘ ꠡꠛ꠆ꠖ, 𑴧𑴴𑴌𑴲𑴥𑴱 𑴎𑴽𑴛𑵅𑴛𑴱, 𑣇𑣌𑣇𑣁 𑣌𑣁𑣎𑣆,
𑃟𑃥𑃔𑃥𑃒 𑃕𑃢𑃖𑃢𑃙, 𞋌𞋜 𞋝𞋁𞋘, ꓘꓲ ꓥꓳ, ꤜꤨ ꤊꤧ ꤙꤧ, ᤛᤡᤖᤡᤰ ᤐᤴ, ᰜᰨᰮ ᰣᰛᰧᰵ, 𖫒𖫨𖫱 𖫛𖫪𖫞𖫪, 𞢊 𞢨𞠗𞠢), a card pasted
into a chat, a refund approved by a finance colleague (to an IBAN in GB, IT, DE and GB for
Cornish, Neapolitan, Kölsch and Sylheti; to a card elsewhere: Mir for Udmurt, RuPay for Gondi, Ho
and Sora, UnionPay for Lisu, JCB for Kayah, Visa and Mastercard for the rest) and two negative
sentences with automotive look-alikes (the second ends with the language's word for password and
"was changed"). Names in the new scripts spelt by the address through their Latin draft (Sylheti
ꠞꠣꠢꠤꠝꠣ ꠈꠣꠔꠥꠘ ↔ rahima.khatun, Gondi ↔ motiram.atram, Ho with capitals ↔ basanti.purty, Sora ↔
sunamani.gomango, Wancho ↔ nyamsa.wangham, Lisu ꓮꓟꓲ ꓥꓪ ↔ ami.ngwa, Kayah three-part names ↔
mu.pheh.reh, Limbu ↔ sabitra.nembang, Lepcha ↔ ongmu.tamsang, Bassa ↔ satta.gbessay, Mende ↔
hawa.gbao), Cyrillic (Ольга Корепанова ↔ olga.korepanova) and Latin script with diacritics and
local customs (Tumbuka Ŵ ↔ w, Kölsch ü ↔ ue, German ß ↔ ss, Polish ł ż ó, Turkish ı ş, Irish Ní / Ó
and O', Dutch van der, Portuguese da, Vietnamese three-part names, Danish ø, Spanish double surnames
with a hyphen). Phone numbers of 40 countries (UK, Ireland, USA (Michigan and Ohio area codes),
Canada, Germany, France, Italy, Netherlands, Belgium, Luxembourg, Spain, Portugal, Poland, Czechia,
Sweden, Denmark, Norway, Austria, Switzerland, Turkey, Russia, Malawi, Liberia, Sierra Leone,
India, Nepal, Bangladesh, Myanmar, China, Thailand, South Africa, Kenya, Nigeria, Ghana, UAE,
Australia, Singapore, Japan, South Korea, the Philippines), from each country's mobile
numbering plan, in national, international, `00`, E.164, dashed (`+44-7886-...`), bracketed
(`(313) 581-6866`, `+44 (0)7912 ...`, `(+91) 99268 ...`, `+32 (0)482 ...`), dotted
(`586.241.3402`), national-dashed (`079048-27932`), Russian `8 912 345-67-89` and bare-MSISDN form;
IBANs of 26 countries (GB, IE, DE, FR, IT, ES, NL, BE, PT, AT, CH, LU, PL, CZ, SK, SI, SE, DK, NO,
FI, GR, LT, RO, TR, AE, SA; French RIB keys, Italian CIN, Spanish DC,
Portuguese NIB, Belgian mod-97, Dutch 11-test, Norwegian mod-11 and Finnish Luhn check digits),
spaced in fours or plain; card numbers of fourteen brands (Visa, Mastercard 5x and 2-series, Amex,
Discover, JCB, Diners, UnionPay of 16 and 19 digits, Maestro, Mir, RuPay, Troy, Elo, Verve,
Dankort; spaced, dashed, plain); US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL
credentials; private keys; tokens of the eighteen vendors of the earlier sets' list, four or more
distinct tokens each. 565 lines, 1,288 labelled spans; 150 lines are negatives built from hard
look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/ and the rest of the engine), at
README.md, at tests/tests/, at git history, or at the other sets' sentences, generators or data;
only evaluate.py, checks.py, the module docstrings of heldout.py and heldout2.py to heldout17.py
(printed through `ast.get_docstring`, nothing below them) and a handful of lines of
heldout17.jsonl (to confirm the format) were read, and nothing was built or run but this script.
Its first score is therefore a blind one.

    python3 tests/redaction/heldout18.py

A summary (lines, spans per kind, negatives, categories, languages and scripts, card brands, IBAN
countries, phone calling codes) is printed after writing.

Deterministic: every random part (staff, customers, suppliers, phone digits, IBAN bodies, card
numbers, SSNs, passwords, tokens, PEM and JWT bodies, IPs, MACs, timestamps, look-alikes) comes
from one seeded `random.Random` (SEED), which also shuffles the line order at the end; customers,
branches, models, complaint frames and issues, phone forms and countries, card brands and vendors
of the prose tokens are taken in turn (`Cycle`); a customer whose name comes round again keeps the
same address. Nothing depends on set order, the clock, the environment or the hash seed. Every line
is validated before anything is written (see `validate`); any violation aborts with a message and
writes nothing: texts unique; labels and look-alikes inside the text and not overlapping, each
span's UTF-8 bytes the labelled value (checked again on the written file); the shape of every
labelled value (Luhn, length and no published test number for cards; mod-97 through checks.py and
country length for IBANs, groups of four when spaced; parseable IPs that are not loopback,
unspecified, link-local, multicast, reserved, CGN, benchmark or documentation addresses; MAC shape;
JWT header with "alg" and a payload that decodes; PEM armour and base64 body; vendor token formats,
with the CRC32 checksum (base62, six characters) of GitHub and npm tokens; US SSN ranges; phone
characters and digits equal to the calling code, `00` and calling code, or trunk prefix plus the
national number drawn from the country's plan; passwords that are no weak word; url_credentials
holding no `@ / ? #` or blank; e-mail domains that are ours, internal or reserved; no staff address
labelled `email`; a listed person is in the line's `people`; anyone else named has an address
labelled `email` in the same line whose local part spells every part of the name, through its
Latin draft or transliteration). The text left unlabelled (labels and declared look-alikes blanked)
is scanned for e-mail addresses, IPv4 and IPv6 addresses, MAC addresses, `+` / `00` / North
American / trunk-prefixed phone shapes and bare runs of 10-15 digits, SSN shapes, JWT, PEM,
vendor-token and URL-credential shapes, password keywords (and every language's own word, in Latin
and in its script) followed by `:` or `=` and a value, Luhn-valid runs of 13-19 digits (also across
spaces and dashes), valid IBANs, and every name part of staff and customers (as written and in
capitals). Look-alikes with check digits are made valid on purpose (VINs with their check digit,
TCU IMEIs and SIM ICCIDs Luhn-valid) or invalid on purpose (a 16-digit battery serial failing Luhn,
a ledger code shaped like a GB IBAN and SEPA creditor ids failing mod-97), and checked. Loopback
addresses, netmasks, placeholders and masks stand on negative lines only. Negative lines carry no
span, positive lines at least one.

Format (the one evaluate.py reads):

    {"id": "held18-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟨...⟩ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line break,
except a private key with real newlines.

Labelling conventions: those of heldout17.py's docstring (and through it heldout4.py's to
heldout16.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `partsbay%40...` stays inside);
  a vendor token used as a URL password (`https://oauth2:glpat-...@`, `x-access-token:ghs_...@`)
  is the token alone, labelled with its vendor.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, Wi-Fi
  passphrases, a hostapd `auth_server_shared_secret`, an opaque `refresh_token`, an AWS session
  token, JWT and session signing secrets, an open-banking client secret, the secret of `curl -u
  user:secret`, a `vault kv get` value, `sshpass -p`, `docker login -p`, `mosquitto_pub -P`,
  `redis-server --requirepass`, `PGPASSWORD=`). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone, and Terraform's storage key), digitalocean,
  github, gitlab, google, hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai,
  pypi (also as a .pypirc password and to `twine -p`), sendgrid, shopify, slack (a webhook is the
  whole URL), stripe (rk_live_ and whsec_ too), twilio (SK... key SIDs, their secrets and auth
  tokens; AC... account SIDs are not labelled).
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]` and in a `/jira/people/<id>` link, a name alone after `@`);
  customers, applicants, lessees, private sellers, cardholders, recovery partners and supplier
  contacts are never in `people` and appear only in a line that labels an address spelling their
  name: every occurrence of the name is `person`, the address `email`. Role and system addresses
  (complaints@, accounts.payable@, noreply@, support@, dms-alerts@, leasing-notices@, svc-jira@,
  cron@host, a bounce Return-Path) and a GCP service account's `client_email` are `email`. In
  e-mail headers every mailbox is labelled (a quoted display name without its quotes);
  Message-IDs are not addresses.
* ip_address: public and private, IPv4 and IPv6, without port, brackets or `/32` / `/128`;
  loopback, 0.0.0.0 and netmasks only on negative lines.
* phone: the whole number as written (a `(0)` trunk inside the span); a bare MSISDN is `phone`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form, either case.
* Not labelled: BICs, key ids, SSIDs, VLANs, user names (also base64 ones in a Kubernetes
  Secret), host names, masked values and placeholders (only on negative lines), hashes, UUIDs,
  commit SHAs, build numbers shaped like IPv4 addresses. No published test card number, no AWS
  example key, no weak literal password.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: vehicle and motor-trade identifiers are declared look-alikes, never labelled: VINs (17
  characters with a valid check digit, also as an MQTT user name and inside a topic), licence
  plates of thirteen countries (UK, German Köln plates, Italian, Russian region 18, Malawian,
  Liberian, Sierra Leonean, Indian state series, Nepali, Kayah State, Yunnan 云Q, Sylhet Metro,
  Michigan), part numbers in several makers' styles, odometer readings (km, miles, mi, with commas,
  spaces or narrow no-break spaces), engine codes and numbers, finance agreement and proposal
  numbers, SEPA mandate references, job cards, order, PO, RO and stock numbers (two bodyshop repair
  orders shaped like North American phone numbers), Carvelle listing ids, torque values, prices and
  amounts in twelve currencies, tyre sizes and DOT codes, diagnostic trouble codes, CAN ids, paint
  codes, key-fob and transponder ids, MOT test numbers, HPI references, TCU IMEIs and SIM ICCIDs
  (Luhn-valid), firmware builds shaped like IPv4 addresses, container numbers, GPS coordinates,
  EMV AIDs, TVRs and ARQCs, 23-digit ARNs, Stripe charge, refund and payout ids, dealer codes, FCA
  firm references and company numbers.
* NEW: a licence plate is not labelled even beside its keeper's name (evaluate.py has no kind for
  it); no national identifier other than the US SSN appears at all (no NI numbers, Aadhaar,
  driving-licence or passport numbers), so that nothing unlabelled on a line is a national id.
* NEW: card verification codes and expiry dates (`exp 04/30`, EMV `EXP=2811`) are not labelled;
  the PAN beside them is `credit_card`.
* NEW: a TCU provisioning log's MSISDN is `phone` (bare MSISDN), its IMEI and ICCID are
  look-alikes; a head unit's log of a customer's paired phone labels the phone's Bluetooth address
  `mac_address`; a TCU's BLE and Wi-Fi MACs in a device JSON are `mac_address`.
* NEW: in a US credit application the applicant's name, SSN, mobile and e-mail are labelled,
  the co-applicant (unnamed) only by the SSN, and the employer's HR line is `phone` like any full
  phone number; in the lender-portal JSON `first_name` and `last_name` are one `person` span each;
  in the lead CSV `surname` and `given_name` are separate spans.
* NEW: a marketplace scam report labels the fraudster's contact address `email` (it spells no
  name) and the deposit IBAN `iban`; in a supplier mandate-fraud report the supplier contact is
  `person` beside the address on the supplier's example domain, both IBANs are `iban`.
* NEW: in a DD or SEPA mandate amendment and in a payroll bank change both the old and the new
  IBAN are `iban`; the SEPA creditor id beside them is a look-alike.
* NEW: in a gitleaks finding the token is labelled twice (in `Finding:` and in `Secret:`), the
  author's name and address are `person`.
* NEW: negatives with people-like words that are not people (the Bertha Benz meeting room, the
  Ferdinand-Porsche-Straße showroom, Aston Martin, Rolls-Royce, Mercedes-Benz, Enzo Ferrari,
  Lamborghini) and secret words without secrets (the language's word for password followed by
  "was changed" in every language, "the password ... was changed", "client_secret was rotated",
  "token expired", `${MQTT_PASSWORD}`, `<your-key-here>`, `{{ vault.odolink_mqtt_password }}`,
  `REPLACE_ME`, `sk_live_xxxx...`, `ghp_XXXX...`, bcrypt hashes, masked cards and IBANs).
* NEW: a language's own word for password is never labelled, only the value after it; amounts,
  plates, VINs, codes and numbers in language lines stay in Latin script and digits.
* NEW: names in the new scripts are one `person` span per name (Kayah three-part names too),
  spelt by the address through their Latin draft; relatives are never named, only their numbers
  are labelled; a chat visitor pasting a card is anonymous (the card alone is labelled).
"""

import base64
import ipaddress
import json
import random
import re
import string
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from checks import iban_check, iban_valid, luhn_ok  # noqa: E402

OUT = HERE / "heldout18.jsonl"
SEED = 18_0426_7
R = random.Random(SEED)

UP, LO, DI = string.ascii_uppercase, string.ascii_lowercase, string.digits
ALNUM = UP + LO + DI
HEX = "0123456789abcdef"


def rs(n, alphabet=ALNUM):
    """n characters drawn from alphabet."""
    return "".join(R.choice(alphabet) for _ in range(n))


def dg(n):
    """n random digits."""
    return rs(n, DI)


def pick(seq):
    return R.choice(seq)


class Cycle:
    """Takes items in turn (shuffled once, from the seeded generator)."""

    def __init__(self, items, shuffle=True):
        self.items = list(items)
        if shuffle:
            R.shuffle(self.items)
        self.i = 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


# --- pieces ----------------------------------------------------------------------------------


class Lab:
    """A labelled value: kind, text, and who it belongs to (Staff, Cust or None)."""

    def __init__(self, kind, value, owner=None):
        self.kind, self.value, self.owner = kind, value, owner


class Look:
    """A declared look-alike: text left unlabelled on purpose (blanked before the leak scan)."""

    def __init__(self, value, what=""):
        self.value, self.what = value, what


SLOT = re.compile(r"⟨(\w+)⟩")
LINES = []


def pieces_of(template, vals):
    """Template text with ⟨slot⟩s replaced by the pieces in vals (str, Lab, Look or lists)."""
    out, pos, used = [], 0, set()
    for m in SLOT.finditer(template):
        out.append(template[pos:m.start()])
        key = m.group(1)
        if key not in vals:
            raise KeyError(f"slot {key} not given for {template[:60]!r}")
        used.add(key)
        v = vals[key]
        out.extend(v if isinstance(v, list) else [v])
        pos = m.end()
    out.append(template[pos:])
    unused = set(vals) - used
    if unused:
        raise KeyError(f"values {unused} unused in {template[:60]!r}")
    return out


def emit(cat, template, people=(), **vals):
    """Adds one line built from template and vals; `people` adds staff not mentioned."""
    neg = cat.startswith("neg")
    text, labs, looks = "", [], []
    for p in pieces_of(template, vals):
        if isinstance(p, Lab):
            labs.append((len(text), len(text) + len(p.value), p))
            text += p.value
        elif isinstance(p, Look):
            looks.append((len(text), len(text) + len(p.value), p))
            text += p.value
        elif isinstance(p, str):
            text += p
        else:
            raise TypeError(f"bad piece {p!r}")
    listed = []
    for _, _, lab in labs:
        if isinstance(lab.owner, Staff) and lab.owner not in listed:
            listed.append(lab.owner)
    for s in people:
        if s not in listed:
            listed.append(s)
    LINES.append(dict(cat=cat, text=text, labs=labs, looks=looks, people=listed, neg=neg))


# --- people ----------------------------------------------------------------------------------

FOLD = {"ß": "ss", "ø": "o", "ł": "l", "ı": "i", "æ": "ae", "ð": "d", "þ": "th", "ŵ": "w",
        "ɛ": "e", "ɔ": "o", "ŋ": "ng", "ɖ": "d", "ɓ": "b"}
UMLAUT = {"ä": "ae", "ö": "oe", "ü": "ue"}


def fold(part, umlaut=False):
    """A name part as the letters an address would spell (diacritics dropped)."""
    s = part.lower()
    if umlaut:
        s = "".join(UMLAUT.get(c, c) for c in s)
    s = "".join(FOLD.get(c, c) for c in s)
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if c.isascii() and c.isalnum())


def translit_cyrillic(s):
    table = {"а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
             "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
             "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
             "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
             "я": "ya", "ӝ": "dzh", "ӟ": "dz", "ӥ": "i", "ӧ": "o", "ӵ": "ch"}
    return "".join(table.get(c, c) for c in s.lower())


class Staff:
    """A listed Jira user: display name, address, account id."""

    def __init__(self, display, local, domain, latin=None):
        self.display = display
        self.email = f"{local}@{domain}"
        self.latin = latin or display
        kind = R.random()
        if kind < 0.75:
            self.account = "712020:" + rs(8, HEX) + "-" + rs(4, HEX) + "-4" + rs(3, HEX) + "-" + \
                pick("89ab") + rs(3, HEX) + "-" + rs(12, HEX)
        elif kind < 0.9:
            self.account = "557058:" + rs(8, HEX) + "-" + rs(4, HEX) + "-4" + rs(3, HEX) + "-" + \
                pick("89ab") + rs(3, HEX) + "-" + rs(12, HEX)
        else:
            self.account = "5" + rs(23, HEX)

    @property
    def n(self):
        return Lab("person", self.display, self)

    @property
    def e(self):
        return Lab("person", self.email, self)

    @property
    def a(self):
        return Lab("person", self.account, self)

    def entry(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.account}


ALL_CUSTS = []


class Cust:
    """Someone not in `people` (customer, applicant, seller, supplier contact): their name is
    labelled only beside their address, which spells every part of it."""

    def __init__(self, display, latin_parts, email):
        self.display, self.parts, self.email = display, latin_parts, email
        ALL_CUSTS.append(self)

    @property
    def n(self):
        return Lab("person", self.display, self)

    @property
    def N(self):
        return Lab("person", self.display.upper(), self)

    def part(self, i):
        return Lab("person", self.display.split()[i], self)

    @property
    def e(self):
        return Lab("email", self.email, self)


CUST_DOMAINS = Cycle(["example.com", "example.net", "example.org", "mail.example", "inbox.example",
                      "post.example", "correo.example", "posta.example", "pochta.example",
                      "customers.example.org", "webmail.example.net", "post.example.com"])


def cust(display, latin_parts=None, domain=None, style=None):
    """A customer with an address whose local part spells the (Latin) name parts."""
    parts = latin_parts or [fold(p, umlaut=True) for p in display.replace("-", " ").split()]
    parts = [p.lower() for p in parts]
    st = style if style is not None else R.random()
    if st < 0.55:
        local = ".".join(parts)
    elif st < 0.7:
        local = "_".join(parts)
    elif st < 0.82:
        local = "".join(parts)
    elif st < 0.92:
        local = ".".join(parts) + dg(2)
    else:
        local = "-".join(reversed(parts))
    return Cust(display, parts, f"{local}@{domain or CUST_DOMAINS()}")


# --- phone numbers ---------------------------------------------------------------------------

PHONE_META = {}  # id(Lab) -> (cc, trunk, nsn)
NANP_AREAS = {"US": ["313", "248", "586", "734", "419", "567", "810", "947", "216", "517"],
              "CA": ["519", "226", "416", "647", "905"]}


def nsn_of(cc):
    if cc == "GB":
        return "7" + pick("45789") + dg(8)
    if cc == "IE":
        return "8" + pick("35679") + dg(7)
    if cc == "DE":
        return pick(["151", "152", "157", "160", "162", "170", "171", "172", "176", "177"]) + dg(8)
    if cc == "FR":
        return pick("67") + dg(8)
    if cc == "IT":
        return "3" + pick(["20", "27", "28", "29", "31", "33", "34", "35", "38", "39", "40", "45", "47", "48", "49"]) + dg(7)
    if cc == "RU":
        return "9" + pick(["12", "22", "50", "82", "87", "90", "04", "19"]) + dg(7)
    if cc == "MW":
        return pick(["88", "99"]) + pick("123456789") + dg(6)
    if cc == "LR":
        return pick(["77", "88"]) + pick("1234567") + dg(6)
    if cc == "SL":
        return pick(["76", "77", "78", "79", "30", "33", "88", "99"]) + dg(6)
    if cc == "IN":
        return pick("6789") + dg(9)
    if cc == "NP":
        return "98" + pick("0123456") + dg(7)
    if cc == "MM":
        return "9" + pick(["25", "26", "40", "42", "45", "67", "68", "69", "79", "77"]) + dg(7)
    if cc == "CN":
        return "1" + pick(["38", "39", "36", "51", "58", "87", "88", "77", "99", "89"]) + dg(8)
    if cc == "TH":
        return pick("689") + pick("123456789") + dg(7)
    if cc == "BD":
        return "1" + pick("3456789") + dg(8)
    if cc in ("US", "CA"):
        return pick(NANP_AREAS[cc]) + pick("23456789") + dg(2) + dg(4)
    if cc == "NL":
        return "6" + pick("12345") + dg(7)
    if cc == "ES":
        return pick("67") + dg(8)
    if cc == "PL":
        return pick(["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"]) + dg(7)
    if cc == "SE":
        return "7" + pick("0236") + dg(7)
    if cc == "AU":
        return "4" + dg(8)
    if cc == "AE":
        return "5" + pick("024568") + dg(7)
    if cc == "ZA":
        return pick(["60", "61", "71", "72", "73", "74", "76", "79", "81", "82", "83", "84"]) + dg(7)
    if cc == "KE":
        return pick(["70", "71", "72", "79", "11"]) + dg(7)
    if cc == "NG":
        return pick(["803", "806", "813", "816", "703", "706", "905", "810", "802", "808"]) + dg(7)
    if cc == "JP":
        return pick(["90", "80", "70"]) + dg(8)
    if cc == "PT":
        return "9" + pick("1236") + dg(7)
    if cc == "BE":
        return "4" + pick("56789") + dg(7)
    if cc == "AT":
        return "6" + pick(["64", "50", "60", "76", "99", "81"]) + dg(7)
    if cc == "CH":
        return "7" + pick("6789") + dg(7)
    if cc == "TR":
        return "5" + pick(["30", "32", "33", "35", "42", "44", "05", "06", "52", "55"]) + dg(7)
    if cc == "GH":
        return pick(["24", "54", "55", "20", "50", "27"]) + dg(7)
    if cc == "PH":
        return "9" + pick(["17", "18", "05", "15", "27", "98", "20"]) + dg(7)
    if cc == "SG":
        return pick("89") + dg(7)
    if cc == "KR":
        return "10" + dg(8)
    if cc == "LU":
        return "6" + pick(["21", "28", "61", "68", "91"]) + dg(6)
    if cc == "CZ":
        return pick("67") + pick("0237") + dg(7)
    if cc == "DK":
        return pick(["2", "3", "4", "5", "6", "7", "9"]) + dg(7)
    if cc == "NO":
        return pick("49") + dg(7)
    raise KeyError(cc)


CALLING = {"GB": "44", "IE": "353", "DE": "49", "FR": "33", "IT": "39", "RU": "7", "MW": "265",
           "LR": "231", "SL": "232", "IN": "91", "NP": "977", "MM": "95", "CN": "86", "TH": "66",
           "BD": "880", "US": "1", "CA": "1", "NL": "31", "ES": "34", "PL": "48", "SE": "46",
           "AU": "61", "AE": "971", "ZA": "27", "KE": "254", "NG": "234", "JP": "81", "PT": "351",
           "BE": "32", "AT": "43", "CH": "41", "TR": "90", "GH": "233", "PH": "63", "SG": "65",
           "KR": "82", "LU": "352", "CZ": "420", "DK": "45", "NO": "47"}
TRUNK = {"GB": "0", "IE": "0", "DE": "0", "FR": "0", "IT": "", "RU": "8", "MW": "0", "LR": "0",
         "SL": "0", "IN": "0", "NP": "", "MM": "0", "CN": "", "TH": "0", "BD": "0", "US": "",
         "CA": "", "NL": "0", "ES": "", "PL": "", "SE": "0", "AU": "0", "AE": "0", "ZA": "0",
         "KE": "0", "NG": "0", "JP": "0", "PT": "", "BE": "0", "AT": "0", "CH": "0", "TR": "0",
         "GH": "0", "PH": "0", "SG": "", "KR": "0", "LU": "", "CZ": "", "DK": "", "NO": ""}
GROUPS = {"GB": [4, 6], "IE": [2, 3, 4], "DE": [3, 8], "FR": [1, 2, 2, 2, 2], "IT": [3, 3, 4],
          "RU": [3, 3, 2, 2], "MW": [3, 3, 3], "LR": [2, 3, 4], "SL": [2, 3, 3], "IN": [5, 5],
          "NP": [3, 7], "MM": [1, 3, 3, 3], "CN": [3, 4, 4], "TH": [2, 3, 4], "BD": [4, 6],
          "US": [3, 3, 4], "CA": [3, 3, 4], "NL": [1, 4, 4], "ES": [3, 3, 3], "PL": [3, 3, 3],
          "SE": [2, 3, 2, 2], "AU": [3, 3, 3], "AE": [2, 3, 4], "ZA": [2, 3, 4], "KE": [3, 3, 3],
          "NG": [3, 3, 4], "JP": [2, 4, 4], "PT": [3, 3, 3], "BE": [3, 2, 2, 2], "AT": [3, 7],
          "CH": [2, 3, 2, 2], "TR": [3, 3, 2, 2], "GH": [2, 3, 4], "PH": [3, 3, 4],
          "SG": [4, 4], "KR": [2, 4, 4], "LU": [3, 3, 3], "CZ": [3, 3, 3], "DK": [2, 2, 2, 2],
          "NO": [3, 2, 3]}


def grouped(nsn, sizes, sep=" "):
    out, i = [], 0
    for size in sizes:
        out.append(nsn[i:i + size])
        i += size
    if i < len(nsn):
        out[-1] += nsn[i:]
    return sep.join(x for x in out if x)


def phone(cc, form=None, nsn=None):
    """A mobile number of country cc in one of its written forms, labelled `phone`."""
    nsn = nsn or nsn_of(cc)
    code, trunk, g = CALLING[cc], TRUNK[cc], GROUPS[cc]
    form = form or pick(["nat", "intl", "intl", "e164", "00", "nat"])
    if cc in ("US", "CA"):
        a, b, c = nsn[:3], nsn[3:6], nsn[6:]
        s = {"nat": f"({a}) {b}-{c}", "intl": f"+1 {a} {b} {c}", "e164": f"+1{nsn}",
             "00": f"001 {a} {b} {c}", "dash": f"+1-{a}-{b}-{c}", "brk": f"+1 ({a}) {b}-{c}",
             "dot": f"{a}.{b}.{c}", "bare": f"1{nsn}", "natdash": f"{a}-{b}-{c}"}[form]
    elif form == "nat" and cc == "RU":
        s = f"8 {nsn[:3]} {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
    elif form == "nat":
        s = trunk + grouped(nsn, g)
        if cc == "GB" and R.random() < 0.4:
            s = trunk + nsn[:4] + " " + nsn[4:7] + " " + nsn[7:]
    elif form == "natdash":
        s = trunk + grouped(nsn, g, "-")
    elif form == "intl":
        s = f"+{code} " + grouped(nsn, g)
    elif form == "e164":
        s = f"+{code}{nsn}"
    elif form == "00":
        s = f"00{code} " + grouped(nsn, g)
    elif form == "dash":
        s = f"+{code}-" + grouped(nsn, g, "-")
    elif form == "bare":
        s = code + nsn
    elif form == "brk":
        if cc == "RU":
            s = f"8 ({nsn[:3]}) {nsn[3:6]}-{nsn[6:8]}-{nsn[8:]}"
        elif cc in ("CN", "IT", "IN", "NP"):
            s = f"(+{code}) " + grouped(nsn, g)
        elif trunk:
            s = f"+{code} ({trunk})" + grouped(nsn, g)
        else:
            s = f"(+{code}) " + grouped(nsn, g)
    elif form == "dot":
        s = trunk + grouped(nsn, g, ".")
    else:
        raise KeyError(form)
    lab = Lab("phone", s)
    PHONE_META[id(lab)] = (code, trunk, nsn, cc)
    return lab


# --- IBANs and cards ------------------------------------------------------------------------

def rib_key(bank, branch, account):
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97:02d}"


CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21]


def it_cin(body):
    total = sum(CIN_ODD[int(c)] if i % 2 == 0 else int(c) for i, c in enumerate(body))
    return chr(65 + total % 26)


def es_dc(bank, branch, account):
    def digit(s, weights):
        v = 11 - sum(int(c) * w for c, w in zip(s, weights)) % 11
        return {11: 0, 10: 1}.get(v, v)
    return f"{digit(bank + branch, [4, 8, 5, 10, 9, 7, 3, 6])}{digit(account, [1, 2, 4, 8, 5, 10, 9, 7, 3, 6])}"


def nl_account():
    while True:
        head = dg(9)
        s = sum(int(c) * w for c, w in zip(head, range(10, 1, -1)))
        last = (-s) % 11
        if last < 10:
            return head + str(last)


def no_account():
    while True:
        head = dg(10)
        c = 11 - sum(int(x) * w for x, w in zip(head, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2])) % 11
        if c == 11:
            c = 0
        if c < 10:
            return head + str(c)


def luhn_complete(head):
    for d in DI:
        if luhn_ok(head + d):
            return head + d
    raise AssertionError


IBAN_LEN = {"GB": 22, "IE": 22, "DE": 22, "FR": 27, "IT": 27, "ES": 24, "NL": 18, "BE": 16,
            "PT": 25, "AT": 20, "CH": 21, "PL": 28, "SE": 24, "NO": 15, "DK": 18, "FI": 18,
            "LU": 20, "CZ": 24, "AE": 23, "SA": 24, "TR": 26, "LT": 20, "HU": 28, "GR": 27,
            "RO": 24, "MT": 31, "HR": 21, "SI": 19, "SK": 24}


def bban(cc):
    if cc == "GB":
        return pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SRLG", "MONZ", "CLYD"]) + dg(14)
    if cc == "IE":
        return pick(["AIBK", "BOFI", "IPBS"]) + dg(14)
    if cc == "DE":
        return pick(["370", "300", "500", "100", "200", "760"]) + dg(15)
    if cc == "FR":
        b, g, a = dg(5), dg(5), dg(11)
        return b + g + a + rib_key(b, g, a)
    if cc == "IT":
        body = dg(22)
        return it_cin(body) + body
    if cc == "ES":
        b, g, a = dg(4), dg(4), dg(10)
        return b + g + es_dc(b, g, a) + a
    if cc == "NL":
        return pick(["INGB", "ABNA", "RABO", "TRIO", "SNSB"]) + nl_account()
    if cc == "BE":
        b = dg(10)
        return b + f"{int(b) % 97 or 97:02d}"
    if cc == "PT":
        b = dg(19)
        return b + f"{98 - int(b + '00') % 97:02d}"
    if cc == "NO":
        return no_account()
    if cc == "FI":
        return luhn_complete(dg(13))
    if cc == "LU":
        return dg(3) + rs(13, UP + DI)
    if cc == "SA":
        return dg(2) + rs(18, UP + DI)
    if cc == "TR":
        return dg(5) + "0" + dg(16)
    if cc == "RO":
        return pick(["BTRL", "RNCB", "BRDE", "INGB"]) + rs(16, UP + DI)
    if cc == "MT":
        return pick(["MALT", "VALL"]) + dg(5) + rs(18, UP + DI)
    return dg(IBAN_LEN[cc] - 4)


def iban(cc, spaced=None):
    b = bban(cc)
    value = cc + iban_check(cc, b) + b
    assert len(value) == IBAN_LEN[cc], (cc, value)
    if spaced is None:
        spaced = R.random() < 0.6
    if spaced:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return Lab("iban", value)


TEST_CARDS = {"4111111111111111", "4012888888881881", "4242424242424242", "5555555555554444",
              "5105105105105100", "378282246310005", "371449635398431", "6011111111111117",
              "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904",
              "38520000023237", "4000056655665556", "5200828282828210", "2223003122003222",
              "6200000000000005", "4000000000000002", "4000000000000077"}
CARD_BRANDS = {
    "visa": (lambda: "4" + dg(5), [16]),
    "mastercard": (lambda: str(R.randint(51, 55)) + dg(4), [16]),
    "mc2": (lambda: str(R.randint(2221, 2720)) + dg(2), [16]),
    "amex": (lambda: pick(["34", "37"]) + dg(4), [15]),
    "discover": (lambda: pick(["6011" + dg(2), "65" + dg(4), str(R.randint(644, 649)) + dg(3)]), [16]),
    "jcb": (lambda: str(R.randint(3528, 3589)) + dg(2), [16]),
    "diners": (lambda: pick(["36" + dg(4), str(R.randint(300, 305)) + dg(3)]), [14]),
    "unionpay": (lambda: "62" + pick(["2", "4", "5", "8"]) + dg(3), [16]),
    "unionpay19": (lambda: "62" + pick(["1", "2", "8"]) + dg(3), [19]),
    "maestro": (lambda: pick(["5018", "5020", "5038", "6304", "6759", "6761", "6763"]) + dg(2), [16, 19]),
    "mir": (lambda: "220" + str(R.randint(0, 4)) + dg(2), [16]),
    "rupay": (lambda: pick(["6521" + dg(2), "6522" + dg(2), "60" + pick("789") + dg(3), "508" + pick("5678") + dg(2)]), [16]),
    "troy": (lambda: "9792" + dg(2), [16]),
    "elo": (lambda: pick(["636368", "438935", "504175", "451416", "636297", "506699"]), [16]),
    "verve": (lambda: pick(["506099", "506101", "650002"]), [16, 19]),
    "dankort": (lambda: "5019" + dg(2), [16]),
}
CARD_INFO = {}


def card(brand, fmt=None):
    prefix_fn, lengths = CARD_BRANDS[brand]
    while True:
        length = pick(lengths)
        number = luhn_complete(prefix_fn() + dg(length - 7))
        if len(number) == length and number not in TEST_CARDS:
            break
    fmt = fmt or pick(["space", "space", "plain", "dash"])
    if fmt == "plain":
        s = number
    else:
        sep = " " if fmt == "space" else "-"
        if length == 15:
            sizes = [4, 6, 5]
        elif length == 14:
            sizes = [4, 6, 4]
        elif length == 19:
            sizes = [4, 4, 4, 4, 3]
        else:
            sizes = [4, 4, 4, 4]
        s = grouped(number, sizes, sep)
    lab = Lab("credit_card", s)
    CARD_INFO[id(lab)] = brand
    return lab


def ssn():
    while True:
        area = R.randint(1, 899)
        if area != 666:
            break
    value = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
    assert value not in ("078-05-1120", "123-45-6789", "219-09-9999")
    return Lab("ssn", value)


# --- network ---------------------------------------------------------------------------------

BAD_NETS = [ipaddress.ip_network(n) for n in (
    "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10", "192.0.2.0/24",
    "198.51.100.0/24", "203.0.113.0/24", "198.18.0.0/15", "224.0.0.0/3", "192.0.0.0/24",
    "255.255.255.255/32", "2001:db8::/32", "::1/128", "fe80::/10", "ff00::/8", "::/128",
    "100::/64", "2001::/23")]


def ip_ok(value):
    addr = ipaddress.ip_address(value)
    return not any(addr in n for n in BAD_NETS if n.version == addr.version)


def ipv4(private=None):
    if private is None:
        private = R.random() < 0.5
    while True:
        if private:
            r = R.random()
            if r < 0.45:
                v = f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
            elif r < 0.75:
                v = f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
            else:
                v = f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"
        else:
            v = f"{R.randint(1, 223)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
            a = ipaddress.ip_address(v)
            if a.is_private:
                continue
        if ip_ok(v):
            return Lab("ip_address", v)


def ipv6(ula=False):
    while True:
        if ula:
            groups = ["fd" + rs(2, HEX), rs(4, HEX), rs(4, HEX), rs(R.randint(1, 4), HEX)]
        else:
            groups = [pick(["2a02", "2a01", "2a00", "2603", "2600", "2406", "2409", "2c0f", "2804", "2a0e", "2405"]),
                      rs(R.randint(3, 4), HEX), rs(R.randint(1, 4), HEX), rs(R.randint(1, 4), HEX)]
        tail = [rs(R.randint(1, 4), HEX) for _ in range(R.randint(1, 2))]
        v = ":".join(g.lstrip("0") or "0" for g in groups) + "::" + ":".join(t.lstrip("0") or "0" for t in tail)
        try:
            ipaddress.ip_address(v)
        except ValueError:
            continue
        if ip_ok(v):
            return Lab("ip_address", v)


OUIS = ["00:1B:C5", "3C:71:BF", "B8:27:EB", "00:0E:C6", "A4:C1:38", "F4:5C:89", "00:26:B9",
        "D8:3A:DD", "70:B3:D5", "00:50:C2", "E4:5F:01", "24:0A:C4", "AC:DE:48", "00:1A:2B",
        "60:01:94", "DC:A6:32", "00:04:A3", "18:FE:34"]


def mac(sep=None, lower=None):
    oui = pick(OUIS).split(":")
    octs = oui + [rs(2, "0123456789ABCDEF") for _ in range(3)]
    sep = sep or pick([":", ":", "-"])
    v = sep.join(octs)
    if lower if lower is not None else R.random() < 0.5:
        v = v.lower()
    return Lab("mac_address", v)


# --- secrets ---------------------------------------------------------------------------------

SYM = "!%^*-_=+.~"


def password(n=None, url_safe=False):
    """A strong random password of at least three character classes."""
    n = n or R.randint(12, 22)
    syms = "!*-_.~" if url_safe else SYM
    while True:
        style = R.random()
        if style < 0.7:
            v = rs(n, ALNUM + syms)
        else:
            w = pick(["Piston", "Camshaft", "Gearbox", "Lantern", "Clutch", "Tarmac", "Chassis",
                      "Wiper", "Spanner", "Axle", "Torque", "Harbour", "Kestrel", "Granite"])
            v = w + pick(syms) + rs(3, UP + LO) + dg(R.randint(2, 4)) + pick(syms) + rs(R.randint(2, 5), ALNUM)
        classes = sum(any(c in cls for c in v) for cls in (UP, LO, DI, syms))
        if classes >= 3 and v[0] not in "-=+.~" and v[-1] not in ".":
            return Lab("password", v)


def b64u(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


B62 = DI + UP + LO


def crc_b62(body):
    n = zlib.crc32(body.encode()) & 0xFFFFFFFF
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def tok(vendor, variant=None):
    """A token of vendor in its published shape, labelled api_key/<vendor>."""
    v = variant
    if vendor == "anthropic":
        s = pick(["sk-ant-api03-", "sk-ant-api03-", "sk-ant-admin01-"]) + rs(93, ALNUM + "_-") + "AA"
    elif vendor == "atlassian":
        s = "ATATT3xFfGF0" + rs(R.randint(160, 180), ALNUM + "_-") + "=" + rs(8, "0123456789ABCDEF")
    elif vendor == "aws":
        if v == "secret":
            s = rs(40, ALNUM + "/+")
        else:
            s = (v or "AKIA") + rs(16, UP + "234567")
    elif vendor == "azure":
        s = rs(86, ALNUM + "+/") + "=="
    elif vendor == "digitalocean":
        s = (v or pick(["dop_v1_", "dop_v1_", "doo_v1_"])) + rs(64, HEX)
    elif vendor == "github":
        kind = v or pick(["ghp", "ghp", "gho", "ghs", "ghu", "pat"])
        if kind == "pat":
            s = "github_pat_11" + rs(20, UP + DI) + "_" + rs(59, ALNUM)
        else:
            body = rs(30, ALNUM)
            s = f"{kind}_{body}{crc_b62(body)}"
    elif vendor == "gitlab":
        s = (v or pick(["glpat-", "glpat-", "gldt-", "glrt-"])) + rs(20, ALNUM + "_-")
    elif vendor == "google":
        s = "AIzaSy" + rs(33, ALNUM + "_-")
    elif vendor == "hashicorp":
        if v == "tfc":
            s = rs(14, ALNUM) + ".atlasv1." + rs(67, ALNUM)
        else:
            s = "hvs.CAESI" + rs(R.randint(80, 90), ALNUM + "_-")
    elif vendor == "huggingface":
        s = "hf_" + rs(34, UP + LO)
    elif vendor == "npm":
        body = rs(30, ALNUM)
        s = "npm_" + body + crc_b62(body)
    elif vendor == "openai":
        kind = v or pick(["proj", "proj", "svc", "legacy"])
        if kind == "legacy":
            s = "sk-" + rs(20, ALNUM) + "T3BlbkFJ" + rs(20, ALNUM)
        else:
            pre = "sk-proj-" if kind == "proj" else "sk-svcacct-"
            s = pre + rs(R.randint(56, 74), ALNUM + "_-") + "T3BlbkFJ" + rs(R.randint(56, 74), ALNUM + "_-")
    elif vendor == "pypi":
        s = "pypi-AgEIcHlwaS5vcmc" + rs(R.randint(120, 160), ALNUM + "_-")
    elif vendor == "sendgrid":
        s = "SG." + rs(22, ALNUM + "_-") + "." + rs(43, ALNUM + "_-")
    elif vendor == "shopify":
        s = (v or pick(["shpat_", "shpat_", "shpss_", "shpca_"])) + rs(32, HEX)
    elif vendor == "slack":
        kind = v or pick(["xoxb", "xoxb", "xoxp", "hook"])
        if kind == "hook":
            s = f"https://hooks.slack.com/services/T{rs(10, UP + DI)}/B{rs(10, UP + DI)}/{rs(24, ALNUM)}"
        elif kind == "xoxp":
            s = f"xoxp-{dg(12)}-{dg(12)}-{dg(13)}-{rs(32, HEX)}"
        else:
            s = f"xoxb-{dg(12)}-{dg(13)}-{rs(24, ALNUM)}"
    elif vendor == "stripe":
        kind = v or pick(["sk_live_", "sk_live_", "rk_live_", "whsec_"])
        s = kind + (rs(32, ALNUM) if kind == "whsec_" else rs(pick([24, 99]), ALNUM))
    elif vendor == "twilio":
        if v == "secret":
            s = rs(32, ALNUM)
        elif v == "auth":
            s = rs(32, HEX)
        else:
            s = "SK" + rs(32, HEX)
    else:
        raise KeyError(vendor)
    return Lab(f"api_key/{vendor}", s)


def jwt(payload, alg="HS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    sig = R.randbytes(32 if alg.startswith("HS") else (64 if alg.startswith("ES") else 256))
    v = ".".join([b64u(json.dumps(header, separators=(",", ":")).encode()),
                  b64u(json.dumps(payload, separators=(",", ":")).encode()), b64u(sig)])
    return Lab("jwt", v)


def pem(kind, escaped=False):
    """A private key block; escaped=True writes JSON-style \\n escapes."""
    if kind == "rsa":
        der, label, width = bytes.fromhex("308204a40201000282010100") + R.randbytes(1180), "RSA PRIVATE KEY", 64
    elif kind == "ec":
        der = (bytes.fromhex("30770201010420") + R.randbytes(32) +
               bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + R.randbytes(64))
        label, width = "EC PRIVATE KEY", 64
    elif kind == "pkcs8":
        der = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + R.randbytes(1150)
        label, width = "PRIVATE KEY", 64
    elif kind == "openssh":
        pub = R.randbytes(32)
        der = (b"openssh-key-v1\x00" + b"\x00\x00\x00\x04none" * 2 + b"\x00\x00\x00\x00\x00\x00\x00\x01"
               + b"\x00\x00\x00\x33\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + pub
               + b"\x00\x00\x00\x88" + R.randbytes(136))
        label, width = "OPENSSH PRIVATE KEY", 70
    else:
        raise KeyError(kind)
    body = base64.b64encode(der).decode()
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    nl = "\\n" if escaped else "\n"
    return Lab("private_key", f"-----BEGIN {label}-----{nl}" + nl.join(rows) + f"{nl}-----END {label}-----")


def url_cred(user=None):
    """`user:password` for a URL (no @ / ? # in it)."""
    pw = password(R.randint(14, 24), url_safe=True).value
    return Lab("url_credentials", f"{user}:{pw}" if user is not None else f":{pw}")


# --- automotive look-alikes ------------------------------------------------------------------

VIN_VAL = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_W = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
VIN_CH = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"


def vin_check(v):
    total = sum((int(c) if c.isdigit() else VIN_VAL[c]) * w for c, w in zip(v, VIN_W))
    r = total % 11
    return "X" if r == 10 else str(r)


def vin():
    wmi = pick(["WVW", "WBA", "VF1", "ZFA", "SAL", "JTD", "KNA", "TMB", "VF3", "W0L", "YV1",
                "1FT", "2HG", "3VW", "MA3", "MAT", "LVS", "JMZ", "SJN", "WDD", "ZAR", "XTA"])
    body = wmi + rs(5, VIN_CH) + "0" + pick("LMNPRST") + rs(1, VIN_CH) + dg(6)
    v = body[:8] + vin_check(body) + body[9:]
    assert len(v) == 17 and vin_check(v) == v[8]
    return Look(v, "VIN")


def plate(region):
    L = "ABCDEFGHJKLMNPRSTUVWXY"
    if region == "GB":
        v = pick(["WA", "WK", "WL", "WP", "WR", "OV", "OY", "BX", "AK", "LD"]) + pick(["24", "74", "25", "75", "19", "69", "21"]) + " " + rs(3, L)
    elif region == "DE":
        v = "K-" + rs(R.randint(1, 2), L) + " " + str(R.randint(1, 9999))
    elif region == "IT":
        v = rs(2, "ABCDEFGHJKLMNPRSTVWXYZ") + " " + dg(3) + " " + rs(2, "ABCDEFGHJKLMNPRSTVWXYZ")
    elif region == "RU":
        v = pick("АВЕКМНОРСТУХ") + dg(3) + rs(2, "АВЕКМНОРСТУХ") + " 18"
    elif region == "MW":
        v = "MZ " + str(R.randint(1000, 9999))
    elif region == "LR":
        v = "PP " + dg(5)
    elif region == "SL":
        v = rs(3, L) + " " + dg(3)
    elif region.startswith("IN"):
        st = region[3:]
        v = f"{st} {R.randint(1, 40):02d} {rs(R.randint(1, 2), L)} {R.randint(1000, 9999)}"
    elif region == "NP":
        v = f"Ko {R.randint(1, 3)} Pa {R.randint(1000, 9999)}"
    elif region == "MM":
        v = f"KYH {R.randint(1, 9)}{pick('ABCDE')}-{R.randint(1000, 9999)}"
    elif region == "CN":
        v = "云Q·" + pick("ABCDEF") + dg(4)
    elif region == "BD":
        v = f"Sylhet Metro-Ga {R.randint(11, 19)}-{R.randint(1000, 9999)}"
    elif region == "US":
        v = rs(3, L) + " " + dg(4)
    else:
        raise KeyError(region)
    return Look(v, "licence plate")


def part_no():
    return Look(pick([
        lambda: f"5Q0 {dg(3)} {dg(3)} {pick(['A', 'B', 'F', 'AD', 'G'])}",
        lambda: f"34 11 6 {dg(3)} {dg(3)}",
        lambda: f"A {dg(3)} {dg(3)} {dg(2)} {dg(2)}",
        lambda: f"{rs(2, 'HJKL')}{dg(1)}Z-{dg(4)}-{pick('ABCD')}",
        lambda: f"0{dg(4)}-{dg(5)}",
        lambda: f"VMG-{pick(['BRK', 'FLT', 'SUS', 'ELC', 'TCU'])}-{dg(5)}",
        lambda: f"8W0 {dg(3)} {dg(3)} {pick(['AB', 'C', 'K'])}",
        lambda: f"{dg(5)}-{rs(2, 'ABCDEFGHJK')}{dg(3)}",
    ])(), "part number")


def odo(unit=None):
    n = R.randint(3000, 189000)
    unit = unit or pick(["km", "km", "miles", "mi"])
    sep = pick([",", " ", "\u202f"])
    return Look(f"{n:,}".replace(",", sep) + " " + unit, "odometer")


def engine():
    return Look(pick(["CJSA", "EA888", "B47D20A", "M274 DE20", "1KD-FTV", "K9K 872", "2GR-FKS",
                      "G4FG", "N47D20C", "OM654", "DV5RC", "EA211 DADA", "1ZR-FE", "ZR-FE",
                      "YD25DDTi", "4D56", "2NZ-FE", "D4CB", "BiTurbo CUNA", "MR20DD"]), "engine code")


def agreement():
    return Look(pick([f"VF-PCP-2026-{dg(6)}", f"VF-HP-{dg(7)}", f"LSE/26/{dg(7)}",
                      f"VFL-{dg(4)}-{dg(4)}", f"PCP{dg(8)}"]), "finance agreement")


def order_no():
    return Look(pick([f"SO-2026-{dg(6)}", f"PO 45{dg(8)}", f"WO#{dg(5)}", f"JC-{dg(6)}",
                      f"RO {dg(6)}", f"ORD-{rs(2, UP)}{dg(6)}"]), "order number")


def stock_no():
    return Look(pick([f"STK-{R.randint(24, 26)}-{dg(4)}", f"CV-{dg(6)}", f"UC{dg(5)}",
                      f"PX-{dg(5)}"]), "stock number")


def torque():
    return Look(pick([f"{R.randint(20, 180)} Nm", f"{R.randint(20, 160)} N·m",
                      f"{R.randint(40, 140)} Nm + 90°", f"{R.randint(15, 110)} lbf·ft"]), "torque")


PRICES = {
    "GB": lambda: f"£{R.randint(4, 48)},{dg(3)}", "DE": lambda: f"{R.randint(4, 58)}.{dg(3)},00 €",
    "IT": lambda: f"€ {R.randint(4, 58)}.{dg(3)},00", "RU": lambda: f"{R.randint(300, 4200)} {dg(3)} ₽",
    "MW": lambda: f"MK {R.randint(3, 40)},{dg(3)},000", "LR": lambda: f"L$ {R.randint(100, 990)},{dg(3)}",
    "SL": lambda: f"Le {R.randint(50, 900)},{dg(3)}", "IN": lambda: f"₹{R.randint(1, 19)},{dg(2)},{dg(3)}",
    "NP": lambda: f"NPR {R.randint(1, 9)},{dg(3)},{dg(3)}", "MM": lambda: f"{R.randint(12, 95)},{dg(3)},000 Ks",
    "CN": lambda: f"¥{R.randint(40, 300)},{dg(3)}", "BD": lambda: f"BDT {R.randint(5, 40)},{dg(2)},{dg(3)}",
    "US": lambda: f"${R.randint(8, 64)},{dg(3)}", "FR": lambda: f"{R.randint(4, 58)} {dg(3)},00 €",
}


def price(region):
    return Look(PRICES[region](), "price")


def amount(region):
    small = {"GB": lambda: f"£{R.randint(40, 2400)}.{dg(2)}", "DE": lambda: f"{R.randint(40, 2400)},{dg(2)} €",
             "IT": lambda: f"€ {R.randint(40, 2400)},{dg(2)}", "RU": lambda: f"{R.randint(4, 95)} {dg(3)} ₽",
             "MW": lambda: f"MK {R.randint(50, 900)},{dg(3)}", "LR": lambda: f"L$ {R.randint(5, 90)},{dg(3)}",
             "SL": lambda: f"Le {R.randint(2, 40)},{dg(3)}", "IN": lambda: f"₹{R.randint(2, 95)},{dg(3)}",
             "NP": lambda: f"NPR {R.randint(5, 95)},{dg(3)}", "MM": lambda: f"{R.randint(100, 990)},000 Ks",
             "CN": lambda: f"¥{R.randint(300, 9000)}", "BD": lambda: f"BDT {R.randint(5, 95)},{dg(3)}",
             "US": lambda: f"${R.randint(60, 3400)}.{dg(2)}", "FR": lambda: f"{R.randint(40, 2400)},{dg(2)} €"}
    return Look(small[region](), "amount")


def expiry():
    return Look(f"{R.randint(1, 12):02d}/{R.randint(27, 31)}", "card expiry")


def imei():
    return Look(luhn_complete(pick(["35", "86", "35", "01"]) + dg(12)), "IMEI (Luhn by design)")


def iccid():
    return Look(luhn_complete("89" + pick(["44", "49", "91", "265", "231", "39"]) + dg(14))[:19] if False else
                luhn_complete("8944" + dg(14)), "ICCID (Luhn by design)")


def dtc():
    return Look(pick("PPPCBU") + pick("0123") + rs(3, "0123456789ABCDEF"), "DTC")


def tyre():
    return Look(f"{pick(['205', '215', '225', '235', '245', '255'])}/{pick(['40', '45', '50', '55', '60', '65'])} "
                f"R{pick(['16', '17', '18', '19', '20'])} {R.randint(88, 104)}{pick('HVWY')}", "tyre size")


def ts(date=True):
    d = f"2026-{R.randint(1, 6):02d}-{R.randint(1, 28):02d}"
    t = f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}"
    return f"{d}T{t}Z" if date else t


def uuid4():
    return f"{rs(8, HEX)}-{rs(4, HEX)}-4{rs(3, HEX)}-{pick('89ab')}{rs(3, HEX)}-{rs(12, HEX)}"


# --- scripts ---------------------------------------------------------------------------------
# Drafts in Latin letters are written in each script through these small transliterators. They
# are plausible in form, not idiomatic; see the module docstring for which drafts are pseudo-text.

def segmenter(units):
    units = sorted(set(units), key=len, reverse=True)

    def seg(word):
        out, i = [], 0
        while i < len(word):
            for u in units:
                if word.startswith(u, i):
                    out.append(u)
                    i += len(u)
                    break
            else:
                raise ValueError(f"cannot segment {word!r} at {word[i:]!r}")
        return out
    return seg


def ch(name):
    return unicodedata.lookup(name)


def is_word_char(c):
    return unicodedata.category(c)[0] in "LM"


def words_map(text, fn, punct=None):
    """Applies fn to every run of letters (with marks) in text; other characters stay, or are
    replaced through punct."""
    out, word = [], ""
    for c in text + "\0":
        if c != "\0" and is_word_char(c):
            word += c
            continue
        if word:
            out.append(fn(word))
            word = ""
        if c != "\0":
            out.append(punct.get(c, c) if punct else c)
    return "".join(out)


# Bassa Vah: an alphabet; tones from the draft's accents become the combining tone marks.
BASSA_C = {"kp": "KPAH", "gb": "GBU", "mb": "MBE", "m": "MBE", "hw": "HWAH", "h": "HWAH",
           "ny": "YEIN", "dh": "DHII", "ɖ": "DHII", "ɓ": "MBE", "k": "KA", "s": "SE", "f": "FA",
           "y": "YIE", "g": "GAH", "j": "JO", "w": "WA", "z": "ZO", "d": "DO", "c": "CE",
           "t": "TO", "b": "BA", "v": "VU", "p": "PA", "n": "ENNI", "ŋ": "UWU", "l": "WADDA",
           "r": "WADDA"}
BASSA_V = {"a": "A", "ɔ": "O", "o": "OO", "u": "U", "e": "EE", "ɛ": "E", "i": "I"}
BASSA_T = {"\u0301": "HIGH", "\u0300": "LOW", "\u0304": "MID", "\u030c": "LOW-MID", "\u0302": "HIGH-LOW"}
_bassa_seg = segmenter(list(BASSA_C) + list(BASSA_V))


def bassa_word(word):
    nfd = unicodedata.normalize("NFD", word.lower())
    bases, marks = "", []
    for c in nfd:
        if unicodedata.category(c) == "Mn":
            if c in BASSA_T:
                marks[-1].append(BASSA_T[c])
        else:
            bases += c
            marks.append([])
    out, i, prev = [], 0, None
    for u in _bassa_seg(bases):
        tone = [t for k in range(i, i + len(u)) for t in marks[k]]
        i += len(u)
        if u in BASSA_C:
            if u != prev:
                out.append(ch("BASSA VAH LETTER " + BASSA_C[u]))
        else:
            out.append(ch("BASSA VAH LETTER " + BASSA_V[u]))
            out.extend(ch(f"BASSA VAH COMBINING {t} TONE") for t in tone[:1])
        prev = u
    return "".join(out)


# Mende Kikakui: a syllabary; syllables looked up by their Unicode names; codas not written.
KIKAKUI = {}
for _cp in range(0x1E800, 0x1E8C5):
    _nm = unicodedata.name(chr(_cp), "")
    if "SYLLABLE" in _nm:
        KIKAKUI.setdefault(_nm.split()[-1], chr(_cp))
MENDE_ON = ["ngg", "ng", "kp", "gb", "mb", "nd", "nj", "ny", "k", "w", "m", "b", "s", "l", "d", "t",
            "j", "y", "f", "n", "h", "g", "p", "v", "r"]
MENDE_V = {"ua": "UA", "ei": "EI", "ee": "EE", "oo": "OO", "a": "A", "e": "EE", "ɛ": "E",
           "i": "I", "o": "OO", "ɔ": "O", "u": "U"}
_mende_seg = segmenter(MENDE_ON + list(MENDE_V))


def mende_word(word):
    units, out, i = _mende_seg(word.lower()), [], 0
    while i < len(units):
        u = units[i]
        if u in MENDE_V:
            out.append(KIKAKUI[MENDE_V[u]])
            i += 1
            continue
        nxt = units[i + 1] if i + 1 < len(units) else None
        if nxt in MENDE_V:
            v = MENDE_V[nxt]
            if u in ("m", "n", "ny", "ng"):
                key = {"m": "M", "n": "N", "ny": "NY", "ng": "NG"}[u] + {"EE": "E", "OO": "O"}.get(v, v) + "N"
            else:
                key = u.upper() + v
            if key not in KIKAKUI and u == "r":
                key = "L" + v  # Mende r is an allophone of l; only RA has its own syllable
            if key not in KIKAKUI and key.endswith("EE") and key[:-1] in KIKAKUI:
                key = key[:-1]
            if key not in KIKAKUI and key.endswith("OO") and key[:-1] in KIKAKUI:
                key = key[:-1]
            tail = ""
            if key not in KIKAKUI and v in ("UA", "EI"):
                first, tail = {"UA": ("U", "A"), "EI": ("EE", "I")}[v]
                key = key[:-2] + first if u not in ("m", "n", "ny", "ng") else key[:-3] + first[0] + "N"
                tail = KIKAKUI[tail]
            if key not in KIKAKUI:
                key = v if v in KIKAKUI else v[0]  # no such syllable: the vowel alone
            out.append(KIKAKUI[key] + tail)
            i += 2
        else:
            i += 1  # a coda or a cluster's first consonant is not written
    return "".join(out)


# Warang Citi (Ho): an alphabet with two cases.
WC = {"ng": "NGAA", "ny": "ENY", "sh": "SSUU", "th": "AT", "dh": "DA", "kh": "KO", "gh": "GA",
      "ch": "UC", "jh": "YUJ", "ph": "PU", "bh": "BU", "ṭ": "TTE", "ḍ": "ODD", "ṛ": "HORR",
      "ṅ": "ANG", "aa": "A", "a": "A", "ii": "II", "i": "II", "uu": "UU", "u": "UU", "e": "E",
      "o": "O", "k": "KO", "g": "GA", "c": "UC", "j": "YUJ", "t": "AT", "d": "DA", "n": "ENN",
      "p": "PU", "b": "BU", "m": "AM", "y": "YA", "r": "HAR", "l": "HOLO", "w": "WI", "s": "SII",
      "h": "HIYO", "v": "VIYO", "f": "PU", "z": "YUJ"}
_wc_seg = segmenter(WC)


def warang_word(word):
    out, i = [], 0
    for u in _wc_seg(word.lower()):
        case = "CAPITAL" if word[i].isupper() else "SMALL"
        i += len(u)
        out.append(ch(f"WARANG CITI {case} LETTER {WC[u]}"))
    return "".join(out)


# Sora Sompeng: consonants carry an inherent vowel; other vowels follow as letters.
SORA_C = {"s": "SAH", "sh": "SAH", "t": "TAH", "th": "TAH", "ṭ": "TAH", "b": "BAH", "bh": "BAH",
          "c": "CAH", "ch": "CAH", "d": "DAH", "dh": "DAH", "ḍ": "DAH", "g": "GAH", "gh": "GAH",
          "m": "MAH", "ng": "NGAH", "l": "LAH", "n": "NAH", "v": "VAH", "w": "VAH", "p": "PAH",
          "ph": "PAH", "f": "PAH", "y": "YAH", "r": "RAH", "h": "HAH", "k": "KAH", "kh": "KAH",
          "j": "JAH", "z": "JAH", "ny": "NYAH"}
SORA_V = {"a": "AH", "ə": "EEH", "i": "IH", "u": "UH", "o": "OH", "e": "EH"}
_sora_seg = segmenter(list(SORA_C) + list(SORA_V))


def sora_word(word):
    return "".join(ch("SORA SOMPENG LETTER " + (SORA_C.get(u) or SORA_V[u])) for u in _sora_seg(word.lower()))


# Wancho: an alphabet with vowel-nasal letters for closed syllables.
WANCHO_C = {"b": "BA", "c": "CA", "ch": "CA", "d": "DA", "g": "GA", "y": "YA", "ph": "PHA",
            "l": "LA", "n": "NA", "p": "PA", "t": "TA", "th": "THA", "f": "FA", "s": "SA",
            "sh": "SHA", "j": "JA", "z": "ZA", "w": "WA", "v": "VA", "k": "KA", "r": "RA",
            "m": "MA", "kh": "KHA", "h": "HA", "ng": "NGA", "ny": "NYA", "ts": "TSA", "tr": "TRA"}
WANCHO_V = {"aa": "AA", "a": "A", "o": "O", "au": "AU", "e": "E", "i": "I", "u": "U"}
WANCHO_N = {"aang": "AANG", "ong": "ONG", "ang": "ANG", "ing": "ING", "on": "ON", "en": "EN",
            "aan": "AAN", "uen": "UEN"}
_wancho_seg = segmenter(list(WANCHO_C) + list(WANCHO_V))


def wancho_word(word):
    w, out, i = word.lower(), [], 0
    while i < len(w):
        for combo in sorted(WANCHO_N, key=len, reverse=True):
            j = i + len(combo)
            if w.startswith(combo, i) and (j >= len(w) or w[j] not in "aeiou"):
                out.append(ch("WANCHO LETTER " + WANCHO_N[combo]))
                i = j
                break
        else:
            u = _wancho_seg(w[i:])[0]
            out.append(ch("WANCHO LETTER " + (WANCHO_C.get(u) or WANCHO_V[u])))
            i += len(u)
    return "".join(out)


# Lisu (Fraser): consonant letters carry an inherent a; other vowels follow as letters.
LISU_C = {"b": "BA", "p": "PA", "ph": "PHA", "d": "DA", "t": "TA", "th": "THA", "g": "GA",
          "k": "KA", "kh": "KHA", "j": "JA", "c": "CA", "ch": "CHA", "dz": "DZA", "ts": "TSA",
          "tsh": "TSHA", "m": "MA", "n": "NA", "l": "LA", "s": "SA", "zh": "ZHA", "z": "ZA",
          "ng": "NGA", "h": "HA", "x": "XA", "hh": "HHA", "f": "FA", "w": "WA", "sh": "SHA",
          "y": "YA", "gh": "GHA", "r": "ZHA", "v": "WA"}
LISU_V = {"a": "A", "ae": "AE", "e": "E", "eu": "EU", "i": "I", "o": "O", "u": "U", "ue": "UE",
          "uh": "UH", "oe": "OE"}
LISU_PUNCT = {".": "\ua4ff", ",": "\ua4fe"}
_lisu_seg = segmenter(list(LISU_C) + list(LISU_V))


def lisu_word(word):
    units, out = _lisu_seg(word.lower()), []
    for k, u in enumerate(units):
        if u == "a" and k > 0 and units[k - 1] in LISU_C:
            continue
        out.append(ch("LISU LETTER " + (LISU_C.get(u) or LISU_V[u])))
    return "".join(out)


# Kayah Li: consonants with an inherent a; vowel letters and signs follow; a syllable-final h
# becomes the calya tone mark.
KAYAH_C = {"k": "KA", "kh": "KHA", "g": "GA", "ng": "NGA", "s": "SA", "sh": "SHA", "z": "ZA",
           "ny": "NYA", "t": "TA", "ht": "HTA", "n": "NA", "p": "PA", "ph": "PHA", "m": "MA",
           "d": "DA", "b": "BA", "r": "RA", "y": "YA", "l": "LA", "w": "WA", "th": "THA",
           "h": "HA", "v": "VA", "c": "CA", "ch": "CA", "f": "PHA", "j": "CA"}
KAYAH_V = {"a": None, "oe": "LETTER OE", "i": "LETTER I", "oo": "LETTER OO", "ue": "VOWEL UE",
           "e": "VOWEL E", "u": "VOWEL U", "ee": "VOWEL EE", "o": "VOWEL O"}
_kayah_seg = segmenter(list(KAYAH_C) + list(KAYAH_V))


def kayah_word(word):
    units, out = _kayah_seg(word.lower()), []
    for k, u in enumerate(units):
        prev = units[k - 1] if k else None
        if u == "h" and prev in KAYAH_V and (k + 1 == len(units) or units[k + 1] not in KAYAH_V):
            out.append(ch("KAYAH LI TONE CALYA"))
        elif u in KAYAH_C:
            out.append(ch("KAYAH LI LETTER " + KAYAH_C[u]))
        else:
            if prev not in KAYAH_C and (KAYAH_V[u] is None or KAYAH_V[u].startswith("VOWEL")):
                out.append(ch("KAYAH LI LETTER A"))
            if KAYAH_V[u]:
                out.append(ch("KAYAH LI " + KAYAH_V[u]))
    return "".join(out)


def abugida(prefix, cons, signs, indep, coda=None, killer="", joiner="", sub=None, glides=()):
    """A Brahmic-style transliterator: consonant + vowel sign, independent vowels, codas or a
    killer for final consonants, a joiner (virama) inside clusters, subjoined y/r/w."""
    L = lambda n: ch(prefix + n) if n else ""  # noqa: E731
    cons = {k: L(v) for k, v in cons.items()}
    signs = {k: L(v) for k, v in signs.items()}
    indep = {k: "".join(L(x) for x in v.split("+")) for k, v in indep.items()}
    coda = {k: L(v) for k, v in (coda or {}).items()}
    sub = {k: L(v) for k, v in (sub or {}).items()}
    killer, joiner = L(killer), L(joiner)
    seg = segmenter(list(cons) + list(signs) + list(glides))

    def tr(word):
        u, out, i, after_vowel = seg(word.lower()), [], 0, False
        while i < len(u):
            x = u[i]
            nxt = u[i + 1] if i + 1 < len(u) else None
            if x in glides:
                if nxt in signs:
                    out.append(indep[nxt])
                    i += 2
                    after_vowel = True
                else:
                    i += 1
                continue
            if x in signs:
                out.append(indep[x])
                i += 1
                after_vowel = True
                continue
            if nxt in signs:
                out.append(cons[x] + signs[nxt])
                i += 2
                after_vowel = True
                continue
            if nxt in sub and i + 2 < len(u) and u[i + 2] in signs:
                out.append(cons[x] + sub[nxt] + signs[u[i + 2]])
                i += 3
                after_vowel = True
                continue
            if after_vowel and x in coda:
                out.append(coda[x])
            else:
                out.append(cons[x] + (killer if nxt is None else (joiner or killer)))
            after_vowel = False
            i += 1
        return "".join(out)
    return tr


BRAHMIC_C = {"k": "KA", "kh": "KHA", "g": "GA", "gh": "GHA", "ng": "NGA", "c": "CA", "ch": "CHA",
             "j": "JA", "jh": "JHA", "ny": "NYA", "t": "TA", "th": "THA", "d": "DA", "dh": "DHA",
             "n": "NA", "p": "PA", "ph": "PHA", "b": "BA", "bh": "BHA", "m": "MA", "y": "YA",
             "r": "RA", "l": "LA", "v": "VA", "w": "VA", "sh": "SHA", "s": "SA", "h": "HA",
             "ṭ": "TTA", "ṭh": "TTHA", "ḍ": "DDA", "ḍh": "DDHA", "ṇ": "NNA", "f": "PHA", "z": "JA"}

gondi_word = abugida(
    "MASARAM GONDI ", {k: "LETTER " + v for k, v in BRAHMIC_C.items()},
    {"a": "", "aa": "VOWEL SIGN AA", "i": "VOWEL SIGN I", "ii": "VOWEL SIGN II", "u": "VOWEL SIGN U",
     "uu": "VOWEL SIGN UU", "e": "VOWEL SIGN E", "ee": "VOWEL SIGN E", "ai": "VOWEL SIGN AI",
     "o": "VOWEL SIGN O", "oo": "VOWEL SIGN O", "au": "VOWEL SIGN AU"},
    {"a": "LETTER A", "aa": "LETTER AA", "i": "LETTER I", "ii": "LETTER II", "u": "LETTER U",
     "uu": "LETTER UU", "e": "LETTER E", "ee": "LETTER E", "ai": "LETTER AI", "o": "LETTER O",
     "oo": "LETTER O", "au": "LETTER AU"},
    killer="SIGN HALANTA", joiner="VIRAMA", sub={"r": "RA-KARA"})

LIMBU_CONS = {"k": "KA", "kh": "KHA", "g": "GA", "gh": "GHA", "ng": "NGA", "c": "CA", "ch": "CHA",
              "j": "JA", "jh": "JHA", "t": "TA", "th": "THA", "d": "DA", "dh": "DHA", "n": "NA",
              "p": "PA", "ph": "PHA", "b": "BA", "bh": "BHA", "m": "MA", "y": "YA", "r": "RA",
              "l": "LA", "w": "WA", "sh": "SHA", "s": "SA", "h": "HA", "f": "PHA", "v": "WA",
              "z": "JA"}
limbu_word = abugida(
    "LIMBU ", {k: "LETTER " + v for k, v in LIMBU_CONS.items()},
    {"a": "", "aa": "VOWEL SIGN A", "i": "VOWEL SIGN I", "ii": "VOWEL SIGN I", "u": "VOWEL SIGN U",
     "uu": "VOWEL SIGN U", "ee": "VOWEL SIGN EE", "ai": "VOWEL SIGN AI", "oo": "VOWEL SIGN OO",
     "au": "VOWEL SIGN AU", "e": "VOWEL SIGN E", "o": "VOWEL SIGN O"},
    {"a": "VOWEL-CARRIER LETTER", "aa": "VOWEL-CARRIER LETTER+VOWEL SIGN A",
     "i": "VOWEL-CARRIER LETTER+VOWEL SIGN I", "ii": "VOWEL-CARRIER LETTER+VOWEL SIGN I",
     "u": "VOWEL-CARRIER LETTER+VOWEL SIGN U", "uu": "VOWEL-CARRIER LETTER+VOWEL SIGN U",
     "ee": "VOWEL-CARRIER LETTER+VOWEL SIGN EE", "ai": "VOWEL-CARRIER LETTER+VOWEL SIGN AI",
     "oo": "VOWEL-CARRIER LETTER+VOWEL SIGN OO", "au": "VOWEL-CARRIER LETTER+VOWEL SIGN AU",
     "e": "VOWEL-CARRIER LETTER+VOWEL SIGN E", "o": "VOWEL-CARRIER LETTER+VOWEL SIGN O"},
    coda={"k": "SMALL LETTER KA", "ng": "SMALL LETTER NGA", "t": "SMALL LETTER TA",
          "n": "SMALL LETTER NA", "p": "SMALL LETTER PA", "m": "SMALL LETTER MA",
          "r": "SMALL LETTER RA", "l": "SMALL LETTER LA"},
    sub={"y": "SUBJOINED LETTER YA", "r": "SUBJOINED LETTER RA", "w": "SUBJOINED LETTER WA"})

LEPCHA_CONS = {"k": "KA", "kl": "KLA", "kh": "KHA", "g": "GA", "gl": "GLA", "ng": "NGA", "c": "CA",
               "ch": "CHA", "j": "JA", "ny": "NYA", "t": "TA", "th": "THA", "d": "DA", "n": "NA",
               "p": "PA", "pl": "PLA", "ph": "PHA", "f": "FA", "fl": "FLA", "b": "BA", "bl": "BLA",
               "m": "MA", "ml": "MLA", "ts": "TSA", "tsh": "TSHA", "dz": "DZA", "y": "YA",
               "r": "RA", "l": "LA", "h": "HA", "hl": "HLA", "v": "VA", "s": "SA", "sh": "SHA",
               "w": "WA", "z": "DZA"}
lepcha_word = abugida(
    "LEPCHA ", {k: "LETTER " + v for k, v in LEPCHA_CONS.items()},
    {"a": "", "aa": "VOWEL SIGN AA", "i": "VOWEL SIGN I", "ii": "VOWEL SIGN I", "o": "VOWEL SIGN O",
     "oo": "VOWEL SIGN OO", "u": "VOWEL SIGN U", "uu": "VOWEL SIGN UU", "e": "VOWEL SIGN E",
     "ee": "VOWEL SIGN E"},
    {"a": "LETTER A", "aa": "LETTER A+VOWEL SIGN AA", "i": "LETTER A+VOWEL SIGN I",
     "ii": "LETTER A+VOWEL SIGN I", "o": "LETTER A+VOWEL SIGN O", "oo": "LETTER A+VOWEL SIGN OO",
     "u": "LETTER A+VOWEL SIGN U", "uu": "LETTER A+VOWEL SIGN UU", "e": "LETTER A+VOWEL SIGN E",
     "ee": "LETTER A+VOWEL SIGN E"},
    coda={"k": "CONSONANT SIGN K", "m": "CONSONANT SIGN M", "l": "CONSONANT SIGN L",
          "n": "CONSONANT SIGN N", "p": "CONSONANT SIGN P", "r": "CONSONANT SIGN R",
          "t": "CONSONANT SIGN T", "ng": "CONSONANT SIGN KANG"},
    sub={"y": "SUBJOINED LETTER YA", "r": "SUBJOINED LETTER RA"})

SYLOTI_CONS = {"k": "KO", "kh": "KHO", "x": "KHO", "g": "GO", "gh": "GHO", "c": "CO", "ch": "CHO",
               "j": "JO", "z": "JO", "jh": "JHO", "ṭ": "TTO", "ṭh": "TTHO", "ḍ": "DDO",
               "ḍh": "DDHO", "t": "TO", "th": "THO", "d": "DO", "dh": "DHO", "n": "NO", "p": "PO",
               "f": "PHO", "ph": "PHO", "b": "BO", "bh": "BHO", "v": "BHO", "m": "MO", "r": "RO",
               "l": "LO", "ṛ": "RRO", "s": "SO", "sh": "SO", "h": "HO"}
syloti_word = abugida(
    "SYLOTI NAGRI ", {k: "LETTER " + v for k, v in SYLOTI_CONS.items()},
    {"o": "", "a": "VOWEL SIGN A", "i": "VOWEL SIGN I", "u": "VOWEL SIGN U", "e": "VOWEL SIGN E"},
    {"a": "LETTER A", "i": "LETTER I", "u": "LETTER U", "e": "LETTER E", "o": "LETTER O"},
    joiner="SIGN HASANTA", glides=("y", "w"))

SCRIPTS = {
    "Bassa Vah": (bassa_word, None), "Mende Kikakui": (mende_word, None),
    "Warang Citi": (warang_word, None), "Sora Sompeng": (sora_word, None),
    "Wancho": (wancho_word, None), "Lisu (Fraser)": (lisu_word, LISU_PUNCT),
    "Kayah Li": (kayah_word, None), "Masaram Gondi": (gondi_word, None),
    "Limbu": (limbu_word, None), "Lepcha": (lepcha_word, None),
    "Syloti Nagri": (syloti_word, None),
}


def in_script(script, draft):
    """A Latin draft written in script; «...» segments stay as they are."""
    if script not in SCRIPTS:
        return draft.replace("«", "").replace("»", "")
    fn, punct = SCRIPTS[script]
    out = []
    for seg in re.split(r"(⟨\w+⟩|«[^»]*»)", draft):
        if seg.startswith("⟨"):
            out.append(seg)
        elif seg.startswith("«"):
            out.append(seg[1:-1])
        else:
            out.append(words_map(seg, fn, punct))
    return "".join(out)


# --- the group -------------------------------------------------------------------------------
# Veltmoor Motor Group (VMG): franchised dealerships (Veltmoor Motors), the used-car marketplace
# Carvelle, the motor-finance and leasing arm Veltmoor Finance, workshops (Veltmoor Service), the
# connected-car telematics platform Odolink, the dealer management system "Forecourt" and the
# parts system "Partsbay"; the website chatbot is "Velma".

D_CARS, D_FIN = "veltmoor.cars", "veltmoor-finance.net"

S = {k: Staff(*v) for k, v in {
    "declan": ("Declan Moorcroft", "declan.moorcroft", D_CARS),
    "priyanka": ("Priyanka Venkatesan", "priyanka.venkatesan", D_FIN),
    "tomasz": ("Tomasz Wieczorek", "tomasz.wieczorek", D_CARS),
    "aoife": ("Aoife Brennan", "aoife.brennan", D_FIN),
    "marcus": ("Marcus Adeyemi-Clarke", "marcus.adeyemi-clarke", D_CARS),
    "ingrid": ("Ingrid Solberg", "ingrid.solberg", D_CARS),
    "rafael": ("Rafael Quintanilha", "rafael.quintanilha", D_CARS),
    "yusuf": ("Yusuf Demirkol", "yusuf.demirkol", D_CARS),
    "chloe": ("Chloé Marchetti", "chloe.marchetti", D_FIN),
    "kwabena": ("Kwabena Asante", "kwabena.asante", D_CARS),
    "fiona": ("Fiona McTavish", "fiona.mctavish", D_CARS),
    "lukas": ("Lukas Brandstetter", "lukas.brandstetter", D_CARS),
    "hamish": ("Hamish Drummond", "hamish.drummond", D_CARS),
    "seun": ("Oluwaseun Bakare", "oluwaseun.bakare", D_CARS),
    "meilin": ("Mei-Lin Chao", "meilin.chao", D_CARS),
    "ruairi": ("Ruairí Ó Dálaigh", "ruairi.odalaigh", D_FIN),
    "nadia": ("Nadia El-Masri", "nadia.elmasri", D_FIN),
    "bettina": ("Bettina Hölzl", "bettina.hoelzl", D_CARS),
    "tariq": ("Tariq Chaudhry", "tariq.chaudhry", D_CARS),
    "elspeth": ("Elspeth Rowntree", "elspeth.rowntree", D_FIN),
    "jarrah": ("Jarrah Whitlock", "jarrah.whitlock", D_CARS),
    "shanice": ("Shanice Okafor-Reyes", "shanice.okafor-reyes", D_FIN),
    "brandon": ("Brandon Szymanski", "brandon.szymanski", D_CARS),
    # regional colleagues of the language sections
    "tamsin": ("Tamsin Penhaligon", "tamsin.penhaligon", D_CARS),
    "gennaro": ("Gennaro Capuozzo", "gennaro.capuozzo", D_CARS),
    "jupp": ("Jupp Schmitz", "jupp.schmitz", D_CARS),
    "nikolay": ("Николай Вострокнутов", "nikolay.vostroknutov", D_CARS),
    "chikondi": ("Chikondi Banda", "chikondi.banda", D_CARS),
    "moses": ("Moses Kollie", "moses.kollie", D_CARS),
    "abubakarr": ("Abu Bakarr Kamara", "abubakarr.kamara", D_CARS),
    "sanjay": ("Sanjay Birua", "sanjay.birua", D_CARS),
    "prakash": ("Prakash Bhuyan", "prakash.bhuyan", D_CARS),
    "anil": ("अनिल उइके", "anil.uikey", D_CARS),
    "ngonlam": ("Ngonlam Wangsu", "ngonlam.wangsu", D_CARS),
    "liping": ("和丽萍", "he.liping", D_CARS),
    "khun": ("Khun Thein Naing", "khun.theinnaing", D_CARS),
    "bishnu": ("Bishnu Tumbahangphe", "bishnu.tumbahangphe", D_CARS),
    "dechen": ("Dechen Bhutia", "dechen.bhutia", D_CARS),
    "sumaiya": ("সুমাইয়া বেগম", "sumaiya.begum", D_CARS),
}.items()}
STAFF = list(S.values())
HQ = [S[k] for k in ("declan", "priyanka", "tomasz", "aoife", "marcus", "ingrid", "rafael", "yusuf",
                     "chloe", "kwabena", "fiona", "lukas", "hamish", "seun", "meilin", "ruairi",
                     "nadia", "bettina", "tariq", "elspeth", "jarrah", "shanice", "brandon")]
hq = Cycle(HQ)
ENG = [S[k] for k in ("tomasz", "marcus", "rafael", "kwabena", "seun", "meilin", "jarrah")]
eng = Cycle(ENG)
CXS = [S[k] for k in ("declan", "aoife", "yusuf", "fiona", "ingrid", "hamish", "ruairi", "tariq", "lukas")]
cxs = Cycle(CXS)
TECHS = [S[k] for k in ("fiona", "yusuf", "lukas", "hamish", "tomasz", "tariq", "declan", "brandon")]
techs = Cycle(TECHS)
FINS = [S[k] for k in ("priyanka", "aoife", "chloe", "ruairi", "nadia", "elspeth", "shanice")]
fins = Cycle(FINS)


# --- languages -------------------------------------------------------------------------------
# Each section: two complaints (framed in turn), a workshop note with a colleague's and a
# relative's phone, a Wi-Fi / system password after the language's own word for password, a card
# pasted into a chat, a refund (to an IBAN or a card) and two negatives with look-alikes.

LANGS = [
    dict(name="Cornish", script="Latin", site="Truro", pw="ger-tremena", cc="GB", rel="AU", plate="GB",
         money="GB", brand="mc2", dest=("iban", "GB"), staff="tamsin",
         custs=[("Kerensa Trewhella", None), ("Jory Pascoe", None), ("Demelza Nankivell", None)],
         c1="Dydh da, ⟨name⟩ ow hanow. Ow karr ⟨plate⟩ a dhehwelis a'n gweres ha'n frenow a grias arta. Gelwewgh dhymm war ⟨phone⟩ po skrifewgh dhe ⟨email⟩.",
         c2="Ottavy ⟨name⟩: an mona rag ow les a veu tennys diwweyth y'n mis ma. Pellgewsewgh ⟨phone⟩, ebost ⟨email⟩, niver an acord ⟨agr⟩.",
         note="Notyans an gweythva: an karr a vydh parys a-vorow. ⟨staff⟩ (⟨sphone⟩) a ro an alwhedhow; gwreg an kwsmer war ⟨rphone⟩ mar ny worthyb ev.",
         wifi="Wi-Fi an gweythva «VMG-Truro-Bay», ger-tremena: ⟨pw⟩",
         card="Chat Carvelle — godrigyas: ottomma ow hartenn ⟨card⟩, difeth ⟨exp⟩, kemerewgh an arghans-dalleth mar pleg.",
         refund="Attal ⟨amount⟩ dhe ⟨name⟩ (⟨email⟩) dhe'n IBAN ⟨dest⟩, rag an karr a-les ⟨stock⟩.",
         n1="An karr ⟨plate⟩, VIN ⟨vin⟩, a'n jeves ⟨odo⟩ war an mildiryer; jynn ⟨engine⟩.",
         n2="Torkel an rosow ⟨torque⟩; rann ⟨part⟩, arghadow ⟨order⟩, pris ⟨price⟩. An ger-tremena a veu chanjys."),
    dict(name="Neapolitan", script="Latin", site="Pozzuoli", pw="parola sicreta", cc="IT", rel="DE", plate="IT",
         money="IT", brand="visa", dest=("iban", "IT"), staff="gennaro",
         custs=[("Carmela Esposito", None), ("Ciro Iovine", None), ("Nunzia Sannino", None)],
         c1="Salve, songo ⟨name⟩. 'A machina mia ⟨plate⟩ è turnata d''o tagliando e 'e frene fanno ancora rummore. Chiammateme ô ⟨phone⟩ o scriviteme a ⟨email⟩.",
         c2="Sò ⟨name⟩: 'a rata d''o leasing m'è stata levata doje vote 'stu mese. Telefono ⟨phone⟩, e-mail ⟨email⟩, cuntratto ⟨agr⟩.",
         note="Nota d''a officina: 'a machina è pronta dimane. ⟨staff⟩ (⟨sphone⟩) dà 'e chiave; 'o figlio d''o cliente ô ⟨rphone⟩ si chillo nun risponne.",
         wifi="Wi-Fi d''a officina «VMG-Pozzuoli», parola sicreta: ⟨pw⟩",
         card="Chat Carvelle — cliente: chesta è 'a carta mia ⟨card⟩ scad. ⟨exp⟩, pigliateve 'a caparra.",
         refund="Rimborso ⟨amount⟩ a ⟨name⟩ (⟨email⟩) ncopp'a l'IBAN ⟨dest⟩ pe' 'a permuta ⟨stock⟩.",
         n1="'A machina ⟨plate⟩, telaio ⟨vin⟩, tene ⟨odo⟩; mutore ⟨engine⟩.",
         n2="Serraggio d''e rrote ⟨torque⟩; pezzo ⟨part⟩, ordine ⟨order⟩, prezzo ⟨price⟩. 'A parola sicreta è stata cagnata."),
    dict(name="Kölsch (Colognian)", script="Latin", site="Köln-Ehrenfeld", pw="Passwood", cc="DE", rel="TR", plate="DE",
         money="DE", brand="mastercard", dest=("iban", "DE"), staff="jupp",
         custs=[("Hildegard Pütz", None), ("Willi Büchel", None), ("Trudi Kürten", None)],
         c1="Dach, ich ben ⟨name⟩. Mi Auto ⟨plate⟩ es vun der Inspektion zoröck un de Bremse quietsche immer noch. Rofft mich aan unger ⟨phone⟩ oder schrievt an ⟨email⟩.",
         c2="Hee es ⟨name⟩: de Leasingrate es zweimol avjebucht woode. Telefon ⟨phone⟩, E-Mail ⟨email⟩, Verdraach ⟨agr⟩.",
         note="Werkstatt-Notiz: Dä Wage es morje fäädig. ⟨staff⟩ (⟨sphone⟩) jitt de Schlößel üvver; de Frau vum Kunde unger ⟨rphone⟩, wann hä nit dran jeiht.",
         wifi="WLAN en dä Werkstatt «VMG-Ehrenfeld», Passwood: ⟨pw⟩",
         card="Carvelle-Chat — Kunde: Hee es ming Kaat ⟨card⟩, jöltig bes ⟨exp⟩, nemmt de Aanzahlung.",
         refund="Röckzahlung ⟨amount⟩ an ⟨name⟩ (⟨email⟩) op et IBAN ⟨dest⟩ för dä Enzahlungswage ⟨stock⟩.",
         n1="Dä Wage ⟨plate⟩, FIN ⟨vin⟩, hät ⟨odo⟩ om Tacho; Motor ⟨engine⟩.",
         n2="Aanzohmoment vun de Rädder ⟨torque⟩; Deil ⟨part⟩, Bestellung ⟨order⟩, Pries ⟨price⟩. Et Passwood wood jeändert."),
    dict(name="Udmurt", script="Cyrillic", site="Izhevsk", pw="пыран кыл", cc="RU", rel="RU", plate="RU",
         money="RU", brand="mir", dest=("card", "mir"), staff="nikolay",
         custs=[("Ольга Корепанова", None), ("Сергей Шкляев", None), ("Зарина Перевощикова", None)],
         c1="Ӟечбуресь, мон ⟨name⟩. Мынам машинае ⟨plate⟩ ТО бере бертӥз, тормозъёсыз нош ик чиртыло. Звонить карелэ ⟨phone⟩ яке гожтэлэ ⟨email⟩ адрес вылэ.",
         c2="Мон ⟨name⟩: лизинг понна тӧлэмез кык пол басьтӥзы та толэзе. Телефон ⟨phone⟩, e-mail ⟨email⟩, договор ⟨agr⟩.",
         note="Мастерской гожтэт: машина чуказе дась луоз. ⟨staff⟩ (⟨sphone⟩) усьтонъёсты сётоз; клиентлэн кышноез ⟨rphone⟩ номеръя, со уг вазьы ке.",
         wifi="Мастерской Wi-Fi «VMG-Izhevsk», пыран кыл: ⟨pw⟩",
         card="Carvelle чат — клиент: тани мынам картае ⟨card⟩, ⟨exp⟩ йылпумъяськоз, задаток басьтэлэ.",
         refund="⟨amount⟩ берыктон ⟨name⟩ (⟨email⟩) картае ⟨dest⟩, trade-in ⟨stock⟩ понна.",
         n1="Машина ⟨plate⟩, VIN ⟨vin⟩, пробег ⟨odo⟩; мотор ⟨engine⟩.",
         n2="Пыдъёсты кыскон момент ⟨torque⟩; деталь ⟨part⟩, заказ ⟨order⟩, дуно ⟨price⟩. Пыран кыл воштэмын."),
    dict(name="Tumbuka", script="Latin", site="Mzuzu", pw="lizgu lachisisi", cc="MW", rel="ZA", plate="MW",
         money="MW", brand="visa", dest=("card", "visa"), staff="chikondi",
         custs=[("Chimwemwe Nyirenda", None), ("Ŵanangwa Gondwe", ["wanangwa", "gondwe"]), ("Tiwonge Msiska", None)],
         c1="Moni, ndine ⟨name⟩. Galimoto yane ⟨plate⟩ yawerako ku sevesi kweni mabuleki ghakulira waka. Mundiyimbire pa ⟨phone⟩ panji mundilembere pa ⟨email⟩.",
         c2="Ine ⟨name⟩: ndalama za lizi zatoleka kaŵiri mwezi uno. Foni ⟨phone⟩, imelo ⟨email⟩, phangano ⟨agr⟩.",
         note="Kalata ya ku garaji: galimoto yiŵenge yakunozgeka mawa. ⟨staff⟩ (⟨sphone⟩) wapeleke makiyi; muwoli wa mwenecho pa ⟨rphone⟩ para iyo wakwamuka yayi.",
         wifi="Wi-Fi ya ku garaji «VMG-Mzuzu», lizgu lachisisi: ⟨pw⟩",
         card="Carvelle chat — mulongozgi: khadi lane ni ⟨card⟩, likumara ⟨exp⟩, tolani dipoziti.",
         refund="Kuwezgera ⟨amount⟩ kwa ⟨name⟩ (⟨email⟩) ku khadi ⟨dest⟩ pa galimoto ⟨stock⟩.",
         n1="Galimoto ⟨plate⟩, VIN ⟨vin⟩, yayenda ⟨odo⟩; injini ⟨engine⟩.",
         n2="Kukhwimiska mawilo ⟨torque⟩; chiŵiya ⟨part⟩, oda ⟨order⟩, mtengo ⟨price⟩. Lizgu lachisisi lasinthika."),
    dict(name="Sylheti", script="Syloti Nagri", site="Sylhet / Birmingham", pw="gupon sobdo", cc="BD", rel="GB", plate="BD",
         money="BD", brand="amex", dest=("iban", "GB"), staff="sumaiya",
         custs=[("Rahima Khatun", None), ("Jamal Uddin", None), ("Shuhel Miah", None)],
         c1="Salam, ami ⟨name⟩. amar gari ⟨plate⟩ sarbis tone ailo, brek exno awaz kore. amare fon diyo ⟨phone⟩ ba imel koro ⟨email⟩.",
         c2="ami ⟨name⟩: lij er kisti ei mase dui bar kaṭise. fon ⟨phone⟩, imel ⟨email⟩, sukti ⟨agr⟩.",
         note="warkshop nuṭ: gari kalke redi oibo. ⟨staff⟩ (⟨sphone⟩) sabi dibo; kasṭomar er bou ⟨rphone⟩ e, tai fon na dorle.",
         wifi="warkshop «Wi-Fi» «VMG-Sylhet», gupon sobdo: ⟨pw⟩",
         card="«Carvelle» cet — kasṭomar: ei amar kard ⟨card⟩, meyad ⟨exp⟩, ogrim ṭaka ni lao.",
         refund="⟨amount⟩ ferot ⟨name⟩ (⟨email⟩) er «IBAN» ⟨dest⟩ e, gari bodli ⟨stock⟩ er lagi.",
         n1="gari ⟨plate⟩, «VIN» ⟨vin⟩, miṭar ⟨odo⟩; injin ⟨engine⟩.",
         n2="caka ṭait korar zor ⟨torque⟩; parṭ ⟨part⟩, ordar ⟨order⟩, dam ⟨price⟩. gupon sobdo bodlano oise."),
    dict(name="Gondi", script="Masaram Gondi", site="Chandrapur", pw="lukiyaa gottaa", cc="IN", rel="IN", plate="IN-MH",
         money="IN", brand="rupay", dest=("card", "rupay"), staff="anil",
         custs=[("Motiram Atram", None), ("Sunita Marskole", None), ("Jangu Madavi", None)],
         c1="Johaar, naa peder ⟨name⟩. naawaa gaadii ⟨plate⟩ sarvis tal varsi, brek inkaa avaaj kiyaanthe. naaku fon kiyaa ⟨phone⟩ ille imel ⟨email⟩.",
         c2="naanaa ⟨name⟩: lij kisti ii nelaa rendu sut kaatsi. fon ⟨phone⟩, imel ⟨email⟩, kaagad ⟨agr⟩.",
         note="varkshaap nond: gaadii naaleng tayaar. ⟨staff⟩ (⟨sphone⟩) saabii siyaanur; graahak naa maiyaal ⟨rphone⟩ pore, ond fon ettale.",
         wifi="varkshaap «Wi-Fi» «VMG-Chandrapur», lukiyaa gottaa: ⟨pw⟩",
         card="«Carvelle» chaat — graahak: id naa kaard ⟨card⟩, mudat ⟨exp⟩, ayaaro rupiyaa lehaat.",
         refund="⟨amount⟩ vaapas ⟨name⟩ (⟨email⟩) kaard ⟨dest⟩ pore, gaadii ⟨stock⟩ ge.",
         n1="gaadii ⟨plate⟩, «VIN» ⟨vin⟩, miitar ⟨odo⟩; injin ⟨engine⟩.",
         n2="chakkaa taait ⟨torque⟩; paart ⟨part⟩, ordar ⟨order⟩, kimmat ⟨price⟩. lukiyaa gottaa maarsi."),
    dict(name="Ho", script="Warang Citi", site="Chaibasa", pw="ukua kaji", cc="IN", rel="IN", plate="IN-JH",
         money="IN", brand="rupay", dest=("card", "rupay"), staff="sanjay",
         custs=[("Basanti Purty", None), ("Dashrath Sinku", None), ("Sumitra Bodra", None)],
         c1="Johar, ing ⟨name⟩. ingaa gaadi ⟨plate⟩ sarvis ete ruaranaa, brek inkaa sari-sari. ing fon me ⟨phone⟩ ci imel me ⟨email⟩.",
         c2="ing ⟨name⟩: lij kisti nea cando bar bar idiyana. fon ⟨phone⟩, imel ⟨email⟩, kagaj ⟨agr⟩.",
         note="garej noṭ: gaadi gapa tayar. ⟨staff⟩ (⟨sphone⟩) cabi emae; grahak aa era ⟨rphone⟩ re, ini ka rakabredo.",
         wifi="garej «Wi-Fi» «VMG-Chaibasa», ukua kaji: ⟨pw⟩",
         card="«Carvelle» caṭ — grahak: nea ingaa kard ⟨card⟩, ⟨exp⟩ jaked, ayar taka idime.",
         refund="⟨amount⟩ ruar ⟨name⟩ (⟨email⟩) kard ⟨dest⟩ re, gaadi ⟨stock⟩ lagiṭ.",
         n1="gaadi ⟨plate⟩, «VIN» ⟨vin⟩, miṭar ⟨odo⟩; injin ⟨engine⟩.",
         n2="caka ṭaiṭ ⟨torque⟩; parṭ ⟨part⟩, ordar ⟨order⟩, gonoṅ ⟨price⟩. ukua kaji bodolakana."),
    dict(name="Sora", script="Sora Sompeng", site="Gunupur", pw="kudub gaman", cc="IN", rel="IN", plate="IN-OD",
         money="IN", brand="rupay", dest=("card", "rupay"), staff="prakash",
         custs=[("Sunamani Gomango", None), ("Dambaru Raika", None), ("Tulasi Sabar", None)],
         c1="Johar, nen ⟨name⟩. anin gadi ⟨plate⟩ sarvis dete gadlen, brek inka rudu-rudu. nenam fon bo ⟨phone⟩ ji imel bo ⟨email⟩.",
         c2="nen ⟨name⟩: lij kisti ini tanga bagu bar kaate. fon ⟨phone⟩, imel ⟨email⟩, kagaj ⟨agr⟩.",
         note="garej notin: gadi gaman tayar. ⟨staff⟩ (⟨sphone⟩) cabi jiten; grahakan boj ⟨rphone⟩ te, ji fon ader.",
         wifi="garej «Wi-Fi» «VMG-Gunupur», kudub gaman: ⟨pw⟩",
         card="«Carvelle» cat — grahak: ini anin kard ⟨card⟩, ⟨exp⟩ dəre, agim taka jime.",
         refund="⟨amount⟩ gurub ⟨name⟩ (⟨email⟩) kard ⟨dest⟩ te, gadi ⟨stock⟩ ayte.",
         n1="gadi ⟨plate⟩, «VIN» ⟨vin⟩, mitar ⟨odo⟩; injin ⟨engine⟩.",
         n2="caka tait ⟨torque⟩; part ⟨part⟩, ordar ⟨order⟩, dam ⟨price⟩. kudub gaman bodlate."),
    dict(name="Wancho", script="Wancho", site="Longding", pw="thi ngam", cc="IN", rel="IN", plate="IN-AR",
         money="IN", brand="visa", dest=("card", "visa"), staff="ngonlam",
         custs=[("Nyamsa Wangham", None), ("Tonlam Lowang", None), ("Phawang Wangsa", None)],
         c1="Ngah, ngai ⟨name⟩. ngai gari ⟨plate⟩ sarvis lo ha, brek tu khe nyam. ngai fon ⟨phone⟩ ang imel ⟨email⟩ lo sa.",
         c2="ngai ⟨name⟩: lij pa kisti nyi ban chi. fon ⟨phone⟩, imel ⟨email⟩, kagot ⟨agr⟩.",
         note="garej not: gari tong tiyar. ⟨staff⟩ (⟨sphone⟩) chabi pi; khao nu ⟨rphone⟩ lo, fon ma ho.",
         wifi="garej «Wi-Fi» «VMG-Longding», thi ngam: ⟨pw⟩",
         card="«Carvelle» chat — khao: ngai kard ⟨card⟩, ⟨exp⟩ thok, tang ka lo.",
         refund="⟨amount⟩ pan ⟨name⟩ (⟨email⟩) kard ⟨dest⟩ lo, gari ⟨stock⟩ ban.",
         n1="gari ⟨plate⟩, «VIN» ⟨vin⟩, mitar ⟨odo⟩; enjin ⟨engine⟩.",
         n2="chaka ⟨torque⟩; part ⟨part⟩, ordar ⟨order⟩, dam ⟨price⟩. thi ngam lat ha."),
    dict(name="Lisu", script="Lisu (Fraser)", site="Fugong (Nujiang)", pw="khi ngo", cc="CN", rel="MM", plate="CN",
         money="CN", brand="unionpay19", dest=("card", "unionpay"), staff="liping",
         custs=[("Ami Ngwa", None), ("Dazi Bya", None), ("Lema Khu", None)],
         c1="A ni, nga ⟨name⟩. nga mo to ⟨plate⟩ sa vi ye tsi la, bre ke mu nyi ma. nga fo ⟨phone⟩ li ma i me ⟨email⟩ le.",
         c2="nga ⟨name⟩: li si ngu ni ba khe. fo ⟨phone⟩, i me ⟨email⟩, he to ⟨agr⟩.",
         note="ga ra ji: mo to sa nyi dze. ⟨staff⟩ (⟨sphone⟩) tsho ki li; za mo ⟨rphone⟩ le, fo ma ne.",
         wifi="ga ra ji «Wi-Fi» «VMG-Fugong», khi ngo: ⟨pw⟩",
         card="«Carvelle» chat — khe: nga ka ⟨card⟩, ⟨exp⟩ thi, ngu dzi li.",
         refund="⟨amount⟩ gue ⟨name⟩ (⟨email⟩) ka ⟨dest⟩ le, mo to ⟨stock⟩ wu.",
         n1="mo to ⟨plate⟩, «VIN» ⟨vin⟩, li ⟨odo⟩; en jin ⟨engine⟩.",
         n2="ke li ⟨torque⟩; ba ⟨part⟩, o da ⟨order⟩, pho ⟨price⟩. khi ngo ke sa."),
    dict(name="Kayah (Eastern Kayah Li)", script="Kayah Li", site="Loikaw", pw="lu ke be", cc="MM", rel="TH", plate="MM",
         money="MM", brand="unionpay", dest=("card", "jcb"), staff="khun",
         custs=[("Mu Pheh Reh", None), ("Khu Dah Meh", None), ("Bu Reh Htoo", None)],
         c1="Ka ba, ve ⟨name⟩. ve mo to ⟨plate⟩ se vi ke le, bre ke u ne. ve pho ⟨phone⟩ ni me ⟨email⟩ ka.",
         c2="ve ⟨name⟩: li si pha sa ni loe. pho ⟨phone⟩, me ⟨email⟩, so ⟨agr⟩.",
         note="ga ra: mo to so ke. ⟨staff⟩ (⟨sphone⟩) ke koe; ma ⟨rphone⟩ ka, pho ke ne.",
         wifi="ga ra «Wi-Fi» «VMG-Loikaw», lu ke be: ⟨pw⟩",
         card="«Carvelle» chat — khoe: ve ka ⟨card⟩, ⟨exp⟩ thi, sa ke.",
         refund="⟨amount⟩ he ⟨name⟩ (⟨email⟩) ka ⟨dest⟩ ka, mo to ⟨stock⟩ be.",
         n1="mo to ⟨plate⟩, «VIN» ⟨vin⟩, li ⟨odo⟩; en jin ⟨engine⟩.",
         n2="ke ⟨torque⟩; pa ⟨part⟩, o da ⟨order⟩, pho ⟨price⟩. lu ke be ke loe."),
    dict(name="Limbu", script="Limbu", site="Dharan", pw="sirik pan", cc="NP", rel="IN", plate="NP",
         money="NP", brand="visa", dest=("card", "visa"), staff="bishnu",
         custs=[("Sabitra Nembang", None), ("Tilak Chemjong", None), ("Manmaya Angbuhang", None)],
         c1="Sewaro, ingga ⟨name⟩. anga gadi ⟨plate⟩ sarbis lam tare, brek hakke kerek. anga pon ⟨phone⟩ yo imel ⟨email⟩ pe.",
         c2="ingga ⟨name⟩: lij kista ku nu thik kaksang lepse. pon ⟨phone⟩, imel ⟨email⟩, kagat ⟨agr⟩.",
         note="garej tek: gadi tandik tayar. ⟨staff⟩ (⟨sphone⟩) sabi pirung; kustomar ni nusa ⟨rphone⟩ pe, pon mekkhe.",
         wifi="garej «Wi-Fi» «VMG-Dharan», sirik pan: ⟨pw⟩",
         card="«Carvelle» chat — kustomar: anga kard ⟨card⟩, ⟨exp⟩ sama, ambhe rupiya lo.",
         refund="⟨amount⟩ lepma ⟨name⟩ (⟨email⟩) kard ⟨dest⟩ pe, gadi ⟨stock⟩ lo.",
         n1="gadi ⟨plate⟩, «VIN» ⟨vin⟩, mitar ⟨odo⟩; injin ⟨engine⟩.",
         n2="cakka ⟨torque⟩; part ⟨part⟩, ordar ⟨order⟩, mol ⟨price⟩. sirik pan pherek."),
    dict(name="Lepcha", script="Lepcha", site="Kalimpong", pw="lom aring", cc="IN", rel="NP", plate="IN-WB",
         money="IN", brand="mastercard", dest=("card", "mastercard"), staff="dechen",
         custs=[("Ongmu Tamsang", None), ("Pemchu Simick", None), ("Dawa Rongkup", None)],
         c1="Khamri, go ⟨name⟩. go sa gari ⟨plate⟩ sarbis nong, brek ka thyak. go sa pon ⟨phone⟩ nun imel ⟨email⟩ nun.",
         c2="go ⟨name⟩: lij sa kisti ka nyet lyang bam. pon ⟨phone⟩, imel ⟨email⟩, kagat ⟨agr⟩.",
         note="garej: gari tasong tayar. ⟨staff⟩ (⟨sphone⟩) sabi bo; kastamar sa nyom ⟨rphone⟩ nun, pon ma nyen.",
         wifi="garej «Wi-Fi» «VMG-Kalimpong», lom aring: ⟨pw⟩",
         card="«Carvelle» chat — kastamar: go sa kard ⟨card⟩, ⟨exp⟩ thap, tanka lo.",
         refund="⟨amount⟩ lot ⟨name⟩ (⟨email⟩) kard ⟨dest⟩ nun, gari ⟨stock⟩ sa.",
         n1="gari ⟨plate⟩, «VIN» ⟨vin⟩, mitar ⟨odo⟩; injin ⟨engine⟩.",
         n2="cakka ⟨torque⟩; part ⟨part⟩, ordar ⟨order⟩, dam ⟨price⟩. lom aring lok bam."),
    dict(name="Bassa", script="Bassa Vah", site="Buchanan", pw="sɔ̀ wudu", cc="LR", rel="US", plate="LR",
         money="LR", brand="mastercard", dest=("card", "mastercard"), staff="moses",
         custs=[("Satta Gbessay", None), ("Kou Dweh", None), ("Jesseh Nyenpan", None)],
         c1="Ɓɛ́ɛ ɖè, m̀ ⟨name⟩. m̀ káa ⟨plate⟩ sɛ́vís dyú, bɛ́kì kɔ́ ké dyɛ́. dá ḿ fóo ⟨phone⟩ ké ímɛ̀ ⟨email⟩.",
         c2="m̀ ⟨name⟩: lísi gbo ɖɛ́ ɓó kpɔ́ sɔ́. fóo ⟨phone⟩, ímɛ̀ ⟨email⟩, kɔ́ntɛ ⟨agr⟩.",
         note="gɛ́ɛji: káa ɓɛ́ dyí zɔ́. ⟨staff⟩ (⟨sphone⟩) kí dyu; kɔ̀ɔ sɔ́ ⟨rphone⟩, fóo ɓá ké.",
         wifi="gɛ́ɛji «Wi-Fi» «VMG-Buchanan», sɔ̀ wudu: ⟨pw⟩",
         card="«Carvelle» chat — kɔ̀ɔ: m̀ káadì ⟨card⟩, ⟨exp⟩ tɔ́, dípɔ́sí sɔ́.",
         refund="⟨amount⟩ gbó ⟨name⟩ (⟨email⟩) káadì ⟨dest⟩, káa ⟨stock⟩ ɓɛ́.",
         n1="káa ⟨plate⟩, «VIN» ⟨vin⟩, mitá ⟨odo⟩; ɛ́nji ⟨engine⟩.",
         n2="wíi ⟨torque⟩; páa ⟨part⟩, ɔ́dà ⟨order⟩, pɛ́ ⟨price⟩. sɔ̀ wudu ɓɛ́ ké."),
    dict(name="Mende", script="Mende Kikakui", site="Bo", pw="ngo gbumei", cc="SL", rel="GB", plate="SL",
         money="SL", brand="visa", dest=("card", "visa"), staff="abubakarr",
         custs=[("Hawa Gbao", None), ("Fatu Sesay", None), ("Tamba Lahai", None)],
         c1="Bua, nya ⟨name⟩. nya mɔtɔ ⟨plate⟩ sevisi wa, bireki kɔ yele. nya fo ⟨phone⟩ ji imeli ⟨email⟩.",
         c2="nya ⟨name⟩: lisi kɔpɔ fele ji. fo ⟨phone⟩, imeli ⟨email⟩, kɔntaka ⟨agr⟩.",
         note="galaji: mɔtɔ sina gbua. ⟨staff⟩ (⟨sphone⟩) kii ve; nya hini ⟨rphone⟩, fo ma.",
         wifi="galaji «Wi-Fi» «VMG-Bo», ngo gbumei: ⟨pw⟩",
         card="«Carvelle chat» — numui: nya kadi ⟨card⟩, ⟨exp⟩ gula, kɔpɔ wa.",
         refund="⟨amount⟩ yevu ⟨name⟩ (⟨email⟩) kadi ⟨dest⟩, mɔtɔ ⟨stock⟩ va.",
         n1="mɔtɔ ⟨plate⟩, «VIN» ⟨vin⟩, mita ⟨odo⟩; enjini ⟨engine⟩.",
         n2="wili ⟨torque⟩; pati ⟨part⟩, oda ⟨order⟩, kɔpɔ ⟨price⟩. ngo gbumei lewe."),
]
assert len(LANGS) == 16

STAFF_CC = {"lukas": "DE", "shanice": "US", "brandon": "US", "chloe": "FR", "ruairi": "IE",
            "aoife": "IE", "tamsin": "GB", "gennaro": "IT", "jupp": "DE", "nikolay": "RU",
            "chikondi": "MW", "moses": "LR", "abubakarr": "SL", "sanjay": "IN", "prakash": "IN",
            "anil": "IN", "ngonlam": "IN", "liping": "CN", "khun": "MM", "bishnu": "NP",
            "dechen": "IN", "sumaiya": "BD", "yusuf": "GB", "tariq": "GB"}
STAFF_NSN = {}


def sphone(staff, form=None):
    """The staff member's own mobile, in a form drawn each time."""
    key = next(k for k, v in S.items() if v is staff)
    cc = STAFF_CC.get(key, "GB")
    if key not in STAFF_NSN:
        STAFF_NSN[key] = nsn_of(cc)
    return phone(cc, form, STAFF_NSN[key])


def hhmm():
    return f"{R.randint(7, 21):02d}:{R.randint(0, 59):02d}"


def day():
    return f"{R.randint(1, 28)} {pick(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun'])} 2026"


def clock(n, gap=(0, 4)):
    """n ascending HH:MM times."""
    t = R.randint(8 * 60, 19 * 60)
    out = []
    for _ in range(n):
        out.append(f"{t // 60:02d}:{t % 60:02d}")
        t += R.randint(*gap)
    return out


def jkey(project):
    return f"{project}-{R.randint(120, 9800)}"


# --- the language sections -------------------------------------------------------------------

LANG_FRAME = Cycle(["jira", "form", "fwd", "chat"], shuffle=False)
WORLD_CC = Cycle(["GB"] * 8 + ["IE", "NL", "DE", "FR", "ES", "PL", "SE", "PT", "BE", "AT", "CH", "TR", "AE", "ZA",
                  "KE", "NG", "GH", "AU", "SG", "JP", "KR", "PH", "CA", "IT"])
PHONE_FORMS = Cycle(["nat", "intl", "e164", "00", "nat", "intl", "dash", "brk", "natdash"])


def lang_cust(L, i):
    display, parts = L["custs"][i]
    if L["script"] == "Cyrillic":
        parts = parts or [translit_cyrillic(p) for p in display.split()]
        return cust(display, parts)
    if L["script"] == "Latin":
        return cust(display, parts)
    latin = display.replace("-", " ")
    return cust(in_script(L["script"], display), [fold(p) for p in latin.split()])


def lang_body(L, key, **vals):
    return pieces_of(in_script(L["script"], L[key]), vals)


def lang_section(L):
    script, cc, site = L["script"], L["cc"], L["site"]
    colleague = S[L["staff"]]
    custs = [lang_cust(L, i) for i in range(3)]
    for i, key in enumerate(("c1", "c2")):
        c = custs[i]
        vals = dict(name=c.n, phone=phone(cc, PHONE_FORMS()), email=c.e)
        vals["plate" if key == "c1" else "agr"] = plate(L["plate"]) if key == "c1" else agreement()
        body = lang_body(L, key, **vals)
        frame = LANG_FRAME()
        if frame == "jira":
            w1, w2 = cxs(), colleague
            emit("lang/complaint", "⟨k⟩ [⟨site⟩] Complaint ({lang}) · Reporter: Velma web form · Watchers: ⟨w1⟩, ⟨w2⟩\n⟨body⟩".replace("{lang}", L["name"].split(" (")[0]),
                 k=Look(jkey("CX")), site=site, w1=w1.n, w2=w2.n, body=body)
        elif frame == "form":
            emit("lang/complaint", "Carvelle contact form — branch: ⟨site⟩ — language: ⟨lang⟩\nMessage: ⟨body⟩",
                 site=site, lang=L["name"].split(" (")[0], body=body)
        elif frame == "fwd":
            emit("lang/complaint", "Fwd from the ⟨site⟩ showroom inbox, please log under CX (⟨lang⟩):\n> ⟨body⟩",
                 site=site, lang=L["name"].split(" (")[0], body=body)
        else:
            t1, t2 = clock(2, (1, 3))
            emit("lang/complaint", "[Velma chat ⟨t1⟩] visitor: ⟨body⟩\n[⟨t2⟩] Velma: Thank you. ⟨agent⟩ from our ⟨site⟩ team will call you back.",
                 t1=t1, t2=t2, body=body, agent=colleague.n, site=site)
    # workshop note: a colleague and a relative
    body = lang_body(L, "note", staff=colleague.n, sphone=sphone(colleague, PHONE_FORMS()),
                     rphone=phone(L["rel"], PHONE_FORMS()))
    author = fiona_or(colleague)
    emit("lang/workshop", "⟨k⟩ · comment by ⟨author⟩:\n⟨body⟩", k=Look(jkey("WSH")), author=author.n, body=body)
    # password after the language's own word
    body = lang_body(L, "wifi", pw=password())
    emit("lang/wifi", "Confluence › ⟨site⟩ site notes › Workshop network\n⟨body⟩", site=site, body=body)
    # card pasted into a chat: the visitor stays anonymous
    body = lang_body(L, "card", card=card(L["brand"]), exp=expiry())
    emit("lang/card", "Chat export ⟨tid⟩ · ⟨t⟩ · ⟨site⟩\n⟨body⟩", tid=Look("T-" + dg(7)), t=hhmm(), site=site, body=body)
    # refund to an IBAN or a card
    c = custs[2]
    kind, what = L["dest"]
    dest = iban(what) if kind == "iban" else card(what)
    body = lang_body(L, "refund", amount=amount(L["money"]), name=c.n, email=c.e, dest=dest,
                     stock=stock_no())
    emit("lang/refund", "⟨k⟩ Refund approved by ⟨fin⟩:\n⟨body⟩", k=Look(jkey("FIN")), fin=fins().n, body=body)
    # two negatives
    body = lang_body(L, "n1", plate=plate(L["plate"]), vin=vin(), odo=odo("miles" if cc == "GB" else "km"), engine=engine())
    emit("neg/lang", "⟨k⟩ ⟨body⟩", k=Look(jkey("WSH")), body=body, people=[colleague])
    body = lang_body(L, "n2", torque=torque(), part=part_no(), order=order_no(), price=price(L["money"]))
    emit("neg/lang", "⟨body⟩", body=body)


def fiona_or(colleague):
    while True:
        author = S["fiona"] if colleague is S["tamsin"] else cxs()
        if author is not colleague:
            return author


# --- English: customers ----------------------------------------------------------------------

UK_EU_NAMES = [
    "Siobhán O'Rourke", "Gareth Pengelly", "Morwenna Hocking", "Callum Strachan", "Bethan Llywelyn",
    "Niamh Gallagher", "Oluwadamilare Ogunleye", "Priscilla Agyeman", "Rhys Treharne",
    "Imogen Fairclough", "Kieran McAuley", "Ayesha Siddiqui", "Harpreet Sandhu", "Jürgen Weiß",
    "Zoë Achterberg", "Mateus da Silveira", "Łukasz Żmuda", "Émilie Fortier", "Björn Ekström",
    "Anneke van der Berg", "Ayşe Yıldırım", "Dragana Petrović", "Lucía Villanueva",
    "Giorgos Papadakis", "Katarzyna Wróbel", "Henrik Lindqvist", "Agnès Roussel",
    "Matteo Bianchini", "Ioana Dumitrescu", "Sven Østergaard", "Pieter De Smedt", "Hiroshi Tanabe",
    "Lerato Mokoena", "Kofi Mensah", "Nguyễn Thu Hà", "Aarav Malhotra", "Wanjiru Kamau",
    "Chidera Okonkwo", "Mehmet Aydın", "Farida Rahimi", "Rosalind Achebe", "Thandiwe Dlamini",
    "Bilal Qureshi", "Meera Krishnan", "Kenji Morimoto", "Ana Paula Ferreira", "Eilidh MacLeod",
    "Dafydd Prothero", "Oisín Byrne", "Yasmin Haddad", "Tobias Grünewald", "Annelies Verbruggen",
    "Mariusz Grabowski", "Leilani Kahananui", "Xavier Delacroix", "Saoirse Ní Mhurchú",
    "Rosalía Ibáñez", "Jasper Oyelaran", "Cerys Bowen-Jones", "Radhika Iyer", "Stellan Nyqvist",
    "Femi Adebayo", "Ottilie Harcourt", "Benedikt Aigner", "Mirela Kovačević", "Idris Bello",
]
US_NAMES = [
    "Tyrone Whitaker", "Marisol Benavides", "Kateryna Hnatiuk", "DeShawn Pruitt", "Jocelyn Abernathy",
    "Cody Vanderwal", "Rashida Okoro", "Brianna Kowalczyk", "Luis Ortega-Ramírez", "Dwayne Hollister",
    "Shelby Nakamura", "Tamika Breckenridge", "Garrett Lindahl", "Yesenia Paredes",
    "Trevor Blanchette", "Kiana Okafor", "Hector Villarreal", "Megan O'Shaughnessy",
    "Darnell Whitfield", "Ngozi Eze-Campbell",
]
_uk = Cycle(UK_EU_NAMES)
_us = Cycle(US_NAMES)
_names_used = Counter()


_custs = {}


def new_cust(us=False, domain=None):
    """The next customer of the roster (the same person, and address, when a name comes round
    again); a supplier contact (domain given) gets an address on the supplier's domain."""
    name = (_us if us else _uk)()
    _names_used[name] += 1
    if domain:
        return cust(name, domain=domain)
    if name not in _custs:
        _custs[name] = cust(name)
    return _custs[name]


BRANCHES = ["Exeter", "Truro", "Birmingham Small Heath", "Cologne-Ehrenfeld", "Pozzuoli", "Dearborn",
            "Toledo", "Izhevsk", "Mzuzu", "Buchanan", "Bo", "Dharan", "Kalimpong", "Plymouth"]
branch = Cycle(BRANCHES)
MODELS = ["Golf 1.5 eTSI Life", "Octavia Estate 2.0 TDI", "Qashqai N-Connecta", "Corsa-e Elite",
          "Ranger Wildtrak", "Model Y Long Range", "Sportage GT-Line", "Yaris Cross Excel", "3008 Allure",
          "Tucson Premium", "ID.4 Pro", "X3 xDrive20d", "Puma ST-Line", "Fiat 500e La Prima",
          "Hilux Invincible X", "Clio E-Tech"]
model = Cycle(MODELS)


# --- English: complaints ---------------------------------------------------------------------

ISSUES = [
    ("the PCP settlement figure quoted on ⟨d⟩ for agreement ⟨x⟩ was higher than the Veltmoor app showed", lambda: agreement()),
    ("the car (⟨x⟩) came back from its major service with a kerbed alloy and the infotainment reset", lambda: plate("GB")),
    ("the Odolink app still shows the live location of the car they part-exchanged last month, VIN ⟨x⟩", lambda: vin()),
    ("the Carvelle seller never turned up to the viewing for listing ⟨x⟩ and is now ignoring messages", lambda: Look("CV-" + dg(7), "listing id")),
    ("the courtesy-car fuel charge of ⟨x⟩ was taken twice from their card", lambda: amount("GB")),
    ("the warranty claim for the turbo (part ⟨x⟩) was rejected without an inspection", lambda: part_no()),
    ("the MOT failed on fault code ⟨x⟩ two days after the dealer said it was fixed", lambda: dtc()),
    ("the direct debit for agreement ⟨x⟩ was collected on the wrong day and they went overdrawn", lambda: agreement()),
    ("the part-exchange price dropped to ⟨x⟩ on collection day with no explanation", lambda: price("GB")),
    ("delivery of the new car (order ⟨x⟩) has slipped three times", lambda: order_no()),
    ("they were fitted ⟨x⟩ tyres instead of the all-season ones they paid for", lambda: tyre()),
    ("the finance paperwork lists the wrong odometer reading (⟨x⟩) on the handover sheet", lambda: odo("miles")),
]
issue = Cycle(range(len(ISSUES)))


def an_issue():
    text, fn = ISSUES[issue()]
    return pieces_of(text, {"d": day(), "x": fn()} if "⟨d⟩" in text else {"x": fn()})


def complaints(n):
    frames = Cycle(["jira", "jsm", "form", "fwd", "velma", "comment"], shuffle=False)
    for _ in range(n):
        c, f = new_cust(), frames()
        ph = phone(WORLD_CC(), PHONE_FORMS())
        if f == "jira":
            emit("complaint", "⟨k⟩ · Complaint · Priority: High · Reporter: ⟨rep⟩ · Assignee: ⟨asg⟩ · Watchers: ⟨w1⟩, ⟨w2⟩\n"
                 "Summary: ⟨br⟩ — customer unhappy\nDescription: ⟨name⟩ (⟨email⟩, ⟨phone⟩) says ⟨issue⟩.",
                 k=Look(jkey("CX")), rep=cxs().n, asg=S["declan"].n, w1=S["elspeth"].n, w2=hq().n, br=branch(),
                 name=c.n, email=c.e, phone=ph, issue=an_issue())
        elif f == "jsm":
            emit("complaint", "[JSM] Request ⟨k⟩ raised via the customer portal by ⟨name⟩ <⟨email⟩>\nContact number: ⟨phone⟩\n"
                 "Summary: ⟨issue⟩.\nAgent note: looping in [~accountid:⟨acct⟩] for the finance side.",
                 k=Look(jkey("CX")), name=c.n, email=c.e, phone=ph, issue=an_issue(), acct=fins().a)
        elif f == "form":
            emit("complaint", "Contact form submission — veltmoor.cars/contact (⟨br⟩)\nName: ⟨name⟩\nEmail: ⟨email⟩\nMobile: ⟨phone⟩\n"
                 "Registration: ⟨reg⟩\nMessage: ⟨issue⟩. Please call after 5pm.",
                 br=branch(), name=c.n, email=c.e, phone=ph, reg=plate("GB"), issue=an_issue())
        elif f == "fwd":
            st = cxs()
            emit("complaint", "Forwarding from the ⟨br⟩ sales inbox — can CX pick this up? @⟨st⟩\n> From: ⟨name⟩ <⟨email⟩>\n"
                 "> Sent: ⟨d⟩\n> Hello, ⟨issue⟩. Please ring me on ⟨phone⟩.",
                 br=branch(), st=st.n, name=c.n, email=c.e, d=day(), issue=an_issue(), phone=ph)
        elif f == "velma":
            emit("complaint", "Velma transcript ⟨tid⟩\n[⟨t1⟩] Velma: Can I take your name, e-mail and a contact number?\n"
                 "[⟨t2⟩] Visitor: ⟨name⟩, ⟨email⟩, ⟨phone⟩\n[⟨t3⟩] Visitor: ⟨issue⟩\n"
                 "[⟨t4⟩] Velma: I've opened ⟨k⟩; ⟨agent⟩ will call you back today.",
                 tid=Look("VT-" + dg(8)), **dict(zip(("t1", "t2", "t3", "t4"), clock(4))), name=c.n, email=c.e,
                 phone=ph, issue=an_issue(), k=Look(jkey("CX")), agent=cxs().n)
        else:
            emit("complaint", "⟨author⟩ commented on ⟨k⟩: Spoke to ⟨name⟩ (⟨email⟩) on ⟨phone⟩ — ⟨issue⟩. "
                 "Passing to https://veltmoor.atlassian.net/jira/people/⟨acct⟩ for goodwill sign-off.",
                 author=cxs().n, k=Look(jkey("CX")), name=c.n, email=c.e, phone=ph, issue=an_issue(),
                 acct=S["elspeth"].a)


# --- English: workshop -----------------------------------------------------------------------

def workshop():
    for _ in range(4):
        tech, adv = techs(), cxs()
        emit("workshop", "⟨k⟩ Job card ⟨jc⟩ | ⟨reg⟩ | VIN ⟨vin⟩ | ⟨odo⟩ in\nTech: @⟨tech⟩ · Advisor: ⟨adv⟩\n"
             "Customer is on shift all day — call her partner on ⟨rphone⟩ when it's ready; ⟨adv2⟩ can authorise extra work up to £250.",
             k=Look(jkey("WSH")), jc=order_no(), reg=plate("GB"), vin=vin(), odo=odo("miles"), tech=tech.n,
             adv=adv.n, rphone=phone(pick(["GB", "GB", "IE", "PL"]), PHONE_FORMS()), adv2=adv.n)
    for _ in range(4):
        c = new_cust()
        emit("workshop", "Courtesy car out: ⟨name⟩ (⟨email⟩), licence checked, mobile ⟨phone⟩. Loan car ⟨reg⟩ left at ⟨odo⟩, fuel 7/8. "
             "Own car ⟨reg2⟩ in for ⟨dtc⟩.",
             name=c.n, email=c.e, phone=phone(WORLD_CC(), PHONE_FORMS()), reg=plate("GB"), odo=odo("miles"),
             reg2=plate("GB"), dtc=dtc())
    for _ in range(4):
        tech = techs()
        emit("workshop", "Recovery booked for ⟨reg⟩ on the A30 — driver at the roadside on ⟨ph⟩; her brother (⟨rph⟩) has the spare key. "
             "⟨tech⟩ (⟨tph⟩) to meet the truck and read ⟨dtc⟩.",
             reg=plate("GB"), ph=phone("GB", PHONE_FORMS()), rph=phone(pick(["GB", "IE", "NL"]), PHONE_FORMS()),
             tech=tech.n, tph=sphone(tech), dtc=dtc())
    for _ in range(4):
        tech = techs()
        emit("workshop", "Diagnostic tablet DT-⟨n⟩ (Wi-Fi MAC ⟨mac⟩, lease ⟨ip⟩) dropped its VCI pairing again; ⟨tech⟩ re-paired it to VCI ⟨vci⟩ "
             "(BT ⟨bt⟩). Firmware ⟨fw⟩.",
             n=dg(3), mac=mac(), ip=ipv4(True), tech=tech.n, vci=Look("VCI-" + dg(6)), bt=mac(":"),
             fw=Look(f"{R.randint(2, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}.{R.randint(100, 999)}", "firmware build shaped like IPv4"))


# --- English: finance applications -----------------------------------------------------------

def us_finance():
    for _ in range(4):
        c = new_cust(us=True)
        emit("finance/us", "Credit application — Veltmoor ⟨br⟩ F&I — deal ⟨deal⟩\nApplicant: ⟨name⟩ | SSN ⟨ssn⟩ | Mobile ⟨ph⟩ | Email ⟨email⟩\n"
             "Co-applicant (spouse) SSN ⟨ssn2⟩ — name on the scanned form only\nEmployer HR line ⟨hr⟩\nAmount financed ⟨amt⟩, 72 mo, APR 7.49%, VIN ⟨vin⟩",
             br=pick(["Dearborn", "Toledo"]), deal=Look("D-" + dg(6)), name=c.n, ssn=ssn(), ph=phone("US", PHONE_FORMS()),
             email=c.e, ssn2=ssn(), hr=phone("US", "nat"), amt=price("US"), vin=vin())
    for _ in range(3):
        c = new_cust(us=True)
        first, last = c.display.split()[0], " ".join(c.display.split()[1:])
        emit("finance/us", 'POST /v2/applications 201 {"dealer_id":"VMG-DBN-04","applicant":{"first_name":"⟨fn⟩","last_name":"⟨ln⟩",'
             '"ssn":"⟨ssn⟩","email":"⟨email⟩","phone":"⟨ph⟩"},"vehicle":{"vin":"⟨vin⟩","odometer":⟨odo⟩},"amount":⟨amt⟩}',
             fn=Lab("person", first, c), ln=Lab("person", last, c), ssn=ssn(), email=c.e, ph=phone("US", "e164"),
             vin=vin(), odo=Look(str(R.randint(4000, 90000))), amt=Look(str(R.randint(9000, 52000))))
    for _ in range(2):
        c = new_cust(us=True)
        emit("finance/us", "@⟨st⟩ the SSN on ⟨name⟩'s application was keyed as ⟨ssn⟩ but the bureau pull came back for ⟨ssn2⟩ — "
             "please re-check with the customer (⟨email⟩) before we fund deal ⟨deal⟩.",
             st=S["shanice"].n, name=c.n, ssn=ssn(), ssn2=ssn(), email=c.e, deal=Look("D-" + dg(6)))
    rows = []
    for _ in range(2):
        c = new_cust(us=True)
        rows += ["\n", Look("D-" + dg(6)), ",", c.n, ",", ssn(), ",", c.e, ",", phone("US", pick(["natdash", "dot", "nat"])), ",", vin(), ",",
                 pick(["APPROVED", "COUNTER", "PENDING"])]
    emit("finance/us", "deal_id,applicant,ssn,email,mobile,vin,status⟨rows⟩", rows=rows)
    c = new_cust(us=True)
    emit("finance/us", "W-9 received from mobile detailer ⟨name⟩ (⟨email⟩) for the Dearborn lot: individual/sole proprietor, SSN ⟨ssn⟩, "
         "phone ⟨ph⟩. Filed under VEND-⟨v⟩.", name=c.n, email=c.e, ssn=ssn(), ph=phone("US", "dot"), v=Look(dg(5)))


def uk_finance():
    for _ in range(4):
        c = new_cust()
        emit("finance/uk", "⟨k⟩ Proposal ⟨prop⟩ — ⟨name⟩ (⟨email⟩, ⟨ph⟩) — PCP on a ⟨m⟩, deposit ⟨dep⟩, "
             "monthly payments by Direct Debit from ⟨iban⟩. Underwriter: ⟨uw⟩.",
             k=Look(jkey("FIN")), prop=agreement(), name=c.n, email=c.e, ph=phone("GB", PHONE_FORMS()), m=model(),
             dep=price("GB"), iban=iban("GB"), uw=fins().n)
    for cc, money in (("DE", "DE"), ("IT", "IT"), ("NL", "DE"), ("FR", "FR"), ("BE", "DE"), ("AT", "DE"), ("LU", "DE"),
                      ("SE", "DE"), ("PL", "DE"), ("CZ", "DE"), ("DK", "DE"), ("NO", "DE"), ("CH", "DE")):
        c = new_cust()
        emit("finance/eu", "Lease application ⟨prop⟩ (Veltmoor Lease, ⟨cc⟩): lessee ⟨name⟩, ⟨email⟩, mobile ⟨ph⟩; SEPA mandate on ⟨iban⟩; "
             "⟨m⟩, 36 months, ⟨rate⟩ per month.",
             prop=agreement(), cc=cc, name=c.n, email=c.e, ph=phone(cc, PHONE_FORMS()), iban=iban(cc), m=model(),
             rate=amount(money))


# --- English: direct debits, bank changes, refunds -------------------------------------------

VMG_IBANS = {}


def own_iban(cc):
    """The group's own collection / client account in cc (labelled like any IBAN)."""
    if cc not in VMG_IBANS:
        VMG_IBANS[cc] = iban(cc, spaced=False).value
    return Lab("iban", VMG_IBANS[cc])


def creditor_id(cc):
    """A SEPA creditor identifier (CC, check digits, ZZZ, national id): not an IBAN."""
    nat = dg(11)
    body = nat + cc + "00"
    check = 98 - int("".join(str(int(c, 36)) for c in body)) % 97
    value = f"{cc}{check:02d}ZZZ{nat}"
    assert not iban_valid(value)
    return Look(value, "SEPA creditor id")


def bank_changes():
    for _ in range(4):
        c = new_cust()
        emit("dd", "DD mandate amendment — agreement ⟨agr⟩ — ⟨name⟩ (⟨email⟩): old account ⟨old⟩ → new ⟨new⟩ from the "
             "next collection on ⟨d⟩. Customer confirmed by phone on ⟨ph⟩.",
             agr=agreement(), name=c.n, email=c.e, old=iban("GB"), new=iban("GB"), d=day(), ph=phone("GB", PHONE_FORMS()))
    for cc in ("DE", "IT", "ES", "PT", "IE", "FI", "SK", "SI", "GR", "LT"):
        c = new_cust()
        emit("dd", "SEPA mandate ⟨ref⟩ amended for lessee ⟨name⟩ <⟨email⟩>: debtor IBAN ⟨old⟩ replaced by ⟨new⟩; "
             "creditor id ⟨cid⟩, first collection under the new mandate ⟨d⟩.",
             ref=Look("VMGL-" + dg(8)), name=c.n, email=c.e, old=iban(cc), new=iban(cc), cid=creditor_id(cc), d=day())
    for _ in range(2):
        st = pick([S["yusuf"], S["fiona"], S["hamish"], S["tamsin"]])
        emit("dd", "HR-⟨n⟩: ⟨st⟩ asked payroll to move salary to ⟨new⟩ (was ⟨old⟩). ⟨hr⟩ verified by call-back on ⟨ph⟩ — "
             "number from the HR file, not from the e-mail.",
             n=Look(dg(4)), st=st.n, new=iban("GB"), old=iban("GB"), hr=S["bettina"].n, ph=sphone(st))
    for supplier, dom, cc in (("Kessler Autoteile GmbH", "kessler-autoteile.example", "DE"),
                              ("Brightline Paint Supplies Ltd", "brightline-paint.example", "GB")):
        c = new_cust(domain=dom)
        emit("dd", "SEC-⟨n⟩ suspected mandate fraud. E-mail to ⟨ap⟩ from ⟨name⟩ <⟨email⟩> "
             "(⟨sup⟩): \"please update our remittance account to ⟨new⟩ with immediate effect\". Account on file is ⟨old⟩. "
             "⟨sec⟩ is calling the supplier on the number from the contract.",
             n=Look(dg(4)), ap=Lab("email", "accounts.payable@veltmoor.cars"), name=c.n, email=c.e, sup=supplier, new=iban(pick(["LT", "RO", "HU", "HR", "TR"])), old=iban(cc),
             sec=S["kwabena"].n)


def refunds():
    for _ in range(4):
        c = new_cust()
        emit("refund", "Part-exchange settlement for ⟨reg⟩: ⟨amt1⟩ paid to the customer's finance company; the equity of ⟨amt2⟩ "
             "refunded to ⟨name⟩ (⟨email⟩) — IBAN ⟨iban⟩. Approved: ⟨fin⟩.",
             reg=plate("GB"), amt1=price("GB"), amt2=amount("GB"), name=c.n, email=c.e, iban=iban(pick(["GB", "GB", "IE"])),
             fin=fins().n)
    for cc, ccy in (("DE", "EUR"), ("NL", "EUR"), ("BE", "EUR"), ("FR", "EUR")):
        c = new_cust()
        emit("refund", '<PmtInf><DbtrAcct><Id><IBAN>⟨own⟩</IBAN></Id></DbtrAcct><CdtTrfTxInf><PmtId><EndToEndId>⟨e2e⟩</EndToEndId></PmtId>'
             '<Amt><InstdAmt Ccy="⟨ccy⟩">⟨amt⟩</InstdAmt></Amt><Cdtr><Nm>⟨name⟩</Nm></Cdtr><CdtrAcct><Id><IBAN>⟨iban⟩</IBAN></Id>'
             '</CdtrAcct><RmtInf><Ustrd>Deposit refund ⟨ord⟩ ⟨email⟩</Ustrd></RmtInf></CdtTrfTxInf></PmtInf>',
             own=own_iban("DE"), e2e=Look("VMG" + dg(12)), ccy=ccy, amt=Look(f"{R.randint(100, 4000)}.{dg(2)}"),
             name=c.n, iban=iban(cc, spaced=False), ord=order_no(), email=c.e)
    for _ in range(3):
        c = new_cust()
        emit("refund", "Holding deposit of ⟨amt⟩ refunded to ⟨name⟩ (⟨email⟩) on the card it was taken from, ⟨card⟩ — "
             "Stripe refund ⟨re⟩, charge ⟨chg⟩.",
             amt=amount("GB"), name=c.n, email=c.e, card=card(pick(["visa", "mastercard", "amex", "mc2"])),
             re=Look("re_" + rs(24)), chg=Look("ch_" + rs(24)))
    c = new_cust()
    emit("refund", "payee_name,payee_email,iban,amount,reference\n⟨n1⟩,⟨e1⟩,⟨i1⟩,⟨a1⟩,⟨r1⟩\n⟨n2⟩,⟨e2⟩,⟨i2⟩,⟨a2⟩,⟨r2⟩",
         n1=c.n, e1=c.e, i1=iban("GB", spaced=False), a1=Look(f"{R.randint(50, 900)}.{dg(2)}"), r1=Look("PX-REF-" + dg(5)),
         **(lambda d: dict(n2=d.n, e2=d.e))(new_cust()), i2=iban("IE", spaced=False),
         a2=Look(f"{R.randint(50, 900)}.{dg(2)}"), r2=Look("PX-REF-" + dg(5)))


# --- English: cards --------------------------------------------------------------------------

CHAT_BRANDS = Cycle(["visa", "mastercard", "mc2", "amex", "discover", "jcb", "diners", "maestro",
                     "unionpay", "troy", "elo", "verve", "dankort", "visa", "mastercard"])


def cards():
    for _ in range(4):
        t1, t2, t3 = clock(3, (1, 2))
        emit("card", "Carvelle chat · listing ⟨lst⟩\n[⟨t1⟩] buyer: can I just pay the reservation fee with this? ⟨card⟩ exp ⟨exp⟩ cvc ⟨cvc⟩\n"
             "[⟨t2⟩] seller: please don't post card numbers here, use the checkout\n[⟨t3⟩] Carvelle bot: This message has been flagged.",
             lst=Look("CV-" + dg(7)), t1=t1, t2=t2, t3=t3, card=card(CHAT_BRANDS()), exp=expiry(), cvc=Look(dg(3)))
    for _ in range(3):
        st = pick([S["yusuf"], S["hamish"], S["tariq"], S["lukas"], S["brandon"]])
        emit("card", "#sales-floor ⟨t⟩ ⟨st⟩: customer read me their card over the phone for the deposit on ⟨reg⟩ — ⟨card⟩, expiry ⟨exp⟩. "
             "Can someone key it into the terminal? I'll delete this after",
             t=hhmm(), st=st.n, reg=plate("GB"), card=card(CHAT_BRANDS()), exp=expiry())
    for _ in range(3):
        t1, t2 = clock(2)
        emit("card", "[Velma chat ⟨t1⟩] visitor: pay for the service plan with ⟨card⟩ please, the link doesn't load\n"
             "[⟨t2⟩] Velma: For your security please don't share card details here.",
             t1=t1, card=card(CHAT_BRANDS(), "plain"), t2=t2)
    for _ in range(2):
        c = new_cust()
        emit("card", "From: ⟨name⟩ <⟨email⟩>\nSubject: MOT booking ⟨reg⟩\n\nHi, please charge the MOT and the brake fluid change to my card ⟨card⟩ "
             "(expires ⟨exp⟩). Thanks, ⟨name2⟩",
             name=c.n, email=c.e, reg=plate("GB"), card=card(CHAT_BRANDS()), exp=expiry(), name2=c.n)
    emit("card", "2026-03-04 10:22:13.418 DEBUG emv-kernel: AID=⟨aid⟩ PAN=⟨pan⟩ EXP=⟨exp⟩ TVR=⟨tvr⟩ CVM=1F0302 "
         "terminal=VMG-EXE-T07 host=⟨ip⟩",
         aid=Look("A0000000041010", "EMV AID"), tvr=Look("0000048000", "EMV TVR"), pan=card("mastercard", "plain"), exp=Look(f"{R.randint(27, 31)}{R.randint(1, 12):02d}"), ip=ipv4(True))
    emit("card", "2026-03-04 10:31:57.002 DEBUG emv-kernel: AID=⟨aid⟩ PAN=⟨pan⟩ EXP=⟨exp⟩ ARQC=9F26 08 ⟨arqc⟩ "
         "terminal=VMG-EXE-T07",
         aid=Look("A0000000031010", "EMV AID"), pan=card("visa", "plain"), exp=Look(f"{R.randint(27, 31)}{R.randint(1, 12):02d}"), arqc=Look(rs(16, "0123456789ABCDEF")))
    rows = []
    for _ in range(3):
        c = new_cust()
        rows += ["\n", Look("CB-" + dg(6)), ",", Look(dg(23), "ARN"), ",", card(CHAT_BRANDS(), "plain"), ",", c.N, ",", c.e, ",",
                 Look(f"{R.randint(100, 2500)}.{dg(2)}"), ",", pick(["13.1", "10.4", "4837", "13.7"])]
    emit("card", "case_id,arn,card_number,cardholder,email,amount,reason_code⟨rows⟩", rows=rows)


# --- English: e-mails ------------------------------------------------------------------------

def mid():
    return Look(f"<{rs(12, LO + DI)}.{dg(6)}@mail.{pick([D_CARS, D_FIN])}>", "Message-ID")


def emails():
    for _ in range(4):
        st, c = fins(), new_cust()
        emit("email", "From: ⟨sn⟩ <⟨se⟩>\nTo: \"⟨cn⟩\" <⟨ce⟩>\nCc: ⟨cc⟩\nDate: ⟨d⟩ 10:14:05 +0000\n"
             "Message-ID: ⟨mid⟩\nSubject: Your agreement ⟨agr⟩ — final response\n\nDear ⟨cn2⟩,\nWe have upheld part of your complaint and "
             "will refund the late-payment fee.\n\nKind regards,\n⟨sn2⟩\nCustomer Relations, Veltmoor Finance\nM: ⟨sph⟩ | ⟨se2⟩",
             sn=st.n, se=st.e, cn=c.n, ce=c.e, cc=Lab("email", "complaints@veltmoor-finance.net"), d=day(), mid=mid(), agr=agreement(), cn2=c.n, sn2=st.n, sph=sphone(st), se2=st.e)
    for _ in range(4):
        st, c = cxs(), new_cust()
        emit("email", "Dear ⟨cn⟩,\nThanks — your car will be ready for collection on Thursday after 2pm.\n\nBest,\n⟨sn⟩\n"
             "Customer Care, Veltmoor Motors ⟨br⟩\nT: ⟨sph⟩ | ⟨se⟩\n\nOn ⟨d⟩ at ⟨t⟩, ⟨cn2⟩ <⟨ce⟩> wrote:\n> the rattle is back, "
             "call me on ⟨cph⟩ or my wife on ⟨rph⟩",
             cn=c.n, sn=st.n, br=branch(), sph=sphone(st), se=st.e, d=day(), t=hhmm(), cn2=c.n, ce=c.e,
             cph=phone(WORLD_CC(), PHONE_FORMS()), rph=phone(WORLD_CC(), PHONE_FORMS()))
    for _ in range(3):
        c = new_cust()
        emit("email", "Return-Path: <⟨b⟩>\nFrom: Carvelle <⟨nr⟩>\nTo: ⟨ce⟩\n"
             "Reply-To: ⟨sup⟩\nSubject: A buyer has messaged you about your ⟨m⟩\n\nHi ⟨cn⟩, a buyer wants to view "
             "your car this weekend. Reply in the app or call them on ⟨ph⟩.",
             b=Lab("email", f"bounce-{dg(9)}@mailer.carvelle.example"), nr=Lab("email", "noreply@carvelle.example"), ce=c.e,
             sup=Lab("email", "support@carvelle.example"), m=model(), cn=c.n, ph=phone(WORLD_CC(), PHONE_FORMS()))
    for _ in range(3):
        st = eng()
        emit("email", "From: ⟨cron⟩\nTo: ⟨se⟩, ⟨alerts⟩\nSubject: nightly export FAILED\n\n"
             "pg_dump: error: connection to server at \"⟨ip⟩\", port 5432 failed: FATAL: password authentication failed for user "
             "\"forecourt_ro\"\nretrying with PGPASSWORD=⟨pw⟩ from /etc/forecourt/backup.env",
             cron=Lab("email", "cron@forecourt-db01.vmg.internal"), se=st.e, alerts=Lab("email", "dms-alerts@veltmoor.cars"),
             ip=ipv4(True), pw=password())


# --- English: CSV exports, vCards, marketplace, telematics -----------------------------------

def csv_exports():
    for _ in range(3):
        rows = []
        for _ in range(3):
            c = new_cust()
            rows += ["\n", c.n, ",", c.e, ",", phone(WORLD_CC(), pick(["nat", "e164", "intl"])), ",", plate("GB"), ",",
                     Look(f"2026-{R.randint(1, 6):02d}-{R.randint(1, 28):02d}"), ",", pick(["MOT", "Service B", "Tyres", "Recall 24V-118"])]
        emit("csv", "customer,email,mobile,registration,booking_date,job⟨rows⟩", rows=rows)
    for _ in range(2):
        rows = []
        for _ in range(3):
            c = new_cust()
            rows += ["\n", agreement(), ";", c.n, ";", c.e, ";", iban(pick(["GB", "IE", "DE", "NL", "SE", "PL", "CZ", "DK"]), spaced=False), ";",
                     Look(str(R.randint(1, 4))), ";", amount("GB")]
        emit("csv", "agreement;customer;email;iban;missed_payments;arrears⟨rows⟩", rows=rows)
    for _ in range(2):
        rows = []
        for _ in range(4):
            rows += ["\n", phone(pick(["GB", "GB", "IE"]), "bare"), ",", Look("RC-" + dg(5)), ",",
                     pick(["DELIVERED", "DELIVERED", "FAILED", "QUEUED"])]
        emit("csv", "msisdn,campaign,status  # recall SMS gateway export, airbag inflator campaign⟨rows⟩", rows=rows)
    for _ in range(2):
        rows = []
        for _ in range(3):
            c = new_cust()
            first, last = c.display.split()[0], c.display.split()[-1]
            rows += ["\n", Lab("person", last, c), ",", Lab("person", first, c), ",", c.e, ",", phone(pick(["GB", "DE", "IT"]), "e164"),
                     ",", pick(["test drive", "valuation", "finance quote"]), ",", Look(f"CV-{dg(7)}")]
        emit("csv", "surname,given_name,email,phone,lead_type,listing⟨rows⟩", rows=rows)
    rows = []
    for _ in range(3):
        c = new_cust()
        rows += ["\n", Look("SUB-" + dg(6)), ",", c.e, ",", vin(), ",", phone("GB", "e164"), ",", pick(["active", "lapsed", "trial"])]
    emit("csv", "odolink_subscription,account_email,vin,sms_alert_number,status⟨rows⟩", rows=rows)


def vcards():
    for _ in range(2):
        c = new_cust()
        parts = c.display.split()
        emit("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:⟨fn⟩\nN:⟨last⟩;⟨first⟩;;;\nORG:Fleet customer (Veltmoor Lease)\n"
             "TEL;TYPE=CELL:⟨ph⟩\nEMAIL;TYPE=WORK:⟨em⟩\nEND:VCARD",
             fn=c.n, last=Lab("person", " ".join(parts[1:]), c), first=Lab("person", parts[0], c),
             ph=phone(pick(["GB", "NL", "BE", "DE"]), "e164"), em=c.e)
    st = S["hamish"]
    emit("vcard", "BEGIN:VCARD\nVERSION:3.0\nFN:⟨fn⟩\nORG:Veltmoor Motors;Used Car Buying\nTEL;TYPE=CELL:⟨ph⟩\nEMAIL:⟨em⟩\nEND:VCARD",
         fn=st.n, ph=sphone(st, "intl"), em=st.e)


def marketplace():
    for _ in range(3):
        c = new_cust()
        emit("market", "Carvelle listing ⟨lst⟩ — private seller ⟨name⟩ (⟨email⟩), ⟨m⟩, ⟨odo⟩, asking ⟨pr⟩. "
             "Seller's note: \"no time wasters, text ⟨ph⟩\". Trust & Safety: phone in free text, ⟨ts⟩ to hide it.",
             lst=Look("CV-" + dg(7)), name=c.n, email=c.e, m=model(), odo=odo(), pr=price("GB"), ph=phone(WORLD_CC(), PHONE_FORMS()),
             ts=S["ingrid"].n)
    for _ in range(3):
        c = new_cust()
        emit("market", "MKT-⟨n⟩ Suspected scam listing: \"seller\" asks buyers to pay a deposit to ⟨iban⟩ and to e-mail ⟨email⟩. "
             "Account opened from ⟨ip⟩; same device as two banned accounts. @⟨ts⟩",
             n=Look(dg(4)), iban=iban(pick(["LT", "AE", "SA", "MT", "TR"])), email=Lab("email", f"carvelle.escrow.{dg(3)}@{pick(['post.example', 'mail.example'])}"),
             ip=ipv4(False), ts=S["ingrid"].n)


def telematics_tickets():
    for _ in range(3):
        c = new_cust()
        emit("telematics", "TEL-⟨n⟩ Stolen vehicle — ⟨reg⟩ (VIN ⟨vin⟩). Owner ⟨name⟩ <⟨email⟩>, ⟨ph⟩; police ref ⟨pol⟩. "
             "Last Odolink fix ⟨gps⟩ at ⟨t⟩, TCU IP ⟨ip⟩. @⟨sre⟩ enabling 30 s tracking.",
             n=Look(dg(4)), reg=plate("GB"), vin=vin(), name=c.n, email=c.e, ph=phone(WORLD_CC(), PHONE_FORMS()),
             pol=Look(f"CAD{dg(4)}-{day().split()[0]}"), gps=Look(f"50.{dg(4)}, -4.{dg(4)}"), t=ts(), ip=ipv4(True), sre=S["marcus"].n)
    for _ in range(3):
        emit("telematics", "TCU provisioning ⟨t⟩ IMEI=⟨imei⟩ ICCID=⟨iccid⟩ MSISDN=⟨msisdn⟩ VIN=⟨vin⟩ apn=odolink.m2m "
             "gw=⟨gw⟩ result=OK",
             t=ts(), imei=imei(), iccid=iccid(), msisdn=phone("GB", "bare"), vin=vin(), gw=ipv4(False))
    for _ in range(2):
        c = new_cust()
        emit("telematics", "eCall test for fleet customer ⟨name⟩ (⟨email⟩): PSAP callback to ⟨ph⟩ rang out; TCU ⟨imei⟩ "
             "reported MSD with position ⟨gps⟩.",
             name=c.n, email=c.e, ph=phone(pick(["GB", "DE", "NL"]), "intl"), imei=imei(), gps=Look(f"51.{dg(4)}, 6.{dg(4)}"))


def oncall():
    for _ in range(2):
        a, b, c2 = eng(), eng(), eng()
        emit("oncall", "||Week||Platform||Primary||Mobile||Secondary||\n|⟨w1⟩|Odolink|⟨a⟩|⟨ap⟩|⟨b⟩ (⟨bp⟩)|\n"
             "|⟨w2⟩|Forecourt DMS|⟨c⟩|⟨cp⟩|[~accountid:⟨acct⟩]|",
             w1=str(R.randint(10, 30)), a=a.n, ap=sphone(a), b=b.n, bp=sphone(b), w2=str(R.randint(10, 30)), c=c2.n, cp=sphone(c2),
             acct=a.a)
    for _ in range(2):
        c = new_cust(domain=pick(["recovery-south.example", "flatbed-services.example"]))
        st = S["fiona"]
        emit("oncall", "Out-of-hours recovery partners (Cornwall): [⟨name⟩|mailto:⟨email⟩] ⟨ph⟩ — escalate to ⟨st⟩ (⟨sp⟩)",
             name=c.n, email=c.e, ph=phone("GB", PHONE_FORMS()), st=st.n, sp=sphone(st))


# --- English: configuration and secrets ------------------------------------------------------

def b64pw():
    raw = password().value
    return Lab("password", base64.b64encode(raw.encode()).decode())


def sid_ac():
    return Look("AC" + rs(32, HEX), "Twilio account SID (not labelled)")


def configs():
    emit("config/env", "# forecourt-dms/.env (⟨br⟩)\nNODE_ENV=production\nDATABASE_URL=postgresql://⟨u1⟩@⟨ip⟩:5432/forecourt\n"
         "REDIS_URL=rediss://⟨u2⟩@cache-01.vmg.internal:6380/0\nSTRIPE_SECRET_KEY=⟨sk⟩\nSTRIPE_WEBHOOK_SECRET=⟨wh⟩\n"
         "SENDGRID_API_KEY=⟨sg⟩\nSESSION_SECRET=⟨pw⟩",
         br=branch(), u1=url_cred("forecourt_app"), ip=ipv4(True), u2=url_cred(), sk=tok("stripe", "sk_live_"),
         wh=tok("stripe", "whsec_"), sg=tok("sendgrid"), pw=password(32))
    emit("config/env", "CARVELLE_ENV=prod\nMONGO_URI=mongodb+srv://⟨u⟩@carvelle-prod.x7kq2.mongodb.net/listings?retryWrites=true\n"
         "OPENAI_API_KEY=⟨oa⟩\nANTHROPIC_API_KEY=⟨an⟩\nGOOGLE_MAPS_KEY=⟨gm⟩\nTWILIO_ACCOUNT_SID=⟨ac⟩\nTWILIO_API_KEY=⟨sk⟩\n"
         "TWILIO_API_SECRET=⟨sec⟩",
         u=url_cred("carvelle_api"), oa=tok("openai"), an=tok("anthropic"), gm=tok("google"), ac=sid_ac(),
         sk=tok("twilio"), sec=tok("twilio", "secret"))
    emit("config/env", "# odolink-ingest .env\nMQTT_URL=mqtts://⟨u⟩@mqtt-eu.odolink.vmg.internal:8883\nKAFKA_BOOTSTRAP=⟨ip⟩:9093\n"
         "KAFKA_SASL_PASSWORD=⟨pw⟩\nHF_TOKEN=⟨hf⟩\nSLACK_ALERT_WEBHOOK=⟨hook⟩",
         u=url_cred("ingest-eu"), ip=ipv4(True), pw=password(), hf=tok("huggingface"), hook=tok("slack", "hook"))
    emit("config/env", "SHOPIFY_ADMIN_TOKEN=⟨at⟩\nSHOPIFY_API_SECRET=⟨ss⟩\nAMQP_URL=amqps://⟨u⟩@rabbit.vmg.internal:5671/partsbay\n"
         "SMTP_URL=smtps://⟨u2⟩@smtp.mail.example:465\nPARTSBAY_FTP=ftp://⟨u3⟩@⟨ip⟩/outbound",
         at=tok("shopify", "shpat_"), ss=tok("shopify", "shpss_"), u=url_cred("partsbay"),
         u2=url_cred("partsbay%40veltmoor.cars"), u3=url_cred("kessler_edi"), ip=ipv4(False))
    emit("config/env", "# finance-portal/.env.production\nDB_PASSWORD=⟨p1⟩\nOPEN_BANKING_CLIENT_ID=vmgf-obie-prod\n"
         "OPEN_BANKING_CLIENT_SECRET=⟨p2⟩\nJWT_SECRET=⟨p3⟩\nDIGITALOCEAN_TOKEN=⟨do⟩",
         p1=password(), p2=password(28), p3=password(40), do=tok("digitalocean"))
    emit("config/yaml", "# odolink-ingest/config.yaml\nmqtt:\n  host: mqtt-eu.odolink.vmg.internal\n  port: 8883\n  username: ingest-eu\n"
         "  password: \"⟨pw⟩\"\nkafka:\n  bootstrap: ⟨ip⟩:9093\n  sasl_password: ⟨pw2⟩\nmaps:\n  google_api_key: ⟨gm⟩",
         pw=password(), ip=ipv4(True), pw2=password(), gm=tok("google"))
    emit("config/yaml", "notify:\n  sms:\n    provider: twilio\n    account_sid: ⟨ac⟩\n    auth_token: ⟨auth⟩\n    from: VELTMOOR\n"
         "  email:\n    provider: sendgrid\n    api_key: ⟨sg⟩\n    from: ⟨nr⟩",
         ac=sid_ac(), auth=tok("twilio", "auth"), sg=tok("sendgrid"), nr=Lab("email", "noreply@veltmoor.cars"))
    emit("config/yaml", "# helm/forecourt/values-prod.yaml\npostgresql:\n  auth:\n    username: forecourt\n    password: ⟨p1⟩\n"
         "redis:\n  auth:\n    password: ⟨p2⟩\nvault:\n  addr: https://vault.vmg.internal:8200\n  token: ⟨hv⟩",
         p1=password(), p2=password(), hv=tok("hashicorp"))
    emit("config/yaml", "spring:\n  datasource:\n    url: jdbc:mysql://⟨ip⟩:3306/leasing?useSSL=true\n    username: leasing_app\n"
         "    password: ⟨pw⟩\n  mail:\n    host: smtp.mail.example\n    username: ⟨ln⟩\n    password: ⟨pw2⟩",
         ip=ipv4(True), pw=password(), ln=Lab("email", "leasing-notices@veltmoor-finance.net"), pw2=password())
    emit("config/yaml", "# .github/workflows/release.yml (removed in PR #⟨pr⟩)\nenv:\n  NPM_TOKEN: ⟨npm⟩\n  GH_TOKEN: ⟨gh⟩\n"
         "jobs:\n  publish:\n    runs-on: ubuntu-latest",
         pr=Look(dg(3)), npm=tok("npm"), gh=tok("github", "ghp"))
    # MQTT brokers and clients
    emit("config/mqtt", "# /etc/mosquitto/conf.d/bridge-odolink.conf (⟨br⟩ workshop gateway)\nconnection odolink-uk\naddress ⟨ip⟩:8883\n"
         "remote_clientid bridge-⟨n⟩\nremote_username bridge-workshop\nremote_password ⟨pw⟩\ntopic tcu/+/telemetry out 1\n"
         "bridge_cafile /etc/mosquitto/ca.crt",
         br=branch(), ip=ipv4(False), n=dg(3), pw=password())
    for _ in range(2):
        emit("config/mqtt", "⟨t⟩: New client connected from ⟨ip⟩:⟨port⟩ as TCU-⟨imei⟩ (p2, c1, k60, u'⟨vin⟩').",
             t=Look(str(R.randint(1767000000, 1780000000))), ip=ipv4(False), port=str(R.randint(30000, 65000)), imei=imei(), vin=vin())
    emit("config/mqtt", "emqx auth_http DEBUG clientid=TCU-⟨imei⟩ username=⟨vin⟩ password=⟨pw⟩ peerhost=⟨ip⟩ result=deny reason=bad_password",
         imei=imei(), vin=vin(), pw=password(), ip=ipv4(False))
    emit("config/mqtt", "mosquitto_pub -h mqtt-eu.odolink.vmg.internal -p 8883 --cafile ca.crt -u fleet-sim -P '⟨pw⟩' -t tcu/sim-04/cmd -m '{\"lock\":true}'",
         pw=password())
    emit("config/mqtt", "client = mqtt.Client(client_id=\"workshop-gw-⟨n⟩\")\nclient.username_pw_set(\"workshop-gw\", \"⟨pw⟩\")\n"
         "client.connect(\"⟨ip⟩\", 8883)",
         n=dg(2), pw=password(), ip=ipv4(True))
    emit("config/mqtt", '{"tcu":{"broker":"mqtts://⟨u⟩@mqtt-ap.odolink.vmg.internal:8883","cert":"/etc/tcu/client.pem","heartbeat_s":30}}',
         u=url_cred("tcu-ap"))
    # Kubernetes
    emit("config/k8s", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: forecourt-db\n  namespace: dms\ntype: Opaque\ndata:\n"
         "  username: ⟨u⟩\n  password: ⟨p⟩",
         u=Look(base64.b64encode(b"forecourt_app").decode(), "base64 user name"), p=b64pw())
    emit("config/k8s", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: odolink-ingest\ntype: Opaque\nstringData:\n"
         "  MQTT_PASSWORD: \"⟨p⟩\"\n  STRIPE_KEY: \"⟨sk⟩\"\n  REDIS_URL: \"redis://⟨rp⟩@redis-master.odolink:6379/2\"",
         p=password(), sk=tok("stripe", "rk_live_"), rp=url_cred())
    emit("config/k8s", "kubectl -n odolink create secret generic mqtt-bridge --from-literal=username=bridge --from-literal=password=⟨p⟩",
         p=password())
    emit("config/k8s", "$ kubectl get secret carvelle-api -o jsonpath='{.data.OPENAI_API_KEY}' | base64 -d\n⟨oa⟩",
         oa=tok("openai"))
    # docker-compose
    emit("config/compose", "services:\n  forecourt-db:\n    image: postgres:16\n    environment:\n      POSTGRES_USER: forecourt\n"
         "      POSTGRES_PASSWORD: ⟨p1⟩\n  grafana:\n    image: grafana/grafana:11.2.0\n    environment:\n      GF_SECURITY_ADMIN_PASSWORD: ⟨p2⟩",
         p1=password(), p2=password())
    emit("config/compose", "  cache:\n    image: redis:7\n    command: redis-server --requirepass ⟨p1⟩\n  partsdb:\n    image: mysql:8.4\n"
         "    environment:\n      MYSQL_ROOT_PASSWORD: ⟨p2⟩",
         p1=password(), p2=password())
    emit("config/compose", "  tcu-sim:\n    image: registry.vmg.internal/odolink/tcu-sim:⟨ver⟩\n    environment:\n"
         "      DATABASE_URL: postgres://⟨u⟩@timescale:5432/telemetry\n      BROKER: mqtt://⟨u2⟩@mosquitto:1883",
         ver=Look(f"4.{R.randint(1, 12)}.{R.randint(0, 9)}"), u=url_cred("sim"), u2=url_cred("sim-broker"))
    # Terraform, AWS, Azure, Vault, Spring
    emit("config/tf", "# terraform/odolink/prod.tfvars\nstorage_account_key = \"⟨az⟩\"\ndo_token            = \"⟨do⟩\"\n"
         "tfc_token           = \"⟨tfc⟩\"\nregion              = \"uksouth\"",
         az=tok("azure"), do=tok("digitalocean", "dop_v1_"), tfc=tok("hashicorp", "tfc"))
    emit("config/tf", "provider \"aws\" {\n  region     = \"eu-west-2\"\n  access_key = \"⟨ak⟩\"\n  secret_key = \"⟨sk⟩\"\n}",
         ak=tok("aws"), sk=tok("aws", "secret"))
    emit("config/aws", "[vmg-telemetry-prod]\naws_access_key_id = ⟨ak⟩\naws_secret_access_key = ⟨sk⟩\nregion = eu-west-2",
         ak=tok("aws"), sk=tok("aws", "secret"))
    emit("config/aws", "[vmg-sso-breakglass]\naws_access_key_id = ⟨ak⟩\naws_secret_access_key = ⟨sk⟩\naws_session_token = ⟨st⟩",
         ak=tok("aws", "ASIA"), sk=tok("aws", "secret"),
         st=Lab("password", "IQoJb3JpZ2luX2VjE" + rs(R.randint(300, 360), ALNUM + "/+") + "=="))
    emit("config/azure", "DefaultEndpointsProtocol=https;AccountName=vmgtelematicsarchive;AccountKey=⟨az⟩;EndpointSuffix=core.windows.net",
         az=tok("azure"))
    emit("config/azure", '"ConnectionStrings": {\n  "Leasing": "Server=tcp:⟨ip⟩,1433;Database=leasing;User ID=leasing_app;Password=⟨pw⟩;Encrypt=True",\n'
         '  "Blob": "DefaultEndpointsProtocol=https;AccountName=vmgleasedocs;AccountKey=⟨az⟩"\n}',
         ip=ipv4(True), pw=password(), az=tok("azure"))
    for path, user in (("secret/odolink/mqtt", "ingest-eu"), ("secret/forecourt/smtp", "forecourt-mailer")):
        emit("config/vault", "$ vault kv get ⟨path⟩\n====== Data ======\nKey         Value\n---         -----\npassword    ⟨pw⟩\n"
             "username    ⟨user⟩",
             path=path, pw=password(), user=user)
    emit("config/props", "spring.datasource.url=jdbc:postgresql://⟨ip⟩:5432/leasing\nspring.datasource.username=leasing_app\n"
         "spring.datasource.password=⟨pw⟩\nodolink.api.client-secret=⟨cs⟩",
         ip=ipv4(True), pw=password(), cs=password(32))


def url_creds():
    emit("urlcred", "Carvelle search is red again — the ES URL in search-indexer is https://⟨u⟩@search.carvelle.vmg.internal:9200, "
         "and that user is locked out.", u=url_cred("indexer"))
    emit("urlcred", "Nightly VRM feed: sftp://⟨u⟩@files.vrm-feed.example/outbound/ — ⟨st⟩ to move it to key auth.",
         u=url_cred("vmg_feed"), st=eng().n)
    emit("urlcred", "Forecourt CCTV (Exeter, camera 3): rtsp://⟨u⟩@⟨ip⟩:554/Streaming/Channels/301",
         u=url_cred("admin"), ip=ipv4(True))
    emit("urlcred", "Live map websocket: wss://⟨u⟩@live.odolink.vmg.internal/stream?fleet=VMG-LEASE",
         u=url_cred("fleet-dashboard"))
    emit("urlcred", "Partsbay sync job failing: mysql://⟨u⟩@⟨ip⟩:3306/partsbay — Access denied.",
         u=url_cred("partsbay_sync"), ip=ipv4(True))
    emit("urlcred", "LDAP bind for Jira: ldaps://⟨u⟩@dc01.vmg.internal:636 (base ou=staff,dc=vmg,dc=internal)",
         u=url_cred("svc-jira"))
    emit("urlcred", "Grafana datasource 'odolink-timescale' → postgres://⟨u⟩@⟨ip⟩:5432/telemetry?sslmode=require",
         u=url_cred("grafana_ro"), ip=ipv4(True))
    emit("urlcred", "amqp consumer log: connecting to amqp://⟨u⟩@rabbit-02.vmg.internal:5672/finance … connected",
         u=url_cred("lease_events"))


PROSE_VENDORS = Cycle(["slack", "aws", "github", "huggingface", "gitlab", "anthropic", "openai", "stripe", "sendgrid",
                       "shopify", "digitalocean", "hashicorp", "atlassian", "npm", "pypi", "google", "twilio", "azure"],
                      shuffle=False)
PROSE = {
    "slack": "Rotated the Slack bot token after it was pasted in #odolink-alerts: old ⟨t⟩ — new one is in Vault.",
    "aws": "Someone committed an AWS key to carvelle-web: ⟨t⟩ (IAM user carvelle-s3-upload). Key disabled, CloudTrail clean.",
    "github": "The GitHub token on the Forecourt runbook page (⟨t⟩) has repo scope — revoking it now.",
    "huggingface": "Found a Hugging Face token in the damage-detection notebook: ⟨t⟩",
    "gitlab": "GitLab token for the tcu-fw mirror: ⟨t⟩ (expires in 30 days).",
    "anthropic": "The Anthropic key for the Velma summariser is in the ticket description (⟨t⟩) — please move it to Vault.",
    "openai": "Listing-description generator still uses ⟨t⟩; that project key was shared with the agency.",
    "stripe": "Stripe key used by the deposit service: ⟨t⟩ — roll it after the terminal migration.",
    "sendgrid": "SendGrid key for service reminders: ⟨t⟩",
    "shopify": "Partsbay Shopify admin token ⟨t⟩ was in the supplier onboarding doc.",
    "digitalocean": "DigitalOcean token for the Carvelle staging droplets: ⟨t⟩",
    "hashicorp": "Vault token left in the bootstrap script: ⟨t⟩ — revoked with vault token revoke.",
    "atlassian": "svc-jira API token (⟨t⟩) was printed in the automation audit log.",
    "npm": "npm automation token for @veltmoor/odolink-sdk: ⟨t⟩",
    "pypi": "PyPI upload token for odolink-client: ⟨t⟩",
    "google": "Unrestricted Google Maps key in the Carvelle Android app: ⟨t⟩ — add an app restriction.",
    "twilio": "Twilio API key for the SMS reminders: ⟨t⟩ — secret is in 1Password.",
    "azure": "Azure storage key for the lease-document archive: ⟨t⟩",
}


def vendor_prose(n):
    for _ in range(n):
        v = PROSE_VENDORS()
        emit("token/prose", PROSE[v], t=tok(v))


def gitleaks():
    for vendor, rule, path in (("openai", "openai-api-key", "services/velma/.env.example"),
                               ("github", "github-pat", "scripts/release.sh"),
                               ("anthropic", "anthropic-api-key", "notebooks/claims_summary.ipynb"),
                               ("gitlab", "gitlab-pat", "ci/mirror.yml")):
        st = eng()
        t = tok(vendor)
        emit("token/gitleaks", "Finding:     KEY=⟨t1⟩\nSecret:      ⟨t2⟩\nRuleID:      ⟨rule⟩\nFile:        ⟨path⟩\nCommit:      ⟨sha⟩\n"
             "Author:      ⟨an⟩\nEmail:       ⟨ae⟩\nDate:        ⟨d⟩",
             t1=t, t2=Lab(t.kind, t.value), rule=rule, path=path, sha=Look(rs(40, HEX)), an=st.n, ae=st.e, d=ts())


def curls():
    emit("curl", "curl -s -u ⟨em⟩:⟨t⟩ 'https://veltmoor.atlassian.net/rest/api/3/search?jql=project=CX'",
         em=Lab("email", "svc-jira@veltmoor.cars"), t=tok("atlassian"))
    emit("curl", "curl -X POST https://api.twilio.com/2010-04-01/Accounts/⟨ac⟩/Messages.json -u ⟨sk⟩:⟨sec⟩ "
         "--data-urlencode \"To=⟨ph⟩\" --data-urlencode \"Body=Your car is ready for collection\"",
         ac=sid_ac(), sk=tok("twilio"), sec=tok("twilio", "secret"), ph=phone("GB", "e164"))
    emit("curl", "curl https://api.stripe.com/v1/refunds -u ⟨sk⟩: -d charge=⟨ch⟩ -d amount=⟨amt⟩",
         sk=tok("stripe", "sk_live_"), ch=Look("ch_" + rs(24)), amt=Look(str(R.randint(1000, 90000))))
    emit("curl", "curl -H \"Authorization: token ⟨t⟩\" -X POST https://api.github.com/repos/veltmoor/forecourt/dispatches -d '{\"event_type\":\"deploy\"}'",
         t=tok("github", "ghp"))
    emit("curl", "curl --request POST https://api.sendgrid.com/v3/mail/send --header \"Authorization: Bearer ⟨t⟩\" --header 'Content-Type: application/json'",
         t=tok("sendgrid"))
    emit("curl", "curl -H \"X-Shopify-Access-Token: ⟨t⟩\" https://partsbay-vmg.myshopify.com/admin/api/2024-10/orders.json?status=any",
         t=tok("shopify", "shpat_"))
    emit("curl", "curl -H \"Authorization: Bearer ⟨j⟩\" https://api.odolink.vmg.internal/v1/vehicles/⟨vin⟩/location",
         j=jwt({"sub": "svc:fleet-dashboard", "iss": "https://auth.odolink.vmg.internal", "aud": "odolink-api",
                "scope": "location:read", "exp": 1780000000 + R.randint(0, 9999999)}, "RS256", kid=rs(8, HEX)), vin=vin())
    emit("curl", "curl -u finance-bot:⟨pw⟩ https://jenkins.vmg.internal/job/lease-batch/buildWithParameters -d RUN_DATE=2026-03-31",
         pw=password())


def jwts():
    def user_payload(st):
        return {"sub": st.account, "email": st.email, "iss": "https://sso.veltmoor.cars/realms/vmg", "aud": "forecourt",
                "exp": 1780000000 + R.randint(0, 9999999), "roles": ["dms_user"]}
    st = hq()
    emit("jwt", "Cookie: vmg_session=⟨j⟩; consent=analytics:0", j=jwt(user_payload(st)))
    emit("jwt", '{"request":{"method":"GET","url":"https://portal.veltmoor-finance.net/api/agreements","headers":[{"name":"Authorization",'
         '"value":"Bearer ⟨j⟩"}]}}', j=jwt(user_payload(hq()), "RS256", kid=rs(10, ALNUM)))
    emit("jwt", 'TCU token response {"access_token":"⟨j⟩","token_type":"Bearer","expires_in":3600,"refresh_token":"⟨rt⟩"}',
         j=jwt({"sub": "tcu:" + vin().value, "scope": "telemetry:write", "exp": 1780000000 + R.randint(0, 9999999)}, "ES256"),
         rt=Lab("password", rs(48, ALNUM + "-_")))
    emit("jwt", "keycloak WARN [org.keycloak.events] type=CODE_TO_TOKEN_ERROR, clientId=carvelle-app, ipAddress=⟨ip⟩, token=⟨j⟩",
         ip=ipv4(False), j=jwt({"typ": "Refresh", "azp": "carvelle-app", "exp": 1780000000 + R.randint(0, 9999999)}, "HS512"))
    emit("jwt", "Odolink app deep link from the bug report: https://app.odolink.example/callback#id_token=⟨j⟩&state=⟨s⟩",
         j=jwt({"sub": uuid4(), "aud": "odolink-mobile", "exp": 1780000000 + R.randint(0, 9999999)}, "RS256"), s=Look(rs(16, HEX)))
    emit("jwt", "⟨ip⟩ - - [12/Mar/2026:08:14:52 +0000] \"GET /v1/stream?token=⟨j⟩ HTTP/1.1\" 101 0",
         ip=ipv4(False), j=jwt({"sub": "dealer:exeter", "exp": 1780000000 + R.randint(0, 9999999)}))
    emit("jwt", "@⟨st⟩ the dealer-portal screenshot in ⟨k⟩ shows a live bearer token (⟨j⟩) — can you invalidate the session?",
         st=S["kwabena"].n, k=Look(jkey("SEC")), j=jwt(user_payload(hq())))
    emit("jwt", "Sec-WebSocket-Protocol: bearer, ⟨j⟩", j=jwt({"sub": "svc:live-map", "exp": 1780000000 + R.randint(0, 9999999)}, "ES256"))


def private_keys():
    emit("key", "Here's the key for the DMS backup box (forecourt-bak01), it isn't in the vault yet:\n⟨k⟩", k=pem("openssh"))
    emit("key", "TEL-⟨n⟩ TCU firmware signing key pasted by the supplier — treat as compromised:\n{code}\n⟨k⟩\n{code}",
         n=Look(dg(4)), k=pem("rsa"))
    emit("key", "ota-signer config dump:\nsigning_alg: ES256\nsigning_key:\n⟨k⟩", k=pem("ec"))
    emit("key", "AuthKey for the Carvelle Wallet passes (from the old Mac mini):\n⟨k⟩", k=pem("pkcs8"))
    sa = f"odolink-export@vmg-odolink-prod.iam.gserviceaccount.com"
    emit("key", '{"type":"service_account","project_id":"vmg-odolink-prod","private_key_id":"⟨kid⟩","private_key":"⟨k⟩\\n",'
         '"client_email":"⟨ce⟩","client_id":"⟨cid⟩","token_uri":"https://oauth2.googleapis.com/token"}',
         kid=Look(rs(40, HEX)), k=pem("rsa", escaped=True), ce=Lab("email", sa), cid=Look(dg(21)))
    emit("key", "CI log, step 'Add deploy key':\n+ echo \"$DEPLOY_KEY\" (masking failed)\n⟨k⟩\n+ ssh-add -", k=pem("openssh"))
    emit("key", "Apple Push key for the Odolink iOS app — ⟨st⟩ please rotate:\n⟨k⟩", st=S["meilin"].n, k=pem("ec"))


def ci_logs():
    emit("ci", "Run npm publish --access public\nnpm notice Publishing to https://registry.npmjs.org/ with tag latest\n"
         "npm verb config //registry.npmjs.org/:_authToken=⟨t⟩", t=tok("npm"))
    emit("ci", "$ export AWS_ACCESS_KEY_ID=⟨ak⟩\n$ export AWS_SECRET_ACCESS_KEY=⟨sk⟩\n$ aws s3 sync ./dist s3://carvelle-web-prod --delete",
         ak=tok("aws"), sk=tok("aws", "secret"))
    emit("ci", "[Pipeline] sh\n+ docker login -u vmg-ci -p ⟨pw⟩ registry.vmg.internal\nWARNING! Using --password via the CLI is insecure.",
         pw=password())
    emit("ci", "Run twine upload dist/* -u __token__ -p ⟨t⟩\nUploading odolink_client-3.2.0-py3-none-any.whl", t=tok("pypi"))
    emit("ci", "cat ~/.pypirc on the old build agent:\n[pypi]\nusername = __token__\npassword = ⟨t⟩", t=tok("pypi"))
    emit("ci", "Cloning into 'tcu-fw'...\n$ git clone https://oauth2:⟨t⟩@gitlab.vmg.internal/odolink/tcu-fw.git", t=tok("gitlab", "glpat-"))
    emit("ci", "Run git push https://x-access-token:⟨t⟩@github.com/veltmoor/carvelle-web.git HEAD:gh-pages", t=tok("github", "ghs"))
    emit("ci", "Run python scripts/push_model.py\n  env:\n    HF_TOKEN: ⟨t⟩\nUploading damage-detector-v7 to the Hub…", t=tok("huggingface"))
    emit("ci", "+ helm upgrade --install forecourt ./chart --set postgresql.auth.password=⟨pw⟩ --set image.tag=⟨tag⟩",
         pw=password(), tag=Look(rs(7, HEX)))
    emit("ci", "+ sshpass -p '⟨pw⟩' scp build/forecourt.tar.gz deploy@⟨ip⟩:/opt/forecourt/\n+ ssh deploy@⟨ip2⟩ 'sudo systemctl restart forecourt'",
         pw=password(), ip=ipv4(True), ip2=ipv4(True))
    emit("ci", "Step 7/12 : RUN pip install --index-url https://⟨u⟩@pypi.vmg.internal/simple odolink-internal",
         u=url_cred("ci-reader"))
    emit("ci", "##[group]Run curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy ok\"}' ⟨hook⟩",
         hook=tok("slack", "hook"))
    emit("ci", "Run atlassian/gajira-login@v3\n  env:\n    JIRA_BASE_URL: https://veltmoor.atlassian.net\n    JIRA_USER_EMAIL: ⟨em⟩\n    JIRA_API_TOKEN: ⟨t⟩",
         em=Lab("email", "svc-jira@veltmoor.cars"), t=tok("atlassian"))


def net_logs():
    for _ in range(3):
        emit("log/ip", "⟨ip⟩ - - [⟨d⟩:10:22:13 +0000] \"GET /api/v1/listings?page=⟨p⟩&make=skoda HTTP/2.0\" 200 ⟨b⟩ \"-\" \"Mozilla/5.0 (Linux; Android 14)\"",
             ip=pick([ipv4, ipv6])(False) if False else (ipv4(False) if R.random() < 0.7 else ipv6()), d="04/Mar/2026",
             p=str(R.randint(1, 40)), b=str(R.randint(800, 9000)))
    for _ in range(2):
        emit("log/ip", "sshd[⟨pid⟩]: Failed password for invalid user admin from ⟨ip⟩ port ⟨port⟩ ssh2\nfail2ban.actions: [sshd] Ban ⟨ip2⟩",
             pid=str(R.randint(1000, 60000)), ip=(lambda x: x)(ipv4(False)), port=str(R.randint(30000, 65000)), ip2=ipv4(False))
    emit("log/ip", "kernel: VMG-FW DROP IN=eth0 SRC=⟨a⟩ DST=⟨b⟩ PROTO=TCP SPT=⟨p⟩ DPT=22", a=ipv6(), b=ipv6(), p=str(R.randint(30000, 65000)))
    emit("log/ip", "tcu-gw[2211]: session opened for TCU-⟨imei⟩ from ⟨ip⟩:⟨port⟩ (NAT ⟨nat⟩), cipher TLS_AES_128_GCM_SHA256",
         imei=imei(), ip=ipv4(False), port=str(R.randint(30000, 65000)), nat=ipv4(True))
    st = hq()
    emit("log/ip", "openvpn[⟨pid⟩]: ⟨em⟩/⟨ip⟩:⟨port⟩ MULTI: primary virtual IP for ⟨em2⟩: ⟨vip⟩",
         pid=str(R.randint(100, 9000)), em=st.e, ip=ipv4(False), port=str(R.randint(30000, 65000)), em2=st.e, vip=ipv4(True))
    st = hq()
    emit("log/ip", "Entra ID risk detection — impossible travel for ⟨em⟩: sign-in from ⟨a⟩ (Lagos) 14 minutes after ⟨b⟩ (Exeter). "
         "⟨sec⟩ has reset the session.", em=st.e, a=ipv4(False), b=ipv4(False), sec=S["kwabena"].n)
    emit("log/ip", "Cloudflare WAF: blocked ⟨ip⟩ on carvelle.example/wp-login.php (rule 100015, score 12)", ip=ipv4(False))
    emit("log/ip", "k8s event: pod forecourt-api-⟨h⟩ scheduled on node ⟨n⟩, pod IP ⟨ip⟩", h=Look(rs(5, LO + DI)), n=ipv4(True), ip=ipv4(True))
    emit("log/ip", "tcu[812]: OTA fetch https://ota.odolink.example/fw/⟨fw⟩.bin from ⟨ip⟩ ok (sha256 ⟨sha⟩)",
         fw=Look(f"4.{R.randint(10, 14)}.0.{R.randint(100, 400)}", "firmware version shaped like IPv4"), ip=ipv6(),
         sha=Look(rs(64, HEX)))
    emit("log/ip", "postgres[⟨pid⟩]: connection received: host=⟨ip⟩ port=⟨port⟩ user=forecourt_ro database=forecourt",
         pid=str(R.randint(100, 9000)), ip=ipv4(True), port=str(R.randint(30000, 65000)))


def mac_logs():
    emit("log/mac", "dhcpd: DHCPACK on ⟨ip⟩ to ⟨m⟩ (WSH-TAB-07) via eth1", ip=ipv4(True), m=mac(":", True))
    emit("log/mac", "dhcpd: DHCPACK on ⟨ip⟩ to ⟨m⟩ (tcu-bench-03) via vlan40", ip=ipv4(True), m=mac(":", True))
    emit("log/mac", "dhcp6: Reply NA ⟨ip⟩ to client ⟨m⟩ (showroom-kiosk-2)", ip=ipv6(ula=True), m=mac(":", True))
    st = hq()
    emit("log/mac", "radiusd: Login OK: [⟨em⟩] (from client wlc-exeter port 0 cli ⟨m⟩) NAS-IP ⟨ip⟩", em=st.e, m=mac("-", False), ip=ipv4(True))
    emit("log/mac", "hostapd: wlan0: AP-STA-CONNECTED ⟨m⟩ auth_alg=open (VMG-Workshop, bssid ⟨b⟩)", m=mac(":", True), b=mac(":", True))
    emit("log/mac", "head-unit BT: paired device ⟨m⟩ (\"Pixel 8\") with TCU ⟨imei⟩ — customer's phone left paired after handover",
         m=mac(":", False), imei=imei())
    emit("log/mac", "arp -a on the Truro workshop switch:\n? (⟨a⟩) at ⟨ma⟩ [ether] on vlan20\n? (⟨b⟩) at ⟨mb⟩ [ether] on vlan20",
         a=ipv4(True), ma=mac(":", True), b=ipv4(True), mb=mac(":", True))


def wifi():
    emit("wifi", "# /etc/hostapd/hostapd.conf — Exeter showroom\ninterface=wlan0\nssid=VMG-Showroom-Guest\nwpa=2\nwpa_passphrase=⟨pw⟩\n"
         "auth_server_addr=⟨ip⟩\nauth_server_shared_secret=⟨ss⟩", pw=password(), ip=ipv4(True), ss=password())
    emit("wifi", '{"name":"VMG-Workshop","security":"wpapsk","wpa_mode":"wpa2","x_passphrase":"⟨pw⟩","vlan":"20"}', pw=password())
    emit("wifi", "Customer lounge Wi-Fi for this month: network VMG-Lounge, password ⟨pw⟩ (printed cards are at reception).", pw=password(14))
    emit("wifi", "network={\n    ssid=\"VMG-Diag\"\n    psk=\"⟨pw⟩\"\n    key_mgmt=WPA-PSK\n}", pw=password())
    emit("wifi", "@⟨st⟩ the Truro bodyshop AP is back — SSID VMG-Bodyshop, passphrase ⟨pw⟩, mgmt on ⟨ip⟩",
         st=S["tamsin"].n, pw=password(), ip=ipv4(True))


# --- English: more network, URL-credential and token lines -----------------------------------

def more_network():
    emit("urlcred", "Odolink test bench broker: mqtt://⟨u⟩@⟨ip⟩:1883 (no TLS, bench VLAN only)", u=url_cred("bench"), ip=ipv4(True))
    emit("urlcred", "MOT booking widget posts to https://⟨u⟩@bookings.veltmoor.cars/api/hook — basic auth in the URL, see ⟨k⟩.",
         u=url_cred("widget"), k=Look(jkey("SEC")))
    emit("urlcred", "legacy DMS export: mongodb://⟨u⟩@⟨ip⟩:27017/dealer?authSource=admin", u=url_cred("dms_export"), ip=ipv4(True))
    emit("urlcred", "Bodyshop estimator posts files to ftp://⟨u⟩@⟨ip⟩/estimates every night.", u=url_cred("estimator"), ip=ipv4(False))
    emit("urlcred", "@⟨st⟩ the session store still points at redis://⟨u⟩@⟨ip⟩:6379/5 — can we move it to rediss?",
         st=eng().n, u=url_cred("default"), ip=ipv4(True))
    emit("urlcred", "smtp relay for the service reminders: smtp://⟨u⟩@smtp.mail.example:587 (STARTTLS)",
         u=url_cred("reminders%40veltmoor.cars"))
    emit("urlcred", "Jenkins job lease-batch clones https://⟨u⟩@git.vmg.internal/finance/lease-batch.git", u=url_cred("jenkins"))
    emit("urlcred", "Carvelle image CDN origin: sftp://⟨u⟩@⟨ip⟩:2222/images", u=url_cred("cdn-sync"), ip=ipv4(False))
    emit("log/ip", "X-Forwarded-For: ⟨a⟩, ⟨b⟩ — request to /finance/apply rate-limited (429) after 40 attempts",
         a=ipv4(False), b=ipv4(True))
    emit("log/ip", "Host bastion-odolink\n    HostName ⟨ip⟩\n    User ec2-user\n    IdentityFile ~/.ssh/odolink-bastion.pem", ip=ipv4(False))
    emit("log/ip", "security group sg-⟨sg⟩: allow 22/tcp from ⟨ip⟩/32 (Exeter office) and from ⟨ip6⟩/128 (Cologne)",
         sg=Look(rs(17, HEX)), ip=ipv4(False), ip6=ipv6())
    emit("log/ip", "⟨ip⟩ - - [05/Mar/2026:14:02:11 +0000] \"POST /api/v1/finance/quote HTTP/2.0\" 200 812 \"-\" \"Carvelle/7.4.2 iOS\"",
         ip=ipv6())
    emit("log/ip", "odolink-api WARN rate limit for dealer key ⟨kid⟩ from ⟨ip⟩ (1200 req/min)",
         kid=Look("dk_" + rs(8, HEX)), ip=ipv4(False))
    emit("log/mac", '{"tcu":"TCU-⟨imei⟩","ble_mac":"⟨m⟩","wifi_mac":"⟨w⟩","fw":"⟨fw⟩"}',
         imei=imei(), m=mac(":", False), w=mac(":", False), fw=Look(f"4.{R.randint(10, 14)}.0.{R.randint(100, 400)}", "IPv4-shaped build"))
    emit("log/mac", "wakeonlan ⟨m⟩  # Truro parts counter PC, before the stock take", m=mac(":", True))
    emit("log/mac", "hostapd: wlan1: STA ⟨m⟩ IEEE 802.11: disassociated (VMG-Lounge, customer tablet)", m=mac(":", True))
    emit("log/mac", "switch port Gi1/0/14 learned ⟨m⟩ on VLAN 40 (diagnostic bay 3), IP ⟨ip⟩", m=mac("-", False), ip=ipv4(True))
    emit("jwt", '{"name":"odolink-staging","values":[{"key":"bearer","value":"⟨j⟩","enabled":true}]}',
         j=jwt({"sub": "svc:postman", "aud": "odolink-api", "exp": 1780000000 + R.randint(0, 9999999)}, "RS256", kid=rs(8, HEX)))
    emit("jwt", "TEL-⟨n⟩: TCU ⟨imei⟩ keeps sending an expired token: ⟨j⟩ — clock drift on the modem?",
         n=Look(dg(4)), imei=imei(), j=jwt({"sub": "tcu:" + vin().value, "exp": 1760000000 + R.randint(0, 999999)}, "ES256"))
    emit("jwt", "kibana: http.request.headers.authorization=\"Bearer ⟨j⟩\" source.ip=⟨ip⟩",
         j=jwt({"sub": "dealer:toledo", "roles": ["stock_read"], "exp": 1780000000 + R.randint(0, 9999999)}), ip=ipv4(False))


# --- English: negatives ----------------------------------------------------------------------

def not_luhn(n):
    while True:
        v = dg(n)
        if v[0] != "0" and not luhn_ok(v):
            return v


def ledger_code():
    """A ledger fund code shaped like a GB IBAN that fails mod-97."""
    while True:
        v = "GB" + dg(2) + "VELT" + dg(14)
        if not iban_valid(v):
            return Look(" ".join(v[i:i + 4] for i in range(0, len(v), 4)), "ledger code failing mod-97")


def nanp_shaped():
    return Look(f"{pick(['313', '734', '419'])}-{R.randint(200, 999)}-{dg(4)}", "repair order shaped like a phone number")


NEG = [
    ("Job card ⟨jc⟩: ⟨reg⟩, VIN ⟨vin⟩, ⟨odo⟩, engine ⟨eng⟩ — front pads and discs replaced (⟨part⟩), wheel bolts torqued to ⟨tq⟩.",
     lambda: dict(jc=order_no(), reg=plate("GB"), vin=vin(), odo=odo(), eng=engine(), part=part_no(), tq=torque())),
    ("Stock ⟨stk⟩ ⟨m⟩ now ⟨p1⟩ (was ⟨p2⟩); last serviced at ⟨odo⟩, two keys, full history.",
     lambda: (lambda a: dict(stk=stock_no(), m=Look(model()), p1=Look(f"£{a:,}"), p2=Look(f"£{a + R.randint(4, 30) * 100 - 5:,}"),
                             odo=odo("miles")))(R.randint(4000, 48000))),
    ("Finance agreement ⟨agr⟩ settled early on ⟨d⟩; optional final payment ⟨p⟩, APR 9.9%, 48 months.",
     lambda: dict(agr=agreement(), d=Look(day()), p=price("GB"))),
    ("TCU ⟨imei⟩ (ICCID ⟨iccid⟩) flashed to firmware ⟨fw⟩; next OTA window ⟨d⟩.",
     lambda: dict(imei=imei(), iccid=iccid(), fw=Look(f"4.{R.randint(10, 14)}.{R.randint(0, 3)}.{R.randint(100, 400)}", "IPv4-shaped build"), d=Look(day()))),
    ("Stored codes ⟨c1⟩ and ⟨c2⟩; CAN ID ⟨can⟩ silent for 40 s after key-on, gateway module ⟨part⟩.",
     lambda: dict(c1=dtc(), c2=dtc(), can=Look("0x" + rs(8, "0123456789ABCDEF")), part=part_no())),
    ("Tyres ⟨ty⟩, DOT ⟨dot⟩, pressures 2.4 bar front / 2.6 bar rear; tread 3.1 mm.",
     lambda: dict(ty=tyre(), dot=Look(f"{R.randint(1, 52):02d}{R.randint(21, 26)}"))),
    ("Recall ⟨rc⟩ covers VIN ⟨v1⟩ to ⟨v2⟩; part ⟨part⟩ on back-order until ⟨d⟩.",
     lambda: dict(rc=Look(f"R/2026/{dg(3)}"), v1=vin(), v2=vin(), part=part_no(), d=Look(day()))),
    ("Order ⟨o⟩ for a ⟨m⟩ in paint code ⟨pc⟩ confirmed; ETA week ⟨wk⟩, invoice ⟨inv⟩.",
     lambda: dict(o=order_no(), m=Look(model()), pc=Look(pick(["LY9C", "A96", "475", "KAD", "1G3", "C2P"])), wk=Look(str(R.randint(10, 40))),
                  inv=Look("INV-" + dg(7)))),
    ("Postcode ⟨pc⟩ is outside the free delivery radius; transport quote ⟨p⟩.",
     lambda: dict(pc=Look(pick(["TR1 2AB", "EX4 6PX", "PL21 9QE", "B10 0AE", "TR18 4DL", "EX2 7HY"])), p=amount("GB"))),
    ("The password for the diagnostic laptop was changed on ⟨d⟩ — ask the workshop controller, not the chat.",
     lambda: dict(d=Look(day()))),
    ("Set MQTT_PASSWORD=⟨a⟩ and STRIPE_SECRET_KEY=⟨b⟩ in the Helm values; never commit real ones (⟨k⟩).",
     lambda: dict(a=Look("${MQTT_PASSWORD}", "placeholder"), b=Look("<your-key-here>", "placeholder"), k=Look(jkey("OPS")))),
    ("Docs example: STRIPE_SECRET_KEY=⟨a⟩ and GH_TOKEN=⟨b⟩ — placeholders only (⟨k⟩).",
     lambda: dict(a=Look("sk_live_" + "x" * 24, "placeholder"), b=Look("ghp_" + "X" * 36, "placeholder"), k=Look(jkey("DMS")))),
    ("Card on file: **** **** **** ⟨l4⟩ (Visa), expires ⟨exp⟩; the terminal stores no full PAN.",
     lambda: dict(l4=Look(dg(4)), exp=expiry())),
    ("Direct Debit account GB** **** **** **** **⟨a⟩ ⟨b⟩ confirmed by the customer's bank (AUDDIS code 0N).",
     lambda: dict(a=Look(dg(2)), b=Look(dg(4)))),
    ("Health check binds ⟨lo⟩:⟨port⟩ and [⟨lo6⟩]:⟨port2⟩; netmask ⟨nm⟩, listen ⟨any⟩ only in the sandbox.",
     lambda: dict(lo=Look("127.0.0.1", "loopback"), port=Look(str(R.randint(3000, 9999))), lo6=Look("::1", "loopback"),
                  port2=Look(str(R.randint(3000, 9999))), nm=Look("255.255.255.0", "netmask"), any=Look("0.0.0.0", "unspecified"))),
    ("Booked the Bertha Benz meeting room for the ⟨m⟩ launch briefing on ⟨d⟩.",
     lambda: dict(m=Look(model()), d=Look(day()))),
    ("Customer wants an Aston Martin DB12 or a Rolls-Royce Spectre; we only have a Mercedes-Benz eSprinter (⟨stk⟩) in stock.",
     lambda: dict(stk=stock_no())),
    ("The Ferdinand-Porsche-Straße showroom closes at 18:00 on ⟨d⟩ for the stock audit.",
     lambda: dict(d=Look(day()))),
    ("The Enzo Ferrari and the Lamborghini Urus on the Exeter forecourt need a valet before Saturday; keys in cabinet ⟨cab⟩.",
     lambda: dict(cab=Look(pick("ABCDEF") + dg(2)))),
    ("Release notes: Forecourt DMS ⟨v1⟩, Carvelle app ⟨v2⟩ (build ⟨b⟩), Odolink API v3 replaces v2 on ⟨d⟩.",
     lambda: dict(v1=Look(f"2026.{R.randint(1, 6)}.{R.randint(0, 9)}"), v2=Look(f"7.{R.randint(0, 9)}.{R.randint(0, 9)}"),
                  b=Look(dg(5)), d=Look(day()))),
    ("Commit ⟨sha⟩ fixes the VIN decoder for ⟨wmi⟩ prefixes; trace id ⟨tid⟩.",
     lambda: dict(sha=Look(rs(40, HEX)), wmi=Look(pick(["WVW", "TMB", "VF1", "SAL", "MA3"])), tid=Look(uuid4()))),
    ("The users table stores bcrypt hashes such as $2b$12$⟨h⟩ — that's expected, nothing to rotate.",
     lambda: dict(h=Look(rs(53, ALNUM + "./")))),
    ("Odometer check for ⟨reg⟩: ⟨o1⟩ at MOT test ⟨mot⟩ vs ⟨o2⟩ at the last service — consistent, no clocking.",
     lambda: dict(reg=plate("GB"), o1=odo("miles"), mot=Look(f"{dg(4)} {dg(4)} {dg(4)}"), o2=odo("miles"))),
    ("Bodyshop repair order ⟨ro⟩ closed; paint ⟨pc⟩, 6.5 h labour, ⟨p⟩ including parts.",
     lambda: dict(ro=nanp_shaped(), pc=Look(pick(["LY9C", "A96", "475"])), p=price("US"))),
    ("HPI check ⟨hpi⟩ clear: no outstanding finance, not recorded stolen, mileage ⟨odo⟩ verified.",
     lambda: dict(hpi=Look(f"HPI-{dg(4)}-{dg(4)}"), odo=odo("miles"))),
    ("Key fob ⟨f1⟩ programmed, transponder ⟨tr⟩; spare ⟨f2⟩ in the key safe log.",
     lambda: dict(f1=Look(f"FOB-{rs(4, '0123456789ABCDEF')}-{rs(4, '0123456789ABCDEF')}"), tr=Look(rs(8, "0123456789ABCDEF")),
                  f2=Look(f"FOB-{rs(4, '0123456789ABCDEF')}-{rs(4, '0123456789ABCDEF')}"))),
    ("Head bolts on the ⟨eng⟩: ⟨t1⟩ then a further 90° and 90°.",
     lambda: dict(eng=engine(), t1=torque())),
    ("WLTP combined ⟨mpg⟩ mpg, CO2 ⟨co2⟩ g/km, battery state of health 94%, 11 kW AC charging.",
     lambda: dict(mpg=Look(f"{R.randint(35, 70)}.{R.randint(0, 9)}"), co2=Look(str(R.randint(90, 190))))),
    ("Geofence 'Exeter forecourt' centred on ⟨gps⟩, radius 150 m; alerts to the night security desk.",
     lambda: dict(gps=Look(f"50.{dg(4)}, -3.{dg(4)}"))),
    ("Invoice ⟨inv⟩ from Kessler Autoteile: 4 × ⟨part⟩ at ⟨p⟩, delivery note ⟨dn⟩.",
     lambda: dict(inv=Look("KA-" + dg(8)), part=part_no(), p=price("DE"), dn=Look("LS" + dg(7)))),
    ("The access token expired at ⟨t⟩ and the TCU re-authenticated on its own; no secret was logged.",
     lambda: dict(t=Look(ts()))),
    ("The open-banking client_secret was rotated on ⟨d⟩ (Vault path secret/finance/obie), old one revoked.",
     lambda: dict(d=Look(day()))),
    ("Runbook: use {{ vault.odolink_mqtt_password }} and REPLACE_ME in examples, never a real value (see ⟨k⟩).",
     lambda: dict(k=Look(jkey("OPS")))),
    ("Battery label serial ⟨sn⟩ (16 digits, not a card number) recorded on the high-voltage check sheet.",
     lambda: dict(sn=Look(not_luhn(16), "16-digit serial failing Luhn"))),
    ("Fleet fund ledger code ⟨lc⟩ is internal to SAP, not a bank account.",
     lambda: dict(lc=ledger_code())),
    ("Dealer code ⟨dc⟩, FCA firm reference ⟨frn⟩, company no. ⟨crn⟩ on the finance disclosure.",
     lambda: dict(dc=Look("VMG-" + dg(4)), frn=Look(dg(6)), crn=Look(dg(8)))),
    ("Auction lot ⟨lot⟩ sold at ⟨t⟩: hammer ⟨p1⟩, buyer's fee ⟨p2⟩, V5C to follow.",
     lambda: dict(lot=Look(str(R.randint(100, 999))), t=Look(hhmm()), p1=price("GB"), p2=amount("GB"))),
    ("Residual value at 36 months and ⟨km⟩ km a year: ⟨p⟩ for the ⟨m⟩.",
     lambda: dict(km=Look(pick(["10,000", "15,000", "20,000"])), p=price("DE"), m=Look(model()))),
    ("Container ⟨c⟩ from Yokohama via Durban to Blantyre: six used ⟨m⟩s for the Mzuzu yard, ETA ⟨d⟩.",
     lambda: dict(c=Look(pick(["MSKU", "CMAU", "MSCU"]) + dg(7)), m=Look(pick(["Toyota Hilux", "Nissan X-Trail", "Mazda Demio"])), d=Look(day()))),
    ("Supplier record shows BIC NWBKGB2L and DEUTDEFF; bank details themselves live only in SAP (⟨k⟩).",
     lambda: dict(k=Look(jkey("FIN")))),
    ("Stripe payout ⟨po⟩ and charge ⟨ch⟩ reconciled against the deposit ledger; no card data stored.",
     lambda: dict(po=Look("po_" + rs(24)), ch=Look("ch_" + rs(24)))),
    ("Odolink device ⟨u⟩ reports OUI ⟨oui⟩ (the modem vendor prefix), not a full hardware address.",
     lambda: dict(u=Look(uuid4()), oui=Look(pick(OUIS)))),
    ("Carvelle listing ⟨l⟩ shows 'Contact via the app' — no phone or e-mail is published for private sellers.",
     lambda: dict(l=Look("CV-" + dg(7)))),
    ("Wi-Fi passwords changed in every showroom on ⟨d⟩; the new cards are in the safe.",
     lambda: dict(d=Look(day()))),
    ("MQTT topic tcu/⟨v⟩/telemetry publishes every 30 s at QoS 1; retained messages off.",
     lambda: dict(v=vin())),
    ("Van ⟨reg⟩ speed limiter set to 56 mph; tachograph calibrated ⟨d⟩, next due ⟨d2⟩.",
     lambda: dict(reg=plate("GB"), d=Look(day()), d2=Look(day()))),
    ("external-secrets manages ⟨sec⟩ in cluster ⟨cl⟩; `data.password` is empty in git and filled from Vault at deploy time.",
     lambda: dict(sec=Look(pick(["forecourt-db", "odolink-ingest", "carvelle-api", "partsbay-sync"])), cl=Look(f"vmg-{pick(['uks', 'euw', 'use'])}-{dg(2)}"))),
    ("Image digest sha256:⟨h⟩ matches the signed TCU build ⟨fw⟩.",
     lambda: dict(h=Look(rs(64, HEX)), fw=Look(f"4.{R.randint(10, 14)}.0.{R.randint(100, 400)}", "IPv4-shaped build"))),
    ("Engine number ⟨en⟩ matches the V5C; ⟨reg⟩ first registered ⟨d⟩.",
     lambda: dict(en=Look(rs(3, UP) + dg(6)), reg=plate("GB"), d=Look(day()))),
    ("Price list Q2: ⟨m⟩ on the road ⟨p1⟩, metallic paint ⟨p2⟩, tow bar ⟨p3⟩.",
     lambda: dict(m=Look(model()), p1=price(pick(["GB", "DE", "IT", "US"])), p2=amount("GB"), p3=amount("GB"))),
    ("Dearborn lot: ⟨reg⟩ (Michigan) traded in at ⟨odo⟩, stock ⟨stk⟩, recon budget ⟨p⟩.",
     lambda: dict(reg=plate("US"), odo=odo("mi"), stk=stock_no(), p=amount("US"))),
    ("Cologne: ⟨reg⟩ HU/AU bis ⟨d⟩, Kilometerstand ⟨odo⟩, Teil ⟨part⟩.",
     lambda: dict(reg=plate("DE"), d=Look(f"{R.randint(1, 12):02d}/2027"), odo=odo("km"), part=part_no())),
    ("Pozzuoli: ⟨reg⟩, revisione ⟨d⟩, ⟨odo⟩, preventivo ⟨o⟩.",
     lambda: dict(reg=plate("IT"), d=Look(day()), odo=odo("km"), o=order_no())),
    ("Bodyshop repair order ⟨ro⟩ is waiting for the insurer's approval; estimate ⟨p⟩.",
     lambda: dict(ro=nanp_shaped(), p=price("US"))),
    ("Lease return ⟨agr⟩: excess mileage ⟨odo⟩ over allowance, charge ⟨p⟩ at 8p per mile.",
     lambda: dict(agr=agreement(), odo=odo("miles"), p=amount("GB"))),
]


def negatives(n):
    order = Cycle(range(len(NEG)), shuffle=False)
    for _ in range(n):
        template, fn = NEG[order()]
        vals = fn()
        extra = [hq()] if R.random() < 0.35 else []
        emit("neg/en", template, people=extra, **vals)


# --- validation ------------------------------------------------------------------------------

KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"}
VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google", "hashicorp",
           "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack", "stripe", "twilio"]
TOKEN_RE = {
    "anthropic": r"sk-ant-(api03|admin01)-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{150,200}=[0-9A-F]{8}",
    "aws": r"(AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9/+]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"do[opr]_v1_[0-9a-f]{64}",
    "github": r"gh[posur]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"gl(pat|dt|rt)-[A-Za-z0-9_-]{20}",
    "google": r"AIzaSy[A-Za-z0-9_-]{33}",
    "hashicorp": r"hvs\.CAESI[A-Za-z0-9_-]{80,90}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{67}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-(proj|svcacct)-[A-Za-z0-9_-]{56,74}T3BlbkFJ[A-Za-z0-9_-]{56,74}|sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{100,}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(at|ss|ca)_[0-9a-f]{32}",
    "slack": r"xoxb-\d{12}-\d{13}-[A-Za-z0-9]{24}|xoxp-\d{12}-\d{12}-\d{13}-[0-9a-f]{32}|https://hooks\.slack\.com/services/T[A-Z0-9]{10}/B[A-Z0-9]{10}/[A-Za-z0-9]{24}",
    "stripe": r"(sk|rk)_live_[A-Za-z0-9]{24,99}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}
WEAK = {"password", "changeme", "admin", "letmein", "secret", "welcome", "qwerty", "12345678"}
PW_WORDS = ["password", "passwd", "passphrase", "wpa_passphrase", "psk", "secret", "token", "api_key", "apikey",
            "x_passphrase"] + [L["pw"] for L in LANGS] + [in_script(L["script"], L["pw"]) for L in LANGS]
LEAKS = [
    ("email", re.compile(r"[\w.+%-]+@[\w-]+(\.[\w-]+)+")),
    ("ipv4", re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?![\d.])")),
    ("ipv6", re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){1,7}:(?:[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{1,4})*)?(?![\w:])|(?<![\w:])(?:[0-9a-fA-F]{1,4}:){7}[0-9a-fA-F]{1,4}(?![\w:])")),
    ("mac", re.compile(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")),
    ("phone+", re.compile(r"(?<![\w+])\+\d[\d ().-]{6,}\d")),
    ("phone00", re.compile(r"(?<!\d)00\d{1,3}[ -]?\d[\d -]{6,}\d")),
    ("nanp", re.compile(r"(?<!\d)\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?!\d)")),
    ("trunk", re.compile(r"(?<![\w.])0\d{2,4}[ -]\d{3,4}[ -]?\d{3,4}(?![\w.])")),
    ("digits", re.compile(r"(?<![\w.])\d{10,15}(?![\w.])")),
    ("ssn", re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])")),
    ("jwt", re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")),
    ("pem", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY")),
    ("vendor", re.compile(r"sk-ant-|ATATT|AKIA[A-Z2-7]{8}|ASIA[A-Z2-7]{8}|gh[posur]_[A-Za-z0-9]{20}|github_pat_|glpat-|glrt-|AIza[A-Za-z0-9_-]{20}"
                          r"|hvs\.|hf_[A-Za-z]{20}|npm_[A-Za-z0-9]{20}|sk-proj-|sk-svcacct-|pypi-Ag|SG\.[\w-]{10}|shp(at|ss|ca)_[0-9a-f]{8}"
                          r"|xox[bpas]-\d|hooks\.slack\.com|[sr]k_live_[A-Za-z0-9]{10}|whsec_[A-Za-z0-9]{10}|dop_v1_|SK[0-9a-f]{32}|AccountKey=\w")),
    ("urlcred", re.compile(r"[a-z][a-z0-9+.-]*://[^\s/:@]*:[^\s/@]+@")),
]
PW_RE = re.compile(r"(?i)(" + "|".join(re.escape(w) for w in sorted(PW_WORDS, key=len, reverse=True)) +
                   r")[\"']?[ \t]?[:=][ \t]?[\"']?([^\s\"',;]{4,})")


def blanked(line):
    text = list(line["text"])
    for a, b, _ in line["labs"] + line["looks"]:
        for i in range(a, b):
            if text[i] not in "\n":
                text[i] = " "
    return "".join(text)


def name_parts():
    parts = set()
    for p in list(_custs.values()) + [c for c in ALL_CUSTS]:
        for w in p.display.replace("-", " ").split():
            parts.add(w)
            parts.add(w.upper())
        for w in p.parts:
            if len(w) >= 3:
                parts.add(w)
                parts.add(w.capitalize())
    for s in STAFF:
        for w in s.display.replace("-", " ").split():
            if len(w) >= 2:
                parts.add(w)
                parts.add(w.upper())
    return {p for p in parts if len(p) >= 3 or not p.isascii()} - {"van", "der", "VAN", "DER", "Van", "Der", "Ní", "NÍ"}


def check_value(lab):
    k, v = lab.kind, lab.value
    if k == "credit_card":
        d = re.sub(r"[ -]", "", v)
        assert d.isdigit() and luhn_ok(d) and d not in TEST_CARDS and 13 <= len(d) <= 19, v
    elif k == "iban":
        c = v.replace(" ", "")
        assert iban_valid(v) and len(c) == IBAN_LEN[c[:2]], v
        if " " in v:
            assert all(len(g) == 4 for g in v.split(" ")[:-1]), v
    elif k == "ip_address":
        assert ip_ok(v), v
    elif k == "mac_address":
        assert re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v), v
    elif k == "ssn":
        a, g, s_ = map(int, v.split("-"))
        assert 0 < a < 900 and a != 666 and g > 0 and s_ > 0, v
    elif k == "jwt":
        h, p, _ = v.split(".")
        pad = lambda x: x + "=" * (-len(x) % 4)  # noqa: E731
        assert "alg" in json.loads(base64.urlsafe_b64decode(pad(h)))
        json.loads(base64.urlsafe_b64decode(pad(p)))
    elif k == "private_key":
        m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----(?:\n|\\n)([A-Za-z0-9+/=\n\\]+?)(?:\n|\\n)-----END \1-----", v)
        assert m, v[:60]
        base64.b64decode(m.group(2).replace("\\n", "").replace("\n", ""), validate=True)
    elif k == "url_credentials":
        assert ":" in v and not any(c in v for c in "@/?# \n"), v
    elif k == "password":
        assert v.lower() not in WEAK and len(v) >= 8 and "\n" not in v, v
    elif k == "phone":
        code, trunk, nsn, _ = PHONE_META[id(lab)]
        digits = re.sub(r"\D", "", v)
        assert digits in (code + nsn, "00" + code + nsn, trunk + nsn, nsn, code + trunk + nsn) or \
            (v.startswith("+" + code) and digits == code + trunk + nsn), v
        assert re.fullmatch(r"[+\d ().-]+", v), v
    elif k == "email":
        dom = v.split("@")[1]
        assert dom in (D_CARS, D_FIN) or dom.endswith(".example") or dom.endswith(".vmg.internal") or re.search(r"example\.(com|net|org)$", dom) or \
            dom.endswith("iam.gserviceaccount.com"), v
        assert not any(v == s.email for s in STAFF), v
    elif k == "person":
        pass
    elif k.startswith("api_key/"):
        vendor = k.split("/")[1]
        assert re.fullmatch(TOKEN_RE[vendor], v), (k, v)
        if vendor in ("github", "npm") and not v.startswith("github_pat_"):
            body = v.split("_", 1)[1]
            assert crc_b62(body[:30]) == body[30:], v
    else:
        raise AssertionError(k)
    if k != "private_key":
        assert "\n" not in v, (k, v)


def validate(lines):
    texts, problems = set(), []
    parts = name_parts()
    for n, line in enumerate(lines):
        t = line["text"]
        where = f"line {n} ({line['cat']}): {t[:80]!r}"
        if t in texts:
            problems.append(f"duplicate text: {where}")
        texts.add(t)
        if line["neg"] and line["labs"]:
            problems.append(f"negative with labels: {where}")
        if not line["neg"] and not line["labs"]:
            problems.append(f"positive without labels: {where}")
        spans = sorted([(a, b) for a, b, _ in line["labs"] + line["looks"]])
        for (a1, b1), (a2, b2) in zip(spans, spans[1:]):
            if a2 < b1:
                problems.append(f"overlap: {where}")
        for a, b, lab in line["labs"]:
            assert t[a:b] == lab.value
            if lab.kind not in KINDS and not (lab.kind.startswith("api_key/") and lab.kind[8:] in VENDORS):
                problems.append(f"unknown kind {lab.kind}: {where}")
            try:
                check_value(lab)
            except (AssertionError, ValueError, KeyError) as e:
                problems.append(f"bad {lab.kind} {lab.value[:60]!r} ({e}): {where}")
            if lab.kind == "person" and isinstance(lab.owner, Cust):
                c = lab.owner
                if not any(l2.kind == "email" and l2.value == c.email for _, _, l2 in line["labs"]):
                    problems.append(f"customer {c.display} without address: {where}")
                local = re.sub(r"[^a-z0-9]", "", c.email.split("@")[0])
                for p in c.parts:
                    if p not in local:
                        problems.append(f"address {c.email} does not spell {p}: {where}")
            if lab.kind == "person" and isinstance(lab.owner, Staff) and lab.owner not in line["people"]:
                problems.append(f"staff not in people: {where}")
            if lab.kind == "person" and lab.owner is None:
                problems.append(f"person without owner: {where}")
        # leak scan of what is left unlabelled
        rest = blanked(line)
        for name, rx in LEAKS:
            for m in rx.finditer(rest):
                problems.append(f"unlabelled {name} {m.group(0)!r}: {where}")
        for m in PW_RE.finditer(rest):
            problems.append(f"unlabelled password after {m.group(1)!r}: {m.group(2)!r}: {where}")
        for m in re.finditer(r"(?<![\d])\d(?:[ -]?\d){12,18}(?!\d)", rest):
            if luhn_ok(re.sub(r"\D", "", m.group(0))):
                problems.append(f"unlabelled Luhn run {m.group(0)!r}: {where}")
        for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", rest):
            if iban_valid(m.group(0)):
                problems.append(f"unlabelled IBAN {m.group(0)!r}: {where}")
        tokens = set(re.split(r"[\s.,;:!?()\[\]{}<>\"'|/=*&#@·—–-]+", rest))
        for p in parts & tokens:
            problems.append(f"unlabelled name part {p!r}: {where}")
        # look-alikes that must fail their checks
        for a, b, look in line["looks"]:
            if "failing Luhn" in look.what:
                assert not luhn_ok(look.value)
            if "failing mod-97" in look.what or "SEPA creditor" in look.what:
                assert not iban_valid(look.value)
    vendor_count = Counter(lab.value for line in lines for _, _, lab in line["labs"] if lab.kind.startswith("api_key/"))
    per_vendor = Counter()
    for line in lines:
        for _, _, lab in line["labs"]:
            if lab.kind.startswith("api_key/"):
                per_vendor[lab.kind] += 0
    distinct = {}
    for line in lines:
        for _, _, lab in line["labs"]:
            if lab.kind.startswith("api_key/"):
                distinct.setdefault(lab.kind, set()).add(lab.value)
    for v in VENDORS:
        if len(distinct.get(f"api_key/{v}", ())) < 4:
            problems.append(f"vendor {v}: only {len(distinct.get(f'api_key/{v}', ()))} distinct tokens")
    del vendor_count, per_vendor
    return problems


# --- output ----------------------------------------------------------------------------------

def build():
    for L in LANGS:
        lang_section(L)
    complaints(23)
    workshop()
    us_finance()
    uk_finance()
    bank_changes()
    refunds()
    cards()
    emails()
    csv_exports()
    vcards()
    marketplace()
    telematics_tickets()
    oncall()
    configs()
    url_creds()
    vendor_prose(36)
    gitleaks()
    curls()
    jwts()
    private_keys()
    ci_logs()
    net_logs()
    mac_logs()
    wifi()
    more_network()
    negatives(118)


def to_json(line, n):
    t = line["text"]
    spans = []
    for a, b, lab in sorted(line["labs"], key=lambda x: x[0]):
        start = len(t[:a].encode())
        spans.append({"kind": lab.kind, "start": start, "end": start + len(lab.value.encode())})
    return {"id": f"held18-{n:05d}", "text": t, "people": [s.entry() for s in line["people"]], "spans": spans}


def main():
    build()
    problems = validate(LINES)
    if problems:
        for p in problems[:80]:
            print(p, file=sys.stderr)
        print(f"{len(problems)} problems; nothing written", file=sys.stderr)
        return 1
    R.shuffle(LINES)
    records = [to_json(line, n + 1) for n, line in enumerate(LINES)]
    with open(OUT, "w", encoding="utf-8") as out:
        for rec in records:
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    # re-read the file: every span's UTF-8 bytes are the labelled value
    with open(OUT, encoding="utf-8") as f:
        back = [json.loads(x) for x in f]
    assert len(back) == len(LINES) == len({r["text"] for r in back})
    for rec, line in zip(back, LINES):
        data = rec["text"].encode()
        labs = sorted(line["labs"], key=lambda x: x[0])
        for span, (_, _, lab) in zip(rec["spans"], labs):
            assert data[span["start"]:span["end"]].decode() == lab.value and span["kind"] == lab.kind
    summary(back)
    return 0


def summary(records):
    kinds = Counter(s["kind"] for r in records for s in r["spans"])
    neg = sum(1 for r in records if not r["spans"])
    print(f"{OUT.name}: {len(records)} lines, {sum(kinds.values())} labelled spans, {neg} negative lines")
    for k, c in sorted(kinds.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {k:<26}{c:>5}")
    cats = Counter(line["cat"].split("/")[0] for line in LINES)
    print("categories:", ", ".join(f"{k} {v}" for k, v in sorted(cats.items())))
    print("languages:", ", ".join(f"{L['name']} ({L['script']})" for L in LANGS))
    brands = Counter(CARD_INFO[id(lab)] for line in LINES for _, _, lab in line["labs"] if lab.kind == "credit_card")
    print("card brands:", ", ".join(f"{k} {v}" for k, v in sorted(brands.items())))
    ibans = Counter(s["kind"] and r["text"].encode()[s["start"]:s["end"]].decode()[:2]
                    for r in records for s in r["spans"] if s["kind"] == "iban")
    print("IBAN countries:", ", ".join(f"{k} {v}" for k, v in sorted(ibans.items())))
    labelled = {id(lab) for line in LINES for _, _, lab in line["labs"]}
    countries = Counter(meta[3] for key, meta in PHONE_META.items() if key in labelled)
    print(f"phone countries ({len(countries)}):", ", ".join(f"{k} {v}" for k, v in sorted(countries.items(), key=lambda x: -x[1])))


if __name__ == "__main__":
    sys.exit(main())
