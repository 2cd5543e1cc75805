/* batch: validate everything, then lay out, render and write atomically. */
#define _GNU_SOURCE /* syncfs */
#include "batch.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <time.h>
#include <unistd.h>

#include <dirent.h>

#include "load.h"
#include "readab.h"
#include "sha256.h"
#include "typo.h"
#include "util.h"

/* One output file. */
typedef struct job {
    size_t leaflet;
    const lf_staff *who; /* NULL: generic */
    lf_profile profile;
    char *path;          /* final path */
    char *name;          /* file name within the leaflet's folder */
} job;

typedef struct batch {
    const lf_batch_opts *o;
    lf_leaflet *leaflets;
    size_t nleaflets;
    lf_directory dir;
    int have_dir;
    lf_layout_opts *lopts; /* per leaflet */
    job *jobs;
    size_t njobs;
    char **digests;        /* per job, hex SHA-256 once written */
    /* opened once in the main process, before the workers are forked (they
     * share them copy-on-write: fontconfig's set-up and the hyphenation
     * patterns are read once per batch, not once per worker) */
    lf_fonts *fonts;
    lf_hyph *hyph[LF_NLANG];
    lf_diags hyph_diags;   /* why a pattern file could not be read */
} batch;

/* ---- interruption: never leave a temporary file behind ------------------- */

static char tmp_path[PATH_MAX];
static volatile sig_atomic_t have_tmp;

static void on_signal(int sig)
{
    if (have_tmp)
        unlink(tmp_path);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    /* over the file-size limit, write() fails with EFBIG and is reported */
    signal(SIGXFSZ, SIG_IGN);
}

/* ---- validation ------------------------------------------------------- */

static int check_text(lf_fonts *f, const lf_text *t, unsigned style_or, lf_diags *d)
{
    int rc = 0;
    for (int l = 0; l < LF_NLANG; l++) {
        /* a plain string fills every language with the same runs: check it once */
        int same = l > 0 && t->t[l].n == t->t[0].n;
        for (size_t i = 0; same && i < t->t[l].n; i++)
            same = t->t[l].runs[i].pos.line == t->t[0].runs[i].pos.line &&
                   t->t[l].runs[i].pos.col == t->t[0].runs[i].pos.col &&
                   strcmp(t->t[l].runs[i].text, t->t[0].runs[i].text) == 0;
        if (same)
            continue;
        for (size_t i = 0; i < t->t[l].n; i++) {
            const lf_run *r = &t->t[l].runs[i];
            if (lf_fonts_check(f, r->style | style_or, r->text, r->pos, d) != 0)
                rc = -1;
        }
    }
    return rc;
}

static int check_items(lf_fonts *f, const lf_item *v, size_t n, lf_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < n; i++) {
        rc |= check_text(f, &v[i].text, 0, d);
        rc |= check_items(f, v[i].sub, v[i].nsub, d);
    }
    return rc;
}

/* Every character of every text can be printed (fallback fonts included). */
static int check_fonts(batch *b, lf_fonts *f, lf_diags *d)
{
    int rc = 0;
    for (size_t k = 0; k < b->nleaflets; k++) {
        const lf_leaflet *l = &b->leaflets[k];
        rc |= check_text(f, &l->title, LF_BOLD, d);
        if (l->has_subtitle)
            rc |= check_text(f, &l->subtitle, 0, d);
        for (size_t i = 0; i < l->nblocks; i++) {
            const lf_block *bl = &l->blocks[i];
            unsigned bold = bl->kind == LF_BLK_HEADING || bl->kind == LF_BLK_SUBHEADING ? LF_BOLD : 0;
            rc |= check_text(f, &bl->text, bold, d);
            rc |= check_items(f, bl->items, bl->nitems, d);
        }
    }
    if (b->have_dir) {
        const lf_directory *dir = &b->dir;
        rc |= check_text(f, &dir->org_name, 0, d);
        if (dir->has_org_address)
            rc |= check_text(f, &dir->org_address, 0, d);
        for (size_t i = 0; i < dir->nstaff; i++) {
            const lf_staff *s = &dir->staff[i];
            rc |= lf_fonts_check(f, LF_BOLD, s->name, s->name_pos, d);
            rc |= check_text(f, &s->job_title, 0, d);
            if (s->has_specialty)
                rc |= check_text(f, &s->specialty, 0, d);
            if (s->has_location)
                rc |= check_text(f, &s->location, 0, d);
            if (s->phone)
                rc |= lf_fonts_check(f, 0, s->phone, s->pos, d);
            if (s->email)
                rc |= lf_fonts_check(f, 0, s->email, s->pos, d);
            for (size_t j = 0; j < s->npubs; j++)
                rc |= lf_fonts_check(f, 0, s->pubs[j], s->pubs_pos[j], d);
        }
    }
    return rc ? -1 : 0;
}

/* Languages for leaflet l: --lang (each must be one of the leaflet's), else its own. */
static int pick_langs(const lf_batch_opts *o, const lf_leaflet *l, lf_layout_opts *lo, lf_diags *d)
{
    memset(lo, 0, sizeof *lo);
    lo->mode = o->mode_set ? o->mode : LF_LAYOUT_PARALLEL;
    if (o->nlangs) {
        for (int i = 0; i < o->nlangs; i++) {
            int ok = 0;
            for (int j = 0; j < l->nlangs; j++)
                ok |= l->langs[j] == o->langs[i];
            if (!ok) {
                lf_error(d, (lf_pos){l->file, 0, 0}, "--lang %s: this leaflet has no `%s` text",
                         lf_lang_code(o->langs[i]), lf_lang_code(o->langs[i]));
                return -1;
            }
            lo->langs[i] = o->langs[i];
        }
        lo->nlangs = o->nlangs;
    } else {
        for (int i = 0; i < l->nlangs; i++)
            lo->langs[i] = l->langs[i];
        lo->nlangs = l->nlangs;
    }
    return 0;
}

