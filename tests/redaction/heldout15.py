#!/usr/bin/env python3
"""Writes heldout15.jsonl: a fifteenth held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional veterinary hospital group holds ("Merrowdale Veterinary Group",
MVG: small-animal hospitals, a 24-hour emergency and referral centre and an equine clinic in
Bristol, Cork, Utrecht, Cottbus, Treviso, Tahlequah, Iqaluit, Agadir, Duhok, Kyzyl, Darbhanga,
Diyarbakır, Nyeri, Kisumu, Polokwane, Thohoyandou, Mbabane, Aizawl, Denpasar, Bukittinggi,
Tacloban, Singapore, Dubai, Lisbon, Sydney, Auckland, Oslo, Zürich, Kraków, Lyon and Newmarket;
the practice-management system "Pawledger", the lab system "Assaylane", the imaging archive
"VetPix", the online pharmacy "Dosewell", the client app, contact form and chat "Furlink", the
telehealth service "VetCall", the health plan "CareClub" and the microchip-registry bridge
"ChipTrace"; made-up domains merrowdalevet.com and mvg.internal, third parties only under
reserved example names: example.com / .net / .org and their subdomains, mail.example,
inbox.example, post.example, correo.example, posta.example, labpartner.example, petsure.example,
zoovet-supplies.example, ...): client complaint tickets (Jira fields, watchers, `@` and
`[~accountid:...]` mentions, wiki tables, Jira Service Management requests), microchip keeper
changes and found-animal scans, VetCall telehealth notes, inpatient emergency contacts, pet-
insurance excess refunds to IBANs, appointment-reminder SMS gateway exports, vCards, client
registration CSVs, on-call rotas (wiki tables), Slack-style chats, e-mails with full headers
(Return-Path, Received, Message-ID, From / To / Cc) and replies with quoted text and signatures,
a US locum's W-9, a financing application and a refund form with SSNs, payroll bank-detail
changes, a supplier's mandate-fraud e-mail, ISO 20022 CstmrCdtTrfInitn refunds, cards pasted into
chats, a payment terminal's debug log, a chargeback CSV, card refunds; .env, YAML, INI (lab
analysers), docker-compose, JSON kiosk configs, Kubernetes Secrets, Terraform tfvars, curl
commands, CI logs (GitHub Actions, GitLab, Jenkins), gitleaks findings, vendor tokens in prose,
JWTs (cookies, token responses, logs, embed URLs), private keys (OpenSSH, RSA, EC, PKCS#8, a GCP
service-account JSON), URL credentials of twelve schemes (postgresql, rediss, redis, amqps,
mysql, mongodb+srv, smtps, ftp, sftp, rtsp, https, mqtt), AWS credential files with a session
token, Azure storage connection strings, Wi-Fi (hostapd, UniFi, prose), DHCP, RADIUS, IPv4 /
IPv6 firewall drops, impossible-travel alerts, `vault kv get` output and credential flags
(`sshpass -p`, `mysql -p'...'`, `redis-cli -a`, `PGPASSWORD=`).

Eighteen languages besides English, none listed by the earlier sets' docstrings (Kurmanji
Kurdish, Lower Sorbian, Venetian, Kikuyu, Dholuo, Sepedi, Tshivenda, siSwati, Mizo, Balinese,
Minangkabau, Waray, Cherokee, Inuktitut, Standard Moroccan Tamazight, Assyrian Neo-Aramaic,
Tuvan, Maithili), in six scripts besides Latin (Cherokee syllabary, Canadian syllabics,
Tifinagh, Syriac, Cyrillic, Devanagari): in each a client complaint with the client's phone and
e-mail (framed in turn as a Jira ticket with a watcher, a Furlink contact form, a quoted forward
or a chatbot transcript), a ward note with a colleague's (a listed staff member) and a
relative's phone, a staff Wi-Fi password given with the language's own word for password
(şîfre, gronidło, paroła segreta, kiugo kĩa hitho, wach mopondo, lentšu la sephiri, ipfi ḽa
tshiphiri, liphasiwedi, thuruk, kruna sandi, kato sandi, sekreto nga pulong, ᎤᏕᎵᏛ ᎧᏁᎢᏍᏗ,
ᐃᑎᕐᓂᕐᒧᑦ ᐅᖃᐅᓯᖅ, ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ, ܡܠܬܐ ܟܣܝܬܐ, чажыт сөс, कूटशब्द), a card pasted into a chat, a
chat line with a staff member's phone, a refund (to an IBAN in TR, DE, IT, GB, NL, FR and IQ for
Kurmanji, Lower Sorbian, Venetian, Dholuo, Balinese, Tamazight and Assyrian, to a card
elsewhere: Mir for Tuvan, RuPay for Mizo) and two negative sentences with veterinary look-alikes.
Names in Cherokee syllabary (ᏌᎳ ᏩᏯ), Canadian syllabics (ᓘᓯ ᐊᑯᓗᒃᔪᒃ), Tifinagh (ⵜⵉⴼⴰⵡⵜ ⵓⵣⵣⵉⵏ),
Syriac (ܫܡܝܪܡ ܒܝܬ ܒܢܝܡܝܢ), Cyrillic (Tuvan ү ө: Чодураа Түлүш), Devanagari (रूपा झा) and Latin
script with diacritics, particles and local customs (Kurmanji ê î û ç, Sorbian ě ń š ŕ and the
feminine -owa, Venetian `Dal`, Kikuyu ĩ ũ, Tshivenda ṱ, Sepedi š, Waray mother's-surname middle
names and ñ, Balinese birth-order names after the gender marker `I` / `Ni`, Minangkabau clan
names, Irish Ní / Ó, Dutch `van den`, Italian `De`, Breton `Le`, Danish æ / ø, Polish ż ó ł,
hyphenated names); staff display names in Latin, Devanagari, Cyrillic, Syriac and Canadian
syllabics with Latin addresses. Phone numbers of 40 countries (UK, Ireland, Netherlands,
Germany, Poland, France, Italy, Spain, Portugal, Sweden, Denmark, Austria, Switzerland, Belgium,
Norway, USA (Oklahoma too), Canada (Nunavut), Morocco, Iraq, Turkey, Kenya, Tanzania, South
Africa, Zimbabwe, Eswatini, India, Nepal, Myanmar, Indonesia, Malaysia, Philippines, Russia,
Australia, New Zealand, Singapore, UAE, Japan, Hong Kong, Brazil, Mexico), from each country's
mobile numbering plan (prefixes and lengths), in national, international, `00`, E.164, dashed
(`+41-79-...`, `+254-712-...`), bracketed (`(918) 482-1234`, `+44 (0)7912 ...`, `8 (923) ...`,
`+7 (905) ...`, `(+39) ...`, `(11) 91234-5678`, `+90 (532) ...`), dotted (`0477/14.56.38`,
`06.12.34.56.78`) and bare-MSISDN form; IBANs of 19 countries (GB, IE, DE, AT, CH, NL, BE, FR,
IT, ES, PT, SE, NO, FI, PL, SI, TR, IQ, AE; Dutch accounts passing the 11-test, Belgian
mod-97, French RIB keys, Italian CIN, Spanish DC, Portuguese NIB and Slovenian mod 97-10 check
digits, Norwegian mod-11, Finnish Luhn and Polish bank-code check digits), spaced in fours or
plain; card numbers of thirteen brands (Visa, Mastercard 5x and 2-series, Amex, Discover, JCB,
Diners, UnionPay of 16 and 19 digits, Maestro of 16 and 19 digits, Mir, RuPay, Troy, Elo;
spaced, dashed, plain); a few US SSNs; IPv4 and IPv6 addresses; MAC addresses; JWTs; URL
credentials; private keys; tokens of the eighteen vendors of the earlier sets' list, each four
times or more (distinct tokens). 150 of the 550 lines are negatives built from hard look-alikes
of this domain.

Written blind: without looking at the detectors (guest/, host/, cli/, server/, xtask/, js/, wit/,
examples/ and the rest of the engine), at README.md or SECURITY.md, at git history, logs or
diffs, or at the other sets' sentences, generators or data (no .jsonl file was opened); only
evaluate.py, checks.py and the module docstrings of heldout.py to heldout14.py were read, and
nothing was built or run but this script. Its first score is therefore a blind one.

    python3 tests/redaction/heldout15.py

A summary (lines, spans per kind, negatives, languages, categories) is printed after writing.

Deterministic: every random part (staff and clients drawn from fixed rosters, phone digits,
IBAN bodies, card numbers, passwords, tokens, PEM and JWT bodies, timestamps, look-alikes) comes
from one seeded `random.Random` (SEED); staff, clients, clinics, card brands, IBAN countries,
phone forms, complaint frames, URL schemes, gitleaks rules and vendors are taken in turn
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
the country's plan; passwords that are no placeholder or weak word, of three character classes;
url_credentials between `://` and `@`, holding no unencoded `@ / ? #`; e-mail domains that are
ours or reserved; no listed person's address labelled `email`; a listed person is in the line's
`people`, anyone else named has an address labelled in the same line whose local part spells
every part of the name, through its Latin transliteration for Cherokee, syllabics, Tifinagh,
Syriac, Cyrillic and Devanagari names). The text left unlabelled (labels and declared
look-alikes blanked) is scanned for e-mail addresses, IPv4 and IPv6 addresses, `+` / `00` /
North American / trunk-prefixed phone shapes and bare runs of 10-15 digits, MAC addresses, SSN
shapes, vendor-token, JWT, PEM and URL-credential shapes, password keywords of all the
languages followed by a secret-looking value, Luhn-valid runs of 13-19 digits (also across
spaces and dashes), valid IBANs, and every name part of the rosters (as written and in
capitals; two-letter parts too in non-Latin scripts). Look-alikes that carry check digits
(GTIN-13, ISBN-13, DEA numbers, tablet IMEIs, VINs) are generated with valid ones and re-checked;
loopback addresses, netmasks, masks and placeholders may stand on negative lines only. Negative
lines carry no span, positive lines at least one.

Format (the one evaluate.py reads):

    {"id": "held15-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from pieces
(plain strings, `Look`s and `Lab` labels, written through ⟦...⟧ templates), never by hand. A line
without spans is a negative: nothing in it may be redacted. No labelled value holds a line
break, except a private key with real newlines.

Labelling conventions: those of heldout14.py's docstring (and through it heldout4.py's to
heldout13.py's), unchanged, in brief:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `rediss://:pw@`; a URL-encoded user such as `noreply%40...` stays
  inside); a vendor token used as a URL password (`https://oauth2:glpat-...@`,
  `https://x-access-token:ghs_...@`) is the token alone.
* password: the secret value alone (no key name, no quotes); generic secrets without a vendor
  prefix in our list are `password` (base64 values of a Kubernetes Secret's `data`, a Wi-Fi
  passphrase, a hostapd `auth_server_shared_secret`, an opaque `refresh_token`, an AWS session
  token, an API key of a platform outside the vendor list, the secret of `curl -u user:secret`,
  a `vault kv get` value, `docker login -p`, `sshpass -p`, `mysql -p'...'`, `redis-cli -a`,
  `PGPASSWORD=`). A JWT is `jwt`.
* api_key/<vendor>: the whole token, prefix included, of anthropic, atlassian, aws (key ids and
  secret keys), azure (a storage `AccountKey`, alone, and Terraform's storage key), digitalocean,
  github, gitlab, google, hashicorp (hvs. and Terraform Cloud tokens), huggingface, npm, openai,
  pypi, sendgrid, shopify, slack (a webhook is the whole URL), stripe (whsec_ too), twilio (SK...
  key SIDs, their secrets and auth tokens; AC... account SIDs are not labelled); a vendor token
  given as the secret of `curl -u`, `--user` or `twine -p` is the token alone.
* person: the display name, e-mail or account id of someone in `people` (the staff, Jira users;
  an id alone in `[~accountid:...]`, a name alone after `@`); clients, keepers, relatives,
  locums, applicants, cardholders and supplier contacts are never in `people` and appear only in
  a line that labels an address spelling their name: every occurrence of the name is `person`,
  the address `email`. Role addresses (clientcare@, reception.bristol@, accounts@, claims@,
  pharmacy@, svc-jira@ ...) and a GCP service account's `client_email` are `email`. In e-mail
  headers every mailbox is labelled (a quoted display name without its quotes); Message-IDs are
  not addresses. A line's `people` may list staff the text does not mention.
* ip_address: public and private, IPv4 and IPv6, without port or brackets; `user@<ip>` labels
  the IP only; loopback, 0.0.0.0 and netmasks only on negative lines.
* phone: the whole number as written (a `(0)` trunk inside the span); a bare MSISDN is `phone`;
  extensions and short codes are not.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in JSON the `\\n`
  escapes stay inside, the trailing one outside).
* ssn: a US SSN AAA-GG-SSSS. mac_address: the whole address, colon or dash form.
* Not labelled: BICs, key ids, SSIDs, user names (also base64 ones in a Kubernetes Secret), host
  names, masked values and placeholders (only on negative lines), hashes, UUIDs, build numbers
  shaped like IPv4 addresses. No published test card number, no AWS example key, no weak literal
  password (`changeme` and the like are not used at all).

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: veterinary identifiers are declared look-alikes, never labelled: ISO 11784 / 11785
  microchip numbers (15 digits: a country or manufacturer code and 12 digits, plain or spaced in
  threes, so that `826 821 315 865 003` looks like a phone number and some are Luhn-valid by
  chance), sheep EIDs, UK cattle ear tags, UELNs, EU pet-passport numbers, patient and client
  ids, lab accession numbers, histopathology report hashes, VetPix DICOM UIDs and transfer
  syntaxes, analyser firmware builds shaped like IPv4 addresses, GTIN-13 drug-pack barcodes
  with their GS1 check digit, batch and lot numbers, US DEA registration numbers with their
  check digit, RCVS numbers and VMD authorisations, insurance policy numbers (10 digits) and
  claim references, invoice and estimate numbers, CareClub mandate references, lab requisitions
  shaped like a North American phone number (`675-826-0346`), 3-7-7 order numbers, ward-tablet
  IMEIs (Luhn by design), a mobile-clinic van's VIN and a formulary's ISBN-13 with their check
  digits, chargeback ARNs and TIDs, trace and span ids, epoch milliseconds, image digests, git
  SHAs, UUIDs, versions and build numbers, doses (`0,2 mg/kg`), weights (`31,7 kg`),
  temperatures, lab values, durations (`PT1H25M`, `00:42:10`), times, dates in several
  notations, coordinates, prices in several currencies.
* NEW: negatives with people-like words that are not people: dog breeds named after people or
  characters (`Jack Russell terrier`, `Cavalier King Charles spaniel`, `Dandie Dinmont
  terrier`, `Gordon setter`, `St. Bernard`), `the Herriot Ward`, `Mount Kenya`; pets' names
  (Biscuit, Mochi, Toby, Simba, Choco, ...) are never labelled. Secret words without secrets:
  the language's word for password followed by "was changed" in every language, "the password
  for the ward tablets was reset", "client_secret was rotated", "token expired", `<password>`,
  `REPLACE_ME`, `${...}` and `{{ ... }}` placeholders, `***`, `(sensitive value)`,
  `sk_live_xxxx...`, `ghp_XXXX...`, `<your-jwt-here>`.
* NEW: a language's own word for password is never labelled, only the value after it.
* NEW: an honorific or gender marker written before a name stays outside its span: the Sepedi
  `Mma` / `Rra` (`Mma Mahlatse Sebola`) and the Balinese `I` / `Ni` (`Ni Kadek Sri Wahyuni` ↔
  kadek.sri.wahyuni, the span `Kadek Sri Wahyuni`); so do the siSwati prefixes written with a
  hyphen before a number or a name (`ku-074 ...`, `la-Thabiso Magagula`). A Waray name with the
  mother's surname as middle name (`Rowena Abarquez Cinco`) and an Assyrian name with `Bet`
  (`ܫܡܝܪܡ ܒܝܬ ܒܢܝܡܝܢ` ↔ shamiram.bet.benyamin) are one span each, beside an address spelling
  every part.
* NEW: names in Cherokee syllabary, Canadian syllabics, Tifinagh, Syriac, Cyrillic and
  Devanagari are spelt by the address through their Latin transliteration (ᏌᎳ ᏩᏯ ↔ sala.waya,
  ᐸᐅᓗᓯ ᐃᓱᓗᑕᒃ ↔ paulusi.isulutak, ⵎⴰⵙⵉⵏⵉⵙⴰ ⴰⵅⵉⵢⴰⵜ ↔ masinissa.akhiyat, ܐܫܘܪ ܝܘܚܢܐ ↔
  ashur.youkhana, Чодураа Түлүш ↔ choduraa.tulush, संजीव मिश्र ↔ sanjeev.mishra); Latin names
  drop their diacritics (Ṱhilivhali ↔ thilivhali, Tšhepo ↔ tshepo, Wanjirũ ↔ wanjiru, Hêvî
  Ronahî ↔ hevi.ronahi, Bjeńšowa ↔ bjensowa, Quiñones ↔ quinones; German and Danish umlauts and
  æ / ø spelt ue / ae / oe: Jürgen ↔ juergen, Kjærgaard ↔ kjaergaard).
* NEW: in a vCard `FN` is one `person` span and `N`'s family and given components one each (a
  particle stays inside: `Ní Bhriain`, `van den Berg`); registration-CSV `surname` /
  `given_name` columns are separate spans; a cardholder in capitals in a chargeback CSV is
  `person` beside the address in the same row.
* NEW: a card number pasted by a chat visitor (no name shown, the chat header holding no
  address), typed into a payment terminal's debug log (`PAN=...`, the digits alone; `EXP=`,
  `AUTH=`, `STAN=`, `TID=` are not labelled) or held in a chargeback CSV is `credit_card`.
* NEW: an SMS gateway export labels the client's number on both rows (bare MSISDN outgoing,
  E.164 incoming); the reminder text's dates and times are not labelled.
* NEW: a RADIUS `Login OK: [...]` user that is a staff address is `person`; the `cli` MAC is
  `mac_address`, the NAS-IP `ip_address`; a hostapd or UniFi `bssid` is `mac_address`, SSIDs and
  VLANs are not labelled; a DHCP lease labels the IP and the MAC, not the host
  name; an analyser INI's `host` and `mac` are labelled, its `firmware` build is not.
* NEW: the Kubernetes Secret `username` (base64) is a declared look-alike, its `password`
  (base64) is `password`; a JSON kiosk config's opaque `api_key` (no vendor prefix) is
  `password`; a Furlink OAuth `refresh_token` (opaque) is `password`, its `access_token` `jwt`.
* NEW: in a mandate-fraud check both the supplier's old and new IBAN are `iban`, the supplier
  contact is `person` beside the address on the supplier's example domain, the company's
  `accounts@` is `email`; in a payroll bank-detail change the old and the new IBAN are both
  `iban`; in a pain.001 refund the group's own debtor IBAN and the client's creditor IBAN are
  both `iban`.
"""

import base64
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

OUT = HERE / "heldout15.jsonl"
SEED = 15_2026_0314
SHUFFLE_SEED = 15_0314_2026
R = random.Random(SEED)

DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = "abcdefghijklmnopqrstuvwxyz"
B62 = DIGITS + UPPER + LOWER
B64URL = B62 + "-_"
HEX = "0123456789abcdef"


# --- pieces ----------------------------------------------------------------------------------


class Lab:
    """A labelled value: its kind, its text, and what the validation needs to know of it."""

    def __init__(self, kind, value, **meta):
        self.kind, self.value, self.meta = kind, value, meta

    def __repr__(self):
        return f"Lab({self.kind}, {self.value!r})"


class Look:
    """A declared look-alike: left unlabelled on purpose, blanked before the leak scan."""

    def __init__(self, value, what):
        self.value, self.what = value, what

    def __repr__(self):
        return f"Look({self.what}, {self.value!r})"


_SLOT = re.compile(r"⟦(\w+)⟧")


def T(template, **parts):
    """The pieces of `template`, each ⟦name⟧ replaced by `parts[name]` (a string, a Lab, a Look
    or a list of pieces). Every part must be used."""
    out, pos, used = [], 0, set()
    for m in _SLOT.finditer(template):
        if m.start() > pos:
            out.append(template[pos:m.start()])
        name = m.group(1)
        if name not in parts:
            raise KeyError(f"slot {name} not given for template {template[:60]!r}")
        used.add(name)
        value = parts[name]
        out.extend(value if isinstance(value, list) else [value])
        pos = m.end()
    if pos < len(template):
        out.append(template[pos:])
    unused = set(parts) - used
    if unused:
        raise KeyError(f"unused parts {sorted(unused)} for template {template[:60]!r}")
    return out


def fill(template, gens, **parts):
    """T(), the slots not given in `parts` drawn from the zero-argument generators `gens`."""
    slots = _SLOT.findall(template)
    parts = {k: v for k, v in parts.items() if k in slots}
    for name in slots:
        if name not in parts:
            parts[name] = gens[name]()
    return T(template, **parts)


class Cycle:
    """Items taken in turn."""

    def __init__(self, items):
        self.items, self.i = list(items), 0

    def __call__(self):
        item = self.items[self.i % len(self.items)]
        self.i += 1
        return item


LINES = []


def add(cat, lang, pieces, people=()):
    """Registers one line: a category, a language code, its pieces, and the listed people that
    the text does not mention (the mentioned staff are added from the labels)."""
    LINES.append({"cat": cat, "lang": lang, "pieces": list(pieces), "extra": list(people)})


# --- random helpers --------------------------------------------------------------------------


def rd(n):
    return "".join(R.choice(DIGITS) for _ in range(n))


def rs(n, alphabet=B62):
    return "".join(R.choice(alphabet) for _ in range(n))


def rnz(n):
    return R.choice("123456789") + rd(n - 1)


def pick(seq):
    return R.choice(seq)


# --- people ------------------------------------------------------------------------------------


class Staff:
    """A Jira user of the tenant: display name, address, account id and a mobile number."""

    def __init__(self, key, name, local, country):
        self.key, self.name, self.country = key, name, country
        self.email = f"{local}@merrowdalevet.com"
        if R.random() < 0.5:
            self.account_id = "".join(R.choice(HEX) for _ in range(24))
        else:
            u = "".join(R.choice(HEX) for _ in range(32))
            self.account_id = f"712020:{u[:8]}-{u[8:12]}-4{u[13:16]}-a{u[17:20]}-{u[20:]}"
        self.nsn = mobile_nsn(country)

    def record(self):
        return {"display_name": self.name, "email": self.email, "account_id": self.account_id}


def S(st):
    return Lab("person", st.name, staff=st)


def SE(st):
    return Lab("person", st.email, staff=st)


def SA(st):
    return Lab("person", st.account_id, staff=st)


def SP(st, form=None):
    return phone_lab(st.country, form, nsn=st.nsn)


CUST_DOMAINS = Cycle(["example.com", "mail.example", "example.net", "inbox.example", "example.org",
                      "post.example", "correo.example", "webmail.example.com", "posta.example",
                      "mx.example.net"])


class Cust:
    """Someone who is not a Jira user (a client, a relative, a supplier contact): name parts as
    written, their Latin spelling, and an address spelling every part."""

    def __init__(self, parts, latin, sep=" ", local=None, domain=None):
        assert len(parts) == len(latin), parts
        self.parts, self.latin = list(parts), list(latin)
        self.name = sep.join(parts)
        if local is None:
            joiner = R.choice([".", ".", "_", ".", ""])
            local = joiner.join(re.sub(r"[^a-z-]", "", p.lower()) for p in latin)
            if R.random() < 0.3:
                local += rd(2)
        self.email = f"{local}@{domain or CUST_DOMAINS()}"


def CN(c, style="full"):
    """A person label of a customer's name: full, upper (capitals), family-first ('Family,
    Given'), or one part (style=int index)."""
    if style == "full":
        value = c.name
    elif style == "upper":
        value = " ".join(c.parts).upper()
    elif style == "upper_latin":
        value = " ".join(c.latin).upper()
    elif style == "given":
        value = c.parts[0]
    elif style == "family":
        value = " ".join(c.parts[1:])
    elif style == "comma":
        value = f"{c.parts[-1]}, {' '.join(c.parts[:-1])}"
    elif isinstance(style, int):
        value = c.parts[style]
    else:
        raise ValueError(style)
    return Lab("person", value, cust=c)


def CE(c):
    return Lab("email", c.email, cust=c)


def role(local, domain="merrowdalevet.com"):
    return Lab("email", f"{local}@{domain}", role=True)


# --- phone numbers ---------------------------------------------------------------------------
# Per country: calling code, trunk prefix (None where the national form has none), mobile
# prefixes and the national significant number's length(s), and the written forms.

