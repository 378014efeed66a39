//! The fixed set of detectors, as data: each one a pattern that locates candidates and a check
//! that accepts them, gathered into the groups that are searched in one pass each.

use super::*;

/// A vendor credential found by its format alone.
pub(super) const fn vendor(name: &'static str, pattern: &'static str) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check: check_token,
        retry_inside: false,
    }
}

/// A vendor credential with its own check.
pub(super) const fn vendor_with(name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check,
        retry_inside: false,
    }
}

/// A password (or another secret scored as one) with its own check; the search does not look
/// again inside a match its check rejects.
pub(super) const fn password(pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern,
        check,
        retry_inside: false,
    }
}

/// A password whose rejected match may hold another detector's match: the search goes on
/// inside it.
pub(super) const fn password_retried(pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::Password,
        name: "password",
        pattern,
        check,
        retry_inside: true,
    }
}

/// A vendor credential found by the key it is assigned to: retried inside a rejected match,
/// whose value the generic `password` pattern may still take.
pub(super) const fn assigned(name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind: PiiKind::ApiKey,
        name,
        pattern,
        check,
        retry_inside: true,
    }
}

/// A detector of personal data: short patterns, retried inside a rejected candidate.
pub(super) const fn pii(kind: PiiKind, name: &'static str, pattern: &'static str, check: Check) -> Detector {
    Detector {
        kind,
        name,
        pattern,
        check,
        retry_inside: true,
    }
}

/// The separator of an assignment (`=`, `:`, `=>`, `:=`), with optional quotes and blanks
/// around it.
macro_rules! sep {
    () => {
        r#"["']?[ \t]*(?:=>|:=|[:=])[ \t]*["']?"#
    };
}

/// Key blocks, JWTs and the big clouds' and GitHub's credentials. Like every group of vendor
/// formats, its patterns start with literals, few enough for a SIMD prefilter (Teddy) to carry
/// the pass; a format needs no more than its prefix and a length to be found, so repetition
/// counts are kept small (they cost compile time on every request).
pub(super) const SECRETS_CLOUD: &[Detector] = &[
    Detector {
        kind: PiiKind::PrivateKey,
        name: "private_key",
        pattern: r"-----BEGIN[ A-Z0-9]{0,40}PRIVATE KEY(?: BLOCK)?-----",
        check: check_private_key,
        retry_inside: false,
    },
    Detector {
        kind: PiiKind::Jwt,
        name: "jwt",
        pattern: r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*",
        check: check_jwt,
        retry_inside: false,
    },
    vendor(
        "api_key/aws",
        r"(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}",
    ),
    vendor(
        "api_key/gcp",
        r"AIza[0-9A-Za-z_-]{35}|GOCSPX-[0-9A-Za-z_-]{24,}",
    ),
    vendor_with(
        "api_key/azure",
        r"[?&]sig=[A-Za-z0-9%+/=_-]{16,}",
        check_sas_signature,
    ),
    vendor(
        "api_key/github",
        r"gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,}",
    ),
];

/// GitLab and Stripe credentials.
pub(super) const SECRETS_DEVOPS: &[Detector] = &[
    vendor(
        "api_key/gitlab",
        concat!(
            r"glpat-[A-Za-z0-9_.-]{20,}|glptt-[0-9a-f]{20,}|gldt-[A-Za-z0-9_-]{20,}",
            r"|glrt-[A-Za-z0-9_.-]{20,}|glcbt-[A-Za-z0-9]{1,5}_[A-Za-z0-9_-]{20,}",
            r"|glft-[A-Za-z0-9_-]{20,}|glimt-[A-Za-z0-9_-]{20,}|glagent-[A-Za-z0-9_-]{20,}",
            r"|gloas-[A-Za-z0-9_-]{20,}|glsoat-[A-Za-z0-9_-]{20,}|glffct-[A-Za-z0-9_-]{20,}",
            r"|GR1348941[A-Za-z0-9_-]{20,}",
        ),
    ),
    vendor(
        "api_key/stripe",
        r"(?:sk|rk)_(?:live|test|prod)_[A-Za-z0-9]{10,}|whsec_[A-Za-z0-9]{20,}",
    ),
];

/// Slack, SendGrid, npm and PyPI credentials. A Slack webhook is replaced whole, scheme and all.
pub(super) const SECRETS_MESSAGING: &[Detector] = &[
    vendor(
        "api_key/slack",
        concat!(
            r"xox[abposre]-[0-9]{1,13}-[A-Za-z0-9-]{8,}|xox[abposre]-[A-Za-z0-9]{8,}",
            r"|xoxe\.xox[bp]-[0-9]-[A-Za-z0-9]{20,}|xapp-[0-9]-[A-Za-z0-9-]{10,}",
        ),
    ),
    vendor_with(
        "api_key/slack",
        r"hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9+/_-]{20,}",
        check_webhook,
    ),
    vendor(
        "api_key/sendgrid",
        r"SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",
    ),
    vendor("api_key/npm", r"npm_[A-Za-z0-9]{36}"),
    vendor("api_key/pypi", r"pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{20,}"),
];

/// AI vendors' and SaaS credentials. Anthropic's `sk-ant-` comes before OpenAI's `sk-`, so at one
/// position Anthropic wins.
pub(super) const SECRETS_SAAS: &[Detector] = &[
    vendor(
        "api_key/anthropic",
        r"sk-ant-(?:api|admin|oat|sid)[0-9]{2}-[A-Za-z0-9_-]{20,}",
    ),
    vendor(
        "api_key/openai",
        r"sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9]{32,}",
    ),
    vendor("api_key/atlassian", r"ATATT3[A-Za-z0-9_=-]{32,}"),
    vendor("api_key/shopify", r"shp(?:at|ss|ca|pa)_[a-fA-F0-9]{32}"),
    vendor(
        "api_key/huggingface",
        r"hf_[A-Za-z0-9]{30,}|api_org_[A-Za-z0-9]{30,}",
    ),
    vendor("api_key/digitalocean", r"do[opr]_v1_[a-f0-9]{32,}"),
    vendor(
        "api_key/doppler",
        r"dp\.(?:pt|st|ct|sa|scim|audit)\.[A-Za-z0-9]{32,}",
    ),
];

/// Chat, hosting and payment credentials. A Discord webhook is replaced whole, scheme and all.
pub(super) const SECRETS_PLATFORMS: &[Detector] = &[
    vendor_with(
        "api_key/mailgun",
        r"(?:pub)?key-[0-9a-f]{32}",
        check_mailgun_key,
    ),
    vendor_with(
        "api_key/discord",
        r"(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/[0-9]{17,20}/[A-Za-z0-9_-]{32,}",
        check_webhook,
    ),
    vendor_with(
        "api_key/discord",
        r"Bot [MNO][A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{20,}",
        check_discord_bot_header,
    ),
    vendor_with(
        "api_key/telegram",
        r"/bot[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
        check_telegram_url,
    ),
    vendor("api_key/heroku", r"HRKU-AA[0-9A-Za-z_-]{32,}"),
    vendor(
        "api_key/square",
        r"sq0(?:atp|csp)-[0-9A-Za-z_-]{22,}|EAAA[A-Za-z0-9_-]{40,}",
    ),
    vendor("api_key/linear", r"lin_api_[A-Za-z0-9]{32,}"),
    vendor("api_key/postman", r"PMAK-[a-f0-9]{16,}-[a-f0-9]{16,}"),
];

/// Observability, infrastructure and other vendors' credentials.
pub(super) const SECRETS_INFRA: &[Detector] = &[
    vendor("api_key/databricks", r"dapi[a-f0-9]{32}(?:-[0-9])?"),
    vendor("api_key/vault", r"hv[sb]\.[A-Za-z0-9_-]{24,}"),
    vendor("api_key/pulumi", r"pul-[a-f0-9]{32,}"),
    vendor(
        "api_key/grafana",
        r"glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2}",
    ),
    vendor(
        "api_key/sentry",
        r"sntryu_[a-f0-9]{32,}|sntrys_eyJ[A-Za-z0-9+/=_]{32,}",
    ),
    vendor(
        "api_key/dynatrace",
        r"dt0c01\.[A-Za-z0-9]{16,}\.[A-Za-z0-9]{32,}",
    ),
    vendor(
        "api_key/sendinblue",
        r"xkeysib-[a-f0-9]{32,}-[A-Za-z0-9]{16}",
    ),
    vendor("api_key/rubygems", r"rubygems_[a-f0-9]{32,}"),
    vendor(
        "api_key/planetscale",
        r"pscale_(?:tkn|oauth|pw)_[A-Za-z0-9_=.-]{32,}",
    ),
];

/// More vendors' credentials.
pub(super) const SECRETS_MORE: &[Detector] = &[
    vendor("api_key/shippo", r"shippo_(?:live|test)_[a-fA-F0-9]{32,}"),
    vendor("api_key/perplexity", r"pplx-[A-Za-z0-9]{32,}"),
    vendor("api_key/notion", r"ntn_[A-Za-z0-9]{32,}"),
    vendor("api_key/groq", r"gsk_[A-Za-z0-9]{32,}"),
    vendor("api_key/docker", r"dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}"),
    vendor(
        "api_key/age",
        r"AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{32,}",
    ),
    vendor("api_key/alibaba", r"LTAI[A-Za-z0-9]{20}"),
    vendor(
        "api_key/newrelic",
        r"NRAK-[A-Z0-9]{27}|NRII-[A-Za-z0-9-]{32}",
    ),
    // A license key ends in `NRAL` after 36 hex digits, a Terraform Cloud token has 14 letters
    // and digits before `.atlasv1.`: the patterns start at the literal (a pattern starting with
    // a class would take the group's prefilter away), and the checks read what comes before.
    vendor_with("api_key/newrelic", r"NRAL", check_newrelic_license_key),
    vendor("api_key/1password", r"ops_eyJ[A-Za-z0-9+/]{40,}={0,3}"),
    vendor_with("api_key/terraform", r"\.atlasv1\.[A-Za-z0-9_=-]{60,70}", check_terraform_token),
];