/* Document date: SOURCE_DATE_EPOCH, else the leaflet's publication date,
 * else 2000-01-01; never the clock. */
/* SOURCE_DATE_EPOCH: 1 and *v when it is a number of seconds (up to year
 * 9999), 0 when unset, -1 when it is something else. */
static int source_date_epoch(long long *v)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (!e || !*e)
        return 0;
    char *end;
    errno = 0;
    *v = strtoll(e, &end, 10);
    return !*end && !errno && *v >= 0 && *v < 253402300800LL ? 1 : -1;
}

static long long doc_date(const lf_leaflet *l, lf_diags *d)
{
    long long v;
    int sde = source_date_epoch(&v);
    if (sde > 0)
        return v;
    if (sde < 0)
        lf_warning(d, (lf_pos){0}, "SOURCE_DATE_EPOCH '%s' is not a number of seconds; ignored",
                   getenv("SOURCE_DATE_EPOCH"));
    int y = 2000, m = 1, dd = 1;
    if (lf_date_present(&l->published)) {
        y = l->published.y;
        m = l->published.m;
        dd = l->published.d;
    }
    /* days from civil (Howard Hinnant) */
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

static char *lang_tag(const lf_layout_opts *lo)
{
    lf_buf b = {0};
    for (int i = 0; i < lo->nlangs; i++)
        lf_buf_printf(&b, "%s%s", i ? "-" : "", lf_lang_code(lo->langs[i]));
    return lf_buf_take(&b);
}

/* Build the job list: leaflets × recipients × profiles. */
static int plan(batch *b, lf_diags *d)
{
    const lf_batch_opts *o = b->o;
    size_t nrec = 1 + (b->have_dir ? b->dir.nstaff : 0);
    const lf_staff **rec = lf_xcalloc(nrec, sizeof *rec);
    size_t n = 0;
    if (o->for_ids) {
        for (size_t i = 0; i < o->nfor; i++) {
            const char *id = o->for_ids[i];
            const lf_staff *s = b->have_dir ? lf_directory_find(&b->dir, id) : NULL;
            if (strcmp(id, "generic") != 0 && !s) {
                lf_error(d, (lf_pos){b->have_dir ? b->dir.file : NULL, 0, 0},
                         "--for %s: no staff member has this id%s", id,
                         b->have_dir ? "" : " (no --staff directory given)");
                continue;
            }
            int dup = 0;
            for (size_t j = 0; j < n; j++)
                dup |= rec[j] == s;
            if (!dup && n < nrec)
                rec[n++] = s;
        }
        if (d->nerrors) {
            free(rec);
            return -1;
        }
    } else {
        if (b->have_dir)
            for (size_t i = 0; i < b->dir.nstaff; i++)
                rec[n++] = &b->dir.staff[i];
        rec[n++] = NULL;
    }
    if (o->shard_n > 1) { /* --shard K/N: recipients K-1, K-1+N, K-1+2N... */
        size_t m = 0;
        for (size_t r = 0; r < n; r++)
            if (r % (size_t)o->shard_n == (size_t)(o->shard_k - 1))
                rec[m++] = rec[r];
        n = m;
    }
    for (size_t k = 0; k < b->nleaflets; k++) {
        char *langs = lang_tag(&b->lopts[k]);
        for (size_t r = 0; r < n; r++)
            for (int p = 0; p < LF_NPROFILES; p++) {
                if (!(o->profiles & (1u << p)))
                    continue;
                b->jobs = lf_xrealloc(b->jobs, (b->njobs + 1) * sizeof *b->jobs);
                job *j = &b->jobs[b->njobs++];
                j->leaflet = k;
                j->who = rec[r];
                j->profile = (lf_profile)p;
                j->name = lf_xasprintf("%s-%s-%s.pdf", rec[r] ? rec[r]->id : "generic", langs,
                                       lf_profile_name((lf_profile)p));
                j->path = lf_xasprintf("%s/%s/%s", o->out_dir, b->leaflets[k].id, j->name);
            }
        free(langs);
    }
    free(rec);
    return 0;
}

/* ---- writing ------------------------------------------------------------ */

static int mkdir_p(const char *path, lf_diags *d)
{
    char *p = lf_xstrdup(path);
    int rc = 0;
    for (char *s = p + 1;; s++) {
        char c = *s;
        if (c == '/' || c == '\0') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                lf_error(d, (lf_pos){0}, "cannot create folder '%s': %s", p, strerror(errno));
                rc = -1;
                break;
            }
            struct stat st;
            if (stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                lf_error(d, (lf_pos){0}, "'%s' is not a folder", p);
                rc = -1;
                break;
            }
            *s = c;
        }
        if (c == '\0')
            break;
    }
    free(p);
    return rc;
}

/* Whether process pid (a number from a temporary name) may still own what
 * it named: itself but for our own pid, or alive. */
static int pid_alive(long pid)
{
    return pid != (long)getpid() && (kill((pid_t)pid, 0) == 0 || errno != ESRCH);
}

/* The pid in a temporary name's "PID" or "PID-..." at p; 0: none. */
static long name_pid(const char *p, int dash)
{
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (*p < '0' || *p > '9' || errno || pid <= 0 || (pid_t)pid != pid || (dash ? *end != '-' : *end))
        return 0;
    return pid;
}

/* A --proof folder (.proof-PID-XXXXXX) that a killed run left: its page
 * images and the folder removed, never following a link (a link of that
 * name is removed itself). */
