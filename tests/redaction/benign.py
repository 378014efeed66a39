#!/usr/bin/env python3
"""Writes benign.jsonl: ticket-like text that must come out of redaction untouched.

What the set is for. The labeled corpora measure how much personal data and how many secrets a
redaction engine finds; this set measures the other side, the false positives. Every line is a
negative line (`"people": []`, `"spans": []`), so every span a predictor reports on it is a false
positive, e.g. `python3 tests/redaction/evaluate.py --synco PATH --corpus tests/redaction/benign.jsonl`.
The text is ordinary Jira / Confluence material chosen to sit close to what a naive detector flags:

* shell commands whose flags are not passwords (`ssh -p 2222`, `mysql -u root -p shop`, `-W`
  prompts, `--password-stdin`, `-p "$TOKEN"`, `sshpass -f FILE`, `curl -u "$USER:$TOKEN"`, …),
  also spread over backslash-continued lines;
* sentences that talk about passwords, tokens and keys without giving one, in English, German,
  French, Spanish, Portuguese, Japanese, Chinese and Korean, and masked UI fields
  (`Password: ********`, `Password: <hidden>`, `password: required`);
* code that names a secret without holding one (`password: hashedPassword,`, `process.env.API_KEY`,
  `${{ secrets.DEPLOY }}`, `getpass()`, `secretKeyRef`, placeholders such as `<your-password>`,
  `YOUR_API_KEY`, `changeme` and `xxxxxxxx`, URL templates like `https://${GIT_USER}:${GIT_TOKEN}@…`);
* numbers that are not phone numbers, IP addresses, cards or IDs: versions (`1.2.3.4`,
  `Firmware 3.10.2.8`), builds, order numbers, epoch timestamps, durations, sizes, port ranges,
  OIDs, loopback / wildcard addresses with ports, Chinese and Korean order and business numbers,
  ISO dates, commit hashes, digests, UUIDs, Jira keys, semantic versions with build metadata;
* role and team mailboxes beside the role's name (`Billing Team (billing.team@example.com)`),
  `noreply@` senders, bot and ssh login targets such as `git@git.example.com:…`;
* words with digits that look like weak passwords (`python3`, `sha256`, `ubuntu22`, `Q3`,
  `FY2024`, `sprint42`, `Office365`, `iPhone15`, …);
* ordinary ticket prose: steps to reproduce, expected / actual, stack traces, log lines with
  levels and thread names, YAML / JSON without secrets, SQL, Markdown tables.

Rules followed when writing it:

* No real personal data: no personal names (only product / tool names used as words, such as
  Kubernetes, Jenkins, Ansible), no personal mailboxes (only role, team, bot and service
  addresses, all under the reserved example.com / example.org / example.net domains), no phone
  numbers, no IP addresses other than 127.0.0.1 and 0.0.0.0, no IBANs, no national ID numbers.
  Sample business numbers fail their check digit (Korean 123-45-67890) or their date part.
* No real secret: passwords, tokens and keys appear only as names, environment variables,
  template references, prompts, masks or obvious placeholders; no private key bodies, no JWTs.
* No digit run of card length (13 to 19 digits) passes the Luhn check: the script redraws random
  ones that do, and checks every line before writing (the fixed ones were chosen to fail it).
* Deterministic: fixed text plus values drawn from `random.Random(SEED)`; running the script
  twice writes the same file.

Usage: `python3 tests/redaction/benign.py` (writes benign.jsonl next to this file).
"""

import base64
import json
import random
import re
from pathlib import Path

from checks import luhn_ok as luhn_valid

HERE = Path(__file__).resolve().parent
OUTPUT = HERE / "benign.jsonl"
SEED = 20240603

rng = random.Random(SEED)


# --- helpers -------------------------------------------------------------------------------


def digits(n, first="123456789"):
    """A random n-digit string that is not Luhn-valid when it is card-length."""
    while True:
        s = rng.choice(first) + "".join(rng.choice("0123456789") for _ in range(n - 1))
        if not (13 <= n <= 19 and luhn_valid(s)):
            return s


def hexstr(n):
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def uuid4():
    h = hexstr(32)
    variant = rng.choice("89ab")
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:32]}"


def fingerprint():
    raw = bytes(rng.getrandbits(8) for _ in range(32))
    return "SHA256:" + base64.b64encode(raw).decode().rstrip("=")


def timestamp(day=None):
    day = day or rng.randint(1, 28)
    return (f"2024-06-{day:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d}")


def semver():
    return f"{rng.randint(1, 4)}.{rng.randint(0, 20)}.{rng.randint(0, 12)}"


# --- 1. shell commands whose flags are not passwords ----------------------------------------

