/* sha256: SHA-256 (FIPS 180-4). The compression function has two versions:
 * portable C, and the x86 SHA extensions (SHA-NI), chosen once at run time
 * when the compiler can build the latter and the CPU has them. Both take a
 * run of whole 64-byte blocks straight from the caller's buffer. */
#include "sha256.h"

#include <string.h>

/* SHA-NI: x86 and a compiler with the target attribute and the intrinsics
 * (GCC 5+, clang 4+). */
#if defined(__x86_64__) || defined(__i386__)
#if defined(__clang__)
#if __clang_major__ >= 4
#define LF_SHA256_X86 1
#endif
#elif defined(__GNUC__)
#if __GNUC__ >= 5
#define LF_SHA256_X86 1
#endif
#endif
#endif

#ifdef LF_SHA256_X86
#include <immintrin.h>
#if !defined(__GNUC__) || defined(__clang__) || __GNUC__ < 11
#include <cpuid.h>
#endif
#endif

static const uint32_t K[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/* Compresses n 64-byte blocks at p into h. */
typedef void lf_sha256_blocks_fn(uint32_t h[8], const unsigned char *p, size_t n);

static void blocks_portable(uint32_t h[8], const unsigned char *p, size_t n)
{
    uint32_t w[64];
    for (; n; n--, p += 64) {
        for (int i = 0; i < 16; i++)
            w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
                   (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
        for (int i = 16; i < 64; i++) {
            uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
            uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (int i = 0; i < 64; i++) {
            uint32_t t1 = hh + (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + w[i];
            uint32_t t2 = (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
}

#ifdef LF_SHA256_X86
/* The SHA-NI rounds keep the state as two vectors, ABEF and CDGH (highest
 * lane first); sha256rnds2 does two rounds with the two low lanes of its
 * message-plus-constant operand. The schedule keeps W[t..t+3] in four
 * registers, m0..m3 in turn. Group t+16 starts as sha256msg1(W[t..t+3],
 * W[t+4..t+7]) (adds sigma0), then gets W[t+9..t+12] (alignr of the two
 * groups before it) and sigma1 (sha256msg2) once W[t+12..t+15] is known.
 * Order matters: SHA_NEXT reads prev2 before SHA_MSG1 overwrites it. */
#define SHA_QUAD(t, m)                                                                \
    do {                                                                              \
        msg = _mm_add_epi32((m), _mm_loadu_si128((const __m128i *)&K[4 * (t)])); \
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);                                \
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0e));       \
    } while (0)
/* m = W[t..t+3] from m (sha256msg1 already applied), prev2 = W[t-8..t-5] as
 * loaded or computed (not yet through sha256msg1), prev1 = W[t-4..t-1]. */
#define SHA_NEXT(m, prev2, prev1)                                                     \
    ((m) = _mm_sha256msg2_epu32(_mm_add_epi32((m), _mm_alignr_epi8((prev1), (prev2), 4)), (prev1)))
#define SHA_MSG1(m, next) ((m) = _mm_sha256msg1_epu32((m), (next)))

__attribute__((target("sha,sse4.1,ssse3"))) static void
blocks_shani(uint32_t h[8], const unsigned char *p, size_t n)
{
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
    __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
    __m128i cdab = _mm_shuffle_epi32(dcba, 0xb1);
    __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1b);
    __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
    __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xf0);
    for (; n; n--, p += 64) {
        __m128i abef0 = abef, cdgh0 = cdgh, msg;
        __m128i m0 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)p), bswap);
        __m128i m1 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 48)), bswap);
        SHA_QUAD(0, m0);
        SHA_QUAD(1, m1); SHA_MSG1(m0, m1);
        SHA_QUAD(2, m2); SHA_MSG1(m1, m2);
        SHA_QUAD(3, m3); SHA_NEXT(m0, m2, m3); SHA_MSG1(m2, m3);
        SHA_QUAD(4, m0); SHA_NEXT(m1, m3, m0); SHA_MSG1(m3, m0);
        SHA_QUAD(5, m1); SHA_NEXT(m2, m0, m1); SHA_MSG1(m0, m1);
        SHA_QUAD(6, m2); SHA_NEXT(m3, m1, m2); SHA_MSG1(m1, m2);
        SHA_QUAD(7, m3); SHA_NEXT(m0, m2, m3); SHA_MSG1(m2, m3);
        SHA_QUAD(8, m0); SHA_NEXT(m1, m3, m0); SHA_MSG1(m3, m0);
        SHA_QUAD(9, m1); SHA_NEXT(m2, m0, m1); SHA_MSG1(m0, m1);
        SHA_QUAD(10, m2); SHA_NEXT(m3, m1, m2); SHA_MSG1(m1, m2);
        SHA_QUAD(11, m3); SHA_NEXT(m0, m2, m3); SHA_MSG1(m2, m3);
        SHA_QUAD(12, m0); SHA_NEXT(m1, m3, m0); SHA_MSG1(m3, m0);
        SHA_QUAD(13, m1); SHA_NEXT(m2, m0, m1);
        SHA_QUAD(14, m2); SHA_NEXT(m3, m1, m2);
        SHA_QUAD(15, m3);
        abef = _mm_add_epi32(abef, abef0);
        cdgh = _mm_add_epi32(cdgh, cdgh0);
    }
    __m128i feba = _mm_shuffle_epi32(abef, 0x1b);
    __m128i dchg = _mm_shuffle_epi32(cdgh, 0xb1);
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xf0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#undef SHA_QUAD
#undef SHA_NEXT
#undef SHA_MSG1