static void remove_proof_dir(const char *dir, const char *name)
{
    char *f = lf_xasprintf("%s/%s", dir, name);
    int fd = open(f, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        struct stat st;
        if (lstat(f, &st) == 0 && S_ISLNK(st.st_mode))
            unlink(f);
        free(f);
        return;
    }
    DIR *dp = fdopendir(fd);
    if (!dp) {
        close(fd);
        free(f);
        return;
    }
    for (struct dirent *e; (e = readdir(dp));)
        if (e->d_name[0] != '.')
            unlinkat(fd, e->d_name, 0); /* files only: a folder inside stays */
    closedir(dp);
    rmdir(f);
    free(f);
}

/* Before writing into a leaflet's folder: refuse a folder that is a symbolic
 * link (the batch never writes through one), and remove what a killed run
 * left behind, whose process is gone: temporary files (NAME.pdf.tmp-PID,
 * SHA256SUMS.tmp-PID) and --proof folders (.proof-PID-XXXXXX). */
static int prepare_dir(const char *dir, lf_diags *d)
{
    struct stat st;
    if (lstat(dir, &st) != 0) {
        lf_error(d, (lf_pos){0}, "cannot use folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        lf_error(d, (lf_pos){0}, "output folder '%s' is a symbolic link: refusing to write through it",
                 dir);
        return -1;
    }
    DIR *dp = opendir(dir);
    if (!dp) {
        lf_error(d, (lf_pos){0}, "cannot read folder '%s': %s", dir, strerror(errno));
        return -1;
    }
    struct dirent *e;
    while ((e = readdir(dp))) {
        if (strncmp(e->d_name, ".proof-", 7) == 0) {
            long pid = name_pid(e->d_name + 7, 1);
            if (pid && !pid_alive(pid))
                remove_proof_dir(dir, e->d_name);
            continue;
        }
        const char *t = strstr(e->d_name, ".tmp-");
        if (!t || t == e->d_name)
            continue;
        size_t stem = (size_t)(t - e->d_name);
        int ours = strncmp(e->d_name, "SHA256SUMS", stem) == 0 ? stem == 10
                   : stem > 4 && strncmp(t - 4, ".pdf", 4) == 0;
        long pid = ours ? name_pid(t + 5, 0) : 0;
        if (!pid || pid_alive(pid))
            continue; /* a live process (another run) may own it */
        char *f = lf_xasprintf("%s/%s", dir, e->d_name);
        unlink(f);
        free(f);
    }
    closedir(dp);
    return 0;
}

static int write_all(int fd, const void *buf, size_t n)
{
    const char *p = buf;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The file at path made complete under a temporary name in the same folder
 * (tmp_path, our pid in it), then renamed into place; with `sync`, the data
 * is flushed before the rename. */
static int write_named(const char *path, const void *data, size_t len, int sync, lf_diags *d)
{
    int n = snprintf(tmp_path, sizeof tmp_path, "%s.tmp-%ld", path, (long)getpid());
    if (n < 0 || (size_t)n >= sizeof tmp_path) {
        lf_error(d, (lf_pos){0}, "output path too long: %s", path);
        return -1;
    }
    have_tmp = 1; /* before open: a signal right after it must still unlink */
    int fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0 && errno == EEXIST) {
        /* the name carries our pid: it is a stale temp of a killed run (or a
         * planted link); unlinking removes the entry, never its target */
        unlink(tmp_path);
        fd = open(tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    }
    if (fd < 0) {
        int e = errno;
        have_tmp = 0;
        lf_error(d, (lf_pos){0}, "cannot write '%s': %s", tmp_path, strerror(e));
        return -1;
    }
    int err = write_all(fd, data, len) != 0 ? errno : 0;
    if (!err && sync && fsync(fd) != 0)
        err = errno;
    if (close(fd) != 0 && !err)
        err = errno;
    if (!err && rename(tmp_path, path) != 0)
        err = errno;
    if (err) {
        unlink(tmp_path);
        have_tmp = 0;
        lf_error(d, (lf_pos){0}, "cannot write '%s': %s", path, strerror(err));
        return -1;
    }
    have_tmp = 0;
    return 0;
}

/* Write path so that it never exists incomplete. First choice: an unnamed
 * file in the folder (O_TMPFILE), given its name once written (linkat):
 * nothing to clean up if the process dies half-way, and one change to the
 * folder instead of two (a create and a rename, each holding the folder's
 * lock that the other workers wait for). Where the name is taken (a run
 * into a folder that has the file already) the unnamed file is linked
 * under the temporary name and renamed over it; where the file system or
 * /proc does not allow it, write_named does everything. */
static int write_atomic(const char *path, const void *data, size_t len, int sync, lf_diags *d)
{
#ifdef O_TMPFILE
    char dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) : 0;
    if (dl < sizeof dir) {
        memcpy(dir, path, dl);
        strcpy(dir + dl, dl ? "" : ".");
        if (slash == path)
            strcpy(dir, "/");
        int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
        if (fd >= 0) {
            int err = write_all(fd, data, len) != 0 ? errno : 0;
            if (!err && sync && fsync(fd) != 0)
                err = errno;
            char proc[64];
            snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
            int linked = !err && linkat(AT_FDCWD, proc, AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0;
            if (!err && !linked && errno == EEXIST) {
                int n = snprintf(tmp_path, sizeof tmp_path, "%s.tmp-%ld", path, (long)getpid());
                if (n > 0 && (size_t)n < sizeof tmp_path) {
                    have_tmp = 1;
                    unlink(tmp_path); /* a stale temp of a killed run */
                    if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp_path, AT_SYMLINK_FOLLOW) == 0) {
                        if (rename(tmp_path, path) == 0)
                            linked = 1;
                        else
                            err = errno;
                    }
                    if (!linked)
                        unlink(tmp_path);
                    have_tmp = 0;
                }
            }
            if (close(fd) != 0 && !err && linked)
                err = errno;
            if (err) {
                lf_error(d, (lf_pos){0}, "cannot write '%s': %s", path, strerror(err));
                return -1;
            }
            if (linked)
                return 0;
        }
    }