SHELL = [
    "To reach the staging bastion use `ssh -p 2222 deploy@bastion.staging.example.net`; port 22 "
    "is closed since the firewall change in OPS-4812.",
    "Copy the dump with `scp -P 2222 backup/shop-2024-06-03.sql.gz ops@bastion.staging.example.net:"
    "/srv/backups/` and check the size afterwards (about 1.8 GB).",
    "Health check: `redis-cli -h cache -p 6379 ping` should answer PONG. If it hangs, the cache pod "
    "is not ready yet.",
    "Run it locally with `docker run --rm -p 8080:80 -p 8443:443 nginx:1.25-alpine` and open "
    "http://localhost:8080/ in the browser.",
    "CI logs in with `echo \"$REGISTRY_TOKEN\" | docker login registry.example.com -u ci "
    "--password-stdin`, so the token never shows up in the process list.",
    "Older runners still use `docker login -u ci -p \"$TOKEN\" registry.example.com`, which prints "
    "\"WARNING! Using --password via the CLI is insecure. Use --password-stdin.\"",
    "`mkdir -p /var/lib/app/{data,logs,tmp} && chown -R app:app /var/lib/app`",
    "Search whole words only: `grep -rnw src/ -e password` lists every place the field name is used "
    "(47 hits, none with a literal value).",
    "`grep -w token config/*.yml` finds the three keys that still need the `_ttl` suffix.",
    "Archive with permissions preserved: `tar -cpf backup-2024-06.tar /etc/app /var/lib/app`, then "
    "check it with `tar -tvf backup-2024-06.tar | head`.",
    "Connect with `mysql -u root -p shop`; the client prompts for the password, nothing is passed "
    "on the command line.",
    "`ldapsearch -x -H ldaps://ldap.example.org -D \"cn=readonly,dc=example,dc=org\" -W -b "
    "\"ou=groups,dc=example,dc=org\" \"(cn=devops)\"` (-W prompts for the bind password).",
    "`ps -a | grep java` shows two JVMs after the restart, expected is one.",
    "`ls -a ~/.config/app/` should list `.credentials.json` only after the first login.",
    "Use `git log -p -- src/auth/PasswordValidator.java` to see how the minimum length went from 8 "
    "to 12.",
    "`kubectl port-forward -p web-7d9f6c5b8-x2x4q 8080:80` is deprecated; use `kubectl "
    "port-forward pod/web-7d9f6c5b8-x2x4q 8080:80` instead.",
    "`helm upgrade --install shop ./charts/shop -n shop --set image.tag=2.14.1 --set "
    "replicaCount=3 --set ingress.enabled=true`",
    "`helm install redis bitnami/redis --set auth.existingSecret=redis-auth --set "
    "auth.existingSecretPasswordKey=password`",
    "`mongosh \"mongodb://db.internal.example:27017/shop?authSource=admin\" --username app_ro "
    "--password` (no value: mongosh asks for it interactively).",
    "`sshpass -f ~/.pw ssh -p 2222 backup@nas.example.net 'df -h'`; the file is mode 600 and "
    "managed by Ansible.",
    "SSHPASS comes from the CI variable store; the job runs `sshpass -e rsync -az -e 'ssh -p 2222' "
    "dist/ deploy@web.example.net:/srv/www/`.",
    "`curl -u \"$USER:$TOKEN\" https://jira.example.com/rest/api/2/issue/PROJ-1234 | jq "
    ".fields.status.name`",
    "Kerberos SSO check: `curl --negotiate -u : https://intranet.example.com/api/health` returns "
    "200 from a domain-joined machine.",
    r"""docker run -d \
  --name shop-db \
  -p 5432:5432 \
  -e POSTGRES_PASSWORD_FILE=/run/secrets/db_password \
  -v pgdata:/var/lib/postgresql/data \
  postgres:16.3""",
    r"""curl -sS -X POST https://api.example.com/v2/orders \
  -H "Authorization: Bearer $ACCESS_TOKEN" \
  -H "Content-Type: application/json" \
  -d @order.json""",
    r"""ssh -p 2222 \
    -o StrictHostKeyChecking=accept-new \
    -i ~/.ssh/id_ed25519 \
    ci@build.example.net 'sudo systemctl restart shop'""",
    r"""mysqldump -u backup -p \
  --single-transaction --routines \
  shop > shop-$(date +%F).sql""",
    r"""helm upgrade --install monitoring prometheus-community/kube-prometheus-stack \
  --namespace monitoring \
  --set grafana.admin.existingSecret=grafana-admin \
  --set grafana.admin.passwordKey=admin-password \
  --version 58.7.2""",
    r"""redis-cli \
  -h cache.shop.svc.cluster.local \
  -p 6379 \
  --askpass \
  info replication""",
    "`pg_dump -h 127.0.0.1 -p 5432 -U app -W -Fc shop > shop.dump` (-W forces the password "
    "prompt).",
    "`iptables -A INPUT -p tcp --dport 2222 -j ACCEPT` was missing on the new node.",
    "`ufw allow 3000:3010/tcp` opens the port range 3000-3010 for the dev servers.",
    "`unzip -P \"$ZIP_PASS\" export-2024-06.zip -d /tmp/export`",
    "`7z x -p archive.7z`: without a value after -p, 7-Zip asks for the password.",
    "`keytool -importkeystore -srckeystore old.p12 -srcstoretype PKCS12 -destkeystore new.jks "
    "-srcstorepass:env SRC_PASS -deststorepass:env DEST_PASS`",
    "`openssl pkcs12 -in client.p12 -nokeys -passin file:/run/secrets/p12_pass -out client.crt`",
    "`openssl enc -aes-256-cbc -pbkdf2 -salt -in backup.tar -out backup.tar.enc -pass "
    "env:BACKUP_KEY`",
    "`gpg --batch --yes --passphrase-file /run/secrets/gpg_passphrase --decrypt "
    "release.tar.gz.gpg > release.tar.gz`",
    "The old script did `echo \"$SUDO_PASS\" | sudo -S apt-get update`; the new one relies on a "
    "sudoers entry with NOPASSWD for apt only.",
    "`mount -t cifs //fileserver/share /mnt/share -o credentials=/etc/cifs-creds,vers=3.0,uid=1000`",
    "`wget --user=ci --ask-password https://artifacts.example.com/releases/shop-2.14.1.tar.gz`",
    "`kubectl create secret generic db-credentials --from-file=password=./db_password.txt "
    "--dry-run=client -o yaml | kubectl apply -f -`",
    "`kubectl get secret db-credentials -n shop -o jsonpath='{.data.password}' | base64 -d`; only "
    "cluster admins can run this.",
    "`vault kv get -field=password secret/shop/db` returns the current value; do not paste the "
    "output into the ticket.",
    "`htpasswd -B -C 12 /etc/nginx/.htpasswd monitoring` prompts twice for the new password.",
    "`openssl passwd -6` without arguments reads the password from the terminal.",
    "`nmap -p 1-1024 127.0.0.1` on the runner shows 22/tcp and 631/tcp open.",
    "`nc -zv localhost 6379` → Connection to localhost 6379 port [tcp/redis] succeeded!",
    "`lsof -i :8080 -P -n` shows java (PID 48213) listening on *:8080.",
    "`java -Xms512m -Xmx2g -Dserver.port=8081 -Dspring.profiles.active=staging -jar "
    "shop-2.14.1.jar`",
    "`rsync -avz --delete -e \"ssh -p 2222\" build/ www@web01.example.net:/srv/www/html/`",
    "`git clone ssh://git@git.example.com:2222/platform/infra.git && cd infra && git checkout "
    "release/2.14`",
    "`git remote set-url origin git@git.example.com:platform/infra.git`",
    "`npm install @example/ui-kit@3.2.1 --save-exact`",
    "`ssh-keygen -t ed25519 -C \"ci@build.example.net\" -f ~/.ssh/ci_ed25519 -N \"\"` creates the "
    "deploy key without a passphrase (the runner has no TTY).",
    "`docker compose -p shop-dev up -d --build` (-p sets the project name).",
    r"`psql -h localhost -p 5433 -U postgres -c '\l'`",
    "`redis-cli -h cache -p 6379 -a \"$REDIS_PASSWORD\" --no-auth-warning info replication`",
    "`sqlcmd -S localhost,1433 -U sa -P \"$MSSQL_SA_PASSWORD\" -Q \"SELECT @@VERSION\"`",
    r"`net use Z: \\fileserver\projects /user:CORP\svc-backup *`; the asterisk makes Windows "
    r"prompt for the password.",
    "`ansible-playbook site.yml -i inventories/staging --ask-vault-pass --limit web -e "
    "app_version=2.14.1`",
    "`ansible all -i hosts.ini -m ping -u deploy --ask-pass`",
    "`echo aGVsbG8gd29ybGQ= | base64 -d` prints \"hello world\"; the encoding step in the import "
    "is plain base64, not encryption.",
    "`openssl rand -hex 32 > /run/secrets/session_key` generates the key on the host; it is never "
    "committed.",
]

