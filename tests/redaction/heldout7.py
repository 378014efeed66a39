#!/usr/bin/env python3
r"""Writes heldout7.jsonl: a seventh held-out redaction evaluation set, of the text the Jira /
Confluence tenant of a fictional public-sector and healthcare organisation ("Halvern Regional
Health & Civic Services", HRHCS: the Halvern hospital network, the University of Tarrowmouth and
Halvern City Council; made-up domains halvernhealth.org, tarrowmouth.ac.uk, halverncouncil.org,
halvern.internal) holds: patient-portal support tickets, HL7 v2 ADT and ORU messages (PID-5
names, PID-13 telephone and e-mail, PID-19 SSN, NK1 phones), FHIR R4 JSON (Patient.name and
telecom, Practitioner, Observation), DICOM / PACS logs and dcmdump headers, lab-system (LIS)
integration errors with .NET stack traces, appointment-reminder SMS logs (CSV),
student-information-system exports, grant applications (Jira wiki tables), council case notes
(parking appeals, housing repairs, PCI incidents), FOI requests and PALS complaints with e-mail
headers, LDIF new-starter imports and AD group exports, Kubernetes Secrets and SealedSecrets,
Helm values, Terraform state and plan output, Ansible INI inventories, GitHub Actions logs,
PowerShell transcripts, Windows Security event logs, nginx access and Apache error logs, JDBC /
ODBC / Oracle / SQL Server connection strings, cron mails, PagerDuty alerts and on-call handovers
(Markdown), Confluence storage-format XHTML, HAR, kubeconfig and Keycloak token responses, DHCP
logs, a GCP service-account key, CSV and Markdown tables. Seventeen languages besides English
(Greek, Serbian in Cyrillic and Latin script, Croatian, Slovak, Lithuanian, Icelandic, Welsh,
Irish, Catalan, Afrikaans, Zulu, Persian, Urdu, Bengali, Tamil, Amharic, Mongolian: a portal
ticket, a temporary-password message and a negative clinical sentence in each, parking appeals
in most, password-policy text in some; SMS reminder bodies in a few more); names in Greek, Cyrillic,
Perso-Arabic, Bengali, Tamil, Ge'ez, Hangul and Georgian script and in Latin script with
diacritics and particles (Vietnamese, Icelandic þ / ð, Irish Ó / Ní, Welsh ap, Afrikaans du / van
der, Azerbaijani ə, Turkish ı / ş, Lithuanian, Czech, Slovak, Croatian); phone numbers of 26
countries (UK, Ireland, Greece, Serbia, Croatia, Slovakia, Lithuania, Iceland, Spain, South
Africa, Iran, Pakistan, Bangladesh, India, Sri Lanka, Ethiopia, Mongolia, South Korea, Vietnam,
Turkey, Finland, Czechia, Georgia, Azerbaijan, USA, Canada) in national, parenthesised-trunk,
international, `+cc (0)`, dashed, `00` and E.164 form; IBANs of 15 countries (GR, TR, FI, CZ, SK,
HR, RS, LT, IS, IE, PK, AZ, GE, ME, GB; Serbian and Icelandic bodies with their national check
digits); card numbers of ten brands (Visa, Mastercard 5x and 2-series, Amex, Discover, JCB,
Diners, UnionPay, Maestro, Troy, Mir; spaced, dashed, plain); a few US SSNs; MAC addresses; and
tokens of the eighteen vendors of heldout6.py's list. About 30% of the lines are negatives built
from hard look-alikes of this domain.

Written blind: without looking at the detectors (guest/, host/, js/) or at the other sets'
sentences, generators or data; only evaluate.py, checks.py and the module docstrings of
heldout.py to heldout6.py were read. Its first score is therefore a blind one.

    python3 tests/redaction/heldout7.py [--lint]

(`--lint` also lists the look-alikes left unlabelled on purpose, for review.)

Deterministic: every random part (staff and other people drawn from fixed rosters, languages,
countries, IBAN countries and card brands taken in turn, phone digits, IBAN bodies, card numbers,
addresses, passwords, keys, tokens, PEM and JWT bodies, look-alikes) comes from one seeded
`random.Random` (SEED); the line order is shuffled by a second seeded one (SHUFFLE_SEED). Every
line is validated before anything is written (see `validate`); any violation aborts with a
message and writes nothing. Besides the shape of every labelled value (Luhn, brand prefix and
length for cards, never a published test number; country length and mod-97 check for IBANs;
parseable, non-loopback, non-documentation, non-link-local IPs; vendor token formats, with the
CRC32 checksum of GitHub and npm tokens; JWTs whose header and payload decode; PEM armour; US
SSN ranges; phone characters and digit counts per calling code; MAC shape; passwords that are
no placeholder; url_credentials between `://` and `@`; a person is in `people` or sits beside
an address whose local part spells every part of the name, through a transliteration table for
non-Latin scripts), the validation scans what is left unlabelled for addresses, IPv4 and IPv6
addresses, MAC addresses, `+`-prefixed, trunk-prefixed and 3-3-4 phone shapes, Luhn-valid runs
of 13-19 digits (also in card groupings across spaces and dashes), valid IBANs, vendor-token,
JWT, PEM, URL-credential and bearer shapes, SSN shapes, password keywords in all the languages
(password, lozinka, heslo, slaptažodis, lykilorð, cyfrinair, pasfhocal, contrasenya, wagwoord,
iphasiwedi, κωδικός, лозинка, رمز عبور, پاس ورڈ, পাসওয়ার্ড, கடவுச்சொல், የይለፍ ቃል, нууц үг, ...)
followed by a value, password flags, high-entropy strings and roster name parts in every script;
only text declared as a look-alike (`Look`, listed by --lint) may hold one, and only of the
shapes it declares. Texts are unique.

Format (the one evaluate.py reads):

    {"id": "held7-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with UTF-8 byte offsets into the text (evaluate.py slices `text.encode()`), computed from
pieces (plain strings, `Look`s and `(kind, value)` tuples), never by hand. A line without spans
is a negative: nothing in it may be redacted. No labelled value holds a line break, except a
private key with real newlines.

Labelling conventions: those of heldout6.py's docstring (and through it heldout5.py's and
heldout4.py's), unchanged, restated briefly:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`; a URL-encoded user stays inside).
* password: only the secret value (no key name, no quotes); generic secrets without a vendor
  prefix are `password`, as are base64 values of a Kubernetes Secret's `data`, a Docker
  config.json `auth`, an OAuth `client_secret`; JDBC `password=`, ODBC / .NET `Pwd=` /
  `Password=`, Oracle `user/password@`, `mysqldump -p<pw>`, `net use \\host\share <pw>`,
  `cmdkey /pass:` and `ConvertTo-SecureString '<pw>'` values are `password`.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL; AWS key
  ids and secret keys are both `api_key/aws`; a Twilio API key SID (SK...), its secret and an
  auth token are `api_key/twilio`; whsec_ is `api_key/stripe`; AIza... is `api_key/google`;
  hvs. and a Terraform Cloud `....atlasv1....` token are `api_key/hashicorp`; an Azure storage
  `AccountKey` (and the same key as Terraform's `primary_access_key`) is `api_key/azure`; a
  vendor token used as the password of a URL (`https://oauth2:glpat-...@`) is the token alone.
  Vendors used: anthropic, atlassian, aws, azure, digitalocean, github, gitlab, google,
  hashicorp, huggingface, npm, openai, pypi, sendgrid, shopify, slack, stripe, twilio.
* person: the display name, email or account id of someone in `people` (an id alone in a
  `[~accountid:...]` mention or an `ri:account-id`); listed people appear only by full display
  name. Someone not in `people` appears only beside an address whose local part spells their
  name: the name is `person` (every occurrence in the line), the address `email`. Role, team
  and system addresses (foi@, pals@, ops-alerts@, root@host) and service-account addresses are
  `email` only. A line's `people` are the Jira users (staff) it involves; patients, students,
  residents, requesters and contractors are never in `people`; `people` may list participants
  the text does not mention (negative lines included).
* ip_address: public and private, IPv4 and IPv6, without port, brackets or prefix length;
  loopback and 0.0.0.0 are not labelled; no documentation-range or link-local address is used.
* phone: the whole number as written, without labels such as `Tel:` or `tel:`; company
  hotlines, switchboards and vendor support lines are `phone`; bleeps, extensions and SMS short
  codes are not. `<a href="tel:+E164">shown</a>` labels target and shown text separately.
* private_key: from `-----BEGIN` to the closing `-----` of the END line (in a JSON file the `\n`
  escapes stay inside, the trailing one outside; `private_key_id` and `client_id` are not
  labelled, `client_email` is `email`).
* ssn: a US Social Security number AAA-GG-SSSS, the whole number.
* BICs, key ids, public keys, certificates, SSH fingerprints, Twilio message SIDs, masked
  values and placeholders are not labelled; masked values and placeholders appear only on
  negative lines; no published test card number, no AWS example key and no weak literal
  password (changeme, password123) is used.

Additions (NEW in this set; each is a decision the earlier docstrings do not spell out):

* NEW: clinical, academic and civic identifiers are not among the kinds and are never labelled
  (declared look-alikes, on negative and positive lines alike): MRNs / hospital numbers (`MRN
  H4817263`, HL7 PID-3), NHS-like numbers (10 digits with their mod-11 check, written 3-3-4 like
  a phone number), ICD-10, SNOMED CT, LOINC, OPCS-4 and HRG codes, DICOM UIDs (`1.2.840.…`,
  `1.2.826.0.1.3680043.…`) and AE titles, accession, placer-order, episode, visit and
  lab-sample numbers, consultant codes, HL7 control ids and 14-digit HL7 timestamps (some
  Luhn-valid by chance: declared), study ids and ISRCTNs, student ids, UCAS ids (3-3-4), HESA
  ids, grant numbers, ORCID iDs (4-4-4-4, some Luhn-valid: declared), DOIs, PMIDs, ISBN-13s,
  case, PCN, repair-job, FOI and PALS references, UPRNs, council-tax accounts, licence plates,
  vaccine lot numbers, expense-claim numbers, room and bed numbers, dosages and lab values,
  DICOM and HL7 ports, firmware builds shaped like IPv4 addresses.
* NEW: more national identity numbers, with their real check digits, are unlabelled
  look-alikes: Greek AMKA (Luhn by design, 11 digits), Turkish T.C. Kimlik No, Serbian JMBG,
  Croatian OIB, Icelandic kennitala, Pakistani CNIC, Irish PPSN, Iranian national code, Slovak
  rodné číslo, Lithuanian asmens kodas, and a 20-digit GHIC card number; those of 13 or more
  digits (JMBG, CNIC) fail the Luhn check.
* NEW: in an HL7 v2 PID segment the family and given components of PID-5 are separate
  `person` spans (the ASCII transliteration in capitals), the PID-13 e-mail
  (`^NET^Internet^addr`) being the address beside them; the first XTN component is `phone`;
  PID-19 is `ssn`. No clinician is named in PV1 (codes only).
* NEW: in FHIR JSON `name.text`, `name.family` and each `name.given` string are `person` spans
  (the `telecom` e-mail beside them); a Practitioner who is a listed person is labelled by
  display name and address, its work `phone` too.
* NEW: LDIF new-starter imports: `cn`, `sn`, `givenName`, `displayName` and the name inside
  `dn: CN=...` are `person` spans of someone not in `people` (their `mail` spells them, ASCII
  folded as such imports hold names); `unicodePwd::` (base64 of the UTF-16LE quoted password)
  is `password`; `objectGUID::`, `employeeID` and AD group members (service accounts) are not.
* NEW: `mac_address` is used: device MAC addresses in DHCP logs (colon or dash form, the whole
  address), on positive lines only.
* NEW: a system mailbox in a cron mail's `From:` (`root@pacs-arch02.halvern.internal`) is
  `email` like a role address; `Cron <root@pacs-arch02>` (no dotted domain) is not an address.
  Role mailboxes stay `email` as the conventions say; negative lines mention shared mailboxes
  only by name, without an address.
* NEW: a Keycloak `refresh_token` that is a JWT (HS512) and a kubeconfig service-account
  `token` are `jwt`; Keycloak `session_state`, HAR `X-Request-Id`, Vault paths
  (`secret/data/...`), a Postgres URL built from `$(DB_USER):$(DB_PASSWORD)`, SealedSecret and
  ansible-vault ciphertext, `(sensitive value)` / `<sensitive>` and `***` masks are declared
  look-alikes.
* NEW: Korean names are written family first without a space (이수빈) and spelled given.family
  by the address (subin.lee); Vietnamese names family first with diacritics (Nguyễn Văn Hải ↔
  hai.nguyenvan); a refund "account holder" written in Latin transliteration beside the
  student's native-script name and address is `person` too.
* NEW: every IBAN is labelled whoever holds it (a resident's refund account, the university's
  research account, a supplier's old and new accounts in a mandate-fraud check)."""

import argparse
import base64
import ipaddress
import json
import math
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
OUT = HERE / "heldout7.jsonl"
SEED = 7_2026_0314
SHUFFLE_SEED = 7_2026_0315
R = random.Random(SEED)

# --- pieces ---------------------------------------------------------------------------------


class Look:
    """Unlabelled text declared as a look-alike: `note` says what it is, `allow` names the
    detector shapes (see DETECTORS) it may hold."""

    __slots__ = ("text", "note", "allow")

    def __init__(self, text, note, *allow):
        self.text, self.note, self.allow = str(text), note, set(allow)


def L(text, note, *allow):
    return Look(text, note, *allow)


def flatten(pieces):
    """Lists nest; a tuple is a label `(kind, value)`; str and Look are kept."""
    for piece in pieces:
        if isinstance(piece, list):
            yield from flatten(piece)
        elif piece is None or piece == "":
            continue
        else:
            if isinstance(piece, tuple):
                assert len(piece) == 2 and _is_kind(piece[0]), piece
            yield piece


KINDS = {"email", "phone", "credit_card", "iban", "ip_address", "ssn", "person", "mac_address",
         "private_key", "jwt", "password", "url_credentials"}


def _is_kind(name):
    return name in KINDS or name.startswith("api_key/")


LINES = []


def line(template, pieces, people=(), extra=()):
    """Builds one line from pieces; `people` are the Staff it involves (mentioned or not),
    `extra` further participants the text does not mention."""
    text, spans, looks, residual, data_len = [], [], [], [], 0
    for piece in flatten(pieces):
        if isinstance(piece, Look):
            chunk = piece.text
            looks.append((data_len, data_len + len(chunk.encode()), piece))
            residual.append("\x00")
        elif isinstance(piece, tuple):
            kind, chunk = piece
            spans.append((kind, data_len, data_len + len(chunk.encode()), chunk))
            residual.append("\x00")
        else:
            chunk = piece
            residual.append(chunk)
        text.append(chunk)
        data_len += len(chunk.encode())
    plist = []
    for s in list(people) + list(extra):
        if s.json() not in plist:
            plist.append(s.json())
    LINES.append({"template": template, "text": "".join(text), "people": plist,
                  "spans": spans, "looks": looks, "residual": "".join(residual)})


def pick(seq):
    return R.choice(seq)


def digits(n):
    return "".join(R.choice("0123456789") for _ in range(n))


def alnum(n, alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"):
    return "".join(R.choice(alphabet) for _ in range(n))


HEX = "0123456789abcdef"
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def hexs(n):
    return alnum(n, HEX)


def uuid():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + pick("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def expand(pattern):
    """`#` a digit, `[4-9]` / `[357]` one digit of a set; anything else kept."""
    out, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "#":
            out.append(R.choice("0123456789"))
        elif c == "[":
            j = pattern.index("]", i)
            body, choices = pattern[i + 1:j], []
            k = 0
            while k < len(body):
                if k + 2 < len(body) and body[k + 1] == "-":
                    choices += [str(d) for d in range(int(body[k]), int(body[k + 2]) + 1)]
                    k += 3
                else:
                    choices.append(body[k])
                    k += 1
            out.append(R.choice(choices))
            i = j
        else:
            out.append(c)
        i += 1
    return "".join(out)


# --- phones ---------------------------------------------------------------------------------
# country: calling code, trunk prefix, national significant number patterns (grouped as
# written at home). Leading digits fixed to ordinary mobile and landline ranges.

PHONES = {
    "GB": ("44", "0", ["7[4-9]## ######", "20 [38]### ####", "1792 [2-7]#####",
                       "161 [2-8]## ####", "29 20[2-9]# ####"]),
    "IE": ("353", "0", ["8[35679] ### ####", "1 [2-8]## ####", "91 [2-7]## ###"]),
    "GR": ("30", "", ["69[3479] ### ####", "210 [2-9]## ####", "2310 [2-9]#####"]),
    "RS": ("381", "0", ["6[0-5] [1-9]## ####", "11 [2-4]## ####"]),
    "HR": ("385", "0", ["9[1258] [1-9]## ####", "1 [2-6]### ###"]),
    "SK": ("421", "0", ["9[01][0-9] ### ###", "2 [2-6]### ####"]),
    "LT": ("370", "8", ["6[1-9]# #####", "5 2## ####"]),
    "IS": ("354", "", ["[68][2-9]# ####", "5[1-6]# ####", "4[1-6]# ####"]),
    "ES": ("34", "", ["6[0-9]# ### ###", "93 [2-4]## ## ##", "94 [4-6]## ## ##"]),
    "ZA": ("27", "0", ["8[1-4] [2-9]## ####", "7[1-4] [2-9]## ####", "21 [4-9]## ####"]),
    "IR": ("98", "0", ["9[1-3]# ### ####", "21 [2-8]### ####"]),
    "PK": ("92", "0", ["3[0-4]# #######", "21 3### ####", "42 3### ####"]),
    "BD": ("880", "0", ["1[3-9]##-######", "2-[5-9]#######"]),
    "IN": ("91", "0", ["9[4-9]### #####", "44 2### ####"]),
    "LK": ("94", "0", ["7[0124-8] ### ####", "11 2## ####"]),
    "ET": ("251", "0", ["9[1-4] ### ####", "11 [1-6]## ####"]),
    "MN": ("976", "", ["[89][5-9]## ####", "7[05]## ####"]),
    "KR": ("82", "0", ["10-[2-9]###-####", "2-[2-9]##-####"]),
    "VN": ("84", "0", ["9[0-8]# ### ###", "3[2-9]# ### ###", "28 [3-9]### ####"]),
    "TR": ("90", "0", ["5[3-5]# ### ## ##", "212 [2-6]## ## ##"]),
    "FI": ("358", "0", ["4[0-6] ### ####", "9 [2-7]## ####"]),
    "CZ": ("420", "", ["[67][0-3]# ### ###", "2[2-9]# ### ###"]),
    "GE": ("995", "", ["5[5-9]# ## ## ##", "32 2## ## ##"]),
    "AZ": ("994", "0", ["5[015] [2-9]## ## ##", "12 [4-5]## ## ##"]),
    "US": ("1", "", ["617 [2-9]##-####", "312 [2-9]##-####", "206 [2-9]##-####",
                     "512 [2-9]##-####"]),
    "CA": ("1", "", ["416 [2-9]##-####", "604 [2-9]##-####", "902 [2-9]##-####"]),
}
CC_NSN = {}
for _c, (_cc, _t, _pats) in PHONES.items():
    for _p in _pats:
        CC_NSN.setdefault(_cc, set()).add(sum(ch in "#[" for ch in _p) + sum(ch.isdigit() for ch in re.sub(r"\[[^\]]*\]", "", _p)))


def phone(country, form=None, mobile=None):
    """A phone number of `country` as written: forms nat, natparen, intl, intl0, e164, dash,
    00."""
    cc, trunk, pats = PHONES[country]
    if mobile is None:
        pat = R.choice(pats)
    else:
        pat = pats[0] if mobile else R.choice(pats[1:])
    nsn = expand(pat)
    # a number must not contain 555-01xx style fiction or long runs of one digit
    if re.search(r"(\d)\1\1\1\1", nsn.replace(" ", "").replace("-", "")) or "555" in nsn:
        return phone(country, form, mobile)
    forms = ["nat", "intl", "e164"]
    if form is None:
        form = R.choice(forms)
    flat = re.sub(r"\D", "", nsn)
    if country in ("US", "CA"):
        area, rest = nsn.split(" ")
        return {"nat": f"({area}) {rest}", "intl": f"+1 {area}-{rest}", "e164": f"+1{flat}",
                "dash": f"{area}-{rest}", "natparen": f"({area}) {rest}",
                "intl0": f"+1 ({area}) {rest}", "00": f"001 {area} {rest}"}[form]
    if form == "nat":
        return (trunk + (" " if country == "LT" else "") + nsn) if trunk else nsn
    if form == "natparen":
        if not trunk or " " not in nsn:
            return phone(country, "nat", mobile)
        head, rest = nsn.split(" ", 1)
        return f"({trunk}{head}) {rest}"
    if form == "intl":
        return f"+{cc} {nsn}"
    if form == "intl0":
        return f"+{cc} (0){nsn}" if trunk == "0" else f"+{cc} {nsn}"
    if form == "e164":
        return f"+{cc}{flat}"
    if form == "dash":
        return f"+{cc}-" + re.sub(r"[ ]", "-", nsn)
    if form == "00":
        return f"00{cc} {nsn}"
    raise ValueError(form)


def tel_uri(number):
    """The E.164 form of a written international number (for tel: links)."""
    return "+" + re.sub(r"\D", "", number.replace("(0)", ""))


# --- IBANs, cards, SSNs ---------------------------------------------------------------------


def _rs_account():
    bank = pick(["160", "170", "205", "265", "325"])
    acct = digits(13)
    control = 98 - int(bank + acct + "00") % 97
    return bank + acct + f"{control:02d}"


def _kennitala():
    while True:
        day, month, year = R.randint(1, 28), R.randint(1, 12), R.randint(50, 99)
        head = f"{day:02d}{month:02d}{year:02d}" + digits(2)
        s = sum(int(a) * w for a, w in zip(head, [3, 2, 7, 6, 5, 4, 3, 2]))
        check = 11 - s % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        return head + str(check) + "9"


IBAN_FORMATS = {
    "GR": (27, lambda: pick(["011", "017", "026", "014"]) + digits(4) + digits(16)),
    "TR": (26, lambda: pick(["00010", "00012", "00046", "00062", "00064"]) + "0" + digits(16)),
    "FI": (18, lambda: pick("1245678") + digits(13)),
    "CZ": (24, lambda: pick(["0800", "0100", "0300", "2010", "5500"]) + pick(["000000", "000019", "000035"]) + digits(10)),
    "SK": (24, lambda: pick(["0900", "0200", "1100", "7500", "1111"]) + "000000" + digits(10)),
    "HR": (21, lambda: pick(["2340009", "2360000", "2484008", "2402006"]) + digits(10)),
    "RS": (22, _rs_account),
    "LT": (20, lambda: pick(["70440", "73000", "40100", "21400"]) + digits(11)),
    "IS": (26, lambda: pick(["0159", "0111", "0515", "0133"]) + "26" + digits(6) + _kennitala()),
    "IE": (22, lambda: pick(["AIBK", "BOFI", "IPBS", "ULSB"]) + pick(["93", "90", "98"]) + digits(4) + digits(8)),
    "PK": (24, lambda: pick(["SCBL", "HABB", "MUCB", "UNIL", "MEZN"]) + "0000" + digits(12)),
    "AZ": (28, lambda: pick(["NABZ", "IBAZ", "AIIB", "PAHA"]) + digits(20)),
    "GE": (22, lambda: pick(["NB", "TB", "BG"]) + "0000000" + digits(9)),
    "ME": (22, lambda: pick(["505", "510", "535"]) + digits(15)),
    "GB": (22, lambda: pick(["NWBK", "BARC", "LOYD", "HBUK"]) + pick(["60", "20", "30", "40"]) + digits(4) + digits(8)),
}


_IBAN_TURN = []


def next_iban_country():
    """IBAN countries other than GB, taken in turn (reshuffled each round)."""
    if not _IBAN_TURN:
        _IBAN_TURN.extend(R.sample([c for c in IBAN_FORMATS if c != "GB"], len(IBAN_FORMATS) - 1))
    return _IBAN_TURN.pop()


def iban(country, spaced=None):
    length, bban = IBAN_FORMATS[country]
    body = bban()
    value = country + iban_check(country, body) + body
    assert len(value) == length and iban_valid(value), value
    if spaced is None:
        spaced = R.random() < 0.6
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4)) if spaced else value