#endif
    return write_named(path, data, len, sync, d);
}

/* ---- where the wall time goes (LEAFLET_TIMES=1) ------------------------------ */

/* With LEAFLET_TIMES set, the main process prints the time since it started
 * at each step to stderr ("leaflet: time: STEP MS"): where the wall time
 * goes, for docs/speed.md. */
static void step_time(const char *step)
{
    static int on = -1;
    static struct timespec t0;
    if (on < 0) {
        on = getenv("LEAFLET_TIMES") != NULL;
        clock_gettime(CLOCK_MONOTONIC, &t0);
    }
    if (!on || !step)
        return;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    fprintf(stderr, "leaflet: time: %s %.1f\n", step,
            (double)(t.tv_sec - t0.tv_sec) * 1e3 + (double)(t.tv_nsec - t0.tv_nsec) / 1e6);
}

/* ---- fonts and patterns, read while the files load ------------------------- */

/* fontconfig's set-up and libhyphen's parsing are about a third of the main
 * process's work on a large directory; a thread does them while the YAML is
 * read. It is joined before anything uses them (and before any fork). */
typedef struct opener {
    pthread_t th;
    int started;
    lf_fonts *fonts;
    lf_hyph *hyph[LF_NLANG];
    lf_diags fd, hd; /* the fonts', the patterns' diagnostics */
} opener;

static void *opener_run(void *arg)
{
    opener *op = arg;
    op->fonts = lf_fonts_open(LF_FAMILY, NULL, &op->fd);
    for (int l = 0; l < LF_NLANG && op->fonts; l++)
        if (!(op->hyph[l] = lf_hyph_open((lf_lang)l, NULL, &op->hd)))
            break;
    return NULL;
}

static void opener_start(opener *op)
{
    memset(op, 0, sizeof *op);
    op->started = pthread_create(&op->th, NULL, opener_run, op) == 0;
    if (!op->started)
        opener_run(op); /* no thread: in line */
}

/* Join and hand the fonts and patterns to b (with their diagnostics). */
static void opener_finish(opener *op, batch *b, lf_diags *d)
{
    if (op->started)
        pthread_join(op->th, NULL);
    op->started = 0;
    b->fonts = op->fonts;
    memcpy(b->hyph, op->hyph, sizeof b->hyph);
    lf_diags_append(d, &op->fd);
    b->hyph_diags = op->hd;
    memset(op, 0, sizeof *op);
}

/* ---- rendering ---------------------------------------------------------- */

typedef struct renderer {
    lf_fonts *fonts;
    lf_hyph *hyph[LF_NLANG];
    lf_pdf_cache *cache; /* fonts and page content reused from leaflet to leaflet */
} renderer;

static void meta_date(char *buf, size_t n, const lf_date *dt)
{
    if (lf_date_present(dt))
        snprintf(buf, n, "%04d-%02d-%02d", dt->y, dt->m, dt->d);
    else
        buf[0] = '\0';
}

/* A progress line on a terminal, unless -q (asked once per process). */
static int show_progress(const batch *b)
{
    static int tty = -1;
    if (tty < 0)
        tty = isatty(2);
    return !b->o->quiet && tty;
}

/* Lay out and render the jobs [a, b) that share one leaflet and recipient. */
static int render_group(batch *b, renderer *r, size_t a, size_t e, FILE *report, lf_diags *d)
{
    const job *j0 = &b->jobs[a];
    const lf_leaflet *l = &b->leaflets[j0->leaflet];
    const lf_layout_opts *lo = &b->lopts[j0->leaflet];
    lf_dlist dl;
    if (lf_layout(l, b->have_dir ? &b->dir : NULL, j0->who, lo, r->fonts, r->hyph, &dl, d) != 0)
        return -1;
    int rc = 0;
    char pub[16], rev[16];
    meta_date(pub, sizeof pub, &l->published);
    meta_date(rev, sizeof rev, &l->review);
    for (size_t i = a; i < e && rc == 0; i++) {
        job *j = &b->jobs[i];
        lf_pdf_meta m = {0};
        m.file_name = j->name;
        m.reference = l->reference;
        m.version = l->version;
        m.published = pub[0] ? pub : NULL;
        m.review = rev[0] ? rev : NULL;
        m.recipient = j->who ? j->who->id : "generic";
        char *titles[LF_NLANG] = {0};
        for (int k = 0; k < lo->nlangs; k++) {
            m.langs[k] = lo->langs[k] == LF_FR ? "fr-FR" : "en-GB";
            titles[k] = lf_rich_plain(&l->title.t[lo->langs[k]]);
            m.titles[k] = titles[k];
        }
        m.nlangs = lo->nlangs;
        unsigned char *pdf = NULL;
        size_t len = 0;
        rc = lf_pdf_render_cached(r->cache, &dl, r->fonts, j->profile, &m, &pdf, &len, d);
        for (int k = 0; k < lo->nlangs; k++)
            free(titles[k]);
        if (rc == 0)
            rc = write_atomic(j->path, pdf, len, 0, d);
        if (rc == 0) {
            char hex[65];
            lf_sha256_hex(pdf, len, hex);
            fprintf(report, "%zu %s\n", i, hex);
            /* one line at a time only when progress is shown: otherwise the
             * stream's buffer goes out when full and at the worker's end */
            if (show_progress(b))
                fflush(report);
        }
        free(pdf);
    }
    lf_dlist_free(&dl);
    return rc;
}

/* The hyphenation patterns were read while the files loaded (opener);
 * why they could not be is told only now that they are needed. */
static int open_patterns(batch *b, lf_diags *d)
{
    for (int l = 0; l < LF_NLANG; l++)
        if (!b->hyph[l]) {
            lf_diags_append(d, &b->hyph_diags);
            return -1;
        }
    return 0;
}