# --- 2. sentences about passwords without one -----------------------------------------------

ABOUT_PASSWORDS = [
    "The password is stored as sha256 with a per-user salt; we want to move to argon2id in Q3.",
    "Requirement: the password must be 12 characters or longer and may not contain the username.",
    "The password is the same as on staging; ask in #ops-access if you have no vault access.",
    "Passwort lautet wie im Dokument „Zugänge Staging“ im Confluence-Bereich OPS beschrieben – bitte "
    "nicht ins Ticket kopieren.",
    "Please reset the password to the default from the vault (path secret/shop/admin) and force a "
    "change at next login.",
    "The password was changed in sprint 42, that is why the nightly import fails since 2024-05-28.",
    "See password policy v2 for the rules: 12 characters, no reuse of the last 5, expiry after 365 "
    "days.",
    "Lien « mot de passe oublié » : l'e-mail de réinitialisation n'arrive pas pour les comptes "
    "créés avant la version 3.4.",
    "パスワードは管理者に確認してください。チケットには記載しないでください。",
    "비밀번호는 관리자에게 문의하세요. 티켓에 직접 적지 마세요.",
    "密码请联系管理员，不要在工单里填写。",
    "Login form shows: Username: [            ]  Password: ********  [Sign in]",
    "Screenshot text: \"Password: <hidden>\"; the masking works, but the eye icon is missing on "
    "Safari 17.",
    "API schema for POST /users: `password: required`, string, minLength 12, maxLength 128.",
    "Form validation message reads \"password: required\" even when the field is filled in via "
    "autofill.",
    "Das Passwort muss mindestens 12 Zeichen lang sein und darf nicht dem Benutzernamen entsprechen.",
    "Passwort: siehe KeePass-Eintrag „Staging DB“.",
    "Kennwort abgelaufen: nach dem Update auf Windows11 23H2 fordert die Anmeldung sofort ein neues "
    "Kennwort an.",
    "Le mot de passe doit contenir au moins 12 caractères, dont un chiffre.",
    "Mot de passe : voir le coffre-fort (Vault), chemin secret/crm/api.",
    "La contraseña se guarda como hash bcrypt (coste 12); nunca en texto plano.",
    "Contraseña: vacía en el entorno local, el contenedor arranca con "
    "POSTGRES_HOST_AUTH_METHOD=trust.",
    "¿Olvidaste tu contraseña? El enlace apunta a /auth/reset pero devuelve 404 en producción.",
    "A senha deve ter no mínimo 12 caracteres; a política antiga (8 caracteres) ainda aparece no "
    "texto de ajuda.",
    "Senha: não informada no chamado; solicitar ao time de infraestrutura via cofre.",
    "Esqueci minha senha: o e-mail de redefinição chega com o link expirado (TTL 15 min, mas o "
    "relógio do servidor está 20 min adiantado).",
    "パスワードの最小文字数を8から12に変更しました（PROJ-2231）。",
    "パスワード：********（マスク表示）",
    "비밀번호는 12자 이상이어야 하며, 최근 5개와 동일할 수 없습니다.",
    "비밀번호: 변경됨 (2024-06-01)",
    "密码：已重置，新密码已通过密码管理器共享给申请人。",
    "密码长度至少 12 位，并且每 90 天必须更换一次。",
    "Password expired for the service account svc-reporting; the job has been failing since "
    "02:00 UTC.",
    "The password field accepts 129 characters although the limit is 128 (off by one in "
    "PasswordValidator).",
    "After 5 wrong password attempts the account is locked for 15 minutes (HTTP 423).",
    "Password hint text is not translated in de-DE: \"Choose a strong password\".",
    "We never log passwords; the audit log only stores password_changed_at and the actor id.",
    "No password is needed for the read-only replica from inside the cluster; trust auth is "
    "limited to the pod network.",
    "Passwords are rotated every 90 days by the rotation job (cron `0 4 1 */3 *`).",
    "The password reset token expires after 30 minutes; this ticket asks to make it 60.",
    "Error: token expired at 2024-06-03T09:12:44Z, please log in again.",
    "Secret rotation for the payment provider is scheduled for 2024-07-01; the new secret goes "
    "into Vault, not onto this page.",
    "API key is missing in the request header (HTTP 401, code E_API_KEY_MISSING).",
    "Access-Token und Refresh-Token werden im HttpOnly-Cookie gespeichert, nicht im localStorage.",
    "Le jeton d'accès expire après 3600 secondes ; le jeton de rafraîchissement après 30 jours.",
    "El token de acceso caduca a los 60 minutos y el de refresco a los 30 días.",
    "pwd: n/a (SSO only)",
    "Password: see 1Password item \"CI registry\".",
    "Credentials: in Vault under secret/ci/registry, readable by the ci-deployers group.",
    "The docs still show the placeholder value `changeme` for the admin password; since firmware "
    "3.10.2.8 the device refuses it and forces a new one on first boot.",
    "Paste the file that starts with `-----BEGIN OPENSSH PRIVATE KEY-----` into Vault, never into "
    "Jira or Confluence.",
    "The passphrase for the release signing key is held by the release managers; the pipeline reads "
    "it from /run/secrets/gpg_passphrase.",
    "Reset password e-mail subject: \"Your password was changed\"; body template reset_v2.html.",
    "Old password / New password / Confirm new password: the confirm field is not validated on blur.",
    "Das Kennwort für den Dienstbenutzer wird über die Rotation im Vault gesetzt, nicht manuell.",
    "Pour des raisons de sécurité, le mot de passe n'est jamais envoyé par e-mail.",
    "Por seguridad, la contraseña nunca se envía por correo; el usuario recibe un enlace de un solo "
    "uso.",
    "A senha do banco é injetada pelo Kubernetes a partir do Secret db-credentials.",
    "初期パスワードは初回ログイン時に変更が必要です。",
    "관리자 비밀번호는 Vault에서 자동으로 교체됩니다.",
    "数据库密码由 Vault 动态生成，有效期 24 小时。",
    "Token: ******** (shown once after creation, copy it into your password manager).",
    "API key: •••••••••••• (last 4: hidden) — the settings page no longer shows the suffix.",
]

