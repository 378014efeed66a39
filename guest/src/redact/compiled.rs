//! The compiled detector groups, built once per instance and on first use only: the group
//! regexes, the triggers that tell whether a short text needs a group at all, and the shared
//! scan for the groups' literal prefixes.

use super::*;

/// Texts up to this long (in bytes) are first searched for the triggers of the groups not yet
/// compiled, so the groups without any are neither compiled nor run; in longer texts every group
/// runs, and its compile time is small beside the scan.
pub(super) const TRIGGER_CHECK_BYTES: usize = 64 * 1024;

/// How many bytes of text, in all, one instance looks through for triggers.
pub(super) const TRIGGER_BUDGET_BYTES: usize = 256 * 1024;

/// A placeholder-shaped token, issued or not: `[EMAIL_1]`, `[PERSON_1_2]`.
pub(super) const PLACEHOLDER: &str = r"\[[A-Z_]+_[0-9]+(?:_[0-9]+)?\]";

/// Words that, shortly before a digit sequence, mark it as a phone number.
pub(super) const PHONE_CONTEXT: &str = concat!(
    r"(?i)(?-u:\b)(?:tel(?:ephone|efon|efōn|efone)?|ph|phone(?:_?number|d|ing)?|mobile?|mob|cell(?:phone)?|fax|handy",
    // "Can be reached on", "reach me at", "ring me on" (Tok Pisin `ringim mi long`); not a
    // count that "reached" a figure.
    r"|be\s+reached\s+(?:at|on)|reach\s+(?:me|us|him|her|them)\s+(?:at|on)|ring(?:im)?\s+(?:me|mi|us)",
    r"|call(?:ed|ing)?|dial(?:ed|ing)?|sms|whatsapp|contact|contato|contacto|portable|fone|celular",
    r"|m[óo]vil|telem[óo]vel|cellulare|kom[óo]rk\w*",
    r"|ll[aá]m(?:a|e|ame|ar|enos)|num[ée]ro|n[úu]mero|telefoniczn\w*|stacjonarn\w*",
    r"|hotline|telefonnummer|telepon|simu|nambari|num[aă]r(?:ul)?|sz[áa]m(?:om|on)",
    // "My number" (a bare `nummer` is any number: `ordre nummer`, German `mit Nummer`).
    r"|(?:my|mitt|mijn|meine?)\s+(?:number|nummer)|mit\s+nummer\s+er|s(?:í|i)man(?:ú|u)mer|s(?:í|i)mi|hringja",
    // Nordic `tlf`, Finnish `puh`, Baltic, Slovene, Maltese, Basque, Galician, Catalan, Welsh,
    // Irish, Malay and Indonesian, Hausa and Yoruba words.
    r"|tlf\.?\s*nr|tlfnr|telefonnr|puhelin|matkapuhelin|mobiil|t(?:ā|a)lr(?:unis)?|mobitel|mowbajl|telefonoa?|mugikorra?|helistage|tagasihelistamine",
    // A subscriber's number in telecom records, a phone's digits without the country code, a
    // passenger's mobile in a GDS record (`SSR CTCM`).
    r"|msisdn|national_number|ctcm",
    r"|m(?:ó|ò)bil|telèfon|ff(?:ô|o)n|symudol|fón|guth(?:á|a)n|telp|no\.?\s*hp|lambar\s+waya)s?(?-u:\b)",
    // Tahitian, Mauritian Creole and Romanian, Bislama, Latgalian, Setswana, Tetum, Bambara
    // words for calling (`niuniu 87 62 86 64`, `apel so mama`, `ring long brata blong hem`,
    // `zvaneit jō muosai`, `leletsa`, `bele bolu`, `n wele`), without a plural (`bolus`).
    r"|(?-u:\b)(?:niuniu|apel(?:e|eaz(?:ă|a))?|ring\s+long|zvaneit|leletsa|bolu|wele)(?-u:\b)",
    // Kapampangan and Rarotongan words for a phone; Xitsonga, Aragonese, Mirandese and Kirundi
    // words for calling; English and Scots "give me a ring on" (not "left a ring at reception").
    r"|(?-u:\b)(?:telepunu|tereponi|ringela|clamaz|lhamai|mumpamagare|hamagara)(?-u:\b)",
    // English "switchboard"; Venetian, Balinese and siSwati words for calling (`shayela`, with
    // its subject and object prefixes: `ngishayele`, `ungishayele`, `mshayele`).
    r"|(?-u:\b)(?:switchboard|ciamar(?:me|ne)?|telpun|[a-z]{0,4}shayel[ae])(?-u:\b)",
    r"|(?-u:\b)(?:give|gie(?:'|’)?s|gimme)(?:\s+(?:me|us))?\s+a\s+ring\s+(?:on|at)(?-u:\b)",
    // A relative to call in an emergency (`next of kin (sister) 960 395 315`).
    r"|(?-u:\b)next\s+of\s+kin(?-u:\b)",
    // Yoruba `fóònù` ends with a letter that ASCII word boundaries do not know.
    r"|f(?:ó|o)(?:ò|o)n(?:ù|u)",
    // Finnish and Nordic abbreviations with their dot or colon (`puh.`, `tlf:`).
    r"|(?-u:\b)(?:puh|tlf)[.:]",
    // Northern Sami "call" (`sáhttá riŋget 22 52 85 07`).
    r"|(?-u:\b)riŋg(?:et|e|en|ii)(?-u:\b)",
    // Vietnamese (`SĐT`, `ĐT:`, `điện thoại`).
    r"|sđt|đt[.:]|điện\s+thoại",
    // Words of other scripts, as labels: after a space or a sign, not inside a longer word
    // (the guest's regex has no Unicode letter classes; `Потребител:` is "user",
    // `Телефония` "telephony", `آیفون` "iPhone"; `מחשב נייד` is a laptop).
    r#"|(?:^|[\s:;,.()\[\]|>"'/-])(?:тел[.:]|тэл[.:]|телефон(?:а|у)?[\s:.]|моб[.:]|мобилен|мобильный|мобільний|τηλ[.:]|τηλέφωνο|κινητό)"#,
    r#"|ފޯނު|утас|залгах|հեռ[.:]|հեռախոս|ტელ[.:]|ტელეფონი|მობ[.:]|ስልክ|ទូរស័ព្ទ|ဖုန်း|දුරකථන|ජංගම|נייד[:：]|تلفن|(?:^|[\s:;,.()\[\]|>"'/-])(?:موبایل|موبائل|فون)"#,
    r"|मोबाइल|मोबाईल|फ़ोन|फोन|दूरभाष|ফোন|মোবাইল|ફોન|મોબાઇલ|ਫ਼ੋਨ|ਫੋਨ|ਮੋਬਾਈਲ|தொலைபேசி|கைபேசி|அலைபேசி|மொபைல்",
    r"|ఫోన్|మొబైల్|ಫೋನ್|ಮೊಬೈಲ್|ದೂರವಾಣಿ|ഫോൺ|മൊബൈൽ|มือถือ|โทร|טלפון|نقال|هاتف|جوال",
    // Chinese, Japanese and Korean words glue to their neighbours: no word boundaries.
    r"|电话|電話|手机|手機|联系|聯繫|致电|携帯|전화|휴대폰|핸드폰|연락처|門號|门号|फिर्ता\s*कल",
);

