/*
 * Verifies a UNIQR code through the native C API of libuniqr
 * (include/uniqr.h).
 *
 *   verify TEXT_FILE TRUST_JSON REVOKED_JSON NOW
 *
 * TEXT_FILE holds the QR text (one trailing line ending is ignored),
 * TRUST_JSON and REVOKED_JSON are a trust list and a revocation list file,
 * NOW is the verification time in Unix seconds. Prints the verified
 * payload JSON and exits 0, or prints the registry code and message and
 * exits 1; exits 2 on usage or I/O errors. Build: see Makefile.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "uniqr.h"

/* Reads a whole file; returns NULL on error. The caller frees it. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        perror(path);
        return NULL;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap) {
            break;
        }
        char *bigger = realloc(buf, cap *= 2);
        if (bigger == NULL) {
            free(buf);
        }
        buf = bigger;
    }
    if (buf == NULL || ferror(f)) {
        fprintf(stderr, "%s: read error\n", path);
        free(buf);
        fclose(f);
        return NULL;
    }
    fclose(f);
    *len = n;
    return buf;
}

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: %s TEXT_FILE TRUST_JSON REVOKED_JSON NOW\n", argv[0]);
        return 2;
    }
    if (uniqr_abi_version() != UNIQR_ABI_VERSION) {
        fprintf(stderr, "libuniqr ABI %" PRIu32 ", expected %d\n", uniqr_abi_version(),
                UNIQR_ABI_VERSION);
        return 2;
    }
    size_t text_len = 0, trust_len = 0, revoked_len = 0;
    char *text = slurp(argv[1], &text_len);
    char *trust = slurp(argv[2], &trust_len);
    char *revoked = slurp(argv[3], &revoked_len);
    int status = 2;
    if (text != NULL && trust != NULL && revoked != NULL) {
        /* The codec never trims (R-PFX-3); drop one line ending here. */
        if (text_len > 0 && text[text_len - 1] == '\n') {
            text_len--;
            if (text_len > 0 && text[text_len - 1] == '\r') {
                text_len--;
            }
        }
        int64_t now = strtoll(argv[4], NULL, 10);
        char *json = NULL;
        size_t json_len = 0;
        int32_t rc = uniqr_verify_text(text, text_len, trust, trust_len, revoked, revoked_len,
                                       now, &json, &json_len);
        if (rc == UNIQR_OK) {
            printf("valid (libuniqr %s): %.*s\n", uniqr_version(), (int)json_len, json);
            uniqr_free(json);
            status = 0;
        } else {
            char message[256];
            uniqr_error_message(message, sizeof message);
            const char *name = uniqr_error_code_name(rc);
            printf("invalid: %s (%" PRId32 "): %s\n", name != NULL ? name : "?", rc, message);
            status = rc > 0 ? 1 : 2;
        }
    }
    free(text);
    free(trust);
    free(revoked);
    return status;
}
