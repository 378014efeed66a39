//! Tests of values read by their table column: passwords, phone numbers, subscriber numbers.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn takes_subscriber_numbers_of_telecom_records_but_not_their_sim_and_device_identifiers() {
    let cdr = "record_type,start_time,calling_msisdn,called_msisdn,imsi,imei\nMOC,2026-03-19T01:42:59Z,34700039907,22797955338,214015577534265,012655300005094\nGPRS,2026-03-20T00:44:45Z,34700039907,internet.bmt,214015577534265,012655300005094";
    assert_eq!(spans(cdr), ["phone:34700039907", "phone:22797955338", "phone:34700039907"]);
    let log = "CreateSubscriber msisdn=37494800614 imsi=283015840417624 iccid=8937401234567890123";
    assert_eq!(spans(log), ["phone:37494800614"]);
    assert_eq!(spans("<Numbers>\n    <MSISDN>85589937852</MSISDN>\n</Numbers>"), ["phone:85589937852"]);
    let diameter = "Subscription-Id { Subscription-Id-Type: END_USER_E164 (0); Subscription-Id-Data: 35699518447 }\n  Subscription-Id { Subscription-Id-Type: END_USER_IMSI (1); Subscription-Id-Data: 278011234567890 }";
    assert_eq!(spans(diameter), ["phone:35699518447"]);
    assert_eq!(spans("\"phone_number\": {\n  \"national_number\": \"729438743\"\n}"), ["phone:729438743"]);
    assert_eq!(spans("[29 590 022|tel:+37129590022]")[0], "phone:29 590 022");
    // The phone's IMEI, whatever word stands between.
    assert_untouched("ការបញ្ជាទិញ #823989, IMEI ទូរស័ព្ទ 354767710516267។");
}

#[test]
fn reads_a_number_by_the_header_of_its_table_column() {
    // Identifiers that have a phone's shape, under headers that name them.
    let csv = "student_id,ucas_id,hesa_id,module\ns8093276,214-490-8667,1061064755759,HLTH7004\ns5011137,773-585-4152,1786561179199,EPID8001";
    assert_untouched(csv);
    assert_untouched("|| NHS no. || MRN || Bed ||\n| 484 764 5839 | HRN H7547477 | 19 |\n| 505 241 4129 | MRN: H0669336 | 29 |");
    // A number under a phone header, in a row with an address, is a phone whatever its shape.
    let export = "\"slot\",\"name\",\"email\",\"mobile\",\"site\"\n\"05:18\",\"Núria Vilaró\",\"vilaro.nuria@example.org\",\"635 178 212\",\"Civic Centre\"";
    assert_eq!(spans(export), ["person:Núria Vilaró", "email:vilaro.nuria@example.org", "phone:635 178 212"]);
    // A phone under a header that names both keeps its phone; a sentence is no header.
    assert_eq!(spans("name;phone no.;site\nx;(415) 555-0132;y"), ["phone:(415) 555-0132"]);
    assert_eq!(spans("No, that is not the order number, sorry.\n(415) 555-0132, ask for Sam, any time"), ["phone:(415) 555-0132"]);
    assert_eq!(spans("id,name,contact no.\n7,Sam,(415) 555-0132"), ["phone:(415) 555-0132"]);
    // A bare number word names phones as often, a `+` number is a phone under any header,
    // and a caller's id is a phone.
    assert_eq!(spans("Name\tNumber\nAnn Lee\t07700 900123"), ["person:Ann Lee", "phone:07700 900123"]);
    assert_eq!(spans("Name,Email,Customer ID\nAnn,ann@x.com,+91 98765 43210"), ["email:ann@x.com", "phone:+91 98765 43210"]);
    assert_eq!(spans("Date,Caller ID,Duration\n2026-01-19,(415) 555-0132,3:12"), ["phone:(415) 555-0132"]);
    // Stacked Jira tables each have their header; a quoted comma stays in its field.
    assert_eq!(spans("||Patient||NHS no.||\n|Ann|484 764 5839|\n||Name||Mobile||\n|Ann|(415) 555-0132|"), ["phone:(415) 555-0132"]);
    let quoted = "name,address,mobile,email\nAnn Lee,\"1 High St, Leeds\",07700 900123,ann.lee@x.org\nBob Roe,5 Low Rd,635 178 212,bob.roe@x.org";
    assert_eq!(spans(quoted), ["person:Ann Lee", "phone:07700 900123", "email:ann.lee@x.org", "person:Bob Roe", "phone:635 178 212", "email:bob.roe@x.org"]);
    // The first phone column that holds a phone, and never a date, an address or an amount.
    assert_eq!(spans("\"name\",\"contact_email\",\"mobile\"\n\"X\",\"jo.rt@x.org\",\"635 178 212\""), ["email:jo.rt@x.org", "phone:635 178 212"]);
    // Eight digits in two fours (Singapore, Hong Kong).
    assert_eq!(spans("time,name,phone,email\n07:29,X,8628 3841,jo.rt@x.org"), ["phone:8628 3841", "email:jo.rt@x.org"]);
    assert_eq!(spans("name,email,phone,tel2,fax\nX,jo.rt@x.org,2026-01-19,192.168.10.254,1234567.00"), ["email:jo.rt@x.org", "ip_address:192.168.10.254"]);
}