# --- 3. code naming secrets without holding them --------------------------------------------

CODE = [
    "password: hashedPassword,",
    "  token: AuthToken;",
    "fn login(password: &str) -> Result<Session, AuthError> {",
    "const apiKey = process.env.API_KEY;",
    "secret: ${{ secrets.DEPLOY }}",
    "password = getpass()",
    "String password = request.getParameter(\"password\");",
    "PASSWORD_MIN_LENGTH = 12",
    "token_type: \"Bearer\"",
    "DB_PASSWORD=<your-password>",
    "export API_KEY=YOUR_API_KEY",
    "api_key: xxxxxxxx  # set by the deployment, not here",
    """const user = await prisma.user.create({
  data: {
    email: input.email,
    password: hashedPassword,
  },
});""",
    """interface Session {
  userId: string;
  token: AuthToken;
  expiresAt: Date;
}""",
    """def connect():
    password = os.environ["DB_PASSWORD"]
    return psycopg.connect(host="localhost", port=5432, dbname="shop", user="app", password=password)""",
    """@Value("${db.password}")
private String dbPassword;""",
    "spring.datasource.password=${DB_PASSWORD}",
    """DB_HOST=localhost
DB_PORT=5432
DB_USER=app
DB_PASSWORD=
SECRET_KEY=<generate with: openssl rand -hex 32>""",
    """env:
  - name: DB_PASSWORD
    valueFrom:
      secretKeyRef:
        name: db-credentials
        key: password""",
    """variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "shop" {
  engine   = "postgres"
  username = "app"
  password = var.db_password
}""",
    "ansible_become_pass: \"{{ vault_become_pass }}\"",
    """- name: Deploy
  env:
    DEPLOY_TOKEN: ${{ secrets.DEPLOY_TOKEN }}
  run: ./deploy.sh --token-env DEPLOY_TOKEN""",
    "let password = rpassword::prompt_password(\"Password: \")?;",
    "token := r.Header.Get(\"Authorization\")",
    "if len(password) < PasswordMinLength { return ErrPasswordTooShort }",
    "public string Password { get; set; } = string.Empty;",
    "$password = password_hash($_POST['password'], PASSWORD_ARGON2ID);",
    """class User < ApplicationRecord
  has_secure_password
  validates :password, length: { minimum: 12 }, allow_nil: true
end""",
    "ALTER TABLE users ADD COLUMN password_hash VARCHAR(255) NOT NULL DEFAULT '';",
    "UPDATE users SET password_hash = crypt($1, gen_salt('bf', 12)) WHERE id = $2;",
    "SELECT id, created_at FROM api_keys WHERE revoked_at IS NULL AND last_used_at < now() - "
    "interval '90 days';",
    "{\"token_type\": \"Bearer\", \"expires_in\": 3600, \"scope\": \"orders:read orders:write\", "
    "\"access_token\": \"<redacted>\"}",
    "Authorization: Bearer <token>",
    "X-API-Key: ${API_KEY}",
    "headers = {\"Authorization\": f\"Bearer {token}\", \"Accept\": \"application/json\"}",
    "private static final String PASSWORD_PARAM = \"password\";",
    "<input type=\"password\" name=\"password\" autocomplete=\"current-password\" required "
    "minlength=\"12\">",
    "assert response.json()[\"error\"] == \"invalid_password\"",
    "password_hash = PasswordHasher(time_cost=3, memory_cost=65536, parallelism=4).hash(password)",
    "\"passwordPolicy\": {\"minLength\": 12, \"requireDigit\": true, \"historySize\": 5}",
    "jwt.verify(token, process.env.JWT_SECRET, { algorithms: [\"HS256\"] });",
    "SECRET_KEY = os.environ.get(\"DJANGO_SECRET_KEY\")",
    "curl -H \"X-API-Key: YOUR_API_KEY\" https://api.example.com/v1/status",
    "jdbc:postgresql://localhost:5432/shop?user=app&password=<your-password>",
    "REDIS_URL=redis://:${REDIS_PASSWORD}@cache:6379/0",
    "git clone https://${GIT_USER}:${GIT_TOKEN}@git.example.com/platform/infra.git",
    """securitySchemes:
  bearerAuth:
    type: http
    scheme: bearer
    bearerFormat: JWT
  apiKeyAuth:
    type: apiKey
    in: header
    name: X-API-Key""",
    "const { password, ...safeUser } = user; return res.json(safeUser);",
    "logger.debug(\"login attempt user_id={} password=[REDACTED]\", userId);",
    "POSTGRES_PASSWORD_FILE=/run/secrets/db_password",
    "private_key_path: /etc/ssl/private/server.key   # mode 0600, owned by root",
    "client_secret: ${OIDC_CLIENT_SECRET}",
    "--set-string auth.password=\"{{ .Values.auth.password }}\" is rendered by Helm at deploy time.",
    "os.environ.setdefault(\"API_TOKEN\", \"\")  # empty in tests, the HTTP client is mocked",
    "MAX_PASSWORD_AGE_DAYS = 365\nPASSWORD_HISTORY = 5\nLOCKOUT_THRESHOLD = 5",
]

# --- 4. numbers that are not phones, IPs, cards or IDs --------------------------------------

