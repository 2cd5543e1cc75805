/* main: the command line. Parses options (getopt_long), hands them to the
 * batch, and maps the outcome to the exit status: 0 success, 1 invalid input
 * or failed output, 2 usage error. */
#include <getopt.h>
#include <stdarg.h>
#include <hpdf.h>
#include <fontconfig/fontconfig.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <yaml.h>

#include "batch.h"
#include "util.h"

static void usage(FILE *f)
{
    fputs("Usage: leaflet [OPTIONS] LEAFLET.yaml...\n"
          "Lay out patient-information leaflets as print-ready bilingual A4 PDF.\n"
          "\n"
          "  -s, --staff FILE          staff directory (content/staff.yaml): one leaflet\n"
          "                            per staff member, plus `generic`\n"
          "      --for ID[,ID...]      only these recipients (`generic` and staff ids)\n"
          "  -p, --profile P[,P...]    office (default), print (PDF/X-4), archive (PDF/A-2u)\n"
          "  -L, --layout MODE         parallel (default for two languages) or sequential\n"
          "  -l, --lang L[,L]          languages and their order (default: the leaflet's)\n"
          "  -o, --out DIR             output folder (default: out)\n"
          "  -j, --jobs N              worker processes (default: 1)\n"
          "      --shard K/N           only the K-th of N slices of the recipients (for\n"
          "                            splitting a batch across machines); names and\n"
          "                            bytes do not depend on the slicing\n"
          "      --check               validate the input and report on readability;\n"
          "                            write nothing\n"
          "      --strict              readability and review-date warnings are errors:\n"
          "                            exit status 1, nothing written\n"
          "      --proof               also write PNG page images of each PDF beside it\n"
          "                            (<name>-<page>.png, 70 dpi, needs pdftoppm)\n"
          "      --dump-text           print every text as it must read in the PDF\n"
          "                            (after typography), one line per block and\n"
          "                            language; write nothing\n"
          "      --no-kerning          set type without the fonts' pair kerning (for\n"
          "                            comparison; kerning is on by default)\n"
          "  -q, --quiet               no progress line, no readability summary\n"
          "  -h, --help                show this help and exit\n"
          "  -V, --version             show the version and exit\n"
          "\n"
          "Output: DIR/<leaflet-id>/<recipient>-<langs>-<profile>.pdf and SHA256SUMS.\n"
          "Dates come from SOURCE_DATE_EPOCH, else the leaflet's `published` date;\n"
          "the review date is compared with SOURCE_DATE_EPOCH, else today.\n"
          "Messages go to stderr, coloured on a terminal unless NO_COLOR is set.\n"
          "Exit status: 0 success, 1 invalid input, failed output or a warning with\n"
          "--strict, 2 usage error.\n",
          f);
}

static int fail_usage(const char *fmt, ...) LF_PRINTF(1, 2);
static int fail_usage(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("leaflet: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\nTry 'leaflet --help' for more information.\n", stderr);
    return 2;
}

/* Split a comma-separated list in place. Returns the number of items. */
static size_t split(char *s, char **v, size_t max)
{
    size_t n = 0;
    for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ","))
        if (n < max)
            v[n++] = tok;
        else
            return max + 1;
    return n;
}

