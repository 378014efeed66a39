"""Check digits shared by the redaction sets' generators (heldout*.py, benign.py): the Luhn check
of payment card numbers and the ISO 13616 (mod 97) check of IBANs. Pure functions, no
randomness, so every generator's output stays what its own seeded draws make it."""


def luhn_ok(number):
    """Whether a digit string passes the Luhn check (as payment card numbers do)."""
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_check(country, bban):
    """The two check digits of the IBAN of `country` and `bban`."""
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(num) % 97:02d}"


def iban_valid(value):
    """Whether `value` (spaces allowed) passes the IBAN check; False for characters an IBAN
    cannot hold."""
    s = value.replace(" ", "")
    rearranged = s[4:] + s[:4]
    try:
        return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1
    except ValueError:
        return False