NUMBERS = [
    "Upgraded the agent from version 1.2.3.4 to 1.2.4.0; see the release notes.",
    "Affected clients run Windows 10 build v10.0.19045.3693 (22H2).",
    "Firmware 3.10.2.8 fixes the watchdog reboot; 3.10.2.7 is still on 40% of the switches.",
    "Build #48213 failed at stage `integration-tests` after 14m 32s.",
    "Order number 100045873 was charged twice (order ref ORD-2024-0603-00172).",
    "Event timestamp 1717430400123 (ms since epoch) = 2024-06-03T16:00:00.123Z.",
    "p95 latency went from 180 ms to 2.4 s after deploying 2.14.0.",
    "Heap dump is 3.2 GB; max heap is 4096 MB.",
    "Port range 3000-3010 must be free for the dev servers; 3005 is taken by Grafana.",
    "SNMP OID 1.3.6.1.4.1.311 (Microsoft enterprise) is polled every 60 s; we also need "
    "1.3.6.1.2.1.1.3.0 (sysUpTime).",
    "The service binds to 0.0.0.0:8080 inside the container and to 127.0.0.1:8080 on the host.",
    "Health endpoint: http://127.0.0.1:9090/actuator/health",
    "订单号 202406031530001234 重复扣款，请财务核对。",
    "주문번호 2024-0603-88172 배송 지연 문의",
    "사업자등록번호 123-45-67890 (테스트용) 입력 시 검증 오류가 발생합니다.",
    "营业执照注册号格式校验：测试数据 110108000000018 应该被拒绝（日期段无效）。",
    "Release 2.14.1+build.20240603.1547 is tagged; 2.15.0-rc.2+sha.9f3c2ab is on staging.",
    "Jira: PROJ-1234, PROJ-1240 and OPS-4812 are duplicates of each other.",
    "Sprint 42 ends on 2024-06-14; code freeze is 2024-06-12T12:00:00+02:00.",
    "Rechnungsnummer RE-2024-004711, Artikelnummer 10-4471-03, Menge 250 Stück.",
    "Versionsnummer 5.4.0.1187, Buildnummer 1187, ausgeliefert in KW 23.",
    "Le lot n° 2024-23-0042 contient 1 250 enregistrements ; le traitement a duré 00:04:37.",
    "Pedido 2024/000873 duplicado; tiempo de respuesta 1.250 ms.",
    "Pedido nº 7781-2024 não foi sincronizado; fila com 12.480 mensagens.",
    "チケット番号 INC-20240603-0042、発生時刻 2024-06-03 09:12:44 JST",
    "CPU 使用率 97%、メモリ 15.2 GiB / 16 GiB",
    "HTTP 503 for 4m12s between 02:14:05 and 02:18:17 UTC.",
    "Disk /dev/nvme0n1p2 at 91% (458 GB of 503 GB).",
    "Kernel 6.8.0-35-generic, glibc 2.39, OpenSSL 3.0.13 30 Jan 2024.",
    "Chrome 125.0.6422.142 and Edge 125.0.2535.85 show the bug, Firefox 126.0.1 does not.",
    "Android 14 (API level 34), build UP1A.231005.007.",
    "iOS 17.5.1 (21F90) on model identifier iPhone15,4.",
    "GPU driver 552.44, CUDA 12.4.131, cuDNN 8.9.7.29.",
    "Timeout is 30000 ms; retry backoff 250, 500, 1000, 2000 ms.",
    "Max upload size 104857600 bytes (100 MiB).",
    "Epoch seconds 1717430400 and milliseconds 1717430400123 are mixed up in the CSV export.",
    "Invoice total: net 1,037.45 EUR + 19 % VAT 197.12 EUR = 1,234.57 EUR.",
    "Exit code 137 (OOMKilled), restart count 14.",
    "Ticket number format: INC0012345 (ServiceNow), CHG0004711 for changes.",
    "Ubuntu 22.04.4 LTS, kernel 5.15.0-107-generic.",
    "Postgres 16.3 on port 5432, PgBouncer on 6432.",
    "ISO 8601 duration PT1H30M; cron `*/15 * * * *`.",
    "Semantic version 1.0.0-alpha.1+exp.sha.5114f85 sorts before 1.0.0.",
    "KB5039211 fixes the printing issue; installed on 312 of 340 clients.",
    "ORA-12541: TNS:no listener on port 1521.",
    "SQLSTATE 23505: duplicate key value violates unique constraint \"orders_pkey\".",
    "The load test ran 250,000 requests at 1,200 rps; error rate 0.04 %.",
    "Q3 FY2024 revenue report is generated on day 5 at 06:00.",
    "Listen 0.0.0.0:443 and 0.0.0.0:80; metrics on 127.0.0.1:9100 only.",
    "发票号码 04412345，开票日期 2024-06-03，金额 ¥1,280.00（测试环境）。",
    "배포 버전 3.2.1 (빌드 20240603.7), 응답 시간 평균 120ms, 최대 2.3s.",
]

# --- 5. role and team addresses ---------------------------------------------------------------

ROLES = [
    "Billing Team (billing.team@example.com) owns the invoice templates.",
    "Please contact IT Helpdesk <it.helpdesk@example.org> for VPN certificates.",
    "Notifications come from noreply@example.com; replies are discarded.",
    "Security team: security@example.com (PGP key on the intranet page).",
    "DMARC aggregate reports go to dmarc-reports@example.com.",
    "Alertmanager sends to oncall-platform@example.net and posts in #alerts-prod.",
    "Support Desk (support@example.org), Montag bis Freitag 8–18 Uhr.",
    "Service client : service.client@example.org, réponse sous 48 h.",
    "Equipo de Soporte <soporte@example.com> atiende las incidencias P1 las 24 horas.",
    "Equipe de Infraestrutura (infra@example.com) aprova as mudanças de firewall.",
    "経理部 <accounting@example.com> に請求書テンプレートの確認を依頼しました。",
    "고객지원팀 <support-kr@example.com> 으로 문의해 주세요.",
    "财务部邮箱 finance@example.com，仅用于发票相关问题。",
    "Jira notifications are sent as Jira <jira-noreply@example.com>.",
    "postmaster@example.com bounce: 550 5.1.1 mailbox unavailable.",
    "Abuse reports: abuse@example.net (monitored by the NOC).",
    "The From header must be `Shop <no-reply@example.com>`, not the SMTP login.",
    "`git config user.email ci-bot@example.com` is set in the runner image.",
    "Build mails come from Jenkins <jenkins@ci.example.com>.",
    "Dependabot opened 12 PRs as dependabot[bot]; reviewers: @platform-team.",
    "Release announcements go to releases@example.org and the #releases channel.",
    "Data Protection Office <privacy@example.com> must approve the new retention period.",
]

