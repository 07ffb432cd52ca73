//! json_serde: serde + serde_json. Each round generates a batch of orders (derived
//! Serialize/Deserialize structs with nested vectors, options, floats, non-ASCII strings),
//! serializes them compactly and pretty, parses the text back into the typed structs and
//! into serde_json::Value, walks the Value tree and checks the round trip.
//! Depends on: serde, serde_derive, serde_json (Debian librust-*-dev), ../common.rs.
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[path = "../../common.rs"]
mod common;
use common::{Fnv, Rng, WORDS};

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Item {
    sku: String,
    qty: u32,
    price: f64,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct Order {
    id: u64,
    customer: String,
    items: Vec<Item>,
    total: f64,
    paid: bool,
    note: Option<String>,
    tags: Vec<String>,
    geo: (f64, f64),
}

fn gen_orders(rng: &mut Rng, count: usize) -> Vec<Order> {
    (0..count)
        .map(|i| {
            let items: Vec<Item> = (0..1 + rng.below(6))
                .map(|_| Item {
                    sku: format!("{}-{:05}", rng.pick(&WORDS), rng.below(100000)),
                    qty: 1 + rng.below(20) as u32,
                    price: rng.below(1_000_000) as f64 / 100.0,
                })
                .collect();
            let total = items.iter().map(|it| it.price * it.qty as f64).sum();
            Order {
                id: rng.next() >> 11,
                customer: format!("{} {} \"{}\"\t", rng.pick(&WORDS), rng.pick(&WORDS), i),
                items,
                total,
                paid: rng.below(2) == 0,
                note: if rng.below(3) == 0 { Some(format!("deliver to {} ✓ \\ {}", rng.pick(&WORDS), rng.below(99))) } else { None },
                tags: (0..rng.below(4)).map(|_| rng.pick(&WORDS).to_string()).collect(),
                geo: ((rng.below(180_000_000) as f64) / 1e6 - 90.0, (rng.below(360_000_000) as f64) / 1e6 - 180.0),
            }
        })
        .collect()
}

fn walk(v: &Value, h: &mut Fnv) {
    match v {
        Value::Null => h.word(1),
        Value::Bool(b) => h.word(2 + *b as u64),
        Value::Number(n) => h.word(n.as_f64().unwrap().to_bits()),
        Value::String(s) => h.bytes(s.as_bytes()),
        Value::Array(a) => {
            h.word(a.len() as u64);
            a.iter().for_each(|x| walk(x, h));
        }
        Value::Object(o) => {
            for (k, x) in o {
                h.bytes(k.as_bytes());
                walk(x, h);
            }
        }
    }
}

fn round(rng: &mut Rng, h: &mut Fnv) {
    let orders = gen_orders(rng, 120);
    let compact = serde_json::to_string(&orders).unwrap();
    let pretty = serde_json::to_string_pretty(&orders).unwrap();
    let back: Vec<Order> = serde_json::from_str(&pretty).unwrap();
    assert!(back == orders, "typed round trip differs");
    let tree: Value = serde_json::from_str(&compact).unwrap();
    walk(&tree, h);
    let again = serde_json::to_vec(&tree).unwrap();
    h.word(compact.len() as u64);
    h.word(pretty.len() as u64);
    h.bytes(&again);
}

#[no_mangle]
pub extern "C" fn bench(n: i32) -> i64 {
    common::run_rounds(0xD1B54A32D192ED03, n, round)
}

