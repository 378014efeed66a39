#!/usr/bin/env python3
"""Writes heldout2.jsonl: a second held-out redaction evaluation set, written without looking at
the detectors (guest/, host/, cli/) or at the other corpora's templates.

    python3 tests/redaction/heldout2.py

Deterministic: every random part (card numbers, IBAN bodies, key bodies, JWT signatures) comes
from one seeded `random.Random`. The format is the one evaluate.py reads:

    {"id": "held2-00001", "text": ..., "people": [{"display_name", "email", "account_id"}],
     "spans": [{"kind", "start", "end"}]}

with byte offsets into the UTF-8 text. Each line is built from pieces: plain strings and
`(kind, value)` tuples; offsets are computed from the encoded pieces, never by hand.

Labelling conventions: those of heldout.py (url_credentials is `user:password` only; password is
the value only, no key name, flag or quotes; api_key/<vendor> is the whole token; person covers
listed people's display names, emails and account ids, and a listed person's email is `person`;
loopback and 0.0.0.0 are never labelled; negative lines carry look-alikes only), plus:

* A name written beside an email address whose local part spells it ("José García
  (jose.garcia@...)"), the person not being in `people`, is labelled `person` for the name and
  `email` for the address. The name may be written "Jane Doe", "JANE DOE", "Doe, Jane", family
  name first, or with accents/apostrophes the address drops. Role names beside role addresses
  ("Billing Team (billing.team@...)") and names the local part only partly spells ("Peter Hall
  (peter@...)") are not labelled; their addresses are `email`.
* Passwords given as command flags (`sshpass -p X`, `mysql -pX`, `redis-cli -a X`, `-w X`,
  `--password X`, `curl -u user:X`, also across backslash-continued lines) are labelled
  `password` (the value only). Flags that are not passwords (`ssh -p 2222`, `docker run -p`,
  `mkdir -p`), prompts (`mysql -p dbname`, `ldapsearch -W`, a bare `--password`) and indirections
  (`"$VAR"`, `$(cat file)`, `--password-stdin`, `env:`/`file:`, placeholders, masks) are not.
* Code that only names a secret (`password: hashedPassword`, `os.environ["API_KEY"]`,
  `${{ secrets.X }}`) is not labelled; literal values in code are.
"""

import base64
import ipaddress
import json
import random
import re
import string
import unicodedata
from collections import Counter
from itertools import permutations
from pathlib import Path

from checks import iban_valid, luhn_ok

HERE = Path(__file__).resolve().parent
OUT = HERE / "heldout2.jsonl"
rng = random.Random(0x4E1D_0002)

ALNUM = string.ascii_letters + string.digits
UPPER = string.ascii_uppercase
B64URL = ALNUM + "-_"
HEX = "0123456789abcdef"


def pick(chars, n):
    return "".join(rng.choice(chars) for _ in range(n))


def digits(n):
    return pick(string.digits, n)


def hexs(n):
    return pick(HEX, n)


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


def not_card(prefix, length):
    """A digit string of card shape whose Luhn check fails (a look-alike)."""
    while True:
        number = prefix + digits(length - len(prefix))
        if not luhn_ok(number):
            return number


def group(number, sizes, sep):
    out, i = [], 0
    for size in sizes:
        out.append(number[i:i + size])
        i += size
    assert i == len(number)
    return sep.join(out)


# --- IBAN ------------------------------------------------------------------------------------


def iban(country, bban, spaced=True):
    num = "".join(str(int(c, 36)) for c in bban + country + "00")
    full = f"{country}{98 - int(num) % 97:02d}{bban}"
    assert iban_valid(full)
    return " ".join(full[i:i + 4] for i in range(0, len(full), 4)) if spaced else full


def bban(country):
    if country == "DE":
        return digits(18)
    if country == "FR":
        return digits(23)
    if country == "ES":
        return digits(20)
    if country == "NL":
        return rng.choice(["ABNA", "INGB", "RABO", "KNAB"]) + digits(10)
    if country == "IT":
        return rng.choice(UPPER) + digits(22)
    if country == "PT":
        return "0033" + digits(17)
    if country == "BE":
        first = digits(10)
        return first + f"{int(first) % 97 or 97:02d}"
    if country == "AT":
        return digits(16)
    if country == "CH":
        return digits(17)
    if country == "GB":
        return rng.choice(["NWBK", "BARC", "LOYD", "MIDL"]) + digits(14)
    if country == "SE":
        return digits(20)
    if country == "DK":
        return digits(14)
    raise KeyError(country)


# --- vendor keys -----------------------------------------------------------------------------

AWS_CHARS = UPPER + "234567"


def key(vendor, variant=None):
    if vendor == "github":
        if variant == "fine":
            return "github_pat_" + pick(ALNUM, 22) + "_" + pick(ALNUM, 59)
        return (variant or "ghp") + "_" + pick(ALNUM, 36)
    if vendor == "aws":
        if variant == "secret":
            return pick(ALNUM + "/+", 40)
        return (variant or "AKIA") + pick(AWS_CHARS, 16)
    if vendor == "stripe":
        return (variant or "sk_live") + "_" + pick(ALNUM, rng.choice([24, 99]))
    if vendor == "slack":
        if variant == "webhook":
            return ("https://hooks.slack.com/services/T" + pick(UPPER + string.digits, 10)
                    + "/B" + pick(UPPER + string.digits, 10) + "/" + pick(ALNUM, 24))
        if variant == "xoxp":
            return f"xoxp-{digits(12)}-{digits(12)}-{digits(13)}-{hexs(32)}"
        return f"xoxb-{digits(12)}-{digits(13)}-{pick(ALNUM, 24)}"
    if vendor == "google":
        return "AIza" + pick(B64URL, 35)
    if vendor == "openai":
        return "sk-proj-" + pick(B64URL, 74) + "T3BlbkFJ" + pick(B64URL, 74)
    if vendor == "gitlab":
        return "glpat-" + pick(B64URL, 20)
    if vendor == "npm":
        return "npm_" + pick(ALNUM, 36)
    if vendor == "sendgrid":
        return "SG." + pick(B64URL, 22) + "." + pick(B64URL, 43)
    raise KeyError(vendor)