/// Twilio's account SID (`AC` + 32 lowercase hex) and API key (`SK…`, only where the text
/// mentions Twilio): their two-letter prefixes get a pass of their own, which names after a
/// courtesy title share.
pub(super) const SECRETS_TWILIO: &[Detector] = &[
    vendor("api_key/twilio", r"AC[0-9a-f]{32}"),
    vendor_with("api_key/twilio", r"SK[0-9a-fA-F]{32}", check_twilio_key),
    // An API key's secret or the account's auth token, named in prose after the key
    // (`SID SK…, Secret RupX…`, `secret wVqz…, auth token 5eb8…`, `the twilio token 1ok3…`).
    // Retried inside when rejected: after `a twilio credential` may stand the key's id itself.
    Detector {
        kind: PiiKind::ApiKey,
        name: "api_key/twilio",
        pattern: r"(?:secret|Secret|SECRET|auth token|Auth token|Auth Token|AUTH TOKEN|(?:twilio|Twilio|TWILIO)[ \t]+(?:token|Token|TOKEN|credential|Credential)|authToken|auth_token|AUTH_TOKEN)(?:[ \t]+|[ \t]*[:=][ \t]*)[A-Za-z0-9]{32}",
        check: check_twilio_secret,
        retry_inside: true,
    },
    // A person's name after a courtesy title, in the languages whose titles are not also common
    // words (see [`check_titled_name`]). Searched in this group because both start with a
    // short literal and this group's triggers (`ac`, `sk`) are in nearly every text: a group of
    // its own, triggered by every `ms` of a log's durations, cost a tenth of the throughput of
    // ticket-like text in wasm.
    Detector {
        kind: PiiKind::Person,
        name: "person",
        pattern: concat!(
            r"(?:Mr|Mrs|Ms|Mx|Dr|Prof|Herr|Frau|Mme|Mlle|Sra|Srta|Sig\.ra|Sig|Dott\.ssa|Dott|Dhr|Mevr|Mnr|Mev|Smt|Shri)\.? ",
            r"|(?:г-н|г-жа|Г-н|Г-жа) ",
        ),
        check: check_titled_name,
        retry_inside: false,
    },
];

/// Cloud secrets recognised by the key they are assigned to. Every pattern of the assignment
/// groups starts with a literal key word (in lower, capitalised and upper case); a check that
/// rejects the value lets the scan retry inside the match, where the generic `password` pattern
/// may find it.
pub(super) const ASSIGNED_CLOUD_SECRETS: &[Detector] = &[
    assigned(
        "api_key/aws",
        concat!(
            r"(?:aws|AWS|Aws)[A-Za-z0-9_.-]{0,24}(?:secret|Secret|SECRET)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9/+]{20,}",
        ),
        check_aws_secret,
    ),
    assigned(
        "api_key/aws",
        concat!(
            r"(?:secret_access_key|SecretAccessKey|secretAccessKey|SECRET_ACCESS_KEY)",
            sep!(),
            r"[A-Za-z0-9/+]{20,}",
        ),
        check_aws_secret,
    ),
    assigned(
        "api_key/azure",
        concat!(
            r"(?:AccountKey|accountKey|account_key|ACCOUNT_KEY|storage_key|StorageKey|STORAGE_KEY",
            r"|azure|Azure|AZURE)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9+/]{40,}==",
        ),
        check_assigned_token,
    ),
    // An Azure storage account key given to the `az` command line (`--account-key …==`), or
    // as the portal names an account's two keys (`key1 = …==`).
    assigned("api_key/azure", r"--account-key[ \t=]+[A-Za-z0-9+/]{86}==", check_azure_account_key),
    assigned("api_key/azure", r"(?:key1|key2|Key1|Key2)[ \t]*[=:][ \t]*[A-Za-z0-9+/]{86}==", check_azure_account_key),
];

/// SaaS secrets recognised by the key they are assigned to.
pub(super) const ASSIGNED_SAAS_SECRETS: &[Detector] = &[
    assigned(
        "api_key/datadog",
        concat!(
            r"(?:datadog|Datadog|DATADOG|DD_API|DD_APP|dd_api|dd_app)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[a-f0-9]{20,}",
        ),
        check_datadog_key,
    ),
    assigned(
        "api_key/heroku",
        concat!(
            r"(?:heroku|Heroku|HEROKU)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[0-9a-fA-F]{8}-[0-9a-fA-F-]{20,}",
        ),
        check_assigned_uuid,
    ),
    assigned(
        "api_key/twilio",
        concat!(
            r"(?:twilio|Twilio|TWILIO)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[A-Za-z0-9]{20,}"
        ),
        check_assigned_length::<32, 34>,
    ),
    assigned(
        "api_key/discord",
        concat!(
            r"(?:discord|Discord|DISCORD)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[MNO][A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{20,}",
        ),
        check_discord_assignment,
    ),
    assigned(
        "api_key/telegram",
        concat!(
            r"(?:telegram|Telegram|TELEGRAM)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
        ),
        check_assigned_token,
    ),
    assigned(
        "api_key/mailchimp",
        concat!(
            r"(?:mailchimp|Mailchimp|MailChimp|MAILCHIMP)[A-Za-z0-9_.-]{0,24}",
            sep!(),
            r"[a-f0-9]{20,}-us[0-9]{1,2}",
        ),
        check_assigned_length::<35, 36>,
    ),
];

/// Atlassian API tokens assigned to a `jira` / `confluence` / `atlassian` key: a group of its
/// own, because those words are in most of this product's tickets.
pub(super) const ASSIGNED_ATLASSIAN_TOKENS: &[Detector] = &[assigned(
    "api_key/atlassian",
    concat!(
        r"(?:jira|Jira|JIRA|confluence|Confluence|CONFLUENCE|atlassian|Atlassian|ATLASSIAN)",
        r"[A-Za-z0-9_.-]{0,24}",
        sep!(),
        r"[A-Za-z0-9]{20,}",
    ),
    check_assigned_length::<24, 24>,
)];

