/*
 * A deliberately bad vendor library, built by the uniqr-cli ffi test with
 * `cc -shared -fPIC` and linked against libuniqr_vendor.so. It forwards every
 * request to the reference (uniqr_reference_vendor_call) except:
 *
 *   text "UQ0:..." (case version-uq0): segfaults
 *   text "UQ9:..." (case version-uq9): aborts
 *   text "UQA:..." (case version-uqa): loops forever
 *
 * and it leaks 4 KiB on every call and chatters on stdout, which must not
 * break the protocol. `uniqr conform --vendor-lib` must report exactly
 * those three cases crash/crash/timeout and pass every other case.
 *
 * Variants for the runner's other paths (-D at build time):
 *   STATUS_ON_UQ0  return status 7 instead of segfaulting (protocol_error),
 *                  and end every reply with a line break (the host must
 *                  still send one line per reply)
 *   ABI_VERSION=N  report another ABI version (the runner refuses it)
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ABI_VERSION
#define ABI_VERSION 1
#endif

/* From libuniqr_vendor.so: the reference under names that do not clash with ours. */
int32_t uniqr_reference_vendor_call(const uint8_t *req, size_t req_len, uint8_t **resp,
                                    size_t *resp_len);
void uniqr_reference_vendor_free(uint8_t *resp, size_t resp_len);

static int has(const uint8_t *req, size_t len, const char *needle) {
    return memmem(req, len, needle, strlen(needle)) != NULL;
}

int32_t uniqr_vendor_call(const uint8_t *req, size_t req_len, uint8_t **resp,
                          size_t *resp_len) {
    char *leak = malloc(4096); /* never freed: a leak per call */
    if (leak != NULL) {
        memset(leak, 0xab, 4096);
    }
    printf("bad vendor: chatter on stdout\n");
    fflush(stdout);
    if (req == NULL || resp == NULL || resp_len == NULL) {
        return 1;
    }
    if (has(req, req_len, "\"text\":\"UQ0:")) {
#ifdef STATUS_ON_UQ0
        return 7;
#else
        volatile int *p = NULL;
        *p = 42; /* segfault */
#endif
    }
    if (has(req, req_len, "\"text\":\"UQ9:")) {
        abort();
    }
    if (has(req, req_len, "\"text\":\"UQA:")) {
        volatile unsigned long spin = 0;
        for (;;) {
            spin++; /* hang */
        }
    }
    uint8_t *reply = NULL;
    size_t n = 0;
    int32_t rc = uniqr_reference_vendor_call(req, req_len, &reply, &n);
    if (rc != 0) {
        return rc;
    }
    /* Our own copy, freed by our own uniqr_vendor_free. */
    uint8_t *copy = malloc(n + 1);
    if (copy == NULL) {
        uniqr_reference_vendor_free(reply, n);
        return 2;
    }
    memcpy(copy, reply, n);
    uniqr_reference_vendor_free(reply, n);
#ifdef STATUS_ON_UQ0
    copy[n++] = '\n';
#endif
    *resp = copy;
    *resp_len = n;
    return 0;
}

void uniqr_vendor_free(uint8_t *resp, size_t resp_len) {
    (void)resp_len;
    free(resp);
}

uint32_t uniqr_vendor_abi_version(void) { return ABI_VERSION; }