PLANS = {
    "GB": ("44", "0", ["74", "75", "77", "78", "79"], [10]),
    "IE": ("353", "0", ["83", "85", "86", "87", "89"], [9]),
    "NL": ("31", "0", ["6"], [9]),
    "DE": ("49", "0", ["151", "152", "157", "160", "162", "170", "171", "172", "173", "174", "175",
                       "176", "177", "178", "179"], [11]),
    "PL": ("48", None, ["50", "51", "53", "57", "60", "66", "69", "72", "73", "78", "79", "88"], [9]),
    "FR": ("33", "0", ["6", "73", "74", "75", "76", "77", "78"], [9]),
    "IT": ("39", None, ["320", "327", "328", "329", "331", "333", "334", "335", "338", "339", "340",
                        "342", "345", "347", "348", "349", "366", "380", "388", "389", "392",
                        "393"], [10]),
    "ES": ("34", None, ["6", "71", "72", "73", "74"], [9]),
    "PT": ("351", None, ["91", "92", "93", "96"], [9]),
    "SE": ("46", "0", ["70", "72", "73", "76", "79"], [9]),
    "DK": ("45", None, ["20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31",
                        "40", "41", "42", "50", "51", "52", "53", "60", "61", "71", "81"], [8]),
    "AT": ("43", "0", ["650", "660", "664", "676", "680", "681", "688", "699"], [10]),
    "CH": ("41", "0", ["75", "76", "77", "78", "79"], [9]),
    "BE": ("32", "0", ["456", "460", "465", "466", "467", "468", "470", "471", "472", "473", "474",
                       "475", "476", "477", "478", "479", "484", "485", "486", "487", "488",
                       "489", "491", "492", "493", "494", "495", "496", "497", "498", "499"], [9]),
    "NO": ("47", None, ["4", "9"], [8]),
    "US": ("1", None, ["918", "539", "405", "617", "312", "206", "512", "646", "415", "303"], [10]),
    "CA": ("1", None, ["867", "204", "416", "604", "613"], [10]),
    "USOK": ("1", None, ["918", "539"], [10]),
    "CANU": ("1", None, ["867"], [10]),
    "MA": ("212", "0", ["61", "62", "63", "64", "65", "66", "67", "68", "69", "70", "71", "76",
                        "77", "78"], [9]),
    "IQ": ("964", "0", ["750", "751", "770", "771", "772", "780", "781", "790"], [10]),
    "TR": ("90", "0", ["501", "505", "506", "507", "530", "531", "532", "533", "534", "535", "536",
                       "537", "538", "539", "541", "542", "543", "544", "545", "546", "551", "552",
                       "553", "554"], [10]),
    "KE": ("254", "0", ["701", "702", "710", "711", "712", "720", "721", "722", "726", "727",
                        "740", "741", "742", "743", "745", "746", "748", "757", "758", "759",
                        "768", "769", "790", "791", "792", "793", "794", "795", "110", "111",
                        "112", "113", "114", "115"], [9]),
    "TZ": ("255", "0", ["754", "755", "756", "757", "713", "714", "715", "716", "717", "784",
                        "785", "786", "787", "765", "766", "767", "621", "622", "623", "624",
                        "625", "658", "659", "687", "688", "689", "745", "746"], [9]),
    "ZA": ("27", "0", ["60", "61", "62", "63", "64", "65", "66", "67", "68", "71", "72", "73",
                       "74", "76", "78", "79", "81", "82", "83", "84"], [9]),
    "ZW": ("263", "0", ["71", "73", "77", "78"], [9]),
    "SZ": ("268", None, ["76", "78", "79"], [8]),
    "IN": ("91", "0", ["6", "7", "8", "9"], [10]),
    "NP": ("977", None, ["980", "981", "982", "984", "985", "986", "974", "975", "976"], [10]),
    "MM": ("95", "0", ["925", "926", "940", "942", "944", "945", "966", "967", "968", "969",
                       "975", "976", "977", "978", "979", "996", "997", "998", "999"], [10]),
    "ID": ("62", "0", ["811", "812", "813", "815", "816", "817", "818", "819", "821", "822",
                       "823", "852", "853", "877", "878", "895", "896", "897", "898", "899",
                       "881", "882", "838", "831", "832", "857", "858", "856"], [10, 11]),
    "MY": ("60", "0", ["12", "13", "14", "16", "17", "18", "19"], [9]),
    "PH": ("63", "0", ["905", "906", "915", "916", "917", "926", "927", "935", "945", "955",
                       "956", "965", "975", "995", "998", "999", "908", "918", "919", "920",
                       "921", "928", "929", "939", "947", "949", "951", "961", "977", "978",
                       "989", "992", "993", "994"], [10]),
    "RU": ("7", "8", ["901", "902", "903", "904", "905", "906", "909", "912", "913", "914",
                      "916", "917", "919", "923", "925", "926", "929", "950", "951", "952",
                      "960", "961", "962", "965", "977", "983", "985", "999"], [10]),
    "AU": ("61", "0", ["4"], [9]),
    "NZ": ("64", "0", ["21", "22", "27"], [9]),
    "SG": ("65", None, ["8", "9"], [8]),
    "AE": ("971", "0", ["50", "52", "54", "55", "56", "58"], [9]),
    "JP": ("81", "0", ["70", "80", "90"], [10]),
    "HK": ("852", None, ["51", "52", "53", "54", "55", "56", "59", "61", "62", "63", "64", "65",
                         "66", "67", "68", "69", "90", "91", "92", "93", "94", "95", "96", "97",
                         "98"], [8]),
    "BR": ("55", "0", ["119", "219", "319", "419", "519", "619", "719", "819", "919"], [11]),
    "MX": ("52", None, ["55", "33", "81", "999"], [10]),
}

COUNTRY_NAMES = {
    "GB": "UK", "IE": "Ireland", "NL": "Netherlands", "DE": "Germany", "PL": "Poland",
    "FR": "France", "IT": "Italy", "ES": "Spain", "PT": "Portugal", "SE": "Sweden",
    "DK": "Denmark", "AT": "Austria", "CH": "Switzerland", "BE": "Belgium", "NO": "Norway",
    "US": "USA", "CA": "Canada", "MA": "Morocco", "IQ": "Iraq", "TR": "Turkey", "KE": "Kenya",
    "TZ": "Tanzania", "ZA": "South Africa", "ZW": "Zimbabwe", "SZ": "Eswatini", "IN": "India",
    "NP": "Nepal", "MM": "Myanmar", "ID": "Indonesia", "MY": "Malaysia", "PH": "Philippines",
    "RU": "Russia", "AU": "Australia", "NZ": "New Zealand", "SG": "Singapore", "AE": "UAE",
    "JP": "Japan", "HK": "Hong Kong", "BR": "Brazil", "MX": "Mexico", "USOK": "USA (Oklahoma)",
    "CANU": "Canada (Nunavut)",
}


def mobile_nsn(country):
    """A national significant number from the country's mobile plan."""
    cc, trunk, prefixes, lengths = PLANS[country]
    prefix = R.choice(prefixes)
    n = R.choice(lengths)
    if country in ("US", "CA", "USOK", "CANU"):
        while True:
            exch = R.choice("23456789") + rd(2)
            if exch != "555" and exch[1:] != "11":
                return prefix + exch + rd(4)
    if country == "MX" and prefix == "999":
        return prefix + rnz(7)
    return prefix + R.choice("123456789") + rd(n - len(prefix) - 1)


def plan_ok(country, nsn):
    cc, trunk, prefixes, lengths = PLANS[country]
    return nsn.isdigit() and len(nsn) in lengths and any(nsn.startswith(p) for p in prefixes)


def grp(s, sizes, sep=" "):
    """`s` cut into groups of `sizes` (the last group takes the rest)."""
    out, i = [], 0
    for k, size in enumerate(sizes):
        if k == len(sizes) - 1:
            out.append(s[i:])
        else:
            out.append(s[i:i + size])
            i += size
    return sep.join(x for x in out if x)


def formats(country, nsn):
    """Every written form of a mobile number of `country`: form name -> (text, digits)."""
    cc, trunk, _, _ = PLANS[country]
    t = trunk or ""
    n = nsn
    f = {}
    e164 = f"+{cc}{n}"
    f["e164"] = e164
    f["bare"] = f"{cc}{n}"
    if country == "GB":
        f["nat"] = grp(t + n, (5, 6))
        f["intl"] = f"+44 {grp(n, (4, 6))}"
        f["brk"] = f"+44 (0){grp(n, (4, 6))}"
        f["00"] = f"0044 {grp(n, (4, 6))}"
    elif country == "IE":
        f["nat"] = grp(t + n, (3, 3, 4))
        f["intl"] = f"+353 {grp(n, (2, 3, 4))}"
        f["00"] = f"00353 {grp(n, (2, 3, 4))}"
        f["brk"] = f"+353 (0){grp(n, (2, 3, 4))}"
    elif country == "NL":
        f["nat"] = f"06-{n[1:]}"
        f["intl"] = f"+31 6 {n[1:]}"
        f["00"] = f"0031 6 {grp(n[1:], (2, 2, 2, 2))}"
        f["dash"] = f"+31-6-{n[1:]}"
    elif country == "DE":
        f["nat"] = f"{t}{n[:3]} {n[3:]}"
        f["intl"] = f"+49 {n[:3]} {n[3:]}"
        f["00"] = f"0049 {n[:3]} {n[3:]}"
        f["brk"] = f"+49 (0){n[:3]} {n[3:]}"
        f["dash"] = f"{t}{n[:3]}-{n[3:]}"
    elif country == "PL":
        f["nat"] = grp(n, (3, 3, 3))
        f["intl"] = f"+48 {grp(n, (3, 3, 3))}"
        f["00"] = f"0048 {grp(n, (3, 3, 3))}"
        f["dash"] = f"+48-{grp(n, (3, 3, 3), '-')}"
    elif country == "FR":
        f["nat"] = grp(t + n, (2, 2, 2, 2, 2))
        f["intl"] = f"+33 {grp(n, (1, 2, 2, 2, 2))}"
        f["00"] = f"0033 {grp(n, (1, 2, 2, 2, 2))}"
        f["brk"] = f"+33 (0){grp(n, (1, 2, 2, 2, 2))}"
        f["dot"] = grp(t + n, (2, 2, 2, 2, 2), ".")
    elif country == "IT":
        f["nat"] = grp(n, (3, 3, 4))
        f["intl"] = f"+39 {grp(n, (3, 3, 4))}"
        f["brk"] = f"(+39) {grp(n, (3, 3, 4))}"
        f["00"] = f"0039 {grp(n, (3, 7))}"
    elif country == "ES":
        f["nat"] = grp(n, (3, 2, 2, 2))
        f["intl"] = f"+34 {grp(n, (3, 3, 3))}"
        f["brk"] = f"(+34) {grp(n, (3, 3, 3))}"
        f["00"] = f"0034 {grp(n, (3, 3, 3))}"
    elif country == "PT":
        f["nat"] = grp(n, (3, 3, 3))
        f["intl"] = f"+351 {grp(n, (3, 3, 3))}"
        f["00"] = f"00351 {grp(n, (3, 3, 3))}"
    elif country == "SE":
        f["nat"] = f"0{n[:2]}-{grp(n[2:], (3, 2, 2))}"
        f["intl"] = f"+46 {grp(n, (2, 3, 2, 2))}"
        f["00"] = f"0046 {grp(n, (2, 3, 2, 2))}"
    elif country == "DK":
        f["nat"] = grp(n, (2, 2, 2, 2))
        f["intl"] = f"+45 {grp(n, (2, 2, 2, 2))}"
        f["00"] = f"0045 {grp(n, (4, 4))}"
    elif country == "AT":
        f["nat"] = f"0{n[:3]} {n[3:]}"
        f["intl"] = f"+43 {n[:3]} {n[3:]}"
        f["brk"] = f"+43 (0){n[:3]} {n[3:]}"
        f["00"] = f"0043 {n[:3]} {n[3:]}"
    elif country == "CH":
        f["nat"] = grp(t + n, (3, 3, 2, 2))
        f["intl"] = f"+41 {grp(n, (2, 3, 2, 2))}"
        f["dash"] = f"+41-{grp(n, (2, 3, 2, 2), '-')}"
        f["00"] = f"0041 {grp(n, (2, 3, 2, 2))}"
    elif country == "BE":
        f["nat"] = grp(t + n, (4, 2, 2, 2))
        f["intl"] = f"+32 {grp(n, (3, 2, 2, 2))}"
        f["00"] = f"0032 {grp(n, (3, 2, 2, 2))}"
        f["dot"] = f"{t}{n[:3]}/{grp(n[3:], (2, 2, 2), '.')}"
    elif country == "NO":
        f["nat"] = grp(n, (3, 2, 3))
        f["intl"] = f"+47 {grp(n, (3, 2, 3))}"
        f["00"] = f"0047 {grp(n, (2, 2, 2, 2))}"
    elif country in ("US", "CA", "USOK", "CANU"):
        f["brk"] = f"({n[:3]}) {n[3:6]}-{n[6:]}"
        f["nat"] = f"{n[:3]}-{n[3:6]}-{n[6:]}"
        f["dot"] = f"{n[:3]}.{n[3:6]}.{n[6:]}"
        f["intl"] = f"+1 {n[:3]} {n[3:6]} {n[6:]}"
        f["dash"] = f"+1-{n[:3]}-{n[3:6]}-{n[6:]}"
        f["brk1"] = f"+1 ({n[:3]}) {n[3:6]}-{n[6:]}"
    elif country == "MA":
        f["nat"] = grp(t + n, (2, 2, 2, 2, 2))
        f["intl"] = f"+212 {n[:3]}-{n[3:]}"
        f["00"] = f"00212 {grp(n, (1, 2, 2, 2, 2))}"
        f["brk"] = f"+212 (0){grp(n, (1, 2, 2, 2, 2))}"
    elif country == "IQ":
        f["nat"] = grp(t + n, (4, 3, 4))
        f["intl"] = f"+964 {grp(n, (3, 3, 4))}"
        f["00"] = f"00964 {grp(n, (3, 3, 4))}"
    elif country == "TR":
        f["nat"] = grp(t + n, (4, 3, 2, 2))
        f["intl"] = f"+90 {grp(n, (3, 3, 2, 2))}"
        f["brk"] = f"+90 ({n[:3]}) {grp(n[3:], (3, 2, 2))}"
        f["00"] = f"0090 {grp(n, (3, 3, 4))}"
    elif country == "KE":
        f["nat"] = grp(t + n, (4, 6))
        f["intl"] = f"+254 {grp(n, (3, 6))}"
        f["00"] = f"00254 {grp(n, (3, 3, 3))}"
        f["dash"] = f"+254-{grp(n, (3, 3, 3), '-')}"
    elif country == "TZ":
        f["nat"] = grp(t + n, (4, 3, 3))
        f["intl"] = f"+255 {grp(n, (3, 3, 3))}"
        f["00"] = f"00255 {grp(n, (3, 3, 3))}"
    elif country == "ZA":
        f["nat"] = grp(t + n, (3, 3, 4))
        f["intl"] = f"+27 {grp(n, (2, 3, 4))}"
        f["00"] = f"0027 {grp(n, (2, 3, 4))}"
        f["brk"] = f"+27 (0){grp(n, (2, 3, 4))}"
    elif country == "ZW":
        f["nat"] = grp(t + n, (3, 3, 4))
        f["intl"] = f"+263 {grp(n, (2, 3, 4))}"
        f["00"] = f"00263 {grp(n, (2, 3, 4))}"
    elif country == "SZ":
        f["nat"] = grp(n, (4, 4))
        f["intl"] = f"+268 {grp(n, (4, 4))}"
        f["00"] = f"00268 {grp(n, (4, 4))}"
    elif country == "IN":
        f["nat"] = grp(n, (5, 5))
        f["intl"] = f"+91 {grp(n, (5, 5))}"
        f["dash"] = f"+91-{grp(n, (5, 5), '-')}"
        f["trunk"] = f"0{n}"
        f["00"] = f"0091 {grp(n, (5, 5))}"
    elif country == "NP":
        f["nat"] = f"{n[:3]}-{n[3:]}"
        f["intl"] = f"+977 {n[:3]}-{n[3:]}"
        f["00"] = f"00977 {n}"
    elif country == "MM":
        f["nat"] = grp(t + n, (2, 2, 3, 4))
        f["intl"] = f"+95 {grp(n, (1, 2, 3, 4))}"
        f["00"] = f"0095 {grp(n, (1, 2, 3, 4))}"
    elif country == "ID":
        f["nat"] = grp(t + n, (4, 4, 4), "-")
        f["intl"] = f"+62 {grp(n, (3, 4, 4), '-')}"
        f["00"] = f"0062 {grp(n, (3, 4, 4))}"
    elif country == "MY":
        f["nat"] = f"0{n[:2]}-{grp(n[2:], (3, 4))}"
        f["intl"] = f"+60 {n[:2]}-{grp(n[2:], (3, 4))}"
        f["00"] = f"0060 {n[:2]} {grp(n[2:], (3, 4))}"
    elif country == "PH":
        f["nat"] = grp(t + n, (4, 3, 4))
        f["intl"] = f"+63 {grp(n, (3, 3, 4))}"
        f["00"] = f"0063 {grp(n, (3, 3, 4))}"
        f["dash"] = f"+63-{grp(n, (3, 3, 4), '-')}"
    elif country == "RU":
        f["nat"] = f"8 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        f["intl"] = f"+7 {n[:3]} {n[3:6]}-{n[6:8]}-{n[8:]}"
        f["brk"] = f"+7 ({n[:3]}) {n[3:6]}-{n[6:8]}-{n[8:]}"
        f["trunk"] = f"8{n}"
    elif country == "AU":
        f["nat"] = grp(t + n, (4, 3, 3))
        f["intl"] = f"+61 {grp(n, (3, 3, 3))}"
        f["00"] = f"0061 {grp(n, (3, 3, 3))}"
    elif country == "NZ":
        f["nat"] = grp(t + n, (3, 3, 3))
        f["intl"] = f"+64 {grp(n, (2, 3, 4))}"
        f["00"] = f"0064 {grp(n, (2, 3, 4))}"
    elif country == "SG":
        f["nat"] = grp(n, (4, 4))
        f["intl"] = f"+65 {grp(n, (4, 4))}"
        f["dash"] = f"+65-{grp(n, (4, 4), '-')}"
    elif country == "AE":
        f["nat"] = grp(t + n, (3, 3, 4))
        f["intl"] = f"+971 {grp(n, (2, 3, 4))}"
        f["00"] = f"00971 {grp(n, (2, 3, 4))}"
        f["dash"] = f"+971-{n[:2]}-{n[2:]}"
    elif country == "JP":
        f["nat"] = grp(t + n, (3, 4, 4), "-")
        f["intl"] = f"+81 {grp(n, (2, 4, 4), '-')}"
        f["00"] = f"0081 {grp(n, (2, 4, 4))}"
    elif country == "HK":
        f["nat"] = grp(n, (4, 4))
        f["intl"] = f"+852 {grp(n, (4, 4))}"
        f["00"] = f"00852 {grp(n, (4, 4))}"
    elif country == "BR":
        f["nat"] = f"({n[:2]}) {n[2:7]}-{n[7:]}"
        f["intl"] = f"+55 {n[:2]} {n[2:7]}-{n[7:]}"
        f["brk"] = f"+55 ({n[:2]}) {n[2:7]}-{n[7:]}"
    elif country == "MX":
        a = 3 if n.startswith("999") else 2
        f["nat"] = grp(n, (a, 4 if a == 2 else 3, 4))
        f["intl"] = f"+52 {grp(n, (a, 4 if a == 2 else 3, 4))}"
        f["brk"] = f"+52 ({n[:a]}) {grp(n[a:], (4 if a == 2 else 3, 4))}"
    return f


PHONE_FORMS = Cycle(["intl", "nat", "e164", "00", "intl", "brk", "nat", "dash", "bare", "dot",
                     "trunk", "brk1", "intl", "nat"])


def phone_lab(country, form=None, nsn=None):
    """A `phone` label of a mobile number of `country` in `form` (or the next form the country
    has, in turn)."""
    nsn = nsn or mobile_nsn(country)
    f = formats(country, nsn)
    if form is None or form not in f:
        for _ in range(len(PHONE_FORMS.items)):
            form = PHONE_FORMS()
            if form in f:
                break
    return Lab("phone", f[form], country=country, nsn=nsn, form=form)


def PH(country, form=None):
    return phone_lab(country, form)


# --- IBANs -------------------------------------------------------------------------------------

IBAN_LEN = {"GB": 22, "IE": 22, "DE": 22, "AT": 20, "CH": 21, "NL": 18, "BE": 16, "FR": 27,
            "IT": 27, "ES": 24, "PT": 25, "SE": 24, "DK": 18, "NO": 15, "FI": 18, "PL": 28,
            "SI": 19, "TR": 26, "IQ": 23, "AE": 23, "LU": 20, "MC": 27}


def rib_key(bank, branch, account):
    conv = {c: str(v) for c, v in zip(UPPER, "12345678912345678923456789")}
    acc = "".join(conv.get(c, c) for c in account)
    return f"{97 - (89 * int(bank) + 15 * int(branch) + 3 * int(acc)) % 97:02d}"


CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25,
           24, 23]


def cin(bban):
    total = 0
    for i, ch in enumerate(bban):
        v = int(ch) if ch.isdigit() else UPPER.index(ch)
        total += CIN_ODD[v] if i % 2 == 0 else v
    return UPPER[total % 26]


def es_dc(bank, branch, account):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(s):
        v = 11 - sum(int(c) * w[i] for i, c in enumerate(s)) % 11
        return {10: 1, 11: 0}.get(v, v)

    return f"{d('00' + bank + branch)}{d(account)}"


def nl_account():
    while True:
        acc = rnz(10)
        if sum(int(c) * (10 - i) for i, c in enumerate(acc)) % 11 == 0:
            return acc


def no_account():
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    while True:
        body = rnz(10)
        r = sum(int(c) * w[i] for i, c in enumerate(body)) % 11
        if r == 1:
            continue
        return body + str(0 if r == 0 else 11 - r)


def luhn_digit(body):
    for d in DIGITS:
        if luhn_ok(body + d):
            return d


def pl_sort():
    w = [3, 9, 7, 1, 3, 9, 7]
    body = R.choice(["102", "105", "109", "114", "116", "124", "132", "160", "175", "249"]) + rd(4)
    s = sum(int(c) * w[i] for i, c in enumerate(body))
    return body + str((10 - s % 10) % 10)


def make_bban(cc):
    if cc == "GB":
        return R.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "MONZ"]) + rd(6) + rd(8)
    if cc == "IE":
        return R.choice(["AIBK", "BOFI", "IPBS"]) + rd(6) + rd(8)
    if cc == "DE":
        return R.choice(["1007", "1203", "2004", "3007", "3702", "5001", "6005", "7002"]) + rd(4) + rnz(10)
    if cc == "AT":
        return R.choice(["12000", "14000", "20111", "32000", "60000"]) + rd(11)
    if cc == "CH":
        return R.choice(["00762", "00230", "00700", "08390"]) + rd(12)
    if cc == "NL":
        return R.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB"]) + nl_account()
    if cc == "BE":
        body = R.choice(["001", "068", "310", "363", "539", "735"]) + rd(7)
        chk = int(body) % 97 or 97
        return body + f"{chk:02d}"
    if cc == "FR":
        bank, branch, acc = R.choice(["30002", "30003", "30004", "10278", "20041", "16606"]), rd(5), rd(11)
        return bank + branch + acc + rib_key(bank, branch, acc)
    if cc in ("IT",):
        rest = R.choice(["03069", "02008", "05034", "01030", "03062"]) + rd(5) + rd(12)
        return cin(rest) + rest
    if cc == "ES":
        bank, branch, acc = R.choice(["2100", "0049", "0182", "2080", "0081"]), rd(4), rd(10)
        return bank + branch + es_dc(bank, branch, acc) + acc
    if cc == "PT":
        body = R.choice(["0033", "0035", "0010", "0036", "0018"]) + rd(4) + rd(11)
        return body + f"{98 - int(body + '00') % 97:02d}"
    if cc == "SE":
        return R.choice(["500", "600", "800", "300"]) + rd(17)
    if cc == "DK":
        return R.choice(["3000", "5470", "2000", "1551"]) + rd(10)
    if cc == "NO":
        return no_account()
    if cc == "FI":
        body = R.choice(["1", "2", "4", "5", "8"]) + rd(12)
        return body + luhn_digit(body)
    if cc == "PL":
        return pl_sort() + rd(16)
    if cc == "SI":
        body = R.choice(["01100", "02010", "04001", "05100"]) + rd(8)
        return body + f"{98 - int(body + '00') % 97:02d}"
    if cc == "TR":
        return R.choice(["00010", "00012", "00046", "00062", "00064"]) + "0" + rd(16)
    if cc == "IQ":
        return R.choice(["NBIQ", "RAFB", "CBIQ", "KURD"]) + rd(3) + rd(12)
    if cc == "AE":
        return R.choice(["033", "026", "035", "030"]) + rd(16)
    raise ValueError(cc)


def make_iban(cc):
    bban = make_bban(cc)
    return cc + iban_check(cc, bban) + bban


IBAN_SPACING = Cycle([True, False, True, True, False])


def IB(cc, spaced=None):
    value = make_iban(cc)
    if spaced is None:
        spaced = IBAN_SPACING()
    if spaced:
        value = " ".join(value[i:i + 4] for i in range(0, len(value), 4))
    return Lab("iban", value, country=cc)


def national_check_ok(iban):
    """The national check digits of the BBAN where the country has them."""
    cc, b = iban[:2], iban[4:]
    if cc == "FR":
        return rib_key(b[:5], b[5:10], b[10:21]) == b[21:]
    if cc == "IT":
        return cin(b[1:]) == b[0]
    if cc == "ES":
        return es_dc(b[:4], b[4:8], b[10:]) == b[8:10]
    if cc in ("PT", "SI"):
        return f"{98 - int(b[:-2] + '00') % 97:02d}" == b[-2:]
    if cc == "BE":
        return (int(b[:10]) % 97 or 97) == int(b[10:])
    if cc == "NL":
        return sum(int(c) * (10 - i) for i, c in enumerate(b[4:])) % 11 == 0
    if cc == "NO":
        w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
        r = sum(int(c) * w[i] for i, c in enumerate(b[:10])) % 11
        return r != 1 and int(b[10]) == (0 if r == 0 else 11 - r)
    if cc == "FI":
        return luhn_ok(b)
    if cc == "PL":
        w = [3, 9, 7, 1, 3, 9, 7]
        return (10 - sum(int(c) * w[i] for i, c in enumerate(b[:7])) % 10) % 10 == int(b[7])
    return True


