/*
 * Times uniqr_verify_text of libuniqr from C, for benches/footprint.sh:
 *
 *   verify_loop TEXT_FILE TRUST_JSON REVOKED_JSON NOW N
 *
 * Prints the thread CPU time per call in microseconds (trust and revocation
 * lists are parsed on every call, as the C API does). Exits 1 if a call
 * does not verify.
 */
#define _POSIX_C_SOURCE 199309L
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "../tests/c/slurp.h"
#include "uniqr.h"

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s TEXT_FILE TRUST_JSON REVOKED_JSON NOW N\n", argv[0]);
        return 2;
    }
    size_t text_len, trust_len, revoked_len;
    char *text = slurp(argv[1], &text_len);
    char *trust = slurp(argv[2], &trust_len);
    char *revoked = slurp(argv[3], &revoked_len);
    long long now = strtoll(argv[4], NULL, 10);
    long n = strtol(argv[5], NULL, 10);
    struct timespec a, b;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
    for (long i = 0; i < n; i++) {
        char *out = NULL;
        size_t out_len = 0;
        int32_t rc = uniqr_verify_text(text, text_len, trust, trust_len, revoked, revoked_len,
                                       now, &out, &out_len);
        if (rc != UNIQR_OK) {
            fprintf(stderr, "verify failed: %s\n", uniqr_error_code_name(rc));
            return 1;
        }
        uniqr_free(out);
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
    double us = ((double)(b.tv_sec - a.tv_sec) * 1e9 + (double)(b.tv_nsec - a.tv_nsec)) / 1e3;
    printf("%.2f\n", us / (double)n);
    free(text);
    free(trust);
    free(revoked);
    return 0;
}