int main(int argc, char **argv)
{
    enum { OPT_FOR = 256, OPT_CHECK, OPT_DUMP_TEXT, OPT_STRICT, OPT_PROOF, OPT_NO_KERNING, OPT_SHARD };
    static const struct option longopts[] = {
        {"staff", required_argument, NULL, 's'},   {"for", required_argument, NULL, OPT_FOR},
        {"profile", required_argument, NULL, 'p'}, {"layout", required_argument, NULL, 'L'},
        {"lang", required_argument, NULL, 'l'},    {"out", required_argument, NULL, 'o'},
        {"jobs", required_argument, NULL, 'j'},    {"check", no_argument, NULL, OPT_CHECK},
        {"dump-text", no_argument, NULL, OPT_DUMP_TEXT},
        {"no-kerning", no_argument, NULL, OPT_NO_KERNING},
        {"shard", required_argument, NULL, OPT_SHARD},
        {"strict", no_argument, NULL, OPT_STRICT}, {"proof", no_argument, NULL, OPT_PROOF},
        {"quiet", no_argument, NULL, 'q'},         {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},       {NULL, 0, NULL, 0}};
    lf_batch_opts o = {0};
    o.out_dir = "out";
    o.jobs = 1;
    o.profiles = 1u << LF_PROFILE_OFFICE;
    char *forbuf = NULL;
    char **forv = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "s:p:L:l:o:j:qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 's':
            o.staff_path = optarg;
            break;
        case OPT_FOR: {
            free(forbuf);
            free(forv);
            forbuf = lf_xstrdup(optarg);
            size_t max = strlen(optarg) + 1;
            forv = lf_xcalloc(max, sizeof *forv);
            o.nfor = split(forbuf, forv, max);
            o.for_ids = (const char *const *)forv;
            if (o.nfor == 0)
                return fail_usage("--for needs at least one recipient id");
            break;
        }
        case 'p': {
            char *buf = lf_xstrdup(optarg), *v[8];
            size_t n = split(buf, v, 8);
            o.profiles = 0;
            for (size_t i = 0; i < n && i < 8; i++) {
                int p = lf_profile_parse(v[i]);
                if (p < 0) {
                    int rc = fail_usage("unknown profile '%s' (office, print, archive)", v[i]);
                    free(buf);
                    return rc;
                }
                o.profiles |= 1u << p;
            }
            free(buf);
            if (!o.profiles || n > 8)
                return fail_usage("bad --profile '%s'", optarg);
            break;
        }
        case 'L':
            if (strcmp(optarg, "parallel") == 0)
                o.mode = LF_LAYOUT_PARALLEL;
            else if (strcmp(optarg, "sequential") == 0)
                o.mode = LF_LAYOUT_SEQUENTIAL;
            else
                return fail_usage("unknown layout '%s' (parallel, sequential)", optarg);
            o.mode_set = 1;
            break;
        case 'l': {
            char *buf = lf_xstrdup(optarg), *v[4];
            size_t n = split(buf, v, 3);
            int bad = n == 0 || n > LF_NLANG;
            for (size_t i = 0; !bad && i < n; i++) {
                int l = lf_lang_parse(v[i]);
                if (l < 0 || (i == 1 && (lf_lang)l == o.langs[0]))
                    bad = 1;
                else
                    o.langs[i] = (lf_lang)l;
            }
            free(buf);
            if (bad)
                return fail_usage("bad --lang '%s' (one or two of fr, en, e.g. fr,en)", optarg);
            o.nlangs = (int)n;
            break;
        }
        case 'o':
            if (!*optarg)
                return fail_usage("--out needs a folder");
            o.out_dir = optarg;
            break;
        case 'j': {
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end || j < 1 || j > 256)
                return fail_usage("bad --jobs '%s' (a number from 1 to 256)", optarg);
            o.jobs = (int)j;
            break;
        }
        case OPT_SHARD: {
            char *end;
            long k = strtol(optarg, &end, 10), n = 0;
            if (*end == '/')
                n = strtol(end + 1, &end, 10);
            if (*end || n < 1 || n > 1000000 || k < 1 || k > n)
                return fail_usage("bad --shard '%s' (K/N with 1 <= K <= N, e.g. 2/4)", optarg);
            o.shard_k = (int)k;
            o.shard_n = (int)n;
            break;
        }
        case OPT_CHECK:
            o.check = 1;
            break;
        case OPT_DUMP_TEXT:
            o.dump_text = 1;
            break;
        case OPT_NO_KERNING:
            o.no_kerning = 1;
            break;
        case OPT_STRICT:
            o.strict = 1;
            break;
        case OPT_PROOF:
            o.proof = 1;
            break;
        case 'q':
            o.quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return 0;
        case 'V':
            printf("leaflet %s\nlibharu %s, libyaml %s, fontconfig %d.%d.%d\n", LF_VERSION,
                   HPDF_VERSION_TEXT, yaml_get_version_string(), FC_MAJOR, FC_MINOR, FC_REVISION);
            return 0;
        default:
            fputs("Try 'leaflet --help' for more information.\n", stderr);
            return 2;
        }
    }
    if (optind >= argc) {
        fputs("leaflet: error: no leaflet given\n", stderr);
        usage(stderr);
        free(forbuf);
        free(forv);
        return 2;
    }
    const char *nc = getenv("NO_COLOR");
    o.color = isatty(2) && !(nc && *nc);
    int rc = lf_batch_run(&o, argv + optind, (size_t)(argc - optind));
    free(forbuf);
    free(forv);
    return rc;
}