CARD_BRANDS = {
    "visa": (["4"], [16]),
    "mastercard": (["51", "52", "53", "54", "55"] + [str(p) for p in range(2221, 2721)], [16]),
    "amex": (["34", "37"], [15]),
    "discover": (["6011", "644", "645", "646", "647", "648", "649", "65"], [16]),
    "jcb": ([str(p) for p in range(3528, 3590)], [16]),
    "diners": (["36", "38", "300", "301", "302", "303", "304", "305"], [14]),
    "unionpay": (["62"], [16, 19]),
    "maestro": (["6759", "6761", "6763"], [16]),
    "troy": (["9792"], [16]),
    "mir": (["2200", "2201", "2202", "2203", "2204"], [16]),
}
TEST_CARDS = {"4111111111111111", "4242424242424242", "4012888888881881", "4222222222222",
              "5555555555554444", "5105105105105100", "5454545454545454", "2223003122003222",
              "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
              "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904",
              "38520000023237", "6200000000000005", "4000056655665556", "5200828282828210",
              "4000000000000002", "6759649826438453", "9792030000000000", "2200000000000004"}


_BRAND_TURN = []


def next_brand():
    """Card brands taken in turn (reshuffled each round)."""
    if not _BRAND_TURN:
        _BRAND_TURN.extend(R.sample(list(CARD_BRANDS), len(CARD_BRANDS)))
    return _BRAND_TURN.pop()


def card(brand, fmt=None, length=None):
    prefixes, lengths = CARD_BRANDS[brand]
    n = length or R.choice(lengths)
    while True:
        body = R.choice(prefixes)
        body += digits(n - 1 - len(body))
        for check in "0123456789":
            if luhn_ok(body + check):
                number = body + check
                break
        if number not in TEST_CARDS and not re.search(r"(\d)\1\1\1\1", number):
            break
    if fmt is None:
        fmt = R.choice(["space", "space", "plain", "dash"])
    if fmt == "plain":
        return number
    sep = " " if fmt == "space" else "-"
    if n == 15:
        groups = [number[:4], number[4:10], number[10:]]
    elif n == 14:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i:i + 4] for i in range(0, n, 4)]
    return sep.join(groups)


def ssn():
    while True:
        area = R.randint(1, 899)
        if area == 666:
            continue
        value = f"{area:03d}-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}"
        if value not in ("123-45-6789", "078-05-1120", "219-09-9999"):
            return value


# --- addresses ------------------------------------------------------------------------------

DOC_NETS = [ipaddress.ip_network(n) for n in
            ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")]


def ip_ok(value):
    ip = ipaddress.ip_address(value)
    return not (ip.is_loopback or ip.is_unspecified or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or any(ip in n for n in DOC_NETS))


def ip_private():
    kind = R.random()
    if kind < 0.55:
        value = f"10.{pick([40, 41, 42, 60, 61, 80, 120, 200])}.{R.randint(0, 63)}.{R.randint(2, 250)}"
    elif kind < 0.8:
        value = f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 250)}"
    else:
        value = f"192.168.{R.randint(0, 40)}.{R.randint(2, 250)}"
    return value


def ip_public():
    while True:
        value = f"{pick([31, 37, 46, 62, 77, 81, 85, 86, 89, 91, 92, 94, 109, 141, 145, 151, 176, 178, 185, 188, 193, 194, 195, 212, 213, 217])}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if ipaddress.ip_address(value).is_global and ip_ok(value):
            return value


def ip6_public():
    while True:
        groups = [pick(["2a02", "2a01", "2a00", "2a0a", "2a05", "2001", "2a10"]), hexs(4),
                  hexs(4), hexs(4)] + [hexs(R.randint(1, 4)) for _ in range(4)]
        if R.random() < 0.4:
            groups[4] = groups[5] = "0"
        value = str(ipaddress.ip_address(":".join(groups)))
        if ipaddress.ip_address(value).is_global and ip_ok(value):
            return value


def ip6_private():
    value = str(ipaddress.ip_address("fd" + hexs(2) + ":" + ":".join(hexs(4) for _ in range(3)) + "::" + hexs(R.randint(1, 4))))
    return value


def mac():
    first = R.choice([0x00, 0x08, 0x3C, 0x70, 0xA4, 0xB8, 0xD4, 0xF0])
    parts = [first] + [R.randint(0, 255) for _ in range(5)]
    sep = R.choice([":", "-"])
    upper = R.random() < 0.5
    text = sep.join(f"{p:02X}" if upper else f"{p:02x}" for p in parts)
    return text


# --- secrets --------------------------------------------------------------------------------

PW_WORDS = ["Harbour", "Lantern", "Copper", "Meadow", "Falcon", "Quartz", "Thistle", "Saffron",
            "Granite", "Willow", "Orchid", "Cobalt", "Juniper", "Marble", "Beacon", "Tundra",
            "Velvet", "Ember", "Sorrel", "Pebble", "Heron", "Basalt", "Cinder", "Larch"]
NATIVE_PW_WORDS = ["Þórsmörk", "Λεμόνι", "Ябука", "Šljiva", "Čerešňa", "Ąžuolas", "Môr",
                   "Farraige", "Tramuntana", "Fynbos", "Ilanga", "Anar", "Chinar", "Shapla",
                   "Malligai", "Buna", "Тал"]


def password(style=None):
    """A literal password (never a weak placeholder)."""
    style = style or R.choice(["words", "random", "random", "mixed", "native"])
    while True:
        if style == "words":
            value = (pick(PW_WORDS) + pick("-_.!") + pick(PW_WORDS).lower() + pick("!#%*")
                     + digits(R.randint(2, 4)))
        elif style == "random":
            value = alnum(R.randint(14, 22), "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!#%*-_+=")
        elif style == "url":
            value = alnum(R.randint(14, 22), "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.~")
        elif style == "mixed":
            value = pick(PW_WORDS) + digits(2) + pick("!#%") + alnum(R.randint(5, 8))
        elif style == "native":
            value = pick(NATIVE_PW_WORDS) + pick("-_.!") + digits(R.randint(3, 4)) + pick("!#%*?")
        elif style == "simple":
            value = alnum(R.randint(12, 18), "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789")
        else:
            raise ValueError(style)
        if (re.search(r"\d", value) and re.search(r"[^\W\d_]", value)
                and not re.match(r"[-=+!#%*_.~]", value) and not value.endswith(("-", "."))):
            return value


def b64(data):
    return base64.b64encode(data).decode()


def b64url(data):
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def rbytes(n):
    return bytes(R.randrange(256) for _ in range(n))


def gh_checksum(body):
    crc = zlib.crc32(body.encode()) & 0xFFFFFFFF
    out = ""
    while crc:
        crc, r = divmod(crc, 62)
        out = BASE62[r] + out
    return out.rjust(6, "0")


