#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| uniqr::internal::fuzzing::roundtrip(data));