/// Words that, right after a digit sequence, mark it as a phone number, in languages that put
/// the verb after its object: a particle or a word for "number", a word for calling and the
/// verb that asks for it (Hindi `… पर वापस कॉल करें`, Japanese `…までお電話ください`, Korean
/// `…로 전화 부탁드립니다`, Turkish `… numaralı telefon`, Urdu `… پر کال کریں`).
pub(super) const PHONE_CONTEXT_AFTER: &str = concat!(
    r"(?i)^[ \t]*-?(?:",
    // A particle ("on", "to"), a word for calling and the verb that asks for it: the word alone
    // is as often a noun after an order's number ("phone cover", "contact details").
    // Devanagari (Hindi, Marathi, Nepali), Bengali, Gujarati, Gurmukhi.
    r"(?:पर|को|वर)\s*(?:(?:वापस|फिर\s+से)\s*)?(?:कॉल|फ़ोन|फोन|संपर्क)\s*(?:कर|करें)|मा\s*(?:फोन|कल)\s*गर",
    // Konkani's request without a particle (`… फोन करात`; Hindi `फोन करके` is "having called"),
    // Newar's with its own (`… य् फोन याना`).
    r"|(?:फ़ोन|फोन)\s*करात|य्\s*(?:फ़ोन|फोन)\s*याना",
    r"|(?:এ|তে|নম্বরে|নাম্বারে)\s*(?:কল|ফোন|যোগাযোগ)\s*কর|(?:પર|નંબર\s+પર)\s*(?:કૉલ|કોલ|ફોન|સંપર્ક)\s*કર",
    r"|(?:['’]?ਤੇ|ਉੱਤੇ)\s*(?:ਕਾਲ|ਫ਼ੋਨ|ਫੋਨ|ਸੰਪਰਕ)\s*ਕਰ",
    // Telugu, Kannada, Malayalam, Tamil, Sinhala.
    r"|(?:కు|నంబర్\s*కు)\s*(?:కాల్|ఫోన్)\s*చేయ|(?:ಗೆ|ಕ್ಕೆ)\s*(?:ಕರೆ|ಕಾಲ್|ಫೋನ್)\s*ಮಾಡ",
    r"|(?:എന്ന\s+നമ്പറിൽ|നമ്പറിൽ|ൽ)\s*(?:വിളിക്ക|ബന്ധപ്പെട)",
    r"|(?:என்ற\s+எண்ணில்|எண்ணில்|க்கு)\s*(?:அழைக்க|தொடர்பு\s*கொள்)|(?:ට|අංකයට)\s*(?:අමතන්න|කෝල්\s*කරන්න)",
    // Japanese, Korean: a particle, the word, and a request.
    r"|(?:まで|に|へ)(?:お|ご)?(?:電話|連絡)(?:ください|下さい|願|を|して)|(?:번)?(?:으로|로)\s*(?:전화|연락)\s*(?:주|부탁|바랍|해\s*주|하세요|드리)",
    // Turkish: "numbered telephone" (the verb `ara-` also means "search").
    r"|\s+(?:numaral[ıi]|nolu)\s+(?:telefon|hat)",
    // Urdu, Persian.
    r"|(?:پر\s*)?(?:کال|رابطہ)\s*کر|تماس\s*بگیر",
    // Greenlandic: "(to the number) … may be called" (`25 30 74-imut sianerfigineqarsinnaavoq`).
    r"|imut\s+sianerfigi",
    // Tuvan: "(to the number) call" (`… дугаарже долгаңар`, `… дээш долгаңар`).
    r"|(?:дугаарже|дээш)\s+долгаң",
    // A Jira link's text before its `tel:` target (`[29 590 022|tel:+37129590022]`).
    r"|\|tel:",
    r")",
);

