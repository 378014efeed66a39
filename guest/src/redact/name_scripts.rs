//! The scripts names are written in beside Latin addresses (Arabic, Devanagari, Thai, Hangul,
//! Ethiopic, Thaana, Ol Chiki, Syriac, Tifinagh, Cherokee, Canadian syllabics, N'Ko, Adlam,
//! Vai, Hanifi Rohingya, Lontara, Myanmar, Tibetan, Tai Le, Osage, Meetei Mayek, Chakma, Batak,
//! …): which letters belong to which script,
//! and the Latin letters each script's initials romanize to.


/// The scripts [`script_name_before_address`] reads names in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum NameScript {
    /// Arabic (and the Persian and Urdu letters of its block).
    Arabic,
    /// Hebrew.
    Hebrew,
    /// Devanagari (Hindi, Marathi, Nepali).
    Devanagari,
    /// Thai.
    Thai,
    /// Bengali.
    Bengali,
    /// Tamil.
    Tamil,
    /// Ethiopic (Amharic, Tigrinya): each letter a syllable.
    Ethiopic,
    /// Georgian (Mkhedruli).
    Georgian,
    /// Gurmukhi (Punjabi), Gujarati, Telugu, Kannada and Malayalam, whose Unicode blocks are
    /// laid out as Devanagari's: a letter is romanized as the Devanagari letter in its place.
    Gurmukhi,
    /// See [`NameScript::Gurmukhi`].
    Gujarati,
    /// See [`NameScript::Gurmukhi`].
    Telugu,
    /// See [`NameScript::Gurmukhi`].
    Kannada,
    /// See [`NameScript::Gurmukhi`].
    Malayalam,
    /// Sinhala.
    Sinhala,
    /// Armenian.
    Armenian,
    /// Khmer.
    Khmer,
    /// Odia, laid out as Devanagari (see [`NameScript::Gurmukhi`]).
    Odia,
    /// Lao (a vowel written before its consonant is passed over, as in Thai).
    Lao,
    /// Thaana (Dhivehi): consonants with vowel signs above or below them; a word that starts
    /// with a vowel writes it on `އ` (alifu).
    Thaana,
    /// Ol Chiki (Santali): an alphabet, vowels written as letters.
    OlChiki,
    /// Syriac (Assyrian Neo-Aramaic, Turoyo): consonants, vowels as marks or `ܐ` `ܘ` `ܝ`.
    Syriac,
    /// Tifinagh (Tamazight, Tuareg): an alphabet, vowels written as letters.
    Tifinagh,
    /// The Cherokee syllabary: each letter a syllable, a consonant and a vowel.
    Cherokee,
    /// Canadian Aboriginal syllabics (Inuktitut, Cree, Ojibwe): each letter a consonant whose
    /// vowel its turn shows, finals written small.
    Syllabics,
    /// N'Ko (Maninka, Bambara, Dyula): an alphabet, tones and nasality as marks.
    Nko,
    /// Adlam (Fula): an alphabet with capitals.
    Adlam,
    /// The Vai syllabary: each letter a syllable.
    Vai,
    /// Hanifi Rohingya: consonants and vowels as letters, a vowel that starts a word written
    /// after its carrier `𐴀`.
    HanifiRohingya,
    /// Lontara (Buginese, Makassarese): consonants with their vowel as a mark, `ᨕ` carrying a
    /// word's first vowel.
    Lontara,
    /// Myanmar (Burmese, Shan, Sgaw Karen): syllables of a consonant and its marks, written
    /// with no space between a name's words (see [`myanmar_syllables`]).
    Myanmar,
    /// Tibetan (Tibetan, Dzongkha): syllables joined by a tsheg `་`, each a root letter with
    /// letters before, above and below it (see [`tibetan_syllable_spells`]).
    Tibetan,
    /// Tai Le (Tai Nüa): an alphabet whose words are syllables, tones written as letters after
    /// them; `ᥟ` carries a syllable's first vowel.
    TaiLe,
    /// Osage: an alphabet with capitals.
    Osage,
    /// Meetei Mayek (Manipuri): consonants with their vowel as a sign, `ꯑ` carrying a word's
    /// first vowel.
    MeeteiMayek,
    /// Chakma: consonants with their vowel as a sign, `𑄃` carrying a word's first vowel.
    Chakma,
    /// Batak (Toba, Karo, Simalungun, Mandailing): consonants with their vowel as a sign, `ᯀ`
    /// carrying a word's first vowel.
    Batak,
}

/// The script of a letter that [`script_name_before_address`] reads, if any (marks and digits
/// are not letters).
pub(super) fn name_script(c: char) -> Option<NameScript> {
    match u32::from(c) {
        // With Kurdish `ە` (Sorani).
        0x0621..=0x064A | 0x0671..=0x06D3 | 0x06D5 => Some(NameScript::Arabic),
        0x05D0..=0x05EA => Some(NameScript::Hebrew),
        0x0904..=0x0939 | 0x0958..=0x0961 => Some(NameScript::Devanagari),
        0x0E01..=0x0E2E | 0x0E40..=0x0E44 => Some(NameScript::Thai),
        // With Assamese `ৰ` and `ৱ`.
        0x0985..=0x09B9 | 0x09CE | 0x09DC..=0x09DF | 0x09F0..=0x09F1 => Some(NameScript::Bengali),
        0x0B85..=0x0BB9 => Some(NameScript::Tamil),
        0x1200..=0x135A => Some(NameScript::Ethiopic),
        0x10D0..=0x10FA => Some(NameScript::Georgian),
        0x0A05..=0x0A39 | 0x0A59..=0x0A5E => Some(NameScript::Gurmukhi),
        0x0A85..=0x0AB9 | 0x0AE0..=0x0AE1 => Some(NameScript::Gujarati),
        0x0C05..=0x0C39 | 0x0C60..=0x0C61 => Some(NameScript::Telugu),
        0x0C85..=0x0CB9 | 0x0CDE | 0x0CE0..=0x0CE1 => Some(NameScript::Kannada),
        // Malayalam's chillu letters (`ൻ`, `ർ`) end words.
        0x0D05..=0x0D3A | 0x0D4E | 0x0D54..=0x0D56 | 0x0D5F..=0x0D61 | 0x0D7A..=0x0D7F => Some(NameScript::Malayalam),
        0x0D85..=0x0DC6 => Some(NameScript::Sinhala),
        0x0531..=0x0556 | 0x0561..=0x0587 => Some(NameScript::Armenian),
        0x1780..=0x17B3 => Some(NameScript::Khmer),
        0x0B05..=0x0B39 | 0x0B5C..=0x0B5F | 0x0B71 => Some(NameScript::Odia),
        0x0E81..=0x0EAE | 0x0EC0..=0x0EC4 | 0x0EDC..=0x0EDF => Some(NameScript::Lao),
        0x0780..=0x07A5 | 0x07B1 => Some(NameScript::Thaana),
        0x1C5A..=0x1C77 => Some(NameScript::OlChiki),
        0x0710..=0x072F | 0x074D..=0x074F => Some(NameScript::Syriac),
        0x2D30..=0x2D67 | 0x2D6F => Some(NameScript::Tifinagh),
        0x13A0..=0x13F5 => Some(NameScript::Cherokee),
        0x1401..=0x166C | 0x1670..=0x167F => Some(NameScript::Syllabics),
        0x07CA..=0x07EA => Some(NameScript::Nko),
        0x1E900..=0x1E943 => Some(NameScript::Adlam),
        0xA500..=0xA60B => Some(NameScript::Vai),
        0x10D00..=0x10D23 => Some(NameScript::HanifiRohingya),
        0x1A00..=0x1A16 => Some(NameScript::Lontara),
        // Burmese consonants and independent vowels, and the letters Mon, Karen and Shan add.
        0x1000..=0x102A | 0x103F | 0x1050..=0x1055 | 0x105A..=0x105D | 0x1061 | 0x1065..=0x1066 | 0x106E..=0x1070 | 0x1075..=0x1081 | 0x108E => Some(NameScript::Myanmar),
        0x0F40..=0x0F6C => Some(NameScript::Tibetan),
        0x1950..=0x196D => Some(NameScript::TaiLe),
        0x104B0..=0x104D3 | 0x104D8..=0x104FB => Some(NameScript::Osage),
        0xABC0..=0xABE2 => Some(NameScript::MeeteiMayek),
        0x11103..=0x11126 | 0x11144 | 0x11147 => Some(NameScript::Chakma),
        0x1BC0..=0x1BE5 => Some(NameScript::Batak),
        _ => None,
    }
}

