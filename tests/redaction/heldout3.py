#!/usr/bin/env python3
"""Writes heldout3.jsonl: a third held-out redaction evaluation set of ticket-like text (Jira
tickets and comments, Confluence pages) from a mid-size company's IT, support, HR-adjacent and
engineering teams, in several languages. Written without looking at the detectors or at the
other corpora's sentences.

    python3 tests/redaction/heldout3.py [--lint]

(`--lint` also lists look-alikes left unlabeled on purpose, for review.)

Deterministic: every random part (card numbers, IBAN bodies, key bodies, PEM and JWT bodies)
comes from one seeded `random.Random`; the line order is shuffled by a second seeded one.

Format (the one evaluate.py reads):

    {"id": "held3-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with byte offsets into the UTF-8 text, computed from pieces (plain strings and `(kind, value)`
tuples), never by hand.

Labelling conventions (those of heldout.py, plus a few):

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`).
* password: only the secret value of an assignment, flag, command or sentence (no key name, no
  quotes). Generic secrets without a vendor prefix (client_secret, SECRET_KEY, a base64 value in
  a Kubernetes Secret, a Wi-Fi passphrase) are `password`.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL; an AWS
  secret access key is `api_key/aws`.
* person: a display name, email or account id of someone in the line's `people`, where the text
  mentions them (an @mention is labelled without the `@`; a `[~accountid:...]` mention labels
  the id). Listed people appear only by full display name, never by first name alone. Emails of
  listed people are `person`, not `email`.
* A name written beside an email address whose local part spells it (someone not in `people`,
  as in a `From:` header or a signature) is `person` (the name) plus `email` (the address).
  Role and team addresses (support@, it-helpdesk@) are `email` only.
* ip_address: public and private alike, without port, brackets or prefix length; loopback and
  0.0.0.0 are not labelled.
* phone: the whole number as written (country code, parentheses, separators), without labels
  such as `Tel.:`.
* private_key: from `-----BEGIN` to the closing `-----` of the END line.
* Negative lines (no spans) carry look-alikes: versions, order, invoice and tracking numbers,
  hashes, UUIDs, timestamps, placeholders, masked values, documentation examples, certificates
  and public keys.
"""

import base64
import json
import random
import re
import string
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from checks import iban_check, iban_valid, luhn_ok

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout3.jsonl"
rng = random.Random(0x3D1A7C)

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def pick(chars, n):
    return "".join(rng.choice(chars) for _ in range(n))


def alnum(n):
    return pick(ALNUM, n)


def hexs(n):
    return pick(HEX, n)


def digits(n):
    return pick(string.digits, n)


def b64url_bytes(n):
    return base64.urlsafe_b64encode(bytes(rng.getrandbits(8) for _ in range(n))).rstrip(b"=").decode()


def b64_bytes(n):
    return base64.b64encode(bytes(rng.getrandbits(8) for _ in range(n))).decode()


def uuid4():
    h = hexs(32)
    h = h[:12] + "4" + h[13:16] + rng.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


# --- credit cards ----------------------------------------------------------------------------


def card_number(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError


def not_luhn(length, prefix=""):
    """A digit string of `length` that fails the Luhn check (order and tracking numbers)."""
    while True:
        n = prefix + digits(length - len(prefix))
        if not luhn_ok(n):
            return n


def group(number, sizes, sep):
    out, i = [], 0
    for size in sizes:
        out.append(number[i:i + size])
        i += size
    assert i == len(number)
    return sep.join(out)


def visa(sep=" "):
    return group(card_number("4" + rng.choice(["539", "916", "111", "485", "024", "716"]), 16),
                 [4, 4, 4, 4], sep)


def mastercard(sep=" "):
    prefix = rng.choice(["51", "52", "53", "54", "55", "2221", "2720", "2511"])
    return group(card_number(prefix, 16), [4, 4, 4, 4], sep)


def amex(sep=" "):
    return group(card_number(rng.choice(["34", "37"]), 15), [4, 6, 5], sep)


def discover(sep=" "):
    return group(card_number("6011", 16), [4, 4, 4, 4], sep)


def jcb(sep=" "):
    return group(card_number("35" + rng.choice(["28", "41", "89"]), 16), [4, 4, 4, 4], sep)


def diners(sep=" "):
    return group(card_number("36", 14), [4, 6, 4], sep)


def unionpay(sep=" "):
    return group(card_number("62" + rng.choice(["2126", "2848", "5094"]), 16), [4, 4, 4, 4], sep)


def maestro(sep=" "):
    return group(card_number("6759", 19), [4, 4, 4, 4, 3], sep)


# --- IBAN ------------------------------------------------------------------------------------


def es_dc(number):
    """One Spanish control digit (CCC): weights 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 modulo 11."""
    weights = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    d = 11 - sum(int(c) * w for c, w in zip(number, weights)) % 11
    return str({11: 0, 10: 1}.get(d, d))


IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def it_cin(rest):
    """The Italian CIN letter of ABI + CAB + account."""
    total = 0
    for i, c in enumerate(rest):
        v = int(c) if c.isdigit() else ord(c) - ord("A")
        total += IT_ODD[v] if i % 2 == 0 else v
    return UPPER[total % 26]


def bban(country):
    if country == "DE":
        return digits(18)
    if country == "FR":
        bank, branch, account = digits(5), digits(5), digits(11)
        rib = 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97
        return bank + branch + account + f"{rib:02d}"
    if country == "ES":
        bank, branch, account = digits(4), digits(4), digits(10)
        return bank + branch + es_dc("00" + bank + branch) + es_dc(account) + account
    if country == "NL":
        return rng.choice(["ABNA", "INGB", "RABO", "SNSB", "KNAB"]) + digits(10)
    if country == "IT":
        rest = digits(10) + digits(12)
        return it_cin(rest) + rest
    if country == "PL":
        return digits(24)
    if country == "PT":
        return rng.choice(["0035", "0033", "0007", "0010"]) + digits(17)
    if country == "BE":
        first = digits(10)
        k = int(first) % 97 or 97
        return first + f"{k:02d}"
    if country == "AT":
        return digits(16)
    if country == "CH":
        return digits(17)
    if country in ("GB", "IE"):
        bank = {"GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"], "IE": ["AIBK", "BOFI"]}[country]
        return rng.choice(bank) + digits(14)
    if country == "LU":
        return digits(16)
    if country == "SE":
        return digits(20)
    if country == "DK":
        return digits(14)
    raise KeyError(country)


def iban(country, spaced=True):
    b = bban(country)
    full = country + iban_check(country, b) + b
    assert iban_valid(full)
    if spaced:
        return " ".join(full[i:i + 4] for i in range(0, len(full), 4))
    return full


# --- SSN -------------------------------------------------------------------------------------


def ssn_valid(value):
    d = re.sub(r"[^0-9]", "", value)
    if len(d) != 9:
        return False
    area, grp, serial = int(d[:3]), int(d[3:5]), int(d[5:])
    return 0 < area < 900 and area != 666 and grp > 0 and serial > 0


def ssn(sep="-"):
    while True:
        area = rng.randint(1, 899)
        if area != 666:
            break
    return f"{area:03d}{sep}{rng.randint(1, 99):02d}{sep}{rng.randint(1, 9999):04d}"


# --- vendor keys -----------------------------------------------------------------------------

AWS_CHARS = UPPER + "234567"


def key(vendor, variant=None):
    if vendor == "github":
        if variant == "fine":
            return "github_pat_11" + pick(UPPER + string.digits, 20) + "_" + alnum(59)
        return (variant or "ghp") + "_" + alnum(36)
    if vendor == "aws":
        if variant == "secret":
            return pick(ALNUM + "/+", 40)
        return (variant or "AKIA") + pick(AWS_CHARS, 16)
    if vendor == "stripe":
        if variant == "whsec":
            return "whsec_" + alnum(32)
        return (variant or "sk_live") + "_" + "51" + alnum(rng.choice([22, 97]))
    if vendor == "slack":
        if variant == "webhook":
            return ("https://hooks.slack.com/services/T" + pick(UPPER + string.digits, 8)
                    + "/B" + pick(UPPER + string.digits, 10) + "/" + alnum(24))
        if variant == "xoxp":
            return f"xoxp-{digits(11)}-{digits(12)}-{digits(13)}-{hexs(32)}"
        if variant == "xapp":
            return f"xapp-1-A{pick(UPPER + string.digits, 10)}-{digits(13)}-{hexs(64)}"
        return f"xoxb-{digits(11)}-{digits(13)}-{alnum(24)}"
    if vendor == "openai":
        if variant == "svcacct":
            return "sk-svcacct-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
        if variant == "legacy":
            return "sk-" + alnum(20) + "T3BlbkFJ" + alnum(20)
        return "sk-proj-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
    if vendor == "anthropic":
        return "sk-ant-api03-" + pick(B64URL, 93) + "AA"
    if vendor == "gitlab":
        if variant == "runner":
            return "glrt-" + pick(B64URL, 20)
        return "glpat-" + pick(B64URL, 20)
    if vendor == "npm":
        return "npm_" + alnum(36)
    if vendor == "google":
        return "AIza" + pick(B64URL, 35)
    if vendor == "sendgrid":
        return "SG." + pick(B64URL, 22) + "." + pick(B64URL, 43)
    if vendor == "twilio":
        return "SK" + hexs(32)
    if vendor == "shopify":
        return "shpat_" + hexs(32)
    if vendor == "huggingface":
        return "hf_" + pick(string.ascii_letters, 34)
    if vendor == "digitalocean":
        return "dop_v1_" + hexs(64)
    if vendor == "pypi":
        return "pypi-AgEIcHlwaS5vcmc" + pick(B64URL, 150)
    if vendor == "atlassian":
        return "ATATT3xFfGF0" + pick(B64URL, 171) + "=" + pick("0123456789ABCDEF", 8)
    if vendor == "mailgun":
        return "key-" + hexs(32)
    if vendor == "docker":
        return "dckr_pat_" + pick(B64URL, 27)
    if vendor == "hashicorp":
        return "hvs." + pick(B64URL, 24)
    if vendor == "postman":
        return "PMAK-" + hexs(24) + "-" + hexs(34)
    if vendor == "linear":
        return "lin_api_" + alnum(40)
    if vendor == "newrelic":
        return "NRAK-" + pick(UPPER + string.digits, 27)
    raise KeyError(vendor)


# --- JWT, PEM --------------------------------------------------------------------------------


def b64url_json(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(payload, alg="HS256", kid=None):
    header = {"alg": alg, "typ": "JWT"}
    if kid:
        header["kid"] = kid
    sig_len = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64}[alg]
    return b64url_json(header) + "." + b64url_json(payload) + "." + b64url_bytes(sig_len)


def jwt_valid(token):
    parts = token.split(".")
    if len(parts) != 3:
        return False
    head = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    return "alg" in head


PEM_PREFIX = {
    "RSA PRIVATE KEY": "MIIEpAIBAAKCAQEA",
    "PRIVATE KEY": "MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQ",
    "EC PRIVATE KEY": "MHcCAQEEI",
    "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW",
    "ENCRYPTED PRIVATE KEY": "MIIFLTBXBgkqhkiG9w0BBQ0wSjApBgkqhkiG9w0BBQwwHAQI",
    "CERTIFICATE": "MIIFazCCA1OgAwIBAgIUB3n1x0cL6d2fBQ0gH1a7mWkR9ZcwDQYJKoZIhvcNAQEL",
    "PUBLIC KEY": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
}


def pem(label, nbytes, newline="\n", width=64):
    prefix = PEM_PREFIX[label]
    body = b64_bytes(nbytes)
    body = prefix + body[len(prefix):]
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return newline.join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


# --- people ----------------------------------------------------------------------------------


def person(name, email, account_id):
    return {"display_name": name, "email": email, "account_id": account_id}


