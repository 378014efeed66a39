//! Tests of credentials found by their format: vendor tokens, URL credentials, private keys, JWTs,
//! Azure SAS signatures.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn takes_a_twilio_key_passed_to_curl_after_twilio_named_in_the_url() {
    let text = "curl -X POST https://api.twilio.example/2010-04-01/Accounts/AC5b02ab19f39f9e5b5fd5ddc472f422e1/Messages.json \\\n  -u SK482b0b22e8aa4a92ab96fbf15b1668b6:HUawJVR2ILmvH1wwzoPd3BOTkP0rO";
    assert!(spans(text).contains(&"api_key/twilio:SK482b0b22e8aa4a92ab96fbf15b1668b6".to_owned()), "{:?}", spans(text));
    // The key's secret after it is Twilio's too; another user's password stays a password.
    assert!(spans(text).contains(&"api_key/twilio:HUawJVR2ILmvH1wwzoPd3BOTkP0rO".to_owned()), "{:?}", spans(text));
    assert_eq!(spans("curl -u deploy:HUawJVR2ILmvH1wwzoPd3BOTkP0rO https://ci.example"), ["password:HUawJVR2ILmvH1wwzoPd3BOTkP0rO"]);
}

#[test]
fn takes_no_masked_token_for_a_vendors() {
    assert_untouched("copy, then replace: ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxx… and GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX");
    assert_eq!(spans("key sk-ant-api03-Xk9mQ2vL7pZa8Rt3Yw6Bn1Cd"), ["api_key/anthropic:sk-ant-api03-Xk9mQ2vL7pZa8Rt3Yw6Bn1Cd"]);
    // Dashes after a key mask nothing.
    assert!(spans("key: sk-ant-api03-Xk9mQ2vL7pZa8Rt3Yw6Bn1CdEf5GhJ2kL----------").iter().any(|span| span.starts_with("api_key/anthropic:")));
}

#[test]
fn takes_a_twilio_secret_and_auth_token_named_in_prose() {
    let key = "SK9dfa5df69ad87fad4c6c67caf3c1059e";
    let text = format!("Twilio API key {key}\n\nsecret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU, auth token 5eb87f55d8cb83f2d26bcc5c30c1a161\n");
    assert_eq!(spans(&text), [format!("api_key/twilio:{key}"), "api_key/twilio:wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU".to_owned(), "api_key/twilio:5eb87f55d8cb83f2d26bcc5c30c1a161".to_owned()]);
    assert_eq!(spans("Neuer Key bei Twilio, Secret RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO."), ["api_key/twilio:RupXRCfb5fx1nmQgWkvqwqtvQhlJJNJO"]);
    // Without Twilio named before it, or longer than a Twilio secret, it is none.
    assert_untouched("secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANU stays in the vault");
    // Text messages named instead of the vendor.
    assert_eq!(
        spans("SMS gateway credentials: API key SK5b7e0c2d9a14f3e68b20c4d1a9e7f356, secret Qm4TzX8pLr2VbN6sWd0HkY3uJc9FgA1e"),
        ["api_key/twilio:SK5b7e0c2d9a14f3e68b20c4d1a9e7f356", "api_key/twilio:Qm4TzX8pLr2VbN6sWd0HkY3uJc9FgA1e"]
    );
    assert_untouched("build SK5b7e0c2d9a14f3e68b20c4d1a9e7f356 of the smsc-less branch");
    assert_untouched("Twilio: secret wVqzcdyrpORjLQkdipNCGX1Qv0ZyaANUxyz is a fixture's name");
    // A token named after the vendor, and an auth token's key; not any token near "SMS".
    assert_eq!(spans("Sabine shared the twilio token 1ok3BGeMiOn2VHiuXJETIdz1WiCctEar into the ticket."), ["api_key/twilio:1ok3BGeMiOn2VHiuXJETIdz1WiCctEar"]);
    assert_eq!(spans("twilio:\n  authToken: fedf01e549c0100da5d900b5984fff01"), ["api_key/twilio:fedf01e549c0100da5d900b5984fff01"]);
    assert_untouched("SMS delivery failed, commit token 4283fefc63f0cd0e873a0000c6d07ef7");
    assert_eq!(
        spans("twilio:\n  api_key: SKe2186c9e1e7c41ff036556dc88f72800\n  api_secret: 72VyyihhfAsXnjoD8IKXoPEETmvzQRkf"),
        ["api_key/twilio:SKe2186c9e1e7c41ff036556dc88f72800", "api_key/twilio:72VyyihhfAsXnjoD8IKXoPEETmvzQRkf"]
    );
    // Another secret's name that ends in `SECRET`, beside Twilio's settings.
    assert_eq!(
        spans("TWILIO_FROM=+447441949869\nSESSION_SECRET=K2w0aYm2WhjuQl1zsIcA9cp7UgZ9I1nu\nLOG_LEVEL=info"),
        ["phone:+447441949869", "password:K2w0aYm2WhjuQl1zsIcA9cp7UgZ9I1nu"]
    );
    // A credential named after the vendor: a secret, or the key's id itself.
    assert_eq!(spans("a twilio credential jYtYYfAch1yXHT1vfYFvgqtaoK46B2uq was found in the repo"), ["api_key/twilio:jYtYYfAch1yXHT1vfYFvgqtaoK46B2uq"]);
    assert_eq!(spans("a twilio credential SK075ad30c5d65be9b4c932394ec3b21e4 was found"), ["api_key/twilio:SK075ad30c5d65be9b4c932394ec3b21e4"]);
    // An AWS secret named in prose.
    assert_eq!(
        spans("Heads-up: an aws credential Vy3Sik9Pw9YxGz582MQ8CXnD12cuRgNvFOv1liet was found in the repo; rotated."),
        ["api_key/aws:Vy3Sik9Pw9YxGz582MQ8CXnD12cuRgNvFOv1liet"]
    );
    assert_eq!(spans("aws secret Xk9mQ2vL7pZ3bN8cV4xW1qR6tY0uI5oP9aS2dF7g was pasted"), ["api_key/aws:Xk9mQ2vL7pZ3bN8cV4xW1qR6tY0uI5oP9aS2dF7g"]);
    assert_untouched("role ok; aws credential Kubernetes/ServiceAccount/Token/Prod2024 mounted");
    assert_untouched("AWS credential providerChainDefaultCredentialsProvider2 is used");
}

