//! textproc: generates a pseudo-random text corpus, counts word frequencies (HashMap, sort),
//! and matches a set of regular expressions against every line with a Thompson-NFA regex
//! engine written here (literals, ., character classes, *, +, ?, |, groups, ^, $).
//! `textproc [LINES]` (default 5000). Prints the top words, match counts and a checksum.
//! Exercises: String/Vec/HashMap/BTreeMap heavy code, closures, iterators, sorting.

use std::collections::{BTreeMap, HashMap};
use std::env;

// ---------------- regex: parse to an AST, compile to NFA, simulate with state sets ------------

#[derive(Debug, Clone)]
enum Node {
    Char(u8),
    Any,
    Class(Vec<(u8, u8)>, bool),
    Cat(Vec<Node>),
    Alt(Box<Node>, Box<Node>),
    Star(Box<Node>),
    Plus(Box<Node>),
    Opt(Box<Node>),
    Bol,
    Eol,
}

struct RxParser<'a> { s: &'a [u8], i: usize }

impl<'a> RxParser<'a> {
    fn alt(&mut self) -> Result<Node, String> {
        let l = self.cat()?;
        if self.i < self.s.len() && self.s[self.i] == b'|' {
            self.i += 1;
            return Ok(Node::Alt(Box::new(l), Box::new(self.alt()?)));
        }
        Ok(l)
    }
    fn cat(&mut self) -> Result<Node, String> {
        let mut v = Vec::new();
        while self.i < self.s.len() && self.s[self.i] != b'|' && self.s[self.i] != b')' {
            let mut a = self.atom()?;
            while self.i < self.s.len() {
                a = match self.s[self.i] {
                    b'*' => Node::Star(Box::new(a)),
                    b'+' => Node::Plus(Box::new(a)),
                    b'?' => Node::Opt(Box::new(a)),
                    _ => break,
                };
                self.i += 1;
            }
            v.push(a);
        }
        Ok(Node::Cat(v))
    }
    fn atom(&mut self) -> Result<Node, String> {
        let c = self.s[self.i];
        self.i += 1;
        Ok(match c {
            b'.' => Node::Any,
            b'^' => Node::Bol,
            b'$' => Node::Eol,
            b'(' => {
                let n = self.alt()?;
                if self.i >= self.s.len() || self.s[self.i] != b')' { return Err("missing )".into()); }
                self.i += 1;
                n
            }
            b'[' => {
                let neg = self.i < self.s.len() && self.s[self.i] == b'^';
                if neg { self.i += 1; }
                let mut ranges = Vec::new();
                while self.i < self.s.len() && self.s[self.i] != b']' {
                    let lo = self.s[self.i];
                    if self.i + 2 < self.s.len() && self.s[self.i + 1] == b'-' && self.s[self.i + 2] != b']' {
                        ranges.push((lo, self.s[self.i + 2]));
                        self.i += 3;
                    } else {
                        ranges.push((lo, lo));
                        self.i += 1;
                    }
                }
                if self.i >= self.s.len() { return Err("missing ]".into()); }
                self.i += 1;
                Node::Class(ranges, neg)
            }
            b'\\' if self.i < self.s.len() => { self.i += 1; Node::Char(self.s[self.i - 1]) }
            b'*' | b'+' | b'?' => return Err("nothing to repeat".into()),
            _ => Node::Char(c),
        })
    }
}

#[derive(Debug, Clone)]
enum Inst { Byte(u8), Any, Class(Vec<(u8, u8)>, bool), Split(usize, usize), Jmp(usize), Bol, Eol, Match }

fn compile(n: &Node, prog: &mut Vec<Inst>) {
    match n {
        Node::Char(c) => prog.push(Inst::Byte(*c)),
        Node::Any => prog.push(Inst::Any),
        Node::Class(r, neg) => prog.push(Inst::Class(r.clone(), *neg)),
        Node::Bol => prog.push(Inst::Bol),
        Node::Eol => prog.push(Inst::Eol),
        Node::Cat(v) => v.iter().for_each(|x| compile(x, prog)),
        Node::Alt(a, b) => {
            let split = prog.len();
            prog.push(Inst::Split(0, 0));
            compile(a, prog);
            let jmp = prog.len();
            prog.push(Inst::Jmp(0));
            let b_start = prog.len();
            compile(b, prog);
            let end = prog.len();
            prog[split] = Inst::Split(split + 1, b_start);
            prog[jmp] = Inst::Jmp(end);
        }
        Node::Star(a) => {
            let split = prog.len();
            prog.push(Inst::Split(0, 0));
            compile(a, prog);
            prog.push(Inst::Jmp(split));
            let end = prog.len();
            prog[split] = Inst::Split(split + 1, end);
        }
        Node::Plus(a) => {
            let start = prog.len();
            compile(a, prog);
            let end = prog.len() + 1;
            prog.push(Inst::Split(start, end));
        }
        Node::Opt(a) => {
            let split = prog.len();
            prog.push(Inst::Split(0, 0));
            compile(a, prog);
            let end = prog.len();
            prog[split] = Inst::Split(split + 1, end);
        }
    }
}

struct Regex { prog: Vec<Inst> }

