/* fuzz.h: what every fuzz target shares. A target defines
 * LLVMFuzzerTestOneInput and, when it needs one, LLVMFuzzerInitialize
 * (optional for libFuzzer, and for replay.c too). */
#ifndef LF_FUZZ_H
#define LF_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A property that must hold: abort (a crash the fuzzer keeps) otherwise. */
static inline void must(int cond)
{
    if (!cond)
        abort();
}

#endif
