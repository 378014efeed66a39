//! Whether a Korean or Japanese name written in Hangul or kana is the one an e-mail address
//! spells in Latin letters (`강도현` and `kangdohyun`, `タナカ ハルト` and `haruto_tanaka`).
//!
//! The redactor takes a name written beside an address only when the address spells it; for
//! names in Chinese characters no table can say so, but Hangul and kana are written by sound, so
//! each syllable has a handful of usual romanizations (Revised Romanization and the older
//! McCune–Reischauer and family-name spellings for Korean, Hepburn and Kunrei-shiki for
//! Japanese). A name spells an address when one choice per syllable, run together, is the
//! address's letters exactly.

/// The most syllable spellings one check tries: every choice spends one, so names of many
/// syllables with several spellings each cannot make the search exponential.
const MAX_STEPS: usize = 2_048;

/// Whether `name` (Hangul syllables, or kana, spaces left out) is written `spelled` (lowercase
/// ASCII letters, the address's separators left out) by some usual romanization; false for a
/// name with any other character.
pub(crate) fn spells(name: &str, spelled: &str) -> bool {
    let Some(units) = units_of(name) else { return false };
    let mut steps = MAX_STEPS;
    matches(&units, spelled.as_bytes(), &mut steps)
}

/// One syllable's spellings.
type Unit = Vec<String>;

/// Whether one spelling of each unit, in order, is `spelled`.
fn matches(units: &[Unit], spelled: &[u8], steps: &mut usize) -> bool {
    let Some((unit, rest)) = units.split_first() else { return spelled.is_empty() };
    unit.iter().any(|latin| {
        if *steps == 0 {
            return false;
        }
        *steps -= 1;
        spelled.strip_prefix(latin.as_bytes()).is_some_and(|tail| matches(rest, tail, steps))
    })
}

/// The spellings of each syllable of `name`, or `None` when it holds a character that is neither
/// a Hangul syllable nor kana.
fn units_of(name: &str) -> Option<Vec<Unit>> {
    let chars: Vec<char> = name.chars().filter(|c| !matches!(c, ' ' | '\u{3000}' | '・')).collect();
    if chars.is_empty() {
        return None;
    }
    if chars.iter().all(|&c| hangul::is_syllable(c)) {
        return Some(chars.iter().map(|&c| hangul::spellings(c)).collect());
    }
    kana::units(&chars)
}

/// Korean syllables: each is an initial consonant, a vowel and maybe a final consonant, all
/// read off its code point.
mod hangul {
    /// The first precomposed syllable, `가`.
    const FIRST: u32 = 0xAC00;
    /// The syllables of each initial consonant: 21 vowels times 28 finals.
    const PER_INITIAL: u32 = 21 * 28;

    /// How the 19 initial consonants are written (`ㄱ` as `g` or `k`, `ㄹ` as `r` or `l`; `ㅇ`
    /// is silent there).
    const INITIALS: [&[&str]; 19] = [
        &["g", "k"],
        &["kk", "gg", "k", "g"],
        &["n"],
        &["d", "t"],
        &["tt", "dd", "t"],
        &["r", "l", "n", ""],
        &["m"],
        &["b", "p"],
        &["pp", "bb", "p"],
        &["s", "sh"],
        &["ss", "s"],
        &[""],
        &["j", "ch"],
        &["jj", "tch", "j"],
        &["ch"],
        &["k"],
        &["t"],
        &["p"],
        &["h"],
    ];

    /// How the 21 vowels are written (`ㅓ` as `eo`, `u` or `o`; `ㅕ` as `yeo`, `yu`, `yo`,
    /// `you`).
    const VOWELS: [&[&str]; 21] = [
        &["a"],
        &["ae", "e"],
        &["ya"],
        &["yae"],
        &["eo", "u", "o"],
        &["e"],
        &["yeo", "yu", "yo", "you"],
        &["ye"],
        &["o", "oh"],
        &["wa"],
        &["wae"],
        &["oe", "oi", "we"],
        &["yo"],
        &["u", "oo"],
        &["wo"],
        &["we"],
        &["wi", "wee"],
        &["yu", "yoo"],
        &["eu", "u"],
        &["ui", "eui", "i", "ee"],
        &["i", "ee"],
    ];

