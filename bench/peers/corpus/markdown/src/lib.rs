//! markdown: pulldown-cmark renders generated CommonMark documents (headings, nested lists,
//! emphasis, links, inline and fenced code, block quotes, tables, footnotes, task lists,
//! strikethrough, HTML entities) to HTML, and walks the event stream.
//! Depends on: pulldown-cmark (Debian librust-pulldown-cmark-dev), ../common.rs.
use pulldown_cmark::{html, Event, Options, Parser, Tag};

#[path = "../../common.rs"]
mod common;
use common::{Fnv, Rng, WORDS};

fn sentence(rng: &mut Rng, s: &mut String) {
    for k in 0..(4 + rng.below(12)) {
        if k > 0 {
            s.push(' ');
        }
        let w = rng.pick(&WORDS);
        match rng.below(14) {
            0 => *s += &format!("*{}*", w),
            1 => *s += &format!("**{}**", w),
            2 => *s += &format!("`{}()`", w),
            3 => *s += &format!("[{}](https://example.org/{}?q={})", w, w, rng.below(100)),
            4 => *s += &format!("~~{}~~", w),
            5 => *s += &format!("{} &amp; <{}>", w, w),
            6 => *s += &format!("{}[^{}]", w, rng.below(5)),
            _ => *s += w,
        }
    }
    s.push_str(".\n");
}

fn gen_doc(rng: &mut Rng, sections: usize) -> String {
    let mut s = String::new();
    for i in 0..sections {
        s += &format!("{} {} {}\n\n", "#".repeat(1 + (i % 4)), rng.pick(&WORDS), i);
        for _ in 0..(1 + rng.below(3)) {
            sentence(rng, &mut s);
            s.push('\n');
        }
        match rng.below(5) {
            0 => {
                for d in 0..(2 + rng.below(5)) {
                    s += &"  ".repeat((d % 3) as usize);
                    s += if d % 2 == 0 { "- [x] " } else { "1. " };
                    sentence(rng, &mut s);
                }
            }
            1 => {
                s += "```rust\nfn main() {\n    println!(\"<&>\");\n}\n```\n";
            }
            2 => {
                s += "| name | value | note |\n|:-----|------:|:----:|\n";
                for _ in 0..(1 + rng.below(6)) {
                    s += &format!("| {} | {} | *{}* |\n", rng.pick(&WORDS), rng.below(10000), rng.pick(&WORDS));
                }
            }
            3 => {
                s += "> ";
                sentence(rng, &mut s);
                s += "> > ";
                sentence(rng, &mut s);
            }
            _ => {
                s += &format!("[^{}]: ", rng.below(5));
                sentence(rng, &mut s);
            }
        }
        s.push('\n');
    }
    s
}

fn round(rng: &mut Rng, h: &mut Fnv) {
    let doc = gen_doc(rng, 150);
    let mut out = String::with_capacity(doc.len() * 2);
    html::push_html(&mut out, Parser::new_ext(&doc, Options::all()));
    h.word(out.len() as u64);
    h.bytes(out.as_bytes());
    let (mut links, mut text) = (0u64, 0u64);
    for ev in Parser::new_ext(&doc, Options::all()) {
        match ev {
            Event::Start(Tag::Link(_, url, _)) => {
                links += 1;
                h.bytes(url.as_bytes());
            }
            Event::Text(t) => text += t.len() as u64,
            _ => {}
        }
    }
    h.word(links << 32 | text);
}

#[no_mangle]
pub extern "C" fn bench(n: i32) -> i64 {
    common::run_rounds(0x853C49E6748FEA9B, n, round)
}

