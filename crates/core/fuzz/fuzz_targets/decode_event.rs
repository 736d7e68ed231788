//! Feeds arbitrary bytes to the event decoder and verifier: they must return an error, never
//! panic, hang or allocate beyond the event size limit; whatever decodes must re-encode to
//! the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use supernet_core::Event;

fuzz_target!(|data: &[u8]| {
    if let Ok(event) = Event::decode(data.to_vec()) {
        assert_eq!(event.wire(), data, "decoding is canonical");
        let _ = event.verify(1_800_000_000_000);
    }
});
