/*
 * Shared by the C test and bench programs (tests/c/vendor_calls.c,
 * benches/verify_loop.c): reads a whole file, drops trailing line endings
 * and NUL-terminates it; exits 2 on any error. The caller frees it.
 */
#ifndef UNIQR_TEST_SLURP_H
#define UNIQR_TEST_SLURP_H

#include <stdio.h>
#include <stdlib.h>

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL || fseek(f, 0, SEEK_END) != 0) {
        perror(path);
        exit(2);
    }
    long n = ftell(f);
    if (n < 0 || fseek(f, 0, SEEK_SET) != 0) {
        perror(path);
        exit(2);
    }
    char *buf = malloc((size_t)n + 1);
    if (buf == NULL || fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fprintf(stderr, "%s: read error\n", path);
        exit(2);
    }
    fclose(f);
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r')) {
        n--;
    }
    buf[n] = '\0';
    *len = (size_t)n;
    return buf;
}

#endif