def b64url_json(obj):
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def jwt(payload, alg="HS256"):
    sig = base64.urlsafe_b64encode(bytes(rng.getrandbits(8) for _ in range(
        {"HS256": 32, "RS256": 256}[alg]))).rstrip(b"=").decode()
    return b64url_json({"alg": alg, "typ": "JWT"}) + "." + b64url_json(payload) + "." + sig


# --- people ----------------------------------------------------------------------------------


def person(name, email, account_id):
    return {"display_name": name, "email": email, "account_id": account_id}


PEOPLE = {
    "jonas": person("Jonas Weber", "jonas.weber@rheinkraft-energie.de",
                    "6a1b2c3d4e5f60718293a4b5"),
    "marta": person("Marta Kowalska", "m.kowalska@vistula-soft.pl",
                    "712020:2b3c4d5e-6f70-4182-93a4-b5c6d7e8f901"),
    "aiko": person("鈴木 愛子", "a.suzuki@hanamichi-trading.co.jp",
                   "6b2c3d4e5f60718293a4b5c6"),
    "minseo": person("박민서", "minseo.park@hangang-cloud.kr",
                     "557058:3c4d5e6f-7081-4293-a4b5-c6d7e8f90a12"),
    "liwei": person("李伟", "li.wei@changjiang-data.cn", "6c3d4e5f60718293a4b5c6d7"),
    "thomas": person("Thomas Girard", "thomas.girard@alpes-industrie.fr",
                     "712020:4d5e6f70-8192-43a4-b5c6-d7e8f90a1b23"),
    "lucia": person("Lucía Herrera", "lucia.herrera@andina-pagos.co",
                    "6d4e5f60718293a4b5c6d7e8"),
    "joao": person("João Pereira", "joao.pereira@tejo-software.pt",
                   "557058:5e6f7081-92a3-44b5-86c7-e8f90a1b2c34"),
    "ethan": person("Ethan Brooks", "ethan.brooks@coldharbor-games.com",
                    "6e5f60718293a4b5c6d7e8f9"),
    "nils": person("Nils Petersen", "n.petersen@nordsee-fracht.de",
                   "712020:6f708192-a3b4-45c6-97d8-f90a1b2c3d45"),
    "amara": person("Amara Okoye", "amara.okoye@lagoon-fintech.ng",
                    "6f60718293a4b5c6d7e8f90a"),
    "sakura": person("伊藤 さくら", "s.ito@minato-systems.jp",
                     "557058:708192a3-b4c5-46d7-a8e9-0a1b2c3d4e56"),
}

# --- the lines -------------------------------------------------------------------------------

LINES = []


def add(people, *parts):
    LINES.append((list(people), list(parts)))


NEGATIVE_PEOPLE = ["jonas", "marta", "aiko", "minseo", "liwei", "thomas", "lucia", "joao",
                   "ethan", "nils", "amara", "sakura"]
negatives_seen = [0]