# --- payment cards -----------------------------------------------------------------------------

BRANDS = {
    "visa": ([["4"]], [16]),
    "mc": ([[str(p) for p in range(51, 56)]], [16]),
    "mc2": ([[str(p) for p in range(2221, 2721)]], [16]),
    "amex": ([["34", "37"]], [15]),
    "discover": ([["6011", "644", "645", "646", "647", "648", "649", "65"]], [16]),
    "jcb": ([[str(p) for p in range(3528, 3590)]], [16]),
    "diners": ([["36", "300", "301", "302", "303", "304", "305", "38"]], [14]),
    "unionpay": ([["62"]], [16, 19]),
    "maestro": ([["6759", "6761", "5018", "5020", "5038", "6304"]], [16, 19]),
    "mir": ([["2200", "2201", "2202", "2203", "2204"]], [16]),
    "rupay": ([["60", "6521", "6522", "508", "81", "82"]], [16]),
    "troy": ([["9792"]], [16]),
    "elo": ([["636368", "438935", "504175", "451416", "636297", "506699"]], [16]),
}
BRAND_NAMES = {"visa": "Visa", "mc": "Mastercard", "mc2": "Mastercard", "amex": "Amex",
               "discover": "Discover", "jcb": "JCB", "diners": "Diners Club",
               "unionpay": "UnionPay", "maestro": "Maestro", "mir": "Mir", "rupay": "RuPay",
               "troy": "Troy", "elo": "Elo"}
TEST_CARDS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "4000056655665556",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
    "2223000048400011", "378282246310005", "371449635398431", "378734493671000",
    "6011111111111117", "6011000990139424", "6011981111111113", "3530111333300000",
    "3566002020360505", "3566111111111113", "30569309025904", "38520000023237", "36227206271667",
    "6200000000000005", "6205500000000000004", "4000000000000002", "4000000000009995",
    "5019717010103742", "6304000000000000", "6759649826438453", "4917610000000000",
    "4571000000000001", "4035501000000008", "5425233430109903", "2222420000001113",
}
CARD_FORMS = Cycle(["spaced", "plain", "dashed", "spaced", "spaced", "plain"])
BRAND_CYCLE = Cycle(list(BRANDS))


def card_number(brand):
    prefixes, lengths = BRANDS[brand]
    while True:
        prefix = R.choice(prefixes[0])
        n = R.choice(lengths)
        body = prefix + rd(n - len(prefix) - 1)
        num = body + luhn_digit(body)
        if num not in TEST_CARDS and len(set(num)) > 4:
            return num


def card_text(num, form):
    n = len(num)
    if form == "plain":
        return num
    sep = " " if form == "spaced" else "-"
    if n == 15:
        return grp(num, (4, 6, 5), sep)
    if n == 14:
        return grp(num, (4, 6, 4), sep)
    if n == 19:
        return grp(num, (4, 4, 4, 4, 3), sep)
    return grp(num, (4, 4, 4, 4), sep)


def CC(brand=None, form=None):
    brand = brand or BRAND_CYCLE()
    num = card_number(brand)
    return Lab("credit_card", card_text(num, form or CARD_FORMS()), brand=brand)


def brand_of(num):
    for brand, (prefixes, lengths) in BRANDS.items():
        if len(num) in lengths and any(num.startswith(p) for p in prefixes[0]):
            return brand
    return None


# --- addresses, SSNs -----------------------------------------------------------------------------

PUBLIC_FIRST = [5, 31, 37, 41, 46, 62, 77, 78, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91,
                92, 93, 94, 95, 102, 105, 109, 151, 154, 176, 178, 185, 188, 193, 194, 195, 196,
                197, 212, 213, 217]
V6_PREFIXES = ["2a02:c7c", "2a00:23c8", "2a01:4b00", "2c0f:fe38", "2402:3a80", "2404:e800",
               "2600:1700", "2601:8c0", "2804:14c", "2001:4c48", "2a0a:a541", "2405:201"]


def ip4_value(kind="public"):
    if kind == "public":
        return f"{R.choice(PUBLIC_FIRST)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
    if kind == "10":
        return f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    if kind == "172":
        return f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}"
    return f"192.168.{R.randint(0, 255)}.{R.randint(2, 254)}"


def IP(kind=None):
    kind = kind or R.choice(["public", "public", "10", "172", "192"])
    return Lab("ip_address", ip4_value(kind))


def ip6_value(kind="global"):
    if kind == "ula":
        groups = ["fd" + rs(2, HEX)] + [rs(4, HEX) for _ in range(2)]
    else:
        groups = R.choice(V6_PREFIXES).split(":")
    while len(groups) < 8:
        groups.append(rs(R.choice([1, 2, 3, 4]), HEX).lstrip("0") or "0")
    if R.random() < 0.5:
        groups[4] = groups[5] = "0"
    return str(ipaddress.IPv6Address(":".join(groups)))


def IP6(kind="global"):
    return Lab("ip_address", ip6_value(kind))


def mac_value(sep=":", upper=None):
    b = [R.randint(0, 255) & 0xFC] + [R.randint(0, 255) for _ in range(5)]
    s = sep.join(f"{x:02x}" for x in b)
    upper = R.random() < 0.5 if upper is None else upper
    return s.upper() if upper else s


def MAC(sep=None):
    return Lab("mac_address", mac_value(sep or R.choice([":", ":", "-"])))


SSN_BANNED = {"123-45-6789", "078-05-1120", "219-09-9999"}


def SSN():
    while True:
        area = R.randint(1, 899)
        if area == 666:
            continue
        v = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if v not in SSN_BANNED:
            return Lab("ssn", v)


# --- secrets -------------------------------------------------------------------------------------

PW_ALPHA = UPPER + LOWER + DIGITS
PW_SYM = "!$%&*+-=^_~"
WORDS = ["Otter", "Lantern", "Mossy", "Quill", "Harbor", "Juniper", "Falcon", "Tundra", "Copper",
         "Saffron", "Glacier", "Bramble", "Cobalt", "Thistle", "Meadow", "Ember", "Pebble",
         "Sorrel", "Kestrel", "Marigold", "Fjord", "Nimbus", "Walnut", "Heron"]


def pw_value(style=None, n=None):
    style = style or R.choice(["mix", "mix", "words", "sym"])
    if style == "words":
        a, b = R.sample(WORDS, 2)
        return f"{a}{R.choice('-_.')}{b}{R.choice('-_!')}{rd(R.choice([2, 3, 4]))}"
    n = n or R.randint(12, 20)
    while True:
        chars = [R.choice(PW_ALPHA) for _ in range(n)]
        if style == "sym":
            for _ in range(R.randint(2, 3)):
                chars[R.randrange(n)] = R.choice(PW_SYM)
        s = "".join(chars)
        if (any(c.isdigit() for c in s) and any(c.isupper() for c in s)
                and any(c.islower() for c in s) and s[0] not in "-"):
            return s


def PW(style=None, n=None):
    return Lab("password", pw_value(style, n))


def b64(data):
    return base64.b64encode(data).decode()


def b64u(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def rbytes(n):
    return bytes(R.randint(0, 255) for _ in range(n))


def b62_checksum(s):
    crc = zlib.crc32(s.encode()) & 0xFFFFFFFF
    out = ""
    while crc:
        crc, r = divmod(crc, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def token_value(vendor, sub=None):
    if vendor == "anthropic":
        return "sk-ant-api03-" + rs(93, B64URL) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + rs(170, B64URL) + "=" + rs(8, "0123456789ABCDEF")
    if vendor == "aws":
        if sub == "secret":
            return rs(40, B62 + "+/")
        return (sub or "AKIA") + rs(16, UPPER + "234567")
    if vendor == "azure":
        return b64(rbytes(64))
    if vendor == "digitalocean":
        return (sub or "dop_v1_") + rs(64, HEX)
    if vendor == "github":
        if sub == "pat":
            return "github_pat_11" + rs(20, UPPER + DIGITS) + "_" + rs(59, B62)
        body = rs(30)
        return (sub or "ghp_") + body + b62_checksum(body)
    if vendor == "gitlab":
        return "glpat-" + rs(20, B64URL)
    if vendor == "google":
        return "AIza" + rs(35, B64URL)
    if vendor == "hashicorp":
        if sub == "tfc":
            return rs(14) + ".atlasv1." + rs(67)
        return "hvs." + rs(24)
    if vendor == "huggingface":
        return "hf_" + rs(34, UPPER + LOWER)
    if vendor == "npm":
        body = rs(30)
        return "npm_" + body + b62_checksum(body)
    if vendor == "openai":
        return "sk-proj-" + rs(74, B64URL) + "T3BlbkFJ" + rs(74, B64URL)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + rs(130, B64URL)
    if vendor == "sendgrid":
        return "SG." + rs(22, B64URL) + "." + rs(43, B64URL)
    if vendor == "shopify":
        return (sub or "shpat_") + rs(32, HEX)
    if vendor == "slack":
        if sub == "webhook":
            return ("https://hooks.slack.com/services/T" + rs(8, UPPER + DIGITS) + "/B"
                    + rs(10, UPPER + DIGITS) + "/" + rs(24))
        if sub == "xoxp":
            return f"xoxp-{rnz(12)}-{rnz(12)}-{rnz(13)}-{rs(32, HEX)}"
        return f"xoxb-{rnz(12)}-{rnz(13)}-{rs(24)}"
    if vendor == "stripe":
        if sub == "whsec":
            return "whsec_" + rs(32)
        return (sub or "sk_live_") + "51" + rs(R.choice([24, 40, 97]) - 2)
    if vendor == "twilio":
        if sub == "secret":
            return rs(32)
        if sub == "token":
            return rs(32, HEX)
        return "SK" + rs(32, HEX)
    raise ValueError(vendor)


VENDORS = ["anthropic", "atlassian", "aws", "azure", "digitalocean", "github", "gitlab", "google",
           "hashicorp", "huggingface", "npm", "openai", "pypi", "sendgrid", "shopify", "slack",
           "stripe", "twilio"]


def TK(vendor, sub=None):
    return Lab(f"api_key/{vendor}", token_value(vendor, sub), sub=sub)


VENDOR_RES = {
    "anthropic": r"sk-ant-api03-[A-Za-z0-9_-]{93}AA",
    "atlassian": r"ATATT3xFfGF0[A-Za-z0-9_-]{150,}=[0-9A-F]{8}",
    "aws": r"(?:AKIA|ASIA)[A-Z2-7]{16}|[A-Za-z0-9+/]{40}",
    "azure": r"[A-Za-z0-9+/]{86}==",
    "digitalocean": r"do[opr]_v1_[0-9a-f]{64}",
    "github": r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}",
    "gitlab": r"glpat-[A-Za-z0-9_-]{20}",
    "google": r"AIza[A-Za-z0-9_-]{35}",
    "hashicorp": r"hvs\.[A-Za-z0-9]{24,}|[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9]{60,}",
    "huggingface": r"hf_[A-Za-z]{34}",
    "npm": r"npm_[A-Za-z0-9]{36}",
    "openai": r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}",
    "pypi": r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
    "sendgrid": r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}",
    "shopify": r"shp(?:at|ca|pa|ss)_[0-9a-f]{32}",
    "slack": (r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}|xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[0-9a-f]{32}"
              r"|https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}"),
    "stripe": r"(?:sk|rk)_live_[A-Za-z0-9]{20,99}|whsec_[A-Za-z0-9]{32}",
    "twilio": r"SK[0-9a-f]{32}|[A-Za-z0-9]{32}",
}


def jwt_value(alg=None, claims=None):
    alg = alg or R.choice(["HS256", "RS256", "ES256", "HS512"])
    header = {"alg": alg, "typ": "JWT"}
    if alg.startswith(("RS", "ES")):
        header["kid"] = rs(16, HEX)
    now = 1773400000 + R.randint(0, 4_000_000)
    payload = {"iss": R.choice(["https://auth.merrowdalevet.com", "https://sso.mvg.internal/realms/vet",
                                 "furlink-api", "https://vetcall.merrowdalevet.com"]),
               "sub": rs(8, HEX) + "-" + rs(4, HEX) + "-" + rs(4, HEX) + "-" + rs(4, HEX) + "-" + rs(12, HEX),
               "iat": now, "exp": now + R.choice([300, 900, 3600, 86400])}
    if claims:
        payload.update(claims)
    sig_len = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}[alg]
    h = b64u(json.dumps(header, separators=(",", ":")).encode())
    p = b64u(json.dumps(payload, separators=(",", ":")).encode())
    return f"{h}.{p}.{b64u(rbytes(sig_len))}"


def JWT(alg=None, claims=None):
    return Lab("jwt", jwt_value(alg, claims))


PEM_HEADS = {
    "rsa": ("RSA PRIVATE KEY", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", 1180, 64),
    "pkcs8": ("PRIVATE KEY", b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7"
                             b"\x0d\x01\x01\x01\x05\x00\x04\x82\x04\xa8", 1190, 64),
    "ec": ("EC PRIVATE KEY", b"\x30\x77\x02\x01\x01\x04\x20", 114, 64),
    "openssh": ("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none"
                                       b"\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x00\x33\x00\x00"
                                       b"\x00\x0bssh-ed25519\x00\x00\x00\x20", 340, 70),
}


def pem_value(kind="rsa", newline="\n", short=False):
    label, head, size, width = PEM_HEADS[kind]
    if short and kind in ("rsa", "pkcs8"):
        size = 620
    body = b64(head + rbytes(size - len(head)))
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return f"-----BEGIN {label}-----{newline}" + newline.join(lines) + f"{newline}-----END {label}-----"


def PEM(kind="rsa", newline="\n", short=False):
    return Lab("private_key", pem_value(kind, newline, short), key=kind)


def UC(user, password=None):
    return Lab("url_credentials", f"{user}:{password or pw_value(R.choice(['mix', 'words']))}")


# --- look-alikes of the domain -------------------------------------------------------------------

CHIP_CODES = ["826", "276", "380", "250", "528", "840", "124", "710", "356", "360", "608", "643",
              "792", "985", "981", "977", "956", "941", "900", "968"]


def chip_value(spaced=None):
    code = R.choice(CHIP_CODES)
    v = code + rd(12)
    if spaced is None:
        spaced = R.random() < 0.4
    return grp(v, (3, 3, 3, 3, 3)) if spaced else v


def CHIP():
    return Look(chip_value(), "ISO 11784 microchip number")


def gs1_digit(body):
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return str((10 - s % 10) % 10)


def gtin13():
    body = R.choice(["50", "54", "40", "80", "87", "76", "89"]) + rd(10)
    return body + gs1_digit(body)


def GTIN():
    return Look(gtin13(), "GTIN-13 with GS1 check digit")


def dea_number():
    letters = R.choice("ABFGM") + R.choice(UPPER)
    d = rd(6)
    chk = (int(d[0]) + int(d[2]) + int(d[4]) + 2 * (int(d[1]) + int(d[3]) + int(d[5]))) % 10
    return letters + d + str(chk)


def imei():
    body = R.choice(["35", "86", "01", "49"]) + rd(12)
    return body + luhn_digit(body)


def uuid4():
    u = rs(32, HEX)
    return f"{u[:8]}-{u[8:12]}-4{u[13:16]}-{R.choice('89ab')}{u[17:20]}-{u[20:]}"


def sha(n=64):
    return rs(n, HEX)


def fw_build():
    return f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 12)}.{R.randint(100, 250)}"


def inv_no():
    return f"INV-{R.choice(['BRS', 'CRK', 'UTR', 'NYR', 'KSM', 'PLK', 'DPS', 'TAC', 'AGA', 'DUH'])}-{R.randint(2025, 2026)}-{rd(6)}"


def acc_no():
    return f"ASY-{R.randint(25, 26)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}-{rd(4)}"


def patient_id():
    return f"PT-{rd(7)}"


def client_id():
    return f"CL-{rd(6)}"


def key_no():
    return f"{R.choice(['VET', 'CLIN', 'LAB', 'PHARM', 'IT', 'OPS'])}-{R.randint(100, 9999)}"


def iso_ts():
    return (f"2026-{R.randint(1, 5):02d}-{R.randint(1, 28):02d}T{R.randint(6, 22):02d}:"
            f"{R.randint(0, 59):02d}:{R.randint(0, 59):02d}Z")


def date_dmy(sep="/"):
    return f"{R.randint(1, 28):02d}{sep}{R.randint(1, 12):02d}{sep}2026"


def hhmm():
    return f"{R.randint(7, 20):02d}:{R.choice(['00', '10', '15', '20', '30', '40', '45', '50'])}"


LOOK_GENS = {
    "chip": CHIP,
    "gtin": GTIN,
    "inv": lambda: Look(inv_no(), "invoice number"),
    "acc": lambda: Look(acc_no(), "lab accession number"),
    "pid": lambda: Look(patient_id(), "patient id"),
    "cid": lambda: Look(client_id(), "client id"),
    "key": lambda: Look(key_no(), "Jira issue key"),
    "fw": lambda: Look(fw_build(), "analyser firmware build shaped like IPv4"),
    "uuid": lambda: Look(uuid4(), "UUID"),
    "sha": lambda: Look(sha(), "SHA-256"),
    "git": lambda: Look(sha(40), "git SHA"),
    "ts": lambda: Look(iso_ts(), "ISO timestamp"),
    "date": lambda: Look(date_dmy(R.choice("/.-")), "date"),
    "time": lambda: Look(hhmm(), "time"),
    "dea": lambda: Look(dea_number(), "DEA registration number with its check digit"),
    "imei": lambda: Look(imei(), "tablet IMEI (Luhn by design)"),
    "kg": lambda: Look(f"{R.randint(2, 45)}.{R.randint(0, 9)} kg", "weight"),
    "kgc": lambda: Look(f"{R.randint(2, 45)},{R.randint(0, 9)} kg", "weight"),
    "temp": lambda: Look(f"{R.choice(['37', '38', '39'])}.{R.randint(0, 9)} °C", "temperature"),
    "tempc": lambda: Look(f"{R.choice(['37', '38', '39'])},{R.randint(0, 9)} °C", "temperature"),
    "dose": lambda: Look(f"{R.choice(['0.1', '0.2', '0.05', '0.02', '2', '5', '10'])} mg/kg", "dose"),
    "dosec": lambda: Look(f"{R.choice(['0,1', '0,2', '0,05', '0,02', '2', '5', '10'])} mg/kg", "dose"),
    "ward": lambda: Look(f"{R.choice(['Ward', 'ICU', 'Kennel', 'Cattery'])} {R.choice('ABCD')}{R.randint(1, 24)}", "ward / kennel"),
}


# --- rosters -----------------------------------------------------------------------------------

STAFF_ROWS = [
    ("eilidh", "Eilidh Rennie", "eilidh.rennie", "GB"),
    ("tomasz", "Tomasz Wróbel", "tomasz.wrobel", "PL"),
    ("saoirse", "Saoirse Kavanagh", "saoirse.kavanagh", "IE"),
    ("joost", "Joost van Leeuwen", "joost.vanleeuwen", "NL"),
    ("priyanka", "प्रियंका झा", "priyanka.jha", "IN"),
    ("ayana", "Аяна Монгуш", "ayana.mongush", "RU"),
    ("corey", "Corey Sixkiller", "corey.sixkiller", "USOK"),
    ("annie", "ᐋᓂ ᑭᓚᐳᒃ", "annie.kilabuk", "CANU"),
    ("hassan", "Hassan Oubella", "hassan.oubella", "MA"),
    ("ninos", "ܢܝܢܘܣ ܟܘܫܒܐ", "ninos.khoshaba", "IQ"),
    ("berfin", "Berfîn Aydoğan", "berfin.aydogan", "TR"),
    ("njeri", "Njeri Gitau", "njeri.gitau", "KE"),
    ("opiyo", "Opiyo Okoth", "opiyo.okoth", "KE"),
    ("tebogo", "Tebogo Mashilo", "tebogo.mashilo", "ZA"),
    ("rudzani", "Rudzani Nemavhola", "rudzani.nemavhola", "ZA"),
    ("sibongile", "Sibongile Dlamini", "sibongile.dlamini", "SZ"),
    ("lalremsiami", "Lalremsiami Ralte", "lalremsiami.ralte", "IN"),
    ("ketut", "Ketut Ariawan", "ketut.ariawan", "ID"),
    ("fauzan", "Fauzan Chaniago", "fauzan.chaniago", "ID"),
    ("jomar", "Jomar Cabardo", "jomar.cabardo", "PH"),
    ("giulia", "Giulia Zanetti", "giulia.zanetti", "IT"),
    ("meto", "Měto Šołta", "meto.solta", "DE"),
    ("amelia", "Amelia Rowntree", "amelia.rowntree", "GB"),
    ("freya", "Freya Lindqvist", "freya.lindqvist", "SE"),
    ("mateus", "Mateus Carvalho", "mateus.carvalho", "BR"),
    ("hiroko", "Hiroko Tanabe", "hiroko.tanabe", "JP"),
    ("xavier", "Xavier Koh", "xavier.koh", "SG"),
    ("omar", "Omar Haddad", "omar.haddad", "AE"),
    ("charlotte", "Charlotte Dubois", "charlotte.dubois", "FR"),
    ("lukas", "Lukas Brunner", "lukas.brunner", "AT"),
    ("isabel", "Isabel Ortega", "isabel.ortega", "MX"),
    ("nikolaj", "Nikolaj Østergaard", "nikolaj.ostergaard", "DK"),
    ("liam", "Liam O'Sullivan", "liam.osullivan", "AU"),
    ("kiri", "Kiri Tamihana", "kiri.tamihana", "NZ"),
    ("dagny", "Dagny Haugen", "dagny.haugen", "NO"),
    ("elise", "Elise Vermeulen", "elise.vermeulen", "BE"),
    ("dominik", "Dominik Frei", "dominik.frei", "CH"),
    ("catarina", "Catarina Lobo", "catarina.lobo", "PT"),
    ("carmen", "Carmen Vidal", "carmen.vidal", "ES"),
    ("wingyan", "Wing-Yan Cheung", "wingyan.cheung", "HK"),
]
STAFF = {k: Staff(k, name, local, cc) for k, name, local, cc in STAFF_ROWS}
STAFF_LIST = list(STAFF.values())
ANY_STAFF = Cycle(R.sample(STAFF_LIST, len(STAFF_LIST)))
EN_STAFF = Cycle([STAFF[k] for k in ("eilidh", "amelia", "saoirse", "joost", "freya", "charlotte",
                                      "lukas", "omar", "xavier", "liam", "kiri", "dagny", "elise",
                                      "dominik", "catarina", "carmen", "tomasz", "mateus", "hiroko",
                                      "isabel", "nikolaj", "wingyan", "corey", "priyanka")])


def two_staff():
    a = ANY_STAFF()
    b = ANY_STAFF()
    while b is a:
        b = ANY_STAFF()
    return a, b


# Clients and other people outside `people` (English-language lines): name parts as written,
# their spelling in the address.
EN_CUST_ROWS = [
    (["Zoë", "Hargreaves-Lowe"], ["zoe", "hargreaves-lowe"], "GB"),
    (["Anaïs", "Lefèvre"], ["anais", "lefevre"], "FR"),
    (["Jürgen", "Pohl"], ["juergen", "pohl"], "DE"),
    (["Siobhán", "Ní", "Bhriain"], ["siobhan", "ni", "bhriain"], "IE"),
    (["Matteo", "De", "Santis"], ["matteo", "de", "santis"], "IT"),
    (["Marguerite", "van", "den", "Berg"], ["marguerite", "van", "den", "berg"], "NL"),
    (["Oluwaseun", "Adeyemi"], ["oluwaseun", "adeyemi"], "GB"),
    (["Hamish", "MacLeod"], ["hamish", "macleod"], "GB"),
    (["Tereza", "Nováková"], ["tereza", "novakova"], "DE"),
    (["Björn", "Åkesson"], ["bjorn", "akesson"], "SE"),
    (["Agnieszka", "Żółkiewska"], ["agnieszka", "zolkiewska"], "PL"),
    (["Lucía", "Fernández"], ["lucia", "fernandez"], "ES"),
    (["Darnell", "Whitfield"], ["darnell", "whitfield"], "US"),
    (["Keisha", "Okonkwo-Baptiste"], ["keisha", "okonkwo-baptiste"], "US"),
    (["Priscila", "Andrade"], ["priscila", "andrade"], "BR"),
    (["Yusuf", "Demirtaş"], ["yusuf", "demirtas"], "TR"),
    (["Ngaio", "Parata"], ["ngaio", "parata"], "NZ"),
    (["Aisling", "Moriarty"], ["aisling", "moriarty"], "IE"),
    (["Emeka", "Nwosu"], ["emeka", "nwosu"], "GB"),
    (["Reza", "Tavakoli"], ["reza", "tavakoli"], "AE"),
    (["Hannah", "Goldschmidt"], ["hannah", "goldschmidt"], "CH"),
    (["Ruth", "Abernethy"], ["ruth", "abernethy"], "AU"),
    (["Pieter-Jan", "Claes"], ["pieter-jan", "claes"], "BE"),
    (["Inês", "Batalha"], ["ines", "batalha"], "PT"),
    (["Sakura", "Morimoto"], ["sakura", "morimoto"], "JP"),
    (["Farah", "Al-Mansouri"], ["farah", "al-mansouri"], "AE"),
    (["Bruno", "Giacometti"], ["bruno", "giacometti"], "CH"),
    (["Maëlle", "Le", "Goff"], ["maelle", "le", "goff"], "FR"),
    (["Sven", "Halvorsen"], ["sven", "halvorsen"], "NO"),
    (["Mette", "Kjærgaard"], ["mette", "kjaergaard"], "DK"),
    (["Chloé", "Brassard"], ["chloe", "brassard"], "CA"),
    (["Tomás", "Ó", "Ceallaigh"], ["tomas", "o", "ceallaigh"], "IE"),
    (["Deepika", "Raghunathan"], ["deepika", "raghunathan"], "SG"),
    (["Gabriel", "Esquivel"], ["gabriel", "esquivel"], "MX"),
    (["Miriam", "Achterberg"], ["miriam", "achterberg"], "NL"),
    (["Wiremu", "Tautahi"], ["wiremu", "tautahi"], "NZ"),
    (["Astrid", "Nørgaard"], ["astrid", "noergaard"], "DK"),
    (["Kwabena", "Owusu-Ansah"], ["kwabena", "owusu-ansah"], "GB"),
    (["Valentina", "Greco"], ["valentina", "greco"], "IT"),
    (["Esther", "Lindahl"], ["esther", "lindahl"], "SE"),
    (["Kofi", "Asamoah"], ["kofi", "asamoah"], "US"),
    (["Rosalind", "Featherstone"], ["rosalind", "featherstone"], "GB"),
    (["Iker", "Etxeberria"], ["iker", "etxeberria"], "ES"),
    (["Annelies", "De", "Wilde"], ["annelies", "de", "wilde"], "BE"),
    (["Fiona", "Drummond"], ["fiona", "drummond"], "GB"),
    (["Colm", "Ó", "Dálaigh"], ["colm", "o", "dalaigh"], "IE"),
    (["Marisol", "Quintero"], ["marisol", "quintero"], "US"),
    (["Takeshi", "Ogawa"], ["takeshi", "ogawa"], "JP"),
    (["Henrike", "Vosskuhl"], ["henrike", "vosskuhl"], "AT"),
    (["Nadia", "Benhaddou"], ["nadia", "benhaddou"], "BE"),
]