/* A worker's renderer: the batch's fonts and patterns, its own caches. */
static void renderer_open(renderer *r, const batch *b)
{
    memset(r, 0, sizeof *r);
    r->cache = lf_pdf_cache_new();
    r->fonts = b->fonts;
    for (int l = 0; l < LF_NLANG; l++)
        r->hyph[l] = b->hyph[l];
}

static void renderer_close(renderer *r)
{
    lf_pdf_cache_free(r->cache);
}

/* The groups of jobs (same leaflet and recipient): starts[g] is the first
 * job of group g, starts[n] = njobs. Returns n; caller frees *starts. */
static size_t job_groups(const batch *b, size_t **starts)
{
    size_t n = 0, cap = 0;
    *starts = NULL;
    for (size_t a = 0;; n++) {
        lf_xgrow((void **)starts, &cap, n + 1, sizeof **starts);
        (*starts)[n] = a;
        if (a >= b->njobs)
            break;
        size_t e = a + 1;
        while (e < b->njobs && b->jobs[e].leaflet == b->jobs[a].leaflet && b->jobs[e].who == b->jobs[a].who)
            e++;
        a = e;
    }
    return n;
}

/* A worker takes the next group not taken yet from the counter the workers
 * share (so that none idles while the other still has work), or, without
 * one, every nworkers-th group. Which worker renders a group never changes
 * its bytes. */
static int run_worker(batch *b, renderer *r, const size_t *starts, size_t ngroups, size_t *next,
                      int k, int nworkers, FILE *report, lf_diags *d)
{
    int rc = 0;
    for (size_t g = (size_t)k;; g += (size_t)nworkers) {
        if (next)
            g = __atomic_fetch_add(next, 1, __ATOMIC_RELAXED);
        if (g >= ngroups)
            break;
        if (render_group(b, r, starts[g], starts[g + 1], report, d) != 0)
            rc = -1;
    }
    return rc;
}

static void progress(const batch *b, size_t done, int final)
{
    if (!show_progress(b))
        return;
    fprintf(stderr, "\r\033[Kleaflet: %zu/%zu PDF written", done, b->njobs);
    if (final)
        fputc('\n', stderr);
}

/* Read "INDEX HEX" lines from a worker. */
static void take_report(batch *b, char *line)
{
    char *end;
    unsigned long long i = strtoull(line, &end, 10);
    if (end == line || *end != ' ' || i >= b->njobs || strlen(end + 1) < 64)
        return;
    free(b->digests[i]);
    b->digests[i] = lf_xstrndup(end + 1, 64);
}

