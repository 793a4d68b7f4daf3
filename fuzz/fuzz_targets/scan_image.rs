#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| uniqr_qr::internal::fuzzing::scan_image(data));