# --- 6. words with digits ---------------------------------------------------------------------

DIGIT_WORDS = [
    "Runs on python3.12 in ubuntu22 images; files are utf8, attachments base64.",
    "Hashes: sha256 for checksums, argon2 for passwords, md5 only for ETag compatibility.",
    "IPv6 and HTTP2 are enabled on the ingress; http3 is still experimental.",
    "log4j 1.x is end of life; the audit found log4j2 2.17.1 in three services.",
    "The k8s cluster upgrade from 1.28 to 1.29 is planned for Q3.",
    "Remaining win10 clients (37) must move to Windows11 before 2025-10-14.",
    "The covid19 dashboard is archived; the index pattern covid19-* can be dropped.",
    "FY2024 budget review in room 204, slides in the sprint42 folder.",
    "node18 reaches EOL; migrate the lambdas to node20 and target es2022.",
    "Office365 licenses: 120 E3, 15 E5.",
    "Test devices: iPhone15, Galaxy S24, Pixel 8a, iPad Air M2.",
    "Windows11 23H2, Office365 version 2405 (build 17628.20144).",
    "Base images: alpine3.20, debian12-slim, ubuntu22.04.",
    "Collation utf8mb4_0900_ai_ci instead of utf8_general_ci.",
    "x86_64 vs arm64/aarch64 builds; the amd64 image is 142 MB.",
    "IE11 is no longer supported; the ES5 bundle was removed.",
    "The sha1 in the old URL scheme was replaced by sha256 digests.",
    "pbkdf2_sha256 with 600000 iterations for legacy accounts, argon2id for new ones.",
    "We support TLS1.2 and TLS1.3 only; SSLv3 and TLS1.0 are disabled.",
    "Role names: admin, admin2 (legacy), readonly, auditor.",
    "OAuth2 / OIDC login with PKCE S256.",
    "AES256 at rest, TLS 1.3 in transit.",
    "Die Umstellung auf Windows11 und Office365 ist für Q4 geplant; Raum 204 ist gebucht.",
    "Python3.12 と Node18 の環境で再現します。文字コードは UTF8 です。",
    "k8s 클러스터 1.29 업그레이드는 3분기(Q3)에 진행합니다.",
    "测试机型：iPhone15、Galaxy S24、小米14；系统版本 Android 14。",
    "Migración de win10 a Windows11 antes del Q2 de FY2025.",
    "Les postes en win10 passent à Windows11 ; Office365 reste en canal mensuel.",
    "Instalar o python3-venv no ubuntu22 antes de rodar o script.",
    "Teams: team1 (backend), team2 (frontend), qa3 (test automation).",
]

# --- 7. ordinary ticket prose -------------------------------------------------------------------

PROSE = [
    """Steps to reproduce:
1. Open https://shop.staging.example.com/login
2. Enter a valid username and a wrong password three times
3. Click "Forgot password?"

Expected: the reset page opens.
Actual: HTTP 500, see the stack trace below.""",
    """java.lang.IllegalStateException: PasswordEncoder not configured
	at com.example.shop.auth.LoginService.authenticate(LoginService.java:87)
	at com.example.shop.auth.LoginController.login(LoginController.java:42)
	at org.springframework.web.servlet.FrameworkServlet.service(FrameworkServlet.java:885)
	at java.base/java.lang.Thread.run(Thread.java:1583)""",
    """Traceback (most recent call last):
  File "/srv/app/shop/auth/tokens.py", line 58, in refresh
    payload = decode(token, key=settings.JWT_PUBLIC_KEY, algorithms=["RS256"])
  File "/srv/app/venv/lib/python3.12/site-packages/jwt/api_jwt.py", line 210, in decode
    raise ExpiredSignatureError("Signature has expired")
jwt.exceptions.ExpiredSignatureError: Signature has expired""",
    "2024-06-03 14:22:31.412  WARN 1 --- [nio-8080-exec-3] c.e.shop.auth.LoginService : Invalid "
    "password for user id 48213 (attempt 3/5)",
    "2024-06-03T14:22:31.412Z ERROR [pool-2-thread-1] o.h.engine.jdbc.spi.SqlExceptionHelper - "
    "FATAL: password authentication failed for user \"app\"",
    "Jun  3 02:14:05 web01 sshd[48213]: Failed password for invalid user admin from 127.0.0.1 "
    "port 51234 ssh2",
    """server:
  port: 8080
  shutdown: graceful
spring:
  datasource:
    url: jdbc:postgresql://db:5432/shop
    username: app
    password: ${DB_PASSWORD}
  jpa:
    open-in-view: false
auth:
  password-min-length: 12
  token-ttl: 3600""",
    """{
  "name": "shop-api",
  "port": 8080,
  "auth": {"passwordMinLength": 12, "tokenTtlSeconds": 3600, "hash": "argon2id"},
  "features": {"passwordless": false, "sso": true}
}""",
    """SELECT u.id, u.created_at, u.password_changed_at
FROM users u
WHERE u.password_changed_at < now() - interval '365 days'
  AND u.locked = false
ORDER BY u.password_changed_at
LIMIT 500;""",
    """| Field | Type | Required | Notes |
|---|---|---|---|
| username | string | yes | 3-64 chars |
| password | string | yes | min 12, never logged |
| token | string | no | set by the server |""",
    """h2. Rollback plan
# Scale shop-api to 0
# Restore the snapshot from 2024-06-03 02:00
# Deploy 2.14.0 again ({{helm rollback shop 41}})
# Check the password reset flow manually""",
    """{code:bash}
kubectl -n shop rollout status deploy/shop-api --timeout=300s
kubectl -n shop logs deploy/shop-api --since=10m | grep -i token
{code}""",
    """Schritte zur Reproduktion:
1. Mit einem Testkonto anmelden
2. Unter „Profil“ das Passwort ändern
3. Abmelden und mit dem neuen Passwort erneut anmelden

Erwartet: Anmeldung klappt.
Tatsächlich: Fehlermeldung „Ungültiges Passwort“.""",
    """Étapes pour reproduire :
1. Ouvrir la page de connexion
2. Cliquer sur « Mot de passe oublié ? »
3. Saisir l'adresse du compte de test

Résultat attendu : un e-mail de réinitialisation.
Résultat obtenu : rien n'est envoyé, erreur 429 dans les logs.""",
    """Pasos para reproducir:
1. Iniciar sesión con una cuenta de prueba
2. Ir a Ajustes > Seguridad > Cambiar contraseña
3. Guardar

Resultado esperado: mensaje de confirmación.
Resultado actual: la página se queda cargando (timeout 30 s).""",
    """Passos para reproduzir:
1. Acessar o portal pelo Safari 17
2. Informar usuário e senha válidos
3. Clicar em Entrar

Esperado: painel inicial.
Atual: volta para a tela de login sem mensagem de erro.""",
    """再現手順:
1. テスト用アカウントでログインする
2. 設定 > セキュリティ > パスワード変更 を開く
3. 新しいパスワードを入力して保存する

期待結果: 変更完了のメッセージが表示される
実際の結果: 500 エラーが表示される""",
    """复现步骤：
1. 使用测试账号登录
2. 打开 设置 > 安全 > 修改密码
3. 输入新密码并保存

预期结果：提示修改成功
实际结果：页面报错 500""",
    """재현 절차:
1. 테스트 계정으로 로그인
2. 설정 > 보안 > 비밀번호 변경
3. 새 비밀번호 입력 후 저장

기대 결과: 변경 완료 메시지
실제 결과: 500 오류""",
    "Acceptance criteria: the password never appears in logs, traces, crash reports or analytics "
    "events; the unit test scans the log output for the test value.",
    "Root cause: the ingress forwarded the Authorization header twice, so the token check failed "
    "for every second request.",
    "Workaround until 2.14.2: restart the pod after rotating the secret, the app does not reload "
    "it yet.",
    "Definition of Done: tests green, docs updated, no secrets in the diff (pre-commit gitleaks "
    "hook passes).",
    "The mobile app stores the refresh token in the Keychain (iOS) and EncryptedSharedPreferences "
    "(Android).",
    "Confluence page \"Onboarding: Access\" lists which groups get VPN, Vault and Jira access; "
    "credentials are handed out by the service desk.",
    "Incident timeline (UTC): 02:14 alert fired, 02:16 on-call acknowledged, 02:31 cache flushed, "
    "02:40 resolved.",
    """WARN  [main] o.s.b.a.s.s.UserDetailsServiceAutoConfiguration :

Using generated security password: <redacted in ticket>

This generated password is for development use only.""",
    """apiVersion: v1
kind: Secret
metadata:
  name: db-credentials
  namespace: shop
type: Opaque
stringData:
  username: app
  password: "" # filled by external-secrets from Vault""",
    """[client]
user = backup
# password is read from ~/.my.cnf.d/backup.cnf on the host, not from this file
host = 127.0.0.1
port = 3306""",
    "Die Bestellung mit der Nummer 100045873 wurde doppelt abgebucht; Ursache war ein Retry nach "
    "Timeout (30 s).",
    "Le service d'authentification renvoie 401 quand l'horloge du conteneur dérive de plus de 5 "
    "minutes.",
    "El job nocturno de importación falla desde la versión 2.14.0 por un cambio en el formato de "
    "fecha (ISO 8601).",
    "O deploy de sexta-feira foi revertido; a versão 2.14.1 volta na segunda após o teste de carga.",
    "本番環境のデプロイは 2024-06-05 22:00 JST に実施します。メンテナンス時間は 30 分です。",
    "生产环境发布窗口：2024-06-05 22:00（北京时间），预计 30 分钟。",
    "운영 배포는 2024-06-05 22:00 KST에 진행하며 약 30분 소요됩니다.",
]


