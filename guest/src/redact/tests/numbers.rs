//! Tests of cards, IBANs, IPv4 and IPv6 addresses, MAC addresses and SSNs.

#[cfg(js_engine)]
use wasm_bindgen_test::wasm_bindgen_test as test;

use super::*;

#[test]
fn leaves_barcodes_device_numbers_and_upgrade_versions_that_look_like_cards_and_addresses() {
    // Luhn-valid EAN-13s under a barcode header, an SSCC and an IMEISV after their words.
    assert_untouched("sku,ean13,gtin14,price_eur\nBM-DBJ-378-JQ,4740757135964,18698439075431,444.10");
    // A pet's microchip (fifteen digits) under its header or after its word.
    assert_untouched("client_id,pet,species,chip\nCL-380230,Luna,feline,380920673686860");
    assert_untouched("microchip 380920673686860 scanned at intake");
    // A card after a chip's word is a card.
    assert_eq!(spans("EMV chip 4539 1488 0343 6467 declined at till 3"), ["credit_card:4539 1488 0343 6467"]);
    assert_untouched("SSCC 386479475902360063 carries orders; IMEISV 3548866144926612");
    // The same numbers as cards where nothing says otherwise.
    assert_eq!(spans("card 4740757135964"), ["credit_card:4740757135964"]);
    // A firmware upgrade's versions on both sides of an arrow.
    assert_untouched("firmware 4.3.12.192 → 3.6.0.64 (ACS build 8.12.3.198)\nfirmware 1.21.9.73 -> 5.0.1.229");
    // A release's version before the words of its release; an address before other words.
    assert_untouched("Stayline 9.14.6.221 deployed to Sochi (commit c6a353fd686c); Tillory 4.2.0.17 rolled out");
    assert_eq!(spans("host 9.14.6.221 deployed a new cert; ping 9.14.6.222 from the kiosk"), ["ip_address:9.14.6.221", "ip_address:9.14.6.222"]);
}

#[test]
fn reads_an_ssn_word_on_the_numbers_line_or_on_a_label_line_above_it() {
    let table = "|SSN (W-9)|517-52-5193|\n|EIN|27-5030204|\n|ACH routing / account|468380403 / 322555836731|";
    assert_eq!(spans(table), ["ssn:517-52-5193"]);
    assert_eq!(spans("emp_id,last,ssn,dob\nE10488,REDACTED,021377819,1986-02-11"), ["ssn:021377819"]);
    assert_eq!(spans("SSN:\n021377819"), ["ssn:021377819"]);
}

#[test]
fn redacts_luhn_valid_cards_of_known_brands_and_lengths() {
    for card in [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "5181.6614.8831.9863",
        "4222222222222",
        "4000 0000 0000 0000 006",
        "5555 5555 5555 4444",
        "2720 0000 0000 0005",
        "3782 822463 10005",
        "340000000000009",
        "6011111111111117",
        "6500 0000 0000 0002",
        "3530111333300000",
        "36227206271667",
        "6200000000000005",
    ] {
        assert_found("credit_card", card);
    }
}

#[test]
fn leaves_luhn_invalid_unbranded_or_wrongly_sized_numbers_alone() {
    assert_untouched(
        "Not cards: 4111 1111 1111 1112, 1234 0000 0000 0006, 9000000000000001, \
             37828224631000 (Amex is 15 digits).",
    );
}

#[test]
fn finds_a_card_followed_by_more_digits() {
    assert_eq!(
        redacted("Card 4111 1111 1111 1111 2025 expired."),
        "Card [CARD_1] 2025 expired."
    );
}

#[test]
fn redacts_ibans_with_valid_length_and_checksum() {
    for iban in [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68539007547034",
    ] {
        assert_found("iban", iban);
    }
}

#[test]
fn stops_an_iban_at_its_country_length() {
    assert_eq!(
        spans("Pay DE89 3704 0044 0532 0130 00 EUR today"),
        ["iban:DE89 3704 0044 0532 0130 00"]
    );
}

#[test]
fn leaves_ibans_with_a_bad_checksum_length_or_country_alone() {
    assert_untouched(
        "DE88 3704 0044 0532 0130 00, DE89 3704 0044 0532 0130 0, \
             XX89 3704 0044 0532 0130 00, de89370400440532013000.",
    );
}

#[test]
fn redacts_ipv4_addresses() {
    assert_eq!(
        redacted("Hosts 10.0.0.1, 192.168.1.254:8080 and 255.255.255.255."),
        "Hosts [IP_1], [IP_2]:8080 and [IP_3]."
    );
}