class EnCust(Cust):
    def __init__(self, parts, latin, country):
        super().__init__(parts, latin)
        self.country = country


EN_CUSTS = [EnCust(p, l, c) for p, l, c in EN_CUST_ROWS]
EN_CUST = Cycle(EN_CUSTS)


# --- the eighteen languages ----------------------------------------------------------------------


def LC(parts, latin, prefix=None):
    c = Cust(parts, latin)
    c.prefix = prefix
    return c


def name_pieces(c, style="full"):
    return [c.prefix + " ", CN(c, style)] if getattr(c, "prefix", None) else [CN(c, style)]


LANGS = [
    dict(
        code="ku", name="Kurmanji Kurdish", word="şîfre", country="TR", staff="berfin", rel="DE",
        pay=("iban", "TR"), clinic="Merrowdale Diyarbakır",
        custs=[LC(["Dilovan", "Çiyager"], ["dilovan", "ciyager"]),
               LC(["Hêvî", "Ronahî"], ["hevi", "ronahi"])],
        complaint=("Silav, min îro kuçikê xwe Bello anî klînîkê û du saetan li bendê mam. Fatûre jî "
                   "du caran hat birîn. Ji kerema xwe li min vegerin: ⟦phone⟧, ⟦email⟧."),
        note=("Nota hemşîreyê: xwediya pisîkê nayê gihîştin. Heke pêwîst be, li hevkara me ⟦staff⟧ "
              "(⟦sphone⟧) an jî li birayê xwediyê li ser ⟦rphone⟧ bigerin."),
        wifi="Wi-Fi ya klînîka Amedê: MVG-Staff, şîfre: ⟦pw⟧ (tenê ji bo karmendan).",
        card="Karta min ev e: ⟦card⟧, dawiya wê 08/28. Ji kerema xwe pereyê emeliyatê jê bikişînin.",
        chat="Ez îşev nobetdar im, heke tiştek qewimî li min bigerin: ⟦sphone⟧",
        refund=("Vegerandina 1.450,00 TL ji bo derziya ku du caran hat nivîsîn dê bê şandin bo IBAN "
                "⟦acct⟧, xwedî: ⟦name⟧ (⟦email⟧)."),
        neg=["Çîpa pisîkê ⟦chip⟧ hat xwendin; giranî ⟦kgc⟧, germahî ⟦tempc⟧. Randevûya din: "
             "⟦date⟧ saet ⟦time⟧.",
             "Şîfreya Wi-Fi hat guhertin; ji kerema xwe ji resepsiyonê bipirsin. Fatûre ⟦inv⟧ ji "
             "nû ve hat çêkirin."],
    ),
    dict(
        code="dsb", name="Lower Sorbian", word="gronidło", country="DE", staff="meto", rel="PL",
        pay=("iban", "DE"), clinic="Merrowdale Chóśebuz/Cottbus",
        custs=[LC(["Hanka", "Bjeńšowa"], ["hanka", "bjensowa"]),
               LC(["Wylem", "Rychtaŕ"], ["wylem", "rychtar"])],
        complaint=("Dobry źeń, naš pjas Hasso jo był wcora na operaciji a zliceńka jo dwójcy tak "
                   "wusoka ako dogronjone. Pšosym zazwońśo mě: ⟦phone⟧ abo pišćo na ⟦email⟧."),
        note=("Notica: wobsejźaŕka njejo k dostaśu. Kolega ⟦staff⟧ (⟦sphone⟧) jo informěrowany; "
              "jeje syn ma telefon ⟦rphone⟧."),
        wifi="WLAN w klinice Chóśebuz: MVG-Staff, gronidło: ⟦pw⟧",
        card="How jo moja karta: ⟦card⟧, płaśiwa do 11/27.",
        chat="Som źinsa w nocnej słužbje, zazwońśo mě na ⟦sphone⟧.",
        refund=("Slědkpłaśenje 86,40 € za dwójcy zaliconu wakcinaciju na IBAN ⟦acct⟧ (⟦name⟧, "
                "⟦email⟧)."),
        neg=["Chip ⟦chip⟧ jo se pśeglědał; waga ⟦kgc⟧, dawka ⟦dosec⟧. Pśiducy termin ⟦date⟧.",
             "Gronidło za WLAN jo se změniło; nowe dostanjośo na recepciji. Zliceńka ⟦inv⟧."],
    ),
    dict(
        code="vec", name="Venetian", word="paroła segreta", country="IT", staff="giulia", rel="CH",
        pay=("iban", "IT"), clinic="Merrowdale Treviso",
        custs=[LC(["Marieta", "Dal", "Ben"], ["marieta", "dal", "ben"]),
               LC(["Toni", "Bortolussi"], ["toni", "bortolussi"])],
        complaint=("Bondì, el me can Toby el xe stà visità martedì e i me gà fato pagar do volte. Ve "
                   "prego de ciamarme al ⟦phone⟧ o scriverme a ⟦email⟧."),
        note=("Nota: ła parona no ła risponde. Contatar ła coega ⟦staff⟧ (⟦sphone⟧) o so fradeło "
              "al ⟦rphone⟧."),
        wifi="Wi-Fi dea clinica de Treviso: MVG-Staff, paroła segreta: ⟦pw⟧",
        card="Eco ła me carta: ⟦card⟧, scadensa 05/29.",
        chat="Sò de turno stanote, ciameme al ⟦sphone⟧ se ghe xe urgense.",
        refund="Rimborso de 120,00 € par ła visita dopia sul IBAN ⟦acct⟧ intestà a ⟦name⟧ (⟦email⟧).",
        neg=["Microchip ⟦chip⟧ leto; peso ⟦kgc⟧, temperatura ⟦tempc⟧. Richiamo vacinal el ⟦date⟧.",
             "Ła paroła segreta del Wi-Fi xe stà cambiada; domandè in acetasion. Fatura ⟦inv⟧."],
    ),
    dict(
        code="ki", name="Kikuyu", word="kiugo kĩa hitho", country="KE", staff="njeri", rel="GB",
        pay=("card", "mc"), clinic="Merrowdale Nyeri",
        custs=[LC(["Wanjirũ", "Kamau"], ["wanjiru", "kamau"]),
               LC(["Mũthoni", "Njoroge"], ["muthoni", "njoroge"])],
        complaint=("Nĩ ndathiĩ kiliniki na ngui yakwa Simba, na ndetereire mathaa matatũ. Nĩ "
                   "ndarĩhio mbeca maita meerĩ. Ndagũthaitha ũnjĩĩre: ⟦phone⟧ kana ⟦email⟧."),
        note=("Ũndũ wa kũririkana: mwene ngui ndonekaga thimũ-inĩ. Hũrĩra mũrutani-wa-wĩra ⟦staff⟧ "
              "(⟦sphone⟧) kana mũrũ wa nyina ⟦rphone⟧."),
        wifi="Wi-Fi ya kiliniki ya Nyeri: MVG-Staff, kiugo kĩa hitho: ⟦pw⟧",
        card="Kadi yakwa nĩ ĩno: ⟦card⟧, ĩthiraga 03/28.",
        chat="Ndĩ wĩra-inĩ ũtukũ ũyũ, ũngĩĩra ⟦sphone⟧.",
        refund="Mbeca KSh 4,500 nĩ igũcookio kadi-inĩ ⟦acct⟧ ya ⟦name⟧ (⟦email⟧).",
        neg=["Chip ya ngui ⟦chip⟧ nĩ yathomeka; ũritũ ⟦kg⟧. Mũthenya ũngĩ wa kũgema: ⟦date⟧.",
             "Kiugo kĩa hitho kĩa Wi-Fi nĩ gĩacenjirio; ũria reception. Risiti ⟦inv⟧."],
    ),
    dict(
        code="luo", name="Dholuo", word="wach mopondo", country="KE", staff="opiyo", rel="TZ",
        pay=("iban", "GB"), clinic="Merrowdale Kisumu",
        custs=[LC(["Akinyi", "Odhiambo"], ["akinyi", "odhiambo"]),
               LC(["Adhiambo", "Owino"], ["adhiambo", "owino"])],
        complaint=("Oyawore, ne akelo guogi Rex e klinik kendo ne arito kuom saa adek. Bili ne "
                   "ochulo nyadiriyo. Yie iluonga: ⟦phone⟧ kata ⟦email⟧."),
        note=("Ndiko: wuon guok ok yud e simu. Luong jatich ⟦staff⟧ (⟦sphone⟧) kata owadgi e "
              "⟦rphone⟧."),
        wifi="Wi-Fi mar klinik Kisumu: MVG-Staff, wach mopondo: ⟦pw⟧",
        card="Kadna ema: ⟦card⟧, orumo 07/27.",
        chat="An e tich tinende gotieno, luonga e ⟦sphone⟧.",
        refund="Pesa £96.00 biro duog e IBAN ⟦acct⟧ mar ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ osomo; pek ⟦kg⟧, yath ⟦dose⟧. Chieng' machielo: ⟦date⟧.",
             "Wach mopondo mar Wi-Fi olokore; penj e reception. Risit ⟦inv⟧."],
    ),
    dict(
        code="nso", name="Sepedi (Northern Sotho)", word="lentšu la sephiri", country="ZA",
        staff="tebogo", rel="ZA", pay=("card", "amex"), clinic="Merrowdale Polokwane",
        custs=[LC(["Mahlatse", "Sebola"], ["mahlatse", "sebola"], prefix="Mma"),
               LC(["Tšhepo", "Maponya"], ["tshepo", "maponya"], prefix="Rra")],
        complaint=("Dumelang, ke tlile le mpša ya ka Bongi kliniking gomme ka leta diiri tše tharo. "
                   "Ke lefišitšwe gabedi. Hle nteletšeng: ⟦phone⟧ goba ⟦email⟧."),
        note=("Ela hloko: mong wa katse ga a hwetšagale. Letšetša mošomimmogo ⟦staff⟧ (⟦sphone⟧) "
              "goba morwedi wa gagwe go ⟦rphone⟧."),
        wifi="Wi-Fi ya kliniki ya Polokwane: MVG-Staff, lentšu la sephiri: ⟦pw⟧",
        card="Karata ya ka ke ye: ⟦card⟧, e fela 10/28.",
        chat="Ke mošomong bošego bjo, nteletša go ⟦sphone⟧.",
        refund="Tefo ya R 1 250,00 e tla bušetšwa karateng ⟦acct⟧ ya ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ e badilwe; boima ⟦kgc⟧, dose ⟦dosec⟧. Kopano ye e latelago: ⟦date⟧.",
             "Lentšu la sephiri la Wi-Fi le fetotšwe; botšiša resepšene. Inbhoisi ⟦inv⟧."],
    ),
    dict(
        code="ve", name="Tshivenda", word="ipfi ḽa tshiphiri", country="ZA", staff="rudzani",
        rel="ZW", pay=("card", "diners"), clinic="Merrowdale Thohoyandou",
        custs=[LC(["Ṱhilivhali", "Nemakonde"], ["thilivhali", "nemakonde"]),
               LC(["Mashudu", "Ravhura"], ["mashudu", "ravhura"])],
        complaint=("Ndaa, ndo ḓa na mmbwa yanga Tiger kiliniki nda lindela awara tharu. Ndo "
                   "badela luvhili. Ndi humbela ni nthe: ⟦phone⟧ kana ⟦email⟧."),
        note=("Zwi ḓivhe: muṋe wa mmbwa ha wanali. Founelani mushumisani ⟦staff⟧ (⟦sphone⟧) kana "
              "murathu wawe kha ⟦rphone⟧."),
        wifi="Wi-Fi ya kiliniki ya Thohoyandou: MVG-Staff, ipfi ḽa tshiphiri: ⟦pw⟧",
        card="Karaṱa yanga ndi iyi: ⟦card⟧, i fhela 02/29.",
        chat="Ndi mushumoni vhusiku uhu, ntheni kha ⟦sphone⟧.",
        refund="Tshelede ya R 980,00 i ḓo vhuiselwa kha karaṱa ⟦acct⟧ ya ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ yo vhalwa; tshileme ⟦kgc⟧, mushonga ⟦dosec⟧. Tshifhinga tshi tevhelaho: "
             "⟦date⟧.",
             "Ipfi ḽa tshiphiri ḽa Wi-Fi ḽo shanduliwa; vhudzisani kha resepushini. Invoisi ⟦inv⟧."],
    ),
    dict(
        code="ss", name="siSwati", word="liphasiwedi", country="SZ", staff="sibongile", rel="ZA",
        pay=("card", "maestro"), clinic="Merrowdale Mbabane",
        custs=[LC(["Nomcebo", "Simelane"], ["nomcebo", "simelane"]),
               LC(["Thabiso", "Magagula"], ["thabiso", "magagula"])],
        complaint=("Sawubona, ngiletse inja yami Rambo emtfolamphilo wetilwane ngalindza emahora "
                   "lamatsatfu. Ngikhokhiswe kabili. Ngicela ningishayele: ⟦phone⟧ noma ⟦email⟧."),
        note=("Naka: umnikati wenja akatfolakali. Shayela losebenta naye ⟦staff⟧ (⟦sphone⟧) noma "
              "sisi wakhe ku-⟦rphone⟧."),
        wifi="I-Wi-Fi yemtfolamphilo waseMbabane: MVG-Staff, liphasiwedi: ⟦pw⟧",
        card="Nali likhadi lami: ⟦card⟧, liphela ngo-06/28.",
        chat="Ngisemsebentini lobusuku, ngishayele ku-⟦sphone⟧.",
        refund="Imali ye-E 650,00 itawubuyiselwa ekhadini ⟦acct⟧ la-⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ ifundziwe; sisindvo ⟦kg⟧, umutsi ⟦dose⟧. Lusuku lolulandzelako: ⟦date⟧.",
             "Liphasiwedi le-Wi-Fi liguchuliwe; buta ku-reception. I-invoyisi ⟦inv⟧."],
    ),
    dict(
        code="lus", name="Mizo", word="thuruk", country="IN", staff="lalremsiami", rel="MM",
        pay=("card", "rupay"), clinic="Merrowdale Aizawl",
        custs=[LC(["Vanlalruata", "Chhakchhuak"], ["vanlalruata", "chhakchhuak"]),
               LC(["Lalhmingliani", "Sailo"], ["lalhmingliani", "sailo"])],
        complaint=("Chibai, ka ui Tommy ka hruai a, darkar thum ka nghak a ni. Pawisa vawi hnih min "
                   "chawitir. Min be leh rawh u: ⟦phone⟧ emaw ⟦email⟧."),
        note=("Hriattirna: zawhte neitu hmuh theih a ni lo. Thawhpui ⟦staff⟧ (⟦sphone⟧) emaw a "
              "farnu ⟦rphone⟧ ah be rawh."),
        wifi="Aizawl clinic Wi-Fi: MVG-Staff, thuruk: ⟦pw⟧",
        card="Ka card hei hi a ni: ⟦card⟧, 04/29 ah a tawp.",
        chat="Zanin duty ka ni, ⟦sphone⟧ ah mi be rawh.",
        refund="₹ 2,350 chu card ⟦acct⟧ ah kan pe let ang, ⟦name⟧ (⟦email⟧) tan.",
        neg=["Chip ⟦chip⟧ chhiar a ni; rihna ⟦kg⟧, damdawi ⟦dose⟧. A dawt tur ni: ⟦date⟧.",
             "Wi-Fi thuruk thlak a ni; reception ah zawt rawh. Invoice ⟦inv⟧."],
    ),
    dict(
        code="ban", name="Balinese", word="kruna sandi", country="ID", staff="ketut", rel="AU",
        pay=("iban", "NL"), clinic="Merrowdale Denpasar",
        custs=[LC(["Kadek", "Sri", "Wahyuni"], ["kadek", "sri", "wahyuni"], prefix="Ni"),
               LC(["Wayan", "Sudiarta"], ["wayan", "sudiarta"], prefix="I")],
        complaint=("Om Swastiastu, tiang ngajak cicing tiange Blacky ka klinik, ngantosang telung "
                   "jam. Tagihan kaping kalih. Durus telpun tiang: ⟦phone⟧ utawi ⟦email⟧."),
        note=("Catetan: sane madue meong nenten prasida kahubungin. Telpun timpal ⟦staff⟧ "
              "(⟦sphone⟧) utawi adin ipun ring ⟦rphone⟧."),
        wifi="Wi-Fi klinik Denpasar: MVG-Staff, kruna sandi: ⟦pw⟧",
        card="Niki kartu tiange: ⟦card⟧, kantun kanggen kantos 01/28.",
        chat="Tiang piket wengi puniki, telpun ring ⟦sphone⟧.",
        refund="Pangwaliang jinah € 75,00 ka IBAN ⟦acct⟧ atas wasta ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ sampun kawacen; bobot ⟦kg⟧, ubad ⟦dose⟧. Jadwal salanturnyane: ⟦date⟧.",
             "Kruna sandi Wi-Fi sampun kauwah; takenang ring resepsionis. Invois ⟦inv⟧."],
    ),
    dict(
        code="min", name="Minangkabau", word="kato sandi", country="ID", staff="fauzan", rel="MY",
        pay=("card", "unionpay"), clinic="Merrowdale Bukittinggi",
        custs=[LC(["Yusnita", "Piliang"], ["yusnita", "piliang"]),
               LC(["Nofrianti", "Tanjung"], ["nofrianti", "tanjung"])],
        complaint=("Assalamualaikum, ambo mambao kuciang ambo Mimi ka klinik, manunggu tigo jam. "
                   "Tagihan duo kali. Tolong hubungi ambo: ⟦phone⟧ atau ⟦email⟧."),
        note=("Catatan: nan punyo anjiang indak dapek dihubungi. Hubungi kawan karajo ⟦staff⟧ "
              "(⟦sphone⟧) atau adiak kanduangnyo di ⟦rphone⟧."),
        wifi="Wi-Fi klinik Bukittinggi: MVG-Staff, kato sandi: ⟦pw⟧",
        card="Iko kartu ambo: ⟦card⟧, balaku sampai 09/27.",
        chat="Ambo piket malam iko, hubungi di ⟦sphone⟧.",
        refund="Pangambalian Rp 850.000 ka kartu ⟦acct⟧ atas namo ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ alah dibaco; barek ⟦kgc⟧, ubek ⟦dosec⟧. Jadwal baliak: ⟦date⟧.",
             "Kato sandi Wi-Fi alah diganti; tanyoan ka resepsionis. Invoice ⟦inv⟧."],
    ),
    dict(
        code="war", name="Waray", word="sekreto nga pulong", country="PH", staff="jomar", rel="AE",
        pay=("card", "jcb"), clinic="Merrowdale Tacloban",
        custs=[LC(["Rowena", "Abarquez", "Cinco"], ["rowena", "abarquez", "cinco"]),
               LC(["Mylene", "Quiñones", "Ortiz"], ["mylene", "quinones", "ortiz"])],
        complaint=("Maupay nga adlaw, gindara ko an akon ayam nga hi Choco ha klinika, naghulat ako "
                   "tulo ka oras. Duha ka beses ako ginsingil. Alayon tawagi ako: ⟦phone⟧ o "
                   "⟦email⟧."),
        note=("Nota: an tag-iya han iring diri makontak. Tawagi an kaupod ⟦staff⟧ (⟦sphone⟧) o an "
              "iya bugto ha ⟦rphone⟧."),
        wifi="Wi-Fi han klinika ha Tacloban: MVG-Staff, sekreto nga pulong: ⟦pw⟧",
        card="Ini an akon card: ⟦card⟧, matapos ha 12/27.",
        chat="Naka-duty ako yana nga gab-i, tawagi ako ha ⟦sphone⟧.",
        refund="An refund nga ₱4,850.00 ibabalik ha card ⟦acct⟧ ni ⟦name⟧ (⟦email⟧).",
        neg=["Chip ⟦chip⟧ nabasa na; bug-at ⟦kg⟧, bulong ⟦dose⟧. Sunod nga iskedyul: ⟦date⟧.",
             "Ginbag-o an sekreto nga pulong han Wi-Fi; pakiana ha reception. Invoice ⟦inv⟧."],
    ),
    dict(
        code="chr", name="Cherokee", word="ᎤᏕᎵᏛ ᎧᏁᎢᏍᏗ", country="USOK", staff="corey", rel="US",
        pay=("card", "discover"), clinic="Merrowdale Tahlequah",
        custs=[LC(["ᏌᎳ", "ᏩᏯ"], ["sala", "waya"]),
               LC(["ᏕᏫ", "ᏐᏈᎵ"], ["dewi", "sogwili"])],
        complaint=("ᎣᏏᏲ. ᎠᏆᏤᎵ ᎩᏟ ᎦᏁᏝ ᏦᎢ ᎢᏳᏟᎶᏛ ᎠᏆᏛᏓᏍᏗ; ᏔᎵ ᎢᏳᏩᎫᏗ ᎠᏆᎫᏴᎡᎸ. "
                   "ᏗᎦᏃᏣᎳᏅᎯ: ⟦phone⟧, ᎪᏪᎵ: ⟦email⟧. ᏩᏙ."),
        note=("ᎪᏪᎵ: ᏪᏌ ᎤᏤᎵ ᎾᏍᎩ ᎥᏝ ᏱᎬᏩᏩᏛ. ᏫᏗᎦᏃᏣᎳ ⟦staff⟧ (⟦sphone⟧) ᎠᎴ ᎤᏙ "
              "⟦rphone⟧."),
        wifi="Wi-Fi ᏔᎵᏆ clinic: MVG-Staff, ᎤᏕᎵᏛ ᎧᏁᎢᏍᏗ: ⟦pw⟧",
        card="ᎠᏆᏤᎵ card: ⟦card⟧, 10/27.",
        chat="ᎠᏆᏚᎵᏍᎬ ᏒᏃᏱ, ᏫᏍᎩᏃᏣᎳ ⟦sphone⟧.",
        refund="$ 142.00 ᏓᎦᏥᏯᎫᏴᎯ card ⟦acct⟧ — ⟦name⟧ (⟦email⟧).",
        neg=["chip ⟦chip⟧ ᎪᏪᎸ; ⟦kg⟧, ⟦dose⟧. ᎤᏓᏅᏘ ᏒᎯ: ⟦date⟧.",
             "ᎤᏕᎵᏛ ᎧᏁᎢᏍᏗ Wi-Fi ᎤᏁᏟᏴᏒ; ᏛᏛᎲᏍᎦ reception. invoice ⟦inv⟧."],
    ),
    dict(
        code="iu", name="Inuktitut", word="ᐃᑎᕐᓂᕐᒧᑦ ᐅᖃᐅᓯᖅ", country="CANU", staff="annie", rel="CANU",
        pay=("card", "mc2"), clinic="Merrowdale Iqaluit",
        custs=[LC(["ᓘᓯ", "ᐊᑯᓗᒃᔪᒃ"], ["luusi", "akulukjuk"]),
               LC(["ᐸᐅᓗᓯ", "ᐃᓱᓗᑕᒃ"], ["paulusi", "isulutak"])],
        complaint=("ᐊᐃ. ᕿᒻᒥᕋ ᐋᓐᓂᐊᕕᖕᒧᐊᖅᑎᓚᐅᖅᑕᕋ, ᐱᖓᓱᓂ ᐃᑲᕐᕋᓂ ᐅᑕᕿᓚᐅᖅᑐᖓ, ᐊᑭᓕᖅᑐᖅᑕᐅᓚᐅᖅᑐᖓᓗ "
                   "ᒪᕐᕈᐃᖅᑐᕐᓗᒍ. ᐅᖃᓘᑎᒃᑯᑦ: ⟦phone⟧, ᐃᒥᐊᓪ: ⟦email⟧."),
        note=("ᑎᑎᕋᖅᓯᒪᔪᖅ: ᐱᖃᑦᑎᒋᔭᐅᔪᖅ ᐅᖃᓘᑎᒃᑯᑦ ᐱᔭᐅᔪᓐᓇᙱᑦᑐᖅ. ᐃᖃᓇᐃᔭᖅᑕᐅᖃᑎᒋᔭᕗᑦ ⟦staff⟧ "
              "(⟦sphone⟧) ᐅᕝᕙᓘᓐᓃᑦ ᐃᕐᓂᖓ ⟦rphone⟧."),
        wifi="ᐃᖃᓗᐃᑦ Wi-Fi: MVG-Staff, ᐃᑎᕐᓂᕐᒧᑦ ᐅᖃᐅᓯᖅ: ⟦pw⟧",
        card="ᑮᓇᐅᔭᓕᐅᕈᑎᒐ: ⟦card⟧, 06/28.",
        chat="ᐅᓐᓄᒃᑯᑦ ᐃᖃᓇᐃᔭᖅᑐᖓ, ᐅᖃᓘᑎᒃᑯᑦ ⟦sphone⟧.",
        refund="$ 215.00 ᐅᑎᖅᑎᑕᐅᓂᐊᖅᑐᖅ card ⟦acct⟧ ᐱᖁᑎᖓ ⟦name⟧ (⟦email⟧).",
        neg=["chip ⟦chip⟧ ᐅᖃᓕᒫᖅᑕᐅᓚᐅᖅᑐᖅ; ⟦kg⟧, ⟦temp⟧. ᑕᑯᔭᐅᓂᐊᖅᑐᖅ ⟦date⟧.",
             "ᐃᑎᕐᓂᕐᒧᑦ ᐅᖃᐅᓯᖅ Wi-Fi ᐊᓯᔾᔨᖅᑕᐅᓚᐅᖅᑐᖅ; ᐊᐱᕆᓗᒋᑦ reception. invoice ⟦inv⟧."],
    ),
    dict(
        code="zgh", name="Standard Moroccan Tamazight", word="ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ", country="MA",
        staff="hassan", rel="FR", pay=("iban", "FR"), clinic="Merrowdale Agadir",
        custs=[LC(["ⵜⵉⴼⴰⵡⵜ", "ⵓⵣⵣⵉⵏ"], ["tifawt", "ouzzine"]),
               LC(["ⵎⴰⵙⵉⵏⵉⵙⴰ", "ⴰⵅⵉⵢⴰⵜ"], ["masinissa", "akhiyat"])],
        complaint=("ⴰⵣⵓⵍ, ⴰⵡⵉⵖ ⴰⵇⵊⵉⵏ ⵉⵏⵓ ⵙ ⵜⵙⴳⵏⴰⴼⵜ ⵏ ⵉⵎⵓⴷⴰⵔ, ⵔⴰⵊⵓⵖ ⴽⵕⴰⴹ ⵜⵙⵔⴰⴳⵉⵏ, ⵅⵍⵚⵖ ⵙⵏⴰⵜ "
                   "ⵜⵉⴽⴽⴰⵍ. ⵜⵉⵍⵉⴼⵓⵏ: ⟦phone⟧, ⵉⵎⴰⵢⵍ: ⟦email⟧. ⵜⴰⵏⵎⵎⵉⵔⵜ."),
        note=("ⴰⵏⴰⵎⴽ: ⴱⴰⴱ ⵏ ⵓⵎⵓⵛ ⵓⵔ ⵜ ⵏⵓⴼⵉ. ⵙⵙⵉⵡⵍ ⵉ ⵓⵎⴷⴷⴰⴽⴽⵯⵍ ⟦staff⟧ (⟦sphone⟧) ⵏⵖ ⵉ ⵓⵎⴰⵙ "
              "ⵏⵏⵙ ⟦rphone⟧."),
        wifi="Wi-Fi ⵏ ⵜⵙⴳⵏⴰⴼⵜ ⵏ ⴰⴳⴰⴷⵉⵔ: MVG-Staff, ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ: ⟦pw⟧",
        card="ⵜⴰⴽⴰⵕⴹⴰ ⵉⵏⵓ: ⟦card⟧, 09/28.",
        chat="ⵍⵍⵉⵖ ⴳ ⵜⵡⵓⵔⵉ ⵢⵉⴹ ⴰ, ⵙⵙⵉⵡⵍ ⵉⵢⵉ ⴳ ⟦sphone⟧.",
        refund="ⴰⵔⵔⴰ ⵏ 48,00 € ⵖⵔ IBAN ⟦acct⟧, ⴱⴰⴱ ⵏⵏⵙ: ⟦name⟧ (⟦email⟧).",
        neg=["chip ⟦chip⟧ ⵉⵜⵜⵢⴰⵖⵔ; ⟦kgc⟧, ⟦tempc⟧. ⴰⵙⵓⵎⵓⵜⵜⵓ ⵏ ⵓⵙⵙ: ⟦date⟧.",
             "ⵜⴰⴳⵓⵔⵉ ⵏ ⵓⵣⵔⴰⵢ ⵏ Wi-Fi ⵜⵜⵓⵙⵏⴼⵍ; ⵙⵇⵙⴰ reception. ⴼⴰⴽⵜⵓⵔⴰ ⟦inv⟧."],
    ),
    dict(
        code="aii", name="Assyrian Neo-Aramaic", word="ܡܠܬܐ ܟܣܝܬܐ", country="IQ", staff="ninos",
        rel="SE", pay=("iban", "IQ"), clinic="Merrowdale Duhok",
        custs=[LC(["ܫܡܝܪܡ", "ܒܝܬ", "ܒܢܝܡܝܢ"], ["shamiram", "bet", "benyamin"]),
               LC(["ܐܫܘܪ", "ܝܘܚܢܐ"], ["ashur", "youkhana"])],
        complaint=("ܫܠܡܐ. ܡܝܬܝܠܝ ܟܠܒܐ ܕܝܠܝ ܠܟܠܝܢܝܩ ܘܦܝܫܠܝ ܬܠܬܐ ܫܥܐ ܒܢܛܪܐ. ܦܘܪܥܢܐ ܦܝܫܠܗ "
                   "ܫܩܝܠܐ ܬܪܬܝ ܙܒܢܐ. ܬܠܝܦܘܢ: ⟦phone⟧، ⟦email⟧."),
        note=("ܟܬܝܒܬܐ: ܡܪܐ ܕܫܘܢܪܐ ܠܐ ܡܨܝܚ ܠܡܛܝܐ. ܩܪܝ ܠܚܒܪܐ ⟦staff⟧ (⟦sphone⟧) ܐܘ ܠܚܬܗ "
              "⟦rphone⟧."),
        wifi="Wi-Fi ܕܟܠܝܢܝܩ ܕܢܘܗܕܪܐ: MVG-Staff, ܡܠܬܐ ܟܣܝܬܐ: ⟦pw⟧",
        card="ܟܪܬܐ ܕܝܠܝ: ⟦card⟧, 01/29.",
        chat="ܐܢܐ ܒܬܫܡܫܬܐ ܠܠܝܐ, ܩܪܝ ܠܝ ⟦sphone⟧.",
        refund="ܦܘܪܥܢܐ ܕ IQD 125,000 ܠ IBAN ⟦acct⟧، ⟦name⟧ (⟦email⟧).",
        neg=["chip ⟦chip⟧ ܐܬܩܪܝ; ⟦kg⟧, ⟦temp⟧. ܙܘܢܐ ܐܚܪܢܐ: ⟦date⟧.",
             "ܡܠܬܐ ܟܣܝܬܐ ܕ Wi-Fi ܐܬܚܠܦܬ; ܫܐܠ ܠ reception. invoice ⟦inv⟧."],
    ),
    dict(
        code="tyv", name="Tuvan", word="чажыт сөс", country="RU", staff="ayana", rel="RU",
        pay=("card", "mir"), clinic="Merrowdale Кызыл",
        custs=[LC(["Айдыс", "Монгуш"], ["aidys", "mongush"]),
               LC(["Чодураа", "Түлүш"], ["choduraa", "tulush"])],
        complaint=("Экии! Ыдым Хараны эмнелгеже эккелгеш, үш шак манаан мен. Төлевирим ийи катап "
                   "алган. Мээң телефонум: ⟦phone⟧, э-почта: ⟦email⟧."),
        note=("Демдеглел: мыйыс ээзи харыылавас-тыр. Ажылчын эжи ⟦staff⟧ (⟦sphone⟧) азы ооң "
              "дуңмазы ⟦rphone⟧ дээш долгаңар."),
        wifi="Кызылдың эмнелгезиниң Wi-Fi: MVG-Staff, чажыт сөс: ⟦pw⟧",
        card="Мээң картам: ⟦card⟧, 07/28 чедир.",
        chat="Бөгүн дүне дежурлап тур мен, ⟦sphone⟧ дугаарже долгаңар.",
        refund="2 400 ₽ акшаны ⟦acct⟧ картаже эгидер, ээзи: ⟦name⟧ (⟦email⟧).",
        neg=["Чип ⟦chip⟧ номчуттунган; деңзи ⟦kgc⟧, эм ⟦dosec⟧. Дараазында хүн: ⟦date⟧.",
             "Wi-Fi-тың чажыт сөзү өскертинген; ресепшенден айтырыңар. Счёт ⟦inv⟧."],
    ),
    dict(
        code="mai", name="Maithili", word="कूटशब्द", country="IN", staff="priyanka", rel="NP",
        pay=("card", "visa"), clinic="Merrowdale दरभंगा",
        custs=[LC(["रूपा", "झा"], ["rupa", "jha"]),
               LC(["संजीव", "मिश्र"], ["sanjeev", "mishra"])],
        complaint=("प्रणाम। हम अपन कुकुर मोती केँ क्लिनिक लऽ कऽ गेलहुँ आ तीन घंटा धरि प्रतीक्षा करय पड़ल। "
                   "बिल दू बेर काटल गेल। कृपया हमरा सँ सम्पर्क करू: ⟦phone⟧, ⟦email⟧।"),
        note=("टिप्पणी: बिलाड़िक मालिक सँ सम्पर्क नहि भऽ रहल अछि। सहकर्मी ⟦staff⟧ (⟦sphone⟧) वा "
              "हुनक भाय ⟦rphone⟧ पर फोन करू।"),
        wifi="दरभंगा क्लिनिकक Wi-Fi: MVG-Staff, कूटशब्द: ⟦pw⟧",
        card="हमर कार्ड: ⟦card⟧, समाप्ति 12/28।",
        chat="आइ राति हम ड्यूटी पर छी, ⟦sphone⟧ पर फोन करू।",
        refund="₹ 1,850 के वापसी कार्ड ⟦acct⟧ पर होयत, ⟦name⟧ (⟦email⟧)।",
        neg=["चिप ⟦chip⟧ पढ़ल गेल; वजन ⟦kg⟧, खुराक ⟦dose⟧। अगिला तिथि: ⟦date⟧।",
             "Wi-Fi के कूटशब्द बदलल गेल अछि; रिसेप्शन पर पूछू। बिल ⟦inv⟧।"],
    ),
]
assert len(LANGS) == 18