    /// How the 28 finals are written (none first).
    const FINALS: [&[&str]; 28] = [
        &[""],
        &["k", "g"],
        &["k"],
        &["k"],
        &["n"],
        &["n"],
        &["n"],
        &["t", "d"],
        &["l", "r"],
        &["k", "l"],
        &["m"],
        &["l"],
        &["l"],
        &["l"],
        &["p"],
        &["l"],
        &["m"],
        &["p", "b"],
        &["p"],
        &["t", "s"],
        &["t"],
        &["ng"],
        &["t"],
        &["t"],
        &["k"],
        &["t"],
        &["p"],
        &["t", "h"],
    ];

    /// Family names whose usual spellings the rules above do not give (`이` as `lee`, `박` as
    /// `park`, `오` as `oh`).
    const FAMILY_SPELLINGS: &[(char, &[&str])] = &[
        ('이', &["lee", "yi", "rhee", "ri", "rhie", "yee"]),
        ('박', &["park", "pak"]),
        ('백', &["paik", "baik"]),
        ('오', &["oh"]),
        ('우', &["woo"]),
        ('안', &["ahn"]),
        ('노', &["noh", "roh"]),
        ('손', &["sohn"]),
        ('허', &["huh"]),
        ('여', &["yuh"]),
        ('서', &["suh"]),
        ('임', &["lim", "rim"]),
        ('류', &["ryu", "ryoo", "yoo", "yu", "lyu"]),
        ('유', &["yoo", "yu"]),
        ('최', &["choe", "choi", "chwe"]),
    ];

    /// Whether `c` is a precomposed Hangul syllable.
    pub(super) fn is_syllable(c: char) -> bool {
        matches!(u32::from(c), 0xAC00..=0xD7A3)
    }

    /// Every spelling of the syllable `c` (one of [`is_syllable`]).
    pub(super) fn spellings(c: char) -> super::Unit {
        let index = u32::from(c) - FIRST;
        let initial = INITIALS[(index / PER_INITIAL) as usize];
        let vowel = VOWELS[(index % PER_INITIAL / 28) as usize];
        let last = FINALS[(index % 28) as usize];
        let mut out: super::Unit = FAMILY_SPELLINGS
            .iter()
            .filter(|(syllable, _)| *syllable == c)
            .flat_map(|(_, spellings)| spellings.iter().map(|s| (*s).to_owned()))
            .collect();
        for i in initial {
            for v in vowel {
                for f in last {
                    out.push(format!("{i}{v}{f}"));
                }
            }
        }
        out
    }
}

/// Japanese kana: each kana is a syllable, but a small `ャ`, `ュ` or `ョ` joins the one before
/// (`キョ`, `kyo`), a small `ッ` doubles the consonant after it, and a long vowel (`ー`, or `ウ`
/// after an o) is written doubled, with an `h`, or not at all (`サトウ`: `satou`, `satoh`,
/// `sato`).
mod kana {
    use super::Unit;