# --- generated lines ------------------------------------------------------------------------

THREADS = ["main", "http-nio-8080-exec-{n}", "pool-{m}-thread-{n}", "scheduling-1",
           "kafka-consumer-{n}", "reactor-http-epoll-{n}", "ForkJoinPool.commonPool-worker-{n}"]
LOGGERS = ["c.e.shop.auth.LoginService", "c.e.shop.auth.TokenService", "c.e.shop.order.OrderService",
           "c.e.shop.jobs.PasswordExpiryJob", "com.zaxxer.hikari.pool.HikariPool",
           "o.s.b.w.embedded.tomcat.TomcatWebServer", "c.e.shop.config.SecretReloader"]


def log_message():
    """One log message that mentions passwords, tokens, keys or numbers, without values."""
    templates = [
        lambda: f"Login failed for user id {digits(5)}: invalid password (attempt {rng.randint(1, 5)}/5)",
        lambda: f"Password reset requested for account id {digits(6)}, mail queued with template reset_v2",
        lambda: f"Token refreshed for session {uuid4()}, expires_in=3600",
        lambda: f"API key validation failed: unknown key prefix (request_id={uuid4()})",
        lambda: f"Connection to 127.0.0.1:{rng.choice([5432, 6379, 9092, 27017])} refused, retrying "
                f"in {rng.choice([250, 500, 1000, 2000])} ms",
        lambda: f"HikariPool-1 - Connection is not available, request timed out after "
                f"{rng.randint(20000, 30000)}ms.",
        lambda: f"Order {digits(9)} processed in {rng.randint(12, 900)} ms",
        lambda: f"Cache miss ratio {rng.randint(1, 40)}.{rng.randint(0, 9)}% over the last 5m",
        lambda: f"Scheduled job passwordExpiryReminder finished: {rng.randint(0, 400)} reminders queued",
        lambda: f"Secret db-credentials reloaded from /var/run/secrets/app (resourceVersion "
                f"{digits(7)})",
        lambda: f"Bearer token missing in request GET /api/v2/orders/{digits(9)}",
        lambda: f"Started ShopApplication in {rng.randint(5, 40)}.{rng.randint(100, 999)} seconds",
        lambda: f"Tomcat started on port(s): {rng.choice([8080, 8081, 9090])} (http) with context path ''",
        lambda: f"Rate limit exceeded for api key id {digits(4)} ({rng.randint(600, 2000)} req/min)",
        lambda: f"Password policy v2 applied to {rng.randint(100, 9000)} accounts, "
                f"{rng.randint(0, 50)} flagged for change at next login",
        lambda: f"JWKS refreshed, {rng.randint(2, 4)} keys, kid={hexstr(16)}",
    ]
    return rng.choice(templates)()