/// The Devanagari letter in the place of a Gurmukhi, Gujarati, Telugu, Kannada or Malayalam
/// letter in its block (see [`NameScript::Gurmukhi`]).
pub(super) fn as_devanagari(c: char) -> Option<char> {
    let parallel = matches!(
        name_script(c),
        Some(NameScript::Gurmukhi | NameScript::Gujarati | NameScript::Odia | NameScript::Telugu | NameScript::Kannada | NameScript::Malayalam)
    );
    parallel.then(|| char::from_u32(0x0900 + (u32::from(c) & 0x7F))).flatten()
}

/// Whether `c` is a vowel sign or other mark written with the letters of `script`.
pub(super) fn is_combining_in(c: char, script: NameScript) -> bool {
    match script {
        NameScript::Arabic => matches!(u32::from(c), 0x064B..=0x065F | 0x0670),
        NameScript::Hebrew => matches!(u32::from(c), 0x05B0..=0x05C7),
        NameScript::Devanagari => matches!(u32::from(c), 0x0900..=0x0903 | 0x093A..=0x094F | 0x0951..=0x0957 | 0x0962..=0x0963),
        NameScript::Thai => matches!(u32::from(c), 0x0E2F..=0x0E3A | 0x0E45..=0x0E4E),
        NameScript::Bengali => matches!(u32::from(c), 0x0981..=0x0983 | 0x09BC..=0x09CD | 0x09D7 | 0x09E2..=0x09E3),
        NameScript::Tamil => matches!(u32::from(c), 0x0B82..=0x0B83 | 0x0BBE..=0x0BCD | 0x0BD7),
        NameScript::Ethiopic => matches!(u32::from(c), 0x135D..=0x135F),
        NameScript::Georgian | NameScript::Armenian => false,
        NameScript::Gurmukhi => matches!(u32::from(c), 0x0A01..=0x0A03 | 0x0A3C..=0x0A51 | 0x0A70..=0x0A71 | 0x0A75) || is_joiner(c),
        NameScript::Gujarati => matches!(u32::from(c), 0x0A81..=0x0A83 | 0x0ABC..=0x0ACD | 0x0AE2..=0x0AE3) || is_joiner(c),
        NameScript::Telugu => matches!(u32::from(c), 0x0C00..=0x0C04 | 0x0C3C..=0x0C56 | 0x0C62..=0x0C63) || is_joiner(c),
        NameScript::Kannada => matches!(u32::from(c), 0x0C80..=0x0C83 | 0x0CBC..=0x0CD6 | 0x0CE2..=0x0CE3) || is_joiner(c),
        NameScript::Malayalam => matches!(u32::from(c), 0x0D00..=0x0D03 | 0x0D3B..=0x0D4D | 0x0D57 | 0x0D62..=0x0D63) || is_joiner(c),
        NameScript::Sinhala => matches!(u32::from(c), 0x0D81..=0x0D83 | 0x0DCA..=0x0DDF | 0x0DF2..=0x0DF3) || is_joiner(c),
        NameScript::Khmer => matches!(u32::from(c), 0x17B4..=0x17D3 | 0x17DD),
        NameScript::Odia => matches!(u32::from(c), 0x0B01..=0x0B03 | 0x0B3C..=0x0B57 | 0x0B62..=0x0B63) || is_joiner(c),
        NameScript::Lao => matches!(u32::from(c), 0x0EB0..=0x0EBC | 0x0EC6 | 0x0EC8..=0x0ECE),
        NameScript::Thaana => matches!(u32::from(c), 0x07A6..=0x07B0),
        // The nasal and length marks, and the hyphen that joins a word's parts.
        NameScript::OlChiki => matches!(u32::from(c), 0x1C78..=0x1C7D),
        NameScript::Syriac => matches!(u32::from(c), 0x0730..=0x074A),
        // Tifinagh's consonant joiner.
        NameScript::Tifinagh => u32::from(c) == 0x2D7F,
        // Tones, nasality and the apostrophes of tone; Adlam's lengtheners and nasality;
        // Rohingya's tone signs; Lontara's vowel signs.
        NameScript::Nko => matches!(u32::from(c), 0x07EB..=0x07F5 | 0x07FA | 0x07FD),
        NameScript::Adlam => matches!(u32::from(c), 0x1E944..=0x1E94B),
        NameScript::HanifiRohingya => matches!(u32::from(c), 0x10D24..=0x10D27),
        NameScript::Lontara => matches!(u32::from(c), 0x1A17..=0x1A1B),
        // Vai's lengthener.
        NameScript::Vai => u32::from(c) == 0xA60C,
        // Vowel signs, medials, asat and virama, tones, of Burmese, Karen and Shan.
        // Vowel signs and subjoined letters, and the tsheg that joins syllables.
        NameScript::Tibetan => matches!(u32::from(c), 0x0F0B..=0x0F0C | 0x0F71..=0x0F87 | 0x0F8D..=0x0FBC),
        NameScript::Myanmar => matches!(
            u32::from(c),
            0x102B..=0x103E | 0x1056..=0x1059 | 0x105E..=0x1060 | 0x1062..=0x1064 | 0x1067..=0x106D | 0x1071..=0x1074 | 0x1082..=0x108D | 0x108F | 0x109A..=0x109D
        ),
        // Tai Le's tone letters, written after a syllable; the accents Osage writes over its
        // vowels; the vowel signs and viramas of Meetei Mayek, Chakma and Batak.
        NameScript::TaiLe => matches!(u32::from(c), 0x1970..=0x1974),
        NameScript::Osage => matches!(u32::from(c), 0x0301 | 0x0304 | 0x030B | 0x0358),
        NameScript::MeeteiMayek => matches!(u32::from(c), 0xABE3..=0xABEA | 0xABEC..=0xABED),
        NameScript::Chakma => matches!(u32::from(c), 0x11100..=0x11102 | 0x11127..=0x11134 | 0x11145..=0x11146),
        NameScript::Batak => matches!(u32::from(c), 0x1BE6..=0x1BF3),
        NameScript::Cherokee | NameScript::Syllabics => false,
    }
}