/// The fixed patterns, compiled once per instance. The component gets a fresh instance per
/// request, so compiling is on every request's path: each group's regex is compiled on first
/// use only — never when the policy disables all the group's kinds, nor while the texts are
/// short and hold none of the group's triggers.
pub(super) struct Compiled {
    /// Every group's multi-pattern regex, in `GROUPS` order, compiled on first use.
    groups: Vec<OnceLock<meta::Regex>>,
    /// Every group's triggers, built on first use.
    triggers: OnceLock<Triggers>,
    /// How many more bytes of text the triggers may be looked for in.
    trigger_budget: AtomicUsize,
    /// [`PLACEHOLDER`].
    pub(super) placeholder: Regex,
    /// [`PHONE_CONTEXT`], compiled on first use.
    phone_context: OnceLock<Regex>,
    /// [`PHONE_CONTEXT_AFTER`], compiled on first use.
    phone_context_after: OnceLock<Regex>,
    /// The prefix scanner of the groups that have one, built on first use.
    pub(super) prefixes: OnceLock<Prefixes>,
}

impl Compiled {
    /// The regex of group `index`.
    pub(super) fn group(&self, index: usize) -> &meta::Regex {
        self.groups[index].get_or_init(|| {
            let group = &GROUPS[index];
            let patterns: Vec<&str> = group.detectors.iter().map(|d| d.pattern).collect();
            // The digit patterns start with classes: a prefilter of single digits would stop at
            // every digit for nothing.
            let config = meta::Config::new().auto_prefilter(!group.alternatives);
            meta::Regex::builder()
                .syntax(syntax::Config::new().unicode(false))
                .configure(config)
                .build_many(&patterns)
                .expect("a fixed redaction group compiles")
        })
    }