def token(vendor, kind=None):
    if vendor == "anthropic":
        return "sk-ant-api03-" + alnum(93, B64URL) + "AA"
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + alnum(171, B64URL) + "=" + alnum(8, "0123456789ABCDEF")
    if vendor == "aws":
        if kind == "secret":
            return alnum(40, B64)
        return pick(["AKIA", "AKIA", "ASIA"]) + alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    if vendor == "azure":
        return b64(rbytes(64))
    if vendor == "digitalocean":
        return "dop_v1_" + hexs(64)
    if vendor == "github":
        kind = kind or pick(["ghp", "ghp", "gho", "ghs", "pat"])
        if kind == "pat":
            return "github_pat_11" + alnum(20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") + "_" + alnum(59)
        body = alnum(30, BASE62)
        return f"{kind}_{body}{gh_checksum(body)}"
    if vendor == "gitlab":
        return "glpat-" + alnum(20, B64URL.replace("-", "").replace("_", "") + "-_")
    if vendor == "google":
        return "AIza" + alnum(35, B64URL)
    if vendor == "hashicorp":
        if kind == "tfc":
            return alnum(14) + ".atlasv1." + alnum(67, B64URL)
        return "hvs." + (alnum(24) if R.random() < 0.5 else "CAESI" + alnum(86, B64URL))
    if vendor == "huggingface":
        return "hf_" + alnum(34, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if vendor == "npm":
        body = alnum(30, BASE62)
        return "npm_" + body + gh_checksum(body)
    if vendor == "openai":
        return "sk-proj-" + alnum(74, B64URL) + "T3BlbkFJ" + alnum(74, B64URL)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + alnum(R.randint(140, 180), B64URL)
    if vendor == "sendgrid":
        return "SG." + alnum(22, B64URL) + "." + alnum(43, B64URL)
    if vendor == "shopify":
        return pick(["shpat_", "shpat_", "shpca_"]) + hexs(32)
    if vendor == "slack":
        kind = kind or pick(["xoxb", "xoxp", "webhook"])
        if kind == "xoxb":
            return f"xoxb-{digits(12)}-{digits(13)}-{alnum(24)}"
        if kind == "xoxp":
            return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"
        return (f"https://hooks.slack.com/services/T{alnum(8, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')}"
                f"/B{alnum(10, '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ')}/{alnum(24)}")
    if vendor == "stripe":
        kind = kind or pick(["sk", "sk", "rk", "whsec"])
        if kind == "whsec":
            return "whsec_" + alnum(32)
        return f"{kind}_live_" + alnum(pick([24, 99]))
    if vendor == "twilio":
        if kind == "sid":
            return "SK" + hexs(32)
        return hexs(32) if kind == "auth" else alnum(32)
    raise ValueError(vendor)


VENDOR_FORMATS = {
    "anthropic": [r"sk-ant-api03-[A-Za-z0-9_-]{93}AA"],
    "atlassian": [r"ATATT3xFfGF0[A-Za-z0-9_-]{171}=[0-9A-F]{8}"],
    "aws": [r"(?:AKIA|ASIA)[A-Z2-7]{16}", r"[A-Za-z0-9/+]{40}"],
    "azure": [r"[A-Za-z0-9+/]{86}=="],
    "digitalocean": [r"dop_v1_[0-9a-f]{64}"],
    "github": [r"gh[pos]_[A-Za-z0-9]{36}", r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}"],
    "gitlab": [r"glpat-[A-Za-z0-9_-]{20}"],
    "google": [r"AIza[A-Za-z0-9_-]{35}"],
    "hashicorp": [r"hvs\.[A-Za-z0-9_-]{24,}", r"[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_-]{67}"],
    "huggingface": [r"hf_[A-Za-z]{34}"],
    "npm": [r"npm_[A-Za-z0-9]{36}"],
    "openai": [r"sk-proj-[A-Za-z0-9_-]{74}T3BlbkFJ[A-Za-z0-9_-]{74}"],
    "pypi": [r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{100,}"],
    "sendgrid": [r"SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}"],
    "shopify": [r"shp(?:at|ca)_[0-9a-f]{32}"],
    "slack": [r"xoxb-\d{10,13}-\d{10,13}-[A-Za-z0-9]{24}", r"xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[0-9a-f]{32}",
              r"https://hooks\.slack\.com/services/T[A-Z0-9]{8,10}/B[A-Z0-9]{8,10}/[A-Za-z0-9]{24}"],
    "stripe": [r"(?:sk|rk)_live_[A-Za-z0-9]{24,99}", r"whsec_[A-Za-z0-9]{32}"],
    "twilio": [r"SK[0-9a-f]{32}", r"[A-Za-z0-9]{32}"],
}


def jwt(payload=None, alg="RS256"):
    header = {"alg": alg, "typ": "JWT"}
    if alg.startswith("RS") and R.random() < 0.6:
        header["kid"] = alnum(R.randint(20, 43), B64URL)
    now = 1773480000 + R.randint(0, 2_000_000)
    body = {"iss": pick(["https://auth.halvernhealth.org/realms/portal",
                         "https://login.tarrowmouth.ac.uk/oauth2",
                         "https://sso.halverncouncil.org/realms/staff"]),
            "sub": uuid(), "aud": pick(["fhir-api", "portal-bff", "case-mgmt", "sis-api"]),
            "iat": now, "exp": now + pick([300, 900, 3600]),
            "scope": pick(["patient/*.read launch/patient", "openid profile", "cases:write",
                           "system/Observation.write"])}
    if payload:
        body.update(payload)
    sig = rbytes(256 if alg.startswith("RS") else 32)
    return ".".join([b64url(json.dumps(header, separators=(",", ":")).encode()),
                     b64url(json.dumps(body, separators=(",", ":")).encode()), b64url(sig)])


PEM_KINDS = {
    "rsa": ("RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 1580),
    "pkcs8": ("PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ", 1600),
    "ec": ("EC PRIVATE KEY", "MHcCAQEEI", 160),
    "openssh": ("OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQAAACA", 340),
}


def pem(kind=None, newline="\n"):
    kind = kind or pick(list(PEM_KINDS))
    label, head, size = PEM_KINDS[kind]
    body = head + alnum(size - len(head), B64)
    if kind == "ec":
        body = body[:-2] + "=="
    width = 70 if kind == "openssh" else 64
    rows = [body[i:i + width] for i in range(0, len(body), width)]
    return newline.join([f"-----BEGIN {label}-----"] + rows + [f"-----END {label}-----"])


# --- people ---------------------------------------------------------------------------------

TRANS = {"ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "ø": "o", "Ø": "O",
         "ß": "ss", "ı": "i", "ə": "a", "Ə": "A", "ł": "l", "Ł": "L"}


def ascii_fold(text):
    """A name folded to ASCII, capitals kept (as an LDIF import or HL7 feed would hold it)."""
    text = "".join(TRANS.get(c, c) for c in text)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if c.isascii())


def translit(word):
    """A Latin name written without diacritics, as an address would spell it."""
    word = "".join(TRANS.get(c, c) for c in word)
    word = unicodedata.normalize("NFKD", word)
    return "".join(c for c in word if c.isascii() and c.isalpha()).lower()


ORG_DOMAINS = {"health": "halvernhealth.org", "uni": "tarrowmouth.ac.uk",
               "council": "halverncouncil.org"}


class Staff:
    """A Jira user of the tenant."""

    def __init__(self, display, latin, org, role):
        self.display, self.latin, self.org, self.role = display, latin, org, role
        self.email = ".".join(latin) + "@" + ORG_DOMAINS[org]
        self.account_id = None

    def json(self):
        return {"display_name": self.display, "email": self.email, "account_id": self.account_id}

    def tokens(self):
        return [t for t in re.split(r"[\s\-]+", self.display) if t] + list(self.latin)


STAFF = [
    Staff("Harriet Pembrook", ["harriet", "pembrook"], "health", "service desk lead"),
    Staff("Owen Tregarthen", ["owen", "tregarthen"], "health", "PACS administrator"),
    Staff("Σταύρος Παπαδημητρίου", ["stavros", "papadimitriou"], "health", "integration engineer"),
    Staff("Драгана Милошевић", ["dragana", "milosevic"], "health", "lab systems analyst"),
    Staff("Ivana Kovačević", ["ivana", "kovacevic"], "council", "case officer"),
    Staff("Zuzana Hrušovská", ["zuzana", "hrusovska"], "uni", "SIS administrator"),
    Staff("Rūta Kazlauskienė", ["ruta", "kazlauskiene"], "health", "cloud engineer"),
    Staff("Guðrún Sigurðardóttir", ["gudrun", "sigurdardottir"], "health", "security analyst"),
    Staff("Rhiannon ap Gwilym", ["rhiannon", "apgwilym"], "council", "FOI officer"),
    Staff("Aoife Ní Mhurchú", ["aoife", "nimhurchu"], "health", "patient portal support"),
    Staff("Jordi Puigcercós", ["jordi", "puigcercos"], "uni", "research grants officer"),
    Staff("Pieter van der Westhuizen", ["pieter", "vanderwesthuizen"], "health", "DBA"),
    Staff("Thandeka Mthembu", ["thandeka", "mthembu"], "council", "housing repairs lead"),
    Staff("ሰላማዊት ተስፋዬ", ["selamawit", "tesfaye"], "health", "lab integration"),
    Staff("فرزانه رحیمی", ["farzaneh", "rahimi"], "uni", "international office"),
    Staff("عمران قریشی", ["imran", "qureshi"], "health", "network engineer"),
    Staff("তানজিলা হোসেন", ["tanzila", "hossain"], "council", "parking services"),
    Staff("கார்த்திகேயன் சுப்பிரமணியன்", ["karthikeyan", "subramanian"], "health", "DevOps"),
    Staff("권도현", ["dohyun", "kwon"], "uni", "research computing"),
    Staff("Phạm Thị Thu Hằng", ["hang", "phamthithu"], "health", "clinical applications"),
    Staff("Оюунчимэг Батбаяр", ["oyuunchimeg", "batbayar"], "health", "on-call engineer"),
    Staff("Callum Dewhirst", ["callum", "dewhirst"], "council", "council IT"),
    Staff("Nemanja Jovanović", ["nemanja", "jovanovic"], "health", "EPR developer"),
    Staff("Itziar Etxeberria", ["itziar", "etxeberria"], "uni", "data protection"),
    Staff("Elif Karaağaçlı", ["elif", "karaagacli"], "health", "finance systems"),
    Staff("Kateřina Dvořáková", ["katerina", "dvorakova"], "uni", "student finance"),
    Staff("Jussi Häkkinen", ["jussi", "hakkinen"], "health", "platform engineer"),
]
for _s in STAFF:
    _s.account_id = ("712020:" + uuid()) if R.random() < 0.6 else hexs(24)
BY_NAME = {s.display: s for s in STAFF}


def staff(*roles_or_names):
    """Staff by display name, or a random one."""
    if roles_or_names:
        return [BY_NAME[n] for n in roles_or_names]
    return R.choice(STAFF)


def staff_sample(n, exclude=()):
    pool = [s for s in STAFF if s not in exclude]
    return R.sample(pool, n)


PROVIDERS = {
    "GR": ["gmail.com", "yahoo.gr", "otenet.gr"], "RS": ["gmail.com", "yahoo.com", "eunet.rs"],
    "HR": ["gmail.com", "net.hr", "t-com.hr"], "SK": ["gmail.com", "azet.sk", "centrum.sk"],
    "LT": ["gmail.com", "inbox.lt"], "IS": ["gmail.com", "simnet.is"],
    "GB": ["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk"],
    "IE": ["gmail.com", "eircom.net", "outlook.ie"], "ES": ["gmail.com", "hotmail.es"],
    "ZA": ["gmail.com", "webmail.co.za", "telkomsa.net"], "IR": ["gmail.com", "yahoo.com"],
    "PK": ["gmail.com", "hotmail.com"], "BD": ["gmail.com", "yahoo.com"],
    "IN": ["gmail.com", "rediffmail.com"], "LK": ["gmail.com", "sltnet.lk"],
    "ET": ["gmail.com", "ethionet.et"], "MN": ["gmail.com", "yahoo.com"],
    "KR": ["naver.com", "daum.net"], "VN": ["gmail.com", "yahoo.com.vn"],
    "TR": ["gmail.com", "hotmail.com.tr"], "FI": ["gmail.com", "kolumbus.fi"],
    "CZ": ["seznam.cz", "email.cz"], "GE": ["gmail.com"], "AZ": ["mail.ru", "gmail.com"],
    "US": ["gmail.com", "icloud.com"], "CA": ["gmail.com", "rogers.com"],
}


class Person:
    """Someone who is not a Jira user: patient, student, resident, requester, contractor."""

    def __init__(self, given, family, lat_given, lat_family, country, lang, order="gf"):
        self.given, self.family = given, family
        self.lat_given, self.lat_family = lat_given, lat_family
        self.country, self.lang, self.order = country, lang, order

    @property
    def full(self):
        if self.order == "joined":
            return self.family + self.given
        if self.order == "fg":
            return f"{self.family} {self.given}"
        return f"{self.given} {self.family}"

    @property
    def latin_full(self):
        if self.order in ("fg", "joined"):
            return f"{self.lat_family} {self.lat_given}"
        return f"{self.lat_given} {self.lat_family}"

    def email(self, domain=None):
        g, f = translit(self.lat_given), translit(self.lat_family)
        local = R.choice([f"{g}.{f}", f"{g}.{f}", f"{f}.{g}", f"{g}{f}{R.randint(10, 99)}",
                          f"{g}_{f}", f"{g}.{f}{R.randint(1, 9)}"])
        return f"{local}@{domain or R.choice(PROVIDERS[self.country])}"

    def tokens(self):
        out = re.split(r"[\s\-]+", self.given) + re.split(r"[\s\-]+", self.family)
        out += re.split(r"[\s\-]+", self.lat_given) + re.split(r"[\s\-]+", self.lat_family)
        if self.order == "joined":
            out.append(self.family + self.given)
        return [t for t in out if t]


CUSTOMERS = [
    Person("Ελένη", "Καραγιάννη", "Eleni", "Karagianni", "GR", "el"),
    Person("Νικόλαος", "Βλάχος", "Nikolaos", "Vlachos", "GR", "el"),
    Person("Милан", "Стојановић", "Milan", "Stojanović", "RS", "sr"),
    Person("Jelena", "Radosavljević", "Jelena", "Radosavljević", "RS", "sr"),
    Person("Marija", "Šimunović", "Marija", "Šimunović", "HR", "hr"),
    Person("Tomislav", "Barišić", "Tomislav", "Barišić", "HR", "hr"),
    Person("Ľubomír", "Krajčovič", "Ľubomír", "Krajčovič", "SK", "sk"),
    Person("Zdenka", "Hrivnáková", "Zdenka", "Hrivnáková", "SK", "sk"),
    Person("Mindaugas", "Žemaitis", "Mindaugas", "Žemaitis", "LT", "lt"),
    Person("Gintarė", "Paulauskaitė", "Gintarė", "Paulauskaitė", "LT", "lt"),
    Person("Þórdís", "Ásgeirsdóttir", "Þórdís", "Ásgeirsdóttir", "IS", "is"),
    Person("Ragnar", "Hallgrímsson", "Ragnar", "Hallgrímsson", "IS", "is"),
    Person("Gwenllian", "Prydderch", "Gwenllian", "Prydderch", "GB", "cy"),
    Person("Iestyn", "Llwyd-Evans", "Iestyn", "Llwyd-Evans", "GB", "cy"),
    Person("Seosamh", "Ó Catháin", "Seosamh", "Ó Catháin", "IE", "ga"),
    Person("Siobhán", "Ní Dhubhghaill", "Siobhán", "Ní Dhubhghaill", "IE", "ga"),
    Person("Núria", "Vilaró", "Núria", "Vilaró", "ES", "ca"),
    Person("Pau", "Casajoana", "Pau", "Casajoana", "ES", "ca"),
    Person("Annemarie", "du Plessis", "Annemarie", "du Plessis", "ZA", "af"),
    Person("Gerrit", "Oosthuizen", "Gerrit", "Oosthuizen", "ZA", "af"),
    Person("Nomvula", "Khumalo", "Nomvula", "Khumalo", "ZA", "zu"),
    Person("Sibusiso", "Mkhwanazi", "Sibusiso", "Mkhwanazi", "ZA", "zu"),
    Person("مهدی", "کاظمی", "Mehdi", "Kazemi", "IR", "fa"),
    Person("نرگس", "طباطبایی", "Narges", "Tabatabaei", "IR", "fa"),
    Person("سائرہ", "ملک", "Saira", "Malik", "PK", "ur"),
    Person("بلال", "چوہدری", "Bilal", "Chaudhry", "PK", "ur"),
    Person("রফিকুল", "ইসলাম", "Rafiqul", "Islam", "BD", "bn"),
    Person("নুসরাত", "জাহান", "Nusrat", "Jahan", "BD", "bn"),
    Person("மீனாட்சி", "ராமசாமி", "Meenakshi", "Ramasamy", "IN", "ta"),
    Person("செந்தில்", "குமரன்", "Senthil", "Kumaran", "LK", "ta"),
    Person("ዮሐንስ", "በቀለ", "Yohannes", "Bekele", "ET", "am"),
    Person("ሕይወት", "ገብረመድህን", "Hiwot", "Gebremedhin", "ET", "am"),
    Person("Төмөрбаатар", "Ганболд", "Tomorbaatar", "Ganbold", "MN", "mn"),
    Person("Сарангэрэл", "Батсүх", "Sarangerel", "Batsukh", "MN", "mn"),
    Person("Declan", "Featherstone", "Declan", "Featherstone", "GB", "en"),
    Person("Margaret", "Ashworth-Lyle", "Margaret", "Ashworth-Lyle", "GB", "en"),
    Person("Tobias", "Wrenfield", "Tobias", "Wrenfield", "US", "en"),
    Person("Kirsty", "Maclennan", "Kirsty", "Maclennan", "CA", "en"),
    Person("Fionnuala", "Brennock", "Fionnuala", "Brennock", "IE", "en"),
    Person("수빈", "이", "Subin", "Lee", "KR", "ko", "joined"),
    Person("하윤", "정", "Hayoon", "Jung", "KR", "ko", "joined"),
    Person("Hải", "Nguyễn Văn", "Hai", "Nguyen Van", "VN", "vi", "fg"),
    Person("Bích Ngọc", "Trần Thị", "Bich Ngoc", "Tran Thi", "VN", "vi", "fg"),
    Person("Büşra", "Yıldırımkaya", "Büşra", "Yıldırımkaya", "TR", "tr"),
    Person("Emre", "Karakoçlu", "Emre", "Karakoçlu", "TR", "tr"),
    Person("Aino", "Leppälahti", "Aino", "Leppälahti", "FI", "fi"),
    Person("Vojtěch", "Procházka", "Vojtěch", "Procházka", "CZ", "cs"),
    Person("ნინო", "ბერიძე", "Nino", "Beridze", "GE", "ka"),
    Person("Leyla", "Məmmədova", "Leyla", "Məmmədova", "AZ", "az"),
    Person("Ayesha", "Rahmatullah", "Ayesha", "Rahmatullah", "GB", "en"),
]
BY_LANG = {}
for _p in CUSTOMERS:
    BY_LANG.setdefault(_p.lang, []).append(_p)
BY_COUNTRY = {}
for _p in CUSTOMERS:
    BY_COUNTRY.setdefault(_p.country, []).append(_p)

PARTICLES = {"van", "der", "du", "ní", "ó", "ap", "nic", "de", "la", "văn", "thị", "van", "thi",
             "ni"}

# Name token (casefolded) -> the Latin pieces an address must hold for it.
TOKMAP = {}
for _p in CUSTOMERS:
    for native, latin in ((_p.given, _p.lat_given), (_p.family, _p.lat_family)):
        nt, lt = re.split(r"[\s\-]+", native), re.split(r"[\s\-]+", latin)
        if len(nt) == len(lt):
            for a, b in zip(nt, lt):
                TOKMAP[a.casefold()] = [translit(b)]
        else:
            for a in nt:
                TOKMAP[a.casefold()] = [translit(b) for b in lt]
    if _p.order == "joined":
        TOKMAP[(_p.family + _p.given).casefold()] = [translit(_p.lat_family), translit(_p.lat_given)]


def roster_tokens():
    """Every name part of every roster (staff and others), in every script, for the scan."""
    out = set()
    for who in STAFF + CUSTOMERS:
        for t in who.tokens():
            if t.casefold() in PARTICLES:
                continue
            if t.isascii() and len(t) < 4:
                continue
            out.add(t)
    return out


# --- languages ------------------------------------------------------------------------------
# For each language: the community's phone and IBAN countries, and sentences for the prose
# templates. {pw} / {ward} / {bed} / {dose} / {mrn} are filled in by the templates.

LANGS = {
    "el": dict(name="Greek", phone="GR", iban="GR",
               ticket="Ο ασθενής δεν μπορεί να συνδεθεί στην πύλη ασθενών μετά την αλλαγή αριθμού τηλεφώνου.",
               callback="Τηλέφωνο επικοινωνίας:", mail="Email:", close="Παρακαλώ επικοινωνήστε μαζί του.",
               pw="Ο προσωρινός κωδικός πρόσβασης είναι: {pw} — αλλάξτε τον στην πρώτη σύνδεση.",
               appeal="Η προσφυγή για την κλήση στάθμευσης υποβλήθηκε εκπρόθεσμα.",
               refund="Επιστροφή χρημάτων στον λογαριασμό:",
               neg="Ο ασθενής με {mrn} μεταφέρθηκε στην πτέρυγα {ward}, κλίνη {bed}. Δόση: {dose}.",
               policy="Ο κωδικός πρόσβασης πρέπει να έχει τουλάχιστον 14 χαρακτήρες και αλλάζει κάθε 90 ημέρες."),
    "sr": dict(name="Serbian", phone="RS", iban="RS",
               ticket="Пацијент не може да се пријави на портал након промене броја телефона.",
               callback="Број за повратни позив:", mail="Е-пошта:", close="Молим вас да га контактирате.",
               pw="Привремена лозинка је {pw} — промените је при првој пријави.",
               appeal="Жалба на казну за паркирање поднета је након рока.",
               refund="Повраћај новца на рачун:",
               neg="Пацијент ({mrn}) је премештен на одељење {ward}, кревет {bed}. Доза: {dose}.",
               policy="Lozinka mora imati najmanje 14 znakova i menja se svakih 90 dana."),
    "hr": dict(name="Croatian", phone="HR", iban="HR",
               ticket="Pacijentica se ne može prijaviti na portal nakon promjene broja mobitela.",
               callback="Broj za povratni poziv:", mail="E-pošta:", close="Molim vas da je kontaktirate.",
               pw="Privremena lozinka je {pw}, promijenite je nakon prve prijave.",
               appeal="Žalba na kaznu za parkiranje predana je nakon isteka roka.",
               refund="Povrat novca na račun:",
               neg="Pacijent ({mrn}) premješten je na odjel {ward}, krevet {bed}. Doza: {dose}.",
               policy="Lozinka mora imati najmanje 14 znakova; mijenja se svakih 90 dana."),
    "sk": dict(name="Slovak", phone="SK", iban="SK",
               ticket="Pacient sa nevie prihlásiť do pacientskeho portálu po zmene telefónneho čísla.",
               callback="Číslo na spätné volanie:", mail="E-mail:", close="Prosím, kontaktujte ho.",
               pw="Dočasné heslo je {pw} – pri prvom prihlásení ho zmeňte.",
               appeal="Odvolanie proti pokute za parkovanie bolo podané po lehote.",
               refund="Vrátenie platby na účet:",
               neg="Pacient ({mrn}) bol preložený na oddelenie {ward}, lôžko {bed}. Dávka: {dose}.",
               policy="Heslo musí mať aspoň 14 znakov a mení sa každých 90 dní."),
    "lt": dict(name="Lithuanian", phone="LT", iban="LT",
               ticket="Pacientas negali prisijungti prie paciento portalo pakeitęs telefono numerį.",
               callback="Atgalinio skambučio numeris:", mail="El. paštas:", close="Prašome su juo susisiekti.",
               pw="Laikinasis slaptažodis: {pw} – pirmą kartą prisijungę jį pakeiskite.",
               appeal="Skundas dėl baudos už stovėjimą pateiktas praleidus terminą.",
               refund="Pinigų grąžinimas į sąskaitą:",
               neg="Pacientas ({mrn}) perkeltas į skyrių {ward}, lova {bed}. Dozė: {dose}.",
               policy="Slaptažodį turi sudaryti bent 14 simbolių; jis keičiamas kas 90 dienų."),
    "is": dict(name="Icelandic", phone="IS", iban="IS",
               ticket="Sjúklingurinn kemst ekki inn á sjúklingagáttina eftir að hafa skipt um símanúmer.",
               callback="Símanúmer til að hringja til baka:", mail="Netfang:", close="Vinsamlegast hafið samband við hann.",
               pw="Tímabundið lykilorð er {pw} – breyttu því við fyrstu innskráningu.",
               appeal="Kæra vegna stöðubrots barst eftir að fresturinn rann út.",
               refund="Endurgreiðsla inn á reikning:",
               neg="Sjúklingurinn ({mrn}) var fluttur á deild {ward}, rúm {bed}. Skammtur: {dose}.",
               policy="Lykilorð verður að vera minnst 14 stafir og er skipt út á 90 daga fresti."),
    "cy": dict(name="Welsh", phone="GB", iban="GB",
               ticket="Nid yw'r claf yn gallu mewngofnodi i'r porth cleifion ar ôl newid ei rhif ffôn.",
               callback="Rhif i'w ffonio'n ôl:", mail="E-bost:", close="Cysylltwch â hi, os gwelwch yn dda.",
               pw="Y cyfrinair dros dro yw {pw} – newidiwch ef wrth fewngofnodi am y tro cyntaf.",
               appeal="Cyflwynwyd yr apêl yn erbyn y ddirwy parcio ar ôl y dyddiad cau.",
               refund="Ad-daliad i'r cyfrif:",
               neg="Symudwyd y claf ({mrn}) i ward {ward}, gwely {bed}. Dos: {dose}.",
               policy="Rhaid i gyfrinair fod o leiaf 14 nod o hyd a chaiff ei newid bob 90 diwrnod."),
    "ga": dict(name="Irish", phone="IE", iban="IE",
               ticket="Ní féidir leis an othar logáil isteach sa tairseach othar tar éis dó a uimhir fóin a athrú.",
               callback="Uimhir le glaoch ar ais:", mail="Ríomhphost:", close="Déan teagmháil leis, le do thoil.",
               pw="Is é an pasfhocal sealadach ná {pw} – athraigh é nuair a logálann tú isteach den chéad uair.",
               appeal="Cuireadh an t-achomharc i gcoinne na fíneála páirceála isteach tar éis an spriocdháta.",
               refund="Aisíocaíocht chuig an gcuntas:",
               neg="Aistríodh an t-othar ({mrn}) go barda {ward}, leaba {bed}. Dáileog: {dose}.",
               policy="Caithfidh 14 charachtar ar a laghad a bheith i bpasfhocal; athraítear é gach 90 lá."),
    "ca": dict(name="Catalan", phone="ES", iban="GB",
               ticket="La pacient no pot iniciar sessió al portal del pacient després de canviar el número de telèfon.",
               callback="Telèfon de contacte:", mail="Correu electrònic:", close="Si us plau, contacteu-hi.",
               pw="La contrasenya temporal és {pw}; canvieu-la en el primer inici de sessió.",
               appeal="El recurs contra la multa d'aparcament es va presentar fora de termini.",
               refund="Devolució al compte:",
               neg="El pacient ({mrn}) ha estat traslladat a la planta {ward}, llit {bed}. Dosi: {dose}.",
               policy="La contrasenya ha de tenir com a mínim 14 caràcters i es canvia cada 90 dies."),
    "af": dict(name="Afrikaans", phone="ZA", iban="GB",
               ticket="Die pasiënt kan nie by die pasiëntportaal aanmeld nadat sy haar selfoonnommer verander het nie.",
               callback="Terugbelnommer:", mail="E-pos:", close="Kontak haar asseblief.",
               pw="Die tydelike wagwoord is {pw} – verander dit met die eerste aanmelding.",
               appeal="Die appèl teen die parkeerboete is ná die sperdatum ingedien.",
               refund="Terugbetaling na rekening:",
               neg="Die pasiënt ({mrn}) is na saal {ward}, bed {bed} verskuif. Dosis: {dose}.",
               policy="'n Wagwoord moet minstens 14 karakters lank wees en word elke 90 dae verander."),
    "zu": dict(name="Zulu", phone="ZA", iban="GB",
               ticket="Isiguli asikwazi ukungena kuphothali yeziguli ngemuva kokushintsha inombolo yocingo.",
               callback="Inombolo yokushayela emuva:", mail="I-imeyili:", close="Sicela uxhumane naso.",
               pw="Iphasiwedi yesikhashana ithi {pw} – yishintshe uma ungena okokuqala.",
               appeal="Isikhalazo mayelana nenhlawulo yokupaka sifakwe sekwedlule isikhathi.",
               refund="Imali ibuyiselwa ku-akhawunti:",
               neg="Isiguli ({mrn}) sidluliselwe ewodini {ward}, umbhede {bed}. Umthamo: {dose}.",
               policy="Iphasiwedi kumele ibe nezinhlamvu okungenani eziyi-14 futhi ishintshwa njalo ezinsukwini ezingu-90."),
    "fa": dict(name="Persian", phone="IR", iban="TR",
               ticket="بیمار پس از تغییر شماره تلفن نمی‌تواند وارد پورتال بیماران شود.",
               callback="شماره تماس:", mail="ایمیل:", close="لطفاً با ایشان تماس بگیرید.",
               pw="رمز عبور موقت: {pw} — لطفاً در اولین ورود آن را تغییر دهید.",
               appeal="اعتراض به جریمهٔ پارک پس از مهلت مقرر ثبت شده است.",
               refund="بازپرداخت به حساب:",
               neg="بیمار ({mrn}) به بخش {ward}، تخت {bed} منتقل شد. دوز: {dose}.",
               policy="رمز عبور باید دست‌کم ۱۴ نویسه داشته باشد و هر ۹۰ روز تغییر کند."),
    "ur": dict(name="Urdu", phone="PK", iban="PK",
               ticket="مریض فون نمبر تبدیل کرنے کے بعد مریضوں کے پورٹل میں لاگ اِن نہیں کر پا رہا۔",
               callback="واپسی کال کا نمبر:", mail="ای میل:", close="براہِ کرم ان سے رابطہ کریں۔",
               pw="عارضی پاس ورڈ: {pw} — پہلی بار لاگ اِن پر اسے تبدیل کریں۔",
               appeal="پارکنگ جرمانے کے خلاف اپیل مقررہ مدت کے بعد جمع کرائی گئی۔",
               refund="رقم کی واپسی اس اکاؤنٹ میں:",
               neg="مریض ({mrn}) کو وارڈ {ward}، بستر {bed} میں منتقل کر دیا گیا۔ خوراک: {dose}۔",
               policy="پاس ورڈ کم از کم 14 حروف کا ہونا چاہیے اور ہر 90 دن بعد بدلا جاتا ہے۔"),
    "bn": dict(name="Bengali", phone="BD", iban="GB",
               ticket="ফোন নম্বর পরিবর্তনের পর রোগী পেশেন্ট পোর্টালে লগইন করতে পারছেন না।",
               callback="কলব্যাক নম্বর:", mail="ইমেইল:", close="অনুগ্রহ করে তাঁর সাথে যোগাযোগ করুন।",
               pw="অস্থায়ী পাসওয়ার্ড: {pw} — প্রথমবার লগইনের সময় এটি পরিবর্তন করুন।",
               appeal="পার্কিং জরিমানার বিরুদ্ধে আপিল নির্ধারিত সময়ের পরে জমা দেওয়া হয়েছে।",
               refund="টাকা ফেরত এই অ্যাকাউন্টে:",
               neg="রোগীকে ({mrn}) ওয়ার্ড {ward}, বেড {bed}-এ স্থানান্তর করা হয়েছে। ডোজ: {dose}।",
               policy="পাসওয়ার্ডে কমপক্ষে ১৪টি অক্ষর থাকতে হবে এবং প্রতি ৯০ দিনে বদলাতে হবে।"),
    "ta": dict(name="Tamil", phone="IN", iban="GB",
               ticket="தொலைபேசி எண்ணை மாற்றிய பிறகு நோயாளியால் நோயாளர் போர்ட்டலில் உள்நுழைய முடியவில்லை.",
               callback="திரும்ப அழைக்க வேண்டிய எண்:", mail="மின்னஞ்சல்:", close="தயவுசெய்து அவரைத் தொடர்பு கொள்ளவும்.",
               pw="தற்காலிக கடவுச்சொல்: {pw} — முதல் முறை உள்நுழையும்போது அதை மாற்றவும்.",
               appeal="வாகன நிறுத்த அபராதத்திற்கு எதிரான மேல்முறையீடு காலக்கெடு முடிந்த பிறகு சமர்ப்பிக்கப்பட்டது.",
               refund="பணம் திருப்பி அனுப்ப வேண்டிய கணக்கு:",
               neg="நோயாளி ({mrn}) வார்டு {ward}, படுக்கை {bed}-க்கு மாற்றப்பட்டார். மருந்தளவு: {dose}.",
               policy="கடவுச்சொல்லில் குறைந்தது 14 எழுத்துகள் இருக்க வேண்டும்; 90 நாட்களுக்கு ஒருமுறை மாற்றப்படும்."),
    "am": dict(name="Amharic", phone="ET", iban="GB",
               ticket="ታካሚው ስልክ ቁጥሩን ከቀየረ በኋላ ወደ ታካሚ ፖርታል መግባት አልቻለም።",
               callback="መልሶ መደወያ ቁጥር:", mail="ኢሜይል:", close="እባክዎ ያነጋግሩት።",
               pw="ጊዜያዊ የይለፍ ቃል: {pw} — በመጀመሪያ ሲገቡ ይቀይሩት።",
               appeal="የመኪና ማቆሚያ ቅጣት ይግባኝ የጊዜ ገደቡ ካለፈ በኋላ ቀርቧል።",
               refund="ገንዘቡ የሚመለስበት ሂሳብ:",
               neg="ታካሚው ({mrn}) ወደ ክፍል {ward}፣ አልጋ {bed} ተዛውሯል። መጠን: {dose}።",
               policy="የይለፍ ቃል ቢያንስ 14 ቁምፊዎች ሊኖሩት ይገባል፤ በየ90 ቀኑ ይቀየራል።"),
    "mn": dict(name="Mongolian", phone="MN", iban="GB",
               ticket="Утасны дугаараа сольсны дараа өвчтөн өвчтөний порталд нэвтэрч чадахгүй байна.",
               callback="Буцаж залгах дугаар:", mail="И-мэйл:", close="Түүнтэй холбогдоно уу.",
               pw="Түр нууц үг: {pw} — анх нэвтрэхдээ солино уу.",
               appeal="Зогсоолын торгуулийн талаарх гомдлыг хугацаа хэтэрсний дараа гаргасан.",
               refund="Буцаан олголт хийх данс:",
               neg="Өвчтөнийг ({mrn}) {ward} тасгийн {bed}-р орон руу шилжүүлсэн. Тун: {dose}.",
               policy="Нууц үг дор хаяж 14 тэмдэгттэй байх ёстой бөгөөд 90 хоног тутам солигдоно."),
}
LANG_ORDER = list(LANGS)
# A bilingual English lead-in is used for every language's ticket.

PW_KEYWORDS = [r"password", r"passwd", r"pwd", r"pass", r"passphrase", r"secret", r"token",
               r"psk", r"api[_-]?key", r"apikey", r"κωδικός(?: πρόσβασης)?", r"συνθηματικό",
               r"лозинка", r"lozinka", r"heslo", r"slaptažodis", r"lykilorð", r"cyfrinair",
               r"pasfhocal", r"contrasenya", r"wagwoord", r"iphasiwedi", r"رمز عبور", r"گذرواژه",
               r"پاس ورڈ", r"পাসওয়ার্ড", r"கடவுச்சொல்", r"የይለፍ ቃል", r"нууц үг", r"jelszó",
               r"parola", r"senha", r"contraseña", r"mot de passe", r"kennwort", r"salasana"]


# --- look-alikes ----------------------------------------------------------------------------


def mrn():
    return pick(["MRN ", "MRN: ", "HRN "]) + pick(["H", "T", ""]) + digits(7)


def nhs_number(spaced=True):
    while True:
        body = pick("4567") + digits(8)
        total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1)))
        check = 11 - total % 11
        if check == 11:
            check = 0
        if check == 10:
            continue
        value = body + str(check)
        return f"{value[:3]} {value[3:6]} {value[6:]}" if spaced else value


def icd10():
    return pick(["I21.4", "E11.65", "J18.9", "N17.9", "K35.80", "C50.9", "O80", "F32.1",
                 "M54.5", "Z87.891", "I48.91", "J44.1", "A41.9", "S72.00", "R07.4", "E87.1"])


def snomed():
    return pick(["22298006", "44054006", "38341003", "195967001", "73211009", "271737000",
                 "840539006", "386661006", "49436004", "233604007", "128053003", "59621000"])


def loinc():
    return pick([("2345-7", "Glucose"), ("718-7", "Hemoglobin"), ("2160-0", "Creatinine"),
                 ("4548-4", "HbA1c"), ("2823-3", "Potassium"), ("2951-2", "Sodium"),
                 ("33914-3", "eGFR"), ("6690-2", "WBC"), ("777-3", "Platelets"),
                 ("1742-6", "ALT"), ("1988-5", "CRP"), ("2085-9", "HDL")])


def dicom_uid(kind="study"):
    root = pick(["1.2.840.113619.2.55.3", "1.2.826.0.1.3680043.8.498", "1.3.12.2.1107.5.1.4",
                 "1.2.392.200036.9116.2.6.1.48"])
    return f"{root}.{R.randint(100000, 999999999)}.{R.randint(1000, 99999)}.{R.randint(1, 9999)}.{R.randint(10, 9999)}"


SOP_CLASSES = ["1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4", "1.2.840.10008.5.1.4.1.1.1",
               "1.2.840.10008.5.1.4.1.1.12.1", "1.2.840.10008.5.1.4.1.1.128"]