/// Whether `c` is the zero-width joiner or non-joiner, which Sinhala and Malayalam write inside
/// words to choose a conjunct's shape (`ප්‍ර`).
pub(super) fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}')
}

/// Whether a word of a name in a script of [`NameScript`] may be romanized
/// starting with `initial` (lowercase ASCII): see [`romanized_initials`]. An Arabic family name
/// after `ال` may be written with `al` or without it (`alshammari`, `shammari`).
pub(super) fn romanizes_from(word: &str, initial: u8) -> bool {
    let article = word.strip_prefix("ال").filter(|rest| !rest.is_empty());
    romanized_initials(word).contains(&initial) || article.is_some_and(|rest| romanized_initials(rest).contains(&initial))
}

/// The Latin letters the first letter of a word in one of the scripts of [`NameScript`] is
/// romanized as (a Thai vowel written before its consonant is passed over).
pub(super) fn romanized_initials(word: &str) -> &'static [u8] {
    let first = word.chars().next().unwrap_or(' ');
    match first {
        'ا' | 'أ' | 'إ' | 'آ' | 'ع' | 'א' | 'ע' | 'อ' => b"aeiou",
        'ب' | 'ב' | 'บ' => b"bv",
        'ت' | 'ط' | 'ט' | 'ת' | 'ต' | 'ฏ' => b"t",
        'ث' => b"tsh",
        'ج' | 'ג' => b"jg",
        'ح' | 'ه' | 'ה' | 'ห' | 'ฮ' => b"hea",
        'خ' | 'ח' => b"khc",
        'د' | 'ض' | 'ד' | 'ด' | 'ฎ' => b"d",
        'ذ' | 'ظ' => b"dzt",
        'ر' | 'ר' | 'ร' => b"r",
        'ز' | 'ז' => b"z",
        'س' | 'ص' | 'ס' | 'ซ' | 'ศ' | 'ษ' | 'ส' => b"s",
        'ش' | 'ש' => b"sc",
        'غ' => b"g",
        'ف' | 'פ' | 'ף' | 'ฝ' | 'ฟ' => b"fp",
        'ق' | 'ק' => b"qkg",
        'ك' | 'כ' | 'ך' | 'ก' => b"kcg",
        'ل' | 'ל' | 'ล' | 'ฬ' => b"l",
        'م' | 'מ' | 'ם' | 'ม' => b"m",
        'ن' | 'נ' | 'ן' | 'ณ' | 'น' => b"n",
        'و' | 'ו' | 'ว' => b"wvou",
        'ي' | 'ی' | 'י' | 'ย' | 'ญ' => b"yije",
        // Persian and Urdu letters of the Arabic block.
        'پ' => b"p",
        'چ' => b"c",
        'ژ' => b"zj",
        'ک' => b"kc",
        'گ' => b"g",
        'ہ' | 'ھ' => b"h",
        'ٹ' => b"t",
        'ڈ' => b"d",
        'ڑ' => b"r",
        'ے' => b"ey",
        // Kurdish (Sorani) and Pashto letters of the Arabic block.
        'ئ' => b"aeiou",
        'ڕ' | 'ړ' => b"r",
        'ڵ' => b"l",
        'ڤ' => b"v",
        'ۆ' => b"ou",
        'ێ' | 'ې' | 'ە' => b"ea",
        'ګ' => b"g",
        'ټ' => b"t",
        'ډ' => b"d",
        'ښ' => b"sx",
        'ځ' => b"zd",
        'څ' => b"ts",
        'ږ' => b"zgj",
        'ڼ' => b"n",
        // Sindhi letters of the Arabic block.
        'ٽ' | 'ٺ' => b"t",
        'ڀ' | 'ٻ' => b"b",
        'ڊ' | 'ڏ' | 'ڌ' | 'ڍ' => b"d",
        'ڦ' => b"pf",
        'ڄ' => b"j",
        'ڃ' | 'ڱ' | 'ڻ' => b"n",
        'ڇ' => b"c",
        'ڳ' => b"g",
        'ڙ' => b"r",
        'ڪ' => b"kc",
        'צ' | 'ץ' => b"tzc",
        'ข' | 'ฃ' | 'ค' | 'ฅ' | 'ฆ' => b"k",
        'ง' => b"n",
        'จ' | 'ฉ' | 'ช' | 'ฌ' => b"cj",
        'ฐ' | 'ฑ' | 'ฒ' | 'ถ' | 'ท' | 'ธ' => b"t",
        'ป' => b"pb",
        'ผ' | 'พ' | 'ภ' => b"p",
        'เ' | 'แ' | 'โ' | 'ใ' | 'ไ' | 'ເ' | 'ແ' | 'ໂ' | 'ໃ' | 'ໄ' => romanized_initials(chars_from(word, 1)),
        'अ' | 'आ' => b"a",
        'ऋ' => b"r",
        'ऍ' | 'ऎ' => b"e",
        'ऑ' | 'ऒ' => b"o",
        'इ' | 'ई' | 'ए' | 'ऐ' => b"iea",
        'उ' | 'ऊ' | 'ओ' | 'औ' => b"uo",
        'क' | 'ख' => b"kcq",
        'ग' | 'घ' => b"g",
        'च' | 'छ' => b"c",
        'ज' | 'झ' => b"jz",
        'ट' | 'ठ' | 'त' | 'थ' => b"t",
        'ड' | 'ढ' | 'द' | 'ध' => b"d",
        'ण' | 'न' => b"n",
        'प' | 'फ' => b"pf",
        'ब' | 'भ' => b"bv",
        'म' => b"m",
        'य' => b"yj",
        'र' => b"r",
        'ल' => b"l",
        'व' => b"vw",
        'श' | 'ष' | 'स' => b"s",
        'ह' => b"h",
        _ => other_romanized_initials(first),
    }
}