COMPLAINT_FRAMES = Cycle([
    ("jira", "⟦key⟧ · Client complaint · ⟦clinic⟧ · lang=⟦code⟧\nReporter: ⟦name⟧\n"
             "Watchers: @⟦watcher⟧\n\n⟦body⟧"),
    ("form", "Furlink contact form — clinic: ⟦clinic⟧ | name: ⟦name⟧ | language: ⟦lname⟧\n"
             "message: ⟦body⟧"),
    ("forward", "---------- Forwarded message ---------\nFrom: ⟦name⟧ <⟦email2⟧>\n"
                "Subject: ⟦clinic⟧\nTo: ⟦role⟧\n\n> ⟦body⟧\n\nForwarding to @⟦watcher⟧ for a call back."),
    ("chatbot", "[Furlink bot ⟦t1⟧] Hello! How can we help today?\n[⟦name⟧ ⟦t2⟧] ⟦body⟧\n"
                "[Furlink bot ⟦t3⟧] Thank you. Ticket ⟦key⟧ was created and ⟦watcher⟧ will reply."),
])


def clock():
    h, m = R.randint(7, 22), R.randint(0, 57)
    return f"{h:02d}:{m:02d}", f"{h:02d}:{m + 1:02d}", f"{h:02d}:{m + 2:02d}"


def build_language_lines():
    for L in LANGS:
        code, st = L["code"], STAFF[L["staff"]]
        c1, c2 = L["custs"]
        # 1. complaint with the client's phone and address
        kind, frame = COMPLAINT_FRAMES()
        body = T(L["complaint"], phone=PH(L["country"]), email=CE(c1))
        t1, t2, t3 = clock()
        parts = dict(body=body)
        slots = set(_SLOT.findall(frame))
        extra = {"key": key_no(), "clinic": L["clinic"], "code": code, "name": name_pieces(c1),
                 "watcher": S(st), "lname": L["name"], "email2": CE(c1),
                 "role": role("clientcare"), "t1": t1, "t2": t2, "t3": t3}
        parts.update({k: v for k, v in extra.items() if k in slots})
        add(f"lang-complaint-{kind}", code, T(frame, **parts))
        # 2. a note with a colleague's and a relative's phone
        head = R.choice(["Nursing note", "Inpatient handover", "Ward note", "Discharge note"])
        add("lang-note", code, [f"{head} ({L['clinic']}, {key_no()}): "]
            + T(L["note"], staff=S(st), sphone=SP(st), rphone=PH(L["rel"])))
        # 3. Wi-Fi password with the language's own word
        add("lang-wifi", code, [f"Confluence › {L['clinic']} › Onboarding ({L['name']})\n"]
            + T(L["wifi"], pw=PW(R.choice(["mix", "words", "sym"]))))
        # 4. a card pasted into a chat
        brand = L["pay"][1] if L["pay"][0] == "card" else None
        t1, t2, t3 = clock()
        add("lang-card-chat", code,
            [f"[Furlink chat {t1}] Agent: Payment for the surgery deposit can be taken by phone.\n"
             f"[Furlink chat {t2}] Visitor: "] + T(L["card"], card=CC(brand or None))
            + [f"\n[Furlink chat {t3}] Agent: Please never paste card numbers here — we will call you."])
        # 5. a chat line with a staff member's phone
        t1, _, _ = clock()
        add("lang-staff-chat", code, [f"[{t1}] "] + T(f"⟦st⟧: {L['chat']}", st=S(st), sphone=SP(st)))
        # 6. a refund
        how, what = L["pay"]
        acct = IB(what) if how == "iban" else CC(what)
        add(f"lang-refund-{how}", code,
            [f"{key_no()} Refund approved by "] + [S(STAFF['amelia'] if code in ('ki', 'luo') else st)]
            + [f" — {L['clinic']}\n"]
            + T(L["refund"], acct=acct, name=name_pieces(c2), email=CE(c2)))
        # 7-8. two negatives
        for neg in L["neg"]:
            add("lang-negative", code, fill(neg, LOOK_GENS))


# --- English (and mixed) positive lines ------------------------------------------------------------

PETS = Cycle(["Biscuit", "Mochi", "Pepper", "Juniper", "Luna", "Nala", "Milo", "Bramble", "Ziggy",
              "Pickle", "Maple", "Otto", "Fennel", "Dotty", "Rolo", "Tinker", "Hazel", "Crumpet",
              "Barley", "Sushi", "Waffle", "Clover", "Pumpkin", "Socks"])
BREEDS = Cycle(["Labrador", "border collie", "cockapoo", "Maine Coon", "British Shorthair",
                "dachshund", "Staffordshire bull terrier", "whippet", "Bengal", "French bulldog",
                "Cavalier King Charles spaniel", "Jack Russell terrier", "Dandie Dinmont terrier",
                "Gordon setter", "Bernese mountain dog", "ragdoll", "Norwegian Forest cat"])
CLINICS = Cycle(["Merrowdale Bristol", "Merrowdale Cork", "Merrowdale Utrecht",
                 "Merrowdale Equine Newmarket", "Merrowdale Referrals Singapore", "Merrowdale Dubai",
                 "Merrowdale Lisbon", "Merrowdale Sydney", "Merrowdale Auckland", "Merrowdale Oslo",
                 "Merrowdale Zürich", "Merrowdale Tahlequah", "Merrowdale Kraków", "Merrowdale Lyon"])
ROLES = Cycle(["clientcare", "reception.bristol", "accounts", "claims", "pharmacy", "lab-results",
               "frontdesk.cork", "referrals.sg", "equine.bookings", "onboarding"])


def money():
    cur = R.choice(["£", "€", "$", "CHF ", "AED ", "NZD "])
    return f"{cur}{R.randint(20, 1900)}.{R.choice(['00', '50', '40', '99', '20'])}"


def vet_body(pet):
    return R.choice([
        f"{pet} was booked for a dental and we were charged twice for the anaesthetic. ",
        f"Nobody called me with {pet}'s blood results although the nurse promised a call by 5 pm. ",
        f"The microchip on {pet}'s record does not match the one the scanner reads. ",
        f"We waited 2 h 40 min in the emergency waiting room with {pet} and the estimate doubled. ",
        f"{pet}'s repeat prescription was sent to the wrong pharmacy for the third time. ",
        f"The CareClub direct debit for {pet} was taken on the 1st and again on the 3rd. ",
        f"{pet} came home from the spay with the cone missing and the wound is weeping. ",
        f"Your Furlink app shows {pet} as deceased. She is alive and asleep on my lap. ",
    ])


def gen_complaints(n):
    for _ in range(n):
        c, (s1, s2), pet = EN_CUST(), two_staff(), PETS()
        v = R.randrange(4)
        if v == 0:
            tpl = ("⟦key⟧ · ⟦clinic⟧ · Priority: High\nReporter: ⟦name⟧ (⟦email⟧) · Mobile: ⟦phone⟧\n"
                   "Assignee: ⟦s1⟧ · Watchers: @⟦s2⟧\n⟦body⟧Invoice ⟦inv⟧, patient ⟦pid⟧.")
        elif v == 1:
            tpl = ("*Complaint* ⟦key⟧ ([~accountid:⟦a1⟧] please own this)\n⟦body⟧\n— ⟦name⟧, "
                   "⟦phone⟧, ⟦email⟧ (client since 2019, ⟦cid⟧)\ncc @⟦s2⟧")
        elif v == 2:
            tpl = ("h3. Client feedback — ⟦clinic⟧\n||Client||Email||Phone||Pet||\n|⟦name⟧|⟦email⟧|"
                   "⟦phone⟧|" + pet + " (⟦pid⟧)|\n⟦body⟧Assigned to ⟦s1⟧; @⟦s2⟧ to review the "
                   "call recording.")
        else:
            tpl = ("Jira Service Management · request ⟦key⟧ raised via e-mail by ⟦email⟧\n⟦body⟧"
                   "Please call me back on ⟦phone⟧. ⟦name⟧\nAgent: ⟦s1⟧ · Approver: ⟦s2⟧")
        parts = dict(name=CN(c), email=CE(c), phone=PH(c.country), body=vet_body(pet), s2=S(s2))
        if "⟦s1⟧" in tpl:
            parts["s1"] = S(s1)
        if "⟦a1⟧" in tpl:
            parts["a1"] = SA(s1)
        if "⟦clinic⟧" in tpl:
            parts["clinic"] = CLINICS()
        add("complaint", "en", fill(tpl, LOOK_GENS, **parts))


def gen_chip_transfer(n):
    for _ in range(n):
        c, st, pet = EN_CUST(), ANY_STAFF(), PETS()
        tpl = R.choice([
            ("ChipTrace keeper change ⟦key⟧: chip ⟦chip⟧ (" + BREEDS() + ", \"" + pet + "\") — "
             "previous keeper consent on file; new keeper ⟦name⟧, ⟦email⟧, ⟦phone⟧. Verified by ⟦st⟧."),
            ("Microchip registry update for " + pet + ": chip ⟦chip⟧, registered keeper ⟦name⟧ "
             "<⟦email⟧>, mobile ⟦phone⟧; implanted ⟦date⟧ by ⟦st⟧ at ⟦clinic⟧."),
            ("Found-animal scan (" + BREEDS() + ") — chip ⟦chip⟧ resolves to ⟦name⟧, tel. ⟦phone⟧, "
             "mail ⟦email⟧. Reunited ⟦date⟧ ⟦time⟧; logged by ⟦st⟧."),
        ])
        extra = {"clinic": CLINICS()} if "⟦clinic⟧" in tpl else {}
        add("microchip-keeper", "en", fill(tpl, LOOK_GENS, name=CN(c), email=CE(c),
                                            phone=PH(c.country), st=S(st), **extra))


def gen_telehealth(n):
    for _ in range(n):
        c, st = EN_CUST(), ANY_STAFF()
        ip = IP("public") if R.random() < 0.6 else IP6()
        tpl = R.choice([
            ("VetCall session ⟦uuid⟧ · vet: ⟦st⟧ · client: ⟦name⟧ <⟦email⟧> · joined from ⟦ip⟧ "
             "(WebRTC relay) · callback ⟦phone⟧ · duration 00:14:32"),
            ("Telehealth consult note — ⟦st⟧: owner ⟦name⟧ (⟦email⟧) reports vomiting ×3 since "
             "06:00; advised bland diet, re-check if worse. Client IP ⟦ip⟧, callback ⟦phone⟧."),
        ])
        add("telehealth", "en", fill(tpl, LOOK_GENS, name=CN(c), email=CE(c), phone=PH(c.country),
                                      st=S(st), ip=ip))


EU_IBAN = Cycle(["ES", "PT", "AT", "SE", "AE", "FI", "NO", "SI", "IT", "FR", "BE", "NL", "CH",
                 "DK", "PL", "GB", "IE", "DE"])
CUST_IBAN = {"GB": "GB", "IE": "IE", "NL": "NL", "DE": "DE", "FR": "FR", "BE": "BE", "IT": "IT",
             "ES": "ES", "PT": "PT", "AT": "AT", "CH": "CH", "SE": "SE", "DK": "DK", "NO": "NO",
             "PL": "PL", "AE": "AE", "TR": "TR"}


def cust_iban(c):
    return IB(CUST_IBAN.get(c.country) if c.country in CUST_IBAN and R.random() < 0.5 else EU_IBAN())


def gen_insurance(n):
    for _ in range(n):
        c, st, pet = EN_CUST(), ANY_STAFF(), PETS()
        ref = Look(f"PS-{R.randint(24, 26)}-{rd(7)}", "insurance claim reference")
        tpl = R.choice([
            ("PetSure direct claim ⟦ref⟧ — policyholder ⟦name⟧ (⟦email⟧); treatment ⟦inv⟧ for "
             + pet + "; settle the excess refund of ⟦amt⟧ to ⟦iban⟧. Approved: ⟦st⟧."),
            ("Claim ⟦ref⟧ paid by insurer direct to clinic. Client overpaid ⟦amt⟧ — refund to "
             "account ⟦iban⟧ (holder ⟦name⟧, ⟦email⟧). Checked by ⟦st⟧ against ⟦inv⟧."),
            ("||Claim||Policyholder||Email||Refund IBAN||\n|⟦ref⟧|⟦name⟧|⟦email⟧|⟦iban⟧|\n"
             "Batch prepared by ⟦st⟧, ⟦date⟧."),
        ])
        add("insurance-refund", "en", fill(tpl, LOOK_GENS, ref=ref, name=CN(c), email=CE(c),
                                            iban=cust_iban(c), st=S(st), amt=money()))


def gen_emergency(n):
    for _ in range(n):
        c, st, pet = EN_CUST(), ANY_STAFF(), PETS()
        rel = R.choice(["GB", "IE", "HK", "NZ", "AU", "SG", "NL", c.country])
        tpl = R.choice([
            ("Inpatient ⟦pid⟧ (" + pet + ", ⟦ward⟧) — owner ⟦name⟧ ⟦phone⟧ / ⟦email⟧; if "
             "unreachable, neighbour with the key: ⟦rphone⟧. Discharge planned by ⟦st⟧."),
            ("Emergency contacts for " + pet + " (⟦pid⟧): 1) ⟦name⟧, mobile ⟦phone⟧, ⟦email⟧ "
             "2) owner's daughter abroad ⟦rphone⟧. Admitting vet ⟦st⟧."),
        ])
        add("emergency-contact", "en", fill(tpl, LOOK_GENS, name=CN(c), email=CE(c),
                                             phone=PH(c.country), rphone=PH(rel), st=S(st)))


def gen_sms(n):
    for _ in range(n):
        c, pet = EN_CUST(), PETS()
        nsn = mobile_nsn(c.country)
        out = phone_lab(c.country, "bare", nsn)
        inn = phone_lab(c.country, "e164", nsn)
        t1, t2 = iso_ts(), iso_ts()
        add("sms-gateway", "en", T(
            "ts,direction,msisdn,template,body\n⟦t1⟧,OUT,⟦out⟧,reminder,\"" + pet + " is due a "
            "booster at ⟦clinic⟧ on ⟦d⟧ at ⟦tm⟧. Reply C to confirm or R to rebook.\"\n⟦t2⟧,IN,⟦inn⟧,,\""
            + R.choice(["C", "R", "C thanks", "R pls"]) + "\"",
            t1=Look(t1, "timestamp"), t2=Look(t2, "timestamp"), out=out, inn=inn, clinic=CLINICS(),
            d=Look(date_dmy(), "date"), tm=hhmm()))


