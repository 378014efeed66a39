//! Tests of passwords and assigned secrets: assignments, connection strings, passwords in prose,
//! chats and command lines.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

/// The password spans [`spans`] finds in `text`.
fn password_spans(text: &str) -> Vec<String> {
    spans(text).into_iter().filter(|span| span.starts_with("password:")).collect()
}

#[test]
fn a_subscripted_environment_lookup_is_not_a_secret() {
    let mut redactor = Redactor::new(Policy::default(), &[]).unwrap();
    for text in ["api_key = os.environ[\"OPENAI_API_KEY\"]", "password = settings.secrets['db']"] {
        assert_eq!(redactor.redact(text).unwrap(), text);
    }
    assert_ne!(redactor.redact("password = Xk9#mQ2$vL7!pR4z").unwrap(), "password = Xk9#mQ2$vL7!pR4z");
}

#[test]
fn takes_passwords_after_the_words_of_more_languages_and_signing_secrets() {
    for (text, password) in [
        ("Նոր Wi-Fi գաղտնաբառ՝ Saffron-velvet-60-Garnet", "Saffron-velvet-60-Garnet"),
        ("ពាក្យសម្ងាត់ Wi-Fi ថ្មី៖ Willow-kestrel-66-Thistle", "Willow-kestrel-66-Thistle"),
        ("కొత్త Wi-Fi పాస్\u{200C}వర్డ్: VxDgmGP9bVh1", "VxDgmGP9bVh1"),
        ("Wi-Fi pasahitz berria: Kestrel-basalt-72-Harbour", "Kestrel-basalt-72-Harbour"),
        ("Нова Wi-Fi парола: YcgWuyZtNWO3", "YcgWuyZtNWO3"),
        ("adyen.hmacKey=A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176", "A5C8453DDC6A8FEF80F00210E53625DF5387BFC70D9EA8D06B4C47101AE04176"),
        ("CKO_WEBHOOK_AUTH=PcsOhuh9kEuKW2ti2oNoT9e1", "PcsOhuh9kEuKW2ti2oNoT9e1"),
        // Random letters that happen to fall into camel-case parts (`O9`, `I7w`, `F1`).
        ("Novo contrasinal da wifi: QclyyO9I7wF1", "QclyyO9I7wF1"),
        // Two words and a number, where the sentence says it is the password.
        ("Lounge JOG: tembung sandhi Wi-Fi: Borobudur-mtkvari-4271", "Borobudur-mtkvari-4271"),
        ("GYD lounge: qonaq Wi-Fi şifrəsi Konark_kobuleti-4723, planşetlər üçün", "Konark_kobuleti-4723"),
        ("Printed password is now Baobab_tsingy-6501 (SSID AW-Lounge-CEB)", "Baobab_tsingy-6501"),
        ("Lounge CEB: ang password sa Wi-Fi kay Borobudur.ohrid-7864", "Borobudur.ohrid-7864"),
        ("TAS biznes-zal planshetlari uchun Wi-Fi paroli: Nyungwegobustan!9477", "Nyungwegobustan!9477"),
        // An `@` inside, but no address's domain after it.
        ("planşetlər üçün ayrıca şifrə: NI+o@M+pH.rD_7_+E.USwO", "NI+o@M+pH.rD_7_+E.USwO"),
        ("ລະຫັດຜ່ານ Wi-Fi: Gobustankivu#2234", "Gobustankivu#2234"),
        ("statuspage_db_pw  = \"WdX%Q*l4zmetzTJA\"", "WdX%Q*l4zmetzTJA"),
        (
            "  AMQP_URL: YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
            "YW1xcHM6Ly9sb3lhbHR5X3J3OmxNWU0tWlkuTUk3empLMldxdUZwdkBtcS5hdy5pbnRlcm5hbDo1NjcxLw==",
        ),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "{text}");
    }
    // A webhook's address or id, and a signature's algorithm, are no secrets.
    assert_untouched("WEBHOOK_URL=https://hooks.example.org/abc webhookId=wh_81Hd7Qk2Lm hmac_algorithm=HmacSHA256");
    // A table cell ends a `user / password` pair's password.
    assert_untouched("|ACH routing / account|ok|");
    // Names in camel case with one part of a capital and digits.
    assert_untouched("Contrasinal: ver RotateV2Secret no vault");
    // Two words and a number after another label than the password word's own.
    assert_untouched("password hint: Build-agent-0042, password field label: Summer-release-2025");
    // Two words and a number not said to be a password; Italian `parole`; the base64 of a
    // URL without credentials.
    assert_untouched("host: Borobudur-mtkvari-4271, New key: featureFlagV2 added");
    assert_untouched("le parole chiave: Borobudur-mtkvari-4271");
    assert_untouched("URL: aHR0cHM6Ly9leGFtcGxlLmNvbS9wYXRoP3E9MQ==");
}

#[test]
fn takes_the_password_a_chat_answers_below_a_question_that_asks_for_it() {
    let chat = "[10:02] Rajesh Iyer: new password for pgbouncer? vault is down\n[10:04] Linh Nguyen: pgb-Adm1n!2023\n[10:05] Rajesh Iyer: thx";
    assert_eq!(spans(chat), ["password:pgb-Adm1n!2023"]);
    let chat = "李明 15:45\nroot 密码也改了吗？\n王伟 15:46\n改了，新的是 eZqnFy%kYUD2xn3，用完请删掉这条消息";
    assert_eq!(spans(chat), ["password:eZqnFy%kYUD2xn3"]);
    // Only two lines down, only words written as passwords, only after a question.
    assert_untouched("what is the password policy?\nMin 12 characters and one sign (!@#)\nsee INC-4432");
    assert_untouched("password for the NAS?\nask Dana\nlater\nNas-B4ckup!24Q1");
    assert_untouched("password reset done.\nnew one: see ticket\n");
}