def log_line():
    level = rng.choice(["INFO", "WARN", "ERROR", "DEBUG"])
    thread = rng.choice(THREADS).format(n=rng.randint(1, 12), m=rng.randint(1, 4))
    ts = timestamp()
    ms = rng.randint(0, 999)
    msg = log_message()
    style = rng.randrange(4)
    if style == 0:
        return f"{ts}.{ms:03d} {level:>5} 1 --- [{thread[-15:]:>15}] {rng.choice(LOGGERS)} : {msg}"
    if style == 1:
        return f"{ts},{ms:03d} - shop.auth - {level.replace('WARN', 'WARNING')} - {msg}"
    if style == 2:
        iso = ts.replace(" ", "T") + f".{ms:03d}Z"
        return json.dumps({"ts": iso, "level": level.lower(), "thread": thread,
                           "logger": rng.choice(LOGGERS), "msg": msg}, ensure_ascii=False)
    day, clock = int(ts[8:10]), ts[11:]
    return f"Jun {day:2d} {clock} web0{rng.randint(1, 4)} shop[{digits(5)}]: {level} {msg}"


def release_line():
    v = semver()
    commit = hexstr(40)
    build = f"2024060{rng.randint(1, 9)}.{rng.randint(1, 20)}"
    summary = rng.choice([
        "password reset mail uses the new template",
        "token refresh no longer races with logout",
        "API key rotation endpoint added",
        "minimum password length raised to 12",
        "order export handles 1,000,000+ rows",
        "fixed N+1 query in the order list",
        "upgraded log4j2 to 2.23.1",
        "Argon2 parameters moved to config",
    ])
    style = rng.randrange(3)
    if style == 0:
        return f"Release {v} ({build}): commit {commit}, {summary}."
    if style == 1:
        return f"v{v}+build.{build.replace('.', '-')} tagged from {commit[:12]} ({summary})"
    return f"Merged PR #{rng.randint(1000, 4999)} into release/{v.rsplit('.', 1)[0]} as {commit[:7]}: {summary}"


def deploy_line():
    digest = hexstr(64)
    env = rng.choice(["staging", "production", "qa"])
    style = rng.randrange(3)
    if style == 0:
        return (f"Deployed registry.example.com/shop/api@sha256:{digest} to {env}, rollout id "
                f"{uuid4()}.")
    if style == 1:
        return (f"Image pinned by digest in values-{env}.yaml: `image: registry.example.com/shop/web"
                f"@sha256:{digest}`")
    return f"Correlation id {uuid4()} / trace id {hexstr(32)}, environment {env}, status 502."


def order_line():
    style = rng.randrange(8)
    if style == 0:
        return f"订单号 {digits(18, '2')} 状态为“已支付”，但库存未扣减。"
    if style == 1:
        return f"주문번호 {digits(16, '2')} 결제 완료 후 주문 상태가 변경되지 않습니다."
    if style == 2:
        return f"注文番号 {digits(12, '1')} の出荷ステータスが更新されません（倉庫コード W{digits(3)}）。"
    if style == 3:
        return f"Bestellnummer {digits(10)} steht seit {rng.randint(2, 9)} Tagen auf „In Bearbeitung“."
    if style == 4:
        return f"La commande n° {digits(8)} a été facturée deux fois (montant {rng.randint(10, 999)},{rng.randint(10, 99)} €)."
    if style == 5:
        return f"El pedido {digits(8)} figura como enviado pero el seguimiento devuelve 404."
    if style == 6:
        return f"O pedido {digits(9)} ficou preso na fila de faturamento por {rng.randint(2, 59)} minutos."
    return f"Order {digits(9)}: payment captured at {timestamp()} UTC, shipment created {rng.randint(2, 50)} s later."


def metrics_line():
    style = rng.randrange(4)
    if style == 0:
        return (f"Build {digits(5)} on runner-{rng.randint(1, 9)}: {rng.randint(900, 4000)} tests, "
                f"{rng.randint(0, 5)} failed, duration {rng.randint(3, 25)}m{rng.randint(0, 59):02d}s.")
    if style == 1:
        return (f"Epoch {1717000000 + rng.randint(0, 900000)}{rng.randint(0, 999):03d} in the event "
                f"stream is milliseconds, the consumer parsed it as seconds.")
    if style == 2:
        return (f"Artifact shop-{semver()}.tar.gz, {rng.randint(10, 900)}.{rng.randint(0, 9)} MB, "
                f"sha256 {hexstr(64)}")
    return (f"PROJ-{rng.randint(1000, 9999)} blocked by OPS-{rng.randint(1000, 9999)}; "
            f"estimate {rng.randint(1, 13)} SP, sprint {rng.randint(40, 48)}.")


def fingerprint_line():
    host = rng.choice(["bastion.staging.example.net", "git.example.com", "build.example.net"])
    return (f"Host key for {host} changed after the rebuild (OPS-{rng.randint(4000, 4999)}): new "
            f"ED25519 fingerprint {fingerprint()}.")


GENERATED = (
    [log_line() for _ in range(6)]
    + [release_line() for _ in range(2)]
    + [deploy_line() for _ in range(2)]
    + [order_line() for _ in range(4)]
    + [metrics_line() for _ in range(1)]
    + [fingerprint_line() for _ in range(1)]
)


# --- output ---------------------------------------------------------------------------------


def main():
    texts = SHELL + ABOUT_PASSWORDS + CODE + NUMBERS + ROLES + DIGIT_WORDS + PROSE + GENERATED
    duplicates = {t for t in texts if texts.count(t) > 1}
    if duplicates:
        raise SystemExit(f"duplicate lines: {sorted(duplicates)}")
    emails = re.compile(r"[\w.+\-\[\]]+@([\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,})\b")
    for text in texts:
        for domain in emails.findall(text):
            if not re.search(r"(^|\.)example\.(com|org|net)$", domain):
                raise SystemExit(f"non-reserved domain {domain!r} in {text!r}")
    for text in texts:
        for run in re.findall(r"(?<!\d)\d{13,19}(?!\d)", text):
            if luhn_valid(run):
                raise SystemExit(f"Luhn-valid digit run {run} in {text!r}")
    with open(OUTPUT, "w", encoding="utf-8") as out:
        for number, text in enumerate(texts, 1):
            line = {"id": f"benign-{number:05d}", "text": text, "people": [], "spans": []}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(texts)} lines written to {OUTPUT}")


if __name__ == "__main__":
    main()