static int run_jobs(batch *b, lf_diags *d)
{
    int nworkers = b->o->jobs;
    size_t *starts;
    size_t ngroups = job_groups(b, &starts);
    if ((size_t)nworkers > ngroups)
        nworkers = (int)(ngroups ? ngroups : 1);
    size_t *next = mmap(NULL, sizeof *next, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                        -1, 0);
    if (next == MAP_FAILED)
        next = NULL; /* deal the groups in turn */
    else
        *next = 0;
    if (!b->fonts || open_patterns(b, d) != 0) {
        free(starts);
        if (next)
            munmap(next, sizeof *next);
        return -1;
    }
    lf_fonts_set_kerning(b->fonts, !b->o->no_kerning);
    pid_t *pids = lf_xcalloc((size_t)nworkers, sizeof *pids);
    pid_t parent = getpid();
    (void)parent;
    int *fds = lf_xcalloc((size_t)nworkers, sizeof *fds);
    fflush(NULL);
    for (int k = 0; k < nworkers; k++) {
        int p[2];
        if (pipe(p) != 0) {
            lf_error(d, (lf_pos){0}, "pipe: %s", strerror(errno));
            nworkers = k;
            break;
        }
        pid_t pid = fork();
        if (pid < 0) {
            lf_error(d, (lf_pos){0}, "fork: %s", strerror(errno));
            close(p[0]);
            close(p[1]);
            nworkers = k;
            break;
        }
        if (pid == 0) {
#ifdef __linux__
            /* a worker does not outlive the batch (SIGKILL of the parent) */
            prctl(PR_SET_PDEATHSIG, SIGTERM);
            if (getppid() != parent)
                _exit(1);
#endif
            close(p[0]);
            for (int q = 0; q < k; q++)
                close(fds[q]);
            FILE *rep = fdopen(p[1], "w");
            lf_diags wd = {0};
            renderer r;
            renderer_open(&r, b);
            int rc = rep ? run_worker(b, &r, starts, ngroups, next, k, nworkers, rep, &wd) : -1;
            renderer_close(&r);
            lf_diags_print(&wd, stderr, b->o->color);
            lf_diags_free(&wd);
            if (rep)
                fclose(rep);
            fflush(stderr);
            free(pids);
            free(fds);
            free(starts);
            _exit(rc == 0 ? 0 : 1);
        }
        close(p[1]);
        pids[k] = pid;
        fds[k] = p[0];
    }
    /* Collect reports from all workers. */
    size_t done = 0;
    lf_buf *acc = lf_xcalloc((size_t)nworkers + 1, sizeof *acc);
    int open_fds = nworkers;
    struct pollfd *pfd = lf_xcalloc((size_t)nworkers + 1, sizeof *pfd);
    while (open_fds > 0) {
        for (int k = 0; k < nworkers; k++) {
            pfd[k].fd = fds[k];
            pfd[k].events = POLLIN;
        }
        if (poll(pfd, (nfds_t)nworkers, -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (int k = 0; k < nworkers; k++) {
            if (fds[k] < 0 || !(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[4096];
            ssize_t n = read(fds[k], buf, sizeof buf);
            if (n <= 0) {
                close(fds[k]);
                fds[k] = -1;
                open_fds--;
                continue;
            }
            lf_buf_add(&acc[k], buf, (size_t)n);
            char *nl;
            while ((nl = memchr(acc[k].s, '\n', acc[k].len))) {
                *nl = '\0';
                take_report(b, acc[k].s);
                size_t used = (size_t)(nl - acc[k].s) + 1;
                memmove(acc[k].s, nl + 1, acc[k].len - used);
                acc[k].len -= used;
                done++;
                progress(b, done, 0);
            }
        }
    }
    int rc = d->nerrors ? -1 : 0;
    for (int k = 0; k < nworkers; k++) {
        int st;
        while (waitpid(pids[k], &st, 0) < 0 && errno == EINTR)
            ;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
            if (WIFSIGNALED(st))
                lf_error(d, (lf_pos){0}, "worker %d stopped by signal %d", k + 1, WTERMSIG(st));
            rc = -1;
        }
        lf_buf_free(&acc[k]);
    }
    progress(b, done, 1);
    free(acc);
    free(pfd);
    free(pids);
    free(fds);
    free(starts);
    if (next)
        munmap(next, sizeof *next);
    return rc;
}

/* SHA256SUMS per leaflet folder: entries for what this run wrote, plus the
 * earlier entries of files still there; written atomically, after the data
 * of every PDF is on disk (one syncfs for the batch instead of one fsync per
 * file). */
static int write_sums(batch *b, lf_diags *d)
{
    int rc = 0;
    for (size_t k = 0; k < b->nleaflets; k++) {
        char *dir = lf_xasprintf("%s/%s", b->o->out_dir, b->leaflets[k].id);
        char *sums = lf_xasprintf("%s/SHA256SUMS", dir);
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        /* Durable before SHA256SUMS claims it: the workers have exited, so
         * every PDF (data and rename) is in the page cache; one syncfs
         * writes the whole file system out. Where syncfs is refused, each
         * file of this run is fsynced, and the folder; a failure there
         * leaves SHA256SUMS as it was. */
        if (fd < 0 || syncfs(fd) != 0) {
            int bad = fd >= 0 && fsync(fd) != 0;
            for (size_t i = 0; i < b->njobs && !bad; i++) {
                if (b->jobs[i].leaflet != k || !b->digests[i])
                    continue;
                int ffd = open(b->jobs[i].path, O_RDONLY | O_CLOEXEC);
                bad = ffd < 0 || fsync(ffd) != 0;
                if (ffd >= 0)
                    close(ffd);
            }
            if (bad) {
                lf_error(d, (lf_pos){0}, "cannot make '%s' durable: %s; SHA256SUMS not updated",
                         dir, strerror(errno));
                rc = -1;
                if (fd >= 0)
                    close(fd);
                free(sums);
                free(dir);
                continue;
            }
        }
        /* new entries, sorted by name */
        lf_buf out = {0};
        size_t cap = b->njobs;
        const job **mine = lf_xcalloc(cap ? cap : 1, sizeof *mine);
        size_t n = 0;
        for (size_t i = 0; i < b->njobs; i++)
            if (b->jobs[i].leaflet == k && b->digests[i])
                mine[n++] = &b->jobs[i];
        /* old entries kept when the file is still there and not rewritten */
        FILE *old = fopen(sums, "r");
        char **keep = NULL;
        size_t nkeep = 0;
        if (old) {
            char line[1024];
            while (fgets(line, sizeof line, old)) {
                size_t ll = strlen(line);
                if (ll < 67 || line[64] != ' ' || line[65] != ' ' || line[ll - 1] != '\n')
                    continue;
                line[ll - 1] = '\0';
                const char *name = line + 66;
                if (strchr(name, '/') || name[0] == '.')
                    continue;
                int rewritten = 0;
                for (size_t i = 0; i < n; i++)
                    rewritten |= strcmp(mine[i]->name, name) == 0;
                char *p = lf_xasprintf("%s/%s", dir, name);
                struct stat st;
                if (!rewritten && lstat(p, &st) == 0 && S_ISREG(st.st_mode)) {
                    keep = lf_xrealloc(keep, (nkeep + 1) * sizeof *keep);
                    keep[nkeep++] = lf_xstrdup(line);
                }
                free(p);
            }
            fclose(old);
        }
        /* merge both lists by file name */
        size_t total = n + nkeep;
        char **lines = lf_xcalloc(total ? total : 1, sizeof *lines);
        for (size_t i = 0; i < n; i++)
            lines[i] = lf_xasprintf("%s  %s", b->digests[mine[i] - b->jobs], mine[i]->name);
        for (size_t i = 0; i < nkeep; i++)
            lines[n + i] = keep[i];
        for (size_t i = 1; i < total; i++)
            for (size_t j = i; j > 0 && strcmp(lines[j - 1] + 66, lines[j] + 66) > 0; j--) {
                char *t = lines[j];
                lines[j] = lines[j - 1];
                lines[j - 1] = t;
            }
        for (size_t i = 0; i < total; i++) {
            lf_buf_printf(&out, "%s\n", lines[i]);
            free(lines[i]);
        }
        free(lines);
        free(keep);
        free(mine);
        if (total && write_atomic(sums, out.s, out.len, 1, d) != 0)
            rc = -1;
        if (fd >= 0) {
            fsync(fd);
            close(fd);
        }
        lf_buf_free(&out);
        free(sums);
        free(dir);
    }
    return rc;
}

/* ---- --dump-text: what the reader must find in every PDF ----------------- */

static void dump_rich(const char *id, const char *where, lf_lang lang, const lf_rich *r)
{
    lf_rich t;
    lf_rich_copy(&t, r);
    lf_typo_apply(&t, lang);
    char *s = lf_rich_plain(&t);
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t')
            *p = ' ';
    printf("%s\t%s\t%s\t%s\n", id, where, lf_lang_code(lang), s);
    free(s);
    lf_rich_free(&t);
}

static void dump_items(const char *id, const char *where, const lf_layout_opts *lo,
                       const lf_item *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *w = lf_xasprintf("%s.%zu", where, i + 1);
        for (int k = 0; k < lo->nlangs; k++)
            dump_rich(id, w, lo->langs[k], &v[i].text.t[lo->langs[k]]);
        dump_items(id, w, lo, v[i].sub, v[i].nsub);
        free(w);
    }
}

/* One line per text and language: ID, block (title, subtitle, 1, 2, 2.1 for
 * a bullet...), language, the text as it must read in the PDF. */
static void dump_text(const batch *b)
{
    static const char *const kind[] = {"heading", "subheading", "para", "note", "bullets"};
    for (size_t k = 0; k < b->nleaflets; k++) {
        const lf_leaflet *l = &b->leaflets[k];
        const lf_layout_opts *lo = &b->lopts[k];
        for (int i = 0; i < lo->nlangs; i++)
            dump_rich(l->id, "title", lo->langs[i], &l->title.t[lo->langs[i]]);
        for (int i = 0; l->has_subtitle && i < lo->nlangs; i++)
            dump_rich(l->id, "subtitle", lo->langs[i], &l->subtitle.t[lo->langs[i]]);
        for (size_t n = 0; n < l->nblocks; n++) {
            const lf_block *bl = &l->blocks[n];
            char *w = lf_xasprintf("%zu:%s", n + 1, kind[bl->kind]);
            if (bl->kind == LF_BLK_BULLETS)
                dump_items(l->id, w, lo, bl->items, bl->nitems);
            else
                for (int i = 0; i < lo->nlangs; i++)
                    dump_rich(l->id, w, lo->langs[i], &bl->text.t[lo->langs[i]]);
            free(w);
        }
    }
}

/* ---- readability report and review dates (readab.c) --------------------- */

/* Today for the review-date check: SOURCE_DATE_EPOCH (when valid), else the clock. */
static long long today_epoch(void)
{
    long long v;
    return source_date_epoch(&v) > 0 ? v : (long long)time(NULL);
}

/* Warnings for every leaflet; a summary note per leaflet and language unless -q. */
static void readability_report(const batch *b, lf_diags *d)
{
    long long today = today_epoch();
    for (size_t k = 0; k < b->nleaflets; k++) {
        const lf_leaflet *l = &b->leaflets[k];
        lf_readab_review(l, today, d);
        for (int i = 0; i < l->nlangs; i++) {
            lf_readab_stats st;
            lf_readab_leaflet(l, l->langs[i], &st, d);
            if (!b->o->quiet) {
                char *s = lf_readab_summary(&st);
                lf_note(d, (lf_pos){l->file, 0, 0}, "%s", s);
                free(s);
            }
        }
    }
}

/* ---- --proof: PNG page images beside each PDF (pdftoppm) ------------------ */

static int have_program(const char *name)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        path = "/usr/bin:/bin";
    for (const char *p = path;;) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char *f = lf_xasprintf("%.*s/%s", (int)n, n ? p : ".", name);
        int ok = access(f, X_OK) == 0;
        free(f);
        if (ok)
            return 1;
        if (!e)
            return 0;
        p = e + 1;
    }
}

