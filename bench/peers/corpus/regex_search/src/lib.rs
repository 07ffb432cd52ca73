//! regex_search: the `regex` crate over generated log text. Each round builds a few hundred
//! log lines (dates, levels, e-mail addresses, URLs, durations, non-ASCII words), compiles a
//! set of patterns (Unicode classes, named captures, alternations, a RegexSet) and runs
//! find_iter, captures_iter, replace_all and set matching over the text.
//! Depends on: regex (Debian librust-regex-dev), ../common.rs.
use regex::{Regex, RegexSet};

#[path = "../../common.rs"]
mod common;
use common::{Fnv, Rng, WORDS};

const LEVELS: [&str; 5] = ["TRACE", "DEBUG", "INFO", "WARN", "ERROR"];
const METHODS: [&str; 4] = ["GET", "POST", "PUT", "DELETE"];

fn gen_text(rng: &mut Rng, lines: usize) -> String {
    let mut s = String::with_capacity(lines * 120);
    for i in 0..lines {
        let (y, mo, d) = (2000 + rng.below(25), 1 + rng.below(12), 1 + rng.below(28));
        let (h, mi, sec) = (rng.below(24), rng.below(60), rng.below(60));
        s += &format!("{:04}-{:02}-{:02} {:02}:{:02}:{:02} {} ", y, mo, d, h, mi, sec, rng.pick(&LEVELS));
        for _ in 0..(2 + rng.below(6)) {
            s += rng.pick(&WORDS);
            s.push(' ');
        }
        if i % 3 == 0 {
            s += &format!("{}{}@{}.{} ", rng.pick(&WORDS), rng.below(1000), rng.pick(&WORDS), ["org", "com", "net"][rng.below(3) as usize]);
        }
        if i % 4 == 1 {
            s += &format!("{} /api/v{}/{}/{} ", rng.pick(&METHODS), 1 + rng.below(3), rng.pick(&WORDS), rng.below(100000));
        }
        s += &format!("took {}ms status={}\n", rng.below(5000), [200, 201, 404, 500][rng.below(4) as usize]);
    }
    s
}

const PATTERNS: [&str; 6] = [
    r"\b\w+@\w+\.(?:org|com|net)\b",
    r"(?m)^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (?:WARN|ERROR)\b.*$",
    r"(?i)\b(?:über|café|straße)\b",
    r"/api/v[0-9]+/[a-z]+/[0-9]{3,}",
    r"took (\d+)ms",
    r"\p{Lu}\p{Ll}+",
];

fn round(rng: &mut Rng, h: &mut Fnv) {
    let text = gen_text(rng, 300);
    for p in PATTERNS.iter() {
        let re = Regex::new(p).unwrap();
        for m in re.find_iter(&text) {
            h.word((m.start() as u64) << 32 | m.end() as u64);
        }
    }
    let date = Regex::new(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) (?P<hh>\d{2}):(?P<mm>\d{2})").unwrap();
    let mut minutes: u64 = 0;
    for c in date.captures_iter(&text) {
        let f = |k: &str| c.name(k).unwrap().as_str().parse::<u64>().unwrap();
        minutes = minutes.wrapping_add(((f("y") * 12 + f("m")) * 31 + f("d")) * 1440 + f("hh") * 60 + f("mm"));
    }
    h.word(minutes);
    let email = Regex::new(r"(\w+?)(\d*)@(\w+)\.(\w+)").unwrap();
    let masked = email.replace_all(&text, "<$3 at $4>");
    h.word(masked.len() as u64);
    h.bytes(masked.as_bytes());
    let set = RegexSet::new(&[r"ERROR", r"status=5\d\d", r"(?i)delete", r"took \d{4}ms", r"[^\x00-\x7F]"]).unwrap();
    for line in text.lines() {
        for i in set.matches(line).into_iter() {
            h.word(i as u64 + 1);
        }
    }
}

#[no_mangle]
pub extern "C" fn bench(n: i32) -> i64 {
    common::run_rounds(0x9E3779B97F4A7C15, n, round)
}