TRANSFER = ["1.2.840.10008.1.2.1", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.90"]


def accession():
    return pick(["ACC", "RAD", "HV"]) + pick(["26", "2026"]) + digits(6)


def hl7_control():
    return pick(["MSG", "HALV", ""]) + "2026031" + digits(9)


def student_id():
    return pick(["s", "S", "2026", "TU"]) + digits(7)


def case_ref(kind):
    return {
        "pcn": f"HV{digits(8)}",
        "parking": f"HCC/PKG/2026/{digits(6)}",
        "housing": f"HR-REP-26-{digits(5)}",
        "foi": f"FOI-2026-{digits(5)}",
        "pals": f"PALS-26-{digits(4)}",
        "complaint": f"CMP-{digits(6)}",
        "job": f"RJ-{digits(4)}-{digits(4)}",
        "asb": f"ASB/{digits(4)}/26",
    }[kind]


def grant_no():
    return pick([f"EP/Y0{digits(5)}/1", f"MR/Z50{digits(4)}/1", f"NIHR15{digits(4)}",
                 f"101{digits(6)}", f"BB/X0{digits(5)}/1", f"ES/Z{digits(6)}/1"])


def orcid():
    base = "0000000" + pick("123") + digits(7)
    total = 0
    for d in base:
        total = (total + int(d)) * 2
    check = (12 - total % 11) % 11
    value = base + ("X" if check == 10 else str(check))
    return "-".join(value[i:i + 4] for i in range(0, 16, 4))


def doi():
    return pick([f"10.1016/j.jhin.2025.0{digits(4)}", f"10.1136/bmjopen-2025-0{digits(5)}",
                 f"10.5281/zenodo.{digits(8)}", f"10.1186/s12913-025-{digits(5)}-{digits(1)}",
                 f"10.3310/{alnum(5, 'abcdefghjkmnpqrstuvwxyz')}{digits(4)}"])


def isbn13():
    body = "978" + pick("0189") + digits(8)
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body))
    value = body + str((10 - total % 10) % 10)
    return f"{value[:3]}-{value[3]}-{value[4:8]}-{value[8:12]}-{value[12]}"


def version():
    return f"{R.randint(1, 12)}.{R.randint(0, 40)}.{R.randint(0, 19)}"


def build4():
    """A four-part build number whose parts all fit in a byte (IPv4-shaped)."""
    while True:
        value = f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 12)}.{R.randint(11, 250)}"
        if ip_ok(value):
            return value


def sha(n=40):
    return hexs(n)


def ts(fmt="iso"):
    m, d = R.randint(1, 4), R.randint(1, 28)
    h, mi, s = R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    if fmt == "iso":
        return f"2026-{m:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
    if fmt == "hl7":
        return f"2026{m:02d}{d:02d}{h:02d}{mi:02d}{s:02d}"
    if fmt == "log":
        return f"2026-{m:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if fmt == "clf":
        mon = ["Jan", "Feb", "Mar", "Apr"][m - 1]
        return f"{d:02d}/{mon}/2026:{h:02d}:{mi:02d}:{s:02d} +0000"
    if fmt == "dmy":
        return f"{d:02d}/{m:02d}/2026"
    if fmt == "hm":
        return f"{h:02d}:{mi:02d}"
    raise ValueError(fmt)


def dob():
    return f"{R.randint(1, 28):02d}/{R.randint(1, 12):02d}/19{R.randint(40, 99)}"


def dose():
    return pick(["amoxicillin 500 mg PO TDS", "enoxaparin 40 mg SC OD", "paracetamol 1 g IV QDS",
                 "insulin glargine 18 units SC nocte", "furosemide 40 mg IV BD",
                 "metoprolol 25 mg PO BD", "ceftriaxone 2 g IV OD", "morphine 2.5 mg SC PRN",
                 "vancomycin 15 mg/kg IV", "levothyroxine 75 micrograms PO OD"])


def ward():
    return pick(["7B", "4A", "HDU", "AMU", "C2", "Ward 12", "Maternity 2", "ITU"])


def bed():
    return str(R.randint(1, 32))


def lab_values():
    return pick(["K+ 4.2 mmol/L, Na+ 139 mmol/L, urea 6.1 mmol/L, creatinine 88 µmol/L",
                 "Hb 118 g/L, WCC 11.4 ×10^9/L, plt 312 ×10^9/L, CRP 46 mg/L",
                 "HbA1c 53 mmol/mol (7.0%), fasting glucose 7.8 mmol/L",
                 "eGFR 58 mL/min/1.73m², ALT 34 U/L, bilirubin 12 µmol/L",
                 "INR 2.6, APTT 31 s, fibrinogen 3.1 g/L",
                 "troponin T 14 ng/L → 38 ng/L (Δ 24 over 3 h)"])


def filesize():
    return pick([f"{R.randint(100, 999)} MB", f"{R.randint(1, 9)}.{R.randint(0, 9)} GiB",
                 f"{R.randint(2, 90)} KiB", f"{R.randint(10, 900)} MiB"])


# --- validation -----------------------------------------------------------------------------

IBAN_LENGTHS = {"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
                "BH": 22, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22,
                "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27,
                "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21, "HU": 28,
                "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
                "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
                "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24,
                "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SC": 31,
                "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28, "TL": 23, "TN": 24,
                "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20}


def _ip_class(value):
    ip = ipaddress.ip_address(value)
    if ip.is_loopback or ip.is_unspecified:
        return "loopback"
    if any(ip in n for n in DOC_NETS) or ip.is_link_local:
        return "docip"
    return "ipv4" if ip.version == 4 else "ipv6"


def _det_ipv4(text):
    for m in re.finditer(r"(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?!\.?\d)", text):
        if all(int(g) <= 255 for g in m.groups()):
            yield _ip_class(m.group(0)), m.group(0)


def _det_ipv6(text):
    for m in re.finditer(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])", text):
        try:
            ipaddress.IPv6Address(m.group(0))
        except ValueError:
            continue
        yield _ip_class(m.group(0)), m.group(0)


def _det_regex(name, pattern, flags=0, check=None):
    rx = re.compile(pattern, flags)

    def detect(text):
        for m in rx.finditer(text):
            if check is None or check(m):
                yield name, m.group(0)
    return detect


def _digit_count(lo, hi):
    return lambda m: lo <= sum(c.isdigit() for c in m.group(0)) <= hi


CARD_GROUPINGS = {(4, 4, 4, 4), (4, 6, 5), (4, 6, 4), (4, 4, 4, 4, 3), (4, 4, 4, 3), (4, 4, 4, 2),
                  (4, 4, 4, 1), (4, 4, 5), (4, 4, 4, 4, 2), (4, 4, 4, 4, 1)}


def _det_luhn(text):
    for m in re.finditer(r"(?<![\d])\d+(?:[ -]\d+)*(?![\d])", text):
        groups = re.split(r"[ -]", m.group(0))
        for i in range(len(groups)):
            for j in range(i + 1, len(groups) + 1):
                part = groups[i:j]
                flat = "".join(part)
                if not 13 <= len(flat) <= 19:
                    continue
                if len(part) > 1 and tuple(len(g) for g in part) not in CARD_GROUPINGS:
                    continue
                if luhn_ok(flat):
                    yield "luhn", " ".join(part)


def _det_iban(text):
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})((?: ?[A-Z0-9]{1,4}){3,9})", text):
        compact = (m.group(1) + m.group(2) + m.group(3)).replace(" ", "")
        lengths = [IBAN_LENGTHS[m.group(1)]] if m.group(1) in IBAN_LENGTHS else range(15, 35)
        for n in lengths:
            if len(compact) >= n and iban_valid(compact[:n]):
                yield "iban", compact[:n]
                break


def _pw_value_ok(m):
    v = m.group("v")
    classes = sum(bool(re.search(p, v)) for p in (r"[^\W\d_]", r"\d", r"[^\w]|_"))
    return classes >= 2


def _entropy_ok(m):
    v = m.group(0)
    if not (re.search(r"[A-Z]", v) and re.search(r"[a-z]", v) and re.search(r"\d", v)):
        return False
    counts = Counter(v)
    h = -sum(c / len(v) * math.log2(c / len(v)) for c in counts.values())
    return h >= 3.8


_NAME_TOKENS = sorted(roster_tokens(), key=len, reverse=True)
_WORDY = [t for t in _NAME_TOKENS if all(unicodedata.category(c).startswith("L") for c in t)]
_MARKY = [t for t in _NAME_TOKENS if t not in _WORDY]
_NAME_RX = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in _WORDY) + r")(?!\w)", re.I)


def _det_names(text):
    for m in _NAME_RX.finditer(text):
        yield "name", m.group(0)
    for t in _MARKY:
        if t in text:
            yield "name", t


_PWKW = (r"(?i)(?<![^\W\d_])(?:" + "|".join(PW_KEYWORDS) + r")[\w\-]{0,20}[\"']?[ \t]*"
         r"(?:[:=]|=>|:=|[ \t](?:is|was|yw|je|er|és|ná|ithi|είναι)[ \t])[ \t]*[\"']?"
         r"(?P<v>[^\s\"'\x00,;<>{}()\[\]]{6,})")

DETECTORS = [
    _det_regex("email", r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    _det_ipv4, _det_ipv6,
    _det_regex("mac", r"(?<![\w:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![\w:-])"),
    _det_regex("phone", r"(?<![\w+])\+\d{1,3}(?:[\s().-]{0,3}\d){6,14}", 0, _digit_count(8, 16)),
    _det_regex("phone", r"(?<![\w.+/-])\(?0\d{1,4}\)?[ -]\d{2,5}(?:[ -]\d{2,5}){0,3}(?![\w.-]?\d)", 0,
               _digit_count(9, 15)),
    _det_regex("phone", r"(?<![\w.])\d{3}[ -]\d{3}[ -]\d{3,4}(?![\w.-]?\d)"),
    _det_regex("phone", r"\(\d{3}\)\s?\d{3}-\d{4}"),
    _det_luhn, _det_iban,
    _det_regex("vendor", r"sk-ant-|sk-proj-|\bsk-[A-Za-z0-9]{20}|ATATT|\b(?:AKIA|ASIA)[A-Z2-7]{16}\b|"
               r"AccountKey=[^;\x00\s]|dop_v1_|\bgh[pousr]_[A-Za-z0-9]{20}|github_pat_|glpat-|"
               r"AIza[0-9A-Za-z_-]{20}|\bhvs\.|\.atlasv1\.|\bhf_[A-Za-z]{20}|\bnpm_[A-Za-z0-9]{20}|"
               r"pypi-AgE|\bSG\.[\w-]{16,}\.|\bshp(?:at|ca|ss|pa)_|\bxox[abposr]-|"
               r"hooks\.slack\.com/services/|\b(?:sk|rk|pk)_live_|\bwhsec_|\bSK[0-9a-f]{32}\b|"
               r"\bAC[0-9a-f]{32}\b|NRAK-|GOCSPX-"),
    _det_regex("jwt", r"eyJ[A-Za-z0-9_-]{8,}"),
    _det_regex("pem", r"-----BEGIN [A-Z0-9 ]+-----|PRIVATE KEY"),
    _det_regex("urlcred", r"[A-Za-z][A-Za-z0-9+.-]*://[^\s/@:\x00]*:[^\s/@\x00]+@"),
    _det_regex("bearer", r"\b(?:Bearer|Basic|Token|token)\s+(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}"),
    _det_regex("pwkw", _PWKW, 0, _pw_value_ok),
    _det_regex("pwflag", r"(?:\s-p|--password[= ]|\s-a |/pass:|/p:|--pass[= ]|-pass )['\"]?(?P<v>(?=[^\s'\"\x00]*\d)(?=[^\s'\"\x00]*[A-Za-z])[^\s'\"\x00]{6,})"),
    _det_regex("entropy", r"[A-Za-z0-9+/=_\-]{20,}", 0, _entropy_ok),
    _det_regex("ssn", r"(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])"),
    _det_names,
]


def scan(text):
    hits = []
    for det in DETECTORS:
        hits.extend(det(text))
    return hits


PHONE_CCS = {cc for cc, _, _ in PHONES.values()}


def check_phone(value):
    if not re.fullmatch(r"[+(]?[0-9][0-9 ()./-]*[0-9]", value):
        return "characters"
    flat = re.sub(r"\D", "", value.replace("(0)", ""))
    if value.startswith("00"):
        flat = flat[2:]
        value = "+" + value[2:]
    if value.startswith("+"):
        for cc in sorted(PHONE_CCS, key=len, reverse=True):
            if flat.startswith(cc):
                if len(flat) - len(cc) in CC_NSN[cc]:
                    return None
                return f"length {len(flat) - len(cc)} after +{cc}"
        return "calling code"
    return None if 7 <= len(flat) <= 12 else f"{len(flat)} digits"


def check_card(value):
    if not re.fullmatch(r"\d+(?:[ -]\d+)*", value):
        return "characters"
    flat = re.sub(r"\D", "", value)
    if not luhn_ok(flat):
        return "luhn"
    if flat in TEST_CARDS:
        return "published test number"
    for brand, (prefixes, lengths) in CARD_BRANDS.items():
        if len(flat) in lengths and any(flat.startswith(p) for p in prefixes):
            return None
    return "brand"


def check_jwt(value):
    parts = value.split(".")
    if len(parts) != 3:
        return "parts"
    try:
        header = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
        json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except ValueError:
        return "decode"
    return None if "alg" in header else "alg"


def check_vendor(vendor, value):
    pats = VENDOR_FORMATS.get(vendor)
    if not pats:
        return "unknown vendor"
    if not any(re.fullmatch(p, value) for p in pats):
        return "format"
    if re.fullmatch(r"(gh[pos]|npm)_[A-Za-z0-9]{36}", value):
        body = value.split("_", 1)[1]
        if gh_checksum(body[:30]) != body[30:]:
            return "crc32"
    return None


PLACEHOLDER = re.compile(r"\$\{|\{\{|<[a-z]|\*\*\*|x{6}|changeme|password123|REPLACE|example", re.I)


def check_value(kind, value):
    if "\n" in value and kind != "private_key":
        return "line break"
    if kind == "email":
        return None if re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+", value) else "shape"
    if kind == "phone":
        return check_phone(value)
    if kind == "credit_card":
        return check_card(value)
    if kind == "iban":
        c = value.replace(" ", "")
        if c[:2] not in IBAN_FORMATS or len(c) != IBAN_FORMATS[c[:2]][0]:
            return "length"
        return None if iban_valid(c) else "mod-97"
    if kind == "ip_address":
        try:
            cls = _ip_class(value)
        except ValueError:
            return "parse"
        return None if cls in ("ipv4", "ipv6") else cls
    if kind == "ssn":
        m = re.fullmatch(r"(\d{3})-(\d{2})-(\d{4})", value)
        if not m:
            return "shape"
        a, g, s = (int(x) for x in m.groups())
        if a == 0 or a == 666 or a >= 900 or g == 0 or s == 0:
            return "range"
        return None if value not in ("123-45-6789", "078-05-1120", "219-09-9999") else "famous"
    if kind == "mac_address":
        return None if re.fullmatch(r"[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}", value) else "shape"
    if kind == "private_key":
        m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |)PRIVATE KEY)-----(?:\n|\\n)[A-Za-z0-9+/=\n\\]+(?:\n|\\n)-----END \1-----", value)
        return None if m else "armour"
    if kind == "jwt":
        return check_jwt(value)
    if kind == "password":
        if len(value) < 8 or PLACEHOLDER.search(value) or value != value.strip():
            return "weak or placeholder"
        return None
    if kind == "url_credentials":
        return None if ":" in value and "@" not in value and "/" not in value else "shape"
    if kind.startswith("api_key/"):
        return check_vendor(kind.split("/", 1)[1], value)
    if kind == "person":
        return None
    return "kind"


def person_ok(ln, value):
    people = ln["people"]
    if any(value in (p["display_name"], p["email"], p["account_id"]) for p in people):
        return None
    emails = [v for k, _, _, v in ln["spans"] if k == "email"]
    locals_ = [re.sub(r"[^a-z]", "", e.split("@")[0].lower()) for e in emails]
    tokens = [t for t in re.split(r"[\s,^;()]+", value) if t]
    if not tokens:
        return "empty"
    for loc in locals_:
        good = True
        for t in tokens:
            pieces = TOKMAP.get(t.casefold()) or [translit(t)]
            if t.casefold() in PARTICLES and translit(t) not in loc:
                continue
            if not all(p and p in loc for p in pieces):
                good = False
                break
        if good:
            return None
    return "neither listed nor beside an address spelling it"


def validate(lines):
    errors = []
    seen_text = set()
    for ln in lines:
        where = f"{ln['template']}: {ln['text'][:70]!r}"
        if ln["text"] in seen_text:
            errors.append(f"{where}: duplicate text")
        seen_text.add(ln["text"])
        data = ln["text"].encode()
        last = 0
        people_emails = {p["email"] for p in ln["people"]}
        for kind, start, end, value in sorted(ln["spans"], key=lambda s: s[1]):
            if start < last:
                errors.append(f"{where}: overlapping spans at {value!r}")
            last = end
            if data[start:end].decode() != value:
                errors.append(f"{where}: offsets of {value!r}")
            if not value:
                errors.append(f"{where}: empty {kind}")
                continue
            problem = check_value(kind, value)
            if problem:
                errors.append(f"{where}: {kind} {value!r}: {problem}")
            if kind == "person":
                problem = person_ok(ln, value)
                if problem:
                    errors.append(f"{where}: person {value!r}: {problem}")
            if kind == "email" and value in people_emails:
                errors.append(f"{where}: listed person's address labelled email: {value!r}")
            before = data[:start].decode()[-1:]
            after = data[end:].decode()[:1]
            if kind in ("email", "phone", "credit_card", "iban", "ip_address", "ssn", "mac_address",
                        "jwt", "url_credentials") or kind.startswith("api_key/"):
                if re.match(r"[\w]", before) or re.match(r"[\w]", after):
                    if not (kind == "url_credentials" or (kind.startswith("api_key/") and before == "_")):
                        errors.append(f"{where}: {kind} {value!r} glued to {before!r}/{after!r}")
            if kind == "url_credentials":
                if not data[:start].decode().endswith("://") or after != "@":
                    errors.append(f"{where}: url_credentials {value!r} not in scheme://...@")
            if kind == "person" and (re.match(r"[^\W\d_]", before) or re.match(r"[^\W\d_]", after)):
                errors.append(f"{where}: person {value!r} glued to {before!r}/{after!r}")
        for name, hit in scan(ln["residual"]):
            errors.append(f"{where}: unlabelled {name} {hit!r}")
        for _, _, look in ln["looks"]:
            for name, hit in scan(look.text):
                if name not in look.allow or name == "docip":
                    errors.append(f"{where}: look-alike {look.note!r} holds undeclared {name} {hit!r}")
    return errors


# --- template helpers -----------------------------------------------------------------------


def sp(s):
    return ("person", s.display)


def se(s):
    return ("person", s.email)


def sid(s):
    return ("person", s.account_id)


def nm(value):
    return ("person", value)


def fmt(template, **kw):
    """Splits `template` at {name} and puts the pieces of kw there."""
    out, pos = [], 0
    for m in re.finditer(r"\{(\w+)\}", template):
        out.append(template[pos:m.start()])
        out.append(kw[m.group(1)])
        pos = m.end()
    out.append(template[pos:])
    return out


def cust(lang=None, country=None, exclude=()):
    pool = CUSTOMERS
    if lang:
        pool = BY_LANG[lang]
    elif country:
        pool = BY_COUNTRY[country]
    pool = [p for p in pool if p not in exclude] or pool
    return R.choice(pool)


def plate():
    return f"{pick(['HV', 'TW', 'HN'])}{R.randint(10, 75)} {alnum(3, 'ABCDEFGHJKLMNPRSTUVWXYZ')}"


def bic(country):
    return {"GB": "NWBKGB2L", "IE": "AIBKIE2D", "GR": "ETHNGRAA", "TR": "TCZBTR2A", "FI": "NDEAFIHH",
            "CZ": "KOMBCZPP", "SK": "GIBASKBX", "HR": "ZABAHR2X", "RS": "AIKBRS22", "LT": "CBVILT2X",
            "IS": "NBIIISRE", "PK": "HABBPKKA", "AZ": "IBAZAZ2X", "GE": "BAGAGE22", "ME": "CKBCMEPG"}[country]


GB_BICS = {"NWBK": "NWBKGB2L", "BARC": "BARCGB22", "LOYD": "LOYDGB2L", "HBUK": "HBUKGB4B",
           "AIBK": "AIBKIE2D", "BOFI": "BOFIIE2D", "IPBS": "IPBSIE2D", "ULSB": "ULSBIE2D"}


def bic_for(value):
    """The BIC that goes with an IBAN (by its bank code where the IBAN holds one)."""
    c = value.replace(" ", "")
    return GB_BICS.get(c[4:8]) or bic(c[:2])


def ticket_key(project):
    return f"{project}-{R.randint(1000, 19999)}"


HOSTS = ["pacs-arch01", "pacs-arch02", "lis-int01", "epr-app03", "portal-web02", "mirth-prd01",
         "sis-db01", "case-app01", "jump01", "k8s-node07", "ris-app02", "hl7-gw01"]


def host(suffix=None):
    return pick(HOSTS) + "." + (suffix or pick(["halvern.internal", "hrhcs.local", "dc1.halvern.internal"]))


def words_join(parts, sep=", "):
    out = []
    for i, p in enumerate(parts):
        if i:
            out.append(sep)
        out.append(p)
    return out


# --- positive templates ---------------------------------------------------------------------

PORTAL_STAFF = ["Aoife Ní Mhurchú", "Harriet Pembrook", "Phạm Thị Thu Hằng", "Nemanja Jovanović"]


def t_portal_ticket(lang):
    Lg = LANGS[lang]
    agent, helper = staff(*R.sample(PORTAL_STAFF, 2))
    p = cust(lang)
    em = p.email()
    ph = phone(Lg["phone"], pick(["nat", "intl", "e164", "natparen"]))
    pieces = [ticket_key("PORTAL"), " · Patient portal: cannot sign in after changing mobile number\n",
              "Reporter: ", sp(agent), " · Language of contact: ", Lg["name"], "\n\n",
              Lg["ticket"], "\n", nm(p.full), " — ", Lg["mail"], " ", ("email", em), "\n",
              Lg["callback"], " ", ("phone", ph), "\n"]
    if R.random() < 0.5:
        pieces += ["UK mobile on file: ", ("phone", phone("GB", pick(["nat", "intl"]), mobile=True)), "\n"]
    pieces += [Lg["close"], "\n\n",
               "Internal note: identity checked against ", L(mrn(), "MRN"), " and DOB ", dob(),
               "; ", "[~accountid:", sid(helper), "] please reset the MFA factor, the old number is still bound."]
    line("portal_ticket", pieces, [agent, helper])


def t_temp_password(lang):
    Lg = LANGS[lang]
    agent = staff()
    p = cust(lang)
    pw = password(pick(["words", "native", "mixed", "simple"]))
    ph = phone(Lg["phone"], pick(["intl", "e164"]))
    kind = R.random()
    if kind < 0.5:
        pieces = ["SMS gateway log ", ts("log"), " to=", ("phone", ph), " tpl=portal_reset_", lang,
                  " status=DELIVERED\n", "body: ", fmt(Lg["pw"], pw=("password", pw)), "\n",
                  "requested by ", sp(agent), " for ", nm(p.full), " <", ("email", p.email()), ">"]
    else:
        pieces = ["Comment by ", sp(agent), ": account unlocked for ", nm(p.full), " (",
                  ("email", p.email()), "). I read the text below to them over the phone (",
                  ("phone", ph), ") because the SMS bounced:\n\n> ",
                  fmt(Lg["pw"], pw=("password", pw))]
    line("temp_password", pieces, [agent])