    /// The groups of `wanted` worth running on `text`, as a bit set over `GROUPS`: those already
    /// compiled, and those one of whose triggers occurs in `text`. The triggers are only looked
    /// for while that can save compiling: in short texts, and until the instance has looked
    /// through [`TRIGGER_BUDGET_BYTES`] (a long-lived instance compiles what it needs and stops
    /// paying for the look).
    pub(super) fn triggered(&self, text: &str, wanted: &[usize]) -> u32 {
        let uncompiled = wanted
            .iter()
            .filter(|&&index| self.groups[index].get().is_none())
            .fold(0u32, |groups, &index| groups | 1 << index);
        let budget = self.trigger_budget.load(Ordering::Relaxed);
        if uncompiled == 0 || text.len() > TRIGGER_CHECK_BYTES || text.len() > budget {
            return u32::MAX;
        }
        self.trigger_budget
            .store(budget - text.len(), Ordering::Relaxed);
        !uncompiled | self.triggers_in(text, uncompiled)
    }

    /// Which of the groups in `looked_for` have a trigger in `text`. Triggers of one byte are
    /// looked up in the set of bytes the text holds; the others are found by one Aho-Corasick
    /// pass (overlapping, so a trigger inside another still counts), which stops once every
    /// group looked for is in.
    pub(super) fn triggers_in(&self, text: &str, looked_for: u32) -> u32 {
        let triggers = self.triggers.get_or_init(Triggers::new);
        let mut present = [false; 256];
        for &byte in text.as_bytes() {
            present[usize::from(byte.to_ascii_lowercase())] = true;
        }
        let mut groups = triggers
            .bytes
            .iter()
            .filter(|&&(byte, _)| present[usize::from(byte)])
            .fold(0u32, |groups, &(_, group)| groups | 1 << group);
        if groups & looked_for == looked_for {
            return groups;
        }
        for hit in triggers.words.find_overlapping_iter(text) {
            if let Some(group) = triggers.group_of.get(hit.pattern().as_usize()) {
                groups |= 1 << group;
            }
            if groups & looked_for == looked_for {
                break;
            }
        }
        groups
    }

    /// The phone-context regex.
    pub(super) fn phone_context(&self) -> &Regex {
        self.phone_context
            .get_or_init(|| Regex::new(PHONE_CONTEXT).expect("the phone context compiles"))
    }

    /// The regex of phone words after a number.
    pub(super) fn phone_context_after(&self) -> &Regex {
        self.phone_context_after
            .get_or_init(|| Regex::new(PHONE_CONTEXT_AFTER).expect("the phone context after a number compiles"))
    }
}

/// The groups' triggers, compared ignoring ASCII case.
pub(super) struct Triggers {
    /// The one-byte triggers (lowercase) and their groups.
    bytes: Vec<(u8, usize)>,
    /// The longer triggers.
    words: AhoCorasick,
    /// The group of each longer trigger, in the automaton's pattern order.
    group_of: Vec<usize>,
}

impl Triggers {
    /// Sorts the groups' triggers by length and builds the automaton of the longer ones.
    fn new() -> Triggers {
        let mut bytes = Vec::new();
        let mut words = Vec::new();
        let mut group_of = Vec::new();
        for (index, group) in GROUPS.iter().enumerate() {
            for trigger in group.triggers {
                match trigger.as_bytes() {
                    [byte] => bytes.push((byte.to_ascii_lowercase(), index)),
                    _ => {
                        words.push(*trigger);
                        group_of.push(index);
                    }
                }
            }
        }
        let words = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(AhoCorasickKind::NoncontiguousNFA))
            .build(words)
            .expect("the redaction triggers compile");
        Triggers {
            bytes,
            words,
            group_of,
        }
    }
}

/// Texts at least this long (in bytes) search the groups that have a prefix scanner through it
/// ([`Prefixes`]); shorter ones run each group's own regex, which needs no shared automaton
/// built for the request.
pub(super) const PREFIX_SCAN_BYTES: usize = 64 * 1024;

/// The shortest prefix literal a group may have and still be found through [`Prefixes`]: with
/// shorter ones, candidates would be everywhere.
pub(super) const MIN_PREFIX_BYTES: usize = 3;

/// The largest class a prefix literal expands (a hex digit in either case: 22 bytes); beyond
/// it, the extractor stops the literals before the class.
pub(super) const PREFIX_CLASS_BYTES: usize = 22;