#[test]
fn reports_an_assigned_secret_of_a_vendors_own_shape_as_the_vendors() {
    assert_eq!(spans("DEBUG env TOKEN=SKc07c8900eb12f9a2a34c3350620a6f01"), ["api_key/twilio:SKc07c8900eb12f9a2a34c3350620a6f01"]);
    assert_eq!(spans("API_TOKEN=SKC07C8900EB12F9A2A34C3350620A6F01"), ["api_key/twilio:SKC07C8900EB12F9A2A34C3350620A6F01"]);
    // Another shape stays a password, and so does any 64-byte secret in base64.
    assert_eq!(spans("TOKEN=SKc07c8900eb12f9a2a34c3350620a6f0"), ["password:SKc07c8900eb12f9a2a34c3350620a6f0"]);
    let key = "kOpetCuImLqD20QxVaISFo1Ozyo70G/iZ3T8ZSYhK4MfcIIJSIxR7Wj0HT1QRwq+lyAUNQxDdOzAJdG3qCsjgQ==";
    assert_eq!(spans(&format!("JWT_SECRET={key}")), [format!("password:{key}")]);
}

#[test]
fn redacts_the_user_and_password_of_a_url() {
    assert_eq!(
        spans("Use https://admin:hunter2@example.com/x and redis://:Sup3rS3cret@cache:6379/0. amqp://orders:Rmq#Ord3rs@mq/"),
        [
            "url_credentials:admin:hunter2",
            "url_credentials::Sup3rS3cret",
            "url_credentials:orders:Rmq#Ord3rs"
        ]
    );
    assert_eq!(
        redacted("DSN postgres://deploy:Tr0ub4dor3x@db.internal:5432/shop"),
        "DSN postgres://[URL_CREDENTIALS_1]@db.internal:5432/shop"
    );
    // SQL Server's JDBC URL: a host, its port and properties; the password property's `@` ends
    // no user info, and the property is a password.
    assert_eq!(
        spans("url=jdbc:sqlserver://10.249.2.13:1433;databaseName=wms;user=wms_app;password=%4b@cCU3+v@9J?=@YAP2"),
        ["ip_address:10.249.2.13", "password:%4b@cCU3+v@9J?=@YAP2"]
    );
    // Another scheme's password that starts with digits and a semicolon is still the password.
    assert_eq!(spans("mysql://admin:1234;abc@db.corp.local/app"), ["url_credentials:admin:1234;abc"]);
}