/// [`romanized_initials`] for Bengali, Tamil, Ethiopic, Georgian, Gurmukhi, Gujarati, Telugu,
/// Kannada, Malayalam, Sinhala, Armenian, Khmer, Lao, Thaana, Ol Chiki, Syriac, Tifinagh,
/// Cherokee, syllabics, N'Ko, Adlam, Vai, Hanifi Rohingya, Lontara, Myanmar, Tibetan, Tai Le,
/// Osage, Meetei Mayek, Chakma and Batak letters.
pub(super) fn other_romanized_initials(first: char) -> &'static [u8] {
    if let Some(devanagari) = as_devanagari(first) {
        return romanized_initials(devanagari.encode_utf8(&mut [0; 4]));
    }
    match name_script(first) {
        Some(NameScript::Ethiopic) => return ethiopic_initials(first),
        Some(NameScript::Sinhala) => return sinhala_initials(first),
        Some(NameScript::Armenian) => return armenian_initials(first),
        Some(NameScript::Khmer) => return khmer_initials(first),
        Some(NameScript::Lao) => return lao_initials(first),
        Some(NameScript::Thaana) => return thaana_initials(first),
        Some(NameScript::OlChiki) => return ol_chiki_initials(first),
        Some(NameScript::Syriac) => return syriac_initials(first),
        Some(NameScript::Tifinagh) => return tifinagh_initials(first),
        Some(NameScript::Cherokee) => return cherokee_initials(first),
        Some(NameScript::Syllabics) => return syllabics_initials(first),
        Some(NameScript::Nko) => return nko_initials(first),
        Some(NameScript::Adlam) => return adlam_initials(first),
        Some(NameScript::Vai) => return vai_initials(first),
        Some(NameScript::HanifiRohingya) => return hanifi_rohingya_initials(first),
        Some(NameScript::Lontara) => return lontara_initials(first),
        Some(NameScript::Myanmar) => return myanmar_initials(first),
        Some(NameScript::Tibetan) => return tibetan_root_initials(first),
        Some(NameScript::TaiLe) => return tai_le_initials(first),
        Some(NameScript::Osage) => return osage_initials(first),
        Some(NameScript::MeeteiMayek) => return meetei_mayek_initials(first),
        Some(NameScript::Chakma) => return chakma_initials(first),
        Some(NameScript::Batak) => return batak_initials(first),
        _ => {}
    }
    match first {
        'অ' | 'আ' | 'அ' | 'ஆ' | 'ა' => b"a",
        'ই' | 'ঈ' | 'இ' | 'ஈ' | 'ი' => b"ie",
        'উ' | 'ঊ' | 'உ' | 'ஊ' | 'უ' => b"u",
        'এ' | 'ঐ' | 'எ' | 'ஏ' | 'ஐ' | 'ე' => b"ea",
        'ও' | 'ঔ' | 'ஒ' | 'ஓ' | 'ஔ' | 'ო' => b"o",
        'ক' | 'খ' | 'க' | 'კ' => b"kg",
        'ქ' | 'ყ' => b"kq",
        'ხ' => b"khx",
        'গ' | 'ঘ' | 'გ' | 'ღ' => b"g",
        'চ' | 'ছ' | 'ჩ' | 'ჭ' => b"c",
        'ச' => b"sc",
        'জ' | 'ঝ' | 'ஜ' | 'ჯ' => b"jz",
        'ট' | 'ঠ' | 'ত' | 'থ' | 'თ' | 'ტ' => b"t",
        'ட' | 'த' => b"td",
        'ც' | 'წ' => b"tc",
        'ড' | 'ঢ' | 'দ' | 'ধ' | 'დ' | 'ძ' => b"d",
        'ঙ' | 'ঞ' | 'ণ' | 'ন' | 'ங' | 'ஞ' | 'ண' | 'ந' | 'ன' | 'ნ' => b"n",
        'প' | 'ফ' | 'ფ' => b"pf",
        'ப' => b"pb",
        'პ' => b"p",
        'ব' | 'ভ' | 'ბ' => b"bv",
        'ম' | 'ம' | 'მ' => b"m",
        'য' | '\u{09DF}' => b"jy",
        'ய' => b"y",
        'র' | 'ৰ' | '\u{09DC}' | '\u{09DD}' | 'ர' | 'ற' | 'რ' => b"r",
        'ৱ' => b"wvb",
        'ল' | 'ல' | 'ள' | 'ლ' => b"l",
        'ழ' => b"lz",
        'வ' | 'ვ' => b"vw",
        'শ' | 'ষ' | 'স' | 'ஷ' | 'ஸ' | 'ს' | 'შ' => b"s",
        'হ' | 'ஹ' | 'ჰ' => b"h",
        'ზ' | 'ჟ' => b"z",
        _ => b"",
    }
}

/// The Latin letters an Ethiopic syllable's consonant is romanized as: the syllables of one
/// consonant stand in rows of eight (`የ`, `ዩ`, …, `ዮ`), and the glottal rows (`አ`, `ዐ`) start
/// with their vowel.
pub(super) fn ethiopic_initials(first: char) -> &'static [u8] {
    const ROWS: [&[u8]; 43] = [
        b"h", b"l", b"h", b"m", b"s", b"r", b"s", b"s", b"qk", b"qk", b"q", b"q", b"b", b"v", b"t", b"c", b"h", b"h", b"n", b"n", b"aeiou",
        b"k", b"k", b"h", b"k", b"w", b"aeiou", b"z", b"z", b"y", b"d", b"d", b"j", b"g", b"g", b"g", b"t", b"c", b"p", b"ts", b"ts", b"f", b"p",
    ];
    let row = (u32::from(first).saturating_sub(0x1200) / 8) as usize;
    ROWS.get(row).copied().unwrap_or(b"")
}

/// The Latin letters a Sinhala letter is romanized as.
pub(super) fn sinhala_initials(first: char) -> &'static [u8] {
    match first {
        'අ' | 'ආ' | 'ඇ' | 'ඈ' => b"a",
        'ඉ' | 'ඊ' => b"i",
        'උ' | 'ඌ' => b"u",
        'එ' | 'ඒ' | 'ඓ' => b"e",
        'ඔ' | 'ඕ' | 'ඖ' => b"o",
        'ක' | 'ඛ' => b"k",
        'ග' | 'ඝ' | 'ඟ' => b"g",
        'ච' | 'ඡ' => b"c",
        'ජ' | 'ඣ' => b"j",
        'ට' | 'ඨ' | 'ත' | 'ථ' => b"t",
        'ඩ' | 'ඪ' | 'ද' | 'ධ' | 'ඬ' | 'ඳ' => b"d",
        'ඤ' | 'ණ' | 'න' | 'ඞ' => b"n",
        'ප' | 'ඵ' => b"pf",
        'බ' | 'භ' | 'ඹ' => b"b",
        'ම' => b"m",
        'ය' => b"y",
        'ර' => b"r",
        'ල' | 'ළ' => b"l",
        'ව' => b"vw",
        'ශ' | 'ෂ' | 'ස' => b"s",
        'හ' => b"h",
        'ෆ' => b"f",
        _ => b"",
    }
}

/// The Latin letters an Armenian letter (either case) is romanized as.
pub(super) fn armenian_initials(first: char) -> &'static [u8] {
    // The lowercase letters stand 0x30 after the capitals.
    let capital = match u32::from(first) {
        lower @ 0x0561..=0x0586 => char::from_u32(lower - 0x30).unwrap_or(first),
        _ => first,
    };
    match capital {
        'Ա' => b"a",
        'Բ' => b"b",
        'Գ' => b"g",
        'Դ' => b"d",
        'Ե' | 'Է' | 'Ը' => b"ey",
        'Զ' => b"z",
        'Թ' | 'Տ' => b"t",
        'Ժ' => b"zj",
        'Ի' => b"i",
        'Լ' => b"l",
        'Խ' => b"kx",
        'Ծ' | 'Ց' => b"tc",
        'Կ' | 'Ք' => b"kq",
        'Հ' | 'Յ' => b"hy",
        'Ձ' => b"dz",
        'Ղ' => b"g",
        'Ճ' | 'Չ' => b"ct",
        'Մ' => b"m",
        'Ն' => b"n",
        'Շ' => b"s",
        'Ո' | 'Օ' => b"ov",
        'Պ' | 'Փ' => b"p",
        'Ջ' => b"j",
        'Ռ' | 'Ր' => b"r",
        'Ս' => b"s",
        'Վ' | 'Ւ' => b"vw",
        'Ֆ' => b"f",
        _ => b"",
    }
}