PEOPLE = {
    "marta": person("Marta Kowalczyk", "marta.kowalczyk@brightlane.io", "5d3a9c1e7f2b4a6c8e0d1f23"),
    "james": person("James O'Connor", "james.oconnor@brightlane.io",
                    "712020:3f9a2c1d-8b7e-4d6a-9c5b-2e1f0a9b8c7d"),
    "lena": person("Lena Hoffmann", "lena.hoffmann@brightlane.de", "60c7e2a9b1d34f5a6e7c8d90"),
    "rajesh": person("Rajesh Iyer", "rajesh.iyer@brightlane.io",
                     "557058:c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f"),
    "camille": person("Camille Dubois", "camille.dubois@brightlane.fr", "63a1b2c3d4e5f60718293a4b"),
    "javier": person("Javier Ruiz Ortega", "jruiz@brightlane.es", "5e6f7a8b9c0d1e2f3a4b5c6d"),
    "beatriz": person("Beatriz Almeida", "beatriz.almeida@brightlane.com.br",
                      "712020:9e8d7c6b-5a4f-4e3d-a2c1-b0a9f8e7d6c5"),
    "giulia": person("Giulia Ferraro", "g.ferraro@brightlane.it", "61f0e1d2c3b4a59687786950"),
    "daan": person("Daan de Vries", "daan.devries@brightlane.nl", "5b4c3d2e1f0a9b8c7d6e5f40"),
    "sato": person("佐藤 陽翔", "h.sato@brightlane.co.jp",
                   "712020:1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
    "yuki": person("Yuki Tanaka", "yuki.tanaka@brightlane.co.jp", "62d0c1b2a3948576a6b7c8d9"),
    "wang": person("王芳", "fang.wang@brightlane.cn", "62b3c4d5e6f708192a3b4c5d"),
    "minji": person("김민지", "minji.kim@brightlane.kr", "5c8d9e0f1a2b3c4d5e6f7a8b"),
    "sarah": person("Sarah Goldberg", "sgoldberg@brightlane.io",
                    "557058:7b6a5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d"),
    "tom": person("Tom Becker", "tom.becker@brightlane.io", "6042a1b9c8d7e6f5a4b3c2d1"),
    "aisha": person("Aisha Bello", "aisha.bello@brightlane.io", "5f1e2d3c4b5a69788796a5b4"),
    "piotr": person("Piotr Zieliński", "piotr.zielinski@brightlane.pl", "63c2b1a0f9e8d7c6b5a49382"),
    "ines": person("Inês Carvalho", "ines.carvalho@brightlane.pt",
                   "712020:5c4b3a29-1807-4f6e-8d5c-4b3a29180706"),
    "matteo": person("Matteo Greco", "matteo.greco@brightlane.it", "5a9b8c7d6e5f4a3b2c1d0e9f"),
    "ethan": person("Ethan Walsh", "ewalsh@brightlane.io", "60f1e2d3c4b5a6978897a6b5"),
    "linh": person("Linh Nguyen", "linh.nguyen@brightlane.io",
                   "557058:0a1b2c3d-4e5f-4a6b-9c7d-8e9f0a1b2c3d"),
    "klaus": person("Klaus-Peter Schmid", "kp.schmid@brightlane.de", "61a2b3c4d5e6f7a8b9c0d1e2"),
    "noor": person("Noor Bakker", "noor.bakker@brightlane.nl", "5e0d1c2b3a4f5e6d7c8b9a0f"),
    "chloe": person("Chloé Martin", "chloe.martin@brightlane.fr", "62f3e4d5c6b7a8091a2b3c4d"),
}

# --- the lines -------------------------------------------------------------------------------

LINES = []


def add(people, *parts):
    LINES.append((list(people), list(parts)))


NEG_PEOPLE = ["marta", "james", "lena", "rajesh", "camille", "javier", "beatriz", "giulia",
              "daan", "yuki", "sarah", "tom", "aisha", "piotr", "ethan", "linh"]
neg_seen = [0]


def neg(text, people=()):
    """A line without labels. Every third one carries people (reporter and assignee of a Jira
    ticket) whom the text does not mention."""
    n = neg_seen[0]
    neg_seen[0] += 1
    people = list(people)
    if not people and n % 3 == 0:
        i = (n // 3) % len(NEG_PEOPLE)
        people = [NEG_PEOPLE[i], NEG_PEOPLE[(i + 7) % len(NEG_PEOPLE)]]
    LINES.append((people, [text]))


def E(v): return ("email", v)
def PH(v): return ("phone", v)
def CC(v): return ("credit_card", v)
def IB(v): return ("iban", v)
def IP(v): return ("ip_address", v)
def SSN(v): return ("ssn", v)
def P(v): return ("person", v)
def N(v): return ("person", v)  # a name beside an email whose local part spells it
def MAC(v): return ("mac_address", v)
def PK(v): return ("private_key", v)
def JWT(v): return ("jwt", v)
def PW(v): return ("password", v)
def UC(v): return ("url_credentials", v)
def K(vendor, variant=None): return ("api_key/" + vendor, key(vendor, variant))
def KV(vendor, value): return ("api_key/" + vendor, value)


def who(k, field="display_name"):
    return PEOPLE[k][field]


def now_ts(day, h, m, s):
    return f"2024-03-{day:02d}T{h:02d}:{m:02d}:{s:02d}"


# =============================================================================================
# English: IT service desk
# =============================================================================================

add(["marta", "tom"],
    "Hi team, ", P(who("marta")), " starts on Monday 8 April in Finance (Warsaw office, 3rd floor). "
    "Please ship the ThinkPad T14 Gen 4 (asset BL-LT-04417) to her home address, she confirmed it by "
    "phone yesterday: ul. Mokotowska 12/4, 00-561 Warszawa. Mobile for the courier: ",
    PH("+48 601 482 937"), ". Standard Finance image plus SAP GUI 8.00 and the Finance VPN profile. "
    "Temporary AD password for the first login is ", PW("Wiosna#2024!kx"),
    " (must change at next logon). Manager approval is in the parent ticket ITS-8812.")

add(["tom"],
    "Reassigning to Network. User reports the VPN drops every ~20 minutes since the GlobalProtect "
    "upgrade to 6.2.1. From the client logs: gateway vpn-fra.brightlane.io resolves to ",
    IP("185.112.146.21"), ", tunnel comes up with inner address ", IP("10.96.14.233"),
    ", then `Tunnel is down due to keep-alive timeout` at 10:42:17 and 11:03:55. Home router "
    "public IP per whatismyip was ", IP("87.123.208.61"),
    " (Vodafone cable). Asked the user to try the hotspot on their phone to rule out the ISP. ",
    P(who("tom")), " can you check if the FRA gateway had a failover today?")

add([],
    "Printer on 2nd floor (HP LaserJet M507, tag BL-PR-0231) keeps getting a new address after "
    "the switch replacement. Created a DHCP reservation on dc02:\n"
    "  Scope BER-2OG-CLIENTS / Name BER-2OG-PRINT / IP ", IP("10.20.2.45"), " / MAC ", MAC("3C:52:82:6E:A1:F4"),
    "\nand updated the print server port. Test page OK. Closing once the users confirm.")

add(["james", "sarah"],
    "Password reset request came in from an external mailbox, so I did NOT process it. The mail "
    "claimed to be from ", P(who("james")), " but was sent from ", E("james.oconnor.brightlane@gmail.com"),
    " and asked us to set the password to ", PW("Brightlane2024"),
    " and disable MFA \"because I'm travelling\". Forwarded to security@ and blocked the sender. ",
    P(who("sarah")), " FYI for the phishing stats this month.")

add(["aisha"],
    "User can't log in to the Wi-Fi in the London office since the PSK rotation. For the record "
    "(this ticket is restricted to IT): SSID BL-Staff-LON, new passphrase ", PW("Tower-Bridge-Kettle-42"),
    ", valid until the next quarterly rotation. ", P(who("aisha")),
    " please update the laminated card in the meeting rooms, the old one is still up.")

add([],
    "Guest network for the partner workshop on Thursday: SSID \"BL-Guest\", password: ", PW("welcome-lisbon-0411"),
    ". It's isolated from the corp VLAN and expires Friday 18:00. Please don't reuse it for anything else.")

add(["ethan"],
    "From the user's screenshot: they typed their new password into the username field on the "
    "Citrix page, so it's now in the Citrix access log as `user=", PW("Gr33nT3a&Biscuits"),
    "` from ", IP("82.34.117.209"), ". I've forced another reset and asked ", P(who("ethan")),
    " to purge that log entry. User informed, new temp password sent via SMS to the number on file.")

add([],
    "Laptop handover checklist for the leaver (last day Friday): collect MacBook Pro serial C02FK3ABQ05N, "
    "YubiKey, badge #10488. The user asked that we call their partner if they're not home when the "
    "courier comes: ", PH("07823 614902"), ". Wipe via Jamf after return, not before (legal hold check "
    "pending in HR-2291).")

add(["linh", "tom"],
    "Linking this to the MFA rollout epic. ", P(who("linh")), " reports that the Authenticator "
    "registration fails with AADSTS50079 on her iPhone. Sign-in logs show the attempt from ",
    IP("2a02:c7c:5e41:1a00:8d24:3f1b:9c02:44e7"), " (home broadband) and the second one from ",
    IP("31.94.18.202"), " (mobile data), both blocked by the CA policy 'Require compliant device'. "
    "The device is still in Intune as non-compliant because of the pending iOS 17.4 update.")

add([],
    "Ext. contractor needs temporary access to the build share. Please create a local account on "
    "fs03 and send the credentials to their PM only. Created: user `ext_kpatel`, password `",
    PW("v9F!q2Lz#Tm8"), "`, expiry 30/04. Shared via the 1Password external link, not email.")

add(["tom", "marta"],
    "Mapping drives for the new Finance starter fails with System error 86. Turned out the script "
    "still has the old service account hardcoded:\n\n"
    "```\nnet use Z: \\\\fs01.corp.brightlane.io\\finance /user:CORP\\svc_drivemap ", PW("Dr1veMap!2019"),
    " /persistent:yes\n```\n\nThat account was disabled in January. ", P(who("tom")),
    " I'll move this to GPO drive maps, please rotate that password anyway since it's been in the "
    "script on every laptop.")

add([],
    "Mounted the scanner share on the Linux box with\n"
    "`sudo mount -t cifs //", IP("10.20.1.15"), "/scans /mnt/scans -o username=svc_scan,password=", PW("ScanMe-4471"),
    ",vers=3.0,uid=1000`\nworks now; the issue was SMB1 being disabled on the NAS. Should we move the "
    "credentials to /root/.smbcredentials instead?")

add(["rajesh"],
    "Mobile device lost: iPhone 14 belonging to ", P(who("rajesh")), " was left in a taxi in Bangalore. "
    "He called the desk from his wife's phone, ", PH("+91 98450 12873"),
    ". Remote lock issued via Intune at 14:22 IST, wipe scheduled if not recovered by tomorrow. "
    "Replacement device ordered (PO-77120).")

add([],
    "Caller: front desk, Madrid office. The door access controller (Paxton Net2, IP ", IP("10.30.0.21"),
    ") is offline after the power cut. The installer's on-call number is ", PH("+34 912 748 360"),
    ", contract ref MAD-ACC-2019-044. Escalating to Facilities since we don't own that box.")

add(["aisha", "ethan"],
    "Offboarding ", P(who("ethan")), " from the shared mailboxes as requested by ", P(who("aisha")),
    ". Removed from: ", E("accounts-payable@brightlane.io"), ", ", E("vendor-onboarding@brightlane.io"),
    ". Mail forwarding set to the manager for 30 days. Nothing else pending on our side.")

add([],
    "Conference room MUC-4.12 display isn't picking up the ClickShare. Base unit MAC ",
    MAC("00-23-A5-4C-19-E2"), ", it got ", IP("10.22.4.118"),
    " from DHCP but the button pairing keeps failing. Firmware is 1.13.0.8, Barco says 1.14 fixes it.")

add(["sarah"],
    "Hi ", P(who("sarah")), " — for the audit sample you asked for, the admin accounts with "
    "non-expiring passwords are: adm_backup, adm_sql01, svc_veeam. The svc_veeam one is set to `",
    PW("Veeam#Backup2021"), "` according to the old wiki page, which is its own finding. I'll file "
    "a separate ticket for the rotation.")

# --- IT: pasted configs, commands ------------------------------------------------------------

add([],
    "Tried to restore the dump on the staging replica, command from the runbook:\n"
    "```\nmysql -h ", IP("10.40.8.22"), " -P 3306 -u restore_user -p'", PW("R3st0re!Stg#91"),
    "' shop_stg < /backups/shop_2024-03-17.sql\n```\nFails with ERROR 1045 after the user "
    "migration. Is restore_user still supposed to exist?")

add(["lena"],
    "Here's the relevant part of `application-prod.yml` that ", P(who("lena")), " asked for:\n\n"
    "```yaml\nspring:\n  datasource:\n    url: jdbc:postgresql://pg-prod-01.int.brightlane.io:5432/orders\n"
    "    username: orders_app\n    password: ", PW("q7Nw2!bVx9Lr"), "\n  rabbitmq:\n    host: ", IP("10.40.3.17"),
    "\n    username: orders\n    password: '", PW("Rb!tMq_prod_2023"), "'\n```\n\n"
    "I know, I know, it should come from Vault. That's exactly what PLAT-1420 is about.")

add([],
    "The connection string in the failing Azure Function app settings is:\n"
    "`Server=tcp:bl-sql-weu.database.windows.net,1433;Initial Catalog=crm;Persist Security Info=False;"
    "User ID=crm_writer;Password=", PW("Xk3$hW9pQz!m"), ";MultipleActiveResultSets=False;Encrypt=True;`\n"
    "The error is a login timeout, not an auth failure, so probably the firewall rule for the new "
    "outbound IPs ", IP("20.86.93.143"), " and ", IP("20.86.94.27"), ".")

add(["piotr"],
    "Grafana alert 'pg_replication_lag > 60s' fired 6 times overnight. ", P(who("piotr")),
    " checked the replica:\n```\n$ psql \"postgresql://", UC("monitor:m0n!tor-ro"),
    "@", IP("10.40.8.23"), ":5432/postgres?sslmode=require\" -c 'select now() - pg_last_xact_replay_timestamp();'\n"
    "    ?column?\n-----------------\n 00:01:47.221934\n```\nAutovacuum on the events table again.")

# =============================================================================================
# English: engineering, platform, secrets in pasted material
# =============================================================================================

add([],
    "docker-compose.override.yml from the dev who reported the bug (they committed it to the "
    "feature branch, branch deleted since):\n\n```yaml\nservices:\n  api:\n    image: "
    "registry.brightlane.io/billing-api:3.14.2\n    environment:\n      DATABASE_URL: postgres://",
    UC("billing:Hq8vT3nP0zLw"), "@", IP("10.40.12.7"), ":5432/billing\n      REDIS_URL: redis://",
    UC(":r3d1s-b1ll1ng"), "@", IP("10.40.12.9"), ":6379/0\n      STRIPE_SECRET_KEY: ", K("stripe"),
    "\n      LOG_LEVEL: debug\n    ports:\n      - \"127.0.0.1:8080:8080\"\n```\n\n"
    "Stripe key rolled in the dashboard at 15:10, DB password rotation tracked in SEC-311.")

add(["ethan"],
    "GitHub Actions run #4471 for brightlane/web-portal printed the token because someone added "
    "`set -x` to the deploy step:\n```\n+ git remote set-url origin https://github.com/brightlane/web-portal.git\n"
    "+ echo ", K("github"), "\n+ gh auth login --with-token\n```\n",
    P(who("ethan")), " revoked it under the bot account and re-ran the job. We should enable "
    "log masking for that secret; it wasn't registered with ::add-mask::.")

aws_id, aws_secret = key("aws"), key("aws", "secret")
add(["rajesh"],
    "Found this in the ticket attachment `support-bundle.zip/home/ubuntu/.aws/credentials` that the "
    "customer success team uploaded:\n\n```\n[default]\naws_access_key_id = ", KV("aws", aws_id),
    "\naws_secret_access_key = ", KV("aws", aws_secret), "\nregion = eu-central-1\n```\n\n",
    P(who("rajesh")), " this is our own deploy user, not the customer's. Deactivated the key in IAM, "
    "CloudTrail shows no use from unknown IPs. Attachment deleted from the ticket.")

add([],
    "Jenkins console output, stage 'Publish':\n```\n[Pipeline] sh\n+ npm config set //registry.npmjs.org/:_authToken ",
    K("npm"), "\n+ npm publish --access restricted\nnpm ERR! 403 403 Forbidden - PUT https://registry.npmjs.org/@brightlane%2fui-kit\n```\n"
    "So the token is valid but lacks publish rights on the org. Please create an automation token "
    "with publish scope and store it as a Jenkins credential instead of the env var.")

add(["james"],
    "The mobile build leaks the Maps key in the decompiled APK (res/values/strings.xml):\n"
    "`<string name=\"google_maps_key\">", K("google"), "</string>`\nThat by itself is normal for Android, "
    "but the key has no application restriction, so anyone can bill Geocoding to us. ",
    P(who("james")), " please add the package name + SHA-1 restriction in GCP.")

add([],
    "Postmortem draft, section 'Timeline' (times UTC):\n"
    "09:12 deploy of notifications-svc 2.8.0 starts\n09:14 first 5xx from SendGrid: `401 The provided "
    "authorization grant is invalid, expired, or revoked`\n09:20 on-call finds that the new Helm values "
    "file has the old key `SENDGRID_API_KEY: ", K("sendgrid"), "` (revoked in Feb)\n"
    "09:31 rollback to 2.7.4 done, queue drains by 09:48\nAround 41k password-reset mails were delayed up to 36 min.")

add(["aisha"],
    "The SMS provider config in the `notify` service (checked into infra repo, sigh):\n"
    "```\nTWILIO_API_KEY_SID=", K("twilio"), "\nTWILIO_API_KEY_SECRET=", PW("p3Yh8sQ0dWm1ZrX4vN6tB2kJ9cLf7aEe"),
    "\nTWILIO_FROM=", PH("+14158432297"), "\n```\n", P(who("aisha")), " the from-number is fine to "
    "keep in config, the other two need to move to the secret store.")

add([],
    "Slack alert integration for the status page stopped working. The webhook in the Terraform "
    "variables is `", K("slack", "webhook"), "` and Slack returns `invalid_token`, so the app was "
    "probably reinstalled. Can someone with workspace admin regenerate it?")

add(["daan", "ethan"],
    "Bot config for the #deploys channel bot (pasted by ", P(who("daan")), " in the thread, copying "
    "here before the thread gets lost):\n```json\n{\n  \"slack_bot_token\": \"", K("slack"),
    "\",\n  \"slack_app_token\": \"", K("slack", "xapp"), "\",\n  \"channel\": \"C04QK7Z2M1P\"\n}\n```\n",
    "Both need rotating, ", P(who("ethan")), " is on it.")

add([],
    "Hi, our OpenAI usage jumped to $2,340 overnight (normally ~$60/day). The key that was used, "
    "according to the usage page, is the one in the `ml-playground` repo's notebook:\n"
    "`openai.api_key = \"", K("openai"), "\"`\nThe repo was made public on Friday by mistake. "
    "Key revoked, repo private again, asking OpenAI about the charges.")

add(["matteo"],
    "LLM summarisation service config for staging:\n\n```toml\n[providers.anthropic]\napi_key = \"",
    K("anthropic"), "\"\nmodel = \"claude-3-haiku-20240307\"\nmax_tokens = 1024\n\n[providers.openai]\napi_key = \"",
    K("openai", "svcacct"), "\"\n```\n", P(who("matteo")), " why does staging have production-tier keys?")

add([],
    "GitLab runner on build-07 won't register, output:\n```\n$ sudo gitlab-runner register --non-interactive "
    "--url https://gitlab.brightlane.io --token ", K("gitlab", "runner"),
    " --executor docker --docker-image alpine:3.19\nERROR: Verifying runner... is not valid\n```\n"
    "Was the token regenerated when the group was moved?")

add(["piotr"],
    "Renovate can't open MRs on the infra group anymore. Its config uses `RENOVATE_TOKEN=", K("gitlab"),
    "`, which belonged to ", P(who("piotr")), "'s personal account. Since he moved teams the token lost "
    "maintainer on infra/*. Suggest a group access token for the bot.")

add([],
    "Pulled this from the Kubernetes namespace `payments` for the incident doc (base64 decoded below "
    "the manifest for readability, please delete after reading):\n```yaml\napiVersion: v1\nkind: Secret\n"
    "metadata:\n  name: payments-db\ntype: Opaque\ndata:\n  username: cGF5bWVudHM=\n  password: ",
    PW("Wm5QeDdMcTJWYjk0Ukt0"), "\n```\ndecoded password: ", PW("ZnPx7Lq2Vb94RKt"))

add(["linh"],
    "Vault token for the migration job, valid 24h: `", K("hashicorp"), "`. ", P(who("linh")),
    " ran `vault token lookup` and it has the `db-admin` policy, which is way too much for a one-off "
    "migration. Revoked; I'll issue one with the `db-migrate` policy instead.")

add([],
    "CI publishes the Python client to PyPI via twine; the `.pypirc` on the runner image is\n"
    "```\n[pypi]\n  username = __token__\n  password = ", K("pypi"), "\n```\n"
    "which means the token is baked into the image (registry.brightlane.io/ci/python:3.12). "
    "Moving to trusted publishing.")

add(["yuki"],
    "Notebook `eval_retrieval.ipynb` has `login(token=\"", K("huggingface"), "\")` in cell 3. ",
    P(who("yuki")), " it's your personal HF token, please revoke it and use `huggingface-cli login` "
    "so it ends up in ~/.cache instead of in git history.")

add([],
    "Jira automation script for the weekly SLA report (from the shared drive):\n```python\n"
    "JIRA = \"https://brightlane.atlassian.net\"\nAUTH = (\"", E("svc-reporting@brightlane.io"), "\", \"", K("atlassian"),
    "\")\nr = requests.get(f\"{JIRA}/rest/api/3/search\", auth=AUTH, params={\"jql\": jql})\n```\n"
    "The token belongs to the service account, scope is full user access. Please move it to the "
    "reporting VM's credential manager.")

add(["tom"],
    "Found a DigitalOcean token in the old marketing microsite repo (`deploy.sh`): `doctl auth init -t ",
    K("digitalocean"), "`. We haven't used DO since 2022 but the account still exists and bills $12/month "
    "for a droplet at ", IP("164.92.176.38"), ". ", P(who("tom")), " can we close that account?")

add([],
    "Mailgun config in the legacy newsletter tool: `MAILGUN_API_KEY=", K("mailgun"),
    "`, `MAILGUN_DOMAIN=mg.brightlane.io`. This is the tool we're replacing with Customer.io next "
    "quarter, but until then the key needs to be rotated (it's in the Confluence export).")

add(["javier"],
    "Docker Hub pull rate limits again on the shared runners. ", P(who("javier")),
    " set up the authenticated pull: `echo \"", K("docker"), "\" | docker login -u brightlaneci --password-stdin`. "
    "It's a read-only token, but it still shouldn't be in the job script, let's use the masked CI variable.")

add([],
    "Postman collection export attached to SUP-4410 contains the team API key in the pre-request "
    "script: `pm.request.headers.add({key: 'X-Api-Key', value: '", K("postman"),
    "'})`. Customers get this collection! Removed from the attachment, key regenerated.")

add(["noor"],
    "Linear ↔ Jira sync script is failing with 401. ", P(who("noor")), " pasted the env:\n"
    "```\nLINEAR_API_KEY=", K("linear"), "\nJIRA_BASE=https://brightlane.atlassian.net\nJIRA_USER=", E("sync-bot@brightlane.io"), "\n"
    "JIRA_TOKEN=", K("atlassian"), "\n```\nThe Linear key was created by someone who left; re-create under the service user.")

add([],
    "New Relic infra agent on the EU workers reports nothing since Tuesday. `/etc/newrelic-infra.yml`:\n"
    "```\nlicense_key: {{ nr_license_key }}\ndisplay_name: worker-eu-03\ncollector_url: https://infra-api.newrelic.com\n```\n"
    "and the alerting script uses the user key `", K("newrelic"), "`. The license key templated in is the EU one but "
    "the agent points at the US collector.")

add(["giulia"],
    "Shopify app for the merch store: the private app's Admin API token ", K("shopify"),
    " is in the README of the repo (section 'Local testing'). ", P(who("giulia")),
    " can you rotate it in the Shopify admin? I'll scrub the README and the history.")

add([],
    "Stripe webhook verification failing in prod since the endpoint was recreated. Current env has "
    "`STRIPE_WEBHOOK_SECRET=", K("stripe", "whsec"), "` but the dashboard shows a different signing "
    "secret for the new endpoint. Also noticed we're using a restricted key for refunds: `",
    K("stripe", "rk_live"), "` — fine, but it should be in the secret store too.")

add(["sarah"],
    "Fine-grained PAT used by the docs site build: `", K("github", "fine"), "`, expires 2024-06-30, "
    "repo access: brightlane/docs only. ", P(who("sarah")), " asked to document it; documenting "
    "that it exists, but the value goes in 1Password, not here. (Removing this comment after you've copied it.)")

add([],
    "From the Actions debug log of the release workflow:\n```\n##[debug]Evaluating: secrets.GITHUB_TOKEN\n"
    "##[debug]Result: '", K("github", "ghs"), "'\n```\nDebug logging was enabled on the repo "
    "(ACTIONS_STEP_DEBUG=true). The installation token expires after an hour, but let's turn debug off.")

# --- JWTs, private keys ----------------------------------------------------------------------

add(["rajesh", "ethan"],
    "Customer attached a HAR file to SUP-5127 for the 'session expired' loop. Relevant request:\n"
    "```\nGET /api/v2/shipments?page=3 HTTP/2\nHost: app.brightlane.io\nAuthorization: Bearer ",
    JWT(jwt({"sub": "usr_8813204", "org": "org_44120", "iat": 1710489600, "exp": 1710493200,
             "scope": "shipments:read"}, "RS256", kid="bl-2024-02")),
    "\nX-Request-Id: 4f1c2a7e-9b3d-4e8a-a6c5-0d2f7b1e9c34\n```\n", P(who("rajesh")),
    " the token is expired but still, HARs should go to the secure upload, not the ticket.")

add([],
    "Log line from the gateway (level=DEBUG should never have been enabled in prod):\n"
    "`2024-03-19T08:41:22.117Z DEBUG auth: validating token=", JWT(jwt({"sub": "svc-billing", "aud": "internal",
    "exp": 1710838882, "roles": ["billing:write"]}, "HS256")), " client_ip=", IP("10.40.2.51"),
    " result=ok`\nWe're rotating the HS256 signing secret as part of this ticket.")

add(["camille"],
    "Reproduced the SSO issue with ", P(who("camille")), "'s account. The ID token we get back from "
    "Entra has the wrong `aud`:\n\n", JWT(jwt({"aud": "api://bl-portal-dev", "iss": "https://sts.windows.net/"
    + uuid4() + "/", "name": "Camille Dubois", "oid": uuid4(), "preferred_username": "camille.dubois@brightlane.fr",
    "exp": 1710921600}, "RS256", kid="XRvko8P7A3UaWSnU7bM9nT0MjhA")),
    "\n\n(paste it into jwt.io if you want to look, it's from the dev tenant.)")

add([],
    "The mobile app stores the refresh token in plain SharedPreferences. From a rooted test device:\n"
    "```xml\n<map>\n    <string name=\"refresh_token\">", JWT(jwt({"sub": "usr_1190443", "typ": "refresh",
    "exp": 1718265600, "jti": uuid4()}, "ES256")), "</string>\n    <boolean name=\"onboarding_done\" value=\"true\" />\n</map>\n```\n"
    "Pentest finding MOB-07, severity medium. Fix: EncryptedSharedPreferences.")

add(["aisha"],
    "Magic-link emails include the JWT in the URL, so it ends up in the proxy logs: "
    "`GET /auth/magic?token=", JWT(jwt({"email": "ops-demo@brightlane.io", "exp": 1710926400, "nonce": alnum(12)})),
    "&redirect=%2Fdashboard 302`. ", P(who("aisha")), " can we switch to a one-time code that we "
    "exchange via POST?")

add([],
    "Cookie dump from the support session (customer sent it, don't ask):\n`_ga=GA1.2.1839204411.1709812033; "
    "bl_session=", JWT(jwt({"sid": alnum(22), "uid": 8813204, "exp": 1710500000}, "HS512")),
    "; theme=dark; locale=en-GB`")

add(["tom"],
    "Someone pasted the deploy key into the ticket description when asking why Ansible can't clone "
    "the repo. Key removed from GitHub deploy keys, regenerating. For the record this is what was "
    "pasted (ticket restricted):\n\n", PK(pem("OPENSSH PRIVATE KEY", 390, width=70)),
    "\n\n", P(who("tom")), " the actual problem was the known_hosts entry, not the key.")

add([],
    "TLS renewal for shop.brightlane.io: CSR generated on the LB, please send to the CA. Attaching "
    "the CSR only. ... Update: the vendor asked for the key too \"to install it for us\" and the "
    "reporter pasted it in the reply:\n", PK(pem("RSA PRIVATE KEY", 1190)),
    "\nThis certificate is now compromised; revoking and re-issuing with a new key.")

add(["lena"],
    "The GCP service account JSON for the BigQuery exporter was committed to infra/terraform/sa.json. "
    "Excerpt:\n```json\n{\n  \"type\": \"service_account\",\n  \"project_id\": \"bl-analytics-prod\",\n"
    "  \"private_key\": \"", PK(pem("PRIVATE KEY", 1210, newline="\\n")), "\\n\",\n"
    "  \"client_email\": \"", E("bq-exporter@bl-analytics-prod.iam.gserviceaccount.com"), "\",\n  \"client_id\": \"104882913375521904417\"\n}\n```\n",
    P(who("lena")), " key disabled in IAM, please confirm nothing else uses it.")

add([],
    "JWT signing key for the partner API (ES256) from the old Helm values, found during the "
    "secrets inventory:\n```\njwt:\n  signingKey: |\n    ",
    PK(pem("EC PRIVATE KEY", 121).replace("\n", "\n    ")), "\n  issuer: https://partners.brightlane.io\n```")

add(["piotr"],
    P(who("piotr")), " uploaded the code-signing key for the Windows agent to the ticket so the "
    "contractor could build locally. It's encrypted at least:\n", PK(pem("ENCRYPTED PRIVATE KEY", 1250)),
    "\nand the passphrase is in the next comment: ", PW("Ag3nt-C0deSign!ng"),
    ". Both removed, the cert will be re-issued by DigiCert.")

# --- URL credentials, connection strings ------------------------------------------------------

add([],
    "Reporting DB for Metabase: `mongodb+srv://", UC("metabase_ro:Lk29fhQpz7Xw"),
    "@cluster0.x8kqe.mongodb.net/analytics?retryWrites=true&w=majority`. Metabase says 'authentication "
    "failed' since Atlas enforced SCRAM-SHA-256; probably needs the user re-created.")

add(["daan"],
    "Celery workers lose the broker after ~2h. Broker URL from settings: `CELERY_BROKER_URL = \"amqp://",
    UC("celery:Bq7#xPw22"), "@", IP("10.40.3.17"), ":5672/jobs\"`. ", P(who("daan")),
    " mentioned the heartbeat is disabled in the chart; the LB kills idle TCP after 7200s.")

add([],
    "Internal Nexus mirror requires auth now, so pip in the Docker build fails. Current workaround in "
    "the Dockerfile (temporary!!):\n`RUN pip install --index-url https://", UC("build-bot:N3xus!Pip2024"),
    "@nexus.brightlane.io/repository/pypi-all/simple -r requirements.txt`")

add(["ethan"],
    "Grafana datasource provisioning file:\n```yaml\ndatasources:\n  - name: Loki\n    type: loki\n"
    "    url: http://", IP("10.40.6.30"), ":3100\n    basicAuth: true\n    basicAuthUser: grafana\n"
    "    secureJsonData:\n      basicAuthPassword: ", PW("L0k1-gr4f4n4"), "\n```\n", P(who("ethan")),
    " the password should be injected from the secret, not in the ConfigMap.")

add([],
    "Legacy FTP drop for the carrier EDI files is still referenced in the cron on batch-02:\n"
    "`*/15 * * * * lftp -e 'mirror -R /data/edi/out /in; quit' ftp://", UC("bl_edi:Edi$Carrier19"),
    "@ftp.nordcargo-logistics.com`\nWe should switch to their SFTP endpoint, they've asked twice.")

add(["sarah"],
    "The Elasticsearch snapshot repo config has credentials inline: `https://", UC("snapshot:Xv8Lm2Qa"),
    "@es-backup.int.brightlane.io:9200`. ", P(who("sarah")), " adding to the findings list.")

add([],
    ".pgpass on the reporting box (copied during the migration, needs cleanup):\n```\n",
    IP("10.40.8.21"), ":5432:reporting:report_ro:", PW("Rep0rt-R0!"), "\n", IP("10.40.8.22"),
    ":5432:*:postgres:", PW("pgSup3r!2022"), "\n```")

add(["javier"],
    "The SAP RFC connection for the invoice sync is configured in the middleware as\n"
    "`ashost=", IP("10.50.1.12"), " sysnr=00 client=100 user=RFC_INVSYNC passwd=", PW("Sap-Rfc#7781"), " lang=EN`\n",
    P(who("javier")), " the account is locked after the password policy change, SAP basis team needs to reset it.")

add([],
    "LDAP bind failing for the wiki after the DC migration:\n```\nldapsearch -x -H ldaps://", IP("10.20.0.10"),
    " -D \"CN=svc_confluence,OU=Service,DC=corp,DC=brightlane,DC=io\" -w '", PW("C0nfl-LDAP!bind"),
    "' -b \"DC=corp,DC=brightlane,DC=io\" \"(sAMAccountName=test.user)\"\nldap_sasl_bind(SIMPLE): Can't contact LDAP server (-1)\n```\n"
    "dc01 was decommissioned; the new DCs are ", IP("10.20.0.11"), " and ", IP("10.20.0.12"), ", update the directory config.")

# =============================================================================================
# English: customer support
# =============================================================================================

add([],
    "Customer wrote in via the web form:\n\n> I was charged twice for order #BL-2024-118734 on 14 March. "
    "Both charges are on my Visa ", CC(visa()), ", exp 09/27. Please refund one of them, I've been waiting "
    "a week already. You can reach me at ", PH("(312) 847-2290"), " after 5pm CT.\n> — ", N("Dana Whitaker"),
    " <", E("dana.whitaker@outlook.com"), ">\n\nAsked billing to check Stripe. Reminder to everyone: "
    "don't copy full card numbers into tickets, I'm restricting this one.")

add(["beatriz"],
    "Chat transcript (Intercom, 18 Mar 16:02):\n[Customer] hi my subscription renewal failed and now the "
    "account is locked\n[Customer] can i just give you a new card?\n[", P(who("beatriz")),
    "] Of course — please use the secure link I'll send, don't type it here\n[Customer] ",
    CC(mastercard(" ")), " 11/26 cvv 482\n[Customer] sorry already did\n[", P(who("beatriz")),
    "] No problem, I'll remove it from the transcript. Sending the link now.")

add([],
    "Phone callback requested. Caller is the warehouse manager at Fairbanks & Lowe Distribution, "
    "their WMS integration has been rejecting labels since this morning (error 'carrier service code "
    "invalid'). Best number: ", PH("+1 (470) 263-8814"), " ext. 2, or cell ", PH("470-318-0199"),
    " if no answer. They're on the Enterprise plan, SLA 4h.")

add(["aisha"],
    "Escalation from a UK customer, paraphrasing their email: they were billed £1,188 for the annual "
    "plan instead of £990 because the discount code BLSPRING20 didn't apply. They want a refund of the "
    "difference to the same card (Amex — they put the full number in the email: ", CC(amex()),
    "). Their direct line is ", PH("+44 20 3318 4476"), ". ", P(who("aisha")),
    " can you process the partial refund in Stripe and reply?")

add([],
    "From: ", N("Marcus Reinholt"), " <", E("marcus.reinholt@kestrelfreight.com"), ">\nSent: Tuesday, 19 March 2024 08:47\n"
    "To: ", E("support@brightlane.io"), "\nSubject: URGENT – API returns 500 on bulk label creation\n\n"
    "Hello,\n\nsince last night every POST to /v2/labels/bulk returns HTTP 500. Single labels work. "
    "We ship ~3,000 parcels a day, this is blocking our evening pickup. Request IDs attached. Our "
    "egress IPs are ", IP("52.58.201.17"), " and ", IP("52.58.144.90"), " in case you need to look at the logs.\n\n"
    "Regards\nMarcus\nHead of IT, Kestrel Freight GmbH\nT ", PH("+49 40 3070 4412"), " | M ", PH("+49 171 8842 015"))

add(["rajesh"],
    "Customer's reply on the ticket:\n\n> Hi, the tracking page shows my parcel as delivered but I never "
    "got it. Order 5512-0091-3370. Please call me, I work nights so best between 10 and 2: ",
    PH("0412 847 229"), " (Sydney). My email is ", E("kel.branson88@bigpond.com"), ".\n\n",
    P(who("rajesh")), " opened a claim with the carrier, ref CLM-88120.")

add([],
    "Refund request — customer attached a screenshot of their bank statement showing the double "
    "debit. I can read their IBAN on it (", IB(iban("DE")), "), so I've cropped the image and "
    "replaced the attachment. Refund for INV-2024-03318 (€249.00) is approved, processing via SEPA.")

add(["chloe"],
    "Customer asks to switch from card to bank transfer for the annual renewal. ", P(who("chloe")),
    " please update the billing profile. Details they sent:\nAccount holder: Atelier Marceau SARL\nIBAN: ",
    IB(iban("FR")), "\nBIC: CCBPFRPPLYO\nBilling contact: ", E("compta@ateliermarceau.fr"), ", ", PH("+33 4 72 10 38 61"))

add([],
    "Hi support, I'm locked out of my account after changing my phone. I don't have the backup codes. "
    "My account email is ", E("priyanka.raman.work@gmail.com"), ", the old phone number was ", PH("+1 650 283 4417"),
    " and the new one is ", PH("+1 650 283 9902"), ". I can verify with the last 4 of the card (7731) "
    "or the invoice number INV-2023-11842. Thanks")

add(["giulia"],
    "Customer from Milan complains that the invoice PDF shows the wrong VAT number. The one they "
    "want is IT 08711340964. They also sent their card again even though we never asked for it: ",
    CC(visa("-")), ". ", P(who("giulia")), " please reply that we don't need card details for "
    "invoice corrections and delete the message content.")

add([],
    "Voicemail transcription (auto, may contain errors): \"Hi, this is Gloria from the accounts "
    "team at Pinewood Medical Supplies, calling about the invoice we received twice... could someone "
    "call me back on ", PH("804-926-3378"), ", that's ", PH("804 926 3378"), ", thank you.\"")

add(["beatriz"],
    "Fraud review: three orders in 20 minutes from ", IP("45.144.29.177"), " (hosting ASN, known VPN "
    "exit), different shipping addresses, all paid with cards from the same issuer: ", CC(visa("")), ", ",
    CC(visa("")), ". ", P(who("beatriz")), " put the account on hold and refunded; Stripe Radar "
    "didn't block because the amounts were small.")

add([],
    "Delivery driver couldn't find the address. Recipient's note in the order: \"Ring the bell at "
    "the side gate, if no answer call my husband ", PH("+61 2 8294 7710"),
    " (landline) or text me\". Redelivery booked for Thursday AM.")

add(["ines"],
    "Enterprise customer wants SSO with their own IdP. Their IT contact: ", N("Rui Monteiro"), " <",
    E("rui.monteiro@transportes-atlantico.pt"), ">, tel. ", PH("+351 213 587 420"), ". ", P(who("ines")),
    " is the CSM; kickoff call scheduled for 26/03. They'll send the SAML metadata URL.")

add([],
    "Customer wrote:\n> I purchased the Pro plan with my company's Discover card ", CC(discover()),
    " but the receipt says Basic. Also please update our billing email to ", E("ap@sunridge-orchards.com"),
    ".\nChecked: the plan change went through, receipt template was wrong. Replied and fixed the email.")

add(["sarah"],
    "Chargeback notice from Stripe for ch_3OuP2qLkdF8Zx1, reason 'fraudulent'. Cardholder: ",
    N("Brent Kowalski"), " (", E("brent.kowalski@yahoo.com"), "), card JCB ", CC(jcb()),
    ". The order shipped to a freight forwarder in Miami. ", P(who("sarah")),
    " we have the delivery proof, I'll submit evidence.")

add([],
    "Hotel booking for the offsite was paid on the wrong corporate card. The hotel needs the "
    "Diners card instead: ", CC(diners()), ", holder BRIGHTLANE EVENTS. Please call them at ",
    PH("+43 1 53114 2290"), " (reservations) to swap it — they won't accept it by email.")

add(["minji"],
    "Seoul partner reports their API calls from ", IP("211.45.62.118"), " are rate-limited at 10 rps even though "
    "the contract says 50. ", P(who("minji")), " confirmed the tier wasn't updated after the renewal. "
    "Their tech contact phone: ", PH("+82 2-3441-7720"), ".")

# =============================================================================================
# English: HR-adjacent, finance, payroll
# =============================================================================================

add(["sarah", "aisha"],
    "Payroll onboarding for the new Austin hire is blocked: ADP rejects the SSN. HR entered ",
    SSN(ssn()), " but the I-9 copy shows a different number. ", P(who("sarah")),
    " please ask the employee to confirm directly in the HR portal (not by email), and ",
    P(who("aisha")), " please delete the I-9 scan from this ticket once done.")

add([],
    "W-4 / direct deposit form came in by email to hr@ instead of through Workday. Contents for "
    "the record, then I'm deleting the email: name as on the form, SSN ", SSN(ssn()),
    ", routing 121000358, account 4471920385 (checking). Employee start date 01 April, Denver office.")

add(["ethan"],
    "Background check vendor needs the candidate's details re-sent because the first submission "
    "had a typo in the SSN (", SSN(ssn(" ")), " is the correct one per the candidate). ", P(who("ethan")),
    " please submit through the vendor portal; the candidate's consent form is in Greenhouse.")

add([],
    "Benefits enrollment error for a dependent: the carrier says the dependent SSN ", SSN(ssn()),
    " doesn't match their DOB (2019-07-14). Employee called in from ", PH("(720) 481-3356"),
    ". Ticket to the broker opened, waiting on the corrected census file.")

add(["marta", "lena"],
    "Expense reimbursement for the Berlin offsite (hotel + train, €612.40). ", P(who("marta")),
    " please pay to the employee's account on file — ", P(who("lena")), " has confirmed the IBAN is "
    "still ", IB(iban("DE")), ". Receipts attached, cost center 4410.")

add([],
    "Vendor bank detail change request — SUSPICIOUS, do not process. The email claims to be from "
    "our packaging supplier and asks to pay all open invoices to a new account:\n\nAccount name: Nordpack "
    "Solutions Ltd\nIBAN: ", IB(iban("GB")), "\nSWIFT: BARCGB22\n\nThe sender domain is nordpack-solutions.co "
    "(the real one is nordpack.de). Called our known contact at ", PH("+49 5121 28874-0"),
    " and they confirmed they didn't send it. Reported to security.")

add(["camille"],
    "Supplier onboarding in SAP for the new Lyon cleaning contractor. Bank details from their "
    "signed RIB:\nTitulaire: Net'Lyon Services\nIBAN ", IB(iban("FR", spaced=False)), "\nBIC AGRIFRPP878\n",
    P(who("camille")), " please validate before the first payment run on the 28th.")

add([],
    "Final pay for the Dublin leaver goes to ", IB(iban("IE")), " (confirmed in the exit interview form). "
    "Holiday balance 6.5 days to be paid out. PPS number is in Workday, not copying here.")

add(["piotr"],
    "Zwrot kosztów delegacji — sorry for English, the Warsaw payroll system needs the account in "
    "IBAN format: ", IB(iban("PL")), ". Amount PLN 1,840.00. ", P(who("piotr")), " approved.")

add([],
    "Payment run 2024-03-22 failed for 3 of 118 vendors with 'invalid IBAN'. The three are:\n"
    "- Vendor 100442 Tipografia Ligure: ", IB(iban("IT")), " — valid, bank rejected for BIC mismatch\n"
    "- Vendor 100519 Van Loon Catering: ", IB(iban("NL")), " — ok after re-entry\n"
    "- Vendor 100601 (one-off) — IBAN field contains 'see attachment'\nRe-running the three tomorrow.")

add(["javier"],
    "Corporate card for the new sales hire in Madrid arrived at the office instead of the employee's "
    "home. Card ", CC(mastercard()), " — ", P(who("javier")), " has it in the safe. Employee's mobile ",
    PH("655 21 48 93"), " for pickup arrangements.")

add([],
    "Travel booking: the agency needs a card on file for the Tokyo trip. They have the old one "
    "(expired). New corporate Visa: ", CC(visa()), " exp 05/28, billing address Brightlane GmbH, "
    "Friedrichstraße 68, 10117 Berlin. Agency contact ", N("Sophie Lang"), ", ", E("sophie.lang@travelwise-corporate.de"),
    ", ", PH("+49 69 2475 6310"), ".")

add(["sarah"],
    "Relocation package: moving company quote needs the employee's US SSN for the customs "
    "form (household goods import). Sent to them via the secure portal. Number for our records is ",
    SSN(ssn()), ". ", P(who("sarah")), " please make sure this ticket is restricted to HR.")

add([],
    "Swiss payroll provider needs the new CH account for the Zurich contractor: IBAN ", IB(iban("CH")),
    ". Contract ends 30.09. Provider hotline if anything bounces: ", PH("+41 44 668 18 00"), ".")

add(["noor"],
    "Expense claim rejected by the system because the IBAN field had spaces removed and a digit "
    "missing. ", P(who("noor")), " re-entered it as ", IB(iban("BE")), " and it went through.")

add([],
    "Pension contribution return from the provider bounced. Their bank details (Luxembourg): ",
    IB(iban("LU")), ". Reissue to that account. Reference PEN-2024-0117.")

# =============================================================================================
# English: e-mail threads, Confluence pages, chat pastes, logs
# =============================================================================================

add(["tom"],
    "Quoting the vendor's reply so it's in the ticket:\n\n> On Mon, 18 Mar 2024 at 17:32, ", N("Hannah Whitfield"),
    " <", E("hannah.whitfield@norlandfoods.co.uk"), "> wrote:\n> Hi all,\n> We've whitelisted your new "
    "SFTP source address ", IP("185.22.144.31"), " on our side. Please test the upload before Friday.\n> "
    "Kind regards,\n> Hannah\n> Senior EDI Analyst | Norland Foods Ltd\n> T: ", PH("+44 (0)113 243 8890"),
    " | M: ", PH("07911 482 305"), "\n> Norland House, 4 Wellington St, Leeds LS1 4DL\n\n", P(who("tom")),
    " test upload done, file accepted.")

add([],
    "FW from the facilities mailbox:\n\n-----Original Message-----\nFrom: ", N("Oliver Brandt"), " <",
    E("oliver.brandt@securitas-partner.de"), ">\nSent: 20 March 2024 11:05\nTo: ", E("facilities@brightlane.io"),
    "\nSubject: Alarmanlage Wartung\n\nHello, the annual maintenance of the alarm system in the Hamburg office "
    "is due. Our technician will come on 27.03. between 8 and 12. The alarm code for the maintenance "
    "mode stays as agreed. For questions: ", PH("040 32 87 55-12"), "\n\nBest regards\nService Coordination North")

add(["marta", "camille"],
    "Thread with the auditors, latest on top:\n\nFrom: ", P(who("marta")), " <", P(who("marta", "email")),
    ">\nTo: ", N("Julien Perrot"), " <", E("julien.perrot@mazars-audit.fr"), ">\nCc: ", P(who("camille")),
    " <", P(who("camille", "email")), ">\n\nJulien, the user access review export is on the data room "
    "(folder 04_ITGC). The SoD matrix follows tomorrow.\n\n> From: Julien (Mazars)\n> Could you share the "
    "list of privileged users for SAP and AD as of 31/12?")

add([],
    "Email signature of the new carrier account manager, for the vendor contacts page:\n\n",
    N("Fernanda Oliveira"), "\nKey Account Manager Europe\nRápido Expresso Logística S.A.\n",
    E("fernanda.oliveira@rapidoexpresso.pt"), "\nMob. ", PH("+351 936 482 117"), "\nTel. ", PH("+351 21 044 8900"),
    "\nAv. da Liberdade 245, 1250-143 Lisboa")

add(["rajesh", "linh"],
    "Slack export from #inc-2024-0319 (trimmed):\n\n[10:02] ", P(who("rajesh")), ": db-primary at 98% CPU, "
    "connections from ", IP("10.40.14.55"), " are hammering orders_by_customer\n[10:03] ", P(who("linh")),
    ": that's the new reporting pod, killing it\n[10:04] ", P(who("rajesh")), ": can you DM me the admin pw "
    "for pgbouncer? vault is down too lol\n[10:04] ", P(who("linh")), ": ", PW("pgb-Adm1n!2023"),
    "\n[10:05] ", P(who("rajesh")), ": thx, in. will rotate after\n[10:21] ", P(who("linh")),
    ": CPU back to 35%")

add([],
    "Teams chat copied from the helpdesk channel:\n\nFrontdesk BER: hey, the meeting room tablet asks for "
    "the admin pin again\nHelpdesk: it's ", PW("480917"), " but please don't give it to visitors\n"
    "Frontdesk BER: ok thanks, and the new guest wifi pw?\nHelpdesk: ", PW("Spree2024gast"), " until end of month")

add(["daan"],
    "On-call contacts (Confluence page 'Platform On-call', current rotation):\n\n| Week | Primary | Phone |\n"
    "|---|---|---|\n| 11 | ", P(who("daan")), " | ", PH("+31 6 4827 3915"), " |\n| 12 | ", N("Ruben Jansen"), " (",
    E("ruben.jansen@brightlane.nl"), ") | ", PH("+31 6 1093 7742"), " |\n| 13 | ", N("Sanne Visser"), " (",
    E("sanne.visser@brightlane.nl"), ") | ", PH("06-28175530"), " |\n\nEscalation: Head of Platform via PagerDuty only.")

add([],
    "Onboarding page — Engineering (Confluence), section 'Your first day':\n\n1. Pick up your laptop from "
    "IT (2nd floor). Your initial password is printed on the sealed card; if the card is missing call "
    "the helpdesk on ", PH("+49 30 2093 4417"), " (internal 4417).\n2. Enroll MFA at aka.ms/mfasetup.\n"
    "3. Ask your buddy to add you to the GitHub org.\n4. Read the Security Handbook.\n\nQuestions about "
    "payroll go to ", E("people-ops@brightlane.io"), ", everything else to ", E("it-helpdesk@brightlane.io"), ".")

add(["ethan"],
    "Runbook: rotating the RDS master password (Confluence, last edited by ", P(who("ethan")), ")\n\n"
    "1. `aws rds modify-db-instance --db-instance-identifier orders-prod --master-user-password '",
    PW("Ord3rs-Pr0d-Q1!"), "' --apply-immediately`\n2. Update the secret in Secrets Manager.\n3. Restart "
    "the orders pods.\n\n(Yes, that's the real current one. TODO: replace with a placeholder after the "
    "quarter rotation.)")

add([],
    "nginx access log excerpt from the shop frontend around the spike:\n```\n", IP("91.132.147.168"),
    " - - [19/Mar/2024:03:12:44 +0000] \"POST /wp-login.php HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"\n", IP("91.132.147.168"),
    " - - [19/Mar/2024:03:12:44 +0000] \"GET /.env HTTP/1.1\" 404 153 \"-\" \"Mozilla/5.0\"\n", IP("2a0b:4140:8a1c::2f"),
    " - - [19/Mar/2024:03:12:45 +0000] \"GET /.git/config HTTP/1.1\" 404 153 \"-\" \"curl/8.4.0\"\n```\n"
    "Just scanners. WAF rule added for /.env and /.git anyway.")

add(["piotr"],
    "Firewall change request FW-2231 (approved by ", P(who("piotr")), "):\n\n| Source | Destination | Port | Reason |\n"
    "|---|---|---|---|\n| ", IP("213.61.204.18"), " | ", IP("10.40.20.15"), " | 443/tcp | Partner EDI (Kestrel) |\n| ",
    IP("52.58.201.17"), " | ", IP("10.40.20.15"), " | 443/tcp | Partner EDI (Kestrel, 2nd egress) |\n| ",
    IP("10.40.20.15"), " | ", IP("10.40.8.21"), " | 5432/tcp | EDI → reporting DB |\n\nImplement in the Thursday window.")

add([],
    "BGP session to the second ISP at FRA flaps. Router log:\n```\nMar 19 02:14:07 edge-fra-02 bgpd: %BGP-5-ADJCHANGE: "
    "neighbor ", IP("80.81.192.117"), " Down BGP Notification sent\nMar 19 02:14:39 edge-fra-02 bgpd: %BGP-5-ADJCHANGE: "
    "neighbor ", IP("80.81.192.117"), " Up\nMar 19 02:14:39 edge-fra-02 bgpd: neighbor ", IP("2001:7f8::3:1e1:0:1"),
    " Up\n```\nTicket opened with the carrier, their NOC: ", PH("+49 69 90554 2300"), ".")

add(["tom"],
    "Switch port inventory for the Berlin IDF (ticket for the cabling contractor):\n```\nGi1/0/12  connected  vlan 20  "
    "a-full a-1000  ", MAC("f8b1.56d3.9c2e"), "  BER-2OG-PRINT\nGi1/0/13  connected  vlan 30  a-full a-1000  ",
    MAC("0050.56a1.7f40"), "  BER-ESX-03 vmk0\nGi1/0/14  notconnect 20  auto auto\n```\n", P(who("tom")),
    " port 14 is the one that needs re-patching.")

add([],
    "DHCP lease dump from the Lisbon office, looking for the rogue device:\n```\n", IP("192.168.40.112"), "  ",
    MAC("b8:27:eb:4a:91:3c"), "  raspberrypi   2024-03-20 07:41\n", IP("192.168.40.118"), "  ", MAC("dc:a6:32:0e:5b:77"),
    "  (none)        2024-03-20 07:44\n```\nThe first one is the Raspberry Pi from the marketing screen, "
    "the second we can't identify. Disabled the port.")

add(["aisha"],
    "Sentry issue BL-WEB-3XK (TypeError in checkout) — event context:\n```\nuser: { id: 8813204, email: ",
    E("jo.marsh1979@hotmail.co.uk"), ", ip_address: ", IP("86.157.40.221"), " }\nbrowser: Safari 17.3\n"
    "url: https://shop.brightlane.io/checkout/payment\n```\n", P(who("aisha")), " we should turn on "
    "'Prevent storing of IP addresses' and scrub emails in the Sentry project settings.")

add(["james"],
    "Jira REST response pasted into the automation debug ticket:\n```json\n{\"self\": \"https://brightlane.atlassian.net/rest/api/3/user?accountId=",
    P(who("james", "account_id")), "\",\n \"accountId\": \"", P(who("james", "account_id")), "\",\n \"emailAddress\": \"",
    P(who("james", "email")), "\",\n \"displayName\": \"", P(who("james")), "\",\n \"active\": true,\n \"timeZone\": \"Europe/Dublin\"}\n```\n"
    "The rule fails because it looks the user up by email and the privacy setting hides it for the bot.")

# --- English: more IT, engineering and people tickets ----------------------------------------

add([],
    "Calendar invite for the vendor review copied into the ticket so the external folks can find it:\n"
    "Join Zoom Meeting https://brightlane.zoom.us/j/81244710932\nMeeting ID: 812 4471 0932\nPasscode: ",
    PW("448120"), "\nDial by your location\n    ", PH("+1 646 876 9923"), " US (New York)\n    ", PH("+44 203 901 7895"),
    " United Kingdom\n    ", PH("+49 69 3807 9883"), " Germany")

add(["ethan"],
    "Deploy script for the legacy PHP app still uses sshpass:\n```\nsshpass -p '", PW("d3pl0y!legacy"),
    "' rsync -az --delete ./build/ deploy@", IP("10.40.1.5"), ":/var/www/portal/\n```\n", P(who("ethan")),
    " can we get a deploy key on that host and drop sshpass entirely?")

add([],
    "Health check from the partner's monitoring hits our status endpoint with basic auth. Their config "
    "(they sent it to support@):\n```\nGET /internal/health HTTP/1.1\nHost: api.brightlane.io\nAuthorization: Basic ",
    PW("cGFydG5lci1tb246Rmo4IXE3WnBMMg=="), "\n```\nThat credential is per-partner, fine, but it came over email.")

add(["rajesh"],
    "Reproduce with `curl -u admin:", PW("Kib4na-Adm!n"), " -XGET 'https://", IP("10.40.6.12"),
    ":9200/_cluster/health?pretty'` — the cluster is yellow because two replicas can't be allocated. ",
    P(who("rajesh")), " please don't use the admin user for this, the monitoring user can read health.")

add([],
    "Redis on cache-03 is refusing connections from the new app subnet. Checked with\n"
    "`redis-cli -h ", IP("10.40.12.11"), " -p 6380 -a '", PW("c4che-Th3e!"), "' --tls ping` → NOAUTH from the app nodes, PONG from the "
    "bastion. So it's the ACL file, not the network.")

add(["matteo"],
    "Django settings for the internal tools app, from the repo (production.py):\n```python\nDEBUG = False\n"
    "SECRET_KEY = \"", PW("k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o"), "\"\nALLOWED_HOSTS = [\"tools.brightlane.io\"]\n"
    "DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", \"HOST\": \"", IP("10.40.8.30"),
    "\", \"PASSWORD\": \"", PW("t00ls-DB-2022"), "\"}}\n```\n", P(who("matteo")), " both need to move to env vars.")

add([],
    "Azure app registration 'bl-portal-prod' — client secret expires in 14 days (alert from the "
    "expiry checker). Current value in the Key Vault is `", PW("Qx88Q~f3Jk0sLmV7n.Yb2rTz-Wq9aPcD1eHgUoI"),
    "`, created by the former platform lead. New secret to be created and the old one removed after cut-over.")

add(["tom"],
    "WordPress marketing site migration: old host's wp-config.php has\n```php\ndefine( 'DB_NAME', 'wp_marketing' );\n"
    "define( 'DB_USER', 'wp_mkt' );\ndefine( 'DB_PASSWORD', '", PW("Mkt!Wp#2020-blog"), "' );\ndefine( 'DB_HOST', '",
    IP("172.31.22.140"), "' );\n```\n", P(who("tom")), " new host uses managed MySQL, creds via env.")

add([],
    "Out-of-band management audit: iDRAC on esx-04 (", IP("10.10.0.104"), ") still has the factory "
    "login root / ", PW("calvin"), ". Same for esx-05 (", IP("10.10.0.105"), "). Changing both today, "
    "then adding them to the PAM vault.")

add(["noor"],
    "VoIP provisioning for the Amsterdam hires: DID ", PH("+31 20 794 3310"), " → ext 3310 (", P(who("noor")),
    "), SIP account 3310 with password ", PW("Sip3310-ams!x"), ". Phone: Yealink T54W, MAC ", MAC("80:5E:C0:2B:7A:19"),
    ". Config pushed from the provisioning server.")

add([],
    "SIP trunk config excerpt from the Asterisk box after the carrier change:\n```\n[voipcarrier-out]\ntype=peer\n"
    "host=sip.telco-partner.nl\nusername=brightlane_ams\nsecret=", PW("Tr8nk-Ams-2024"), "\nfromuser=",
    PH("31207943300"), "\n```\nOutbound calls fail with 403; the carrier says the source IP must be ",
    IP("94.142.241.111"), ".")

add(["aisha"],
    "Candidate withdrew, please remove their data from Greenhouse and this ticket. For reference "
    "(to find the record): ", N("Tolu Adeyemi"), ", ", E("tolu.adeyemi@gmail.com"), ", ", PH("+44 7700 182 943"),
    ". ", P(who("aisha")), " handled the interview loop.")

add([],
    "GDPR erasure request DSR-2024-041 received via privacy@. Data subject: ", N("Ingrid Solberg"), " <",
    E("ingrid.solberg@online.no"), ">, phone on the account ", PH("+47 915 38 271"), ". Checked: CRM, "
    "Zendesk, Mailchimp, billing. Billing records must be kept 10 years (Norwegian bookkeeping act), rest deleted.")

add(["sarah"],
    "Emergency contact update for the HR system (employee submitted by email, please enter it "
    "and then delete the email): contact is the employee's father, ", PH("+1 (503) 294-7718"),
    ", alternate ", PH("503.294.0047"), ". ", P(who("sarah")), " please confirm once entered.")

add([],
    "Pentest report (Q1, external), finding EXT-04 'Exposed Jenkins script console':\n> Host ", IP("35.198.77.140"),
    " (jenkins-old.brightlane.io) exposes /script without authentication. We were able to read credentials.xml and "
    "decrypt the stored credential `nexus-deploy` → password `", PW("NxDepl0y#2019"),
    "`.\nRemediation: decommission the host (it was supposed to be gone in 2022).")

add(["linh", "rajesh"],
    P(who("linh")), " and ", P(who("rajesh")), " — the new bastion is up. Public address ", IP("3.121.94.202"),
    ", IPv6 ", IP("2a05:d014:9f1:4c00:7b2e:51d8:c3a0:e19f"), ". Access via SSM only; port 22 is closed "
    "to the internet. The old bastion ", IP("18.197.33.41"), " will be terminated Friday.")

add([],
    "Load balancer logs show the health checks coming from ", IP("130.211.0.12"), " and ", IP("35.191.4.90"),
    " (Google's ranges), which our new Cloud Armor policy blocks. Allow-list them and the 502s go away.")

add(["camille"],
    "Hi ", P(who("camille")), ", the Paris office ISP switched us to a new fixed IP on Tuesday: ",
    IP("78.193.44.16"), " (was ", IP("78.193.41.227"), "). Please update the allow-list for the accounting SaaS, "
    "their support line is ", PH("+33 1 42 68 53 00"), ".")

add([],
    "MDM enrolment failing for one Android device. Device info from the user:\nModel: Pixel 7\nWi-Fi MAC: ",
    MAC("4C:AF:12:8E:05:D3"), " (randomised MAC is OFF)\nIP: ", IP("10.22.9.64"), "\nIMEI: 35 921411 062851 7\n"
    "Android 14, build AP1A.240305.019.A1")

add(["james"],
    "Reported by ", P(who("james")), ": the shared `ops@` Google Workspace account's recovery phone is "
    "still the personal mobile of a former employee, ", PH("+353 87 214 6630"), ". Changing it to the "
    "team's on-call number and the recovery email to ", E("ops-recovery@brightlane.io"), ".")

add([],
    "Hello IT, I can't print from home over the VPN. I'm using my own laptop (I know). IP on the VPN "
    "is ", IP("10.96.22.17"), ", printer is ", IP("10.20.2.45"), ". My number if you want to call: ", PH("0151 4482 1907"),
    ". Thanks!")

add(["ethan", "tom"],
    "Terraform plan for the new office VPN (Lisbon) — relevant resources:\n```\n+ resource \"aws_customer_gateway\" \"lisbon\" {\n"
    "    + bgp_asn    = 65010\n    + ip_address = \"", IP("89.115.203.44"), "\"\n    + type       = \"ipsec.1\"\n  }\n"
    "+ resource \"aws_vpn_connection\" \"lisbon\" {\n    + tunnel1_preshared_key = \"", PW("Lx7_pSk.t1.f82Kq3Za"),
    "\"\n  }\n```\n", P(who("ethan")), " the PSK shouldn't be in the plan output, mark it sensitive.")

add([],
    "Backup job for fs02 fails since the NAS password change. Veeam log:\n`[20.03.2024 01:00:13] <01> Error    "
    "Failed to connect to share \\\\", IP("10.20.1.16"), "\\backup. Logon failure: unknown user name or bad password.`\n"
    "Updated the credential in Veeam to the new one (", PW("Nas-B4ckup!24Q1"), ") and re-ran, OK.")

add(["lena", "piotr"],
    "Mentioning [~accountid:", P(who("lena", "account_id")), "] and [~accountid:", P(who("piotr", "account_id")),
    "] for approval: the change adds a read replica in eu-west-1 for the reporting workload. No "
    "downtime expected. CAB slot Thursday 14:00 CET.")

add([],
    "Support call notes — customer in Toronto, ", N("Ravi Chandrasekar"), " (", E("ravi.chandrasekar@maplegrove-logistics.ca"),
    "), office ", PH("+1 416-862-4471"), ". Webhooks to their endpoint time out; their firewall only allows "
    "our documented egress range and we added ", IP("34.107.88.203"), " last week without announcing it.")

# =============================================================================================
# German
# =============================================================================================

add(["lena", "klaus"],
    "Hallo zusammen, ", P(who("klaus")), " fängt am 02.04. im Vertrieb Hamburg an. Bitte Notebook, "
    "Headset und Diensthandy vorbereiten. Die private Handynummer für die Zustellung: ", PH("0172 6183940"),
    ". Initialpasswort für das AD-Konto: ", PW("Hamburg!Start24"), " – muss beim ersten Login geändert werden. "
    "Freigabe durch ", P(who("lena")), " liegt vor.")

add([],
    "Kunde hat angerufen, weil die Lastschrift für Rechnung RE-2024-04471 zurückgegangen ist. Neue "
    "Bankverbindung laut Telefonat: ", IB(iban("DE")), ", Kontoinhaber Bäckerei Lindner GmbH. Rückrufnummer ",
    PH("+49 (0)89 4521 7730"), ". Bitte im SAP ändern und die Lastschrift neu einreichen.")

add(["tom"],
    "Fehler beim Anmelden am Terminalserver ts02. Ereignisanzeige:\n```\nEreignis-ID 4625\nKontoname: m.schulz\n"
    "Quellnetzwerkadresse: ", IP("10.21.3.77"), "\nFehlerursache: Unbekannter Benutzername oder ungültiges Kennwort.\n```\n"
    "Der Benutzer hat das Kennwort per Mail an den Helpdesk geschickt (\"vielleicht hab ich es falsch "
    "geschrieben: ", PW("Sommer2024!!"), "\"). Konto entsperrt, Kennwort zurückgesetzt, Mail gelöscht. ",
    P(who("tom")), " zur Info.")

add([],
    "Von: ", N("Jürgen Bauer"), " <", E("juergen.bauer@elektro-bauer-gmbh.de"), ">\nGesendet: Mittwoch, 20. März 2024 09:12\n"
    "An: ", E("einkauf@brightlane.de"), "\nBetreff: AW: Angebot Verkabelung 3. OG\n\nGuten Morgen,\n\nanbei das "
    "überarbeitete Angebot. Die Arbeiten können ab KW 15 starten.\n\nMit freundlichen Grüßen\n\nElektro Bauer GmbH\n"
    "Industriestraße 14, 30659 Hannover\nTel.: ", PH("0511 / 64 72 18-0"), "\nFax: ", PH("0511 / 64 72 18-99"), "\nMobil: ",
    PH("0160 97 44 21 85"))

add(["klaus"],
    "Die VPN-Konfiguration für das Homeoffice von ", P(who("klaus")), " funktioniert nicht. Sein Router "
    "(FRITZ!Box 7590) hat die öffentliche IPv6 ", IP("2003:e5:1f2c:7b00:3a10:d5ff:fe6e:41a2"),
    " und IPv4 hinter DS-Lite, deshalb klappt IPsec nicht. Lösung: auf SSL-VPN umstellen.")

add([],
    "Zugangsdaten für die Testumgebung der Lohnabrechnung (DATEV, nur Testmandant!):\nBenutzer: test_lohn01\n"
    "Passwort: ", PW("Lohn#Test-7733"), "\nURL: https://datev-test.int.brightlane.de\nBitte nicht für echte "
    "Daten verwenden.")

add(["lena"],
    "Reisekostenabrechnung von ", P(who("lena")), " für die Messe in Köln: Erstattung bitte auf ",
    IB(iban("DE", spaced=False)), " (neues Konto, die alte Verbindung bei der Sparkasse ist gekündigt). "
    "Betrag 438,70 €, Belege im Anhang.")

add([],
    "Kreditkartenabrechnung März: Eine Buchung über 1.249,00 € bei \"CloudHost Pro\" kann niemand "
    "zuordnen. Karte ", CC(mastercard()), ", Karteninhaber IT-Abteilung. Bitte bei der Bank "
    "(Sperrhotline ", PH("+49 116 116"), ") nachfragen, ob die Karte gesperrt werden muss.")

add(["klaus", "tom"],
    "Auszug aus der `.env` des Lagerverwaltungs-Connectors (vom Dienstleister geschickt):\n```\nWMS_API_URL=https://wms.lager-nord.de/api\n"
    "WMS_API_USER=brightlane\nWMS_API_PASSWORD=", PW("L4ger!Nord#2023"), "\nSFTP_HOST=", IP("91.208.177.14"),
    "\nSFTP_PASS=", PW("sftp-LN-88x"), "\n```\n", P(who("tom")), " bitte im Vault ablegen und dem Dienstleister "
    "sagen, dass solche Dateien nicht per Mail kommen sollen.")

add([],
    "Störung Telefonanlage Standort München: Die Rufnummer ", PH("+49 89 2180 7712"), " ist seit heute "
    "früh nicht erreichbar. Der Provider meldet eine Störung im Netz. Ticketnummer beim Provider: "
    "TK-2024-031988. Umleitung auf die Zentrale ", PH("+49 30 2093 4400"), " ist eingerichtet.")

add(["lena"],
    "Personalakte: Änderung der Bankverbindung und Anschrift für ", P(who("lena")), " zum 01.04. Neue "
    "Anschrift: Schönhauser Allee 112, 10437 Berlin. Telefon privat ", PH("030 44 71 23 98"),
    ". Die IBAN wird separat im Personalportal gepflegt.")

add([],
    "Auszug Firewall-Log (Sophos) zum Alarm von heute Nacht:\n```\n2024-03-21 02:41:09 DROP src=", IP("185.220.101.47"),
    " dst=", IP("10.21.0.5"), " proto=TCP dport=3389\n2024-03-21 02:41:10 DROP src=", IP("185.220.101.47"),
    " dst=", IP("10.21.0.5"), " proto=TCP dport=3389\n```\nTor-Exit-Node, RDP von außen ist ohnehin zu. Kein Handlungsbedarf.")

add(["klaus"],
    "Rückfrage vom Steuerberater: ", N("Sabine Krüger"), " (", E("sabine.krueger@stb-krueger-partner.de"), ", ",
    PH("+49 40 8222 1590"), ") benötigt die Kontoauszüge Q4 für das Konto ", IB(iban("DE")), ". ",
    P(who("klaus")), " schickt sie über das DATEV-Portal.")

add([],
    "Wir haben bei der Prüfung des Git-Repos `lagerbestand-sync` einen Slack-Token gefunden: `", K("slack", "xoxp"),
    "`. Der Token gehört zu einem persönlichen Konto und hat Schreibrechte auf alle Kanäle. Token "
    "widerrufen, Historie wird bereinigt.")

add(["tom"],
    "Der Drucker im Empfang (Kyocera, Seriennummer VCF3P01822) hat nach dem Firmware-Update 2.3.4.1 "
    "eine neue IP bekommen: ", IP("10.21.2.30"), ". Das Admin-Passwort der Weboberfläche ist wieder "
    "das Werkspasswort ", PW("Admin00"), ", ", P(who("tom")), " ändert es heute noch.")

add([],
    "Kundenbeschwerde (per Kontaktformular): \"Sehr geehrte Damen und Herren, seit drei Wochen "
    "warte ich auf meine Erstattung über 89,90 €. Ich habe Ihnen meine IBAN ", IB(iban("AT")),
    " bereits zweimal geschickt. Wenn ich bis Freitag nichts höre, wende ich mich an die Verbraucherzentrale. "
    "Telefonisch erreichbar unter ", PH("+43 664 381 2270"), ".\"")

add(["lena", "klaus"],
    "Protokoll Jour fixe IT, 19.03.:\n- ", P(who("lena")), ": Migration der Dateiserver bis KW 16\n- ", P(who("klaus")),
    ": neue Mobilfunkverträge, Rufnummern werden portiert\n- Zugangsdaten für das neue Provider-Portal: "
    "Kundennummer 4410-77, Passwort ", PW("Mob!lfunk2024Q2"), " (wird nach Übergabe geändert)")

add([],
    "Im Anhang der Mail vom Dienstleister war eine `id_rsa` – hier der Inhalt, damit wir wissen, "
    "welcher Schlüssel getauscht werden muss:\n", PK(pem("RSA PRIVATE KEY", 1190)),
    "\nBitte den zugehörigen Public Key auf allen Jumphosts entfernen.")

add(["klaus"],
    "Schweizer Niederlassung: die neue Mitarbeiterin in Zürich benötigt Lohnzahlungen auf ", IB(iban("CH")),
    ". Rückfragen an die Personalabteilung Zürich, ", PH("+41 44 512 30 80"), ". ", P(who("klaus")),
    " hat den Vertrag unterschrieben.")

add([],
    "Hinweis aus dem Security-Scan: In der Konfiguration des Monitoring-Servers steht im Klartext\n"
    "`snmp_v3_auth_password = \"", PW("Mon1tor!SNMPv3"), "\"`\n`snmp_v3_priv_password = \"", PW("Pr1v-K3y-SNMP"),
    "\"`\nBitte in den Secret-Store verschieben.")

# =============================================================================================
# French
# =============================================================================================

add(["camille", "chloe"],
    "Bonjour, ", P(who("chloe")), " rejoint l'équipe support à Lyon le 2 avril. Merci de préparer "
    "le poste (image standard + softphone). Son numéro perso pour la livraison : ", PH("06 12 48 73 95"),
    ". Mot de passe provisoire du compte AD : ", PW("Lyon-Depart#24"), ". Validé par ", P(who("camille")), ".")

add([],
    "Réclamation client reçue par mail :\n« Bonjour, j'ai été débité deux fois pour la commande "
    "n° 2024-FR-08812. Ma carte : ", CC(visa()), ". Je souhaite un remboursement rapide. Vous pouvez me "
    "joindre au ", PH("+33 6 71 28 44 09"), ". Cordialement, ", N("Nathalie Girard"), " — ",
    E("nathalie.girard@orange.fr"), " »\nTransmis à la compta, numéro de carte masqué dans Zendesk.")

add(["camille"],
    "Changement de RIB fournisseur (transporteur régional). Nouvelles coordonnées reçues sur papier "
    "à en-tête et confirmées par téléphone au ", PH("04 78 62 19 30"), " :\nIBAN : ", IB(iban("FR")),
    "\nBIC : CEPAFRPP691\n", P(who("camille")), " a vérifié par contre-appel.")

add([],
    "Le serveur d'impression de Paris ne répond plus. Adresse ", IP("10.23.1.20"), ", passerelle ",
    IP("10.23.1.1"), ". Le prestataire (Ricoh) demande qu'on le rappelle au ", PH("+33 1 55 33 72 00"),
    " avec le numéro de contrat RCH-PAR-7712.")

add(["chloe"],
    "Extrait du fichier de config de l'outil de ticketing partenaire :\n```\nsmtp_host = smtp.office365.com\n"
    "smtp_user = ", E("notifications@brightlane.fr"), "\nsmtp_password = ", PW("N0tif!Smtp-Fr23"),
    "\n```\n", P(who("chloe")), " peux-tu demander un mot de passe d'application à la place ?")

add([],
    "Compte rendu d'incident (résumé) : entre 14h05 et 14h40 l'API de suivi colis a renvoyé des 503. "
    "Cause : le pool de connexions vers la base ", IP("10.40.8.21"), " saturé après le déploiement 4.2.0. "
    "Un client a publié dans le ticket sa clé d'API Google Maps (", K("google"), ") en pensant que c'était "
    "la cause ; la clé a été révoquée par précaution.")

add(["camille"],
    "Note de frais de ", P(who("camille")), " (salon SITL, Paris) : remboursement sur ", IB(iban("FR", spaced=False)),
    ". Montant 312,45 €. Pièces jointes OK.")

add([],
    "De : ", N("Philippe Lemaire"), " <", E("philippe.lemaire@cabinet-lemaire-avocats.fr"), ">\nEnvoyé : jeudi 21 mars 2024 10:14\n"
    "Objet : Dossier prud'hommes – pièces\n\nMaître, veuillez trouver ci-joint les pièces. Pour toute question, "
    "mon secrétariat est joignable au ", PH("01 45 62 88 10"), ".\n\nBien à vous")

add(["chloe"],
    "Le client ne reçoit plus les SMS de confirmation. Numéro de test utilisé : ", PH("+33 7 58 21 93 40"),
    ". Côté Twilio le message est 'undelivered', code 30008. ", P(who("chloe")), " a ouvert un ticket chez Twilio.")

add([],
    "Accès VPN pour le prestataire d'infogérance : utilisateur ext_infog, mot de passe ", PW("Inf0g-VPN!2024"),
    ", IP source autorisée ", IP("212.83.171.54"), ". Accès valable jusqu'au 30/06.")

add(["camille"],
    "Chat du support (extrait) :\nClient : bonjour, je n'arrive pas à payer avec ma carte American Express\n"
    "Client : ", CC(amex(" ")), "\n", P(who("camille")), " : Bonjour, merci de ne pas écrire le numéro ici, "
    "je vous envoie un lien sécurisé.")

add([],
    "Demande RGPD : la cliente demande la suppression de ses données. Identifiants : ", E("m.fontaine.pro@laposte.net"),
    ", téléphone ", PH("+33 6 84 11 52 07"), ", compte client C-0048812. À traiter sous 30 jours.")

add(["chloe", "camille"],
    "Belgique : le nouveau commercial à Bruxelles a besoin d'une carte carburant. Compte pour la "
    "refacturation : ", IB(iban("BE")), ". Contact du loueur : ", PH("+32 2 511 34 70"), ". ", P(who("chloe")),
    " s'en occupe.")

add([],
    "Extrait de log de l'application mobile (fourni par le client) :\n`2024-03-20 18:22:41 I/Auth: refresh ok, "
    "token=", JWT(jwt({"sub": "usr_2277104", "exp": 1710962561, "iat": 1710958961, "scope": "app"}, "RS256")), "`\nÀ supprimer du ticket.")

# =============================================================================================
# Spanish
# =============================================================================================

add(["javier"],
    "Hola, ", P(who("javier")), " necesita acceso al SFTP del cliente Mercadona-Logística para las "
    "pruebas de integración. Credenciales que nos han enviado: usuario `bl_integ`, contraseña `", PW("Merc4Log!Sftp"),
    "`, host ", IP("195.57.112.40"), ", puerto 2222. Por favor, guardadlas en el gestor de contraseñas.")

add([],
    "Reclamación de cliente: «Buenas tardes, me han cobrado 3 veces el envío del pedido 7741-ES. "
    "Mi tarjeta es ", CC(visa()), ". Llámenme al ", PH("+34 655 214 893"), " por favor, estoy muy molesto.» "
    "Reembolso de dos cargos aprobado, el número de tarjeta ya está enmascarado en el sistema.")

add(["javier"],
    "Alta de proveedor nuevo (mensajería local Valencia). Datos bancarios:\nTitular: Envíos Turia S.L.\n"
    "IBAN: ", IB(iban("ES")), "\nContacto: ", N("Lucía Navarro"), " <", E("lucia.navarro@enviosturia.es"), ">, ",
    PH("963 52 18 44"), "\n", P(who("javier")), " valida antes del pago del día 25.")

add([],
    "El portátil de la oficina de Madrid no conecta a la Wi-Fi corporativa desde el cambio de "
    "certificado. IP asignada por DHCP: ", IP("10.30.4.87"), ", MAC ", MAC("A4:83:E7:1C:6F:02"),
    ". El usuario dice que ha probado con la contraseña de invitados \"", PW("InvitadosMAD2024"), "\" y sí funciona.")

add(["javier"],
    "Nómina de marzo: el empleado nuevo de Barcelona ha dado una cuenta en otro banco. IBAN ", IB(iban("ES", spaced=False)),
    ". Teléfono de contacto ", PH("+34 93 481 27 60"), ". ", P(who("javier")), " lo comunica a la gestoría.")

add([],
    "Incidencia con la centralita: las llamadas al ", PH("900 83 41 22"), " (atención al cliente) se "
    "cortan tras 30 segundos. Log del SBC:\n`SIP/2.0 408 Request Timeout from ", IP("212.170.22.15"), "`\n"
    "Abierto ticket con el operador.")

add(["javier"],
    "Configuración del conector con el ERP (Sage 200), copiada del servidor:\n```\n[database]\nserver=", IP("10.30.0.40"),
    "\\SAGE\nuser=sa\npassword=", PW("Sage200!Adm"), "\n```\n", P(who("javier")), ", el usuario sa no debería usarse "
    "para la integración.")

add([],
    "México: el cliente de Monterrey pide que le llamemos al ", PH("+52 81 8399 4410"), " para revisar la "
    "factura F-2024-0331. Su correo: ", E("compras@aceros-norte.com.mx"), ".")

add(["javier"],
    "Resumen del chat con el cliente:\nCliente: mi contraseña del portal es ", PW("Hola1234"), " y no me deja entrar\n",
    P(who("javier")), ": Por favor, no comparta su contraseña. Le envío un enlace para restablecerla.")

add([],
    "Argentina: la transferencia del distribuidor llegó desde una cuenta nueva. Nos escribió ",
    N("Martín Sosa"), " (", E("martin.sosa@distribuidora-pampa.com.ar"), ", ", PH("+54 11 4312 8870"),
    "). Compliance pide verificar antes de conciliar.")

add(["javier"],
    "Clave de API de SendGrid del entorno de marketing encontrada en un documento compartido de "
    "Google Drive (\"Campañas 2024\"): ", K("sendgrid"), ". ", P(who("javier")), " la ha revocado.")

# =============================================================================================
# Portuguese
# =============================================================================================

add(["beatriz"],
    "Olá, a ", P(who("beatriz")), " precisa do acesso ao painel da transportadora para o piloto em "
    "São Paulo. Usuário: bl_piloto / senha: ", PW("Piloto#SP2024"), ". Telefone do suporte da "
    "transportadora: ", PH("(11) 3472-8890"), ".")

add([],
    "Reclamação via Reclame Aqui, copiada para o ticket:\n\"Comprei o plano anual e fui cobrado duas "
    "vezes no cartão ", CC(mastercard()), ". Já liguei três vezes. Meu celular é ", PH("+55 11 98472-3310"),
    ". Quero o estorno!\"\nEstorno aprovado.")

add(["ines"],
    "Novo fornecedor em Lisboa (limpeza do escritório). Dados para pagamento:\nNIB/IBAN: ", IB(iban("PT")),
    "\nContacto: ", N("Joana Ferreira"), " — ", E("joana.ferreira@limpezasdotejo.pt"), " — ", PH("+351 912 745 330"),
    "\nAprovado pela ", P(who("ines")), ".")

add([],
    "Log do servidor de e-mail (Postfix) mostrando a tentativa de login:\n```\nMar 21 04:12:55 mx01 postfix/smtpd[2211]: "
    "warning: unknown[", IP("177.54.147.209"), "]: SASL LOGIN authentication failed\n```\nIP do Brasil, "
    "provavelmente força bruta. Adicionado ao fail2ban.")

add(["beatriz"],
    "A ", P(who("beatriz")), " enviou o contrato do novo colaborador com CPF e dados bancários. O "
    "ticket não é o lugar para isso! Conta para o salário: banco 341, agência 0912, conta 44718-2. "
    "Telefone do colaborador: ", PH("(21) 99214-6630"), ". Movido para o sistema de RH e apagado daqui.")

add([],
    "Configuração do conector de faturação em Portugal:\n```\nAT_USERNAME=512345678/1\nAT_PASSWORD=", PW("Fatur@AT-2024"),
    "\nAPI_KEY=", K("stripe"), "\n```\nA chave do Stripe é de produção – revogar.")

add(["ines"],
    "A ", P(who("ines")), " pediu reembolso de despesas da viagem ao Porto: 184,20 € para ", IB(iban("PT", spaced=False)),
    ". Recibos em anexo.")

add([],
    "Cliente do Rio pediu segunda via do boleto e mandou o e-mail do financeiro: ", E("financeiro@cafesertao.com.br"),
    ". Telefone fixo ", PH("+55 21 3472 1180"), ". Segunda via enviada.")

# =============================================================================================
# Italian
# =============================================================================================

add(["giulia", "matteo"],
    "Ciao, ", P(who("matteo")), " inizia lunedì nell'ufficio di Milano. Password iniziale per il "
    "dominio: ", PW("Milano_Avvio#24"), ". Cellulare personale per la consegna del portatile: ",
    PH("347 219 8843"), ". Approvato da ", P(who("giulia")), ".")

add([],
    "Reclamo del cliente: \"Buongiorno, ho pagato la fattura 2024/IT/0412 con bonifico ma risulta "
    "ancora aperta. Il nostro IBAN è ", IB(iban("IT")), ". Potete verificare? Tel. ", PH("+39 02 8736 4410"),
    ".\" Verificato: pagamento arrivato, abbinamento manuale fatto.")

add(["giulia"],
    "Il NAS dell'ufficio di Roma (", IP("10.24.0.50"), ") è pieno al 98%. ", P(who("giulia")), " ha "
    "chiesto l'accesso admin: utente admin, password ", PW("R0ma-Nas!2021"), ". Da cambiare subito dopo la pulizia.")

add([],
    "Da: ", N("Alessandro Conti"), " <", E("alessandro.conti@studioconti-commercialisti.it"), ">\nOggetto: "
    "Documenti per la dichiarazione\n\nBuongiorno, mi servono gli estratti conto di marzo. Per urgenze: ",
    PH("+39 06 4521 9987"), ".\nCordiali saluti")

add(["matteo"],
    "Errore nel deploy del servizio fatturazione elettronica (SDI): il certificato client scade e nel "
    "ticket è stata incollata la chiave privata:\n", PK(pem("PRIVATE KEY", 1210)), "\n", P(who("matteo")),
    " rigenerare il certificato e la chiave.")

add([],
    "Carta aziendale smarrita in trasferta a Torino: ", CC(visa(" ")), ". Bloccata chiamando il numero "
    "verde ", PH("800 822 056"), ". La nuova carta arriva in 5 giorni lavorativi.")

add(["giulia"],
    "Connessione al DB di staging per ", P(who("giulia")), ":\n`mysql://", UC("stg_report:Stg!Rep-0912"),
    "@", IP("10.40.9.14"), ":3306/reporting`\nSolo lettura.")

# =============================================================================================
# Dutch
# =============================================================================================

add(["daan", "noor"],
    "Hoi, ", P(who("noor")), " begint maandag bij Finance in Amsterdam. Tijdelijk wachtwoord: ", PW("Grachten!2024a"),
    ". Mobiel nummer voor de MFA-registratie: ", PH("06-48273915"), ". Akkoord van ", P(who("daan")), ".")

add([],
    "Klacht van klant: \"Ik heb twee keer betaald voor bestelling NL-55120. Graag terugstorten op ",
    IB(iban("NL")), ". Bel me op ", PH("+31 6 2104 8871"), " als er vragen zijn.\" Terugbetaling ingepland.")

add(["daan"],
    "Storing: de switch in de serverruimte Utrecht (", IP("10.25.0.2"), ") reageert niet meer. ", P(who("daan")),
    " is ter plaatse. Leverancier bellen op ", PH("030 241 77 00"), ", contractnummer UT-NW-2231.")

add([],
    "Van: ", N("Pieter Smit"), " <", E("pieter.smit@smit-installatietechniek.nl"), ">\nOnderwerp: Toegang "
    "serverruimte\n\nGoedemorgen, onze monteur komt donderdag. Kunt u de toegangscode doorgeven? Mijn "
    "nummer: ", PH("+31 20 421 6680"), ".\nMet vriendelijke groet")

add(["noor"],
    "Declaratie van ", P(who("noor")), " (training in Rotterdam): € 145,00 naar ", IB(iban("NL", spaced=False)),
    ". Bonnetjes bijgevoegd.")

add([],
    "Config van de oude monitoring-server gevonden in de wiki:\n```\nzabbix_db_user = zabbix\nzabbix_db_password = ",
    PW("Z4bb1x!db"), "\nzabbix_server = ", IP("10.25.1.10"), "\n```\nWachtwoord wordt vandaag gewijzigd.")

# =============================================================================================
# Polish
# =============================================================================================

add(["piotr", "marta"],
    "Cześć, ", P(who("piotr")), " potrzebuje dostępu do serwera raportowego. Hasło tymczasowe: ",
    PW("Krakow#Raport24"), ". Numer telefonu do weryfikacji MFA: ", PH("+48 22 574 18 30"), ". Zgoda: ",
    P(who("marta")), ".")

add([],
    "Reklamacja klienta: \"Dzień dobry, zapłaciłem za zamówienie PL-2024-3381 kartą ", CC(visa()),
    " dwa razy. Proszę o zwrot na konto ", IB(iban("PL")), ". Mój numer: ", PH("601 482 937"), ".\"\n"
    "Zwrot na kartę zamiast przelewu – prościej dla księgowości.")

add(["piotr"],
    "Log z serwera pocztowego po zmianie hasła:\n```\nauth failed: user=", P(who("piotr", "email")),
    " rip=", IP("83.24.171.9"), " lip=", IP("10.26.0.12"), "\n```\nKlient pocztowy na telefonie ma stare hasło.")

add([],
    "Od: ", N("Katarzyna Wiśniewska"), " <", E("katarzyna.wisniewska@biuro-rachunkowe-kw.pl"), ">\nTemat: Faktury "
    "za luty\n\nDzień dobry, proszę o przesłanie brakujących faktur. Tel. ", PH("+48 12 631 44 08"), ".\nPozdrawiam")

add(["piotr"],
    "Dane do przelewu wynagrodzenia dla nowej osoby w Krakowie: ", IB(iban("PL", spaced=False)),
    ". ", P(who("piotr")), " przekazał do kadr.")

# =============================================================================================
# Japanese
# =============================================================================================

add(["sato", "yuki"],
    P(who("sato")), "さんが4月1日から東京オフィスに入社します。ノートPCのキッティングをお願いします。"
    "初期パスワードは ", PW("Tokyo#Start2024"), " です（初回ログイン時に変更）。私用携帯: ", PH("090-4821-7736"),
    "。承認者: ", P(who("yuki")), "")

add([],
    "お客様からの問い合わせ：「注文番号 JP-2024-11820 の請求が二重になっています。カード番号は ",
    CC(jcb()), " です。至急返金してください。連絡先 ", PH("03-6821-4470"), "」\n→ 返金処理済み、カード番号はマスク済み。")

add(["yuki"],
    "大阪オフィスのプリンタが印刷できない件。IPアドレス ", IP("10.27.1.33"), "、MACアドレス ",
    MAC("00:26:73:5A:C8:11"), "。", P(who("yuki")), "さんが再起動済み、ドライバ更新で解決。")

add([],
    "取引先からのメール署名:\n", N("Kenji Watanabe"), "\n株式会社ミナト物流 情報システム部\n", E("kenji.watanabe@minato-logi.co.jp"),
    "\nTEL: ", PH("+81 3-5412-7780"), "\n〒105-0022 東京都港区海岸1-2-3")

add(["sato"],
    "ステージング環境のDB接続文字列がチケットに貼られていました：\n`postgresql://", UC("stg_app:Stg-Tky!2024"),
    "@", IP("10.27.8.20"), ":5432/app`\n", P(who("sato")), "さん、パスワードを変更してください。")

add([],
    "AWSのアクセスキーがSlackに投稿されていました：`", K("aws"), "`。IAMで無効化済み、CloudTrailに不審な操作はありません。")

# =============================================================================================
# Chinese
# =============================================================================================

add(["wang"],
    P(who("wang")), " 下周一开始在上海办公室工作，请准备笔记本电脑。初始密码：", PW("Shanghai@2024!"),
    "，手机号：", PH("138 1045 7729"), "。")

add([],
    "客户投诉：订单 CN-2024-07741 重复扣款，银行卡号 ", CC(unionpay()), "，联系电话 ", PH("+86 21 6288 4410"),
    "。已安排退款。")

add(["wang"],
    "上海办公室的VPN网关 ", IP("116.228.91.34"), " 今天早上断开。", P(who("wang")), " 已联系运营商（电话 ",
    PH("400-820-1188"), "），预计下午恢复。")

add([],
    "在代码仓库里发现了GitHub令牌：`", K("github"), "`，已撤销。提交者已被通知，请不要把令牌写进代码。")

add(["wang"],
    "供应商邮件签名：\n", N("Li Na"), "\n深圳华讯物流有限公司\n邮箱：", E("li.na@huaxun-logistics.cn"), "\n电话：",
    PH("0755-8632 1190"), "\n手机：", PH("+86 139 2877 4016"))

add([],
    "测试环境数据库配置（请勿用于生产）：\n```\nDB_HOST=", IP("10.28.3.15"), "\nDB_USER=test\nDB_PASSWORD=", PW("Ceshi#2024db"),
    "\n```\n密码本周内更换。")

# =============================================================================================
# Korean
# =============================================================================================

add(["minji"],
    P(who("minji")), "님이 4월 1일부터 서울 사무실에서 근무합니다. 노트북 준비 부탁드립니다. 임시 비밀번호: ",
    PW("Seoul!Start24"), ", 연락처: ", PH("010-4827-1193"), ".")

add([],
    "고객 문의: \"주문번호 KR-2024-2210 결제가 두 번 되었습니다. 카드번호 ", CC(mastercard()), ". 연락처 ",
    PH("+82 10-4827-5531"), "\"\n환불 처리 완료.")

add(["minji"],
    "부산 물류센터 방화벽 로그:\n```\nDENY src=", IP("121.134.52.77"), " dst=", IP("10.29.0.10"), " dport=22\n```\n",
    P(who("minji")), "님 확인 부탁드립니다. 외부에서 SSH 시도가 계속됩니다.")

add([],
    "협력사 담당자 연락처: ", N("Park Jihoon"), " (", E("park.jihoon@hanbit-express.co.kr"), ", ", PH("02-3441-8870"),
    "). 다음 주 화요일 미팅 예정.")

add(["minji"],
    "API 키가 위키 문서에 노출되었습니다: ", K("openai"), ". ", P(who("minji")), "님이 키를 폐기했습니다.")

# =============================================================================================
# Negative lines (no labels): look-alikes
# =============================================================================================

neg("Release notes billing-api 3.14.3 (build 20240319.4, commit 9f3c2a1e):\n- Fix NPE when an invoice has no "
    "line items (BILL-2281)\n- Bump jackson-databind 2.16.1 → 2.16.2\n- Retry SEPA export on HTTP 503 (max 3 attempts, "
    "backoff 2s/4s/8s)\nDeployed to prod 2024-03-19 16:40 CET, no migrations.")

neg("git log --oneline for the hotfix branch:\n```\n4be1f0a (HEAD -> hotfix/3.14.3) Guard against empty line items\n"
    "c81d9e7 Add regression test for BILL-2281\n2f0a6b3 Merge tag 'v3.14.2'\n```\nCherry-picked to main as e3b0c442.")

neg("Image pinned by digest in the Helm chart now: registry.brightlane.io/billing-api@sha256:"
    "5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef (tag 3.14.3). Old digest "
    "sha256:9b74c9897bac770ffc029102a200c5de stays in the registry for 30 days.")

neg("Customer asked where their parcels are. Tracking numbers from the carrier portal: UPS 1Z4F8V060398765432, "
    "DHL JJD000390007882741, FedEx 7749 1027 8830. All three show 'in transit' since 18.03, carrier says "
    "weather delay at the Leipzig hub.")

neg("Finance query: invoice INV-2024-03318 (PO 4500128834) was paid on 12.03 but the remittance "
    "advice references INV-2024-03381. Amount matches (EUR 4,812.60). Please re-allocate in SAP, "
    "document 5100048812, fiscal year 2024.")

neg("Refund processed for the customer: original payment Visa •••• 4417, refund id re_3OuQ8rLkdF8Zx1a0, "
    "amount €249.00, expected on the statement in 5–10 business days. Nothing else needed from us.")

neg("Card on file shows as **** **** **** 9921 (exp 11/26) in the billing admin. The customer says "
    "that's their old card; asked them to update it themselves via Settings → Billing.")

neg("Helm values for the staging deploy, secrets come from the External Secrets operator:\n```yaml\nenv:\n"
    "  DATABASE_URL: postgres://$(DB_USER):$(DB_PASSWORD)@pg-staging:5432/billing\n  STRIPE_SECRET_KEY: "
    "${STRIPE_SECRET_KEY}\n  SENDGRID_API_KEY: \"{{ .Values.sendgrid.apiKey }}\"\n```\nNo literal values anywhere, good.")

neg("From the AWS docs, for the new-joiner workshop: configure the CLI with `aws configure` and enter "
    "your own keys. The docs example is `AWS Access Key ID: AKIAIOSFODNN7EXAMPLE` / `AWS Secret Access Key: "
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY` — do NOT paste your real ones in the workshop chat.")

neg("Trace for the slow request: trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7, "
    "request id 7d3e1c52-8a4f-4b9e-b1d6-2f0c9e8a7b41, duration 8,412 ms (p99 for that route is 640 ms). "
    "The time goes into the carrier rate lookup.")

neg("Health check is fine locally: `curl -s http://127.0.0.1:8080/actuator/health` returns UP, and the "
    "service binds to 0.0.0.0:8080 inside the container. The problem is the ingress path rewrite, not the app.")

neg("Password policy reminder (Confluence, IT Security): minimum 14 characters, no reuse of the last 12, "
    "lockout after 10 failed attempts for 15 minutes. Service accounts: 32+ random characters, rotated "
    "every 90 days, stored in the vault only. Never send a password by email or in a ticket.")

neg("Audit log entry: 2024-03-20T07:14:02Z user.password_changed actor=self ip=internal method=sspr "
    "result=success. The user's question was only why they got the 'password changed' email; that's expected.")

neg("Public key to add to the jump host for the new monitoring user:\n`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIM3vK8"
    "pQ2hY9tL0xW7nR4bF6jD1sE5cA8gU3oZ2yV9mT monitoring@jump01`\nFingerprint SHA256:q4Fz8yT1nB3vX6mK9pL2wR7hJ0dC5sA"
    "/eG4uI8oN1tQ.")

neg("Intermediate certificate for the chain (public, safe to share):\n" + pem("CERTIFICATE", 900) +
    "\nThe leaf is fine, nginx was missing this one.")

neg("Post-incident metrics: error rate peaked at 12.4% at 14:21, p99 latency 3,870 ms, 1,942 failed "
    "checkouts, estimated revenue impact €18,300. MTTD 6 min, MTTR 41 min. Action items tracked in INC-2024-0319.")

neg("Desktop baseline after the March patch day: Windows 10.0.19045.4170, Chrome 122.0.6261.112, "
    "Edge 122.0.2365.92, Office 16.0.17328.20184, VMware Tools 12.3.5.22544. Two laptops still on "
    "19045.4046, reboot pending.")

neg("Asset lookup: ThinkPad X1 Carbon, serial PF3K8Q2Z, asset BL-LT-03921, purchased 2021-06-14, "
    "warranty until 2024-06-13, EAN 0196803511260. Replacement due in Q2.")

neg("CVE-2024-3094 (xz backdoor) check: none of our images ship xz 5.6.0 or 5.6.1; base images use "
    "5.4.5-0.3. Scanned 214 images with Trivy 0.50.0. Closing.")

neg("Cron schedule for the nightly export changed from `0 2 * * *` to `30 3 * * 1-5`. The job runs "
    "~47 minutes and writes /data/export/2024-03-21/part-00000.parquet through part-00011.")

neg("Stripe objects for the disputed payment: pi_3OuP2qLkdF8Zx1Ab, ch_3OuP2qLkdF8Zx1Ab0C, customer "
    "cus_PkT8wQz1LmN3, dispute du_1OvA9bLkdF8Zx1. Evidence due 2024-04-02.")

neg("OpenAPI docs example for partners:\n```\ncurl https://api.brightlane.io/v2/shipments \\\n  -H \"Authorization: "
    "Bearer <YOUR_API_TOKEN>\" \\\n  -H \"Idempotency-Key: <uuid>\"\n```\nReplace the placeholders with your own values.")

neg("Masked config shown in the admin UI: smtp_password = ********, api_key = sk_live_••••••••••••3fA9, "
    "webhook_secret = (hidden). Users with the Admin role can rotate but never view the values.")

neg("EDI file header: UNB+UNOC:3+4006381333931:14+5412345000013:14+240319:0815+00000000000781'. The "
    "GLNs are ours and the customer's, the interchange ref is just a counter.")

neg("Jira filter for the weekly report: `project = SUP AND created >= -7d AND priority in (Highest, High) "
    "ORDER BY created DESC` — 143 issues this week vs 118 last week.")

neg("Meeting notes, ops sync 19/03: office Wi-Fi upgrade (Meraki MR46) scheduled for 6–7 April, "
    "budget 18,400 EUR approved; ticket volume down 8% week over week; no change to on-call.")

neg("Benchmark of the new search cluster: 3 × r6g.2xlarge, index size 412 GB, 1.2 billion docs, "
    "median query 38 ms, p95 190 ms, ingest 24,000 docs/s. Compared to the old cluster (11.4.2) "
    "that's roughly 2.3× faster.")

neg("The logo in the email template is inlined as data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAADAAAAAwCAYAAAB"
    "XAvmHAAAABmJLR0QA/wD/AP+gvaeTAAAA — that's why the mails are 180 KB. Host it on the CDN instead.")

neg("Order 5512-0091-3370 shipped in two parcels (5512-0091-3370-01 and -02). Customer only got the "
    "first one; the second is at the depot in Neuss, redelivery 22/03 between 08:00 and 12:00.")

neg("Reminder: to get a test card in the sandbox, use the numbers from the Stripe testing docs page; "
    "never use a real card in staging. Test API keys start with sk_test_ and only work in test mode.")

neg("Timesheet export looks wrong for week 11: total 37.5 h but the breakdown sums to 41.25 h "
    "(overtime 3.75 h counted twice). Payroll run is on the 25th, needs fixing before.")

neg("UUIDs of the stuck jobs (all in state RETRYING since 03:00): 3f2b8c1e-7d4a-4e9b-a6c2-1f0e9d8c7b6a, "
    "a91c4e27-5b3d-4f1a-9e8c-2d7b6a5f4e3c, 0e8d7c6b-5a4f-4e3d-b2c1-a0f9e8d7c6b5. Requeued manually.")

neg("Laptop won't boot after the BIOS update (1.18.2 → 1.19.0). Error code 2000-0151 on the "
    "diagnostics screen. Dell case 182734455, replacement motherboard on the way.")

neg("Per the DPA, subprocessors must be listed with country and purpose. Updated the list: AWS (DE, IE), "
    "Twilio (US), SendGrid (US), Zendesk (US, EU). Version 4.2 of the page, effective 01.05.2024.")

neg("Password reset for the user done via SSPR; they received the link and set a new password "
    "themselves. No temporary password was issued. Closing as resolved.")

neg("JWT structure for the partner docs: header.payload.signature, e.g. `eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9"
    ".<payload>.<signature>`. Tokens expire after 3600 s; refresh with the refresh token flow.")

neg("Network diagram legend: VLAN 10 servers, VLAN 20 clients, VLAN 30 VoIP, VLAN 99 management. "
    "Uplinks 2 × 10 Gbit/s LACP. Core switches in stack, firmware 17.9.4a.")

neg("Firmware on the office firewalls is FortiOS v7.2.8 build1639 (GA.M); the advisory recommends 7.2.9 or "
    "later. Maintenance window Saturday 22:00–02:00, expected downtime 10 minutes per site.")

neg("Survey results for the IT satisfaction survey Q1: 312 responses, CSAT 4.3/5, NPS +41. "
    "Top complaint: VPN reconnects (27% of comments). Full export in the SharePoint folder.")

neg("Hash of the installer we distribute: SHA-256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 "
    "— wait, that's the hash of an empty file. The upload failed; re-uploading the 212 MB MSI.")

neg("Customer complaint: 'The tracking page has been saying Out for delivery for 3 days, this is "
    "ridiculous, I will never order again.' Parcel found at the depot, delivered today. Sent a voucher "
    "code SPRING-10-7Q4K.")

# --- negatives in other languages ------------------------------------------------------------

neg("Wartungsfenster für das ERP-Update auf Version 2023.4.1 (Build 7781): Samstag 23.03., 18:00–22:00 Uhr. "
    "Betroffen sind Lager, Einkauf und Buchhaltung. Ticket CHG-2024-0412, Rollback-Plan im Anhang.")

neg("Rechnung RE-2024-04471 vom 05.03.2024 über 12.480,00 € netto, Zahlungsziel 30 Tage, Kostenstelle 4410, "
    "Sachkonto 6815. Bestellnummer 4500128834. Bitte zur Freigabe an die Abteilungsleitung.")

neg("Die Kreditkarte der IT-Abteilung (endet auf 7731) läuft im April ab. Neue Karte ist beantragt, "
    "bitte alle Abos (Adobe, Atlassian, JetBrains) rechtzeitig umstellen.")

neg("Konfiguration aus dem Ansible-Playbook, Passwörter kommen aus dem Vault:\n```yaml\nmysql_root_password: "
    "\"{{ vault_mysql_root_password }}\"\nsmtp_password: \"{{ lookup('hashi_vault', 'secret=kv/smtp:password') }}\"\n```")

neg("Sendungsverfolgung für die Ersatzteile: DHL Paket 00340434161094015902, Zustellung voraussichtlich "
    "Donnerstag. Lieferschein LS-88120, 3 Positionen.")

neg("Urlaubsplanung Q2: Team IT-Support hat 14 Urlaubstage eingetragen, Überschneidung in KW 19 "
    "(3 von 5 Personen). Bitte bis 31.03. abstimmen.")

neg("Laut Hersteller ist die Seriennummer SN 2148-7730-0912 nicht mehr im Support. Empfehlung: "
    "Austausch gegen Modell 7.2, Lieferzeit 6–8 Wochen.")

neg("Mise à jour du poste de travail : Windows 11 23H2 (build 22631.3296), pilote graphique 31.0.101.5382. "
    "Le redémarrage est prévu ce soir à 19h00.")

neg("Facture n° FA-2024-00912 du 14/03/2024, montant TTC 1 488,00 €, échéance 13/04/2024. Bon de "
    "commande BC-77120. Merci de la valider dans l'outil de gestion.")

neg("Le colis est bloqué au dépôt de Saint-Priest. Numéro de suivi Colissimo 6A21948830127, "
    "nouvelle livraison prévue le 22/03.")

neg("Rappel de la politique de sécurité : ne jamais communiquer votre mot de passe, même au support "
    "informatique. Le support ne vous le demandera jamais.")

neg("Configuration du serveur : écoute sur 0.0.0.0:8443, redirection depuis 127.0.0.1:80. Certificat "
    "valable jusqu'au 14/09/2024.")

neg("Actualización del portal de proveedores a la versión 5.8.2 el sábado. El número de pedido de "
    "prueba es PED-2024-000812 y la factura de prueba F-2024-0331.")

neg("El cliente dice que la tarjeta terminada en 0451 fue rechazada. Le pedimos que lo intente con "
    "otra tarjeta o que pague por transferencia. No necesitamos el número completo.")

neg("Seguimiento del envío: SEUR 04821731088, GLS 76011294517. Ambos en reparto hoy.")

neg("Recordatorio: las contraseñas deben tener al menos 14 caracteres. El campo contraseña del "
    "formulario muestra ******** y no se guarda en los registros.")

neg("Acta de la reunión del 20/03: migración del correo al nuevo tenant completada al 92 %, "
    "quedan 37 buzones. Próxima revisión el 27/03 a las 10:00.")

neg("Nota fiscal nº 000.041.882, série 1, emitida em 18/03/2024. Valor R$ 12.480,00. Pedido de compra 4500128834.")

neg("Atualização do sistema de ponto eletrônico para a versão 3.2.0.45 no fim de semana. "
    "Nenhuma ação necessária dos colaboradores.")

neg("O cartão corporativo final 9921 foi bloqueado por segurança. Novo cartão solicitado, prazo de 7 dias úteis.")

neg("Código de rastreamento dos Correios: OJ123456785BR — objeto postado em 19/03, previsão 25/03.")

neg("Aggiornamento del firmware dei router a 7.14.2 completato in tutte le sedi. Nessun disservizio "
    "segnalato. Prossimo intervento previsto il 12/04 alle 21:00.")

neg("Fattura n. 2024/IT/0412 del 11/03/2024, imponibile 3.200,00 €, IVA 22% 704,00 €, totale 3.904,00 €. "
    "Scadenza 30 giorni data fattura fine mese.")

neg("La password deve essere cambiata ogni 90 giorni. In caso di problemi usare il reset self-service "
    "dal portale, non scrivere la password nei ticket.")

neg("Nieuwe versie van de kassasoftware (4.11.0) staat klaar. Uitrol per winkel tussen 25 en 29 maart, "
    "zie planning in bijlage. Bestelnummer PO-NL-2024-1182.")

neg("Pakket met trackingnummer 3SBLNL0048812774 is vertraagd door een staking bij de vervoerder. "
    "Nieuwe bezorgdatum onbekend.")

neg("De factuur 2024-0319-NL van 1.245,50 euro is dubbel geboekt. Creditnota CN-2024-0041 aangemaakt.")

neg("Aktualizacja systemu ERP do wersji 2024.1.3 zaplanowana na sobotę 23.03 w godz. 18:00–22:00. "
    "Numer zgłoszenia CHG-PL-0412.")

neg("Faktura VAT nr FV/2024/03/0118 na kwotę 4 812,60 zł brutto, termin płatności 14 dni. NIP sprzedawcy "
    "na fakturze się zgadza.")

neg("社内システムのメンテナンスのお知らせ：3月23日(土) 22:00〜翌2:00、バージョン 5.2.1 へ更新します。"
    "作業番号 CHG-JP-2024-0412。")

neg("注文番号 JP-2024-11820 の配送状況：ヤマト運輸 追跡番号 4821-7736-0912、明日午前中に配達予定です。")

neg("パスワードは12文字以上にしてください。チケットやチャットにパスワードを書かないでください。")

neg("系统升级通知：3月23日 22:00 至 24日 02:00 升级到 6.3.0 版本，工单号 CHG-CN-0412，期间服务不可用。")

neg("订单 CN-2024-07741 已发货，顺丰单号 SF1429883107742，预计周五送达。")

neg("시스템 점검 안내: 3월 23일 22시부터 24일 02시까지 버전 2.8.4로 업데이트합니다. 변경번호 CHG-KR-0412.")

neg("주문번호 KR-2024-2210 배송 조회: CJ대한통운 운송장 번호 6412-8830-2217, 내일 도착 예정.")

# =============================================================================================
# More positives: US payroll and tax, tokens, connection strings, other languages
# =============================================================================================

add(["sarah"],
    "1099-NEC prep: the contractor who did the warehouse scanner rollout sent a W-9 with TIN/SSN ",
    SSN(ssn()), " and business name 'Kline Field Services'. ", P(who("sarah")), " please upload the W-9 "
    "to the vendor record in NetSuite and delete this comment.")

add([],
    "Census file for the benefits broker has a broken row (column shift). Rows 41–42 as they appear:\n"
    "```\nemp_id,last,first,ssn,dob,plan,tier\nE10488,REDACTED,REDACTED,", SSN(ssn("")), ",1986-02-11,PPO,EE+SP\n"
    "E10491,REDACTED,REDACTED,", SSN(ssn()), ",1979-10-30,HDHP,EE\n```\nThe first SSN has no dashes, the broker's "
    "import expects them. Fixing in the source sheet.")

add(["beatriz"],
    "Chat de soporte (cliente en Texas, en español):\nCliente: para verificar mi identidad les doy mi número "
    "de seguro social, es el ", SSN(ssn()), "\n", P(who("beatriz")), ": No es necesario, por favor no comparta ese "
    "dato. Verificamos con el código que le enviamos por SMS al ", PH("+1 (915) 238-4471"), ".")

add([],
    "Quoted from the background-check vendor's confirmation email:\n> Report ready for candidate #CH-48812. "
    "Identity verified: SSN ending 4417 (full SSN on file: ", SSN(ssn()), "). County criminal search: clear.\n"
    "Why do they put the full number in the email? Asked our account rep to stop that.")

add(["ethan", "sarah"],
    P(who("ethan")), " found an old export on the shared drive (`payroll_2021_Q4_FINAL(2).xlsx`) with full "
    "SSNs, e.g. row 3: ", SSN(ssn()), ". ", P(who("sarah")), " confirmed it's a duplicate of what's in ADP; "
    "file deleted and the recycle bin purged.")

add([],
    "Customer called about a tax form: they received a 1099-K with someone else's SSN on it (", SSN(ssn()),
    ") instead of their own. Privacy incident PRIV-2024-007 opened; the customer's callback number is ",
    PH("(646) 834-2217"), ".")

add(["linh"],
    "Websocket auth for the driver app sends the token in the query string, so it shows up in the ALB "
    "access logs: `wss://rt.brightlane.io/socket?token=", JWT(jwt({"sub": "drv_55120", "role": "driver",
    "depot": "NSS", "exp": 1711008000}, "HS256")), "&v=2`. ", P(who("linh")), " is switching to the "
    "Sec-WebSocket-Protocol header.")

add([],
    "Support bundle from the on-prem customer contains `config/agent.yaml`:\n```yaml\nserver: https://api.brightlane.io\n"
    "agent_token: ", JWT(jwt({"iss": "brightlane", "sub": "agent-7741", "tenant": "t_0412", "iat": 1709251200},
    "RS256", kid="agents-1")), "\nproxy: http://", UC("proxyuser:Pr0xy!Corp"), "@", IP("10.1.4.20"), ":3128\n```\n"
    "The proxy password is the customer's, told them to rotate it.")

add(["matteo"],
    "Kafka Connect sink to the warehouse fails auth. Connector config (from the REST API):\n```json\n"
    "{\"connection.url\": \"jdbc:sqlserver://", IP("10.40.8.40"), ":1433;databaseName=dwh\",\n \"connection.user\": \"kafka_sink\",\n"
    " \"connection.password\": \"", PW("K4fka-S1nk!dwh"), "\"}\n```\n", P(who("matteo")),
    " the Connect REST API returns secrets in clear — we need the config provider.")

add([],
    "Airflow connection for the SFTP pull from the carrier, as shown by `airflow connections get`:\n"
    "`sftp://", UC("bl_pull:Carr13r-Pull#7"), "@sftp.nordcargo-logistics.com:22/outbound`\nThe carrier "
    "rotated the key on their side, that's why the DAG fails.")

add(["lena"],
    "Hallo ", P(who("lena")), ", die Zugangsdaten für das Lieferantenportal von Würth: Kundennummer 88120447, "
    "Benutzer einkauf.berlin, Kennwort ", PW("Wuerth-Ber!24"), ". Ansprechpartner dort: ", N("Markus Vogel"),
    ", ", E("markus.vogel@wuerth-partner.de"), ", ", PH("+49 7940 15-2247"), ".")

add([],
    "Bonjour, suite à notre échange téléphonique, voici la clé d'API pour l'intégration Shopify de la "
    "boutique de Bordeaux : ", K("shopify"), ". Le compte de service est ", E("integrations@boutique-garonne.fr"),
    ". Merci de la stocker dans votre coffre-fort.")

add(["yuki", "sato"],
    P(who("yuki")), "さん、", P(who("sato")), "さん：本番環境の決済Webhookシークレットが設定ファイルに直書きされています。\n"
    "```\nSTRIPE_WEBHOOK_SECRET=", K("stripe", "whsec"), "\n```\n至急ローテーションしてください。")

add([],
    "数据库备份脚本里有明文连接串：`mongodb://", UC("backup:Beifen#2024"), "@", IP("10.28.3.21"),
    ":27017/admin`，请改为从密钥管理服务读取。")

add(["minji"],
    "결제 연동 테스트 중 고객이 보낸 로그에 JWT가 포함되어 있습니다: ", JWT(jwt({"sub": "cust_7741", "exp": 1711000000,
    "scope": "payments"}, "HS256")), " — ", P(who("minji")), "님, 로그 마스킹 설정 부탁드립니다.")

add([],
    "Ciao, il fornitore di Bologna ci ha mandato il nuovo IBAN per il pagamento delle fatture di marzo: ",
    IB(iban("IT", spaced=False)), ". Referente amministrativo: ", N("Chiara Rossi"), " — ",
    E("chiara.rossi@logisticaemiliana.it"), " — ", PH("051 634 2218"), ". Verificare con una telefonata prima di pagare.")

add(["daan"],
    "Kopie uit de Teams-chat met de leverancier van de toegangspassen:\nLeverancier: het beheerwachtwoord "
    "van de controller is ", PW("Paxton#Ams01"), "\n", P(who("daan")), ": dank, ik zet het in de kluis en "
    "verander het na de installatie.")

add([],
    "Olá equipa, o acesso ao router da loja do Porto: IP público ", IP("89.155.36.102"), ", utilizador admin, "
    "palavra-passe ", PW("L0ja-Port0!rt"), ". O técnico da operadora liga do ", PH("+351 22 605 1140"), ".")

add(["piotr"],
    "Token GitLab z pliku `.gitlab-ci.yml` w repozytorium magazyn-api: `", K("gitlab"), "`. ",
    P(who("piotr")), " unieważnił token i przeniósł go do zmiennych CI.")

# --- a few more negatives --------------------------------------------------------------------

neg("Gift card not accepted at checkout: the customer typed code " + group(not_luhn(16, "6048"), [4, 4, 4, 4], " ")
    + " and got 'invalid code'. Gift cards from the 2023 campaign expired on 31.12.2023; issued a new one "
    "(value €25, campaign SPRING24).")

neg("New hire record created in Workday: employee ID 10488, grade L4, cost center 4410, start date "
    "2024-04-08, probation 6 months, manager position P-00912. Equipment request ITS-8812 linked.")

neg("Jira automation audit log for rule 'Auto-assign SUP by component' (rule id 41882711): 2024-03-21 "
    "09:14:07 executed, 3 issues edited, duration 1.84 s; 2024-03-21 09:44:07 no actions performed.")

neg("kubectl get pods -n payments:\n```\nNAME                            READY   STATUS             RESTARTS      AGE\n"
    "payments-api-7d9f8c6b5-x2k4q   1/1     Running            0             3d4h\npayments-api-7d9f8c6b5-p8m1z   0/1     "
    "CrashLoopBackOff   14 (2m ago)   3d4h\npayments-worker-5c7b9d-tn6wl     1/1     Running            2             11d\n```")

neg("Personalnummer 004471, Eintritt 01.04.2024, Probezeit 6 Monate, Entgeltgruppe E9. Arbeitsvertrag "
    "liegt unterschrieben in der digitalen Personalakte, Ablage 2024/03/118.")

neg("Número de expediente 2024/000412 — el cliente reclama el pedido ES-7741 (importe 212,40 €). "
    "Respuesta enviada el 20/03 a las 12:41, plazo de resolución 15 días hábiles.")

neg("社員番号 004471 の入社手続き完了。PC資産番号 BL-LT-04417、貸与日 2024/04/01。")

neg("Phone numbers in the CRM must be stored in E.164 (a plus sign, country code, then the number "
    "without spaces or leading zero). The import job rejects 1,204 of 58,330 records that don't match.")

# --- a few more non-English lines ------------------------------------------------------------

add(["matteo"],
    "Il cliente di Verona non riesce ad accedere al portale da stamattina. Ci ha scritto da ",
    E("ufficio.acquisti@ferramentascaligera.it"), " e chiede di essere richiamato al ", PH("045 803 1127"),
    " o al cellulare ", PH("+39 333 618 2049"), ". ", P(who("matteo")), " verifica se è il blocco dopo 10 tentativi falliti.")

add([],
    "VPN della sede di Napoli: il nuovo firewall ha IP pubblico ", IP("151.11.48.203"), ". Chiave pre-condivisa "
    "del tunnel IPsec verso Milano: ", PW("Nap0li-Mil4no!psk"), ". Da spostare nel password manager appena finito il test.")

add([],
    "Firma HTML del fornitore (incollata dall'email, con i link):\n<p><b>", N("Francesca Bianchi"), "</b><br>Customer Service<br>"
    "<a href=\"mailto:", E("francesca.bianchi@imballaggi-lombardi.it"), "\">", E("francesca.bianchi@imballaggi-lombardi.it"),
    "</a><br><a href=\"tel:", PH("+390291234567"), "\">", PH("+39 02 9123 4567"), "</a></p>")

add(["piotr", "marta"],
    "Nowy pracownik w Gdańsku zaczyna 15.04. Proszę o konto AD i laptop. Dane do wypłaty: ", IB(iban("PL")),
    ", telefon prywatny ", PH("+48 512 884 106"), ". Hasło startowe przekażę osobiście: ", PW("Gdansk!Start2024"),
    ". Zatwierdzone przez ", P(who("marta")), ", realizuje ", P(who("piotr")), ".")

add([],
    "Kopia rozmowy z Teams:\nAdmin: jakie jest hasło do panelu routera w magazynie?\nMagazyn: ", PW("Magazyn#Rtr77"),
    "\nAdmin: dzięki, zmieniam od razu. Router ma adres ", IP("192.168.50.1"), ".")

neg("Przesyłka z częściami zamiennymi: InPost 680000014839207751162094, paczkomat WAW12M, odbiór do 24.03.")

add(["minji"],
    "서버 설정 파일에 DB 비밀번호가 평문으로 저장되어 있습니다:\n```\nspring.datasource.url=jdbc:mysql://", IP("10.29.4.12"),
    ":3306/erp\nspring.datasource.username=erp_app\nspring.datasource.password=", PW("Erp!Seoul-2023"), "\n```\n",
    P(who("minji")), "님, Vault로 옮겨 주세요.")

add([],
    "客户来信：\"你好，我的账号登录不了，注册邮箱是 ", E("zhang.lei.work@163.com"), "，手机 ", PH("+86 186 2104 5538"),
    "，请尽快联系我。\"已转交二线支持。")

add(["javier"],
    "Webhook de Slack para las alertas de logística pegado en el README del repo: ", K("slack", "webhook"),
    ". ", P(who("javier")), " lo ha regenerado y lo ha puesto en las variables del pipeline.")

add(["klaus"],
    "Neuer Lieferant für Büromaterial: Kontakt über ", E("info@müller-bürobedarf.de"), ", Telefon ", PH("+49 221 9485 330"),
    ". ", P(who("klaus")), " legt den Kreditor an, Bankverbindung folgt mit der ersten Rechnung.")

neg("Leveringsbevestiging: bestelling PO-NL-2024-1182 is op 21-03 om 14:12 afgeleverd, getekend door de receptie. "
    "Factuur volgt binnen 5 werkdagen.")


# =============================================================================================
# building, checking, writing
# =============================================================================================


def fold(text):
    """Lower-case ASCII letters of `text`, German umlauts spelled out and other accents dropped."""
    text = text.lower()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if "a" <= c <= "z")


def spells(name, email):
    """Whether the local part of `email` spells `name` (all of its words, in some order)."""
    local = fold(email.split("@")[0])
    words = [fold(w) for w in re.split(r"[\s\-']+", name) if fold(w)]
    plain = [w.replace("ae", "a").replace("oe", "o").replace("ue", "u") for w in words]
    for ws in (words, plain):
        if local in ("".join(ws), "".join(reversed(ws))):
            return True
    return False


def build(index, people_keys, parts):
    text_bytes, spans = b"", []
    for part in parts:
        if isinstance(part, str):
            text_bytes += part.encode()
            continue
        kind, value = part
        encoded = value.encode()
        start = len(text_bytes)
        text_bytes += encoded
        spans.append({"kind": kind, "start": start, "end": len(text_bytes)})
    text = text_bytes.decode()
    people = [PEOPLE[k] for k in people_keys]
    values = [p for p in parts if not isinstance(p, str)]
    emails = [v for k, v in values if k == "email"]
    for span, (kind, value) in zip(spans, values):
        got = text_bytes[span["start"]:span["end"]].decode()
        assert got == value, (index, got, value)
        check(kind, value, people, emails, index)
    return {"id": f"held3-{index:05d}", "text": text, "people": people, "spans": spans}


def check(kind, value, people, emails, index):
    """The value is what its kind claims: Luhn, mod 97, SSN ranges, JWT header, a person."""
    where = f"line {index}: {kind} {value[:60]!r}"
    if kind == "credit_card":
        d = re.sub(r"[ .-]", "", value)
        assert d.isdigit() and luhn_ok(d) and 13 <= len(d) <= 19, where
    elif kind == "iban":
        assert iban_valid(value), where
    elif kind == "ssn":
        assert ssn_valid(value), where
    elif kind == "jwt":
        assert jwt_valid(value), where
    elif kind == "person":
        listed = any(value in (p["display_name"], p["email"], p["account_id"]) for p in people)
        assert listed or any(spells(value, e) for e in emails), where
    elif kind == "email":
        assert "@" in value and not any(value == p["email"] for p in people), where
    elif kind == "private_key":
        assert value.startswith("-----BEGIN ") and value.endswith("PRIVATE KEY-----"), where
    elif kind == "url_credentials":
        assert ":" in value and "@" not in value, where
    elif kind == "mac_address":
        assert len(re.sub(r"[^0-9A-Fa-f]", "", value)) == 12, where
    elif kind == "ip_address":
        assert not value.startswith("127.") and value not in ("0.0.0.0", "::1"), where
    elif kind == "password":
        assert value.strip() == value and value, where


LOOKALIKES = [
    ("email", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("ipv4", re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")),
    ("ssn", re.compile(r"(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)")),
    ("jwt", re.compile(r"eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]{8,}")),
    ("pem", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
    ("key", re.compile(r"\b(?:AKIA|ASIA|ghp_|gho_|ghs_|github_pat_|glpat-|glrt-|sk_live|sk_test|rk_live|whsec_|"
                       r"xox[bpa]-|xapp-|sk-proj-|sk-ant-|npm_|AIza|SG\.|shpat_|hf_|dop_v1_|pypi-|ATATT|"
                       r"dckr_pat_|hvs\.|PMAK-|lin_api_|NRAK-)")),
]


def lint(records):
    """Warnings about look-alikes left unlabeled (to read, not to fail on)."""
    warnings = []
    for r in records:
        covered = [(s["start"], s["end"]) for s in r["spans"]]

        def free(m):
            a, b = len(r["text"][:m.start()].encode()), len(r["text"][:m.end()].encode())
            return not any(s < b and a < e for s, e in covered)

        for name, rx in LOOKALIKES:
            for m in rx.finditer(r["text"]):
                if free(m):
                    warnings.append((r["id"], name, m.group()))
        for m in re.finditer(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])", r["text"]):
            d = re.sub(r"\D", "", m.group())
            if luhn_ok(d) and free(m):
                warnings.append((r["id"], "luhn", m.group()))
        for m in re.finditer(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b", r["text"]):
            if iban_valid(m.group()) and free(m):
                warnings.append((r["id"], "iban", m.group()))
        for p in PEOPLE.values():
            first = p["display_name"].split()[0]
            for v in (p["display_name"], p["email"], p["account_id"]):
                for m in re.finditer(re.escape(v), r["text"]):
                    if free(m):
                        warnings.append((r["id"], "person?", v))
            if len(first) > 2 and re.search(r"(?<!\w)" + re.escape(first) + r"(?!\w)", r["text"]):
                if p["display_name"] not in r["text"]:
                    warnings.append((r["id"], "first name", first))
    return warnings


def main():
    order = list(range(len(LINES)))
    random.Random(0x0D3).shuffle(order)
    records = [build(i + 1, *LINES[j]) for i, j in enumerate(order)]
    for record in records:
        if not record["spans"]:
            for p in record["people"]:
                assert not any(v in record["text"] for v in p.values()), record["id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    texts = [r["text"] for r in records]
    assert len(texts) == len(set(texts)), "duplicate texts"
    with open(OUT, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for r in records for s in r["spans"])
    negatives = sum(1 for r in records if not r["spans"])
    print(f"wrote {OUT}: {len(records)} lines, {negatives} negative, "
          f"{sum(kinds.values())} spans")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<24}{count}")
    if "--lint" in sys.argv:
        for warning in lint(records):
            print("  lint:", *warning)


if __name__ == "__main__":
    main()
