/*
 * uniqr_vendor.h: the UNIQR conformance vendor ABI, version 1 (normative).
 *
 * A vendor whose codec is a library, not a program, exports these functions
 * from a shared library and is tested with
 *
 *     uniqr conform --vendor-lib libacme_uniqr.so
 *
 * The ABI carries the SAME JSON messages as the subprocess protocol of
 * spec/harness-protocol.md (requests, replies, the hello handshake, named
 * contexts, error codes); only the transport differs. spec/vendor-abi.md
 * explains the rules below with their requirement numbers (R-VA-*).
 *
 * Written by hand; the reference codec implements it in libuniqr_vendor
 * (crates/uniqr-ffi-vendor).
 */
#ifndef UNIQR_VENDOR_H
#define UNIQR_VENDOR_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI version of this header; uniqr_vendor_abi_version returns it. */
#define UNIQR_VENDOR_ABI_VERSION 1

/* Return codes of uniqr_vendor_call. */
/* The reply was written to *resp and *resp_len. */
#define UNIQR_VENDOR_OK 0
/* A pointer argument was null (or otherwise unusable). Nothing written. */
#define UNIQR_VENDOR_ERR_ARGUMENT 1
/* The library could not produce a reply (out of memory, internal error).
 * Nothing written. Other nonzero values mean the same. */
#define UNIQR_VENDOR_ERR_INTERNAL 2

/* Bit of uniqr_vendor_abi_flags: calls may be made from several threads at
 * the same time. */
#define UNIQR_VENDOR_THREAD_SAFE 1u

/*
 * Answers one request (R-VA-2 .. R-VA-6).
 *
 * req, req_len: one request JSON object as in spec/harness-protocol.md,
 *   UTF-8, without a line ending; hello included. Borrowed: valid only for
 *   the duration of the call; the library must not keep or modify it.
 * resp, resp_len: on success, the library sets *resp to a buffer it
 *   allocated holding one reply JSON object (UTF-8, at most 4 MiB, need not
 *   be NUL-terminated) and *resp_len to its length in bytes. Ownership
 *   passes to the caller, who gives it back with uniqr_vendor_free exactly
 *   once.
 *
 * Returns UNIQR_VENDOR_OK (0) when a reply was written, including replies
 * that reject the input ("ok":false) or say "unsupported":true. Any nonzero
 * value is a library-level failure: nothing is written, and the runner
 * judges the case a protocol_error. The library writes *resp and *resp_len
 * only when it returns 0.
 */
int32_t uniqr_vendor_call(const uint8_t *req, size_t req_len, uint8_t **resp,
                          size_t *resp_len);

/*
 * Frees a reply of uniqr_vendor_call. resp and resp_len are exactly the
 * values that call wrote. Called exactly once per successful call, by the
 * thread that made the call (the runner does so before its next call). A
 * NULL resp must be accepted and ignored.
 */
void uniqr_vendor_free(uint8_t *resp, size_t resp_len);

/* Returns UNIQR_VENDOR_ABI_VERSION (1). Called first, once per load. */
uint32_t uniqr_vendor_abi_version(void);

/*
 * OPTIONAL. Returns a set of UNIQR_VENDOR_* flag bits. A library without
 * this symbol has flags 0: the runner never makes two calls into it at the
 * same time (R-VA-7).
 */
uint32_t uniqr_vendor_abi_flags(void);

#ifdef __cplusplus
}
#endif

#endif /* UNIQR_VENDOR_H */