/* Whether the CPU has SHA, SSE4.1 and SSSE3. GCC 11 and later know "sha" in
 * __builtin_cpu_supports; clang 14 and older GCC do not, so ask CPUID. */
static int cpu_has_shani(void)
{
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1") &&
           __builtin_cpu_supports("ssse3");
#else
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_SSE4_1) || !(c & bit_SSSE3))
        return 0;
    if (__get_cpuid_max(0, NULL) < 7)
        return 0;
    __cpuid_count(7, 0, a, b, c, d);
    return (b & (1u << 29)) != 0; /* CPUID.(EAX=7,ECX=0):EBX.SHA */
#endif
}
#endif

static int force_portable;

void lf_sha256_force_portable(int on) { force_portable = on != 0; }

/* The block function: SHA-NI when built and available (decided once), else portable. */
static lf_sha256_blocks_fn *blocks_impl(void)
{
#ifdef LF_SHA256_X86
    static int shani = -1; /* -1: not asked yet */
    if (shani < 0)
        shani = cpu_has_shani();
    if (shani && !force_portable)
        return blocks_shani;
#endif
    return blocks_portable;
}

int lf_sha256_accelerated(void) { return blocks_impl() != blocks_portable; }

void lf_sha256_init(lf_sha256 *s)
{
    static const uint32_t H0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                   0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    memcpy(s->h, H0, sizeof H0);
    s->len = 0;
    s->nbuf = 0;
}

void lf_sha256_update(lf_sha256 *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    lf_sha256_blocks_fn *blocks = blocks_impl();
    s->len += n;
    if (s->nbuf) {
        size_t k = 64 - s->nbuf < n ? 64 - s->nbuf : n;
        memcpy(s->buf + s->nbuf, p, k);
        s->nbuf += k;
        p += k;
        n -= k;
        if (s->nbuf == 64) {
            blocks(s->h, s->buf, 1);
            s->nbuf = 0;
        }
    }
    if (n >= 64) {
        blocks(s->h, p, n / 64);
        p += n / 64 * 64;
        n %= 64;
    }
    if (n) {
        memcpy(s->buf, p, n);
        s->nbuf = n;
    }
}

void lf_sha256_final(lf_sha256 *s, unsigned char out[32])
{
    uint64_t bits = s->len * 8;
    unsigned char pad[72] = {0x80};
    size_t padn = (s->nbuf < 56 ? 56 : 120) - s->nbuf;
    lf_sha256_update(s, pad, padn);
    unsigned char l[8];
    for (int i = 0; i < 8; i++)
        l[i] = (unsigned char)(bits >> (56 - 8 * i));
    lf_sha256_update(s, l, 8);
    for (int i = 0; i < 8; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void lf_sha256_hex(const void *data, size_t n, char out[65])
{
    static const char hexd[] = "0123456789abcdef";
    lf_sha256 s;
    unsigned char d[32];
    lf_sha256_init(&s);
    lf_sha256_update(&s, data, n);
    lf_sha256_final(&s, d);
    for (int i = 0; i < 32; i++) {
        out[2 * i] = hexd[d[i] >> 4];
        out[2 * i + 1] = hexd[d[i] & 15];
    }
    out[64] = '\0';
}