#[test]
fn reports_a_vendor_token_in_a_url_as_the_vendors_token() {
    let glpat = "glpat-OptVfT137sOX6JVwHZxb";
    let ghs = "ghs_vzoMK93hbprxKkJHNZnhuQ7ZuKYvsE3UKgOV";
    assert_eq!(
        spans(&format!("https://oauth2:{glpat}@gitlab.example.dev\nhttps://x-access-token:{ghs}@github.com")),
        [format!("api_key/gitlab:{glpat}"), format!("api_key/github:{ghs}")]
    );
    // A policy that leaves API keys alone leaves them alone in URLs too.
    let policy = Policy { disabled: vec![PiiKind::ApiKey], ..Policy::default() };
    let text = format!("https://oauth2:{glpat}@gitlab.example.dev");
    assert_eq!(redactor_for(policy, &[]).redact(&text).expect("small text"), text);
}

#[test]
fn leaves_urls_without_a_password_or_with_a_variable_alone() {
    assert_untouched(
        "See https://user@example.com, https://example.com:8443/a@b and \
             postgres://app:${DB_PASSWORD}@db/shop.",
    );
}

#[test]
fn redacts_a_whole_private_key_block_of_every_type() {
    for label in [
        "PRIVATE KEY",
        "RSA PRIVATE KEY",
        "EC PRIVATE KEY",
        "DSA PRIVATE KEY",
        "OPENSSH PRIVATE KEY",
        "ENCRYPTED PRIVATE KEY",
        "PGP PRIVATE KEY BLOCK",
    ] {
        let key = pem(label, 5);
        let text = format!("key:\n{key}\nthanks");
        assert_eq!(redacted(&text), "key:\n[PRIVATE_KEY_1]\nthanks", "{label}");
    }
}

#[test]
fn redacts_the_material_of_a_truncated_private_key() {
    let key = pem("RSA PRIVATE KEY", 4);
    let truncated = &key[..key.find("-----END").expect("a footer")];
    let text = format!("{truncated}\nCan you check it");
    assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nCan you check it");
    let encrypted = truncated.replace(
        "-----\n",
        "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,8A2E5F\n\n",
    );
    let text = format!("{encrypted}\nThanks");
    assert_eq!(redacted(&text), "[PRIVATE_KEY_1]\n\nThanks");
}

#[test]
fn leaves_public_keys_and_certificates_alone() {
    let text = pem("PUBLIC KEY", 3) + "\n" + &pem("CERTIFICATE", 3);
    assert_untouched(&text);
}

