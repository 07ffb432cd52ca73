//! deflate: miniz_oxide compresses generated data (text-like, with repeats and noise) as raw
//! deflate and zlib at several levels, inflates it again and checks the round trip.
//! Depends on: miniz_oxide (Debian librust-miniz-oxide-dev), ../common.rs.
use miniz_oxide::deflate::{compress_to_vec, compress_to_vec_zlib};
use miniz_oxide::inflate::{decompress_to_vec, decompress_to_vec_zlib};

#[path = "../../common.rs"]
mod common;
use common::{Fnv, Rng, WORDS};

fn gen_data(rng: &mut Rng, size: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(size + 64);
    while v.len() < size {
        match rng.below(10) {
            0 => {
                for _ in 0..rng.below(24) {
                    v.push(rng.next() as u8);
                }
            }
            1 if v.len() > 300 => {
                let from = v.len() - 1 - rng.below(300) as usize;
                for k in 0..(3 + rng.below(40) as usize) {
                    v.push(v[from + k % (v.len() - from)]);
                }
            }
            _ => {
                v.extend_from_slice(rng.pick(&WORDS).as_bytes());
                v.push(b' ');
            }
        }
    }
    v.truncate(size);
    v
}

fn round(rng: &mut Rng, h: &mut Fnv) {
    let data = gen_data(rng, 48 * 1024);
    for level in [1u8, 6, 9] {
        let c = compress_to_vec(&data, level);
        h.word(c.len() as u64);
        h.bytes(&c[..c.len().min(256)]);
        let d = decompress_to_vec(&c).unwrap();
        assert!(d == data, "deflate round trip differs");
    }
    let z = compress_to_vec_zlib(&data, 6);
    h.word(z.len() as u64);
    let d = decompress_to_vec_zlib(&z).unwrap();
    h.word(d.len() as u64);
    h.bytes(&z[z.len() - 4..]);
}

#[no_mangle]
pub extern "C" fn bench(n: i32) -> i64 {
    common::run_rounds(0xA0761D6478BD642F, n, round)
}