/* Does `name` look like STEM-<digits>.png? */
static int is_page_png(const char *name, const char *stem)
{
    size_t n = strlen(stem);
    if (strncmp(name, stem, n) != 0 || name[n] != '-')
        return 0;
    const char *p = name + n + 1;
    if (*p < '0' || *p > '9')
        return 0;
    while (*p >= '0' && *p <= '9')
        p++;
    return strcmp(p, ".png") == 0;
}

/* pdftoppm renders into a temporary folder beside the PDF (.proof-PID-XXXXXX,
 * see prepare_dir); the images then replace the earlier proofs of that PDF,
 * one rename each. */
static int proof_one(const char *pdf, lf_diags *d)
{
    int rc = -1;
    char *dir = lf_xstrdup(pdf), *slash = strrchr(dir, '/');
    const char *base = slash ? slash + 1 : pdf;
    if (slash)
        *slash = '\0';
    char *stem = lf_xstrndup(base, strlen(base) > 4 ? strlen(base) - 4 : strlen(base));
    /* named with our pid: a later run removes it if we are killed */
    char *tmp = lf_xasprintf("%s/.proof-%ld-XXXXXX", slash ? dir : ".", (long)getpid());
    if (!mkdtemp(tmp)) {
        lf_error(d, (lf_pos){0}, "cannot create a folder in '%s': %s", slash ? dir : ".",
                 strerror(errno));
        free(tmp);
        free(stem);
        free(dir);
        return -1;
    }
    char *prefix = lf_xasprintf("%s/p", tmp);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
        execlp("pdftoppm", "pdftoppm", "-r", "70", "-png", pdf, prefix, (char *)NULL);
        _exit(127);
    }
    int st = 0;
    if (pid < 0)
        lf_error(d, (lf_pos){0}, "fork: %s", strerror(errno));
    else
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
    DIR *dp = opendir(tmp);
    if (pid > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0 && dp) {
        /* remove the earlier proofs, then move the new ones in */
        const char *out = slash ? dir : ".";
        DIR *old = opendir(out);
        for (struct dirent *e; old && (e = readdir(old));)
            if (is_page_png(e->d_name, stem)) {
                char *f = lf_xasprintf("%s/%s", out, e->d_name);
                unlink(f);
                free(f);
            }
        if (old)
            closedir(old);
        rc = 0;
        for (struct dirent *e; (e = readdir(dp));) {
            if (!is_page_png(e->d_name, "p"))
                continue;
            char *from = lf_xasprintf("%s/%s", tmp, e->d_name);
            char *to = lf_xasprintf("%s/%s%s", out, stem, e->d_name + 1);
            if (rename(from, to) != 0) {
                lf_error(d, (lf_pos){0}, "cannot write '%s': %s", to, strerror(errno));
                rc = -1;
            }
            free(from);
            free(to);
        }
    } else if (pid > 0) {
        lf_error(d, (lf_pos){0}, "pdftoppm failed on '%s' (exit status %d)", pdf,
                 WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
    }
    if (dp) {
        rewinddir(dp);
        for (struct dirent *e; (e = readdir(dp));) /* whatever is left */
            if (e->d_name[0] != '.') {
                char *f = lf_xasprintf("%s/%s", tmp, e->d_name);
                unlink(f);
                free(f);
            }
        closedir(dp);
    }
    rmdir(tmp);
    free(prefix);
    free(tmp);
    free(stem);
    free(dir);
    return rc;
}