impl Regex {
    fn new(pat: &str) -> Result<Regex, String> {
        let mut p = RxParser { s: pat.as_bytes(), i: 0 };
        let ast = p.alt()?;
        if p.i != pat.len() { return Err(format!("unexpected ) at {}", p.i)); }
        let mut prog = Vec::new();
        compile(&ast, &mut prog);
        prog.push(Inst::Match);
        Ok(Regex { prog })
    }
    fn add(&self, list: &mut Vec<usize>, mark: &mut Vec<u32>, gen: u32, pc: usize, pos: usize, len: usize) {
        if mark[pc] == gen { return; }
        mark[pc] = gen;
        match self.prog[pc] {
            Inst::Split(a, b) => { self.add(list, mark, gen, a, pos, len); self.add(list, mark, gen, b, pos, len); }
            Inst::Jmp(a) => self.add(list, mark, gen, a, pos, len),
            Inst::Bol => if pos == 0 { self.add(list, mark, gen, pc + 1, pos, len) },
            Inst::Eol => if pos == len { self.add(list, mark, gen, pc + 1, pos, len) },
            _ => list.push(pc),
        }
    }
    /// Unanchored search: does the pattern match anywhere in {text}?
    fn is_match(&self, text: &[u8]) -> bool {
        let mut mark = vec![0u32; self.prog.len()];
        let mut gen = 1;
        let (mut cur, mut next) = (Vec::new(), Vec::new());
        for pos in 0..=text.len() {
            self.add(&mut cur, &mut mark, gen, 0, pos, text.len());
            gen += 1;
            for &pc in &cur {
                let ok = match &self.prog[pc] {
                    Inst::Match => return true,
                    _ if pos == text.len() => false,
                    Inst::Byte(c) => text[pos] == *c,
                    Inst::Any => true,
                    Inst::Class(r, neg) => r.iter().any(|&(lo, hi)| text[pos] >= lo && text[pos] <= hi) != *neg,
                    _ => false,
                };
                if ok { self.add(&mut next, &mut mark, gen, pc + 1, pos + 1, text.len()); }
            }
            gen += 1;
            std::mem::swap(&mut cur, &mut next);
            next.clear();
        }
        false
    }
}

// ---------------- corpus ----------------

struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u32 { self.0 ^= self.0 << 13; self.0 ^= self.0 >> 7; self.0 ^= self.0 << 17; (self.0 >> 11) as u32 }
}

const SYLLABLES: [&str; 16] = ["ka", "lo", "mi", "ren", "tas", "qu", "ex", "zo", "an", "bel", "cor", "dy", "fi", "gh", "ul", "ix"];

fn word(rng: &mut Rng) -> String {
    // Zipf-ish: short common words more often
    let n = 1 + (rng.next() % 3) as usize + if rng.next() % 4 == 0 { 1 } else { 0 };
    let mut w = String::new();
    for _ in 0..n { w.push_str(SYLLABLES[(rng.next() % (4 + rng.next() % 12)) as usize]); }
    w
}

fn main() {
    let lines: usize = env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(5000);
    let mut rng = Rng(0x2545F4914F6CDD1D);
    let mut corpus = Vec::with_capacity(lines);
    for i in 0..lines {
        let n = 3 + rng.next() % 10;
        let mut line: Vec<String> = (0..n).map(|_| word(&mut rng)).collect();
        if i % 7 == 0 { line.push(format!("{}", rng.next() % 100000)); }
        if i % 11 == 0 { line.push(format!("user{}@host{}.org", rng.next() % 1000, rng.next() % 50)); }
        corpus.push(line.join(" "));
    }
    let mut freq: HashMap<&str, u32> = HashMap::new();
    for l in &corpus { for w in l.split(' ') { *freq.entry(w).or_insert(0) += 1; } }
    let mut top: Vec<(&str, u32)> = freq.iter().map(|(k, v)| (*k, *v)).collect();
    top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    println!("textproc: {} lines, {} distinct words", lines, top.len());
    for (w, c) in top.iter().take(5) { println!("  {:>8} {}", c, w); }
    let patterns = ["^ka", "ren(tas)+", "[0-9][0-9][0-9][0-9]", "[a-z]+[0-9]*@host4[0-9]\\.org", "(qu|ex)zo.*an$", "^([a-z]+ )+[a-z]*ul$", "b?el.?cor"];
    let mut h: u64 = 0xcbf29ce484222325;
    let mut by_len: BTreeMap<usize, u32> = BTreeMap::new();
    for p in patterns.iter() {
        let re = match Regex::new(p) { Ok(r) => r, Err(e) => { eprintln!("bad pattern {}: {}", p, e); std::process::exit(1) } };
        let mut count = 0u32;
        for (i, l) in corpus.iter().enumerate() {
            if re.is_match(l.as_bytes()) { count += 1; h = (h ^ i as u64).wrapping_mul(0x100000001b3); *by_len.entry(l.len() / 16).or_insert(0) += 1; }
        }
        println!("  /{}/: {} lines", p, count);
    }
    for (k, v) in &by_len { h = (h ^ ((*k as u64) << 32 | *v as u64)).wrapping_mul(0x100000001b3); }
    println!("checksum: {:016x}", h);
}