def gen_vcard(n):
    for _ in range(n):
        c, pet = EN_CUST(), PETS()
        add("vcard", "en", T(
            "Attached contact from the Furlink export:\nBEGIN:VCARD\nVERSION:3.0\nFN:⟦fn⟧\nN:⟦fam⟧;⟦giv⟧;;;\n"
            "EMAIL;TYPE=HOME:⟦email⟧\nTEL;TYPE=CELL:⟦phone⟧\nNOTE:Owner of " + pet + " (chip ⟦chip⟧)\n"
            "END:VCARD", fn=CN(c), fam=CN(c, "family"), giv=CN(c, "given"), email=CE(c),
            phone=PH(c.country, R.choice(["e164", "intl"])), chip=CHIP()))


def gen_registration(n):
    for _ in range(n):
        rows = []
        for _ in range(R.choice([1, 2])):
            c = EN_CUST()
            rows.append(T("⟦cid⟧,⟦fam⟧,⟦giv⟧,⟦email⟧,⟦phone⟧," + PETS() + ","
                          + R.choice(["canine", "feline", "lagomorph", "equine"]) + ",⟦chip⟧\n",
                          cid=LOOK_GENS["cid"](), fam=CN(c, "family"), giv=CN(c, "given"),
                          email=CE(c), phone=PH(c.country), chip=CHIP()))
        add("registration-csv", "en",
            ["client_id,surname,given_name,email,mobile,pet,species,chip\n"] + sum(rows, []))


def gen_oncall(n):
    for _ in range(n):
        a, b = two_staff()
        c2 = ANY_STAFF()
        add("oncall-rota", "en", T(
            "h3. On-call vets — ⟦clinic⟧, week ⟦wk⟧\n||Day||Vet||Mobile||Backup||\n"
            "|Mon|[~accountid:⟦a⟧]|⟦pa⟧|⟦b⟧|\n|Tue|⟦b2⟧|⟦pb⟧|⟦c⟧|\n|Wed|⟦c2⟧|⟦pc⟧|—|",
            clinic=CLINICS(), wk=str(R.randint(10, 22)), a=SA(a), pa=SP(a), b=S(b), b2=S(b),
            pb=SP(b), c=S(c2), c2=S(c2), pc=SP(c2)))


def gen_chat(n):
    for _ in range(n):
        c, (a, b) = EN_CUST(), two_staff()
        t1, t2, t3 = clock()
        v = R.randrange(3)
        if v == 0:
            tpl = ("[⟦t1⟧] ⟦a⟧: ⟦name⟧ (⟦email⟧) rang from ⟦phone⟧ — " + PETS() + "'s sutures look "
                   "red, can someone call back?\n[⟦t2⟧] ⟦b⟧: on it, calling now")
            parts = dict(a=S(a), b=S(b), name=CN(c), email=CE(c), phone=PH(c.country))
        elif v == 1:
            tpl = ("[⟦t1⟧] ⟦a⟧: I'm stuck in theatre, ring my mobile ⟦pa⟧ if the lab calls\n"
                   "[⟦t2⟧] ⟦b⟧: ok. Mine is ⟦pb⟧ tonight")
            parts = dict(a=S(a), b=S(b), pa=SP(a), pb=SP(b))
        else:
            tpl = ("#bristol-frontdesk ⟦t1⟧ @⟦b⟧ can you call ⟦name⟧ back on ⟦phone⟧? They emailed "
                   "⟦email⟧ twice about the estimate. — ⟦a⟧")
            parts = dict(a=S(a), b=S(b), name=CN(c), email=CE(c), phone=PH(c.country))
        parts.update({k: v for k, v in dict(t1=t1, t2=t2).items() if f"⟦{k}⟧" in tpl})
        add("chat", "en", T(tpl, **parts))


def msgid():
    return Look(f"<{rs(14, LOWER + DIGITS)}.{rd(6)}@{R.choice(['mail.example', 'mx.example.net', 'example.com'])}>",
                "Message-ID")


def mail_date():
    import datetime
    d = datetime.date(2026, R.randint(2, 5), R.randint(1, 28))
    day = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday()]
    mon = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][d.month - 1]
    return f"{day}, {d.day} {mon} 2026 {hhmm()}:{R.randint(10, 59)} +0000"


def gen_email_headers(n):
    for _ in range(n):
        c, st, pet = EN_CUST(), ANY_STAFF(), PETS()
        r = ROLES()
        add("email-headers", "en", T(
            "Return-Path: <⟦e1⟧>\nReceived: from ⟦host⟧ ([⟦ip⟧]) by mx2.merrowdalevet.com with ESMTPS "
            "id ⟦sid⟧; ⟦date⟧\nMessage-ID: ⟦mid⟧\nFrom: \"⟦n1⟧\" <⟦e2⟧>\nTo: ⟦rn⟧ <⟦role⟧>\n"
            "Cc: ⟦st⟧ <⟦se⟧>\nSubject: Re: " + pet + R.choice([
                "'s estimate (⟦inv⟧)\n\nHello, I still have not had the itemised bill. You can reach "
                "me on ⟦phone⟧ after 6pm.\nKind regards,\n⟦n2⟧",
                "'s lab results (⟦inv⟧)\n\nHi, the vet said she would ring with the results on "
                "Friday. Nobody did. Mobile: ⟦phone⟧\n\nThanks,\n⟦n2⟧",
                " — complaint about the out-of-hours fee (⟦inv⟧)\n\nDear team, the triage nurse "
                "quoted one price and the invoice shows another. Please call ⟦phone⟧.\n\n⟦n2⟧",
            ]),
            e1=CE(c), host=R.choice(["mail.example", "smtp.example.net", "out.post.example"]),
            ip=IP(R.choice(["public", "public", "public"])) if R.random() < 0.7 else IP6(),
            sid=rs(10), date=mail_date(),
            mid=msgid(), n1=CN(c), e2=CE(c), rn=r.replace(".", " ").title(), role=role(r),
            st=S(st), se=SE(st), inv=LOOK_GENS["inv"](), phone=PH(c.country), n2=CN(c)))


def gen_email_reply(n):
    for _ in range(n):
        c, st, pet = EN_CUST(), ANY_STAFF(), PETS()
        title = R.choice(["Head Nurse", "Clinical Director", "Practice Manager", "Veterinary Surgeon",
                          "Client Care Lead"])
        add("email-reply", "en", T(
            "Dear ⟦name⟧,\n\nthank you for your patience with " + pet + ". I have credited the "
            "duplicate charge; it will show in 3–5 working days.\n\n> On ⟦d⟧, ⟦name2⟧ <⟦email⟧> wrote:\n"
            "> I was charged twice.\n\n--\n⟦st⟧\n" + title + ", ⟦clinic⟧\nM: ⟦sp⟧ | ⟦se⟧",
            name=CN(c), d=Look(date_dmy(), "date"), name2=CN(c), email=CE(c), st=S(st),
            clinic=CLINICS(), sp=SP(st), se=SE(st)))


US_CUSTS = Cycle([c for c in EN_CUSTS if c.country == "US"])


def gen_ssn(n):
    for i in range(n):
        c, st = US_CUSTS(), ANY_STAFF()
        tpl = [
            ("W-9 received for locum vet ⟦name⟧ (⟦email⟧): TIN type SSN ⟦ssn⟧, mobile ⟦phone⟧. "
             "Uploaded to the HR folder by ⟦st⟧ — do NOT paste TINs in tickets."),
            ("Pet-care financing application ⟦key⟧ — applicant ⟦name⟧, ⟦email⟧, SSN ⟦ssn⟧, "
             "cell ⟦phone⟧; decision pending. Handled by ⟦st⟧."),
            ("Refund form (Tahlequah): payee ⟦name⟧ / ⟦email⟧ / tax id ⟦ssn⟧ / ⟦phone⟧. "
             "Reviewer ⟦st⟧."),
        ][i % 3]
        add("ssn", "en", fill(tpl, LOOK_GENS, name=CN(c), email=CE(c), ssn=SSN(),
                               phone=PH("US"), st=S(st)))


STAFF_IBAN = {"GB": "GB", "IE": "IE", "NL": "NL", "DE": "DE", "FR": "FR", "BE": "BE", "IT": "IT",
              "ES": "ES", "PT": "PT", "AT": "AT", "CH": "CH", "SE": "SE", "DK": "DK", "NO": "NO",
              "PL": "PL", "AE": "AE", "TR": "TR", "IQ": "IQ"}
PAYROLL_STAFF = Cycle([s for s in STAFF_LIST if s.country in STAFF_IBAN])


def gen_payroll(n):
    for _ in range(n):
        st, hr = PAYROLL_STAFF(), STAFF["amelia"]
        if st is hr:
            hr = STAFF["freya"]
        cc = STAFF_IBAN[st.country]
        other = R.choice(["FI", "SI", cc, cc])
        add("payroll-iban", "en", T(
            "HR-⟦n⟧ Bank details change for ⟦st⟧: old IBAN ⟦i1⟧ → new IBAN ⟦i2⟧ (effective April "
            "payroll). Verified by call-back to ⟦sp⟧ — ⟦hr⟧",
            n=str(R.randint(100, 999)), st=S(st), i1=IB(cc), i2=IB(other), sp=SP(st), hr=S(hr)))


SUPPLIER_IBAN = Cycle(["BE", "NL", "GB", "DE"])


def gen_supplier(n):
    for _ in range(n):
        c, st = EN_CUST(), ANY_STAFF()
        sup = R.choice(["zoovet-supplies.example", "vetpharm.example.com", "kennelkit.example.net",
                        "animedica.example"])
        c = Cust(c.parts, c.latin, local=c.email.split("@")[0], domain=sup)
        c.country = R.choice(["GB", "NL", "DE", "IE", "BE"])
        cc = SUPPLIER_IBAN()
        add("supplier-bank-change", "en", T(
            "⟦key⟧ ⚠ Possible mandate fraud: e-mail from ⟦name⟧ <⟦email⟧> asks us to move supplier "
            "payments from ⟦i1⟧ to ⟦i2⟧. Call-back to the supplier's switchboard ⟦ph⟧ says NO "
            "change was requested. Cc ⟦acc⟧ · owner ⟦st⟧",
            key=key_no(), name=CN(c), email=CE(c), i1=IB(cc), i2=IB(R.choice(["GB", "PL", "SI"])),
            ph=PH(c.country), acc=role("accounts"), st=S(st)))


def gen_pain001(n):
    for _ in range(n):
        c = EN_CUST()
        add("pain001", "en", T(
            "<CstmrCdtTrfInitn><GrpHdr><MsgId>⟦mid⟧</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><PmtInf>"
            "<Dbtr><Nm>Merrowdale Veterinary Group Ltd</Nm></Dbtr><DbtrAcct><Id><IBAN>⟦deb⟧</IBAN>"
            "</Id></DbtrAcct><CdtTrfTxInf><PmtId><EndToEndId>⟦e2e⟧</EndToEndId></PmtId><Amt>"
            "<InstdAmt Ccy=\"EUR\">⟦amt⟧</InstdAmt></Amt><Cdtr><Nm>⟦name⟧</Nm><CtctDtls><EmailAdr>"
            "⟦email⟧</EmailAdr></CtctDtls></Cdtr><CdtrAcct><Id><IBAN>⟦cred⟧</IBAN></Id></CdtrAcct>"
            "</CdtTrfTxInf></PmtInf></CstmrCdtTrfInitn>",
            mid=Look(f"MVG-RFD-2026-{rd(5)}", "message id"), deb=IB("IE", spaced=False),
            e2e=Look(f"E2E{rd(12)}", "end-to-end id"), amt=f"{R.randint(20, 600)}.{rd(2)}",
            name=CN(c), email=CE(c), cred=IB(R.choice(["NL", "BE", "FR", "DE", "PT", "ES", "IT"]), spaced=False)))


def gen_card_chat(n):
    for _ in range(n):
        c, st = EN_CUST(), ANY_STAFF()
        t1, t2, t3 = clock()
        add("card-chat", "en", T(
            "[Furlink chat · signed in as ⟦email⟧]\n[⟦t1⟧] ⟦name⟧: here's the card for the deposit "
            "⟦card⟧ exp ⟦exp⟧\n[⟦t2⟧] ⟦st⟧: please don't post card numbers here — I've asked "
            "payments to call you on ⟦phone⟧",
            email=CE(c), t1=t1, name=CN(c), card=CC(), exp=f"{R.randint(1, 12):02d}/{R.randint(27, 31)}",
            t2=t2, st=S(st), phone=PH(c.country)))


def gen_terminal(n):
    for _ in range(n):
        num = card_number(BRAND_CYCLE())
        add("terminal-log", "en", T(
            "⟦ts⟧ [tillpoint-⟦k⟧] DEBUG EMV txn: PAN=⟦pan⟧ EXP=⟦exp⟧ AUTH=⟦auth⟧ STAN=⟦stan⟧ "
            "TID=⟦tid⟧ amount=GBP ⟦amt⟧ result=APPROVED",
            ts=Look(iso_ts(), "timestamp"), k=str(R.randint(1, 9)),
            pan=Lab("credit_card", num, brand=brand_of(num)),
            exp=f"{R.randint(27, 31)}{R.randint(1, 12):02d}", auth=Look(rs(6, UPPER + DIGITS), "auth code"),
            stan=Look(rd(6), "STAN"), tid=Look(rd(8), "TID"), amt=f"{R.randint(20, 900)}.{rd(2)}"))


def gen_chargeback(n):
    for _ in range(n):
        rows = []
        for _ in range(2):
            c = EN_CUST()
            num = card_number(BRAND_CYCLE())
            rows.append(T("⟦arn⟧,⟦case⟧,⟦name⟧,⟦email⟧,⟦pan⟧,GBP ⟦amt⟧,13.1 Services not provided\n",
                          arn=Look(rd(23), "ARN"), case=Look(f"CB-{rd(8)}", "case id"),
                          name=CN(c, "upper"), email=CE(c),
                          pan=Lab("credit_card", num, brand=brand_of(num)),
                          amt=f"{R.randint(40, 900)}.{rd(2)}"))
        add("chargeback-csv", "en", ["arn,case_id,cardholder,email,pan,amount,reason\n"] + sum(rows, []))


def gen_refund_card(n):
    for _ in range(n):
        c, st = EN_CUST(), ANY_STAFF()
        brand = BRAND_CYCLE()
        add("refund-card", "en", fill(
            "⟦key⟧ Refund of ⟦amt⟧ for the cancelled spay deposit — to the original card ⟦card⟧ ("
            + BRAND_NAMES[brand] + "), client ⟦name⟧ (⟦email⟧). Approved by ⟦st⟧.",
            LOOK_GENS, amt=money(), card=CC(brand), name=CN(c), email=CE(c), st=S(st)))


# --- configuration, credentials, logs ---------------------------------------------------------------

VER = lambda: f"{R.randint(1, 6)}.{R.randint(0, 30)}.{R.randint(0, 20)}"  # noqa: E731


def gen_env(n):
    for i in range(n):
        lines = [f"# pawledger-sync/.env pasted into {key_no()} — rotate everything below\n"]
        lines += T("DATABASE_URL=postgresql://⟦u⟧@db01.mvg.internal:5432/pawledger\n", u=UC("pawledger_app"))
        lines += T("REDIS_URL=rediss://⟦u⟧@cache.mvg.internal:6380/0\n", u=UC("", pw_value("mix")))
        pick_ = i % 4
        if pick_ == 0:
            lines += T("SENDGRID_API_KEY=⟦t⟧\nSTRIPE_SECRET_KEY=⟦s⟧\n", t=TK("sendgrid"), s=TK("stripe"))
        elif pick_ == 1:
            lines += T("TWILIO_API_KEY=⟦k⟧\nTWILIO_API_SECRET=⟦s⟧\nTWILIO_FROM=⟦ph⟧\n", k=TK("twilio"),
                       s=TK("twilio", "secret"), ph=PH("GB", "e164"))
        elif pick_ == 2:
            lines += T("OPENAI_API_KEY=⟦o⟧\nANTHROPIC_API_KEY=⟦a⟧\n", o=TK("openai"), a=TK("anthropic"))
        else:
            lines += T("STRIPE_WEBHOOK_SECRET=⟦w⟧\nSHOPIFY_ADMIN_TOKEN=⟦s⟧\n", w=TK("stripe", "whsec"),
                       s=TK("shopify"))
        lines += T("SESSION_SECRET=⟦p⟧\nLOG_LEVEL=info", p=PW("mix", 32))
        add("config-env", "en", lines)


def gen_yaml(n):
    for i in range(n):
        if i % 2 == 0:
            add("config-yaml", "en", T(
                "assaylane:\n  base_url: https://assaylane.mvg.internal/api/v3\n  username: integration-"
                + R.choice(["bristol", "cork", "utrecht", "nyeri", "duhok"]) + "\n  password: \"⟦pw⟧\"\n"
                "  hl7:\n    host: ⟦ip⟧\n    port: 2575\ns3_export:\n  bucket: mvg-lab-archive\n"
                "  access_key_id: ⟦ak⟧\n  secret_access_key: ⟦sk⟧",
                pw=PW(), ip=IP("10"), ak=TK("aws", "AKIA"), sk=TK("aws", "secret")))
        else:
            add("config-yaml", "en", T(
                "# values-prod.yaml (furlink)\nfurlink:\n  image: registry.mvg.internal/furlink-api:⟦v⟧\n"
                "  env:\n    GOOGLE_MAPS_KEY: ⟦g⟧\n    HF_TOKEN: ⟦h⟧\n    SLACK_WEBHOOK: ⟦s⟧\n"
                "  db:\n    url: mysql://⟦u⟧@⟦ip⟧:3306/furlink",
                v=Look(VER(), "version"), g=TK("google"), h=TK("huggingface"), s=TK("slack", "webhook"),
                u=UC("furlink"), ip=IP("172")))


def gen_ini(n):
    for _ in range(n):
        add("config-ini", "en", T(
            "[analyser]\nmodel = " + R.choice(["HemaVet 950", "CatScan Pro", "ChemLine VX", "UrinoSed 3"])
            + "\nfirmware = ⟦fw⟧\nhost = ⟦ip⟧\nmac = ⟦mac⟧\n\n[lis]\nuser = lis_bridge\npassword = ⟦pw⟧\n"
            "endpoint = https://assaylane.mvg.internal/hl7",
            fw=LOOK_GENS["fw"](), ip=IP("192"), mac=MAC(), pw=PW()))


def gen_compose(n):
    for i in range(n):
        tok = [("OPENAI_API_KEY", TK("openai")), ("HF_TOKEN", TK("huggingface")),
               ("NPM_TOKEN", TK("npm")), ("DIGITALOCEAN_TOKEN", TK("digitalocean"))][i % 4]
        add("docker-compose", "en", T(
            "services:\n  pawledger-api:\n    image: registry.mvg.internal/pawledger-api:⟦v⟧\n"
            "    environment:\n      POSTGRES_PASSWORD: ⟦pw⟧\n      ⟦tn⟧: ⟦tv⟧\n      AMQP_URL: "
            "amqps://⟦u⟧@mq.mvg.internal:5671/vet\n    ports:\n      - \"8080:8080\"",
            v=Look(VER(), "version"), pw=PW(), tn=tok[0], tv=tok[1], u=UC("pawledger")))


def gen_k8s(n):
    for i in range(n):
        user = R.choice(["vetpix", "pawledger", "dosewell", "assaylane"])
        secret_pw = pw_value("mix")
        tok = [("GITHUB_TOKEN", TK("github", "ghp_")), ("GITLAB_TOKEN", TK("gitlab")),
               ("VAULT_TOKEN", TK("hashicorp")), ("DO_SPACES_TOKEN", TK("digitalocean", "dop_v1_")),
               ("PYPI_TOKEN", TK("pypi"))][i % 5]
        add("k8s-secret", "en", T(
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + user + "-credentials\n  namespace: "
            + R.choice(["imaging", "clinic-apps", "lab", "pharmacy"]) + "\ntype: Opaque\ndata:\n"
            "  username: ⟦u⟧\n  password: ⟦p⟧\nstringData:\n  ⟦tn⟧: ⟦tv⟧",
            u=Look(b64(user.encode()), "base64 user name"), p=Lab("password", b64(secret_pw.encode())),
            tn=tok[0], tv=tok[1]))


def gen_tfvars(n):
    for i in range(n):
        add("terraform", "en", T(
            "# terraform.tfvars (imaging-archive)\naws_access_key = \"⟦ak⟧\"\naws_secret_key = \"⟦sk⟧\"\n"
            "do_token = \"⟦do⟧\"\nstorage_account_key = \"⟦az⟧\"\ntfc_token = \"⟦tfc⟧\"\nregion = \"eu-west-2\"",
            ak=TK("aws", "AKIA"), sk=TK("aws", "secret"), do=TK("digitalocean"), az=TK("azure"),
            tfc=TK("hashicorp", "tfc")))


def gen_json_cfg(n):
    for _ in range(n):
        add("config-json", "en", T(
            "{\"kiosk_id\":\"⟦kid⟧\",\"clinic\":\"⟦clinic⟧\",\"furlink\":{\"api_key\":\"⟦ak⟧\","
            "\"shop_token\":\"⟦sh⟧\"},\"maps_key\":\"⟦g⟧\",\"printer\":{\"ip\":\"⟦ip⟧\",\"mac\":\"⟦mac⟧\"}}",
            kid=Look(uuid4(), "UUID"), clinic=CLINICS(), ak=PW("mix", 40), sh=TK("shopify", "shpca_"),
            g=TK("google"), ip=IP("192"), mac=MAC(":")))


def gen_curl(n):
    kinds = Cycle(range(12))
    for _ in range(n):
        k = kinds()
        if k == 0:
            parts = T("curl -u 'pawledger-api:⟦pw⟧' https://api.labpartner.example/v2/orders?since=⟦d⟧",
                      pw=PW(), d=Look(iso_ts(), "timestamp"))
        elif k == 1:
            parts = T("curl -H \"Authorization: Bearer ⟦j⟧\" https://furlink-api.merrowdalevet.com/v1/pets/⟦pid⟧",
                      j=JWT(), pid=LOOK_GENS["pid"]())
        elif k == 2:
            parts = T("curl https://api.anthropic.com/v1/messages -H \"x-api-key: ⟦t⟧\" -H "
                      "\"anthropic-version: 2023-06-01\" -d @triage.json", t=TK("anthropic"))
        elif k == 3:
            parts = T("curl -X POST https://api.twilio.com/2010-04-01/Accounts/⟦ac⟧/Messages.json -u "
                      "⟦sk⟧:⟦sec⟧ --data-urlencode \"To=⟦to⟧\" --data-urlencode \"From=⟦fr⟧\" "
                      "--data-urlencode \"Body=Your pet is ready for collection\"",
                      ac=Look("AC" + rs(32, HEX), "Twilio account SID"), sk=TK("twilio"),
                      sec=TK("twilio", "secret"), to=PH(R.choice(["GB", "IE", "AU", "NZ"]), "e164"),
                      fr=PH("GB", "e164"))
        elif k == 4:
            parts = T("curl -H \"Authorization: token ⟦t⟧\" https://api.github.com/repos/merrowdale/"
                      "pawledger/actions/runs", t=TK("github", R.choice(["ghp_", "gho_"])))
        elif k == 5:
            parts = T("curl --url 'https://merrowdale.atlassian.net/rest/api/3/issue/⟦k⟧' --user "
                      "'⟦svc⟧:⟦t⟧'", k=key_no(), svc=role("svc-jira"), t=TK("atlassian"))
        elif k == 6:
            parts = T("curl -H \"Authorization: Bearer ⟦t⟧\" https://huggingface.co/api/whoami-v2",
                      t=TK("huggingface"))
        elif k == 7:
            parts = T("curl -H \"X-Shopify-Access-Token: ⟦t⟧\" https://merrowdale-shop.myshopify.com/"
                      "admin/api/2024-10/orders.json", t=TK("shopify"))
        elif k == 8:
            parts = T("curl -H \"Authorization: Bearer ⟦t⟧\" \"https://api.digitalocean.com/v2/droplets\"",
                      t=TK("digitalocean"))
        elif k == 9:
            parts = T("curl --header \"PRIVATE-TOKEN: ⟦t⟧\" https://gitlab.mvg.internal/api/v4/projects",
                      t=TK("gitlab"))
        elif k == 10:
            parts = T("curl https://api.stripe.com/v1/refunds -u ⟦t⟧: -d charge=⟦ch⟧ -d amount=⟦amt⟧",
                      t=TK("stripe", R.choice(["sk_live_", "rk_live_"])), ch=Look("ch_" + rs(24), "charge id"),
                      amt=str(R.randint(1000, 90000)))
        else:
            parts = T("curl \"https://maps.googleapis.com/maps/api/geocode/json?address=Bristol+BS1&key=⟦t⟧\"",
                      t=TK("google"))
        add("curl", "en", [R.choice(["Repro from the ticket:\n$ ", "Steps: ", "$ ", "Run this to check: "])] + parts)