/// The Latin letters a Khmer consonant or vowel is romanized as.
pub(super) fn khmer_initials(first: char) -> &'static [u8] {
    match first {
        'ក' | 'ខ' | 'គ' | 'ឃ' => b"k",
        'ង' => b"n",
        'ច' | 'ឆ' | 'ជ' | 'ឈ' => b"cj",
        'ញ' | 'ណ' | 'ន' => b"n",
        'ដ' | 'ឌ' => b"d",
        'ឋ' | 'ឍ' | 'ត' | 'ថ' | 'ធ' => b"t",
        'ទ' => b"td",
        'ប' | 'ព' => b"bp",
        'ផ' | 'ភ' => b"p",
        'ម' => b"m",
        'យ' => b"y",
        'រ' => b"r",
        'ល' | 'ឡ' => b"l",
        'វ' => b"vw",
        'ឝ' | 'ឞ' | 'ស' => b"s",
        'ហ' => b"h",
        'អ' | 'ឣ'..='ឳ' => b"aeiou",
        _ => b"",
    }
}

/// The Latin letters a Lao consonant is romanized as; a vowel written before its consonant
/// (`ເ`, `ແ`, `ໂ`, `ໃ`, `ໄ`) is passed over.
pub(super) fn lao_initials(first: char) -> &'static [u8] {
    match first {
        'ກ' | 'ຂ' | 'ຄ' => b"k",
        'ງ' | 'ນ' | 'ໜ' => b"n",
        'ຈ' => b"cj",
        'ສ' | 'ຊ' => b"sx",
        'ຍ' | 'ຢ' => b"ny",
        'ດ' => b"d",
        'ຕ' | 'ຖ' | 'ທ' => b"t",
        'ບ' => b"b",
        'ປ' | 'ຜ' | 'ພ' => b"p",
        'ຝ' | 'ຟ' => b"f",
        'ມ' | 'ໝ' => b"m",
        'ຣ' => b"r",
        'ລ' => b"l",
        'ວ' => b"vw",
        'ຫ' | 'ຮ' => b"h",
        'ອ' => b"aeiou",
        _ => b"",
    }
}

/// The Latin letters a Thaana letter is romanized as (`އިބްރާހީމް` Ibrahim, `ޝަރީފް` Shareef).
pub(super) fn thaana_initials(first: char) -> &'static [u8] {
    match first {
        'ހ' | 'ޙ' => b"h",
        'ށ' | 'ސ' | 'ޝ' | 'ޞ' => b"s",
        'ނ' | 'ޱ' => b"n",
        'ރ' => b"r",
        'ބ' => b"b",
        'ޅ' | 'ލ' => b"l",
        'ކ' | 'ޚ' | 'ޤ' => b"kq",
        'އ' | 'ޢ' => b"aeiou",
        'ވ' | 'ޥ' => b"vw",
        'މ' => b"m",
        'ފ' => b"f",
        'ދ' | 'ޑ' | 'ޟ' => b"d",
        'ތ' | 'ޓ' | 'ޘ' | 'ޠ' => b"t",
        'ޛ' => b"tdz",
        'ގ' | 'ޣ' => b"g",
        'ޏ' => b"gn",
        'ޒ' | 'ޜ' | 'ޡ' => b"z",
        'ޔ' => b"y",
        'ޕ' => b"p",
        'ޖ' => b"j",
        'ޗ' => b"c",
        _ => b"",
    }
}

/// The Latin letters an Ol Chiki letter is romanized as (`ᱥᱩᱢᱤᱛᱨᱟ` Sumitra, `ᱢᱩᱨᱢᱩ` Murmu).
pub(super) fn ol_chiki_initials(first: char) -> &'static [u8] {
    match first {
        'ᱚ' => b"oa",
        'ᱛ' | 'ᱴ' => b"t",
        'ᱜ' => b"g",
        'ᱝ' | 'ᱧ' | 'ᱬ' | 'ᱱ' => b"n",
        'ᱞ' => b"l",
        'ᱟ' => b"a",
        'ᱠ' => b"k",
        'ᱡ' => b"j",
        'ᱢ' => b"m",
        'ᱣ' | 'ᱶ' => b"wv",
        'ᱤ' => b"i",
        'ᱥ' => b"s",
        'ᱦ' | 'ᱷ' => b"h",
        'ᱨ' | 'ᱲ' => b"r",
        'ᱩ' => b"u",
        'ᱪ' => b"c",
        'ᱫ' | 'ᱰ' => b"d",
        'ᱭ' => b"y",
        'ᱮ' => b"e",
        'ᱯ' => b"p",
        'ᱳ' => b"o",
        'ᱵ' => b"b",
        _ => b"",
    }
}

/// The Latin letters a Syriac letter is romanized as (`ܐܫܘܪ` Ashur, `ܝܘܚܢܐ` Youkhana).
pub(super) fn syriac_initials(first: char) -> &'static [u8] {
    match first {
        'ܐ' | 'ܥ' => b"aeiou",
        'ܒ' => b"bv",
        'ܓ' => b"gj",
        'ܕ' => b"d",
        'ܗ' => b"hea",
        'ܘ' => b"wvou",
        'ܙ' => b"z",
        'ܚ' => b"hk",
        'ܛ' | 'ܬ' => b"t",
        'ܝ' => b"yije",
        'ܟ' => b"kc",
        'ܠ' => b"l",
        'ܡ' => b"m",
        'ܢ' => b"n",
        'ܣ' | 'ܨ' => b"s",
        'ܦ' => b"pf",
        'ܩ' => b"qk",
        'ܪ' => b"r",
        'ܫ' => b"sc",
        _ => b"",
    }
}

/// The Latin letters a Tifinagh letter is romanized as (`ⵜⵉⴼⴰⵡⵜ` Tifawt, `ⵓⵣⵣⵉⵏ` Ouzzine).
pub(super) fn tifinagh_initials(first: char) -> &'static [u8] {
    match first {
        'ⴰ' | 'ⵄ' => b"a",
        'ⴱ' => b"b",
        'ⴳ' | 'ⴶ' | 'ⵖ' => b"g",
        'ⴷ' | 'ⴹ' => b"d",
        'ⴻ' | 'ⴺ' => b"e",
        'ⴼ' => b"f",
        'ⴽ' | 'ⴾ' => b"k",
        'ⵀ' | 'ⵃ' | 'ⵁ' => b"h",
        'ⵅ' => b"kx",
        'ⵇ' => b"qk",
        'ⵉ' => b"i",
        'ⵊ' | 'ⵋ' => b"jd",
        'ⵍ' => b"l",
        'ⵎ' => b"m",
        'ⵏ' => b"n",
        'ⵓ' => b"ou",
        'ⵔ' | 'ⵕ' => b"r",
        'ⵙ' | 'ⵚ' => b"s",
        'ⵛ' => b"cs",
        'ⵜ' | 'ⵟ' => b"t",
        'ⵡ' => b"wo",
        'ⵢ' => b"yi",
        'ⵣ' | 'ⵥ' => b"z",
        _ => b"",
    }
}

