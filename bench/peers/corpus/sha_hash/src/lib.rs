//! sha_hash: the RustCrypto `sha2` crate hashes generated data with SHA-224, SHA-256,
//! SHA-384 and SHA-512, in one call and streamed in uneven chunks (which must agree).
//! Depends on: sha2 (Debian librust-sha2-dev), ../common.rs.
use sha2::{Digest, Sha224, Sha256, Sha384, Sha512};

#[path = "../../common.rs"]
mod common;
use common::{Fnv, Rng};

fn digest_both<D: Digest>(rng: &mut Rng, data: &[u8], h: &mut Fnv) {
    let once = D::digest(data);
    let mut d = D::new();
    let mut at = 0;
    while at < data.len() {
        let len = (1 + rng.below(3000) as usize).min(data.len() - at);
        d.update(&data[at..at + len]);
        at += len;
    }
    let streamed = d.finalize();
    assert!(once == streamed, "streamed digest differs");
    h.bytes(&once);
}

fn round(rng: &mut Rng, h: &mut Fnv) {
    let mut data = vec![0u8; 128 * 1024];
    for chunk in data.chunks_mut(8) {
        let w = rng.next().to_le_bytes();
        chunk.copy_from_slice(&w[..chunk.len()]);
    }
    digest_both::<Sha224>(rng, &data, h);
    digest_both::<Sha256>(rng, &data, h);
    digest_both::<Sha384>(rng, &data, h);
    digest_both::<Sha512>(rng, &data, h);
}

#[no_mangle]
pub extern "C" fn bench(n: i32) -> i64 {
    common::run_rounds(0xE7037ED1A0B428DB, n, round)
}