def gen_ci(n):
    kinds = Cycle(range(8))
    for _ in range(n):
        k = kinds()
        if k == 0:
            parts = T("Run npm publish --access restricted\nnpm notice Publishing to https://registry."
                      "npmjs.org/\n+ echo \"//registry.npmjs.org/:_authToken=⟦t⟧\" > .npmrc", t=TK("npm"))
        elif k == 1:
            parts = T("$ twine upload -u __token__ -p ⟦t⟧ dist/*\nUploading vetcalc-⟦v⟧-py3-none-any.whl",
                      t=TK("pypi"), v=Look(VER(), "version"))
        elif k == 2:
            parts = T("[Pipeline] sh\n+ vault login ⟦t⟧\nSuccess! You are now authenticated.", t=TK("hashicorp"))
        elif k == 3:
            parts = T("+ export AWS_ACCESS_KEY_ID=⟦a⟧\n+ export AWS_SECRET_ACCESS_KEY=⟦s⟧\n+ aws s3 sync "
                      "./dicom s3://mvg-vetpix-archive", a=TK("aws", "AKIA"), s=TK("aws", "secret"))
        elif k == 4:
            parts = T("+ docker login -u merrowdale-ci -p ⟦pw⟧ registry.mvg.internal\nWARNING! Using "
                      "--password via the CLI is insecure.", pw=PW())
        elif k == 5:
            parts = T("+ git clone https://oauth2:⟦t⟧@gitlab.mvg.internal/imaging/vetpix-bridge.git\n"
                      "Cloning into 'vetpix-bridge'...", t=TK("gitlab"))
        elif k == 6:
            parts = T("+ git remote set-url origin https://x-access-token:⟦t⟧@github.com/merrowdale/"
                      "furlink-app.git", t=TK("github", "ghs_"))
        else:
            parts = T("+ curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"deploy "
                      "⟦v⟧ ok\"}' ⟦w⟧", v=Look(VER(), "version"), w=TK("slack", "webhook"))
        add("ci-log", "en", [R.choice(["GitHub Actions › deploy › ", "GitLab CI job #", "Jenkins #"])
                             + str(R.randint(100, 9999)) + "\n"] + parts)


GITLEAKS_RULES = Cycle([
    ("sendgrid", None, "sendgrid-api-token", "SENDGRID_API_KEY"),
    ("gitlab", None, "gitlab-pat", "GITLAB_TOKEN"),
    ("pypi", None, "pypi-upload-token", "TWINE_PASSWORD"),
    ("slack", None, "slack-bot-token", "SLACK_BOT_TOKEN"),
    ("github", "ghp_", "github-pat", "GH_TOKEN"),
    ("openai", None, "openai-api-key", "OPENAI_API_KEY"),
    ("npm", None, "npm-access-token", "NPM_TOKEN"),
    ("huggingface", None, "huggingface-access-token", "HF_TOKEN"),
    ("anthropic", None, "anthropic-api-key", "ANTHROPIC_API_KEY"),
])


def gen_gitleaks(n):
    for _ in range(n):
        st = ANY_STAFF()
        vendor, sub, rule, var = GITLEAKS_RULES()
        tok = token_value(vendor, sub)
        commit = sha(40)
        path = R.choice(["deploy/furlink/values-prod.yaml", "scripts/sync_chips.py", ".env.staging",
                         "notebooks/xray_triage.ipynb"])
        add("gitleaks", "en", T(
            "Finding:     ⟦var⟧=⟦t1⟧\nSecret:      ⟦t2⟧\nRuleID:      ⟦rule⟧\nEntropy:     4.8⟦e⟧\n"
            "File:        ⟦path⟧\nLine:        ⟦ln⟧\nCommit:      ⟦c1⟧\nAuthor:      ⟦au⟧\nEmail:       ⟦em⟧\n"
            "Fingerprint: ⟦fp⟧",
            var=var, t1=Lab(f"api_key/{vendor}", tok), t2=Lab(f"api_key/{vendor}", tok), rule=rule,
            e=str(R.randint(0, 9)), path=path, ln=str(R.randint(3, 140)), c1=Look(commit, "git SHA"),
            au=S(st), em=SE(st), fp=Look(f"{commit}:{path}:{rule}:{R.randint(3, 140)}", "fingerprint")))


VENDOR_PROSE = Cycle(VENDORS)


def gen_vendor_prose(n):
    for _ in range(n):
        v = VENDOR_PROSE()
        st = ANY_STAFF()
        sub = {"aws": "AKIA", "slack": R.choice([None, "xoxp"]), "github": R.choice(["ghp_", "pat"]),
               "shopify": R.choice(["shpat_", "shpss_"]), "digitalocean": R.choice(["dop_v1_", "doo_v1_"])}.get(v)
        tok = TK(v, sub)
        tpl = R.choice([
            "⟦st⟧ pasted the " + v + " key ⟦t⟧ into this ticket by mistake — please revoke and rotate.",
            "Temporary " + v + " credential for the chip-sync job: ⟦t⟧ (expires Friday, owner ⟦st⟧)",
            "From ⟦st⟧: \"use ⟦t⟧ until the new " + v + " integration user is set up\"",
            "Security review ⟦k⟧: live " + v + " token ⟦t⟧ found in a Confluence page; page owner ⟦st⟧.",
        ])
        parts = dict(st=S(st), t=tok)
        if "⟦k⟧" in tpl:
            parts["k"] = key_no()
        if v == "aws":
            tpl += " Secret: ⟦s⟧"
            parts["s"] = TK("aws", "secret")
        if v == "twilio":
            tpl += " Auth token ⟦s⟧."
            parts["s"] = TK("twilio", "token")
        add("vendor-prose", "en", T(tpl, **parts))


def gen_jwt(n):
    kinds = Cycle(range(4))
    for _ in range(n):
        k = kinds()
        if k == 0:
            parts = T("Set-Cookie: furlink_session=⟦j⟧; Path=/; HttpOnly; Secure; SameSite=Lax", j=JWT())
        elif k == 1:
            parts = T("{\"access_token\":\"⟦j⟧\",\"token_type\":\"Bearer\",\"expires_in\":900,"
                      "\"refresh_token\":\"⟦r⟧\",\"scope\":\"pets.read appointments.write\"}",
                      j=JWT("RS256"), r=PW("mix", 48))
        elif k == 2:
            parts = T("⟦ts⟧ WARN furlink-api auth failed for token=⟦j⟧ from ⟦ip⟧",
                      ts=Look(iso_ts(), "timestamp"), j=JWT("HS256"), ip=IP("public"))
        else:
            parts = T("VetCall embed URL (expires in 15 min): https://vetcall.merrowdalevet.com/join?"
                      "t=⟦j⟧", j=JWT("ES256"))
        add("jwt", "en", parts)


def gen_pem(n):
    kinds = Cycle(["openssh", "rsa", "ec", "pkcs8", "gcp", "rsa"])
    for _ in range(n):
        k = kinds()
        if k == "gcp":
            project = f"merrowdale-pacs-{rd(6)}"
            add("private-key", "en", T(
                "{\"type\":\"service_account\",\"project_id\":\"⟦p1⟧\",\"private_key_id\":\"⟦kid⟧\","
                "\"private_key\":\"⟦pk⟧\\n\",\"client_email\":\"⟦ce⟧\",\"client_id\":\"⟦cid⟧\"}",
                p1=project, kid=Look(sha(40), "key id"), pk=PEM("pkcs8", "\\n", short=True),
                ce=Lab("email", f"pacs-export@{project}.iam.gserviceaccount.com", role=True),
                cid=Look(rnz(21), "client id")))
        else:
            head = {"openssh": "Deploy key for vetpix-bridge (remove from the ticket!):\n",
                    "rsa": "SFTP key the lab partner sent us for results upload:\n",
                    "ec": "Furlink APNs signing key (p8 converted):\n",
                    "pkcs8": "TLS key for pawledger.mvg.internal, pasted by mistake:\n"}[k]
            add("private-key", "en", [head, PEM(k, short=R.random() < 0.5)])


UC_SCHEMES = Cycle(["amqps", "postgresql", "mysql", "mongodb+srv", "smtps", "ftp", "sftp", "rtsp",
                    "https", "redis", "mqtt", "rediss"])


def gen_urlcreds(n):
    for _ in range(n):
        s = UC_SCHEMES()
        if s == "rtsp":
            parts = T("Ward B camera stream: rtsp://⟦u⟧@⟦ip⟧:554/Streaming/Channels/101",
                      u=UC("viewer"), ip=IP("192"))
        elif s == "mqtt":
            parts = T("kennel temperature sensors publish to mqtt://⟦u⟧@⟦ip⟧:1883/kennels/#",
                      u=UC("sensor-gw"), ip=IP("10"))
        elif s == "smtps":
            parts = T("MAIL_URL=smtps://⟦u⟧@smtp.mail.example:465", u=UC("noreply%40merrowdalevet.com"))
        elif s == "mongodb+srv":
            parts = T("mongodb+srv://⟦u⟧@cluster0.ab12c.mongodb.net/furlink?retryWrites=true",
                      u=UC("furlink_rw"))
        elif s == "redis":
            parts = T("CACHE=redis://⟦u⟧@⟦ip⟧:6379/2", u=UC("", pw_value("mix")), ip=IP("172"))
        elif s == "https":
            parts = T("pip index: https://⟦u⟧@nexus.mvg.internal/repository/pypi/simple", u=UC("ci-reader"))
        else:
            host = {"amqps": "mq.mvg.internal:5671/vet", "postgresql": "db02.mvg.internal:5432/dosewell",
                    "mysql": "lis-db.mvg.internal:3306/assaylane", "ftp": "ftp.labpartner.example/results/",
                    "sftp": "sftp.petsure.example:22/claims/in", "rediss": "cache.mvg.internal:6380/0"}[s]
            user = R.choice(["svc_" + s.replace("+", ""), "integration", "claims-upload", "lab_ro"])
            parts = T(s + "://⟦u⟧@" + host, u=UC(user))
        add("url-credentials", "en", [R.choice(["Connection string from the incident: ", "config: ",
                                                 "Found in the runbook: ", ""])] + parts)


def gen_aws_file(n):
    for _ in range(n):
        add("aws-credentials", "en", T(
            "~/.aws/credentials on the imaging gateway:\n[default]\naws_access_key_id = ⟦a⟧\n"
            "aws_secret_access_key = ⟦s⟧\naws_session_token = ⟦t⟧",
            a=TK("aws", "ASIA"), s=TK("aws", "secret"), t=Lab("password", b64(rbytes(R.choice([180, 240]))))))


def gen_azure(n):
    for _ in range(n):
        add("azure", "en", T(
            "DefaultEndpointsProtocol=https;AccountName=mvgpacsarchive⟦n⟧;AccountKey=⟦k⟧;"
            "EndpointSuffix=core.windows.net", n=str(R.randint(1, 9)), k=TK("azure")))


def gen_wifi(n):
    for i in range(n):
        if i % 3 == 0:
            add("wifi", "en", T(
                "interface=wlan0\nssid=MVG-Clinical\nbssid=⟦m⟧\nwpa=2\nwpa_passphrase=⟦p⟧\n"
                "auth_server_addr=⟦ip⟧\nauth_server_shared_secret=⟦s⟧",
                m=MAC(":"), p=PW("words"), ip=IP("10"), s=PW("mix")))
        elif i % 3 == 1:
            add("wifi", "en", T(
                "{\"name\":\"MVG-Guest-⟦c⟧\",\"security\":\"wpapsk\",\"x_passphrase\":\"⟦p⟧\","
                "\"bssid\":\"⟦m⟧\",\"vlan\":40}", c=R.choice(["BRS", "CRK", "UTR", "SYD"]),
                p=PW("words"), m=MAC(":")))
        else:
            add("wifi", "en", T(
                "Waiting-room Wi-Fi for clients at ⟦cl⟧ is MVG-Guest, password ⟦p⟧ — printed on the "
                "reception card, changed monthly by ⟦st⟧.", cl=CLINICS(), p=PW("words"), st=S(ANY_STAFF())))


def gen_dhcp(n):
    for _ in range(n):
        dev = R.choice(["vetscan-hm5", "chemline-vx", "xray-dr-ward", "label-printer", "kennel-cam",
                        "tillpoint", "ultrasound-cart"])
        add("dhcp", "en", T(
            "⟦ts⟧ dhcp01 dhcpd[⟦pid⟧]: DHCPACK on ⟦ip⟧ to ⟦m⟧ (" + dev + "-" + R.choice(["brs", "crk", "utr", "nyr"])
            + ") via eth1", ts=f"Mar {R.randint(1, 28)} {hhmm()}:{R.randint(10, 59)}",
            pid=str(R.randint(300, 9000)), ip=IP(R.choice(["10", "192", "172"])), m=MAC()))


def gen_radius(n):
    for _ in range(n):
        st = ANY_STAFF()
        add("radius", "en", T(
            "⟦ts⟧ : Auth: (⟦id⟧) Login OK: [⟦u⟧] (from client ap-ward-⟦w⟧ port 0 cli ⟦m⟧) NAS-IP ⟦ip⟧",
            ts=f"Sat Mar {R.randint(1, 28)} {hhmm()}:{R.randint(10, 59)} 2026", id=str(R.randint(1000, 99999)),
            u=SE(st), w=R.choice("abcd"), m=MAC("-"), ip=IP("10")))


def gen_firewall(n):
    for i in range(n):
        if i % 2 == 0:
            add("firewall", "en", T(
                "kernel: [UFW BLOCK] IN=eth0 OUT= SRC=⟦s⟧ DST=⟦d⟧ LEN=60 PROTO=TCP SPT=⟦sp⟧ DPT=3389",
                s=IP("public"), d=IP(R.choice(["10", "192"])), sp=str(R.randint(1025, 65000))))
        else:
            add("firewall", "en", T(
                "fw-brs-01 DROP in=wan src=⟦s⟧ dst=⟦d⟧ proto=tcp dport=22 (geo-block)",
                s=IP6(), d=IP6(R.choice(["global", "ula"]))))


def gen_travel(n):
    for _ in range(n):
        st = ANY_STAFF()
        add("impossible-travel", "en", T(
            "Okta alert: impossible travel for ⟦u⟧ — sign-in from ⟦a⟧ (" + R.choice(["Nairobi", "Lisbon", "Manila", "Denpasar"])
            + ") at ⟦t1⟧ and from ⟦b⟧ (" + R.choice(["Frankfurt", "São Paulo", "Toronto", "Oslo"]) + ") at ⟦t2⟧. "
            "Session revoked.", u=SE(st), a=IP("public"), b=IP6() if R.random() < 0.5 else IP("public"),
            **dict(zip(("t1", "t2"), sorted({hhmm() for _ in range(4)})[:2]))))


def gen_vault(n):
    for _ in range(n):
        add("vault", "en", T(
            "$ vault kv get secret/vetpix/db\n====== Data ======\nKey         Value\n---         -----\n"
            "password    ⟦p⟧\nusername    vetpix_rw", p=PW()))


def gen_flags(n):
    kinds = Cycle(range(4))
    for _ in range(n):
        k = kinds()
        if k == 0:
            parts = T("sshpass -p '⟦p⟧' ssh -p 2222 deploy@⟦ip⟧ 'sudo systemctl restart vetpix'",
                      p=PW(), ip=IP("10"))
        elif k == 1:
            parts = T("mysql -h ⟦ip⟧ -u dosewell -p'⟦p⟧' dosewell_prod -e 'select count(*) from scripts'",
                      ip=IP("172"), p=PW())
        elif k == 2:
            parts = T("redis-cli -h cache.mvg.internal -p 6380 --tls -a ⟦p⟧ info keyspace", p=PW())
        else:
            parts = T("PGPASSWORD=⟦p⟧ psql -h ⟦ip⟧ -U pawledger -d pawledger", p=PW(), ip=IP("10"))
        add("command-flags", "en", ["Runbook step that leaked a credential:\n"] + parts)


# --- negative lines: look-alikes of the domain --------------------------------------------------


VIN_VALUES = dict(zip("ABCDEFGHJKLMNPRSTUVWXYZ", [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9]))
VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]


def vin():
    alphabet = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
    body = list(R.choice(["WF0", "WDB", "VF1", "SAL", "ZFA"]) + "".join(R.choice(alphabet) for _ in range(5))
                + "0" + R.choice("RSTV") + "".join(R.choice(alphabet) for _ in range(1)) + rd(6))
    total = sum((int(c) if c.isdigit() else VIN_VALUES[c]) * w for c, w in zip(body, VIN_WEIGHTS))
    body[8] = "X" if total % 11 == 10 else str(total % 11)
    return "".join(body)


def vin_ok(v):
    total = sum((int(c) if c.isdigit() else VIN_VALUES[c]) * w for c, w in zip(v, VIN_WEIGHTS))
    return v[8] == ("X" if total % 11 == 10 else str(total % 11))


def isbn13():
    body = "978" + rd(9)
    return body + gs1_digit(body)


def dicom_uid():
    return f"1.2.826.0.1.3680043.10.{R.randint(100, 999)}.{rnz(8)}.{R.randint(1, 99)}.{rnz(6)}"


def ear_tag():
    return f"UK {rnz(6)} {R.randint(1, 7)}{rd(5)}"


def ueln():
    return f"{R.choice(['826', '276', '250', '528'])}{R.choice(['002', '004', '009', '019'])}{rd(9)}"


def ssh_pub():
    return "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + rs(43, B62 + "+/") + " vetpix-ci@runner-0" + str(R.randint(1, 9))


def cert():
    body = b64(rbytes(120))
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(body[i:i + 64] for i in range(0, len(body), 64)) + "\n-----END CERTIFICATE-----"


NEG_GENS = dict(LOOK_GENS)
NEG_GENS.update({
    "dicom": lambda: Look(dicom_uid(), "DICOM UID"),
    "tag": lambda: Look(ear_tag(), "cattle ear tag"),
    "ueln": lambda: Look(ueln(), "UELN"),
    "pass": lambda: Look(f"{R.choice(['PL', 'DE', 'IE', 'NL', 'IT'])} {rd(2)} {rd(6)}", "pet passport number"),
    "req": lambda: Look(f"{R.randint(200, 989)}-{rnz(3)}-{rd(4)}", "lab requisition shaped like a phone number"),
    "ord": lambda: Look(f"{rd(3)}-{rd(7)}-{rd(7)}", "3-7-7 order number"),
    "pol": lambda: Look(rnz(10), "policy number"),
    "claim": lambda: Look(f"PS-{R.randint(24, 26)}-{rd(7)}", "claim reference"),
    "epoch": lambda: Look(str(1773400000000 + R.randint(0, 10 ** 9)), "epoch milliseconds"),
    "trace": lambda: Look(rs(32, HEX), "trace id"),
    "span": lambda: Look(rs(16, HEX), "span id"),
    "ssh": lambda: Look(ssh_pub(), "SSH public key"),
    "fpr": lambda: Look("SHA256:" + rs(43, B62 + "+/"), "SSH fingerprint"),
    "cert": lambda: Look(cert(), "certificate"),
    "oui": lambda: Look(":".join(f"{R.randint(0, 255):02X}" for _ in range(3)), "OUI"),
    "mmac": lambda: Look(":".join(f"{R.randint(0, 255):02X}" for _ in range(3)) + ":**:**:**", "masked MAC"),
    "mcard": lambda: Look(R.choice(["•••• ", "**** **** **** ", "ending "]) + rd(4), "masked card"),
    "miban": lambda: Look(f"{R.choice(['GB', 'IE', 'NL', 'DE'])}** **** **** **** **{rd(2)} {rd(2)}", "masked IBAN"),
    "mphone": lambda: Look(R.choice(["+44 7", "+353 8", "+31 6 ", "+61 4"]) + f"*** ***{rd(3)}", "masked phone"),
    "memail": lambda: Look(f"{R.choice(LOWER)}*****@example.com", "masked e-mail"),
    "batch": lambda: Look(f"{R.choice(UPPER)}{rd(3)}{R.choice(UPPER)}{rd(2)}", "batch number"),
    "ver": lambda: Look(VER(), "version"),
    "build": lambda: Look(f"2026.{R.randint(1, 5)}.{R.randint(1, 28)}.{R.randint(1, 9)}", "build number"),
    "img": lambda: Look("sha256:" + sha(), "image digest"),
    "md5": lambda: Look(sha(32), "MD5"),
    "coord": lambda: Look(f"-0.{R.randint(1000, 3999)}, 37.{R.randint(1000, 4999)}", "coordinates"),
    "vin": lambda: Look(vin(), "VIN with its check digit"),
    "isbn": lambda: Look(isbn13(), "ISBN-13 with its check digit"),
    "dur": lambda: Look(R.choice(["PT1H25M", "00:42:10", "1 h 25 min", "95 min", "2 h 40 min"]), "duration"),
    "money": lambda: Look(money(), "price"),
    "rcvs": lambda: Look(rnz(7), "RCVS number"),
    "tid": lambda: Look(rd(8), "terminal id"),
    "arn": lambda: Look(rd(23), "ARN"),
    "serial": lambda: Look(f"SN{rs(10, UPPER + DIGITS)}", "serial number"),
})


NEG_TEMPLATES = [
    # microchip scanning
    "ChipTrace scan ⟦ts⟧ reader ⟦serial⟧ → chip ⟦chip⟧ (FDX-B), probe ⟦temp⟧, RSSI -41 dBm; matched ⟦pid⟧.",
    "Chip ⟦chip⟧ could not be found in any registry; re-scanned at ⟦time⟧, second chip ⟦chip2⟧ detected (double implant).",
    "Stray intake ⟦key⟧: no chip on first pass, chip ⟦chip⟧ found over the left shoulder on the second pass ⟦ts⟧.",
    # lab
    "⟦acc⟧ · ⟦pid⟧ · CBC: WBC 14.2 ×10⁹/L, HCT 38 %, PLT 212 ×10⁹/L; ALT 84 U/L, CREA 142 µmol/L · analyser fw ⟦fw⟧ · run ⟦uuid⟧",
    "Assaylane result ⟦acc⟧ amended at ⟦ts⟧: T4 41 nmol/L (ref 13–51), SDMA 18 µg/dL, USG 1.012; previous ⟦acc2⟧ superseded.",
    "Histopathology ⟦acc⟧ received from the external lab; margins clear (3 mm), mitotic count 2/2.37 mm²; report hash ⟦md5⟧.",
    # dosing
    "Meloxicam 1.5 mg/ml: ⟦dose⟧ PO q24h × 5 days; buprenorphine 0.02 mg/kg IV q8h; next dose due ⟦time⟧. Weight ⟦kg⟧.",
    "Fluids: Hartmann's at 2 ml/kg/h for ⟦dur⟧, then reassess; maropitant ⟦dose⟧ SC; temp ⟦temp⟧ at ⟦time⟧.",
    "Anaesthesia record ⟦pid⟧: premed ⟦time⟧, induction ⟦time2⟧, extubation ⟦time3⟧ (total ⟦dur⟧); SpO2 97–99 %, EtCO2 38 mmHg.",
    # invoices
    "⟦inv⟧ · Consultation £48.00 · Vaccination (DHP+L4) £62.50 · Microchip £19.99 · VAT 20 % £26.10 · Total £156.59 · paid by card ⟦mcard⟧",
    "Estimate ⟦inv⟧ for TPLO: ⟦money⟧ – ⟦money2⟧ incl. imaging and 2 nights in ⟦ward⟧; deposit 30 % due on admission.",
    "CareClub plan ⟦cid⟧: monthly fee €24.90 collected on the 1st; mandate ref MVG-CC-⟦n⟧; next review ⟦date⟧.",
    # drugs / barcodes
    "Dispensed: carprofen 50 mg chewable ×14, GTIN ⟦gtin⟧, batch ⟦batch⟧ exp 2027-08; maropitant 16 mg ×4, GTIN ⟦gtin2⟧.",
    "Pharmacy stock-take ⟦date⟧: GTIN ⟦gtin⟧ (qty 36), GTIN ⟦gtin2⟧ (qty 12); variance ±0; signed by the pharmacy lead.",
    "US controlled-drug log: prescriber DEA ⟦dea⟧, ketamine 100 mg/ml lot ⟦batch⟧, 0.8 ml drawn at ⟦time⟧, witnessed.",
    "RCVS number ⟦rcvs⟧ added to the locum's Pawledger profile; VMD authorisation Vm 12345/4012 noted on the label template.",
    # imaging
    "VetPix study ⟦dicom⟧ · AE title VETPIX_BRS · modality DX · 3 series / 11 images · accession ⟦acc⟧ · ⟦ts⟧",
    "PACS move failed for ⟦dicom⟧ (C-MOVE status 0xA701); retry queued, study size 184 MB, transfer syntax 1.2.840.10008.1.2.4.70.",
    # releases
    "Pawledger ⟦ver⟧ released: image registry.mvg.internal/pawledger-api@⟦img⟧, commit ⟦git⟧, migration ⟦uuid⟧, build ⟦build⟧.",
    "Furlink iOS ⟦ver⟧ (build ⟦build⟧) rejected by review; crash ⟦trace⟧ fixed in ⟦git⟧.",
    "Dosewell export ⟦date⟧: 4 812 rows, sha256 ⟦sha⟧, md5 ⟦md5⟧, duration ⟦dur⟧.",
    # masks
    "Card ⟦mcard⟧ declined (do not honour) — client will call back; do not ask for the full number in chat.",
    "Refund sent to the account on file ⟦miban⟧; the client's mobile ⟦mphone⟧ was confirmed verbally.",
    "Address on the registry record is ⟦memail⟧ (masked by ChipTrace); ask the keeper to log in to update it.",
    # people-like words, not people
    "Breed list check: Jack Russell terrier (⟦kg⟧), Cavalier King Charles spaniel, Dandie Dinmont terrier and a Gordon setter booked for ⟦date⟧.",
    "The Herriot Ward is closed for deep cleaning ⟦date⟧ ⟦time⟧–⟦time2⟧; inpatients move to ⟦ward⟧.",
    "St. Bernard puppy (⟦kg⟧) and a Bernese mountain dog share run 4; both on ⟦dose⟧ fenbendazole.",
    "Equine yard visit near Mount Kenya at ⟦coord⟧: 3 horses, UELNs ⟦ueln⟧ and ⟦ueln2⟧, travel ⟦dur⟧.",
    # secret words without secrets
    "The password for the ward tablets was reset after the audit; nobody should share it in tickets.",
    "Furlink client_secret was rotated on Friday and the old one revoked; no action needed from clinics.",
    "VetCall token expired at ⟦time⟧ — users just need to sign in again.",
    "Reminder: passwords are never sent by e-mail or SMS. If someone asks for one, report it to IT.",
    # placeholders
    "DATABASE_URL=⟦phurl⟧\nSENDGRID_API_KEY={{ secrets.SENDGRID_API_KEY }}\nSTRIPE_KEY=⟦phstripe⟧",
    "assaylane:\n  username: integration-bristol\n  password: \"<password>\"\n  api_key: REPLACE_ME",
    "Terraform output: vetpix_db_password = (sensitive value); storage_key = <sensitive>",
    "GitHub Actions log: Run ./deploy.sh --token *** --region eu-west-2 (masked by the runner)",
    "export PAWLEDGER_PASSWORD=\"⟦phenv⟧\"  # read from the vault agent",
    "Example from the vendor docs (not ours): Authorization: Bearer ⟦phjwt⟧",
    # keys and certificates (public)
    "Deploy public key for vetpix-bridge: ⟦ssh⟧ (fingerprint ⟦fpr⟧)",
    "Mobile clinic van (VIN ⟦vin⟧) serviced ⟦date⟧, mileage 48 213; BSAVA formulary ISBN ⟦isbn⟧ reordered for the van.",
    "Vendor quick-start (copy, then replace): ANTHROPIC_API_KEY=⟦phant⟧ and GITHUB_TOKEN=⟦phgh⟧",
    "CA certificate for assaylane.mvg.internal:\n⟦cert⟧",
    # network look-alikes
    "nginx: listen ⟦lo⟧:8080; upstream pawledger { server ⟦lo2⟧:9000; } netmask ⟦nm⟧",
    "Vendor OUI ⟦oui⟧ belongs to the chip scanners; the masked MAC ⟦mmac⟧ in the report is the Bristol reader.",
    # identifiers shaped like phones/cards
    "Lab requisition ⟦req⟧ and order ⟦ord⟧ relate to the same biopsy; requisitions look like phone numbers, they are not.",
    "PetSure policy ⟦pol⟧, claim ⟦claim⟧ — pre-existing condition exclusion applies from ⟦date⟧.",
    "Ward tablet IMEI ⟦imei⟧ enrolled in MDM; serial ⟦serial⟧; OS ⟦ver⟧.",
    "UK cattle ear tag ⟦tag⟧ and sheep EID ⟦chip⟧ scanned at the farm visit; TB test reading due ⟦date⟧.",
    "EU pet passport ⟦pass⟧ checked; rabies vaccine lot ⟦batch⟧ given ⟦date⟧, titre test due after 30 days.",
    "trace_id=⟦trace⟧ span_id=⟦span⟧ ts=⟦epoch⟧ msg=\"appointment slot released\"",
    "Chargeback file row: ARN ⟦arn⟧, TID ⟦tid⟧, reason 13.1 — amounts reconcile, no card data in the file.",
    "Theatre list ⟦date⟧: ⟦time⟧ spay (" + "Luna, ⟦kg⟧), ⟦time2⟧ dental (Milo), ⟦time3⟧ TPLO (Bramble, ⟦kg2⟧); rooms 2, 3, 2.",
]