/// The Latin letters a Cherokee syllable starts with, by its place in the syllabary's rows
/// (`ᏕᏫ` Dewi, `ᏐᏈᎵ` Sogwili).
pub(super) fn cherokee_initials(first: char) -> &'static [u8] {
    match u32::from(first) {
        0x13A0 => b"a",
        0x13A1 => b"e",
        0x13A2 => b"i",
        0x13A3 => b"o",
        0x13A4 => b"u",
        0x13A5 => b"v",
        0x13A6..=0x13AC => b"gk",
        0x13AD..=0x13B2 => b"h",
        0x13B3..=0x13B8 => b"l",
        0x13B9..=0x13BD | 0x13F5 => b"m",
        0x13BE..=0x13C5 => b"nh",
        0x13C6..=0x13CB => b"qk",
        0x13CC..=0x13D2 => b"s",
        0x13D3..=0x13E2 => b"dt",
        0x13E3..=0x13E8 => b"tjc",
        0x13E9..=0x13EE => b"w",
        0x13EF..=0x13F4 => b"y",
        _ => b"",
    }
}

/// The Latin letters a syllabic of Inuktitut's (and Cree's) rows is romanized as, by its row
/// (`ᐸᐅᓗᓯ` Paulusi, `ᐃᓱᓗᑕᒃ` Isulutak).
pub(super) fn syllabics_initials(first: char) -> &'static [u8] {
    match u32::from(first) {
        0x1401..=0x1402 => b"ea",
        // Cree's w-syllables (`ᐚᐱᐢᑲᐤ` Wapiskaw), Inuktitut's h (`ᕼᐋᕆ` Harry).
        0x140C..=0x142A => b"w",
        0x157C => b"h",
        0x1403..=0x1404 => b"i",
        0x1405..=0x1406 => b"uo",
        0x140A..=0x140B => b"a",
        0x142F..=0x1439 => b"pb",
        0x144C..=0x1456 => b"td",
        0x146B..=0x1473 => b"kg",
        0x1489..=0x1491 => b"gcj",
        0x14A3..=0x14AB => b"m",
        0x14C0..=0x14C8 | 0x158F..=0x1594 => b"n",
        0x14D3..=0x14DB | 0x15A0..=0x15A4 => b"l",
        0x14ED..=0x14F5 => b"s",
        0x1526..=0x152E => b"yj",
        0x1543..=0x154C => b"r",
        0x1553..=0x155A => b"vf",
        0x157F..=0x1584 => b"qk",
        _ => b"",
    }
}

/// The Latin letters an N'Ko letter is romanized as (`ߝߊ߲ߕߊ ߞߏ߲ߘߋ` Fanta Konde).
pub(super) fn nko_initials(first: char) -> &'static [u8] {
    match first {
        'ߊ' => b"a",
        'ߋ' | 'ߍ' => b"e",
        'ߌ' => b"i",
        'ߎ' => b"uo",
        'ߏ' | 'ߐ' => b"o",
        'ߒ' | 'ߠ' | 'ߢ' | 'ߣ' | 'ߧ' => b"n",
        'ߓ' => b"b",
        'ߔ' => b"p",
        'ߕ' => b"t",
        'ߖ' | 'ߨ' => b"jd",
        'ߗ' | 'ߩ' => b"ct",
        'ߘ' => b"d",
        'ߙ' | 'ߚ' | 'ߪ' => b"r",
        'ߛ' => b"s",
        'ߜ' => b"g",
        'ߝ' => b"f",
        'ߞ' => b"k",
        'ߟ' => b"l",
        'ߡ' => b"m",
        'ߤ' => b"h",
        'ߥ' => b"wo",
        'ߦ' => b"yi",
        _ => b"",
    }
}

/// The Latin letters an Adlam letter (either case) is romanized as (`𞤃𞤢𞤪𞤭𞤢𞤥𞤢 𞤔𞤢𞤤𞤤𞤮`
/// Mariama Jallo), by its place in the alphabet: the small letters stand 0x22 after the
/// capitals.
pub(super) fn adlam_initials(first: char) -> &'static [u8] {
    const INITIALS: [&[u8]; 34] = [
        b"a", b"d", b"l", b"m", b"b", b"s", b"p", b"b", b"r", b"e", b"f", b"i", b"o", b"d", b"y", b"w", b"n",
        b"kc", b"y", b"u", b"j", b"ct", b"h", b"qk", b"g", b"n", b"t", b"n", b"v", b"kx", b"g", b"z", b"k", b"s",
    ];
    let place = u32::from(first).wrapping_sub(0x1E900) % 0x22;
    usize::try_from(place).ok().and_then(|place| INITIALS.get(place)).copied().unwrap_or(b"")
}

/// The Latin letter a Vai syllable starts with (`ꕘꖤ ꕃꕉꖙ` Fatu Kiawu), by its place in the
/// block from `ꔀ` (U+A500) on: written from the syllables' Unicode names, a digraph's first
/// letter (`gb` `g`, `mb` `m`, `ny` `n`), `-` where none.
pub(super) fn vai_initials(first: char) -> &'static [u8] {
    const INITIALS: &[u8] = b"eehwwpbbmkmgfvttddlrdnsszzcjnykngmnniihhwwpbbmkmgfvttddlrdnsszzcjnykngmnnaanhhwwpbbmkkmgfvttddlrdnsszzcjnykkngmnnoohwwpbbmkmgfvttddlrdnsszzcjnykngmnnuuhhwwpbbmkmgfvttddlrdnsszzcjnykngmnnoonhhwwpbbmkmggfvttddlrdnsszzcjnykngmnneenhhwwpbbmkkmggfvttddlrdnsszzcjnyknnggmnnn";
    initial_in(INITIALS, first, 0xA500)
}

/// The letter of `table` at the place of `first` counted from `base` (one letter a character,
/// written from the characters' Unicode names), or none for `-` or a place outside it.
pub(super) fn initial_in(table: &'static [u8], first: char, base: u32) -> &'static [u8] {
    let place = usize::try_from(u32::from(first).wrapping_sub(base)).unwrap_or(usize::MAX);
    match table.get(place..=place) {
        Some(b"-") | None => b"",
        Some(letter) => letter,
    }
}

/// The Latin letters a Tai Le letter is romanized as (`ᥘᥧᥢᥰ` Lun); `ᥟ` carries a syllable's
/// first vowel.
pub(super) fn tai_le_initials(first: char) -> &'static [u8] {
    match first {
        'ᥟ' => b"aeiou",
        'ᥑ' => b"xs",
        // `w` after a vowel (`ᥖᥣᥣᥝᥱ` Tao).
        'ᥝ' => b"vwou",
        _ => initial_in(b"kxntsyttlppmfvhqktnaieeuooueaa", first, 0x1950),
    }
}