/// One pass that finds where matches of several groups can start.
///
/// Why: every group's regex has its own literal prefilter. Natively that is Teddy (SIMD) and a
/// pass costs little; in wasm there is no Teddy, each prefilter walks an Aho-Corasick automaton
/// over the whole text, and the vendor-secret groups alone took more than half of the time of a
/// redaction. For a group whose every match starts with one of a finite set of literals (as
/// `regex-syntax`'s prefix extractor proves from the patterns, with the same syntax options),
/// one overlapping automaton over all such groups' literals lists the only places where their
/// matches can start; each group then runs its regex anchored at its places, in order. That
/// finds the same matches as the unanchored search: the leftmost match at or after a position
/// starts at one of the places, and no earlier place has an anchored match.
pub(super) struct Prefixes {
    /// Every qualifying group's prefix literals, as an Aho-Corasick DFA that reports every
    /// match (overlapping ones too).
    dfa: LiteralDfa,
    /// The groups (a bit set over `GROUPS`) each literal of `dfa` starts, by pattern id.
    groups_of: Vec<u32>,
    /// The qualifying groups, as a bit set.
    pub(super) groups: u32,
}

/// How many parts of the text [`Prefixes::places`] walks at once. A DFA's walk is a chain of
/// dependent loads, each waiting for the one before; walking four parts interleaved keeps four
/// chains in flight, which nearly doubled the walk's speed natively and in wasm.
pub(super) const PREFIX_LANES: usize = 4;

/// The index of the last list [`Prefixes::places`] returns, after one per group: where a
/// password word a CSV header may name its column by starts ([`csv_header_forms`]), so that
/// [`csv_passwords`] needs no search of its own in long texts.
pub(super) const CSV_HEADER_PLACES: usize = GROUPS.len();

// The groups and the CSV header words are bits of a `u32`.
const _: () = assert!(CSV_HEADER_PLACES < 32);

impl Prefixes {
    /// The scanner of every group whose prefixes qualify.
    pub(super) fn new() -> Prefixes {
        let (literals, groups) = prefix_literals();
        let dfa = LiteralDfa::builder()
            .match_kind(LiteralMatchKind::Standard)
            .build(literals.keys())
            .expect("the prefix literals compile");
        Prefixes { dfa, groups_of: literals.into_values().collect(), groups }
    }

    /// Where matches of each qualifying group can start in `text`, sorted: one list per group
    /// in `GROUPS` order (empty for the others), then the CSV header words' list
    /// ([`CSV_HEADER_PLACES`]). The text is cut into [`PREFIX_LANES`] parts,
    /// walked side by side; each part's walk goes on past its end by the longest literal, so
    /// that it sees every literal starting in the part, and keeps only those.
    pub(super) fn places(&self, text: &str) -> Vec<Vec<usize>> {
        let bytes = text.as_bytes();
        let part = bytes.len().div_ceil(PREFIX_LANES).max(1);
        let reach = self.dfa.max_pattern_len().saturating_sub(1);
        let lanes: [Range<usize>; PREFIX_LANES] = std::array::from_fn(|lane| {
            let start = (lane * part).min(bytes.len());
            start..(start + part + reach).min(bytes.len())
        });
        let mut places = vec![Vec::new(); CSV_HEADER_PLACES + 1];
        let mut record = |lane: usize, end: usize, sid| {
            let owned = lane * part..(lane + 1) * part;
            for index in 0..self.dfa.match_len(sid) {
                let pattern = self.dfa.match_pattern(sid, index);
                let start = end - self.dfa.pattern_len(pattern);
                let groups = self.groups_of.get(pattern.as_usize()).copied().unwrap_or(0);
                if owned.contains(&start) {
                    push_place(&mut places, groups, start);
                }
            }
        };
        let Ok(start) = self.dfa.start_state(LiteralAnchored::No) else {
            return places;
        };
        // The four states are separate variables, so they stay in registers.
        let [mut s0, mut s1, mut s2, mut s3] = [start; PREFIX_LANES];
        let common = lanes.iter().map(|lane| lane.len()).min().unwrap_or(0);
        // The main loop calls `next_state` itself: through a closure taking bytes it measured 3%
        // slower natively.
        let next = |sid, at: usize| self.dfa.next_state(LiteralAnchored::No, sid, bytes[at]);
        let [a0, a1, a2, a3] = [0, 1, 2, 3].map(|lane| lanes[lane].start);
        let [l0, l1, l2, l3] = [a0, a1, a2, a3].map(|start| &bytes[start..start + common]);
        for (step, (((&b0, &b1), &b2), &b3)) in l0.iter().zip(l1).zip(l2).zip(l3).enumerate() {
            s0 = self.dfa.next_state(LiteralAnchored::No, s0, b0);
            s1 = self.dfa.next_state(LiteralAnchored::No, s1, b1);
            s2 = self.dfa.next_state(LiteralAnchored::No, s2, b2);
            s3 = self.dfa.next_state(LiteralAnchored::No, s3, b3);
            for (lane, sid, at) in [(0, s0, a0), (1, s1, a1), (2, s2, a2), (3, s3, a3)] {
                if self.dfa.is_match(sid) {
                    record(lane, at + step + 1, sid);
                }
            }
        }
        for (lane, (range, mut sid)) in lanes.iter().zip([s0, s1, s2, s3]).enumerate() {
            for at in range.start + common..range.end {
                sid = next(sid, at);
                if self.dfa.is_match(sid) {
                    record(lane, at + 1, sid);
                }
            }
        }
        for list in &mut places {
            list.sort_unstable();
            list.dedup();
        }
        places
    }
}