#[test]
fn redacts_jwts_whose_header_has_an_alg() {
    assert_found("jwt", &jwt(r#"{"alg":"HS256","typ":"JWT"}"#));
    let unsigned = jwt(r#"{"alg":"none"}"#);
    let unsigned = &unsigned[..=unsigned.rfind('.').expect("three parts")];
    assert_eq!(
        spans(&format!("t={unsigned} ok")),
        [format!("jwt:{unsigned}")]
    );
    let bearer = format!("Authorization: Bearer {}", jwt(r#"{"alg":"RS256"}"#));
    assert_eq!(redacted(&bearer), "Authorization: Bearer [JWT_1]");
}

#[test]
fn leaves_jwt_shaped_text_without_an_alg_alone() {
    assert_untouched(&format!("x {} y", jwt(r#"{"typ":"JWT"}"#)));
    assert_untouched(&format!("x {} y", jwt("[1,2]")));
}

#[test]
fn redacts_every_vendor_format_under_its_vendor_name() {
    for (kind, token) in vendor_tokens() {
        assert_found(kind, &token);
        let quoted = format!("config = {{\"key\": \"{token}\"}}");
        assert_eq!(
            spans(&quoted),
            [format!("{kind}:{token}")],
            "quoted {token}"
        );
    }
}

#[test]
fn finds_vendor_credentials_in_assignments_under_the_vendor_name() {
    let github = format!("ghp_{}", fake(36, ALNUM));
    assert_eq!(
        spans(&format!("GITHUB_TOKEN={github}")),
        [format!("api_key/github:{github}")]
    );
    assert_eq!(
        redacted("aws_access_key_id=AKIAIOSFODNN7EXAMPLE"),
        "aws_access_key_id=[API_KEY_1]"
    );
}

#[test]
fn redacts_the_signature_of_an_azure_sas_url() {
    let sig = "lE6YjK%2F6x2cNq9w3Gq0k4Uq7ZlH5Qv0aXo%3D";
    let url = format!(
        "https://acme.blob.core.windows.net/c/b.txt?sv=2022-11-02&ss=b&srt=co&sp=r&se=2030-01-01&sig={sig}"
    );
    assert_eq!(spans(&url), [format!("api_key/azure:{sig}")]);
    assert_untouched("https://example.com/search?q=rust&sig=abcdefghijklmnopqrstuvwxyz");
}

#[test]
fn reports_a_gcp_service_account_files_key_as_a_private_key_and_leaves_the_key_id() {
    let key = pem("PRIVATE KEY", 3).replace('\n', "\\n");
    let id = fake(40, HEX);
    let json = format!(
        "{{\"type\": \"service_account\", \"project_id\": \"acme\", \
             \"private_key_id\": \"{id}\", \"private_key\": \"{key}\\n\"}}"
    );
    assert_eq!(spans(&json), [format!("private_key:{key}")]);
}

#[test]
fn redacts_discord_bot_tokens_and_telegram_bot_urls() {
    let id = URL_SAFE_NO_PAD.encode("123456789012345678");
    let discord = format!("{id}.{}.{}", fake(6, ALNUM), fake(38, ALNUM));
    let telegram = format!("123456789:AA{}", fake(33, ALNUM));
    let text = format!(
        "Authorization: Bot {discord}\nGET https://api.telegram.org/bot{telegram}/getMe"
    );
    assert_eq!(
        spans(&text),
        [
            format!("api_key/discord:{discord}"),
            format!("api_key/telegram:{telegram}")
        ]
    );
}

#[test]
fn leaves_near_miss_tokens_alone() {
    assert_untouched(&format!(
        "AKIAIOSFODNN7EXAMPL XAKIAIOSFODNN7EXAMPLE akiaiosfodnn7example AKIAIOSFODNN7EXAMPLE1 \
             ghp_short task-{} ghp_{} sk_live_short xoxb- SG.x.y npm_abc",
        fake(40, ALNUM),
        "x".repeat(36)
    ));
}

#[test]
fn redacts_the_login_of_a_docker_config() {
    let auth = BASE64_STANDARD.encode("kfbuild:1q31pEMmV15u6gpC!");
    assert_eq!(spans(&format!(r#"{{"auths": {{"reg.example.com": {{"auth": "{auth}"}}}}}}"#)), [format!("password:{auth}")]);
    assert_untouched(&format!(r#"{{"auth": "{}"}}"#, BASE64_STANDARD.encode("no colon in here")));
}

#[test]
fn redacts_an_aws_secret_pasted_right_after_its_key_id() {
    let secret = format!("fPkAoWdpTi6NRxj1XyabwDDzSw1hYpcTHDPHdIq{}", "b");
    assert_eq!(
        spans(&format!("use the export user for now\nAKIAYQLJBBBWIQKO54LD\n{secret}\nit's read/write")),
        ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]
    );
    assert_eq!(spans("AKIAYQLJBBBWIQKO54LD 0123456789abcdef0123456789abcdef01234567"), ["api_key/aws:AKIAYQLJBBBWIQKO54LD"], "a hash, not a secret");
    assert_eq!(spans(&format!("AKIAYQLJBBBWIQKO54LD / {secret}")), ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]);
    assert_eq!(
        spans(&format!("credential: AKIAYQLJBBBWIQKO54LD (expires Friday, owner ops) Secret: {secret}")),
        ["api_key/aws:AKIAYQLJBBBWIQKO54LD".to_owned(), format!("api_key/aws:{secret}")]
    );
}

#[test]
fn takes_a_mailgun_key_that_the_text_names_after_it_and_no_secret_name_in_an_arn() {
    let key = format!("key-{}", "e8499dbd3106aecb1b7a068e0c061fb2");
    assert_eq!(spans(&format!("curl -s --user 'api:{key}' \\\n  https://api.eu.mailgun.net/v3/x/messages")), [format!("api_key/mailgun:{key}")]);
    assert_untouched("The Lambda reads arn:aws:secretsmanager:eu-central-1:322223183257:secret:prod/carrier-sync/api-gRnE0u daily.");
    assert_untouched("User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0.0.0 Safari/537.36");
    assert_eq!(spans("GET /api/hosts/10.20.30.40 and /nodes/192.168.1.20/status"), ["ip_address:10.20.30.40", "ip_address:192.168.1.20"]);
}

#[test]
fn takes_secrets_the_command_lines_of_aws_azure_terraform_npm_and_oracle_print_or_take() {
    let aws = "PTFQj77dZ6562PHfdUxdv7DNSn9+FsSeaNpzw3CO";
    assert_eq!(spans(&format!("AWS Secret Access Key [None]: {aws}\nDefault region name [None]: eu-west-1")), [format!("api_key/aws:{aws}")]);
    assert_eq!(spans(&format!("  515  aws configure set aws_secret_access_key {aws}\n")), [format!("api_key/aws:{aws}")]);
    let azure = format!("{}==", "CMGDM/eSZPtA/bMJR4m9BUIjPWJrVZEnR00aTgrvRK7FwfBqoy1nxobmDidipU4oJlaDO6LCPTvBZGbT3SuDBg");
    assert_eq!(spans(&format!("az storage blob upload-batch --account-name qb --account-key {azure} -d x")), [format!("api_key/azure:{azure}")]);
    assert_eq!(spans("$ terraform output -raw db_master_password\n6ifUS#-+39!4x\n$ exit"), ["password:6ifUS#-+39!4x"]);
    assert_untouched("$ terraform output -raw db_master_password\nError: Output not found\n$ terraform output -raw admin_token\n${var.token}");
    assert_eq!(spans("//npm.quillbeak.dev/:_auth=Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx\n"), ["password:Y2ktcHVibGlzaGVyOk1NdWNCVkZaSlZMcExx"]);
    assert_eq!(spans("BILLING_JDBC=jdbc:oracle:thin:billing_batch/Dow~dTwP3BS~PwSceY4@//db:1521/BILL"), ["password:Dow~dTwP3BS~PwSceY4"]);
}

#[test]
fn takes_a_vault_token_and_a_german_switchboard_number() {
    let token = "hvs.PG-NkfOpvi_4MT-7JDZVJYJp";
    assert_eq!(spans(&format!("Vault token for the job: `{token}`.")), [format!("api_key/vault:{token}")]);
    assert_eq!(spans("Tel.: 0511 / 64 72 18-0\nFax: 0511 / 64 72 18-99"), ["phone:0511 / 64 72 18-0", "phone:0511 / 64 72 18-99"]);
}

#[test]
fn a_private_key_header_without_a_key_is_not_one() {
    assert_untouched("Paste the file that starts with `-----BEGIN OPENSSH PRIVATE KEY-----` into Vault.");
}

#[test]
fn takes_an_azure_storage_key_standing_alone_but_not_a_digest() {
    let key = "xUxfMooG/slykwNHPZauVEVb+CZUSTl6vIeJyZxh/lHgkP5KEyt5lY6p3Upsqr/JliAmybQ3uXeMHKYSS7bxpA==";
    assert_eq!(spans(&format!("pasted the token into the ticket by mistake: {key} — revoked")), [format!("api_key/azure:{key}")]);
    assert_untouched(&format!("\"integrity\": \"sha512-{key}\""));
    assert_untouched(&format!("Ed25519 signature of release manifest: {key}"));
    assert_untouched(&format!("| EV-0425 | laptop-image.E01 | {key} | sealed |"));
    assert_untouched(&format!("{{\"nonce\": \"{key}\"}}"));
    // Part of a longer run of base64 (a certificate's body): not a key of its own.
    assert!(spans(&format!("MIIBkTCB{key}")).iter().all(|span| !span.starts_with("api_key/azure")));
}