def neg(text, people=()):
    """A line without labels. Every third one carries people (as a Jira comment does) whom the
    text does not mention."""
    people = list(people)
    n = negatives_seen[0]
    negatives_seen[0] += 1
    if not people and n % 3 == 0:
        i = (n // 3) % len(NEGATIVE_PEOPLE)
        people = [NEGATIVE_PEOPLE[i], NEGATIVE_PEOPLE[(i + 7) % len(NEGATIVE_PEOPLE)]]
    LINES.append((people, [text]))


def E(v): return ("email", v)
def PH(v): return ("phone", v)
def CC(v): return ("credit_card", v)
def IB(v): return ("iban", v)
def IP(v): return ("ip_address", v)
def P(v): return ("person", v)
def MAC(v): return ("mac_address", v)
def JWT(v): return ("jwt", v)
def PW(v): return ("password", v)
def UC(v): return ("url_credentials", v)
def K(vendor, variant=None): return ("api_key/" + vendor, key(vendor, variant))


def who(k, field="display_name"):
    return PEOPLE[k][field]


def named(name, address, open_="(", close=")"):
    """A person not in `people`, written beside an address that spells their name."""
    return [P(name), f" {open_}", E(address), close]


# ==============================================================================================
# 1. Passwords given as command flags
# ==============================================================================================

add([], "Workaround until the deploy key is rolled out:\nsshpass -p '", PW("Bastion#2024x"),
    "' ssh -o StrictHostKeyChecking=no -l deploy ", IP("10.20.1.5"),
    " 'sudo systemctl restart synco-agent'")
add([], "sshpass -p ", PW("Tr4nsfer!9q"), " scp -P 2222 export_2024-05.csv sftp-partner:/inbound/")
add([], "docker login -u ci-bot -p ", PW("Dkr-Reg!7731"), " registry.acme-logistics.io")
add([], "Der Build-Agent meldet sich so an: `docker login -u jenkins -p '", PW("J3nk1ns#Reg"),
    "' harbor.intern.stahlwerk.de` – bitte auf --password-stdin umstellen.")
add([], "podman login --username svc-quay --password '", PW("Qu4y!Robot-22"),
    "' quay.corp.example")
add([], "redis-cli -h ", IP("10.0.4.12"), " -p 6379 -a '", PW("R3d!s-Cache#9"),
    "' --no-auth-warning INFO replication")
add([], "redis-cli -a ", PW("Sessi0nStore8"), " -n 2 --scan --pattern 'sess:*' | wc -l")
add([], 'ldapsearch -x -H ldaps://dc01.corp.local -D "cn=svc-jira,ou=service,dc=corp,dc=local" -w \'',
    PW("Ld4p!Bind-77"), '\' -b "dc=corp,dc=local" "(objectClass=group)" cn member')
add([], 'mongosh "mongodb://db-rs0-1.internal:27017/admin?replicaSet=rs0" --username root --password \'',
    PW("M0ng0!Root#x"), "' --eval 'rs.status()'")
add([], "mongosh --host mongo01 -u reporting -p ", PW("Rep0rt1ng-Mg"),
    " --authenticationDatabase admin")
add([], "mysql -u root -p", PW("S3cr3tRoot!"), " -h db-prod-02 -e 'SHOW PROCESSLIST'")
add([], "Backup-Cron: mysqldump -ubackup -p", PW("Bkp#2023nightly"),
    " --single-transaction shop > /backup/shop.sql")
add([], "mysql -h ", IP("172.16.8.20"), ' -u app -p"', PW("Ap9!mysql_ro"), '" orders')
add([], "curl -u admin:", PW("Grafana!Adm2"),
    " -X POST https://grafana.ops.acme.io/api/admin/provisioning/dashboards/reload")
add([], "curl -s -u ", E("reporting-bot@fjordline-cargo.no"), ":", PW("Rpt!Bot-5521"),
    " https://jira.fjordline-cargo.no/rest/api/2/myself")
add([], "From the pipeline log:\n\ndocker login \\\n  -u ci-deployer \\\n  -p '",
    PW("Cont1nued!Pw"), "' \\\n  registry.gitlab.acme.io")
add([], "sshpass \\\n    -p ", PW("Jump#Host42"), " \\\n    ssh -p 2222 -l ops jump01.acme.io")
add([], "mysql \\\n  --host=db-replica-3 \\\n  --user=analytics \\\n  --password=",
    PW("An4lyt1cs!RO"), " \\\n  -e 'select count(*) from events'")
add([], "mongosh \\\n  --username admin \\\n  --password \\\n  '", PW("Spl1t!Line#Pw"),
    "' \\\n  mongodb://mongo-a:27017")
add([], "ipmitool -I lanplus -H ", IP("10.99.0.41"), " -U ADMIN -P '", PW("Ipmi!Rack7"),
    "' chassis power cycle")
add([], "openssl pkcs12 -export -in cert.pem -inkey key.pem -out bundle.pfx -passout pass:",
    PW("Pfx!Export-31"))
add([], "smbclient //nas01/scans -U 'CORP\\scanner%", PW("Sc4n!Smb22"), "' -c 'ls'")
add([], "Me conecto con `mysql -uadmin -p", PW("Clav3Segura!"), " -h ", IP("10.1.1.9"),
    "` y funciona.")
add([], "接続確認：sshpass -p ", PW("Kaisha#Ssh9"), " ssh -l admin ", IP("192.168.30.11"))
add([], "az login --service-principal -u ", uuid4(), " -p '", PW("Az~8Q.sp-Secret_41"),
    "' --tenant ", uuid4())

neg("ssh -p 2222 -i ~/.ssh/id_ed25519 -l ops jump01.acme.io")
neg("redis-cli -h cache-01 -p 6379 ping → PONG; latency is fine, closing.")
neg("docker run -d -p 8080:80 -p 8443:443 --name web nginx:1.25-alpine")
neg("mkdir -p /var/lib/synco/{cache,spool} && chown -R synco: /var/lib/synco")
neg('echo "$CI_REGISTRY_PASSWORD" | docker login -u "$CI_REGISTRY_USER" --password-stdin "$CI_REGISTRY"')
neg('sshpass -p "$SSHPASS" rsync -avz -e "ssh -p 2222" dist/ deploy-host:/srv/www/')
neg("docker login -u deployer -p $(cat /run/secrets/registry_pw) registry.acme.io")
neg("mysql -u root -p shop < dump.sql   # prompts for the password")
neg("Note: `mysql -h db-prod-02 -u app -p orders` — with a space after -p it asks "
    "interactively, `orders` is the database.")
neg("ldapsearch -x -W -D 'cn=admin,dc=corp,dc=local' -b 'dc=corp,dc=local' '(objectClass=person)'"
    "   # -W prompts")
neg("mongosh --host mongo01 --username reporting --password --authenticationDatabase admin")
neg("curl --negotiate -u : https://intranet.corp.local/api/health")
neg('curl -u "$JIRA_USER:$JIRA_API_TOKEN" -H "Accept: application/json" '
    "https://acme.atlassian.net/rest/api/3/myself")
neg('redis-cli -a "$REDIS_PASSWORD" --no-auth-warning -p 6380 info keyspace')
neg("openssl pkcs12 -in bundle.pfx -nokeys -passin env:PFX_PASS | openssl x509 -noout -enddate")
neg("docker login -u ci -p '<registry-password>' registry.acme.io   # replace the placeholder")
neg("sshpass -p '********' ssh -l ops jump01 (masked in the paste)")
neg('docker login \\\n  -u "$HARBOR_USER" \\\n  -p "${HARBOR_PASSWORD}" \\\n  harbor.acme.io')
neg("Laut Runbook: `redis-cli -p 6379 -n 0 DBSIZE`, danach `tar -xzpf snapshot.tgz -C /data`.")

# ==============================================================================================
# 2. Weak passwords in prose and config
# ==============================================================================================

add([], "Reset done — the password is ", PW("Summer2024"),
    " until she logs in and changes it.")
add([], "config.yml on the test box:\n  db:\n    user: app\n    password: ", PW("welcome1"))
add([], "Das Passwort lautet ", PW("Herbst2023"), ", bitte nach dem ersten Login ändern.")
add([], "Can you reset it to ", PW("Admin123!"), " so I can get in before the demo?")
add([], "Temp password for the kiosk account: ", PW("Changeme1"))
add([], "Le mot de passe du compte de test est ", PW("azerty123"), ".")
add([], "La contraseña del wifi de invitados es ", PW("Verano2024"), ".")
add([], "A senha provisória é ", PW("Mudar@123"), ", troque no primeiro acesso.")
add([], "default creds on the new switch are still admin / ", PW("Cisco123"),
    " — change before go-live")
add([], "Kennwort: ", PW("Frühling2024"))
add([], "his password was literally ", PW("hunter2"), " lol, he's been told")
add([], "[smtp]\nuser = relay\npass = ", PW("letmein99"))
add([], "I've set your password to ", PW("Welcome01"), " — you'll be asked to change it.")
add([], "pwd: ", PW("Qwerty!23"), " (shared account, please don't)")
add([], "Password for the shared mailbox is ", PW("Acme2024!"), " — rotate after the audit.")
add([], ".env.staging\nADMIN_USER=admin\nADMIN_PASSWORD=", PW("Password1"))
add([], "Il faut remettre le mot de passe à ", PW("Bonjour123"), " pour le compte kiosque.")
add([], "The wifi password in meeting room 3 is ", PW("Guest2024"), " btw")

neg("Passwords are hashed with argon2 (m=19456, t=2, p=1); the legacy ones are stored as sha256.")
neg("Rotation is done by a Python3 script we wrote in sprint 42.")
neg("See password policy v2: the password must have 12 characters, including one digit.")
neg("The password is correct but the account is locked (AD error 775); unlock it in ADUC.")
neg("Passwort ist abgelaufen – bitte über das Self-Service-Portal zurücksetzen.")
neg("Le mot de passe est incorrect ou expiré, l'utilisateur doit passer par « Mot de passe oublié ».")
neg("password: ******** (masked by the export tool)")
neg('Password: see 1Password item "Prod DB (rw)", not pasting it here.')
neg("Passwort: siehe KeePass, Eintrag SAP-PRD.")
neg("bcrypt cost factor raised from 10 to 12 in release 4.2; pbkdf2 stays at 600000 iterations.")
neg("The password is the same as on staging – ask in #ops for it.")
neg("Das Passwort lautet wie im Onboarding-Dokument beschrieben.")
neg("mot de passe : à demander à l'équipe sécurité")
neg("Password length: 16, charset [A-Za-z0-9!@#], generated with pwgen -s 16 1.")

# ==============================================================================================
# 3. Passwords glued to CJK / Korean particles
# ==============================================================================================

add([], "パスワードは", PW("Xk9!mQ2v"), "です。")
add([], "비밀번호는 ", PW("Zp4#wR7t"), "입니다.")
add([], "密码是", PW("Hq8$nV3k"), "。")
add([], "初期パスワード：", PW("Welcome2024"), "（初回ログイン時に変更してください）")
add([], "管理画面のパスワードを「", PW("Tanaka#0412"), "」に変更しました。")
add([], "임시 비밀번호를 ", PW("Temp#8812"), "로 설정했습니다.")
add([], "登录密码为", PW("Qw3rty!9"), "，请尽快修改。")
add([], "VPN账号：vpn-guest，密码：", PW("Vpn@2024"))
add([], "数据库密码是", PW("Huawei@123"), "，别外传。")
add([], "와이파이 비밀번호는 ", PW("Cafe2024!"), "예요")
add([], "サーバーのrootパスワードは", PW("R00t-Srv7"), "だよ")

neg("パスワードは8文字以上にしてください。")
neg("비밀번호는 90일마다 변경해야 합니다.")
neg("密码长度至少12位，必须包含大小写字母和数字。")
neg("パスワードは別途メールでお送りします。")
neg("密码是用bcrypt加密存储的。")
neg("パスワードはSHA256でハッシュ化されています。")
neg("비밀번호는 Argon2id로 해시됩니다.")

# ==============================================================================================
# 4. Code that names secrets, and code that contains them
# ==============================================================================================

neg("const session = { password: hashedPassword, token: accessToken, userId };")
neg("pub fn verify(token: AuthToken, secret: &SigningKey) -> Result<Claims, AuthError> {")
neg('api_key = os.environ["API_KEY"]\nclient = Client(api_key=api_key)')
neg("      - uses: acme/deploy-action@v3\n        with:\n          secret: ${{ secrets.DEPLOY_SECRET }}\n"
    "          token: ${{ secrets.GITHUB_TOKEN }}")
neg("spring.datasource.password=${DB_PASSWORD}")
neg('password = getpass.getpass("Password: ")')
neg("def login(username: str, password: str) -> Session:")
neg('if (password !== confirmPassword) { throw new ValidationError("passwords differ"); }')
neg("env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db-secret\n"
    "        key: password")
neg('db_password: "{{ vault_db_password }}"')
neg('token := os.Getenv("GITHUB_TOKEN")\nif token == "" {\n\tlog.Fatal("GITHUB_TOKEN not set")\n}')
neg("class Credentials(BaseModel):\n    username: str\n    password: SecretStr = Field(min_length=12)")
neg("let apiKey = config.apiKey ?? process.env.STRIPE_SECRET_KEY;")
neg("const { token, refreshToken } = await auth.login(email, password);")

add([], 'db:\n  host: pg-primary\n  user: billing\n  password: "', PW("Tr0ub4dor&3"), '"')
add([], 'const GITHUB_TOKEN = "', K("github"), '";')
add([], 'conn = psycopg2.connect(host="pg01", user="etl", password="', PW("Etl!Load2024"), '")')
add([], 'stripe.api_key = "', K("stripe"), '"')
add([], 'const session = { password: "', PW("Pl41nT3xt!"), '", token: accessToken };')
add([], 'let client = Client::builder().user("svc-sync").password("', PW("Ru5t!Hardc0ded"),
    '").build()?;')
add([], 'SLACK_TOKEN = os.environ.get("SLACK_TOKEN", "', K("slack"), '")')
add([], "with:\n  secret: ${{ secrets.DEPLOY_SECRET }}\n  fallback_password: ", PW("Gh4ct!ons-Fb"))
add([], 'HEADERS = {"Authorization": "Bearer ', K("slack"), '"}')
add([], 'api_key = os.environ.get("OPENAI_API_KEY") or "', K("openai"), '"')

# ==============================================================================================
# 5. Names beside addresses
# ==============================================================================================

add([], "Please loop in ", *named("José García", "jose.garcia@ibermedia-sur.es"),
    " from the Seville team.")
add([], "Expéditeur : ", *named("Lefèvre, François", "francois.lefevre@cabinet-lefevre.fr", "<", ">"))
add([], "CC: ", *named("ANNA SCHMIDT", "anna.schmidt@hafenlogistik-kiel.de", "<", ">"))
add([], "Reporter (external): ", P("Zoë Brandt"), " – ", E("zoe.brandt@brandt-design.nl"))
add([], "负责人：", *named("Wang Lei", "wang.lei@huadong-logistics.cn", "<", ">"))
add([], "担当者: ", *named("Tanaka Hiroshi", "hiroshi.tanaka@nishikawa-seiki.co.jp"))
add([], "담당자: ", *named("KIM, Jisoo", "jisoo.kim@hanbit-systems.co.kr"))
add([], "Escalated by ", *named("Łukasz Zieliński", "lukasz.zielinski@wisla-it.pl", "<", ">"))
add([], *named("O'Brien, Siobhan", "siobhan.obrien@liffey-insurance.ie", "<", ">"),
    " approved the change.")
add([], "Customer: ", *named("Çağla Yılmaz", "cagla.yilmaz@bosphorus-tekstil.com.tr", "<", ">"))
add([], "Solicitante: ", *named("Martín Gómez-Ruiz", "martin.gomezruiz@andalucia-agro.es"))
add([], *named("Mary-Jane Watson", "maryjane.watson@dailybugle-media.com", "<", ">"),
    " can't log in since Monday.")
add([], "Enviado por: ", *named("GONÇALVES, Beatriz", "beatriz.goncalves@portucalense.pt", "<", ">"))
add([], *named("Trần Minh", "minh.tran@saigon-tech.vn"),
    " reported the same 502 from Ho Chi Minh City.")
add(["jonas"], P(who("jonas")), " hat Rücksprache mit ",
    *named("Heike Brandstätter", "heike.brandstatter@elbe-chemie.de"), " gehalten.")
add([], "Submitted via form: name=", P("Priyanka Desai"), ", email=",
    E("priyanka.desai@mumbai-pharma.in"), ", plan=enterprise")
add([], "Cc: ", *named("Doe, Jane", "jane.doe@acme-widgets.com", "<", ">"), "; Support <",
    E("support@acme-widgets.com"), ">")
add(["marta"], P(who("marta")), " przekazała sprawę do ",
    *named("Paweł Wójcik", "pawel.wojcik@baltyk-logistyka.pl"), ".")
add([], "Vertragspartner: ", *named("MÜLLER, Stefan", "stefan.muller@allgaeu-kaese.de"),
    ", Rechnung folgt.")

add([], "Please write to Support Team <", E("support@harborview-hotels.com"),
    "> instead of individual agents.")
add([], "Invoices go to Billing Team (", E("billing.team@greenfield-energy.co.uk"), ").")
add([], "Service Desk <", E("service.desk@uni-rheinland.de"), "> hat das Ticket übernommen.")
add([], "Laura Fischer (", E("laura.becker@hansa-moebel.de"), ") hat heute zweimal angerufen.")
add([], "Peter Hall (", E("peter@hall-consulting.co.uk"), ") asked for a quote on the Q3 licences.")
add([], "Daniel Roth (", E("d.roth.accounts@kellerbau.ch"), ") – Buchhaltung, nur für Rückfragen.")
neg("Use 'Jane Doe' as the sample customer name in the screenshots for the docs.")
neg("Testkunde: Max Mustermann, Musterstraße 1, 12345 Musterstadt (Platzhalter aus dem Handbuch).")

# ==============================================================================================
# 6. Chinese, Korean and Japanese phone numbers
# ==============================================================================================

add([], "客户手机：", PH("138 0013 8000"), "，请下午联系。")
add([], "联系电话 ", PH("139-1234-5678"), "（仓库值班）")
add([], "手机", PH("13800138000"), "，微信同号。")
add([], "电话：", PH("15921348870"))
add([], "上海办公室座机 ", PH("021-6234 5678"), "，分机 8012。")
add([], PH("+86 186 2157 9034"), " (WeChat too) — customer in Shenzhen, prefers calls after 14:00.")
add([], "深圳仓库电话", PH("0755-86123456"), "，工作日9点到18点。")
add([], "订单号 202405211380013 的客户手机是 ", PH("139 1234 5678"), "，请核实地址。")
add([], "고객 연락처: ", PH("010-1234-5678"))
add([], "서울 본사 대표번호는 ", PH("02-123-4567"), "입니다.")
add([], "급하면 ", PH("010-9876-5432"), "로 전화 주세요.")
add([], "휴대폰", PH("01022334455"), "으로 문자 보내주세요.")
add([], "携帯：", PH("090-1234-5678"), "（平日のみ）")
add([], "東京オフィス ", PH("03-1234-5678"), " までご連絡ください。")
add([], "大阪支店は", PH("06-6123-4567"), "です。")
add([], "Japanese customer's mobile: ", PH("+81 80-4412-9087"))
add([], "フリーダイヤル ", PH("0120-444-113"), "（24時間受付）")
add(["sakura"], P(who("sakura")), "さんの携帯は", PH("080-3344-5566"), "です。")
add(["minseo"], P(who("minseo")), " 님 연락처 ", PH("010-5521-8830"), ", 오후에 통화 가능")
add(["liwei"], "联系人：", P(who("liwei")), "，手机 ", PH("186-0217-4459"), "。")

neg("订单号：202405211380013，金额 ¥1,380.00，已发货。")
neg("构建号 20240521.1380 已推送到测试环境，版本 v13.8.0。")
neg("快递单号 SF1380013800012 已签收。")
neg("时间戳 1716268800 对应 2024-05-21 13:20:00 (UTC+8)。")
neg("주문번호 2024-0521-8830 배송이 완료되었습니다.")
neg("사업자등록번호 214-86-12345 확인 부탁드립니다.")
neg("注文番号 2024-0312-0045 の請求書を再発行しました。")
neg("Build 139.1234.5678 failed on the arm64 runner; 138 of 1380 tests passed.")

# ==============================================================================================
# General mix
# ==============================================================================================

# --- emails ---
add([], "Bounce: delivery to ", E("lager.nord@spedition-hoffmann.de"),
    " failed (452 4.2.2 mailbox full).")
add([], "Please add ", E("oncall+sev1@coldharbor-games.com"), " to the PagerDuty escalation.")
add([], "請將報告寄到 ", E("finance@taipei-precision.com.tw"), "，謝謝。")
add([], "请把发票发到 ", E("fapiao@shenzhen-ebike.cn"), "。")
add([], "문의: ", E("help@hangang-commerce.co.kr"))
add([], "Reply-To: ", E("ventas.norte@ferreteria-monterrey.mx"))
add([], "user_export.csv: 1042;active;", E("k.oduya@lagos-mobility.ng"), ";2024-04-02")
add([], "SAML NameID ", E("p.lindgren@karlstad-kommun.se"), " does not match the Jira account.")
add([], "Bitte die Bestellung an ", E("einkauf@holzbau-schwarzwald.de"), " bestätigen.")
add(["ethan", "amara"], P(who("ethan")), " forwarded the thread from ", P(who("amara", "email")),
    " — she still can't see the space.")
add(["thomas"], "[~accountid:", P(who("thomas", "account_id")),
    "] peux-tu vérifier l'import d'hier ?")
add(["joao", "lucia"], P(who("joao")), " e ", P(who("lucia")),
    " vão rever o conector do SAP amanhã.")
add(["nils"], "Freigabe von ", P(who("nils")), " (", P(who("nils", "email")), ") liegt vor.")
add(["aiko"], P(who("aiko")), "さん（", P(who("aiko", "email")), "）からの依頼です。")

# --- phones, other countries ---
add([], "Customer asked for a callback at ", PH("+1 (312) 555-0187"), " before 4pm CST.")
add([], "text me on ", PH("+44 7700 900123"), " if the bridge drops")
add([], "Rückruf bitte unter ", PH("+49 89 1234 5678"), ", Durchwahl egal.")
add([], "Standard : ", PH("+33 1 44 55 66 77"), ", astreinte : ", PH("06 12 34 56 78"), ".")
add([], "Móvil del técnico: ", PH("+34 600 123 456"))
add([], "WhatsApp do cliente: ", PH("+55 21 99876-5432"))
add([], "Ops lead in Pune: ", PH("+91 98765 43210"), " (IST)")
add([], "After-hours: ", PH("0412 345 678"), " (Sydney)")
add([], "Telefoonnummer klant: ", PH("+31 6 1234 5678"))
add([], '{"contact": {"name": "Front desk", "phone": "', PH("+1-647-555-0143"), '"}}')
add([], "Tel. Filiale Graz: ", PH("+43 316 872 4410"))

# --- credit cards ---
visa = card("4", 16)
add([], "Customer says card ", CC(group(visa, [4, 4, 4, 4], " ")),
    " was charged twice for order SO-55120.")
mc = card("5" + rng.choice("12345"), 16)
add([], "Karte ", CC(group(mc, [4, 4, 4, 4], "-")), " abgelehnt, Code 51.")
amex = card("37", 15)
add([], "Amex: ", CC(group(amex, [4, 6, 5], " ")), " exp 09/27")
mc2 = card(str(rng.randint(2221, 2720)), 16)
add([], "charge.failed card_number=", CC(mc2), " decline_code=do_not_honor")
jcb = card(str(rng.randint(3528, 3589)), 16)
add([], "カード番号 ", CC(group(jcb, [4, 4, 4, 4], " ")), " で決済エラーになります。")
up = card("62", 16)
add([], "银联卡号 ", CC(group(up, [4, 4, 4, 4], " ")), "，退款请原路返回。")
visa2 = card("4", 16)
add([], "카드번호 ", CC(group(visa2, [4, 4, 4, 4], "-")), " 로 결제 실패")
disc = card("6011", 16)
add([], "Discover ", CC(disc), " on file, customer wants it removed.")

neg(f"Order reference {not_card('4000', 16)} (ERP, not a payment card).")
neg("Card ending in 4242, exp 12/26 — only the last four are stored.")
neg("masked PAN: 4111 11** **** 1881, BIN lookup says Visa debit.")
neg("ISBN 978-3-16-148410-0 and EAN 4006381333931 on the packing slip.")
neg(f"Sendungsnummer {group(not_card('0034', 20), [4, 4, 4, 4, 4], ' ')} – DHL Paket.")

# --- IBANs ---
add([], "IBAN für die Gutschrift: ", IB(iban("DE", bban("DE"))), ", BIC GENODEF1M04.")
add([], "RIB : ", IB(iban("FR", bban("FR"))))
add([], "Cuenta para la devolución: ", IB(iban("ES", bban("ES"), spaced=False)))
add([], "Nieuwe rekening: ", IB(iban("NL", bban("NL"))))
add([], "IBAN per il bonifico: ", IB(iban("IT", bban("IT"))))
add([], "payout.iban=", IB(iban("BE", bban("BE"), spaced=False)), " payout.currency=EUR")
add([], "Konto i Sverige: ", IB(iban("SE", bban("SE"))))
add([], "Refund to ", IB(iban("GB", bban("GB"))), " please.")
add([], "IBAN: ", IB(iban("CH", bban("CH"))), " (CHF-Konto)")
add([], "振込先IBAN：", IB(iban("DK", bban("DK"), spaced=False)))

neg("IBAN format hint: DEkk bbbb bbbb cccc cccc cc (22 characters).")
neg("IBAN: DE** **** **** **** **12 34 (masked in the UI)")
neg("BIC COBADEFFXXX, Bankleitzahl 370 400 44 – keine Kontonummer angegeben.")

# --- IP addresses ---
add([], "fail2ban banned ", IP("185.220.101.47"), " after 6 attempts on sshd.")
add([], "Der Proxy läuft auf ", IP("10.50.3.8"), ":3128.")
add([], "X-Real-IP: ", IP("81.2.69.160"))
add([], "IPv6 del cliente: ", IP("2a01:4f8:c17:2b5c::1"))
add([], "서버 IP ", IP("172.31.20.14"), "에서 타임아웃 발생")
add([], "客户端IP：", IP("114.114.92.33"), "，被WAF拦截。")
add([], "ip route add default via ", IP("192.168.1.254"), " dev eth0 src ", IP("192.168.1.37"))

neg("Health check on 127.0.0.1:8080/healthz and 0.0.0.0:9090/metrics both return 200.")
neg("Firmware-Version 3.10.2.8 behebt den Fehler; OID 1.3.6.1.4.1.311.21.8 ist betroffen.")
neg("Bind address ::1 only, see ipv6-localhost in /etc/hosts.")

# --- API keys ---
add([], "[default]\naws_access_key_id = ", K("aws"), "\naws_secret_access_key = ", K("aws", "secret"))
add([], "AWS key ", K("aws"), " is in the old README, rotate please.")
add([], "export GITHUB_TOKEN=", K("github"))
add([], "Token im CI-Log: ", K("github", "ghs"))
add([], "Fine-grained PAT: ", K("github", "fine"))
add([], "slack:\n  bot_token: ", K("slack"))
add([], "Alert webhook: ", K("slack", "webhook"))
add([], "user token ", K("slack", "xoxp"), " was posted in #random, revoke it")
add([], "STRIPE_SECRET_KEY=", K("stripe"))
add([], "Restricted Stripe key for reporting: ", K("stripe", "rk_live"))
add([], "Maps key in the frontend: ", K("google"))
add([], "GitLab PAT ", K("gitlab"), " expires in 7 days.")
add([], "//registry.npmjs.org/:_authToken=", K("npm"))
add([], "SENDGRID_API_KEY=", K("sendgrid"))
add([], "La clé AWS ", K("aws"), " apparaît dans les logs du worker.")

neg("AWS docs example: aws_access_key_id = AKIAIOSFODNN7EXAMPLE, "
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
neg("GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx   # put yours here")
neg("SLACK_BOT_TOKEN=xoxb-your-bot-token")
neg("Stripe key sk_live_…4f2a was rolled on 2024-05-02 (only the suffix is shown in the dashboard).")
neg(f"request_id={uuid4()} trace_id={hexs(32)} span_id={hexs(16)}")
neg(f"commit {hexs(40)}\nMerge: {hexs(7)} {hexs(7)}\n\n    Bump tokio to 1.37.0")
neg(f"sha256:{hexs(64)}  synco-agent-2.14.1-linux-amd64.tar.gz")
neg("Release 2024.05.21-rc3, schema version 48, API v2.3.1, build 20240521.7")
neg("Authorization: Bearer <token>  (see the API docs for how to get one)")

# --- JWT and URL credentials ---
add([], "Authorization: Bearer ",
    JWT(jwt({"sub": "svc-export", "iss": "https://auth.coldharbor-games.com", "exp": 1719878400},
            "RS256")))
add([], "DATABASE_URL=postgres://", UC("billing:Pg!B1ll-22"), "@pg-primary.internal:5432/billing")
add([], "git remote -v → https://", UC("ci-bot:Gt7!remoteX"), "@git.acme.io/platform/infra.git")
add([], "AMQP_URL=amqp://", UC("orders:Rmq#Ord3rs"), "@", IP("10.12.0.7"), ":5672/")

# --- mixed tickets ---
add(["ethan"], "Incident notes (", P(who("ethan")), "):\n- host ", IP("10.40.8.21"),
    "\n- redis-cli -a ", PW("Inc!dent-R3d"), " -p 6379 FLUSHDB was run by mistake\n"
    "- customer contact ", PH("+1 (206) 555-0131"))
add(["minseo"], P(who("minseo")), " 님이 공유: DB 비밀번호는 ", PW("Hangang#DB7"),
    "이고 서버는 ", IP("10.7.3.15"), "입니다.")
add(["liwei"], P(who("liwei")), "：测试库 mysql -uroot -p", PW("Cj!Root2024"),
    " -h ", IP("10.9.1.20"), "，客户电话 ", PH("138 1122 3344"), "。")
add(["thomas"], "Résumé de ", P(who("thomas")), " : la cliente ",
    *named("Hélène Marchetti", "helene.marchetti@riviera-hotels.fr"),
    " a donné l'IBAN ", IB(iban("FR", bban("FR"))), ".")
add(["amara"], "From ", P(who("amara")), ": card ", CC(group(card("5" + rng.choice("12345"), 16),
                                                            [4, 4, 4, 4], " ")),
    ", phone ", PH("+234 803 123 4567"), ", password for the portal reset to ", PW("Lagos2024"))
add([], "Runbook step 4:\n  mkdir -p /opt/restore\n  sshpass -p '", PW("Rest0re!Night"),
    "' scp -P 2222 backup-host:/dumps/latest.sql.gz /opt/restore/\n  docker run -p 5432:5432 "
    "-e POSTGRES_PASSWORD=", PW("Pg!Restore-9"), " postgres:16")
add([], "Ticket von ", *named("Kowalski, Tomasz", "tomasz.kowalski@oder-transport.pl"),
    ": Rückruf ", PH("+48 601 234 567"), ", Passwort lautet ", PW("Oder2023!"), ".")
add(["sakura"], P(who("sakura")), "より：検証DBは mongosh --password ", PW("Minato!Mg5"),
    " で接続、問い合わせは ", PH("03-5544-7788"), " まで。")
add(["joao"], "Do ", P(who("joao")), ": curl -u admin:", PW("Tejo!Adm1n"), " http://",
    IP("10.3.3.3"), ":8080/api/restart — e a senha do Wi-Fi é ", PW("Lisboa2024"), ".")
add(["jonas", "nils"], P(who("jonas")), " an ", P(who("nils")), ": Kunde hat ",
    CC(group(card("4", 16), [4, 4, 4, 4], " ")), " durchgegeben, Rückruf ", PH("0171 2345678"),
    ".")

# ==============================================================================================
# building and checking
# ==============================================================================================

FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ı": "i", "đ": "d", "Đ": "D",
                      "ß": "ss"})


