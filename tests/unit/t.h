/* t.h: the smallest test harness. Each test program counts its checks and
 * prints `NAME: N ok, M bad` last; tests/run.sh adds them up. */
#ifndef LF_T_H
#define LF_T_H

#include <stdio.h>
#include <string.h>

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

#define T_DONE(name)                                                             \
    (printf("%s: %d ok, %d bad\n", (name), t_ok, t_bad), t_bad ? 1 : 0)

#endif