def t_council_appeal(lang):
    Lg = LANGS[lang]
    officer = staff(pick(["Ivana Kovačević", "তানজিলা হোসেন", "Callum Dewhirst"]))[0]
    p = cust(lang)
    em = p.email()
    cc = Lg["iban"]
    acct = iban(cc)
    the_bic = bic_for(acct)
    pieces = ["Case ", L(case_ref("parking"), "case reference"), " · PCN ", L(case_ref("pcn"), "penalty charge notice number"),
              " · vehicle ", L(plate(), "licence plate"), "\n",
              "Appellant: ", nm(p.full), " <", ("email", em), ">, ", ("phone", phone(Lg["phone"], pick(["intl", "e164", "dash"]))),
              "\nStatement (", Lg["name"], "): ", Lg["appeal"], "\n",
              "Officer note (", sp(officer), "): appeal accepted on discretion, refund £70.00.\n",
              Lg["refund"], " ", ("iban", acct), " (BIC ", L(the_bic, "BIC"), ")"]
    line("council_appeal", pieces, [officer], staff_sample(1, [officer]) if R.random() < 0.3 else ())


def hl7ts():
    return L(ts("hl7"), "HL7 timestamp", "luhn")


def _hl7_pid(p, ssn_value=None, with_email=True):
    ph = phone(p.country, pick(["intl", "e164"]))
    xtn = [("phone", ph), "^PRN^", pick(["CP", "PH"])]
    if with_email:
        xtn += ["~^NET^Internet^", ("email", p.email())]
    sex, title = pick([("F", "MS"), ("F", "MRS"), ("M", "MR"), ("U", "MX")])
    pid = ["PID|1||", L(pick(["H", "T"]) + digits(7), "MRN"), "^^^HALV^MR~", L(nhs_number(False), "NHS-like number"),
           "^^^NHS^NH||", nm(translit(p.lat_family).upper()), "^", nm(translit(p.lat_given).upper()),
           "^^^", title, "^^L||", f"19{R.randint(40, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}",
           "|", sex, "|||", f"{R.randint(1, 140)} {pick(['Orchard Row', 'Quarry Lane', 'Mill Street', 'Tannery Walk'])}",
           "^^Halvern^^HV", str(R.randint(1, 9)), " ", str(R.randint(1, 9)), alnum(2, "ABDEFGHJLNPQRSTUWXYZ"), "^GBR^H||"] + xtn
    pid += ["|||||||", ("ssn", ssn_value) if ssn_value else "", "|||||||N"]
    return pid


def t_hl7_adt():
    eng = staff(pick(["Σταύρος Παπαδημητρίου", "ሰላማዊት ተስፋዬ", "Nemanja Jovanović"]))[0]
    src = ip_private()
    msgs = []
    for _ in range(pick([1, 1, 2])):
        p = cust()
        us = p.country == "US" and R.random() < 0.8
        sep = pick(["\n", "\r\n"])
        trig = pick(["A04", "A08", "A31", "A28"])
        msg = ["MSH|^~\\&|HALV_PAS|HALVERN|LIS|HALVLAB|", hl7ts(), f"||ADT^{trig}^ADT_A01|", L(hl7_control(), "HL7 control id", "luhn"),
               "|P|2.5.1|||AL|NE|GBR|UNICODE UTF-8", sep,
               f"EVN|{trig}|", hl7ts(), sep] + _hl7_pid(p, ssn() if us else None) + [sep]
        if R.random() < 0.5:
            msg += ["NK1|1||", pick(["SPO^Spouse", "MTH^Mother", "CHD^Child"]), "^HL70063||", ("phone", phone(p.country, "intl")), "^PRN^PH", sep]
        msg += ["PV1|1|", pick(["O", "I", "E"]), "|", pick(["OPD^R12^B3^HALV", "AMU^BAY2^4^HALV", "ED^RESUS^1^HALV"]),
                "||||", L("D0" + digits(4), "consultant code"), "^^^^^^^^^^^^DOCNUM|||||||||||", L(digits(10), "visit number"), sep]
        msgs.append(msg)
    pieces = [ticket_key("INTEG"), " inbound ADT rejected by the LIS after the weekend upgrade\n",
              "Assignee: ", sp(eng), "\nMLLP peer ", ("ip_address", src), ":2575, ACK code AE (segment PID, field 13 too long).\n{code}\n"]
    for m in msgs:
        pieces += m
    pieces += ["{code}"]
    line("hl7_adt", pieces, [eng])


def t_fhir_patient():
    dev = staff(pick(["Phạm Thị Thu Hằng", "Nemanja Jovanović", "Σταύρος Παπαδημητρίου", "Jussi Häkkinen"]))[0]
    p = cust()
    em = p.email()
    ph = phone(p.country, pick(["intl", "e164"]))
    lang_code = {"el": "el", "sr": "sr", "hr": "hr", "sk": "sk", "lt": "lt", "is": "is", "cy": "cy",
                 "ga": "ga", "ca": "ca", "af": "af", "zu": "zu", "fa": "fa", "ur": "ur", "bn": "bn",
                 "ta": "ta", "am": "am", "mn": "mn", "en": "en", "ko": "ko", "vi": "vi", "tr": "tr",
                 "fi": "fi", "cs": "cs", "ka": "ka", "az": "az"}[p.lang]
    given = [nm(g) for g in p.given.split(" ")] if p.lang == "vi" else [nm(p.given)]
    given_json = words_join([['"', g, '"'] for g in given])
    pieces = [ticket_key("FHIR"), " — duplicate Patient created by the portal sign-up flow; payload below (", sp(dev), ")\n",
              "```json\n{\n",
              '  "resourceType": "Patient",\n',
              '  "id": "', L(uuid(), "resource id"), '",\n',
              '  "meta": { "versionId": "', str(R.randint(1, 9)), '", "lastUpdated": "', ts("iso"), '" },\n',
              '  "identifier": [ { "system": "https://fhir.halvernhealth.org/id/mrn", "value": "', L(pick("HT") + digits(7), "MRN"), '" } ],\n',
              '  "name": [ { "use": "official", "text": "', nm(p.full), '", "family": "', nm(p.family), '", "given": [ ', given_json, " ] } ],\n",
              '  "telecom": [\n',
              '    { "system": "phone", "value": "', ("phone", ph), '", "use": "mobile" },\n',
              '    { "system": "email", "value": "', ("email", em), '" }\n  ],\n',
              '  "gender": "', pick(["female", "male", "unknown"]), '",\n',
              '  "birthDate": "19', str(R.randint(40, 99)), "-", f"{R.randint(1, 12):02d}-{R.randint(1, 28):02d}", '",\n',
              '  "communication": [ { "language": { "coding": [ { "system": "urn:ietf:bcp:47", "code": "', lang_code, '" } ] } } ]\n',
              "}\n```"]
    line("fhir_patient", pieces, [dev])


def t_fhir_practitioner():
    dev = staff(pick(["Phạm Thị Thu Hằng", "Nemanja Jovanović", "Jussi Häkkinen"]))[0]
    doc = staff_sample(1, [dev])[0]
    ph = phone("GB", pick(["intl", "e164"]), mobile=False)
    pieces = ["Practitioner sync from the ESR feed overwrote the work number. Current resource:\n{code:json}\n",
              '{"resourceType":"Practitioner","id":"', L(uuid(), "resource id"), '","active":true,',
              '"identifier":[{"system":"https://fhir.halvernhealth.org/id/staff","value":"', L("E" + digits(6), "staff number"), '"}],',
              '"name":[{"text":"', sp(doc), '"}],',
              '"telecom":[{"system":"email","value":"', se(doc), '","use":"work"},{"system":"phone","value":"', ("phone", ph), '","use":"work"}]}\n',
              "{code}\n", "Raised by ", sp(dev), "; ESR job id ", L(uuid(), "job id"), "."]
    line("fhir_practitioner", pieces, [dev, doc])


def t_fhir_curl_jwt():
    dev = staff()
    token_ = jwt()
    secret = password(pick(["random", "simple"]))
    pieces = ["Reproduced the 401 from the SMART app. Token request and the failing call:\n\n",
              "curl -s https://auth.halvernhealth.org/realms/portal/protocol/openid-connect/token \\\n",
              "  -d grant_type=client_credentials -d client_id=lab-results-bridge \\\n",
              "  -d client_secret=", ("password", secret), "\n\n",
              "curl -s -H 'Authorization: Bearer ", ("jwt", token_), "' \\\n",
              "  'https://fhir.halvernhealth.org/r4/Observation?patient=", L(uuid(), "patient resource id"), "&category=laboratory'\n\n",
              "Response: 401 invalid_token (aud mismatch). — ", sp(dev)]
    line("fhir_curl_jwt", pieces, [dev])


def t_pacs_log():
    admin = staff("Owen Tregarthen")[0]
    mod_ip, arch_ip, vna_ip = ip_private(), ip_private(), ip_private()
    pw1, pw2 = password(pick(["random", "words"])), password("url")
    study = dicom_uid()
    pieces = ["C-STORE failures from ", pick(["CT2", "MR1", "US4", "DX3"]), " since 02:10 — ", sp(admin), "\n{noformat}\n",
              ts("log"), ".412 WARN [dcm4chee-arc] Association from ", pick(["CT2_HALV", "MR1_HALV", "US4_TARROW"]), " (",
              ("ip_address", mod_ip), ":104 -> ", ("ip_address", arch_ip), ":11112) rejected: called AE title PACS_ARCH2 unknown\n",
              ts("log"), ".003 INFO [storescu] Study ", L(study, "DICOM StudyInstanceUID"), " accession ", L(accession(), "accession number"),
              ", ", str(R.randint(80, 900)), " instances, ", filesize(), "\n",
              ts("log"), ".118 INFO [storescu] SOP class ", L(pick(SOP_CLASSES), "DICOM SOP class UID"), " ts=", L(pick(TRANSFER), "transfer syntax UID"), "\n",
              "{noformat}\n",
              "Orthanc on the VNA (", ("ip_address", vna_ip), ") still has the vendor login in orthanc.json: ",
              '"RegisteredUsers": { "pacsadmin": "', ("password", pw1), '" }', " and the DICOMweb proxy points at https://",
              ("url_credentials", "viewer:" + pw2), "@vna01.halvern.internal/dicom-web — both to be moved to Vault."]
    line("pacs_log", pieces, [admin])


def t_lab_error():
    who = staff(pick(["Драгана Милошевић", "ሰላማዊት ተስፋዬ"]))[0]
    dba = staff("Pieter van der Westhuizen")[0]
    db_ip = ip_private()
    pw1, pw2 = password(pick(["random", "simple", "mixed"])), password("simple")
    pieces = ["LIS → EPR result feed down, ", str(R.randint(40, 900)), " ORU messages queued. Log from ", host(), ":\n{code}\n",
              ts("log"), " ERROR LisBridge.OruSender - post ORU^R01 ctrl=", L(hl7_control(), "HL7 control id", "luhn"), " failed\n",
              "System.Data.SqlClient.SqlException (0x80131904): Login failed for user 'lis_iface'.\n",
              "   at System.Data.SqlClient.SqlInternalConnectionTds..ctor(DbConnectionPoolIdentity identity)\n",
              "   at LisBridge.Db.Open() in D:\\build\\LisBridge\\Db.cs:line 88\n",
              "ConnectionString: Server=", ("ip_address", db_ip), ",1433;Database=LIS_PRD;User Id=lis_iface;Password=", ("password", pw1),
              ";Encrypt=True;TrustServerCertificate=False\n{code}\n",
              "Fallback to the Oracle replica uses lis_ro/", ("password", pw2), "@//ora-lis01.halvern.internal:1521/LISPRD and works. ",
              "Analyte ", L(loinc()[0], "LOINC code"), " results are the oldest in the queue. ", sp(who), " → ", sp(dba), " for the login."]
    line("lab_error", pieces, [who, dba])


SMS_BODIES = {
    "en": "Reminder: {clinic} appt {date} {time}. Reply C to cancel.",
    "el": "Υπενθύμιση: ραντεβού {clinic} στις {date} {time}.",
    "cy": "Nodyn atgoffa: apwyntiad {clinic} {date} {time}.",
    "ga": "Meabhrúchán: coinne {clinic} {date} {time}.",
    "ur": "یاد دہانی: {clinic} میں ملاقات {date} {time}",
    "bn": "স্মরণ করিয়ে দেওয়া: {clinic} অ্যাপয়েন্টমেন্ট {date} {time}",
    "pl": "Przypomnienie: wizyta {clinic} {date} {time}.",
    "is": "Áminning: tími á {clinic} {date} kl. {time}.",
    "lt": "Priminimas: vizitas {clinic} {date} {time}.",
    "so": "Xasuusin: ballan {clinic} {date} {time}.",
}


def t_sms_log():
    eng = staff()
    rows = []
    countries = R.sample(["GB", "GB", "IE", "GR", "PK", "BD", "IN", "LT", "IS", "ET", "ZA", "RS", "HR", "SK", "TR", "VN", "KR", "IR", "MN", "AZ", "GE", "FI", "CZ", "ES", "LK", "LK", "CA", "US"], R.randint(5, 8))
    for c in countries:
        lang = pick(list(SMS_BODIES))
        body = SMS_BODIES[lang].format(clinic=pick(["Fracture Clinic", "Diabetes 3B", "Eye Unit", "Phlebotomy"]),
                                       date=ts("dmy")[:5], time=ts("hm"))
        rows += [ts("iso"), ",", ("phone", phone(c, pick(["e164", "e164", "intl"]))), ",appt_reminder_", lang, ',"', body, '",',
                 pick(["delivered", "delivered", "undelivered", "failed-30007"]), ",", L("SM" + hexs(32), "Twilio message SID", "entropy", "luhn"), "\n"]
    pieces = ["Export of yesterday's reminder sends for the carrier complaint (", sp(eng), "):\n",
              "sent_at,to,template,body,status,message_sid\n"] + rows
    if R.random() < 0.6:
        pieces += ["\nThe resend job runs with TWILIO_API_KEY=", ("api_key/twilio", token("twilio", "sid")),
                   " TWILIO_API_SECRET=", ("api_key/twilio", token("twilio", "secret")), " from the cron on ", host(), "."]
    line("sms_log", pieces, [eng])


def t_sis_export():
    admin = staff(pick(["Zuzana Hrušovská", "Kateřina Dvořáková", "فرزانه رحیمی"]))[0]
    people = R.sample(CUSTOMERS, R.randint(3, 5))
    native = R.random() < 0.5
    sepc = pick([",", ";", "\t"])
    rows = []
    for p in people:
        fam = p.family if native else p.lat_family
        giv = p.given if native else p.lat_given
        em = p.email(pick(["student.tarrowmouth.ac.uk", None]))
        rows += [L(student_id(), "student id"), sepc, nm(fam), sepc, nm(giv), sepc, ("email", em), sepc,
                 ("phone", phone(p.country, pick(["e164", "intl"]))), sepc, pick(["MSc Public Health", "BSc Nursing", "PhD Epidemiology", "MEng Biomedical", "LLM Health Law"]),
                 sepc, pick(["Home", "Overseas", "Overseas", "EU-settled"]), sepc, pick(["2025/26", "2026/27"]), "\n"]
    header = sepc.join(["student_id", "family_name", "given_names", "email", "mobile", "programme", "fee_status", "intake"])
    pieces = ["SIS extract attached for the visa-compliance audit (", sp(admin), "), first rows pasted:\n{noformat}\n", header, "\n"] + rows + [
        "{noformat}\n", "Please delete the extract from Downloads once the audit sample is chosen."]
    line("sis_export", pieces, [admin])


def t_grant():
    pi = staff(pick(["Jordi Puigcercós", "권도현", "Itziar Etxeberria"]))[0]
    officer = staff("Jordi Puigcercós")[0] if pi.display != "Jordi Puigcercós" else staff("Kateřina Dvořáková")[0]
    co = cust()
    cc = next_iban_country()
    sub = iban(cc)
    pieces = ["h2. Grant application ", L(f"HV-RG-2026-{digits(3)}", "internal grant id"), " — remote monitoring of heart failure in rural Halvern\n",
              "|| Role || Name || Contact ||\n",
              "| PI | ", sp(pi), " | ", se(pi), " (ORCID ", L(orcid(), "ORCID iD", "luhn", "phone"), ") |\n",
              "| Co-I (partner site) | ", nm(co.full), " | ", ("email", co.email()), ", ", ("phone", phone(co.country, pick(["intl", "intl0", "nat"]))), " |\n\n",
              "Funder reference ", L(grant_no(), "grant number"), "; pilot paper DOI ", L(doi(), "DOI"), "; protocol ", L(f"ISRCTN{digits(8)}", "trial registration"), ".\n",
              "Award payments: University of Tarrowmouth research account ", ("iban", iban("GB")), ".\n",
              "Sub-award to the partner institution (", cc, "): ", [("iban", sub), ", BIC ", L(bic_for(sub), "BIC")], ".\n",
              "Checked by ", sp(officer), "."]
    line("grant", pieces, [pi, officer])


def t_housing_repair():
    lead = staff(pick(["Thandeka Mthembu", "Ivana Kovačević"]))[0]
    p = cust(pick(["en", "cy", "ur", "bn", "so"] if False else ["en", "cy", "ur", "bn", "ga", "am", "fa", "zu"]))
    em = p.email()
    pieces = ["Repair job ", L(case_ref("job"), "repair job number"), " / case ", L(case_ref("housing"), "housing case reference"),
              " — damp and mould, flat ", str(R.randint(1, 24)), ", ", str(R.randint(2, 90)), " ", pick(["Tannery Walk", "Quarry Lane", "Mill Street", "Foundry Court"]), "\n",
              "Tenant: ", nm(p.full), " (", ("email", em), "), mobile ", ("phone", phone("GB", pick(["nat", "intl"]), mobile=True)),
              ", work ", ("phone", phone("GB", "nat", mobile=False)), "\n",
              "Contractor: Halvern Property Care, out-of-hours line ", ("phone", phone("GB", pick(["nat", "intl0", "natparen"]), mobile=False)), "\n",
              "Surveyor visit ", ts("dmy"), " ", f"{R.randint(8, 16):02d}:{pick(['00', '15', '30', '45'])}", "; humidity 78 %, mould class 3, ", pick(["two", "three"]), " rooms affected.\n",
              "Compensation for spoiled food approved (£145.00) to ", ("iban", iban(pick(["GB", "GB", "IE"]))), ". Owner: ", sp(lead)]
    line("housing_repair", pieces, [lead])