/// The Latin letter an Osage letter (either case) is romanized as (`𐓀𐓣𐓤𐓘` Mika); the
/// ejectives (`EHCHA`) as their plain consonant.
pub(super) fn osage_initials(first: char) -> &'static [u8] {
    const INITIALS: &[u8] = b"aaaabcceehhikkklmnooppsstttttduwkgzz";
    let capital = match u32::from(first) {
        small @ 0x104D8..=0x104FB => char::from_u32(small - 0x28).unwrap_or(first),
        _ => first,
    };
    initial_in(INITIALS, capital, 0x104B0)
}

/// The Latin letters a Meetei Mayek letter is romanized as (`ꯀꯣꯟꯁꯝ` Konsam); `ꯑ` carries a
/// word's first vowel, and the final letters (`ꯛ` …) start none.
pub(super) fn meetei_mayek_initials(first: char) -> &'static [u8] {
    match first {
        'ꯑ' => b"aeiou",
        'ꯏ' => b"ie",
        _ => initial_in(b"kslmpnctkntwyhuipagjrbjdgdb", first, 0xABC0),
    }
}

/// The Latin letters a Chakma letter is romanized as (`𑄛𑄳𑄢𑄉𑄖𑄨` Pragati); `𑄃` carries a word's
/// first vowel.
pub(super) fn chakma_initials(first: char) -> &'static [u8] {
    match first {
        '𑄃' => b"aeiou",
        '𑅄' => b"l",
        '𑅇' => b"vw",
        _ => initial_in(b"-iuekkggnccjjnttddnttddnppbbmyyrlwsh", first, 0x11103),
    }
}

/// The Latin letters a Batak letter is romanized as (`ᯅᯬᯉᯒ᯲` Bonar); `ᯀ` carries a word's first
/// vowel, and Toba writes `k` with `ᯂ` ha.
pub(super) fn batak_initials(first: char) -> &'static [u8] {
    match first {
        'ᯀ' | 'ᯁ' => b"aeiou",
        'ᯂ' | 'ᯃ' | 'ᯄ' => b"hk",
        _ => initial_in(b"aahhhbbppnnwwwggjdrrmmttsssyynllncnmiu", first, 0x1BC0),
    }
}

/// The Latin letters a Hanifi Rohingya letter is romanized as (`𐴇𐴝𐴏𐴞𐴕𐴝` Hasina); a word
/// that starts with a vowel writes it after `𐴀`.
pub(super) fn hanifi_rohingya_initials(first: char) -> &'static [u8] {
    match u32::from(first) {
        0x10D00 => b"aeiou",
        0x10D01 => b"b",
        0x10D02 => b"p",
        0x10D03 | 0x10D04 => b"t",
        0x10D05 => b"jz",
        0x10D06 => b"c",
        0x10D07 => b"h",
        0x10D08 => b"kx",
        0x10D09 => b"f",
        0x10D0A | 0x10D0B => b"d",
        0x10D0C | 0x10D0D => b"r",
        0x10D0E => b"z",
        0x10D0F | 0x10D10 => b"s",
        0x10D11 => b"kq",
        0x10D12 => b"g",
        0x10D13 => b"l",
        0x10D14 => b"m",
        0x10D15 | 0x10D1A | 0x10D1B => b"n",
        0x10D16 | 0x10D17 => b"w",
        0x10D18 | 0x10D19 => b"y",
        0x10D1C => b"v",
        0x10D1D => b"a",
        0x10D1E => b"i",
        0x10D1F => b"u",
        0x10D20 => b"e",
        0x10D21 => b"o",
        _ => b"",
    }
}

/// The Latin letters a Lontara letter is romanized as (`ᨖᨊ ᨉᨕᨙ ᨂᨕᨗ` Hasnah Daeng Ngai);
/// `ᨕ` carries a word's first vowel.
pub(super) fn lontara_initials(first: char) -> &'static [u8] {
    match first {
        'ᨀ' => b"k",
        'ᨁ' => b"g",
        'ᨂ' | 'ᨃ' | 'ᨊ' | 'ᨋ' | 'ᨎ' | 'ᨏ' => b"n",
        'ᨄ' => b"p",
        'ᨅ' => b"b",
        'ᨆ' | 'ᨇ' => b"m",
        'ᨈ' => b"t",
        'ᨉ' => b"d",
        'ᨌ' => b"c",
        'ᨍ' => b"j",
        'ᨐ' => b"y",
        'ᨑ' => b"r",
        'ᨒ' => b"l",
        'ᨓ' => b"wv",
        'ᨔ' => b"s",
        'ᨕ' => b"aeiou",
        'ᨖ' => b"h",
        _ => b"",
    }
}

/// The Latin letters a Myanmar consonant or vowel is romanized as (Burmese `သီရိ` Thiri, `ထွန်း`
/// Htun; Shan `ၸၢႆး` Sai, `ၶမ်း` Kham).
pub(super) fn myanmar_initials(first: char) -> &'static [u8] {
    match first {
        'က' | 'ခ' | 'ၵ' | 'ၶ' => b"k",
        'ဂ' | 'ဃ' | 'ၷ' => b"g",
        'င' | 'ဉ' | 'ည' | 'ဏ' | 'န' | 'ၺ' | 'ၼ' => b"n",
        'စ' | 'ၡ' => b"s",
        'ဆ' => b"sh",
        'ဇ' | 'ဈ' | 'ၹ' => b"zj",
        'ၸ' => b"scj",
        'ဋ' | 'တ' => b"t",
        'ဌ' | 'ထ' | 'ႀ' => b"ht",
        'ဍ' | 'ဎ' | 'ဒ' | 'ဓ' | 'ၻ' => b"d",
        'ပ' => b"pb",
        'ဖ' | 'ၽ' => b"ph",
        'ၾ' => b"f",
        'ဗ' | 'ၿ' => b"b",
        'ဘ' => b"bp",
        'မ' => b"m",
        'ယ' => b"y",
        'ရ' => b"yr",
        'လ' | 'ဠ' => b"l",
        'ဝ' => b"w",
        'သ' => b"tsh",
        'ဟ' | 'ႁ' => b"h",
        'အ' | 'ဣ'..='ဪ' => b"aeiou",
        _ => b"",
    }
}

/// The syllables of a word in the Myanmar script, which writes a name's words with no space
/// between them (`သီရိထွန်း` Thiri Htun): each starts at a letter that is neither a final
/// (followed by asat `်`) nor stacked under the one before (after virama `္`).
pub(super) fn myanmar_syllables(word: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let starts: Vec<usize> = chars
        .iter()
        .enumerate()
        .filter(|&(i, &(_, c))| {
            let letter = name_script(c) == Some(NameScript::Myanmar);
            // (A dot below may stand between a final and its asat: `ည့်`.)
            let asat_at = if chars.get(i + 1).is_some_and(|&(_, next)| next == '\u{1037}') { i + 2 } else { i + 1 };
            let final_letter = chars.get(asat_at).is_some_and(|&(_, next)| next == '\u{103A}');
            let stacked = i.checked_sub(1).and_then(|before| chars.get(before)).is_some_and(|&(_, before)| before == '\u{1039}');
            letter && !final_letter && !stacked
        })
        .map(|(_, &(at, _))| at)
        .collect();
    starts.iter().zip(starts.iter().skip(1).copied().chain([word.len()])).map(|(&start, end)| &word[start..end]).collect()
}

