/* t.h: the smallest test harness. Each test program counts its checks and
 * prints `NAME: N ok, M bad` last; tests/run.sh adds them up. */
#ifndef LF_T_H
#define LF_T_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int t_ok, t_bad;

#define CHECK(cond)                                                              \
    do {                                                                         \
        if (cond)                                                                \
            t_ok++;                                                              \
        else {                                                                   \
            t_bad++;                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                        \
    } while (0)

#define CHECK_STR(a, b)                                                          \
    do {                                                                         \
        const char *t_a = (a), *t_b = (b);                                       \
        if (t_a && t_b && strcmp(t_a, t_b) == 0)                                 \
            t_ok++;                                                              \
        else {                                                                   \
            t_bad++;                                                             \
            fprintf(stderr, "%s:%d: check failed: %s == %s\n  got:      \"%s\"\n  expected: \"%s\"\n", \
                    __FILE__, __LINE__, #a, #b, t_a ? t_a : "(null)", t_b ? t_b : "(null)"); \
        }                                                                        \
    } while (0)

/* The rows of a cross-reference stream under PNG's Up predictor (a filter
 * byte 2 a row, each byte less the one above), undone in place: *n becomes
 * the bytes of the entries; NULL (s freed) when a row is not as said. */
static inline unsigned char *t_unpredict(unsigned char *s, size_t *n, size_t cols)
{
    if (!s || *n % (cols + 1))
        return s;
    size_t rows = *n / (cols + 1);
    for (size_t r = 0; r < rows; r++) {
        if (s[r * (cols + 1)] != 2) {
            free(s);
            return NULL;
        }
        for (size_t j = 0; j < cols; j++)
            s[r * cols + j] = (unsigned char)(s[r * (cols + 1) + 1 + j] +
                                              (r ? s[(r - 1) * cols + j] : 0));
    }
    *n = rows * cols;
    return s;
}

/* qpdf --check on the bytes, when qpdf is installed: 1 ok, 0 not, -1 no
 * qpdf. */
static inline int t_qpdf_ok(const void *pdf, size_t len)
{
    if (access("/usr/bin/qpdf", X_OK) != 0)
        return -1;
    char path[] = "/tmp/test-qpdf-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        close(fd);
        unlink(path);
        return 0;
    }
    fwrite(pdf, 1, len, f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "qpdf --check %s >/dev/null 2>&1", path);
    int st = system(cmd);
    unlink(path);
    return st == 0;
}

#define T_DONE(name)                                                             \
    (printf("%s: %d ok, %d bad\n", (name), t_ok, t_bad), t_bad ? 1 : 0)

#endif