def neg_extra_gens():
    g = dict(NEG_GENS)
    g["chip2"] = NEG_GENS["chip"]
    g["acc2"] = NEG_GENS["acc"]
    g["gtin2"] = NEG_GENS["gtin"]
    g["money2"] = NEG_GENS["money"]
    times = []

    def first_time():
        times[:] = sorted(hhmm() for _ in range(3))
        return Look(times[0], "time")

    g["time"] = first_time
    g["time2"] = lambda: Look(times[1], "time")
    g["time3"] = lambda: Look(times[2], "time")
    g["phant"] = lambda: Look("sk-ant-api03-" + "x" * 24 + "…", "placeholder key")
    g["phgh"] = lambda: Look("ghp_" + "X" * 36, "placeholder key")
    g["kg2"] = NEG_GENS["kg"]
    g["ueln2"] = NEG_GENS["ueln"]
    g["n"] = lambda: rd(6)
    g["phurl"] = lambda: Look("postgresql://${PGUSER}:${PGPASSWORD}@db01.mvg.internal:5432/pawledger", "placeholder URL")
    g["phstripe"] = lambda: Look("sk_live_" + "x" * 24, "placeholder key")
    g["phenv"] = lambda: Look("${PAWLEDGER_PASSWORD:?missing}", "placeholder variable")
    g["phjwt"] = lambda: Look("<your-jwt-here>", "placeholder")
    g["lo"] = lambda: Look("127.0.0.1", "loopback")
    g["lo2"] = lambda: Look("0.0.0.0", "unspecified")
    g["nm"] = lambda: Look("255.255.255.0", "netmask")
    return g


def gen_negatives(n):
    gens = neg_extra_gens()
    order = Cycle(NEG_TEMPLATES)
    for i in range(n):
        tpl = order()
        people = [ANY_STAFF()] if R.random() < 0.3 else []
        prefix = R.choice([f"{key_no()} ", f"[{CLINICS()}] ", f"Comment on {key_no()}: ",
                           f"Confluence › {CLINICS()} › notes ({key_no()})\n"])
        add("negative", "en", [prefix] + fill(tpl, gens), people=people)


# --- validation --------------------------------------------------------------------------------------

OUR_DOMAINS = ("merrowdalevet.com", "mvg.internal")
RESERVED = ("example.com", "example.net", "example.org")
EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                               "2001:db8::/32", "100.64.0.0/10", "198.18.0.0/15",
                                               "192.0.0.0/24")]
PLACEHOLDER_RE = re.compile(r"(?i)^(?:<.*>|\$\{.*\}|\{\{.*\}\}|%\(.*\)s|\*+|x+|REPLACE_ME|changeme|"
                            r"password\d*|secret|example.*|redacted|none|null)$")


def domain_ok(addr, role_ok=False):
    dom = addr.rsplit("@", 1)[1].lower()
    if dom.endswith(".iam.gserviceaccount.com"):
        return role_ok
    return (dom in OUR_DOMAINS or any(dom == r or dom.endswith("." + r) for r in RESERVED)
            or dom.endswith(".example"))


def letters(s):
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if "a" <= ch <= "z")


def check_value(lab, before, after, staff_emails):
    """Problems with one labelled value's shape (empty list if none)."""
    k, v, m = lab.kind, lab.value, lab.meta
    errs = []
    if not v or v != v.strip():
        return [f"empty or padded value {v!r}"]
    if "\n" in v and k != "private_key":
        errs.append("line break in value")
    if k == "credit_card":
        num = re.sub(r"[ -]", "", v)
        if not (num.isdigit() and luhn_ok(num) and brand_of(num) and num not in TEST_CARDS):
            errs.append(f"bad card {v}")
        elif v != num:
            form = "spaced" if " " in v else "dashed"
            if card_text(num, form) != v:
                errs.append(f"odd card grouping {v}")
    elif k == "iban":
        s = v.replace(" ", "")
        cc = s[:2]
        if IBAN_LEN.get(cc) != len(s) or not iban_valid(s) or not national_check_ok(s):
            errs.append(f"bad IBAN {v}")
        if " " in v and v != " ".join(s[i:i + 4] for i in range(0, len(s), 4)):
            errs.append(f"IBAN not in groups of four {v}")
    elif k == "phone":
        country, nsn = m.get("country"), m.get("nsn")
        cc, trunk, _, _ = PLANS[country]
        if not re.fullmatch(r"[+0-9 ()./-]+", v) or not plan_ok(country, nsn):
            errs.append(f"bad phone {v}")
        d = re.sub(r"\D", "", v)
        ok = {cc + nsn, "00" + cc + nsn}
        if trunk:
            ok.add(trunk + nsn)
            if "(0)" in v:
                ok.add(cc + "0" + nsn)
        if not trunk or country in ("IN",):
            ok.add(nsn)
        if country in ("US", "CA", "USOK", "CANU", "BR"):
            ok.add(nsn)
        if d not in ok:
            errs.append(f"phone digits {v} do not match {country} {nsn}")
        if v.startswith("+") and not d.startswith(cc):
            errs.append(f"phone calling code {v}")
        if formats(country, nsn).get(m.get("form")) != v:
            errs.append(f"phone form {v}")
    elif k == "ip_address":
        try:
            ip = ipaddress.ip_address(v)
        except ValueError:
            return [f"bad IP {v}"]
        if (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or any(ip in n for n in DOC_NETS if n.version == ip.version)):
            errs.append(f"special IP {v}")
    elif k == "mac_address":
        if not re.fullmatch(r"[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}", v):
            errs.append(f"bad MAC {v}")
    elif k == "jwt":
        try:
            h, p, sig = v.split(".")
            header = json.loads(base64.urlsafe_b64decode(h + "=" * (-len(h) % 4)))
            json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4)))
            if "alg" not in header or not re.fullmatch(r"[A-Za-z0-9_-]{20,}", sig):
                errs.append("JWT without alg or signature")
        except Exception as e:  # noqa: BLE001
            errs.append(f"bad JWT {e}")
    elif k == "private_key":
        mm = re.fullmatch(r"-----BEGIN ([A-Z ]*PRIVATE KEY)-----(\n|\\n)(.+)\2-----END \1-----", v, re.S)
        if not mm:
            errs.append("bad PEM armour")
        else:
            body = mm.group(3).replace(mm.group(2), "")
            try:
                base64.b64decode(body, validate=True)
            except Exception:  # noqa: BLE001
                errs.append("bad PEM body")
    elif k.startswith("api_key/"):
        vendor = k.split("/", 1)[1]
        if vendor not in VENDORS or not re.fullmatch(VENDOR_RES[vendor], v):
            errs.append(f"bad {vendor} token {v[:20]}")
        elif vendor in ("github", "npm") and re.fullmatch(r"(?:gh[pousr]|npm)_[A-Za-z0-9]{36}", v):
            body = v.split("_", 1)[1]
            if b62_checksum(body[:30]) != body[30:]:
                errs.append(f"bad {vendor} checksum {v}")
    elif k == "ssn":
        mm = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", v)
        if (not mm or mm.group(1) in ("000", "666") or int(mm.group(1)) >= 900 or mm.group(2) == "00"
                or mm.group(3) == "0000" or v in SSN_BANNED):
            errs.append(f"bad SSN {v}")
    elif k == "password":
        if re.search(r"\s", v) or len(v) < 8 or PLACEHOLDER_RE.match(v):
            errs.append(f"weak or placeholder password {v}")
        classes = sum(bool(re.search(p, v)) for p in (r"[A-Z]", r"[a-z]", r"\d", r"[^A-Za-z0-9]"))
        if classes < 3:
            errs.append(f"password of few character classes {v}")
    elif k == "url_credentials":
        if not before.endswith("://") or not after.startswith("@") or ":" not in v:
            errs.append(f"url_credentials not between :// and @: {v}")
        if re.search(r"[@/?#]", v):
            errs.append(f"unencoded delimiter in url_credentials {v}")
    elif k == "email":
        if not EMAIL_RE.fullmatch(v) or not domain_ok(v, m.get("role", False)):
            errs.append(f"bad e-mail {v}")
        if v in staff_emails:
            errs.append(f"a listed person's e-mail labelled email: {v}")
    elif k == "person":
        pass
    else:
        errs.append(f"unknown kind {k}")
    return errs


def person_errors(lab, labs):
    m, v = lab.meta, lab.value
    st = m.get("staff")
    if st is not None:
        return [] if v in (st.name, st.email, st.account_id) else [f"person {v} is not {st.name}"]
    c = m.get("cust")
    if c is None:
        return [f"person {v} of nobody"]
    allowed = set()
    for p in c.parts + [x.capitalize() for x in c.latin]:
        allowed |= {p, p.upper()}
    toks = [t for t in re.split(r"[\s,]+", v) if t]
    if not toks or any(t not in allowed for t in toks):
        return [f"person {v} has parts outside {c.name}"]
    need = [letters(x) for x in c.latin]
    for other in labs:
        if other.kind == "email":
            local = letters(other.value.split("@")[0])
            if all(n in local for n in need):
                return []
    return [f"person {v}: no labelled address spells {c.latin}"]


def name_tokens():
    toks = set()
    stop = {"van", "den", "der", "de", "dos", "la", "le", "dal", "al"}
    people = [s.name for s in STAFF_LIST]
    custs = list(EN_CUSTS) + [c for L in LANGS for c in L["custs"]]
    for name in people:
        for p in name.split():
            toks.add(p)
            toks |= {x for x in p.split("-") if len(x) >= 3}
    for c in custs:
        for p in c.parts + [x.capitalize() for x in c.latin]:
            toks |= {p, p.upper()}
            toks |= {x for x in p.split("-") if len(x) >= 3}
    def latin(t):
        return all("LATIN" in unicodedata.name(ch, "") for ch in t if ch.isalpha())

    return {t for t in toks if (len(t) >= 3 or (len(t) >= 2 and not latin(t))) and t.lower() not in stop}


def word_char(ch):
    return bool(ch) and (unicodedata.category(ch)[0] in "LMN" or ch == "_")


PW_KEYWORDS = sorted({"password", "passwd", "pwd", "pw", "passphrase", "secret", "pass", "psk",
                      "passcode"} | {L["word"] for L in LANGS}, key=len, reverse=True)
PWKW_RE = re.compile(r"(?i)(?<![A-Za-z])(?:" + "|".join(re.escape(w) for w in PW_KEYWORDS)
                     + r")\w*\s*(?:[:=]|\bis\b|->)?\s*[\"'`]?([^\s\"'`,;\x00<>(){}\[\]|]+)")
TOKEN_SHAPES = re.compile(
    r"sk-ant-|ATATT3|(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}|do[opr]_v1_|gh[pousr]_[A-Za-z0-9]{20,}|"
    r"github_pat_|glpat-|AIza[\w-]{30,}|hvs\.|atlasv1\.|(?<![A-Za-z])hf_[A-Za-z]{20,}|"
    r"npm_[A-Za-z0-9]{20,}|sk-proj-|pypi-AgE|SG\.[\w-]{16,}\.|shp(?:at|ca|pa|ss)_|xox[abposr]-|"
    r"hooks\.slack\.com/services|(?:sk|rk)_live_|whsec_|(?<![A-Za-z0-9])SK[0-9a-f]{32}")
LEAK_RES = [
    ("e-mail", EMAIL_RE),
    ("MAC", re.compile(r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![\w:-])")),
    ("SSN", re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])")),
    ("+phone", re.compile(r"\+\d[\d ().-]{6,}\d")),
    ("00phone", re.compile(r"(?<![\w.])00[1-9]\d{0,2}[ .-]?\d[\d .-]{5,}\d")),
    ("NANP phone", re.compile(r"(?<![\w.-])\(?\d{3}\)?[ .-]\d{3}[ .-]\d{4}(?![\w-])")),
    ("digit run", re.compile(r"(?<![\w.-])\d{10,15}(?![\w.-])")),
    ("JWT", re.compile(r"eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.")),
    ("PEM", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("URL credentials", re.compile(r"[a-z][a-z0-9+.-]*://[^\s/@:\x00]*:[^\s/@\x00]+@")),
    ("token", TOKEN_SHAPES),
]
TRUNK_RE = re.compile(r"(?<![\w.+-])0\d{1,4}[ -]?\d{2,4}[ -]?\d{2,4}(?:[ -]?\d{2,4})?(?![\w-])")
IPV4_RE = re.compile(r"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")
IBAN_RE = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{1,4}){2,9}")


def secretish(v):
    if len(v) < 6 or v.startswith(("$", "%")):
        return False
    if re.fullmatch(r"[\d.,:/+-]+", v):
        return False
    return ((any(c.isdigit() for c in v) and any(c.isalpha() for c in v))
            or any(c in "!#$%&*+=?^~@" for c in v))


def leaks(blank, names):
    found = []
    for what, rx in LEAK_RES:
        for m in rx.finditer(blank):
            found.append(f"{what}: {m.group()!r}")
    for m in TRUNK_RE.finditer(blank):
        n = len(re.sub(r"\D", "", m.group()))
        if 9 <= n <= 12:
            found.append(f"trunk phone: {m.group()!r}")
    for m in IPV4_RE.finditer(blank):
        if all(int(g) <= 255 for g in m.groups()):
            found.append(f"IPv4: {m.group()!r}")
    for m in IPV6_RE.finditer(blank):
        try:
            ipaddress.IPv6Address(m.group())
            found.append(f"IPv6: {m.group()!r}")
        except ValueError:
            pass
    for m in PWKW_RE.finditer(blank):
        if secretish(m.group(1)):
            found.append(f"password keyword: {m.group()!r}")
    for m in re.finditer(r"\d+(?:[ -]\d+)*", blank):
        groups = re.split(r"[ -]", m.group())
        for i in range(len(groups)):
            s = ""
            for j in range(i, len(groups)):
                s += groups[j]
                if len(s) > 19:
                    break
                if 13 <= len(s) <= 19 and luhn_ok(s):
                    found.append(f"Luhn run: {m.group()!r}")
    for m in IBAN_RE.finditer(blank):
        s = m.group().replace(" ", "")
        n = IBAN_LEN.get(s[:2])
        if n and len(s) >= n and iban_valid(s[:n]):
            found.append(f"IBAN: {m.group()!r}")
    for tok in names:
        start = 0
        while True:
            i = blank.find(tok, start)
            if i < 0:
                break
            j = i + len(tok)
            if not word_char(blank[i - 1] if i else "") and not word_char(blank[j] if j < len(blank) else ""):
                found.append(f"name part: {tok!r}")
            start = i + 1
    return found


def assemble(line):
    text, labs, looks, bpos = "", [], [], 0
    for p in line["pieces"]:
        if isinstance(p, str):
            s = p
        elif isinstance(p, Lab):
            s = p.value
            labs.append((p, len(text), len(text) + len(s), bpos, bpos + len(s.encode())))
        elif isinstance(p, Look):
            s = p.value
            looks.append((p, len(text), len(text) + len(s)))
        else:
            raise TypeError(f"piece {p!r}")
        text += s
        bpos += len(s.encode())
    return text, labs, looks


def check_line(line, names, staff_emails):
    text, labs, looks = assemble(line)
    errs = []
    if "⟦" in text or "⟧" in text:
        errs.append("unfilled slot")
    people, seen = [], set()
    for lab, *_ in labs:
        st = lab.meta.get("staff")
        if st is not None and st.key not in seen:
            seen.add(st.key)
            people.append(st)
    for st in line["extra"]:
        if st.key not in seen:
            seen.add(st.key)
            people.append(st)
    data = text.encode()
    last_end = -1
    for lab, cs, ce, bs, be in sorted(labs, key=lambda x: x[3]):
        if bs < last_end:
            errs.append(f"overlapping span at {bs}")
        last_end = be
        if data[bs:be].decode() != lab.value:
            errs.append(f"span bytes differ from {lab.value!r}")
        errs += check_value(lab, text[:cs], text[ce:], staff_emails)
        if lab.kind == "person":
            errs += person_errors(lab, [x[0] for x in labs])
    negative = not labs
    for look, cs, ce in looks:
        try:
            ip = ipaddress.ip_address(look.value)
            if (ip.is_loopback or ip.is_unspecified or look.value.startswith("255.")) and not negative:
                errs.append(f"loopback/netmask {look.value} on a positive line")
        except ValueError:
            pass
        w, lv = look.what, look.value
        if ((w.startswith("GTIN") and gs1_digit(lv[:-1]) != lv[-1])
                or (w.startswith("ISBN") and gs1_digit(lv[:-1]) != lv[-1])
                or (w.startswith("DEA") and (int(lv[2]) + int(lv[4]) + int(lv[6]) + 2 * (int(lv[3]) + int(lv[5]) + int(lv[7]))) % 10 != int(lv[8]))
                or (w.startswith("tablet IMEI") and not luhn_ok(lv))
                or (w.startswith("VIN") and not vin_ok(lv))
                or (w.startswith("ISO 11784") and len(re.sub(r"\D", "", lv)) != 15)):
            errs.append(f"look-alike {w} {lv} without its check digit")
        if look.what.startswith(("masked", "placeholder")) and not negative:
            errs.append(f"{look.what} on a positive line")
    blank = list(text)
    for _, cs, ce, *_ in labs:
        blank[cs:ce] = ["\x00"] * (ce - cs)
    for _, cs, ce in looks:
        blank[cs:ce] = ["\x00"] * (ce - cs)
    errs += [f"leak {x}" for x in leaks("".join(blank), names)]
    spans = [{"kind": lab.kind, "start": bs, "end": be} for lab, cs, ce, bs, be in sorted(labs, key=lambda x: x[3])]
    rec = {"text": text, "people": [p.record() for p in people], "spans": spans}
    return rec, errs, labs


# --- build, validate, write ---------------------------------------------------------------------------


def build():
    build_language_lines()
    gen_complaints(12)
    gen_chip_transfer(8)
    gen_telehealth(6)
    gen_insurance(8)
    gen_emergency(7)
    gen_sms(6)
    gen_vcard(5)
    gen_registration(6)
    gen_oncall(6)
    gen_chat(9)
    gen_email_headers(10)
    gen_email_reply(6)
    gen_ssn(5)
    gen_payroll(8)
    gen_supplier(4)
    gen_pain001(3)
    gen_card_chat(8)
    gen_terminal(4)
    gen_chargeback(3)
    gen_refund_card(5)
    gen_env(8)
    gen_yaml(6)
    gen_ini(4)
    gen_compose(4)
    gen_k8s(5)
    gen_tfvars(4)
    gen_json_cfg(4)
    gen_curl(20)
    gen_ci(12)
    gen_gitleaks(6)
    gen_vendor_prose(24)
    gen_jwt(8)
    gen_pem(6)
    gen_urlcreds(14)
    gen_aws_file(3)
    gen_azure(4)
    gen_wifi(6)
    gen_dhcp(5)
    gen_radius(4)
    gen_firewall(6)
    gen_travel(4)
    gen_vault(2)
    gen_flags(4)
    gen_negatives(114)


def validate():
    """Every line's record, or the list of every violation."""
    names = name_tokens()
    staff_emails = {s.email for s in STAFF_LIST}
    records, errors, tokens = [], [], {}
    for i, line in enumerate(LINES):
        rec, errs, labs = check_line(line, names, staff_emails)
        rec["_cat"], rec["_lang"] = line["cat"], line["lang"]
        for e in errs:
            errors.append(f"line {i} [{line['cat']}/{line['lang']}]: {e}\n    {rec['text'][:160]!r}")
        for lab, *_ in labs:
            if lab.kind.startswith("api_key/"):
                tokens.setdefault(lab.kind, set()).add(lab.value)
        records.append(rec)
    texts = Counter(r["text"] for r in records)
    errors += [f"duplicate text: {t[:80]!r}" for t, n in texts.items() if n > 1]
    for v in VENDORS:
        if len(tokens.get(f"api_key/{v}", ())) < 4:
            errors.append(f"vendor {v}: only {len(tokens.get(f'api_key/{v}', ()))} distinct tokens")
    langs = Counter(r["_lang"] for r in records if r["_lang"] != "en")
    if len(langs) != 18 or any(n != 8 for n in langs.values()):
        errors.append(f"language lines: {dict(langs)}")
    return records, errors


def main():
    build()
    records, errors = validate()
    if errors:
        for e in errors:
            print(e, file=sys.stderr)
        print(f"{len(errors)} violations; nothing written", file=sys.stderr)
        return 1
    order = list(range(len(records)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    out = []
    for n, i in enumerate(order, 1):
        r = records[i]
        out.append({"id": f"held15-{n:05d}", "text": r["text"], "people": r["people"], "spans": r["spans"]})
    with open(OUT, "w", encoding="utf-8") as f:
        for r in out:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    # re-read: every span's bytes in the file are the labelled value
    with open(OUT, encoding="utf-8") as f:
        back = [json.loads(x) for x in f]
    for r, i in zip(back, order):
        data = r["text"].encode()
        vals = [lab.value for lab, *_ in sorted(assemble(LINES[i])[1], key=lambda x: x[3])]
        got = [data[s["start"]:s["end"]].decode() for s in r["spans"]]
        if got != vals:
            print(f"{r['id']}: spans do not read back", file=sys.stderr)
            OUT.unlink()
            return 1
    kinds = Counter(s["kind"] for r in out for s in r["spans"])
    negatives = sum(1 for r in out if not r["spans"])
    cats = Counter(records[i]["_cat"] for i in order)
    langs = Counter(records[i]["_lang"] for i in order)
    print(f"wrote {OUT.name}: {len(out)} lines, {sum(kinds.values())} spans, {negatives} negatives")
    print("spans per kind:")
    for k, n in sorted(kinds.items(), key=lambda x: (-x[1], x[0])):
        print(f"  {k:<24}{n:>5}")
    print("languages: " + ", ".join(f"{L['code']} ({L['name']}, {L['word']}) {langs[L['code']]}"
                                     for L in LANGS) + f"; en {langs['en']}")
    print("categories: " + ", ".join(f"{c} {n}" for c, n in sorted(cats.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
