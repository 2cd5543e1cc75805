/* readab: the readability report. Pure analysis of the document model: it
 * reads the plain text of the runs (the author's words; typography does not
 * change word or sentence counts) and reports through lf_warning, never
 * lf_error, so a leaflet is never refused for its style.
 *
 * Per leaflet and language it counts words, sentences and syllables in the
 * body (paragraphs, notes, bullets; headings and titles are not sentences),
 * and warns, at the run where the problem starts, about:
 *   - a sentence of more than LF_READAB_LONG words (patient-information
 *     guidance: 10-15 words, anything over 25 is flagged);
 *   - words in capitals: two or more all-capital words in a row, or one of
 *     LF_READAB_CAPS_LEN letters or more (acronyms such as CAR or CTLA-4 pass);
 *   - italics over more than LF_READAB_ITALIC words (a word or two, or a
 *     three-word name, is fine);
 *   - a review date that has passed (lf_readab_review).
 * The reading-ease score is Flesch's for English and Kandel & Moles' (its
 * French adaptation) for French:
 *   en: 206.835 - 1.015 * words/sentences - 84.6 * syllables/words
 *   fr: 207     - 1.015 * words/sentences - 73.6 * syllables/words */
#ifndef LF_READAB_H
#define LF_READAB_H

#include <stddef.h>
#include "model.h"

#define LF_READAB_LONG 25      /* words: a longer sentence is flagged */
#define LF_READAB_CAPS_LEN 6   /* letters: a lone all-capital word this long is flagged */
#define LF_READAB_ITALIC 3     /* words: a longer italic span is flagged */

typedef struct lf_readab_stats {
    lf_lang lang;
    size_t words, sentences, syllables; /* body text */
    size_t long_sentences;              /* over LF_READAB_LONG words */
    size_t longest;                     /* words in the longest sentence */
    lf_pos longest_pos;
    double mean;                        /* words per sentence (0 without sentences) */
    double score;                       /* reading ease (0 without words) */
    size_t warnings;                    /* warnings this analysis reported */
} lf_readab_stats;

/* Syllables in the word w[0..len) (UTF-8) by the heuristics of `lang`: vowel
 * groups, less a silent final e (and -es, -ed in English). At least 1 for a
 * word with a letter; a number counts one per digit, at most 4. */
int lf_readab_syllables(const char *w, size_t len, lf_lang lang);

/* Count the words and sentences of a plain UTF-8 text (a sentence ends at . ! ?
 * or … followed by a space or the end, but not after a known abbreviation
 * such as e.g. or M.; the end of the text ends a sentence). Returns the number
 * of sentences; stores the words in *words when not NULL. */
size_t lf_readab_count(const char *s, lf_lang lang, size_t *words);

/* The reading-ease score for those counts; its band name ("very easy", "easy",
 * "fairly easy", "standard", "fairly difficult", "difficult", "very difficult"). */
double lf_readab_score(lf_lang lang, size_t words, size_t sentences, size_t syllables);
const char *lf_readab_band(double score);
const char *lf_readab_formula(lf_lang lang); /* "Flesch", "Kandel–Moles" */

/* Analyse language `lang` of leaflet l: warnings go to d; *st is filled. */
void lf_readab_leaflet(const lf_leaflet *l, lf_lang lang, lf_readab_stats *st, lf_diags *d);

/* Warn at the review date when it is before `today` (seconds since the epoch,
 * UTC). Returns 1 when it warned, else 0 (also when there is no review date). */
int lf_readab_review(const lf_leaflet *l, long long today, lf_diags *d);

/* The summary line for st, without position or severity:
 * "fr: 412 words, 31 sentences, 13.3 words/sentence, Kandel–Moles 61 (standard)".
 * Caller frees. */
char *lf_readab_summary(const lf_readab_stats *st);

#endif
