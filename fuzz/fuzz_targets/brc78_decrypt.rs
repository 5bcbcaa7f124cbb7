#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| sigma_auth_fuzz::brc78_decrypt(data));