/// Every qualifying group's prefix literals, each with the groups (a bit set over `GROUPS`) it
/// starts, and the qualifying groups as a bit set; the CSV header words with the bit
/// [`CSV_HEADER_PLACES`].
pub(super) fn prefix_literals() -> (BTreeMap<Vec<u8>, u32>, u32) {
    let mut literals: BTreeMap<Vec<u8>, u32> = BTreeMap::new();
    let mut groups = 0u32;
    for (index, group) in GROUPS.iter().enumerate() {
        if group.alternatives {
            continue;
        }
        if let Some(prefixes) = group_prefixes(group) {
            groups |= 1 << index;
            for literal in prefixes {
                *literals.entry(literal).or_default() |= 1 << index;
            }
        }
    }
    for word in csv_header_forms() {
        *literals.entry(word.into_bytes()).or_default() |= 1 << CSV_HEADER_PLACES;
    }
    (literals, groups)
}

/// Adds `start` to the places of each group in the bit set `groups`.
pub(super) fn push_place(places: &mut [Vec<usize>], groups: u32, start: usize) {
    for (index, list) in places.iter_mut().enumerate() {
        if groups & (1 << index) != 0 {
            list.push(start);
        }
    }
}

/// The literals every match of `group` starts with, if they are finitely many and none is
/// shorter than [`MIN_PREFIX_BYTES`]. Classes of up to [`PREFIX_CLASS_BYTES`] bytes are
/// expanded, so `SK[0-9a-fA-F]{32}` starts with one of `SK0` … `SKf`, `SKA` … `SKF`.
pub(super) fn group_prefixes(group: &Group) -> Option<Vec<Vec<u8>>> {
    let config = regex_syntax::ParserBuilder::new().unicode(false).utf8(false).build();
    let mut hirs = Vec::new();
    for detector in group.detectors {
        hirs.push(config.clone().parse(detector.pattern).ok()?);
    }
    let seq = regex_syntax::hir::literal::Extractor::new().kind(regex_syntax::hir::literal::ExtractKind::Prefix).limit_class(PREFIX_CLASS_BYTES).extract(&regex_syntax::hir::Hir::alternation(hirs));
    let literals = seq.literals()?;
    literals.iter().all(|l| l.as_bytes().len() >= MIN_PREFIX_BYTES).then(|| literals.iter().map(|l| l.as_bytes().to_vec()).collect())
}

/// The fixed patterns; they are constants covered by the tests, so failing to compile is a bug.
pub(super) fn compiled() -> &'static Compiled {
    static COMPILED: OnceLock<Compiled> = OnceLock::new();
    COMPILED.get_or_init(|| Compiled {
        groups: GROUPS.iter().map(|_| OnceLock::new()).collect(),
        triggers: OnceLock::new(),
        trigger_budget: AtomicUsize::new(TRIGGER_BUDGET_BYTES),
        placeholder: Regex::new(PLACEHOLDER).expect("the placeholder pattern compiles"),
        phone_context: OnceLock::new(),
        phone_context_after: OnceLock::new(),
        prefixes: OnceLock::new(),
    })
}