#[cfg(not(js_engine))]
#[test]
fn reads_user_and_password_pairs_on_one_long_line_in_linear_time() {
    let text = "ab / cdefgh ".repeat(200_000);
    let started = std::time::Instant::now();
    let _ = spans(&text);
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn takes_the_result_of_a_terraform_random_password() {
    let state = r#"{ "type": "random_password", "name": "sql_admin", "instances": [ { "attributes": { "length": 24, "result": "nbx-BpMbo4YgtE" } } ] },"#;
    assert_eq!(spans(state), ["password:nbx-BpMbo4YgtE"]);
    // Another resource's result is its output, not a secret.
    assert_untouched(r#"{ "type": "random_pet", "name": "n", "instances": [ { "attributes": { "length": 2, "result": "brave-otter" } } ] }"#);
    assert_untouched(r#"{"status": "ok", "result": "queued-4711"}"#);
}

#[test]
fn redacts_credentials_that_need_context_only_with_it() {
    let aws_secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    let azure_key = format!("{}==", fake(86, ALNUM));
    let datadog = fake(32, HEX);
    let heroku = "01234567-89ab-cdef-0123-456789abcdef";
    let twilio_key = format!("SK{}", fake(32, HEX));
    let mailgun = format!("key-{}", fake(32, HEX));
    let text = format!(
        "aws_secret_access_key = {aws_secret}\n\
             DefaultEndpointsProtocol=https;AccountName=acme;AccountKey={azure_key};EndpointSuffix=core.windows.net\n\
             DD_API_KEY={datadog}\nHEROKU_API_KEY: {heroku}\n\
             twilio api key {twilio_key}\nmailgun: {mailgun}\n"
    );
    assert_eq!(
        spans(&text),
        [
            format!("api_key/aws:{aws_secret}"),
            format!("api_key/azure:{azure_key}"),
            format!("api_key/datadog:{datadog}"),
            format!("api_key/heroku:{heroku}"),
            format!("api_key/twilio:{twilio_key}"),
            format!("api_key/mailgun:{mailgun}"),
        ]
    );
    assert_untouched(&format!(
        "hash {aws_secret} uuid {heroku} sid {twilio_key} {mailgun} {datadog}"
    ));
}

#[test]
fn redacts_only_the_value_of_a_random_looking_secret_assignment() {
    let text = "password=Xk9#mQ2$vL7p\nDB_PASSWORD=\"s3cr3t-V4lue!\"\n\
                    {\"api_key\": \"9f8e7d6c5b4a3210zz\"}\n\
                    apikey:abcdefgh12345 x-api-key: 9f8e7d6c5b4a3210 Secret: Zq8#Lm3!Rt6x\n\
                    clientSecret => 'Qm9vYmF6Q2xpZW50'";
    assert_eq!(
        redacted(text),
        "password=[SECRET_1]\nDB_PASSWORD=\"[SECRET_2]\"\n{\"api_key\": \"[SECRET_3]\"}\n\
             apikey:[SECRET_4] x-api-key: [SECRET_5] Secret: [SECRET_6]\n\
             clientSecret => '[SECRET_7]'"
    );
}

#[test]
fn redacts_passwords_in_connection_strings_and_authorization_headers() {
    let basic = STANDARD.encode("deploy:Tr0ub4dor&3");
    let text = format!(
        "Server=db;Database=shop;User Id=sa;Password=Pa55w0rd!2024;Encrypt=true\n\
             jdbc:mysql://db/shop?user=app&password=K8s#Secr3tZ&ssl=true\n\
             Authorization: Basic {basic}\nAuthorization: Bearer Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"
    );
    assert_eq!(
        spans(&text),
        [
            "password:Pa55w0rd!2024".to_owned(),
            "password:K8s#Secr3tZ".to_owned(),
            format!("password:{basic}"),
            "password:Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5".to_owned(),
        ]
    );
}

#[test]
fn redacts_passwords_named_in_other_languages() {
    assert_eq!(
        spans(
            "mot de passe : 1oPR#MWpWQc2uni^_w.S+PeY\nPasswort: kNJuFlBWDMTUFM\n\
                 Kennwort=Zq8#Lm3!Rt6x contraseña: Xk9#mQ2$vL7p senha: Tr0ub4dor3x!"
        ),
        [
            "password:1oPR#MWpWQc2uni^_w.S+PeY",
            "password:kNJuFlBWDMTUFM",
            "password:Zq8#Lm3!Rt6x",
            "password:Xk9#mQ2$vL7p",
            "password:Tr0ub4dor3x!"
        ]
    );
}

#[test]
fn redacts_a_password_written_in_a_sentence_after_its_word() {
    assert_eq!(
        spans(
            "the password is Xk9#mQ2$vL7p. Das Passwort lautet Sommerwind24!Berg\n\
                 DBパスワード：Sakura_2024!x; keytool -srcstorepass Kst0re!Old -deststorepass Kst0re!New#2\n\
                 Neues Passwort: „Kaffee&Kuchen_19“ WIFI:T:WPA;S:Office-5G;P:Gx8#uL2!qz;;"
        ),
        [
            "password:Xk9#mQ2$vL7p",
            "password:Sommerwind24!Berg",
            "password:Sakura_2024!x",
            "password:Kst0re!Old",
            "password:Kst0re!New#2",
            "password:Kaffee&Kuchen_19",
            "password:Gx8#uL2!qz"
        ]
    );
}

#[test]
fn redacts_a_password_after_a_bold_or_dashed_label() {
    assert_eq!(
        spans("**Password:** Xy7!kLm2q\n*Password:* Ab9#qRt5z\nPassword: - Tr0ub4dor&3x"),
        ["password:Xy7!kLm2q", "password:Ab9#qRt5z", "password:Tr0ub4dor&3x"]
    );
}

#[test]
fn leaves_ordinary_words_after_a_password_word_alone() {
    assert_untouched(
        "Password reset for the Billing team is done. The password policy (v2 draft) needs \
             review; see https://wiki.example.com/Password-Policy-2024 and [PASSWORD_1].",
    );
    for line in [
        "Password hashing uses Argon2id with m=64MiB, t=3, p=4.",
        "We migrated password storage from bcrypt to Pbkdf2PasswordEncoder in Spring 6.",
        "Fixed: password reset emails were not sent in v2.14.3-hotfix.",
        "The password grant is deprecated in OAuth2.1.",
        "Password hashing moved to image ghcr.io/acme/auth-svc:1.4.2 last sprint.",
        "The password check failed at auth/handlers.go:118 with a nil pointer.",
        "Change the password in ~/.config/app2/settings.json and restart.",
        "Password must match [A-Za-z0-9!@#]{12,64} according to the policy doc.",
        "Password sync to ldap-01.corp.local failed after the upgrade.",
        "Password authentication for postgres@db-primary-02 disabled in pg_hba.conf.",
        "sshd[2211]: Accepted password for deploy_bot2 from a trusted host",
        "Le mot de passe expire après 90 jours (politique PWD-v3.2).",
        "Het wachtwoord moet elke 90 dagen wijzigen (beleid ICT-ww-2024a).",
        "La clave primaria de la tabla es pk_pedidos_2024.",
        "Our AWS Nitro enclave i-0abc123def4567890 runs the signer.",
    ] {
        assert_untouched(line);
    }
    assert_eq!(
        spans("The password for user admin_01 is Xy7!kLm2q"),
        ["password:Xy7!kLm2q"],
        "a user name before the password is passed over"
    );
}

#[test]
fn leaves_labels_hints_placeholders_and_filtered_values_alone() {
    assert_untouched(
        "\"password.label\": \"Mot de passe\", \"password.hint\": \"Mindestens 12 Zeichen, eine Ziffer\", \
             password = \"ask the DBA\", api_key = \"YOUR_API_KEY\", password = \"your_password\", \
             \"password\"=>\"[FILTERED]\", bypass_list = \"localhost,*.internal.corp,*.local\"",
    );
}

#[test]
fn redacts_mysql_dash_p_and_xml_settings_but_not_paths_settings_or_remotes() {
    assert_eq!(
        spans(
            "mysql -u root -p'Xk9$vb2!Qr' -h db billing; mysqldump -pS3cr3t_Dump! shop\n\
                 <add key=\"ApiSecret\" value=\"7f2Kq9Lp0ZxW3vN8\" />"
        ),
        ["password:Xk9$vb2!Qr", "password:S3cr3t_Dump!", "password:7f2Kq9Lp0ZxW3vN8"]
    );
    assert_eq!(
        spans("secret: /5+G4re2+HI+Wyc4adYfVAJIKAyVDONh password: ~C_^Mt8VG4uqVgyFf_"),
        ["password:/5+G4re2+HI+Wyc4adYfVAJIKAyVDONh", "password:~C_^Mt8VG4uqVgyFf_"]
    );
    assert_untouched(
        "password_file: /run/secrets/db_password\nPassword policy: min_length=12, history=5\n\
             Set `password` to at least 12 characters. Invoice INV-2025-46791 is paid.\n\
             Remote is git@github.com:acme/billing.git; grep -p file.txt; tar -cpf x.tar y",
    );
    assert_eq!(
        spans("Password reset link never arrives at emily58@customer-corp.com."),
        ["email:emily58@customer-corp.com"],
        "an address after a password word is an address"
    );
}

#[test]
fn redacts_the_password_flags_of_commands_that_take_one_and_only_theirs() {
    assert_eq!(
        spans(
            "sshpass -p 'Tr0ub4dor&3' ssh deploy@10.0.0.5 -p 2222\n\
                 docker login -u ci -p hunter22 registry.acme.io\n\
                 redis-cli -h cache-01 -p 6379 -a Kx92mfQ4 ping\n\
                 ldapsearch -x -D cn=admin -w s3cretLdap -b dc=acme\n\
                 mongosh --username app --password Sunny2025 db\n\
                 smbclient //nas/scans -U 'CORP\\scanner%Sc4n!Smb22' -c ls; ipmitool -H 10.9.0.4 -U ADMIN -P 'Ipmi!Rack7' power\n\
                 mongosh \\\n  --password \\\n  'Spl1t!Line#Pw' \\\n  mongodb://mongo-a:27017\n\
                 mysql \\\n  --user=analytics \\\n  --password=An4lyt1cs!RO"
        ),
        [
            "password:Tr0ub4dor&3",
            "ip_address:10.0.0.5",
            "password:hunter22",
            "password:Kx92mfQ4",
            "password:s3cretLdap",
            "password:Sunny2025",
            "password:Sc4n!Smb22",
            "ip_address:10.9.0.4",
            "password:Ipmi!Rack7",
            "password:Spl1t!Line#Pw",
            "password:An4lyt1cs!RO"
        ]
    );
    assert_untouched(
        "mkdir -p build/out; ssh -p 2222 deploy; redis-cli -p 6379 ping; mysql -u root -p shopdb\n\
             docker run -p 8080:80 nginx; docker login -u ci -p \"$REGISTRY_TOKEN\" reg; \
             docker login --password-stdin reg; sshpass -p $(cat /run/pw) ssh host",
    );
}

#[test]
fn redacts_the_password_of_a_pgpass_line_where_the_text_names_the_file() {
    assert_eq!(
        spans("~/.pgpass on the runner:\ndb-primary.internal:5432:billing:report_ro:Rx7!pq2Lm\n*:*:*:postgres:hunter22"),
        ["password:Rx7!pq2Lm", "password:hunter22"]
    );
    assert_eq!(spans("~/.pgpass contains: db01.internal:5432:*:report:Rp0rt!ng#22"), ["password:Rp0rt!ng#22"]);
    assert_untouched("Timestamps:\nnode-1:8080:ready:2024-06-03:12\nweb:443:up:ok:yes");
    assert_untouched("No pgpass here: see `db01:5432:*:report:Rp0rt!ng#22`, and the log says db01:5432:*:report:*");
}

#[test]
fn each_command_with_a_password_flag_is_found_alone() {
    for (text, password) in [
        ("ipmitool -H h -U ADMIN -P Ipmi!Rack7 power status", "Ipmi!Rack7"),
        ("smbclient //nas/s -U 'CORP\\scan%Sc4n!Smb22'", "Sc4n!Smb22"),
        ("smbclient //nas/s -U 'u%my long pass' -c ls", "my long pass"),
        ("sshpass -p 'correct horse battery staple' ssh h", "correct horse battery staple"),
        ("ldapsearch -D \"cn=admin, dc=acme, dc=com\" -w S3cretLdap -b dc=acme", "S3cretLdap"),
        ("docker login -u ci -p=Hunter22x reg", "Hunter22x"),
        ("docker login `\n  -u ci `\n  -p Hunter22x reg", "Hunter22x"),
        ("redis-cli -a 12345 ping", "12345"),
        ("sshpass -p 1234 ssh h", "1234"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("sshpass -f ~/.pw ssh -p 2222 h; sshpass -e scp -P 2222 a b; mysql -u root -p shop");
}

#[test]
fn redacts_a_password_written_as_a_pair_with_its_user() {
    assert_eq!(spans("Temporary admin on the bastion: tmp-oncall / Gp#B?fmu4xKp4Km^Mqy – delete on Monday!"), ["password:Gp#B?fmu4xKp4Km^Mqy"]);
    assert_eq!(spans("라벨 프린터 관리 페이지 계정은 admin / Dragon!$ 입니다."), ["password:Dragon!$"]);
    assert_eq!(spans("le compte du quai 4, c'est operateur / Fjord2024, noté."), ["password:Fjord2024"]);
    assert_untouched("Jira / Confluence, read / write, Halle 3 / Tor 2, Q3 / Q4-2024, build / Release2024 is out, and / or.");
    assert_untouched("pct = used_bytes / total_bytes*100;\nUser reports login fails on Safari / Firefox!");
}

#[test]
fn redacts_a_capitalized_word_and_mixed_signs_the_text_calls_the_password() {
    assert_eq!(spans("SSID ist KF-Lager-5G, Passwort Milano#! (bitte nicht weitergeben)"), ["password:Milano#!"]);
    assert_eq!(spans("Wi-Fi: KF-Visitantes\nPalavra-passe: Falcon!?"), ["password:Falcon!?"]);
    assert_untouched(
        "Is the password Correct? Password Reset? Passwort vergessen! Password: Incorrect! Token: Expired!! \
             Credentials: Invalid!! Password reset was Successful!",
    );
}

#[test]
fn redacts_passwords_of_connection_strings_json_key_value_pairs_and_signing_keys() {
    assert_eq!(
        spans("Server=db01,1433;Database=Billing;User Id=svc;Password=Hq*3&WAN3Lmp&9^WWc;Encrypt=True;"),
        ["password:Hq*3&WAN3Lmp&9^WWc"]
    );
    assert_eq!(spans("https://x.example/cb?token=Zq8xK2vLm9Pw4Rt7&user=jdoe"), ["password:Zq8xK2vLm9Pw4Rt7"]);
    assert_eq!(spans("<a href=\"/cb?token=Zq8xK2vLm9Pw4Rt7&amp;next=home\">"), ["password:Zq8xK2vLm9Pw4Rt7"]);
    assert_eq!(spans(r#"{"key": "clientSecret", "value": "ELFNs0gkRwjfLWu8N5XvE"}"#), ["password:ELFNs0gkRwjfLWu8N5XvE"]);
    assert_eq!(spans("data:\n  JWT_SIGNING_KEY: Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW\n"), ["password:Mm9hUDhkczY5V292UjM4RGE1RVpFZ2FW"]);
}

#[test]
fn redacts_passphrases_given_to_sql_server_and_wpa_supplicant() {
    assert_eq!(
        spans("ALTER LOGIN [svc_sage] WITH PASSWORD = N'tundra-orbit-quartz-lantern' , CHECK_POLICY = OFF;"),
        ["password:tundra-orbit-quartz-lantern"]
    );
    assert_eq!(spans("network={\n    ssid=\"KF-Display\"\n    psk=\"harbor-tundra-orbit-saffron\"\n}"), ["password:harbor-tundra-orbit-saffron"]);
}

#[test]
fn takes_an_assigned_password_that_meets_a_password_policy_however_repetitive() {
    for (text, password) in [
        (r#"DATABASES = {"default": {"HOST": "db", "PASSWORD": "t00ls-DB-2022"}}"#, "t00ls-DB-2022"),
        ("pgbouncer_password=pgb-Adm1n!2023", "pgb-Adm1n!2023"),
        ("tunnel1_preshared_key = \"Lx7_pSk.t1.f82Kq3Za\"", "Lx7_pSk.t1.f82Kq3Za"),
        ("PRE_SHARED_KEY: aa11-BB22-aa11", "aa11-BB22-aa11"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // Lowercase words, digits and dashes are names and versions, not a policy's passwords.
    assert_untouched("secret_version: v2-2024-01\npassword_min_length: 12\napi_key = sk_live_••••••••••••3fA9, token: Ab1x****9");
}

#[test]
fn leaves_the_name_of_a_secret_assigned_to_a_secret_key_alone() {
    assert_untouched("secret: payment_service_creds_2\ntoken = prod-db-password\napi_key: stripe.api.key");
    // A secret noun and a number alone is a weak password, not a name.
    assert_eq!(spans("db_password: password-123"), ["password:password-123"]);
    // A value of words and a number with no word naming a secret can still be one.
    assert_eq!(spans("password: Marble_cobalt_juniper-05"), ["password:Marble_cobalt_juniper-05"]);
}

#[test]
fn takes_passphrases_of_words_and_a_number_and_passwords_in_more_languages() {
    for (text, password) in [
        ("machine api login backup password Marble_cobalt_juniper-05", "Marble_cobalt_juniper-05"),
        ("mysql -h db -u lb_admin -pprism.orbit.Harbor21 leaderboards", "prism.orbit.Harbor21"),
        ("Server=db;Uid=etl;Pwd=Glacier.lantern.velvet_49;Encrypt=yes", "Glacier.lantern.velvet_49"),
        ("WPA2 passphrase lantern_cinder_falcon18. Staff only.", "lantern_cinder_falcon18"),
        ("сервер 192.168.77.10, пароль: rocket-otter-Willow_30.", "rocket-otter-Willow_30"),
        ("KEYSTORE_PASSWORD_ANDROID=Xk9!mQ2v7Lp", "Xk9!mQ2v7Lp"),
        ("Geçici yönetici şifresi: ZB%J_=83fX.+L-.6.Ep", "ZB%J_=83fX.+L-.6.Ep"),
        ("server odmítá spojení, dočasné heslo je d3!V=a=_x3X!4tThr.", "d3!V=a=_x3X!4tThr"),
        ("trả về lỗi 502, mật khẩu tạm thời là %^Ewln5%Qgl~.", "%^Ewln5%Qgl~"),
        ("the staging admin password was rotated this morning, it's now 4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN - thanks", "4w4KZFAr4V4UJo2x3nBJmKWnoDY4wgN"),
        ("the router admin login (admin / basalt-orbit-Willow_76).", "basalt-orbit-Willow_76"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("The password for Single-Sign-On uses user_profile_v2 and settings.db.password; the game's file version as 1.15.4.127.");
    // Found in review: words after a dash or a code word, names, settings and postal codes.
    for text in [
        "Password prompt loops — Outlook2016 clients affected",
        "Ο κωδικός σφάλματος είναι Error404",
        "password = settings.smtp.password_2",
        "Bengaluru, PIN Code: 560001",
        "credential_type: OAuth2-PKCE\napi_key_version: Beta-2024-06\npsk_identity: Client-Device-01\ntoken_ttl: 36h-Rolling9",
    ] {
        assert_untouched(text);
    }
}

#[test]
fn takes_the_password_a_reply_gives_without_naming_it() {
    for (text, password) in [
        ("done, I reset it to Admin123! - please change it at first login", "Admin123!"),
        ("Changed them to 'Xk9#mQ2v7Lp'.", "Xk9#mQ2v7Lp"),
        ("we rotated it back to Lq4#vT8zW1, sorry", "Lq4#vT8zW1"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched("set it to v2.14.3-hotfix; changed it to INV-2025-46791; reset them to defaults; set it back to 1024x768px");
    assert_untouched("offset it to 0x7FFFABCD, then set it to SHA256withRSA");
}

#[test]
fn takes_the_passwords_that_powershell_ldif_and_oracle_logins_hold() {
    for (text, password) in [
        ("$cred = New-Object PSCredential('HRHCS\\svc_backup', (ConvertTo-SecureString 'EbS+cqRBz_*E7Uw2gP8' -AsPlainText -Force))", "EbS+cqRBz_*E7Uw2gP8"),
        ("employeeID: E587892\nunicodePwd:: IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA=\n\ndn: CN=x", "IgBRAHUAYQByAHQAegA4ADgAIwAwAEoAdAB2AEkAIgA="),
        ("unicodePwd:: IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n ==\nmail: x", "IgBNAGEAcgBiAGwAZQAuAGYAYQBsAGMAbwBuACEAMwA1ADkANwAiAA\n =="),
        ("3. sqlplus sys/QQJoUvieD7dGVoUPf@HRPRD as sysdba", "QQJoUvieD7dGVoUPf"),
        ("sqlplus -s app_ro/Wq8vT2mLx9Rk\nexit", "Wq8vT2mLx9Rk"),
        ("\"Tq9#mW2vLx8!\" | ConvertTo-SecureString -AsPlainText -Force", "Tq9#mW2vLx8!"),
        ("convertto-securestring -force -asplaintext -string 'Pa$$w0rd!9x'", "Pa$$w0rd!9x"),
        ("Fallback to the Oracle replica uses lis_ro/YsAzVjbJuz8YY3R@//ora-lis01.halvern.internal:1521/LIS", "YsAzVjbJuz8YY3R"),
        (r#"orthanc.json: "RegisteredUsers": { "pacsadmin": "Meadow!meadow!64" } and"#, "Meadow!meadow!64"),
        ("\"RegisteredUsers\" : {\n    \"pacsadmin\" : \"Heron_velvet*712\"\n  }", "Heron_velvet*712"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // A variable, a reference and a URL path are no passwords.
    assert_untouched("ConvertTo-SecureString $env:SVC_PW -AsPlainText; ConvertTo-SecureString \"$pw\" -AsPlainText\nsqlplus app/${DB_PW}@PRD\nsee https://example.com/a@//b\nConvertTo-SecureString 'x' -Key $key");
    // A secret store's path, and a Sealed Secret's ciphertext.
    let sealed = format!("kind: SealedSecret\nspec:\n  encryptedData:\n    password: AgB{}", "qPiumD/ipdcLr/C6kT9Dn8uhEnP5VY1+hYWkIaSiUxU2ACd8br4lQANwRT".repeat(4));
    assert_untouched(&format!("vault.hashicorp.com/agent-inject-secret-db: \"secret/data/orthanc/db\"\n{sealed}"));
}

#[test]
fn takes_passwords_of_xml_elements_vault_tables_and_more_languages() {
    for (text, password) in [
        (r#"<wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordText">Ember-7078d</wsse:Password>"#, "Ember-7078d"),
        ("<password> qfVMP3CDHaen514Wmzux3* </password>", "qfVMP3CDHaen514Wmzux3*"),
        ("📢 Temporary password for the broker portal: Fjord_4374x\n— Nomvula", "Fjord_4374x"),
        ("Nenosiri la muda la tovuti ya madalali: Tundra=1128s", "Tundra=1128s"),
        ("Kata sandi sementara portal broker: Kestrel%9903w", "Kestrel%9903w"),
        ("Kata laluan sementara portal broker: Glacier?6025u", "Glacier?6025u"),
        ("Parola temporară pentru portalul brokerilor: Indigo%8311o", "Indigo%8311o"),
        (r#""description":"… 2025.\nContraseña temporal del portal de agentes: Monsoon~8933u","#, "Monsoon~8933u"),
        ("كلمة المرور المؤقتة لبوابة الوسطاء: u6#SikpJN1V_*", "u6#SikpJN1V_*"),
        ("पोर्टल का अस्थायी पासवर्ड: =vDyC=Tn3sSH", "=vDyC=Tn3sSH"),
        ("รหัสผ่านชั่วคราวสำหรับพอร์ทัลนายหน้า: Pumice.6180z", "Pumice.6180z"),
        ("Zip password for the records of 2909/707799: wUCGISp0TYjaZ66yceGCQ34pp_ (sent apart)", "wUCGISp0TYjaZ66yceGCQ34pp_"),
        ("> Y cyfrinair dros dro yw 2DDgexu3AHhryXsG – newidiwch ef", "2DDgexu3AHhryXsG"),
        ("> Privremena lozinka je Heron03%A9ZVKYCN, promijenite je", "Heron03%A9ZVKYCN"),
        ("> Привремена лозинка је Anar-871! — промените је", "Anar-871!"),
        ("> Laikinasis slaptažodis: MezGbFKDDw75 – pirmą kartą", "MezGbFKDDw75"),
        ("> Ο προσωρινός κωδικός πρόσβασης είναι: 4j6F3yZJ5dn2D — αλλάξτε τον", "4j6F3yZJ5dn2D"),
        ("> عارضی پاس ورڈ: oib3au2qXJqoA — پہلی بار", "oib3au2qXJqoA"),
        ("> رمز عبور موقت: Heron39!f9UTp — لطفاً", "Heron39!f9UTp"),
        ("> ጊዜያዊ የይለፍ ቃል: Harbour27#kVKfy — በመጀመሪያ", "Harbour27#kVKfy"),
        ("> தற்காலிக கடவுச்சொல்: Larch_ember#763 — முதல்", "Larch_ember#763"),
        ("body: Түр нууц үг: Lantern87#dcaOW — анх", "Lantern87#dcaOW"),
        ("> La contrasenya temporal és DVFyzr5kKC9za9x5e; canvieu-la", "DVFyzr5kKC9za9x5e"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    let vault = "Key                Value\naccess_key         AKIAODBRNOWLYXTO6QAV\nsecret_key         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\nlease_duration     768h";
    assert_eq!(spans(vault), ["api_key/aws:AKIAODBRNOWLYXTO6QAV", "api_key/aws:wAluyQDu0cD6dm1z8Ig31C0ODWsdoMd4nAExGJTV"]);
    // Names, versions and empty or referenced elements.
    assert_untouched("<password></password><password>${DB_PASSWORD}</password><password>********</password>\nPassword rules: Release-2024 and Policy_2024 apply, token flow OAuth2-PKCE-Flow-Enabled");
}

#[test]
fn takes_a_passcode_or_pin_after_its_word() {
    for (text, pin) in [
        ("Meeting ID: 812 4471 0932\nPasscode: 448120\nDial by your location", "448120"),
        ("The SIM's PIN is 4821, PUK in the safe.", "4821"),
        ("Kenncode: 771203", "771203"),
        ("PIN-Code 90210 für das Terminal", "90210"),
    ] {
        assert_eq!(spans(text), [format!("password:{pin}")], "in {text:?}");
    }
    assert_untouched("SPIN 2000 units; PIN 1234-5678 is a part number; Passcode 2024.3 policy; PIN 12");
}

#[test]
fn takes_a_passphrase_of_capitalized_words_and_a_number_after_its_word() {
    assert_eq!(spans("SSID BL-Staff-LON, new passphrase Tower-Bridge-Kettle-42, valid"), ["password:Tower-Bridge-Kettle-42"]);
    assert_untouched("The password for Single-Sign-On is managed by IT; password reset via Self-Service-Portal-2 form.");
}

#[test]
fn redacts_the_password_of_a_net_use_command() {
    for (text, password) in [
        ("net use Z: \\\\fs01\\finance Fin!2024q /user:CORP\\jdoe /persistent:yes", "Fin!2024q"),
        ("NET USE \\\\filer\\ipc$ \"two words\" /USER:admin", "two words"),
        ("Mapped it with `net use \\\\nas\\scans /user:scanner Sc4nner#7` and it works", "Sc4nner#7"),
        ("net use \\\\fs01\\hr /u:CORP\\svc-hr Welcome2024", "Welcome2024"),
    ] {
        assert_eq!(spans(text), [format!("password:{password}")], "in {text:?}");
    }
    assert_untouched(
        "net use \\\\fs01\\hr * /user:CORP\\jdoe; net use \\\\fs01\\hr %PW% /user:x\n\
             net use \\\\fs01\\hr /user:CORP\\jdoe fails with error 1326\n\
             net use Z: \\\\fs01\\share /persistent:no; the magnet use case \\\\a\\b pw /user:x\n\
             net use \\\\fs01\\finance fails with error 1326 when run with /user:CORP\\jdoe",
    );
}

#[test]
fn curl_with_an_api_key_as_the_user_takes_the_key() {
    assert_eq!(
        spans("curl -u 8f3kQ9xLm2Vb7Tz1Pq4R:X https://acme.freshdesk.com/api/v2/tickets"),
        ["password:8f3kQ9xLm2Vb7Tz1Pq4R:X"]
    );
}

#[test]
fn takes_short_assigned_passwords_with_letters_and_digits_and_compound_password_words() {
    assert_eq!(
        spans(
            "zabbix_db_password = Z4bb1x!db\n\
                 het beheerwachtwoord van de controller is Paxton#Ams01\n\
                 Initialpasswort für das AD-Konto: Hamburg!Start24\n\
                 o acesso: utilizador admin, palavra-passe L0ja-Port0!rt.\n\
                 SECRET_KEY = \"k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o\""
        ),
        [
            "password:Z4bb1x!db",
            "password:Paxton#Ams01",
            "password:Hamburg!Start24",
            "password:L0ja-Port0!rt",
            "password:k#9v!x2m@qz7&w4t(e8y)l1p%u6r=s3o"
        ]
    );
    assert_untouched(
        "api_key_header: X-Api-Key\npassword_policy = strict\ntoken = os.getenv(\"TOKEN\")\n\
             let password = rpassword::prompt_password(\"Password: \")?;\n\
             Das Passwortfeld ist leer. Die Kennwortrichtlinie gilt.",
    );
}

#[test]
fn a_command_continued_onto_the_next_line_still_counts() {
    assert_eq!(
        spans("curl -X POST \\\n  -H 'Accept: text/plain' \\\n  -u admin:Wint3rIsC0ming https://ci.acme.io/job"),
        ["password:Wint3rIsC0ming"]
    );
    assert_untouched("echo curl is installed\n  -u admin:Wint3rIsC0ming");
}

#[test]
fn redacts_a_weak_password_only_where_the_text_says_it_is_one() {
    assert_eq!(
        spans(
            "The wifi password is Summer2024 for guests.\npassword: welcome1\n\
                 Das Passwort lautet Sommer2024.\nReset the password to Admin123! please.\n\
                 Temp password for the kiosk account: Changeme1\nhis password was literally hunter2\n\
                 remettre le mot de passe à Bonjour123; VPN账号：vpn-guest，密码：Vpn@2024"
        ),
        [
            "password:Summer2024",
            "password:welcome1",
            "password:Sommer2024",
            "password:Admin123!",
            "password:Changeme1",
            "password:hunter2",
            "password:Bonjour123",
            "password:Vpn@2024"
        ]
    );
    assert_untouched(
        "The password is hashed with argon2 and stored as sha256.\nPassword policy: version2 \
             applies. The password is SHA256 hashed. Passwords changed in sprint 42 and release 7.",
    );
}

#[test]
fn a_particle_glued_to_a_password_is_not_part_of_it() {
    assert_eq!(
        spans("パスワードはXk9!mQ2vです。비밀번호는 Zp4#wR7t입니다. 密码是Hq8$nV3k。DB 비밀번호는 Hangang#DB7이고"),
        ["password:Xk9!mQ2v", "password:Zp4#wR7t", "password:Hq8$nV3k", "password:Hangang#DB7"]
    );
}

#[test]
fn a_setting_that_names_where_a_secret_is_kept_is_not_one() {
    assert_untouched(
        "helm install redis bitnami/redis --set auth.existingSecret=redis-auth \
             --set grafana.admin.passwordKey=admin-password; secretName: prod-db-creds",
    );
    assert_eq!(
        spans("--set auth.password=Xk9mQ2vL7pZw; secretName: Xk9!mQ2vL7pZ"),
        ["password:Xk9mQ2vL7pZw", "password:Xk9!mQ2vL7pZ"],
        "a value that is not a resource name is still taken"
    );
}

#[test]
fn a_password_flag_mentioned_in_a_sentence_after_a_command_is_not_one() {
    assert_untouched(
        "Older runners use `docker login -u ci -p \"$TOKEN\" reg`, which prints \"WARNING! Using --password via the CLI\".",
    );
}

#[test]
fn a_connection_string_password_that_looks_like_an_identifier_is_still_one() {
    assert_eq!(
        spans("Server=db;User Id=sa;Password=BlueHorseStaple;\n{user: app, password: TrustNoOneEver}"),
        ["password:BlueHorseStaple", "password:TrustNoOneEver"]
    );
}

#[test]
fn code_naming_a_secret_variable_or_type_is_not_a_secret() {
    assert_untouched("const user = { password: hashedPassword, token: accessToken };\nfn f(token: AuthToken) {}");
    assert_eq!(
        spans("password: CorrectHorseBatteryStaple\npassword: \"hashedPassword\","),
        ["password:CorrectHorseBatteryStaple", "password:hashedPassword"],
        "a bare value ending its line, or a quoted one, is still taken"
    );
}

#[test]
fn a_quoted_value_ends_at_its_unescaped_quote() {
    assert_eq!(
        spans(r#"{"user": "ingest", "password": "ab\"c9!Xy_77", "retries": 3}"#),
        [r#"password:ab\"c9!Xy_77"#]
    );
}

#[test]
fn redacts_a_quoted_password_whole_even_with_delimiters_inside() {
    assert_eq!(
        spans("password: \"p@ss w0rd;&x<1\"\n{\"secret\": \"K8s, 'Secr3t' Z\"}"),
        ["password:p@ss w0rd;&x<1", "password:K8s, 'Secr3t' Z"]
    );
}

#[test]
fn redacts_random_values_that_only_look_like_references() {
    assert_eq!(
        spans(
            "jdbc:mysql://db/shop?user=app&password=$0Sr-QQM0U0Zt7$y^&ssl=true \
                 \"api_token\": \"%zIYB$j0zAgVYA!s3%1P\" password=Zfok.PTAXhQ0 \
                 mysql://postgres:TUf6.UoCnLkeP7IasMk4@db-2:3306/shop"
        ),
        [
            "password:$0Sr-QQM0U0Zt7$y^",
            "password:%zIYB$j0zAgVYA!s3%1P",
            "password:Zfok.PTAXhQ0",
            "url_credentials:postgres:TUf6.UoCnLkeP7IasMk4"
        ]
    );
}

#[test]
fn redacts_the_credentials_of_curl_dash_u() {
    assert_eq!(
        spans(
            "curl -u deploy:Tr0ub4dor3x https://api.example.com\n\
                 curl --user=\"ci:K8s#Secr3tZ\" -X POST https://x.example.com"
        ),
        ["password:Tr0ub4dor3x", "password:K8s#Secr3tZ"]
    );
}

#[test]
fn leaves_dash_u_alone_outside_curl_and_quoted_prose_after_a_secret_key() {
    assert_untouched(
        "docker run -u 1000:1000 app; git push -u origin main; curl -u $USER:$TOKEN x\n\
             \"token_uri\": \"https://oauth2.googleapis.com/token\", \
             \"secret\": \"see the vault entry for prod\", password = settings.DbPassword, \
             token: Settings.Default.ApiKey, pwd=$env:DB_PASSWORD",
    );
}

#[test]
fn leaves_short_low_entropy_or_referenced_secret_values_alone() {
    assert_untouched(
        "password=hunter, token: required, passwd: aaaaaaaaaaaa, secret: 12121212, \
             secretary: Kimberly7, the password policy is strict, tests passed: 12345678, \
             password: ${DB_PASSWORD}, token = process.env.GITHUB_TOKEN, \
             api_key=os.environ.get(\"KEY\"), password: ********, secret=<your-secret-here>, \
             Authorization: Bearer <token>, basic functionality",
    );
}

#[test]
fn needs_three_bits_of_entropy_per_character_in_a_secret() {
    assert_eq!(redacted("token=abcdefgh"), "token=[SECRET_1]");
    assert_untouched("token=abcdefgg");
}

#[test]
fn takes_a_secret_value_on_past_letters_outside_ascii() {
    assert_eq!(spans("password: Schlüssel-9x!"), ["password:Schlüssel-9x!"]);
}

#[test]
fn takes_the_secrets_of_network_device_configurations() {
    let config = "\
radius server RAD-PRIMARY
 address ipv4 10.20.0.15 auth-port 1812 acct-port 1813
 key 0 Rad1usSh4red!Key
radius-server host 10.20.0.16 key Tac4csRadius2024
tacacs-server host 10.20.0.17 key 7 0822455D0A16544541
snmp-server community Gr1dOps!RO RO 10
snmp-server user opsmon OPS-GRP v3 auth sha Auth#Pass2291 priv aes 128 Priv#Pass7734
crypto isakmp key Vpn-PSK-8812xq address 203.0.113.5
 pre-shared-key ascii Sub$tation7Psk
username admin privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0
enable secret Subst4tion#Enable
line vty 0 4
 password 7 045802150C2E
key chain OSPF-KEYS
 key 1
  key-string 7 110A1016141D
    set psksecret Fort1PSK-2291
authentication-key \"$9$dkb2oGUiqfT3\"; ## SECRET-DATA
radius-server shared-key cipher Hw-Rad!us-5520
 local-user netops password irreversible-cipher Hw#Local-8841
snmp-agent community read cipher Hw-Snmp-R3ad
";
    let found = password_spans(config);
    assert_eq!(
        found,
        [
            "password:Rad1usSh4red!Key", "password:Tac4csRadius2024", "password:0822455D0A16544541", "password:Gr1dOps!RO",
            "password:Auth#Pass2291", "password:Priv#Pass7734", "password:Vpn-PSK-8812xq", "password:Sub$tation7Psk",
            "password:$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "password:Subst4tion#Enable", "password:045802150C2E", "password:110A1016141D",
            "password:Fort1PSK-2291", "password:$9$dkb2oGUiqfT3", "password:Hw-Rad!us-5520", "password:Hw#Local-8841",
            "password:Hw-Snmp-R3ad",
        ]
    );
}

#[test]
fn leaves_device_commands_without_a_secret_and_prose_about_them_alone() {
    for text in [
        "snmp-server community public RO\nsnmp-server community private RW",
        "key chain OSPF-KEYS\n key 1\n  accept-lifetime 00:00:00 Jan 1 2024 infinite",
        "interface Gi0/1\n key 42",
        "We need to set the radius-server key to something longer next week.",
        "Try the password 7 times before the account locks.",
        "Please enable secret scanning on the repository.",
        "set password expiry to 90 days for the field tablets",
        "username jdoe password reset required after the migration",
        "radius-server host 10.0.0.5 key <shared-secret>",
        "tacacs-server key ${TACACS_KEY}",
        "snmp-server user opsmon OPS-GRP v3 auth sha <auth-pass> priv aes 128 <priv-pass>",
        "    set password ENC",
    ] {
        let found = password_spans(text);
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
}

#[test]
fn takes_the_tenth_sets_password_shapes_words_and_tools() {
    let cases = [
        ("temporary AD password Inverter-Basalt182 (change at first logon)", "Inverter-Basalt182"),
        ("initial password z.eMd4dv@.mNhC, sent by SMS", "z.eMd4dv@.mNhC"),
        ("joined the Wi-Fi with passphrase Sib7yC-PdWPH; portal account created", "Sib7yC-PdWPH"),
        ("Казан офисының Wi-Fi серсүзе: Sabantuy_Idel745. Клиентларга бирмәгез.", "Sabantuy_Idel745"),
        ("Phasewete ea Wi-Fi ea ofisi ea Maseru ke Thaba-Maloti765. U se ke ua e arolelana", "Thaba-Maloti765"),
        ("Okwuntughe Wi-Fi nke ọfịs Enugu bụ Anyanwu_Obodo570. Ekekọrịtala ya", "Anyanwu_Obodo570"),
        ("Modpas Wi-Fi biwo Jakmèl la se Ayiti+Kenskoff790. Pa bay kliyan l.", "Ayiti+Kenskoff790"),
        ("VPN account c-76720, TOTP seed 3POM4ECEGBFFHNSUS5HKJFZ3F552457Z (sent by SMS)", "3POM4ECEGBFFHNSUS5HKJFZ3F552457Z"),
        ("otpauth://totp/Kelverne:ops?secret=JBSWY3DPEHPK3PXPQ4ZRSTUV&issuer=Kelverne", "JBSWY3DPEHPK3PXPQ4ZRSTUV"),
        ("snmp-server host 10.43.34.152 version 2c Skerry%Pylon88", "Skerry%Pylon88"),
        ("$ snmpwalk -v2c -c Inverter%Bracken260 10.41.19.56 1.3.6.1.2.1.1", "Inverter%Bracken260"),
        ("rocommunity Inverter%Bracken260 10.41.24.0/24", "Inverter%Bracken260"),
        ("82.103.215.116 185.109.250.189 : PSK \"X7%r?lh0s~ixtt.DcFCsC_~P\"", "X7%r?lh0s~ixtt.DcFCsC_~P"),
        ("config wifi-iface\n\toption key 'Voltage*Marram47'", "Voltage*Marram47"),
        ("vault_snmp_community: Lantern_Basalt587", "Lantern_Basalt587"),
    ];
    for (text, password) in cases {
        let found = password_spans(text);
        assert_eq!(found, [format!("password:{password}")], "in {text:?}");
    }
}

#[test]
fn leaves_the_look_alikes_of_the_tenth_sets_password_rules_alone() {
    for text in [
        "the password policy Version-Control2 applies",
        "password for build-agent-0042 host",
        "community: Kelverne Energy forum",
        "bash -c 'echo hi' && psql -c 'select 1'",
        "the MFA key AAAAAAAAAAAAAAAAAAAA is a placeholder",
        "snmp-server host 10.0.0.9 version 2c public",
        "option key '1'",
    ] {
        let found = password_spans(text);
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
}

#[test]
fn takes_named_values_a_chat_answer_after_a_lead_in_and_values_with_an_ampersand() {
    let cases = [
        (r#"{"key":"AuthorizationKey","value":"1c5c65565b04dbf9ad9347c786e3d1b658273416"}"#, "1c5c65565b04dbf9ad9347c786e3d1b658273416"),
        ("env:\n  - name: DB_PASSWORD\n    value: Xk9mQ2vL7pZr\n  - name: LOG_LEVEL\n    value: debug", "Xk9mQ2vL7pZr"),
        ("Who has the HMI password? The laptop locked me out.\nOwain Pritchard  17:29\nit's y.D-j~VeMcD7@I — engineer account.", "y.D-j~VeMcD7@I"),
        ("client sub-sw-01 {\n    secret = Y0&=y66KAZK$V!GEG*\n}", "Y0&=y66KAZK$V!GEG*"),
        ("# new secret: g!9r3a&jvl7w~0-PPc4%?ZIS", "g!9r3a&jvl7w~0-PPc4%?ZIS"),
        ("snmp-server community Falcon.Kestrel671 RO 10", "Falcon.Kestrel671"),
    ];
    for (text, password) in cases {
        let found = password_spans(text);
        assert_eq!(found, [format!("password:{password}")], "in {text:?}");
    }
    for text in [
        "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:",
        r#"[{"name":"TOKEN_TTL","value":"3600"},{"name":"SECRET_NAME","value":"prod-db-creds"}]"#,
        r#"{"key":"HeartbeatInterval","value":"300"}"#,
        "https://example.com/login?password=&user=ann",
    ] {
        let found = password_spans(text);
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
}

#[test]
fn takes_passwords_after_an_accounts_label_glued_keys_and_dotted_random_values() {
    let cases = [
        ("* Call-centre softphone admin: nhX9BJhdS_3zs3u1e", "nhX9BJhdS_3zs3u1e"),
        ("for the record the EPU PC local admin is uGdn#MiBaVxT0v6X4n and the store", "uGdn#MiBaVxT0v6X4n"),
        ("Local admin isukvYVCZ2O*nY. Responsible: Henri", "isukvYVCZ2O*nY"),
        ("added. temp pw tb.g0xCTBFxund1, tell them to change it", "tb.g0xCTBFxund1"),
        ("* IPMI: user ADMIN, password xzwbOJr4klW.ADI", "xzwbOJr4klW.ADI"),
        ("$CFG->dbpass    = '2PBflKQO6vPT';", "2PBflKQO6vPT"),
        ("ldap_default_authtok = u%NW_1lEAxHG5YcElL0", "u%NW_1lEAxHG5YcElL0"),
        ("SPACES_SECRET=/YUba4kb1xpvZTEjrx9uW6V6xgpbgMgicQFGXywcGPx", "/YUba4kb1xpvZTEjrx9uW6V6xgpbgMgicQFGXywcGPx"),
        ("Nupela paswot bilong Wi-Fi long lab (KeldaLab-2G): Mun_diwai#8848", "Mun_diwai#8848"),
        ("Lo Wi-Fi del laboratòri a cambiat: lo mot de passa es Solelh-aiga!91 — l'escrigatz pas", "Solelh-aiga!91"),
    ];
    for (text, password) in cases {
        let found = password_spans(text);
        assert_eq!(found, [format!("password:{password}")], "in {text:?}");
    }
    for text in [
        "The admin is Keycloak; the local admin: jdoe, see the admin console.",
        "Ask the sysadmin: svc_Backup01 runs the job (admin = true)",
        "The bypass = on, compass = 270",
        "OAuth2.1 and Python3.11 are fine; Win10x64.iso boots",
        "SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt",
    ] {
        let found = password_spans(text);
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
}

#[test]
fn takes_application_keys_salts_and_the_tokens_of_learning_and_package_tools() {
    let cases = [
        ("APP_KEY=base64:ef9iAxRVIpNaF3GqO/+n6va8cp5aTQ1InrxirqjxzzY=", "password:ef9iAxRVIpNaF3GqO/+n6va8cp5aTQ1InrxirqjxzzY="),
        ("API token is 4892~SJvDmjr1j3UztSRTXqiMScDJU7hfKWFCfzm2LDeojBn0EYwzwo1QyKRtSsB2WnYD (generated", "password:4892~SJvDmjr1j3UztSRTXqiMScDJU7hfKWFCfzm2LDeojBn0EYwzwo1QyKRtSsB2WnYD"),
        ("  - https://conda.example.net/t/ul-813f2d66-6088-44fd-b4ac-befa821a260a/tmu-private", "password:ul-813f2d66-6088-44fd-b4ac-befa821a260a"),
        ("S3 key ASIAKB6HQPENACMBHYUH, secret 5SctK/ALN5Zt66GtU36NefnNRcM9aS/prSNy1xE9", "api_key/aws:5SctK/ALN5Zt66GtU36NefnNRcM9aS/prSNy1xE9"),
        ("provider \"aws\" {\n  access_key = \"AKIAXDDUXFU32YMTE6EO\"\n  secret_key = \"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\"\n}", "api_key/aws:9XyqKx9Vtqz4uDemaQ+Rg/r7tKwT9xUDzLOJZL9H"),
        ("storage account tmulecturecap, key1 = hhP00PJXoTJWeZyWAZboPyr/ykOUPNkYEUs4L72CYNLkFt02sV2AdVHcLSirUR3JM43Cgrgj5Y1EOar8Ehh2jw==", "api_key/azure:hhP00PJXoTJWeZyWAZboPyr/ykOUPNkYEUs4L72CYNLkFt02sV2AdVHcLSirUR3JM43Cgrgj5Y1EOar8Ehh2jw=="),
        ("$salt       = '3c49474d376b2ea7';", "password:3c49474d376b2ea7"),
        ("idp.persistentId.salt = hbKYr2svCpY3fPp1GVDoD4g8D0WR96i+", "password:hbKYr2svCpY3fPp1GVDoD4g8D0WR96i+"),
        ("$CFG->passwordsaltmain = 'sPVo6b8zvdaNLBkwvlI4Ay#0EhN%NDemd6IYu8#7';", "password:sPVo6b8zvdaNLBkwvlI4Ay#0EhN%NDemd6IYu8#7"),
        ("$CFG->passwordsaltalt1 = 'Xk29fjQp0aLz8WqRt5';", "password:Xk29fjQp0aLz8WqRt5"),
    ];
    for (text, span) in cases {
        let found = spans(text);
        assert!(found.contains(&span.to_owned()), "in {text:?}: {found:?}");
    }
    for text in [
        "salt_rounds = 12, bcrypt.gensalt(), Salted hash, BASALT=granite, saltiness: Xk29fjQp0aLz8Wq",
        "passwordsaltgenerator = SecureRandom1x, passwordsaltalgorithm: PBKDF2WithHmacSHA256",
        "LARAVEL_VERSION=base64:not-a-key, see ~/.ssh/id_rsa and ~1234",
        "https://conda.anaconda.org/conda-forge/t/",
    ] {
        assert!(spans(text).is_empty(), "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn a_quoted_dotted_literal_with_a_digit_is_a_password_and_a_quoted_path_is_not() {
    assert_eq!(spans("$password   = 'twm.HisxFi3h';"), ["password:twm.HisxFi3h"]);
    for text in ["password = \"settings.db.password\"", "password: 'config.db2.password'", "password = \"getenv(DB2_PASS)\""] {
        assert!(spans(text).is_empty(), "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn keeps_the_reviews_look_alikes_of_the_eleventh_sets_secret_rules() {
    for text in [
        "the admin JSmith22 approved the change",
        "Password expired on ESXi7.0U3 hosts; reset it to ESXi7.0U3 and reboot",
        "admin: Srv01-DB.corp; Password policy applies to Ubuntu22.04LTS images",
        "password = \"config.Db2Pass.value\"; secret: 'com.example.S3Config'",
        "password_hasher: 'django.contrib.auth.hashers.Argon2PasswordHasher'",
        "secret_file: /etc/ssl/private/Wildcard2024ExampleCom.key",
        "token: ~/.config/gh/HostsBackup2024CopyAbc99",
        "publicKey: base64:MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEa1b2c3d4e5f6",
        "cache_key=base64:aGVsbG8gd29ybGQgdGhpcyBpcyBhIGNhY2hlIGtleQ==",
        "monkey: base64:aGVsbG8gd29ybGQgdGhpcyBpcyBhIGNhY2hlIGtleQ==",
        "SaltStack: Salt3006.4 master; salt-master: Salt01-Prod; BASALT=Ab12Cd34Ef56",
        "Ask Crae about the Build#4521 failure",
        "sha256 1234~0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
    ] {
        let found = password_spans(text);
        assert!(found.is_empty(), "in {text:?}: {found:?}");
    }
    for (text, password) in [
        ("admin otp seed JBSWY3DPEHPK3PXP7Q2A", "JBSWY3DPEHPK3PXP7Q2A"),
        ("user: bob\npw: Xk9#mQ2vL7pZ", "Xk9#mQ2vL7pZ"),
        ("local admin pw: Xk9#mQ2vL7pZ", "Xk9#mQ2vL7pZ"),
        ("admin salt: f7a9e2c4b1d83a6e", "f7a9e2c4b1d83a6e"),
    ] {
        let found = password_spans(text);
        assert_eq!(found, [format!("password:{password}")], "in {text:?}");
    }
}

#[test]
fn takes_passwords_after_the_words_of_the_twelfth_sets_languages() {
    for (text, password) in [
        ("Wi-Fi pa ri kʼolibʼal — ewal tzij: Fjord-bramble-63-Zephyr", "Fjord-bramble-63-Zephyr"),
        ("Wi-Fi di ofisina — kontraseña: Vafow1!bWIDI1T0~", "Vafow1!bWIDI1T0~"),
        ("Wi-Fi de Estambol — kontrasenya: Cobalt-kelp-marram-99", "Cobalt-kelp-marram-99"),
        ("Wi-Fi n tnarit — awal uffir: Zephyr-heron-12-Harbour", "Zephyr-heron-12-Harbour"),
        ("Офис Wi-Fi — кистэлэҥ тыл: Vellum-marram-54-wren", "Vellum-marram-54-wren"),
        ("Wi-Fi e Suva — vosa vuni: Pumice-meridian-59-cobalt", "Pumice-meridian-59-cobalt"),
        ("Wi-Fi iti opisina — sekreto a balikas: Kelp-kestrel-50-fjord", "Kelp-kestrel-50-fjord"),
        ("Wi-Fi — တၢ်ကတိၤခူသူၣ်: Larch-saffron-15-kelp", "Larch-saffron-15-kelp"),
        ("נעץ BFH-Gast, פּאַראָל: Quartz-gannet-87-bramble", "Quartz-gannet-87-bramble"),
        ("ʻŌlelo huna: Fjord-juniper-quartz-39 (Wi-Fi o ke keʻena)", "Fjord-juniper-quartz-39"),
        ("Kantuvrra Wi-Fi beassansátni: Meridian-kestrel-61-copper", "Meridian-kestrel-61-copper"),
        ("Allaffiup Wi-Fi-ata isissutissaq: Harbour6141=Cobalt", "Harbour6141=Cobalt"),
        ("Wi-Fi do burô — mot d' passe: Fjord-willow-75-marram", "Fjord-willow-75-marram"),
        ("آفيس جي وائي فائي جو پاسورڊ: Dulcet2820=Indigo", "Dulcet2820=Indigo"),
        ("Wi-Fi ya biro — liloba ya sekele: FGbX-MKsCo*nROOa", "FGbX-MKsCo*nROOa"),
        ("Wi-Fi waajjira — jecha darbii: Thistle-pumice-harbour-52", "Thistle-pumice-harbour-52"),
        ("Wifi op 't kantoor — wachwaord: DabNyVy+8G2wD*", "DabNyVy+8G2wD*"),
        // A password word's own value may be a passphrase in small letters only.
        ("Wi-Fi pa ri kʼolibʼal — ewal tzij: fjord-bramble-63-zephyr", "fjord-bramble-63-zephyr"),
        ("Office Wi-Fi — Kata sandi: vellum-marram-54-wren", "vellum-marram-54-wren"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // After another label, or as a host's name, small-letter words stay; so do settings and
    // a product's year.
    for text in [
        "password hint: build-agent-0042-east",
        "Service account password expired on sql-prod-east-01 last night.",
        "The new password is valid-for-24-hours only.",
        "Password reset-token-expires-after-24-hours per policy",
        "Password flags: PasswordNeverExpires=True",
        "Password requirements: UpperCase+LowerCase+Symbol",
        "Password policy: Windows2019=Enforced",
        "Password policy applied: Windows10=True",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_passwords_after_the_words_of_the_thirteenth_sets_languages() {
    for (text, password) in [
        ("WLAN in't Kontor: Gast, Passwoort: Ketel42#Wrack", "Ketel42#Wrack"),
        ("Wi-Fi biro: Staff, mo-de-pas: Qz7!kLmWp2vR", "Qz7!kLmWp2vR"),
        ("Wi-Fi eskritóriu: Staff, liafuan-xave: Rompe77#Tasi", "Rompe77#Tasi"),
        ("ވައިފައި ޕާސްވޯޑް: Lagoon35!Reef", "Lagoon35!Reef"),
        ("Wi-Fi: Staff, gundo daɲɛ: Niger58%Pont", "Niger58%Pont"),
        ("Wi-Fi: Staff, къайладош: Lam77!Terek", "Lam77!Terek"),
        ("Wi-Fi: Staff — сусæг дзырд: Ir42#Dzaeu", "Ir42#Dzaeu"),
        ("Wi-Fi: Staff, mawu achinsinsi: Shire27!Zomba", "Shire27!Zomba"),
        ("Wi-Fi long ofis: Staff, pasword: Nakamal44%Efate", "Nakamal44%Efate"),
        ("Wi-Fi: Staff, lefoko la sephiri: Kgalagadi31#Pula", "Kgalagadi31#Pula"),
        ("Wi-Fi: Staff, ahintasɛm: Volta83!Ashanti", "Volta83!Ashanti"),
        ("Wi-Fi: Staff, parau huna: Moana62^Tiare", "Moana62^Tiare"),
        ("Wi-Fi: Staff — ekigambo ky'ekyama: Nalubaale90!Jinja", "Nalubaale90!Jinja"),
        ("Wi-Fi: Staff, u tʼaanil ookol: Cenote18*Uxmal", "Cenote18*Uxmal"),
        ("Wi-Fi: Staff, sekretu na finoʼ: Latte45!Tumon", "Latte45!Tumon"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // The Mauritian and Bislama words in other sentences.
    for text in ["Mo de pas la ek mo frer.", "We no pasword long hem.", "The pasword field is empty."] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_passwords_after_the_words_of_the_fourteenth_sets_languages() {
    for (text, password) in [
        ("A clau d'acceso d'o wifi ye Quince&cedar233, no la dez.", "Quince&cedar233"),
        ("La palabra-passe de l Wi-Fi ye Cedar#harbour257 (nun la dar).", "Cedar#harbour257"),
        ("A palora d'accessu dû wifi è Quince&ember470, nun a dati.", "Quince&ember470"),
        ("The staff wifi passwird is Juniper&atoll053 — dinnae gie it.", "Juniper&atoll053"),
        ("Гесло до Wi-Fi про персонал: Quince#sorrel942", "Quince#sorrel942"),
        ("Ажалшадай Wi-Fi нюуса үгэ: Cedar#coral063", "Cedar#coral063"),
        ("Аусзуҩцәа рзы Wi-Fi амаӡа ажәа: Granite#atoll846", "Granite#atoll846"),
        ("کارمندانی Wi-Fi ءِ رازی گال: Fjord-coral918", "Fjord-coral918"),
        ("कामगारांच्या Wi-Fi चें गुपीत उतर: Granite-zephyr833", "Granite-zephyr833"),
        ("ᱠᱟᱹᱢᱤᱭᱟᱹ ᱠᱚᱣᱟᱜ Wi-Fi ᱫᱟᱱᱟᱝ ᱟᱲᱟᱝ: Tamarind#cobalt351", "Tamarind#cobalt351"),
        ("ज्यामिपिनिगु Wi-Fi सुलाःगु खँग्वः: Coral!fjord711", "Coral!fjord711"),
        ("Dɔwɔlawo ƒe Wi-Fi nya ɣaɣla: Zephyr-marigold525", "Zephyr-marigold525"),
        ("Ing amanung lihim ning Wi-Fi: Atoll#coral772", "Atoll#coral772"),
        ("Te kupu muna Wi-Fi: Cobalt#obsidian038", "Cobalt#obsidian038"),
        ("Phasiwedi ya Wi-Fi ya vatirhi: Quince#basalt210", "Quince#basalt210"),
        ("Personal için Wi-Fi parolası: Lantern&cedar591", "Lantern&cedar591"),
        // Crimean Tatar's word was known; a second word in small letters was not.
        ("Hadimler içün Wi-Fi paroli: Sorrel-lantern996", "Sorrel-lantern996"),
        ("SSID OHG-Event-03, password Obsidian-cobalt407. Valid until Friday.", "Obsidian-cobalt407"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // A pair that names something else, after another label or "on"; a word that goes on.
    for text in ["password hint: Build-agent-0042", "The password expired on Build-agent07", "password policy applied to Office-laptop12", "Kupu mua no te Wi-Fi", "the parolasız login"] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn keeps_an_ampersand_in_a_value_that_runs_to_the_end_of_its_line() {
    let config = "ssid=Orlavea-Events\nwpa_passphrase=Lagoon&basalt609\nauth_server_addr=10.39.116.140";
    assert_eq!(password_spans(config), ["password:Lagoon&basalt609"]);
    assert_eq!(password_spans("wpa_passphrase=Lagoon&basalt609"), ["password:Lagoon&basalt609"]);
    // Up to a blank or a comma, when no `=` follows.
    assert_eq!(password_spans("wpa_passphrase=Lagoon&basalt609 # home network"), ["password:Lagoon&basalt609"]);
    assert_eq!(password_spans("user=app password=Xk9#vR2!&pL7q host=db01"), ["password:Xk9#vR2!&pL7q"]);
    // A query string's next parameter, bare or not, a shell's `&&` and a trailing `&` end it.
    assert_eq!(password_spans("GET /login?password=Xk9mQ2v7Lp&user=jdoe"), ["password:Xk9mQ2v7Lp"]);
    assert_eq!(password_spans("https://x.example/reset?token=8f3kQ9zLmP2x&redirect"), ["password:8f3kQ9zLmP2x"]);
    assert_eq!(password_spans("export PASSWORD=Pa55word&&./run.sh"), ["password:Pa55word"]);
    assert_eq!(password_spans("password=Xk9mQ2v7Lp& more"), ["password:Xk9mQ2v7Lp"]);
}

#[test]
fn reads_a_password_manager_as_where_the_password_is_kept() {
    assert!(password_spans("password: ******** (see 1Password vault \"Front Office Goa\")").is_empty());
    assert!(password_spans("the password is in 1Password").is_empty());
}

#[test]
fn takes_the_secrets_of_a_vault_listing() {
    let listing = "$ vault kv get secret/ota/booking-engine\n====== Data ======\nKey            Value\n---            -----\nusername       ohg-be\npassword       YZo-kViHkTFgYMd%\nhmac_secret    69e5c3797d1adc428b1e23c9acadf6a8f00f96339bd57cce\ntoken_ttl      768h\napi_token      ${OTA_TOKEN}\n\nhmac_secret    6a47c5c41f3b2e1d";
    assert_eq!(password_spans(listing), ["password:YZo-kViHkTFgYMd%", "password:69e5c3797d1adc428b1e23c9acadf6a8f00f96339bd57cce"]);
    // Keys that hold no secret, and values that are names or paths.
    let keys = "Key            Value\n---            -----\npublic_key     AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\nnext_token     eyJvZmZzZXQiOjEwMH0=\nssh_key        ~/.ssh/id_ed25519\nsort_key       created_at_desc_v2\nencryption_key aes256-gcm96";
    assert!(password_spans(keys).is_empty(), "{:?}", password_spans(keys));
    // Without the listing's header, a key and a value on a line are not read.
    assert!(password_spans("Key  Name\n---  ----\nhmac_secret    69e5c3797d1adc428b1e23c9acadf6a8f00f96339bd57cce").is_empty());
}

#[test]
fn takes_a_pair_after_an_address_or_a_wifi_network() {
    for (text, password) in [
        ("litsupport@brackenfold.example / Indigo-basalt-corvid-63 (expires Friday)", "Indigo-basalt-corvid-63"),
        ("and the guest Wi-Fi is BFH-Guest / kelp-gannet-91-tundra", "kelp-gannet-91-tundra"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // A host's name after a slash, no Wi-Fi, no address: not a password.
    assert!(password_spans("primary / web-prod-01-east after the failover").is_empty());
    for text in [
        "mirror of ops@example.com / build-agent-0042-east",
        "Mailbox migrated: jdoe@firm.example / Exchange2019 to Exchange Online",
        "Wi-Fi controller: wlc-hq-01 / wlc-branch-east-02",
        "WLAN VLANs: staff-vlan / guest-wifi-vlan-30",
        "Wi-Fi calling issue on iPhone15 / Pixel8",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn a_closing_tag_of_a_password_element_announces_nothing_after_it() {
    assert_eq!(
        password_spans("<wsse:Username>broker</wsse:Username><wsse:Password Type=\"#PasswordText\">Capstan31%iMLf8o</wsse:Password><wsse:Nonce>ERUX4AArvVWMWqSgTrkOzg==</wsse:Nonce>"),
        ["password:Capstan31%iMLf8o"]
    );
}

#[test]
fn takes_the_password_of_a_python_auth_pair() {
    for (text, password) in [
        ("r = requests.post(url, auth=(\"cfg-aes-hou\", \"Giqq@8bln9P+g50\"), json=payload)", "Giqq@8bln9P+g50"),
        ("session.auth = ('svc', 'Ballast93+mJ8dZF')", "Ballast93+mJ8dZF"),
        ("requests.get(u, auth=HTTPBasicAuth(\"api\", \"Xk9!mQ2v7\"))", "Xk9!mQ2v7"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    for text in [
        "auth=(\"user\", \"password\")",
        "auth=(\"user\", \"${API_PASSWORD}\")",
        "auth=('user', '****')",
        "route_auth=(\"GET\", \"/api/v1/users\")",
        "@require_auth=(\"admin\", \"Superuser2\")",
        "cfg.auth=(\"bearer\", \"token\")",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_the_value_of_an_x_api_key_header() {
    assert_eq!(
        password_spans("curl -H 'X-API-Key: d6d9f0f672179858f057559fd9a49201' https://pcs.example/v1"),
        ["password:d6d9f0f672179858f057559fd9a49201"]
    );
}

#[test]
fn takes_the_labelled_value_after_a_wireless_networks_name_in_any_language() {
    for (text, password) in [
        ("Wi-Fi ya klînîka Amedê: MVG-Staff, şîfre: Marigold.Sorrel-188 (tenê ji bo karmendan).", "Marigold.Sorrel-188"),
        ("Wi-Fi ᏔᎵᏆ clinic: MVG-Staff, ᎤᏕᎵᏛ ᎧᏁᎢᏍᏗ: dEW&sy2JF&t!", "dEW&sy2JF&t!"),
        ("ᐃᖃᓗᐃᑦ Wi-Fi: MVG-Staff, ᐃᑎᕐᓂᕐᒧᑦ ᐅᖃᐅᓯᖅ: 8z5zpUluILJm", "8z5zpUluILJm"),
        ("WLAN w klinice Chóśebuz: MVG-Staff, gronidło: ox31S8xjSLVPI", "ox31S8xjSLVPI"),
        ("Wi-Fi: \"MVG-Staff\", şîfre: \"Marigold.Sorrel-188\"", "Marigold.Sorrel-188"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // The network's settings, and values no password is written as.
    for text in [
        "Wi-Fi: MVG-Staff, security: WPA2-Personal1",
        "Wi-Fi: MVG-Staff, Sicherheit: WPA2-Personal",
        "Wi-Fi: MVG-Staff, band: 5GHz-80MHz-ax6",
        "Wi-Fi: MVG-Staff, EAP method: PEAP-MSCHAPv2",
        "Wi-Fi: MVG-Staff, Bandbreite: 160MHz-HE",
        "Wi-Fi: MVG-Staff, printer: HP-LaserJet-M404dn",
        "Wi-Fi: MVG-Staff, VLAN: 30, coverage: ward-b-east",
        "wifi: enabled, portal: https://portal.example/login",
        "Wi-Fi: MVG-Staff, channel 36: 2024-05-01T10:00",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_the_value_after_a_label_of_its_own_on_a_wireless_networks_line() {
    for (text, password) in [
        ("Biro Wi-Fi gom-solgre: aS^eJFDk__DU1Or", "aS^eJFDk__DU1Or"),
        ("Wi-Fi de office Bor, wël ë thiaan: E%-Ymk8h6_2sf2 — duk ye lɛk raan.", "E%-Ymk8h6_2sf2"),
        ("Офисан Wi-Fi къайла дош: xni8shI&N.+lVjg^CD", "xni8shI&N.+lVjg^CD"),
        ("Field office Wi-Fi (Vai): ꔨꔱ ꔖꔇ ꖏ: F!7tmJ=N&1.dx", "F!7tmJ=N&1.dx"),
        ("دفتر دا وائی فائی ڳجھا لفظ: AkvO1*sVeguZ", "AkvO1*sVeguZ"),
        // Ethiopic's colon, and `dBm` inside a random value.
        ("ዋይፋይ ቃል ምስጢር፡ vGb~t!dBmTK~C3bQ5Jr", "vGb~t!dBmTK~C3bQ5Jr"),
        ("Di ɔfis Wi-Fi paswɔd na CmTl&LINl39HV=h0i — nɔ tɛl ɛnibɔdi.", "CmTl&LINl39HV=h0i"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // A password word's value earlier on the line is still found.
    assert_eq!(
        password_spans("qonaq Wi-Fi şifrəsi Konark_kobuleti-4723, planşetlər üçün ayrıca şifrə: NI+o@M+pH.rD_7_+E.US"),
        ["password:Konark_kobuleti-4723", "password:NI+o@M+pH.rD_7_+E.US"]
    );
    // The network's name right after the Wi-Fi word, its settings, measures and words; names,
    // models, ids and builds under any label; a Wi-Fi word inside another; part of a word.
    for text in [
        "Guest Wi-Fi: Thornvale-Guest-5G",
        "Wi-Fi (5 GHz) signal: -67dBm, MCS: HE-MCS11",
        "Wi-Fi bureau, sécurité: WPA2-Enterprise",
        "Wi-Fi SSID: TRI-Field-Ops!2024",
        "Wi-Fi down again, ticket: INC-20931",
        "Wi-Fi controller 3, uptime: 12d4h33m",
        "Wi-Fi connected to: ATTtM8n9Ri",
        "Wi-Fi nombre de red: MOVISTAR_7F2a9",
        "Wi-Fi issue on host: MacBookPro18,3",
        "WLAN Modell: FRITZ!Box7530AX",
        "[WiFi] Connecting to: FRITZ!Box7530XY",
        "Wi-Fi speed: 1200Mbps",
        "Wi-Fi Request ID: 7Hq2mXk9LpQ3",
        "Wi-Fi build tag: v2.4.1+g3f9aB2c",
        "WLAN-Störung behoben, Ursache: Firmware-Bug#42",
        "WiFi Router Review — Verdict: Best4Gamers!",
        "Wi-Fi profile hash: 5Yk3JmQ8vR2pL9xW4nT7bH1cF6gD0sA3eZ8uI5oK2jM=",
        "D/WifiService: session: Xk9mQ2vL7pZ!",
        "Connected via corp-wifi-ap3, session: Xk9mQ2vL7pZ!",
        "Wi-Fi hotspot: Starbucks7Zürich",
        "ዋይፋይ፡ራውተር፡TP-Link_Archer7a",
        "Wi-Fi client: 2001:db8:cafe:beef:face:1%wlan0",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_a_wireless_networks_key() {
    for (text, password) in [
        ("Depot Wi-Fi: SSID CFG-RTM-Ops, WPA2 key *Tu^O7VoO9Cbc!EbhhzB (on the board)", "*Tu^O7VoO9Cbc!EbhhzB"),
        ("new scanner Wi-Fi key for SIN-WH1 is l0#H=iSG758aQJg, APs reboot at 22:00", "l0#H=iSG758aQJg"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // A setting in prose after a password word stays a setting, whatever its value.
    for text in [
        "The WPA2 key rotation runs monthly.",
        "Wi-Fi key for SIN-WH1 is on the board",
        "password policy: min_length=12, MaxAge=90d",
        "password hashing config: argon2=Argon2id19",
        "password validator: rule1=MinLen12",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_a_random_key_or_token_after_its_word_in_prose() {
    for (text, key) in [
        ("lock hub 4.2.7.210, cloud key XHmSqy4wb5TqNi0X9G6Y3X0zyI1H4r8O96ooXu88. Admin PIN is in the vault.", "XHmSqy4wb5TqNi0X9G6Y3X0zyI1H4r8O96ooXu88"),
        ("the API key is Xk9mQ2vL7pZr4TbW8nHs", "Xk9mQ2vL7pZr4TbW8nHs"),
        ("device token: q8Ft3Zk1Lw9Rb2Mn7Vx4Jc6", "q8Ft3Zk1Lw9Rb2Mn7Vx4Jc6"),
        ("token: q8Ft3Zk1Lw9Rb2Mn7Vx4Jc6", "q8Ft3Zk1Lw9Rb2Mn7Vx4Jc6"),
        ("access key wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY2k, rotated", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY2k"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{key}")], "in {text:?}");
    }
    // An identifier, a digest, a licence key in capitals, a path, a word inside another, a
    // token that goes on.
    for text in [
        "primary key userAccountId2024Ledger",
        "idempotency key 3f9a2b7c4d1e8f6a5b0c9d2e",
        "licence key ABCD2-EFGH3-IJKL4-MNOP5-QRST6",
        "object key reports/2024/Q1Summary2024Final.pdf",
        "monkey Xk9mQ2vL7pZr4TbW8nHs",
        "tokens Xk9mQ2vL7pZr4TbW8nHs",
        "key Xk9mQ2vL7pZr4TbW8nHs.example.com",
        "public key: Xk9mQ2vL7pZr4TbW8nHs",
        "cursor token dXNlcjoxMjM0NTY3ODkwYWJjZGVmZ2hpams",
        "site key 0x4AAAAAAAB5Vk2mQ9xLp7Rt",
        "feature flag key is newCheckout2Flow3Enabled",
        "api key newCheckout2Flow3Enabled",
        "ssh key AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl",
    ] {
        assert!(password_spans(text).is_empty(), "in {text:?}: {:?}", password_spans(text));
    }
}

#[test]
fn takes_what_vault_and_gcloud_print_for_a_secret() {
    assert_eq!(password_spans("$ vault kv get -field=password secret/fm/bms/niagara-admin\npndo!GU%KAgv7%Z~VP"), ["password:pndo!GU%KAgv7%Z~VP"]);
    assert_eq!(password_spans("$ gcloud secrets versions access latest --secret smtp_relay\nq7Lm2Vx9Rt4Kp8"), ["password:q7Lm2Vx9Rt4Kp8"]);
    // Another field (one that only starts with a secret's word), another value, a message.
    assert!(password_spans("$ vault kv get -field=username secret/fm/bms\nniagara-admin7").is_empty());
    assert!(password_spans("$ vault read -field=token_ttl auth/token/lookup-self\n768h0m0s").is_empty());
    assert!(password_spans("$ gcloud secrets versions access latest --secret api-base-url\nhttps://api2.example.com/v1").is_empty());
    assert!(password_spans("$ vault kv get -field=password secret/fm/bms\nNo value found at secret/fm/bms").is_empty());
}

#[test]
fn takes_a_value_whose_halves_read_as_a_passwords_around_a_sign() {
    for (text, password) in [
        ("Wi-Fi sa lobby: Wrenhollow-Iloilo, tinago nga pulong: m57=PK9IyWf1M", "m57=PK9IyWf1M"),
        ("Коридорин Wi-Fi Wrenhollow-Elista, нууц үг: U=_dNbB3B~p2+-GokI+d", "U=_dNbB3B~p2+-GokI+d"),
    ] {
        assert_eq!(password_spans(text), [format!("password:{password}")], "in {text:?}");
    }
    // After a key that names a secret, the value alone is the password.
    assert_eq!(
        password_spans("hist01 ansible_host=10.46.42.124 ansible_user=Administrator ansible_password=3P5kHVdC%NJ5Dm ansible_connection=winrm"),
        ["password:3P5kHVdC%NJ5Dm"]
    );
    // Settings: a word before the sign.
    assert!(password_spans("Wi-Fi policy rules: min_length=12").is_empty());
    assert!(password_spans("password storage: scheme=PBKDF2Sha256").is_empty());
    // A network's name of words and a number is no password, whatever its label.
    assert!(password_spans("Lobby Wi-Fi, Standort: Calder-Mills-Lobby-2").is_empty());
}

#[test]
fn a_secret_managers_name_and_version_is_no_password() {
    for text in [
        "gcloud run deploy api --set-secrets=DB_PASSWORD=db-password:latest",
        "secret: stripe-api-key:3",
        "password: prod_db_password:latest",
    ] {
        assert_eq!(password_spans(text), Vec::<String>::new(), "{text}");
    }
    // A value with a version that names no secret, or is no lowercase name, is still taken.
    for (text, password) in [
        ("password: correct-horse-battery:latest", "correct-horse-battery:latest"),
        ("DB_PASSWORD=Xk9mQ2vL7pZ:12", "Xk9mQ2vL7pZ:12"),
    ] {
        assert_eq!(password_spans(text), vec![format!("password:{password}")], "{text}");
    }
}