def fold(text):
    text = unicodedata.normalize("NFKD", text.translate(FOLD))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def spells(name, address):
    """Whether the local part of `address` spells `name` (any order of its words)."""
    words = [w for w in re.split(r"[\s,\-]+", fold(name).replace("'", "")) if w]
    local = re.sub(r"[._\-]", "", address.split("@")[0].lower())
    return any("".join(order) == local for order in permutations(words))


def build(index, people_keys, parts):
    text_bytes, spans = b"", []
    for part in parts:
        if isinstance(part, str):
            text_bytes += part.encode()
            continue
        kind, value = part
        start = len(text_bytes)
        text_bytes += value.encode()
        spans.append({"kind": kind, "start": start, "end": len(text_bytes)})
    text = text_bytes.decode()
    people = [PEOPLE[k] for k in people_keys]
    labelled = [p for p in parts if not isinstance(p, str)]
    for span, (kind, value) in zip(spans, labelled):
        assert text_bytes[span["start"]:span["end"]].decode() == value, (index, value)
        check(kind, value, people, labelled, index)
    return {"id": f"held2-{index:05d}", "text": text, "people": people, "spans": spans}


def check(kind, value, people, labelled, index):
    where = f"line {index}: {kind} {value[:60]!r}"
    assert value == value.strip() and value, where
    if kind == "credit_card":
        d = re.sub(r"[ .-]", "", value)
        assert d.isdigit() and luhn_ok(d) and 14 <= len(d) <= 19, where
    elif kind == "iban":
        assert iban_valid(value), where
    elif kind == "phone":
        assert 7 <= len(re.sub(r"\D", "", value)) <= 15, where
    elif kind == "ip_address":
        ip = ipaddress.ip_address(value)
        assert not ip.is_loopback and not ip.is_unspecified, where
    elif kind == "person":
        listed = any(value in (p["display_name"], p["email"], p["account_id"]) for p in people)
        beside = any(k == "email" and spells(value, v) for k, v in labelled)
        assert listed or beside, where
    elif kind == "email":
        assert "@" in value and not any(value == p["email"] for p in people), where
    elif kind == "password":
        assert value[0] not in "'\"" and value[-1] not in "'\"", where
    elif kind == "url_credentials":
        assert ":" in value and "@" not in value, where
    elif kind == "jwt":
        assert value.count(".") == 2, where
    elif kind.startswith("api_key/"):
        assert kind.split("/", 1)[1] in ("aws", "github", "slack", "stripe", "google", "openai",
                                         "gitlab", "npm", "sendgrid"), where
    else:
        raise AssertionError(where)


def main():
    records = [build(i + 1, people, parts) for i, (people, parts) in enumerate(LINES)]
    for record in records:
        if not record["spans"]:
            for p in record["people"]:
                assert not any(v in record["text"] for v in p.values()), record["id"]
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    with open(OUT, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    kinds = Counter(s["kind"] for r in records for s in r["spans"])
    negatives = sum(1 for r in records if not r["spans"])
    print(f"wrote {OUT}: {len(records)} lines, {negatives} negative, "
          f"{sum(kinds.values())} labelled spans")
    for kind, count in sorted(kinds.items()):
        print(f"  {kind:<24}{count}")


if __name__ == "__main__":
    main()
