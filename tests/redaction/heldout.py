#!/usr/bin/env python3
"""Writes heldout.jsonl: a held-out redaction evaluation set, written without looking at the
detectors (guest/) or at the other corpora's templates.

    python3 tests/redaction/heldout.py

The output is deterministic: every random part (card numbers, IBAN bodies, key bodies, PEM and
JWT bodies) comes from one seeded `random.Random`. The format is the one evaluate.py reads:

    {"id": "held-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with byte offsets into the UTF-8 text. Each line is built from pieces: plain strings and
`(kind, value)` tuples; offsets are computed from the encoded pieces, never by hand.

Labelling conventions used here:

* url_credentials: only `user:password` of `scheme://user:password@host` (`:password` when the
  user is empty, as in `redis://:pw@host`).
* password: only the secret value of an assignment, flag or sentence (no key name, no quotes).
  Generic secrets without a vendor prefix (client_secret, SECRET_KEY, an HTTP Basic credential,
  a base64 value in a Kubernetes Secret) are labelled `password`.
* api_key/<vendor>: the whole token, prefix included; a Slack webhook is the whole URL.
* person: a display name, email or account id of someone in the line's `people`, where the text
  mentions them (an @mention is labelled without the `@`). Only full display names are used in
  the text; first names alone never appear. Emails of listed people are `person`, not `email`.
* ip_address: public and private addresses alike; loopback and 0.0.0.0 are not labelled
  (they only appear on negative lines).
* private_key: from `-----BEGIN` to the closing `-----` of the END line.
* Negative lines (no spans) carry look-alikes: versions, dates, hashes, UUIDs, placeholders,
  masked values, certificates and public keys, documentation example keys.
"""

import base64
import json
import random
import re
import string
from collections import Counter
from pathlib import Path

from checks import iban_check, iban_valid, luhn_ok

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout.jsonl"
rng = random.Random(0x5EC2E7)

ALNUM = string.ascii_letters + string.digits
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


def card(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    for check in "0123456789":
        if luhn_ok(body + check):
            return body + check
    raise AssertionError


def group(number, sizes, sep):
    out, i = [], 0
    for size in sizes:
        out.append(number[i:i + size])
        i += size
    assert i == len(number)
    return sep.join(out)


# --- IBAN ------------------------------------------------------------------------------------


def iban(country, bban, spaced=True):
    full = country + iban_check(country, bban) + bban
    assert iban_valid(full)
    if spaced:
        return " ".join(full[i:i + 4] for i in range(0, len(full), 4))
    return full


UPPER = string.ascii_uppercase


def bban(country):
    if country == "DE":
        return digits(8) + digits(10)
    if country == "FR":
        return digits(5) + digits(5) + digits(11) + digits(2)
    if country == "ES":
        return digits(20)
    if country == "NL":
        return rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + digits(10)
    if country == "IT":
        return rng.choice(UPPER) + digits(5) + digits(5) + digits(12)
    if country == "PL":
        return digits(24)
    if country == "PT":
        return "0035" + digits(17)
    if country == "BE":
        first = digits(10)
        key = int(first) % 97 or 97
        return first + f"{key:02d}"
    if country == "AT":
        return digits(16)
    if country == "CH":
        return digits(5) + digits(12)
    if country in ("GB", "IE"):
        bank = {"GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"], "IE": ["AIBK", "BOFI"]}[country]
        return rng.choice(bank) + digits(6) + digits(8)
    if country == "LU":
        return digits(3) + digits(13)
    if country == "NO":
        return digits(11)
    if country == "DK":
        return digits(14)
    if country == "BR":
        return digits(8) + digits(5) + digits(10) + "C" + "1"
    if country == "FI":
        return digits(14)
    raise KeyError(country)


# --- SSN -------------------------------------------------------------------------------------


def ssn_valid(value):
    d = re.sub(r"[^0-9]", "", value)
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
            return "github_pat_" + alnum(22) + "_" + alnum(59)
        return (variant or "ghp") + "_" + alnum(36)
    if vendor == "aws":
        if variant == "secret":
            return pick(ALNUM + "/+", 40)
        return (variant or "AKIA") + pick(AWS_CHARS, 16)
    if vendor == "stripe":
        if variant == "whsec":
            return "whsec_" + alnum(32)
        return (variant or "sk_live") + "_" + alnum(rng.choice([24, 99]))
    if vendor == "slack":
        if variant == "webhook":
            return ("https://hooks.slack.com/services/T" + pick(UPPER + string.digits, 10)
                    + "/B" + pick(UPPER + string.digits, 10) + "/" + alnum(24))
        if variant == "xoxp":
            return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"
        if variant == "xapp":
            return f"xapp-1-A{pick(UPPER + string.digits, 10)}-{digits(13)}-{hexs(64)}"
        return f"xoxb-{digits(12)}-{digits(13)}-{alnum(24)}"
    if vendor == "openai":
        if variant == "legacy":
            return "sk-" + alnum(20) + "T3BlbkFJ" + alnum(20)
        if variant == "svcacct":
            return "sk-svcacct-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
        return "sk-proj-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
    if vendor == "anthropic":
        if variant == "admin":
            return "sk-ant-admin01-" + pick(B64URL, 93) + "AA"
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
    sig_len = {"HS256": 32, "HS512": 64, "RS256": 256, "ES256": 64, "PS256": 256}[alg]
    return b64url_json(header) + "." + b64url_json(payload) + "." + b64url_bytes(sig_len)


def jwt_valid(token):
    parts = token.split(".")
    if len(parts) != 3:
        return False
    head = json.loads(base64.urlsafe_b64decode(parts[0] + "=" * (-len(parts[0]) % 4)))
    return "alg" in head


PEM_PREFIX = {
    "RSA PRIVATE KEY": "MIIEowIBAAKCAQEA",
    "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ",
    "EC PRIVATE KEY": "MHcCAQEEI",
    "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAA",
    "ENCRYPTED PRIVATE KEY": "MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI",
    "CERTIFICATE": "MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa",
    "PUBLIC KEY": "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA",
}


def pem(label, nbytes, newline="\n", width=64):
    prefix = PEM_PREFIX[label]
    body = b64_bytes(nbytes)
    body = prefix + body[len(prefix):]
    lines = [body[i:i + width] for i in range(0, len(body), width)]
    return newline.join([f"-----BEGIN {label}-----", *lines, f"-----END {label}-----"])


def idna_domain(domain):
    return domain.encode("idna").decode()


# --- people ----------------------------------------------------------------------------------


def person(name, email, account_id):
    return {"display_name": name, "email": email, "account_id": account_id}