#[test]
fn leaves_invalid_octets_and_longer_dotted_sequences_alone() {
    assert_untouched("Not addresses: 999.1.1.1, 256.0.0.1, 1.2.3.4.5, v1.2.3.4, 1.2.3.");
    assert_untouched("Health checks on 127.0.0.1:8080 and 0.0.0.0:9090; Firmware-Version 3.10.2.8, build 4.18.2.1, OCR engine 8.6.9.228, ocr=4.2.9.176.");
    assert_untouched("Upgraded the agent from version 1.2.3.4 to 1.2.4.0; since firmware 3.10.2.8 it boots.");
    assert_eq!(
        spans("DNS server: 10.20.30.40; primary resolver 10.0.0.2. Migrated server 10.0.0.1 to 10.0.0.3."),
        ["ip_address:10.20.30.40", "ip_address:10.0.0.2", "ip_address:10.0.0.1", "ip_address:10.0.0.3"],
        "a word that ends in `ver` is no version"
    );
}

#[test]
fn redacts_valid_ipv6_addresses() {
    for address in [
        "2001:db8::8a2e:370:7334",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "fe80::1",
        "::ffff:192.0.2.128",
    ] {
        assert_found("ip_address", address);
    }
    assert_eq!(spans("[2001:db8::1]:443"), ["ip_address:2001:db8::1"]);
}

#[test]
fn redacts_an_ipv6_address_with_a_port_of_five_digits_glued_on() {
    assert_eq!(
        spans("fw-lon-01 deny tcp src=2a03:e873:f603:2e63::7fd5:f43b:11323 dst=10.140.15.35:3389"),
        ["ip_address:2a03:e873:f603:2e63::7fd5:f43b", "ip_address:10.140.15.35"]
    );
    assert_untouched("Not ports: 1:2:3:4:5:6:7:8:9, ::1:54321, 2001:db8::1:99999, 2001:db8::1:12345x.");
}

#[test]
fn leaves_colon_runs_that_are_not_ipv6_addresses_alone() {
    assert_untouched(
        "At 12:34:56 the :: token, ::1, std::vec::Vec, dead::beef, a:b:c and \
             2001:db8:::1 and 1:2:3:4:5:6:7:8:9 appeared.",
    );
}

#[test]
fn leaves_runs_of_seven_or_eight_bytes_written_as_hex_pairs_alone() {
    assert_untouched("The token and cert serial 96:b3:46:6e:85:96:6c:7d were published; EUI-64 00:1a:2b:ff:fe:3c:4d.");
    assert_eq!(spans("peer 2a03:e873:f6:2e:1:7f:f4:3b"), ["ip_address:2a03:e873:f6:2e:1:7f:f4:3b"]);
    // Unless the text calls it an address; and a zone id after an address is not the address.
    assert_eq!(spans("IPv6: 01:02:03:04:05:06:07:08"), ["ip_address:01:02:03:04:05:06:07:08"]);
    assert_eq!(spans("Wi-Fi inet6: fe80::1c2b:3d4e:beef:7a8b%en0"), ["ip_address:fe80::1c2b:3d4e:beef:7a8b"]);
}

#[test]
fn redacts_mac_addresses_with_colons_or_dashes() {
    assert_eq!(
        spans("NIC 00:1A:2B:3C:4D:5E and 00-1a-2b-3c-4d-5e."),
        [
            "mac_address:00:1A:2B:3C:4D:5E",
            "mac_address:00-1a-2b-3c-4d-5e"
        ]
    );
}

#[test]
fn redacts_mac_addresses_in_ciscos_dotted_form() {
    assert_eq!(
        spans("Device 54e8.cd54.7e43 dropped; ARP shows 001A.2B3C.4D5E."),
        ["mac_address:54e8.cd54.7e43", "mac_address:001A.2B3C.4D5E"]
    );
}

#[test]
fn leaves_longer_or_shorter_hex_runs_alone() {
    assert_untouched(
        "Not MACs: 00:1A:2B:3C:4D, 00-1A-2B-3C-4D-5E-6F, 001A.2B3C.4D5E.6F70, 001A.2B3C, \
             and build 2024.0611.1200 is a version.",
    );
}

#[test]
fn redacts_dashed_ssns_anywhere_and_plain_ones_after_a_context_word() {
    assert_eq!(
        spans("Her number 078-05-1120; SSN: 219 09 9999, social security no. 078051120."),
        ["ssn:078-05-1120", "ssn:219 09 9999", "ssn:078051120"]
    );
}

#[test]
fn leaves_invalid_ssns_and_plain_nine_digits_without_context_alone() {
    assert_untouched(
        "SSN 000-12-3456, 666-12-3456, 900-12-3456, 123-00-4567, 123-45-0000, \
             111-11-1111; order 078051120.",
    );
}