static int write_proofs(const batch *b, lf_diags *d)
{
    int rc = 0;
    for (size_t i = 0; i < b->njobs; i++)
        if (b->digests[i] && proof_one(b->jobs[i].path, d) != 0)
            rc = -1;
    return rc;
}

/* ---- the batch ---------------------------------------------------------- */

static void batch_free(batch *b)
{
    lf_diags_free(&b->hyph_diags);
    for (int l = 0; l < LF_NLANG; l++)
        lf_hyph_close(b->hyph[l]);
    lf_fonts_close(b->fonts);
    for (size_t i = 0; i < b->nleaflets; i++)
        lf_leaflet_free(&b->leaflets[i]);
    free(b->leaflets);
    if (b->have_dir)
        lf_directory_free(&b->dir);
    for (size_t i = 0; i < b->njobs; i++) {
        free(b->jobs[i].path);
        free(b->jobs[i].name);
        if (b->digests)
            free(b->digests[i]);
    }
    free(b->jobs);
    free(b->digests);
    free(b->lopts);
}

int lf_batch_run(const lf_batch_opts *o, char *const *files, size_t nfiles)
{
    batch b = {0};
    b.o = o;
    lf_diags d = {0};
    int rc = 1;
    install_signals();
    step_time(NULL);
    opener op;
    opener_start(&op);

    /* 1. load everything */
    if (o->staff_path) {
        if (lf_load_directory(o->staff_path, &b.dir, &d) == 0)
            b.have_dir = 1;
    }
    b.leaflets = lf_xcalloc(nfiles, sizeof *b.leaflets);
    b.lopts = lf_xcalloc(nfiles, sizeof *b.lopts);
    for (size_t i = 0; i < nfiles; i++) {
        if (lf_load_leaflet(files[i], &b.leaflets[b.nleaflets], &d) == 0) {
            for (size_t k = 0; k < b.nleaflets; k++)
                if (strcmp(b.leaflets[k].id, b.leaflets[b.nleaflets].id) == 0)
                    lf_error(&d, (lf_pos){files[i], 0, 0}, "leaflet `%s` is given twice",
                             b.leaflets[k].id);
            b.nleaflets++;
        }
    }
    if (d.nerrors)
        goto out;

    step_time("loaded");
    /* 2. validate across files */
    for (size_t i = 0; i < b.nleaflets; i++) {
        if (pick_langs(o, &b.leaflets[i], &b.lopts[i], &d) != 0)
            continue;
        if (b.have_dir)
            lf_check_staff_langs(&b.dir, &b.leaflets[i], &d);
        b.lopts[i].date = doc_date(&b.leaflets[i], &d);
    }
    if (d.nerrors)
        goto out;
    step_time("validated");
    opener_finish(&op, &b, &d);
    step_time("fonts-and-patterns");
    if (!b.fonts || check_fonts(&b, b.fonts, &d) != 0)
        goto out;
    if (plan(&b, &d) != 0)
        goto out;
    if (o->dump_text) {
        dump_text(&b);
        rc = 0;
        goto out;
    }
    readability_report(&b, &d);
    if (o->strict && d.nwarnings) {
        lf_error(&d, (lf_pos){0}, "--strict: %zu warning%s count%s as errors%s", d.nwarnings,
                 d.nwarnings == 1 ? "" : "s", d.nwarnings == 1 ? "s" : "",
                 o->check ? "" : "; nothing written");
        goto out;
    }
    if (o->proof && !o->check && !have_program("pdftoppm")) {
        lf_error(&d, (lf_pos){0}, "--proof needs pdftoppm (Debian package poppler-utils), "
                                  "which is not in PATH; nothing written");
        goto out;
    }
    if (o->check) {
        rc = 0;
        goto out;
    }

    /* 3. write */
    for (size_t i = 0; i < b.nleaflets; i++) {
        char *dir = lf_xasprintf("%s/%s", o->out_dir, b.leaflets[i].id);
        int e = mkdir_p(dir, &d);
        if (!e)
            e = prepare_dir(dir, &d);
        free(dir);
        if (e)
            goto out;
    }
    b.digests = lf_xcalloc(b.njobs ? b.njobs : 1, sizeof *b.digests);
    step_time("planned");
    int jobs_rc = run_jobs(&b, &d);
    step_time("written");
    int sums_rc = write_sums(&b, &d);
    step_time("synced");
    rc = jobs_rc == 0 && sums_rc == 0 && d.nerrors == 0 ? 0 : 1;
    if (rc == 0 && o->proof && write_proofs(&b, &d) != 0)
        rc = 1;
out:
    if (op.started) { /* left early: what the thread read is not needed */
        lf_diags dropped = {0};
        opener_finish(&op, &b, &dropped);
        lf_diags_free(&dropped);
    }
    lf_diags_print(&d, stderr, o->color);
    lf_diags_free(&d);
    batch_free(&b);
    return rc;
}