PEOPLE = {
    "annelies": person("Annelies van der Berg", "annelies.vanderberg@northwind-trading.nl",
                       "5f8e2a1c9b7d4e3f2a1b0c9d"),
    "tobias": person("Tobias Krämer", "t.kraemer@stahlwerk-ruhr.de",
                     "712020:8d4c1e2f-6a3b-4c5d-9e8f-1a2b3c4d5e6f"),
    "sophie": person("Sophie Marchand", "sophie.marchand@atelier-lumiere.fr",
                     "62a9f1e0c4b3d2a1908f7e6d"),
    "diego": person("Diego Fernández", "dfernandez@ibercargo.es",
                    "557058:3b2a1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d"),
    "mariana": person("Mariana Costa", "mariana.costa@vinhosdouro.pt",
                      "60f7c2d1e8a94b3c5d6e7f80"),
    "luca": person("Luca Bianchi", "l.bianchi@ferramenta-nord.it",
                   "712020:f1e2d3c4-b5a6-4978-8a1b-2c3d4e5f6a7b"),
    "agnieszka": person("Agnieszka Wiśniewska", "a.wisniewska@polmarket.pl",
                        "5e1d2c3b4a5f6e7d8c9b0a1f"),
    "yoko": person("田中 陽子", "y.tanaka@sakura-denki.co.jp",
                   "712020:0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d"),
    "oliver": person("Oliver Bennett", "oliver.bennett@harbourline.co.uk",
                     "63b1a2c3d4e5f60718293a4b"),
    "priya": person("Priya Raghunathan", "priya.r@quantifyhealth.io",
                    "557058:7e6d5c4b-3a2f-4e1d-8c0b-9a8f7e6d5c4b"),
    "marcus": person("Marcus Johnson", "mjohnson@bluepeak-outdoors.com",
                     "5c4d3e2f1a0b9c8d7e6f5a4b"),
    "elodie": person("Élodie Garnier", "elodie.garnier@cabinet-garnier.fr",
                     "712020:4b5c6d7e-8f9a-4b0c-9d1e-2f3a4b5c6d7e"),
    "jan": person("Jan Kowalczyk", "jan.kowalczyk@logistyka24.pl",
                  "61a2b3c4d5e6f708192a3b4c"),
    "femke": person("Femke de Vries", "femke@devries-installatie.nl",
                    "557058:1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
    "hiroshi": person("Hiroshi Nakamura", "h.nakamura@kaiyo-soft.jp",
                      "5a6b7c8d9e0f1a2b3c4d5e6f"),
    "chiara": person("Chiara Romano", "chiara.romano@studioromano.it",
                     "712020:9f8e7d6c-5b4a-4392-a1b0-c9d8e7f6a5b4"),
    "lukas": person("Lukas Schneider", "lukas.schneider@alpenbahn.at",
                    "64c5d6e7f8091a2b3c4d5e6f"),
    "rafael": person("Rafael Oliveira", "rafael.oliveira@pampa-agro.com.br",
                     "557058:2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a"),
    "grace": person("Grace O'Connor", "grace.oconnor@shamrock-analytics.ie",
                    "5b6c7d8e9f0a1b2c3d4e5f60"),
    "sebastian": person("Sebastián Ruiz", "sruiz@andes-mineria.cl",
                        "712020:3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f"),
    "emma": person("Emma Lindqvist", "emma.lindqvist@nordljus.se",
                   "65d6e7f8091a2b3c4d5e6f70"),
    "ahmed": person("Ahmed Al-Farsi", "ahmed.alfarsi@gulfport-shipping.ae",
                    "557058:5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9"),
    "zofia": person("Zofia Nowak", "z.nowak@biuro-nowak.pl",
                    "5d6e7f8091a2b3c4d5e6f708"),
    "willem": person("Willem Janssen", "w.janssen@havenbedrijf-zeeland.nl",
                     "712020:6f7a8b9c-0d1e-4f2a-b3c4-d5e6f7a8b9c0"),
    "camille": person("Camille Laurent", "camille.laurent@vinsdelaloire.fr",
                      "66e7f8091a2b3c4d5e6f7081"),
    "bjorn": person("Björn Håkansson", "bjorn.hakansson@fjallsport.se",
                    "557058:7a8b9c0d-1e2f-4a3b-8c4d-e5f6a7b8c9d0"),
    "daniel": person("Daniel Kim", "daniel.kim@pinecrest-labs.com",
                     "5f708192a3b4c5d6e7f8091a"),
    "isabel": person("Isabel Moreno", "isabel.moreno@clinicasol.es",
                     "712020:8b9c0d1e-2f3a-4b4c-9d5e-f6a7b8c9d0e1"),
    "kenji": person("渡辺 健二", "k.watanabe@fujimi-logi.co.jp",
                    "60192a3b4c5d6e7f8091a2b3"),
    "nadia": person("Nadia Haddad", "nadia.haddad@cedar-pay.com",
                    "557058:9c0d1e2f-3a4b-4c5d-8e6f-a7b8c9d0e1f2"),
}

# --- the lines -------------------------------------------------------------------------------

LINES = []


def add(people, *parts):
    LINES.append((list(people), list(parts)))


NEGATIVE_PEOPLE = ["oliver", "sophie", "tobias", "priya", "luca", "yoko", "femke", "diego",
                   "jan", "mariana", "daniel", "grace"]
negatives_seen = [0]


def neg(people, text):
    """A line without labels. Every third one carries people (as a Jira comment does) whom
    the text does not mention."""
    n = negatives_seen[0]
    negatives_seen[0] += 1
    if not people and n % 3 == 0:
        i = (n // 3) % len(NEGATIVE_PEOPLE)
        people = [NEGATIVE_PEOPLE[i], NEGATIVE_PEOPLE[(i + 5) % len(NEGATIVE_PEOPLE)]]
    LINES.append((list(people), [text]))


def E(v): return ("email", v)
def PH(v): return ("phone", v)
def CC(v): return ("credit_card", v)
def IB(v): return ("iban", v)
def IP(v): return ("ip_address", v)
def SSN(v): return ("ssn", v)
def P(v): return ("person", v)
def MAC(v): return ("mac_address", v)
def PK(v): return ("private_key", v)
def JWT(v): return ("jwt", v)
def PW(v): return ("password", v)
def UC(v): return ("url_credentials", v)
def K(vendor, variant=None): return ("api_key/" + vendor, key(vendor, variant))


def who(k, field="display_name"):
    return PEOPLE[k][field]


# ===== phones ================================================================================

add(["marcus"], "Customer called from ", PH("+1 (646) 555-0142"),
    " about the stuck Confluence sync and wants a callback before 5pm EST. Assigning to ",
    P(who("marcus")), ".")
add([], "On-site contact for the Denver install is the facilities desk, ", PH("720.555.0178"),
    " — they open at 7:30 and need 24h notice for badge access.")
add(["oliver"], "Sie erreichen unseren Londoner Partner unter ", PH("+44 20 7946 0321"),
    ", Ansprechpartner ist ", P(who("oliver")), ". Bitte vorher kurz per Mail ankündigen.")
add([], "bridge keeps dropping, text me on ", PH("07700 900482"), " and I'll dial back in")
add(["tobias"], "Rückruf bitte unter ", PH("0151 2345 6789"),
    ", ich bin ab 9 Uhr im Büro.\n\nViele Grüße\n", P(who("tobias")))
add([], "Kundendienst Nürnberg\nTel.: ", PH("0911 / 480 27 15"), "\nFax: ", PH("0911 / 480 27 99"),
    "\nÖffnungszeiten Mo–Fr 8–16 Uhr")
add([], "Signatur aus der Mail des Kunden: Geschäftsführung, Tel. ", PH("+49 (0)30 2093 4512"),
    ", Sitz der Gesellschaft: Berlin, HRB 112233 B")
add([], "Le standard répond au ", PH("01 42 68 53 10"),
    " du lundi au vendredi ; en dehors de ces horaires, utiliser le formulaire.")
add(["sophie"], P(who("sophie")), " : la cliente demande à être rappelée sur son portable ",
    PH("+33 6 71 28 44 90"), " après 18h.")
add([], "Numéro noté par le support N1 : ", PH("06.48.19.72.33"),
    " (ligne directe du responsable d'exploitation).")
add([], "Llámame al ", PH("612 48 93 07"), " o al fijo de la oficina ", PH("+34 913 27 55 81"),
    ", hoy estoy en remoto.")
add(["luca"], "Il numero del magazzino è ", PH("02 8736 4410"), ", cellulare del referente ",
    PH("347 218 5590"), ". Segnalato da ", P(who("luca")), ".")
add([], "Bel even met de servicedesk: ", PH("020-5621784"), " of mobiel ", PH("06-41827365"),
    " als het dringend is.")
add(["agnieszka"], "Proszę o kontakt telefoniczny: ", PH("+48 601 234 877"), " lub stacjonarnie ",
    PH("(22) 628 14 90"), ".\nPozdrawiam, ", P(who("agnieszka")))
add([], "Contacto do armazém no Porto: ", PH("+351 912 447 381"), " (também WhatsApp).")
add(["rafael"], "Cliente pediu retorno pelo ", PH("(11) 98437-2210"), ", falar com ",
    P(who("rafael")), " antes de abrir o chamado no fornecedor.")
add([], "ご連絡は ", PH("03-5412-7783"), " または携帯 ", PH("090-3821-4476"), " までお願いします。")
add(["hiroshi"], "Escalation contact in Osaka: ", P(who("hiroshi")), ", ", PH("+81 6-6345-1290"),
    " (JST, please mind the time difference).")
add([], "Ops lead in Bangalore can be reached at ", PH("+91 98450 12377"),
    " during IST business hours.")
add([], "Our Sydney office: ", PH("+61 2 8019 4432"), "; after hours the duty phone is ",
    PH("0412 733 019"), ".")
add([], "Zürich Helpdesk ", PH("+41 44 512 83 60"), " – bitte Ticketnummer bereithalten.")
add(["lukas"], P(who("lukas")), " ist diese Woche nur mobil erreichbar: ", PH("+43 664 1234587"))
add([], "Contact Brussel: ", PH("+32 2 514 27 83"), " (NL/FR).")
add(["emma"], "Ring ", P(who("emma")), " on ", PH("+46 70 123 45 67"),
    " if the warehouse scanner goes offline again.")
add([], "Teléfono de la sucursal CDMX: ", PH("+52 55 4187 2290"), ", horario de 9 a 18 h.")
add([], "sms-gateway 2024-05-21T08:14:02Z to=", PH("+4915112345678"),
    " template=otp_login status=DELIVERED segments=1")
add([], "Dublin reception: ", PH("+353 1 496 2270"), ".")
add([], "Escalate billing disputes to the toll-free line ", PH("1-800-463-2210"),
    " (option 3).")
add([], '<p>Questions? Call us: <a href="tel:', PH("+31205621784"),
    '">', PH("020 562 1784"), '</a></p>')
add([], '{"customer": {"tier": "gold", "phone": "', PH("+1-415-555-0199"),
    '", "locale": "en_US"}}')
add(["zofia"], "Numer do księgowej: ", PH("+48 22 350 71 08"), ", wew. nie trzeba. ",
    P(who("zofia")))
add([], "Kundin bittet um Rückruf, Festnetz ", PH("040 38 90 12 44"),
    ", am besten vormittags.")

# ===== emails ================================================================================

add([], "Bounce notice: delivery to ", E("billing-alerts@mail.eu.northwind-trading.nl"),
    " failed (550 5.1.1 mailbox unavailable).")
add([], "Please add ", E("ops+jira-sync@harbourline.co.uk"),
    " as a watcher so the rota gets the updates.")
add([], "Die Rechnungsadresse lautet ", E("jürgen.groß@beispiel-gmbh.de"),
    " — Umlaute im Local Part werden vom alten Mailserver abgelehnt.")
add([], "Kontakt laut Impressum: ", E("kontakt@müller-bäckerei.de"), " (IDN-Domain, punycode ",
    E("kontakt@" + idna_domain("müller-bäckerei.de")), ").")
add([], "From: Support Desk <", E("support@tickets.bluewave-marine.com"),
    ">\nSubject: Re: [SUP-2231] export hangs at 99%")
add([], "Bitte Kopie an ", E("buchhaltung@stahl-und-guss.de"), " und ",
    E("einkauf@stahl-und-guss.de"), ".")
add([], "mailto link in the footer is broken: <a href=\"mailto:", E("help@quickpark.app"),
    "?subject=Parking%20issue\">Contact</a>")
add([], "Reply-to header was ", E("noreply-4471@notifications.cedar-pay.com"),
    " so the customer's answers went nowhere.")
add([], "Envoyez la facture à ", E("compta.fournisseurs@groupe-lemaire.fr"),
    ", pas à l'adresse générique.")
add([], "Enviar el informe a ", E("calidad_planta-2@fabrica.sevilla.ibercargo.es"), " antes del viernes.")
add([], "問い合わせ先：", E("info@" + "ドメイン例.jp"), "（営業時間内のみ対応）")
add([], "2024-06-02 11:20:44 WARN  smtp: recipient rejected rcpt=",
    E("anna.kowal@poczta.onet.pl"), " reason=quota_exceeded")
add([], "CSV row 418 fails validation: 418;Sørensen ApS;", E("ordre@sorensen-aps.dk"),
    ";DK;active")
add([], "Para dúvidas fiscais: ", E("fiscal@contabil-ribeiro.com.br"), ".")
add([], "De klant mailt vanaf ", E("FACTUREN@Bouwbedrijf-Smit.NL"),
    " (hoofdletters), onze filter matcht daar niet op.")
add([], "Wyślij potwierdzenie na ", E("zamowienia@sklep-rowerowy.com.pl"), ".")
add([], "Il cliente scrive da ", E("amministrazione@cantina-valpolicella.wine"),
    ", dominio di primo livello nuovo: il nostro validatore lo rifiuta.")
add([], "SAML assertion contained NameID ", E("a.schmidt@corp.eu-west.klinikum-nord.de"),
    " but the Jira user has a different address.")
add([], "git log shows the author as ", E("dev.bot+renovate@users.noreply.gitforge.io"),
    " — that's the Renovate app, not a person.")
add([], "「", E("tanaka.hanako@mail.kaisha-abc.co.jp"), "」宛てにメールが届かないとの報告あり。")

# ===== persons ===============================================================================

add(["annelies", "willem"], "@", P(who("annelies")), " kun jij de export van gisteren checken? ",
    P(who("willem")), " zegt dat er 40 regels ontbreken.")
add(["tobias"], "[~accountid:", P(who("tobias", "account_id")),
    "] bitte einmal den Import-Job neu starten, der hängt seit 06:10.")
add(["sophie", "elodie"], P(who("sophie")), " a validé le correctif ; ", P(who("elodie")),
    " fera la recette demain matin.")
add(["diego"], "Reasignado a ", P(who("diego")), " (", P(who("diego", "email")),
    ") porque conoce el conector SAP.")
add(["mariana"], "Obrigada, ", P(who("mariana")), "! O relatório agora abre sem erro.")
add(["yoko", "kenji"], P(who("yoko")), "さん、", P(who("kenji")),
    "さんから共有された手順で再現できました。")
add(["priya", "daniel"], "Pairing today: ", P(who("priya")), " and ", P(who("daniel")),
    " will look at the webhook retries after standup.")
add(["grace"], "Watcher added: ", P(who("grace")), " <", P(who("grace", "email")), ">")
add(["chiara"], "Assegnato a [~accountid:", P(who("chiara", "account_id")),
    "], priorità alta per via della scadenza fiscale.")
add(["jan", "zofia"], P(who("jan")), " przekazał zgłoszenie do ", P(who("zofia")),
    ", bo dotyczy faktur korygujących.")
add(["femke"], "Goedkeuring van ", P(who("femke")), " ontvangen per mail (",
    P(who("femke", "email")), "), we kunnen uitrollen.")
add(["bjorn"], "Rapporterat av ", P(who("bjorn")), ": skannern i lager 3 tappar wifi varje timme.")
add(["ahmed", "nadia"], "Sign-off: ", P(who("ahmed")), " (ops), ", P(who("nadia")),
    " (finance). Go-live Thursday.")
add(["isabel"], "Hola ", P(who("isabel")), ", ¿puedes confirmar si la migración ya terminó?")
add(["camille"], "Cc ", P(who("camille", "email")),
    " — elle gère les accès Confluence pour la filiale.")
add(["lukas", "emma"], "Jira automation log: rule \"Escalate P1\" assigned issue to accountId=",
    P(who("lukas", "account_id")), ", previous assignee accountId=",
    P(who("emma", "account_id")))
add(["sebastian"], "Gracias ", P(who("sebastian")), " por el análisis del deadlock, adjunto el log.")
add(["oliver", "marcus"], "Handover from ", P(who("oliver")), " to ", P(who("marcus")),
    ": the remaining task is the SSO cutover.")
add(["rafael"], "Email do solicitante: ", P(who("rafael", "email")),
    "; solicitação aprovada pelo gestor.")
add(["hiroshi", "yoko"], "@", P(who("hiroshi")), " please sync with ", P(who("yoko")),
    " on the Japanese translation of the error messages.")
add(["agnieszka"], "Zgłaszający: ", P(who("agnieszka")), " (",
    P(who("agnieszka", "account_id")), ")")
add(["luca", "chiara"], "Ciao ", P(who("chiara")), ", ho girato la richiesta a ",
    P(who("luca")), " che segue il magazzino di Verona.")
add(["priya"], "From: ", P(who("priya")), " <", P(who("priya", "email")),
    ">\nSent: Tuesday, 4 June 2024 10:12\nSubject: RE: duplicate webhooks")
add(["willem", "femke"], "Overdracht: ", P(who("willem")), " neemt het over van ",
    P(who("femke")), " tijdens haar verlof.")

# ===== credit cards ==========================================================================

visa = card("4", 16)
add([], "Customer reports a double charge on card ", CC(group(visa, [4, 4, 4, 4], " ")),
    " for order SO-88213, amount 129.00 USD.")
mc = card("5" + rng.choice("12345"), 16)
add([], "Karte ", CC(group(mc, [4, 4, 4, 4], "-")),
    " wurde zweimal belastet, bitte Gutschrift über 49,90 € veranlassen.")
mc2 = card(str(rng.randint(2221, 2720)), 16)
add([], "payment_failed card=", CC(mc2), " reason=insufficient_funds attempt=3")
amex = card(rng.choice(["34", "37"]), 15)
add([], "Amex on file: ", CC(group(amex, [4, 6, 5], " ")),
    ", the customer wants the annual plan charged there instead.")
disc = card("6011", 16)
add([], "Discover ", CC(group(disc, [4, 4, 4, 4], " ")),
    " got declined at checkout with code 05.")
jcb = card(str(rng.randint(3528, 3589)), 16)
add([], "お客様のカード番号 ", CC(group(jcb, [4, 4, 4, 4], "-")), " で二重決済が発生しました。")
diners = card("36", 14)
add([], "Diners Club ", CC(group(diners, [4, 6, 4], " ")),
    " — the corporate travel card, please update the billing profile.")
visa2 = card("4", 16)
add([], "La tarjeta ", CC(group(visa2, [4, 4, 4, 4], " ")),
    " fue rechazada dos veces; el cliente insiste en que tiene saldo.")
mc3 = card("5" + rng.choice("12345"), 16)
add([], "Carta di credito del cliente: ", CC(mc3),
    " (scadenza 11/27). Rimborso da fare entro venerdì.")
visa3 = card("4", 16)
add([], '{"event": "charge.refunded", "source": {"number": "', CC(visa3),
    '", "exp_month": 8, "exp_year": 2027}, "amount": 4500}')
up = card("62", 19)
add([], "UnionPay card ", CC(group(up, [4, 4, 4, 4, 3], " ")),
    " is not accepted by the EU acquirer, customer asks for alternatives.")
maestro = card("6759", 16)
add([], "Maestro ", CC(group(maestro, [4, 4, 4, 4], " ")),
    " — karta debetowa klienta, zwrot na to samo konto.")
visa4 = card("4", 16)
add([], "Le client a donné sa carte par téléphone (", CC(group(visa4, [4, 4, 4, 4], " ")),
    ") — à supprimer du ticket après traitement !")
mc4 = card("5" + rng.choice("12345"), 16)
add([], "Cartão: ", CC(group(mc4, [4, 4, 4, 4], ".")), " validade 03/26.")
amex2 = card("37", 15)
add([], "pasted from chat: my amex is ", CC(group(amex2, [4, 6, 5], "-")),
    " and it keeps saying invalid")

# ===== IBANs =================================================================================

add([], "Bitte Erstattung auf folgendes Konto: IBAN ", IB(iban("DE", bban("DE"))),
    ", BIC COBADEFFXXX, Kontoinhaberin siehe Anhang.")
add([], "RIB joint : IBAN ", IB(iban("FR", bban("FR"))), " – BIC BNPAFRPPXXX.")
add([], "Por favor, transferir a la cuenta ", IB(iban("ES", bban("ES"))), " antes del día 20.")
add([], "Nieuw rekeningnummer van de leverancier: ", IB(iban("NL", bban("NL"))), ".")
add([], "IBAN per il rimborso: ", IB(iban("IT", bban("IT"), spaced=False)), " intestato alla ditta.")
add([], "Numer konta do zwrotu: ", IB(iban("PL", bban("PL"))), ".")
add([], "IBAN para devolução: ", IB(iban("PT", bban("PT"))), ".")
add([], "vendor_master.csv;BE-00412;", IB(iban("BE", bban("BE"), spaced=False)), ";EUR;active")
add([], "Kontoverbindung Wien: ", IB(iban("AT", bban("AT"))), ".")
add([], "Zahlung an ", IB(iban("CH", bban("CH"))), " (CHF) wurde von der Bank zurückgewiesen.")
add([], "Refund should go to ", IB(iban("GB", bban("GB"))), ", sort code in the attachment.")
add([], "Supplier bank details changed to ", IB(iban("IE", bban("IE"))),
    " — verify by phone before paying (possible fraud).")
add([], '{"payout": {"iban": "', IB(iban("LU", bban("LU"), spaced=False)),
    '", "currency": "EUR"}}')
add([], "Konto: ", IB(iban("NO", bban("NO"))), " (Norge), beløp 4 200 NOK.")
add([], "Chave para reembolso internacional: ", IB(iban("BR", bban("BR"))), ".")
add([], "Tilisiirto: ", IB(iban("FI", bban("FI"))), ", viite 1009.")
add([], "Overførsel til ", IB(iban("DK", bban("DK"), spaced=False)), " fejler i testmiljøet.")

# ===== IP addresses ==========================================================================

add([], "nginx access.log: ", IP("185.94.112.37"),
    ' - - [03/Jun/2024:10:41:09 +0000] "POST /api/v2/sync HTTP/1.1" 502 0 "-" "SyncoClient/4.2"')
add([], "X-Forwarded-For: ", IP("198.51.100.23"), ", ", IP("10.12.4.7"))
add([], "Jun  3 02:17:44 bastion sshd[20931]: Failed password for invalid user admin from ",
    IP("45.133.1.209"), " port 51234 ssh2")
add([], "Der Server hat die IP ", IP("172.20.14.3"), ", das Gateway ist ", IP("172.20.0.1"), ".")
add([], "Bitte ", IP("91.198.174.192"), " in der Firewall freigeben (Port 443 ausgehend).")
add([], "Le serveur de fichiers répond sur ", IP("192.168.40.12"), " mais pas sur son nom DNS.")
add([], "curl: (7) Failed to connect to [", IP("2a02:8070:a2c4:1a00::15"),
    "]:443 after 21034 ms: Couldn't connect to server")
add([], "inet6 ", IP("fe80::1ff:fe23:4567:890a"), "%eth0 prefixlen 64 scopeid 0x20<link>")
add([], "AAAA record for api.synco.app now points to ", IP("2606:4700:3033::6815:2b1c"), ".")
add([], "IPv6 completa del router: ", IP("2001:0db8:85a3:0000:0000:8a2e:0370:7334"), ".")
add([], "DB connection refused: host=", IP("10.0.7.21"), " port=5432 sslmode=require")
add([], "IP-adres van de klant: ", IP("83.160.42.118"), " (Ziggo), we zien geen verkeer binnenkomen.")
add([], "Adres IP drukarki: ", IP("192.168.1.250"), " — po restarcie dostaje inny z DHCP.")
add([], "接続元IP ", IP("203.0.113.77"), " からのアクセスがブロックされています。")
add([], "Allowlist request: please add ", IP("34.102.51.88"), " and ", IP("34.102.51.89"),
    " (our CI egress).")
add([], '{"level":"warn","msg":"rate limited","client_ip":"', IP("94.23.115.6"),
    '","path":"/rest/api/3/search","retry_after":30}')

# ===== SSN ===================================================================================

add([], "Applicant SSN ", SSN(ssn()), " was pasted into the description — please scrub.")
add([], "W-9 attached. TIN (SSN): ", SSN(ssn()), ", tax classification individual.")
add([], "HR import failed on row 12: ssn=", SSN(ssn("")), " dob=1987-04-12 status=rejected")
add([], '{"employee_id": "E-20931", "ssn": "', SSN(ssn()), '", "state": "TX"}')
add([], "Social Security Number: ", SSN(ssn(" ")), " (verbally confirmed by the caller)")
add([], "El empleado en EE. UU. dio su SSN ", SSN(ssn()), " para el alta en nómina.")
add([], "payroll sync diff: - ssn: ", SSN(ssn()), "\n+ ssn: ", SSN(ssn()))
add([], "Customer verification: SSN ", SSN(ssn()), " matches the record; account unlocked.")

# ===== MAC addresses =========================================================================

add([], "Device ", MAC("3C:52:82:A1:7F:09"), " keeps getting a new lease every 5 minutes.")
add([], "Physical Address. . . . . . . . . : ", MAC("B4-2E-99-0C-5D-E1"))
add([], "Cisco: mac address-table shows ", MAC("0050.56a3.1f2e"), " on Gi1/0/24 vlan 120")
add([], "DHCPACK on ", IP("10.40.2.117"), " to ", MAC("a4:83:e7:2b:90:c4"), " (scanner-lager3) via eth1")
add([], "Die MAC-Adresse des Druckers ist ", MAC("00:1b:a9:4f:72:e3"), ", bitte im NAC freischalten.")
add([], "arp -a\n? (", IP("192.168.0.14"), ") at ", MAC("f0:18:98:6c:2a:b5"), " on en0 ifscope [ethernet]")
add([], "Adresse MAC du terminal de paiement : ", MAC("70-B3-D5-1A-C0-4F"), ".")
add([], "wlan0: associated with BSSID ", MAC("d8:07:b6:11:4e:9a"), " (signal -67 dBm)")

# ===== passwords =============================================================================

add([], "# .env.production\nDATABASE_HOST=pg-main.internal\nDATABASE_USER=synco_app\nDATABASE_PASSWORD=",
    PW("Vq8#rT2!mLp6xZ"), "\nLOG_LEVEL=info")
add([], "spring:\n  datasource:\n    url: jdbc:postgresql://pg-main.internal:5432/billing\n    username: billing\n    password: '",
    PW("S3cure!Pass#Rk7"), "'")
add([], '{"smtp": {"host": "smtp.mailhub.io", "port": 587, "user": "alerts", "password": "',
    PW("q7Lz!x9#TfP2"), '"}}')
add([], "Ran: mysql -u root -p'", PW("Xk9$vb2!Qr"), "' -h ", IP("10.2.0.15"),
    " billing < fix.sql — worked.")
add([], "PGPASSWORD='", PW("n0t-s0-s3cret"), "' psql -h reporting-db -U report -c 'select 1'")
add([], "docker run -d --name pg -e POSTGRES_USER=app -e POSTGRES_PASSWORD=", PW("Pg4dm1n_2x9"),
    " -p 5432:5432 postgres:16")
k8s_pw = "wA9!kL2#vQ7p"
add([], "apiVersion: v1\nkind: Secret\nmetadata:\n  name: billing-db\ntype: Opaque\ndata:\n  username: YmlsbGluZw==\n  password: ",
    PW(base64.b64encode(k8s_pw.encode()).decode()))
add([], "kubectl create secret generic smtp-creds --from-literal=user=mailer --from-literal=password='",
    PW("Ml7!relay#9"), "'")
add([], "Das Passwort für den Testzugang lautet ", PW("Sommerwind24!Berg"),
    " – bitte nach dem Workshop ändern.")
add([], "Accès à l'interface d'admin : identifiant admin, mot de passe : ", PW("Lumi3re#Quai"),
    ".")
add([], "Usuario: soporte\nContraseña: ", PW("Rt5%kqW8zL"), "\n(es temporal, caduca en 48 h)")
add([], "Acesso ao painel: utilizador gestor, senha ", PW("Douro@Vinh0s77"))
add([], "Het wachtwoord van de testomgeving is ", PW("Fiets!Gracht42"), ", niet doorsturen.")
add([], "Credenziali VPN: utente mrossi, la password è ", PW("Ferr4menta$Nord"), ".")
add([], "Dane do logowania: login serwis, hasło: ", PW("Krak0w#Wawel9"))
add([], "検証環境のログイン情報：ID admin / パスワード：", PW("Sakura_2024!x"))
add([], "Server=sql-prod-03;Database=Orders;User Id=sa;Password=", PW("P@ssw0rd!2Xq"),
    ";TrustServerCertificate=True")
add([], "jdbc:postgresql://pg.internal:5432/app?user=app&password=", PW("zT8%21kLm9"),
    "&ssl=true")
add([], 'cache = Redis(host="cache-01", port=6379, password="', PW("r3d1s-Sh4red-K3y"),
    '", db=2)')
add([], "# mail.properties\nmail.smtp.host=smtp.office-relay.net\nmail.smtp.user=noreply\nmail.smtp.password=",
    PW("gM4!pQ8s.vZ"))
add([], '<appSettings>\n  <add key="ApiSecret" value="', PW("7f2Kq9Lp0ZxW3vN8"),
    '" />\n  <add key="Region" value="eu-central" />\n</appSettings>')
add([], "ansible_user: deploy\nansible_become_password: ", PW("Bec0me!Root#4"))
add([], '[database]\nuser = etl\npassword = "', PW("semi;colon=and=equals!7"),
    '"\nhost = etl-db')
add([], "curl -u admin:", PW("Adm1n!Portal"),
    " -X POST https://jenkins.internal/job/deploy/build")
basic = base64.b64encode(b"svc-export:Exp0rt#Sv9!").decode()
add([], "Authorization: Basic ", PW(basic), "\nContent-Type: application/json")
add([], 'administrator_login          = "sqladmin"\nadministrator_login_password = "',
    PW("Tf$ecret-9921x"), '"')
add([], "services:\n  db:\n    image: mysql:8.0\n    environment:\n      - MYSQL_ROOT_PASSWORD=",
    PW("Wd9!kP3s_root"), "\n      - MYSQL_DATABASE=shop")
add([], "fyi the wifi password for the workshop room is ", PW("Gast-WLAN#7731"), " :)")
add([], "~/.pgpass contains: db01.internal:5432:*:report:", PW("Rp0rt!ng#22"))
add([], "SECRET_KEY = '", PW("django-insecure-8f$k2#x!q@w9z0v^l3m&n7b6c5"), "'")
add([], "AZURE_CLIENT_ID=3f1c9a2e-7b4d-4e8f-9a0b-1c2d3e4f5a6b\nAZURE_CLIENT_SECRET=",
    PW("9vXq~Jm2.Lk8Rt_Pz3Wy-Nb4QhC7sDe1"))
add([], "2024-06-01 09:12:55 DEBUG auth.login attempt user=svc-sync password=", PW("Wint3r!Sync"),
    " status=200 took=41ms")
add([], "Neues Passwort: „", PW("Kaffee&Kuchen_19"), "“ (bitte sofort ändern)")
add([], "Le mot de passe provisoire est « ", PW("Crème_brûlée42"), " », à changer à la première connexion.")
add([], "WIFI:T:WPA;S:Office-5G;P:", PW("Gx8#uL2!qz"), ";;")
add([], '{"user": "ingest", "password": "', PW('ab\\"c9!Xy_77'), '", "retries": 3}')
add([], "keytool -importkeystore -srckeystore old.jks -srcstorepass ", PW("Kst0re!Old"),
    " -destkeystore new.p12 -deststoretype PKCS12 -deststorepass ", PW("Kst0re!New#2"))
add([], "RABBITMQ_DEFAULT_USER=orders\nRABBITMQ_DEFAULT_PASS=", PW("Rb!tMq-Str0ng"))
add([], "hab das Root-Passwort vom NAS auf ", PW("Nas#Keller2!"), " gesetzt, steht auch im Tresor")
add([], "webhook:\n  url: https://hooks.partner-erp.com/inbound\n  signing_secret: ",
    PW("Zk3vN8pQ1wLx5tRb7yHc"))

# ===== URL credentials =======================================================================

add([], "DATABASE_URL=postgres://", UC("etl_user:Gq7mX2vR9p"),
    "@pg-analytics.internal:5432/warehouse")
add([], 'MONGO_URI="mongodb+srv://', UC("appUser:Zm9vYmFy77x"),
    '@cluster0.ab1cd.mongodb.net/prod?retryWrites=true&w=majority"')
add([], "CELERY_BROKER_URL=redis://", UC(":S7rongRedisPw"), "@cache-01:6379/0")
add([], "amqps://", UC("orders:Rb!tMq-2024x"), "@mq.internal:5671/orders — connection reset by peer")
add([], "Scanner uploads to ftp://", UC("scanner:scan2ftp9"), "@", IP("192.168.10.40"),
    "/incoming, every night at 23:00.")
add([], "Maven settings: <url>https://", UC("deploy:Tk-7hs9QxLm"),
    "@nexus.acme-corp.io/repository/maven-releases/</url>")
add([], "Fehler beim Verbinden: mysql://", UC("root:MyR00t%40pw"), "@", IP("10.0.3.21"),
    ":3306/shop (Access denied)")
add([], "EMAIL_URL=smtp://", UC("mailer:Ml9sendit7"), "@smtp.office-relay.net:587")
add([], "ldap://", UC("binduser:B1ndSecret9"), "@ldap.corp.local:389/dc=corp,dc=local")
add([], "pip install --extra-index-url https://", UC("ci-reader:pPq8Wn2Lz4"),
    "@pypi.internal.acme-corp.io/simple/ synco-tools==2.3.1")
add([], "git clone https://", UC("jenkins:Jk7Bx9Vq2W"),
    "@git.internal.acme-corp.io/platform/infra.git")
add([], "El partner descarga por sftp://", UC("edi_partner:Ed1-Tr4nsfer"),
    "@edi.ibercargo.es:22/outbound cada hora.")
add([], "export HTTPS_PROXY=http://", UC("proxyuser:Pr0xy!Pass"), "@proxy.corp:3128")
add([], "curl -s 'https://", UC("elastic:Xq2w9Lz7bV"), "@es-logs.internal:9200/_cat/indices?v'")
add([], "clickhouse-client --host ch-01 # DSN: clickhouse://", UC("default:ChHouse42x"),
    "@ch-01:9000/default")
add([], "接続文字列：postgresql://", UC("app_ro:Yk3!nP8q"), "@db.kaiyo.local:5432/app")
add([], "La chaîne de connexion fuitée : mssql://", UC("sa:Mssql!Leak7"),
    "@sql-prod-02:1433/compta")
add([], "webdav mount: davs://", UC("backup:Bk!Up-9s2"), "@cloud.nordljus.se/remote.php/dav/files/backup/")

# ===== API keys ==============================================================================

add([], "# ~/.bashrc\nexport GITHUB_TOKEN=", K("github"))
add([], "The CI log printed the token: ", K("github", "ghs"),
    " — rotate it and mask the variable.")
add([], "Fine-grained PAT for the release bot: ", K("github", "fine"))
add([], "[default]\naws_access_key_id = ", K("aws"), "\naws_secret_access_key = ",
    ("api_key/aws", key("aws", "secret")), "\nregion = eu-central-1")
add([], "Temporäre Credentials aus dem Log: AccessKeyId ", K("aws", "ASIA"),
    ", bitte die Session widerrufen.")
add([], "STRIPE_SECRET_KEY=", K("stripe"), "\nSTRIPE_WEBHOOK_SECRET=", K("stripe", "whsec"))
add([], "Restricted key for the reporting job: ", K("stripe", "rk_live"))
add([], "const stripe = require('stripe')('", K("stripe", "sk_test"), "');")
add([], "slack:\n  bot_token: ", K("slack"), "\n  channel: '#ops-alerts'")
add([], "Posted with user token ", K("slack", "xoxp"), " by mistake, revoke pls")
add([], "SLACK_APP_TOKEN=", K("slack", "xapp"))
add([], "notify step failed, webhook was ", K("slack", "webhook"))
add([], "OPENAI_API_KEY=", K("openai"), "\nOPENAI_MODEL=gpt-4o-mini")
add([], "old key still in the notebook: openai.api_key = \"", K("openai", "legacy"), "\"")
add([], "Service account key for the summariser: ", K("openai", "svcacct"))
add([], "ANTHROPIC_API_KEY=", K("anthropic"))
add([], "client = anthropic.Anthropic(api_key=\"", K("anthropic"), "\")")
add([], "Admin key shared in the channel by mistake: ", K("anthropic", "admin"))
add([], "git remote set-url origin https://gitlab.com/acme/infra.git && export GITLAB_TOKEN=",
    K("gitlab"))
add([], "gitlab-runner register --url https://gitlab.internal --token ", K("gitlab", "runner"))
add([], "# .npmrc\n//registry.npmjs.org/:_authToken=", K("npm"))
add([], "Publishing fails with E401 even though NPM_TOKEN=", K("npm"), " is set in the pipeline.")
add([], "<script src=\"https://maps.googleapis.com/maps/api/js?key=", K("google"),
    "&callback=initMap\"></script>")
add([], "firebaseConfig = { apiKey: \"", K("google"),
    "\", authDomain: \"synco-prod.firebaseapp.com\" }")
add([], "SENDGRID_API_KEY=", K("sendgrid"))
add([], "Twilio API key SID ", K("twilio"), " leaked in the mobile app bundle.")
add([], "Shopify Admin API access token: ", K("shopify"))
add([], "HF_TOKEN=", K("huggingface"), " huggingface-cli download org/model")
add([], "terraform.tfvars: do_token = \"", K("digitalocean"), "\"")
add([], "[pypi]\n  username = __token__\n  password = ", K("pypi"))
add([], "Jira API token für die Automatisierung: ", K("atlassian"),
    " (User: jira-bot)")
add([], "curl -u ", E("jira-sync@acme-logistics.com"), ":", K("atlassian"),
    " https://acme-logistics.atlassian.net/rest/api/3/myself")
add([], "MAILGUN_API_KEY=", K("mailgun"))
add([], "echo ", K("docker"), " | docker login -u acmeci --password-stdin")
add([], "VAULT_TOKEN=", K("hashicorp"), " vault kv get secret/billing")
add([], "Postman collection export still contains the key ", K("postman"))
add([], "Linear integration: LINEAR_API_KEY=", K("linear"))
add([], "newrelic.yml: license is fine but the user key ", K("newrelic"), " was committed.")
add([], "La clé GitHub ", K("github"), " est dans l'historique du dépôt, il faut la révoquer.")
add([], "La clave de OpenAI ", K("openai"), " aparece en el log del worker.")
add([], "Token de publicação npm: ", K("npm"), " (expira em 30 dias).")
add([], "AWS-sleutel ", K("aws"), " staat in de README van het oude project.")
add([], "キーが漏洩しました: ", K("anthropic"), "　至急ローテーションしてください。")

# ===== JWTs ==================================================================================

add([], "GET /rest/api/3/issue/SUP-2231 HTTP/1.1\nHost: api.synco.app\nAuthorization: Bearer ",
    JWT(jwt({"sub": "svc-sync", "iss": "https://auth.synco.app", "exp": 1717430400,
             "scope": "read:pages write:issues"}, "RS256", "2024-05")))
add([], "Set-Cookie: session=", JWT(jwt({"uid": 48213, "role": "agent", "iat": 1717426800})),
    "; Path=/; HttpOnly; Secure")
add([], '{"access_token": "', JWT(jwt({"sub": "a1b2c3", "aud": "synco-web", "exp": 1719000000},
                                        "ES256")), '", "token_type": "Bearer", "expires_in": 3600}')
add([], "Password reset link: https://app.quickpark.app/reset?token=",
    JWT(jwt({"purpose": "reset", "uid": 7781, "exp": 1717500000})))
add([], "Le jeton dans le header est ", JWT(jwt({"sub": "portal", "tenant": "lumiere"}, "HS512")),
    " et il expire dans une heure.")
add([], "id_token (aus dem Browser kopiert): ",
    JWT(jwt({"iss": "https://login.klinikum-nord.de", "aud": "jira", "nonce": "n-0S6_WzA2Mj"},
            "RS256")))
add([], "2024-06-04T07:55:12Z INFO  gateway upstream=billing auth=",
    JWT(jwt({"svc": "billing", "exp": 1717488000}, "PS256")), " latency_ms=38")
add([], "トークン：", JWT(jwt({"sub": "kaiyo-batch", "exp": 1717600000})))
add([], "wscat -c 'wss://rt.synco.app/socket?jwt=", JWT(jwt({"room": "ops", "iat": 1717420000})), "'")
add([], "supabase anon key in the frontend bundle is expected, but the service_role key ",
    JWT(jwt({"iss": "supabase", "role": "service_role", "iat": 1700000000})),
    " must not be there.")

# ===== private keys ==========================================================================

add([], "Customer attached their deploy key to the ticket by accident:\n\n",
    PK(pem("RSA PRIVATE KEY", 1100)), "\n\nPlease delete the attachment too.")
add([], "~/.ssh/id_ed25519:\n", PK(pem("OPENSSH PRIVATE KEY", 300, width=70)))
add([], "tls.key: |\n  ", PK(pem("EC PRIVATE KEY", 90, newline="\n  ")))
add([], '{\n  "type": "service_account",\n  "project_id": "synco-prod",\n  "private_key": "',
    PK(pem("PRIVATE KEY", 1150, newline="\\n")),
    '\\n",\n  "client_email": "', E("sync-runner@synco-prod.iam.gserviceaccount.com"), '"\n}')
add([], "Der Schlüssel ist passwortgeschützt, aber trotzdem bitte entfernen:\n",
    PK(pem("ENCRYPTED PRIVATE KEY", 1200)))
add([], 'PRIVATE_KEY="', PK(pem("RSA PRIVATE KEY", 600, newline="\\n")), '"')
add([], "Chave privada do certificado (colada no chamado):\n", PK(pem("PRIVATE KEY", 1150)))
add([], "secrets.yml\n  jwt_signing_key: \"", PK(pem("EC PRIVATE KEY", 90, newline="\\n")), "\"")

# ===== mixed, multi-kind tickets =============================================================

add(["annelies"], "Klant meldt dat de betaling niet is aangekomen. IBAN ",
    IB(iban("NL", bban("NL"))), ", telefoon ", PH("+31 6 2841 7730"), ".\n\nGemeld door ",
    P(who("annelies")), " via ", P(who("annelies", "email")))
add(["tobias"], "Hallo ", P(who("tobias")), ",\n\nder Kunde hat seine Kreditkarte ",
    CC(group(card("4", 16), [4, 4, 4, 4], " ")), " am Telefon durchgegeben. Rückrufnummer: ",
    PH("0172 4839201"), ". Bitte die Karte nicht ins Ticket schreiben!")
add(["marcus"], "Incident SUP-4410\nReporter: ", P(who("marcus")), "\nAffected host: ",
    IP("10.30.1.44"), " (", MAC("00:16:3e:5a:11:9f"), ")\nSymptoms: sync stalls after 2 GB.")
add(["priya"], "Leaked in #general by ", P(who("priya")), ": ", K("openai"),
    " and the DB URL postgres://", UC("ml_ro:Fz8kQ2!xw"), "@", IP("10.1.2.3"), ":5432/features")
add(["sophie"], "Bonjour ", P(who("sophie")), ", la cliente a envoyé son RIB : ",
    IB(iban("FR", bban("FR"))), " et son numéro ", PH("06 59 13 82 47"),
    ". Merci de ne pas transférer ce ticket à l'extérieur.")
add(["diego"], "Alta de proveedor: contacto ", E("pagos@transportes-garcia.es"), ", teléfono ",
    PH("+34 955 21 40 67"), ", IBAN ", IB(iban("ES", bban("ES"))), ". Revisado por ",
    P(who("diego")), ".")
add(["grace"], "Hi ", P(who("grace")), ", the applicant's SSN is ", SSN(ssn()), " and the callback number ",
    PH("(312) 555-0166"), ". Moving to the secure queue.")
add(["kenji"], "担当：", P(who("kenji")), "\nサーバー：", IP("10.8.0.5"), "\nDBパスワード：",
    PW("Fuj1mi#Logi"), "\n※共有後に変更予定")
add(["chiara"], "Log allegato da ", P(who("chiara")), ":\nERROR conn to redis://",
    UC("default:C4che!Pw"), "@", IP("10.4.0.9"), ":6379 timed out")
add(["jan"], "@", P(who("jan")), " klient podał IBAN ", IB(iban("PL", bban("PL"))),
    " oraz telefon ", PH("+48 512 390 441"), ".")
add(["mariana"], "Relatório de ", P(who("mariana")), ": o utilizador ", E("joao.pires@adega-minho.pt"),
    " não recebe o código SMS no ", PH("+351 936 118 204"), ".")
add(["isabel"], P(who("isabel")), " escribió: \"la clave del router es ", PW("Cl1nicaSol#WiFi"),
    " y la IP pública ", IP("88.27.149.202"), "\"")
add(["oliver"], "Forwarded by ", P(who("oliver", "email")), ":\n> Please charge ",
    CC(group(card("5" + rng.choice("12345"), 16), [4, 4, 4, 4], " ")),
    " and send the receipt to ", E("accounts@harbourline-freight.co.uk"))
add(["emma"], "Från ", P(who("emma")), ": routern ", MAC("e0:63:da:7c:10:2b"), " fick IP ",
    IP("192.168.88.23"), " men ingen DNS.")
add(["ahmed"], "Payment details from ", P(who("ahmed")), ": IBAN ",
    IB(iban("GB", bban("GB"))), ", mobile ", PH("+971 50 412 7789"), ".")
add(["lukas"], "Deployment-Notiz von ", P(who("lukas")), ":\nREGISTRY_PASSWORD=",
    PW("Alp3n!Bahn#Reg"), "\nGITHUB_TOKEN=", K("github"))
add(["camille"], "Message de ", P(who("camille")), " : le prestataire a envoyé la clé ",
    K("sendgrid"), " par mail en clair, et son numéro ", PH("+33 2 41 88 06 19"), ".")
add(["daniel"], "Heads up ", P(who("daniel")), ": staging still uses ", K("stripe", "sk_test"),
    " and the admin JWT ", JWT(jwt({"sub": "admin", "role": "superuser"})), " in fixtures.")
add(["nadia"], "Chargeback case from ", P(who("nadia")), ": card ",
    CC(group(card("4", 16), [4, 4, 4, 4], " ")), ", cardholder email ",
    E("l.moreau@orange-mail.fr"), ", IP at purchase ", IP("176.31.84.250"), ".")
add(["bjorn"], P(who("bjorn")), " bifogade kontouppgifter: ", IB(iban("SE", digits(20))),
    " och telefon ", PH("08-522 184 30"), ".")
add(["femke"], "Config gedeeld door ", P(who("femke")), ":\nmqtt:\n  host: ", IP("10.10.5.2"),
    "\n  user: sensor\n  password: ", PW("Sens0r!Mqtt#5"))
add(["sebastian"], "Hola ", P(who("sebastian")), ", el técnico dejó la llave SSH en el ticket:\n",
    PK(pem("OPENSSH PRIVATE KEY", 250, width=70)))
add(["willem"], "Van ", P(who("willem")), ": ",
    "telefoon havenkantoor ", PH("010 252 1010"), ", e-mail ", E("planning@havenkantoor-zeeland.nl"))
add(["hiroshi"], "Forwarded from ", P(who("hiroshi")), ": the customer's AWS keys ",
    K("aws"), " were in the support bundle; also the SSH host ", IP("13.112.45.201"), ".")

# ===== negative lines ========================================================================

neg([], "Upgraded spring-boot from 3.2.4 to 3.3.0; build 2024.06.1187 is green. Release notes: "
        "https://docs.spring.io/spring-boot/docs/3.3.0/reference/html/")
neg([], "Deploy failed at 2024-05-14T09:32:17Z on step 4/7 (helm upgrade --install billing "
        "./charts/billing --version 1.14.2). Rolled back to revision 41.")
neg([], f"Commit {hexs(40)} introduced the regression; cherry-pick {hexs(7)} onto release/8.2 please.")
neg([], f"sha256:{hexs(64)}  dist/synco-cli-x86_64-unknown-linux-gnu.tar.gz")
neg([], f"Request id {uuid4()} returned 502 from the gateway after 30012 ms.")
neg([], "Order #DE-2024-0038817 shipped; UPS tracking 1Z4E7W916812345678, ETA 2024-06-07.")
neg([], "Rechnung INV-004512 über 1.249,90 € wurde am 03.04.2024 bezahlt; die restlichen 350,00 € "
        "sind bis 30.04. fällig.")
neg([], "Please use ${DB_PASSWORD} from the vault instead of hard-coding it; see deploy/values.yaml line 88.")
neg([], "DB_HOST=db.internal\nDB_USER=app\nDB_PASSWORD=<your-password-here>\nAPI_TOKEN=<your-token>")
neg([], "Screenshot transcript: Username [ service-bot ]  Password [ ******** ]  → \"Invalid "
        "credentials\" (error E1042).")
neg([], "password = os.environ[\"SMTP_PASSWORD\"]\ntoken = os.getenv('GITHUB_TOKEN', '')")
neg([], "@channel heads-up: maintenance window tonight 22:00–23:30 CET, Jira will be read-only.")
neg([], "@here who owns the nightly export? It has been failing since build #4471.")
neg([], "Hover colour should be #1a73e8, currently rgb(26, 115, 232) with opacity 0.87. See "
        "src/components/Button.module.css:42.")
neg([], 'package.json pins "react": "^18.2.0", "typescript": "~5.4.5", "eslint": ">=8.56.0 <9".')
neg([], "java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null\n"
        "\tat com.acme.billing.InvoiceService.render(InvoiceService.java:214)\n"
        "\tat com.acme.billing.InvoiceController.get(InvoiceController.java:88)\n\t... 47 more")
neg([], "Replace example.com with your tenant domain, e.g. yourcompany.atlassian.net, before "
        "running the setup wizard.")
neg([], "Port 5432 is blocked by the firewall; 6379 and 8443 are open. Health check: GET /healthz "
        "→ 200 in 12ms.")
neg([], "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: billing-db\n"
        "        key: password")
neg([], "password: {{ .Values.postgresql.auth.password | quote }}\nusername: {{ .Values.postgresql.auth.username }}")
neg([], "Affected Windows builds: 10.0.19045.3803 and 10.0.22631.3447.")
neg([], "Error 0x80070005 (ACCESS_DENIED) when writing to C:\\ProgramData\\Synco\\cache\\index.db")
neg([], "JRA-48213 duplicates SUP-9917; closing as duplicate. Sprint 42 ends 2024-07-19.")
neg([], "export GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX  # replace with your own token")
neg([], "Receipt shows **** **** **** 4821, exp 09/27. Customer wants a refund of 59.00 USD.")
neg([], "Last four of SSN on file: ***-**-6612 — verification passed.")
neg([], "0 */4 * * * /opt/synco/bin/export --since 24h >> /var/log/synco/export.log 2>&1")
neg([], "Latency p50 12.4 ms, p95 88.1 ms, p99 312.7 ms between 10:15:00 and 10:45:00 UTC.")
neg([], "Remote is git@github.com:acme-corp/billing-service.git — cloning over HTTPS works, SSH times out.")
neg([], "Need to bump @babel/core@7.24.5 and @types/node@20.12.7 before the audit passes.")
neg([], f"image: ghcr.io/acme/synco-worker@sha256:{hexs(64)}")
neg([], "JAVA_OPTS=-Xmx2048m -XX:MaxMetaspaceSize=512m -Dserver.port=8081 -Duser.timezone=UTC")
neg([], "Bitte das Passwort über das Self-Service-Portal zurücksetzen; der Link ist 24 Stunden "
        "gültig. Vorgangsnummer 2024-118-0457.")
neg([], "Le mot de passe doit contenir au moins 12 caractères, dont un chiffre et un caractère spécial.")
neg([], "La factura 2024/00871 por 1.530,25 € vence el 15/06/2024. Pedido n.º 884213.")
neg([], "A versão 2.7.1 corrigiu o erro de sincronização; a 2.7.0 ainda falha em 3% dos casos.")
neg([], "Het wachtwoord verloopt elke 90 dagen; de melding verschijnt 14 dagen van tevoren.")
neg([], "Il backup delle 02:00 è durato 47 minuti, 312 GB compressi a 118 GB (rapporto 2,64).")
neg([], "Zamówienie nr 2024/05/11873 zostało zrealizowane 17.05.2024 o 14:32.")
neg([], "バージョン 3.4.1 で修正済みです。リリース日は 2024年6月3日、チケット番号 SUP-20331。")
neg([], f"md5 {hexs(32)}  backup-2024-06-01.tar.zst (1.8 GiB)")
neg([], "README: curl -H \"Authorization: Bearer <token>\" https://api.synco.app/v1/pages")
neg([], "- name: Notify\n  env:\n    SLACK_WEBHOOK_URL: ${{ secrets.SLACK_WEBHOOK_URL }}\n"
        "    NPM_TOKEN: ${{ secrets.NPM_TOKEN }}")
neg([], "Docs sample credentials (not real): AKIAIOSFODNN7EXAMPLE / "
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
neg([], "Totals: 4,532,118 rows processed, 12,044 skipped, 0 failed. Duration 01:12:45.")
neg([], f"traceparent: 00-{hexs(32)}-{hexs(16)}-01")
neg([], "Account locked after 5 failed attempts; it unlocks after 30 min or via the IT portal.")
neg([], "npm ERR! Could not resolve \">=2.1.0 <3.0.0 || ^3.1.4\" with npm 10.2.4 (node v20.12.2)")
neg([], "Dates in the export: 12/03/2024, 03.12.2024, 2024-03-12 and Mar 12, 2024 — all the same day.")
neg([], "snmpwalk -v2c -c public switch01 1.3.6.1.4.1.9.9.46.1.3.1.1.2")
neg([], "Agent version 4.18.2.1 is rolling out; 4.18.1.7 will be unsupported from July.")
neg([], "Warehouse coordinates 52.5200, 13.4050 — geofence radius 250 m.")
neg([], "ISBN 978-3-16-148410-0 is printed wrong on the delivery note.")
neg([], "Their certificate, for reference:\n" + pem("CERTIFICATE", 700))
neg([], "Public key to add on the server:\n" + pem("PUBLIC KEY", 230))
neg([], "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + pick(ALNUM + "+/", 43) + " deploy@ci-runner-03")
neg([], "Password policy: min_length=12, max_age_days=90, history=5, lockout_threshold=5")
neg([], "password_reset_token_ttl: 3600\nsession_timeout_minutes: 30")
neg([], "JWT verification failed: alg=none not allowed; expected RS256 (kid=2024-05-rotation).")
neg([], "Set sslmode=require and connect_timeout=10 in the DSN; host db-prod-2.internal, port 5432.")
neg([], "Connection string template: postgresql://<user>:<password>@<host>:5432/<database>")
neg([], "MONGO_URL=mongodb://${MONGO_USER}:${MONGO_PASS}@mongo-0.mongo:27017/app")
neg([], "Palette: #FFF, #0f172a, #e11d48, hsl(217 91% 60%).")
neg([], "Email validation regex: ^[\\w.+-]+@[\\w-]+\\.[\\w.-]+$ (rejects IDN, known issue).")
neg([], "Base64 of the UI prefs (not secret): eyJ0aGVtZSI6ImRhcmsiLCJsYW5nIjoiZGUifQ==")
neg([], "Share path \\\\fileserver01\\finance\\2024\\Q2\\reports is read-only since Monday.")
neg([], "Firmware 2.0.14-rc3 on sw-core-01, uplink Gi1/0/48, VLAN 120 and 130 tagged.")
neg([], "Le chiffre d'affaires 2023 : 12 450 300 € (+4,2 %), effectif 1 250 personnes.")
neg([], 'File "/usr/lib/python3.11/site-packages/requests/adapters.py", line 519, in send\n'
        "    raise ConnectionError(e, request=request)\nrequests.exceptions.ConnectionError: "
        "HTTPSConnectionPool(host='api.synco.app', port=443): Max retries exceeded")
neg([], "Jenkins build #8812 (Jun 3, 2024, 4:12:09 PM) took 18 min; artifacts 412 MB.")
neg([], "Kafka consumer lag: topic orders, partition 7, offset 88214533, lag 1204.")
neg([], "Confluence page 2418213937 moved to space ENG; old link /pages/viewpage.action?pageId=2418213937.")
neg([], "Bitte @team-backend informieren, sobald Version 5.1 freigegeben ist.")
neg([], "2024-06-02 11:21:07 WARN auth failed user=svc-export password=*** status=401")
neg([], "Token expired (exp=1717430400, iat=1717426800, now=1717431002).")
neg([], "Cache sizes: 2h 30m TTL, 1.5 GiB max, checksum crc32 0x1c291ca3.")
neg([], "Listening on 0.0.0.0:8080; healthcheck against 127.0.0.1:8080/ready OK.")
neg([], "Paste your key between the -----BEGIN OPENSSH PRIVATE KEY----- and -----END OPENSSH "
        "PRIVATE KEY----- lines of the form, never in the ticket.")
neg([], "Timestamps: 10:42:17.331, 10:42:17.904, 10:42:18.010 (three retries within a second).")
neg([], f"X-Request-ID: {uuid4()}\nX-Trace-ID: {hexs(32)}")
neg([], "process.env.STRIPE_SECRET_KEY is undefined in the edge runtime; read it via getSecret('stripe').")
neg([], 'password: ""\npassword_file: /run/secrets/db_password')
neg([], "Größe der Datei: 2.147.483.648 Bytes; die 32-Bit-Grenze wurde überschritten.")
neg([], "Tax ID format on the invoice changed from 12-3456789 style to the new layout.")
neg([], "CHANGELOG 6.0.0-beta.3: dropped Node 16, requires openssl >= 3.0.2.")
neg([], "Telefonnummer bitte im Format +49 … eintragen, sonst schlägt die Validierung fehl.")
neg([], "Sample IBAN format for the form hint: two letters, two check digits, up to 30 characters.")
neg([], "Customer ref 7734019928475561 (internal, not a card) — see ERP.")
neg([], "Retry with backoff: 1s, 2s, 4s, 8s, 16s; max 5 attempts; jitter ±20%.")
neg([], "Shortcut: Ctrl+Shift+P → \"Developer: Reload Window\".")
neg([], "Les identifiants sont dans le coffre-fort (entrée « Compta – prod »), ne pas les copier ici.")
neg([], "La contraseña se envía por SMS, nunca por correo. Ver política SEC-07 rev. 3.")
neg([], "Hasło musi mieć co najmniej 12 znaków; poprzednie 5 haseł jest zablokowanych.")
neg([], "パスワードは社内ポリシーにより90日ごとに変更してください。")
neg([], "apiVersion: apps/v1\nkind: Deployment\nspec:\n  replicas: 3\n  template:\n    spec:\n"
        "      containers:\n        - image: registry.acme.io/billing:1.42.0\n          ports:\n"
        "            - containerPort: 8080")
neg([], "Slack: the bot posts to #ops-alerts; the webhook lives in the secrets manager under "
        "slack/ops-alerts.")
neg([], "gpg: key 4AEE18F83AFDEB23: public key \"Release Signing\" imported")
neg([], "MAC verification failed for packet 4471 (HMAC-SHA256), connection reset.")

# --- building and checking ----------------------------------------------------------------


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
    for span, part in zip(spans, [p for p in parts if not isinstance(p, str)]):
        kind, value = part
        got = text_bytes[span["start"]:span["end"]].decode()
        assert got == value, (index, got, value)
        check(kind, value, people, index)
    return {"id": f"held-{index:05d}", "text": text, "people": people, "spans": spans}


def check(kind, value, people, index):
    """The value is what its kind claims: Luhn, mod 97, SSN ranges, JWT header, listed person."""
    where = f"line {index}: {kind} {value[:60]!r}"
    if kind == "credit_card":
        d = re.sub(r"[ .-]", "", value)
        assert d.isdigit() and luhn_ok(d) and 14 <= len(d) <= 19, where
    elif kind == "iban":
        assert iban_valid(value), where
    elif kind == "ssn":
        assert ssn_valid(value), where
    elif kind == "jwt":
        assert jwt_valid(value), where
    elif kind == "person":
        assert any(value in (p["display_name"], p["email"], p["account_id"]) for p in people), where
    elif kind == "email":
        assert "@" in value and not any(value == p["email"] for p in people), where
    elif kind == "private_key":
        assert value.startswith("-----BEGIN ") and value.endswith("PRIVATE KEY-----"), where
    elif kind == "url_credentials":
        assert ":" in value and "@" not in value, where
    elif kind == "mac_address":
        assert len(re.sub(r"[^0-9A-Fa-f]", "", value)) == 12, where


def main():
    records = [build(i + 1, people, parts) for i, (people, parts) in enumerate(LINES)]
    for record in records:
        if not record["spans"]:
            # negative lines must not mention a listed person
            for p in record["people"]:
                assert not any(v in record["text"] for v in p.values()), record["id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    with open(OUT, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for r in records for s in r["spans"])
    negatives = sum(1 for r in records if not r["spans"])
    print(f"wrote {OUT}: {len(records)} lines, {negatives} negative")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<24}{count}")


if __name__ == "__main__":
    main()