#[test]
fn redacts_rupay_and_elo_card_numbers() {
    for card in ["5082 1007 4544 3638", "6070 3709 5195 4154", "5041753201241407", "6363683271161896", "5095-3491-4939-5333"] {
        assert_found("credit_card", card);
    }
    // The same prefixes with another length, or a failed check digit.
    assert_untouched("ref 50821007454436 and 6070 3709 5195 4155");
}

#[test]
fn redacts_dankort_and_verve_card_numbers() {
    for card in ["5019796290852285", "5019 7962 9085 2004", "5061 0012 3456 7009", "6500021234567890002"] {
        assert_found("credit_card", card);
    }
    // Another length, or a failed check digit.
    assert_untouched("ref 501979629085228 and 5061 0012 3456 7008");
}

#[test]
fn redacts_domestic_scheme_cards_and_the_card_of_a_gds_form_of_payment() {
    for card in ["8172 0614 3448 6657", "8600 9170 2100 3001", "9860-4245-6446-9445"] {
        assert_found("credit_card", card);
    }
    assert_eq!(spans("  15 FP CCJC3541729443490408/0526/A613327"), ["credit_card:3541729443490408"]);
    // Another length, a failed check digit, letters that are no form of payment.
    assert_untouched("ref 86009170210030 and 8600 9170 2100 3002, batch XCCVI4147362418500534");
}

#[test]
fn redacts_card_numbers_in_csv_fields_and_read_out_in_pairs() {
    assert_eq!(
        spans("order,pan,amount\n541254,4046010643832790,227.31\nI typed it as: 40 46 01 06 43 83 27 90 exp 11/26"),
        ["credit_card:4046010643832790", "credit_card:40 46 01 06 43 83 27 90"]
    );
    assert_untouched("pi is 3.4046010643832790, the total 1,4046010643832790 and 4046010643832790.5 units");
    assert_untouched("0000  45 00 00 41 00 00 40 00 40 06 a1 b2 c0 a8");
}

#[test]
fn leaves_netmasks_and_firmware_versions_alone_but_takes_cards_after_a_decimal_in_csv() {
    for text in [
        "inet addr:192.168.28.182  Mask:255.255.255.0",
        "ESME 21L1795741 (fw 3.10.3.117)",
        "Charger firmware 9.12.3.161 replaces 8.1.6.162 on 99 units",
        r#"{"chargePointSerialNumber":"ABB4819760379","firmwareVersion":"1.7.0.25"}"#,
    ] {
        let found: Vec<String> = spans(text).into_iter().filter(|span| span.starts_with("ip_address:")).collect();
        assert!(found.is_empty() || found == ["ip_address:192.168.28.182"], "in {text:?}: {found:?}");
    }
    assert_eq!(spans("a@example.net,04AA69848E85C4,42.7,67.99,4111111111111111"), ["email:a@example.net", "credit_card:4111111111111111"]);
    assert_eq!(spans("total 1,4111111111111111"), Vec::<String>::new());
}


#[test]
fn leaves_a_custody_logs_tool_versions_alone_but_not_addresses_after_a_tool() {
    let text = "2026-03-04T10:12:24Z  EV-2026-0425-092  sealed  tool=FTK Imager 3.6.1.7  sha256=77082acc";
    assert!(spans(text).iter().all(|span| !span.starts_with("ip_address:")), "{:?}", spans(text));
    for (text, address) in [
        ("Scan tool: nmap 45.33.32.156", "45.33.32.156"),
        ("Remote access tool: AnyDesk to 45.33.32.157", "45.33.32.157"),
        ("tool: Mimikatz 10.0.0.66", "10.0.0.66"),
        // Firewall logs and moves keep both addresses.
        ("Jan 12 10:00:01 fw01 Deny 10.0.0.5 -> 8.8.8.8 proto udp", "8.8.8.8"),
        ("Azure 20.1.2.3 → 20.1.2.4", "20.1.2.4"),
    ] {
        assert!(spans(text).contains(&format!("ip_address:{address}")), "in {text:?}: {:?}", spans(text));
    }
}

#[test]
fn leaves_the_version_an_upgrade_replaced_alone() {
    assert_untouched("Lock hub upgraded to firmware 4.2.10.150 (build 2026.02.16-rc2); previous 4.2.2.133; rollback image kept.");
    // Without a version before it, `previous` names an address.
    assert_eq!(spans("moved the printer, previous 10.20.30.40"), ["ip_address:10.20.30.40"]);
}
