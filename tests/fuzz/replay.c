/* replay: runs a fuzz target's LLVMFuzzerTestOneInput on files, without
 * libFuzzer: the crashers kept in tests/fuzz/regress/NAME/ and the seed
 * corpora, under the sanitizer build (make sanitize, make test).
 *     fuzzrun_NAME [FILE|DIR...]
 * Without arguments: tests/fuzz/regress/NAME, tests/bad, content/leaflets,
 * content/staff.yaml (run from the repository root). A crash or a sanitizer
 * report stops the program; otherwise it prints `fuzz-NAME: N ok, 0 bad`. */
#include <dirent.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef FUZZ_NAME
#define FUZZ_NAME "target"
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
/* optional, as for libFuzzer */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv);

static int nok, nbad;

static void run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "%s: cannot open\n", path);
        nbad++;
        return;
    }
    size_t cap = 4096, n = 0;
    unsigned char *buf = malloc(cap);
    size_t r;
    while (buf && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            unsigned char *nb = realloc(buf, cap *= 2);
            if (!nb) {
                free(buf);
                buf = NULL;
            }
            buf = nb;
        }
    }
    fclose(f);
    if (!buf) {
        nbad++;
        return;
    }
    /* an exact-size copy, so that ASan sees any read past the end */
    unsigned char *exact = malloc(n ? n : 1);
    if (exact) {
        memcpy(exact, buf, n);
        LLVMFuzzerTestOneInput(exact, n);
        nok++;
    } else {
        nbad++;
    }
    free(exact);
    free(buf);
}

static void run_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return; /* optional folders may be absent */
    if (!S_ISDIR(st.st_mode)) {
        run_file(path);
        return;
    }
    struct dirent **v;
    int n = scandir(path, &v, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        if (v[i]->d_name[0] != '.') {
            size_t len = strlen(path) + strlen(v[i]->d_name) + 2;
            char *p = malloc(len);
            if (p) {
                snprintf(p, len, "%s/%s", path, v[i]->d_name);
                run_path(p);
                free(p);
            }
        }
        free(v[i]);
    }
    free(v);
}

int main(int argc, char **argv)
{
    if (LLVMFuzzerInitialize)
        LLVMFuzzerInitialize(&argc, &argv);
    if (argc > 1) {
        for (int i = 1; i < argc; i++)
            run_path(argv[i]);
    } else {
        run_path("tests/fuzz/regress/" FUZZ_NAME);
        run_path("tests/bad");
        run_path("content/leaflets");
        run_path("content/staff.yaml");
    }
    printf("fuzz-%s: %d ok, %d bad\n", FUZZ_NAME, nok, nbad);
    return nbad ? 1 : 0;
}