/// Generic secrets: a `Bearer` or `Basic` credential, a value assigned to a key that says
/// password (in English and in the languages tickets here are written in: `Passwort`,
/// `mot de passe`, `contraseña`, `senha`, …), secret, token, credentials or key
/// (`db_password=…`, `"apiKey": "…"`, `Password=…;` in a connection string), the password of
/// `curl -u`, `mysql -p…`, a command's password flag, a Wi-Fi QR text or a `.pgpass` line, or a
/// password a sentence gives after its word. Each detector's check says which values count.
pub(super) const PASSWORDS: &[Detector] = &[
    password(r"(?:Bearer|bearer|BEARER)[ \t]+[A-Za-z0-9._~+/-]{16,}=*", check_bearer),
    password(r"(?:Basic|basic|BASIC)[ \t]+[A-Za-z0-9+/]{8,}={0,2}", check_basic_auth),
    // A registry login of a Docker `config.json`: `"auth": "<base64 of user:password>"`.
    password(r#""auth"[ \t]*:[ \t]*"[A-Za-z0-9+/]{8,}={0,2}""#, check_docker_auth),
    password(
        concat!(
            r"(?:[Pp]ass(?:word|wd|phrase|wort|ord)?|PASS(?:WORD|WD|PHRASE|WORT|ORD)?|[Pp]wd|PWD|_pw|_PW",
            r"|[Kk]ennwort|KENNWORT|[Mm]ot de passe|MOT DE PASSE|[Cc]ontraseña|CONTRASEÑA",
            r"|[Ss]enha|SENHA|[Ww]achtwoord|WACHTWOORD|[Hh]asło|HASŁO|[Ll]ösenord|LÖSENORD",
            r"|[Aa]dgangskode|ADGANGSKODE|[Ss]alasana|SALASANA",
            r"|Пароль|пароль|ПАРОЛЬ|[Hh]eslo|HESLO|(?:Şifre|şifre)(?:si|niz)?|ŞİFRE|[Jj]elszó|JELSZÓ|[Mm]ật khẩu",
            r"|[Ss]ecret|SECRET|[Tt]oken|TOKEN|[Cc]redentials?|CREDENTIALS?",
            r"|[Aa]pi[_-]?[Kk]ey|API[_-]?(?:KEY|Key)|[Aa]ccess[_-]?[Kk]ey|ACCESS[_-]?KEY",
            r"|[Pp]rivate[_-]?[Kk]ey|PRIVATE[_-]?KEY|[Aa]uth[_-]?[Kk]ey|AUTH[_-]?KEY|[Aa]uthtok|AUTHTOK",
            r"|[Ss]igning[_-]?[Kk]ey|SIGNING[_-]?KEY|psk|PSK|[Cc]ommunity|COMMUNITY",
            r"|[Pp]re[_-]?[Ss]hared[_-]?[Kk]ey|PRE[_-]?SHARED[_-]?KEY)",
            r"(?:[_.-]?[A-Z][A-Za-z0-9]*|[_.-][A-Za-z0-9]+){0,4}",
            // An assignment, or the value of an XML setting (`key="ApiSecret" value="…"`).
            r#"(?:"#,
            sep!(),
            r#"|["'][ \t]+value[ \t]*=[ \t]*["']"#,
            // A key and value pair of JSON (`{"key": "clientSecret", "value": "…"}`, Postman).
            r#"|["'],[ \t]*["']value["'][ \t]*:[ \t]*["'])"#,
            r"[!#-%(-+\--:=?-_a-~]+",
        ),
        check_password,
    ),
    password(
        r#"(?:-u|--user)(?:[ \t]+|=)["']?[!#-&(-+\--9;=?-~]{1,64}:[!#-&(-+\--~]{1,128}"#,
        check_curl_user,
    ),
    // A flag of another command may be an assignment the password detector above takes
    // (`mysql --password=…`): the search goes on inside it.
    password_retried(
        r#"[ \t](?:-[apwPU]|--pass(?:word)?|--user)(?:[ \t]+|=)["']?[!#-&(-~]{1,128}"#,
        check_command_password,
    ),
    // After the flags' detector, which takes `-p=…` and `-p …` where they are passwords.
    password(r#"[ \t]-p["']?[!#-&(-~]{6,}"#, check_mysql_password),
    // From the port on: PostgreSQL's, PgBouncer's or any (`*`); a pattern that started at the
    // host name would be tried at every word and cost a quarter of the throughput.
    password(r":(?:5432|5433|6432|\*):[!-9;-~]+:[!-9;-~]+:[!-~]+", check_pgpass_line),
    password(r"WIFI:", check_wifi_password),
    // Whole literals: `net` alone (`internet`, `.net`) would stop the group's prefilter often.
    password(r"(?:net use|NET USE|Net use|Net Use)[ \t]", check_net_use_password),
    // Oracle's thin JDBC URL puts `user/password@` after its prefix.
    password(
        r"jdbc:oracle:thin:[A-Za-z0-9_$#.-]{1,64}/[!-.0-?A-~]{1,128}@",
        check_oracle_thin_password,
    ),
    // npm's `_auth` setting: the base64 of `user:password`.
    password(r"_auth[ \t]*=[ \t]*[A-Za-z0-9+/]{8,}={0,2}", check_npm_auth),
    // The text of an XML password element (`<wsse:Password Type="…#PasswordText">…</wsse:Password>`,
    // `<password>…</password>`).
    // The pattern starts at the name, so that the group keeps its literal prefixes (a `<`
    // alone is too short for the prefix scan); the check reads the `<` and namespace before.
    password(
        r#"(?:[Pp]assword|PASSWORD)(?:[ \t][ -;=?-~]*)?>[ -;=?-~]{1,128}</"#,
        check_xml_password,
    ),
    // A meeting's passcode or a device's PIN after its word (`Passcode: 448120`, `PIN 4821`,
    // `Kenncode: 771203`).
    password(
        r"(?:[Pp]asscode|PASSCODE|PIN(?:[ -]?[Cc]ode|-CODE)?|[Kk]enncode|KENNCODE)[ \t]*(?:[:=]|is)?[ \t]*[0-9]{4,10}",
        check_pin,
    ),
    // A password a reply gives without naming it ("reset it to Admin123!", "changed them to
    // …"): only a word written as passwords are; see [`check_reset_to`].
    password(
        r"(?:[Rr]eset|[Cc]hanged|[Rr]otated|[Ss]et) (?:it|them) (?:back )?to[ \t]+[!-~]{6,64}",
        check_reset_to,
    ),
    // A password word without an assignment after it: the value is looked for in the words
    // that follow ("the wifi password for the room is Gast-WLAN#7731"); see
    // [`check_password_nearby`]. Listed last, so an assignment at the same place wins.
    password(
        concat!(
            r"[Pp]ass(?:word|wort|ord|wd|phrase)|PASS(?:WORD|WORT|ORD|WD|PHRASE)|[Kk]ennwort|KENNWORT",
            r"|[Mm]ot de passe|MOT DE PASSE|[Cc]ontraseña|CONTRASEÑA|[Ss]enha|SENHA|[Ww]achtwoord",
            r"|WACHTWOORD|[Hh]asło|HASŁO|[Ll]ösenord|LÖSENORD|[Aa]dgangskode|ADGANGSKODE|[Ss]alasana",
            r"|SALASANA|[Cc]lave|CLAVE|[Ss]torepass|[Kk]eypass|[Pp]alavra-passe|PALAVRA-PASSE",
            r"|パスワード|暗証番号|密码|密碼|비밀번호",
            r"|Пароль|пароль|ПАРОЛЬ|[Hh]eslo|HESLO|(?:Şifre|şifre)(?:si|niz)?|ŞİFRE|[Jj]elszó|JELSZÓ|[Mm]ật khẩu",
        ),
        check_password_nearby,
    ),
];

/// Password words of more languages (Indonesian, Malay, Swahili, Romanian (and Gagauz's
/// `parolası`), Arabic, Hindi,
/// Thai, Hebrew, Persian, Urdu, Bengali, Tamil, Amharic, Greek, Croatian, Serbian, Lithuanian,
/// Icelandic, Welsh, Irish, Catalan, Afrikaans, Zulu, Mongolian, Georgian), read as
/// [`check_password_nearby`] reads the others. A group of their own: in the password group,
/// their prefixes would pass the number the prefix scan takes, and the whole group would fall
/// back to a regex search of every byte.
pub(super) const MORE_PASSWORD_WORDS: &[Detector] = &[password(
    concat!(
        r"[Kk]ata [Ss]andi|KATA SANDI|[Kk]ata [Ll]aluan|KATA LALUAN|[Nn]enosiri|NENOSIRI|[Pp]arol(?:a|ă)(?:s(?:ı|i))?|PAROL(?:A|Ă)",
        r"|كلمة المرور|كلمة السر|पासवर्ड|รหัสผ่าน|סיסמה|סיסמא",
        r"|رمز عبور|پاس ورڈ|পাসওয়ার্ড|கடவுச்சொல்|የይለፍ ቃል|(?:κ|Κ)ωδικ(?:ός|ό) πρόσβασης|პაროლი",
        r"|[Ll]ozink(?:a|u|e)|LOZINKA|(?:л|Л)озинк(?:а|у|е)|[Ss]laptažod(?:is|į|žio)|SLAPTAŽODIS|[Ll]ykilorð|LYKILORÐ",
        r"|[Cc]yfrinair|CYFRINAIR|[Pp]asfhocal|PASFHOCAL|[Cc]ontrasenya|CONTRASENYA|[Ww]agwoord|WAGWOORD",
        r"|[Ii]phasiwedi|IPHASIWEDI|(?:н|Н)ууц үг",
    ),
    check_password_nearby,
)];

/// The keys that hold a webhook's or a message signature's shared secret without a password
/// word in them (`adyen.hmacKey=…`, `CKO_WEBHOOK_AUTH=…`, `HMAC_SECRET: …`); see
/// [`check_signing_secret`].
pub(super) const SIGNING_SECRETS: &[Detector] = &[password(
    concat!(
        r"(?:[Hh]mac|HMAC|[Ww]ebhook|WEBHOOK)(?:[_.-]?[A-Z][A-Za-z0-9]*|[_.-][A-Za-z0-9]+){0,4}",
        sep!(),
        r"[!#-%(-+\--:=?-_a-~]+",
    ),
    check_signing_secret,
)];

/// Password words of yet more languages (Telugu, Kannada, Malayalam, Gujarati, Punjabi, Sinhala,
/// Armenian, Khmer, Basque, Galician, Latvian, Estonian, Slovene, Bulgarian, Hausa, Yoruba, and
/// the later ones the pattern's comments name),
/// read as [`check_password_nearby`] reads the others; a group of their own for the reason
/// [`MORE_PASSWORD_WORDS`] has one. The Indic words are written with or without the
/// zero-width non-joiner that shapes their conjunct.
pub(super) const REGIONAL_PASSWORD_WORDS: &[Detector] = &[password(
    concat!(
        "పాస్\u{200C}వర్డ్|పాస్వర్డ్|ಪಾಸ್\u{200C}ವರ್ಡ್|ಪಾಸ್ವರ್ಡ್|പാസ്\u{200C}വേഡ്|പാസ്വേഡ്|પાસવર્ડ|ਪਾਸਵਰਡ",
        r"|මුරපදය|գաղտնաբառ|Գաղտնաբառ|ពាក្យសម្ងាត់",
        // Latvian `parole` only before its colon: Italian "words", English "parole".
        r"|[Pp]asahitz|PASAHITZ|[Cc]ontrasinal|CONTRASINAL|[Pp]arole:|PAROLE:|[Ss]alasõna|SALASÕNA",
        r"|[Gg]eslo|GESLO|(?:п|П)арола|ПАРОЛА|[Kk]almar sirri|KALMAR SIRRI|Ọ̀rọ̀ aṣínà|ọ̀rọ̀ aṣínà",
        // Javanese, Faroese, Azerbaijani, Albanian, Kinyarwanda, Somali, Uzbek (`parol`, not
        // Italian `parole`), Luxembourgish, Malagasy; Pashto, Sorani, Odia, Assamese, Tigrinya,
        // Lao, Kazakh, Burmese.
        r"|[Tt]embung sandhi|[Ll]oyniorð|LOYNIORÐ|(?:şifrə|Şifrə)(?:si|niz|n)?|ŞİFRƏ|[Ff]jalëkalim(?:i|in)?|FJALËKALIM",
        r"|[Ii]jambo ry'ibanga|[Ee]rayga sirta|[Pp]arol(?:i|ingiz|ni)?|PAROL|[Pp]asswuert|PASSWUERT|[Tt]eny miafina",
        r"|پټنوم|وشەی نهێنی|ପାସୱାର୍ଡ|পাছৱৰ্ড|መሕለፊ ቃል|ລະຫັດຜ່ານ|құпиясөз(?:і)?|Құпиясөз(?:і)?|စကားဝှက်",
        // Tatar, Kyrgyz, Turkmen, Romansh, Māori, Samoan, West Frisian, Breton, Igbo, Shona,
        // Sesotho, Quechua, Haitian Creole, Tajik, Uyghur, Tibetan.
        r"|(?:с|С)ерсүз(?:е|ем)?|(?:с|С)ырсөз(?:ү)?|[Aa]çar sözi?|[Pp]led-clav|[Kk]upuhipa|[Uu]pu fa(?:'|’)alilo|[Ww]achtwurd",
        r"|[Gg]er-tremen|[Oo]kwuntughe|[Pp]asiwedhi|[Pp]hasewete|[Pp]akasqa simi(?:nqa)?|[Mm]odpas|(?:р|Р)амзи|پارول(?:ى|ي)?|གསང་གྲངས",
        // Chuvash, Bashkir, Sundanese, Friulian, Guarani, Occitan, Upper Sorbian, Manx, Tongan,
        // Tok Pisin, Dzongkha, Corsican and Sardinian (`chjave`, `crae`: the Wi-Fi's "key"),
        // Wolof, Aymara, White Hmong, Nahuatl.
        r"|(?:в|В)ӑрттӑн сӑмах|(?:с|С)ерһүҙ(?:ө)?|[Kk]ecap konci|[Pp]eraule clâf|(?:ñ|Ñ)e(?:ʼ|')ẽñemi|[Mm]ot de passa|[Hh]esło|HESŁO",
        r"|[Ff]ockle follit|[Ll]ea fufū|[Pp]aswot|PASWOT|གསང་ཚིག|[Cc]hjave|crae|[Bb]aatu-jàll|[Jj]amasat aru|[Ll]us zais|[Ii]chtacatlahtolli",
        // Kʼicheʼ, Ladino and Papiamento, Kabyle, Sakha, Fijian, Ilocano, Sgaw Karen, Yiddish (with
        // or without its vowel points), Shan, Hawaiian, Northern Sami, Greenlandic, Walloon, Sindhi,
        // Lingala, Oromo, Limburgish.
        r"|[Ee]wal [Tt]zij|[Kk]ontrase(?:ny|ñ)a|KONTRASE(?:NY|Ñ)A|[Aa]wal [Uu]ffir|(?:к|К)истэлэҥ тыл|[Vv]osa [Vv]uni|[Ss]ekreto a [Bb]alikas",
        r"|တၢ်ကတိၤခူသူၣ်|פּאַראָל|פאראל|ၵႂၢမ်းလပ်ႉ|(?:ʻ|')?(?:Ō|ō)lelo huna|[Bb]eassansátni|[Ii]sissutissaq|[Mm]ot d(?:'|’|ʼ) ?passe",
        r"|پاسورڊ|[Ll]iloba ya [Ss]ekele|[Jj]echa [Dd]arbii|[Ww]achwaord|WACHWAORD",
        // Low German, Mauritian Creole, Tetum, Dhivehi, Bambara, Chechen, Ossetian, Chichewa,
        // Bislama (and English's misspelling), Krio, Setswana, Twi, Tahitian, Luganda, Yucatec
        // Maya, Chamorro.
        r"|[Pp]asswoort|PASSWOORT|[Mm]o(?:-| )de(?:-| )pas|[Ll]iafuan-xave|ޕާސްވޯޑް|[Gg]undo daɲɛ|(?:к|К)ъайладош|(?:с|С)усæг дзырд",
        r"|[Mm]awu achinsinsi|[Pp]asword|PASWORD|[Pp]aswɔd|[Ll]efoko la sephiri|[Aa]hintasɛm|[Pp]arau huna|[Ee]kigambo ky(?:'|’)ekyama",
        r"|[Uu] t(?:ʼ|')aanil ookol|[Ss]ekretu na fino(?:ʼ|')",
        // Aragonese, Mirandese, Sicilian, Scots, Rusyn, Buryat, Abkhaz, Balochi, Konkani,
        // Santali (Ol Chiki), Newar, Ewe, Kapampangan, Rarotongan, Xitsonga.
        r"|[Cc]lau d(?:'|’)acceso|[Pp]alabra-passe|[Pp]alora d(?:'|’)accessu|[Pp]asswird|PASSWIRD|(?:г|Г)есло|(?:н|Н)юуса үгэ",
        r"|(?:а|А)маӡа ажәа|رازی گال|गुपीत उतर|ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ|सुलाःगु खँग्वः|[Nn]ya ɣaɣla|[Aa]manung lihim|[Kk]upu muna|[Pp]hasiwedi",
        // A wireless network's key (`WPA2 key X`, `Wi-Fi key for SIN-WH1 is X`).
        r"|(?:WPA[23]?|Wi-?Fi|WIFI|[Ww]ifi|WLAN) [Kk]ey",
    ),
    check_password_nearby,
),
    // A wireless network's name and, after a comma, a labelled value, in any language
    // (`Wi-Fi ya klînîka Amedê: MVG-Staff, şîfre: Marigold.Sorrel-188`); see
    // [`check_wifi_labelled_value`].
    password(
        r"(?:Wi-?Fi|WIFI|[Ww]ifi|WLAN)(?u:[^\n:]){0,80}:[ \t]*[!-+\--9;-~]{1,32},[ \t]*(?u:[^\n:,]){1,40}:[ \t]*[!-~]{8,64}",
        check_wifi_labelled_value,
    ),
];

/// Secrets after the words or commands that name them, where no assignment does: what a tool
/// printed on the next line for a password, secret or token it was asked for (`terraform output
/// -raw …password`, `vault kv get -field=password …` or `vault read`, `gcloud secrets versions
/// access …`; see [`check_printed_secret`]), and a random key or token after its word in prose
/// (`cloud key XHmSqy4wb5Tq…`, `the API key is …`, `token: …`; see [`check_key_in_prose`]). A
/// group of its own, with triggers: `key` and `token` are common words, and in the password
/// group these prefixes would be too many for the shared prefix scan.
pub(super) const SECRETS_AFTER_THEIR_WORDS: &[Detector] = &[
    password(
        concat!(
            r"(?:terraform output (?:-raw |-json )?[A-Za-z0-9_]*(?:password|secret|token)[A-Za-z0-9_]*",
            r"|vault (?:kv get|read) (?:-[a-z-]+=[!-~]+ )*-field=[A-Za-z0-9_-]*(?:password|passwd|secret|token)(?: [!-~]+){0,3}",
            r"|gcloud secrets versions access [!-~]+(?: [!-~]+){0,3})",
            r"[ \t]*\r?\n[!-~]{6,128}",
        ),
        check_printed_secret,
    ),
    password(
        r"(?:[Kk]ey|KEY|[Tt]oken|TOKEN)(?:[ \t]*[:=][ \t]*|[ \t]+(?:is[ \t]+|was[ \t]+)?)[A-Za-z0-9+/_=-]{16,128}",
        check_key_in_prose,
    ),
];

/// A label of its own before a value on a wireless network's line, in any language or script
/// (`Biro Wi-Fi gom-solgre: aS^eJFDk__DU1Or`, `ዋይፋይ ቃል ምስጢር፡ …`); see
/// [`check_wifi_line_label`]. A group of its own: its match runs from the Wi-Fi word over the
/// whole line, where a password word's match (in [`REGIONAL_PASSWORD_WORDS`]) may stand too
/// (`qonaq Wi-Fi şifrəsi Konark_kobuleti-4723, … şifrə: …`).
pub(super) const WIFI_LINE_LABELS: &[Detector] = &[password(
    r"(?:Wi-?Fi|WIFI|[Ww]ifi|WLAN|وائی ?فائی|وای ?فای|ዋይፋይ|ߥߌߝߌ)(?u:[^\n]){0,80}(?::|፡)[ \t]+[!-~]{8,64}",
    check_wifi_line_label,
)];

/// The base64 of `scheme://` for the schemes whose URLs carry credentials (`amqps://`,
/// `postgres://`, `redis://`, …), up to the last whole three bytes: how such a URL's base64
/// starts, as a Kubernetes Secret's `data` holds it.
pub(super) const BASE64_URL_SCHEMES: &[&str] = &[
    "YW1xcHM6", "YW1xcDov", "cG9zdGdyZXM6", "cG9zdGdyZXNxbDov", "bXlzcWw6", "cmVkaXM6", "cmVkaXNzOi8v", "bW9uZ29kYjov", "bW9uZ29kYitzcnY6",
    "aHR0cHM6", "aHR0cDov", "c210cDov", "c210cHM6", "a2Fma2E6", "bmF0czov", "c2Z0cDov", "ZnRwOi8v",
];

/// A URL with a user and a password, encoded in base64 (a Kubernetes Secret's `AMQP_URL:
/// YW1xcHM6Ly9…`): the whole value is the secret, see [`check_base64_url_credentials`].
pub(super) const BASE64_URL_CREDENTIALS: &[Detector] = &[password(
    concat!(
        "(?:YW1xcHM6|YW1xcDov|cG9zdGdyZXM6|cG9zdGdyZXNxbDov|bXlzcWw6|cmVkaXM6|cmVkaXNzOi8v|bW9uZ29kYjov|bW9uZ29kYitzcnY6",
        "|aHR0cHM6|aHR0cDov|c210cDov|c210cHM6|a2Fma2E6|bmF0czov|c2Z0cDov|ZnRwOi8v)[A-Za-z0-9+/]{12,1024}={0,2}",
    ),
    check_base64_url_credentials,
)];

/// Accepts a base64 value, not part of a longer one, that decodes to a URL whose authority has
/// a user and a password that is no variable (`amqps://loyalty_rw:lMYM…@mq…`).
pub(super) fn check_base64_url_credentials(text: &str, found: Range<usize>) -> Option<Accept> {
    if byte_before(text, found.start).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/')) {
        return None;
    }
    let decoded = String::from_utf8(BASE64_STANDARD.decode(&text[found.clone()]).ok()?).ok()?;
    let (_, rest) = decoded.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    let (credentials, _) = authority.rsplit_once('@')?;
    let (user, password) = credentials.split_once(':')?;
    (!user.is_empty() && !password.is_empty() && !is_reference(password)).then_some(Accept::plain(found))
}

/// Passwords that administrators' tools take or print: PowerShell's
/// `ConvertTo-SecureString '…' -AsPlainText`, an LDIF's `unicodePwd::` or `userPassword::`
/// (the base64 of the password), SQL*Plus's `sqlplus user/password@db` (and Data Pump's), Oracle's
/// EZConnect `user/password@//host`, and the first user's password in the
/// `"RegisteredUsers": { "user": "password" }` of Orthanc's configuration; settings given as a
/// name and a value, passwords after an account's label (`local admin: …`, `temp pw …`),
/// one-time-password seeds, and network devices' secrets. (One group, so one
/// pass over a text for all of them.)
pub(super) const ADMIN_TOOL_SECRETS: &[Detector] = &[
    password(
        r"ConvertTo-SecureString|convertto-securestring|CONVERTTO-SECURESTRING",
        check_secure_string,
    ),
    password(r"(?:unicodePwd|userPassword):: ?[A-Za-z0-9+/]{4,512}={0,2}", check_ldif_password),
    password(
        r"(?:sqlplus|expdp|impdp) +(?:-[A-Za-z]+ +)*[A-Za-z][A-Za-z0-9_$#]{0,63}/[!-.0-?A-~]{1,128}",
        check_oracle_login,
    ),
    password(r"@//", check_ezconnect_password),
    // Python's HTTP basic or digest auth, a user and a password as literals
    // (`requests.post(url, auth=("svc", "Giqq@8bln9P+g50"))`, `HTTPBasicAuth("svc", "…")`).
    password(
        r#"(?:auth=\(|auth = \(|HTTPBasicAuth\(|HTTPDigestAuth\()[ \t]*["'][ !#-&(-~]{1,64}["'][ \t]*,[ \t]*["'][ !#-&(-~]{1,128}["']"#,
        check_auth_pair,
    ),
    password(
        r#""RegisteredUsers"\s*:\s*\{\s*"[A-Za-z0-9_.@-]{1,64}"\s*:\s*"[ !#-\[\]-~]{1,256}""#,
        check_registered_user,
    ),
    password(r#""result"\s*:\s*"[ !#-\[\]-~]{1,256}""#, check_random_password),
    // A setting given as a name and a value (`{"key":"AuthorizationKey","value":"…"}`, a
    // container's `env` list: `- name: DB_PASSWORD` / `value: …`), when the name names a secret.
    password(
        concat!(
            r#"\{ ?"(?:key|name|Key|Name)"[ \t]*:[ \t]*"[A-Za-z0-9_.-]{1,64}"[ \t]*,[ \t]*"(?:value|Value)"[ \t]*:[ \t]*"[ !#-\[\]-~]+""#,
            r#"|- name:[ \t]*["']?[A-Za-z0-9_.-]{1,64}["']?[ \t]*\r?\n[ \t]*value:[ \t]*[!-~][ -~]*"#,
        ),
        check_named_value,
    ),
    // A password given after the account it opens or a short word for it, without a password
    // word: `local admin is uGdn#…`, `softphone admin: nhX9…`, `temp pw tb.g0x…`.
    // A word after `admin` that is no password may start another of the group's commands
    // (`admin snmp-server community …`, `admin otp seed …`).
    password_retried(
        r"(?:[Aa]dmin(?:istrator)?|ADMIN|[ \t(\n]pw|[ \t(\n]PW)(?:[ \t]*[:=][ \t]*| is[ \t]+|[ \t]+)[!-~]{1,80}",
        check_labelled_password,
    ),
    // A conda channel's token in its URL's path (`https://conda.example.org/t/ab-<uuid>/channel`,
    // anaconda.org's form): the path's `/t/` part is the token. (Not in the URL credentials'
    // group: that group's one pattern is found by the `://` inside it, and a second pattern
    // there stopped that search, which cut redaction to a tenth of its speed.)
    password(
        r"/t/[a-z]{2}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/",
        check_conda_token,
    ),
    // A salt that an application keeps secret beside its passwords (`$salt = '…'`, Moodle's
    // `passwordsaltmain`, Shibboleth's `idp.persistentId.salt`), read as a password's
    // assignment is. (Here rather
    // than among the password words: that group's literal prefixes are at the shared scan's
    // limit.)
    password(
        concat!(r"(?:[Ss]alt|SALT)[a-z]*[0-9]*(?:[_.-]?[A-Z][A-Za-z0-9]*|[_.-][A-Za-z0-9]+){0,4}", sep!(), r"[!#-%(-+\--:=?-_a-~]+"),
        check_salt,
    ),
    // A key an application keeps in base64 behind a `base64:` prefix (Laravel's
    // `APP_KEY=base64:…`), when the setting's name ends in `key`.
    password(r"base64:[A-Za-z0-9+/]{32,512}={0,2}", check_base64_prefixed_key),
    // A one-time-password generator's seed (base32), named or in an `otpauth://` URL.
    password(
        r"(?:TOTP|OTP|MFA|2FA|totp|otp|mfa) (?:seed|secret|key)[ \t]*[:=]?[ \t]*[A-Z2-7]{16,}|otpauth://[!-~]+?[?&]secret=[A-Z2-7]{16,}",
        check_otp_seed,
    ),
    // The commands of network devices' configurations that end with a secret (Cisco IOS and
    // ASA, Huawei VRP, Junos, FortiOS; see `devices`). Each starts with a literal of its own, so
    // the group stays in the shared prefix scan. Commands that prose writes too (`key …`,
    // `password 7 …`, `enable secret …`, `set password …`) are taken only at the start of a
    // line, with the indentation configurations give them.
    // `radius-server host 10.0.0.5 auth-port 1812 key 7 0822…`, `tacacs-server key …`.
    device(r"(?:radius|tacacs)-server [ -~]*?key (?:[07] |cipher |simple )?[!-~]+"),
    // ` key 0 …` in a `radius server NAME` or `tacacs server NAME` block.
    device(r"\n(?: | {2}| {3}| {4}|\t)key (?:[07] )?[!-~]+"),
    device(r"key-string (?:[07] )?[!-~]+"),
    device(r"snmp-server community [!-~]+"),
    // A v1 or v2c notification host's community (`snmp-server host 10.0.0.9 version 2c …`), and
    // net-snmp's `rocommunity …` / `rwcommunity …`.
    device(r"snmp-server host [!-~]+ (?:informs |traps )?version (?:1|2c) [!-~]+"),
    device(r"(?:ro|rw)community6? [!-~]+"),
    // net-snmp's tools take a v1 or v2c community after `-c` (`snmpwalk -v2c -c … host oid`).
    device(r"snmp(?:bulk)?(?:walk|get|getnext|set|table|trap) [ -~]*?-c ?[!-~]+"),
    // SNMPv3 users: the authentication and the privacy password.
    device(r"snmp-server user [!-~]+ [!-~]+ v3 (?:encrypted )?auth (?:md5|sha[0-9-]{0,4}) [!-~]+"),
    device(r"priv (?:des|3des|aes(?: (?:128|192|256))?) [!-~]+"),
    device(r"isakmp key (?:[06] )?[!-~]+"),
    device(r"pre-shared-key (?:(?:local|remote) )?(?:(?:ascii|hex|ascii-text|cipher|simple) )?(?:[067] )?[!-~]+"),
    device(r"pre-shared-key address [!-~]+ (?:[!-~]+ )?key (?:[06] )?[!-~]+"),
    device(r"username [!-~]+ (?:privilege [0-9]{1,2} )?(?:secret|password) (?:[0-9] )?[!-~]+"),
    device(r"\nenable (?:secret|password) (?:level [0-9]{1,2} )?(?:[0-9] )?[!-~]+"),
    device(r"\n(?: | {2}|\t)?password [0-9] [!-~]+"),
    device(r"wpa-psk (?:ascii|hex) (?:[07] )?[!-~]+"),
    // Huawei VRP: `local-user admin password irreversible-cipher …`, `snmp-agent community read cipher …`.
    device(r"local-user [!-~]+ password (?:cipher|irreversible-cipher|simple) [!-~]+"),
    device(r"snmp-agent community (?:read|write) (?:cipher |simple )?[!-~]+"),
    device(r"neighbor [!-~]+ password (?:[07] )?[!-~]+"),
    device(r"message-digest-key [0-9]{1,3} md5 (?:[07] )?[!-~]+"),
    device(r#"authentication-key (?:[07] )?(?:"[ !#-~]+"|[!-~]+)"#),
    // Junos keeps its secrets quoted: `secret "$9$…"`, `encrypted-password "$6$…"`.
    device(r#"(?:secret|encrypted-password|ascii-text) "[ !#-~]+""#),
    // strongSwan's `ipsec.secrets` (`10.0.0.1 10.0.0.2 : PSK "…"`), OpenWrt's UCI
    // (`option key '…'`).
    device(r#": (?:PSK|XAUTH|EAP) "[ !#-~]+""#),
    device(r"option (?:key|password|sae_password|auth_secret|acct_secret|priv_key_pwd) '[ -&(-~]+'"),
    // FortiOS, indented in its `config … / edit …` blocks: `set psksecret …`, `set password ENC …`.
    device(r"\n(?: {4}| {8}| {12}| {16})set (?:psksecret|passwd|password|secret|auth-pwd|priv-pwd|ppk-secret|passphrase) (?:ENC )?[!-~]+"),
];

/// A password of a network device's configuration, found by its command (see
/// [`check_device_secret`]).
const fn device(pattern: &'static str) -> Detector {
    password(pattern, check_device_secret)
}


/// A person's name after a label that asks for one's full name, in a form or a checklist
/// (`Full name: Jane Doe`, `Nombre completo:  Diego  Castellanos`, `שם מלא: …`); see
/// [`check_full_name`]. A label that only says "name" is not read: it names services, files
/// and projects as often.
pub(super) const FULL_NAME_LABELS: &[Detector] = &[Detector {
    kind: PiiKind::Person,
    name: "person",
    pattern: concat!(
        r"(?:[Ff]ull [Nn]ame|FULL NAME|[Nn]ombre [Cc]ompleto|NOMBRE COMPLETO|[Nn]ome [Cc]ompleto",
        r"|NOME COMPLETO|[Nn]om [Cc]omplet|NOM COMPLET|[Nn]ama [Pp]enuh|NAMA PENUH",
        r"|[Nn]ama [Ll]engkap|NAMA LENGKAP|[Jj]ina [Kk]amili|JINA KAMILI|[Ff]ulde [Nn]avn|FULDE NAVN",
        r"|[Ff]ullt [Nn]avn|FULLT NAVN|[Nn]umele [Cc]omplet|NUMELE COMPLET|[Nn]ume [Cc]omplet",
        r"|NUME COMPLET|[Bb]uong [Pp]angalan|BUONG PANGALAN|[Tt]eljes [Nn]év|TELJES NÉV",
        r"|[Vv]ollständiger [Nn]ame|VOLLSTÄNDIGER NAME|[Vv]olledige [Nn]aam|VOLLEDIGE NAAM",
        r"|[Ii]mię [Ii] [Nn]azwisko|IMIĘ I NAZWISKO|[Aa]d [Ss]oyad|AD SOYAD",
        r"|ПІБ|ФИО|الاسم الكامل|שם מלא|ชื่อ-นามสกุล|पूरा नाम)",
        r"[ \t]*:",
    ),
    check: check_full_name,
    retry_inside: false,
}];

/// A URL with a password in its user info; the scheme makes no difference (database URLs are
/// URLs too).
pub(super) const URL_CREDENTIALS: &[Detector] = &[Detector {
    kind: PiiKind::UrlCredentials,
    name: "url_credentials",
    // A `#` belongs in a password written by hand into a URL (`amqp://orders:Rmq#Ord3rs@mq`),
    // though a URL parser would take it for the fragment.
    pattern: r"[A-Za-z][A-Za-z0-9+.-]{0,30}://[!$-&(-.0-9;=A-Z^_a-z|~]*:[!#-&(-.0-:;=A-Z^_a-z|~]+@[A-Za-z0-9\[]",
    check: check_url_credentials,
    retry_inside: false,
}];

/// Telegram bot tokens outside URLs, found by the `:A` inside them (the regex crate searches
/// for an inner literal when a single pattern has no literal prefix).
pub(super) const TELEGRAM_TOKENS: &[Detector] = &[vendor(
    "api_key/telegram",
    r"[0-9]{5,16}:A[A-Za-z0-9_-]{30,}",
)];

/// Canvas LMS access tokens (`4892~` and 64 letters and digits: the issuing shard's number and
/// the token), found by the `~` inside them.
pub(super) const CANVAS_TOKENS: &[Detector] = &[password(
    r"[0-9]{4,5}~[A-Za-z0-9]{64}",
    check_canvas_token,
)];

/// Azure storage account keys standing alone (pasted into a comment with no name beside them):
/// 64 random bytes in base64, 86 characters and `==`, found by the `==`; see
/// [`check_bare_azure_key`].
pub(super) const AZURE_STORAGE_KEYS: &[Detector] = &[vendor_with("api_key/azure", r"[A-Za-z0-9+/]{86}==", check_bare_azure_key)];

/// Azure AD client secrets, found by the `Q~` inside them.
pub(super) const AZURE_AD_SECRETS: &[Detector] = &[vendor(
    "api_key/azure",
    r"[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34}",
)];

/// An email address with a dotted domain, also with letters outside ASCII (`josé@empresa.es`,
/// `user@bücher.de`). The `@` is what the prefilter looks for; any character outside ASCII may
/// be part of a candidate, and [`check_email`] keeps the letters and digits of it.
pub(super) const EMAIL: &[Detector] = &[Detector {
    kind: PiiKind::Email,
    name: "email",
    pattern: concat!(
        r"(?:[A-Za-z0-9_]|(?u:[^\x00-\x7F]))(?:[A-Za-z0-9._%+-]|(?u:[^\x00-\x7F]))*@",
        r"(?:(?:[A-Za-z0-9]|(?u:[^\x00-\x7F]))(?:(?:[A-Za-z0-9-]|(?u:[^\x00-\x7F]))*",
        r"(?:[A-Za-z0-9]|(?u:[^\x00-\x7F])))?\.)+(?:[A-Za-z]|(?u:[^\x00-\x7F])){2,}",
    ),
    check: check_email,
    retry_inside: false,
}];

/// An email address whose `@` is percent-encoded, as in a URL's query (`?email=jane%40example.com`).
/// A pattern of its own: in [`EMAIL`]'s, the alternative `@|%40` kept the regex crate from
/// searching for the `@` first and working outwards, which cost a quarter of the throughput.
pub(super) const PERCENT_EMAIL: &[Detector] = &[Detector {
    kind: PiiKind::Email,
    name: "email",
    pattern: concat!(
        r"[A-Za-z0-9_][A-Za-z0-9._+-]*%40",
        r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}",
    ),
    check: check_email,
    retry_inside: false,
}];

/// An AWS secret access key written right after its access key id, with no key word
/// (`AKIA…\n<40 characters>`, as people paste a key pair into a chat), or given to the AWS
/// command line. Its own group: the id's detector takes the id, this one the secret.
pub(super) const AWS_KEY_PAIRS: &[Detector] = &[
    Detector {
        kind: PiiKind::ApiKey,
        name: "api_key/aws",
        // After the id, or on the next line of the table Vault's AWS engine prints
        // (`access_key AKIA…` over `secret_key …`).
        // (Or after a word for it: `S3 key AKIA…, secret …`, Terraform's `access_key = "AKIA…"`
        // over `secret_key = "…"`.) An aside in brackets may stand between (`AKIA… (expires
        // Friday) Secret: …`, `AKIA… [prod] …`).
        pattern: r#"(?:AKIA|ASIA)[A-Z0-9]{16}(?:[ \t]*(?:\((?u:[^)\n]){0,80}\)|\[(?u:[^\]\n]){0,80}\]))?(?:[ \t\r\n,;:|'"/=]{1,8}(?:(?:and |and the )?(?:secret|Secret|SECRET)(?:[ _](?:access[ _])?key)?[ \t:="']{1,5})?|[ \t]*\r?\nsecret_key[ \t]+)[A-Za-z0-9/+]{40}"#,
        check: check_aws_secret_after_its_id,
        retry_inside: false,
    },
    // The AWS command line's own ways of taking one: `aws configure set aws_secret_access_key
    // …` and the prompt of `aws configure` (`AWS Secret Access Key [None]: …`); or prose that
    // names it (`an AWS credential …`, `the aws secret …`).
    Detector {
        kind: PiiKind::ApiKey,
        name: "api_key/aws",
        pattern: r"(?:aws_secret_access_key[ \t]+|Secret Access Key \[[ -\\^-~]{0,40}\]:[ \t]*|(?:aws|AWS|Aws)[ \t]+(?:credential|secret)[ \t]+)[A-Za-z0-9/+]{40}",
        check: check_aws_secret_after_its_id,
        retry_inside: false,
    },
];

/// Accepts the secret of an [`AWS_KEY_PAIRS`] match: 40 characters standing alone, with
/// capitals, small letters and digits, not written in words ([`reads_as_words`]).
pub(super) fn check_aws_secret_after_its_id(text: &str, found: Range<usize>) -> Option<Accept> {
    let secret = found.end - 40..found.end;
    let value = &text[secret.clone()];
    let mixed = mixes_cases_and_digits(value);
    let alone = !byte_at(text, found.end).is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'/' | b'+'));
    (mixed && alone && !reads_as_words(value)).then(|| check_token(text, secret)).flatten()
}

/// Whether `value` is written in words, as names and paths of names are
/// (`providerChainDefaultCredentialsProvider2`, `Kubernetes/ServiceAccount/Token/Prod2024`):
/// its runs of small letters are four letters long or more on average. A random key's are
/// one or two (`Vy3Sik9Pw9YxGz582MQ8…`).
pub(super) fn reads_as_words(value: &str) -> bool {
    let runs: Vec<usize> = value.split(|c: char| !c.is_ascii_lowercase()).map(str::len).filter(|&len| len > 0).collect();
    !runs.is_empty() && runs.iter().sum::<usize>() >= MIN_WORD_RUN_BYTES * runs.len()
}

/// The average length of its runs of small letters from which [`reads_as_words`] takes a
/// value for words.
const MIN_WORD_RUN_BYTES: usize = 4;

/// A user name and its password written as a pair (`admin / Dragon!$`); see
/// [`check_credential_pair`].
pub(super) const CREDENTIAL_PAIRS: &[Detector] = &[password(
    // From the ` / ` on, so the scan looks for that literal alone; the check reads the user name
    // before it.
    r" / [!-~]{6,64}",
    check_credential_pair,
)];

/// Accepts the password of a user name and password written as a pair, `user / password`: one
/// written as strong passwords are ([`looks_like_a_password`], at least eight characters:
/// `tmp-oncall / Gp#B?fmu4xKp4Km^Mqy`), or a weak one ([`is_weak_password`]: `admin /
/// Dragon!$`) where an account word comes shortly before on its line ("le compte … c'est
/// operateur / Fjord2024").
pub(super) fn check_credential_pair(text: &str, found: Range<usize>) -> Option<Accept> {
    let user_char = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'@' | b'-');
    let before = &text.as_bytes()[found.start.saturating_sub(MAX_PAIR_USER_BYTES + 1)..found.start];
    let user_len = before.iter().rev().take_while(|b| user_char(b)).count();
    let user = &before[before.len() - user_len..];
    let whole = user_len < before.len() || before.len() <= MAX_PAIR_USER_BYTES;
    let separated = before.len() == user_len || !matches!(before[before.len() - user_len - 1], b'/');
    if user_len < 2 || !user[0].is_ascii_alphabetic() || !whole || !separated {
        return None;
    }
    let start = found.start + " / ".len();
    // In a table's row, a pipe ends the cell (`|ACH routing / account|468380403 / …|`).
    let in_a_row = row_around(text, found.start).is_some_and(|(line, _)| text.as_bytes().get(line) == Some(&b'|'));
    let cell_end = if in_a_row { text[start..found.end].find('|').map_or(found.end, |pipe| start + pipe) } else { found.end };
    let value = text[start..cell_end].trim_end_matches(['.', ',', ';', ')', ':']);
    // `used_bytes / total_bytes*100;`: code dividing, not a pair.
    let arithmetic = value.as_bytes().windows(3).any(|w| w[1] == b'*' && (w[0].is_ascii_alphanumeric() || w[0] == b'_') && w[2].is_ascii_digit());
    let strong = value.len() >= 8 && looks_like_a_password(value) && !arithmetic;
    // A passphrase also after a user written as an address (`litsupport@firm.example / …`, a
    // login's) or a network's name after a Wi-Fi word (`the guest Wi-Fi is BFH-Guest / …`),
    // where it may be all small letters beside a name with a capital (not `staff-vlan /
    // guest-wifi-vlan-30`). A weak password (`Exchange2019`) needs an account word.
    let by_address = std::str::from_utf8(user).ok().and_then(|user| user.split_once('@')).is_some_and(|(_, domain)| is_mail_domain(domain));
    let small_letters = !value.bytes().any(|b| b.is_ascii_uppercase()) && user.iter().any(u8::is_ascii_uppercase);
    let weak = || {
        let before = context_before(text, found.start, ACCOUNT_CONTEXT_BYTES);
        let line = before.rsplit('\n').next().unwrap_or(before).to_lowercase();
        let words: Vec<&str> = line.split(|c: char| !c.is_alphanumeric()).collect();
        let announced = ACCOUNT_WORDS.iter().any(|word| if word.is_ascii() { words.contains(word) } else { line.contains(word) });
        let wifi = WIFI_WORDS.iter().any(|word| line.contains(word));
        let wifi_passphrase = small_letters && wifi && has_passphrase_parts(value) && !value.contains('.');
        ((is_weak_password(value) || is_word_passphrase(value)) && announced) || (is_word_passphrase(value) && (by_address || wifi)) || wifi_passphrase
    };
    (!is_reference(value) && (strong || weak())).then_some(Accept::plain(start..start + value.len()))
}

/// The longest user name of a `user / password` pair, in bytes.
pub(super) const MAX_PAIR_USER_BYTES: usize = 64;

/// How far before a `user / password` pair an account word is looked for, in bytes.
pub(super) const ACCOUNT_CONTEXT_BYTES: usize = 64;

/// Words that name a wireless network, before its name and passphrase written as a pair.
pub(super) const WIFI_WORDS: &[&str] = &["wi-fi", "wifi", "wlan", "ssid"];

/// Words that announce an account's user name and password, in the languages of the password
/// words: whole words of the lowercase text, or (Korean, Japanese, Chinese, written glued to
/// their neighbours) anywhere in it.
pub(super) const ACCOUNT_WORDS: &[&str] = &[
    "account", "login", "logon", "user", "username", "creds", "credential", "credentials",
    "compte", "identifiant", "identifiants", "cuenta", "usuario", "conta", "usuário", "konto",
    "zugang", "zugangsdaten", "benutzer", "benutzername", "anmeldung", "anmeldedaten", "accesso",
    "utente", "credenziali", "inloggning", "användare", "gebruiker", "gebruikersnaam", "계정",
    "アカウント", "ログイン", "账号", "帐号", "帳號",
];

/// Personal data in digits: cards, IBANs, SSNs, IPv4 addresses, MAC addresses written with
/// dashes and phone numbers, in priority order. Their candidates overlap (a card number is also
/// a run of digits a phone pattern takes), so where one is rejected the later patterns are tried
/// at the same start (see [`scan_alternatives`]). Every candidate holds at least
/// [`MIN_NUMBER_DIGITS`] digits, and starts at most [`MAX_DIGIT_GAP`] bytes before the first
/// (a MAC address may start with hex letters).
pub(super) const NUMBERS: &[Detector] = &[
    // A card number: contiguous, in groups of four (up to 19 digits; spaces, dashes or dots),
    // grouped 4-6-4/5 (Amex, Diners), 4-4-5 (13-digit Visa), read out in pairs (16 digits) or
    // digit by digit (a call's transcript).
    pii(
        PiiKind::CreditCard,
        "credit_card",
        concat!(
            r"\b(?:[0-9]{12,19}",
            r"|[0-9]{4}(?:[ .-][0-9]{4}){2}[ .-][0-9]{1,4}(?:[ -][0-9]{3})?",
            r"|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}|[0-9]{4}[ -][0-9]{4}[ -][0-9]{5}|[0-9]{2}(?: [0-9]{2}){7}",
            r"|[0-9](?: [0-9]){12,18}",
            // A GDS form of payment glues the card to `CC` and the brand's code (`FP CCVI4147…`).
            r"|CC[A-Z]{2}[0-9]{13,19})\b",
        ),
        check_card,
    ),
    // An IBAN from its check digits on (the check looks for the country code before them), then
    // up to 30 letters or digits with single spaces.
    pii(
        PiiKind::Iban,
        "iban",
        r"[0-9]{2}(?: ?[A-Z0-9]){11,30}",
        check_iban,
    ),
    // A US SSN: `123-45-6789`, or `123 45 6789` / `123456789` after a context word.
    pii(
        PiiKind::Ssn,
        "ssn",
        r"\b[0-9]{3}(?:-[0-9]{2}-| [0-9]{2} |[0-9]{2})[0-9]{4}\b",
        check_ssn,
    ),
    // Four dotted groups of one to three digits.
    pii(
        PiiKind::IpAddress,
        "ip_address",
        r"\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b",
        check_ipv4,
    ),
    // A MAC address written with dashes (six pairs of hex digits); with colons, see [`IPV6`].
    pii(
        PiiKind::MacAddress,
        "mac_address",
        r"[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}-[0-9A-Fa-f]{2}",
        check_mac,
    ),
    // A MAC address in Cisco's dotted form: three groups of four hex digits.
    pii(
        PiiKind::MacAddress,
        "mac_address",
        r"\b[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\b",
        check_dotted_mac,
    ),
    // A phone-number candidate: international (`+CC` or `00CC` then groups, parentheses allowed,
    // the area code perhaps inside the country code's: `(+992 37) 275-02-43`),
    // national in groups (optionally an area code in parentheses; a German switchboard's `-0`
    // at the end), or a bare run of digits;
    // [`check_phone`] decides.
    pii(
        PiiKind::Phone,
        "phone",
        concat!(
            r"(?:(?:(?:\+|\(\+)[0-9]{1,3}(?:[ ][0-9]{1,5}\))?|\b00[1-9][0-9]{0,2})\)?(?:(?:[ .-]?|[ ][/-][ ])(?:\([0-9]{1,4}\)|[0-9]{1,6})){1,6}",
            // An area code in parentheses, perhaps after the trunk prefix `8` of Russia, Belarus
            // and Kazakhstan (`8 (044) 206-85-54`).
            r"|(?:(?:\b8[ ]?)?\([0-9]{2,5}\)[ ]?|\b[0-9]{1,6}(?:[ ./-]|[ ]/[ ]))[0-9]{2,8}(?:[ ./-][0-9]{2,8}){0,4}(?:-[0-9])?",
            r"|\b[0-9]{7,15}",
            // Read out digit by digit (a call's transcript): only after a phone word.
            r"|\b[0-9](?: [0-9]){6,14})\b",
        ),
        check_phone,
    ),
];

/// IPv6 addresses: hex groups joined by at least two colons, perhaps ending in a dotted IPv4
/// address (the regex crate finds the `:` first and works outwards). A MAC address written with
/// colons has this shape too; [`check_ipv6`] reports it as one.
pub(super) const IPV6: &[Detector] = &[Detector {
    kind: PiiKind::IpAddress,
    name: "ip_address",
    pattern: r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,8}(?:\.[0-9]{1,3}){0,3}",
    check: check_ipv6,
    retry_inside: false,
}];