#[cfg(not(js_engine))]
#[test]
fn reads_tables_of_many_cells_in_linear_time() {
    // Rows full of phone-shaped cells and addresses, under a header: each row is split once.
    let header = format!("{}\n", (0..250).map(|i| format!("mobile{i}")).collect::<Vec<_>>().join(","));
    let row = format!("{}\n", (0..250).map(|i| if i % 2 == 0 { "(415) 555-0132".to_owned() } else { format!("a{i}@x.io") }).collect::<Vec<_>>().join(","));
    let text = format!("{header}{}", row.repeat(60));
    let started = std::time::Instant::now();
    assert!(!spans(&text).is_empty());
    assert!(started.elapsed() < std::time::Duration::from_secs(5), "took {:?}", started.elapsed());
}

#[test]
fn takes_the_password_column_of_a_jira_or_markdown_table() {
    let jira = "||DB host||User||Password||Notes||\n|dev|172.22.105.86|ht_app|Ipj~RR8Q=^Eyn.^z|reset nightly|\n|qa2|10.16.13.3|ht_app|otter_Tundra_walnut_21| |\n|perf|10.14.2.16|ht_perf|n/a|ask Ops|";
    assert_eq!(
        spans(jira),
        ["ip_address:172.22.105.86", "password:Ipj~RR8Q=^Eyn.^z", "ip_address:10.16.13.3", "password:otter_Tundra_walnut_21", "ip_address:10.14.2.16"]
    );
    let markdown = "| Host | User | Passwort |\n|---|---|---|\n| db01 | app | Xk9!mQ2v7 |\n| db02 | app | ******** |";
    assert_eq!(spans(markdown), ["password:Xk9!mQ2v7"]);
    // Tables without a password column, and pipes of a shell.
    assert_untouched("||Host||Owner||\n|db01|Xk9mQ2v7Lp|\n$ cat log\n| grep Xk9!mQ2v7 | wc -l");
    // Columns that only mention passwords, and names of keys kept elsewhere.
    assert_untouched("||Test case||Pass/Fail||\n|Login via SSO|PASSED|\n| User | Password last changed |\n|---|---|\n| jdoe | 2024-05-01 |");
    assert_untouched("||Secret||Owner||\n|stripe_live_key|Payments|");
    // A long table is read to its end, and a table ends at the first line that is not a row.
    let rows: String = (0..100).map(|i| format!("|host{i}|Xk9!mQ2v{i}|\n")).collect();
    let text = format!("||Host||Password||\n{rows}after the table\n|host|Xk9!mQ2vL|");
    assert_eq!(spans(&text).len(), 100);
    // A pipe escaped inside a cell.
    assert_eq!(spans("| Host | Password | Notes |\n|---|---|---|\n| db01 \\| db02 | Xk9!mQ2v7 | a \\| b |"), ["password:Xk9!mQ2v7"]);
    // A row that leaves its last cells out.
    assert_eq!(spans("| Host | User | Password | Notes |\n|---|---|---|---|\n| db01 | app | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
}

#[test]
fn takes_the_password_column_of_a_markdown_table_without_leading_pipes() {
    let table = "Accounts for the audit:\nHost | User | Password\n--- | --- | ---\ndb01 | app | Xk9!mQ2v7\ndb02 | app | ********\n  db03 | etl | Lq4#vT8zW1 \nafter the table\ndb04 | app | Zr7!pQ3m9";
    assert_eq!(spans(table), ["password:Xk9!mQ2v7", "password:Lq4#vT8zW1"]);
    // Without a password column, or without a separator, pipes are only pipes.
    assert_untouched("Host | Owner\n:-- | --:\ndb01 | Xk9mQ2v7Lp\n$ grep Xk9!mQ2v7 log | wc -l\nfoo | bar\n--");
    // A separator on the first line has no header.
    assert_untouched("--- | ---\nXk9!mQ2v7 | Lq4#vT8zW1");
    // A bare header over a separator and rows written with pipes at their ends.
    assert_eq!(spans("Host | Password\n|---|---|\n| db01 | Xk9!mQ2v7 |"), ["password:Xk9!mQ2v7"]);
    assert_untouched("Host | Owner\n|---|---|\n| db01 | Xk9mQ2v7Lp |\n|---|\n| Password |");
    // A pipe on a last line without a newline (a panic the properties found).
    assert_untouched("|");
}

#[test]
fn takes_the_password_column_of_a_csv_export() {
    let export = "Shared passwords, exported from the old spreadsheet\nsystem,url,username,password,owner\nDepot router,https://10.198.110.151,admin,Bollard!Sternway=8535,Ines\nNCTS portal,https://ncts.example,CFG-NL-0412,\"Reefer,Breakwater_992\",Ka\nAirline portal,https://cargo.example,cfg,n/a,Mateusz\nnot a row of the table\nTAS,https://tas.example,haulage,nRS0tPkl7wo6Fy-31=u,Rahel";
    assert_eq!(
        spans(export),
        ["ip_address:10.198.110.151", "password:Bollard!Sternway=8535", "password:Reefer,Breakwater_992"]
    );
    // Semicolons and tabs, a quoted header, and a row of another width ends the table.
    assert_eq!(spans("Host;User;\"DB password\"\ndb01;app;Xk9!mQ2v7\ndb02;app\ndb03;app;Lq4#vT8zW1"), ["password:Xk9!mQ2v7"]);
    assert_eq!(spans("host\tbenutzer\tpasswort\ndb01\tapp\tXk9!mQ2v7"), ["password:Xk9!mQ2v7"]);
    // Windows line ends.
    assert_eq!(spans("system,username,password\r\nvpn,admin,Zq8#mW2p\r\nwiki,jdoe,n/a\r\nmore text"), ["password:Zq8#mW2p"]);
    assert_untouched("a\tuser\tpassword\r\nb\tc\r\n");
    // A parameter table's row, prose with commas, and words, states and references in the column.
    assert_untouched("param,type,default\nhost,string,localhost\npassword,string,none\ntimeout,int,30s");
    assert_untouched("Attendees: Alice, Bob, password\nAgenda: intro, demo, wrap-up");
    assert_untouched("user,password,status\njdoe,expired,locked\nann,Never,ok\nbob,LDAP,ok\neve,vault://kv/eve,ok");
    // Columns that only mention passwords, a header of data, and a password word in prose.
    assert_untouched("user,password_hash,created\njdoe,Xk9!mQ2v7,2024\nwe reset the password, the user, the group\nops-team,Xk9!mQ2v7,QA");
    assert_untouched("user,password last changed,role\njdoe,Xk9!mQ2v7,admin");
}
