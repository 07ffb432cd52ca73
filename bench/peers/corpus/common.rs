//! Shared by every corpus driver (included with `#[path]`): a deterministic generator, a
//! checksum, and the loop behind each driver's exported `bench(n)`. Depends on std only.
#![allow(dead_code)]

/// xorshift64*: the same stream on every engine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// FNV-1a over 64-bit words and bytes.
pub struct Fnv(pub u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf29ce484222325)
    }
    pub fn word(&mut self, v: u64) {
        self.0 = (self.0 ^ v).wrapping_mul(0x100000001b3);
    }
    pub fn bytes(&mut self, b: &[u8]) {
        for &x in b {
            self.0 = (self.0 ^ x as u64).wrapping_mul(0x100000001b3);
        }
    }
}

pub const WORDS: [&str; 32] = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
    "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
    "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "Über", "naïve", "café", "straße",
    "ärger", "œuvre",
];

/// The body of every driver's exported `bench(n)`: n rounds of {round} from one seed; the
/// checksum of everything the rounds hashed, as the i64 the engines return.
pub fn run_rounds(seed: u64, n: i32, round: fn(&mut Rng, &mut Fnv)) -> i64 {
    let mut rng = Rng(seed);
    let mut h = Fnv::new();
    for _ in 0..n {
        round(&mut rng, &mut h);
    }
    h.0 as i64
}