/// A set of fixed detectors searched in one pass.
pub(super) struct Group {
    /// The detectors; a match's pattern id is its index here.
    pub(super) detectors: &'static [Detector],
    /// Literals of which every match contains one (compared ignoring ASCII case): a short text
    /// without any skips the group, and its regex is never compiled for it.
    pub(super) triggers: &'static [&'static str],
    /// Whether candidates of different patterns overlap, so that where one is rejected the later
    /// patterns are tried at the same start ([`scan_alternatives`]).
    pub(super) alternatives: bool,
}

/// The groups of fixed detectors, in no particular order (overlaps are resolved afterwards).
pub(super) const GROUPS: [Group; 31] = [
    Group {
        detectors: SECRETS_CLOUD,
        triggers: &[
            "-----BEGIN",
            "eyJ",
            "A3T",
            "AKIA",
            "ASIA",
            "ABIA",
            "ACCA",
            "AGPA",
            "AIDA",
            "AIPA",
            "ANPA",
            "ANVA",
            "APKA",
            "AROA",
            "AIza",
            "GOCSPX-",
            "sig=",
            "ghp_",
            "gho_",
            "ghu_",
            "ghs_",
            "ghr_",
            "github_pat_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_DEVOPS,
        triggers: &[
            "glpat-",
            "glptt-",
            "gldt-",
            "glrt-",
            "glcbt-",
            "glft-",
            "glimt-",
            "glagent-",
            "gloas-",
            "glsoat-",
            "glffct-",
            "GR1348941",
            "sk_",
            "rk_",
            "whsec_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_MESSAGING,
        triggers: &["xox", "xapp-", "hooks.slack.com/", "SG.", "npm_", "pypi-"],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_SAAS,
        triggers: &["sk-", "ATATT3", "shp", "hf_", "api_org_", "_v1_", "dp."],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_PLATFORMS,
        triggers: &[
            "key-", "discord", "Bot ", "/bot", "HRKU-", "sq0", "EAAA", "lin_api_", "PMAK-",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_INFRA,
        triggers: &[
            "dapi",
            "hvs.",
            "hvb.",
            "pul-",
            "glsa_",
            "glc_",
            "sntry",
            "dt0c01.",
            "xkeysib-",
            "rubygems_",
            "pscale_",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_MORE,
        triggers: &[
            "shippo_",
            "pplx-",
            "ntn_",
            "gsk_",
            "dckr_",
            "AGE-SECRET-KEY-1",
            "LTAI",
            "NRAK-",
            "NRII-",
            "NRAL",
            "ops_eyJ",
            ".atlasv1.",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_TWILIO,
        triggers: &[
            "AC", "SK", "secret", "auth token", "authtoken", "auth_token", "twilio", "mr ", "mr.", "mrs ", "mrs.", "ms ", "ms.", "mx ", "mx.", "dr ", "dr.", "prof ", "prof.", "herr ",
            "frau ", "mme", "mlle", "sra ", "sra.", "srta", "sig ", "sig.", "dott", "dhr", "mevr", "mnr", "mev ", "mev.", "smt", "shri", "г-н", "г-жа",
            "Г-н", "Г-жа",
        ],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_CLOUD_SECRETS,
        triggers: &[
            "aws",
            "secret_access_key",
            "secretaccesskey",
            "accountkey",
            "account_key",
            "storage_key",
            "storagekey",
            "key1",
            "key2",
            "azure",
            "account-key",
        ],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_SAAS_SECRETS,
        triggers: &[
            "datadog",
            "dd_api",
            "dd_app",
            "heroku",
            "twilio",
            "discord",
            "telegram",
            "mailchimp",
        ],
        alternatives: false,
    },
    Group {
        detectors: ASSIGNED_ATLASSIAN_TOKENS,
        triggers: &["jira", "confluence", "atlassian"],
        alternatives: false,
    },
    Group {
        detectors: PASSWORDS,
        triggers: &[
            "bearer",
            "basic",
            "pass",
            "pwd",
            "_pw",
            "secret",
            "token",
            "credential",
            "api",
            "access",
            "private",
            "auth",
            "signing",
            "psk",
            "kennwort",
            "contraseña",
            "CONTRASEÑA",
            "senha",
            "wachtwoord",
            "hasło",
            "HASŁO",
            "lösenord",
            "LÖSENORD",
            "adgangskode",
            "salasana",
            "curl",
            "mysql",
            "ipmitool",
            "smbclient",
            "rpcclient",
            "smbmap",
            "docker",
            "podman",
            "nerdctl",
            "helm",
            "oc login",
            "az login",
            "redis-cli",
            "mongo",
            "ldap",
            "wget",
            "mariadb",
            "wifi:",
            "net use",
            "pin",
            "kenncode",
            "shared",
            "clave",
            "パスワード",
            "暗証番号",
            "密码",
            "密碼",
            "비밀번호",
            "пароль",
            "Пароль",
            "ПАРОЛЬ",
            "heslo",
            "şifre",
            "Şifre",
            "ŞİFRE",
            "jelszó",
            "JELSZÓ",
            "mật khẩu",
            "Mật khẩu",
            "jdbc:oracle:thin:",
            "terraform output",
            "_auth",
            "it to",
            "them to",
            "back to",
        ],
        alternatives: false,
    },
    Group {
        detectors: URL_CREDENTIALS,
        triggers: &["://"],
        alternatives: false,
    },
    Group {
        detectors: CREDENTIAL_PAIRS,
        triggers: &[" / "],
        alternatives: false,
    },
    Group {
        detectors: AWS_KEY_PAIRS,
        triggers: &["AKIA", "ASIA", "aws_secret_access_key", "secret access key", "aws credential", "aws secret"],
        alternatives: false,
    },
    Group {
        detectors: TELEGRAM_TOKENS,
        triggers: &[":A"],
        alternatives: false,
    },
    Group {
        detectors: AZURE_AD_SECRETS,
        triggers: &["Q~"],
        alternatives: false,
    },
    Group {
        detectors: AZURE_STORAGE_KEYS,
        triggers: &["=="],
        alternatives: false,
    },
    Group {
        detectors: CANVAS_TOKENS,
        triggers: &["~"],
        alternatives: false,
    },
    Group {
        detectors: EMAIL,
        triggers: &["@"],
        alternatives: false,
    },
    Group {
        detectors: MORE_PASSWORD_WORDS,
        triggers: &[
            "kata sandi", "kata laluan", "nenosiri", "parola", "parolă", "PAROLĂ", "كلمة المرور", "كلمة السر", "पासवर्ड", "รหัสผ่าน", "סיסמ",
            "رمز عبور", "پاس ورڈ", "পাসওয়ার্ড", "கடவுச்சொல்", "የይለፍ ቃል", "ωδικός πρόσβασης", "ωδικό πρόσβασης", "პაროლი", "lozink", "LOZINKA", "озинк",
            "slaptažod", "SLAPTAŽODIS", "lykilorð", "LYKILORÐ", "cyfrinair", "pasfhocal", "contrasenya", "wagwoord", "iphasiwedi", "ууц үг",
        ],
        alternatives: false,
    },
    Group {
        detectors: SIGNING_SECRETS,
        triggers: &["hmac", "webhook"],
        alternatives: false,
    },
    Group {
        detectors: REGIONAL_PASSWORD_WORDS,
        triggers: &[
            "పాస్", "ಪಾಸ್", "പാസ്", "પાસવર્ડ", "ਪਾਸਵਰਡ", "මුරපදය", "գաղտնաբառ", "Գաղտնաբառ", "ពាក្យសម្ងាត់", "pasahitz", "contrasinal", "parole",
            "salasõna", "SALASÕNA", "geslo", "арола", "АРОЛА", "kalmar sirri", "rọ̀ aṣínà",
            "tembung sandhi", "loyniorð", "LOYNIORÐ", "şifrə", "Şifrə", "ŞİFRƏ", "fjalëkalim", "FJALËKALIM", "ijambo ry'ibanga", "erayga sirta", "parol",
            "passwuert", "teny miafina", "پټنوم", "وشەی نهێنی", "ପାସୱାର୍ଡ", "পাছৱৰ্ড", "መሕለፊ ቃል", "ລະຫັດຜ່ານ", "құпиясөз", "Құпиясөз", "စကားဝှက်",
            "ерсүз", "ырсөз", "açar söz", "pled-clav", "kupuhipa", "upu fa'alilo", "upu fa’alilo", "wachtwurd", "ger-tremen", "okwuntughe", "pasiwedhi",
            "phasewete", "pakasqa simi", "modpas", "амзи", "پارول", "གསང་གྲངས", "рттӑн сӑмах", "ерһүҙ", "ecap konci", "eraule clâf", "eʼẽñemi",
            "e'ẽñemi", "ot de passa", "esło", "ESŁO", "ockle follit", "ea fufū", "aswot", "ASWOT", "གསང་ཚིག", "hjave", "crae", "aatu-jàll",
            "amasat aru", "us zais", "chtacatlahtolli", "ewal tzij", "ontrasenya", "ontraseña", "ONTRASEÑA", "awal uffir", "истэлэҥ тыл",
            "vosa vuni", "sekreto a balikas", "တၢ်ကတိၤခူသူၣ်", "פּאַראָל", "פאראל", "ၵႂၢမ်းလပ်ႉ", "lelo huna", "beassansátni", "isissutissaq",
            "ot d'", "ot d’", "ot dʼ", "پاسورڊ", "liloba ya sekele", "jecha darbii", "wachwaord",
            "passwoort", "mo-de-pas", "mo de pas", "liafuan-xave", "ޕާސްވޯޑް", "gundo daɲɛ", "ъайладош", "усæг дзырд", "mawu achinsinsi", "pasword",
            "lefoko la sephiri", "ahintasɛm", "parau huna", "ekigambo ky", "aanil ookol", "sekretu na fino", "wpa key", "wpa2 key", "wpa3 key",
            "wi-fi key", "wifi key", "wlan key", "clau d'acceso", "clau d’acceso", "palabra-passe", "palora d'accessu", "palora d’accessu", "passwird",
            "гесло", "Гесло", "юуса үгэ", "маӡа ажәа", "رازی گال", "गुपीत उतर", "ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ", "सुलाःगु खँग्वः", "nya ɣaɣla", "amanung lihim", "kupu muna",
            "phasiwedi", "paswɔd", "wi-fi", "wifi", "wlan",
        ],
        alternatives: false,
    },
    Group {
        detectors: SECRETS_AFTER_THEIR_WORDS,
        triggers: &["terraform output", "vault kv get", "vault read", "gcloud secrets", "key", "token"],
        alternatives: false,
    },
    Group {
        detectors: WIFI_LINE_LABELS,
        triggers: &["wi-fi", "wifi", "wlan", "وائی", "وای", "ዋይፋይ", "ߥߌߝߌ"],
        alternatives: false,
    },
    Group {
        detectors: ADMIN_TOOL_SECRETS,
        triggers: &[
            "ConvertTo-SecureString", "unicodePwd::", "userPassword::", "sqlplus", "expdp", "impdp", "@//", "\"RegisteredUsers\"", "\"result\"",
            "auth=(", "auth = (", "HTTPBasicAuth(", "HTTPDigestAuth(",
            "{\"key\"", "{ \"key\"", "{\"name\"", "{ \"name\"", "- name:", "admin", "base64:", "salt", "/t/", " pw", "\npw", "(pw", "\tpw", "otp seed", "otp secret", "otp key", "mfa seed", "mfa secret", "mfa key",
            "2fa seed", "2fa secret", "2fa key", "otpauth://",
            // The network devices' commands.
            "radius-server", "tacacs-server", "\n key ", "\n  key ", "\n   key ", "\n    key ", "\n\tkey ", "key-string", "snmp-server", "priv des",
            "priv 3des", "priv aes", "isakmp key", "pre-shared-key", "username", "\nenable secret", "\nenable password", "\npassword ", "\n password ",
            "\n  password ", "\n\tpassword ", "rocommunity", "rwcommunity", "snmpwalk", "snmpbulkwalk", "snmpget", "snmpbulkget", "snmpset", "snmptable",
            "snmptrap", ": PSK ", ": XAUTH ", ": EAP ", "option key", "option password", "option sae_password", "option auth_secret", "option acct_secret",
            "option priv_key_pwd", "wpa-psk", "local-user", "snmp-agent", "neighbor", "message-digest-key", "authentication-key", "secret \"",
            "encrypted-password \"", "ascii-text \"", "set psksecret", "set passwd", "set password", "set secret", "set auth-pwd", "set priv-pwd",
            "set ppk-secret", "set passphrase",
        ],
        alternatives: false,
    },
    Group {
        detectors: BASE64_URL_CREDENTIALS,
        triggers: BASE64_URL_SCHEMES,
        alternatives: false,
    },
    Group {
        detectors: FULL_NAME_LABELS,
        triggers: &[
            "full name", "nombre completo", "nome completo", "nom complet", "nama penuh", "nama lengkap", "jina kamili", "fulde navn", "fullt navn", "nume complet",
            "numele complet", "buong pangalan", "teljes név", "TELJES NÉV", "vollständiger name", "VOLLSTÄNDIGER NAME", "volledige naam", "imię i nazwisko",
            "IMIĘ I NAZWISKO", "ad soyad", "ПІБ", "ФИО", "الاسم الكامل",
            "שם מלא", "ชื่อ-นามสกุล", "पूरा नाम",
        ],
        alternatives: false,
    },
    Group {
        detectors: PERCENT_EMAIL,
        triggers: &["%40"],
        alternatives: false,
    },
    Group {
        detectors: IPV6,
        triggers: &[":"],
        alternatives: false,
    },
    Group {
        detectors: NUMBERS,
        triggers: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
        alternatives: true,
    },
];