def t_foi():
    officer = staff("Rhiannon ap Gwilym")[0]
    cc_staff = staff_sample(1, [officer])[0]
    p = cust()
    em = p.email()
    ip = pick([ip_public(), ip6_public()])
    mid = f"<{hexs(12).upper()}.{digits(6)}@{pick(['mail.gmail.com', 'outlook.com', 'mx.proton.me'])}>"
    pieces = ["FOI ref ", L(case_ref("foi"), "FOI reference"), " · assigned to ", sp(officer), "\n\n",
              "Return-Path: <", ("email", em), ">\n",
              "Received: from ", pick(["mail-ed1-f52.google.com", "EUR05-AM6-obe.outbound.protection.outlook.com", "mail-4317.proton.ch"]),
              " ([", ("ip_address", ip), "])\n\tby mx1.halverncouncil.org with ESMTPS id ", L(alnum(12, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"), "queue id"), "\n",
              'From: "', nm(p.full), '" <', ("email", em), ">\n",
              "To: ", ("email", "foi@halverncouncil.org"), "\n",
              "Cc: ", se(cc_staff), "\n",
              "Subject: Freedom of Information request - CCTV maintenance contracts 2023-2025\n",
              "Message-ID: ", L(mid, "Message-ID", "email"), "\n\n",
              "Dear FOI team,\nplease send me the contract values and renewal dates for CCTV maintenance. ",
              "You can reply to this address or call me on ", ("phone", phone(p.country, pick(["intl", "nat", "00", "natparen"]))), ".\n\nKind regards,\n", nm(p.full)]
    line("foi", pieces, [officer, cc_staff])


def t_ldif():
    admin = staff(pick(["Guðrún Sigurðardóttir", "Callum Dewhirst", "عمران قریشی"]))[0]
    people = R.sample(CUSTOMERS, R.randint(2, 3))
    pieces = ["New-starter import failed on the second entry (constraint violation on unicodePwd). File as run by ", sp(admin), ":\n{code}\n"]
    for p in people:
        g, f = ascii_fold(p.lat_given), ascii_fold(p.lat_family)
        full = f"{g} {f}"
        org = pick(["halvernhealth.org", "halverncouncil.org"])
        pw = password(pick(["words", "random", "mixed"]))
        enc = b64(('"' + pw + '"').encode("utf-16-le"))
        pieces += ["dn: CN=", nm(full), ",OU=NewStarters,OU=Users,DC=hrhcs,DC=local\n",
                   "changetype: add\nobjectClass: user\n",
                   "cn: ", nm(full), "\n", "sn: ", nm(f), "\n", "givenName: ", nm(g), "\n",
                   "displayName: ", nm(full), "\n",
                   "mail: ", ("email", f"{translit(g)}.{translit(f)}@{org}"), "\n",
                   "telephoneNumber: ", ("phone", phone("GB", pick(["intl", "nat"]), mobile=False)), "\n",
                   "mobile: ", ("phone", phone(pick(["GB", p.country]), "intl", mobile=True)), "\n",
                   "employeeID: ", L("E" + digits(6), "employee number"), "\n",
                   "unicodePwd:: ", ("password", enc), "\n\n"]
    pieces += ["{code}"]
    line("ldif", pieces, [admin])


def t_k8s_secret():
    eng = staff(pick(["கார்த்திகேயன் சுப்பிரமணியன்", "Rūta Kazlauskienė", "Jussi Häkkinen"]))[0]
    app = pick(["orthanc", "mirth-connect", "patient-portal", "case-mgmt", "sis-sync", "lab-bridge"])
    pw1, pw2, pw3 = password("simple"), password(pick(["random", "words"])), password("random")
    pieces = ["Found this committed in the ", app, " chart repo (", sp(eng), "); rotating now.\n```yaml\n",
              "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ", app, "-db\n  namespace: ", pick(["clinical", "civic", "research"]), "\n",
              "type: Opaque\ndata:\n",
              "  username: ", L(b64(pick([b"svc_app", b"portal_rw", b"orthanc", b"mirth"])), "base64 user name"), "\n",
              "  password: ", ("password", b64(pw1.encode())), "\n",
              "stringData:\n",
              "  SMTP_PASSWORD: ", ("password", pw2), "\n",
              "  DATABASE_URL: postgresql://", ("url_credentials", f"{app.replace('-', '_')}:{password('url')}"), "@",
              pick(["pg-clin01", "pg-civic02", "pg-res01"]), ".halvern.internal:5432/", app.replace("-", "_"), "\n```\n"]
    if R.random() < 0.5:
        auth = b64(f"halvern-ci:{pw3}".encode())
        pieces += ["and the pull secret:\n```json\n{\"auths\":{\"registry.halvernhealth.org\":{\"auth\":\"", ("password", auth), "\"}}}\n```"]
    line("k8s_secret", pieces, [eng])


def t_helm_values():
    eng = staff(pick(["கார்த்திகேயன் சுப்பிரமணியன்", "Rūta Kazlauskienė", "권도현"]))[0]
    pieces = ["values-prod.yaml from the ", pick(["research-data-portal", "bin-collection-api", "appointments-bff"]), " release (", sp(eng), "):\n```yaml\n",
              "postgresql:\n  auth:\n    username: app\n    password: ", ("password", password("simple")), "\n",
              "    postgresPassword: \"", ("password", password("random")), "\"\n",
              "redis:\n  auth:\n    password: '", ("password", password("simple")), "'\n",
              "objectStore:\n  endpoint: https://s3.eu-west-2.amazonaws.com\n  bucket: ", pick(["halvern-research-raw", "hv-council-docs", "tarrowmouth-genomics"]), "\n",
              "  accessKeyId: ", ("api_key/aws", token("aws")), "\n",
              "  secretAccessKey: ", ("api_key/aws", token("aws", "secret")), "\n",
              "ingress:\n  hosts: [", pick(["data.tarrowmouth.ac.uk", "bins.halverncouncil.org", "appointments.halvernhealth.org"]), "]\n",
              "  allowlist: [\"", ("ip_address", ip_public()), "/32\", \"", ("ip_address", ip_private()), "/24\"]\n```"]
    line("helm_values", pieces, [eng])


def t_tfstate():
    eng = staff(pick(["Rūta Kazlauskienė", "Jussi Häkkinen", "கார்த்திகேயன் சுப்பிரமணியன்"]))[0]
    acct = pick(["hvclinicalarchive", "hvcouncilfiles", "tarrowresearch01"])
    pieces = ["terraform.tfstate was uploaded to the ticket by mistake (", sp(eng), "); relevant fragments:\n{code:json}\n",
              '{ "type": "random_password", "name": "sql_admin", "instances": [ { "attributes": { "length": 24, "result": "',
              ("password", password("random")), '" } } ] },\n',
              '{ "type": "azurerm_storage_account", "name": "', acct, '", "instances": [ { "attributes": {\n',
              '    "primary_access_key": "', ("api_key/azure", token("azure")), '",\n',
              '    "primary_blob_endpoint": "https://', acct, '.blob.core.windows.net/",\n',
              '    "id": "/subscriptions/', L(uuid(), "subscription id"), '/resourceGroups/rg-archive/providers/Microsoft.Storage/storageAccounts/', acct, '" } } ] },\n',
              '{ "type": "azurerm_network_interface", "name": "pacs-vm", "instances": [ { "attributes": { "private_ip_address": "',
              ("ip_address", ip_private()), '" } } ] },\n',
              '{ "type": "azurerm_public_ip", "name": "vpn-gw", "instances": [ { "attributes": { "ip_address": "', ("ip_address", ip_public()), '" } } ] }\n{code}']
    line("tfstate", pieces, [eng])


def t_ansible_inventory():
    eng = staff(pick(["عمران قریشی", "Jussi Häkkinen", "Callum Dewhirst", "Оюунчимэг Батбаяр"]))[0]
    rows = []
    for i in range(R.randint(3, 5)):
        h = pick(["pacs", "lis", "ris", "sql", "file", "print"]) + f"-{pick(['win', 'lnx'])}{R.randint(1, 40):02d}"
        win = "win" in h
        rows += [h, " ansible_host=", ("ip_address", ip_private()),
                 (" ansible_user=HRHCS\\svc_ansible ansible_password=" if win else " ansible_user=deploy ansible_become_pass="),
                 ("password", password(pick(["simple", "mixed"]))),
                 (" ansible_connection=winrm ansible_winrm_transport=ntlm" if win else " ansible_port=22"), "\n"]
    pieces = ["inventory/prod.ini as attached to the change request (", sp(eng), "). Vault was not used for these hosts:\n{noformat}\n[clinical]\n"] + rows + ["{noformat}"]
    line("ansible_inventory", pieces, [eng])


def t_gha_log():
    eng = staff(pick(["கார்த்திகேயன் சுப்பிரமணியன்", "권도현", "Jussi Häkkinen"]))[0]
    vendor, kind = pick([("github", None), ("npm", None), ("pypi", None), ("huggingface", None), ("gitlab", None)])
    tok = token(vendor, kind)
    runner_ip = ip_public()
    day, hh, mm = R.randint(1, 28), R.randint(0, 23), R.randint(0, 58)

    def stamp(sec):
        return f"2026-03-{day:02d}T{hh:02d}:{mm:02d}:{sec}Z"
    pieces = ["Actions run ", L(str(R.randint(10**9, 10**10 - 1)), "workflow run id"), " printed a token in clear because the step echoed the env with set -x:\n```\n",
              stamp("12.4471"), " ##[group]Run ./scripts/publish.sh\n",
              stamp("12.4490"), " + echo 'publishing to registry as halvern-bot'\n",
              stamp("12.4512"), " + export REGISTRY_TOKEN=", (f"api_key/{vendor}", tok), "\n",
              stamp("13.0021"), " runner public address ", ("ip_address", runner_ip), "\n",
              stamp("13.0040"), " ##[endgroup]\n```\nRevoked and re-issued by ", sp(eng), "."]
    line("gha_log", pieces, [eng])


def t_powershell():
    eng = staff(pick(["Callum Dewhirst", "عمران قریشی", "Harriet Pembrook", "Guðrún Sigurðardóttir"]))[0]
    fs = ip_private()
    pieces = ["**********************\nWindows PowerShell transcript start\nStart time: ", L(ts("hl7"), "transcript timestamp", "luhn"), "\n",
              "Username: HRHCS\\", pick(["adm-", "t1-"]), alnum(6, "abcdefghijklmnopqrstuvwxyz"), "\nMachine: ", pick(["HV-MGMT01", "CC-ADM02", "TW-JUMP01"]),
              " (Microsoft Windows NT 10.0.20348.0)\n**********************\n",
              "PS C:\\> $cred = New-Object PSCredential('HRHCS\\svc_backup', (ConvertTo-SecureString '", ("password", password("random")),
              "' -AsPlainText -Force))\n",
              "PS C:\\> New-PSDrive -Name X -PSProvider FileSystem -Root \\\\", ("ip_address", fs), "\\backup$ -Credential $cred\n",
              "PS C:\\> net use Y: \\\\", ("ip_address", ip_private()), "\\scans ", ("password", password("simple")), " /user:HRHCS\\svc_scan\n",
              "The command completed successfully.\n",
              "PS C:\\> cmdkey /add:", pick(["pacs-arch02", "sql-lis01", "fs-civic01"]), " /user:HRHCS\\svc_pacs /pass:", ("password", password("mixed")), "\n",
              "CMDKEY: Credential added successfully.\n**********************\nWindows PowerShell transcript end\n**********************\n",
              "(transcript attached by ", sp(eng), " — these service accounts must be reset)"]
    line("powershell", pieces, [eng])


def t_winevent():
    sec = staff(pick(["Guðrún Sigurðardóttir", "عمران قریشی"]))[0]
    pieces = ["Spray against the council VPN portal; Security log from ", pick(["CC-DC01", "HV-DC02"]), ":\n"]
    for _ in range(R.randint(2, 4)):
        addr = pick([ip_public(), ip_public(), ip6_public()])
        pieces += ["\nLog Name: Security\nSource: Microsoft-Windows-Security-Auditing\nDate: ", ts("log"), "\nEvent ID: 4625\n",
                   "Task Category: Logon\nKeywords: Audit Failure\nAccount For Which Logon Failed:\n\tSecurity ID:\tNULL SID\n\tAccount Name:\t",
                   pick(["administrator", "scanner", "svc_backup", "test", "reception1"]), "\n\tAccount Domain:\tHRHCS\n",
                   "Failure Information:\n\tFailure Reason:\tUnknown user name or bad password.\n\tStatus:\t0xC000006D\n\tSub Status:\t0xC0000064\n",
                   "Network Information:\n\tWorkstation Name:\t", pick(["-", "kali", "DESKTOP-" + alnum(7, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")]),
                   "\n\tSource Network Address:\t", ("ip_address", addr), "\n\tSource Port:\t", str(R.randint(1024, 65535)), "\n"]
    pieces += ["\nBlocked at the edge by ", sp(sec), "."]
    line("winevent", pieces, [sec])


def t_access_log():
    eng = staff()
    pieces = ["nginx access log, portal-web02, around the spike (", sp(eng), "):\n```\n"]
    for _ in range(R.randint(3, 5)):
        r = R.random()
        addr = pick([ip_public(), ip_public(), ip6_public()])
        if r < 0.35:
            p = cust()
            req = ["GET /api/v1/account/lookup?email=", ("email", p.email()), " HTTP/1.1"]
        elif r < 0.55:
            req = ["GET /maps/bins?key=", ("api_key/google", token("google")), "&ward=", str(R.randint(1, 30)), " HTTP/2.0"]
        else:
            path = pick(["GET /appointments/upcoming", "POST /api/v1/session", "GET /static/app.", "GET /fhir/metadata"])
            req = [path, (hexs(8) + ".js") if path.endswith(".") else "", " HTTP/1.1"]
        pieces += [("ip_address", addr), " - - [", ts("clf"), '] "'] + req + ['" ', pick(["200", "200", "401", "404", "429", "302"]),
                   " ", str(R.randint(200, 90000)), ' "-" "', pick(["Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)", "okhttp/4.12.0",
                                                                   "Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "python-requests/2.31.0"]), '" rt=0.', digits(3), "\n"]
    pieces += ["```"]
    if R.random() < 0.5:
        pieces += ["\nand from the Apache front end of the old portal:\n```\n[", ts("log"), ".", digits(6), "] [authz_core:error] [pid ", str(R.randint(1000, 9999)),
                   "] [client ", ("ip_address", ip_public()), ":", str(R.randint(1024, 65535)), "] AH01630: client denied by server configuration: /var/www/portal/admin\n```"]
    line("access_log", pieces, [eng])


def t_conn_strings():
    dba = staff(pick(["Pieter van der Westhuizen", "Nemanja Jovanović", "Elif Karaağaçlı"]))[0]
    kind = R.random()
    if kind < 0.5:
        pieces = ["Payroll interface cut-over checklist (", sp(dba), "):\n",
                  "1. jdbc:oracle:thin:", pick(["hr_iface", "payroll_ro", "fin_batch"]), "/", ("password", password("simple")), "@//",
                  ("ip_address", ip_private()), ":1521/HRPRD\n",
                  "2. jdbc:sqlserver://", ("ip_address", ip_private()), ":1433;databaseName=FinanceDW;user=fin_etl;password=",
                  ("password", password("random")), ";encrypt=true;trustServerCertificate=false\n",
                  "3. sqlplus sys/", ("password", password("simple")), "@HRPRD as sysdba  -- only for the final grant\n",
                  "4. confirm row counts ", str(R.randint(1000, 99999)), " vs ", str(R.randint(1000, 99999)), " before switching DNS."]
    else:
        pieces = ["ODBC DSN on the council's Crystal Reports box still points to the old server:\n",
                  "Driver={ODBC Driver 18 for SQL Server};Server=tcp:", ("ip_address", ip_private()), ",1433;Database=CivicCases;Uid=rpt_reader;Pwd=",
                  ("password", password("random")), ";Encrypt=yes;\n",
                  "and the Oracle one: Data Source=(DESCRIPTION=(ADDRESS=(PROTOCOL=TCP)(HOST=", ("ip_address", ip_private()),
                  ")(PORT=1521))(CONNECT_DATA=(SERVICE_NAME=REVBEN)));User Id=revben_rpt;Password=", ("password", password("mixed")), ";\n",
                  "— ", sp(dba)]
    line("conn_strings", pieces, [dba])


def t_cron_mail():
    eng = staff()
    h = pick(["pacs-arch02", "sis-db01", "case-app01", "lis-int01"])
    pw = password("simple")
    pieces = ["Cron mail forwarded by ", sp(eng), ":\n\n",
              "From: ", ("email", f"root@{h}.halvern.internal"), " (Cron Daemon)\nTo: ", ("email", "ops-alerts@halvernhealth.org"), "\n",
              "Subject: Cron <root@", h, "> /usr/local/bin/nightly-dump.sh\n\n",
              "+ mysqldump --single-transaction -u backup -p", ("password", pw), " --all-databases\n",
              "mysqldump: [Warning] Using a password on the command line interface can be insecure.\n",
              "+ rsync -a /var/backups/db/ backup@", ("ip_address", ip_private()), ":/srv/backups/", h, "/\n",
              "rsync: connection unexpectedly closed (0 bytes received so far) [sender]\n",
              "rsync error: error in rsync protocol data stream (code 12) at io.c(232) [sender=3.2.7]\n"]
    line("cron_mail", pieces, [eng])


def t_oncall_handover():
    out_, in_ = staff_sample(2)
    third = staff_sample(1, [out_, in_])[0]
    pieces = ["## On-call handover ", ts("dmy"), " 08:00\n\n",
              "**Outgoing:** ", sp(out_), " · **Incoming:** ", sp(in_), "\n\n",
              "| Who | Mobile |\n|---|---|\n",
              "| ", sp(out_), " | ", ("phone", phone(pick(["GB", "GB", "IE"]), pick(["nat", "intl"]), mobile=True)), " |\n",
              "| ", sp(in_), " | ", ("phone", phone(pick(["GB", "GB", "IE"]), pick(["nat", "intl"]), mobile=True)), " |\n",
              "| Escalation: ", sp(third), " | ", ("phone", phone("GB", "intl", mobile=True)), " |\n\n",
              "Open items:\n",
              "- Mirth channel ", L(uuid(), "channel id"), " stuck on ", str(R.randint(10, 400)), " queued messages; restarted twice.\n",
              "- Break-glass account for the EPR (epr-bg01) was used at 03:12, password is now ", ("password", password("words")),
              " until Security rotates it.\n",
              "- Jump host ", ("ip_address", ip_private() if R.random() < 0.6 else ip6_private()), " refuses keys since patching; use the console.\n",
              "- Vendor support line for the infusion-pump server: ", ("phone", phone(pick(["GB", "IE", "US"]), "intl")), ".\n"]
    line("oncall_handover", pieces, [out_, in_, third])


def t_confluence_xhtml():
    owner = staff()
    v = cust()
    vem = v.email()
    vph = phone(v.country, "intl")
    secret = password("random")
    pieces = ['<h2>Integration partner: ', pick(["Tarrow Dialysis Unit", "Halvern Community Pharmacy Hub", "Riverside Imaging Ltd"]), '</h2>\n',
              '<p>Owner: <ac:link><ri:user ri:account-id="', sid(owner), '" /></ac:link></p>\n',
              '<p>Partner contact: <a href="mailto:', ("email", vem), '">', nm(v.full), '</a>, ',
              '<a href="tel:', ("phone", tel_uri(vph)), '">', ("phone", vph), '</a></p>\n',
              '<p>SFTP endpoint: <code>', ("ip_address", ip_public()), ':22</code></p>\n',
              '<ac:structured-macro ac:name="code"><ac:parameter ac:name="language">ini</ac:parameter><ac:plain-text-body><![CDATA[',
              '[sftp]\nuser = halvern_results\npassword = ', ("password", secret), '\nremote_dir = /inbound/results\n',
              ']]></ac:plain-text-body></ac:structured-macro>\n']
    line("confluence_xhtml", pieces, [owner])


def t_markdown_contacts():
    team = staff_sample(R.randint(3, 4))
    pieces = ["### ", pick(["PACS", "Portal", "Civic apps", "Research computing"]), " support rota (", pick(["March", "April"]), ")\n\n",
              "Name | Email | Mobile | Week\n--- | --- | --- | ---\n"]
    for i, s in enumerate(team):
        pieces += [sp(s), " | ", se(s), " | ", ("phone", phone(pick(["GB", "GB", "IE"]), pick(["nat", "intl", "e164"]), mobile=True)), " | ", f"W{10 + i}", "\n"]
    pieces += ["\nSwitchboard fallback: ", ("phone", phone("GB", "nat", mobile=False)), " (ask for the duty manager)."]
    line("markdown_contacts", pieces, team)


def t_private_key():
    eng = staff()
    kind = pick(["rsa", "pkcs8", "ec", "openssh"])
    pieces = [pick(["The lab-results vendor asked for our SFTP key again, and ", "Someone pasted the deploy key for the PACS backup job, and ",
                    "Attached key from the old Mirth server — "]),
              sp(eng), " flagged it:\n{noformat}\n", ("private_key", pem(kind)), "\n{noformat}\n",
              "Host it was used on: ", ("ip_address", ip_private()), "."]
    line("private_key", pieces, [eng])


VENDOR_CONTEXTS = [
    ("slack", None, "Monitoring alert hook for the PACS storage dashboards:\nSLACK_WEBHOOK_URL={tok}"),
    ("slack", "xoxb", "The on-call bot posts with SLACK_BOT_TOKEN={tok} (scope chat:write)."),
    ("sendgrid", None, "Appointment letters go out via SendGrid, key in appsettings.Production.json: \"ApiKey\": \"{tok}\""),
    ("stripe", "sk", "Parking permit payments (council shop) use the live key {tok} in the payments service."),
    ("stripe", "whsec", "Webhook signing secret for permit renewals: {tok}"),
    ("openai", None, "Pilot of the clinic-letter summariser: OPENAI_API_KEY={tok} (to be moved to Key Vault)."),
    ("anthropic", None, "Transcription-QA prototype config: anthropic_api_key: {tok}"),
    ("huggingface", None, "Research cluster job pulls the model with HF_TOKEN={tok}"),
    ("pypi", None, "Release workflow for the open-source HL7 parser uses TWINE_PASSWORD={tok}"),
    ("gitlab", None, "Mirror job: git remote set-url origin https://oauth2:{tok}@gitlab.com/tarrowmouth-rc/cohort-tools.git"),
    ("github", "ghp", "Renovate runs on the council runner with GITHUB_TOKEN={tok}"),
    ("github", "pat", "The Confluence exporter uses a fine-grained token {tok}"),
    ("digitalocean", None, "Legacy bin-collection site on DigitalOcean: doctl auth init -t {tok}"),
    ("shopify", None, "Hospital charity shop (Friends of Halvern) admin API token: {tok}"),
    ("atlassian", None, "Jira automation calls the REST API as svc-jira-bot with token {tok}"),
    ("hashicorp", None, "Vault root-ish token left in the runbook: export VAULT_TOKEN={tok}"),
    ("hashicorp", "tfc", "Terraform Cloud team token in ~/.terraformrc: token = \"{tok}\""),
    ("google", None, "Council bin-collection map uses the browser key {tok} (no referrer restriction!)"),
    ("aws", None, "Genomics bucket sync: AWS_ACCESS_KEY_ID={tok}"),
    ("npm", None, "Portal front-end .npmrc: //registry.npmjs.org/:_authToken={tok}"),
    ("twilio", "sid", "SMS reminders: Twilio API key {tok}"),
    ("azure", None, "Scanning archive connection string: DefaultEndpointsProtocol=https;AccountName=hvscanarchive;AccountKey={tok};EndpointSuffix=core.windows.net"),
]


def t_vendor_leak(i):
    vendor, kind, tpl = VENDOR_CONTEXTS[i % len(VENDOR_CONTEXTS)]
    eng = staff()
    tok = token(vendor, kind)
    pieces = [pick(["Secret-scanning hit in ", "Found while reviewing ", "Pasted in the change request for "]),
              pick(["the civic-apps monorepo", "a Confluence runbook", "a support ticket", "the research-computing wiki"]), " (", sp(eng), "):\n\n",
              fmt(tpl, tok=(f"api_key/{vendor}", tok)), "\n\n"]
    if vendor == "aws":
        pieces += ["AWS_SECRET_ACCESS_KEY=", ("api_key/aws", token("aws", "secret")), "\n\n"]
    if vendor == "twilio":
        pieces += ["secret ", ("api_key/twilio", token("twilio", "secret")), ", auth token ", ("api_key/twilio", token("twilio", "auth")), "\n\n"]
    pieces += [pick(["Revoked ", "Rotated ", "Disabled "]), ts("log"), "; blast radius checked in the audit log."]
    line("vendor_leak", pieces, [eng])


CARD_CONTEXTS = ["parking", "charity", "tuition", "carpark", "library"]


def t_card_payment():
    ctx = pick(CARD_CONTEXTS)
    agent = staff(pick(["তানজিলা হোসেন", "Ivana Kovačević", "Kateřina Dvořáková", "Elif Karaağaçlı", "Harriet Pembrook"]))[0]
    p = cust()
    brand = {"tuition": pick(["unionpay", "visa", "mastercard", "troy", "jcb"]),
             "charity": pick(["visa", "mastercard", "amex", "maestro"]),
             }.get(ctx) or next_brand()
    number = card(brand)
    exp = f"{R.randint(1, 12):02d}/{R.randint(27, 31)}"
    if ctx == "parking":
        pieces = ["PCI incident: the phone-payment agent typed the caller's card into the case notes of ", L(case_ref("parking"), "case reference"), ".\n",
                  "> Caller ", nm(p.full), " (", ("email", p.email()), ", ", ("phone", phone(p.country, pick(["intl", "nat"]))), ") paid PCN ",
                  L(case_ref("pcn"), "penalty charge notice number"), " with ", ("credit_card", number), " exp ", exp, "\n",
                  "Notes purged from the UI by ", sp(agent), "; the audit table still holds them."]
    elif ctx == "charity":
        pieces = ["Donation form for the Friends of Halvern appeal came in by e-mail instead of the portal:\n",
                  "Name: ", nm(p.full), "\nEmail: ", ("email", p.email()), "\nPhone: ", ("phone", phone(p.country, pick(["intl", "nat", "natparen"]))), "\n",
                  "Card: ", ("credit_card", number), "   Expiry: ", exp, "   Amount: £", str(R.randint(5, 250)), ".00 monthly\n",
                  "Gift Aid: yes\n\n", sp(agent), ": processed by phone and the e-mail deleted."]
    elif ctx == "tuition":
        pieces = ["Tuition deposit failed 3-D Secure; student sent the card details in the ticket (", sp(agent), " redacting):\n",
                  "Student ", L(student_id(), "student id"), " ", nm(p.full), " <", ("email", p.email("student.tarrowmouth.ac.uk")), ">\n",
                  "Card ", ("credit_card", number), ", valid thru ", exp, ", amount £", str(R.randint(2, 9)), ",", digits(3), ".00\n",
                  "Call-back number in ", p.country, ": ", ("phone", phone(p.country, pick(["intl", "e164"]))), "."]
    elif ctx == "carpark":
        pieces = ["Staff car-park season ticket refund — card used at the pay machine: ", ("credit_card", number),
                  ". Refund to the same card, requested by ", sp(agent), " on behalf of ", nm(p.full), " (", ("email", p.email()), ")."]
    else:
        pieces = ["Library fines: the kiosk log wrote the full PAN for one transaction —\n",
                  ts("log"), " kiosk=LIB-K2 pan=", ("credit_card", card(brand, "plain")), " amount=4.20 GBP auth=", L(digits(6), "authorisation code"), " rrn=", L(digits(12), "retrieval reference number"), "\n",
                  "Raised by ", sp(agent), "."]
    line("card_payment", pieces, [agent])


def t_iban_ticket():
    ctx = pick(["refund", "supplier", "expenses", "bursary"])
    agent = staff(pick(["Elif Karaağaçlı", "Kateřina Dvořáková", "فرزانه رحیمی", "Thandeka Mthembu"]))[0]
    p = cust()
    cc = next_iban_country() if R.random() < 0.85 else "GB"
    if ctx == "refund":
        acct = iban(cc)
        pieces = ["Overpaid tuition refund — student ", L(student_id(), "student id"), ", ", nm(p.full), " (", ("email", p.email()), ")\n",
                  "Refund £", str(R.randint(200, 9000)), " to home account: ", ("iban", acct), " (BIC ", L(bic_for(acct), "BIC"), ")\n",
                  "Verified by phone on ", ("phone", phone(p.country, pick(["intl", "00", "e164"]))), " — ", sp(agent)]
    elif ctx == "supplier":
        new_cc = pick(["GB", "IE", "LT", "CZ"])
        pieces = ["Possible mandate fraud: supplier 'Halvern Medical Linen' asks to change bank details.\n",
                  "Old: ", ("iban", iban("GB")), "\nNew: ", ("iban", iban(new_cc)), "\n",
                  "Request came from ", ("email", f"accounts@halvern-medlinen.co.uk"), "; called back on the number from the contract (",
                  ("phone", phone("GB", "nat", mobile=False)), "), they deny sending it. Blocked by ", sp(agent), "."]
    elif ctx == "expenses":
        s = staff_sample(1, [agent])[0]
        pieces = ["Expense claim ", L(f"EXP-{digits(6)}", "expense claim number"), " for ", sp(s), ": conference in ", pick(["Reykjavík", "Vilnius", "Zagreb", "Athens", "Bratislava", "Tbilisi", "Baku"]),
                  ", reimburse to ", ("iban", iban(cc)), ". Approved by ", sp(agent), "."]
        line("iban_ticket", pieces, [agent, s])
        return
    else:
        pieces = ["Hardship bursary payment list (", sp(agent), "):\n"]
        for q in R.sample(CUSTOMERS, R.randint(2, 3)):
            c2 = next_iban_country() if R.random() < 0.7 else "GB"
            pieces += ["- ", nm(q.full), " · ", ("email", q.email()), " · ", ("iban", iban(c2)), " · £", str(R.randint(3, 15)), "00\n"]
    line("iban_ticket", pieces, [agent])


def t_ssn():
    agent = staff(pick(["فرزانه رحیمی", "Elif Karaağaçlı", "Kateřina Dvořáková"]))[0]
    p = cust(country=pick(["US", "US"])) if R.random() < 0.5 else cust(country="US")
    ctx = R.random()
    if ctx < 0.5:
        pieces = ["US Federal Direct Loan certification for ", nm(p.full), " (", ("email", p.email()), "):\n",
                  "SSN ", ("ssn", ssn()), ", school code G", L(digits(5), "federal school code"), ", enrolment ", pick(["full-time", "half-time"]), " from 22/09/2025.\n",
                  "Handled by ", sp(agent), "; do not copy the SSN into the SIS notes field again."]
    else:
        pieces = ["W-9 received from visiting researcher ", nm(p.full), " <", ("email", p.email()), ">, phone ", ("phone", phone("US", pick(["nat", "intl"]))), ".\n",
                  "TIN (SSN): ", ("ssn", ssn()), " — forwarded to payroll by ", sp(agent), "."]
    line("ssn", pieces, [agent])


def t_complaint_email():
    handler = staff(pick(["Aoife Ní Mhurchú", "Harriet Pembrook"]))[0]
    p = cust()
    em = p.email()
    relay = ip_private()
    origin = pick([ip_public(), ip6_public()])
    pieces = ["PALS complaint ", L(case_ref("pals"), "PALS reference"), " forwarded from the shared mailbox by ", sp(handler), ":\n\n",
              "Received: from ", pick(["EUR03-DBA-obe.outbound.protection.outlook.com", "mail-wm1-f44.google.com"]), " (", ("ip_address", origin), ")\n",
              "\tby mx2.halvernhealth.org (", ("ip_address", relay), ") with ESMTPS; ", ts("log"), " +0000\n",
              "X-Originating-IP: [", ("ip_address", origin), "]\n",
              "From: ", nm(p.full), " <", ("email", em), ">\n",
              "To: ", ("email", "pals@halvernhealth.org"), "\n",
              "Reply-To: ", ("email", em), "\n",
              "Subject: Complaint about discharge from ", pick(["ward 7B", "the AMU", "the eye unit"]), "\n\n",
              "My father was discharged without his medication list. I have rung ", ("phone", phone("GB", "nat", mobile=False)), " (ward) ",
              pick(["six", "four", "five"]), " times. Please call me on ", ("phone", phone(p.country, pick(["intl", "nat", "intl0", "dash"]))), ".\n\n", nm(p.full)]
    line("complaint_email", pieces, [handler])


def t_dhcp_mac():
    eng = staff(pick(["عمران قریشی", "Owen Tregarthen", "Оюунчимэг Батбаяр"]))[0]
    pieces = ["Infusion pumps dropping off the clinical VLAN; DHCP leases from the ", pick(["HV-DHCP01", "CC-DHCP02"]), " log (", sp(eng), "):\n```\n"]
    for _ in range(R.randint(2, 4)):
        pieces += [ts("log"), " DHCPACK on ", ("ip_address", ip_private()), " to ", ("mac_address", mac()), " (",
                   pick(["PUMP-", "MON-", "CT-WS-", "ECG-"]) + str(R.randint(100, 999)), ") via eth", str(R.randint(0, 3)), "\n"]
    pieces += ["```\nVendor says the pumps' firmware ", L(build4(), "firmware build number", "ipv4"), " renews too late."]
    line("dhcp_mac", pieces, [eng])


def t_url_creds():
    eng = staff()
    forms = [
        lambda: ["redis://", ("url_credentials", ":" + password("url")), "@", ("ip_address", ip_private()), ":6379/2"],
        lambda: ["amqps://", ("url_credentials", f"hl7router:{password('url')}"), "@mq01.halvern.internal:5671/clinical"],
        lambda: ["mongodb+srv://", ("url_credentials", f"sis_etl:{password('url')}"), "@sis-cluster0.tarrowmouth-uni.mongodb.net/sis?retryWrites=true"],
        lambda: ["https://", ("url_credentials", f"svc-ci:{password('url')}"), "@git.halvernhealth.org/integration/mirth-channels.git"],
        lambda: ["ftp://", ("url_credentials", f"scanner:{password('url')}"), "@", ("ip_address", ip_private()), "/scans/"],
        lambda: ["postgresql://", ("url_credentials", f"case_rw:{password('url')}"), "@pg-civic02.halvern.internal:5432/cases?sslmode=require"],
        lambda: ["smtp://", ("url_credentials", f"noreply%40halverncouncil.org:{password('url')}"), "@smtp.office365.com:587"],
    ]
    chosen = R.sample(forms, R.randint(2, 3))
    pieces = [pick(["Config review findings for ", "Clean-up list after the pen test of ", "Hard-coded URLs found in "]),
              pick(["the integration engine", "the council case system", "the student records sync", "the scanning hub"]), " (", sp(eng), "):\n"]
    for f in chosen:
        pieces += ["* `"] + f() + ["`\n"]
    line("url_creds", pieces, [eng])


STUDENT_LANGS = ["ko", "vi", "tr", "fi", "cs", "ka", "az", "mn", "bn", "ur", "fa", "am", "el"]


def t_student_ticket(i):
    lang = STUDENT_LANGS[i % len(STUDENT_LANGS)]
    p = cust(lang)
    agent = staff(pick(["فرزانه رحیمی", "Kateřina Dvořáková", "Zuzana Hrušovská"]))[0]
    cc = {"ko": "GB", "vi": "GB", "tr": "TR", "fi": "FI", "cs": "CZ", "ka": "GE", "az": "AZ", "mn": "GB",
          "bn": "GB", "ur": "PK", "fa": "TR", "am": "GB", "el": "GR"}[lang]
    acct = iban(cc)
    pieces = ["International Office ticket ", ticket_key("INTL"), " — ", pick(["visa refusal refund", "CAS withdrawal", "deposit refund after deferral"]), "\n",
              "Student: ", nm(p.full), " (", L(student_id(), "student id"), "), ", ("email", p.email()), "\n",
              "Phone (home): ", ("phone", phone(p.country, pick(["intl", "e164", "nat"]))), "\n",
              "Refund account holder: ", nm(p.full if R.random() < 0.5 else p.latin_full), "\n",
              "IBAN: ", ("iban", acct), "   SWIFT: ", L(bic_for(acct), "BIC"), "\n",
              "Note from ", sp(agent), ": refund £", str(R.randint(2, 6)), ",000.00 approved, sanction screening clear."]
    line("student_ticket", pieces, [agent])


def t_pager():
    a, b = staff_sample(2)
    pieces = ["[PagerDuty] #", L(str(R.randint(10000, 99999)), "incident number"), " TRIGGERED: ", pick(["PACS archive latency > 5 s", "HL7 queue depth > 500", "Portal 5xx rate 12%"]), "\n",
              "Assigned to ", sp(a), " (", ("phone", phone("GB", "e164", mobile=True)), "), escalates to ", sp(b), " (",
              ("phone", phone(pick(["GB", "IE"]), "e164", mobile=True)), ") after 15 min.\n",
              "Source ", ("ip_address", ip_private()), " · check ", pick(["probe-3", "synthetic-portal", "mllp-depth"]), " · dedup key ", L(sha(32), "dedup key"), "\n",
              "ACK by SMS: reply 4 to short code ", L("88 0" + digits(2), "SMS short code"), "."]
    line("pager", pieces, [a, b])


def t_vaccination_csv():
    nurse = staff(pick(["Aoife Ní Mhurchú", "Phạm Thị Thu Hằng", "Harriet Pembrook"]))[0]
    people = R.sample(CUSTOMERS, R.randint(3, 4))
    pieces = ["Staff flu-clinic bookings that failed to sync to Occupational Health (", sp(nurse), "):\n",
              "\"slot\",\"name\",\"email\",\"mobile\",\"site\",\"dose_lot\"\n"]
    for p in people:
        pieces += ['"', ts("log")[:16], '","', nm(p.full), '","', ("email", p.email(pick(["halvernhealth.org", "halverncouncil.org", None]))), '","',
                   ("phone", phone(pick(["GB", p.country]), pick(["intl", "nat"]), mobile=True) if p.country != "US" else phone("GB", "nat", mobile=True)), '","',
                   pick(["Halvern General", "Tarrow Community", "Civic Centre"]), '","', L(alnum(2, "ABCDEFGHJKLMNPRSTUVWXYZ") + digits(4), "vaccine lot number"), '"\n']
    line("vaccination_csv", pieces, [nurse])


def t_pci_scan():
    owner = staff(pick(["Guðrún Sigurðardóttir", "Elif Karaağaçlı", "Callum Dewhirst"]))[0]
    rows = []
    for _ in range(R.randint(2, 4)):
        brand = next_brand()
        rows += [pick(["payments.notes", "cases.free_text", "permits.comment", "donations.memo"]), ",", L(str(R.randint(10000, 999999)), "row id"), ",",
                 brand, ",", ("credit_card", card(brand, pick(["plain", "space", "dash"]))), ",", ts("iso"), "\n"]
    pieces = ["Cardholder-data discovery scan (", pick(["council payments DB", "charity donations DB", "student finance DB"]), ") found full PANs in free-text columns. ",
              "Owner: ", sp(owner), ".\n{noformat}\ntable.column,row_id,brand,value,first_seen\n"] + rows + ["{noformat}\nRemediation: purge, then re-scan; tokenise at the IVR."]
    line("pci_scan", pieces, [owner])


def t_jwt_misc():
    eng = staff()
    kind = pick(["kubeconfig", "har", "keycloak", "webhook"])
    if kind == "kubeconfig":
        pieces = ["kubeconfig handed to the vendor for the PACS cluster (", sp(eng), " — should have been an OIDC login):\n```yaml\n",
                  "users:\n- name: vendor-support\n  user:\n    token: ", ("jwt", jwt({"kubernetes.io/serviceaccount/namespace": "pacs"})), "\n",
                  "clusters:\n- name: pacs-prod\n  cluster:\n    server: https://", ("ip_address", ip_private()), ":6443\n```"]
    elif kind == "har":
        pieces = ["HAR excerpt attached to the portal login bug by ", sp(eng), ":\n```json\n",
                  '{"request": {"method": "GET", "url": "https://api.myhalvernhealth.org/v2/appointments", "headers": [\n',
                  '  {"name": "Authorization", "value": "Bearer ', ("jwt", jwt()), '"},\n',
                  '  {"name": "X-Request-Id", "value": "', L(uuid(), "request id"), '"}]},\n',
                  ' "response": {"status": 403, "bodySize": ', str(R.randint(40, 400)), "}}\n```"]
    elif kind == "keycloak":
        pieces = ["Keycloak token response pasted into the SSO ticket (", sp(eng), "):\n{code:json}\n",
                  '{"access_token":"', ("jwt", jwt(alg="RS256")), '","expires_in":300,"refresh_expires_in":1800,',
                  '"refresh_token":"', ("jwt", jwt(alg="HS512")), '","token_type":"Bearer","session_state":"', L(uuid(), "session state id"), '"}\n{code}']
    else:
        pieces = ["The case-management webhook to the housing contractor signs with a static JWT:\n",
                  "POST https://api.halvern-propertycare.co.uk/hooks/repairs\nAuthorization: Bearer ", ("jwt", jwt({"sub": "halvern-council"}, alg="HS256")),
                  "\nContent-Type: application/json\n\nRaised by ", sp(eng), " — rotate and move to mTLS."]
    line("jwt_misc", pieces, [eng])


def t_gcp_key():
    eng = staff(pick(["권도현", "Rūta Kazlauskienė", "Jussi Häkkinen"]))[0]
    proj = pick(["tarrowmouth-genomics", "halvern-imaging-ai", "hrhcs-bi-prod"])
    sa = pick(["pipeline", "dicom-export", "looker-sync"])
    pieces = ["Service-account key found in a shared notebook (", sp(eng), "); disabled in IAM:\n```json\n{\n",
              '  "type": "service_account",\n  "project_id": "', proj, '",\n',
              '  "private_key_id": "', L(hexs(40), "private key id"), '",\n',
              '  "private_key": "', ("private_key", pem("pkcs8", newline="\\n")), '\\n",\n',
              '  "client_email": "', ("email", f"{sa}@{proj}.iam.gserviceaccount.com"), '",\n',
              '  "client_id": "', L("1" + digits(20), "OAuth client id"), '",\n',
              '  "token_uri": "', L("https://oauth2.googleapis.com/token", "token endpoint URL"), '"\n}\n```']
    line("gcp_key", pieces, [eng])


# --- negative templates ---------------------------------------------------------------------


def neg(template, pieces):
    """A negative line; its `people` are ticket participants the text does not mention."""
    line(template, pieces, staff_sample(R.randint(0, 2)))


def n_hl7_oru():
    sep = pick(["\n", "\r\n"])
    msg = ["MSH|^~\\&|LIS|HALVLAB|EPR|HALVERN|", hl7ts(), "||ORU^R01^ORU_R01|", L(hl7_control(), "HL7 control id", "luhn"), "|P|2.5.1", sep,
           "PID|1||", L(pick("HT") + digits(7), "MRN"), "^^^HALV^MR||^^^^^^U||", L(f"19{R.randint(40, 99)}0101", "masked birth date"), "|U", sep,
           "OBR|1|", L("ORD" + digits(8), "placer order number"), "|", L(accession(), "accession number"), "|24331-1^Lipid panel^LN|||", hl7ts(), sep]
    for i in range(R.randint(2, 4)):
        code, name = loinc()
        msg += [f"OBX|{i + 1}|NM|", L(code, "LOINC code"), f"^{name}^LN||{R.randint(1, 140)}.{R.randint(0, 9)}|",
                pick(["mmol/L", "g/L", "U/L", "µmol/L"]), "|", pick(["3.5-5.3", "133-146", "<5.0", "4.0-6.0"]), "|", pick(["N", "H", "L"]), "|||F", sep]
    neg("hl7_oru", ["Results from the research extract arrive with an empty PID-5 after anonymisation — is that expected for study ",
                    L(f"HALV-CARD-2026-{digits(3)}", "study id"), "? Sample (MLLP port 2575):\n{code}\n", msg, "{code}"])


def n_fhir_observation():
    code, name = loinc()
    neg("fhir_observation", ["Observation rejected by the validator (unit not UCUM):\n```json\n{\n",
                             '  "resourceType": "Observation",\n  "id": "', L(uuid(), "resource id"), '",\n',
                             '  "meta": { "versionId": "', str(R.randint(1, 6)), '", "lastUpdated": "', ts("iso"), '" },\n',
                             '  "status": "final",\n',
                             '  "code": { "coding": [ { "system": "http://loinc.org", "code": "', L(code, "LOINC code"), '", "display": "', name, '" } ] },\n',
                             '  "subject": { "reference": "Patient/', L(uuid(), "patient resource id"), '" },\n',
                             '  "effectiveDateTime": "', ts("iso"), '",\n',
                             '  "valueQuantity": { "value": ', str(R.randint(1, 200)), ".", str(R.randint(0, 9)), ', "unit": "', pick(["mmol/l", "mg/dl", "U/l"]), '" },\n',
                             '  "performer": [ { "reference": "Organization/', L(uuid(), "organisation resource id"), '" } ]\n}\n```'])


def n_dicom_dump():
    neg("dicom_dump", ["De-identified header (dcmdump) from the QA phantom series — check the private tags are gone:\n{noformat}\n",
                       "(0002,0010) UI =", L(pick(TRANSFER), "transfer syntax UID"), "  # TransferSyntaxUID\n",
                       "(0008,0016) UI =", L(pick(SOP_CLASSES), "SOP class UID"), "  # SOPClassUID\n",
                       "(0008,0018) UI [", L(dicom_uid(), "SOP instance UID"), "]  # SOPInstanceUID\n",
                       "(0008,0050) SH [", L(accession(), "accession number"), "]  # AccessionNumber\n",
                       "(0008,1010) SH [", pick(["CT2_HALV", "MR1_HALV", "DX3_TARROW"]), "]  # StationName\n",
                       "(0010,0010) PN (no value available)  # PatientName\n",
                       "(0010,0020) LO [", L(sha(16).upper(), "hashed patient id"), "]  # PatientID\n",
                       "(0018,1000) LO [", L(str(R.randint(10000, 99999)), "device serial number"), "]  # DeviceSerialNumber\n",
                       "(0020,000d) UI [", L(dicom_uid(), "StudyInstanceUID"), "]  # StudyInstanceUID\n",
                       "(0028,0010) US ", str(pick([512, 1024, 2048])), "  # Rows\n{noformat}"])


def n_coding():
    neg("coding", ["Clinical coding for episode ", L(f"EP{digits(9)}", "episode number"), ": primary ", L(icd10(), "ICD-10 code"),
                   ", secondary ", L(icd10(), "ICD-10 code"), ", ", L(icd10(), "ICD-10 code"), "; SNOMED CT ", L(snomed(), "SNOMED CT concept id"),
                   " / ", L(snomed(), "SNOMED CT concept id"), "; OPCS-4 ", pick(["K75.1", "W37.1", "H01.1", "C75.1"]),
                   "; HRG ", pick(["EB10A", "HN12C", "FD10B"]), "; LOS ", str(R.randint(1, 21)), " days; tariff £", str(R.randint(1, 9)), ",", digits(3), "."])


def n_lab_values():
    neg("lab_values", ["Critical result phoned to ward ", ward(), " at ", ts("hm"), ": ", lab_values(), ". Read back and confirmed via bleep ",
                       L(str(R.randint(2000, 2999)), "bleep number"), "; sample ", L(f"L{digits(9)}", "lab sample number"), ", analyser ",
                       pick(["cobas-8000-02", "Alinity-ci-1", "AU5800-3"]), " (firmware ", L(build4(), "firmware build", "ipv4"), ")."])


def n_bed_moves():
    rows = []
    for _ in range(R.randint(2, 4)):
        rows += ["| ", L(nhs_number(), "NHS-like number", "phone"), " | ", L(mrn(), "MRN"), " | ", ward(), " → ", ward(), " | ", bed(), " | ", dose(), " |\n"]
    neg("bed_moves", ["Overnight bed moves (site flow report, ", ts("dmy"), "):\n|| NHS no. || MRN || From → to || Bed || Active infusion ||\n"] + rows)


def n_student_records():
    rows = []
    for _ in range(R.randint(3, 5)):
        ucas = digits(3) + "-" + digits(3) + "-" + digits(4)
        rows += [L(student_id(), "student id"), ",", L(ucas, "UCAS personal id", "phone"), ",", L("1" + digits(12), "HESA id", "luhn"), ",",
                 pick(["HLTH7004", "NURS5102", "EPID8001", "LAW7710"]), ",", str(R.randint(38, 86)), ",", pick(["P", "M", "D", "F"]), "\n"]
    neg("student_records", ["Board of examiners upload rejected (HESA id checksum). Rows:\nstudent_id,ucas_id,hesa_id,module,mark,grade\n"] + rows)


def n_grant_report():
    neg("grant_report", ["Outputs for award ", L(grant_no(), "grant number"), " (end of year 2): papers ", L(doi(), "DOI"), " and ", L(doi(), "DOI"),
                         ", PMID ", L(digits(8), "PubMed id"), ", book chapter ISBN ", L(isbn13(), "ISBN-13"), ", dataset ", L(doi(), "DOI"),
                         ". Team ORCID iDs on file: ", L(orcid(), "ORCID iD", "luhn", "phone"), ", ", L(orcid(), "ORCID iD", "luhn", "phone"),
                         ". Spend £", str(R.randint(50, 400)), ",", digits(3), " of £", str(R.randint(401, 900)), ",000 (", str(R.randint(30, 90)), "%)."])


def n_case_refs():
    rows = []
    for _ in range(R.randint(3, 5)):
        rows += [L(pick([case_ref("parking"), case_ref("housing"), case_ref("asb"), case_ref("complaint")]), "case reference"), " · ",
                 pick(["opened", "stage 2", "closed", "awaiting contractor"]), " · UPRN ", L(pick(["1000", "2000"]) + digits(8), "UPRN"),
                 " · £", str(R.randint(0, 900)), ".", digits(2), " · ", ts("dmy"), "\n"]
    neg("case_refs", ["Weekly aged-case report, Civic Services:\n"] + rows + ["Council-tax accounts referenced: ",
                                                                              L("CT" + digits(9), "council tax account"), ", ",
                                                                              L("CT" + digits(9), "council tax account"), "."])


def n_k8s_refs():
    app = pick(["orthanc", "mirth", "portal-bff", "case-mgmt"])
    neg("k8s_refs", ["Deployment after the secret clean-up — nothing literal left:\n```yaml\n",
                     "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: ", app, "-db\n        key: password\n",
                     "  - name: SMTP_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: smtp-relay, key: password }\n",
                     "  - name: DATABASE_URL\n    value: ", L(f"postgresql://$(DB_USER):$(DB_PASSWORD)@pg-clin01:5432/{app.replace('-', '_')}", "URL built from variables", "urlcred"), "\n",
                     "metadata:\n  annotations:\n    vault.hashicorp.com/agent-inject-secret-db: \"", L(f"secret/data/{app}/db", "Vault path reference"), "\"\n",
                     "    checksum/config: ", L(sha(64), "config checksum"), "\n```"])


def n_tf_plan():
    neg("tf_plan", ["terraform plan for the archive storage (no secrets printed):\n```\n",
                    "  # azurerm_storage_account.archive will be updated in-place\n  ~ resource \"azurerm_storage_account\" \"archive\" {\n",
                    "        id                  = \"/subscriptions/", L(uuid(), "subscription id"), "/resourceGroups/rg-archive/providers/Microsoft.Storage/storageAccounts/hvclinicalarchive\"\n",
                    "      ~ min_tls_version     = \"TLS1_0\" -> \"TLS1_2\"\n",
                    "        primary_access_key  = (sensitive value)\n",
                    "        tags                = { \"cost-centre\" = \"", L("CC" + digits(5), "cost centre"), "\" }\n  }\n",
                    "  # random_password.sql_admin must be replaced\n-/+ resource \"random_password\" \"sql_admin\" {\n",
                    "      ~ result = (sensitive value)\n      ~ id     = \"none\" -> (known after apply)\n  }\n",
                    "Plan: 1 to add, 1 to change, 1 to destroy.\n\nOutputs:\nconnection_string = <sensitive>\n```"])


def n_gha_masked():
    neg("gha_masked", ["Build ", L(str(R.randint(10**9, 10**10 - 1)), "workflow run id"), " — secrets are masked as expected:\n```\n",
                       "Current runner version: '2.", str(R.randint(300, 330)), ".", str(R.randint(0, 3)), "'\n",
                       "Run actions/checkout@", L(sha(40), "git commit SHA"), "\n",
                       "Cache restored from key: npm-linux-", L(sha(64), "cache key hash"), "\n",
                       "+ echo \"DEPLOY_TOKEN=***\"\n+ curl -sf -H 'Authorization: Bearer ***' https://deploy.halvernhealth.org/hooks/portal\n",
                       "Deploy finished in ", str(R.randint(30, 400)), ".", digits(1), "s (artifact ", filesize(), ")\n```"])


def n_access_loopback():
    rows = []
    for _ in range(R.randint(3, 5)):
        rows += [L(pick(["127.0.0.1", "::1"]), "loopback address", "loopback"), " - - [", ts("clf"), '] "GET ', pick(["/healthz", "/readyz", "/metrics", "/fhir/metadata"]),
                 ' HTTP/1.1" 200 ', str(R.randint(2, 9000)), ' "-" "', pick(["kube-probe/1.29", "Prometheus/2.51.0", "curl/8.5.0"]), '" rid=', L(sha(32), "request id"), "\n"]
    neg("access_loopback", ["Only local probes reached the new portal node before cut-over:\n```\n"] + rows + ["```"])


def n_winevent_local():
    neg("winevent_local", ["Service logon after the patch reboot (expected):\nEvent ID: 4624\nLogon Type: 5\nSecurity ID: SYSTEM\nAccount Name: ",
                           pick(["HV-PACS02$", "CC-FILE01$", "TW-SQL01$"]), "\nLogon ID: 0x3E7\nLogon GUID: {", L(uuid(), "logon GUID"), "}\n",
                           "Source Network Address: ", pick(["-", L("127.0.0.1", "loopback address", "loopback"), L("::1", "loopback address", "loopback")]),
                           "\nSource Port: 0\nProcess Name: C:\\Windows\\System32\\services.exe"])


def n_cron_disk():
    h = pick(["pacs-arch02", "sis-db01", "lis-int01"])
    neg("cron_disk", ["Subject: Cron <backup@", h, "> /usr/local/bin/check-space\n\n",
                      "Filesystem      Size  Used Avail Use% Mounted on\n",
                      f"/dev/sdb1        {R.randint(10, 40)}T   {R.randint(5, 9)}T  {R.randint(1, 9)}T  {R.randint(50, 97)}% /srv/dicom\n",
                      f"/dev/sda2       {R.randint(80, 500)}G  {R.randint(10, 79)}G  {R.randint(10, 99)}G  {R.randint(10, 90)}% /\n",
                      "Oldest study on tier 1: ", ts("dmy"), "; migrated last night: ", str(R.randint(100, 9000)), " studies, ", filesize(), "."])


def n_versions():
    neg("versions", ["Release notes, integration stack ", ts("dmy"), ": Mirth Connect ", version(), ", dcm4chee-arc ", version(), ", HAPI FHIR ", version(),
                     ", interface engine build ", L(build4(), "four-part build number", "ipv4"), ", OpenSSL 3.0.", str(R.randint(10, 15)),
                     ", kernel 6.1.0-", str(R.randint(10, 30)), "-amd64, Orthanc plugin ABI ", L(build4(), "four-part build number", "ipv4"),
                     ". Image digest sha256:", L(sha(64), "image digest"), "."])


def n_phoneish():
    neg("phoneish", ["Contacting the ward: bleep ", L(str(R.randint(2000, 2999)), "bleep number"), ", internal extension ", L(str(R.randint(4000, 4999)), "extension"),
                     ", switchboard option 3. Patients can text STOP to ", L(str(R.randint(60000, 89999)), "SMS short code"),
                     " to opt out of reminders. Room ", L(f"C{R.randint(1, 4)}.{R.randint(100, 199)}", "room number"), ", locker ", str(R.randint(1, 80)),
                     ", door code is changed weekly (ask the nurse in charge). Pager group ", L(f"#{R.randint(100, 999)}", "pager group"), "."])


def _luhn_fails(value):
    return not luhn_ok(re.sub(r"\D", "", value))


def national_ids():
    """Identity numbers that are not among the kinds, with their real check digits."""
    out = []
    # Greek AMKA (11 digits, Luhn by design; too short for a card)
    while True:
        v = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}{R.randint(50, 99)}" + digits(4)
        for c in "0123456789":
            if luhn_ok(v + c):
                out.append(("Greek AMKA", v + c))
                break
        break
    # Turkish T.C. Kimlik No (11 digits)
    d = [R.randint(1, 9)] + [R.randint(0, 9) for _ in range(8)]
    d10 = ((d[0] + d[2] + d[4] + d[6] + d[8]) * 7 - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    out.append(("Turkish T.C. Kimlik No", "".join(map(str, d)) + str(d10) + str(d11)))
    # Serbian JMBG (13 digits, mod 11), failing Luhn
    while True:
        b = f"{R.randint(1, 28):02d}{R.randint(1, 12):02d}9{R.randint(50, 99)}71" + digits(3)
        s = sum(int(x) * w for x, w in zip(b, [7, 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]))
        k = 11 - s % 11
        if k in (10, 11):
            continue
        if _luhn_fails(b + str(k)):
            out.append(("Serbian JMBG", b + str(k)))
            break
    # Croatian OIB (ISO 7064 mod 11,10)
    b = digits(10)
    a = 10
    for x in b:
        a = (a + int(x)) % 10 or 10
        a = a * 2 % 11
    out.append(("Croatian OIB", b + str((11 - a) % 10)))
    out.append(("Icelandic kennitala", (lambda k: k[:6] + "-" + k[6:])(_kennitala())))
    # Pakistani CNIC 5-7-1, failing Luhn
    while True:
        v = f"{pick(['35202', '42101', '61101', '37405'])}-{digits(7)}-{R.randint(1, 9)}"
        if _luhn_fails(v):
            out.append(("Pakistani CNIC", v))
            break
    # Irish PPSN (7 digits + check letter)
    b = digits(7)
    chk = sum(int(x) * w for x, w in zip(b, range(8, 1, -1))) % 23
    out.append(("Irish PPSN", b + "WABCDEFGHIJKLMNOPQRSTUV"[chk]))
    # Iranian national code (10 digits)
    b = digits(9)
    s = sum(int(x) * (10 - i) for i, x in enumerate(b)) % 11
    out.append(("Iranian national code", b + str(s if s < 2 else 11 - s)))
    # Slovak birth number (divisible by 11)
    while True:
        v = f"{R.randint(50, 99)}{R.choice([R.randint(1, 12), R.randint(51, 62)]):02d}{R.randint(1, 28):02d}" + digits(3)
        for c in "0123456789":
            if int(v + c) % 11 == 0:
                out.append(("Slovak rodné číslo", (v + c)[:6] + "/" + (v + c)[6:]))
                break
        else:
            continue
        break
    # Lithuanian asmens kodas (11 digits)
    b = pick("3456") + f"{R.randint(50, 99)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}" + digits(3)
    s = sum(int(x) * w for x, w in zip(b, [1, 2, 3, 4, 5, 6, 7, 8, 9, 1])) % 11
    if s == 10:
        s = sum(int(x) * w for x, w in zip(b, [3, 4, 5, 6, 7, 8, 9, 1, 2, 3])) % 11 % 10
    out.append(("Lithuanian asmens kodas", b + str(s)))
    return out


def n_national_ids():
    ids = R.sample(national_ids(), R.randint(3, 5))
    pieces = ["Overseas visitor eligibility check — identity documents seen at registration (numbers only, kept for the audit trail):\n"]
    for label, value in ids:
        allow = ("luhn", "phone") if label in ("Greek AMKA",) else ("phone",)
        pieces += ["- ", label, ": ", L(value, label, *allow), "\n"]
    pieces += ["Outcome: chargeable = no (EHIC/GHIC ", L(f"80826{digits(15)}", "GHIC card number (20 digits)", "luhn"), " pending)."]
    neg("national_ids", pieces)


def n_hashes():
    rows = []
    for _ in range(R.randint(3, 4)):
        rows += [ts("iso"), " trace_id=", L(sha(32), "trace id"), " span_id=", L(sha(16), "span id"), " etag=\"", L(sha(40), "ETag"),
                 "\" route=", pick(["/appointments", "/results", "/messages", "/documents"]), " dur_ms=", str(R.randint(3, 4000)), "\n"]
    neg("hashes", ["Slow requests on the portal BFF (tracing export):\n{noformat}\n"] + rows + ["{noformat}"])


def n_masked():
    cc = pick(list(IBAN_FORMATS))
    length = IBAN_FORMATS[cc][0]
    masked_iban = cc + "** " + "**** " * ((length - 8) // 4) + digits(4)
    neg("masked", ["Payment confirmation shown to the caller (masked by the gateway): card ", L(pick(["•••• ", "ending ", "**** **** **** "]) + digits(4), "masked card"),
                   ", ", L(pick(["4", "5", "2"]) + digits(5) + "******" + digits(4), "masked card (first six / last four)"),
                   "; refund IBAN ", L(masked_iban, "masked IBAN"), "; SMS receipt to ", L("+44 7*** ***" + digits(3), "masked phone"),
                   "; e-mail receipt to ", L(pick("abcdefghjkmnprst") + "*****@" + pick(["gmail.com", "outlook.com"]), "masked e-mail address"),
                   "; portal password shown as ", L("••••••••", "masked password"), "."])


def n_pubkeys():
    body = "AAAAC3NzaC1lZDI1NTE5AAAAI" + alnum(43, B64)
    cert = "MIID" + pick("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + "zCCA" + alnum(R.randint(560, 700), B64)
    neg("pubkeys", ["Public material for the SFTP partner (safe to share):\n",
                    L(f"ssh-ed25519 {body} results-push@{pick(['lis-int01', 'pacs-arch02'])}", "SSH public key", "entropy"), "\n",
                    "Host key fingerprint: ", L("SHA256:" + alnum(43, B64.replace("+", "").replace("/", "")), "SSH fingerprint", "entropy"), "\n",
                    L("-----BEGIN CERTIFICATE-----\n" + "\n".join(cert[i:i + 64] for i in range(0, len(cert), 64)) + "\n-----END CERTIFICATE-----",
                      "X.509 certificate", "pem", "entropy")])


def n_dicom_echo():
    neg("dicom_echo", ["QA after the archive move — local tests only:\n```\n$ echoscu -v -aet HALV_QA -aec PACS_ARCH2 ",
                       L("127.0.0.1", "loopback address", "loopback"), " 11112\nI: Requesting Association\nI: Association Accepted (Max Send PDV: ",
                       str(pick([16372, 32756, 65524])), ")\nI: Sending Echo Request (MsgID 1)\nI: Received Echo Response (Success)\n",
                       "$ findscu -S -k QueryRetrieveLevel=STUDY -k AccessionNumber=", L(accession(), "accession number"), " localhost 11112\n",
                       "I: Find Response: 1 (Pending)\nI: (0020,000d) UI [", L(dicom_uid(), "StudyInstanceUID"), "]\n```"])


def n_helm_existing():
    app = pick(["pacs", "portal", "case-mgmt", "sis-sync", "research-portal"])
    neg("helm_existing", ["values.yaml of the ", app, " chart (", version(), ") after moving credentials out:\n```yaml\npostgresql:\n  auth:\n    existingSecret: ", app, "-db-credentials\n",
                          "    secretKeys:\n      adminPasswordKey: postgres-password\n      userPasswordKey: password\n",
                          "smtp:\n  password: ", L(pick(["\"<set-in-vault: secret/civic/smtp>\"", "\"${SMTP_PASSWORD}\"", "\"{{ .Values.global.smtpPassword }}\"", "<password>"]), "placeholder"), "\n",
                          "objectStore:\n  accessKeyId: ", L(pick(["\"${S3_ACCESS_KEY_ID}\"", "\"<from-irsa>\""]), "placeholder"), "\n",
                          "  secretAccessKey: ", L("\"${S3_SECRET_ACCESS_KEY}\"", "placeholder"), "\n```"])


def n_stats_csv():
    rows = []
    for spec in R.sample(["Cardiology", "Dermatology", "ENT", "Ophthalmology", "Orthopaedics", "Urology", "Gynaecology"], 4):
        rows.append(f"{spec},{R.randint(200, 4000)},{R.randint(40, 95)}.{R.randint(0, 9)}%,{R.randint(2, 52)},{R.randint(0, 300)}\n")
    neg("stats_csv", ["RTT waiting list snapshot ", ts("dmy"), " (board pack):\nspecialty,waiting,within_18w,median_weeks,over_52w\n"] + rows)


def n_ldif_groups():
    neg("ldif_groups", ["Group membership export (service accounts only):\n{code}\n",
                        "dn: CN=PACS-Admins,OU=Groups,DC=hrhcs,DC=local\nobjectClass: group\n",
                        "member: CN=svc_pacs_ro,OU=Service Accounts,DC=hrhcs,DC=local\nmember: CN=svc_backup,OU=Service Accounts,DC=hrhcs,DC=local\n",
                        "objectGUID:: ", L(b64(rbytes(16)), "objectGUID (base64)", "entropy"), "\nwhenChanged: ", L(ts("hl7") + ".0Z", "generalized time", "luhn"), "\n",
                        "gidNumber: ", str(R.randint(10000, 20000)), "\n{code}"])


def n_prose(lang):
    Lg = LANGS[lang]
    neg("prose_" + lang, [fmt(Lg["neg"], mrn=L(mrn(), "MRN"), ward=ward(), bed=bed(), dose=dose()), " ", L(icd10(), "ICD-10 code"), ", ",
                          lab_values(), "."])


def n_policy(lang):
    Lg = LANGS[lang]
    neg("policy_" + lang, ["Password policy (", Lg["name"], " translation for the portal help page): ", Lg["policy"],
                           " — ", pick(["minimum length 14, history 24, lockout after 5 attempts", "MFA required for remote access; no SMS fallback for admins"]), "."])


def n_monitoring():
    neg("monitoring", ["[FIRING:1] DicomStoreLatencyHigh instance=", pick(["pacs-arch02", "pacs-arch01"]), ":9100 job=node\n",
                       "p95 store latency ", str(R.randint(4, 12)), ".", digits(2), " s (threshold 5 s) over 10m; queue ", str(R.randint(100, 900)),
                       " objects, ", filesize(), " pending; listener port 11112, HL7 port 2575, web port 8042.\n",
                       "Runbook: https://wiki.halvernhealth.org/display/PACS/Store+latency · silence id ", L(uuid(), "silence id")])


def n_ansible_vault():
    neg("ansible_vault", ["inventory/prod.ini after the fix — hosts by name, secrets from vault:\n{noformat}\n[clinical]\n",
                          "pacs-win01 ansible_host=pacs-win01.halvern.internal ansible_password=\"{{ vault_pacs_win_password }}\"\n",
                          "lis-lnx02 ansible_host=lis-lnx02.halvern.internal ansible_become_pass=\"{{ vault_lis_become }}\"\n{noformat}\n",
                          "group_vars/all/vault.yml:\n{noformat}\n$ANSIBLE_VAULT;1.1;AES256\n",
                          L("\n".join(hexs(80) for _ in range(3)), "ansible-vault ciphertext"), "\n{noformat}"])


def n_ps_prompts():
    acct = pick(["svc_backup", "svc_scan", "svc_pacs", "svc_print"])
    share = pick(["fs-civic01\\backup$", "pacs-arch02\\export$", "fs-res01\\cohort$"])
    neg("ps_prompts", ["Safer version of the ", acct, " mapping script (review ", ts("dmy"), "):\n```powershell\n",
                       "$cred = Get-Credential -UserName 'HRHCS\\", acct, "' -Message 'Share ", share.split("\\")[0], "'\n",
                       "$pw = Read-Host -AsSecureString -Prompt 'Password for ", acct, "'\n",
                       "New-PSDrive -Name ", pick("XYZ"), " -PSProvider FileSystem -Root \\\\", share, " -Credential $cred\n",
                       "# never: ConvertTo-SecureString '<password>' -AsPlainText -Force\n```"])


def n_sealed():
    neg("sealed", ["SealedSecret committed instead of the plain Secret (ciphertext only, needs the cluster key):\n```yaml\n",
                   "apiVersion: bitnami.com/v1alpha1\nkind: SealedSecret\nmetadata:\n  name: case-mgmt-db\nspec:\n  encryptedData:\n",
                   "    password: ", L("AgB" + alnum(R.randint(300, 400), B64), "sealed-secrets ciphertext", "entropy"), "\n",
                   "    username: ", L("AgC" + alnum(R.randint(300, 400), B64), "sealed-secrets ciphertext", "entropy"), "\n```"])


def n_sms_shortcodes():
    neg("sms_shortcodes", ["Reminder campaign ", ts("dmy"), ": ", str(R.randint(2000, 9000)), " sent, ", str(R.randint(40, 97)), ".", digits(1), "% delivered, ",
                           str(R.randint(5, 80)), " replies to short code ", L(str(R.randint(60000, 89999)), "SMS short code"), " (STOP ", str(R.randint(1, 30)),
                           ", C ", str(R.randint(1, 90)), "). Carrier error 30007 on ", str(R.randint(2, 40)), " numbers beginning ",
                           L("+44 7" + digits(2), "phone prefix only"), "…; sender id HALVERNNHS; template version ", version(), "."])


def n_role_mailbox():
    neg("role_mailbox", ["The PALS shared mailbox and the FOI inbox are both owned by Corporate Affairs now; requests for access go through the ",
                         "service catalogue item 'Shared mailbox access' (", L(f"SC-{digits(4)}", "catalogue item"), "), approved by the information asset owner. ",
                         "Retention: ", str(R.randint(2, 8)), " years; archive size ", filesize(), "."])


# --- build, check, write --------------------------------------------------------------------


def build():
    for lang in LANG_ORDER:
        t_portal_ticket(lang)
        t_temp_password(lang)
        n_prose(lang)
    for lang in R.sample(LANG_ORDER, 13):
        t_council_appeal(lang)
    for lang in R.sample(LANG_ORDER, 6):
        n_policy(lang)
    for _ in range(3):
        t_portal_ticket(pick(LANG_ORDER))
    plan = [
        (t_hl7_adt, 10), (t_fhir_patient, 8), (t_fhir_practitioner, 5), (t_fhir_curl_jwt, 5), (t_pacs_log, 6),
        (t_lab_error, 6), (t_sms_log, 6), (t_sis_export, 6), (t_grant, 5), (t_housing_repair, 5), (t_foi, 5),
        (t_ldif, 5), (t_k8s_secret, 6), (t_helm_values, 5), (t_tfstate, 5), (t_ansible_inventory, 5),
        (t_gha_log, 5), (t_powershell, 5), (t_winevent, 5), (t_access_log, 6), (t_conn_strings, 5),
        (t_cron_mail, 4), (t_oncall_handover, 6), (t_confluence_xhtml, 6), (t_markdown_contacts, 4),
        (t_private_key, 6), (t_card_payment, 12), (t_iban_ticket, 10), (t_ssn, 5), (t_complaint_email, 5),
        (t_dhcp_mac, 4), (t_url_creds, 6), (t_pager, 4), (t_vaccination_csv, 4), (t_pci_scan, 5),
        (t_jwt_misc, 9), (t_gcp_key, 2),
        (n_hl7_oru, 6), (n_fhir_observation, 5), (n_dicom_dump, 5), (n_coding, 5), (n_lab_values, 5),
        (n_bed_moves, 5), (n_student_records, 4), (n_grant_report, 4), (n_case_refs, 5), (n_k8s_refs, 4),
        (n_tf_plan, 3), (n_gha_masked, 4), (n_access_loopback, 4), (n_winevent_local, 3), (n_cron_disk, 4),
        (n_versions, 4), (n_phoneish, 4), (n_national_ids, 6), (n_hashes, 4), (n_masked, 6), (n_pubkeys, 4),
        (n_dicom_echo, 3), (n_helm_existing, 4), (n_stats_csv, 3), (n_ldif_groups, 3), (n_monitoring, 4),
        (n_ansible_vault, 3), (n_ps_prompts, 2), (n_sealed, 3), (n_sms_shortcodes, 4), (n_role_mailbox, 2),
    ]
    for fn, n in plan:
        for _ in range(n):
            fn()
    for i in range(26):
        t_student_ticket(i)
    for i in range(2 * len(VENDOR_CONTEXTS)):
        t_vendor_leak(i)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lint", action="store_true", help="also list the look-alikes left unlabelled")
    args = parser.parse_args()
    build()
    errors = validate(LINES)
    if errors:
        print("\n".join(errors[:200]), file=sys.stderr)
        print(f"{len(errors)} problems; nothing written", file=sys.stderr)
        return 1
    order = list(range(len(LINES)))
    random.Random(SHUFFLE_SEED).shuffle(order)
    kinds = Counter()
    with open(OUT, "w", encoding="utf-8") as out:
        for n, i in enumerate(order, 1):
            ln = LINES[i]
            ln["id"] = f"held7-{n:05d}"
            spans = [{"kind": k, "start": s, "end": e} for k, s, e, _ in sorted(ln["spans"], key=lambda x: x[1])]
            kinds.update(k for k, _, _, _ in ln["spans"])
            record = {"id": ln["id"], "text": ln["text"], "people": ln["people"], "spans": spans}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    negatives = sum(1 for ln in LINES if not ln["spans"])
    print(f"wrote {OUT.name}: {len(LINES)} lines, {sum(kinds.values())} spans, {negatives} negative lines")
    for kind, count in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {kind:<24}{count:>5}")
    if args.lint:
        print("\nlook-alikes left unlabelled:")
        for i in order:
            ln = LINES[i]
            for _, _, look in ln["looks"]:
                shapes = ",".join(sorted(look.allow)) or "-"
                print(f"  {ln['id']} [{ln['template']}] {look.note} ({shapes}): {look.text[:80]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