    /// How each katakana from `ア` to `ン` is written (none for the small vowels, which
    /// [`units`] handles); hiragana are read as the katakana 0x60 code points further on.
    fn spellings(c: char) -> &'static [&'static str] {
        match c {
            'ア' => &["a"],
            'イ' => &["i"],
            'ウ' => &["u"],
            'エ' => &["e"],
            'オ' => &["o"],
            'カ' => &["ka"],
            'キ' => &["ki"],
            'ク' => &["ku"],
            'ケ' => &["ke"],
            'コ' => &["ko"],
            'ガ' => &["ga"],
            'ギ' => &["gi"],
            'グ' => &["gu"],
            'ゲ' => &["ge"],
            'ゴ' => &["go"],
            'サ' => &["sa"],
            'シ' => &["shi", "si"],
            'ス' => &["su"],
            'セ' => &["se"],
            'ソ' => &["so"],
            'ザ' => &["za"],
            'ジ' => &["ji", "zi"],
            'ズ' => &["zu"],
            'ゼ' => &["ze"],
            'ゾ' => &["zo"],
            'タ' => &["ta"],
            'チ' => &["chi", "ti"],
            'ツ' => &["tsu", "tu"],
            'テ' => &["te"],
            'ト' => &["to"],
            'ダ' => &["da"],
            'ヂ' => &["ji", "di"],
            'ヅ' => &["zu", "du"],
            'デ' => &["de"],
            'ド' => &["do"],
            'ナ' => &["na"],
            'ニ' => &["ni"],
            'ヌ' => &["nu"],
            'ネ' => &["ne"],
            'ノ' => &["no"],
            'ハ' => &["ha"],
            'ヒ' => &["hi"],
            'フ' => &["fu", "hu"],
            'ヘ' => &["he"],
            'ホ' => &["ho"],
            'バ' => &["ba"],
            'ビ' => &["bi"],
            'ブ' => &["bu"],
            'ベ' => &["be"],
            'ボ' => &["bo"],
            'パ' => &["pa"],
            'ピ' => &["pi"],
            'プ' => &["pu"],
            'ペ' => &["pe"],
            'ポ' => &["po"],
            'マ' => &["ma"],
            'ミ' => &["mi"],
            'ム' => &["mu"],
            'メ' => &["me"],
            'モ' => &["mo"],
            'ヤ' => &["ya"],
            'ユ' => &["yu"],
            'ヨ' => &["yo"],
            'ラ' => &["ra"],
            'リ' => &["ri"],
            'ル' => &["ru"],
            'レ' => &["re"],
            'ロ' => &["ro"],
            'ワ' => &["wa"],
            'ヲ' => &["o", "wo"],
            'ン' => &["n", "m", "nn"],
            'ヴ' => &["vu", "bu"],
            _ => &[],
        }
    }

    /// `c` as a katakana: hiragana moved to their katakana, katakana as they are.
    fn as_katakana(c: char) -> char {
        match u32::from(c) {
            code @ 0x3041..=0x3096 => char::from_u32(code + 0x60).unwrap_or(c),
            _ => c,
        }
    }

    /// The spellings of each syllable of `chars`, or `None` when one is not kana.
    pub(super) fn units(chars: &[char]) -> Option<Vec<Unit>> {
        let chars: Vec<char> = chars.iter().map(|&c| as_katakana(c)).collect();
        let mut units: Vec<Unit> = Vec::new();
        let mut doubled = false;
        for &c in &chars {
            let unit = match c {
                'ッ' => {
                    doubled = true;
                    continue;
                }
                'ャ' | 'ュ' | 'ョ' => joined(units.pop()?, c)?,
                'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' => vowel_replaced(units.pop()?, c)?,
                'ー' => lengthened(units.last()?),
                'ウ' if units.last().is_some_and(|unit| unit.iter().any(|s| s.ends_with('o') || s.ends_with('u'))) => {
                    vec!["u".to_owned(), String::new(), "h".to_owned()]
                }
                'イ' if units.last().is_some_and(|unit| unit.iter().any(|s| s.ends_with('e'))) => {
                    vec!["i".to_owned(), String::new()]
                }
                _ => spellings(c).iter().map(|s| (*s).to_owned()).collect(),
            };
            if unit.is_empty() {
                return None;
            }
            let unit = if doubled { with_doubled_consonant(unit) } else { unit };
            doubled = false;
            units.push(unit);
        }
        (!doubled && !units.is_empty()).then_some(units)
    }

    /// A kana of the i column and a small `ャ`, `ュ` or `ョ` as one syllable (`キョ` as
    /// `kyo`, `シャ` as `sha` or `sya`, `チュ` as `chu`).
    fn joined(previous: Unit, small: char) -> Option<Unit> {
        let vowel = match small {
            'ャ' => "a",
            'ュ' => "u",
            _ => "o",
        };
        let out: Unit = previous
            .iter()
            .filter_map(|s| s.strip_suffix('i'))
            .flat_map(|stem| match stem {
                "sh" | "ch" | "j" => vec![format!("{stem}{vowel}"), format!("{stem}y{vowel}")],
                _ => vec![format!("{stem}y{vowel}")],
            })
            .collect();
        (!out.is_empty()).then_some(out)
    }

    /// A kana and a small vowel after it as one syllable (`ファ` as `fa`, `ティ` as `ti`).
    fn vowel_replaced(previous: Unit, small: char) -> Option<Unit> {
        let vowel = match small {
            'ァ' => 'a',
            'ィ' => 'i',
            'ゥ' => 'u',
            'ェ' => 'e',
            _ => 'o',
        };
        let out: Unit = previous
            .iter()
            .filter_map(|s| s.get(..s.len().saturating_sub(1)).filter(|stem| !stem.is_empty()))
            .map(|stem| format!("{stem}{vowel}"))
            .collect();
        (!out.is_empty()).then_some(out)
    }

    /// The long-vowel mark after `previous`: its vowel again, an `h`, or nothing.
    fn lengthened(previous: &Unit) -> Unit {
        let mut out = vec![String::new(), "h".to_owned()];
        for vowel in previous.iter().filter_map(|s| s.chars().last()) {
            let vowel = vowel.to_string();
            if !out.contains(&vowel) {
                out.push(vowel);
            }
        }
        out
    }

    /// `unit` after a small `ッ`: its consonant written twice (`ッカ` as `kka`, `ッチ` as `tchi`).
    fn with_doubled_consonant(unit: Unit) -> Unit {
        unit.iter()
            .filter_map(|s| {
                let first = s.chars().next().filter(|c| !"aeiou".contains(*c))?;
                Some(if s.starts_with("ch") { format!("t{s}") } else { format!("{first}{s}") })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::spells;

    #[test]
    fn a_korean_name_spells_its_usual_romanizations() {
        assert!(spells("강도현", "kangdohyun"));
        assert!(spells("강도현", "gangdohyeon"));
        assert!(spells("도현강", "dohyunkang"));
        assert!(spells("이서연", "leeseoyeon"));
        assert!(spells("박지훈", "parkjihoon"));
        assert!(spells("최영희", "choiyounghee"));
        assert!(spells("정민준", "jungminjun"));
    }

    #[test]
    fn a_korean_name_does_not_spell_another_name() {
        assert!(!spells("강도현", "kimdohyun"));
        assert!(!spells("강도현", "kangdohyunn"));
        assert!(!spells("강도현", "kang"));
    }

    #[test]
    fn a_japanese_name_in_kana_spells_its_hepburn_and_kunrei_forms() {
        assert!(spells("タナカハルト", "tanakaharuto"));
        assert!(spells("ハルトタナカ", "harutotanaka"));
        assert!(spells("サトウ", "sato"));
        assert!(spells("サトウ", "satoh"));
        assert!(spells("サトウ", "satou"));
        assert!(spells("しょうた", "shota"));
        assert!(spells("しょうた", "syouta"));
        assert!(spells("キョウコ", "kyoko"));
        assert!(spells("ハットリ", "hattori"));
        assert!(spells("マッチ", "matchi"));
        assert!(spells("ユーキ", "yuki"));
        assert!(spells("ユーキ", "yuuki"));
        assert!(spells("ケンイチ", "kenichi"));
        assert!(spells("シンイチ", "shinichi"));
    }

    #[test]
    fn a_japanese_name_does_not_spell_another_name() {
        assert!(!spells("タナカハルト", "tanakahiroto"));
        assert!(!spells("ヘルプデスク", "tanakaharuto"));
    }

    #[test]
    fn other_characters_spell_nothing() {
        assert!(!spells("田中", "tanaka"));
        assert!(!spells("タナカ太郎", "tanakataro"));
        assert!(!spells("", ""));
        assert!(!spells("ッ", "t"));
    }

    #[test]
    fn a_long_name_of_many_spellings_ends_within_the_budget() {
        assert!(!spells(&"여".repeat(40), &"yeo".repeat(39)));
        let kana = "ウー".repeat(60);
        assert!(!spells(&kana, &"u".repeat(500)));
    }
}
