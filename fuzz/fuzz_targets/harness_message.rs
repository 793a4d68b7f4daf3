#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| uniqr_conform::internal::fuzzing::harness_message(data));
