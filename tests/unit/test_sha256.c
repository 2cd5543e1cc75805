/* Unit tests for sha256.c: the FIPS 180-4 / NIST example messages and a long
 * multi-block message (digest from Python's hashlib), through both the
 * portable compression function and the SHA-NI one (where the CPU has it);
 * the two against each other on random lengths 0..10,000 from unaligned
 * addresses, in one update and in updates split at random points, switching
 * between the two in the middle of a digest. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"
#include "t.h"

static void hex(const unsigned char d[32], char out[65])
{
    static const char x[] = "0123456789abcdef";
    for (int i = 0; i < 32; i++) {
        out[2 * i] = x[d[i] >> 4];
        out[2 * i + 1] = x[d[i] & 15];
    }
    out[64] = '\0';
}

/* Digest of data in updates of `chunk` bytes (all of it at once if 0). */
static void digest(const void *data, size_t n, size_t chunk, char out[65])
{
    lf_sha256 s;
    unsigned char d[32];
    const unsigned char *p = data;
    lf_sha256_init(&s);
    if (!chunk)
        chunk = n ? n : 1;
    for (size_t i = 0; i < n; i += chunk)
        lf_sha256_update(&s, p + i, n - i < chunk ? n - i : chunk);
    lf_sha256_final(&s, d);
    hex(d, out);
}

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 32);
}

/* The known answers, with the current choice of compression function. */
static void known_answers(const char *path)
{
    static const struct {
        const char *msg, *want;
    } v[] = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    };
    char got[65];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        size_t n = strlen(v[i].msg);
        lf_sha256_hex(v[i].msg, n, got);
        CHECK_STR(got, v[i].want);
        for (size_t chunk = 1; chunk <= 3; chunk++) {
            digest(v[i].msg, n, chunk, got);
            CHECK_STR(got, v[i].want);
        }
    }

    /* One million 'a': at once, in 1,000-byte and in 1-byte updates. */
    const char *mil = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    char *a = malloc(1000000);
    if (!a) {
        CHECK(!"malloc");
        return;
    }
    memset(a, 'a', 1000000);
    lf_sha256_hex(a, 1000000, got);
    CHECK_STR(got, mil);
    digest(a, 1000000, 1000, got);
    CHECK_STR(got, mil);
    digest(a, 1000000, 1, got);
    CHECK_STR(got, mil);
    free(a);

    /* 100,003 bytes, byte i = (131 i + i / 256) mod 256, from every offset
     * 0..15 of the buffer: 1,562 whole blocks in one call. */
    const char *longmsg = "c2001fe64acd7a232538a138f8ae6d14fb0c19cceb2c9fb7a3ae180f7be209d2";
    unsigned char *b = malloc(100003 + 16);
    if (!b) {
        CHECK(!"malloc");
        return;
    }
    for (size_t off = 0; off < 16; off++) {
        for (size_t i = 0; i < 100003; i++)
            b[off + i] = (unsigned char)(i * 131 + (i >> 8));
        lf_sha256_hex(b + off, 100003, got);
        CHECK_STR(got, longmsg);
    }
    digest(b + 15, 100003, 4097, got);
    CHECK_STR(got, longmsg);
    free(b);
    printf("sha256: known answers, %s path\n", path);
}

/* Random messages: portable in one update = current choice in one update =
 * either in updates of random size, switching path at random between them. */
static void cross_check(int accel)
{
    enum { MAX = 10000, ROUNDS = 400 };
    unsigned char *buf = malloc(MAX + 64);
    if (!buf) {
        CHECK(!"malloc");
        return;
    }
    int bad = 0, updates = 0, forced = 0;
    for (int r = 0; r < ROUNDS; r++) {
        size_t n = r < 130 ? (size_t)r : rnd() % (MAX + 1);
        size_t off = rnd() % 64;
        unsigned char *p = buf + off;
        for (size_t i = 0; i < n; i++)
            p[i] = (unsigned char)rnd();
        char ref[65], fast[65], inc[65];

        lf_sha256_force_portable(1);
        lf_sha256_hex(p, n, ref);
        lf_sha256_force_portable(0);
        lf_sha256_hex(p, n, fast);

        lf_sha256 s;
        unsigned char d[32];
        lf_sha256_init(&s);
        for (size_t i = 0; i < n;) {
            size_t k = rnd() % 4 == 0 ? rnd() % 4 : rnd() % (n - i + 1);
            if (k > n - i)
                k = n - i;
            int portable = (int)(rnd() & 1);
            lf_sha256_force_portable(portable);
            updates++;
            forced += portable;
            lf_sha256_update(&s, p + i, k);
            i += k;
        }
        lf_sha256_force_portable((int)(rnd() & 1));
        lf_sha256_final(&s, d);
        lf_sha256_force_portable(0);
        hex(d, inc);

        if (strcmp(ref, fast) != 0 || strcmp(ref, inc) != 0) {
            if (bad++ < 5)
                fprintf(stderr, "sha256: length %zu offset %zu: portable %s, current %s, split %s\n",
                        n, off, ref, fast, inc);
        }
    }
    CHECK(bad == 0);
    free(buf);
    printf("sha256: %d random messages cross-checked, %d split updates (%d forced portable, %s)\n",
           ROUNDS, updates, forced, accel ? "the others SHA-NI" : "all portable here");
}

int main(void)
{
    lf_sha256_force_portable(1);
    CHECK(lf_sha256_accelerated() == 0);
    known_answers("portable");

    lf_sha256_force_portable(0);
    int accel = lf_sha256_accelerated();
    if (accel)
        known_answers("SHA-NI");
    else
        printf("sha256: no SHA-NI here (CPU, build or valgrind): portable path only\n");

    cross_check(accel);
    return T_DONE("test_sha256");
}
