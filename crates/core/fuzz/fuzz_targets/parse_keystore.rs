//! Feeds arbitrary bytes to the keystore reader: errors, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use supernet_core::Keystore;

fuzz_target!(|data: &[u8]| {
    if let Ok(store) = Keystore::parse(data) {
        let _ = store.info();
        let _ = store.is_protected();
    }
});