/// Whether a syllable of [`myanmar_syllables`] may be romanized starting with `letter`: as its
/// consonant is ([`myanmar_initials`]), or with `c`, `j` or `g` where a medial `y` or `r`
/// follows a `k`-sound (`ချစ်` Chit, `ဂျ` J), or `h` or `s` after a medial `h` (`လှ` Hla,
/// `ရွှေ` Shwe).
pub(super) fn myanmar_syllable_spells(syllable: &str, letter: u8) -> bool {
    let mut chars = syllable.chars();
    let Some(first) = chars.next() else { return false };
    let medials: Vec<char> = chars.take_while(|c| matches!(c, '\u{103B}'..='\u{103E}')).collect();
    let palatal = matches!(first, 'က' | 'ခ' | 'ဂ') && medials.iter().any(|m| matches!(m, '\u{103B}' | '\u{103C}'));
    let aspirated = medials.contains(&'\u{103E}');
    myanmar_initials(first).contains(&letter) || (palatal && b"cjg".contains(&letter)) || (aspirated && b"hs".contains(&letter))
}

/// Whether `c` is a tsheg, which joins Tibetan syllables.
pub(super) fn is_tsheg(c: char) -> bool {
    matches!(c, '\u{0F0B}' | '\u{0F0C}')
}

/// Whether a Tibetan syllable may be romanized starting with `letter` (`བསོད` So, `སྒྲོན` Dron,
/// `ཟླ` Da, `དབྱངས` Yang). Its root is found first: a prefix letter (`ག ད བ མ འ`) before a base
/// letter that carries a vowel sign or a subjoined letter, or before two more base letters, is
/// passed over; a superscript (`ར ལ ས`) stands above the root, subjoined below it. The root's
/// letters ([`tibetan_root_initials`]) then change with what is subjoined to it: `y` after a
/// labial reads `c`, `j` or `y` (`མ` `ny`), `r` after a stop reads `t`, `d` or `r`, `l` after
/// `ཟ` reads `d`; `ལྷ` reads `l`.
pub(super) fn tibetan_syllable_spells(syllable: &str, letter: u8) -> bool {
    let chars: Vec<char> = syllable.chars().collect();
    let base = |c: &char| matches!(u32::from(*c), 0x0F40..=0x0F6C);
    let prefix_letter = chars.first().is_some_and(|c| matches!(c, 'ག' | 'ད' | 'བ' | 'མ' | 'འ')) && chars.get(1).is_some_and(base);
    // Three base letters read either way: a prefix, root and suffix (`བཟང` zang) or a root and
    // two suffixes (`གངས` gang).
    let bare = chars.len() == 3 && chars.iter().all(base);
    let prefixed = prefix_letter && (chars.get(2).is_some_and(|c| !base(c)) || chars.len() >= 3 && chars.iter().all(base));
    tibetan_stack_initials(&chars[usize::from(prefixed)..]).contains(&letter) || (bare && tibetan_stack_initials(&chars).contains(&letter))
}

/// The Latin letters a Tibetan syllable may start with, from its root stack on (see
/// [`tibetan_syllable_spells`]).
fn tibetan_stack_initials(stack: &[char]) -> &'static [u8] {
    let subjoined = |c: &char| matches!(u32::from(*c), 0x0F90..=0x0FBC);
    let Some(top) = stack.first() else { return b"" };
    let below: Vec<char> = stack[1..].iter().take_while(|c| subjoined(c)).filter_map(|&c| char::from_u32(u32::from(c) - 0x50)).collect();
    // (`སྲ` sa is a root with `r` below it, not `r` under a superscript.)
    let superscript = matches!(top, 'ར' | 'ལ' | 'ས') && below.first().is_some_and(|first| !matches!(first, 'ཡ' | 'ར' | 'ལ'));
    let (root, modifiers) = match below.split_first() {
        Some((&root, modifiers)) if superscript => (root, modifiers),
        _ => (*top, &below[..]),
    };
    match (root, modifiers) {
        ('ཧ', _) if superscript && *top == 'ལ' => b"l",
        ('པ' | 'ཕ' | 'བ', ['ཡ', ..]) => b"cjy",
        ('མ', ['ཡ', ..]) => b"n",
        ('ཀ' | 'ཁ' | 'ག' | 'ཏ' | 'ཐ' | 'ད' | 'པ' | 'ཕ' | 'བ', ['ར', ..]) => b"tdr",
        ('ཟ', ['ལ', ..]) => b"d",
        (_, ['ལ', ..]) => b"l",
        _ => tibetan_root_initials(root),
    }
}

/// The Latin letters a Tibetan root letter is romanized as.
pub(super) fn tibetan_root_initials(root: char) -> &'static [u8] {
    match root {
        'ཀ' | 'ཁ' => b"k",
        'ག' => b"gk",
        'ང' | 'ཉ' | 'ན' => b"n",
        'ཅ' | 'ཆ' => b"c",
        'ཇ' => b"j",
        'ཏ' | 'ཐ' => b"t",
        'ད' => b"dt",
        'པ' => b"pb",
        'ཕ' => b"p",
        'བ' => b"bpw",
        'མ' => b"m",
        'ཙ' | 'ཚ' => b"tz",
        'ཛ' => b"dz",
        'ཝ' => b"w",
        'ཞ' => b"sz",
        'ཟ' => b"zs",
        'འ' | 'ཨ' => b"aeiouyw",
        'ཡ' => b"y",
        'ར' => b"r",
        'ལ' => b"l",
        'ཤ' | 'ས' => b"s",
        'ཧ' => b"h",
        _ => b"",
    }
}

/// `word` from its `n`th character on.
pub(super) fn chars_from(word: &str, n: usize) -> &str {
    word.char_indices().nth(n).map_or("", |(at, _)| &word[at..])
}

/// Whether `c` belongs to a script written without spaces between words: kana, CJK ideographs
/// (with their extension A and compatibility block), half-width katakana, Thai, Khmer.
pub(super) fn is_unspaced_script(c: char) -> bool {
    is_han(c) || matches!(u32::from(c), 0x3040..=0x30FF | 0xFF66..=0xFF9F | 0x0E00..=0x0E7F | 0x1780..=0x17FF)
}

/// Whether `c` is a CJK ideograph (the unified block, extension A, compatibility ideographs).
pub(super) fn is_han(c: char) -> bool {
    matches!(u32::from(c), 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// Whether `c` is Hangul (syllables, jamo, compatibility jamo).
pub(super) fn is_hangul(c: char) -> bool {
    matches!(u32::from(c), 0xAC00..=0xD7AF | 0x1100..=0x11FF | 0x3130..=0x318F)
}
