/*
 * Drives uniqr's two C libraries from C, for the uniqr-cli ffi test and for
 * tests/c/sanitize.sh (valgrind): the vendor ABI of libuniqr_vendor
 * (spec/uniqr_vendor.h) in process, and the native API of libuniqr
 * (include/uniqr.h), including render, scan, and the error and
 * null-pointer paths. Every reply is freed exactly once, so valgrind sees
 * any ownership bug on either side of the boundary.
 *
 *   vendor_calls TEXT_FILE TRUST_JSON REVOKED_JSON NOW_UNIX NOW_RFC3339
 *
 * TEXT_FILE holds a code valid at NOW under the trust list. Prints one line
 * per check and "all checks passed"; exits 1 on the first failed check.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slurp.h"
#include "uniqr.h"
#include "uniqr_vendor.h"

static int failures = 0;

#define CHECK(cond, what)                                                      \
    do {                                                                       \
        if (cond) {                                                            \
            printf("ok: %s\n", what);                                          \
        } else {                                                               \
            printf("FAILED: %s\n", what);                                      \
            failures++;                                                        \
        }                                                                      \
    } while (0)

/* One vendor call; returns 1 if it succeeded and the reply holds `want`. */
static int vendor(const char *req, const char *want) {
    uint8_t *resp = NULL;
    size_t len = 0;
    if (uniqr_vendor_call((const uint8_t *)req, strlen(req), &resp, &len) != UNIQR_VENDOR_OK) {
        return 0;
    }
    int found = resp != NULL && memmem(resp, len, want, strlen(want)) != NULL;
    uniqr_vendor_free(resp, len);
    return found;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s TEXT_FILE TRUST_JSON REVOKED_JSON NOW_UNIX NOW_RFC3339\n",
                argv[0]);
        return 2;
    }
    size_t text_len, trust_len, revoked_len;
    char *text = slurp(argv[1], &text_len);
    char *trust = slurp(argv[2], &trust_len);
    char *revoked = slurp(argv[3], &revoked_len);
    long long now = strtoll(argv[4], NULL, 10);

    /* Vendor ABI, in process. */
    CHECK(uniqr_vendor_abi_version() == UNIQR_VENDOR_ABI_VERSION, "vendor ABI version 1");
    CHECK(vendor("{\"op\":\"hello\",\"protocol\":1}", "\"protocol\":1"), "hello");
    size_t cap = trust_len + revoked_len + text_len + 256;
    char *req = malloc(cap);
    snprintf(req, cap,
             "{\"id\":1,\"op\":\"load_context\",\"context\":\"main\",\"trust\":%s,\"revoked\":%s}",
             trust, revoked);
    CHECK(vendor(req, "\"ok\":true"), "load_context");
    snprintf(req, cap,
             "{\"id\":2,\"op\":\"verify\",\"context\":\"main\",\"now\":\"%s\",\"text\":\"%s\"}",
             argv[5], text);
    for (int i = 0; i < 3; i++) {
        CHECK(vendor(req, "\"ok\":true"), "verify by named context");
    }
    snprintf(req, cap, "{\"id\":3,\"op\":\"decode\",\"text\":\"UQ1:\"}");
    CHECK(vendor(req, "\"error\":\"BASE45_INVALID\""), "rejection is a reply");
    CHECK(vendor("not json", "not a request"), "malformed request gets a reply");
    uint8_t *resp = (uint8_t *)req; /* sentinels: must stay untouched */
    size_t len = 12345;
    CHECK(uniqr_vendor_call(NULL, 4, &resp, &len) == UNIQR_VENDOR_ERR_ARGUMENT &&
              resp == (uint8_t *)req && len == 12345,
          "null request: nonzero, outputs untouched");
    CHECK(uniqr_vendor_call((const uint8_t *)"{}", 2, NULL, &len) == UNIQR_VENDOR_ERR_ARGUMENT,
          "null reply pointer: nonzero");
    uniqr_vendor_free(NULL, 0);

    /* Native API. */
    char *json = NULL;
    size_t json_len = 0;
    int32_t rc = uniqr_verify_text(text, text_len, trust, trust_len, revoked, revoked_len, now,
                                   &json, &json_len);
    CHECK(rc == UNIQR_OK && json != NULL && strlen(json) == json_len, "uniqr_verify_text");
    uniqr_free(json);
    json = NULL;
    rc = uniqr_decode(text, text_len, &json, &json_len);
    CHECK(rc == UNIQR_OK && strstr(json, "\"header\"") != NULL, "uniqr_decode");
    uniqr_free(json);
    json = NULL;
    rc = uniqr_verify_text(text, text_len, "{}", 2, revoked, revoked_len, now, &json,
                           &json_len);
    char message[64];
    size_t full = uniqr_error_message(message, sizeof message);
    CHECK(rc == UNIQR_TRUST_LIST_INVALID && json == NULL && full > 0 &&
              strlen(message) == (full < sizeof message ? full : sizeof message - 1),
          "bad trust list: code, message, nothing written");
    CHECK(strcmp(uniqr_error_code_name(rc), "TRUST_LIST_INVALID") == 0, "code name");
    CHECK(uniqr_error_code_name(9999) == NULL, "unknown code has no name");
    rc = uniqr_verify_text(NULL, 0, trust, trust_len, revoked, revoked_len, now, &json,
                           &json_len);
    CHECK(rc == UNIQR_ERR_NULL_ARGUMENT && json == NULL, "null text");
    rc = uniqr_verify_text(text, text_len, trust, trust_len, revoked, revoked_len, now, NULL,
                           &json_len);
    CHECK(rc == UNIQR_ERR_NULL_ARGUMENT, "null output");
    rc = uniqr_verify_text("\xff", 1, trust, trust_len, revoked, revoked_len, now, &json,
                           &json_len);
    CHECK(rc == UNIQR_ERR_INVALID_UTF8 && json == NULL, "text not UTF-8");
    uniqr_free(NULL);

    /* Render and scan: a byte buffer out (uniqr_free_bytes), then JSON. */
    uint8_t *png = NULL;
    size_t png_len = 0;
    rc = uniqr_render_png(text, text_len, 2, &png, &png_len);
    CHECK(rc == UNIQR_OK && png != NULL && png_len > 8 && memcmp(png, "\x89PNG", 4) == 0,
          "uniqr_render_png");
    rc = uniqr_scan(png, png_len, &json, &json_len);
    CHECK(rc == UNIQR_OK && strstr(json, "\"mode\":\"alphanumeric\"") != NULL &&
              strncmp(strstr(json, "\"text\":\"") + 8, text, text_len) == 0,
          "uniqr_scan reads back the same text");
    uniqr_free(json);
    json = NULL;
    rc = uniqr_verify_image(png, png_len, trust, trust_len, revoked, revoked_len, now, &json,
                            &json_len);
    CHECK(rc == UNIQR_OK && json != NULL, "uniqr_verify_image");
    uniqr_free(json);
    json = NULL;
    uniqr_free_bytes(png, png_len);
    rc = uniqr_render_svg(text, text_len, &json, &json_len);
    CHECK(rc == UNIQR_OK && strncmp(json, "<svg ", 5) == 0, "uniqr_render_svg");
    uniqr_free(json);
    json = NULL;
    rc = uniqr_scan((const uint8_t *)"not an image", 12, &json, &json_len);
    CHECK(rc == UNIQR_QR_UNREADABLE && json == NULL, "scan of a non-image: code, nothing written");
    uniqr_free_bytes(NULL, 0);

    free(req);
    free(text);
    free(trust);
    free(revoked);
    if (failures > 0) {
        printf("%d checks failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
